/* vsm-pool-view-removal.c
 *
 * The pool view's Delete Storage and Undefine: what each removes and
 * keeps, said before it runs, with the stop a running pool needs first.
 *
 * Copyright 2026 Virt Storage developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vsm-pool-view"

#include "config.h"

#include <glib/gi18n.h>

#include "vsm-dialogs.h"
#include "vsm-pool-type.h"
#include "vsm-pool-view-private.h"

typedef struct
{
  VsmPoolView   *self;
  VsmPool       *pool;
  VsmPoolAction  action;     /* Delete Storage, Undefine */
  GStrv          volumes;    /* Delete Volumes and Storage: the volumes named */
} RemovalData;

static void
removal_data_free (RemovalData *d)
{
  g_clear_object (&d->self);
  g_clear_object (&d->pool);
  g_strfreev (d->volumes);
  g_free (d);
}

/* The confirming response of Delete Storage and Undefine. */
static const char *
removal_response (VsmPoolAction action)
{
  return action == VSM_POOL_ACTION_DELETE ? "delete" : "undefine";
}

static void
pool_removal_confirmed_cb (GObject      *dialog,
                           GAsyncResult *result,
                           gpointer      user_data)
{
  RemovalData *d = user_data;
  const char *response = vsm_message_dialog_choose_finish (ADW_MESSAGE_DIALOG (dialog), result);

  /* the model stops a running pool first */
  if (g_str_equal (response, removal_response (d->action)))
    _vsm_pool_view_run_pool_action (d->self, d->pool, d->action, VSM_BUILD_DEFAULT);
  else if (g_str_equal (response, "delete-volumes"))
    _vsm_pool_view_run_empty_and_delete (d->self, d->pool, (const char * const *) d->volumes);
  removal_data_free (d);
}

/* Delete Storage and Undefine: libvirt refuses both on a running pool, so
 * the confirmation shows the stop too, and says so on its button. */
static void
confirm_pool_removal (VsmPoolView   *self,
                      VsmPoolAction  action,
                      const char    *heading,
                      const char    *body,
                      const char    *label,
                      gboolean       possible,
                      const char    *volumes_label)
{
  VsmPool *pool = self->pool;
  g_autofree char *cmd = _vsm_pool_view_virsh_line (self, vsm_pool_action_to_virsh (action),
                                                    vsm_pool_get_name (pool), NULL);
  g_autofree char *cmds = NULL;
  GtkWidget *dialog;
  RemovalData *d;

  if (vsm_pool_get_active (pool))
    {
      g_autofree char *stop = _vsm_pool_view_virsh_line (self, "pool-destroy", vsm_pool_get_name (pool), NULL);

      cmds = g_strdup_printf ("%s\n%s", stop, cmd);
    }
  dialog = vsm_confirm_dialog_new (GTK_WIDGET (self), heading, body, cmds ? cmds : cmd,
                                   removal_response (action), label);
  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (dialog),
                                           removal_response (action), possible);
  /* a directory that must be emptied first: that can be part of it */
  if (volumes_label != NULL)
    {
      g_autofree char *vol_cmds = NULL;
      g_autoptr(GString) all = g_string_new (NULL);
      VsmKeyedList *vols = vsm_pool_get_volumes (pool);

      for (guint i = 0; i < vsm_keyed_list_get_n_items (vols); i++)
        {
          g_autofree char *line = _vsm_pool_view_volume_line (self, "vol-delete",
                                                              vsm_volume_get_name (vsm_keyed_list_get (vols, i)));
          g_string_append_printf (all, "%s\n", line);
        }
      g_string_append (all, cmds ? cmds : cmd);
      adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "delete-volumes", volumes_label);
      adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "delete-volumes",
                                                  ADW_RESPONSE_DESTRUCTIVE);
      vsm_command_box_set_command (adw_message_dialog_get_extra_child (ADW_MESSAGE_DIALOG (dialog)), all->str);
    }
  d = g_new0 (RemovalData, 1);
  d->self = g_object_ref (self);
  d->pool = g_object_ref (pool);
  d->action = action;
  if (volumes_label != NULL)
    {
      /* exactly the volumes the dialog names and lists */
      VsmKeyedList *vols = vsm_pool_get_volumes (pool);
      guint n = vsm_keyed_list_get_n_items (vols);

      d->volumes = g_new0 (char *, n + 1);
      for (guint i = 0; i < n; i++)
        d->volumes[i] = g_strdup (vsm_volume_get_name (vsm_keyed_list_get (vols, i)));
    }
  vsm_message_dialog_choose_async (ADW_MESSAGE_DIALOG (dialog), NULL, pool_removal_confirmed_cb, d);
}

static const char *
pool_place (VsmPool *pool)
{
  return vsm_pool_get_target_path (pool) ? vsm_pool_get_target_path (pool) : vsm_pool_get_name (pool);
}

/* The names a property of @pool's volumes lists ("vm1, vm2"), each once,
 * leaving out the pool's own volumes when @others_only; NULL for none. */
static char *
names_of_volumes (VsmPool      *pool,
                  const char *(*names) (VsmVolume *volume),
                  gboolean      others_only)
{
  VsmKeyedList *vols = vsm_pool_get_volumes (pool);
  g_autoptr(GPtrArray) found = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < vsm_keyed_list_get_n_items (vols); i++)
    {
      const char *list = names (vsm_keyed_list_get (vols, i));
      g_auto(GStrv) each = list != NULL && *list ? g_strsplit (list, ", ", -1) : NULL;

      for (guint j = 0; each != NULL && each[j] != NULL; j++)
        if (!(others_only && vsm_keyed_list_lookup (vols, each[j]) != NULL) &&
            !g_ptr_array_find_with_equal_func (found, each[j], g_str_equal, NULL))
          g_ptr_array_add (found, g_strdup (each[j]));
    }
  if (found->len == 0)
    return NULL;
  g_ptr_array_add (found, NULL);
  return g_strjoinv (", ", (char **) found->pdata);
}

/* "a.qcow2, b.raw", the first few of @pool's volumes ("… and 3 more") */
static char *
volume_names (VsmPool *pool)
{
  VsmKeyedList *vols = vsm_pool_get_volumes (pool);
  guint n = vsm_keyed_list_get_n_items (vols);
  g_autoptr(GString) names = g_string_new (NULL);

  for (guint i = 0; i < n && i < 8; i++)
    g_string_append_printf (names, "%s%s", i > 0 ? ", " : "", vsm_volume_get_name (vsm_keyed_list_get (vols, i)));
  if (n > 8)
    /* Translators: after a list of volume names */
    g_string_append_printf (names, ngettext (" and %u more", " and %u more", n - 8), n - 8);
  return g_string_free (g_steal_pointer (&names), FALSE);
}

/* What Delete Storage removes of @pool, whether it can (a directory must
 * be empty first), and whether Delete Volumes and Storage can empty it:
 * not when libvirt could list only some of its volumes, since only
 * volumes named can be deleted, and libvirt then refuses the storage. */
static char *
delete_body (VsmPool  *pool,
             gboolean *possible,
             gboolean *offer_emptying)
{
  VsmPoolDelete effect = vsm_pool_type_lookup (vsm_pool_get_pool_type (pool))->delete_effect;
  guint n_vols = vsm_keyed_list_get_n_items (vsm_pool_get_volumes (pool));
  gboolean partial = vsm_pool_get_volumes_partial (pool);
  g_autofree char *held = partial ? _vsm_pool_view_describe_partial (pool) : NULL;
  /* the machines that use its volumes */
  g_autofree char *users = names_of_volumes (pool, vsm_volume_get_used_by, FALSE);
  g_autoptr(GString) text = g_string_new (vsm_pool_type_get_delete_description (vsm_pool_get_pool_type (pool)));

  *possible = TRUE;
  *offer_emptying = FALSE;
  g_string_append (text, "\n\n");
  /* Say what is lost only where something is: a directory must be empty
   * (libvirt refuses otherwise, after the stop), a mount point keeps the
   * data. Of a pool listed in part, never as if the list were all. */
  if (partial && effect == VSM_POOL_DELETE_EMPTY_ONLY)
    {
      *possible = FALSE;
      /* Translators: %s is "17,000 volumes, of which only 16,384 could be listed"; %'u is 16,384 */
      g_string_append_printf (text, ngettext ("It still holds %s: libvirt's remote protocol lists at most %'u "
                                              "volume at a time. libvirt deletes the storage only once it is "
                                              "empty, and volumes that could not be listed cannot be deleted "
                                              "here, so Delete Volumes and Storage is not offered: delete the "
                                              "volumes on the host first.",
                                              "It still holds %s: libvirt's remote protocol lists at most %'u "
                                              "volumes at a time. libvirt deletes the storage only once it is "
                                              "empty, and volumes that could not be listed cannot be deleted "
                                              "here, so Delete Volumes and Storage is not offered: delete the "
                                              "volumes on the host first.",
                                              vsm_pool_get_list_limit (pool)),
                              held, vsm_pool_get_list_limit (pool));
      g_string_append_c (text, ' ');
    }
  else if (partial && effect == VSM_POOL_DELETE_DESTROYS)
    {
      /* Translators: %s is "17,000 volumes, of which only 16,384 could be listed" */
      g_string_append_printf (text, _("It currently holds %s; all of them will be lost."), held);
      g_string_append_c (text, ' ');
    }
  else if (n_vols == 0 && vsm_pool_get_volumes_error (pool) != NULL && effect != VSM_POOL_DELETE_KEEPS_DATA)
    {
      /* Translators: %s is libvirt's error message */
      g_string_append_printf (text, _("Its volumes could not be listed (%s), so what it holds is not known."),
                              vsm_pool_get_volumes_error (pool));
      g_string_append_c (text, ' ');
    }
  else if (n_vols > 0 && effect == VSM_POOL_DELETE_EMPTY_ONLY)
    {
      g_autofree char *names = volume_names (pool);

      *possible = FALSE;
      *offer_emptying = TRUE;
      /* Translators: %s is a list of volume names */
      g_string_append_printf (text, ngettext ("It still holds %u volume: %s. Delete Volumes and Storage deletes "
                                              "it first, with all its data.",
                                              "It still holds %u volumes: %s. Delete Volumes and Storage deletes "
                                              "them first, with all their data.",
                                              n_vols), n_vols, names);
      g_string_append_c (text, ' ');
    }
  else if (n_vols > 0 && effect == VSM_POOL_DELETE_DESTROYS)
    {
      g_string_append_printf (text, ngettext ("It currently holds %u volume, which will be lost.",
                                              "It currently holds %u volumes, which will be lost.",
                                              n_vols), n_vols);
      g_string_append_c (text, ' ');
    }
  /* Volumes of other pools built on its volumes cannot be read once these
   * are gone (a directory emptied first, a volume group or disk erased). */
  if (n_vols > 0 && effect != VSM_POOL_DELETE_KEEPS_DATA)
    {
      g_autofree char *dependants = names_of_volumes (pool, vsm_volume_get_backing_of, TRUE);

      if (dependants != NULL)
        {
          /* Translators: %s is a list of volume names */
          g_string_append_printf (text, _("Volumes of other pools are built on its volumes and could no longer be "
                                          "read: %s."), dependants);
          g_string_append_c (text, ' ');
        }
    }
  /* Machines whose disks are on it lose them when it stops (which
   * Delete Storage does first), whatever the deletion then does. */
  if (users != NULL)
    {
      /* Translators: %s is a list of virtual machine names */
      g_string_append_printf (text, _("Virtual machines use its volumes: %s."), users);
      g_string_append_c (text, ' ');
    }
  if (partial)
    {
      g_string_append (text, _("Which virtual machines and volumes use the volumes that could not be listed is not "
                               "known."));
      g_string_append_c (text, ' ');
    }
  /* Translators: %s is a path or device */
  g_string_append_printf (text, _("Storage to be removed: %s. The pool stays defined (inactive); use Undefine to forget it."),
                          pool_place (pool));
  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* What Undefine forgets of @pool, and what it keeps. */
static char *
undefine_body (VsmPool *pool)
{
  if (vsm_pool_get_storage_deleted (pool))
    return g_strdup_printf (_("libvirt forgets the pool's definition. Its storage at %s was deleted already."),
                            pool_place (pool));
  if (vsm_pool_get_active (pool))
    return g_strdup_printf (_("The pool is stopped, then libvirt forgets its definition. No data is deleted: the "
                              "storage at %s is kept, and you can define the pool again later."), pool_place (pool));
  return g_strdup_printf (_("libvirt forgets the pool's definition. No data is deleted: the storage at %s is kept, "
                            "and you can define the pool again later."), pool_place (pool));
}

/* Delete Storage (pool.delete) and Undefine (pool.undefine) of the shown
 * pool, each confirmed in its own words. */
static void
pool_removal_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *param)
{
  VsmPoolView *self = VSM_POOL_VIEW (widget);
  VsmPool *pool = self->pool;
  gboolean delete = g_str_equal (action_name, "pool.delete");
  g_autofree char *heading = NULL;
  g_autofree char *body = NULL;
  gboolean possible = TRUE;
  gboolean offer_emptying = FALSE;
  gboolean active;

  if (pool == NULL)
    return;
  if (delete && vsm_pool_type_lookup (vsm_pool_get_pool_type (pool))->delete_effect == VSM_POOL_DELETE_UNSUPPORTED)
    return;

  active = vsm_pool_get_active (pool);
  if (delete)
    {
      heading = g_strdup_printf (_("Delete the Storage of Pool “%s”?"), vsm_pool_get_name (pool));
      body = delete_body (pool, &possible, &offer_emptying);
      confirm_pool_removal (self, VSM_POOL_ACTION_DELETE, heading, body,
                            active ? _("_Stop and Delete") : _("_Delete Storage"), possible,
                            offer_emptying ? _("Delete _Volumes and Storage") : NULL);
    }
  else
    {
      heading = g_strdup_printf (_("Undefine Pool “%s”?"), vsm_pool_get_name (pool));
      body = undefine_body (pool);
      confirm_pool_removal (self, VSM_POOL_ACTION_UNDEFINE, heading, body,
                            active ? _("_Stop and Undefine") : _("_Undefine"), possible, NULL);
    }
}

void
_vsm_pool_view_class_init_removal (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "pool.delete", NULL, pool_removal_action);
  gtk_widget_class_install_action (widget_class, "pool.undefine", NULL, pool_removal_action);
}
