/* vsm-ask.c
 *
 * A question from a worker to the user. The worker makes it, hands it to
 * the main thread (VsmConnection::ask) and blocks in vsm_ask_wait() until
 * the UI calls vsm_ask_answer() there, or the open is cancelled (the
 * connection closed or reopened meanwhile): then "finished" turns TRUE on
 * the main thread, so a dialog still showing the question goes away.
 *
 * A password lives in memory only, from the dialog to libvirt's auth
 * callback, and is overwritten before it is freed (vsm_secret_free()).
 *
 * Copyright 2026 Virt Storage developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vsm-ask"

#include "config.h"

#include <string.h>

#include "vsm-ask.h"

struct _VsmAsk
{
  GObject      parent_instance;

  VsmAskKind   kind;
  char        *user;
  char        *host;
  char        *key_type;
  char        *fingerprint;
  char        *known_hosts;
  gboolean     retry;

  GMutex       lock;
  GCond        cond;
  gboolean     answered;     /* under lock */
  gboolean     cancelled;    /* under lock */
  gboolean     yes;          /* under lock */
  char        *password;     /* under lock; a secret */
  gboolean     finished;     /* main thread: the property */
};

G_DEFINE_FINAL_TYPE (VsmAsk, vsm_ask, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_FINISHED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/**
 * vsm_secret_free:
 *
 * Overwrites a NUL-terminated secret before freeing it.
 */
void
vsm_secret_free (char *secret)
{
  if (secret == NULL)
    return;
  explicit_bzero (secret, strlen (secret));
  g_free (secret);
}

static void
set_finished (VsmAsk *self)
{
  if (!self->finished)
    {
      self->finished = TRUE;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FINISHED]);
    }
}

static void
vsm_ask_finalize (GObject *object)
{
  VsmAsk *self = VSM_ASK (object);

  g_free (self->user);
  g_free (self->host);
  g_free (self->key_type);
  g_free (self->fingerprint);
  g_free (self->known_hosts);
  vsm_secret_free (self->password);
  g_mutex_clear (&self->lock);
  g_cond_clear (&self->cond);

  G_OBJECT_CLASS (vsm_ask_parent_class)->finalize (object);
}

static void
vsm_ask_get_property (GObject    *object,
                      guint       prop_id,
                      GValue     *value,
                      GParamSpec *pspec)
{
  VsmAsk *self = VSM_ASK (object);

  switch (prop_id)
    {
    case PROP_FINISHED:
      g_value_set_boolean (value, self->finished);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vsm_ask_class_init (VsmAskClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = vsm_ask_finalize;
  object_class->get_property = vsm_ask_get_property;

  /**
   * VsmAsk:finished:
   *
   * Answered, or no longer wanted (the open was cancelled). Changes on the
   * main thread only.
   */
  properties[PROP_FINISHED] =
    g_param_spec_boolean ("finished", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
vsm_ask_init (VsmAsk *self)
{
  g_mutex_init (&self->lock);
  g_cond_init (&self->cond);
}

/**
 * vsm_ask_new:
 * @user: (nullable): the remote user name
 * @host: the host as the user knows it (with ":port" when not 22)
 */
VsmAsk *
vsm_ask_new (VsmAskKind  kind,
             const char *user,
             const char *host)
{
  VsmAsk *self;

  g_return_val_if_fail (host != NULL, NULL);

  self = g_object_new (VSM_TYPE_ASK, NULL);
  self->kind = kind;
  self->user = g_strdup (user);
  self->host = g_strdup (host);
  return self;
}

/**
 * vsm_ask_set_host_key:
 * @key_type: "ED25519", "ECDSA", "RSA"…
 * @fingerprint: "SHA256:…", as `ssh-keygen -lf` prints it
 * @known_hosts: the file the key is saved to once trusted
 */
void
vsm_ask_set_host_key (VsmAsk     *self,
                      const char *key_type,
                      const char *fingerprint,
                      const char *known_hosts)
{
  g_return_if_fail (VSM_IS_ASK (self));

  g_free (self->key_type);
  self->key_type = g_strdup (key_type);
  g_free (self->fingerprint);
  self->fingerprint = g_strdup (fingerprint);
  g_free (self->known_hosts);
  self->known_hosts = g_strdup (known_hosts);
}

/* A password asked again: the last one was not accepted. */
void
vsm_ask_set_retry (VsmAsk   *self,
                   gboolean  retry)
{
  g_return_if_fail (VSM_IS_ASK (self));
  self->retry = retry;
}

VsmAskKind
vsm_ask_get_kind (VsmAsk *self)
{
  g_return_val_if_fail (VSM_IS_ASK (self), VSM_ASK_HOST_KEY);
  return self->kind;
}

const char *
vsm_ask_get_user (VsmAsk *self)
{
  g_return_val_if_fail (VSM_IS_ASK (self), NULL);
  return self->user;
}

const char *
vsm_ask_get_host (VsmAsk *self)
{
  g_return_val_if_fail (VSM_IS_ASK (self), NULL);
  return self->host;
}

const char *
vsm_ask_get_key_type (VsmAsk *self)
{
  g_return_val_if_fail (VSM_IS_ASK (self), NULL);
  return self->key_type;
}

const char *
vsm_ask_get_fingerprint (VsmAsk *self)
{
  g_return_val_if_fail (VSM_IS_ASK (self), NULL);
  return self->fingerprint;
}

const char *
vsm_ask_get_known_hosts (VsmAsk *self)
{
  g_return_val_if_fail (VSM_IS_ASK (self), NULL);
  return self->known_hosts;
}

gboolean
vsm_ask_get_retry (VsmAsk *self)
{
  g_return_val_if_fail (VSM_IS_ASK (self), FALSE);
  return self->retry;
}

gboolean
vsm_ask_get_finished (VsmAsk *self)
{
  g_return_val_if_fail (VSM_IS_ASK (self), FALSE);
  return self->finished;
}

/**
 * vsm_ask_answer:
 * @yes: trust the key, or use @password; %FALSE: the user declined
 * @password: (nullable): the password (copied)
 *
 * On the main thread. Only the first answer counts.
 */
void
vsm_ask_answer (VsmAsk     *self,
                gboolean    yes,
                const char *password)
{
  g_return_if_fail (VSM_IS_ASK (self));

  g_mutex_lock (&self->lock);
  if (!self->answered && !self->cancelled)
    {
      self->answered = TRUE;
      self->yes = yes;
      self->password = yes ? g_strdup (password) : NULL;
      g_cond_broadcast (&self->cond);
    }
  g_mutex_unlock (&self->lock);
  set_finished (self);
}

static gboolean
finish_on_main (gpointer data)
{
  set_finished (data);
  return G_SOURCE_REMOVE;
}

static void
cancelled_cb (GCancellable *cancellable,
              VsmAsk       *self)
{
  g_mutex_lock (&self->lock);
  self->cancelled = TRUE;
  g_cond_broadcast (&self->cond);
  g_mutex_unlock (&self->lock);
  /* The cancellable may fire on any thread: "finished" changes on the
   * main one. */
  g_idle_add_full (G_PRIORITY_DEFAULT, finish_on_main, g_object_ref (self), g_object_unref);
}

/**
 * vsm_ask_wait:
 * @password: (out) (optional): the password answered, to be freed with
 *   vsm_secret_free()
 *
 * In the worker: blocks until the question is answered or @cancellable is
 * cancelled.
 *
 * Returns: %TRUE when the user said yes
 */
gboolean
vsm_ask_wait (VsmAsk        *self,
              GCancellable  *cancellable,
              char         **password)
{
  gulong handler = 0;
  gboolean yes;

  g_return_val_if_fail (VSM_IS_ASK (self), FALSE);

  if (cancellable != NULL)
    handler = g_cancellable_connect (cancellable, G_CALLBACK (cancelled_cb), self, NULL);

  g_mutex_lock (&self->lock);
  while (!self->answered && !self->cancelled)
    g_cond_wait (&self->cond, &self->lock);
  yes = self->answered && self->yes;
  if (password != NULL)
    *password = yes ? g_steal_pointer (&self->password) : NULL;
  g_mutex_unlock (&self->lock);

  g_cancellable_disconnect (cancellable, handler);
  return yes;
}
