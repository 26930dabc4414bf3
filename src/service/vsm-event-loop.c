/* vsm-event-loop.c
 *
 * Copyright 2026 Virt Storage developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* libvirt's event loop on a thread of its own.
 *
 * libvirt needs an event loop for events, the close callback, keepalive
 * and the client socket between calls. libvirt-glib's (gvir_init_object)
 * and libvirt 9.0's default one both run on GLib's global default
 * context, i.e. on the GTK main thread: every stream packet then woke the
 * UI thread twice (the socket watch is switched off and on around each
 * call) and a domain event even made a synchronous RPC there
 * (libvirt-gobject's handler calls virDomainIsPersistent).
 *
 * Here the watches and timers live on a private GMainContext iterated by
 * one thread, "vsm-libvirt". Every libvirt callback therefore runs on that
 * thread; the service forwards what the UI must see to the main context
 * (_vsm_post_to_context). libvirt's event implementation is process-wide
 * by design (virEventRegisterImpl can be called once), hence the one
 * static instance, created once and never torn down: libvirt requires the
 * loop to keep running as long as any connection may still hold a watch.
 */

#include "config.h"

#include "vsm-event-loop.h"

#include <gio/gio.h>
#include <glib-unix.h>
#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>
#include <libvirt-glib/libvirt-glib.h>
#include <libvirt-gconfig/libvirt-gconfig.h>

typedef enum
{
  WATCH_HANDLE,
  WATCH_TIMEOUT,
} WatchKind;

typedef struct
{
  WatchKind        kind;
  int              id;
  int              fd;          /* handles only */
  int              value;       /* handles: VIR_EVENT_HANDLE_* mask; timeouts: interval in ms, -1 off */
  gpointer         cb;          /* virEventHandleCallback or virEventTimeoutCallback */
  void            *opaque;
  virFreeCallback  ff;
  GSource         *source;      /* armed source on the loop's context, or NULL */
  gboolean         removed;
} Watch;                        /* in a g_atomic_rc_box; never calls ff itself: that happens
                                   on the loop thread (free_idle_cb) */

typedef struct
{
  GMutex        lock;
  GMainContext *context;
  GThread      *thread;
  GHashTable   *watches;        /* id → Watch */
  int           next_id;        /* one numbering for handles and timeouts: updating or
                                   removing a watch is then one call for both */
} Loop;

/* The single process-wide instance (see above); written once under g_once. */
static Loop *the_loop;

static GIOCondition
events_to_condition (int events)
{
  GIOCondition cond = 0;

  if (events & VIR_EVENT_HANDLE_READABLE)
    cond |= G_IO_IN;
  if (events & VIR_EVENT_HANDLE_WRITABLE)
    cond |= G_IO_OUT;
  /* poll() reports errors and hang-ups whether asked or not; ask for
   * them so GLib hands them on instead of spinning on a ready fd. */
  return cond | G_IO_ERR | G_IO_HUP;
}

static int
condition_to_events (GIOCondition cond)
{
  int events = 0;

  if (cond & G_IO_IN)
    events |= VIR_EVENT_HANDLE_READABLE;
  if (cond & G_IO_OUT)
    events |= VIR_EVENT_HANDLE_WRITABLE;
  if (cond & (G_IO_ERR | G_IO_NVAL))
    events |= VIR_EVENT_HANDLE_ERROR;
  if (cond & G_IO_HUP)
    events |= VIR_EVENT_HANDLE_HANGUP;
  return events;
}

/* What a dispatch calls, read under the lock; FALSE once the watch is
 * removed (its source is destroyed, this dispatch was already under way).
 * The callback itself runs unlocked: it may add, update or remove watches. */
static gboolean
watch_take (Watch     *w,
            gpointer  *cb,
            void     **opaque,
            int       *id)
{
  gboolean live;

  g_mutex_lock (&the_loop->lock);
  live = !w->removed;
  *cb = w->cb;
  *opaque = w->opaque;
  *id = w->id;
  g_mutex_unlock (&the_loop->lock);
  return live;
}

static gboolean
handle_dispatch_cb (int          fd,
                    GIOCondition cond,
                    gpointer     data)
{
  gpointer cb;
  void *opaque;
  int id;

  if (watch_take (data, &cb, &opaque, &id))
    ((virEventHandleCallback) cb) (id, fd, condition_to_events (cond), opaque);
  return G_SOURCE_CONTINUE;
}

static gboolean
timeout_dispatch_cb (gpointer data)
{
  gpointer cb;
  void *opaque;
  int id;

  if (watch_take (data, &cb, &opaque, &id))
    ((virEventTimeoutCallback) cb) (id, opaque);
  return G_SOURCE_CONTINUE;
}

/* Drops the armed source and arms a new one for w->value. Lock held. */
static void
watch_arm (Watch *w)
{
  GSource *source = NULL;

  if (w->source != NULL)
    {
      g_source_destroy (w->source);
      g_clear_pointer (&w->source, g_source_unref);
    }
  if (w->removed)
    return;

  if (w->kind == WATCH_HANDLE && w->value != 0)
    {
      source = g_unix_fd_source_new (w->fd, events_to_condition (w->value));
      g_source_set_callback (source, (GSourceFunc) (void (*) (void)) handle_dispatch_cb,
                             g_atomic_rc_box_acquire (w), g_atomic_rc_box_release);
      g_source_set_static_name (source, "[vsm] libvirt handle");
    }
  else if (w->kind == WATCH_TIMEOUT && w->value >= 0)
    {
      source = g_timeout_source_new ((guint) w->value);
      g_source_set_callback (source, timeout_dispatch_cb, g_atomic_rc_box_acquire (w), g_atomic_rc_box_release);
      g_source_set_static_name (source, "[vsm] libvirt timer");
    }

  if (source != NULL)
    {
      g_source_set_priority (source, G_PRIORITY_DEFAULT);
      g_source_attach (source, the_loop->context);
      w->source = source;
    }
}

static int
watch_add (WatchKind        kind,
           int              fd,
           int              value,
           gpointer         cb,
           void            *opaque,
           virFreeCallback  ff)
{
  Watch *w = g_atomic_rc_box_new0 (Watch);
  int id;

  w->kind = kind;
  w->fd = fd;
  w->value = value;
  w->cb = cb;
  w->opaque = opaque;
  w->ff = ff;

  g_mutex_lock (&the_loop->lock);
  id = ++the_loop->next_id;
  w->id = id;
  g_hash_table_insert (the_loop->watches, GINT_TO_POINTER (id), w);
  watch_arm (w);
  g_mutex_unlock (&the_loop->lock);

  return id;
}

/* libvirt's update_handle (@value: events) and update_timeout (@value:
 * interval) */
static void
watch_update (int id,
              int value)
{
  Watch *w;

  g_mutex_lock (&the_loop->lock);
  w = g_hash_table_lookup (the_loop->watches, GINT_TO_POINTER (id));
  if (w != NULL)
    {
      /* libvirt's client flips the socket watch around every call; an
       * unchanged handle keeps its source. A timeout restarts its period,
       * as in libvirt's own loop. */
      if (w->kind == WATCH_TIMEOUT || w->value != value)
        {
          w->value = value;
          watch_arm (w);
        }
    }
  g_mutex_unlock (&the_loop->lock);
}

static gboolean
free_idle_cb (gpointer data)
{
  Watch *w = data;

  /* On the loop thread, after any dispatch of this watch has returned. */
  w->ff (w->opaque);
  return G_SOURCE_REMOVE;
}

/* libvirt's remove_handle and remove_timeout */
static int
watch_remove (int id)
{
  Watch *w;

  g_mutex_lock (&the_loop->lock);
  w = g_hash_table_lookup (the_loop->watches, GINT_TO_POINTER (id));
  if (w == NULL)
    {
      g_mutex_unlock (&the_loop->lock);
      return -1;
    }
  w->removed = TRUE;
  watch_arm (w);
  if (w->ff != NULL)
    {
      g_autoptr(GSource) idle = g_idle_source_new ();

      g_source_set_priority (idle, G_PRIORITY_HIGH);
      g_source_set_callback (idle, free_idle_cb, g_atomic_rc_box_acquire (w), g_atomic_rc_box_release);
      g_source_set_static_name (idle, "[vsm] libvirt free");
      g_source_attach (idle, the_loop->context);
    }
  g_hash_table_remove (the_loop->watches, GINT_TO_POINTER (id));
  g_mutex_unlock (&the_loop->lock);
  return 0;
}

static int
add_handle (int                    fd,
            int                    events,
            virEventHandleCallback cb,
            void                  *opaque,
            virFreeCallback        ff)
{
  return watch_add (WATCH_HANDLE, fd, events, (gpointer) cb, opaque, ff);
}

static int
add_timeout (int                     interval,
             virEventTimeoutCallback cb,
             void                   *opaque,
             virFreeCallback         ff)
{
  return watch_add (WATCH_TIMEOUT, -1, interval, (gpointer) cb, opaque, ff);
}

static gpointer
loop_thread (gpointer data)
{
  Loop *loop = data;

  g_main_context_push_thread_default (loop->context);
  for (;;)
    g_main_context_iteration (loop->context, TRUE);
  return NULL;
}

static gpointer
init_once (gpointer data)
{
  GError **error = data;
  gboolean quiet;
  Loop *loop;
  int rc;

  /* GVirConnection's class_init calls gvir_event_register(), which libvirt
   * refuses (ours is registered by then) with a warning on stderr at every
   * start. libvirt reads its log filters from the environment once, in
   * virInitialize(): filter that one module's warnings there, unless the
   * user asked for libvirt logging, and leave the environment as it was. */
  quiet = g_getenv ("LIBVIRT_LOG_FILTERS") == NULL && g_getenv ("LIBVIRT_DEBUG") == NULL;
  if (quiet)
    g_setenv ("LIBVIRT_LOG_FILTERS", "4:util.event", TRUE);
  rc = virInitialize ();
  if (quiet)
    g_unsetenv ("LIBVIRT_LOG_FILTERS");
  if (rc < 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   "libvirt could not be initialised: %s", virGetLastErrorMessage ());
      return GINT_TO_POINTER (FALSE);
    }

  loop = g_new0 (Loop, 1);
  g_mutex_init (&loop->lock);
  loop->context = g_main_context_new ();
  loop->watches = g_hash_table_new_full (NULL, NULL, NULL, g_atomic_rc_box_release);
  the_loop = loop;

  /* Registered before libvirt-glib's: we never call gvir_init_object(),
   * whose gvir_event_register() would put the loop on the default context. */
  virEventRegisterImpl (add_handle, watch_update, watch_remove,
                        add_timeout, watch_update, watch_remove);
  loop->thread = g_thread_new ("vsm-libvirt", loop_thread, loop);

  if (!gvir_init_check (NULL, NULL, error) ||
      !gvir_config_init_check (NULL, NULL, error))
    return GINT_TO_POINTER (FALSE);
  return GINT_TO_POINTER (TRUE);
}

/**
 * vsm_libvirt_init:
 *
 * Initialises libvirt, libvirt-glib and libvirt-gobject with libvirt's
 * event loop on the "vsm-libvirt" thread. Call it once, before any
 * connection is opened, instead of gvir_init_object(). Later calls return
 * the first call's result.
 *
 * Returns: %TRUE on success
 */
gboolean
vsm_libvirt_init (GError **error)
{
  static GOnce once = G_ONCE_INIT;
  g_autoptr(GError) local = NULL;
  gboolean ok;

  ok = GPOINTER_TO_INT (g_once (&once, init_once, &local));
  if (!ok)
    {
      if (local != NULL)
        g_propagate_error (error, g_steal_pointer (&local));
      else
        g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                             "libvirt could not be initialised");
    }
  return ok;
}

/**
 * vsm_event_loop_get_context:
 *
 * Returns: (transfer none) (nullable): the context libvirt's callbacks run
 *   on, or %NULL before vsm_libvirt_init()
 */
GMainContext *
vsm_event_loop_get_context (void)
{
  return the_loop != NULL ? the_loop->context : NULL;
}

/**
 * vsm_event_loop_is_loop_thread:
 *
 * Returns: whether the caller runs on libvirt's event-loop thread
 */
gboolean
vsm_event_loop_is_loop_thread (void)
{
  return the_loop != NULL && g_thread_self () == the_loop->thread;
}

/**
 * vsm_event_loop_count_live:
 *
 * Returns: how many handles and timeouts libvirt holds now (for tests)
 */
guint
vsm_event_loop_count_live (void)
{
  guint n;

  if (the_loop == NULL)
    return 0;
  g_mutex_lock (&the_loop->lock);
  n = g_hash_table_size (the_loop->watches);
  g_mutex_unlock (&the_loop->lock);
  return n;
}
