/* vsm-test-utils.h
 *
 * Copyright 2026 Virt Storage developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Iterates the default main context until COND holds; fails the test after
 * MSEC milliseconds. */
#define VSM_WAIT_FOR(cond, msec)                                              \
  G_STMT_START {                                                              \
    gint64 _vsm_deadline = g_get_monotonic_time () + (gint64) (msec) * 1000;  \
    while (!(cond))                                                           \
      {                                                                       \
        if (g_get_monotonic_time () > _vsm_deadline)                          \
          g_error ("%s:%d: timed out after %d ms waiting for: %s",            \
                   __FILE__, __LINE__, (int) (msec), #cond);                  \
        vsm_test_iterate ();                                                  \
      }                                                                       \
  } G_STMT_END

void          vsm_test_iterate        (void);
char         *vsm_test_fixture_uri    (const char   *fixture_name);
GAsyncResult *vsm_test_wait_result    (GAsyncResult **slot,
                                       guint          msec);
void          vsm_test_store_result   (GObject       *source,
                                       GAsyncResult  *result,
                                       gpointer       user_data);
void          vsm_test_init_libvirt   (void);

G_END_DECLS
