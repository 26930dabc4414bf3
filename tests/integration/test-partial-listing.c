/* test-partial-listing.c
 *
 * A pool bigger than libvirt's remote protocol lists (16,384 volumes,
 * VSM_VOLUME_LIST_MAX), on the in-process test driver, which has no such
 * limit: the connection's limit is lowered to 2 for the "images" pool of
 * tests/data/fixture-basic.xml (3 volumes), so the loader lists it the way
 * it lists a bigger pool on a real daemon (the first names through
 * virStoragePoolListVolumes, details per name, how many the pool holds),
 * and the model says so and finds the others by exact name. The real
 * daemon's own refusal is tested in tests/system/test-big-pool.c.
 *
 * Copyright 2026 Virt Storage developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "vsm-connection-private.h"
#include "vsm-error.h"
#include "vsm-test-utils.h"

#define TIMEOUT 10000
#define UUID_IMAGES "11111111-2222-3333-4444-555555555501"
#define LIMIT 2

static const char * const images_volumes[] = { "disk1.qcow2", "disk2.raw", "install.iso", NULL };

typedef struct
{
  GPtrArray *names;     /* from the names batches */
  GPtrArray *details;   /* from the details batches */
  gboolean   partial;   /* names listed without handles carry no key */
} Batches;

static void
record_batch (GObject    *target,
              const char *pool_uuid,
              GPtrArray  *batch,
              gboolean    names_only)
{
  Batches *b = g_object_get_data (target, "batches");

  g_assert_cmpstr (pool_uuid, ==, UUID_IMAGES);
  for (guint i = 0; i < batch->len; i++)
    {
      const VsmVolumeSnapshot *snap = g_ptr_array_index (batch, i);

      if (names_only)
        {
          /* names without handles (a partial listing): no key yet */
          if (b->partial)
            g_assert_null (snap->key);
          else
            g_assert_nonnull (snap->key);
          g_assert_false (snap->has_details);
          g_ptr_array_add (b->names, g_strdup (snap->name));
        }
      else
        {
          g_assert_true (snap->has_details);
          g_assert_nonnull (snap->key);
          g_ptr_array_add (b->details, g_strdup (snap->name));
        }
    }
}

/* The service: the first LIMIT names, the details of each, and how many
 * the pool holds. */
static void
test_connection_lists_first (void)
{
  g_autoptr(VsmConnection) conn = vsm_test_open_fixture ("fixture-basic.xml");
  g_autoptr(GObject) target = g_object_new (G_TYPE_OBJECT, NULL);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) details = g_ptr_array_new_with_free_func (g_free);
  Batches b = { names, details, TRUE };
  g_autoptr(GAsyncResult) result = NULL;
  GAsyncResult *slot = NULL;
  g_autoptr(GError) error = NULL;
  VsmVolumeListing listing = { 0 };

  _vsm_connection_set_volume_list_limit (conn, LIMIT);
  g_object_set_data (target, "batches", &b);
  vsm_connection_list_volumes_async (conn, UUID_IMAGES, target, record_batch, NULL, vsm_test_store_result, &slot);
  result = vsm_test_wait_result (&slot, TIMEOUT);
  g_assert_true (vsm_connection_list_volumes_finish (conn, result, &listing, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (listing.n_listed, ==, LIMIT);
  g_assert_cmpuint (listing.n_in_pool, ==, 3);
  g_assert_cmpuint (listing.limit, ==, LIMIT);
  g_assert_cmpuint (names->len, ==, LIMIT);
  g_assert_cmpuint (details->len, ==, LIMIT);
  for (guint i = 0; i < names->len; i++)
    {
      g_assert_true (g_strv_contains (images_volumes, g_ptr_array_index (names, i)));
      g_assert_true (g_ptr_array_find_with_equal_func (details, g_ptr_array_index (names, i), g_str_equal, NULL));
    }

  /* the default limit lists the pool whole */
  g_clear_object (&result);
  g_ptr_array_set_size (names, 0);
  g_ptr_array_set_size (details, 0);
  b.partial = FALSE;
  _vsm_connection_set_volume_list_limit (conn, VSM_VOLUME_LIST_MAX);
  vsm_connection_list_volumes_async (conn, UUID_IMAGES, target, record_batch, NULL, vsm_test_store_result, &slot);
  result = vsm_test_wait_result (&slot, TIMEOUT);
  g_assert_true (vsm_connection_list_volumes_finish (conn, result, &listing, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (listing.n_listed, ==, 3);
  g_assert_cmpuint (listing.n_in_pool, ==, 3);
  g_assert_cmpuint (names->len, ==, 3);
  g_assert_cmpuint (details->len, ==, 3);
}

static VsmVolume *
look_up (VsmHost     *host,
         VsmPool     *pool,
         const char  *name,
         GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;
  GAsyncResult *slot = NULL;

  vsm_host_look_up_volume_async (host, pool, name, NULL, vsm_test_store_result, &slot);
  result = vsm_test_wait_result (&slot, TIMEOUT);
  return vsm_host_look_up_volume_finish (host, result, error);
}

/* The model: partial, how many the pool holds, its overcommit unknown;
 * the unlisted volume found by its exact name, a name the pool lacks
 * refused; a complete listing ends it all. */
static void
test_host_partial_pool (void)
{
  g_autofree char *uri = vsm_test_fixture_uri ("fixture-basic.xml");
  g_autoptr(VsmHost) host = vsm_test_host_new_loaded (uri);
  VsmPool *pool = vsm_host_find_pool (host, UUID_IMAGES);
  VsmKeyedList *volumes = vsm_pool_get_volumes (pool);
  g_autoptr(VsmVolume) found = NULL;
  g_autoptr(GError) error = NULL;
  const char *unlisted = NULL;

  _vsm_connection_set_volume_list_limit (vsm_host_get_connection (host), LIMIT);
  vsm_host_load_volumes (host, pool);
  VSM_WAIT_FOR (vsm_test_volumes_ready (pool), TIMEOUT);
  g_assert_true (vsm_pool_get_volumes_partial (pool));
  g_assert_cmpuint (vsm_pool_get_volumes_in_pool (pool), ==, 3);
  g_assert_cmpuint (vsm_pool_get_list_limit (pool), ==, LIMIT);
  g_assert_cmpuint (vsm_keyed_list_get_n_items (volumes), ==, LIMIT);
  g_assert_null (vsm_pool_get_volumes_error (pool));
  g_assert_false (vsm_pool_get_totals_known (pool));

  for (guint i = 0; images_volumes[i] != NULL; i++)
    if (vsm_keyed_list_lookup (volumes, images_volumes[i]) == NULL)
      unlisted = images_volumes[i];
  g_assert_nonnull (unlisted);

  found = look_up (host, pool, unlisted, &error);
  g_assert_no_error (error);
  g_assert_nonnull (found);
  g_assert_true (vsm_keyed_list_lookup (volumes, unlisted) == found);
  g_assert_true (vsm_volume_get_has_details (found));
  g_assert_nonnull (vsm_volume_get_path (found));
  g_assert_nonnull (vsm_volume_get_key (found));
  g_assert_cmpuint (vsm_keyed_list_get_n_items (volumes), ==, LIMIT + 1);

  g_assert_null (look_up (host, pool, "no-such-volume.img", &error));
  g_assert_error (error, VSM_ERROR, VSM_ERROR_NOT_FOUND);
  g_clear_error (&error);
  /* exact names only: a part of one is not a volume */
  g_assert_null (look_up (host, pool, "disk", &error));
  g_assert_error (error, VSM_ERROR, VSM_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* listed whole again: not partial, the totals known */
  _vsm_connection_set_volume_list_limit (vsm_host_get_connection (host), VSM_VOLUME_LIST_MAX);
  vsm_host_load_volumes (host, pool);
  VSM_WAIT_FOR (vsm_test_volumes_ready (pool), TIMEOUT);
  g_assert_false (vsm_pool_get_volumes_partial (pool));
  g_assert_cmpuint (vsm_keyed_list_get_n_items (volumes), ==, 3);
  g_assert_true (vsm_pool_get_totals_known (pool));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  vsm_test_init_libvirt ();

  g_test_add_func ("/partial-listing/connection", test_connection_lists_first);
  g_test_add_func ("/partial-listing/host", test_host_partial_pool);

  return g_test_run ();
}
