/* vsm-op.c
 *
 * The one task scaffold of the service; see vsm-op-private.h.
 *
 * Copyright 2026 Virt Storage developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vsm-op"

#include "config.h"

#include <glib/gi18n.h>
#include <stdlib.h>

#include "vsm-connection-private.h"
#include "vsm-virt-error.h"
#include "vsm-op-private.h"

static void
vsm_op_free (VsmOp *op)
{
  /* Normally already released by the worker (vsm_op_release). */
  if (op->conn != NULL)
    virConnectClose (op->conn);
  if (op->clear != NULL)
    op->clear (op);
  g_free (op);
}

GTask *
_vsm_op_new (VsmConnection       *connection,
             gsize                size,
             GDestroyNotify       clear,
             gpointer             source_tag,
             const char          *name,
             GCancellable        *cancellable,
             GAsyncReadyCallback  callback,
             gpointer             user_data,
             gpointer            *op_out)
{
  GTask *task;
  virConnectPtr conn;
  VsmOp *op;

  g_return_val_if_fail (VSM_IS_CONNECTION (connection), NULL);
  g_return_val_if_fail (size >= sizeof (VsmOp), NULL);

  task = g_task_new (connection, cancellable, callback, user_data);
  g_task_set_source_tag (task, source_tag);
  g_task_set_name (task, name);
  g_task_set_check_cancellable (task, TRUE);

  conn = _vsm_connection_ref_raw (connection);
  if (conn == NULL)
    {
      g_task_return_new_error (task, VSM_ERROR, VSM_ERROR_CONNECTION, _("Not connected"));
      g_object_unref (task);
      return NULL;
    }

  op = g_malloc0 (size);
  op->conn = conn;
  op->clear = clear;
  g_task_set_task_data (task, op, (GDestroyNotify) vsm_op_free);
  *op_out = op;
  return task;
}

void
vsm_op_release (gpointer data)
{
  VsmOp *op = data;

  if (op->conn != NULL)
    {
      virConnectClose (op->conn);
      op->conn = NULL;
    }
}

gboolean
vsm_op_return_if_cancelled (GTask    *task,
                            gpointer  op)
{
  GError *error = NULL;

  if (!g_cancellable_set_error_if_cancelled (g_task_get_cancellable (task), &error))
    return FALSE;
  vsm_op_return_error (task, op, error);
  return TRUE;
}

void
vsm_op_run (GTask           *task,
            GTaskThreadFunc  worker)
{
  if (task == NULL)
    return;
  g_task_run_in_thread (task, worker);
  g_object_unref (task);
}

typedef struct
{
  GTask           *task;
  VsmOpThreadFunc  func;
} ThreadRun;

static gpointer
op_thread (gpointer data)
{
  g_autofree ThreadRun *run = data;
  g_autoptr(GTask) task = run->task;
  gpointer op = g_task_get_task_data (task);
  GError *error = NULL;
  gssize result = -1;

  if (!g_cancellable_set_error_if_cancelled (g_task_get_cancellable (task), &error))
    result = run->func (task, op, &error);
  vsm_op_release (op);
  if (result >= 0)
    g_task_return_int (task, result);
  else
    g_task_return_error (task, error);
  return NULL;
}

void
vsm_op_run_in_thread (GTask           *task,
                      const char      *thread_name,
                      VsmOpThreadFunc  func)
{
  ThreadRun *run;

  if (task == NULL)
    return;
  run = g_new0 (ThreadRun, 1);
  run->task = task;
  run->func = func;
  g_thread_unref (g_thread_new (thread_name, op_thread, run));
}

void
vsm_op_return_error (GTask    *task,
                     gpointer  op,
                     GError   *error)
{
  vsm_op_release (op);
  g_task_return_error (task, error);
}

void
vsm_op_return_boolean (GTask    *task,
                       gpointer  op,
                       GError   *error)
{
  if (error != NULL)
    vsm_op_return_error (task, op, error);
  else
    {
      vsm_op_release (op);
      g_task_return_boolean (task, TRUE);
    }
}

void
vsm_op_return_pointer (GTask          *task,
                       gpointer        op,
                       gpointer        result,
                       GDestroyNotify  destroy,
                       GError         *error)
{
  vsm_op_release (op);
  if (error == NULL)
    {
      g_task_return_pointer (task, result, destroy);
      return;
    }
  if (result != NULL && destroy != NULL)
    destroy (result);
  g_task_return_error (task, error);
}

gboolean
vsm_op_finish_boolean (gpointer       source,
                       GAsyncResult  *result,
                       GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, source), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

gpointer
vsm_op_finish_pointer (gpointer       source,
                       GAsyncResult  *result,
                       GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, source), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

virStoragePoolPtr
vsm_op_lookup_pool (gpointer     data,
                    const char  *uuid,
                    GError     **error)
{
  VsmOp *op = data;
  virStoragePoolPtr pool = virStoragePoolLookupByUUIDString (op->conn, uuid);

  if (pool == NULL)
    vsm_error_set_from_virt (error, "Storage pool not found");
  return pool;
}

virStorageVolPtr
vsm_op_lookup_volume (gpointer     op,
                      const char  *pool_uuid,
                      const char  *name,
                      GError     **error)
{
  virStoragePoolPtr pool = vsm_op_lookup_pool (op, pool_uuid, error);
  virStorageVolPtr vol;

  if (pool == NULL)
    return NULL;
  vol = virStorageVolLookupByName (pool, name);
  if (vol == NULL)
    vsm_error_set_from_virt (error, "Volume not found");
  virStoragePoolFree (pool);
  return vol;
}

virDomainPtr
vsm_op_lookup_domain (gpointer     data,
                      const char  *uuid,
                      GError     **error)
{
  VsmOp *op = data;
  virDomainPtr dom = virDomainLookupByUUIDString (op->conn, uuid);

  if (dom == NULL)
    vsm_error_set_from_virt (error, "Domain not found");
  return dom;
}

gpointer
vsm_op_parse (char          *xml,
              VsmParseFunc   parse,
              const char    *unreadable,
              GError       **error)
{
  gpointer result = NULL;

  if (xml != NULL && (result = parse (xml)) == NULL)
    g_set_error_literal (error, VSM_ERROR, VSM_ERROR_FAILED, unreadable);
  free (xml);
  return result;
}
