/* vsm-ask.h
 *
 * A question a connection's open worker puts to the user (trust an SSH
 * host key, give a password) and waits for, without GTK: the UI answers it
 * on the main thread.
 *
 * Copyright 2026 Virt Storage developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef enum
{
  VSM_ASK_HOST_KEY,   /* trust a host key never seen before? */
  VSM_ASK_PASSWORD,   /* the password of user on host */
} VsmAskKind;

#define VSM_TYPE_ASK (vsm_ask_get_type ())
G_DECLARE_FINAL_TYPE (VsmAsk, vsm_ask, VSM, ASK, GObject)

VsmAsk      *vsm_ask_new                (VsmAskKind    kind,
                                         const char   *user,
                                         const char   *host);
void         vsm_ask_set_host_key       (VsmAsk       *self,
                                         const char   *key_type,
                                         const char   *fingerprint,
                                         const char   *known_hosts);
void         vsm_ask_set_retry          (VsmAsk       *self,
                                         gboolean      retry);
VsmAskKind   vsm_ask_get_kind           (VsmAsk       *self);
const char  *vsm_ask_get_user           (VsmAsk       *self);
const char  *vsm_ask_get_host           (VsmAsk       *self);
const char  *vsm_ask_get_key_type       (VsmAsk       *self);
const char  *vsm_ask_get_fingerprint    (VsmAsk       *self);
const char  *vsm_ask_get_known_hosts    (VsmAsk       *self);
gboolean     vsm_ask_get_retry          (VsmAsk       *self);
gboolean     vsm_ask_get_finished       (VsmAsk       *self);

void         vsm_ask_answer             (VsmAsk       *self,
                                         gboolean      yes,
                                         const char   *password);
gboolean     vsm_ask_wait               (VsmAsk       *self,
                                         GCancellable *cancellable,
                                         char        **password);
void         vsm_secret_free            (char         *secret);

G_END_DECLS
