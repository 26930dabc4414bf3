/* fuzz-pool-caps.c: the reader of virConnectGetStoragePoolCapabilities
 * (_vsm_pool_capabilities_from_xml), which decides the wizard's types
 *
 * Copyright 2026 Virt Storage developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "fuzz-common.h"
#include "vsm-pool-ops-private.h"

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autofree char *xml = fuzz_strdup (data, size);
  g_autoptr(GHashTable) set = _vsm_pool_capabilities_from_xml (xml);
  g_autoptr(GHashTable) again = NULL;
  g_autoptr(GString) back = NULL;
  GHashTableIter iter;
  gpointer key;

  if (set == NULL)
    return 0;

  /* Written back as supported='yes' pools (and one unsupported one that
   * must not count), the same set. */
  back = g_string_new ("<storagepoolCapabilities>");
  g_hash_table_iter_init (&iter, set);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      FUZZ_CHECK (key != NULL && g_utf8_validate (key, -1, NULL));
      g_string_append (back, "<pool");
      fuzz_append_attr (back, "type", key);
      g_string_append (back, " supported='yes'/>");
    }
  if (!g_hash_table_contains (set, "zfs"))
    g_string_append (back, "<pool type='zfs' supported='no'/>");
  g_string_append (back, "</storagepoolCapabilities>");

  again = _vsm_pool_capabilities_from_xml (back->str);
  FUZZ_CHECK (again != NULL && g_hash_table_size (again) == g_hash_table_size (set));
  g_hash_table_iter_init (&iter, set);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    FUZZ_CHECK (g_hash_table_contains (again, key));
  return 0;
}
