/* vsm-connection-auth.c
 *
 * How a connection opens: plain virConnectOpen(), or for a qemu+ssh://
 * URI the checks of vsm-ssh.c first, then libvirt with ssh in batch mode
 * or, when the host wants a password, over libvirt's libssh transport
 * with virConnectOpenAuth(), whose callback asks the user in the app.
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

/* Passwords asked for one open before giving up (sshd allows 6 tries). */
#define MAX_PASSWORD_ATTEMPTS 3

void
_vsm_open_auth_clear (VsmOpenAuth *od)
{
  g_clear_object (&od->cancellable);
  g_clear_pointer (&od->plan, vsm_ssh_plan_free);
  g_clear_pointer (&od->password, vsm_secret_free);
}

/* libvirt's auth callback (virConnectOpenAuth), on the open worker: the
 * user name, and the password asked in the app. libvirt calls it again
 * after a password the host refused. */
static int
open_auth_cb (virConnectCredentialPtr cred,
              unsigned int            ncred,
              void                   *cbdata)
{
  VsmOpenAuth *od = cbdata;

  for (guint i = 0; i < ncred; i++)
    {
      switch (cred[i].type)
        {
        case VIR_CRED_AUTHNAME:
          cred[i].result = g_strdup (od->plan->user);
          break;
        case VIR_CRED_PASSPHRASE:
        case VIR_CRED_NOECHOPROMPT:
          /* A remembered password is tried first, without asking. */
          if (od->password == NULL || od->attempts > 0 || cred[i].type == VIR_CRED_NOECHOPROMPT)
            {
              g_autoptr(VsmAsk) ask = NULL;

              if (od->attempts >= MAX_PASSWORD_ATTEMPTS)
                {
                  od->auth_gave_up = TRUE;
                  return -1;
                }
              ask = vsm_ask_new (VSM_ASK_PASSWORD, od->plan->user, od->plan->host);
              vsm_ask_set_retry (ask, od->attempts > 0 || od->password != NULL);
              g_clear_pointer (&od->password, vsm_secret_free);
              od->attempts++;
              if (!od->ask (ask, od->ask_data, &od->password))
                {
                  od->auth_cancelled = TRUE;
                  return -1;
                }
            }
          else
            od->attempts++;
          cred[i].result = g_strdup (od->password != NULL ? od->password : "");
          break;
        default:
          /* an unknown host key (libssh's question): ours was checked before */
          return -1;
        }
      cred[i].resultlen = strlen (cred[i].result);
    }
  return 0;
}

static int open_auth_types[] = { VIR_CRED_AUTHNAME, VIR_CRED_PASSPHRASE, VIR_CRED_NOECHOPROMPT,
                                 VIR_CRED_ECHOPROMPT };

/**
 * _vsm_open_auth_open:
 *
 * In the open worker: opens @uri; an ssh URI after vsm_ssh_prepare(), with
 * the password asked in the app (through @od's ask function) when the
 * host wants one. Errors are classified from libvirt's code, or are ours.
 */
virConnectPtr
_vsm_open_auth_open (const char   *uri,
                     VsmOpenAuth  *od,
                     GError      **error)
{
  virConnectAuth auth = { open_auth_types, G_N_ELEMENTS (open_auth_types), open_auth_cb, od };
  virConnectPtr raw;

  if (!vsm_ssh_uri_is_ssh (uri))
    {
      if ((raw = virConnectOpen (uri)) == NULL)
        vsm_error_set_from_virt (error, "Could not open the connection");
      return raw;
    }

  if ((od->plan = vsm_ssh_prepare (uri, od->ask, od->ask_data, od->cancellable, error)) == NULL)
    return NULL;
  if (!od->plan->password)
    g_clear_pointer (&od->password, vsm_secret_free);
  raw = od->plan->password ? virConnectOpenAuth (od->plan->open_uri, &auth, 0)
                           : virConnectOpen (od->plan->open_uri);
  if (raw != NULL)
    return raw;

  g_clear_pointer (&od->password, vsm_secret_free);
  if (g_cancellable_set_error_if_cancelled (od->cancellable, error))
    virResetLastError ();
  else if (od->auth_cancelled)
    {
      virResetLastError ();
      /* Translators: %s: a user, %s: a host */
      g_set_error (error, VSM_ERROR, VSM_ERROR_PERMISSION_DENIED, _("No password was given for %s on %s."),
                   od->plan->user, od->plan->host);
    }
  else if (od->attempts > 0 &&
           (od->auth_gave_up || virGetLastErrorCode () == VIR_ERR_AUTH_FAILED))
    {
      g_autofree char *msg = vsm_ssh_password_failed_message (od->plan->user, od->plan->host);

      virResetLastError ();
      g_set_error_literal (error, VSM_ERROR, VSM_ERROR_PERMISSION_DENIED, msg);
    }
  else
    vsm_error_set_from_virt (error, "Could not open the connection");
  return NULL;
}
