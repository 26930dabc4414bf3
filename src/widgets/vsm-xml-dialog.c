/* vsm-xml-dialog.c
 *
 * Shows the libvirt XML of a pool or volume (pool-dumpxml / vol-dumpxml)
 * with the equivalent virsh command, both copyable.
 *
 * Copyright 2026 Virt Storage developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vsm-xml-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "vsm-dialogs.h"
#include "vsm-xml-dialog.h"

struct _VsmXmlDialog
{
  AdwWindow        parent_instance;

  char            *xml;

  AdwWindowTitle  *window_title;
  GtkTextView     *text_view;
  GtkBox          *command_slot;
};

G_DEFINE_FINAL_TYPE (VsmXmlDialog, vsm_xml_dialog, ADW_TYPE_WINDOW)

static void
copy_xml_cb (VsmXmlDialog *self)
{
  gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (self)), self->xml);
  vsm_show_toast (GTK_WIDGET (self->text_view), _("XML copied"));
}

static void
vsm_xml_dialog_finalize (GObject *object)
{
  VsmXmlDialog *self = VSM_XML_DIALOG (object);

  g_free (self->xml);

  G_OBJECT_CLASS (vsm_xml_dialog_parent_class)->finalize (object);
}

static void
vsm_xml_dialog_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), VSM_TYPE_XML_DIALOG);
  G_OBJECT_CLASS (vsm_xml_dialog_parent_class)->dispose (object);
}

static void
vsm_xml_dialog_class_init (VsmXmlDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = vsm_xml_dialog_dispose;
  object_class->finalize = vsm_xml_dialog_finalize;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/virtstorage/VirtStorage/ui/vsm-xml-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, VsmXmlDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, VsmXmlDialog, text_view);
  gtk_widget_class_bind_template_child (widget_class, VsmXmlDialog, command_slot);
  gtk_widget_class_bind_template_callback (widget_class, copy_xml_cb);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
vsm_xml_dialog_init (VsmXmlDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
vsm_xml_dialog_new (GtkWindow  *parent,
                    const char *title,
                    const char *virsh_command,
                    const char *xml)
{
  VsmXmlDialog *self = g_object_new (VSM_TYPE_XML_DIALOG,
                                     "transient-for", parent,
                                     "modal", TRUE,
                                     NULL);

  self->xml = g_strdup (xml);
  adw_window_title_set_title (self->window_title, title);
  gtk_window_set_title (GTK_WINDOW (self), title);
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->text_view), xml, -1);
  if (virsh_command != NULL)
    gtk_box_append (self->command_slot, vsm_command_box_new (virsh_command));
  return GTK_WIDGET (self);
}

const char *
vsm_xml_dialog_get_xml (VsmXmlDialog *self)
{
  g_return_val_if_fail (VSM_IS_XML_DIALOG (self), NULL);
  return self->xml;
}
