/* vsm-connection-domains.c
 *
 * VsmConnection, domains: listing with their disks (a query, see
 * vsm-connection-query.c).
 *
 * Copyright 2026 Virt Storage developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vsm-connection"

#include "config.h"

#include <glib/gi18n.h>
#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>
#include <string.h>

#include "vsm-connection-private.h"
#include "vsm-virt-error.h"

/* ------------------------------------------------------------------ */
/* Domains                                                             */

static VsmDomainState
domain_state (int state)
{
  switch ((virDomainState) state)
    {
    case VIR_DOMAIN_RUNNING: return VSM_DOMAIN_STATE_RUNNING;
    case VIR_DOMAIN_BLOCKED: return VSM_DOMAIN_STATE_BLOCKED;
    case VIR_DOMAIN_PAUSED: return VSM_DOMAIN_STATE_PAUSED;
    case VIR_DOMAIN_SHUTDOWN: return VSM_DOMAIN_STATE_SHUTTING_DOWN;
    case VIR_DOMAIN_SHUTOFF: return VSM_DOMAIN_STATE_SHUT_OFF;
    case VIR_DOMAIN_CRASHED: return VSM_DOMAIN_STATE_CRASHED;
    case VIR_DOMAIN_PMSUSPENDED: return VSM_DOMAIN_STATE_SUSPENDED;
    case VIR_DOMAIN_NOSTATE:
    default: return VSM_DOMAIN_STATE_UNKNOWN;
    }
}

gpointer
_vsm_query_domains (OpData        *op,
                    GCancellable  *cancellable,
                    GError       **error)
{
  virDomainPtr *doms = NULL;
  GPtrArray *result;
  int n;

  n = virConnectListAllDomains (op->head.conn, &doms, 0);
  if (n < 0)
    {
      vsm_error_set_from_virt (error, "Could not list domains");
      return NULL;
    }

  result = g_ptr_array_new_full (n, (GDestroyNotify) vsm_domain_snapshot_free);
  for (int i = 0; i < n; i++)
    {
      VsmDomainSnapshot *snap = g_new0 (VsmDomainSnapshot, 1);
      char uuid[VIR_UUID_STRING_BUFLEN];
      int state = 0, reason = 0;
      char *xml;

      if (virDomainGetUUIDString (doms[i], uuid) == 0)
        snap->uuid = g_strdup (uuid);
      snap->name = g_strdup (virDomainGetName (doms[i]));
      if (virDomainGetState (doms[i], &state, &reason, 0) == 0)
        snap->state = domain_state (state);
      snap->persistent = virDomainIsPersistent (doms[i]) == 1;
      xml = virDomainGetXMLDesc (doms[i], 0);
      if (xml != NULL)
        {
          snap->disks = vsm_domain_disks_from_xml (xml, strlen (xml));
          free (xml);
        }
      if (snap->disks == NULL)
        snap->disks = g_ptr_array_new_with_free_func ((GDestroyNotify) vsm_disk_snapshot_free);
      virResetLastError ();
      g_ptr_array_add (result, snap);
      virDomainFree (doms[i]);
    }
  free (doms);
  return result;
}
