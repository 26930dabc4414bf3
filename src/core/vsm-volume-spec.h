/* vsm-volume-spec.h
 *
 * What the user asked for in the New Volume / Clone dialogs, its validation
 * and the volume XML libvirt gets. Pure: no connection, no GTK.
 *
 * Copyright 2026 Virt Storage developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  VSM_PREALLOC_OFF,        /* thin / sparse */
  VSM_PREALLOC_METADATA,   /* qcow2: metadata only (VIR_STORAGE_VOL_CREATE_PREALLOC_METADATA) */
  VSM_PREALLOC_FULL,       /* allocation = capacity */
} VsmPrealloc;

typedef struct
{
  char        *name;
  char        *format;          /* NULL for pools without formats */
  guint64      capacity;
  VsmPrealloc  prealloc;
  char        *backing_path;    /* optional backing volume path */
  char        *backing_format;
} VsmVolumeSpec;

#define VSM_VOLUME_NAME_MAX 255

VsmVolumeSpec      *vsm_volume_spec_new              (void);
void                vsm_volume_spec_free             (VsmVolumeSpec *spec);
VsmVolumeSpec      *vsm_volume_spec_copy             (const VsmVolumeSpec *spec);
char               *vsm_volume_xml_build             (const VsmVolumeSpec *spec);
gboolean            vsm_volume_spec_prealloc_metadata (const VsmVolumeSpec *spec);
const VsmPrealloc  *vsm_volume_format_preallocs      (const char    *pool_type,
                                                      const char    *format,
                                                      gboolean       backed,
                                                      guint         *n);
gboolean            vsm_volume_format_has_metadata   (const char    *format);
gboolean            vsm_volume_name_validate         (const char    *name,
                                                      const char    *pool_type,
                                                      const char    *disk_device,
                                                      GHashTable    *existing,
                                                      GError       **error);
const char * const *vsm_volume_formats_for_pool      (const char    *pool_type);
gboolean            vsm_pool_type_can_create_volumes (const char    *pool_type);
char               *vsm_volume_suggest_name          (const char    *pool_type,
                                                      const char    *disk_device,
                                                      const char    *base,
                                                      GHashTable    *existing,
                                                      const char    *format);
char               *vsm_volume_create_as_command     (const char    *uri,
                                                      const char    *pool_name,
                                                      const VsmVolumeSpec *spec);
char               *vsm_volume_clone_command         (const char    *uri,
                                                      const char    *source_pool,
                                                      const char    *source_name,
                                                      const char    *source_format,
                                                      const char    *target_pool,
                                                      const VsmVolumeSpec *spec);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (VsmVolumeSpec, vsm_volume_spec_free)

G_END_DECLS
