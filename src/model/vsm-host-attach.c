/* vsm-host-attach.c
 *
 * Attaching storage to a machine as one model operation: for a new
 * volume, create it first; attach the disk; when the attach fails, delete
 * the volume made for it again, so that no half-made result stays behind
 * (a cancelled attach may still reach the guest: its volume is kept).
 * The pools and the "used by" index are re-read afterwards. Detach and
 * media changes go through here too, for the same re-read.
 *
 * Copyright 2026 Virt Storage developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vsm-host"

#include "config.h"

#include <string.h>

#include "vsm-host-attach.h"
#include "vsm-host-private.h"
#include "vsm-host-jobs.h"
#include "vsm-pool-type.h"
#include "vsm-task.h"
#include "vsm-volume.h"
#include "vsm-volume-ops.h"

typedef struct
{
  VsmDomain        *domain;
  VsmDiskSpec      *spec;
  VsmAttachFlags    flags;
  VsmPool          *pool;          /* new volume: its pool */
  VsmVolumeSpec    *vspec;         /* new volume, or NULL */
  gboolean          created;
  GError           *attach_error;  /* kept while the new volume is deleted */
  VsmAttachFailure  failure;
} AttachData;

static void
attach_data_free (AttachData *ad)
{
  g_clear_object (&ad->domain);
  g_clear_pointer (&ad->spec, vsm_disk_spec_free);
  g_clear_object (&ad->pool);
  g_clear_pointer (&ad->vspec, vsm_volume_spec_free);
  g_clear_error (&ad->attach_error);
  vsm_attach_failure_clear (&ad->failure);
  g_free (ad);
}

void
vsm_attach_failure_clear (VsmAttachFailure *failure)
{
  g_clear_pointer (&failure->volume, g_free);
  g_clear_error (&failure->remove_error);
  failure->volume_removed = FALSE;
  failure->stage = VSM_ATTACH_STAGE_CREATE;
}

static void
volume_deleted_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  AttachData *ad = g_task_get_task_data (task);

  ad->failure.volume_removed = vsm_host_volume_job_finish (VSM_HOST (object), result, NULL,
                                                           &ad->failure.remove_error);
  g_task_return_error (task, g_steal_pointer (&ad->attach_error));
}

static void
attached_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  VsmHost *self = g_task_get_source_object (task);
  AttachData *ad = g_task_get_task_data (task);
  GError *error = NULL;
  VsmAttachResult r = vsm_domain_change_disk_finish (VSM_CONNECTION (object), result, &error);

  vsm_host_reload (self);
  if (error == NULL)
    {
      g_task_return_int (task, r);
      return;
    }
  ad->failure.stage = VSM_ATTACH_STAGE_ATTACH;
  if (ad->created && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      /* not cancellable: closing the dialog must not skip it */
      ad->attach_error = error;
      vsm_host_volume_job_async (self, &(VsmVolumeJob) { .kind = VSM_VOLUME_JOB_DELETE,
                                                         .pool_uuid = vsm_pool_get_uuid (ad->pool),
                                                         .name = ad->vspec->name },
                                 NULL, volume_deleted_cb, g_steal_pointer (&task));
      return;
    }
  g_task_return_error (task, error);
}

static void
attach (GTask *task)
{
  VsmHost *self = g_task_get_source_object (task);
  AttachData *ad = g_task_get_task_data (task);

  vsm_domain_change_disk_async (vsm_host_get_connection (self),
                                &(VsmDiskChange) { .kind = VSM_DISK_CHANGE_ATTACH,
                                                   .domain_uuid = vsm_domain_get_uuid (ad->domain),
                                                   .disk = ad->spec, .flags = ad->flags },
                                g_task_get_cancellable (task), attached_cb, task);
}

static void
volume_created_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  GTask *task = user_data;
  VsmHost *self = g_task_get_source_object (task);
  AttachData *ad = g_task_get_task_data (task);
  GError *error = NULL;

  if (!vsm_host_volume_job_finish (self, result, NULL, &error))
    {
      ad->failure.stage = VSM_ATTACH_STAGE_CREATE;
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }
  ad->created = TRUE;
  ad->failure.volume = g_strdup (ad->vspec->name);
  attach (task);
}

/**
 * vsm_host_attach_async:
 * @new_pool: (nullable): where to create @new_volume
 * @new_volume: (nullable): a volume to create first; @spec names it
 *
 * Attaches @spec to @domain; see the file's comment for the new volume.
 */
void
vsm_host_attach_async (VsmHost             *self,
                       VsmDomain           *domain,
                       const VsmDiskSpec   *spec,
                       VsmAttachFlags       flags,
                       VsmPool             *new_pool,
                       const VsmVolumeSpec *new_volume,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  GTask *task;
  AttachData *ad;

  g_return_if_fail (VSM_IS_HOST (self));
  g_return_if_fail (VSM_IS_DOMAIN (domain));
  g_return_if_fail (spec != NULL);
  g_return_if_fail ((new_pool == NULL) == (new_volume == NULL));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, vsm_host_attach_async);
  ad = g_new0 (AttachData, 1);
  ad->domain = g_object_ref (domain);
  ad->spec = vsm_disk_spec_copy (spec);
  ad->flags = flags;
  g_task_set_task_data (task, ad, (GDestroyNotify) attach_data_free);

  if (new_volume == NULL)
    {
      attach (task);
      return;
    }
  ad->pool = g_object_ref (new_pool);
  ad->vspec = vsm_volume_spec_copy (new_volume);
  vsm_host_volume_job_async (self, &(VsmVolumeJob) { .kind = VSM_VOLUME_JOB_CREATE,
                                                     .pool_uuid = vsm_pool_get_uuid (new_pool),
                                                     .spec = new_volume },
                             cancellable, volume_created_cb, task);
}

/**
 * vsm_host_attach_finish:
 * @failure: (out caller-allocates) (optional): on failure, what failed
 *   and what became of the new volume; clear with
 *   vsm_attach_failure_clear()
 *
 * Returns: the attach result, or %VSM_ATTACH_RESULT_FAILED with @error
 */
VsmAttachResult
vsm_host_attach_finish (VsmHost           *self,
                        GAsyncResult      *result,
                        VsmAttachFailure  *failure,
                        GError           **error)
{
  AttachData *ad;
  gssize r;

  g_return_val_if_fail (g_task_is_valid (result, self), VSM_ATTACH_RESULT_FAILED);

  ad = g_task_get_task_data (G_TASK (result));
  r = g_task_propagate_int (G_TASK (result), error);
  if (r < 0 && failure != NULL)
    {
      *failure = ad->failure;
      memset (&ad->failure, 0, sizeof ad->failure);
    }
  return r < 0 ? VSM_ATTACH_RESULT_FAILED : (VsmAttachResult) r;
}

/* ------------------------------------------------------------------ */
/* What can be attached                                                */

void
vsm_volume_choice_free (VsmVolumeChoice *c)
{
  g_free (c->pool);
  g_free (c->volume);
  g_free (c->path);
  g_free (c->format);
  g_free (c);
}

char *
vsm_volume_choice_label (const VsmVolumeChoice *c)
{
  return g_strdup_printf ("%s (%s)", c->volume, c->pool);
}

static VsmVolumeChoice *
choice_new (VsmPool    *pool,
            VsmVolume  *vol,
            const char *format)
{
  VsmVolumeChoice *c = g_new0 (VsmVolumeChoice, 1);

  c->pool = g_strdup (vsm_pool_get_name (pool));
  c->volume = g_strdup (vsm_volume_get_name (vol));
  c->path = g_strdup (vsm_volume_get_path (vol));
  c->format = g_strdup (format);
  return c;
}

/* By volume name, then pool: libvirt's own order is arbitrary. */
static int
choice_cmp (gconstpointer a,
            gconstpointer b)
{
  const VsmVolumeChoice *x = *(VsmVolumeChoice * const *) a;
  const VsmVolumeChoice *y = *(VsmVolumeChoice * const *) b;
  int r = g_utf8_collate (x->volume, y->volume);

  return r != 0 ? r : g_utf8_collate (x->pool, y->pool);
}

/**
 * vsm_host_collect_attach_choices:
 * @volumes: (element-type VsmVolumeChoice): gets every listed volume
 * @isos: (element-type VsmVolumeChoice): gets the ISO images among them
 *   (with a path), as raw
 * @pools: (element-type VsmPool): gets the active pools that take new
 *   volumes
 *
 * What the Attach dialog offers, from the volumes the model has listed;
 * the choices sorted by volume name, then pool.
 */
void
vsm_host_collect_attach_choices (VsmHost   *self,
                                 GPtrArray *volumes,
                                 GPtrArray *isos,
                                 GPtrArray *pools)
{
  VsmKeyedList *all;

  g_return_if_fail (VSM_IS_HOST (self));

  all = vsm_host_get_pools (self);
  for (guint i = 0; i < vsm_keyed_list_get_n_items (all); i++)
    {
      VsmPool *pool = vsm_keyed_list_get (all, i);
      VsmKeyedList *list = vsm_pool_get_volumes (pool);

      if (vsm_pool_get_active (pool) && vsm_pool_type_can_create_volumes (vsm_pool_get_pool_type (pool)))
        g_ptr_array_add (pools, g_object_ref (pool));
      for (guint j = 0; j < vsm_keyed_list_get_n_items (list); j++)
        {
          VsmVolume *vol = vsm_keyed_list_get (list, j);
          gboolean iso = g_strcmp0 (vsm_volume_get_format (vol), "iso") == 0 ||
                         g_str_has_suffix (vsm_volume_get_name (vol), ".iso");

          g_ptr_array_add (volumes, choice_new (pool, vol, iso ? "raw" : vsm_volume_get_format (vol)));
          if (iso && vsm_volume_get_path (vol) != NULL)
            g_ptr_array_add (isos, choice_new (pool, vol, "raw"));
        }
    }
  g_ptr_array_sort (volumes, choice_cmp);
  g_ptr_array_sort (isos, choice_cmp);
}

/* ------------------------------------------------------------------ */
/* Detach and media changes                                            */

static void
disk_changed_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  VsmDiskChangeKind kind = GPOINTER_TO_INT (g_task_get_task_data (task));
  GError *error = NULL;
  int r = vsm_domain_change_disk_finish (VSM_CONNECTION (object), result, &error);

  /* an eject that NEEDS_UNPLUG changed nothing: the caller asks first */
  if (kind != VSM_DISK_CHANGE_MEDIA || r != VSM_MEDIA_RESULT_NEEDS_UNPLUG)
    vsm_host_reload (g_task_get_source_object (task));
  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_int (task, r);
}

/**
 * vsm_host_change_disk_async:
 * @change: a detach or a media change (see VsmDiskChange; attach with
 *   vsm_host_attach_async()); copied
 *
 * The service's disk change, then the models re-read (the *used by*
 * index follows the domain's disks).
 */
void
vsm_host_change_disk_async (VsmHost             *self,
                            const VsmDiskChange *change,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (VSM_IS_HOST (self));
  g_return_if_fail (change->kind != VSM_DISK_CHANGE_ATTACH);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, vsm_host_change_disk_async);
  g_task_set_task_data (task, GINT_TO_POINTER (change->kind), NULL);
  vsm_domain_change_disk_async (vsm_host_get_connection (self), change, cancellable, disk_changed_cb, task);
}

/* Returns: what vsm_domain_change_disk_finish() returns */
int
vsm_host_change_disk_finish (VsmHost       *self,
                             GAsyncResult  *result,
                             GError       **error)
{
  gssize r;

  g_return_val_if_fail (g_task_is_valid (result, self), VSM_ATTACH_RESULT_FAILED);
  r = g_task_propagate_int (G_TASK (result), error);
  return r < 0 ? VSM_ATTACH_RESULT_FAILED : (int) r;
}

/* ------------------------------------------------------------------ */
/* Power                                                               */

static void
powered_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  /* whatever happened, the domains are read again (their states) */
  _vsm_host_list_domains (g_task_get_source_object (task));
  vsm_domain_power_finish (VSM_CONNECTION (object), result, &error);
  vsm_task_return_error_or_true (task, error);
}

/**
 * vsm_host_domain_power_async:
 *
 * Starts, shuts down or forces off @domain (virsh start, shutdown,
 * destroy), then re-reads the domains. A shut-down only asks the guest:
 * the domain's state changes when the guest has stopped.
 */
void
vsm_host_domain_power_async (VsmHost             *self,
                             VsmDomain           *domain,
                             VsmDomainPower       power,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (VSM_IS_HOST (self));
  g_return_if_fail (VSM_IS_DOMAIN (domain));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, vsm_host_domain_power_async);
  vsm_domain_power_async (vsm_host_get_connection (self), vsm_domain_get_uuid (domain), power, cancellable,
                          powered_cb, task);
}

gboolean
vsm_host_domain_power_finish (VsmHost       *self,
                              GAsyncResult  *result,
                              GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}
