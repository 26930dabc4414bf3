/* vsm-pool-wizard-fields.c
 *
 * The New Pool wizard's source and target fields: one table of every
 * field, the pages they sit on and the pool types that show them
 * (through the type table's VSM_FIELD_* flags), their rows, the host
 * device picker, and their inline errors.
 *
 * Copyright 2026 Virt Storage developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vsm-pool-wizard"

#include "config.h"

#include <glib/gi18n.h>

#include "vsm-dialogs.h"
#include "vsm-error.h"
#include "vsm-pool-ops.h"
#include "vsm-pool-wizard-internal.h"
#include "vsm-pool-wizard-private.h"
#include "vsm-uri.h"

static const FieldDef field_defs[VSM_WIZARD_N_FIELDS] = {
  { "host", VSM_FIELD_HOST, PAGE_SOURCE, KIND_ENTRY, N_("Host name or address"), NULL },
  { "hosts", VSM_FIELD_HOSTS, PAGE_SOURCE, KIND_ENTRY, N_("Monitor hosts (host:port, separated by spaces)"), NULL },
  { "port", VSM_FIELD_PORT, PAGE_SOURCE, KIND_ENTRY, N_("Port"), NULL },
  { "source-dir", VSM_FIELD_SOURCE_DIR, PAGE_SOURCE, KIND_ENTRY, N_("Source path"), NULL },
  { "device", VSM_FIELD_DEVICE, PAGE_SOURCE, KIND_ENTRY, N_("Source device, e.g. /dev/sdb"), NULL },
  { "devices", VSM_FIELD_DEVICES, PAGE_SOURCE, KIND_ENTRY, N_("Physical volumes (devices separated by spaces)"), NULL },
  { "source-name", VSM_FIELD_SOURCE_NAME, PAGE_SOURCE, KIND_ENTRY, N_("Name"), NULL },
  { "format", VSM_FIELD_FORMAT, PAGE_SOURCE, KIND_COMBO, N_("Format"), NULL },
  { "protocol", VSM_FIELD_PROTOCOL, PAGE_SOURCE, KIND_COMBO, N_("NFS version"), NULL },
  { "target-iqn", VSM_FIELD_TARGET_IQN, PAGE_SOURCE, KIND_ENTRY, N_("Target IQN"), NULL },
  { "initiator", VSM_FIELD_INITIATOR | VSM_FIELD_INITIATOR_REQ, PAGE_SOURCE, KIND_ENTRY, N_("Initiator IQN"), NULL },
  { "adapter-type", VSM_FIELD_ADAPTER, PAGE_SOURCE, KIND_COMBO, N_("Adapter"), NULL },
  { "adapter-name", VSM_FIELD_ADAPTER, PAGE_SOURCE, KIND_ENTRY, N_("SCSI host name, e.g. host0"), NULL },
  { "wwnn", VSM_FIELD_ADAPTER, PAGE_SOURCE, KIND_ENTRY, N_("WWNN"), NULL },
  { "wwpn", VSM_FIELD_ADAPTER, PAGE_SOURCE, KIND_ENTRY, N_("WWPN"), NULL },
  { "parent", VSM_FIELD_ADAPTER, PAGE_SOURCE, KIND_ENTRY, N_("Parent HBA (optional)"), NULL },
  { "auth", VSM_FIELD_AUTH, PAGE_SOURCE, KIND_SWITCH, N_("Authentication"), N_("Store the credentials as a libvirt secret") },
  { "auth-user", VSM_FIELD_AUTH, PAGE_SOURCE, KIND_ENTRY, N_("User name"), NULL },
  { "auth-password", VSM_FIELD_AUTH, PAGE_SOURCE, KIND_PASSWORD, N_("Password or key"), NULL },
  { "target-path", VSM_FIELD_TARGET, PAGE_TARGET, KIND_ENTRY, N_("Target path"), NULL },
  { "mode", VSM_FIELD_PERMISSIONS, PAGE_TARGET, KIND_ENTRY, N_("Permissions (octal, optional), e.g. 0711"), NULL },
  { "owner", VSM_FIELD_PERMISSIONS, PAGE_TARGET, KIND_ENTRY, N_("Owner user ID (optional)"), NULL },
  { "group", VSM_FIELD_PERMISSIONS, PAGE_TARGET, KIND_ENTRY, N_("Group ID (optional)"), NULL },
};

Field *
_vsm_wizard_field (VsmPoolWizard *self,
                   const char    *id)
{
  for (guint i = 0; i < VSM_WIZARD_N_FIELDS; i++)
    if (g_str_equal (field_defs[i].id, id))
      return &self->fields[i];
  g_return_val_if_reached (NULL);
}

gboolean
_vsm_wizard_field_visible (VsmPoolWizard *self,
                           const char    *id)
{
  return gtk_widget_get_visible (_vsm_wizard_field (self, id)->row);
}

const char *
_vsm_wizard_field_text (VsmPoolWizard *self,
                        const char    *id)
{
  Field *f = _vsm_wizard_field (self, id);

  if (!gtk_widget_get_visible (f->row))
    return NULL;
  if (f->def->kind == KIND_ENTRY || f->def->kind == KIND_PASSWORD)
    {
      const char *text = gtk_editable_get_text (GTK_EDITABLE (f->row));
      return text && *text ? text : NULL;
    }
  if (f->def->kind == KIND_COMBO)
    {
      GObject *item = adw_combo_row_get_selected_item (ADW_COMBO_ROW (f->row));
      return GTK_IS_STRING_OBJECT (item) ? gtk_string_object_get_string (GTK_STRING_OBJECT (item)) : NULL;
    }
  return NULL;
}

gboolean
_vsm_wizard_field_switch (VsmPoolWizard *self,
                          const char    *id)
{
  Field *f = _vsm_wizard_field (self, id);

  return gtk_widget_get_visible (f->row) && gtk_switch_get_active (GTK_SWITCH (f->sw));
}

/* @message: what stops the page (NULL: the value is valid); @warning:
 * what the user should know about a valid value (shown, never blocking) */
void
_vsm_wizard_set_field_error (Field      *f,
                             const char *message,
                             const char *warning)
{
  const char *shown = message != NULL ? message : warning;

  g_free (f->message);
  f->message = g_strdup (message);
  gtk_label_set_label (GTK_LABEL (f->error), shown ? shown : "");
  /* the label sits in its own row right below the _vsm_wizard_field (see _vsm_wizard_build_fields) */
  gtk_widget_set_visible (gtk_widget_get_parent (f->error),
                          shown != NULL && f->touched && gtk_widget_get_visible (f->row));
  if (message != NULL)
    {
      gtk_widget_remove_css_class (f->error, "warning");
      gtk_widget_add_css_class (f->error, "error");
    }
  else
    {
      gtk_widget_remove_css_class (f->error, "error");
      gtk_widget_add_css_class (f->error, "warning");
    }
  if (message != NULL && f->touched)
    gtk_widget_add_css_class (f->row, "error");
  else
    gtk_widget_remove_css_class (f->row, "error");
}

void
_vsm_wizard_field_changed_cb (GtkWidget *widget,
                              Field     *f)
{
  GtkRoot *root = gtk_widget_get_root (widget);

  f->touched = TRUE;
  if (!VSM_IS_POOL_WIZARD (root))
    return;
  /* what a scan found (or its error) was for the host before */
  if (g_str_equal (f->def->id, "host"))
    gtk_widget_set_visible (GTK_WIDGET (VSM_POOL_WIZARD (root)->scan_list), FALSE);
  _vsm_wizard_update (VSM_POOL_WIZARD (root));
}

/* notify:: of a switch's "active" or a combo row's "selected" */
static void
notify_changed_cb (GtkWidget  *widget,
                   GParamSpec *pspec,
                   Field      *f)
{
  _vsm_wizard_field_changed_cb (widget, f);
}

/* ------------------------------------------------------------------ */
/* Host devices picker (block devices / SCSI hosts from node devices)  */

typedef struct
{
  VsmPoolWizard *self;
  Field         *target;
  GtkWidget     *list;
  GPtrArray     *paths;      /* row position → device path */
} PickerData;

/* The words for a libvirt value the source page offers. */
static const char *
choice_label (const char *value)
{
  if (g_strcmp0 (value, "scsi_host") == 0)
    return _("SCSI host");
  if (g_strcmp0 (value, "fc_host") == 0)
    return _("Fibre Channel vHBA");
  if (g_strcmp0 (value, "auto") == 0)
    return _("Automatic");
  return value != NULL ? value : "";
}

static void
picker_data_free (gpointer  data,
                  GClosure *closure)
{
  PickerData *pd = data;

  g_ptr_array_unref (pd->paths);
  g_free (pd);
}

static void
picker_row_activated_cb (GtkListBox    *list,
                         GtkListBoxRow *row,
                         PickerData    *pd)
{
  int i = gtk_list_box_row_get_index (row);
  const char *path = i >= 0 && (guint) i < pd->paths->len ? g_ptr_array_index (pd->paths, i) : NULL;
  GtkWidget *popover = gtk_widget_get_ancestor (GTK_WIDGET (list), GTK_TYPE_POPOVER);

  if (path == NULL)
    return;
  if (g_str_equal (pd->target->def->id, "devices"))
    {
      const char *cur = gtk_editable_get_text (GTK_EDITABLE (pd->target->row));
      g_autofree char *joined = *cur ? g_strdup_printf ("%s %s", cur, path) : g_strdup (path);
      gtk_editable_set_text (GTK_EDITABLE (pd->target->row), joined);
    }
  else
    gtk_editable_set_text (GTK_EDITABLE (pd->target->row), path);
  if (popover != NULL)
    gtk_popover_popdown (GTK_POPOVER (popover));
}

static void
devices_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  PickerData *pd = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) devices = vsm_connection_query_finish (VSM_CONNECTION (object), result, &error);
  GtkWidget *child;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  while ((child = gtk_widget_get_first_child (pd->list)) != NULL)
    gtk_list_box_remove (GTK_LIST_BOX (pd->list), child);
  g_ptr_array_set_size (pd->paths, 0);

  if (devices == NULL || devices->len == 0)
    {
      GtkWidget *label = gtk_label_new (error ? error->message : _("libvirt reports no devices of this kind on the host"));
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_max_width_chars (GTK_LABEL (label), 40);
      gtk_widget_add_css_class (label, "dim-label");
      gtk_widget_set_margin_top (label, 12);
      gtk_widget_set_margin_bottom (label, 12);
      gtk_list_box_append (GTK_LIST_BOX (pd->list), label);
      return;
    }

  for (guint i = 0; i < devices->len; i++)
    {
      VsmHostDevice *d = g_ptr_array_index (devices, i);
      GtkWidget *row = adw_action_row_new ();
      g_autofree char *size = d->size ? g_format_size_full (d->size, G_FORMAT_SIZE_IEC_UNITS) : NULL;
      g_autofree char *subtitle = g_strjoin (" · ", d->model ? d->model : "", size ? size : "", NULL);

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), d->path);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      g_ptr_array_add (pd->paths, g_strdup (d->path));
      gtk_list_box_append (GTK_LIST_BOX (pd->list), row);
    }
}

static void
picker_show_cb (GtkPopover *popover,
                PickerData *pd)
{
  const char *cap = g_str_equal (pd->target->def->id, "adapter-name") ? "scsi_host" : "storage";

  vsm_connection_query_async (vsm_host_get_connection (pd->self->host),
                              &(VsmQuery) { .kind = VSM_QUERY_HOST_DEVICES, .name = cap },
                              pd->self->cancellable, devices_cb, pd);
}

static void
add_device_picker (VsmPoolWizard *self,
                   Field         *f)
{
  GtkWidget *button = gtk_menu_button_new ();
  GtkWidget *popover = gtk_popover_new ();
  GtkWidget *scroller = gtk_scrolled_window_new ();
  PickerData *pd = g_new0 (PickerData, 1);

  pd->self = self;
  pd->target = f;
  pd->paths = g_ptr_array_new_with_free_func (g_free);
  pd->list = gtk_list_box_new ();
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (pd->list), GTK_SELECTION_NONE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (pd->list), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Host devices"), -1);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), pd->list);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scroller), TRUE);
  gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (scroller), 320);
  gtk_scrolled_window_set_propagate_natural_width (GTK_SCROLLED_WINDOW (scroller), TRUE);
  gtk_popover_set_child (GTK_POPOVER (popover), scroller);
  gtk_menu_button_set_popover (GTK_MENU_BUTTON (button), popover);
  gtk_menu_button_set_icon_name (GTK_MENU_BUTTON (button), "drive-harddisk-symbolic");
  gtk_widget_set_tooltip_text (button, _("Choose from the host's devices"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Choose from the host's devices"), -1);
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "flat");
  adw_entry_row_add_suffix (ADW_ENTRY_ROW (f->row), button);

  g_signal_connect (pd->list, "row-activated", G_CALLBACK (picker_row_activated_cb), pd);
  g_signal_connect_data (popover, "show", G_CALLBACK (picker_show_cb), pd, picker_data_free, 0);
}

void
_vsm_wizard_build_fields (VsmPoolWizard *self)
{
  for (guint i = 0; i < VSM_WIZARD_N_FIELDS; i++)
    {
      const FieldDef *def = &field_defs[i];
      Field *f = &self->fields[i];
      AdwPreferencesGroup *group = def->page == PAGE_SOURCE ? self->source_group : self->target_group;

      f->def = def;
      switch (def->kind)
        {
        case KIND_ENTRY:
          f->row = adw_entry_row_new ();
          g_signal_connect (f->row, "changed", G_CALLBACK (_vsm_wizard_field_changed_cb), f);
          break;
        case KIND_PASSWORD:
          f->row = adw_password_entry_row_new ();
          g_signal_connect (f->row, "changed", G_CALLBACK (_vsm_wizard_field_changed_cb), f);
          break;
        case KIND_COMBO:
          f->row = adw_combo_row_new ();
          g_signal_connect (f->row, "notify::selected", G_CALLBACK (notify_changed_cb), f);
          break;
        case KIND_SWITCH:
          {
            GtkWidget *sw = gtk_switch_new ();
            f->row = adw_action_row_new ();
            gtk_widget_set_valign (sw, GTK_ALIGN_CENTER);
            adw_action_row_add_suffix (ADW_ACTION_ROW (f->row), sw);
            adw_action_row_set_activatable_widget (ADW_ACTION_ROW (f->row), sw);
            f->sw = sw;
            g_signal_connect (sw, "notify::active", G_CALLBACK (notify_changed_cb), f);
          }
          break;
        default:
          g_assert_not_reached ();
        }
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (f->row), _(def->title));
      if (def->subtitle != NULL)
        adw_action_row_set_subtitle (ADW_ACTION_ROW (f->row), _(def->subtitle));
      gtk_widget_set_name (f->row, def->id);

      f->error = gtk_label_new (NULL);
      gtk_label_set_xalign (GTK_LABEL (f->error), 0);
      gtk_label_set_wrap (GTK_LABEL (f->error), TRUE);
      gtk_widget_add_css_class (f->error, "error");
      gtk_widget_add_css_class (f->error, "caption");
      gtk_widget_set_margin_top (f->error, 4);
      gtk_widget_set_margin_bottom (f->error, 4);
      gtk_widget_set_margin_start (f->error, 12);
      gtk_accessible_update_property (GTK_ACCESSIBLE (f->error), GTK_ACCESSIBLE_PROPERTY_LABEL, _(def->title), -1);

      adw_preferences_group_add (group, f->row);
      /* A group puts any widget that is not a preferences row below its
       * whole list: wrap the message in a row to keep it next to its field. */
      {
        GtkWidget *holder = adw_preferences_row_new ();
        gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (holder), FALSE);
        gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (holder), f->error);
        gtk_widget_set_visible (holder, FALSE);
        adw_preferences_group_add (group, holder);
      }

      if (g_str_equal (def->id, "device") || g_str_equal (def->id, "devices") ||
          g_str_equal (def->id, "adapter-name"))
        add_device_picker (self, f);
    }

  {
    g_autoptr(GtkStringList) adapters = gtk_string_list_new ((const char *[]) { "scsi_host", "fc_host", NULL });
    /* whole numbers only: vsm_pool_spec_validate refuses "4.1" */
    g_autoptr(GtkStringList) protocols = gtk_string_list_new ((const char *[]) { "auto", "3", "4", NULL });
    adw_combo_row_set_model (ADW_COMBO_ROW (_vsm_wizard_field (self, "adapter-type")->row), G_LIST_MODEL (adapters));
    adw_combo_row_set_model (ADW_COMBO_ROW (_vsm_wizard_field (self, "protocol")->row), G_LIST_MODEL (protocols));
    /* words for libvirt's values (the spec keeps the values) */
    vsm_combo_row_show_labels (ADW_COMBO_ROW (_vsm_wizard_field (self, "adapter-type")->row), choice_label);
    vsm_combo_row_show_labels (ADW_COMBO_ROW (_vsm_wizard_field (self, "protocol")->row), choice_label);
  }
}

/* ------------------------------------------------------------------ */
/* Type selection                                                      */

/* ------------------------------------------------------------------ */
/* The form as a spec, and its validation                              */

static void
split_into (GPtrArray  *array,
            const char *text)
{
  g_auto(GStrv) parts = NULL;

  if (text == NULL)
    return;
  parts = g_strsplit_set (text, " ,\t", -1);
  for (guint i = 0; parts[i] != NULL; i++)
    if (*parts[i])
      g_ptr_array_add (array, g_strdup (parts[i]));
}

VsmPoolSpec *
vsm_pool_wizard_dup_spec (VsmPoolWizard *self)
{
  VsmPoolSpec *spec;
  const char *text;

  g_return_val_if_fail (VSM_IS_POOL_WIZARD (self), NULL);

  spec = vsm_pool_spec_new (self->type->id);
  spec->name = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->name_row)));
  spec->target_path = g_strdup (_vsm_wizard_field_text (self, "target-path"));
  spec->target_mode = g_strdup (_vsm_wizard_field_text (self, "mode"));
  spec->target_owner = g_strdup (_vsm_wizard_field_text (self, "owner"));
  spec->target_group = g_strdup (_vsm_wizard_field_text (self, "group"));

  if ((text = _vsm_wizard_field_text (self, "host")) != NULL)
    {
      const char *port = _vsm_wizard_field_text (self, "port");
      g_ptr_array_add (spec->hosts, port ? g_strdup_printf ("%s:%s", text, port) : g_strdup (text));
    }
  split_into (spec->hosts, _vsm_wizard_field_text (self, "hosts"));
  spec->source_dir = g_strdup (_vsm_wizard_field_text (self, "source-dir"));
  if ((text = _vsm_wizard_field_text (self, "device")) != NULL)
    g_ptr_array_add (spec->devices, g_strdup (text));
  split_into (spec->devices, _vsm_wizard_field_text (self, "devices"));
  if ((text = _vsm_wizard_field_text (self, "target-iqn")) != NULL)
    g_ptr_array_add (spec->devices, g_strdup (text));
  spec->source_name = g_strdup (_vsm_wizard_field_text (self, "source-name"));
  spec->source_format = g_strdup (_vsm_wizard_field_text (self, "format"));
  if (g_strcmp0 (self->type->id, "netfs") == 0 && g_strcmp0 (spec->source_format, "nfs") == 0 &&
      g_strcmp0 (_vsm_wizard_field_text (self, "protocol"), "auto") != 0)
    spec->protocol_version = g_strdup (_vsm_wizard_field_text (self, "protocol"));
  spec->initiator_iqn = g_strdup (_vsm_wizard_field_text (self, "initiator"));

  if (_vsm_wizard_field_visible (self, "adapter-type"))
    {
      spec->adapter_type = g_strdup (_vsm_wizard_field_text (self, "adapter-type"));
      if (g_strcmp0 (spec->adapter_type, "fc_host") == 0)
        {
          spec->adapter_wwnn = g_strdup (_vsm_wizard_field_text (self, "wwnn"));
          spec->adapter_wwpn = g_strdup (_vsm_wizard_field_text (self, "wwpn"));
          spec->adapter_parent = g_strdup (_vsm_wizard_field_text (self, "parent"));
        }
      else
        spec->adapter_name = g_strdup (_vsm_wizard_field_text (self, "adapter-name"));
    }

  if (_vsm_wizard_field_switch (self, "auth"))
    {
      spec->auth_username = g_strdup (_vsm_wizard_field_text (self, "auth-user"));
      spec->secret_usage = vsm_pool_spec_secret_usage (spec);
    }

  spec->persistent = gtk_switch_get_active (self->persistent_switch);
  /* (the demo's test driver builds no transient pool) */
  spec->build = vsm_uri_is_demo (vsm_host_get_uri (self->host)) && !spec->persistent
                ? VSM_BUILD_NONE : vsm_build_choices_get_mode (self->build_group);
  spec->start = gtk_switch_get_active (self->start_switch) || !spec->persistent;
  spec->autostart = spec->persistent && gtk_switch_get_active (self->autostart_switch);
  return spec;
}

char *
vsm_pool_wizard_dup_xml (VsmPoolWizard *self)
{
  g_autoptr(VsmPoolSpec) spec = vsm_pool_wizard_dup_spec (self);
  /* As shown in the review: without the final newline. */
  char *xml = vsm_pool_xml_build (spec, NULL);

  return xml ? g_strchomp (xml) : NULL;
}

/* Runs every visible field's validator and records its message. */
void
_vsm_wizard_validate_fields (VsmPoolWizard *self)
{
  g_autoptr(GError) error = NULL;
  const char *name = gtk_editable_get_text (GTK_EDITABLE (self->name_row));
  gboolean fc = g_strcmp0 (_vsm_wizard_field_text (self, "adapter-type"), "fc_host") == 0;
  gboolean auth = _vsm_wizard_field_switch (self, "auth");

  g_clear_pointer (&self->name_message, g_free);
  if (!vsm_pool_name_validate (name, self->existing, &error))
    self->name_message = g_strdup (error->message);
  g_clear_error (&error);
  gtk_label_set_label (self->name_error, self->name_message ? self->name_message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->name_error), self->name_message != NULL && self->name_touched);

  /* Fields that only make sense together with others. */
  gtk_widget_set_visible (_vsm_wizard_field (self, "adapter-name")->row, _vsm_wizard_field_visible (self, "adapter-type") && !fc);
  gtk_widget_set_visible (_vsm_wizard_field (self, "wwnn")->row, _vsm_wizard_field_visible (self, "adapter-type") && fc);
  gtk_widget_set_visible (_vsm_wizard_field (self, "wwpn")->row, _vsm_wizard_field_visible (self, "adapter-type") && fc);
  gtk_widget_set_visible (_vsm_wizard_field (self, "parent")->row, _vsm_wizard_field_visible (self, "adapter-type") && fc);
  gtk_widget_set_visible (_vsm_wizard_field (self, "auth-user")->row, self->type->auth_type != NULL && auth);
  gtk_widget_set_visible (_vsm_wizard_field (self, "auth-password")->row, self->type->auth_type != NULL && auth);
  gtk_widget_set_visible (_vsm_wizard_field (self, "protocol")->row,
                          (self->type->fields & VSM_FIELD_PROTOCOL) && g_strcmp0 (_vsm_wizard_field_text (self, "format"), "nfs") == 0);

  for (guint i = 0; i < VSM_WIZARD_N_FIELDS; i++)
    {
      Field *f = &self->fields[i];
      const char *id = f->def->id;
      const char *text = _vsm_wizard_field_text (self, id);
      gboolean ok = TRUE;
      char *warning = NULL;

      if (!gtk_widget_get_visible (f->row))
        {
          _vsm_wizard_set_field_error (f, NULL, NULL);
          continue;
        }

      if (g_str_equal (id, "host"))
        ok = vsm_hostname_validate (text, &error);
      else if (g_str_equal (id, "hosts"))
        {
          g_autoptr(GPtrArray) hosts = g_ptr_array_new_with_free_func (g_free);
          split_into (hosts, text);
          if (hosts->len == 0)
            {
              g_set_error_literal (&error, VSM_ERROR, VSM_ERROR_INVALID_INPUT, _("Enter at least one monitor host"));
              ok = FALSE;
            }
          for (guint j = 0; ok && j < hosts->len; j++)
            ok = vsm_host_port_validate (g_ptr_array_index (hosts, j), &error);
        }
      else if (g_str_equal (id, "port"))
        ok = vsm_port_validate (text, NULL, &error);
      else if (g_str_equal (id, "source-dir"))
        {
          if (text == NULL && g_strcmp0 (self->type->id, "gluster") == 0)
            ok = TRUE;
          else
            ok = vsm_absolute_path_validate (text, &error);
        }
      else if (g_str_equal (id, "device"))
        ok = vsm_absolute_path_validate (text, &error);
      else if (g_str_equal (id, "devices"))
        {
          g_autoptr(GPtrArray) devs = g_ptr_array_new_with_free_func (g_free);
          split_into (devs, text);
          /* logical: devices are optional when the VG already exists */
          for (guint j = 0; ok && j < devs->len; j++)
            ok = vsm_absolute_path_validate (g_ptr_array_index (devs, j), &error);
          if (ok && devs->len == 0 && _vsm_wizard_field_text (self, "source-name") == NULL)
            {
              g_set_error_literal (&error, VSM_ERROR, VSM_ERROR_INVALID_INPUT,
                                   _("Enter at least one device, or the name of an existing volume group"));
              ok = FALSE;
            }
        }
      else if (g_str_equal (id, "source-name"))
        ok = vsm_pool_source_name_validate (self->type->id, text, &error);
      else if (g_str_equal (id, "target-iqn"))
        {
          ok = vsm_iscsi_target_validate (text, &error);
          warning = ok ? vsm_iscsi_target_warning (text) : NULL;
        }
      else if (g_str_equal (id, "initiator"))
        ok = (text == NULL && !(self->type->fields & VSM_FIELD_INITIATOR_REQ)) || vsm_iqn_validate (text, &error);
      else if (g_str_equal (id, "adapter-name"))
        {
          if (text == NULL)
            {
              g_set_error_literal (&error, VSM_ERROR, VSM_ERROR_INVALID_INPUT, _("Enter the SCSI host, e.g. host0"));
              ok = FALSE;
            }
        }
      else if (g_str_equal (id, "wwnn") || g_str_equal (id, "wwpn"))
        ok = vsm_wwn_validate (text, &error);
      else if (g_str_equal (id, "auth-user"))
        {
          if (text == NULL)
            {
              g_set_error_literal (&error, VSM_ERROR, VSM_ERROR_INVALID_INPUT, _("Enter the user name"));
              ok = FALSE;
            }
        }
      else if (g_str_equal (id, "auth-password"))
        {
          if (text == NULL)
            {
              g_set_error_literal (&error, VSM_ERROR, VSM_ERROR_INVALID_INPUT, _("Enter the password or key"));
              ok = FALSE;
            }
        }
      else if (g_str_equal (id, "target-path"))
        ok = vsm_absolute_path_validate (text, &error);
      else if (g_str_equal (id, "mode"))
        {
          if (text != NULL)
            {
              gsize len = strlen (text);
              ok = len >= 3 && len <= 4;
              for (const char *p = text; ok && *p; p++)
                ok = *p >= '0' && *p <= '7';
              if (!ok)
                g_set_error_literal (&error, VSM_ERROR, VSM_ERROR_INVALID_INPUT,
                                     _("Permissions are 3 or 4 octal digits, e.g. 0755"));
            }
        }
      else if (g_str_equal (id, "owner") || g_str_equal (id, "group"))
        {
          if (text != NULL && !g_ascii_string_to_unsigned (text, 10, 0, G_MAXUINT32 - 1, NULL, NULL))
            {
              g_set_error_literal (&error, VSM_ERROR, VSM_ERROR_INVALID_INPUT, _("Enter a numeric ID, e.g. 107"));
              ok = FALSE;
            }
        }

      _vsm_wizard_set_field_error (f, ok ? NULL : (error ? error->message : _("Invalid value")), warning);
      g_clear_error (&error);
      g_clear_pointer (&warning, g_free);
    }
}

/* ------------------------------------------------------------------ */
/* Scanning for sources (pool-find-sources)                            */

static char *
pool_using_source (VsmPoolWizard       *self,
                   const VsmPoolSource *src)
{
  VsmKeyedList *pools = vsm_host_get_pools (self->host);

  for (guint i = 0; i < vsm_keyed_list_get_n_items (pools); i++)
    {
      VsmPool *pool = vsm_keyed_list_get (pools, i);
      const char *key = vsm_pool_get_source_key (pool);

      /* the names libvirt has, compared whole (not the words on screen) */
      if ((src->dir != NULL && vsm_pool_source_key_has (key, "dir", src->dir) &&
           (src->host == NULL || vsm_pool_source_key_has (key, "host", src->host))) ||
          (src->device != NULL && vsm_pool_source_key_has (key, "device", src->device)) ||
          (src->name != NULL && src->dir == NULL && vsm_pool_source_key_has (key, "name", src->name)))
        return g_strdup (vsm_pool_get_name (pool));
    }
  return NULL;
}

void
_vsm_wizard_source_activated_cb (GtkListBox    *list,
                     GtkListBoxRow *row,
                     VsmPoolWizard *self)
{
  int pos = gtk_list_box_row_get_index (row);
  VsmPoolSource *src = pos >= 0 && (guint) pos < self->scan_sources->len ? g_ptr_array_index (self->scan_sources, pos) : NULL;

  if (src == NULL)
    return;
  if (src->host != NULL && _vsm_wizard_field_visible (self, "host"))
    gtk_editable_set_text (GTK_EDITABLE (_vsm_wizard_field (self, "host")->row), src->host);
  if (src->dir != NULL && _vsm_wizard_field_visible (self, "source-dir"))
    gtk_editable_set_text (GTK_EDITABLE (_vsm_wizard_field (self, "source-dir")->row), src->dir);
  if (src->name != NULL && _vsm_wizard_field_visible (self, "source-name"))
    gtk_editable_set_text (GTK_EDITABLE (_vsm_wizard_field (self, "source-name")->row), src->name);
  if (src->device != NULL)
    {
      if (_vsm_wizard_field_visible (self, "target-iqn"))
        gtk_editable_set_text (GTK_EDITABLE (_vsm_wizard_field (self, "target-iqn")->row), src->device);
      else if (_vsm_wizard_field_visible (self, "devices"))
        gtk_editable_set_text (GTK_EDITABLE (_vsm_wizard_field (self, "devices")->row), src->device);
      else if (_vsm_wizard_field_visible (self, "device"))
        gtk_editable_set_text (GTK_EDITABLE (_vsm_wizard_field (self, "device")->row), src->device);
    }
  if (src->format != NULL && _vsm_wizard_field_visible (self, "format"))
    {
      GListModel *model = adw_combo_row_get_model (ADW_COMBO_ROW (_vsm_wizard_field (self, "format")->row));
      for (guint i = 0; model != NULL && i < g_list_model_get_n_items (model); i++)
        {
          g_autoptr(GtkStringObject) s = g_list_model_get_item (model, i);
          if (g_str_equal (gtk_string_object_get_string (s), src->format))
            adw_combo_row_set_selected (ADW_COMBO_ROW (_vsm_wizard_field (self, "format")->row), i);
        }
    }
  _vsm_wizard_update (self);
}

static void
scan_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(VsmPoolWizard) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) sources = vsm_connection_query_finish (VSM_CONNECTION (object), result, &error);
  GtkWidget *child;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  gtk_spinner_set_spinning (self->scan_spinner, FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->scan_spinner), FALSE);
  _vsm_wizard_update (self);

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->scan_list))) != NULL)
    gtk_list_box_remove (self->scan_list, child);
  g_ptr_array_set_size (self->scan_sources, 0);
  gtk_widget_set_visible (GTK_WIDGET (self->scan_list), TRUE);

  if (sources == NULL || sources->len == 0)
    {
      GtkWidget *row = adw_action_row_new ();
      /* libvirt's message is text, not Pango markup */
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row),
                                     error ? _("The scan failed") : _("No sources found"));
      if (error != NULL)
        adw_action_row_set_subtitle (ADW_ACTION_ROW (row), error->message);
      gtk_list_box_append (self->scan_list, row);
      return;
    }

  for (guint i = 0; i < sources->len; i++)
    {
      VsmPoolSource *src = g_ptr_array_index (sources, i);
      GtkWidget *row = adw_action_row_new ();
      g_autofree char *used = pool_using_source (self, src);

      /* a remote host's export names are text, not Pango markup */
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), src->summary ? src->summary : "?");
      if (used != NULL)
        {
          g_autofree char *subtitle = g_strdup_printf (_("Already used by pool “%s”"), used);
          adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
          gtk_widget_set_sensitive (row, FALSE);
        }
      else
        {
          adw_action_row_set_subtitle (ADW_ACTION_ROW (row), _("Use this source"));
          gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
        }
      g_ptr_array_add (self->scan_sources, g_steal_pointer (&g_ptr_array_index (sources, i)));
      gtk_list_box_append (self->scan_list, row);
    }
}

void
_vsm_wizard_scan_action (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *param)
{
  VsmPoolWizard *self = VSM_POOL_WIZARD (widget);
  const char *host = _vsm_wizard_field_text (self, "host");
  const char *port = _vsm_wizard_field_text (self, "port");
  const char *initiator = _vsm_wizard_field_text (self, "initiator");
  g_autofree char *host_port = NULL;
  g_autofree char *query = NULL;

  if (host != NULL)
    host_port = port && vsm_port_validate (port, NULL, NULL) ? g_strdup_printf ("%s:%s", host, port)
                                                              : g_strdup (host);
  query = vsm_pool_source_query_xml (host_port, initiator);

  gtk_widget_action_set_enabled (widget, "wizard.scan", FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->scan_spinner), TRUE);
  gtk_spinner_set_spinning (self->scan_spinner, TRUE);
  vsm_connection_query_async (vsm_host_get_connection (self->host),
                              &(VsmQuery) { .kind = VSM_QUERY_POOL_SOURCES, .name = self->type->id,
                                            .xml = query },
                              self->cancellable, scan_cb, g_object_ref (self));
}
