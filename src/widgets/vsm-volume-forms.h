/* vsm-volume-forms.h
 *
 * Copyright 2026 Virt Storage developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "vsm-host.h"
#include "vsm-volume.h"
#include "vsm-disk-spec.h"
#include "vsm-volume-ops.h"
#include "vsm-volume-spec.h"

G_BEGIN_DECLS

#define VSM_TYPE_CLONE_DIALOG (vsm_clone_dialog_get_type ())
G_DECLARE_FINAL_TYPE (VsmCloneDialog, vsm_clone_dialog, VSM, CLONE_DIALOG, AdwMessageDialog)

GtkWidget     *vsm_clone_dialog_new        (GtkWindow      *parent,
                                            VsmHost        *host,
                                            VsmPool        *pool,
                                            VsmVolume      *volume);
/* what to create, and where; NULL while the form is not valid */
VsmVolumeSpec *vsm_clone_dialog_dup_spec   (VsmCloneDialog *self);
VsmPool       *vsm_clone_dialog_get_target (VsmCloneDialog *self);

#define VSM_TYPE_RESIZE_DIALOG (vsm_resize_dialog_get_type ())
G_DECLARE_FINAL_TYPE (VsmResizeDialog, vsm_resize_dialog, VSM, RESIZE_DIALOG, AdwMessageDialog)

GtkWidget     *vsm_resize_dialog_new       (GtkWindow       *parent,
                                            VsmVolume       *volume,
                                            const char      *virsh_command);
/* the new capacity and flags; FALSE while the form is not valid */
gboolean       vsm_resize_dialog_get_request (VsmResizeDialog *self,
                                              guint64         *capacity,
                                              VsmResizeFlags  *flags);

#define VSM_TYPE_WIPE_DIALOG (vsm_wipe_dialog_get_type ())
G_DECLARE_FINAL_TYPE (VsmWipeDialog, vsm_wipe_dialog, VSM, WIPE_DIALOG, AdwMessageDialog)

GtkWidget        *vsm_wipe_dialog_new           (GtkWindow     *parent,
                                                 VsmVolume     *volume,
                                                 const char    *virsh_command,
                                                 const char    *remake_command);
VsmWipeAlgorithm  vsm_wipe_dialog_get_algorithm (VsmWipeDialog *self);

#define VSM_TYPE_INSERT_DIALOG (vsm_insert_dialog_get_type ())
G_DECLARE_FINAL_TYPE (VsmInsertDialog, vsm_insert_dialog, VSM, INSERT_DIALOG, AdwMessageDialog)

GtkWidget *vsm_insert_dialog_new      (GtkWindow       *parent,
                                       const char      *heading,
                                       const char      *body,
                                       GPtrArray       *isos,
                                       const char      *virsh_command,
                                       const char      *update_command,
                                       const char      *target,
                                       const char      *virsh_flags);
gboolean   vsm_insert_dialog_fill_medium (VsmInsertDialog *self,
                                          VsmDiskSpec     *medium);

G_END_DECLS
