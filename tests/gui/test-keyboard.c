/* test-keyboard.c
 *
 * The main flows by the keyboard alone (issue 13, item 4): real key events
 * typed into the X server (XTest) reach the window as a user's would. The
 * test only looks at where the focus is; every change is made by a key.
 *
 *   tab-order    Tab goes round the window without visiting a control twice
 *                (at least 12 of them): focus always visible, never on
 *                plain text, the pool selection unchanged, the volume table
 *                entered once and left
 *   reconnect    a failed connection's row: Tab reaches its Reconnect
 *                button, then leaves the list
 *   narrow       at 360 px: Return on a pool opens it, Alt+Left returns
 *   select-pool  the arrows move in the pool list and the pool follows
 *   volume-menu  Down moves in the volume table; Return opens the volume's
 *                actions; Escape closes them; its Show the Machine Using It
 *                opens the machine
 *   new-volume   Ctrl+N, a name typed over the proposed one (its extension
 *                kept) and a size, Enter creates
 *   attach-iso   the Machines section, a machine, Shift+Ctrl+A, "An ISO
 *                image" chosen in its list, Enter attaches: a CD/DVD drive
 *                with the image appears
 *
 * Runs under Xvfb (tests/headless.sh) on fixture-basic.xml.
 *
 * Copyright 2026 Virt Storage developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <string.h>
#include <gdk/x11/gdkx.h>
#include <X11/extensions/XTest.h>
#include <X11/keysym.h>

#include "vsm-attach-dialog.h"
#include "vsm-connection.h"
#include "vsm-domain-view.h"
#include "vsm-pool-view.h"
#include "vsm-pool.h"
#include "vsm-test-gtk-utils.h"
#include "vsm-volume-dialog.h"
#include "vsm-window.h"

typedef struct
{
  GListStore *hosts;
  GSettings  *settings;
  VsmWindow  *win;
  VsmHost    *host;
} Fixture;

static Display *
xdisplay (void)
{
  return gdk_x11_display_get_xdisplay (gdk_display_get_default ());
}

/* Gives @window the X keyboard focus (there is no window manager). */
static void
focus_window (GtkWindow *window)
{
  GdkSurface *surface = gtk_native_get_surface (GTK_NATIVE (window));

  XSetInputFocus (xdisplay (), gdk_x11_surface_get_xid (surface), RevertToParent, CurrentTime);
  XFlush (xdisplay ());
  vsm_test_wait_idle (200);
}

/* Types @sym with the modifiers held (0-terminated list of keysyms). */
static void
press_with (KeySym sym,
            ...)
{
  Display *d = xdisplay ();
  KeySym mods[4];
  guint n = 0;
  va_list ap;

  va_start (ap, sym);
  for (KeySym m = va_arg (ap, KeySym); m != 0 && n < G_N_ELEMENTS (mods); m = va_arg (ap, KeySym))
    mods[n++] = m;
  va_end (ap);
  for (guint i = 0; i < n; i++)
    XTestFakeKeyEvent (d, XKeysymToKeycode (d, mods[i]), True, 0);
  XTestFakeKeyEvent (d, XKeysymToKeycode (d, sym), True, 0);
  XTestFakeKeyEvent (d, XKeysymToKeycode (d, sym), False, 0);
  for (guint i = n; i > 0; i--)
    XTestFakeKeyEvent (d, XKeysymToKeycode (d, mods[i - 1]), False, 0);
  XFlush (d);
  vsm_test_wait_idle (60);
}

#define press(sym) press_with ((sym), (KeySym) 0)

/* Types lower-case letters, digits, '-' and '.'. */
static void
type_text (const char *text)
{
  for (const char *c = text; *c != '\0'; c++)
    {
      if (*c == '-')
        press (XK_minus);
      else if (*c == '.')
        press (XK_period);
      else
        press (XStringToKeysym ((char[]) { *c, '\0' }));
    }
}

static GtkWidget *
focus_of (GtkWindow *window)
{
  return gtk_root_get_focus (GTK_ROOT (window));
}

static gboolean
focus_in (GtkWindow  *window,
          GtkWidget  *ancestor)
{
  GtkWidget *f = focus_of (window);

  return f != NULL && (f == ancestor || gtk_widget_is_ancestor (f, ancestor));
}

/* Presses Tab until the focus is inside @target; fails after @max presses. */
static void
tab_to (GtkWindow *window,
        GtkWidget *target,
        guint      max)
{
  for (guint i = 0; !focus_in (window, target); i++)
    {
      g_assert_cmpuint (i, <, max);
      press (XK_Tab);
    }
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  f->win = vsm_test_window_open (&f->hosts, &f->settings);
  f->host = vsm_test_window_connect (f->win, "fixture-basic.xml");
  vsm_test_select_pool (f->win, f->host, "images");
  vsm_test_wait_idle (300);
  focus_window (GTK_WINDOW (f->win));
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  vsm_test_window_close (&f->win, &f->settings, &f->hosts);
}

static GtkWidget *
volume_table (Fixture *f)
{
  GtkWidget *table = vsm_test_find_widget (GTK_WIDGET (vsm_window_get_pool_view (f->win)),
                                           vsm_test_is_type, GSIZE_TO_POINTER (GTK_TYPE_COLUMN_VIEW));

  g_assert_nonnull (table);
  return table;
}

static const char *
selected_pool_name (Fixture *f)
{
  VsmPool *pool = vsm_pool_view_get_pool (vsm_window_get_pool_view (f->win));

  return pool != NULL ? vsm_pool_get_name (pool) : NULL;
}

static void
test_tab_order (Fixture       *f,
                gconstpointer  data)
{
  GtkWindow *win = GTK_WINDOW (f->win);
  GtkWidget *table = volume_table (f);
  GtkWidget *first;
  g_autoptr(GPtrArray) seen = g_ptr_array_new ();
  guint in_table = 0, table_left = 0, steps;

  press (XK_Tab);
  first = focus_of (win);
  g_assert_nonnull (first);
  for (steps = 1; steps < 80; steps++)
    {
      GtkWidget *w;
      gboolean was_in_table = focus_in (win, table);

      press (XK_Tab);
      w = focus_of (win);
      g_assert_nonnull (w);
      /* the focus ring shows where the focus is */
      g_assert_true (gtk_widget_get_state_flags (w) & GTK_STATE_FLAG_FOCUS_VISIBLE);
      g_assert_true (gtk_widget_get_mapped (w));
      /* plain text is passed by */
      g_assert_false (GTK_IS_LABEL (w));
      /* passing by never selects */
      g_assert_cmpstr (selected_pool_name (f), ==, "images");
      if (focus_in (win, table))
        in_table++;
      else if (was_in_table)
        table_left++;
      if (w == first)
        break;
      /* each control once per round */
      g_assert_false (g_ptr_array_find (seen, w, NULL));
      g_ptr_array_add (seen, w);
    }
  /* back to the first control within one round */
  g_assert_cmpuint (steps, <, 80);
  g_assert_cmpuint (seen->len, >=, 12);
  /* one stop in the table, and Tab left it */
  g_assert_cmpuint (in_table, ==, 1);
  g_assert_cmpuint (table_left, ==, 1);
}

static void
test_select_pool (Fixture       *f,
                  gconstpointer  data)
{
  GtkWindow *win = GTK_WINDOW (f->win);
  GtkWidget *list = GTK_WIDGET (vsm_window_get_pools_list (f->win));

  tab_to (win, list, 30);
  /* Tab enters at the selected pool */
  g_assert_cmpstr (selected_pool_name (f), ==, "images");
  press (XK_Down);
  VSM_WAIT_FOR (g_strcmp0 (selected_pool_name (f), "vg0") == 0, VSM_TEST_TIMEOUT);
  g_assert_true (focus_in (win, list));
  press (XK_Up);
  press (XK_Up);
  VSM_WAIT_FOR (g_strcmp0 (selected_pool_name (f), "backup") == 0, VSM_TEST_TIMEOUT);
  g_assert_true (gtk_widget_get_state_flags (focus_of (win)) & GTK_STATE_FLAG_FOCUS_VISIBLE);
}

static gboolean
is_volume_menu_button (GtkWidget *w,
                       gpointer   data)
{
  return GTK_IS_MENU_BUTTON (w) &&
         g_strcmp0 (gtk_widget_get_tooltip_text (w), "More volume actions") == 0;
}

static void
test_volume_menu (Fixture       *f,
                  gconstpointer  data)
{
  GtkWindow *win = GTK_WINDOW (f->win);
  GtkWidget *table = volume_table (f);
  GtkSingleSelection *selection = GTK_SINGLE_SELECTION (gtk_column_view_get_model (GTK_COLUMN_VIEW (table)));
  GtkMenuButton *menu_button = GTK_MENU_BUTTON (vsm_test_find_widget (GTK_WIDGET (vsm_window_get_pool_view (f->win)),
                                                                      is_volume_menu_button, NULL));
  GtkPopover *popover;

  g_assert_nonnull (menu_button);
  tab_to (win, table, 40);
  g_assert_true (gtk_widget_get_state_flags (focus_of (win)) & GTK_STATE_FLAG_FOCUS_VISIBLE);
  /* Tab enters on the first volume; the arrows move and select */
  press (XK_Down);
  press (XK_Down);
  VSM_WAIT_FOR (gtk_single_selection_get_selected (selection) == 2, VSM_TEST_TIMEOUT);
  press (XK_Up);
  VSM_WAIT_FOR (gtk_single_selection_get_selected (selection) == 1, VSM_TEST_TIMEOUT);
  g_assert_true (focus_in (win, table));

  press (XK_Return);
  /* the volume's actions open */
  popover = gtk_menu_button_get_popover (menu_button);
  g_assert_nonnull (popover);
  VSM_WAIT_FOR (gtk_widget_get_visible (GTK_WIDGET (popover)), VSM_TEST_TIMEOUT);
  press (XK_Escape);
  VSM_WAIT_FOR (!gtk_widget_get_visible (GTK_WIDGET (popover)), VSM_TEST_TIMEOUT);

  /* the menu's third item leads to the machine that uses the volume
   * (disk2.raw: vm2), as the Used By link does for the mouse */
  g_assert_true (focus_in (win, table) || gtk_widget_grab_focus (table));
  press (XK_Return);
  VSM_WAIT_FOR (gtk_widget_get_visible (GTK_WIDGET (popover)), VSM_TEST_TIMEOUT);
  vsm_test_wait_idle (200);
  /* the menu opens on its first item, Details; then Attach…, then the machine */
  press (XK_Down);
  press (XK_Down);
  press (XK_Return);
  VSM_WAIT_FOR (vsm_domain_view_get_domain (vsm_window_get_domain_view (f->win)) != NULL &&
                g_strcmp0 (vsm_domain_get_name (vsm_domain_view_get_domain (vsm_window_get_domain_view (f->win))),
                           "vm2") == 0, VSM_TEST_TIMEOUT);
}

static void
test_new_volume (Fixture       *f,
                 gconstpointer  data)
{
  VsmPool *pool = vsm_pool_view_get_pool (vsm_window_get_pool_view (f->win));
  GtkWindow *dialog;

  press_with (XK_n, XK_Control_L, (KeySym) 0);
  VSM_WAIT_FOR ((dialog = vsm_test_find_toplevel (VSM_TYPE_VOLUME_DIALOG, GTK_WINDOW (f->win))) != NULL &&
                gtk_widget_get_mapped (GTK_WIDGET (dialog)), VSM_TEST_TIMEOUT);
  focus_window (dialog);
  /* the name field has the focus as the dialog opens, its proposed stem
   * selected: the typed name keeps the format's extension */
  g_assert_true (GTK_IS_TEXT (focus_of (dialog)));
  type_text ("kbd-disk");
  press (XK_Tab);
  /* the format choice, then the capacity */
  tab_to (dialog, vsm_test_find_widget (GTK_WIDGET (dialog), vsm_test_is_entry_row_titled, (gpointer) "_Capacity"), 4);
  type_text ("1");
  press (XK_Return);
  VSM_WAIT_FOR (vsm_test_find_toplevel (VSM_TYPE_VOLUME_DIALOG, GTK_WINDOW (f->win)) == NULL, VSM_TEST_TIMEOUT);
  VSM_WAIT_FOR (vsm_keyed_list_lookup (vsm_pool_get_volumes (pool), "kbd-disk.qcow2") != NULL, VSM_TEST_TIMEOUT);
}

static void
test_attach_iso (Fixture       *f,
                 gconstpointer  data)
{
  GtkWindow *win = GTK_WINDOW (f->win);
  GtkWidget *vms = GTK_WIDGET (vsm_window_get_vms_list (f->win));
  GtkListBox *disks = vsm_domain_view_get_disk_list (vsm_window_get_domain_view (f->win));
  GtkWindow *dialog;
  AdwComboRow *source;
  g_autofree char *iso_name = NULL;
  guint n_disks = 0;

  /* the section switcher's Machines button, by Tab, then Space */
  for (guint i = 0;; i++)
    {
      GtkWidget *w = focus_of (win);

      g_assert_cmpuint (i, <, 30);
      if (w != NULL && GTK_IS_TOGGLE_BUTTON (w) && gtk_widget_get_ancestor (w, GTK_TYPE_STACK_SWITCHER) != NULL &&
          gtk_widget_get_prev_sibling (w) != NULL)
        break;
      press (XK_Tab);
    }
  press (XK_space);
  VSM_WAIT_FOR (gtk_widget_get_mapped (vms), VSM_TEST_TIMEOUT);
  tab_to (win, vms, 10);
  press (XK_Return);
  VSM_WAIT_FOR (vsm_domain_view_get_domain (vsm_window_get_domain_view (f->win)) != NULL, VSM_TEST_TIMEOUT);
  vsm_test_wait_idle (300);
  while (gtk_list_box_get_row_at_index (disks, n_disks) != NULL)
    n_disks++;
  g_assert_cmpuint (n_disks, >, 0);

  press_with (XK_a, XK_Control_L, XK_Shift_L, (KeySym) 0);
  VSM_WAIT_FOR ((dialog = vsm_test_find_toplevel (VSM_TYPE_ATTACH_DIALOG, win)) != NULL &&
                gtk_widget_get_mapped (GTK_WIDGET (dialog)), VSM_TEST_TIMEOUT);
  focus_window (dialog);
  source = ADW_COMBO_ROW (vsm_test_find_widget (GTK_WIDGET (dialog), vsm_test_is_row_titled, (gpointer) "_Attach"));
  g_assert_nonnull (source);
  tab_to (dialog, GTK_WIDGET (source), 10);
  /* the list opens on the chosen item; two down is "An ISO image" */
  press (XK_Return);
  vsm_test_wait_idle (200);
  press (XK_Down);
  press (XK_Down);
  press (XK_Return);
  VSM_WAIT_FOR (adw_combo_row_get_selected (source) == 2, VSM_TEST_TIMEOUT);
  vsm_test_wait_idle (300);
  /* the image the form chose: a volume name, or a path's last part */
  {
    AdwComboRow *iso_row = ADW_COMBO_ROW (vsm_test_find_widget (GTK_WIDGET (dialog), vsm_test_is_row_titled,
                                                                (gpointer) "_ISO Volume"));
    GObject *item = iso_row != NULL ? adw_combo_row_get_selected_item (iso_row) : NULL;

    g_assert_nonnull (item);
    g_assert_true (GTK_IS_STRING_OBJECT (item));
    iso_name = g_strdup (gtk_string_object_get_string (GTK_STRING_OBJECT (item)));
    /* "install.iso (images)": the volume's name */
    if (strchr (iso_name, ' ') != NULL)
      *strchr (iso_name, ' ') = '\0';
  }
  /* Enter in a field attaches: the target device field */
  tab_to (dialog, vsm_test_find_widget (GTK_WIDGET (dialog), vsm_test_is_entry_row_titled, (gpointer) "_Target Device"), 20);
  press (XK_Return);
  VSM_WAIT_FOR (vsm_test_find_toplevel (VSM_TYPE_ATTACH_DIALOG, win) == NULL, VSM_TEST_TIMEOUT);
  VSM_WAIT_FOR (gtk_list_box_get_row_at_index (disks, n_disks) != NULL, VSM_TEST_TIMEOUT);
  /* the new drive: a CD/DVD drive holding an ISO image of the connection */
  {
    g_autofree char *iso = g_strdup (iso_name);
    GtkWidget *row = GTK_WIDGET (gtk_list_box_get_row_at_index (disks, n_disks));
    const char *title = adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row));
    const char *subtitle = adw_action_row_get_subtitle (ADW_ACTION_ROW (row));

    g_test_message ("attached: %s — %s", title, subtitle);
    g_assert_nonnull (strstr (title, "CD/DVD"));
    g_assert_nonnull (subtitle);
    g_assert_nonnull (strstr (subtitle, iso));
  }
}

static void
test_reconnect (Fixture       *f,
                gconstpointer  data)
{
  GtkWindow *win = GTK_WINDOW (f->win);
  GtkWidget *hosts = GTK_WIDGET (vsm_window_get_hosts_list (f->win));
  VsmHost *broken = vsm_window_add_connection (f->win, "test:///nonexistent/file.xml", FALSE);
  GtkWidget *w;

  VSM_WAIT_FOR (vsm_connection_get_state (vsm_host_get_connection (broken)) == VSM_CONNECTION_STATE_FAILED,
                VSM_TEST_TIMEOUT);
  vsm_test_wait_idle (200);
  focus_window (win);
  tab_to (win, hosts, 20);
  /* to the failed connection's row (the list's last), then its button */
  press (XK_End);
  press (XK_Tab);
  w = focus_of (win);
  g_assert_true (GTK_IS_BUTTON (w));
  g_assert_true (gtk_widget_is_ancestor (w, hosts));
  g_assert_cmpstr (gtk_widget_get_tooltip_text (w), ==, "Reconnect");
  g_assert_true (gtk_widget_get_state_flags (w) & GTK_STATE_FLAG_FOCUS_VISIBLE);
  press (XK_Tab);
  g_assert_false (focus_in (win, hosts));
}

static void
test_narrow (Fixture       *f,
             gconstpointer  data)
{
  GtkWindow *win;
  GtkWidget *list;

  /* a window of its own, 360 px wide */
  vsm_test_window_close (&f->win, &f->settings, &f->hosts);
  f->win = vsm_test_window_open_sized (&f->hosts, &f->settings, 360, 640);
  f->host = vsm_test_window_connect (f->win, "fixture-basic.xml");
  vsm_test_wait_idle (300);
  win = GTK_WINDOW (f->win);
  focus_window (win);
  g_assert_cmpstr (vsm_window_get_visible_pane (f->win), ==, "list");
  list = GTK_WIDGET (vsm_window_get_pools_list (f->win));
  tab_to (win, list, 20);
  press (XK_Down);
  press (XK_Return);
  VSM_WAIT_FOR (g_strcmp0 (vsm_window_get_visible_pane (f->win), "content") == 0, VSM_TEST_TIMEOUT);
  vsm_test_wait_idle (400);
  press_with (XK_Left, XK_Alt_L, (KeySym) 0);
  VSM_WAIT_FOR (g_strcmp0 (vsm_window_get_visible_pane (f->win), "list") == 0, VSM_TEST_TIMEOUT);
  vsm_test_wait_idle (400);
  press_with (XK_Left, XK_Alt_L, (KeySym) 0);
  VSM_WAIT_FOR (g_strcmp0 (vsm_window_get_visible_pane (f->win), "connections") == 0, VSM_TEST_TIMEOUT);
}

int
main (int   argc,
      char *argv[])
{
  vsm_test_gtk_init (&argc, &argv);

  g_test_add ("/gui/keyboard/tab-order", Fixture, NULL, fixture_setup, test_tab_order, fixture_teardown);
  g_test_add ("/gui/keyboard/reconnect", Fixture, NULL, fixture_setup, test_reconnect, fixture_teardown);
  g_test_add ("/gui/keyboard/narrow", Fixture, NULL, fixture_setup, test_narrow, fixture_teardown);
  g_test_add ("/gui/keyboard/select-pool", Fixture, NULL, fixture_setup, test_select_pool, fixture_teardown);
  g_test_add ("/gui/keyboard/volume-menu", Fixture, NULL, fixture_setup, test_volume_menu, fixture_teardown);
  g_test_add ("/gui/keyboard/new-volume", Fixture, NULL, fixture_setup, test_new_volume, fixture_teardown);
  g_test_add ("/gui/keyboard/attach-iso", Fixture, NULL, fixture_setup, test_attach_iso, fixture_teardown);
  return g_test_run ();
}
