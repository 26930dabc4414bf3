/* test-outside-gui.c
 *
 * The real VsmWindow under Xvfb (tests/headless.sh), connected to a
 * private libvirtd (tests/system/run-system-test.sh): the pool selected in the window is
 * stopped and undefined with virsh. The window must follow within a
 * second without keeping a stale selection (the pool view moves to another
 * pool, or to the empty state when none is left), with no error toast, and
 * with no warning or critical (GTest makes both fatal; G_DEBUG has
 * fatal-warnings).
 *
 * Copyright 2026 Virt Storage developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>
#include <signal.h>
#include <glib/gstdio.h>

#include "rel-common.h"
#include "vsm-pool-row.h"
#include "vsm-test-gtk-utils.h"

#define POOL_KEEP "vsm-rel-gui-keep"
#define POOL_GONE "vsm-rel-gui-gone"
#define DEADLINE_MS 1000

typedef struct
{
  VsmWindow  *win;
  GSettings  *settings;
  GListStore *hosts;
  VsmHost    *host;
} Fixture;

static gboolean
has_toast (VsmWindow *win)
{
  GType toast_widget = g_type_from_name ("AdwToastWidget");

  return toast_widget != 0 &&
         vsm_test_find_widget (GTK_WIDGET (win), vsm_test_is_type, GSIZE_TO_POINTER (toast_widget)) != NULL;
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  f->win = vsm_test_window_open (&f->hosts, &f->settings);
  f->host = vsm_window_add_connection (f->win, rel_uri (), FALSE);
  g_assert_nonnull (f->host);
  VSM_WAIT_FOR (g_strcmp0 (vsm_window_get_pools_page (f->win), "pools") == 0, VSM_TEST_TIMEOUT);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  f->host = NULL;
  vsm_test_window_close (&f->win, &f->settings, &f->hosts);
}

/* The selected row of the pools list, and what the pool view shows, are
 * the same live pool (or both nothing). */
static void
assert_selection_consistent (Fixture *f)
{
  VsmPoolView *view = vsm_window_get_pool_view (f->win);
  GtkListBoxRow *row = gtk_list_box_get_selected_row (vsm_window_get_pools_list (f->win));
  VsmPool *shown = vsm_pool_view_get_pool (view);

  if (shown == NULL)
    {
      g_assert_null (row);
      return;
    }
  g_assert_true (vsm_host_find_pool (f->host, vsm_pool_get_uuid (shown)) == shown);
  g_assert_nonnull (row);
  g_assert_true (vsm_pool_row_get_pool (VSM_POOL_ROW (row)) == shown);
}

/* Waits until @pool (a ref the test holds) is shown nowhere any more. */
static double
wait_gone_from_window (Fixture *f,
                       VsmPool *pool,
                       gint64   t_virsh)
{
  VsmPoolView *view = vsm_window_get_pool_view (f->win);
  gint64 deadline = t_virsh + DEADLINE_MS * 1000;

  while (vsm_pool_view_get_pool (view) == pool ||
         vsm_test_pool_row_named (f->win, vsm_pool_get_name (pool)) != NULL)
    {
      if (g_get_monotonic_time () > deadline)
        g_error ("pool %s still shown %d ms after virsh pool-undefine", vsm_pool_get_name (pool), DEADLINE_MS);
      vsm_test_iterate ();
    }
  return (g_get_monotonic_time () - t_virsh) / 1000.0;
}

static void
test_undefine_selected (Fixture       *f,
                        gconstpointer  data)
{
  VsmPoolView *view = vsm_window_get_pool_view (f->win);
  g_autoptr(VsmPool) gone = NULL;
  g_autoptr(VsmPool) keep = NULL;
  gint64 t;
  double ms;

  gone = g_object_ref (vsm_test_select_pool (f->win, f->host, POOL_GONE));
  g_assert_true (vsm_pool_get_active (gone));
  g_assert_cmpuint (vsm_keyed_list_get_n_items (vsm_pool_get_volumes (gone)), ==, 4);
  g_assert_false (has_toast (f->win));

  /* Stopped from outside: still selected, shown as inactive. */
  t = rel_virsh_timed ("pool-destroy", POOL_GONE, NULL);
  VSM_WAIT_FOR (!vsm_pool_get_active (gone) &&
                g_strcmp0 (vsm_pool_view_get_visible_page (view), "inactive") == 0, DEADLINE_MS);
  g_test_message ("pool-destroy of the selected pool: view shows it inactive %.1f ms after virsh exited",
                  (g_get_monotonic_time () - t) / 1000.0);
  g_assert_true (vsm_pool_view_get_pool (view) == gone);
  assert_selection_consistent (f);

  /* Undefined from outside: the window moves on to the other pool. */
  t = rel_virsh_timed ("pool-undefine", POOL_GONE, NULL);
  ms = wait_gone_from_window (f, gone, t);
  VSM_WAIT_FOR (vsm_pool_view_get_pool (view) != NULL, DEADLINE_MS);
  keep = g_object_ref (vsm_pool_view_get_pool (view));
  g_assert_cmpstr (vsm_pool_get_name (keep), ==, POOL_KEEP);
  g_test_message ("pool-undefine of the selected pool: gone from the window %.1f ms after virsh exited, "
                  "view moved to %s", ms, vsm_pool_get_name (keep));
  VSM_WAIT_FOR (vsm_test_volumes_ready (keep) &&
                g_strcmp0 (vsm_pool_view_get_visible_page (view), "list") == 0, VSM_TEST_TIMEOUT);
  assert_selection_consistent (f);
  g_assert_cmpstr (vsm_window_get_pools_page (f->win), ==, "pools");
  rel_spin (200);
  g_assert_false (has_toast (f->win));

  /* The last pool, running and selected, stopped and undefined right
   * after each other: the empty state, nothing selected. */
  rel_virsh_timed ("pool-destroy", POOL_KEEP, NULL);
  t = rel_virsh_timed ("pool-undefine", POOL_KEEP, NULL);
  ms = wait_gone_from_window (f, keep, t);
  VSM_WAIT_FOR (g_strcmp0 (vsm_window_get_pools_page (f->win), "empty") == 0, DEADLINE_MS);
  g_test_message ("last pool undefined while selected: gone %.1f ms after virsh exited, window shows "
                  "the \"%s\" page, pool view \"%s\"", ms, vsm_window_get_pools_page (f->win),
                  vsm_pool_view_get_visible_page (view));
  g_assert_null (vsm_pool_view_get_pool (view));
  g_assert_cmpstr (vsm_pool_view_get_visible_page (view), ==, "none");
  assert_selection_consistent (f);
  rel_spin (200);
  g_assert_false (has_toast (f->win));

  /* And a pool defined from outside shows up and can be selected. */
  rel_define_dir_pool (POOL_GONE, TRUE, 2, "again");
  VSM_WAIT_FOR (g_strcmp0 (vsm_window_get_pools_page (f->win), "pools") == 0, DEADLINE_MS);
  VSM_WAIT_FOR (vsm_pool_view_get_pool (view) != NULL, DEADLINE_MS);
  g_assert_cmpstr (vsm_pool_get_name (vsm_pool_view_get_pool (view)), ==, POOL_GONE);
  assert_selection_consistent (f);
  rel_assert_models_match (f->host, 3000);
  g_assert_false (has_toast (f->win));
}

/* The daemon killed and restarted while the window shows a pool with a
 * volume selected; in rounds 1 and 2 a refresh (F5, and the pool's
 * Refresh) is in flight, the daemon frozen so it cannot answer. The
 * window must show the disconnected page (no stale rows, no toast), come
 * back by itself and show the same pool again. In round 3 the selected
 * pool is removed while the daemon is down (its config and status files
 * deleted, as an undefine elsewhere would): the window must then show
 * another pool, not an empty pane. */
#define POOL_R1 "vsm-rel-gui-r1"
#define POOL_R2 "vsm-rel-gui-r2"

static void
remove_pool_files (const char *name)
{
  const char *dirs[] = { "etc/storage", "etc/storage/autostart", "run/storage" };

  for (guint i = 0; i < G_N_ELEMENTS (dirs); i++)
    {
      g_autofree char *file = g_strdup_printf ("%s.xml", name);
      g_autofree char *path = g_build_filename (rel_dir (), "root", dirs[i], file, NULL);

      if (g_file_test (path, G_FILE_TEST_EXISTS))
        g_assert_cmpint (g_unlink (path), ==, 0);
    }
}

static void
test_restart_with_window (Fixture       *f,
                          gconstpointer  data)
{
  VsmPoolView *view = vsm_window_get_pool_view (f->win);
  VsmConnection *conn = vsm_host_get_connection (f->host);

  rel_define_dir_pool (POOL_R1, TRUE, 2, "r1");
  rel_define_dir_pool (POOL_R2, TRUE, 3, "r2");
  VSM_WAIT_FOR (vsm_host_find_pool_by_name (f->host, POOL_R2) != NULL, DEADLINE_MS);
  vsm_connection_set_reconnect_interval (conn, 200);

  for (guint round = 0; round < 4; round++)
    {
      g_autoptr(GSubprocess) killer = NULL;
      g_autoptr(GSubprocess) starter = NULL;
      VsmPool *pool;
      pid_t pid = rel_daemon_pid ();
      gint64 t0;

      /* not the first pool of the list: the window must not just fall
       * back to the first one */
      pool = vsm_test_select_pool (f->win, f->host, POOL_R2);
      g_assert_true (vsm_test_select_volume (view, "r2-001.raw"));
      if (round == 1 || round == 2)
        {
          g_assert_cmpint (kill (pid, SIGSTOP), ==, 0);
          g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->win), "win.refresh", NULL));
          if (round == 2)
            vsm_host_pool_action_async (f->host, pool, VSM_POOL_ACTION_REFRESH, NULL, NULL, NULL);
          rel_spin (100);
        }
      t0 = g_get_monotonic_time ();
      killer = rel_daemon_spawn ("kill9");
      rel_wait_process (killer, 35000);
      VSM_WAIT_FOR (g_strcmp0 (vsm_window_get_pools_page (f->win), "disconnected") == 0, 3000);
      g_assert_null (vsm_pool_view_get_pool (view));
      g_assert_null (gtk_list_box_get_row_at_index (vsm_window_get_pools_list (f->win), 0));
      assert_selection_consistent (f);
      g_test_message ("round %u: window on the disconnected page %.1f ms after kill -9 began", round,
                      (g_get_monotonic_time () - t0) / 1000.0);
      if (round == 3)
        remove_pool_files (POOL_R2);

      t0 = g_get_monotonic_time ();
      starter = rel_daemon_spawn ("start");
      rel_wait_process (starter, 60000);
      VSM_WAIT_FOR (g_strcmp0 (vsm_window_get_pools_page (f->win), "pools") == 0, 5000);
      VSM_WAIT_FOR (vsm_pool_view_get_pool (view) != NULL, 2000);
      assert_selection_consistent (f);
      pool = vsm_pool_view_get_pool (view);
      if (round < 3)
        g_assert_cmpstr (vsm_pool_get_name (pool), ==, POOL_R2);
      else
        {
          g_assert_null (vsm_host_find_pool_by_name (f->host, POOL_R2));
          g_assert_cmpstr (vsm_pool_get_name (pool), !=, POOL_R2);
        }
      if (vsm_pool_get_active (pool))
        VSM_WAIT_FOR (vsm_test_volumes_ready (pool) &&
                      g_strcmp0 (vsm_pool_view_get_visible_page (view), "list") == 0, VSM_TEST_TIMEOUT);
      g_test_message ("round %u: pools shown again %.1f ms after the restart began, view on %s", round,
                      (g_get_monotonic_time () - t0) / 1000.0, vsm_pool_get_name (pool));
      rel_assert_models_match (f->host, 3000);
      g_assert_false (has_toast (f->win));
    }

  {
    g_autofree char *out = rel_virsh_script ("pool-destroy " POOL_R1 "\npool-undefine " POOL_R1 "\n");
  }
  VSM_WAIT_FOR (vsm_host_find_pool_by_name (f->host, POOL_R1) == NULL, DEADLINE_MS);
}

/* The pool remembered from the last run (GSettings "last-pool") was
 * undefined since: once the pools are listed, the window shows the first
 * one instead of staying on an empty pane. */
static void
test_last_pool_gone (void)
{
  VsmWindow *win;
  GSettings *settings;
  GListStore *hosts;
  VsmHost *host;
  VsmPoolView *view;

  win = vsm_test_window_open (&hosts, &settings);
  view = vsm_window_get_pool_view (win);
  g_assert_false (vsm_window_select_pool (win, "0badc0de-0000-4000-8000-000000000000"));
  host = vsm_window_add_connection (win, rel_uri (), FALSE);
  g_assert_nonnull (host);
  VSM_WAIT_FOR (g_strcmp0 (vsm_window_get_pools_page (win), "pools") == 0, VSM_TEST_TIMEOUT);
  VSM_WAIT_FOR (vsm_pool_view_get_pool (view) != NULL, DEADLINE_MS);
  g_assert_true (gtk_list_box_get_selected_row (vsm_window_get_pools_list (win)) ==
                 gtk_list_box_get_row_at_index (vsm_window_get_pools_list (win), 0));
  vsm_test_window_close (&win, &settings, &hosts);
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
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  vsm_test_drop_debug_logs ();
  vsm_test_init_libvirt ();
  virSetErrorFunc (NULL, silent_error);
  rel_init ();

  rel_define_dir_pool (POOL_KEEP, TRUE, 3, "keep");
  rel_define_dir_pool (POOL_GONE, TRUE, 4, "gone");

  g_test_add_func ("/reliability/outside-gui/last-pool-gone", test_last_pool_gone);
  g_test_add ("/reliability/outside-gui/restart", Fixture, NULL,
              fixture_setup, test_restart_with_window, fixture_teardown);
  g_test_add ("/reliability/outside-gui/undefine-selected", Fixture, NULL,
              fixture_setup, test_undefine_selected, fixture_teardown);
  return g_test_run ();
}
