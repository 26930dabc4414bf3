/* vsm-domain-xml.h
 *
 * The domain XML readers and editors the disk operations use
 * (vsm-domain-ops.c's workers) and the fuzz targets in tests/fuzz/ test.
 *
 * Copyright 2026 Virt Storage developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "vsm-disk-spec.h"

G_BEGIN_DECLS

/* Whether @xml (a domain) has a <disk> whose <target dev=> is @target. */
gboolean _vsm_domain_xml_has_target   (const char         *xml,
                                       const char         *target);
/* That <disk> element serialised, as sent to DetachDeviceFlags; NULL when
 * there is none. */
char    *_vsm_domain_disk_device_xml  (const char         *domain_xml,
                                       const char         *target);
/* The CD-ROM/floppy <disk> @target with its medium replaced by @medium
 * (NULL or VSM_DISK_SOURCE_NONE: empty); NULL and @error when @target is
 * not such a drive. */
char    *_vsm_domain_media_xml        (const char         *domain_xml,
                                       const char         *target,
                                       const VsmDiskSpec  *medium,
                                       GError            **error);
/* The domain with its <disk> @target removed (@disk_xml NULL), replaced
 * by @disk_xml, or (@target NULL) with @disk_xml added; NULL and @error
 * when @target is not there or the XML does not parse. */
char    *_vsm_domain_xml_edit_disk    (const char         *domain_xml,
                                       const char         *target,
                                       const char         *disk_xml,
                                       GError            **error);
/* The disk buses of a <domainCapabilities>, in our preference order;
 * NULL when it lists none (no bus <enum>). */
GStrv    _vsm_domain_buses_from_caps  (const char         *caps);
/* The bus of the drive @target, or NULL. */
char    *_vsm_domain_drive_bus        (const char         *domain_xml,
                                       const char         *target);
/* What virConnectGetDomainCapabilities needs from a domain's XML; each
 * out value NULL when absent. */
void     _vsm_domain_caps_query       (const char         *domain_xml,
                                       char              **emulator,
                                       char              **arch,
                                       char              **machine,
                                       char              **virttype);

G_END_DECLS
