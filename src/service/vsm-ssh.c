/* vsm-ssh.c
 *
 * What happens before libvirt opens a qemu+ssh:// URI, in the open
 * worker, each step told by an exit status or an error code of our own
 * calls (never by a message libvirt translated):
 *
 *  1. `ssh -G` says what ssh would do: the real host name, port and user,
 *     the known_hosts files, whether a proxy is in the way;
 *  2. a TCP connection to that port: a name that does not resolve and a
 *     refused port are said right away;
 *  3. the host key: `ssh-keyscan` gets the keys the host offers,
 *     `ssh-keygen -F` looks the host up in the known_hosts files. A host
 *     never seen is put to the user with the SHA256 fingerprint of the key
 *     ssh would use, and saved to known_hosts when trusted; a key that
 *     differs from the saved one is refused, as ssh does;
 *  4. a login with our own `ssh -o BatchMode=yes` that runs a few lines
 *     of sh on the host: exit 0 when the libvirt socket is there and the
 *     user may use it, 3 without it, 4 when not allowed, 5 without
 *     virt-ssh-helper or nc; ssh's own 255 with "Permission denied
 *     (methods)" when no key was accepted.
 *
 * Then libvirt opens the URI with no_tty=1 (ssh in batch mode: it never
 * asks anything in a terminal); or, when the host wants a password, the
 * same place over libvirt's libssh transport (qemu+libssh://), whose auth
 * callback gets the password from the app (vsm-connection.c).
 *
 * Copyright 2026 Virt Storage developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vsm-ssh"

#include "config.h"

#include <glib/gi18n.h>
#include <errno.h>
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "vsm-error.h"
#include "vsm-ssh.h"

#define CONNECT_TIMEOUT_SEC 15

/* The diagnosis run on the host: $1 is "nc" when libvirt will use nc
 * (an explicit socket), anything else when virt-ssh-helper will do; then
 * the sockets to look for. */
static const char probe_script[] =
  "need=$1; shift; "
  "if [ \"$need\" = nc ]; then command -v nc >/dev/null 2>&1 || exit 5; "
  "else command -v virt-ssh-helper >/dev/null 2>&1 || command -v nc >/dev/null 2>&1 || exit 5; fi; "
  "[ $# -eq 0 ] && exit 0; "
  "for s in \"$@\"; do "
  "d=$(dirname \"$s\"); if [ -d \"$d\" ] && ! [ -x \"$d\" ]; then exit 4; fi; "
  "if [ -S \"$s\" ]; then if [ -r \"$s\" ] && [ -w \"$s\" ]; then exit 0; fi; exit 4; fi; "
  "done; exit 3";

enum {
  PROBE_OK = 0,
  PROBE_NO_SOCKET = 3,
  PROBE_NO_ACCESS = 4,
  PROBE_NO_TOOL = 5,
  PROBE_SSH_FAILED = 255,
};

typedef struct
{
  /* from the URI */
  char       *uri_host;
  guint       uri_port;
  char       *uri_user;
  char       *keyfile;
  char       *socket;
  char       *path;
  gboolean    no_verify;
  GHashTable *params;

  /* from ssh -G */
  char       *hostname;
  guint       port;
  char       *user;
  GPtrArray  *known_files;   /* user files first */
  char       *user_known;
  gboolean    hash;
  char       *alias;
  gboolean    proxied;
  gboolean    strict_off;
  char       *algorithms;

  char       *display;       /* the host as the user wrote it, with ":port" */
} Target;

static void
target_free (Target *t)
{
  g_free (t->uri_host);
  g_free (t->uri_user);
  g_free (t->keyfile);
  g_free (t->socket);
  g_free (t->path);
  g_clear_pointer (&t->params, g_hash_table_unref);
  g_free (t->hostname);
  g_free (t->user);
  g_clear_pointer (&t->known_files, g_ptr_array_unref);
  g_free (t->user_known);
  g_free (t->alias);
  g_free (t->algorithms);
  g_free (t->display);
  g_free (t);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Target, target_free)

void
vsm_ssh_plan_free (VsmSshPlan *plan)
{
  if (plan == NULL)
    return;
  g_free (plan->open_uri);
  g_free (plan->user);
  g_free (plan->host);
  g_free (plan);
}

/**
 * vsm_ssh_uri_is_ssh:
 *
 * Whether libvirt would run the ssh binary for @uri (driver+ssh://host).
 */
gboolean
vsm_ssh_uri_is_ssh (const char *uri)
{
  g_autoptr(GUri) parsed = g_uri_parse (uri, G_URI_FLAGS_NON_DNS | G_URI_FLAGS_ENCODED, NULL);
  const char *scheme = parsed ? g_uri_get_scheme (parsed) : NULL;

  return scheme != NULL && g_str_has_suffix (scheme, "+ssh") && g_uri_get_host (parsed) != NULL &&
         *g_uri_get_host (parsed) != '\0';
}

static char *
bytes_to_text (GBytes *bytes)
{
  gsize len = 0;
  const char *data = bytes != NULL ? g_bytes_get_data (bytes, &len) : NULL;

  return len > 0 ? g_utf8_make_valid (data, (gssize) len) : g_strdup ("");
}

/* Runs @argv (no shell; stdin is /dev/null) and collects its output. */
static gboolean
run (const char * const  *argv,
     GCancellable        *cancellable,
     char               **out,
     char               **err,
     int                 *status,
     GError             **error)
{
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GBytes) out_bytes = NULL;
  g_autoptr(GBytes) err_bytes = NULL;

  proc = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE, error);
  if (proc == NULL)
    return FALSE;
  /* bytes, not UTF-8: a host's login banner may be in any encoding */
  if (!g_subprocess_communicate (proc, NULL, cancellable, &out_bytes, &err_bytes, error))
    {
      g_subprocess_force_exit (proc);
      return FALSE;
    }
  *out = bytes_to_text (out_bytes);
  *err = bytes_to_text (err_bytes);
  *status = g_subprocess_get_if_exited (proc) ? g_subprocess_get_exit_status (proc) : -1;
  return TRUE;
}

/* ssh's options for @t: port, user and key file of the URI, then the host. */
static void
add_target_args (GPtrArray *argv,
                 Target    *t)
{
  if (t->uri_port != 0)
    {
      g_ptr_array_add (argv, g_strdup ("-p"));
      g_ptr_array_add (argv, g_strdup_printf ("%u", t->uri_port));
    }
  if (t->uri_user != NULL)
    {
      g_ptr_array_add (argv, g_strdup ("-l"));
      g_ptr_array_add (argv, g_strdup (t->uri_user));
    }
  if (t->keyfile != NULL)
    {
      g_ptr_array_add (argv, g_strdup ("-i"));
      g_ptr_array_add (argv, g_strdup (t->keyfile));
    }
  g_ptr_array_add (argv, g_strdup ("--"));
  g_ptr_array_add (argv, g_strdup (t->uri_host));
}

static Target *
target_from_uri (const char  *uri,
                 GError     **error)
{
  g_autoptr(Target) t = g_new0 (Target, 1);
  g_autoptr(GUri) parsed = g_uri_parse (uri, G_URI_FLAGS_NON_DNS, error);
  const char *query;
  const char *v;

  if (parsed == NULL)
    return NULL;
  t->uri_host = g_strdup (g_uri_get_host (parsed));
  t->uri_port = g_uri_get_port (parsed) > 0 ? (guint) g_uri_get_port (parsed) : 0;
  t->uri_user = g_strdup (g_uri_get_user (parsed));
  t->path = g_strdup (g_uri_get_path (parsed));
  query = g_uri_get_query (parsed);
  t->params = query ? g_uri_parse_params (query, -1, "&", G_URI_PARAMS_NONE, NULL) : NULL;
  if (t->params == NULL)
    t->params = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  t->keyfile = g_strdup (g_hash_table_lookup (t->params, "keyfile"));
  t->socket = g_strdup (g_hash_table_lookup (t->params, "socket"));
  v = g_hash_table_lookup (t->params, "no_verify");
  t->no_verify = v != NULL && g_strcmp0 (v, "0") != 0;
  t->display = t->uri_port != 0 ? g_strdup_printf ("%s:%u", t->uri_host, t->uri_port) : g_strdup (t->uri_host);
  return g_steal_pointer (&t);
}

/* Step 1: ssh -G */
static gboolean
read_ssh_config (Target        *t,
                 GCancellable  *cancellable,
                 GError       **error)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_auto(GStrv) lines = NULL;
  int status;

  g_ptr_array_add (argv, g_strdup ("ssh"));
  g_ptr_array_add (argv, g_strdup ("-G"));
  add_target_args (argv, t);
  g_ptr_array_add (argv, NULL);
  if (!run ((const char * const *) argv->pdata, cancellable, &out, &err, &status, error))
    return FALSE;
  if (status != 0)
    {
      /* Translators: %s: ssh's own message */
      g_set_error (error, VSM_ERROR, VSM_ERROR_CONNECTION, _("ssh refused the host or its settings: %s"),
                   g_strstrip (err));
      return FALSE;
    }

  t->known_files = g_ptr_array_new_with_free_func (g_free);
  lines = g_strsplit (out, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto(GStrv) kv = g_strsplit (lines[i], " ", 2);

      if (kv[0] == NULL || kv[1] == NULL)
        continue;
      if (g_str_equal (kv[0], "hostname") && t->hostname == NULL)
        t->hostname = g_strdup (kv[1]);
      else if (g_str_equal (kv[0], "port"))
        t->port = (guint) g_ascii_strtoull (kv[1], NULL, 10);
      else if (g_str_equal (kv[0], "user") && t->user == NULL)
        t->user = g_strdup (kv[1]);
      else if (g_str_equal (kv[0], "userknownhostsfile") || g_str_equal (kv[0], "globalknownhostsfile"))
        {
          g_auto(GStrv) files = g_strsplit (kv[1], " ", -1);

          for (guint j = 0; files[j] != NULL; j++)
            {
              if (*files[j] == '\0' || g_str_equal (files[j], "none"))
                continue;
              if (t->user_known == NULL && g_str_equal (kv[0], "userknownhostsfile"))
                t->user_known = g_strdup (files[j]);
              g_ptr_array_add (t->known_files, g_strdup (files[j]));
            }
        }
      else if (g_str_equal (kv[0], "hashknownhosts"))
        t->hash = g_str_equal (kv[1], "yes");
      else if (g_str_equal (kv[0], "hostkeyalias") && !g_str_equal (kv[1], "none"))
        t->alias = g_strdup (kv[1]);
      else if ((g_str_equal (kv[0], "proxyjump") || g_str_equal (kv[0], "proxycommand")) &&
               !g_str_equal (kv[1], "none"))
        t->proxied = TRUE;
      else if (g_str_equal (kv[0], "stricthostkeychecking"))
        t->strict_off = g_str_equal (kv[1], "false") || g_str_equal (kv[1], "no");
      else if (g_str_equal (kv[0], "hostkeyalgorithms"))
        t->algorithms = g_strdup (kv[1]);
    }
  if (t->hostname == NULL || t->port == 0 || t->user == NULL)
    {
      g_set_error_literal (error, VSM_ERROR, VSM_ERROR_CONNECTION, _("ssh could not tell which host to reach"));
      return FALSE;
    }
  return TRUE;
}

/* Step 2: the port answers. */
static gboolean
check_reachable (Target        *t,
                 GCancellable  *cancellable,
                 GError       **error)
{
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GSocketConnection) conn = NULL;
  g_autoptr(GError) local = NULL;

  g_socket_client_set_timeout (client, CONNECT_TIMEOUT_SEC);
  /* ssh goes straight to the host, never through an HTTP proxy */
  g_socket_client_set_enable_proxy (client, FALSE);
  conn = g_socket_client_connect_to_host (client, t->hostname, (guint16) t->port, cancellable, &local);
  if (conn != NULL)
    {
      g_io_stream_close (G_IO_STREAM (conn), NULL, NULL);
      return TRUE;
    }
  if (g_error_matches (local, G_RESOLVER_ERROR, G_RESOLVER_ERROR_NOT_FOUND))
    /* Translators: %s: a host name */
    g_set_error (error, VSM_ERROR, VSM_ERROR_CONNECTION,
                 _("The host name “%s” is not known (it does not resolve to an address)."), t->hostname);
  else if (g_error_matches (local, G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED))
    /* Translators: %u: a port number, %s: a host name */
    g_set_error (error, VSM_ERROR, VSM_ERROR_CONNECTION,
                 _("Nothing answers on port %u of %s: the SSH server is not running there, or it "
                   "listens on another port."), t->port, t->hostname);
  else if (g_error_matches (local, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_propagate_error (error, g_steal_pointer (&local));
  else
    /* Translators: %s: a host name, %u: a port, then the system's reason */
    g_set_error (error, VSM_ERROR, VSM_ERROR_CONNECTION, _("%s cannot be reached on port %u: %s"),
                 t->hostname, t->port, local->message);
  return FALSE;
}

/**
 * vsm_ssh_fingerprint:
 * @base64_blob: a public key as known_hosts holds it
 *
 * Returns: (nullable): "SHA256:…", as `ssh-keygen -lf` prints it
 */
char *
vsm_ssh_fingerprint (const char *base64_blob)
{
  g_autofree guchar *blob = NULL;
  g_autoptr(GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA256);
  guint8 digest[32];
  gsize blob_len = 0, digest_len = sizeof digest;
  g_autofree char *b64 = NULL;
  char *end;

  blob = g_base64_decode (base64_blob, &blob_len);
  if (blob_len == 0)
    return NULL;
  g_checksum_update (sum, blob, blob_len);
  g_checksum_get_digest (sum, digest, &digest_len);
  b64 = g_base64_encode (digest, digest_len);
  end = strchr (b64, '=');
  if (end != NULL)
    *end = '\0';
  return g_strconcat ("SHA256:", b64, NULL);
}

static const char *
key_type_label (const char *type)
{
  if (g_str_equal (type, "ssh-ed25519"))
    return "ED25519";
  if (g_str_has_prefix (type, "ecdsa-"))
    return "ECDSA";
  if (g_str_equal (type, "ssh-rsa"))
    return "RSA";
  if (g_str_equal (type, "ssh-dss"))
    return "DSA";
  return type;
}

/* Where ssh would put @type among its host key algorithms: smaller is
 * preferred. An RSA key serves rsa-sha2-512 and rsa-sha2-256. */
static guint
key_rank (Target     *t,
          const char *type)
{
  g_auto(GStrv) algs = g_strsplit (t->algorithms ? t->algorithms : "", ",", -1);

  for (guint i = 0; algs[i] != NULL; i++)
    if (g_str_equal (algs[i], type) ||
        (g_str_equal (type, "ssh-rsa") && g_str_has_prefix (algs[i], "rsa-sha2-") && !strstr (algs[i], "cert")))
      return i;
  return G_MAXUINT;
}

static char *
known_name (Target *t)
{
  if (t->alias != NULL)
    return g_strdup (t->alias);
  if (t->port == 22)
    return g_strdup (t->hostname);
  return g_strdup_printf ("[%s]:%u", t->hostname, t->port);
}

typedef enum
{
  HOST_KNOWN,
  HOST_UNKNOWN,
  HOST_CHANGED,
} HostKeyState;

/* Step 3a: the host's keys ("type blob" pairs, best first). */
static GPtrArray *
scan_keys (Target        *t,
           GCancellable  *cancellable,
           GError       **error)
{
  g_autofree char *port = g_strdup_printf ("%u", t->port);
  const char *argv[] = { "ssh-keyscan", "-T", "10", "-p", port, "--", t->hostname, NULL };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_auto(GStrv) lines = NULL;
  GPtrArray *keys = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  int status;

  if (!run (argv, cancellable, &out, &err, &status, error))
    {
      g_ptr_array_unref (keys);
      return NULL;
    }
  lines = g_strsplit (out, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto(GStrv) f = g_strsplit_set (lines[i], " \t", -1);

      if (lines[i][0] == '#' || g_strv_length (f) < 3)
        continue;
      g_ptr_array_add (keys, g_strdupv ((char *[]) { f[1], f[2], NULL }));
    }
  if (keys->len == 0)
    {
      g_ptr_array_unref (keys);
      /* Translators: %s: a host name, %u: a port */
      g_set_error (error, VSM_ERROR, VSM_ERROR_CONNECTION,
                   _("%s answers on port %u, but not as an SSH server."), t->hostname, t->port);
      return NULL;
    }
  /* best first, as ssh would pick */
  for (guint i = 1; i < keys->len; i++)
    for (guint j = i; j > 0 && key_rank (t, ((char **) keys->pdata[j])[0]) <
                               key_rank (t, ((char **) keys->pdata[j - 1])[0]); j--)
      {
        gpointer tmp = keys->pdata[j];
        keys->pdata[j] = keys->pdata[j - 1];
        keys->pdata[j - 1] = tmp;
      }
  return keys;
}

/* Step 3b: what the known_hosts files say of @keys. */
static HostKeyState
lookup_known (Target       *t,
              GPtrArray    *keys,
              GCancellable *cancellable)
{
  g_autofree char *name = known_name (t);
  gboolean any = FALSE;

  for (guint i = 0; i < t->known_files->len; i++)
    {
      const char *file = t->known_files->pdata[i];
      const char *argv[] = { "ssh-keygen", "-F", name, "-f", file, NULL };
      g_autofree char *out = NULL;
      g_autofree char *err = NULL;
      g_auto(GStrv) lines = NULL;
      int status;

      if (!g_file_test (file, G_FILE_TEST_EXISTS) ||
          !run (argv, cancellable, &out, &err, &status, NULL) || status != 0)
        continue;
      lines = g_strsplit (out, "\n", -1);
      for (guint l = 0; lines[l] != NULL; l++)
        {
          g_auto(GStrv) f = g_strsplit_set (lines[l], " \t", -1);
          guint first = 0;

          if (lines[l][0] == '#' || lines[l][0] == '\0')
            continue;
          if (f[0] != NULL && f[0][0] == '@')
            {
              /* a CA vouches for the host: ssh decides */
              if (g_str_equal (f[0], "@cert-authority"))
                return HOST_KNOWN;
              first = 1;
            }
          if (g_strv_length (f) < first + 3)
            continue;
          any = TRUE;
          if (first == 1)   /* @revoked */
            continue;
          for (guint k = 0; k < keys->len; k++)
            if (g_str_equal (((char **) keys->pdata[k])[1], f[first + 2]))
              return HOST_KNOWN;
        }
    }
  return any ? HOST_CHANGED : HOST_UNKNOWN;
}

/* Appends @type @blob for @t to the user's known_hosts, the host name
 * hashed when ssh would hash it (HashKnownHosts). */
static gboolean
save_key (Target      *t,
          const char  *type,
          const char  *blob,
          GError     **error)
{
  g_autofree char *name = known_name (t);
  g_autofree char *dir = NULL;
  g_autofree char *line = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GFileOutputStream) out = NULL;

  if (t->user_known == NULL)
    {
      g_set_error_literal (error, VSM_ERROR, VSM_ERROR_FAILED, _("ssh keeps no known_hosts file of yours"));
      return FALSE;
    }
  dir = g_path_get_dirname (t->user_known);
  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errno), "%s: %s", dir, g_strerror (errno));
      return FALSE;
    }
  if (t->hash)
    {
      guint8 salt[20];
      guint8 digest[20];
      gsize len = sizeof digest;
      g_autoptr(GHmac) hmac = NULL;
      g_autofree char *salt64 = NULL;
      g_autofree char *hash64 = NULL;

      for (guint i = 0; i < sizeof salt; i++)
        salt[i] = (guint8) g_random_int_range (0, 256);
      hmac = g_hmac_new (G_CHECKSUM_SHA1, salt, sizeof salt);
      g_hmac_update (hmac, (const guchar *) name, (gssize) strlen (name));
      g_hmac_get_digest (hmac, digest, &len);
      salt64 = g_base64_encode (salt, sizeof salt);
      hash64 = g_base64_encode (digest, len);
      line = g_strdup_printf ("|1|%s|%s %s %s\n", salt64, hash64, type, blob);
    }
  else
    line = g_strdup_printf ("%s %s %s\n", name, type, blob);

  file = g_file_new_for_path (t->user_known);
  out = g_file_append_to (file, G_FILE_CREATE_PRIVATE, NULL, error);
  return out != NULL && g_output_stream_write_all (G_OUTPUT_STREAM (out), line, strlen (line), NULL, NULL, error) &&
         g_output_stream_close (G_OUTPUT_STREAM (out), NULL, error);
}

static gboolean
check_host_key (Target         *t,
                VsmSshAskFunc   ask_func,
                gpointer        ask_data,
                GCancellable   *cancellable,
                GError        **error)
{
  g_autoptr(GPtrArray) keys = scan_keys (t, cancellable, error);
  g_autoptr(VsmAsk) ask = NULL;
  g_autofree char *fingerprint = NULL;
  g_autofree char *name = NULL;
  char **best;

  if (keys == NULL)
    return FALSE;
  switch (lookup_known (t, keys, cancellable))
    {
    case HOST_KNOWN:
      return TRUE;
    case HOST_CHANGED:
      name = known_name (t);
      /* Translators: %s: a host; the second %s is the known_hosts entry's name for ssh-keygen -R */
      g_set_error (error, VSM_ERROR, VSM_ERROR_PERMISSION_DENIED,
                   _("The host key of %s is not the one saved for it. Someone may be intercepting the "
                     "connection, or the host was reinstalled. Nothing was sent. If the new key is right, "
                     "remove the old one with “ssh-keygen -R %s” and connect again."),
                   t->display, name);
      return FALSE;
    case HOST_UNKNOWN:
    default:
      break;
    }

  best = keys->pdata[0];
  fingerprint = vsm_ssh_fingerprint (best[1]);
  ask = vsm_ask_new (VSM_ASK_HOST_KEY, t->user, t->display);
  vsm_ask_set_host_key (ask, key_type_label (best[0]), fingerprint, t->user_known);
  if (!ask_func (ask, ask_data, NULL))
    {
      if (!g_cancellable_set_error_if_cancelled (cancellable, error))
        /* Translators: %s: a host */
        g_set_error (error, VSM_ERROR, VSM_ERROR_CONNECTION,
                     _("The host key of %s was not trusted: nothing was sent to the host."), t->display);
      return FALSE;
    }
  return save_key (t, best[0], best[1], error);
}

/* The sockets the probe looks for, as libvirt would use them. */
static GPtrArray *
probe_argv (Target *t)
{
  GPtrArray *argv = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GString) cmd = g_string_new ("sh -c ");
  g_autofree char *script = g_shell_quote (probe_script);

  g_string_append (cmd, script);
  g_string_append (cmd, " sh ");
  g_string_append (cmd, t->socket != NULL ? "nc" : "helper");
  if (t->socket != NULL)
    {
      g_autofree char *q = g_shell_quote (t->socket);
      g_string_append_printf (cmd, " %s", q);
    }
  else if (g_strcmp0 (t->path, "/system") == 0)
    g_string_append (cmd, " /run/libvirt/libvirt-sock /run/libvirt/virtqemud-sock");
  /* a /session daemon is started by virt-ssh-helper: no socket to look for */

  for (const char *a = "ssh\0-n\0-T\0-e\0none\0-o\0BatchMode=yes\0-o\0ConnectTimeout=15\0"; *a != '\0';
       a += strlen (a) + 1)
    g_ptr_array_add (argv, g_strdup (a));
  /* as libvirt runs ssh for ?no_verify=1 */
  if (t->no_verify)
    {
      g_ptr_array_add (argv, g_strdup ("-o"));
      g_ptr_array_add (argv, g_strdup ("StrictHostKeyChecking=no"));
    }
  add_target_args (argv, t);
  g_ptr_array_add (argv, g_string_free (g_steal_pointer (&cmd), FALSE));
  g_ptr_array_add (argv, NULL);
  return argv;
}

static const char *
last_line (char *text)
{
  char *nl;

  g_strstrip (text);
  nl = strrchr (text, '\n');
  return nl != NULL ? nl + 1 : text;
}

char *
vsm_ssh_password_failed_message (const char *user,
                                 const char *host)
{
  /* Translators: %s: a user, %s: a host */
  return g_strdup_printf (_("The password of %s on %s was not accepted."), user, host);
}

/* Step 4. Returns the auth method for a password ("password" or
 * "keyboard-interactive") when the keys were refused, "" when the key
 * login works, or NULL and @error. */
static char *
probe (Target        *t,
       GCancellable  *cancellable,
       GError       **error)
{
  g_autoptr(GPtrArray) argv = probe_argv (t);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  const char *denied;
  const char *where = t->socket != NULL ? t->socket : "/run/libvirt";
  int status;

  if (!run ((const char * const *) argv->pdata, cancellable, &out, &err, &status, error))
    return NULL;
  g_debug ("probe of %s: exit %d", t->display, status);
  switch (status)
    {
    case PROBE_OK:
      return g_strdup ("");
    case PROBE_NO_SOCKET:
      /* Translators: %s: a host, %s: a socket path or directory */
      g_set_error (error, VSM_ERROR, VSM_ERROR_CONNECTION,
                   _("%s has no libvirt daemon listening at %s: install libvirt there (the "
                     "libvirt-daemon-system package on Debian) and start it."), t->display, where);
      return NULL;
    case PROBE_NO_ACCESS:
      /* Translators: %s: a user, %s: a host, %s: a socket path or directory */
      g_set_error (error, VSM_ERROR, VSM_ERROR_PERMISSION_DENIED,
                   _("The user %s on %s may not use the libvirt socket %s: add the user to the "
                     "“libvirt” group there, or connect as another user."), t->user, t->display, where);
      return NULL;
    case PROBE_NO_TOOL:
      /* Translators: %s: a host */
      g_set_error (error, VSM_ERROR, VSM_ERROR_CONNECTION,
                   _("%s has neither virt-ssh-helper nor nc, through which libvirt is reached over SSH: "
                     "install libvirt (or netcat-openbsd) there."), t->display);
      return NULL;
    case PROBE_SSH_FAILED:
      denied = strstr (err, "Permission denied (");
      if (denied != NULL)
        {
          g_autofree char *methods = g_strndup (denied + strlen ("Permission denied ("),
                                                strcspn (denied + strlen ("Permission denied ("), ")"));
          g_auto(GStrv) list = g_strsplit (methods, ",", -1);

          if (g_strv_contains ((const char * const *) list, "password"))
            return g_strdup ("password");
          if (g_strv_contains ((const char * const *) list, "keyboard-interactive"))
            return g_strdup ("keyboard-interactive");
          /* Translators: %s: a host, %s: a user */
          g_set_error (error, VSM_ERROR, VSM_ERROR_PERMISSION_DENIED,
                       _("%s accepted none of your SSH keys for the user %s, and it takes no passwords. "
                         "Add your public key to that user's authorized_keys there, or load your key "
                         "into ssh-agent (ssh-add)."), t->display, t->user);
          return NULL;
        }
      /* Translators: %s: a host, then ssh's own message */
      g_set_error (error, VSM_ERROR, VSM_ERROR_CONNECTION, _("ssh could not log in to %s: %s"), t->display,
                   last_line (err));
      return NULL;
    default:
      /* Translators: %s: a host, %d: an exit status, then the host's message */
      g_set_error (error, VSM_ERROR, VSM_ERROR_CONNECTION, _("The check on %s ended with status %d: %s"),
                   t->display, status, last_line (err));
      return NULL;
    }
}

/* The URI the user gave, told to run ssh in batch mode. */
static char *
batch_uri (const char *uri,
           Target     *t)
{
  if (g_hash_table_contains (t->params, "no_tty"))
    return g_strdup (uri);
  return g_strconcat (uri, strchr (uri, '?') != NULL ? "&" : "?", "no_tty=1", NULL);
}

/* The same place over libvirt's libssh transport, with password login. */
static char *
libssh_uri (const char *uri,
            Target     *t,
            const char *method)
{
  g_autoptr(GUri) parsed = g_uri_parse (uri, G_URI_FLAGS_NON_DNS, NULL);
  g_autofree char *scheme = g_strndup (g_uri_get_scheme (parsed), strlen (g_uri_get_scheme (parsed)) - 4);
  g_autoptr(GString) query = g_string_new (NULL);
  g_autofree char *host = strchr (t->hostname, ':') ? g_strdup_printf ("[%s]", t->hostname)
                                                     : g_strdup (t->hostname);
  g_autofree char *user = g_uri_escape_string (t->user, NULL, FALSE);
  GHashTableIter iter;
  const char *key, *value;

  g_hash_table_iter_init (&iter, t->params);
  while (g_hash_table_iter_next (&iter, (gpointer *) &key, (gpointer *) &value))
    {
      g_autofree char *k = NULL;
      g_autofree char *v = NULL;

      /* the ssh binary's own options, and ours below */
      if (g_str_equal (key, "no_tty") || g_str_equal (key, "keyfile") || g_str_equal (key, "command") ||
          g_str_equal (key, "no_verify") || g_str_equal (key, "sshauth") || g_str_equal (key, "known_hosts"))
        continue;
      k = g_uri_escape_string (key, NULL, FALSE);
      v = g_uri_escape_string (value, "/", FALSE);
      g_string_append_printf (query, "%s=%s&", k, v);
    }
  {
    g_autofree char *known = g_uri_escape_string (t->user_known, "/", FALSE);
    g_string_append_printf (query, "known_hosts=%s&sshauth=%s", known, method);
  }
  return g_strdup_printf ("%s+libssh://%s@%s:%u%s?%s", scheme, user, host, t->port, g_uri_get_path (parsed),
                          query->str);
}

/**
 * vsm_ssh_prepare:
 * @ask: puts a question (host key) to the user and waits for the answer
 *
 * The steps above, in a worker.
 *
 * Returns: (transfer full) (nullable): how to open @uri, or %NULL and
 *   @error (VSM_ERROR: PERMISSION_DENIED for refused credentials or
 *   access, CONNECTION otherwise; G_IO_ERROR_CANCELLED)
 */
VsmSshPlan *
vsm_ssh_prepare (const char     *uri,
                 VsmSshAskFunc   ask,
                 gpointer        ask_data,
                 GCancellable   *cancellable,
                 GError        **error)
{
  g_autoptr(Target) t = NULL;
  g_autofree char *method = NULL;
  VsmSshPlan *plan;

  if ((t = target_from_uri (uri, error)) == NULL || !read_ssh_config (t, cancellable, error))
    return NULL;

  /* Through a proxy ssh alone knows the way: its own failure says it. */
  if (!t->proxied)
    {
      if (!check_reachable (t, cancellable, error))
        return NULL;
      if (!t->no_verify && !t->strict_off && !check_host_key (t, ask, ask_data, cancellable, error))
        return NULL;
    }
  if ((method = probe (t, cancellable, error)) == NULL)
    return NULL;

  plan = g_new0 (VsmSshPlan, 1);
  plan->user = g_strdup (t->user);
  plan->host = g_strdup (t->display);
  plan->password = *method != '\0';
  plan->open_uri = plan->password ? libssh_uri (uri, t, method) : batch_uri (uri, t);
  return plan;
}
