/* vsm-connection.h
 *
 * Copyright 2026 Virt Storage developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "vsm-pool-spec.h"
#include "vsm-snapshot.h"

G_BEGIN_DECLS

typedef enum
{
  VSM_CONNECTION_STATE_DISCONNECTED,
  VSM_CONNECTION_STATE_CONNECTING,
  VSM_CONNECTION_STATE_CONNECTED,
  VSM_CONNECTION_STATE_FAILED,
} VsmConnectionState;

typedef enum
{
  VSM_POOL_ACTION_START,
  VSM_POOL_ACTION_STOP,
  VSM_POOL_ACTION_REFRESH,
  VSM_POOL_ACTION_BUILD,
  VSM_POOL_ACTION_DELETE,
  VSM_POOL_ACTION_UNDEFINE,
  VSM_POOL_ACTION_AUTOSTART_ON,
  VSM_POOL_ACTION_AUTOSTART_OFF,
} VsmPoolAction;

/* Values of the "pool-event" signal's event argument. They match
 * virStoragePoolEventLifecycleType, with REFRESH added for
 * VIR_STORAGE_POOL_EVENT_ID_REFRESH. */
typedef enum
{
  VSM_POOL_EVENT_DEFINED = 0,
  VSM_POOL_EVENT_UNDEFINED = 1,
  VSM_POOL_EVENT_STARTED = 2,
  VSM_POOL_EVENT_STOPPED = 3,
  VSM_POOL_EVENT_CREATED = 4,
  VSM_POOL_EVENT_DELETED = 5,
  VSM_POOL_EVENT_REFRESH = 100,
} VsmPoolEvent;

/* Values of the "domain-event" signal's event argument: a
 * virDomainEventType (lifecycle), or one of these for
 * VIR_DOMAIN_EVENT_ID_DEVICE_ADDED / _REMOVED (hot-plug and unplug). */
typedef enum
{
  VSM_DOMAIN_EVENT_DEVICE_ADDED = 100,
  VSM_DOMAIN_EVENT_DEVICE_REMOVED = 101,
} VsmDomainDeviceEvent;

/* The most volumes one listing can name: libvirt's remote protocol
 * carries no more (REMOTE_STORAGE_VOL_LIST_MAX in libvirt's
 * remote_protocol.x); virStoragePoolListAllVolumes() of a bigger pool
 * fails, so the loader names the first this many (see VsmVolumeListing). */
#define VSM_VOLUME_LIST_MAX 16384

/**
 * VsmVolumeListing:
 * @n_listed: the volumes the names batches held
 * @n_in_pool: how many volumes the pool holds: more than @n_listed when
 *   libvirt could list only some of them (virStoragePoolNumOfVolumes)
 * @limit: the most volumes one listing can name (VSM_VOLUME_LIST_MAX)
 *
 * What a volume load listed, from vsm_connection_list_volumes_finish().
 */
typedef struct
{
  guint n_listed;
  guint n_in_pool;
  guint limit;
} VsmVolumeListing;

/* Most names in one names batch of a volume load (see VsmVolumeBatchFunc). */
#define VSM_VOLUME_NAMES_CHUNK 1024

/**
 * VsmVolumeBatchFunc:
 * @target: the object passed to vsm_connection_list_volumes_async()
 * @pool_uuid: the pool being listed
 * @batch: (element-type VsmVolumeSnapshot) (transfer none): volumes
 * @names_only: %TRUE for the names batches, which carry names and keys only
 *
 * Called on the main thread while a volume list loads: first the names
 * batches, which together hold every volume of the pool (or the first
 * %VSM_VOLUME_LIST_MAX of a bigger pool, see VsmVolumeListing), in chunks
 * of %VSM_VOLUME_NAMES_CHUNK; the last one is shorter (empty if need be),
 * so a volume named in none of them is gone or was not listed. Names
 * batches of a bigger pool carry no keys. Then the details, in batches.
 * Nothing more is delivered once the load's cancellable is cancelled.
 */
typedef void (*VsmVolumeBatchFunc) (GObject    *target,
                                    const char *pool_uuid,
                                    GPtrArray  *batch,
                                    gboolean    names_only);

/* What vsm_connection_query_async() reads, and what its _finish returns. */
typedef enum
{
  VSM_QUERY_POOLS,              /* (element-type VsmPoolSnapshot) GPtrArray: every pool */
  VSM_QUERY_POOL,               /* VsmPoolSnapshot: the pool @uuid */
  VSM_QUERY_POOL_TOTALS,        /* VsmPoolTotals (g_free() it): the pool @uuid's volumes
                                   counted and their capacities summed, without loading them */
  VSM_QUERY_VOLUME,             /* VsmVolumeSnapshot: the volume named exactly @name of the
                                   pool @uuid, looked up by its name (also one that a
                                   listing could not reach, see VSM_VOLUME_LIST_MAX);
                                   VSM_ERROR_NOT_FOUND when the pool has none of that name */
  VSM_QUERY_XML,                /* char *: the XML `virsh pool-dumpxml` shows of the pool
                                   @uuid (`pool-dumpxml --inactive` with @inactive: what
                                   `pool-edit` edits), or `vol-dumpxml` of its volume @name
                                   (nullable) */
  VSM_QUERY_DOMAINS,            /* (element-type VsmDomainSnapshot) GPtrArray: every domain */
  VSM_QUERY_DISK_BUSES,         /* GStrv: the disk buses of virConnectGetDomainCapabilities()
                                   for the domain @uuid's emulator, arch, machine and virt
                                   type, among virtio, sata, scsi, usb, ide and fdc (in that
                                   order); when the driver cannot tell (the test driver: "not
                                   supported"), virtio, sata, scsi, usb and ide */
  VSM_QUERY_POOL_CAPABILITIES,  /* (element-type utf8 utf8) GHashTable: the set of supported
                                   pool types (keys), or %NULL without an error when the
                                   driver cannot tell (the test driver): then every type is
                                   shown */
  VSM_QUERY_POOL_SOURCES,       /* (element-type VsmPoolSource) GPtrArray: the sources a scan
                                   for pool type @name ("netfs", "logical", "iscsi",
                                   "iscsi-direct", "gluster") finds, possibly none; @xml: an
                                   optional <source> spec (host/initiator), as virsh
                                   find-storage-pool-sources-as builds it (see
                                   vsm_pool_source_query_xml()). Types without discovery fail
                                   with VSM_ERROR_NOT_SUPPORTED */
  VSM_QUERY_HOST_DEVICES,       /* (element-type VsmHostDevice) GPtrArray: the host's node
                                   devices with capability @name ("storage": block devices,
                                   or "scsi_host"), sorted by path; empty when the driver has
                                   no node devices */
} VsmQueryKind;

typedef struct
{
  guint64  sum_capacity;
  guint    n_volumes;
} VsmPoolTotals;

/**
 * VsmQuery:
 *
 * One read of libvirt's state (see VsmQueryKind); the fields its @kind does
 * not name are ignored, and the strings are copied when the query starts.
 */
typedef struct
{
  VsmQueryKind  kind;
  const char   *uuid;   /* POOL, POOL_TOTALS, VOLUME, XML: a pool; DISK_BUSES: a domain */
  const char   *name;   /* XML, VOLUME: a volume; POOL_SOURCES: a pool type; HOST_DEVICES: a capability */
  const char   *xml;    /* POOL_SOURCES */
  gboolean      inactive; /* XML of a pool */
} VsmQuery;

#define VSM_TYPE_CONNECTION_STATE (vsm_connection_state_get_type ())
#define VSM_TYPE_CONNECTION (vsm_connection_get_type ())

GType vsm_connection_state_get_type (void) G_GNUC_CONST;
G_DECLARE_FINAL_TYPE (VsmConnection, vsm_connection, VSM, CONNECTION, GObject)

VsmConnection      *vsm_connection_new                  (const char           *uri);
const char         *vsm_connection_get_uri              (VsmConnection        *self);
VsmConnectionState  vsm_connection_get_state            (VsmConnection        *self);
const char         *vsm_connection_get_error_message    (VsmConnection        *self);
gboolean            vsm_connection_get_reconnecting     (VsmConnection        *self);
void                vsm_connection_set_reconnect_interval (VsmConnection      *self,
                                                         guint                 msec);

void                vsm_connection_open_async           (VsmConnection        *self,
                                                         GCancellable         *cancellable,
                                                         GAsyncReadyCallback   callback,
                                                         gpointer              user_data);
gboolean            vsm_connection_open_finish          (VsmConnection        *self,
                                                         GAsyncResult         *result,
                                                         GError              **error);
void                vsm_connection_close                (VsmConnection        *self);
void                vsm_connection_reconnect            (VsmConnection        *self);

void                vsm_connection_query_async          (VsmConnection        *self,
                                                         const VsmQuery       *query,
                                                         GCancellable         *cancellable,
                                                         GAsyncReadyCallback   callback,
                                                         gpointer              user_data);
gpointer            vsm_connection_query_finish         (VsmConnection        *self,
                                                         GAsyncResult         *result,
                                                         GError              **error);
void                vsm_connection_list_volumes_async   (VsmConnection        *self,
                                                         const char           *pool_uuid,
                                                         GObject              *batch_target,
                                                         VsmVolumeBatchFunc    batch_func,
                                                         GCancellable         *cancellable,
                                                         GAsyncReadyCallback   callback,
                                                         gpointer              user_data);
gboolean            vsm_connection_list_volumes_finish  (VsmConnection        *self,
                                                         GAsyncResult         *result,
                                                         VsmVolumeListing     *listing,
                                                         GError              **error);
void                vsm_connection_pool_action_async    (VsmConnection        *self,
                                                         const char           *pool_uuid,
                                                         VsmPoolAction         action,
                                                         VsmBuildMode          build,
                                                         GCancellable         *cancellable,
                                                         GAsyncReadyCallback   callback,
                                                         gpointer              user_data);
gboolean            vsm_connection_pool_action_finish   (VsmConnection        *self,
                                                         GAsyncResult         *result,
                                                         GError              **error);
const char         *vsm_pool_action_to_virsh            (VsmPoolAction         action);

G_END_DECLS
