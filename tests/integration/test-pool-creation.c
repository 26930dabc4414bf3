/* test-pool-creation.c: VsmPoolCreation (the New Pool sequence with its
 * rollback) on the test driver, without GTK
 *
 * Copyright 2026 Virt Storage developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gio/gio.h>

#include "vsm-host.h"
#include "vsm-pool-creation.h"
#include "vsm-test-utils.h"

#define TIMEOUT 10000

typedef struct
{
  GString *log;   /* "define:running define:done …" */
} Watch;

static const char *
step_name (VsmCreateStep step)
{
  static const char * const names[] = {
    "remove-partial", "secret", "define", "build", "start", "autostart", "refresh",
  };

  g_assert_cmpuint (step, <, G_N_ELEMENTS (names));
  return names[step];
}

static void
step_changed_cb (VsmPoolCreation *creation,
                 guint            step,
                 guint            state,
                 Watch           *w)
{
  static const char * const states[] = { "pending", "running", "done", "failed" };

  if (w->log->len > 0)
    g_string_append_c (w->log, ' ');
  g_string_append_printf (w->log, "%s:%s", step_name (step), states[state]);
}

static char *
plan_string (VsmPoolCreation   *creation,
             const VsmPoolSpec *spec)
{
  VsmCreateStep steps[VSM_CREATE_N_STEPS];
  guint n = vsm_pool_creation_plan (creation, spec, steps);
  g_autoptr(GString) s = g_string_new (NULL);

  for (guint i = 0; i < n; i++)
    {
      g_string_append_printf (s, "%s%s", i ? " " : "", step_name (steps[i]));
      g_assert_cmpstr (vsm_create_step_label (steps[i], spec), !=, "");
    }
  return g_string_free (g_steal_pointer (&s), FALSE);
}

static VsmPoolSpec *
dir_spec (const char *name)
{
  VsmPoolSpec *spec = vsm_pool_spec_new ("dir");

  spec->name = g_strdup (name);
  spec->target_path = g_strdup_printf ("/var/lib/libvirt/images/%s", name);
  spec->persistent = TRUE;
  spec->build = VSM_BUILD_DEFAULT;
  spec->start = TRUE;
  spec->autostart = TRUE;
  return spec;
}

static gboolean
run (VsmPoolCreation   *creation,
     const VsmPoolSpec *spec,
     GError           **error)
{
  GAsyncResult *slot = NULL;
  g_autoptr(GAsyncResult) result = NULL;

  vsm_pool_creation_run_async (creation, spec, NULL, NULL, vsm_test_store_result, &slot);
  g_assert_true (vsm_pool_creation_get_running (creation));
  result = vsm_test_wait_result (&slot, TIMEOUT);
  g_assert_false (vsm_pool_creation_get_running (creation));
  return vsm_pool_creation_run_finish (creation, result, error);
}

static VsmHost *
open_host (void)
{
  g_autofree char *uri = vsm_test_fixture_uri ("fixture-basic.xml");

  return vsm_test_host_new_loaded (uri);
}

/* Which steps a spec takes: the same table the Creating page lists. */
static void
test_plan (void)
{
  g_autoptr(VsmHost) host = open_host ();
  g_autoptr(VsmPoolCreation) creation = vsm_pool_creation_new (host);
  g_autoptr(VsmPoolSpec) spec = dir_spec ("plan");
  g_autofree char *p1 = NULL, *p2 = NULL, *p3 = NULL, *p4 = NULL;

  p1 = plan_string (creation, spec);
  g_assert_cmpstr (p1, ==, "define build start autostart refresh");

  spec->build = VSM_BUILD_NONE;
  spec->autostart = FALSE;
  p2 = plan_string (creation, spec);
  g_assert_cmpstr (p2, ==, "define start refresh");

  /* a transient pool is built and started by pool-create itself */
  spec->persistent = FALSE;
  spec->build = VSM_BUILD_OVERWRITE;
  p3 = plan_string (creation, spec);
  g_assert_cmpstr (p3, ==, "define refresh");

  spec->persistent = TRUE;
  spec->start = FALSE;
  spec->secret_usage = g_strdup ("plan-secret");
  p4 = plan_string (creation, spec);
  g_assert_cmpstr (p4, ==, "secret define build");
  g_assert_cmpstr (vsm_create_step_label (VSM_CREATE_STEP_BUILD, spec), ==,
                   "Build the pool, overwriting the device (pool-build --overwrite)");
}

/* Every step runs in order; the host then lists the pool, running and
 * started with the host. */
static void
test_success (void)
{
  g_autoptr(VsmHost) host = open_host ();
  g_autoptr(VsmPoolCreation) creation = vsm_pool_creation_new (host);
  g_autoptr(VsmPoolSpec) spec = dir_spec ("made");
  g_autoptr(GError) error = NULL;
  Watch w = { g_string_new (NULL) };
  VsmPool *pool = NULL;

  g_signal_connect (creation, "step-changed", G_CALLBACK (step_changed_cb), &w);
  g_assert_true (run (creation, spec, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (w.log->str, ==,
                   "define:running define:done build:running build:done start:running start:done "
                   "autostart:running autostart:done refresh:running refresh:done");
  g_assert_nonnull (vsm_pool_creation_get_created_uuid (creation));
  VSM_WAIT_FOR ((pool = vsm_host_find_pool (host, vsm_pool_creation_get_created_uuid (creation))) != NULL &&
                vsm_pool_get_active (pool), TIMEOUT);
  g_assert_cmpstr (vsm_pool_get_name (pool), ==, "made");
  g_assert_true (vsm_pool_get_autostart (pool));
  g_assert_true (vsm_pool_get_persistent (pool));
  g_string_free (w.log, TRUE);
}

/* A step after define fails: the pool stays (half-created) and says so;
 * the next run removes it first; remove_partial undefines it. */
static void
test_failure_and_rollback (void)
{
  g_autoptr(VsmHost) host = open_host ();
  g_autoptr(VsmPoolCreation) creation = vsm_pool_creation_new (host);
  g_autoptr(VsmPoolSpec) spec = dir_spec ("half");
  g_autoptr(GError) error = NULL;
  g_autofree char *first = NULL;
  g_autofree char *plan = NULL;
  GAsyncResult *slot = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  Watch w = { g_string_new (NULL) };
  VsmPool *pool = NULL;

  /* the test driver refuses every build flag */
  spec->build = VSM_BUILD_OVERWRITE;
  g_signal_connect (creation, "step-changed", G_CALLBACK (step_changed_cb), &w);
  g_assert_false (run (creation, spec, &error));
  g_assert_nonnull (error);
  g_test_message ("build failed: %s", error->message);
  g_clear_error (&error);
  g_assert_cmpstr (w.log->str, ==, "define:running define:done build:running build:failed");
  first = g_strdup (vsm_pool_creation_get_created_uuid (creation));
  g_assert_nonnull (first);
  vsm_host_reload (host);
  VSM_WAIT_FOR ((pool = vsm_host_find_pool (host, first)) != NULL, TIMEOUT);
  g_assert_false (vsm_pool_get_active (pool));

  /* a second run starts by removing the first one's pool, else define
   * would fail with "already exists"; it fails at build again */
  plan = plan_string (creation, spec);
  g_assert_cmpstr (plan, ==, "remove-partial define build start autostart refresh");
  g_string_truncate (w.log, 0);
  g_assert_false (run (creation, spec, &error));
  g_assert_cmpstr (w.log->str, ==,
                   "remove-partial:running remove-partial:done define:running define:done "
                   "build:running build:failed");
  g_clear_error (&error);
  g_assert_nonnull (vsm_pool_creation_get_created_uuid (creation));
  g_assert_cmpstr (vsm_pool_creation_get_created_uuid (creation), !=, first);
  vsm_host_reload (host);
  VSM_WAIT_FOR (vsm_host_find_pool (host, first) == NULL &&
                vsm_host_find_pool (host, vsm_pool_creation_get_created_uuid (creation)) != NULL, TIMEOUT);

  /* removing it leaves nothing behind */
  vsm_pool_creation_remove_partial_async (creation, NULL, vsm_test_store_result, &slot);
  result = vsm_test_wait_result (&slot, TIMEOUT);
  g_assert_true (vsm_pool_creation_remove_partial_finish (creation, result, &error));
  g_assert_no_error (error);
  g_assert_null (vsm_pool_creation_get_created_uuid (creation));
  VSM_WAIT_FOR (vsm_host_find_pool_by_name (host, "half") == NULL, TIMEOUT);

  /* without the refused flag the same spec goes through */
  spec->build = VSM_BUILD_DEFAULT;
  g_assert_true (run (creation, spec, &error));
  g_assert_no_error (error);
  VSM_WAIT_FOR ((pool = vsm_host_find_pool_by_name (host, "half")) != NULL && vsm_pool_get_active (pool), TIMEOUT);
  g_string_free (w.log, TRUE);
}

/* define itself fails (the name is taken): nothing was created. */
static void
test_define_fails (void)
{
  g_autoptr(VsmHost) host = open_host ();
  g_autoptr(VsmPoolCreation) creation = vsm_pool_creation_new (host);
  g_autoptr(VsmPoolSpec) spec = dir_spec ("images");   /* in fixture-basic.xml */
  g_autoptr(GError) error = NULL;
  guint n_pools = vsm_keyed_list_get_n_items (vsm_host_get_pools (host));

  g_assert_false (run (creation, spec, &error));
  g_assert_nonnull (error);
  g_test_message ("define failed: %s", error->message);
  g_assert_null (vsm_pool_creation_get_created_uuid (creation));
  vsm_test_wait_idle (100);
  g_assert_cmpuint (vsm_keyed_list_get_n_items (vsm_host_get_pools (host)), ==, n_pools);
}

int
main (int   argc,
      char *argv[])
{
  vsm_test_init_libvirt ();
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/pool-creation/plan", test_plan);
  g_test_add_func ("/pool-creation/success", test_success);
  g_test_add_func ("/pool-creation/failure-and-rollback", test_failure_and_rollback);
  g_test_add_func ("/pool-creation/define-fails", test_define_fails);

  return g_test_run ();
}
