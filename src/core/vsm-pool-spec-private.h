/* vsm-pool-spec-private.h
 *
 * What vsm-pool-spec.c (validation, XML) and vsm-pool-spec-virsh.c (the
 * equivalent virsh lines) share: the values a spec resolves to; the
 * types' facts come from the one table (vsm-pool-type.c).
 *
 * Copyright 2026 Virt Storage developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "vsm-pool-spec.h"
#include "vsm-pool-type.h"

G_BEGIN_DECLS

/* Whether the spec's XML has a <target><path>: the created types that
 * have one (the table's rows). */
static inline gboolean
kind_has_target (const VsmPoolTypeInfo *info)
{
  return info->kind != VSM_POOL_KIND_OTHER && info->has_target_path;
}

static inline gboolean
is_set (const char *s)
{
  return s != NULL && *s != '\0';
}

static inline guint
array_len (const GPtrArray *array)
{
  return array != NULL ? array->len : 0;
}

static inline const char *
array_get (const GPtrArray *array,
           guint            i)
{
  return array != NULL && i < array->len ? g_ptr_array_index ((GPtrArray *) array, i) : NULL;
}

/* The values vsm_pool_xml_build() writes where the spec leaves them out. */
const char *vsm_pool_spec_adapter_type (const VsmPoolSpec     *spec);
const char *vsm_pool_spec_format       (const VsmPoolSpec     *spec,
                                        const VsmPoolTypeInfo *info);
char       *vsm_pool_spec_target       (const VsmPoolSpec     *spec,
                                        const VsmPoolTypeInfo *info);
gboolean    vsm_pool_spec_has_auth     (const VsmPoolSpec     *spec,
                                        const VsmPoolTypeInfo *info);

G_END_DECLS
