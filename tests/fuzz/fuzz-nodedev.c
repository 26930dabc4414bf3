/* fuzz-nodedev.c: the node device reader (virNodeDeviceGetXMLDesc →
 * vsm_host_device_from_xml), behind the wizard's block device and SCSI
 * host pickers
 *
 * Copyright 2026 Virt Storage developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "fuzz-common.h"
#include "vsm-pool-ops.h"

static void
check (const char *xml,
       const char *capability)
{
  g_autoptr(VsmHostDevice) dev = vsm_host_device_from_xml (xml, capability);

  if (dev == NULL)
    return;
  /* A device the picker lists has something to pick. */
  FUZZ_CHECK (dev->path != NULL && *dev->path != '\0');
  FUZZ_CHECK (g_utf8_validate (dev->path, -1, NULL));
  FUZZ_CHECK (fuzz_utf8_or_null (dev->name) && fuzz_utf8_or_null (dev->model));
  if (g_str_equal (capability, "scsi_host"))
    {
      FUZZ_CHECK (g_str_has_prefix (dev->path, "host"));
      FUZZ_CHECK (dev->size == 0);
    }
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autofree char *xml = fuzz_strdup (data, size);

  check (xml, "storage");
  check (xml, "scsi_host");
  return 0;
}
