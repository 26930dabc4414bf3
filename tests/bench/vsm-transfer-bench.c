/* vsm-transfer-bench.c
 *
 * One upload or download through vsm_volume_job_async(), driven from a GLib main loop the way the
 * app drives it, with a 1 ms timeout that records the longest gap between
 * two main-loop wake-ups (the worst stall a window would see).
 * Used by build-aux/bench-transfer; not a test.
 *
 * Usage: vsm-transfer-bench URI POOL-UUID VOLUME upload|download FILE [--sparse]
 * Prints one line:
 *   bytes=N secs=S mbps=M max_stall_ms=T p99_stall_ms=T busy_ms=C gap_cpu_ms=C progress_calls=P
 *   main_cpu_ms=C main_switches=W
 * busy_ms is the most CPU time the main thread itself used within one gap
 * between two ticks: what the app did while the loop was late (a gap with
 * an idle main thread is the scheduler waking it late, not the app).
 * main_cpu_ms and main_switches: the main thread's CPU time and context
 * switches over the whole transfer (the 1 ms tick itself included), i.e.
 * how much of the transfer's work landed on the thread that draws the
 * window (libvirt-glib ran libvirt's event loop there; since
 * vsm-event-loop.c it runs on a thread of its own, as in the app).
 *
 *        vsm-transfer-bench --meter
 * Only the 1 ms timeout, no libvirt, until SIGTERM/SIGINT; prints
 *   max_stall_ms=T p99_stall_ms=T busy_ms=C gap_cpu_ms=C
 * (gap_cpu_ms: the CPU time charged to the thread within its longest gap;
 * on a VM, interrupt and steal time land there although the thread has
 * nothing to do)
 * (bench-transfer runs it beside every transfer: the stalls any process
 * on the machine sees then, which are not the app's doing).
 *
 * Copyright 2026 Virt Storage developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define _GNU_SOURCE   /* RUSAGE_THREAD */

#include "config.h"

#include <glib-unix.h>
#include <libvirt-gobject/libvirt-gobject.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <time.h>

#include "vsm-connection.h"
#include "vsm-volume-ops.h"
#include "vsm-event-loop.h"

typedef struct
{
  GMainLoop     *loop;
  VsmConnection *conn;
  gboolean       upload;
  gint64         last_tick;
  gint64         max_gap;
  GArray        *gaps;          /* gint64 µs between ticks */
  gint64         last_cpu;      /* main thread CPU time at the last tick, µs */
  gint64         max_busy;      /* most main-thread CPU time within one gap */
  gint64         max_gap_cpu;   /* main-thread CPU time within the longest gap */
  gboolean       measuring;
  guint          progress_calls;
  gint64         t0;
  gint64         t1;
  struct rusage  ru0;           /* main thread, at t0 and t1 */
  struct rusage  ru1;
  guint64        bytes;
  GError        *error;
} Bench;

static gint64
thread_cpu_usec (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
  return (gint64) ts.tv_sec * G_USEC_PER_SEC + ts.tv_nsec / 1000;
}

static gint64
rusage_usec (const struct rusage *ru)
{
  return (gint64) (ru->ru_utime.tv_sec + ru->ru_stime.tv_sec) * G_USEC_PER_SEC
         + ru->ru_utime.tv_usec + ru->ru_stime.tv_usec;
}

static gboolean
tick_cb (gpointer data)
{
  Bench *b = data;
  gint64 now = g_get_monotonic_time ();
  gint64 cpu = thread_cpu_usec ();

  if (b->measuring && b->last_tick != 0)
    {
      gint64 gap = now - b->last_tick;
      g_array_append_val (b->gaps, gap);
      if (gap > b->max_gap)
        {
          b->max_gap = gap;
          b->max_gap_cpu = cpu - b->last_cpu;
        }
      if (cpu - b->last_cpu > b->max_busy)
        b->max_busy = cpu - b->last_cpu;
    }
  b->last_tick = now;
  b->last_cpu = cpu;
  return G_SOURCE_CONTINUE;
}

static void
progress_cb (guint64  done,
             guint64  total,
             gpointer data)
{
  ((Bench *) data)->progress_calls++;
}

static void
done_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      data)
{
  Bench *b = data;

  b->t1 = g_get_monotonic_time ();
  getrusage (RUSAGE_THREAD, &b->ru1);
  b->measuring = FALSE;
  vsm_volume_job_finish (b->conn, result, &b->bytes, &b->error);
  g_main_loop_quit (b->loop);
}

static void
opened_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      data)
{
  Bench *b = data;

  if (!vsm_connection_open_finish (b->conn, result, &b->error))
    g_main_loop_quit (b->loop);
}

static int
cmp_gap (gconstpointer a,
         gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;

  return x < y ? -1 : x > y;
}

static double
p99_ms (GArray *gaps)
{
  if (gaps->len == 0)
    return 0.0;
  g_array_sort (gaps, cmp_gap);
  return (double) g_array_index (gaps, gint64, (gaps->len * 99) / 100) / 1000.0;
}

static gboolean
stop_cb (gpointer data)
{
  Bench *b = data;

  b->measuring = FALSE;
  g_main_loop_quit (b->loop);
  return G_SOURCE_REMOVE;
}

static int
meter (Bench *b)
{
  g_unix_signal_add (SIGTERM, stop_cb, b);
  g_unix_signal_add (SIGINT, stop_cb, b);
  g_timeout_add (1, tick_cb, b);
  b->measuring = TRUE;
  g_main_loop_run (b->loop);
  g_print ("max_stall_ms=%.1f p99_stall_ms=%.1f busy_ms=%.2f gap_cpu_ms=%.2f\n",
           (double) b->max_gap / 1000.0, p99_ms (b->gaps),
           (double) b->max_busy / 1000.0, (double) b->max_gap_cpu / 1000.0);
  return 0;
}

int
main (int   argc,
      char *argv[])
{
  Bench b = { 0 };
  gboolean sparse;
  double secs;

  b.gaps = g_array_new (FALSE, FALSE, sizeof (gint64));
  b.loop = g_main_loop_new (NULL, FALSE);
  if (argc == 2 && g_str_equal (argv[1], "--meter"))
    return meter (&b);

  if (argc < 6 || (g_strcmp0 (argv[4], "upload") != 0 && g_strcmp0 (argv[4], "download") != 0))
    {
      g_printerr ("usage: %s URI POOL-UUID VOLUME upload|download FILE [--sparse]\n", argv[0]);
      return 2;
    }
  sparse = argc > 6 && g_str_equal (argv[6], "--sparse");
  b.upload = g_str_equal (argv[4], "upload");

  if (!vsm_libvirt_init (NULL))
    g_error ("libvirt could not be initialised");
  b.conn = vsm_connection_new (argv[1]);

  vsm_connection_open_async (b.conn, NULL, opened_cb, &b);
  while (b.error == NULL && vsm_connection_get_state (b.conn) != VSM_CONNECTION_STATE_CONNECTED)
    g_main_context_iteration (NULL, TRUE);
  if (b.error != NULL)
    {
      g_printerr ("cannot connect to %s: %s\n", argv[1], b.error->message);
      return 1;
    }

  g_timeout_add (1, tick_cb, &b);
  b.measuring = TRUE;
  b.t0 = g_get_monotonic_time ();
  getrusage (RUSAGE_THREAD, &b.ru0);
  vsm_volume_job_async (b.conn,
                        &(VsmVolumeJob) { .kind = b.upload ? VSM_VOLUME_JOB_UPLOAD : VSM_VOLUME_JOB_DOWNLOAD,
                                          .pool_uuid = argv[2], .name = argv[3], .local_path = argv[5],
                                          .sparse = sparse, .progress = progress_cb, .progress_data = &b },
                        NULL, done_cb, &b);
  g_main_loop_run (b.loop);

  if (b.error != NULL)
    {
      g_printerr ("%s failed: %s\n", argv[4], b.error->message);
      return 1;
    }
  secs = (double) (b.t1 - b.t0) / G_USEC_PER_SEC;
  g_print ("bytes=%" G_GUINT64_FORMAT " secs=%.3f mbps=%.1f max_stall_ms=%.1f p99_stall_ms=%.1f busy_ms=%.2f"
           " gap_cpu_ms=%.2f progress_calls=%u main_cpu_ms=%.1f main_switches=%ld\n",
           b.bytes, secs, secs > 0 ? (double) b.bytes / 1e6 / secs : 0.0,
           (double) b.max_gap / 1000.0, p99_ms (b.gaps), (double) b.max_busy / 1000.0,
           (double) b.max_gap_cpu / 1000.0, b.progress_calls,
           (double) (rusage_usec (&b.ru1) - rusage_usec (&b.ru0)) / 1000.0,
           (b.ru1.ru_nvcsw + b.ru1.ru_nivcsw) - (b.ru0.ru_nvcsw + b.ru0.ru_nivcsw));

  vsm_connection_close (b.conn);
  g_object_unref (b.conn);
  g_main_loop_unref (b.loop);
  g_array_unref (b.gaps);
  return 0;
}
