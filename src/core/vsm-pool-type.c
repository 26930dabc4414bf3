/* vsm-pool-type.c
 *
 * Copyright 2026 Virt Storage developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vsm-pool-type"

#include "config.h"

#include <glib/gi18n.h>

#include "vsm-pool-type.h"

/* libvirt 9.0's source format enums (storage_conf.c: anything else is
 * refused with "unknown pool format type"; no btrfs or ntfs), the default
 * first. tests/unit/test-pool-spec.c ties them to storagepool.rng. */
static const char * const fs_formats[] = {
  "auto", "ext4", "ext3", "ext2", "xfs", "vfat", "iso9660", "udf", "ufs", "gfs", "gfs2",
  "hfs+", "ocfs2", "vmfs", NULL
};
static const char * const netfs_formats[] = { "nfs", "auto", "glusterfs", "cifs", NULL };
static const char * const disk_formats[] = { "gpt", "dos", "dvh", "mac", "bsd", "pc98", "sun", "lvm2", "unknown", NULL };
static const char * const logical_formats[] = { "lvm2", "unknown", NULL };

/* volume formats New Volume offers */
static const char * const file_volume_formats[] = { "qcow2", "raw", "vmdk", "vdi", "vpc", "qed", "iso", NULL };
static const char * const partition_volume_formats[] = { "none", "linux", "linux-swap", "linux-lvm", "linux-raid", NULL };
static const char * const no_volume_formats[] = { NULL };

/* The build choices, each said by what it does to the storage (libvirt
 * 9.0's storage backends: dir and netfs only make a directory; fs makes
 * the mount point, and runs mkfs only with a flag; plain pool-build of a
 * logical or disk pool already refuses a device that holds data). */
#define DO_NOT_BUILD(what) { VSM_BUILD_NONE, VSM_BUILD_EFFECT_NOTHING, N_("Do not build"), what }
static const VsmPoolBuildChoice dir_builds[] = {
  DO_NOT_BUILD (N_("The directory must exist already.")),
  { VSM_BUILD_DEFAULT, VSM_BUILD_EFFECT_DIRECTORY, N_("Build: create the directory"),
    N_("pool-build creates the directory, with the owner and permissions given.") },
  { 0 }
};
static const VsmPoolBuildChoice fs_builds[] = {
  DO_NOT_BUILD (N_("The mount point must exist already.")),
  { VSM_BUILD_DEFAULT, VSM_BUILD_EFFECT_DIRECTORY, N_("Build: create the mount point only"),
    N_("pool-build creates the mount point directory. The device is not touched: choose this for a device that already holds a filesystem.") },
  { VSM_BUILD_NO_OVERWRITE, VSM_BUILD_EFFECT_IF_BLANK, N_("Build only if the device is blank"),
    N_("pool-build --no-overwrite also makes a new filesystem (mkfs) on the device, but only if it holds no filesystem or partition table; otherwise libvirt refuses and writes nothing.") },
  { VSM_BUILD_OVERWRITE, VSM_BUILD_EFFECT_ERASES, N_("Build and overwrite: format the device"),
    N_("pool-build --overwrite makes a new filesystem (mkfs) on the device even if it holds data. Everything on it is lost.") },
  { 0 }
};
static const VsmPoolBuildChoice netfs_builds[] = {
  DO_NOT_BUILD (N_("The mount point must exist already.")),
  { VSM_BUILD_DEFAULT, VSM_BUILD_EFFECT_DIRECTORY, N_("Build: create the mount point"),
    N_("pool-build creates the local mount point directory. Nothing on the server is touched.") },
  { 0 }
};
static const VsmPoolBuildChoice logical_builds[] = {
  DO_NOT_BUILD (N_("The volume group must exist already.")),
  { VSM_BUILD_DEFAULT, VSM_BUILD_EFFECT_IF_BLANK, N_("Build only if the devices are blank"),
    N_("pool-build creates the volume group (pvcreate and vgcreate), but libvirt refuses a device that holds a filesystem, partition table or LVM label.") },
  { VSM_BUILD_OVERWRITE, VSM_BUILD_EFFECT_ERASES, N_("Build and overwrite: erase the devices"),
    N_("pool-build --overwrite creates the volume group even on devices that hold data. Everything on them is lost.") },
  { 0 }
};
static const VsmPoolBuildChoice disk_builds[] = {
  DO_NOT_BUILD (N_("The disk's partition table is used as it is.")),
  { VSM_BUILD_DEFAULT, VSM_BUILD_EFFECT_IF_BLANK, N_("Build only if the disk is blank"),
    N_("pool-build writes a new, empty partition table, but libvirt refuses a disk that already holds one.") },
  { VSM_BUILD_OVERWRITE, VSM_BUILD_EFFECT_ERASES, N_("Build and overwrite: erase the disk"),
    N_("pool-build --overwrite writes a new, empty partition table even if the disk holds one. Every partition on the disk is lost.") },
  { 0 }
};
#undef DO_NOT_BUILD

static const VsmPoolTypeInfo types[] = {
  { .id = "dir", .kind = VSM_POOL_KIND_DIR, .label = N_("Directory"), .icon_name = "folder-symbolic",
    .delete_description = N_("pool-delete removes the pool's directory. It must already be empty: libvirt refuses to delete a directory that still holds files."), .delete_effect = VSM_POOL_DELETE_EMPTY_ONLY,
    .has_target_path = TRUE, .in_wizard = TRUE,
    .description = N_("A directory on the host holding image files"),
    .fields = VSM_FIELD_TARGET | VSM_FIELD_PERMISSIONS,
    .default_target = "/var/lib/libvirt/images",
    .build_choices = dir_builds, .default_build = VSM_BUILD_DEFAULT,
    .can_create_volumes = TRUE, .volume_formats = file_volume_formats },
  { .id = "fs", .kind = VSM_POOL_KIND_FS, .label = N_("Filesystem"), .icon_name = "drive-harddisk-symbolic",
    .delete_description = N_("pool-delete removes the mount point directory. The filesystem on the device is not erased."), .delete_effect = VSM_POOL_DELETE_KEEPS_DATA,
    .has_target_path = TRUE, .in_wizard = TRUE,
    .description = N_("A block device with a filesystem, mounted by libvirt"),
    .fields = VSM_FIELD_DEVICE | VSM_FIELD_FORMAT | VSM_FIELD_TARGET | VSM_FIELD_PERMISSIONS,
    .formats = fs_formats, .default_target = "/var/lib/libvirt/filesystems",
    .build_choices = fs_builds, .default_build = VSM_BUILD_DEFAULT,
    .can_create_volumes = TRUE, .volume_formats = file_volume_formats },
  { .id = "netfs", .kind = VSM_POOL_KIND_NETFS, .label = N_("Network filesystem"), .icon_name = "folder-remote-symbolic",
    .delete_description = N_("pool-delete removes the local mount point directory. Files on the server are not touched."), .delete_effect = VSM_POOL_DELETE_KEEPS_DATA,
    .has_target_path = TRUE, .in_wizard = TRUE,
    .description = N_("An NFS, GlusterFS or CIFS export, mounted by libvirt"),
    .fields = VSM_FIELD_HOST | VSM_FIELD_SOURCE_DIR | VSM_FIELD_FORMAT | VSM_FIELD_PROTOCOL | VSM_FIELD_TARGET | VSM_FIELD_PERMISSIONS,
    .formats = netfs_formats, .default_target = "/var/lib/libvirt/netfs",
    .build_choices = netfs_builds, .default_build = VSM_BUILD_DEFAULT,
    .can_discover = TRUE, .source_dir_title = N_("Export path"),
    .can_create_volumes = TRUE, .volume_formats = file_volume_formats },
  { .id = "logical", .kind = VSM_POOL_KIND_LOGICAL, .label = N_("LVM volume group"), .icon_name = "drive-multidisk-symbolic",
    .delete_description = N_("pool-delete removes the volume group and its physical volume labels: every logical volume in it is lost."), .delete_effect = VSM_POOL_DELETE_DESTROYS,
    .has_target_path = TRUE, .in_wizard = TRUE,
    .description = N_("An LVM volume group; volumes are logical volumes"),
    .fields = VSM_FIELD_SOURCE_NAME | VSM_FIELD_DEVICES | VSM_FIELD_TARGET,
    .formats = logical_formats,
    .build_choices = logical_builds, .default_build = VSM_BUILD_NONE,
    .can_discover = TRUE, .source_name_title = N_("Volume group name"),
    .can_create_volumes = TRUE, .volume_formats = no_volume_formats },
  { .id = "disk", .kind = VSM_POOL_KIND_DISK, .label = N_("Physical disk"), .icon_name = "drive-harddisk-system-symbolic",
    .delete_description = N_("pool-delete erases the disk's partition table: every partition on the disk is lost."), .delete_effect = VSM_POOL_DELETE_DESTROYS,
    .has_target_path = TRUE, .in_wizard = TRUE,
    .description = N_("A whole disk; volumes are its partitions"),
    .fields = VSM_FIELD_DEVICE | VSM_FIELD_FORMAT | VSM_FIELD_TARGET,
    .formats = disk_formats, .default_target = "/dev",
    .build_choices = disk_builds, .default_build = VSM_BUILD_NONE,
    .can_create_volumes = TRUE, .volume_formats = partition_volume_formats },
  { .id = "iscsi", .kind = VSM_POOL_KIND_ISCSI, .label = N_("iSCSI target"), .icon_name = "network-server-symbolic",
    .delete_description = N_("iSCSI pools cannot be deleted by libvirt; the LUNs on the target are not touched."), .delete_effect = VSM_POOL_DELETE_UNSUPPORTED,
    .has_target_path = TRUE, .in_wizard = TRUE,
    .description = N_("LUNs of an iSCSI target, through the host's initiator"),
    .fields = VSM_FIELD_HOST | VSM_FIELD_PORT | VSM_FIELD_TARGET_IQN | VSM_FIELD_INITIATOR | VSM_FIELD_AUTH | VSM_FIELD_TARGET,
    .default_target = "/dev/disk/by-path", .default_port = 3260,
    .can_discover = TRUE, .auth_type = "chap" ,
    .volume_formats = no_volume_formats },
  { .id = "scsi", .kind = VSM_POOL_KIND_SCSI, .label = N_("SCSI host adapter"), .icon_name = "drive-removable-media-symbolic",
    .delete_description = N_("SCSI pools cannot be deleted by libvirt; the devices are not touched."), .delete_effect = VSM_POOL_DELETE_UNSUPPORTED,
    .has_target_path = TRUE, .in_wizard = TRUE,
    .description = N_("LUNs behind a SCSI or Fibre Channel host adapter"),
    .fields = VSM_FIELD_ADAPTER | VSM_FIELD_TARGET,
    .default_target = "/dev/disk/by-path",
    
    .volume_formats = no_volume_formats },
  { .id = "iscsi-direct", .kind = VSM_POOL_KIND_ISCSI_DIRECT, .label = N_("iSCSI target (direct)"), .icon_name = "network-server-symbolic",
    .delete_description = N_("iSCSI direct pools cannot be deleted by libvirt; the LUNs on the target are not touched."), .delete_effect = VSM_POOL_DELETE_UNSUPPORTED,
    .has_target_path = FALSE, .in_wizard = TRUE,
    .description = N_("LUNs of an iSCSI target, used by QEMU directly (libiscsi)"),
    .fields = VSM_FIELD_HOST | VSM_FIELD_PORT | VSM_FIELD_TARGET_IQN | VSM_FIELD_INITIATOR_REQ | VSM_FIELD_AUTH,
    .default_port = 3260,
    .can_discover = TRUE, .auth_type = "chap" ,
    .volume_formats = no_volume_formats },
  { .id = "rbd", .kind = VSM_POOL_KIND_RBD, .label = N_("Ceph RBD"), .icon_name = "network-workgroup-symbolic",
    .delete_description = N_("pool-delete is not supported for Ceph pools; the images in Ceph are not touched."), .delete_effect = VSM_POOL_DELETE_UNSUPPORTED,
    .has_target_path = FALSE, .in_wizard = TRUE,
    .description = N_("A Ceph RADOS block device pool"),
    .fields = VSM_FIELD_HOSTS | VSM_FIELD_SOURCE_NAME | VSM_FIELD_AUTH,
    .default_port = 6789,
    .auth_type = "ceph", .source_name_title = N_("Ceph pool name"),
    .can_create_volumes = TRUE, .volume_formats = no_volume_formats },
  { .id = "gluster", .kind = VSM_POOL_KIND_GLUSTER, .label = N_("GlusterFS"), .icon_name = "network-workgroup-symbolic",
    .delete_description = N_("pool-delete is not supported for native Gluster pools; the Gluster volume is not touched."), .delete_effect = VSM_POOL_DELETE_UNSUPPORTED,
    .has_target_path = FALSE, .in_wizard = TRUE,
    .description = N_("A Gluster volume, used by QEMU directly (libgfapi)"),
    .fields = VSM_FIELD_HOST | VSM_FIELD_SOURCE_NAME | VSM_FIELD_SOURCE_DIR,
    .can_discover = TRUE,
    .source_name_title = N_("Gluster volume"), .source_dir_title = N_("Sub-directory"),
    .default_port = 24007, .volume_formats = no_volume_formats },
  { .id = "mpath", .label = N_("Multipath devices"), .icon_name = "drive-multidisk-symbolic",
    .delete_description = N_("Multipath pools cannot be deleted by libvirt."), .delete_effect = VSM_POOL_DELETE_UNSUPPORTED, .has_target_path = TRUE ,
    .volume_formats = no_volume_formats },
  { .id = "zfs", .label = N_("ZFS pool"), .icon_name = "drive-multidisk-symbolic",
    .delete_description = N_("pool-delete destroys the ZFS pool and every dataset in it."), .delete_effect = VSM_POOL_DELETE_DESTROYS,
    .can_create_volumes = TRUE, .volume_formats = no_volume_formats },
  /* libvirt 9.0 still reads sheepdog pools (storagepool.rng) but has no
   * driver left for them: shown, never created */
  { .id = "sheepdog", .label = N_("Sheepdog"), .icon_name = "network-workgroup-symbolic",
    .delete_description = N_("Sheepdog pools cannot be deleted by libvirt; the Sheepdog cluster is not touched."), .delete_effect = VSM_POOL_DELETE_UNSUPPORTED,
    .volume_formats = no_volume_formats },
  { .id = "vstorage", .label = N_("Virtuozzo storage"), .icon_name = "network-workgroup-symbolic",
    .delete_description = N_("pool-delete removes the mount point directory."), .delete_effect = VSM_POOL_DELETE_KEEPS_DATA, .has_target_path = TRUE ,
    .can_create_volumes = TRUE, .volume_formats = file_volume_formats },
};

/* A type this table does not know (a newer libvirt's): shown with what
 * libvirt reports, never created; volumes may be tried, libvirt decides. */
static const VsmPoolTypeInfo unknown = {
  .id = NULL, .label = N_("Storage pool"), .icon_name = "drive-harddisk-symbolic",
  .delete_description = N_("pool-delete removes the pool's underlying storage as libvirt defines it for this type."),
  .delete_effect = VSM_POOL_DELETE_DESTROYS,
  .has_target_path = TRUE, .can_create_volumes = TRUE, .volume_formats = no_volume_formats
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

gboolean
vsm_pool_type_has_hosts (const VsmPoolTypeInfo *info)
{
  return (info->fields & (VSM_FIELD_HOST | VSM_FIELD_HOSTS)) != 0;
}

/* The source's <device>s: block devices, or the target IQN of an iSCSI
 * pool (libvirt keeps it as <device path='IQN'/>). */
gboolean
vsm_pool_type_has_devices (const VsmPoolTypeInfo *info)
{
  return (info->fields & (VSM_FIELD_DEVICE | VSM_FIELD_DEVICES | VSM_FIELD_TARGET_IQN)) != 0;
}

gboolean
vsm_pool_type_has_source_name (const VsmPoolTypeInfo *info)
{
  return (info->fields & VSM_FIELD_SOURCE_NAME) != 0;
}

gboolean
vsm_pool_type_has_auth (const VsmPoolTypeInfo *info)
{
  return (info->fields & VSM_FIELD_AUTH) != 0;
}

const VsmPoolBuildChoice *
vsm_pool_type_get_build_choice (const VsmPoolTypeInfo *info,
                                VsmBuildMode           mode)
{
  for (const VsmPoolBuildChoice *c = info->build_choices; c != NULL && c->title != NULL; c++)
    if (c->mode == mode)
      return c;
  return NULL;
}
