/* vsm-error.c
 *
 * Copyright 2026 Virt Storage developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "vsm-error.h"

G_DEFINE_QUARK (vsm-error-quark, vsm_error)

const char *
vsm_error_code_nick (VsmErrorCode code)
{
  switch (code)
    {
    case VSM_ERROR_FAILED: return "failed";
    case VSM_ERROR_NOT_SUPPORTED: return "not-supported";
    case VSM_ERROR_NOT_FOUND: return "not-found";
    case VSM_ERROR_INVALID_STATE: return "invalid-state";
    case VSM_ERROR_PERMISSION_DENIED: return "permission-denied";
    case VSM_ERROR_CONNECTION: return "connection";
    case VSM_ERROR_INVALID_INPUT: return "invalid-input";
    case VSM_ERROR_EXISTS: return "exists";
    default: return "unknown";
    }
}
