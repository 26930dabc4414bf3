/* test-events.c: live updates from libvirt events, without polling
 *
 * All connections here use test:///default, which the test driver shares
 * between every connection of the process, so a change made through a
 * second (raw, blocking) libvirt connection reaches the VsmHost only
 * through libvirt's events. No test calls vsm_host_reload().
 *
 * Copyright 2026 Virt Storage developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gio/gio.h>
#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>

#include "vsm-host.h"
#include "vsm-test-utils.h"
#include "vsm-volume.h"

#define TIMEOUT 10000
/* How quickly an event-driven change must show. */
#define EVENT_MSEC 1000

static void
quiet_error_func (void        *data,
                  virErrorPtr  error)
{
}

static char *
pool_xml (const char *name,
          const char *uuid)
{
  return g_strdup_printf ("<pool type='dir'>"
                          "<name>%s</name>"
                          "<uuid>%s</uuid>"
                          "<target><path>/tmp/%s</path></target>"
                          "</pool>", name, uuid, name);
}

typedef struct
{
  guint n_changes;
  guint added;
  guint removed;
} Changes;

static void
items_changed_cb (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  Changes    *c)
{
  c->n_changes++;
  c->added += added;
  c->removed += removed;
}

static void
test_pool_lifecycle (void)
{
  g_autoptr(VsmHost) host = vsm_test_host_new_loaded ("test:///default");
  VsmKeyedList *pools = vsm_host_get_pools (host);
  const char *uuid = "33333333-4444-5555-6666-777777777701";
  g_autofree char *xml = pool_xml ("vsm-ev-lifecycle", uuid);
  virConnectPtr raw = virConnectOpen ("test:///default");
  virStoragePoolPtr p;
  VsmPool *pool;
  guint n0 = vsm_keyed_list_get_n_items (pools);
  Changes c = { 0 };
  gint64 t0;

  g_assert_nonnull (raw);
  g_assert_null (vsm_host_find_pool (host, uuid));
  g_signal_connect (pools, "items-changed", G_CALLBACK (items_changed_cb), &c);

  /* Defined elsewhere: a new inactive row. */
  t0 = g_get_monotonic_time ();
  p = virStoragePoolDefineXML (raw, xml, 0);
  g_assert_nonnull (p);
  VSM_WAIT_FOR (vsm_host_find_pool (host, uuid) != NULL, EVENT_MSEC);
  g_test_message ("define seen after %" G_GINT64_FORMAT " µs", g_get_monotonic_time () - t0);
  pool = vsm_host_find_pool (host, uuid);
  g_assert_cmpstr (vsm_pool_get_name (pool), ==, "vsm-ev-lifecycle");
  g_assert_false (vsm_pool_get_active (pool));
  g_assert_true (vsm_pool_get_persistent (pool));
  g_assert_cmpuint (vsm_keyed_list_get_n_items (pools), ==, n0 + 1);

  /* Started elsewhere. */
  t0 = g_get_monotonic_time ();
  g_assert_cmpint (virStoragePoolCreate (p, 0), ==, 0);
  VSM_WAIT_FOR (vsm_pool_get_active (pool), EVENT_MSEC);
  g_test_message ("start seen after %" G_GINT64_FORMAT " µs", g_get_monotonic_time () - t0);
  g_assert_cmpint (vsm_pool_get_state (pool), ==, VSM_POOL_STATE_RUNNING);
  /* Same row object, updated in place. */
  g_assert_true (vsm_host_find_pool (host, uuid) == pool);

  /* Destroyed (stopped) elsewhere. */
  g_assert_cmpint (virStoragePoolDestroy (p), ==, 0);
  VSM_WAIT_FOR (!vsm_pool_get_active (pool), EVENT_MSEC);
  g_assert_cmpint (vsm_pool_get_state (pool), ==, VSM_POOL_STATE_INACTIVE);
  g_assert_true (vsm_host_find_pool (host, uuid) == pool);

  /* Undefined elsewhere: the row goes. */
  g_assert_cmpint (virStoragePoolUndefine (p), ==, 0);
  VSM_WAIT_FOR (vsm_host_find_pool (host, uuid) == NULL, EVENT_MSEC);
  g_assert_cmpuint (vsm_keyed_list_get_n_items (pools), ==, n0);

  /* One row added and one removed over the whole life cycle. */
  g_assert_cmpuint (c.added, ==, 1);
  g_assert_cmpuint (c.removed, ==, 1);
  g_signal_handlers_disconnect_by_func (pools, items_changed_cb, &c);

  virStoragePoolFree (p);
  virConnectClose (raw);
}

static void
test_transient_pool (void)
{
  g_autoptr(VsmHost) host = vsm_test_host_new_loaded ("test:///default");
  const char *uuid = "33333333-4444-5555-6666-777777777702";
  g_autofree char *xml = pool_xml ("vsm-ev-transient", uuid);
  virConnectPtr raw = virConnectOpen ("test:///default");
  virStoragePoolPtr p;
  VsmPool *pool;

  /* Created (transient) elsewhere: appears active and not persistent. */
  p = virStoragePoolCreateXML (raw, xml, 0);
  g_assert_nonnull (p);
  VSM_WAIT_FOR (vsm_host_find_pool (host, uuid) != NULL, EVENT_MSEC);
  pool = vsm_host_find_pool (host, uuid);
  VSM_WAIT_FOR (vsm_pool_get_active (pool), EVENT_MSEC);
  g_assert_false (vsm_pool_get_persistent (pool));

  /* Stopping a transient pool makes it vanish: the row goes too. */
  g_assert_cmpint (virStoragePoolDestroy (p), ==, 0);
  VSM_WAIT_FOR (vsm_host_find_pool (host, uuid) == NULL, EVENT_MSEC);

  virStoragePoolFree (p);
  virConnectClose (raw);
}

static void
test_refresh_reloads_volumes (void)
{
  g_autoptr(VsmHost) host = vsm_test_host_new_loaded ("test:///default");
  const char *uuid = "33333333-4444-5555-6666-777777777703";
  g_autofree char *xml = pool_xml ("vsm-ev-refresh", uuid);
  virConnectPtr raw = virConnectOpen ("test:///default");
  virStoragePoolPtr p;
  virStorageVolPtr v1, v2;
  VsmPool *pool;
  VsmKeyedList *volumes;

  p = virStoragePoolDefineXML (raw, xml, 0);
  g_assert_nonnull (p);
  g_assert_cmpint (virStoragePoolCreate (p, 0), ==, 0);
  v1 = virStorageVolCreateXML (p, "<volume><name>one.img</name><capacity>1048576</capacity></volume>", 0);
  g_assert_nonnull (v1);

  VSM_WAIT_FOR (vsm_host_find_pool (host, uuid) != NULL, EVENT_MSEC);
  pool = vsm_host_find_pool (host, uuid);
  VSM_WAIT_FOR (vsm_pool_get_active (pool), EVENT_MSEC);
  volumes = vsm_pool_get_volumes (pool);
  vsm_host_load_volumes (host, pool);
  VSM_WAIT_FOR (vsm_pool_get_volumes_loaded (pool) && !vsm_pool_get_volumes_loading (pool), TIMEOUT);
  g_assert_cmpuint (vsm_keyed_list_get_n_items (volumes), ==, 1);

  /* libvirt has no volume events: a new volume shows after a pool
   * refresh done elsewhere, which is an event. */
  v2 = virStorageVolCreateXML (p, "<volume><name>two.img</name><capacity>2097152</capacity></volume>", 0);
  g_assert_nonnull (v2);
  g_assert_cmpint (virStoragePoolRefresh (p, 0), ==, 0);
  VSM_WAIT_FOR (vsm_keyed_list_lookup (volumes, "two.img") != NULL, EVENT_MSEC);
  VSM_WAIT_FOR (!vsm_pool_get_volumes_loading (pool), TIMEOUT);
  g_assert_cmpuint (vsm_volume_get_capacity (vsm_keyed_list_lookup (volumes, "two.img")), ==, 2097152);
  g_assert_cmpuint (vsm_keyed_list_get_n_items (volumes), ==, 2);
  g_assert_cmpuint (vsm_pool_get_volume_capacity (pool), ==, 3145728);

  /* A deletion elsewhere, then a refresh: the row goes. */
  g_assert_cmpint (virStorageVolDelete (v1, 0), ==, 0);
  g_assert_cmpint (virStoragePoolRefresh (p, 0), ==, 0);
  VSM_WAIT_FOR (vsm_keyed_list_lookup (volumes, "one.img") == NULL, EVENT_MSEC);

  virStorageVolFree (v1);
  virStorageVolFree (v2);
  g_assert_cmpint (virStoragePoolDestroy (p), ==, 0);
  g_assert_cmpint (virStoragePoolUndefine (p), ==, 0);
  VSM_WAIT_FOR (vsm_host_find_pool (host, uuid) == NULL, EVENT_MSEC);
  virStoragePoolFree (p);
  virConnectClose (raw);
}

static void
test_domain_used_by (void)
{
  g_autoptr(VsmHost) host = vsm_test_host_new_loaded ("test:///default");
  const char *uuid = "33333333-4444-5555-6666-777777777704";
  g_autofree char *xml = pool_xml ("vsm-ev-domain", uuid);
  virConnectPtr raw = virConnectOpen ("test:///default");
  virStoragePoolPtr p;
  virStorageVolPtr v;
  virDomainPtr dom;
  g_autofree char *path = NULL;
  g_autofree char *dom_xml = NULL;
  VsmPool *pool;
  VsmVolume *vol;
  VsmKeyedList *domains = vsm_host_get_domains (host);
  guint n_domains;
  char *p_path;

  p = virStoragePoolDefineXML (raw, xml, 0);
  g_assert_nonnull (p);
  g_assert_cmpint (virStoragePoolCreate (p, 0), ==, 0);
  v = virStorageVolCreateXML (p, "<volume><name>ev.img</name><capacity>1048576</capacity></volume>", 0);
  g_assert_nonnull (v);
  p_path = virStorageVolGetPath (v);
  path = g_strdup (p_path);
  free (p_path);

  VSM_WAIT_FOR (vsm_host_find_pool (host, uuid) != NULL, EVENT_MSEC);
  pool = vsm_host_find_pool (host, uuid);
  VSM_WAIT_FOR (vsm_pool_get_active (pool), EVENT_MSEC);
  vsm_host_load_volumes (host, pool);
  VSM_WAIT_FOR (vsm_pool_get_volumes_loaded (pool) && !vsm_pool_get_volumes_loading (pool), TIMEOUT);
  vol = vsm_keyed_list_lookup (vsm_pool_get_volumes (pool), "ev.img");
  g_assert_nonnull (vol);
  g_assert_cmpstr (vsm_volume_get_path (vol), ==, path);
  g_assert_null (vsm_volume_get_used_by (vol));

  n_domains = vsm_keyed_list_get_n_items (domains);

  /* A domain defined elsewhere that uses the volume. */
  dom_xml = g_strdup_printf ("<domain type='test'><name>vsm-ev-dom</name>"
                             "<memory unit='MiB'>64</memory>"
                             "<os><type>hvm</type></os>"
                             "<devices><disk type='file' device='disk'>"
                             "<source file='%s'/><target dev='vda' bus='virtio'/>"
                             "</disk></devices></domain>", path);
  dom = virDomainDefineXML (raw, dom_xml);
  g_assert_nonnull (dom);
  VSM_WAIT_FOR (g_strcmp0 (vsm_volume_get_used_by (vol), "vsm-ev-dom") == 0, EVENT_MSEC);
  g_assert_cmpuint (vsm_keyed_list_get_n_items (domains), ==, n_domains + 1);

  /* Started: the domain row follows. */
  g_assert_cmpint (virDomainCreate (dom), ==, 0);
  {
    char dom_uuid[VIR_UUID_STRING_BUFLEN];
    VsmDomain *d;

    g_assert_cmpint (virDomainGetUUIDString (dom, dom_uuid), ==, 0);
    d = vsm_keyed_list_lookup (domains, dom_uuid);
    g_assert_nonnull (d);
    VSM_WAIT_FOR (vsm_domain_get_running (d), EVENT_MSEC);
  }

  /* Gone: the volume is free again. */
  g_assert_cmpint (virDomainDestroy (dom), ==, 0);
  g_assert_cmpint (virDomainUndefine (dom), ==, 0);
  VSM_WAIT_FOR (vsm_volume_get_used_by (vol) == NULL, EVENT_MSEC);
  g_assert_cmpuint (vsm_keyed_list_get_n_items (domains), ==, n_domains);

  virDomainFree (dom);
  virStorageVolFree (v);
  g_assert_cmpint (virStoragePoolDestroy (p), ==, 0);
  g_assert_cmpint (virStoragePoolUndefine (p), ==, 0);
  virStoragePoolFree (p);
  virConnectClose (raw);
}

static gboolean
host_action (VsmHost       *host,
             VsmPool       *pool,
             VsmPoolAction  action)
{
  GAsyncResult *slot = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  gboolean ok;

  vsm_host_pool_action_async (host, pool, action, NULL, vsm_test_store_result, &slot);
  result = vsm_test_wait_result (&slot, TIMEOUT);
  ok = vsm_host_pool_action_finish (host, result, &error);
  g_assert_no_error (error);
  return ok;
}

static void
test_two_hosts (void)
{
  g_autoptr(VsmHost) a = vsm_test_host_new_loaded ("test:///default");
  g_autoptr(VsmHost) b = vsm_test_host_new_loaded ("test:///default");
  const char *uuid = "33333333-4444-5555-6666-777777777705";
  g_autofree char *xml = pool_xml ("vsm-ev-two", uuid);
  virConnectPtr raw = virConnectOpen ("test:///default");
  virStoragePoolPtr p = virStoragePoolDefineXML (raw, xml, 0);
  VsmPool *pa, *pb;

  g_assert_nonnull (p);
  VSM_WAIT_FOR (vsm_host_find_pool (a, uuid) != NULL && vsm_host_find_pool (b, uuid) != NULL, EVENT_MSEC);
  pa = vsm_host_find_pool (a, uuid);
  pb = vsm_host_find_pool (b, uuid);
  g_assert_true (pa != pb);

  /* An action through one VsmConnection shows in the other host. */
  g_assert_true (host_action (a, pa, VSM_POOL_ACTION_START));
  VSM_WAIT_FOR (vsm_pool_get_active (pb), EVENT_MSEC);
  g_assert_true (host_action (a, pa, VSM_POOL_ACTION_AUTOSTART_ON));
  /* Autostart has no event of its own; host a re-reads its pool after
   * its own action, host b does not know. */
  VSM_WAIT_FOR (vsm_pool_get_autostart (pa), EVENT_MSEC);
  g_assert_true (host_action (b, pb, VSM_POOL_ACTION_STOP));
  VSM_WAIT_FOR (!vsm_pool_get_active (pa), EVENT_MSEC);
  g_assert_true (host_action (b, pb, VSM_POOL_ACTION_UNDEFINE));
  VSM_WAIT_FOR (vsm_host_find_pool (a, uuid) == NULL && vsm_host_find_pool (b, uuid) == NULL, EVENT_MSEC);

  virStoragePoolFree (p);
  virConnectClose (raw);
}

static void
test_no_events_after_disconnect (void)
{
  g_autoptr(VsmHost) host = vsm_test_host_new_loaded ("test:///default");
  const char *uuid = "33333333-4444-5555-6666-777777777706";
  g_autofree char *xml = pool_xml ("vsm-ev-disconnected", uuid);
  virConnectPtr raw = virConnectOpen ("test:///default");
  virStoragePoolPtr p;
  gint64 end;

  vsm_host_disconnect (host);
  p = virStoragePoolDefineXML (raw, xml, 0);
  g_assert_nonnull (p);

  /* Give a stray event every chance to arrive: nothing may appear. */
  end = g_get_monotonic_time () + 300 * 1000;
  while (g_get_monotonic_time () < end)
    vsm_test_iterate ();
  g_assert_cmpuint (vsm_keyed_list_get_n_items (vsm_host_get_pools (host)), ==, 0);

  /* Reconnected: the pool is listed again, with the change. */
  vsm_host_connect (host);
  VSM_WAIT_FOR (vsm_host_get_pools_loaded (host), TIMEOUT);
  g_assert_nonnull (vsm_host_find_pool (host, uuid));

  g_assert_cmpint (virStoragePoolUndefine (p), ==, 0);
  VSM_WAIT_FOR (vsm_host_find_pool (host, uuid) == NULL, EVENT_MSEC);
  virStoragePoolFree (p);
  virConnectClose (raw);
}

/* libvirt 9.0 race: virObjectEventStateQueue() reads the event timer
 * without the state lock. If the last callback is deregistered (a
 * VsmConnection teardown, in its worker) while an event is being queued,
 * the event stays in the queue with no timer armed, and every later event
 * of the shared test:///default driver is stuck behind it. A connection
 * that keeps callbacks registered for the whole run keeps the timer alive. */
static void
keeper_pool_cb (virConnectPtr     conn,
                virStoragePoolPtr pool,
                int               event,
                int               detail,
                void             *opaque)
{
}

static void
keeper_domain_cb (virConnectPtr conn,
                  virDomainPtr  dom,
                  int           event,
                  int           detail,
                  void         *opaque)
{
}

int
main (int   argc,
      char *argv[])
{
  virConnectPtr keeper;
  int keeper_ids[2];
  int ret;

  vsm_test_init_libvirt ();
  g_test_init (&argc, &argv, NULL);
  virSetErrorFunc (NULL, quiet_error_func);

  keeper = virConnectOpen ("test:///default");
  g_assert_nonnull (keeper);
  keeper_ids[0] = virConnectStoragePoolEventRegisterAny (keeper, NULL, VIR_STORAGE_POOL_EVENT_ID_LIFECYCLE,
                                                         VIR_STORAGE_POOL_EVENT_CALLBACK (keeper_pool_cb),
                                                         NULL, NULL);
  keeper_ids[1] = virConnectDomainEventRegisterAny (keeper, NULL, VIR_DOMAIN_EVENT_ID_LIFECYCLE,
                                                    VIR_DOMAIN_EVENT_CALLBACK (keeper_domain_cb),
                                                    NULL, NULL);
  g_assert_cmpint (keeper_ids[0], >=, 0);
  g_assert_cmpint (keeper_ids[1], >=, 0);

  g_test_add_func ("/events/pool-lifecycle", test_pool_lifecycle);
  g_test_add_func ("/events/transient-pool", test_transient_pool);
  g_test_add_func ("/events/refresh-reloads-volumes", test_refresh_reloads_volumes);
  g_test_add_func ("/events/domain-used-by", test_domain_used_by);
  g_test_add_func ("/events/two-hosts", test_two_hosts);
  g_test_add_func ("/events/no-events-after-disconnect", test_no_events_after_disconnect);

  ret = g_test_run ();

  virConnectStoragePoolEventDeregisterAny (keeper, keeper_ids[0]);
  virConnectDomainEventDeregisterAny (keeper, keeper_ids[1]);
  virConnectClose (keeper);
  return ret;
}
