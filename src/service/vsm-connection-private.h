/* vsm-connection-private.h
 *
 * For the service files only. VsmConnection is split by facet the way
 * gnome-text-editor splits its window: vsm-connection.c (the object, its
 * life cycle and events), -pools.c, -volumes.c and -domains.c; they share
 * the instance struct and their operation data below, over the service's
 * one task scaffold (vsm-op-private.h).
 *
 * Copyright 2026 Virt Storage developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <libvirt/libvirt.h>

#include "vsm-ask.h"
#include "vsm-connection.h"
#include "vsm-op-private.h"
#include "vsm-pool-spec.h"
#include "vsm-ssh.h"

G_BEGIN_DECLS

/* The storage pool and domain events a connection listens to (the table
 * in vsm-connection.c). */
#define VSM_CONNECTION_N_EVENTS 5

/* What is registered on a libvirt connection, for its teardown. */
typedef struct
{
  int                 event_ids[VSM_CONNECTION_N_EVENTS];  /* -1: not registered */
  struct _EventCtx   *close_ctx;     /* the close callback's, ours (see open_thread);
                                        NULL: not registered */
} VsmRegistrations;

struct _VsmConnection
{
  GObject             parent_instance;

  char               *uri;
  VsmConnectionState  state;
  char               *error_message;

  virConnectPtr       raw;
  VsmRegistrations    regs;
  /* Bumped on every open and close, so that events and callbacks from an
   * earlier libvirt connection are ignored. */
  guint               generation;

  guint               reconnect_source;
  guint               reconnect_msec;
  gboolean            want_connected;
  gboolean            reconnecting;
  guint               volume_list_limit;   /* VSM_VOLUME_LIST_MAX, or a test's */

  GCancellable       *open_cancellable;  /* the open under way's: an open waiting for the
                                            user stops when the connection closes */
  char               *password;          /* a secret: the SSH password accepted, in memory
                                            only, for reconnecting without asking */
};

/* How an open authenticates (vsm-connection-auth.c), in the open worker. */
typedef struct
{
  VsmSshAskFunc  ask;            /* puts a question to the user, waits */
  gpointer       ask_data;
  GCancellable  *cancellable;    /* the open's: stops a wait for the user */
  VsmSshPlan    *plan;           /* an ssh URI's */
  char          *password;       /* a secret: the one to try first, then the one accepted */
  guint          attempts;       /* passwords given to libvirt */
  gboolean       auth_cancelled;
  gboolean       auth_gave_up;
} VsmOpenAuth;

virConnectPtr     _vsm_open_auth_open      (const char   *uri,
                                            VsmOpenAuth  *auth,
                                            GError      **error);
void              _vsm_open_auth_clear     (VsmOpenAuth  *auth);

/* The facets' operation data: a VsmOp (vsm-op-private.h) and the fields
 * their workers read. */
typedef struct
{
  VsmOp               head;
  char               *uuid;
  char               *name;
  char               *xml;
  int                 action;        /* a VsmPoolAction, or a query's VsmQueryKind */
  VsmBuildMode        build;         /* VSM_POOL_ACTION_BUILD */
  gboolean            inactive;      /* VSM_QUERY_XML of a pool: the next start's definition */
  GObject            *batch_target;
  VsmVolumeBatchFunc  batch_func;
  GMainContext       *context;
  guint               list_limit;    /* the volume loader's: the connection's volume_list_limit */
} OpData;

void              _vsm_op_data_clear       (OpData *op);

/* The one task scaffold (vsm_op_new) with OpData: %NULL when not connected
 * (then @callback has the error). */
#define vsm_connection_op_new(self, source_tag, name, cancellable, callback, user_data, op_out) \
  vsm_op_new ((self), OpData, _vsm_op_data_clear, (source_tag), (name), (cancellable), (callback), \
              (user_data), (op_out))

/* The workers of vsm_connection_query_async(), each in the facet it reads:
 * op->uuid, op->name and op->xml are the VsmQuery's. They return the
 * result, or %NULL and @error (a %NULL result without an error is a
 * result too); the query releases the connection and returns the task. */
typedef gpointer VsmQueryFunc (OpData        *op,
                               GCancellable  *cancellable,
                               GError       **error);

VsmQueryFunc _vsm_query_pools;
VsmQueryFunc _vsm_query_pool;
VsmQueryFunc _vsm_query_pool_totals;
VsmQueryFunc _vsm_query_volume;
VsmQueryFunc _vsm_query_xml;
VsmQueryFunc _vsm_query_domains;
VsmQueryFunc _vsm_query_disk_buses;
VsmQueryFunc _vsm_query_pool_capabilities;
VsmQueryFunc _vsm_query_pool_sources;
VsmQueryFunc _vsm_query_host_devices;

/* A new reference on the libvirt connection, %NULL when not connected (for
 * the scaffold). */
virConnectPtr _vsm_connection_ref_raw (VsmConnection *self);
void          _vsm_post_to_context   (GMainContext   *context,
                                      GSourceFunc     func,
                                      gpointer        data,
                                      GDestroyNotify  destroy);

/* For tests only: the most volumes one listing may name, in place of
 * VSM_VOLUME_LIST_MAX, so that a pool of the in-process test driver
 * (which has no such limit) is listed as libvirt's remote protocol lists
 * a bigger pool: the first @limit names, the rest found by exact name. */
void          _vsm_connection_set_volume_list_limit (VsmConnection *self,
                                                     guint          limit);

G_END_DECLS
