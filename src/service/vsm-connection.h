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
 * batches, which together hold every volume of the pool, in chunks of
 * %VSM_VOLUME_NAMES_CHUNK; the last one is shorter (empty if need be), so
 * a volume named in none of them is gone. Then the details, in batches.
 * Nothing more is delivered once the load's cancellable is cancelled.
 */
typedef void (*VsmVolumeBatchFunc) (GObject    *target,
                                    const char *pool_uuid,
                                    GPtrArray  *batch,
                                    gboolean    names_only);

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

void                vsm_connection_list_pools_async     (VsmConnection        *self,
                                                         GCancellable         *cancellable,
                                                         GAsyncReadyCallback   callback,
                                                         gpointer              user_data);
GPtrArray          *vsm_connection_list_pools_finish    (VsmConnection        *self,
                                                         GAsyncResult         *result,
                                                         GError              **error);
void                vsm_connection_get_pool_async       (VsmConnection        *self,
                                                         const char           *uuid,
                                                         GCancellable         *cancellable,
                                                         GAsyncReadyCallback   callback,
                                                         gpointer              user_data);
VsmPoolSnapshot    *vsm_connection_get_pool_finish      (VsmConnection        *self,
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
                                                         guint                *n_volumes,
                                                         GError              **error);
void                vsm_connection_pool_totals_async    (VsmConnection        *self,
                                                         const char           *pool_uuid,
                                                         GCancellable         *cancellable,
                                                         GAsyncReadyCallback   callback,
                                                         gpointer              user_data);
gboolean            vsm_connection_pool_totals_finish   (VsmConnection        *self,
                                                         GAsyncResult         *result,
                                                         guint64              *sum_capacity,
                                                         guint                *n_volumes,
                                                         GError              **error);
void                vsm_connection_list_domains_async   (VsmConnection        *self,
                                                         GCancellable         *cancellable,
                                                         GAsyncReadyCallback   callback,
                                                         gpointer              user_data);
GPtrArray          *vsm_connection_list_domains_finish  (VsmConnection        *self,
                                                         GAsyncResult         *result,
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
void                vsm_connection_dup_xml_async        (VsmConnection        *self,
                                                         const char           *pool_uuid,
                                                         const char           *volume_name,
                                                         GCancellable         *cancellable,
                                                         GAsyncReadyCallback   callback,
                                                         gpointer              user_data);
char               *vsm_connection_dup_xml_finish       (VsmConnection        *self,
                                                         GAsyncResult         *result,
                                                         GError              **error);

const char         *vsm_pool_action_to_virsh            (VsmPoolAction         action);

G_END_DECLS
