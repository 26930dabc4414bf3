/* vsm-host-jobs.c
 *
 * The volume jobs (create, clone, resize, wipe, upload, download,
 * delete) as one model operation: libvirt has no volume events, so each
 * job re-reads the pools it touched when it ends — whatever the outcome,
 * since a failed or cancelled job may still have changed a volume. The
 * widgets no longer have to remember it.
 *
 * A wipe of a volume whose format has a header (qcow2…) makes it again
 * afterwards, empty, with its format and capacity: libvirt's vol-wipe
 * overwrites the header too, leaving zeros that are no volume of that
 * format, which is not what Wipe promises.
 *
 * An upload with a spec goes into a new volume (New Volume from File):
 * the file is checked against the spec and the pool's room first, before
 * anything reaches libvirt; then the volume is created and the file
 * uploaded into it; when the upload fails or is cancelled, the volume
 * made for it is deleted and the error says so.
 *
 * Copyright 2026 Virt Storage developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vsm-host"

#include "config.h"

#include <glib/gi18n.h>

#include "vsm-error.h"
#include "vsm-host-jobs.h"
#include "vsm-task.h"
#include "vsm-upload.h"

/* Which volume job has just ended: the job asked for, or a step of an
 * upload into a new volume. */
typedef enum
{
  STEP_JOB,
  STEP_CREATE,
  STEP_UPLOAD,
  STEP_ROLL_BACK,
  STEP_WIPE,            /* a volume with a header: wiped, then made again */
  STEP_REMAKE_DELETE,
  STEP_REMAKE_CREATE,
} Step;

/* The pools a job touched, by UUID: re-read when it ends if they are
 * still there. */
typedef struct
{
  Step     step;
  char    *pool_uuid;
  char    *dst_pool_uuid;   /* clone: the pool of the copy */
  VsmPool *busy;            /* delete: the pool, busy meanwhile */
  guint64  bytes;           /* what a transfer moved */

  /* upload into a new volume */
  VsmVolumeSpec   *spec;
  char            *local_path;
  gboolean         sparse;
  VsmProgressFunc  progress;
  gpointer         progress_data;
  GError          *upload_error;  /* kept while the new volume is deleted */
} JobData;

static void
job_data_free (JobData *jd)
{
  g_free (jd->pool_uuid);
  g_free (jd->dst_pool_uuid);
  g_clear_object (&jd->busy);
  g_clear_pointer (&jd->spec, vsm_volume_spec_free);
  g_free (jd->local_path);
  g_clear_error (&jd->upload_error);
  g_free (jd);
}

static void
refresh_if_known (VsmHost    *self,
                  const char *uuid)
{
  VsmPool *pool = uuid != NULL ? vsm_host_find_pool (self, uuid) : NULL;

  if (pool != NULL)
    vsm_host_refresh_pool (self, pool);
}

/* Re-reads the pools the job touched and returns @error (taken), or
 * success. */
static void
job_return (GTask  *task,
            GError *error)
{
  VsmHost *self = g_task_get_source_object (task);
  JobData *jd = g_task_get_task_data (task);
  VsmConnection *conn = vsm_host_get_connection (self);

  if (jd->busy != NULL)
    vsm_pool_set_busy (jd->busy, FALSE);
  if (vsm_connection_get_state (conn) == VSM_CONNECTION_STATE_CONNECTED)
    {
      refresh_if_known (self, jd->pool_uuid);
      if (g_strcmp0 (jd->dst_pool_uuid, jd->pool_uuid) != 0)
        refresh_if_known (self, jd->dst_pool_uuid);
    }
  vsm_task_return_error_or_true (task, error);
}

/* ------------------------------------------------------------------ */
/* Upload into a new volume                                            */

/* The upload's own error (a cancel stays a cancel, unless a volume was
 * left behind), saying what became of the new volume: @delete_error is
 * NULL when it was deleted. */
static GError *
rolled_back_error (JobData *jd,
                   GError  *delete_error)
{
  g_autoptr(GError) upload_error = g_steal_pointer (&jd->upload_error);
  gboolean cancelled = g_error_matches (upload_error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  const char *name = jd->spec->name;

  if (delete_error == NULL)
    return cancelled
      ? g_error_new (G_IO_ERROR, G_IO_ERROR_CANCELLED,
                     _("Upload cancelled; the new volume “%s” was deleted"), name)
      : g_error_new (upload_error->domain, upload_error->code,
                     _("%s — the new volume “%s” was deleted"), upload_error->message, name);
  if (cancelled)
    /* not a cancel any more: a volume was left behind */
    return g_error_new (delete_error->domain, delete_error->code,
                        _("Upload cancelled, but the new volume “%s” could not be deleted: %s"),
                        name, delete_error->message);
  return g_error_new (upload_error->domain, upload_error->code,
                      _("%s — and the new volume “%s” could not be deleted: %s"),
                      upload_error->message, name, delete_error->message);
}

/* Every volume job of the model ends here; jd->step says which one it
 * was, and an upload into a new volume goes on from it: create, upload,
 * and delete again when the upload failed. */
static void
volume_job_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  JobData *jd = g_task_get_task_data (task);
  GCancellable *cancellable = g_task_get_cancellable (task);
  VsmVolumeJob next;
  g_autoptr(GError) error = NULL;
  gboolean ok;

  ok = vsm_volume_job_finish (VSM_CONNECTION (object), result,
                              jd->step == STEP_JOB || jd->step == STEP_UPLOAD ? &jd->bytes : NULL, &error);
  switch (jd->step)
    {
    case STEP_CREATE:
      /* a create that failed made nothing to delete (and must not delete
       * a volume of that name that was already there) */
      if (!ok)
        break;
      next = (VsmVolumeJob) { .kind = VSM_VOLUME_JOB_UPLOAD, .pool_uuid = jd->pool_uuid,
                              .name = jd->spec->name, .local_path = jd->local_path,
                              .sparse = jd->sparse, .progress = jd->progress,
                              .progress_data = jd->progress_data };
      jd->step = STEP_UPLOAD;
      vsm_volume_job_async (VSM_CONNECTION (object), &next, cancellable, volume_job_cb, g_steal_pointer (&task));
      return;
    case STEP_UPLOAD:
      if (ok)
        break;
      /* roll back; not cancellable: a cancelled upload must not leave it */
      jd->upload_error = g_steal_pointer (&error);
      next = (VsmVolumeJob) { .kind = VSM_VOLUME_JOB_DELETE, .pool_uuid = jd->pool_uuid,
                              .name = jd->spec->name };
      jd->step = STEP_ROLL_BACK;
      vsm_volume_job_async (VSM_CONNECTION (object), &next, NULL, volume_job_cb, g_steal_pointer (&task));
      return;
    case STEP_ROLL_BACK:
      job_return (task, rolled_back_error (jd, error));
      return;
    case STEP_WIPE:
      if (!ok)
        break;
      /* not cancellable from here: a half-made volume must not be left */
      next = (VsmVolumeJob) { .kind = VSM_VOLUME_JOB_DELETE, .pool_uuid = jd->pool_uuid, .name = jd->spec->name };
      jd->step = STEP_REMAKE_DELETE;
      vsm_volume_job_async (VSM_CONNECTION (object), &next, NULL, volume_job_cb, g_steal_pointer (&task));
      return;
    case STEP_REMAKE_DELETE:
      if (!ok)
        {
          g_prefix_error (&error, _("“%s” was wiped, but could not be made again as an empty %s volume: "),
                          jd->spec->name, jd->spec->format);
          break;
        }
      next = (VsmVolumeJob) { .kind = VSM_VOLUME_JOB_CREATE, .pool_uuid = jd->pool_uuid, .spec = jd->spec };
      jd->step = STEP_REMAKE_CREATE;
      vsm_volume_job_async (VSM_CONNECTION (object), &next, NULL, volume_job_cb, g_steal_pointer (&task));
      return;
    case STEP_REMAKE_CREATE:
      if (!ok)
        g_prefix_error (&error, _("“%s” was wiped and deleted, but could not be made again as an empty %s volume: "),
                        jd->spec->name, jd->spec->format);
      break;
    case STEP_JOB:
    default:
      break;
    }
  job_return (task, g_steal_pointer (&error));
}

/* The file as it is now against the spec made from it, and the pool's
 * room: refused here, nothing reaches libvirt. */
static void
file_checked_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  VsmHost *self = g_task_get_source_object (task);
  JobData *jd = g_task_get_task_data (task);
  g_autoptr(GFileInfo) info = NULL;
  GError *error = NULL;
  VsmPool *pool;
  guint64 size;

  /* GIO's message names the file */
  info = g_file_query_info_finish (G_FILE (object), result, &error);
  if (info == NULL)
    {
      job_return (task, error);
      return;
    }
  size = g_file_info_get_size (info);
  pool = vsm_host_find_pool (self, jd->pool_uuid);
  if (size != jd->spec->capacity)
    {
      g_autofree char *now = g_format_size_full (size, G_FORMAT_SIZE_IEC_UNITS | G_FORMAT_SIZE_LONG_FORMAT);
      error = g_error_new (VSM_ERROR, VSM_ERROR_INVALID_INPUT,
                           _("“%s” changed since it was chosen (it now holds %s): choose it again"),
                           jd->local_path, now);
    }
  else if (pool == NULL)
    error = g_error_new_literal (VSM_ERROR, VSM_ERROR_NOT_FOUND, _("The pool is no longer there"));
  else
    {
      guint64 allocated = g_file_info_get_attribute_uint64 (info, G_FILE_ATTRIBUTE_STANDARD_ALLOCATED_SIZE);
      guint64 needed = vsm_upload_space_needed (vsm_pool_get_pool_type (pool), size, allocated);

      vsm_upload_check_room (size, needed, vsm_pool_get_capacity (pool), vsm_pool_get_available (pool),
                             vsm_pool_get_over_capacity (pool), &error);
    }
  if (error != NULL)
    {
      job_return (task, error);
      return;
    }
  /* not cancellable: a cancel that came while libvirt created the
   * volume would end the create in an error and leave the volume; the
   * upload that follows stops at once, and the volume goes again */
  jd->step = STEP_CREATE;
  vsm_volume_job_async (vsm_host_get_connection (self),
                        &(VsmVolumeJob) { .kind = VSM_VOLUME_JOB_CREATE, .pool_uuid = jd->pool_uuid,
                                          .spec = jd->spec },
                        NULL, volume_job_cb, g_steal_pointer (&task));
}

/**
 * vsm_host_volume_job_async:
 * @job: what to do (see VsmVolumeJob); copied. An upload with a @spec
 *   goes into a new volume made from it (see the file's comment).
 *
 * Runs @job, then re-reads the pools it touched (a delete marks its pool
 * busy meanwhile). Finish with
 * vsm_host_volume_job_finish().
 */
void
vsm_host_volume_job_async (VsmHost             *self,
                           const VsmVolumeJob  *job,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  GTask *task;
  JobData *jd;

  g_return_if_fail (VSM_IS_HOST (self));
  g_return_if_fail (job != NULL && job->pool_uuid != NULL);
  g_return_if_fail (job->kind != VSM_VOLUME_JOB_UPLOAD || job->spec == NULL || job->local_path != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, vsm_host_volume_job_async);
  jd = g_new0 (JobData, 1);
  jd->pool_uuid = g_strdup (job->pool_uuid);
  jd->dst_pool_uuid = g_strdup (job->dst_pool_uuid);
  if (job->kind == VSM_VOLUME_JOB_DELETE && (jd->busy = vsm_host_find_pool (self, job->pool_uuid)) != NULL)
    vsm_pool_set_busy (g_object_ref (jd->busy), TRUE);
  g_task_set_task_data (task, jd, (GDestroyNotify) job_data_free);

  if (job->kind == VSM_VOLUME_JOB_UPLOAD && job->spec != NULL)
    {
      g_autoptr(GFile) file = g_file_new_for_path (job->local_path);

      jd->spec = vsm_volume_spec_copy (job->spec);
      jd->local_path = g_strdup (job->local_path);
      jd->sparse = job->sparse;
      jd->progress = job->progress;
      jd->progress_data = job->progress_data;
      /* a cancel ends with the rollback's word, not GTask's plain one */
      g_task_set_check_cancellable (task, FALSE);
      g_file_query_info_async (file, G_FILE_ATTRIBUTE_STANDARD_SIZE "," G_FILE_ATTRIBUTE_STANDARD_ALLOCATED_SIZE,
                               G_FILE_QUERY_INFO_NONE, G_PRIORITY_DEFAULT, cancellable, file_checked_cb, task);
      return;
    }
  if (job->kind == VSM_VOLUME_JOB_WIPE)
    {
      VsmPool *pool = vsm_host_find_pool (self, job->pool_uuid);
      VsmVolume *vol = pool != NULL ? vsm_keyed_list_lookup (vsm_pool_get_volumes (pool), job->name) : NULL;

      if (vol != NULL && vsm_volume_format_has_metadata (vsm_volume_get_format (vol)))
        {
          jd->spec = vsm_volume_spec_new ();
          jd->spec->name = g_strdup (job->name);
          jd->spec->format = g_strdup (vsm_volume_get_format (vol));
          jd->spec->capacity = vsm_volume_get_capacity (vol);
          jd->step = STEP_WIPE;
        }
    }
  vsm_volume_job_async (vsm_host_get_connection (self), job, cancellable, volume_job_cb, task);
}

gboolean
vsm_host_volume_job_finish (VsmHost       *self,
                            GAsyncResult  *result,
                            guint64       *bytes,
                            GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  if (!g_task_propagate_boolean (G_TASK (result), error))
    return FALSE;
  if (bytes != NULL)
    *bytes = ((JobData *) g_task_get_task_data (G_TASK (result)))->bytes;
  return TRUE;
}

/* ------------------------------------------------------------------ */
/* Delete Storage of a pool that still holds volumes                   */

typedef struct
{
  VsmPool   *pool;
  GPtrArray *names;    /* the volumes listed when it started */
  guint      next;
} EmptyData;

static void
empty_data_free (EmptyData *ed)
{
  g_clear_object (&ed->pool);
  g_ptr_array_unref (ed->names);
  g_free (ed);
}

static void delete_next_volume (GTask *task);

static void
storage_deleted_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  EmptyData *ed = g_task_get_task_data (task);
  GError *error = NULL;

  /* the volumes are gone all the same: a failure says so before libvirt's cause */
  if (!vsm_host_pool_action_finish (VSM_HOST (object), result, &error))
    g_prefix_error (&error, ngettext ("The volume was deleted, but the storage could not be: ",
                                      "All %u volumes were deleted, but the storage could not be: ",
                                      ed->names->len), ed->names->len);
  vsm_task_return_error_or_true (task, error);
}

static void
volume_deleted_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  EmptyData *ed = g_task_get_task_data (task);
  GError *error = NULL;

  if (!vsm_host_volume_job_finish (VSM_HOST (object), result, NULL, &error))
    {
      /* what was deleted is gone: say how far it got, libvirt's cause after */
      g_prefix_error (&error, ngettext ("%u volume of %u was deleted; the storage was kept: ",
                                        "%u volumes of %u were deleted; the storage was kept: ",
                                        ed->next - 1), ed->next - 1, ed->names->len);
      g_task_return_error (task, error);
      return;
    }
  delete_next_volume (g_steal_pointer (&task));
}

static void
delete_next_volume (GTask *task)
{
  VsmHost *self = g_task_get_source_object (task);
  EmptyData *ed = g_task_get_task_data (task);

  if (ed->next < ed->names->len)
    {
      VsmVolumeJob job = { .kind = VSM_VOLUME_JOB_DELETE, .pool_uuid = vsm_pool_get_uuid (ed->pool),
                           .name = g_ptr_array_index (ed->names, ed->next++) };

      vsm_host_volume_job_async (self, &job, g_task_get_cancellable (task), volume_deleted_cb, task);
      return;
    }
  /* empty now: the pool is stopped if it runs, then its storage goes */
  vsm_host_pool_action_async (self, ed->pool, VSM_POOL_ACTION_DELETE, g_task_get_cancellable (task),
                              storage_deleted_cb, task);
}

/**
 * vsm_host_empty_and_delete_pool_async:
 * @names: the volumes to delete first: those the user was shown (one that
 *   appeared since is not deleted, and libvirt then refuses the storage)
 *
 * Delete Storage of a pool whose storage libvirt deletes only empty (a
 * directory): the volumes are deleted first, one by one, then the pool
 * is stopped if it runs and its storage deleted. A failed volume deletion
 * stops it there, saying how many went; the storage is kept. Finish with
 * vsm_host_pool_action_finish().
 */
void
vsm_host_empty_and_delete_pool_async (VsmHost             *self,
                                      VsmPool             *pool,
                                      const char * const  *names,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  GTask *task;
  EmptyData *ed;

  g_return_if_fail (VSM_IS_HOST (self));
  g_return_if_fail (VSM_IS_POOL (pool));
  g_return_if_fail (names != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, vsm_host_pool_action_async);
  ed = g_new0 (EmptyData, 1);
  ed->pool = g_object_ref (pool);
  ed->names = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; names[i] != NULL; i++)
    g_ptr_array_add (ed->names, g_strdup (names[i]));
  g_task_set_task_data (task, ed, (GDestroyNotify) empty_data_free);
  delete_next_volume (task);
}
