/* vsm-connection-private.h
 *
 * For the service files only. VsmConnection is split by facet the way
 * gnome-text-editor splits its window: vsm-connection.c (the object, its
 * life cycle, events and the task scaffold), -pools.c, -volumes.c and
 * -domains.c; they share the instance struct and the scaffold below.
 *
 * Copyright 2026 Virt Storage developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <libvirt/libvirt.h>

#include "vsm-connection.h"

G_BEGIN_DECLS

struct _VsmConnection
{
  GObject             parent_instance;

  char               *uri;
  VsmConnectionState  state;
  char               *error_message;

  virConnectPtr       raw;
  int                 pool_lifecycle_id;
  int                 pool_refresh_id;
  int                 domain_lifecycle_id;
  int                 domain_added_id;
  int                 domain_removed_id;
  gboolean            close_cb_registered;
  struct _EventCtx   *close_ctx;     /* ours, see open_thread */
  /* Bumped on every open and close, so that events and callbacks from an
   * earlier libvirt connection are ignored. */
  guint               generation;

  guint               reconnect_source;
  guint               reconnect_msec;
  gboolean            want_connected;
  gboolean            reconnecting;
};

/* Per-operation data shared by every worker. */
typedef struct
{
  virConnectPtr       conn;
  char               *uuid;
  char               *name;
  int                 action;
  GObject            *batch_target;
  VsmVolumeBatchFunc  batch_func;
  GMainContext       *context;
} OpData;

/* The one task scaffold: a GTask whose data is an OpData holding its own
 * reference on the connection, or @error ("Not connected") and no data. */
GTask            *_vsm_connection_new_task (VsmConnection       *self,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data,
                                            gpointer             source_tag,
                                            const char          *name,
                                            OpData             **op_out,
                                            GError             **error);
/* _vsm_connection_new_task() with op->uuid and op->name set, run in @func. */
void              _vsm_connection_start_named_op (VsmConnection       *self,
                                                  const char          *pool_uuid,
                                                  const char          *volume_name,
                                                  GTaskThreadFunc      func,
                                                  gpointer             source_tag,
                                                  const char          *name,
                                                  GCancellable        *cancellable,
                                                  GAsyncReadyCallback  callback,
                                                  gpointer             user_data);
void              _vsm_op_data_free        (OpData  *op);
/* Drops the worker's connection reference (the last close is an RPC: never
 * on the main thread). */
void              _vsm_op_release_conn     (OpData  *op);
/* The pool op->uuid, or @error (classified from libvirt's code). */
virStoragePoolPtr _vsm_op_lookup_pool      (OpData  *op,
                                            GError **error);
/* Returns libvirt's malloc()ed @xml as a GLib string, or @error. */
void              _vsm_task_return_libvirt_string (GTask  *task,
                                                   char   *xml,
                                                   GError *error);

virConnectPtr _vsm_connection_ref_raw (VsmConnection *self);
void          _vsm_post_to_context   (GMainContext   *context,
                                      GSourceFunc     func,
                                      gpointer        data,
                                      GDestroyNotify  destroy);

G_END_DECLS
