/* vsm-connection-query.c
 *
 * VsmConnection, queries: one call, vsm_connection_query_async(), for
 * every read of libvirt's state that takes a pool, a domain or a name and
 * returns one result. Each kind is a worker in the facet it reads (pools,
 * domains, pool discovery, domain disks) and the free function of its
 * result; the task is made, run and returned here, once.
 *
 * Copyright 2026 Virt Storage developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vsm-connection"

#include "config.h"

#include <libxml/parser.h>

#include "vsm-connection-private.h"

typedef struct
{
  const char     *name;          /* the task's, for profilers and logs */
  VsmQueryFunc   *run;
  GDestroyNotify  free_result;
  gboolean        needs_uuid;
  gboolean        needs_name;
} QueryKind;

#define PTR_ARRAY ((GDestroyNotify) g_ptr_array_unref)

static const QueryKind query_kinds[] = {
  [VSM_QUERY_POOLS] = { "list-pools", _vsm_query_pools, PTR_ARRAY, FALSE, FALSE },
  [VSM_QUERY_POOL] = { "get-pool", _vsm_query_pool, (GDestroyNotify) vsm_pool_snapshot_free, TRUE, FALSE },
  [VSM_QUERY_POOL_TOTALS] = { "pool-totals", _vsm_query_pool_totals, g_free, TRUE, FALSE },
  [VSM_QUERY_VOLUME] = { "volume-lookup", _vsm_query_volume, (GDestroyNotify) vsm_volume_snapshot_free, TRUE, TRUE },
  [VSM_QUERY_XML] = { "pool-xml", _vsm_query_xml, g_free, TRUE, FALSE },
  [VSM_QUERY_DOMAINS] = { "list-domains", _vsm_query_domains, PTR_ARRAY, FALSE, FALSE },
  [VSM_QUERY_DISK_BUSES] = { "disk-buses", _vsm_query_disk_buses, (GDestroyNotify) g_strfreev, TRUE, FALSE },
  [VSM_QUERY_POOL_CAPABILITIES] = { "pool-capabilities", _vsm_query_pool_capabilities,
                                    (GDestroyNotify) g_hash_table_unref, FALSE, FALSE },
  [VSM_QUERY_POOL_SOURCES] = { "pool-find-sources", _vsm_query_pool_sources, PTR_ARRAY, FALSE, TRUE },
  [VSM_QUERY_HOST_DEVICES] = { "host-devices", _vsm_query_host_devices, PTR_ARRAY, FALSE, TRUE },
};

static void
query_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  OpData *op = task_data;
  const QueryKind *kind = &query_kinds[op->action];
  GError *error = NULL;
  gpointer result;

  if (vsm_op_return_if_cancelled (task, op))
    return;
  result = kind->run (op, cancellable, &error);
  vsm_op_return_pointer (task, op, result, kind->free_result, error);
}

/**
 * vsm_connection_query_async:
 * @query: what to read (see VsmQueryKind); copied
 *
 * Reads @query in a worker over libvirt's C API. Finish with
 * vsm_connection_query_finish().
 */
void
vsm_connection_query_async (VsmConnection       *self,
                            const VsmQuery      *query,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  const QueryKind *kind;
  const char *name;
  OpData *op = NULL;
  GTask *task;

  g_return_if_fail (VSM_IS_CONNECTION (self));
  g_return_if_fail (query != NULL && query->kind < G_N_ELEMENTS (query_kinds));
  kind = &query_kinds[query->kind];
  g_return_if_fail (!kind->needs_uuid || query->uuid != NULL);
  g_return_if_fail (!kind->needs_name || query->name != NULL);
  g_return_if_fail (query->kind != VSM_QUERY_HOST_DEVICES ||
                    g_str_equal (query->name, "storage") || g_str_equal (query->name, "scsi_host"));

  /* Several workers parse XML: libxml2 wants its one-time set-up done on
   * the main thread first (a no-op after the first call). */
  xmlInitParser ();

  name = query->kind == VSM_QUERY_XML && query->name != NULL ? "volume-xml" : kind->name;
  task = vsm_connection_op_new (self, vsm_connection_query_async, name, cancellable, callback,
                                user_data, &op);
  if (op != NULL)
    {
      op->action = query->kind;
      op->uuid = g_strdup (query->uuid);
      op->name = g_strdup (query->name);
      op->xml = g_strdup (query->xml);
      op->inactive = query->inactive;
    }
  vsm_op_run (task, query_thread);
}

/**
 * vsm_connection_query_finish:
 *
 * Returns: (transfer full) (nullable): what VsmQueryKind says of the
 * query's kind, or %NULL with @error set
 */
gpointer
vsm_connection_query_finish (VsmConnection  *self,
                             GAsyncResult   *result,
                             GError        **error)
{
  return vsm_op_finish_pointer (self, result, error);
}
