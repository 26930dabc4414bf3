/* vsm-xml-editor.h
 *
 * Copyright 2026 Virt Storage developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "vsm-host.h"
#include "vsm-pool.h"

G_BEGIN_DECLS

typedef enum
{
  VSM_XML_EDITOR_NEW_POOL,     /* pool-define or pool-create from XML */
  VSM_XML_EDITOR_EDIT_POOL,    /* pool-edit */
  VSM_XML_EDITOR_NEW_VOLUME,   /* vol-create POOL FILE */
} VsmXmlEditorKind;

#define VSM_TYPE_XML_EDITOR (vsm_xml_editor_get_type ())
G_DECLARE_FINAL_TYPE (VsmXmlEditor, vsm_xml_editor, VSM, XML_EDITOR, AdwWindow)

GtkWidget *vsm_xml_editor_new       (GtkWindow        *parent,
                                     VsmHost          *host,
                                     VsmXmlEditorKind  kind,
                                     VsmPool          *pool,
                                     const char       *xml);
void       vsm_xml_editor_set_text  (VsmXmlEditor     *self,
                                     const char       *xml,
                                     const char       *file);
void       vsm_xml_editor_open_file (VsmXmlEditor     *self,
                                     GFile            *file);

G_END_DECLS
