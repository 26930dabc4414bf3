/* fuzz-volume-xml.c: the volume XML reader (virStorageVolGetXMLDesc →
 * vsm_volume_snapshot_new_from_xml), the one XML read per volume of the
 * loader
 *
 * Copyright 2026 Virt Storage developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <libxml/tree.h>

#include "fuzz-common.h"
#include "vsm-snapshot.h"

/* libvirt's units (virScaleInteger), as a table of spellings: the reader
 * must agree with it for a plain number in any of them. */
static gboolean
expected_factor (const char *unit,
                 guint64    *factor)
{
  static const char letters[] = "kmgtpe";
  g_autofree char *u = g_ascii_strdown (unit != NULL ? unit : "", -1);

  if (g_str_equal (u, "") || g_str_equal (u, "b") || g_str_equal (u, "byte") || g_str_equal (u, "bytes"))
    {
      *factor = 1;
      return TRUE;
    }
  for (guint i = 0; letters[i] != '\0'; i++)
    {
      char bare[2] = { letters[i], '\0' };
      g_autofree char *iec = g_strconcat (bare, "ib", NULL);
      g_autofree char *si = g_strconcat (bare, "b", NULL);
      guint64 f = 1;
      guint64 base = g_str_equal (u, si) ? 1000 : 1024;

      if (!g_str_equal (u, bare) && !g_str_equal (u, iec) && !g_str_equal (u, si))
        continue;
      for (guint j = 0; j <= i; j++)
        f *= base;
      *factor = f;
      return TRUE;
    }
  return FALSE;
}

/* The first <capacity>/<allocation> of the <volume>, checked against the
 * table when it is a plain number in a known unit. */
static void
check_amount (const uint8_t *data,
              size_t         size,
              const char    *element,
              guint64        got)
{
  xmlDocPtr doc;
  xmlNodePtr node = NULL;

  if (size > G_MAXINT)
    return;
  doc = xmlReadMemory ((const char *) data, (int) size, NULL, NULL,
                       XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING | XML_PARSE_NOBLANKS);
  if (doc == NULL)
    return;
  for (xmlNodePtr c = xmlDocGetRootElement (doc)->children; c != NULL && node == NULL; c = c->next)
    if (c->type == XML_ELEMENT_NODE && strcmp ((const char *) c->name, element) == 0)
      node = c;
  if (node != NULL)
    {
      xmlChar *content = xmlNodeGetContent (node);
      xmlChar *unit = xmlGetProp (node, (const xmlChar *) "unit");
      g_autofree char *text = g_strstrip (g_strdup (content != NULL ? (const char *) content : ""));
      guint64 value, factor;

      if (*text != '\0' && strspn (text, "0123456789") == strlen (text) &&
          g_ascii_string_to_unsigned (text, 10, 0, G_MAXUINT64, &value, NULL) &&
          expected_factor ((const char *) unit, &factor))
        FUZZ_CHECK (got == (value != 0 && factor > G_MAXUINT64 / value ? G_MAXUINT64 : value * factor));
      xmlFree (content);
      xmlFree (unit);
    }
  else
    FUZZ_CHECK (got == 0);
  xmlFreeDoc (doc);
}

static void
append_element (GString    *out,
                const char *name,
                const char *text)
{
  if (text == NULL)
    return;
  g_string_append_printf (out, "<%s>", name);
  fuzz_append_escaped (out, text);
  g_string_append_printf (out, "</%s>", name);
}

/* What libvirt would print for @snap. */
static char *
volume_to_xml (const VsmVolumeSnapshot *snap)
{
  GString *out = g_string_new ("<volume");

  fuzz_append_attr (out, "type", snap->type);
  g_string_append (out, ">");
  append_element (out, "name", snap->name);
  append_element (out, "key", snap->key);
  g_string_append_printf (out, "<capacity unit='bytes'>%" G_GUINT64_FORMAT "</capacity>"
                          "<allocation unit='bytes'>%" G_GUINT64_FORMAT "</allocation>",
                          snap->capacity, snap->allocation);
  g_string_append (out, "<target>");
  append_element (out, "path", snap->path);
  if (snap->format != NULL)
    {
      g_string_append (out, "<format");
      fuzz_append_attr (out, "type", snap->format);
      g_string_append (out, "/>");
    }
  g_string_append (out, "</target>");
  if (snap->backing_path != NULL)
    {
      g_string_append (out, "<backingStore>");
      append_element (out, "path", snap->backing_path);
      g_string_append (out, "</backingStore>");
    }
  g_string_append (out, "</volume>");
  return g_string_free (out, FALSE);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(VsmVolumeSnapshot) snap = vsm_volume_snapshot_new_from_xml ((const char *) data, size);
  g_autoptr(VsmVolumeSnapshot) again = NULL;
  g_autofree char *xml = NULL;

  if (snap == NULL)
    return 0;

  /* The list always has a name and a type to show. */
  FUZZ_CHECK (snap->name != NULL && snap->type != NULL && snap->has_details);
  FUZZ_CHECK (g_utf8_validate (snap->name, -1, NULL));
  FUZZ_CHECK (g_utf8_validate (snap->type, -1, NULL));
  FUZZ_CHECK (fuzz_utf8_or_null (snap->key));
  FUZZ_CHECK (fuzz_utf8_or_null (snap->path));
  FUZZ_CHECK (fuzz_utf8_or_null (snap->format));
  FUZZ_CHECK (fuzz_utf8_or_null (snap->backing_path));

  check_amount (data, size, "capacity", snap->capacity);
  check_amount (data, size, "allocation", snap->allocation);

  /* Written back the way libvirt writes it and read again: the same. */
  xml = volume_to_xml (snap);
  again = vsm_volume_snapshot_new_from_xml (xml, strlen (xml));
  FUZZ_CHECK (again != NULL);
  FUZZ_CHECK (g_strcmp0 (again->name, snap->name) == 0);
  FUZZ_CHECK (g_strcmp0 (again->key, snap->key) == 0);
  FUZZ_CHECK (g_strcmp0 (again->path, snap->path) == 0);
  FUZZ_CHECK (g_strcmp0 (again->type, snap->type) == 0);
  FUZZ_CHECK (g_strcmp0 (again->format, snap->format) == 0);
  FUZZ_CHECK (g_strcmp0 (again->backing_path, snap->backing_path) == 0);
  FUZZ_CHECK (again->capacity == snap->capacity);
  FUZZ_CHECK (again->allocation == snap->allocation);
  return 0;
}
