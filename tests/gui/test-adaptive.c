/* test-adaptive.c
 *
 * The main window adapts to its width (issue 13, item 5; GNOME's HIG asks
 * for 360 px): at 1280 px it shows connections, list and content side by
 * side; at 800×600 the connections fold away behind Back; at 360 px one pane
 * shows at a time, activating a row opens the next and Back (the header's
 * button, or win.back: test-keyboard presses Alt+Left) returns. At every
 * width nothing outside a scrolled area reaches past the window's edge; at
 * 1280 and 800 px no text is cut either.
 *
 * Runs under Xvfb (tests/headless.sh) on fixture-basic.xml.
 *
 * Copyright 2026 Virt Storage developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>

#include "vsm-domain-view.h"
#include "vsm-pool-view.h"
#include "vsm-test-gtk-utils.h"
#include "vsm-window.h"

typedef struct
{
  GListStore *hosts;
  GSettings  *settings;
  VsmWindow  *win;
  VsmHost    *host;
} Fixture;

typedef struct
{
  int width, height;
} Size;

static const Size wide = { 1280, 800 }, medium = { 800, 600 }, narrow = { 360, 640 };

/* Between @size minus the window's frame (its shadow when there is no
 * window manager: 10 px here) and @size. */
static gboolean
near (int shown_size,
      int size)
{
  return shown_size <= size && shown_size >= size - 12;
}

/* A window of the size the test names (its frame included: what the user
 * sees is at most that), connected to fixture-basic.xml. */
static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  const Size *size = data;

  f->win = vsm_test_window_open_sized (&f->hosts, &f->settings, size->width, size->height);
  VSM_WAIT_FOR (near (gtk_widget_get_width (GTK_WIDGET (f->win)), size->width) &&
                near (gtk_widget_get_height (GTK_WIDGET (f->win)), size->height), VSM_TEST_TIMEOUT);
  f->host = vsm_test_window_connect (f->win, "fixture-basic.xml");
  vsm_test_wait_idle (300);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  vsm_test_window_close (&f->win, &f->settings, &f->hosts);
}

static gboolean
shown (GtkWidget *w)
{
  return gtk_widget_get_mapped (w) && gtk_widget_get_width (w) > 0;
}

/* Every mapped widget outside scrolled content lies within the window's
 * width; returns how many were checked. */
static guint
assert_inside (GtkWidget *root,
               GtkWidget *w)
{
  graphene_rect_t r;
  guint n = 1;

  if (!gtk_widget_get_mapped (w) || (GTK_IS_NATIVE (w) && w != root))
    return 0;
  if (w == root)
    goto children;
  g_assert_true (gtk_widget_compute_bounds (w, root, &r));
  if (r.origin.x < -1.5 || r.origin.x + r.size.width > gtk_widget_get_width (root) + 1.5)
    g_error ("%s (%s) spans x %.0f to %.0f in a window %d px wide",
             G_OBJECT_TYPE_NAME (w), gtk_widget_get_name (w), r.origin.x,
             r.origin.x + r.size.width, gtk_widget_get_width (root));
  if (GTK_IS_SCROLLED_WINDOW (w))
    return n;
  /* a folded leaflet draws only its visible page (the others slide
   * outside its clip) */
  if (ADW_IS_LEAFLET (w) && adw_leaflet_get_folded (ADW_LEAFLET (w)))
    return n + assert_inside (root, adw_leaflet_get_visible_child (ADW_LEAFLET (w)));
children:
  for (GtkWidget *c = gtk_widget_get_first_child (w); c != NULL; c = gtk_widget_get_next_sibling (c))
    n += assert_inside (root, c);
  return n;
}

static gboolean
is_leaflet (GtkWidget *w,
            gpointer   data)
{
  return ADW_IS_LEAFLET (w);
}

static gboolean
sliding (GtkWidget *w)
{
  if (ADW_IS_LEAFLET (w) && adw_leaflet_get_child_transition_running (ADW_LEAFLET (w)))
    return TRUE;
  for (GtkWidget *c = gtk_widget_get_first_child (w); c != NULL; c = gtk_widget_get_next_sibling (c))
    if (sliding (c))
      return TRUE;
  return FALSE;
}

/* Waits for the panes to finish sliding. */
static void
settle (Fixture *f)
{
  g_assert_nonnull (vsm_test_find_widget (GTK_WIDGET (f->win), is_leaflet, NULL));
  vsm_test_wait_idle (50);
  VSM_WAIT_FOR (!sliding (GTK_WIDGET (f->win)), VSM_TEST_TIMEOUT);
  vsm_test_wait_idle (100);
}

/* As Return on a focused row does: the list activates its cursor row. */
static void
activate_row (Fixture       *f,
              GtkListBoxRow *row)
{
  GtkWidget *list;

  g_assert_nonnull (row);
  list = gtk_widget_get_parent (GTK_WIDGET (row));
  g_assert_true (GTK_IS_LIST_BOX (list));
  g_assert_true (gtk_widget_grab_focus (GTK_WIDGET (row)));
  g_signal_emit_by_name (list, "activate-cursor-row");
  settle (f);
}

static GtkWidget *
back_button (Fixture *f)
{
  GtkWidget *b = vsm_test_find_widget (GTK_WIDGET (f->win), vsm_test_is_button_with_action, (gpointer) "win.back");

  g_assert_nonnull (b);
  return b;
}

static gboolean
is_section_stack (GtkWidget *w,
                  gpointer   data)
{
  return GTK_IS_STACK (w) && gtk_stack_get_child_by_name (GTK_STACK (w), "vms") != NULL;
}

static int
content_minimum (Fixture *f)
{
  int min;

  /* what the user sees: the window's content, without the frame (a
   * shadow) that a window manager drops for a maximized or tiled window */
  gtk_widget_measure (adw_application_window_get_content (ADW_APPLICATION_WINDOW (f->win)),
                      GTK_ORIENTATION_HORIZONTAL, -1, &min, NULL, NULL, NULL);
  return min;
}

/* The smallest width the window asks for is GNOME's 360 px or less: before
 * a pool is chosen, with one, and with a machine shown. */
static void
test_minimum_width (Fixture       *f,
                    gconstpointer  data)
{
  g_assert_cmpint (content_minimum (f), <=, 360);
  vsm_test_select_pool (f->win, f->host, "images");
  vsm_test_wait_idle (200);
  g_assert_cmpint (content_minimum (f), <=, 360);
  VSM_WAIT_FOR (vsm_test_vm_row_named (f->win, "vm1") != NULL, VSM_TEST_TIMEOUT);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->win), "win.show-domain", "s", "vm1"));
  VSM_WAIT_FOR (vsm_domain_view_get_domain (vsm_window_get_domain_view (f->win)) != NULL, VSM_TEST_TIMEOUT);
  vsm_test_wait_idle (200);
  g_assert_cmpint (content_minimum (f), <=, 360);
}

/* 1280 px: the three panes side by side, no Back. */
static void
test_wide (Fixture       *f,
           gconstpointer  data)
{
  vsm_test_select_pool (f->win, f->host, "images");
  vsm_test_wait_idle (200);
  g_assert_true (shown (GTK_WIDGET (vsm_window_get_hosts_list (f->win))));
  g_assert_true (shown (GTK_WIDGET (vsm_window_get_pools_list (f->win))));
  g_assert_true (shown (GTK_WIDGET (vsm_window_get_pool_view (f->win))));
  VSM_WAIT_FOR (!gtk_widget_get_visible (back_button (f)), VSM_TEST_TIMEOUT);
  g_assert_cmpuint (assert_inside (GTK_WIDGET (f->win), GTK_WIDGET (f->win)), >, 50);
  vsm_test_assert_nothing_cut (GTK_WIDGET (f->win), "window at 1280×800");
  vsm_test_shot (GTK_WIDGET (f->win), "adaptive-1280");
}

/* A pool with a long source (an iSCSI target with initiator and CHAP
 * user, Ceph on three monitors) wraps it whole without making the window
 * ask for more than 800 px of height: its smallest height is measured at
 * its narrowest, where an unbounded wrapping label stands one word a line. */
static void
test_long_source (Fixture       *f,
                  gconstpointer  data)
{
  VsmHost *host = vsm_test_window_connect (f->win, "fixture-sources.xml");
  static const char *pools[] = { "iscsi-chap", "rbd", "scsi-fc-parent" };

  for (guint i = 0; i < G_N_ELEMENTS (pools); i++)
    {
      int min_height;

      vsm_test_select_pool (f->win, host, pools[i]);
      vsm_test_wait_idle (200);
      gtk_widget_measure (adw_application_window_get_content (ADW_APPLICATION_WINDOW (f->win)),
                          GTK_ORIENTATION_VERTICAL, -1, &min_height, NULL, NULL, NULL);
      g_test_message ("%s: smallest height %d px", pools[i], min_height);
      g_assert_cmpint (min_height, <=, 600);
      g_assert_true (near (gtk_widget_get_height (GTK_WIDGET (f->win)), 800));
    }
}

/* 800×600: the list and the pool side by side, the connections behind Back. */
static void
test_800 (Fixture       *f,
          gconstpointer  data)
{
  vsm_test_select_pool (f->win, f->host, "images");
  vsm_test_wait_idle (200);
  g_assert_false (shown (GTK_WIDGET (vsm_window_get_hosts_list (f->win))));
  g_assert_true (shown (GTK_WIDGET (vsm_window_get_pools_list (f->win))));
  g_assert_true (shown (GTK_WIDGET (vsm_window_get_pool_view (f->win))));
  g_assert_cmpstr (vsm_window_get_visible_pane (f->win), ==, "content");
  VSM_WAIT_FOR (gtk_widget_get_visible (back_button (f)), VSM_TEST_TIMEOUT);
  g_assert_cmpuint (assert_inside (GTK_WIDGET (f->win), GTK_WIDGET (f->win)), >, 50);
  /* and nothing is cut at 800 px either */
  vsm_test_assert_nothing_cut (GTK_WIDGET (f->win), "window at 800×600");
  vsm_test_shot (GTK_WIDGET (f->win), "adaptive-800");

  /* Back shows the connections; activating one returns to its pools. */
  g_signal_emit_by_name (back_button (f), "clicked");
  settle (f);
  g_assert_cmpstr (vsm_window_get_visible_pane (f->win), ==, "connections");
  g_assert_true (shown (GTK_WIDGET (vsm_window_get_hosts_list (f->win))));
  VSM_WAIT_FOR (!gtk_widget_get_visible (back_button (f)), VSM_TEST_TIMEOUT);
  assert_inside (GTK_WIDGET (f->win), GTK_WIDGET (f->win));
  activate_row (f, gtk_list_box_get_row_at_index (vsm_window_get_hosts_list (f->win), 0));
  g_assert_true (shown (GTK_WIDGET (vsm_window_get_pools_list (f->win))));
  g_assert_true (shown (GTK_WIDGET (vsm_window_get_pool_view (f->win))));
}

/* 360 px: one pane at a time, rows lead forward, Back and Alt+Left lead back. */
static void
test_narrow (Fixture       *f,
             gconstpointer  data)
{
  GtkListBoxRow *vm_row;

  g_assert_cmpstr (vsm_window_get_visible_pane (f->win), ==, "list");
  g_assert_true (shown (GTK_WIDGET (vsm_window_get_pools_list (f->win))));
  g_assert_false (shown (GTK_WIDGET (vsm_window_get_pool_view (f->win))));
  /* selecting alone (as the window does at start) never moves */
  vsm_test_select_pool (f->win, f->host, "images");
  vsm_test_wait_idle (200);
  g_assert_cmpstr (vsm_window_get_visible_pane (f->win), ==, "list");
  assert_inside (GTK_WIDGET (f->win), GTK_WIDGET (f->win));
  vsm_test_shot (GTK_WIDGET (f->win), "adaptive-360-list");

  activate_row (f, vsm_test_pool_row_named (f->win, "images"));
  g_assert_cmpstr (vsm_window_get_visible_pane (f->win), ==, "content");
  g_assert_true (shown (GTK_WIDGET (vsm_window_get_pool_view (f->win))));
  g_assert_false (shown (GTK_WIDGET (vsm_window_get_pools_list (f->win))));
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (vsm_window_get_pool_view (f->win))), ==,
                   gtk_widget_get_width (GTK_WIDGET (f->win)));
  g_assert_cmpuint (assert_inside (GTK_WIDGET (f->win), GTK_WIDGET (f->win)), >, 30);
  vsm_test_shot (GTK_WIDGET (f->win), "adaptive-360-pool");

  /* win.back (what Alt+Left runs): back to the list */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->win), "win.back", NULL));
  settle (f);
  g_assert_cmpstr (vsm_window_get_visible_pane (f->win), ==, "list");
  /* the back button: to the connections */
  VSM_WAIT_FOR (gtk_widget_get_visible (back_button (f)), VSM_TEST_TIMEOUT);
  g_signal_emit_by_name (back_button (f), "clicked");
  settle (f);
  g_assert_cmpstr (vsm_window_get_visible_pane (f->win), ==, "connections");
  VSM_WAIT_FOR (!gtk_widget_get_visible (back_button (f)), VSM_TEST_TIMEOUT);
  assert_inside (GTK_WIDGET (f->win), GTK_WIDGET (f->win));
  vsm_test_shot (GTK_WIDGET (f->win), "adaptive-360-connections");
  activate_row (f, gtk_list_box_get_row_at_index (vsm_window_get_hosts_list (f->win), 0));
  g_assert_cmpstr (vsm_window_get_visible_pane (f->win), ==, "list");

  /* the machines section the same way */
  gtk_stack_set_visible_child_name (GTK_STACK (vsm_test_find_widget (GTK_WIDGET (f->win), is_section_stack, NULL)), "vms");
  vsm_test_wait_idle (300);
  VSM_WAIT_FOR ((vm_row = vsm_test_vm_row_named (f->win, "vm1")) != NULL, VSM_TEST_TIMEOUT);
  g_assert_true (shown (GTK_WIDGET (vm_row)));
  activate_row (f, vm_row);
  g_assert_cmpstr (vsm_window_get_visible_pane (f->win), ==, "content");
  g_assert_true (shown (GTK_WIDGET (vsm_window_get_domain_view (f->win))));
  assert_inside (GTK_WIDGET (f->win), GTK_WIDGET (f->win));
  vsm_test_shot (GTK_WIDGET (f->win), "adaptive-360-machine");
}

int
main (int   argc,
      char *argv[])
{
  vsm_test_gtk_init (&argc, &argv);

  g_test_add ("/gui/adaptive/minimum-width", Fixture, &wide, fixture_setup, test_minimum_width, fixture_teardown);
  g_test_add ("/gui/adaptive/1280", Fixture, &wide, fixture_setup, test_wide, fixture_teardown);
  g_test_add ("/gui/adaptive/long-source", Fixture, &wide, fixture_setup, test_long_source, fixture_teardown);
  g_test_add ("/gui/adaptive/800x600", Fixture, &medium, fixture_setup, test_800, fixture_teardown);
  g_test_add ("/gui/adaptive/360", Fixture, &narrow, fixture_setup, test_narrow, fixture_teardown);
  return g_test_run ();
}
