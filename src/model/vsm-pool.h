/* vsm-pool.h
 *
 * Copyright 2026 Virt Storage developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "vsm-keyed-list.h"
#include "vsm-snapshot.h"

G_BEGIN_DECLS

#define VSM_TYPE_POOL (vsm_pool_get_type ())
G_DECLARE_FINAL_TYPE (VsmPool, vsm_pool, VSM, POOL, GObject)

VsmPool      *vsm_pool_new                 (const char            *uuid);
void          vsm_pool_apply_snapshot      (VsmPool               *self,
                                            const VsmPoolSnapshot *snap);
const char   *vsm_pool_get_uuid            (VsmPool               *self);
const char   *vsm_pool_get_name            (VsmPool               *self);
const char   *vsm_pool_get_pool_type       (VsmPool               *self);
VsmPoolState  vsm_pool_get_state           (VsmPool               *self);
gboolean      vsm_pool_get_active          (VsmPool               *self);
gboolean      vsm_pool_get_persistent      (VsmPool               *self);
gboolean      vsm_pool_get_autostart       (VsmPool               *self);
guint64       vsm_pool_get_capacity        (VsmPool               *self);
guint64       vsm_pool_get_allocation      (VsmPool               *self);
guint64       vsm_pool_get_available       (VsmPool               *self);
double        vsm_pool_get_usage           (VsmPool               *self);
guint64       vsm_pool_get_over_capacity   (VsmPool               *self);
const char   *vsm_pool_get_target_path     (VsmPool               *self);
/* the source in words, for people (vsm-describe.c) */
const char   *vsm_pool_get_source          (VsmPool               *self);
/* the first device of the source: a disk pool's disk, which names its partitions */
const char   *vsm_pool_get_source_device   (VsmPool               *self);
const char   *vsm_pool_get_source_key      (VsmPool               *self);
VsmKeyedList *vsm_pool_get_volumes         (VsmPool               *self);
gboolean      vsm_pool_get_busy            (VsmPool               *self);
/* Delete Storage succeeded since the pool last ran or was built: what
 * Undefine says it keeps (set by VsmHost; cleared by a snapshot of the
 * pool running) */
gboolean      vsm_pool_get_storage_deleted (VsmPool               *self);
void          vsm_pool_set_storage_deleted (VsmPool               *self,
                                            gboolean               deleted);
void          vsm_pool_set_busy            (VsmPool               *self,
                                            gboolean               busy);
gboolean      vsm_pool_get_volumes_loaded  (VsmPool               *self);
void          vsm_pool_set_volumes_loaded  (VsmPool               *self,
                                            gboolean               loaded);
gboolean      vsm_pool_get_volumes_loading (VsmPool               *self);
gboolean      vsm_pool_get_volumes_complete (VsmPool              *self);
void          vsm_pool_set_volumes_loading (VsmPool               *self,
                                            gboolean               loading);
/* The last listing named only some of the pool's volumes (libvirt's
 * remote protocol lists at most @limit): how many the pool holds; 0 when
 * it named them all. */
void          vsm_pool_set_volumes_partial (VsmPool               *self,
                                            guint                  n_in_pool,
                                            guint                  limit);
gboolean      vsm_pool_get_volumes_partial (VsmPool               *self);
/* libvirt's count of the pool's volumes when the listing was partial,
 * else the volumes listed */
guint         vsm_pool_get_volumes_in_pool (VsmPool               *self);
/* the most volumes one listing names (when partial) */
guint         vsm_pool_get_list_limit      (VsmPool               *self);
/* why the volumes could not be listed (libvirt's words), or NULL */
const char   *vsm_pool_get_volumes_error   (VsmPool               *self);
void          vsm_pool_set_volumes_error   (VsmPool               *self,
                                            const char            *error);
void          vsm_pool_set_totals          (VsmPool               *self,
                                            guint64                volume_capacity,
                                            guint                  n_volumes);
guint64       vsm_pool_get_volume_capacity (VsmPool               *self);
gboolean      vsm_pool_get_totals_known    (VsmPool               *self);
gboolean      vsm_pool_get_totals_pending  (VsmPool               *self);
void          vsm_pool_set_totals_pending  (VsmPool               *self,
                                            gboolean               pending);
double        vsm_pool_get_overcommit      (VsmPool               *self);
void          vsm_pool_recompute_totals    (VsmPool               *self);
const char   *vsm_pool_state_to_label      (VsmPoolState           state);

G_END_DECLS
