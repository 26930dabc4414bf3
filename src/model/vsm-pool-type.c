/* vsm-pool-type.c
 *
 * Copyright 2026 Virt Storage developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vsm-pool-type"

#include "config.h"

#include <glib/gi18n.h>

#include "vsm-pool-type.h"

static const VsmPoolTypeInfo types[] = {
  { "dir", N_("Directory"), "folder-symbolic",
    N_("pool-delete removes the pool's directory. It must already be empty: libvirt refuses to delete a directory that still holds files."), TRUE },
  { "fs", N_("Filesystem"), "drive-harddisk-symbolic",
    N_("pool-delete removes the mount point directory. The filesystem on the device is not erased."), TRUE },
  { "netfs", N_("Network filesystem"), "folder-remote-symbolic",
    N_("pool-delete removes the local mount point directory. Files on the server are not touched."), TRUE },
  { "logical", N_("LVM volume group"), "drive-multidisk-symbolic",
    N_("pool-delete removes the volume group and its physical volume labels: every logical volume in it is lost."), TRUE },
  { "disk", N_("Physical disk"), "drive-harddisk-system-symbolic",
    N_("pool-delete erases the disk's partition table: every partition on the disk is lost."), TRUE },
  { "iscsi", N_("iSCSI target"), "network-server-symbolic",
    N_("iSCSI pools cannot be deleted by libvirt; the LUNs on the target are not touched."), TRUE },
  { "iscsi-direct", N_("iSCSI target (direct)"), "network-server-symbolic",
    N_("iSCSI direct pools cannot be deleted by libvirt; the LUNs on the target are not touched."), FALSE },
  { "scsi", N_("SCSI host adapter"), "drive-removable-media-symbolic",
    N_("SCSI pools cannot be deleted by libvirt; the devices are not touched."), TRUE },
  { "mpath", N_("Multipath devices"), "drive-multidisk-symbolic",
    N_("Multipath pools cannot be deleted by libvirt."), TRUE },
  { "rbd", N_("Ceph RBD"), "network-workgroup-symbolic",
    N_("pool-delete is not supported for Ceph pools; the images in Ceph are not touched."), FALSE },
  { "gluster", N_("GlusterFS"), "network-workgroup-symbolic",
    N_("pool-delete is not supported for native Gluster pools; the Gluster volume is not touched."), FALSE },
  { "zfs", N_("ZFS pool"), "drive-multidisk-symbolic",
    N_("pool-delete destroys the ZFS pool and every dataset in it."), FALSE },
  { "vstorage", N_("Virtuozzo storage"), "network-workgroup-symbolic",
    N_("pool-delete removes the mount point directory."), TRUE },
};

static const VsmPoolTypeInfo unknown = {
  NULL, N_("Storage pool"), "drive-harddisk-symbolic",
  N_("pool-delete removes the pool's underlying storage as libvirt defines it for this type."), TRUE
};

const VsmPoolTypeInfo *
vsm_pool_type_lookup (const char *id)
{
  for (guint i = 0; i < G_N_ELEMENTS (types); i++)
    if (g_strcmp0 (types[i].id, id) == 0)
      return &types[i];
  return &unknown;
}

const VsmPoolTypeInfo *
vsm_pool_type_get_all (guint *n_types)
{
  *n_types = G_N_ELEMENTS (types);
  return types;
}

const char *
vsm_pool_type_get_label (const char *id)
{
  return _(vsm_pool_type_lookup (id)->label);
}

const char *
vsm_pool_type_get_icon_name (const char *id)
{
  return vsm_pool_type_lookup (id)->icon_name;
}

const char *
vsm_pool_type_get_delete_description (const char *id)
{
  return _(vsm_pool_type_lookup (id)->delete_description);
}
