/* vsm-virt-error.h
 *
 * libvirt's errors as VsmErrorCode (service only).
 *
 * Copyright 2026 Virt Storage developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "vsm-error.h"

G_BEGIN_DECLS

/* libvirt's virConnectPtr, without libvirt's headers for every user of
 * this one */
struct _virConnect;

VsmErrorCode vsm_error_code_from_virt (int          vir_code,
                                       int          vir_domain);
void         vsm_error_set_from_virt  (GError     **error,
                                       const char  *fallback);
void         vsm_error_set_from_virt_conn (GError            **error,
                                           struct _virConnect *conn,
                                           const char         *fallback);
/* Whether a failed listing may be libvirt refusing a list longer than
 * its remote protocol carries (the caller confirms it by counting). */
gboolean     vsm_virt_error_is_list_limit (int      vir_code,
                                           int      vir_domain);
/* After a remote URI failed to open (in a worker: it may resolve a name
 * and run "ssh -G"): when its host name does not resolve, say so first. */
void         vsm_error_prefix_unresolved_host (const char *uri,
                                               GError     *error);

G_END_DECLS
