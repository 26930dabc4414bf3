/* test-demo.c
 *
 * The demo connection (data/demo/demo-node.xml on libvirt's test driver)
 * walked through the real window, action by action: every action it
 * offers works — attach, detach and media changes simulated in the
 * machines' configuration — and what the test driver cannot do is shown
 * unavailable before it is clicked. No step may end in an error the
 * window reports (every report goes through vsm_report_error, counted
 * here from its debug line).
 *
 * Copyright 2026 Virt Storage developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <string.h>

#include "vsm-attach-dialog.h"
#include "vsm-domain-view.h"
#include "vsm-job.h"
#include "vsm-pool-type.h"
#include "vsm-pool-view.h"
#include "vsm-pool-wizard-private.h"
#include "vsm-test-gtk-utils.h"
#include "vsm-volume-dialog.h"
#include "vsm-window.h"
#include "vsm-xml-dialog.h"
#include "wizard-test-common.h"

#define TIMEOUT VSM_TEST_TIMEOUT

/* What the window reported as errors ("summary: message"). */
static GPtrArray *reports;

static GLogWriterOutput
record_reports (GLogLevelFlags   level,
                const GLogField *fields,
                gsize            n_fields,
                gpointer         user_data)
{
  const char *domain = NULL, *message = NULL;

  for (gsize i = 0; i < n_fields; i++)
    {
      if (g_str_equal (fields[i].key, "GLIB_DOMAIN"))
        domain = fields[i].value;
      else if (g_str_equal (fields[i].key, "MESSAGE"))
        message = fields[i].value;
    }
  if (level == G_LOG_LEVEL_DEBUG && g_strcmp0 (domain, "vsm-dialogs") == 0 && message != NULL)
    g_ptr_array_add (reports, g_strdup (message));
  return g_log_writer_default (level, fields, n_fields, user_data);
}

/* No error reported since the last call; @step names what just ran. */
static void
assert_no_reports (const char *step)
{
  vsm_test_wait_idle (100);
  for (guint i = 0; i < reports->len; i++)
    g_test_message ("%s: reported: %s", step, (const char *) g_ptr_array_index (reports, i));
  g_assert_cmpuint (reports->len, ==, 0);
  g_test_message ("%s: done, nothing reported", step);
}

typedef struct
{
  GListStore    *hosts;
  GSettings     *settings;
  VsmWindow     *win;
  VsmHost       *host;
  VsmPoolView   *view;
  VsmDomainView *dview;
} Demo;

static void
demo_open (Demo *d)
{
  g_autofree char *uri = g_strconcat ("test://", g_getenv ("VSM_DEMO_XML"), NULL);

  d->win = vsm_test_window_open (&d->hosts, &d->settings);
  d->view = vsm_window_get_pool_view (d->win);
  d->dview = vsm_window_get_domain_view (d->win);
  d->host = vsm_window_add_connection (d->win, uri, FALSE);
  VSM_WAIT_FOR (g_strcmp0 (vsm_window_get_pools_page (d->win), "pools") == 0, TIMEOUT);
  VSM_WAIT_FOR (vsm_keyed_list_get_n_items (vsm_host_get_domains (d->host)) == 4, TIMEOUT);
}

static gboolean
is_volume_menu_button (GtkWidget *w,
                       gpointer   unused)
{
  return GTK_IS_MENU_BUTTON (w) &&
         g_strcmp0 (gtk_widget_get_tooltip_text (w), "More volume actions") == 0;
}

/* The form is complete (the spec is valid). */
static gboolean
attach_ready (VsmAttachDialog *dialog)
{
  g_autoptr(VsmDiskSpec) spec = vsm_attach_dialog_dup_spec (dialog);

  return spec != NULL;
}

static guint
n_toplevels (void)
{
  g_autoptr(GList) list = gtk_window_list_toplevels ();

  return g_list_length (list);
}

/* @action is disabled: activating it opens nothing. */
static void
assert_unavailable (Demo       *d,
                    const char *action)
{
  guint before = n_toplevels ();

  gtk_widget_activate_action (GTK_WIDGET (d->view), action, NULL);
  vsm_test_wait_idle (50);
  g_assert_cmpuint (n_toplevels (), ==, before);
}

static VsmJob *
newest_job (Demo *d)
{
  GListModel *jobs = G_LIST_MODEL (vsm_window_get_jobs (d->win));

  g_assert_cmpuint (g_list_model_get_n_items (jobs), >, 0);
  return VSM_JOB (g_list_model_get_object (jobs, 0));
}

/* Every pool: shown, refreshed; on a selected volume, what the test
 * driver cannot do is unavailable, in the menu that says so. */
static void
walk_pools (Demo *d)
{
  VsmKeyedList *pools = vsm_host_get_pools (d->host);

  for (guint i = 0; i < vsm_keyed_list_get_n_items (pools); i++)
    {
      VsmPool *pool = vsm_keyed_list_get (pools, i);
      VsmKeyedList *vols;

      vsm_test_select_pool (d->win, d->host, vsm_pool_get_name (pool));
      g_assert_true (gtk_widget_activate_action (GTK_WIDGET (d->view), "pool.refresh", NULL));
      VSM_WAIT_FOR (vsm_test_volumes_ready (pool), TIMEOUT);
      vols = vsm_pool_get_volumes (pool);
      if (vsm_keyed_list_get_n_items (vols) > 0)
        {
          g_assert_true (vsm_test_select_volume (d->view, vsm_volume_get_name (vsm_keyed_list_get (vols, 0))));
          assert_unavailable (d, "volume.resize");
          assert_unavailable (d, "volume.wipe");
          assert_unavailable (d, "volume.upload");
          assert_unavailable (d, "volume.download");
        }
      assert_unavailable (d, "pool.new-volume-from-file");
      assert_no_reports (vsm_pool_get_name (pool));
    }

  /* the reason stands next to them, in the volume menu */
  {
    GtkWidget *button = vsm_test_find_widget (GTK_WIDGET (d->view), is_volume_menu_button, NULL);
    GMenuModel *model = gtk_menu_button_get_menu_model (GTK_MENU_BUTTON (button));
    gboolean found = FALSE;

    for (int i = 0; i < g_menu_model_get_n_items (model); i++)
      {
        g_autofree char *label = NULL;

        if (g_menu_model_get_item_attribute (model, i, G_MENU_ATTRIBUTE_LABEL, "s", &label) &&
            g_str_equal (label, "Not on the demo connection"))
          {
            g_autoptr(GMenuModel) section = g_menu_model_get_item_link (model, i, G_MENU_LINK_SECTION);

            g_assert_cmpint (g_menu_model_get_n_items (section), ==, 4);
            found = TRUE;
          }
      }
    g_assert_true (found);
    gtk_menu_button_popup (GTK_MENU_BUTTON (button));
    VSM_WAIT_FOR (gtk_widget_get_mapped (GTK_WIDGET (gtk_menu_button_get_popover (GTK_MENU_BUTTON (button)))),
                  TIMEOUT);
    vsm_test_shot (GTK_WIDGET (gtk_menu_button_get_popover (GTK_MENU_BUTTON (button))), "demo-volume-menu");
    gtk_menu_button_popdown (GTK_MENU_BUTTON (button));
  }

  /* New Volume from File too, under the same reason, in New Volume's menu */
  {
    GtkWidget *split = vsm_test_find_widget (GTK_WIDGET (d->view), vsm_test_is_type,
                                             GSIZE_TO_POINTER (ADW_TYPE_SPLIT_BUTTON));
    GMenuModel *model = adw_split_button_get_menu_model (ADW_SPLIT_BUTTON (split));
    g_autofree char *section_label = NULL;
    g_autofree char *item_label = NULL;
    g_autofree char *item_action = NULL;
    g_autoptr(GMenuModel) section = NULL;
    GtkWidget *popover;
    GtkLabel *item;

    g_assert_cmpstr (adw_split_button_get_label (ADW_SPLIT_BUTTON (split)), ==, "_New Volume…");
    /* New Volume from XML works on the demo; from a file does not */
    g_assert_cmpint (g_menu_model_get_n_items (model), ==, 2);
    {
      g_autoptr(GMenuModel) first = g_menu_model_get_item_link (model, 0, G_MENU_LINK_SECTION);
      g_autofree char *xml_action = NULL;

      g_assert_true (g_menu_model_get_item_attribute (first, 0, G_MENU_ATTRIBUTE_ACTION, "s", &xml_action));
      g_assert_cmpstr (xml_action, ==, "pool.new-volume-xml");
    }
    g_assert_true (g_menu_model_get_item_attribute (model, 1, G_MENU_ATTRIBUTE_LABEL, "s", &section_label));
    g_assert_cmpstr (section_label, ==, "Not on the demo connection");
    section = g_menu_model_get_item_link (model, 1, G_MENU_LINK_SECTION);
    g_assert_cmpint (g_menu_model_get_n_items (section), ==, 1);
    g_assert_true (g_menu_model_get_item_attribute (section, 0, G_MENU_ATTRIBUTE_LABEL, "s", &item_label));
    g_assert_true (g_menu_model_get_item_attribute (section, 0, G_MENU_ATTRIBUTE_ACTION, "s", &item_action));
    g_assert_cmpstr (item_label, ==, "New Volume from _File…");
    g_assert_cmpstr (item_action, ==, "pool.new-volume-from-file");
    adw_split_button_popup (ADW_SPLIT_BUTTON (split));
    VSM_WAIT_FOR ((popover = vsm_test_find_widget (split, vsm_test_is_type,
                                                   GSIZE_TO_POINTER (GTK_TYPE_POPOVER_MENU))) != NULL &&
                  gtk_widget_get_mapped (popover), TIMEOUT);
    /* shown, under its reason, and greyed out */
    g_assert_true (vsm_test_has_label (popover, "Not on the demo connection"));
    item = vsm_test_find_label (popover, "New Volume from File…");
    g_assert_nonnull (item);
    g_assert_false (gtk_widget_is_sensitive (GTK_WIDGET (item)));
    vsm_test_shot (popover, "demo-new-volume-menu");
    adw_split_button_popdown (ADW_SPLIT_BUTTON (split));
  }
}

/* Clone a volume, create one, delete both: each as a job or dialog that
 * ends well. */
static void
walk_volumes (Demo *d)
{
  VsmPool *pool = vsm_test_select_pool (d->win, d->host, "default");
  AdwMessageDialog *dialog;
  GtkWidget *w;
  g_autoptr(VsmJob) job = NULL;
  guint n;

  VSM_WAIT_FOR (vsm_test_volumes_ready (pool), TIMEOUT);
  n = vsm_keyed_list_get_n_items (vsm_pool_get_volumes (pool));

  g_assert_true (vsm_test_select_volume (d->view, "database.raw"));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (d->view), "volume.clone", NULL));
  dialog = vsm_test_wait_message_dialog (GTK_WINDOW (d->win));
  vsm_test_respond (dialog, "clone");
  job = newest_job (d);
  VSM_WAIT_FOR (vsm_job_get_state (job) != VSM_JOB_RUNNING, TIMEOUT);
  g_assert_cmpint (vsm_job_get_state (job), ==, VSM_JOB_DONE);
  VSM_WAIT_FOR (vsm_test_volumes_ready (pool) &&
                vsm_keyed_list_get_n_items (vsm_pool_get_volumes (pool)) == n + 1, TIMEOUT);
  assert_no_reports ("clone");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (d->view), "pool.new-volume", NULL));
  VSM_WAIT_FOR (vsm_test_find_toplevel (VSM_TYPE_VOLUME_DIALOG, NULL) != NULL, TIMEOUT);
  w = GTK_WIDGET (vsm_test_find_toplevel (VSM_TYPE_VOLUME_DIALOG, NULL));
  vsm_volume_dialog_set_values (VSM_VOLUME_DIALOG (w), "demo-new.qcow2", "2", "qcow2", VSM_PREALLOC_OFF);
  vsm_volume_dialog_create (VSM_VOLUME_DIALOG (w));
  VSM_WAIT_FOR (vsm_test_find_toplevel (VSM_TYPE_VOLUME_DIALOG, NULL) == NULL, TIMEOUT);
  VSM_WAIT_FOR (vsm_test_find_volume (pool, "demo-new.qcow2") != NULL, TIMEOUT);
  assert_no_reports ("new volume");

  g_assert_true (vsm_test_select_volume (d->view, "demo-new.qcow2"));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (d->view), "volume.delete", NULL));
  dialog = vsm_test_wait_message_dialog (GTK_WINDOW (d->win));
  vsm_test_respond (dialog, "delete");
  VSM_WAIT_FOR (vsm_test_find_volume (pool, "demo-new.qcow2") == NULL && vsm_test_volumes_ready (pool), TIMEOUT);
  assert_no_reports ("delete");
}

/* Attach a volume to a machine from the volume, then eject, insert and
 * detach in the machine's view: all simulated, none refused. */
static void
walk_machines (Demo *d)
{
  VsmAttachDialog *attach;
  AdwMessageDialog *dialog;
  guint attached = 0;

  vsm_test_select_pool (d->win, d->host, "default");
  g_assert_true (vsm_test_select_volume (d->view, "database.raw"));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (d->view), "volume.attach", NULL));
  VSM_WAIT_FOR (vsm_test_find_toplevel (VSM_TYPE_ATTACH_DIALOG, NULL) != NULL, TIMEOUT);
  attach = VSM_ATTACH_DIALOG (vsm_test_find_toplevel (VSM_TYPE_ATTACH_DIALOG, NULL));
  VSM_WAIT_FOR (gtk_widget_get_mapped (GTK_WIDGET (attach)), TIMEOUT);
  g_signal_connect_swapped (attach, "attached", G_CALLBACK (g_atomic_int_inc), &attached);
  VSM_WAIT_FOR (attach_ready (attach), TIMEOUT);
  vsm_attach_dialog_attach (attach);
  VSM_WAIT_FOR (attached == 1, TIMEOUT);
  assert_no_reports ("attach");

  vsm_window_show_domain (d->win, "fedora-workstation");
  VSM_WAIT_FOR (vsm_domain_view_get_domain (d->dview) != NULL &&
                g_str_equal (vsm_domain_get_name (vsm_domain_view_get_domain (d->dview)), "fedora-workstation") &&
                vsm_domain_view_get_n_disks (d->dview) >= 2, TIMEOUT);

  /* Attach Storage from the machine, a new volume: it goes to a pool of
   * image files by default, not to the first pool listed (ceph-rbd) */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (d->dview), "domain.attach", NULL));
  VSM_WAIT_FOR (vsm_test_find_toplevel (VSM_TYPE_ATTACH_DIALOG, NULL) != NULL, TIMEOUT);
  attach = VSM_ATTACH_DIALOG (vsm_test_find_toplevel (VSM_TYPE_ATTACH_DIALOG, NULL));
  vsm_attach_dialog_set_source (attach, VSM_ATTACH_SOURCE_NEW);
  {
    g_autoptr(VsmDiskSpec) spec = vsm_attach_dialog_dup_spec (attach);
    const VsmPoolTypeInfo *info;

    g_assert_nonnull (spec);
    info = vsm_pool_type_lookup (vsm_pool_get_pool_type (vsm_host_find_pool_by_name (d->host, spec->pool)));
    g_test_message ("a new volume goes to %s (%s)", spec->pool, info->id);
    g_assert_true (g_strv_contains ((const char * const *) info->volume_formats, "qcow2"));
  }
  gtk_window_destroy (GTK_WINDOW (attach));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (d->dview), "disk.eject", "s", "sda"));
  vsm_test_wait_idle (300);
  assert_no_reports ("eject");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (d->dview), "disk.insert", "s", "sda"));
  dialog = vsm_test_wait_message_dialog (GTK_WINDOW (d->win));
  g_assert_true (adw_message_dialog_get_response_enabled (dialog, "insert"));
  vsm_test_respond (dialog, "insert");
  vsm_test_wait_idle (300);
  assert_no_reports ("insert");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (d->dview), "disk.detach", "s", "vda"));
  dialog = vsm_test_wait_message_dialog (GTK_WINDOW (d->win));
  vsm_test_respond (dialog, "detach");
  vsm_test_wait_idle (300);
  assert_no_reports ("detach");
}

/* New pools: a directory, a logical pool built (the demo erases
 * nothing), and iSCSI, whose secrets the demo cannot keep. */
static void
walk_wizard (Demo *d)
{
  struct { const char *type, *name; const char * const *fields; const char *build; } pools[] = {
    { "dir", "demo-dir", (const char * const []) { "target-path", "/var/lib/demo-dir", NULL }, "Build" },
    { "logical", "demo-vg", (const char * const []) { "devices", "/dev/sdx", NULL }, "Build only if" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (pools); i++)
    {
      VsmPoolWizard *wizard;
      g_autofree char *seq = NULL;

      g_assert_true (gtk_widget_activate_action (GTK_WIDGET (d->win), "win.new-pool", NULL));
      VSM_WAIT_FOR (vsm_test_find_toplevel (VSM_TYPE_POOL_WIZARD, NULL) != NULL, TIMEOUT);
      wizard = VSM_POOL_WIZARD (vsm_test_find_toplevel (VSM_TYPE_POOL_WIZARD, NULL));
      vsm_pool_wizard_set_type (wizard, pools[i].type);
      vsm_pool_wizard_set_field (wizard, "name", pools[i].name);
      wiz_choose_build (wizard, pools[i].build);
      seq = wiz_walk_to_review (wizard, pools[i].type, pools[i].fields, NULL, NULL);
      g_test_message ("%s: %s", pools[i].type, seq);
      g_assert_true (gtk_widget_activate_action (GTK_WIDGET (wizard), "wizard.create", NULL));
      VSM_WAIT_FOR (vsm_host_find_pool_by_name (d->host, pools[i].name) != NULL &&
                    vsm_pool_get_active (vsm_host_find_pool_by_name (d->host, pools[i].name)), TIMEOUT);
      /* done: the wizard closes itself */
      VSM_WAIT_FOR (vsm_test_find_toplevel (VSM_TYPE_POOL_WIZARD, NULL) == NULL, TIMEOUT);
      assert_no_reports (pools[i].type);
    }

  /* iSCSI: the authentication switch is off and unavailable, and says why */
  {
    VsmPoolWizard *wizard;
    GtkWidget *auth;

    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (d->win), "win.new-pool", NULL));
    VSM_WAIT_FOR (vsm_test_find_toplevel (VSM_TYPE_POOL_WIZARD, NULL) != NULL, TIMEOUT);
    wizard = VSM_POOL_WIZARD (vsm_test_find_toplevel (VSM_TYPE_POOL_WIZARD, NULL));
    vsm_pool_wizard_set_type (wizard, "iscsi");
    auth = wiz_field_row (wizard, "auth");
    g_assert_false (gtk_widget_get_sensitive (auth));
    g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (auth)), ==,
                     "Not on the demo connection: it cannot store secrets");
    vsm_pool_wizard_set_field (wizard, "name", "demo-iscsi");
    g_assert_cmpstr (wiz_next (wizard), ==, "source");
    VSM_WAIT_FOR (gtk_widget_get_mapped (auth), TIMEOUT);
    vsm_test_shot (GTK_WIDGET (wizard), "demo-iscsi-source");
    gtk_window_destroy (GTK_WINDOW (wizard));
  }
}

/* Stop and start, autostart on and off, then undefine the new ones. */
static void
walk_pool_life (Demo *d)
{
  VsmPool *pool = vsm_test_select_pool (d->win, d->host, "isos");
  AdwMessageDialog *dialog;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (d->view), "pool.set-autostart", "b", TRUE));
  VSM_WAIT_FOR (vsm_pool_get_autostart (pool), TIMEOUT);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (d->view), "pool.set-autostart", "b", FALSE));
  VSM_WAIT_FOR (!vsm_pool_get_autostart (pool), TIMEOUT);
  assert_no_reports ("autostart");

  pool = vsm_test_select_pool (d->win, d->host, "demo-dir");
  /* no machine uses it: stopped without a question */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (d->view), "pool.stop", NULL));
  VSM_WAIT_FOR (!vsm_pool_get_active (pool), TIMEOUT);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (d->view), "pool.start", NULL));
  VSM_WAIT_FOR (vsm_pool_get_active (pool), TIMEOUT);
  assert_no_reports ("stop and start");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (d->view), "pool.undefine", NULL));
  dialog = vsm_test_wait_message_dialog (GTK_WINDOW (d->win));
  vsm_test_respond (dialog, "undefine");
  VSM_WAIT_FOR (vsm_host_find_pool_by_name (d->host, "demo-dir") == NULL, TIMEOUT);
  assert_no_reports ("undefine");

  /* Delete Storage of the running demo-vg: stopped, then deleted; it
   * stays defined */
  pool = vsm_test_select_pool (d->win, d->host, "demo-vg");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (d->view), "pool.delete", NULL));
  dialog = vsm_test_wait_message_dialog (GTK_WINDOW (d->win));
  vsm_test_respond (dialog, "delete");
  VSM_WAIT_FOR (!vsm_pool_get_active (pool) && !vsm_pool_get_busy (pool), TIMEOUT);
  assert_no_reports ("delete storage");
}

/* The XML of a pool and of a volume, the path, and a refresh of all. */
static void
walk_reading (Demo *d)
{
  const char *actions[] = { "pool.show-xml", "volume.show-xml" };

  vsm_test_select_pool (d->win, d->host, "default");
  g_assert_true (vsm_test_select_volume (d->view, "database.raw"));
  for (guint i = 0; i < G_N_ELEMENTS (actions); i++)
    {
      GtkWindow *xml;

      g_assert_true (gtk_widget_activate_action (GTK_WIDGET (d->view), actions[i], NULL));
      VSM_WAIT_FOR (vsm_test_find_toplevel (VSM_TYPE_XML_DIALOG, NULL) != NULL, TIMEOUT);
      xml = vsm_test_find_toplevel (VSM_TYPE_XML_DIALOG, NULL);
      gtk_window_destroy (xml);
      assert_no_reports (actions[i]);
    }
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (d->view), "volume.copy-path", NULL));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (d->win), "win.refresh", NULL));
  VSM_WAIT_FOR (vsm_host_get_pools_loaded (d->host), TIMEOUT);
  assert_no_reports ("copy path, refresh");
}

static void
test_demo_walk (void)
{
  Demo d = { 0 };

  demo_open (&d);
  assert_no_reports ("open");
  walk_pools (&d);
  walk_volumes (&d);
  walk_machines (&d);
  walk_wizard (&d);
  walk_pool_life (&d);
  walk_reading (&d);
  vsm_test_window_close (&d.win, &d.settings, &d.hosts);
}

int
main (int   argc,
      char *argv[])
{
  reports = g_ptr_array_new_with_free_func (g_free);
  g_log_set_writer_func (record_reports, NULL, NULL);
  vsm_test_gtk_init (&argc, &argv);

  g_test_add_func ("/gui/demo/every-action", test_demo_walk);
  return g_test_run ();
}
