/* vsm-test-utils.c
 *
 * Copyright 2026 Virt Storage developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <libvirt-gobject/libvirt-gobject.h>

#include "vsm-test-utils.h"

/* One short blocking iteration: a timeout keeps the loop from sleeping
 * forever when nothing is pending. */
static gboolean
wake_cb (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

void
vsm_test_iterate (void)
{
  gboolean woke = FALSE;
  guint id = g_timeout_add (10, wake_cb, &woke);

  g_main_context_iteration (NULL, TRUE);
  if (!woke)
    g_source_remove (id);
}

/**
 * vsm_test_fixture_uri:
 * @fixture_name: a file in tests/data, e.g. "fixture-basic.xml"
 *
 * Returns: test:///ABSOLUTE/PATH — every open of it gets private state.
 */
char *
vsm_test_fixture_uri (const char *fixture_name)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", fixture_name, NULL);
  g_autofree char *abs = g_canonicalize_filename (path, NULL);

  return g_strdup_printf ("test://%s", abs);
}

void
vsm_test_store_result (GObject      *source,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  GAsyncResult **slot = user_data;

  *slot = g_object_ref (result);
}

/**
 * vsm_test_wait_result:
 *
 * Waits until vsm_test_store_result() filled @slot.
 *
 * Returns: (transfer full): the result
 */
GAsyncResult *
vsm_test_wait_result (GAsyncResult **slot,
                      guint          msec)
{
  VSM_WAIT_FOR (*slot != NULL, msec);
  return g_steal_pointer (slot);
}

void
vsm_test_init_libvirt (void)
{
  static gsize once = 0;

  if (g_once_init_enter (&once))
    {
      gvir_init_object (NULL, NULL);
      g_once_init_leave (&once, 1);
    }
}
