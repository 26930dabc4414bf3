/* vsm-connection-pools.c
 *
 * VsmConnection, pools: snapshots, listing, lookup and the pool and
 * volume XML (queries, see vsm-connection-query.c), and every pool
 * action, each in a worker over libvirt's C API.
 *
 * Copyright 2026 Virt Storage developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vsm-connection"

#include "config.h"

#include <glib/gi18n.h>
#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>
#include <string.h>

#include "vsm-connection-private.h"
#include "vsm-virt-error.h"

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

gpointer
_vsm_query_pools (OpData        *op,
                  GCancellable  *cancellable,
                  GError       **error)
{
  virStoragePoolPtr *pools = NULL;
  GPtrArray *snaps;
  int n;

  n = virConnectListAllStoragePools (op->head.conn, &pools, 0);
  if (n < 0)
    {
      vsm_error_set_from_virt (error, "Could not list storage pools");
      return NULL;
    }

  snaps = g_ptr_array_new_full (n, (GDestroyNotify) vsm_pool_snapshot_free);
  for (int i = 0; i < n; i++)
    {
      if (!g_cancellable_is_cancelled (cancellable))
        g_ptr_array_add (snaps, snapshot_pool (pools[i]));
      virStoragePoolFree (pools[i]);
    }
  free (pools);
  return snaps;
}

gpointer
_vsm_query_pool (OpData        *op,
                 GCancellable  *cancellable,
                 GError       **error)
{
  virStoragePoolPtr pool = vsm_op_lookup_pool (op, op->uuid, error);
  VsmPoolSnapshot *snap;

  if (pool == NULL)
    return NULL;
  snap = snapshot_pool (pool);
  virStoragePoolFree (pool);
  return snap;
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

static unsigned int
build_flags (VsmBuildMode mode)
{
  switch (mode)
    {
    case VSM_BUILD_NO_OVERWRITE: return VIR_STORAGE_POOL_BUILD_NO_OVERWRITE;
    case VSM_BUILD_OVERWRITE: return VIR_STORAGE_POOL_BUILD_OVERWRITE;
    case VSM_BUILD_NONE:
    case VSM_BUILD_DEFAULT:
    default: return VIR_STORAGE_POOL_BUILD_NEW;
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
  virStoragePoolPtr pool = vsm_op_lookup_pool (op, op->uuid, &error);
  int rc = -1;

  if (pool == NULL)
    {
      vsm_op_return_error (task, op, error);
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
      rc = op->build == VSM_BUILD_NONE ? 0 : virStoragePoolBuild (pool, build_flags (op->build));
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
    vsm_error_set_from_virt_conn (&error, op->head.conn, "Storage pool operation failed");
  virStoragePoolFree (pool);
  vsm_op_return_boolean (task, op, error);
}

/**
 * vsm_connection_pool_action_async:
 * @build: for VSM_POOL_ACTION_BUILD (ignored by the others):
 *   VSM_BUILD_NONE does nothing and succeeds; VSM_BUILD_DEFAULT passes no
 *   flag (fs: mkdir only, never mkfs; disk: label a blank disk),
 *   NO_OVERWRITE / OVERWRITE pass VIR_STORAGE_POOL_BUILD_NO_OVERWRITE /
 *   _OVERWRITE (fs: mkfs on a blank device / always). A build needs an
 *   inactive pool; an already formatted device under NO_OVERWRITE fails
 *   with VSM_ERROR_EXISTS.
 *
 * Every pool action runs in a worker through libvirt's C API, so that a
 * failure keeps libvirt's error code and domain (libvirt-gobject 4.0's
 * pool calls keep only the message).
 */
void
vsm_connection_pool_action_async (VsmConnection       *self,
                                  const char          *pool_uuid,
                                  VsmPoolAction        action,
                                  VsmBuildMode         build,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  OpData *op = NULL;
  GTask *task;

  g_return_if_fail (VSM_IS_CONNECTION (self));
  g_return_if_fail (pool_uuid != NULL);

  task = vsm_connection_op_new (self, vsm_connection_pool_action_async, vsm_pool_action_to_virsh (action),
                                cancellable, callback, user_data, &op);
  if (op != NULL)
    {
      op->uuid = g_strdup (pool_uuid);
      op->action = action;
      op->build = build;
    }
  vsm_op_run (task, raw_action_thread);
}

gboolean
vsm_connection_pool_action_finish (VsmConnection  *self,
                                   GAsyncResult   *result,
                                   GError        **error)
{
  return vsm_op_finish_boolean (self, result, error);
}

gpointer
_vsm_query_xml (OpData        *op,
                GCancellable  *cancellable,
                GError       **error)
{
  char *xml = NULL;

  if (op->name == NULL)
    {
      virStoragePoolPtr pool = vsm_op_lookup_pool (op, op->uuid, error);

      if (pool != NULL)
        {
          xml = virStoragePoolGetXMLDesc (pool, op->inactive ? VIR_STORAGE_XML_INACTIVE : 0);
          /* a driver that keeps one definition per pool (the test
           * driver) refuses the flag: that one is the next start's too */
          if (xml == NULL && op->inactive && virGetLastErrorCode () == VIR_ERR_INVALID_ARG)
            xml = virStoragePoolGetXMLDesc (pool, 0);
          if (xml == NULL)
            vsm_error_set_from_virt (error, "Could not read the pool XML");
        }
      if (pool != NULL)
        virStoragePoolFree (pool);
    }
  else
    {
      virStorageVolPtr vol = vsm_op_lookup_volume (op, op->uuid, op->name, error);

      if (vol != NULL && (xml = virStorageVolGetXMLDesc (vol, 0)) == NULL)
        vsm_error_set_from_virt (error, "Could not read the volume XML");
      if (vol != NULL)
        virStorageVolFree (vol);
    }
  return vsm_op_parse (xml, (VsmParseFunc) g_strdup, NULL, error);
}
