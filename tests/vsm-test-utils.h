/* vsm-test-utils.h
 *
 * Copyright 2026 Virt Storage developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "vsm-connection.h"
#include "vsm-host.h"
#include "vsm-volume.h"
#include "vsm-volume-spec.h"

G_BEGIN_DECLS

/* How long the shared helpers wait for libvirt or the UI, in ms (the tests' TIMEOUT). */
#define VSM_TEST_TIMEOUT 10000

/* Iterates the default main context until COND holds; fails the test after
 * MSEC milliseconds, times VSM_TEST_TIMEOUT_SCALE (an integer from the
 * environment, default 1: the 'sanitize' and 'valgrind' test setups raise
 * it because everything runs several times slower under them). */
#define VSM_WAIT_FOR(cond, msec)                                              \
  G_STMT_START {                                                              \
    gint64 _vsm_msec = (gint64) (msec) * vsm_test_timeout_scale ();           \
    gint64 _vsm_deadline = g_get_monotonic_time () + _vsm_msec * 1000;        \
    while (!(cond))                                                           \
      {                                                                       \
        if (g_get_monotonic_time () > _vsm_deadline)                          \
          g_error ("%s:%d: timed out after %d ms waiting for: %s",            \
                   __FILE__, __LINE__, (int) _vsm_msec, #cond);               \
        vsm_test_iterate ();                                                  \
      }                                                                       \
  } G_STMT_END

void          vsm_test_iterate        (void);
guint         vsm_test_timeout_scale  (void);
char         *vsm_test_fixture_uri    (const char   *fixture_name);
GAsyncResult *vsm_test_wait_result    (GAsyncResult **slot,
                                       guint          msec);
void          vsm_test_store_result   (GObject       *source,
                                       GAsyncResult  *result,
                                       gpointer       user_data);
void          vsm_test_init_libvirt   (void);
void          vsm_test_drop_debug_logs (void);
void          vsm_test_wait_idle      (guint          msec);
void          vsm_test_count_notify   (GObject       *object,
                                       GParamSpec    *pspec,
                                       gpointer       counter);

/* The private libvirtd/virtlogd pair of a system suite, which
 * tests/system/run-system-test.sh starts and describes in the environment
 * (VSM_PRIVATE_URI, _DIR, _DAEMON, VSM_TEST_WORK_DIR, VSM_TEST_GUEST_TYPE).
 * Each exits with a TAP bail-out when the test was not run that way. */
const char *vsm_test_system_uri        (void);
/* Runs the daemon's control script: "start", "stop", "kill9", "restart". */
GSubprocess *vsm_test_system_daemon_spawn (const char *command);
/* libvirtd's pid, from its own pid file (never by process name). */
GPid        vsm_test_system_daemon_pid (void);
/* @path as the daemon sees it: /proc/PID/root/@path (its mount namespace). */
char       *vsm_test_system_daemon_path (const char *path);
/* VSM_TEST_WORK_DIR/@name: scratch space removed with the fixture. */
char       *vsm_test_system_work_path  (const char *name);
/* How the app's virsh lines start for @uri: "virsh", or "virsh -c URI"
 * (shell-quoted where needed) for anything but qemu:///system. */
char       *vsm_test_virsh             (const char *uri);
/* "kvm" or "qemu" (TCG), as the runner chose. */
const char *vsm_test_system_guest_type (void);

/* Asserts @xml is valid against libvirt's @schema_name ("storagepool.rng",
 * "domain.rng", …; skipped with a message where the schemas are missing). */
void             vsm_test_assert_valid_xml (const char *xml,
                                            const char *schema_name);

VsmConnection   *vsm_test_open_uri      (const char     *uri);
VsmConnection   *vsm_test_open_fixture  (const char     *fixture_name);
VsmPoolSnapshot *vsm_test_get_pool      (VsmConnection  *conn,
                                         const char     *uuid,
                                         GError        **error);
gboolean         vsm_test_pool_action   (VsmConnection  *conn,
                                         const char     *uuid,
                                         VsmPoolAction   action,
                                         GError        **error);
char            *vsm_test_dup_xml       (VsmConnection  *conn,
                                         const char     *uuid,
                                         const char     *volume_name,
                                         GError        **error);
char            *vsm_test_pool_xml      (VsmConnection  *conn,
                                         const char     *uuid,
                                         GError        **error);
char            *vsm_test_pool_definition (VsmConnection  *conn,
                                           const char     *uuid,
                                           GError        **error);

VsmHost       *vsm_test_host_new_loaded (const char   *uri);
gboolean       vsm_test_volumes_ready   (VsmPool      *pool);
VsmVolume     *vsm_test_find_volume     (VsmPool      *pool,
                                         const char   *name);
VsmVolumeSpec *vsm_test_volume_spec     (const char   *name,
                                         const char   *format,
                                         guint64       capacity,
                                         VsmPrealloc   prealloc);

G_END_DECLS
