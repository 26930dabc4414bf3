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

G_END_DECLS
