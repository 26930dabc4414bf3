/* test-wizard-daemon.c
 *
 * The New Pool wizard against a real libvirtd (the private daemon of
 * tests/system/run-system-test.sh), with real storage that
 * tests/system/wizard-storage-setup.sh sets up and passes in the
 * environment (see there): the wizard's field widgets are filled through
 * vsm_pool_wizard_set_field(), Next and Create are pressed through their
 * actions, and the result is checked on the host itself: the directory
 * exists, the fs pool's new ext4 is mounted (in the daemon's mount
 * namespace: /proc/PID/mounts), the disk has a GPT label, the
 * iscsi-direct LUN is listed as a volume, the glusterfs export is mounted.
 * A case whose storage could not be set up is skipped with the reason
 * (WIZ_<CASE>_SKIP). Every pool is destroyed and undefined again; the
 * wrapper removes whatever a failed run leaves.
 *
 * Copyright 2026 Virt Storage developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>

#include "vsm-pool-wizard-private.h"
#include "vsm-test-gtk-utils.h"
#include "vsm-volume.h"
#include "vsm-xml-editor.h"
#include "wizard-test-common.h"

#define URI (vsm_test_system_uri ())
#define TIMEOUT 30000
#define CREATE_TIMEOUT 120000
#define MiB (G_GUINT64_CONSTANT (1) << 20)

static VsmHost *host;

/* Returns FALSE (and skips the test) when the wrapper could not set up
 * what the case needs; @var is the variable that names it. */
static gboolean
need (const char *var,
      const char *skip_var)
{
  const char *why = g_getenv (skip_var);

  if (why != NULL)
    {
      g_test_skip (why);
      return FALSE;
    }
  if (g_getenv (var) == NULL || g_getenv ("WIZ_DIR") == NULL)
    {
      g_autofree char *msg = g_strdup_printf ("%s or WIZ_DIR is not set: run this test through tests/system/run-system-test.sh", var);
      g_test_skip (msg);
      return FALSE;
    }
  return TRUE;
}

static char *
pool_name (const char *suffix)
{
  return g_strdup_printf ("%s-%s", g_getenv ("WIZ_PREFIX") ? g_getenv ("WIZ_PREFIX") : "vsm-wiz-manual", suffix);
}

/* A path in the run's scratch directory (NULL without one: need() then
 * skips the test before it is used). */
static char *
run_path (const char *name)
{
  if (g_getenv ("WIZ_DIR") == NULL)
    return NULL;
  return g_build_filename (g_getenv ("WIZ_DIR"), name, NULL);
}

static gboolean
is_type_row (GtkWidget *w,
             gpointer   id)
{
  return ADW_IS_ACTION_ROW (w) && g_strcmp0 (gtk_widget_get_name (w), id) == 0 &&
         gtk_widget_get_ancestor (w, GTK_TYPE_LIST_BOX) != NULL;
}

static VsmPoolWizard *
open_wizard (const char *type)
{
  VsmPoolWizard *wizard = VSM_POOL_WIZARD (vsm_pool_wizard_new (NULL, host));
  GtkWidget *row;
  gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;

  gtk_window_present (GTK_WINDOW (wizard));
  VSM_WAIT_FOR (gtk_widget_get_mapped (GTK_WIDGET (wizard)), TIMEOUT);

  /* The wizard asks libvirt which pool types this host supports and
   * greys out the others: wait for that answer (rbd has no backend in
   * Debian's libvirt) and make sure @type is offered. */
  while (g_get_monotonic_time () < deadline &&
         gtk_widget_get_sensitive (vsm_test_find_widget (GTK_WIDGET (wizard), is_type_row, (gpointer) "rbd")))
    vsm_test_iterate ();
  row = vsm_test_find_widget (GTK_WIDGET (wizard), is_type_row, (gpointer) type);
  g_assert_nonnull (row);
  if (!gtk_widget_get_sensitive (row))
    g_error ("the wizard offers no %s pools: %s", type, adw_action_row_get_subtitle (ADW_ACTION_ROW (row)));
  return wizard;
}

typedef struct
{
  const char *build;       /* build choice prefix */
} Options;

static void
options_cb (VsmPoolWizard *wizard,
            gpointer       data)
{
  const Options *o = data;

  /* no pool of a test starts with the host */
  gtk_switch_set_active (wiz_option_switch (wizard, "Start _Automatically with the Host"), FALSE);
  if (o->build != NULL)
    wiz_choose_build (wizard, o->build);
}

/* Runs the wizard for @type to the end; returns the new pool, active. */
static VsmPool *
create_pool (const char         *type,
             const char * const *fields,
             const char         *build,
             const char         *expect_in_xml)
{
  VsmPoolWizard *wizard = open_wizard (type);
  Options o = { build };
  WizWatch watch;
  g_autofree char *seq = NULL;
  g_autofree char *xml = NULL;
  VsmPool *pool = NULL;
  gint64 t0;

  wiz_watch (wizard, &watch);
  seq = wiz_fill_to_review (wizard, type, fields, options_cb, &o);
  g_assert_cmpstr (seq, ==, wiz_expected_pages (type));
  xml = vsm_pool_wizard_dup_xml (wizard);
  g_test_message ("%s:\n%s", type, xml);
  g_assert_nonnull (strstr (xml, fields[1]));   /* the name */
  if (expect_in_xml != NULL)
    g_assert_nonnull (strstr (xml, expect_in_xml));

  t0 = g_get_monotonic_time ();
  g_assert_false (wiz_create (wizard, &watch));  /* no overwrite: no confirmation */
  while (!watch.gone && !g_str_equal (vsm_pool_wizard_get_page (wizard), "error"))
    {
      if (g_get_monotonic_time () - t0 > (gint64) CREATE_TIMEOUT * 1000)
        g_error ("%s: the wizard is still creating after %d s", type, CREATE_TIMEOUT / 1000);
      vsm_test_iterate ();
    }
  if (!watch.gone)
    g_error ("%s: creating failed: %s", type, wiz_error_text (wizard));
  g_test_message ("%s: created in %.2f s", type, (g_get_monotonic_time () - t0) / 1e6);
  g_assert_nonnull (watch.created_uuid);

  VSM_WAIT_FOR ((pool = vsm_host_find_pool (host, watch.created_uuid)) != NULL && vsm_pool_get_active (pool), 5000);
  g_assert_cmpstr (vsm_pool_get_name (pool), ==, fields[1]);
  g_assert_cmpstr (vsm_pool_get_pool_type (pool), ==, type);
  g_assert_true (vsm_pool_get_persistent (pool));
  g_assert_false (vsm_pool_get_autostart (pool));
  wiz_watch_clear (&watch);
  return pool;
}

static void
pool_action (VsmPool       *pool,
             VsmPoolAction  action)
{
  g_autoptr(GAsyncResult) result = NULL;
  GAsyncResult *slot = NULL;
  g_autoptr(GError) error = NULL;

  vsm_connection_pool_action_async (vsm_host_get_connection (host), vsm_pool_get_uuid (pool), action,
                                    VSM_BUILD_DEFAULT, NULL, vsm_test_store_result, &slot);
  result = vsm_test_wait_result (&slot, TIMEOUT);
  vsm_connection_pool_action_finish (vsm_host_get_connection (host), result, &error);
  g_assert_no_error (error);
}

/* Build of the existing pool, as its Build dialog runs it (issue 14,
 * item 6): through the model, which re-reads the pool. */
static void
build_pool (VsmPool      *pool,
            VsmBuildMode  mode)
{
  g_autoptr(GAsyncResult) result = NULL;
  GAsyncResult *slot = NULL;
  g_autoptr(GError) error = NULL;

  vsm_host_build_pool_async (host, pool, mode, NULL, vsm_test_store_result, &slot);
  result = vsm_test_wait_result (&slot, TIMEOUT);
  vsm_host_pool_action_finish (host, result, &error);
  g_assert_no_error (error);
}

/* Stops and undefines the pool; it leaves the host's model. */
static void
remove_pool (VsmPool *pool)
{
  g_autofree char *uuid = g_strdup (vsm_pool_get_uuid (pool));

  pool_action (pool, VSM_POOL_ACTION_STOP);
  pool_action (pool, VSM_POOL_ACTION_UNDEFINE);
  vsm_host_reload (host);
  VSM_WAIT_FOR (vsm_host_find_pool (host, uuid) == NULL, TIMEOUT);
}

/* The line of @target in the daemon's /proc/PID/mounts, or NULL. */
static char *
mount_of (const char *target)
{
  g_autofree char *mounts = NULL;
  g_auto(GStrv) lines = NULL;

  /* libvirtd mounts in its own mount namespace */
  g_autofree char *proc_mounts = g_strdup_printf ("/proc/%d/mounts", (int) vsm_test_system_daemon_pid ());

  g_assert_true (g_file_get_contents (proc_mounts, &mounts, NULL, NULL));
  lines = g_strsplit (mounts, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto(GStrv) f = g_strsplit (lines[i], " ", 4);
      if (g_strv_length (f) >= 3 && g_str_equal (f[1], target))
        return g_strdup (lines[i]);
    }
  return NULL;
}

/* The mount line of @target; fails the test when it is not mounted. */
static char *
mounted (const char *target)
{
  char *line = mount_of (target);

  if (line == NULL)
    g_error ("%s is not mounted", target);
  g_test_message ("mounted: %s", line);
  return line;
}

static char *
run_command (const char * const *argv)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  int status = 0;

  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                               &out, &err, &status, &error));
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, NULL))
    g_error ("%s failed: %s%s", argv[0], out, err);
  return g_steal_pointer (&out);
}

/* ------------------------------------------------------------------ */

static void
test_dir (void)
{
  g_autofree char *name = pool_name ("dir");
  g_autofree char *target = run_path ("dir-pool");
  const char *fields[] = { "name", name, "target-path", target, "mode", "0750", NULL };
  VsmPool *pool;
  struct stat st;

  if (!need ("WIZ_PREFIX", "WIZ_DIR_SKIP"))
    return;
  g_assert_false (g_file_test (target, G_FILE_TEST_EXISTS));
  pool = create_pool ("dir", fields, "Build", NULL);
  /* Build made the directory, with the permissions asked for */
  g_assert_true (g_file_test (target, G_FILE_TEST_IS_DIR));
  g_assert_cmpint (stat (target, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 07777, ==, 0750);
  g_assert_cmpstr (vsm_pool_get_target_path (pool), ==, target);
  remove_pool (pool);
}

static void
test_fs (void)
{
  g_autofree char *name = pool_name ("fs");
  g_autofree char *target = run_path ("fs-mnt");
  const char *dev = g_getenv ("WIZ_FS_DEV");
  const char *fields[] = { "name", name, "device", dev, "format", "ext4", "target-path", target, NULL };
  g_autofree char *line = NULL;
  g_autofree char *blkid = NULL;
  VsmPool *pool;

  if (!need ("WIZ_FS_DEV", "WIZ_FS_SKIP"))
    return;
  /* blank device: "build only if blank" runs mkfs.ext4; Build also makes the mount point */
  pool = create_pool ("fs", fields, "Build only if the device is blank", "<format type='ext4'/>");
  line = mounted (target);
  g_assert_true (g_str_has_prefix (line, dev));
  g_assert_nonnull (strstr (line, " ext4 "));
  {
    const char *argv[] = { "blkid", "-o", "value", "-s", "TYPE", dev, NULL };
    blkid = run_command (argv);
  }
  g_assert_cmpstr (g_strstrip (blkid), ==, "ext4");
  remove_pool (pool);
  g_clear_pointer (&line, g_free);
  line = mount_of (target);
  g_assert_null (line);
}

/* A device that already holds ext4 with data, as the course's notes use
 * one: the wizard's default build only makes the mount point (plain
 * pool-build), the pool mounts the filesystem as it is and the data is
 * still there; so after a Build of the existing pool. */
static void
test_fs_existing (void)
{
  g_autofree char *name = pool_name ("fsdata");
  g_autofree char *target = run_path ("fsdata-mnt");
  const char *dev = g_getenv ("WIZ_FSDATA_DEV");
  const char *fields[] = { "name", name, "device", dev, "format", "ext4", "target-path", target, NULL };
  g_autofree char *line = NULL;
  g_autofree char *seen = NULL;
  g_autofree char *seen_path = NULL;
  VsmPool *pool;

  if (!need ("WIZ_FSDATA_DEV", "WIZ_FS_SKIP"))
    return;
  g_assert_false (g_file_test (target, G_FILE_TEST_EXISTS));
  /* NULL: the wizard's own default, which must be the plain build */
  pool = create_pool ("fs", fields, NULL, "<format type='ext4'/>");
  line = mounted (target);
  g_assert_true (g_str_has_prefix (line, dev));
  /* read through the daemon's mount namespace, where the pool is mounted */
  seen_path = g_strdup_printf ("/proc/%d/root%s/keep.txt", (int) vsm_test_system_daemon_pid (), target);
  g_assert_true (g_file_get_contents (seen_path, &seen, NULL, NULL));
  g_assert_cmpstr (seen, ==, "course data\n");

  /* Build of the existing, stopped pool (pool-build): the mount point is
   * made again, the device is not touched, the data is still there */
  pool_action (pool, VSM_POOL_ACTION_STOP);
  g_clear_pointer (&line, g_free);
  g_assert_null (line = mount_of (target));
  {
    g_autofree char *mnt = g_strdup_printf ("/proc/%d/root%s", (int) vsm_test_system_daemon_pid (), target);

    g_assert_cmpint (g_rmdir (mnt), ==, 0);
    build_pool (pool, VSM_BUILD_DEFAULT);
    g_assert_true (g_file_test (mnt, G_FILE_TEST_IS_DIR));
  }
  pool_action (pool, VSM_POOL_ACTION_START);
  g_clear_pointer (&seen, g_free);
  g_assert_true (g_file_get_contents (seen_path, &seen, NULL, NULL));
  g_assert_cmpstr (seen, ==, "course data\n");
  remove_pool (pool);
}

static void
test_disk (void)
{
  g_autofree char *name = pool_name ("disk");
  const char *dev = g_getenv ("WIZ_DISK_DEV");
  const char *fields[] = { "name", name, "device", dev, "format", "gpt", "target-path", "/dev", NULL };
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  VsmPool *pool;

  if (!need ("WIZ_DISK_DEV", "WIZ_DISK_SKIP"))
    return;
  {
    const char *argv[] = { "blkid", "-p", dev, NULL };
    int status = 0;
    g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL |
                                 G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, NULL, NULL, &status, NULL));
    g_assert_false (g_spawn_check_wait_status (status, NULL));   /* blank: blkid finds nothing */
  }
  /* blank disk: "build only if blank" writes the GPT label */
  pool = create_pool ("disk", fields, "Build only if the disk is blank", "<format type='gpt'/>");
  {
    const char *argv[] = { "parted", "-s", dev, "print", NULL };
    after = run_command (argv);
  }
  g_test_message ("parted -s %s print:\n%s", dev, after);
  g_assert_nonnull (strstr (after, "Partition Table: gpt"));
  remove_pool (pool);
}

static void
test_iscsi_direct (void)
{
  g_autofree char *name = pool_name ("iscsid");
  const char *iqn = g_getenv ("WIZ_ISCSI_IQN");
  const char *initiator = g_getenv ("WIZ_ISCSI_INITIATOR");
  const char *port = g_getenv ("WIZ_ISCSI_PORT");
  const char *fields[] = { "name", name, "host", "127.0.0.1", "port", port ? port : "3260", "target-iqn", iqn,
                           "initiator", initiator, NULL };
  VsmPool *pool;
  VsmKeyedList *vols;
  VsmVolume *lun = NULL;

  if (!need ("WIZ_ISCSI_IQN", "WIZ_ISCSI_SKIP"))
    return;
  pool = create_pool ("iscsi-direct", fields, NULL, iqn);
  vsm_host_load_volumes (host, pool);
  VSM_WAIT_FOR (vsm_test_volumes_ready (pool), TIMEOUT);
  vols = vsm_pool_get_volumes (pool);
  for (guint i = 0; i < vsm_keyed_list_get_n_items (vols); i++)
    {
      VsmVolume *v = vsm_keyed_list_get (vols, i);
      g_test_message ("LUN %s: %" G_GUINT64_FORMAT " bytes, %s", vsm_volume_get_name (v),
                      vsm_volume_get_capacity (v), vsm_volume_get_path (v));
      if (g_str_equal (vsm_volume_get_name (v), "unit:0:0:1"))
        lun = v;
    }
  /* LUN 1 is the 64 MiB image (tgt reports one sector less); LUN 0 is
   * the target's controller */
  g_assert_nonnull (lun);
  g_assert_cmpuint (vsm_volume_get_capacity (lun), >, 63 * MiB);
  g_assert_cmpuint (vsm_volume_get_capacity (lun), <=, 64 * MiB);
  g_assert_nonnull (strstr (vsm_volume_get_path (lun), iqn));
  remove_pool (pool);
}

static void
test_netfs_glusterfs (void)
{
  g_autofree char *name = pool_name ("glfs");
  g_autofree char *target = run_path ("gl-mnt");
  g_autofree char *export = NULL;
  g_autofree char *line = NULL;
  const char *fields[] = { "name", name, "host", "127.0.0.1", "source-dir", NULL, "format", "glusterfs",
                           "target-path", target, NULL };
  VsmPool *pool;

  if (!need ("WIZ_GLUSTER_VOL", "WIZ_GLUSTER_SKIP"))
    return;
  export = g_strdup_printf ("/%s", g_getenv ("WIZ_GLUSTER_VOL"));
  fields[5] = export;
  /* Build makes the mount point */
  pool = create_pool ("netfs", fields, "Build", "<format type='glusterfs'/>");
  line = mounted (target);
  g_assert_nonnull (strstr (line, " fuse.glusterfs "));
  g_assert_nonnull (strstr (line, g_getenv ("WIZ_GLUSTER_VOL")));
  remove_pool (pool);
  g_clear_pointer (&line, g_free);
  line = mount_of (target);
  g_assert_null (line);
}

/* ------------------------------------------------------------------ */
/* XML in (issue 14, item 5): the XML editor against the real daemon     */

static VsmXmlEditor *
editor_open (VsmXmlEditorKind  kind,
             VsmPool          *pool,
             const char       *xml)
{
  VsmXmlEditor *editor = VSM_XML_EDITOR (vsm_xml_editor_new (NULL, host, kind, pool, xml));

  gtk_window_present (GTK_WINDOW (editor));
  VSM_WAIT_FOR (gtk_widget_get_mapped (GTK_WIDGET (editor)), TIMEOUT);
  return editor;
}

static void
editor_click (VsmXmlEditor *editor,
              const char   *label)
{
  GtkWidget *b = vsm_test_find_widget (GTK_WIDGET (editor), vsm_test_is_button_with_label, (gpointer) label);

  g_assert_nonnull (b);
  VSM_WAIT_FOR (gtk_widget_is_sensitive (b), TIMEOUT);
  g_signal_emit_by_name (b, "clicked");
}

/* Review, then the done button @done; waits until the editor is gone. */
static void
editor_run (VsmXmlEditor *editor,
            const char   *done,
            const char   *expect_command)
{
  GtkLabel *line;

  editor_click (editor, "_Review");
  line = GTK_LABEL (vsm_test_find_widget (GTK_WIDGET (editor), vsm_test_is_label_containing, (gpointer) "virsh "));
  g_assert_nonnull (line);
  g_test_message ("review: %s", gtk_label_get_text (line));
  g_assert_nonnull (strstr (gtk_label_get_text (line), expect_command));
  /* a click this soon after the review opened would be ignored */
  vsm_test_wait_idle (450);
  editor_click (editor, done);
  VSM_WAIT_FOR (vsm_test_find_toplevel (VSM_TYPE_XML_EDITOR, NULL) == NULL, CREATE_TIMEOUT);
}

/* The pool's running XML, or its definition for the next start. */
static char *
pool_xml (VsmPool  *pool,
          gboolean  inactive)
{
  VsmConnection *conn = vsm_host_get_connection (host);
  g_autoptr(GError) error = NULL;
  char *xml = inactive ? vsm_test_pool_definition (conn, vsm_pool_get_uuid (pool), &error)
                       : vsm_test_pool_xml (conn, vsm_pool_get_uuid (pool), &error);

  g_assert_no_error (error);
  return xml;
}

/* The course's way: pool-define FILE.xml (opened from a file), start it,
 * pool-edit the running pool (a new target path waits for the next
 * start), vol-create FILE.xml (a real qcow2 of the size the XML asks
 * for), and a transient pool-create that is gone once stopped. */
static void
test_xml_in (void)
{
  g_autofree char *name = pool_name ("xml");
  g_autofree char *transient = pool_name ("xmlt");
  g_autofree char *dir = run_path ("xml-a");
  g_autofree char *dir2 = run_path ("xml-b");
  g_autofree char *file = run_path ("pool.xml");
  g_autofree char *xml = NULL;
  g_autofree char *edited = NULL;
  g_autofree char *active = NULL;
  g_autofree char *inactive = NULL;
  g_autofree char *vol_path = NULL;
  g_autofree char *info = NULL;
  VsmXmlEditor *editor;
  VsmPool *pool;

  if (!need ("WIZ_DIR", "WIZ_XML_SKIP"))
    return;
  g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);
  g_assert_cmpint (g_mkdir_with_parents (dir2, 0755), ==, 0);
  xml = g_strdup_printf ("<pool type='dir'>\n  <name>%s</name>\n  <target>\n    <path>%s</path>\n"
                         "  </target>\n</pool>\n", name, dir);
  g_assert_true (g_file_set_contents (file, xml, -1, NULL));

  /* pool-define FILE */
  editor = editor_open (VSM_XML_EDITOR_NEW_POOL, NULL, NULL);
  vsm_xml_editor_set_text (editor, xml, file);
  editor_run (editor, "_Define Pool", file);
  VSM_WAIT_FOR ((pool = vsm_host_find_pool_by_name (host, name)) != NULL, TIMEOUT);
  g_assert_true (vsm_pool_get_persistent (pool));
  g_assert_false (vsm_pool_get_active (pool));
  pool_action (pool, VSM_POOL_ACTION_START);
  VSM_WAIT_FOR (vsm_pool_get_active (pool), TIMEOUT);

  /* pool-edit of the running pool: libvirt keeps the new definition for
   * the next start */
  inactive = pool_xml (pool, TRUE);
  {
    g_autofree char *from = g_strdup_printf ("<path>%s</path>", dir);
    g_autofree char *to = g_strdup_printf ("<path>%s</path>", dir2);
    g_auto(GStrv) parts = g_strsplit (inactive, from, 2);

    g_assert_cmpuint (g_strv_length (parts), ==, 2);
    edited = g_strjoinv (to, parts);
  }
  editor = editor_open (VSM_XML_EDITOR_EDIT_POOL, pool, inactive);
  vsm_xml_editor_set_text (editor, edited, NULL);
  editor_click (editor, "_Review");
  g_assert_nonnull (vsm_test_find_widget (GTK_WIDGET (editor), vsm_test_is_label_containing,
                                          (gpointer) "The running pool keeps its current settings"));
  editor_click (editor, "_Back");
  editor_run (editor, "_Save Definition", " pool-edit ");
  g_clear_pointer (&inactive, g_free);
  active = pool_xml (pool, FALSE);
  inactive = pool_xml (pool, TRUE);
  g_assert_nonnull (strstr (active, dir));
  g_assert_nonnull (strstr (inactive, dir2));
  pool_action (pool, VSM_POOL_ACTION_STOP);
  pool_action (pool, VSM_POOL_ACTION_START);
  g_clear_pointer (&active, g_free);
  active = pool_xml (pool, FALSE);
  g_assert_nonnull (strstr (active, dir2));

  /* vol-create FILE: a qcow2 of 8 MiB */
  vsm_host_load_volumes (host, pool);
  VSM_WAIT_FOR (vsm_test_volumes_ready (pool), TIMEOUT);
  editor = editor_open (VSM_XML_EDITOR_NEW_VOLUME, pool, NULL);
  vsm_xml_editor_set_text (editor, "<volume>\n  <name>fromxml.qcow2</name>\n  <capacity unit='MiB'>8</capacity>\n"
                                   "  <target><format type='qcow2'/></target>\n</volume>\n", NULL);
  editor_run (editor, "_Create Volume", " vol-create ");
  vol_path = g_build_filename (dir2, "fromxml.qcow2", NULL);
  {
    const char *argv[] = { "qemu-img", "info", "--output=json", vol_path, NULL };
    info = run_command (argv);
  }
  g_test_message ("qemu-img info: %s", info);
  g_assert_nonnull (strstr (info, "\"format\": \"qcow2\""));
  g_assert_nonnull (strstr (info, "\"virtual-size\": 8388608"));
  VSM_WAIT_FOR (vsm_keyed_list_lookup (vsm_pool_get_volumes (pool), "fromxml.qcow2") != NULL, TIMEOUT);
  g_assert_cmpint (g_unlink (vol_path), ==, 0);
  remove_pool (pool);

  /* pool-create: transient, running, gone once stopped */
  editor = editor_open (VSM_XML_EDITOR_NEW_POOL, NULL, NULL);
  {
    g_autofree char *t = g_strdup_printf ("<pool type='dir'><name>%s</name><target><path>%s</path></target></pool>",
                                          transient, dir);
    vsm_xml_editor_set_text (editor, t, NULL);
  }
  editor_click (editor, "Create and _Start");
  editor_run (editor, "Create and _Start", " pool-create ");
  VSM_WAIT_FOR ((pool = vsm_host_find_pool_by_name (host, transient)) != NULL && vsm_pool_get_active (pool), TIMEOUT);
  g_assert_false (vsm_pool_get_persistent (pool));
  {
    g_autofree char *uuid = g_strdup (vsm_pool_get_uuid (pool));

    pool_action (pool, VSM_POOL_ACTION_STOP);
    vsm_host_reload (host);
    VSM_WAIT_FOR (vsm_host_find_pool (host, uuid) == NULL, TIMEOUT);
  }
}

int
main (int   argc,
      char *argv[])
{
  int rc;

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  /* GTest prints debug messages as TAP comments; libvirt-gobject logs
   * (no domain) from libvirt's event-loop thread, which could land inside
   * a result line: drop those. */
  vsm_test_drop_debug_logs ();
  vsm_test_init_libvirt ();

  g_test_add_func ("/wizard-daemon/dir", test_dir);
  g_test_add_func ("/wizard-daemon/fs-ext4-loop", test_fs);
  g_test_add_func ("/wizard-daemon/fs-existing-ext4", test_fs_existing);
  g_test_add_func ("/wizard-daemon/disk-gpt-loop", test_disk);
  g_test_add_func ("/wizard-daemon/iscsi-direct-tgt", test_iscsi_direct);
  g_test_add_func ("/wizard-daemon/netfs-glusterfs", test_netfs_glusterfs);
  g_test_add_func ("/wizard-daemon/xml-in", test_xml_in);

  host = vsm_host_new (URI);
  vsm_host_connect (host);
  VSM_WAIT_FOR (vsm_host_get_pools_loaded (host), TIMEOUT);

  rc = g_test_run ();

  vsm_host_disconnect (host);
  g_clear_object (&host);
  vsm_test_wait_idle (100);
  return rc;
}
