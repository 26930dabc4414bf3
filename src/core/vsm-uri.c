/* vsm-uri.c
 *
 * Copyright 2026 Virt Storage developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vsm-uri"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "vsm-error.h"
#include "vsm-uri.h"

/* Hypervisor drivers libvirt 9.0 knows about (virConnectOpen's table). */
static const char * const drivers[] = {
  "qemu", "test", "lxc", "xen", "libxl", "vbox", "vmwareplayer", "vmwarews",
  "vmwarefusion", "esx", "gsx", "vpx", "bhyve", "ch", "hyperv", "openvz",
  "vz", "parallels", "network", "storage", "nodedev", "secret", "interface",
  "nwfilter", NULL
};

static const char * const transports[] = {
  "ssh", "libssh", "libssh2", "tcp", "tls", "unix", "ext", NULL
};

static gboolean
strv_has (const char * const *strv,
          const char         *s)
{
  for (guint i = 0; strv[i] != NULL; i++)
    if (g_strcmp0 (strv[i], s) == 0)
      return TRUE;
  return FALSE;
}

/**
 * vsm_hostname_validate:
 *
 * Accepts DNS names (RFC 1123 labels), IPv4 literals and bracket-less IPv6
 * literals.
 */
gboolean
vsm_hostname_validate (const char  *host,
                       GError     **error)
{
  g_auto(GStrv) labels = NULL;

  if (host == NULL || *host == '\0')
    {
      g_set_error_literal (error, VSM_ERROR, VSM_ERROR_INVALID_INPUT, _("Enter a host name"));
      return FALSE;
    }

  if (strchr (host, ':') != NULL)
    {
      /* IPv6 literal: hex digits, colons and dots only. */
      for (const char *p = host; *p; p++)
        if (!g_ascii_isxdigit (*p) && *p != ':' && *p != '.')
          goto bad;
      /* "1.2.3.4:22" or ":::::" pass the character check but are not
       * addresses (and would make vsm_uri_build_ssh emit a bad URI). */
      if (!g_hostname_is_ip_address (host))
        goto bad;
      return TRUE;
    }

  if (strlen (host) > 253)
    goto bad;

  labels = g_strsplit (host, ".", -1);
  for (guint i = 0; labels[i] != NULL; i++)
    {
      const char *l = labels[i];
      gsize len = strlen (l);

      if (len == 0 || len > 63 || l[0] == '-' || l[len - 1] == '-')
        goto bad;
      for (const char *p = l; *p; p++)
        if (!g_ascii_isalnum (*p) && *p != '-' && *p != '_')
          goto bad;
    }
  return TRUE;

bad:
  g_set_error (error, VSM_ERROR, VSM_ERROR_INVALID_INPUT, _("“%s” is not a valid host name or address"), host);
  return FALSE;
}

/**
 * vsm_uri_validate:
 * @uri: a libvirt connection URI
 *
 * Checks a URI before anything is handed to libvirt: it must parse, name a
 * driver libvirt knows with an optional known transport, and carry a path
 * that makes sense for the driver.
 */
gboolean
vsm_uri_validate (const char  *uri,
                  GError     **error)
{
  g_autoptr(GUri) parsed = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *scheme = NULL;
  const char *plus;
  const char *path;
  const char *host;
  gboolean remote;

  if (uri == NULL || *uri == '\0')
    {
      g_set_error_literal (error, VSM_ERROR, VSM_ERROR_INVALID_INPUT, _("Enter a connection URI, for example qemu:///system"));
      return FALSE;
    }

  for (const char *p = uri; *p; p++)
    {
      if (g_ascii_isspace (*p) || g_ascii_iscntrl (*p))
        {
          g_set_error_literal (error, VSM_ERROR, VSM_ERROR_INVALID_INPUT, _("A connection URI cannot contain spaces"));
          return FALSE;
        }
    }
  /* The URI is saved in GSettings (UTF-8 only) and shown in labels: no
   * broken UTF-8 (--connect takes raw bytes) and no C1 controls such as
   * U+0085, which GUri lets through. */
  if (!g_utf8_validate (uri, -1, NULL))
    {
      g_set_error_literal (error, VSM_ERROR, VSM_ERROR_INVALID_INPUT, _("A connection URI can contain only printable characters"));
      return FALSE;
    }
  for (const char *p = uri; *p; p = g_utf8_next_char (p))
    {
      if (g_unichar_iscntrl (g_utf8_get_char (p)))
        {
          g_set_error_literal (error, VSM_ERROR, VSM_ERROR_INVALID_INPUT, _("A connection URI can contain only printable characters"));
          return FALSE;
        }
    }

  parsed = g_uri_parse (uri, G_URI_FLAGS_NON_DNS, &local_error);
  if (parsed == NULL)
    {
      g_set_error (error, VSM_ERROR, VSM_ERROR_INVALID_INPUT, _("“%s” is not a valid URI"), uri);
      return FALSE;
    }

  scheme = g_ascii_strdown (g_uri_get_scheme (parsed), -1);
  plus = strchr (scheme, '+');
  if (plus != NULL)
    {
      if (!strv_has (transports, plus + 1))
        {
          g_set_error (error, VSM_ERROR, VSM_ERROR_INVALID_INPUT, _("Unknown transport “%s”; use ssh, tls, tcp or unix"), plus + 1);
          return FALSE;
        }
      scheme[plus - scheme] = '\0';
      remote = g_strcmp0 (plus + 1, "unix") != 0;
    }
  else
    remote = FALSE;

  if (!strv_has (drivers, scheme))
    {
      g_set_error (error, VSM_ERROR, VSM_ERROR_INVALID_INPUT, _("Unknown hypervisor driver “%s”"), scheme);
      return FALSE;
    }

  host = g_uri_get_host (parsed);
  if (host != NULL && *host != '\0')
    {
      g_autoptr(GError) host_error = NULL;

      if (!vsm_hostname_validate (host, &host_error))
        {
          g_propagate_error (error, g_steal_pointer (&host_error));
          return FALSE;
        }
      remote = TRUE;
    }
  else if (remote && plus != NULL && g_strcmp0 (plus + 1, "unix") != 0)
    {
      g_set_error_literal (error, VSM_ERROR, VSM_ERROR_INVALID_INPUT, _("A remote connection needs a host name"));
      return FALSE;
    }

  if (g_uri_get_port (parsed) == 0 || g_uri_get_port (parsed) > 65535)
    {
      g_set_error_literal (error, VSM_ERROR, VSM_ERROR_INVALID_INPUT, _("The port must be between 1 and 65535"));
      return FALSE;
    }

  path = g_uri_get_path (parsed);
  if (g_str_equal (scheme, "qemu"))
    {
      if (!g_str_equal (path, "/system") && !g_str_equal (path, "/session") &&
          !g_str_has_prefix (path, "/embed"))
        {
          g_set_error_literal (error, VSM_ERROR, VSM_ERROR_INVALID_INPUT, _("QEMU URIs end in /system or /session"));
          return FALSE;
        }
    }
  else if (g_str_equal (scheme, "test") && !remote)
    {
      if (!g_str_has_prefix (path, "/") || g_str_equal (path, "/"))
        {
          g_set_error_literal (error, VSM_ERROR, VSM_ERROR_INVALID_INPUT, _("Test URIs are test:///default or test:///absolute/path/to/node.xml"));
          return FALSE;
        }
    }

  return TRUE;
}

/**
 * vsm_uri_build_ssh:
 * @user: (nullable): remote user name, or %NULL for the ssh default
 * @host: host name or address
 * @port: ssh port, 0 for the default
 * @session: connect to the user's session daemon instead of the system one
 */
char *
vsm_uri_build_ssh (const char  *user,
                   const char  *host,
                   guint        port,
                   gboolean     session,
                   GError     **error)
{
  g_autoptr(GString) s = g_string_new ("qemu+ssh://");

  if (!vsm_hostname_validate (host, error))
    return NULL;

  if (port > 65535)
    {
      g_set_error_literal (error, VSM_ERROR, VSM_ERROR_INVALID_INPUT, _("The port must be between 1 and 65535"));
      return NULL;
    }

  if (user != NULL && *user != '\0')
    {
      for (const char *p = user; *p; p++)
        if (!g_ascii_isalnum (*p) && strchr ("._-", *p) == NULL)
          {
            g_set_error (error, VSM_ERROR, VSM_ERROR_INVALID_INPUT, _("“%s” is not a valid user name"), user);
            return NULL;
          }
      g_string_append_printf (s, "%s@", user);
    }

  if (strchr (host, ':') != NULL)
    g_string_append_printf (s, "[%s]", host);
  else
    g_string_append (s, host);

  if (port != 0)
    g_string_append_printf (s, ":%u", port);

  g_string_append (s, session ? "/session" : "/system");
  return g_string_free (g_steal_pointer (&s), FALSE);
}

gboolean
vsm_uri_is_test (const char *uri)
{
  return uri != NULL && g_str_has_prefix (uri, "test:");
}

/**
 * vsm_uri_is_demo:
 *
 * Whether @uri is the bundled demo (the test driver on demo-node.xml),
 * which marks what the test driver cannot do before it is tried.
 */
gboolean
vsm_uri_is_demo (const char *uri)
{
  return vsm_uri_is_test (uri) && g_str_has_suffix (uri, "/demo-node.xml");
}

/**
 * vsm_uri_dup_title:
 *
 * A human title for the sidebar: "QEMU/KVM", "QEMU/KVM User Session",
 * "host — QEMU/KVM", "Demo (no changes are saved)".
 */
char *
vsm_uri_dup_title (const char *uri)
{
  g_autoptr(GUri) parsed = NULL;
  const char *host;
  const char *path;
  gboolean session;

  if (uri == NULL)
    return g_strdup ("");

  if (vsm_uri_is_test (uri))
    {
      if (vsm_uri_is_demo (uri))
        return g_strdup (_("Demo (no changes are saved)"));
      if (g_str_equal (uri, "test:///default"))
        return g_strdup (_("Test driver"));
    }

  parsed = g_uri_parse (uri, G_URI_FLAGS_NON_DNS, NULL);
  if (parsed == NULL)
    return g_strdup (uri);

  host = g_uri_get_host (parsed);
  path = g_uri_get_path (parsed);
  session = g_strcmp0 (path, "/session") == 0;

  if (g_str_has_prefix (g_uri_get_scheme (parsed), "qemu"))
    {
      if (host != NULL && *host != '\0')
        {
          const char *user = g_uri_get_user (parsed);
          g_autofree char *who = user ? g_strdup_printf ("%s@%s", user, host) : g_strdup (host);

          return session ? g_strdup_printf (_("%s — QEMU/KVM User Session"), who)
                         : g_strdup_printf (_("%s — QEMU/KVM"), who);
        }
      return session ? g_strdup (_("QEMU/KVM User Session")) : g_strdup (_("QEMU/KVM"));
    }

  return g_strdup (uri);
}

/**
 * vsm_uri_is_local:
 *
 * Whether the connection's host is this computer (no host in @uri, or
 * localhost without a transport), so that a path it names can be read
 * here too.
 */
gboolean
vsm_uri_is_local (const char *uri)
{
  g_autoptr(GUri) parsed = uri != NULL ? g_uri_parse (uri, G_URI_FLAGS_NON_DNS, NULL) : NULL;
  const char *host;

  if (parsed == NULL)
    return FALSE;
  host = g_uri_get_host (parsed);
  if (host == NULL || *host == '\0')
    return TRUE;
  return strchr (g_uri_get_scheme (parsed), '+') == NULL &&
         (g_ascii_strcasecmp (host, "localhost") == 0 || g_str_equal (host, "127.0.0.1"));
}
