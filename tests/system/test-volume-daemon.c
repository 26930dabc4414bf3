/* test-volume-daemon.c
 *
 * The volume operations against a real libvirtd (the private daemon that
 * tests/system/run-system-test.sh starts for this suite), in two transient
 * dir pools vsm-voltest-<pid> and vsm-voltest-<pid>-b under the fixture's
 * scratch directory; the runner removes all of it, also after a crash.
 *
 * The test cases build on each other and run in the order added. Timings
 * are printed as TAP comments. New Volume from File runs through the
 * model, as the window runs it: a file of 3 MiB + 517 random bytes gives a
 * volume of exactly that capacity whose content comes back with the same
 * checksum, a qcow2 file is listed as qcow2 with its virtual size, and a
 * failed (cancelled) upload leaves no volume behind.
 *
 * Copyright 2026 Virt Storage developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "vsm-error.h"
#include "vsm-host.h"
#include "vsm-host-jobs.h"
#include "vsm-test-utils.h"
#include "vsm-upload.h"
#include "vsm-volume.h"
#include "vsm-volume-ops.h"

#define URI (vsm_test_system_uri ())
#define TIMEOUT 120000
#define MiB (G_GUINT64_CONSTANT (1) << 20)
#define GiB (G_GUINT64_CONSTANT (1) << 30)

#define ASSERT_OK(expr)                                                       \
  G_STMT_START {                                                              \
    gboolean _ok = (expr);                                                    \
    g_assert_no_error (error);                                                \
    g_assert_true (_ok);                                                      \
  } G_STMT_END

static struct
{
  char          *base_dir;      /* /var/tmp/vsm-voltest-PID */
  char          *dir_a;
  char          *dir_b;
  char          *pool_a;        /* names */
  char          *pool_b;
  char          *uuid_a;
  char          *uuid_b;
  char          *work;          /* local files */
  virConnectPtr  raw;           /* setup and cleanup only */
  VsmHost       *host;
  double         upload_mbps;   /* measured by the round trip */
} T;

/* ------------------------------------------------------------------ */
/* Helpers                                                             */

static double
secs_since (gint64 t0)
{
  return (double) (g_get_monotonic_time () - t0) / G_USEC_PER_SEC;
}

static double
mbps (guint64 bytes,
      double  secs)
{
  return secs > 0 ? (double) bytes / 1e6 / secs : 0;
}

static VsmConnection *
conn (void)
{
  return vsm_host_get_connection (T.host);
}

static char *
vol_path (const char *dir,
          const char *name)
{
  return g_build_filename (dir, name, NULL);
}

static char *
work_path (const char *name)
{
  return g_build_filename (T.work, name, NULL);
}

typedef struct
{
  char    *format;
  guint64  virtual_size;
  guint64  actual_size;
} ImgInfo;

static guint64
json_number (const char *json,
             const char *key)
{
  g_autofree char *pattern = g_strdup_printf ("\"%s\":\\s*(\\d+)", key);
  g_autoptr(GRegex) re = g_regex_new (pattern, 0, 0, NULL);
  g_autoptr(GMatchInfo) m = NULL;
  g_autofree char *num = NULL;

  if (!g_regex_match (re, json, 0, &m))
    g_error ("no \"%s\" in qemu-img output:\n%s", key, json);
  num = g_match_info_fetch (m, 1);
  return g_ascii_strtoull (num, NULL, 10);
}

/* `qemu-img info --output=json` of a volume file */
static ImgInfo
img_info (const char *path)
{
  const char *argv[] = { "qemu-img", "info", "--output=json", "-U", path, NULL };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GRegex) re = g_regex_new ("\"format\":\\s*\"([^\"]+)\"", 0, 0, NULL);
  g_autoptr(GMatchInfo) m = NULL;
  int status = 0;
  ImgInfo info = { 0 };

  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                               &out, &err, &status, &error));
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, NULL))
    g_error ("qemu-img info %s failed: %s", path, err);
  info.virtual_size = json_number (out, "virtual-size");
  info.actual_size = json_number (out, "actual-size");
  g_assert_true (g_regex_match (re, out, 0, &m));
  info.format = g_match_info_fetch (m, 1);
  return info;
}

static guint64
allocated_bytes (const char *path)
{
  GStatBuf st;

  g_assert_cmpint (g_stat (path, &st), ==, 0);
  return (guint64) st.st_blocks * 512;
}

static guint64
file_size (const char *path)
{
  GStatBuf st;

  g_assert_cmpint (g_stat (path, &st), ==, 0);
  return (guint64) st.st_size;
}

/* SHA-256 of the first @limit bytes (G_MAXUINT64: all) */
static char *
sha256_file (const char *path,
             guint64     limit)
{
  g_autoptr(GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA256);
  g_autofree guchar *buf = g_malloc (4 * MiB);
  int fd = g_open (path, O_RDONLY | O_CLOEXEC, 0);
  guint64 total = 0;

  g_assert_cmpint (fd, >=, 0);
  while (total < limit)
    {
      ssize_t n = read (fd, buf, MIN (4 * MiB, limit - total));
      if (n < 0 && errno == EINTR)
        continue;
      g_assert_cmpint (n, >=, 0);
      if (n == 0)
        break;
      g_checksum_update (sum, buf, n);
      total += n;
    }
  close (fd);
  return g_strdup (g_checksum_get_string (sum));
}

static void
write_all (int           fd,
           const guchar *data,
           gsize         len)
{
  while (len > 0)
    {
      ssize_t n = write (fd, data, len);
      if (n < 0 && errno == EINTR)
        continue;
      g_assert_cmpint (n, >, 0);
      data += n;
      len -= n;
    }
}

/* A file of @size random bytes (GRand: fast and plenty for checksums). */
static void
make_random_file (const char *path,
                  guint64     size,
                  guint32     seed)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
  g_autofree guint32 *buf = g_malloc (MiB);
  int fd = g_open (path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);

  g_assert_cmpint (fd, >=, 0);
  for (guint64 done = 0; done < size; done += MiB)
    {
      for (gsize i = 0; i < MiB / 4; i++)
        buf[i] = g_rand_int (rand);
      write_all (fd, (guchar *) buf, MIN (MiB, size - done));
    }
  g_assert_cmpint (fsync (fd), ==, 0);
  close (fd);
}

/* Re-lists a pool through the model the UI shows. */
static VsmPool *
relist (const char *pool_name)
{
  VsmPool *pool = vsm_host_find_pool_by_name (T.host, pool_name);

  g_assert_nonnull (pool);
  vsm_host_refresh_pool (T.host, pool);
  VSM_WAIT_FOR (vsm_test_volumes_ready (pool), TIMEOUT);
  return pool;
}

static VsmVolume *
listed_volume (const char *pool_name,
               const char *name)
{
  return vsm_keyed_list_lookup (vsm_pool_get_volumes (relist (pool_name)), name);
}

/* ------------------------------------------------------------------ */
/* Synchronous wrappers                                                */

static gboolean
run_job (const VsmVolumeJob  *job,
         GCancellable        *cancellable,
         guint64             *bytes,
         GError             **error)
{
  GAsyncResult *slot = NULL;
  g_autoptr(GAsyncResult) result = NULL;

  vsm_volume_job_async (conn (), job, cancellable, vsm_test_store_result, &slot);
  result = vsm_test_wait_result (&slot, TIMEOUT);
  return vsm_volume_job_finish (conn (), result, bytes, error);
}

static gboolean
do_create (const char          *pool_uuid,
           const VsmVolumeSpec *spec,
           GError             **error)
{
  return run_job (&(VsmVolumeJob) { .kind = VSM_VOLUME_JOB_CREATE, .pool_uuid = pool_uuid, .spec = spec },
                  NULL, NULL, error);
}

static gboolean
do_clone (const char          *src_pool,
          const char          *src_name,
          const char          *dst_pool,
          const VsmVolumeSpec *spec,
          GError             **error)
{
  return run_job (&(VsmVolumeJob) { .kind = VSM_VOLUME_JOB_CLONE, .pool_uuid = src_pool, .name = src_name,
                                    .dst_pool_uuid = dst_pool, .spec = spec },
                  NULL, NULL, error);
}

static gboolean
do_resize (const char     *name,
           guint64         capacity,
           VsmResizeFlags  flags,
           GError        **error)
{
  return run_job (&(VsmVolumeJob) { .kind = VSM_VOLUME_JOB_RESIZE, .pool_uuid = T.uuid_a, .name = name,
                                    .capacity = capacity, .resize_flags = flags },
                  NULL, NULL, error);
}

static gboolean
do_wipe (const char  *name,
         GError     **error)
{
  return run_job (&(VsmVolumeJob) { .kind = VSM_VOLUME_JOB_WIPE, .pool_uuid = T.uuid_a, .name = name,
                                    .algorithm = VSM_WIPE_ZERO },
                  NULL, NULL, error);
}

typedef struct
{
  guint         calls;
  guint64       last_done;
  guint64       total;
  GCancellable *cancel_at_half;
  guint64       cancelled_at;
  gint64        cancel_time;
} Progress;

static void
progress_cb (guint64  done,
             guint64  total,
             gpointer user_data)
{
  Progress *p = user_data;

  /* on the main thread, monotonic, with a stable total */
  g_assert_true (g_main_context_is_owner (g_main_context_default ()));
  g_assert_cmpuint (done, >=, p->last_done);
  if (p->calls > 0)
    g_assert_cmpuint (total, ==, p->total);
  p->calls++;
  p->last_done = done;
  p->total = total;

  if (p->cancel_at_half != NULL && p->cancelled_at == 0 && total > 0 && done > total / 2)
    {
      p->cancelled_at = done;
      p->cancel_time = g_get_monotonic_time ();
      g_cancellable_cancel (p->cancel_at_half);
    }
}

static gboolean
do_transfer (gboolean      upload,
             const char   *name,
             const char   *path,
             gboolean      sparse,
             Progress     *progress,
             GCancellable *cancellable,
             guint64      *bytes,
             double       *secs,
             GError      **error)
{
  gint64 t0 = g_get_monotonic_time ();
  gboolean ok = run_job (&(VsmVolumeJob) { .kind = upload ? VSM_VOLUME_JOB_UPLOAD : VSM_VOLUME_JOB_DOWNLOAD,
                                           .pool_uuid = T.uuid_a, .name = name, .local_path = path,
                                           .sparse = sparse, .progress = progress_cb, .progress_data = progress },
                         cancellable, bytes, error);

  if (secs != NULL)
    *secs = secs_since (t0);
  return ok;
}

static void
upload_download_compare (const char *volume,
                         const char *src,
                         gboolean    sparse,
                         const char *label)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dst = work_path ("roundtrip.out");
  g_autofree char *sum_src = NULL;
  g_autofree char *sum_dst = NULL;
  Progress up = { 0 }, down = { 0 };
  guint64 size = file_size (src);
  guint64 bytes = 0;
  double t_up, t_down;

  ASSERT_OK (do_transfer (TRUE, volume, src, sparse, &up, NULL, &bytes, &t_up, &error));
  g_assert_cmpuint (bytes, ==, size);
  if (up.calls > 0)
    g_assert_cmpuint (up.total, ==, size);

  ASSERT_OK (do_transfer (FALSE, volume, dst, sparse, &down, NULL, &bytes, &t_down, &error));
  g_assert_cmpuint (bytes, ==, size);
  g_assert_cmpuint (file_size (dst), ==, size);

  sum_src = sha256_file (src, G_MAXUINT64);
  sum_dst = sha256_file (dst, G_MAXUINT64);
  g_assert_cmpstr (sum_src, ==, sum_dst);
  g_test_message ("timing: %s %" G_GUINT64_FORMAT " MiB%s: upload %.2f s (%.0f MB/s, %u progress calls), "
                  "download %.2f s (%.0f MB/s, %u progress calls), sha256 %.16s...",
                  label, size / MiB, sparse ? " sparse" : "", t_up, mbps (size, t_up), up.calls,
                  t_down, mbps (size, t_down), down.calls, sum_src);
  if (T.upload_mbps == 0)
    T.upload_mbps = mbps (size, t_up);
  g_unlink (dst);
}

/* ------------------------------------------------------------------ */
/* Setup and cleanup                                                   */

static void
define_pool (const char *name,
             const char *dir,
             char      **uuid_out)
{
  g_autofree char *xml = g_strdup_printf ("<pool type='dir'><name>%s</name>"
                                          "<target><path>%s</path></target></pool>", name, dir);
  virStoragePoolPtr pool;
  char uuid[VIR_UUID_STRING_BUFLEN];

  g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);
  /* transient: gone with pool-destroy, or when libvirtd restarts */
  pool = virStoragePoolCreateXML (T.raw, xml, 0);
  if (pool == NULL)
    g_error ("could not create pool %s: %s", name, virGetLastErrorMessage ());
  g_assert_cmpint (virStoragePoolGetUUIDString (pool, uuid), ==, 0);
  *uuid_out = g_strdup (uuid);
  virStoragePoolFree (pool);
}

static void
destroy_pool (const char *name)
{
  virStoragePoolPtr pool = virStoragePoolLookupByName (T.raw, name);

  if (pool == NULL)
    return;
  /* volumes first, so the directory can go */
  virStoragePoolRefresh (pool, 0);
  {
    virStorageVolPtr *vols = NULL;
    int n = virStoragePoolListAllVolumes (pool, &vols, 0);
    for (int i = 0; i < n; i++)
      {
        virStorageVolDelete (vols[i], 0);
        virStorageVolFree (vols[i]);
      }
    free (vols);
  }
  virStoragePoolDestroy (pool);
  virStoragePoolFree (pool);
}

static void
rm_rf (const char *path)
{
  const char *argv[] = { "rm", "-rf", "--one-file-system", "--", path, NULL };

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, NULL, NULL);
}

static void
global_setup (void)
{
  g_autofree char *pid = g_strdup_printf ("%d", (int) getpid ());
  gint64 t0 = g_get_monotonic_time ();

  g_autofree char *base_name = g_strdup_printf ("vsm-voltest-%s", pid);

  T.base_dir = vsm_test_system_work_path (base_name);
  T.dir_a = g_build_filename (T.base_dir, "a", NULL);
  T.dir_b = g_build_filename (T.base_dir, "b", NULL);
  T.work = g_build_filename (T.base_dir, "work", NULL);
  T.pool_a = g_strdup_printf ("vsm-voltest-%s", pid);
  T.pool_b = g_strdup_printf ("vsm-voltest-%s-b", pid);
  g_assert_cmpint (g_mkdir_with_parents (T.work, 0755), ==, 0);

  T.raw = virConnectOpen (URI);
  if (T.raw == NULL)
    g_error ("cannot open %s: %s", URI, virGetLastErrorMessage ());
  define_pool (T.pool_a, T.dir_a, &T.uuid_a);
  define_pool (T.pool_b, T.dir_b, &T.uuid_b);

  T.host = vsm_host_new (URI);
  vsm_host_connect (T.host);
  VSM_WAIT_FOR (vsm_host_get_pools_loaded (T.host), TIMEOUT);
  VSM_WAIT_FOR (vsm_host_find_pool_by_name (T.host, T.pool_b) != NULL, TIMEOUT);
  g_assert_cmpstr (vsm_pool_get_uuid (vsm_host_find_pool_by_name (T.host, T.pool_a)), ==, T.uuid_a);
  g_test_message ("pools %s and %s in %s, set up in %.2f s", T.pool_a, T.pool_b, T.base_dir, secs_since (t0));
}

static void
global_cleanup (void)
{
  if (T.host != NULL)
    {
      gint64 end = g_get_monotonic_time () + 100 * 1000;
      vsm_host_disconnect (T.host);
      g_clear_object (&T.host);
      while (g_get_monotonic_time () < end)
        vsm_test_iterate ();
    }
  if (T.raw != NULL)
    {
      destroy_pool (T.pool_a);
      destroy_pool (T.pool_b);
      virConnectClose (T.raw);
    }
  if (T.base_dir != NULL)
    rm_rf (T.base_dir);
}

/* ------------------------------------------------------------------ */
/* Tests                                                               */

static void
test_create (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VsmVolumeSpec) sparse = vsm_test_volume_spec ("sparse.raw", "raw", 256 * MiB, VSM_PREALLOC_OFF);
  g_autoptr(VsmVolumeSpec) thin = vsm_test_volume_spec ("thin.qcow2", "qcow2", GiB, VSM_PREALLOC_OFF);
  g_autoptr(VsmVolumeSpec) meta = vsm_test_volume_spec ("meta.qcow2", "qcow2", GiB, VSM_PREALLOC_METADATA);
  g_autoptr(VsmVolumeSpec) full = vsm_test_volume_spec ("full.raw", "raw", 64 * MiB, VSM_PREALLOC_FULL);
  g_autoptr(VsmVolumeSpec) fullq = vsm_test_volume_spec ("full.qcow2", "qcow2", 64 * MiB, VSM_PREALLOC_FULL);
  g_autofree char *p_fullq = vol_path (T.dir_a, "full.qcow2");
  g_autofree char *p_sparse = vol_path (T.dir_a, "sparse.raw");
  g_autofree char *p_thin = vol_path (T.dir_a, "thin.qcow2");
  g_autofree char *p_meta = vol_path (T.dir_a, "meta.qcow2");
  g_autofree char *p_full = vol_path (T.dir_a, "full.raw");
  ImgInfo info;
  guint64 thin_actual;
  gint64 t0 = g_get_monotonic_time ();

  ASSERT_OK (do_create (T.uuid_a, sparse, &error));
  ASSERT_OK (do_create (T.uuid_a, thin, &error));
  ASSERT_OK (do_create (T.uuid_a, meta, &error));
  ASSERT_OK (do_create (T.uuid_a, full, &error));
  ASSERT_OK (do_create (T.uuid_a, fullq, &error));
  g_test_message ("timing: 5 volumes created in %.2f s", secs_since (t0));

  /* raw sparse: the right size, nothing allocated */
  info = img_info (p_sparse);
  g_assert_cmpstr (info.format, ==, "raw");
  g_assert_cmpuint (info.virtual_size, ==, 256 * MiB);
  g_assert_cmpuint (allocated_bytes (p_sparse), <, MiB);
  g_free (info.format);

  /* qcow2 thin */
  info = img_info (p_thin);
  g_assert_cmpstr (info.format, ==, "qcow2");
  g_assert_cmpuint (info.virtual_size, ==, GiB);
  g_assert_cmpuint (info.actual_size, <, MiB);
  thin_actual = info.actual_size;
  g_test_message ("thin.qcow2: virtual %" G_GUINT64_FORMAT ", actual %" G_GUINT64_FORMAT,
                  info.virtual_size, info.actual_size);
  g_free (info.format);

  /* qcow2 with metadata preallocated: more than the thin one, far less than full */
  info = img_info (p_meta);
  g_assert_cmpstr (info.format, ==, "qcow2");
  g_assert_cmpuint (info.virtual_size, ==, GiB);
  g_test_message ("meta.qcow2: actual %" G_GUINT64_FORMAT, info.actual_size);
  g_assert_cmpuint (info.actual_size, >, thin_actual);
  g_assert_cmpuint (info.actual_size, <, 64 * MiB);
  g_free (info.format);

  /* raw fully preallocated: every block allocated */
  info = img_info (p_full);
  g_assert_cmpstr (info.format, ==, "raw");
  g_assert_cmpuint (info.virtual_size, ==, 64 * MiB);
  g_assert_cmpuint (info.actual_size, >=, 64 * MiB);
  g_assert_cmpuint (allocated_bytes (p_full), >=, 64 * MiB);
  g_test_message ("full.raw: %" G_GUINT64_FORMAT " bytes allocated (stat %%b x 512)", allocated_bytes (p_full));
  g_free (info.format);

  /* qcow2 Full is full too (before, libvirt got allocation = capacity
   * without --prealloc-metadata and left it thin: 196 KiB for 64 MiB) */
  info = img_info (p_fullq);
  g_assert_cmpstr (info.format, ==, "qcow2");
  g_assert_cmpuint (info.virtual_size, ==, 64 * MiB);
  g_test_message ("full.qcow2: virtual %" G_GUINT64_FORMAT ", disk size %" G_GUINT64_FORMAT
                  ", %" G_GUINT64_FORMAT " bytes allocated", info.virtual_size, info.actual_size,
                  allocated_bytes (p_fullq));
  g_assert_cmpuint (info.actual_size, >=, 64 * MiB);
  g_assert_cmpuint (allocated_bytes (p_fullq), >=, 64 * MiB);
  g_free (info.format);

  /* the model lists them with their formats */
  {
    VsmVolume *v = listed_volume (T.pool_a, "thin.qcow2");
    g_assert_nonnull (v);
    g_assert_cmpstr (vsm_volume_get_format (v), ==, "qcow2");
    g_assert_cmpuint (vsm_volume_get_capacity (v), ==, GiB);
    v = listed_volume (T.pool_a, "full.raw");
    g_assert_nonnull (v);
    g_assert_cmpuint (vsm_volume_get_allocation (v), >=, 64 * MiB);
    g_assert_cmpstr (vsm_volume_get_path (v), ==, p_full);
  }

  /* a duplicate is refused by libvirt (the file is untouched) */
  g_assert_false (do_create (T.uuid_a, full, &error));
  g_assert_true (error->domain == VSM_ERROR);
  g_test_message ("duplicate: %s", error->message);
  g_assert_cmpuint (allocated_bytes (p_full), >=, 64 * MiB);
}

static void
test_clone (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VsmVolumeSpec) same = vsm_test_volume_spec ("sparse-clone.raw", "raw", 256 * MiB, VSM_PREALLOC_OFF);
  g_autoptr(VsmVolumeSpec) other = vsm_test_volume_spec ("thin-copy.qcow2", "qcow2", GiB, VSM_PREALLOC_OFF);
  g_autoptr(VsmVolumeSpec) convert = vsm_test_volume_spec ("converted.qcow2", "qcow2", 256 * MiB, VSM_PREALLOC_OFF);
  g_autofree char *p_same = vol_path (T.dir_a, "sparse-clone.raw");
  g_autofree char *p_other = vol_path (T.dir_b, "thin-copy.qcow2");
  g_autofree char *p_convert = vol_path (T.dir_b, "converted.qcow2");
  ImgInfo info;
  gint64 t0;

  /* same pool */
  t0 = g_get_monotonic_time ();
  ASSERT_OK (do_clone (T.uuid_a, "sparse.raw", T.uuid_a, same, &error));
  g_test_message ("timing: clone in the same pool %.2f s", secs_since (t0));
  info = img_info (p_same);
  g_assert_cmpstr (info.format, ==, "raw");
  g_assert_cmpuint (info.virtual_size, ==, 256 * MiB);
  g_free (info.format);
  g_assert_nonnull (listed_volume (T.pool_a, "sparse-clone.raw"));
  g_assert_nonnull (listed_volume (T.pool_a, "sparse.raw"));

  /* into the other pool */
  t0 = g_get_monotonic_time ();
  ASSERT_OK (do_clone (T.uuid_a, "thin.qcow2", T.uuid_b, other, &error));
  g_test_message ("timing: clone into the other pool %.2f s", secs_since (t0));
  info = img_info (p_other);
  g_assert_cmpstr (info.format, ==, "qcow2");
  g_assert_cmpuint (info.virtual_size, ==, GiB);
  g_free (info.format);
  g_assert_nonnull (listed_volume (T.pool_b, "thin-copy.qcow2"));
  g_assert_null (listed_volume (T.pool_a, "thin-copy.qcow2"));

  /* with conversion raw → qcow2 */
  ASSERT_OK (do_clone (T.uuid_a, "sparse.raw", T.uuid_b, convert, &error));
  info = img_info (p_convert);
  g_assert_cmpstr (info.format, ==, "qcow2");
  g_assert_cmpuint (info.virtual_size, ==, 256 * MiB);
  g_free (info.format);
}

static void
test_resize (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *p_sparse = vol_path (T.dir_a, "sparse.raw");
  g_autofree char *p_thin = vol_path (T.dir_a, "thin.qcow2");
  ImgInfo info;

  /* grow raw and qcow2 */
  ASSERT_OK (do_resize ("sparse.raw", 512 * MiB, 0, &error));
  info = img_info (p_sparse);
  g_assert_cmpuint (info.virtual_size, ==, 512 * MiB);
  g_free (info.format);
  ASSERT_OK (do_resize ("thin.qcow2", 2 * GiB, 0, &error));
  info = img_info (p_thin);
  g_assert_cmpuint (info.virtual_size, ==, 2 * GiB);
  g_assert_cmpstr (info.format, ==, "qcow2");
  g_free (info.format);
  g_assert_cmpuint (vsm_volume_get_capacity (listed_volume (T.pool_a, "thin.qcow2")), ==, 2 * GiB);

  /* shrinking needs the flag */
  g_assert_false (do_resize ("sparse.raw", 128 * MiB, 0, &error));
  g_assert_true (error->domain == VSM_ERROR);
  g_test_message ("shrink without the flag: %s", error->message);
  g_clear_error (&error);
  info = img_info (p_sparse);
  g_assert_cmpuint (info.virtual_size, ==, 512 * MiB);
  g_free (info.format);

  ASSERT_OK (do_resize ("sparse.raw", 128 * MiB, VSM_RESIZE_SHRINK, &error));
  info = img_info (p_sparse);
  g_assert_cmpuint (info.virtual_size, ==, 128 * MiB);
  g_free (info.format);
  g_assert_cmpuint (vsm_volume_get_capacity (listed_volume (T.pool_a, "sparse.raw")), ==, 128 * MiB);
}

static void
test_roundtrip (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VsmVolumeSpec) spec = vsm_test_volume_spec ("data.raw", "raw", 64 * MiB, VSM_PREALLOC_OFF);
  g_autofree char *src = work_path ("random-64M.bin");
  gint64 t0 = g_get_monotonic_time ();

  make_random_file (src, 64 * MiB, 1);
  g_test_message ("timing: wrote 64 MiB of random data in %.2f s", secs_since (t0));
  ASSERT_OK (do_create (T.uuid_a, spec, &error));

  /* as the app does it (sparse-aware), and plain */
  upload_download_compare ("data.raw", src, TRUE, "random");
  make_random_file (src, 64 * MiB, 2);
  upload_download_compare ("data.raw", src, FALSE, "random");

  /* the volume file in the pool holds the data too */
  {
    g_autofree char *p = vol_path (T.dir_a, "data.raw");
    g_autofree char *a = sha256_file (src, G_MAXUINT64);
    g_autofree char *b = sha256_file (p, G_MAXUINT64);
    g_assert_cmpstr (a, ==, b);
  }
}

static gboolean
is_zero (const guchar *buf,
         gsize         len)
{
  for (gsize i = 0; i < len; i++)
    if (buf[i] != 0)
      return FALSE;
  return TRUE;
}

static void
test_wipe (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *vol = vol_path (T.dir_a, "data.raw");
  g_autofree char *down = work_path ("wiped.bin");
  g_autofree char *contents = NULL;
  gsize len = 0;
  gint64 t0;

  /* the round trip left random data in it */
  g_assert_true (g_file_get_contents (vol, &contents, &len, NULL));
  g_assert_cmpuint (len, ==, 64 * MiB);
  g_assert_false (is_zero ((guchar *) contents, MiB));
  g_clear_pointer (&contents, g_free);

  t0 = g_get_monotonic_time ();
  ASSERT_OK (do_wipe ("data.raw", &error));
  g_test_message ("timing: zero-wipe of 64 MiB %.2f s", secs_since (t0));

  /* read back through the app: the first MiB (and all the rest) is zero */
  {
    guint64 bytes = 0;
    ASSERT_OK (do_transfer (FALSE, "data.raw", down, FALSE, &(Progress) { 0 }, NULL, &bytes, NULL, &error));
  }
  g_assert_true (g_file_get_contents (down, &contents, &len, NULL));
  g_assert_cmpuint (len, ==, 64 * MiB);
  g_assert_true (is_zero ((guchar *) contents, MiB));
  g_assert_true (is_zero ((guchar *) contents, len));
  g_clear_pointer (&contents, g_free);
  /* and in the pool */
  g_assert_true (g_file_get_contents (vol, &contents, &len, NULL));
  g_assert_true (is_zero ((guchar *) contents, MiB));
  g_assert_cmpuint (vsm_volume_get_capacity (listed_volume (T.pool_a, "data.raw")), ==, 64 * MiB);
  g_unlink (down);

  /* A qcow2 volume, as the pool view wipes it (through the model): libvirt
   * overwrites the header too (before: a 256 KiB raw file of zeros where
   * a 1 GiB qcow2 was); the model makes it again, a qcow2 volume of the
   * same capacity, empty (issue 14, item 13) */
  {
    g_autofree char *meta = vol_path (T.dir_a, "meta.qcow2");
    GAsyncResult *slot = NULL;
    g_autoptr(GAsyncResult) result = NULL;
    ImgInfo info;

    g_assert_nonnull (listed_volume (T.pool_a, "meta.qcow2"));
    t0 = g_get_monotonic_time ();
    vsm_host_volume_job_async (T.host, &(VsmVolumeJob) { .kind = VSM_VOLUME_JOB_WIPE, .pool_uuid = T.uuid_a,
                                                         .name = "meta.qcow2", .algorithm = VSM_WIPE_ZERO },
                               NULL, vsm_test_store_result, &slot);
    result = vsm_test_wait_result (&slot, TIMEOUT);
    ASSERT_OK (vsm_host_volume_job_finish (T.host, result, NULL, &error));
    g_test_message ("timing: wipe of a 1 GiB qcow2, made again, %.2f s", secs_since (t0));
    info = img_info (meta);
    g_test_message ("meta.qcow2 after the wipe: %s, virtual %" G_GUINT64_FORMAT ", disk %" G_GUINT64_FORMAT,
                    info.format, info.virtual_size, info.actual_size);
    g_assert_cmpstr (info.format, ==, "qcow2");
    g_assert_cmpuint (info.virtual_size, ==, GiB);
    g_assert_cmpuint (info.actual_size, <, MiB);   /* empty */
    g_free (info.format);
    g_assert_cmpstr (vsm_volume_get_format (listed_volume (T.pool_a, "meta.qcow2")), ==, "qcow2");
  }
}

/* A file with a non-zero pattern, quick to write (cancel test). */
static void
make_pattern_file (const char *path,
                   guint64     size)
{
  g_autofree guchar *buf = g_malloc (4 * MiB);
  int fd = g_open (path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);

  g_assert_cmpint (fd, >=, 0);
  for (gsize i = 0; i < 4 * MiB; i++)
    buf[i] = (guchar) (i * 131 + 7) | 1;
  for (guint64 done = 0; done < size; done += 4 * MiB)
    write_all (fd, buf, MIN (4 * MiB, size - done));
  close (fd);
}

static void
test_cancel_upload (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *big = work_path ("big.bin");
  g_autofree char *small = work_path ("random-64M.bin");
  g_autofree char *down = work_path ("after-cancel.bin");
  guint64 size;
  gboolean cancelled = FALSE;

  /* big enough to take about 2 s at the speed measured above, so the
   * progress callback (every 100 ms) sees it half way */
  size = (guint64) (T.upload_mbps * 1e6 * 2.0);
  size = CLAMP (size, 256 * MiB, 2 * GiB) & ~(MiB - 1);

  for (int attempt = 0; attempt < 3 && !cancelled; attempt++, size = MIN (size * 2, 4 * GiB))
    {
      g_autoptr(VsmVolumeSpec) spec = vsm_test_volume_spec ("cancel.raw", "raw", size, VSM_PREALLOC_OFF);
      g_autoptr(GCancellable) cancellable = g_cancellable_new ();
      Progress p = { 0 };
      guint64 bytes = 0;
      double secs, after_cancel;
      gboolean ok;

      if (attempt == 0)
        ASSERT_OK (do_create (T.uuid_a, spec, &error));
      else
        ASSERT_OK (do_resize ("cancel.raw", size, 0, &error));
      make_pattern_file (big, size);

      p.cancel_at_half = cancellable;
      ok = do_transfer (TRUE, "cancel.raw", big, TRUE, &p, cancellable, &bytes, &secs, &error);
      after_cancel = p.cancel_time ? secs_since (p.cancel_time) : 0;
      if (ok)
        {
          g_test_message ("upload of %" G_GUINT64_FORMAT " MiB finished in %.2f s before it could be cancelled; "
                          "trying a bigger file", size / MiB, secs);
          continue;
        }
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
      g_clear_error (&error);
      g_assert_cmpuint (p.cancelled_at, >, size / 2);
      g_assert_cmpuint (p.cancelled_at, <, size);
      /* the stream is aborted promptly, not run to the end */
      g_assert_cmpfloat (after_cancel, <, 5.0);
      g_test_message ("timing: upload of %" G_GUINT64_FORMAT " MiB cancelled at %" G_GUINT64_FORMAT
                      " MiB after %.2f s; the finish came %.0f ms after the cancel (%u progress calls)",
                      size / MiB, p.cancelled_at / MiB, secs - after_cancel, after_cancel * 1000, p.calls);
      cancelled = TRUE;
    }
  g_assert_true (cancelled);
  g_unlink (big);

  /* the volume is still there and listed; the connection is fine */
  {
    VsmVolume *v = listed_volume (T.pool_a, "cancel.raw");
    g_assert_nonnull (v);
    g_assert_cmpint (vsm_connection_get_state (conn ()), ==, VSM_CONNECTION_STATE_CONNECTED);
  }

  /* a full round trip still works, on another volume and on this one */
  upload_download_compare ("data.raw", small, TRUE, "after the cancel, random");
  {
    Progress up = { 0 }, dl = { 0 };
    guint64 bytes = 0;
    g_autofree char *a = NULL;
    g_autofree char *b = NULL;

    ASSERT_OK (do_transfer (TRUE, "cancel.raw", small, TRUE, &up, NULL, &bytes, NULL, &error));
    g_assert_cmpuint (bytes, ==, 64 * MiB);
    ASSERT_OK (do_transfer (FALSE, "cancel.raw", down, TRUE, &dl, NULL, &bytes, NULL, &error));
    g_assert_cmpuint (file_size (down), ==, vsm_volume_get_capacity (listed_volume (T.pool_a, "cancel.raw")));
    a = sha256_file (small, G_MAXUINT64);
    b = sha256_file (down, 64 * MiB);
    g_assert_cmpstr (a, ==, b);
    g_unlink (down);
  }
  /* Cancel a download half way: the file already under that name stays
   * as it was, no FILE.part is left behind, and the finish is prompt. */
  {
    g_autoptr(GCancellable) cancellable = g_cancellable_new ();
    g_autofree char *keep = work_path ("keep.bin");
    g_autofree char *part = g_strconcat (keep, ".part", NULL);
    g_autofree char *before = NULL;
    g_autofree char *after = NULL;
    guint64 vol_size = vsm_volume_get_capacity (listed_volume (T.pool_a, "cancel.raw"));
    Progress p = { 0 };
    guint64 bytes = 0;
    double secs, after_cancel;
    gboolean ok;

    g_assert_cmpuint (vol_size, >=, 256 * MiB);
    g_assert_true (g_file_set_contents (keep, "the user's own file\n", -1, NULL));
    before = sha256_file (keep, G_MAXUINT64);
    p.cancel_at_half = cancellable;
    ok = do_transfer (FALSE, "cancel.raw", keep, FALSE, &p, cancellable, &bytes, &secs, &error);
    after_cancel = p.cancel_time ? secs_since (p.cancel_time) : 0;
    if (ok)
      {
        /* too fast for a 100 ms progress tick to land half way: then at
         * least the download is complete and replaced the file */
        g_test_message ("download of %" G_GUINT64_FORMAT " MiB finished in %.2f s before it could be cancelled",
                        vol_size / MiB, secs);
        g_assert_cmpuint (file_size (keep), ==, vol_size);
      }
    else
      {
        g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
        g_clear_error (&error);
        g_assert_cmpuint (p.cancelled_at, >, 0);
        g_assert_cmpfloat (after_cancel, <, 5.0);
        after = sha256_file (keep, G_MAXUINT64);
        g_assert_cmpstr (before, ==, after);
        g_test_message ("timing: download of %" G_GUINT64_FORMAT " MiB cancelled at %" G_GUINT64_FORMAT
                        " MiB; the finish came %.0f ms after the cancel",
                        vol_size / MiB, p.cancelled_at / MiB, after_cancel * 1000);
      }
    g_assert_false (g_file_test (part, G_FILE_TEST_EXISTS));
    g_assert_cmpint (vsm_connection_get_state (conn ()), ==, VSM_CONNECTION_STATE_CONNECTED);
    g_unlink (keep);
  }

  /* the big volume is not needed any more */
  {
    virStoragePoolPtr pool = virStoragePoolLookupByName (T.raw, T.pool_a);
    virStorageVolPtr vol = virStorageVolLookupByName (pool, "cancel.raw");
    g_assert_cmpint (virStorageVolDelete (vol, 0), ==, 0);
    virStorageVolFree (vol);
    virStoragePoolFree (pool);
  }
}

static void
test_sparse_roundtrip (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VsmVolumeSpec) spec = vsm_test_volume_spec ("holes.raw", "raw", 256 * MiB, VSM_PREALLOC_OFF);
  g_autofree char *src = work_path ("holes.bin");
  g_autofree char *dst = work_path ("holes.out");
  g_autofree char *vol = vol_path (T.dir_a, "holes.raw");
  g_autofree char *sum_src = NULL;
  g_autofree char *sum_dst = NULL;
  Progress up = { 0 }, down = { 0 };
  guint64 bytes = 0;
  double t_up, t_down;

  /* 256 MiB with 1 MiB of data in the middle */
  {
    g_autoptr(GRand) rand = g_rand_new_with_seed (3);
    g_autofree guint32 *buf = g_malloc (MiB);
    int fd = g_open (src, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);

    g_assert_cmpint (fd, >=, 0);
    g_assert_cmpint (ftruncate (fd, 256 * MiB), ==, 0);
    for (gsize i = 0; i < MiB / 4; i++)
      buf[i] = g_rand_int (rand) | 1;
    g_assert_cmpint (lseek (fd, 100 * MiB, SEEK_SET), ==, 100 * MiB);
    write_all (fd, (guchar *) buf, MiB);
    close (fd);
  }
  g_assert_cmpuint (file_size (src), ==, 256 * MiB);
  g_assert_cmpuint (allocated_bytes (src), <=, 2 * MiB);

  ASSERT_OK (do_create (T.uuid_a, spec, &error));
  ASSERT_OK (do_transfer (TRUE, "holes.raw", src, TRUE, &up, NULL, &bytes, &t_up, &error));
  g_assert_cmpuint (bytes, ==, 256 * MiB);       /* holes count as transferred */
  /* the volume stays sparse */
  g_test_message ("holes.raw allocated after sparse upload: %" G_GUINT64_FORMAT " KiB", allocated_bytes (vol) / 1024);
  g_assert_cmpuint (allocated_bytes (vol), <, 16 * MiB);

  ASSERT_OK (do_transfer (FALSE, "holes.raw", dst, TRUE, &down, NULL, &bytes, &t_down, &error));
  g_assert_cmpuint (file_size (dst), ==, 256 * MiB);
  g_test_message ("downloaded file: %" G_GUINT64_FORMAT " MiB, %" G_GUINT64_FORMAT " KiB allocated",
                  file_size (dst) / MiB, allocated_bytes (dst) / 1024);
  g_assert_cmpuint (allocated_bytes (dst), <, 16 * MiB);

  sum_src = sha256_file (src, G_MAXUINT64);
  sum_dst = sha256_file (dst, G_MAXUINT64);
  g_assert_cmpstr (sum_src, ==, sum_dst);
  g_test_message ("timing: sparse 256 MiB (1 MiB data): upload %.2f s, download %.2f s", t_up, t_down);
  g_unlink (src);
  g_unlink (dst);
}

static void
delete_volume (VsmPool    *pool,
               const char *name)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  GAsyncResult *slot = NULL;

  vsm_host_volume_job_async (T.host, &(VsmVolumeJob) { .kind = VSM_VOLUME_JOB_DELETE,
                                                       .pool_uuid = vsm_pool_get_uuid (pool),
                                                       .name = name },
                             NULL, vsm_test_store_result, &slot);
  result = vsm_test_wait_result (&slot, TIMEOUT);
  ASSERT_OK (vsm_host_volume_job_finish (T.host, result, NULL, &error));
}

/* ------------------------------------------------------------------ */
/* New Volume from File                                                */

/* What the form proposes for @path in pool a: the plan from the file on
 * disk and the names the model lists. */
static VsmUploadPlan *
plan_for (const char *path)
{
  VsmPool *pool = relist (T.pool_a);
  g_autoptr(GHashTable) existing = g_hash_table_new (g_str_hash, g_str_equal);
  VsmKeyedList *vols = vsm_pool_get_volumes (pool);
  g_autofree guint8 *head = g_malloc0 (VSM_UPLOAD_HEAD_SIZE);
  int fd = g_open (path, O_RDONLY | O_CLOEXEC, 0);
  ssize_t got;

  for (guint i = 0; i < vsm_keyed_list_get_n_items (vols); i++)
    g_hash_table_add (existing, (gpointer) vsm_volume_get_name (vsm_keyed_list_get (vols, i)));
  g_assert_cmpint (fd, >=, 0);
  got = read (fd, head, VSM_UPLOAD_HEAD_SIZE);
  g_assert_cmpint (got, >=, 0);
  close (fd);
  return vsm_upload_plan_new (path, file_size (path), allocated_bytes (path), head, got,
                              vsm_pool_get_pool_type (pool), vsm_pool_get_source_device (pool), existing);
}

/* Through the model, as the window runs it: check, create, upload, and
 * delete again on failure. */
static gboolean
upload_new (const VsmVolumeSpec  *spec,
            const char           *path,
            Progress             *progress,
            GCancellable         *cancellable,
            double               *secs,
            GError              **error)
{
  GAsyncResult *slot = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  gint64 t0 = g_get_monotonic_time ();
  gboolean ok;

  vsm_host_volume_job_async (T.host,
                             &(VsmVolumeJob) { .kind = VSM_VOLUME_JOB_UPLOAD, .pool_uuid = T.uuid_a, .spec = spec,
                                               .local_path = path, .sparse = TRUE, .progress = progress_cb,
                                               .progress_data = progress },
                             cancellable, vsm_test_store_result, &slot);
  result = vsm_test_wait_result (&slot, TIMEOUT);
  ok = vsm_host_volume_job_finish (T.host, result, NULL, error);
  if (secs != NULL)
    *secs = secs_since (t0);
  return ok;
}

/* libvirt knows no volume of that name in pool a, and its file is gone. */
static void
assert_no_volume (const char *name)
{
  g_autofree char *p = vol_path (T.dir_a, name);
  virStoragePoolPtr pool = virStoragePoolLookupByName (T.raw, T.pool_a);
  virStorageVolPtr vol;

  g_assert_nonnull (pool);
  g_assert_cmpint (virStoragePoolRefresh (pool, 0), ==, 0);
  vol = virStorageVolLookupByName (pool, name);
  g_assert_null (vol);
  virResetLastError ();
  virStoragePoolFree (pool);
  g_assert_false (g_file_test (p, G_FILE_TEST_EXISTS));
  g_assert_null (listed_volume (T.pool_a, name));
}

static void
test_upload_new_volume (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *src = work_path ("odd-size.raw");
  g_autofree char *down = work_path ("odd-size.out");
  g_autofree char *in_pool = vol_path (T.dir_a, "odd-size.raw");
  g_autofree char *sum_src = NULL;
  g_autofree char *sum_down = NULL;
  g_autofree char *sum_pool = NULL;
  g_autoptr(VsmUploadPlan) plan = NULL;
  const guint64 size = 3 * MiB + 517;
  Progress up = { 0 }, dl = { 0 };
  guint64 bytes = 0;
  double t_up, t_down;
  VsmVolume *v;

  /* 3 MiB + 517 bytes of random data: no unit rounds it */
  make_random_file (src, size, 5);
  plan = plan_for (src);
  g_assert_cmpstr (plan->spec->name, ==, "odd-size.raw");
  g_assert_cmpstr (plan->spec->format, ==, "raw");
  g_assert_cmpuint (plan->spec->capacity, ==, size);
  g_assert_cmpint (plan->kind, ==, VSM_FILE_KIND_RAW);

  ASSERT_OK (upload_new (plan->spec, src, &up, NULL, &t_up, &error));
  if (up.calls > 0)
    g_assert_cmpuint (up.total, ==, size);

  /* the volume is exactly the file: capacity, the file in the pool, and
   * what comes back */
  v = listed_volume (T.pool_a, "odd-size.raw");
  g_assert_nonnull (v);
  g_assert_cmpuint (vsm_volume_get_capacity (v), ==, size);
  g_assert_cmpstr (vsm_volume_get_format (v), ==, "raw");
  g_assert_cmpuint (file_size (in_pool), ==, size);
  ASSERT_OK (do_transfer (FALSE, "odd-size.raw", down, TRUE, &dl, NULL, &bytes, &t_down, &error));
  g_assert_cmpuint (bytes, ==, size);
  g_assert_cmpuint (file_size (down), ==, size);
  sum_src = sha256_file (src, G_MAXUINT64);
  sum_down = sha256_file (down, G_MAXUINT64);
  sum_pool = sha256_file (in_pool, G_MAXUINT64);
  g_assert_cmpstr (sum_src, ==, sum_down);
  g_assert_cmpstr (sum_src, ==, sum_pool);
  g_test_message ("timing: new volume from a %" G_GUINT64_FORMAT "-byte file (create + upload) %.2f s, "
                  "capacity %" G_GUINT64_FORMAT " bytes, downloaded in %.2f s, sha256 %s on all three",
                  size, t_up, vsm_volume_get_capacity (v), t_down, sum_src);
  g_unlink (down);

  /* the same file again: the proposal is numbered, the first one kept */
  {
    g_autoptr(VsmUploadPlan) again = plan_for (src);
    g_assert_cmpstr (again->spec->name, ==, "odd-size-2.raw");
  }
  /* a name already taken fails at the create, and the volume that was
   * there stays as it was */
  g_assert_false (upload_new (plan->spec, src, &(Progress) { 0 }, NULL, NULL, &error));
  g_test_message ("taken name: %s", error->message);
  g_assert_null (strstr (error->message, "deleted"));
  g_clear_error (&error);
  {
    g_autofree char *kept = sha256_file (in_pool, G_MAXUINT64);
    g_assert_cmpstr (kept, ==, sum_src);
  }
  g_unlink (src);
}

/* A qcow2 file goes in as it is; libvirt reads its header and lists the
 * volume as qcow2 with the image's virtual size. */
static void
test_upload_new_qcow2 (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *src = work_path ("image.qcow2");
  g_autofree char *in_pool = vol_path (T.dir_a, "image.qcow2");
  g_autofree char *sum_src = NULL;
  g_autofree char *sum_pool = NULL;
  g_autoptr(VsmUploadPlan) plan = NULL;
  const char *argv[] = { "qemu-img", "create", "-q", "-f", "qcow2", src, "96M", NULL };
  int status = 0;
  ImgInfo info;
  VsmVolume *v;

  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL,
                               &status, &error));
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  plan = plan_for (src);
  g_assert_cmpint (plan->kind, ==, VSM_FILE_KIND_QCOW2);
  g_assert_cmpuint (plan->virtual_size, ==, 96 * MiB);
  g_assert_cmpuint (plan->spec->capacity, ==, file_size (src));
  g_assert_cmpstr (plan->spec->format, ==, "raw");

  ASSERT_OK (upload_new (plan->spec, src, &(Progress) { 0 }, NULL, NULL, &error));
  v = listed_volume (T.pool_a, "image.qcow2");
  g_assert_nonnull (v);
  g_test_message ("image.qcow2 (%" G_GUINT64_FORMAT " bytes) listed as %s, capacity %" G_GUINT64_FORMAT,
                  file_size (src), vsm_volume_get_format (v), vsm_volume_get_capacity (v));
  g_assert_cmpstr (vsm_volume_get_format (v), ==, "qcow2");
  g_assert_cmpuint (vsm_volume_get_capacity (v), ==, 96 * MiB);
  info = img_info (in_pool);
  g_assert_cmpstr (info.format, ==, "qcow2");
  g_assert_cmpuint (info.virtual_size, ==, 96 * MiB);
  g_free (info.format);
  sum_src = sha256_file (src, G_MAXUINT64);
  sum_pool = sha256_file (in_pool, G_MAXUINT64);
  g_assert_cmpstr (sum_src, ==, sum_pool);
  g_unlink (src);
}

/* An upload that fails (cancelled half way: the failure a real daemon
 * gives on demand) leaves no volume behind, and says so. */
static void
test_upload_new_fails (void)
{
  g_autofree char *big = work_path ("big-new.bin");
  guint64 size;
  gboolean failed = FALSE;

  size = (guint64) (T.upload_mbps * 1e6 * 2.0);
  size = CLAMP (size, 256 * MiB, 2 * GiB) & ~(MiB - 1);
  for (int attempt = 0; attempt < 3 && !failed; attempt++, size = MIN (size * 2, 4 * GiB))
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GCancellable) cancellable = g_cancellable_new ();
      g_autoptr(VsmUploadPlan) plan = NULL;
      Progress p = { 0 };
      double secs;

      make_pattern_file (big, size + 517);
      plan = plan_for (big);
      g_assert_cmpstr (plan->spec->name, ==, "big-new.bin");
      p.cancel_at_half = cancellable;
      if (upload_new (plan->spec, big, &p, cancellable, &secs, &error))
        {
          g_test_message ("upload of %" G_GUINT64_FORMAT " MiB finished in %.2f s before it could be cancelled; "
                          "trying a bigger file", size / MiB, secs);
          delete_volume (relist (T.pool_a), "big-new.bin");
          continue;
        }
      g_test_message ("timing: %" G_GUINT64_FORMAT " MiB, cancelled at %" G_GUINT64_FORMAT " MiB; the job ended "
                      "%.0f ms after the cancel: %s", size / MiB, p.cancelled_at / MiB,
                      secs_since (p.cancel_time) * 1000, error->message);
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
      g_assert_nonnull (strstr (error->message, "the new volume “big-new.bin” was deleted"));
      g_assert_cmpuint (p.cancelled_at, >, 0);
      failed = TRUE;
    }
  g_assert_true (failed);
  assert_no_volume ("big-new.bin");
  g_assert_cmpint (vsm_connection_get_state (conn ()), ==, VSM_CONNECTION_STATE_CONNECTED);
  g_unlink (big);
}

static void
test_delete (void)
{
  const char *in_a[] = { "sparse.raw", "thin.qcow2", "meta.qcow2", "full.raw", "full.qcow2", "sparse-clone.raw",
                         "data.raw", "holes.raw", "odd-size.raw", "image.qcow2" };
  const char *in_b[] = { "thin-copy.qcow2", "converted.qcow2" };
  VsmPool *a = relist (T.pool_a);
  VsmPool *b = relist (T.pool_b);
  gint64 t0 = g_get_monotonic_time ();

  g_assert_cmpuint (vsm_keyed_list_get_n_items (vsm_pool_get_volumes (a)), ==, G_N_ELEMENTS (in_a));
  g_assert_cmpuint (vsm_keyed_list_get_n_items (vsm_pool_get_volumes (b)), ==, G_N_ELEMENTS (in_b));

  for (guint i = 0; i < G_N_ELEMENTS (in_a); i++)
    {
      g_autofree char *p = vol_path (T.dir_a, in_a[i]);
      g_assert_true (g_file_test (p, G_FILE_TEST_EXISTS));
      delete_volume (a, in_a[i]);
      g_assert_false (g_file_test (p, G_FILE_TEST_EXISTS));
    }
  for (guint i = 0; i < G_N_ELEMENTS (in_b); i++)
    delete_volume (b, in_b[i]);
  g_test_message ("timing: %u volumes deleted in %.2f s",
                  (guint) (G_N_ELEMENTS (in_a) + G_N_ELEMENTS (in_b)), secs_since (t0));

  VSM_WAIT_FOR (vsm_test_volumes_ready (a) && vsm_keyed_list_get_n_items (vsm_pool_get_volumes (a)) == 0, TIMEOUT);
  VSM_WAIT_FOR (vsm_test_volumes_ready (b) && vsm_keyed_list_get_n_items (vsm_pool_get_volumes (b)) == 0, TIMEOUT);
}

/* GTest prints every g_debug() as a TAP comment; libvirt-gobject logs
 * every domain event (no log domain) from libvirt's event-loop thread.
 * Keep them out of the log unless G_MESSAGES_DEBUG asks for them. */
static GLogWriterOutput
quiet_writer (GLogLevelFlags   level,
              const GLogField *fields,
              gsize            n_fields,
              gpointer         user_data)
{
  if ((level & G_LOG_LEVEL_DEBUG) && g_getenv ("G_MESSAGES_DEBUG") == NULL)
    return G_LOG_WRITER_HANDLED;
  return g_log_writer_default (level, fields, n_fields, user_data);
}

int
main (int   argc,
      char *argv[])
{
  int rc;

  g_log_set_writer_func (quiet_writer, NULL, NULL);
  g_test_init (&argc, &argv, NULL);
  vsm_test_init_libvirt ();

  /* in order: each step uses what the previous ones made */
  g_test_add_func ("/volume-daemon/1-create", test_create);
  g_test_add_func ("/volume-daemon/2-clone", test_clone);
  g_test_add_func ("/volume-daemon/3-resize", test_resize);
  g_test_add_func ("/volume-daemon/4-upload-download-roundtrip", test_roundtrip);
  g_test_add_func ("/volume-daemon/5-wipe", test_wipe);
  g_test_add_func ("/volume-daemon/6-cancel-upload", test_cancel_upload);
  g_test_add_func ("/volume-daemon/7-sparse-roundtrip", test_sparse_roundtrip);
  g_test_add_func ("/volume-daemon/8-upload-new-volume", test_upload_new_volume);
  g_test_add_func ("/volume-daemon/9-upload-new-qcow2", test_upload_new_qcow2);
  g_test_add_func ("/volume-daemon/10-upload-new-fails", test_upload_new_fails);
  g_test_add_func ("/volume-daemon/11-delete", test_delete);

  global_setup ();
  rc = g_test_run ();
  global_cleanup ();
  return rc;
}
