/* test-domain-ops.c: the domain operations on libvirt's test driver
 * (tests/data/fixture-basic.xml: vm1 running with vda disk1.qcow2 and a
 * sata cdrom sdc install.iso; vm2 shut off with the volume disk2.raw).
 * The test driver has no attach, detach or update: the service simulates
 * them by redefining the persistent configuration with the change
 * (VSM_*_RESULT_SIMULATED), and refuses what a real change would.
 *
 * Copyright 2026 Virt Storage developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gio/gio.h>
#include <libvirt/libvirt.h>
#include <string.h>

#include "vsm-domain-ops.h"
#include "vsm-host-attach.h"
#include "vsm-error.h"
#include "vsm-host.h"
#include "vsm-test-utils.h"

#define TIMEOUT 10000
#define UUID_VM1 "11111111-2222-3333-4444-5555555555a1"
#define UUID_VM2 "11111111-2222-3333-4444-5555555555a2"
#define UUID_NONE "11111111-2222-3333-4444-5555555555ff"

typedef struct
{
  VsmHost       *host;
  VsmConnection *connection;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autofree char *uri = vsm_test_fixture_uri ("fixture-basic.xml");

  f->host = vsm_test_host_new_loaded (uri);
  f->connection = vsm_host_get_connection (f->host);
  VSM_WAIT_FOR (vsm_keyed_list_get_n_items (vsm_host_get_domains (f->host)) == 2, TIMEOUT);
  g_assert_cmpint (vsm_connection_get_state (f->connection), ==, VSM_CONNECTION_STATE_CONNECTED);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  vsm_host_disconnect (f->host);
  g_clear_object (&f->host);
  /* let the connection's teardown worker finish */
  for (int i = 0; i < 20; i++)
    vsm_test_iterate ();
}

static VsmDiskSpec *
file_disk (const char *path,
           const char *bus,
           const char *target)
{
  VsmDiskSpec *spec = vsm_disk_spec_new ();

  spec->source_kind = VSM_DISK_SOURCE_FILE;
  spec->path = g_strdup (path);
  g_free (spec->bus);
  spec->bus = g_strdup (bus);
  spec->target = g_strdup (target);
  return spec;
}

static int
change_disk (VsmConnection        *connection,
             const VsmDiskChange  *change,
             GError              **error)
{
  GAsyncResult *slot = NULL;
  g_autoptr(GAsyncResult) result = NULL;

  vsm_domain_change_disk_async (connection, change, NULL, vsm_test_store_result, &slot);
  result = vsm_test_wait_result (&slot, TIMEOUT);
  return vsm_domain_change_disk_finish (connection, result, error);
}

static VsmAttachResult
attach (VsmConnection      *connection,
        const char         *uuid,
        const VsmDiskSpec  *spec,
        VsmAttachFlags      flags,
        GError            **error)
{
  return change_disk (connection, &(VsmDiskChange) { .kind = VSM_DISK_CHANGE_ATTACH, .domain_uuid = uuid,
                                                     .disk = spec, .flags = flags },
                      error);
}

static VsmAttachResult
detach (VsmConnection  *connection,
        const char     *uuid,
        const char     *target,
        VsmAttachFlags  flags,
        GError        **error)
{
  return change_disk (connection, &(VsmDiskChange) { .kind = VSM_DISK_CHANGE_DETACH, .domain_uuid = uuid,
                                                     .target = target, .flags = flags, .timeout_ms = 1000 },
                      error);
}

/* TRUE when the medium changed */
static gboolean
change_media (VsmConnection      *connection,
              const char         *uuid,
              const char         *target,
              const VsmDiskSpec  *medium,
              VsmAttachFlags      flags,
              GError            **error)
{
  return change_disk (connection, &(VsmDiskChange) { .kind = VSM_DISK_CHANGE_MEDIA, .domain_uuid = uuid,
                                                     .target = target, .disk = medium, .flags = flags },
                      error) != VSM_MEDIA_RESULT_FAILED;
}

static gboolean
get_xml (VsmConnection  *connection,
         const char     *uuid,
         char          **live,
         char          **config,
         GError        **error)
{
  GAsyncResult *slot = NULL;
  g_autoptr(GAsyncResult) result = NULL;

  vsm_domain_get_xml_async (connection, uuid, NULL, vsm_test_store_result, &slot);
  result = vsm_test_wait_result (&slot, TIMEOUT);
  return vsm_domain_get_xml_finish (connection, result, live, config, error);
}

static GStrv
disk_buses (VsmConnection  *connection,
            const char     *uuid,
            GError        **error)
{
  GAsyncResult *slot = NULL;
  g_autoptr(GAsyncResult) result = NULL;

  vsm_connection_query_async (connection,
                              &(VsmQuery) { .kind = VSM_QUERY_DISK_BUSES, .uuid = uuid }, NULL,
                              vsm_test_store_result, &slot);
  result = vsm_test_wait_result (&slot, TIMEOUT);
  return vsm_connection_query_finish (connection, result, error);
}

/* The persistent configuration of @uuid. */
static char *
config_xml (VsmConnection *connection,
            const char    *uuid)
{
  g_autoptr(GError) error = NULL;
  char *config = NULL;

  g_assert_true (get_xml (connection, uuid, NULL, &config, &error));
  g_assert_no_error (error);
  return config;
}

static void
count_event_cb (VsmConnection *connection,
                const char    *uuid,
                int            event,
                guint         *count)
{
  /* our own notification (the redefinition also brings libvirt's
   * "defined" lifecycle event) */
  if (event == VSM_DOMAIN_EVENT_DISKS_CHANGED)
    (*count)++;
}

/* ------------------------------------------------------------------ */

static void
test_domains (Fixture       *f,
              gconstpointer  data)
{
  VsmKeyedList *domains = vsm_host_get_domains (f->host);
  VsmDomain *vm1 = vsm_keyed_list_lookup (domains, UUID_VM1);
  VsmDomain *vm2 = vsm_keyed_list_lookup (domains, UUID_VM2);
  GPtrArray *disks;
  const VsmDiskSnapshot *d;
  VsmPool *images;
  g_autofree char *users1 = NULL;
  g_autofree char *users2 = NULL;
  g_autofree char *users_iso = NULL;

  g_assert_nonnull (vm1);
  g_assert_nonnull (vm2);
  g_assert_cmpstr (vsm_domain_get_name (vm1), ==, "vm1");
  g_assert_cmpstr (vsm_domain_get_name (vm2), ==, "vm2");
  g_assert_cmpint (vsm_domain_get_state (vm1), ==, VIR_DOMAIN_RUNNING);
  g_assert_cmpint (vsm_domain_get_state (vm2), ==, VIR_DOMAIN_SHUTOFF);
  g_assert_true (vsm_domain_get_running (vm1));
  g_assert_false (vsm_domain_get_running (vm2));

  disks = vsm_domain_get_disks (vm1);
  g_assert_cmpuint (disks->len, ==, 2);
  d = g_ptr_array_index (disks, 0);
  g_assert_cmpstr (d->type, ==, "file");
  g_assert_cmpstr (d->device, ==, "disk");
  g_assert_cmpstr (d->source, ==, "/var/lib/libvirt/images/disk1.qcow2");
  g_assert_cmpstr (d->target_dev, ==, "vda");
  g_assert_cmpstr (d->target_bus, ==, "virtio");
  g_assert_false (d->readonly);
  d = g_ptr_array_index (disks, 1);
  g_assert_cmpstr (d->device, ==, "cdrom");
  g_assert_cmpstr (d->source, ==, "/var/lib/libvirt/images/install.iso");
  g_assert_cmpstr (d->target_dev, ==, "sdc");
  g_assert_cmpstr (d->target_bus, ==, "sata");
  g_assert_true (d->readonly);

  disks = vsm_domain_get_disks (vm2);
  g_assert_cmpuint (disks->len, ==, 1);
  d = g_ptr_array_index (disks, 0);
  g_assert_cmpstr (d->type, ==, "volume");
  g_assert_cmpstr (d->pool, ==, "images");
  g_assert_cmpstr (d->volume, ==, "disk2.raw");
  g_assert_null (d->source);
  g_assert_cmpstr (d->target_dev, ==, "vda");

  /* the used-by index built from them */
  images = vsm_host_find_pool_by_name (f->host, "images");
  g_assert_nonnull (images);
  users1 = vsm_host_dup_users_of (f->host, images, "disk1.qcow2", "/var/lib/libvirt/images/disk1.qcow2");
  users2 = vsm_host_dup_users_of (f->host, images, "disk2.raw", "/var/lib/libvirt/images/disk2.raw");
  users_iso = vsm_host_dup_users_of (f->host, images, "install.iso", "/var/lib/libvirt/images/install.iso");
  g_assert_cmpstr (users1, ==, "vm1");
  g_assert_cmpstr (users2, ==, "vm2");
  g_assert_cmpstr (users_iso, ==, "vm1");
}

static void
test_get_xml (Fixture       *f,
              gconstpointer  data)
{
  g_autofree char *live = NULL;
  g_autofree char *config = NULL;
  g_autofree char *live2 = NULL;
  g_autofree char *config2 = NULL;
  g_autofree char *only_live = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) disks = NULL;

  g_assert_true (get_xml (f->connection, UUID_VM1, &live, &config, &error));
  g_assert_no_error (error);
  g_assert_nonnull (strstr (live, "<name>vm1</name>"));
  g_assert_nonnull (strstr (config, "<name>vm1</name>"));
  g_assert_nonnull (strstr (live, "disk1.qcow2"));
  g_assert_nonnull (strstr (config, "install.iso"));
  /* the running domain has an id, its persistent config does not */
  g_assert_nonnull (strstr (live, "<domain type='test' id="));
  g_assert_null (strstr (config, " id="));
  disks = vsm_domain_disks_from_xml (config, strlen (config));
  g_assert_cmpuint (disks->len, ==, 2);

  g_assert_true (get_xml (f->connection, UUID_VM2, &live2, &config2, &error));
  g_assert_no_error (error);
  g_assert_nonnull (strstr (live2, "<source pool='images' volume='disk2.raw'/>"));
  g_assert_nonnull (strstr (config2, "<name>vm2</name>"));

  /* either out argument may be NULL */
  g_assert_true (get_xml (f->connection, UUID_VM1, &only_live, NULL, &error));
  g_assert_nonnull (only_live);

  g_assert_false (get_xml (f->connection, UUID_NONE, NULL, NULL, &error));
  g_assert_error (error, VSM_ERROR, VSM_ERROR_NOT_FOUND);
}

static void
test_attach_simulated (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(VsmDiskSpec) disk = file_disk ("/var/lib/libvirt/images/disk2.raw", "virtio", "vdb");
  g_autoptr(VsmDiskSpec) vol = vsm_disk_spec_new ();
  g_autoptr(VsmDiskSpec) bad = file_disk ("relative.img", "virtio", "vdb");
  g_autoptr(VsmDiskSpec) taken = file_disk ("/var/lib/libvirt/images/disk2.raw", "virtio", "vda");
  g_autoptr(GError) error = NULL;
  g_autofree char *config = NULL;
  guint events = 0;

  gulong handler = g_signal_connect (f->connection, "domain-event", G_CALLBACK (count_event_cb), &events);

  /* the running vm1: its configuration gets the disk */
  g_assert_cmpint (attach (f->connection, UUID_VM1, disk, VSM_ATTACH_LIVE | VSM_ATTACH_CONFIG, &error), ==,
                   VSM_ATTACH_RESULT_SIMULATED);
  g_assert_no_error (error);
  config = config_xml (f->connection, UUID_VM1);
  g_assert_nonnull (strstr (config, "<target dev='vdb' bus='virtio'/>"));
  g_assert_nonnull (strstr (config, "/var/lib/libvirt/images/disk2.raw"));
  g_clear_pointer (&config, g_free);
  VSM_WAIT_FOR (events == 1, TIMEOUT);

  /* persistent-only, on the shut-off vm2, a volume */
  vol->source_kind = VSM_DISK_SOURCE_VOLUME;
  vol->pool = g_strdup ("images");
  vol->volume = g_strdup ("disk1.qcow2");
  vol->target = g_strdup ("vdb");
  g_assert_cmpint (attach (f->connection, UUID_VM2, vol, VSM_ATTACH_CONFIG, &error), ==, VSM_ATTACH_RESULT_SIMULATED);
  g_assert_no_error (error);
  config = config_xml (f->connection, UUID_VM2);
  g_assert_nonnull (strstr (config, "<source pool='images' volume='disk1.qcow2'/>"));
  g_clear_pointer (&config, g_free);

  /* the target is taken now: libvirt refuses the definition */
  g_assert_cmpint (attach (f->connection, UUID_VM2, vol, VSM_ATTACH_LIVE | VSM_ATTACH_CONFIG, &error), ==,
                   VSM_ATTACH_RESULT_FAILED);
  g_assert_nonnull (error);
  g_test_message ("taken target: %s", error->message);
  g_clear_error (&error);
  g_assert_cmpint (attach (f->connection, UUID_VM1, taken, VSM_ATTACH_CONFIG, &error), ==, VSM_ATTACH_RESULT_FAILED);
  g_assert_nonnull (error);
  g_clear_error (&error);

  /* LIVE alone on a shut-off domain: refused as a real attach would be */
  g_assert_cmpint (attach (f->connection, UUID_VM2, vol, VSM_ATTACH_LIVE, &error), ==, VSM_ATTACH_RESULT_FAILED);
  g_assert_error (error, VSM_ERROR, VSM_ERROR_INVALID_STATE);
  g_clear_error (&error);

  /* an invalid spec never reaches libvirt */
  g_assert_cmpint (attach (f->connection, UUID_VM1, bad, VSM_ATTACH_LIVE, &error), ==, VSM_ATTACH_RESULT_FAILED);
  g_assert_error (error, VSM_ERROR, VSM_ERROR_INVALID_INPUT);
  g_clear_error (&error);

  g_assert_cmpint (attach (f->connection, UUID_NONE, disk, VSM_ATTACH_LIVE, &error), ==, VSM_ATTACH_RESULT_FAILED);
  g_assert_error (error, VSM_ERROR, VSM_ERROR_NOT_FOUND);

  /* the failed ones changed nothing: no more disks-changed notifications */
  for (int i = 0; i < 5; i++)
    vsm_test_iterate ();
  g_assert_cmpuint (events, ==, 2);
  g_signal_handler_disconnect (f->connection, handler);
}

static void
test_detach_simulated (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *config = NULL;

  g_assert_cmpint (detach (f->connection, UUID_VM1, "vda", VSM_ATTACH_LIVE | VSM_ATTACH_CONFIG, &error), ==,
                   VSM_ATTACH_RESULT_SIMULATED);
  g_assert_no_error (error);
  config = config_xml (f->connection, UUID_VM1);
  g_assert_null (strstr (config, "<target dev='vda'"));
  g_assert_nonnull (strstr (config, "<target dev='sdc'"));   /* the rest stays */

  /* no such disk */
  g_assert_cmpint (detach (f->connection, UUID_VM1, "vdz", VSM_ATTACH_LIVE | VSM_ATTACH_CONFIG, &error), ==,
                   VSM_ATTACH_RESULT_FAILED);
  g_assert_error (error, VSM_ERROR, VSM_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "vdz"));
}

static void
test_change_media_simulated (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(VsmDiskSpec) iso = file_disk ("/var/lib/libvirt/images/other.iso", "sata", "sdc");
  g_autoptr(VsmDiskSpec) relative = file_disk ("other.iso", "sata", "sdc");
  g_autoptr(GError) error = NULL;
  g_autofree char *config = NULL;

  /* eject: the drive stays, empty */
  g_assert_true (change_media (f->connection, UUID_VM1, "sdc", NULL, VSM_ATTACH_LIVE | VSM_ATTACH_CONFIG, &error));
  g_assert_no_error (error);
  config = config_xml (f->connection, UUID_VM1);
  g_assert_nonnull (strstr (config, "<target dev='sdc'"));
  g_assert_null (strstr (config, "install.iso"));
  g_clear_pointer (&config, g_free);

  /* insert */
  g_assert_true (change_media (f->connection, UUID_VM1, "sdc", iso, VSM_ATTACH_LIVE, &error));
  g_assert_no_error (error);
  config = config_xml (f->connection, UUID_VM1);
  g_assert_nonnull (strstr (config, "/var/lib/libvirt/images/other.iso"));

  /* vda is a disk, not a drive with removable media */
  g_assert_false (change_media (f->connection, UUID_VM1, "vda", iso, VSM_ATTACH_LIVE, &error));
  g_assert_error (error, VSM_ERROR, VSM_ERROR_INVALID_INPUT);
  g_clear_error (&error);

  g_assert_false (change_media (f->connection, UUID_VM1, "sdx", NULL, VSM_ATTACH_LIVE, &error));
  g_assert_error (error, VSM_ERROR, VSM_ERROR_NOT_FOUND);
  g_clear_error (&error);

  g_assert_false (change_media (f->connection, UUID_VM1, "sdc", relative, VSM_ATTACH_LIVE, &error));
  g_assert_error (error, VSM_ERROR, VSM_ERROR_INVALID_INPUT);
}

static void
test_disk_buses (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) buses = disk_buses (f->connection, UUID_VM1, &error);
  const char * const fallback[] = { "virtio", "sata", "scsi", "usb", "ide", NULL };

  /* the test driver has no virConnectGetDomainCapabilities */
  g_assert_no_error (error);
  g_assert_nonnull (buses);
  g_assert_true (g_strv_equal ((const char * const *) buses, fallback));

  g_assert_null (disk_buses (f->connection, UUID_NONE, &error));
  g_assert_error (error, VSM_ERROR, VSM_ERROR_NOT_FOUND);
}

static void
test_not_connected (void)
{
  g_autoptr(VsmConnection) connection = vsm_connection_new ("test:///default");
  g_autoptr(VsmDiskSpec) disk = file_disk ("/x.img", "virtio", "vdb");
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (attach (connection, UUID_VM1, disk, VSM_ATTACH_LIVE, &error), ==, VSM_ATTACH_RESULT_FAILED);
  g_assert_error (error, VSM_ERROR, VSM_ERROR_CONNECTION);
  g_clear_error (&error);
  g_assert_cmpint (detach (connection, UUID_VM1, "vda", VSM_ATTACH_LIVE, &error), ==, VSM_ATTACH_RESULT_FAILED);
  g_assert_error (error, VSM_ERROR, VSM_ERROR_CONNECTION);
  g_clear_error (&error);
  g_assert_false (change_media (connection, UUID_VM1, "sdc", NULL, VSM_ATTACH_LIVE, &error));
  g_assert_error (error, VSM_ERROR, VSM_ERROR_CONNECTION);
  g_clear_error (&error);
  g_assert_false (get_xml (connection, UUID_VM1, NULL, NULL, &error));
  g_assert_error (error, VSM_ERROR, VSM_ERROR_CONNECTION);
  g_clear_error (&error);
  g_assert_null (disk_buses (connection, UUID_VM1, &error));
  g_assert_error (error, VSM_ERROR, VSM_ERROR_CONNECTION);
}

static gboolean
power (Fixture         *f,
       VsmDomain       *dom,
       VsmDomainPower   how,
       GError         **error)
{
  GAsyncResult *slot = NULL;
  g_autoptr(GAsyncResult) result = NULL;

  vsm_host_domain_power_async (f->host, dom, how, NULL, vsm_test_store_result, &slot);
  result = vsm_test_wait_result (&slot, TIMEOUT);
  return vsm_host_domain_power_finish (f->host, result, error);
}

/* Start, Shut Down, Force Off through the model (virsh start, shutdown,
 * destroy); the domain's state follows. A refused one is classified from
 * libvirt's error code. */
static void
test_power (Fixture       *f,
            gconstpointer  data)
{
  VsmDomain *vm2 = vsm_keyed_list_lookup (vsm_host_get_domains (f->host), "11111111-2222-3333-4444-5555555555a2");
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (vm2);
  g_assert_cmpint (vsm_domain_get_state (vm2), ==, VSM_DOMAIN_STATE_SHUT_OFF);
  g_assert_true (power (f, vm2, VSM_DOMAIN_POWER_START, &error));
  g_assert_no_error (error);
  VSM_WAIT_FOR (vsm_domain_get_running (vm2), TIMEOUT);

  g_assert_false (power (f, vm2, VSM_DOMAIN_POWER_START, &error));
  g_test_message ("start a running domain: %s", error->message);
  g_assert_true (error->domain == VSM_ERROR);
  /* the test driver says VIR_ERR_INTERNAL_ERROR here (QEMU's says
   * OPERATION_INVALID): no code of ours, so the generic one */
  g_assert_cmpint (error->code, ==, VSM_ERROR_FAILED);
  g_clear_error (&error);

  g_assert_true (power (f, vm2, VSM_DOMAIN_POWER_SHUTDOWN, &error));
  VSM_WAIT_FOR (vsm_domain_get_state (vm2) == VSM_DOMAIN_STATE_SHUT_OFF, TIMEOUT);
  /* a machine that is not there (any more): libvirt's VIR_ERR_NO_DOMAIN,
   * classified as not found (the code, not the words) */
  {
    GAsyncResult *slot = NULL;
    g_autoptr(GAsyncResult) result = NULL;

    vsm_domain_power_async (f->connection, UUID_NONE, VSM_DOMAIN_POWER_FORCE_OFF, NULL, vsm_test_store_result, &slot);
    result = vsm_test_wait_result (&slot, TIMEOUT);
    g_assert_false (vsm_domain_power_finish (f->connection, result, &error));
    g_test_message ("force off a domain that is not there: %s", error->message);
    g_assert_error (error, VSM_ERROR, VSM_ERROR_NOT_FOUND);
    g_clear_error (&error);
  }
  g_assert_true (power (f, vm2, VSM_DOMAIN_POWER_START, &error));
  VSM_WAIT_FOR (vsm_domain_get_running (vm2), TIMEOUT);
  g_assert_true (power (f, vm2, VSM_DOMAIN_POWER_FORCE_OFF, &error));
  g_assert_no_error (error);
  VSM_WAIT_FOR (vsm_domain_get_state (vm2) == VSM_DOMAIN_STATE_SHUT_OFF, TIMEOUT);

  g_assert_cmpstr (vsm_domain_power_to_virsh (VSM_DOMAIN_POWER_START), ==, "start");
  g_assert_cmpstr (vsm_domain_power_to_virsh (VSM_DOMAIN_POWER_SHUTDOWN), ==, "shutdown");
  g_assert_cmpstr (vsm_domain_power_to_virsh (VSM_DOMAIN_POWER_FORCE_OFF), ==, "destroy");
}

int
main (int   argc,
      char *argv[])
{
  vsm_test_init_libvirt ();
  g_test_init (&argc, &argv, NULL);
  /* libvirt-gobject logs every domain event at debug level from libvirt's
   * event-loop thread: lines that GTest would print, and that could split
   * a TAP line in two. */
  vsm_test_drop_debug_logs ();

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/attach/ops/domains", test_domains);
  ADD ("/attach/ops/get-xml", test_get_xml);
  ADD ("/attach/ops/attach-simulated", test_attach_simulated);
  ADD ("/attach/ops/detach-simulated", test_detach_simulated);
  ADD ("/attach/ops/change-media-simulated", test_change_media_simulated);
  ADD ("/attach/ops/disk-buses", test_disk_buses);
  ADD ("/attach/ops/power", test_power);
#undef ADD
  g_test_add_func ("/attach/ops/not-connected", test_not_connected);

  return g_test_run ();
}
