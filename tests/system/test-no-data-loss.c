/* test-no-data-loss.c
 *
 * No data loss (issue "Reliability and safety"), with the real main window
 * and dialogs under Xvfb on a real libvirtd: the private daemon that
 * tests/system/run-system-test.sh starts for this suite (root only; it
 * removes everything afterwards, also what a crashed run left).
 *
 * Audit of every path that deletes, formats or wipes (src/widgets):
 *   volume delete (+ optional wipe first)  pool view "volume.delete"   confirmation “Delete Volume “NAME”?”
 *   volume wipe                            "volume.wipe"               “Wipe Volume “NAME”?”
 *   volume shrink                          "volume.resize"             explicit check box, then _Shrink
 *   upload (replaces the content)          "volume.upload"             “Replace the Contents of “NAME”?” (a volume
 *                                                                      with nothing allocated: “Upload into “NAME”?”)
 *   pool delete-storage                    "pool.delete"               “Delete the Storage of Pool “NAME”?”
 *   pool undefine (keeps the data)         "pool.undefine"             “Undefine Pool “NAME”?” (a running pool
 *                                                                      is stopped first: libvirt refuses otherwise)
 *   wizard build with overwrite (fs, disk, logical: formats)
 *                                          "wizard.create"             “Format DEVICE?”-style, names the device
 *   wizard "Remove the half-created pool"  stop + undefine only: never deletes storage
 *   attach with a new volume that fails    deletes only the empty volume it created itself
 *   New Volume from File that fails        deletes only the volume it created itself (tested in
 *                                          test-volume-daemon.c and tests/integration/test-upload.c)
 * Every confirmation has Cancel as default and close response, so Escape
 * and Enter never destroy anything.
 *
 * The pool vsm-safe-<pid> (persistent dir pool in WORK/vsm-safe-<pid>/
 * pool) holds volumes with random content whose SHA-256 is recorded;
 * after each cancelled confirmation (Cancel and Escape) every file must
 * be byte-identical and the pool still defined and active. Also: a
 * confirmed delete of the non-empty pool (libvirt refuses), a volume
 * create over a file libvirt does not list yet (refused, file kept), the
 * wizard's "Remove the half-created pool" (undefines only), and a
 * confirmed undefine (pool gone, files kept).
 *
 * Copyright 2026 Virt Storage developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>
#include <string.h>
#include <unistd.h>

#include "vsm-pool-wizard-private.h"
#include "vsm-test-gtk-utils.h"
#include "vsm-volume-dialog.h"
#include "vsm-window.h"
#include "wizard-test-common.h"

#define URI (vsm_test_system_uri ())
#define TIMEOUT 60000
#define FILE_SIZE (4 * 1024 * 1024)

static const char * const volume_names[] = { "keep-a.raw", "keep-b.raw", "keep-c.img" };

static struct
{
  char          *base;        /* /var/tmp/vsm-safe-PID */
  char          *dir;         /* base/pool: the pool's target */
  char          *pool_name;   /* vsm-safe-PID */
  char          *sums[G_N_ELEMENTS (volume_names)];
  char          *device;      /* base/device.img: a "device" for the wizard */
  char          *device_sum;
  virConnectPtr  raw;         /* setup, checks and cleanup only */
  GListStore    *hosts;
  GSettings     *settings;
  VsmWindow     *win;
  VsmHost       *host;
  VsmPoolView   *view;
  VsmPool       *pool;
} T;

/* ------------------------------------------------------------------ */
/* Files                                                               */

static char *
sha256_file (const char *path)
{
  g_autoptr(GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA256);
  g_autoptr(GMappedFile) map = NULL;
  g_autoptr(GError) error = NULL;

  map = g_mapped_file_new (path, FALSE, &error);
  if (map == NULL)
    g_error ("cannot read %s: %s", path, error->message);
  g_checksum_update (sum, (const guchar *) g_mapped_file_get_contents (map), g_mapped_file_get_length (map));
  return g_strdup (g_checksum_get_string (sum));
}

static void
write_random (const char *path)
{
  g_autofree guchar *buf = g_malloc (FILE_SIZE);
  g_autoptr(GRand) rand = g_rand_new ();
  g_autoptr(GError) error = NULL;

  for (gsize i = 0; i < FILE_SIZE / 4; i++)
    ((guint32 *) buf)[i] = g_rand_int (rand);
  if (!g_file_set_contents (path, (const char *) buf, FILE_SIZE, &error))
    g_error ("cannot write %s: %s", path, error->message);
}

/* Every volume file and the wizard's "device" are byte-identical. */
static void
assert_files_intact (const char *after)
{
  for (guint i = 0; i < G_N_ELEMENTS (volume_names); i++)
    {
      g_autofree char *path = g_build_filename (T.dir, volume_names[i], NULL);
      g_autofree char *sum = NULL;

      if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
        g_error ("after %s: %s is gone", after, path);
      sum = sha256_file (path);
      if (!g_str_equal (sum, T.sums[i]))
        g_error ("after %s: %s changed (sha256 %s, was %s)", after, path, sum, T.sums[i]);
    }
  {
    g_autofree char *sum = sha256_file (T.device);
    if (!g_str_equal (sum, T.device_sum))
      g_error ("after %s: %s changed", after, T.device);
  }
  g_test_message ("after %s: %u files unchanged (sha256)", after, (guint) G_N_ELEMENTS (volume_names) + 1);
}

/* ------------------------------------------------------------------ */
/* libvirt, seen from outside the app                                  */

static gboolean
pool_defined (const char *name,
              gboolean   *active,
              gboolean   *persistent)
{
  virStoragePoolPtr p = virStoragePoolLookupByName (T.raw, name);

  if (p == NULL)
    return FALSE;
  if (active != NULL)
    *active = virStoragePoolIsActive (p) == 1;
  if (persistent != NULL)
    *persistent = virStoragePoolIsPersistent (p) == 1;
  virStoragePoolFree (p);
  return TRUE;
}

static void
assert_pool_intact (const char *after)
{
  gboolean active = FALSE, persistent = FALSE;

  if (!pool_defined (T.pool_name, &active, &persistent))
    g_error ("after %s: pool %s is gone", after, T.pool_name);
  g_assert_true (active);
  g_assert_true (persistent);
  for (guint i = 0; i < G_N_ELEMENTS (volume_names); i++)
    g_assert_nonnull (vsm_test_find_volume (T.pool, volume_names[i]));
  assert_files_intact (after);
}

static void
remove_pool (const char *name)
{
  virStoragePoolPtr p = virStoragePoolLookupByName (T.raw, name);

  if (p == NULL)
    return;
  if (virStoragePoolIsActive (p) == 1)
    virStoragePoolDestroy (p);
  if (virStoragePoolIsPersistent (p) == 1)
    virStoragePoolUndefine (p);
  virStoragePoolFree (p);
}

/* ------------------------------------------------------------------ */
/* Confirmations                                                       */

/* Presses Escape in @w the way GTK would: the Escape shortcut of the
 * window (a binding or a shortcut controller), else its key controller. */
static void
press_escape (GtkWidget *w)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (w);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GtkEventController) c = g_list_model_get_item (controllers, i);

      if (!GTK_IS_SHORTCUT_CONTROLLER (c))
        continue;
      for (guint j = 0; j < g_list_model_get_n_items (G_LIST_MODEL (c)); j++)
        {
          g_autoptr(GtkShortcut) sc = g_list_model_get_item (G_LIST_MODEL (c), j);
          GtkShortcutTrigger *trigger = gtk_shortcut_get_trigger (sc);

          if (GTK_IS_KEYVAL_TRIGGER (trigger) &&
              gtk_keyval_trigger_get_keyval (GTK_KEYVAL_TRIGGER (trigger)) == GDK_KEY_Escape &&
              gtk_keyval_trigger_get_modifiers (GTK_KEYVAL_TRIGGER (trigger)) == 0)
            {
              g_assert_true (gtk_shortcut_action_activate (gtk_shortcut_get_action (sc), GTK_SHORTCUT_ACTION_EXCLUSIVE,
                                                           w, gtk_shortcut_get_arguments (sc)));
              return;
            }
        }
    }
  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GtkEventController) c = g_list_model_get_item (controllers, i);
      gboolean handled = FALSE;

      if (GTK_IS_EVENT_CONTROLLER_KEY (c))
        {
          g_signal_emit_by_name (c, "key-pressed", GDK_KEY_Escape, 9, 0, &handled);
          if (handled)
            return;
        }
    }
  g_error ("%s has no Escape handling", G_OBJECT_TYPE_NAME (w));
}

/* Opens the confirmation of @action (for @volume when given), checks it
 * names @object and defaults to Cancel, then dismisses it by @how
 * ("cancel" or "escape"). Returns nothing was run: the job list is the
 * same. */
static void
open_and_dismiss (const char *action,
                  const char *volume,
                  const char *object,
                  const char *how)
{
  GListModel *jobs = G_LIST_MODEL (vsm_window_get_jobs (T.win));
  guint jobs_before = g_list_model_get_n_items (jobs);
  AdwMessageDialog *dialog;
  g_autofree char *named = g_strdup_printf ("“%s”", object);
  const char *heading;

  g_assert_null (vsm_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG, NULL));
  if (volume != NULL)
    VSM_WAIT_FOR (vsm_test_select_volume (T.view, volume), TIMEOUT);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (T.view), action, NULL));
  dialog = vsm_test_wait_message_dialog (GTK_WINDOW (T.win));
  heading = adw_message_dialog_get_heading (dialog);
  g_test_message ("%s: “%s” — %s", action, heading, adw_message_dialog_get_body (dialog));
  if (strstr (heading, named) == NULL)
    g_error ("%s: the confirmation “%s” does not name %s", action, heading, named);
  g_assert_cmpstr (adw_message_dialog_get_default_response (dialog), ==, "cancel");
  g_assert_cmpstr (adw_message_dialog_get_close_response (dialog), ==, "cancel");

  if (g_str_equal (how, "escape"))
    {
      press_escape (GTK_WIDGET (dialog));
      VSM_WAIT_FOR (vsm_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG, NULL) == NULL, TIMEOUT);
    }
  else
    vsm_test_respond (dialog, "cancel");
  vsm_test_wait_idle (300);
  g_assert_cmpuint (g_list_model_get_n_items (jobs), ==, jobs_before);
}

/* ------------------------------------------------------------------ */
/* Setup                                                               */

static void
global_setup (void)
{
  g_autofree char *xml = NULL;
  virStoragePoolPtr p;
  int pid = (int) getpid ();
  g_autofree char *base_name = g_strdup_printf ("vsm-safe-%d", pid);

  T.base = vsm_test_system_work_path (base_name);
  T.dir = g_build_filename (T.base, "pool", NULL);
  T.pool_name = g_strdup_printf ("vsm-safe-%d", pid);
  T.device = g_build_filename (T.base, "device.img", NULL);
  g_assert_cmpint (g_mkdir_with_parents (T.dir, 0755), ==, 0);
  for (guint i = 0; i < G_N_ELEMENTS (volume_names); i++)
    {
      g_autofree char *path = g_build_filename (T.dir, volume_names[i], NULL);
      write_random (path);
      T.sums[i] = sha256_file (path);
    }
  write_random (T.device);
  T.device_sum = sha256_file (T.device);

  T.raw = virConnectOpen (URI);
  if (T.raw == NULL)
    g_error ("cannot open %s: %s", URI, virGetLastErrorMessage ());
  xml = g_strdup_printf ("<pool type='dir'><name>%s</name><target><path>%s</path></target></pool>",
                         T.pool_name, T.dir);
  p = virStoragePoolDefineXML (T.raw, xml, 0);
  if (p == NULL || virStoragePoolCreate (p, 0) < 0)
    g_error ("could not set up pool %s: %s", T.pool_name, virGetLastErrorMessage ());
  virStoragePoolFree (p);

  T.win = vsm_test_window_open (&T.hosts, &T.settings);
  T.view = vsm_window_get_pool_view (T.win);
  T.host = vsm_window_add_connection (T.win, URI, FALSE);
  g_assert_nonnull (T.host);
  VSM_WAIT_FOR (vsm_host_get_pools_loaded (T.host) && vsm_host_find_pool_by_name (T.host, T.pool_name) != NULL,
                TIMEOUT);
  T.pool = vsm_test_select_pool (T.win, T.host, T.pool_name);
  VSM_WAIT_FOR (vsm_keyed_list_get_n_items (vsm_pool_get_volumes (T.pool)) == G_N_ELEMENTS (volume_names), TIMEOUT);
  g_test_message ("pool %s in %s with %u volumes of %d bytes of random data", T.pool_name, T.dir,
                  (guint) G_N_ELEMENTS (volume_names), FILE_SIZE);
}

static void
global_cleanup (void)
{
  if (T.win != NULL)
    {
      vsm_test_close_other_toplevels (GTK_WINDOW (T.win));
      vsm_test_window_close (&T.win, &T.settings, &T.hosts);
    }
  if (T.raw != NULL)
    {
      remove_pool (T.pool_name);
      {
        g_autofree char *n = g_strdup_printf ("%s-fs", T.pool_name);
        g_autofree char *d = g_strdup_printf ("%s-disk", T.pool_name);
        g_autofree char *h = g_strdup_printf ("%s-half", T.pool_name);
        g_autofree char *l = g_strdup_printf ("%s-logical", T.pool_name);
        remove_pool (l);
        remove_pool (n);
        remove_pool (d);
        remove_pool (h);
      }
      virConnectClose (T.raw);
    }
  if (T.base != NULL)
    {
      const char *argv[] = { "rm", "-rf", "--one-file-system", "--", T.base, NULL };
      g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, NULL, NULL);
    }
}

/* ------------------------------------------------------------------ */
/* Tests                                                               */

/* The wizard selects what it creates: show the test pool again. */
static void
select_safe_pool (void)
{
  T.pool = vsm_test_select_pool (T.win, T.host, T.pool_name);
  VSM_WAIT_FOR (vsm_test_volumes_ready (T.pool), TIMEOUT);
}

static void
test_volume_delete_cancelled (void)
{
  AdwMessageDialog *dialog;
  GtkWidget *wipe;

  select_safe_pool ();

  open_and_dismiss ("volume.delete", "keep-a.raw", "keep-a.raw", "cancel");
  assert_pool_intact ("volume delete, Cancel");
  open_and_dismiss ("volume.delete", "keep-a.raw", "keep-a.raw", "escape");
  assert_pool_intact ("volume delete, Escape");

  /* with "wipe first" ticked, then cancelled */
  VSM_WAIT_FOR (vsm_test_select_volume (T.view, "keep-b.raw"), TIMEOUT);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (T.view), "volume.delete", NULL));
  dialog = vsm_test_wait_message_dialog (GTK_WINDOW (T.win));
  wipe = vsm_test_find_widget (GTK_WIDGET (dialog), vsm_test_is_type, GSIZE_TO_POINTER (GTK_TYPE_CHECK_BUTTON));
  g_assert_nonnull (wipe);
  gtk_check_button_set_active (GTK_CHECK_BUTTON (wipe), TRUE);
  /* the body names the file that would go */
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), T.dir));
  press_escape (GTK_WIDGET (dialog));
  VSM_WAIT_FOR (vsm_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG, NULL) == NULL, TIMEOUT);
  vsm_test_wait_idle (300);
  assert_pool_intact ("volume delete with wipe, Escape");
}

static void
test_volume_wipe_cancelled (void)
{
  select_safe_pool ();
  open_and_dismiss ("volume.wipe", "keep-b.raw", "keep-b.raw", "cancel");
  assert_pool_intact ("volume wipe, Cancel");
  open_and_dismiss ("volume.wipe", "keep-c.img", "keep-c.img", "escape");
  assert_pool_intact ("volume wipe, Escape");
}

static void
test_volume_shrink_cancelled (void)
{
  AdwMessageDialog *dialog;
  GtkWidget *size, *check;

  select_safe_pool ();

  VSM_WAIT_FOR (vsm_test_select_volume (T.view, "keep-c.img"), TIMEOUT);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (T.view), "volume.resize", NULL));
  dialog = vsm_test_wait_message_dialog (GTK_WINDOW (T.win));
  g_assert_nonnull (strstr (adw_message_dialog_get_heading (dialog), "“keep-c.img”"));
  size = vsm_test_find_widget (GTK_WIDGET (dialog), vsm_test_is_type, GSIZE_TO_POINTER (ADW_TYPE_ENTRY_ROW));
  check = vsm_test_find_widget (GTK_WIDGET (dialog), vsm_test_is_type, GSIZE_TO_POINTER (GTK_TYPE_CHECK_BUTTON));
  gtk_editable_set_text (GTK_EDITABLE (size), "1 MiB");
  /* shrinking needs the explicit check first */
  g_assert_true (gtk_widget_get_visible (check));
  g_assert_false (adw_message_dialog_get_response_enabled (dialog, "resize"));
  gtk_check_button_set_active (GTK_CHECK_BUTTON (check), TRUE);
  g_assert_true (adw_message_dialog_get_response_enabled (dialog, "resize"));
  g_assert_cmpstr (adw_message_dialog_get_default_response (dialog), ==, "cancel");
  press_escape (GTK_WIDGET (dialog));
  VSM_WAIT_FOR (vsm_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG, NULL) == NULL, TIMEOUT);
  vsm_test_wait_idle (300);
  assert_pool_intact ("volume shrink, Escape");
}

static void
test_pool_delete_cancelled (void)
{
  select_safe_pool ();
  open_and_dismiss ("pool.delete", NULL, T.pool_name, "cancel");
  assert_pool_intact ("pool delete, Cancel");
  open_and_dismiss ("pool.delete", NULL, T.pool_name, "escape");
  assert_pool_intact ("pool delete, Escape");
}

/* The wizard's destructive build (fs: mkfs, disk: a new partition table)
 * asks first and names the device; cancelled (button or Escape), nothing
 * is defined and the "device" (a file with random data) is untouched. */
static void
wizard_overwrite_cancelled (const char *type,
                            const char *format,
                            const char *how)
{
  g_autofree char *name = g_strdup_printf ("%s-%s", T.pool_name, type);
  g_autofree char *vg = g_strdup_printf ("vsmsafe%d", (int) getpid ());
  const char *fields[] = { "name", name, "device", T.device, "format", format, NULL };
  g_autofree char *vg_path = g_strdup_printf ("/dev/%s", vg);
  const char *lvm_fields[] = { "name", name, "source-name", vg, "devices", T.device, "target-path", vg_path, NULL };
  g_autofree char *seq = NULL;
  VsmPoolWizard *wizard;
  AdwMessageDialog *confirm;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (T.win), "win.new-pool", NULL));
  VSM_WAIT_FOR (vsm_test_find_toplevel (VSM_TYPE_POOL_WIZARD, NULL) != NULL, TIMEOUT);
  wizard = VSM_POOL_WIZARD (vsm_test_find_toplevel (VSM_TYPE_POOL_WIZARD, NULL));
  VSM_WAIT_FOR (gtk_widget_get_mapped (GTK_WIDGET (wizard)), TIMEOUT);
  seq = wiz_fill_to_review (wizard, type, g_str_equal (type, "logical") ? lvm_fields : fields, NULL, NULL);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (wizard), "wizard.back", NULL));
  wiz_choose_build (wizard, "Build and overwrite");
  g_assert_cmpstr (wiz_next (wizard), ==, "review");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (wizard), "wizard.create", NULL));
  confirm = wiz_find_confirmation (wizard);
  g_assert_nonnull (confirm);
  g_test_message ("%s: “%s” — %s", type, adw_message_dialog_get_heading (confirm), adw_message_dialog_get_body (confirm));
  g_assert_nonnull (strstr (adw_message_dialog_get_heading (confirm), T.device));
  g_assert_cmpstr (adw_message_dialog_get_default_response (confirm), ==, "cancel");
  g_assert_cmpstr (adw_message_dialog_get_close_response (confirm), ==, "cancel");
  if (g_str_equal (how, "escape"))
    press_escape (GTK_WIDGET (confirm));
  else
    wiz_answer (confirm, "_Cancel");
  VSM_WAIT_FOR (wiz_find_confirmation (wizard) == NULL, TIMEOUT);
  vsm_test_wait_idle (300);
  g_assert_cmpstr (vsm_pool_wizard_get_page (wizard), ==, "review");
  g_assert_null (vsm_pool_wizard_get_created_uuid (wizard));
  g_assert_false (pool_defined (name, NULL, NULL));
  gtk_window_destroy (GTK_WINDOW (wizard));
  assert_pool_intact (g_str_equal (how, "escape") ? "wizard overwrite, Escape" : "wizard overwrite, Cancel");
}

static void
test_wizard_overwrite_cancelled (void)
{
  wizard_overwrite_cancelled ("fs", "ext4", "cancel");
  wizard_overwrite_cancelled ("fs", "ext4", "escape");
  wizard_overwrite_cancelled ("disk", "gpt", "cancel");
  wizard_overwrite_cancelled ("disk", "gpt", "escape");
  wizard_overwrite_cancelled ("logical", NULL, "cancel");
  wizard_overwrite_cancelled ("logical", NULL, "escape");
}

/* A dir pool whose target is a regular file with data: define works, start
 * fails; "Remove the half-created pool" undefines it and leaves the file
 * alone. */
static void
test_wizard_half_created_removed (void)
{
  g_autofree char *name = g_strdup_printf ("%s-half", T.pool_name);
  const char *fields[] = { "name", name, "target-path", T.device, NULL };
  g_autofree char *seq = NULL;
  VsmPoolWizard *wizard;
  WizWatch watch;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (T.win), "win.new-pool", NULL));
  VSM_WAIT_FOR (vsm_test_find_toplevel (VSM_TYPE_POOL_WIZARD, NULL) != NULL, TIMEOUT);
  wizard = VSM_POOL_WIZARD (vsm_test_find_toplevel (VSM_TYPE_POOL_WIZARD, NULL));
  VSM_WAIT_FOR (gtk_widget_get_mapped (GTK_WIDGET (wizard)), TIMEOUT);
  seq = wiz_fill_to_review (wizard, "dir", fields, NULL, NULL);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (wizard), "wizard.back", NULL));
  wiz_choose_build (wizard, "Do not build");
  gtk_switch_set_active (wiz_option_switch (wizard, "Start _Automatically with the Host"), FALSE);
  g_assert_cmpstr (wiz_next (wizard), ==, "review");
  wiz_watch (wizard, &watch);
  g_assert_false (wiz_create (wizard, &watch));
  VSM_WAIT_FOR (g_str_equal (vsm_pool_wizard_get_page (wizard), "error"), TIMEOUT);
  g_test_message ("start failed as expected: %s", wiz_error_text (wizard));
  g_assert_nonnull (vsm_pool_wizard_get_created_uuid (wizard));
  g_assert_true (pool_defined (name, NULL, NULL));
  g_assert_true (gtk_widget_is_visible (wiz_button (wizard, "wizard.remove-partial")));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (wizard), "wizard.remove-partial", NULL));
  VSM_WAIT_FOR (g_str_equal (vsm_pool_wizard_get_page (wizard), "review"), TIMEOUT);
  g_assert_false (pool_defined (name, NULL, NULL));
  wiz_watch_clear (&watch);
  gtk_window_destroy (GTK_WINDOW (wizard));
  assert_pool_intact ("wizard remove half-created pool");
}

/* A file put into the pool's directory behind libvirt's back (not yet
 * listed) has the name the user then types in New Volume: libvirt refuses
 * the create; the file is untouched and no volume is left half-made. */
static void
test_volume_create_fails (void)
{
  g_autofree char *intruder = g_build_filename (T.dir, "outside.raw", NULL);
  g_autofree char *sum = NULL;
  g_autofree char *after = NULL;
  VsmVolumeDialog *dialog;
  GtkWidget *button, *label;

  select_safe_pool ();

  write_random (intruder);
  sum = sha256_file (intruder);
  g_assert_null (vsm_test_find_volume (T.pool, "outside.raw"));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (T.view), "pool.new-volume", NULL));
  VSM_WAIT_FOR (vsm_test_find_toplevel (VSM_TYPE_VOLUME_DIALOG, NULL) != NULL, TIMEOUT);
  dialog = VSM_VOLUME_DIALOG (vsm_test_find_toplevel (VSM_TYPE_VOLUME_DIALOG, NULL));
  button = vsm_test_find_widget (GTK_WIDGET (dialog), vsm_test_is_button_with_label, (gpointer) "C_reate");
  label = vsm_test_find_widget (GTK_WIDGET (dialog), vsm_test_is_error_label, NULL);
  vsm_volume_dialog_set_values (dialog, "outside.raw", "1 MiB", "raw", VSM_PREALLOC_OFF);
  g_assert_true (gtk_widget_get_sensitive (button));
  vsm_volume_dialog_create (dialog);
  VSM_WAIT_FOR (gtk_widget_get_sensitive (button) || vsm_test_find_toplevel (VSM_TYPE_VOLUME_DIALOG, NULL) == NULL,
                TIMEOUT);
  if (vsm_test_find_toplevel (VSM_TYPE_VOLUME_DIALOG, NULL) == NULL)
    g_error ("libvirt created a volume over an existing file");
  g_test_message ("refused by libvirt: %s", gtk_label_get_text (GTK_LABEL (label)));
  g_assert_true (gtk_widget_get_visible (label));
  gtk_window_destroy (GTK_WINDOW (dialog));

  after = sha256_file (intruder);
  g_assert_cmpstr (after, ==, sum);
  g_test_message ("%s unchanged (sha256)", intruder);
  g_unlink (intruder);
  {
    virStoragePoolPtr p = virStoragePoolLookupByName (T.raw, T.pool_name);

    g_assert_nonnull (p);
    virStoragePoolRefresh (p, 0);
    virStoragePoolFree (p);
  }
  assert_pool_intact ("failed volume create");
}

/* "Delete Storage" on a dir pool that still holds volumes: libvirt would
 * stop the pool and then refuse to remove a non-empty directory; the
 * dialog says so before anything runs, names the volumes, and only offers
 * to delete them first (Delete Volumes and Storage, destructive); plain
 * Delete Storage cannot be confirmed. Cancelled: nothing is stopped,
 * nothing is lost. */
static void
test_pool_delete_nonempty (void)
{
  AdwMessageDialog *dialog;

  select_safe_pool ();
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (T.view), "pool.delete", NULL));
  dialog = vsm_test_wait_message_dialog (GTK_WINDOW (T.win));
  g_test_message ("“%s” — %s", adw_message_dialog_get_heading (dialog), adw_message_dialog_get_body (dialog));
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "Delete Volumes and Storage deletes them first"));
  g_assert_null (strstr (adw_message_dialog_get_body (dialog), "lost"));
  g_assert_false (adw_message_dialog_get_response_enabled (dialog, "delete"));
  g_assert_cmpint (adw_message_dialog_get_response_appearance (dialog, "delete-volumes"), ==,
                   ADW_RESPONSE_DESTRUCTIVE);
  vsm_test_respond (dialog, "cancel");
  vsm_test_wait_idle (300);
  g_assert_true (vsm_pool_get_active (T.pool));
  g_assert_true (g_file_test (T.dir, G_FILE_TEST_IS_DIR));
  assert_pool_intact ("delete of a non-empty dir pool refused in the dialog");
}

/* Last: undefine (confirmed) forgets the pool, never the data. */
static void
test_undefine_keeps_data (void)
{
  AdwMessageDialog *dialog;
  gboolean active = FALSE, persistent = TRUE;

  select_safe_pool ();

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (T.view), "pool.undefine", NULL));
  dialog = vsm_test_wait_message_dialog (GTK_WINDOW (T.win));
  g_test_message ("“%s” — %s", adw_message_dialog_get_heading (dialog), adw_message_dialog_get_body (dialog));
  g_assert_nonnull (strstr (adw_message_dialog_get_heading (dialog), T.pool_name));
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "No data is deleted"));
  g_assert_cmpstr (adw_message_dialog_get_default_response (dialog), ==, "cancel");
  /* the pool runs: the button and the virsh lines say it is stopped first */
  g_assert_cmpstr (adw_message_dialog_get_response_label (dialog, "undefine"), ==, "_Stop and Undefine");
  {
    g_autofree char *virsh = vsm_test_virsh (URI);
    g_autofree char *destroy = g_strdup_printf ("%s pool-destroy %s\n%s pool-undefine %s", virsh, T.pool_name,
                                                virsh, T.pool_name);
    g_assert_nonnull (vsm_test_find_widget (GTK_WIDGET (dialog), vsm_test_is_label_with_text, destroy));
  }
  vsm_test_respond (dialog, "undefine");

  /* stopped (libvirt undefines only inactive pools), then undefined */
  VSM_WAIT_FOR (!pool_defined (T.pool_name, &active, &persistent), TIMEOUT);
  VSM_WAIT_FOR (vsm_host_find_pool_by_name (T.host, T.pool_name) == NULL, TIMEOUT);
  g_assert_true (g_file_test (T.dir, G_FILE_TEST_IS_DIR));
  assert_files_intact ("undefine");
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  vsm_test_drop_debug_logs ();
  vsm_test_init_libvirt ();

  if (getuid () != 0)
    {
      printf ("1..0 # SKIP not root: needs a private libvirtd, which needs root\n");
      return 0;
    }

  global_setup ();
  g_test_add_func ("/safety/no-data-loss/volume-delete-cancelled", test_volume_delete_cancelled);
  g_test_add_func ("/safety/no-data-loss/volume-wipe-cancelled", test_volume_wipe_cancelled);
  g_test_add_func ("/safety/no-data-loss/volume-shrink-cancelled", test_volume_shrink_cancelled);
  g_test_add_func ("/safety/no-data-loss/pool-delete-cancelled", test_pool_delete_cancelled);
  g_test_add_func ("/safety/no-data-loss/wizard-overwrite-cancelled", test_wizard_overwrite_cancelled);
  g_test_add_func ("/safety/no-data-loss/wizard-half-created-removed", test_wizard_half_created_removed);
  g_test_add_func ("/safety/no-data-loss/volume-create-fails", test_volume_create_fails);
  g_test_add_func ("/safety/no-data-loss/pool-delete-nonempty-refused", test_pool_delete_nonempty);
  g_test_add_func ("/safety/no-data-loss/undefine-keeps-data", test_undefine_keeps_data);
  ret = g_test_run ();
  global_cleanup ();
  return ret;
}
