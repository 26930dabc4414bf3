/* vsm-pool-view-details.c
 *
 * A pool's and a volume's XML and details: Show XML (pool-dumpxml,
 * vol-dumpxml), a volume's Details, Copy Path; and XML in: Edit XML of
 * the pool (pool-edit) and New Volume from XML (vol-create).
 *
 * Copyright 2026 Virt Storage developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vsm-pool-view"

#include "config.h"

#include <glib/gi18n.h>

#include "vsm-dialogs.h"
#include "vsm-pool-view-private.h"
#include "vsm-volume-details-dialog.h"
#include "vsm-xml-dialog.h"
#include "vsm-xml-editor.h"

typedef struct
{
  VsmPoolView *self;
  char        *title;
  char        *command;
} XmlCall;

static void
xml_call_free (XmlCall *c)
{
  g_clear_object (&c->self);
  g_free (c->title);
  g_free (c->command);
  g_free (c);
}

static void
xml_ready (XmlCall    *c,
           char       *xml,
           GError     *error)
{
  if (xml == NULL)
    {
      vsm_report_error (GTK_WIDGET (c->self), _("Could not read the XML description"), error);
      return;
    }
  gtk_window_present (GTK_WINDOW (vsm_xml_dialog_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (c->self))),
                                                      c->title, c->command, xml)));
}

static void
xml_cb (GObject      *object,
        GAsyncResult *result,
        gpointer      user_data)
{
  XmlCall *c = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *xml = vsm_connection_query_finish (VSM_CONNECTION (object), result, &error);

  xml_ready (c, xml, error);
  xml_call_free (c);
}

static void
pool_show_xml_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *param)
{
  VsmPoolView *self = VSM_POOL_VIEW (widget);
  XmlCall *c;

  if (self->pool == NULL || self->host == NULL)
    return;
  c = g_new0 (XmlCall, 1);
  c->self = g_object_ref (self);
  c->title = g_strdup_printf (_("Pool “%s”"), vsm_pool_get_name (self->pool));
  c->command = _vsm_pool_view_virsh_line (self, "pool-dumpxml", vsm_pool_get_name (self->pool), NULL);
  vsm_connection_query_async (vsm_host_get_connection (self->host),
                              &(VsmQuery) { .kind = VSM_QUERY_XML, .uuid = vsm_pool_get_uuid (self->pool) },
                              self->cancellable, xml_cb, c);
}

static void
volume_show_xml_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *param)
{
  VsmPoolView *self = VSM_POOL_VIEW (widget);
  VsmVolume *vol = _vsm_pool_view_get_selected_volume (self);
  XmlCall *c;

  if (vol == NULL || self->pool == NULL)
    return;
  c = g_new0 (XmlCall, 1);
  c->self = g_object_ref (self);
  c->title = g_strdup_printf (_("Volume “%s”"), vsm_volume_get_name (vol));
  c->command = _vsm_pool_view_volume_line (self, "vol-dumpxml", vsm_volume_get_name (vol));
  vsm_connection_query_async (vsm_host_get_connection (self->host),
                              &(VsmQuery) { .kind = VSM_QUERY_XML, .uuid = vsm_pool_get_uuid (self->pool),
                                            .name = vsm_volume_get_name (vol) },
                              self->cancellable, xml_cb, c);
}

typedef struct
{
  VsmPoolView            *self;
  VsmVolumeDetailsDialog *dialog;   /* weak: the user may close it first */
} DetailsCall;

static void
details_xml_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  DetailsCall *c = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *xml = vsm_connection_query_finish (VSM_CONNECTION (object), result, &error);

  if (c->dialog != NULL)
    {
      if (xml != NULL)
        vsm_volume_details_dialog_set_xml (c->dialog, xml);
      else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        vsm_volume_details_dialog_set_error (c->dialog, error);
      g_object_remove_weak_pointer (G_OBJECT (c->dialog), (gpointer *) &c->dialog);
    }
  g_object_unref (c->self);
  g_free (c);
}

/* Shown at once with what the model lists; the XML (vol-dumpxml) adds the
 * rest when it arrives. */
static void
volume_details_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *param)
{
  VsmPoolView *self = VSM_POOL_VIEW (widget);
  VsmVolume *vol = _vsm_pool_view_get_selected_volume (self);
  g_autofree char *info = NULL;
  g_autofree char *dump = NULL;
  g_autofree char *lines = NULL;
  GtkWidget *dialog;
  DetailsCall *c;

  if (vol == NULL || self->pool == NULL)
    return;
  info = _vsm_pool_view_volume_line (self, "vol-info", vsm_volume_get_name (vol));
  dump = _vsm_pool_view_volume_line (self, "vol-dumpxml", vsm_volume_get_name (vol));
  lines = g_strdup_printf ("%s\n%s", info, dump);
  dialog = vsm_volume_details_dialog_new (GTK_WINDOW (gtk_widget_get_root (widget)), self->host, self->pool, vol,
                                          lines);
  gtk_window_present (GTK_WINDOW (dialog));
  c = g_new0 (DetailsCall, 1);
  c->self = g_object_ref (self);
  c->dialog = VSM_VOLUME_DETAILS_DIALOG (dialog);
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &c->dialog);
  vsm_connection_query_async (vsm_host_get_connection (self->host),
                              &(VsmQuery) { .kind = VSM_QUERY_XML, .uuid = vsm_pool_get_uuid (self->pool),
                                            .name = vsm_volume_get_name (vol) },
                              self->cancellable, details_xml_cb, c);
}

static void
volume_copy_path_action (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *param)
{
  VsmPoolView *self = VSM_POOL_VIEW (widget);
  VsmVolume *vol = _vsm_pool_view_get_selected_volume (self);

  if (vol == NULL || vsm_volume_get_path (vol) == NULL)
    return;
  gdk_clipboard_set_text (gtk_widget_get_clipboard (widget), vsm_volume_get_path (vol));
  vsm_show_toast (widget, _("Path copied"));
}

typedef struct
{
  VsmPoolView *self;
  VsmPool     *pool;   /* the pool whose definition was asked for */
} EditCall;

static void
edit_call_free (EditCall *c)
{
  g_object_unref (c->self);
  g_object_unref (c->pool);
  g_free (c);
}

static void
edit_xml_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  EditCall *c = user_data;
  VsmPoolView *self = c->self;
  g_autoptr(GError) error = NULL;
  g_autofree char *xml = vsm_connection_query_finish (VSM_CONNECTION (object), result, &error);

  if (xml == NULL)
    vsm_report_error (GTK_WIDGET (self), _("Could not read the pool’s definition"), error);
  /* only for the pool still shown: another one selected meanwhile must
   * not get this one's definition */
  else if (self->pool == c->pool && self->host != NULL)
    gtk_window_present (GTK_WINDOW (vsm_xml_editor_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))),
                                                        self->host, VSM_XML_EDITOR_EDIT_POOL, c->pool, xml)));
  edit_call_free (c);
}

/* pool-edit: the definition for the next start, as virsh edits it */
static void
pool_edit_xml_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *param)
{
  VsmPoolView *self = VSM_POOL_VIEW (widget);
  EditCall *c;

  if (self->pool == NULL || self->host == NULL)
    return;
  c = g_new0 (EditCall, 1);
  c->self = g_object_ref (self);
  c->pool = g_object_ref (self->pool);
  vsm_connection_query_async (vsm_host_get_connection (self->host),
                              &(VsmQuery) { .kind = VSM_QUERY_XML, .uuid = vsm_pool_get_uuid (self->pool),
                                            .inactive = TRUE },
                              self->cancellable, edit_xml_cb, c);
}

static void
new_volume_xml_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *param)
{
  VsmPoolView *self = VSM_POOL_VIEW (widget);

  if (self->pool == NULL || self->host == NULL)
    return;
  gtk_window_present (GTK_WINDOW (vsm_xml_editor_new (GTK_WINDOW (gtk_widget_get_root (widget)), self->host,
                                                      VSM_XML_EDITOR_NEW_VOLUME, self->pool, NULL)));
}

void
_vsm_pool_view_class_init_details (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "pool.edit-xml", NULL, pool_edit_xml_action);
  gtk_widget_class_install_action (widget_class, "pool.new-volume-xml", NULL, new_volume_xml_action);
  gtk_widget_class_install_action (widget_class, "pool.show-xml", NULL, pool_show_xml_action);
  gtk_widget_class_install_action (widget_class, "volume.show-xml", NULL, volume_show_xml_action);
  gtk_widget_class_install_action (widget_class, "volume.details", NULL, volume_details_action);
  gtk_widget_class_install_action (widget_class, "volume.copy-path", NULL, volume_copy_path_action);
}
