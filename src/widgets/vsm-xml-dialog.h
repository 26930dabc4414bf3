/* vsm-xml-dialog.h
 *
 * Copyright 2026 Virt Storage developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define VSM_TYPE_XML_DIALOG (vsm_xml_dialog_get_type ())
G_DECLARE_FINAL_TYPE (VsmXmlDialog, vsm_xml_dialog, VSM, XML_DIALOG, AdwWindow)

GtkWidget  *vsm_xml_dialog_new      (GtkWindow    *parent,
                                     const char   *title,
                                     const char   *virsh_command,
                                     const char   *xml);
const char *vsm_xml_dialog_get_xml  (VsmXmlDialog *self);

G_END_DECLS
