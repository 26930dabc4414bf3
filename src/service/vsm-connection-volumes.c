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
  VsmVolumeListing listing;
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
        g_task_return_pointer (b->task, g_memdup2 (&b->listing, sizeof b->listing), g_free);
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

      /* below GTK's layout and redraw (GDK_PRIORITY_REDRAW): a frame is
       * painted between two batches, the first names included */
      g_source_set_priority (source, G_PRIORITY_DEFAULT_IDLE);
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

/* The last item of a load: returns @task (@listing or @error) on the
 * main thread once every batch before it was delivered. */
static void
post_result (Delivery               *d,
             GTask                  *task,
             const VsmVolumeListing *listing,
             GError                 *error)
{
  Batch *b = g_new0 (Batch, 1);

  b->task = g_object_ref (task);
  b->listing = *listing;
  b->error = error;
  delivery_push (d, b);
}

/* The volumes whose details one thread reads: every @stride-th from
 * @start, by handle (@vols), or by name (@names, looked up in @pool) when
 * the pool was too big to list with handles. */
typedef struct
{
  Delivery          *delivery;
  virStorageVolPtr  *vols;
  char             **names;
  virStoragePoolPtr  pool;
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
      virStorageVolPtr vol;
      char *xml = NULL;

      if (g_cancellable_is_cancelled (job->cancellable))
        break;

      vol = job->vols != NULL ? job->vols[i] : virStorageVolLookupByName (job->pool, job->names[i]);
      if (vol != NULL)
        xml = virStorageVolGetXMLDesc (vol, 0);
      if (xml != NULL)
        {
          snap = vsm_volume_snapshot_new_from_xml (xml, strlen (xml));
          free (xml);
        }
      if (snap == NULL)
        {
          /* Deleted meanwhile, or unreadable: keep the name, no details. */
          snap = g_new0 (VsmVolumeSnapshot, 1);
          snap->name = g_strdup (vol != NULL ? virStorageVolGetName (vol) : job->names[i]);
          snap->key = vol != NULL ? g_strdup (virStorageVolGetKey (vol)) : NULL;
          virResetLastError ();
        }
      if (job->vols == NULL && vol != NULL)
        virStorageVolFree (vol);
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

/* After virStoragePoolListAllVolumes() failed (libvirt's last error
 * still set): the names of the first @limit volumes of a pool bigger than
 * libvirt's remote protocol lists, or %NULL with @error. A pool that big
 * is told by libvirt's error code and the count, never by the message:
 * *@n_in_pool is virStoragePoolNumOfVolumes(), which still works. */
static char **
list_first_names (OpData             *op,
                  virStoragePoolPtr   pool,
                  guint               limit,
                  int                *n_names,
                  int                *n_in_pool,
                  GError            **error)
{
  virErrorPtr last = virGetLastError ();
  gboolean maybe_limit = last != NULL && vsm_virt_error_is_list_limit (last->code, last->domain);
  GError *listing_error = NULL;
  char **names = NULL;
  int total = -1, n = -1;

  /* the listing's own error, classified now: the next call resets it */
  vsm_error_set_from_virt_conn (&listing_error, op->head.conn, "Could not list volumes");
  if (maybe_limit && virConnectIsAlive (op->head.conn) == 1)
    total = virStoragePoolNumOfVolumes (pool);
  virResetLastError ();
  if (total < 0 || (guint) total <= limit)
    {
      g_propagate_error (error, listing_error);
      return NULL;
    }
  g_error_free (listing_error);

  /* the older call names at most @limit volumes, and it says which */
  names = g_new0 (char *, limit + 1);
  n = virStoragePoolListVolumes (pool, names, (int) limit);
  if (n < 0)
    {
      vsm_error_set_from_virt_conn (error, op->head.conn, "Could not list volumes");
      g_free (names);
      return NULL;
    }
  *n_names = n;
  *n_in_pool = total;
  return names;
}

typedef struct
{
  char     *key;
  gpointer  item;    /* a virStorageVolPtr, or a name */
} SortEntry;

static int
sort_entry_cmp (const void *a,
                const void *b)
{
  return strcmp (((const SortEntry *) a)->key, ((const SortEntry *) b)->key);
}

/* Puts @items (volume handles, or names when @names is set) in the order
 * the volume table shows by default, by name as GtkStringSorter compares
 * (case folded, collated): each chunk of names then lands after the rows
 * already on screen instead of among them (which would re-bind every
 * visible row), and details come top first. */
static void
sort_by_name (gpointer *items,
              int       n,
              gboolean  names)
{
  g_autofree SortEntry *entries = g_new (SortEntry, n);

  for (int i = 0; i < n; i++)
    {
      const char *name = names ? items[i] : virStorageVolGetName (items[i]);
      g_autofree char *folded = g_utf8_casefold (name, -1);

      entries[i].key = g_utf8_collate_key (folded, -1);
      entries[i].item = items[i];
    }
  qsort (entries, n, sizeof (SortEntry), sort_entry_cmp);
  for (int i = 0; i < n; i++)
    {
      items[i] = entries[i].item;
      g_free (entries[i].key);
    }
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
  char **names = NULL;
  VsmVolumeListing listing = { 0, 0, op->list_limit };
  guint n_threads;
  DetailsJob jobs[MAX_VOLUME_THREADS];
  GThread *threads[MAX_VOLUME_THREADS];
  int n = -1, n_in_pool = -1;

  if (pool == NULL)
    goto out;

  n = virStoragePoolListAllVolumes (pool, &vols, 0);
  if (n < 0)
    names = list_first_names (op, pool, op->list_limit, &n, &n_in_pool, &error);
  else if ((guint) n > op->list_limit)
    {
      /* Only under a test's lower limit (a real daemon refuses more than
       * VSM_VOLUME_LIST_MAX above): list as libvirt lists a bigger pool. */
      for (int i = 0; i < n; i++)
        virStorageVolFree (vols[i]);
      g_clear_pointer (&vols, free);
      n_in_pool = n;
      names = g_new0 (char *, op->list_limit + 1);
      n = virStoragePoolListVolumes (pool, names, (int) op->list_limit);
      if (n < 0)
        vsm_error_set_from_virt (&error, "Could not list volumes");
    }
  if (n < 0)
    {
      virStoragePoolFree (pool);
      goto out;
    }
  listing.n_listed = n;
  listing.n_in_pool = names != NULL ? (guint) MAX (n_in_pool, n) : (guint) n;

  if (n > 1)
    sort_by_name (vols != NULL ? (gpointer *) vols : (gpointer *) names, n, vols == NULL);

  /* Names and keys are local to the handles ListAllVolumes returned, so
   * the names cost no further RPC and the view can show every row at
   * once. They go out in chunks of VSM_VOLUME_NAMES_CHUNK (10,000 names
   * in one main-loop callback took ~12 ms); the last chunk is shorter,
   * an empty one if need be. Names without handles have no keys yet. */
  for (int i = 0; i <= n; i += VSM_VOLUME_NAMES_CHUNK)
    {
      int end = MIN (n, i + VSM_VOLUME_NAMES_CHUNK);
      GPtrArray *chunk = g_ptr_array_new_full (end - i, (GDestroyNotify) vsm_volume_snapshot_free);

      for (int j = i; j < end; j++)
        {
          VsmVolumeSnapshot *snap = g_new0 (VsmVolumeSnapshot, 1);

          snap->name = g_strdup (vols != NULL ? virStorageVolGetName (vols[j]) : names[j]);
          snap->key = vols != NULL ? g_strdup (virStorageVolGetKey (vols[j])) : NULL;
          g_ptr_array_add (chunk, snap);
        }
      post_batch (delivery, chunk, TRUE);
    }

  /* One GetXMLDesc per volume (after a lookup by name when listing gave
   * names only), spread over a few threads: the daemon serves concurrent
   * RPCs from its worker pool. */
  n_threads = CLAMP ((guint) n / 64, 1, MAX_VOLUME_THREADS);
  for (guint t = 0; t < n_threads; t++)
    {
      jobs[t] = (DetailsJob) { delivery, vols, names, pool, t, n_threads, (guint) n, cancellable };
      threads[t] = t == 0 ? NULL : g_thread_new ("vsm-volumes", details_thread, &jobs[t]);
    }
  details_thread (&jobs[0]);
  for (guint t = 1; t < n_threads; t++)
    g_thread_join (threads[t]);

  for (int i = 0; vols != NULL && i < n; i++)
    virStorageVolFree (vols[i]);
  free (vols);
  for (int i = 0; names != NULL && i < n; i++)
    free (names[i]);
  g_free (names);
  virStoragePoolFree (pool);

out:
  /* The last virConnectClose is an RPC: here, not on the main thread. */
  vsm_op_release (op);
  /* A cancelled load returns G_IO_ERROR_CANCELLED (check-cancellable). */
  post_result (delivery, task, &listing, error);
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
 * A pool bigger than libvirt's remote protocol lists (VSM_VOLUME_LIST_MAX)
 * is listed in part: its first volumes, and how many it holds.
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
  op->list_limit = self->volume_list_limit;
  g_thread_unref (g_thread_new ("vsm-list-volumes", list_volumes_thread, g_steal_pointer (&task)));
}

/**
 * vsm_connection_list_volumes_finish:
 * @listing: (out) (optional): what the load listed, and how many volumes
 *   the pool holds
 */
gboolean
vsm_connection_list_volumes_finish (VsmConnection     *self,
                                    GAsyncResult      *result,
                                    VsmVolumeListing  *listing,
                                    GError           **error)
{
  g_autofree VsmVolumeListing *got = NULL;

  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  got = g_task_propagate_pointer (G_TASK (result), error);
  if (got == NULL)
    return FALSE;
  if (listing != NULL)
    *listing = *got;
  return TRUE;
}

static gpointer
volume_snapshot_from_xml (const char *xml)
{
  return vsm_volume_snapshot_new_from_xml (xml, strlen (xml));
}

/* VSM_QUERY_VOLUME */
gpointer
_vsm_query_volume (OpData        *op,
                   GCancellable  *cancellable,
                   GError       **error)
{
  virStorageVolPtr vol = vsm_op_lookup_volume (op, op->uuid, op->name, error);
  char *xml = NULL;

  if (vol == NULL)
    return NULL;
  if ((xml = virStorageVolGetXMLDesc (vol, 0)) == NULL)
    vsm_error_set_from_virt (error, "Could not read the volume XML");
  virStorageVolFree (vol);
  return vsm_op_parse (xml, volume_snapshot_from_xml, "The volume's XML could not be read", error);
}

/* For tests only: see vsm-connection-private.h. */
void
_vsm_connection_set_volume_list_limit (VsmConnection *self,
                                       guint          limit)
{
  g_return_if_fail (VSM_IS_CONNECTION (self));
  g_return_if_fail (limit > 0 && limit <= VSM_VOLUME_LIST_MAX);
  self->volume_list_limit = limit;
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
