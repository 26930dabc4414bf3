/* vsm-host-jobs.c
 *
 * The volume jobs (create, clone, resize, wipe, upload, download,
 * delete) as one model operation: libvirt has no volume events, so each
 * job re-reads the pools it touched when it ends — whatever the outcome,
 * since a failed or cancelled job may still have changed a volume. The
 * widgets no longer have to remember it.
 *
 * Copyright 2026 Virt Storage developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vsm-host"

#include "config.h"

#include "vsm-host-jobs.h"

/* The pools a job touched, by UUID: re-read when it ends if they are
 * still there. */
typedef struct
{
  char    *pool_uuid;
  char    *dst_pool_uuid;   /* clone: the pool of the copy */
  VsmPool *busy;            /* delete: the pool, busy meanwhile */
  guint64  bytes;           /* what a transfer moved */
} JobData;

static void
job_data_free (JobData *jd)
{
  g_free (jd->pool_uuid);
  g_free (jd->dst_pool_uuid);
  g_clear_object (&jd->busy);
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

static void
job_done_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  VsmHost *self = g_task_get_source_object (task);
  JobData *jd = g_task_get_task_data (task);
  VsmConnection *conn = VSM_CONNECTION (object);
  GError *error = NULL;
  gboolean ok = vsm_volume_job_finish (conn, result, &jd->bytes, &error);

  if (jd->busy != NULL)
    vsm_pool_set_busy (jd->busy, FALSE);
  if (vsm_connection_get_state (conn) == VSM_CONNECTION_STATE_CONNECTED)
    {
      refresh_if_known (self, jd->pool_uuid);
      if (g_strcmp0 (jd->dst_pool_uuid, jd->pool_uuid) != 0)
        refresh_if_known (self, jd->dst_pool_uuid);
    }
  if (!ok)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

/**
 * vsm_host_volume_job_async:
 * @job: what to do (see VsmVolumeJob); copied
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

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, vsm_host_volume_job_async);
  jd = g_new0 (JobData, 1);
  jd->pool_uuid = g_strdup (job->pool_uuid);
  jd->dst_pool_uuid = g_strdup (job->dst_pool_uuid);
  if (job->kind == VSM_VOLUME_JOB_DELETE && (jd->busy = vsm_host_find_pool (self, job->pool_uuid)) != NULL)
    vsm_pool_set_busy (g_object_ref (jd->busy), TRUE);
  g_task_set_task_data (task, jd, (GDestroyNotify) job_data_free);
  vsm_volume_job_async (vsm_host_get_connection (self), job, cancellable, job_done_cb, task);
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
