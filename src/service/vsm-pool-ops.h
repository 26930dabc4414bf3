/* vsm-pool-ops.h
 *
 * Pool creation and discovery: define/create, build with flags, secrets
 * for CHAP/cephx, and what the discovery queries of
 * vsm_connection_query_async() return: the sources a scan finds
 * (virConnectFindStoragePoolSources, VSM_QUERY_POOL_SOURCES) and host
 * block devices from node devices (VSM_QUERY_HOST_DEVICES). All
 * _async/_finish pairs run their libvirt calls in a worker.
 *
 * Copyright 2026 Virt Storage developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "vsm-connection.h"
#include "vsm-pool-spec.h"

G_BEGIN_DECLS

/* One result of a source scan. */
typedef struct
{
  char *host;        /* first host name, if any */
  char *dir;         /* netfs export / gluster dir */
  char *device;      /* first device path (or target IQN for iscsi) */
  char *name;        /* VG / gluster volume */
  char *format;      /* nfs, glusterfs, lvm2, … */
  char *summary;     /* one line for the UI */
} VsmPoolSource;

/* A host block device or SCSI host from libvirt's node devices. */
typedef struct
{
  char    *name;     /* node device name, e.g. block_sdb or scsi_host0 */
  char    *path;     /* /dev/sdb, or "host0" for scsi hosts */
  char    *model;    /* description, may be NULL */
  guint64  size;     /* bytes, 0 if unknown */
} VsmHostDevice;

void                vsm_pool_source_free            (VsmPoolSource  *source);
void                vsm_host_device_free            (VsmHostDevice  *device);
GPtrArray          *vsm_pool_sources_from_xml       (const char     *xml);

/* Defines (persistent) or creates (transient, built per @build) the pool
 * from @xml. Returns the new pool's UUID. */
void                vsm_pool_define_async           (VsmConnection       *connection,
                                                     const char          *xml,
                                                     gboolean             persistent,
                                                     VsmBuildMode         build,
                                                     GCancellable        *cancellable,
                                                     GAsyncReadyCallback  callback,
                                                     gpointer             user_data);
char               *vsm_pool_define_finish          (VsmConnection       *connection,
                                                     GAsyncResult        *result,
                                                     GError             **error);
/* Defines a secret with usage @usage_type ("iscsi"/"ceph") and id
 * @usage_id and sets its value; an existing secret with the same usage is
 * updated. The value never appears in any XML or log. */
void                vsm_secret_define_async         (VsmConnection       *connection,
                                                     const char          *usage_type,
                                                     const char          *usage_id,
                                                     const char          *description,
                                                     GBytes              *value,
                                                     GCancellable        *cancellable,
                                                     GAsyncReadyCallback  callback,
                                                     gpointer             user_data);
gboolean            vsm_secret_define_finish        (VsmConnection       *connection,
                                                     GAsyncResult        *result,
                                                     GError             **error);
/* One node device's XML; NULL when it lacks @capability ("storage" or "scsi_host"). */
VsmHostDevice      *vsm_host_device_from_xml        (const char          *xml,
                                                     const char          *capability);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (VsmPoolSource, vsm_pool_source_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VsmHostDevice, vsm_host_device_free)

G_END_DECLS
