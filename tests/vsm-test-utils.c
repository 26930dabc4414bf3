/* vsm-test-utils.c
 *
 * Copyright 2026 Virt Storage developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <libvirt-gobject/libvirt-gobject.h>
#include <libxml/parser.h>
#include <libxml/relaxng.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vsm-test-utils.h"
#include "vsm-event-loop.h"
#include "vsm-xml-check.h"

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

/* VSM_TEST_TIMEOUT_SCALE from the environment (1 to 100), else 1. */
guint
vsm_test_timeout_scale (void)
{
  const char *env = g_getenv ("VSM_TEST_TIMEOUT_SCALE");
  guint64 v = env != NULL ? g_ascii_strtoull (env, NULL, 10) : 0;

  return v >= 1 && v <= 100 ? (guint) v : 1;
}

static const char *
system_env (const char *name)
{
  const char *v = g_getenv (name);

  if (v == NULL || *v == '\0')
    {
      printf ("Bail out! %s is not set: run this test through tests/system/run-system-test.sh "
              "(meson test does)\n", name);
      fflush (stdout);
      exit (1);
    }
  return v;
}

const char *
vsm_test_system_uri (void)
{
  return system_env ("VSM_PRIVATE_URI");
}

GSubprocess *
vsm_test_system_daemon_spawn (const char *command)
{
  g_autoptr(GError) error = NULL;
  GSubprocess *proc = g_subprocess_newv ((const char *[]) { system_env ("VSM_PRIVATE_DAEMON"), command,
                                                             system_env ("VSM_PRIVATE_DIR"), NULL },
                                         G_SUBPROCESS_FLAGS_STDOUT_SILENCE, &error);

  g_assert_no_error (error);
  return proc;
}

GPid
vsm_test_system_daemon_pid (void)
{
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  GPid pid;

  proc = g_subprocess_newv ((const char *[]) { system_env ("VSM_PRIVATE_DAEMON"), "pid",
                                               system_env ("VSM_PRIVATE_DIR"), NULL },
                            G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_SILENCE, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (proc, NULL, NULL, &out, NULL, &error);
  g_assert_no_error (error);
  pid = (GPid) g_ascii_strtoll (out ? out : "", NULL, 10);
  if (!g_subprocess_get_successful (proc) || pid <= 1)
    g_error ("the private libvirtd is not running");
  return pid;
}

char *
vsm_test_system_daemon_path (const char *path)
{
  return g_strdup_printf ("/proc/%d/root%s", (int) vsm_test_system_daemon_pid (), path);
}

char *
vsm_test_system_work_path (const char *name)
{
  return g_build_filename (system_env ("VSM_TEST_WORK_DIR"), name, NULL);
}

char *
vsm_test_virsh (const char *uri)
{
  if (uri == NULL || g_str_equal (uri, "qemu:///system"))
    return g_strdup ("virsh");
  for (const char *p = uri; *p; p++)
    if (!g_ascii_isalnum (*p) && strchr ("-_./:=@+,", *p) == NULL)
      {
        g_autofree char *q = g_shell_quote (uri);
        return g_strdup_printf ("virsh -c %s", q);
      }
  return g_strdup_printf ("virsh -c %s", uri);
}

const char *
vsm_test_system_guest_type (void)
{
  const char *t = system_env ("VSM_TEST_GUEST_TYPE");

  g_assert_true (g_str_equal (t, "kvm") || g_str_equal (t, "qemu"));
  return t;
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
  g_autoptr(GError) error = NULL;

  if (!vsm_libvirt_init (&error))
    g_error ("libvirt could not be initialised: %s", error->message);
}

/* A log handler that drops the message. */
static void
drop_log (const char     *log_domain,
          GLogLevelFlags  log_level,
          const char     *message,
          gpointer        user_data)
{
}

/* Drops domain-less debug messages (libvirt-glib's, from its threads: they could split a TAP line). */
void
vsm_test_drop_debug_logs (void)
{
  g_log_set_handler (NULL, G_LOG_LEVEL_DEBUG, drop_log, NULL);
}

/* Iterates the default main context for @msec milliseconds. */
void
vsm_test_wait_idle (guint msec)
{
  gint64 end = g_get_monotonic_time () + (gint64) msec * 1000;

  while (g_get_monotonic_time () < end)
    vsm_test_iterate ();
}

/* A ::notify handler that counts its emissions in the guint at @counter. */
void
vsm_test_count_notify (GObject    *object,
                       GParamSpec *pspec,
                       gpointer    counter)
{
  (*(guint *) counter)++;
}

/* Opens a connection to @uri and asserts that it is connected. */
VsmConnection *
vsm_test_open_uri (const char *uri)
{
  VsmConnection *conn = vsm_connection_new (uri);
  GAsyncResult *slot = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  vsm_connection_open_async (conn, NULL, vsm_test_store_result, &slot);
  result = vsm_test_wait_result (&slot, VSM_TEST_TIMEOUT);
  g_assert_true (vsm_connection_open_finish (conn, result, &error));
  g_assert_no_error (error);
  g_assert_cmpint (vsm_connection_get_state (conn), ==, VSM_CONNECTION_STATE_CONNECTED);
  return conn;
}

/* vsm_test_open_uri() on the private test:/// URI of a tests/data file. */
VsmConnection *
vsm_test_open_fixture (const char *fixture_name)
{
  g_autofree char *uri = vsm_test_fixture_uri (fixture_name);

  return vsm_test_open_uri (uri);
}

/* vsm_connection_query_async() of VSM_QUERY_POOL and its result. */
VsmPoolSnapshot *
vsm_test_get_pool (VsmConnection  *conn,
                   const char     *uuid,
                   GError        **error)
{
  GAsyncResult *slot = NULL;
  g_autoptr(GAsyncResult) result = NULL;

  vsm_connection_query_async (conn, &(VsmQuery) { .kind = VSM_QUERY_POOL, .uuid = uuid }, NULL,
                              vsm_test_store_result, &slot);
  result = vsm_test_wait_result (&slot, VSM_TEST_TIMEOUT);
  return vsm_connection_query_finish (conn, result, error);
}

/* vsm_connection_pool_action_async() and its result. */
gboolean
vsm_test_pool_action (VsmConnection  *conn,
                      const char     *uuid,
                      VsmPoolAction   action,
                      GError        **error)
{
  GAsyncResult *slot = NULL;
  g_autoptr(GAsyncResult) result = NULL;

  vsm_connection_pool_action_async (conn, uuid, action, VSM_BUILD_DEFAULT, NULL, vsm_test_store_result, &slot);
  result = vsm_test_wait_result (&slot, VSM_TEST_TIMEOUT);
  return vsm_connection_pool_action_finish (conn, result, error);
}

static char *
query_xml (VsmConnection  *conn,
           const char     *uuid,
           const char     *volume_name,
           gboolean        inactive,
           GError        **error)
{
  GAsyncResult *slot = NULL;
  g_autoptr(GAsyncResult) result = NULL;

  vsm_connection_query_async (conn,
                              &(VsmQuery) { .kind = VSM_QUERY_XML, .uuid = uuid, .name = volume_name,
                                            .inactive = inactive },
                              NULL, vsm_test_store_result, &slot);
  result = vsm_test_wait_result (&slot, VSM_TEST_TIMEOUT);
  return vsm_connection_query_finish (conn, result, error);
}

/* vsm_connection_query_async() of VSM_QUERY_XML, of a pool (@volume_name
 * NULL) or of one of its volumes, and its result. */
char *
vsm_test_dup_xml (VsmConnection  *conn,
                  const char     *uuid,
                  const char     *volume_name,
                  GError        **error)
{
  return query_xml (conn, uuid, volume_name, FALSE, error);
}

/* The pool's definition for its next start (pool-dumpxml --inactive,
 * what Edit XML edits). */
char *
vsm_test_pool_definition (VsmConnection  *conn,
                          const char     *uuid,
                          GError        **error)
{
  return query_xml (conn, uuid, NULL, TRUE, error);
}

char *
vsm_test_pool_xml (VsmConnection  *conn,
                   const char     *uuid,
                   GError        **error)
{
  return vsm_test_dup_xml (conn, uuid, NULL, error);
}

/* A new VsmHost on @uri, connected, once its pools are loaded. */
VsmHost *
vsm_test_host_new_loaded (const char *uri)
{
  VsmHost *host = vsm_host_new (uri);

  g_assert_false (vsm_host_get_pools_loaded (host));
  vsm_host_connect (host);
  VSM_WAIT_FOR (vsm_host_get_pools_loaded (host), VSM_TEST_TIMEOUT);
  return host;
}

/* Whether @pool's volumes are listed, with details, and no listing runs. */
gboolean
vsm_test_volumes_ready (VsmPool *pool)
{
  return vsm_pool_get_volumes_complete (pool);
}

/* The volume of @pool named @name, or NULL. */
VsmVolume *
vsm_test_find_volume (VsmPool    *pool,
                      const char *name)
{
  return vsm_keyed_list_lookup (vsm_pool_get_volumes (pool), name);
}

/* A volume spec with the four fields every test sets. */
VsmVolumeSpec *
vsm_test_volume_spec (const char  *name,
                      const char  *format,
                      guint64      capacity,
                      VsmPrealloc  prealloc)
{
  VsmVolumeSpec *spec = vsm_volume_spec_new ();

  spec->name = g_strdup (name);
  spec->format = g_strdup (format);
  spec->capacity = capacity;
  spec->prealloc = prealloc;
  return spec;
}

/* ------------------------------------------------------------------ */
/* libvirt's RelaxNG schemas                                           */

static xmlRelaxNGPtr
load_schema (const char *name)
{
  static GHashTable *cache;
  g_autofree char *path = g_build_filename (vsm_xml_schema_dir (), name, NULL);
  xmlRelaxNGParserCtxtPtr pctxt;
  xmlRelaxNGPtr schema;

  if (cache == NULL)
    cache = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  schema = g_hash_table_lookup (cache, name);
  if (schema != NULL)
    return schema;
  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    return NULL;

  pctxt = xmlRelaxNGNewParserCtxt (path);
  schema = xmlRelaxNGParse (pctxt);
  xmlRelaxNGFreeParserCtxt (pctxt);
  g_assert_nonnull (schema);
  g_hash_table_insert (cache, g_strdup (name), schema);
  return schema;
}

static void
collect_error (void        *errors,
               const xmlError *error)
{
  g_string_append_printf (errors, "  line %d: %s", error->line, error->message ? error->message : "?\n");
}

/**
 * vsm_test_assert_valid_xml:
 * @schema_name: a schema of libvirt's, e.g. "storagepool.rng", "domain.rng"
 *
 * Asserts @xml is well-formed and valid against @schema_name; skips the
 * schema part (with a message) where libvirt's schemas are not installed.
 */
void
vsm_test_assert_valid_xml (const char *xml,
                           const char *schema_name)
{
  xmlDocPtr doc = xmlReadMemory (xml, (int) strlen (xml), NULL, NULL, XML_PARSE_NONET);
  xmlRelaxNGPtr schema = load_schema (schema_name);

  g_assert_nonnull (doc);
  if (schema == NULL)
    {
      g_test_message ("%s not installed: schema check skipped", schema_name);
    }
  else
    {
      xmlRelaxNGValidCtxtPtr vctxt = xmlRelaxNGNewValidCtxt (schema);
      g_autoptr(GString) errors = g_string_new (NULL);
      int rc;

      xmlRelaxNGSetValidStructuredErrors (vctxt, (xmlStructuredErrorFunc) collect_error, errors);
      rc = xmlRelaxNGValidateDoc (vctxt, doc);
      xmlRelaxNGFreeValidCtxt (vctxt);
      if (rc != 0)
        g_error ("not valid against %s:\n%s\n%s", schema_name, errors->str, xml);
    }
  xmlFreeDoc (doc);
}
