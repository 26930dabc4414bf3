/* vsm-job.c
 *
 * Copyright 2026 Virt Storage developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vsm-job"

#include "config.h"

#include <glib/gi18n.h>

#include "vsm-job.h"
#include "vsm-notify.h"
#include "vsm-size.h"

struct _VsmJob
{
  GObject       parent_instance;
  char         *title;
  char         *status;
  double        fraction;
  VsmJobState   state;
  gboolean      can_cancel;
  GCancellable *cancellable;

  gint64        started;
  gint64        last_time;
  guint64       last_done;
  double        speed;       /* bytes/s, smoothed */
};

G_DEFINE_FINAL_TYPE (VsmJob, vsm_job, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_TITLE,
  PROP_STATUS,
  PROP_FRACTION,
  PROP_STATE,
  PROP_RUNNING,
  PROP_CAN_CANCEL,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
set_status (VsmJob     *self,
            const char *status)
{
  vsm_notify_set_str (G_OBJECT (self), &self->status, status, properties[PROP_STATUS]);
}

static char *
format_duration (gint64 seconds)
{
  if (seconds >= 3600)
    return g_strdup_printf (_("%d h %02d min left"), (int) (seconds / 3600), (int) ((seconds % 3600) / 60));
  if (seconds >= 60)
    return g_strdup_printf (_("%d min %02d s left"), (int) (seconds / 60), (int) (seconds % 60));
  return g_strdup_printf (_("%d s left"), (int) seconds);
}

/**
 * vsm_job_set_progress:
 *
 * Updates the fraction and the status line: done of total, speed (an
 * exponential average, so the figure does not jitter) and time left.
 */
void
vsm_job_set_progress (VsmJob  *self,
                      guint64  done,
                      guint64  total)
{
  gint64 now = g_get_monotonic_time ();
  g_autofree char *sdone = vsm_size_format (done);
  g_autofree char *status = NULL;

  g_return_if_fail (VSM_IS_JOB (self));

  if (self->state != VSM_JOB_RUNNING)
    return;

  if (self->last_time != 0 && now > self->last_time && done >= self->last_done)
    {
      double inst = (double) (done - self->last_done) * G_USEC_PER_SEC / (double) (now - self->last_time);
      self->speed = self->speed == 0 ? inst : 0.7 * self->speed + 0.3 * inst;
    }
  self->last_time = now;
  self->last_done = done;

  if (total > 0)
    {
      g_autofree char *stotal = vsm_size_format (total);
      g_autofree char *sspeed = vsm_size_format ((guint64) self->speed);
      double fraction = MIN (1.0, (double) done / (double) total);

      if (self->speed > 1.0 && done < total)
        {
          g_autofree char *left = format_duration ((gint64) ((double) (total - done) / self->speed));
          /* Translators: "1.0 GB of 4.0 GB · 120 MB/s · 30 s left" */
          status = g_strdup_printf (_("%s of %s · %s/s · %s"), sdone, stotal, sspeed, left);
        }
      else
        status = g_strdup_printf (_("%s of %s"), sdone, stotal);

      if (fraction != self->fraction)
        {
          self->fraction = fraction;
          g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FRACTION]);
        }
    }
  else
    status = g_strdup_printf (_("%s transferred"), sdone);

  set_status (self, status);
}

/**
 * vsm_job_finish:
 * @error: (nullable): why it failed; cancellation is recorded as such
 */
void
vsm_job_finish (VsmJob       *self,
                const GError *error)
{
  g_autofree char *elapsed = NULL;

  g_return_if_fail (VSM_IS_JOB (self));

  if (self->state != VSM_JOB_RUNNING)
    return;

  if (error == NULL)
    {
      gint64 secs = (g_get_monotonic_time () - self->started) / G_USEC_PER_SEC;
      self->state = VSM_JOB_DONE;
      self->fraction = 1.0;
      elapsed = g_strdup_printf (ngettext ("Finished in %d second", "Finished in %d seconds", (int) secs), (int) secs);
      set_status (self, elapsed);
    }
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      self->state = VSM_JOB_CANCELLED;
      set_status (self, _("Cancelled"));
    }
  else
    {
      self->state = VSM_JOB_FAILED;
      set_status (self, error->message);
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FRACTION]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
}

void
vsm_job_cancel (VsmJob *self)
{
  g_return_if_fail (VSM_IS_JOB (self));
  if (self->state == VSM_JOB_RUNNING)
    g_cancellable_cancel (self->cancellable);
}

static void
vsm_job_finalize (GObject *object)
{
  VsmJob *self = VSM_JOB (object);

  g_free (self->title);
  g_free (self->status);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (vsm_job_parent_class)->finalize (object);
}

static void
vsm_job_get_property (GObject    *object,
                      guint       prop_id,
                      GValue     *value,
                      GParamSpec *pspec)
{
  VsmJob *self = VSM_JOB (object);

  switch (prop_id)
    {
    case PROP_TITLE: g_value_set_string (value, self->title); break;
    case PROP_STATUS: g_value_set_string (value, self->status); break;
    case PROP_FRACTION: g_value_set_double (value, self->fraction); break;
    case PROP_STATE: g_value_set_int (value, self->state); break;
    case PROP_RUNNING: g_value_set_boolean (value, self->state == VSM_JOB_RUNNING); break;
    case PROP_CAN_CANCEL: g_value_set_boolean (value, self->can_cancel); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vsm_job_class_init (VsmJobClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags ro = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = vsm_job_finalize;
  object_class->get_property = vsm_job_get_property;

  properties[PROP_TITLE] = g_param_spec_string ("title", NULL, NULL, NULL, ro);
  properties[PROP_STATUS] = g_param_spec_string ("status", NULL, NULL, NULL, ro);
  properties[PROP_FRACTION] = g_param_spec_double ("fraction", NULL, NULL, 0.0, 1.0, 0.0, ro);
  properties[PROP_STATE] = g_param_spec_int ("state", NULL, NULL, 0, VSM_JOB_CANCELLED, 0, ro);
  properties[PROP_RUNNING] = g_param_spec_boolean ("running", NULL, NULL, TRUE, ro);
  properties[PROP_CAN_CANCEL] = g_param_spec_boolean ("can-cancel", NULL, NULL, FALSE, ro);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
vsm_job_init (VsmJob *self)
{
  self->cancellable = g_cancellable_new ();
  self->started = g_get_monotonic_time ();
}

VsmJob *
vsm_job_new (const char *title,
             gboolean    can_cancel)
{
  VsmJob *self = g_object_new (VSM_TYPE_JOB, NULL);

  self->title = g_strdup (title);
  self->can_cancel = can_cancel;
  self->status = g_strdup (_("Starting…"));
  return self;
}

const char *vsm_job_get_title (VsmJob *self) { g_return_val_if_fail (VSM_IS_JOB (self), NULL); return self->title; }
const char *vsm_job_get_status (VsmJob *self) { g_return_val_if_fail (VSM_IS_JOB (self), NULL); return self->status; }
double vsm_job_get_fraction (VsmJob *self) { g_return_val_if_fail (VSM_IS_JOB (self), 0.0); return self->fraction; }
VsmJobState vsm_job_get_state (VsmJob *self) { g_return_val_if_fail (VSM_IS_JOB (self), VSM_JOB_FAILED); return self->state; }
gboolean vsm_job_get_can_cancel (VsmJob *self) { g_return_val_if_fail (VSM_IS_JOB (self), FALSE); return self->can_cancel; }
GCancellable *vsm_job_get_cancellable (VsmJob *self) { g_return_val_if_fail (VSM_IS_JOB (self), NULL); return self->cancellable; }
double vsm_job_get_speed (VsmJob *self) { g_return_val_if_fail (VSM_IS_JOB (self), 0.0); return self->speed; }
