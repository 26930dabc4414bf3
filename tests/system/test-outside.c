/* test-outside.c
 *
 * Outside changes: while the app's models show a private libvirtd
 * (tests/system/run-system-test.sh), virsh defines, starts, stops and undefines pools and
 * creates and deletes volumes on it. Pools must follow within a second
 * (libvirt's pool events; each latency is measured from the moment virsh
 * exits and printed); volumes, which have no events in libvirt, on the
 * next refresh the app does (F5: vsm_host_reload(), or the pool's Refresh
 * action for files made behind libvirt's back).
 *
 * Copyright 2026 Virt Storage developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <fcntl.h>
#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>
#include <unistd.h>

#include "rel-common.h"
#include "vsm-error.h"

#define POOL_A "vsm-rel-shown"
#define POOL_NEW "vsm-rel-outside"
#define POOL_TRANSIENT "vsm-rel-transient"
#define POOL_DEADLINE_MS 1000

typedef struct
{
  VsmHost *host;
  double   worst_ms;
  GString *report;
} Fixture;

static Fixture fx;

/* Waits until @cond holds, at most POOL_DEADLINE_MS after virsh exited at
 * @t_exit; returns the latency in ms. */
#define WAIT_LATENCY(what, t_exit, cond)                                          \
  ({                                                                              \
    gint64 _deadline = (t_exit) + POOL_DEADLINE_MS * 1000;                        \
    double _ms;                                                                   \
    while (!(cond))                                                               \
      {                                                                           \
        if (g_get_monotonic_time () > _deadline)                                  \
          g_error ("%s: the model did not follow within %d ms: %s", what,         \
                   POOL_DEADLINE_MS, #cond);                                      \
        vsm_test_iterate ();                                                      \
      }                                                                           \
    _ms = (g_get_monotonic_time () - (t_exit)) / 1000.0;                          \
    g_test_message ("%-34s model followed %6.1f ms after virsh exited (%.1f ms after it started)", \
                    what, _ms, (g_get_monotonic_time () - rel_virsh_started_at ()) / 1000.0); \
    g_string_append_printf (fx.report, "%s %.0f ms; ", what, _ms);                \
    fx.worst_ms = MAX (fx.worst_ms, _ms);                                         \
    _ms;                                                                          \
  })

static VsmPool *
pool_named (const char *name)
{
  return vsm_host_find_pool_by_name (fx.host, name);
}

static void
test_pools (void)
{
  g_autofree char *target = g_build_filename (rel_dir (), "pools", POOL_NEW, NULL);
  g_autofree char *ttarget = g_build_filename (rel_dir (), "pools", POOL_TRANSIENT, NULL);
  g_autoptr(VsmPool) gone = NULL;
  gint64 t;

  t = rel_virsh_timed ("pool-define-as", POOL_NEW, "dir", "--target", target, NULL);
  WAIT_LATENCY ("pool-define-as", t, pool_named (POOL_NEW) != NULL);
  g_assert_false (vsm_pool_get_active (pool_named (POOL_NEW)));
  g_assert_true (vsm_pool_get_persistent (pool_named (POOL_NEW)));

  rel_virsh_timed ("pool-build", POOL_NEW, NULL);
  t = rel_virsh_timed ("pool-start", POOL_NEW, NULL);
  WAIT_LATENCY ("pool-start", t, vsm_pool_get_active (pool_named (POOL_NEW)));

  t = rel_virsh_timed ("pool-autostart", POOL_NEW, NULL);
  /* Autostart changes raise no pool event in libvirt 9.0; the next
   * snapshot (any event or refresh) shows it. */
  t = rel_virsh_timed ("pool-refresh", POOL_NEW, NULL);
  WAIT_LATENCY ("pool-refresh (autostart on)", t, vsm_pool_get_autostart (pool_named (POOL_NEW)));

  t = rel_virsh_timed ("pool-destroy", POOL_NEW, NULL);
  WAIT_LATENCY ("pool-destroy", t, !vsm_pool_get_active (pool_named (POOL_NEW)));
  g_assert_cmpuint (vsm_keyed_list_get_n_items (vsm_pool_get_volumes (pool_named (POOL_NEW))), ==, 0);

  gone = g_object_ref (pool_named (POOL_NEW));
  t = rel_virsh_timed ("pool-undefine", POOL_NEW, NULL);
  WAIT_LATENCY ("pool-undefine", t, pool_named (POOL_NEW) == NULL);
  g_assert_null (vsm_host_find_pool (fx.host, vsm_pool_get_uuid (gone)));

  /* A transient pool: created running, and gone once stopped. */
  t = rel_virsh_timed ("pool-create-as", POOL_TRANSIENT, "dir", "--target", ttarget, "--build", NULL);
  WAIT_LATENCY ("pool-create-as (transient)", t,
                pool_named (POOL_TRANSIENT) != NULL && vsm_pool_get_active (pool_named (POOL_TRANSIENT)));
  g_assert_false (vsm_pool_get_persistent (pool_named (POOL_TRANSIENT)));
  t = rel_virsh_timed ("pool-destroy", POOL_TRANSIENT, NULL);
  WAIT_LATENCY ("pool-destroy (transient)", t, pool_named (POOL_TRANSIENT) == NULL);

  /* Define and start in quick succession, then undefine a running pool
   * (destroy, then undefine right away): no stale row in between. */
  t = rel_virsh_timed ("pool-define-as", POOL_NEW, "dir", "--target", target, NULL);
  t = rel_virsh_timed ("pool-start", POOL_NEW, NULL);
  WAIT_LATENCY ("pool-define-as + pool-start", t,
                pool_named (POOL_NEW) != NULL && vsm_pool_get_active (pool_named (POOL_NEW)));
  rel_virsh_timed ("pool-destroy", POOL_NEW, NULL);
  t = rel_virsh_timed ("pool-undefine", POOL_NEW, NULL);
  WAIT_LATENCY ("pool-destroy, then pool-undefine", t, pool_named (POOL_NEW) == NULL);

  rel_assert_models_match (fx.host, 2000);
}

static guint
n_volumes (VsmPool *pool)
{
  return vsm_keyed_list_get_n_items (vsm_pool_get_volumes (pool));
}

static void
test_volumes (void)
{
  VsmPool *pool = pool_named (POOL_A);
  g_autofree char *path = NULL;
  guint before;
  gint64 t0;
  int fd;

  g_assert_nonnull (pool);
  VSM_WAIT_FOR (vsm_test_volumes_ready (pool), 5000);
  before = n_volumes (pool);

  /* virsh vol-create-as: no event; F5 (vsm_host_reload) shows it. */
  rel_virsh_timed ("vol-create-as", POOL_A, "outside.qcow2", "16M", "--format", "qcow2", NULL);
  rel_virsh_timed ("vol-create-as", POOL_A, "outside.raw", "2M", "--format", "raw", NULL);
  t0 = g_get_monotonic_time ();
  vsm_host_reload (fx.host);
  VSM_WAIT_FOR (vsm_test_find_volume (pool, "outside.qcow2") != NULL &&
                vsm_test_find_volume (pool, "outside.raw") != NULL && vsm_test_volumes_ready (pool), 3000);
  g_test_message ("vol-create-as x2: listed %.1f ms after the refresh", (g_get_monotonic_time () - t0) / 1000.0);
  g_assert_cmpuint (n_volumes (pool), ==, before + 2);
  g_assert_cmpuint (vsm_volume_get_capacity (vsm_test_find_volume (pool, "outside.qcow2")), ==, 16 * REL_MiB);
  rel_assert_models_match (fx.host, 2000);

  rel_virsh_timed ("vol-delete", "--pool", POOL_A, "outside.raw", NULL);
  t0 = g_get_monotonic_time ();
  vsm_host_reload (fx.host);
  VSM_WAIT_FOR (vsm_test_find_volume (pool, "outside.raw") == NULL && vsm_test_volumes_ready (pool), 3000);
  g_test_message ("vol-delete: row gone %.1f ms after the refresh", (g_get_monotonic_time () - t0) / 1000.0);
  g_assert_cmpuint (n_volumes (pool), ==, before + 1);
  rel_assert_models_match (fx.host, 2000);

  /* A file made behind libvirt's back: the pool's Refresh action
   * (virStoragePoolRefresh, then a re-list) shows it. */
  path = g_build_filename (rel_dir (), "pools", POOL_A, "behind-the-back.img", NULL);
  fd = open (path, O_WRONLY | O_CREAT | O_EXCL, 0600);
  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (ftruncate (fd, (off_t) (3 * REL_MiB)), ==, 0);
  close (fd);
  {
    GAsyncResult *slot = NULL;
    g_autoptr(GAsyncResult) result = NULL;
    g_autoptr(GError) error = NULL;

    t0 = g_get_monotonic_time ();
    vsm_host_pool_action_async (fx.host, pool, VSM_POOL_ACTION_REFRESH, NULL, vsm_test_store_result, &slot);
    result = vsm_test_wait_result (&slot, 5000);
    g_assert_true (vsm_host_pool_action_finish (fx.host, result, &error));
    g_assert_no_error (error);
  }
  VSM_WAIT_FOR (vsm_test_find_volume (pool, "behind-the-back.img") != NULL && vsm_test_volumes_ready (pool), 3000);
  g_test_message ("file made behind libvirt's back: listed %.1f ms after Refresh",
                  (g_get_monotonic_time () - t0) / 1000.0);

  /* virsh pool-refresh raises a REFRESH event: the shown list follows
   * without any action in the app. */
  g_assert_cmpint (unlink (path), ==, 0);
  t0 = rel_virsh_timed ("pool-refresh", POOL_A, NULL);
  WAIT_LATENCY ("pool-refresh (a file removed)", t0,
                vsm_test_find_volume (pool, "behind-the-back.img") == NULL && vsm_test_volumes_ready (pool));
  rel_assert_models_match (fx.host, 2000);
}

static void
silent_error (void       *data,
              virErrorPtr error)
{
}

int
main (int    argc,
      char **argv)
{
  int rc;

  g_test_init (&argc, &argv, NULL);
  vsm_test_drop_debug_logs ();
  vsm_test_init_libvirt ();
  virSetErrorFunc (NULL, silent_error);
  rel_init ();

  rel_define_dir_pool (POOL_A, TRUE, 5, "vol");
  fx.report = g_string_new (NULL);
  fx.host = vsm_host_new (rel_uri ());
  vsm_host_connect (fx.host);
  VSM_WAIT_FOR (vsm_host_get_pools_loaded (fx.host), 10000);
  rel_assert_models_match (fx.host, 5000);

  g_test_add_func ("/reliability/outside/pools", test_pools);
  g_test_add_func ("/reliability/outside/volumes", test_volumes);
  rc = g_test_run ();

  g_test_message ("SUMMARY: pool changes followed within %.0f ms at worst (deadline %d ms): %s",
                  fx.worst_ms, POOL_DEADLINE_MS, fx.report->str);
  g_clear_object (&fx.host);
  rel_spin (100);
  g_string_free (fx.report, TRUE);
  return rc;
}
