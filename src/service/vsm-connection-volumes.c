/* vsm-connection-volumes.c
 *
 * VsmConnection, volumes: the loader (names first, then details on a few
 * threads, delivered in batches) and pool totals (a query, see
 * vsm-connection-query.c).
 *
 * Copyright 2026 Virt Storage developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vsm-connection"

#include "config.h"

#include <glib/gi18n.h>
#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>
#include <libxml/parser.h>
#include <string.h>

#include "vsm-connection-private.h"
#include "vsm-virt-error.h"

#define VOLUME_BATCH 256
/* libvirtd serializes the RPCs on one pool's volumes (pool object lock),
 * so more callers do not load faster; they only add CPU load and
 * contention (GMainContext and libvirt client locks) that stalls the main
 * loop: tests/bench measured the longest stall at 10,000 volumes going
 * from ~44 ms (6 threads) to ~12-18 ms (3 threads), full load as fast. */
#define MAX_VOLUME_THREADS 3

/* ------------------------------------------------------------------ */
/* Volumes                                                             */

/* What a volume load hands to the main thread: batches of snapshots, and
 * at the end the task's result. Every worker of the load appends to one
 * queue; a single idle source takes ONE item per main-loop iteration, so
 * the window gets a chance to draw and handle input between two batches
 * (separate idle sources would all run in the same iteration: 10,000
 * names in 10 chunks would still block the loop for the sum of them).
 * The result comes last through the same queue, so the load's callback
 * runs after its last batch. */
typedef struct
{
  GPtrArray *batch;
  gboolean   names_only;
  GTask     *task;                      /* the end: return this task */
  gssize     n;
  GError    *error;
} Batch;

typedef struct
{
  GMutex              lock;
  GQueue              items;            /* Batch */
  gboolean            scheduled;        /* an idle source will take the head */
  GMainContext       *context;
  GWeakRef            target;
  VsmVolumeBatchFunc  func;
  char               *uuid;
  GCancellable       *cancellable;
} Delivery;                             /* in a g_atomic_rc_box */

static void
batch_free (Batch *b)
{
  if (b->batch != NULL)
    g_ptr_array_unref (b->batch);
  g_clear_object (&b->task);
  g_clear_error (&b->error);
  g_free (b);
}

static Delivery *
delivery_new (OpData       *op,
              GCancellable *cancellable)
{
  Delivery *d = g_atomic_rc_box_new0 (Delivery);

  g_mutex_init (&d->lock);
  g_queue_init (&d->items);
  d->context = g_main_context_ref (op->context);
  g_weak_ref_init (&d->target, op->batch_target);
  d->func = op->batch_func;
  d->uuid = g_strdup (op->uuid);
  d->cancellable = cancellable ? g_object_ref (cancellable) : NULL;
  return d;
}

static void
delivery_clear (Delivery *d)
{
  g_queue_clear_full (&d->items, (GDestroyNotify) batch_free);
  g_mutex_clear (&d->lock);
  g_main_context_unref (d->context);
  g_weak_ref_clear (&d->target);
  g_free (d->uuid);
  g_clear_object (&d->cancellable);
}

static void
delivery_release (gpointer d)
{
  g_atomic_rc_box_release_full (d, (GDestroyNotify) delivery_clear);
}

static gboolean
batch_dispatch (gpointer data)
{
  Delivery *d = data;
  Batch *b;
  gboolean more;

  g_mutex_lock (&d->lock);
  b = g_queue_pop_head (&d->items);
  more = !g_queue_is_empty (&d->items);
  if (!more)
    d->scheduled = FALSE;
  g_mutex_unlock (&d->lock);

  if (b == NULL)
    return G_SOURCE_REMOVE;

  if (b->task != NULL)
    {
      if (b->error != NULL)
        g_task_return_error (b->task, g_steal_pointer (&b->error));
      else
        g_task_return_int (b->task, b->n);
    }
  /* A load cancelled on the main thread (a newer one replaced it) delivers
   * nothing more: its batches would mix with the newer load's. */
  else if (d->cancellable == NULL || !g_cancellable_is_cancelled (d->cancellable))
    {
      g_autoptr(GObject) target = g_weak_ref_get (&d->target);

      if (target != NULL)
        d->func (target, d->uuid, b->batch, b->names_only);
    }
  batch_free (b);
  return more ? G_SOURCE_CONTINUE : G_SOURCE_REMOVE;
}

static void
delivery_push (Delivery *d,
               Batch    *b)
{
  gboolean schedule;

  g_mutex_lock (&d->lock);
  g_queue_push_tail (&d->items, b);
  schedule = !d->scheduled;
  d->scheduled = TRUE;
  g_mutex_unlock (&d->lock);

  if (schedule)
    {
      /* Not g_main_context_invoke(): see _vsm_post_to_context. */
      g_autoptr(GSource) source = g_idle_source_new ();

      g_source_set_priority (source, G_PRIORITY_DEFAULT);
      g_source_set_callback (source, batch_dispatch, g_atomic_rc_box_acquire (d), delivery_release);
      g_source_set_static_name (source, "[vsm] volume batches");
      g_source_attach (source, d->context);
    }
}

static void
post_batch (Delivery  *d,
            GPtrArray *batch,
            gboolean   names_only)
{
  Batch *b = g_new0 (Batch, 1);

  b->batch = batch;
  b->names_only = names_only;
  delivery_push (d, b);
}

/* The last item of a load: returns @task (n volumes or @error) on the
 * main thread once every batch before it was delivered. */
static void
post_result (Delivery *d,
             GTask    *task,
             gssize    n,
             GError   *error)
{
  Batch *b = g_new0 (Batch, 1);

  b->task = g_object_ref (task);
  b->n = n;
  b->error = error;
  delivery_push (d, b);
}

typedef struct
{
  Delivery          *delivery;
  virStorageVolPtr  *vols;
  guint              start;
  guint              stride;
  guint              n;
  GCancellable      *cancellable;
} DetailsJob;

static gpointer
details_thread (gpointer data)
{
  DetailsJob *job = data;
  GPtrArray *batch = g_ptr_array_new_with_free_func ((GDestroyNotify) vsm_volume_snapshot_free);

  for (guint i = job->start; i < job->n; i += job->stride)
    {
      VsmVolumeSnapshot *snap = NULL;
      char *xml;

      if (g_cancellable_is_cancelled (job->cancellable))
        break;

      xml = virStorageVolGetXMLDesc (job->vols[i], 0);
      if (xml != NULL)
        {
          snap = vsm_volume_snapshot_new_from_xml (xml, strlen (xml));
          free (xml);
        }
      if (snap == NULL)
        {
          /* Deleted meanwhile, or unreadable: keep the name, no details. */
          snap = g_new0 (VsmVolumeSnapshot, 1);
          snap->name = g_strdup (virStorageVolGetName (job->vols[i]));
          snap->key = g_strdup (virStorageVolGetKey (job->vols[i]));
          virResetLastError ();
        }
      g_ptr_array_add (batch, snap);

      if (batch->len >= VOLUME_BATCH)
        {
          post_batch (job->delivery, batch, FALSE);
          batch = g_ptr_array_new_with_free_func ((GDestroyNotify) vsm_volume_snapshot_free);
        }
    }

  if (batch->len > 0)
    post_batch (job->delivery, batch, FALSE);
  else
    g_ptr_array_unref (batch);

  return NULL;
}

/* Runs on its own thread (it waits for the details threads it starts, so
 * it stays out of GTask's pool); the task is returned from the main
 * thread, after the last batch (post_result). */
static gpointer
list_volumes_thread (gpointer data)
{
  g_autoptr(GTask) task = data;
  OpData *op = g_task_get_task_data (task);
  GCancellable *cancellable = g_task_get_cancellable (task);
  Delivery *delivery = delivery_new (op, cancellable);
  GError *error = NULL;
  virStoragePoolPtr pool = vsm_op_lookup_pool (op, op->uuid, &error);
  virStorageVolPtr *vols = NULL;
  guint n_threads;
  DetailsJob jobs[MAX_VOLUME_THREADS];
  GThread *threads[MAX_VOLUME_THREADS];
  int n = -1;

  if (pool == NULL)
    goto out;

  n = virStoragePoolListAllVolumes (pool, &vols, 0);
  /* Before virStoragePoolFree(), which resets libvirt's last error. */
  if (n < 0)
    vsm_error_set_from_virt (&error, "Could not list volumes");
  virStoragePoolFree (pool);
  if (n < 0)
    goto out;

  /* Names and keys are local to the handles ListAllVolumes returned, so
   * the names cost no further RPC and the view can show every row at
   * once. They go out in chunks of VSM_VOLUME_NAMES_CHUNK (10,000 names
   * in one main-loop callback took ~12 ms); the last chunk is shorter,
   * an empty one if need be. */
  for (int i = 0; i <= n; i += VSM_VOLUME_NAMES_CHUNK)
    {
      int end = MIN (n, i + VSM_VOLUME_NAMES_CHUNK);
      GPtrArray *names = g_ptr_array_new_full (end - i, (GDestroyNotify) vsm_volume_snapshot_free);

      for (int j = i; j < end; j++)
        {
          VsmVolumeSnapshot *snap = g_new0 (VsmVolumeSnapshot, 1);

          snap->name = g_strdup (virStorageVolGetName (vols[j]));
          snap->key = g_strdup (virStorageVolGetKey (vols[j]));
          g_ptr_array_add (names, snap);
        }
      post_batch (delivery, names, TRUE);
    }

  /* One GetXMLDesc per volume, spread over a few threads: the daemon
   * serves concurrent RPCs from its worker pool. */
  n_threads = CLAMP ((guint) n / 64, 1, MAX_VOLUME_THREADS);
  for (guint t = 0; t < n_threads; t++)
    {
      jobs[t] = (DetailsJob) { delivery, vols, t, n_threads, (guint) n, cancellable };
      threads[t] = t == 0 ? NULL : g_thread_new ("vsm-volumes", details_thread, &jobs[t]);
    }
  details_thread (&jobs[0]);
  for (guint t = 1; t < n_threads; t++)
    g_thread_join (threads[t]);

  for (int i = 0; i < n; i++)
    virStorageVolFree (vols[i]);
  free (vols);

out:
  /* The last virConnectClose is an RPC: here, not on the main thread. */
  vsm_op_release (op);
  /* A cancelled load returns G_IO_ERROR_CANCELLED (check-cancellable). */
  post_result (delivery, task, n, error);
  delivery_release (delivery);
  return NULL;
}

/**
 * vsm_connection_list_volumes_async:
 * @batch_target: object passed to @batch_func (held weakly)
 * @batch_func: called on the main thread, first with every name, then
 *   with details in batches
 *
 * Lists a pool's volumes names-first. @callback runs after the last batch.
 */
void
vsm_connection_list_volumes_async (VsmConnection       *self,
                                   const char          *pool_uuid,
                                   GObject             *batch_target,
                                   VsmVolumeBatchFunc   batch_func,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  OpData *op = NULL;

  g_return_if_fail (VSM_IS_CONNECTION (self));
  g_return_if_fail (pool_uuid != NULL);
  g_return_if_fail (G_IS_OBJECT (batch_target));
  g_return_if_fail (batch_func != NULL);

  task = vsm_connection_op_new (self, vsm_connection_list_volumes_async, "list-volumes", cancellable, callback, user_data, &op);
  if (task == NULL)
    return;
  op->uuid = g_strdup (pool_uuid);
  op->batch_target = g_object_ref (batch_target);
  op->batch_func = batch_func;
  op->context = g_main_context_ref_thread_default ();
  g_thread_unref (g_thread_new ("vsm-list-volumes", list_volumes_thread, g_steal_pointer (&task)));
}

gboolean
vsm_connection_list_volumes_finish (VsmConnection  *self,
                                    GAsyncResult   *result,
                                    guint          *n_volumes,
                                    GError        **error)
{
  gssize n;

  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  n = g_task_propagate_int (G_TASK (result), error);
  if (n < 0)
    return FALSE;
  if (n_volumes != NULL)
    *n_volumes = (guint) n;
  return TRUE;
}

/* VSM_QUERY_POOL_TOTALS */
gpointer
_vsm_query_pool_totals (OpData        *op,
                        GCancellable  *cancellable,
                        GError       **error)
{
  virStoragePoolPtr pool = vsm_op_lookup_pool (op, op->uuid, error);
  virStorageVolPtr *vols = NULL;
  VsmPoolTotals *totals;
  int n;

  if (pool == NULL)
    return NULL;
  n = virStoragePoolListAllVolumes (pool, &vols, 0);
  /* Before virStoragePoolFree(), which resets libvirt's last error. */
  if (n < 0)
    vsm_error_set_from_virt (error, "Could not list volumes");
  virStoragePoolFree (pool);
  if (n < 0)
    return NULL;

  totals = g_new0 (VsmPoolTotals, 1);
  totals->n_volumes = n;
  for (int i = 0; i < n; i++)
    {
      virStorageVolInfo info;

      if (!g_cancellable_is_cancelled (cancellable) && virStorageVolGetInfo (vols[i], &info) == 0)
        totals->sum_capacity += info.capacity;
      virStorageVolFree (vols[i]);
    }
  free (vols);
  virResetLastError ();
  return totals;
}
