/* vsm-connect-dialog.h
 *
 * Copyright 2026 Virt Storage developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

typedef enum
{
  VSM_CONNECT_PRESET_SYSTEM,
  VSM_CONNECT_PRESET_SESSION,
  VSM_CONNECT_PRESET_SSH,
  VSM_CONNECT_PRESET_CUSTOM,
} VsmConnectPreset;

#define VSM_TYPE_CONNECT_DIALOG (vsm_connect_dialog_get_type ())
G_DECLARE_FINAL_TYPE (VsmConnectDialog, vsm_connect_dialog, VSM, CONNECT_DIALOG, AdwWindow)

GtkWidget  *vsm_connect_dialog_new        (GtkWindow        *parent);
void        vsm_connect_dialog_set_preset (VsmConnectDialog *self,
                                           VsmConnectPreset  preset);
void        vsm_connect_dialog_set_uri    (VsmConnectDialog *self,
                                           const char       *uri);
char       *vsm_connect_dialog_dup_uri    (VsmConnectDialog *self);
const char *vsm_connect_dialog_get_error  (VsmConnectDialog *self);

G_END_DECLS
