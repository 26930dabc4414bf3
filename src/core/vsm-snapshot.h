/* vsm-snapshot.h
 *
 * Plain data that worker threads hand back to the main thread. Nothing in
 * here references libvirt objects, so snapshots can cross threads freely.
 *
 * Copyright 2026 Virt Storage developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Mirrors virStoragePoolState, plus an "unknown" for backends that are not
 * loaded (pool-list shows "unknown" for those). */
typedef enum
{
  VSM_POOL_STATE_INACTIVE = 0,
  VSM_POOL_STATE_BUILDING = 1,
  VSM_POOL_STATE_RUNNING = 2,
  VSM_POOL_STATE_DEGRADED = 3,
  VSM_POOL_STATE_INACCESSIBLE = 4,
  VSM_POOL_STATE_UNKNOWN = 5,
} VsmPoolState;

typedef struct
{
  char         *uuid;
  char         *name;
  char         *type;          /* "dir", "fs", "iscsi-direct", … */
  VsmPoolState  state;
  gboolean      active;
  gboolean      persistent;
  gboolean      autostart;
  guint64       capacity;
  guint64       allocation;
  guint64       available;
  char         *target_path;
  char         *source;        /* in words: "nas:/export · NFS version 4", … (vsm-describe.c) */
  char         *source_format;
  char         *source_device; /* the first <device path>: a disk pool's disk */
  char         *source_key;    /* what the source names, as libvirt has it: lines
                                * "host\tH", "dir\tD", "name\tN", "device\tP"
                                * (vsm_pool_source_key_has) */
} VsmPoolSnapshot;

typedef struct
{
  char    *name;
  char    *key;
  char    *path;
  char    *type;               /* "file", "block", "dir", "network", … */
  char    *format;             /* "raw", "qcow2", "iso", … */
  char    *backing_path;
  char    *encryption;         /* <encryption format>: "luks", "qcow", …; NULL if none */
  guint64  capacity;
  guint64  allocation;
  gboolean has_details;        /* FALSE for the names-first batch */
} VsmVolumeSnapshot;

/* What a volume's XML says beyond the list's snapshot, for its details
 * (vsm_volume_details_from_xml). */
typedef struct
{
  VsmVolumeSnapshot *volume;          /* name, key, path, type, format, sizes, backing path */
  guint64            physical;        /* <physical>: the bytes the file or device takes */
  gboolean           has_physical;    /* libvirt reported <physical> */
  char              *backing_format;  /* <backingStore><format type>, NULL if none or unknown */
  char              *compat;          /* qcow2 <compat>, e.g. "1.1"; NULL if none */
  GStrv              features;        /* qcow2 <features> children, e.g. "lazy_refcounts"; never NULL */
  char              *owner;           /* <permissions>: uid, gid, octal mode, SELinux label; NULL if absent */
  char              *group;
  char              *mode;
  char              *label;
} VsmVolumeDetails;

typedef struct
{
  char    *type;               /* file, block, volume, network, dir */
  char    *device;             /* disk, cdrom, floppy, lun */
  char    *source;             /* file path, block device path, dir, or a network disk's name */
  char    *source_text;        /* the source in words (vsm-describe.c); NULL: an empty drive */
  char    *pool;               /* for type='volume' */
  char    *volume;
  char    *target_dev;
  char    *target_bus;
  gboolean readonly;
} VsmDiskSnapshot;

/* A domain's state, as the app tells them apart (the service maps
 * libvirt's virDomainState onto it). */
typedef enum
{
  VSM_DOMAIN_STATE_UNKNOWN,
  VSM_DOMAIN_STATE_RUNNING,
  VSM_DOMAIN_STATE_BLOCKED,
  VSM_DOMAIN_STATE_PAUSED,
  VSM_DOMAIN_STATE_SHUTTING_DOWN,
  VSM_DOMAIN_STATE_SHUT_OFF,
  VSM_DOMAIN_STATE_CRASHED,
  VSM_DOMAIN_STATE_SUSPENDED,
} VsmDomainState;

typedef struct
{
  char          *uuid;
  char          *name;
  VsmDomainState state;
  gboolean   persistent;
  GPtrArray *disks;            /* of VsmDiskSnapshot */
} VsmDomainSnapshot;

void               vsm_pool_snapshot_free      (VsmPoolSnapshot   *snap);
void               vsm_volume_snapshot_free    (VsmVolumeSnapshot *snap);
void               vsm_disk_snapshot_free      (VsmDiskSnapshot   *snap);
VsmDiskSnapshot   *vsm_disk_snapshot_copy      (const VsmDiskSnapshot *snap);
void               vsm_domain_snapshot_free    (VsmDomainSnapshot *snap);

gboolean           vsm_pool_snapshot_parse_xml (VsmPoolSnapshot   *snap,
                                                const char        *xml,
                                                gsize              len);
VsmVolumeSnapshot *vsm_volume_snapshot_new_from_xml (const char   *xml,
                                                     gsize         len);
VsmVolumeDetails  *vsm_volume_details_from_xml (const char        *xml);
void               vsm_volume_details_free     (VsmVolumeDetails  *details);
GPtrArray         *vsm_domain_disks_from_xml   (const char        *xml,
                                                gsize              len);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (VsmPoolSnapshot, vsm_pool_snapshot_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VsmVolumeSnapshot, vsm_volume_snapshot_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VsmDiskSnapshot, vsm_disk_snapshot_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VsmDomainSnapshot, vsm_domain_snapshot_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VsmVolumeDetails, vsm_volume_details_free)

gboolean vsm_pool_source_key_has    (const char *key,
                                     const char *kind,
                                     const char *value);
GStrv    vsm_pool_source_key_values (const char *key,
                                     const char *kind);

G_END_DECLS
