/* vsm-volume-ops.h
 *
 * Volume jobs: create, clone, resize, wipe, upload, download, delete — one
 * call, vsm_volume_job_async(), told which by a VsmVolumeJob.
 * Every job runs on a thread of its own: the long ones (clone, wipe,
 * upload, download) must never take GTask's shared pool away from short
 * calls, and one path for all keeps them alike.
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

typedef enum
{
  VSM_VOLUME_JOB_CREATE,
  VSM_VOLUME_JOB_CLONE,
  VSM_VOLUME_JOB_RESIZE,
  VSM_VOLUME_JOB_WIPE,     /* libvirt cannot interrupt it: cancelling only stops waiting */
  VSM_VOLUME_JOB_UPLOAD,   /* @local_path into the volume, overwriting it */
  VSM_VOLUME_JOB_DOWNLOAD, /* the volume into @local_path */
  VSM_VOLUME_JOB_DELETE,
} VsmVolumeJobKind;

/**
 * VsmVolumeJob:
 *
 * What one volume job does. Only the fields its @kind names are read;
 * the strings and the spec are copied when the job starts.
 */
typedef struct
{
  VsmVolumeJobKind     kind;
  const char          *pool_uuid;      /* the volume's pool; create: where it is made */
  const char          *name;           /* the volume (every kind but create) */
  const char          *dst_pool_uuid;  /* clone: the pool of the copy (may be @pool_uuid) */
  const VsmVolumeSpec *spec;           /* create, clone: the new volume (a clone's format converts);
                                        * upload through the model only (vsm_host_volume_job_async):
                                        * a new volume created for the file first, deleted again
                                        * if the upload fails */
  const char          *xml;            /* create: the volume's XML as the user gave it
                                        * (vol-create FILE), instead of @spec */
  guint64              capacity;       /* resize: the new capacity in bytes */
  VsmResizeFlags       resize_flags;   /* resize */
  VsmWipeAlgorithm     algorithm;      /* wipe: how to overwrite it */
  const char          *local_path;     /* upload, download: the local file */
  gboolean             sparse;         /* upload, download: holes travel as holes */
  VsmProgressFunc      progress;       /* upload, download; may be %NULL */
  gpointer             progress_data;
} VsmVolumeJob;

void     vsm_volume_job_async       (VsmConnection       *connection,
                                     const VsmVolumeJob  *job,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data);
gboolean vsm_volume_job_finish      (VsmConnection       *connection,
                                     GAsyncResult        *result,
                                     guint64             *bytes,
                                     GError             **error);

G_END_DECLS
