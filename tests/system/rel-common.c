/* rel-common.c
 *
 * Copyright 2026 Virt Storage developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "rel-common.h"
#include "vsm-volume.h"

static const char *uri, *dir, *daemon_script;
static gint64 last_virsh_start;

gint64 rel_virsh_started_at (void) { return last_virsh_start; }

static gint lost_while_opening;

guint rel_lost_while_opening (void) { return (guint) g_atomic_int_get (&lost_while_opening); }

/* libvirt-gobject's gvir_connection_open() warns (domain-less, from its
 * worker) and goes on when the daemon dies right after the open, before it
 * registered its own domain events; the connection it returns is dead,
 * which VsmConnection notices and retries (what the flapping test checks).
 * That warning is counted; every other warning stays fatal, as GTest makes
 * them (criticals stay fatal through GTest and G_DEBUG). */
static GLogWriterOutput
rel_log_writer (GLogLevelFlags   log_level,
                const GLogField *fields,
                gsize            n_fields,
                gpointer         user_data)
{
  GLogWriterOutput out = g_log_writer_default (log_level, fields, n_fields, user_data);
  const char *domain = NULL, *message = NULL;

  if (!(log_level & G_LOG_LEVEL_WARNING))
    return out;
  for (gsize i = 0; i < n_fields; i++)
    {
      if (g_str_equal (fields[i].key, "GLIB_DOMAIN"))
        domain = fields[i].value;
      else if (g_str_equal (fields[i].key, "MESSAGE"))
        message = fields[i].value;
    }
  if (domain == NULL && message != NULL &&
      g_str_has_prefix (message, "Failed to register domain events, ignoring"))
    {
      g_atomic_int_inc (&lost_while_opening);
      return out;
    }
  printf ("Bail out! unexpected warning: %s%s%s\n", domain ? domain : "", domain ? ": " : "",
          message ? message : "");
  fflush (stdout);
  abort ();
}

void
rel_init (void)
{
  g_log_set_always_fatal (G_LOG_FATAL_MASK | G_LOG_LEVEL_CRITICAL);
  g_log_set_writer_func (rel_log_writer, NULL, NULL);
  uri = g_getenv ("VSM_PRIVATE_URI");
  dir = g_getenv ("VSM_PRIVATE_DIR");
  daemon_script = g_getenv ("VSM_PRIVATE_DAEMON");
  if (uri == NULL || dir == NULL || daemon_script == NULL)
    {
      printf ("Bail out! VSM_PRIVATE_URI/DIR/DAEMON are not set: run through tests/system/run-system-test.sh\n");
      exit (1);
    }
}

const char *rel_uri (void) { return uri; }
const char *rel_dir (void) { return dir; }

char *
rel_run (const char * const *argv,
         const char         *input,
         gboolean            may_fail,
         int                *exit_status)
{
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  GSubprocessFlags flags = G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE;
  gboolean ok;

  if (input != NULL)
    flags |= G_SUBPROCESS_FLAGS_STDIN_PIPE;
  proc = g_subprocess_newv (argv, flags, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (proc, input, NULL, &out, &err, &error);
  g_assert_no_error (error);
  ok = g_subprocess_get_if_exited (proc) && g_subprocess_get_exit_status (proc) == 0;
  if (exit_status != NULL)
    *exit_status = g_subprocess_get_if_exited (proc) ? g_subprocess_get_exit_status (proc) : -1;
  if (!ok && !may_fail)
    {
      g_autofree char *cmd = g_strjoinv (" ", (char **) argv);
      g_error ("command failed: %s\n%s%s", cmd, out ? out : "", err ? err : "");
    }
  if (!ok && may_fail && err != NULL && exit_status == NULL)
    {
      g_free (out);
      return g_steal_pointer (&err);
    }
  return g_steal_pointer (&out);
}

static GPtrArray *
virsh_argv (const char *first,
            va_list     ap)
{
  GPtrArray *argv = g_ptr_array_new ();
  const char *a;

  g_ptr_array_add (argv, (char *) "virsh");
  g_ptr_array_add (argv, (char *) "-q");
  g_ptr_array_add (argv, (char *) "-c");
  g_ptr_array_add (argv, (char *) uri);
  for (a = first; a != NULL; a = va_arg (ap, const char *))
    g_ptr_array_add (argv, (char *) a);
  g_ptr_array_add (argv, NULL);
  return argv;
}

char *
rel_virsh (const char *first,
           ...)
{
  va_list ap;
  g_autoptr(GPtrArray) argv = NULL;

  va_start (ap, first);
  argv = virsh_argv (first, ap);
  va_end (ap);
  return rel_run ((const char * const *) argv->pdata, NULL, FALSE, NULL);
}

gboolean
rel_virsh_try (char      **err_out,
               const char *first,
               ...)
{
  va_list ap;
  g_autoptr(GPtrArray) argv = NULL;
  g_autofree char *out = NULL;
  int status = -1;

  va_start (ap, first);
  argv = virsh_argv (first, ap);
  va_end (ap);
  out = rel_run ((const char * const *) argv->pdata, NULL, TRUE, &status);
  if (err_out != NULL)
    *err_out = g_steal_pointer (&out);
  return status == 0;
}

gint64
rel_virsh_timed (const char *first,
                 ...)
{
  va_list ap;
  g_autoptr(GPtrArray) argv = NULL;
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GError) error = NULL;

  va_start (ap, first);
  argv = virsh_argv (first, ap);
  va_end (ap);
  last_virsh_start = g_get_monotonic_time ();
  proc = g_subprocess_newv ((const char * const *) argv->pdata, G_SUBPROCESS_FLAGS_STDOUT_SILENCE, &error);
  g_assert_no_error (error);
  return rel_wait_process (proc, 30000);
}

char *
rel_virsh_script (const char *script)
{
  return rel_run ((const char *[]) { "virsh", "-q", "-c", uri, NULL }, script, FALSE, NULL);
}

GSubprocess *
rel_daemon_spawn (const char *command)
{
  g_autoptr(GError) error = NULL;
  GSubprocess *proc = g_subprocess_newv ((const char *[]) { daemon_script, command, dir, NULL },
                                         G_SUBPROCESS_FLAGS_STDOUT_SILENCE, &error);

  g_assert_no_error (error);
  return proc;
}

static void
exited_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  gint64 *when = user_data;

  g_subprocess_wait_finish (G_SUBPROCESS (object), result, NULL);
  *when = g_get_monotonic_time ();
}

/* Waits, iterating the main loop, until @proc exits successfully; returns
 * the monotonic time it exited at. */
gint64
rel_wait_process (GSubprocess *proc,
                  guint        msec)
{
  gint64 when = 0;
  g_autofree char *pid = g_strdup (g_subprocess_get_identifier (proc));

  g_subprocess_wait_async (proc, NULL, exited_cb, &when);
  VSM_WAIT_FOR (when != 0, msec);
  if (!g_subprocess_get_successful (proc))
    g_error ("process %s failed (exit %d)", pid ? pid : "?",
             g_subprocess_get_if_exited (proc) ? g_subprocess_get_exit_status (proc) : -1);
  return when;
}

pid_t
rel_daemon_pid (void)
{
  g_autofree char *out = rel_run ((const char *[]) { daemon_script, "pid", dir, NULL }, NULL, FALSE, NULL);
  pid_t pid = (pid_t) g_ascii_strtoll (out, NULL, 10);

  g_assert_cmpint (pid, >, 1);
  return pid;
}

static GHashTable *
lines_to_set (const char *text)
{
  GHashTable *set = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_strstrip (lines[i]);
      if (*lines[i] != '\0')
        g_hash_table_add (set, g_strdup (lines[i]));
    }
  return set;
}

GHashTable *
rel_virsh_pools (void)
{
  g_autofree char *all = rel_virsh ("pool-list", "--all", "--name", NULL);
  g_autofree char *active = rel_virsh ("pool-list", "--name", NULL);
  g_autoptr(GHashTable) all_set = lines_to_set (all);
  g_autoptr(GHashTable) active_set = lines_to_set (active);
  GHashTable *pools = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  GHashTableIter iter;
  gpointer name;

  g_hash_table_iter_init (&iter, all_set);
  while (g_hash_table_iter_next (&iter, &name, NULL))
    g_hash_table_insert (pools, g_strdup (name),
                         GINT_TO_POINTER (g_hash_table_contains (active_set, name)));
  return pools;
}

GHashTable *
rel_virsh_volumes (const char *pool)
{
  g_autofree char *out = rel_virsh ("vol-list", pool, NULL);
  g_auto(GStrv) lines = g_strsplit (out, "\n", -1);
  GHashTable *set = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  /* "NAME   PATH": our names have no spaces */
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto(GStrv) fields = NULL;

      g_strstrip (lines[i]);
      if (*lines[i] == '\0')
        continue;
      fields = g_regex_split_simple ("\\s+", lines[i], 0, 0);
      g_hash_table_add (set, g_strdup (fields[0]));
    }
  return set;
}

void
rel_define_dir_pool (const char *name,
                     gboolean    start,
                     guint       n_volumes,
                     const char *prefix)
{
  g_autofree char *target = g_build_filename (dir, "pools", name, NULL);
  g_autoptr(GString) script = g_string_new (NULL);
  g_autofree char *out = NULL;

  g_string_append_printf (script, "pool-define-as %s dir --target %s\n", name, target);
  g_string_append_printf (script, "pool-build %s\n", name);
  if (start || n_volumes > 0)
    g_string_append_printf (script, "pool-start %s\n", name);
  for (guint i = 0; i < n_volumes; i++)
    g_string_append_printf (script, "vol-create-as %s %s-%03u.raw 1M --format raw\n", name, prefix, i);
  if (!start && n_volumes > 0)
    g_string_append_printf (script, "pool-destroy %s\n", name);
  out = rel_virsh_script (script->str);
}

void
rel_load_all_volumes (VsmHost *host)
{
  VsmKeyedList *pools = vsm_host_get_pools (host);
  guint n = vsm_keyed_list_get_n_items (pools);

  for (guint i = 0; i < n; i++)
    {
      VsmPool *pool = vsm_keyed_list_get (pools, i);

      if (vsm_pool_get_active (pool) && !vsm_pool_get_volumes_loaded (pool) &&
          !vsm_pool_get_volumes_loading (pool))
        vsm_host_load_volumes (host, pool);
    }
}

gboolean
rel_models_match (VsmHost  *host,
                  char    **why)
{
  g_autoptr(GHashTable) pools = rel_virsh_pools ();
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  VsmKeyedList *model = vsm_host_get_pools (host);
  guint n = vsm_keyed_list_get_n_items (model);

  *why = NULL;
  if (vsm_connection_get_state (vsm_host_get_connection (host)) != VSM_CONNECTION_STATE_CONNECTED ||
      !vsm_host_get_pools_loaded (host))
    {
      *why = g_strdup ("not connected or pools not loaded");
      return FALSE;
    }
  for (guint i = 0; i < n; i++)
    {
      VsmPool *pool = vsm_keyed_list_get (model, i);
      const char *name = vsm_pool_get_name (pool);
      gpointer active;

      if (!g_hash_table_add (seen, (gpointer) name))
        {
          *why = g_strdup_printf ("pool %s is listed twice", name);
          return FALSE;
        }
      if (!g_hash_table_lookup_extended (pools, name, NULL, &active))
        {
          *why = g_strdup_printf ("stale pool row %s (virsh does not list it)", name);
          return FALSE;
        }
      if (GPOINTER_TO_INT (active) != vsm_pool_get_active (pool))
        {
          *why = g_strdup_printf ("pool %s: model active=%d, virsh active=%d", name,
                                  vsm_pool_get_active (pool), GPOINTER_TO_INT (active));
          return FALSE;
        }
    }
  if (n != g_hash_table_size (pools))
    {
      *why = g_strdup_printf ("model has %u pools, virsh %u", n, g_hash_table_size (pools));
      return FALSE;
    }

  for (guint i = 0; i < n; i++)
    {
      VsmPool *pool = vsm_keyed_list_get (model, i);
      g_autoptr(GHashTable) vols = NULL;
      g_autoptr(GHashTable) vseen = NULL;
      VsmKeyedList *vmodel;
      guint nv;

      if (!vsm_pool_get_active (pool))
        continue;
      if (!vsm_pool_get_volumes_loaded (pool) || vsm_pool_get_volumes_loading (pool))
        {
          *why = g_strdup_printf ("volumes of %s not loaded (loaded=%d loading=%d)", vsm_pool_get_name (pool),
                                  vsm_pool_get_volumes_loaded (pool), vsm_pool_get_volumes_loading (pool));
          return FALSE;
        }
      vols = rel_virsh_volumes (vsm_pool_get_name (pool));
      vseen = g_hash_table_new (g_str_hash, g_str_equal);
      vmodel = vsm_pool_get_volumes (pool);
      nv = vsm_keyed_list_get_n_items (vmodel);
      for (guint j = 0; j < nv; j++)
        {
          const char *vname = vsm_volume_get_name (vsm_keyed_list_get (vmodel, j));

          if (!g_hash_table_add (vseen, (gpointer) vname))
            {
              *why = g_strdup_printf ("volume %s/%s is listed twice", vsm_pool_get_name (pool), vname);
              return FALSE;
            }
          if (!g_hash_table_contains (vols, vname))
            {
              *why = g_strdup_printf ("stale volume row %s/%s", vsm_pool_get_name (pool), vname);
              return FALSE;
            }
        }
      if (nv != g_hash_table_size (vols))
        {
          *why = g_strdup_printf ("pool %s: model has %u volumes, virsh %u", vsm_pool_get_name (pool),
                                  nv, g_hash_table_size (vols));
          return FALSE;
        }
    }
  return TRUE;
}

double
rel_assert_models_match (VsmHost *host,
                         guint    msec)
{
  gint64 t0 = g_get_monotonic_time ();
  gint64 deadline = t0 + (gint64) msec * 1000;

  for (;;)
    {
      g_autofree char *why = NULL;

      if (vsm_connection_get_state (vsm_host_get_connection (host)) == VSM_CONNECTION_STATE_CONNECTED &&
          vsm_host_get_pools_loaded (host))
        rel_load_all_volumes (host);
      if (rel_models_match (host, &why))
        return (g_get_monotonic_time () - t0) / 1000.0;
      if (g_get_monotonic_time () > deadline)
        g_error ("after %u ms the models still differ from virsh: %s", msec, why);
      rel_spin (50);
    }
}

gint64
rel_thread_cpu_usec (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
  return (gint64) ts.tv_sec * G_USEC_PER_SEC + ts.tv_nsec / 1000;
}

/* µs the calling thread spent runnable but waiting for a CPU */
static gint64
runqueue_wait_usec (void)
{
  char buf[128];
  FILE *f = fopen ("/proc/thread-self/schedstat", "re");
  unsigned long long run = 0, wait = 0;

  if (f == NULL)
    return 0;
  if (fgets (buf, sizeof buf, f) == NULL || sscanf (buf, "%llu %llu", &run, &wait) != 2)
    wait = 0;
  fclose (f);
  return (gint64) (wait / 1000);
}

static gboolean
meter_tick (gpointer data)
{
  RelMeter *m = data;
  gint64 now = g_get_monotonic_time ();
  gint64 cpu = rel_thread_cpu_usec ();
  gint64 wait = runqueue_wait_usec ();

  if (m->last_tick != 0)
    {
      if (now - m->last_tick > m->max_gap)
        {
          m->max_gap = now - m->last_tick;
          m->gap_cpu = cpu - m->last_cpu;
          m->gap_wait = wait - m->last_wait;
        }
      m->max_busy = MAX (m->max_busy, cpu - m->last_cpu);
      m->max_own = MAX (m->max_own, (now - m->last_tick) - (wait - m->last_wait));
      m->ticks++;
    }
  m->last_tick = now;
  m->last_cpu = cpu;
  m->last_wait = wait;
  return G_SOURCE_CONTINUE;
}

void
rel_meter_start (RelMeter *m)
{
  *m = (RelMeter) { 0 };
  m->source = g_timeout_add (1, meter_tick, m);
}

void
rel_meter_stop (RelMeter *m)
{
  g_clear_handle_id (&m->source, g_source_remove);
}

void
rel_spin (guint msec)
{
  gint64 end = g_get_monotonic_time () + (gint64) msec * 1000;

  while (g_get_monotonic_time () < end)
    vsm_test_iterate ();
}
