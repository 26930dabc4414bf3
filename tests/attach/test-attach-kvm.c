/* test-attach-kvm.c
 *
 * Disk attach on a real KVM domain (qemu:///system, libvirtd started by
 * run-attach-kvm.sh through build-aux/vsm-testbed.sh). The fixtures, all
 * named vsm-test-<pid>-attach*:
 *
 *   vsm-test-<pid>-attach       dir pool in /var/tmp/vsm-test-<pid>-attach
 *                               with data.qcow2, spare.raw, virtio.qcow2,
 *                               external.raw
 *                               and the ISO files cd1.iso and cd2.iso
 *   vsm-test-<pid>-attach-vm    128 MiB KVM domain, no OS (SeaBIOS waits
 *                               forever: rebootTimeout=-1), a virtio-scsi
 *                               controller and no disks; running
 *   vsm-test-<pid>-attach-off   the same, never started
 *
 * The tests run in order and build on each other. main() forks: the child
 * runs them, the parent then destroys and undefines everything, so that a
 * failed assertion or a crash leaves nothing behind.
 *
 * Copyright 2026 Virt Storage developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <glib/gstdio.h>
#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>

#include "vsm-domain-ops.h"
#include "vsm-error.h"
#include "vsm-host.h"
#include "vsm-test-utils.h"
#include "vsm-volume.h"

#define URI "qemu:///system"
#define MiB (G_GUINT64_CONSTANT (1024) * 1024)
#define TIMEOUT 30000
#define USED_BY_MSEC 2000

static char *base_name;        /* vsm-test-<pid>-attach: the pool */
static char *pool_dir;
static char *vm_name, *off_name;
static char *vm_uuid, *off_uuid;
static char *iso1, *iso2;

static virConnectPtr raw;      /* fixtures and restarts only */
static VsmHost *host;
static VsmConnection *connection;

/* ------------------------------------------------------------------ */
/* Helpers                                                             */

static void
die_virt (const char *what)
{
  g_error ("%s: %s", what, virGetLastErrorMessage ());
}

static void
timing (const char *what,
        gint64      start)
{
  g_test_message ("timing: %-44s %8.1f ms", what, (g_get_monotonic_time () - start) / 1000.0);
}

static VsmDiskSpec *
volume_spec (const char *volume,
             const char *format,
             const char *bus,
             const char *target)
{
  VsmDiskSpec *spec = vsm_disk_spec_new ();

  spec->source_kind = VSM_DISK_SOURCE_VOLUME;
  spec->pool = g_strdup (base_name);
  spec->volume = g_strdup (volume);
  spec->driver_type = g_strdup (format);
  g_free (spec->bus);
  spec->bus = g_strdup (bus);
  spec->target = g_strdup (target);
  return spec;
}

static VsmDiskSpec *
cdrom_spec (const char *path,
            const char *bus,
            const char *target)
{
  VsmDiskSpec *spec = vsm_disk_spec_new ();

  spec->source_kind = VSM_DISK_SOURCE_FILE;
  spec->path = g_strdup (path);
  g_free (spec->device);
  spec->device = g_strdup ("cdrom");
  spec->driver_type = g_strdup ("raw");
  g_free (spec->bus);
  spec->bus = g_strdup (bus);
  spec->target = g_strdup (target);
  return spec;
}

static VsmAttachResult
attach (const char         *uuid,
        const VsmDiskSpec  *spec,
        VsmAttachFlags      flags,
        const char         *label,
        GError            **error)
{
  GAsyncResult *slot = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  gint64 start = g_get_monotonic_time ();
  VsmAttachResult ret;

  vsm_domain_attach_disk_async (connection, uuid, spec, flags, NULL, vsm_test_store_result, &slot);
  result = vsm_test_wait_result (&slot, TIMEOUT);
  ret = vsm_domain_attach_disk_finish (connection, result, error);
  timing (label, start);
  return ret;
}

static VsmAttachResult
detach (const char      *uuid,
        const char      *target,
        VsmAttachFlags   flags,
        guint            timeout_ms,
        const char      *label,
        GError         **error)
{
  GAsyncResult *slot = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  gint64 start = g_get_monotonic_time ();
  VsmAttachResult ret;

  vsm_domain_detach_disk_async (connection, uuid, target, flags, timeout_ms, NULL,
                                vsm_test_store_result, &slot);
  result = vsm_test_wait_result (&slot, TIMEOUT);
  ret = vsm_domain_detach_disk_finish (connection, result, error);
  timing (label, start);
  return ret;
}

static gboolean
change_media (const char         *uuid,
              const char         *target,
              const VsmDiskSpec  *medium,
              VsmAttachFlags      flags,
              const char         *label,
              GError            **error)
{
  GAsyncResult *slot = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  gint64 start = g_get_monotonic_time ();
  gboolean ret;

  vsm_domain_change_media_async (connection, uuid, target, medium, flags, NULL,
                                 vsm_test_store_result, &slot);
  result = vsm_test_wait_result (&slot, TIMEOUT);
  ret = vsm_domain_change_media_finish (connection, result, error);
  timing (label, start);
  return ret;
}

/* Live and persistent disks of a domain, through the service. */
static void
get_disks (const char  *uuid,
           GPtrArray  **live,
           GPtrArray  **config)
{
  GAsyncResult *slot = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *live_xml = NULL;
  g_autofree char *config_xml = NULL;

  vsm_domain_get_xml_async (connection, uuid, NULL, vsm_test_store_result, &slot);
  result = vsm_test_wait_result (&slot, TIMEOUT);
  g_assert_true (vsm_domain_get_xml_finish (connection, result, &live_xml, &config_xml, &error));
  g_assert_no_error (error);
  g_assert_nonnull (live_xml);
  g_assert_nonnull (config_xml);
  *live = vsm_domain_disks_from_xml (live_xml, strlen (live_xml));
  *config = vsm_domain_disks_from_xml (config_xml, strlen (config_xml));
  g_assert_nonnull (*live);
  g_assert_nonnull (*config);
}

static const VsmDiskSnapshot *
find_target (GPtrArray  *disks,
             const char *target)
{
  for (guint i = 0; i < disks->len; i++)
    {
      const VsmDiskSnapshot *d = g_ptr_array_index (disks, i);
      if (g_strcmp0 (d->target_dev, target) == 0)
        return d;
    }
  return NULL;
}

static GPtrArray *
used_targets (const char *uuid)
{
  g_autoptr(GPtrArray) live = NULL;
  g_autoptr(GPtrArray) config = NULL;
  GPtrArray *used = g_ptr_array_new_with_free_func (g_free);

  get_disks (uuid, &live, &config);
  for (guint i = 0; i < live->len; i++)
    g_ptr_array_add (used, g_strdup (((VsmDiskSnapshot *) g_ptr_array_index (live, i))->target_dev));
  for (guint i = 0; i < config->len; i++)
    g_ptr_array_add (used, g_strdup (((VsmDiskSnapshot *) g_ptr_array_index (config, i))->target_dev));
  return used;
}

static VsmVolume *
host_volume (const char *name)
{
  VsmPool *pool = vsm_host_find_pool_by_name (host, base_name);

  g_assert_nonnull (pool);
  return vsm_keyed_list_lookup (vsm_pool_get_volumes (pool), name);
}

static gboolean
used_by_contains (const char *volume,
                  const char *domain)
{
  VsmVolume *vol = host_volume (volume);
  const char *users = vol ? vsm_volume_get_used_by (vol) : NULL;
  g_auto(GStrv) parts = NULL;

  if (users == NULL)
    return FALSE;
  parts = g_strsplit (users, ", ", -1);
  return g_strv_contains ((const char * const *) parts, domain);
}

static char *
domain_uuid (virDomainPtr dom)
{
  char uuid[VIR_UUID_STRING_BUFLEN];

  if (virDomainGetUUIDString (dom, uuid) < 0)
    die_virt ("virDomainGetUUIDString");
  return g_strdup (uuid);
}

static gboolean
domain_running (const char *uuid)
{
  virDomainPtr dom = virDomainLookupByUUIDString (raw, uuid);
  int active;

  if (dom == NULL)
    die_virt ("virDomainLookupByUUIDString");
  active = virDomainIsActive (dom);
  virDomainFree (dom);
  return active == 1;
}

/* ------------------------------------------------------------------ */
/* Fixtures                                                            */

static void
run (const char * const *argv)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *err = NULL;
  int status = -1;

  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL,
                     NULL, NULL, NULL, &err, &status, &error))
    g_error ("%s: %s", argv[0], error->message);
  if (!g_spawn_check_wait_status (status, NULL))
    g_error ("%s failed: %s", argv[0], err);
}

/* A real ISO 9660 image when xorriso or genisoimage is there, else a
 * dummy file (QEMU reads it as a raw CD just the same). */
static void
make_iso (const char *path,
          const char *label)
{
  g_autofree char *xorriso = g_find_program_in_path ("xorriso");
  g_autofree char *genisoimage = g_find_program_in_path ("genisoimage");
  g_autofree char *src = g_strdup_printf ("%s/iso-src-%s", pool_dir, label);
  g_autofree char *readme = g_build_filename (src, "README.TXT", NULL);

  g_assert_cmpint (g_mkdir_with_parents (src, 0755), ==, 0);
  g_assert_true (g_file_set_contents (readme, label, -1, NULL));
  if (xorriso != NULL)
    run ((const char *[]) { xorriso, "-as", "mkisofs", "-quiet", "-V", label, "-o", path, src, NULL });
  else if (genisoimage != NULL)
    run ((const char *[]) { genisoimage, "-quiet", "-V", label, "-o", path, src, NULL });
  else
    {
      g_autofree char *zeros = g_malloc0 (MiB);
      g_test_message ("no xorriso or genisoimage: %s is a dummy file", path);
      g_assert_true (g_file_set_contents (path, zeros, MiB, NULL));
    }
  run ((const char *[]) { "rm", "-rf", "--", src, NULL });
}

static void
create_volume (virStoragePoolPtr pool,
               const char       *name,
               const char       *format,
               guint64           capacity)
{
  g_autofree char *xml = g_strdup_printf ("<volume><name>%s</name>"
                                          "<capacity unit='bytes'>%" G_GUINT64_FORMAT "</capacity>"
                                          "<allocation unit='bytes'>0</allocation>"
                                          "<target><format type='%s'/></target></volume>",
                                          name, capacity, format);
  virStorageVolPtr vol = virStorageVolCreateXML (pool, xml, 0);

  if (vol == NULL)
    die_virt ("virStorageVolCreateXML");
  virStorageVolFree (vol);
}

static virDomainPtr
define_domain (const char *name)
{
  /* No OS: SeaBIOS finds nothing to boot and, with rebootTimeout=-1,
   * waits instead of resetting the machine every 60 s (a reset would
   * also close CD trays behind the tests' back). */
  g_autofree char *xml = g_strdup_printf (
    "<domain type='kvm'>"
    "  <name>%s</name>"
    "  <memory unit='MiB'>128</memory>"
    "  <vcpu>1</vcpu>"
    "  <os><type arch='x86_64' machine='pc'>hvm</type><bios rebootTimeout='-1'/></os>"
    "  <features><acpi/></features>"
    "  <on_reboot>destroy</on_reboot>"
    "  <devices>"
    "    <controller type='scsi' model='virtio-scsi'/>"
    "    <memballoon model='none'/>"
    "  </devices>"
    "</domain>", name);
  virDomainPtr dom = virDomainDefineXML (raw, xml);

  if (dom == NULL)
    die_virt ("virDomainDefineXML");
  return dom;
}

static void
create_fixtures (void)
{
  g_autofree char *pool_xml = g_strdup_printf ("<pool type='dir'><name>%s</name>"
                                               "<target><path>%s</path></target></pool>",
                                               base_name, pool_dir);
  virStoragePoolPtr pool;
  virDomainPtr dom;
  VsmPool *vpool;
  gint64 start = g_get_monotonic_time ();
  gint64 t;

  raw = virConnectOpen (URI);
  if (raw == NULL)
    die_virt ("virConnectOpen " URI);

  pool = virStoragePoolDefineXML (raw, pool_xml, 0);
  if (pool == NULL)
    die_virt ("virStoragePoolDefineXML");
  if (virStoragePoolBuild (pool, 0) < 0 || virStoragePoolCreate (pool, 0) < 0)
    die_virt ("starting the pool");
  create_volume (pool, "data.qcow2", "qcow2", 64 * MiB);
  create_volume (pool, "spare.raw", "raw", 16 * MiB);
  create_volume (pool, "virtio.qcow2", "qcow2", 16 * MiB);
  create_volume (pool, "external.raw", "raw", 16 * MiB);
  iso1 = g_build_filename (pool_dir, "cd1.iso", NULL);
  iso2 = g_build_filename (pool_dir, "cd2.iso", NULL);
  t = g_get_monotonic_time ();
  make_iso (iso1, "VSMCD1");
  make_iso (iso2, "VSMCD2");
  timing ("make two ISO images", t);
  if (virStoragePoolRefresh (pool, 0) < 0)
    die_virt ("virStoragePoolRefresh");
  virStoragePoolFree (pool);

  dom = define_domain (vm_name);
  vm_uuid = domain_uuid (dom);
  t = g_get_monotonic_time ();
  if (virDomainCreate (dom) < 0)
    die_virt ("virDomainCreate");
  timing ("start the KVM domain", t);
  virDomainFree (dom);

  dom = define_domain (off_name);
  off_uuid = domain_uuid (dom);
  virDomainFree (dom);

  /* The app's view of the host, and the connection the tests use. */
  t = g_get_monotonic_time ();
  host = vsm_host_new (URI);
  connection = vsm_host_get_connection (host);
  vsm_host_connect (host);
  VSM_WAIT_FOR (vsm_host_get_pools_loaded (host), TIMEOUT);
  vpool = vsm_host_find_pool_by_name (host, base_name);
  g_assert_nonnull (vpool);
  vsm_host_load_volumes (host, vpool);
  VSM_WAIT_FOR (vsm_pool_get_volumes_loaded (vpool) && !vsm_pool_get_volumes_loading (vpool), TIMEOUT);
  VSM_WAIT_FOR (vsm_keyed_list_lookup (vsm_host_get_domains (host), vm_uuid) != NULL, TIMEOUT);
  g_assert_nonnull (host_volume ("data.qcow2"));
  timing ("VsmHost connected, pools and volumes loaded", t);
  timing ("fixtures in total", start);
}

/* ------------------------------------------------------------------ */
/* Tests, in order                                                     */

static void
test_hot_attach_volume (void)
{
  g_autoptr(GPtrArray) used = used_targets (vm_uuid);
  g_autofree char *target = vsm_disk_target_suggest ("scsi", used);
  g_autoptr(VsmDiskSpec) spec = NULL;
  g_autoptr(GPtrArray) live = NULL;
  g_autoptr(GPtrArray) config = NULL;
  g_autoptr(GError) error = NULL;
  const VsmDiskSnapshot *d;
  gint64 start;

  g_assert_cmpstr (target, ==, "sda");
  g_assert_false (used_by_contains ("data.qcow2", vm_name));

  spec = volume_spec ("data.qcow2", "qcow2", "scsi", target);
  g_assert_true (vsm_disk_spec_validate (spec, used, NULL));
  start = g_get_monotonic_time ();
  g_assert_cmpint (attach (vm_uuid, spec, VSM_ATTACH_LIVE | VSM_ATTACH_CONFIG,
                           "attach volume sda scsi LIVE|CONFIG", &error), ==, VSM_ATTACH_RESULT_ATTACHED_NOW);
  g_assert_no_error (error);

  get_disks (vm_uuid, &live, &config);
  d = find_target (live, "sda");
  g_assert_nonnull (d);
  g_assert_cmpstr (d->type, ==, "volume");
  g_assert_cmpstr (d->pool, ==, base_name);
  g_assert_cmpstr (d->volume, ==, "data.qcow2");
  g_assert_cmpstr (d->target_bus, ==, "scsi");
  d = find_target (config, "sda");
  g_assert_nonnull (d);
  g_assert_cmpstr (d->volume, ==, "data.qcow2");

  /* the used-by index follows */
  VSM_WAIT_FOR (used_by_contains ("data.qcow2", vm_name), USED_BY_MSEC);
  timing ("attach until the volume shows used-by", start);
}

static void
test_attach_cdrom (void)
{
  g_autoptr(GPtrArray) used = used_targets (vm_uuid);
  g_autofree char *target = vsm_disk_target_suggest ("scsi", used);
  g_autoptr(VsmDiskSpec) spec = cdrom_spec (iso1, "scsi", target);
  g_autoptr(GPtrArray) live = NULL;
  g_autoptr(GPtrArray) config = NULL;
  g_autoptr(GError) error = NULL;
  const VsmDiskSnapshot *d;

  g_assert_cmpstr (target, ==, "sdb");
  g_assert_cmpint (attach (vm_uuid, spec, VSM_ATTACH_LIVE | VSM_ATTACH_CONFIG,
                           "attach ISO as cdrom sdb scsi LIVE|CONFIG", &error), ==, VSM_ATTACH_RESULT_ATTACHED_NOW);
  g_assert_no_error (error);

  get_disks (vm_uuid, &live, &config);
  d = find_target (live, "sdb");
  g_assert_nonnull (d);
  g_assert_cmpstr (d->device, ==, "cdrom");
  g_assert_cmpstr (d->source, ==, iso1);
  g_assert_true (d->readonly);
  d = find_target (config, "sdb");
  g_assert_nonnull (d);
  g_assert_cmpstr (d->source, ==, iso1);
}

static void
assert_medium (const char *target,
               const char *live_source,
               const char *config_source)
{
  g_autoptr(GPtrArray) live = NULL;
  g_autoptr(GPtrArray) config = NULL;
  const VsmDiskSnapshot *d;

  get_disks (vm_uuid, &live, &config);
  d = find_target (live, target);
  g_assert_nonnull (d);
  g_assert_cmpstr (d->device, ==, "cdrom");
  g_assert_cmpstr (d->source, ==, live_source);
  d = find_target (config, target);
  g_assert_nonnull (d);
  g_assert_cmpstr (d->source, ==, config_source);
}

/* The drive was hot-plugged in this run of the domain. */
static void
test_change_media_hotplugged (void)
{
  g_autoptr(VsmDiskSpec) medium = vsm_disk_spec_new ();
  g_autoptr(GError) error = NULL;

  medium->source_kind = VSM_DISK_SOURCE_FILE;
  medium->path = g_strdup (iso2);

  /* libvirt 9.0 cannot open the tray of such a drive; the service
   * re-plugs it with the new medium instead */
  g_assert_true (change_media (vm_uuid, "sdb", medium, VSM_ATTACH_LIVE | VSM_ATTACH_CONFIG,
                               "insert cd2 into hot-plugged sdb", &error));
  g_assert_no_error (error);
  assert_medium ("sdb", iso2, iso2);

  /* ejecting has no such way out on libvirt 9.0 (an empty drive cannot
   * be hot-plugged): a clear INVALID_STATE, and nothing changed */
  if (change_media (vm_uuid, "sdb", NULL, VSM_ATTACH_LIVE | VSM_ATTACH_CONFIG,
                    "eject hot-plugged sdb", &error))
    {
      g_test_message ("this libvirt ejects hot-plugged drives");
      assert_medium ("sdb", NULL, NULL);
      g_assert_true (change_media (vm_uuid, "sdb", medium, VSM_ATTACH_LIVE | VSM_ATTACH_CONFIG,
                                   "insert cd2 again", &error));
    }
  else
    {
      g_test_message ("eject: %s", error->message);
      g_assert_error (error, VSM_ERROR, VSM_ERROR_INVALID_STATE);
      g_assert_nonnull (strstr (error->message, "sdb"));
      g_clear_error (&error);
    }
  assert_medium ("sdb", iso2, iso2);
}

/* After a restart the drive is one QEMU started with: media change is
 * libvirt's own. */
static void
test_change_media_after_restart (void)
{
  virDomainPtr dom = virDomainLookupByUUIDString (raw, vm_uuid);
  g_autoptr(VsmDiskSpec) medium = vsm_disk_spec_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) live = NULL;
  g_autoptr(GPtrArray) config = NULL;
  gint64 t;

  g_assert_nonnull (dom);
  t = g_get_monotonic_time ();
  if (virDomainDestroy (dom) < 0)
    die_virt ("virDomainDestroy");
  timing ("destroy the domain", t);
  t = g_get_monotonic_time ();
  if (virDomainCreate (dom) < 0)
    die_virt ("virDomainCreate");
  timing ("start it again", t);
  virDomainFree (dom);

  /* both disks came back from the persistent config */
  get_disks (vm_uuid, &live, &config);
  g_assert_nonnull (find_target (live, "sda"));
  g_assert_nonnull (find_target (live, "sdb"));

  g_assert_true (change_media (vm_uuid, "sdb", NULL, VSM_ATTACH_LIVE | VSM_ATTACH_CONFIG,
                               "eject sdb (boot-time drive)", &error));
  g_assert_no_error (error);
  /* the live XML keeps an empty <source index='N'/>: no file any more */
  assert_medium ("sdb", NULL, NULL);

  medium->source_kind = VSM_DISK_SOURCE_FILE;
  medium->path = g_strdup (iso1);
  g_assert_true (change_media (vm_uuid, "sdb", medium, VSM_ATTACH_LIVE | VSM_ATTACH_CONFIG,
                               "insert cd1 into sdb", &error));
  g_assert_no_error (error);
  assert_medium ("sdb", iso1, iso1);

  /* a live-only change leaves the next boot's medium alone */
  g_clear_pointer (&medium->path, g_free);
  medium->path = g_strdup (iso2);
  g_assert_true (change_media (vm_uuid, "sdb", medium, VSM_ATTACH_LIVE, "insert cd2 LIVE only", &error));
  g_assert_no_error (error);
  assert_medium ("sdb", iso2, iso1);
}

static void
test_detach (void)
{
  g_autoptr(GPtrArray) live = NULL;
  g_autoptr(GPtrArray) config = NULL;
  g_autoptr(GError) error = NULL;
  gint64 start = g_get_monotonic_time ();

  g_assert_true (used_by_contains ("data.qcow2", vm_name));
  g_assert_cmpint (detach (vm_uuid, "sda", VSM_ATTACH_LIVE | VSM_ATTACH_CONFIG, 5000,
                           "detach scsi disk sda LIVE|CONFIG", &error), ==, VSM_ATTACH_RESULT_ATTACHED_NOW);
  g_assert_no_error (error);
  g_assert_cmpint (detach (vm_uuid, "sdb", VSM_ATTACH_LIVE | VSM_ATTACH_CONFIG, 5000,
                           "detach scsi cdrom sdb LIVE|CONFIG", &error), ==, VSM_ATTACH_RESULT_ATTACHED_NOW);
  g_assert_no_error (error);

  get_disks (vm_uuid, &live, &config);
  g_assert_null (find_target (live, "sda"));
  g_assert_null (find_target (config, "sda"));
  g_assert_null (find_target (live, "sdb"));
  g_assert_null (find_target (config, "sdb"));

  VSM_WAIT_FOR (!used_by_contains ("data.qcow2", vm_name), USED_BY_MSEC);
  timing ("detach until used-by is cleared", start);

  /* nothing left to detach */
  g_assert_cmpint (detach (vm_uuid, "sda", VSM_ATTACH_LIVE | VSM_ATTACH_CONFIG, 1000,
                           "detach a missing disk", &error), ==, VSM_ATTACH_RESULT_FAILED);
  g_assert_error (error, VSM_ERROR, VSM_ERROR_NOT_FOUND);
}

static void
test_disk_buses (void)
{
  GAsyncResult *slot = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) buses = NULL;
  g_autofree char *joined = NULL;
  gint64 start = g_get_monotonic_time ();

  vsm_domain_disk_buses_async (connection, vm_uuid, NULL, vsm_test_store_result, &slot);
  result = vsm_test_wait_result (&slot, TIMEOUT);
  buses = vsm_domain_disk_buses_finish (connection, result, &error);
  timing ("disk buses from the domain capabilities", start);
  g_assert_no_error (error);
  joined = g_strjoinv (" ", buses);
  g_test_message ("buses of the i440fx domain: %s", joined);
  /* QEMU 7.2, machine pc-i440fx: all six, in the service's order */
  g_assert_true (g_strv_contains ((const char * const *) buses, "virtio"));
  g_assert_true (g_strv_contains ((const char * const *) buses, "scsi"));
  g_assert_true (g_strv_contains ((const char * const *) buses, "sata"));
  g_assert_true (g_strv_contains ((const char * const *) buses, "usb"));
  g_assert_true (g_strv_contains ((const char * const *) buses, "fdc"));
  g_assert_cmpstr (buses[0], ==, "virtio");
}

static void
test_ide_no_hotplug (void)
{
  g_autoptr(VsmDiskSpec) spec = cdrom_spec (iso1, "ide", "hdc");
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) live = NULL;
  g_autoptr(GPtrArray) config = NULL;

  g_assert_false (vsm_disk_bus_can_hotplug ("ide", "cdrom"));
  g_assert_cmpint (attach (vm_uuid, spec, VSM_ATTACH_LIVE, "attach ide cdrom LIVE (refused)", &error),
                   ==, VSM_ATTACH_RESULT_FAILED);
  g_assert_nonnull (error);
  g_assert_true (error->domain == VSM_ERROR);
  g_test_message ("ide hot-plug: %s", error->message);
  g_assert_nonnull (strstr (error->message, "hotplug"));
  get_disks (vm_uuid, &live, &config);
  g_assert_null (find_target (live, "hdc"));
}

static void
test_persistent_only (void)
{
  g_autoptr(VsmDiskSpec) spare = volume_spec ("spare.raw", "raw", "scsi", "sda");
  g_autoptr(VsmDiskSpec) cd = cdrom_spec (iso1, "sata", "sdb");
  g_autoptr(VsmDiskSpec) later = volume_spec ("data.qcow2", "qcow2", "scsi", "sdc");
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) live = NULL;
  g_autoptr(GPtrArray) config = NULL;
  gint64 start = g_get_monotonic_time ();

  /* the shut-off domain */
  g_assert_false (domain_running (off_uuid));
  g_assert_cmpint (attach (off_uuid, spare, VSM_ATTACH_CONFIG, "attach to shut-off domain CONFIG", &error),
                   ==, VSM_ATTACH_RESULT_AFTER_BOOT);
  g_assert_no_error (error);
  /* LIVE|CONFIG on a shut-off domain: LIVE does not apply */
  g_assert_cmpint (attach (off_uuid, cd, VSM_ATTACH_LIVE | VSM_ATTACH_CONFIG,
                           "attach to shut-off domain LIVE|CONFIG", &error),
                   ==, VSM_ATTACH_RESULT_AFTER_BOOT);
  g_assert_no_error (error);
  g_assert_false (domain_running (off_uuid));
  get_disks (off_uuid, &live, &config);
  g_assert_nonnull (find_target (config, "sda"));
  g_assert_cmpstr (find_target (config, "sda")->volume, ==, "spare.raw");
  g_assert_nonnull (find_target (config, "sdb"));
  g_assert_cmpstr (find_target (config, "sdb")->source, ==, iso1);
  /* its used-by shows up too (a shut-off domain's XML is its config) */
  VSM_WAIT_FOR (used_by_contains ("spare.raw", off_name), USED_BY_MSEC);
  timing ("persistent attach until used-by shows it", start);
  g_clear_pointer (&live, g_ptr_array_unref);
  g_clear_pointer (&config, g_ptr_array_unref);

  /* the running domain, config only: in the persistent XML, not live */
  g_assert_cmpint (attach (vm_uuid, later, VSM_ATTACH_CONFIG, "attach to running domain CONFIG only", &error),
                   ==, VSM_ATTACH_RESULT_AFTER_BOOT);
  g_assert_no_error (error);
  get_disks (vm_uuid, &live, &config);
  g_assert_null (find_target (live, "sdc"));
  g_assert_nonnull (find_target (config, "sdc"));
  g_clear_pointer (&live, g_ptr_array_unref);
  g_clear_pointer (&config, g_ptr_array_unref);

  /* detach it again, config only */
  g_assert_cmpint (detach (vm_uuid, "sdc", VSM_ATTACH_LIVE | VSM_ATTACH_CONFIG, 1000,
                           "detach config-only disk (LIVE|CONFIG asked)", &error),
                   ==, VSM_ATTACH_RESULT_AFTER_BOOT);
  g_assert_no_error (error);
  g_assert_cmpint (detach (off_uuid, "sdb", VSM_ATTACH_CONFIG, 1000, "detach from shut-off domain", &error),
                   ==, VSM_ATTACH_RESULT_AFTER_BOOT);
  g_assert_no_error (error);
  get_disks (vm_uuid, &live, &config);
  g_assert_null (find_target (config, "sdc"));
  g_clear_pointer (&live, g_ptr_array_unref);
  g_clear_pointer (&config, g_ptr_array_unref);
  get_disks (off_uuid, &live, &config);
  g_assert_null (find_target (config, "sdb"));
  g_assert_nonnull (find_target (config, "sda"));
}

/* virtio-blk unplug needs the guest's help: without an OS it never
 * completes (libvirt itself waits 5 s first). */
static void
test_virtio_detach_waits (void)
{
  g_autoptr(VsmDiskSpec) spec = volume_spec ("virtio.qcow2", "qcow2", "virtio", "vdb");
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) live = NULL;
  g_autoptr(GPtrArray) config = NULL;

  g_assert_cmpint (attach (vm_uuid, spec, VSM_ATTACH_LIVE, "attach virtio vdb LIVE", &error),
                   ==, VSM_ATTACH_RESULT_ATTACHED_NOW);
  g_assert_no_error (error);
  g_assert_cmpint (detach (vm_uuid, "vdb", VSM_ATTACH_LIVE, 500, "detach virtio vdb LIVE (no guest OS)", &error),
                   ==, VSM_ATTACH_RESULT_WAITING);
  g_assert_no_error (error);
  get_disks (vm_uuid, &live, &config);
  g_assert_nonnull (find_target (live, "vdb"));
  g_assert_null (find_target (config, "vdb"));
}

static void
settle (guint msec)
{
  gint64 end = g_get_monotonic_time () + (gint64) msec * 1000;

  while (g_get_monotonic_time () < end)
    vsm_test_iterate ();
}

/* Changes made behind the app's back (virsh) reach the used-by index
 * through libvirt's device-added and device-removed events. */
static void
test_external_hotplug_event (void)
{
  g_autofree char *path = g_build_filename (pool_dir, "external.raw", NULL);
  const char *attach_argv[] = { "virsh", "-q", "-c", URI, "attach-disk", vm_name, path, "sdd",
                                "--targetbus", "scsi", "--live", NULL };
  const char *detach_argv[] = { "virsh", "-q", "-c", URI, "detach-disk", vm_name, "sdd", "--live", NULL };
  gint64 start;

  g_assert_false (used_by_contains ("external.raw", vm_name));
  /* let reloads the earlier steps queued finish: only the event may
   * bring the change in */
  settle (500);
  run (attach_argv);
  start = g_get_monotonic_time ();
  VSM_WAIT_FOR (used_by_contains ("external.raw", vm_name), USED_BY_MSEC);
  timing ("virsh attach-disk --live until used-by", start);

  settle (500);
  run (detach_argv);
  start = g_get_monotonic_time ();
  VSM_WAIT_FOR (!used_by_contains ("external.raw", vm_name), USED_BY_MSEC);
  timing ("virsh detach-disk --live until used-by clears", start);
}

/* ------------------------------------------------------------------ */

static int
run_tests (int       argc,
           char    **argv,
           gboolean  with_fixtures)
{
  int rc;

  vsm_test_init_libvirt ();
  g_test_init (&argc, &argv, NULL);
  /* libvirt-glib's event loop logs every handle update at debug level,
   * from any thread: thousands of lines that GTest would print, and that
   * could split a TAP line in two. */
  vsm_test_drop_debug_logs ();
  /* The steps build on each other: keep GTest's order. */
  g_test_add_func ("/attach/kvm/1-hot-attach-volume", test_hot_attach_volume);
  g_test_add_func ("/attach/kvm/2-attach-cdrom", test_attach_cdrom);
  g_test_add_func ("/attach/kvm/3-change-media-hotplugged", test_change_media_hotplugged);
  g_test_add_func ("/attach/kvm/4-change-media-after-restart", test_change_media_after_restart);
  g_test_add_func ("/attach/kvm/5-detach", test_detach);
  g_test_add_func ("/attach/kvm/6-disk-buses", test_disk_buses);
  g_test_add_func ("/attach/kvm/7-ide-no-hotplug", test_ide_no_hotplug);
  g_test_add_func ("/attach/kvm/8-persistent-only", test_persistent_only);
  g_test_add_func ("/attach/kvm/9-virtio-detach-waits", test_virtio_detach_waits);
  g_test_add_func ("/attach/kvm/10-external-hotplug-event", test_external_hotplug_event);

  if (with_fixtures)
    create_fixtures ();
  rc = g_test_run ();

  if (host != NULL)
    {
      vsm_host_disconnect (host);
      g_clear_object (&host);
      for (int i = 0; i < 20; i++)
        vsm_test_iterate ();
    }
  if (raw != NULL)
    virConnectClose (raw);
  return rc;
}

static void
silent_error (void        *data,
              virErrorPtr  error)
{
}

/* Parent side, after the child exited. */
static int
cleanup_fixtures (void)
{
  const char *domains[] = { vm_name, off_name };
  virConnectPtr conn;
  virStoragePoolPtr pool;
  int failures = 0;
  gint64 start = g_get_monotonic_time ();

  conn = virConnectOpen (URI);
  if (conn == NULL)
    {
      fprintf (stderr, "cleanup: cannot connect to %s: %s\n", URI, virGetLastErrorMessage ());
      return 1;
    }

  for (guint i = 0; i < G_N_ELEMENTS (domains); i++)
    {
      virDomainPtr dom = virDomainLookupByName (conn, domains[i]);

      if (dom == NULL)
        continue;
      if (virDomainIsActive (dom) == 1 && virDomainDestroy (dom) < 0)
        failures++;
      if (virDomainUndefine (dom) < 0)
        failures++;
      virDomainFree (dom);
    }

  pool = virStoragePoolLookupByName (conn, base_name);
  if (pool != NULL)
    {
      if (virStoragePoolIsActive (pool) == 1 && virStoragePoolDestroy (pool) < 0)
        failures++;
      if (virStoragePoolUndefine (pool) < 0)
        failures++;
      virStoragePoolFree (pool);
    }
  if (g_file_test (pool_dir, G_FILE_TEST_EXISTS))
    {
      const char *argv[] = { "rm", "-rf", "--one-file-system", "--", pool_dir, NULL };
      int status = -1;

      if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                         NULL, NULL, &status, NULL) || status != 0)
        failures++;
    }
  virResetLastError ();
  virConnectClose (conn);
  fprintf (stderr, "cleanup of %s*: %.0f ms, %d failure(s)\n", base_name,
           (g_get_monotonic_time () - start) / 1000.0, failures);
  return failures;
}

int
main (int    argc,
      char **argv)
{
  pid_t child;
  int status = 0;
  int rc;

  base_name = g_strdup_printf ("vsm-test-%d-attach", (int) getpid ());
  pool_dir = g_strdup_printf ("/var/tmp/%s", base_name);
  vm_name = g_strdup_printf ("%s-vm", base_name);
  off_name = g_strdup_printf ("%s-off", base_name);

  /* --help, -l and the like need no fixtures. */
  for (int i = 1; i < argc; i++)
    if (g_str_equal (argv[i], "-l") || g_str_has_prefix (argv[i], "--help") || g_str_equal (argv[i], "-h"))
      return run_tests (argc, argv, FALSE);

  fflush (stdout);
  child = fork ();
  if (child < 0)
    {
      printf ("Bail out! fork: %s\n", g_strerror (errno));
      return 1;
    }
  if (child == 0)
    _exit (run_tests (argc, argv, TRUE));

  /* Clean up even when the run is interrupted. */
  signal (SIGINT, SIG_IGN);
  signal (SIGTERM, SIG_IGN);
  while (waitpid (child, &status, 0) < 0 && errno == EINTR)
    ;

  virSetErrorFunc (NULL, silent_error);
  if (cleanup_fixtures () != 0)
    fprintf (stderr, "# cleanup of %s* was incomplete\n", base_name);

  if (WIFEXITED (status))
    rc = WEXITSTATUS (status);
  else
    {
      fprintf (stderr, "test-attach-kvm: test process died from signal %d\n", WTERMSIG (status));
      rc = 1;
    }
  return rc;
}
