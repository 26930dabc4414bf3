/* vsm-volume-details-dialog.h
 *
 * A volume's details: what the model lists (path, format, sizes, the
 * machines using it) at once, and what only its XML says (physical size,
 * backing chain, qcow2 compat and features, permissions) once it is read,
 * with the virsh vol-info and vol-dumpxml lines.
 *
 * Copyright 2026 Virt Storage developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "vsm-host.h"

G_BEGIN_DECLS

#define VSM_TYPE_VOLUME_DETAILS_DIALOG (vsm_volume_details_dialog_get_type ())
G_DECLARE_FINAL_TYPE (VsmVolumeDetailsDialog, vsm_volume_details_dialog, VSM, VOLUME_DETAILS_DIALOG, AdwWindow)

GtkWidget *vsm_volume_details_dialog_new       (GtkWindow              *parent,
                                                VsmHost                *host,
                                                VsmPool                *pool,
                                                VsmVolume              *volume,
                                                const char             *virsh_lines);
/* The volume's XML arrived (vol-dumpxml), or reading it failed. */
void       vsm_volume_details_dialog_set_xml   (VsmVolumeDetailsDialog *self,
                                                const char             *xml);
void       vsm_volume_details_dialog_set_error (VsmVolumeDetailsDialog *self,
                                                const GError           *error);

G_END_DECLS
