/* test-host.c: VsmHost (the models the UI binds to) on the test driver
 *
 * Copyright 2026 Virt Storage developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <string.h>

#include "vsm-connection.h"
#include "vsm-error.h"
#include "vsm-host.h"
#include "vsm-host-attach.h"
#include "vsm-host-jobs.h"
#include "vsm-test-utils.h"
#include "vsm-volume.h"

#define TIMEOUT 10000

#define UUID_IMAGES "11111111-2222-3333-4444-555555555501"
#define UUID_BACKUP "11111111-2222-3333-4444-555555555502"
#define UUID_VG0    "11111111-2222-3333-4444-555555555503"
#define UUID_THIN   "22222222-3333-4444-5555-666666666601"
#define UUID_EMPTY  "22222222-3333-4444-5555-666666666602"

#define GiB G_GUINT64_CONSTANT (1073741824)
#define MiB G_GUINT64_CONSTANT (1048576)
#define IMAGES_ALLOCATION (2 * GiB + 10 * GiB + 700 * MiB)
#define IMAGES_VOLUME_CAPACITY (20 * GiB + 10 * GiB + 700 * MiB)

static void
replace_str (char       **field,
             const char  *value)
{
  g_free (*field);
  *field = g_strdup (value);
}

static VsmHost *
host_new_loaded (const char *fixture)
{
  g_autofree char *uri = vsm_test_fixture_uri (fixture);

  return vsm_test_host_new_loaded (uri);
}

static VsmPool *
find_pool (VsmHost    *host,
           const char *uuid)
{
  VsmPool *pool = vsm_host_find_pool (host, uuid);

  g_assert_nonnull (pool);
  return pool;
}

static void
load_volumes (VsmHost *host,
              VsmPool *pool)
{
  vsm_host_load_volumes (host, pool);
  g_assert_true (vsm_pool_get_volumes_loading (pool));
  VSM_WAIT_FOR (vsm_pool_get_volumes_loaded (pool) && !vsm_pool_get_volumes_loading (pool), TIMEOUT);
}

static gboolean
pool_action (VsmHost        *host,
             VsmPool        *pool,
             VsmPoolAction   action,
             GError        **error)
{
  GAsyncResult *slot = NULL;
  g_autoptr(GAsyncResult) result = NULL;

  vsm_host_pool_action_async (host, pool, action, NULL, vsm_test_store_result, &slot);
  g_assert_true (vsm_pool_get_busy (pool));
  result = vsm_test_wait_result (&slot, TIMEOUT);
  g_assert_false (vsm_pool_get_busy (pool));
  return vsm_host_pool_action_finish (host, result, error);
}

static gboolean
delete_volume (VsmHost     *host,
               VsmPool     *pool,
               const char  *name,
               GError     **error)
{
  GAsyncResult *slot = NULL;
  g_autoptr(GAsyncResult) result = NULL;

  vsm_host_volume_job_async (host, &(VsmVolumeJob) { .kind = VSM_VOLUME_JOB_DELETE,
                                                     .pool_uuid = vsm_pool_get_uuid (pool),
                                                     .name = name },
                             NULL, vsm_test_store_result, &slot);
  result = vsm_test_wait_result (&slot, TIMEOUT);
  return vsm_host_volume_job_finish (host, result, NULL, error);
}

static gboolean
str_in_list (const char *list,
             const char *name)
{
  g_auto(GStrv) parts = NULL;

  if (list == NULL)
    return FALSE;
  parts = g_strsplit (list, ", ", -1);
  return g_strv_contains ((const char * const *) parts, name);
}

/* ------------------------------------------------------------------ */

static void
test_pools_loaded (void)
{
  g_autofree char *uri = vsm_test_fixture_uri ("fixture-basic.xml");
  g_autoptr(VsmHost) host = vsm_host_new (uri);
  VsmKeyedList *pools = vsm_host_get_pools (host);
  VsmPool *images, *vg0;
  guint notifies = 0;

  g_signal_connect (host, "notify::pools-loaded", G_CALLBACK (vsm_test_count_notify), &notifies);

  g_assert_cmpstr (vsm_host_get_uri (host), ==, uri);
  g_assert_true (vsm_connection_get_uri (vsm_host_get_connection (host)) == vsm_host_get_uri (host));
  g_assert_cmpstr (vsm_host_get_title (host), ==, uri);
  g_assert_true (vsm_host_get_is_demo (host));
  g_assert_cmpuint (vsm_keyed_list_get_n_items (pools), ==, 0);

  vsm_host_connect (host);
  VSM_WAIT_FOR (vsm_host_get_pools_loaded (host), TIMEOUT);
  g_assert_cmpuint (notifies, ==, 1);

  g_assert_true (g_list_model_get_item_type (G_LIST_MODEL (pools)) == VSM_TYPE_POOL);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (pools)), ==, 3);

  images = find_pool (host, UUID_IMAGES);
  vg0 = find_pool (host, UUID_VG0);
  g_assert_nonnull (find_pool (host, UUID_BACKUP));
  g_assert_null (vsm_host_find_pool (host, "00000000-0000-0000-0000-000000000000"));
  g_assert_true (vsm_host_find_pool_by_name (host, "images") == images);
  g_assert_true (vsm_host_find_pool_by_name (host, "vg0") == vg0);
  g_assert_null (vsm_host_find_pool_by_name (host, "nope"));

  g_assert_cmpstr (vsm_pool_get_name (images), ==, "images");
  g_assert_cmpstr (vsm_pool_get_pool_type (images), ==, "dir");
  g_assert_cmpstr (vsm_pool_get_pool_type (vg0), ==, "logical");
  g_assert_cmpstr (vsm_pool_get_source (vg0), ==, "Volume group vg0 on /dev/sdb");
  g_assert_cmpstr (vsm_pool_get_source_device (vg0), ==, "/dev/sdb");
  g_assert_true (vsm_pool_get_active (images));
  g_assert_cmpuint (vsm_pool_get_capacity (images), ==, 100 * GiB);
  g_assert_cmpuint (vsm_pool_get_allocation (images), ==, IMAGES_ALLOCATION);
  /* Nothing is loaded until asked for. */
  g_assert_false (vsm_pool_get_volumes_loaded (images));
  g_assert_cmpuint (vsm_keyed_list_get_n_items (vsm_pool_get_volumes (images)), ==, 0);

  /* Domains load alongside. */
  VSM_WAIT_FOR (vsm_keyed_list_get_n_items (vsm_host_get_domains (host)) == 2, TIMEOUT);
  {
    VsmDomain *vm1 = vsm_keyed_list_lookup (vsm_host_get_domains (host), "11111111-2222-3333-4444-5555555555a1");
    VsmDomain *vm2 = vsm_keyed_list_lookup (vsm_host_get_domains (host), "11111111-2222-3333-4444-5555555555a2");

    g_assert_nonnull (vm1);
    g_assert_nonnull (vm2);
    g_assert_cmpstr (vsm_domain_get_name (vm1), ==, "vm1");
    g_assert_true (vsm_domain_get_running (vm1));
    g_assert_cmpuint (vsm_domain_get_disks (vm1)->len, ==, 2);
    g_assert_cmpstr (vsm_domain_get_name (vm2), ==, "vm2");
    g_assert_false (vsm_domain_get_running (vm2));
  }
}

static void
test_background_totals (void)
{
  g_autoptr(VsmHost) host = host_new_loaded ("fixture-basic.xml");
  VsmPool *images = find_pool (host, UUID_IMAGES);
  VsmPool *backup = find_pool (host, UUID_BACKUP);
  VsmPool *vg0 = find_pool (host, UUID_VG0);
  guint n = 0;

  /* Pools whose volumes are not shown still get their overcommit figure,
   * summed in the background, one pool at a time. */
  VSM_WAIT_FOR (vsm_pool_get_totals_known (images) && vsm_pool_get_totals_known (backup) &&
                vsm_pool_get_totals_known (vg0), TIMEOUT);
  g_assert_cmpuint (vsm_pool_get_volume_capacity (images), ==, IMAGES_VOLUME_CAPACITY);
  g_object_get (images, "n-volumes", &n, NULL);
  g_assert_cmpuint (n, ==, 3);
  g_assert_cmpfloat_with_epsilon (vsm_pool_get_overcommit (images), 30.68359375, 1e-9);
  g_assert_cmpuint (vsm_pool_get_volume_capacity (backup), ==, 8 * GiB);
  g_assert_cmpfloat_with_epsilon (vsm_pool_get_overcommit (backup), 8.0, 1e-9);
  g_assert_cmpuint (vsm_pool_get_volume_capacity (vg0), ==, 4 * GiB);
  /* Only totals: the volume lists stay unloaded. */
  g_assert_false (vsm_pool_get_volumes_loaded (images));
}

static void
record_event (GObject    *object,
              GParamSpec *pspec,
              GString    *events)
{
  gboolean on = FALSE;

  g_object_get (object, pspec->name, &on, NULL);
  if (on)
    g_string_append_printf (events, "%s %s;", vsm_pool_get_name (VSM_POOL (object)), pspec->name);
}

/* The pool the user looks at comes first: while its volumes load, the
 * background sums of the other pools wait (a running one yields), and
 * go on once it is loaded; a pool waiting for its sum says so
 * (totals-pending: "calculating…" in its row). */
/* As the pool list arrives (before any sum can finish: the main loop has
 * not run their callbacks), the user opens vg0. */
static void
open_vg0_when_listed (VsmHost    *host,
                      GParamSpec *pspec,
                      gpointer    unused)
{
  if (vsm_host_get_pools_loaded (host))
    vsm_host_load_volumes (host, vsm_host_find_pool (host, UUID_VG0));
}

static void
test_totals_wait_for_shown_pool (void)
{
  g_autofree char *uri = vsm_test_fixture_uri ("fixture-basic.xml");
  g_autoptr(VsmHost) host = vsm_host_new (uri);
  VsmPool *images, *backup, *vg0;
  VsmPool *others[2];
  g_autoptr(GString) events = g_string_new (NULL);
  g_auto(GStrv) order = NULL;
  guint loaded_at = G_MAXUINT;
  gulong id;

  id = g_signal_connect (host, "notify::pools-loaded", G_CALLBACK (open_vg0_when_listed), NULL);
  vsm_host_connect (host);
  VSM_WAIT_FOR (vsm_host_get_pools_loaded (host), TIMEOUT);
  g_signal_handler_disconnect (host, id);
  images = others[0] = find_pool (host, UUID_IMAGES);
  backup = others[1] = find_pool (host, UUID_BACKUP);
  vg0 = find_pool (host, UUID_VG0);
  for (guint i = 0; i < G_N_ELEMENTS (others); i++)
    g_signal_connect (others[i], "notify::totals-known", G_CALLBACK (record_event), events);
  g_signal_connect (vg0, "notify::volumes-loaded", G_CALLBACK (record_event), events);
  /* nothing summed yet: both wait, and say so */
  if (!vsm_pool_get_volumes_loaded (vg0))
    for (guint i = 0; i < G_N_ELEMENTS (others); i++)
      {
        g_assert_false (vsm_pool_get_totals_known (others[i]));
        g_assert_true (vsm_pool_get_totals_pending (others[i]));
      }

  VSM_WAIT_FOR (vsm_pool_get_volumes_loaded (vg0), TIMEOUT);
  VSM_WAIT_FOR (vsm_pool_get_totals_known (images) && vsm_pool_get_totals_known (backup), TIMEOUT);
  g_test_message ("order: %s", events->str);

  order = g_strsplit (events->str, ";", -1);
  for (guint i = 0; order[i] != NULL; i++)
    if (g_str_equal (order[i], "vg0 volumes-loaded"))
      loaded_at = i;
  g_assert_cmpuint (loaded_at, !=, G_MAXUINT);
  for (guint i = 0; i < G_N_ELEMENTS (others); i++)
    {
      g_autofree char *known = g_strdup_printf ("%s totals-known", vsm_pool_get_name (others[i]));

      for (guint j = 0; order[j] != NULL; j++)
        if (g_str_equal (order[j], known))
          g_assert_cmpuint (j, >, loaded_at);
    }
  /* the sums are right, and nothing waits any more */
  g_assert_cmpuint (vsm_pool_get_volume_capacity (images), ==, IMAGES_VOLUME_CAPACITY);
  g_assert_cmpuint (vsm_pool_get_volume_capacity (backup), ==, 8 * GiB);
  g_assert_cmpuint (vsm_pool_get_volume_capacity (vg0), ==, 4 * GiB);
  g_assert_false (vsm_pool_get_totals_pending (images));
  g_assert_false (vsm_pool_get_totals_pending (backup));
  g_assert_false (vsm_pool_get_totals_pending (vg0));
  g_signal_handlers_disconnect_by_data (images, events);
  g_signal_handlers_disconnect_by_data (backup, events);
  g_signal_handlers_disconnect_by_data (vg0, events);
}

static void
test_load_volumes (void)
{
  g_autoptr(VsmHost) host = host_new_loaded ("fixture-basic.xml");
  VsmPool *images = find_pool (host, UUID_IMAGES);
  VsmKeyedList *volumes = vsm_pool_get_volumes (images);
  VsmVolume *disk1, *disk2, *iso;

  load_volumes (host, images);
  g_assert_cmpuint (vsm_keyed_list_get_n_items (volumes), ==, 3);

  disk1 = vsm_test_find_volume (images, "disk1.qcow2");
  disk2 = vsm_test_find_volume (images, "disk2.raw");
  iso = vsm_test_find_volume (images, "install.iso");
  g_assert_nonnull (disk1);
  g_assert_nonnull (disk2);
  g_assert_nonnull (iso);

  for (guint i = 0; i < 3; i++)
    g_assert_true (vsm_volume_get_has_details (vsm_keyed_list_get (volumes, i)));

  g_assert_cmpstr (vsm_volume_get_format (disk1), ==, "qcow2");
  g_assert_cmpstr (vsm_volume_get_format (disk2), ==, "raw");
  g_assert_cmpstr (vsm_volume_get_format (iso), ==, "iso");
  g_assert_cmpstr (vsm_volume_get_volume_type (disk1), ==, "file");
  g_assert_cmpstr (vsm_volume_get_path (disk1), ==, "/var/lib/libvirt/images/disk1.qcow2");
  g_assert_nonnull (vsm_volume_get_key (disk1));
  g_assert_cmpuint (vsm_volume_get_capacity (disk1), ==, 20 * GiB);
  g_assert_cmpuint (vsm_volume_get_allocation (disk1), ==, 2 * GiB);
  g_assert_cmpuint (vsm_volume_get_capacity (disk2), ==, 10 * GiB);
  g_assert_cmpuint (vsm_volume_get_capacity (iso), ==, 700 * MiB);

  /* 2 of 20 GiB allocated: thin; fully allocated: preallocated. */
  g_assert_true (vsm_volume_get_thin (disk1));
  g_assert_false (vsm_volume_get_thin (disk2));
  g_assert_false (vsm_volume_get_thin (iso));

  /* The totals come from the loaded list now. */
  g_assert_true (vsm_pool_get_totals_known (images));
  g_assert_cmpuint (vsm_pool_get_volume_capacity (images), ==, IMAGES_VOLUME_CAPACITY);

  /* Loading again keeps the same objects (updated in place). */
  load_volumes (host, images);
  g_assert_true (vsm_test_find_volume (images, "disk1.qcow2") == disk1);
  g_assert_cmpuint (vsm_keyed_list_get_n_items (volumes), ==, 3);
}

static void
test_used_by (void)
{
  g_autoptr(VsmHost) host = host_new_loaded ("fixture-basic.xml");
  VsmPool *images = find_pool (host, UUID_IMAGES);
  VsmPool *backup = find_pool (host, UUID_BACKUP);
  VsmVolume *disk1, *disk2, *iso, *old;
  g_autofree char *users = NULL;

  load_volumes (host, images);
  load_volumes (host, backup);
  disk1 = vsm_test_find_volume (images, "disk1.qcow2");
  disk2 = vsm_test_find_volume (images, "disk2.raw");
  iso = vsm_test_find_volume (images, "install.iso");
  old = vsm_test_find_volume (backup, "old.qcow2");
  g_assert_nonnull (old);

  /* Domains may arrive before or after the volumes; either way the index
   * ends up applied. */
  VSM_WAIT_FOR (vsm_keyed_list_get_n_items (vsm_host_get_domains (host)) == 2 &&
                vsm_volume_get_used_by (disk1) != NULL &&
                vsm_volume_get_used_by (disk2) != NULL, TIMEOUT);

  g_assert_cmpstr (vsm_volume_get_used_by (disk1), ==, "vm1");        /* by path */
  g_assert_cmpstr (vsm_volume_get_used_by (iso), ==, "vm1");          /* CD-ROM */
  g_assert_cmpstr (vsm_volume_get_used_by (disk2), ==, "vm2");        /* type='volume' */
  /* backup/old.qcow2 is disk1.qcow2's backing file: vm1 uses it through
   * disk1, and disk1 is built on it (issue 14, item 14) */
  VSM_WAIT_FOR (vsm_volume_get_used_by (old) != NULL, TIMEOUT);
  g_assert_cmpstr (vsm_volume_get_used_by (old), ==, "vm1");
  g_assert_cmpstr (vsm_volume_get_backing_of (old), ==, "disk1.qcow2");
  g_assert_null (vsm_volume_get_backing_of (disk1));
  g_assert_null (vsm_volume_get_backing_of (disk2));

  users = vsm_host_dup_users_of (host, images, "disk2.raw", "/var/lib/libvirt/images/disk2.raw");
  g_assert_cmpstr (users, ==, "vm2");
  g_clear_pointer (&users, g_free);
  users = vsm_host_dup_users_of (host, images, "disk1.qcow2", NULL);
  g_assert_null (users);   /* vm1 references it by path only */
  users = vsm_host_dup_users_of (host, backup, "disk2.raw", NULL);
  g_assert_null (users);   /* same volume name, other pool */
}

/* Backing chains (issue 14, item 14): every file of a machine's chain is
 * used by that machine, each lists the volumes built on it, and a loop in
 * broken metadata ends. */
static void
test_used_by_chain (void)
{
  g_autoptr(VsmHost) host = host_new_loaded ("fixture-chain.xml");
  VsmPool *chain = find_pool (host, "44444444-3333-4444-5555-666666666601");
  VsmVolume *base, *mid, *top, *loop_a, *loop_b;

  load_volumes (host, chain);
  base = vsm_test_find_volume (chain, "base.qcow2");
  mid = vsm_test_find_volume (chain, "mid.qcow2");
  top = vsm_test_find_volume (chain, "top.qcow2");
  loop_a = vsm_test_find_volume (chain, "loop-a.qcow2");
  loop_b = vsm_test_find_volume (chain, "loop-b.qcow2");
  VSM_WAIT_FOR (vsm_keyed_list_get_n_items (vsm_host_get_domains (host)) == 1 &&
                vsm_volume_get_used_by (base) != NULL, TIMEOUT);

  g_assert_cmpstr (vsm_volume_get_used_by (top), ==, "vmc");
  g_assert_cmpstr (vsm_volume_get_used_by (mid), ==, "vmc");
  g_assert_cmpstr (vsm_volume_get_used_by (base), ==, "vmc");
  g_assert_null (vsm_volume_get_backing_of (top));
  g_assert_cmpstr (vsm_volume_get_backing_of (mid), ==, "top.qcow2");
  g_assert_cmpstr (vsm_volume_get_backing_of (base), ==, "mid.qcow2, top.qcow2");
  /* the loop: each is built on the other, no machine */
  g_assert_cmpstr (vsm_volume_get_backing_of (loop_a), ==, "loop-b.qcow2");
  g_assert_cmpstr (vsm_volume_get_backing_of (loop_b), ==, "loop-a.qcow2");
  g_assert_null (vsm_volume_get_used_by (loop_a));
}

/* Delete Storage of a directory pool that still holds volumes (issue 14,
 * item 8): the volumes named are deleted first, then the running pool
 * stopped and its storage deleted; it stays defined. One that cannot be
 * deleted stops it there, saying how far it got, the storage kept.
 * Started again, the pool is empty (the test driver keeps a deleted
 * pool's volumes otherwise). */
static void
test_empty_and_delete (void)
{
  g_autoptr(VsmHost) host = host_new_loaded ("fixture-basic.xml");
  VsmPool *backup = find_pool (host, UUID_BACKUP);
  GAsyncResult *slot = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  load_volumes (host, backup);
  g_assert_cmpuint (vsm_keyed_list_get_n_items (vsm_pool_get_volumes (backup)), ==, 1);

  /* a volume that cannot be deleted (gone meanwhile): it stops there,
   * says how many went, and the storage is kept */
  {
    const char *names[] = { "old.qcow2", "gone.qcow2", NULL };

    vsm_host_empty_and_delete_pool_async (host, backup, names, NULL, vsm_test_store_result, &slot);
    result = vsm_test_wait_result (&slot, TIMEOUT);
    g_assert_false (vsm_host_pool_action_finish (host, result, &error));
    g_test_message ("failed half way: %s", error->message);
    g_assert_true (g_str_has_prefix (error->message, "1 volume of 2 was deleted; the storage was kept: "));
    g_assert_true (error->domain == VSM_ERROR && error->code == VSM_ERROR_NOT_FOUND);
    g_clear_error (&error);
    g_clear_object (&result);
    g_assert_true (vsm_pool_get_active (backup));
    g_assert_false (vsm_pool_get_storage_deleted (backup));
  }

  /* the volumes shown (none now), then the storage */
  {
    const char *none[] = { NULL };

    vsm_host_empty_and_delete_pool_async (host, backup, none, NULL, vsm_test_store_result, &slot);
  }
  result = vsm_test_wait_result (&slot, TIMEOUT);
  g_assert_true (vsm_host_pool_action_finish (host, result, &error));
  g_assert_no_error (error);
  VSM_WAIT_FOR (!vsm_pool_get_active (backup) && !vsm_pool_get_busy (backup), TIMEOUT);
  g_assert_true (vsm_pool_get_storage_deleted (backup));
  g_assert_true (vsm_pool_get_persistent (backup));

  g_assert_true (pool_action (host, backup, VSM_POOL_ACTION_START, &error));
  g_assert_no_error (error);
  VSM_WAIT_FOR (vsm_pool_get_active (backup), TIMEOUT);
  load_volumes (host, backup);
  g_assert_cmpuint (vsm_keyed_list_get_n_items (vsm_pool_get_volumes (backup)), ==, 0);
}

static void
test_used_by_combined (void)
{
  g_autoptr(VsmHost) host = host_new_loaded ("fixture-overcommit.xml");
  VsmPool *thin = find_pool (host, UUID_THIN);
  VsmVolume *a, *b, *c;

  load_volumes (host, thin);
  a = vsm_test_find_volume (thin, "a.qcow2");
  b = vsm_test_find_volume (thin, "b.qcow2");
  c = vsm_test_find_volume (thin, "c.img");
  VSM_WAIT_FOR (vsm_keyed_list_get_n_items (vsm_host_get_domains (host)) == 3 &&
                vsm_volume_get_used_by (a) != NULL && vsm_volume_get_used_by (b) != NULL, TIMEOUT);

  /* One domain referencing a volume by path and by pool/volume is listed
   * once. */
  g_assert_cmpstr (vsm_volume_get_used_by (a), ==, "both");
  /* Two domains, one each way. */
  g_assert_true (str_in_list (vsm_volume_get_used_by (b), "vmA"));
  g_assert_true (str_in_list (vsm_volume_get_used_by (b), "vmB"));
  /* by path first, then by pool/volume */
  g_assert_cmpstr (vsm_volume_get_used_by (b), ==, "vmA, vmB");
  g_assert_null (vsm_volume_get_used_by (c));
}

static void
test_overcommit (void)
{
  g_autoptr(VsmHost) host = host_new_loaded ("fixture-overcommit.xml");
  VsmPool *thin = find_pool (host, UUID_THIN);
  VsmPool *empty = find_pool (host, UUID_EMPTY);
  gboolean warning = FALSE;

  VSM_WAIT_FOR (vsm_pool_get_totals_known (thin) && vsm_pool_get_totals_known (empty), TIMEOUT);

  g_assert_cmpuint (vsm_pool_get_capacity (thin), ==, 100 * GiB);
  g_assert_cmpuint (vsm_pool_get_volume_capacity (thin), ==, 150 * GiB + 1 * MiB);
  g_assert_cmpfloat_with_epsilon (vsm_pool_get_overcommit (thin), 150.0009765625, 1e-9);
  g_object_get (thin, "overcommit-warning", &warning, NULL);
  g_assert_true (warning);

  g_assert_cmpuint (vsm_pool_get_volume_capacity (empty), ==, 0);
  g_assert_cmpfloat (vsm_pool_get_overcommit (empty), ==, 0.0);
  g_object_get (empty, "overcommit-warning", &warning, NULL);
  g_assert_false (warning);

  /* After a full load the figure is recomputed from the rows; deleting a
   * volume brings it back under 100 %. */
  load_volumes (host, thin);
  g_assert_cmpuint (vsm_pool_get_volume_capacity (thin), ==, 150 * GiB + 1 * MiB);
  g_assert_true (delete_volume (host, thin, "a.qcow2", NULL));
  VSM_WAIT_FOR (vsm_keyed_list_get_n_items (vsm_pool_get_volumes (thin)) == 2 &&
                !vsm_pool_get_volumes_loading (thin), TIMEOUT);
  g_assert_cmpuint (vsm_pool_get_volume_capacity (thin), ==, 70 * GiB + 1 * MiB);
  g_object_get (thin, "overcommit-warning", &warning, NULL);
  g_assert_false (warning);
}

static void
test_stop_start (void)
{
  g_autoptr(VsmHost) host = host_new_loaded ("fixture-basic.xml");
  VsmPool *images = find_pool (host, UUID_IMAGES);
  VsmKeyedList *volumes = vsm_pool_get_volumes (images);
  g_autoptr(GError) error = NULL;

  load_volumes (host, images);
  g_assert_cmpuint (vsm_keyed_list_get_n_items (volumes), ==, 3);

  g_assert_true (pool_action (host, images, VSM_POOL_ACTION_STOP, &error));
  g_assert_no_error (error);
  VSM_WAIT_FOR (!vsm_pool_get_active (images), 1000);
  g_assert_cmpint (vsm_pool_get_state (images), ==, VSM_POOL_STATE_INACTIVE);
  g_assert_cmpuint (vsm_keyed_list_get_n_items (volumes), ==, 0);
  g_assert_false (vsm_pool_get_volumes_loaded (images));
  /* Loading an inactive pool's volumes does nothing. */
  vsm_host_load_volumes (host, images);
  g_assert_false (vsm_pool_get_volumes_loading (images));

  /* START: the host re-reads the pool and, once it is active, lists its
   * volumes again by itself. */
  g_assert_true (pool_action (host, images, VSM_POOL_ACTION_START, &error));
  g_assert_no_error (error);
  VSM_WAIT_FOR (vsm_pool_get_active (images), 1000);
  g_assert_cmpint (vsm_pool_get_state (images), ==, VSM_POOL_STATE_RUNNING);
  VSM_WAIT_FOR (vsm_pool_get_volumes_loaded (images) && !vsm_pool_get_volumes_loading (images), TIMEOUT);
  g_assert_cmpuint (vsm_keyed_list_get_n_items (volumes), ==, 3);
  g_assert_nonnull (vsm_test_find_volume (images, "disk1.qcow2"));
  g_assert_true (vsm_volume_get_has_details (vsm_test_find_volume (images, "disk1.qcow2")));

  /* The row is the same object throughout. */
  g_assert_true (find_pool (host, UUID_IMAGES) == images);
  g_assert_cmpuint (vsm_keyed_list_get_n_items (vsm_host_get_pools (host)), ==, 3);
}

static void
test_refresh_and_autostart (void)
{
  g_autoptr(VsmHost) host = host_new_loaded ("fixture-basic.xml");
  VsmPool *images = find_pool (host, UUID_IMAGES);
  g_autoptr(GError) error = NULL;
  guint loading_notifies = 0;

  load_volumes (host, images);

  /* REFRESH re-lists the volumes of a loaded pool: volumes-loading goes
   * TRUE and back. */
  g_signal_connect (images, "notify::volumes-loading", G_CALLBACK (vsm_test_count_notify), &loading_notifies);
  g_assert_true (pool_action (host, images, VSM_POOL_ACTION_REFRESH, &error));
  g_assert_no_error (error);
  VSM_WAIT_FOR (loading_notifies >= 2 && !vsm_pool_get_volumes_loading (images), TIMEOUT);
  g_signal_handlers_disconnect_by_func (images, vsm_test_count_notify, &loading_notifies);
  g_assert_cmpuint (vsm_keyed_list_get_n_items (vsm_pool_get_volumes (images)), ==, 3);

  g_assert_false (vsm_pool_get_autostart (images));
  g_assert_true (pool_action (host, images, VSM_POOL_ACTION_AUTOSTART_ON, &error));
  g_assert_no_error (error);
  VSM_WAIT_FOR (vsm_pool_get_autostart (images), 1000);
  g_assert_true (pool_action (host, images, VSM_POOL_ACTION_AUTOSTART_OFF, &error));
  VSM_WAIT_FOR (!vsm_pool_get_autostart (images), 1000);
}

static void
test_action_error (void)
{
  g_autoptr(VsmHost) host = host_new_loaded ("fixture-basic.xml");
  VsmPool *images = find_pool (host, UUID_IMAGES);
  g_autoptr(GError) error = NULL;

  /* Errors come back through the host unchanged; the pool is not busy. */
  g_assert_false (pool_action (host, images, VSM_POOL_ACTION_START, &error));
  g_assert_error (error, VSM_ERROR, VSM_ERROR_INVALID_STATE);
  g_assert_true (vsm_pool_get_active (images));
  g_assert_false (vsm_pool_get_busy (images));
}

static void
test_undefine (void)
{
  g_autoptr(VsmHost) host = host_new_loaded ("fixture-basic.xml");
  VsmKeyedList *pools = vsm_host_get_pools (host);
  g_autoptr(VsmPool) backup = g_object_ref (find_pool (host, UUID_BACKUP));
  g_autoptr(GError) error = NULL;

  g_assert_true (pool_action (host, backup, VSM_POOL_ACTION_STOP, &error));
  g_assert_no_error (error);
  VSM_WAIT_FOR (!vsm_pool_get_active (backup), 1000);

  g_assert_true (pool_action (host, backup, VSM_POOL_ACTION_UNDEFINE, &error));
  g_assert_no_error (error);
  VSM_WAIT_FOR (vsm_host_find_pool (host, UUID_BACKUP) == NULL, 1000);
  g_assert_cmpuint (vsm_keyed_list_get_n_items (pools), ==, 2);
  g_assert_null (vsm_host_find_pool_by_name (host, "backup"));
  g_assert_nonnull (vsm_host_find_pool (host, UUID_IMAGES));
  g_assert_nonnull (vsm_host_find_pool (host, UUID_VG0));
}

/* Undefining or deleting a running pool stops it first, in one model
 * operation (libvirt refuses both on an active pool). */
static void
test_stop_then_remove (void)
{
  g_autoptr(VsmHost) host = host_new_loaded ("fixture-basic.xml");
  g_autoptr(VsmPool) backup = g_object_ref (find_pool (host, UUID_BACKUP));
  g_autoptr(VsmPool) images = g_object_ref (find_pool (host, UUID_IMAGES));
  g_autoptr(GError) error = NULL;

  g_assert_true (vsm_pool_get_active (backup));
  g_assert_true (pool_action (host, backup, VSM_POOL_ACTION_UNDEFINE, &error));
  g_assert_no_error (error);
  VSM_WAIT_FOR (vsm_host_find_pool (host, UUID_BACKUP) == NULL, 1000);
  /* gone for libvirt too, not only from the model */
  vsm_host_reload (host);
  vsm_test_wait_idle (200);
  g_assert_null (vsm_host_find_pool_by_name (host, "backup"));

  g_assert_true (vsm_pool_get_active (images));
  g_assert_true (pool_action (host, images, VSM_POOL_ACTION_DELETE, &error));
  g_assert_no_error (error);
  /* deleted storage, definition kept, inactive */
  VSM_WAIT_FOR (!vsm_pool_get_active (images), 1000);
  g_assert_true (vsm_host_find_pool (host, UUID_IMAGES) == images);
}

/* Attach with a new volume, as one model operation: the test driver has
 * no virDomainAttachDeviceFlags, so the attach fails after the volume was
 * created; the volume made for it is deleted again and nothing else is
 * touched. */
static void
test_attach_new_volume_rollback (void)
{
  g_autoptr(VsmHost) host = host_new_loaded ("fixture-basic.xml");
  VsmPool *images = find_pool (host, UUID_IMAGES);
  VsmDomain *vm = NULL;
  g_autoptr(VsmDiskSpec) spec = vsm_disk_spec_new ();
  g_autoptr(VsmVolumeSpec) vspec = vsm_volume_spec_new ();
  g_autoptr(GError) error = NULL;
  VsmAttachFailure failure = { 0, };
  GAsyncResult *slot = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  guint n_before;

  VSM_WAIT_FOR ((vm = vsm_keyed_list_lookup (vsm_host_get_domains (host),
                                             "11111111-2222-3333-4444-5555555555a1")) != NULL, TIMEOUT);
  load_volumes (host, images);
  n_before = vsm_keyed_list_get_n_items (vsm_pool_get_volumes (images));

  /* (vsm_disk_spec_new() fills in defaults: replace, do not leak them) */
  spec->source_kind = VSM_DISK_SOURCE_VOLUME;
  replace_str (&spec->pool, "images");
  replace_str (&spec->volume, "attach-new.qcow2");
  replace_str (&spec->driver_type, "qcow2");
  /* vda is taken: libvirt refuses the (simulated) attach */
  replace_str (&spec->target, "vda");
  replace_str (&spec->bus, "virtio");
  vspec->name = g_strdup ("attach-new.qcow2");
  vspec->format = g_strdup ("qcow2");
  vspec->capacity = 1 * GiB;

  vsm_host_attach_async (host, vm, spec, VSM_ATTACH_CONFIG, images, vspec, NULL, vsm_test_store_result, &slot);
  result = vsm_test_wait_result (&slot, TIMEOUT);
  g_assert_cmpint (vsm_host_attach_finish (host, result, &failure, &error), ==, VSM_ATTACH_RESULT_FAILED);
  g_assert_nonnull (error);
  g_test_message ("attach failed: %s", error->message);
  g_assert_cmpint (failure.stage, ==, VSM_ATTACH_STAGE_ATTACH);
  g_assert_cmpstr (failure.volume, ==, "attach-new.qcow2");
  g_assert_true (failure.volume_removed);
  g_assert_null (failure.remove_error);
  vsm_attach_failure_clear (&failure);

  /* the pool is as it was: the new volume is gone, the others stay */
  load_volumes (host, images);
  g_assert_null (vsm_test_find_volume (images, "attach-new.qcow2"));
  g_assert_cmpuint (vsm_keyed_list_get_n_items (vsm_pool_get_volumes (images)), ==, n_before);

  /* a volume that cannot be created: the failure is the creation's */
  g_clear_error (&error);
  g_clear_object (&result);
  g_free (vspec->name);
  vspec->name = g_strdup ("disk2.raw");   /* taken */
  vsm_host_attach_async (host, vm, spec, VSM_ATTACH_CONFIG, images, vspec, NULL, vsm_test_store_result, &slot);
  result = vsm_test_wait_result (&slot, TIMEOUT);
  g_assert_cmpint (vsm_host_attach_finish (host, result, &failure, &error), ==, VSM_ATTACH_RESULT_FAILED);
  g_assert_nonnull (error);
  g_assert_cmpint (failure.stage, ==, VSM_ATTACH_STAGE_CREATE);
  g_assert_null (failure.volume);
  g_assert_nonnull (vsm_test_find_volume (images, "disk2.raw"));
  vsm_attach_failure_clear (&failure);
}

static gboolean
volume_job_wait (VsmHost       *host,
                 GAsyncResult **slot,
                 GError       **error)
{
  g_autoptr(GAsyncResult) result = vsm_test_wait_result (slot, TIMEOUT);

  return vsm_host_volume_job_finish (host, result, NULL, error);
}

/* The volume jobs are model operations: each re-reads the pools it
 * touched, so the models show the result with no refresh by the caller —
 * also after a failure. */
static void
test_volume_jobs_refresh (void)
{
  g_autoptr(VsmHost) host = host_new_loaded ("fixture-basic.xml");
  VsmPool *images = find_pool (host, UUID_IMAGES);
  VsmPool *backup = find_pool (host, UUID_BACKUP);
  g_autoptr(VsmVolumeSpec) spec = vsm_volume_spec_new ();
  g_autoptr(GError) error = NULL;
  GAsyncResult *slot = NULL;

  load_volumes (host, images);
  load_volumes (host, backup);

  /* clone (the test driver clones within a pool only; into another
   * pool both are re-read): the copy shows */
  spec->name = g_strdup ("copy.qcow2");
  spec->format = g_strdup ("qcow2");
  spec->capacity = 20 * GiB;
  vsm_host_volume_job_async (host, &(VsmVolumeJob) { .kind = VSM_VOLUME_JOB_CLONE, .pool_uuid = vsm_pool_get_uuid (images),
                                                     .name = "disk1.qcow2", .spec = spec,
                                                     .dst_pool_uuid = vsm_pool_get_uuid (images) },
                             NULL, vsm_test_store_result, &slot);
  g_assert_true (volume_job_wait (host, &slot, &error));
  g_assert_no_error (error);
  VSM_WAIT_FOR (vsm_test_find_volume (images, "copy.qcow2") != NULL && vsm_test_volumes_ready (images), TIMEOUT);
  g_assert_null (vsm_test_find_volume (backup, "copy.qcow2"));

  /* a clone into another pool that fails still re-lists both pools */
  {
    guint images_loads = 0, backup_loads = 0;
    gulong h1 = g_signal_connect (images, "notify::volumes-loading", G_CALLBACK (vsm_test_count_notify), &images_loads);
    gulong h2 = g_signal_connect (backup, "notify::volumes-loading", G_CALLBACK (vsm_test_count_notify), &backup_loads);

    vsm_host_volume_job_async (host, &(VsmVolumeJob) { .kind = VSM_VOLUME_JOB_CLONE,
                                                       .pool_uuid = vsm_pool_get_uuid (images),
                                                       .name = "disk1.qcow2", .spec = spec,
                                                       .dst_pool_uuid = vsm_pool_get_uuid (backup) },
                               NULL, vsm_test_store_result, &slot);
    g_assert_false (volume_job_wait (host, &slot, &error));
    g_test_message ("clone into backup: %s", error->message);
    g_clear_error (&error);
    VSM_WAIT_FOR (vsm_test_volumes_ready (images) && vsm_test_volumes_ready (backup) &&
                  images_loads >= 2 && backup_loads >= 2, TIMEOUT);
    g_signal_handler_disconnect (images, h1);
    g_signal_handler_disconnect (backup, h2);
  }

  /* create, then a resize the test driver refuses: the pool is re-read
   * either way and the volume keeps its size */
  g_free (spec->name);
  spec->name = g_strdup ("made.raw");
  g_clear_pointer (&spec->format, g_free);
  spec->capacity = 1 * GiB;
  vsm_host_volume_job_async (host, &(VsmVolumeJob) { .kind = VSM_VOLUME_JOB_CREATE,
                                                     .pool_uuid = vsm_pool_get_uuid (images), .spec = spec },
                             NULL, vsm_test_store_result, &slot);
  g_assert_true (volume_job_wait (host, &slot, &error));
  VSM_WAIT_FOR (vsm_test_find_volume (images, "made.raw") != NULL && vsm_test_volumes_ready (images), TIMEOUT);
  vsm_host_volume_job_async (host, &(VsmVolumeJob) { .kind = VSM_VOLUME_JOB_RESIZE,
                                                     .pool_uuid = vsm_pool_get_uuid (images),
                                                     .name = "made.raw", .capacity = 2 * GiB },
                             NULL, vsm_test_store_result, &slot);
  g_assert_false (volume_job_wait (host, &slot, &error));
  g_assert_nonnull (error);
  g_test_message ("resize refused: %s", error->message);
  VSM_WAIT_FOR (vsm_test_volumes_ready (images), TIMEOUT);
  g_assert_cmpuint (vsm_volume_get_capacity (vsm_test_find_volume (images, "made.raw")), ==, 1 * GiB);
}

static void
test_delete_volume (void)
{
  g_autoptr(VsmHost) host = host_new_loaded ("fixture-basic.xml");
  VsmPool *images = find_pool (host, UUID_IMAGES);
  VsmKeyedList *volumes = vsm_pool_get_volumes (images);
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) error2 = NULL;

  load_volumes (host, images);
  g_assert_true (delete_volume (host, images, "disk2.raw", &error));
  g_assert_no_error (error);
  g_assert_false (vsm_pool_get_busy (images));

  VSM_WAIT_FOR (vsm_test_find_volume (images, "disk2.raw") == NULL, 1000);
  VSM_WAIT_FOR (!vsm_pool_get_volumes_loading (images), TIMEOUT);
  g_assert_cmpuint (vsm_keyed_list_get_n_items (volumes), ==, 2);
  g_assert_nonnull (vsm_test_find_volume (images, "disk1.qcow2"));
  g_assert_nonnull (vsm_test_find_volume (images, "install.iso"));
  /* The pool's own numbers are re-read too. */
  VSM_WAIT_FOR (vsm_pool_get_allocation (images) == IMAGES_ALLOCATION - 10 * GiB, 1000);
  g_assert_cmpuint (vsm_pool_get_volume_capacity (images), ==, IMAGES_VOLUME_CAPACITY - 10 * GiB);

  g_assert_false (delete_volume (host, images, "disk2.raw", &error2));
  g_assert_error (error2, VSM_ERROR, VSM_ERROR_NOT_FOUND);
}

/* ------------------------------------------------------------------ */
/* Names in chunks                                                     */

#define UUID_CHUNK "33333333-4444-5555-6666-777777777701"

/* A test-driver node with one pool of @n volumes vol-00000.raw ... in a
 * fresh directory; returns its test:/// URI. */
static char *
write_big_fixture (guint   n,
                   char  **dir_out)
{
  g_autoptr(GString) xml = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  char *dir = g_dir_make_tmp ("vsm-chunk-XXXXXX", &error);

  g_assert_no_error (error);
  g_string_append (xml, "<node>\n  <pool type='dir'>\n    <name>big</name>\n"
                        "    <uuid>" UUID_CHUNK "</uuid>\n"
                        "    <target><path>/var/lib/libvirt/big</path></target>\n");
  /* written in an order that is not the table's (descending, every
   * tenth in capitals): the listing sorts the names */
  for (guint k = n; k-- > 0;)
    g_string_append_printf (xml,
                            "    <volume type='file'><name>%s-%05u.raw</name>"
                            "<capacity unit='MiB'>1</capacity><allocation unit='MiB'>1</allocation>"
                            "<target><path>/var/lib/libvirt/big/%s-%05u.raw</path>"
                            "<format type='raw'/></target></volume>\n",
                            k % 10 == 3 ? "VOL" : "vol", k, k % 10 == 3 ? "VOL" : "vol", k);
  g_string_append (xml, "  </pool>\n</node>\n");
  path = g_build_filename (dir, "big.xml", NULL);
  g_file_set_contents (path, xml->str, xml->len, &error);
  g_assert_no_error (error);
  *dir_out = dir;
  return g_strconcat ("test://", path, NULL);
}

static void
remove_fixture (char *dir)
{
  g_autofree char *path = g_build_filename (dir, "big.xml", NULL);

  g_assert_cmpint (g_unlink (path), ==, 0);
  g_assert_cmpint (g_rmdir (dir), ==, 0);
  g_free (dir);
}

static void
free_name_slot (gpointer data)
{
  char **slot = data;

  g_free (*slot);
  g_free (slot);
}

static void
record_batch (GObject    *target,
              const char *pool_uuid,
              GPtrArray  *batch,
              gboolean    names_only)
{
  GArray *sizes = g_object_get_data (target, "names-sizes");
  guint *details = g_object_get_data (target, "details");
  guint len = batch->len;

  g_assert_cmpstr (pool_uuid, ==, UUID_CHUNK);
  if (names_only)
    {
      char **last = g_object_get_data (target, "last-name");

      /* Names all come before any details, in the table's default order
       * (by name, case folded, as GtkStringSorter compares): a chunk
       * lands after the rows already shown. */
      g_assert_cmpuint (*details, ==, 0);
      g_array_append_val (sizes, len);
      for (guint i = 0; i < len; i++)
        {
          const char *name = ((VsmVolumeSnapshot *) g_ptr_array_index (batch, i))->name;
          g_autofree char *a = *last ? g_utf8_casefold (*last, -1) : NULL;
          g_autofree char *b = g_utf8_casefold (name, -1);

          if (a != NULL)
            g_assert_cmpint (g_utf8_collate (a, b), <, 0);
          g_free (*last);
          *last = g_strdup (name);
        }
    }
  else
    *details += len;
}

/* The connection's side: chunks of VSM_VOLUME_NAMES_CHUNK, the last one
 * shorter (empty when the count is a multiple). */
static void
check_chunks (VsmConnection *conn,
              guint          n)
{
  g_autoptr(GObject) target = g_object_new (G_TYPE_OBJECT, NULL);
  g_autoptr(GArray) sizes = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  GAsyncResult *slot = NULL;
  guint details = 0, total = 0;
  VsmVolumeListing listed = { 0 };

  g_object_set_data (target, "names-sizes", sizes);
  g_object_set_data_full (target, "last-name", g_new0 (char *, 1), free_name_slot);
  g_object_set_data (target, "details", &details);
  vsm_connection_list_volumes_async (conn, UUID_CHUNK, target, record_batch, NULL,
                                     vsm_test_store_result, &slot);
  result = vsm_test_wait_result (&slot, TIMEOUT);
  g_assert_true (vsm_connection_list_volumes_finish (conn, result, &listed, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (listed.n_listed, ==, n);
  g_assert_cmpuint (listed.n_in_pool, ==, n);
  g_assert_cmpuint (details, ==, n);

  g_assert_cmpuint (sizes->len, ==, n / VSM_VOLUME_NAMES_CHUNK + 1);
  for (guint i = 0; i < sizes->len; i++)
    {
      guint size = g_array_index (sizes, guint, i);

      if (i + 1 < sizes->len)
        g_assert_cmpuint (size, ==, VSM_VOLUME_NAMES_CHUNK);
      else
        g_assert_cmpuint (size, <, VSM_VOLUME_NAMES_CHUNK);
      total += size;
    }
  g_assert_cmpuint (total, ==, n);
}

static void
test_load_volumes_chunked (void)
{
  const guint n = 2 * VSM_VOLUME_NAMES_CHUNK + 1;
  char *dir = NULL;
  g_autofree char *uri = write_big_fixture (n, &dir);
  g_autoptr(VsmHost) host = vsm_test_host_new_loaded (uri);
  VsmPool *pool = find_pool (host, UUID_CHUNK);
  VsmKeyedList *volumes = vsm_pool_get_volumes (pool);
  VsmVolume *first, *last;
  g_autoptr(GError) error = NULL;

  check_chunks (vsm_host_get_connection (host), n);

  load_volumes (host, pool);
  g_assert_true (vsm_test_volumes_ready (pool));
  g_assert_cmpuint (vsm_keyed_list_get_n_items (volumes), ==, n);
  first = vsm_test_find_volume (pool, "vol-00000.raw");
  last = vsm_test_find_volume (pool, "vol-02048.raw");
  g_assert_nonnull (first);
  g_assert_nonnull (last);
  g_assert_nonnull (vsm_test_find_volume (pool, "vol-01024.raw"));

  /* Gone from the first chunk: dropped once the last (short) chunk
   * arrived, not when the first did. Now 2048 remain: the last chunk is
   * an empty one. */
  g_assert_true (delete_volume (host, pool, "vol-00001.raw", &error));
  g_assert_no_error (error);
  VSM_WAIT_FOR (vsm_test_volumes_ready (pool), TIMEOUT);
  g_assert_cmpuint (vsm_keyed_list_get_n_items (volumes), ==, n - 1);
  g_assert_null (vsm_test_find_volume (pool, "vol-00001.raw"));
  check_chunks (vsm_host_get_connection (host), n - 1);

  /* A volume of a later chunk; the others stay the same objects. */
  g_assert_true (delete_volume (host, pool, "vol-01500.raw", &error));
  g_assert_no_error (error);
  VSM_WAIT_FOR (vsm_test_volumes_ready (pool), TIMEOUT);
  g_assert_cmpuint (vsm_keyed_list_get_n_items (volumes), ==, n - 2);
  g_assert_null (vsm_test_find_volume (pool, "vol-01500.raw"));
  g_assert_true (vsm_test_find_volume (pool, "vol-00000.raw") == first);
  g_assert_true (vsm_test_find_volume (pool, "vol-02048.raw") == last);

  /* A reload replacing one still delivering: the first load's batches are
   * dropped, the second one's names complete the list. */
  vsm_host_load_volumes (host, pool);
  vsm_host_load_volumes (host, pool);
  VSM_WAIT_FOR (vsm_test_volumes_ready (pool), TIMEOUT);
  g_assert_cmpuint (vsm_keyed_list_get_n_items (volumes), ==, n - 2);
  g_assert_true (vsm_test_find_volume (pool, "vol-00000.raw") == first);

  g_clear_object (&host);
  remove_fixture (dir);
}

static void
test_disconnect_reconnect (void)
{
  g_autoptr(VsmHost) host = host_new_loaded ("fixture-basic.xml");
  VsmConnection *conn = vsm_host_get_connection (host);

  VSM_WAIT_FOR (vsm_keyed_list_get_n_items (vsm_host_get_domains (host)) == 2, TIMEOUT);

  vsm_host_disconnect (host);
  g_assert_cmpint (vsm_connection_get_state (conn), ==, VSM_CONNECTION_STATE_DISCONNECTED);
  /* No stale rows. */
  g_assert_false (vsm_host_get_pools_loaded (host));
  g_assert_cmpuint (vsm_keyed_list_get_n_items (vsm_host_get_pools (host)), ==, 0);
  g_assert_cmpuint (vsm_keyed_list_get_n_items (vsm_host_get_domains (host)), ==, 0);
  /* Reload while disconnected is a no-op. */
  vsm_host_reload (host);
  g_assert_false (vsm_host_get_pools_loaded (host));

  vsm_host_connect (host);
  VSM_WAIT_FOR (vsm_host_get_pools_loaded (host), TIMEOUT);
  g_assert_cmpuint (vsm_keyed_list_get_n_items (vsm_host_get_pools (host)), ==, 3);
  VSM_WAIT_FOR (vsm_keyed_list_get_n_items (vsm_host_get_domains (host)) == 2, TIMEOUT);
}

static void
test_failed_connect (void)
{
  g_autoptr(VsmHost) host = vsm_host_new ("test:///nonexistent/file.xml");
  VsmConnection *conn = vsm_host_get_connection (host);

  vsm_host_connect (host);
  VSM_WAIT_FOR (vsm_connection_get_state (conn) == VSM_CONNECTION_STATE_FAILED, TIMEOUT);
  g_assert_nonnull (vsm_connection_get_error_message (conn));
  g_assert_false (vsm_host_get_pools_loaded (host));
  g_assert_cmpuint (vsm_keyed_list_get_n_items (vsm_host_get_pools (host)), ==, 0);
}

static void
test_titles (void)
{
  g_autoptr(VsmHost) sys = vsm_host_new ("qemu:///system");
  g_autoptr(VsmHost) def = vsm_host_new ("test:///default");
  g_autofree char *title = NULL;

  /* No connection is attempted by construction alone. */
  g_assert_cmpstr (vsm_host_get_title (sys), ==, "QEMU/KVM");
  g_assert_false (vsm_host_get_is_demo (sys));
  g_assert_cmpint (vsm_connection_get_state (vsm_host_get_connection (sys)), ==,
                   VSM_CONNECTION_STATE_DISCONNECTED);
  g_object_get (def, "title", &title, NULL);
  g_assert_cmpstr (title, ==, "Test driver");
  g_assert_true (vsm_host_get_is_demo (def));
}

int
main (int   argc,
      char *argv[])
{
  vsm_test_init_libvirt ();
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/host/pools-loaded", test_pools_loaded);
  g_test_add_func ("/host/background-totals", test_background_totals);
  g_test_add_func ("/host/totals-wait-for-shown-pool", test_totals_wait_for_shown_pool);
  g_test_add_func ("/host/load-volumes", test_load_volumes);
  g_test_add_func ("/host/load-volumes/chunked", test_load_volumes_chunked);
  g_test_add_func ("/host/used-by", test_used_by);
  g_test_add_func ("/host/used-by-chain", test_used_by_chain);
  g_test_add_func ("/host/empty-and-delete", test_empty_and_delete);
  g_test_add_func ("/host/used-by-combined", test_used_by_combined);
  g_test_add_func ("/host/overcommit", test_overcommit);
  g_test_add_func ("/host/stop-start", test_stop_start);
  g_test_add_func ("/host/refresh-autostart", test_refresh_and_autostart);
  g_test_add_func ("/host/action-error", test_action_error);
  g_test_add_func ("/host/undefine", test_undefine);
  g_test_add_func ("/host/stop-then-remove", test_stop_then_remove);
  g_test_add_func ("/host/attach-new-volume-rollback", test_attach_new_volume_rollback);
  g_test_add_func ("/host/volume-jobs-refresh", test_volume_jobs_refresh);
  g_test_add_func ("/host/delete-volume", test_delete_volume);
  g_test_add_func ("/host/disconnect-reconnect", test_disconnect_reconnect);
  g_test_add_func ("/host/failed-connect", test_failed_connect);
  g_test_add_func ("/host/titles", test_titles);

  return g_test_run ();
}
