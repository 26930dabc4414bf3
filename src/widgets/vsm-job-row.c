/* vsm-job-row.c
 *
 * A row of the Operations popover: a job's title, progress, status and
 * Cancel button, bound to the VsmJob (the row only reads it; Cancel asks
 * the job).
 *
 * Copyright 2026 Virt Storage developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vsm-job-row"

#include "config.h"

#include <glib/gi18n.h>

#include "vsm-job-row.h"

struct _VsmJobRow
{
  GtkListBoxRow   parent_instance;

  VsmJob         *job;

  GtkLabel       *title_label;
  GtkProgressBar *bar;
  GtkLabel       *status_label;
  GtkButton      *cancel_button;
};

G_DEFINE_FINAL_TYPE (VsmJobRow, vsm_job_row, GTK_TYPE_LIST_BOX_ROW)

static void
update (VsmJobRow *self)
{
  gboolean running = vsm_job_get_state (self->job) == VSM_JOB_RUNNING;

  gtk_widget_set_visible (GTK_WIDGET (self->cancel_button), running && vsm_job_get_can_cancel (self->job));
  if (vsm_job_get_state (self->job) == VSM_JOB_FAILED)
    gtk_widget_add_css_class (GTK_WIDGET (self->status_label), "error");
}

static void
cancel_clicked_cb (VsmJobRow *self)
{
  vsm_job_cancel (self->job);
}

/**
 * vsm_job_row_new:
 *
 * Returns: (transfer floating): a row showing @job
 */
GtkWidget *
vsm_job_row_new (VsmJob *job)
{
  VsmJobRow *self;

  g_return_val_if_fail (VSM_IS_JOB (job), NULL);

  self = g_object_new (VSM_TYPE_JOB_ROW, NULL);
  self->job = g_object_ref (job);
  g_object_bind_property (job, "title", self->title_label, "label", G_BINDING_SYNC_CREATE);
  g_object_bind_property (job, "status", self->status_label, "label", G_BINDING_SYNC_CREATE);
  g_object_bind_property (job, "fraction", self->bar, "fraction", G_BINDING_SYNC_CREATE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->bar), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  vsm_job_get_title (job), -1);
  g_signal_connect_object (job, "notify::state", G_CALLBACK (update), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (job, "notify::can-cancel", G_CALLBACK (update), self, G_CONNECT_SWAPPED);
  update (self);
  return GTK_WIDGET (self);
}

VsmJob *
vsm_job_row_get_job (VsmJobRow *self)
{
  g_return_val_if_fail (VSM_IS_JOB_ROW (self), NULL);
  return self->job;
}

static void
vsm_job_row_dispose (GObject *object)
{
  VsmJobRow *self = VSM_JOB_ROW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), VSM_TYPE_JOB_ROW);
  g_clear_object (&self->job);

  G_OBJECT_CLASS (vsm_job_row_parent_class)->dispose (object);
}

static void
vsm_job_row_class_init (VsmJobRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = vsm_job_row_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/virtstorage/VirtStorage/ui/vsm-job-row.ui");
  gtk_widget_class_bind_template_child (widget_class, VsmJobRow, title_label);
  gtk_widget_class_bind_template_child (widget_class, VsmJobRow, bar);
  gtk_widget_class_bind_template_child (widget_class, VsmJobRow, status_label);
  gtk_widget_class_bind_template_child (widget_class, VsmJobRow, cancel_button);
  gtk_widget_class_bind_template_callback (widget_class, cancel_clicked_cb);
}

static void
vsm_job_row_init (VsmJobRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
