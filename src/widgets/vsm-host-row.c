/* vsm-host-row.c
 *
 * A connection in the sidebar: title, state (or the failure reason), a
 * spinner while connecting and a Reconnect button when it is down.
 *
 * Copyright 2026 Virt Storage developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vsm-host-row"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "vsm-host-row.h"

struct _VsmHostRow
{
  GtkListBoxRow  parent_instance;

  VsmHost       *host;

  GtkImage      *icon;
  GtkLabel      *title_label;
  GtkLabel      *state_label;
  GtkSpinner    *spinner;
  GtkButton     *reconnect_button;
};

G_DEFINE_FINAL_TYPE (VsmHostRow, vsm_host_row, GTK_TYPE_LIST_BOX_ROW)

static void
update_state (VsmHostRow *self)
{
  VsmConnection *conn = vsm_host_get_connection (self->host);
  VsmConnectionState state = vsm_connection_get_state (conn);
  const char *message = vsm_connection_get_error_message (conn);
  g_autofree char *text = NULL;
  gboolean down = FALSE;

  switch (state)
    {
    case VSM_CONNECTION_STATE_CONNECTING:
      text = g_strdup (_("Connecting…"));
      break;
    case VSM_CONNECTION_STATE_CONNECTED:
      text = g_strdup (_("Connected"));
      break;
    case VSM_CONNECTION_STATE_FAILED:
      {
        /* the first line: the cause (the whole message is the tooltip
         * and the connection's page) */
        const char *all = message ? message : _("unknown error");
        g_autofree char *first = g_strndup (all, strcspn (all, "\n"));

        text = g_strdup_printf (_("Failed: %s"), first);
      }
      down = TRUE;
      break;
    case VSM_CONNECTION_STATE_DISCONNECTED:
    default:
      if (vsm_connection_get_reconnecting (conn))
        text = g_strdup (_("Disconnected, reconnecting…"));
      else
        text = g_strdup (_("Disconnected"));
      down = TRUE;
      break;
    }

  gtk_label_set_label (self->state_label, text);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->state_label), message ? message : text);
  if (down)
    gtk_widget_add_css_class (GTK_WIDGET (self->state_label), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->state_label), "error");
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), state == VSM_CONNECTION_STATE_CONNECTING);
  gtk_spinner_set_spinning (self->spinner, state == VSM_CONNECTION_STATE_CONNECTING);
  gtk_widget_set_visible (GTK_WIDGET (self->reconnect_button), down);

  {
    g_autofree char *a11y = g_strdup_printf ("%s, %s", vsm_host_get_title (self->host), text);
    gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, a11y, -1);
  }
}

static void
reconnect_clicked_cb (VsmHostRow *self)
{
  vsm_connection_reconnect (vsm_host_get_connection (self->host));
}

static void
vsm_host_row_dispose (GObject *object)
{
  VsmHostRow *self = VSM_HOST_ROW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), VSM_TYPE_HOST_ROW);
  g_clear_object (&self->host);

  G_OBJECT_CLASS (vsm_host_row_parent_class)->dispose (object);
}

static void
vsm_host_row_class_init (VsmHostRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = vsm_host_row_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/virtstorage/VirtStorage/ui/vsm-host-row.ui");
  gtk_widget_class_bind_template_child (widget_class, VsmHostRow, icon);
  gtk_widget_class_bind_template_child (widget_class, VsmHostRow, title_label);
  gtk_widget_class_bind_template_child (widget_class, VsmHostRow, state_label);
  gtk_widget_class_bind_template_child (widget_class, VsmHostRow, spinner);
  gtk_widget_class_bind_template_child (widget_class, VsmHostRow, reconnect_button);
  gtk_widget_class_bind_template_callback (widget_class, reconnect_clicked_cb);
}

static void
vsm_host_row_init (VsmHostRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
vsm_host_row_new (VsmHost *host)
{
  VsmHostRow *self = g_object_new (VSM_TYPE_HOST_ROW, NULL);
  VsmConnection *conn = vsm_host_get_connection (host);
  const char *uri = vsm_host_get_uri (host);

  self->host = g_object_ref (host);
  {
    /* "QEMU/KVM" wraps as one word, never at its slash (U+2060 WORD
     * JOINER); a long URI still wraps anywhere */
    g_auto(GStrv) parts = g_strsplit (vsm_host_get_title (host), "QEMU/KVM", -1);
    g_autofree char *title = g_strjoinv ("QEMU/\u2060KVM", parts);

    gtk_label_set_label (self->title_label, title);
  }
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->title_label), uri);
  if (vsm_host_get_is_demo (host))
    gtk_image_set_from_icon_name (self->icon, "applications-science-symbolic");
  else if (g_strstr_len (uri, -1, "+ssh") != NULL || g_strstr_len (uri, -1, "+tls") != NULL ||
           g_strstr_len (uri, -1, "+tcp") != NULL)
    gtk_image_set_from_icon_name (self->icon, "network-server-symbolic");
  else
    gtk_image_set_from_icon_name (self->icon, "computer-symbolic");

  g_signal_connect_object (conn, "notify::state", G_CALLBACK (update_state), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (conn, "notify::error-message", G_CALLBACK (update_state), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (conn, "notify::reconnecting", G_CALLBACK (update_state), self, G_CONNECT_SWAPPED);
  update_state (self);
  return GTK_WIDGET (self);
}

VsmHost *
vsm_host_row_get_host (VsmHostRow *self)
{
  g_return_val_if_fail (VSM_IS_HOST_ROW (self), NULL);
  return self->host;
}
