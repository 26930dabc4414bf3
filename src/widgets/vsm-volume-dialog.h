/* vsm-volume-dialog.h
 *
 * Copyright 2026 Virt Storage developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "vsm-host.h"
#include "vsm-volume-spec.h"

G_BEGIN_DECLS

#define VSM_TYPE_VOLUME_DIALOG (vsm_volume_dialog_get_type ())
G_DECLARE_FINAL_TYPE (VsmVolumeDialog, vsm_volume_dialog, VSM, VOLUME_DIALOG, AdwWindow)

GtkWidget     *vsm_volume_dialog_new           (GtkWindow       *parent,
                                                VsmHost         *host,
                                                VsmPool         *pool);
VsmVolumeSpec *vsm_volume_dialog_dup_spec      (VsmVolumeDialog *self);
const char    *vsm_volume_dialog_get_error     (VsmVolumeDialog *self);
char          *vsm_volume_dialog_dup_xml       (VsmVolumeDialog *self);
char          *vsm_volume_dialog_dup_command   (VsmVolumeDialog *self);
void           vsm_volume_dialog_set_values    (VsmVolumeDialog *self,
                                                const char      *name,
                                                const char      *capacity_text,
                                                const char      *format,
                                                VsmPrealloc      prealloc);
void           vsm_volume_dialog_create        (VsmVolumeDialog *self);

G_END_DECLS
