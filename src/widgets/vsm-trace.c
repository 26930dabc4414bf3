/* vsm-trace.c
 *
 * What the window benchmark (tests/bench/vsm-window-bench.c, run by
 * build-aux/bench) sees inside the real app. Inert unless $VSM_TRACE
 * names a file; then the app appends one line per event, each with its
 * CLOCK_MONOTONIC time in µs (the clock g_get_monotonic_time() reads in
 * every process, so the benchmark measures from its own launch):
 *
 *   mapped T                   the main window is mapped
 *   selected T                 the connection's pools are listed and the
 *                              traced pool is selected
 *   names-drawn T N            the first frame painted after the volume
 *                              table holds N > 0 rows of $VSM_TRACE_POOL
 *   details-drawn T            the first frame painted once every volume
 *                              of that pool has its details
 *   load-gap US FRAME_US OURS_US
 *                              from the pool's selection to details-drawn:
 *                              the longest main-loop gap (a 1 ms timeout's
 *                              lateness), the longest frame (layout to
 *                              after-paint: GTK measuring, binding rows,
 *                              rendering) and the longest gap that no
 *                              frame overlapped (the app's own callbacks)
 *   type-max US MEAN_US N      with $VSM_TRACE_TYPE: that text typed into
 *                              the filter one character per frame; the
 *                              longest and mean time from a keystroke to
 *                              the frame that shows its result
 *   sort US BACK_US            then, the filter cleared, the table sorted
 *                              by capacity and back by name: the time to
 *                              the frame that shows each
 *   scroll-gap US FRAME_US OURS_US FRAMES
 *                              the same while the table scrolls from top
 *                              to bottom in about 200 frames (a fling: at
 *                              least a page per frame)
 *   done T                     nothing more comes: the benchmark reads the
 *                              peak RSS and ends the app
 *
 * Without $VSM_TRACE_POOL (the empty baseline) "done" follows the first
 * frame painted after the connection's pool list arrived.
 *
 * Copyright 2026 Virt Storage developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vsm-trace"

#include "config.h"

#include <stdio.h>

#include "vsm-pool-view.h"
#include "vsm-trace.h"

#define SCROLL_FRAMES 200

typedef enum
{
  PHASE_START,
  PHASE_SELECTED,      /* the pool is selected; its volumes load */
  PHASE_NAMES_DRAWN,
  PHASE_TYPING,        /* filter-as-you-type, then sort by another column */
  PHASE_SCROLLING,
  PHASE_DONE,
} Phase;

typedef struct
{
  FILE          *out;
  VsmWindow     *window;       /* weak */
  char          *pool_name;
  gboolean       scroll;
  Phase          phase;
  VsmPool       *pool;
  GdkFrameClock *clock;
  gint64         last_tick;
  gint64         frame_start;  /* 0: not in a frame */
  gboolean       frame_seen;   /* a frame began since the last tick */
  gint64         max_gap;
  gint64         max_frame;
  gint64         max_ours;
  guint          frames;
  gboolean       baseline_ready;
  char          *type_text;    /* $VSM_TRACE_TYPE */
  guint          step;         /* typing: the characters typed, then the sorts */
  gint64         step_start;
  gint64         type_max;
  gint64         type_sum;
} Trace;

static Trace trace;

static void
emit (const char *fmt,
      ...) G_GNUC_PRINTF (1, 2);

static void
emit (const char *fmt,
      ...)
{
  va_list ap;

  va_start (ap, fmt);
  vfprintf (trace.out, fmt, ap);
  va_end (ap);
  fputc ('\n', trace.out);
  fflush (trace.out);
}

static void
reset_gaps (void)
{
  trace.max_gap = trace.max_frame = trace.max_ours = 0;
  trace.frames = 0;
  trace.last_tick = g_get_monotonic_time ();
}

/* The 1 ms timeout: how late it comes is the main loop's gap. */
static gboolean
tick_cb (gpointer data)
{
  gint64 now = g_get_monotonic_time ();
  gint64 gap = now - trace.last_tick;

  if (trace.phase == PHASE_SELECTED || trace.phase == PHASE_NAMES_DRAWN || trace.phase == PHASE_SCROLLING)
    {
      trace.max_gap = MAX (trace.max_gap, gap);
      if (!trace.frame_seen && trace.frame_start == 0)
        trace.max_ours = MAX (trace.max_ours, gap);
    }
  trace.frame_seen = FALSE;
  trace.last_tick = now;
  return trace.phase == PHASE_DONE ? G_SOURCE_REMOVE : G_SOURCE_CONTINUE;
}

static void
layout_cb (GdkFrameClock *clock)
{
  trace.frame_start = g_get_monotonic_time ();
  trace.frame_seen = TRUE;
}

static gboolean
scroll_step (GtkWidget     *widget,
             GdkFrameClock *clock,
             gpointer       data)
{
  GtkAdjustment *adj = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (widget));
  double value = gtk_adjustment_get_value (adj);
  double bottom = gtk_adjustment_get_upper (adj) - gtk_adjustment_get_page_size (adj);

  trace.frames++;
  if (value >= bottom - 0.5)
    {
      emit ("scroll-gap %" G_GINT64_FORMAT " %" G_GINT64_FORMAT " %" G_GINT64_FORMAT " %u",
            trace.max_gap, trace.max_frame, trace.max_ours, trace.frames);
      trace.phase = PHASE_DONE;
      emit ("done %" G_GINT64_FORMAT, g_get_monotonic_time ());
      return G_SOURCE_REMOVE;
    }
  /* a fling: the whole table in SCROLL_FRAMES frames (at least a page
   * each), so every frame binds a fresh screenful of rows */
  gtk_adjustment_set_value (adj, MIN (bottom, value + MAX (gtk_adjustment_get_page_size (adj),
                                                           gtk_adjustment_get_upper (adj) / SCROLL_FRAMES)));
  return G_SOURCE_CONTINUE;
}

static void start_scroll_or_finish (GtkColumnView *view, gint64 now);

/* Typing and sorting, one step per painted frame: the step before was
 * shown by this frame. */
static void
typing_step (GtkColumnView *view,
             gint64         now)
{
  VsmPoolView *pool_view = vsm_window_get_pool_view (trace.window);
  guint len = g_utf8_strlen (trace.type_text, -1);
  static gint64 sort_time;

  if (trace.step > 0)
    {
      gint64 dt = now - trace.step_start;

      if (trace.step <= len)
        {
          trace.type_max = MAX (trace.type_max, dt);
          trace.type_sum += dt;
        }
      else if (trace.step == len + 2)
        sort_time = dt;
      else if (trace.step == len + 3)
        {
          emit ("type-max %" G_GINT64_FORMAT " %" G_GINT64_FORMAT " %u", trace.type_max,
                len > 0 ? trace.type_sum / len : 0, len);
          emit ("sort %" G_GINT64_FORMAT " %" G_GINT64_FORMAT, sort_time, dt);
          start_scroll_or_finish (view, now);
          return;
        }
    }
  trace.step++;
  trace.step_start = g_get_monotonic_time ();
  if (trace.step <= len)
    {
      g_autofree char *prefix = g_utf8_substring (trace.type_text, 0, trace.step);
      vsm_pool_view_set_search_text (pool_view, prefix);
    }
  else if (trace.step == len + 1)
    vsm_pool_view_set_search_text (pool_view, "");
  else
    {
      GListModel *columns = gtk_column_view_get_columns (view);
      g_autoptr(GtkColumnViewColumn) column = g_list_model_get_item (columns, trace.step == len + 2 ? 2 : 0);

      gtk_column_view_sort_by_column (view, column, trace.step == len + 2 ? GTK_SORT_DESCENDING : GTK_SORT_ASCENDING);
    }
  gtk_widget_queue_draw (GTK_WIDGET (view));
}

static void
after_paint_cb (GdkFrameClock *clock)
{
  gint64 now = g_get_monotonic_time ();
  VsmWindow *window = trace.window;

  if (trace.frame_start != 0)
    trace.max_frame = MAX (trace.max_frame, now - trace.frame_start);
  trace.frame_start = 0;
  if (window == NULL)
    return;

  if (trace.pool_name == NULL)
    {
      if (trace.phase == PHASE_START && trace.baseline_ready)
        {
          trace.phase = PHASE_DONE;
          emit ("done %" G_GINT64_FORMAT, now);
        }
      return;
    }
  if (trace.phase == PHASE_SELECTED || trace.phase == PHASE_NAMES_DRAWN)
    {
      GtkColumnView *view = vsm_pool_view_get_column_view (vsm_window_get_pool_view (window));
      GListModel *rows = G_LIST_MODEL (gtk_column_view_get_model (view));
      guint n = rows != NULL ? g_list_model_get_n_items (rows) : 0;

      if (trace.phase == PHASE_SELECTED && n > 0)
        {
          trace.phase = PHASE_NAMES_DRAWN;
          emit ("names-drawn %" G_GINT64_FORMAT " %u", now, n);
        }
      if (trace.phase == PHASE_NAMES_DRAWN && vsm_pool_get_volumes_complete (trace.pool))
        {
          emit ("details-drawn %" G_GINT64_FORMAT, now);
          emit ("load-gap %" G_GINT64_FORMAT " %" G_GINT64_FORMAT " %" G_GINT64_FORMAT,
                trace.max_gap, trace.max_frame, trace.max_ours);
          if (trace.type_text != NULL)
            {
              trace.phase = PHASE_TYPING;
              typing_step (view, now);
            }
          else
            start_scroll_or_finish (view, now);
        }
    }
  else if (trace.phase == PHASE_TYPING)
    typing_step (vsm_pool_view_get_column_view (vsm_window_get_pool_view (window)), now);
}

static void
start_scroll_or_finish (GtkColumnView *view,
                        gint64         now)
{
  if (trace.scroll)
    {
      trace.phase = PHASE_SCROLLING;
      reset_gaps ();
      /* from the top, wherever typing and sorting left the table */
      gtk_adjustment_set_value (gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (view)), 0);
      gtk_widget_add_tick_callback (GTK_WIDGET (view), scroll_step, NULL, NULL);
    }
  else
    {
      trace.phase = PHASE_DONE;
      emit ("done %" G_GINT64_FORMAT, now);
    }
}

/* The connection's pools are listed: select the traced one. */
static void
pools_loaded_cb (VsmHost    *host,
                 GParamSpec *pspec)
{
  VsmPool *pool;

  if (!vsm_host_get_pools_loaded (host) || trace.phase != PHASE_START || trace.window == NULL)
    return;
  if (trace.pool_name == NULL)
    {
      trace.baseline_ready = TRUE;
      gtk_widget_queue_draw (GTK_WIDGET (trace.window));
      return;
    }
  pool = vsm_host_find_pool_by_name (host, trace.pool_name);
  if (pool == NULL)
    {
      emit ("error no-pool %s", trace.pool_name);
      return;
    }
  trace.pool = g_object_ref (pool);
  reset_gaps ();
  trace.phase = PHASE_SELECTED;
  emit ("selected %" G_GINT64_FORMAT, g_get_monotonic_time ());
  vsm_window_select_pool (trace.window, vsm_pool_get_uuid (pool));
}

static void
map_cb (GtkWidget *widget)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (widget);

  emit ("mapped %" G_GINT64_FORMAT, g_get_monotonic_time ());
  trace.clock = clock;
  /* the first phase of a frame: GTK's own layout handler runs before a
   * handler of ours on "layout" */
  g_signal_connect (clock, "before-paint", G_CALLBACK (layout_cb), NULL);
  g_signal_connect (clock, "after-paint", G_CALLBACK (after_paint_cb), NULL);
}

/**
 * vsm_trace_attach:
 *
 * @host: the connection opened with --connect
 *
 * Starts tracing @window when $VSM_TRACE is set (see the file's comment).
 */
void
vsm_trace_attach (VsmWindow *window,
                  VsmHost   *host)
{
  const char *path = g_getenv ("VSM_TRACE");

  if (path == NULL || *path == '\0' || trace.out != NULL)
    return;
  trace.out = fopen (path, "a");
  if (trace.out == NULL)
    {
      g_warning ("VSM_TRACE: cannot open %s", path);
      return;
    }
  trace.pool_name = g_strdup (g_getenv ("VSM_TRACE_POOL"));
  trace.scroll = g_strcmp0 (g_getenv ("VSM_TRACE_SCROLL"), "1") == 0;
  trace.type_text = g_strdup (g_getenv ("VSM_TRACE_TYPE"));
  g_set_weak_pointer (&trace.window, window);
  if (gtk_widget_get_mapped (GTK_WIDGET (window)))
    map_cb (GTK_WIDGET (window));
  else
    g_signal_connect (window, "map", G_CALLBACK (map_cb), NULL);
  g_signal_connect (host, "notify::pools-loaded", G_CALLBACK (pools_loaded_cb), NULL);
  g_timeout_add_full (G_PRIORITY_HIGH, 1, tick_cb, NULL, NULL);
  trace.last_tick = g_get_monotonic_time ();
}
