/* vsm-disk-spec.h
 *
 * A disk, CD-ROM, floppy or LUN to attach to a domain: the <disk> XML
 * libvirt gets, the equivalent virsh line, target-name suggestions and the
 * validation done before any libvirt call. Pure: no connection, no GTK.
 *
 * Copyright 2026 Virt Storage developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  VSM_DISK_SOURCE_VOLUME,   /* <disk type='volume'><source pool= volume=/> */
  VSM_DISK_SOURCE_FILE,     /* <disk type='file'><source file=/> (ISO or image path on the host) */
  VSM_DISK_SOURCE_BLOCK,    /* <disk type='block'><source dev=/> */
  VSM_DISK_SOURCE_NONE,     /* empty CD-ROM / floppy drive */
} VsmDiskSourceKind;

typedef enum
{
  VSM_ATTACH_LIVE   = 1 << 0,   /* VIR_DOMAIN_AFFECT_LIVE */
  VSM_ATTACH_CONFIG = 1 << 1,   /* VIR_DOMAIN_AFFECT_CONFIG */
  VSM_ATTACH_UNPLUG = 1 << 2,   /* change media, eject: where libvirt cannot open the drive's
                                   tray, remove the drive from the running domain instead
                                   (see VSM_DISK_CHANGE_MEDIA) */
  VSM_ATTACH_SAVE_RESUME = 1 << 3, /* change media, eject: where libvirt cannot open the
                                   drive's tray, save the domain's state to disk and resume
                                   it (libvirt then knows the tray), then eject */
} VsmAttachFlags;

typedef struct
{
  VsmDiskSourceKind  source_kind;
  char              *pool;          /* volume */
  char              *volume;        /* volume */
  char              *path;          /* file or block */
  char              *device;        /* "disk", "cdrom", "floppy", "lun" */
  char              *bus;           /* "virtio", "sata", "scsi", "ide", "usb", "fdc" */
  char              *target;        /* "vdb", "sdc", "hdc", "fda" */
  char              *driver_type;   /* "raw", "qcow2", … (format of the image), optional */
  gboolean           readonly;      /* forced for cdrom */
  gboolean           shareable;
  char              *cache;         /* default, none, writethrough, writeback, directsync, unsafe */
  char              *io;            /* default, native, threads, io_uring */
  char              *discard;       /* default, unmap, ignore */
  char              *serial;        /* optional */
} VsmDiskSpec;

VsmDiskSpec *vsm_disk_spec_new              (void);
void         vsm_disk_spec_free             (VsmDiskSpec        *spec);
VsmDiskSpec *vsm_disk_spec_copy             (const VsmDiskSpec  *spec);
char        *vsm_disk_xml_build             (const VsmDiskSpec  *spec,
                                             GError            **error);
gboolean     vsm_disk_spec_validate         (const VsmDiskSpec  *spec,
                                             GPtrArray          *used_targets,
                                             GError            **error);
char        *vsm_disk_target_suggest        (const char         *bus,
                                             GPtrArray          *used_targets);
gboolean     vsm_disk_target_validate       (const char         *target,
                                             const char         *bus,
                                             GPtrArray          *used_targets,
                                             GError            **error);
const char  *vsm_disk_target_prefix         (const char         *bus);
const char  *vsm_disk_value_to_label        (const char         *value);
gboolean     vsm_disk_bus_can_hotplug       (const char         *bus,
                                             const char         *device);
char        *vsm_attach_command             (const VsmDiskSpec  *spec,
                                             const char         *uri,
                                             const char         *domain,
                                             VsmAttachFlags      flags);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (VsmDiskSpec, vsm_disk_spec_free)

G_END_DECLS
