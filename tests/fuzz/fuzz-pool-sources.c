/* fuzz-pool-sources.c: the reader of virConnectFindStoragePoolSources
 * results (vsm_pool_sources_from_xml), which the wizard's Scan lists
 *
 * Copyright 2026 Virt Storage developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "fuzz-common.h"
#include "vsm-pool-ops.h"

static gboolean
sources_equal (const VsmPoolSource *a,
               const VsmPoolSource *b)
{
  return g_strcmp0 (a->host, b->host) == 0 &&
         g_strcmp0 (a->dir, b->dir) == 0 &&
         g_strcmp0 (a->device, b->device) == 0 &&
         g_strcmp0 (a->name, b->name) == 0 &&
         g_strcmp0 (a->format, b->format) == 0;
}

static void
append_source (GString             *out,
               const VsmPoolSource *src)
{
  g_string_append (out, "<source>");
  if (src->host != NULL)
    {
      g_string_append (out, "<host");
      fuzz_append_attr (out, "name", src->host);
      g_string_append (out, "/>");
    }
  if (src->device != NULL)
    {
      g_string_append (out, "<device");
      fuzz_append_attr (out, "path", src->device);
      g_string_append (out, "/>");
    }
  if (src->dir != NULL)
    {
      g_string_append (out, "<dir");
      fuzz_append_attr (out, "path", src->dir);
      g_string_append (out, "/>");
    }
  if (src->name != NULL)
    {
      g_string_append (out, "<name>");
      fuzz_append_escaped (out, src->name);
      g_string_append (out, "</name>");
    }
  if (src->format != NULL)
    {
      g_string_append (out, "<format");
      fuzz_append_attr (out, "type", src->format);
      g_string_append (out, "/>");
    }
  g_string_append (out, "</source>");
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autofree char *xml = fuzz_strdup (data, size);
  g_autoptr(GPtrArray) sources = vsm_pool_sources_from_xml (xml);
  g_autoptr(GPtrArray) again = NULL;
  g_autoptr(GString) back = NULL;

  if (sources == NULL)
    return 0;

  back = g_string_new ("<sources>");
  for (guint i = 0; i < sources->len; i++)
    {
      const VsmPoolSource *src = g_ptr_array_index (sources, i);

      /* Every row has a one-line summary to show. */
      FUZZ_CHECK (src->summary != NULL && g_utf8_validate (src->summary, -1, NULL));
      FUZZ_CHECK (fuzz_utf8_or_null (src->host) && fuzz_utf8_or_null (src->dir) &&
                  fuzz_utf8_or_null (src->device) && fuzz_utf8_or_null (src->name) &&
                  fuzz_utf8_or_null (src->format));
      if (src->name != NULL)
        FUZZ_CHECK (g_str_has_prefix (src->summary, src->name));
      append_source (back, src);
    }
  g_string_append (back, "</sources>");

  /* Written back, the same sources. */
  again = vsm_pool_sources_from_xml (back->str);
  FUZZ_CHECK (again != NULL && again->len == sources->len);
  for (guint i = 0; i < sources->len; i++)
    FUZZ_CHECK (sources_equal (g_ptr_array_index (again, i), g_ptr_array_index (sources, i)));
  return 0;
}
