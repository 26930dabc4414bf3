/* vsm-host-jobs.h
 *
 * Copyright 2026 Virt Storage developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "vsm-host.h"
#include "vsm-volume-ops.h"
#include "vsm-volume-spec.h"

G_BEGIN_DECLS

void     vsm_host_create_volume_async   (VsmHost             *self,
                                         VsmPool             *pool,
                                         const VsmVolumeSpec *spec,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data);
void     vsm_host_clone_volume_async    (VsmHost             *self,
                                         VsmPool             *pool,
                                         const char          *name,
                                         VsmPool             *target,
                                         const VsmVolumeSpec *spec,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data);
void     vsm_host_resize_volume_async   (VsmHost             *self,
                                         VsmPool             *pool,
                                         const char          *name,
                                         guint64              capacity,
                                         VsmResizeFlags       flags,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data);
void     vsm_host_wipe_volume_async     (VsmHost             *self,
                                         VsmPool             *pool,
                                         const char          *name,
                                         VsmWipeAlgorithm     algorithm,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data);
void     vsm_host_transfer_volume_async (VsmHost             *self,
                                         VsmPool             *pool,
                                         const char          *name,
                                         gboolean             upload,
                                         const char          *local_path,
                                         gboolean             sparse,
                                         VsmProgressFunc      progress,
                                         gpointer             progress_data,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data);
/* the one _finish of every volume job; @bytes: what a transfer moved */
gboolean vsm_host_volume_job_finish     (VsmHost             *self,
                                         GAsyncResult        *result,
                                         guint64             *bytes,
                                         GError             **error);

G_END_DECLS
