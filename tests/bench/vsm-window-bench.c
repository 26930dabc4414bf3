/* vsm-window-bench.c
 *
 * The window benchmark (not a test; build-aux/bench runs it under Xvfb):
 * launches the real app (`virt-storage --connect URI`) with $VSM_TRACE
 * (src/widgets/vsm-trace.c) and reports, per renderer (GL, cairo), the
 * median of N launches:
 *
 *   - launch → window mapped; → pools listed and the pool selected; →
 *     the pool's first names painted; → every
 *     row's details painted
 *   - the longest main-loop gap while loading and while the table scrolls
 *     from top to bottom (in about 200 frames, at least a page each), split into the longest
 *     frame (GTK measuring, binding rows, rendering) and the longest gap
 *     no frame overlapped (the app's own callbacks)
 *   - the app's peak RSS (VmHWM), and with an empty connection for the
 *     baseline
 *
 *   vsm-window-bench --app PATH --uri URI --pool NAME [--empty-uri URI]
 *                    [--runs N] [--renderers gl,cairo]
 *
 * Each launch gets its own settings (first run done, nothing saved) and
 * trace file; times are CLOCK_MONOTONIC, read by both processes.
 *
 * Copyright 2026 Virt Storage developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <errno.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

static char *opt_app;
static char *opt_uri;
static char *opt_pool;
static char *opt_empty_uri = "test:///default";
static char *opt_renderers = "gl,cairo";
static int opt_runs = 5;
static char *opt_type = NULL;
static int opt_rss_target = 40;

static GOptionEntry entries[] = {
  { "app", 0, 0, G_OPTION_ARG_FILENAME, &opt_app, "the virt-storage binary", "PATH" },
  { "uri", 0, 0, G_OPTION_ARG_STRING, &opt_uri, "the connection holding the pool", "URI" },
  { "pool", 0, 0, G_OPTION_ARG_STRING, &opt_pool, "the pool to open", "NAME" },
  { "empty-uri", 0, 0, G_OPTION_ARG_STRING, &opt_empty_uri, "the baseline connection (test:///default)", "URI" },
  { "renderers", 0, 0, G_OPTION_ARG_STRING, &opt_renderers, "GSK renderers (gl,cairo)", "LIST" },
  { "runs", 0, 0, G_OPTION_ARG_INT, &opt_runs, "launches per measurement (5)", "N" },
  { "rss-target", 0, 0, G_OPTION_ARG_INT, &opt_rss_target, "target RSS growth in MB (40)", "MB" },
  { "type", 0, 0, G_OPTION_ARG_STRING, &opt_type, "also type TEXT into the filter, then sort by capacity and back", "TEXT" },
  { NULL }
};

/* One launch's figures, in ms (RSS in MiB); negative: not reached. */
typedef struct
{
  double mapped, selected, names, details;
  double load_gap, load_frame, load_ours;
  double scroll_gap, scroll_frame, scroll_ours, scroll_frames;
  double type_max, type_mean, sort, sort_back;
  double hwm;
} Launch;

static guint64
hwm_kb (GPid pid)
{
  g_autofree char *path = g_strdup_printf ("/proc/%d/status", (int) pid);
  g_autofree char *status = NULL;
  const char *p;

  if (!g_file_get_contents (path, &status, NULL, NULL) || (p = strstr (status, "VmHWM:")) == NULL)
    return 0;
  return g_ascii_strtoull (p + 6, NULL, 10);
}

static Launch
launch (const char *renderer,
        const char *uri,
        const char *pool)
{
  g_autofree char *dir = g_dir_make_tmp ("vsm-window-bench-XXXXXX", NULL);
  g_autofree char *settings_dir = g_build_filename (dir, "config", "glib-2.0", "settings", NULL);
  g_autofree char *keyfile = g_build_filename (settings_dir, "keyfile", NULL);
  g_autofree char *trace = g_build_filename (dir, "trace", NULL);
  g_autofree char *config = g_build_filename (dir, "config", NULL);
  g_autofree char *data = g_build_filename (dir, "data", NULL);
  g_auto(GStrv) env = g_get_environ ();
  const char *argv[] = { opt_app, "--connect", uri, NULL };
  g_autoptr(GError) error = NULL;
  Launch l = { -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, 0 };
  gint64 t0, deadline;
  GPid pid;
  int status;

  g_assert_nonnull (dir);
  g_mkdir_with_parents (settings_dir, 0700);
  g_assert_true (g_file_set_contents (keyfile, "[io/github/virtstorage/VirtStorage]\nfirst-run=false\n", -1, NULL));
  env = g_environ_setenv (env, "GSK_RENDERER", renderer, TRUE);
  env = g_environ_setenv (env, "VSM_TRACE", trace, TRUE);
  env = g_environ_setenv (env, "VSM_TRACE_SCROLL", pool != NULL ? "1" : "0", TRUE);
  env = pool != NULL ? g_environ_setenv (env, "VSM_TRACE_POOL", pool, TRUE) : g_environ_unsetenv (env, "VSM_TRACE_POOL");
  env = pool != NULL && opt_type != NULL ? g_environ_setenv (env, "VSM_TRACE_TYPE", opt_type, TRUE)
                                         : g_environ_unsetenv (env, "VSM_TRACE_TYPE");
  env = g_environ_setenv (env, "GSETTINGS_BACKEND", "keyfile", TRUE);
  env = g_environ_setenv (env, "XDG_CONFIG_HOME", config, TRUE);
  env = g_environ_setenv (env, "XDG_DATA_HOME", data, TRUE);
  env = g_environ_setenv (env, "NO_AT_BRIDGE", "1", TRUE);
  env = g_environ_setenv (env, "GTK_A11Y", "none", TRUE);

  t0 = g_get_monotonic_time ();
  if (!g_spawn_async (NULL, (char **) argv, env, G_SPAWN_DO_NOT_REAP_CHILD | G_SPAWN_STDOUT_TO_DEV_NULL |
                      G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, &pid, &error))
    g_error ("launching %s: %s", opt_app, error->message);

  deadline = t0 + 180 * G_USEC_PER_SEC;
  for (;;)
    {
      g_autofree char *text = NULL;

      if (g_file_get_contents (trace, &text, NULL, NULL) &&
          (strstr (text, "\ndone ") != NULL || g_str_has_prefix (text, "done ") || strstr (text, "error") != NULL))
        {
          g_auto(GStrv) lines = g_strsplit (text, "\n", -1);

          l.hwm = hwm_kb (pid) / 1024.0;
          for (guint i = 0; lines[i] != NULL; i++)
            {
              g_auto(GStrv) f = g_strsplit (lines[i], " ", -1);
              guint n = g_strv_length (f);
              double v1 = n > 1 ? g_ascii_strtod (f[1], NULL) : 0;

              if (n < 2)
                continue;
              if (g_str_equal (f[0], "error"))
                g_error ("the app says: %s", lines[i]);
              if (g_str_equal (f[0], "mapped"))
                l.mapped = (v1 - t0) / 1000.0;
              else if (g_str_equal (f[0], "selected"))
                l.selected = (v1 - t0) / 1000.0;
              else if (g_str_equal (f[0], "names-drawn"))
                l.names = (v1 - t0) / 1000.0;
              else if (g_str_equal (f[0], "details-drawn"))
                l.details = (v1 - t0) / 1000.0;
              else if (g_str_equal (f[0], "load-gap") && n >= 4)
                {
                  l.load_gap = v1 / 1000.0;
                  l.load_frame = g_ascii_strtod (f[2], NULL) / 1000.0;
                  l.load_ours = g_ascii_strtod (f[3], NULL) / 1000.0;
                }
              else if (g_str_equal (f[0], "type-max") && n >= 3)
                {
                  l.type_max = v1 / 1000.0;
                  l.type_mean = g_ascii_strtod (f[2], NULL) / 1000.0;
                }
              else if (g_str_equal (f[0], "sort") && n >= 3)
                {
                  l.sort = v1 / 1000.0;
                  l.sort_back = g_ascii_strtod (f[2], NULL) / 1000.0;
                }
              else if (g_str_equal (f[0], "scroll-gap") && n >= 5)
                {
                  l.scroll_gap = v1 / 1000.0;
                  l.scroll_frame = g_ascii_strtod (f[2], NULL) / 1000.0;
                  l.scroll_ours = g_ascii_strtod (f[3], NULL) / 1000.0;
                  l.scroll_frames = g_ascii_strtod (f[4], NULL);
                }
            }
          break;
        }
      if (waitpid (pid, &status, WNOHANG) == pid)
        g_error ("the app ended before it was done (status %d)", status);
      if (g_get_monotonic_time () > deadline)
        {
          kill (pid, SIGKILL);
          g_error ("the app did not finish within 180 s");
        }
      g_usleep (20 * 1000);
    }
  kill (pid, SIGTERM);
  waitpid (pid, &status, 0);
  g_spawn_close_pid (pid);
  {
    g_autofree char *cmd = g_strdup_printf ("rm -rf '%s'", dir);
    if (system (cmd) != 0)
      g_warning ("could not remove %s", dir);
  }
  return l;
}

static int
cmp_double (const void *a,
            const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return (x > y) - (x < y);
}

static double
median (double *v,
        int     n)
{
  g_autofree double *s = g_memdup2 (v, sizeof (double) * n);

  qsort (s, n, sizeof (double), cmp_double);
  return n % 2 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
}

/* One row: every run, the median in bold, the target and whether met. */
static void
row (const char *label,
     double     *v,
     int         runs,
     int         decimals,
     double      target,
     const char *target_label)
{
  double med = median (v, runs);

  printf ("| %s |", label);
  for (int i = 0; i < runs; i++)
    printf (" %.*f |", decimals, v[i]);
  printf (" **%.*f** |", decimals, med);
  if (target_label != NULL)
    printf (" %s | %s |\n", target_label, med <= target ? "met" : "**MISSED**");
  else
    printf (" | |\n");
}

#define COLLECT(field) for (int r = 0; r < runs; r++) v[r] = big[r].field

int
main (int    argc,
      char **argv)
{
  g_autoptr(GOptionContext) ctx = g_option_context_new ("- the window benchmark");
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) renderers = NULL;
  int runs;

  g_option_context_add_main_entries (ctx, entries, NULL);
  if (!g_option_context_parse (ctx, &argc, &argv, &error))
    {
      fprintf (stderr, "%s\n", error->message);
      return 2;
    }
  if (opt_app == NULL || opt_uri == NULL || opt_pool == NULL)
    {
      fprintf (stderr, "give --app, --uri and --pool\n");
      return 2;
    }
  if (g_getenv ("DISPLAY") == NULL && g_getenv ("WAYLAND_DISPLAY") == NULL)
    {
      fprintf (stderr, "no display: run it under Xvfb (build-aux/bench does)\n");
      return 2;
    }
  runs = CLAMP (opt_runs, 1, 9);
  renderers = g_strsplit (opt_renderers, ",", -1);

  printf ("\n### The window: `virt-storage --connect` on pool `%s`\n", opt_pool);
  for (guint k = 0; renderers[k] != NULL; k++)
    {
      Launch big[9], empty[9];
      double v[9];

      for (int r = 0; r < runs; r++)
        {
          fprintf (stderr, "[window-bench] %s run %d/%d\n", renderers[k], r + 1, runs);
          big[r] = launch (renderers[k], opt_uri, opt_pool);
          empty[r] = launch (renderers[k], opt_empty_uri, NULL);
        }
      printf ("\n#### Renderer `%s`\n\n| measurement |", renderers[k]);
      for (int r = 0; r < runs; r++)
        printf (" run %d |", r + 1);
      printf (" median | target | |\n|---|");
      for (int r = 0; r < runs; r++)
        printf ("---:|");
      printf ("---:|---|---|\n");
      COLLECT (mapped);
      row ("launch → window mapped (ms)", v, runs, 0, 0, NULL);
      COLLECT (selected);
      row ("launch → pools listed, the pool selected (ms)", v, runs, 0, 0, NULL);
      COLLECT (names);
      row ("launch → the pool's first names painted (ms)", v, runs, 0, 1000, "≤ 1.0 s");
      COLLECT (details);
      row ("launch → every row's details painted (ms)", v, runs, 0, 0, NULL);
      COLLECT (load_gap);
      row ("loading: longest main-loop gap (ms)", v, runs, 1, 0, NULL);
      COLLECT (load_frame);
      row ("… longest frame: GTK measuring, binding rows, rendering (ms)", v, runs, 1, 0, NULL);
      COLLECT (load_ours);
      row ("… longest gap outside frames: the app's own callbacks (ms)", v, runs, 1, 16, "≤ 16 ms");
      if (opt_type != NULL)
        {
          COLLECT (type_max);
          row ("filter as you type: longest keystroke to its frame (ms)", v, runs, 1, 50, "≤ 50 ms");
          COLLECT (type_mean);
          row ("… mean (ms)", v, runs, 1, 0, NULL);
          COLLECT (sort);
          row ("sort by capacity: click to its frame (ms)", v, runs, 1, 50, "≤ 50 ms");
          COLLECT (sort_back);
          row ("… and back by name (ms)", v, runs, 1, 50, "≤ 50 ms");
        }
      COLLECT (scroll_gap);
      row ("scrolling top to bottom: longest main-loop gap (ms)", v, runs, 1, 0, NULL);
      COLLECT (scroll_frame);
      row ("… longest frame (ms)", v, runs, 1, 0, NULL);
      COLLECT (scroll_ours);
      row ("… longest gap outside frames (ms)", v, runs, 1, 16, "≤ 16 ms");
      COLLECT (scroll_frames);
      row ("… frames to reach the bottom", v, runs, 0, 0, NULL);
      COLLECT (hwm);
      row ("peak RSS, VmHWM (MiB)", v, runs, 1, 0, NULL);
      for (int r = 0; r < runs; r++)
        v[r] = empty[r].hwm;
      row ("peak RSS with an empty connection (MiB)", v, runs, 1, 0, NULL);
      for (int r = 0; r < runs; r++)
        v[r] = big[r].hwm - empty[r].hwm;
      {
        g_autofree char *target = g_strdup_printf ("≤ %d MB", opt_rss_target);
        row ("RSS growth over the empty baseline (MiB)", v, runs, 1, opt_rss_target, target);
      }
    }
  return 0;
}
