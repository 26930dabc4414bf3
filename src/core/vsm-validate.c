/* vsm-validate.c
 *
 * The field validators: what the forms check next to each field before
 * anything reaches libvirt (names, paths, ports, hosts, IQNs, WWNs,
 * volume group and source names, user and group IDs). Pure: each returns
 * FALSE with a VSM_ERROR_INVALID_INPUT error that says what to type.
 *
 * Copyright 2026 Virt Storage developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "vsm-error.h"
#include "vsm-uri.h"
#include "vsm-validate.h"

#define MAX_NAME_BYTES 255
#define MAX_PATH_BYTES 4096
#define MAX_IQN_BYTES 223   /* RFC 3720 §3.2.6.1 */

static gboolean
is_set (const char *s)
{
  return s != NULL && *s != '\0';
}

gboolean
vsm_str_has_control_chars (const char *s)
{
  for (const guchar *p = (const guchar *) s; *p; p++)
    if (*p < 0x20 || *p == 0x7f)
      return TRUE;
  return FALSE;
}

gboolean
vsm_invalid_input (GError     **error,
                   const char  *message)
{
  g_set_error_literal (error, VSM_ERROR, VSM_ERROR_INVALID_INPUT, message);
  return FALSE;
}

/**
 * vsm_pool_name_validate:
 * @existing: (nullable) (element-type utf8 utf8): pool names already on the
 *   connection (keys)
 *
 * libvirt's rules (non-empty, no '/') plus what keeps names usable on a
 * command line and in file names: no leading '.', no control characters,
 * no leading or trailing space, at most 255 bytes.
 */
gboolean
vsm_pool_name_validate (const char  *name,
                        GHashTable  *existing,
                        GError     **error)
{
  if (!is_set (name))
    return vsm_invalid_input (error, _("Enter a name for the pool"));
  if (!g_utf8_validate (name, -1, NULL))
    return vsm_invalid_input (error, _("The name is not valid UTF-8 text"));
  if (strlen (name) > MAX_NAME_BYTES)
    return vsm_invalid_input (error, _("The name is too long (at most 255 bytes)"));
  if (strchr (name, '/') != NULL)
    return vsm_invalid_input (error, _("The name cannot contain “/”"));
  if (name[0] == '.')
    return vsm_invalid_input (error, _("The name cannot start with “.”"));
  if (vsm_str_has_control_chars (name))
    return vsm_invalid_input (error, _("The name cannot contain control characters"));
  /* " images" would be a second pool that looks like "images", and virsh
   * lines drop the space unless quoted. Volumes refuse it too. */
  if (name[0] == ' ' || name[strlen (name) - 1] == ' ')
    return vsm_invalid_input (error, _("The name cannot start or end with a space"));
  if (existing != NULL && g_hash_table_contains (existing, name))
    {
      g_set_error (error, VSM_ERROR, VSM_ERROR_EXISTS,
                   _("A storage pool named “%s” already exists"), name);
      return FALSE;
    }
  return TRUE;
}

/**
 * vsm_absolute_path_validate:
 *
 * An absolute path with no control characters (newlines included) and no
 * ".." component.
 */
gboolean
vsm_absolute_path_validate (const char  *path,
                            GError     **error)
{
  g_auto(GStrv) parts = NULL;

  if (!is_set (path))
    return vsm_invalid_input (error, _("Enter a path"));
  if (!g_utf8_validate (path, -1, NULL))
    return vsm_invalid_input (error, _("The path is not valid UTF-8 text"));
  if (path[0] != '/')
    {
      g_set_error (error, VSM_ERROR, VSM_ERROR_INVALID_INPUT,
                   _("“%s” is not an absolute path: it must start with “/”"), path);
      return FALSE;
    }
  if (vsm_str_has_control_chars (path))
    return vsm_invalid_input (error, _("The path cannot contain control characters or line breaks"));
  if (strlen (path) > MAX_PATH_BYTES)
    return vsm_invalid_input (error, _("The path is too long"));

  parts = g_strsplit (path, "/", -1);
  for (guint i = 0; parts[i] != NULL; i++)
    if (g_str_equal (parts[i], ".."))
      return vsm_invalid_input (error, _("The path cannot contain a “..” component"));
  return TRUE;
}

/**
 * vsm_port_validate:
 * @port: (out) (optional): the port
 *
 * Decimal digits only, 1–65535.
 */
gboolean
vsm_port_validate (const char  *text,
                   guint       *port,
                   GError     **error)
{
  guint64 value = 0;

  if (!is_set (text))
    return vsm_invalid_input (error, _("Enter a port number"));
  for (const char *p = text; *p; p++)
    if (!g_ascii_isdigit (*p))
      {
        g_set_error (error, VSM_ERROR, VSM_ERROR_INVALID_INPUT,
                     _("“%s” is not a port number"), text);
        return FALSE;
      }
  if (strlen (text) > 5 || (value = g_ascii_strtoull (text, NULL, 10)) < 1 || value > 65535)
    return vsm_invalid_input (error, _("The port must be between 1 and 65535"));
  if (port != NULL)
    *port = (guint) value;
  return TRUE;
}

/* Splits "name", "name:port", "[v6]", "[v6]:port" or a bare IPv6 literal
 * (no port then). Only the syntax is checked here. */
gboolean
vsm_split_host_port (const char  *text,
                     char       **host,
                     char       **port)
{
  const char *colon;

  *host = NULL;
  *port = NULL;
  if (text == NULL)
    return FALSE;

  if (text[0] == '[')
    {
      const char *close = strchr (text, ']');

      if (close == NULL || close == text + 1)
        return FALSE;
      *host = g_strndup (text + 1, close - text - 1);
      if (strchr (*host, ':') == NULL)
        {
          g_clear_pointer (host, g_free);
          return FALSE;
        }
      if (close[1] == '\0')
        return TRUE;
      if (close[1] != ':')
        {
          g_clear_pointer (host, g_free);
          return FALSE;
        }
      *port = g_strdup (close + 2);
      return TRUE;
    }

  colon = strchr (text, ':');
  if (colon != NULL && strchr (colon + 1, ':') == NULL)
    {
      *host = g_strndup (text, colon - text);
      *port = g_strdup (colon + 1);
      return TRUE;
    }
  *host = g_strdup (text);
  return TRUE;
}

/**
 * vsm_host_port_validate:
 *
 * "host", "host:port", "[IPv6]" or "[IPv6]:port" (a bare IPv6 literal is
 * accepted without a port). The host goes through vsm_hostname_validate().
 */
gboolean
vsm_host_port_validate (const char  *text,
                        GError     **error)
{
  g_autofree char *host = NULL;
  g_autofree char *port = NULL;

  if (!is_set (text))
    return vsm_invalid_input (error, _("Enter a host name"));
  if (!vsm_split_host_port (text, &host, &port))
    {
      g_set_error (error, VSM_ERROR, VSM_ERROR_INVALID_INPUT,
                   _("“%s” is not a valid host: write IPv6 addresses in brackets, e.g. [::1]:3260"), text);
      return FALSE;
    }
  if (!vsm_hostname_validate (host, error))
    return FALSE;
  if (port != NULL && !vsm_port_validate (port, NULL, error))
    return FALSE;
  return TRUE;
}

static gboolean
all_xdigits (const char *s,
             gsize       len)
{
  if (strlen (s) != len)
    return FALSE;
  for (gsize i = 0; i < len; i++)
    if (!g_ascii_isxdigit (s[i]))
      return FALSE;
  return TRUE;
}

static gboolean
iqn_syntax_ok (const char *iqn)
{
  const char *p, *domain, *colon;
  int month;
  g_autofree char *dom = NULL;
  g_auto(GStrv) labels = NULL;

  if (g_str_has_prefix (iqn, "eui."))
    return all_xdigits (iqn + 4, 16);
  if (g_str_has_prefix (iqn, "naa."))
    return all_xdigits (iqn + 4, 16) || all_xdigits (iqn + 4, 32);
  if (!g_str_has_prefix (iqn, "iqn."))
    return FALSE;

  /* iqn.YYYY-MM.reverse.domain[:anything] */
  p = iqn + 4;
  for (int i = 0; i < 4; i++)
    if (!g_ascii_isdigit (p[i]))
      return FALSE;
  if (p[4] != '-' || !g_ascii_isdigit (p[5]) || !g_ascii_isdigit (p[6]) || p[7] != '.')
    return FALSE;
  month = (p[5] - '0') * 10 + (p[6] - '0');
  if (month < 1 || month > 12)
    return FALSE;

  domain = p + 8;
  colon = strchr (domain, ':');
  dom = colon != NULL ? g_strndup (domain, colon - domain) : g_strdup (domain);
  if (*dom == '\0')
    return FALSE;
  labels = g_strsplit (dom, ".", -1);
  for (guint i = 0; labels[i] != NULL; i++)
    {
      gsize len = strlen (labels[i]);

      if (len == 0 || labels[i][0] == '-' || labels[i][len - 1] == '-')
        return FALSE;
      for (const char *c = labels[i]; *c; c++)
        if (!g_ascii_isalnum (*c) && *c != '-')
          return FALSE;
    }
  /* The part after ':' is free-form but must not be empty. */
  if (colon != NULL && colon[1] == '\0')
    return FALSE;
  return TRUE;
}

/**
 * vsm_iqn_validate:
 *
 * An iSCSI name (RFC 3720): iqn.YYYY-MM.reverse.domain[:anything],
 * eui. + 16 hex digits, or naa. + 16 or 32 hex digits. No spaces, at most
 * 223 bytes.
 */
gboolean
vsm_iqn_validate (const char  *iqn,
                  GError     **error)
{
  if (!is_set (iqn))
    return vsm_invalid_input (error, _("Enter an iSCSI name (IQN)"));
  if (strlen (iqn) > MAX_IQN_BYTES || !g_utf8_validate (iqn, -1, NULL) ||
      vsm_str_has_control_chars (iqn) || strpbrk (iqn, " \t") != NULL || !iqn_syntax_ok (iqn))
    {
      g_set_error (error, VSM_ERROR, VSM_ERROR_INVALID_INPUT,
                   _("“%s” is not a valid iSCSI name: expected iqn.YYYY-MM.reverse.domain:name, "
                     "eui. and 16 hexadecimal digits, or naa. and 16 or 32 hexadecimal digits"),
                   iqn);
      return FALSE;
    }
  return TRUE;
}

/**
 * vsm_iscsi_target_validate:
 *
 * An iSCSI target name as libvirt takes it (the <device path=…/> of an
 * iscsi or iscsi-direct pool): any name without spaces, control
 * characters or slashes (a path is the exported device, not the target),
 * at most 223 bytes. Names that are not RFC 3720 iSCSI names
 * ("demo-target", as the course's notes use) are accepted here and get
 * vsm_iscsi_target_warning().
 */
gboolean
vsm_iscsi_target_validate (const char  *name,
                           GError     **error)
{
  if (!is_set (name))
    return vsm_invalid_input (error, _("Enter the iSCSI target name (IQN)"));
  if (strlen (name) > MAX_IQN_BYTES || !g_utf8_validate (name, -1, NULL) ||
      vsm_str_has_control_chars (name) || strpbrk (name, " \t") != NULL)
    {
      g_set_error (error, VSM_ERROR, VSM_ERROR_INVALID_INPUT,
                   _("“%s” cannot be an iSCSI target name: it must have no spaces and at most 223 bytes"), name);
      return FALSE;
    }
  /* the device the target exports, not its name: an easy mix-up */
  if (strchr (name, '/') != NULL)
    {
      g_set_error (error, VSM_ERROR, VSM_ERROR_INVALID_INPUT,
                   _("“%s” is a path: enter the name of the iSCSI target, e.g. iqn.2024-01.com.example:disk1"), name);
      return FALSE;
    }
  return TRUE;
}

/**
 * vsm_iscsi_target_warning:
 *
 * Returns: (transfer full) (nullable): what to tell about a target name
 * that vsm_iscsi_target_validate() accepts but that is not an RFC 3720
 * name, or %NULL
 */
char *
vsm_iscsi_target_warning (const char *name)
{
  if (!vsm_iscsi_target_validate (name, NULL) || vsm_iqn_validate (name, NULL))
    return NULL;
  return g_strdup_printf (_("“%s” is not a standard iSCSI name (iqn.YYYY-MM.reverse.domain:name). "
                            "libvirt accepts it; the target must use exactly this name."), name);
}

/**
 * vsm_wwn_validate:
 *
 * A Fibre Channel world wide name: 16 hex digits, optionally after "0x".
 */
gboolean
vsm_wwn_validate (const char  *wwn,
                  GError     **error)
{
  const char *digits = wwn;

  if (!is_set (wwn))
    return vsm_invalid_input (error, _("Enter a world wide name (WWN)"));
  if (g_str_has_prefix (wwn, "0x") || g_str_has_prefix (wwn, "0X"))
    digits = wwn + 2;
  if (!all_xdigits (digits, 16))
    {
      g_set_error (error, VSM_ERROR, VSM_ERROR_INVALID_INPUT,
                   _("“%s” is not a valid WWN: expected 16 hexadecimal digits"), wwn);
      return FALSE;
    }
  return TRUE;
}

gboolean
vsm_text_validate (const char  *text,
                   const char  *empty_message,
                   GError     **error)
{
  if (!is_set (text))
    return vsm_invalid_input (error, empty_message);
  if (!g_utf8_validate (text, -1, NULL) || vsm_str_has_control_chars (text))
    return vsm_invalid_input (error, _("Line breaks and control characters are not allowed here"));
  return TRUE;
}

/* LVM volume group names: [A-Za-z0-9+_.-], no leading '-', not "." or "..". */
gboolean
vsm_vg_name_validate (const char  *name,
                      GError     **error)
{
  gboolean ok = is_set (name) && name[0] != '-' && g_strcmp0 (name, ".") != 0 &&
                g_strcmp0 (name, "..") != 0 && strlen (name) <= 127;

  for (const char *p = name; ok && *p; p++)
    if (!g_ascii_isalnum (*p) && strchr ("+_.-", *p) == NULL)
      ok = FALSE;
  if (!ok)
    {
      if (!is_set (name))
        return vsm_invalid_input (error, _("Enter the volume group name"));
      g_set_error (error, VSM_ERROR, VSM_ERROR_INVALID_INPUT,
                   _("“%s” is not a valid volume group name: use letters, digits and + _ . -"), name);
      return FALSE;
    }
  return TRUE;
}

/**
 * vsm_pool_source_name_validate:
 * @pool_type: the pool type ("logical", "rbd", "gluster", …)
 * @name: (nullable): the source name as typed
 *
 * The source name field on its own, as vsm_pool_spec_validate() checks
 * it (so that the wizard can say it next to the field): a volume group
 * name for logical pools (which may leave it empty), otherwise required,
 * with no "/", line breaks or control characters.
 */
gboolean
vsm_pool_source_name_validate (const char  *pool_type,
                               const char  *name,
                               GError     **error)
{
  if (g_strcmp0 (pool_type, "logical") == 0)
    return !is_set (name) || vsm_vg_name_validate (name, error);
  if (!vsm_text_validate (name, _("Enter a name"), error))
    return FALSE;
  if (strchr (name, '/') != NULL)
    return vsm_invalid_input (error, _("The name cannot contain “/”"));
  return TRUE;
}

gboolean
vsm_str_is_digits (const char *s)
{
  if (!is_set (s))
    return FALSE;
  for (const char *p = s; *p; p++)
    if (!g_ascii_isdigit (*p))
      return FALSE;
  return TRUE;
}

gboolean
vsm_id_validate (const char  *id,
                 GError     **error)
{
  /* libvirt takes a numeric uid/gid, or -1 for "leave as is". */
  if (g_strcmp0 (id, "-1") == 0 || (vsm_str_is_digits (id) && strlen (id) <= 10 &&
                                     g_ascii_strtoull (id, NULL, 10) <= G_MAXUINT32))
    return TRUE;
  g_set_error (error, VSM_ERROR, VSM_ERROR_INVALID_INPUT,
               _("“%s” is not a numeric user or group ID"), id);
  return FALSE;
}
