/* vsm-window-connections.c
 *
 * The main window's connections: adding one (and opening it), editing a
 * connection's URI in place, removing one, reconnecting, keeping the list
 * in GSettings, and the questions a connection asks while it opens (an
 * SSH host key to trust, a password).
 *
 * Copyright 2026 Virt Storage developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vsm-window"

#include "config.h"

#include "vsm-connect-dialog.h"
#include "vsm-ssh-prompt.h"
#include "vsm-window-private.h"

static void
save_connections (VsmWindow *self)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) uris = NULL;
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->hosts));

  if (self->settings == NULL)
    return;
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(VsmHost) host = g_list_model_get_item (G_LIST_MODEL (self->hosts), i);
      /* The demo is offered automatically; it is never saved. */
      if (!vsm_host_get_is_demo (host))
        g_strv_builder_add (builder, vsm_host_get_uri (host));
    }
  uris = g_strv_builder_end (builder);
  g_settings_set_strv (self->settings, "connections", (const char * const *) uris);
}

/* The connection of @uri in the list, or %NULL (transfer none: the list
 * holds it). */
static VsmHost *
find_host (VsmWindow  *self,
           const char *uri)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->hosts));

  for (guint i = 0; i < n; i++)
    {
      VsmHost *host = g_list_model_get_item (G_LIST_MODEL (self->hosts), i);

      g_object_unref (host);
      if (g_str_equal (vsm_host_get_uri (host), uri))
        return host;
    }
  return NULL;
}

/**
 * vsm_window_add_connection:
 * @save: remember the connection in GSettings
 *
 * Selects the connection for @uri, adding and opening it first when it is
 * not in the list yet.
 *
 * Returns: (transfer none): the host
 */
VsmHost *
vsm_window_add_connection (VsmWindow  *self,
                           const char *uri,
                           gboolean    save)
{
  g_autoptr(VsmHost) host = NULL;
  VsmHost *existing;

  g_return_val_if_fail (VSM_IS_WINDOW (self), NULL);

  if ((existing = find_host (self, uri)) != NULL)
    {
      vsm_window_select_host (self, existing);
      if (vsm_connection_get_state (vsm_host_get_connection (existing)) != VSM_CONNECTION_STATE_CONNECTED)
        vsm_connection_reconnect (vsm_host_get_connection (existing));
      return existing;
    }

  host = vsm_host_new (uri);
  g_list_store_append (self->hosts, host);
  vsm_host_connect (host);
  vsm_window_select_host (self, host);
  if (save)
    save_connections (self);
  return host;
}

static void
connect_dialog_cb (VsmWindow  *self,
                   const char *uri)
{
  vsm_window_add_connection (self, uri, TRUE);
}

static void
add_connection_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *param)
{
  GtkWidget *dialog = vsm_connect_dialog_new (GTK_WINDOW (widget));

  g_signal_connect_object (dialog, "connect", G_CALLBACK (connect_dialog_cb), widget, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Edit Connection: the dialog starts from the connection's URI; a
 * different URI replaces the connection in place. */
static void
edit_dialog_cb (VsmWindow  *self,
                const char *uri)
{
  g_autoptr(VsmHost) old = NULL;
  VsmHost *existing;
  guint position;

  if (self->host == NULL || g_str_equal (uri, vsm_host_get_uri (self->host)) ||
      !g_list_store_find (self->hosts, self->host, &position))
    {
      if (self->host != NULL)
        vsm_connection_reconnect (vsm_host_get_connection (self->host));
      return;
    }
  old = g_object_ref (self->host);
  if ((existing = find_host (self, uri)) != NULL)
    {
      /* already in the list: go there, and drop the one edited */
      vsm_window_select_host (self, existing);
      g_list_store_remove (self->hosts, position);
    }
  else
    {
      g_autoptr(VsmHost) host = vsm_host_new (uri);

      g_list_store_splice (self->hosts, position, 1, (gpointer *) &host, 1);
      vsm_host_connect (host);
      vsm_window_select_host (self, host);
    }
  vsm_host_disconnect (old);
  save_connections (self);
}

static void
edit_connection_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *param)
{
  VsmWindow *self = VSM_WINDOW (widget);
  GtkWidget *dialog;

  if (self->host == NULL)
    return;
  dialog = vsm_connect_dialog_new (GTK_WINDOW (widget));
  vsm_connect_dialog_set_uri (VSM_CONNECT_DIALOG (dialog), vsm_host_get_uri (self->host));
  g_signal_connect_object (dialog, "connect", G_CALLBACK (edit_dialog_cb), widget, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
remove_connection_action (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *param)
{
  VsmWindow *self = VSM_WINDOW (widget);
  g_autoptr(VsmHost) host = NULL;
  guint position;

  if (self->host == NULL)
    return;
  host = g_object_ref (self->host);
  vsm_window_select_host (self, NULL);
  if (g_list_store_find (self->hosts, host, &position))
    g_list_store_remove (self->hosts, position);
  vsm_host_disconnect (host);
  save_connections (self);

  if (g_list_model_get_n_items (G_LIST_MODEL (self->hosts)) > 0)
    {
      g_autoptr(VsmHost) first = g_list_model_get_item (G_LIST_MODEL (self->hosts), 0);
      vsm_window_select_host (self, first);
    }
}

static void
reconnect_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *param)
{
  VsmWindow *self = VSM_WINDOW (widget);

  if (self->host != NULL)
    vsm_connection_reconnect (vsm_host_get_connection (self->host));
}

/* A connection being opened asks the user something: a prompt over this
 * window answers it. */
static void
connection_ask_cb (VsmWindow     *self,
                   VsmAsk        *ask,
                   VsmConnection *connection)
{
  gtk_window_present (GTK_WINDOW (vsm_ssh_prompt_new (GTK_WINDOW (self), ask)));
}

static void
hosts_changed_cb (VsmWindow *self,
                  guint      position,
                  guint      removed,
                  guint      added)
{
  for (guint i = position; i < position + added; i++)
    {
      g_autoptr(VsmHost) host = g_list_model_get_item (G_LIST_MODEL (self->hosts), i);
      VsmConnection *connection = vsm_host_get_connection (host);

      /* once per connection, should a host come back to the list */
      if (g_signal_handler_find (connection, G_SIGNAL_MATCH_FUNC | G_SIGNAL_MATCH_DATA, 0, 0, NULL,
                                 connection_ask_cb, self) == 0)
        g_signal_connect_object (connection, "ask", G_CALLBACK (connection_ask_cb), self, G_CONNECT_SWAPPED);
    }
}

/* Every connection of the list, now and later, asks its questions here. */
void
_vsm_window_watch_connections (VsmWindow *self)
{
  g_signal_connect_object (self->hosts, "items-changed", G_CALLBACK (hosts_changed_cb), self, G_CONNECT_SWAPPED);
  hosts_changed_cb (self, 0, 0, g_list_model_get_n_items (G_LIST_MODEL (self->hosts)));
}

void
_vsm_window_class_init_connections (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "win.add-connection", NULL, add_connection_action);
  gtk_widget_class_install_action (widget_class, "win.remove-connection", NULL, remove_connection_action);
  gtk_widget_class_install_action (widget_class, "win.edit-connection", NULL, edit_connection_action);
  gtk_widget_class_install_action (widget_class, "win.reconnect", NULL, reconnect_action);
}
