/* vsm-host-volumes.c
 *
 * VsmHost's volumes: listing a pool's volumes (names first, details in
 * batches), the "used by" index of the domains' disks, and deleting a
 * volume. See vsm-host-private.h.
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
#include "vsm-uri.h"
#include "vsm-volume.h"

void
_vsm_host_volume_load_free (VolumeLoad *load)
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

/* frees a "used by" entry (a GString of names) */
void
_vsm_host_names_free (gpointer s)
{
  g_string_free (s, TRUE);
}

void
_vsm_host_rebuild_users_index (VsmHost *self)
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

/* Adds each name of @names ("a, b") that @out does not have yet. */
static void
add_names (GPtrArray  *out,
           const char *names)
{
  g_auto(GStrv) each = names != NULL && *names ? g_strsplit (names, ", ", -1) : NULL;

  for (guint i = 0; each != NULL && each[i] != NULL; i++)
    if (!g_ptr_array_find_with_equal_func (out, each[i], g_str_equal, NULL))
      g_ptr_array_add (out, g_strdup (each[i]));
}

static char *
join_names (GPtrArray *names)
{
  if (names == NULL || names->len == 0)
    return NULL;
  g_ptr_array_add (names, NULL);
  return g_strjoinv (", ", (char **) names->pdata);
}

typedef struct
{
  VsmPool   *pool;
  VsmVolume *volume;
  char      *direct;       /* the machines whose disks are it */
  GPtrArray *users;        /* + the machines of the volumes built on it */
  GPtrArray *backing_of;   /* the volumes built on it */
} Users;

static void
users_free (Users *u)
{
  g_free (u->direct);
  g_ptr_array_unref (u->users);
  g_ptr_array_unref (u->backing_of);
  g_free (u);
}

static int
compare_names (const char **a,
                          const char **b)
{
  return g_utf8_collate (*a, *b);
}

/* A chain longer than this is cut (a loop in broken metadata must end). */
#define MAX_CHAIN 16

/**
 * _vsm_host_update_all_users:
 *
 * Who depends on each listed volume: the machines whose disks are it, and
 * through backing chains the volumes built on it and their machines (the
 * base of a machine's overlay is used by that machine too, so deleting it
 * warns).
 */
void
_vsm_host_update_all_users (VsmHost *self)
{
  g_autoptr(GHashTable) by_path = g_hash_table_new (g_str_hash, g_str_equal);   /* path → Users */
  g_autoptr(GPtrArray) all = g_ptr_array_new_with_free_func ((GDestroyNotify) users_free);

  for (guint i = 0; i < vsm_keyed_list_get_n_items (self->pools); i++)
    {
      VsmPool *pool = vsm_keyed_list_get (self->pools, i);
      VsmKeyedList *vols = vsm_pool_get_volumes (pool);

      for (guint j = 0; j < vsm_keyed_list_get_n_items (vols); j++)
        {
          Users *u = g_new0 (Users, 1);

          u->pool = pool;
          u->volume = vsm_keyed_list_get (vols, j);
          u->direct = vsm_host_dup_users_of (self, pool, vsm_volume_get_name (u->volume),
                                             vsm_volume_get_path (u->volume));
          u->users = g_ptr_array_new_with_free_func (g_free);
          u->backing_of = g_ptr_array_new_with_free_func (g_free);
          add_names (u->users, u->direct);
          g_ptr_array_add (all, u);
          if (vsm_volume_get_path (u->volume) != NULL)
            g_hash_table_insert (by_path, (gpointer) vsm_volume_get_path (u->volume), u);
        }
    }

  /* down each volume's chain: it and its machines depend on every file in it */
  for (guint i = 0; i < all->len; i++)
    {
      Users *top = g_ptr_array_index (all, i);
      const char *backing = vsm_volume_get_backing_path (top->volume);

      for (guint depth = 0; backing != NULL && depth < MAX_CHAIN; depth++)
        {
          Users *base = g_hash_table_lookup (by_path, backing);

          if (base == NULL || base == top)
            break;
          add_names (base->backing_of, vsm_volume_get_name (top->volume));
          add_names (base->users, top->direct);
          backing = vsm_volume_get_backing_path (base->volume);
        }
    }

  for (guint i = 0; i < all->len; i++)
    {
      Users *u = g_ptr_array_index (all, i);
      g_autofree char *users = NULL;
      g_autofree char *backing_of = NULL;

      g_ptr_array_sort (u->backing_of, (GCompareFunc) compare_names);
      users = join_names (u->users);
      backing_of = join_names (u->backing_of);

      vsm_volume_set_users (u->volume, users, backing_of);
    }
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
          vsm_keyed_list_sync (vols, names, NULL);
          g_hash_table_remove_all (names);
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
      /* the machines using it at once; the backing chains once the
       * listing is complete (_vsm_host_update_all_users): a base keeps
       * what it had until then, its machines through the chain too */
      if (snap->has_details && vsm_volume_get_backing_of (vol) == NULL)
        {
          g_autofree char *users = vsm_host_dup_users_of (self, pool, vsm_volume_get_name (vol),
                                                          vsm_volume_get_path (vol));
          vsm_volume_set_users (vol, users, vsm_volume_get_backing_of (vol));
        }
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
  /* what the view says in place of the rows (never "no volumes": libvirt
   * did not say so), until a load succeeds */
  vsm_pool_set_volumes_error (pool, error->message);
  vsm_pool_set_volumes_loading (pool, FALSE);
  vsm_pool_set_totals_pending (pool, FALSE);
  if (self != NULL)
    _vsm_host_totals_resume (self);
  /* The list is now partial (names without details, say, when the pool
   * stopped half way). Re-read the pool once: stopped, the rows go;
   * running again (restarted meanwhile, so no "active" change was seen),
   * the volumes are listed afresh. One retry per failure streak, so a
   * pool that cannot be listed does not loop. */
  if (self != NULL && vsm_keyed_list_lookup (self->pools, vsm_pool_get_uuid (pool)) == pool &&
      g_hash_table_add (self->load_retried, g_strdup (vsm_pool_get_uuid (pool))))
    {
      g_hash_table_remove (self->volume_loads, vsm_pool_get_uuid (pool));
      _vsm_host_refresh_pool_full (self, vsm_pool_get_uuid (pool), TRUE);
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
  VsmVolumeListing listing = { 0 };

  if (!vsm_connection_list_volumes_finish (VSM_CONNECTION (object), result, &listing, &error))
    volumes_load_failed (self, pool, error);
  else
    {
      if (self != NULL)
        {
          g_hash_table_remove (self->load_retried, vsm_pool_get_uuid (pool));
          g_hash_table_remove (self->volume_loads, vsm_pool_get_uuid (pool));
        }
      vsm_pool_set_volumes_error (pool, NULL);
      /* a pool bigger than libvirt lists: say how big, before "loaded" */
      vsm_pool_set_volumes_partial (pool, listing.n_in_pool > listing.n_listed ? listing.n_in_pool : 0,
                                    listing.limit);
      vsm_pool_set_volumes_loading (pool, FALSE);
      vsm_pool_set_volumes_loaded (pool, TRUE);
      vsm_pool_recompute_totals (pool);
      vsm_pool_set_totals_pending (pool, FALSE);
      if (self != NULL)
        {
          _vsm_host_update_all_users (self);
          _vsm_host_totals_resume (self);
        }
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
  /* what the user is looking at first: sums of other pools wait */
  _vsm_host_totals_yield (self, pool);
  vsm_pool_set_volumes_loading (pool, TRUE);
  vsm_connection_list_volumes_async (self->connection, vsm_pool_get_uuid (pool),
                                     G_OBJECT (self), volume_batch_cb, cancellable,
                                     volumes_loaded_cb, done);
}

static void
volume_looked_up_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  VsmHost *self = g_task_get_source_object (task);
  VsmPool *pool = g_task_get_task_data (task);
  GError *error = NULL;
  g_autoptr(VsmVolumeSnapshot) snap = vsm_connection_query_finish (VSM_CONNECTION (object), result, &error);
  VsmKeyedList *vols;
  VsmVolume *vol;

  if (snap == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  /* stopped or gone meanwhile: it has no volume list to join */
  if (vsm_keyed_list_lookup (self->pools, vsm_pool_get_uuid (pool)) != pool || !vsm_pool_get_active (pool))
    {
      /* for the caller only (the view shows nothing of it): untranslated */
      g_task_return_new_error (task, VSM_ERROR, VSM_ERROR_INVALID_STATE, "The pool is no longer active");
      return;
    }
  vols = vsm_pool_get_volumes (pool);
  vol = vsm_keyed_list_lookup (vols, snap->name);
  if (vol == NULL)
    {
      g_autoptr(GPtrArray) added = g_ptr_array_new_with_free_func (g_object_unref);

      vol = vsm_volume_new (snap->name);
      g_ptr_array_add (added, vol);
      vsm_volume_apply_snapshot (vol, snap);
      vsm_keyed_list_add_many (vols, added);
    }
  else
    vsm_volume_apply_snapshot (vol, snap);
  {
    g_autofree char *users = vsm_host_dup_users_of (self, pool, vsm_volume_get_name (vol), vsm_volume_get_path (vol));
    vsm_volume_set_users (vol, users, vsm_volume_get_backing_of (vol));
  }
  g_task_return_pointer (task, g_object_ref (vol), g_object_unref);
}

/**
 * vsm_host_look_up_volume_async:
 * @name: the volume's exact name
 *
 * Reads the volume @name of @pool from libvirt by its name, which works
 * for every volume, also one that a partial listing (a pool bigger than
 * libvirt's remote protocol lists) did not name, and adds it to the
 * pool's volumes. Fails with VSM_ERROR_NOT_FOUND when there is none of
 * that name.
 */
void
vsm_host_look_up_volume_async (VsmHost             *self,
                               VsmPool             *pool,
                               const char          *name,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (VSM_IS_HOST (self));
  g_return_if_fail (VSM_IS_POOL (pool));
  g_return_if_fail (name != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, vsm_host_look_up_volume_async);
  g_task_set_task_data (task, g_object_ref (pool), g_object_unref);
  vsm_connection_query_async (self->connection,
                              &(VsmQuery) { .kind = VSM_QUERY_VOLUME, .uuid = vsm_pool_get_uuid (pool), .name = name },
                              cancellable, volume_looked_up_cb, task);
}

/**
 * vsm_host_look_up_volume_finish:
 *
 * Returns: (transfer full): the volume, now among its pool's volumes, or
 *   %NULL with @error
 */
VsmVolume *
vsm_host_look_up_volume_finish (VsmHost       *self,
                                GAsyncResult  *result,
                                GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
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
  _vsm_host_refresh_pool_snapshot (self, vsm_pool_get_uuid (pool));
  vsm_host_load_volumes (self, pool);
}

/**
 * vsm_host_find_volume_by_path:
 * @pool_out: (out) (optional) (transfer none): its pool
 *
 * Returns: (transfer none) (nullable): the volume at @path among the
 *   volumes listed so far, in any pool
 */
VsmVolume *
vsm_host_find_volume_by_path (VsmHost     *self,
                              const char  *path,
                              VsmPool    **pool_out)
{
  VsmKeyedList *pools;

  g_return_val_if_fail (VSM_IS_HOST (self), NULL);

  pools = vsm_host_get_pools (self);
  for (guint i = 0; path != NULL && i < vsm_keyed_list_get_n_items (pools); i++)
    {
      VsmPool *pool = vsm_keyed_list_get (pools, i);
      VsmKeyedList *vols = vsm_pool_get_volumes (pool);

      for (guint j = 0; j < vsm_keyed_list_get_n_items (vols); j++)
        {
          VsmVolume *vol = vsm_keyed_list_get (vols, j);

          if (g_strcmp0 (vsm_volume_get_path (vol), path) == 0)
            {
              if (pool_out != NULL)
                *pool_out = pool;
              return vol;
            }
        }
    }
  return NULL;
}
