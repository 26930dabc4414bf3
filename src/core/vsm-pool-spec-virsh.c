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
  PoolKind kind;

  g_return_val_if_fail (spec != NULL, NULL);

  kind = pool_kind (spec->type);
  target = vsm_pool_spec_target (spec, kind);
  cmd = vsm_virsh_new (uri);
  qname = vsm_virsh_quote (spec->name);
  qtype = vsm_virsh_quote (spec->type);
  g_string_append_printf (cmd, " %s %s %s", spec->persistent ? "pool-define-as" : "pool-create-as",
                          qname, qtype);

  if (kind_has_hosts (kind) && array_len (spec->hosts) > 0)
    {
      g_autofree char *host = NULL;
      g_autofree char *port = NULL;

      vsm_split_host_port (array_get (spec->hosts, 0), &host, &port);
      vsm_virsh_append (cmd, "--source-host", host);
    }
  if (kind == T_NETFS || kind == T_GLUSTER)
    vsm_virsh_append (cmd, "--source-path", spec->source_dir);
  if (kind_has_devices (kind))
    vsm_virsh_append (cmd, "--source-dev", array_get (spec->devices, 0));
  if (kind_has_source_name (kind))
    vsm_virsh_append (cmd, "--source-name", spec->source_name);
  vsm_virsh_append (cmd, "--source-format", vsm_pool_spec_format (spec, kind));
  if (kind == T_NETFS)
    vsm_virsh_append (cmd, "--source-protocol-ver", spec->protocol_version);
  vsm_virsh_append (cmd, "--target", target);
  if (kind == T_SCSI)
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
  if (kind == T_ISCSI || kind == T_ISCSI_DIRECT)
    vsm_virsh_append (cmd, "--source-initiator", spec->initiator_iqn);
  if (vsm_pool_spec_has_auth (spec, kind))
    {
      g_autofree char *usage = vsm_pool_spec_secret_usage (spec);

      vsm_virsh_append (cmd, "--auth-type", kind == T_RBD ? "ceph" : "chap");
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
  PoolKind kind;

  g_return_val_if_fail (spec != NULL, FALSE);

  kind = pool_kind (spec->type);
  if (kind_has_hosts (kind))
    {
      if (array_len (spec->hosts) > 1)
        return FALSE;
      if (array_len (spec->hosts) == 1)
        {
          g_autofree char *host = NULL;
          g_autofree char *port = NULL;

          vsm_split_host_port (array_get (spec->hosts, 0), &host, &port);
          if (is_set (port) && g_ascii_strtoull (port, NULL, 10) != kind_default_port (kind))
            return FALSE;
        }
    }
  if (kind_has_devices (kind) && array_len (spec->devices) > 1)
    return FALSE;
  if (kind_has_target (kind) &&
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
      g_autoptr(GString) line = vsm_virsh_new (uri);

      g_string_append_printf (line, " pool-build %s", qname);
      if (spec->build == VSM_BUILD_NO_OVERWRITE)
        g_string_append (line, " --no-overwrite");
      else if (spec->build == VSM_BUILD_OVERWRITE)
        g_string_append (line, " --overwrite");
      g_string_append_printf (out, "\n%s", line->str);
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
