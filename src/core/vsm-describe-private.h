/* vsm-describe-private.h
 *
 * The words of a pool's and a disk's <source>, for the snapshot readers
 * (vsm-snapshot.c), which hand over the parsed nodes.
 *
 * Copyright 2026 Virt Storage developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>
#include <libxml/tree.h>

G_BEGIN_DECLS

char *_vsm_describe_pool_source (const char *pool_type,
                                 xmlNodePtr  source);
char *_vsm_describe_disk_source (xmlNodePtr  disk);

G_END_DECLS
