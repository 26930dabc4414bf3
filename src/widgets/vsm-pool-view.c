/* vsm-pool-view.c
 *
 * The selected pool: header with its life-cycle actions, usage, and the
 * volume table (GtkColumnView sorted by any column, filtered by name/path).
 *
 * Copyright 2026 Virt Storage developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vsm-pool-view"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "vsm-describe.h"
#include "vsm-dialogs.h"
#include "vsm-uri.h"
#include "vsm-virsh.h"
#include "vsm-error.h"
#include "vsm-host-jobs.h"
#include "vsm-keynav.h"
#include "vsm-pool-row.h"
#include "vsm-pool-type.h"
#include "vsm-pool-view.h"
#include "vsm-pool-view-private.h"
#include "vsm-volume-cell.h"
#include "vsm-size.h"
#include "vsm-volume.h"
#include "vsm-volume-ops.h"

G_DEFINE_FINAL_TYPE (VsmPoolView, vsm_pool_view, GTK_TYPE_WIDGET)

VsmVolume *
_vsm_pool_view_get_selected_volume (VsmPoolView *self)
{
  return gtk_single_selection_get_selected_item (self->selection);
}

static void
update_actions (VsmPoolView *self)
{
  gboolean have = self->pool != NULL;
  gboolean active = have && vsm_pool_get_active (self->pool);
  gboolean busy = have && vsm_pool_get_busy (self->pool);
  gboolean persistent = have && vsm_pool_get_persistent (self->pool);
  gboolean vol = active && _vsm_pool_view_get_selected_volume (self) != NULL;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "pool.start", have && !active && !busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "pool.stop", active && !busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "pool.refresh", active && !busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "pool.set-autostart", persistent && !busy);
  /* pool-build works on a defined pool that is not running */
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "pool.build",
                                 persistent && !active && !busy &&
                                 vsm_pool_type_lookup (vsm_pool_get_pool_type (self->pool))->build_choices != NULL);
  /* libvirt cannot delete every type (iSCSI, SCSI, RBD, Gluster, …) */
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "pool.delete",
                                 persistent && !busy &&
                                 vsm_pool_type_lookup (vsm_pool_get_pool_type (self->pool))->delete_effect !=
                                   VSM_POOL_DELETE_UNSUPPORTED);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "pool.undefine", persistent && !busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "pool.show-xml", have);
  /* pool-edit changes a kept definition */
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "pool.edit-xml", persistent && !busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "volume.delete", vol && !busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "volume.show-xml", vol);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "volume.details", vol);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "volume.copy-path", vol);
  _vsm_pool_view_update_volume_actions (self);
}

static void
update_header (VsmPoolView *self)
{
  VsmPool *pool = self->pool;
  g_autofree char *icon = NULL;
  g_autofree char *usage = NULL;
  g_autofree char *over = NULL;
  g_autoptr(GString) subtitle = NULL;
  gboolean active;

  if (pool == NULL)
    return;

  active = vsm_pool_get_active (pool);
  g_object_get (pool, "icon-name", &icon, NULL);
  gtk_image_set_from_icon_name (self->type_icon, icon);
  gtk_label_set_label (self->name_label, vsm_pool_get_name (pool));

  subtitle = g_string_new (vsm_pool_type_get_label (vsm_pool_get_pool_type (pool)));
  g_string_append_printf (subtitle, " · %s · %s",
                          vsm_pool_state_to_label (vsm_pool_get_state (pool)),
                          vsm_pool_get_persistent (pool) ? _("Persistent") : _("Transient"));
  gtk_label_set_label (self->subtitle_label, subtitle->str);

  gtk_widget_set_visible (GTK_WIDGET (self->start_button), !active);
  gtk_widget_set_visible (GTK_WIDGET (self->stop_button), active);

  g_signal_handlers_block_matched (self->autostart_switch, G_SIGNAL_MATCH_DATA, 0, 0, NULL, NULL, self);
  gtk_switch_set_active (self->autostart_switch, vsm_pool_get_autostart (pool));
  gtk_switch_set_state (self->autostart_switch, vsm_pool_get_autostart (pool));
  g_signal_handlers_unblock_matched (self->autostart_switch, G_SIGNAL_MATCH_DATA, 0, 0, NULL, NULL, self);

  usage = vsm_pool_describe_usage (pool);
  gtk_label_set_label (self->usage_label, usage);
  gtk_level_bar_set_value (self->usage_bar, active ? vsm_pool_get_usage (pool) : 0.0);
  if (active && vsm_pool_get_over_capacity (pool) > 0)
    gtk_widget_add_css_class (GTK_WIDGET (self->usage_label), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->usage_label), "error");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->usage_bar),
                                  GTK_ACCESSIBLE_PROPERTY_VALUE_TEXT, usage, -1);

  over = vsm_pool_describe_overcommit (pool);
  gtk_widget_set_visible (GTK_WIDGET (self->overcommit_label), over != NULL);
  gtk_label_set_label (self->overcommit_label, over ? over : "");
  if (vsm_overcommit_is_warning (vsm_pool_get_volume_capacity (pool), vsm_pool_get_capacity (pool)))
    {
      g_autofree char *warn = g_strdup_printf (_("%s — overcommitted: the volumes can grow beyond what the pool can hold"), over);
      gtk_label_set_label (self->overcommit_label, warn);
      gtk_widget_add_css_class (GTK_WIDGET (self->overcommit_label), "warning");
    }
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->overcommit_label), "warning");

  gtk_label_set_label (self->target_label, vsm_pool_get_target_path (pool) ? vsm_pool_get_target_path (pool) : "—");
  gtk_label_set_label (self->source_label, vsm_pool_get_source (pool) ? vsm_pool_get_source (pool) : "—");

  _vsm_pool_view_update_listing (self);
  update_actions (self);
}

static void
pool_notify_cb (VsmPoolView *self,
                GParamSpec  *pspec)
{
  update_header (self);
  /* Started (here or elsewhere): list the volumes it has now. */
  if (g_str_equal (pspec->name, "active") && self->host != NULL &&
      self->pool != NULL && vsm_pool_get_active (self->pool))
    vsm_host_load_volumes (self->host, self->pool);
}

/**
 * vsm_pool_view_set_pool:
 *
 * Shows @pool (or the empty state for %NULL) and re-lists its volumes:
 * libvirt has no volume events, so selecting a pool is a refresh point.
 */
void
vsm_pool_view_set_pool (VsmPoolView *self,
                        VsmHost     *host,
                        VsmPool     *pool)
{
  gboolean demo;

  g_return_if_fail (VSM_IS_POOL_VIEW (self));

  if (self->pool == pool && self->host == host)
    return;

  if (self->pool != NULL)
    g_clear_signal_handler (&self->pool_notify_id, self->pool);
  _vsm_pool_view_reset_lookup (self);
  g_set_object (&self->host, host);
  g_set_object (&self->pool, pool);
  /* the demo's menus say which volume actions its driver cannot do */
  demo = host != NULL && vsm_uri_is_demo (vsm_host_get_uri (host));
  gtk_menu_button_set_menu_model (self->volume_menu_button, demo ? self->demo_volume_menu : self->volume_menu);
  adw_split_button_set_menu_model (self->new_volume_button, demo ? self->demo_new_volume_menu : self->new_volume_menu);

  if (pool == NULL)
    {
      gtk_filter_list_model_set_model (self->filter_model, NULL);
      gtk_stack_set_visible_child_name (self->stack, "none");
      update_actions (self);
      return;
    }

  self->pool_notify_id = g_signal_connect_object (pool, "notify", G_CALLBACK (pool_notify_cb),
                                                  self, G_CONNECT_SWAPPED);
  gtk_filter_list_model_set_model (self->filter_model, G_LIST_MODEL (vsm_pool_get_volumes (pool)));
  gtk_stack_set_visible_child_name (self->stack, "pool");
  update_header (self);

  if (host != NULL && vsm_pool_get_active (pool))
    vsm_host_load_volumes (host, pool);
}

/**
 * vsm_pool_view_set_hint_visible:
 *
 * Whether the page shown with no pool says to select one: not while the
 * connection is down, connecting or has no pools (its own page says so).
 */
void
vsm_pool_view_set_hint_visible (VsmPoolView *self,
                                gboolean     visible)
{
  g_return_if_fail (VSM_IS_POOL_VIEW (self));
  gtk_widget_set_visible (GTK_WIDGET (self->none_page), visible);
}

/* ------------------------------------------------------------------ */
/* Actions                                                             */

typedef struct
{
  VsmPoolView   *self;
  VsmPool       *pool;
  VsmPoolAction  action;
  char          *summary;
} ActionCall;

static void
action_call_free (ActionCall *c)
{
  g_clear_object (&c->self);
  g_clear_object (&c->pool);
  g_free (c->summary);
  g_free (c);
}

static char *
action_failure_summary (VsmPoolAction  action,
                        const char    *name)
{
  switch (action)
    {
    case VSM_POOL_ACTION_START: return g_strdup_printf (_("Could not start pool “%s”"), name);
    case VSM_POOL_ACTION_STOP: return g_strdup_printf (_("Could not stop pool “%s”"), name);
    case VSM_POOL_ACTION_REFRESH: return g_strdup_printf (_("Could not refresh pool “%s”"), name);
    case VSM_POOL_ACTION_BUILD: return g_strdup_printf (_("Could not build pool “%s”"), name);
    case VSM_POOL_ACTION_DELETE: return g_strdup_printf (_("Could not delete the storage of pool “%s”"), name);
    case VSM_POOL_ACTION_UNDEFINE: return g_strdup_printf (_("Could not undefine pool “%s”"), name);
    case VSM_POOL_ACTION_AUTOSTART_ON:
    case VSM_POOL_ACTION_AUTOSTART_OFF: return g_strdup_printf (_("Could not change autostart of pool “%s”"), name);
    default: return g_strdup_printf (_("Operation on pool “%s” failed"), name);
    }
}

static void
pool_action_done_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  ActionCall *c = user_data;
  g_autoptr(GError) error = NULL;

  if (!vsm_host_pool_action_finish (VSM_HOST (object), result, &error))
    {
      g_autofree char *summary = action_failure_summary (c->action, vsm_pool_get_name (c->pool));
      vsm_report_error (GTK_WIDGET (c->self), summary, error);
    }
  else if (c->action == VSM_POOL_ACTION_DELETE)
    {
      g_autofree char *msg = g_strdup_printf (_("Storage of pool “%s” deleted"), vsm_pool_get_name (c->pool));
      vsm_show_toast (GTK_WIDGET (c->self), msg);
    }
  else if (c->action == VSM_POOL_ACTION_BUILD)
    {
      g_autofree char *msg = g_strdup_printf (_("Pool “%s” built"), vsm_pool_get_name (c->pool));
      vsm_show_toast (GTK_WIDGET (c->self), msg);
    }
  else if (c->action == VSM_POOL_ACTION_UNDEFINE)
    {
      g_autofree char *msg = vsm_pool_get_storage_deleted (c->pool)
        ? g_strdup_printf (_("Pool “%s” undefined"), vsm_pool_get_name (c->pool))
        : g_strdup_printf (_("Pool “%s” undefined; its data was kept"), vsm_pool_get_name (c->pool));
      vsm_show_toast (GTK_WIDGET (c->self), msg);
    }
  action_call_free (c);
}

static ActionCall *
action_call_new (VsmPoolView   *self,
                 VsmPool       *pool,
                 VsmPoolAction  action)
{
  ActionCall *c = g_new0 (ActionCall, 1);

  c->self = g_object_ref (self);
  c->pool = g_object_ref (pool);
  c->action = action;
  return c;
}

/* @build: the mode of VSM_POOL_ACTION_BUILD (VSM_BUILD_DEFAULT otherwise) */
void
_vsm_pool_view_run_pool_action (VsmPoolView   *self,
                                VsmPool       *pool,
                                VsmPoolAction  action,
                                VsmBuildMode   build)
{
  if (self->host == NULL || pool == NULL)
    return;
  if (action == VSM_POOL_ACTION_BUILD)
    vsm_host_build_pool_async (self->host, pool, build, self->cancellable, pool_action_done_cb,
                               action_call_new (self, pool, action));
  else
    vsm_host_pool_action_async (self->host, pool, action, self->cancellable, pool_action_done_cb,
                                action_call_new (self, pool, action));
}

/* Delete Storage of a directory pool after its volumes, as one operation
 * of the model, with Delete Storage's toasts. */
void
_vsm_pool_view_run_empty_and_delete (VsmPoolView        *self,
                                     VsmPool            *pool,
                                     const char * const *names)
{
  if (self->host == NULL || pool == NULL)
    return;
  vsm_host_empty_and_delete_pool_async (self->host, pool, names, self->cancellable, pool_action_done_cb,
                                        action_call_new (self, pool, VSM_POOL_ACTION_DELETE));
}

static void
pool_simple_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  VsmPoolView *self = VSM_POOL_VIEW (widget);
  VsmPoolAction action;

  if (g_str_equal (action_name, "pool.start"))
    action = VSM_POOL_ACTION_START;
  else if (g_str_equal (action_name, "pool.stop"))
    action = VSM_POOL_ACTION_STOP;
  else if (g_str_equal (action_name, "pool.refresh"))
    action = VSM_POOL_ACTION_REFRESH;
  else if (g_str_equal (action_name, "pool.set-autostart"))
    action = g_variant_get_boolean (param) ? VSM_POOL_ACTION_AUTOSTART_ON : VSM_POOL_ACTION_AUTOSTART_OFF;
  else
    g_return_if_reached ();

  _vsm_pool_view_run_pool_action (self, self->pool, action, VSM_BUILD_DEFAULT);
}

char *
_vsm_pool_view_virsh_line (VsmPoolView *self,
                           const char  *command,
                           const char  *pool_name,
                           const char  *extra)
{
  GString *cmd = vsm_virsh_new (self->host != NULL ? vsm_host_get_uri (self->host) : NULL);

  g_string_append_printf (cmd, " %s", command);
  if (extra != NULL)
    g_string_append_printf (cmd, " %s", extra);
  vsm_virsh_append (cmd, NULL, pool_name);
  return g_string_free (cmd, FALSE);
}

/* "virsh … COMMAND --pool POOL VOLUME" for a volume of the shown pool,
 * the pool's name quoted for the shell: a pool named "a b" or "x;y" must
 * not turn the line shown in a confirmation into another command when
 * pasted into a terminal. */
char *
_vsm_pool_view_volume_line (VsmPoolView *self,
                            const char  *command,
                            const char  *volume_name)
{
  g_autofree char *quoted = vsm_virsh_quote (vsm_pool_get_name (self->pool));
  g_autofree char *pool_arg = g_strdup_printf ("--pool %s", quoted);

  return _vsm_pool_view_virsh_line (self, command, volume_name, pool_arg);
}

typedef struct
{
  VsmPoolView    *self;
  VsmPool        *pool;
  char           *volume;
  GtkCheckButton *wipe;       /* owned by the dialog */
} ConfirmData;

static void
confirm_data_free (ConfirmData *d)
{
  g_clear_object (&d->self);
  g_clear_object (&d->pool);
  g_free (d->volume);
  g_free (d);
}

static void
volume_deleted_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  ConfirmData *d = user_data;
  g_autoptr(GError) error = NULL;

  if (!vsm_host_volume_job_finish (VSM_HOST (object), result, NULL, &error))
    {
      g_autofree char *summary = g_strdup_printf (_("Could not delete volume “%s”"), d->volume);
      vsm_report_error (GTK_WIDGET (d->self), summary, error);
    }
  else
    {
      g_autofree char *msg = g_strdup_printf (_("Volume “%s” deleted"), d->volume);
      vsm_show_toast (GTK_WIDGET (d->self), msg);
    }
  confirm_data_free (d);
}

static void
delete_volume (ConfirmData *d)
{
  vsm_host_volume_job_async (d->self->host,
                             &(VsmVolumeJob) { .kind = VSM_VOLUME_JOB_DELETE,
                                               .pool_uuid = vsm_pool_get_uuid (d->pool), .name = d->volume },
                             d->self->cancellable, volume_deleted_cb, d);
}

/* "Wipe first": zeros, then the delete; a failed wipe deletes nothing. */
static void
wiped_before_delete_cb (GObject      *object,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  ConfirmData *d = user_data;
  g_autoptr(GError) error = NULL;

  vsm_pool_set_busy (d->pool, FALSE);
  if (!vsm_host_volume_job_finish (VSM_HOST (object), result, NULL, &error) || d->self->host == NULL)
    {
      g_autofree char *summary = g_strdup_printf (_("Could not wipe volume “%s”; it was not deleted"), d->volume);
      vsm_report_error (GTK_WIDGET (d->self), summary, error);
      confirm_data_free (d);
      return;
    }
  delete_volume (d);
}

static void
delete_volume_response_cb (GObject      *dialog,
                           GAsyncResult *result,
                           gpointer      user_data)
{
  ConfirmData *d = user_data;
  GtkCheckButton *wipe = g_steal_pointer (&d->wipe);

  if (!g_str_equal (vsm_message_dialog_choose_finish (ADW_MESSAGE_DIALOG (dialog), result), "delete") ||
      d->self->host == NULL)
    {
      confirm_data_free (d);
      return;
    }
  /* d goes on to the delete (the dialog and its check button go now) */
  if (wipe != NULL && gtk_check_button_get_active (wipe))
    {
      vsm_pool_set_busy (d->pool, TRUE);
      vsm_host_volume_job_async (d->self->host,
                                 &(VsmVolumeJob) { .kind = VSM_VOLUME_JOB_WIPE, .algorithm = VSM_WIPE_ZERO,
                                                   .pool_uuid = vsm_pool_get_uuid (d->pool), .name = d->volume },
                                 d->self->cancellable, wiped_before_delete_cb, d);
      return;
    }
  delete_volume (d);
}

static void
volume_delete_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *param)
{
  VsmPoolView *self = VSM_POOL_VIEW (widget);
  VsmVolume *vol = _vsm_pool_view_get_selected_volume (self);
  g_autofree char *heading = NULL;
  g_autofree char *cap = NULL;
  g_autoptr(GString) body = g_string_new (NULL);
  g_autofree char *cmd = NULL;
  const char *used_by;
  const char *backing_of;
  GtkWidget *dialog;
  ConfirmData *d;

  if (vol == NULL || self->pool == NULL)
    return;

  heading = g_strdup_printf (_("Delete Volume “%s”?"), vsm_volume_get_name (vol));
  cap = vsm_size_format (vsm_volume_get_capacity (vol));
  g_string_append_printf (body, _("The volume %s (%s) and all the data in it will be permanently deleted."),
                          vsm_volume_get_path (vol) ? vsm_volume_get_path (vol) : vsm_volume_get_name (vol), cap);
  used_by = vsm_volume_get_used_by (vol);
  backing_of = vsm_volume_get_backing_of (vol);
  /* the volumes built on it first: their machines are in used_by through them */
  if (backing_of != NULL && *backing_of)
    {
      guint n = 1;

      for (const char *p = backing_of; (p = strchr (p, ',')) != NULL; p++)
        n++;
      g_string_append (body, "\n\n");
      /* Translators: %s is a list of volume names */
      g_string_append_printf (body, ngettext ("Warning: %s is built on this volume (it is its backing file) and "
                                              "cannot be read without it.",
                                              "Warning: %s are built on this volume (it is their backing file) and "
                                              "cannot be read without it.", n), backing_of);
    }
  if (used_by != NULL && *used_by)
    {
      g_string_append (body, "\n\n");
      if (backing_of != NULL && *backing_of)
        g_string_append_printf (body, _("Warning: the virtual machine(s) %s use this volume, directly or "
                                        "through those volumes, and may no longer start."), used_by);
      else
        g_string_append_printf (body, _("Warning: this volume is a disk of the virtual machine(s) %s. "
                                        "They will lose this disk and may no longer start."), used_by);
    }
  cmd = _vsm_pool_view_volume_line (self, "vol-delete", vsm_volume_get_name (vol));

  dialog = vsm_confirm_dialog_new (widget, heading, body->str, cmd, "delete",
                                   (used_by && *used_by) || (backing_of && *backing_of) ? _("_Delete Anyway")
                                                                                         : _("_Delete"));
  d = g_new0 (ConfirmData, 1);
  {
    /* Optional: overwrite the data with zeros before the volume goes. */
    GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
    GtkWidget *command = g_object_ref (adw_message_dialog_get_extra_child (ADW_MESSAGE_DIALOG (dialog)));
    GtkWidget *wipe = gtk_check_button_new_with_mnemonic (_("_Wipe the data with zeros first (slower)"));

    adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), NULL);
    gtk_box_append (GTK_BOX (box), wipe);
    gtk_box_append (GTK_BOX (box), command);
    g_object_unref (command);
    adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), box);
    d->wipe = GTK_CHECK_BUTTON (wipe);
  }
  d->self = g_object_ref (self);
  d->pool = g_object_ref (self->pool);
  d->volume = g_strdup (vsm_volume_get_name (vol));
  vsm_message_dialog_choose_async (ADW_MESSAGE_DIALOG (dialog), NULL, delete_volume_response_cb, d);
}

static void
search_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  vsm_pool_view_focus_search (VSM_POOL_VIEW (widget));
}

static gboolean
autostart_state_set_cb (VsmPoolView *self,
                        gboolean     state,
                        GtkSwitch   *sw)
{
  if (self->pool == NULL || state == vsm_pool_get_autostart (self->pool))
    return FALSE;
  gtk_widget_activate_action (GTK_WIDGET (self), "pool.set-autostart", "b", state);
  /* The switch follows the pool's autostart property once libvirt did it. */
  return TRUE;
}

/* Return or a double click on a volume: its actions menu opens (the arrows
 * chose the volume; the menu is the one under the table). */
static void
volume_activated_cb (VsmPoolView *self,
                     guint        position)
{
  gtk_single_selection_set_selected (self->selection, position);
  if (gtk_widget_is_sensitive (GTK_WIDGET (self->volume_menu_button)))
    gtk_menu_button_popup (self->volume_menu_button);
}

static void
selection_changed_cb (VsmPoolView *self)
{
  update_actions (self);
}

static void
items_changed_cb (VsmPoolView *self)
{
  _vsm_pool_view_update_listing (self);
}

/* ------------------------------------------------------------------ */

static void
vsm_pool_view_dispose (GObject *object)
{
  VsmPoolView *self = VSM_POOL_VIEW (object);

  g_cancellable_cancel (self->cancellable);
  _vsm_pool_view_reset_lookup (self);
  if (self->pool != NULL)
    g_clear_signal_handler (&self->pool_notify_id, self->pool);
  g_clear_object (&self->pool);
  g_clear_object (&self->host);
  gtk_widget_dispose_template (GTK_WIDGET (self), VSM_TYPE_POOL_VIEW);

  G_OBJECT_CLASS (vsm_pool_view_parent_class)->dispose (object);
}

static void
vsm_pool_view_finalize (GObject *object)
{
  VsmPoolView *self = VSM_POOL_VIEW (object);

  g_clear_object (&self->cancellable);
  g_clear_object (&self->jobs);

  G_OBJECT_CLASS (vsm_pool_view_parent_class)->finalize (object);
}

static void
vsm_pool_view_class_init (VsmPoolViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = vsm_pool_view_dispose;
  object_class->finalize = vsm_pool_view_finalize;

  g_type_ensure (VSM_TYPE_VOLUME);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/virtstorage/VirtStorage/ui/vsm-pool-view.ui");
  gtk_widget_class_bind_template_child (widget_class, VsmPoolView, stack);
  gtk_widget_class_bind_template_child (widget_class, VsmPoolView, type_icon);
  gtk_widget_class_bind_template_child (widget_class, VsmPoolView, name_label);
  gtk_widget_class_bind_template_child (widget_class, VsmPoolView, subtitle_label);
  gtk_widget_class_bind_template_child (widget_class, VsmPoolView, start_button);
  gtk_widget_class_bind_template_child (widget_class, VsmPoolView, stop_button);
  gtk_widget_class_bind_template_child (widget_class, VsmPoolView, autostart_switch);
  gtk_widget_class_bind_template_child (widget_class, VsmPoolView, usage_bar);
  gtk_widget_class_bind_template_child (widget_class, VsmPoolView, loading_spinner);
  gtk_widget_class_bind_template_child (widget_class, VsmPoolView, usage_label);
  gtk_widget_class_bind_template_child (widget_class, VsmPoolView, overcommit_label);
  gtk_widget_class_bind_template_child (widget_class, VsmPoolView, target_label);
  gtk_widget_class_bind_template_child (widget_class, VsmPoolView, source_label);
  gtk_widget_class_bind_template_child (widget_class, VsmPoolView, count_label);
  gtk_widget_class_bind_template_child (widget_class, VsmPoolView, search_entry);
  gtk_widget_class_bind_template_child (widget_class, VsmPoolView, volumes_stack);
  gtk_widget_class_bind_template_child (widget_class, VsmPoolView, column_view);
  gtk_widget_class_bind_template_child (widget_class, VsmPoolView, selection);
  gtk_widget_class_bind_template_child (widget_class, VsmPoolView, filter_model);
  gtk_widget_class_bind_template_child (widget_class, VsmPoolView, inactive_page);
  gtk_widget_class_bind_template_child (widget_class, VsmPoolView, none_page);
  gtk_widget_class_bind_template_child (widget_class, VsmPoolView, failed_page);
  gtk_widget_class_bind_template_child (widget_class, VsmPoolView, no_results_page);
  gtk_widget_class_bind_template_child (widget_class, VsmPoolView, listing_revealer);
  gtk_widget_class_bind_template_child (widget_class, VsmPoolView, listing_label);
  gtk_widget_class_bind_template_child (widget_class, VsmPoolView, volume_menu_button);
  gtk_widget_class_bind_template_child (widget_class, VsmPoolView, volume_menu);
  gtk_widget_class_bind_template_child (widget_class, VsmPoolView, demo_volume_menu);
  gtk_widget_class_bind_template_child (widget_class, VsmPoolView, new_volume_button);
  gtk_widget_class_bind_template_child (widget_class, VsmPoolView, new_volume_menu);
  gtk_widget_class_bind_template_child (widget_class, VsmPoolView, demo_new_volume_menu);
  gtk_widget_class_bind_template_callback (widget_class, autostart_state_set_cb);
  gtk_widget_class_bind_template_callback (widget_class, selection_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, volume_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, items_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, _vsm_pool_view_update_listing);

  gtk_widget_class_install_action (widget_class, "pool.start", NULL, pool_simple_action);
  gtk_widget_class_install_action (widget_class, "pool.stop", NULL, pool_simple_action);
  gtk_widget_class_install_action (widget_class, "pool.refresh", NULL, pool_simple_action);
  gtk_widget_class_install_action (widget_class, "pool.set-autostart", "b", pool_simple_action);
  _vsm_pool_view_class_init_removal (widget_class);
  _vsm_pool_view_class_init_build (widget_class);
  _vsm_pool_view_class_init_details (widget_class);
  gtk_widget_class_install_action (widget_class, "volume.delete", NULL, volume_delete_action);
  gtk_widget_class_install_action (widget_class, "view.search", NULL, search_action);

  _vsm_pool_view_class_init_volume_ops (widget_class);
  _vsm_pool_view_class_init_transfers (widget_class);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK, "view.search", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Delete, 0, "volume.delete", NULL);
}

static void
vsm_pool_view_init (VsmPoolView *self)
{
  self->cancellable = g_cancellable_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_level_bar_add_offset_value (self->usage_bar, GTK_LEVEL_BAR_OFFSET_LOW, 0.75);
  gtk_level_bar_add_offset_value (self->usage_bar, GTK_LEVEL_BAR_OFFSET_HIGH, 0.9);
  gtk_search_entry_set_key_capture_widget (self->search_entry, NULL);
  vsm_keynav_tab_leaves (GTK_WIDGET (self->column_view));
  /* the cells, made and bound in C (vsm-volume-cell.c) */
  {
    GListModel *columns = gtk_column_view_get_columns (self->column_view);

    g_assert (g_list_model_get_n_items (columns) == VSM_VOLUME_N_COLUMNS);
    for (guint i = 0; i < VSM_VOLUME_N_COLUMNS; i++)
      {
        g_autoptr(GtkColumnViewColumn) column = g_list_model_get_item (columns, i);
        g_autoptr(GtkListItemFactory) factory = vsm_volume_cell_factory_new (i);

        gtk_column_view_column_set_factory (column, factory);
      }
  }
  /* A stable order: libvirt lists volumes in hash order. */
  {
    GListModel *columns = gtk_column_view_get_columns (self->column_view);
    g_autoptr(GtkColumnViewColumn) first = g_list_model_get_item (columns, 0);
    gtk_column_view_sort_by_column (self->column_view, first, GTK_SORT_ASCENDING);
  }
  update_actions (self);
}

VsmPool *vsm_pool_view_get_pool (VsmPoolView *self) { g_return_val_if_fail (VSM_IS_POOL_VIEW (self), NULL); return self->pool; }
GtkSingleSelection *vsm_pool_view_get_selection (VsmPoolView *self) { g_return_val_if_fail (VSM_IS_POOL_VIEW (self), NULL); return self->selection; }
GtkColumnView *vsm_pool_view_get_column_view (VsmPoolView *self) { g_return_val_if_fail (VSM_IS_POOL_VIEW (self), NULL); return self->column_view; }

/**
 * vsm_pool_view_get_visible_page:
 *
 * "none", or the volumes area's state: "list", "inactive", "empty",
 * "loading", "failed" (libvirt could not list the volumes), "no-results".
 */
const char *
vsm_pool_view_get_visible_page (VsmPoolView *self)
{
  g_return_val_if_fail (VSM_IS_POOL_VIEW (self), NULL);

  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "none") == 0)
    return "none";
  return gtk_stack_get_visible_child_name (self->volumes_stack);
}

void
vsm_pool_view_focus_search (VsmPoolView *self)
{
  g_return_if_fail (VSM_IS_POOL_VIEW (self));
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

void
vsm_pool_view_set_search_text (VsmPoolView *self,
                               const char  *text)
{
  g_return_if_fail (VSM_IS_POOL_VIEW (self));
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), text);
}
