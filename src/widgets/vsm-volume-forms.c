/* vsm-volume-forms.c
 *
 * The volume forms of the pool view, as .ui templates over
 * AdwMessageDialog: Clone (name, target pool, format), Resize (new
 * capacity, allocate, the shrink confirmation), Wipe (algorithm) and
 * Insert a Medium (an ISO volume of the connection or a path). Each validates as the user
 * types and enables its response only for a valid request; the pool view
 * reads the request and runs the job through the model.
 *
 * Copyright 2026 Virt Storage developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vsm-volume-forms"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "vsm-dialogs.h"
#include "vsm-error.h"
#include "vsm-host-attach.h"
#include "vsm-pool-type.h"
#include "vsm-size.h"
#include "vsm-virsh.h"
#include "vsm-volume-forms.h"

/* ------------------------------------------------------------------ */
/* Clone                                                               */

struct _VsmCloneDialog
{
  AdwMessageDialog  parent_instance;

  VsmVolume        *volume;
  VsmPool          *source;         /* the volume's pool */
  char             *uri;
  GPtrArray        *pools;          /* VsmPool, in pool_row's order */
  GtkWidget        *command_box;

  AdwEntryRow      *name_row;
  AdwComboRow      *pool_row;
  AdwComboRow      *format_row;
  GtkLabel         *error_label;
  GtkBox           *command_slot;
};

G_DEFINE_FINAL_TYPE (VsmCloneDialog, vsm_clone_dialog, ADW_TYPE_MESSAGE_DIALOG)

VsmPool *
vsm_clone_dialog_get_target (VsmCloneDialog *self)
{
  guint i;

  g_return_val_if_fail (VSM_IS_CLONE_DIALOG (self), NULL);

  i = adw_combo_row_get_selected (self->pool_row);
  return self->pools != NULL && i < self->pools->len ? g_ptr_array_index (self->pools, i) : NULL;
}

static const char *
clone_format (VsmCloneDialog *self)
{
  switch (adw_combo_row_get_selected (self->format_row))
    {
    case 1: return "raw";
    case 2: return "qcow2";
    case 0:
    default: return vsm_volume_get_format (self->volume);
    }
}

static gboolean
clone_validate (VsmCloneDialog *self)
{
  VsmPool *target = vsm_clone_dialog_get_target (self);
  g_autoptr(GHashTable) existing = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GError) error = NULL;
  gboolean ok;

  if (self->volume == NULL)
    return FALSE;
  if (target != NULL)
    {
      VsmKeyedList *vols = vsm_pool_get_volumes (target);
      for (guint i = 0; i < vsm_keyed_list_get_n_items (vols); i++)
        g_hash_table_add (existing, (gpointer) vsm_volume_get_name (vsm_keyed_list_get (vols, i)));
    }
  ok = target != NULL &&
       vsm_volume_name_validate (gtk_editable_get_text (GTK_EDITABLE (self->name_row)),
                                 vsm_pool_get_pool_type (target), vsm_pool_get_source_device (target),
                                 existing, &error);
  gtk_label_set_label (self->error_label, error ? error->message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), error != NULL);
  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (self), "clone", ok);
  return ok;
}

/* The virsh line follows the form: vol-clone, or vol-create-from when
 * the copy goes to another pool or format. */
static void
clone_changed_cb (VsmCloneDialog *self)
{
  g_autoptr(VsmVolumeSpec) spec = vsm_clone_dialog_dup_spec (self);
  g_autofree char *line = NULL;

  if (self->command_box == NULL)
    return;
  gtk_widget_set_visible (self->command_box, spec != NULL);
  if (spec == NULL)
    return;
  line = vsm_volume_clone_command (self->uri, vsm_pool_get_name (self->source), vsm_volume_get_name (self->volume),
                                   vsm_volume_get_format (self->volume),
                                   vsm_pool_get_name (vsm_clone_dialog_get_target (self)), spec);
  vsm_command_box_set_command (self->command_box, line);
}

VsmVolumeSpec *
vsm_clone_dialog_dup_spec (VsmCloneDialog *self)
{
  VsmPool *target;
  VsmVolumeSpec *spec;

  g_return_val_if_fail (VSM_IS_CLONE_DIALOG (self), NULL);

  if (!clone_validate (self))
    return NULL;
  target = vsm_clone_dialog_get_target (self);
  spec = vsm_volume_spec_new ();
  spec->name = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->name_row)));
  spec->capacity = vsm_volume_get_capacity (self->volume);
  if (vsm_volume_formats_for_pool (vsm_pool_get_pool_type (target))[0] != NULL &&
      g_strcmp0 (vsm_pool_get_pool_type (target), "disk") != 0)
    spec->format = g_strdup (clone_format (self));
  /* as vol-clone copies it: a fully allocated volume gives a fully
   * allocated copy where the copy's format and pool allow it */
  if (vsm_volume_get_allocation (self->volume) >= spec->capacity && spec->capacity > 0)
    {
      guint n = 0;
      const VsmPrealloc *offered = vsm_volume_format_preallocs (vsm_pool_get_pool_type (target), spec->format,
                                                                FALSE, &n);

      for (guint i = 0; i < n; i++)
        if (offered[i] == VSM_PREALLOC_FULL)
          spec->prealloc = VSM_PREALLOC_FULL;
    }
  return spec;
}

static char *
clone_suggest_name (const char *name)
{
  const char *dot = strrchr (name, '.');

  if (dot != NULL && dot != name)
    {
      g_autofree char *stem = g_strndup (name, dot - name);
      return g_strdup_printf ("%s-clone%s", stem, dot);
    }
  return g_strdup_printf ("%s-clone", name);
}

/**
 * vsm_clone_dialog_new:
 * @pool: the volume's pool, preselected as the target
 *
 * Offers the active pools of @host that take new volumes.
 */
GtkWidget *
vsm_clone_dialog_new (GtkWindow *parent,
                      VsmHost   *host,
                      VsmPool   *pool,
                      VsmVolume *volume)
{
  VsmCloneDialog *self;
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  g_autofree char *heading = NULL;
  g_autofree char *suggested = NULL;
  VsmKeyedList *pools = vsm_host_get_pools (host);
  guint current = 0;

  self = g_object_new (VSM_TYPE_CLONE_DIALOG, "transient-for", parent, "modal", TRUE, NULL);
  self->volume = g_object_ref (volume);
  self->source = g_object_ref (pool);
  self->uri = g_strdup (vsm_host_get_uri (host));
  for (guint i = 0; i < vsm_keyed_list_get_n_items (pools); i++)
    {
      VsmPool *p = vsm_keyed_list_get (pools, i);

      if (!vsm_pool_get_active (p) || !vsm_pool_type_can_create_volumes (vsm_pool_get_pool_type (p)))
        continue;
      if (p == pool)
        current = self->pools->len;
      g_ptr_array_add (self->pools, g_object_ref (p));
      gtk_string_list_append (names, vsm_pool_get_name (p));
    }
  adw_combo_row_set_model (self->pool_row, G_LIST_MODEL (names));
  adw_combo_row_set_selected (self->pool_row, current);

  heading = g_strdup_printf (_("Clone Volume “%s”"), vsm_volume_get_name (volume));
  adw_message_dialog_set_heading (ADW_MESSAGE_DIALOG (self), heading);
  suggested = clone_suggest_name (vsm_volume_get_name (volume));
  gtk_editable_set_text (GTK_EDITABLE (self->name_row), suggested);
  self->command_box = vsm_command_box_new ("");
  gtk_box_append (self->command_slot, self->command_box);
  clone_changed_cb (self);
  return GTK_WIDGET (self);
}

static void
vsm_clone_dialog_dispose (GObject *object)
{
  VsmCloneDialog *self = VSM_CLONE_DIALOG (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), VSM_TYPE_CLONE_DIALOG);
  g_clear_object (&self->volume);
  g_clear_object (&self->source);
  g_clear_pointer (&self->uri, g_free);
  g_clear_pointer (&self->pools, g_ptr_array_unref);
  G_OBJECT_CLASS (vsm_clone_dialog_parent_class)->dispose (object);
}

static void
vsm_clone_dialog_class_init (VsmCloneDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = vsm_clone_dialog_dispose;
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/virtstorage/VirtStorage/ui/vsm-clone-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, VsmCloneDialog, name_row);
  gtk_widget_class_bind_template_child (widget_class, VsmCloneDialog, pool_row);
  gtk_widget_class_bind_template_child (widget_class, VsmCloneDialog, format_row);
  gtk_widget_class_bind_template_child (widget_class, VsmCloneDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, VsmCloneDialog, command_slot);
  gtk_widget_class_bind_template_callback_full (widget_class, "validate", G_CALLBACK (clone_changed_cb));
}

static void
vsm_clone_dialog_init (VsmCloneDialog *self)
{
  self->pools = g_ptr_array_new_with_free_func (g_object_unref);
  gtk_widget_init_template (GTK_WIDGET (self));
}

/* ------------------------------------------------------------------ */
/* Resize                                                              */

struct _VsmResizeDialog
{
  AdwMessageDialog  parent_instance;

  VsmVolume        *volume;
  char             *command;        /* virsh … vol-resize --pool P NAME */
  gboolean          touched;        /* errors only once the size was edited */
  guint64           bytes;
  gboolean          shrink;

  GtkBox           *box;
  AdwEntryRow      *size_row;
  GtkSwitch        *allocate_switch;
  GtkCheckButton   *shrink_check;
  GtkLabel         *error_label;
  GtkWidget        *command_box;
};

G_DEFINE_FINAL_TYPE (VsmResizeDialog, vsm_resize_dialog, ADW_TYPE_MESSAGE_DIALOG)

static gboolean
resize_validate (VsmResizeDialog *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) line = NULL;
  gboolean ok;

  if (self->volume == NULL)
    return FALSE;
  ok = vsm_size_parse (gtk_editable_get_text (GTK_EDITABLE (self->size_row)), &self->bytes, &error);
  if (ok && self->bytes == 0)
    {
      g_set_error_literal (&error, VSM_ERROR, VSM_ERROR_INVALID_INPUT, _("The capacity must be larger than zero"));
      ok = FALSE;
    }
  if (ok && self->bytes == vsm_volume_get_capacity (self->volume))
    {
      g_set_error_literal (&error, VSM_ERROR, VSM_ERROR_INVALID_INPUT, _("That is the current capacity"));
      ok = FALSE;
    }
  self->shrink = ok && self->bytes < vsm_volume_get_capacity (self->volume);
  gtk_widget_set_visible (GTK_WIDGET (self->shrink_check), self->shrink);
  if (self->shrink && !gtk_check_button_get_active (self->shrink_check))
    ok = FALSE;

  gtk_label_set_label (self->error_label, error && self->touched ? error->message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), error != NULL && self->touched);

  /* the virsh line follows the form */
  line = g_string_new (self->command);
  if (error == NULL)
    g_string_append_printf (line, " %" G_GUINT64_FORMAT "B", self->bytes);
  else
    g_string_append (line, " NEW-CAPACITY");
  if (gtk_switch_get_active (self->allocate_switch))
    g_string_append (line, " --allocate");
  if (self->shrink)
    g_string_append (line, " --shrink");
  vsm_command_box_set_command (self->command_box, line->str);

  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (self), "resize", ok);
  adw_message_dialog_set_response_label (ADW_MESSAGE_DIALOG (self), "resize",
                                         self->shrink ? _("_Shrink") : _("_Resize"));
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (self), "resize",
                                              self->shrink ? ADW_RESPONSE_DESTRUCTIVE : ADW_RESPONSE_SUGGESTED);
  return ok;
}

static void
resize_validate_cb (VsmResizeDialog *self)
{
  resize_validate (self);
}

static void
resize_edited_cb (VsmResizeDialog *self)
{
  self->touched = TRUE;
  resize_validate (self);
}

gboolean
vsm_resize_dialog_get_request (VsmResizeDialog *self,
                               guint64         *capacity,
                               VsmResizeFlags  *flags)
{
  g_return_val_if_fail (VSM_IS_RESIZE_DIALOG (self), FALSE);

  if (!resize_validate (self))
    return FALSE;
  *capacity = self->bytes;
  *flags = (gtk_switch_get_active (self->allocate_switch) ? VSM_RESIZE_ALLOCATE : 0) |
           (self->shrink ? VSM_RESIZE_SHRINK : 0);
  return TRUE;
}

/**
 * vsm_resize_dialog_new:
 * @virsh_command: the command line without the size ("virsh … vol-resize
 *   --pool P NAME")
 */
GtkWidget *
vsm_resize_dialog_new (GtkWindow  *parent,
                       VsmVolume  *volume,
                       const char *virsh_command)
{
  VsmResizeDialog *self;
  g_autofree char *current = vsm_size_format (vsm_volume_get_capacity (volume));
  g_autofree char *heading = g_strdup_printf (_("Resize Volume “%s”"), vsm_volume_get_name (volume));
  g_autofree char *body = g_strdup_printf (_("The volume's capacity is %s. Growing is safe; the guest still has to grow its partition and filesystem."),
                                           current);

  self = g_object_new (VSM_TYPE_RESIZE_DIALOG, "transient-for", parent, "modal", TRUE,
                       "heading", heading, "body", body, NULL);
  self->volume = g_object_ref (volume);
  self->command = g_strdup (virsh_command);
  self->command_box = vsm_command_box_new (virsh_command);
  gtk_box_append (self->box, self->command_box);
  /* opened on the current capacity: not a change yet, and no error */
  gtk_editable_set_text (GTK_EDITABLE (self->size_row), current);
  g_signal_connect_swapped (self->size_row, "changed", G_CALLBACK (resize_edited_cb), self);
  resize_validate (self);
  return GTK_WIDGET (self);
}

static void
vsm_resize_dialog_dispose (GObject *object)
{
  VsmResizeDialog *self = VSM_RESIZE_DIALOG (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), VSM_TYPE_RESIZE_DIALOG);
  g_clear_object (&self->volume);
  G_OBJECT_CLASS (vsm_resize_dialog_parent_class)->dispose (object);
}

static void
vsm_resize_dialog_finalize (GObject *object)
{
  g_free (VSM_RESIZE_DIALOG (object)->command);
  G_OBJECT_CLASS (vsm_resize_dialog_parent_class)->finalize (object);
}

static void
vsm_resize_dialog_class_init (VsmResizeDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = vsm_resize_dialog_dispose;
  object_class->finalize = vsm_resize_dialog_finalize;
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/virtstorage/VirtStorage/ui/vsm-resize-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, VsmResizeDialog, box);
  gtk_widget_class_bind_template_child (widget_class, VsmResizeDialog, size_row);
  gtk_widget_class_bind_template_child (widget_class, VsmResizeDialog, allocate_switch);
  gtk_widget_class_bind_template_child (widget_class, VsmResizeDialog, shrink_check);
  gtk_widget_class_bind_template_child (widget_class, VsmResizeDialog, error_label);
  gtk_widget_class_bind_template_callback_full (widget_class, "validate", G_CALLBACK (resize_validate_cb));
  gtk_widget_class_bind_template_callback_full (widget_class, "edited_cb", G_CALLBACK (resize_edited_cb));
}

static void
vsm_resize_dialog_init (VsmResizeDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/* ------------------------------------------------------------------ */
/* Wipe                                                                */

/* The label is short enough for the row; what it does is the row's
 * subtitle, read whole. */
static const struct {
  VsmWipeAlgorithm  algorithm;
  const char       *virsh;       /* vol-wipe --algorithm */
  const char       *label;
  const char       *what;
} wipe_algorithms[] = {
  { VSM_WIPE_ZERO, "zero", N_("Zeros"), N_("One pass of zeros: the fastest") },
  { VSM_WIPE_RANDOM, "random", N_("Random data"), N_("One pass of random data") },
  { VSM_WIPE_NNSA, "nnsa", N_("NNSA"), N_("4 passes (NNSA Policy Letter NAP-14.1-C)") },
  { VSM_WIPE_DOD, "dod", N_("DoD 5220.22-M"), N_("4 passes (US Department of Defense)") },
  { VSM_WIPE_SCHNEIER, "schneier", N_("Schneier"), N_("7 passes (Bruce Schneier's algorithm)") },
  { VSM_WIPE_GUTMANN, "gutmann", N_("Gutmann"), N_("35 passes (Peter Gutmann's algorithm): very slow") },
  { VSM_WIPE_TRIM, "trim", N_("Discard"), N_("Tells the storage the blocks are unused (trim), where it supports that") },
};

struct _VsmWipeDialog
{
  AdwMessageDialog  parent_instance;

  char             *command;        /* virsh … vol-wipe --pool P NAME */
  char             *remake;         /* the lines that make a volume with a header again, or NULL */

  GtkBox           *box;
  AdwComboRow      *algorithm_row;
  GtkWidget        *command_box;
};

G_DEFINE_FINAL_TYPE (VsmWipeDialog, vsm_wipe_dialog, ADW_TYPE_MESSAGE_DIALOG)

static guint
wipe_index (VsmWipeDialog *self)
{
  guint i = adw_combo_row_get_selected (self->algorithm_row);

  return i < G_N_ELEMENTS (wipe_algorithms) ? i : 0;
}

VsmWipeAlgorithm
vsm_wipe_dialog_get_algorithm (VsmWipeDialog *self)
{
  g_return_val_if_fail (VSM_IS_WIPE_DIALOG (self), VSM_WIPE_ZERO);
  return wipe_algorithms[wipe_index (self)].algorithm;
}

/* the virsh line follows the chosen algorithm */
static void
wipe_update_command (VsmWipeDialog *self)
{
  g_autofree char *line = NULL;
  guint i = wipe_index (self);

  if (self->command_box == NULL)
    return;
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self->algorithm_row), _(wipe_algorithms[i].what));
  line = g_strdup_printf ("%s%s%s%s%s", self->command, i == 0 ? "" : " --algorithm ", i == 0 ? "" : wipe_algorithms[i].virsh,
                          self->remake ? "\n" : "", self->remake ? self->remake : "");
  vsm_command_box_set_command (self->command_box, line);
}

/**
 * vsm_wipe_dialog_new:
 * @virsh_command: the vol-wipe line without an algorithm
 * @remake_command: (nullable): for a format with a header, the lines
 *   that make the volume again after the wipe
 */
GtkWidget *
vsm_wipe_dialog_new (GtkWindow  *parent,
                     VsmVolume  *volume,
                     const char *virsh_command,
                     const char *remake_command)
{
  VsmWipeDialog *self;
  g_autoptr(GtkStringList) algos = gtk_string_list_new (NULL);
  g_autofree char *cap = vsm_size_format (vsm_volume_get_capacity (volume));
  g_autofree char *heading = g_strdup_printf (_("Wipe Volume “%s”?"), vsm_volume_get_name (volume));
  g_autoptr(GString) body = g_string_new (NULL);
  const char *used_by = vsm_volume_get_used_by (volume);

  g_string_append_printf (body, _("All %s of data in %s will be overwritten and cannot be recovered."),
                          cap, vsm_volume_get_path (volume) ? vsm_volume_get_path (volume) : vsm_volume_get_name (volume));
  g_string_append_c (body, ' ');
  if (remake_command != NULL)
    {
      /* Translators: the first %s is a volume format (qcow2), the second a size */
      g_string_append_printf (body, _("vol-wipe overwrites the %s header too, so the volume is then made again, "
                                      "empty: a %s volume of %s."),
                              vsm_volume_get_format (volume), vsm_volume_get_format (volume), cap);
      if (vsm_volume_get_backing_path (volume) != NULL)
        {
          g_autofree char *base = g_path_get_basename (vsm_volume_get_backing_path (volume));
          g_string_append_c (body, ' ');
          /* Translators: %s is the file name of the volume's backing file */
          g_string_append_printf (body, _("It is no longer built on %s."), base);
        }
    }
  else
    g_string_append (body, _("The volume itself is kept."));
  if (used_by != NULL && *used_by)
    {
      g_string_append (body, "\n\n");
      g_string_append_printf (body, _("Warning: the virtual machine(s) %s use this volume."), used_by);
    }
  g_string_append (body, "\n\n");
  g_string_append (body, _("Algorithms other than zeros need the scrub program on the host."));

  self = g_object_new (VSM_TYPE_WIPE_DIALOG, "transient-for", parent, "modal", TRUE,
                       "heading", heading, "body", body->str, NULL);
  for (guint i = 0; i < G_N_ELEMENTS (wipe_algorithms); i++)
    gtk_string_list_append (algos, _(wipe_algorithms[i].label));
  adw_combo_row_set_model (self->algorithm_row, G_LIST_MODEL (algos));
  self->command = g_strdup (virsh_command);
  self->remake = g_strdup (remake_command);
  self->command_box = vsm_command_box_new (virsh_command);
  gtk_box_append (self->box, self->command_box);
  wipe_update_command (self);
  return GTK_WIDGET (self);
}

static void
vsm_wipe_dialog_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), VSM_TYPE_WIPE_DIALOG);
  G_OBJECT_CLASS (vsm_wipe_dialog_parent_class)->dispose (object);
}

static void
vsm_wipe_dialog_finalize (GObject *object)
{
  g_free (VSM_WIPE_DIALOG (object)->command);
  g_free (VSM_WIPE_DIALOG (object)->remake);
  G_OBJECT_CLASS (vsm_wipe_dialog_parent_class)->finalize (object);
}

static void
vsm_wipe_dialog_class_init (VsmWipeDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = vsm_wipe_dialog_dispose;
  object_class->finalize = vsm_wipe_dialog_finalize;
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/virtstorage/VirtStorage/ui/vsm-wipe-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, VsmWipeDialog, box);
  gtk_widget_class_bind_template_child (widget_class, VsmWipeDialog, algorithm_row);
  gtk_widget_class_bind_template_callback_full (widget_class, "update_command", G_CALLBACK (wipe_update_command));
}

static void
vsm_wipe_dialog_init (VsmWipeDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/* ------------------------------------------------------------------ */
/* Insert a medium                                                     */

struct _VsmInsertDialog
{
  AdwMessageDialog  parent_instance;

  GPtrArray        *isos;           /* iso_row position → VsmVolumeChoice */
  char             *command;        /* virsh … change-media DOMAIN TARGET */
  char             *update_command; /* virsh … update-device DOMAIN */
  char             *target;
  char             *flags;          /* --live --config, … */

  GtkBox           *box;
  AdwComboRow      *iso_row;
  AdwEntryRow      *path_row;
  GtkWidget        *command_box;
};

G_DEFINE_FINAL_TYPE (VsmInsertDialog, vsm_insert_dialog, ADW_TYPE_MESSAGE_DIALOG)

/* The chosen ISO volume, or NULL when a path is typed. */
static const VsmVolumeChoice *
insert_choice (VsmInsertDialog *self)
{
  const char *typed = gtk_editable_get_text (GTK_EDITABLE (self->path_row));
  guint sel = adw_combo_row_get_selected (self->iso_row);

  if ((typed != NULL && *typed) || self->isos == NULL || sel >= self->isos->len)
    return NULL;
  return g_ptr_array_index (self->isos, sel);
}

static char *
insert_path (VsmInsertDialog *self,
             gboolean        *valid)
{
  const char *typed = gtk_editable_get_text (GTK_EDITABLE (self->path_row));
  const VsmVolumeChoice *choice = insert_choice (self);

  if (typed != NULL && *typed)
    {
      *valid = g_path_is_absolute (typed);
      return *valid ? g_strdup (typed) : NULL;
    }
  *valid = choice != NULL;
  return *valid ? g_strdup (choice->path) : NULL;
}

static void
insert_validate (VsmInsertDialog *self)
{
  const char *typed = gtk_editable_get_text (GTK_EDITABLE (self->path_row));
  gboolean valid = FALSE;
  g_autofree char *path = insert_path (self, &valid);

  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (self), "insert", valid);
  if (typed != NULL && *typed && !valid)
    gtk_widget_add_css_class (GTK_WIDGET (self->path_row), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->path_row), "error");
  if (self->command_box != NULL)
    {
      const VsmVolumeChoice *choice = insert_choice (self);
      g_autofree char *quoted = vsm_virsh_quote (path ? path : "PATH");
      g_autofree char *line = NULL;

      /* change-media writes a file path; a volume of a pool goes in
       * through the drive's <disk> element */
      if (choice != NULL)
        {
          g_autofree char *pool = g_markup_escape_text (choice->pool, -1);
          g_autofree char *volume = g_markup_escape_text (choice->volume, -1);
          const char *disk = "<disk type='volume' …>";
          g_autofree char *source = g_strdup_printf ("<source pool='%s' volume='%s'/>", pool, volume);
          /* Translators: a comment above a virsh line: %s.xml is a file name ("sdb.xml"), then two XML
           * fragments to put into it */
          g_autofree char *comment = g_strdup_printf (_("# %s.xml: the drive’s <disk> element from “virsh dumpxml”, "
                                                        "as %s with %s"), self->target, disk, source);

          line = g_strdup_printf ("%s\n%s %s.xml %s", comment, self->update_command, self->target, self->flags);
        }
      else
        line = g_strdup_printf ("%s %s --insert %s", self->command, path ? quoted : "PATH", self->flags);
      vsm_command_box_set_command (self->command_box, line);
    }
}

/**
 * vsm_insert_dialog_fill_medium:
 * @medium: the spec whose source is set
 *
 * Sets @medium's source to what the form says: a chosen volume stays the
 * pool's volume (type='volume', what it was attached as), a typed path
 * is a file.
 *
 * Returns: %FALSE while the form is not valid
 */
gboolean
vsm_insert_dialog_fill_medium (VsmInsertDialog *self,
                               VsmDiskSpec     *medium)
{
  const VsmVolumeChoice *choice;
  gboolean valid;
  g_autofree char *path = NULL;

  g_return_val_if_fail (VSM_IS_INSERT_DIALOG (self), FALSE);
  path = insert_path (self, &valid);
  if (!valid)
    return FALSE;
  choice = insert_choice (self);
  g_clear_pointer (&medium->pool, g_free);
  g_clear_pointer (&medium->volume, g_free);
  medium->source_kind = choice != NULL ? VSM_DISK_SOURCE_VOLUME : VSM_DISK_SOURCE_FILE;
  if (choice != NULL)
    {
      medium->pool = g_strdup (choice->pool);
      medium->volume = g_strdup (choice->volume);
    }
  g_free (medium->path);
  medium->path = g_steal_pointer (&path);
  return TRUE;
}

/**
 * vsm_insert_dialog_new:
 * @isos: (element-type VsmVolumeChoice): the ISO images to offer (kept)
 * @virsh_command: "virsh … change-media DOMAIN TARGET"
 * @update_command: "virsh … update-device DOMAIN"
 * @target: the drive, e.g. "sdb"
 * @virsh_flags: what the change affects ("--live --config", "--config")
 */
GtkWidget *
vsm_insert_dialog_new (GtkWindow  *parent,
                       const char *heading,
                       const char *body,
                       GPtrArray  *isos,
                       const char *virsh_command,
                       const char *update_command,
                       const char *target,
                       const char *virsh_flags)
{
  VsmInsertDialog *self;
  g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);

  self = g_object_new (VSM_TYPE_INSERT_DIALOG, "transient-for", parent, "modal", TRUE,
                       "heading", heading, "body", body, NULL);
  self->isos = g_ptr_array_ref (isos);
  for (guint i = 0; i < isos->len; i++)
    {
      const VsmVolumeChoice *c = g_ptr_array_index (isos, i);
      g_autofree char *label = vsm_volume_choice_label (c);

      gtk_string_list_append (labels, label);
    }
  adw_combo_row_set_model (self->iso_row, G_LIST_MODEL (labels));
  self->command = g_strdup (virsh_command);
  self->update_command = g_strdup (update_command);
  self->target = g_strdup (target);
  self->flags = g_strdup (virsh_flags);
  self->command_box = vsm_command_box_new (virsh_command);
  gtk_box_append (self->box, self->command_box);
  insert_validate (self);
  return GTK_WIDGET (self);
}

static void
vsm_insert_dialog_dispose (GObject *object)
{
  VsmInsertDialog *self = VSM_INSERT_DIALOG (object);

  /* the rows' last notifications while they go do not reach the line */
  self->command_box = NULL;
  gtk_widget_dispose_template (GTK_WIDGET (self), VSM_TYPE_INSERT_DIALOG);
  g_clear_pointer (&self->isos, g_ptr_array_unref);
  G_OBJECT_CLASS (vsm_insert_dialog_parent_class)->dispose (object);
}

static void
vsm_insert_dialog_finalize (GObject *object)
{
  VsmInsertDialog *self = VSM_INSERT_DIALOG (object);

  g_free (self->command);
  g_free (self->update_command);
  g_free (self->target);
  g_free (self->flags);
  G_OBJECT_CLASS (vsm_insert_dialog_parent_class)->finalize (object);
}

static void
vsm_insert_dialog_class_init (VsmInsertDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = vsm_insert_dialog_dispose;
  object_class->finalize = vsm_insert_dialog_finalize;
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/virtstorage/VirtStorage/ui/vsm-insert-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, VsmInsertDialog, box);
  gtk_widget_class_bind_template_child (widget_class, VsmInsertDialog, iso_row);
  gtk_widget_class_bind_template_child (widget_class, VsmInsertDialog, path_row);
  gtk_widget_class_bind_template_callback_full (widget_class, "validate", G_CALLBACK (insert_validate));
}

static void
vsm_insert_dialog_init (VsmInsertDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
