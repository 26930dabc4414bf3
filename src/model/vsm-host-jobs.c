/* vsm-host-jobs.c
 *
 * The volume jobs (create, clone, resize, wipe, upload, download) as
 * model operations: libvirt has no volume events, so each job re-reads
 * the pools it touched when it ends — whatever the outcome, since a
 * failed or cancelled job may still have changed a volume. The widgets
 * no longer have to remember it.
 *
 * Copyright 2026 Virt Storage developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vsm-host"

#include "config.h"

#include "vsm-host-jobs.h"

typedef struct
{
  VsmPool *pool;
  VsmPool *target;   /* clone: the pool of the copy */
} JobData;

static void
job_data_free (JobData *jd)
{
  g_clear_object (&jd->pool);
  g_clear_object (&jd->target);
  g_free (jd);
}

static void
job_done_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  VsmHost *self = g_task_get_source_object (task);
  JobData *jd = g_task_get_task_data (task);
  VsmConnection *conn = VSM_CONNECTION (object);
  gpointer tag = g_task_get_source_tag (G_TASK (result));
  GError *error = NULL;
  guint64 bytes = 0;
  gboolean ok;

  if (tag == vsm_volume_create_async)
    ok = vsm_volume_create_finish (conn, result, &error);
  else if (tag == vsm_volume_clone_async)
    ok = vsm_volume_clone_finish (conn, result, &error);
  else if (tag == vsm_volume_resize_async)
    ok = vsm_volume_resize_finish (conn, result, &error);
  else if (tag == vsm_volume_wipe_async)
    ok = vsm_volume_wipe_finish (conn, result, &error);
  else if (tag == vsm_volume_upload_async)
    ok = vsm_volume_upload_finish (conn, result, &bytes, &error);
  else if (tag == vsm_volume_download_async)
    ok = vsm_volume_download_finish (conn, result, &bytes, &error);
  else
    g_assert_not_reached ();

  if (vsm_connection_get_state (conn) == VSM_CONNECTION_STATE_CONNECTED)
    {
      vsm_host_refresh_pool (self, jd->pool);
      if (jd->target != NULL && jd->target != jd->pool)
        vsm_host_refresh_pool (self, jd->target);
    }
  if (!ok)
    g_task_return_error (task, error);
  else
    g_task_return_int (task, (gssize) MIN (bytes, (guint64) G_MAXSSIZE));
}

static GTask *
job_new (VsmHost             *self,
         VsmPool             *pool,
         VsmPool             *target,
         gpointer             source_tag,
         GCancellable        *cancellable,
         GAsyncReadyCallback  callback,
         gpointer             user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  JobData *jd = g_new0 (JobData, 1);

  g_task_set_source_tag (task, source_tag);
  jd->pool = g_object_ref (pool);
  jd->target = target ? g_object_ref (target) : NULL;
  g_task_set_task_data (task, jd, (GDestroyNotify) job_data_free);
  return task;
}

void
vsm_host_create_volume_async (VsmHost             *self,
                              VsmPool             *pool,
                              const VsmVolumeSpec *spec,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (VSM_IS_HOST (self));
  g_return_if_fail (VSM_IS_POOL (pool));

  task = job_new (self, pool, NULL, vsm_host_create_volume_async, cancellable, callback, user_data);
  vsm_volume_create_async (vsm_host_get_connection (self), vsm_pool_get_uuid (pool), spec, cancellable,
                           job_done_cb, task);
}

void
vsm_host_clone_volume_async (VsmHost             *self,
                             VsmPool             *pool,
                             const char          *name,
                             VsmPool             *target,
                             const VsmVolumeSpec *spec,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (VSM_IS_HOST (self));
  g_return_if_fail (VSM_IS_POOL (pool));
  g_return_if_fail (VSM_IS_POOL (target));

  task = job_new (self, pool, target, vsm_host_clone_volume_async, cancellable, callback, user_data);
  vsm_volume_clone_async (vsm_host_get_connection (self), vsm_pool_get_uuid (pool), name,
                          vsm_pool_get_uuid (target), spec, cancellable, job_done_cb, task);
}

void
vsm_host_resize_volume_async (VsmHost             *self,
                              VsmPool             *pool,
                              const char          *name,
                              guint64              capacity,
                              VsmResizeFlags       flags,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (VSM_IS_HOST (self));
  g_return_if_fail (VSM_IS_POOL (pool));

  task = job_new (self, pool, NULL, vsm_host_resize_volume_async, cancellable, callback, user_data);
  vsm_volume_resize_async (vsm_host_get_connection (self), vsm_pool_get_uuid (pool), name, capacity, flags,
                           cancellable, job_done_cb, task);
}

void
vsm_host_wipe_volume_async (VsmHost             *self,
                            VsmPool             *pool,
                            const char          *name,
                            VsmWipeAlgorithm     algorithm,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (VSM_IS_HOST (self));
  g_return_if_fail (VSM_IS_POOL (pool));

  task = job_new (self, pool, NULL, vsm_host_wipe_volume_async, cancellable, callback, user_data);
  vsm_volume_wipe_async (vsm_host_get_connection (self), vsm_pool_get_uuid (pool), name, algorithm,
                         cancellable, job_done_cb, task);
}

/**
 * vsm_host_transfer_volume_async:
 * @upload: TRUE: @local_path into the volume (overwriting it); FALSE: the
 *   volume into @local_path
 */
void
vsm_host_transfer_volume_async (VsmHost             *self,
                                VsmPool             *pool,
                                const char          *name,
                                gboolean             upload,
                                const char          *local_path,
                                gboolean             sparse,
                                VsmProgressFunc      progress,
                                gpointer             progress_data,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (VSM_IS_HOST (self));
  g_return_if_fail (VSM_IS_POOL (pool));

  task = job_new (self, pool, NULL, vsm_host_transfer_volume_async, cancellable, callback, user_data);
  if (upload)
    vsm_volume_upload_async (vsm_host_get_connection (self), vsm_pool_get_uuid (pool), name, local_path, sparse,
                             progress, progress_data, cancellable, job_done_cb, task);
  else
    vsm_volume_download_async (vsm_host_get_connection (self), vsm_pool_get_uuid (pool), name, local_path, sparse,
                               progress, progress_data, cancellable, job_done_cb, task);
}

gboolean
vsm_host_volume_job_finish (VsmHost       *self,
                            GAsyncResult  *result,
                            guint64       *bytes,
                            GError       **error)
{
  gssize n;

  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  n = g_task_propagate_int (G_TASK (result), error);
  if (n < 0)
    return FALSE;
  if (bytes != NULL)
    *bytes = (guint64) n;
  return TRUE;
}
