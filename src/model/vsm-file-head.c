/* vsm-file-head.c
 *
 * Copyright 2026 Virt Storage developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vsm-file-head"

#include "config.h"

#include <glib/gi18n.h>

#include "vsm-file-head.h"
#include "vsm-upload.h"

void
vsm_file_head_free (VsmFileHead *fh)
{
  if (fh == NULL)
    return;
  g_free (fh->head);
  g_free (fh);
}

/* In a worker: a regular file's size and first bytes. */
static void
read_head_thread (GTask        *task,
                  gpointer      source_object,
                  gpointer      task_data,
                  GCancellable *cancellable)
{
  GFile *file = task_data;
  g_autoptr(GFileInfo) info = NULL;
  g_autoptr(GFileInputStream) stream = NULL;
  GError *error = NULL;
  VsmFileHead *fh;

  info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_TYPE "," G_FILE_ATTRIBUTE_STANDARD_SIZE ","
                            G_FILE_ATTRIBUTE_STANDARD_ALLOCATED_SIZE,
                            G_FILE_QUERY_INFO_NONE, cancellable, &error);
  if (info != NULL && g_file_info_get_file_type (info) != G_FILE_TYPE_REGULAR)
    error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_NOT_REGULAR_FILE, _("Not a regular file"));
  if (error == NULL)
    stream = g_file_read (file, cancellable, &error);
  if (error != NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  fh = g_new0 (VsmFileHead, 1);
  fh->size = g_file_info_get_size (info);
  fh->allocated = g_file_info_get_attribute_uint64 (info, G_FILE_ATTRIBUTE_STANDARD_ALLOCATED_SIZE);
  fh->head = g_malloc0 (VSM_UPLOAD_HEAD_SIZE);
  if (!g_input_stream_read_all (G_INPUT_STREAM (stream), fh->head, VSM_UPLOAD_HEAD_SIZE, &fh->head_len,
                                cancellable, &error))
    {
      vsm_file_head_free (fh);
      g_task_return_error (task, error);
      return;
    }
  g_task_return_pointer (task, fh, (GDestroyNotify) vsm_file_head_free);
}

/**
 * vsm_file_head_read_async:
 *
 * Reads @file's size and first bytes on a worker thread: the main thread
 * never waits for a disk (or a network file system).
 */
void
vsm_file_head_read_async (GFile               *file,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);

  g_task_set_source_tag (task, vsm_file_head_read_async);
  g_task_set_task_data (task, g_object_ref (file), g_object_unref);
  g_task_run_in_thread (task, read_head_thread);
}

VsmFileHead *
vsm_file_head_read_finish (GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
