/* vsm-disk-row.c
 *
 * A drive of the domain view: "vda — Disk (VirtIO)", its source, where it
 * is (running machine, configuration, both) and the actions it offers
 * (eject or insert for removable media, detach).
 *
 * Copyright 2026 Virt Storage developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vsm-disk-row"

#include "config.h"

#include <glib/gi18n.h>

#include "vsm-disk-row.h"
#include "vsm-disk-spec.h"

struct _VsmDiskRow
{
  AdwActionRow  parent_instance;

  GtkImage     *icon;
  GtkWidget    *readonly_badge;
  GtkWidget    *until_shutdown_badge;
  GtkWidget    *after_boot_badge;
  GtkWidget    *eject_button;
  GtkWidget    *insert_button;
  GtkWidget    *detach_button;
};

G_DEFINE_FINAL_TYPE (VsmDiskRow, vsm_disk_row, ADW_TYPE_ACTION_ROW)

static void
keep (VsmDiskRow  *self,
      GtkWidget  **suffix,
      gboolean     wanted)
{
  if (wanted)
    gtk_widget_set_visible (*suffix, TRUE);
  else
    {
      adw_action_row_remove (ADW_ACTION_ROW (self), *suffix);
      *suffix = NULL;
    }
}

/**
 * vsm_disk_row_new:
 * @in_live: the running machine has the drive
 * @in_config: its configuration has it
 * @running: the machine runs
 */
GtkWidget *
vsm_disk_row_new (const VsmDiskSnapshot *disk,
                  gboolean               in_live,
                  gboolean               in_config,
                  gboolean               running)
{
  VsmDiskRow *self = g_object_new (VSM_TYPE_DISK_ROW, NULL);
  gboolean removable = g_strcmp0 (disk->device, "cdrom") == 0 || g_strcmp0 (disk->device, "floppy") == 0;
  g_autofree char *title = NULL;

  title = g_strdup_printf ("%s — %s (%s)", disk->target_dev ? disk->target_dev : "?",
                           vsm_disk_value_to_label (disk->device != NULL ? disk->device : "disk"),
                           disk->target_bus ? vsm_disk_value_to_label (disk->target_bus) : "?");
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self),
                               disk->source_text != NULL ? disk->source_text
                                                         : removable ? _("Empty") : _("No source"));
  gtk_image_set_from_icon_name (self->icon, removable ? "media-optical-symbolic" : "drive-harddisk-symbolic");
  gtk_widget_set_name (GTK_WIDGET (self), disk->target_dev ? disk->target_dev : "disk");

  /* what does not apply leaves the row (not only hidden: the row offers
   * exactly the actions it can take) */
  keep (self, &self->readonly_badge, disk->readonly);
  keep (self, &self->until_shutdown_badge, in_live && !in_config);
  keep (self, &self->after_boot_badge, !in_live && in_config && running);
  if (disk->target_dev != NULL)
    {
      gtk_actionable_set_action_target (GTK_ACTIONABLE (self->eject_button), "s", disk->target_dev);
      gtk_actionable_set_action_target (GTK_ACTIONABLE (self->insert_button), "s", disk->target_dev);
      gtk_actionable_set_action_target (GTK_ACTIONABLE (self->detach_button), "s", disk->target_dev);
    }
  keep (self, &self->eject_button, disk->target_dev != NULL && removable && disk->source_text != NULL);
  keep (self, &self->insert_button, disk->target_dev != NULL && removable && disk->source_text == NULL);
  keep (self, &self->detach_button, disk->target_dev != NULL);
  return GTK_WIDGET (self);
}

static void
vsm_disk_row_class_init (VsmDiskRowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/virtstorage/VirtStorage/ui/vsm-disk-row.ui");
  gtk_widget_class_bind_template_child (widget_class, VsmDiskRow, icon);
  gtk_widget_class_bind_template_child (widget_class, VsmDiskRow, readonly_badge);
  gtk_widget_class_bind_template_child (widget_class, VsmDiskRow, until_shutdown_badge);
  gtk_widget_class_bind_template_child (widget_class, VsmDiskRow, after_boot_badge);
  gtk_widget_class_bind_template_child (widget_class, VsmDiskRow, eject_button);
  gtk_widget_class_bind_template_child (widget_class, VsmDiskRow, insert_button);
  gtk_widget_class_bind_template_child (widget_class, VsmDiskRow, detach_button);
}

static void
vsm_disk_row_init (VsmDiskRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
