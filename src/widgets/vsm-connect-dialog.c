/* vsm-connect-dialog.c
 *
 * "Add Connection": presets for the system and session daemons, a remote
 * host over SSH, or any URI, validated before anything reaches libvirt.
 *
 * Copyright 2026 Virt Storage developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vsm-connect-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "vsm-connect-dialog.h"
#include "vsm-uri.h"

struct _VsmConnectDialog
{
  AdwWindow       parent_instance;

  char           *error;
  gboolean        host_typed;    /* something was typed there once */
  gboolean        uri_typed;

  AdwComboRow    *preset_row;
  AdwEntryRow    *user_row;
  AdwEntryRow    *host_row;
  AdwEntryRow    *port_row;
  AdwEntryRow    *uri_row;
  GtkSwitch      *session_switch;
  AdwActionRow   *session_row;
  AdwActionRow   *result_row;
  GtkLabel       *error_label;
  GtkButton      *connect_button;
};

G_DEFINE_FINAL_TYPE (VsmConnectDialog, vsm_connect_dialog, ADW_TYPE_WINDOW)

enum {
  CONNECT,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* The URI the form describes; on error, @bad_row (optional) is set to
 * the row at fault. */
static char *
compute_uri (VsmConnectDialog  *self,
             GtkWidget        **bad_row,
             GError           **error)
{
  GtkWidget *unused;

  if (bad_row == NULL)
    bad_row = &unused;
  *bad_row = NULL;

  switch ((VsmConnectPreset) adw_combo_row_get_selected (self->preset_row))
    {
    case VSM_CONNECT_PRESET_SYSTEM:
      return g_strdup (VSM_URI_SYSTEM);
    case VSM_CONNECT_PRESET_SESSION:
      return g_strdup (VSM_URI_SESSION);
    case VSM_CONNECT_PRESET_SSH:
      {
        const char *port_text = gtk_editable_get_text (GTK_EDITABLE (self->port_row));
        guint64 port = 0;

        if (port_text != NULL && *port_text != '\0')
          {
            if (!g_ascii_string_to_unsigned (port_text, 10, 1, 65535, &port, NULL))
              {
                g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                                     _("The port must be a number between 1 and 65535"));
                *bad_row = GTK_WIDGET (self->port_row);
                return NULL;
              }
          }
        {
          const char *user = gtk_editable_get_text (GTK_EDITABLE (self->user_row));
          const char *host = gtk_editable_get_text (GTK_EDITABLE (self->host_row));
          char *uri = vsm_uri_build_ssh (user, host, (guint) port,
                                         gtk_switch_get_active (self->session_switch), error);

          if (uri == NULL)
            *bad_row = vsm_hostname_validate (host, NULL) ? GTK_WIDGET (self->user_row)
                                                          : GTK_WIDGET (self->host_row);
          return uri;
        }
      }
    case VSM_CONNECT_PRESET_CUSTOM:
    default:
      {
        const char *uri = gtk_editable_get_text (GTK_EDITABLE (self->uri_row));

        if (!vsm_uri_validate (uri, error))
          {
            *bad_row = GTK_WIDGET (self->uri_row);
            return NULL;
          }
        return g_strdup (uri);
      }
    }
}

static void
set_row_error (GtkWidget *row,
               gboolean   error)
{
  if (error)
    gtk_widget_add_css_class (row, "error");
  else
    gtk_widget_remove_css_class (row, "error");
}

static void
validate (VsmConnectDialog *self)
{
  VsmConnectPreset preset = adw_combo_row_get_selected (self->preset_row);
  g_autoptr(GError) error = NULL;
  g_autofree char *uri = NULL;
  gboolean ssh = preset == VSM_CONNECT_PRESET_SSH;
  gboolean custom = preset == VSM_CONNECT_PRESET_CUSTOM;
  gboolean pristine;
  GtkWidget *bad_row = NULL;
  GtkWidget *rows[] = { GTK_WIDGET (self->user_row), GTK_WIDGET (self->host_row),
                        GTK_WIDGET (self->port_row), GTK_WIDGET (self->uri_row) };

  gtk_widget_set_visible (GTK_WIDGET (self->user_row), ssh);
  gtk_widget_set_visible (GTK_WIDGET (self->host_row), ssh);
  gtk_widget_set_visible (GTK_WIDGET (self->port_row), ssh);
  gtk_widget_set_visible (GTK_WIDGET (self->session_row), ssh);
  gtk_widget_set_visible (GTK_WIDGET (self->uri_row), custom);

  uri = compute_uri (self, &bad_row, &error);
  g_clear_pointer (&self->error, g_free);
  if (error != NULL)
    self->error = g_strdup (error->message);

  /* Do not shout at an empty form: only explain once something is typed
   * (typed and erased again counts: then "Enter a host name" is said). */
  if (*gtk_editable_get_text (GTK_EDITABLE (self->host_row)) != '\0')
    self->host_typed = TRUE;
  if (*gtk_editable_get_text (GTK_EDITABLE (self->uri_row)) != '\0')
    self->uri_typed = TRUE;
  pristine = (ssh && !self->host_typed && bad_row == GTK_WIDGET (self->host_row)) ||
             (custom && !self->uri_typed);

  gtk_label_set_label (self->error_label, self->error && !pristine ? self->error : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), self->error != NULL && !pristine);
  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    set_row_error (rows[i], self->error != NULL && !pristine && rows[i] == bad_row);
  adw_action_row_set_subtitle (self->result_row, uri ? uri : "—");
  gtk_widget_set_sensitive (GTK_WIDGET (self->connect_button), uri != NULL);
}

static void
connect_clicked_cb (VsmConnectDialog *self)
{
  g_autofree char *uri = compute_uri (self, NULL, NULL);

  if (uri == NULL)
    return;
  g_signal_emit (self, signals[CONNECT], 0, uri);
  gtk_window_close (GTK_WINDOW (self));
}

static void
entry_activated_cb (VsmConnectDialog *self)
{
  if (gtk_widget_get_sensitive (GTK_WIDGET (self->connect_button)))
    connect_clicked_cb (self);
}

static void
vsm_connect_dialog_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), VSM_TYPE_CONNECT_DIALOG);
  G_OBJECT_CLASS (vsm_connect_dialog_parent_class)->dispose (object);
}

static void
vsm_connect_dialog_finalize (GObject *object)
{
  g_free (VSM_CONNECT_DIALOG (object)->error);
  G_OBJECT_CLASS (vsm_connect_dialog_parent_class)->finalize (object);
}

static void
vsm_connect_dialog_class_init (VsmConnectDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = vsm_connect_dialog_dispose;
  object_class->finalize = vsm_connect_dialog_finalize;

  /**
   * VsmConnectDialog::connect:
   * @uri: the validated URI
   */
  signals[CONNECT] = g_signal_new ("connect", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/virtstorage/VirtStorage/ui/vsm-connect-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, VsmConnectDialog, preset_row);
  gtk_widget_class_bind_template_child (widget_class, VsmConnectDialog, user_row);
  gtk_widget_class_bind_template_child (widget_class, VsmConnectDialog, host_row);
  gtk_widget_class_bind_template_child (widget_class, VsmConnectDialog, port_row);
  gtk_widget_class_bind_template_child (widget_class, VsmConnectDialog, uri_row);
  gtk_widget_class_bind_template_child (widget_class, VsmConnectDialog, session_switch);
  gtk_widget_class_bind_template_child (widget_class, VsmConnectDialog, session_row);
  gtk_widget_class_bind_template_child (widget_class, VsmConnectDialog, result_row);
  gtk_widget_class_bind_template_child (widget_class, VsmConnectDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, VsmConnectDialog, connect_button);
  gtk_widget_class_bind_template_callback (widget_class, validate);
  gtk_widget_class_bind_template_callback (widget_class, connect_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, entry_activated_cb);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
vsm_connect_dialog_init (VsmConnectDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  validate (self);
}

GtkWidget *
vsm_connect_dialog_new (GtkWindow *parent)
{
  return g_object_new (VSM_TYPE_CONNECT_DIALOG, "transient-for", parent, "modal", TRUE, NULL);
}

void
vsm_connect_dialog_set_preset (VsmConnectDialog *self,
                               VsmConnectPreset  preset)
{
  g_return_if_fail (VSM_IS_CONNECT_DIALOG (self));
  adw_combo_row_set_selected (self->preset_row, preset);
  validate (self);
}

/**
 * vsm_connect_dialog_set_uri:
 *
 * Edits an existing connection: the form starts from @uri (as a custom
 * URI) and the dialog says "Edit Connection".
 */
void
vsm_connect_dialog_set_uri (VsmConnectDialog *self,
                            const char       *uri)
{
  g_return_if_fail (VSM_IS_CONNECT_DIALOG (self));

  gtk_window_set_title (GTK_WINDOW (self), _("Edit Connection"));
  adw_combo_row_set_selected (self->preset_row, VSM_CONNECT_PRESET_CUSTOM);
  gtk_editable_set_text (GTK_EDITABLE (self->uri_row), uri);
  validate (self);
}

/**
 * vsm_connect_dialog_dup_uri:
 *
 * Returns: (nullable): the URI the form describes, or %NULL if invalid
 */
char *
vsm_connect_dialog_dup_uri (VsmConnectDialog *self)
{
  g_return_val_if_fail (VSM_IS_CONNECT_DIALOG (self), NULL);
  return compute_uri (self, NULL, NULL);
}

const char *
vsm_connect_dialog_get_error (VsmConnectDialog *self)
{
  g_return_val_if_fail (VSM_IS_CONNECT_DIALOG (self), NULL);
  return self->error;
}
