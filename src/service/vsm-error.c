/* vsm-error.c
 *
 * Copyright 2026 Virt Storage developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vsm-error"

#include "config.h"

#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>

#include "vsm-error.h"

G_DEFINE_QUARK (vsm-error-quark, vsm_error)

/**
 * vsm_error_code_from_virt:
 * @vir_code: a `virErrorNumber`
 *
 * Maps libvirt's error numbers onto the handful of cases the UI treats
 * differently. Everything else is %VSM_ERROR_FAILED; libvirt's own
 * (already translated) message is kept as the GError message.
 */
VsmErrorCode
vsm_error_code_from_virt (int vir_code)
{
  switch (vir_code)
    {
    case VIR_ERR_NO_SUPPORT:
    case VIR_ERR_ARGUMENT_UNSUPPORTED:
      return VSM_ERROR_NOT_SUPPORTED;
    case VIR_ERR_NO_STORAGE_POOL:
    case VIR_ERR_NO_STORAGE_VOL:
    case VIR_ERR_NO_DOMAIN:
    case VIR_ERR_NO_SECRET:
    case VIR_ERR_NO_NODE_DEVICE:
      return VSM_ERROR_NOT_FOUND;
    case VIR_ERR_OPERATION_INVALID:
      return VSM_ERROR_INVALID_STATE;
    case VIR_ERR_ACCESS_DENIED:
    case VIR_ERR_AUTH_FAILED:
    case VIR_ERR_AUTH_CANCELLED:
    case VIR_ERR_AUTH_UNAVAILABLE:
      return VSM_ERROR_PERMISSION_DENIED;
    case VIR_ERR_NO_CONNECT:
    case VIR_ERR_INVALID_CONN:
    case VIR_ERR_RPC:
    case VIR_ERR_SYSTEM_ERROR:
      /* SYSTEM_ERROR is also used for local I/O failures, but when it
       * comes back from a remote call it nearly always means the socket
       * went away; the caller can refine it. */
      return VSM_ERROR_CONNECTION;
    case VIR_ERR_STORAGE_POOL_BUILT:
    case VIR_ERR_DOM_EXIST:
    case VIR_ERR_STORAGE_VOL_EXIST:
      return VSM_ERROR_EXISTS;
    case VIR_ERR_XML_ERROR:
    case VIR_ERR_XML_DETAIL:
    case VIR_ERR_INVALID_ARG:
    case VIR_ERR_CONFIG_UNSUPPORTED:
      return VSM_ERROR_INVALID_INPUT;
    default:
      return VSM_ERROR_FAILED;
    }
}

/**
 * vsm_error_set_from_virt:
 * @error: return location
 * @fallback: message to use when libvirt recorded no error
 *
 * Must be called on the thread that made the failing libvirt call, right
 * after it: libvirt keeps the last error in thread-local storage.
 */
void
vsm_error_set_from_virt (GError     **error,
                         const char  *fallback)
{
  virErrorPtr err = virGetLastError ();

  if (err != NULL && err->message != NULL)
    g_set_error_literal (error, VSM_ERROR, vsm_error_code_from_virt (err->code), err->message);
  else
    g_set_error_literal (error, VSM_ERROR, VSM_ERROR_FAILED,
                         fallback ? fallback : "Unknown libvirt error");
  virResetLastError ();
}

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
