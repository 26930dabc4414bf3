/* vsm-build-choices.c
 *
 * Copyright 2026 Virt Storage developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vsm-build-choices"

#include "config.h"

#include <glib/gi18n.h>

#include "vsm-build-choices.h"

struct _VsmBuildChoices
{
  AdwPreferencesGroup        parent_instance;

  GPtrArray                 *rows;     /* AdwActionRow, as shown */
  GPtrArray                 *choices;  /* const VsmPoolBuildChoice *, parallel to rows */
};

G_DEFINE_FINAL_TYPE (VsmBuildChoices, vsm_build_choices, ADW_TYPE_PREFERENCES_GROUP)

enum { PROP_0, PROP_MODE, N_PROPS };
static GParamSpec *properties[N_PROPS];

static GtkCheckButton *
row_check (VsmBuildChoices *self,
           guint            i)
{
  return GTK_CHECK_BUTTON (adw_action_row_get_activatable_widget (g_ptr_array_index (self->rows, i)));
}

static void
toggled_cb (GtkCheckButton  *check,
            VsmBuildChoices *self)
{
  if (gtk_check_button_get_active (check))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MODE]);
}

static gboolean
shown (const VsmPoolBuildChoice *c,
       VsmBuildChoicesFilter     filter)
{
  if ((filter & VSM_BUILD_CHOICES_WITHOUT_NONE) && c->mode == VSM_BUILD_NONE)
    return FALSE;
  if ((filter & VSM_BUILD_CHOICES_NO_FLAGS) && c->mode != VSM_BUILD_NONE && c->mode != VSM_BUILD_DEFAULT)
    return FALSE;
  return TRUE;
}

void
vsm_build_choices_set_type (VsmBuildChoices       *self,
                            const VsmPoolTypeInfo *info,
                            VsmBuildChoicesFilter  filter,
                            VsmBuildMode           mode)
{
  GtkCheckButton *first = NULL;
  guint selected = 0;

  g_return_if_fail (VSM_IS_BUILD_CHOICES (self));

  for (guint i = 0; i < self->rows->len; i++)
    adw_preferences_group_remove (ADW_PREFERENCES_GROUP (self), g_ptr_array_index (self->rows, i));
  g_ptr_array_set_size (self->rows, 0);
  g_ptr_array_set_size (self->choices, 0);

  for (const VsmPoolBuildChoice *c = info->build_choices; c != NULL && c->title != NULL; c++)
    {
      GtkWidget *row;
      GtkWidget *check;

      if (!shown (c, filter))
        continue;
      row = adw_action_row_new ();
      check = gtk_check_button_new ();
      /* the table's strings, marked for translation in vsm-pool-type.c */
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), gettext (c->title));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), gettext (c->description));
      gtk_widget_set_valign (check, GTK_ALIGN_CENTER);
      if (first != NULL)
        gtk_check_button_set_group (GTK_CHECK_BUTTON (check), first);
      else
        first = GTK_CHECK_BUTTON (check);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), check);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), check);
      if (c->effect == VSM_BUILD_EFFECT_ERASES)
        gtk_widget_add_css_class (row, "error");
      if (c->mode == mode)
        selected = self->rows->len;
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (self), row);
      g_ptr_array_add (self->rows, row);
      g_ptr_array_add (self->choices, (gpointer) c);
    }
  for (guint i = 0; i < self->rows->len; i++)
    g_signal_connect_object (row_check (self, i), "toggled", G_CALLBACK (toggled_cb), self, 0);
  if (self->rows->len > 0)
    gtk_check_button_set_active (row_check (self, selected), TRUE);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MODE]);
}

guint
vsm_build_choices_get_n_rows (VsmBuildChoices *self)
{
  g_return_val_if_fail (VSM_IS_BUILD_CHOICES (self), 0);

  return self->rows->len;
}

void
vsm_build_choices_set_available (VsmBuildChoices *self,
                                 gboolean         available)
{
  g_return_if_fail (VSM_IS_BUILD_CHOICES (self));

  for (guint i = 0; i < self->rows->len; i++)
    gtk_widget_set_sensitive (g_ptr_array_index (self->rows, i), available);
}

const VsmPoolBuildChoice *
vsm_build_choices_get_choice (VsmBuildChoices *self)
{
  g_return_val_if_fail (VSM_IS_BUILD_CHOICES (self), NULL);

  for (guint i = 0; i < self->rows->len; i++)
    if (gtk_check_button_get_active (row_check (self, i)))
      return g_ptr_array_index (self->choices, i);
  return NULL;
}

VsmBuildMode
vsm_build_choices_get_mode (VsmBuildChoices *self)
{
  const VsmPoolBuildChoice *c = vsm_build_choices_get_choice (self);

  return c != NULL ? c->mode : VSM_BUILD_NONE;
}

GtkWidget *
vsm_build_choices_new (void)
{
  return g_object_new (VSM_TYPE_BUILD_CHOICES, NULL);
}

static void
vsm_build_choices_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  switch (prop_id)
    {
    case PROP_MODE: g_value_set_int (value, vsm_build_choices_get_mode (VSM_BUILD_CHOICES (object))); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vsm_build_choices_finalize (GObject *object)
{
  VsmBuildChoices *self = VSM_BUILD_CHOICES (object);

  g_ptr_array_unref (self->rows);
  g_ptr_array_unref (self->choices);

  G_OBJECT_CLASS (vsm_build_choices_parent_class)->finalize (object);
}

static void
vsm_build_choices_class_init (VsmBuildChoicesClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = vsm_build_choices_finalize;
  object_class->get_property = vsm_build_choices_get_property;

  /* a VsmBuildMode */
  properties[PROP_MODE] = g_param_spec_int ("mode", NULL, NULL, VSM_BUILD_NONE, VSM_BUILD_OVERWRITE, VSM_BUILD_NONE,
                                            G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
vsm_build_choices_init (VsmBuildChoices *self)
{
  self->rows = g_ptr_array_new ();
  self->choices = g_ptr_array_new ();
}
