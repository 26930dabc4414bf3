/* vsm-op-private.h
 *
 * The one task scaffold of the service: every call that reaches libvirt
 * (VsmConnection's facets, pool, volume and domain operations) makes its
 * GTask here, with one "not connected" check and one pool lookup.
 *
 * An operation's task data is a struct whose first member is a VsmOp:
 *
 *   typedef struct { VsmOp head; char *xml; } PoolOp;
 *   static void pool_op_clear (PoolOp *op) { g_free (op->xml); }
 *
 *   task = vsm_op_new (connection, PoolOp, pool_op_clear, my_async,
 *                      "pool-define", cancellable, callback, user_data, &op);
 *   if (task == NULL)
 *     return;       // not connected: the callback has its error
 *   op->xml = ...;
 *   vsm_op_run (task, define_thread);
 *
 * The worker drops the connection reference before it returns the task
 * (vsm_op_release(), or the vsm_op_return_*() calls that do it), because
 * the last virConnectClose() is an RPC and task data is usually freed on
 * the main thread. The _finish calls are vsm_op_finish_*().
 *
 * Copyright 2026 Virt Storage developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <libvirt/libvirt.h>

#include "vsm-connection.h"

G_BEGIN_DECLS

typedef struct
{
  virConnectPtr   conn;    /* the worker's own reference, or NULL once released */
  GDestroyNotify  clear;   /* frees the members after the head */
} VsmOp;

GTask             *_vsm_op_new          (VsmConnection       *connection,
                                         gsize                size,
                                         GDestroyNotify       clear,
                                         gpointer             source_tag,
                                         const char          *name,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data,
                                         gpointer            *op_out);

/* Returns a new GTask (check-cancellable, named @name for profilers and
 * logs) whose task data is a zeroed @Type holding a connection reference,
 * or %NULL when @connection is not connected: then @callback gets
 * VSM_ERROR_CONNECTION and *@op_out is %NULL. */
#define vsm_op_new(connection, Type, clear, source_tag, name, cancellable, callback, user_data, op_out) \
  (G_STATIC_ASSERT_EXPR (G_STRUCT_OFFSET (Type, head) == 0), \
   *(op_out) = NULL, \
   _vsm_op_new ((connection), sizeof (Type), (GDestroyNotify) (clear), (source_tag), (name), \
                (cancellable), (callback), (user_data), (gpointer *) (op_out)))

/* Drops the worker's connection reference (call it in the worker). */
void               vsm_op_release       (gpointer             op);

/* In a worker: when the task's cancellable is cancelled, releases the
 * connection, returns G_IO_ERROR_CANCELLED and returns %TRUE. */
gboolean           vsm_op_return_if_cancelled (GTask         *task,
                                               gpointer       op);

/* Runs @task in @worker on GTask's pool and drops the caller's
 * reference; does nothing for a %NULL @task (not connected: the callback
 * has its error). */
void               vsm_op_run           (GTask               *task,
                                         GTaskThreadFunc      worker);

/* In a worker: release the connection, then return @error (taken), or
 * else %TRUE / @result (freed with @destroy if it is not returned). */
void               vsm_op_return_error  (GTask               *task,
                                         gpointer             op,
                                         GError              *error);
void               vsm_op_return_boolean (GTask              *task,
                                          gpointer            op,
                                          GError             *error);
void               vsm_op_return_pointer (GTask              *task,
                                          gpointer            op,
                                          gpointer            result,
                                          GDestroyNotify      destroy,
                                          GError             *error);

/* A worker on a thread of its own: a result >= 0, or -1 and @error. */
typedef gssize (*VsmOpThreadFunc) (GTask    *task,
                                   gpointer  op,
                                   GError  **error);

/* Runs @func on a new thread named @thread_name, for calls that may take
 * long and must not occupy GTask's shared pool; takes @task. A task
 * cancelled before it starts returns G_IO_ERROR_CANCELLED without calling
 * @func; after @func the connection is released and its result (as
 * g_task_return_int) or error returned. */
void               vsm_op_run_in_thread (GTask               *task,
                                         const char          *thread_name,
                                         VsmOpThreadFunc      func);

/* The _finish of a task made by vsm_op_new() on @source. */
gboolean           vsm_op_finish_boolean (gpointer            source,
                                          GAsyncResult       *result,
                                          GError            **error);
gpointer           vsm_op_finish_pointer (gpointer            source,
                                          GAsyncResult       *result,
                                          GError            **error);

/* The pool with @uuid, or %NULL and @error classified from libvirt's code. */
virStoragePoolPtr  vsm_op_lookup_pool   (gpointer             op,
                                         const char          *uuid,
                                         GError             **error);

/* The volume @name of pool @pool_uuid, or %NULL and @error. */
virStorageVolPtr   vsm_op_lookup_volume (gpointer             op,
                                         const char          *pool_uuid,
                                         const char          *name,
                                         GError             **error);

/* The domain with @uuid, or %NULL and @error. */
virDomainPtr       vsm_op_lookup_domain (gpointer             op,
                                         const char          *uuid,
                                         GError             **error);

typedef gpointer (*VsmParseFunc) (const char *xml);

/* @parse (@xml), or %NULL for a %NULL @xml; when @parse returns %NULL, a
 * VSM_ERROR_FAILED @error saying @unreadable. Frees libvirt's malloc()ed
 * @xml. */
gpointer           vsm_op_parse         (char                *xml,
                                         VsmParseFunc         parse,
                                         const char          *unreadable,
                                         GError             **error);

G_END_DECLS
