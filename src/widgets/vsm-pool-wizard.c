/* vsm-pool-wizard.c
 *
 * New Pool: one wizard shell for every pool type. The steps and their
 * fields come from the pool-type descriptor table (vsm-pool-type.c): type
 * and name → source → target → build and start options → review →
 * creating → error. Each field is validated before anything reaches
 * libvirt, with its message next to it; Next stays disabled until the step
 * is complete. The fields, the form's spec and the source scan are in
 * vsm-pool-wizard-fields.c; the creation itself is the model's
 * VsmPoolCreation.
 *
 * Copyright 2026 Virt Storage developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vsm-pool-wizard"

#include "config.h"

#include <glib/gi18n.h>

#include "vsm-dialogs.h"
#include "vsm-error.h"
#include "vsm-pool-creation.h"
#include "vsm-pool-ops.h"
#include "vsm-pool-type.h"
#include "vsm-pool-wizard-internal.h"
#include "vsm-pool-wizard-private.h"
#include "vsm-uri.h"

G_DEFINE_FINAL_TYPE (VsmPoolWizard, vsm_pool_wizard, ADW_TYPE_WINDOW)

enum {
  CREATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static const char * const page_order[] = { "type", "source", "target", "options", "review", NULL };


static void form_changed_cb (VsmPoolWizard *self);

static void
apply_type (VsmPoolWizard         *self,
            const VsmPoolTypeInfo *info)
{
  /* libvirt's test driver cannot do everything a type offers: the demo
   * says so before it is tried */
  gboolean demo = self->host != NULL && vsm_uri_is_demo (vsm_host_get_uri (self->host));

  self->type = info;
  adw_window_title_set_subtitle (self->window_title, _(info->label));

  for (guint i = 0; i < VSM_WIZARD_N_FIELDS; i++)
    {
      Field *f = &self->fields[i];
      gtk_widget_set_visible (f->row, (info->fields & f->def->flags) != 0);
      f->touched = FALSE;
    }

  /* Titles that depend on the type. */
  if (info->source_name_title != NULL)
    adw_preferences_row_set_title (ADW_PREFERENCES_ROW (_vsm_wizard_field (self, "source-name")->row), _(info->source_name_title));
  if (info->source_dir_title != NULL)
    adw_preferences_row_set_title (ADW_PREFERENCES_ROW (_vsm_wizard_field (self, "source-dir")->row), _(info->source_dir_title));
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (_vsm_wizard_field (self, "auth")->row),
                                 g_strcmp0 (info->auth_type, "ceph") == 0 ? _("Cephx authentication")
                                                                         : _("CHAP authentication"));
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (_vsm_wizard_field (self, "initiator")->row),
                                 (info->fields & VSM_FIELD_INITIATOR_REQ) ? _("Initiator IQN")
                                                                          : _("Initiator IQN (optional)"));

  if (info->formats != NULL)
    {
      g_autoptr(GtkStringList) formats = gtk_string_list_new ((const char * const *) info->formats);
      adw_combo_row_set_model (ADW_COMBO_ROW (_vsm_wizard_field (self, "format")->row), G_LIST_MODEL (formats));
    }

  if (info->default_target != NULL)
    {
      /* Suggest target/<pool name> for the types that mount or hold files. */
      const char *name = gtk_editable_get_text (GTK_EDITABLE (self->name_row));
      g_autofree char *target = NULL;

      if (g_str_equal (info->id, "dir") || g_str_equal (info->id, "fs") || g_str_equal (info->id, "netfs"))
        target = g_build_filename (info->default_target, *name ? name : "pool", NULL);
      else
        target = g_strdup (info->default_target);
      if (g_str_equal (info->id, "dir") && *name == '\0')
        g_clear_pointer (&target, g_free);
      gtk_editable_set_text (GTK_EDITABLE (_vsm_wizard_field (self, "target-path")->row), target ? target : "");
    }
  else if (g_str_equal (info->id, "logical"))
    gtk_editable_set_text (GTK_EDITABLE (_vsm_wizard_field (self, "target-path")->row), "");

  if (info->default_port != 0 && (info->fields & VSM_FIELD_PORT) != 0)
    {
      g_autofree char *port = g_strdup_printf ("%u", info->default_port);
      gtk_editable_set_text (GTK_EDITABLE (_vsm_wizard_field (self, "port")->row), port);
    }

  /* The defaults just set are suggestions, not user input: the target
   * must keep following the name (form_changed_cb). */
  for (guint i = 0; i < VSM_WIZARD_N_FIELDS; i++)
    self->fields[i].touched = FALSE;

  gtk_widget_set_visible (GTK_WIDGET (self->scan_group), info->can_discover);
  gtk_widget_set_visible (GTK_WIDGET (self->scan_list), FALSE);

  /* Build choices for this type: a row each, with what it does (libvirt's
   * test driver takes no build flag). */
  vsm_build_choices_set_type (self->build_group, info, demo ? VSM_BUILD_CHOICES_NO_FLAGS : VSM_BUILD_CHOICES_ALL,
                              info->default_build);
  /* nor does it keep secrets */
  {
    Field *auth = _vsm_wizard_field (self, "auth");

    gtk_widget_set_sensitive (auth->row, !demo);
    adw_action_row_set_subtitle (ADW_ACTION_ROW (auth->row),
                                 demo ? _("Not on the demo connection: it cannot store secrets")
                                      : _(auth->def->subtitle));
    if (demo)
      gtk_switch_set_active (GTK_SWITCH (auth->sw), FALSE);
  }

  for (guint i = 0; i < self->type_rows->len; i++)
    {
      TypeRow *t = &g_array_index (self->type_rows, TypeRow, i);
      if (t->info == info && !gtk_check_button_get_active (t->check))
        gtk_check_button_set_active (t->check, TRUE);
    }
  _vsm_wizard_update (self);
}

static void
type_toggled_cb (GtkCheckButton *check,
                 VsmPoolWizard  *self)
{
  if (!gtk_check_button_get_active (check))
    return;
  for (guint i = 0; i < self->type_rows->len; i++)
    if (g_array_index (self->type_rows, TypeRow, i).check == check)
      apply_type (self, g_array_index (self->type_rows, TypeRow, i).info);
}

static void
build_type_rows (VsmPoolWizard *self)
{
  guint n;
  const VsmPoolTypeInfo *all = vsm_pool_type_get_all (&n);
  GtkCheckButton *group = NULL;

  for (guint i = 0; i < n; i++)
    {
      const VsmPoolTypeInfo *info = &all[i];
      GtkWidget *row, *check, *icon;

      if (!info->in_wizard)
        continue;

      row = adw_action_row_new ();
      check = gtk_check_button_new ();
      icon = gtk_image_new_from_icon_name (info->icon_name);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _(info->label));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), _(info->description));
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), check);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), check);
      gtk_widget_set_name (row, info->id);
      if (group != NULL)
        gtk_check_button_set_group (GTK_CHECK_BUTTON (check), group);
      else
        group = GTK_CHECK_BUTTON (check);
      g_array_append_val (self->type_rows, ((TypeRow) { info, row, GTK_CHECK_BUTTON (check) }));
      g_signal_connect (check, "toggled", G_CALLBACK (type_toggled_cb), self);
      gtk_list_box_append (self->type_list, row);
    }
}

static void
capabilities_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(VsmPoolWizard) self = user_data;
  g_autoptr(GError) error = NULL;
  GHashTable *supported = vsm_connection_query_finish (VSM_CONNECTION (object), result, &error);

  if (supported == NULL)
    return; /* unknown: show all */

  self->supported = supported;
  for (guint i = 0; i < self->type_rows->len; i++)
    {
      const VsmPoolTypeInfo *info = g_array_index (self->type_rows, TypeRow, i).info;
      GtkWidget *row = g_array_index (self->type_rows, TypeRow, i).row;

      if (!g_hash_table_contains (supported, info->id))
        {
          g_autofree char *subtitle = g_strdup_printf (_("Not supported by this host: libvirt has no %s storage backend installed"),
                                                       info->id);
          adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
          gtk_widget_set_sensitive (row, FALSE);
          if (self->type == info)
            {
              /* Move the selection to the first supported type. */
              for (guint j = 0; j < self->type_rows->len; j++)
                {
                  TypeRow *other = &g_array_index (self->type_rows, TypeRow, j);
                  if (g_hash_table_contains (supported, other->info->id))
                    {
                      gtk_check_button_set_active (other->check, TRUE);
                      break;
                    }
                }
            }
        }
    }
  _vsm_wizard_update (self);
}

/* ------------------------------------------------------------------ */
/* Spec and validation                                                 */

static gboolean
page_has_fields (VsmPoolWizard *self,
                 FieldPage      page)
{
  for (guint i = 0; i < VSM_WIZARD_N_FIELDS; i++)
    if (self->fields[i].def->page == page && gtk_widget_get_visible (self->fields[i].row))
      return TRUE;
  return FALSE;
}

static gboolean
page_complete (VsmPoolWizard *self,
               const char    *page)
{
  if (g_str_equal (page, "type"))
    return self->name_message == NULL && self->type != NULL;
  if (g_str_equal (page, "source") || g_str_equal (page, "target"))
    {
      FieldPage p = g_str_equal (page, "source") ? PAGE_SOURCE : PAGE_TARGET;
      for (guint i = 0; i < VSM_WIZARD_N_FIELDS; i++)
        if (self->fields[i].def->page == p && gtk_widget_get_visible (self->fields[i].row) && self->fields[i].message != NULL)
          return FALSE;
      return TRUE;
    }
  return TRUE;
}

gboolean
vsm_pool_wizard_page_complete (VsmPoolWizard *self)
{
  g_return_val_if_fail (VSM_IS_POOL_WIZARD (self), FALSE);
  return page_complete (self, vsm_pool_wizard_get_page (self));
}

static gboolean
page_applies (VsmPoolWizard *self,
              const char    *page)
{
  if (g_str_equal (page, "source"))
    return page_has_fields (self, PAGE_SOURCE);
  if (g_str_equal (page, "target"))
    return page_has_fields (self, PAGE_TARGET);
  return TRUE;
}

static const char *
page_title (const char *page)
{
  if (g_str_equal (page, "type")) return _("Type and Name");
  if (g_str_equal (page, "source")) return _("Source");
  if (g_str_equal (page, "target")) return _("Target");
  if (g_str_equal (page, "options")) return _("Build and Start");
  if (g_str_equal (page, "review")) return _("Review");
  if (g_str_equal (page, "creating")) return _("Creating");
  return _("Error");
}

/* "/dev/sdb, /dev/sdc": the devices a build would write to. */
static char *
join_devices (const VsmPoolSpec *spec)
{
  GString *list = g_string_new (NULL);

  for (guint i = 0; i < spec->devices->len; i++)
    g_string_append_printf (list, "%s%s", i ? ", " : "", (char *) g_ptr_array_index (spec->devices, i));
  return g_string_free (list, FALSE);
}

static void
update_review (VsmPoolWizard *self)
{
  g_autoptr(VsmPoolSpec) spec = vsm_pool_wizard_dup_spec (self);
  g_autoptr(GError) error = NULL;
  g_autofree char *xml = vsm_pool_xml_build (spec, &error);
  g_autofree char *cmds = vsm_pool_commands (spec, vsm_host_get_uri (self->host));
  const VsmPoolBuildChoice *choice;
  GtkWidget *child;

  gtk_label_set_label (self->xml_label, xml ? g_strchomp (xml) : (error ? error->message : ""));
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->commands_slot))) != NULL)
    gtk_box_remove (self->commands_slot, child);
  if (cmds != NULL)
    gtk_box_append (self->commands_slot, vsm_command_box_new (cmds));
  if (!vsm_pool_define_as_is_exact (spec))
    {
      GtkWidget *note = gtk_label_new (_("pool-define-as cannot express every setting of this pool: "
                                         "save the XML below to a file and use virsh pool-define FILE for the exact same pool."));
      gtk_label_set_wrap (GTK_LABEL (note), TRUE);
      gtk_label_set_xalign (GTK_LABEL (note), 0);
      gtk_widget_add_css_class (note, "caption");
      gtk_widget_set_margin_top (note, 6);
      gtk_box_append (self->commands_slot, note);
    }

  choice = vsm_pool_type_get_build_choice (self->type, spec->build);
  if (choice != NULL && (choice->effect == VSM_BUILD_EFFECT_ERASES || choice->effect == VSM_BUILD_EFFECT_IF_BLANK))
    {
      g_autofree char *devs = join_devices (spec);
      g_autofree char *text = NULL;

      text = choice->effect == VSM_BUILD_EFFECT_ERASES
        ? g_strdup_printf (_("Create formats %s: everything on it is erased."), devs)
        : g_strdup_printf (_("Create builds on %s only if it is blank; a device that holds data is refused."), devs);
      gtk_label_set_label (self->review_warning, text);
      gtk_widget_set_visible (GTK_WIDGET (self->review_warning), TRUE);
    }
  else
    gtk_widget_set_visible (GTK_WIDGET (self->review_warning), FALSE);
}

void
_vsm_wizard_update (VsmPoolWizard *self)
{
  const char *page = gtk_stack_get_visible_child_name (self->stack);
  gboolean editing = !g_str_equal (page, "creating") && !g_str_equal (page, "error");
  gboolean review = g_str_equal (page, "review");

  if (self->type == NULL)
    return;

  /* An LVM pool's target is its volume group's directory, /dev/VG (the
   * source name, or the pool's name): filled in until the user edits it
   * (issue 13, item 9: the LVM target path was empty). */
  if (g_str_equal (self->type->id, "logical") && !_vsm_wizard_field (self, "target-path")->touched)
    {
      Field *t = _vsm_wizard_field (self, "target-path");
      const char *vg = _vsm_wizard_field_text (self, "source-name");
      const char *name = gtk_editable_get_text (GTK_EDITABLE (self->name_row));
      g_autofree char *target = NULL;

      if (vg == NULL)
        vg = name;
      target = vg != NULL && *vg ? g_strconcat ("/dev/", vg, NULL) : g_strdup ("");
      if (g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (t->row)), target) != 0)
        {
          g_signal_handlers_block_by_func (t->row, _vsm_wizard_field_changed_cb, t);
          gtk_editable_set_text (GTK_EDITABLE (t->row), target);
          g_signal_handlers_unblock_by_func (t->row, _vsm_wizard_field_changed_cb, t);
        }
    }

  _vsm_wizard_validate_fields (self);

  /* (each build choice says what it does in its row) libvirt's test
   * driver cannot build a transient pool as it creates it: on the demo a
   * transient pool is not built, and the rows say so by being unavailable */
  {
    gboolean demo_transient = vsm_uri_is_demo (vsm_host_get_uri (self->host)) &&
                              !gtk_switch_get_active (self->persistent_switch);

    vsm_build_choices_set_available (self->build_group, !demo_transient);
    gtk_label_set_label (self->build_label, demo_transient ? _("The demo cannot build a transient pool.")
                                                           : _("This pool type needs no build step."));
    gtk_widget_set_visible (GTK_WIDGET (self->build_label),
                            demo_transient || self->type->build_choices == NULL);
  }
  gtk_widget_set_sensitive (GTK_WIDGET (self->autostart_row), gtk_switch_get_active (self->persistent_switch));

  gtk_widget_set_visible (GTK_WIDGET (self->next_button), editing && !review);
  gtk_widget_set_visible (GTK_WIDGET (self->create_button), review);
  gtk_widget_set_visible (GTK_WIDGET (self->back_button), editing && !g_str_equal (page, "type"));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "wizard.next", editing && page_complete (self, page));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "wizard.back",
                                 !g_str_equal (page, "type") && !g_str_equal (page, "creating"));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "wizard.create", review);
  /* Scan only when it can run: not while scanning, and with a valid host
   * where the type's sources are on one (issue 13, item 9) */
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "wizard.scan",
                                 !gtk_spinner_get_spinning (self->scan_spinner) &&
                                 (!_vsm_wizard_field_visible (self, "host") ||
                                  (_vsm_wizard_field_text (self, "host") != NULL &&
                                   _vsm_wizard_field (self, "host")->message == NULL)));
  adw_window_title_set_title (self->window_title, page_title (page));
  if (review)
    update_review (self);
}

static void
form_changed_cb (VsmPoolWizard *self)
{
  if (gtk_widget_has_focus (GTK_WIDGET (self->name_row)) ||
      *gtk_editable_get_text (GTK_EDITABLE (self->name_row)) != '\0')
    self->name_touched = TRUE;

  /* Keep a suggested target in step with the name for file pools. */
  if (self->type != NULL && (g_str_equal (self->type->id, "dir") || g_str_equal (self->type->id, "fs") ||
                             g_str_equal (self->type->id, "netfs")))
    {
      Field *t = _vsm_wizard_field (self, "target-path");
      if (!t->touched)
        {
          const char *name = gtk_editable_get_text (GTK_EDITABLE (self->name_row));
          g_autofree char *target = *name ? g_build_filename (self->type->default_target, name, NULL) : g_strdup ("");
          g_signal_handlers_block_by_func (t->row, _vsm_wizard_field_changed_cb, t);
          gtk_editable_set_text (GTK_EDITABLE (t->row), target);
          g_signal_handlers_unblock_by_func (t->row, _vsm_wizard_field_changed_cb, t);
        }
    }
  _vsm_wizard_update (self);
}

static void
show_page (VsmPoolWizard *self,
           const char    *page)
{
  gtk_stack_set_visible_child_name (self->stack, page);
  _vsm_wizard_update (self);
}

static void
next_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  VsmPoolWizard *self = VSM_POOL_WIZARD (widget);
  const char *page = gtk_stack_get_visible_child_name (self->stack);
  guint i;

  /* Show every problem of this page now; the later pages stay quiet
   * until they are edited or left by Next themselves (issue 13, item 9). */
  for (i = 0; i < VSM_WIZARD_N_FIELDS; i++)
    if ((g_str_equal (page, "source") && self->fields[i].def->page == PAGE_SOURCE) ||
        (g_str_equal (page, "target") && self->fields[i].def->page == PAGE_TARGET))
      self->fields[i].touched = TRUE;
  if (g_str_equal (page, "type"))
    self->name_touched = TRUE;
  _vsm_wizard_update (self);
  if (!page_complete (self, page))
    return;

  for (i = 0; page_order[i] != NULL && !g_str_equal (page_order[i], page); i++)
    ;
  for (i++; page_order[i] != NULL; i++)
    if (page_applies (self, page_order[i]))
      {
        show_page (self, page_order[i]);
        return;
      }
}

static void
back_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  VsmPoolWizard *self = VSM_POOL_WIZARD (widget);
  const char *page = gtk_stack_get_visible_child_name (self->stack);
  gint i;

  if (g_str_equal (page, "error"))
    {
      show_page (self, "review");
      return;
    }
  for (i = 0; page_order[i] != NULL && !g_str_equal (page_order[i], page); i++)
    ;
  for (i--; i >= 0; i--)
    if (page_applies (self, page_order[i]))
      {
        show_page (self, page_order[i]);
        return;
      }
}

/* ------------------------------------------------------------------ */
/* Source discovery                                                    */


/* ------------------------------------------------------------------ */
/* Create sequence: the model's VsmPoolCreation, shown step by step     */

static void
step_changed_cb (VsmPoolCreation *creation,
                 guint            step,
                 guint            state,
                 VsmPoolWizard   *self)
{
  Step *s = &self->steps[step];

  if (s->row == NULL)
    return;
  gtk_widget_set_visible (s->spinner, state == VSM_STEP_RUNNING);
  gtk_spinner_set_spinning (GTK_SPINNER (s->spinner), state == VSM_STEP_RUNNING);
  gtk_widget_set_visible (s->icon, state != VSM_STEP_RUNNING);
  gtk_image_set_from_icon_name (GTK_IMAGE (s->icon),
                                state == VSM_STEP_DONE ? "object-select-symbolic"
                                : state == VSM_STEP_FAILED ? "dialog-error-symbolic"
                                : "content-loading-symbolic");
}

static void
fail (VsmPoolWizard *self,
      const GError  *error)
{
  gboolean left = vsm_pool_creation_get_created_uuid (self->creation) != NULL;

  gtk_label_set_label (self->error_label, error ? error->message : "");
  adw_status_page_set_description (self->error_page,
                                   left
                                     ? _("The pool was defined, but a later step failed. You can remove it, or go back and fix the settings.")
                                     : _("Nothing was created."));
  gtk_widget_set_visible (GTK_WIDGET (self->remove_button), left);
  show_page (self, "error");
}

static void
created_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(VsmPoolWizard) self = user_data;
  g_autoptr(GError) error = NULL;
  GtkWindow *parent;
  g_autofree char *msg = NULL;

  if (!vsm_pool_creation_run_finish (VSM_POOL_CREATION (object), result, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        fail (self, error);
      return;
    }
  /* Done: the pool shows in the storage view; close. */
  g_signal_emit (self, signals[CREATED], 0, vsm_pool_creation_get_created_uuid (self->creation));
  parent = gtk_window_get_transient_for (GTK_WINDOW (self));
  msg = g_strdup_printf (_("Pool “%s” created"), self->spec->name);
  if (parent != NULL)
    vsm_show_toast (GTK_WIDGET (parent), msg);
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
start_create (VsmPoolWizard *self)
{
  VsmCreateStep plan[VSM_CREATE_N_STEPS];
  guint n = vsm_pool_creation_plan (self->creation, self->spec, plan);
  g_autoptr(GBytes) secret = NULL;
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->steps_list))) != NULL)
    gtk_list_box_remove (self->steps_list, child);
  memset (self->steps, 0, sizeof self->steps);
  for (guint i = 0; i < n; i++)
    {
      Step *s = &self->steps[plan[i]];

      s->row = adw_action_row_new ();
      s->icon = gtk_image_new_from_icon_name ("content-loading-symbolic");
      s->spinner = gtk_spinner_new ();
      gtk_widget_set_visible (s->spinner, FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (s->row), vsm_create_step_label (plan[i], self->spec));
      adw_action_row_add_suffix (ADW_ACTION_ROW (s->row), s->spinner);
      adw_action_row_add_suffix (ADW_ACTION_ROW (s->row), s->icon);
      gtk_list_box_append (self->steps_list, s->row);
    }

  if (self->spec->secret_usage != NULL)
    {
      const char *password = gtk_editable_get_text (GTK_EDITABLE (_vsm_wizard_field (self, "auth-password")->row));

      secret = g_bytes_new (password, strlen (password));
    }
  show_page (self, "creating");
  vsm_pool_creation_run_async (self->creation, self->spec, secret, self->cancellable,
                               created_cb, g_object_ref (self));
}

static void
overwrite_response_cb (GObject      *dialog,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(VsmPoolWizard) self = user_data;

  if (g_str_equal (vsm_message_dialog_choose_finish (ADW_MESSAGE_DIALOG (dialog), result), "format") &&
      !gtk_widget_in_destruction (GTK_WIDGET (self)))
    start_create (self);
}

static void
create_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  VsmPoolWizard *self = VSM_POOL_WIZARD (widget);
  g_autoptr(GError) error = NULL;

  g_clear_pointer (&self->spec, vsm_pool_spec_free);
  self->spec = vsm_pool_wizard_dup_spec (self);

  if (!vsm_pool_spec_validate (self->spec, self->existing, &error))
    {
      vsm_report_error (GTK_WIDGET (self->xml_label), error->message, NULL);
      return;
    }

  /* Formatting a device needs its own, explicit yes naming the device. */
  if (self->spec->build == VSM_BUILD_OVERWRITE)
    {
      g_autofree char *devs = join_devices (self->spec);
      g_autofree char *heading = NULL;
      g_autofree char *cmds = vsm_pool_commands (self->spec, vsm_host_get_uri (self->host));
      GtkWidget *dialog;

      heading = g_strdup_printf (_("Format %s?"), devs);
      /* the type's own words for what --overwrite does */
      dialog = vsm_confirm_dialog_new (widget, heading,
                                       _(vsm_pool_type_get_build_choice (self->type, VSM_BUILD_OVERWRITE)->description),
                                       cmds, "format", _("_Format"));
      vsm_message_dialog_choose_async (ADW_MESSAGE_DIALOG (dialog), self->cancellable, overwrite_response_cb,
                                       g_object_ref (self));
      return;
    }
  start_create (self);
}

static void
remove_done_cb (GObject *o, GAsyncResult *r, gpointer data)
{
  g_autoptr(VsmPoolWizard) self = data;
  g_autoptr(GError) error = NULL;

  if (!vsm_pool_creation_remove_partial_finish (VSM_POOL_CREATION (o), r, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        vsm_report_error (GTK_WIDGET (self->error_label), _("Could not remove the pool"), error);
      return;
    }
  vsm_show_toast (GTK_WIDGET (self->error_label), _("The half-created pool was removed"));
  show_page (self, "review");
}

static void
remove_partial_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *param)
{
  VsmPoolWizard *self = VSM_POOL_WIZARD (widget);

  if (vsm_pool_creation_get_created_uuid (self->creation) == NULL)
    return;
  vsm_pool_creation_remove_partial_async (self->creation, self->cancellable, remove_done_cb, g_object_ref (self));
}

static void
copy_xml_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *param)
{
  VsmPoolWizard *self = VSM_POOL_WIZARD (widget);

  gdk_clipboard_set_text (gtk_widget_get_clipboard (widget), gtk_label_get_label (self->xml_label));
  vsm_show_toast (GTK_WIDGET (self->xml_label), _("XML copied"));
}

/* ------------------------------------------------------------------ */

static void
vsm_pool_wizard_dispose (GObject *object)
{
  VsmPoolWizard *self = VSM_POOL_WIZARD (object);

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), VSM_TYPE_POOL_WIZARD);
  if (self->creation != NULL)
    g_signal_handlers_disconnect_by_data (self->creation, self);
  g_clear_object (&self->creation);
  g_clear_object (&self->host);

  G_OBJECT_CLASS (vsm_pool_wizard_parent_class)->dispose (object);
}

static void
vsm_pool_wizard_finalize (GObject *object)
{
  VsmPoolWizard *self = VSM_POOL_WIZARD (object);

  for (guint i = 0; i < G_N_ELEMENTS (self->fields); i++)
    g_free (self->fields[i].message);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->supported, g_hash_table_unref);
  g_clear_pointer (&self->existing, g_hash_table_unref);
  g_clear_pointer (&self->type_rows, g_array_unref);
  g_clear_pointer (&self->scan_sources, g_ptr_array_unref);
  g_clear_pointer (&self->spec, vsm_pool_spec_free);
  g_free (self->name_message);

  G_OBJECT_CLASS (vsm_pool_wizard_parent_class)->finalize (object);
}

static void
vsm_pool_wizard_class_init (VsmPoolWizardClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = vsm_pool_wizard_dispose;
  object_class->finalize = vsm_pool_wizard_finalize;

  g_type_ensure (VSM_TYPE_BUILD_CHOICES);

  /**
   * VsmPoolWizard::created:
   * @uuid: the new pool's UUID
   */
  signals[CREATED] = g_signal_new ("created", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/virtstorage/VirtStorage/ui/vsm-pool-wizard.ui");
  gtk_widget_class_bind_template_child (widget_class, VsmPoolWizard, window_title);
  gtk_widget_class_bind_template_child (widget_class, VsmPoolWizard, back_button);
  gtk_widget_class_bind_template_child (widget_class, VsmPoolWizard, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, VsmPoolWizard, next_button);
  gtk_widget_class_bind_template_child (widget_class, VsmPoolWizard, create_button);
  gtk_widget_class_bind_template_child (widget_class, VsmPoolWizard, stack);
  gtk_widget_class_bind_template_child (widget_class, VsmPoolWizard, name_row);
  gtk_widget_class_bind_template_child (widget_class, VsmPoolWizard, name_error);
  gtk_widget_class_bind_template_child (widget_class, VsmPoolWizard, type_list);
  gtk_widget_class_bind_template_child (widget_class, VsmPoolWizard, source_group);
  gtk_widget_class_bind_template_child (widget_class, VsmPoolWizard, scan_group);
  gtk_widget_class_bind_template_child (widget_class, VsmPoolWizard, scan_list);
  gtk_widget_class_bind_template_child (widget_class, VsmPoolWizard, scan_spinner);
  gtk_widget_class_bind_template_child (widget_class, VsmPoolWizard, target_group);
  gtk_widget_class_bind_template_child (widget_class, VsmPoolWizard, persistent_switch);
  gtk_widget_class_bind_template_child (widget_class, VsmPoolWizard, build_group);
  gtk_widget_class_bind_template_child (widget_class, VsmPoolWizard, build_label);
  gtk_widget_class_bind_template_child (widget_class, VsmPoolWizard, start_switch);
  gtk_widget_class_bind_template_child (widget_class, VsmPoolWizard, autostart_row);
  gtk_widget_class_bind_template_child (widget_class, VsmPoolWizard, autostart_switch);
  gtk_widget_class_bind_template_child (widget_class, VsmPoolWizard, commands_slot);
  gtk_widget_class_bind_template_child (widget_class, VsmPoolWizard, xml_label);
  gtk_widget_class_bind_template_child (widget_class, VsmPoolWizard, review_warning);
  gtk_widget_class_bind_template_child (widget_class, VsmPoolWizard, steps_list);
  gtk_widget_class_bind_template_child (widget_class, VsmPoolWizard, error_page);
  gtk_widget_class_bind_template_child (widget_class, VsmPoolWizard, error_label);
  gtk_widget_class_bind_template_child (widget_class, VsmPoolWizard, remove_button);
  gtk_widget_class_bind_template_callback (widget_class, form_changed_cb);

  gtk_widget_class_install_action (widget_class, "wizard.next", NULL, next_action);
  gtk_widget_class_install_action (widget_class, "wizard.back", NULL, back_action);
  gtk_widget_class_install_action (widget_class, "wizard.create", NULL, create_action);
  gtk_widget_class_install_action (widget_class, "wizard.scan", NULL, _vsm_wizard_scan_action);
  gtk_widget_class_install_action (widget_class, "wizard.remove-partial", NULL, remove_partial_action);
  gtk_widget_class_install_action (widget_class, "wizard.copy-xml", NULL, copy_xml_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
vsm_pool_wizard_init (VsmPoolWizard *self)
{
  self->cancellable = g_cancellable_new ();
  self->type_rows = g_array_new (FALSE, TRUE, sizeof (TypeRow));
  self->scan_sources = g_ptr_array_new_with_free_func ((GDestroyNotify) vsm_pool_source_free);
  self->existing = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  gtk_widget_init_template (GTK_WIDGET (self));
  _vsm_wizard_build_fields (self);
  build_type_rows (self);
  g_signal_connect (self->scan_list, "row-activated", G_CALLBACK (_vsm_wizard_source_activated_cb), self);
}

GtkWidget *
vsm_pool_wizard_new (GtkWindow *parent,
                     VsmHost   *host)
{
  VsmPoolWizard *self;
  VsmKeyedList *pools;

  g_return_val_if_fail (VSM_IS_HOST (host), NULL);

  self = g_object_new (VSM_TYPE_POOL_WIZARD, "transient-for", parent, "modal", TRUE, NULL);
  self->host = g_object_ref (host);
  self->creation = vsm_pool_creation_new (host);
  g_signal_connect (self->creation, "step-changed", G_CALLBACK (step_changed_cb), self);

  pools = vsm_host_get_pools (host);
  for (guint i = 0; i < vsm_keyed_list_get_n_items (pools); i++)
    g_hash_table_add (self->existing, g_strdup (vsm_pool_get_name (vsm_keyed_list_get (pools, i))));

  vsm_pool_wizard_set_type (self, "dir");
  vsm_connection_query_async (vsm_host_get_connection (host),
                              &(VsmQuery) { .kind = VSM_QUERY_POOL_CAPABILITIES },
                              self->cancellable, capabilities_cb, g_object_ref (self));
  return GTK_WIDGET (self);
}

void
vsm_pool_wizard_set_type (VsmPoolWizard *self,
                          const char    *type)
{
  const VsmPoolTypeInfo *info;

  g_return_if_fail (VSM_IS_POOL_WIZARD (self));

  info = vsm_pool_type_lookup (type);
  if (info->id == NULL || !info->in_wizard)
    return;
  apply_type (self, info);
}

/**
 * vsm_pool_wizard_set_field:
 * @field: "name" or a field id ("host", "target-path", "auth", …); for
 *   switches "true"/"false", for combos the item text
 *
 * Fills a field as the user would (for tests and scripted use).
 */
void
vsm_pool_wizard_set_field (VsmPoolWizard *self,
                           const char    *id,
                           const char    *value)
{
  Field *f;

  g_return_if_fail (VSM_IS_POOL_WIZARD (self));

  if (g_str_equal (id, "name"))
    {
      self->name_touched = TRUE;
      gtk_editable_set_text (GTK_EDITABLE (self->name_row), value);
      return;
    }
  f = _vsm_wizard_field (self, id);
  if (f == NULL)
    return;
  f->touched = TRUE;
  switch (f->def->kind)
    {
    case KIND_ENTRY:
    case KIND_PASSWORD:
      gtk_editable_set_text (GTK_EDITABLE (f->row), value);
      break;
    case KIND_SWITCH:
      gtk_switch_set_active (GTK_SWITCH (f->sw), g_str_equal (value, "true"));
      break;
    case KIND_COMBO:
      {
        GListModel *model = adw_combo_row_get_model (ADW_COMBO_ROW (f->row));
        for (guint i = 0; model != NULL && i < g_list_model_get_n_items (model); i++)
          {
            g_autoptr(GtkStringObject) s = g_list_model_get_item (model, i);
            if (g_str_equal (gtk_string_object_get_string (s), value))
              adw_combo_row_set_selected (ADW_COMBO_ROW (f->row), i);
          }
      }
      break;
    default:
      break;
    }
  _vsm_wizard_update (self);
}

const char *
vsm_pool_wizard_get_page (VsmPoolWizard *self)
{
  g_return_val_if_fail (VSM_IS_POOL_WIZARD (self), NULL);
  return gtk_stack_get_visible_child_name (self->stack);
}

/**
 * vsm_pool_wizard_get_field_error:
 *
 * Returns: (nullable): the message shown next to the _vsm_wizard_field ("name" for
 * the pool name)
 */
const char *
vsm_pool_wizard_get_field_error (VsmPoolWizard *self,
                                 const char    *id)
{
  g_return_val_if_fail (VSM_IS_POOL_WIZARD (self), NULL);

  if (g_str_equal (id, "name"))
    return self->name_message;
  return _vsm_wizard_field (self, id) ? _vsm_wizard_field (self, id)->message : NULL;
}

const char *
vsm_pool_wizard_get_created_uuid (VsmPoolWizard *self)
{
  g_return_val_if_fail (VSM_IS_POOL_WIZARD (self), NULL);
  return vsm_pool_creation_get_created_uuid (self->creation);
}
