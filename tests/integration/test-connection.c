/* test-connection.c: VsmConnection against the test driver
 *
 * Every test opens tests/data/fixture-basic.xml through its absolute
 * test:/// URI, so each gets private, freshly loaded state.
 *
 * Copyright 2026 Virt Storage developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gio/gio.h>
#include <libvirt/libvirt.h>
#include <string.h>

#include "vsm-ask.h"
#include "vsm-connection.h"
#include "vsm-error.h"
#include "vsm-ssh.h"
#include "vsm-test-utils.h"
#include "vsm-volume-ops.h"

#define TIMEOUT 10000

#define UUID_IMAGES "11111111-2222-3333-4444-555555555501"
#define UUID_BACKUP "11111111-2222-3333-4444-555555555502"
#define UUID_VG0    "11111111-2222-3333-4444-555555555503"
#define UUID_NONE   "00000000-0000-0000-0000-000000000000"

#define GiB G_GUINT64_CONSTANT (1073741824)
#define MiB G_GUINT64_CONSTANT (1048576)

/* The test driver gives every pool 100 GiB and adds up the allocations
 * of the fixture's volumes. */
#define POOL_CAPACITY (100 * GiB)
#define IMAGES_ALLOCATION (2 * GiB + 10 * GiB + 700 * MiB)

/* ------------------------------------------------------------------ */
/* Synchronous wrappers                                                */

static GPtrArray *
list_pools (VsmConnection  *conn,
            GError        **error)
{
  GAsyncResult *slot = NULL;
  g_autoptr(GAsyncResult) result = NULL;

  vsm_connection_query_async (conn, &(VsmQuery) { .kind = VSM_QUERY_POOLS }, NULL,
                              vsm_test_store_result, &slot);
  result = vsm_test_wait_result (&slot, TIMEOUT);
  return vsm_connection_query_finish (conn, result, error);
}

static GPtrArray *
list_domains (VsmConnection  *conn,
              GError        **error)
{
  GAsyncResult *slot = NULL;
  g_autoptr(GAsyncResult) result = NULL;

  vsm_connection_query_async (conn, &(VsmQuery) { .kind = VSM_QUERY_DOMAINS }, NULL,
                              vsm_test_store_result, &slot);
  result = vsm_test_wait_result (&slot, TIMEOUT);
  return vsm_connection_query_finish (conn, result, error);
}

static gboolean
pool_totals (VsmConnection  *conn,
             const char     *uuid,
             guint64        *sum,
             guint          *n,
             GError        **error)
{
  GAsyncResult *slot = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autofree VsmPoolTotals *totals = NULL;

  vsm_connection_query_async (conn, &(VsmQuery) { .kind = VSM_QUERY_POOL_TOTALS, .uuid = uuid },
                              NULL, vsm_test_store_result, &slot);
  result = vsm_test_wait_result (&slot, TIMEOUT);
  totals = vsm_connection_query_finish (conn, result, error);
  if (totals == NULL)
    return FALSE;
  if (sum != NULL)
    *sum = totals->sum_capacity;
  if (n != NULL)
    *n = totals->n_volumes;
  return TRUE;
}

static gboolean
delete_volume (VsmConnection  *conn,
               const char     *uuid,
               const char     *name,
               GError        **error)
{
  GAsyncResult *slot = NULL;
  g_autoptr(GAsyncResult) result = NULL;

  vsm_volume_job_async (conn, &(VsmVolumeJob) { .kind = VSM_VOLUME_JOB_DELETE,
                                                .pool_uuid = uuid,
                                                .name = name },
                        NULL, vsm_test_store_result, &slot);
  result = vsm_test_wait_result (&slot, TIMEOUT);
  return vsm_volume_job_finish (conn, result, NULL, error);
}

/* Volume listing: batches are recorded on a plain GObject target. */

typedef struct
{
  guint       n_batches;
  guint       n_names_batches;
  gboolean    first_was_names;
  GPtrArray  *names;        /* from the names-only batch */
  GHashTable *details;      /* name → VsmVolumeSnapshot copy */
  gboolean    finished;     /* set by the GAsyncReadyCallback */
  guint       batches_at_finish;
} Batches;

static void
batches_free (Batches *b)
{
  g_clear_pointer (&b->names, g_ptr_array_unref);
  g_clear_pointer (&b->details, g_hash_table_unref);
  g_free (b);
}

static VsmVolumeSnapshot *
volume_snapshot_copy (const VsmVolumeSnapshot *s)
{
  VsmVolumeSnapshot *c = g_new0 (VsmVolumeSnapshot, 1);

  c->name = g_strdup (s->name);
  c->key = g_strdup (s->key);
  c->path = g_strdup (s->path);
  c->type = g_strdup (s->type);
  c->format = g_strdup (s->format);
  c->backing_path = g_strdup (s->backing_path);
  c->capacity = s->capacity;
  c->allocation = s->allocation;
  c->has_details = s->has_details;
  return c;
}

static void
batch_cb (GObject    *target,
          const char *pool_uuid,
          GPtrArray  *batch,
          gboolean    names_only)
{
  Batches *b = g_object_get_data (target, "batches");

  g_assert_nonnull (b);
  g_assert_false (b->finished);
  g_assert_cmpstr (pool_uuid, ==, g_object_get_data (target, "uuid"));
  if (b->n_batches == 0)
    b->first_was_names = names_only;
  b->n_batches++;

  for (guint i = 0; i < batch->len; i++)
    {
      const VsmVolumeSnapshot *s = g_ptr_array_index (batch, i);

      g_assert_cmpint (s->has_details, ==, !names_only);
      if (names_only)
        g_ptr_array_add (b->names, g_strdup (s->name));
      else
        g_hash_table_insert (b->details, g_strdup (s->name), volume_snapshot_copy (s));
    }
  if (names_only)
    b->n_names_batches++;
}

typedef struct
{
  GObject      *target;
  GAsyncResult *result;
} ListCall;

static void
list_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  ListCall *call = user_data;
  Batches *b = g_object_get_data (call->target, "batches");

  b->finished = TRUE;
  b->batches_at_finish = b->n_batches;
  call->result = g_object_ref (result);
}

static Batches *
list_volumes (VsmConnection  *conn,
              const char     *uuid,
              guint          *n_volumes,
              gboolean       *ok,
              GError        **error)
{
  g_autoptr(GObject) target = g_object_new (G_TYPE_OBJECT, NULL);
  Batches *b = g_new0 (Batches, 1);
  ListCall call = { target, NULL };
  g_autoptr(GAsyncResult) result = NULL;
  VsmVolumeListing listing = { 0 };

  b->names = g_ptr_array_new_with_free_func (g_free);
  b->details = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                      (GDestroyNotify) vsm_volume_snapshot_free);
  g_object_set_data (target, "batches", b);
  g_object_set_data_full (target, "uuid", g_strdup (uuid), g_free);

  vsm_connection_list_volumes_async (conn, uuid, target, batch_cb, NULL, list_done_cb, &call);
  result = vsm_test_wait_result (&call.result, TIMEOUT);
  *ok = vsm_connection_list_volumes_finish (conn, result, &listing, error);
  /* a complete listing: the test driver has no limit */
  if (*ok)
    {
      g_assert_cmpuint (listing.n_in_pool, ==, listing.n_listed);
      *n_volumes = listing.n_listed;
    }
  return b;
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Batches, batches_free)

static VsmPoolSnapshot *
find_pool (GPtrArray  *pools,
           const char *name)
{
  for (guint i = 0; i < pools->len; i++)
    {
      VsmPoolSnapshot *s = g_ptr_array_index (pools, i);
      if (g_strcmp0 (s->name, name) == 0)
        return s;
    }
  return NULL;
}

static VsmDomainSnapshot *
find_domain (GPtrArray  *domains,
             const char *name)
{
  for (guint i = 0; i < domains->len; i++)
    {
      VsmDomainSnapshot *s = g_ptr_array_index (domains, i);
      if (g_strcmp0 (s->name, name) == 0)
        return s;
    }
  return NULL;
}

/* ------------------------------------------------------------------ */

static void
state_cb (GObject    *object,
          GParamSpec *pspec,
          GArray     *states)
{
  int state = vsm_connection_get_state (VSM_CONNECTION (object));
  g_array_append_val (states, state);
}

static void
test_open (void)
{
  g_autofree char *uri = vsm_test_fixture_uri ("fixture-basic.xml");
  g_autoptr(VsmConnection) conn = vsm_connection_new (uri);
  g_autoptr(GArray) states = g_array_new (FALSE, FALSE, sizeof (int));
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  GAsyncResult *slot = NULL;
  VsmConnectionState prop_state = 0;
  g_autofree char *prop_uri = NULL;

  g_assert_cmpstr (vsm_connection_get_uri (conn), ==, uri);
  g_assert_cmpint (vsm_connection_get_state (conn), ==, VSM_CONNECTION_STATE_DISCONNECTED);
  g_assert_null (vsm_connection_get_error_message (conn));
  g_assert_false (vsm_connection_get_reconnecting (conn));

  g_signal_connect (conn, "notify::state", G_CALLBACK (state_cb), states);
  vsm_connection_open_async (conn, NULL, vsm_test_store_result, &slot);
  /* CONNECTING is set before open_async returns. */
  g_assert_cmpint (vsm_connection_get_state (conn), ==, VSM_CONNECTION_STATE_CONNECTING);
  result = vsm_test_wait_result (&slot, TIMEOUT);
  g_assert_true (vsm_connection_open_finish (conn, result, &error));
  g_assert_no_error (error);

  g_assert_cmpuint (states->len, ==, 2);
  g_assert_cmpint (g_array_index (states, int, 0), ==, VSM_CONNECTION_STATE_CONNECTING);
  g_assert_cmpint (g_array_index (states, int, 1), ==, VSM_CONNECTION_STATE_CONNECTED);
  g_assert_null (vsm_connection_get_error_message (conn));

  g_object_get (conn, "state", &prop_state, "uri", &prop_uri, NULL);
  g_assert_cmpint (prop_state, ==, VSM_CONNECTION_STATE_CONNECTED);
  g_assert_cmpstr (prop_uri, ==, uri);
}

static void
test_list_pools (void)
{
  g_autoptr(VsmConnection) conn = vsm_test_open_fixture ("fixture-basic.xml");
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) pools = list_pools (conn, &error);
  VsmPoolSnapshot *images, *backup, *vg0;

  g_assert_no_error (error);
  g_assert_nonnull (pools);
  g_assert_cmpuint (pools->len, ==, 3);

  images = find_pool (pools, "images");
  backup = find_pool (pools, "backup");
  vg0 = find_pool (pools, "vg0");
  g_assert_nonnull (images);
  g_assert_nonnull (backup);
  g_assert_nonnull (vg0);

  g_assert_cmpstr (images->uuid, ==, UUID_IMAGES);
  g_assert_cmpstr (backup->uuid, ==, UUID_BACKUP);
  g_assert_cmpstr (vg0->uuid, ==, UUID_VG0);

  g_assert_cmpstr (images->type, ==, "dir");
  g_assert_cmpstr (backup->type, ==, "dir");
  g_assert_cmpstr (vg0->type, ==, "logical");

  for (guint i = 0; i < pools->len; i++)
    {
      VsmPoolSnapshot *s = g_ptr_array_index (pools, i);

      g_assert_true (s->active);
      g_assert_true (s->persistent);
      g_assert_false (s->autostart);
      g_assert_cmpint (s->state, ==, VSM_POOL_STATE_RUNNING);
      g_assert_cmpuint (s->capacity, ==, POOL_CAPACITY);
      g_assert_cmpuint (s->allocation + s->available, ==, s->capacity);
    }

  g_assert_cmpuint (images->allocation, ==, IMAGES_ALLOCATION);
  g_assert_cmpuint (backup->allocation, ==, 1 * GiB);
  g_assert_cmpuint (vg0->allocation, ==, 4 * GiB);

  g_assert_cmpstr (images->target_path, ==, "/var/lib/libvirt/images");
  g_assert_cmpstr (backup->target_path, ==, "/srv/backup");
  g_assert_cmpstr (vg0->target_path, ==, "/dev/vg0");
  g_assert_null (images->source);
  g_assert_cmpstr (vg0->source, ==, "Volume group vg0 on /dev/sdb");
  g_assert_cmpstr (vg0->source_device, ==, "/dev/sdb");
  g_assert_cmpstr (vg0->source_format, ==, "lvm2");
}

static void
test_get_pool (void)
{
  g_autoptr(VsmConnection) conn = vsm_test_open_fixture ("fixture-basic.xml");
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) error2 = NULL;
  g_autoptr(VsmPoolSnapshot) snap = vsm_test_get_pool (conn, UUID_BACKUP, &error);
  g_autoptr(VsmPoolSnapshot) none = NULL;

  g_assert_no_error (error);
  g_assert_nonnull (snap);
  g_assert_cmpstr (snap->uuid, ==, UUID_BACKUP);
  g_assert_cmpstr (snap->name, ==, "backup");
  g_assert_cmpstr (snap->type, ==, "dir");
  g_assert_true (snap->active);
  g_assert_cmpuint (snap->allocation, ==, 1 * GiB);

  none = vsm_test_get_pool (conn, UUID_NONE, &error2);
  g_assert_null (none);
  g_assert_error (error2, VSM_ERROR, VSM_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error2->message, UUID_NONE));
}

static void
test_get_pool_bad_uuid (void)
{
  g_autoptr(VsmConnection) conn = vsm_test_open_fixture ("fixture-basic.xml");
  g_autoptr(GError) error = NULL;
  g_autoptr(VsmPoolSnapshot) snap = vsm_test_get_pool (conn, "not-a-uuid", &error);

  g_assert_null (snap);
  g_assert_nonnull (error);
  g_assert_true (error->domain == VSM_ERROR);
  g_assert_cmpint (error->code, ==, VSM_ERROR_INVALID_INPUT);
}

static void
test_list_volumes (void)
{
  g_autoptr(VsmConnection) conn = vsm_test_open_fixture ("fixture-basic.xml");
  g_autoptr(GError) error = NULL;
  g_autoptr(Batches) b = NULL;
  const VsmVolumeSnapshot *disk1, *disk2, *iso;
  guint n = 0;
  gboolean ok = FALSE;

  b = list_volumes (conn, UUID_IMAGES, &n, &ok, &error);
  g_assert_no_error (error);
  g_assert_true (ok);
  g_assert_cmpuint (n, ==, 3);

  /* Names first, exactly once, then details; all before the callback. */
  g_assert_true (b->first_was_names);
  g_assert_cmpuint (b->n_names_batches, ==, 1);
  g_assert_cmpuint (b->n_batches, >=, 2);
  g_assert_cmpuint (b->batches_at_finish, ==, b->n_batches);

  g_assert_cmpuint (b->names->len, ==, 3);
  g_assert_true (g_ptr_array_find_with_equal_func (b->names, "disk1.qcow2", g_str_equal, NULL));
  g_assert_true (g_ptr_array_find_with_equal_func (b->names, "disk2.raw", g_str_equal, NULL));
  g_assert_true (g_ptr_array_find_with_equal_func (b->names, "install.iso", g_str_equal, NULL));

  g_assert_cmpuint (g_hash_table_size (b->details), ==, 3);
  disk1 = g_hash_table_lookup (b->details, "disk1.qcow2");
  disk2 = g_hash_table_lookup (b->details, "disk2.raw");
  iso = g_hash_table_lookup (b->details, "install.iso");
  g_assert_nonnull (disk1);
  g_assert_nonnull (disk2);
  g_assert_nonnull (iso);

  g_assert_cmpuint (disk1->capacity, ==, G_GUINT64_CONSTANT (21474836480));
  g_assert_cmpuint (disk1->allocation, ==, G_GUINT64_CONSTANT (2147483648));
  g_assert_cmpstr (disk1->format, ==, "qcow2");
  g_assert_cmpstr (disk1->type, ==, "file");
  g_assert_cmpstr (disk1->path, ==, "/var/lib/libvirt/images/disk1.qcow2");
  g_assert_nonnull (disk1->key);

  g_assert_cmpuint (disk2->capacity, ==, G_GUINT64_CONSTANT (10737418240));
  g_assert_cmpuint (disk2->allocation, ==, G_GUINT64_CONSTANT (10737418240));
  g_assert_cmpstr (disk2->format, ==, "raw");
  g_assert_cmpstr (disk2->path, ==, "/var/lib/libvirt/images/disk2.raw");

  g_assert_cmpuint (iso->capacity, ==, G_GUINT64_CONSTANT (734003200));
  g_assert_cmpuint (iso->allocation, ==, G_GUINT64_CONSTANT (734003200));
  g_assert_cmpstr (iso->format, ==, "iso");
}

static void
test_list_volumes_block (void)
{
  g_autoptr(VsmConnection) conn = vsm_test_open_fixture ("fixture-basic.xml");
  g_autoptr(GError) error = NULL;
  g_autoptr(Batches) b = NULL;
  const VsmVolumeSnapshot *lv0;
  guint n = 0;
  gboolean ok = FALSE;

  b = list_volumes (conn, UUID_VG0, &n, &ok, &error);
  g_assert_no_error (error);
  g_assert_true (ok);
  g_assert_cmpuint (n, ==, 1);
  lv0 = g_hash_table_lookup (b->details, "lv0");
  g_assert_nonnull (lv0);
  g_assert_cmpuint (lv0->capacity, ==, 4 * GiB);
  g_assert_cmpstr (lv0->path, ==, "/dev/vg0/lv0");
}

static void
test_list_volumes_bogus (void)
{
  g_autoptr(VsmConnection) conn = vsm_test_open_fixture ("fixture-basic.xml");
  g_autoptr(GError) error = NULL;
  g_autoptr(Batches) b = NULL;
  guint n = 42;
  gboolean ok = TRUE;

  b = list_volumes (conn, UUID_NONE, &n, &ok, &error);
  g_assert_false (ok);
  g_assert_error (error, VSM_ERROR, VSM_ERROR_NOT_FOUND);
  g_assert_cmpuint (n, ==, 42);
  g_assert_cmpuint (b->n_batches, ==, 0);
}

static void
test_list_volumes_inactive (void)
{
  g_autoptr(VsmConnection) conn = vsm_test_open_fixture ("fixture-basic.xml");
  g_autoptr(GPtrArray) pools = list_pools (conn, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(Batches) b = NULL;
  guint n = 0;
  gboolean ok = TRUE;

  g_assert_true (vsm_test_pool_action (conn, UUID_BACKUP, VSM_POOL_ACTION_STOP, NULL));
  b = list_volumes (conn, UUID_BACKUP, &n, &ok, &error);
  g_assert_false (ok);
  g_assert_error (error, VSM_ERROR, VSM_ERROR_INVALID_STATE);
  g_assert_cmpuint (b->n_batches, ==, 0);
}

static void
test_list_domains (void)
{
  g_autoptr(VsmConnection) conn = vsm_test_open_fixture ("fixture-basic.xml");
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) domains = list_domains (conn, &error);
  VsmDomainSnapshot *vm1, *vm2;
  const VsmDiskSnapshot *d;

  g_assert_no_error (error);
  g_assert_nonnull (domains);
  g_assert_cmpuint (domains->len, ==, 2);

  vm1 = find_domain (domains, "vm1");
  vm2 = find_domain (domains, "vm2");
  g_assert_nonnull (vm1);
  g_assert_nonnull (vm2);

  g_assert_cmpstr (vm1->uuid, ==, "11111111-2222-3333-4444-5555555555a1");
  g_assert_cmpint (vm1->state, ==, VIR_DOMAIN_RUNNING);
  g_assert_true (vm1->persistent);
  g_assert_cmpuint (vm1->disks->len, ==, 2);
  d = g_ptr_array_index (vm1->disks, 0);
  g_assert_cmpstr (d->type, ==, "file");
  g_assert_cmpstr (d->device, ==, "disk");
  g_assert_cmpstr (d->source, ==, "/var/lib/libvirt/images/disk1.qcow2");
  g_assert_cmpstr (d->target_dev, ==, "vda");
  g_assert_cmpstr (d->target_bus, ==, "virtio");
  g_assert_false (d->readonly);
  d = g_ptr_array_index (vm1->disks, 1);
  g_assert_cmpstr (d->device, ==, "cdrom");
  g_assert_cmpstr (d->source, ==, "/var/lib/libvirt/images/install.iso");
  g_assert_cmpstr (d->target_dev, ==, "sdc");
  g_assert_true (d->readonly);

  g_assert_cmpstr (vm2->uuid, ==, "11111111-2222-3333-4444-5555555555a2");
  g_assert_cmpint (vm2->state, ==, VIR_DOMAIN_SHUTOFF);
  g_assert_cmpuint (vm2->disks->len, ==, 1);
  d = g_ptr_array_index (vm2->disks, 0);
  g_assert_cmpstr (d->type, ==, "volume");
  g_assert_cmpstr (d->pool, ==, "images");
  g_assert_cmpstr (d->volume, ==, "disk2.raw");
  g_assert_cmpstr (d->target_dev, ==, "vda");
}

static void
test_pool_totals (void)
{
  g_autoptr(VsmConnection) conn = vsm_test_open_fixture ("fixture-basic.xml");
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) error2 = NULL;
  guint64 sum = 0;
  guint n = 0;

  g_assert_true (pool_totals (conn, UUID_IMAGES, &sum, &n, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, 3);
  g_assert_cmpuint (sum, ==, 20 * GiB + 10 * GiB + 700 * MiB);

  g_assert_true (pool_totals (conn, UUID_BACKUP, &sum, &n, NULL));
  g_assert_cmpuint (n, ==, 1);
  g_assert_cmpuint (sum, ==, 8 * GiB);

  g_assert_true (pool_totals (conn, UUID_VG0, &sum, &n, NULL));
  g_assert_cmpuint (n, ==, 1);
  g_assert_cmpuint (sum, ==, 4 * GiB);

  /* NULL outputs are allowed. */
  g_assert_true (pool_totals (conn, UUID_VG0, NULL, NULL, NULL));

  sum = 7;
  g_assert_false (pool_totals (conn, UUID_NONE, &sum, &n, &error2));
  g_assert_error (error2, VSM_ERROR, VSM_ERROR_NOT_FOUND);
  g_assert_cmpuint (sum, ==, 7);
}

static void
test_xml (void)
{
  g_autoptr(VsmConnection) conn = vsm_test_open_fixture ("fixture-basic.xml");
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) error2 = NULL;
  g_autoptr(GError) error3 = NULL;
  g_autofree char *pxml = vsm_test_pool_xml (conn, UUID_IMAGES, &error);
  g_autofree char *vxml = NULL;
  g_autofree char *missing = NULL;
  g_autofree char *nopool = NULL;

  g_assert_no_error (error);
  g_assert_nonnull (pxml);
  g_assert_true (g_str_has_prefix (pxml, "<pool type='dir'>"));
  g_assert_nonnull (strstr (pxml, "<name>images</name>"));
  g_assert_nonnull (strstr (pxml, "<uuid>" UUID_IMAGES "</uuid>"));
  g_assert_nonnull (strstr (pxml, "<path>/var/lib/libvirt/images</path>"));

  vxml = vsm_test_dup_xml (conn, UUID_IMAGES, "disk1.qcow2", &error);
  g_assert_no_error (error);
  g_assert_nonnull (vxml);
  g_assert_nonnull (strstr (vxml, "<name>disk1.qcow2</name>"));
  g_assert_nonnull (strstr (vxml, "<capacity unit='bytes'>21474836480</capacity>"));
  g_assert_nonnull (strstr (vxml, "<format type='qcow2'/>"));

  missing = vsm_test_dup_xml (conn, UUID_IMAGES, "nope.img", &error2);
  g_assert_null (missing);
  g_assert_error (error2, VSM_ERROR, VSM_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error2->message, "nope.img"));

  nopool = vsm_test_pool_xml (conn, UUID_NONE, &error3);
  g_assert_null (nopool);
  g_assert_error (error3, VSM_ERROR, VSM_ERROR_NOT_FOUND);
}

static void
test_delete_volume (void)
{
  g_autoptr(VsmConnection) conn = vsm_test_open_fixture ("fixture-basic.xml");
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) error2 = NULL;
  g_autoptr(Batches) b = NULL;
  g_autoptr(VsmPoolSnapshot) snap = NULL;
  guint n = 0;
  gboolean ok = FALSE;

  g_assert_true (delete_volume (conn, UUID_IMAGES, "install.iso", &error));
  g_assert_no_error (error);

  b = list_volumes (conn, UUID_IMAGES, &n, &ok, NULL);
  g_assert_true (ok);
  g_assert_cmpuint (n, ==, 2);
  g_assert_false (g_ptr_array_find_with_equal_func (b->names, "install.iso", g_str_equal, NULL));
  g_assert_true (g_ptr_array_find_with_equal_func (b->names, "disk1.qcow2", g_str_equal, NULL));
  g_assert_null (g_hash_table_lookup (b->details, "install.iso"));

  /* The pool's allocation shrinks with it. */
  snap = vsm_test_get_pool (conn, UUID_IMAGES, NULL);
  g_assert_cmpuint (snap->allocation, ==, IMAGES_ALLOCATION - 700 * MiB);

  /* Deleting it again: not found. */
  g_assert_false (delete_volume (conn, UUID_IMAGES, "install.iso", &error2));
  g_assert_error (error2, VSM_ERROR, VSM_ERROR_NOT_FOUND);
}

static void
test_pool_actions (void)
{
  g_autoptr(VsmConnection) conn = vsm_test_open_fixture ("fixture-basic.xml");
  g_autoptr(GPtrArray) pools = list_pools (conn, NULL);
  g_autoptr(GError) error = NULL;
  VsmPoolSnapshot *snap;

  g_assert_cmpuint (pools->len, ==, 3);

  /* STOP */
  g_assert_true (vsm_test_pool_action (conn, UUID_IMAGES, VSM_POOL_ACTION_STOP, &error));
  g_assert_no_error (error);
  snap = vsm_test_get_pool (conn, UUID_IMAGES, &error);
  g_assert_no_error (error);
  g_assert_false (snap->active);
  g_assert_cmpint (snap->state, ==, VSM_POOL_STATE_INACTIVE);
  g_assert_true (snap->persistent);
  vsm_pool_snapshot_free (snap);

  /* START */
  g_assert_true (vsm_test_pool_action (conn, UUID_IMAGES, VSM_POOL_ACTION_START, &error));
  g_assert_no_error (error);
  snap = vsm_test_get_pool (conn, UUID_IMAGES, &error);
  g_assert_true (snap->active);
  g_assert_cmpint (snap->state, ==, VSM_POOL_STATE_RUNNING);
  vsm_pool_snapshot_free (snap);

  /* REFRESH */
  g_assert_true (vsm_test_pool_action (conn, UUID_IMAGES, VSM_POOL_ACTION_REFRESH, &error));
  g_assert_no_error (error);

  /* AUTOSTART on and off */
  g_assert_true (vsm_test_pool_action (conn, UUID_IMAGES, VSM_POOL_ACTION_AUTOSTART_ON, &error));
  g_assert_no_error (error);
  snap = vsm_test_get_pool (conn, UUID_IMAGES, NULL);
  g_assert_true (snap->autostart);
  vsm_pool_snapshot_free (snap);
  g_assert_true (vsm_test_pool_action (conn, UUID_IMAGES, VSM_POOL_ACTION_AUTOSTART_OFF, &error));
  g_assert_no_error (error);
  snap = vsm_test_get_pool (conn, UUID_IMAGES, NULL);
  g_assert_false (snap->autostart);
  vsm_pool_snapshot_free (snap);

  /* BUILD on an inactive pool, then DELETE its storage (still defined) */
  g_assert_true (vsm_test_pool_action (conn, UUID_BACKUP, VSM_POOL_ACTION_STOP, &error));
  g_assert_no_error (error);
  g_assert_true (vsm_test_pool_action (conn, UUID_BACKUP, VSM_POOL_ACTION_BUILD, &error));
  g_assert_no_error (error);
  g_assert_true (vsm_test_pool_action (conn, UUID_BACKUP, VSM_POOL_ACTION_DELETE, &error));
  g_assert_no_error (error);
  snap = vsm_test_get_pool (conn, UUID_BACKUP, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (snap->name, ==, "backup");
  g_assert_false (snap->active);
  vsm_pool_snapshot_free (snap);

  /* UNDEFINE */
  g_assert_true (vsm_test_pool_action (conn, UUID_BACKUP, VSM_POOL_ACTION_UNDEFINE, &error));
  g_assert_no_error (error);
  snap = vsm_test_get_pool (conn, UUID_BACKUP, &error);
  g_assert_null (snap);
  g_assert_error (error, VSM_ERROR, VSM_ERROR_NOT_FOUND);
  g_clear_error (&error);

  g_clear_pointer (&pools, g_ptr_array_unref);
  pools = list_pools (conn, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (pools->len, ==, 2);
  g_assert_null (find_pool (pools, "backup"));
}

static void
test_pool_action_errors (void)
{
  g_autoptr(VsmConnection) conn = vsm_test_open_fixture ("fixture-basic.xml");
  g_autoptr(GPtrArray) pools = list_pools (conn, NULL);
  g_autoptr(GError) error = NULL;

  /* START of an active pool: libvirt's OPERATION_INVALID, classified from
   * its code, with libvirt's message. */
  g_assert_false (vsm_test_pool_action (conn, UUID_IMAGES, VSM_POOL_ACTION_START, &error));
  g_assert_error (error, VSM_ERROR, VSM_ERROR_INVALID_STATE);
  g_test_message ("start of an active pool: %s", error->message);
  g_assert_true (g_str_has_prefix (error->message, "Requested operation is not valid"));
  g_assert_nonnull (strstr (error->message, "images"));
  g_clear_error (&error);

  /* BUILD of an active pool. */
  g_assert_false (vsm_test_pool_action (conn, UUID_IMAGES, VSM_POOL_ACTION_BUILD, &error));
  g_assert_error (error, VSM_ERROR, VSM_ERROR_INVALID_STATE);
  g_clear_error (&error);

  /* UNDEFINE and DELETE of an active pool. */
  g_assert_false (vsm_test_pool_action (conn, UUID_IMAGES, VSM_POOL_ACTION_UNDEFINE, &error));
  g_assert_error (error, VSM_ERROR, VSM_ERROR_INVALID_STATE);
  g_clear_error (&error);
  g_assert_false (vsm_test_pool_action (conn, UUID_IMAGES, VSM_POOL_ACTION_DELETE, &error));
  g_assert_error (error, VSM_ERROR, VSM_ERROR_INVALID_STATE);
  g_clear_error (&error);

  /* STOP of an inactive pool. */
  g_assert_true (vsm_test_pool_action (conn, UUID_VG0, VSM_POOL_ACTION_STOP, NULL));
  g_assert_false (vsm_test_pool_action (conn, UUID_VG0, VSM_POOL_ACTION_STOP, &error));
  g_assert_error (error, VSM_ERROR, VSM_ERROR_INVALID_STATE);
  g_clear_error (&error);

  /* REFRESH of an inactive pool. */
  g_assert_false (vsm_test_pool_action (conn, UUID_VG0, VSM_POOL_ACTION_REFRESH, &error));
  g_assert_error (error, VSM_ERROR, VSM_ERROR_INVALID_STATE);
  g_clear_error (&error);

  /* Unknown pools. */
  g_assert_false (vsm_test_pool_action (conn, UUID_NONE, VSM_POOL_ACTION_START, &error));
  g_assert_error (error, VSM_ERROR, VSM_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_false (vsm_test_pool_action (conn, UUID_NONE, VSM_POOL_ACTION_AUTOSTART_ON, &error));
  g_assert_error (error, VSM_ERROR, VSM_ERROR_NOT_FOUND);
}

static void
test_action_before_listing (void)
{
  g_autoptr(VsmConnection) conn = vsm_test_open_fixture ("fixture-basic.xml");
  g_autoptr(GError) error = NULL;
  g_autoptr(VsmPoolSnapshot) snap = NULL;

  /* Every action looks its pool up by UUID itself: no listing, no cache
   * of pool objects to fill first (the New Pool wizard starts a pool it
   * has just defined). */
  g_assert_true (vsm_test_pool_action (conn, UUID_IMAGES, VSM_POOL_ACTION_STOP, &error));
  g_assert_no_error (error);
  snap = vsm_test_get_pool (conn, UUID_IMAGES, NULL);
  g_assert_nonnull (snap);
  g_assert_false (snap->active);
  g_assert_true (vsm_test_pool_action (conn, UUID_IMAGES, VSM_POOL_ACTION_START, &error));
  g_assert_no_error (error);
}

static void
assert_all_fail (VsmConnection *conn)
{
  g_autoptr(GError) e1 = NULL;
  g_autoptr(GError) e2 = NULL;
  g_autoptr(GError) e3 = NULL;
  g_autoptr(GError) e4 = NULL;
  g_autoptr(GError) e5 = NULL;
  g_autoptr(GError) e6 = NULL;
  g_autoptr(GError) e7 = NULL;
  g_autoptr(GError) e8 = NULL;
  g_autoptr(GError) e9 = NULL;
  g_autoptr(GError) e10 = NULL;
  g_autoptr(Batches) b = NULL;
  g_autofree char *x1 = NULL;
  g_autofree char *x2 = NULL;
  guint n = 0;
  gboolean ok = TRUE;

  g_assert_null (list_pools (conn, &e1));
  g_assert_error (e1, VSM_ERROR, VSM_ERROR_CONNECTION);
  g_assert_null (vsm_test_get_pool (conn, UUID_IMAGES, &e2));
  g_assert_error (e2, VSM_ERROR, VSM_ERROR_CONNECTION);
  b = list_volumes (conn, UUID_IMAGES, &n, &ok, &e3);
  g_assert_false (ok);
  g_assert_error (e3, VSM_ERROR, VSM_ERROR_CONNECTION);
  g_assert_cmpuint (b->n_batches, ==, 0);
  g_assert_false (pool_totals (conn, UUID_IMAGES, NULL, NULL, &e4));
  g_assert_error (e4, VSM_ERROR, VSM_ERROR_CONNECTION);
  g_assert_null (list_domains (conn, &e5));
  g_assert_error (e5, VSM_ERROR, VSM_ERROR_CONNECTION);
  g_assert_false (vsm_test_pool_action (conn, UUID_IMAGES, VSM_POOL_ACTION_STOP, &e6));
  g_assert_error (e6, VSM_ERROR, VSM_ERROR_CONNECTION);
  g_assert_false (vsm_test_pool_action (conn, UUID_IMAGES, VSM_POOL_ACTION_REFRESH, &e7));
  g_assert_error (e7, VSM_ERROR, VSM_ERROR_CONNECTION);
  x1 = vsm_test_pool_xml (conn, UUID_IMAGES, &e8);
  g_assert_null (x1);
  g_assert_error (e8, VSM_ERROR, VSM_ERROR_CONNECTION);
  x2 = vsm_test_dup_xml (conn, UUID_IMAGES, "disk1.qcow2", &e9);
  g_assert_null (x2);
  g_assert_error (e9, VSM_ERROR, VSM_ERROR_CONNECTION);
  g_assert_false (delete_volume (conn, UUID_IMAGES, "disk1.qcow2", &e10));
  g_assert_error (e10, VSM_ERROR, VSM_ERROR_CONNECTION);
}

static void
test_not_connected (void)
{
  g_autofree char *uri = vsm_test_fixture_uri ("fixture-basic.xml");
  g_autoptr(VsmConnection) conn = vsm_connection_new (uri);

  assert_all_fail (conn);
  g_assert_cmpint (vsm_connection_get_state (conn), ==, VSM_CONNECTION_STATE_DISCONNECTED);
}

static void
test_open_invalid (void)
{
  g_autoptr(VsmConnection) conn = vsm_connection_new ("test:///nonexistent/file.xml");
  g_autoptr(GArray) states = g_array_new (FALSE, FALSE, sizeof (int));
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  GAsyncResult *slot = NULL;
  g_autofree char *prop_message = NULL;

  g_signal_connect (conn, "notify::state", G_CALLBACK (state_cb), states);
  vsm_connection_open_async (conn, NULL, vsm_test_store_result, &slot);
  result = vsm_test_wait_result (&slot, TIMEOUT);
  g_assert_false (vsm_connection_open_finish (conn, result, &error));
  g_assert_error (error, VSM_ERROR, VSM_ERROR_CONNECTION);
  g_test_message ("open failed: %s", error->message);

  g_assert_cmpint (vsm_connection_get_state (conn), ==, VSM_CONNECTION_STATE_FAILED);
  g_assert_cmpuint (states->len, ==, 2);
  g_assert_cmpint (g_array_index (states, int, 0), ==, VSM_CONNECTION_STATE_CONNECTING);
  g_assert_cmpint (g_array_index (states, int, 1), ==, VSM_CONNECTION_STATE_FAILED);
  g_assert_nonnull (vsm_connection_get_error_message (conn));
  g_assert_cmpstr (vsm_connection_get_error_message (conn), !=, "");
  /* libvirt's own text (naming the file), with no prefix of ours. */
  g_assert_false (g_str_has_prefix (vsm_connection_get_error_message (conn), "Unable to open"));
  g_assert_nonnull (strstr (vsm_connection_get_error_message (conn), "/nonexistent/file.xml"));
  g_assert_cmpstr (error->message, ==, vsm_connection_get_error_message (conn));
  g_object_get (conn, "error-message", &prop_message, NULL);
  g_assert_cmpstr (prop_message, ==, error->message);

  assert_all_fail (conn);
}

/* A remote URI whose host name does not resolve: that is said first,
 * libvirt's own message follows. Where this machine cannot tell (no
 * DNS: the lookup fails "temporarily"), libvirt's message stands alone. */
static void
test_open_unknown_host (void)
{
  g_autoptr(VsmConnection) conn = vsm_connection_new ("qemu+tcp://nohost.invalid/system");
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) lookup_error = NULL;
  g_autolist(GInetAddress) addresses = NULL;
  GAsyncResult *slot = NULL;
  const char *known = "The host name “nohost.invalid” is not known (it does not resolve to an address).\n";

  vsm_connection_open_async (conn, NULL, vsm_test_store_result, &slot);
  result = vsm_test_wait_result (&slot, TIMEOUT);
  g_assert_false (vsm_connection_open_finish (conn, result, &error));
  g_assert_error (error, VSM_ERROR, VSM_ERROR_CONNECTION);
  g_test_message ("open failed: %s", error->message);

  addresses = g_resolver_lookup_by_name (g_resolver_get_default (), "nohost.invalid", NULL, &lookup_error);
  g_assert_null (addresses);
  if (g_error_matches (lookup_error, G_RESOLVER_ERROR, G_RESOLVER_ERROR_NOT_FOUND))
    {
      g_assert_true (g_str_has_prefix (error->message, known));
      /* libvirt's message after it, untouched */
      g_assert_cmpuint (strlen (error->message), >, strlen (known));
    }
  else
    {
      g_test_message ("this machine cannot tell that the name does not exist: %s", lookup_error->message);
      g_assert_false (g_str_has_prefix (error->message, "The host name"));
    }
  g_assert_cmpstr (vsm_connection_get_error_message (conn), ==, error->message);
}

/* The SSH helpers without a host: which URIs get the ssh checks, the
 * fingerprint as `ssh-keygen -lf` prints it (a key made for this test:
 * "256 SHA256:+lP9TFI87uPlGXZjdHKClZNXjltmeoGWP3L1IXzCESE x (ED25519)"). */
static void
test_ssh_helpers (void)
{
  g_autofree char *fp = vsm_ssh_fingerprint ("AAAAC3NzaC1lZDI1NTE5AAAAIGPKl4IaJqPvB5O1SFDORMIEKIGpbZ9QzJ6aNNr6xPOl");

  g_assert_cmpstr (fp, ==, "SHA256:+lP9TFI87uPlGXZjdHKClZNXjltmeoGWP3L1IXzCESE");
  g_assert_null (vsm_ssh_fingerprint (""));

  g_assert_true (vsm_ssh_uri_is_ssh ("qemu+ssh://host/system"));
  g_assert_true (vsm_ssh_uri_is_ssh ("qemu+ssh://user@host:2222/system?socket=/run/x"));
  g_assert_false (vsm_ssh_uri_is_ssh ("qemu+ssh:///system"));
  g_assert_false (vsm_ssh_uri_is_ssh ("qemu+libssh://host/system"));
  g_assert_false (vsm_ssh_uri_is_ssh ("qemu+tcp://host/system"));
  g_assert_false (vsm_ssh_uri_is_ssh ("qemu:///system"));
  g_assert_false (vsm_ssh_uri_is_ssh ("test:///default"));
}

static void
count_finished (VsmAsk     *ask,
                GParamSpec *pspec,
                guint      *n)
{
  (*n)++;
}

/* A question answered before the worker waits; one cancelled while it
 * waits: "finished" turns TRUE once, on the main thread. */
static void
test_ask (void)
{
  g_autoptr(VsmAsk) answered = vsm_ask_new (VSM_ASK_PASSWORD, "alice", "host");
  g_autoptr(VsmAsk) cancelled = vsm_ask_new (VSM_ASK_HOST_KEY, NULL, "host");
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  char *password = NULL;
  guint n = 0;

  g_signal_connect (answered, "notify::finished", G_CALLBACK (count_finished), &n);
  vsm_ask_answer (answered, TRUE, "s3cret");
  vsm_ask_answer (answered, FALSE, NULL);   /* the first answer counts */
  g_assert_true (vsm_ask_get_finished (answered));
  g_assert_cmpuint (n, ==, 1);
  g_assert_true (vsm_ask_wait (answered, NULL, &password));
  g_assert_cmpstr (password, ==, "s3cret");
  vsm_secret_free (password);

  n = 0;
  g_signal_connect (cancelled, "notify::finished", G_CALLBACK (count_finished), &n);
  g_cancellable_cancel (cancellable);
  g_assert_false (vsm_ask_wait (cancelled, cancellable, &password));
  g_assert_null (password);
  VSM_WAIT_FOR (vsm_ask_get_finished (cancelled), TIMEOUT);
  vsm_ask_answer (cancelled, TRUE, "late");   /* too late: ignored */
  vsm_test_wait_idle (50);
  g_assert_cmpuint (n, ==, 1);
}

static void
test_close (void)
{
  g_autoptr(VsmConnection) conn = vsm_test_open_fixture ("fixture-basic.xml");
  g_autoptr(GPtrArray) pools = list_pools (conn, NULL);
  g_autoptr(GArray) states = g_array_new (FALSE, FALSE, sizeof (int));

  g_assert_nonnull (pools);
  g_signal_connect (conn, "notify::state", G_CALLBACK (state_cb), states);
  vsm_connection_close (conn);
  g_assert_cmpint (vsm_connection_get_state (conn), ==, VSM_CONNECTION_STATE_DISCONNECTED);
  g_assert_null (vsm_connection_get_error_message (conn));
  g_assert_false (vsm_connection_get_reconnecting (conn));
  g_assert_cmpuint (states->len, ==, 1);

  assert_all_fail (conn);

  /* Closing twice is harmless and silent. */
  vsm_connection_close (conn);
  g_assert_cmpuint (states->len, ==, 1);
}

static void
test_reconnect (void)
{
  g_autoptr(VsmConnection) conn = vsm_test_open_fixture ("fixture-basic.xml");
  g_autoptr(GError) error = NULL;
  g_autoptr(Batches) b = NULL;
  g_autoptr(GPtrArray) pools = NULL;
  guint n = 0;
  gboolean ok = FALSE;

  /* Change the private state, close, reconnect: a fresh open of the
   * fixture starts from the file again. */
  g_assert_true (delete_volume (conn, UUID_IMAGES, "install.iso", NULL));
  vsm_connection_close (conn);
  g_assert_cmpint (vsm_connection_get_state (conn), ==, VSM_CONNECTION_STATE_DISCONNECTED);

  vsm_connection_reconnect (conn);
  g_assert_cmpint (vsm_connection_get_state (conn), ==, VSM_CONNECTION_STATE_CONNECTING);
  /* A second reconnect while connecting is ignored. */
  vsm_connection_reconnect (conn);
  VSM_WAIT_FOR (vsm_connection_get_state (conn) == VSM_CONNECTION_STATE_CONNECTED, TIMEOUT);
  g_assert_false (vsm_connection_get_reconnecting (conn));

  pools = list_pools (conn, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (pools->len, ==, 3);
  b = list_volumes (conn, UUID_IMAGES, &n, &ok, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, 3);
}

static void
test_close_while_opening (void)
{
  g_autofree char *uri = vsm_test_fixture_uri ("fixture-basic.xml");
  g_autoptr(VsmConnection) conn = vsm_connection_new (uri);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  GAsyncResult *slot = NULL;

  vsm_connection_open_async (conn, NULL, vsm_test_store_result, &slot);
  vsm_connection_close (conn);
  g_assert_cmpint (vsm_connection_get_state (conn), ==, VSM_CONNECTION_STATE_DISCONNECTED);

  result = vsm_test_wait_result (&slot, TIMEOUT);
  g_assert_false (vsm_connection_open_finish (conn, result, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  /* The late open does not resurrect the connection. */
  g_assert_cmpint (vsm_connection_get_state (conn), ==, VSM_CONNECTION_STATE_DISCONNECTED);
  assert_all_fail (conn);
}

static void
test_cancelled (void)
{
  g_autoptr(VsmConnection) conn = vsm_test_open_fixture ("fixture-basic.xml");
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) pools = NULL;
  GAsyncResult *slot = NULL;

  g_cancellable_cancel (cancellable);
  vsm_connection_query_async (conn, &(VsmQuery) { .kind = VSM_QUERY_POOLS }, cancellable,
                              vsm_test_store_result, &slot);
  result = vsm_test_wait_result (&slot, TIMEOUT);
  pools = vsm_connection_query_finish (conn, result, &error);
  g_assert_null (pools);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

typedef struct
{
  char *uuid;
  int   event;
  guint count;
} PoolEvents;

static void
pool_event_cb (VsmConnection *conn,
               const char    *uuid,
               int            event,
               PoolEvents    *pe)
{
  if (event == VSM_POOL_EVENT_REFRESH)
    return;
  g_free (pe->uuid);
  pe->uuid = g_strdup (uuid);
  pe->event = event;
  pe->count++;
}

static void
test_own_pool_events (void)
{
  g_autoptr(VsmConnection) conn = vsm_test_open_fixture ("fixture-basic.xml");
  g_autoptr(GPtrArray) pools = list_pools (conn, NULL);
  PoolEvents pe = { NULL, -1, 0 };
  gulong id;

  id = g_signal_connect (conn, "pool-event", G_CALLBACK (pool_event_cb), &pe);
  g_assert_true (vsm_test_pool_action (conn, UUID_VG0, VSM_POOL_ACTION_STOP, NULL));
  VSM_WAIT_FOR (pe.count >= 1, 1000);
  g_assert_cmpstr (pe.uuid, ==, UUID_VG0);
  g_assert_cmpint (pe.event, ==, VSM_POOL_EVENT_STOPPED);

  g_assert_true (vsm_test_pool_action (conn, UUID_VG0, VSM_POOL_ACTION_START, NULL));
  VSM_WAIT_FOR (pe.count >= 2, 1000);
  g_assert_cmpint (pe.event, ==, VSM_POOL_EVENT_STARTED);

  g_signal_handler_disconnect (conn, id);
  g_free (pe.uuid);
}

static void
test_action_to_virsh (void)
{
  g_assert_cmpstr (vsm_pool_action_to_virsh (VSM_POOL_ACTION_START), ==, "pool-start");
  g_assert_cmpstr (vsm_pool_action_to_virsh (VSM_POOL_ACTION_STOP), ==, "pool-destroy");
  g_assert_cmpstr (vsm_pool_action_to_virsh (VSM_POOL_ACTION_REFRESH), ==, "pool-refresh");
  g_assert_cmpstr (vsm_pool_action_to_virsh (VSM_POOL_ACTION_BUILD), ==, "pool-build");
  g_assert_cmpstr (vsm_pool_action_to_virsh (VSM_POOL_ACTION_DELETE), ==, "pool-delete");
  g_assert_cmpstr (vsm_pool_action_to_virsh (VSM_POOL_ACTION_UNDEFINE), ==, "pool-undefine");
  g_assert_cmpstr (vsm_pool_action_to_virsh (VSM_POOL_ACTION_AUTOSTART_ON), ==, "pool-autostart");
  g_assert_cmpstr (vsm_pool_action_to_virsh (VSM_POOL_ACTION_AUTOSTART_OFF), ==, "pool-autostart --disable");
  g_assert_cmpstr (vsm_pool_action_to_virsh ((VsmPoolAction) 99), ==, "");
}

int
main (int   argc,
      char *argv[])
{
  vsm_test_init_libvirt ();
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/connection/open", test_open);
  g_test_add_func ("/connection/list-pools", test_list_pools);
  g_test_add_func ("/connection/get-pool", test_get_pool);
  g_test_add_func ("/connection/get-pool/bad-uuid", test_get_pool_bad_uuid);
  g_test_add_func ("/connection/list-volumes", test_list_volumes);
  g_test_add_func ("/connection/list-volumes/block", test_list_volumes_block);
  g_test_add_func ("/connection/list-volumes/bogus-pool", test_list_volumes_bogus);
  g_test_add_func ("/connection/list-volumes/inactive-pool", test_list_volumes_inactive);
  g_test_add_func ("/connection/list-domains", test_list_domains);
  g_test_add_func ("/connection/pool-totals", test_pool_totals);
  g_test_add_func ("/connection/xml", test_xml);
  g_test_add_func ("/connection/delete-volume", test_delete_volume);
  g_test_add_func ("/connection/pool-actions", test_pool_actions);
  g_test_add_func ("/connection/pool-action-errors", test_pool_action_errors);
  g_test_add_func ("/connection/action-before-listing", test_action_before_listing);
  g_test_add_func ("/connection/not-connected", test_not_connected);
  g_test_add_func ("/connection/open-invalid", test_open_invalid);
  g_test_add_func ("/connection/open-unknown-host", test_open_unknown_host);
  g_test_add_func ("/connection/close", test_close);
  g_test_add_func ("/connection/reconnect", test_reconnect);
  g_test_add_func ("/connection/close-while-opening", test_close_while_opening);
  g_test_add_func ("/connection/cancelled", test_cancelled);
  g_test_add_func ("/connection/own-pool-events", test_own_pool_events);
  g_test_add_func ("/connection/action-to-virsh", test_action_to_virsh);
  g_test_add_func ("/connection/ssh-helpers", test_ssh_helpers);
  g_test_add_func ("/connection/ask", test_ask);

  return g_test_run ();
}
