/* vsm-virt-error.c
 *
 * libvirt's errors as VsmErrorCode, from the code and domain alone.
 *
 * Copyright 2026 Virt Storage developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vsm-virt-error"

#include "config.h"

#include <gio/gio.h>
#include <glib/gi18n.h>
#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>
#include <string.h>

#include "vsm-uri.h"
#include "vsm-virt-error.h"

/**
 * vsm_error_code_from_virt:
 * @vir_code: a `virErrorNumber`
 * @vir_domain: the `virErrorDomain` it came from
 *
 * Maps libvirt's error numbers onto the handful of cases the UI treats
 * differently, from the code and domain alone: never from the message,
 * which libvirt translates. Everything else is %VSM_ERROR_FAILED;
 * libvirt's own (already translated) message is kept as the GError
 * message.
 */
VsmErrorCode
vsm_error_code_from_virt (int vir_code,
                          int vir_domain)
{
  switch (vir_code)
    {
    case VIR_ERR_NO_SUPPORT:
    case VIR_ERR_ARGUMENT_UNSUPPORTED:
      return VSM_ERROR_NOT_SUPPORTED;
    case VIR_ERR_NO_STORAGE_POOL:
    case VIR_ERR_NO_STORAGE_VOL:
    case VIR_ERR_NO_DOMAIN:
    case VIR_ERR_NO_SECRET:
    case VIR_ERR_NO_NODE_DEVICE:
      return VSM_ERROR_NOT_FOUND;
    case VIR_ERR_OPERATION_INVALID:
      return VSM_ERROR_INVALID_STATE;
    case VIR_ERR_ACCESS_DENIED:
    case VIR_ERR_AUTH_FAILED:
    case VIR_ERR_AUTH_CANCELLED:
    case VIR_ERR_AUTH_UNAVAILABLE:
      return VSM_ERROR_PERMISSION_DENIED;
    case VIR_ERR_NO_CONNECT:
    case VIR_ERR_INVALID_CONN:
    case VIR_ERR_RPC:
      return VSM_ERROR_CONNECTION;
    case VIR_ERR_SYSTEM_ERROR:
      /* A failed system call: of the client's socket (RPC, remote
       * driver: the connection is gone) or of the daemon's work, e.g.
       * "Directory not empty" from the storage driver (a plain failure). */
      return vir_domain == VIR_FROM_RPC || vir_domain == VIR_FROM_REMOTE ? VSM_ERROR_CONNECTION
                                                                          : VSM_ERROR_FAILED;
    case VIR_ERR_STORAGE_POOL_BUILT:
    case VIR_ERR_DOM_EXIST:
    case VIR_ERR_STORAGE_VOL_EXIST:
      return VSM_ERROR_EXISTS;
    case VIR_ERR_XML_ERROR:
    case VIR_ERR_XML_DETAIL:
    case VIR_ERR_INVALID_ARG:
    case VIR_ERR_CONFIG_UNSUPPORTED:
      return VSM_ERROR_INVALID_INPUT;
    default:
      return VSM_ERROR_FAILED;
    }
}

/**
 * vsm_virt_error_is_list_limit:
 * @vir_code: a `virErrorNumber`
 * @vir_domain: the `virErrorDomain` it came from
 *
 * libvirt's remote protocol carries at most REMOTE_STORAGE_VOL_LIST_MAX
 * (16,384) volumes in one list. libvirt 9.0 refuses a longer reply to
 * virStoragePoolListAllVolumes() with VIR_ERR_INTERNAL_ERROR from
 * VIR_FROM_RPC ("Too many storage_vols '17000' for limit '16384'",
 * measured on a real daemon: tests/system/test-big-pool.c); a list past
 * the bounds of the protocol's own arrays fails with VIR_ERR_RPC (from
 * VIR_FROM_REMOTE for the client's arguments: "too many remote strings").
 * Either is only a candidate: an internal error can mean other things, so
 * the caller confirms by counting (virStoragePoolNumOfVolumes above the
 * limit on a connection that is alive). Never from the message, which
 * libvirt translates.
 *
 * Returns: whether the failure may be that limit
 */
gboolean
vsm_virt_error_is_list_limit (int vir_code,
                              int vir_domain)
{
  return (vir_code == VIR_ERR_INTERNAL_ERROR && vir_domain == VIR_FROM_RPC) ||
         (vir_code == VIR_ERR_RPC && (vir_domain == VIR_FROM_RPC || vir_domain == VIR_FROM_REMOTE));
}

/**
 * vsm_error_set_from_virt:
 * @error: return location
 * @fallback: message to use when libvirt recorded no error
 *
 * Must be called on the thread that made the failing libvirt call, right
 * after it: libvirt keeps the last error in thread-local storage.
 */
void
vsm_error_set_from_virt (GError     **error,
                         const char  *fallback)
{
  virErrorPtr err = virGetLastError ();

  if (err != NULL && err->message != NULL)
    g_set_error_literal (error, VSM_ERROR, vsm_error_code_from_virt (err->code, err->domain), err->message);
  else
    g_set_error_literal (error, VSM_ERROR, VSM_ERROR_FAILED,
                         fallback ? fallback : "Unknown libvirt error");
  virResetLastError ();
}

/**
 * vsm_error_set_from_virt_conn:
 * @error: return location
 * @conn: the connection the failing call used
 * @fallback: message to use when libvirt recorded no error
 *
 * vsm_error_set_from_virt(), and %VSM_ERROR_CONNECTION whatever the code
 * when @conn is no longer alive: a call that failed because the daemon
 * went away reports the error of whatever it was doing when the socket
 * closed. virConnectIsAlive() is a local check (no RPC). Same thread rule.
 */
void
vsm_error_set_from_virt_conn (GError            **error,
                              struct _virConnect *conn,
                              const char         *fallback)
{
  GError *local = NULL;

  vsm_error_set_from_virt (&local, fallback);
  if (conn != NULL && virConnectIsAlive (conn) != 1)
    local->code = VSM_ERROR_CONNECTION;
  virResetLastError ();
  g_propagate_error (error, local);
}

/* ------------------------------------------------------------------ */
/* A connection that could not open                                    */

/* The host name ssh itself would look up for @host ("ssh -G" prints the
 * configuration it would use, connecting nowhere), or NULL when ssh
 * cannot tell or goes through a jump host or a proxy command. */
static char *
ssh_resolved_host (const char *host)
{
  const char *argv[] = { "ssh", "-G", "--", host, NULL };
  g_autofree char *out = NULL;
  g_auto(GStrv) lines = NULL;
  char *name = NULL;
  int status = 0;

  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL,
                     &out, NULL, &status, NULL) ||
      !g_spawn_check_wait_status (status, NULL))
    return NULL;
  lines = g_strsplit (out, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      if ((g_str_has_prefix (lines[i], "proxyjump ") || g_str_has_prefix (lines[i], "proxycommand ")) &&
          !g_str_has_suffix (lines[i], " none"))
        {
          g_free (name);
          return NULL;
        }
      if (g_str_has_prefix (lines[i], "hostname ") && name == NULL)
        name = g_strdup (lines[i] + strlen ("hostname "));
    }
  return name;
}

/* After a remote URI failed to open: when its host name does not resolve
 * (told by GResolver's error code), say that first. libvirt's message
 * for it ("Cannot recv data: ssh: Could not resolve hostname …:
 * Connection reset by peer") puts the transport's words first and ends
 * with an unrelated cause. An address literal resolves at once. */
void
vsm_error_prefix_unresolved_host (const char *uri,
                                  GError     *error)
{
  g_autoptr(GUri) parsed = g_uri_parse (uri, G_URI_FLAGS_NON_DNS, NULL);
  const char *host = parsed != NULL ? g_uri_get_host (parsed) : NULL;
  g_autoptr(GResolver) resolver = NULL;
  g_autolist(GInetAddress) addresses = NULL;
  g_autoptr(GError) lookup_error = NULL;
  g_autofree char *known = NULL;
  char *message;

  g_autofree char *ssh_host = NULL;

  if (host == NULL || *host == '\0' || vsm_uri_is_test (uri))
    return;
  /* Over ssh the name is ssh's to resolve: an alias of ~/.ssh/config, or
   * a host reached through a jump host, need not resolve here. */
  if (strstr (g_uri_get_scheme (parsed), "ssh") != NULL)
    {
      if ((ssh_host = ssh_resolved_host (host)) == NULL)
        return;
      host = ssh_host;
    }
  resolver = g_resolver_get_default ();
  addresses = g_resolver_lookup_by_name (resolver, host, NULL, &lookup_error);
  if (addresses != NULL || !g_error_matches (lookup_error, G_RESOLVER_ERROR, G_RESOLVER_ERROR_NOT_FOUND))
    return;
  /* Translators: %s: a host name; then libvirt's own message */
  known = g_strdup_printf (_("The host name “%s” is not known (it does not resolve to an address)."), host);
  message = g_strdup_printf ("%s\n%s", known, error->message);
  g_free (error->message);
  error->message = message;
}
