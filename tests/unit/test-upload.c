/* test-upload.c
 *
 * The pure half of New Volume from File (src/core/vsm-upload.c): what a
 * file is from its first bytes (qcow2 header with its virtual size and
 * backing file, ISO 9660, raw), the name proposed from the file's name
 * for every kind of pool (always one the validator accepts), the volume
 * it gets (exactly the file's size), the room it needs and the refusals
 * before libvirt, and the two virsh lines. No libvirt, no I/O.
 *
 * Copyright 2026 Virt Storage developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "vsm-error.h"
#include "vsm-upload.h"
#include "vsm-volume-spec.h"

#define MiB (G_GUINT64_CONSTANT (1) << 20)
#define GiB (G_GUINT64_CONSTANT (1) << 30)
/* the size the system test uploads: not a multiple of anything */
#define ODD_SIZE (3 * MiB + 517)

static void
put_be64 (guint8  *p,
          guint64  v)
{
  for (int i = 7; i >= 0; i--, v >>= 8)
    p[i] = v & 0xff;
}

static void
put_be32 (guint8  *p,
          guint32  v)
{
  for (int i = 3; i >= 0; i--, v >>= 8)
    p[i] = v & 0xff;
}

/* A qcow2 version 3 header as qemu-img writes it: magic, version,
 * backing file offset and length, cluster bits, virtual size. */
static guint8 *
qcow2_head (guint64     virtual_size,
            const char *backing,
            gsize      *len)
{
  guint8 *head = g_malloc0 (VSM_UPLOAD_HEAD_SIZE);

  memcpy (head, "QFI\xfb", 4);
  put_be32 (head + 4, 3);
  if (backing != NULL)
    {
      put_be64 (head + 8, 0x200);
      put_be32 (head + 16, strlen (backing));
      memcpy (head + 0x200, backing, strlen (backing));
    }
  put_be32 (head + 20, 16);
  put_be64 (head + 24, virtual_size);
  *len = VSM_UPLOAD_HEAD_SIZE;
  return head;
}

static void
test_detect (void)
{
  gsize len = 0;
  guint64 vsize = 1;
  char *backing = (char *) "unset";
  g_autofree guint8 *q = qcow2_head (20 * GiB, NULL, &len);
  g_autofree guint8 *qb = qcow2_head (8 * GiB + 512, "base image.qcow2", &len);
  g_autofree guint8 *iso = g_malloc0 (VSM_UPLOAD_HEAD_SIZE);
  g_autofree guint8 *data = g_malloc0 (VSM_UPLOAD_HEAD_SIZE);

  /* qcow2: by its magic, whatever the name says */
  g_assert_cmpint (vsm_file_kind_detect ("/tmp/disk.img", q, len, &vsize, &backing), ==, VSM_FILE_KIND_QCOW2);
  g_assert_cmpuint (vsize, ==, 20 * GiB);
  g_assert_null (backing);

  g_assert_cmpint (vsm_file_kind_detect ("x.qcow2", qb, len, &vsize, &backing), ==, VSM_FILE_KIND_QCOW2);
  g_assert_cmpuint (vsize, ==, 8 * GiB + 512);
  g_assert_cmpstr (backing, ==, "base image.qcow2");
  g_clear_pointer (&backing, g_free);

  /* a backing name beyond what was read is not guessed */
  g_assert_cmpint (vsm_file_kind_detect ("x.qcow2", qb, 0x200 + 4, &vsize, &backing), ==, VSM_FILE_KIND_QCOW2);
  g_assert_null (backing);
  g_assert_cmpuint (vsize, ==, 8 * GiB + 512);

  /* too short for the header: raw */
  g_assert_cmpint (vsm_file_kind_detect ("x.qcow2", q, 31, &vsize, NULL), ==, VSM_FILE_KIND_RAW);
  g_assert_cmpuint (vsize, ==, 0);

  /* ISO 9660 by its identifier, or by the name */
  memcpy (iso + 32769, "CD001", 5);
  g_assert_cmpint (vsm_file_kind_detect ("debian", iso, VSM_UPLOAD_HEAD_SIZE, NULL, NULL), ==, VSM_FILE_KIND_ISO);
  g_assert_cmpint (vsm_file_kind_detect ("debian", iso, 32773, NULL, NULL), ==, VSM_FILE_KIND_RAW);
  g_assert_cmpint (vsm_file_kind_detect ("/srv/DEBIAN.ISO", data, 512, NULL, NULL), ==, VSM_FILE_KIND_ISO);
  g_assert_cmpint (vsm_file_kind_detect ("/srv/disk.iso.img", data, 512, NULL, NULL), ==, VSM_FILE_KIND_RAW);

  /* anything else, and nothing read */
  g_assert_cmpint (vsm_file_kind_detect ("data.bin", data, VSM_UPLOAD_HEAD_SIZE, NULL, NULL), ==, VSM_FILE_KIND_RAW);
  g_assert_cmpint (vsm_file_kind_detect (NULL, NULL, 0, &vsize, &backing), ==, VSM_FILE_KIND_RAW);
  g_assert_null (backing);
}

static GHashTable *
names (const char *first,
       ...)
{
  GHashTable *set = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  va_list ap;

  va_start (ap, first);
  for (const char *n = first; n != NULL; n = va_arg (ap, const char *))
    g_hash_table_add (set, g_strdup (n));
  va_end (ap);
  return set;
}

static void
assert_proposal (const char *file,
                 const char *pool_type,
                 const char *device,
                 GHashTable *existing,
                 const char *expected)
{
  g_autofree char *name = vsm_upload_propose_name (file, pool_type, device, existing);
  g_autoptr(GError) error = NULL;

  if (expected != NULL)
    g_assert_cmpstr (name, ==, expected);
  /* whatever the file is called, the proposal passes the form's check */
  if (!vsm_volume_name_validate (name, pool_type, device, existing, &error))
    g_error ("“%s” (%s pool) proposed “%s”: %s", file, pool_type, name, error->message);
}

static void
test_propose_name (void)
{
  g_autoptr(GHashTable) taken = names ("debian-12.qcow2", "debian-12-2.qcow2", "disk", "sdb1", NULL);
  g_autofree char *long_name = NULL;
  g_autofree char *long_utf8 = NULL;

  assert_proposal ("/home/u/Downloads/debian-12.iso", "dir", NULL, NULL, "debian-12.iso");
  assert_proposal ("my disk.img", "dir", NULL, NULL, "my disk.img");
  assert_proposal ("/x/ padded.raw ", "netfs", NULL, NULL, "padded.raw");
  assert_proposal ("/x/a\tb\nc.img", "fs", NULL, NULL, "a_b_c.img");
  assert_proposal ("/x/café.qcow2", "dir", NULL, NULL, "café.qcow2");
  /* taken: numbered before the extension */
  assert_proposal ("/x/debian-12.qcow2", "dir", NULL, taken, "debian-12-3.qcow2");
  assert_proposal ("/x/disk", "dir", NULL, taken, "disk-2");
  /* nothing usable left */
  assert_proposal ("/x/.", "dir", NULL, NULL, "upload");
  assert_proposal ("/x/   ", "dir", NULL, NULL, "upload");
  /* a dot file keeps its dot */
  assert_proposal ("/x/.hidden", "dir", NULL, NULL, ".hidden");
  /* LVM: letters, digits and + _ . - only, not starting with - */
  assert_proposal ("/x/my disk (1).img", "logical", NULL, NULL, "my_disk__1_.img");
  assert_proposal ("/x/-x.img", "logical", NULL, NULL, "_x.img");
  assert_proposal ("/x/café.img", "logical", NULL, NULL, "caf_.img");
  /* disk pools: the next partition, whatever the file is called */
  assert_proposal ("/x/anything.img", "disk", "/dev/sdb", taken, "sdb2");
  assert_proposal ("/x/anything.img", "disk", "/dev/nvme0n1", NULL, "nvme0n1p1");
  /* pools without a rule of their own take what the validator takes */
  assert_proposal ("/x/rbd image.raw", "rbd", NULL, NULL, "rbd image.raw");

  /* too long: cut to the limit, keeping the extension and whole characters */
  long_name = g_strnfill (300, 'a');
  {
    g_autofree char *file = g_strconcat ("/x/", long_name, ".qcow2", NULL);
    g_autofree char *name = vsm_upload_propose_name (file, "dir", NULL, NULL);

    g_assert_cmpuint (strlen (name), <=, VSM_VOLUME_NAME_MAX);
    g_assert_true (g_str_has_suffix (name, ".qcow2"));
    assert_proposal (file, "dir", NULL, NULL, NULL);
  }
  {
    GString *s = g_string_new ("/x/");

    for (int i = 0; i < 200; i++)
      g_string_append (s, "é");
    g_string_append (s, ".img");
    long_utf8 = g_string_free (s, FALSE);
    assert_proposal (long_utf8, "dir", NULL, NULL, NULL);
  }
  /* not UTF-8 (a Latin-1 file name): still valid text */
  assert_proposal ("/x/caf\xe9.img", "dir", NULL, NULL, NULL);
}

static void
test_volume_spec (void)
{
  g_autoptr(VsmVolumeSpec) dir = vsm_upload_volume_spec ("x.img", "dir", ODD_SIZE);
  g_autoptr(VsmVolumeSpec) lv = vsm_upload_volume_spec ("x", "logical", ODD_SIZE);
  g_autoptr(VsmVolumeSpec) part = vsm_upload_volume_spec ("sdb1", "disk", ODD_SIZE);
  g_autofree char *xml = vsm_volume_xml_build (dir);

  /* a pool of files: raw, thin, exactly the file's size */
  g_assert_cmpstr (dir->name, ==, "x.img");
  g_assert_cmpuint (dir->capacity, ==, ODD_SIZE);
  g_assert_cmpstr (dir->format, ==, "raw");
  g_assert_cmpint (dir->prealloc, ==, VSM_PREALLOC_OFF);
  g_assert_null (dir->backing_path);
  g_assert_nonnull (strstr (xml, "<capacity unit='bytes'>3146245</capacity>"));
  g_assert_nonnull (strstr (xml, "<allocation unit='bytes'>0</allocation>"));
  g_assert_nonnull (strstr (xml, "<format type='raw'/>"));

  /* devices: no format, allocated in full */
  g_assert_null (lv->format);
  g_assert_cmpint (lv->prealloc, ==, VSM_PREALLOC_FULL);
  g_assert_cmpuint (lv->capacity, ==, ODD_SIZE);
  g_assert_null (part->format);
  g_assert_cmpint (part->prealloc, ==, VSM_PREALLOC_FULL);
}

static void
test_space_needed (void)
{
  /* sparse file in a pool of files: only its data */
  g_assert_cmpuint (vsm_upload_space_needed ("dir", 256 * MiB, MiB), ==, MiB);
  /* blocks round up past the size; unknown allocation */
  g_assert_cmpuint (vsm_upload_space_needed ("dir", ODD_SIZE, 3 * MiB + 4096), ==, ODD_SIZE);
  g_assert_cmpuint (vsm_upload_space_needed ("netfs", ODD_SIZE, 0), ==, ODD_SIZE);
  /* a device takes the whole size */
  g_assert_cmpuint (vsm_upload_space_needed ("logical", 256 * MiB, MiB), ==, 256 * MiB);
  g_assert_cmpuint (vsm_upload_space_needed ("disk", 256 * MiB, MiB), ==, 256 * MiB);
}

static void
test_check_room (void)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (vsm_upload_check_room (ODD_SIZE, ODD_SIZE, 100 * GiB, 8 * MiB, 0, &error));
  g_assert_no_error (error);
  /* exactly what is free fits */
  g_assert_true (vsm_upload_check_room (ODD_SIZE, ODD_SIZE, 100 * GiB, ODD_SIZE, 0, &error));
  g_assert_no_error (error);

  g_assert_false (vsm_upload_check_room (ODD_SIZE, ODD_SIZE, 100 * GiB, ODD_SIZE - 1, 0, &error));
  g_assert_error (error, VSM_ERROR, VSM_ERROR_INVALID_INPUT);
  g_assert_nonnull (strstr (error->message, "Not enough free space"));
  g_clear_error (&error);

  g_assert_false (vsm_upload_check_room (9 * MiB, 9 * MiB, 100 * GiB, 8 * MiB, 0, &error));
  g_assert_error (error, VSM_ERROR, VSM_ERROR_INVALID_INPUT);
  g_assert_nonnull (strstr (error->message, "9.0"));
  g_assert_nonnull (strstr (error->message, "8.0"));
  g_clear_error (&error);

  /* over capacity: nothing fits, even a small file */
  g_assert_false (vsm_upload_check_room (1, 1, 100 * GiB, G_MAXUINT64, 20 * GiB, &error));
  g_assert_nonnull (strstr (error->message, "over capacity"));
  g_clear_error (&error);

  /* an empty file is refused */
  g_assert_false (vsm_upload_check_room (0, 0, 100 * GiB, 8 * MiB, 0, &error));
  g_assert_error (error, VSM_ERROR, VSM_ERROR_INVALID_INPUT);
  g_clear_error (&error);

  /* a pool that does not say its capacity is not refused */
  g_assert_true (vsm_upload_check_room (9 * MiB, 9 * MiB, 0, 0, 0, &error));
  g_assert_no_error (error);
}

static void
test_plan (void)
{
  g_autoptr(GHashTable) taken = names ("image.raw", NULL);
  g_autofree guint8 *head = g_malloc (VSM_UPLOAD_HEAD_SIZE);
  gsize qlen = 0;
  g_autofree guint8 *q = qcow2_head (20 * GiB, NULL, &qlen);

  memset (head, 0x5a, VSM_UPLOAD_HEAD_SIZE);
  {
    g_autoptr(VsmUploadPlan) plan = vsm_upload_plan_new ("/tmp/image.raw", ODD_SIZE, 3 * MiB + 4096, head,
                                                         VSM_UPLOAD_HEAD_SIZE, "dir", NULL, taken);

    g_assert_cmpint (plan->kind, ==, VSM_FILE_KIND_RAW);
    g_assert_cmpuint (plan->file_size, ==, ODD_SIZE);
    g_assert_cmpuint (plan->virtual_size, ==, ODD_SIZE);
    g_assert_cmpstr (plan->spec->name, ==, "image-2.raw");
    g_assert_cmpuint (plan->spec->capacity, ==, ODD_SIZE);
    g_assert_cmpstr (plan->spec->format, ==, "raw");
    g_assert_cmpuint (plan->needed, ==, ODD_SIZE);
  }
  /* a qcow2 file: a raw container of the file's size; the image's
   * virtual size is what the pool lists once libvirt read the header */
  {
    g_autoptr(VsmUploadPlan) plan = vsm_upload_plan_new ("/tmp/vm.qcow2", 196 * 1024, 196 * 1024, q, qlen,
                                                         "dir", NULL, NULL);

    g_assert_cmpint (plan->kind, ==, VSM_FILE_KIND_QCOW2);
    g_assert_cmpuint (plan->virtual_size, ==, 20 * GiB);
    g_assert_cmpuint (plan->spec->capacity, ==, 196 * 1024);
    g_assert_cmpstr (plan->spec->format, ==, "raw");
    g_assert_cmpstr (plan->spec->name, ==, "vm.qcow2");
  }
  /* an ISO image: raw */
  {
    g_autoptr(VsmUploadPlan) plan = vsm_upload_plan_new ("/tmp/boot.iso", 2 * MiB, 2 * MiB, head, 512,
                                                         "dir", NULL, NULL);

    g_assert_cmpint (plan->kind, ==, VSM_FILE_KIND_ISO);
    g_assert_cmpstr (plan->spec->format, ==, "raw");
    g_assert_cmpuint (plan->spec->capacity, ==, 2 * MiB);
  }
}

static void
test_commands (void)
{
  g_autoptr(VsmVolumeSpec) spec = vsm_upload_volume_spec ("my disk.img", "dir", ODD_SIZE);
  g_autoptr(VsmVolumeSpec) lv = vsm_upload_volume_spec ("data", "logical", ODD_SIZE);
  g_autofree char *system = vsm_upload_commands ("qemu:///system", "images", spec, "/home/u/my disk.img");
  g_autofree char *session = vsm_upload_commands ("qemu:///session", "my pool", spec, "/tmp/x;rm -rf ~");
  g_autofree char *lvm = vsm_upload_commands (NULL, "vg0", lv, "/tmp/data.raw");

  g_assert_cmpstr (system, ==,
                   "virsh vol-create-as images 'my disk.img' 3146245B --allocation 0B --format raw\n"
                   "virsh vol-upload --pool images 'my disk.img' '/home/u/my disk.img' --sparse");
  /* quoted for the shell: pasted, nothing runs but virsh */
  g_assert_cmpstr (session, ==,
                   "virsh -c qemu:///session vol-create-as 'my pool' 'my disk.img' 3146245B --allocation 0B --format raw\n"
                   "virsh -c qemu:///session vol-upload --pool 'my pool' 'my disk.img' '/tmp/x;rm -rf ~' --sparse");
  g_assert_cmpstr (lvm, ==,
                   "virsh vol-create-as vg0 data 3146245B --allocation 3146245B\n"
                   "virsh vol-upload --pool vg0 data /tmp/data.raw --sparse");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/upload/detect", test_detect);
  g_test_add_func ("/upload/propose-name", test_propose_name);
  g_test_add_func ("/upload/volume-spec", test_volume_spec);
  g_test_add_func ("/upload/space-needed", test_space_needed);
  g_test_add_func ("/upload/check-room", test_check_room);
  g_test_add_func ("/upload/plan", test_plan);
  g_test_add_func ("/upload/commands", test_commands);
  return g_test_run ();
}
