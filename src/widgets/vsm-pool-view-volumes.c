/* vsm-pool-view-volumes.c
 *
 * The volume operations of the pool view: new, clone, resize, wipe
 * (upload and download: vsm-pool-view-transfers.c). Long ones become
 * jobs (see VsmJob) shown in the window's jobs area with progress and,
 * where libvirt allows, Cancel.
 *
 * Copyright 2026 Virt Storage developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vsm-pool-view"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "vsm-attach-dialog.h"
#include "vsm-dialogs.h"
#include "vsm-uri.h"
#include "vsm-error.h"
#include "vsm-host-jobs.h"
#include "vsm-job.h"
#include "vsm-pool-view-private.h"
#include "vsm-size.h"
#include "vsm-volume-dialog.h"
#include "vsm-volume-forms.h"
#include "vsm-volume-ops.h"
#include "vsm-volume-spec.h"

void
_vsm_pool_view_update_volume_actions (VsmPoolView *self)
{
  gboolean have = self->pool != NULL;
  gboolean active = have && vsm_pool_get_active (self->pool);
  gboolean busy = have && vsm_pool_get_busy (self->pool);
  gboolean can_create = active && vsm_pool_type_can_create_volumes (vsm_pool_get_pool_type (self->pool));
  gboolean vol = active && _vsm_pool_view_get_selected_volume (self) != NULL;
  /* libvirt's test driver has no resize, wipe, upload or download (the
   * demo's menus say so next to them) */
  gboolean real = have && self->host != NULL && !vsm_uri_is_demo (vsm_host_get_uri (self->host));

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "pool.new-volume", can_create && !busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "pool.new-volume-xml", can_create && !busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "pool.new-volume-from-file", can_create && real && !busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "volume.clone", vol && !busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "volume.resize", vol && real && !busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "volume.wipe", vol && real && !busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "volume.upload", vol && real && !busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "volume.download", vol && real);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "volume.attach",
                                 vol && vsm_keyed_list_get_n_items (vsm_host_get_domains (self->host)) > 0);
  {
    VsmVolume *selected = vol ? _vsm_pool_view_get_selected_volume (self) : NULL;
    const char *used_by = selected ? vsm_volume_get_used_by (selected) : NULL;

    gtk_widget_action_set_enabled (GTK_WIDGET (self), "volume.show-machine", used_by != NULL && *used_by != '\0');
  }
}

/* ------------------------------------------------------------------ */
/* Jobs                                                                */

typedef struct
{
  VsmPoolView *self;
  VsmHost     *host;
  VsmJob      *job;
  char        *failure;   /* translated summary for the error toast */
  char        *success;   /* translated toast on success, or NULL */
  gboolean     rollback;  /* a new volume that a cancel deletes again */
} JobCall;

static void
job_call_free (JobCall *c)
{
  g_clear_object (&c->self);
  g_clear_object (&c->host);
  g_clear_object (&c->job);
  g_free (c->failure);
  g_free (c->success);
  g_free (c);
}

static void
job_progress_cb (guint64  done,
                 guint64  total,
                 gpointer user_data)
{
  JobCall *c = user_data;

  vsm_job_set_progress (c->job, done, total);
}

static void
job_done_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  JobCall *c = user_data;
  g_autoptr(GError) error = NULL;
  gboolean ok = vsm_host_volume_job_finish (VSM_HOST (object), result, NULL, &error);

  /* the model re-read the pools the job touched */
  vsm_job_finish (c->job, ok ? NULL : error);
  /* a cancel is no error, but what became of the new volume is news */
  if (!ok && c->rollback && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    vsm_show_toast (GTK_WIDGET (c->self), error->message);
  else if (!ok)
    vsm_report_error (GTK_WIDGET (c->self), c->failure, error);
  else if (c->success != NULL)
    vsm_show_toast (GTK_WIDGET (c->self), c->success);
  job_call_free (c);
}

/* Runs @job on a volume of the shown pool through the model, shown as
 * @title in the window's jobs area; the toast says @failure or @success
 * (both taken) when it ends. Only transfers report progress and can be
 * cancelled: libvirt cannot interrupt a clone, resize or wipe. */
void
_vsm_pool_view_run_job (VsmPoolView  *self,
                        VsmVolumeJob *job,
                        const char   *title,
                        char         *failure,
                        char         *success)
{
  gboolean transfer = job->kind == VSM_VOLUME_JOB_UPLOAD || job->kind == VSM_VOLUME_JOB_DOWNLOAD;
  JobCall *c = g_new0 (JobCall, 1);

  c->self = g_object_ref (self);
  c->host = g_object_ref (self->host);
  c->job = vsm_job_new (title, transfer);
  c->failure = failure;
  c->success = success;
  c->rollback = job->kind == VSM_VOLUME_JOB_UPLOAD && job->spec != NULL;
  if (self->jobs == NULL)
    self->jobs = g_list_store_new (VSM_TYPE_JOB);
  g_list_store_insert (self->jobs, 0, c->job);

  job->pool_uuid = vsm_pool_get_uuid (self->pool);
  if (transfer)
    {
      job->progress = job_progress_cb;
      job->progress_data = c;
    }
  vsm_host_volume_job_async (c->host, job, vsm_job_get_cancellable (c->job), job_done_cb, c);
}

/* ------------------------------------------------------------------ */
/* New volume                                                          */

static void
new_volume_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *param)
{
  VsmPoolView *self = VSM_POOL_VIEW (widget);
  GtkWidget *dialog;

  if (self->pool == NULL || self->host == NULL)
    return;
  dialog = vsm_volume_dialog_new (GTK_WINDOW (gtk_widget_get_root (widget)), self->host, self->pool);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* ------------------------------------------------------------------ */
/* Clone, resize and wipe (forms: vsm-volume-forms.c)                  */

/* The volume a form was opened for, until it is answered. */
typedef struct
{
  VsmPoolView *self;
  VsmVolume   *vol;
} FormCall;

static void
form_call_free (FormCall *fc)
{
  g_object_unref (fc->self);
  g_object_unref (fc->vol);
  g_free (fc);
}

static void
clone_answered_cb (GObject      *dialog,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  FormCall *fc = user_data;
  const char *response = vsm_message_dialog_choose_finish (ADW_MESSAGE_DIALOG (dialog), result);
  const char *name = vsm_volume_get_name (fc->vol);
  g_autoptr(VsmVolumeSpec) spec = NULL;
  g_autofree char *title = NULL;

  if (g_str_equal (response, "clone") && fc->self->host != NULL &&
      (spec = vsm_clone_dialog_dup_spec (VSM_CLONE_DIALOG (dialog))) != NULL)
    {
      VsmPool *target = vsm_clone_dialog_get_target (VSM_CLONE_DIALOG (dialog));

      title = g_strdup_printf (_("Cloning “%s” to “%s”"), name, spec->name);
      _vsm_pool_view_run_job (fc->self,
                              &(VsmVolumeJob) { .kind = VSM_VOLUME_JOB_CLONE, .name = name, .spec = spec,
                                                .dst_pool_uuid = vsm_pool_get_uuid (target) },
                              title, g_strdup_printf (_("Could not clone volume “%s”"), name),
                              g_strdup_printf (_("Volume “%s” created"), spec->name));
    }
  form_call_free (fc);
}

static void
resize_answered_cb (GObject      *dialog,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  FormCall *fc = user_data;
  const char *response = vsm_message_dialog_choose_finish (ADW_MESSAGE_DIALOG (dialog), result);
  const char *name = vsm_volume_get_name (fc->vol);
  VsmVolumeJob job = { .kind = VSM_VOLUME_JOB_RESIZE, .name = name };

  if (g_str_equal (response, "resize") && fc->self->host != NULL &&
      vsm_resize_dialog_get_request (VSM_RESIZE_DIALOG (dialog), &job.capacity, &job.resize_flags))
    {
      g_autofree char *size = vsm_size_format (job.capacity);
      g_autofree char *title = g_strdup_printf (_("Resizing “%s” to %s"), name, size);

      _vsm_pool_view_run_job (fc->self, &job, title, g_strdup_printf (_("Could not resize volume “%s”"), name),
                              g_strdup_printf (_("Volume “%s” resized to %s"), name, size));
    }
  form_call_free (fc);
}

static void
wipe_answered_cb (GObject      *dialog,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  FormCall *fc = user_data;
  const char *name = vsm_volume_get_name (fc->vol);

  if (g_str_equal (vsm_message_dialog_choose_finish (ADW_MESSAGE_DIALOG (dialog), result), "wipe") &&
      fc->self->host != NULL)
    {
      g_autofree char *title = g_strdup_printf (_("Wiping “%s”"), name);

      _vsm_pool_view_run_job (fc->self,
                              &(VsmVolumeJob) { .kind = VSM_VOLUME_JOB_WIPE, .name = name,
                                                .algorithm = vsm_wipe_dialog_get_algorithm (VSM_WIPE_DIALOG (dialog)) },
                              title, g_strdup_printf (_("Could not wipe volume “%s”"), name),
                              g_strdup_printf (_("Volume “%s” wiped"), name));
    }
  form_call_free (fc);
}

/* Clone, Resize and Wipe: the action's form for the selected volume (the
 * last two with their virsh line), answered in its *_answered_cb. */
static void
form_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  VsmPoolView *self = VSM_POOL_VIEW (widget);
  VsmVolume *vol = _vsm_pool_view_get_selected_volume (self);
  GtkWindow *parent = GTK_WINDOW (gtk_widget_get_root (widget));
  g_autofree char *cmd = NULL;
  GAsyncReadyCallback answered;
  GtkWidget *dialog;
  FormCall *fc;

  if (vol == NULL || self->host == NULL)
    return;
  if (g_str_equal (action_name, "volume.clone"))
    {
      dialog = vsm_clone_dialog_new (parent, self->host, self->pool, vol);
      answered = clone_answered_cb;
    }
  else if (g_str_equal (action_name, "volume.resize"))
    {
      cmd = _vsm_pool_view_volume_line (self, "vol-resize", vsm_volume_get_name (vol));
      dialog = vsm_resize_dialog_new (parent, vol, cmd);
      answered = resize_answered_cb;
    }
  else
    {
      g_autofree char *remake = NULL;

      cmd = _vsm_pool_view_volume_line (self, "vol-wipe", vsm_volume_get_name (vol));
      /* a format with a header is made again after the wipe (the model's
       * wipe job): the lines of that too */
      if (vsm_volume_format_has_metadata (vsm_volume_get_format (vol)))
        {
          g_autoptr(VsmVolumeSpec) spec = vsm_volume_spec_new ();
          g_autofree char *del = _vsm_pool_view_volume_line (self, "vol-delete", vsm_volume_get_name (vol));
          g_autofree char *create = NULL;

          spec->name = g_strdup (vsm_volume_get_name (vol));
          spec->format = g_strdup (vsm_volume_get_format (vol));
          spec->capacity = vsm_volume_get_capacity (vol);
          create = vsm_volume_create_as_command (vsm_host_get_uri (self->host), vsm_pool_get_name (self->pool), spec);
          remake = g_strdup_printf ("%s\n%s", del, create);
        }
      dialog = vsm_wipe_dialog_new (parent, vol, cmd, remake);
      answered = wipe_answered_cb;
    }
  fc = g_new0 (FormCall, 1);
  fc->self = g_object_ref (self);
  fc->vol = g_object_ref (vol);
  vsm_message_dialog_choose_async (ADW_MESSAGE_DIALOG (dialog), NULL, answered, fc);
}

static void
attach_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  VsmPoolView *self = VSM_POOL_VIEW (widget);
  VsmVolume *vol = _vsm_pool_view_get_selected_volume (self);
  GtkWidget *dialog;

  if (vol == NULL || self->host == NULL)
    return;
  dialog = vsm_attach_dialog_new (GTK_WINDOW (gtk_widget_get_root (widget)), self->host, NULL,
                                  self->pool, vsm_volume_get_name (vol));
  gtk_window_present (GTK_WINDOW (dialog));
}

/* The machine that uses the selected volume (the first, when several do):
 * the Used By link's way by the keyboard, from the volume's menu. */
static void
show_machine_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *param)
{
  VsmVolume *vol = _vsm_pool_view_get_selected_volume (VSM_POOL_VIEW (widget));
  const char *used_by = vol != NULL ? vsm_volume_get_used_by (vol) : NULL;
  g_autofree char *first = NULL;

  if (used_by == NULL || *used_by == '\0')
    return;
  first = g_strndup (used_by, strcspn (used_by, ","));
  gtk_widget_activate_action (widget, "win.show-domain", "s", first);
}

void
_vsm_pool_view_class_init_volume_ops (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "volume.attach", NULL, attach_action);
  gtk_widget_class_install_action (widget_class, "volume.show-machine", NULL, show_machine_action);
  gtk_widget_class_install_action (widget_class, "pool.new-volume", NULL, new_volume_action);
  gtk_widget_class_install_action (widget_class, "volume.clone", NULL, form_action);
  gtk_widget_class_install_action (widget_class, "volume.resize", NULL, form_action);
  gtk_widget_class_install_action (widget_class, "volume.wipe", NULL, form_action);
}

/**
 * vsm_pool_view_set_jobs:
 *
 * The window's jobs list, where long operations are recorded.
 */
void
vsm_pool_view_set_jobs (VsmPoolView *self,
                        GListStore  *jobs)
{
  g_return_if_fail (VSM_IS_POOL_VIEW (self));
  g_set_object (&self->jobs, jobs);
}
