/* test-pool-ops.c: vsm-pool-ops.c against libvirt's test driver
 *
 * Every test opens tests/data/fixture-basic.xml through its absolute
 * test:/// URI, so each gets private, freshly loaded state (pools images,
 * backup and vg0 on /dev/sdb). Only the node-device test also looks at
 * test:///default, read-only.
 *
 * Copyright 2026 Virt Storage developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gio/gio.h>
#include <string.h>

#include "vsm-connection.h"
#include "vsm-error.h"
#include "vsm-pool-ops.h"
#include "vsm-pool-spec.h"
#include "vsm-test-utils.h"

#define TIMEOUT 10000
#define UUID_IMAGES "11111111-2222-3333-4444-555555555501"
#define UUID_NONE   "00000000-0000-0000-0000-000000000000"

/* ------------------------------------------------------------------ */
/* Synchronous wrappers                                                */

static char *
define_built (VsmConnection  *conn,
              const char     *xml,
              gboolean        persistent,
              VsmBuildMode    mode,
              GError        **error)
{
  GAsyncResult *slot = NULL;
  g_autoptr(GAsyncResult) result = NULL;

  vsm_pool_define_async (conn, xml, persistent, mode, NULL, vsm_test_store_result, &slot);
  result = vsm_test_wait_result (&slot, TIMEOUT);
  return vsm_pool_define_finish (conn, result, error);
}

static char *
define (VsmConnection  *conn,
        const char     *xml,
        gboolean        persistent,
        GError        **error)
{
  return define_built (conn, xml, persistent, VSM_BUILD_NONE, error);
}

/* a transient pool, built per @mode as it starts */
static char *
create (VsmConnection  *conn,
        const char     *xml,
        VsmBuildMode    mode,
        GError        **error)
{
  return define_built (conn, xml, FALSE, mode, error);
}

static gboolean
build (VsmConnection  *conn,
       const char     *uuid,
       VsmBuildMode    mode,
       GError        **error)
{
  GAsyncResult *slot = NULL;
  g_autoptr(GAsyncResult) result = NULL;

  vsm_connection_pool_action_async (conn, uuid, VSM_POOL_ACTION_BUILD, mode, NULL, vsm_test_store_result, &slot);
  result = vsm_test_wait_result (&slot, TIMEOUT);
  return vsm_connection_pool_action_finish (conn, result, error);
}

static char *
pool_xml (VsmConnection *conn,
          const char    *uuid)
{
  g_autoptr(GError) error = NULL;
  char *xml = vsm_test_pool_xml (conn, uuid, &error);

  g_assert_no_error (error);
  return xml;
}

static GPtrArray *
find_sources (VsmConnection  *conn,
              const char     *type,
              const char     *source_xml,
              GError        **error)
{
  GAsyncResult *slot = NULL;
  g_autoptr(GAsyncResult) result = NULL;

  vsm_connection_query_async (conn,
                              &(VsmQuery) { .kind = VSM_QUERY_POOL_SOURCES, .name = type,
                                            .xml = source_xml },
                              NULL, vsm_test_store_result, &slot);
  result = vsm_test_wait_result (&slot, TIMEOUT);
  return vsm_connection_query_finish (conn, result, error);
}

static GPtrArray *
host_devices (VsmConnection  *conn,
              const char     *capability,
              GError        **error)
{
  GAsyncResult *slot = NULL;
  g_autoptr(GAsyncResult) result = NULL;

  vsm_connection_query_async (conn,
                              &(VsmQuery) { .kind = VSM_QUERY_HOST_DEVICES, .name = capability },
                              NULL, vsm_test_store_result, &slot);
  result = vsm_test_wait_result (&slot, TIMEOUT);
  return vsm_connection_query_finish (conn, result, error);
}

/* ------------------------------------------------------------------ */
/* One spec per type, with names and sources that clash with nothing in */
/* the fixture (vg0 sits on /dev/sdb; libvirt refuses shared sources).  */

static void
add (GPtrArray  *array,
     const char *value)
{
  g_ptr_array_add (array, g_strdup (value));
}

static VsmPoolSpec *
ops_spec (const char *type)
{
  VsmPoolSpec *spec = vsm_pool_spec_new (type);

  spec->name = g_strconcat ("ops-", type, NULL);

  if (g_str_equal (type, "dir"))
    spec->target_path = g_strdup ("/var/lib/vsm-test/ops-dir");
  else if (g_str_equal (type, "fs"))
    {
      add (spec->devices, "/dev/vsmtest-fs");
      spec->source_format = g_strdup ("xfs");
      spec->target_path = g_strdup ("/mnt/vsm-test/ops-fs");
    }
  else if (g_str_equal (type, "netfs"))
    {
      add (spec->hosts, "nfs.example.com");
      spec->source_dir = g_strdup ("/export/ops");
      spec->source_format = g_strdup ("nfs");
      spec->target_path = g_strdup ("/mnt/vsm-test/ops-netfs");
    }
  else if (g_str_equal (type, "logical"))
    {
      add (spec->devices, "/dev/vsmtest-pv1");
      add (spec->devices, "/dev/vsmtest-pv2");
      spec->source_name = g_strdup ("opsvg");
    }
  else if (g_str_equal (type, "disk"))
    {
      add (spec->devices, "/dev/vsmtest-disk");
      spec->source_format = g_strdup ("gpt");
    }
  else if (g_str_equal (type, "iscsi"))
    {
      add (spec->hosts, "san.example.com:3260");
      add (spec->devices, "iqn.2024-01.com.example:ops-iscsi");
      spec->initiator_iqn = g_strdup ("iqn.2024-01.com.example:initiator");
      spec->auth_username = g_strdup ("chap");
    }
  else if (g_str_equal (type, "scsi"))
    spec->adapter_name = g_strdup ("host7");
  else if (g_str_equal (type, "iscsi-direct"))
    {
      add (spec->hosts, "127.0.0.1");
      add (spec->devices, "iqn.2024-01.com.example:ops-direct");
      spec->initiator_iqn = g_strdup ("iqn.2024-01.com.example:initiator");
    }
  else if (g_str_equal (type, "rbd"))
    {
      add (spec->hosts, "mon1.example.com:6789");
      add (spec->hosts, "[fd00::2]:6789");
      spec->source_name = g_strdup ("opsrbd");
      spec->auth_username = g_strdup ("libvirt");
    }
  else if (g_str_equal (type, "gluster"))
    {
      add (spec->hosts, "gluster.example.com");
      spec->source_name = g_strdup ("opsgv");
      spec->source_dir = g_strdup ("/");
    }
  else
    g_assert_not_reached ();

  return spec;
}

static const char * const types[] = {
  "dir", "fs", "netfs", "logical", "disk", "iscsi", "scsi", "iscsi-direct", "rbd", "gluster",
};

/* define → build → start → autostart, through the public calls the
 * wizard uses, then a fresh snapshot. */
static void
test_lifecycle (gconstpointer data)
{
  const char *type = data;
  g_autoptr(VsmConnection) conn = vsm_test_open_fixture ("fixture-basic.xml");
  g_autoptr(VsmPoolSpec) spec = ops_spec (type);
  g_autoptr(GError) error = NULL;
  g_autoptr(VsmPoolSnapshot) before = NULL;
  g_autoptr(VsmPoolSnapshot) after = NULL;
  g_autofree char *xml = NULL;
  g_autofree char *uuid = NULL;
  g_autofree char *back = NULL;

  xml = vsm_pool_xml_build (spec, &error);
  g_assert_no_error (error);

  uuid = define (conn, xml, TRUE, &error);
  g_assert_no_error (error);
  g_assert_nonnull (uuid);
  g_assert_cmpuint (strlen (uuid), ==, 36);

  g_assert_true (build (conn, uuid, VSM_BUILD_DEFAULT, &error));
  g_assert_no_error (error);

  /* A new pool is only known to the connection's pool actions after a
   * listing or vsm_test_get_pool. */
  before = vsm_test_get_pool (conn, uuid, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (before->name, ==, spec->name);
  g_assert_cmpstr (before->type, ==, type);
  g_assert_false (before->active);
  g_assert_true (before->persistent);
  g_assert_false (before->autostart);

  g_assert_true (vsm_test_pool_action (conn, uuid, VSM_POOL_ACTION_START, &error));
  g_assert_no_error (error);
  g_assert_true (vsm_test_pool_action (conn, uuid, VSM_POOL_ACTION_AUTOSTART_ON, &error));
  g_assert_no_error (error);

  after = vsm_test_get_pool (conn, uuid, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (after->uuid, ==, uuid);
  g_assert_cmpstr (after->type, ==, type);
  g_assert_true (after->active);
  g_assert_true (after->persistent);
  g_assert_true (after->autostart);
  g_assert_cmpint (after->state, ==, VSM_POOL_STATE_RUNNING);
  if (!g_str_equal (type, "dir"))
    g_assert_nonnull (after->source);

  /* libvirt kept what we sent. */
  back = pool_xml (conn, uuid);
  if (spec->source_name != NULL)
    {
      g_autofree char *name = g_strdup_printf ("<name>%s</name>", spec->source_name);
      g_assert_nonnull (strstr (back, name));
    }
  if (spec->auth_username != NULL)
    {
      g_autofree char *usage = vsm_pool_spec_secret_usage (spec);
      g_autofree char *frag = g_strdup_printf ("<secret usage='%s'/>", usage);
      g_assert_nonnull (strstr (back, frag));
    }
  if (spec->initiator_iqn != NULL)
    g_assert_nonnull (strstr (back, spec->initiator_iqn));
}

static void
test_transient (void)
{
  g_autoptr(VsmConnection) conn = vsm_test_open_fixture ("fixture-basic.xml");
  g_autoptr(VsmPoolSpec) spec = ops_spec ("dir");
  g_autoptr(GError) error = NULL;
  g_autoptr(VsmPoolSnapshot) snap = NULL;
  g_autoptr(VsmPoolSnapshot) snap2 = NULL;
  g_autofree char *xml = NULL;
  g_autofree char *uuid = NULL;
  g_autofree char *uuid2 = NULL;

  spec->persistent = FALSE;
  spec->autostart = FALSE;
  xml = vsm_pool_xml_build (spec, &error);
  g_assert_no_error (error);

  uuid = define (conn, xml, FALSE, &error);
  g_assert_no_error (error);
  snap = vsm_test_get_pool (conn, uuid, &error);
  g_assert_no_error (error);
  g_assert_true (snap->active);
  g_assert_false (snap->persistent);
  g_assert_false (snap->autostart);

  /* The same through a transient vsm_pool_define_async, without a build. */
  g_free (spec->name);
  spec->name = g_strdup ("ops-transient-2");
  g_free (spec->target_path);
  spec->target_path = g_strdup ("/var/lib/vsm-test/ops-transient-2");
  g_free (xml);
  xml = vsm_pool_xml_build (spec, &error);
  g_assert_no_error (error);
  uuid2 = create (conn, xml, VSM_BUILD_NONE, &error);
  g_assert_no_error (error);
  snap2 = vsm_test_get_pool (conn, uuid2, &error);
  g_assert_no_error (error);
  g_assert_true (snap2->active);
  g_assert_false (snap2->persistent);
}

/* The test driver takes no build flag at all, so its refusal shows which
 * flag reached libvirt. */
static void
test_build_flags (void)
{
  g_autoptr(VsmConnection) conn = vsm_test_open_fixture ("fixture-basic.xml");
  g_autoptr(VsmPoolSpec) spec = ops_spec ("fs");
  g_autoptr(GError) error = NULL;
  g_autofree char *xml = vsm_pool_xml_build (spec, NULL);
  g_autofree char *uuid = define (conn, xml, TRUE, &error);
  char *nothing;
  struct { VsmBuildMode mode; const char *flag; } cases[] = {
    { VSM_BUILD_NO_OVERWRITE, "(0x4)" },   /* VIR_STORAGE_POOL_BUILD_NO_OVERWRITE */
    { VSM_BUILD_OVERWRITE, "(0x8)" },      /* VIR_STORAGE_POOL_BUILD_OVERWRITE */
  };

  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_assert_false (build (conn, uuid, cases[i].mode, &error));
      g_assert_nonnull (error);
      g_assert_true (error->domain == VSM_ERROR);
      g_assert_nonnull (strstr (error->message, cases[i].flag));
      g_clear_error (&error);
    }

  /* NONE succeeds without calling libvirt; DEFAULT passes 0. */
  g_assert_true (build (conn, uuid, VSM_BUILD_NONE, &error));
  g_assert_no_error (error);
  g_assert_true (build (conn, uuid, VSM_BUILD_DEFAULT, &error));
  g_assert_no_error (error);

  /* Unknown pool */
  g_assert_false (build (conn, UUID_NONE, VSM_BUILD_DEFAULT, &error));
  g_assert_error (error, VSM_ERROR, VSM_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* Transient create with a build: VIR_STORAGE_POOL_CREATE_WITH_BUILD. */
  g_free (spec->name);
  spec->name = g_strdup ("ops-create-build");
  g_free (spec->target_path);
  spec->target_path = g_strdup ("/mnt/vsm-test/ops-create-build");
  g_ptr_array_set_size (spec->devices, 0);
  add (spec->devices, "/dev/vsmtest-fs2");
  spec->persistent = FALSE;
  spec->autostart = FALSE;
  g_free (xml);
  xml = vsm_pool_xml_build (spec, &error);
  g_assert_no_error (error);
  nothing = create (conn, xml, VSM_BUILD_DEFAULT, &error);
  g_assert_null (nothing);
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, "(0x1)"));
  g_clear_error (&error);
  nothing = create (conn, xml, VSM_BUILD_OVERWRITE, &error);
  g_assert_null (nothing);
  g_assert_nonnull (strstr (error->message, "(0x2)"));   /* CREATE_WITH_BUILD_OVERWRITE */
}

static void
test_duplicates (void)
{
  g_autoptr(VsmConnection) conn = vsm_test_open_fixture ("fixture-basic.xml");
  g_autoptr(VsmPoolSpec) spec = ops_spec ("dir");
  g_autoptr(VsmPoolSpec) lvm = ops_spec ("logical");
  g_autoptr(GError) error = NULL;
  g_autofree char *xml = NULL;
  g_autofree char *uuid = NULL;
  char *none;

  /* A name the fixture already has. */
  g_free (spec->name);
  spec->name = g_strdup ("images");
  xml = vsm_pool_xml_build (spec, &error);
  g_assert_no_error (error);
  none = define (conn, xml, TRUE, &error);
  g_assert_null (none);
  g_assert_error (error, VSM_ERROR, VSM_ERROR_EXISTS);
  g_test_message ("duplicate name: %s", error->message);
  g_clear_error (&error);
  none = define (conn, xml, FALSE, &error);
  g_assert_null (none);
  g_assert_error (error, VSM_ERROR, VSM_ERROR_EXISTS);
  g_clear_error (&error);

  /* Our own pool, defined twice. */
  g_free (spec->name);
  spec->name = g_strdup ("ops-twice");
  g_free (xml);
  xml = vsm_pool_xml_build (spec, &error);
  uuid = define (conn, xml, TRUE, &error);
  g_assert_no_error (error);
  none = define (conn, xml, TRUE, &error);
  g_assert_null (none);
  g_assert_error (error, VSM_ERROR, VSM_ERROR_EXISTS);
  g_clear_error (&error);

  /* A source another pool uses (vg0 sits on /dev/sdb): libvirt refuses
   * it with "Storage source conflict"; that is not a name clash. */
  g_ptr_array_set_size (lvm->devices, 0);
  add (lvm->devices, "/dev/sdb");
  g_free (xml);
  xml = vsm_pool_xml_build (lvm, &error);
  g_assert_no_error (error);
  none = define (conn, xml, TRUE, &error);
  g_assert_null (none);
  g_assert_error (error, VSM_ERROR, VSM_ERROR_FAILED);
  g_test_message ("duplicate source: %s", error->message);
  g_clear_error (&error);

  /* Invalid XML */
  none = define (conn, "<pool type='dir'><name>x</name></pool>", TRUE, &error);
  g_assert_null (none);
  g_assert_nonnull (error);
  g_assert_true (error->domain == VSM_ERROR);
  g_test_message ("bad xml: %s (%s)", error->message, vsm_error_code_nick (error->code));
}

static VsmPoolSource *
source_at (GPtrArray *sources,
           guint      i)
{
  return g_ptr_array_index (sources, i);
}

static void
test_find_sources (void)
{
  g_autoptr(VsmConnection) conn = vsm_test_open_fixture ("fixture-basic.xml");
  g_autoptr(GError) error = NULL;
  g_autofree char *query = vsm_pool_source_query_xml ("127.0.0.1", NULL);
  g_autoptr(GPtrArray) netfs = NULL;
  g_autoptr(GPtrArray) logical = NULL;
  g_autoptr(GPtrArray) none = NULL;

  /* netfs: the test driver echoes the host with a canned export. */
  netfs = find_sources (conn, "netfs", query, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (netfs->len, ==, 1);
  g_assert_cmpstr (source_at (netfs, 0)->host, ==, "127.0.0.1");
  g_assert_cmpstr (source_at (netfs, 0)->dir, ==, "/testshare");
  g_assert_cmpstr (source_at (netfs, 0)->format, ==, "nfs");
  g_assert_cmpstr (source_at (netfs, 0)->summary, ==, "127.0.0.1:/testshare (nfs)");

  /* logical: two canned volume groups. */
  logical = find_sources (conn, "logical", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (logical->len, ==, 2);
  g_assert_cmpstr (source_at (logical, 0)->name, ==, "testvg1");
  g_assert_cmpstr (source_at (logical, 0)->device, ==, "/dev/sda20");
  g_assert_cmpstr (source_at (logical, 0)->format, ==, "lvm2");
  g_assert_cmpstr (source_at (logical, 0)->summary, ==, "testvg1 on /dev/sda20 (lvm2)");
  g_assert_cmpstr (source_at (logical, 1)->name, ==, "testvg2");
  g_assert_cmpstr (source_at (logical, 1)->device, ==, "/dev/sda21");

  /* Types without discovery. */
  none = find_sources (conn, "iscsi-direct", query, &error);
  g_assert_null (none);
  g_assert_error (error, VSM_ERROR, VSM_ERROR_NOT_SUPPORTED);
  g_clear_error (&error);
  none = find_sources (conn, "dir", NULL, &error);
  g_assert_null (none);
  g_assert_nonnull (error);
  g_test_message ("dir: %s", error->message);
}

static void
test_capabilities (void)
{
  g_autoptr(VsmConnection) conn = vsm_test_open_fixture ("fixture-basic.xml");
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  GAsyncResult *slot = NULL;
  GHashTable *caps;

  vsm_connection_query_async (conn, &(VsmQuery) { .kind = VSM_QUERY_POOL_CAPABILITIES }, NULL,
                              vsm_test_store_result, &slot);
  result = vsm_test_wait_result (&slot, TIMEOUT);
  caps = vsm_connection_query_finish (conn, result, &error);
  /* The test driver cannot tell: NULL without an error. */
  g_assert_no_error (error);
  g_assert_null (caps);
}

static void
test_secret (void)
{
  g_autoptr(VsmConnection) conn = vsm_test_open_fixture ("fixture-basic.xml");
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GAsyncResult) result2 = NULL;
  g_autoptr(GBytes) value = g_bytes_new_static ("s3cret", 6);
  GAsyncResult *slot = NULL;

  vsm_secret_define_async (conn, "iscsi", "virt-storage:ops-iscsi", "test", value,
                           NULL, vsm_test_store_result, &slot);
  result = vsm_test_wait_result (&slot, TIMEOUT);
  g_assert_false (vsm_secret_define_finish (conn, result, &error));
  g_assert_error (error, VSM_ERROR, VSM_ERROR_NOT_SUPPORTED);
  g_clear_error (&error);

  /* A usage type we do not know never reaches libvirt. */
  vsm_secret_define_async (conn, "volume", "x", NULL, value, NULL, vsm_test_store_result, &slot);
  result2 = vsm_test_wait_result (&slot, TIMEOUT);
  g_assert_false (vsm_secret_define_finish (conn, result2, &error));
  g_assert_error (error, VSM_ERROR, VSM_ERROR_INVALID_INPUT);
}

static void
test_host_devices (void)
{
  g_autoptr(VsmConnection) conn = vsm_test_open_fixture ("fixture-basic.xml");
  g_autoptr(VsmConnection) def = vsm_test_open_uri ("test:///default");
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) storage = NULL;
  g_autoptr(GPtrArray) hosts = NULL;
  g_autoptr(GPtrArray) def_storage = NULL;
  g_autoptr(GPtrArray) def_hosts = NULL;

  storage = host_devices (conn, "storage", &error);
  g_assert_no_error (error);
  g_assert_nonnull (storage);
  hosts = host_devices (conn, "scsi_host", &error);
  g_assert_no_error (error);
  g_assert_nonnull (hosts);
  g_test_message ("fixture: %u block devices, %u scsi hosts", storage->len, hosts->len);

  /* test:///default has the canned scsi_host1 (an FC HBA) and scsi_host2. */
  def_storage = host_devices (def, "storage", &error);
  g_assert_no_error (error);
  g_assert_nonnull (def_storage);
  def_hosts = host_devices (def, "scsi_host", &error);
  g_assert_no_error (error);
  g_assert_nonnull (def_hosts);
  g_test_message ("test:///default: %u block devices, %u scsi hosts", def_storage->len, def_hosts->len);
  for (guint i = 0; i < def_hosts->len; i++)
    {
      VsmHostDevice *d = g_ptr_array_index (def_hosts, i);

      g_test_message ("  %s %s %s", d->name, d->path, d->model ? d->model : "");
      g_assert_true (g_str_has_prefix (d->path, "host"));
      if (g_str_equal (d->name, "scsi_host1"))
        {
          g_assert_cmpstr (d->path, ==, "host1");
          g_assert_cmpstr (d->model, ==, "Fibre Channel, WWPN 1000000012341234");
        }
    }
  g_assert_cmpuint (def_hosts->len, >=, 1);
}

static void
test_not_connected (void)
{
  g_autofree char *uri = vsm_test_fixture_uri ("fixture-basic.xml");
  g_autoptr(VsmConnection) conn = vsm_connection_new (uri);
  g_autoptr(GError) error = NULL;
  char *uuid;

  uuid = define (conn, "<pool type='dir'><name>x</name><target><path>/x</path></target></pool>", TRUE, &error);
  g_assert_null (uuid);
  g_assert_error (error, VSM_ERROR, VSM_ERROR_CONNECTION);
  g_clear_error (&error);
  g_assert_false (build (conn, UUID_IMAGES, VSM_BUILD_NONE, &error));
  g_assert_error (error, VSM_ERROR, VSM_ERROR_CONNECTION);
  g_clear_error (&error);
  g_assert_null (find_sources (conn, "netfs", NULL, &error));
  g_assert_error (error, VSM_ERROR, VSM_ERROR_CONNECTION);
  g_clear_error (&error);
  g_assert_null (host_devices (conn, "storage", &error));
  g_assert_error (error, VSM_ERROR, VSM_ERROR_CONNECTION);
}

static void
test_cancelled (void)
{
  g_autoptr(VsmConnection) conn = vsm_test_open_fixture ("fixture-basic.xml");
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(VsmPoolSpec) spec = ops_spec ("dir");
  g_autofree char *xml = vsm_pool_xml_build (spec, NULL);
  GAsyncResult *slot = NULL;
  char *uuid;

  g_cancellable_cancel (cancellable);
  vsm_pool_define_async (conn, xml, TRUE, VSM_BUILD_NONE, cancellable, vsm_test_store_result, &slot);
  result = vsm_test_wait_result (&slot, TIMEOUT);
  uuid = vsm_pool_define_finish (conn, result, &error);
  g_assert_null (uuid);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

int
main (int   argc,
      char *argv[])
{
  vsm_test_init_libvirt ();
  g_test_init (&argc, &argv, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (types); i++)
    {
      g_autofree char *path = g_strdup_printf ("/pools/ops/lifecycle/%s", types[i]);
      g_test_add_data_func (path, types[i], test_lifecycle);
    }
  g_test_add_func ("/pools/ops/transient", test_transient);
  g_test_add_func ("/pools/ops/build-flags", test_build_flags);
  g_test_add_func ("/pools/ops/duplicates", test_duplicates);
  g_test_add_func ("/pools/ops/find-sources", test_find_sources);
  g_test_add_func ("/pools/ops/capabilities", test_capabilities);
  g_test_add_func ("/pools/ops/secret", test_secret);
  g_test_add_func ("/pools/ops/host-devices", test_host_devices);
  g_test_add_func ("/pools/ops/not-connected", test_not_connected);
  g_test_add_func ("/pools/ops/cancelled", test_cancelled);

  return g_test_run ();
}
