/* test-big-pool.c
 *
 * A pool bigger than libvirt's remote protocol lists, on a real libvirtd
 * (the private daemon tests/system/run-system-test.sh starts for this
 * suite; root only): a persistent dir pool vsm-big-<pid> of 17,000 small
 * files, made by truncate and found by the pool's start (no vol-create
 * per volume). libvirt 9.0's client refuses virStoragePoolListAllVolumes
 * of more than 16,384 volumes (REMOTE_STORAGE_VOL_LIST_MAX): `virsh
 * vol-list` fails, and the app used to show "No Volumes" for it.
 *
 *   /big-pool/libvirt-refuses  what libvirt itself does: the listing fails
 *                              with VIR_ERR_INTERNAL_ERROR from
 *                              VIR_FROM_RPC (the code the service
 *                              classifies, never the message), the count
 *                              works, the older call names 16,384
 *   /big-pool/model            the model: 16,384 volumes with details,
 *                              partial, 17,000 in the pool, an unlisted
 *                              volume found by exact name
 *   /big-pool/window           the window: the list, the banner, the
 *                              lookup from the filter, Delete Storage's
 *                              words (cancelled: every file kept)
 *
 * Copyright 2026 Virt Storage developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>
#include <string.h>
#include <unistd.h>

#include "vsm-error.h"
#include "vsm-pool-view.h"
#include "vsm-test-gtk-utils.h"
#include "vsm-virt-error.h"
#include "vsm-window.h"

#define URI (vsm_test_system_uri ())
#define N_VOLUMES 17000
/* libvirt's REMOTE_STORAGE_VOL_LIST_MAX */
#define LIMIT 16384
/* 16,384 lookups and XML reads over one connection */
#define TIMEOUT 120000

static struct
{
  char          *dir;         /* WORK/vsm-big-PID: the pool's target */
  char          *pool_name;
  virConnectPtr  raw;         /* setup, checks and cleanup only */
} T;

static char *
volume_name (guint i)
{
  return g_strdup_printf ("vol-%05u.img", i);
}

static guint
files_in_dir (void)
{
  g_autoptr(GDir) dir = g_dir_open (T.dir, 0, NULL);
  guint n = 0;

  g_assert_nonnull (dir);
  while (g_dir_read_name (dir) != NULL)
    n++;
  return n;
}

/* 17,000 files of 1 KiB (sparse), by one truncate per 1,000 names. */
static void
make_files (void)
{
  for (guint start = 0; start < N_VOLUMES; start += 1000)
    {
      g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
      g_autoptr(GError) error = NULL;
      int status = 0;

      g_ptr_array_add (argv, g_strdup ("truncate"));
      g_ptr_array_add (argv, g_strdup ("-s"));
      g_ptr_array_add (argv, g_strdup ("1K"));
      g_ptr_array_add (argv, g_strdup ("--"));
      for (guint i = start; i < start + 1000 && i < N_VOLUMES; i++)
        g_ptr_array_add (argv, volume_name (i));
      g_ptr_array_add (argv, NULL);
      g_spawn_sync (T.dir, (char **) argv->pdata, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, &status,
                    &error);
      g_assert_no_error (error);
      g_assert_true (g_spawn_check_wait_status (status, NULL));
    }
  g_assert_cmpuint (files_in_dir (), ==, N_VOLUMES);
}

static void
global_setup (void)
{
  g_autofree char *base_name = g_strdup_printf ("vsm-big-%d", (int) getpid ());
  g_autofree char *xml = NULL;
  virStoragePoolPtr p;
  gint64 start = g_get_monotonic_time ();

  T.dir = vsm_test_system_work_path (base_name);
  T.pool_name = g_strdup (base_name);
  g_assert_cmpint (g_mkdir_with_parents (T.dir, 0755), ==, 0);
  make_files ();

  T.raw = virConnectOpen (URI);
  if (T.raw == NULL)
    g_error ("cannot open %s: %s", URI, virGetLastErrorMessage ());
  xml = g_strdup_printf ("<pool type='dir'><name>%s</name><target><path>%s</path></target></pool>",
                         T.pool_name, T.dir);
  p = virStoragePoolDefineXML (T.raw, xml, 0);
  if (p == NULL || virStoragePoolCreate (p, 0) < 0)
    g_error ("could not set up pool %s: %s", T.pool_name, virGetLastErrorMessage ());
  g_assert_cmpint (virStoragePoolNumOfVolumes (p), ==, N_VOLUMES);
  virStoragePoolFree (p);
  g_test_message ("pool %s: %u volumes in %s, made in %.1f s", T.pool_name, N_VOLUMES, T.dir,
                  (g_get_monotonic_time () - start) / 1e6);
}

static void
global_cleanup (void)
{
  if (T.raw != NULL)
    {
      virStoragePoolPtr p = virStoragePoolLookupByName (T.raw, T.pool_name);

      if (p != NULL)
        {
          if (virStoragePoolIsActive (p) == 1)
            virStoragePoolDestroy (p);
          virStoragePoolUndefine (p);
          virStoragePoolFree (p);
        }
      virConnectClose (T.raw);
    }
  if (T.dir != NULL)
    {
      const char *argv[] = { "rm", "-rf", "--one-file-system", "--", T.dir, NULL };
      g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, NULL, NULL);
    }
}

/* ------------------------------------------------------------------ */
/* Tests                                                               */

/* What libvirt 9.0 itself does with a pool this big, and that the
 * service tells it by the error's code and domain and the count. */
static void
test_libvirt_refuses (void)
{
  virStoragePoolPtr p = virStoragePoolLookupByName (T.raw, T.pool_name);
  virStorageVolPtr *vols = NULL;
  virErrorPtr err;
  char **names = g_new0 (char *, LIMIT + 1);
  int n;

  g_assert_nonnull (p);
  g_assert_cmpint (virStoragePoolListAllVolumes (p, &vols, 0), ==, -1);
  err = virSaveLastError ();
  g_assert_nonnull (err);
  g_test_message ("ListAllVolumes: code %d, domain %d: %s", err->code, err->domain, err->message);
  g_assert_cmpint (err->code, ==, VIR_ERR_INTERNAL_ERROR);
  g_assert_cmpint (err->domain, ==, VIR_FROM_RPC);
  g_assert_true (vsm_virt_error_is_list_limit (err->code, err->domain));
  virFreeError (err);
  g_assert_cmpint (virConnectIsAlive (T.raw), ==, 1);
  g_assert_cmpint (virStoragePoolNumOfVolumes (p), ==, N_VOLUMES);

  n = virStoragePoolListVolumes (p, names, LIMIT);
  g_assert_cmpint (n, ==, LIMIT);
  for (int i = 0; i < n; i++)
    free (names[i]);
  g_free (names);
  virStoragePoolFree (p);
}

static const char *
first_unlisted (VsmPool *pool,
                char   **buffer)
{
  for (guint i = 0; i < N_VOLUMES; i++)
    {
      g_autofree char *name = volume_name (i);

      if (vsm_keyed_list_lookup (vsm_pool_get_volumes (pool), name) == NULL)
        {
          g_free (*buffer);
          *buffer = g_steal_pointer (&name);
          return *buffer;
        }
    }
  g_assert_not_reached ();
}

static VsmVolume *
look_up (VsmHost     *host,
         VsmPool     *pool,
         const char  *name,
         GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;
  GAsyncResult *slot = NULL;

  vsm_host_look_up_volume_async (host, pool, name, NULL, vsm_test_store_result, &slot);
  result = vsm_test_wait_result (&slot, TIMEOUT);
  return vsm_host_look_up_volume_finish (host, result, error);
}

/* The model lists what libvirt can name and says how many there are. */
static void
test_model (void)
{
  g_autoptr(VsmHost) host = vsm_test_host_new_loaded (URI);
  VsmPool *pool = vsm_host_find_pool_by_name (host, T.pool_name);
  VsmKeyedList *volumes;
  g_autoptr(VsmVolume) found = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *unlisted = NULL;
  gint64 start = g_get_monotonic_time ();

  g_assert_nonnull (pool);
  volumes = vsm_pool_get_volumes (pool);
  vsm_host_load_volumes (host, pool);
  VSM_WAIT_FOR (vsm_test_volumes_ready (pool), TIMEOUT);
  g_test_message ("16,384 volumes with details in %.1f s", (g_get_monotonic_time () - start) / 1e6);

  g_assert_null (vsm_pool_get_volumes_error (pool));
  g_assert_true (vsm_pool_get_volumes_partial (pool));
  g_assert_cmpuint (vsm_pool_get_volumes_in_pool (pool), ==, N_VOLUMES);
  g_assert_cmpuint (vsm_pool_get_list_limit (pool), ==, LIMIT);
  g_assert_cmpuint (vsm_keyed_list_get_n_items (volumes), ==, LIMIT);
  g_assert_false (vsm_pool_get_totals_known (pool));
  for (guint i = 0; i < vsm_keyed_list_get_n_items (volumes); i++)
    {
      VsmVolume *vol = vsm_keyed_list_get (volumes, i);
      g_autofree char *path = g_build_filename (T.dir, vsm_volume_get_name (vol), NULL);

      g_assert_true (g_str_has_prefix (vsm_volume_get_name (vol), "vol-"));
      g_assert_cmpstr (vsm_volume_get_path (vol), ==, path);
      g_assert_cmpuint (vsm_volume_get_capacity (vol), ==, 1024);
    }

  first_unlisted (pool, &unlisted);
  found = look_up (host, pool, unlisted, &error);
  g_assert_no_error (error);
  g_assert_true (vsm_keyed_list_lookup (volumes, unlisted) == found);
  g_assert_cmpuint (vsm_volume_get_capacity (found), ==, 1024);
  g_assert_null (look_up (host, pool, "vol-99999.img", &error));
  g_assert_error (error, VSM_ERROR, VSM_ERROR_NOT_FOUND);
}

/* The window shows the truth: the list, the banner, the lookup, and a
 * Delete Storage that says what it cannot know. */
static void
test_window (void)
{
  g_autoptr(GListStore) hosts = NULL;
  g_autoptr(GSettings) settings = NULL;
  VsmWindow *win = vsm_test_window_open (&hosts, &settings);
  VsmPoolView *view = vsm_window_get_pool_view (win);
  VsmHost *host = vsm_window_add_connection (win, URI, FALSE);
  g_autofree char *showing = NULL;
  g_autofree char *held = NULL;
  g_autofree char *count = NULL;
  g_autofree char *unlisted = NULL;
  AdwMessageDialog *dialog;
  VsmPool *pool;

  g_assert_nonnull (host);
  VSM_WAIT_FOR (vsm_host_get_pools_loaded (host) && vsm_host_find_pool_by_name (host, T.pool_name) != NULL,
                TIMEOUT);
  pool = vsm_host_find_pool_by_name (host, T.pool_name);
  g_assert_true (vsm_window_select_pool (win, vsm_pool_get_uuid (pool)));
  VSM_WAIT_FOR (vsm_pool_view_get_pool (view) == pool && vsm_test_volumes_ready (pool) &&
                vsm_pool_get_volumes_partial (pool), TIMEOUT);

  /* never "No Volumes": the 16,384 listed, and a banner saying the rest */
  g_assert_cmpstr (vsm_pool_view_get_visible_page (view), ==, "list");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (vsm_pool_view_get_selection (view))), ==, LIMIT);
  showing = g_strdup_printf ("Showing %'u of %'u volumes. libvirt's remote protocol lists at most %'u volumes at a "
                             "time; type a volume's exact name in the filter to find any of the others.",
                             LIMIT, N_VOLUMES, LIMIT);
  g_test_message ("banner: %s", showing);
  g_assert_true (vsm_test_has_label (GTK_WIDGET (view), showing));
  count = g_strdup_printf ("%u of %u volumes", LIMIT, N_VOLUMES);
  g_assert_true (vsm_test_has_label (GTK_WIDGET (view), count));

  /* Delete Storage says how much is known, and offers no emptying */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "pool.delete", NULL));
  dialog = vsm_test_wait_message_dialog (GTK_WINDOW (win));
  g_test_message ("%s", adw_message_dialog_get_body (dialog));
  held = g_strdup_printf ("It still holds %'u volumes, of which only %'u could be listed", N_VOLUMES, LIMIT);
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), held));
  g_assert_false (adw_message_dialog_has_response (dialog, "delete-volumes"));
  g_assert_false (adw_message_dialog_get_response_enabled (dialog, "delete"));
  vsm_test_respond (dialog, "cancel");
  VSM_WAIT_FOR (vsm_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG, NULL) == NULL, TIMEOUT);

  /* one of the others, by its exact name */
  first_unlisted (pool, &unlisted);
  vsm_pool_view_set_search_text (view, unlisted);
  VSM_WAIT_FOR (g_list_model_get_n_items (G_LIST_MODEL (vsm_pool_view_get_selection (view))) == 1, TIMEOUT);
  g_assert_true (vsm_test_select_volume (view, unlisted));
  g_assert_cmpstr (vsm_pool_view_get_visible_page (view), ==, "list");

  vsm_test_window_close (&win, &settings, &hosts);
  /* nothing was deleted */
  g_assert_cmpuint (files_in_dir (), ==, N_VOLUMES);
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  vsm_test_gtk_init (&argc, &argv);
  vsm_test_drop_debug_logs ();

  if (getuid () != 0)
    {
      printf ("1..0 # SKIP not root: needs a private libvirtd, which needs root\n");
      return 0;
    }

  global_setup ();
  g_test_add_func ("/big-pool/libvirt-refuses", test_libvirt_refuses);
  g_test_add_func ("/big-pool/model", test_model);
  g_test_add_func ("/big-pool/window", test_window);
  ret = g_test_run ();
  global_cleanup ();
  return ret;
}
