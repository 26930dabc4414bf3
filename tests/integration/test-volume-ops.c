/* test-volume-ops.c
 *
 * The volume operations service (vsm-volume-ops.h) on libvirt's test
 * driver with tests/data/fixture-basic.xml, checked through the VsmHost
 * model the UI shows, and the VsmJob status/progress/finish logic.
 *
 * Every test opens its own test:///PATH connection, which gets private
 * state: what one test creates or deletes does not leak into the next.
 *
 * The test driver has no resize, wipe, upload or download: those must fail
 * with VSM_ERROR_NOT_SUPPORTED (the real behaviour is covered by
 * test-volume-daemon on qemu:///system).
 *
 * Copyright 2026 Virt Storage developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <libvirt/libvirt.h>
#include <string.h>
#include <unistd.h>

#include "vsm-error.h"
#include "vsm-host.h"
#include "vsm-job.h"
#include "vsm-size.h"
#include "vsm-host-jobs.h"
#include "vsm-test-utils.h"
#include "vsm-volume.h"
#include "vsm-volume-ops.h"

#define TIMEOUT 10000

/* Runs EXPR (which fills `error`) and shows the error when it fails. */
#define ASSERT_OK(expr)                                                       \
  G_STMT_START {                                                              \
    gboolean _ok = (expr);                                                    \
    g_assert_no_error (error);                                                \
    g_assert_true (_ok);                                                      \
  } G_STMT_END
#define GiB (G_GUINT64_CONSTANT (1) << 30)
#define MiB (G_GUINT64_CONSTANT (1) << 20)

#define IMAGES_UUID "11111111-2222-3333-4444-555555555501"
#define BACKUP_UUID "11111111-2222-3333-4444-555555555502"
#define VG0_UUID    "11111111-2222-3333-4444-555555555503"

typedef struct
{
  VsmHost *host;
  VsmPool *images;
  VsmPool *backup;
  VsmPool *vg0;
  guint    progress_calls;
} Fixture;

static void
load_and_wait (Fixture *f,
               VsmPool *pool)
{
  vsm_host_load_volumes (f->host, pool);
  g_assert_true (vsm_pool_get_volumes_loading (pool));
  VSM_WAIT_FOR (vsm_test_volumes_ready (pool), TIMEOUT);
}

/* What the UI does after its own change: re-read the pool, re-list. */
static void
refresh_and_wait (Fixture *f,
                  VsmPool *pool)
{
  vsm_host_refresh_pool (f->host, pool);
  g_assert_true (vsm_pool_get_volumes_loading (pool));
  VSM_WAIT_FOR (vsm_test_volumes_ready (pool), TIMEOUT);
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autofree char *uri = vsm_test_fixture_uri ("fixture-basic.xml");

  f->host = vsm_test_host_new_loaded (uri);
  f->images = vsm_host_find_pool_by_name (f->host, "images");
  f->backup = vsm_host_find_pool_by_name (f->host, "backup");
  f->vg0 = vsm_host_find_pool_by_name (f->host, "vg0");
  g_assert_nonnull (f->images);
  g_assert_nonnull (f->backup);
  g_assert_nonnull (f->vg0);
  g_assert_cmpstr (vsm_pool_get_uuid (f->images), ==, IMAGES_UUID);
  g_assert_cmpstr (vsm_pool_get_uuid (f->backup), ==, BACKUP_UUID);
  g_assert_cmpstr (vsm_pool_get_uuid (f->vg0), ==, VG0_UUID);
  load_and_wait (f, f->images);
  load_and_wait (f, f->backup);
  g_assert_cmpuint (vsm_keyed_list_get_n_items (vsm_pool_get_volumes (f->images)), ==, 3);
  g_assert_cmpuint (vsm_keyed_list_get_n_items (vsm_pool_get_volumes (f->backup)), ==, 1);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  vsm_host_disconnect (f->host);
  g_clear_object (&f->host);
  /* let cancelled listings and the connection's teardown finish */
  vsm_test_wait_idle (50);
}

static VsmConnection *
conn (Fixture *f)
{
  return vsm_host_get_connection (f->host);
}

/* ------------------------------------------------------------------ */
/* Synchronous wrappers                                                */

static gboolean
run_job (VsmConnection       *c,
         const VsmVolumeJob  *job,
         GCancellable        *cancellable,
         guint64             *bytes,
         GError             **error)
{
  GAsyncResult *slot = NULL;
  g_autoptr(GAsyncResult) result = NULL;

  vsm_volume_job_async (c, job, cancellable, vsm_test_store_result, &slot);
  result = vsm_test_wait_result (&slot, TIMEOUT);
  return vsm_volume_job_finish (c, result, bytes, error);
}

static gboolean
do_create (VsmConnection       *c,
           const char          *pool_uuid,
           const VsmVolumeSpec *spec,
           GCancellable        *cancellable,
           GError             **error)
{
  return run_job (c, &(VsmVolumeJob) { .kind = VSM_VOLUME_JOB_CREATE, .pool_uuid = pool_uuid, .spec = spec },
                  cancellable, NULL, error);
}

static gboolean
do_clone (VsmConnection       *c,
          const char          *src_pool,
          const char          *src_name,
          const char          *dst_pool,
          const VsmVolumeSpec *spec,
          GError             **error)
{
  return run_job (c, &(VsmVolumeJob) { .kind = VSM_VOLUME_JOB_CLONE, .pool_uuid = src_pool, .name = src_name,
                                       .dst_pool_uuid = dst_pool, .spec = spec },
                  NULL, NULL, error);
}

static gboolean
do_resize (VsmConnection  *c,
           const char     *pool_uuid,
           const char     *name,
           guint64         capacity,
           VsmResizeFlags  flags,
           GError        **error)
{
  return run_job (c, &(VsmVolumeJob) { .kind = VSM_VOLUME_JOB_RESIZE, .pool_uuid = pool_uuid, .name = name,
                                       .capacity = capacity, .resize_flags = flags },
                  NULL, NULL, error);
}

static gboolean
do_wipe (VsmConnection  *c,
         const char     *pool_uuid,
         const char     *name,
         GError        **error)
{
  return run_job (c, &(VsmVolumeJob) { .kind = VSM_VOLUME_JOB_WIPE, .pool_uuid = pool_uuid, .name = name,
                                       .algorithm = VSM_WIPE_ZERO },
                  NULL, NULL, error);
}

static void
count_progress (guint64  done,
                guint64  total,
                gpointer user_data)
{
  Fixture *f = user_data;

  g_assert_true (g_main_context_is_owner (g_main_context_default ()));
  f->progress_calls++;
}

static gboolean
do_transfer (Fixture        *f,
             VsmConnection  *c,
             gboolean        upload,
             const char     *pool_uuid,
             const char     *name,
             const char     *path,
             GError        **error)
{
  guint64 bytes = 12345;
  gboolean ok = run_job (c, &(VsmVolumeJob) { .kind = upload ? VSM_VOLUME_JOB_UPLOAD : VSM_VOLUME_JOB_DOWNLOAD,
                                              .pool_uuid = pool_uuid, .name = name, .local_path = path,
                                              .sparse = TRUE, .progress = count_progress, .progress_data = f },
                         NULL, &bytes, error);

  if (!ok)
    g_assert_cmpuint (bytes, ==, 12345);   /* untouched on failure */
  return ok;
}

/* ------------------------------------------------------------------ */
/* Create                                                              */

static void
test_create_qcow2 (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(VsmVolumeSpec) spec = vsm_test_volume_spec ("new.qcow2", "qcow2", 5 * GiB, VSM_PREALLOC_OFF);
  g_autoptr(GError) error = NULL;
  VsmVolume *vol;

  g_assert_null (vsm_test_find_volume (f->images, "new.qcow2"));
  ASSERT_OK (do_create (conn (f), IMAGES_UUID, spec, NULL, &error));

  refresh_and_wait (f, f->images);
  vol = vsm_test_find_volume (f->images, "new.qcow2");
  g_assert_nonnull (vol);
  g_assert_cmpstr (vsm_volume_get_format (vol), ==, "qcow2");
  g_assert_cmpuint (vsm_volume_get_capacity (vol), ==, 5 * GiB);
  g_assert_cmpuint (vsm_volume_get_allocation (vol), ==, 0);
  g_assert_cmpstr (vsm_volume_get_path (vol), ==, "/var/lib/libvirt/images/new.qcow2");
  g_assert_true (vsm_volume_get_thin (vol));
  g_assert_cmpuint (vsm_keyed_list_get_n_items (vsm_pool_get_volumes (f->images)), ==, 4);
  /* the other pool is untouched */
  g_assert_null (vsm_test_find_volume (f->backup, "new.qcow2"));

  /* metadata preallocation is passed as VIR_STORAGE_VOL_CREATE_PREALLOC_METADATA,
   * which the test driver refuses ("unsupported flags"): the error comes
   * back as such and nothing is created (test-volume-daemon creates one) */
  spec->prealloc = VSM_PREALLOC_METADATA;
  g_free (spec->name);
  spec->name = g_strdup ("meta.qcow2");
  g_assert_false (do_create (conn (f), IMAGES_UUID, spec, NULL, &error));
  g_assert_error (error, VSM_ERROR, VSM_ERROR_INVALID_INPUT);
  g_assert_nonnull (strstr (error->message, "flags"));
  refresh_and_wait (f, f->images);
  g_assert_null (vsm_test_find_volume (f->images, "meta.qcow2"));
}

static void
test_create_raw_preallocated (Fixture       *f,
                              gconstpointer  data)
{
  g_autoptr(VsmVolumeSpec) spec = vsm_test_volume_spec ("full.raw", "raw", 3 * GiB, VSM_PREALLOC_FULL);
  g_autoptr(GError) error = NULL;
  guint64 avail_before = vsm_pool_get_available (f->images);
  guint64 alloc_before = vsm_pool_get_allocation (f->images);
  VsmVolume *vol;

  g_assert_cmpuint (avail_before, >, 3 * GiB);
  ASSERT_OK (do_create (conn (f), IMAGES_UUID, spec, NULL, &error));

  refresh_and_wait (f, f->images);
  vol = vsm_test_find_volume (f->images, "full.raw");
  g_assert_nonnull (vol);
  g_assert_cmpstr (vsm_volume_get_format (vol), ==, "raw");
  g_assert_cmpuint (vsm_volume_get_capacity (vol), ==, 3 * GiB);
  g_assert_cmpuint (vsm_volume_get_allocation (vol), ==, 3 * GiB);
  g_assert_false (vsm_volume_get_thin (vol));
  /* the pool's figures follow the allocation */
  VSM_WAIT_FOR (vsm_pool_get_available (f->images) == avail_before - 3 * GiB, TIMEOUT);
  g_assert_cmpuint (vsm_pool_get_allocation (f->images), ==, alloc_before + 3 * GiB);
}

/* Volumes without a format (LVM) get an empty <target/>: libvirt takes it. */
static void
test_create_logical (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(VsmVolumeSpec) spec = vsm_test_volume_spec ("lv1", NULL, 2 * GiB, VSM_PREALLOC_OFF);
  g_autoptr(GError) error = NULL;
  VsmVolume *vol;

  load_and_wait (f, f->vg0);
  ASSERT_OK (do_create (conn (f), VG0_UUID, spec, NULL, &error));
  refresh_and_wait (f, f->vg0);
  vol = vsm_test_find_volume (f->vg0, "lv1");
  g_assert_nonnull (vol);
  g_assert_cmpuint (vsm_volume_get_capacity (vol), ==, 2 * GiB);
  g_assert_nonnull (vsm_test_find_volume (f->vg0, "lv0"));
}

static void
test_create_errors (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GCancellable) cancelled = g_cancellable_new ();

  /* duplicate name */
  {
    g_autoptr(VsmVolumeSpec) spec = vsm_test_volume_spec ("disk1.qcow2", "qcow2", GiB, VSM_PREALLOC_OFF);
    g_assert_false (do_create (conn (f), IMAGES_UUID, spec, NULL, &error));
    g_assert_nonnull (error);
    g_assert_true (error->domain == VSM_ERROR);
    g_assert_cmpstr (error->message, !=, "");
    g_test_message ("duplicate: %s (%s)", error->message, vsm_error_code_nick (error->code));
    g_clear_error (&error);
    /* the original is untouched */
    refresh_and_wait (f, f->images);
    g_assert_cmpuint (vsm_volume_get_capacity (vsm_test_find_volume (f->images, "disk1.qcow2")), ==, 20 * GiB);
    g_assert_cmpuint (vsm_keyed_list_get_n_items (vsm_pool_get_volumes (f->images)), ==, 3);
  }

  /* more preallocated than the pool has free */
  {
    g_autoptr(VsmVolumeSpec) spec = vsm_test_volume_spec ("huge.raw", "raw", 500 * GiB, VSM_PREALLOC_FULL);
    g_assert_false (do_create (conn (f), IMAGES_UUID, spec, NULL, &error));
    g_assert_true (error->domain == VSM_ERROR);
    g_test_message ("too large: %s", error->message);
    g_clear_error (&error);
  }

  /* a pool that does not exist */
  {
    g_autoptr(VsmVolumeSpec) spec = vsm_test_volume_spec ("x.raw", "raw", GiB, VSM_PREALLOC_OFF);
    g_assert_false (do_create (conn (f), "11111111-2222-3333-4444-5555555555ff", spec, NULL, &error));
    g_assert_error (error, VSM_ERROR, VSM_ERROR_NOT_FOUND);
    g_clear_error (&error);
  }

  /* cancelled before it started: nothing is created */
  {
    g_autoptr(VsmVolumeSpec) spec = vsm_test_volume_spec ("never.raw", "raw", GiB, VSM_PREALLOC_OFF);
    g_cancellable_cancel (cancelled);
    g_assert_false (do_create (conn (f), IMAGES_UUID, spec, cancelled, &error));
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
    g_clear_error (&error);
    refresh_and_wait (f, f->images);
    g_assert_null (vsm_test_find_volume (f->images, "never.raw"));
  }
}

/* ------------------------------------------------------------------ */
/* Clone, delete                                                       */

static void
test_clone_same_pool (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(VsmVolumeSpec) spec = vsm_test_volume_spec ("disk1-clone.qcow2", "qcow2", 20 * GiB, VSM_PREALLOC_OFF);
  g_autoptr(GError) error = NULL;
  VsmVolume *copy;

  ASSERT_OK (do_clone (conn (f), IMAGES_UUID, "disk1.qcow2", IMAGES_UUID, spec, &error));
  refresh_and_wait (f, f->images);
  copy = vsm_test_find_volume (f->images, "disk1-clone.qcow2");
  g_assert_nonnull (copy);
  g_assert_cmpuint (vsm_volume_get_capacity (copy), ==, 20 * GiB);
  g_assert_cmpstr (vsm_volume_get_format (copy), ==, "qcow2");
  g_assert_cmpstr (vsm_volume_get_path (copy), ==, "/var/lib/libvirt/images/disk1-clone.qcow2");
  g_assert_nonnull (vsm_test_find_volume (f->images, "disk1.qcow2"));

  /* cloning onto an existing name fails and changes nothing */
  g_assert_false (do_clone (conn (f), IMAGES_UUID, "disk1.qcow2", IMAGES_UUID, spec, &error));
  g_assert_true (error->domain == VSM_ERROR);
  g_clear_error (&error);

  /* a source that does not exist */
  g_free (spec->name);
  spec->name = g_strdup ("ghost-copy.qcow2");
  g_assert_false (do_clone (conn (f), IMAGES_UUID, "ghost.qcow2", IMAGES_UUID, spec, &error));
  g_assert_error (error, VSM_ERROR, VSM_ERROR_NOT_FOUND);
}

/* libvirt 9.0's test driver looks the source volume up by name in the
 * *destination* pool (testStorageVolCreateXMLFrom), so a cross-pool clone
 * only works there when a same-named volume sits in the target pool. The
 * source below exists in both pools; what matters here is that the copy is
 * made in "backup" and not in "images". test-volume-daemon clones across
 * two real pools. */
static void
test_clone_other_pool (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(VsmVolumeSpec) src = vsm_test_volume_spec ("shared.qcow2", "qcow2", 6 * GiB, VSM_PREALLOC_OFF);
  g_autoptr(VsmVolumeSpec) spec = vsm_test_volume_spec ("shared-copy.qcow2", "qcow2", 6 * GiB, VSM_PREALLOC_OFF);
  g_autoptr(GError) error = NULL;
  VsmVolume *copy;

  ASSERT_OK (do_create (conn (f), IMAGES_UUID, src, NULL, &error));
  ASSERT_OK (do_create (conn (f), BACKUP_UUID, src, NULL, &error));

  ASSERT_OK (do_clone (conn (f), IMAGES_UUID, "shared.qcow2", BACKUP_UUID, spec, &error));
  refresh_and_wait (f, f->backup);
  refresh_and_wait (f, f->images);
  copy = vsm_test_find_volume (f->backup, "shared-copy.qcow2");
  g_assert_nonnull (copy);
  g_assert_cmpstr (vsm_volume_get_path (copy), ==, "/srv/backup/shared-copy.qcow2");
  g_assert_cmpuint (vsm_volume_get_capacity (copy), ==, 6 * GiB);
  g_assert_null (vsm_test_find_volume (f->images, "shared-copy.qcow2"));
  g_assert_nonnull (vsm_test_find_volume (f->backup, "old.qcow2"));

  /* into a pool that does not exist */
  g_assert_false (do_clone (conn (f), IMAGES_UUID, "shared.qcow2", "11111111-2222-3333-4444-5555555555ff",
                            spec, &error));
  g_assert_error (error, VSM_ERROR, VSM_ERROR_NOT_FOUND);
}

static void
test_delete (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(VsmVolumeSpec) spec = vsm_test_volume_spec ("doomed.raw", "raw", GiB, VSM_PREALLOC_OFF);
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  GAsyncResult *slot = NULL;

  ASSERT_OK (do_create (conn (f), IMAGES_UUID, spec, NULL, &error));
  refresh_and_wait (f, f->images);
  g_assert_nonnull (vsm_test_find_volume (f->images, "doomed.raw"));

  vsm_host_volume_job_async (f->host, &(VsmVolumeJob) { .kind = VSM_VOLUME_JOB_DELETE,
                                                        .pool_uuid = vsm_pool_get_uuid (f->images),
                                                        .name = "doomed.raw" },
                             NULL, vsm_test_store_result, &slot);
  g_assert_true (vsm_pool_get_busy (f->images));
  result = vsm_test_wait_result (&slot, TIMEOUT);
  g_assert_true (vsm_host_volume_job_finish (f->host, result, NULL, &error));
  g_assert_no_error (error);
  g_assert_false (vsm_pool_get_busy (f->images));
  /* the host re-lists by itself after its own delete */
  VSM_WAIT_FOR (vsm_test_volumes_ready (f->images) && vsm_test_find_volume (f->images, "doomed.raw") == NULL, TIMEOUT);
  g_assert_cmpuint (vsm_keyed_list_get_n_items (vsm_pool_get_volumes (f->images)), ==, 3);

  /* and the name is free again */
  ASSERT_OK (do_create (conn (f), IMAGES_UUID, spec, NULL, &error));
}

/* ------------------------------------------------------------------ */
/* Unsupported on the test driver                                      */

static void
test_not_supported (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("vsm-voltest-XXXXXX", NULL);
  g_autofree char *up = g_build_filename (dir, "up.img", NULL);
  g_autofree char *down = g_build_filename (dir, "down.img", NULL);

  g_assert_true (g_file_set_contents (up, "0123456789", 10, NULL));

  g_assert_false (do_resize (conn (f), IMAGES_UUID, "disk2.raw", 20 * GiB, 0, &error));
  g_assert_error (error, VSM_ERROR, VSM_ERROR_NOT_SUPPORTED);
  g_test_message ("resize: %s", error->message);
  g_clear_error (&error);

  g_assert_false (do_resize (conn (f), IMAGES_UUID, "disk2.raw", GiB, VSM_RESIZE_SHRINK, &error));
  g_assert_error (error, VSM_ERROR, VSM_ERROR_NOT_SUPPORTED);
  g_clear_error (&error);

  g_assert_false (do_wipe (conn (f), IMAGES_UUID, "disk2.raw", &error));
  g_assert_error (error, VSM_ERROR, VSM_ERROR_NOT_SUPPORTED);
  g_clear_error (&error);

  g_assert_false (do_transfer (f, conn (f), TRUE, IMAGES_UUID, "disk2.raw", up, &error));
  g_assert_error (error, VSM_ERROR, VSM_ERROR_NOT_SUPPORTED);
  g_clear_error (&error);

  g_assert_false (do_transfer (f, conn (f), FALSE, IMAGES_UUID, "disk2.raw", down, &error));
  g_assert_error (error, VSM_ERROR, VSM_ERROR_NOT_SUPPORTED);
  g_clear_error (&error);

  /* an unknown volume is "not found", before anything else */
  g_assert_false (do_wipe (conn (f), IMAGES_UUID, "ghost.raw", &error));
  g_assert_error (error, VSM_ERROR, VSM_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* an unreadable local file */
  {
    g_autofree char *missing = g_build_filename (dir, "missing.img", NULL);
    g_assert_false (do_transfer (f, conn (f), TRUE, IMAGES_UUID, "disk2.raw", missing, &error));
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
    g_clear_error (&error);
  }

  /* the volume is unchanged and the connection still works */
  refresh_and_wait (f, f->images);
  g_assert_cmpuint (vsm_volume_get_capacity (vsm_test_find_volume (f->images, "disk2.raw")), ==, 10 * GiB);
  g_assert_cmpint (vsm_connection_get_state (conn (f)), ==, VSM_CONNECTION_STATE_CONNECTED);

  g_unlink (up);
  g_unlink (down);
  g_rmdir (dir);
}

/* ------------------------------------------------------------------ */
/* Disconnected                                                        */

static void
check_all_ops_fail (Fixture       *f,
                    VsmConnection *c,
                    const char    *tmpfile)
{
  g_autoptr(VsmVolumeSpec) spec = vsm_test_volume_spec ("x.raw", "raw", GiB, VSM_PREALLOC_OFF);
  g_autoptr(GError) error = NULL;

  g_assert_false (do_create (c, IMAGES_UUID, spec, NULL, &error));
  g_assert_error (error, VSM_ERROR, VSM_ERROR_CONNECTION);
  g_clear_error (&error);
  g_assert_false (do_clone (c, IMAGES_UUID, "disk1.qcow2", IMAGES_UUID, spec, &error));
  g_assert_error (error, VSM_ERROR, VSM_ERROR_CONNECTION);
  g_clear_error (&error);
  g_assert_false (do_resize (c, IMAGES_UUID, "disk2.raw", 20 * GiB, 0, &error));
  g_assert_error (error, VSM_ERROR, VSM_ERROR_CONNECTION);
  g_clear_error (&error);
  g_assert_false (do_wipe (c, IMAGES_UUID, "disk2.raw", &error));
  g_assert_error (error, VSM_ERROR, VSM_ERROR_CONNECTION);
  g_clear_error (&error);
  g_assert_false (do_transfer (f, c, TRUE, IMAGES_UUID, "disk2.raw", tmpfile, &error));
  g_assert_error (error, VSM_ERROR, VSM_ERROR_CONNECTION);
  g_clear_error (&error);
  g_assert_false (do_transfer (f, c, FALSE, IMAGES_UUID, "disk2.raw", tmpfile, &error));
  g_assert_error (error, VSM_ERROR, VSM_ERROR_CONNECTION);
  g_clear_error (&error);
}

static void
test_disconnected (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *uri = vsm_test_fixture_uri ("fixture-basic.xml");
  g_autoptr(VsmConnection) never = vsm_connection_new (uri);
  g_autofree char *tmpfile = NULL;
  int fd = g_file_open_tmp ("vsm-voltest-XXXXXX", &tmpfile, NULL);

  g_assert_cmpint (fd, >=, 0);
  close (fd);

  /* a connection that was never opened */
  g_assert_cmpint (vsm_connection_get_state (never), ==, VSM_CONNECTION_STATE_DISCONNECTED);
  check_all_ops_fail (f, never, tmpfile);

  /* the host's connection after it was closed */
  vsm_host_disconnect (f->host);
  VSM_WAIT_FOR (vsm_connection_get_state (conn (f)) == VSM_CONNECTION_STATE_DISCONNECTED, TIMEOUT);
  check_all_ops_fail (f, conn (f), tmpfile);
  g_assert_cmpuint (f->progress_calls, ==, 0);
  /* nothing was written to the local file */
  {
    g_autofree char *contents = NULL;
    gsize len = 1;
    g_assert_true (g_file_get_contents (tmpfile, &contents, &len, NULL));
    g_assert_cmpuint (len, ==, 0);
  }

  /* and it comes back */
  vsm_host_connect (f->host);
  VSM_WAIT_FOR (vsm_host_get_pools_loaded (f->host), TIMEOUT);
  {
    g_autoptr(VsmVolumeSpec) spec = vsm_test_volume_spec ("after.raw", "raw", GiB, VSM_PREALLOC_OFF);
    g_autoptr(GError) error = NULL;
    ASSERT_OK (do_create (conn (f), IMAGES_UUID, spec, NULL, &error));
  }
  g_unlink (tmpfile);
}

/* ------------------------------------------------------------------ */
/* VsmJob                                                              */

static gboolean
contains (const char *haystack,
          const char *needle)
{
  return haystack != NULL && strstr (haystack, needle) != NULL;
}

static void
test_job_progress (void)
{
  g_autoptr(VsmJob) job = vsm_job_new ("Uploading “x”", TRUE);
  guint64 total = 100 * MiB;
  g_autofree char *stotal = vsm_size_format (total);
  guint fraction_notifies = 0, status_notifies = 0;
  gint64 t0, t0b, t1, t2;
  double speed;

  g_signal_connect (job, "notify::fraction", G_CALLBACK (vsm_test_count_notify), &fraction_notifies);
  g_signal_connect (job, "notify::status", G_CALLBACK (vsm_test_count_notify), &status_notifies);

  g_assert_cmpstr (vsm_job_get_title (job), ==, "Uploading “x”");
  g_assert_cmpint (vsm_job_get_state (job), ==, VSM_JOB_RUNNING);
  g_assert_true (vsm_job_get_can_cancel (job));
  g_assert_nonnull (vsm_job_get_cancellable (job));
  g_assert_cmpfloat (vsm_job_get_fraction (job), ==, 0.0);
  g_assert_cmpfloat (vsm_job_get_speed (job), ==, 0.0);

  /* first update: both sizes, no speed yet */
  t0 = g_get_monotonic_time ();
  vsm_job_set_progress (job, MiB, total);
  t0b = g_get_monotonic_time ();
  {
    g_autofree char *sdone = vsm_size_format (MiB);
    const char *status = vsm_job_get_status (job);
    g_test_message ("after one update: %s", status);
    g_assert_true (contains (status, sdone));
    g_assert_true (contains (status, stotal));
    g_assert_false (contains (status, "/s"));
    g_assert_false (contains (status, "left"));
  }
  g_assert_cmpfloat_with_epsilon (vsm_job_get_fraction (job), 0.01, 1e-9);
  g_assert_cmpfloat (vsm_job_get_speed (job), ==, 0.0);

  /* second update 200 ms later: speed and time left appear */
  g_usleep (200 * 1000);
  t1 = g_get_monotonic_time ();
  vsm_job_set_progress (job, 11 * MiB, total);
  t2 = g_get_monotonic_time ();
  speed = vsm_job_get_speed (job);
  /* the job stamped its first update in [t0, t0b] and its second in
   * [t1, t2], so it measured 10 MiB over between t1-t0b and t2-t0 */
  g_assert_cmpfloat (speed, <=, 10.0 * MiB * G_USEC_PER_SEC / (double) (t1 - t0b) + 1);
  g_assert_cmpfloat (speed, >=, 10.0 * MiB * G_USEC_PER_SEC / (double) (t2 - t0) - 1);
  {
    g_autofree char *sdone = vsm_size_format (11 * MiB);
    g_autofree char *sspeed = vsm_size_format ((guint64) speed);
    g_autofree char *per_s = g_strdup_printf ("%s/s", sspeed);
    const char *status = vsm_job_get_status (job);
    g_test_message ("after two updates: %s", status);
    g_assert_true (contains (status, sdone));
    g_assert_true (contains (status, stotal));
    g_assert_true (contains (status, per_s));
    g_assert_true (contains (status, " left"));
  }
  g_assert_cmpfloat_with_epsilon (vsm_job_get_fraction (job), 0.11, 1e-9);
  g_assert_cmpuint (fraction_notifies, ==, 2);
  g_assert_cmpuint (status_notifies, >=, 2);

  /* complete: no time left shown, fraction 1 */
  vsm_job_set_progress (job, total, total);
  g_assert_false (contains (vsm_job_get_status (job), "left"));
  g_assert_cmpfloat (vsm_job_get_fraction (job), ==, 1.0);

  /* more than expected (sparse holes counted, …) stays at 1 */
  vsm_job_set_progress (job, total + MiB, total);
  g_assert_cmpfloat (vsm_job_get_fraction (job), ==, 1.0);

  /* unknown total */
  {
    g_autoptr(VsmJob) open_ended = vsm_job_new ("Downloading", TRUE);
    g_autofree char *sdone = vsm_size_format (5 * MiB);
    vsm_job_set_progress (open_ended, 5 * MiB, 0);
    g_assert_true (contains (vsm_job_get_status (open_ended), sdone));
    g_assert_cmpfloat (vsm_job_get_fraction (open_ended), ==, 0.0);
  }
}

static void
test_job_eta (void)
{
  g_autoptr(VsmJob) job = vsm_job_new ("Copy", FALSE);

  /* ~1 MiB per 100 ms = 10 MiB/s, 1000 MiB left: minutes left */
  vsm_job_set_progress (job, 0, 1000 * MiB);
  g_usleep (100 * 1000);
  vsm_job_set_progress (job, MiB, 1000 * MiB);
  g_test_message ("slow job: %s", vsm_job_get_status (job));
  g_assert_true (contains (vsm_job_get_status (job), "min"));
  g_assert_true (contains (vsm_job_get_status (job), " left"));
  g_assert_false (vsm_job_get_can_cancel (job));
}

static void
test_job_finish (void)
{
  g_autoptr(VsmJob) done = vsm_job_new ("a", TRUE);
  g_autoptr(VsmJob) cancelled = vsm_job_new ("b", TRUE);
  g_autoptr(VsmJob) failed = vsm_job_new ("c", TRUE);
  g_autoptr(GError) cancel_error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED, "Operation was cancelled");
  g_autoptr(GError) other = g_error_new_literal (VSM_ERROR, VSM_ERROR_FAILED, "disk on fire");
  guint state_notifies = 0;
  gboolean running = TRUE;

  /* DONE */
  g_signal_connect (done, "notify::state", G_CALLBACK (vsm_test_count_notify), &state_notifies);
  vsm_job_set_progress (done, 10, 100);
  vsm_job_finish (done, NULL);
  g_assert_cmpint (vsm_job_get_state (done), ==, VSM_JOB_DONE);
  g_assert_cmpfloat (vsm_job_get_fraction (done), ==, 1.0);
  g_assert_true (contains (vsm_job_get_status (done), "Finished"));
  g_assert_cmpuint (state_notifies, ==, 1);
  g_object_get (done, "running", &running, NULL);
  g_assert_false (running);
  /* a finished job ignores late progress and a second finish */
  {
    g_autofree char *before = g_strdup (vsm_job_get_status (done));
    vsm_job_set_progress (done, 20, 100);
    vsm_job_finish (done, other);
    g_assert_cmpstr (vsm_job_get_status (done), ==, before);
    g_assert_cmpint (vsm_job_get_state (done), ==, VSM_JOB_DONE);
    g_assert_cmpfloat (vsm_job_get_fraction (done), ==, 1.0);
    g_assert_cmpuint (state_notifies, ==, 1);
  }

  /* CANCELLED; vsm_job_cancel() cancels the cancellable while running */
  vsm_job_set_progress (cancelled, 30, 100);
  vsm_job_cancel (cancelled);
  g_assert_true (g_cancellable_is_cancelled (vsm_job_get_cancellable (cancelled)));
  vsm_job_finish (cancelled, cancel_error);
  g_assert_cmpint (vsm_job_get_state (cancelled), ==, VSM_JOB_CANCELLED);
  g_assert_cmpstr (vsm_job_get_status (cancelled), ==, "Cancelled");
  g_assert_cmpfloat (vsm_job_get_fraction (cancelled), <, 1.0);

  /* FAILED with the message */
  vsm_job_finish (failed, other);
  g_assert_cmpint (vsm_job_get_state (failed), ==, VSM_JOB_FAILED);
  g_assert_cmpstr (vsm_job_get_status (failed), ==, "disk on fire");
  /* cancelling a finished job does nothing */
  vsm_job_cancel (failed);
  g_assert_false (g_cancellable_is_cancelled (vsm_job_get_cancellable (failed)));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  vsm_test_init_libvirt ();

#define ADD(path, func) \
  g_test_add ("/volume-ops/" path, Fixture, NULL, fixture_setup, func, fixture_teardown)

  ADD ("create/qcow2", test_create_qcow2);
  ADD ("create/raw-preallocated", test_create_raw_preallocated);
  ADD ("create/logical-no-format", test_create_logical);
  ADD ("create/errors", test_create_errors);
  ADD ("clone/same-pool", test_clone_same_pool);
  ADD ("clone/other-pool", test_clone_other_pool);
  ADD ("delete", test_delete);
  ADD ("not-supported", test_not_supported);
  ADD ("disconnected", test_disconnected);
  g_test_add_func ("/volume-ops/job/progress-and-speed", test_job_progress);
  g_test_add_func ("/volume-ops/job/eta", test_job_eta);
  g_test_add_func ("/volume-ops/job/finish-states", test_job_finish);

  return g_test_run ();
}
