/* vsm-pool-spec.c
 *
 * The New Pool wizard's data: validation, libvirt pool and secret XML, and
 * the equivalent virsh command lines. Pure: no connection, no GTK.
 *
 * The XML follows libvirt's formatstorage.html and lists the <source>
 * children in the order libvirt's own formatter writes them (host, device,
 * dir, adapter, name, initiator, format, auth, protocol), so what we define
 * reads like what `virsh pool-dumpxml --inactive` prints back. The tests
 * validate every document against libvirt's storagepool.rng / secret.rng.
 *
 * Copyright 2026 Virt Storage developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vsm-pool-spec"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "vsm-error.h"
#include "vsm-pool-spec.h"
#include "vsm-pool-spec-private.h"
#include "vsm-pool-type.h"
#include "vsm-virsh.h"
#include "vsm-uri.h"

#define SECRET_USAGE_PREFIX "virt-storage:"

/* ------------------------------------------------------------------ */
/* Spec lifetime                                                       */

static GPtrArray *
str_array_new (void)
{
  return g_ptr_array_new_with_free_func (g_free);
}

static GPtrArray *
str_array_copy (const GPtrArray *array)
{
  GPtrArray *copy = str_array_new ();

  for (guint i = 0; i < array_len (array); i++)
    g_ptr_array_add (copy, g_strdup (array_get (array, i)));
  return copy;
}

/**
 * vsm_pool_spec_new:
 * @type: a libvirt pool type
 *
 * A persistent pool that is started and autostarted, built as the type
 * table says (default_build: a directory or mount point is created, no
 * device is ever written by default).
 */
VsmPoolSpec *
vsm_pool_spec_new (const char *type)
{
  VsmPoolSpec *spec = g_new0 (VsmPoolSpec, 1);
  const VsmPoolTypeInfo *info = vsm_pool_type_lookup (type);

  spec->type = g_strdup (type);
  spec->hosts = str_array_new ();
  spec->devices = str_array_new ();
  spec->persistent = TRUE;
  spec->start = TRUE;
  spec->autostart = TRUE;
  spec->build = info->default_build;
  return spec;
}

void
vsm_pool_spec_free (VsmPoolSpec *spec)
{
  if (spec == NULL)
    return;
  g_free (spec->type);
  g_free (spec->name);
  g_free (spec->target_path);
  g_free (spec->target_mode);
  g_free (spec->target_owner);
  g_free (spec->target_group);
  g_clear_pointer (&spec->hosts, g_ptr_array_unref);
  g_free (spec->source_dir);
  g_clear_pointer (&spec->devices, g_ptr_array_unref);
  g_free (spec->source_name);
  g_free (spec->source_format);
  g_free (spec->protocol_version);
  g_free (spec->adapter_type);
  g_free (spec->adapter_name);
  g_free (spec->adapter_parent);
  g_free (spec->adapter_wwnn);
  g_free (spec->adapter_wwpn);
  g_free (spec->initiator_iqn);
  g_free (spec->auth_username);
  g_free (spec->secret_usage);
  g_free (spec);
}

VsmPoolSpec *
vsm_pool_spec_copy (const VsmPoolSpec *spec)
{
  VsmPoolSpec *copy;

  if (spec == NULL)
    return NULL;

  copy = g_new0 (VsmPoolSpec, 1);
  copy->type = g_strdup (spec->type);
  copy->name = g_strdup (spec->name);
  copy->target_path = g_strdup (spec->target_path);
  copy->target_mode = g_strdup (spec->target_mode);
  copy->target_owner = g_strdup (spec->target_owner);
  copy->target_group = g_strdup (spec->target_group);
  copy->hosts = str_array_copy (spec->hosts);
  copy->source_dir = g_strdup (spec->source_dir);
  copy->devices = str_array_copy (spec->devices);
  copy->source_name = g_strdup (spec->source_name);
  copy->source_format = g_strdup (spec->source_format);
  copy->protocol_version = g_strdup (spec->protocol_version);
  copy->adapter_type = g_strdup (spec->adapter_type);
  copy->adapter_name = g_strdup (spec->adapter_name);
  copy->adapter_parent = g_strdup (spec->adapter_parent);
  copy->adapter_wwnn = g_strdup (spec->adapter_wwnn);
  copy->adapter_wwpn = g_strdup (spec->adapter_wwpn);
  copy->initiator_iqn = g_strdup (spec->initiator_iqn);
  copy->auth_username = g_strdup (spec->auth_username);
  copy->secret_usage = g_strdup (spec->secret_usage);
  copy->persistent = spec->persistent;
  copy->build = spec->build;
  copy->start = spec->start;
  copy->autostart = spec->autostart;
  return copy;
}

const char *
vsm_pool_spec_adapter_type (const VsmPoolSpec *spec)
{
  if (is_set (spec->adapter_type))
    return spec->adapter_type;
  if (is_set (spec->adapter_wwnn) || is_set (spec->adapter_wwpn))
    return "fc_host";
  return "scsi_host";
}

const char *
vsm_pool_spec_format (const VsmPoolSpec     *spec,
                      const VsmPoolTypeInfo *info)
{
  if (info->formats == NULL)
    return NULL;
  if (is_set (spec->source_format))
    return spec->source_format;
  /* libvirt writes lvm2 back for every logical pool. */
  return info->kind == VSM_POOL_KIND_LOGICAL ? "lvm2" : NULL;
}

/* The target path we put in the XML: the spec's, or libvirt's usual one. */
char *
vsm_pool_spec_target (const VsmPoolSpec     *spec,
                      const VsmPoolTypeInfo *info)
{
  if (!kind_has_target (info))
    return NULL;
  if (is_set (spec->target_path))
    return g_strdup (spec->target_path);
  switch (info->kind)
    {
    case VSM_POOL_KIND_LOGICAL:
      return g_strconcat ("/dev/", is_set (spec->source_name) ? spec->source_name : spec->name, NULL);
    case VSM_POOL_KIND_DISK:
      return g_strdup ("/dev");
    case VSM_POOL_KIND_ISCSI:
    case VSM_POOL_KIND_SCSI:
      return g_strdup ("/dev/disk/by-path");
    case VSM_POOL_KIND_DIR:
    case VSM_POOL_KIND_FS:
    case VSM_POOL_KIND_NETFS:
    case VSM_POOL_KIND_ISCSI_DIRECT:
    case VSM_POOL_KIND_RBD:
    case VSM_POOL_KIND_GLUSTER:
    case VSM_POOL_KIND_OTHER:
    default:
      return NULL;
    }
}

gboolean
vsm_pool_spec_has_auth (const VsmPoolSpec     *spec,
                        const VsmPoolTypeInfo *info)
{
  return vsm_pool_type_has_auth (info) && is_set (spec->auth_username);
}

static gboolean
netfs_dir_is_relative_ok (const char *format)
{
  /* CIFS shares and Gluster volumes are names, not absolute paths. */
  return g_strcmp0 (format, "cifs") == 0 || g_strcmp0 (format, "glusterfs") == 0;
}

static gboolean
validate_hosts (const VsmPoolSpec      *spec,
                const VsmPoolTypeInfo  *info,
                GError                **error)
{
  guint n = array_len (spec->hosts);

  if (n == 0)
    return vsm_invalid_input (error, info->kind == VSM_POOL_KIND_RBD ? _("Enter at least one Ceph monitor host")
                                         : _("Enter the server’s host name or address"));
  if (n > 1 && info->kind != VSM_POOL_KIND_RBD)
    return vsm_invalid_input (error, _("This pool type takes exactly one host"));
  for (guint i = 0; i < n; i++)
    if (!vsm_host_port_validate (array_get (spec->hosts, i), error))
      return FALSE;
  return TRUE;
}

static gboolean
validate_one_device (const VsmPoolSpec  *spec,
                     GError            **error)
{
  if (array_len (spec->devices) == 0)
    return vsm_invalid_input (error, _("Choose the source device"));
  if (array_len (spec->devices) > 1)
    return vsm_invalid_input (error, _("This pool type takes exactly one device"));
  return vsm_absolute_path_validate (array_get (spec->devices, 0), error);
}

static gboolean
validate_target_iqn (const VsmPoolSpec  *spec,
                     GError            **error)
{
  if (array_len (spec->devices) == 0)
    return vsm_invalid_input (error, _("Enter the iSCSI target name (IQN)"));
  if (array_len (spec->devices) > 1)
    return vsm_invalid_input (error, _("Enter exactly one iSCSI target"));
  return vsm_iscsi_target_validate (array_get (spec->devices, 0), error);
}

/**
 * vsm_pool_spec_validate:
 * @existing_names: (nullable): see vsm_pool_name_validate()
 *
 * Checks the fields the type uses; fields that do not apply to the type
 * are ignored (and left out of the XML and the virsh lines).
 */
gboolean
vsm_pool_spec_validate (const VsmPoolSpec  *spec,
                        GHashTable         *existing_names,
                        GError            **error)
{
  const VsmPoolTypeInfo *info;
  const char * const *formats;

  g_return_val_if_fail (spec != NULL, FALSE);

  info = vsm_pool_type_lookup (spec->type);
  if (info->kind == VSM_POOL_KIND_OTHER)
    {
      g_set_error (error, VSM_ERROR, VSM_ERROR_INVALID_INPUT,
                   _("“%s” is not a pool type this application can create"),
                   spec->type ? spec->type : "");
      return FALSE;
    }
  if (!vsm_pool_name_validate (spec->name, existing_names, error))
    return FALSE;

  /* Source */
  switch (info->kind)
    {
    case VSM_POOL_KIND_DIR:
      break;
    case VSM_POOL_KIND_FS:
    case VSM_POOL_KIND_DISK:
      if (!validate_one_device (spec, error))
        return FALSE;
      break;
    case VSM_POOL_KIND_NETFS:
      if (!validate_hosts (spec, info, error))
        return FALSE;
      if (!is_set (spec->source_dir))
        return vsm_invalid_input (error, _("Enter the exported directory"));
      if (netfs_dir_is_relative_ok (spec->source_format))
        {
          if (!vsm_text_validate (spec->source_dir, _("Enter the exported directory"), error))
            return FALSE;
        }
      else if (!vsm_absolute_path_validate (spec->source_dir, error))
        return FALSE;
      if (is_set (spec->protocol_version))
        {
          if (!vsm_str_is_digits (spec->protocol_version) || strlen (spec->protocol_version) > 2)
            return vsm_invalid_input (error, _("The NFS protocol version must be a number such as 3 or 4"));
          if (is_set (spec->source_format) && g_strcmp0 (spec->source_format, "nfs") != 0 &&
              g_strcmp0 (spec->source_format, "auto") != 0)
            return vsm_invalid_input (error, _("A protocol version can only be given for NFS"));
        }
      break;
    case VSM_POOL_KIND_LOGICAL:
      if (!is_set (spec->source_name) && array_len (spec->devices) == 0)
        return vsm_invalid_input (error, _("Enter a volume group name or choose at least one device"));
      if (is_set (spec->source_name) && !vsm_vg_name_validate (spec->source_name, error))
        return FALSE;
      if (!is_set (spec->source_name) && !is_set (spec->target_path) &&
          !vsm_vg_name_validate (spec->name, NULL))
        return vsm_invalid_input (error, _("Enter the volume group name: the pool name is not a valid one"));
      for (guint i = 0; i < array_len (spec->devices); i++)
        if (!vsm_absolute_path_validate (array_get (spec->devices, i), error))
          return FALSE;
      break;
    case VSM_POOL_KIND_ISCSI:
      if (!validate_hosts (spec, info, error) || !validate_target_iqn (spec, error))
        return FALSE;
      if (is_set (spec->initiator_iqn) && !vsm_iqn_validate (spec->initiator_iqn, error))
        return FALSE;
      break;
    case VSM_POOL_KIND_ISCSI_DIRECT:
      if (!validate_hosts (spec, info, error) || !validate_target_iqn (spec, error))
        return FALSE;
      if (!is_set (spec->initiator_iqn))
        return vsm_invalid_input (error, _("iSCSI direct pools need the initiator name (IQN) of this host"));
      if (!vsm_iqn_validate (spec->initiator_iqn, error))
        return FALSE;
      break;
    case VSM_POOL_KIND_SCSI:
      {
        const char *atype = vsm_pool_spec_adapter_type (spec);

        if (g_str_equal (atype, "scsi_host"))
          {
            const char *n = spec->adapter_name;
            const char *digits = NULL;

            if (!is_set (n))
              return vsm_invalid_input (error, _("Choose the SCSI host adapter, or enter the WWNN and WWPN of a Fibre Channel adapter"));
            if (g_str_has_prefix (n, "scsi_host"))
              digits = n + strlen ("scsi_host");
            else if (g_str_has_prefix (n, "host"))
              digits = n + strlen ("host");
            if (!vsm_str_is_digits (digits))
              {
                g_set_error (error, VSM_ERROR, VSM_ERROR_INVALID_INPUT,
                             _("“%s” is not a SCSI host name such as host0"), n);
                return FALSE;
              }
          }
        else if (g_str_equal (atype, "fc_host"))
          {
            if (!is_set (spec->adapter_wwnn) || !is_set (spec->adapter_wwpn))
              return vsm_invalid_input (error, _("Enter both the WWNN and the WWPN of the Fibre Channel adapter"));
            if (!vsm_wwn_validate (spec->adapter_wwnn, error) ||
                !vsm_wwn_validate (spec->adapter_wwpn, error))
              return FALSE;
            if (is_set (spec->adapter_parent) &&
                !vsm_text_validate (spec->adapter_parent, "", error))
              return FALSE;
          }
        else
          {
            g_set_error (error, VSM_ERROR, VSM_ERROR_INVALID_INPUT,
                         _("“%s” is not an adapter type (scsi_host or fc_host)"), atype);
            return FALSE;
          }
      }
      break;
    case VSM_POOL_KIND_RBD:
      if (!vsm_text_validate (spec->source_name, _("Enter the Ceph pool name"), error) ||
          !validate_hosts (spec, info, error))
        return FALSE;
      break;
    case VSM_POOL_KIND_GLUSTER:
      if (!validate_hosts (spec, info, error) ||
          !vsm_text_validate (spec->source_name, _("Enter the Gluster volume name"), error))
        return FALSE;
      if (is_set (spec->source_dir) && !vsm_absolute_path_validate (spec->source_dir, error))
        return FALSE;
      break;
    case VSM_POOL_KIND_OTHER:
    default:
      g_assert_not_reached ();
    }

  if (vsm_pool_type_has_source_name (info) && is_set (spec->source_name) && strchr (spec->source_name, '/') != NULL)
    return vsm_invalid_input (error, _("The source name cannot contain “/”"));

  formats = info->formats;
  if (formats != NULL && is_set (spec->source_format) && !g_strv_contains (formats, spec->source_format))
    {
      g_set_error (error, VSM_ERROR, VSM_ERROR_INVALID_INPUT,
                   _("“%s” is not a format libvirt supports for this pool type"), spec->source_format);
      return FALSE;
    }

  /* Authentication */
  if (vsm_pool_spec_has_auth (spec, info))
    {
      if (!vsm_text_validate (spec->auth_username, _("Enter the user name"), error))
        return FALSE;
      if (is_set (spec->secret_usage) && !vsm_text_validate (spec->secret_usage, "", error))
        return FALSE;
    }

  /* Target */
  if (kind_has_target (info))
    {
      if (info->kind == VSM_POOL_KIND_DIR || info->kind == VSM_POOL_KIND_FS || info->kind == VSM_POOL_KIND_NETFS)
        {
          if (!is_set (spec->target_path))
            return vsm_invalid_input (error, _("Enter the target directory"));
        }
      if (is_set (spec->target_path) && !vsm_absolute_path_validate (spec->target_path, error))
        return FALSE;
      if (is_set (spec->target_mode))
        {
          gsize len = strlen (spec->target_mode);
          gboolean ok = len >= 3 && len <= 4;

          for (const char *p = spec->target_mode; ok && *p; p++)
            ok = *p >= '0' && *p <= '7';
          if (!ok)
            {
              g_set_error (error, VSM_ERROR, VSM_ERROR_INVALID_INPUT,
                           _("“%s” is not an octal mode such as 0755"), spec->target_mode);
              return FALSE;
            }
        }
      if (is_set (spec->target_owner) && !vsm_id_validate (spec->target_owner, error))
        return FALSE;
      if (is_set (spec->target_group) && !vsm_id_validate (spec->target_group, error))
        return FALSE;
    }

  if (!spec->persistent && spec->autostart)
    return vsm_invalid_input (error, _("A transient pool cannot be started automatically"));

  return TRUE;
}

/* ------------------------------------------------------------------ */
/* XML                                                                 */

/* libvirt's virBufferEscapeString set: the same text is safe both as
 * element content and inside '…' or "…" attributes. */
static void
append_escaped (GString    *out,
                const char *text)
{
  for (const char *p = text; p != NULL && *p; p++)
    {
      switch (*p)
        {
        case '<': g_string_append (out, "&lt;"); break;
        case '>': g_string_append (out, "&gt;"); break;
        case '&': g_string_append (out, "&amp;"); break;
        case '\'': g_string_append (out, "&apos;"); break;
        case '"': g_string_append (out, "&quot;"); break;
        default: g_string_append_c (out, *p); break;
        }
    }
}

/* printf-like, but every %s argument is escaped: only %s is supported. */
static void
append_xml (GString    *out,
            int         indent,
            const char *format,
            ...)
{
  va_list args;

  for (int i = 0; i < indent; i++)
    g_string_append (out, "  ");
  va_start (args, format);
  for (const char *p = format; *p; p++)
    {
      if (p[0] == '%' && p[1] == 's')
        {
          append_escaped (out, va_arg (args, const char *));
          p++;
        }
      else
        g_string_append_c (out, *p);
    }
  va_end (args);
  g_string_append_c (out, '\n');
}

static void
append_host (GString    *out,
             const char *host_port)
{
  g_autofree char *host = NULL;
  g_autofree char *port = NULL;

  vsm_split_host_port (host_port, &host, &port);
  if (is_set (port))
    {
      /* "03260" → 3260, as libvirt would write it back. */
      g_autofree char *num = g_strdup_printf ("%u", (guint) g_ascii_strtoull (port, NULL, 10));
      append_xml (out, 2, "<host name='%s' port='%s'/>", host, num);
    }
  else
    append_xml (out, 2, "<host name='%s'/>", host);
}

/**
 * vsm_pool_spec_secret_usage:
 *
 * The usage id of the secret the pool's <auth> refers to: the spec's own
 * if set, else "virt-storage:<pool name>". (No '/': secret.rng restricts
 * usage names to [^/\n]+.)
 */
char *
vsm_pool_spec_secret_usage (const VsmPoolSpec *spec)
{
  g_return_val_if_fail (spec != NULL, NULL);

  if (is_set (spec->secret_usage))
    return g_strdup (spec->secret_usage);
  return g_strconcat (SECRET_USAGE_PREFIX, spec->name ? spec->name : "", NULL);
}

/**
 * vsm_pool_type_secret_usage_type:
 *
 * Returns: (nullable): "iscsi" for iscsi and iscsi-direct pools (CHAP),
 * "ceph" for rbd, %NULL for types without authentication
 */
const char *
vsm_pool_type_secret_usage_type (const char *pool_type)
{
  switch (vsm_pool_type_lookup (pool_type)->kind)
    {
    case VSM_POOL_KIND_ISCSI:
    case VSM_POOL_KIND_ISCSI_DIRECT:
      return "iscsi";
    case VSM_POOL_KIND_RBD:
      return "ceph";
    case VSM_POOL_KIND_DIR:
    case VSM_POOL_KIND_FS:
    case VSM_POOL_KIND_NETFS:
    case VSM_POOL_KIND_LOGICAL:
    case VSM_POOL_KIND_DISK:
    case VSM_POOL_KIND_SCSI:
    case VSM_POOL_KIND_GLUSTER:
    case VSM_POOL_KIND_OTHER:
    default:
      return NULL;
    }
}

/**
 * vsm_pool_xml_build:
 *
 * Validates @spec (vsm_pool_spec_validate() without a name list) and
 * returns the `<pool>` document for virStoragePoolDefineXML or CreateXML.
 * The pool refers to its secret by usage; no password is ever written.
 */
char *
vsm_pool_xml_build (const VsmPoolSpec  *spec,
                    GError            **error)
{
  g_autoptr(GString) xml = NULL;
  g_autofree char *target = NULL;
  const VsmPoolTypeInfo *info;
  const char *format;

  g_return_val_if_fail (spec != NULL, NULL);

  if (!vsm_pool_spec_validate (spec, NULL, error))
    return NULL;

  info = vsm_pool_type_lookup (spec->type);
  format = vsm_pool_spec_format (spec, info);
  target = vsm_pool_spec_target (spec, info);
  xml = g_string_new (NULL);

  append_xml (xml, 0, "<pool type='%s'>", spec->type);
  append_xml (xml, 1, "<name>%s</name>", spec->name);

  if (info->kind != VSM_POOL_KIND_DIR)
    {
      append_xml (xml, 1, "<source>");

      if (vsm_pool_type_has_hosts (info))
        for (guint i = 0; i < array_len (spec->hosts); i++)
          append_host (xml, array_get (spec->hosts, i));

      if (vsm_pool_type_has_devices (info))
        for (guint i = 0; i < array_len (spec->devices); i++)
          append_xml (xml, 2, "<device path='%s'/>", array_get (spec->devices, i));

      if ((info->kind == VSM_POOL_KIND_NETFS || info->kind == VSM_POOL_KIND_GLUSTER) && is_set (spec->source_dir))
        append_xml (xml, 2, "<dir path='%s'/>", spec->source_dir);

      if (info->kind == VSM_POOL_KIND_SCSI)
        {
          if (g_str_equal (vsm_pool_spec_adapter_type (spec), "fc_host"))
            {
              g_autoptr(GString) line = g_string_new ("<adapter type='fc_host'");

              if (is_set (spec->adapter_parent))
                {
                  g_string_append (line, " parent='");
                  append_escaped (line, spec->adapter_parent);
                  g_string_append_c (line, '\'');
                }
              g_string_append (line, " wwnn='");
              append_escaped (line, spec->adapter_wwnn);
              g_string_append (line, "' wwpn='");
              append_escaped (line, spec->adapter_wwpn);
              g_string_append (line, "'/>");
              g_string_append_printf (xml, "    %s\n", line->str);
            }
          else
            append_xml (xml, 2, "<adapter type='scsi_host' name='%s'/>", spec->adapter_name);
        }

      if (vsm_pool_type_has_source_name (info) && is_set (spec->source_name))
        append_xml (xml, 2, "<name>%s</name>", spec->source_name);

      if ((info->kind == VSM_POOL_KIND_ISCSI || info->kind == VSM_POOL_KIND_ISCSI_DIRECT) && is_set (spec->initiator_iqn))
        {
          append_xml (xml, 2, "<initiator>");
          append_xml (xml, 3, "<iqn name='%s'/>", spec->initiator_iqn);
          append_xml (xml, 2, "</initiator>");
        }

      if (format != NULL)
        append_xml (xml, 2, "<format type='%s'/>", format);

      if (vsm_pool_spec_has_auth (spec, info))
        {
          g_autofree char *usage = vsm_pool_spec_secret_usage (spec);

          append_xml (xml, 2, "<auth type='%s' username='%s'>",
                      info->auth_type, spec->auth_username);
          append_xml (xml, 3, "<secret usage='%s'/>", usage);
          append_xml (xml, 2, "</auth>");
        }

      if (info->kind == VSM_POOL_KIND_NETFS && is_set (spec->protocol_version))
        append_xml (xml, 2, "<protocol ver='%s'/>", spec->protocol_version);

      append_xml (xml, 1, "</source>");
    }

  if (target != NULL)
    {
      append_xml (xml, 1, "<target>");
      append_xml (xml, 2, "<path>%s</path>", target);
      if (is_set (spec->target_mode) || is_set (spec->target_owner) || is_set (spec->target_group))
        {
          append_xml (xml, 2, "<permissions>");
          if (is_set (spec->target_mode))
            append_xml (xml, 3, "<mode>%s</mode>", spec->target_mode);
          if (is_set (spec->target_owner))
            append_xml (xml, 3, "<owner>%s</owner>", spec->target_owner);
          if (is_set (spec->target_group))
            append_xml (xml, 3, "<group>%s</group>", spec->target_group);
          append_xml (xml, 2, "</permissions>");
        }
      append_xml (xml, 1, "</target>");
    }

  append_xml (xml, 0, "</pool>");
  return g_string_free (g_steal_pointer (&xml), FALSE);
}

/**
 * vsm_secret_xml_build:
 * @usage_type: "iscsi" or "ceph"
 * @usage_id: the CHAP target / Ceph name the pool's <auth> refers to
 * @description: (nullable): shown by `virsh secret-list`
 *
 * A persistent, private secret without a value (set it with
 * virSecretSetValue).
 *
 * Returns: (nullable): the XML, %NULL for an unknown usage type
 */
char *
vsm_secret_xml_build (const char *usage_type,
                      const char *usage_id,
                      const char *description)
{
  g_autoptr(GString) xml = NULL;
  const char *element;

  g_return_val_if_fail (usage_id != NULL, NULL);

  if (g_strcmp0 (usage_type, "iscsi") == 0)
    element = "target";
  else if (g_strcmp0 (usage_type, "ceph") == 0)
    element = "name";
  else
    return NULL;

  xml = g_string_new (NULL);
  append_xml (xml, 0, "<secret ephemeral='no' private='yes'>");
  if (is_set (description))
    append_xml (xml, 1, "<description>%s</description>", description);
  append_xml (xml, 1, "<usage type='%s'>", usage_type);
  g_string_append_printf (xml, "    <%s>", element);
  append_escaped (xml, usage_id);
  g_string_append_printf (xml, "</%s>\n", element);
  append_xml (xml, 1, "</usage>");
  append_xml (xml, 0, "</secret>");
  return g_string_free (g_steal_pointer (&xml), FALSE);
}

/**
 * vsm_pool_source_query_xml:
 * @host_port: (nullable): "host", "host:port" or "[IPv6]:port"
 * @initiator_iqn: (nullable): for iscsi-direct discovery
 *
 * The `<source>` document virConnectFindStoragePoolSources takes, as
 * `virsh find-storage-pool-sources-as TYPE --host H --port P --initiator I`
 * builds it.
 *
 * Returns: (nullable): the XML, or %NULL when @host_port is empty
 */
char *
vsm_pool_source_query_xml (const char *host_port,
                           const char *initiator_iqn)
{
  g_autoptr(GString) xml = NULL;

  if (!is_set (host_port))
    return NULL;

  xml = g_string_new (NULL);
  append_xml (xml, 0, "<source>");
  /* append_host indents by two levels; the query is one level deep. */
  {
    g_autoptr(GString) host = g_string_new (NULL);

    append_host (host, host_port);
    g_string_append (xml, host->str + 2);
  }
  if (is_set (initiator_iqn))
    {
      append_xml (xml, 1, "<initiator>");
      append_xml (xml, 2, "<iqn name='%s'/>", initiator_iqn);
      append_xml (xml, 1, "</initiator>");
    }
  append_xml (xml, 0, "</source>");
  return g_string_free (g_steal_pointer (&xml), FALSE);
}
