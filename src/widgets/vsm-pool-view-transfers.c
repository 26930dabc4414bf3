/* vsm-pool-view-transfers.c
 *
 * The pool view's transfers: New Volume from File (a new volume of the
 * file's size, created and filled as one job that deletes the volume
 * again when the upload fails), Upload a File into the selected volume
 * (confirmed in words that match the volume: nothing is lost from one
 * that holds no data) and Download. They run as jobs with progress and
 * Cancel.
 *
 * Copyright 2026 Virt Storage developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vsm-pool-view"

#include "config.h"

#include <glib/gi18n.h>

#include "vsm-dialogs.h"
#include "vsm-pool-view-private.h"
#include "vsm-size.h"
#include "vsm-upload-dialog.h"
#include "vsm-virsh.h"

/* What a question about a transfer remembers until it is answered. */
typedef struct
{
  GWeakRef     view;
  VsmVolume   *vol;         /* upload into it, download it; NULL: a new volume */
  GFile       *file;
  gboolean     upload;      /* file chooser: upload or download */
} TransferAsk;

static TransferAsk *
transfer_ask_new (VsmPoolView *self,
                  VsmVolume   *vol)
{
  TransferAsk *ask = g_new0 (TransferAsk, 1);

  g_weak_ref_init (&ask->view, self);
  ask->vol = vol != NULL ? g_object_ref (vol) : NULL;
  return ask;
}

static void
transfer_ask_free (gpointer  data,
                   GClosure *closure)
{
  TransferAsk *ask = data;

  g_weak_ref_clear (&ask->view);
  g_clear_object (&ask->vol);
  g_clear_object (&ask->file);
  g_free (ask);
}

static void
start_transfer (VsmPoolView *self,
                VsmVolume   *vol,
                const char  *path,
                gboolean     upload)
{
  const char *name = vsm_volume_get_name (vol);
  g_autofree char *base = g_path_get_basename (path);
  VsmVolumeJob job = { .kind = upload ? VSM_VOLUME_JOB_UPLOAD : VSM_VOLUME_JOB_DOWNLOAD,
                       .name = name, .local_path = path, .sparse = TRUE };
  g_autofree char *title = upload ? g_strdup_printf (_("Uploading “%s” into “%s”"), base, name)
                                  : g_strdup_printf (_("Downloading “%s” to “%s”"), name, base);

  if (upload)
    _vsm_pool_view_run_job (self, &job, title, g_strdup_printf (_("Could not upload into volume “%s”"), name),
                            g_strdup_printf (_("Uploaded “%s” into “%s”"), base, name));
  else
    _vsm_pool_view_run_job (self, &job, title, g_strdup_printf (_("Could not download volume “%s”"), name),
                            g_strdup_printf (_("Downloaded “%s” to “%s”"), name, base));
}

/* ------------------------------------------------------------------ */
/* Upload into the selected volume                                     */

/* New Volume from File: a volume of the form's spec, filled with its file */
static void
start_upload_new (VsmPoolView     *self,
                  VsmUploadDialog *form)
{
  g_autoptr(VsmVolumeSpec) spec = vsm_upload_dialog_dup_spec (form);
  const char *path = vsm_upload_dialog_get_path (form);
  g_autofree char *base = NULL;
  g_autofree char *title = NULL;

  if (spec == NULL)
    return;
  base = g_path_get_basename (path);
  title = g_strdup_printf (_("Uploading “%s” into the new volume “%s”"), base, spec->name);
  _vsm_pool_view_run_job (self,
                          &(VsmVolumeJob) { .kind = VSM_VOLUME_JOB_UPLOAD, .spec = spec, .local_path = path,
                                            .sparse = TRUE },
                          title, g_strdup_printf (_("Could not upload “%s” into a new volume"), base),
                          g_strdup_printf (_("Volume “%s” created from “%s”"), spec->name, base));
}

/* The answer to an upload's confirmation: the upload into the volume
 * asked about, or, with no volume, New Volume from File (@dialog is its
 * form). */
static void
upload_answered_cb (GObject      *dialog,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  TransferAsk *ask = user_data;
  g_autoptr(VsmPoolView) self = g_weak_ref_get (&ask->view);

  if (g_str_equal (vsm_message_dialog_choose_finish (ADW_MESSAGE_DIALOG (dialog), result), "upload") &&
      self != NULL && self->host != NULL && self->pool != NULL)
    {
      g_autofree char *path = ask->vol != NULL ? g_file_get_path (ask->file) : NULL;

      if (ask->vol == NULL)
        start_upload_new (self, VSM_UPLOAD_DIALOG (dialog));
      else if (path != NULL)
        start_transfer (self, ask->vol, path, TRUE);
    }
  transfer_ask_free (ask, NULL);
}

/* The confirmation says what the upload does to this volume: a volume
 * with nothing allocated holds no data to lose; the file is written from
 * the start and the volume keeps its capacity, so a smaller file leaves
 * the rest of the volume as it was. */
static void
upload_into_info_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  TransferAsk *ask = user_data;
  g_autoptr(VsmPoolView) self = g_weak_ref_get (&ask->view);
  g_autoptr(GError) error = NULL;
  g_autoptr(GFileInfo) info = g_file_query_info_finish (G_FILE (object), result, &error);
  g_autofree char *path = g_file_get_path (ask->file);
  const char *name = vsm_volume_get_name (ask->vol);
  gboolean empty = vsm_volume_get_has_details (ask->vol) && vsm_volume_get_allocation (ask->vol) == 0;
  guint64 capacity = vsm_volume_get_capacity (ask->vol);
  g_autofree char *heading = NULL;
  g_autofree char *fsize = NULL;
  g_autofree char *vsize = NULL;
  g_autofree char *cmd = NULL;
  g_autofree char *qpath = NULL;
  g_autofree char *full = NULL;
  g_autoptr(GString) body = g_string_new (NULL);
  GtkWidget *dialog;
  guint64 size;

  if (self == NULL || self->host == NULL || self->pool == NULL)
    {
      transfer_ask_free (ask, NULL);
      return;
    }
  if (info == NULL || path == NULL)
    {
      g_autofree char *summary = g_strdup_printf (_("Could not upload into volume “%s”"), name);

      if (error == NULL)
        error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                                     _("Only a file of this computer can be uploaded"));
      vsm_report_error (GTK_WIDGET (self), summary, error);
      transfer_ask_free (ask, NULL);
      return;
    }

  size = g_file_info_get_size (info);
  fsize = vsm_size_format (size);
  vsize = vsm_size_format (capacity);
  if (empty)
    {
      heading = g_strdup_printf (_("Upload into “%s”?"), name);
      g_string_append_printf (body, _("The volume holds no data yet. The file %s (%s) is written into it from its start."),
                              path, fsize);
    }
  else
    {
      heading = g_strdup_printf (_("Replace the Contents of “%s”?"), name);
      g_string_append_printf (body, _("The file %s (%s) is written over the volume from its start: "
                                      "what the volume holds there now is lost."), path, fsize);
    }
  g_string_append_c (body, ' ');
  if (size < capacity && empty)
    g_string_append_printf (body, _("The volume stays %s: past the file's end it reads as zeros. "
                                    "New Volume from File makes a volume of exactly the file's size."), vsize);
  else if (size < capacity)
    g_string_append_printf (body, _("The volume stays %s: past the file's end it keeps what it holds now."), vsize);
  else if (size > capacity)
    g_string_append_printf (body, _("The file is larger than the volume (%s) and does not fit: resize the volume "
                                    "first, or use New Volume from File, which makes a volume of the file's size."), vsize);

  cmd = _vsm_pool_view_volume_line (self, "vol-upload --sparse", name);
  qpath = vsm_virsh_quote (path);
  full = g_strdup_printf ("%s %s", cmd, qpath);
  dialog = vsm_confirm_dialog_new (GTK_WIDGET (self), heading, body->str, full, "upload",
                                   empty ? _("_Upload") : _("_Replace"));
  if (empty)
    adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "upload", ADW_RESPONSE_SUGGESTED);
  /* refused here, before libvirt */
  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (dialog), "upload", size <= capacity);
  vsm_message_dialog_choose_async (ADW_MESSAGE_DIALOG (dialog), NULL, upload_answered_cb, ask);
}

static void
ask_upload_into (VsmPoolView *self,
                 VsmVolume   *vol,
                 GFile       *file)
{
  TransferAsk *ask = transfer_ask_new (self, vol);

  ask->file = g_object_ref (file);
  g_file_query_info_async (file, G_FILE_ATTRIBUTE_STANDARD_SIZE, G_FILE_QUERY_INFO_NONE, G_PRIORITY_DEFAULT,
                           self->cancellable, upload_into_info_cb, ask);
}

/* ------------------------------------------------------------------ */
/* New Volume from File                                                */

static void
upload_form_ready_cb (VsmUploadDialog *dialog,
                      GParamSpec      *pspec,
                      TransferAsk     *ask)
{
  g_autoptr(VsmPoolView) self = g_weak_ref_get (&ask->view);

  if (!vsm_upload_dialog_get_ready (dialog))
    return;
  if (self == NULL)
    {
      gtk_window_destroy (GTK_WINDOW (dialog));
      return;
    }
  vsm_message_dialog_choose_async (ADW_MESSAGE_DIALOG (dialog), NULL, upload_answered_cb,
                                   transfer_ask_new (self, NULL));
  /* frees @ask */
  g_signal_handlers_disconnect_by_func (dialog, upload_form_ready_cb, ask);
}

/**
 * vsm_pool_view_upload_file:
 * @new_volume: New Volume from File for @file; otherwise the upload into
 *   the selected volume
 *
 * What choosing @file in Upload's file chooser does (also for tests):
 * opens the form, or the confirmation, for the shown pool.
 */
void
vsm_pool_view_upload_file (VsmPoolView *self,
                           GFile       *file,
                           gboolean     new_volume)
{
  VsmVolume *vol = _vsm_pool_view_get_selected_volume (self);
  GtkWidget *dialog;

  g_return_if_fail (VSM_IS_POOL_VIEW (self));
  g_return_if_fail (G_IS_FILE (file));

  if (self->host == NULL || self->pool == NULL)
    return;
  if (!new_volume)
    {
      if (vol != NULL)
        ask_upload_into (self, vol, file);
      return;
    }
  dialog = vsm_upload_dialog_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))), self->host, self->pool, file);
  /* shown once it has read the file: a window does not grow with its
   * content after it is mapped */
  g_signal_connect_data (dialog, "notify::ready", G_CALLBACK (upload_form_ready_cb), transfer_ask_new (self, NULL),
                         transfer_ask_free, 0);
}

/* ------------------------------------------------------------------ */
/* The file choosers                                                   */

static void
chooser_response_cb (GtkNativeDialog *chooser,
                     int              response,
                     TransferAsk     *ask)
{
  g_autoptr(VsmPoolView) self = g_weak_ref_get (&ask->view);
  g_autoptr(GFile) file = NULL;
  g_autofree char *path = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  if (file != NULL && self != NULL && self->host != NULL)
    {
      if (ask->vol == NULL)
        vsm_pool_view_upload_file (self, file, TRUE);
      else if (ask->upload)
        ask_upload_into (self, ask->vol, file);
      else if ((path = g_file_get_path (file)) != NULL)
        start_transfer (self, ask->vol, path, FALSE);
    }
  g_object_unref (chooser);
}

/* Upload and Download of the selected volume, and New Volume from File
 * (pool.new-volume-from-file): a file chooser first. */
static void
transfer_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *param)
{
  VsmPoolView *self = VSM_POOL_VIEW (widget);
  VsmVolume *vol = _vsm_pool_view_get_selected_volume (self);
  gboolean new_volume = g_str_equal (action_name, "pool.new-volume-from-file");
  gboolean upload = new_volume || g_str_equal (action_name, "volume.upload");
  GtkWindow *parent = GTK_WINDOW (gtk_widget_get_root (widget));
  GtkFileChooserNative *chooser;
  g_autofree char *title = NULL;
  TransferAsk *ask;

  if (self->host == NULL || self->pool == NULL || (vol == NULL && !new_volume))
    return;

  if (new_volume)
    chooser = vsm_upload_file_chooser_new (parent, _("New Volume from File"), _("_Choose"));
  else if (upload)
    {
      title = g_strdup_printf (_("Upload a File into “%s”"), vsm_volume_get_name (vol));
      chooser = vsm_upload_file_chooser_new (parent, title, _("_Upload"));
    }
  else
    {
      title = g_strdup_printf (_("Download “%s”"), vsm_volume_get_name (vol));
      chooser = gtk_file_chooser_native_new (title, parent, GTK_FILE_CHOOSER_ACTION_SAVE, _("_Download"), _("_Cancel"));
      gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
      gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), vsm_volume_get_name (vol));
    }
  ask = transfer_ask_new (self, new_volume ? NULL : vol);
  ask->upload = upload;
  g_signal_connect_data (chooser, "response", G_CALLBACK (chooser_response_cb), ask, transfer_ask_free, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

void
_vsm_pool_view_class_init_transfers (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "pool.new-volume-from-file", NULL, transfer_action);
  gtk_widget_class_install_action (widget_class, "volume.upload", NULL, transfer_action);
  gtk_widget_class_install_action (widget_class, "volume.download", NULL, transfer_action);
}
