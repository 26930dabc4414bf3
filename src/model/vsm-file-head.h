/* vsm-file-head.h
 *
 * What is read of a local file to tell what it is (its size, what it
 * takes on disk, its first bytes for vsm_file_kind_detect()), in a
 * worker: New Volume from File's plan and Attach Storage's image format.
 *
 * Copyright 2026 Virt Storage developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef struct
{
  guint64  size;
  guint64  allocated;
  guint8  *head;       /* its first bytes (VSM_UPLOAD_HEAD_SIZE at most) */
  gsize    head_len;
} VsmFileHead;

void         vsm_file_head_read_async  (GFile               *file,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data);
/* GIO's message names the file; a file that is not a regular one fails */
VsmFileHead *vsm_file_head_read_finish (GAsyncResult        *result,
                                        GError             **error);
void         vsm_file_head_free        (VsmFileHead         *fh);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (VsmFileHead, vsm_file_head_free)

G_END_DECLS
