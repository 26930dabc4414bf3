/* vsm-volume-dialog.c
 *
 * New Volume: name, format allowed by the pool type, capacity with unit,
 * thin or preallocated, optional backing volume from the connection, the
 * effect on the pool's free space and overcommit, and the XML plus the
 * equivalent `virsh vol-create-as` line before anything is created.
 *
 * Copyright 2026 Virt Storage developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vsm-volume-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "vsm-describe.h"
#include "vsm-dialogs.h"
#include "vsm-error.h"
#include "vsm-size.h"
#include "vsm-volume.h"
#include "vsm-volume-dialog.h"
#include "vsm-host-jobs.h"

struct _VsmVolumeDialog
{
  AdwWindow       parent_instance;

  VsmHost        *host;
  VsmPool        *pool;
  GCancellable   *cancellable;
  GHashTable     *existing;       /* names in the pool */
  GPtrArray      *backing_paths;  /* index → path (0 = none) */
  GPtrArray      *backing_formats;
  char           *error;
  char           *shown_format;   /* the format the name's extension follows */
  gboolean        creating;

  AdwWindowTitle *window_title;
  AdwEntryRow    *name_row;
  AdwComboRow    *format_row;
  AdwEntryRow    *capacity_row;
  GtkDropDown    *unit_dropdown;
  AdwComboRow    *alloc_row;
  AdwComboRow    *backing_row;
  const VsmPrealloc *preallocs;     /* alloc_row's choices */
  guint           n_preallocs;
  AdwActionRow   *space_row;
  AdwActionRow   *overcommit_row;
  GtkLabel       *error_label;
  GtkLabel       *xml_label;
  AdwPreferencesGroup *review_group;
  GtkBox         *command_slot;
  GtkButton      *create_button;
  GtkSpinner     *spinner;
};

G_DEFINE_FINAL_TYPE (VsmVolumeDialog, vsm_volume_dialog, ADW_TYPE_WINDOW)

static const char * const units[] = { "MiB", "GiB", "TiB", NULL };

static const char *
selected_format (VsmVolumeDialog *self)
{
  const char * const *formats = vsm_volume_formats_for_pool (vsm_pool_get_pool_type (self->pool));
  guint i = adw_combo_row_get_selected (self->format_row);

  if (formats[0] == NULL || i == GTK_INVALID_LIST_POSITION)
    return NULL;
  return formats[i];
}

/* The rows of the allocation choice: what the volume can be given. */
static VsmPrealloc
selected_prealloc (VsmVolumeDialog *self)
{
  guint i = adw_combo_row_get_selected (self->alloc_row);

  return i < self->n_preallocs ? self->preallocs[i] : VSM_PREALLOC_OFF;
}

static gboolean
backed (VsmVolumeDialog *self)
{
  guint backing = adw_combo_row_get_selected (self->backing_row);

  /* (only qcow2 offers one) */
  return g_strcmp0 (selected_format (self), "qcow2") == 0 &&
         backing != GTK_INVALID_LIST_POSITION && backing > 0 && backing < self->backing_paths->len;
}

static gboolean
parse_capacity (VsmVolumeDialog  *self,
                guint64          *bytes,
                GError          **error)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->capacity_row));
  g_autofree char *full = NULL;
  gboolean has_unit = FALSE;

  const char *t = text;

  while (t != NULL && g_ascii_isspace (*t))
    t++;
  if (t == NULL || *t == '\0')
    {
      g_set_error_literal (error, VSM_ERROR, VSM_ERROR_INVALID_INPUT, _("Enter a capacity, for example 20 GiB"));
      return FALSE;
    }
  for (const char *p = text; *p; p++)
    if (g_ascii_isalpha (*p))
      has_unit = TRUE;

  /* "20" means 20 of the unit picked beside it; "512 MiB" speaks for itself. */
  full = has_unit ? g_strdup (text)
                  : g_strdup_printf ("%s %s", text, units[gtk_drop_down_get_selected (self->unit_dropdown)]);
  if (!vsm_size_parse (full, bytes, error))
    return FALSE;
  if (*bytes == 0)
    {
      g_set_error_literal (error, VSM_ERROR, VSM_ERROR_INVALID_INPUT, _("The capacity must be larger than zero"));
      return FALSE;
    }
  return TRUE;
}

/**
 * vsm_volume_dialog_dup_spec:
 *
 * Returns: (nullable): the spec, or %NULL when the form is invalid (see
 * vsm_volume_dialog_get_error())
 */
VsmVolumeSpec *
vsm_volume_dialog_dup_spec (VsmVolumeDialog *self)
{
  g_autoptr(VsmVolumeSpec) spec = vsm_volume_spec_new ();
  g_autoptr(GError) error = NULL;
  const char *name = gtk_editable_get_text (GTK_EDITABLE (self->name_row));
  guint backing;

  g_clear_pointer (&self->error, g_free);

  if (!vsm_volume_name_validate (name, vsm_pool_get_pool_type (self->pool), vsm_pool_get_source_device (self->pool),
                                 self->existing, &error) ||
      !parse_capacity (self, &spec->capacity, &error))
    {
      self->error = g_strdup (error->message);
      return NULL;
    }

  spec->name = g_strdup (name);
  spec->format = g_strdup (selected_format (self));
  if (g_strcmp0 (spec->format, "none") == 0)
    g_clear_pointer (&spec->format, g_free);
  spec->prealloc = selected_prealloc (self);

  backing = adw_combo_row_get_selected (self->backing_row);
  if (backing != GTK_INVALID_LIST_POSITION && backing > 0 && backing < self->backing_paths->len)
    {
      if (g_strcmp0 (spec->format, "qcow2") != 0)
        {
          self->error = g_strdup (_("Only qcow2 volumes can have a backing volume"));
          return NULL;
        }
      spec->backing_path = g_strdup (g_ptr_array_index (self->backing_paths, backing));
      spec->backing_format = g_strdup (g_ptr_array_index (self->backing_formats, backing));
    }

  if (vsm_pool_get_active (self->pool) && vsm_pool_get_over_capacity (self->pool) > 0)
    {
      g_autofree char *by = vsm_size_format (vsm_pool_get_over_capacity (self->pool));
      self->error = g_strdup_printf (_("The pool is over capacity by %s: no new volume fits until space is freed"), by);
      return NULL;
    }
  if (spec->prealloc == VSM_PREALLOC_FULL && vsm_pool_get_active (self->pool) &&
      vsm_pool_get_capacity (self->pool) > 0 && spec->capacity > vsm_pool_get_available (self->pool))
    {
      g_autofree char *need = vsm_size_format (spec->capacity);
      g_autofree char *have = vsm_size_format (vsm_pool_get_available (self->pool));
      self->error = g_strdup_printf (_("Not enough free space to preallocate %s: the pool has %s free"), need, have);
      return NULL;
    }

  return g_steal_pointer (&spec);
}

static void
update (VsmVolumeDialog *self)
{
  /* by VsmPrealloc */
  static const char * const alloc_what[] = {
    N_("Space is allocated as data is written"),
    N_("The qcow2 metadata is allocated now, the data as it is written"),
    N_("All the space is allocated now"),
  };
  guint alloc = selected_prealloc (self);
  g_autoptr(VsmVolumeSpec) spec = NULL;
  gboolean pristine = *gtk_editable_get_text (GTK_EDITABLE (self->name_row)) == '\0' &&
                      *gtk_editable_get_text (GTK_EDITABLE (self->capacity_row)) == '\0';
  gboolean qcow2 = g_strcmp0 (selected_format (self), "qcow2") == 0;

  adw_action_row_set_subtitle (ADW_ACTION_ROW (self->alloc_row),
                               alloc < G_N_ELEMENTS (alloc_what) ? _(alloc_what[alloc]) : NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->backing_row), qcow2 && self->backing_paths->len > 1);

  spec = vsm_volume_dialog_dup_spec (self);

  gtk_label_set_label (self->error_label, self->error && !pristine ? self->error : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), self->error != NULL && !pristine);
  gtk_widget_set_sensitive (GTK_WIDGET (self->create_button), spec != NULL && !self->creating);

  /* Free space and what the new volume does to the overcommit figure. */
  {
    g_autofree char *avail = vsm_size_format (vsm_pool_get_available (self->pool));
    g_autofree char *cap = vsm_size_format (vsm_pool_get_capacity (self->pool));
    g_autofree char *text = g_strdup_printf (_("%s free of %s"), avail, cap);
    adw_action_row_set_subtitle (self->space_row, text);
  }
  {
    guint64 add = spec ? spec->capacity : 0;
    guint64 have = vsm_pool_get_volume_capacity (self->pool);
    /* saturate: "18446744073709551615 B" must not wrap to a small sum
     * and hide the overcommit warning */
    guint64 sum = add > G_MAXUINT64 - have ? G_MAXUINT64 : have + add;
    double pct = vsm_overcommit_percent (sum, vsm_pool_get_capacity (self->pool));
    g_autofree char *ssum = vsm_size_format (sum);
    g_autofree char *text = g_strdup_printf (_("%s provisioned in total (%.0f %% of capacity)"), ssum, pct);

    adw_action_row_set_subtitle (self->overcommit_row, text);
    if (vsm_overcommit_is_warning (sum, vsm_pool_get_capacity (self->pool)))
      gtk_widget_add_css_class (GTK_WIDGET (self->overcommit_row), "warning");
    else
      gtk_widget_remove_css_class (GTK_WIDGET (self->overcommit_row), "warning");
  }

  /* The review: XML and the virsh line. */
  {
    GtkWidget *child;

    while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->command_slot))) != NULL)
      gtk_box_remove (self->command_slot, child);
    gtk_widget_set_visible (GTK_WIDGET (self->review_group), spec != NULL);
    if (spec != NULL)
      {
        g_autofree char *xml = vsm_volume_xml_build (spec);
        g_autofree char *cmd = vsm_volume_create_as_command (vsm_host_get_uri (self->host),
                                                             vsm_pool_get_name (self->pool), spec);
        gtk_label_set_label (self->xml_label, g_strchomp (xml));
        gtk_box_append (self->command_slot, vsm_command_box_new (cmd));
      }
    else
      gtk_label_set_label (self->xml_label, "");
  }
}

/* Shows the allocations @format can be given and selects @prealloc, or
 * Thin when the format cannot have it. */
static void
show_preallocs (VsmVolumeDialog *self,
                VsmPrealloc      prealloc)
{
  /* by VsmPrealloc; short labels, what each does is the row's subtitle (update ()) */
  static const char * const alloc_labels[] = { N_("Thin"), N_("Metadata only"), N_("Full") };
  g_autoptr(GtkStringList) allocs = gtk_string_list_new (NULL);
  guint selected = 0;

  self->preallocs = vsm_volume_format_preallocs (vsm_pool_get_pool_type (self->pool), selected_format (self),
                                                 backed (self), &self->n_preallocs);
  for (guint i = 0; i < self->n_preallocs; i++)
    {
      gtk_string_list_append (allocs, _(alloc_labels[self->preallocs[i]]));
      if (self->preallocs[i] == prealloc)
        selected = i;
    }
  adw_combo_row_set_model (self->alloc_row, G_LIST_MODEL (allocs));
  adw_combo_row_set_selected (self->alloc_row, selected);
}

/* A backing volume leaves only Thin (libvirt refuses preallocation with a
 * backing store). */
static void
backing_changed_cb (VsmVolumeDialog *self)
{
  show_preallocs (self, selected_prealloc (self));
  update (self);
}

static void
format_changed_cb (VsmVolumeDialog *self)
{
  const char *name = gtk_editable_get_text (GTK_EDITABLE (self->name_row));
  const char *old_format = self->shown_format;

  /* the allocation chosen for the format before, where the new one has it */
  show_preallocs (self, selected_prealloc (self));

  /* Keep a suggested extension in step with the format. */
  if (old_format != NULL && g_str_has_suffix (name, old_format) && selected_format (self) != NULL &&
      g_strcmp0 (vsm_pool_get_pool_type (self->pool), "disk") != 0 &&
      g_strcmp0 (vsm_pool_get_pool_type (self->pool), "logical") != 0)
    {
      g_autofree char *stem = g_strndup (name, strlen (name) - strlen (old_format));
      g_autofree char *renamed = g_strconcat (stem, selected_format (self), NULL);
      gtk_editable_set_text (GTK_EDITABLE (self->name_row), renamed);
    }
  g_free (self->shown_format);
  self->shown_format = g_strdup (selected_format (self));
  update (self);
}

static void
created_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(VsmVolumeDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  gboolean ok = vsm_host_volume_job_finish (VSM_HOST (object), result, NULL, &error);

  self->creating = FALSE;
  gtk_spinner_set_spinning (self->spinner, FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), FALSE);

  /* the model re-read the pool, even after a failure */
  if (!ok)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      vsm_report_error (GTK_WIDGET (self->error_label), _("Could not create the volume"), error);
      /* update() first: it re-validates and would clear the message */
      update (self);
      g_free (self->error);
      self->error = g_strdup (error->message);
      gtk_label_set_label (self->error_label, error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
      return;
    }

  {
    GtkWindow *parent = gtk_window_get_transient_for (GTK_WINDOW (self));
    g_autofree char *msg = g_strdup_printf (_("Volume “%s” created"),
                                            gtk_editable_get_text (GTK_EDITABLE (self->name_row)));
    if (parent != NULL)
      vsm_show_toast (GTK_WIDGET (parent), msg);
  }
  gtk_window_destroy (GTK_WINDOW (self));
}

/**
 * vsm_volume_dialog_create:
 *
 * What the Create button does (also for tests).
 */
void
vsm_volume_dialog_create (VsmVolumeDialog *self)
{
  g_autoptr(VsmVolumeSpec) spec = vsm_volume_dialog_dup_spec (self);

  g_return_if_fail (VSM_IS_VOLUME_DIALOG (self));

  if (spec == NULL || self->creating)
    return;
  self->creating = TRUE;
  gtk_widget_set_sensitive (GTK_WIDGET (self->create_button), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), TRUE);
  gtk_spinner_set_spinning (self->spinner, TRUE);
  vsm_host_volume_job_async (self->host,
                             &(VsmVolumeJob) { .kind = VSM_VOLUME_JOB_CREATE,
                                               .pool_uuid = vsm_pool_get_uuid (self->pool), .spec = spec },
                             self->cancellable, created_cb, g_object_ref (self));
}

static void
fill_backing (VsmVolumeDialog *self)
{
  g_autoptr(GtkStringList) list = gtk_string_list_new (NULL);
  VsmKeyedList *pools = vsm_host_get_pools (self->host);
  guint np = vsm_keyed_list_get_n_items (pools);

  gtk_string_list_append (list, _("None"));
  g_ptr_array_add (self->backing_paths, NULL);
  g_ptr_array_add (self->backing_formats, NULL);

  /* Volumes of the connection (not local files: it may be remote). */
  for (guint i = 0; i < np; i++)
    {
      VsmPool *pool = vsm_keyed_list_get (pools, i);
      VsmKeyedList *vols = vsm_pool_get_volumes (pool);
      guint nv = vsm_keyed_list_get_n_items (vols);

      for (guint j = 0; j < nv && self->backing_paths->len < 2000; j++)
        {
          VsmVolume *vol = vsm_keyed_list_get (vols, j);
          const char *fmt = vsm_volume_get_format (vol);
          g_autofree char *label = NULL;

          if (vsm_volume_get_path (vol) == NULL ||
              (g_strcmp0 (fmt, "qcow2") != 0 && g_strcmp0 (fmt, "raw") != 0))
            continue;
          label = g_strdup_printf ("%s (%s)", vsm_volume_get_name (vol), vsm_pool_get_name (pool));
          gtk_string_list_append (list, label);
          g_ptr_array_add (self->backing_paths, g_strdup (vsm_volume_get_path (vol)));
          g_ptr_array_add (self->backing_formats, g_strdup (fmt));
        }
    }
  adw_combo_row_set_model (self->backing_row, G_LIST_MODEL (list));
}

static void
vsm_volume_dialog_dispose (GObject *object)
{
  VsmVolumeDialog *self = VSM_VOLUME_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), VSM_TYPE_VOLUME_DIALOG);
  g_clear_object (&self->host);
  g_clear_object (&self->pool);

  G_OBJECT_CLASS (vsm_volume_dialog_parent_class)->dispose (object);
}

static void
vsm_volume_dialog_finalize (GObject *object)
{
  VsmVolumeDialog *self = VSM_VOLUME_DIALOG (object);

  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->existing, g_hash_table_unref);
  g_clear_pointer (&self->backing_paths, g_ptr_array_unref);
  g_clear_pointer (&self->backing_formats, g_ptr_array_unref);
  g_free (self->error);
  g_free (self->shown_format);

  G_OBJECT_CLASS (vsm_volume_dialog_parent_class)->finalize (object);
}

static void
vsm_volume_dialog_class_init (VsmVolumeDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = vsm_volume_dialog_dispose;
  object_class->finalize = vsm_volume_dialog_finalize;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/virtstorage/VirtStorage/ui/vsm-volume-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, VsmVolumeDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, VsmVolumeDialog, name_row);
  gtk_widget_class_bind_template_child (widget_class, VsmVolumeDialog, format_row);
  gtk_widget_class_bind_template_child (widget_class, VsmVolumeDialog, capacity_row);
  gtk_widget_class_bind_template_child (widget_class, VsmVolumeDialog, unit_dropdown);
  gtk_widget_class_bind_template_child (widget_class, VsmVolumeDialog, alloc_row);
  gtk_widget_class_bind_template_child (widget_class, VsmVolumeDialog, backing_row);
  gtk_widget_class_bind_template_child (widget_class, VsmVolumeDialog, space_row);
  gtk_widget_class_bind_template_child (widget_class, VsmVolumeDialog, overcommit_row);
  gtk_widget_class_bind_template_child (widget_class, VsmVolumeDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, VsmVolumeDialog, xml_label);
  gtk_widget_class_bind_template_child (widget_class, VsmVolumeDialog, review_group);
  gtk_widget_class_bind_template_child (widget_class, VsmVolumeDialog, command_slot);
  gtk_widget_class_bind_template_child (widget_class, VsmVolumeDialog, create_button);
  gtk_widget_class_bind_template_child (widget_class, VsmVolumeDialog, spinner);
  gtk_widget_class_bind_template_callback (widget_class, update);
  gtk_widget_class_bind_template_callback (widget_class, format_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, backing_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, vsm_volume_dialog_create);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
vsm_volume_dialog_init (VsmVolumeDialog *self)
{
  self->cancellable = g_cancellable_new ();
  self->existing = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->backing_paths = g_ptr_array_new_with_free_func (g_free);
  self->backing_formats = g_ptr_array_new_with_free_func (g_free);
  gtk_widget_init_template (GTK_WIDGET (self));
  /* typing starts with the name */
  gtk_window_set_focus (GTK_WINDOW (self), GTK_WIDGET (self->name_row));
}

GtkWidget *
vsm_volume_dialog_new (GtkWindow *parent,
                       VsmHost   *host,
                       VsmPool   *pool)
{
  VsmVolumeDialog *self;
  VsmKeyedList *vols = vsm_pool_get_volumes (pool);
  const char * const *formats = vsm_volume_formats_for_pool (vsm_pool_get_pool_type (pool));
  g_autoptr(GtkStringList) fmt_list = gtk_string_list_new ((const char * const *) formats);
  g_autofree char *subtitle = NULL;
  g_autofree char *suggested = NULL;

  self = g_object_new (VSM_TYPE_VOLUME_DIALOG, "transient-for", parent, "modal", TRUE, NULL);
  self->host = g_object_ref (host);
  self->pool = g_object_ref (pool);

  for (guint i = 0; i < vsm_keyed_list_get_n_items (vols); i++)
    g_hash_table_add (self->existing, g_strdup (vsm_volume_get_name (vsm_keyed_list_get (vols, i))));

  subtitle = g_strdup_printf (_("In pool “%s”"), vsm_pool_get_name (pool));
  adw_window_title_set_subtitle (self->window_title, subtitle);

  adw_combo_row_set_model (self->format_row, G_LIST_MODEL (fmt_list));
  /* a partition's "none" in words, as the volume table shows it */
  vsm_combo_row_show_labels (self->format_row, vsm_describe_volume_format);
  gtk_widget_set_visible (GTK_WIDGET (self->format_row), formats[0] != NULL);
  fill_backing (self);

  suggested = vsm_volume_suggest_name (vsm_pool_get_pool_type (pool), vsm_pool_get_source_device (pool),
                                       "disk", self->existing, formats[0]);
  gtk_editable_set_text (GTK_EDITABLE (self->name_row), suggested);
  gtk_drop_down_set_selected (self->unit_dropdown, 1);
  /* virt-manager's default size: 20 GiB */
  gtk_editable_set_text (GTK_EDITABLE (self->capacity_row), "20");
  g_free (self->shown_format);
  self->shown_format = g_strdup (formats[0]);
  format_changed_cb (self);
  {
    /* typing replaces the stem and keeps the format's extension, as a
     * file manager's Rename does */
    const char *name = gtk_editable_get_text (GTK_EDITABLE (self->name_row));
    const char *dot = strrchr (name, '.');

    gtk_editable_select_region (GTK_EDITABLE (self->name_row), 0,
                                dot != NULL && dot != name ? (int) g_utf8_pointer_to_offset (name, dot) : -1);
  }
  return GTK_WIDGET (self);
}

const char *
vsm_volume_dialog_get_error (VsmVolumeDialog *self)
{
  g_return_val_if_fail (VSM_IS_VOLUME_DIALOG (self), NULL);
  return self->error;
}

char *
vsm_volume_dialog_dup_xml (VsmVolumeDialog *self)
{
  g_autoptr(VsmVolumeSpec) spec = vsm_volume_dialog_dup_spec (self);
  /* As shown in the review: without the final newline. */
  char *xml = spec ? vsm_volume_xml_build (spec) : NULL;

  return xml ? g_strchomp (xml) : NULL;
}

char *
vsm_volume_dialog_dup_command (VsmVolumeDialog *self)
{
  g_autoptr(VsmVolumeSpec) spec = vsm_volume_dialog_dup_spec (self);
  return spec ? vsm_volume_create_as_command (vsm_host_get_uri (self->host), vsm_pool_get_name (self->pool), spec)
              : NULL;
}

/**
 * vsm_volume_dialog_set_values:
 * @format: (nullable): a format offered for the pool
 *
 * Fills the form (for tests and for "clone as new").
 */
void
vsm_volume_dialog_set_values (VsmVolumeDialog *self,
                              const char      *name,
                              const char      *capacity_text,
                              const char      *format,
                              VsmPrealloc      prealloc)
{
  const char * const *formats;

  g_return_if_fail (VSM_IS_VOLUME_DIALOG (self));

  formats = vsm_volume_formats_for_pool (vsm_pool_get_pool_type (self->pool));
  for (guint i = 0; format != NULL && formats[i] != NULL; i++)
    if (g_str_equal (formats[i], format))
      adw_combo_row_set_selected (self->format_row, i);
  if (name != NULL)
    gtk_editable_set_text (GTK_EDITABLE (self->name_row), name);
  if (capacity_text != NULL)
    gtk_editable_set_text (GTK_EDITABLE (self->capacity_row), capacity_text);
  show_preallocs (self, prealloc);
  update (self);
}
