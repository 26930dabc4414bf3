/* vsm-upload.h
 *
 * A local file uploaded into a new volume: what the file is (read from
 * its first bytes), the volume it gets (its name, format and a capacity
 * of exactly the file's size), whether the pool has room for it, and the
 * two virsh lines that do the same. Pure: no connection, no GTK, no I/O.
 *
 * Copyright 2026 Virt Storage developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "vsm-volume-spec.h"

G_BEGIN_DECLS

/* What vsm_upload_plan_new() wants of the file's start: enough for the
 * ISO 9660 identifier ("CD001" at byte 32769). */
#define VSM_UPLOAD_HEAD_SIZE 32774

typedef enum
{
  VSM_FILE_KIND_RAW,     /* anything else: a raw disk image, or any data */
  VSM_FILE_KIND_QCOW2,   /* starts with "QFI\xfb" */
  VSM_FILE_KIND_ISO,     /* ISO 9660 identifier, or named *.iso */
} VsmFileKind;

typedef struct
{
  /* the file */
  VsmFileKind    kind;
  guint64        file_size;
  guint64        virtual_size;   /* qcow2: the disk size its header gives; else file_size */
  char          *backing_file;   /* qcow2: the backing file its header names, or NULL */
  /* the new volume */
  VsmVolumeSpec *spec;           /* proposed name, format, capacity = file_size */
  guint64        needed;         /* bytes of the pool the upload takes */
} VsmUploadPlan;

VsmFileKind    vsm_file_kind_detect     (const char          *file_name,
                                         const guint8        *head,
                                         gsize                head_len,
                                         guint64             *virtual_size,
                                         char               **backing_file);
char          *vsm_upload_propose_name  (const char          *file_name,
                                         const char          *pool_type,
                                         const char          *disk_device,
                                         GHashTable          *existing);
VsmVolumeSpec *vsm_upload_volume_spec   (const char          *name,
                                         const char          *pool_type,
                                         guint64              file_size);
guint64        vsm_upload_space_needed  (const char          *pool_type,
                                         guint64              file_size,
                                         guint64              allocated);
gboolean       vsm_upload_check_room    (guint64              file_size,
                                         guint64              needed,
                                         guint64              pool_capacity,
                                         guint64              available,
                                         guint64              over_capacity,
                                         GError             **error);
VsmUploadPlan *vsm_upload_plan_new      (const char          *file_name,
                                         guint64              file_size,
                                         guint64              allocated,
                                         const guint8        *head,
                                         gsize                head_len,
                                         const char          *pool_type,
                                         const char          *disk_device,
                                         GHashTable          *existing);
void           vsm_upload_plan_free     (VsmUploadPlan       *plan);
char          *vsm_upload_commands      (const char          *uri,
                                         const char          *pool_name,
                                         const VsmVolumeSpec *spec,
                                         const char          *local_path);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (VsmUploadPlan, vsm_upload_plan_free)

G_END_DECLS
