/* vsm-pool-spec-private.h
 *
 * What vsm-pool-spec.c (validation, XML) and vsm-pool-spec-virsh.c (the
 * equivalent virsh lines) share: the pool kinds, read from the one type
 * table, and the values a spec resolves to.
 *
 * Copyright 2026 Virt Storage developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "vsm-pool-spec.h"
#include "vsm-pool-type.h"

G_BEGIN_DECLS

typedef enum
{
  T_DIR,
  T_FS,
  T_NETFS,
  T_LOGICAL,
  T_DISK,
  T_ISCSI,
  T_SCSI,
  T_ISCSI_DIRECT,
  T_RBD,
  T_GLUSTER,
  T_UNKNOWN,
} PoolKind;

static const char * const vsm_pool_kind_names[] = {
  "dir", "fs", "netfs", "logical", "disk", "iscsi", "scsi", "iscsi-direct", "rbd", "gluster", NULL
};

static inline PoolKind
pool_kind (const char *type)
{
  for (guint i = 0; vsm_pool_kind_names[i] != NULL; i++)
    if (g_strcmp0 (type, vsm_pool_kind_names[i]) == 0)
      return (PoolKind) i;
  return T_UNKNOWN;
}

/* The type's facts, all from the one table (src/core/vsm-pool-type.c). */
static inline const VsmPoolTypeInfo *
kind_info (PoolKind kind)
{
  return vsm_pool_type_lookup (vsm_pool_kind_names[MIN (kind, T_UNKNOWN)]);
}

static inline gboolean
kind_has_target (PoolKind kind)
{
  return kind != T_UNKNOWN && kind_info (kind)->has_target_path;
}

static inline gboolean
kind_has_hosts (PoolKind kind)
{
  return vsm_pool_type_has_hosts (kind_info (kind));
}

static inline gboolean
kind_has_devices (PoolKind kind)
{
  return vsm_pool_type_has_devices (kind_info (kind));
}

static inline gboolean
kind_has_source_name (PoolKind kind)
{
  return vsm_pool_type_has_source_name (kind_info (kind));
}

static inline gboolean
kind_has_auth (PoolKind kind)
{
  return vsm_pool_type_has_auth (kind_info (kind));
}

static inline const char * const *
kind_formats (PoolKind kind)
{
  return kind_info (kind)->formats;
}

static inline guint
kind_default_port (PoolKind kind)
{
  return kind_info (kind)->default_port;
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
const char *vsm_pool_spec_adapter_type (const VsmPoolSpec *spec);
const char *vsm_pool_spec_format       (const VsmPoolSpec *spec,
                                        PoolKind           kind);
char       *vsm_pool_spec_target       (const VsmPoolSpec *spec,
                                        PoolKind           kind);
gboolean    vsm_pool_spec_has_auth     (const VsmPoolSpec *spec,
                                        PoolKind           kind);

G_END_DECLS
