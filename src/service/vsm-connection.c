/* vsm-connection.c
 *
 * The only object that talks to libvirt: here its life cycle (open, the
 * events and the close callback, reconnecting, teardown) and the task
 * scaffold every facet uses; pools, volumes and domains are in
 * vsm-connection-{pools,volumes,domains}.c. Every call that reaches
 * libvirt runs in a worker thread (GTask's pool, or the short-lived
 * threads of the volume loader); the main thread only ever sees
 * snapshots.
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

#include "vsm-ask.h"
#include "vsm-connection-private.h"
#include "vsm-virt-error.h"

#define DEFAULT_RECONNECT_MSEC 2000

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
  ASK,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* ------------------------------------------------------------------ */
/* The facets' operation data (vsm-connection-private.h)               */

void
_vsm_op_data_clear (OpData *op)
{
  g_free (op->uuid);
  g_free (op->name);
  g_free (op->xml);
  g_clear_object (&op->batch_target);
  g_clear_pointer (&op->context, g_main_context_unref);
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
  GWeakRef         self;
} Anchor;              /* in a g_atomic_rc_box */

static Anchor *
anchor_new (VsmConnection *self)
{
  Anchor *a = g_atomic_rc_box_new0 (Anchor);

  g_weak_ref_init (&a->self, self);
  return a;
}

static void
anchor_clear (Anchor *a)
{
  g_weak_ref_clear (&a->self);
}

static void
anchor_release (Anchor *a)
{
  g_atomic_rc_box_release_full (a, (GDestroyNotify) anchor_clear);
}

/* The events a connection listens to, each registered in the open worker
 * with a context of its own; the connection keeps their ids in the same
 * order (event_ids). One callback per libvirt signature: the ones whose
 * signature carries no event report the registration's @event. */
typedef struct
{
  int                                        event_id;
  virConnectStoragePoolEventGenericCallback  pool_cb;    /* a storage pool event, or */
  virConnectDomainEventGenericCallback       domain_cb;  /* a domain event */
  int                                        event;      /* see above; -1 for lifecycle */
} EventReg;

typedef struct _EventCtx
{
  Anchor          *anchor;
  guint            generation;
  const EventReg  *reg;        /* NULL for the close callback's */
} EventCtx;

static EventCtx *
event_ctx_new (VsmConnection  *self,
               const EventReg *reg)
{
  EventCtx *ctx = g_new0 (EventCtx, 1);

  ctx->anchor = anchor_new (self);
  ctx->generation = self->generation;
  ctx->reg = reg;
  return ctx;
}

static void
event_ctx_free (void *data)
{
  EventCtx *ctx = data;

  anchor_release (ctx->anchor);
  g_free (ctx);
}

typedef enum
{
  DISPATCH_POOL,
  DISPATCH_DOMAIN,
  DISPATCH_CLOSED,
  DISPATCH_ASK,
} DispatchKind;

typedef struct
{
  Anchor        *anchor;
  guint          generation;
  DispatchKind   kind;
  char          *uuid;
  int            event;
  VsmAsk        *ask;        /* DISPATCH_ASK: the open worker's question */
} Dispatch;

static void handle_closed (VsmConnection *self, int reason);

static gboolean
dispatch_on_main (gpointer data)
{
  Dispatch *d = data;
  g_autoptr(VsmConnection) self = g_weak_ref_get (&d->anchor->self);

  /* A question nobody can take (no window, or the connection went away
   * meanwhile) is answered no. */
  if (d->kind == DISPATCH_ASK &&
      (self == NULL || d->generation != self->generation ||
       !g_signal_has_handler_pending (self, signals[ASK], 0, FALSE)))
    vsm_ask_answer (d->ask, FALSE, NULL);
  else if (self != NULL && d->generation == self->generation)
    {
      switch (d->kind)
        {
        case DISPATCH_POOL:
          g_signal_emit (self, signals[POOL_EVENT], 0, d->uuid, d->event);
          break;
        case DISPATCH_DOMAIN:
          g_signal_emit (self, signals[DOMAIN_EVENT], 0, d->uuid, d->event);
          break;
        case DISPATCH_CLOSED:
          handle_closed (self, d->event);
          break;
        case DISPATCH_ASK:
          g_signal_emit (self, signals[ASK], 0, d->ask);
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

  anchor_release (d->anchor);
  g_free (d->uuid);
  g_clear_object (&d->ask);
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
queue_dispatch (EventCtx     *ctx,
                DispatchKind  kind,
                const char   *uuid,
                int           event)
{
  Dispatch *d = g_new0 (Dispatch, 1);

  /* Runs on libvirt's event-loop thread: no strong reference here; the
   * main thread checks that the connection still exists. */
  d->anchor = g_atomic_rc_box_acquire (ctx->anchor);
  d->generation = ctx->generation;
  d->kind = kind;
  d->uuid = g_strdup (uuid);
  d->event = event;
  _vsm_post_to_context (NULL, dispatch_on_main, d, dispatch_free);
}

/* @object is the pool or the domain of @ctx's registration. */
static void
queue_event (EventCtx *ctx,
             gpointer  object,
             int       event)
{
  gboolean domain = ctx->reg->domain_cb != NULL;
  char uuid[VIR_UUID_STRING_BUFLEN];
  int got = domain ? virDomainGetUUIDString (object, uuid) : virStoragePoolGetUUIDString (object, uuid);

  if (got == 0)
    queue_dispatch (ctx, domain ? DISPATCH_DOMAIN : DISPATCH_POOL, uuid, event);
}

static void
pool_lifecycle_cb (virConnectPtr     conn,
                   virStoragePoolPtr pool,
                   int               event,
                   int               detail,
                   void             *opaque)
{
  queue_event (opaque, pool, event);
}

/* VIR_STORAGE_POOL_EVENT_ID_REFRESH */
static void
pool_generic_cb (virConnectPtr     conn,
                 virStoragePoolPtr pool,
                 void             *opaque)
{
  EventCtx *ctx = opaque;

  queue_event (ctx, pool, ctx->reg->event);
}

static int
domain_lifecycle_cb (virConnectPtr conn,
                     virDomainPtr  dom,
                     int           event,
                     int           detail,
                     void         *opaque)
{
  queue_event (opaque, dom, event);
  return 0;
}

/* Hot-plug and unplug change no lifecycle state, and the "used by"
 * index depends on them. */
static void
domain_device_cb (virConnectPtr  conn,
                  virDomainPtr   dom,
                  const char    *dev_alias,
                  void          *opaque)
{
  EventCtx *ctx = opaque;

  queue_event (ctx, dom, ctx->reg->event);
}

static void
close_cb (virConnectPtr conn,
          int           reason,
          void         *opaque)
{
  queue_dispatch (opaque, DISPATCH_CLOSED, NULL, reason);
}

static const EventReg event_regs[] = {
  { VIR_STORAGE_POOL_EVENT_ID_LIFECYCLE, VIR_STORAGE_POOL_EVENT_CALLBACK (pool_lifecycle_cb), NULL,
    -1 },
  { VIR_STORAGE_POOL_EVENT_ID_REFRESH, VIR_STORAGE_POOL_EVENT_CALLBACK (pool_generic_cb), NULL,
    VSM_POOL_EVENT_REFRESH },
  { VIR_DOMAIN_EVENT_ID_LIFECYCLE, NULL, VIR_DOMAIN_EVENT_CALLBACK (domain_lifecycle_cb), -1 },
  { VIR_DOMAIN_EVENT_ID_DEVICE_ADDED, NULL, VIR_DOMAIN_EVENT_CALLBACK (domain_device_cb),
    VSM_DOMAIN_EVENT_DEVICE_ADDED },
  { VIR_DOMAIN_EVENT_ID_DEVICE_REMOVED, NULL, VIR_DOMAIN_EVENT_CALLBACK (domain_device_cb),
    VSM_DOMAIN_EVENT_DEVICE_REMOVED },
};
G_STATIC_ASSERT (G_N_ELEMENTS (event_regs) == VSM_CONNECTION_N_EVENTS);

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

static void
registrations_init (VsmRegistrations *regs)
{
  for (guint i = 0; i < G_N_ELEMENTS (regs->event_ids); i++)
    regs->event_ids[i] = -1;
  regs->close_ctx = NULL;
}

typedef struct
{
  virConnectPtr     raw;
  VsmRegistrations  regs;
} Teardown;

static void
teardown_thread (GTask        *task,
                 gpointer      source_object,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  Teardown *t = task_data;

  /* Deregistering is an RPC; on a dead connection it fails at once. */
  for (guint i = 0; i < G_N_ELEMENTS (event_regs); i++)
    {
      if (t->regs.event_ids[i] < 0)
        continue;
      if (event_regs[i].domain_cb != NULL)
        virConnectDomainEventDeregisterAny (t->raw, t->regs.event_ids[i]);
      else
        virConnectStoragePoolEventDeregisterAny (t->raw, t->regs.event_ids[i]);
    }
  if (t->regs.close_ctx != NULL)
    {
      /* Once unregistered it cannot be called any more. Unregistering
       * fails only when libvirt no longer holds our callback: it fired
       * (the connection closed) and libvirt reset it, under the same lock
       * (virConnectCloseCallbackDataCall). Either way the context is ours
       * again: free it (it leaked on every daemon restart before). */
      if (virConnectUnregisterCloseCallback (t->raw, close_cb) < 0)
        g_debug ("close callback already gone: %s", virGetLastErrorMessage ());
      g_clear_pointer (&t->regs.close_ctx, event_ctx_free);
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

/* Hands @raw and what is registered on it (taken from @regs, which is
 * left empty) to a worker that deregisters and closes it, so no RPC
 * happens on the main thread. */
static void
teardown_start (virConnectPtr     raw,
                VsmRegistrations *regs)
{
  Teardown *t = g_new0 (Teardown, 1);
  g_autoptr(GTask) task = g_task_new (NULL, NULL, NULL, NULL);

  t->raw = raw;
  t->regs = *regs;
  registrations_init (regs);
  g_task_set_source_tag (task, teardown_start);
  g_task_set_task_data (task, t, (GDestroyNotify) teardown_free);
  g_task_run_in_thread (task, teardown_thread);
}

static void
drop_libvirt (VsmConnection *self)
{
  self->generation++;

  if (self->raw != NULL)
    teardown_start (g_steal_pointer (&self->raw), &self->regs);
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
  char             *uri;
  Anchor           *anchor;
  VsmOpenAuth       auth;         /* its cancellable: cancelled when the connection closes or reopens */
  virConnectPtr     raw;
  EventCtx         *ctx[VSM_CONNECTION_N_EVENTS];  /* event_regs[i]'s until libvirt takes it */
  VsmRegistrations  regs;
  gboolean          alive;       /* still open once the close callback was in place */
  guint             generation;
} OpenData;

static void
open_data_free (OpenData *od)
{
  for (guint i = 0; i < G_N_ELEMENTS (od->ctx); i++)
    if (od->ctx[i] != NULL)
      event_ctx_free (od->ctx[i]);
  if (od->regs.close_ctx != NULL)
    event_ctx_free (od->regs.close_ctx);
  g_free (od->uri);
  anchor_release (od->anchor);
  _vsm_open_auth_clear (&od->auth);
  if (od->raw != NULL)
    virConnectClose (od->raw);
  g_free (od);
}

/* In the open worker: puts @ask to the user and waits. */
static gboolean
open_ask (VsmAsk    *ask,
          gpointer   data,
          char     **password)
{
  OpenData *od = data;
  Dispatch *d = g_new0 (Dispatch, 1);

  d->anchor = g_atomic_rc_box_acquire (od->anchor);
  d->generation = od->generation;
  d->kind = DISPATCH_ASK;
  d->ask = g_object_ref (ask);
  _vsm_post_to_context (NULL, dispatch_on_main, d, dispatch_free);
  return vsm_ask_wait (ask, od->auth.cancellable, password);
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
  GError *error = NULL;

  od->raw = _vsm_open_auth_open (od->uri, &od->auth, &error);
  if (od->raw == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_task_return_error (task, error);
          return;
        }
      /* Whatever failed (no daemon, a bad URI, a broken fixture file), the
       * connection is what failed; only refused credentials stay told
       * apart, for they need other words and another remedy. */
      if (error->code != VSM_ERROR_PERMISSION_DENIED)
        error->code = VSM_ERROR_CONNECTION;
      /* (an ssh URI's host was looked up before: vsm-ssh.c) */
      if (!vsm_ssh_uri_is_ssh (od->uri))
        vsm_error_prefix_unresolved_host (od->uri, error);
      g_task_return_error (task, error);
      return;
    }

  /* Each registration gets its own context, owned by libvirt from here on
   * (it calls event_ctx_free when the callback is deregistered). */
  for (guint i = 0; i < G_N_ELEMENTS (event_regs); i++)
    {
      const EventReg *e = &event_regs[i];
      int id;

      if (e->domain_cb != NULL)
        id = virConnectDomainEventRegisterAny (od->raw, NULL, e->event_id, e->domain_cb,
                                               od->ctx[i], event_ctx_free);
      else
        id = virConnectStoragePoolEventRegisterAny (od->raw, NULL, e->event_id, e->pool_cb,
                                                    od->ctx[i], event_ctx_free);
      od->regs.event_ids[i] = id;
      if (id >= 0)
        od->ctx[i] = NULL;
    }
  /* No free callback here: drivers without close-callback support (the
   * test driver, for one) return success without keeping the callback,
   * so libvirt would never free the context. We keep it (in close_ctx)
   * and free it after unregistering. */
  if (virConnectRegisterCloseCallback (od->raw, close_cb, od->regs.close_ctx, NULL) != 0)
    {
      g_debug ("no close callback on this connection: %s",
               virGetLastErrorMessage ());
      g_clear_pointer (&od->regs.close_ctx, event_ctx_free);
    }
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
      teardown_start (g_steal_pointer (&od->raw), &od->regs);
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED, "Connection closed while opening");
      return;
    }

  self->raw = g_steal_pointer (&od->raw);
  self->regs = od->regs;
  /* The password accepted, for reconnecting without asking again. */
  vsm_secret_free (self->password);
  self->password = g_steal_pointer (&od->auth.password);
  registrations_init (&od->regs);

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

  if (self->open_cancellable != NULL)
    g_cancellable_cancel (self->open_cancellable);
  g_clear_object (&self->open_cancellable);
  self->open_cancellable = g_cancellable_new ();

  od = g_new0 (OpenData, 1);
  od->uri = g_strdup (self->uri);
  od->generation = self->generation;
  od->anchor = anchor_new (self);
  od->auth.cancellable = g_object_ref (self->open_cancellable);
  od->auth.password = g_strdup (self->password);
  od->auth.ask = open_ask;
  od->auth.ask_data = od;
  for (guint i = 0; i < G_N_ELEMENTS (od->ctx); i++)
    od->ctx[i] = event_ctx_new (self, &event_regs[i]);
  registrations_init (&od->regs);
  od->regs.close_ctx = event_ctx_new (self, NULL);

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
  return vsm_op_finish_boolean (self, result, error);
}

/* Stops an open that waits for the user, and forgets the password. */
static void
forget_open (VsmConnection *self)
{
  if (self->open_cancellable != NULL)
    g_cancellable_cancel (self->open_cancellable);
  g_clear_object (&self->open_cancellable);
  g_clear_pointer (&self->password, vsm_secret_free);
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
  forget_open (self);
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

static void
vsm_connection_dispose (GObject *object)
{
  VsmConnection *self = VSM_CONNECTION (object);

  self->want_connected = FALSE;
  g_clear_handle_id (&self->reconnect_source, g_source_remove);
  forget_open (self);
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
  /**
   * VsmConnection::ask:
   * @ask: a #VsmAsk
   *
   * The open needs an answer from the user (an SSH host key to trust, a
   * password): the handler shows it and calls vsm_ask_answer(), at once
   * or later. Without a handler the answer is no.
   */
  signals[ASK] =
    g_signal_new ("ask", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, VSM_TYPE_ASK);
}

static void
vsm_connection_init (VsmConnection *self)
{
  registrations_init (&self->regs);
  self->reconnect_msec = DEFAULT_RECONNECT_MSEC;
  self->volume_list_limit = VSM_VOLUME_LIST_MAX;
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
