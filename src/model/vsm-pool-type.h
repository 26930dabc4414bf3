/* vsm-pool-type.h
 *
 * The pool-type descriptor table: one row per libvirt pool type.
 *
 * Copyright 2026 Virt Storage developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  const char *id;                 /* libvirt's type attribute */
  const char *label;              /* translatable (N_) */
  const char *icon_name;
  const char *delete_description; /* translatable: what pool-delete does */
  gboolean    has_target_path;
} VsmPoolTypeInfo;

const VsmPoolTypeInfo *vsm_pool_type_lookup        (const char *id);
const VsmPoolTypeInfo *vsm_pool_type_get_all       (guint      *n_types);
const char            *vsm_pool_type_get_label     (const char *id);
const char            *vsm_pool_type_get_icon_name (const char *id);
const char            *vsm_pool_type_get_delete_description (const char *id);

G_END_DECLS
