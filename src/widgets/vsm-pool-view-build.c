/* vsm-pool-view-build.c
 *
 * Build of a defined, inactive pool (pool-build): the type's build
 * choices, as New Pool offers them, each saying what it does to the
 * storage, with the virsh line of the one chosen; a choice that erases
 * the device asks once more, naming it, as New Pool does.
 *
 * Copyright 2026 Virt Storage developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vsm-pool-view"

#include "config.h"

#include <glib/gi18n.h>

#include "vsm-build-choices.h"
#include "vsm-dialogs.h"
#include "vsm-pool-spec.h"
#include "vsm-pool-view-private.h"
#include "vsm-uri.h"

typedef struct
{
  VsmPoolView      *self;
  VsmPool          *pool;
  AdwMessageDialog *dialog;
  VsmBuildChoices  *choices;   /* the dialog's, alive while it is */
  GtkWidget        *command;
  gulong            mode_id;
  VsmBuildMode      mode;      /* the answer */
} BuildCall;

static void
build_call_free (BuildCall *c)
{
  g_clear_object (&c->self);
  g_clear_object (&c->pool);
  g_free (c);
}

static char *
build_line (BuildCall    *c,
            VsmBuildMode  mode)
{
  return vsm_pool_build_command (vsm_host_get_uri (c->self->host), vsm_pool_get_name (c->pool), mode);
}

/* The line and the button follow the choice: one that erases says so. */
static void
mode_changed_cb (VsmBuildChoices *choices,
                 GParamSpec      *pspec,
                 BuildCall       *c)
{
  const VsmPoolBuildChoice *choice = vsm_build_choices_get_choice (choices);
  gboolean erases = choice != NULL && choice->effect == VSM_BUILD_EFFECT_ERASES;
  g_autofree char *line = NULL;

  if (choice == NULL)
    return;
  line = build_line (c, choice->mode);
  vsm_command_box_set_command (c->command, line);
  adw_message_dialog_set_response_label (c->dialog, "build", erases ? _("_Format…") : _("_Build"));
  adw_message_dialog_set_response_appearance (c->dialog, "build", erases ? ADW_RESPONSE_DESTRUCTIVE
                                                                         : ADW_RESPONSE_SUGGESTED);
}

static void
format_confirmed_cb (GObject      *dialog,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  BuildCall *c = user_data;

  if (g_str_equal (vsm_message_dialog_choose_finish (ADW_MESSAGE_DIALOG (dialog), result), "format"))
    _vsm_pool_view_run_pool_action (c->self, c->pool, VSM_POOL_ACTION_BUILD, c->mode);
  build_call_free (c);
}

/* "/dev/sdb, /dev/sdc": every device of the pool's source, as libvirt
 * names them (an LVM pool may have several; overwriting erases them all). */
static char *
pool_devices (VsmPool *pool)
{
  g_auto(GStrv) devices = vsm_pool_source_key_values (vsm_pool_get_source_key (pool), "device");

  return devices[0] != NULL ? g_strjoinv (", ", devices) : NULL;
}

static void
build_answered_cb (GObject      *dialog,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  BuildCall *c = user_data;
  const char *response = vsm_message_dialog_choose_finish (ADW_MESSAGE_DIALOG (dialog), result);
  const VsmPoolBuildChoice *choice = vsm_build_choices_get_choice (c->choices);

  g_clear_signal_handler (&c->mode_id, c->choices);
  if (!g_str_equal (response, "build") || choice == NULL)
    {
      build_call_free (c);
      return;
    }
  c->mode = choice->mode;
  if (choice->effect == VSM_BUILD_EFFECT_ERASES)
    {
      /* Formatting a device needs its own, explicit yes naming it. */
      g_autofree char *devices = pool_devices (c->pool);
      g_autofree char *heading = devices != NULL
        ? g_strdup_printf (_("Format %s?"), devices)
        : g_strdup_printf (_("Erase the Storage of Pool “%s”?"), vsm_pool_get_name (c->pool));
      g_autofree char *line = build_line (c, c->mode);
      GtkWidget *confirm = vsm_confirm_dialog_new (GTK_WIDGET (c->self), heading, gettext (choice->description),
                                                   line, "format", _("_Format"));

      vsm_message_dialog_choose_async (ADW_MESSAGE_DIALOG (confirm), NULL, format_confirmed_cb, c);
      return;
    }
  _vsm_pool_view_run_pool_action (c->self, c->pool, VSM_POOL_ACTION_BUILD, c->mode);
  build_call_free (c);
}

static void
pool_build_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *param)
{
  VsmPoolView *self = VSM_POOL_VIEW (widget);
  const VsmPoolTypeInfo *info;
  g_autofree char *heading = NULL;
  GtkWidget *dialog;
  GtkWidget *box;
  BuildCall *c;
  gboolean demo;

  if (self->pool == NULL || self->host == NULL)
    return;
  info = vsm_pool_type_lookup (vsm_pool_get_pool_type (self->pool));
  if (info->build_choices == NULL)
    return;
  demo = vsm_uri_is_demo (vsm_host_get_uri (self->host));

  c = g_new0 (BuildCall, 1);
  c->self = g_object_ref (self);
  c->pool = g_object_ref (self->pool);
  heading = g_strdup_printf (_("Build Pool “%s”?"), vsm_pool_get_name (self->pool));
  dialog = vsm_confirm_dialog_new (widget, heading,
                                   _("pool-build prepares the pool's storage so that the pool can start."),
                                   NULL, "build", _("_Build"));
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  c->choices = VSM_BUILD_CHOICES (vsm_build_choices_new ());
  /* libvirt's test driver takes no build flag */
  vsm_build_choices_set_type (c->choices, info,
                              VSM_BUILD_CHOICES_WITHOUT_NONE | (demo ? VSM_BUILD_CHOICES_NO_FLAGS : 0),
                              VSM_BUILD_DEFAULT);
  c->command = vsm_command_box_new ("");
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (c->choices));
  gtk_box_append (GTK_BOX (box), c->command);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), box);
  c->dialog = ADW_MESSAGE_DIALOG (dialog);
  c->mode_id = g_signal_connect (c->choices, "notify::mode", G_CALLBACK (mode_changed_cb), c);
  mode_changed_cb (c->choices, NULL, c);
  vsm_message_dialog_choose_async (ADW_MESSAGE_DIALOG (dialog), NULL, build_answered_cb, c);
}

void
_vsm_pool_view_class_init_build (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "pool.build", NULL, pool_build_action);
}
