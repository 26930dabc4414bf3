/* test-ssh.c
 *
 * qemu+ssh:// for real: an sshd of the suite's own on 127.0.0.1
 * (ssh-setup.sh: its own config, port, throwaway host and client keys, a
 * throwaway user) in front of the suite's private libvirtd, reached with
 * ?socket= so the far side is never the machine's own daemon. The test
 * runs in a mount namespace where the fixture's client home covers root's
 * (ssh-client-ns.sh): known_hosts starts empty and the machine's ~/.ssh is
 * never touched.
 *
 * The questions of the open (VsmConnection::ask) are answered by a script
 * of answers, as a user would in the dialogs:
 *   host-key-declined   a host never seen: its SHA256 fingerprint is asked
 *                       about (the one `ssh-keygen -lf` gives); "no" fails
 *                       and saves nothing
 *   key-login           "yes" saves the key and logs in with the key file;
 *                       the pools are the private daemon's; a second open
 *                       asks nothing
 *   agent-login         only the key the test's ssh-agent holds is
 *                       authorized (ssh-client-ns.sh): it logs in
 *   host-key-changed    a saved key that differs: refused, nothing asked
 *   unknown-host, refused-port, not-ssh, no-libvirt, no-access
 *                       each said in its own words and error code
 *   password            no key accepted: the password is asked in the app,
 *                       asked again after a wrong one, and is nowhere in
 *                       argv or the environment of any process
 *   password-wrong, password-cancelled
 *
 * Copyright 2026 Virt Storage developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define _GNU_SOURCE
#include "config.h"

#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "vsm-ask.h"
#include "vsm-error.h"
#include "vsm-test-utils.h"

#define OPEN_TIMEOUT 30000

static struct
{
  const char *user;
  guint       port;
  char       *ssh_dir;
  char       *password;
  char       *sock;
  char       *known_hosts;
  char       *authorized;
  char       *client_pub;
  char       *pool;
} fx;

static const char *
env (const char *name)
{
  const char *v = g_getenv (name);

  if (v == NULL || *v == '\0')
    {
      printf ("Bail out! %s is not set: run through run-system-test.sh --setup ssh-setup.sh\n", name);
      exit (1);
    }
  return v;
}

/* Runs @argv; returns its exit status, stdout in @out (optional). */
static int
run (const char * const *argv,
     char              **out)
{
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *o = NULL;

  proc = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_SILENCE, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (proc, NULL, NULL, &o, NULL, &error);
  g_assert_no_error (error);
  if (out != NULL)
    *out = g_steal_pointer (&o);
  return g_subprocess_get_if_exited (proc) ? g_subprocess_get_exit_status (proc) : -1;
}

static char *
uri_with (const char *host,
          guint       port,
          const char *socket)
{
  return g_strdup_printf ("qemu+ssh://%s@%s:%u/system?socket=%s", fx.user, host, port, socket);
}

/* The private daemon's socket for the ssh user's group (@grant), or root's
 * alone, as the daemon made it. */
static void
grant_socket (gboolean grant)
{
  g_autofree char *out = NULL;
  const char *argv[] = { "id", "-g", fx.user, NULL };
  gid_t gid;

  g_assert_cmpint (run (argv, &out), ==, 0);
  gid = (gid_t) g_ascii_strtoull (out, NULL, 10);
  g_assert_cmpint (chown (fx.sock, 0, grant ? gid : 0), ==, 0);
  g_assert_cmpint (chmod (fx.sock, grant ? 0770 : 0700), ==, 0);
}

/* ------------------------------------------------------------------ */

typedef struct
{
  const char * const *answers;   /* "yes", "no", or "pw:PASSWORD" */
  guint               next;
  GPtrArray          *asked;     /* VsmAsk */
} Script;

static void
ask_cb (VsmConnection *conn,
        VsmAsk        *ask,
        Script        *s)
{
  const char *answer = s->answers != NULL ? s->answers[s->next] : NULL;

  g_ptr_array_add (s->asked, g_object_ref (ask));
  if (answer == NULL)
    {
      vsm_ask_answer (ask, FALSE, NULL);
      return;
    }
  s->next++;
  if (g_str_has_prefix (answer, "pw:"))
    vsm_ask_answer (ask, TRUE, answer + 3);
  else
    vsm_ask_answer (ask, g_str_equal (answer, "yes"), NULL);
}

/* Opens @uri answering the questions from @answers; returns the
 * connection when it opened, else NULL and @error. The questions asked are
 * in *@asked. */
static VsmConnection *
open_scripted (const char          *uri,
               const char * const  *answers,
               GPtrArray          **asked,
               GError             **error)
{
  g_autoptr(VsmConnection) conn = vsm_connection_new (uri);
  Script s = { answers, 0, g_ptr_array_new_with_free_func (g_object_unref) };
  GAsyncResult *slot = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  gboolean ok;

  g_signal_connect (conn, "ask", G_CALLBACK (ask_cb), &s);
  vsm_connection_open_async (conn, NULL, vsm_test_store_result, &slot);
  result = vsm_test_wait_result (&slot, OPEN_TIMEOUT);
  ok = vsm_connection_open_finish (conn, result, error);
  g_signal_handlers_disconnect_by_func (conn, ask_cb, &s);
  *asked = s.asked;
  if (!ok)
    {
      g_assert_cmpint (vsm_connection_get_state (conn), ==, VSM_CONNECTION_STATE_FAILED);
      return NULL;
    }
  g_assert_cmpint (vsm_connection_get_state (conn), ==, VSM_CONNECTION_STATE_CONNECTED);
  return g_steal_pointer (&conn);
}

static void
close_conn (VsmConnection *conn)
{
  vsm_connection_close (conn);
  g_object_unref (conn);
  vsm_test_wait_idle (200);
}

static gboolean
host_known (void)
{
  g_autofree char *name = g_strdup_printf ("[127.0.0.1]:%u", fx.port);
  const char *argv[] = { "ssh-keygen", "-F", name, "-f", fx.known_hosts, NULL };

  return g_file_test (fx.known_hosts, G_FILE_TEST_EXISTS) && run (argv, NULL) == 0;
}

/* The pools the connection lists hold the suite's pool: the far side is
 * the private daemon. */
static void
assert_sees_private_daemon (VsmConnection *conn)
{
  GAsyncResult *slot = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) pools = NULL;
  gboolean found = FALSE;

  vsm_connection_query_async (conn, &(VsmQuery) { .kind = VSM_QUERY_POOLS }, NULL, vsm_test_store_result, &slot);
  result = vsm_test_wait_result (&slot, OPEN_TIMEOUT);
  pools = vsm_connection_query_finish (conn, result, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < pools->len; i++)
    found |= g_str_equal (((VsmPoolSnapshot *) pools->pdata[i])->name, fx.pool);
  g_assert_true (found);
}

static void
assert_failed_with (GError     *error,
                    int         code,
                    const char *words)
{
  g_assert_nonnull (error);
  g_test_message ("error: %s", error->message);
  g_assert_error (error, VSM_ERROR, code);
  g_assert_nonnull (strstr (error->message, words));
}

/* Authorizes the client's key file (@key), or no key. */
static void
set_authorized (gboolean key)
{
  g_autofree char *pub = NULL;

  g_assert_true (g_file_get_contents (fx.client_pub, &pub, NULL, NULL));
  g_assert_true (g_file_set_contents (fx.authorized, key ? pub : "", -1, NULL));
}

/* ------------------------------------------------------------------ */

static void
test_host_key_declined (void)
{
  g_autofree char *uri = uri_with ("127.0.0.1", fx.port, fx.sock);
  g_autofree char *pub = g_build_filename (fx.ssh_dir, "keys", "host_ed25519.pub", NULL);
  const char *keygen[] = { "ssh-keygen", "-lf", pub, NULL };
  const char *answers[] = { "no", NULL };
  g_autoptr(GPtrArray) asked = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *listing = NULL;
  g_auto(GStrv) fields = NULL;
  VsmConnection *conn;
  VsmAsk *ask;

  g_assert_false (host_known ());
  conn = open_scripted (uri, answers, &asked, &error);
  g_assert_null (conn);
  assert_failed_with (error, VSM_ERROR_CONNECTION, "was not trusted");

  g_assert_cmpuint (asked->len, ==, 1);
  ask = asked->pdata[0];
  g_assert_cmpint (vsm_ask_get_kind (ask), ==, VSM_ASK_HOST_KEY);
  g_assert_cmpstr (vsm_ask_get_key_type (ask), ==, "ED25519");
  g_assert_cmpstr (vsm_ask_get_known_hosts (ask), ==, fx.known_hosts);
  /* "256 SHA256:… comment (ED25519)" */
  g_assert_cmpint (run (keygen, &listing), ==, 0);
  fields = g_strsplit (listing, " ", -1);
  g_assert_cmpstr (vsm_ask_get_fingerprint (ask), ==, fields[1]);
  g_test_message ("asked about %s key %s", vsm_ask_get_key_type (ask), vsm_ask_get_fingerprint (ask));
  g_assert_false (host_known ());
}

static void
test_key_login (void)
{
  g_autofree char *uri = uri_with ("127.0.0.1", fx.port, fx.sock);
  const char *answers[] = { "yes", NULL };
  g_autoptr(GPtrArray) asked = NULL;
  g_autoptr(GPtrArray) asked_again = NULL;
  g_autoptr(GError) error = NULL;
  VsmConnection *conn;

  grant_socket (TRUE);
  conn = open_scripted (uri, answers, &asked, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (asked->len, ==, 1);
  g_assert_cmpint (vsm_ask_get_kind (asked->pdata[0]), ==, VSM_ASK_HOST_KEY);
  g_assert_true (host_known ());
  assert_sees_private_daemon (conn);
  close_conn (conn);

  /* known now: nothing is asked */
  conn = open_scripted (uri, NULL, &asked_again, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (asked_again->len, ==, 0);
  assert_sees_private_daemon (conn);
  close_conn (conn);
}

static void
test_agent_login (void)
{
  g_autofree char *uri = uri_with ("127.0.0.1", fx.port, fx.sock);
  g_autofree char *agent_pub = g_build_filename (fx.ssh_dir, "keys", "agent_ed25519.pub", NULL);
  g_autofree char *pub = NULL;
  g_autoptr(GPtrArray) asked = NULL;
  g_autoptr(GError) error = NULL;
  VsmConnection *conn;

  g_assert_nonnull (g_getenv ("SSH_AUTH_SOCK"));
  g_assert_true (g_file_get_contents (agent_pub, &pub, NULL, NULL));
  g_assert_true (g_file_set_contents (fx.authorized, pub, -1, NULL));
  conn = open_scripted (uri, NULL, &asked, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (asked->len, ==, 0);
  assert_sees_private_daemon (conn);
  close_conn (conn);
  set_authorized (TRUE);
}

static void
test_host_key_changed (void)
{
  g_autofree char *uri = uri_with ("127.0.0.1", fx.port, fx.sock);
  g_autofree char *saved = NULL;
  g_autofree char *other_path = g_build_filename (fx.ssh_dir, "keys", "other_ed25519.pub", NULL);
  g_autofree char *other = NULL;
  g_autofree char *line = NULL;
  g_auto(GStrv) f = NULL;
  g_autoptr(GPtrArray) asked = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (g_file_get_contents (fx.known_hosts, &saved, NULL, NULL));
  g_assert_true (g_file_get_contents (other_path, &other, NULL, NULL));
  f = g_strsplit (other, " ", -1);
  line = g_strdup_printf ("[127.0.0.1]:%u %s %s\n", fx.port, f[0], f[1]);
  g_assert_true (g_file_set_contents (fx.known_hosts, line, -1, NULL));

  g_assert_null (open_scripted (uri, (const char *[]) { "yes", NULL }, &asked, &error));
  assert_failed_with (error, VSM_ERROR_PERMISSION_DENIED, "ssh-keygen -R");
  g_assert_cmpuint (asked->len, ==, 0);

  g_assert_true (g_file_set_contents (fx.known_hosts, saved, -1, NULL));
}

static void
test_unknown_host (void)
{
  g_autofree char *uri = uri_with ("vsm-no-such-host.invalid", fx.port, fx.sock);
  g_autoptr(GPtrArray) asked = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_null (open_scripted (uri, NULL, &asked, &error));
  assert_failed_with (error, VSM_ERROR_CONNECTION, "is not known");
  g_assert_cmpuint (asked->len, ==, 0);
}

static void
test_refused_port (void)
{
  g_autoptr(GSocket) sock = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, NULL);
  g_autoptr(GInetAddress) lo = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any = g_inet_socket_address_new (lo, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autofree char *uri = NULL;
  g_autoptr(GPtrArray) asked = NULL;
  g_autoptr(GError) error = NULL;
  guint port;

  /* a port nobody listens on: bound, then closed */
  g_assert_true (g_socket_bind (sock, any, FALSE, NULL));
  bound = g_socket_get_local_address (sock, NULL);
  port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
  g_socket_close (sock, NULL);

  uri = uri_with ("127.0.0.1", port, fx.sock);
  g_assert_null (open_scripted (uri, NULL, &asked, &error));
  assert_failed_with (error, VSM_ERROR_CONNECTION, "Nothing answers on port");
}

static gboolean
not_ssh_incoming_cb (GSocketService    *service,
                     GSocketConnection *connection,
                     GObject           *source,
                     gpointer           data)
{
  const char reply[] = "HTTP/1.0 400 Bad Request\r\n\r\n";

  g_output_stream_write_all (g_io_stream_get_output_stream (G_IO_STREAM (connection)), reply,
                             sizeof reply - 1, NULL, NULL, NULL);
  g_io_stream_close (G_IO_STREAM (connection), NULL, NULL);
  return TRUE;
}

/* A port that answers, but not as an SSH server */
static void
test_not_ssh (void)
{
  g_autoptr(GSocketService) service = g_socket_service_new ();
  g_autoptr(GInetAddress) lo = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any = g_inet_socket_address_new (lo, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autofree char *uri = NULL;
  g_autoptr(GPtrArray) asked = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (g_socket_listener_add_address (G_SOCKET_LISTENER (service), any, G_SOCKET_TYPE_STREAM,
                                                G_SOCKET_PROTOCOL_TCP, NULL, &bound, NULL));
  g_signal_connect (service, "incoming", G_CALLBACK (not_ssh_incoming_cb), NULL);
  g_socket_service_start (service);
  uri = uri_with ("127.0.0.1", g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound)), fx.sock);
  g_assert_null (open_scripted (uri, NULL, &asked, &error));
  assert_failed_with (error, VSM_ERROR_CONNECTION, "but not as an SSH server");
  g_assert_cmpuint (asked->len, ==, 0);
  g_socket_service_stop (service);
}

static void
test_no_libvirt (void)
{
  g_autofree char *missing = vsm_test_system_work_path ("no-libvirt-sock");
  g_autofree char *uri = uri_with ("127.0.0.1", fx.port, missing);
  g_autoptr(GPtrArray) asked = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_null (open_scripted (uri, NULL, &asked, &error));
  assert_failed_with (error, VSM_ERROR_CONNECTION, "has no libvirt daemon listening");
}

static void
test_no_access (void)
{
  g_autofree char *uri = uri_with ("127.0.0.1", fx.port, fx.sock);
  g_autoptr(GPtrArray) asked = NULL;
  g_autoptr(GError) error = NULL;

  grant_socket (FALSE);
  g_assert_null (open_scripted (uri, NULL, &asked, &error));
  assert_failed_with (error, VSM_ERROR_PERMISSION_DENIED, "may not use the libvirt socket");
  grant_socket (TRUE);
}

/* No process shows the password in its arguments or environment. */
static void
assert_password_nowhere (void)
{
  g_autoptr(GDir) proc = g_dir_open ("/proc", 0, NULL);
  const char *name;
  guint n = 0;

  while ((name = g_dir_read_name (proc)) != NULL)
    {
      const char *what[] = { "cmdline", "environ" };

      if (!g_ascii_isdigit (name[0]))
        continue;
      for (guint i = 0; i < G_N_ELEMENTS (what); i++)
        {
          g_autofree char *path = g_build_filename ("/proc", name, what[i], NULL);
          g_autofree char *data = NULL;
          gsize len = 0;

          if (!g_file_get_contents (path, &data, &len, NULL))
            continue;
          n++;
          g_assert_null (memmem (data, len, fx.password, strlen (fx.password)));
        }
    }
  g_assert_cmpuint (n, >, 0);
}


static void
test_password (void)
{
  g_autofree char *uri = uri_with ("127.0.0.1", fx.port, fx.sock);
  g_autofree char *right = g_strconcat ("pw:", fx.password, NULL);
  const char *answers[] = { "pw:not-the-password", right, NULL };
  g_autofree char *host = g_strdup_printf ("127.0.0.1:%u", fx.port);
  g_autoptr(GPtrArray) asked = NULL;
  g_autoptr(GError) error = NULL;
  VsmConnection *conn;

  set_authorized (FALSE);
  conn = open_scripted (uri, answers, &asked, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (asked->len, ==, 2);
  for (guint i = 0; i < 2; i++)
    {
      g_assert_cmpint (vsm_ask_get_kind (asked->pdata[i]), ==, VSM_ASK_PASSWORD);
      g_assert_cmpstr (vsm_ask_get_user (asked->pdata[i]), ==, fx.user);
      g_assert_cmpstr (vsm_ask_get_host (asked->pdata[i]), ==, host);
    }
  g_assert_false (vsm_ask_get_retry (asked->pdata[0]));
  g_assert_true (vsm_ask_get_retry (asked->pdata[1]));
  assert_sees_private_daemon (conn);
  assert_password_nowhere ();
  close_conn (conn);
}

static void
test_password_wrong (void)
{
  g_autofree char *uri = uri_with ("127.0.0.1", fx.port, fx.sock);
  const char *answers[] = { "pw:wrong-1", "pw:wrong-2", "pw:wrong-3", "pw:wrong-4", NULL };
  g_autoptr(GPtrArray) asked = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_null (open_scripted (uri, answers, &asked, &error));
  assert_failed_with (error, VSM_ERROR_PERMISSION_DENIED, "was not accepted");
  g_assert_cmpuint (asked->len, ==, 3);
}

static void
test_password_cancelled (void)
{
  g_autofree char *uri = uri_with ("127.0.0.1", fx.port, fx.sock);
  const char *answers[] = { "no", NULL };
  g_autoptr(GPtrArray) asked = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_null (open_scripted (uri, answers, &asked, &error));
  assert_failed_with (error, VSM_ERROR_PERMISSION_DENIED, "No password was given");
  g_assert_cmpuint (asked->len, ==, 1);
  set_authorized (TRUE);
}

/* ------------------------------------------------------------------ */

static void
silent_error (void        *data,
              virErrorPtr  err)
{
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *virsh = NULL;
  g_autofree char *target = NULL;
  g_autofree char *define = NULL;
  g_autofree char *undefine = NULL;
  g_autofree char *home = NULL;
  g_autofree char *defined = NULL;
  g_autofree char *undefined = NULL;
  int rc;

  g_test_init (&argc, &argv, NULL);
  vsm_test_drop_debug_logs ();
  vsm_test_init_libvirt ();
  virSetErrorFunc (NULL, silent_error);

  fx.user = env ("VSM_SSH_USER");
  fx.port = (guint) g_ascii_strtoull (env ("VSM_SSH_PORT"), NULL, 10);
  fx.ssh_dir = g_strdup (env ("VSM_SSH_DIR"));
  fx.sock = g_build_filename (env ("VSM_PRIVATE_DIR"), "sock", "libvirt-sock", NULL);
  home = g_strdup (g_get_home_dir ());
  {
    /* ssh's home: the passwd entry's, which ssh-client-ns.sh covered */
    const char *argv_home[] = { "sh", "-c", "getent passwd \"$(id -un)\" | cut -d: -f6", NULL };
    g_autofree char *out = NULL;

    g_assert_cmpint (run (argv_home, &out), ==, 0);
    g_free (home);
    home = g_strdup (g_strstrip (out));
  }
  fx.known_hosts = g_build_filename (home, ".ssh", "known_hosts", NULL);
  fx.client_pub = g_build_filename (home, ".ssh", "id_ed25519.pub", NULL);
  fx.authorized = g_build_filename (fx.ssh_dir, "authorized_keys", fx.user, NULL);
  {
    g_autofree char *pw_file = g_build_filename (fx.ssh_dir, "password", NULL);

    g_assert_true (g_file_get_contents (pw_file, &fx.password, NULL, NULL));
  }
  /* the client home really is the fixture's */
  g_assert_true (g_file_test (fx.client_pub, G_FILE_TEST_EXISTS));

  /* a pool that only the private daemon has */
  fx.pool = g_strdup_printf ("vsm-ssh-%d", (int) getpid ());
  virsh = vsm_test_virsh (vsm_test_system_uri ());
  target = vsm_test_system_work_path (fx.pool);
  define = g_strdup_printf ("%s pool-define-as %s dir --target %s", virsh, fx.pool, target);
  g_assert_true (g_spawn_command_line_sync (define, &defined, NULL, NULL, NULL));

  g_test_add_func ("/ssh/host-key-declined", test_host_key_declined);
  g_test_add_func ("/ssh/key-login", test_key_login);
  g_test_add_func ("/ssh/agent-login", test_agent_login);
  g_test_add_func ("/ssh/host-key-changed", test_host_key_changed);
  g_test_add_func ("/ssh/unknown-host", test_unknown_host);
  g_test_add_func ("/ssh/refused-port", test_refused_port);
  g_test_add_func ("/ssh/not-ssh", test_not_ssh);
  g_test_add_func ("/ssh/no-libvirt", test_no_libvirt);
  g_test_add_func ("/ssh/no-access", test_no_access);
  g_test_add_func ("/ssh/password", test_password);
  g_test_add_func ("/ssh/password-wrong", test_password_wrong);
  g_test_add_func ("/ssh/password-cancelled", test_password_cancelled);
  rc = g_test_run ();

  undefine = g_strdup_printf ("%s pool-undefine %s", virsh, fx.pool);
  g_spawn_command_line_sync (undefine, &undefined, NULL, NULL, NULL);
  return rc;
}
