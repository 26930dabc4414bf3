/* vsm-error.h
 *
 * Copyright 2026 Virt Storage developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define VSM_ERROR (vsm_error_quark ())

/* libvirt's virConnectPtr, without libvirt's headers for every user of
 * this one */
struct _virConnect;

typedef enum
{
  VSM_ERROR_FAILED,
  VSM_ERROR_NOT_SUPPORTED,
  VSM_ERROR_NOT_FOUND,
  VSM_ERROR_INVALID_STATE,
  VSM_ERROR_PERMISSION_DENIED,
  VSM_ERROR_CONNECTION,
  VSM_ERROR_INVALID_INPUT,
  VSM_ERROR_EXISTS,
} VsmErrorCode;

GQuark       vsm_error_quark          (void);
VsmErrorCode vsm_error_code_from_virt (int          vir_code,
                                       int          vir_domain);
void         vsm_error_set_from_virt  (GError     **error,
                                       const char  *fallback);
void         vsm_error_set_from_virt_conn (GError            **error,
                                           struct _virConnect *conn,
                                           const char         *fallback);
const char  *vsm_error_code_nick      (VsmErrorCode code);

G_END_DECLS
