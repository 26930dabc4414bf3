/* vsm-ssh.h
 *
 * Before libvirt opens a qemu+ssh:// URI: reach the host, check its host
 * key (asking the user about one never seen), and try the login with our
 * own ssh, so that what fails is told by ssh's exit status, not by
 * libvirt's translated message (service only).
 *
 * Copyright 2026 Virt Storage developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "vsm-ask.h"

G_BEGIN_DECLS

/* Puts @ask to the user and waits for the answer (see vsm_ask_wait()). */
typedef gboolean (*VsmSshAskFunc) (VsmAsk    *ask,
                                   gpointer   user_data,
                                   char     **password);

typedef struct
{
  char      *open_uri;     /* what to give libvirt */
  gboolean   password;     /* open it with virConnectOpenAuth, asking for the password */
  char      *user;         /* the remote user and the host as the user knows it */
  char      *host;
} VsmSshPlan;

gboolean     vsm_ssh_uri_is_ssh         (const char    *uri);
VsmSshPlan  *vsm_ssh_prepare            (const char    *uri,
                                         VsmSshAskFunc  ask,
                                         gpointer       ask_data,
                                         GCancellable  *cancellable,
                                         GError       **error);
void         vsm_ssh_plan_free          (VsmSshPlan    *plan);
char        *vsm_ssh_fingerprint        (const char    *base64_blob);
char        *vsm_ssh_password_failed_message (const char *user,
                                              const char *host);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (VsmSshPlan, vsm_ssh_plan_free)

G_END_DECLS
