/* test-attach-guest.c
 *
 * Disk attach on a real running guest (KVM when /dev/kvm is usable, else
 * TCG) of the private libvirtd that tests/system/run-system-test.sh
 * --guests starts. The fixtures
 * (vsm-guest-fixture.h), all named vsm-test-<pid>-attach*:
 *
 *   vsm-test-<pid>-attach       dir pool with data.qcow2, spare.raw,
 *                               virtio.qcow2, external.raw and the ISO
 *                               files cd1.iso and cd2.iso
 *   vsm-test-<pid>-attach-vm    128 MiB domain (KVM or TCG), no OS, a virtio-scsi
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
#include "vsm-guest-fixture.h"
#include "vsm-test-utils.h"
#include "vsm-volume.h"

#define URI VSM_GUEST_URI
#define TIMEOUT 30000
#define USED_BY_MSEC 2000

static VsmGuestFixture fx;
static char *vm_name, *off_name;
static char *vm_uuid, *off_uuid;
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
  spec->pool = g_strdup (fx.base_name);
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

static int
change_disk (const VsmDiskChange  *change,
             const char           *label,
             GError              **error)
{
  GAsyncResult *slot = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  gint64 start = g_get_monotonic_time ();
  int ret;

  vsm_domain_change_disk_async (connection, change, NULL, vsm_test_store_result, &slot);
  result = vsm_test_wait_result (&slot, TIMEOUT);
  ret = vsm_domain_change_disk_finish (connection, result, error);
  timing (label, start);
  return ret;
}

static VsmAttachResult
attach (const char         *uuid,
        const VsmDiskSpec  *spec,
        VsmAttachFlags      flags,
        const char         *label,
        GError            **error)
{
  VsmAttachResult ret = change_disk (&(VsmDiskChange) { .kind = VSM_DISK_CHANGE_ATTACH, .domain_uuid = uuid,
                                                        .disk = spec, .flags = flags },
                                     label, error);

  if (error != NULL && *error != NULL)
    g_test_message ("%s failed: %s", label, (*error)->message);
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
  return change_disk (&(VsmDiskChange) { .kind = VSM_DISK_CHANGE_DETACH, .domain_uuid = uuid, .target = target,
                                         .flags = flags, .timeout_ms = timeout_ms },
                      label, error);
}

static VsmMediaResult
change_media (const char         *uuid,
              const char         *target,
              const VsmDiskSpec  *medium,
              VsmAttachFlags      flags,
              const char         *label,
              GError            **error)
{
  return change_disk (&(VsmDiskChange) { .kind = VSM_DISK_CHANGE_MEDIA, .domain_uuid = uuid, .target = target,
                                         .disk = medium, .flags = flags },
                      label, error);
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
  VsmPool *pool = vsm_host_find_pool_by_name (host, fx.base_name);

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

static gboolean
domain_running (const char *uuid)
{
  virDomainPtr dom = virDomainLookupByUUIDString (fx.raw, uuid);
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
create_fixtures (void)
{
  static const VsmGuestVolume volumes[] = {
    { "data.qcow2", "qcow2", 64 },
    { "spare.raw", "raw", 16 },
    { "virtio.qcow2", "qcow2", 16 },
    { "external.raw", "raw", 16 },
    { NULL }
  };
  VsmPool *vpool;
  gint64 start = g_get_monotonic_time ();
  gint64 t;

  t = g_get_monotonic_time ();
  vsm_guest_fixture_create_pool (&fx, volumes);
  timing ("pool, four volumes, two ISO images", t);
  t = g_get_monotonic_time ();
  vm_uuid = vsm_guest_fixture_add_domain (&fx, "vm", TRUE);
  timing ("define and start the guest", t);
  off_uuid = vsm_guest_fixture_add_domain (&fx, "off", FALSE);

  /* The app's view of the host, and the connection the tests use. */
  t = g_get_monotonic_time ();
  host = vsm_host_new (URI);
  connection = vsm_host_get_connection (host);
  vsm_host_connect (host);
  VSM_WAIT_FOR (vsm_host_get_pools_loaded (host), TIMEOUT);
  vpool = vsm_host_find_pool_by_name (host, fx.base_name);
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
  g_assert_cmpstr (d->pool, ==, fx.base_name);
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
  g_autoptr(VsmDiskSpec) spec = cdrom_spec (fx.iso1, "scsi", target);
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
  g_assert_cmpstr (d->source, ==, fx.iso1);
  g_assert_true (d->readonly);
  d = find_target (config, "sdb");
  g_assert_nonnull (d);
  g_assert_cmpstr (d->source, ==, fx.iso1);
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

/* @target refers to the pool's volume @volume, live and in the
 * configuration. */
static void
assert_volume_medium (const char *target,
                      const char *volume)
{
  g_autoptr(GPtrArray) live = NULL;
  g_autoptr(GPtrArray) config = NULL;

  get_disks (vm_uuid, &live, &config);
  for (guint i = 0; i < 2; i++)
    {
      const VsmDiskSnapshot *d = find_target (i == 0 ? live : config, target);

      g_assert_nonnull (d);
      g_assert_cmpstr (d->device, ==, "cdrom");
      g_assert_cmpstr (d->type, ==, "volume");
      g_assert_cmpstr (d->volume, ==, volume);
      g_assert_cmpstr (d->pool, ==, fx.base_name);
    }
}

/* The drive was hot-plugged in this run of the domain: libvirt 9.0 does
 * not know it has a tray (qemuProcessRefreshDisks only runs at start,
 * reconnect, reset and migration). */
static void
test_change_media_hotplugged (void)
{
  g_autoptr(VsmDiskSpec) medium = vsm_disk_spec_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) live = NULL;
  g_autoptr(GPtrArray) config = NULL;
  const VsmDiskSnapshot *d;
  VsmMediaResult r;

  medium->source_kind = VSM_DISK_SOURCE_FILE;
  medium->path = g_strdup (fx.iso2);

  /* insert: the service re-plugs the drive with the new medium */
  r = change_media (vm_uuid, "sdb", medium, VSM_ATTACH_LIVE | VSM_ATTACH_CONFIG,
                    "insert cd2 into hot-plugged sdb", &error);
  g_assert_no_error (error);
  if (r == VSM_MEDIA_RESULT_CHANGED)
    g_test_message ("this libvirt changes the medium of hot-plugged drives itself");
  else
    g_assert_cmpint (r, ==, VSM_MEDIA_RESULT_REPLUGGED);
  assert_medium ("sdb", fx.iso2, fx.iso2);

  /* eject, as the UI first tries it: libvirt cannot open the tray;
   * NEEDS_UNPLUG, and nothing changed */
  r = change_media (vm_uuid, "sdb", NULL, VSM_ATTACH_LIVE | VSM_ATTACH_CONFIG, "eject hot-plugged sdb", &error);
  g_assert_no_error (error);
  if (r == VSM_MEDIA_RESULT_CHANGED)
    {
      g_test_message ("this libvirt ejects hot-plugged drives: no unplug needed");
      assert_medium ("sdb", NULL, NULL);
      g_assert_cmpint (change_media (vm_uuid, "sdb", medium, VSM_ATTACH_LIVE | VSM_ATTACH_CONFIG,
                                     "insert cd2 again", &error), ==, VSM_MEDIA_RESULT_CHANGED);
      return;
    }
  g_assert_cmpint (r, ==, VSM_MEDIA_RESULT_NEEDS_UNPLUG);
  assert_medium ("sdb", fx.iso2, fx.iso2);

  /* the user agreed: the drive leaves the running domain, the config
   * keeps it with no medium (what the confirmation promises) */
  r = change_media (vm_uuid, "sdb", NULL, VSM_ATTACH_LIVE | VSM_ATTACH_CONFIG | VSM_ATTACH_UNPLUG,
                    "eject hot-plugged sdb by unplugging", &error);
  g_assert_no_error (error);
  g_assert_cmpint (r, ==, VSM_MEDIA_RESULT_UNPLUGGED);
  get_disks (vm_uuid, &live, &config);
  g_assert_null (find_target (live, "sdb"));
  g_assert_nonnull (find_target (live, "sda"));          /* the disk is untouched */
  d = find_target (config, "sdb");
  g_assert_nonnull (d);
  g_assert_cmpstr (d->device, ==, "cdrom");
  g_assert_cmpstr (d->target_bus, ==, "scsi");
  g_assert_null (d->source);
  g_assert_null (d->volume);
  g_assert_true (d->readonly);
  g_clear_pointer (&live, g_ptr_array_unref);
  g_clear_pointer (&config, g_ptr_array_unref);

  /* ejecting the empty config-only drive again changes nothing live */
  r = change_media (vm_uuid, "sdb", NULL, VSM_ATTACH_LIVE | VSM_ATTACH_CONFIG, "eject the ejected sdb", &error);
  g_assert_no_error (error);
  g_assert_cmpint (r, ==, VSM_MEDIA_RESULT_AFTER_BOOT);

  /* insert later: the drive is plugged in again with the medium, this
   * time the pool's volume cd1.iso (type='volume') */
  g_clear_pointer (&medium->path, g_free);
  medium->source_kind = VSM_DISK_SOURCE_VOLUME;
  medium->pool = g_strdup (fx.base_name);
  medium->volume = g_strdup ("cd1.iso");
  r = change_media (vm_uuid, "sdb", medium, VSM_ATTACH_LIVE | VSM_ATTACH_CONFIG,
                    "insert volume cd1.iso into the unplugged sdb", &error);
  g_assert_no_error (error);
  g_assert_cmpint (r, ==, VSM_MEDIA_RESULT_PLUGGED);
  assert_volume_medium ("sdb", "cd1.iso");
  get_disks (vm_uuid, &live, &config);
  g_assert_cmpstr (find_target (live, "sdb")->target_bus, ==, "scsi");
  g_assert_true (find_target (live, "sdb")->readonly);
  g_clear_pointer (&live, g_ptr_array_unref);
  g_clear_pointer (&config, g_ptr_array_unref);

  /* the other way out: save the domain to disk and resume it (a new QEMU
   * process: libvirt learns the tray), then a real eject; the drive stays */
  r = change_media (vm_uuid, "sdb", NULL, VSM_ATTACH_LIVE | VSM_ATTACH_CONFIG, "eject re-plugged sdb", &error);
  g_assert_no_error (error);
  g_assert_cmpint (r, ==, VSM_MEDIA_RESULT_NEEDS_UNPLUG);
  r = change_media (vm_uuid, "sdb", NULL, VSM_ATTACH_LIVE | VSM_ATTACH_CONFIG | VSM_ATTACH_SAVE_RESUME,
                    "eject sdb by saving and resuming the domain", &error);
  g_assert_no_error (error);
  g_assert_cmpint (r, ==, VSM_MEDIA_RESULT_RESUMED);
  g_assert_true (domain_running (vm_uuid));
  assert_medium ("sdb", NULL, NULL);
  /* libvirt records the empty drive as type='file' whatever it was (the
   * <disk> sent keeps type='volume', as `virsh change-media --eject`
   * does); the next medium from the pool makes it a volume again, below */
  get_disks (vm_uuid, &live, &config);
  g_test_message ("the ejected drive: live type='%s', config type='%s'",
                  find_target (live, "sdb")->type, find_target (config, "sdb")->type);
  g_assert_null (find_target (live, "sdb")->pool);
  g_assert_null (find_target (config, "sdb")->volume);
  g_clear_pointer (&live, g_ptr_array_unref);
  g_clear_pointer (&config, g_ptr_array_unref);
  get_disks (vm_uuid, &live, &config);
  /* the domain that came back from the save image still has its volume
   * disk as the pool's volume, not as the volume's file path */
  g_assert_nonnull (find_target (live, "sda"));
  g_assert_cmpstr (find_target (live, "sda")->type, ==, "volume");
  g_assert_cmpstr (find_target (live, "sda")->volume, ==, "data.qcow2");
  g_assert_cmpstr (find_target (config, "sda")->type, ==, "volume");
  g_clear_pointer (&live, g_ptr_array_unref);
  g_clear_pointer (&config, g_ptr_array_unref);
  {
    virDomainPtr dom = virDomainLookupByUUIDString (fx.raw, vm_uuid);

    g_assert_nonnull (dom);
    g_assert_cmpint (virDomainHasManagedSaveImage (dom, 0), ==, 0);   /* used up by the start */
    virDomainFree (dom);
  }
  /* now libvirt knows the tray: inserting is its own change */
  g_clear_pointer (&medium->volume, g_free);
  medium->volume = g_strdup ("cd2.iso");
  r = change_media (vm_uuid, "sdb", medium, VSM_ATTACH_LIVE | VSM_ATTACH_CONFIG,
                    "insert volume cd2.iso into sdb after the resume", &error);
  g_assert_no_error (error);
  g_assert_cmpint (r, ==, VSM_MEDIA_RESULT_CHANGED);
  assert_volume_medium ("sdb", "cd2.iso");
  medium->source_kind = VSM_DISK_SOURCE_FILE;
  g_clear_pointer (&medium->pool, g_free);
  g_clear_pointer (&medium->volume, g_free);

  /* a drive plugged in live only: ejecting it removes it, and there is
   * no config to keep it */
  {
    g_autoptr(VsmDiskSpec) cd = cdrom_spec (fx.iso2, "scsi", "sdc");

    g_assert_cmpint (attach (vm_uuid, cd, VSM_ATTACH_LIVE, "attach cdrom sdc LIVE only", &error),
                     ==, VSM_ATTACH_RESULT_ATTACHED_NOW);
    g_assert_no_error (error);
    r = change_media (vm_uuid, "sdc", NULL, VSM_ATTACH_LIVE | VSM_ATTACH_CONFIG, "eject live-only sdc", &error);
    g_assert_no_error (error);
    g_assert_cmpint (r, ==, VSM_MEDIA_RESULT_NEEDS_UNPLUG);
    r = change_media (vm_uuid, "sdc", NULL, VSM_ATTACH_LIVE | VSM_ATTACH_CONFIG | VSM_ATTACH_UNPLUG,
                      "eject live-only sdc by unplugging", &error);
    g_assert_no_error (error);
    g_assert_cmpint (r, ==, VSM_MEDIA_RESULT_UNPLUGGED);
    get_disks (vm_uuid, &live, &config);
    g_assert_null (find_target (live, "sdc"));
    g_assert_null (find_target (config, "sdc"));
  }
}

/* After a restart the drive is one QEMU started with: media change is
 * libvirt's own. */
static void
test_change_media_after_restart (void)
{
  virDomainPtr dom = virDomainLookupByUUIDString (fx.raw, vm_uuid);
  g_autoptr(VsmDiskSpec) medium = vsm_disk_spec_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) live = NULL;
  g_autoptr(GPtrArray) config = NULL;
  gint64 t;

  g_assert_nonnull (dom);
  /* Force Off, as the Machines view runs it (issue 14, item 11): the
   * running guest stops at once */
  t = g_get_monotonic_time ();
  {
    GAsyncResult *slot = NULL;
    g_autoptr(GAsyncResult) result = NULL;
    int state = -1;

    vsm_domain_power_async (connection, vm_uuid, VSM_DOMAIN_POWER_FORCE_OFF, NULL, vsm_test_store_result, &slot);
    result = vsm_test_wait_result (&slot, TIMEOUT);
    g_assert_true (vsm_domain_power_finish (connection, result, &error));
    g_assert_no_error (error);
    g_assert_cmpint (virDomainGetState (dom, &state, NULL, 0), ==, 0);
    g_assert_cmpint (state, ==, VIR_DOMAIN_SHUTOFF);
  }
  timing ("force off the domain (vsm_domain_power_async)", t);
  virDomainFree (dom);
  t = g_get_monotonic_time ();
  vsm_guest_fixture_start (&fx, vm_uuid);
  timing ("start it again (until the firmware settled)", t);

  /* both disks came back from the persistent config */
  get_disks (vm_uuid, &live, &config);
  g_assert_nonnull (find_target (live, "sda"));
  g_assert_nonnull (find_target (live, "sdb"));

  g_assert_cmpint (change_media (vm_uuid, "sdb", NULL, VSM_ATTACH_LIVE | VSM_ATTACH_CONFIG,
                                "eject sdb (boot-time drive)", &error), ==, VSM_MEDIA_RESULT_CHANGED);
  g_assert_no_error (error);
  /* the live XML keeps an empty <source index='N'/>: no file any more */
  assert_medium ("sdb", NULL, NULL);

  medium->source_kind = VSM_DISK_SOURCE_FILE;
  medium->path = g_strdup (fx.iso1);
  g_assert_cmpint (change_media (vm_uuid, "sdb", medium, VSM_ATTACH_LIVE | VSM_ATTACH_CONFIG,
                                "insert cd1 into sdb", &error), ==, VSM_MEDIA_RESULT_CHANGED);
  g_assert_no_error (error);
  assert_medium ("sdb", fx.iso1, fx.iso1);

  /* a live-only change leaves the next boot's medium alone */
  g_clear_pointer (&medium->path, g_free);
  medium->path = g_strdup (fx.iso2);
  g_assert_cmpint (change_media (vm_uuid, "sdb", medium, VSM_ATTACH_LIVE, "insert cd2 LIVE only", &error),
                   ==, VSM_MEDIA_RESULT_CHANGED);
  g_assert_no_error (error);
  assert_medium ("sdb", fx.iso2, fx.iso1);
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

  vsm_connection_query_async (connection,
                              &(VsmQuery) { .kind = VSM_QUERY_DISK_BUSES, .uuid = vm_uuid }, NULL,
                              vsm_test_store_result, &slot);
  result = vsm_test_wait_result (&slot, TIMEOUT);
  buses = vsm_connection_query_finish (connection, result, &error);
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
  g_autoptr(VsmDiskSpec) spec = cdrom_spec (fx.iso1, "ide", "hdc");
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
  g_autoptr(VsmDiskSpec) cd = cdrom_spec (fx.iso1, "sata", "sdb");
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
  g_assert_cmpstr (find_target (config, "sdb")->source, ==, fx.iso1);
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
  g_autofree char *path = g_build_filename (fx.pool_dir, "external.raw", NULL);
  const char *attach_argv[] = { "virsh", "-q", "-c", URI, "attach-disk", vm_name, path, "sdd",
                                "--targetbus", "scsi", "--live", NULL };
  const char *detach_argv[] = { "virsh", "-q", "-c", URI, "detach-disk", vm_name, "sdd", "--live", NULL };
  gint64 start;

  g_assert_false (used_by_contains ("external.raw", vm_name));
  /* let reloads the earlier steps queued finish: only the event may
   * bring the change in */
  settle (500);
  vsm_guest_fixture_run (attach_argv);
  start = g_get_monotonic_time ();
  VSM_WAIT_FOR (used_by_contains ("external.raw", vm_name), USED_BY_MSEC);
  timing ("virsh attach-disk --live until used-by", start);

  settle (500);
  vsm_guest_fixture_run (detach_argv);
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
  /* libvirt-gobject logs every domain event at debug level from libvirt's
   * event-loop thread: lines that GTest would print, and that could split
   * a TAP line in two. */
  vsm_test_drop_debug_logs ();
  /* The steps build on each other: keep GTest's order. */
  g_test_add_func ("/attach/guest/1-hot-attach-volume", test_hot_attach_volume);
  g_test_add_func ("/attach/guest/2-attach-cdrom", test_attach_cdrom);
  g_test_add_func ("/attach/guest/3-change-media-hotplugged", test_change_media_hotplugged);
  g_test_add_func ("/attach/guest/4-change-media-after-restart", test_change_media_after_restart);
  g_test_add_func ("/attach/guest/5-detach", test_detach);
  g_test_add_func ("/attach/guest/6-disk-buses", test_disk_buses);
  g_test_add_func ("/attach/guest/7-ide-no-hotplug", test_ide_no_hotplug);
  g_test_add_func ("/attach/guest/8-persistent-only", test_persistent_only);
  g_test_add_func ("/attach/guest/9-virtio-detach-waits", test_virtio_detach_waits);
  g_test_add_func ("/attach/guest/10-external-hotplug-event", test_external_hotplug_event);

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
  if (fx.raw != NULL)
    virConnectClose (fx.raw);
  return rc;
}

static int
run_tests_with_fixtures (int    argc,
                         char **argv)
{
  return run_tests (argc, argv, TRUE);
}

int
main (int    argc,
      char **argv)
{
  static const char * const suffixes[] = { "vm", "off", NULL };

  vsm_guest_fixture_init (&fx);
  vm_name = g_strdup_printf ("%s-vm", fx.base_name);
  off_name = g_strdup_printf ("%s-off", fx.base_name);

  /* --help, -l and the like need no fixtures. */
  for (int i = 1; i < argc; i++)
    if (g_str_equal (argv[i], "-l") || g_str_has_prefix (argv[i], "--help") || g_str_equal (argv[i], "-h"))
      return run_tests (argc, argv, FALSE);

  return vsm_guest_fixture_main (&fx, suffixes, run_tests_with_fixtures, argc, argv);
}
