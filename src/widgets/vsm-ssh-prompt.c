/* vsm-ssh-prompt.c
 *
 * The questions of an SSH connection being opened (a VsmAsk from its
 * worker): trust a host key never seen before, with its SHA256
 * fingerprint; or the password of the remote user, asked again when the
 * host refused it. The answer goes back to the waiting worker; the dialog
 * closes by itself when the open stops waiting (connection closed).
 *
 * Copyright 2026 Virt Storage developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vsm-ssh-prompt"

#include "config.h"

#include <glib/gi18n.h>

#include "vsm-ssh-prompt.h"

struct _VsmSshPrompt
{
  AdwMessageDialog   parent_instance;

  VsmAsk            *ask;

  gboolean           answered;

  GtkWidget         *key_box;
  GtkLabel          *key_title;
  GtkLabel          *fingerprint_label;
  GtkWidget         *retry_label;
  GtkWidget         *password_list;
  AdwPasswordEntryRow *password_row;
};

G_DEFINE_FINAL_TYPE (VsmSshPrompt, vsm_ssh_prompt, ADW_TYPE_MESSAGE_DIALOG)

static void
response_cb (VsmSshPrompt *self,
             const char   *response)
{
  gboolean yes = g_str_equal (response, "ok");
  GtkEditable *entry;

  /* one answer only; a response that arrives once the dialog is being
   * destroyed (the question answered no in dispose, the template's
   * widgets gone) changes nothing */
  if (self->ask == NULL || self->answered)
    return;
  entry = GTK_EDITABLE (self->password_row);
  /* the dialog closes itself after a response */
  self->answered = TRUE;
  if (vsm_ask_get_kind (self->ask) == VSM_ASK_PASSWORD)
    {
      vsm_ask_answer (self->ask, yes, gtk_editable_get_text (entry));
      /* GtkPasswordEntry keeps its text in non-pageable memory: clear it */
      gtk_editable_set_text (entry, "");
    }
  else
    vsm_ask_answer (self->ask, yes, NULL);
}

/* Enter in the field: Connect (a response alone does not close it) */
static void
password_activated_cb (VsmSshPrompt *self)
{
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (self), "ok");
  gtk_window_close (GTK_WINDOW (self));
}

/* The open stopped waiting (the connection was closed meanwhile). */
static void
finished_cb (VsmSshPrompt *self)
{
  if (vsm_ask_get_finished (self->ask) && !self->answered)
    gtk_window_close (GTK_WINDOW (self));
}

static void
vsm_ssh_prompt_dispose (GObject *object)
{
  VsmSshPrompt *self = VSM_SSH_PROMPT (object);

  /* closed without an answer (Escape, the window went away): no */
  if (self->ask != NULL && !vsm_ask_get_finished (self->ask))
    vsm_ask_answer (self->ask, FALSE, NULL);
  if (self->ask != NULL)
    g_signal_handlers_disconnect_by_func (self->ask, finished_cb, self);
  g_clear_object (&self->ask);
  /* libadwaita 1.2's entry rows follow the window's focus-widget: a window
   * destroyed with the focus in the password row would notify them after
   * they are gone */
  gtk_window_set_focus (GTK_WINDOW (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (object), VSM_TYPE_SSH_PROMPT);
  G_OBJECT_CLASS (vsm_ssh_prompt_parent_class)->dispose (object);
}

static void
vsm_ssh_prompt_class_init (VsmSshPromptClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = vsm_ssh_prompt_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/virtstorage/VirtStorage/ui/vsm-ssh-prompt.ui");
  gtk_widget_class_bind_template_child (widget_class, VsmSshPrompt, key_box);
  gtk_widget_class_bind_template_child (widget_class, VsmSshPrompt, key_title);
  gtk_widget_class_bind_template_child (widget_class, VsmSshPrompt, fingerprint_label);
  gtk_widget_class_bind_template_child (widget_class, VsmSshPrompt, retry_label);
  gtk_widget_class_bind_template_child (widget_class, VsmSshPrompt, password_list);
  gtk_widget_class_bind_template_child (widget_class, VsmSshPrompt, password_row);
  gtk_widget_class_bind_template_callback (widget_class, response_cb);
  gtk_widget_class_bind_template_callback (widget_class, password_activated_cb);
}

static void
vsm_ssh_prompt_init (VsmSshPrompt *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

static void
setup (VsmSshPrompt *self)
{
  AdwMessageDialog *dialog = ADW_MESSAGE_DIALOG (self);
  VsmAsk *ask = self->ask;
  gboolean password = vsm_ask_get_kind (ask) == VSM_ASK_PASSWORD;
  g_autofree char *body = NULL;
  g_autofree char *title = NULL;

  gtk_widget_set_visible (self->key_box, !password);
  gtk_widget_set_visible (self->password_list, password);
  gtk_widget_set_visible (self->retry_label, password && vsm_ask_get_retry (ask));

  if (password)
    {
      adw_message_dialog_set_heading (dialog, _("Password Required"));
      /* Translators: %s: a user name, %s: a host */
      body = g_strdup_printf (_("Enter the password of %s on %s. It goes to the host over the "
                                "encrypted SSH connection and is not saved."),
                              vsm_ask_get_user (ask), vsm_ask_get_host (ask));
      adw_message_dialog_set_response_label (dialog, "ok", _("C_onnect"));
      gtk_window_set_focus (GTK_WINDOW (self), GTK_WIDGET (self->password_row));
    }
  else
    {
      adw_message_dialog_set_heading (dialog, _("Trust This Host?"));
      /* Translators: %s: a host; then the known_hosts file */
      body = g_strdup_printf (_("This is the first connection to %s, so its identity cannot be checked "
                                "yet. Compare the fingerprint below with the one the host’s "
                                "administrator gives you (“ssh-keygen -lf” of the host’s key in "
                                "/etc/ssh). Once trusted, the key is saved in %s and checked at "
                                "every connection."),
                              vsm_ask_get_host (ask), vsm_ask_get_known_hosts (ask));
      /* Translators: %s: a key type such as ED25519 */
      title = g_strdup_printf (_("%s Key Fingerprint"), vsm_ask_get_key_type (ask));
      gtk_label_set_label (self->key_title, title);
      gtk_label_set_label (self->fingerprint_label, vsm_ask_get_fingerprint (ask));
      adw_message_dialog_set_response_label (dialog, "ok", _("_Trust and Connect"));
      /* a key is trusted by choice, never by a stray Enter */
      adw_message_dialog_set_default_response (dialog, "cancel");
    }
  adw_message_dialog_set_body (dialog, body);
}

/**
 * vsm_ssh_prompt_new:
 *
 * The dialog for @ask; answering it answers @ask.
 */
GtkWidget *
vsm_ssh_prompt_new (GtkWindow *parent,
                    VsmAsk    *ask)
{
  VsmSshPrompt *self;

  g_return_val_if_fail (VSM_IS_ASK (ask), NULL);

  self = g_object_new (VSM_TYPE_SSH_PROMPT, "transient-for", parent, "modal", TRUE, NULL);
  self->ask = g_object_ref (ask);
  g_signal_connect_object (ask, "notify::finished", G_CALLBACK (finished_cb), self, G_CONNECT_SWAPPED);
  setup (self);
  return GTK_WIDGET (self);
}

VsmAsk *
vsm_ssh_prompt_get_ask (VsmSshPrompt *self)
{
  g_return_val_if_fail (VSM_IS_SSH_PROMPT (self), NULL);
  return self->ask;
}
