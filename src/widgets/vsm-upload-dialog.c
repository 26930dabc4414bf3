/* vsm-upload-dialog.c
 *
 * New Volume from File: the chosen file (another one can be chosen), the
 * name of the new volume proposed from the file's name, what the file is
 * (read from its first bytes, asynchronously), the volume's size — the
 * file's —, the room it takes, and the two virsh lines. Validates as the
 * user types (the name like New Volume's, the room against the pool's
 * free space) and enables Upload only for a valid request; the pool view
 * reads the request and runs the job through the model.
 *
 * Copyright 2026 Virt Storage developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vsm-upload-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "vsm-dialogs.h"
#include "vsm-error.h"
#include "vsm-size.h"
#include "vsm-upload.h"
#include "vsm-file-head.h"
#include "vsm-upload-dialog.h"
#include "vsm-volume.h"

struct _VsmUploadDialog
{
  AdwMessageDialog  parent_instance;

  VsmHost          *host;
  VsmPool          *pool;
  GHashTable       *existing;       /* names in the pool */
  GFile            *file;
  char             *path;
  GCancellable     *reading;        /* the file being read, cancelled by another or by dispose */
  VsmUploadPlan    *plan;           /* what the file read proposes; NULL until then */
  char             *read_error;
  char             *error;          /* why the form is not valid */
  gboolean          name_edited;    /* by the user: another file keeps it */
  gboolean          setting_name;

  AdwActionRow     *file_row;
  AdwEntryRow      *name_row;
  AdwActionRow     *contents_row;
  AdwActionRow     *size_row;
  GtkLabel         *note_label;
  GtkLabel         *error_label;
  GtkBox           *command_slot;
  GtkWidget        *command_box;
};

G_DEFINE_FINAL_TYPE (VsmUploadDialog, vsm_upload_dialog, ADW_TYPE_MESSAGE_DIALOG)

enum
{
  PROP_0,
  PROP_READY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* ------------------------------------------------------------------ */
/* Validation                                                          */

gboolean
vsm_upload_dialog_get_ready (VsmUploadDialog *self)
{
  g_return_val_if_fail (VSM_IS_UPLOAD_DIALOG (self), FALSE);
  return self->plan != NULL || self->read_error != NULL;
}

static gboolean
validate (VsmUploadDialog *self)
{
  const char *name = gtk_editable_get_text (GTK_EDITABLE (self->name_row));
  g_autoptr(GError) error = NULL;
  gboolean ok = FALSE;
  gboolean shown;

  g_clear_pointer (&self->error, g_free);
  if (self->read_error != NULL)
    self->error = g_strdup (self->read_error);
  else if (self->plan == NULL)
    self->error = g_strdup (_("Reading the file…"));
  else if (!vsm_volume_name_validate (name, vsm_pool_get_pool_type (self->pool), vsm_pool_get_source_device (self->pool),
                                      self->existing, &error) ||
           !vsm_upload_check_room (self->plan->file_size, self->plan->needed, vsm_pool_get_capacity (self->pool),
                                   vsm_pool_get_available (self->pool), vsm_pool_get_over_capacity (self->pool),
                                   &error))
    self->error = g_strdup (error->message);
  else
    ok = TRUE;

  /* "Reading…" is no error: the contents row says it */
  shown = !ok && vsm_upload_dialog_get_ready (self);
  gtk_label_set_label (self->error_label, shown ? self->error : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), shown);
  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (self), "upload", ok);

  /* the virsh lines follow the form (NAME while the name is not valid);
   * they stay, so the dialog keeps its size */
  gtk_widget_set_visible (self->command_box, self->plan != NULL);
  if (self->plan != NULL)
    {
      gboolean named = vsm_volume_name_validate (name, vsm_pool_get_pool_type (self->pool),
                                                 vsm_pool_get_source_device (self->pool), self->existing, NULL);
      g_autoptr(VsmVolumeSpec) spec = vsm_upload_volume_spec (named ? name : "NAME",
                                                              vsm_pool_get_pool_type (self->pool),
                                                              self->plan->file_size);
      g_autofree char *lines = vsm_upload_commands (vsm_host_get_uri (self->host), vsm_pool_get_name (self->pool),
                                                    spec, self->path);

      vsm_command_box_set_command (self->command_box, lines);
    }
  return ok;
}

static void
name_changed_cb (VsmUploadDialog *self)
{
  if (!self->setting_name)
    self->name_edited = TRUE;
  validate (self);
}

/* ------------------------------------------------------------------ */
/* What the file is                                                    */

static void
show_plan (VsmUploadDialog *self)
{
  VsmUploadPlan *plan = self->plan;
  gboolean files = plan->spec->format != NULL;   /* a pool of files: see vsm_upload_volume_spec() */
  g_autofree char *exact = g_format_size_full (plan->file_size, G_FORMAT_SIZE_IEC_UNITS | G_FORMAT_SIZE_LONG_FORMAT);
  g_autofree char *size = NULL;
  g_autofree char *contents = NULL;
  g_autoptr(GString) note = g_string_new (NULL);

  switch (plan->kind)
    {
    case VSM_FILE_KIND_QCOW2:
      {
        g_autofree char *vsize = vsm_size_format (plan->virtual_size);

        contents = g_strdup_printf (_("qcow2 image, virtual size %s"), vsize);
        g_string_append (note, files ? _("The qcow2 image is stored as it is; libvirt reads its header and "
                                         "lists the volume as qcow2.")
                                     : _("The qcow2 image is stored as it is; libvirt lists a device without a "
                                         "format, so attach it as qcow2."));
      }
      break;
    case VSM_FILE_KIND_ISO:
      contents = g_strdup (_("ISO image"));
      break;
    case VSM_FILE_KIND_RAW:
    default:
      contents = g_strdup (_("Raw data"));
      break;
    }
  if (plan->backing_file != NULL)
    {
      if (note->len > 0)
        g_string_append_c (note, ' ');
      g_string_append_printf (note, _("It is layered on “%s”: that file must be on the host too."), plan->backing_file);
    }
  /* LVM volumes and partitions come in whole units of their own */
  size = files ? g_strdup_printf (_("%s: exactly the file's size"), exact)
               : g_strdup_printf (_("%s, rounded up to the pool's unit"), exact);

  adw_action_row_set_subtitle (self->contents_row, contents);
  adw_action_row_set_subtitle (self->size_row, size);
  gtk_label_set_label (self->note_label, note->str);
  gtk_widget_set_visible (GTK_WIDGET (self->note_label), note->len > 0);
  if (plan->backing_file != NULL)
    gtk_widget_add_css_class (GTK_WIDGET (self->note_label), "warning");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->note_label), "warning");

  if (!self->name_edited)
    {
      self->setting_name = TRUE;
      gtk_editable_set_text (GTK_EDITABLE (self->name_row), plan->spec->name);
      self->setting_name = FALSE;
    }
}

/* The plan from what was read, or the error that says why there is none. */
static void
head_read_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(VsmUploadDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  VsmFileHead *fh = vsm_file_head_read_finish (result, &error);

  /* a file chosen since (or the dialog gone): its read was cancelled */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
      g_cancellable_is_cancelled (g_task_get_cancellable (G_TASK (result))))
    {
      g_clear_pointer (&fh, vsm_file_head_free);
      return;
    }
  if (error != NULL)
    {
      /* GIO's message names the file */
      self->read_error = g_strdup (error->message);
      adw_action_row_set_subtitle (self->contents_row, "—");
      adw_action_row_set_subtitle (self->size_row, "—");
    }
  else
    {
      self->plan = vsm_upload_plan_new (self->path, fh->size, fh->allocated, fh->head, fh->head_len,
                                        vsm_pool_get_pool_type (self->pool), vsm_pool_get_source_device (self->pool),
                                        self->existing);
      vsm_file_head_free (fh);
      show_plan (self);
    }
  validate (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_READY]);
}

/**
 * vsm_upload_dialog_set_file:
 *
 * Shows @file and reads what it is (its size and first bytes, without
 * blocking); the form follows when that is done (see
 * vsm_upload_dialog_get_ready()). A name the user typed is kept.
 */
void
vsm_upload_dialog_set_file (VsmUploadDialog *self,
                            GFile           *file)
{
  g_autofree char *shown = NULL;

  g_return_if_fail (VSM_IS_UPLOAD_DIALOG (self));
  g_return_if_fail (G_IS_FILE (file));

  if (self->reading != NULL)
    g_cancellable_cancel (self->reading);
  g_clear_object (&self->reading);
  g_set_object (&self->file, file);
  g_free (self->path);
  self->path = g_file_get_path (file);
  g_clear_pointer (&self->plan, vsm_upload_plan_free);
  g_clear_pointer (&self->read_error, g_free);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_READY]);

  shown = self->path != NULL ? g_filename_display_name (self->path) : g_file_get_uri (file);
  adw_action_row_set_subtitle (self->file_row, shown);
  adw_action_row_set_subtitle (self->contents_row, _("Reading the file…"));
  adw_action_row_set_subtitle (self->size_row, "…");
  gtk_widget_set_visible (GTK_WIDGET (self->note_label), FALSE);

  if (self->path == NULL)
    {
      /* libvirt's upload reads a path of this machine */
      self->read_error = g_strdup (_("Only a file of this computer can be uploaded"));
      validate (self);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_READY]);
      return;
    }

  self->reading = g_cancellable_new ();
  validate (self);
  vsm_file_head_read_async (file, self->reading, head_read_cb, g_object_ref (self));
}

/* ------------------------------------------------------------------ */
/* Another file                                                        */

GtkFileChooserNative *
vsm_upload_file_chooser_new (GtkWindow  *parent,
                             const char *title,
                             const char *accept_label)
{
  GtkFileChooserNative *chooser = gtk_file_chooser_native_new (title, parent, GTK_FILE_CHOOSER_ACTION_OPEN,
                                                               accept_label, _("_Cancel"));

  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  return chooser;
}

static void
another_chosen_cb (GtkNativeDialog *chooser,
                   int              response,
                   gpointer         user_data)
{
  g_autoptr(VsmUploadDialog) self = user_data;
  g_autoptr(GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  if (file != NULL && gtk_widget_get_visible (GTK_WIDGET (self)))
    vsm_upload_dialog_set_file (self, file);
  g_object_unref (chooser);
}

static void
choose_clicked_cb (VsmUploadDialog *self)
{
  GtkFileChooserNative *chooser = vsm_upload_file_chooser_new (GTK_WINDOW (self), _("Choose a File to Upload"),
                                                               _("_Choose"));

  if (self->file != NULL)
    gtk_file_chooser_set_file (GTK_FILE_CHOOSER (chooser), self->file, NULL);
  g_signal_connect (chooser, "response", G_CALLBACK (another_chosen_cb), g_object_ref (self));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

/* ------------------------------------------------------------------ */

/**
 * vsm_upload_dialog_new:
 * @pool: an active pool of @host that takes new volumes
 * @file: the chosen file (vsm_upload_dialog_set_file())
 */
GtkWidget *
vsm_upload_dialog_new (GtkWindow *parent,
                       VsmHost   *host,
                       VsmPool   *pool,
                       GFile     *file)
{
  VsmUploadDialog *self;
  VsmKeyedList *vols = vsm_pool_get_volumes (pool);
  g_autofree char *body = NULL;

  self = g_object_new (VSM_TYPE_UPLOAD_DIALOG, "transient-for", parent, "modal", TRUE, NULL);
  self->host = g_object_ref (host);
  self->pool = g_object_ref (pool);
  for (guint i = 0; i < vsm_keyed_list_get_n_items (vols); i++)
    g_hash_table_add (self->existing, g_strdup (vsm_volume_get_name (vsm_keyed_list_get (vols, i))));
  body = g_strdup_printf (_("The file is copied into a new volume of pool “%s”, as it is."), vsm_pool_get_name (pool));
  adw_message_dialog_set_body (ADW_MESSAGE_DIALOG (self), body);
  vsm_upload_dialog_set_file (self, file);
  return GTK_WIDGET (self);
}

VsmVolumeSpec *
vsm_upload_dialog_dup_spec (VsmUploadDialog *self)
{
  g_return_val_if_fail (VSM_IS_UPLOAD_DIALOG (self), NULL);

  if (!validate (self))
    return NULL;
  return vsm_upload_volume_spec (gtk_editable_get_text (GTK_EDITABLE (self->name_row)),
                                 vsm_pool_get_pool_type (self->pool), self->plan->file_size);
}

const char *
vsm_upload_dialog_get_path (VsmUploadDialog *self)
{
  g_return_val_if_fail (VSM_IS_UPLOAD_DIALOG (self), NULL);
  return self->path;
}

const char *
vsm_upload_dialog_get_error (VsmUploadDialog *self)
{
  g_return_val_if_fail (VSM_IS_UPLOAD_DIALOG (self), NULL);
  return self->error;
}

char *
vsm_upload_dialog_dup_commands (VsmUploadDialog *self)
{
  g_autoptr(VsmVolumeSpec) spec = vsm_upload_dialog_dup_spec (self);

  return spec != NULL ? vsm_upload_commands (vsm_host_get_uri (self->host), vsm_pool_get_name (self->pool),
                                             spec, self->path)
                      : NULL;
}

static void
vsm_upload_dialog_dispose (GObject *object)
{
  VsmUploadDialog *self = VSM_UPLOAD_DIALOG (object);

  if (self->reading != NULL)
    g_cancellable_cancel (self->reading);
  gtk_widget_dispose_template (GTK_WIDGET (self), VSM_TYPE_UPLOAD_DIALOG);
  g_clear_object (&self->host);
  g_clear_object (&self->pool);
  g_clear_object (&self->file);
  g_clear_object (&self->reading);
  G_OBJECT_CLASS (vsm_upload_dialog_parent_class)->dispose (object);
}

static void
vsm_upload_dialog_finalize (GObject *object)
{
  VsmUploadDialog *self = VSM_UPLOAD_DIALOG (object);

  g_clear_pointer (&self->existing, g_hash_table_unref);
  g_clear_pointer (&self->plan, vsm_upload_plan_free);
  g_free (self->path);
  g_free (self->read_error);
  g_free (self->error);
  G_OBJECT_CLASS (vsm_upload_dialog_parent_class)->finalize (object);
}

static void
vsm_upload_dialog_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  VsmUploadDialog *self = VSM_UPLOAD_DIALOG (object);

  switch (prop_id)
    {
    case PROP_READY:
      g_value_set_boolean (value, vsm_upload_dialog_get_ready (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vsm_upload_dialog_class_init (VsmUploadDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = vsm_upload_dialog_dispose;
  object_class->finalize = vsm_upload_dialog_finalize;
  object_class->get_property = vsm_upload_dialog_get_property;

  /* the file was read (or could not be): the form is complete; shown
   * only then, the dialog takes the size of what it shows */
  properties[PROP_READY] = g_param_spec_boolean ("ready", NULL, NULL, FALSE,
                                                 G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/virtstorage/VirtStorage/ui/vsm-upload-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, VsmUploadDialog, file_row);
  gtk_widget_class_bind_template_child (widget_class, VsmUploadDialog, name_row);
  gtk_widget_class_bind_template_child (widget_class, VsmUploadDialog, contents_row);
  gtk_widget_class_bind_template_child (widget_class, VsmUploadDialog, size_row);
  gtk_widget_class_bind_template_child (widget_class, VsmUploadDialog, note_label);
  gtk_widget_class_bind_template_child (widget_class, VsmUploadDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, VsmUploadDialog, command_slot);
  gtk_widget_class_bind_template_callback (widget_class, name_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, choose_clicked_cb);
}

static void
vsm_upload_dialog_init (VsmUploadDialog *self)
{
  self->existing = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  gtk_widget_init_template (GTK_WIDGET (self));
  self->command_box = vsm_command_box_new ("");
  gtk_box_append (self->command_slot, self->command_box);
}
