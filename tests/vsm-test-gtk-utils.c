/* vsm-test-gtk-utils.c
 *
 * Copyright 2026 Virt Storage developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include <string.h>

#include "vsm-domain-view.h"
#include "vsm-pool-row.h"
#include "vsm-test-gtk-utils.h"

#define SCHEMA_ID "io.github.virtstorage.VirtStorage"

/* ------------------------------------------------------------------ */
/* Widget trees                                                        */

/* The first widget of @root's tree (depth first, @root included) that @pred accepts. */
GtkWidget *
vsm_test_find_widget (GtkWidget          *root,
                      VsmWidgetPredicate  pred,
                      gpointer            data)
{
  if (pred (root, data))
    return root;
  for (GtkWidget *c = gtk_widget_get_first_child (root); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = vsm_test_find_widget (c, pred, data);
      if (found != NULL)
        return found;
    }
  return NULL;
}

/* An instance of the GType in @type (GSIZE_TO_POINTER (GTK_TYPE_…)). */
gboolean
vsm_test_is_type (GtkWidget *w,
                  gpointer   type)
{
  return G_TYPE_CHECK_INSTANCE_TYPE (w, GPOINTER_TO_SIZE (type));
}

/* A label whose text is exactly @text. */
gboolean
vsm_test_is_label_with_text (GtkWidget *w,
                             gpointer   text)
{
  return GTK_IS_LABEL (w) && g_strcmp0 (gtk_label_get_text (GTK_LABEL (w)), text) == 0;
}

/* A label whose text contains @text. */
gboolean
vsm_test_is_label_containing (GtkWidget *w,
                              gpointer   text)
{
  return GTK_IS_LABEL (w) && strstr (gtk_label_get_text (GTK_LABEL (w)), text) != NULL;
}

/* A label with the "error" style class (a form's inline error). */
gboolean
vsm_test_is_error_label (GtkWidget *w,
                         gpointer   unused)
{
  return GTK_IS_LABEL (w) && gtk_widget_has_css_class (w, "error");
}

/* A button labelled @label (with its mnemonic underscore). */
gboolean
vsm_test_is_button_with_label (GtkWidget *w,
                               gpointer   label)
{
  return GTK_IS_BUTTON (w) && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (w)), label) == 0;
}

/* Any actionable widget bound to @action ("win.refresh", …). */
gboolean
vsm_test_is_actionable_with (GtkWidget *w,
                             gpointer   action)
{
  return GTK_IS_ACTIONABLE (w) &&
         g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (w)), action) == 0;
}

/* A button bound to @action. */
gboolean
vsm_test_is_button_with_action (GtkWidget *w,
                                gpointer   action)
{
  return GTK_IS_BUTTON (w) && vsm_test_is_actionable_with (w, action);
}

/* An image showing the icon named @icon. */
gboolean
vsm_test_is_image_with_icon (GtkWidget *w,
                             gpointer   icon)
{
  return GTK_IS_IMAGE (w) && g_strcmp0 (gtk_image_get_icon_name (GTK_IMAGE (w)), icon) == 0;
}

/* A preferences row (action, combo, entry row…) titled @title. */
gboolean
vsm_test_is_row_titled (GtkWidget *w,
                        gpointer   title)
{
  return ADW_IS_PREFERENCES_ROW (w) &&
         g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (w)), title) == 0;
}

/* An entry row titled @title. */
gboolean
vsm_test_is_entry_row_titled (GtkWidget *w,
                              gpointer   title)
{
  return ADW_IS_ENTRY_ROW (w) && vsm_test_is_row_titled (w, title);
}

/* A status page titled @title. */
gboolean
vsm_test_is_status_page_titled (GtkWidget *w,
                                gpointer   title)
{
  return ADW_IS_STATUS_PAGE (w) && g_strcmp0 (adw_status_page_get_title (ADW_STATUS_PAGE (w)), title) == 0;
}

/* The first label of @root's tree whose text is @text, or NULL. */
GtkLabel *
vsm_test_find_label (GtkWidget  *root,
                     const char *text)
{
  return (GtkLabel *) vsm_test_find_widget (root, vsm_test_is_label_with_text, (gpointer) text);
}

/* Whether @root's tree has a label whose text is @text. */
gboolean
vsm_test_has_label (GtkWidget  *root,
                    const char *text)
{
  return vsm_test_find_label (root, text) != NULL;
}

/* The preferences row titled @title; fails the test if there is none. */
GtkWidget *
vsm_test_find_row (GtkWidget  *root,
                   const char *title)
{
  GtkWidget *row = vsm_test_find_widget (root, vsm_test_is_row_titled, (gpointer) title);

  if (row == NULL)
    g_error ("no row titled “%s”", title);
  return row;
}

/* The row widget of the column view that holds @cell_child. */
GtkWidget *
vsm_test_column_view_row_of (GtkWidget *cell_child)
{
  GtkWidget *w = cell_child;

  while (w != NULL && gtk_widget_get_parent (w) != NULL && !GTK_IS_LIST_VIEW (gtk_widget_get_parent (w)))
    w = gtk_widget_get_parent (w);
  return w;
}

/* Selects the first item of a string combo row that starts with @prefix; fails the test if none does. */
void
vsm_test_select_combo_prefix (AdwComboRow *row,
                              const char  *prefix)
{
  GListModel *model = adw_combo_row_get_model (row);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(GtkStringObject) s = g_list_model_get_item (model, i);
      if (g_str_has_prefix (gtk_string_object_get_string (s), prefix))
        {
          adw_combo_row_set_selected (row, i);
          return;
        }
    }
  g_error ("no item starting with “%s” in the combo row “%s”", prefix,
           adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)));
}

/* ------------------------------------------------------------------ */
/* Toplevels and message dialogs                                       */

/* The first visible toplevel of @type, other than @except (may be NULL). */
GtkWindow *
vsm_test_find_toplevel (GType      type,
                        GtkWindow *except)
{
  g_autoptr(GList) list = gtk_window_list_toplevels ();

  for (GList *l = list; l != NULL; l = l->next)
    if (G_TYPE_CHECK_INSTANCE_TYPE (l->data, type) && l->data != except &&
        gtk_widget_get_visible (l->data))
      return l->data;
  return NULL;
}

/* Destroys every visible toplevel but @keep. */
void
vsm_test_close_other_toplevels (GtkWindow *keep)
{
  g_autoptr(GList) list = gtk_window_list_toplevels ();

  for (GList *l = list; l != NULL; l = l->next)
    if (l->data != keep && gtk_widget_get_visible (l->data))
      gtk_window_destroy (l->data);
}

/* Waits for a message dialog transient for @parent and until it is mapped. */
AdwMessageDialog *
vsm_test_wait_message_dialog (GtkWindow *parent)
{
  AdwMessageDialog *dialog;

  VSM_WAIT_FOR (vsm_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG, NULL) != NULL, VSM_TEST_TIMEOUT);
  dialog = ADW_MESSAGE_DIALOG (vsm_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG, NULL));
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (dialog)) == parent);
  VSM_WAIT_FOR (gtk_widget_get_mapped (GTK_WIDGET (dialog)), VSM_TEST_TIMEOUT);
  return dialog;
}

/* Clicks the enabled @response's button (only that closes it in libadwaita 1.2); waits until it is gone. */
void
vsm_test_respond (AdwMessageDialog *dialog,
                  const char       *response)
{
  GtkWidget *button;

  g_assert_true (adw_message_dialog_has_response (dialog, response));
  g_assert_true (adw_message_dialog_get_response_enabled (dialog, response));
  button = vsm_test_find_widget (GTK_WIDGET (dialog), vsm_test_is_button_with_label,
                                 (gpointer) adw_message_dialog_get_response_label (dialog, response));
  g_assert_nonnull (button);
  g_assert_true (gtk_widget_is_sensitive (button));
  g_signal_emit_by_name (button, "clicked");
  VSM_WAIT_FOR (vsm_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG, NULL) == NULL, VSM_TEST_TIMEOUT);
  /* the answer reaches vsm_message_dialog_choose_async()'s callback in
   * the next main-loop iteration: deliver it */
  while (g_main_context_pending (NULL))
    g_main_context_iteration (NULL, FALSE);
}

/* ------------------------------------------------------------------ */
/* The main window                                                     */

/* Resets every key of @settings to its default. */
static void
reset_settings (GSettings *settings)
{
  g_autoptr(GSettingsSchema) schema = NULL;
  g_auto(GStrv) keys = NULL;

  g_object_get (settings, "settings-schema", &schema, NULL);
  keys = g_settings_schema_list_keys (schema);
  for (guint i = 0; keys[i] != NULL; i++)
    g_settings_reset (settings, keys[i]);
}

/* A main window on a new empty host store and reset settings, presented and
 * mapped; @width × @height (its frame included) when they are positive, else
 * the default size. (A mapped window keeps its size without a window manager.) */
VsmWindow *
vsm_test_window_open_sized (GListStore **hosts,
                            GSettings  **settings,
                            int          width,
                            int          height)
{
  VsmWindow *win;

  *hosts = g_list_store_new (VSM_TYPE_HOST);
  *settings = g_settings_new (SCHEMA_ID);
  reset_settings (*settings);
  if (width > 0 && height > 0)
    {
      g_settings_set_int (*settings, "window-width", width);
      g_settings_set_int (*settings, "window-height", height);
    }
  win = vsm_window_new (NULL, *hosts, *settings);
  g_object_ref_sink (win);
  gtk_window_present (GTK_WINDOW (win));
  VSM_WAIT_FOR (gtk_widget_get_mapped (GTK_WIDGET (win)), VSM_TEST_TIMEOUT);
  return win;
}

VsmWindow *
vsm_test_window_open (GListStore **hosts,
                      GSettings  **settings)
{
  return vsm_test_window_open_sized (hosts, settings, 0, 0);
}

/* Destroys the other visible toplevels and @win, lets the connections wind down, and frees the rest. */
void
vsm_test_window_close (VsmWindow  **win,
                       GSettings  **settings,
                       GListStore **hosts)
{
  vsm_test_close_other_toplevels (GTK_WINDOW (*win));
  gtk_window_destroy (GTK_WINDOW (*win));
  g_clear_object (win);
  /* Let the connection's teardown and cancelled operations finish. */
  vsm_test_wait_idle (100);
  reset_settings (*settings);
  g_clear_object (settings);
  g_clear_object (hosts);
  vsm_test_wait_idle (50);
}

/* Adds the first connection, to a tests/data fixture, to @win and waits until its pools are listed. */
VsmHost *
vsm_test_window_connect (VsmWindow  *win,
                         const char *fixture_name)
{
  g_autofree char *uri = vsm_test_fixture_uri (fixture_name);
  VsmHost *host = vsm_window_add_connection (win, uri, FALSE);

  g_assert_nonnull (host);
  g_assert_true (vsm_window_get_host (win) == host);
  VSM_WAIT_FOR (g_strcmp0 (vsm_window_get_pools_page (win), "pools") == 0, VSM_TEST_TIMEOUT);
  return host;
}

/* The row of the Virtual Machines list titled @name, or NULL. */
GtkListBoxRow *
vsm_test_vm_row_named (VsmWindow  *win,
                       const char *name)
{
  return (GtkListBoxRow *) vsm_test_find_widget (GTK_WIDGET (vsm_window_get_vms_list (win)),
                                                 vsm_test_is_row_titled, (gpointer) name);
}

/* The domain view's row of the drive @target (titled "sda — …"), or NULL. */
GtkWidget *
vsm_test_disk_row (VsmDomainView *view,
                   const char    *target)
{
  GtkListBox *list = vsm_domain_view_get_disk_list (view);
  g_autofree char *prefix = g_strdup_printf ("%s ", target);

  for (int i = 0;; i++)
    {
      GtkListBoxRow *row = gtk_list_box_get_row_at_index (list, i);
      if (row == NULL)
        return NULL;
      if (ADW_IS_PREFERENCES_ROW (row) &&
          g_str_has_prefix (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), prefix))
        return GTK_WIDGET (row);
    }
}

/* The row of the pools list showing the pool named @name, or NULL. */
GtkListBoxRow *
vsm_test_pool_row_named (VsmWindow  *win,
                         const char *name)
{
  GtkListBox *list = vsm_window_get_pools_list (win);

  for (int i = 0;; i++)
    {
      GtkListBoxRow *row = gtk_list_box_get_row_at_index (list, i);
      if (row == NULL)
        return NULL;
      if (g_strcmp0 (vsm_pool_get_name (vsm_pool_row_get_pool (VSM_POOL_ROW (row))), name) == 0)
        return row;
    }
}

/* Selects the pool @name in the pools list and, if it runs, waits until
 * its volumes are shown (or that it has none). */
VsmPool *
vsm_test_select_pool (VsmWindow  *win,
                      VsmHost    *host,
                      const char *name)
{
  VsmPoolView *view = vsm_window_get_pool_view (win);
  VsmPool *pool = vsm_host_find_pool_by_name (host, name);

  g_assert_nonnull (pool);
  g_assert_true (vsm_window_select_pool (win, vsm_pool_get_uuid (pool)));
  VSM_WAIT_FOR (vsm_pool_view_get_pool (view) == pool, VSM_TEST_TIMEOUT);
  g_assert_true (gtk_list_box_get_selected_row (vsm_window_get_pools_list (win)) ==
                 vsm_test_pool_row_named (win, name));
  if (vsm_pool_get_active (pool))
    VSM_WAIT_FOR (vsm_test_volumes_ready (pool) &&
                  g_strcmp0 (vsm_pool_view_get_visible_page (view),
                             vsm_keyed_list_get_n_items (vsm_pool_get_volumes (pool)) > 0 ? "list" : "empty") == 0,
                  VSM_TEST_TIMEOUT);
  return pool;
}

/* Selects the volume @name in the pool view's table; FALSE if it is not listed. */
gboolean
vsm_test_select_volume (VsmPoolView *view,
                        const char  *name)
{
  GtkSingleSelection *sel = vsm_pool_view_get_selection (view);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (sel));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(VsmVolume) vol = g_list_model_get_item (G_LIST_MODEL (sel), i);
      if (g_str_equal (vsm_volume_get_name (vol), name))
        {
          gtk_single_selection_set_selected (sel, i);
          return TRUE;
        }
    }
  return FALSE;
}

void
vsm_test_shot (GtkWidget  *widget,
               const char *name)
{
  const char *dir = g_getenv ("VSM_TEST_SHOT_DIR");
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GtkSnapshot) snapshot = NULL;
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *path = NULL;
  int w, h;

  if (dir == NULL || *dir == '\0')
    return;
  /* let the frame clock lay out and draw what just changed */
  vsm_test_wait_idle (300);
  gtk_test_widget_wait_for_draw (widget);
  w = gtk_widget_get_width (widget);
  h = gtk_widget_get_height (widget);
  g_assert_cmpint (w, >, 0);
  paintable = gtk_widget_paintable_new (widget);
  snapshot = gtk_snapshot_new ();
  gdk_paintable_snapshot (paintable, snapshot, w, h);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  g_assert_nonnull (node);
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (gtk_widget_get_native (widget)), node,
                                         &GRAPHENE_RECT_INIT (0, 0, w, h));
  path = g_strdup_printf ("%s/%s.png", dir, name);
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("screenshot %s", path);
}

static void
collect_cut (GtkWidget *root,
             GtkWidget *w,
             gboolean   scrolled,
             GString   *cut,
             guint     *n_labels)
{
  if (!gtk_widget_get_mapped (w))
    return;
  if (GTK_IS_LABEL (w))
    {
      PangoLayout *layout = gtk_label_get_layout (GTK_LABEL (w));
      graphene_rect_t r;
      int natural;

      (*n_labels)++;
      gtk_widget_measure (w, GTK_ORIENTATION_HORIZONTAL, -1, NULL, &natural, NULL, NULL);
      if (layout != NULL && pango_layout_is_ellipsized (layout))
        g_string_append_printf (cut, "  “%s” (%s in %s): %d px shown of %d\n",
                                gtk_label_get_text (GTK_LABEL (w)), G_OBJECT_TYPE_NAME (w),
                                G_OBJECT_TYPE_NAME (gtk_widget_get_parent (w)),
                                gtk_widget_get_width (w), natural);
      /* clipped without an ellipsis: past the edge of what shows it (the
       * content of a scrolled window may lie outside, and scroll) */
      else if (!scrolled && gtk_widget_compute_bounds (w, root, &r) &&
               (r.origin.x < -1.5 || r.origin.x + r.size.width > gtk_widget_get_width (root) + 1.5))
        g_string_append_printf (cut, "  “%s” (%s in %s): spans x %.0f to %.0f of %d\n",
                                gtk_label_get_text (GTK_LABEL (w)), G_OBJECT_TYPE_NAME (w),
                                G_OBJECT_TYPE_NAME (gtk_widget_get_parent (w)),
                                r.origin.x, r.origin.x + r.size.width, gtk_widget_get_width (root));
    }
  scrolled = scrolled || GTK_IS_SCROLLED_WINDOW (w);
  for (GtkWidget *c = gtk_widget_get_first_child (w); c != NULL; c = gtk_widget_get_next_sibling (c))
    collect_cut (root, c, scrolled, cut, n_labels);
}

/**
 * vsm_test_assert_nothing_cut:
 *
 * Fails when a label shown in @root (a GtkLabel, which row titles and
 * subtitles are too) is cut: its text laid out with an ellipsis, or the
 * label reaching past @root's edge outside any scrolled window. Returns how
 * many labels it looked at.
 */
guint
vsm_test_assert_nothing_cut (GtkWidget  *root,
                             const char *what)
{
  g_autoptr(GString) cut = g_string_new (NULL);
  guint n_labels = 0;

  /* lay out what changed last */
  gtk_test_widget_wait_for_draw (root);
  for (GtkWidget *c = gtk_widget_get_first_child (root); c != NULL; c = gtk_widget_get_next_sibling (c))
    collect_cut (root, c, FALSE, cut, &n_labels);
  if (cut->len > 0)
    g_error ("%s: text cut:\n%s", what, cut->str);
  g_assert_cmpuint (n_labels, >, 0);
  return n_labels;
}

/**
 * vsm_test_init_translations:
 *
 * With VSM_LOCALEDIR set (the Spanish runs: test_env_es), the app's strings
 * come from that directory's catalog, as the app does in src/main.c; a run
 * that asks for Spanish fails if the catalog does not translate. Call after
 * gtk_test_init(), which leaves the locale at "C": the environment's comes
 * back here.
 */
void
vsm_test_init_translations (void)
{
  const char *localedir = g_getenv ("VSM_LOCALEDIR");

  if (localedir == NULL || *localedir == '\0')
    return;
  g_assert_nonnull (setlocale (LC_ALL, ""));
  bindtextdomain (GETTEXT_PACKAGE, localedir);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  if (g_str_has_prefix (g_getenv ("LANGUAGE") ? g_getenv ("LANGUAGE") : "", "es"))
    g_assert_cmpstr (gettext ("New Volume"), ==, "Nuevo volumen");
}

/**
 * vsm_test_gtk_init:
 *
 * What every GUI test's main() starts with: GTK's test set-up, libadwaita,
 * libvirt, and the catalog of VSM_LOCALEDIR where a run asks for one
 * (vsm_test_init_translations()).
 */
void
vsm_test_gtk_init (int    *argc,
                   char ***argv)
{
  gtk_test_init (argc, argv, NULL);
  adw_init ();
  vsm_test_init_libvirt ();
  vsm_test_init_translations ();
}

/* The text of the inline error label in @root, or NULL while it is hidden. */
const char *
vsm_test_shown_error (GtkWidget *root)
{
  GtkWidget *label = vsm_test_find_widget (root, vsm_test_is_error_label, NULL);

  g_assert_nonnull (label);
  return gtk_widget_get_visible (label) ? gtk_label_get_text (GTK_LABEL (label)) : NULL;
}
