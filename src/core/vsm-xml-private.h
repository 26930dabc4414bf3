/* vsm-xml-private.h
 *
 * The few libxml2 tree helpers every XML reader of the service layer uses:
 * we only read a handful of elements, so walking children is simpler and
 * faster than XPath.
 *
 * Copyright 2026 Virt Storage developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>
#include <libxml/tree.h>

G_BEGIN_DECLS

xmlDocPtr  _vsm_xml_parse         (const char *xml,
                                   gssize      len,
                                   gboolean    keep_blanks);
gboolean   _vsm_xml_is_element    (xmlNodePtr  node,
                                   const char *name);
xmlNodePtr _vsm_xml_child         (xmlNodePtr  node,
                                   const char *name);
char      *_vsm_xml_prop          (xmlNodePtr  node,
                                   const char *name);
char      *_vsm_xml_text          (xmlNodePtr  node);
char      *_vsm_xml_text_nonempty (xmlNodePtr  node);

G_END_DECLS
