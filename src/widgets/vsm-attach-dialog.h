/* vsm-attach-dialog.h
 *
 * Copyright 2026 Virt Storage developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "vsm-disk-spec.h"
#include "vsm-host.h"

G_BEGIN_DECLS

typedef enum
{
  VSM_ATTACH_SOURCE_EXISTING,
  VSM_ATTACH_SOURCE_NEW,
  VSM_ATTACH_SOURCE_ISO,
  VSM_ATTACH_SOURCE_BLOCK,
  VSM_ATTACH_SOURCE_IMAGE,   /* a disk image file on the host, its format detected */
} VsmAttachSource;

#define VSM_TYPE_ATTACH_DIALOG (vsm_attach_dialog_get_type ())
G_DECLARE_FINAL_TYPE (VsmAttachDialog, vsm_attach_dialog, VSM, ATTACH_DIALOG, AdwWindow)

GtkWidget   *vsm_attach_dialog_new          (GtkWindow       *parent,
                                             VsmHost         *host,
                                             VsmDomain       *domain,
                                             VsmPool         *pool,
                                             const char      *volume_name);
void         vsm_attach_dialog_set_source   (VsmAttachDialog *self,
                                             VsmAttachSource  source);
void         vsm_attach_dialog_set_field    (VsmAttachDialog *self,
                                             const char      *field,
                                             const char      *value);
VsmDiskSpec *vsm_attach_dialog_dup_spec     (VsmAttachDialog *self);
const char  *vsm_attach_dialog_get_error    (VsmAttachDialog *self);
char        *vsm_attach_dialog_dup_xml      (VsmAttachDialog *self);
char        *vsm_attach_dialog_dup_command  (VsmAttachDialog *self);
VsmAttachFlags vsm_attach_dialog_get_flags  (VsmAttachDialog *self);
void         vsm_attach_dialog_attach       (VsmAttachDialog *self);

G_END_DECLS
