/* test-error.c: libvirt error mapping
 *
 * Uses libvirt's in-process test driver (no daemon) to provoke real errors.
 *
 * Copyright 2026 Virt Storage developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib.h>
#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>
#include <locale.h>
#include <string.h>

#include "vsm-virt-error.h"

static void
quiet_error_func (void        *data,
                  virErrorPtr  error)
{
  /* Keep libvirt from printing every provoked error on stderr. */
}

static void
test_code_mapping (void)
{
  const struct { int vir; VsmErrorCode vsm; int domain; } cases[] = {
    { VIR_ERR_NO_SUPPORT, VSM_ERROR_NOT_SUPPORTED },
    { VIR_ERR_ARGUMENT_UNSUPPORTED, VSM_ERROR_NOT_SUPPORTED },
    { VIR_ERR_NO_STORAGE_POOL, VSM_ERROR_NOT_FOUND },
    { VIR_ERR_NO_STORAGE_VOL, VSM_ERROR_NOT_FOUND },
    { VIR_ERR_NO_DOMAIN, VSM_ERROR_NOT_FOUND },
    { VIR_ERR_NO_SECRET, VSM_ERROR_NOT_FOUND },
    { VIR_ERR_NO_NODE_DEVICE, VSM_ERROR_NOT_FOUND },
    { VIR_ERR_OPERATION_INVALID, VSM_ERROR_INVALID_STATE },
    { VIR_ERR_ACCESS_DENIED, VSM_ERROR_PERMISSION_DENIED },
    { VIR_ERR_AUTH_FAILED, VSM_ERROR_PERMISSION_DENIED },
    { VIR_ERR_AUTH_CANCELLED, VSM_ERROR_PERMISSION_DENIED },
    { VIR_ERR_AUTH_UNAVAILABLE, VSM_ERROR_PERMISSION_DENIED },
    { VIR_ERR_NO_CONNECT, VSM_ERROR_CONNECTION },
    { VIR_ERR_INVALID_CONN, VSM_ERROR_CONNECTION },
    { VIR_ERR_RPC, VSM_ERROR_CONNECTION },
    /* a failed system call: of the client's socket, or of the daemon's
     * work ("Directory not empty" from the storage driver) */
    { VIR_ERR_SYSTEM_ERROR, VSM_ERROR_CONNECTION, VIR_FROM_RPC },
    { VIR_ERR_SYSTEM_ERROR, VSM_ERROR_CONNECTION, VIR_FROM_REMOTE },
    { VIR_ERR_SYSTEM_ERROR, VSM_ERROR_FAILED, VIR_FROM_STORAGE },
    { VIR_ERR_SYSTEM_ERROR, VSM_ERROR_FAILED, VIR_FROM_QEMU },
    { VIR_ERR_STORAGE_POOL_BUILT, VSM_ERROR_EXISTS },
    { VIR_ERR_DOM_EXIST, VSM_ERROR_EXISTS },
    { VIR_ERR_XML_ERROR, VSM_ERROR_INVALID_INPUT },
    { VIR_ERR_XML_DETAIL, VSM_ERROR_INVALID_INPUT },
    { VIR_ERR_INVALID_ARG, VSM_ERROR_INVALID_INPUT },
    { VIR_ERR_CONFIG_UNSUPPORTED, VSM_ERROR_INVALID_INPUT },
    { VIR_ERR_INTERNAL_ERROR, VSM_ERROR_FAILED },
    { VIR_ERR_OPERATION_FAILED, VSM_ERROR_FAILED },
    { VIR_ERR_OK, VSM_ERROR_FAILED },
    { -1, VSM_ERROR_FAILED },
    { 100000, VSM_ERROR_FAILED },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_test_message ("virErrorNumber %d, domain %d", cases[i].vir, cases[i].domain);
      g_assert_cmpint (vsm_error_code_from_virt (cases[i].vir, cases[i].domain), ==, cases[i].vsm);
    }
}

/* The codes libvirt fails a listing with when a pool holds more volumes
 * than its remote protocol carries (measured on a real daemon in
 * tests/system/test-big-pool.c), and none of the others: a candidate the
 * service confirms by counting, never by the message. */
static void
test_list_limit (void)
{
  /* virStoragePoolListAllVolumes of 17,000 volumes, libvirt 9.0 */
  g_assert_true (vsm_virt_error_is_list_limit (VIR_ERR_INTERNAL_ERROR, VIR_FROM_RPC));
  /* the protocol's array bounds ("too many remote strings") */
  g_assert_true (vsm_virt_error_is_list_limit (VIR_ERR_RPC, VIR_FROM_REMOTE));
  g_assert_true (vsm_virt_error_is_list_limit (VIR_ERR_RPC, VIR_FROM_RPC));

  g_assert_false (vsm_virt_error_is_list_limit (VIR_ERR_INTERNAL_ERROR, VIR_FROM_STORAGE));
  g_assert_false (vsm_virt_error_is_list_limit (VIR_ERR_INTERNAL_ERROR, VIR_FROM_REMOTE));
  g_assert_false (vsm_virt_error_is_list_limit (VIR_ERR_OPERATION_INVALID, VIR_FROM_STORAGE));
  g_assert_false (vsm_virt_error_is_list_limit (VIR_ERR_NO_STORAGE_POOL, VIR_FROM_STORAGE));
  g_assert_false (vsm_virt_error_is_list_limit (VIR_ERR_SYSTEM_ERROR, VIR_FROM_RPC));
  g_assert_false (vsm_virt_error_is_list_limit (VIR_ERR_OK, VIR_FROM_NONE));
}

static void
test_nicks (void)
{
  g_assert_cmpstr (vsm_error_code_nick (VSM_ERROR_FAILED), ==, "failed");
  g_assert_cmpstr (vsm_error_code_nick (VSM_ERROR_NOT_SUPPORTED), ==, "not-supported");
  g_assert_cmpstr (vsm_error_code_nick (VSM_ERROR_NOT_FOUND), ==, "not-found");
  g_assert_cmpstr (vsm_error_code_nick (VSM_ERROR_INVALID_STATE), ==, "invalid-state");
  g_assert_cmpstr (vsm_error_code_nick (VSM_ERROR_PERMISSION_DENIED), ==, "permission-denied");
  g_assert_cmpstr (vsm_error_code_nick (VSM_ERROR_CONNECTION), ==, "connection");
  g_assert_cmpstr (vsm_error_code_nick (VSM_ERROR_INVALID_INPUT), ==, "invalid-input");
  g_assert_cmpstr (vsm_error_code_nick (VSM_ERROR_EXISTS), ==, "exists");
  g_assert_cmpstr (vsm_error_code_nick ((VsmErrorCode) 999), ==, "unknown");
}

static void
test_quark (void)
{
  g_assert_cmpuint (VSM_ERROR, !=, 0);
  g_assert_cmpuint (VSM_ERROR, ==, vsm_error_quark ());
  g_assert_cmpstr (g_quark_to_string (VSM_ERROR), ==, "vsm-error-quark");
}

static void
test_set_from_real_error (void)
{
  virConnectPtr conn = virConnectOpen ("test:///default");
  virStoragePoolPtr pool;
  virStorageVolPtr vol;
  virErrorPtr last;
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) error2 = NULL;
  g_autofree char *expected = NULL;

  g_assert_nonnull (conn);

  /* A pool that does not exist. */
  pool = virStoragePoolLookupByName (conn, "nope");
  g_assert_null (pool);
  last = virGetLastError ();
  g_assert_nonnull (last);
  g_assert_cmpint (last->code, ==, VIR_ERR_NO_STORAGE_POOL);
  expected = g_strdup (last->message);

  vsm_error_set_from_virt (&error, "fallback must not be used");
  g_assert_error (error, VSM_ERROR, VSM_ERROR_NOT_FOUND);
  /* libvirt's own message is kept verbatim. */
  g_assert_cmpstr (error->message, ==, expected);
  g_assert_nonnull (strstr (error->message, "nope"));
  /* and the thread's last error is consumed */
  g_assert_null (virGetLastError ());

  /* A volume that does not exist, in a pool that does. */
  pool = virStoragePoolLookupByName (conn, "default-pool");
  g_assert_nonnull (pool);
  vol = virStorageVolLookupByName (pool, "no-such-volume.img");
  g_assert_null (vol);
  vsm_error_set_from_virt (&error2, NULL);
  g_assert_error (error2, VSM_ERROR, VSM_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error2->message, "no-such-volume.img"));
  virStoragePoolFree (pool);

  virConnectClose (conn);
}

static void
test_set_from_invalid_state (void)
{
  virConnectPtr conn = virConnectOpen ("test:///default");
  virStoragePoolPtr pool;
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (conn);
  pool = virStoragePoolLookupByName (conn, "default-pool");
  g_assert_nonnull (pool);
  g_assert_cmpint (virStoragePoolIsActive (pool), ==, 1);

  /* Starting an active pool is an invalid operation. */
  g_assert_cmpint (virStoragePoolCreate (pool, 0), <, 0);
  vsm_error_set_from_virt (&error, NULL);
  g_assert_error (error, VSM_ERROR, VSM_ERROR_INVALID_STATE);
  g_assert_nonnull (strstr (error->message, "default-pool"));

  virStoragePoolFree (pool);
  virConnectClose (conn);
}

static void
test_set_from_bad_xml (void)
{
  virConnectPtr conn = virConnectOpen ("test:///default");
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (conn);
  g_assert_null (virStoragePoolDefineXML (conn, "<pool type='dir'><name>x", 0));
  vsm_error_set_from_virt (&error, NULL);
  g_assert_error (error, VSM_ERROR, VSM_ERROR_INVALID_INPUT);
  g_assert_cmpstr (error->message, !=, "");
  virConnectClose (conn);
}

static void
test_set_without_error (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) error2 = NULL;

  virResetLastError ();
  vsm_error_set_from_virt (&error, "Could not do the thing");
  g_assert_error (error, VSM_ERROR, VSM_ERROR_FAILED);
  g_assert_cmpstr (error->message, ==, "Could not do the thing");

  vsm_error_set_from_virt (&error2, NULL);
  g_assert_error (error2, VSM_ERROR, VSM_ERROR_FAILED);
  g_assert_cmpstr (error2->message, ==, "Unknown libvirt error");

  /* A NULL location is tolerated and still clears libvirt's error. */
  g_assert_null (virStoragePoolLookupByName (NULL, "x"));
  g_assert_nonnull (virGetLastError ());
  vsm_error_set_from_virt (NULL, NULL);
  g_assert_null (virGetLastError ());
}

static gpointer
other_thread (gpointer data)
{
  GError *error = NULL;

  /* libvirt's last error is per thread: nothing is recorded here. */
  vsm_error_set_from_virt (&error, "other thread");
  return error;
}

static void
test_thread_local (void)
{
  virConnectPtr conn = virConnectOpen ("test:///default");
  g_autoptr(GError) theirs = NULL;
  g_autoptr(GError) mine = NULL;
  GThread *thread;

  g_assert_null (virStoragePoolLookupByName (conn, "nope"));
  thread = g_thread_new ("error", other_thread, NULL);
  theirs = g_thread_join (thread);
  g_assert_error (theirs, VSM_ERROR, VSM_ERROR_FAILED);
  g_assert_cmpstr (theirs->message, ==, "other thread");

  vsm_error_set_from_virt (&mine, NULL);
  g_assert_error (mine, VSM_ERROR, VSM_ERROR_NOT_FOUND);
  virConnectClose (conn);
}

/* One failing call per class, run in the current locale: returns the
 * codes and messages of the errors. */
typedef struct
{
  VsmErrorCode code[4];
  char        *message[4];
} Provoked;

static void
provoke (Provoked *out)
{
  virConnectPtr conn = virConnectOpen ("test:///default");
  virStoragePoolPtr pool;
  GError *error = NULL;
  guint i = 0;

  g_assert_nonnull (conn);
  /* not found */
  g_assert_null (virStoragePoolLookupByName (conn, "nope"));
  vsm_error_set_from_virt (&error, NULL);
  out->code[i] = error->code; out->message[i++] = g_strdup (error->message);
  g_clear_error (&error);
  /* invalid state: start an active pool */
  pool = virStoragePoolLookupByName (conn, "default-pool");
  g_assert_nonnull (pool);
  g_assert_cmpint (virStoragePoolCreate (pool, 0), <, 0);
  vsm_error_set_from_virt_conn (&error, conn, NULL);
  out->code[i] = error->code; out->message[i++] = g_strdup (error->message);
  g_clear_error (&error);
  virStoragePoolFree (pool);
  /* invalid input */
  g_assert_null (virStoragePoolDefineXML (conn, "<pool type='dir'><name>x", 0));
  vsm_error_set_from_virt (&error, NULL);
  out->code[i] = error->code; out->message[i++] = g_strdup (error->message);
  g_clear_error (&error);
  /* not supported: the test driver has no volume upload */
  pool = virStoragePoolLookupByName (conn, "default-pool");
  {
    virStorageVolPtr vol = virStorageVolCreateXML (pool, "<volume><name>u.img</name><capacity>1024</capacity></volume>", 0);
    virStreamPtr st = virStreamNew (conn, 0);

    g_assert_nonnull (vol);
    g_assert_cmpint (virStorageVolUpload (vol, st, 0, 1024, 0), <, 0);
    vsm_error_set_from_virt (&error, NULL);
    out->code[i] = error->code; out->message[i++] = g_strdup (error->message);
    g_clear_error (&error);
    virStreamFree (st);
    virStorageVolDelete (vol, 0);
    virStorageVolFree (vol);
  }
  virStoragePoolFree (pool);
  virConnectClose (conn);
}

/* The classification never depends on the language of libvirt's
 * messages: the same failures in Spanish (libvirt-l10n, es_ES.UTF-8, both
 * set up by build-aux/run-tests.sh) give the same codes while their
 * messages are translated. */
static void
test_translated_messages (void)
{
  Provoked en = { 0 }, es = { 0 };
  locale_t spanish = newlocale (LC_ALL_MASK, "es_ES.UTF-8", (locale_t) 0);
  locale_t old;
  guint translated = 0;

  if (spanish == (locale_t) 0)
    g_error ("the es_ES.UTF-8 locale is missing (build-aux/run-tests.sh generates it)");
  if (!g_file_test ("/usr/share/locale/es/LC_MESSAGES/libvirt.mo", G_FILE_TEST_EXISTS))
    g_error ("libvirt's Spanish messages are missing (libvirt-l10n; build-aux/run-tests.sh installs it)");

  provoke (&en);
  /* this thread only: libvirt's test driver runs in it, and gettext
   * follows the thread's locale */
  old = uselocale (spanish);
  provoke (&es);
  uselocale (old);
  freelocale (spanish);

  for (guint i = 0; i < G_N_ELEMENTS (en.code); i++)
    {
      g_test_message ("%s: \"%s\" | \"%s\"", vsm_error_code_nick (en.code[i]), en.message[i], es.message[i]);
      /* same class in both languages */
      g_assert_cmpint (es.code[i], ==, en.code[i]);
      if (g_strcmp0 (es.message[i], en.message[i]) != 0)
        translated++;
      g_free (en.message[i]);
      g_free (es.message[i]);
    }
  /* and the messages really were in Spanish */
  g_assert_cmpuint (translated, >=, 3);
  g_assert_cmpint (en.code[0], ==, VSM_ERROR_NOT_FOUND);
  g_assert_cmpint (en.code[1], ==, VSM_ERROR_INVALID_STATE);
  g_assert_cmpint (en.code[2], ==, VSM_ERROR_INVALID_INPUT);
  g_assert_cmpint (en.code[3], ==, VSM_ERROR_NOT_SUPPORTED);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  virSetErrorFunc (NULL, quiet_error_func);
  g_assert_cmpint (virInitialize (), ==, 0);

  g_test_add_func ("/error/code-mapping", test_code_mapping);
  g_test_add_func ("/error/list-limit", test_list_limit);
  g_test_add_func ("/error/nicks", test_nicks);
  g_test_add_func ("/error/quark", test_quark);
  g_test_add_func ("/error/set-from-virt/not-found", test_set_from_real_error);
  g_test_add_func ("/error/set-from-virt/invalid-state", test_set_from_invalid_state);
  g_test_add_func ("/error/set-from-virt/bad-xml", test_set_from_bad_xml);
  g_test_add_func ("/error/set-from-virt/no-error", test_set_without_error);
  g_test_add_func ("/error/set-from-virt/thread-local", test_thread_local);
  g_test_add_func ("/error/set-from-virt/translated-messages", test_translated_messages);

  return g_test_run ();
}
