/* test-event-loop.c: libvirt's event loop on its own thread
 *
 * Drives the implementation through libvirt's public virEventAddHandle,
 * virEventUpdateHandle, virEventRemoveHandle and the timeout equivalents
 * (which call whatever implementation is registered) and never iterates the main context: every
 * callback must arrive on the "vsm-libvirt" thread by itself.
 *
 * Copyright 2026 Virt Storage developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <glib.h>
#include <glib-unix.h>
#include <libvirt/libvirt.h>
#include <unistd.h>

#include "vsm-event-loop.h"

#define WAIT_USEC (5 * G_USEC_PER_SEC)

typedef struct
{
  GMutex   lock;
  GCond    cond;
  int      fds[2];
  guint    calls;
  int      last_events;
  gboolean wrong_thread;
  gboolean main_thread;
  guint    freed;
  gboolean freed_wrong_thread;
  int      watch;
  gboolean remove_in_callback;
  gboolean drain;
} Probe;

static void
probe_init (Probe *p)
{
  g_autoptr(GError) error = NULL;

  g_mutex_init (&p->lock);
  g_cond_init (&p->cond);
  g_assert_true (g_unix_open_pipe (p->fds, FD_CLOEXEC, &error));
  g_assert_no_error (error);
  g_assert_true (g_unix_set_fd_nonblocking (p->fds[0], TRUE, NULL));
  p->drain = TRUE;
}

static void
probe_clear (Probe *p)
{
  if (p->fds[0] >= 0)
    close (p->fds[0]);
  if (p->fds[1] >= 0)
    close (p->fds[1]);
  g_mutex_clear (&p->lock);
  g_cond_clear (&p->cond);
}

static GThread *main_thread;

static void
record_thread (Probe *p)
{
  if (!vsm_event_loop_is_loop_thread ())
    p->wrong_thread = TRUE;
  if (g_thread_self () == main_thread)
    p->main_thread = TRUE;
}

static void
handle_cb (int   watch,
           int   fd,
           int   events,
           void *opaque)
{
  Probe *p = opaque;
  char buf[64];

  if (p->drain)
    while (read (fd, buf, sizeof buf) > 0)
      ;
  g_mutex_lock (&p->lock);
  record_thread (p);
  p->calls++;
  p->last_events = events;
  if (p->remove_in_callback)
    {
      g_assert_cmpint (virEventRemoveHandle (watch), ==, 0);
      p->remove_in_callback = FALSE;
    }
  g_cond_broadcast (&p->cond);
  g_mutex_unlock (&p->lock);
}

static void
timeout_cb (int   timer,
            void *opaque)
{
  Probe *p = opaque;

  g_mutex_lock (&p->lock);
  record_thread (p);
  p->calls++;
  if (p->remove_in_callback)
    {
      g_assert_cmpint (virEventRemoveTimeout (timer), ==, 0);
      p->remove_in_callback = FALSE;
    }
  g_cond_broadcast (&p->cond);
  g_mutex_unlock (&p->lock);
}

static void
free_cb (void *opaque)
{
  Probe *p = opaque;

  g_mutex_lock (&p->lock);
  if (!vsm_event_loop_is_loop_thread ())
    p->freed_wrong_thread = TRUE;
  p->freed++;
  g_cond_broadcast (&p->cond);
  g_mutex_unlock (&p->lock);
}

/* Waits until p->calls reaches @calls; FALSE on timeout. */
static gboolean
wait_calls (Probe *p,
            guint  calls)
{
  gint64 end = g_get_monotonic_time () + WAIT_USEC;
  gboolean ok = TRUE;

  g_mutex_lock (&p->lock);
  while (p->calls < calls && ok)
    ok = g_cond_wait_until (&p->cond, &p->lock, end);
  ok = p->calls >= calls;
  g_mutex_unlock (&p->lock);
  return ok;
}

static gboolean
wait_freed (Probe *p)
{
  gint64 end = g_get_monotonic_time () + WAIT_USEC;
  gboolean ok = TRUE;

  g_mutex_lock (&p->lock);
  while (p->freed == 0 && ok)
    ok = g_cond_wait_until (&p->cond, &p->lock, end);
  ok = p->freed > 0;
  g_mutex_unlock (&p->lock);
  return ok;
}

static guint
calls_now (Probe *p)
{
  guint n;

  g_mutex_lock (&p->lock);
  n = p->calls;
  g_mutex_unlock (&p->lock);
  return n;
}

static void
sync_cb (int   timer,
         void *opaque)
{
  Probe *p = opaque;

  virEventRemoveTimeout (timer);
  g_mutex_lock (&p->lock);
  p->calls++;
  g_cond_broadcast (&p->cond);
  g_mutex_unlock (&p->lock);
}

/* Returns once the loop thread ran a callback queued now: any dispatch
 * that was under way has returned by then, and removed watches start no
 * new one, so a probe their callbacks used can be freed. */
static void
loop_sync (void)
{
  Probe s = { 0 };

  g_mutex_init (&s.lock);
  g_cond_init (&s.cond);
  g_assert_cmpint (virEventAddTimeout (0, sync_cb, &s, NULL), >=, 0);
  g_assert_true (wait_calls (&s, 1));
  g_mutex_clear (&s.lock);
  g_cond_clear (&s.cond);
}

static void
poke (Probe *p)
{
  g_assert_cmpint (write (p->fds[1], "x", 1), ==, 1);
}

static void
test_init_twice (void)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (vsm_libvirt_init (&error));
  g_assert_no_error (error);
  g_assert_true (vsm_libvirt_init (&error));
  g_assert_no_error (error);
  g_assert_nonnull (vsm_event_loop_get_context ());
  g_assert_true (vsm_event_loop_get_context () != g_main_context_default ());
  g_assert_false (vsm_event_loop_is_loop_thread ());
}

static void
test_handle_readable (void)
{
  Probe p = { 0 };
  guint live0 = vsm_event_loop_count_live ();
  int watch;

  probe_init (&p);
  watch = virEventAddHandle (p.fds[0], VIR_EVENT_HANDLE_READABLE, handle_cb, &p, free_cb);
  g_assert_cmpint (watch, >=, 0);
  g_assert_cmpuint (vsm_event_loop_count_live (), ==, live0 + 1);

  /* nothing to read: no call */
  g_usleep (50 * 1000);
  g_assert_cmpuint (calls_now (&p), ==, 0);

  poke (&p);
  g_assert_true (wait_calls (&p, 1));
  g_assert_cmpint (p.last_events & VIR_EVENT_HANDLE_READABLE, !=, 0);
  poke (&p);
  g_assert_true (wait_calls (&p, 2));

  g_assert_cmpint (virEventRemoveHandle (watch), ==, 0);
  g_assert_true (wait_freed (&p));
  g_assert_cmpuint (p.freed, ==, 1);
  g_assert_false (p.freed_wrong_thread);
  g_assert_cmpuint (vsm_event_loop_count_live (), ==, live0);

  /* removed: no more calls, and a second remove fails */
  poke (&p);
  g_usleep (100 * 1000);
  g_assert_cmpuint (calls_now (&p), ==, 2);
  g_assert_cmpint (virEventRemoveHandle (watch), ==, -1);

  g_assert_false (p.wrong_thread);
  g_assert_false (p.main_thread);
  probe_clear (&p);
}

static void
test_handle_update (void)
{
  Probe p = { 0 };
  int watch;

  probe_init (&p);
  /* registered with no events: armed by update only */
  watch = virEventAddHandle (p.fds[0], 0, handle_cb, &p, NULL);
  g_assert_cmpint (watch, >=, 0);
  poke (&p);
  g_usleep (100 * 1000);
  g_assert_cmpuint (calls_now (&p), ==, 0);

  virEventUpdateHandle (watch, VIR_EVENT_HANDLE_READABLE);
  g_assert_true (wait_calls (&p, 1));

  /* switched off again: data waits */
  virEventUpdateHandle (watch, 0);
  poke (&p);
  g_usleep (100 * 1000);
  g_assert_cmpuint (calls_now (&p), ==, 1);
  /* the same mask twice keeps it armed */
  virEventUpdateHandle (watch, VIR_EVENT_HANDLE_READABLE);
  virEventUpdateHandle (watch, VIR_EVENT_HANDLE_READABLE);
  g_assert_true (wait_calls (&p, 2));

  /* writable: an empty pipe's write end is always ready */
  {
    Probe w = { 0 };
    int wwatch;

    probe_init (&w);
    w.drain = FALSE;
    wwatch = virEventAddHandle (w.fds[1], VIR_EVENT_HANDLE_WRITABLE, handle_cb, &w, NULL);
    g_assert_true (wait_calls (&w, 1));
    g_assert_cmpint (w.last_events & VIR_EVENT_HANDLE_WRITABLE, !=, 0);
    g_assert_cmpint (virEventRemoveHandle (wwatch), ==, 0);
    loop_sync ();   /* the write end stays ready: a dispatch may be under way */
    g_assert_false (w.wrong_thread);
    probe_clear (&w);
  }

  g_assert_cmpint (virEventRemoveHandle (watch), ==, 0);
  loop_sync ();
  g_assert_false (p.wrong_thread);
  probe_clear (&p);
}

static void
test_handle_hangup (void)
{
  Probe p = { 0 };
  int watch;

  probe_init (&p);
  p.remove_in_callback = TRUE;   /* a closed peer: one call, then gone */
  watch = virEventAddHandle (p.fds[0], VIR_EVENT_HANDLE_READABLE, handle_cb, &p, free_cb);
  g_assert_cmpint (watch, >=, 0);
  close (p.fds[1]);
  p.fds[1] = -1;
  g_assert_true (wait_calls (&p, 1));
  g_assert_cmpint (p.last_events & VIR_EVENT_HANDLE_HANGUP, !=, 0);
  g_assert_true (wait_freed (&p));
  /* removed from inside its own callback: never called again although
   * the fd stays hung up */
  g_usleep (100 * 1000);
  g_assert_cmpuint (calls_now (&p), ==, 1);
  g_assert_cmpuint (p.freed, ==, 1);
  g_assert_false (p.freed_wrong_thread);
  g_assert_false (p.wrong_thread);
  probe_clear (&p);
}

static void
test_timeout (void)
{
  Probe p = { 0 };
  guint live0 = vsm_event_loop_count_live ();
  gint64 t0;
  int timer;
  guint n;

  probe_init (&p);
  t0 = g_get_monotonic_time ();
  timer = virEventAddTimeout (20, timeout_cb, &p, free_cb);
  g_assert_cmpint (timer, >=, 0);
  g_assert_cmpuint (vsm_event_loop_count_live (), ==, live0 + 1);
  /* periodic, and not before its interval */
  g_assert_true (wait_calls (&p, 1));
  g_assert_cmpint (g_get_monotonic_time () - t0, >=, 19 * 1000);
  g_assert_true (wait_calls (&p, 3));

  /* -1 disables */
  virEventUpdateTimeout (timer, -1);
  n = calls_now (&p);
  g_usleep (150 * 1000);
  g_assert_cmpuint (calls_now (&p), <=, n + 1);   /* one may have been under way */
  n = calls_now (&p);
  g_usleep (100 * 1000);
  g_assert_cmpuint (calls_now (&p), ==, n);

  /* 0 fires on every iteration */
  virEventUpdateTimeout (timer, 0);
  g_assert_true (wait_calls (&p, n + 50));

  g_assert_cmpint (virEventRemoveTimeout (timer), ==, 0);
  g_assert_true (wait_freed (&p));
  n = calls_now (&p);
  g_usleep (50 * 1000);
  g_assert_cmpuint (calls_now (&p), <=, n + 1);
  g_assert_cmpint (virEventRemoveTimeout (timer), ==, -1);
  g_assert_cmpuint (vsm_event_loop_count_live (), ==, live0);
  g_assert_false (p.wrong_thread);
  g_assert_false (p.freed_wrong_thread);
  probe_clear (&p);
}

static void
test_timeout_remove_in_callback (void)
{
  Probe p = { 0 };
  int timer;

  probe_init (&p);
  p.remove_in_callback = TRUE;
  timer = virEventAddTimeout (0, timeout_cb, &p, free_cb);
  g_assert_cmpint (timer, >=, 0);
  g_assert_true (wait_freed (&p));
  g_usleep (50 * 1000);
  g_assert_cmpuint (calls_now (&p), ==, 1);
  g_assert_cmpuint (p.freed, ==, 1);
  g_assert_false (p.wrong_thread);
  probe_clear (&p);
}

/* Handles and timeouts number independently, as in libvirt's own loop. */
static void
test_ids (void)
{
  Probe p = { 0 };
  int h1, h2, t1, t2;

  probe_init (&p);
  h1 = virEventAddHandle (p.fds[0], 0, handle_cb, &p, NULL);
  h2 = virEventAddHandle (p.fds[0], 0, handle_cb, &p, NULL);
  t1 = virEventAddTimeout (-1, timeout_cb, &p, NULL);
  t2 = virEventAddTimeout (-1, timeout_cb, &p, NULL);
  g_assert_cmpint (h1, >=, 0);
  g_assert_cmpint (h2, >, h1);
  g_assert_cmpint (t1, >=, 0);
  g_assert_cmpint (t2, >, t1);
  /* removing a timeout never removes the handle with the same number */
  g_assert_cmpint (virEventRemoveTimeout (t1), ==, 0);
  g_assert_cmpint (virEventRemoveHandle (h1), ==, 0);
  g_assert_cmpint (virEventRemoveHandle (h2), ==, 0);
  g_assert_cmpint (virEventRemoveTimeout (t2), ==, 0);
  g_assert_cmpint (virEventRemoveTimeout (t2), ==, -1);
  loop_sync ();
  g_assert_cmpuint (calls_now (&p), ==, 0);
  probe_clear (&p);
}

/* Many threads adding, updating and removing at once. */
typedef struct
{
  Probe *p;
  guint  rounds;
} Churn;

static gpointer
churn_thread (gpointer data)
{
  Churn *c = data;

  for (guint i = 0; i < c->rounds; i++)
    {
      int h = virEventAddHandle (c->p->fds[0], VIR_EVENT_HANDLE_READABLE, handle_cb, c->p, NULL);
      int t = virEventAddTimeout (0, timeout_cb, c->p, NULL);

      virEventUpdateHandle (h, 0);
      virEventUpdateHandle (h, VIR_EVENT_HANDLE_READABLE);
      virEventUpdateTimeout (t, 1);
      g_assert_cmpint (virEventRemoveHandle (h), ==, 0);
      g_assert_cmpint (virEventRemoveTimeout (t), ==, 0);
    }
  return NULL;
}

static void
test_concurrent (void)
{
  Probe p = { 0 };
  guint live0 = vsm_event_loop_count_live ();
  GThread *threads[4];
  Churn c;

  probe_init (&p);
  c.p = &p;
  c.rounds = 500;
  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    threads[i] = g_thread_new ("churn", churn_thread, &c);
  for (guint i = 0; i < 100; i++)
    poke (&p);
  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    g_thread_join (threads[i]);
  g_assert_cmpuint (vsm_event_loop_count_live (), ==, live0);
  loop_sync ();
  g_assert_false (p.wrong_thread);
  probe_clear (&p);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  main_thread = g_thread_self ();
  g_assert_true (vsm_libvirt_init (NULL));

  g_test_add_func ("/event-loop/init-twice", test_init_twice);
  g_test_add_func ("/event-loop/handle-readable", test_handle_readable);
  g_test_add_func ("/event-loop/handle-update", test_handle_update);
  g_test_add_func ("/event-loop/handle-hangup", test_handle_hangup);
  g_test_add_func ("/event-loop/timeout", test_timeout);
  g_test_add_func ("/event-loop/timeout-remove-in-callback", test_timeout_remove_in_callback);
  g_test_add_func ("/event-loop/ids", test_ids);
  g_test_add_func ("/event-loop/concurrent", test_concurrent);

  return g_test_run ();
}
