/* vsm-pool-spec-virsh.c
 *
 * The virsh lines equivalent to a pool spec (pool-define-as, the build,
 * start and autostart commands), shown beside every form.
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

/**
 * vsm_pool_define_as_command:
 * @uri: (nullable): the connection URI; no -c for qemu:///system
 *
 * The `virsh pool-define-as` (or, for a transient spec, `pool-create-as`
 * with its build option) line equivalent to vsm_pool_xml_build(). virsh
 * takes one host without a port and one device; see
 * vsm_pool_define_as_is_exact().
 */
char *
vsm_pool_define_as_command (const VsmPoolSpec *spec,
                            const char        *uri)
{
  g_autoptr(GString) cmd = NULL;
  g_autofree char *qname = NULL;
  g_autofree char *qtype = NULL;
  g_autofree char *target = NULL;
  const VsmPoolTypeInfo *info;

  g_return_val_if_fail (spec != NULL, NULL);

  info = vsm_pool_type_lookup (spec->type);
  target = vsm_pool_spec_target (spec, info);
  cmd = vsm_virsh_new (uri);
  qname = vsm_virsh_quote (spec->name);
  qtype = vsm_virsh_quote (spec->type);
  g_string_append_printf (cmd, " %s %s %s", spec->persistent ? "pool-define-as" : "pool-create-as",
                          qname, qtype);

  if (vsm_pool_type_has_hosts (info) && array_len (spec->hosts) > 0)
    {
      g_autofree char *host = NULL;
      g_autofree char *port = NULL;

      vsm_split_host_port (array_get (spec->hosts, 0), &host, &port);
      vsm_virsh_append (cmd, "--source-host", host);
    }
  if (info->kind == VSM_POOL_KIND_NETFS || info->kind == VSM_POOL_KIND_GLUSTER)
    vsm_virsh_append (cmd, "--source-path", spec->source_dir);
  if (vsm_pool_type_has_devices (info))
    vsm_virsh_append (cmd, "--source-dev", array_get (spec->devices, 0));
  if (vsm_pool_type_has_source_name (info))
    vsm_virsh_append (cmd, "--source-name", spec->source_name);
  vsm_virsh_append (cmd, "--source-format", vsm_pool_spec_format (spec, info));
  if (info->kind == VSM_POOL_KIND_NETFS)
    vsm_virsh_append (cmd, "--source-protocol-ver", spec->protocol_version);
  vsm_virsh_append (cmd, "--target", target);
  if (info->kind == VSM_POOL_KIND_SCSI)
    {
      if (g_str_equal (vsm_pool_spec_adapter_type (spec), "fc_host"))
        {
          vsm_virsh_append (cmd, "--adapter-wwnn", spec->adapter_wwnn);
          vsm_virsh_append (cmd, "--adapter-wwpn", spec->adapter_wwpn);
          vsm_virsh_append (cmd, "--adapter-parent", spec->adapter_parent);
        }
      else
        vsm_virsh_append (cmd, "--adapter-name", spec->adapter_name);
    }
  if (info->kind == VSM_POOL_KIND_ISCSI || info->kind == VSM_POOL_KIND_ISCSI_DIRECT)
    vsm_virsh_append (cmd, "--source-initiator", spec->initiator_iqn);
  if (vsm_pool_spec_has_auth (spec, info))
    {
      g_autofree char *usage = vsm_pool_spec_secret_usage (spec);

      vsm_virsh_append (cmd, "--auth-type", info->auth_type);
      vsm_virsh_append (cmd, "--auth-username", spec->auth_username);
      vsm_virsh_append (cmd, "--secret-usage", usage);
    }

  if (!spec->persistent)
    {
      switch (spec->build)
        {
        case VSM_BUILD_DEFAULT:
          g_string_append (cmd, " --build");
          break;
        case VSM_BUILD_NO_OVERWRITE:
          g_string_append (cmd, " --no-overwrite");
          break;
        case VSM_BUILD_OVERWRITE:
          g_string_append (cmd, " --overwrite");
          break;
        case VSM_BUILD_NONE:
        default:
          break;
        }
    }

  return g_string_free (g_steal_pointer (&cmd), FALSE);
}

/**
 * vsm_pool_define_as_is_exact:
 *
 * Whether vsm_pool_define_as_command() defines exactly the pool of
 * vsm_pool_xml_build(). pool-define-as cannot express a host port (other
 * than the type's default), a second host or device, or permissions; the
 * review page can then suggest `virsh pool-define FILE.xml` instead.
 */
gboolean
vsm_pool_define_as_is_exact (const VsmPoolSpec *spec)
{
  const VsmPoolTypeInfo *info;

  g_return_val_if_fail (spec != NULL, FALSE);

  info = vsm_pool_type_lookup (spec->type);
  if (vsm_pool_type_has_hosts (info))
    {
      if (array_len (spec->hosts) > 1)
        return FALSE;
      if (array_len (spec->hosts) == 1)
        {
          g_autofree char *host = NULL;
          g_autofree char *port = NULL;

          vsm_split_host_port (array_get (spec->hosts, 0), &host, &port);
          if (is_set (port) && g_ascii_strtoull (port, NULL, 10) != info->default_port)
            return FALSE;
        }
    }
  if (vsm_pool_type_has_devices (info) && array_len (spec->devices) > 1)
    return FALSE;
  if (kind_has_target (info) &&
      (is_set (spec->target_mode) || is_set (spec->target_owner) || is_set (spec->target_group)))
    return FALSE;
  return TRUE;
}

/**
 * vsm_pool_commands:
 * @uri: (nullable): as for vsm_pool_define_as_command()
 *
 * Every virsh line the wizard's actions correspond to, one per line (no
 * trailing newline): define, then build / start / autostart as the spec
 * asks. A transient pool is one pool-create-as line (it starts at once,
 * builds through its own option and cannot autostart).
 */
char *
vsm_pool_commands (const VsmPoolSpec *spec,
                   const char        *uri)
{
  g_autoptr(GString) out = NULL;
  g_autofree char *qname = NULL;
  char *define;

  g_return_val_if_fail (spec != NULL, NULL);

  define = vsm_pool_define_as_command (spec, uri);
  out = g_string_new (define);
  g_free (define);
  if (!spec->persistent)
    return g_string_free (g_steal_pointer (&out), FALSE);

  qname = vsm_virsh_quote (spec->name);
  if (spec->build != VSM_BUILD_NONE)
    {
      g_autofree char *line = vsm_pool_build_command (uri, spec->name, spec->build);

      g_string_append_printf (out, "\n%s", line);
    }
  if (spec->start)
    {
      g_autoptr(GString) line = vsm_virsh_new (uri);

      g_string_append_printf (out, "\n%s pool-start %s", line->str, qname);
    }
  if (spec->autostart)
    {
      g_autoptr(GString) line = vsm_virsh_new (uri);

      g_string_append_printf (out, "\n%s pool-autostart %s", line->str, qname);
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/**
 * vsm_pool_build_command:
 *
 * "virsh pool-build NAME", with --no-overwrite or --overwrite as @mode
 * says; %NULL for VSM_BUILD_NONE.
 */
char *
vsm_pool_build_command (const char   *uri,
                        const char   *name,
                        VsmBuildMode  mode)
{
  switch (mode)
    {
    case VSM_BUILD_DEFAULT:
      return vsm_virsh_line (uri, "pool-build", name, NULL);
    case VSM_BUILD_NO_OVERWRITE:
      return vsm_virsh_line (uri, "pool-build", name, "--no-overwrite", NULL);
    case VSM_BUILD_OVERWRITE:
      return vsm_virsh_line (uri, "pool-build", name, "--overwrite", NULL);
    case VSM_BUILD_NONE:
    default:
      return NULL;
    }
}
