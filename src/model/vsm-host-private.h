/* vsm-host-private.h
 *
 * VsmHost is split like VsmConnection: vsm-host.c (connection, pools,
 * domains, pool operations) and vsm-host-volumes.c (volume loading, the
 * "used by" index, volume deletion) share the instance struct and these.
 *
 * Copyright 2026 Virt Storage developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "vsm-host.h"

G_BEGIN_DECLS

struct _VsmHost
{
  GObject        parent_instance;

  VsmConnection *connection;
  char          *title;
  VsmKeyedList  *pools;
  VsmKeyedList  *domains;
  GCancellable  *cancellable;

  GHashTable    *pending_pools;     /* uuid set awaiting a snapshot */
  guint          pool_event_source;
  guint          domain_event_source;
  GHashTable    *volume_loads;      /* uuid → VolumeLoad, the pool's running load */
  GHashTable    *load_retried;      /* uuids whose failed load was retried once */
  GQueue         totals_queue;      /* uuid strings */
  gboolean       totals_running;
  char          *totals_uuid;       /* the pool being summed */
  char          *foreground_uuid;   /* the pool whose volumes were asked for last */
  GCancellable  *totals_cancellable;
  gboolean       pools_loaded;

  /* "Which VMs use this volume": path → names, "pool\nvolume" → names */
  GHashTable    *users_by_path;
  GHashTable    *users_by_volume;
};

/* A pool's volume load (vsm_host_load_volumes). */
typedef struct
{
  GCancellable *cancellable;
  GHashTable   *names_seen;     /* the names batches so far (volume_batch_cb) */
} VolumeLoad;

void _vsm_host_volume_load_free      (VolumeLoad *load);
void _vsm_host_names_free            (gpointer    names);
void _vsm_host_rebuild_users_index   (VsmHost    *self);
void _vsm_host_update_all_users      (VsmHost    *self);
void _vsm_host_totals_yield          (VsmHost    *self,
                                      VsmPool    *loading);
void _vsm_host_totals_resume         (VsmHost    *self);
void _vsm_host_list_domains          (VsmHost    *self);
/* re-reads the pool @uuid; with @load_volumes, lists its volumes after */
void _vsm_host_refresh_pool_full     (VsmHost    *self,
                                      const char *uuid,
                                      gboolean    load_volumes);
void _vsm_host_refresh_pool_snapshot (VsmHost    *self,
                                      const char *uuid);
void _vsm_host_relist_pools          (VsmHost    *self);

G_END_DECLS
