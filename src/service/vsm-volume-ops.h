/* vsm-volume-ops.h
 *
 * Volume operations: create, clone, resize, wipe, upload, download.
 * Long ones (clone, wipe, upload, download) run on threads of their own so
 * they never take GTask's shared pool away from short calls.
 *
 * Copyright 2026 Virt Storage developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "vsm-connection.h"
#include "vsm-volume-spec.h"

G_BEGIN_DECLS

/**
 * VsmProgressFunc:
 * @done: bytes transferred so far
 * @total: bytes expected (0 when unknown)
 *
 * Called on the main thread, at most every 100 ms, while a transfer runs.
 */
typedef void (*VsmProgressFunc) (guint64  done,
                                 guint64  total,
                                 gpointer user_data);

typedef enum
{
  VSM_RESIZE_ALLOCATE = 1 << 0,  /* VIR_STORAGE_VOL_RESIZE_ALLOCATE */
  VSM_RESIZE_SHRINK   = 1 << 2,  /* VIR_STORAGE_VOL_RESIZE_SHRINK */
} VsmResizeFlags;

void     vsm_volume_create_async    (VsmConnection       *connection,
                                     const char          *pool_uuid,
                                     const VsmVolumeSpec *spec,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data);
gboolean vsm_volume_create_finish   (VsmConnection       *connection,
                                     GAsyncResult        *result,
                                     GError             **error);
void     vsm_volume_clone_async     (VsmConnection       *connection,
                                     const char          *src_pool_uuid,
                                     const char          *src_name,
                                     const char          *dst_pool_uuid,
                                     const VsmVolumeSpec *spec,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data);
gboolean vsm_volume_clone_finish    (VsmConnection       *connection,
                                     GAsyncResult        *result,
                                     GError             **error);
void     vsm_volume_resize_async    (VsmConnection       *connection,
                                     const char          *pool_uuid,
                                     const char          *name,
                                     guint64              capacity,
                                     VsmResizeFlags       flags,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data);
gboolean vsm_volume_resize_finish   (VsmConnection       *connection,
                                     GAsyncResult        *result,
                                     GError             **error);
/* How a wipe overwrites a volume (libvirt's virStorageVolWipeAlgorithm,
 * without libvirt's header for the widgets). */
typedef enum
{
  VSM_WIPE_ZERO,
  VSM_WIPE_RANDOM,
  VSM_WIPE_NNSA,
  VSM_WIPE_DOD,
  VSM_WIPE_SCHNEIER,
  VSM_WIPE_GUTMANN,
  VSM_WIPE_TRIM,
} VsmWipeAlgorithm;

void     vsm_volume_wipe_async      (VsmConnection       *connection,
                                     const char          *pool_uuid,
                                     const char          *name,
                                     VsmWipeAlgorithm     algorithm,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data);
gboolean vsm_volume_wipe_finish     (VsmConnection       *connection,
                                     GAsyncResult        *result,
                                     GError             **error);
void     vsm_volume_upload_async    (VsmConnection       *connection,
                                     const char          *pool_uuid,
                                     const char          *name,
                                     const char          *local_path,
                                     gboolean             sparse,
                                     VsmProgressFunc      progress,
                                     gpointer             progress_data,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data);
gboolean vsm_volume_upload_finish   (VsmConnection       *connection,
                                     GAsyncResult        *result,
                                     guint64             *bytes,
                                     GError             **error);
void     vsm_volume_download_async  (VsmConnection       *connection,
                                     const char          *pool_uuid,
                                     const char          *name,
                                     const char          *local_path,
                                     gboolean             sparse,
                                     VsmProgressFunc      progress,
                                     gpointer             progress_data,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data);
gboolean vsm_volume_download_finish (VsmConnection       *connection,
                                     GAsyncResult        *result,
                                     guint64             *bytes,
                                     GError             **error);

G_END_DECLS
