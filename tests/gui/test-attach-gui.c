/* test-attach-gui.c
 *
 * The Virtual Machines section of the main window, the domain view and the
 * Attach Storage dialog, driven in-process on the fixture-basic.xml
 * test-driver connection under Xvfb (tests/headless.sh).
 *
 * fixture-basic: vm1 runs (vda = file disk1.qcow2 on virtio, sdc = CD-ROM
 * install.iso on sata), vm2 is shut off (vda = volume images/disk2.raw).
 * libvirt's test driver has no attach/detach/update-device: the service
 * simulates them in the machine's configuration and the UI says so. The dialog's buses come from the service's
 * fallback list (the test driver has no domain capabilities).
 *
 * Every test opens its own connection (private libvirt state per open).
 * G_DEBUG=fatal-warnings (test_env) makes any warning or critical a failure.
 *
 * Copyright 2026 Virt Storage developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <string.h>

#include "vsm-attach-dialog.h"
#include "vsm-disk-spec.h"
#include "vsm-domain-ops.h"
#include "vsm-domain-view.h"
#include "vsm-pool-view.h"
#include "vsm-test-gtk-utils.h"
#include "vsm-volume.h"
#include "vsm-window.h"

#define TIMEOUT 10000

/* ------------------------------------------------------------------ */
/* Widget-tree helpers                                                 */

static gboolean
is_image_button (GtkWidget *w,
                 gpointer   icon)
{
  return GTK_IS_BUTTON (w) && g_strcmp0 (gtk_button_get_icon_name (GTK_BUTTON (w)), icon) == 0;
}

/* The GtkSwitch inside the action row titled @title. */
static GtkWidget *
row_switch (GtkWidget  *root,
            const char *title)
{
  GtkWidget *sw = vsm_test_find_widget (vsm_test_find_row (root, title), vsm_test_is_type,
                                        GSIZE_TO_POINTER (GTK_TYPE_SWITCH));

  g_assert_nonnull (sw);
  return sw;
}

/* A toast titled @text is shown (AdwToastOverlay 1.2 cannot list its
 * toasts: the shown one is an AdwToastWidget with a title label). */
static gboolean
has_toast (GtkWidget  *root,
           const char *text)
{
  GType toast_widget = g_type_from_name ("AdwToastWidget");
  GtkWidget *label = (GtkWidget *) vsm_test_find_label (root, text);

  g_assert_true (toast_widget != 0 || label == NULL);
  return label != NULL && gtk_widget_get_ancestor (label, toast_widget) != NULL;
}

/* "a,b,c" from the items of a combo row's string model. */
static char *
combo_items (AdwComboRow *row)
{
  GListModel *model = adw_combo_row_get_model (row);
  GString *s = g_string_new (NULL);

  for (guint i = 0; model != NULL && i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (model, i);
      if (s->len > 0)
        g_string_append_c (s, ',');
      g_string_append (s, gtk_string_object_get_string (GTK_STRING_OBJECT (item)));
    }
  return g_string_free (s, FALSE);
}

static const char *
combo_selected (AdwComboRow *row)
{
  GObject *item = adw_combo_row_get_selected_item (row);

  return item ? gtk_string_object_get_string (GTK_STRING_OBJECT (item)) : NULL;
}

/* Dismisses the toast shown in @root (the next queued one, if any, then
 * comes up after the hide animation). Waits for the toast's 300 ms show
 * animation first: libadwaita 1.2's AdwToastOverlay writes to freed
 * memory when the show and hide animations of one toast end together. */
static void
dismiss_toast (GtkWidget *root)
{
  GType toast_widget = g_type_from_name ("AdwToastWidget");
  GtkWidget *tw, *close;

  /* settle first: a toast may time out meanwhile */
  vsm_test_wait_idle (500);
  tw = toast_widget ? vsm_test_find_widget (root, vsm_test_is_type, GSIZE_TO_POINTER (toast_widget)) : NULL;
  if (tw == NULL)
    return;
  close = vsm_test_find_widget (tw, vsm_test_is_actionable_with, (gpointer) "toast.dismiss");
  if (close == NULL)
    close = vsm_test_find_widget (tw, is_image_button, (gpointer) "window-close-symbolic");
  g_assert_nonnull (close);
  g_signal_emit_by_name (close, "clicked");
}

/* ------------------------------------------------------------------ */
/* Window fixture                                                      */

typedef struct
{
  GListStore    *hosts;
  GSettings     *settings;
  VsmWindow     *win;
  VsmHost       *host;      /* owned by hosts */
  VsmPoolView   *view;
  VsmDomainView *dview;
} Fixture;

static void
fixture_setup (Fixture *f)
{
  f->win = vsm_test_window_open (&f->hosts, &f->settings);
  f->view = vsm_window_get_pool_view (f->win);
  f->dview = vsm_window_get_domain_view (f->win);

  f->host = vsm_test_window_connect (f->win, "fixture-basic.xml");
  VSM_WAIT_FOR (vsm_keyed_list_get_n_items (vsm_host_get_domains (f->host)) == 2, TIMEOUT);
}

static void
fixture_teardown (Fixture *f)
{
  vsm_test_window_close (&f->win, &f->settings, &f->hosts);
  /* Every window is gone (GTK keeps no hidden toplevel of ours). */
  {
    g_autoptr(GList) list = gtk_window_list_toplevels ();
    for (GList *l = list; l != NULL; l = l->next)
      g_assert_false (VSM_IS_WINDOW (l->data) || VSM_IS_ATTACH_DIALOG (l->data) ||
                      ADW_IS_MESSAGE_DIALOG (l->data));
  }
}

/* The Storage Pools / Virtual Machines switcher's stack. */
static GtkStack *
section_stack (Fixture *f)
{
  GtkWidget *switcher = vsm_test_find_widget (GTK_WIDGET (f->win), vsm_test_is_type,
                                              GSIZE_TO_POINTER (GTK_TYPE_STACK_SWITCHER));

  g_assert_nonnull (switcher);
  return gtk_stack_switcher_get_stack (GTK_STACK_SWITCHER (switcher));
}

/* Presses the switcher button of the section page @name, as a user would
 * (found by the page's title, whatever the wording). */
static void
switch_section (Fixture    *f,
                const char *name)
{
  GtkWidget *switcher = vsm_test_find_widget (GTK_WIDGET (f->win), vsm_test_is_type,
                                              GSIZE_TO_POINTER (GTK_TYPE_STACK_SWITCHER));
  GtkStack *stack = section_stack (f);
  GtkWidget *child = gtk_stack_get_child_by_name (stack, name);
  const char *title;
  GtkWidget *label, *button;

  g_assert_nonnull (child);
  title = gtk_stack_page_get_title (gtk_stack_get_page (stack, child));
  g_assert_nonnull (title);
  label = (GtkWidget *) vsm_test_find_label (switcher, title);
  g_assert_nonnull (label);
  button = gtk_widget_get_ancestor (label, GTK_TYPE_TOGGLE_BUTTON);
  g_assert_nonnull (button);
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (button), TRUE);
  VSM_WAIT_FOR (g_strcmp0 (gtk_stack_get_visible_child_name (stack), name) == 0, TIMEOUT);
}

static GtkListBoxRow *
vm_row_named (Fixture    *f,
              const char *name)
{
  return vsm_test_vm_row_named (f->win, name);
}

/* Gives @dom the state @state, keeping its name and disks, as the model
 * does when libvirt reports a lifecycle event. */
static void
set_domain_state (VsmDomain      *dom,
                  VsmDomainState  state)
{
  VsmDomainSnapshot *snap = g_new0 (VsmDomainSnapshot, 1);
  GPtrArray *disks = vsm_domain_get_disks (dom);

  snap->uuid = g_strdup (vsm_domain_get_uuid (dom));
  snap->name = g_strdup (vsm_domain_get_name (dom));
  snap->state = state;
  snap->persistent = TRUE;
  snap->disks = g_ptr_array_new_with_free_func ((GDestroyNotify) vsm_disk_snapshot_free);
  for (guint i = 0; i < disks->len; i++)
    g_ptr_array_add (snap->disks, vsm_disk_snapshot_copy (g_ptr_array_index (disks, i)));
  vsm_domain_apply_snapshot (dom, snap);
  vsm_domain_snapshot_free (snap);
  vsm_test_wait_idle (50);
}

static VsmDomain *
domain_named (Fixture    *f,
              const char *name)
{
  VsmKeyedList *doms = vsm_host_get_domains (f->host);

  for (guint i = 0; i < vsm_keyed_list_get_n_items (doms); i++)
    if (g_strcmp0 (vsm_domain_get_name (vsm_keyed_list_get (doms, i)), name) == 0)
      return vsm_keyed_list_get (doms, i);
  g_assert_not_reached ();
}

/* Titles of the domain view's disk rows, "|"-separated. */
static char *
disk_titles (Fixture *f)
{
  GtkListBox *list = vsm_domain_view_get_disk_list (f->dview);
  GString *s = g_string_new (NULL);

  for (int i = 0;; i++)
    {
      GtkListBoxRow *row = gtk_list_box_get_row_at_index (list, i);
      if (row == NULL)
        break;
      if (s->len > 0)
        g_string_append_c (s, '|');
      g_string_append (s, adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)));
    }
  return g_string_free (s, FALSE);
}

static GtkWidget *
disk_row (Fixture    *f,
          const char *target)
{
  return vsm_test_disk_row (f->dview, target);
}

/* Selects the VM's row (the Virtual Machines section must be shown) and
 * waits until the domain view lists @n_disks drives. */
static void
select_vm (Fixture    *f,
           const char *name,
           guint       n_disks)
{
  GtkListBoxRow *row = vm_row_named (f, name);

  g_assert_nonnull (row);
  gtk_list_box_select_row (vsm_window_get_vms_list (f->win), row);
  VSM_WAIT_FOR (vsm_domain_view_get_domain (f->dview) == domain_named (f, name), TIMEOUT);
  VSM_WAIT_FOR (vsm_domain_view_get_n_disks (f->dview) == n_disks &&
                gtk_list_box_get_row_at_index (vsm_domain_view_get_disk_list (f->dview), n_disks - 1) != NULL,
                TIMEOUT);
}

static VsmAttachDialog *
wait_attach_dialog (Fixture *f)
{
  VsmAttachDialog *dialog;

  VSM_WAIT_FOR (vsm_test_find_toplevel (VSM_TYPE_ATTACH_DIALOG, NULL) != NULL, TIMEOUT);
  dialog = VSM_ATTACH_DIALOG (vsm_test_find_toplevel (VSM_TYPE_ATTACH_DIALOG, NULL));
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (dialog)) == GTK_WINDOW (f->win));
  g_assert_true (gtk_window_get_modal (GTK_WINDOW (dialog)));
  VSM_WAIT_FOR (gtk_widget_get_mapped (GTK_WIDGET (dialog)), TIMEOUT);
  return dialog;
}

static GPtrArray *
used_of (const char *first,
         ...)
{
  GPtrArray *used = g_ptr_array_new ();
  va_list ap;

  va_start (ap, first);
  for (const char *s = first; s != NULL; s = va_arg (ap, const char *))
    g_ptr_array_add (used, (gpointer) s);
  va_end (ap);
  return used;
}

/* For each (value, label) pair: @row has an item @value and shows @label
 * for it. */
static void
assert_row_labels (AdwComboRow *row,
                   ...)
{
  GListModel *model = adw_combo_row_get_model (row);
  GtkExpression *expression = adw_combo_row_get_expression (row);
  const char *value;
  va_list ap;

  g_assert_nonnull (expression);
  va_start (ap, row);
  while ((value = va_arg (ap, const char *)) != NULL)
    {
      const char *label = va_arg (ap, const char *);
      gboolean found = FALSE;

      for (guint i = 0; i < g_list_model_get_n_items (model); i++)
        {
          g_autoptr(GtkStringObject) item = g_list_model_get_item (model, i);
          g_auto(GValue) shown = G_VALUE_INIT;

          if (!g_str_equal (gtk_string_object_get_string (item), value))
            continue;
          found = TRUE;
          g_assert_true (gtk_expression_evaluate (expression, item, &shown));
          g_assert_cmpstr (g_value_get_string (&shown), ==, label);
        }
      if (!found)
        g_error ("row %s has no item %s", adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), value);
    }
  va_end (ap);
}

/* ------------------------------------------------------------------ */
/* Tests                                                               */

static void
test_vm_section (void)
{
  Fixture f = { 0 };
  GtkListBox *vms;
  GtkListBoxRow *row1, *row2;
  GtkColumnView *cv;
  GtkLabel *name;
  GtkWidget *cv_row, *link;
  g_autofree char *titles = NULL;
  GVariant *target;

  fixture_setup (&f);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (section_stack (&f)), ==, "pools");

  /* The section switcher: VMs with their state. */
  switch_section (&f, "vms");
  vms = vsm_window_get_vms_list (f.win);
  VSM_WAIT_FOR (vm_row_named (&f, "vm1") != NULL && vm_row_named (&f, "vm2") != NULL, TIMEOUT);
  VSM_WAIT_FOR (gtk_widget_get_mapped (GTK_WIDGET (vms)), TIMEOUT);
  row1 = vm_row_named (&f, "vm1");
  row2 = vm_row_named (&f, "vm2");
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row1)), ==, "Running");
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row2)), ==, "Shut off");
  /* Sorted by name, like the pools (libvirt's own order is random). */
  g_assert_true (gtk_list_box_get_row_at_index (vms, 0) == row1);
  g_assert_true (gtk_list_box_get_row_at_index (vms, 1) == row2);
  g_assert_null (gtk_list_box_get_row_at_index (vms, 2));
  /* The content pane follows the section. */
  VSM_WAIT_FOR (gtk_widget_get_mapped (GTK_WIDGET (f.dview)), TIMEOUT);
  /* machines to choose from, none chosen yet: the machine pane says to
   * pick one */
  g_assert_null (vsm_domain_view_get_domain (f.dview));
  VSM_WAIT_FOR (gtk_widget_get_mapped (vsm_test_find_widget (GTK_WIDGET (f.dview), vsm_test_is_status_page_titled,
                                                             (gpointer) "No Virtual Machine Selected")), TIMEOUT);
  VSM_WAIT_FOR (!gtk_widget_get_mapped (GTK_WIDGET (f.view)), TIMEOUT);   /* after the crossfade */

  /* vm2: one disk, a volume. */
  select_vm (&f, "vm2", 1);
  g_assert_true (gtk_list_box_get_selected_row (vms) == row2);
  titles = disk_titles (&f);
  g_assert_nonnull (strstr (titles, "vda"));
  g_assert_nonnull (vsm_test_find_widget (GTK_WIDGET (f.dview), vsm_test_is_label_with_text,
                                          (gpointer) "Volume disk2.raw in pool images"));
  g_assert_nonnull (vsm_test_find_label (GTK_WIDGET (f.dview), "Shut off"));
  g_clear_pointer (&titles, g_free);

  /* vm1: the disk and the CD-ROM drive. */
  select_vm (&f, "vm1", 2);
  g_assert_true (gtk_list_box_get_selected_row (vms) == row1);
  titles = disk_titles (&f);
  g_test_message ("vm1 disks: %s", titles);
  g_assert_cmpuint (vsm_domain_view_get_n_disks (f.dview), ==, 2);
  g_assert_nonnull (strstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (gtk_list_box_get_row_at_index (vsm_domain_view_get_disk_list (f.dview), 0))), "vda"));
  g_assert_nonnull (strstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (gtk_list_box_get_row_at_index (vsm_domain_view_get_disk_list (f.dview), 1))), "sdc"));
  g_assert_nonnull (vsm_test_find_label (GTK_WIDGET (f.dview), "vm1"));
  g_assert_nonnull (vsm_test_find_label (GTK_WIDGET (f.dview), "Running"));
  g_assert_nonnull (vsm_test_find_widget (GTK_WIDGET (f.dview), vsm_test_is_label_with_text,
                                          (gpointer) "/var/lib/libvirt/images/disk1.qcow2"));
  /* The drive rows carry their actions; the CD-ROM can be ejected. */
  g_assert_nonnull (vsm_test_find_widget (GTK_WIDGET (disk_row (&f, "vda")), vsm_test_is_actionable_with,
                                          (gpointer) "disk.detach"));
  g_assert_nonnull (vsm_test_find_widget (GTK_WIDGET (disk_row (&f, "sdc")), vsm_test_is_actionable_with,
                                          (gpointer) "disk.eject"));
  g_assert_null (vsm_test_find_widget (GTK_WIDGET (disk_row (&f, "vda")), vsm_test_is_actionable_with,
                                       (gpointer) "disk.eject"));
  vsm_test_shot (GTK_WIDGET (f.win), "vm-disks");

  /* Back to the pools with vm2 selected; then the "Used By" link of
   * disk1.qcow2 leads to vm1. */
  select_vm (&f, "vm2", 1);
  switch_section (&f, "pools");
  VSM_WAIT_FOR (gtk_widget_get_mapped (GTK_WIDGET (f.view)), TIMEOUT);
  vsm_test_select_pool (f.win, f.host, "images");
  cv = vsm_pool_view_get_column_view (f.view);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (f.win));
  VSM_WAIT_FOR ((name = vsm_test_find_label (GTK_WIDGET (cv), "disk1.qcow2")) != NULL &&
                gtk_widget_get_mapped (GTK_WIDGET (name)), TIMEOUT);
  cv_row = vsm_test_column_view_row_of (GTK_WIDGET (name));
  VSM_WAIT_FOR ((link = vsm_test_find_widget (cv_row, vsm_test_is_actionable_with,
                                              (gpointer) "win.show-domain")) != NULL &&
                gtk_widget_get_visible (link), TIMEOUT);
  g_assert_true (GTK_IS_BUTTON (link));
  target = gtk_actionable_get_action_target_value (GTK_ACTIONABLE (link));
  g_assert_nonnull (target);
  g_assert_cmpstr (g_variant_get_string (target, NULL), ==, "vm1");
  g_assert_nonnull (vsm_test_find_widget (link, vsm_test_is_label_with_text, (gpointer) "vm1"));
  g_assert_true (gtk_widget_is_sensitive (link));
  g_signal_emit_by_name (link, "clicked");
  VSM_WAIT_FOR (g_strcmp0 (gtk_stack_get_visible_child_name (section_stack (&f)), "vms") == 0, TIMEOUT);
  VSM_WAIT_FOR (gtk_list_box_get_selected_row (vms) == row1, TIMEOUT);
  VSM_WAIT_FOR (vsm_domain_view_get_domain (f.dview) == domain_named (&f, "vm1") &&
                vsm_domain_view_get_n_disks (f.dview) == 2, TIMEOUT);
  VSM_WAIT_FOR (gtk_widget_get_mapped (GTK_WIDGET (f.dview)), TIMEOUT);

  /* The action itself, by name, from the pools section. */
  switch_section (&f, "pools");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f.win), "win.show-domain", "s", "vm2"));
  VSM_WAIT_FOR (g_strcmp0 (gtk_stack_get_visible_child_name (section_stack (&f)), "vms") == 0, TIMEOUT);
  VSM_WAIT_FOR (gtk_list_box_get_selected_row (vms) == row2, TIMEOUT);
  VSM_WAIT_FOR (vsm_domain_view_get_domain (f.dview) == domain_named (&f, "vm2"), TIMEOUT);
  /* An unknown name switches section but keeps the selection. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f.win), "win.show-domain", "s", "nosuchvm"));
  vsm_test_wait_idle (50);
  g_assert_true (gtk_list_box_get_selected_row (vms) == row2);

  fixture_teardown (&f);
}

/* Start, Shut Down and Force Off (issue 14, item 11): enabled by the
 * machine's state; Start runs at once, Shut Down and Force Off confirm in
 * their own words with the virsh line (shutdown, destroy); the state in
 * the header follows. On the test driver a shut-down guest stops at once. */
static void
test_power (void)
{
  Fixture f = { 0 };
  VsmDomain *vm2;
  AdwMessageDialog *dialog;
  GtkWidget *line;

  fixture_setup (&f);
  vm2 = domain_named (&f, "vm2");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f.win), "win.show-domain", "s", "vm2"));
  VSM_WAIT_FOR (vsm_domain_view_get_domain (f.dview) == vm2, TIMEOUT);
  g_assert_cmpint (vsm_domain_get_state (vm2), ==, VSM_DOMAIN_STATE_SHUT_OFF);
  /* shut off: neither Shut Down nor Force Off asks anything */
  g_assert_false (gtk_widget_activate_action (GTK_WIDGET (f.dview), "domain.shutdown", NULL) &&
                  vsm_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG, NULL) != NULL);
  g_assert_false (gtk_widget_activate_action (GTK_WIDGET (f.dview), "domain.force-off", NULL) &&
                  vsm_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG, NULL) != NULL);

  /* Start: no question, the state follows, a toast says so */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f.dview), "domain.start", NULL));
  VSM_WAIT_FOR (vsm_domain_get_running (vm2), TIMEOUT);
  VSM_WAIT_FOR (vsm_test_has_label (GTK_WIDGET (f.win), "“vm2” started"), TIMEOUT);
  VSM_WAIT_FOR (vsm_test_has_label (GTK_WIDGET (f.dview), vsm_domain_state_to_label (VSM_DOMAIN_STATE_RUNNING)),
                TIMEOUT);

  /* running: Start is off (a start would fail with an error toast) */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f.dview), "domain.start", NULL));
  vsm_test_wait_idle (300);
  g_assert_false (vsm_test_has_label (GTK_WIDGET (f.win), "Could not start “vm2”"));
  g_assert_null (vsm_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG, NULL));

  /* Shut Down: asks, says what it does, virsh shutdown */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f.dview), "domain.shutdown", NULL));
  dialog = vsm_test_wait_message_dialog (GTK_WINDOW (f.win));
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "Shut Down “vm2”?");
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "as with its power button"));
  line = vsm_test_find_widget (GTK_WIDGET (dialog), vsm_test_is_label_containing, (gpointer) "virsh");
  g_assert_true (g_str_has_suffix (gtk_label_get_text (GTK_LABEL (line)), " shutdown vm2"));
  /* no: it keeps running */
  vsm_test_respond (dialog, "cancel");
  vsm_test_wait_idle (200);
  g_assert_true (vsm_domain_get_running (vm2));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f.dview), "domain.shutdown", NULL));
  dialog = vsm_test_wait_message_dialog (GTK_WINDOW (f.win));
  vsm_test_respond (dialog, "power");
  VSM_WAIT_FOR (vsm_domain_get_state (vm2) == VSM_DOMAIN_STATE_SHUT_OFF, TIMEOUT);

  /* Force Off: the destructive words, virsh destroy */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f.dview), "domain.start", NULL));
  VSM_WAIT_FOR (vsm_domain_get_running (vm2), TIMEOUT);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f.dview), "domain.force-off", NULL));
  dialog = vsm_test_wait_message_dialog (GTK_WINDOW (f.win));
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "Force Off “vm2”?");
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "what it had not yet written to its disks is lost"));
  g_assert_cmpint (adw_message_dialog_get_response_appearance (dialog, "power"), ==, ADW_RESPONSE_DESTRUCTIVE);
  line = vsm_test_find_widget (GTK_WIDGET (dialog), vsm_test_is_label_containing, (gpointer) "virsh");
  g_assert_true (g_str_has_suffix (gtk_label_get_text (GTK_LABEL (line)), " destroy vm2"));
  vsm_test_shot (GTK_WIDGET (dialog), "force-off");
  vsm_test_respond (dialog, "power");
  VSM_WAIT_FOR (vsm_domain_get_state (vm2) == VSM_DOMAIN_STATE_SHUT_OFF, TIMEOUT);
  VSM_WAIT_FOR (vsm_test_has_label (GTK_WIDGET (f.win), "“vm2” was forced off"), TIMEOUT);

  fixture_teardown (&f);
}

static void
test_attach_dialog (void)
{
  Fixture f = { 0 };
  VsmAttachDialog *dialog;
  GtkWidget *w;
  AdwComboRow *bus_row, *vm_row;
  GtkWidget *attach_button, *readonly_switch, *live_switch, *config_switch, *error_label;
  g_autoptr(VsmDiskSpec) spec = NULL;
  g_autoptr(GPtrArray) used = used_of ("vda", "sdc", NULL);
  g_autofree char *items = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *xml = NULL;
  g_autofree char *cmd = NULL;
  const char *error;
  guint attached = 0;

  fixture_setup (&f);
  /* No pool was opened: the dialog lists every active pool's volumes
   * itself, loading them on demand (issue 13, item 3). */
  switch_section (&f, "vms");
  select_vm (&f, "vm1", 2);

  /* The domain view's Attach Storage… button runs domain.attach. */
  w = vsm_test_find_widget (GTK_WIDGET (f.dview), vsm_test_is_actionable_with, (gpointer) "domain.attach");
  g_assert_nonnull (w);
  g_assert_true (gtk_widget_is_sensitive (w));
  g_signal_emit_by_name (w, "clicked");
  dialog = wait_attach_dialog (&f);
  w = GTK_WIDGET (dialog);
  g_signal_connect_swapped (dialog, "attached", G_CALLBACK (g_atomic_int_inc), &attached);

  {
    AdwComboRow *volume_row = ADW_COMBO_ROW (vsm_test_find_row (w, "_Volume"));
    g_autofree char *listed = NULL;

    VSM_WAIT_FOR ((g_free (listed), listed = combo_items (volume_row),
                   strstr (listed, "old.qcow2 (backup)") != NULL && strstr (listed, "disk2.raw (images)") != NULL &&
                   strstr (listed, "lv0 (vg0)") != NULL &&
                   vsm_test_volumes_ready (vsm_host_find_pool_by_name (f.host, "images")) &&
                   vsm_test_volumes_ready (vsm_host_find_pool_by_name (f.host, "backup")) &&
                   vsm_test_volumes_ready (vsm_host_find_pool_by_name (f.host, "vg0"))),
                  TIMEOUT);
    vsm_test_wait_idle (100);
    g_test_message ("volumes offered: %s", listed);
  }

  bus_row = ADW_COMBO_ROW (vsm_test_find_row (w, "_Bus"));
  vm_row = ADW_COMBO_ROW (vsm_test_find_row (w, "_Virtual Machine"));
  /* libvirt's values are the items; the rows show words for them */
  assert_row_labels (ADW_COMBO_ROW (vsm_test_find_row (w, "_Device Type")),
                     "disk", "Disk", "cdrom", "CD/DVD drive", "floppy", "Floppy drive",
                     "lun", "SCSI LUN", NULL);
  assert_row_labels (bus_row, "virtio", "VirtIO", "scsi", "SCSI", "usb", "USB", NULL);
  assert_row_labels (ADW_COMBO_ROW (vsm_test_find_row (w, "_Cache Mode")),
                     "default", "Hypervisor default", "none", "none", "writeback", "writeback", NULL);
  /* and what the closed rows show for their selection */
  g_assert_nonnull (vsm_test_find_label (vsm_test_find_row (w, "_Cache Mode"), "Hypervisor default"));
  g_assert_nonnull (vsm_test_find_label (vsm_test_find_row (w, "Di_scard"), "Hypervisor default"));
  g_assert_nonnull (vsm_test_find_label (vsm_test_find_row (w, "_Device Type"), "Disk"));
  g_assert_null (vsm_test_find_label (vsm_test_find_row (w, "_Cache Mode"), "default"));
  assert_row_labels (ADW_COMBO_ROW (vsm_test_find_row (w, "_I/O Mode")),
                     "default", "Hypervisor default", "native", "native", NULL);
  attach_button = vsm_test_find_widget (w, vsm_test_is_button_with_label, (gpointer) "_Attach");
  readonly_switch = row_switch (w, "_Read-only");
  live_switch = row_switch (w, "_Now, in the Running Machine");
  config_switch = row_switch (w, "_Persistently, in Its Configuration");
  error_label = vsm_test_find_widget (w, vsm_test_is_error_label, NULL);
  g_assert_nonnull (attach_button);
  g_assert_nonnull (error_label);

  /* The machine is given: no chooser. Its name is the subtitle. */
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (vm_row)));
  g_assert_nonnull (vsm_test_find_label (w, "vm1"));

  /* The buses come from the service (its fallback list on the test
   * driver); virtio first for a disk. Attaching now to the running vm1,
   * only those that hotplug are offered (issue 13, item 3); with Now off,
   * all of them. */
  VSM_WAIT_FOR ((g_free (items), items = combo_items (bus_row), g_str_equal (items, "virtio,scsi,usb")),
                TIMEOUT);
  g_assert_true (gtk_switch_get_active (GTK_SWITCH (live_switch)));
  vsm_attach_dialog_set_field (dialog, "live", "false");
  g_clear_pointer (&items, g_free);
  items = combo_items (bus_row);
  g_assert_cmpstr (items, ==, "virtio,sata,scsi,usb,ide");
  vsm_attach_dialog_set_field (dialog, "live", "true");
  g_clear_pointer (&items, g_free);
  items = combo_items (bus_row);
  g_assert_cmpstr (items, ==, "virtio,scsi,usb");
  g_assert_cmpstr (combo_selected (bus_row), ==, "virtio");
  /* a floppy has no bus that hotplugs: its bus stays, Now turns off, and
   * comes back with a disk */
  vsm_attach_dialog_set_field (dialog, "device", "floppy");
  g_clear_pointer (&items, g_free);
  items = combo_items (bus_row);
  g_assert_cmpstr (items, ==, "fdc");
  g_assert_false (gtk_switch_get_active (GTK_SWITCH (live_switch)));
  g_assert_false (gtk_widget_is_sensitive (live_switch));
  vsm_attach_dialog_set_field (dialog, "device", "disk");
  g_assert_true (gtk_switch_get_active (GTK_SWITCH (live_switch)));
  g_clear_pointer (&items, g_free);
  items = combo_items (bus_row);
  g_assert_cmpstr (items, ==, "virtio,scsi,usb");
  /* the machine stops while the dialog is open (its model updated as an
   * event would): every bus comes back; it starts again: the live ones */
  {
    VsmDomain *vm1 = domain_named (&f, "vm1");

    set_domain_state (vm1, VSM_DOMAIN_STATE_SHUT_OFF);
    g_clear_pointer (&items, g_free);
    items = combo_items (bus_row);
    g_assert_cmpstr (items, ==, "virtio,sata,scsi,usb,ide");
    g_assert_false (gtk_widget_is_sensitive (live_switch));
    set_domain_state (vm1, VSM_DOMAIN_STATE_RUNNING);
    g_clear_pointer (&items, g_free);
    items = combo_items (bus_row);
    g_assert_cmpstr (items, ==, "virtio,scsi,usb");
    g_assert_true (gtk_switch_get_active (GTK_SWITCH (live_switch)));
  }

  /* Defaults: an existing volume, but none chosen for the user (the
   * first in libvirt's order would be a guess, maybe another machine's
   * disk): Attach is insensitive and the form says what is missing. The
   * volumes are sorted by name. */
  {
    AdwComboRow *volume_row = ADW_COMBO_ROW (vsm_test_find_row (w, "_Volume"));

    g_assert_nonnull (volume_row);
    g_assert_true (gtk_widget_get_visible (GTK_WIDGET (volume_row)));
    g_clear_pointer (&items, g_free);
    items = combo_items (volume_row);
    /* vm1's own vda (disk1.qcow2) and sdc (install.iso) are not offered */
    g_assert_cmpstr (items, ==, "disk2.raw (images),lv0 (vg0),old.qcow2 (backup)");
    g_assert_cmpuint (adw_combo_row_get_selected (volume_row), ==, GTK_INVALID_LIST_POSITION);
    g_assert_null (combo_selected (volume_row));
    g_assert_null (vsm_attach_dialog_dup_spec (dialog));
    g_assert_true (g_str_has_prefix (vsm_attach_dialog_get_error (dialog), "Choose a volume"));
    g_assert_false (gtk_widget_is_sensitive (attach_button));
    g_assert_true (gtk_widget_get_visible (error_label));
    vsm_test_shot (w, "attach-reason");
    g_assert_null (vsm_attach_dialog_dup_command (dialog));

    /* The user picks one: a virtio disk on the next free target, now
     * and persistently (vm1 runs). */
    vsm_test_select_combo_prefix (volume_row, "disk2.raw ");
    g_assert_cmpstr (combo_selected (volume_row), ==, "disk2.raw (images)");
  }
  spec = vsm_attach_dialog_dup_spec (dialog);
  g_assert_nonnull (spec);
  g_assert_null (vsm_attach_dialog_get_error (dialog));
  g_assert_cmpint (spec->source_kind, ==, VSM_DISK_SOURCE_VOLUME);
  g_assert_cmpstr (spec->pool, ==, "images");
  g_assert_cmpstr (spec->volume, ==, "disk2.raw");
  g_assert_cmpstr (spec->driver_type, ==, "raw");
  g_assert_cmpstr (spec->device, ==, "disk");
  g_assert_cmpstr (spec->bus, ==, "virtio");
  g_assert_cmpstr (spec->target, ==, "vdb");
  g_assert_false (spec->readonly);
  g_assert_cmpint (vsm_attach_dialog_get_flags (dialog), ==, VSM_ATTACH_LIVE | VSM_ATTACH_CONFIG);
  g_assert_true (gtk_widget_is_sensitive (live_switch));
  g_assert_true (gtk_switch_get_active (GTK_SWITCH (live_switch)));
  g_assert_true (gtk_switch_get_active (GTK_SWITCH (config_switch)));
  g_assert_true (gtk_widget_is_sensitive (readonly_switch));
  g_assert_true (gtk_widget_is_sensitive (attach_button));
  g_assert_false (gtk_widget_get_visible (error_label));
  g_clear_pointer (&spec, vsm_disk_spec_free);

  /* An ISO image: a read-only CD-ROM, never on virtio, scsi preferred
   * (it hotplugs). */
  vsm_attach_dialog_set_source (dialog, VSM_ATTACH_SOURCE_ISO);
  spec = vsm_attach_dialog_dup_spec (dialog);
  g_assert_nonnull (spec);
  g_assert_cmpint (spec->source_kind, ==, VSM_DISK_SOURCE_FILE);
  g_assert_cmpstr (spec->path, ==, "/var/lib/libvirt/images/install.iso");
  g_assert_cmpstr (spec->device, ==, "cdrom");
  g_assert_true (spec->readonly);
  g_assert_false (gtk_widget_is_sensitive (readonly_switch));
  g_clear_pointer (&items, g_free);
  items = combo_items (bus_row);
  g_assert_null (strstr (items, "virtio"));
  g_assert_cmpstr (spec->bus, ==, "scsi");
  expected = vsm_disk_target_suggest ("scsi", used);
  g_assert_cmpstr (expected, ==, "sda");
  g_assert_cmpstr (spec->target, ==, expected);
  g_assert_true (gtk_widget_is_sensitive (live_switch));
  g_assert_cmpint (vsm_attach_dialog_get_flags (dialog), ==, VSM_ATTACH_LIVE | VSM_ATTACH_CONFIG);
  g_assert_nonnull (vsm_test_find_row (w, "_ISO Volume"));
  g_assert_true (gtk_widget_get_visible (vsm_test_find_row (w, "_ISO Volume")));
  g_assert_cmpstr (combo_selected (ADW_COMBO_ROW (vsm_test_find_row (w, "_ISO Volume"))), ==, "install.iso (images)");
  g_clear_pointer (&spec, vsm_disk_spec_free);

  /* A host block device: back to a disk; the path must be absolute. */
  vsm_attach_dialog_set_source (dialog, VSM_ATTACH_SOURCE_BLOCK);
  g_assert_cmpstr (combo_selected (ADW_COMBO_ROW (vsm_test_find_row (w, "_Device Type"))), ==, "disk");
  g_assert_true (gtk_widget_is_sensitive (readonly_switch));
  g_assert_null (vsm_attach_dialog_dup_spec (dialog));     /* no path yet */
  g_assert_nonnull (vsm_attach_dialog_get_error (dialog));
  vsm_attach_dialog_set_field (dialog, "path", "relative/dev");
  g_assert_null (vsm_attach_dialog_dup_spec (dialog));
  error = vsm_attach_dialog_get_error (dialog);
  g_assert_nonnull (error);
  g_test_message ("relative path: %s", error);
  g_assert_nonnull (strstr (error, "relative/dev"));
  g_assert_true (gtk_widget_get_visible (error_label));
  VSM_WAIT_FOR (gtk_widget_get_mapped (error_label), TIMEOUT);
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (error_label)), ==, error);
  g_assert_false (gtk_widget_is_sensitive (attach_button));
  g_assert_null (vsm_attach_dialog_dup_xml (dialog));
  g_assert_null (vsm_attach_dialog_dup_command (dialog));

  vsm_attach_dialog_set_field (dialog, "path", "/dev/sdz");
  spec = vsm_attach_dialog_dup_spec (dialog);
  g_assert_nonnull (spec);
  g_assert_cmpint (spec->source_kind, ==, VSM_DISK_SOURCE_BLOCK);
  g_assert_cmpstr (spec->path, ==, "/dev/sdz");
  g_assert_cmpstr (spec->device, ==, "disk");
  g_assert_true (gtk_widget_is_sensitive (attach_button));
  g_assert_false (gtk_widget_get_visible (error_label));
  /* The reason sits right under the Attach button, outside the scrolled
   * form: never scrolled out of sight. */
  g_assert_null (gtk_widget_get_ancestor (error_label, GTK_TYPE_SCROLLED_WINDOW));
  g_assert_true (gtk_widget_get_parent (error_label) == gtk_widget_get_parent (gtk_widget_get_ancestor (attach_button,
                                                                                                      ADW_TYPE_HEADER_BAR)));
  g_clear_pointer (&spec, vsm_disk_spec_free);

  /* A disk image file on the host (issue 14, item 10): its format read
   * from its header (the test driver's connection is this computer) */
  {
    g_autofree char *dir = g_dir_make_tmp ("vsm-image-XXXXXX", NULL);
    g_autofree char *qcow = g_build_filename (dir, "guest.qcow2", NULL);
    g_autofree char *raw = g_build_filename (dir, "guest.img", NULL);
    guint8 header[512] = { 'Q', 'F', 'I', 0xfb, 0, 0, 0, 3 };
    AdwComboRow *format_row;

    /* a qcow2 header: version 3, 1 GiB (bytes 24..31, big-endian) */
    header[20] = 16;       /* cluster_bits */
    header[27] = 0x40;     /* size = 0x40000000 */
    g_assert_true (g_file_set_contents (qcow, (const char *) header, sizeof header, NULL));
    g_assert_true (g_file_set_contents (raw, "\0\0\0\0boot sector and more", 24, NULL));

    vsm_attach_dialog_set_source (dialog, VSM_ATTACH_SOURCE_IMAGE);
    format_row = ADW_COMBO_ROW (vsm_test_find_row (w, "Image _Format"));
    g_assert_true (gtk_widget_get_visible (GTK_WIDGET (format_row)));
    g_assert_cmpstr (combo_selected (ADW_COMBO_ROW (vsm_test_find_row (w, "_Device Type"))), ==, "disk");
    vsm_attach_dialog_set_field (dialog, "path", qcow);
    VSM_WAIT_FOR (g_strcmp0 (adw_action_row_get_subtitle (ADW_ACTION_ROW (format_row)),
                             "Detected: a qcow2 image (from its header)") == 0, TIMEOUT);
    g_assert_cmpstr (combo_selected (format_row), ==, "qcow2");
    spec = vsm_attach_dialog_dup_spec (dialog);
    g_assert_nonnull (spec);
    g_assert_cmpint (spec->source_kind, ==, VSM_DISK_SOURCE_FILE);
    g_assert_cmpstr (spec->path, ==, qcow);
    g_assert_cmpstr (spec->driver_type, ==, "qcow2");
    g_assert_false (spec->readonly);
    g_clear_pointer (&spec, vsm_disk_spec_free);
    {
      g_autofree char *disk_xml = vsm_attach_dialog_dup_xml (dialog);
      g_assert_nonnull (strstr (disk_xml, "<driver name='qemu' type='qcow2'/>"));
    }
    vsm_test_shot (w, "attach-image-file");

    vsm_attach_dialog_set_field (dialog, "path", raw);
    VSM_WAIT_FOR (g_strcmp0 (adw_action_row_get_subtitle (ADW_ACTION_ROW (format_row)),
                             "Detected: raw (no qcow2 header)") == 0, TIMEOUT);
    g_assert_cmpstr (combo_selected (format_row), ==, "raw");
    /* a file that is not there: said, and the format is the user's */
    {
      g_autofree char *missing = g_build_filename (dir, "nothing.qcow2", NULL);

      vsm_attach_dialog_set_field (dialog, "path", missing);
      VSM_WAIT_FOR (g_str_has_prefix (adw_action_row_get_subtitle (ADW_ACTION_ROW (format_row)),
                                      "Could not read the file to detect its format: "), TIMEOUT);
    }
    g_unlink (qcow);
    g_unlink (raw);
    g_rmdir (dir);
    vsm_attach_dialog_set_source (dialog, VSM_ATTACH_SOURCE_BLOCK);
    vsm_attach_dialog_set_field (dialog, "path", "/dev/sdz");
  }

  /* Back on virtio: vdb suggested again. */
  vsm_attach_dialog_set_field (dialog, "bus", "virtio");
  g_assert_cmpstr (combo_selected (bus_row), ==, "virtio");
  spec = vsm_attach_dialog_dup_spec (dialog);
  g_assert_nonnull (spec);
  g_assert_cmpstr (spec->target, ==, "vdb");
  g_clear_pointer (&spec, vsm_disk_spec_free);

  /* Targets: in use, wrong prefix, then a free one. */
  vsm_attach_dialog_set_field (dialog, "target", "vda");
  g_assert_null (vsm_attach_dialog_dup_spec (dialog));
  error = vsm_attach_dialog_get_error (dialog);
  g_test_message ("target vda: %s", error);
  g_assert_nonnull (strstr (error, "vda"));
  g_assert_false (gtk_widget_is_sensitive (attach_button));
  g_assert_true (gtk_widget_get_visible (error_label));

  vsm_attach_dialog_set_field (dialog, "target", "hdz");
  g_assert_null (vsm_attach_dialog_dup_spec (dialog));
  error = vsm_attach_dialog_get_error (dialog);
  g_test_message ("target hdz on virtio: %s", error);
  g_assert_nonnull (strstr (error, "vd"));
  g_assert_false (gtk_widget_is_sensitive (attach_button));

  vsm_attach_dialog_set_field (dialog, "target", "vdc");
  spec = vsm_attach_dialog_dup_spec (dialog);
  g_assert_nonnull (spec);
  g_assert_cmpstr (spec->target, ==, "vdc");
  g_assert_true (gtk_widget_is_sensitive (attach_button));
  g_clear_pointer (&spec, vsm_disk_spec_free);

  /* ide cannot hotplug into the running vm1: offered once Now is off; then
   * Live goes insensitive and the explanation names the bus; the attach is
   * persistent only. */
  vsm_attach_dialog_set_field (dialog, "live", "false");
  vsm_attach_dialog_set_field (dialog, "bus", "ide");
  g_assert_cmpstr (combo_selected (bus_row), ==, "ide");
  g_assert_false (gtk_widget_is_sensitive (live_switch));
  /* and it shows off, as the command says (it stayed on, greyed) */
  g_assert_false (gtk_switch_get_active (GTK_SWITCH (live_switch)));
  g_assert_nonnull (vsm_test_find_widget (vsm_test_find_row (w, "_Now, in the Running Machine"), vsm_test_is_type,
                                          GSIZE_TO_POINTER (GTK_TYPE_SWITCH)));
  {
    GtkWidget *when = vsm_test_find_widget (w, vsm_test_is_label_containing, (gpointer) "bus cannot take devices");
    g_assert_nonnull (when);
    g_assert_true (gtk_widget_get_visible (when));
    g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (when)), "ide"));
    g_test_message ("when (ide): %s", gtk_label_get_text (GTK_LABEL (when)));
  }
  g_assert_cmpint (vsm_attach_dialog_get_flags (dialog), ==, VSM_ATTACH_CONFIG);
  spec = vsm_attach_dialog_dup_spec (dialog);
  g_assert_nonnull (spec);
  g_assert_cmpstr (spec->target, ==, "hda");     /* a new bus suggests again */
  g_clear_pointer (&spec, vsm_disk_spec_free);

  /* Neither now nor persistently: nothing to do. */
  vsm_attach_dialog_set_field (dialog, "config", "false");
  g_assert_cmpint (vsm_attach_dialog_get_flags (dialog), ==, 0);
  g_assert_null (vsm_attach_dialog_dup_spec (dialog));
  g_assert_true (g_str_has_prefix (vsm_attach_dialog_get_error (dialog), "Choose when"));
  g_assert_false (gtk_widget_is_sensitive (attach_button));
  g_assert_true (gtk_widget_get_visible (error_label));
  /* The same with a bus that hotplugs: Now is the user's again, off as
   * they left it. */
  vsm_attach_dialog_set_field (dialog, "bus", "virtio");
  g_assert_true (gtk_widget_is_sensitive (live_switch));
  g_assert_false (gtk_switch_get_active (GTK_SWITCH (live_switch)));
  g_assert_nonnull (vsm_test_find_widget (w, vsm_test_is_label_with_text, (gpointer) "Choose now, persistently or both."));
  g_assert_cmpint (vsm_attach_dialog_get_flags (dialog), ==, 0);
  g_assert_null (vsm_attach_dialog_dup_spec (dialog));
  g_assert_true (g_str_has_prefix (vsm_attach_dialog_get_error (dialog), "Choose when"));
  g_assert_false (gtk_widget_is_sensitive (attach_button));

  /* Live only, then both. */
  vsm_attach_dialog_set_field (dialog, "live", "true");
  g_assert_cmpint (vsm_attach_dialog_get_flags (dialog), ==, VSM_ATTACH_LIVE);
  g_assert_nonnull (vsm_test_find_widget (w, vsm_test_is_label_with_text,
                                          (gpointer) "Attached now only: gone when the machine shuts down."));
  vsm_attach_dialog_set_field (dialog, "config", "true");
  g_assert_cmpint (vsm_attach_dialog_get_flags (dialog), ==, VSM_ATTACH_LIVE | VSM_ATTACH_CONFIG);
  g_assert_nonnull (vsm_test_find_widget (w, vsm_test_is_label_with_text,
                                          (gpointer) "Attached now and kept in the configuration."));

  /* Review: the XML and the virsh line, in the dialog too. */
  xml = vsm_attach_dialog_dup_xml (dialog);
  cmd = vsm_attach_dialog_dup_command (dialog);
  g_assert_nonnull (xml);
  g_assert_nonnull (cmd);
  g_test_message ("xml:\n%s", xml);
  g_test_message ("command: %s", cmd);
  g_assert_nonnull (strstr (xml, "<target dev="));
  g_assert_nonnull (strstr (xml, "vdb"));
  g_assert_nonnull (strstr (xml, "/dev/sdz"));
  g_assert_true (strstr (xml, "<disk type=\"block\"") != NULL || strstr (xml, "<disk type='block'") != NULL);
  g_assert_true (g_str_has_prefix (cmd, "virsh -c test://"));
  g_assert_true (strstr (cmd, " attach-disk ") != NULL || strstr (cmd, " attach-device ") != NULL);
  g_assert_nonnull (strstr (cmd, "vm1"));
  g_assert_nonnull (strstr (cmd, "--live"));
  g_assert_nonnull (strstr (cmd, "--config"));
  g_assert_nonnull (vsm_test_find_label (w, xml));
  g_assert_nonnull (vsm_test_find_label (w, cmd));
  g_assert_true (gtk_widget_get_visible (vsm_test_find_widget (w, vsm_test_is_label_with_text, xml)));

  /* Attach on a closed connection: the error is shown (label and toast),
   * the dialog stays open and can be retried. */
  vsm_connection_close (vsm_host_get_connection (f.host));
  g_assert_true (gtk_widget_is_sensitive (attach_button));
  g_signal_emit_by_name (attach_button, "clicked");
  VSM_WAIT_FOR (gtk_widget_get_visible (error_label) && gtk_widget_is_sensitive (attach_button), TIMEOUT);
  error = vsm_attach_dialog_get_error (dialog);
  g_assert_nonnull (error);
  g_test_message ("attach while disconnected: %s", error);
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (error_label)), ==, error);
  VSM_WAIT_FOR (gtk_widget_get_mapped (error_label), TIMEOUT);
  VSM_WAIT_FOR (has_toast (w, "Could not attach the storage"), TIMEOUT);
  g_assert_true (vsm_test_find_toplevel (VSM_TYPE_ATTACH_DIALOG, NULL) == GTK_WINDOW (dialog));
  g_assert_true (gtk_widget_get_mapped (w));
  g_assert_cmpuint (attached, ==, 0);
  dismiss_toast (w);

  /* Connected again: the test driver has no device calls, so the attach
   * is simulated in the machine's configuration; the dialog closes, a
   * toast says so and the disk shows. */
  vsm_connection_reconnect (vsm_host_get_connection (f.host));
  VSM_WAIT_FOR (vsm_connection_get_state (vsm_host_get_connection (f.host)) == VSM_CONNECTION_STATE_CONNECTED,
                TIMEOUT);
  VSM_WAIT_FOR (vm_row_named (&f, "vm1") != NULL, TIMEOUT);
  select_vm (&f, "vm1", 2);   /* the machine list was read again */
  vsm_attach_dialog_attach (dialog);
  VSM_WAIT_FOR (attached == 1, TIMEOUT);
  VSM_WAIT_FOR (vsm_test_find_toplevel (VSM_TYPE_ATTACH_DIALOG, NULL) == NULL, TIMEOUT);
  VSM_WAIT_FOR (has_toast (GTK_WIDGET (f.win),
                           "vdb added to the machine’s configuration (simulated: the demo changes only the "
                           "configuration)"), TIMEOUT);
  VSM_WAIT_FOR (vsm_domain_view_get_n_disks (f.dview) == 3, TIMEOUT);
  g_assert_nonnull (disk_row (&f, "vdb"));
  fixture_teardown (&f);
}

static void
test_attach_from_volume (void)
{
  Fixture f = { 0 };
  VsmAttachDialog *dialog;
  AdwComboRow *vm_row;
  GtkWidget *w, *live_switch;
  g_autoptr(VsmDiskSpec) spec = NULL;
  g_autofree char *items = NULL;

  fixture_setup (&f);
  vsm_test_select_pool (f.win, f.host, "images");

  /* Nothing selected: disabled. */
  g_assert_cmpuint (gtk_single_selection_get_selected (vsm_pool_view_get_selection (f.view)), ==,
                    GTK_INVALID_LIST_POSITION);
  gtk_widget_activate_action (GTK_WIDGET (f.view), "volume.attach", NULL);
  vsm_test_wait_idle (50);
  g_assert_null (vsm_test_find_toplevel (VSM_TYPE_ATTACH_DIALOG, NULL));

  g_assert_true (vsm_test_select_volume (f.view, "disk2.raw"));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f.view), "volume.attach", NULL));
  dialog = wait_attach_dialog (&f);
  w = GTK_WIDGET (dialog);

  /* No machine given: the chooser lists both, with their states. */
  vm_row = ADW_COMBO_ROW (vsm_test_find_row (w, "_Virtual Machine"));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (vm_row)));
  items = combo_items (vm_row);
  g_test_message ("machines: %s", items);
  g_assert_nonnull (strstr (items, "vm1 (Running)"));
  g_assert_nonnull (strstr (items, "vm2 (Shut off)"));

  /* The volume is preselected. */
  spec = vsm_attach_dialog_dup_spec (dialog);
  g_assert_nonnull (spec);
  g_assert_cmpint (spec->source_kind, ==, VSM_DISK_SOURCE_VOLUME);
  g_assert_cmpstr (spec->volume, ==, "disk2.raw");
  g_assert_cmpstr (spec->pool, ==, "images");
  g_assert_cmpstr (spec->driver_type, ==, "raw");
  g_assert_cmpstr (combo_selected (ADW_COMBO_ROW (vsm_test_find_row (w, "_Volume"))), ==, "disk2.raw (images)");
  g_clear_pointer (&spec, vsm_disk_spec_free);

  /* Choosing the shut-off vm2: persistent only, Live insensitive. vm2's
   * own vda is disk2.raw: it is not offered to vm2 again, so a volume
   * must be chosen; then a target free on vm2. */
  live_switch = row_switch (w, "_Now, in the Running Machine");
  vsm_test_select_combo_prefix (vm_row, "vm2 ");
  g_assert_true (g_str_has_prefix (combo_selected (vm_row), "vm2 "));
  g_assert_false (gtk_widget_is_sensitive (live_switch));
  g_assert_cmpint (vsm_attach_dialog_get_flags (dialog), ==, VSM_ATTACH_CONFIG);
  g_assert_nonnull (vsm_test_find_widget (w, vsm_test_is_label_containing, (gpointer) "shut off"));
  g_clear_pointer (&items, g_free);
  items = combo_items (ADW_COMBO_ROW (vsm_test_find_row (w, "_Volume")));
  g_test_message ("volumes offered to vm2: %s", items);
  g_assert_null (strstr (items, "disk2.raw"));
  g_assert_nonnull (strstr (items, "disk1.qcow2 (images)"));
  g_assert_null (vsm_attach_dialog_dup_spec (dialog));
  g_assert_true (g_str_has_prefix (vsm_attach_dialog_get_error (dialog), "Choose a volume"));
  vsm_test_select_combo_prefix (ADW_COMBO_ROW (vsm_test_find_row (w, "_Volume")), "disk1.qcow2 ");
  spec = vsm_attach_dialog_dup_spec (dialog);
  g_assert_nonnull (spec);
  g_assert_cmpstr (spec->target, ==, "vdb");
  g_assert_cmpstr (spec->volume, ==, "disk1.qcow2");
  g_clear_pointer (&spec, vsm_disk_spec_free);
  {
    g_autofree char *cmd = vsm_attach_dialog_dup_command (dialog);
    g_assert_nonnull (strstr (cmd, "vm2"));
    g_assert_nonnull (strstr (cmd, "--config"));
    g_assert_null (strstr (cmd, "--live"));
  }

  /* And vm1 again: Live is back on. */
  vsm_test_select_combo_prefix (vm_row, "vm1 ");
  g_assert_true (g_str_has_prefix (combo_selected (vm_row), "vm1 "));
  g_assert_true (gtk_widget_is_sensitive (live_switch));
  g_assert_cmpint (vsm_attach_dialog_get_flags (dialog), ==, VSM_ATTACH_LIVE | VSM_ATTACH_CONFIG);

  gtk_window_close (GTK_WINDOW (dialog));
  VSM_WAIT_FOR (vsm_test_find_toplevel (VSM_TYPE_ATTACH_DIALOG, NULL) == NULL, TIMEOUT);

  /* From an ISO image: it becomes a CD-ROM with that image chosen. */
  g_assert_true (vsm_test_select_volume (f.view, "install.iso"));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f.view), "volume.attach", NULL));
  dialog = wait_attach_dialog (&f);
  w = GTK_WIDGET (dialog);
  vm_row = ADW_COMBO_ROW (vsm_test_find_row (w, "_Virtual Machine"));
  vsm_test_select_combo_prefix (vm_row, "vm1 ");
  g_assert_true (gtk_widget_get_visible (vsm_test_find_row (w, "_ISO Volume")));
  g_assert_false (gtk_widget_get_visible (vsm_test_find_row (w, "_Volume")));
  g_assert_cmpstr (combo_selected (ADW_COMBO_ROW (vsm_test_find_row (w, "_ISO Volume"))), ==, "install.iso (images)");
  spec = vsm_attach_dialog_dup_spec (dialog);
  g_assert_nonnull (spec);
  g_assert_cmpint (spec->source_kind, ==, VSM_DISK_SOURCE_FILE);
  g_assert_cmpstr (spec->path, ==, "/var/lib/libvirt/images/install.iso");
  g_assert_cmpstr (spec->device, ==, "cdrom");
  g_assert_cmpstr (spec->bus, ==, "scsi");
  g_assert_true (spec->readonly);
  g_clear_pointer (&spec, vsm_disk_spec_free);
  gtk_window_close (GTK_WINDOW (dialog));
  VSM_WAIT_FOR (vsm_test_find_toplevel (VSM_TYPE_ATTACH_DIALOG, NULL) == NULL, TIMEOUT);

  fixture_teardown (&f);
}

static void
test_domain_view_actions (void)
{
  Fixture f = { 0 };
  AdwMessageDialog *dialog;
  GtkWidget *extra, *cmd_label, *combo;
  const char *cmd;
  g_autofree char *items = NULL;
  g_autofree char *titles = NULL;

  fixture_setup (&f);
  vsm_test_select_pool (f.win, f.host, "images");      /* ISO volumes are listed from loaded pools */
  switch_section (&f, "vms");
  select_vm (&f, "vm1", 2);

  /* Detach vda: a confirmation naming the drive, the machine and the
   * virsh line. Cancel leaves the drive alone. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f.dview), "disk.detach", "s", "vda"));
  dialog = vsm_test_wait_message_dialog (GTK_WINDOW (f.win));
  g_test_message ("detach: %s / %s", adw_message_dialog_get_heading (dialog), adw_message_dialog_get_body (dialog));
  g_assert_nonnull (strstr (adw_message_dialog_get_heading (dialog), "vda"));
  g_assert_nonnull (strstr (adw_message_dialog_get_heading (dialog), "vm1"));
  extra = adw_message_dialog_get_extra_child (dialog);
  g_assert_nonnull (extra);
  cmd_label = vsm_test_find_widget (extra, vsm_test_is_label_containing, (gpointer) "virsh");
  g_assert_nonnull (cmd_label);
  cmd = gtk_label_get_text (GTK_LABEL (cmd_label));
  g_test_message ("detach command: %s", cmd);
  g_assert_true (g_str_has_prefix (cmd, "virsh -c test:///"));
  g_assert_nonnull (strstr (cmd, " detach-disk vm1 vda"));
  g_assert_nonnull (strstr (cmd, "--live"));
  g_assert_cmpstr (adw_message_dialog_get_default_response (dialog), ==, "cancel");
  g_assert_cmpstr (adw_message_dialog_get_close_response (dialog), ==, "cancel");
  vsm_test_respond (dialog, "cancel");
  vsm_test_wait_idle (200);
  g_assert_cmpuint (vsm_domain_view_get_n_disks (f.dview), ==, 2);
  g_assert_nonnull (disk_row (&f, "vda"));
  g_assert_null (vsm_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG, NULL));

  /* Eject sdc: the test driver has no media calls; simulated in the
   * machine's configuration, and said so. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f.dview), "disk.eject", "s", "sdc"));
  VSM_WAIT_FOR (has_toast (GTK_WIDGET (f.win), "Medium ejected from sdc in the machine’s configuration "
                                               "(simulated: the demo changes only the configuration)"), TIMEOUT);
  vsm_test_wait_idle (100);
  VSM_WAIT_FOR (vsm_domain_view_get_n_disks (f.dview) == 2, TIMEOUT);
  g_assert_nonnull (disk_row (&f, "sdc"));
  g_assert_null (vsm_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG, NULL));
  dismiss_toast (GTK_WIDGET (f.win));

  /* Insert into sdc: a dialog listing the connection's ISO volumes. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f.dview), "disk.insert", "s", "sdc"));
  dialog = vsm_test_wait_message_dialog (GTK_WINDOW (f.win));
  g_assert_nonnull (strstr (adw_message_dialog_get_heading (dialog), "sdc"));
  combo = vsm_test_find_widget (GTK_WIDGET (dialog), vsm_test_is_type, GSIZE_TO_POINTER (ADW_TYPE_COMBO_ROW));
  g_assert_nonnull (combo);
  items = combo_items (ADW_COMBO_ROW (combo));
  g_test_message ("insert choices: %s", items);
  g_assert_nonnull (strstr (items, "install.iso"));
  g_assert_null (strstr (items, "disk1.qcow2"));
  g_assert_true (adw_message_dialog_get_response_enabled (dialog, "insert"));
  /* the virsh line names the chosen image: a volume of a pool goes in
   * through the drive's <disk> (change-media would make it a file path) */
  {
    GtkWidget *line = vsm_test_find_widget (GTK_WIDGET (dialog), vsm_test_is_label_containing, " update-device ");
    const char *text;

    g_assert_nonnull (line);
    text = gtk_label_get_text (GTK_LABEL (line));
    g_test_message ("insert line: %s", text);
    g_assert_nonnull (strstr (text, "<source pool='images' volume='install.iso'/>"));
    g_assert_nonnull (strstr (text, " update-device vm1 sdc.xml --"));
    vsm_test_shot (GTK_WIDGET (dialog), "insert a volume");   /* with VSM_TEST_SHOT_DIR */
  }
  /* A relative path disables Insert; an absolute one is a file, inserted
   * with change-media. */
  {
    GtkWidget *entry = vsm_test_find_widget (GTK_WIDGET (dialog), vsm_test_is_type,
                                             GSIZE_TO_POINTER (ADW_TYPE_ENTRY_ROW));
    GtkWidget *line;

    g_assert_nonnull (entry);
    gtk_editable_set_text (GTK_EDITABLE (entry), "relative.iso");
    g_assert_false (adw_message_dialog_get_response_enabled (dialog, "insert"));
    gtk_editable_set_text (GTK_EDITABLE (entry), "/srv/other.iso");
    g_assert_true (adw_message_dialog_get_response_enabled (dialog, "insert"));
    line = vsm_test_find_widget (GTK_WIDGET (dialog), vsm_test_is_label_containing, " change-media ");
    g_assert_nonnull (line);
    g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (line)), " sdc /srv/other.iso --insert --"));
    gtk_editable_set_text (GTK_EDITABLE (entry), "");
    g_assert_true (adw_message_dialog_get_response_enabled (dialog, "insert"));
  }
  /* Insert the volume: the drive refers to the pool's volume */
  vsm_test_respond (dialog, "insert");
  VSM_WAIT_FOR (has_toast (GTK_WIDGET (f.win), "Medium inserted into sdc in the machine’s configuration "
                                               "(simulated: the demo changes only the configuration)"), TIMEOUT);
  {
    VsmConnection *connection = vsm_host_get_connection (f.host);
    GAsyncResult *slot = NULL;
    g_autoptr(GAsyncResult) result = NULL;
    g_autoptr(GError) error = NULL;
    g_autofree char *live = NULL;
    g_autofree char *config = NULL;
    g_autoptr(GPtrArray) disks = NULL;
    const VsmDiskSnapshot *d = NULL;

    vsm_domain_get_xml_async (connection, vsm_domain_get_uuid (vsm_domain_view_get_domain (f.dview)), NULL,
                              vsm_test_store_result, &slot);
    result = vsm_test_wait_result (&slot, TIMEOUT);
    g_assert_true (vsm_domain_get_xml_finish (connection, result, &live, &config, &error));
    g_assert_no_error (error);
    disks = vsm_domain_disks_from_xml (config, strlen (config));
    for (guint i = 0; i < disks->len; i++)
      if (g_strcmp0 (((VsmDiskSnapshot *) g_ptr_array_index (disks, i))->target_dev, "sdc") == 0)
        d = g_ptr_array_index (disks, i);
    g_assert_nonnull (d);
    g_assert_cmpstr (d->type, ==, "volume");
    g_assert_cmpstr (d->pool, ==, "images");
    g_assert_cmpstr (d->volume, ==, "install.iso");
  }
  dismiss_toast (GTK_WIDGET (f.win));
  g_assert_cmpuint (vsm_domain_view_get_n_disks (f.dview), ==, 2);

  /* Detach: simulated in the configuration too; the running machine
   * still has the drive, so it stays listed. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f.dview), "disk.detach", "s", "vda"));
  dialog = vsm_test_wait_message_dialog (GTK_WINDOW (f.win));
  vsm_test_respond (dialog, "detach");
  VSM_WAIT_FOR (has_toast (GTK_WIDGET (f.win), "vda removed from the machine’s configuration (simulated: the "
                                               "demo changes only the configuration)"), TIMEOUT);
  VSM_WAIT_FOR (vsm_domain_view_get_n_disks (f.dview) == 2, TIMEOUT);
  titles = disk_titles (&f);
  g_assert_nonnull (strstr (titles, "vda"));
  g_assert_nonnull (strstr (titles, "sdc"));

  fixture_teardown (&f);
}

int
main (int   argc,
      char *argv[])
{
  vsm_test_gtk_init (&argc, &argv);

  g_test_add_func ("/vmgui/window/vm-section", test_vm_section);
  g_test_add_func ("/vmgui/attach-dialog/end-to-end", test_attach_dialog);
  g_test_add_func ("/vmgui/attach-dialog/from-volume", test_attach_from_volume);
  g_test_add_func ("/vmgui/domain-view/actions", test_domain_view_actions);
  g_test_add_func ("/vmgui/domain-view/power", test_power);

  return g_test_run ();
}
