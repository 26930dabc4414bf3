/* vsm-pool-ops-private.h
 *
 * The pool XML readers of vsm-pool-ops.c that are not public API, for the
 * fuzz targets in tests/fuzz/.
 *
 * Copyright 2026 Virt Storage developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The <name> of a pool definition; NULL when missing or empty. */
char       *_vsm_pool_name_from_xml         (const char *xml);
/* The set of pool types a <storagepoolCapabilities> marks supported='yes';
 * NULL when @xml is not such a document. */
GHashTable *_vsm_pool_capabilities_from_xml (const char *xml);

G_END_DECLS
