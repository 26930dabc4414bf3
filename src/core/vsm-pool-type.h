/* vsm-pool-type.h
 *
 * The pool-type descriptor table: one row per libvirt pool type, the one
 * place that knows what a type is made of. The New Pool wizard is driven
 * by it (which fields, formats, build semantics, discovery), the pool
 * specs (vsm-pool-spec.c) validate and build XML from it, the New Volume
 * dialog asks it which volumes a pool can hold. Pure: GLib only.
 *
 * Copyright 2026 Virt Storage developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  VSM_FIELD_HOST          = 1 << 0,   /* one host name */
  VSM_FIELD_HOSTS         = 1 << 1,   /* several host[:port] (rbd monitors) */
  VSM_FIELD_PORT          = 1 << 2,
  VSM_FIELD_SOURCE_DIR    = 1 << 3,
  VSM_FIELD_DEVICE        = 1 << 4,   /* one block device */
  VSM_FIELD_DEVICES       = 1 << 5,   /* one or more block devices */
  VSM_FIELD_SOURCE_NAME   = 1 << 6,
  VSM_FIELD_FORMAT        = 1 << 7,
  VSM_FIELD_TARGET_IQN    = 1 << 8,
  VSM_FIELD_INITIATOR     = 1 << 9,   /* optional initiator IQN */
  VSM_FIELD_INITIATOR_REQ = 1 << 10,  /* required initiator IQN */
  VSM_FIELD_AUTH          = 1 << 11,
  VSM_FIELD_ADAPTER       = 1 << 12,
  VSM_FIELD_TARGET        = 1 << 13,
  VSM_FIELD_PERMISSIONS   = 1 << 14,
  VSM_FIELD_PROTOCOL      = 1 << 15,
} VsmPoolFields;

/* The types the wizard creates, each with its own rules in the specs
 * (vsm-pool-spec.c); OTHER (0, so a row without .kind) for the types
 * libvirt has that are shown but never created, and for unknown ones. */
typedef enum
{
  VSM_POOL_KIND_OTHER,
  VSM_POOL_KIND_DIR,
  VSM_POOL_KIND_FS,
  VSM_POOL_KIND_NETFS,
  VSM_POOL_KIND_LOGICAL,
  VSM_POOL_KIND_DISK,
  VSM_POOL_KIND_ISCSI,
  VSM_POOL_KIND_SCSI,
  VSM_POOL_KIND_ISCSI_DIRECT,
  VSM_POOL_KIND_RBD,
  VSM_POOL_KIND_GLUSTER,
} VsmPoolKind;

typedef enum
{
  VSM_BUILD_NONE,          /* do not build */
  VSM_BUILD_DEFAULT,       /* pool-build */
  VSM_BUILD_NO_OVERWRITE,  /* pool-build --no-overwrite */
  VSM_BUILD_OVERWRITE,     /* pool-build --overwrite */
} VsmBuildMode;

/* What a build does to the pool's storage. */
typedef enum
{
  VSM_BUILD_EFFECT_NOTHING,    /* nothing is built */
  VSM_BUILD_EFFECT_DIRECTORY,  /* creates a directory (the pool's, or a mount point); no device is written */
  VSM_BUILD_EFFECT_IF_BLANK,   /* writes to the devices only if they are blank; libvirt refuses one that holds data */
  VSM_BUILD_EFFECT_ERASES,     /* formats the devices: what they hold is lost */
} VsmBuildEffect;

/* One way to build a pool of a type, as New Pool and Build offer it. */
typedef struct
{
  VsmBuildMode    mode;
  VsmBuildEffect  effect;
  const char     *title;        /* translatable */
  const char     *description;  /* translatable: what it does to the storage */
} VsmPoolBuildChoice;

/* What pool-delete (Delete Storage) does to the data. */
typedef enum
{
  VSM_POOL_DELETE_DESTROYS,      /* the volumes go with the storage (LVM, disk, ZFS) */
  VSM_POOL_DELETE_EMPTY_ONLY,    /* removes an empty directory; refused while volumes remain */
  VSM_POOL_DELETE_KEEPS_DATA,    /* removes a mount point; the data stays (fs, netfs) */
  VSM_POOL_DELETE_UNSUPPORTED,   /* libvirt cannot delete this type */
} VsmPoolDelete;

typedef struct
{
  const char          *id;                  /* libvirt's type attribute */
  VsmPoolKind          kind;
  const char          *label;               /* translatable (N_) */
  const char          *icon_name;
  const char          *delete_description;  /* translatable: what pool-delete does */
  VsmPoolDelete        delete_effect;
  gboolean             has_target_path;
  /* wizard */
  gboolean             in_wizard;
  const char          *description;         /* translatable: one line for the type list */
  VsmPoolFields        fields;
  const char * const  *formats;             /* libvirt's source formats for the type, the
                                             * default first; NULL: no <format> */
  const char          *default_target;
  guint                default_port;
  const VsmPoolBuildChoice *build_choices; /* NULL: nothing to build; else ended by a NULL title */
  VsmBuildMode         default_build;       /* what a new pool of the type does */
  gboolean             can_discover;        /* virConnectFindStoragePoolSources */
  const char          *auth_type;           /* "chap", "ceph" or NULL */
  const char          *source_name_title;   /* translatable title of the source-name field */
  const char          *source_dir_title;    /* translatable title of the source-dir field */
  /* volumes */
  gboolean             can_create_volumes;  /* vol-create works (not LUNs, not native gluster) */
  const char * const  *volume_formats;      /* what New Volume offers, the recommended first */
} VsmPoolTypeInfo;

const VsmPoolTypeInfo *vsm_pool_type_lookup        (const char *id);
const VsmPoolTypeInfo *vsm_pool_type_get_all       (guint      *n_types);
const char            *vsm_pool_type_get_label     (const char *id);
const char            *vsm_pool_type_get_icon_name (const char *id);
const char            *vsm_pool_type_get_delete_description (const char *id);
/* The fields a type's source is made of (from its VsmPoolFields). */
gboolean               vsm_pool_type_has_hosts       (const VsmPoolTypeInfo *info);
gboolean               vsm_pool_type_has_devices     (const VsmPoolTypeInfo *info);
gboolean               vsm_pool_type_has_source_name (const VsmPoolTypeInfo *info);
gboolean               vsm_pool_type_has_auth        (const VsmPoolTypeInfo *info);
/* The type's choice for @mode, NULL when the type does not offer it. */
const VsmPoolBuildChoice *vsm_pool_type_get_build_choice (const VsmPoolTypeInfo *info,
                                                          VsmBuildMode           mode);

G_END_DECLS
