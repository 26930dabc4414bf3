/* test-models.c: VsmPool, VsmVolume, VsmDomain and the pool-type table
 *
 * Copyright 2026 Virt Storage developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib-object.h>
#include <string.h>

#include "vsm-domain.h"
#include "vsm-pool.h"
#include "vsm-pool-type.h"
#include "vsm-size.h"
#include "vsm-volume.h"

#define GiB G_GUINT64_CONSTANT (1073741824)

/* ------------------------------------------------------------------ */
/* Notify counting                                                     */

typedef struct
{
  GHashTable *counts;   /* property name → count */
} Notes;

static void
notify_cb (GObject    *object,
           GParamSpec *pspec,
           Notes      *n)
{
  guint c = GPOINTER_TO_UINT (g_hash_table_lookup (n->counts, pspec->name));
  g_hash_table_insert (n->counts, (gpointer) pspec->name, GUINT_TO_POINTER (c + 1));
}

static Notes *
notes_watch (gpointer object)
{
  Notes *n = g_new0 (Notes, 1);

  n->counts = g_hash_table_new (g_str_hash, g_str_equal);
  g_signal_connect (object, "notify", G_CALLBACK (notify_cb), n);
  g_object_set_data_full (object, "notes", n, NULL);
  return n;
}

static void
notes_free (Notes *n)
{
  g_hash_table_unref (n->counts);
  g_free (n);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Notes, notes_free)

static guint
notes_count (Notes      *n,
             const char *name)
{
  return GPOINTER_TO_UINT (g_hash_table_lookup (n->counts, name));
}

static guint
notes_total (Notes *n)
{
  return g_hash_table_size (n->counts);
}

static void
notes_reset (Notes *n)
{
  g_hash_table_remove_all (n->counts);
}

/* Sorted, comma-separated names of the notified properties. */
static char *
names_of (Notes *n)
{
  guint len;
  const char **keys = (const char **) g_hash_table_get_keys_as_array (n->counts, &len);
  char *joined;

  for (guint i = 0; i + 1 < len; i++)
    for (guint j = i + 1; j < len; j++)
      if (strcmp (keys[i], keys[j]) > 0)
        {
          const char *t = keys[i];
          keys[i] = keys[j];
          keys[j] = t;
        }
  joined = g_strjoinv (",", (char **) keys);
  g_free (keys);
  return joined;
}

#define assert_notified(notes, expected)               \
  G_STMT_START {                                       \
    g_autofree char *_names = names_of (notes);        \
    g_assert_cmpstr (_names, ==, expected);            \
  } G_STMT_END

/* ------------------------------------------------------------------ */
/* VsmPool                                                             */

static VsmPoolSnapshot *
pool_snapshot (void)
{
  VsmPoolSnapshot *snap = g_new0 (VsmPoolSnapshot, 1);

  snap->uuid = g_strdup ("11111111-2222-3333-4444-555555555501");
  snap->name = g_strdup ("images");
  snap->type = g_strdup ("dir");
  snap->state = VSM_POOL_STATE_RUNNING;
  snap->active = TRUE;
  snap->persistent = TRUE;
  snap->autostart = FALSE;
  snap->capacity = 100 * GiB;
  snap->allocation = 13 * GiB;
  snap->available = 87 * GiB;
  snap->target_path = g_strdup ("/var/lib/libvirt/images");
  return snap;
}

static void
add_volume (VsmPool    *pool,
            const char *name,
            guint64     capacity,
            guint64     allocation)
{
  g_autoptr(VsmVolume) vol = vsm_volume_new (name);
  VsmVolumeSnapshot snap = { 0 };

  snap.name = (char *) name;
  snap.capacity = capacity;
  snap.allocation = allocation;
  snap.has_details = TRUE;
  vsm_volume_apply_snapshot (vol, &snap);
  vsm_keyed_list_add (vsm_pool_get_volumes (pool), vol);
}

static void
test_pool_initial (void)
{
  g_autoptr(VsmPool) pool = vsm_pool_new ("uuid-1");
  GListModel *volumes = G_LIST_MODEL (vsm_pool_get_volumes (pool));

  g_assert_cmpstr (vsm_pool_get_uuid (pool), ==, "uuid-1");
  g_assert_null (vsm_pool_get_name (pool));
  g_assert_false (vsm_pool_get_active (pool));
  g_assert_false (vsm_pool_get_volumes_loaded (pool));
  g_assert_false (vsm_pool_get_totals_known (pool));
  g_assert_cmpfloat (vsm_pool_get_overcommit (pool), ==, 0.0);
  g_assert_true (g_list_model_get_item_type (volumes) == VSM_TYPE_VOLUME);
  g_assert_cmpuint (g_list_model_get_n_items (volumes), ==, 0);
}

static void
test_pool_apply_notifies (void)
{
  g_autoptr(VsmPool) pool = vsm_pool_new ("11111111-2222-3333-4444-555555555501");
  g_autoptr(VsmPoolSnapshot) snap = pool_snapshot ();
  g_autoptr(Notes) n = notes_watch (pool);
  g_autofree char *type_label = NULL;
  double usage = -1;

  vsm_pool_apply_snapshot (pool, snap);
  g_assert_cmpstr (vsm_pool_get_name (pool), ==, "images");
  g_assert_cmpstr (vsm_pool_get_pool_type (pool), ==, "dir");
  g_assert_cmpint (vsm_pool_get_state (pool), ==, VSM_POOL_STATE_RUNNING);
  g_assert_true (vsm_pool_get_active (pool));
  g_assert_true (vsm_pool_get_persistent (pool));
  g_assert_false (vsm_pool_get_autostart (pool));
  g_assert_cmpuint (vsm_pool_get_capacity (pool), ==, 100 * GiB);
  g_assert_cmpuint (vsm_pool_get_allocation (pool), ==, 13 * GiB);
  g_assert_cmpuint (vsm_pool_get_available (pool), ==, 87 * GiB);
  g_assert_cmpstr (vsm_pool_get_target_path (pool), ==, "/var/lib/libvirt/images");
  g_assert_null (vsm_pool_get_source (pool));
  g_object_get (pool, "type-label", &type_label, "usage", &usage, NULL);
  g_assert_cmpstr (type_label, ==, "Directory");
  g_assert_cmpfloat_with_epsilon (usage, 0.13, 1e-9);

  /* The first snapshot notifies every property it changed, once each
   * (notifications are frozen during the update). */
  assert_notified (n, "active,allocation,available,capacity,icon-name,name,overcommit,"
                      "overcommit-warning,persistent,pool-type,state,state-label,"
                      "target-path,type-label,usage");
  {
    GHashTableIter iter;
    gpointer value;

    g_hash_table_iter_init (&iter, n->counts);
    while (g_hash_table_iter_next (&iter, NULL, &value))
      g_assert_cmpuint (GPOINTER_TO_UINT (value), ==, 1);
  }

  /* The same snapshot again changes nothing and notifies nothing. */
  notes_reset (n);
  vsm_pool_apply_snapshot (pool, snap);
  assert_notified (n, "");

  /* A rename notifies only the name. */
  notes_reset (n);
  g_free (snap->name);
  snap->name = g_strdup ("renamed");
  vsm_pool_apply_snapshot (pool, snap);
  assert_notified (n, "name");
  g_assert_cmpuint (notes_count (n, "name"), ==, 1);

  /* Autostart alone. */
  notes_reset (n);
  snap->autostart = TRUE;
  vsm_pool_apply_snapshot (pool, snap);
  assert_notified (n, "autostart");
  g_assert_true (vsm_pool_get_autostart (pool));

  /* Allocation changes the usage too. */
  notes_reset (n);
  snap->allocation = 20 * GiB;
  snap->available = 80 * GiB;
  vsm_pool_apply_snapshot (pool, snap);
  assert_notified (n, "allocation,available,usage");

  /* Capacity changes usage and the overcommit figures. */
  notes_reset (n);
  snap->capacity = 200 * GiB;
  vsm_pool_apply_snapshot (pool, snap);
  assert_notified (n, "capacity,overcommit,overcommit-warning,usage");

  /* Type: its label and icon follow. */
  notes_reset (n);
  g_free (snap->type);
  snap->type = g_strdup ("netfs");
  g_free (snap->source);
  snap->source = g_strdup ("nas:/export");
  vsm_pool_apply_snapshot (pool, snap);
  assert_notified (n, "icon-name,pool-type,source,type-label");
  g_assert_cmpstr (vsm_pool_get_source (pool), ==, "nas:/export");

  /* A disk pool's disk, apart from the words: it names the partitions. */
  notes_reset (n);
  snap->source_device = g_strdup ("/dev/sdb");
  vsm_pool_apply_snapshot (pool, snap);
  assert_notified (n, "source-device");
  g_assert_cmpstr (vsm_pool_get_source_device (pool), ==, "/dev/sdb");

  /* State alone (still active). */
  notes_reset (n);
  snap->state = VSM_POOL_STATE_DEGRADED;
  vsm_pool_apply_snapshot (pool, snap);
  assert_notified (n, "state,state-label");
  g_assert_cmpuint (notes_total (n), ==, 2);
}

static void
test_pool_inactive_clears_volumes (void)
{
  g_autoptr(VsmPool) pool = vsm_pool_new ("u");
  g_autoptr(VsmPoolSnapshot) snap = pool_snapshot ();
  VsmKeyedList *volumes = vsm_pool_get_volumes (pool);
  g_autoptr(Notes) n = NULL;

  vsm_pool_apply_snapshot (pool, snap);
  add_volume (pool, "a.img", GiB, GiB);
  add_volume (pool, "b.img", GiB, GiB);
  vsm_pool_set_volumes_loaded (pool, TRUE);
  g_assert_cmpuint (vsm_keyed_list_get_n_items (volumes), ==, 2);

  /* An active snapshot leaves the volumes alone. */
  vsm_pool_apply_snapshot (pool, snap);
  g_assert_cmpuint (vsm_keyed_list_get_n_items (volumes), ==, 2);
  g_assert_true (vsm_pool_get_volumes_loaded (pool));

  n = notes_watch (pool);
  snap->active = FALSE;
  snap->state = VSM_POOL_STATE_INACTIVE;
  vsm_pool_apply_snapshot (pool, snap);
  g_assert_false (vsm_pool_get_active (pool));
  g_assert_cmpuint (vsm_keyed_list_get_n_items (volumes), ==, 0);
  g_assert_false (vsm_pool_get_volumes_loaded (pool));
  g_assert_cmpuint (notes_count (n, "active"), ==, 1);
  g_assert_cmpuint (notes_count (n, "volumes-loaded"), ==, 1);
  g_assert_cmpuint (notes_count (n, "state-label"), ==, 1);
  g_assert_cmpstr (vsm_pool_state_to_label (vsm_pool_get_state (pool)), ==, "Inactive");
}

static void
test_pool_totals (void)
{
  g_autoptr(VsmPool) pool = vsm_pool_new ("u");
  g_autoptr(VsmPoolSnapshot) snap = pool_snapshot ();
  g_autoptr(Notes) n = NULL;
  gboolean warning = TRUE;
  double overcommit = -1;
  guint n_volumes = 0;

  vsm_pool_apply_snapshot (pool, snap);          /* 100 GiB */
  n = notes_watch (pool);

  /* No volumes: known, 0 %. */
  vsm_pool_recompute_totals (pool);
  g_assert_true (vsm_pool_get_totals_known (pool));
  g_assert_cmpuint (vsm_pool_get_volume_capacity (pool), ==, 0);
  g_assert_cmpfloat (vsm_pool_get_overcommit (pool), ==, 0.0);
  assert_notified (n, "totals-known");

  add_volume (pool, "a.qcow2", 60 * GiB, 1 * GiB);
  add_volume (pool, "b.qcow2", 40 * GiB, 1 * GiB);
  notes_reset (n);
  vsm_pool_recompute_totals (pool);
  g_assert_cmpuint (vsm_pool_get_volume_capacity (pool), ==, 100 * GiB);
  g_assert_cmpfloat_with_epsilon (vsm_pool_get_overcommit (pool), 100.0, 1e-9);
  g_object_get (pool, "overcommit-warning", &warning, "n-volumes", &n_volumes, NULL);
  g_assert_false (warning);        /* exactly full is fine */
  g_assert_cmpuint (n_volumes, ==, 2);
  assert_notified (n, "n-volumes,overcommit,overcommit-warning,volume-capacity");

  /* Recomputing without change is silent. */
  notes_reset (n);
  vsm_pool_recompute_totals (pool);
  assert_notified (n, "");

  add_volume (pool, "c.qcow2", 47 * GiB, 0);
  vsm_pool_recompute_totals (pool);
  g_object_get (pool, "overcommit", &overcommit, "overcommit-warning", &warning, NULL);
  g_assert_cmpfloat_with_epsilon (overcommit, 147.0, 1e-9);
  g_assert_true (warning);

  /* set_totals (from the background sum) is what recompute uses. */
  vsm_pool_set_totals (pool, 10 * GiB, 7);
  g_assert_cmpuint (vsm_pool_get_volume_capacity (pool), ==, 10 * GiB);
  g_assert_cmpfloat_with_epsilon (vsm_pool_get_overcommit (pool), 10.0, 1e-9);
  g_object_get (pool, "n-volumes", &n_volumes, "overcommit-warning", &warning, NULL);
  g_assert_cmpuint (n_volumes, ==, 7);
  g_assert_false (warning);
}

/* A pool bigger than libvirt lists (VSM_VOLUME_LIST_MAX): the model says
 * so (partial, how many it holds, the limit), its overcommit figure is not
 * known (the sum of a part is not the pool's), and a complete listing or
 * the pool stopping ends it. A listing that failed keeps libvirt's words
 * until a load succeeds or the pool stops. */
static void
test_pool_partial_listing (void)
{
  g_autoptr(VsmPool) pool = vsm_pool_new ("u");
  g_autoptr(VsmPoolSnapshot) snap = pool_snapshot ();
  g_autoptr(Notes) n = NULL;
  gboolean partial = FALSE;
  guint in_pool = 0, limit = 0;
  g_autofree char *error = NULL;

  vsm_pool_apply_snapshot (pool, snap);
  add_volume (pool, "a.img", GiB, GiB);
  add_volume (pool, "b.img", GiB, GiB);
  vsm_pool_recompute_totals (pool);
  g_assert_true (vsm_pool_get_totals_known (pool));
  g_assert_false (vsm_pool_get_volumes_partial (pool));
  g_assert_cmpuint (vsm_pool_get_volumes_in_pool (pool), ==, 2);

  n = notes_watch (pool);
  vsm_pool_set_volumes_partial (pool, 17000, 16384);
  g_object_get (pool, "volumes-partial", &partial, "volumes-in-pool", &in_pool, "list-limit", &limit, NULL);
  g_assert_true (partial);
  g_assert_cmpuint (in_pool, ==, 17000);
  g_assert_cmpuint (limit, ==, 16384);
  g_assert_false (vsm_pool_get_totals_known (pool));
  assert_notified (n, "list-limit,totals-known,volumes-in-pool,volumes-partial");
  /* the loaded part does not pass for the pool's totals */
  vsm_pool_recompute_totals (pool);
  g_assert_false (vsm_pool_get_totals_known (pool));

  /* the same again is silent; a complete listing ends it */
  notes_reset (n);
  vsm_pool_set_volumes_partial (pool, 17000, 16384);
  assert_notified (n, "");
  vsm_pool_set_volumes_partial (pool, 0, 16384);
  g_assert_false (vsm_pool_get_volumes_partial (pool));
  g_assert_cmpuint (vsm_pool_get_volumes_in_pool (pool), ==, 2);
  vsm_pool_recompute_totals (pool);
  g_assert_true (vsm_pool_get_totals_known (pool));

  vsm_pool_set_volumes_error (pool, "Cannot recv data");
  g_object_get (pool, "volumes-error", &error, NULL);
  g_assert_cmpstr (error, ==, "Cannot recv data");

  /* stopped: neither the part nor the error is true any more */
  vsm_pool_set_volumes_partial (pool, 17000, 16384);
  snap->active = FALSE;
  snap->state = VSM_POOL_STATE_INACTIVE;
  vsm_pool_apply_snapshot (pool, snap);
  g_assert_false (vsm_pool_get_volumes_partial (pool));
  g_assert_null (vsm_pool_get_volumes_error (pool));
}

static void
test_pool_totals_zero_capacity (void)
{
  g_autoptr(VsmPool) pool = vsm_pool_new ("u");
  g_autoptr(VsmPoolSnapshot) snap = pool_snapshot ();
  gboolean warning = TRUE;

  snap->capacity = 0;
  vsm_pool_apply_snapshot (pool, snap);
  add_volume (pool, "a", 10 * GiB, 0);
  vsm_pool_recompute_totals (pool);
  g_assert_cmpfloat (vsm_pool_get_overcommit (pool), ==, 0.0);
  g_object_get (pool, "overcommit-warning", &warning, NULL);
  g_assert_false (warning);
}

static void
test_pool_totals_saturate (void)
{
  g_autoptr(VsmPool) pool = vsm_pool_new ("u");
  g_autoptr(VsmPoolSnapshot) snap = pool_snapshot ();

  vsm_pool_apply_snapshot (pool, snap);
  add_volume (pool, "a", G_MAXUINT64 - 5, 0);
  add_volume (pool, "b", 100, 0);
  vsm_pool_recompute_totals (pool);
  g_assert_cmpuint (vsm_pool_get_volume_capacity (pool), ==, G_MAXUINT64);
}

static void
test_pool_flags (void)
{
  g_autoptr(VsmPool) pool = vsm_pool_new ("u");
  g_autoptr(Notes) n = notes_watch (pool);

  vsm_pool_set_busy (pool, TRUE);
  vsm_pool_set_busy (pool, TRUE);
  g_assert_true (vsm_pool_get_busy (pool));
  vsm_pool_set_volumes_loading (pool, TRUE);
  g_assert_true (vsm_pool_get_volumes_loading (pool));
  vsm_pool_set_volumes_loaded (pool, 42);       /* normalised to TRUE */
  vsm_pool_set_volumes_loaded (pool, TRUE);
  g_assert_cmpint (vsm_pool_get_volumes_loaded (pool), ==, TRUE);
  assert_notified (n, "busy,volumes-loaded,volumes-loading");
  g_assert_cmpuint (notes_count (n, "busy"), ==, 1);
  g_assert_cmpuint (notes_count (n, "volumes-loaded"), ==, 1);
}

static void
test_pool_state_labels (void)
{
  g_assert_cmpstr (vsm_pool_state_to_label (VSM_POOL_STATE_INACTIVE), ==, "Inactive");
  g_assert_cmpstr (vsm_pool_state_to_label (VSM_POOL_STATE_BUILDING), ==, "Building");
  g_assert_cmpstr (vsm_pool_state_to_label (VSM_POOL_STATE_RUNNING), ==, "Active");
  g_assert_cmpstr (vsm_pool_state_to_label (VSM_POOL_STATE_DEGRADED), ==, "Degraded");
  g_assert_cmpstr (vsm_pool_state_to_label (VSM_POOL_STATE_INACCESSIBLE), ==, "Inaccessible");
  g_assert_cmpstr (vsm_pool_state_to_label (VSM_POOL_STATE_UNKNOWN), ==, "Unknown");
  g_assert_cmpstr (vsm_pool_state_to_label ((VsmPoolState) 42), ==, "Unknown");
}

/* ------------------------------------------------------------------ */
/* VsmVolume                                                           */

static void
test_volume_details (void)
{
  g_autoptr(VsmVolume) vol = vsm_volume_new ("disk1.qcow2");
  g_autoptr(Notes) n = notes_watch (vol);
  VsmVolumeSnapshot names = { 0 };
  VsmVolumeSnapshot details = { 0 };

  g_assert_cmpstr (vsm_volume_get_name (vol), ==, "disk1.qcow2");
  g_assert_false (vsm_volume_get_has_details (vol));
  g_assert_false (vsm_volume_get_thin (vol));

  /* Names-first batch: only the key. */
  names.name = (char *) "disk1.qcow2";
  names.key = (char *) "/img/disk1.qcow2";
  vsm_volume_apply_snapshot (vol, &names);
  assert_notified (n, "key");
  g_assert_cmpstr (vsm_volume_get_key (vol), ==, "/img/disk1.qcow2");
  g_assert_false (vsm_volume_get_has_details (vol));
  g_assert_null (vsm_volume_get_format (vol));

  /* Details: 2 of 20 GiB allocated → thin. */
  notes_reset (n);
  details.name = (char *) "disk1.qcow2";
  details.key = (char *) "/img/disk1.qcow2";
  details.path = (char *) "/img/disk1.qcow2";
  details.type = (char *) "file";
  details.format = (char *) "qcow2";
  details.capacity = 20 * GiB;
  details.allocation = 2 * GiB;
  details.has_details = TRUE;
  vsm_volume_apply_snapshot (vol, &details);
  g_assert_true (vsm_volume_get_has_details (vol));
  g_assert_true (vsm_volume_get_thin (vol));
  g_assert_cmpstr (vsm_volume_get_path (vol), ==, "/img/disk1.qcow2");
  g_assert_cmpstr (vsm_volume_get_format (vol), ==, "qcow2");
  g_assert_cmpstr (vsm_volume_get_volume_type (vol), ==, "file");
  g_assert_cmpuint (vsm_volume_get_capacity (vol), ==, 20 * GiB);
  g_assert_cmpuint (vsm_volume_get_allocation (vol), ==, 2 * GiB);
  assert_notified (n, "allocation,capacity,format,has-details,path,thin,volume-type");

  /* Same details again: silent. */
  notes_reset (n);
  vsm_volume_apply_snapshot (vol, &details);
  assert_notified (n, "");

  /* Encrypted now: only that changes. */
  notes_reset (n);
  details.encryption = (char *) "luks";
  vsm_volume_apply_snapshot (vol, &details);
  assert_notified (n, "encryption");
  g_assert_cmpstr (vsm_volume_get_encryption (vol), ==, "luks");
  details.encryption = NULL;
  vsm_volume_apply_snapshot (vol, &details);
  g_assert_null (vsm_volume_get_encryption (vol));
  notes_reset (n);

  /* A later names-only snapshot keeps the details. */
  vsm_volume_apply_snapshot (vol, &names);
  g_assert_true (vsm_volume_get_has_details (vol));
  g_assert_cmpstr (vsm_volume_get_format (vol), ==, "qcow2");
  assert_notified (n, "");

  /* Fully allocated → no longer thin; notify::thin follows. */
  notes_reset (n);
  details.allocation = 20 * GiB;
  vsm_volume_apply_snapshot (vol, &details);
  g_assert_false (vsm_volume_get_thin (vol));
  assert_notified (n, "allocation,thin");
}

static void
test_volume_thin_exact (void)
{
  const struct { guint64 cap; guint64 alloc; gboolean thin; } cases[] = {
    { 100, 0, TRUE },
    { 100, 89, TRUE },
    { 100, 99, TRUE },       /* libvirt's figures, no margin: one byte short is thin */
    { 100, 100, FALSE },
    { 100, 150, FALSE },     /* qcow2 metadata can exceed capacity */
    { 0, 0, FALSE },         /* no capacity: never thin */
    { 0, 10, FALSE },
    { 10 * GiB, 10 * GiB, FALSE },
    { 10 * GiB, 10 * GiB - 4096, TRUE },
    { 8 * GiB, 1 * GiB, TRUE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(VsmVolume) vol = vsm_volume_new ("v");
      VsmVolumeSnapshot snap = { 0 };

      snap.capacity = cases[i].cap;
      snap.allocation = cases[i].alloc;
      snap.has_details = TRUE;
      vsm_volume_apply_snapshot (vol, &snap);
      g_assert_cmpint (vsm_volume_get_thin (vol), ==, cases[i].thin);
    }

  {
    /* Without details nothing is thin, whatever the numbers. */
    g_autoptr(VsmVolume) vol = vsm_volume_new ("v");
    VsmVolumeSnapshot snap = { 0 };

    snap.capacity = 100;
    snap.allocation = 1;
    vsm_volume_apply_snapshot (vol, &snap);
    g_assert_false (vsm_volume_get_thin (vol));
    g_assert_cmpuint (vsm_volume_get_capacity (vol), ==, 0);
  }
}

static void
test_volume_used_by (void)
{
  g_autoptr(VsmVolume) vol = vsm_volume_new ("v");
  g_autoptr(Notes) n = notes_watch (vol);
  g_autofree char *prop = NULL;

  g_assert_null (vsm_volume_get_used_by (vol));
  vsm_volume_set_users (vol, "vm1, vm2", NULL);
  vsm_volume_set_users (vol, "vm1, vm2", NULL);
  g_assert_cmpstr (vsm_volume_get_used_by (vol), ==, "vm1, vm2");
  g_assert_cmpuint (notes_count (n, "used-by"), ==, 1);
  g_object_get (vol, "used-by", &prop, NULL);
  g_assert_cmpstr (prop, ==, "vm1, vm2");
  vsm_volume_set_users (vol, NULL, NULL);
  g_assert_null (vsm_volume_get_used_by (vol));
  g_assert_cmpuint (notes_count (n, "used-by"), ==, 2);
}

/* ------------------------------------------------------------------ */
/* VsmDomain                                                           */

static void
test_domain_labels (void)
{
  const char *labels[] = {
    "Unknown", "Running", "Blocked", "Paused", "Shutting down", "Shut off", "Crashed", "Suspended",
  };

  for (int i = 0; i < (int) G_N_ELEMENTS (labels); i++)
    g_assert_cmpstr (vsm_domain_state_to_label (i), ==, labels[i]);
  g_assert_cmpstr (vsm_domain_state_to_label (-1), ==, "Unknown");
  g_assert_cmpstr (vsm_domain_state_to_label (99), ==, "Unknown");
}

static void
test_domain_apply (void)
{
  const char *xml = "<domain><devices>"
                    "<disk type='file' device='disk'><source file='/img/a.qcow2'/><target dev='vda'/></disk>"
                    "<disk type='volume'><source pool='images' volume='b.raw'/><target dev='vdb'/></disk>"
                    "</devices></domain>";
  g_autoptr(VsmDomain) dom = vsm_domain_new ("dom-uuid");
  g_autoptr(Notes) n = notes_watch (dom);
  VsmDomainSnapshot *snap = g_new0 (VsmDomainSnapshot, 1);
  GPtrArray *disks;
  const VsmDiskSnapshot *d;
  g_autofree char *label = NULL;
  gboolean running = FALSE;

  g_assert_cmpstr (vsm_domain_get_uuid (dom), ==, "dom-uuid");
  g_assert_false (vsm_domain_get_running (dom));
  g_assert_cmpuint (vsm_domain_get_disks (dom)->len, ==, 0);

  snap->uuid = g_strdup ("dom-uuid");
  snap->name = g_strdup ("vm1");
  snap->state = 1;
  snap->disks = vsm_domain_disks_from_xml (xml, strlen (xml));
  vsm_domain_apply_snapshot (dom, snap);
  assert_notified (n, "name,running,state,state-label");

  /* The disks are a deep copy: the snapshot can go. */
  vsm_domain_snapshot_free (snap);
  disks = vsm_domain_get_disks (dom);
  g_assert_cmpuint (disks->len, ==, 2);
  d = g_ptr_array_index (disks, 0);
  g_assert_cmpstr (d->source, ==, "/img/a.qcow2");
  g_assert_cmpstr (d->target_dev, ==, "vda");
  d = g_ptr_array_index (disks, 1);
  g_assert_cmpstr (d->pool, ==, "images");
  g_assert_cmpstr (d->volume, ==, "b.raw");

  g_assert_cmpstr (vsm_domain_get_name (dom), ==, "vm1");
  g_assert_cmpint (vsm_domain_get_state (dom), ==, 1);
  g_assert_true (vsm_domain_get_running (dom));
  g_object_get (dom, "state-label", &label, "running", &running, NULL);
  g_assert_cmpstr (label, ==, "Running");
  g_assert_true (running);

  /* Shut off; disks replaced by an empty list. */
  notes_reset (n);
  snap = g_new0 (VsmDomainSnapshot, 1);
  snap->uuid = g_strdup ("dom-uuid");
  snap->name = g_strdup ("vm1");
  snap->state = 5;
  vsm_domain_apply_snapshot (dom, snap);
  vsm_domain_snapshot_free (snap);
  assert_notified (n, "running,state,state-label");
  g_assert_false (vsm_domain_get_running (dom));
  g_assert_cmpuint (vsm_domain_get_disks (dom)->len, ==, 0);
}

static void
test_domain_running (void)
{
  const struct { int state; gboolean running; } cases[] = {
    { 0, FALSE }, { 1, TRUE }, { 2, TRUE }, { 3, TRUE }, { 4, FALSE },
    { 5, FALSE }, { 6, FALSE }, { 7, FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(VsmDomain) dom = vsm_domain_new ("u");
      VsmDomainSnapshot snap = { 0 };

      snap.name = (char *) "d";
      snap.state = cases[i].state;
      vsm_domain_apply_snapshot (dom, &snap);
      g_assert_cmpint (vsm_domain_get_running (dom), ==, cases[i].running);
    }
}

/* ------------------------------------------------------------------ */
/* Pool types                                                          */

static void
test_pool_types (void)
{
  const char *wizard[] = {
    "dir", "fs", "netfs", "logical", "disk", "iscsi", "scsi", "iscsi-direct", "rbd", "gluster",
  };
  const VsmPoolTypeInfo *unknown = vsm_pool_type_lookup ("no-such-type");

  for (guint i = 0; i < G_N_ELEMENTS (wizard); i++)
    {
      const VsmPoolTypeInfo *info = vsm_pool_type_lookup (wizard[i]);

      g_test_message ("pool type %s", wizard[i]);
      g_assert_nonnull (info);
      g_assert_true (info != unknown);
      g_assert_cmpstr (info->id, ==, wizard[i]);
      g_assert_nonnull (info->label);
      g_assert_cmpstr (vsm_pool_type_get_label (wizard[i]), !=, "");
      g_assert_cmpstr (vsm_pool_type_get_label (wizard[i]), !=, vsm_pool_type_get_label (NULL));
      g_assert_nonnull (vsm_pool_type_get_icon_name (wizard[i]));
      g_assert_true (g_str_has_suffix (vsm_pool_type_get_icon_name (wizard[i]), "-symbolic"));
      g_assert_nonnull (vsm_pool_type_get_delete_description (wizard[i]));
      g_assert_cmpuint (strlen (vsm_pool_type_get_delete_description (wizard[i])), >, 10);
    }

  /* A few exact values the UI depends on. */
  g_assert_cmpstr (vsm_pool_type_get_label ("dir"), ==, "Directory");
  g_assert_cmpstr (vsm_pool_type_get_label ("logical"), ==, "LVM volume group");
  g_assert_cmpstr (vsm_pool_type_get_icon_name ("dir"), ==, "folder-symbolic");
  g_assert_true (vsm_pool_type_lookup ("dir")->has_target_path);
  g_assert_false (vsm_pool_type_lookup ("rbd")->has_target_path);
  g_assert_false (vsm_pool_type_lookup ("iscsi-direct")->has_target_path);

  /* Unknown and NULL fall back to a generic row. */
  g_assert_nonnull (unknown);
  g_assert_null (unknown->id);
  g_assert_true (vsm_pool_type_lookup (NULL) == unknown);
  g_assert_true (vsm_pool_type_lookup ("") == unknown);
  g_assert_true (vsm_pool_type_lookup ("DIR") == unknown);
  g_assert_cmpstr (vsm_pool_type_get_label ("no-such-type"), ==, "Storage pool");
  g_assert_cmpstr (vsm_pool_type_get_icon_name ("no-such-type"), ==, "drive-harddisk-symbolic");
  g_assert_nonnull (vsm_pool_type_get_delete_description ("no-such-type"));
}

static void
test_pool_types_all (void)
{
  guint n = 0;
  const VsmPoolTypeInfo *all = vsm_pool_type_get_all (&n);
  g_autoptr(GHashTable) ids = g_hash_table_new (g_str_hash, g_str_equal);

  g_assert_cmpuint (n, >=, 10);
  for (guint i = 0; i < n; i++)
    {
      g_assert_nonnull (all[i].id);
      g_assert_false (g_hash_table_contains (ids, all[i].id));
      g_hash_table_add (ids, (gpointer) all[i].id);
      g_assert_true (vsm_pool_type_lookup (all[i].id) == &all[i]);
      g_assert_nonnull (all[i].label);
      g_assert_nonnull (all[i].icon_name);
      g_assert_nonnull (all[i].delete_description);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/models/pool/initial", test_pool_initial);
  g_test_add_func ("/models/pool/apply-notifies", test_pool_apply_notifies);
  g_test_add_func ("/models/pool/inactive-clears-volumes", test_pool_inactive_clears_volumes);
  g_test_add_func ("/models/pool/totals", test_pool_totals);
  g_test_add_func ("/models/pool/partial-listing", test_pool_partial_listing);
  g_test_add_func ("/models/pool/totals-zero-capacity", test_pool_totals_zero_capacity);
  g_test_add_func ("/models/pool/totals-saturate", test_pool_totals_saturate);
  g_test_add_func ("/models/pool/flags", test_pool_flags);
  g_test_add_func ("/models/pool/state-labels", test_pool_state_labels);
  g_test_add_func ("/models/volume/details", test_volume_details);
  g_test_add_func ("/models/volume/thin-exact", test_volume_thin_exact);
  g_test_add_func ("/models/volume/used-by", test_volume_used_by);
  g_test_add_func ("/models/domain/labels", test_domain_labels);
  g_test_add_func ("/models/domain/apply", test_domain_apply);
  g_test_add_func ("/models/domain/running", test_domain_running);
  g_test_add_func ("/models/pool-type/wizard-types", test_pool_types);
  g_test_add_func ("/models/pool-type/all", test_pool_types_all);

  return g_test_run ();
}
