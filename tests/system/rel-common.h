/* rel-common.h
 *
 * Shared by the reliability tests: the private libvirtd that
 * tests/system/run-system-test.sh started (control, virsh on it, fixtures), comparing the
 * app's models with what virsh reports, and a main-loop stall meter.
 *
 * Copyright 2026 Virt Storage developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <sys/types.h>

#include "vsm-host.h"
#include "vsm-test-utils.h"

G_BEGIN_DECLS

#define REL_MiB (G_GUINT64_CONSTANT (1024) * 1024)

/* VSM_PRIVATE_URI, _DIR, _DAEMON (set by tests/system/run-system-test.sh); exits with a TAP
 * bail-out when they are missing. */
void        rel_init              (void);
const char *rel_uri               (void);
/* How often libvirt-gobject warned that the daemon died during an open. */
guint       rel_lost_while_opening (void);
const char *rel_dir               (void);

/* Synchronous commands: they block the main loop, so never inside a
 * measured interval. */
char       *rel_run               (const char * const *argv,
                                   const char         *input,
                                   gboolean            may_fail,
                                   int                *exit_status);
char       *rel_virsh             (const char         *first,
                                   ...) G_GNUC_NULL_TERMINATED;
gboolean    rel_virsh_try         (char              **err_out,
                                   const char         *first,
                                   ...) G_GNUC_NULL_TERMINATED;
/* Runs virsh asynchronously, iterating the main loop meanwhile; fails the
 * test if it fails. Returns the monotonic time it exited at. */
gint64      rel_virsh_timed       (const char         *first,
                                   ...) G_GNUC_NULL_TERMINATED;
/* When the last rel_virsh_timed() started its virsh. */
gint64      rel_virsh_started_at  (void);
/* Runs a script of virsh commands (one per line) in one virsh process. */
char       *rel_virsh_script      (const char         *script);

/* The private daemon: "start", "stop", "kill9" run asynchronously (the
 * main loop keeps running); the returned process is to be waited for with
 * rel_wait_process(). */
GSubprocess *rel_daemon_spawn     (const char         *command);
gint64       rel_wait_process     (GSubprocess        *proc,
                                   guint               msec);
pid_t        rel_daemon_pid       (void);

/* name → GINT_TO_POINTER (active) of `virsh pool-list --all` */
GHashTable *rel_virsh_pools       (void);
/* names of `virsh vol-list POOL` */
GHashTable *rel_virsh_volumes     (const char         *pool);

/* Defines, builds and (if @start) starts a dir pool under rel_dir(), with
 * @n_volumes raw volumes named PREFIX-NNN.raw. */
void        rel_define_dir_pool   (const char         *name,
                                   gboolean            start,
                                   guint               n_volumes,
                                   const char         *prefix);

/* Loads the volumes of every active pool of @host that has none loaded. */
void        rel_load_all_volumes  (VsmHost            *host);
/* Whether the models of @host equal virsh: the same pool names with the
 * same active state, no duplicate rows, and for each active pool the same
 * volume names. On FALSE, *why says what differs. */
gboolean    rel_models_match      (VsmHost            *host,
                                   char              **why);
/* Waits (iterating, loading volumes as the window would) until
 * rel_models_match() or @msec pass; fails the test then. Returns the ms
 * it took. */
double      rel_assert_models_match (VsmHost          *host,
                                     guint             msec);

/* Main-loop meter: a 1 ms timeout records the longest gap between two
 * ticks (wall) and the most CPU time the main thread used within one gap
 * (busy: the part that is our code running, not the scheduler). */
typedef struct
{
  guint   source;
  gint64  last_tick;
  gint64  last_cpu;
  gint64  last_wait;
  gint64  max_gap;
  gint64  max_busy;
  guint   ticks;
  /* the longest gap, split: CPU time of the main thread, time it waited
   * runnable for a CPU (the scheduler's doing, /proc/thread-self/schedstat),
   * and the rest: sleeping in poll or blocked on a lock */
  gint64  gap_cpu;
  gint64  gap_wait;
  /* the longest gap less the time runnable but waiting for a CPU: what
   * running code or blocking (locks, synchronous I/O) in this thread cost */
  gint64  max_own;
} RelMeter;

void        rel_meter_start       (RelMeter           *m);
void        rel_meter_stop        (RelMeter           *m);
gint64      rel_thread_cpu_usec   (void);

/* Iterates the main loop for @msec. */
void        rel_spin              (guint               msec);

G_END_DECLS
