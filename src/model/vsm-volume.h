/* vsm-volume.h
 *
 * Copyright 2026 Virt Storage developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "vsm-snapshot.h"

G_BEGIN_DECLS

#define VSM_TYPE_VOLUME (vsm_volume_get_type ())
G_DECLARE_FINAL_TYPE (VsmVolume, vsm_volume, VSM, VOLUME, GObject)

VsmVolume  *vsm_volume_new               (const char              *name);
void        vsm_volume_apply_snapshot    (VsmVolume               *self,
                                          const VsmVolumeSnapshot *snap);
const char *vsm_volume_get_name          (VsmVolume               *self);
const char *vsm_volume_get_key           (VsmVolume               *self);
const char *vsm_volume_get_path          (VsmVolume               *self);
const char *vsm_volume_get_format        (VsmVolume               *self);
const char *vsm_volume_get_backing_path  (VsmVolume               *self);
const char *vsm_volume_get_volume_type   (VsmVolume               *self);
const char *vsm_volume_get_encryption    (VsmVolume               *self);
guint64     vsm_volume_get_capacity      (VsmVolume               *self);
guint64     vsm_volume_get_allocation    (VsmVolume               *self);
gboolean    vsm_volume_get_has_details   (VsmVolume               *self);
const char *vsm_volume_get_used_by       (VsmVolume               *self);
const char *vsm_volume_get_backing_of    (VsmVolume               *self);
void        vsm_volume_set_users         (VsmVolume               *self,
                                          const char              *used_by,
                                          const char              *backing_of);
gboolean    vsm_volume_get_thin          (VsmVolume               *self);

G_END_DECLS
