/* vsm-volume-details-dialog.c
 *
 * Copyright 2026 Virt Storage developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vsm-volume-details"

#include "config.h"

#include <glib/gi18n.h>

#include "vsm-dialogs.h"
#include "vsm-size.h"
#include "vsm-volume-details-dialog.h"

/* A chain longer than this is shown cut, with a row that says so (qemu
 * itself refuses very deep chains; a loop in broken metadata must end). */
#define MAX_CHAIN 16

struct _VsmVolumeDetailsDialog
{
  AdwWindow            parent_instance;

  VsmHost             *host;
  VsmPool             *pool;
  VsmVolume           *volume;

  AdwWindowTitle      *window_title;
  AdwActionRow        *path_row;
  AdwActionRow        *pool_row;
  AdwActionRow        *format_row;
  AdwActionRow        *key_row;
  AdwActionRow        *used_row;
  AdwActionRow        *backing_of_row;
  AdwActionRow        *capacity_row;
  AdwActionRow        *allocation_row;
  AdwActionRow        *physical_row;
  AdwPreferencesGroup *backing_group;
  AdwPreferencesGroup *qcow2_group;
  AdwActionRow        *compat_row;
  AdwActionRow        *features_row;
  AdwPreferencesGroup *perms_group;
  AdwActionRow        *owner_row;
  AdwActionRow        *group_row;
  AdwActionRow        *mode_row;
  AdwActionRow        *label_row;
  GtkBox              *command_slot;
  GtkLabel            *status_label;
};

G_DEFINE_FINAL_TYPE (VsmVolumeDetailsDialog, vsm_volume_details_dialog, ADW_TYPE_WINDOW)

/* "10.0 GiB (10737418240 bytes)": the figure to read and libvirt's own */
static char *
size_words (guint64 bytes)
{
  g_autofree char *human = vsm_size_format (bytes);
  g_autofree char *exact = g_strdup_printf ("%" G_GUINT64_FORMAT, bytes);

  /* Translators: a size, then the same in bytes, e.g. "10.0 GiB (10737418240 bytes)" */
  return g_strdup_printf (_("%s (%s bytes)"), human, exact);
}

/* Shows @row with @value as its subtitle, or hides it when there is none. */
static void
show_value (AdwActionRow *row,
            const char   *value)
{
  adw_action_row_set_subtitle (row, value != NULL ? value : "");
  gtk_widget_set_visible (GTK_WIDGET (row), value != NULL && *value != '\0');
}

static void
add_chain_row (VsmVolumeDetailsDialog *self,
               const char             *title,
               const char             *subtitle)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_preferences_group_add (self->backing_group, row);
}

/* The chain from the volume's own <backingStore> down: each file with its
 * format and, where it is a volume the app lists, its pool; past the first
 * level the formats and files are the listed volumes' (libvirt names one
 * level per volume). */
static void
show_chain (VsmVolumeDetailsDialog *self,
            const VsmVolumeDetails *details)
{
  const char *path = details->volume->backing_path;
  const char *format = details->backing_format;
  guint depth = 0;

  gtk_widget_set_visible (GTK_WIDGET (self->backing_group), path != NULL);
  for (; path != NULL && depth < MAX_CHAIN; depth++)
    {
      VsmPool *pool = NULL;
      VsmVolume *vol = vsm_host_find_volume_by_path (self->host, path, &pool);
      g_autofree char *where = NULL;

      if (vol != NULL)
        format = vsm_volume_get_format (vol);
      if (vol != NULL)
        /* Translators: a backing file's format and the pool and volume it is, e.g. "qcow2 · volume base.qcow2 of pool images" */
        where = g_strdup_printf (_("%s · volume %s of pool %s"), format ? format : _("format unknown"),
                                 vsm_volume_get_name (vol), vsm_pool_get_name (pool));
      else
        /* Translators: a backing file's format, for a file that is not a volume of any listed pool */
        where = g_strdup_printf (_("%s · not a volume of a listed pool"), format ? format : _("format unknown"));
      add_chain_row (self, path, where);
      path = vol != NULL ? vsm_volume_get_backing_path (vol) : NULL;
      format = NULL;
    }
  if (path != NULL)
    {
      g_autofree char *more = g_strdup_printf (_("Only its first %u files are shown."), MAX_CHAIN);
      add_chain_row (self, _("The chain goes on"), more);
    }
}

/**
 * vsm_volume_details_dialog_set_xml:
 *
 * Fills in what only the volume's XML says; the sizes become the XML's
 * (the same figures libvirt's vol-info prints).
 */
void
vsm_volume_details_dialog_set_xml (VsmVolumeDetailsDialog *self,
                                   const char             *xml)
{
  g_autoptr(VsmVolumeDetails) d = NULL;
  g_autofree char *capacity = NULL;
  g_autofree char *allocation = NULL;
  g_autofree char *features = NULL;

  g_return_if_fail (VSM_IS_VOLUME_DETAILS_DIALOG (self));

  d = xml != NULL ? vsm_volume_details_from_xml (xml) : NULL;
  if (d == NULL)
    {
      gtk_label_set_label (self->status_label, _("libvirt's description of the volume could not be read."));
      return;
    }
  gtk_widget_set_visible (GTK_WIDGET (self->status_label), FALSE);
  capacity = size_words (d->volume->capacity);
  allocation = size_words (d->volume->allocation);
  adw_action_row_set_subtitle (self->capacity_row, capacity);
  adw_action_row_set_subtitle (self->allocation_row, allocation);
  if (d->has_physical)
    {
      g_autofree char *physical = size_words (d->physical);
      show_value (self->physical_row, physical);
    }
  show_value (self->key_row, d->volume->key);

  show_chain (self, d);

  features = g_strjoinv (", ", d->features);
  show_value (self->compat_row, d->compat);
  show_value (self->features_row, *features ? features : NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->qcow2_group), d->compat != NULL || *features);

  show_value (self->owner_row, d->owner);
  show_value (self->group_row, d->group);
  show_value (self->mode_row, d->mode);
  show_value (self->label_row, d->label);
  gtk_widget_set_visible (GTK_WIDGET (self->perms_group),
                          d->owner != NULL || d->group != NULL || d->mode != NULL || d->label != NULL);
}

void
vsm_volume_details_dialog_set_error (VsmVolumeDetailsDialog *self,
                                     const GError           *error)
{
  g_autofree char *text = NULL;

  g_return_if_fail (VSM_IS_VOLUME_DETAILS_DIALOG (self));

  /* Translators: %s is libvirt's error */
  text = g_strdup_printf (_("The backing chain, permissions and qcow2 features could not be read: %s"),
                          error->message);
  gtk_label_set_label (self->status_label, text);
}

/* What the model lists: shown at once. */
static void
show_listed (VsmVolumeDetailsDialog *self)
{
  VsmVolume *vol = self->volume;
  const char *format = vsm_volume_get_format (vol);
  const char *used = vsm_volume_get_used_by (vol);
  g_autofree char *format_words = NULL;
  g_autofree char *capacity = size_words (vsm_volume_get_capacity (vol));
  g_autofree char *allocation = size_words (vsm_volume_get_allocation (vol));

  adw_window_title_set_subtitle (self->window_title, vsm_volume_get_name (vol));
  gtk_window_set_title (GTK_WINDOW (self), vsm_volume_get_name (vol));
  show_value (self->path_row, vsm_volume_get_path (vol));
  show_value (self->pool_row, vsm_pool_get_name (self->pool));
  if (vsm_volume_get_encryption (vol) != NULL)
    /* Translators: a volume format, then its encryption format, e.g. "qcow2 · encrypted (luks)" */
    format_words = g_strdup_printf (_("%s · encrypted (%s)"), format ? format : _("format unknown"),
                                    vsm_volume_get_encryption (vol));
  else
    format_words = g_strdup (format ? format : _("format unknown"));
  show_value (self->format_row, format_words);
  show_value (self->key_row, vsm_volume_get_key (vol));
  adw_action_row_set_subtitle (self->used_row, used != NULL && *used ? used : _("No virtual machine uses it"));
  show_value (self->backing_of_row, vsm_volume_get_backing_of (vol));
  adw_action_row_set_subtitle (self->capacity_row, capacity);
  adw_action_row_set_subtitle (self->allocation_row, allocation);
  gtk_label_set_label (self->status_label, _("Reading the volume's description from libvirt…"));
}

GtkWidget *
vsm_volume_details_dialog_new (GtkWindow  *parent,
                               VsmHost    *host,
                               VsmPool    *pool,
                               VsmVolume  *volume,
                               const char *virsh_lines)
{
  VsmVolumeDetailsDialog *self;

  g_return_val_if_fail (VSM_IS_HOST (host), NULL);
  g_return_val_if_fail (VSM_IS_POOL (pool), NULL);
  g_return_val_if_fail (VSM_IS_VOLUME (volume), NULL);

  self = g_object_new (VSM_TYPE_VOLUME_DETAILS_DIALOG, "transient-for", parent, "modal", TRUE, NULL);
  self->host = g_object_ref (host);
  self->pool = g_object_ref (pool);
  self->volume = g_object_ref (volume);
  gtk_box_append (self->command_slot, vsm_command_box_new (virsh_lines));
  show_listed (self);
  return GTK_WIDGET (self);
}

static void
vsm_volume_details_dialog_dispose (GObject *object)
{
  VsmVolumeDetailsDialog *self = VSM_VOLUME_DETAILS_DIALOG (object);

  g_clear_object (&self->host);
  g_clear_object (&self->pool);
  g_clear_object (&self->volume);
  gtk_widget_dispose_template (GTK_WIDGET (object), VSM_TYPE_VOLUME_DETAILS_DIALOG);

  G_OBJECT_CLASS (vsm_volume_details_dialog_parent_class)->dispose (object);
}

static void
vsm_volume_details_dialog_class_init (VsmVolumeDetailsDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = vsm_volume_details_dialog_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/virtstorage/VirtStorage/ui/vsm-volume-details-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, VsmVolumeDetailsDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, VsmVolumeDetailsDialog, path_row);
  gtk_widget_class_bind_template_child (widget_class, VsmVolumeDetailsDialog, pool_row);
  gtk_widget_class_bind_template_child (widget_class, VsmVolumeDetailsDialog, format_row);
  gtk_widget_class_bind_template_child (widget_class, VsmVolumeDetailsDialog, key_row);
  gtk_widget_class_bind_template_child (widget_class, VsmVolumeDetailsDialog, used_row);
  gtk_widget_class_bind_template_child (widget_class, VsmVolumeDetailsDialog, backing_of_row);
  gtk_widget_class_bind_template_child (widget_class, VsmVolumeDetailsDialog, capacity_row);
  gtk_widget_class_bind_template_child (widget_class, VsmVolumeDetailsDialog, allocation_row);
  gtk_widget_class_bind_template_child (widget_class, VsmVolumeDetailsDialog, physical_row);
  gtk_widget_class_bind_template_child (widget_class, VsmVolumeDetailsDialog, backing_group);
  gtk_widget_class_bind_template_child (widget_class, VsmVolumeDetailsDialog, qcow2_group);
  gtk_widget_class_bind_template_child (widget_class, VsmVolumeDetailsDialog, compat_row);
  gtk_widget_class_bind_template_child (widget_class, VsmVolumeDetailsDialog, features_row);
  gtk_widget_class_bind_template_child (widget_class, VsmVolumeDetailsDialog, perms_group);
  gtk_widget_class_bind_template_child (widget_class, VsmVolumeDetailsDialog, owner_row);
  gtk_widget_class_bind_template_child (widget_class, VsmVolumeDetailsDialog, group_row);
  gtk_widget_class_bind_template_child (widget_class, VsmVolumeDetailsDialog, mode_row);
  gtk_widget_class_bind_template_child (widget_class, VsmVolumeDetailsDialog, label_row);
  gtk_widget_class_bind_template_child (widget_class, VsmVolumeDetailsDialog, command_slot);
  gtk_widget_class_bind_template_child (widget_class, VsmVolumeDetailsDialog, status_label);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
vsm_volume_details_dialog_init (VsmVolumeDetailsDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
