/* fuzz-domain-caps.c: the disk buses read from a <domainCapabilities>
 * (virConnectGetDomainCapabilities → _vsm_domain_buses_from_caps), which
 * the attach dialog offers
 *
 * Copyright 2026 Virt Storage developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "fuzz-common.h"
#include "vsm-domain-xml.h"

/* Our order of preference, the order of the result. */
static const char * const known[] = { "virtio", "sata", "scsi", "usb", "ide", "fdc" };

static int
rank (const char *bus)
{
  for (guint i = 0; i < G_N_ELEMENTS (known); i++)
    if (g_strcmp0 (known[i], bus) == 0)
      return (int) i;
  return -1;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autofree char *caps = fuzz_strdup (data, size);
  g_auto(GStrv) buses = _vsm_domain_buses_from_caps (caps);
  g_autoptr(GString) back = NULL;
  g_auto(GStrv) again = NULL;

  if (buses == NULL)
    return 0;

  /* Known buses only, each once, best first. */
  for (guint i = 0; buses[i] != NULL; i++)
    {
      FUZZ_CHECK (rank (buses[i]) >= 0);
      if (i > 0)
        FUZZ_CHECK (rank (buses[i - 1]) < rank (buses[i]));
    }

  /* Written back as capabilities, the same list. */
  back = g_string_new ("<domainCapabilities><devices><disk supported='yes'><enum name='bus'>");
  for (guint i = 0; buses[i] != NULL; i++)
    g_string_append_printf (back, "<value>%s</value>", buses[i]);
  g_string_append (back, "</enum></disk></devices></domainCapabilities>");
  again = _vsm_domain_buses_from_caps (back->str);
  FUZZ_CHECK (again != NULL && g_strv_equal ((const char * const *) again, (const char * const *) buses));
  return 0;
}
