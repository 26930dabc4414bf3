/* test-a11y.c
 *
 * Every interactive widget of the main window (fixture-basic, pool
 * "images" selected), the Add Connection dialog, the SSH host-key and
 * password prompts, an XML dialog and a confirmation dialog must have an accessible name, and level bars must
 * expose a value. Each audit also fails on any label it shows cut (laid
 * out with an ellipsis) at the default sizes: the window's 1280×800 and
 * each dialog's own. The suite runs in English (gui-a11y) and in Spanish
 * (gui-a11y-es), whose words are longer.
 *
 * GTK 4.8 has no public getter for accessible properties, but it does ship
 * the in-process "test" AT context (GTK_A11Y=test) together with the public
 * gtk_test_accessible_has_property() / _has_relation() checks: with it the
 * test reads exactly what the widgets set (from <accessibility> in the .ui
 * files or gtk_accessible_update_property() in code). main() selects that
 * context before GTK initialises; under test_env's GTK_A11Y=none GTK keeps
 * no accessible state at all.
 *
 * A widget counts as named when it has any of:
 *   - the LABEL property or a LABELLED_BY relation;
 *   - for roles that take their name from their content (button, check
 *     box, link, menu item, row, tab, …): a descendant GtkLabel with text;
 *   - a tooltip (GTK 4.8 exposes it as the DESCRIPTION; reported as a note,
 *     not a failure, when it is the only source).
 * Parts of composite widgets (the GtkText inside an entry, the toggle
 * inside a GtkMenuButton, …) are checked through the composite.
 *
 * Copyright 2026 Virt Storage developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <string.h>

#include "vsm-attach-dialog.h"
#include "vsm-connect-dialog.h"
#include "vsm-pool-view.h"
#include "vsm-pool-wizard-private.h"
#include "vsm-ssh-prompt.h"
#include "wizard-test-common.h"
#include "vsm-test-gtk-utils.h"
#include "vsm-upload-dialog.h"
#include "vsm-volume-details-dialog.h"
#include "vsm-volume-dialog.h"
#include "vsm-volume-forms.h"
#include "vsm-window.h"
#include "vsm-xml-dialog.h"
#include "vsm-xml-editor.h"

#define TIMEOUT 10000
#define SCHEMA_ID "io.github.virtstorage.VirtStorage"

typedef struct
{
  GString *failures;
  GString *notes;
  guint    n_checked;
  guint    n_failed;
} Report;

static char *
widget_path (GtkWidget *w)
{
  GString *s = g_string_new (NULL);

  for (; w != NULL; w = gtk_widget_get_parent (w))
    {
      GString *part = g_string_new (G_OBJECT_TYPE_NAME (w));
      const char *id = GTK_IS_BUILDABLE (w) ? gtk_buildable_get_buildable_id (GTK_BUILDABLE (w)) : NULL;

      if (id != NULL && *id && !g_str_has_prefix (id, "___"))
        g_string_append_printf (part, "#%s", id);
      if (GTK_IS_BUTTON (w) && gtk_button_get_icon_name (GTK_BUTTON (w)) != NULL)
        g_string_append_printf (part, "[icon=%s]", gtk_button_get_icon_name (GTK_BUTTON (w)));
      if (GTK_IS_MENU_BUTTON (w) && gtk_menu_button_get_icon_name (GTK_MENU_BUTTON (w)) != NULL)
        g_string_append_printf (part, "[icon=%s]", gtk_menu_button_get_icon_name (GTK_MENU_BUTTON (w)));
      if (GTK_IS_ACTIONABLE (w) && gtk_actionable_get_action_name (GTK_ACTIONABLE (w)) != NULL)
        g_string_append_printf (part, "[action=%s]", gtk_actionable_get_action_name (GTK_ACTIONABLE (w)));
      if (s->len > 0)
        g_string_prepend (s, " > ");
      g_string_prepend (s, part->str);
      g_string_free (part, TRUE);
    }
  return g_string_free (s, FALSE);
}

static gboolean
has_text_label_descendant (GtkWidget *w)
{
  for (GtkWidget *c = gtk_widget_get_first_child (w); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      if (GTK_IS_LABEL (c) && gtk_widget_get_visible (c))
        {
          g_autofree char *text = g_strstrip (g_strdup (gtk_label_get_text (GTK_LABEL (c))));
          if (*text != '\0')
            return TRUE;
        }
      if (has_text_label_descendant (c))
        return TRUE;
    }
  return FALSE;
}

/* ARIA roles that may take their name from their content. */
static gboolean
role_named_from_content (GtkAccessibleRole role)
{
  switch (role)
    {
    case GTK_ACCESSIBLE_ROLE_BUTTON:
    case GTK_ACCESSIBLE_ROLE_CHECKBOX:
    case GTK_ACCESSIBLE_ROLE_RADIO:
    case GTK_ACCESSIBLE_ROLE_LINK:
    case GTK_ACCESSIBLE_ROLE_MENU_ITEM:
    case GTK_ACCESSIBLE_ROLE_MENU_ITEM_CHECKBOX:
    case GTK_ACCESSIBLE_ROLE_MENU_ITEM_RADIO:
    case GTK_ACCESSIBLE_ROLE_ROW:
    case GTK_ACCESSIBLE_ROLE_TAB:
    case GTK_ACCESSIBLE_ROLE_COLUMN_HEADER:
    case GTK_ACCESSIBLE_ROLE_CELL:
    case GTK_ACCESSIBLE_ROLE_OPTION:
    case GTK_ACCESSIBLE_ROLE_LIST_ITEM:
      return TRUE;
    default:
      return FALSE;
    }
}

static gboolean
has_label_property (GtkWidget *w)
{
  return gtk_test_accessible_has_property (GTK_ACCESSIBLE (w), GTK_ACCESSIBLE_PROPERTY_LABEL);
}

/* Whether @target, as the target of a labelled-by relation, gives a name. */
static gboolean
labels_something (GtkWidget *target)
{
  if (GTK_IS_LABEL (target))
    {
      g_autofree char *text = g_strstrip (g_strdup (gtk_label_get_text (GTK_LABEL (target))));
      return *text != '\0';
    }
  return has_label_property (target) || has_text_label_descendant (target);
}

/* Finds the single widget of @root's tree that @w is labelled by. GTK 4.8
 * has no getter for relations; gtk_test_accessible_check_relation() only
 * compares, so every widget of the tree is tried. */
static GtkWidget *
find_relation_target (GtkWidget *w,
                      GtkWidget *root)
{
  g_autofree char *mismatch = gtk_test_accessible_check_relation (GTK_ACCESSIBLE (w),
                                                                  GTK_ACCESSIBLE_RELATION_LABELLED_BY,
                                                                  root, NULL);
  if (mismatch == NULL)
    return root;
  for (GtkWidget *c = gtk_widget_get_first_child (root); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = find_relation_target (w, c);
      if (found != NULL)
        return found;
    }
  return NULL;
}

typedef enum
{
  NAME_NONE,
  NAME_TOOLTIP_ONLY,
  NAME_OK,
} NameKind;

static NameKind
accessible_name_kind (GtkWidget *w)
{
  const char *tip;

  if (has_label_property (w))
    return NAME_OK;
  if (gtk_test_accessible_has_relation (GTK_ACCESSIBLE (w), GTK_ACCESSIBLE_RELATION_LABELLED_BY))
    {
      /* GtkButton is labelled by its child even when that is an image. */
      GtkWidget *target = find_relation_target (w, GTK_WIDGET (gtk_widget_get_root (w)));
      if (target == NULL || labels_something (target))
        return NAME_OK;    /* several targets (not checked), or a real label */
    }
  if (role_named_from_content (gtk_accessible_get_accessible_role (GTK_ACCESSIBLE (w))) &&
      has_text_label_descendant (w))
    return NAME_OK;
  tip = gtk_widget_get_tooltip_text (w);
  if (tip != NULL && *tip)
    return NAME_TOOLTIP_ONLY;
  return NAME_NONE;
}

/* Composites whose inner parts are named through the composite. */
static GtkWidget *
named_through (GtkWidget *w)
{
  GtkWidget *parent = gtk_widget_get_parent (w);

  if (GTK_IS_TEXT (w))
    {
      for (GtkWidget *a = parent; a != NULL; a = gtk_widget_get_parent (a))
        if (GTK_IS_EDITABLE (a) && gtk_editable_get_delegate (GTK_EDITABLE (a)) != NULL)
          return a;
    }
  if ((GTK_IS_TOGGLE_BUTTON (w) || GTK_IS_BUTTON (w)) && parent != NULL && GTK_IS_MENU_BUTTON (parent))
    return parent;
  return NULL;
}

static gboolean
is_interactive (GtkWidget *w)
{
  GtkAccessibleRole role = gtk_accessible_get_accessible_role (GTK_ACCESSIBLE (w));

  if (GTK_IS_BUTTON (w) || GTK_IS_MENU_BUTTON (w) || GTK_IS_SWITCH (w) || GTK_IS_CHECK_BUTTON (w) ||
      GTK_IS_ENTRY (w) || GTK_IS_TEXT (w) || GTK_IS_SEARCH_ENTRY (w) || GTK_IS_LEVEL_BAR (w) ||
      GTK_IS_SPIN_BUTTON (w) || GTK_IS_SCALE (w) || GTK_IS_DROP_DOWN (w) || GTK_IS_PASSWORD_ENTRY (w) ||
      ADW_IS_ENTRY_ROW (w))
    return TRUE;
  if (GTK_IS_TEXT_VIEW (w) && gtk_widget_get_focusable (w))
    return TRUE;
  if (GTK_IS_LIST_BOX_ROW (w) && gtk_list_box_row_get_activatable (GTK_LIST_BOX_ROW (w)) &&
      GTK_IS_LIST_BOX (gtk_widget_get_parent (w)))
    {
      /* A browse/selectable list's rows, or any activatable row of a
       * list with activatable rows (AdwPreferencesGroup lists). */
      return TRUE;
    }
  /* Rows of the volume table and its (sortable) column headers. */
  if (role == GTK_ACCESSIBLE_ROLE_ROW && GTK_IS_LIST_VIEW (gtk_widget_get_parent (w)))
    return TRUE;
  switch (role)
    {
    case GTK_ACCESSIBLE_ROLE_COLUMN_HEADER:
    case GTK_ACCESSIBLE_ROLE_MENU_ITEM:
    case GTK_ACCESSIBLE_ROLE_MENU_ITEM_CHECKBOX:
    case GTK_ACCESSIBLE_ROLE_MENU_ITEM_RADIO:
    case GTK_ACCESSIBLE_ROLE_TAB:
    case GTK_ACCESSIBLE_ROLE_LINK:
    case GTK_ACCESSIBLE_ROLE_SLIDER:
    case GTK_ACCESSIBLE_ROLE_COMBO_BOX:
      return TRUE;
    default:
      return FALSE;
    }
}

static void
check_widget (GtkWidget *w,
              Report    *report)
{
  GtkWidget *owner;
  NameKind kind;

  if (!is_interactive (w))
    return;
  owner = named_through (w);
  if (owner == NULL)
    owner = w;

  report->n_checked++;
  kind = accessible_name_kind (owner);
  if (g_getenv ("VSM_A11Y_VERBOSE") != NULL)
    {
      g_autofree char *path = widget_path (w);
      g_test_message ("%s role=%d label-prop=%d %s", kind == NAME_OK ? "named  " : kind == NAME_TOOLTIP_ONLY ? "tooltip" : "NONE   ",
                      gtk_accessible_get_accessible_role (GTK_ACCESSIBLE (w)), has_label_property (w), path);
    }
  if (kind == NAME_NONE)
    {
      g_autofree char *path = widget_path (w);
      report->n_failed++;
      g_string_append_printf (report->failures, "  unlabeled %s: %s\n", G_OBJECT_TYPE_NAME (w), path);
    }
  else if (kind == NAME_TOOLTIP_ONLY)
    {
      g_autofree char *path = widget_path (w);
      g_string_append_printf (report->notes, "tooltip is the only name of %s: %s\n", G_OBJECT_TYPE_NAME (w), path);
    }

  if (GTK_IS_LEVEL_BAR (w) &&
      !gtk_test_accessible_has_property (GTK_ACCESSIBLE (w), GTK_ACCESSIBLE_PROPERTY_VALUE_NOW) &&
      !gtk_test_accessible_has_property (GTK_ACCESSIBLE (w), GTK_ACCESSIBLE_PROPERTY_VALUE_TEXT))
    {
      g_autofree char *path = widget_path (w);
      report->n_failed++;
      g_string_append_printf (report->failures, "  level bar without a value: %s\n", path);
    }
}

/* Hidden widgets are not in the accessibility tree: skip them with their
 * children, except popovers (menus), which are only hidden until opened.
 * Widgets on stack pages that are not shown keep visible=TRUE and are
 * checked. */
static void
walk (GtkWidget *w,
      Report    *report)
{
  if (!gtk_widget_get_visible (w) && !GTK_IS_POPOVER (w))
    return;
  check_widget (w, report);
  for (GtkWidget *c = gtk_widget_get_first_child (w); c != NULL; c = gtk_widget_get_next_sibling (c))
    walk (c, report);
}

static void
report_clear (Report *report)
{
  g_string_free (report->failures, TRUE);
  g_string_free (report->notes, TRUE);
}

static void
report_init (Report *report)
{
  report->failures = g_string_new (NULL);
  report->notes = g_string_new (NULL);
  report->n_checked = report->n_failed = 0;
}

static void
audit (GtkWidget  *root,
       const char *what)
{
  Report report;

  report_init (&report);
  walk (root, &report);
  g_test_message ("%s: %u interactive widgets checked", what, report.n_checked);
  if (report.notes->len > 0)
    {
      g_auto(GStrv) lines = g_strsplit (report.notes->str, "\n", -1);
      for (guint i = 0; lines[i] != NULL && *lines[i]; i++)
        g_test_message ("note: %s", lines[i]);
    }
  g_assert_cmpuint (report.n_checked, >, 0);
  if (report.n_failed > 0)
    g_error ("%s: %u accessibility problem(s):\n%s", what, report.n_failed, report.failures->str);
  report_clear (&report);
  /* and everything it shows reads whole, at its default size */
  g_test_message ("%s: %u labels shown whole", what, vsm_test_assert_nothing_cut (root, what));
}

/* ------------------------------------------------------------------ */

typedef struct
{
  GListStore *hosts;
  GSettings  *settings;
  VsmWindow  *win;
  VsmHost    *host;
  VsmPoolView *view;
} Fixture;

static void
fixture_setup (Fixture *f)
{
  VsmPool *images;

  f->hosts = g_list_store_new (VSM_TYPE_HOST);
  f->settings = g_settings_new (SCHEMA_ID);
  f->win = g_object_ref_sink (vsm_window_new (NULL, f->hosts, f->settings));
  f->view = vsm_window_get_pool_view (f->win);
  gtk_window_present (GTK_WINDOW (f->win));
  VSM_WAIT_FOR (gtk_widget_get_mapped (GTK_WIDGET (f->win)), TIMEOUT);
  f->host = vsm_test_window_connect (f->win, "fixture-basic.xml");
  VSM_WAIT_FOR (vsm_host_find_pool_by_name (f->host, "images") != NULL, TIMEOUT);
  images = vsm_host_find_pool_by_name (f->host, "images");
  g_assert_true (vsm_window_select_pool (f->win, vsm_pool_get_uuid (images)));
  VSM_WAIT_FOR (vsm_pool_view_get_pool (f->view) == images && vsm_test_volumes_ready (images) &&
                g_strcmp0 (vsm_pool_view_get_visible_page (f->view), "list") == 0, TIMEOUT);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (f->win));
  vsm_test_wait_idle (100);
}

static void
fixture_teardown (Fixture *f)
{
  vsm_test_close_other_toplevels (GTK_WINDOW (f->win));
  gtk_window_destroy (GTK_WINDOW (f->win));
  g_clear_object (&f->win);
  vsm_test_wait_idle (100);
  g_clear_object (&f->settings);
  g_clear_object (&f->hosts);
}

static void
test_main_window (void)
{
  Fixture f = { 0 };

  fixture_setup (&f);
  g_assert_true (vsm_test_select_volume (f.view, "disk2.raw"));   /* enables the volume buttons */
  audit (GTK_WIDGET (f.win), "main window");
  fixture_teardown (&f);
}

/* The widgets that only show in other states: a stopped pool (Start
 * buttons) and a failed connection (Reconnect, Try Again). */
static void
test_main_window_states (void)
{
  Fixture f = { 0 };
  VsmPool *images;
  VsmHost *broken;

  fixture_setup (&f);
  images = vsm_pool_view_get_pool (f.view);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f.view), "pool.stop", NULL));
  VSM_WAIT_FOR (!vsm_pool_get_active (images) && !vsm_pool_get_busy (images) &&
                g_strcmp0 (vsm_pool_view_get_visible_page (f.view), "inactive") == 0, TIMEOUT);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (f.win));
  audit (GTK_WIDGET (f.win), "main window, pool stopped");

  broken = vsm_window_add_connection (f.win, "test:///nonexistent/file.xml", FALSE);
  VSM_WAIT_FOR (vsm_connection_get_state (vsm_host_get_connection (broken)) == VSM_CONNECTION_STATE_FAILED &&
                g_strcmp0 (vsm_window_get_pools_page (f.win), "failed") == 0, TIMEOUT);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (f.win));
  audit (GTK_WIDGET (f.win), "main window, connection failed");
  fixture_teardown (&f);
}

static void
test_connect_dialog (void)
{
  Fixture f = { 0 };
  GtkWidget *dialog;

  fixture_setup (&f);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f.win), "win.add-connection", NULL));
  VSM_WAIT_FOR (vsm_test_find_toplevel (VSM_TYPE_CONNECT_DIALOG, NULL) != NULL, TIMEOUT);
  dialog = GTK_WIDGET (vsm_test_find_toplevel (VSM_TYPE_CONNECT_DIALOG, NULL));
  VSM_WAIT_FOR (gtk_widget_get_mapped (dialog), TIMEOUT);
  /* Every preset, so that each row has been shown once. */
  vsm_connect_dialog_set_preset (VSM_CONNECT_DIALOG (dialog), VSM_CONNECT_PRESET_SSH);
  audit (dialog, "connect dialog (SSH)");
  vsm_connect_dialog_set_preset (VSM_CONNECT_DIALOG (dialog), VSM_CONNECT_PRESET_CUSTOM);
  audit (dialog, "connect dialog (custom)");
  fixture_teardown (&f);
}

/* The questions of an SSH connection being opened: the host key to trust
 * and the password (asked again, so the "not accepted" line shows too). */
static void
test_ssh_prompt (void)
{
  Fixture f = { 0 };
  const VsmAskKind kinds[] = { VSM_ASK_HOST_KEY, VSM_ASK_PASSWORD };
  const char *what[] = { "ssh host key prompt", "ssh password prompt" };

  fixture_setup (&f);
  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    {
      g_autoptr(VsmAsk) ask = vsm_ask_new (kinds[i], "alice", "host.example:2222");
      GtkWidget *dialog;

      vsm_ask_set_host_key (ask, "ED25519", "SHA256:GYY19001Za85g29DBKfg0E1PJNCs18t0eKGsHTpyCQo",
                            "/home/alice/.ssh/known_hosts");
      vsm_ask_set_retry (ask, TRUE);
      dialog = vsm_ssh_prompt_new (GTK_WINDOW (f.win), ask);
      gtk_window_present (GTK_WINDOW (dialog));
      VSM_WAIT_FOR (gtk_widget_get_mapped (dialog), TIMEOUT);
      vsm_test_wait_idle (100);
      audit (dialog, what[i]);
      vsm_test_shot (dialog, what[i]);
      gtk_window_destroy (GTK_WINDOW (dialog));
      /* closed unanswered: the answer is no */
      g_assert_true (vsm_ask_get_finished (ask));
    }
  fixture_teardown (&f);
}

/* Runs @action on @widget, audits the dialog of @type it opens, closes it. */
static void
audit_dialog_of (GtkWidget  *widget,
                 const char *action,
                 GType       type,
                 const char *what)
{
  GtkWindow *main_window = GTK_WINDOW (gtk_widget_get_root (widget));
  GtkWindow *dialog = NULL;

  g_assert_true (gtk_widget_activate_action (widget, action, NULL));
  VSM_WAIT_FOR ((dialog = vsm_test_find_toplevel (type, main_window)) != NULL &&
                gtk_widget_get_mapped (GTK_WIDGET (dialog)), TIMEOUT);
  /* what the dialog reads as it opens (a volume's XML) is shown too */
  vsm_test_wait_idle (200);
  audit (GTK_WIDGET (dialog), what);
  vsm_test_shot (GTK_WIDGET (dialog), what);   /* with VSM_TEST_SHOT_DIR: to look at, in each language */
  gtk_window_destroy (dialog);
  VSM_WAIT_FOR (vsm_test_find_toplevel (type, main_window) == NULL, TIMEOUT);
}

static void
test_xml_dialog (void)
{
  Fixture f = { 0 };

  fixture_setup (&f);
  audit_dialog_of (GTK_WIDGET (f.view), "pool.show-xml", VSM_TYPE_XML_DIALOG, "XML dialog");
  fixture_teardown (&f);
}

/* XML in: New Pool from XML (the example, then with problems listed,
 * then its review), Edit XML's review with its diff, New Volume from XML. */
static void
test_xml_editor (void)
{
  Fixture f = { 0 };
  GtkWindow *editor = NULL;
  GtkWidget *view;

  fixture_setup (&f);
  audit_dialog_of (GTK_WIDGET (f.win), "win.new-pool-xml", VSM_TYPE_XML_EDITOR, "new pool from XML");
  audit_dialog_of (GTK_WIDGET (f.view), "pool.new-volume-xml", VSM_TYPE_XML_EDITOR, "new volume from XML");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f.win), "win.new-pool-xml", NULL));
  VSM_WAIT_FOR ((editor = vsm_test_find_toplevel (VSM_TYPE_XML_EDITOR, NULL)) != NULL &&
                gtk_widget_get_mapped (GTK_WIDGET (editor)), TIMEOUT);
  vsm_xml_editor_set_text (VSM_XML_EDITOR (editor),
                           "<pool type='dir'>\n  <name>images</name>\n  <target>\n    <path>/srv/x</path>\n"
                           "    <colour>blue</colour>\n  </target>\n</pool>\n", NULL);
  vsm_test_wait_idle (200);
  audit (GTK_WIDGET (editor), "new pool from XML, with problems");
  vsm_test_shot (GTK_WIDGET (editor), "new pool from XML, with problems");
  vsm_xml_editor_set_text (VSM_XML_EDITOR (editor),
                           "<pool type='dir'>\n  <name>fromxml</name>\n  <target>\n    <path>/srv/x</path>\n"
                           "  </target>\n</pool>\n", NULL);
  g_signal_emit_by_name (vsm_test_find_widget (GTK_WIDGET (editor), vsm_test_is_button_with_label,
                                               (gpointer) _("_Review")), "clicked");
  vsm_test_wait_idle (300);
  audit (GTK_WIDGET (editor), "new pool from XML, review");
  vsm_test_shot (GTK_WIDGET (editor), "new pool from XML, review");
  gtk_window_destroy (editor);

  /* Edit XML: its review shows the diff */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f.view), "pool.edit-xml", NULL));
  VSM_WAIT_FOR ((editor = vsm_test_find_toplevel (VSM_TYPE_XML_EDITOR, NULL)) != NULL &&
                gtk_widget_get_mapped (GTK_WIDGET (editor)), TIMEOUT);
  view = vsm_test_find_widget (GTK_WIDGET (editor), vsm_test_is_type, GSIZE_TO_POINTER (GTK_TYPE_TEXT_VIEW));
  {
    GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (view));
    GtkTextIter end;

    gtk_text_buffer_get_end_iter (buffer, &end);
    gtk_text_buffer_insert (buffer, &end, "<!-- edited -->\n", -1);
  }
  VSM_WAIT_FOR (gtk_widget_is_sensitive (vsm_test_find_widget (GTK_WIDGET (editor), vsm_test_is_button_with_label,
                                                               (gpointer) _("_Review"))), TIMEOUT);
  g_signal_emit_by_name (vsm_test_find_widget (GTK_WIDGET (editor), vsm_test_is_button_with_label,
                                               (gpointer) _("_Review")), "clicked");
  vsm_test_wait_idle (300);
  audit (GTK_WIDGET (editor), "edit pool XML, review");
  vsm_test_shot (GTK_WIDGET (editor), "edit pool XML, review");
  gtk_window_destroy (editor);
  fixture_teardown (&f);
}

/* Clone, Resize, Wipe and Details. */
static void
test_volume_forms (void)
{
  Fixture f = { 0 };

  fixture_setup (&f);
  g_assert_true (vsm_test_select_volume (f.view, "disk2.raw"));
  audit_dialog_of (GTK_WIDGET (f.view), "volume.clone", VSM_TYPE_CLONE_DIALOG, "clone dialog");
  audit_dialog_of (GTK_WIDGET (f.view), "volume.resize", VSM_TYPE_RESIZE_DIALOG, "resize dialog");
  audit_dialog_of (GTK_WIDGET (f.view), "volume.wipe", VSM_TYPE_WIPE_DIALOG, "wipe dialog");
  /* disk1.qcow2 has a backing chain, qcow2 features and permissions */
  g_assert_true (vsm_test_select_volume (f.view, "disk1.qcow2"));
  audit_dialog_of (GTK_WIDGET (f.view), "volume.details", VSM_TYPE_VOLUME_DETAILS_DIALOG, "volume details");
  fixture_teardown (&f);
}

/* Delete Storage and Undefine on the running pool with volumes. */
static void
test_pool_confirmations (void)
{
  Fixture f = { 0 };

  fixture_setup (&f);
  audit_dialog_of (GTK_WIDGET (f.view), "pool.delete", ADW_TYPE_MESSAGE_DIALOG, "delete storage dialog");
  audit_dialog_of (GTK_WIDGET (f.view), "pool.undefine", ADW_TYPE_MESSAGE_DIALOG, "undefine dialog");
  /* Build… of the stopped pool: its choices and line */
  {
    VsmPool *images = vsm_pool_view_get_pool (f.view);

    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f.view), "pool.stop", NULL));
    VSM_WAIT_FOR (!vsm_pool_get_active (images) && !vsm_pool_get_busy (images), TIMEOUT);
    audit_dialog_of (GTK_WIDGET (f.view), "pool.build", ADW_TYPE_MESSAGE_DIALOG, "build dialog");
  }
  fixture_teardown (&f);
}

static void
test_confirm_dialog (void)
{
  Fixture f = { 0 };

  fixture_setup (&f);
  g_assert_true (vsm_test_select_volume (f.view, "disk2.raw"));
  audit_dialog_of (GTK_WIDGET (f.view), "volume.delete", ADW_TYPE_MESSAGE_DIALOG, "confirmation dialog");
  fixture_teardown (&f);
}

typedef struct
{
  const char *type;
  GString    *audited;   /* pages audited, "type,source,…" */
} WizardAudit;

static void
audit_page (VsmPoolWizard *wizard,
            const char    *page,
            gpointer       data)
{
  WizardAudit *a = data;
  g_autofree char *what = g_strdup_printf ("pool wizard, %s, page %s", a->type, page);

  gtk_test_widget_wait_for_draw (GTK_WIDGET (wizard));
  audit (GTK_WIDGET (wizard), what);
  g_string_append_printf (a->audited, "%s%s", a->audited->len ? "," : "", page);
}

/* The New Pool wizard: every page of every pool type (the source rows are
 * generated from the descriptor table), each page filled with valid answers
 * (the wizard tests' own) so that the walk reaches the review page, which
 * is checked: a type whose pages were not all audited fails. */
static void
test_pool_wizard (void)
{
  Fixture f = { 0 };
  GtkWidget *wizard;

  fixture_setup (&f);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f.win), "win.new-pool", NULL));
  VSM_WAIT_FOR (vsm_test_find_toplevel (VSM_TYPE_POOL_WIZARD, NULL) != NULL, TIMEOUT);
  wizard = GTK_WIDGET (vsm_test_find_toplevel (VSM_TYPE_POOL_WIZARD, NULL));
  VSM_WAIT_FOR (gtk_widget_get_mapped (wizard), TIMEOUT);

  for (guint i = 0; i < G_N_ELEMENTS (type_cases); i++)
    {
      WizardAudit a = { type_cases[i].type, g_string_new (NULL) };
      g_autofree char *seq = wiz_walk_to_review (VSM_POOL_WIZARD (wizard), type_cases[i].type,
                                                 type_cases[i].fields, audit_page, &a);

      g_test_message ("%s: audited %s", type_cases[i].type, a.audited->str);
      g_assert_cmpstr (seq, ==, wiz_expected_pages (type_cases[i].type));
      g_assert_cmpstr (a.audited->str, ==, seq);
      g_string_free (a.audited, TRUE);
      while (g_strcmp0 (vsm_pool_wizard_get_page (VSM_POOL_WIZARD (wizard)), "type") != 0)
        gtk_widget_activate_action (wizard, "wizard.back", NULL);
    }
  g_assert_cmpuint (G_N_ELEMENTS (type_cases), ==, 10);
  fixture_teardown (&f);
}

static void
test_volume_dialogs (void)
{
  Fixture f = { 0 };
  GtkWidget *dialog;

  fixture_setup (&f);
  audit_dialog_of (GTK_WIDGET (f.view), "pool.new-volume", VSM_TYPE_VOLUME_DIALOG, "new volume dialog");

  /* New Volume from File, on a file it has read */
  {
    g_autofree char *path = g_build_filename (g_get_tmp_dir (), "vsm-a11y-upload.img", NULL);
    g_autoptr(GFile) file = g_file_new_for_path (path);

    g_assert_true (g_file_set_contents (path, "raw bytes", -1, NULL));
    vsm_pool_view_upload_file (f.view, file, TRUE);
    VSM_WAIT_FOR (vsm_test_find_toplevel (VSM_TYPE_UPLOAD_DIALOG, NULL) != NULL, TIMEOUT);
    dialog = GTK_WIDGET (vsm_test_find_toplevel (VSM_TYPE_UPLOAD_DIALOG, NULL));
    VSM_WAIT_FOR (gtk_widget_get_mapped (dialog) && vsm_upload_dialog_get_ready (VSM_UPLOAD_DIALOG (dialog)), TIMEOUT);
    audit (dialog, "new volume from file dialog");
    gtk_window_destroy (GTK_WINDOW (dialog));
    g_unlink (path);
  }

  g_assert_true (vsm_test_select_volume (f.view, "disk2.raw"));
  audit_dialog_of (GTK_WIDGET (f.view), "volume.attach", VSM_TYPE_ATTACH_DIALOG, "attach dialog");
  fixture_teardown (&f);
}

static void
test_vm_view (void)
{
  Fixture f = { 0 };

  fixture_setup (&f);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f.win), "win.show-domain", "s", "vm1"));
  VSM_WAIT_FOR (vsm_domain_view_get_n_disks (vsm_window_get_domain_view (f.win)) > 0, TIMEOUT);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (f.win));
  audit (GTK_WIDGET (f.win), "virtual machines view");
  vsm_test_shot (GTK_WIDGET (f.win), "virtual machines view");
  /* vm1 runs: Shut Down and Force Off ask first */
  audit_dialog_of (GTK_WIDGET (vsm_window_get_domain_view (f.win)), "domain.shutdown", ADW_TYPE_MESSAGE_DIALOG,
                   "shut down dialog");
  audit_dialog_of (GTK_WIDGET (vsm_window_get_domain_view (f.win)), "domain.force-off", ADW_TYPE_MESSAGE_DIALOG,
                   "force off dialog");
  fixture_teardown (&f);
}

/* The checker itself: it must flag what is wrong and accept what is not. */
static void
test_checker (void)
{
  GtkWidget *window = gtk_window_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *icon_only = gtk_button_new_from_icon_name ("edit-delete-symbolic");
  GtkWidget *labelled_icon = gtk_button_new_from_icon_name ("edit-copy-symbolic");
  GtkWidget *tooltip_only = gtk_button_new_from_icon_name ("edit-find-symbolic");
  GtkWidget *text_button = gtk_button_new_with_mnemonic ("_Start");
  GtkWidget *bare_switch = gtk_switch_new ();
  GtkWidget *bare_bar = gtk_level_bar_new ();
  GtkWidget *bare_search = gtk_search_entry_new ();
  GtkWidget *label = gtk_label_new ("Port");
  GtkWidget *entry = gtk_entry_new ();
  GtkWidget *hidden = gtk_button_new_from_icon_name ("edit-clear-symbolic");
  Report report;

  gtk_accessible_update_property (GTK_ACCESSIBLE (labelled_icon), GTK_ACCESSIBLE_PROPERTY_LABEL, "Copy", -1);
  gtk_widget_set_tooltip_text (tooltip_only, "Find");
  gtk_accessible_update_relation (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_RELATION_LABELLED_BY, label, NULL, -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (bare_bar), GTK_ACCESSIBLE_PROPERTY_LABEL, "Usage", -1);
  for (GtkWidget **w = (GtkWidget *[]) { icon_only, labelled_icon, tooltip_only, text_button, bare_switch,
                                         bare_bar, bare_search, label, entry, hidden, NULL }; *w; w++)
    gtk_box_append (GTK_BOX (box), *w);
  gtk_widget_set_visible (hidden, FALSE);
  gtk_window_set_child (GTK_WINDOW (window), box);
  gtk_window_present (GTK_WINDOW (window));
  VSM_WAIT_FOR (gtk_widget_get_mapped (window), TIMEOUT);

  g_assert_cmpint (accessible_name_kind (icon_only), ==, NAME_NONE);
  g_assert_cmpint (accessible_name_kind (labelled_icon), ==, NAME_OK);
  g_assert_cmpint (accessible_name_kind (tooltip_only), ==, NAME_TOOLTIP_ONLY);
  g_assert_cmpint (accessible_name_kind (text_button), ==, NAME_OK);
  g_assert_cmpint (accessible_name_kind (bare_switch), ==, NAME_NONE);
  g_assert_cmpint (accessible_name_kind (entry), ==, NAME_OK);

  report_init (&report);
  walk (window, &report);
  g_test_message ("self-test report:\n%s", report.failures->str);
  /* icon_only, bare_switch, the search entry and its text (named through
   * the entry) and the value-less level bar */
  g_assert_cmpuint (report.n_failed, ==, 5);
  g_assert_nonnull (strstr (report.failures->str, "unlabeled GtkButton: GtkWindow > GtkBox > GtkButton[icon=edit-delete-symbolic]"));
  g_assert_nonnull (strstr (report.failures->str, "unlabeled GtkSwitch"));
  g_assert_nonnull (strstr (report.failures->str, "unlabeled GtkSearchEntry"));
  g_assert_nonnull (strstr (report.failures->str, "unlabeled GtkText: GtkWindow > GtkBox > GtkSearchEntry > GtkText"));
  g_assert_nonnull (strstr (report.failures->str, "level bar without a value"));
  g_assert_null (strstr (report.failures->str, "edit-copy-symbolic"));
  g_assert_null (strstr (report.failures->str, "edit-clear-symbolic"));   /* hidden */
  g_assert_nonnull (strstr (report.notes->str, "edit-find-symbolic"));
  report_clear (&report);

  gtk_level_bar_set_value (GTK_LEVEL_BAR (bare_bar), 0.5);
  g_assert_true (gtk_test_accessible_has_property (GTK_ACCESSIBLE (bare_bar), GTK_ACCESSIBLE_PROPERTY_VALUE_NOW));

  gtk_window_destroy (GTK_WINDOW (window));
}

/* The test AT context reports every state change with g_print(); keep
 * those lines out of the TAP stream. */
static void
print_handler (const char *string)
{
  if (g_str_has_prefix (string, "Accessible state changed"))
    return;
  fputs (string, stdout);
  fflush (stdout);
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("GTK_A11Y", "test", TRUE);
  g_set_print_handler (print_handler);

  vsm_test_gtk_init (&argc, &argv);

  g_test_add_func ("/gui/a11y/checker", test_checker);
  g_test_add_func ("/gui/a11y/main-window", test_main_window);
  g_test_add_func ("/gui/a11y/main-window-states", test_main_window_states);
  g_test_add_func ("/gui/a11y/connect-dialog", test_connect_dialog);
  g_test_add_func ("/gui/a11y/ssh-prompt", test_ssh_prompt);
  g_test_add_func ("/gui/a11y/xml-dialog", test_xml_dialog);
  g_test_add_func ("/gui/a11y/xml-editor", test_xml_editor);
  g_test_add_func ("/gui/a11y/confirm-dialog", test_confirm_dialog);
  g_test_add_func ("/gui/a11y/pool-wizard", test_pool_wizard);
  g_test_add_func ("/gui/a11y/volume-dialogs", test_volume_dialogs);
  g_test_add_func ("/gui/a11y/volume-forms", test_volume_forms);
  g_test_add_func ("/gui/a11y/pool-confirmations", test_pool_confirmations);
  g_test_add_func ("/gui/a11y/vm-view", test_vm_view);

  return g_test_run ();
}
