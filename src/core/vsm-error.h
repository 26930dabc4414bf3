/* vsm-error.h
 *
 * The application's error domain: a handful of cases the UI treats
 * differently. Mapped from libvirt's error code and domain by the service
 * (vsm-virt-error.h); set directly by the validators.
 *
 * Copyright 2026 Virt Storage developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define VSM_ERROR (vsm_error_quark ())

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
const char  *vsm_error_code_nick      (VsmErrorCode code);

G_END_DECLS
