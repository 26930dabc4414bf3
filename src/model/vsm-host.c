/* vsm-host.c
 *
 * One open connection as the UI sees it: the pools, their volumes and the
 * domains, kept as GListModels on the main thread and refreshed from the
 * service's snapshots, libvirt's events and our own operations.
 *
 * Copyright 2026 Virt Storage developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vsm-host"

#include "config.h"

#include <glib/gi18n.h>

#include "vsm-error.h"
#include "vsm-host.h"
#include "vsm-uri.h"
#include "vsm-volume.h"

/* Events come in bursts (a pool-start emits STARTED then REFRESH); one
 * snapshot after a short quiet time is enough. */
#define EVENT_COALESCE_MSEC 40

struct _VsmHost
{
  GObject        parent_instance;

  VsmConnection *connection;
  char          *title;
  VsmKeyedList  *pools;
  VsmKeyedList  *domains;
  GCancellable  *cancellable;

  GHashTable    *pending_pools;     /* uuid set awaiting a snapshot */
  guint          pool_event_source;
  guint          domain_event_source;
  GHashTable    *volume_loads;      /* uuid → VolumeLoad, the pool's running load */
  GHashTable    *load_retried;      /* uuids whose failed load was retried once */
  GQueue         totals_queue;      /* uuid strings */
  gboolean       totals_running;
  gboolean       pools_loaded;

  /* "Which VMs use this volume": path → names, "pool\nvolume" → names */
  GHashTable    *users_by_path;
  GHashTable    *users_by_volume;
};

G_DEFINE_FINAL_TYPE (VsmHost, vsm_host, G_TYPE_OBJECT)

/* A pool's volume load (vsm_host_load_volumes). */
typedef struct
{
  GCancellable *cancellable;
  GHashTable   *names_seen;     /* the names batches so far (volume_batch_cb) */
} VolumeLoad;

static void
volume_load_free (VolumeLoad *load)
{
  g_object_unref (load->cancellable);
  g_hash_table_unref (load->names_seen);
  g_free (load);
}

/* The completion callback's data: the pool it lists, and its host, which
 * may be gone by then. */
typedef struct
{
  GWeakRef  host;
  VsmPool  *pool;
} LoadDone;

static void
load_done_free (LoadDone *done)
{
  g_weak_ref_clear (&done->host);
  g_object_unref (done->pool);
  g_free (done);
}

enum {
  PROP_0,
  PROP_URI,
  PROP_TITLE,
  PROP_CONNECTION,
  PROP_POOLS,
  PROP_DOMAINS,
  PROP_POOLS_LOADED,
  PROP_IS_DEMO,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void run_totals_queue (VsmHost *self);

static const char *
pool_key (gpointer item)
{
  return vsm_pool_get_uuid (item);
}

static const char *
domain_key (gpointer item)
{
  return vsm_domain_get_uuid (item);
}

static void
set_pools_loaded (VsmHost  *self,
                  gboolean  loaded)
{
  if (self->pools_loaded == loaded)
    return;
  self->pools_loaded = loaded;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_POOLS_LOADED]);
}

/* ------------------------------------------------------------------ */
/* Used-by index                                                       */

static void
add_user (GHashTable *table,
          char       *key,
          const char *name)
{
  GString *names = g_hash_table_lookup (table, key);

  if (names == NULL)
    {
      g_hash_table_insert (table, key, g_string_new (name));
      return;
    }
  g_free (key);
  /* A domain may use the same image twice; list it once. */
  {
    g_auto(GStrv) parts = g_strsplit (names->str, ", ", -1);
    if (g_strv_contains ((const char * const *) parts, name))
      return;
  }
  g_string_append (names, ", ");
  g_string_append (names, name);
}

static void
string_free (gpointer s)
{
  g_string_free (s, TRUE);
}

static void
rebuild_users_index (VsmHost *self)
{
  guint n = vsm_keyed_list_get_n_items (self->domains);

  g_hash_table_remove_all (self->users_by_path);
  g_hash_table_remove_all (self->users_by_volume);

  for (guint i = 0; i < n; i++)
    {
      VsmDomain *dom = vsm_keyed_list_get (self->domains, i);
      GPtrArray *disks = vsm_domain_get_disks (dom);

      for (guint j = 0; j < disks->len; j++)
        {
          const VsmDiskSnapshot *d = g_ptr_array_index (disks, j);

          if (d->source != NULL)
            add_user (self->users_by_path, g_strdup (d->source), vsm_domain_get_name (dom));
          if (d->pool != NULL && d->volume != NULL)
            add_user (self->users_by_volume, g_strdup_printf ("%s\n%s", d->pool, d->volume),
                      vsm_domain_get_name (dom));
        }
    }
}

/**
 * vsm_host_dup_users_of:
 *
 * Returns: (nullable): the comma-separated names of the domains whose
 * disks reference the volume by path or by pool and volume name
 */
char *
vsm_host_dup_users_of (VsmHost    *self,
                       VsmPool    *pool,
                       const char *volume_name,
                       const char *volume_path)
{
  GString *by_path = volume_path ? g_hash_table_lookup (self->users_by_path, volume_path) : NULL;
  g_autofree char *vkey = g_strdup_printf ("%s\n%s", vsm_pool_get_name (pool), volume_name);
  GString *by_vol = g_hash_table_lookup (self->users_by_volume, vkey);
  GString *result;

  if (by_path == NULL && by_vol == NULL)
    return NULL;
  if (by_path == NULL || by_vol == NULL)
    return g_strdup ((by_path ? by_path : by_vol)->str);

  result = g_string_new (by_path->str);
  {
    g_auto(GStrv) parts = g_strsplit (by_vol->str, ", ", -1);
    g_auto(GStrv) have = g_strsplit (by_path->str, ", ", -1);

    for (guint i = 0; parts[i]; i++)
      if (!g_strv_contains ((const char * const *) have, parts[i]))
        g_string_append_printf (result, ", %s", parts[i]);
  }
  return g_string_free (result, FALSE);
}

static void
update_volume_users (VsmHost   *self,
                     VsmPool   *pool,
                     VsmVolume *vol)
{
  g_autofree char *users = vsm_host_dup_users_of (self, pool, vsm_volume_get_name (vol),
                                                  vsm_volume_get_path (vol));
  vsm_volume_set_used_by (vol, users);
}

static void
update_all_users (VsmHost *self)
{
  guint n = vsm_keyed_list_get_n_items (self->pools);

  for (guint i = 0; i < n; i++)
    {
      VsmPool *pool = vsm_keyed_list_get (self->pools, i);
      VsmKeyedList *vols = vsm_pool_get_volumes (pool);
      guint nv = vsm_keyed_list_get_n_items (vols);

      for (guint j = 0; j < nv; j++)
        update_volume_users (self, pool, vsm_keyed_list_get (vols, j));
    }
}

/* ------------------------------------------------------------------ */
/* Domains                                                             */

static void
domains_loaded_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(VsmHost) self = user_data;
  g_autoptr(GPtrArray) snaps = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) seen = NULL;
  g_autoptr(GHashTable) gone = NULL;
  g_autoptr(GPtrArray) added = NULL;
  guint n;

  snaps = vsm_connection_list_domains_finish (VSM_CONNECTION (object), result, &error);
  if (snaps == NULL)
    {
      g_debug ("listing domains failed: %s", error->message);
      return;
    }

  seen = g_hash_table_new (g_str_hash, g_str_equal);
  added = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < snaps->len; i++)
    {
      VsmDomainSnapshot *snap = g_ptr_array_index (snaps, i);
      VsmDomain *dom = vsm_keyed_list_lookup (self->domains, snap->uuid);

      if (snap->uuid == NULL)
        continue;
      g_hash_table_add (seen, snap->uuid);
      if (dom == NULL)
        {
          dom = vsm_domain_new (snap->uuid);
          g_ptr_array_add (added, dom);
        }
      vsm_domain_apply_snapshot (dom, snap);
    }

  gone = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  n = vsm_keyed_list_get_n_items (self->domains);
  for (guint i = 0; i < n; i++)
    {
      const char *uuid = vsm_domain_get_uuid (vsm_keyed_list_get (self->domains, i));
      if (!g_hash_table_contains (seen, uuid))
        g_hash_table_add (gone, g_strdup (uuid));
    }
  vsm_keyed_list_remove_many (self->domains, gone);
  vsm_keyed_list_add_many (self->domains, added);

  rebuild_users_index (self);
  update_all_users (self);
}

static void
reload_domains (VsmHost *self)
{
  vsm_connection_list_domains_async (self->connection, self->cancellable,
                                     domains_loaded_cb, g_object_ref (self));
}

static gboolean
domain_event_timeout (gpointer data)
{
  VsmHost *self = data;

  self->domain_event_source = 0;
  reload_domains (self);
  return G_SOURCE_REMOVE;
}

static void
domain_event_cb (VsmConnection *connection,
                 const char    *uuid,
                 int            event,
                 VsmHost       *self)
{
  if (self->domain_event_source == 0)
    self->domain_event_source = g_timeout_add (EVENT_COALESCE_MSEC * 5, domain_event_timeout, self);
}

/* ------------------------------------------------------------------ */
/* Pools                                                               */

static void
enqueue_totals (VsmHost *self,
                VsmPool *pool)
{
  if (!vsm_pool_get_active (pool) || vsm_pool_get_volumes_loaded (pool) ||
      vsm_pool_get_volumes_loading (pool))
    return;
  if (g_queue_find_custom (&self->totals_queue, vsm_pool_get_uuid (pool), (GCompareFunc) g_strcmp0))
    return;
  g_queue_push_tail (&self->totals_queue, g_strdup (vsm_pool_get_uuid (pool)));
  run_totals_queue (self);
}

static void
totals_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(VsmHost) self = user_data;
  g_autofree char *uuid = g_queue_pop_head (&self->totals_queue);
  g_autoptr(GError) error = NULL;
  guint64 sum = 0;
  guint n = 0;

  self->totals_running = FALSE;
  if (vsm_connection_pool_totals_finish (VSM_CONNECTION (object), result, &sum, &n, &error))
    {
      VsmPool *pool = vsm_keyed_list_lookup (self->pools, uuid);

      /* The full volume list, if it arrived meanwhile, is more current. */
      if (pool != NULL && !vsm_pool_get_volumes_loaded (pool))
        vsm_pool_set_totals (pool, sum, n);
    }
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  run_totals_queue (self);
}

/* Sums volume capacities for the overcommit figure of pools that are not
 * shown, one pool at a time so it never competes with a visible load. */
static void
run_totals_queue (VsmHost *self)
{
  const char *uuid;

  if (self->totals_running || g_queue_is_empty (&self->totals_queue) ||
      vsm_connection_get_state (self->connection) != VSM_CONNECTION_STATE_CONNECTED)
    return;

  uuid = g_queue_peek_head (&self->totals_queue);
  self->totals_running = TRUE;
  vsm_connection_pool_totals_async (self->connection, uuid, self->cancellable,
                                    totals_cb, g_object_ref (self));
}

static void
apply_pool_snapshot (VsmHost               *self,
                     const VsmPoolSnapshot *snap,
                     GPtrArray             *added)
{
  VsmPool *pool = vsm_keyed_list_lookup (self->pools, snap->uuid);
  gboolean was_active;

  if (pool == NULL)
    {
      pool = vsm_pool_new (snap->uuid);
      vsm_pool_apply_snapshot (pool, snap);
      if (added != NULL)
        g_ptr_array_add (added, pool);
      else
        {
          vsm_keyed_list_add (self->pools, pool);
          g_object_unref (pool);
        }
      enqueue_totals (self, pool);
      return;
    }

  was_active = vsm_pool_get_active (pool);
  vsm_pool_apply_snapshot (pool, snap);
  if (!was_active && vsm_pool_get_active (pool))
    enqueue_totals (self, pool);
}

static void
pools_loaded_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(VsmHost) self = user_data;
  g_autoptr(GPtrArray) snaps = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) seen = NULL;
  g_autoptr(GHashTable) gone = NULL;
  g_autoptr(GPtrArray) added = NULL;
  guint n;

  snaps = vsm_connection_list_pools_finish (VSM_CONNECTION (object), result, &error);
  if (snaps == NULL)
    {
      g_debug ("listing pools failed: %s", error->message);
      return;
    }

  seen = g_hash_table_new (g_str_hash, g_str_equal);
  added = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < snaps->len; i++)
    {
      VsmPoolSnapshot *snap = g_ptr_array_index (snaps, i);

      g_hash_table_add (seen, snap->uuid);
      apply_pool_snapshot (self, snap, added);
    }

  gone = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  n = vsm_keyed_list_get_n_items (self->pools);
  for (guint i = 0; i < n; i++)
    {
      const char *uuid = vsm_pool_get_uuid (vsm_keyed_list_get (self->pools, i));
      if (!g_hash_table_contains (seen, uuid))
        g_hash_table_add (gone, g_strdup (uuid));
    }
  vsm_keyed_list_remove_many (self->pools, gone);
  vsm_keyed_list_add_many (self->pools, added);
  set_pools_loaded (self, TRUE);
}

typedef struct
{
  VsmHost *self;
  char    *uuid;
  gboolean load_volumes;   /* once the snapshot says the pool runs */
} SnapshotCall;

static void
pool_snapshot_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  SnapshotCall *call = user_data;
  g_autoptr(VsmHost) self = call->self;
  g_autofree char *uuid = call->uuid;
  gboolean load_volumes = call->load_volumes;
  g_autoptr(GError) error = NULL;
  g_autoptr(VsmPoolSnapshot) snap = NULL;

  g_free (call);

  snap = vsm_connection_get_pool_finish (VSM_CONNECTION (object), result, &error);
  if (snap != NULL)
    {
      VsmPool *pool = vsm_keyed_list_lookup (self->pools, uuid);

      /* Only for rows that still exist: a snapshot read just before the
       * pool was undefined must not bring back the row that the
       * UNDEFINED event removed meanwhile. */
      if (pool == NULL)
        return;
      apply_pool_snapshot (self, snap, NULL);
      if (load_volumes && vsm_pool_get_active (pool) && !vsm_pool_get_volumes_loading (pool))
        vsm_host_load_volumes (self, pool);
    }
  else if (g_error_matches (error, VSM_ERROR, VSM_ERROR_NOT_FOUND))
    {
      /* Undefined, or a transient pool that stopped: drop the row. */
      g_hash_table_remove (self->volume_loads, uuid);
      vsm_keyed_list_remove (self->pools, uuid);
    }
  else
    g_debug ("pool snapshot failed: %s", error->message);
}

static void
refresh_pool_full (VsmHost    *self,
                   const char *uuid,
                   gboolean    load_volumes)
{
  SnapshotCall *call = g_new0 (SnapshotCall, 1);

  call->self = g_object_ref (self);
  call->uuid = g_strdup (uuid);
  call->load_volumes = load_volumes;
  vsm_connection_get_pool_async (self->connection, uuid, self->cancellable,
                                 pool_snapshot_cb, call);
}

static void
refresh_pool (VsmHost    *self,
              const char *uuid)
{
  refresh_pool_full (self, uuid, FALSE);
}

static gboolean
pool_event_timeout (gpointer data)
{
  VsmHost *self = data;
  g_autoptr(GHashTable) pending = g_steal_pointer (&self->pending_pools);
  GHashTableIter iter;
  gpointer key;

  self->pool_event_source = 0;
  self->pending_pools = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  g_hash_table_iter_init (&iter, pending);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      if (vsm_keyed_list_lookup (self->pools, key) == NULL)
        {
          /* New pool defined elsewhere: list everything once. */
          vsm_connection_list_pools_async (self->connection, self->cancellable,
                                           pools_loaded_cb, g_object_ref (self));
          break;
        }
      refresh_pool (self, key);
    }
  return G_SOURCE_REMOVE;
}

static void
pool_event_cb (VsmConnection *connection,
               const char    *uuid,
               int            event,
               VsmHost       *self)
{
  VsmPool *pool = vsm_keyed_list_lookup (self->pools, uuid);

  g_debug ("pool event %d for %s", event, uuid);

  if (event == VSM_POOL_EVENT_UNDEFINED && pool != NULL)
    {
      g_hash_table_remove (self->volume_loads, uuid);
      g_hash_table_remove (self->pending_pools, uuid);
      vsm_keyed_list_remove (self->pools, uuid);
      return;
    }

  /* libvirt has no volume events; a pool refresh done elsewhere is the
   * closest signal that the volume list may have changed. */
  if (pool != NULL && event == VSM_POOL_EVENT_REFRESH && vsm_pool_get_volumes_loaded (pool))
    vsm_host_load_volumes (self, pool);

  g_hash_table_add (self->pending_pools, g_strdup (uuid));
  if (self->pool_event_source == 0)
    self->pool_event_source = g_timeout_add (EVENT_COALESCE_MSEC, pool_event_timeout, self);
}

/* ------------------------------------------------------------------ */
/* Volumes                                                             */

static void
volume_batch_cb (GObject    *target,
                 const char *pool_uuid,
                 GPtrArray  *batch,
                 gboolean    names_only)
{
  VsmHost *self = VSM_HOST (target);
  VsmPool *pool = vsm_keyed_list_lookup (self->pools, pool_uuid);
  VsmKeyedList *vols;
  g_autoptr(GPtrArray) added = NULL;

  /* A batch read before the pool stopped must not bring back the rows
   * that going inactive dropped. */
  if (pool == NULL || !vsm_pool_get_active (pool))
    return;
  vols = vsm_pool_get_volumes (pool);
  added = g_ptr_array_new_with_free_func (g_object_unref);

  if (names_only)
    {
      /* The names batches together are the complete list, the last one
       * shorter than VSM_VOLUME_NAMES_CHUNK: collect them (the set is
       * reset when a load starts), then drop what is gone. */
      VolumeLoad *load = g_hash_table_lookup (self->volume_loads, pool_uuid);
      GHashTable *names;

      if (load == NULL)
        return;   /* finished or cancelled meanwhile */
      names = load->names_seen;
      for (guint i = 0; i < batch->len; i++)
        g_hash_table_add (names, g_strdup (((VsmVolumeSnapshot *) g_ptr_array_index (batch, i))->name));
      if (batch->len < VSM_VOLUME_NAMES_CHUNK)
        {
          g_autoptr(GHashTable) gone = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
          guint n = vsm_keyed_list_get_n_items (vols);

          for (guint i = 0; i < n; i++)
            {
              const char *name = vsm_volume_get_name (vsm_keyed_list_get (vols, i));
              if (!g_hash_table_contains (names, name))
                g_hash_table_add (gone, g_strdup (name));
            }
          g_hash_table_remove_all (names);
          vsm_keyed_list_remove_many (vols, gone);
        }
    }

  for (guint i = 0; i < batch->len; i++)
    {
      const VsmVolumeSnapshot *snap = g_ptr_array_index (batch, i);
      VsmVolume *vol = vsm_keyed_list_lookup (vols, snap->name);

      if (vol == NULL)
        {
          vol = vsm_volume_new (snap->name);
          g_ptr_array_add (added, vol);
        }
      vsm_volume_apply_snapshot (vol, snap);
      if (snap->has_details)
        update_volume_users (self, pool, vol);
    }
  vsm_keyed_list_add_many (vols, added);
}

static void
volumes_load_failed (VsmHost      *self,
                     VsmPool      *pool,
                     const GError *error)
{
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_debug ("listing volumes of %s failed: %s", vsm_pool_get_name (pool), error->message);
  vsm_pool_set_volumes_loading (pool, FALSE);
  /* The list is now partial (names without details, say, when the pool
   * stopped half way). Re-read the pool once: stopped, the rows go;
   * running again (restarted meanwhile, so no "active" change was seen),
   * the volumes are listed afresh. One retry per failure streak, so a
   * pool that cannot be listed does not loop. */
  if (self != NULL && vsm_keyed_list_lookup (self->pools, vsm_pool_get_uuid (pool)) == pool &&
      g_hash_table_add (self->load_retried, g_strdup (vsm_pool_get_uuid (pool))))
    {
      g_hash_table_remove (self->volume_loads, vsm_pool_get_uuid (pool));
      refresh_pool_full (self, vsm_pool_get_uuid (pool), TRUE);
    }
}

static void
volumes_loaded_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  LoadDone *done = user_data;
  VsmPool *pool = done->pool;
  g_autoptr(VsmHost) self = g_weak_ref_get (&done->host);
  g_autoptr(GError) error = NULL;
  guint n = 0;

  if (!vsm_connection_list_volumes_finish (VSM_CONNECTION (object), result, &n, &error))
    volumes_load_failed (self, pool, error);
  else
    {
      if (self != NULL)
        {
          g_hash_table_remove (self->load_retried, vsm_pool_get_uuid (pool));
          g_hash_table_remove (self->volume_loads, vsm_pool_get_uuid (pool));
        }
      vsm_pool_set_volumes_loading (pool, FALSE);
      vsm_pool_set_volumes_loaded (pool, TRUE);
      vsm_pool_recompute_totals (pool);
    }
  load_done_free (done);
}
/**
 * vsm_host_load_volumes:
 *
 * (Re)lists a pool's volumes: names first, details in batches. A load
 * already running for the pool is cancelled.
 */
void
vsm_host_load_volumes (VsmHost *self,
                       VsmPool *pool)
{
  g_autoptr(GCancellable) cancellable = NULL;
  VolumeLoad *previous, *load;
  LoadDone *done;

  g_return_if_fail (VSM_IS_HOST (self));
  g_return_if_fail (VSM_IS_POOL (pool));

  /* A late callback may hold a row the models dropped meanwhile (cleared
   * on a lost connection, or undefined): its batches would land in the
   * current row of the same uuid while the loading flags changed on the
   * old object, leaving the current row "loading" for good. */
  pool = vsm_keyed_list_lookup (self->pools, vsm_pool_get_uuid (pool));
  if (pool == NULL || !vsm_pool_get_active (pool) ||
      vsm_connection_get_state (self->connection) != VSM_CONNECTION_STATE_CONNECTED)
    return;

  previous = g_hash_table_lookup (self->volume_loads, vsm_pool_get_uuid (pool));
  if (previous != NULL)
    g_cancellable_cancel (previous->cancellable);

  cancellable = g_cancellable_new ();
  g_signal_connect_object (self->cancellable, "cancelled",
                           G_CALLBACK (g_cancellable_cancel), cancellable, G_CONNECT_SWAPPED);
  load = g_new0 (VolumeLoad, 1);
  load->cancellable = g_object_ref (cancellable);
  load->names_seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_hash_table_insert (self->volume_loads, g_strdup (vsm_pool_get_uuid (pool)), load);
  done = g_new0 (LoadDone, 1);
  g_weak_ref_init (&done->host, self);
  done->pool = g_object_ref (pool);
  vsm_pool_set_volumes_loading (pool, TRUE);
  vsm_connection_list_volumes_async (self->connection, vsm_pool_get_uuid (pool),
                                     G_OBJECT (self), volume_batch_cb, cancellable,
                                     volumes_loaded_cb, done);
}

/**
 * vsm_host_refresh_pool:
 *
 * Re-reads a pool (usage, state) and re-lists its volumes: what to do
 * after our own volume operations, since libvirt has no volume events.
 */
void
vsm_host_refresh_pool (VsmHost *self,
                       VsmPool *pool)
{
  g_return_if_fail (VSM_IS_HOST (self));
  g_return_if_fail (VSM_IS_POOL (pool));

  if (vsm_connection_get_state (self->connection) != VSM_CONNECTION_STATE_CONNECTED)
    return;
  refresh_pool (self, vsm_pool_get_uuid (pool));
  vsm_host_load_volumes (self, pool);
}

/* ------------------------------------------------------------------ */
/* Operations                                                          */

typedef struct
{
  VsmPool       *pool;
  VsmPoolAction  action;
  gboolean       stopping;    /* DELETE, UNDEFINE: stopping the pool first */
} ActionData;

static void
action_data_free (ActionData *ad)
{
  g_clear_object (&ad->pool);
  g_free (ad);
}

static void
pool_action_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  VsmHost *self = g_task_get_source_object (task);
  ActionData *ad = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  if (ad->stopping)
    {
      ad->stopping = FALSE;
      if (vsm_connection_pool_action_finish (VSM_CONNECTION (object), result, &error))
        {
          vsm_connection_pool_action_async (self->connection, vsm_pool_get_uuid (ad->pool), ad->action,
                                            g_task_get_cancellable (task), pool_action_cb,
                                            g_object_ref (task));
          return;
        }
      vsm_pool_set_busy (ad->pool, FALSE);
      if (vsm_connection_get_state (self->connection) == VSM_CONNECTION_STATE_CONNECTED)
        refresh_pool (self, vsm_pool_get_uuid (ad->pool));
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  vsm_pool_set_busy (ad->pool, FALSE);

  /* Whatever happened, even on failure or cancellation, re-read the pool:
   * a cancelled libvirt call may still have done its work. */
  if (vsm_connection_get_state (self->connection) == VSM_CONNECTION_STATE_CONNECTED)
    {
      /* After START the model still has the pool inactive, and
       * vsm_host_load_volumes() ignores inactive pools: list the volumes
       * once the new snapshot is applied. */
      refresh_pool_full (self, vsm_pool_get_uuid (ad->pool), ad->action == VSM_POOL_ACTION_START);
      if (ad->action == VSM_POOL_ACTION_REFRESH)
        vsm_host_load_volumes (self, ad->pool);
    }

  if (!vsm_connection_pool_action_finish (VSM_CONNECTION (object), result, &error))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

/**
 * vsm_host_pool_action_async:
 *
 * Runs @action on @pool (busy meanwhile) and re-reads what it changed.
 * DELETE and UNDEFINE stop a running pool first, since libvirt refuses
 * both on an active pool; a failed stop is the operation's error.
 */
void
vsm_host_pool_action_async (VsmHost             *self,
                            VsmPool             *pool,
                            VsmPoolAction        action,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  ActionData *ad;

  g_return_if_fail (VSM_IS_HOST (self));
  g_return_if_fail (VSM_IS_POOL (pool));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, vsm_host_pool_action_async);
  ad = g_new0 (ActionData, 1);
  ad->pool = g_object_ref (pool);
  ad->action = action;
  g_task_set_task_data (task, ad, (GDestroyNotify) action_data_free);

  /* libvirt deletes and undefines only inactive pools ("still
   * active"): stop a running one first, as one operation. */
  ad->stopping = (action == VSM_POOL_ACTION_DELETE || action == VSM_POOL_ACTION_UNDEFINE) &&
                 vsm_pool_get_active (pool);
  vsm_pool_set_busy (pool, TRUE);
  vsm_connection_pool_action_async (self->connection, vsm_pool_get_uuid (pool),
                                    ad->stopping ? VSM_POOL_ACTION_STOP : action,
                                    cancellable, pool_action_cb, g_steal_pointer (&task));
}

gboolean
vsm_host_pool_action_finish (VsmHost       *self,
                             GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
delete_volume_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  VsmHost *self = g_task_get_source_object (task);
  VsmPool *pool = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  vsm_pool_set_busy (pool, FALSE);
  if (vsm_connection_get_state (self->connection) == VSM_CONNECTION_STATE_CONNECTED)
    {
      /* No volume events exist: re-list after our own change. */
      refresh_pool (self, vsm_pool_get_uuid (pool));
      vsm_host_load_volumes (self, pool);
    }

  if (!vsm_connection_delete_volume_finish (VSM_CONNECTION (object), result, &error))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

void
vsm_host_delete_volume_async (VsmHost             *self,
                              VsmPool             *pool,
                              const char          *volume_name,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (VSM_IS_HOST (self));
  g_return_if_fail (VSM_IS_POOL (pool));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, vsm_host_delete_volume_async);
  g_task_set_task_data (task, g_object_ref (pool), g_object_unref);
  vsm_pool_set_busy (pool, TRUE);
  vsm_connection_delete_volume_async (self->connection, vsm_pool_get_uuid (pool), volume_name,
                                      cancellable, delete_volume_cb, g_steal_pointer (&task));
}

gboolean
vsm_host_delete_volume_finish (VsmHost       *self,
                               GAsyncResult  *result,
                               GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* ------------------------------------------------------------------ */

static void
clear_models (VsmHost *self)
{
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  g_hash_table_remove_all (self->volume_loads);
  g_hash_table_remove_all (self->load_retried);
  g_hash_table_remove_all (self->pending_pools);
  g_queue_clear_full (&self->totals_queue, g_free);
  self->totals_running = FALSE;
  g_clear_handle_id (&self->pool_event_source, g_source_remove);
  g_clear_handle_id (&self->domain_event_source, g_source_remove);
  vsm_keyed_list_remove_all (self->pools);
  vsm_keyed_list_remove_all (self->domains);
  set_pools_loaded (self, FALSE);
}

/**
 * vsm_host_reload:
 *
 * Re-lists pools and domains, and the volumes of every pool whose volumes
 * were loaded (F5).
 */
void
vsm_host_reload (VsmHost *self)
{
  guint n;

  g_return_if_fail (VSM_IS_HOST (self));

  if (vsm_connection_get_state (self->connection) != VSM_CONNECTION_STATE_CONNECTED)
    return;

  vsm_connection_list_pools_async (self->connection, self->cancellable,
                                   pools_loaded_cb, g_object_ref (self));
  reload_domains (self);

  n = vsm_keyed_list_get_n_items (self->pools);
  for (guint i = 0; i < n; i++)
    {
      VsmPool *pool = vsm_keyed_list_get (self->pools, i);
      if (vsm_pool_get_volumes_loaded (pool))
        vsm_host_load_volumes (self, pool);
    }
}

static void
connection_state_cb (VsmConnection *connection,
                     GParamSpec    *pspec,
                     VsmHost       *self)
{
  switch (vsm_connection_get_state (connection))
    {
    case VSM_CONNECTION_STATE_CONNECTED:
      vsm_host_reload (self);
      break;
    case VSM_CONNECTION_STATE_DISCONNECTED:
    case VSM_CONNECTION_STATE_FAILED:
      /* Never show rows that may be stale. */
      clear_models (self);
      break;
    case VSM_CONNECTION_STATE_CONNECTING:
    default:
      break;
    }
}

void
vsm_host_connect (VsmHost *self)
{
  g_return_if_fail (VSM_IS_HOST (self));
  vsm_connection_open_async (self->connection, NULL, NULL, NULL);
}

void
vsm_host_disconnect (VsmHost *self)
{
  g_return_if_fail (VSM_IS_HOST (self));
  vsm_connection_close (self->connection);
}

static void
vsm_host_dispose (GObject *object)
{
  VsmHost *self = VSM_HOST (object);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->pool_event_source, g_source_remove);
  g_clear_handle_id (&self->domain_event_source, g_source_remove);
  if (self->connection != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->connection, self);
      vsm_connection_close (self->connection);
    }
  g_clear_object (&self->connection);

  G_OBJECT_CLASS (vsm_host_parent_class)->dispose (object);
}

static void
vsm_host_finalize (GObject *object)
{
  VsmHost *self = VSM_HOST (object);

  g_clear_object (&self->cancellable);
  g_clear_object (&self->pools);
  g_clear_object (&self->domains);
  g_clear_pointer (&self->pending_pools, g_hash_table_unref);
  g_clear_pointer (&self->volume_loads, g_hash_table_unref);
  g_clear_pointer (&self->load_retried, g_hash_table_unref);
  g_clear_pointer (&self->users_by_path, g_hash_table_unref);
  g_clear_pointer (&self->users_by_volume, g_hash_table_unref);
  g_queue_clear_full (&self->totals_queue, g_free);
  g_free (self->title);

  G_OBJECT_CLASS (vsm_host_parent_class)->finalize (object);
}

static void
vsm_host_get_property (GObject    *object,
                       guint       prop_id,
                       GValue     *value,
                       GParamSpec *pspec)
{
  VsmHost *self = VSM_HOST (object);

  switch (prop_id)
    {
    case PROP_URI: g_value_set_string (value, vsm_host_get_uri (self)); break;
    case PROP_TITLE: g_value_set_string (value, self->title); break;
    case PROP_CONNECTION: g_value_set_object (value, self->connection); break;
    case PROP_POOLS: g_value_set_object (value, self->pools); break;
    case PROP_DOMAINS: g_value_set_object (value, self->domains); break;
    case PROP_POOLS_LOADED: g_value_set_boolean (value, self->pools_loaded); break;
    case PROP_IS_DEMO: g_value_set_boolean (value, vsm_host_get_is_demo (self)); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vsm_host_set_property (GObject      *object,
                       guint         prop_id,
                       const GValue *value,
                       GParamSpec   *pspec)
{
  VsmHost *self = VSM_HOST (object);

  switch (prop_id)
    {
    case PROP_URI:
      self->connection = vsm_connection_new (g_value_get_string (value));
      self->title = vsm_uri_dup_title (g_value_get_string (value));
      g_signal_connect_object (self->connection, "notify::state",
                               G_CALLBACK (connection_state_cb), self, 0);
      g_signal_connect_object (self->connection, "pool-event",
                               G_CALLBACK (pool_event_cb), self, 0);
      g_signal_connect_object (self->connection, "domain-event",
                               G_CALLBACK (domain_event_cb), self, 0);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vsm_host_class_init (VsmHostClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags ro = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->dispose = vsm_host_dispose;
  object_class->finalize = vsm_host_finalize;
  object_class->get_property = vsm_host_get_property;
  object_class->set_property = vsm_host_set_property;

  properties[PROP_URI] = g_param_spec_string ("uri", NULL, NULL, NULL,
                                              G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TITLE] = g_param_spec_string ("title", NULL, NULL, NULL, ro);
  properties[PROP_CONNECTION] = g_param_spec_object ("connection", NULL, NULL, VSM_TYPE_CONNECTION,
                                                     G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_POOLS] = g_param_spec_object ("pools", NULL, NULL, VSM_TYPE_KEYED_LIST,
                                                G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_DOMAINS] = g_param_spec_object ("domains", NULL, NULL, VSM_TYPE_KEYED_LIST,
                                                  G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_POOLS_LOADED] = g_param_spec_boolean ("pools-loaded", NULL, NULL, FALSE, ro);
  properties[PROP_IS_DEMO] = g_param_spec_boolean ("is-demo", NULL, NULL, FALSE, ro);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
vsm_host_init (VsmHost *self)
{
  self->pools = vsm_keyed_list_new (VSM_TYPE_POOL, pool_key);
  self->domains = vsm_keyed_list_new (VSM_TYPE_DOMAIN, domain_key);
  self->cancellable = g_cancellable_new ();
  self->pending_pools = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->volume_loads = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) volume_load_free);
  self->load_retried = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->users_by_path = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, string_free);
  self->users_by_volume = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, string_free);
  g_queue_init (&self->totals_queue);
}

VsmHost *
vsm_host_new (const char *uri)
{
  return g_object_new (VSM_TYPE_HOST, "uri", uri, NULL);
}

VsmConnection *vsm_host_get_connection (VsmHost *self) { g_return_val_if_fail (VSM_IS_HOST (self), NULL); return self->connection; }
const char *vsm_host_get_uri (VsmHost *self) { g_return_val_if_fail (VSM_IS_HOST (self), NULL); return vsm_connection_get_uri (self->connection); }
const char *vsm_host_get_title (VsmHost *self) { g_return_val_if_fail (VSM_IS_HOST (self), NULL); return self->title; }
VsmKeyedList *vsm_host_get_pools (VsmHost *self) { g_return_val_if_fail (VSM_IS_HOST (self), NULL); return self->pools; }
VsmKeyedList *vsm_host_get_domains (VsmHost *self) { g_return_val_if_fail (VSM_IS_HOST (self), NULL); return self->domains; }
gboolean vsm_host_get_pools_loaded (VsmHost *self) { g_return_val_if_fail (VSM_IS_HOST (self), FALSE); return self->pools_loaded; }

gboolean
vsm_host_get_is_demo (VsmHost *self)
{
  g_return_val_if_fail (VSM_IS_HOST (self), FALSE);
  return vsm_uri_is_test (vsm_host_get_uri (self));
}

VsmPool *
vsm_host_find_pool (VsmHost    *self,
                    const char *uuid)
{
  g_return_val_if_fail (VSM_IS_HOST (self), NULL);
  return vsm_keyed_list_lookup (self->pools, uuid);
}

VsmPool *
vsm_host_find_pool_by_name (VsmHost    *self,
                            const char *name)
{
  guint n;

  g_return_val_if_fail (VSM_IS_HOST (self), NULL);

  n = vsm_keyed_list_get_n_items (self->pools);
  for (guint i = 0; i < n; i++)
    {
      VsmPool *pool = vsm_keyed_list_get (self->pools, i);
      if (g_strcmp0 (vsm_pool_get_name (pool), name) == 0)
        return pool;
    }
  return NULL;
}
