/* vsm-bench.c
 *
 * Volume-listing benchmark against a real libvirtd (not a test; run it
 * through build-aux/bench, which also creates the workloads).
 *
 *   vsm-bench [--uri URI] [--runs N] --pool NAME      one big pool
 *   vsm-bench [--uri URI] [--runs N] --pools PREFIX   every pool NAME*
 *
 * The parent process runs every measurement N times, interleaved, each
 * in a fresh child process (so peak RSS is per run), and prints a
 * Markdown table with the medians:
 *
 *   - `virsh vol-list --details POOL`, wall time
 *   - the raw floor: ListAllVolumes, then GetInfo + GetXMLDesc for every
 *     volume, sequentially, on one connection
 *   - the best floor: ListAllVolumes, then GetXMLDesc only, on 1, 2, 3
 *     and 4 threads sharing one connection and on 2, 3 and 4 connections;
 *     the service's ratio is taken against the fastest of them in the
 *     same run; and, for the record, 3 threads with libvirt's event loop
 *     running (libvirt's own cost for a client that wants events)
 *   - the service: a VsmHost connected as the window does it; once the
 *     pool list and the background totals are done, vsm_host_load_volumes()
 *     and the time until the model holds every name (the first
 *     items-changed carrying them) and until every VsmVolume has details;
 *     the longest main-loop stall (largest gap between the callbacks of a
 *     1 ms timeout) and the longest batch callback (VsmHost's batch
 *     function, timed by wrapping vsm_connection_list_volumes_async() at
 *     link time with -Wl,--wrap); peak RSS (VmHWM)
 *
 * Copyright 2026 Virt Storage developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define _GNU_SOURCE   /* RUSAGE_THREAD */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>
#include <libvirt-gobject/libvirt-gobject.h>

#include "vsm-host.h"
#include "vsm-volume.h"
#include "vsm-event-loop.h"

static char *opt_uri = NULL;
static char *opt_pool = NULL;
static char *opt_pools = NULL;
static char *opt_child = NULL;
static int opt_runs = 3;
static int opt_expect = 0;

static GOptionEntry entries[] = {
  { "uri", 0, 0, G_OPTION_ARG_STRING, &opt_uri, "libvirt URI (qemu:///system)", "URI" },
  { "pool", 0, 0, G_OPTION_ARG_STRING, &opt_pool, "one pool to list", "NAME" },
  { "pools", 0, 0, G_OPTION_ARG_STRING, &opt_pools, "every pool whose name starts with PREFIX", "PREFIX" },
  { "runs", 0, 0, G_OPTION_ARG_INT, &opt_runs, "runs per measurement (3)", "N" },
  { "child", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_STRING, &opt_child, NULL, NULL },
  { "expect", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_INT, &opt_expect, NULL, NULL },
  { NULL }
};

static double
ms_since (gint64 t0)
{
  return (g_get_monotonic_time () - t0) / 1000.0;
}

static guint64
proc_status_kb (const char *field)
{
  g_autofree char *status = NULL;
  const char *p;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL))
    return 0;
  p = strstr (status, field);
  if (p == NULL)
    return 0;
  return g_ascii_strtoull (p + strlen (field) + 1, NULL, 10);
}

static void
silent_error (void       *data,
              virErrorPtr error)
{
}

static void
drop_log (const char     *domain,
          GLogLevelFlags  level,
          const char     *message,
          gpointer        data)
{
}

/* Pool names for the run: --pool NAME, or all NAME* for --pools. */
static GPtrArray *
pool_names (virConnectPtr conn)
{
  GPtrArray *names = g_ptr_array_new_with_free_func (g_free);
  virStoragePoolPtr *pools = NULL;
  int n;

  if (opt_pool != NULL)
    {
      g_ptr_array_add (names, g_strdup (opt_pool));
      return names;
    }
  n = virConnectListAllStoragePools (conn, &pools, VIR_CONNECT_LIST_STORAGE_POOLS_ACTIVE);
  if (n < 0)
    g_error ("virConnectListAllStoragePools: %s", virGetLastErrorMessage ());
  for (int i = 0; i < n; i++)
    {
      if (g_str_has_prefix (virStoragePoolGetName (pools[i]), opt_pools))
        g_ptr_array_add (names, g_strdup (virStoragePoolGetName (pools[i])));
      virStoragePoolFree (pools[i]);
    }
  free (pools);
  g_ptr_array_sort (names, (GCompareFunc) g_strcmp0);
  if (names->len == 0)
    g_error ("no active pool named %s*", opt_pools);
  return names;
}

/* ------------------------------------------------------------------ */
/* Child: the raw floor                                                */

static int
child_floor (void)
{
  virConnectPtr conn = virConnectOpen (opt_uri);
  g_autoptr(GPtrArray) names = NULL;
  guint total = 0;
  gint64 t0;

  if (conn == NULL)
    g_error ("virConnectOpen: %s", virGetLastErrorMessage ());
  names = pool_names (conn);

  t0 = g_get_monotonic_time ();
  for (guint p = 0; p < names->len; p++)
    {
      virStoragePoolPtr pool = virStoragePoolLookupByName (conn, g_ptr_array_index (names, p));
      virStorageVolPtr *vols = NULL;
      int n;

      if (pool == NULL)
        g_error ("no pool %s", (char *) g_ptr_array_index (names, p));
      n = virStoragePoolListAllVolumes (pool, &vols, 0);
      if (n < 0)
        g_error ("virStoragePoolListAllVolumes: %s", virGetLastErrorMessage ());
      for (int i = 0; i < n; i++)
        {
          virStorageVolInfo info;
          char *xml;

          if (virStorageVolGetInfo (vols[i], &info) < 0)
            g_error ("virStorageVolGetInfo: %s", virGetLastErrorMessage ());
          xml = virStorageVolGetXMLDesc (vols[i], 0);
          if (xml == NULL)
            g_error ("virStorageVolGetXMLDesc: %s", virGetLastErrorMessage ());
          free (xml);
          virStorageVolFree (vols[i]);
        }
      free (vols);
      virStoragePoolFree (pool);
      total += n;
    }
  printf ("RESULT floor_ms=%.1f n=%u hwm_kb=%" G_GUINT64_FORMAT "\n",
          ms_since (t0), total, proc_status_kb ("VmHWM:"));
  virConnectClose (conn);
  return 0;
}

/* Child: the best floor — what the service must do at least, with
 * nothing else: ListAllVolumes, then GetXMLDesc of every volume (the
 * XML holds everything GetInfo gives), spread over @threads threads,
 * either sharing one connection (as the service does) or each on a
 * connection of its own (which lists the pool itself and takes every
 * @threads-th volume: libvirt returns the same order). Connections are
 * opened before the clock starts, as the service's is. With
 * --event-loop, libvirt's event loop runs on a thread of its own, as in
 * any client that wants events (the app's vsm-libvirt thread): not a
 * floor, the part of the service's time that is libvirt's. */
typedef struct
{
  virConnectPtr      conn;        /* shared, or this thread's own */
  GPtrArray         *names;       /* pool names */
  virStorageVolPtr **vols;        /* shared: per pool, the listed volumes */
  int               *n_vols;
  gint              *next;        /* shared: per pool, the next volume to read */
  guint              index;       /* own connections: this thread */
  guint              threads;
  guint              done;
} FloorThread;

static gpointer
floor_xml_thread (gpointer data)
{
  FloorThread *t = data;

  for (guint p = 0; p < t->names->len; p++)
    {
      if (t->vols != NULL)
        {
          gint i;

          while ((i = g_atomic_int_add (&t->next[p], 1)) < t->n_vols[p])
            {
              char *xml = virStorageVolGetXMLDesc (t->vols[p][i], 0);

              if (xml == NULL)
                g_error ("virStorageVolGetXMLDesc: %s", virGetLastErrorMessage ());
              free (xml);
              t->done++;
            }
        }
      else
        {
          virStoragePoolPtr pool = virStoragePoolLookupByName (t->conn, g_ptr_array_index (t->names, p));
          virStorageVolPtr *vols = NULL;
          int n;

          if (pool == NULL)
            g_error ("no pool %s", (char *) g_ptr_array_index (t->names, p));
          n = virStoragePoolListAllVolumes (pool, &vols, 0);
          if (n < 0)
            g_error ("virStoragePoolListAllVolumes: %s", virGetLastErrorMessage ());
          for (int i = 0; i < n; i++)
            {
              if ((guint) i % t->threads == t->index)
                {
                  char *xml = virStorageVolGetXMLDesc (vols[i], 0);

                  if (xml == NULL)
                    g_error ("virStorageVolGetXMLDesc: %s", virGetLastErrorMessage ());
                  free (xml);
                  t->done++;
                }
              virStorageVolFree (vols[i]);
            }
          free (vols);
          virStoragePoolFree (pool);
        }
    }
  return NULL;
}

static gpointer
event_loop_thread (gpointer data)
{
  for (;;)
    virEventRunDefaultImpl ();
  return NULL;
}

static int
child_floor_xml (guint    threads,
                 gboolean own_connections,
                 gboolean event_loop)
{
  virConnectPtr shared = NULL;
  g_autoptr(GPtrArray) names = NULL;
  g_autofree FloorThread *t = g_new0 (FloorThread, threads);
  g_autofree GThread **th = g_new0 (GThread *, threads);
  virStorageVolPtr **vols = NULL;
  int *n_vols = NULL;
  gint *next = NULL;
  guint total = 0;
  gint64 t0;

  if (event_loop)
    {
      virEventRegisterDefaultImpl ();
      g_thread_unref (g_thread_new ("event-loop", event_loop_thread, NULL));
    }
  shared = virConnectOpen (opt_uri);
  if (shared == NULL)
    g_error ("virConnectOpen: %s", virGetLastErrorMessage ());
  names = pool_names (shared);
  for (guint i = 0; i < threads; i++)
    {
      t[i].conn = own_connections ? (i == 0 ? shared : virConnectOpen (opt_uri)) : shared;
      if (t[i].conn == NULL)
        g_error ("virConnectOpen: %s", virGetLastErrorMessage ());
      t[i].names = names;
      t[i].index = i;
      t[i].threads = threads;
    }

  t0 = g_get_monotonic_time ();
  if (!own_connections)
    {
      vols = g_new0 (virStorageVolPtr *, names->len);
      n_vols = g_new0 (int, names->len);
      next = g_new0 (gint, names->len);
      for (guint p = 0; p < names->len; p++)
        {
          virStoragePoolPtr pool = virStoragePoolLookupByName (shared, g_ptr_array_index (names, p));

          if (pool == NULL)
            g_error ("no pool %s", (char *) g_ptr_array_index (names, p));
          n_vols[p] = virStoragePoolListAllVolumes (pool, &vols[p], 0);
          if (n_vols[p] < 0)
            g_error ("virStoragePoolListAllVolumes: %s", virGetLastErrorMessage ());
          virStoragePoolFree (pool);
        }
      for (guint i = 0; i < threads; i++)
        {
          t[i].vols = vols;
          t[i].n_vols = n_vols;
          t[i].next = next;
        }
    }
  for (guint i = 0; i < threads; i++)
    th[i] = g_thread_new ("floor", floor_xml_thread, &t[i]);
  for (guint i = 0; i < threads; i++)
    {
      g_thread_join (th[i]);
      total += t[i].done;
    }
  printf ("RESULT floor_ms=%.1f n=%u\n", ms_since (t0), total);

  for (guint p = 0; vols != NULL && p < names->len; p++)
    {
      for (int i = 0; i < n_vols[p]; i++)
        virStorageVolFree (vols[p][i]);
      free (vols[p]);
    }
  g_free (vols);
  g_free (n_vols);
  g_free (next);
  for (guint i = 1; own_connections && i < threads; i++)
    virConnectClose (t[i].conn);
  virConnectClose (shared);
  return 0;
}

/* Child: the raw floor of a pool list, as the service snapshots it. */
static int
child_pools_floor (void)
{
  virConnectPtr conn = virConnectOpen (opt_uri);
  virStoragePoolPtr *pools = NULL;
  gint64 t0;
  int n;

  if (conn == NULL)
    g_error ("virConnectOpen: %s", virGetLastErrorMessage ());
  t0 = g_get_monotonic_time ();
  n = virConnectListAllStoragePools (conn, &pools, 0);
  for (int i = 0; i < n; i++)
    {
      virStoragePoolInfo info;
      char *xml;

      virStoragePoolGetInfo (pools[i], &info);
      xml = virStoragePoolGetXMLDesc (pools[i], 0);
      free (xml);
      virStoragePoolFree (pools[i]);
    }
  free (pools);
  printf ("RESULT pools_floor_ms=%.1f n=%d\n", ms_since (t0), n);
  virConnectClose (conn);
  return 0;
}

/* ------------------------------------------------------------------ */
/* Child: the service                                                  */

/* Link-time wrapper (-Wl,--wrap=vsm_connection_list_volumes_async):
 * VsmHost's batch function is called through timed_batch(). */
void __real_vsm_connection_list_volumes_async (VsmConnection       *self,
                                               const char          *pool_uuid,
                                               GObject             *batch_target,
                                               VsmVolumeBatchFunc   batch_func,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data);
void __wrap_vsm_connection_list_volumes_async (VsmConnection       *self,
                                               const char          *pool_uuid,
                                               GObject             *batch_target,
                                               VsmVolumeBatchFunc   batch_func,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data);

static VsmVolumeBatchFunc real_batch_func;

static struct
{
  gboolean measuring;
  gint64   last_tick;
  gint64   max_gap;        /* µs */
  guint    n_long_gaps;    /* gaps over 16 ms */
  guint    n_ticks;
  gint64   max_batch;      /* µs, any batch */
  gint64   names_batch;    /* µs, the names-only batch (largest) */
  guint    n_batches;
  gint64   batch_sum;      /* µs in batch callbacks since the last tick */
  guint    batch_count;    /* batch callbacks since the last tick */
  gint64   stall_batch;    /* µs in batch callbacks during the longest stall */
  guint    stall_batches;  /* batch callbacks during the longest stall */
  gint64   poll_out;       /* when poll() last returned */
  gint64   dispatch_max;   /* µs, longest time outside poll() since the last tick */
  gint64   overshoot_max;  /* µs, longest poll() overrun of its timeout since the last tick */
  gint64   poll_out_cpu;   /* thread CPU time then */
  struct rusage poll_out_ru;
  gint64   spell_cpu;      /* for the longest busy spell since the last tick: */
  long     spell_vcsw;     /*   CPU time, voluntary and involuntary switches */
  long     spell_ivcsw;
  gint64   stall_cpu;
  long     stall_vcsw;
  long     stall_ivcsw;
  gint64   iter_cpu_max;   /* µs, most main-thread CPU time between two polls */
  gint64   batch_cpu_max;  /* µs, most CPU time in one batch callback */
  gint64   stall_dispatch;
  gint64   stall_overshoot;
  gint64   t0;
  gint64   t_names;
  guint    expected;
} m;

static gint64
thread_cpu_us (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
  return (gint64) ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

static void
timed_batch (GObject    *target,
             const char *pool_uuid,
             GPtrArray  *batch,
             gboolean    names_only)
{
  gint64 t0 = g_get_monotonic_time ();
  gint64 c0 = thread_cpu_us ();
  gint64 dt;

  real_batch_func (target, pool_uuid, batch, names_only);
  dt = g_get_monotonic_time () - t0;
  if (!m.measuring)
    return;
  m.batch_cpu_max = MAX (m.batch_cpu_max, thread_cpu_us () - c0);
  m.max_batch = MAX (m.max_batch, dt);
  if (names_only)
    m.names_batch = MAX (m.names_batch, dt);
  m.n_batches++;
  m.batch_sum += dt;
  m.batch_count++;
}

void
__wrap_vsm_connection_list_volumes_async (VsmConnection       *self,
                                          const char          *pool_uuid,
                                          GObject             *batch_target,
                                          VsmVolumeBatchFunc   batch_func,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data)
{
  g_assert (real_batch_func == NULL || real_batch_func == batch_func);
  real_batch_func = batch_func;
  __real_vsm_connection_list_volumes_async (self, pool_uuid, batch_target, timed_batch,
                                            cancellable, callback, user_data);
}

static gboolean
tick_cb (gpointer data)
{
  gint64 now = g_get_monotonic_time ();

  if (m.measuring && m.last_tick != 0)
    {
      m.n_ticks++;
      if (now - m.last_tick > 16000)
        m.n_long_gaps++;
    }
  if (m.measuring && m.last_tick != 0 && now - m.last_tick > m.max_gap)
    {
      m.max_gap = now - m.last_tick;
      m.stall_batch = m.batch_sum;
      m.stall_batches = m.batch_count;
      m.stall_dispatch = MAX (m.dispatch_max, now - m.poll_out);
      m.stall_overshoot = m.overshoot_max;
      m.stall_cpu = m.spell_cpu;
      m.stall_vcsw = m.spell_vcsw;
      m.stall_ivcsw = m.spell_ivcsw;
    }
  m.dispatch_max = 0;
  m.overshoot_max = 0;
  m.last_tick = now;
  m.batch_sum = 0;
  m.batch_count = 0;
  return G_SOURCE_CONTINUE;
}

/* Wraps poll() to tell a busy main thread (time outside poll) from a
 * late wake-up (poll returning later than its timeout asked). */
static gint
timed_poll (GPollFD *fds,
            guint    nfds,
            gint     timeout)
{
  gint64 in = g_get_monotonic_time ();
  gint rc;

  if (m.measuring && m.poll_out != 0)
    m.iter_cpu_max = MAX (m.iter_cpu_max, thread_cpu_us () - m.poll_out_cpu);
  if (m.poll_out != 0 && in - m.poll_out > m.dispatch_max)
    {
      struct rusage ru;

      getrusage (RUSAGE_THREAD, &ru);
      m.dispatch_max = in - m.poll_out;
      m.spell_cpu = thread_cpu_us () - m.poll_out_cpu;
      m.spell_vcsw = ru.ru_nvcsw - m.poll_out_ru.ru_nvcsw;
      m.spell_ivcsw = ru.ru_nivcsw - m.poll_out_ru.ru_nivcsw;
    }
  rc = g_poll (fds, nfds, timeout);
  m.poll_out = g_get_monotonic_time ();
  m.poll_out_cpu = thread_cpu_us ();
  getrusage (RUSAGE_THREAD, &m.poll_out_ru);
  if (timeout >= 0)
    m.overshoot_max = MAX (m.overshoot_max, m.poll_out - in - (gint64) timeout * 1000);
  return rc;
}

static void
items_changed_cb (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  gpointer    data)
{
  if (m.measuring && m.t_names == 0 && added > 0 &&
      g_list_model_get_n_items (model) >= m.expected)
    m.t_names = g_get_monotonic_time ();
}

static void
iterate (void)
{
  g_main_context_iteration (NULL, TRUE);
}

#define WAIT_FOR(cond, msec, what)                                            \
  G_STMT_START {                                                              \
    gint64 _deadline = g_get_monotonic_time () + (gint64) (msec) * 1000;      \
    while (!(cond))                                                           \
      {                                                                       \
        if (g_get_monotonic_time () > _deadline)                              \
          g_error ("timed out after %d ms waiting for %s", (int) (msec), what); \
        iterate ();                                                           \
      }                                                                       \
  } G_STMT_END

static gboolean
totals_done (VsmHost *host)
{
  VsmKeyedList *pools = vsm_host_get_pools (host);
  guint n = vsm_keyed_list_get_n_items (pools);

  for (guint i = 0; i < n; i++)
    {
      VsmPool *pool = vsm_keyed_list_get (pools, i);
      if (vsm_pool_get_active (pool) && !vsm_pool_get_totals_known (pool))
        return FALSE;
    }
  return TRUE;
}

static gboolean
all_details (VsmPool *pool)
{
  VsmKeyedList *vols = vsm_pool_get_volumes (pool);
  guint n = vsm_keyed_list_get_n_items (vols);

  for (guint i = 0; i < n; i++)
    if (!vsm_volume_get_has_details (vsm_keyed_list_get (vols, i)))
      return FALSE;
  return TRUE;
}

static void
store_result (GObject      *source,
              GAsyncResult *result,
              gpointer      data)
{
  *(GAsyncResult **) data = g_object_ref (result);
}

static int
child_service (void)
{
  g_autoptr(VsmHost) host = NULL;
  VsmConnection *conn;
  g_autoptr(GPtrArray) names = NULL;
  g_autoptr(GAsyncResult) list_result = NULL;
  g_autoptr(GPtrArray) snaps = NULL;
  g_autoptr(GError) error = NULL;
  double total_ms = 0, max_names_ms = 0, max_full_ms = 0, list_ms;
  guint total = 0;
  guint64 rss_before;
  gint64 t_list;

  /* libvirt events and the close callback on the GLib main loop, as in
   * the application. */
  if (!vsm_libvirt_init (NULL))
    g_error ("libvirt could not be initialised");
  host = vsm_host_new (opt_uri);
  conn = vsm_host_get_connection (host);
  g_timeout_add (1, tick_cb, NULL);
  g_main_context_set_poll_func (NULL, timed_poll);

  vsm_host_connect (host);
  WAIT_FOR (vsm_connection_get_state (conn) == VSM_CONNECTION_STATE_CONNECTED ||
            vsm_connection_get_state (conn) == VSM_CONNECTION_STATE_FAILED, 30000, "the connection");
  if (vsm_connection_get_state (conn) != VSM_CONNECTION_STATE_CONNECTED)
    g_error ("cannot connect: %s", vsm_connection_get_error_message (conn));
  WAIT_FOR (vsm_host_get_pools_loaded (host), 30000, "the pool list");
  /* The host sums the capacities of every active pool in the background
   * (ListAllVolumes + GetInfo per volume): let it finish first. */
  WAIT_FOR (totals_done (host), 300000, "the background totals");

  /* The pool list once more, timed on its own. */
  t_list = g_get_monotonic_time ();
  vsm_connection_query_async (conn, &(VsmQuery) { .kind = VSM_QUERY_POOLS }, NULL, store_result,
                              &list_result);
  WAIT_FOR (list_result != NULL, 30000, "list_pools");
  snaps = vsm_connection_query_finish (conn, list_result, &error);
  g_assert_no_error (error);
  list_ms = ms_since (t_list);

  {
    virConnectPtr raw = virConnectOpen (opt_uri);
    names = pool_names (raw);
    virConnectClose (raw);
  }

  rss_before = proc_status_kb ("VmRSS:");
  for (guint p = 0; p < names->len; p++)
    {
      VsmPool *pool = vsm_host_find_pool_by_name (host, g_ptr_array_index (names, p));
      VsmKeyedList *vols;
      gulong id;
      double names_ms, full_ms;

      if (pool == NULL)
        g_error ("no pool %s in the model", (char *) g_ptr_array_index (names, p));
      vols = vsm_pool_get_volumes (pool);
      id = g_signal_connect (vols, "items-changed", G_CALLBACK (items_changed_cb), NULL);

      m.expected = names->len == 1 && opt_expect > 0 ? (guint) opt_expect : 1;
      m.t_names = 0;
      m.last_tick = 0;
      m.t0 = g_get_monotonic_time ();
      m.measuring = TRUE;
      vsm_host_load_volumes (host, pool);
      WAIT_FOR (vsm_pool_get_volumes_loaded (pool) && !vsm_pool_get_volumes_loading (pool),
                600000, "the volumes");
      WAIT_FOR (all_details (pool), 60000, "every volume's details");
      full_ms = ms_since (m.t0);
      m.measuring = FALSE;
      g_signal_handler_disconnect (vols, id);

      names_ms = m.t_names != 0 ? (m.t_names - m.t0) / 1000.0 : -1;
      total_ms += full_ms;
      max_names_ms = MAX (max_names_ms, names_ms);
      max_full_ms = MAX (max_full_ms, full_ms);
      total += vsm_keyed_list_get_n_items (vols);
    }

  printf ("RESULT names_ms=%.1f full_ms=%.1f max_full_ms=%.1f stall_ms=%.1f long_gaps=%u ticks=%u batch_max_ms=%.1f "
          "names_batch_ms=%.1f batches=%u stall_batch_ms=%.1f stall_batches=%u stall_dispatch_ms=%.1f stall_overshoot_ms=%.1f stall_cpu_ms=%.1f stall_vcsw=%ld stall_ivcsw=%ld iter_cpu_max_ms=%.1f batch_cpu_max_ms=%.1f n=%u hwm_kb=%" G_GUINT64_FORMAT " rss_before_kb=%" G_GUINT64_FORMAT
          " list_pools_ms=%.1f n_pools=%u\n",
          max_names_ms, total_ms, max_full_ms, m.max_gap / 1000.0, m.n_long_gaps, m.n_ticks, m.max_batch / 1000.0,
          m.names_batch / 1000.0, m.n_batches, m.stall_batch / 1000.0, m.stall_batches,
          m.stall_dispatch / 1000.0, m.stall_overshoot / 1000.0,
          m.stall_cpu / 1000.0, m.stall_vcsw, m.stall_ivcsw,
          m.iter_cpu_max / 1000.0, m.batch_cpu_max / 1000.0, total, proc_status_kb ("VmHWM:"), rss_before,
          list_ms, snaps->len);
  fflush (stdout);
  return 0;
}

/* ------------------------------------------------------------------ */
/* Parent                                                              */

typedef GHashTable Result;   /* key → double */

static Result *
parse_result (const char *out)
{
  Result *r = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  const char *line = strstr (out, "RESULT ");
  g_auto(GStrv) fields = NULL;

  if (line == NULL)
    g_error ("no RESULT line in:\n%s", out);
  {
    g_autofree char *copy = g_strndup (line + 7, strcspn (line + 7, "\n"));
    fields = g_strsplit (copy, " ", -1);
  }
  for (guint i = 0; fields[i] != NULL; i++)
    {
      char *eq = strchr (fields[i], '=');
      double *v;

      if (eq == NULL)
        continue;
      *eq = '\0';
      v = g_new (double, 1);
      *v = g_ascii_strtod (eq + 1, NULL);
      g_hash_table_insert (r, g_strdup (fields[i]), v);
    }
  return r;
}

static double
get (Result     *r,
     const char *key)
{
  double *v = g_hash_table_lookup (r, key);

  if (v == NULL)
    g_error ("no %s in result", key);
  return *v;
}

static const char *self_exe;

static Result *
run_child (const char *mode)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  int status;

  g_ptr_array_add (argv, g_strdup (self_exe));
  g_ptr_array_add (argv, g_strdup_printf ("--child=%s", mode));
  g_ptr_array_add (argv, g_strdup_printf ("--uri=%s", opt_uri));
  if (opt_pool != NULL)
    g_ptr_array_add (argv, g_strdup_printf ("--pool=%s", opt_pool));
  else
    g_ptr_array_add (argv, g_strdup_printf ("--pools=%s", opt_pools));
  g_ptr_array_add (argv, g_strdup_printf ("--expect=%d", opt_expect));
  g_ptr_array_add (argv, NULL);

  if (!g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                     &out, &err, &status, &error))
    g_error ("spawn: %s", error->message);
  if (!g_spawn_check_wait_status (status, &error))
    g_error ("vsm-bench --child=%s failed: %s\n%s", mode, error->message, err);
  return parse_result (out);
}

/* Wall time of a command, its output discarded; returns the number of
 * non-empty output lines in *lines. */
static double
time_cmd (const char * const *argv,
          guint              *lines)
{
  g_autofree char *out = NULL;
  g_autoptr(GError) error = NULL;
  int status;
  gint64 t0 = g_get_monotonic_time ();
  double ms;

  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL,
                     NULL, NULL, &out, NULL, &status, &error))
    g_error ("spawn %s: %s", argv[0], error->message);
  ms = ms_since (t0);
  if (!g_spawn_check_wait_status (status, &error))
    g_error ("%s %s failed: %s", argv[0], argv[3], error->message);
  if (lines != NULL)
    {
      g_auto(GStrv) l = g_strsplit (out, "\n", -1);
      *lines = 0;
      for (guint i = 0; l[i] != NULL; i++)
        if (*g_strstrip (l[i]) != '\0')
          (*lines)++;
    }
  return ms;
}

static int
cmp_double (gconstpointer a,
            gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return (x > y) - (x < y);
}

static double
median (const double *v,
        int           n)
{
  g_autofree double *s = g_memdup2 (v, sizeof (double) * n);

  qsort (s, n, sizeof (double), (int (*) (const void *, const void *)) cmp_double);
  return n % 2 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
}

/* One table row: the runs, the median in bold, the target and whether the
 * median meets it (target_label NULL: no target). */
static void
row (const char   *label,
     const double *v,
     int           n,
     int           decimals,
     const char   *suffix,
     double        target,
     const char   *target_label)
{
  double med = median (v, n);
  g_autoptr(GString) s = g_string_new ("| ");
  char buf[64];

  g_string_append_printf (s, "%s |", label);
  for (int i = 0; i < n; i++)
    {
      g_snprintf (buf, sizeof buf, "%.*f%s", decimals, v[i], suffix);
      g_string_append_printf (s, " %s |", buf);
    }
  g_snprintf (buf, sizeof buf, "%.*f%s", decimals, med, suffix);
  g_string_append_printf (s, " **%s** |", buf);
  if (target_label != NULL)
    g_string_append_printf (s, " %s | %s |", target_label, med <= target ? "met" : "**MISSED**");
  else
    g_string_append (s, " | |");
  printf ("%s\n", s->str);
}

static void
header (int n)
{
  printf ("| measurement |");
  for (int i = 0; i < n; i++)
    printf (" run %d |", i + 1);
  printf (" median | target | |\n|---|");
  for (int i = 0; i < n; i++)
    printf ("---:|");
  printf ("---:|---|---|\n");
}

#define COLLECT(arr, results, key) \
  for (int _i = 0; _i < runs; _i++) arr[_i] = get (results[_i], key)

static int
parent (void)
{
  int runs = CLAMP (opt_runs, 1, 9);
  Result *floor_r[9], *svc_r[9], *pfloor_r[9] = { 0 };
  /* the best-floor variants: GetXMLDesc only on 1-4 threads sharing one
   * connection, and on 2-4 connections of their own */
  static const char *const xml_floors[] = {
    "floor-xml-1", "floor-xml-2", "floor-xml-3", "floor-xml-4",
    "floor-xml-conns-2", "floor-xml-conns-3", "floor-xml-conns-4",
  };
  static const char *const xml_floor_labels[] = {
    "floor: GetXMLDesc only, 1 thread (ms)", "floor: GetXMLDesc only, 2 threads, one connection (ms)",
    "floor: GetXMLDesc only, 3 threads, one connection (ms)", "floor: GetXMLDesc only, 4 threads, one connection (ms)",
    "floor: GetXMLDesc only, 2 connections (ms)", "floor: GetXMLDesc only, 3 connections (ms)",
    "floor: GetXMLDesc only, 4 connections (ms)",
  };
  Result *xml_r[G_N_ELEMENTS (xml_floors)][9];
  Result *evloop_r[9];
  double best[9];
  double virsh_ms[9], vpools_ms[9], v[9];
  virConnectPtr conn;
  g_autoptr(GPtrArray) names = NULL;
  guint virsh_lines = 0;
  gint64 t_start = g_get_monotonic_time ();

  conn = virConnectOpen (opt_uri);
  if (conn == NULL)
    g_error ("virConnectOpen %s: %s", opt_uri, virGetLastErrorMessage ());
  names = pool_names (conn);
  virConnectClose (conn);

  for (int r = 0; r < runs; r++)
    {
      double ms = 0;
      guint lines = 0;

      fprintf (stderr, "[vsm-bench] run %d/%d: virsh", r + 1, runs);
      for (guint p = 0; p < names->len; p++)
        {
          const char *argv[] = { "virsh", "-c", opt_uri, "-q", "vol-list", "--details",
                                 g_ptr_array_index (names, p), NULL };
          guint l;
          ms += time_cmd (argv, &l);
          lines += l;
        }
      virsh_ms[r] = ms;
      virsh_lines = lines;
      if (opt_expect == 0)
        opt_expect = (int) lines;
      if (opt_pools != NULL)
        {
          const char *argv[] = { "virsh", "-c", opt_uri, "-q", "pool-list", "--all", "--details", NULL };
          vpools_ms[r] = time_cmd (argv, NULL);
          pfloor_r[r] = run_child ("pools-floor");
        }
      fprintf (stderr, " %.0f ms, floor", virsh_ms[r]);
      floor_r[r] = run_child ("floor");
      fprintf (stderr, " %.0f ms, best floor", get (floor_r[r], "floor_ms"));
      best[r] = G_MAXDOUBLE;
      for (guint f = 0; f < G_N_ELEMENTS (xml_floors); f++)
        {
          xml_r[f][r] = run_child (xml_floors[f]);
          if ((guint) get (xml_r[f][r], "n") != virsh_lines)
            g_error ("%s listed %.0f volumes, virsh %u", xml_floors[f], get (xml_r[f][r], "n"), virsh_lines);
          best[r] = MIN (best[r], get (xml_r[f][r], "floor_ms"));
        }
      evloop_r[r] = run_child ("floor-xml-evloop-3");
      fprintf (stderr, " %.0f ms, service", best[r]);
      svc_r[r] = run_child ("service");
      fprintf (stderr, " %.0f ms\n", get (svc_r[r], "full_ms"));
      if ((guint) get (svc_r[r], "n") != virsh_lines || (guint) get (floor_r[r], "n") != virsh_lines)
        g_error ("volume counts differ: virsh %u, floor %.0f, service %.0f",
                 virsh_lines, get (floor_r[r], "n"), get (svc_r[r], "n"));
    }

  if (opt_pool != NULL)
    printf ("\n### Pool `%s`: %u volumes\n\n", opt_pool, virsh_lines);
  else
    printf ("\n### %u pools `%s*`: %u volumes in all\n\n", names->len, opt_pools, virsh_lines);
  header (runs);

  if (opt_pools != NULL)
    {
      printf ("| **pool list** (all %.0f pools on the host) | | | | | | |\n", get (svc_r[0], "n_pools"));
      row ("`virsh pool-list --all --details` (ms)", vpools_ms, runs, 1, "", 0, NULL);
      COLLECT (v, pfloor_r, "pools_floor_ms");
      row ("raw floor: ListAllStoragePools + GetInfo + GetXMLDesc (ms)", v, runs, 1, "", 0, NULL);
      COLLECT (v, svc_r, "list_pools_ms");
      row ("service: `vsm_connection_query_async` of the pools (ms)", v, runs, 1, "", 0, NULL);
      printf ("| **volumes of every pool, one pool after the other** | | | | | | |\n");
    }

  row (opt_pools ? "`virsh vol-list --details` for each pool (ms)" : "`virsh vol-list --details` (ms)",
       virsh_ms, runs, 0, "", 0, NULL);
  COLLECT (v, floor_r, "floor_ms");
  row ("raw floor: ListAllVolumes + GetInfo + GetXMLDesc per volume, sequential (ms)", v, runs, 0, "", 0, NULL);
  for (guint f = 0; f < G_N_ELEMENTS (xml_floors); f++)
    {
      COLLECT (v, xml_r[f], "floor_ms");
      row (xml_floor_labels[f], v, runs, 0, "", 0, NULL);
    }
  row ("**best floor**: the fastest of the GetXMLDesc floors in each run (ms)", best, runs, 0, "", 0, NULL);
  COLLECT (v, evloop_r, "floor_ms");
  row ("libvirt's part: 3 threads, one connection, with libvirt's event loop running (ms)", v, runs, 0, "", 0, NULL);
  COLLECT (v, svc_r, "names_ms");
  row (opt_pools ? "service: all names in the model, slowest pool (ms)" : "service: all names in the model (ms)",
       v, runs, 1, "", 100, "≤ 100 ms");
  COLLECT (v, svc_r, "full_ms");
  row (opt_pools ? "service: every pool fully populated, total (ms)" : "service: fully populated, all details (ms)",
       v, runs, 0, "", 0, NULL);
  for (int r = 0; r < runs; r++)
    v[r] = get (svc_r[r], "full_ms") / best[r];
  row ("service full / best floor", v, runs, 2, "×", 1.1, "≤ 1.1×");
  for (int r = 0; r < runs; r++)
    v[r] = get (svc_r[r], "full_ms") / get (evloop_r[r], "floor_ms");
  row ("service full / the same floor with libvirt's event loop", v, runs, 2, "×", 0, NULL);
  COLLECT (v, svc_r, "stall_ms");
  row ("longest main-loop stall (gap of a 1 ms timeout, ms)", v, runs, 1, "", 16, "≤ 16 ms");
  COLLECT (v, svc_r, "long_gaps");
  row ("… number of gaps over 16 ms during the load", v, runs, 0, "", 0, NULL);
  COLLECT (v, svc_r, "stall_batch_ms");
  row ("… of which in batch callbacks (ms)", v, runs, 1, "", 0, NULL);
  COLLECT (v, svc_r, "stall_batches");
  row ("… batch callbacks dispatched during that stall", v, runs, 0, "", 0, NULL);
  COLLECT (v, svc_r, "stall_dispatch_ms");
  row ("… longest main-thread busy spell in it (outside poll, ms)", v, runs, 1, "", 0, NULL);
  COLLECT (v, svc_r, "stall_cpu_ms");
  row ("… main-thread CPU time in that spell (ms)", v, runs, 1, "", 0, NULL);
  COLLECT (v, svc_r, "stall_vcsw");
  row ("… times the main thread blocked in it (voluntary switches)", v, runs, 0, "", 0, NULL);
  COLLECT (v, svc_r, "stall_ivcsw");
  row ("… times it was preempted in it (involuntary switches)", v, runs, 0, "", 0, NULL);
  COLLECT (v, svc_r, "stall_overshoot_ms");
  row ("… longest late wake-up in it (poll past its timeout, ms)", v, runs, 1, "", 0, NULL);
  COLLECT (v, svc_r, "iter_cpu_max_ms");
  row ("most main-thread CPU time in one main-loop iteration (ms)", v, runs, 1, "", 0, NULL);
  COLLECT (v, svc_r, "batch_cpu_max_ms");
  row ("most CPU time in one batch callback (ms)", v, runs, 1, "", 0, NULL);
  COLLECT (v, svc_r, "batch_max_ms");
  row ("longest batch callback (ms)", v, runs, 1, "", 16, "≤ 16 ms");
  COLLECT (v, svc_r, "names_batch_ms");
  row ("names-only batch callback (ms)", v, runs, 1, "", 0, NULL);
  COLLECT (v, svc_r, "batches");
  row ("batch callbacks", v, runs, 0, "", 0, NULL);
  COLLECT (v, svc_r, "rss_before_kb");
  for (int r = 0; r < runs; r++)
    v[r] /= 1024.0;
  row ("RSS after connecting, before the load (MiB)", v, runs, 1, "", 0, NULL);
  COLLECT (v, svc_r, "hwm_kb");
  for (int r = 0; r < runs; r++)
    v[r] /= 1024.0;
  row ("peak RSS, VmHWM (MiB)", v, runs, 1, "", 80, "≤ 80 MB");

  printf ("\n(%d runs, each measurement in a fresh process; benchmark time %.0f s)\n",
          runs, ms_since (t_start) / 1000.0);

  for (int r = 0; r < runs; r++)
    {
      g_hash_table_unref (floor_r[r]);
      g_hash_table_unref (evloop_r[r]);
      for (guint f = 0; f < G_N_ELEMENTS (xml_floors); f++)
        g_hash_table_unref (xml_r[f][r]);
      g_hash_table_unref (svc_r[r]);
      if (pfloor_r[r] != NULL)
        g_hash_table_unref (pfloor_r[r]);
    }
  return 0;
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GOptionContext) ctx = g_option_context_new ("- volume listing benchmark");
  g_autoptr(GError) error = NULL;

  g_option_context_add_main_entries (ctx, entries, NULL);
  if (!g_option_context_parse (ctx, &argc, &argv, &error))
    {
      fprintf (stderr, "%s\n", error->message);
      return 2;
    }
  if ((opt_pool == NULL) == (opt_pools == NULL))
    {
      fprintf (stderr, "give exactly one of --pool NAME or --pools PREFIX\n");
      return 2;
    }
  if (opt_uri == NULL)
    opt_uri = g_strdup ("qemu:///system");
  self_exe = "/proc/self/exe";
  virSetErrorFunc (NULL, silent_error);
  g_log_set_handler (NULL, G_LOG_LEVEL_DEBUG, drop_log, NULL);

  if (opt_child == NULL)
    {
      g_autofree char *exe = g_file_read_link ("/proc/self/exe", NULL);
      self_exe = exe;
      return parent ();
    }
  if (g_str_equal (opt_child, "floor"))
    return child_floor ();
  if (g_str_has_prefix (opt_child, "floor-xml-conns-"))
    return child_floor_xml (atoi (opt_child + strlen ("floor-xml-conns-")), TRUE, FALSE);
  if (g_str_has_prefix (opt_child, "floor-xml-evloop-"))
    return child_floor_xml (atoi (opt_child + strlen ("floor-xml-evloop-")), FALSE, TRUE);
  if (g_str_has_prefix (opt_child, "floor-xml-"))
    return child_floor_xml (atoi (opt_child + strlen ("floor-xml-")), FALSE, FALSE);
  if (g_str_equal (opt_child, "pools-floor"))
    return child_pools_floor ();
  if (g_str_equal (opt_child, "service"))
    return child_service ();
  fprintf (stderr, "unknown child mode %s\n", opt_child);
  return 2;
}
