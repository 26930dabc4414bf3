/* fuzz-pool-xml.c: the readers of a pool's own XML
 * (virStoragePoolGetXMLDesc and the wizard's definitions):
 * vsm_pool_snapshot_parse_xml (with the words of its source,
 * vsm-describe.c) and _vsm_pool_name_from_xml
 *
 * Copyright 2026 Virt Storage developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "fuzz-common.h"
#include "vsm-pool-ops-private.h"
#include "vsm-snapshot.h"

/* What the reader keeps of the XML as it is (the source's words aside). */
static gboolean
fields_equal (const VsmPoolSnapshot *a,
              const VsmPoolSnapshot *b)
{
  return g_strcmp0 (a->type, b->type) == 0 &&
         g_strcmp0 (a->target_path, b->target_path) == 0 &&
         g_strcmp0 (a->source_format, b->source_format) == 0 &&
         g_strcmp0 (a->source_device, b->source_device) == 0;
}

static gboolean
snapshots_equal (const VsmPoolSnapshot *a,
                 const VsmPoolSnapshot *b)
{
  return fields_equal (a, b) && g_strcmp0 (a->source, b->source) == 0;
}

/* The fields the reader keeps as they are, written back as a pool (the
 * words of its source are not XML to write back). */
static char *
pool_to_xml (const VsmPoolSnapshot *snap)
{
  GString *out = g_string_new ("<pool");

  fuzz_append_attr (out, "type", snap->type);
  g_string_append (out, "><name>x</name>");
  if (snap->source_device != NULL || snap->source_format != NULL)
    {
      g_string_append (out, "<source>");
      if (snap->source_device != NULL)
        {
          g_string_append (out, "<device");
          fuzz_append_attr (out, "path", snap->source_device);
          g_string_append (out, "/>");
        }
      if (snap->source_format != NULL)
        {
          g_string_append (out, "<format");
          fuzz_append_attr (out, "type", snap->source_format);
          g_string_append (out, "/>");
        }
      g_string_append (out, "</source>");
    }
  if (snap->target_path != NULL)
    {
      g_string_append (out, "<target><path>");
      fuzz_append_escaped (out, snap->target_path);
      g_string_append (out, "</path></target>");
    }
  g_string_append (out, "</pool>");
  return g_string_free (out, FALSE);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(VsmPoolSnapshot) snap = g_new0 (VsmPoolSnapshot, 1);
  g_autoptr(VsmPoolSnapshot) reused = g_new0 (VsmPoolSnapshot, 1);
  g_autofree char *text = fuzz_strdup (data, size);
  g_autofree char *name = _vsm_pool_name_from_xml (text);
  gboolean ok;

  /* The name: absent, or some text without blanks around it. */
  if (name != NULL)
    {
      FUZZ_CHECK (*name != '\0' && g_utf8_validate (name, -1, NULL));
      FUZZ_CHECK (!g_ascii_isspace (name[0]) && !g_ascii_isspace (name[strlen (name) - 1]));
    }

  ok = vsm_pool_snapshot_parse_xml (snap, (const char *) data, size);
  if (!ok)
    {
      FUZZ_CHECK (snap->type == NULL && snap->target_path == NULL &&
                  snap->source == NULL && snap->source_format == NULL && snap->source_device == NULL);
      return 0;
    }
  FUZZ_CHECK (fuzz_utf8_or_null (snap->type));
  FUZZ_CHECK (fuzz_utf8_or_null (snap->target_path));
  FUZZ_CHECK (fuzz_utf8_or_null (snap->source));
  FUZZ_CHECK (fuzz_utf8_or_null (snap->source_format));
  FUZZ_CHECK (fuzz_utf8_or_null (snap->source_device));
  FUZZ_CHECK (snap->source == NULL || *snap->source != '\0');

  /* The loader refreshes snapshots in place: a second parse replaces
   * everything the first one filled. */
  {
    static const char other[] =
      "<pool type='netfs'><name>n</name><source><host name='h'/><dir path='/d'/>"
      "<format type='nfs'/></source><target><path>/t</path></target></pool>";

    FUZZ_CHECK (vsm_pool_snapshot_parse_xml (reused, other, strlen (other)));
    FUZZ_CHECK (vsm_pool_snapshot_parse_xml (reused, (const char *) data, size));
    FUZZ_CHECK (snapshots_equal (reused, snap));
  }

  /* Written back and read again, the snapshot is the same. */
  {
    g_autofree char *xml = pool_to_xml (snap);
    g_autoptr(VsmPoolSnapshot) again = g_new0 (VsmPoolSnapshot, 1);

    FUZZ_CHECK (vsm_pool_snapshot_parse_xml (again, xml, strlen (xml)));
    FUZZ_CHECK (fields_equal (again, snap));
  }
  return 0;
}
