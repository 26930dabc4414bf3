/* test-attach-gui-guest.c
 *
 * The "done means", by clicking through the real main window on a
 * real running guest (KVM or TCG, on the private libvirtd of
 * tests/system/run-system-test.sh --guests --headless): attach an ISO and a new disk to the running
 * machine, see them in the VM disks view, eject the ISO, insert another
 * one, eject again the other way, detach the disk; then insert and eject
 * on a drive the machine booted with. Every step is checked in the view
 * and in libvirt's live and persistent XML, read with a connection of the
 * test's own.
 *
 * libvirt 9.0 cannot open the tray of a CD-ROM hot-plugged into a running
 * domain (it learns about trays only when QEMU starts, libvirtd reconnects
 * or the guest resets: qemuProcessRefreshDisks), so the Eject button asks
 * first: remove the drive from the running machine, keeping it empty in
 * the configuration (Insert plugs it in again), or save and resume the
 * machine, after which the eject is libvirt's own.
 *
 * Fixtures (tests/system/vsm-guest-fixture.h): the pool vsm-test-<pid>-attach
 * with cd1.iso and cd2.iso, the running domain vsm-test-<pid>-attach-gui.
 *
 * Copyright 2026 Virt Storage developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <string.h>

#include "vsm-attach-dialog.h"
#include "vsm-disk-spec.h"
#include "vsm-domain-view.h"
#include "vsm-guest-fixture.h"
#include "vsm-snapshot.h"
#include "vsm-test-gtk-utils.h"
#include "vsm-window.h"

#define TIMEOUT 30000

static VsmGuestFixture fx;
static char *vm_name, *vm_uuid;

typedef struct
{
  GListStore    *hosts;
  GSettings     *settings;
  VsmWindow     *win;
  VsmHost       *host;
  VsmDomainView *dview;
} Fixture;

/* ------------------------------------------------------------------ */
/* Widget helpers                                                      */

static gboolean
has_toast (GtkWidget  *root,
           const char *text)
{
  GType toast_widget = g_type_from_name ("AdwToastWidget");
  GtkWidget *label = (GtkWidget *) vsm_test_find_label (root, text);

  g_assert_true (toast_widget != 0 || label == NULL);
  return label != NULL && gtk_widget_get_ancestor (label, toast_widget) != NULL;
}

static gboolean
is_close_button (GtkWidget *w,
                 gpointer   unused)
{
  return GTK_IS_BUTTON (w) && g_strcmp0 (gtk_button_get_icon_name (GTK_BUTTON (w)), "window-close-symbolic") == 0;
}

/* Waits for the toast @text, then dismisses it. */
static void
expect_toast (Fixture    *f,
              const char *text)
{
  GType toast_widget = g_type_from_name ("AdwToastWidget");
  GtkWidget *tw, *close;

  VSM_WAIT_FOR (has_toast (GTK_WIDGET (f->win), text), TIMEOUT);
  /* Let its 300 ms show animation end first: closing a toast while it
   * comes in makes libadwaita 1.2 write to freed memory (valgrind:
   * ToastInfo freed in a "done" handler of adw_animation_skip). */
  vsm_test_wait_idle (500);
  tw = gtk_widget_get_ancestor (GTK_WIDGET (vsm_test_find_label (GTK_WIDGET (f->win), text)), toast_widget);
  close = vsm_test_find_widget (tw, vsm_test_is_actionable_with, (gpointer) "toast.dismiss");
  if (close == NULL)
    close = vsm_test_find_widget (tw, is_close_button, NULL);
  g_assert_nonnull (close);
  g_signal_emit_by_name (close, "clicked");
  VSM_WAIT_FOR (!has_toast (GTK_WIDGET (f->win), text), TIMEOUT);
}

static void
switch_to_vms (Fixture *f)
{
  GtkWidget *switcher = vsm_test_find_widget (GTK_WIDGET (f->win), vsm_test_is_type,
                                              GSIZE_TO_POINTER (GTK_TYPE_STACK_SWITCHER));
  GtkStack *stack = gtk_stack_switcher_get_stack (GTK_STACK_SWITCHER (switcher));
  GtkWidget *child = gtk_stack_get_child_by_name (stack, "vms");
  const char *title = gtk_stack_page_get_title (gtk_stack_get_page (stack, child));
  GtkWidget *button = gtk_widget_get_ancestor (GTK_WIDGET (vsm_test_find_label (switcher, title)),
                                               GTK_TYPE_TOGGLE_BUTTON);

  g_assert_nonnull (button);
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (button), TRUE);
  VSM_WAIT_FOR (g_strcmp0 (gtk_stack_get_visible_child_name (stack), "vms") == 0, TIMEOUT);
}

static GtkListBoxRow *
vm_row (Fixture *f)
{
  return vsm_test_vm_row_named (f->win, vm_name);
}

/* The domain view's row of the drive @target ("sda — …"). */
static GtkWidget *
disk_row (Fixture    *f,
          const char *target)
{
  return vsm_test_disk_row (f->dview, target);
}

static const char *
row_subtitle (Fixture    *f,
              const char *target)
{
  GtkWidget *row = disk_row (f, target);

  return row ? adw_action_row_get_subtitle (ADW_ACTION_ROW (row)) : NULL;
}

static GtkWidget *
row_button (Fixture    *f,
            const char *target,
            const char *action)
{
  GtkWidget *row = disk_row (f, target);

  return row ? vsm_test_find_widget (row, vsm_test_is_button_with_action, (gpointer) action) : NULL;
}

static void
click (GtkWidget *button)
{
  g_assert_nonnull (button);
  g_assert_true (gtk_widget_is_sensitive (button));
  g_signal_emit_by_name (button, "clicked");
}

static VsmAttachDialog *
open_attach_dialog (Fixture *f)
{
  VsmAttachDialog *dialog;

  click (vsm_test_find_widget (GTK_WIDGET (f->dview), vsm_test_is_actionable_with, (gpointer) "domain.attach"));
  VSM_WAIT_FOR (vsm_test_find_toplevel (VSM_TYPE_ATTACH_DIALOG, NULL) != NULL, TIMEOUT);
  dialog = VSM_ATTACH_DIALOG (vsm_test_find_toplevel (VSM_TYPE_ATTACH_DIALOG, NULL));
  VSM_WAIT_FOR (gtk_widget_get_mapped (GTK_WIDGET (dialog)), TIMEOUT);
  return dialog;
}

static const char *
combo_selected (AdwComboRow *row)
{
  GObject *item = adw_combo_row_get_selected_item (row);

  return item ? gtk_string_object_get_string (GTK_STRING_OBJECT (item)) : NULL;
}

static gboolean
spec_on_bus (VsmAttachDialog *dialog,
             const char      *bus)
{
  g_autoptr(VsmDiskSpec) spec = vsm_attach_dialog_dup_spec (dialog);

  return spec != NULL && g_strcmp0 (spec->bus, bus) == 0;
}

static gboolean
spec_on_target (VsmAttachDialog *dialog,
                const char      *target)
{
  g_autoptr(VsmDiskSpec) spec = vsm_attach_dialog_dup_spec (dialog);

  return spec != NULL && g_strcmp0 (spec->target, target) == 0;
}

/* ------------------------------------------------------------------ */
/* libvirt's side                                                      */

/* The drive @target of the live (@flags 0) or persistent definition. */
static VsmDiskSnapshot *
libvirt_disk (unsigned int  flags,
              const char   *target,
              GPtrArray   **keep)
{
  g_autofree char *xml = vsm_guest_fixture_domain_xml (&fx, vm_uuid, flags);

  *keep = vsm_domain_disks_from_xml (xml, strlen (xml));
  g_assert_nonnull (*keep);
  for (guint i = 0; i < (*keep)->len; i++)
    {
      VsmDiskSnapshot *d = g_ptr_array_index (*keep, i);
      if (g_strcmp0 (d->target_dev, target) == 0)
        return d;
    }
  return NULL;
}

/* Asserts libvirt's live and persistent view of @target: absent (NULL
 * @device), or a @device with @source (NULL: empty drive or a volume). */
static void
assert_libvirt (const char *target,
                const char *live_device,
                const char *live_source,
                const char *config_device,
                const char *config_source)
{
  g_autoptr(GPtrArray) live = NULL;
  g_autoptr(GPtrArray) config = NULL;
  VsmDiskSnapshot *l = libvirt_disk (0, target, &live);
  VsmDiskSnapshot *c = libvirt_disk (VIR_DOMAIN_XML_INACTIVE, target, &config);

  if (live_device == NULL)
    g_assert_null (l);
  else
    {
      g_assert_nonnull (l);
      g_assert_cmpstr (l->device, ==, live_device);
      g_assert_cmpstr (l->source, ==, live_source);
    }
  if (config_device == NULL)
    g_assert_null (c);
  else
    {
      g_assert_nonnull (c);
      g_assert_cmpstr (c->device, ==, config_device);
      g_assert_cmpstr (c->source, ==, config_source);
    }
}

/* @target's medium is the fixture pool's volume @volume (type='volume'),
 * live and in the configuration. */
static void
assert_libvirt_volume (const char *target,
                       const char *volume)
{
  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(GPtrArray) disks = NULL;
      VsmDiskSnapshot *d = libvirt_disk (i == 0 ? 0 : VIR_DOMAIN_XML_INACTIVE, target, &disks);

      g_assert_nonnull (d);
      g_assert_cmpstr (d->type, ==, "volume");
      g_assert_cmpstr (d->pool, ==, fx.base_name);
      g_assert_cmpstr (d->volume, ==, volume);
    }
}

/* ------------------------------------------------------------------ */

static Fixture ui;
static char *iso1_label, *iso2_label, *iso1_subtitle, *iso2_subtitle, *new_volume, *volume_subtitle;

/* The window, connected to the real daemon, with the fixture pool loaded
 * and the machine selected in the Virtual Machines section. */
static void
test_window (void)
{
  Fixture *f = &ui;

  f->win = vsm_test_window_open (&f->hosts, &f->settings);
  f->dview = vsm_window_get_domain_view (f->win);
  f->host = vsm_window_add_connection (f->win, VSM_GUEST_URI, FALSE);
  g_assert_nonnull (f->host);
  VSM_WAIT_FOR (g_strcmp0 (vsm_window_get_pools_page (f->win), "pools") == 0, TIMEOUT);
  VSM_WAIT_FOR (vsm_host_find_pool_by_name (f->host, fx.base_name) != NULL, TIMEOUT);
  vsm_test_select_pool (f->win, f->host, fx.base_name);

  /* The Virtual Machines section: our running machine, no drives yet. */
  switch_to_vms (f);
  VSM_WAIT_FOR (vm_row (f) != NULL, TIMEOUT);
  gtk_list_box_select_row (vsm_window_get_vms_list (f->win), vm_row (f));
  VSM_WAIT_FOR (vsm_domain_view_get_domain (f->dview) != NULL &&
                g_strcmp0 (vsm_domain_get_uuid (vsm_domain_view_get_domain (f->dview)), vm_uuid) == 0, TIMEOUT);
  VSM_WAIT_FOR (vsm_test_find_label (GTK_WIDGET (f->dview), "No disks or drives") != NULL, TIMEOUT);
  g_assert_cmpuint (vsm_domain_view_get_n_disks (f->dview), ==, 0);
  g_assert_nonnull (vsm_test_find_label (GTK_WIDGET (f->dview), "Running"));
}

static void
test_attach_iso (void)
{
  Fixture *f = &ui;
  VsmAttachDialog *dialog;
  GtkWidget *w;
  AdwComboRow *row;
  g_autoptr(VsmDiskSpec) spec = NULL;
  gint64 t;

  /* 1. Attach the ISO: the dialog chooses no disk volume for the user
   * (the daemon is shared: other pools' volumes are listed too); as an
   * ISO, cd1.iso on a SCSI CD-ROM, now and persistently. */
  t = g_get_monotonic_time ();
  dialog = open_attach_dialog (f);
  w = GTK_WIDGET (dialog);
  row = ADW_COMBO_ROW (vsm_test_find_row (w, "_Volume"));
  g_assert_cmpuint (adw_combo_row_get_selected (row), ==, GTK_INVALID_LIST_POSITION);
  g_assert_false (gtk_widget_is_sensitive (vsm_test_find_widget (w, vsm_test_is_button_with_label, (gpointer) "_Attach")));
  vsm_attach_dialog_set_source (dialog, VSM_ATTACH_SOURCE_ISO);
  row = ADW_COMBO_ROW (vsm_test_find_row (w, "_ISO Volume"));
  vsm_test_select_combo_prefix (row, iso1_label);
  g_assert_cmpstr (combo_selected (row), ==, iso1_label);
  /* the buses come from the domain capabilities: scsi for a CD-ROM */
  VSM_WAIT_FOR (spec_on_bus (dialog, "scsi"), TIMEOUT);
  spec = vsm_attach_dialog_dup_spec (dialog);
  g_assert_nonnull (spec);
  g_assert_cmpstr (spec->device, ==, "cdrom");
  g_assert_cmpstr (spec->path, ==, fx.iso1);
  g_assert_cmpstr (spec->target, ==, "sda");
  g_assert_cmpint (vsm_attach_dialog_get_flags (dialog), ==, VSM_ATTACH_LIVE | VSM_ATTACH_CONFIG);
  g_clear_pointer (&spec, vsm_disk_spec_free);
  click (vsm_test_find_widget (w, vsm_test_is_button_with_label, (gpointer) "_Attach"));
  VSM_WAIT_FOR (vsm_test_find_toplevel (VSM_TYPE_ATTACH_DIALOG, NULL) == NULL, TIMEOUT);
  expect_toast (f, "sda attached now");
  VSM_WAIT_FOR (g_strcmp0 (row_subtitle (f, "sda"), fx.iso1) == 0, TIMEOUT);
  g_test_message ("timing: attach ISO by clicking until shown: %.0f ms", (g_get_monotonic_time () - t) / 1000.0);
  g_assert_nonnull (row_button (f, "sda", "disk.eject"));
  g_assert_null (vsm_test_find_label (disk_row (f, "sda"), "Until shutdown"));
  assert_libvirt ("sda", "cdrom", fx.iso1, "cdrom", fx.iso1);

}

static void
test_attach_new_disk (void)
{
  Fixture *f = &ui;
  VsmAttachDialog *dialog;
  GtkWidget *w;
  g_autoptr(VsmDiskSpec) spec = NULL;
  gint64 t;

  /* 2. Attach a new disk: a volume created in the fixture pool, on SCSI
   * (it detaches without the guest's help). */
  t = g_get_monotonic_time ();
  dialog = open_attach_dialog (f);
  w = GTK_WIDGET (dialog);
  vsm_attach_dialog_set_source (dialog, VSM_ATTACH_SOURCE_NEW);
  vsm_test_select_combo_prefix (ADW_COMBO_ROW (vsm_test_find_row (w, "In _Pool")), fx.base_name);
  vsm_attach_dialog_set_field (dialog, "new-size", "64 MiB");
  vsm_attach_dialog_set_field (dialog, "bus", "scsi");
  /* the targets in use come from the live and persistent XML (async) */
  VSM_WAIT_FOR (spec_on_target (dialog, "sdb"), TIMEOUT);
  spec = vsm_attach_dialog_dup_spec (dialog);
  g_assert_nonnull (spec);
  g_assert_cmpstr (spec->pool, ==, fx.base_name);
  g_assert_cmpstr (spec->device, ==, "disk");
  g_assert_cmpstr (spec->bus, ==, "scsi");
  g_assert_cmpstr (spec->target, ==, "sdb");
  new_volume = g_strdup (spec->volume);
  g_test_message ("new volume: %s", new_volume);
  g_clear_pointer (&spec, vsm_disk_spec_free);
  click (vsm_test_find_widget (w, vsm_test_is_button_with_label, (gpointer) "_Attach"));
  VSM_WAIT_FOR (vsm_test_find_toplevel (VSM_TYPE_ATTACH_DIALOG, NULL) == NULL, TIMEOUT);
  expect_toast (f, "sdb attached now");
  volume_subtitle = g_strdup_printf ("Volume %s in pool %s", new_volume, fx.base_name);
  VSM_WAIT_FOR (g_strcmp0 (row_subtitle (f, "sdb"), volume_subtitle) == 0, TIMEOUT);
  g_test_message ("timing: create and attach a new disk by clicking: %.0f ms", (g_get_monotonic_time () - t) / 1000.0);
  g_assert_null (row_button (f, "sdb", "disk.eject"));
  g_assert_nonnull (row_button (f, "sdb", "disk.detach"));
  {
    g_autoptr(GPtrArray) live = NULL;
    g_autoptr(GPtrArray) config = NULL;
    VsmDiskSnapshot *l = libvirt_disk (0, "sdb", &live);
    VsmDiskSnapshot *c = libvirt_disk (VIR_DOMAIN_XML_INACTIVE, "sdb", &config);

    g_assert_nonnull (l);
    g_assert_nonnull (c);
    g_assert_cmpstr (l->volume, ==, new_volume);
    g_assert_cmpstr (c->volume, ==, new_volume);
    g_assert_cmpstr (l->pool, ==, fx.base_name);
  }

}

static void
test_eject_hotplugged (void)
{
  Fixture *f = &ui;
  AdwMessageDialog *msg;
  GtkWidget *label;
  const char *body;
  gint64 t;

  /* 3. Eject the ISO. The drive was hot-plugged: libvirt 9.0 cannot
   * open its tray, so the view says what ejecting does before doing it.
   * Cancel first: nothing changes. */
  click (row_button (f, "sda", "disk.eject"));
  msg = vsm_test_wait_message_dialog (GTK_WINDOW (f->win));
  body = adw_message_dialog_get_body (msg);
  g_test_message ("eject: %s / %s", adw_message_dialog_get_heading (msg), body);
  g_assert_nonnull (strstr (adw_message_dialog_get_heading (msg), "sda"));
  /* what Remove Drive does, then the other way out */
  g_assert_true (g_str_has_prefix (body, "This drive was added while the machine runs; this libvirt version cannot "
                                         "open its tray, so ejecting removes the drive from the running machine. "
                                         "After the next boot it is back, empty.\n\n"));
  g_assert_nonnull (strstr (body, "save the machine's state to disk and resume it"));
  g_assert_true (adw_message_dialog_has_response (msg, "remove"));
  g_assert_true (adw_message_dialog_has_response (msg, "save"));
  label = vsm_test_find_widget (adw_message_dialog_get_extra_child (msg), vsm_test_is_label_containing,
                                (gpointer) "virsh");
  g_assert_nonnull (label);
  {
    g_autofree char *virsh = vsm_test_virsh (VSM_GUEST_URI);
    g_autofree char *detach = g_strdup_printf ("%s detach-disk %s sda --live", virsh, vm_name);
    g_autofree char *change = g_strdup_printf ("%s change-media %s sda --eject --config", virsh, vm_name);
    g_autofree char *save = g_strdup_printf ("%s managedsave %s\n%s start %s\n", virsh, vm_name, virsh, vm_name);
    g_test_message ("commands: %s", gtk_label_get_text (GTK_LABEL (label)));
    g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (label)), detach));
    g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (label)), change));
    g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (label)), save));
  }
  g_assert_cmpstr (adw_message_dialog_get_default_response (msg), ==, "cancel");
  vsm_test_respond (msg, "cancel");
  vsm_test_wait_idle (200);
  assert_libvirt ("sda", "cdrom", fx.iso1, "cdrom", fx.iso1);
  g_assert_cmpstr (row_subtitle (f, "sda"), ==, fx.iso1);

  t = g_get_monotonic_time ();
  click (row_button (f, "sda", "disk.eject"));
  msg = vsm_test_wait_message_dialog (GTK_WINDOW (f->win));
  vsm_test_respond (msg, "remove");
  expect_toast (f, "sda removed from the running machine: it is back, empty, after the next boot");
  /* The view shows what was promised: an empty drive for the next boot
   * only, with Insert instead of Eject. */
  VSM_WAIT_FOR (g_strcmp0 (row_subtitle (f, "sda"), "Empty") == 0, TIMEOUT);
  g_test_message ("timing: eject by removing the drive, until shown: %.0f ms", (g_get_monotonic_time () - t) / 1000.0);
  g_assert_nonnull (vsm_test_find_label (disk_row (f, "sda"), "After next boot"));
  g_assert_nonnull (row_button (f, "sda", "disk.insert"));
  g_assert_null (row_button (f, "sda", "disk.eject"));
  g_assert_cmpstr (row_subtitle (f, "sdb"), ==, volume_subtitle);
  assert_libvirt ("sda", NULL, NULL, "cdrom", NULL);
  /* Detaching it now would touch the configuration only, and says so. */
  click (row_button (f, "sda", "disk.detach"));
  msg = vsm_test_wait_message_dialog (GTK_WINDOW (f->win));
  g_test_message ("detach of the removed drive: %s", adw_message_dialog_get_body (msg));
  g_assert_true (g_str_has_prefix (adw_message_dialog_get_body (msg), "The drive is not in the running machine"));
  label = vsm_test_find_widget (adw_message_dialog_get_extra_child (msg), vsm_test_is_label_containing,
                                (gpointer) "virsh");
  g_assert_true (g_str_has_suffix (gtk_label_get_text (GTK_LABEL (label)), " sda --config"));
  vsm_test_respond (msg, "cancel");

}

static void
test_insert (void)
{
  Fixture *f = &ui;
  AdwMessageDialog *msg;
  GtkWidget *w;
  gint64 t;

  /* 4. Insert cd2.iso: the drive is plugged in again, with it. */
  t = g_get_monotonic_time ();
  click (row_button (f, "sda", "disk.insert"));
  msg = vsm_test_wait_message_dialog (GTK_WINDOW (f->win));
  g_test_message ("insert: %s", adw_message_dialog_get_body (msg));
  g_assert_nonnull (strstr (adw_message_dialog_get_body (msg), "inserting plugs it in again"));
  w = vsm_test_find_widget (GTK_WIDGET (msg), vsm_test_is_type, GSIZE_TO_POINTER (ADW_TYPE_COMBO_ROW));
  vsm_test_select_combo_prefix (ADW_COMBO_ROW (w), iso2_label);
  vsm_test_respond (msg, "insert");
  expect_toast (f, "sda is back in the running machine, with the new medium");
  VSM_WAIT_FOR (g_strcmp0 (row_subtitle (f, "sda"), iso2_subtitle) == 0, TIMEOUT);
  g_test_message ("timing: insert by plugging the drive in again, until shown: %.0f ms",
                  (g_get_monotonic_time () - t) / 1000.0);
  g_assert_null (vsm_test_find_label (disk_row (f, "sda"), "After next boot"));
  g_assert_nonnull (row_button (f, "sda", "disk.eject"));
  /* chosen from the pool, the medium is the pool's volume */
  assert_libvirt_volume ("sda", "cd2.iso");

}

static void
test_detach (void)
{
  Fixture *f = &ui;
  AdwMessageDialog *msg;
  gint64 t;

  /* 6. Detach the disk; its volume stays. */
  t = g_get_monotonic_time ();
  click (row_button (f, "sdb", "disk.detach"));
  msg = vsm_test_wait_message_dialog (GTK_WINDOW (f->win));
  vsm_test_respond (msg, "detach");
  expect_toast (f, "sdb detached");
  VSM_WAIT_FOR (disk_row (f, "sdb") == NULL && disk_row (f, "sda") != NULL, TIMEOUT);
  g_test_message ("timing: detach by clicking until shown: %.0f ms", (g_get_monotonic_time () - t) / 1000.0);
  assert_libvirt ("sdb", NULL, NULL, NULL, NULL);
  {
    virStoragePoolPtr pool = virStoragePoolLookupByName (fx.raw, fx.base_name);
    virStorageVolPtr vol = pool ? virStorageVolLookupByName (pool, new_volume) : NULL;

    g_assert_nonnull (vol);
    virStorageVolFree (vol);
    virStoragePoolFree (pool);
  }

}

/* 5. The hot-plugged drive again (plugged in by the insert): this time
 * the other way out, save and resume the machine, then a real eject. */
static void
test_eject_save_resume (void)
{
  Fixture *f = &ui;
  AdwMessageDialog *msg;
  g_autofree char *saving = g_strdup_printf ("Saving and resuming “%s”…", vm_name);
  gint64 t;

  t = g_get_monotonic_time ();
  click (row_button (f, "sda", "disk.eject"));
  msg = vsm_test_wait_message_dialog (GTK_WINDOW (f->win));
  vsm_test_respond (msg, "save");
  expect_toast (f, saving);
  expect_toast (f, "Medium ejected from sda; the machine was saved and resumed");
  VSM_WAIT_FOR (g_strcmp0 (row_subtitle (f, "sda"), "Empty") == 0 &&
                vsm_test_find_label (GTK_WIDGET (f->dview), "Running") != NULL, TIMEOUT);
  g_test_message ("timing: eject by saving and resuming, until shown: %.0f ms", (g_get_monotonic_time () - t) / 1000.0);
  /* the drive stayed, in the running machine and in its configuration */
  g_assert_null (vsm_test_find_label (disk_row (f, "sda"), "After next boot"));
  g_assert_nonnull (row_button (f, "sda", "disk.insert"));
  g_assert_nonnull (disk_row (f, "sdb"));
  assert_libvirt ("sda", "cdrom", NULL, "cdrom", NULL);
}

/* 7. After a restart the drive is one the machine booted with: Insert and
 * Eject use its tray, no question asked. */
static void
test_boot_time_drive (void)
{
  Fixture *f = &ui;
  AdwMessageDialog *msg;
  GtkWidget *w;
  gint64 t;

  {
    virDomainPtr dom = virDomainLookupByUUIDString (fx.raw, vm_uuid);

    g_assert_nonnull (dom);
    g_assert_cmpint (virDomainDestroy (dom), ==, 0);
    VSM_WAIT_FOR (vsm_test_find_label (GTK_WIDGET (f->dview), "Shut off") != NULL, TIMEOUT);
    virDomainFree (dom);
    vsm_guest_fixture_start (&fx, vm_uuid);
  }
  VSM_WAIT_FOR (vsm_test_find_label (GTK_WIDGET (f->dview), "Running") != NULL &&
                g_strcmp0 (row_subtitle (f, "sda"), "Empty") == 0 &&
                row_button (f, "sda", "disk.insert") != NULL, TIMEOUT);
  vsm_test_wait_idle (300);     /* the reloads the state changes queued */

  t = g_get_monotonic_time ();
  click (row_button (f, "sda", "disk.insert"));
  msg = vsm_test_wait_message_dialog (GTK_WINDOW (f->win));
  g_assert_null (strstr (adw_message_dialog_get_body (msg), "not in the running machine"));
  w = vsm_test_find_widget (GTK_WIDGET (msg), vsm_test_is_type, GSIZE_TO_POINTER (ADW_TYPE_COMBO_ROW));
  vsm_test_select_combo_prefix (ADW_COMBO_ROW (w), iso1_label);
  vsm_test_respond (msg, "insert");
  expect_toast (f, "Medium inserted into sda");
  VSM_WAIT_FOR (g_strcmp0 (row_subtitle (f, "sda"), iso1_subtitle) == 0, TIMEOUT);
  g_test_message ("timing: insert into a boot-time drive until shown: %.0f ms", (g_get_monotonic_time () - t) / 1000.0);
  /* after Save, Resume and Eject too, a medium from the pool is the
   * pool's volume, not its file path */
  assert_libvirt_volume ("sda", "cd1.iso");

  t = g_get_monotonic_time ();
  click (row_button (f, "sda", "disk.eject"));
  expect_toast (f, "Medium ejected from sda");
  g_assert_null (vsm_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG, NULL));
  VSM_WAIT_FOR (g_strcmp0 (row_subtitle (f, "sda"), "Empty") == 0, TIMEOUT);
  g_test_message ("timing: eject from a boot-time drive until shown: %.0f ms", (g_get_monotonic_time () - t) / 1000.0);
  g_assert_null (vsm_test_find_label (disk_row (f, "sda"), "After next boot"));
  g_assert_nonnull (row_button (f, "sda", "disk.insert"));
  assert_libvirt ("sda", "cdrom", NULL, "cdrom", NULL);
}

static int
run_tests (int    argc,
           char **argv)
{
  gint64 t;
  int rc;

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  vsm_test_init_libvirt ();
  vsm_test_drop_debug_logs ();
  /* The steps build on each other: GTest keeps this order. */
  g_test_add_func ("/vmgui/guest/0-window", test_window);
  g_test_add_func ("/vmgui/guest/1-attach-iso", test_attach_iso);
  g_test_add_func ("/vmgui/guest/2-attach-new-disk", test_attach_new_disk);
  g_test_add_func ("/vmgui/guest/3-eject-hotplugged", test_eject_hotplugged);
  g_test_add_func ("/vmgui/guest/4-insert", test_insert);
  g_test_add_func ("/vmgui/guest/5-eject-save-resume", test_eject_save_resume);
  g_test_add_func ("/vmgui/guest/6-detach", test_detach);
  g_test_add_func ("/vmgui/guest/7-boot-time-drive", test_boot_time_drive);

  t = g_get_monotonic_time ();
  vsm_guest_fixture_create_pool (&fx, NULL);
  vm_uuid = vsm_guest_fixture_add_domain (&fx, "gui", TRUE);
  g_test_message ("timing: fixtures: %.0f ms", (g_get_monotonic_time () - t) / 1000.0);
  iso1_label = g_strdup_printf ("cd1.iso (%s)", fx.base_name);
  iso1_subtitle = g_strdup_printf ("Volume cd1.iso in pool %s", fx.base_name);
  iso2_subtitle = g_strdup_printf ("Volume cd2.iso in pool %s", fx.base_name);
  iso2_label = g_strdup_printf ("cd2.iso (%s)", fx.base_name);
  rc = g_test_run ();
  if (ui.win != NULL)
    vsm_test_window_close (&ui.win, &ui.settings, &ui.hosts);
  if (fx.raw != NULL)
    virConnectClose (fx.raw);
  return rc;
}

int
main (int    argc,
      char **argv)
{
  static const char * const suffixes[] = { "gui", NULL };

  vsm_guest_fixture_init (&fx);
  vm_name = g_strdup_printf ("%s-gui", fx.base_name);
  return vsm_guest_fixture_main (&fx, suffixes, run_tests, argc, argv);
}
