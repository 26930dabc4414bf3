/* vsm-window.c
 *
 * Connections on the left, the selected connection's pools in the middle,
 * the selected pool (and its volumes) on the right.
 *
 * Copyright 2026 Virt Storage developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vsm-window"

#include "config.h"

#include <glib/gi18n.h>

#include "vsm-connect-dialog.h"
#include "vsm-dialogs.h"
#include "vsm-domain-view.h"
#include "vsm-host-row.h"
#include "vsm-domain-row.h"
#include "vsm-job.h"
#include "vsm-job-row.h"
#include "vsm-keynav.h"
#include "vsm-pool-row.h"
#include "vsm-pool-wizard.h"
#include "vsm-xml-editor.h"
#include "vsm-uri.h"
#include "vsm-window-private.h"

G_DEFINE_FINAL_TYPE (VsmWindow, vsm_window, ADW_TYPE_APPLICATION_WINDOW)


static void select_pool_row (VsmWindow *self, VsmPool *pool);

static void
update_pools_page (VsmWindow *self)
{
  VsmConnection *conn;
  const char *page;

  if (self->host == NULL)
    {
      gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.new-pool", FALSE);
      gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.new-pool-xml", FALSE);
      vsm_pool_view_set_hint_visible (self->pool_view, FALSE);
      gtk_stack_set_visible_child_name (self->pools_stack, "no-connection");
      gtk_spinner_set_spinning (self->connecting_spinner, FALSE);
      adw_window_title_set_subtitle (self->window_title, NULL);
      return;
    }

  conn = vsm_host_get_connection (self->host);
  adw_window_title_set_subtitle (self->window_title, vsm_host_get_title (self->host));

  switch (vsm_connection_get_state (conn))
    {
    case VSM_CONNECTION_STATE_CONNECTING:
      page = "connecting";
      break;
    case VSM_CONNECTION_STATE_FAILED:
      {
        /* the status page reads Pango markup; libvirt's message is text
         * (it quotes URIs, which may hold "&") */
        g_autofree char *text = g_markup_escape_text (vsm_connection_get_error_message (conn)
                                                        ? vsm_connection_get_error_message (conn) : "", -1);
        adw_status_page_set_description (self->failed_page, text);
      }
      page = "failed";
      break;
    case VSM_CONNECTION_STATE_DISCONNECTED:
      {
        g_autofree char *text = g_markup_escape_text (vsm_connection_get_error_message (conn)
                                                        ? vsm_connection_get_error_message (conn)
                                                        : _("This connection is closed."), -1);
        adw_status_page_set_description (self->disconnected_page, text);
      }
      page = "disconnected";
      break;
    case VSM_CONNECTION_STATE_CONNECTED:
    default:
      if (!vsm_host_get_pools_loaded (self->host))
        page = "connecting";
      else if (g_list_model_get_n_items (G_LIST_MODEL (self->pools_model)) == 0)
        page = "empty";
      else
        page = "pools";
      break;
    }
  gtk_stack_set_visible_child_name (self->pools_stack, page);
  gtk_spinner_set_spinning (self->connecting_spinner, g_str_equal (page, "connecting"));
  /* "Select a storage pool" only where there are pools to select */
  vsm_pool_view_set_hint_visible (self->pool_view, g_str_equal (page, "pools"));

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.refresh",
                                 vsm_connection_get_state (conn) == VSM_CONNECTION_STATE_CONNECTED);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.new-pool",
                                 vsm_connection_get_state (conn) == VSM_CONNECTION_STATE_CONNECTED);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.new-pool-xml",
                                 vsm_connection_get_state (conn) == VSM_CONNECTION_STATE_CONNECTED);
}

static GtkWidget *
create_pool_row (gpointer item,
                 gpointer user_data)
{
  return vsm_pool_row_new (VSM_POOL (item));
}

static GtkWidget *
create_host_row (gpointer item,
                 gpointer user_data)
{
  return vsm_host_row_new (VSM_HOST (item));
}

static gboolean
pool_filter_func (gpointer item,
                  gpointer user_data)
{
  VsmWindow *self = user_data;

  return self->show_inactive || vsm_pool_get_active (VSM_POOL (item));
}

static void
pools_changed_cb (VsmWindow *self)
{
  VsmPool *current = vsm_pool_view_get_pool (self->pool_view);

  /* The selected pool was undefined elsewhere: do not keep a stale view. */
  if (current != NULL && (self->host == NULL ||
                          vsm_host_find_pool (self->host, vsm_pool_get_uuid (current)) != current))
    {
      /* Gone because the connection dropped (the host clears its models
       * then): show it again once the connection is back, rather than
       * whichever pool happens to be first. */
      if (self->host != NULL && self->wanted_pool == NULL &&
          vsm_connection_get_state (vsm_host_get_connection (self->host)) != VSM_CONNECTION_STATE_CONNECTED)
        self->wanted_pool = g_strdup (vsm_pool_get_uuid (current));
      vsm_pool_view_set_pool (self->pool_view, self->host, NULL);
    }

  if (self->wanted_pool != NULL && self->host != NULL)
    {
      VsmPool *pool = vsm_host_find_pool (self->host, self->wanted_pool);
      if (pool != NULL)
        {
          g_clear_pointer (&self->wanted_pool, g_free);
          select_pool_row (self, pool);
        }
    }
  else if (vsm_pool_view_get_pool (self->pool_view) != NULL)
    select_pool_row (self, vsm_pool_view_get_pool (self->pool_view));
  else if (self->wanted_pool == NULL && g_list_model_get_n_items (G_LIST_MODEL (self->pools_model)) > 0)
    {
      /* Nothing chosen yet: show the first pool rather than an empty pane. */
      g_autoptr(VsmPool) first = g_list_model_get_item (G_LIST_MODEL (self->pools_model), 0);
      select_pool_row (self, first);
    }

  update_pools_page (self);
}

static void
host_loaded_cb (VsmWindow *self)
{
  /* The complete list is in: a pool still awaited (the last one shown,
   * or the one selected before the connection dropped) is gone, so show
   * the first pool instead of an empty pane. */
  if (self->host != NULL && vsm_host_get_pools_loaded (self->host) && self->wanted_pool != NULL &&
      vsm_host_find_pool (self->host, self->wanted_pool) == NULL)
    {
      g_clear_pointer (&self->wanted_pool, g_free);
      pools_changed_cb (self);
      return;
    }
  update_pools_page (self);
}

static GtkWidget *
create_domain_row (gpointer item,
                   gpointer user_data)
{
  return vsm_domain_row_new (VSM_DOMAIN (item));
}

/* The machine a row of the VM list shows, or %NULL. */
static VsmDomain *
domain_of_row (VsmWindow     *self,
               GtkListBoxRow *row)
{
  return row != NULL && VSM_IS_DOMAIN_ROW (row) ? vsm_domain_row_get_domain (VSM_DOMAIN_ROW (row)) : NULL;
}

static void
update_vms_page (VsmWindow *self)
{
  guint n = self->host ? vsm_keyed_list_get_n_items (vsm_host_get_domains (self->host)) : 0;
  VsmDomain *current = vsm_domain_view_get_domain (self->domain_view);

  gtk_stack_set_visible_child_name (self->vms_stack, n > 0 ? "list" : "empty");
  /* one empty state at a time: "select a machine" only where there is one */
  vsm_domain_view_set_hint_visible (self->domain_view, n > 0);
  /* A machine undefined elsewhere: do not keep showing it. */
  if (current != NULL && (self->host == NULL ||
                          vsm_keyed_list_lookup (vsm_host_get_domains (self->host), vsm_domain_get_uuid (current)) != current))
    vsm_domain_view_set_domain (self->domain_view, self->host, NULL);
}

/* Narrow windows (the leaflets folded) show one pane at a time: a row the
 * user activates opens the next pane; win.back (the header's back button,
 * Alt+Left) returns to the previous one. Selection alone never moves. */
static gboolean
inner_shows_content (VsmWindow *self)
{
  /* (the inner leaflet shows at all: the outer one is unfolded or on it) */
  return adw_leaflet_get_folded (self->inner_leaflet) &&
         g_strcmp0 (adw_leaflet_get_visible_child_name (self->inner_leaflet), "content") == 0 &&
         (!adw_leaflet_get_folded (self->outer_leaflet) ||
          g_strcmp0 (adw_leaflet_get_visible_child_name (self->outer_leaflet), "browse") == 0);
}

static gboolean
outer_shows_browse (VsmWindow *self)
{
  return adw_leaflet_get_folded (self->outer_leaflet) &&
         g_strcmp0 (adw_leaflet_get_visible_child_name (self->outer_leaflet), "browse") == 0;
}

static void
update_back (VsmWindow *self)
{
  gboolean can_go_back = inner_shows_content (self) || outer_shows_browse (self);

  gtk_widget_set_visible (GTK_WIDGET (self->back_button), can_go_back);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.back", can_go_back);
}

static void
update_back_idle (gpointer data)
{
  VsmWindow *self = data;

  self->back_idle = 0;
  update_back (self);
}

/* A leaflet folds while it is laid out: showing the back button then would
 * change the header bar in the middle of that layout, so it waits for it. */
static void
leaflet_changed_cb (VsmWindow *self)
{
  if (self->back_idle == 0)
    self->back_idle = g_idle_add_once (update_back_idle, self);
}

static void
back_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  VsmWindow *self = VSM_WINDOW (widget);

  if (inner_shows_content (self))
    adw_leaflet_set_visible_child_name (self->inner_leaflet, "list");
  else if (outer_shows_browse (self))
    adw_leaflet_set_visible_child_name (self->outer_leaflet, "connections");
}

static void
show_content (VsmWindow *self)
{
  adw_leaflet_set_visible_child_name (self->inner_leaflet, "content");
}

static void
host_row_activated_cb (VsmWindow *self)
{
  adw_leaflet_set_visible_child_name (self->outer_leaflet, "browse");
}

/**
 * vsm_window_get_visible_pane:
 *
 * Returns: the pane a narrow window shows ("connections", "list" or
 * "content"); a wide one shows them all and returns "content".
 */
const char *
vsm_window_get_visible_pane (VsmWindow *self)
{
  g_return_val_if_fail (VSM_IS_WINDOW (self), NULL);

  if (outer_shows_browse (self) || !adw_leaflet_get_folded (self->outer_leaflet))
    return adw_leaflet_get_folded (self->inner_leaflet)
             ? adw_leaflet_get_visible_child_name (self->inner_leaflet) : "content";
  return "connections";
}

static void
vms_row_selected_cb (VsmWindow     *self,
                     GtkListBoxRow *row)
{
  VsmDomain *dom = domain_of_row (self, row);

  if (dom != NULL)
    vsm_domain_view_set_domain (self->domain_view, self->host, dom);
}

static void
section_changed_cb (VsmWindow *self)
{
  gboolean vms = g_strcmp0 (gtk_stack_get_visible_child_name (self->section_stack), "vms") == 0;

  gtk_stack_set_visible_child_name (self->content_stack, vms ? "domain" : "pool");
}

/**
 * vsm_window_show_domain:
 *
 * Switches to the Virtual Machines section with @domain selected (the
 * "used by" links of the volume table lead here).
 */
void
vsm_window_show_domain (VsmWindow  *self,
                        const char *name)
{
  g_return_if_fail (VSM_IS_WINDOW (self));

  gtk_stack_set_visible_child_name (self->section_stack, "vms");
  show_content (self);
  for (guint i = 0;; i++)
    {
      GtkListBoxRow *row = gtk_list_box_get_row_at_index (self->vms_list, i);
      VsmDomain *dom = domain_of_row (self, row);

      if (dom == NULL)
        break;
      if (g_strcmp0 (vsm_domain_get_name (dom), name) == 0)
        {
          gtk_list_box_select_row (self->vms_list, row);
          break;
        }
    }
}

void
vsm_window_select_host (VsmWindow *self,
                        VsmHost   *host)
{
  g_return_if_fail (VSM_IS_WINDOW (self));

  if (self->host != host)
    {
      if (self->host != NULL)
        {
          g_signal_handlers_disconnect_by_data (vsm_host_get_connection (self->host), self);
          g_signal_handlers_disconnect_by_data (self->host, self);
        }
      g_set_object (&self->host, host);
      vsm_pool_view_set_pool (self->pool_view, host, NULL);
      vsm_domain_view_set_domain (self->domain_view, host, NULL);
      if (host != NULL)
        {
          /* By name, like the pools: libvirt lists domains in hash order,
           * which differs from one start to the next. */
          g_autoptr(GtkSortListModel) vms = gtk_sort_list_model_new (
              g_object_ref (G_LIST_MODEL (vsm_host_get_domains (host))),
              GTK_SORTER (gtk_string_sorter_new (gtk_property_expression_new (VSM_TYPE_DOMAIN, NULL, "name"))));
          gtk_list_box_bind_model (self->vms_list, G_LIST_MODEL (vms), create_domain_row, self, NULL);
        }
      else
        gtk_list_box_bind_model (self->vms_list, NULL, NULL, NULL, NULL);
      gtk_filter_list_model_set_model (self->pools_filtered, host ? G_LIST_MODEL (vsm_host_get_pools (host)) : NULL);

      if (host != NULL)
        {
          g_signal_connect_object (vsm_host_get_connection (host), "notify::state",
                                   G_CALLBACK (update_pools_page), self, G_CONNECT_SWAPPED);
          g_signal_connect_object (vsm_host_get_connection (host), "notify::error-message",
                                   G_CALLBACK (update_pools_page), self, G_CONNECT_SWAPPED);
          g_signal_connect_object (host, "notify::pools-loaded",
                                   G_CALLBACK (host_loaded_cb), self, G_CONNECT_SWAPPED);
          g_signal_connect_object (vsm_host_get_domains (host), "items-changed",
                                   G_CALLBACK (update_vms_page), self, G_CONNECT_SWAPPED);
          if (self->settings != NULL)
            g_settings_set_string (self->settings, "last-connection", vsm_host_get_uri (host));
        }
    }

  update_vms_page (self);

  /* Reflect the choice in the sidebar. */
  for (guint i = 0; host != NULL; i++)
    {
      GtkListBoxRow *row = gtk_list_box_get_row_at_index (self->hosts_list, i);
      if (row == NULL)
        break;
      if (vsm_host_row_get_host (VSM_HOST_ROW (row)) == host)
        {
          if (gtk_list_box_get_selected_row (self->hosts_list) != row)
            gtk_list_box_select_row (self->hosts_list, row);
          break;
        }
    }
  update_pools_page (self);
}

static void
select_pool_row (VsmWindow *self,
                 VsmPool   *pool)
{
  for (guint i = 0;; i++)
    {
      GtkListBoxRow *row = gtk_list_box_get_row_at_index (self->pools_list, i);
      if (row == NULL)
        break;
      if (vsm_pool_row_get_pool (VSM_POOL_ROW (row)) == pool)
        {
          if (gtk_list_box_get_selected_row (self->pools_list) != row)
            gtk_list_box_select_row (self->pools_list, row);
          return;
        }
    }
}

/**
 * vsm_window_select_pool:
 *
 * Selects the pool now or, if it is not listed yet, as soon as it appears.
 */
gboolean
vsm_window_select_pool (VsmWindow  *self,
                        const char *pool_uuid)
{
  VsmPool *pool;

  g_return_val_if_fail (VSM_IS_WINDOW (self), FALSE);

  pool = self->host ? vsm_host_find_pool (self->host, pool_uuid) : NULL;
  if (pool == NULL)
    {
      g_free (self->wanted_pool);
      self->wanted_pool = g_strdup (pool_uuid);
      return FALSE;
    }
  select_pool_row (self, pool);
  return TRUE;
}

static void
hosts_row_selected_cb (VsmWindow     *self,
                       GtkListBoxRow *row)
{
  if (row != NULL)
    vsm_window_select_host (self, vsm_host_row_get_host (VSM_HOST_ROW (row)));
}

static void
pools_row_selected_cb (VsmWindow     *self,
                       GtkListBoxRow *row)
{
  VsmPool *pool = row ? vsm_pool_row_get_pool (VSM_POOL_ROW (row)) : NULL;

  if (pool == NULL)
    return;
  vsm_pool_view_set_pool (self->pool_view, self->host, pool);
  if (self->settings != NULL)
    g_settings_set_string (self->settings, "last-pool", vsm_pool_get_uuid (pool));
}

static void
refresh_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *param)
{
  VsmWindow *self = VSM_WINDOW (widget);
  VsmPool *pool = vsm_pool_view_get_pool (self->pool_view);

  if (self->host == NULL)
    return;
  vsm_host_reload (self->host);
  if (pool != NULL && !vsm_pool_get_volumes_loaded (pool))
    vsm_host_load_volumes (self->host, pool);
}

static void
pool_created_cb (VsmWindow  *self,
                 const char *uuid)
{
  if (uuid != NULL)
    vsm_window_select_pool (self, uuid);
}

static void
new_pool_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *param)
{
  VsmWindow *self = VSM_WINDOW (widget);
  GtkWidget *wizard;

  if (self->host == NULL ||
      vsm_connection_get_state (vsm_host_get_connection (self->host)) != VSM_CONNECTION_STATE_CONNECTED)
    return;
  wizard = vsm_pool_wizard_new (GTK_WINDOW (self), self->host);
  g_signal_connect_object (wizard, "created", G_CALLBACK (pool_created_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (wizard));
}

static void
new_pool_xml_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *param)
{
  VsmWindow *self = VSM_WINDOW (widget);

  if (self->host == NULL ||
      vsm_connection_get_state (vsm_host_get_connection (self->host)) != VSM_CONNECTION_STATE_CONNECTED)
    return;
  gtk_window_present (GTK_WINDOW (vsm_xml_editor_new (GTK_WINDOW (self), self->host, VSM_XML_EDITOR_NEW_POOL,
                                                      NULL, NULL)));
}

static void
new_volume_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *param)
{
  gtk_widget_activate_action (GTK_WIDGET (VSM_WINDOW (widget)->pool_view), "pool.new-volume", NULL);
}

/* Shift+Ctrl+A: attach storage to the machine shown, or the selected
 * volume to a machine. */
static void
attach_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  VsmWindow *self = VSM_WINDOW (widget);

  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->section_stack), "vms") == 0)
    gtk_widget_activate_action (GTK_WIDGET (self->domain_view), "domain.attach", NULL);
  else
    gtk_widget_activate_action (GTK_WIDGET (self->pool_view), "volume.attach", NULL);
}

static void
show_domain_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  const char *name = g_variant_get_string (param, NULL);

  if (name != NULL && *name)
    vsm_window_show_domain (VSM_WINDOW (widget), name);
}

static void
search_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  vsm_pool_view_focus_search (VSM_WINDOW (widget)->pool_view);
}

static void
show_inactive_changed (VsmWindow *self)
{
  gboolean value = self->settings ? g_settings_get_boolean (self->settings, "show-inactive-pools") : TRUE;

  if (value == self->show_inactive)
    return;
  self->show_inactive = value;
  gtk_filter_changed (GTK_FILTER (self->pools_filter),
                      value ? GTK_FILTER_CHANGE_LESS_STRICT : GTK_FILTER_CHANGE_MORE_STRICT);
  update_pools_page (self);
}

/* How many jobs run and how many failed, in one pass. */
static guint
count_jobs (VsmWindow *self,
            guint     *failed)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->jobs));
  guint running = 0;

  if (failed != NULL)
    *failed = 0;
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(VsmJob) job = g_list_model_get_item (G_LIST_MODEL (self->jobs), i);

      if (vsm_job_get_state (job) == VSM_JOB_RUNNING)
        running++;
      else if (failed != NULL && vsm_job_get_state (job) == VSM_JOB_FAILED)
        (*failed)++;
    }
  return running;
}

/* The Operations button tells running, failed and done apart: a failure
 * never shows as a tick (until Clear Finished). */
static void
update_jobs_button (VsmWindow *self)
{
  guint failed;
  guint running = count_jobs (self, &failed);
  g_autofree char *tip = NULL;
  const char *icon;

  gtk_widget_set_visible (GTK_WIDGET (self->jobs_button),
                          g_list_model_get_n_items (G_LIST_MODEL (self->jobs)) > 0);
  if (running > 0)
    {
      icon = "emblem-synchronizing-symbolic";
      tip = g_strdup_printf (ngettext ("%u operation running", "%u operations running", running), running);
    }
  else if (failed > 0)
    {
      icon = "dialog-warning-symbolic";
      tip = g_strdup_printf (ngettext ("%u operation failed", "%u operations failed", failed), failed);
    }
  else
    {
      icon = "object-select-symbolic";
      tip = g_strdup (_("Operations"));
    }
  gtk_menu_button_set_icon_name (self->jobs_button, icon);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->jobs_button), tip);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->jobs_button), GTK_ACCESSIBLE_PROPERTY_LABEL, tip, -1);
}

static GtkWidget *
create_job_row (gpointer item,
                gpointer user_data)
{
  g_signal_connect_object (item, "notify::state", G_CALLBACK (update_jobs_button), user_data, G_CONNECT_SWAPPED);
  return vsm_job_row_new (VSM_JOB (item));
}

static void
clear_jobs_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *param)
{
  VsmWindow *self = VSM_WINDOW (widget);

  for (guint i = g_list_model_get_n_items (G_LIST_MODEL (self->jobs)); i > 0; i--)
    {
      g_autoptr(VsmJob) job = g_list_model_get_item (G_LIST_MODEL (self->jobs), i - 1);
      if (vsm_job_get_state (job) != VSM_JOB_RUNNING)
        g_list_store_remove (self->jobs, i - 1);
    }
}

static void
close_response_cb (GObject      *dialog,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(VsmWindow) self = user_data;

  if (!g_str_equal (vsm_message_dialog_choose_finish (ADW_MESSAGE_DIALOG (dialog), result), "close"))
    return;
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->jobs)); i++)
    {
      g_autoptr(VsmJob) job = g_list_model_get_item (G_LIST_MODEL (self->jobs), i);
      vsm_job_cancel (job);
    }
  self->close_confirmed = TRUE;
  gtk_window_close (GTK_WINDOW (self));
}

/* Closing the window while a transfer or wipe runs asks first. */
static gboolean
vsm_window_close_request (GtkWindow *window)
{
  VsmWindow *self = VSM_WINDOW (window);
  guint running = count_jobs (self, NULL);
  GtkWidget *dialog;

  if (running == 0 || self->close_confirmed)
    return GTK_WINDOW_CLASS (vsm_window_parent_class)->close_request (window);

  dialog = adw_message_dialog_new (window, _("Stop Running Operations?"),
                                   _("Uploads and downloads in progress are cancelled. A wipe, clone or resize "
                                     "already sent to libvirt finishes on the host anyway."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Keep Open"),
                                    "close", _("_Stop and Close"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "close", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  vsm_message_dialog_choose_async (ADW_MESSAGE_DIALOG (dialog), NULL, close_response_cb, g_object_ref (self));
  return TRUE;
}

/* What needs the connections and the settings vsm_window_new() was given. */
static void
setup_window (VsmWindow *self)
{
  gtk_list_box_bind_model (self->hosts_list, G_LIST_MODEL (self->hosts), create_host_row, self, NULL);
  _vsm_window_watch_connections (self);
  gtk_list_box_bind_model (self->jobs_list, G_LIST_MODEL (self->jobs), create_job_row, self, NULL);
  g_signal_connect_object (self->jobs, "items-changed", G_CALLBACK (update_jobs_button), self, G_CONNECT_SWAPPED);
  vsm_pool_view_set_jobs (self->pool_view, self->jobs);
  update_jobs_button (self);

  if (self->settings != NULL)
    {
      g_autoptr(GAction) action = g_settings_create_action (self->settings, "show-inactive-pools");
      g_autoptr(GSimpleActionGroup) group = g_simple_action_group_new ();

      g_action_map_add_action (G_ACTION_MAP (group), action);
      gtk_widget_insert_action_group (GTK_WIDGET (self), "settings", G_ACTION_GROUP (group));
      g_settings_bind (self->settings, "window-width", self, "default-width", G_SETTINGS_BIND_DEFAULT);
      g_settings_bind (self->settings, "window-height", self, "default-height", G_SETTINGS_BIND_DEFAULT);
      g_settings_bind (self->settings, "window-maximized", self, "maximized", G_SETTINGS_BIND_DEFAULT);
      g_signal_connect_object (self->settings, "changed::show-inactive-pools",
                               G_CALLBACK (show_inactive_changed), self, G_CONNECT_SWAPPED);
      self->show_inactive = !g_settings_get_boolean (self->settings, "show-inactive-pools");
      show_inactive_changed (self);
    }
  update_pools_page (self);
}

static void
vsm_window_dispose (GObject *object)
{
  VsmWindow *self = VSM_WINDOW (object);

  if (self->host != NULL)
    {
      g_signal_handlers_disconnect_by_data (vsm_host_get_connection (self->host), self);
      g_signal_handlers_disconnect_by_data (self->host, self);
    }
  g_clear_object (&self->host);
  gtk_widget_dispose_template (GTK_WIDGET (self), VSM_TYPE_WINDOW);
  g_clear_handle_id (&self->back_idle, g_source_remove);
  g_clear_object (&self->pools_model);
  g_clear_object (&self->pools_filtered);
  g_clear_object (&self->hosts);
  g_clear_object (&self->jobs);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (vsm_window_parent_class)->dispose (object);
}

static void
vsm_window_finalize (GObject *object)
{
  g_free (VSM_WINDOW (object)->wanted_pool);
  G_OBJECT_CLASS (vsm_window_parent_class)->finalize (object);
}

static void
vsm_window_class_init (VsmWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = vsm_window_dispose;
  object_class->finalize = vsm_window_finalize;
  GTK_WINDOW_CLASS (klass)->close_request = vsm_window_close_request;


  g_type_ensure (VSM_TYPE_POOL_VIEW);
  g_type_ensure (VSM_TYPE_DOMAIN_VIEW);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/virtstorage/VirtStorage/ui/vsm-window.ui");
  gtk_widget_class_bind_template_child (widget_class, VsmWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, VsmWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, VsmWindow, hosts_list);
  gtk_widget_class_bind_template_child (widget_class, VsmWindow, pools_stack);
  gtk_widget_class_bind_template_child (widget_class, VsmWindow, pools_list);
  gtk_widget_class_bind_template_child (widget_class, VsmWindow, disconnected_page);
  gtk_widget_class_bind_template_child (widget_class, VsmWindow, failed_page);
  gtk_widget_class_bind_template_child (widget_class, VsmWindow, pool_view);
  gtk_widget_class_bind_template_child (widget_class, VsmWindow, jobs_button);
  gtk_widget_class_bind_template_child (widget_class, VsmWindow, domain_view);
  gtk_widget_class_bind_template_child (widget_class, VsmWindow, section_stack);
  gtk_widget_class_bind_template_child (widget_class, VsmWindow, content_stack);
  gtk_widget_class_bind_template_child (widget_class, VsmWindow, vms_stack);
  gtk_widget_class_bind_template_child (widget_class, VsmWindow, vms_list);
  gtk_widget_class_bind_template_callback (widget_class, vms_row_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, section_changed_cb);
  gtk_widget_class_bind_template_child (widget_class, VsmWindow, jobs_list);
  gtk_widget_class_bind_template_child (widget_class, VsmWindow, connecting_spinner);
  gtk_widget_class_bind_template_callback (widget_class, hosts_row_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, pools_row_selected_cb);
  gtk_widget_class_bind_template_child (widget_class, VsmWindow, outer_leaflet);
  gtk_widget_class_bind_template_child (widget_class, VsmWindow, inner_leaflet);
  gtk_widget_class_bind_template_child (widget_class, VsmWindow, back_button);
  gtk_widget_class_bind_template_callback (widget_class, leaflet_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, host_row_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, show_content);

  _vsm_window_class_init_connections (widget_class);
  gtk_widget_class_install_action (widget_class, "win.refresh", NULL, refresh_action);
  gtk_widget_class_install_action (widget_class, "win.search", NULL, search_action);
  gtk_widget_class_install_action (widget_class, "win.clear-jobs", NULL, clear_jobs_action);
  gtk_widget_class_install_action (widget_class, "win.new-volume", NULL, new_volume_action);
  gtk_widget_class_install_action (widget_class, "win.new-pool", NULL, new_pool_action);
  gtk_widget_class_install_action (widget_class, "win.new-pool-xml", NULL, new_pool_xml_action);
  gtk_widget_class_install_action (widget_class, "win.show-domain", "s", show_domain_action);
  gtk_widget_class_install_action (widget_class, "win.attach", NULL, attach_action);
  gtk_widget_class_install_action (widget_class, "win.back", NULL, back_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F5, 0, "win.refresh", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_r, GDK_CONTROL_MASK, "win.refresh", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK, "win.search", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_o, GDK_CONTROL_MASK, "win.add-connection", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_n, GDK_CONTROL_MASK, "win.new-volume", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_n, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "win.new-pool", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_a, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "win.attach", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, GDK_ALT_MASK, "win.back", NULL);
}

static void
vsm_window_init (VsmWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  vsm_keynav_tab_leaves (GTK_WIDGET (self->hosts_list));
  vsm_keynav_tab_leaves (GTK_WIDGET (self->pools_list));
  vsm_keynav_tab_leaves (GTK_WIDGET (self->vms_list));
  /* folded at start, a narrow window shows the pools of the selected
   * connection rather than the list of connections */
  adw_leaflet_set_visible_child_name (self->outer_leaflet, "browse");
  g_clear_handle_id (&self->back_idle, g_source_remove);
  update_back (self);

  self->show_inactive = TRUE;
  self->jobs = g_list_store_new (VSM_TYPE_JOB);
  self->pools_filter = gtk_custom_filter_new (pool_filter_func, self, NULL);
  self->pools_filtered = gtk_filter_list_model_new (NULL, GTK_FILTER (self->pools_filter));
  self->pools_model = gtk_sort_list_model_new (G_LIST_MODEL (g_object_ref (self->pools_filtered)),
                                               GTK_SORTER (gtk_string_sorter_new (gtk_property_expression_new (VSM_TYPE_POOL, NULL, "name"))));
  gtk_list_box_bind_model (self->pools_list, G_LIST_MODEL (self->pools_model), create_pool_row, self, NULL);
  g_signal_connect_object (self->pools_model, "items-changed", G_CALLBACK (pools_changed_cb),
                           self, G_CONNECT_SWAPPED | G_CONNECT_AFTER);
}

VsmWindow *
vsm_window_new (GtkApplication *application,
                GListStore     *hosts,
                GSettings      *settings)
{
  VsmWindow *self = g_object_new (VSM_TYPE_WINDOW, "application", application, NULL);

  self->hosts = hosts != NULL ? g_object_ref (hosts) : g_list_store_new (VSM_TYPE_HOST);
  g_set_object (&self->settings, settings);
  setup_window (self);
  return self;
}

GListStore *vsm_window_get_jobs (VsmWindow *self) { g_return_val_if_fail (VSM_IS_WINDOW (self), NULL); return self->jobs; }
VsmDomainView *vsm_window_get_domain_view (VsmWindow *self) { g_return_val_if_fail (VSM_IS_WINDOW (self), NULL); return self->domain_view; }
GtkListBox *vsm_window_get_vms_list (VsmWindow *self) { g_return_val_if_fail (VSM_IS_WINDOW (self), NULL); return self->vms_list; }
VsmHost *vsm_window_get_host (VsmWindow *self) { g_return_val_if_fail (VSM_IS_WINDOW (self), NULL); return self->host; }
VsmPoolView *vsm_window_get_pool_view (VsmWindow *self) { g_return_val_if_fail (VSM_IS_WINDOW (self), NULL); return self->pool_view; }
GtkListBox *vsm_window_get_pools_list (VsmWindow *self) { g_return_val_if_fail (VSM_IS_WINDOW (self), NULL); return self->pools_list; }
GtkListBox *vsm_window_get_hosts_list (VsmWindow *self) { g_return_val_if_fail (VSM_IS_WINDOW (self), NULL); return self->hosts_list; }

const char *
vsm_window_get_pools_page (VsmWindow *self)
{
  g_return_val_if_fail (VSM_IS_WINDOW (self), NULL);
  return gtk_stack_get_visible_child_name (self->pools_stack);
}

void
vsm_window_toast (VsmWindow  *self,
                  const char *message)
{
  g_return_if_fail (VSM_IS_WINDOW (self));
  adw_toast_overlay_add_toast (self->toast_overlay, vsm_toast_new_plain (message));
}
