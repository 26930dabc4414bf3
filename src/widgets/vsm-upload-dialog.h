/* vsm-upload-dialog.h
 *
 * Copyright 2026 Virt Storage developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "vsm-host.h"
#include "vsm-volume-spec.h"

G_BEGIN_DECLS

#define VSM_TYPE_UPLOAD_DIALOG (vsm_upload_dialog_get_type ())
G_DECLARE_FINAL_TYPE (VsmUploadDialog, vsm_upload_dialog, VSM, UPLOAD_DIALOG, AdwMessageDialog)

GtkWidget     *vsm_upload_dialog_new          (GtkWindow       *parent,
                                               VsmHost         *host,
                                               VsmPool         *pool,
                                               GFile           *file);
void           vsm_upload_dialog_set_file     (VsmUploadDialog *self,
                                               GFile           *file);
/* the file was read (or could not be) */
gboolean       vsm_upload_dialog_get_ready    (VsmUploadDialog *self);
/* the volume to create; NULL while the form is not valid */
VsmVolumeSpec *vsm_upload_dialog_dup_spec     (VsmUploadDialog *self);
const char    *vsm_upload_dialog_get_path     (VsmUploadDialog *self);
/* why the form is not valid, or NULL */
const char    *vsm_upload_dialog_get_error    (VsmUploadDialog *self);
char          *vsm_upload_dialog_dup_commands (VsmUploadDialog *self);

/* The file chooser of Upload (GTK 4.8: GtkFileChooserNative). */
GtkFileChooserNative *vsm_upload_file_chooser_new (GtkWindow  *parent,
                                                   const char *title,
                                                   const char *accept_label);

G_END_DECLS
