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
#include "vsm-host-private.h"
#include "vsm-notify.h"
#include "vsm-uri.h"
#include "vsm-volume.h"

/* Events come in bursts (a pool-start emits STARTED then REFRESH); one
 * snapshot after a short quiet time is enough. */
#define EVENT_COALESCE_MSEC 40

G_DEFINE_FINAL_TYPE (VsmHost, vsm_host, G_TYPE_OBJECT)

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
  vsm_notify_set_bool (G_OBJECT (self), &self->pools_loaded, loaded, properties[PROP_POOLS_LOADED]);
}

/* ------------------------------------------------------------------ */
/* Listing pools or domains                                            */

/* A fresh listing of the pools or of the domains, applied to the keyed
 * list that shows them: they differ only in these. */
typedef struct
{
  const char    *what;    /* for the debug line */
  VsmQueryKind   query;   /* the service's listing, a GPtrArray of snapshots */
  VsmKeyedList *(*list) (VsmHost *self);
  /* updates or makes (into @added) the item of one snapshot; returns
   * its key, or NULL for a snapshot that is left out */
  const char   *(*apply) (VsmHost       *self,
                          gconstpointer  snap,
                          GPtrArray     *added);
  void          (*listed) (VsmHost *self);
} Listing;

typedef struct
{
  VsmHost       *self;
  const Listing *listing;
} ListCall;

static void
listed_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  ListCall *call = user_data;
  g_autoptr(VsmHost) self = call->self;
  const Listing *listing = call->listing;
  g_autoptr(GPtrArray) snaps = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) seen = NULL;
  g_autoptr(GPtrArray) added = NULL;

  g_free (call);
  snaps = vsm_connection_query_finish (VSM_CONNECTION (object), result, &error);
  if (snaps == NULL)
    {
      g_debug ("listing %s failed: %s", listing->what, error->message);
      return;
    }

  seen = g_hash_table_new (g_str_hash, g_str_equal);
  added = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < snaps->len; i++)
    {
      const char *key = listing->apply (self, g_ptr_array_index (snaps, i), added);

      if (key != NULL)
        g_hash_table_add (seen, (gpointer) key);
    }

  vsm_keyed_list_sync (listing->list (self), seen, added);
  listing->listed (self);
}

static void
list_all (VsmHost       *self,
          const Listing *listing)
{
  ListCall *call = g_new0 (ListCall, 1);

  call->self = g_object_ref (self);
  call->listing = listing;
  vsm_connection_query_async (self->connection, &(VsmQuery) { .kind = listing->query },
                              self->cancellable, listed_cb, call);
}

/* ------------------------------------------------------------------ */
/* Domains                                                             */

static const char *
apply_domain_snapshot (VsmHost       *self,
                       gconstpointer  data,
                       GPtrArray     *added)
{
  const VsmDomainSnapshot *snap = data;
  VsmDomain *dom;

  if (snap->uuid == NULL)
    return NULL;
  dom = vsm_keyed_list_lookup (self->domains, snap->uuid);
  if (dom == NULL)
    {
      dom = vsm_domain_new (snap->uuid);
      g_ptr_array_add (added, dom);
    }
  vsm_domain_apply_snapshot (dom, snap);
  return snap->uuid;
}

static void
domains_listed (VsmHost *self)
{
  _vsm_host_rebuild_users_index (self);
  _vsm_host_update_all_users (self);
}

static const Listing domain_listing = {
  "domains",
  VSM_QUERY_DOMAINS,
  vsm_host_get_domains,
  apply_domain_snapshot,
  domains_listed,
};

/* Lists the domains again (their states and disks, then the used-by
 * index): after our own change to one. */
void
_vsm_host_list_domains (VsmHost *self)
{
  if (vsm_connection_get_state (self->connection) == VSM_CONNECTION_STATE_CONNECTED)
    list_all (self, &domain_listing);
}

static gboolean
domain_event_timeout (gpointer data)
{
  VsmHost *self = data;

  self->domain_event_source = 0;
  list_all (self, &domain_listing);
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

/* The sums of volume capacities behind each pool's overcommit figure,
 * for pools whose volumes are not listed: one pool at a time, and only
 * while no volume list loads, so they never compete with what the user
 * is looking at; a load that starts meanwhile makes the running sum yield
 * (_vsm_host_totals_yield). A pool waiting for its sum is
 * "totals-pending" (its row says "calculating…"). */
static void
enqueue_totals (VsmHost *self,
                VsmPool *pool)
{
  if (!vsm_pool_get_active (pool) || vsm_pool_get_volumes_loaded (pool) ||
      vsm_pool_get_volumes_loading (pool))
    return;
  vsm_pool_set_totals_pending (pool, TRUE);
  if (g_strcmp0 (self->totals_uuid, vsm_pool_get_uuid (pool)) == 0 ||
      g_queue_find_custom (&self->totals_queue, vsm_pool_get_uuid (pool), (GCompareFunc) g_strcmp0))
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
  g_autoptr(GError) error = NULL;
  g_autofree VsmPoolTotals *totals = vsm_connection_query_finish (VSM_CONNECTION (object), result, &error);
  g_autofree char *uuid = NULL;
  VsmPool *pool;

  /* yielded to a volume load (requeued), or the connection went */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  uuid = g_steal_pointer (&self->totals_uuid);
  self->totals_running = FALSE;
  g_clear_object (&self->totals_cancellable);
  pool = uuid != NULL ? vsm_keyed_list_lookup (self->pools, uuid) : NULL;
  if (pool != NULL)
    {
      /* The full volume list, if it arrived meanwhile, is more current. */
      if (totals != NULL && !vsm_pool_get_volumes_loaded (pool))
        vsm_pool_set_totals (pool, totals->sum_capacity, totals->n_volumes);
      vsm_pool_set_totals_pending (pool, FALSE);
    }
  run_totals_queue (self);
}

/* The pool whose volumes were asked for last (what the user looks at) is
 * loading them. A pool left behind, slow to list, does not hold the sums
 * up. */
static gboolean
foreground_loading (VsmHost *self)
{
  VsmPool *pool = self->foreground_uuid != NULL ? vsm_keyed_list_lookup (self->pools, self->foreground_uuid) : NULL;

  return pool != NULL && vsm_pool_get_volumes_loading (pool);
}

static void
run_totals_queue (VsmHost *self)
{
  while (!self->totals_running && !g_queue_is_empty (&self->totals_queue) &&
         vsm_connection_get_state (self->connection) == VSM_CONNECTION_STATE_CONNECTED &&
         !foreground_loading (self))
    {
      g_autofree char *uuid = g_queue_pop_head (&self->totals_queue);
      VsmPool *pool = vsm_keyed_list_lookup (self->pools, uuid);

      /* (a pool just listed is queued before it joins the model) */
      if (pool != NULL && (!vsm_pool_get_active (pool) || vsm_pool_get_volumes_loaded (pool)))
        {
          vsm_pool_set_totals_pending (pool, FALSE);
          continue;
        }
      self->totals_running = TRUE;
      self->totals_uuid = g_steal_pointer (&uuid);
      self->totals_cancellable = g_cancellable_new ();
      g_signal_connect_object (self->cancellable, "cancelled", G_CALLBACK (g_cancellable_cancel),
                               self->totals_cancellable, G_CONNECT_SWAPPED);
      vsm_connection_query_async (self->connection,
                                  &(VsmQuery) { .kind = VSM_QUERY_POOL_TOTALS, .uuid = self->totals_uuid },
                                  self->totals_cancellable, totals_cb, g_object_ref (self));
    }
}

/* A volume list starts loading (@loading's): a running sum stops and goes
 * back to the head of the queue, unless it is @loading's own (its list
 * gives the sum). */
void
_vsm_host_totals_yield (VsmHost *self,
                        VsmPool *loading)
{
  GList *queued;

  g_free (self->foreground_uuid);
  self->foreground_uuid = g_strdup (vsm_pool_get_uuid (loading));
  queued = g_queue_find_custom (&self->totals_queue, vsm_pool_get_uuid (loading), (GCompareFunc) g_strcmp0);
  if (queued != NULL)
    {
      g_free (queued->data);
      g_queue_delete_link (&self->totals_queue, queued);
    }
  if (!self->totals_running)
    return;
  g_cancellable_cancel (self->totals_cancellable);
  g_clear_object (&self->totals_cancellable);
  if (g_strcmp0 (self->totals_uuid, vsm_pool_get_uuid (loading)) != 0)
    g_queue_push_head (&self->totals_queue, g_steal_pointer (&self->totals_uuid));
  g_clear_pointer (&self->totals_uuid, g_free);
  self->totals_running = FALSE;
}

/* A volume list finished loading, or failed: the sums go on. */
void
_vsm_host_totals_resume (VsmHost *self)
{
  run_totals_queue (self);
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

static const char *
apply_listed_pool (VsmHost       *self,
                   gconstpointer  data,
                   GPtrArray     *added)
{
  const VsmPoolSnapshot *snap = data;

  apply_pool_snapshot (self, snap, added);
  return snap->uuid;
}

static void
pools_listed (VsmHost *self)
{
  set_pools_loaded (self, TRUE);
}

static const Listing pool_listing = {
  "pools",
  VSM_QUERY_POOLS,
  vsm_host_get_pools,
  apply_listed_pool,
  pools_listed,
};

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

  snap = vsm_connection_query_finish (VSM_CONNECTION (object), result, &error);
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

void
_vsm_host_refresh_pool_full (VsmHost    *self,
                             const char *uuid,
                             gboolean    load_volumes)
{
  SnapshotCall *call = g_new0 (SnapshotCall, 1);

  call->self = g_object_ref (self);
  call->uuid = g_strdup (uuid);
  call->load_volumes = load_volumes;
  vsm_connection_query_async (self->connection,
                              &(VsmQuery) { .kind = VSM_QUERY_POOL, .uuid = uuid },
                              self->cancellable, pool_snapshot_cb, call);
}

void
_vsm_host_refresh_pool_snapshot (VsmHost    *self,
                                 const char *uuid)
{
  _vsm_host_refresh_pool_full (self, uuid, FALSE);
}

/* The pool list again (a pool appeared), nothing else. */
void
_vsm_host_relist_pools (VsmHost *self)
{
  list_all (self, &pool_listing);
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
          list_all (self, &pool_listing);
          break;
        }
      _vsm_host_refresh_pool_snapshot (self, key);
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
/* Operations                                                          */

typedef struct
{
  VsmPool       *pool;
  VsmPoolAction  action;
  gboolean       stopping;    /* DELETE, UNDEFINE: stopping the pool first */
  VsmBuildMode   build;      /* of VSM_POOL_ACTION_BUILD */
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
                                            ad->build, g_task_get_cancellable (task), pool_action_cb,
                                            g_object_ref (task));
          return;
        }
      vsm_pool_set_busy (ad->pool, FALSE);
      if (vsm_connection_get_state (self->connection) == VSM_CONNECTION_STATE_CONNECTED)
        _vsm_host_refresh_pool_snapshot (self, vsm_pool_get_uuid (ad->pool));
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
      _vsm_host_refresh_pool_full (self, vsm_pool_get_uuid (ad->pool), ad->action == VSM_POOL_ACTION_START);
      if (ad->action == VSM_POOL_ACTION_REFRESH)
        vsm_host_load_volumes (self, ad->pool);
    }

  if (!vsm_connection_pool_action_finish (VSM_CONNECTION (object), result, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (ad->action == VSM_POOL_ACTION_DELETE)
    vsm_pool_set_storage_deleted (ad->pool, TRUE);
  else if (ad->action == VSM_POOL_ACTION_START || ad->action == VSM_POOL_ACTION_BUILD)
    vsm_pool_set_storage_deleted (ad->pool, FALSE);
  g_task_return_boolean (task, TRUE);
}

static void
run_pool_action (VsmHost             *self,
                 VsmPool             *pool,
                 VsmPoolAction        action,
                 VsmBuildMode         build,
                 GCancellable        *cancellable,
                 GAsyncReadyCallback  callback,
                 gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  ActionData *ad;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, vsm_host_pool_action_async);
  ad = g_new0 (ActionData, 1);
  ad->pool = g_object_ref (pool);
  ad->action = action;
  ad->build = build;
  g_task_set_task_data (task, ad, (GDestroyNotify) action_data_free);

  /* libvirt deletes and undefines only inactive pools ("still
   * active"): stop a running one first, as one operation. */
  ad->stopping = (action == VSM_POOL_ACTION_DELETE || action == VSM_POOL_ACTION_UNDEFINE) &&
                 vsm_pool_get_active (pool);
  vsm_pool_set_busy (pool, TRUE);
  vsm_connection_pool_action_async (self->connection, vsm_pool_get_uuid (pool),
                                    ad->stopping ? VSM_POOL_ACTION_STOP : action, build,
                                    cancellable, pool_action_cb, g_steal_pointer (&task));
}

/**
 * vsm_host_pool_action_async:
 *
 * Runs @action on @pool (busy meanwhile) and re-reads what it changed.
 * DELETE and UNDEFINE stop a running pool first, since libvirt refuses
 * both on an active pool; a failed stop is the operation's error. A
 * build goes through vsm_host_build_pool_async(), which takes its mode.
 */
void
vsm_host_pool_action_async (VsmHost             *self,
                            VsmPool             *pool,
                            VsmPoolAction        action,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_return_if_fail (VSM_IS_HOST (self));
  g_return_if_fail (VSM_IS_POOL (pool));
  g_return_if_fail (action != VSM_POOL_ACTION_BUILD);

  run_pool_action (self, pool, action, VSM_BUILD_DEFAULT, cancellable, callback, user_data);
}

/**
 * vsm_host_build_pool_async:
 * @build: one of the pool type's build choices
 *
 * pool-build with @build's flag, as vsm_host_pool_action_async() runs an
 * action; finish with vsm_host_pool_action_finish().
 */
void
vsm_host_build_pool_async (VsmHost             *self,
                           VsmPool             *pool,
                           VsmBuildMode         build,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_return_if_fail (VSM_IS_HOST (self));
  g_return_if_fail (VSM_IS_POOL (pool));
  g_return_if_fail (build != VSM_BUILD_NONE);

  run_pool_action (self, pool, VSM_POOL_ACTION_BUILD, build, cancellable, callback, user_data);
}

gboolean
vsm_host_pool_action_finish (VsmHost       *self,
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
  g_clear_pointer (&self->totals_uuid, g_free);
  g_clear_pointer (&self->foreground_uuid, g_free);
  g_clear_object (&self->totals_cancellable);
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

  list_all (self, &pool_listing);
  list_all (self, &domain_listing);

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
  g_free (self->totals_uuid);
  g_free (self->foreground_uuid);
  g_clear_object (&self->totals_cancellable);
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
vsm_host_class_init (VsmHostClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags ro = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->dispose = vsm_host_dispose;
  object_class->finalize = vsm_host_finalize;
  object_class->get_property = vsm_host_get_property;

  properties[PROP_URI] = g_param_spec_string ("uri", NULL, NULL, NULL,
                                              G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
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
  self->volume_loads = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) _vsm_host_volume_load_free);
  self->load_retried = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->users_by_path = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, _vsm_host_names_free);
  self->users_by_volume = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, _vsm_host_names_free);
  g_queue_init (&self->totals_queue);
}

VsmHost *
vsm_host_new (const char *uri)
{
  VsmHost *self = g_object_new (VSM_TYPE_HOST, NULL);

  self->connection = vsm_connection_new (uri);
  self->title = vsm_uri_dup_title (uri);
  g_signal_connect_object (self->connection, "notify::state",
                           G_CALLBACK (connection_state_cb), self, 0);
  g_signal_connect_object (self->connection, "pool-event",
                           G_CALLBACK (pool_event_cb), self, 0);
  g_signal_connect_object (self->connection, "domain-event",
                           G_CALLBACK (domain_event_cb), self, 0);
  return self;
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
