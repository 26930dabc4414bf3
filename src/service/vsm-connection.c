/* vsm-connection.c
 *
 * The only object that talks to libvirt. Every call below that reaches
 * libvirt runs in a worker thread (GTask's pool, libvirt-gobject's own
 * _async functions, or the short-lived threads of the volume loader); the
 * main thread only ever sees snapshots.
 *
 * Copyright 2026 Virt Storage developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vsm-connection"

#include "config.h"

#include <glib/gi18n.h>
#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>
#include <libxml/parser.h>
#include <signal.h>
#include <string.h>

#include "vsm-connection-private.h"
#include "vsm-error.h"

#define DEFAULT_RECONNECT_MSEC 2000
#define VOLUME_BATCH 256
/* libvirtd serializes the RPCs on one pool's volumes (pool object lock),
 * so more callers do not load faster; they only add CPU load and
 * contention (GMainContext and libvirt client locks) that stalls the main
 * loop: tests/bench measured the longest stall at 10,000 volumes going
 * from ~44 ms (6 threads) to ~12-18 ms (3 threads), full load as fast. */
#define MAX_VOLUME_THREADS 3

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

G_DEFINE_FINAL_TYPE (VsmConnection, vsm_connection, G_TYPE_OBJECT)

G_DEFINE_ENUM_TYPE (VsmConnectionState, vsm_connection_state,
  G_DEFINE_ENUM_VALUE (VSM_CONNECTION_STATE_DISCONNECTED, "disconnected"),
  G_DEFINE_ENUM_VALUE (VSM_CONNECTION_STATE_CONNECTING, "connecting"),
  G_DEFINE_ENUM_VALUE (VSM_CONNECTION_STATE_CONNECTED, "connected"),
  G_DEFINE_ENUM_VALUE (VSM_CONNECTION_STATE_FAILED, "failed"))

enum {
  PROP_0,
  PROP_URI,
  PROP_STATE,
  PROP_ERROR_MESSAGE,
  PROP_RECONNECTING,
  N_PROPS
};

enum {
  POOL_EVENT,
  DOMAIN_EVENT,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* ------------------------------------------------------------------ */
/* Per-operation data shared by every worker.                          */

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

static void
op_data_free (OpData *op)
{
  /* Workers drop the connection reference themselves (see release_conn):
   * the last virConnectClose is an RPC and must not run on the main
   * thread, which is where task data is usually freed. */
  if (op->conn != NULL)
    virConnectClose (op->conn);
  g_free (op->uuid);
  g_free (op->name);
  g_clear_object (&op->batch_target);
  g_clear_pointer (&op->context, g_main_context_unref);
  g_free (op);
}

static void
release_conn (OpData *op)
{
  if (op->conn != NULL)
    {
      virConnectClose (op->conn);
      op->conn = NULL;
    }
}

static GTask *
new_task (VsmConnection       *self,
          GCancellable        *cancellable,
          GAsyncReadyCallback  callback,
          gpointer             user_data,
          gpointer             source_tag,
          const char          *name,
          OpData             **op_out,
          GError             **error)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  OpData *op;

  g_task_set_source_tag (task, source_tag);
  g_task_set_name (task, name);
  /* GTask's thread pool only ever serves short calls here: the
   * multi-thread volume loader uses its own threads. */
  g_task_set_check_cancellable (task, TRUE);

  if (self->raw == NULL || self->state != VSM_CONNECTION_STATE_CONNECTED)
    {
      g_set_error_literal (error, VSM_ERROR, VSM_ERROR_CONNECTION, _("Not connected"));
      return task;
    }

  op = g_new0 (OpData, 1);
  op->conn = self->raw;
  virConnectRef (op->conn);
  g_task_set_task_data (task, op, (GDestroyNotify) op_data_free);
  *op_out = op;
  return task;
}

/* ------------------------------------------------------------------ */
/* Event and close callbacks. libvirt may call them on any thread; they */
/* are forwarded to the main context and checked against the current   */
/* generation there.                                                   */

/* A weak reference shared by a connection's callbacks and the dispatches
 * they queue. The callbacks run on libvirt's event-loop thread, which must
 * never hold a strong reference: dropping it there could finalize the
 * connection off the main thread. Only the main thread resolves it. */
typedef struct
{
  gatomicrefcount  ref;
  GWeakRef         self;
} Anchor;

static Anchor *
anchor_new (VsmConnection *self)
{
  Anchor *a = g_new0 (Anchor, 1);

  g_atomic_ref_count_init (&a->ref);
  g_weak_ref_init (&a->self, self);
  return a;
}

static Anchor *
anchor_ref (Anchor *a)
{
  g_atomic_ref_count_inc (&a->ref);
  return a;
}

static void
anchor_unref (Anchor *a)
{
  if (g_atomic_ref_count_dec (&a->ref))
    {
      g_weak_ref_clear (&a->self);
      g_free (a);
    }
}

typedef struct _EventCtx
{
  Anchor   *anchor;
  guint     generation;
} EventCtx;

static EventCtx *
event_ctx_new (VsmConnection *self)
{
  EventCtx *ctx = g_new0 (EventCtx, 1);

  ctx->anchor = anchor_new (self);
  ctx->generation = self->generation;
  return ctx;
}

static void
event_ctx_free (void *data)
{
  EventCtx *ctx = data;

  anchor_unref (ctx->anchor);
  g_free (ctx);
}

typedef struct
{
  Anchor   *anchor;
  guint     generation;
  int       kind;      /* 0 pool, 1 domain, 2 closed */
  char     *uuid;
  int       event;
} Dispatch;

static void handle_closed (VsmConnection *self, int reason);

static gboolean
dispatch_on_main (gpointer data)
{
  Dispatch *d = data;
  g_autoptr(VsmConnection) self = g_weak_ref_get (&d->anchor->self);

  if (self != NULL && d->generation == self->generation)
    {
      switch (d->kind)
        {
        case 0:
          g_signal_emit (self, signals[POOL_EVENT], 0, d->uuid, d->event);
          break;
        case 1:
          g_signal_emit (self, signals[DOMAIN_EVENT], 0, d->uuid, d->event);
          break;
        case 2:
          handle_closed (self, d->event);
          break;
        default:
          g_assert_not_reached ();
        }
    }

  return G_SOURCE_REMOVE;
}

static void
dispatch_free (gpointer data)
{
  Dispatch *d = data;

  anchor_unref (d->anchor);
  g_free (d->uuid);
  g_free (d);
}

/**
 * _vsm_post_to_context:
 * @context: (nullable): the context to run @func in; %NULL for the default
 *
 * Queues @func as an idle source of @context. Unlike
 * g_main_context_invoke(), it never runs @func right away in the calling
 * thread, which would happen whenever no thread owns the context at that
 * moment and would then touch models and widgets from a worker.
 */
void
_vsm_post_to_context (GMainContext   *context,
                      GSourceFunc     func,
                      gpointer        data,
                      GDestroyNotify  destroy)
{
  g_autoptr(GSource) source = g_idle_source_new ();

  g_source_set_priority (source, G_PRIORITY_DEFAULT);
  g_source_set_callback (source, func, data, destroy);
  g_source_set_static_name (source, "[vsm] main-thread dispatch");
  g_source_attach (source, context);
}

static void
queue_dispatch (EventCtx   *ctx,
                int         kind,
                const char *uuid,
                int         event)
{
  Dispatch *d = g_new0 (Dispatch, 1);

  /* Runs on libvirt's event-loop thread: no strong reference here; the
   * main thread checks that the connection still exists. */
  d->anchor = anchor_ref (ctx->anchor);
  d->generation = ctx->generation;
  d->kind = kind;
  d->uuid = g_strdup (uuid);
  d->event = event;
  _vsm_post_to_context (NULL, dispatch_on_main, d, dispatch_free);
}

static void
pool_lifecycle_cb (virConnectPtr     conn,
                   virStoragePoolPtr pool,
                   int               event,
                   int               detail,
                   void             *opaque)
{
  char uuid[VIR_UUID_STRING_BUFLEN];

  if (virStoragePoolGetUUIDString (pool, uuid) == 0)
    queue_dispatch (opaque, 0, uuid, event);
}

static void
pool_refresh_cb (virConnectPtr     conn,
                 virStoragePoolPtr pool,
                 void             *opaque)
{
  char uuid[VIR_UUID_STRING_BUFLEN];

  if (virStoragePoolGetUUIDString (pool, uuid) == 0)
    queue_dispatch (opaque, 0, uuid, VSM_POOL_EVENT_REFRESH);
}

static int
domain_lifecycle_cb (virConnectPtr conn,
                     virDomainPtr  dom,
                     int           event,
                     int           detail,
                     void         *opaque)
{
  char uuid[VIR_UUID_STRING_BUFLEN];

  if (virDomainGetUUIDString (dom, uuid) == 0)
    queue_dispatch (opaque, 1, uuid, event);
  return 0;
}

/* Hot-plug and unplug change no lifecycle state, and the "used by"
 * index depends on them. */
static void
domain_device_added_cb (virConnectPtr  conn,
                        virDomainPtr   dom,
                        const char    *dev_alias,
                        void          *opaque)
{
  char uuid[VIR_UUID_STRING_BUFLEN];

  if (virDomainGetUUIDString (dom, uuid) == 0)
    queue_dispatch (opaque, 1, uuid, VSM_DOMAIN_EVENT_DEVICE_ADDED);
}

static void
domain_device_removed_cb (virConnectPtr  conn,
                          virDomainPtr   dom,
                          const char    *dev_alias,
                          void          *opaque)
{
  char uuid[VIR_UUID_STRING_BUFLEN];

  if (virDomainGetUUIDString (dom, uuid) == 0)
    queue_dispatch (opaque, 1, uuid, VSM_DOMAIN_EVENT_DEVICE_REMOVED);
}

static void
close_cb (virConnectPtr conn,
          int           reason,
          void         *opaque)
{
  queue_dispatch (opaque, 2, NULL, reason);
}

/* ------------------------------------------------------------------ */

static void
set_state (VsmConnection      *self,
           VsmConnectionState  state,
           const char         *message)
{
  if (g_strcmp0 (self->error_message, message) != 0)
    {
      g_free (self->error_message);
      self->error_message = g_strdup (message);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR_MESSAGE]);
    }
  if (self->state != state)
    {
      self->state = state;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
    }
}

static void
set_reconnecting (VsmConnection *self,
                  gboolean       reconnecting)
{
  if (self->reconnecting != reconnecting)
    {
      self->reconnecting = reconnecting;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RECONNECTING]);
    }
}

typedef struct
{
  virConnectPtr   raw;
  int             ids[5];
  gboolean        close_cb;
  EventCtx       *close_ctx;
} Teardown;

static void
teardown_thread (GTask        *task,
                 gpointer      source_object,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  Teardown *t = task_data;

  /* Deregistering is an RPC; on a dead connection it fails at once. */
  if (t->ids[0] >= 0)
    virConnectStoragePoolEventDeregisterAny (t->raw, t->ids[0]);
  if (t->ids[1] >= 0)
    virConnectStoragePoolEventDeregisterAny (t->raw, t->ids[1]);
  for (guint i = 2; i < G_N_ELEMENTS (t->ids); i++)
    if (t->ids[i] >= 0)
      virConnectDomainEventDeregisterAny (t->raw, t->ids[i]);
  if (t->close_cb)
    {
      /* Once unregistered it cannot be called any more. Unregistering
       * fails only when libvirt no longer holds our callback: it fired
       * (the connection closed) and libvirt reset it, under the same lock
       * (virConnectCloseCallbackDataCall). Either way the context is ours
       * again: free it (it leaked on every daemon restart before). */
      if (virConnectUnregisterCloseCallback (t->raw, close_cb) < 0)
        g_debug ("close callback already gone: %s", virGetLastErrorMessage ());
      g_clear_pointer (&t->close_ctx, event_ctx_free);
    }
  virResetLastError ();

  virConnectClose (t->raw);
  t->raw = NULL;
  g_task_return_boolean (task, TRUE);
}

static void
teardown_free (Teardown *t)
{
  if (t->raw != NULL)
    virConnectClose (t->raw);
  g_free (t);
}

/* Hands the libvirt connection to a worker that deregisters and closes it,
 * so no RPC happens on the main thread. */
static void
drop_libvirt (VsmConnection *self)
{
  Teardown *t;
  g_autoptr(GTask) task = NULL;

  self->generation++;

  if (self->raw == NULL)
    return;

  t = g_new0 (Teardown, 1);
  t->raw = g_steal_pointer (&self->raw);
  t->ids[0] = self->pool_lifecycle_id;
  t->ids[1] = self->pool_refresh_id;
  t->ids[2] = self->domain_lifecycle_id;
  t->ids[3] = self->domain_added_id;
  t->ids[4] = self->domain_removed_id;
  t->close_cb = self->close_cb_registered;
  t->close_ctx = g_steal_pointer (&self->close_ctx);
  self->pool_lifecycle_id = self->pool_refresh_id = self->domain_lifecycle_id = -1;
  self->domain_added_id = self->domain_removed_id = -1;
  self->close_cb_registered = FALSE;

  task = g_task_new (NULL, NULL, NULL, NULL);
  g_task_set_source_tag (task, drop_libvirt);
  g_task_set_task_data (task, t, (GDestroyNotify) teardown_free);
  g_task_run_in_thread (task, teardown_thread);
}

static gboolean
reconnect_timeout_cb (gpointer data)
{
  VsmConnection *self = data;

  self->reconnect_source = 0;
  if (self->want_connected && self->state != VSM_CONNECTION_STATE_CONNECTED &&
      self->state != VSM_CONNECTION_STATE_CONNECTING)
    vsm_connection_open_async (self, NULL, NULL, NULL);
  return G_SOURCE_REMOVE;
}

static void
schedule_reconnect (VsmConnection *self)
{
  if (!self->want_connected || self->reconnect_source != 0)
    return;
  set_reconnecting (self, TRUE);
  self->reconnect_source = g_timeout_add (self->reconnect_msec, reconnect_timeout_cb, self);
}

static void
handle_closed (VsmConnection *self,
               int            reason)
{
  const char *msg;

  switch (reason)
    {
    case VIR_CONNECT_CLOSE_REASON_EOF:
      msg = _("The libvirt daemon closed the connection (it may have stopped or restarted)");
      break;
    case VIR_CONNECT_CLOSE_REASON_KEEPALIVE:
      msg = _("The connection timed out: the host stopped answering");
      break;
    case VIR_CONNECT_CLOSE_REASON_ERROR:
      msg = _("The connection was closed because of a network or protocol error");
      break;
    case VIR_CONNECT_CLOSE_REASON_CLIENT:
    default:
      msg = _("The connection was closed");
      break;
    }

  g_debug ("connection %s closed (reason %d)", self->uri, reason);
  drop_libvirt (self);
  set_state (self, VSM_CONNECTION_STATE_DISCONNECTED, msg);
  schedule_reconnect (self);
}

/* ------------------------------------------------------------------ */
/* Open                                                                */

typedef struct
{
  char           *uri;
  virConnectPtr   raw;
  EventCtx       *ctx[6];      /* [3] is the close callback's */
  int             ids[5];
  gboolean        close_cb;
  gboolean        alive;       /* still open once the close callback was in place */
  guint           generation;
} OpenData;

static void
open_data_free (OpenData *od)
{
  for (guint i = 0; i < G_N_ELEMENTS (od->ctx); i++)
    if (od->ctx[i] != NULL)
      event_ctx_free (od->ctx[i]);
  g_free (od->uri);
  if (od->raw != NULL)
    virConnectClose (od->raw);
  g_free (od);
}

/* Opens the connection and registers the storage-pool and domain events
 * and the close callback, all in a worker. An open that fails returns
 * libvirt's error, classified from its code and domain. */
static void
open_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  OpenData *od = task_data;

  od->raw = virConnectOpen (od->uri);
  if (od->raw == NULL)
    {
      GError *error = NULL;

      vsm_error_set_from_virt (&error, "Could not open the connection");
      /* Whatever failed (no daemon, a bad URI, a broken fixture file), the
       * connection is what failed; only refused credentials stay told
       * apart, for they need other words and another remedy. */
      if (error->code != VSM_ERROR_PERMISSION_DENIED)
        error->code = VSM_ERROR_CONNECTION;
      g_task_return_error (task, error);
      return;
    }

  /* Each registration gets its own context, owned by libvirt from here on
   * (it calls event_ctx_free when the callback is deregistered). */
  od->ids[0] = virConnectStoragePoolEventRegisterAny (od->raw, NULL,
                                                      VIR_STORAGE_POOL_EVENT_ID_LIFECYCLE,
                                                      VIR_STORAGE_POOL_EVENT_CALLBACK (pool_lifecycle_cb),
                                                      od->ctx[0], event_ctx_free);
  if (od->ids[0] >= 0)
    od->ctx[0] = NULL;
  od->ids[1] = virConnectStoragePoolEventRegisterAny (od->raw, NULL,
                                                      VIR_STORAGE_POOL_EVENT_ID_REFRESH,
                                                      VIR_STORAGE_POOL_EVENT_CALLBACK (pool_refresh_cb),
                                                      od->ctx[1], event_ctx_free);
  if (od->ids[1] >= 0)
    od->ctx[1] = NULL;
  od->ids[2] = virConnectDomainEventRegisterAny (od->raw, NULL,
                                                 VIR_DOMAIN_EVENT_ID_LIFECYCLE,
                                                 VIR_DOMAIN_EVENT_CALLBACK (domain_lifecycle_cb),
                                                 od->ctx[2], event_ctx_free);
  if (od->ids[2] >= 0)
    od->ctx[2] = NULL;
  od->ids[3] = virConnectDomainEventRegisterAny (od->raw, NULL,
                                                 VIR_DOMAIN_EVENT_ID_DEVICE_ADDED,
                                                 VIR_DOMAIN_EVENT_CALLBACK (domain_device_added_cb),
                                                 od->ctx[4], event_ctx_free);
  if (od->ids[3] >= 0)
    od->ctx[4] = NULL;
  od->ids[4] = virConnectDomainEventRegisterAny (od->raw, NULL,
                                                 VIR_DOMAIN_EVENT_ID_DEVICE_REMOVED,
                                                 VIR_DOMAIN_EVENT_CALLBACK (domain_device_removed_cb),
                                                 od->ctx[5], event_ctx_free);
  if (od->ids[4] >= 0)
    od->ctx[5] = NULL;
  /* No free callback here: drivers without close-callback support (the
   * test driver, for one) return success without keeping the callback,
   * so libvirt would never free the context. We keep it (in close_ctx)
   * and free it after unregistering. */
  od->close_cb = virConnectRegisterCloseCallback (od->raw, close_cb, od->ctx[3], NULL) == 0;
  if (!od->close_cb)
    g_debug ("no close callback on this connection: %s",
             virGetLastErrorMessage ());
  /* The close callback only hears of closes that happen after it was
   * registered: a daemon that died between the open and here (its event
   * registrations failed) would leave us "connected" to a dead socket
   * for good. virConnectIsAlive() is a local check, no RPC. */
  od->alive = virConnectIsAlive (od->raw) == 1;
  virResetLastError ();

  g_task_return_boolean (task, TRUE);
}

static void
register_done_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  VsmConnection *self = VSM_CONNECTION (object);
  g_autoptr(GTask) task = user_data;
  GTask *reg = G_TASK (result);
  OpenData *od = g_task_get_task_data (reg);
  g_autoptr(GError) error = NULL;

  if (!g_task_propagate_boolean (reg, &error))
    {
      if (od->generation != self->generation)
        {
          g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED, "Connection closed while opening");
          return;
        }
      if (self->reconnecting)
        {
          set_state (self, VSM_CONNECTION_STATE_DISCONNECTED, self->error_message);
          schedule_reconnect (self);
        }
      else
        set_state (self, VSM_CONNECTION_STATE_FAILED, error->message);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (od->generation != self->generation)
    {
      /* Closed (or reopened) meanwhile: tear this one down. */
      Teardown *t = g_new0 (Teardown, 1);
      g_autoptr(GTask) td = g_task_new (NULL, NULL, NULL, NULL);

      t->raw = g_steal_pointer (&od->raw);
      memcpy (t->ids, od->ids, sizeof t->ids);
      t->close_cb = od->close_cb;
      if (od->close_cb)
        t->close_ctx = g_steal_pointer (&od->ctx[3]);
      g_task_set_task_data (td, t, (GDestroyNotify) teardown_free);
      g_task_run_in_thread (td, teardown_thread);
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED, "Connection closed while opening");
      return;
    }

  self->raw = g_steal_pointer (&od->raw);
  self->pool_lifecycle_id = od->ids[0];
  self->pool_refresh_id = od->ids[1];
  self->domain_lifecycle_id = od->ids[2];
  self->domain_added_id = od->ids[3];
  self->domain_removed_id = od->ids[4];
  self->close_cb_registered = od->close_cb;
  if (od->close_cb)
    self->close_ctx = g_steal_pointer (&od->ctx[3]);

  if (!od->alive)
    {
      /* Lost while registering: as if the close callback had fired (it
       * tears down what was registered and retries). */
      g_debug ("connection %s died while opening", self->uri);
      set_reconnecting (self, TRUE);
      handle_closed (self, VIR_CONNECT_CLOSE_REASON_EOF);
      g_task_return_new_error (task, VSM_ERROR, VSM_ERROR_CONNECTION, "%s", self->error_message);
      return;
    }

  set_reconnecting (self, FALSE);
  set_state (self, VSM_CONNECTION_STATE_CONNECTED, NULL);
  g_task_return_boolean (task, TRUE);
}

/**
 * vsm_connection_open_async:
 *
 * Opens the URI in a worker (virConnectOpen; libvirt-gobject's open keeps
 * only the message of a failure, not libvirt's error code) and registers
 * the storage-pool and domain events and the close callback there.
 */
void
vsm_connection_open_async (VsmConnection       *self,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  OpenData *od;
  GTask *reg;

  g_return_if_fail (VSM_IS_CONNECTION (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, vsm_connection_open_async);

  g_clear_handle_id (&self->reconnect_source, g_source_remove);
  if (self->raw != NULL)
    drop_libvirt (self);
  self->generation++;
  self->want_connected = TRUE;

  if (!self->reconnecting)
    set_state (self, VSM_CONNECTION_STATE_CONNECTING, NULL);

  od = g_new0 (OpenData, 1);
  od->uri = g_strdup (self->uri);
  od->generation = self->generation;
  for (guint i = 0; i < G_N_ELEMENTS (od->ctx); i++)
    od->ctx[i] = event_ctx_new (self);
  for (guint i = 0; i < G_N_ELEMENTS (od->ids); i++)
    od->ids[i] = -1;

  /* Not cancellable once started: a half-opened connection must be torn
   * down by register_done_cb, which the generation check does. */
  reg = g_task_new (self, NULL, register_done_cb, g_steal_pointer (&task));
  g_task_set_source_tag (reg, open_thread);
  g_task_set_name (reg, "open");
  g_task_set_task_data (reg, od, (GDestroyNotify) open_data_free);
  g_task_run_in_thread (reg, open_thread);
  g_object_unref (reg);
}

gboolean
vsm_connection_open_finish (VsmConnection  *self,
                            GAsyncResult   *result,
                            GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * vsm_connection_close:
 *
 * Closes the connection for good (no automatic reconnection).
 */
void
vsm_connection_close (VsmConnection *self)
{
  g_return_if_fail (VSM_IS_CONNECTION (self));

  self->want_connected = FALSE;
  g_clear_handle_id (&self->reconnect_source, g_source_remove);
  set_reconnecting (self, FALSE);
  drop_libvirt (self);
  set_state (self, VSM_CONNECTION_STATE_DISCONNECTED, NULL);
}

/**
 * vsm_connection_reconnect:
 *
 * Tries again now, for the Reconnect button.
 */
void
vsm_connection_reconnect (VsmConnection *self)
{
  g_return_if_fail (VSM_IS_CONNECTION (self));

  if (self->state == VSM_CONNECTION_STATE_CONNECTING)
    return;
  set_reconnecting (self, FALSE);
  vsm_connection_open_async (self, NULL, NULL, NULL);
}

/* ------------------------------------------------------------------ */
/* Snapshots                                                           */

static VsmPoolSnapshot *
snapshot_pool (virStoragePoolPtr pool)
{
  VsmPoolSnapshot *snap = g_new0 (VsmPoolSnapshot, 1);
  char uuid[VIR_UUID_STRING_BUFLEN];
  virStoragePoolInfo info;
  int autostart = 0;
  char *xml;

  if (virStoragePoolGetUUIDString (pool, uuid) == 0)
    snap->uuid = g_strdup (uuid);
  snap->name = g_strdup (virStoragePoolGetName (pool));

  if (virStoragePoolGetInfo (pool, &info) == 0)
    {
      snap->state = info.state <= VIR_STORAGE_POOL_INACCESSIBLE ? (VsmPoolState) info.state
                                                                 : VSM_POOL_STATE_UNKNOWN;
      snap->capacity = info.capacity;
      snap->allocation = info.allocation;
      snap->available = info.available;
    }
  else
    {
      /* A pool whose backend is not loaded cannot report its info. */
      snap->state = VSM_POOL_STATE_UNKNOWN;
    }
  snap->active = virStoragePoolIsActive (pool) == 1;
  snap->persistent = virStoragePoolIsPersistent (pool) == 1;
  if (virStoragePoolGetAutostart (pool, &autostart) == 0)
    snap->autostart = autostart != 0;

  xml = virStoragePoolGetXMLDesc (pool, 0);
  if (xml != NULL)
    {
      vsm_pool_snapshot_parse_xml (snap, xml, strlen (xml));
      free (xml);
    }
  if (snap->type == NULL)
    snap->type = g_strdup ("dir");
  virResetLastError ();
  return snap;
}

static void
list_pools_thread (GTask        *task,
                   gpointer      source_object,
                   gpointer      task_data,
                   GCancellable *cancellable)
{
  OpData *op = task_data;
  virStoragePoolPtr *pools = NULL;
  GPtrArray *snaps;
  int n;

  n = virConnectListAllStoragePools (op->conn, &pools, 0);
  if (n < 0)
    {
      GError *error = NULL;

      vsm_error_set_from_virt (&error, "Could not list storage pools");
      release_conn (op);
      g_task_return_error (task, error);
      return;
    }

  snaps = g_ptr_array_new_full (n, (GDestroyNotify) vsm_pool_snapshot_free);
  for (int i = 0; i < n; i++)
    {
      if (!g_cancellable_is_cancelled (cancellable))
        g_ptr_array_add (snaps, snapshot_pool (pools[i]));
      virStoragePoolFree (pools[i]);
    }
  free (pools);
  release_conn (op);
  g_task_return_pointer (task, snaps, (GDestroyNotify) g_ptr_array_unref);
}

void
vsm_connection_list_pools_async (VsmConnection       *self,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  OpData *op = NULL;

  g_return_if_fail (VSM_IS_CONNECTION (self));

  task = new_task (self, cancellable, callback, user_data, vsm_connection_list_pools_async,
                   "list-pools", &op, &error);
  if (error != NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_run_in_thread (task, list_pools_thread);
}

/**
 * vsm_connection_list_pools_finish:
 *
 * Returns: (transfer container) (element-type VsmPoolSnapshot): the pools
 */
GPtrArray *
vsm_connection_list_pools_finish (VsmConnection  *self,
                                  GAsyncResult   *result,
                                  GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

static virStoragePoolPtr
lookup_pool (OpData  *op,
             GError **error)
{
  virStoragePoolPtr pool = virStoragePoolLookupByUUIDString (op->conn, op->uuid);

  if (pool == NULL)
    vsm_error_set_from_virt (error, "Storage pool not found");
  return pool;
}

static void
get_pool_thread (GTask        *task,
                 gpointer      source_object,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  OpData *op = task_data;
  GError *error = NULL;
  virStoragePoolPtr pool = lookup_pool (op, &error);
  VsmPoolSnapshot *snap;

  if (pool == NULL)
    {
      release_conn (op);
      g_task_return_error (task, error);
      return;
    }

  snap = snapshot_pool (pool);
  virStoragePoolFree (pool);
  release_conn (op);
  g_task_return_pointer (task, snap, (GDestroyNotify) vsm_pool_snapshot_free);
}

void
vsm_connection_get_pool_async (VsmConnection       *self,
                               const char          *uuid,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  OpData *op = NULL;

  g_return_if_fail (VSM_IS_CONNECTION (self));
  g_return_if_fail (uuid != NULL);

  task = new_task (self, cancellable, callback, user_data, vsm_connection_get_pool_async,
                   "get-pool", &op, &error);
  if (error != NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  op->uuid = g_strdup (uuid);
  g_task_run_in_thread (task, get_pool_thread);
}

VsmPoolSnapshot *
vsm_connection_get_pool_finish (VsmConnection  *self,
                                GAsyncResult   *result,
                                GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ------------------------------------------------------------------ */
/* Volumes                                                             */

/* What a volume load hands to the main thread: batches of snapshots, and
 * at the end the task's result. Every worker of the load appends to one
 * queue; a single idle source takes ONE item per main-loop iteration, so
 * the window gets a chance to draw and handle input between two batches
 * (separate idle sources would all run in the same iteration: 10,000
 * names in 10 chunks would still block the loop for the sum of them).
 * The result comes last through the same queue, so the load's callback
 * runs after its last batch. */
typedef struct
{
  GPtrArray *batch;
  gboolean   names_only;
  GTask     *task;                      /* the end: return this task */
  gssize     n;
  GError    *error;
} Batch;

typedef struct
{
  gatomicrefcount     ref;
  GMutex              lock;
  GQueue              items;            /* Batch */
  gboolean            scheduled;        /* an idle source will take the head */
  GMainContext       *context;
  GWeakRef            target;
  VsmVolumeBatchFunc  func;
  char               *uuid;
  GCancellable       *cancellable;
} Delivery;

static void
batch_free (Batch *b)
{
  if (b->batch != NULL)
    g_ptr_array_unref (b->batch);
  g_clear_object (&b->task);
  g_clear_error (&b->error);
  g_free (b);
}

static Delivery *
delivery_new (OpData       *op,
              GCancellable *cancellable)
{
  Delivery *d = g_new0 (Delivery, 1);

  g_atomic_ref_count_init (&d->ref);
  g_mutex_init (&d->lock);
  g_queue_init (&d->items);
  d->context = g_main_context_ref (op->context);
  g_weak_ref_init (&d->target, op->batch_target);
  d->func = op->batch_func;
  d->uuid = g_strdup (op->uuid);
  d->cancellable = cancellable ? g_object_ref (cancellable) : NULL;
  return d;
}

static Delivery *
delivery_ref (Delivery *d)
{
  g_atomic_ref_count_inc (&d->ref);
  return d;
}

static void
delivery_unref (gpointer data)
{
  Delivery *d = data;

  if (!g_atomic_ref_count_dec (&d->ref))
    return;
  g_queue_clear_full (&d->items, (GDestroyNotify) batch_free);
  g_mutex_clear (&d->lock);
  g_main_context_unref (d->context);
  g_weak_ref_clear (&d->target);
  g_free (d->uuid);
  g_clear_object (&d->cancellable);
  g_free (d);
}

static gboolean
batch_dispatch (gpointer data)
{
  Delivery *d = data;
  Batch *b;
  gboolean more;

  g_mutex_lock (&d->lock);
  b = g_queue_pop_head (&d->items);
  more = !g_queue_is_empty (&d->items);
  if (!more)
    d->scheduled = FALSE;
  g_mutex_unlock (&d->lock);

  if (b == NULL)
    return G_SOURCE_REMOVE;

  if (b->task != NULL)
    {
      if (b->error != NULL)
        g_task_return_error (b->task, g_steal_pointer (&b->error));
      else
        g_task_return_int (b->task, b->n);
    }
  /* A load cancelled on the main thread (a newer one replaced it) delivers
   * nothing more: its batches would mix with the newer load's. */
  else if (d->cancellable == NULL || !g_cancellable_is_cancelled (d->cancellable))
    {
      g_autoptr(GObject) target = g_weak_ref_get (&d->target);

      if (target != NULL)
        d->func (target, d->uuid, b->batch, b->names_only);
    }
  batch_free (b);
  return more ? G_SOURCE_CONTINUE : G_SOURCE_REMOVE;
}

static void
delivery_push (Delivery *d,
               Batch    *b)
{
  gboolean schedule;

  g_mutex_lock (&d->lock);
  g_queue_push_tail (&d->items, b);
  schedule = !d->scheduled;
  d->scheduled = TRUE;
  g_mutex_unlock (&d->lock);

  if (schedule)
    {
      /* Not g_main_context_invoke(): see _vsm_post_to_context. */
      g_autoptr(GSource) source = g_idle_source_new ();

      g_source_set_priority (source, G_PRIORITY_DEFAULT);
      g_source_set_callback (source, batch_dispatch, delivery_ref (d), delivery_unref);
      g_source_set_static_name (source, "[vsm] volume batches");
      g_source_attach (source, d->context);
    }
}

static void
post_batch (Delivery  *d,
            GPtrArray *batch,
            gboolean   names_only)
{
  Batch *b = g_new0 (Batch, 1);

  b->batch = batch;
  b->names_only = names_only;
  delivery_push (d, b);
}

/* The last item of a load: returns @task (n volumes or @error) on the
 * main thread once every batch before it was delivered. */
static void
post_result (Delivery *d,
             GTask    *task,
             gssize    n,
             GError   *error)
{
  Batch *b = g_new0 (Batch, 1);

  b->task = g_object_ref (task);
  b->n = n;
  b->error = error;
  delivery_push (d, b);
}

typedef struct
{
  Delivery          *delivery;
  virStorageVolPtr  *vols;
  guint              start;
  guint              stride;
  guint              n;
  GCancellable      *cancellable;
} DetailsJob;

static gpointer
details_thread (gpointer data)
{
  DetailsJob *job = data;
  GPtrArray *batch = g_ptr_array_new_with_free_func ((GDestroyNotify) vsm_volume_snapshot_free);

  for (guint i = job->start; i < job->n; i += job->stride)
    {
      VsmVolumeSnapshot *snap = NULL;
      char *xml;

      if (g_cancellable_is_cancelled (job->cancellable))
        break;

      xml = virStorageVolGetXMLDesc (job->vols[i], 0);
      if (xml != NULL)
        {
          snap = vsm_volume_snapshot_new_from_xml (xml, strlen (xml));
          free (xml);
        }
      if (snap == NULL)
        {
          /* Deleted meanwhile, or unreadable: keep the name, no details. */
          snap = g_new0 (VsmVolumeSnapshot, 1);
          snap->name = g_strdup (virStorageVolGetName (job->vols[i]));
          snap->key = g_strdup (virStorageVolGetKey (job->vols[i]));
          virResetLastError ();
        }
      g_ptr_array_add (batch, snap);

      if (batch->len >= VOLUME_BATCH)
        {
          post_batch (job->delivery, batch, FALSE);
          batch = g_ptr_array_new_with_free_func ((GDestroyNotify) vsm_volume_snapshot_free);
        }
    }

  if (batch->len > 0)
    post_batch (job->delivery, batch, FALSE);
  else
    g_ptr_array_unref (batch);

  return NULL;
}

/* Runs on its own thread (it waits for the details threads it starts, so
 * it stays out of GTask's pool); the task is returned from the main
 * thread, after the last batch (post_result). */
static gpointer
list_volumes_thread (gpointer data)
{
  g_autoptr(GTask) task = data;
  OpData *op = g_task_get_task_data (task);
  GCancellable *cancellable = g_task_get_cancellable (task);
  Delivery *delivery = delivery_new (op, cancellable);
  GError *error = NULL;
  virStoragePoolPtr pool = lookup_pool (op, &error);
  virStorageVolPtr *vols = NULL;
  guint n_threads;
  DetailsJob jobs[MAX_VOLUME_THREADS];
  GThread *threads[MAX_VOLUME_THREADS];
  int n = -1;

  if (pool == NULL)
    goto out;

  n = virStoragePoolListAllVolumes (pool, &vols, 0);
  /* Before virStoragePoolFree(), which resets libvirt's last error. */
  if (n < 0)
    vsm_error_set_from_virt (&error, "Could not list volumes");
  virStoragePoolFree (pool);
  if (n < 0)
    goto out;

  /* Names and keys are local to the handles ListAllVolumes returned, so
   * the names cost no further RPC and the view can show every row at
   * once. They go out in chunks of VSM_VOLUME_NAMES_CHUNK (10,000 names
   * in one main-loop callback took ~12 ms); the last chunk is shorter,
   * an empty one if need be. */
  for (int i = 0; i <= n; i += VSM_VOLUME_NAMES_CHUNK)
    {
      int end = MIN (n, i + VSM_VOLUME_NAMES_CHUNK);
      GPtrArray *names = g_ptr_array_new_full (end - i, (GDestroyNotify) vsm_volume_snapshot_free);

      for (int j = i; j < end; j++)
        {
          VsmVolumeSnapshot *snap = g_new0 (VsmVolumeSnapshot, 1);

          snap->name = g_strdup (virStorageVolGetName (vols[j]));
          snap->key = g_strdup (virStorageVolGetKey (vols[j]));
          g_ptr_array_add (names, snap);
        }
      post_batch (delivery, names, TRUE);
    }

  /* One GetXMLDesc per volume, spread over a few threads: the daemon
   * serves concurrent RPCs from its worker pool. */
  n_threads = CLAMP ((guint) n / 64, 1, MAX_VOLUME_THREADS);
  for (guint t = 0; t < n_threads; t++)
    {
      jobs[t] = (DetailsJob) { delivery, vols, t, n_threads, (guint) n, cancellable };
      threads[t] = t == 0 ? NULL : g_thread_new ("vsm-volumes", details_thread, &jobs[t]);
    }
  details_thread (&jobs[0]);
  for (guint t = 1; t < n_threads; t++)
    g_thread_join (threads[t]);

  for (int i = 0; i < n; i++)
    virStorageVolFree (vols[i]);
  free (vols);

out:
  /* The last virConnectClose is an RPC: here, not on the main thread. */
  release_conn (op);
  /* A cancelled load returns G_IO_ERROR_CANCELLED (check-cancellable). */
  post_result (delivery, task, n, error);
  delivery_unref (delivery);
  return NULL;
}

/**
 * vsm_connection_list_volumes_async:
 * @batch_target: object passed to @batch_func (held weakly)
 * @batch_func: called on the main thread, first with every name, then
 *   with details in batches
 *
 * Lists a pool's volumes names-first. @callback runs after the last batch.
 */
void
vsm_connection_list_volumes_async (VsmConnection       *self,
                                   const char          *pool_uuid,
                                   GObject             *batch_target,
                                   VsmVolumeBatchFunc   batch_func,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  OpData *op = NULL;

  g_return_if_fail (VSM_IS_CONNECTION (self));
  g_return_if_fail (pool_uuid != NULL);
  g_return_if_fail (G_IS_OBJECT (batch_target));
  g_return_if_fail (batch_func != NULL);

  task = new_task (self, cancellable, callback, user_data, vsm_connection_list_volumes_async,
                   "list-volumes", &op, &error);
  if (error != NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  op->uuid = g_strdup (pool_uuid);
  op->batch_target = g_object_ref (batch_target);
  op->batch_func = batch_func;
  op->context = g_main_context_ref_thread_default ();
  g_thread_unref (g_thread_new ("vsm-list-volumes", list_volumes_thread, g_steal_pointer (&task)));
}

gboolean
vsm_connection_list_volumes_finish (VsmConnection  *self,
                                    GAsyncResult   *result,
                                    guint          *n_volumes,
                                    GError        **error)
{
  gssize n;

  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  n = g_task_propagate_int (G_TASK (result), error);
  if (n < 0)
    return FALSE;
  if (n_volumes != NULL)
    *n_volumes = (guint) n;
  return TRUE;
}

typedef struct
{
  guint64 sum;
  guint   n;
} Totals;

static void
pool_totals_thread (GTask        *task,
                    gpointer      source_object,
                    gpointer      task_data,
                    GCancellable *cancellable)
{
  OpData *op = task_data;
  GError *error = NULL;
  virStoragePoolPtr pool = lookup_pool (op, &error);
  virStorageVolPtr *vols = NULL;
  Totals *totals;
  int n;

  if (pool == NULL)
    {
      release_conn (op);
      g_task_return_error (task, error);
      return;
    }
  n = virStoragePoolListAllVolumes (pool, &vols, 0);
  /* Before virStoragePoolFree(), which resets libvirt's last error. */
  if (n < 0)
    vsm_error_set_from_virt (&error, "Could not list volumes");
  virStoragePoolFree (pool);
  if (n < 0)
    {
      release_conn (op);
      g_task_return_error (task, error);
      return;
    }

  totals = g_new0 (Totals, 1);
  totals->n = n;
  for (int i = 0; i < n; i++)
    {
      virStorageVolInfo info;

      if (!g_cancellable_is_cancelled (cancellable) && virStorageVolGetInfo (vols[i], &info) == 0)
        totals->sum += info.capacity;
      virStorageVolFree (vols[i]);
    }
  free (vols);
  virResetLastError ();
  release_conn (op);
  g_task_return_pointer (task, totals, g_free);
}

void
vsm_connection_pool_totals_async (VsmConnection       *self,
                                  const char          *pool_uuid,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  OpData *op = NULL;

  g_return_if_fail (VSM_IS_CONNECTION (self));

  task = new_task (self, cancellable, callback, user_data, vsm_connection_pool_totals_async,
                   "pool-totals", &op, &error);
  if (error != NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  op->uuid = g_strdup (pool_uuid);
  g_task_run_in_thread (task, pool_totals_thread);
}

gboolean
vsm_connection_pool_totals_finish (VsmConnection  *self,
                                   GAsyncResult   *result,
                                   guint64        *sum_capacity,
                                   guint          *n_volumes,
                                   GError        **error)
{
  g_autofree Totals *totals = NULL;

  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  totals = g_task_propagate_pointer (G_TASK (result), error);
  if (totals == NULL)
    return FALSE;
  if (sum_capacity)
    *sum_capacity = totals->sum;
  if (n_volumes)
    *n_volumes = totals->n;
  return TRUE;
}

/* ------------------------------------------------------------------ */
/* Domains                                                             */

static VsmDomainState
domain_state (int state)
{
  switch ((virDomainState) state)
    {
    case VIR_DOMAIN_RUNNING: return VSM_DOMAIN_STATE_RUNNING;
    case VIR_DOMAIN_BLOCKED: return VSM_DOMAIN_STATE_BLOCKED;
    case VIR_DOMAIN_PAUSED: return VSM_DOMAIN_STATE_PAUSED;
    case VIR_DOMAIN_SHUTDOWN: return VSM_DOMAIN_STATE_SHUTTING_DOWN;
    case VIR_DOMAIN_SHUTOFF: return VSM_DOMAIN_STATE_SHUT_OFF;
    case VIR_DOMAIN_CRASHED: return VSM_DOMAIN_STATE_CRASHED;
    case VIR_DOMAIN_PMSUSPENDED: return VSM_DOMAIN_STATE_SUSPENDED;
    case VIR_DOMAIN_NOSTATE:
    default: return VSM_DOMAIN_STATE_UNKNOWN;
    }
}

static void
list_domains_thread (GTask        *task,
                     gpointer      source_object,
                     gpointer      task_data,
                     GCancellable *cancellable)
{
  OpData *op = task_data;
  virDomainPtr *doms = NULL;
  GPtrArray *result;
  int n;

  n = virConnectListAllDomains (op->conn, &doms, 0);
  if (n < 0)
    {
      GError *error = NULL;

      vsm_error_set_from_virt (&error, "Could not list domains");
      release_conn (op);
      g_task_return_error (task, error);
      return;
    }

  result = g_ptr_array_new_full (n, (GDestroyNotify) vsm_domain_snapshot_free);
  for (int i = 0; i < n; i++)
    {
      VsmDomainSnapshot *snap = g_new0 (VsmDomainSnapshot, 1);
      char uuid[VIR_UUID_STRING_BUFLEN];
      int state = 0, reason = 0;
      char *xml;

      if (virDomainGetUUIDString (doms[i], uuid) == 0)
        snap->uuid = g_strdup (uuid);
      snap->name = g_strdup (virDomainGetName (doms[i]));
      if (virDomainGetState (doms[i], &state, &reason, 0) == 0)
        snap->state = domain_state (state);
      snap->persistent = virDomainIsPersistent (doms[i]) == 1;
      xml = virDomainGetXMLDesc (doms[i], 0);
      if (xml != NULL)
        {
          snap->disks = vsm_domain_disks_from_xml (xml, strlen (xml));
          free (xml);
        }
      if (snap->disks == NULL)
        snap->disks = g_ptr_array_new_with_free_func ((GDestroyNotify) vsm_disk_snapshot_free);
      virResetLastError ();
      g_ptr_array_add (result, snap);
      virDomainFree (doms[i]);
    }
  free (doms);
  release_conn (op);
  g_task_return_pointer (task, result, (GDestroyNotify) g_ptr_array_unref);
}

void
vsm_connection_list_domains_async (VsmConnection       *self,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  OpData *op = NULL;

  g_return_if_fail (VSM_IS_CONNECTION (self));

  task = new_task (self, cancellable, callback, user_data, vsm_connection_list_domains_async,
                   "list-domains", &op, &error);
  if (error != NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_run_in_thread (task, list_domains_thread);
}

/**
 * vsm_connection_list_domains_finish:
 *
 * Returns: (transfer full) (element-type VsmDomainSnapshot):
 */
GPtrArray *
vsm_connection_list_domains_finish (VsmConnection  *self,
                                    GAsyncResult   *result,
                                    GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ------------------------------------------------------------------ */
/* Pool life cycle                                                     */

const char *
vsm_pool_action_to_virsh (VsmPoolAction action)
{
  switch (action)
    {
    case VSM_POOL_ACTION_START: return "pool-start";
    case VSM_POOL_ACTION_STOP: return "pool-destroy";
    case VSM_POOL_ACTION_REFRESH: return "pool-refresh";
    case VSM_POOL_ACTION_BUILD: return "pool-build";
    case VSM_POOL_ACTION_DELETE: return "pool-delete";
    case VSM_POOL_ACTION_UNDEFINE: return "pool-undefine";
    case VSM_POOL_ACTION_AUTOSTART_ON: return "pool-autostart";
    case VSM_POOL_ACTION_AUTOSTART_OFF: return "pool-autostart --disable";
    default: return "";
    }
}

static void
raw_action_thread (GTask        *task,
                   gpointer      source_object,
                   gpointer      task_data,
                   GCancellable *cancellable)
{
  OpData *op = task_data;
  GError *error = NULL;
  virStoragePoolPtr pool = lookup_pool (op, &error);
  int rc = -1;

  if (pool == NULL)
    {
      release_conn (op);
      g_task_return_error (task, error);
      return;
    }

  switch ((VsmPoolAction) op->action)
    {
    case VSM_POOL_ACTION_START:
      rc = virStoragePoolCreate (pool, 0);
      break;
    case VSM_POOL_ACTION_STOP:
      rc = virStoragePoolDestroy (pool);
      break;
    case VSM_POOL_ACTION_BUILD:
      rc = virStoragePoolBuild (pool, 0);
      break;
    case VSM_POOL_ACTION_DELETE:
      rc = virStoragePoolDelete (pool, 0);
      break;
    case VSM_POOL_ACTION_UNDEFINE:
      rc = virStoragePoolUndefine (pool);
      break;
    case VSM_POOL_ACTION_REFRESH:
      /* Not gvir_storage_pool_refresh(): it also looks every volume up
       * one RPC at a time, which the volume loader does better. */
      rc = virStoragePoolRefresh (pool, 0);
      break;
    case VSM_POOL_ACTION_AUTOSTART_ON:
      rc = virStoragePoolSetAutostart (pool, 1);
      break;
    case VSM_POOL_ACTION_AUTOSTART_OFF:
      rc = virStoragePoolSetAutostart (pool, 0);
      break;
    default:
      g_assert_not_reached ();
    }

  if (rc < 0)
    vsm_error_set_from_virt_conn (&error, op->conn, "Storage pool operation failed");
  virStoragePoolFree (pool);
  release_conn (op);

  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

/**
 * vsm_connection_pool_action_async:
 *
 * Every pool action runs in a worker through libvirt's C API, so that a
 * failure keeps libvirt's error code and domain (libvirt-gobject 4.0's
 * pool calls keep only the message).
 */
void
vsm_connection_pool_action_async (VsmConnection       *self,
                                  const char          *pool_uuid,
                                  VsmPoolAction        action,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  OpData *op = NULL;

  g_return_if_fail (VSM_IS_CONNECTION (self));
  g_return_if_fail (pool_uuid != NULL);

  task = new_task (self, cancellable, callback, user_data, vsm_connection_pool_action_async,
                   "pool-action", &op, &error);
  if (error != NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  op->uuid = g_strdup (pool_uuid);
  op->action = action;
  g_task_run_in_thread (task, raw_action_thread);
}

gboolean
vsm_connection_pool_action_finish (VsmConnection  *self,
                                   GAsyncResult   *result,
                                   GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* ------------------------------------------------------------------ */
/* XML and volume deletion                                             */

/* Returns @xml (libvirt's malloc()ed string, freed here) as a GLib string,
 * or @error. */
static void
return_libvirt_string (GTask  *task,
                       char   *xml,
                       GError *error)
{
  if (error != NULL)
    {
      free (xml);
      g_task_return_error (task, error);
      return;
    }
  g_task_return_pointer (task, g_strdup (xml), g_free);
  free (xml);
}

static void
pool_xml_thread (GTask        *task,
                 gpointer      source_object,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  OpData *op = task_data;
  GError *error = NULL;
  virStoragePoolPtr pool = lookup_pool (op, &error);
  char *xml = NULL;

  if (pool != NULL)
    {
      xml = virStoragePoolGetXMLDesc (pool, 0);
      if (xml == NULL)
        vsm_error_set_from_virt (&error, "Could not read the pool XML");
      virStoragePoolFree (pool);
    }
  release_conn (op);
  return_libvirt_string (task, xml, error);
}

static virStorageVolPtr
lookup_volume (OpData  *op,
               GError **error)
{
  virStoragePoolPtr pool = lookup_pool (op, error);
  virStorageVolPtr vol;

  if (pool == NULL)
    return NULL;
  vol = virStorageVolLookupByName (pool, op->name);
  if (vol == NULL)
    vsm_error_set_from_virt (error, "Volume not found");
  virStoragePoolFree (pool);
  return vol;
}

static void
volume_xml_thread (GTask        *task,
                   gpointer      source_object,
                   gpointer      task_data,
                   GCancellable *cancellable)
{
  OpData *op = task_data;
  GError *error = NULL;
  virStorageVolPtr vol = lookup_volume (op, &error);
  char *xml = NULL;

  if (vol != NULL)
    {
      xml = virStorageVolGetXMLDesc (vol, 0);
      if (xml == NULL)
        vsm_error_set_from_virt (&error, "Could not read the volume XML");
      virStorageVolFree (vol);
    }
  release_conn (op);
  return_libvirt_string (task, xml, error);
}

static void
delete_volume_thread (GTask        *task,
                      gpointer      source_object,
                      gpointer      task_data,
                      GCancellable *cancellable)
{
  OpData *op = task_data;
  GError *error = NULL;
  virStorageVolPtr vol = lookup_volume (op, &error);

  if (vol != NULL)
    {
      if (virStorageVolDelete (vol, 0) < 0)
        vsm_error_set_from_virt (&error, "Could not delete the volume");
      virStorageVolFree (vol);
    }
  release_conn (op);

  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void
start_named_op (VsmConnection       *self,
                const char          *pool_uuid,
                const char          *volume_name,
                GTaskThreadFunc      func,
                gpointer             source_tag,
                const char          *name,
                GCancellable        *cancellable,
                GAsyncReadyCallback  callback,
                gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  OpData *op = NULL;

  task = new_task (self, cancellable, callback, user_data, source_tag, name, &op, &error);
  if (error != NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  op->uuid = g_strdup (pool_uuid);
  op->name = g_strdup (volume_name);
  g_task_run_in_thread (task, func);
}

void
vsm_connection_dup_pool_xml_async (VsmConnection       *self,
                                   const char          *pool_uuid,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_return_if_fail (VSM_IS_CONNECTION (self));
  g_return_if_fail (pool_uuid != NULL);

  start_named_op (self, pool_uuid, NULL, pool_xml_thread, vsm_connection_dup_pool_xml_async,
                  "pool-xml", cancellable, callback, user_data);
}

char *
vsm_connection_dup_pool_xml_finish (VsmConnection  *self,
                                    GAsyncResult   *result,
                                    GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

void
vsm_connection_dup_volume_xml_async (VsmConnection       *self,
                                     const char          *pool_uuid,
                                     const char          *volume_name,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  g_return_if_fail (VSM_IS_CONNECTION (self));
  g_return_if_fail (pool_uuid != NULL && volume_name != NULL);

  start_named_op (self, pool_uuid, volume_name, volume_xml_thread,
                  vsm_connection_dup_volume_xml_async, "volume-xml", cancellable, callback, user_data);
}

char *
vsm_connection_dup_volume_xml_finish (VsmConnection  *self,
                                      GAsyncResult   *result,
                                      GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * vsm_connection_delete_volume_async:
 *
 * Raw virStorageVolDelete in a worker: libvirt-gobject's delete is
 * synchronous and drops the volume from its cache before the call.
 */
void
vsm_connection_delete_volume_async (VsmConnection       *self,
                                    const char          *pool_uuid,
                                    const char          *volume_name,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  g_return_if_fail (VSM_IS_CONNECTION (self));
  g_return_if_fail (pool_uuid != NULL && volume_name != NULL);

  start_named_op (self, pool_uuid, volume_name, delete_volume_thread,
                  vsm_connection_delete_volume_async, "delete-volume", cancellable, callback, user_data);
}

gboolean
vsm_connection_delete_volume_finish (VsmConnection  *self,
                                     GAsyncResult   *result,
                                     GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* ------------------------------------------------------------------ */

static void
vsm_connection_dispose (GObject *object)
{
  VsmConnection *self = VSM_CONNECTION (object);

  self->want_connected = FALSE;
  g_clear_handle_id (&self->reconnect_source, g_source_remove);
  drop_libvirt (self);

  G_OBJECT_CLASS (vsm_connection_parent_class)->dispose (object);
}

static void
vsm_connection_finalize (GObject *object)
{
  VsmConnection *self = VSM_CONNECTION (object);

  g_free (self->uri);
  g_free (self->error_message);

  G_OBJECT_CLASS (vsm_connection_parent_class)->finalize (object);
}

static void
vsm_connection_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  VsmConnection *self = VSM_CONNECTION (object);

  switch (prop_id)
    {
    case PROP_URI:
      g_value_set_string (value, self->uri);
      break;
    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;
    case PROP_ERROR_MESSAGE:
      g_value_set_string (value, self->error_message);
      break;
    case PROP_RECONNECTING:
      g_value_set_boolean (value, self->reconnecting);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vsm_connection_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  VsmConnection *self = VSM_CONNECTION (object);

  switch (prop_id)
    {
    case PROP_URI:
      self->uri = g_value_dup_string (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vsm_connection_class_init (VsmConnectionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  /* The volume loader parses XML on several threads at once; libxml2 2.9
   * must be initialised once, on one thread, before that. */
  xmlInitParser ();

  /* libvirt's remote driver write()s to its socket: a daemon that dies
   * while a request is being sent (kill -9, crash, restart) raises
   * SIGPIPE, which kills the whole app unless ignored. libvirt then
   * reports EPIPE as an error of the call, and the close callback fires.
   * GLib's GSocket ignores it the same way, but only once something made
   * a GSocket (a D-Bus session, say), which an app cannot rely on. */
  signal (SIGPIPE, SIG_IGN);

  object_class->dispose = vsm_connection_dispose;
  object_class->finalize = vsm_connection_finalize;
  object_class->get_property = vsm_connection_get_property;
  object_class->set_property = vsm_connection_set_property;

  properties[PROP_URI] =
    g_param_spec_string ("uri", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL, VSM_TYPE_CONNECTION_STATE,
                       VSM_CONNECTION_STATE_DISCONNECTED,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ERROR_MESSAGE] =
    g_param_spec_string ("error-message", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_RECONNECTING] =
    g_param_spec_boolean ("reconnecting", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * VsmConnection::pool-event:
   * @uuid: the pool
   * @event: a #VsmPoolEvent
   */
  signals[POOL_EVENT] =
    g_signal_new ("pool-event", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_INT);
  signals[DOMAIN_EVENT] =
    g_signal_new ("domain-event", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_INT);
}

static void
vsm_connection_init (VsmConnection *self)
{
  self->pool_lifecycle_id = self->pool_refresh_id = self->domain_lifecycle_id = -1;
  self->domain_added_id = self->domain_removed_id = -1;
  self->reconnect_msec = DEFAULT_RECONNECT_MSEC;
}

VsmConnection *
vsm_connection_new (const char *uri)
{
  g_return_val_if_fail (uri != NULL, NULL);
  return g_object_new (VSM_TYPE_CONNECTION, "uri", uri, NULL);
}

const char *
vsm_connection_get_uri (VsmConnection *self)
{
  g_return_val_if_fail (VSM_IS_CONNECTION (self), NULL);
  return self->uri;
}

VsmConnectionState
vsm_connection_get_state (VsmConnection *self)
{
  g_return_val_if_fail (VSM_IS_CONNECTION (self), VSM_CONNECTION_STATE_DISCONNECTED);
  return self->state;
}

const char *
vsm_connection_get_error_message (VsmConnection *self)
{
  g_return_val_if_fail (VSM_IS_CONNECTION (self), NULL);
  return self->error_message;
}

gboolean
vsm_connection_get_reconnecting (VsmConnection *self)
{
  g_return_val_if_fail (VSM_IS_CONNECTION (self), FALSE);
  return self->reconnecting;
}

void
vsm_connection_set_reconnect_interval (VsmConnection *self,
                                       guint          msec)
{
  g_return_if_fail (VSM_IS_CONNECTION (self));
  self->reconnect_msec = MAX (msec, 50);
}

/**
 * _vsm_connection_ref_raw:
 *
 * Returns: (transfer full) (nullable): a new reference on the raw
 * connection, to be released with virConnectClose() in a worker thread;
 * %NULL when not connected
 */
virConnectPtr
_vsm_connection_ref_raw (VsmConnection *self)
{
  g_return_val_if_fail (VSM_IS_CONNECTION (self), NULL);

  if (self->raw == NULL || self->state != VSM_CONNECTION_STATE_CONNECTED)
    return NULL;
  virConnectRef (self->raw);
  return self->raw;
}
