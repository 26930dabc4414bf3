/* test-upload.c
 *
 * New Volume from File through the model (vsm_host_volume_job_async with
 * an upload and a spec) on libvirt's test driver, with
 * tests/data/fixture-tight.xml ("tight": 8 MiB free; "roomy"). The test
 * driver has no upload, so there the upload always fails after the
 * volume was created: the path that deletes the new volume again. What
 * a real daemon does with the bytes is tests/system/test-volume-daemon.c.
 *
 * Copyright 2026 Virt Storage developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "vsm-error.h"
#include "vsm-host.h"
#include "vsm-host-jobs.h"
#include "vsm-test-utils.h"
#include "vsm-upload.h"

#define TIMEOUT VSM_TEST_TIMEOUT
#define MiB (G_GUINT64_CONSTANT (1) << 20)
#define ODD_SIZE (3 * MiB + 517)
#define UUID_TIGHT "33333333-4444-5555-6666-777777777701"
#define UUID_ROOMY "33333333-4444-5555-6666-777777777702"

typedef struct
{
  VsmHost *host;
  VsmPool *tight;
  VsmPool *roomy;
  char    *dir;       /* local files */
} Fixture;

static void
load_volumes (Fixture *f,
              VsmPool *pool)
{
  vsm_host_load_volumes (f->host, pool);
  VSM_WAIT_FOR (vsm_test_volumes_ready (pool), TIMEOUT);
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autofree char *uri = vsm_test_fixture_uri ("fixture-tight.xml");
  g_autoptr(GError) error = NULL;

  f->host = vsm_test_host_new_loaded (uri);
  f->tight = vsm_host_find_pool (f->host, UUID_TIGHT);
  f->roomy = vsm_host_find_pool (f->host, UUID_ROOMY);
  g_assert_nonnull (f->tight);
  g_assert_nonnull (f->roomy);
  load_volumes (f, f->tight);
  load_volumes (f, f->roomy);
  g_assert_cmpuint (vsm_pool_get_available (f->tight), ==, 8 * MiB);
  f->dir = g_dir_make_tmp ("vsm-upload-XXXXXX", &error);
  g_assert_no_error (error);
}

static void
rm_dir (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_unlink (path);
    }
  g_rmdir (dir);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  vsm_host_disconnect (f->host);
  g_clear_object (&f->host);
  rm_dir (f->dir);
  g_free (f->dir);
}

/* A file of @size pseudo-random bytes named @name in the scratch dir. */
static char *
make_file (Fixture    *f,
           const char *name,
           gsize       size)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (size);
  g_autofree guint8 *data = g_malloc (size);
  char *path = g_build_filename (f->dir, name, NULL);

  for (gsize i = 0; i < size; i++)
    data[i] = g_rand_int (rand) & 0xff;
  g_assert_true (g_file_set_contents (path, (const char *) data, size, NULL));
  return path;
}

/* What the form proposes for @path in @pool, from the file on disk. */
static VsmUploadPlan *
plan_for (VsmPool    *pool,
          const char *path)
{
  g_autoptr(GHashTable) existing = g_hash_table_new (g_str_hash, g_str_equal);
  VsmKeyedList *vols = vsm_pool_get_volumes (pool);
  g_autofree char *contents = NULL;
  gsize len = 0;

  for (guint i = 0; i < vsm_keyed_list_get_n_items (vols); i++)
    g_hash_table_add (existing, (gpointer) vsm_volume_get_name (vsm_keyed_list_get (vols, i)));
  g_assert_true (g_file_get_contents (path, &contents, &len, NULL));
  return vsm_upload_plan_new (path, len, len, (const guint8 *) contents, MIN (len, VSM_UPLOAD_HEAD_SIZE),
                              vsm_pool_get_pool_type (pool), vsm_pool_get_source_device (pool), existing);
}

static gboolean
upload_new (Fixture             *f,
            VsmPool             *pool,
            const VsmVolumeSpec *spec,
            const char          *path,
            GCancellable        *cancellable,
            GError             **error)
{
  GAsyncResult *slot = NULL;
  g_autoptr(GAsyncResult) result = NULL;

  vsm_host_volume_job_async (f->host,
                             &(VsmVolumeJob) { .kind = VSM_VOLUME_JOB_UPLOAD, .pool_uuid = vsm_pool_get_uuid (pool),
                                               .spec = spec, .local_path = path, .sparse = TRUE },
                             cancellable, vsm_test_store_result, &slot);
  result = vsm_test_wait_result (&slot, TIMEOUT);
  return vsm_host_volume_job_finish (f->host, result, NULL, error);
}

/* @name is not a volume of @pool, in the model and in libvirt. */
static void
assert_no_volume (Fixture    *f,
                  VsmPool    *pool,
                  const char *name)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *xml = NULL;

  load_volumes (f, pool);
  g_assert_null (vsm_test_find_volume (pool, name));
  xml = vsm_test_dup_xml (vsm_host_get_connection (f->host), vsm_pool_get_uuid (pool), name, &error);
  g_assert_null (xml);
  g_assert_error (error, VSM_ERROR, VSM_ERROR_NOT_FOUND);
}

/* The name comes from the file; taken, it is numbered. */
static void
test_plan_from_file (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *path = make_file (f, "disk.img", ODD_SIZE);
  g_autofree char *other = make_file (f, "backup 2024.raw", 4096);
  g_autoptr(VsmUploadPlan) plan = plan_for (f->roomy, path);
  g_autoptr(VsmUploadPlan) plan2 = plan_for (f->roomy, other);

  g_assert_cmpstr (plan->spec->name, ==, "disk-2.img");     /* disk.img is taken */
  g_assert_cmpint (plan->kind, ==, VSM_FILE_KIND_RAW);
  g_assert_cmpuint (plan->spec->capacity, ==, ODD_SIZE);
  g_assert_cmpstr (plan->spec->format, ==, "raw");
  g_assert_cmpstr (plan2->spec->name, ==, "backup 2024.raw");
  g_assert_true (vsm_upload_check_room (plan->file_size, plan->needed, vsm_pool_get_capacity (f->roomy),
                                        vsm_pool_get_available (f->roomy), vsm_pool_get_over_capacity (f->roomy),
                                        NULL));
}

/* The upload fails after the create (no upload in the test driver): the
 * new volume is deleted again, and the error says so. */
static void
test_rollback (Fixture       *f,
               gconstpointer  data)
{
  g_autofree char *path = make_file (f, "disk.img", ODD_SIZE);
  g_autoptr(VsmUploadPlan) plan = plan_for (f->roomy, path);
  g_autoptr(GError) error = NULL;
  guint before = vsm_keyed_list_get_n_items (vsm_pool_get_volumes (f->roomy));

  g_assert_false (upload_new (f, f->roomy, plan->spec, path, NULL, &error));
  g_test_message ("%s", error->message);
  /* libvirt's refusal of the upload, classified, with the rollback said:
   * only a delete that succeeded says "was deleted", so the volume was
   * there to delete */
  g_assert_error (error, VSM_ERROR, VSM_ERROR_NOT_SUPPORTED);
  g_assert_nonnull (strstr (error->message, "the new volume “disk-2.img” was deleted"));
  assert_no_volume (f, f->roomy, "disk-2.img");
  g_assert_cmpuint (vsm_keyed_list_get_n_items (vsm_pool_get_volumes (f->roomy)), ==, before);
  g_assert_nonnull (vsm_test_find_volume (f->roomy, "disk.img"));
}

/* A name already taken fails at the create: the volume that was there
 * is not deleted. */
static void
test_existing_name_kept (Fixture       *f,
                         gconstpointer  data)
{
  g_autofree char *path = make_file (f, "disk.img", ODD_SIZE);
  g_autoptr(VsmVolumeSpec) spec = vsm_upload_volume_spec ("disk.img", "dir", ODD_SIZE);
  g_autoptr(GError) error = NULL;
  VsmVolume *vol;

  g_assert_false (upload_new (f, f->roomy, spec, path, NULL, &error));
  g_test_message ("%s", error->message);
  g_assert_null (strstr (error->message, "deleted"));
  load_volumes (f, f->roomy);
  vol = vsm_test_find_volume (f->roomy, "disk.img");
  g_assert_nonnull (vol);
  g_assert_cmpuint (vsm_volume_get_capacity (vol), ==, 1024 * MiB);
}

/* No room: refused by the model before libvirt creates anything. */
static void
test_no_room (Fixture       *f,
              gconstpointer  data)
{
  g_autofree char *big = make_file (f, "big.img", 9 * MiB);
  g_autofree char *fits = make_file (f, "fits.img", ODD_SIZE);
  g_autoptr(VsmUploadPlan) plan = plan_for (f->tight, big);
  g_autoptr(VsmUploadPlan) plan_fits = plan_for (f->tight, fits);
  g_autoptr(GError) error = NULL;

  /* the pure check says so first (the form's) */
  g_assert_false (vsm_upload_check_room (plan->file_size, plan->needed, vsm_pool_get_capacity (f->tight),
                                         vsm_pool_get_available (f->tight), 0, &error));
  g_assert_error (error, VSM_ERROR, VSM_ERROR_INVALID_INPUT);
  g_clear_error (&error);

  /* and the model refuses it too */
  g_assert_false (upload_new (f, f->tight, plan->spec, big, NULL, &error));
  g_test_message ("%s", error->message);
  g_assert_error (error, VSM_ERROR, VSM_ERROR_INVALID_INPUT);
  g_assert_nonnull (strstr (error->message, "Not enough free space"));
  assert_no_volume (f, f->tight, "big.img");
  g_assert_cmpuint (vsm_keyed_list_get_n_items (vsm_pool_get_volumes (f->tight)), ==, 1);
  g_clear_error (&error);

  /* 3 MiB fit in 8: this one reaches libvirt (and rolls back) */
  g_assert_false (upload_new (f, f->tight, plan_fits->spec, fits, NULL, &error));
  g_assert_error (error, VSM_ERROR, VSM_ERROR_NOT_SUPPORTED);
  g_assert_nonnull (strstr (error->message, "“fits.img” was deleted"));
  assert_no_volume (f, f->tight, "fits.img");
}

/* A file that changed after it was chosen, or is gone, and a job
 * cancelled before it starts: nothing is created. */
static void
test_file_problems (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *path = make_file (f, "grown.img", ODD_SIZE);
  g_autofree char *gone = g_build_filename (f->dir, "gone.img", NULL);
  g_autoptr(VsmVolumeSpec) spec = vsm_upload_volume_spec ("grown.img", "dir", 3 * MiB);
  g_autoptr(VsmVolumeSpec) gone_spec = vsm_upload_volume_spec ("gone.img", "dir", 3 * MiB);
  g_autoptr(GCancellable) cancelled = g_cancellable_new ();
  g_autoptr(GError) error = NULL;

  g_assert_false (upload_new (f, f->roomy, spec, path, NULL, &error));
  g_assert_error (error, VSM_ERROR, VSM_ERROR_INVALID_INPUT);
  g_assert_nonnull (strstr (error->message, "changed since it was chosen"));
  assert_no_volume (f, f->roomy, "grown.img");
  g_clear_error (&error);

  g_assert_false (upload_new (f, f->roomy, gone_spec, gone, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, gone));
  assert_no_volume (f, f->roomy, "gone.img");
  g_clear_error (&error);

  g_cancellable_cancel (cancelled);
  spec->capacity = ODD_SIZE;
  g_assert_false (upload_new (f, f->roomy, spec, path, cancelled, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  assert_no_volume (f, f->roomy, "grown.img");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  vsm_test_init_libvirt ();

#define ADD(path, func) g_test_add ("/upload/" path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("plan-from-file", test_plan_from_file);
  ADD ("rollback-when-the-upload-fails", test_rollback);
  ADD ("taken-name-keeps-the-volume", test_existing_name_kept);
  ADD ("no-room-refused-before-libvirt", test_no_room);
  ADD ("file-changed-gone-or-cancelled", test_file_problems);
  return g_test_run ();
}
