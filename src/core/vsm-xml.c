/* vsm-xml.c
 *
 * Copyright 2026 Virt Storage developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vsm-xml"

#include "config.h"

#include <libxml/parser.h>
#include <string.h>

#include "vsm-xml-private.h"

/**
 * _vsm_xml_parse:
 * @len: the length of @xml, or -1 when it is NUL-terminated
 * @keep_blanks: keep whitespace-only text nodes (for XML that is written
 *   back, e.g. a domain's <disk> sent to DetachDeviceFlags)
 *
 * Parses without network access and without printing libxml2 errors.
 *
 * Returns: (nullable): the document, or %NULL for empty or malformed XML
 */
xmlDocPtr
_vsm_xml_parse (const char *xml,
                gssize      len,
                gboolean    keep_blanks)
{
  int options = XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING;

  if (xml == NULL)
    return NULL;
  if (len < 0)
    len = strlen (xml);
  if (len == 0 || len > G_MAXINT)
    return NULL;
  if (!keep_blanks)
    options |= XML_PARSE_NOBLANKS;
  return xmlReadMemory (xml, (int) len, NULL, NULL, options);
}

gboolean
_vsm_xml_is_element (xmlNodePtr  node,
                     const char *name)
{
  return node != NULL && node->type == XML_ELEMENT_NODE &&
         strcmp ((const char *) node->name, name) == 0;
}

/* The first child element of @node named @name. */
xmlNodePtr
_vsm_xml_child (xmlNodePtr  node,
                const char *name)
{
  if (node == NULL)
    return NULL;
  for (xmlNodePtr c = node->children; c != NULL; c = c->next)
    if (_vsm_xml_is_element (c, name))
      return c;
  return NULL;
}

/* An attribute as a g_malloc'd string, or NULL. */
char *
_vsm_xml_prop (xmlNodePtr  node,
               const char *name)
{
  xmlChar *v;
  char *ret;

  if (node == NULL)
    return NULL;
  v = xmlGetProp (node, (const xmlChar *) name);
  if (v == NULL)
    return NULL;
  ret = g_strdup ((const char *) v);
  xmlFree (v);
  return ret;
}

/* The element's text, stripped; "" when empty, NULL when @node is NULL. */
char *
_vsm_xml_text (xmlNodePtr node)
{
  xmlChar *v;
  char *ret;

  if (node == NULL)
    return NULL;
  v = xmlNodeGetContent (node);
  if (v == NULL)
    return NULL;
  ret = g_strstrip (g_strdup ((const char *) v));
  xmlFree (v);
  return ret;
}

/* Like _vsm_xml_text(), but NULL for an empty element too. */
char *
_vsm_xml_text_nonempty (xmlNodePtr node)
{
  char *ret = _vsm_xml_text (node);

  if (ret != NULL && *ret == '\0')
    g_clear_pointer (&ret, g_free);
  return ret;
}
