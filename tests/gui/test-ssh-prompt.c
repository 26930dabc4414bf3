/* test-ssh-prompt.c
 *
 * The questions an SSH connection asks while it opens (VsmSshPrompt over a
 * VsmAsk), answered by clicking, as a user would; a thread stands in for
 * the open worker and waits in vsm_ask_wait() as the worker does:
 *   host-key-trust      the fingerprint and the known_hosts file are shown,
 *                       Cancel is the default, Trust and Connect says yes
 *   host-key-decline    Cancel says no
 *   password            typed and activated: the worker gets it, the entry
 *                       is emptied; no "not accepted" line the first time
 *   password-retry      asked again: the "not accepted" line shows
 *   closed              a prompt closed without an answer says no
 *   cancelled           the open stops waiting (its connection closed):
 *                       the prompt goes away by itself
 *   from-window         a connection of the main window asks (its "ask"
 *                       signal, as the open worker raises it): the prompt
 *                       shows over the window and answers the connection
 * Runs in English (ssh-prompt) and in Spanish (ssh-prompt-es).
 *
 * Copyright 2026 Virt Storage developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <string.h>

#include "vsm-ask.h"
#include "vsm-ssh-prompt.h"
#include "vsm-test-gtk-utils.h"

#define TIMEOUT 10000
#define FINGERPRINT "SHA256:GYY19001Za85g29DBKfg0E1PJNCs18t0eKGsHTpyCQo"
#define KNOWN_HOSTS "/home/alice/.ssh/known_hosts"

typedef struct
{
  VsmAsk        *ask;
  GCancellable  *cancellable;
  GThread       *thread;
  GtkWindow     *parent;
  gboolean       yes;
  char          *password;
  gint           done;
} Waiter;

static gpointer
wait_thread (gpointer data)
{
  Waiter *w = data;

  w->yes = vsm_ask_wait (w->ask, w->cancellable, &w->password);
  g_atomic_int_set (&w->done, 1);
  return NULL;
}

/* Shows the prompt of @ask, with a worker thread waiting for its answer. */
static AdwMessageDialog *
show (Waiter *w,
      VsmAsk *ask)
{
  GtkWidget *prompt;

  w->ask = ask;
  w->cancellable = g_cancellable_new ();
  w->thread = g_thread_new ("ssh-open-worker", wait_thread, w);
  w->parent = GTK_WINDOW (gtk_window_new ());
  gtk_window_present (w->parent);
  prompt = vsm_ssh_prompt_new (w->parent, ask);
  gtk_window_present (GTK_WINDOW (prompt));
  VSM_WAIT_FOR (gtk_widget_get_mapped (prompt), TIMEOUT);
  return ADW_MESSAGE_DIALOG (prompt);
}

static void
finish (Waiter *w)
{
  VSM_WAIT_FOR (g_atomic_int_get (&w->done), TIMEOUT);
  g_thread_join (w->thread);
  VSM_WAIT_FOR (vsm_ask_get_finished (w->ask), TIMEOUT);
  VSM_WAIT_FOR (vsm_test_find_toplevel (VSM_TYPE_SSH_PROMPT, NULL) == NULL, TIMEOUT);
}

static void
waiter_clear (Waiter *w)
{
  g_clear_object (&w->ask);
  g_clear_object (&w->cancellable);
  g_clear_pointer (&w->parent, gtk_window_destroy);
  vsm_secret_free (w->password);
}

static VsmAsk *
host_key_ask (void)
{
  VsmAsk *ask = vsm_ask_new (VSM_ASK_HOST_KEY, "alice", "host.example:2222");

  vsm_ask_set_host_key (ask, "ED25519", FINGERPRINT, KNOWN_HOSTS);
  return ask;
}

static gboolean
retry_shown (AdwMessageDialog *dialog)
{
  GtkLabel *label = vsm_test_find_label (GTK_WIDGET (dialog), _("That password was not accepted. Try again."));

  g_assert_nonnull (label);
  return gtk_widget_is_visible (GTK_WIDGET (label));
}

static GtkWidget *
password_row_any (AdwMessageDialog *dialog)
{
  GtkWidget *row = vsm_test_find_widget (GTK_WIDGET (dialog), vsm_test_is_type,
                                         GSIZE_TO_POINTER (ADW_TYPE_PASSWORD_ENTRY_ROW));

  g_assert_nonnull (row);
  return row;
}

static void
test_host_key_trust (void)
{
  Waiter w = { 0 };
  AdwMessageDialog *dialog = show (&w, host_key_ask ());

  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, _("Trust This Host?"));
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "host.example:2222"));
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), KNOWN_HOSTS));
  g_assert_true (vsm_test_has_label (GTK_WIDGET (dialog), FINGERPRINT));
  /* a key is never trusted by a stray Enter */
  g_assert_cmpstr (adw_message_dialog_get_default_response (dialog), ==, "cancel");
  g_assert_cmpstr (adw_message_dialog_get_response_label (dialog, "ok"), ==, _("_Trust and Connect"));
  g_assert_false (retry_shown (dialog));
  g_assert_false (gtk_widget_is_visible (GTK_WIDGET (password_row_any (dialog))));
  vsm_test_shot (GTK_WIDGET (dialog), "ssh host key");

  vsm_test_respond (dialog, "ok");
  finish (&w);
  g_assert_true (w.yes);
  g_assert_null (w.password);
  waiter_clear (&w);
}

static void
test_host_key_decline (void)
{
  Waiter w = { 0 };
  AdwMessageDialog *dialog = show (&w, host_key_ask ());

  vsm_test_respond (dialog, "cancel");
  finish (&w);
  g_assert_false (w.yes);
  waiter_clear (&w);
}

static AdwPasswordEntryRow *
password_row (AdwMessageDialog *dialog)
{
  GtkWidget *row = password_row_any (dialog);

  g_assert_true (gtk_widget_is_visible (row));
  return ADW_PASSWORD_ENTRY_ROW (row);
}


static void
test_password (void)
{
  Waiter w = { 0 };
  AdwMessageDialog *dialog = show (&w, vsm_ask_new (VSM_ASK_PASSWORD, "alice", "host.example"));
  g_autoptr(AdwPasswordEntryRow) row = g_object_ref (password_row (dialog));

  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, _("Password Required"));
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "alice"));
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "host.example"));
  g_assert_false (retry_shown (dialog));
  g_assert_cmpstr (adw_message_dialog_get_response_label (dialog, "ok"), ==, _("C_onnect"));
  /* the field has the focus */
  g_assert_true (gtk_widget_is_ancestor (gtk_root_get_focus (GTK_ROOT (dialog)), GTK_WIDGET (row)) ||
                 gtk_root_get_focus (GTK_ROOT (dialog)) == GTK_WIDGET (row));

  gtk_editable_set_text (GTK_EDITABLE (row), "s3cret pass");
  vsm_test_shot (GTK_WIDGET (dialog), "ssh password");
  g_signal_emit_by_name (row, "entry-activated");
  finish (&w);
  g_assert_true (w.yes);
  g_assert_cmpstr (w.password, ==, "s3cret pass");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (row)), ==, "");
  waiter_clear (&w);
}

static void
test_password_retry (void)
{
  Waiter w = { 0 };
  VsmAsk *ask = vsm_ask_new (VSM_ASK_PASSWORD, "alice", "host.example");
  AdwMessageDialog *dialog;

  vsm_ask_set_retry (ask, TRUE);
  dialog = show (&w, ask);
  g_assert_true (retry_shown (dialog));
  vsm_test_shot (GTK_WIDGET (dialog), "ssh password again");
  vsm_test_respond (dialog, "cancel");
  finish (&w);
  g_assert_false (w.yes);
  g_assert_null (w.password);
  waiter_clear (&w);
}

static void
test_closed (void)
{
  Waiter w = { 0 };
  AdwMessageDialog *dialog = show (&w, vsm_ask_new (VSM_ASK_PASSWORD, "alice", "host.example"));

  gtk_window_close (GTK_WINDOW (dialog));
  finish (&w);
  g_assert_false (w.yes);
  waiter_clear (&w);
}

static void
test_cancelled (void)
{
  Waiter w = { 0 };

  show (&w, host_key_ask ());
  g_cancellable_cancel (w.cancellable);
  finish (&w);
  g_assert_false (w.yes);
  waiter_clear (&w);
}

static void
test_from_window (void)
{
  g_autoptr(GListStore) hosts = NULL;
  g_autoptr(GSettings) settings = NULL;
  VsmWindow *win = vsm_test_window_open (&hosts, &settings);
  VsmHost *host = vsm_test_window_connect (win, "fixture-basic.xml");
  Waiter w = { 0 };
  GtkWindow *prompt = NULL;

  w.ask = vsm_ask_new (VSM_ASK_PASSWORD, "alice", "host.example");
  w.cancellable = g_cancellable_new ();
  w.thread = g_thread_new ("ssh-open-worker", wait_thread, &w);
  g_signal_emit_by_name (vsm_host_get_connection (host), "ask", w.ask);
  VSM_WAIT_FOR ((prompt = vsm_test_find_toplevel (VSM_TYPE_SSH_PROMPT, NULL)) != NULL &&
                gtk_widget_get_mapped (GTK_WIDGET (prompt)), TIMEOUT);
  g_assert_true (gtk_window_get_transient_for (prompt) == GTK_WINDOW (win));
  g_assert_true (vsm_ssh_prompt_get_ask (VSM_SSH_PROMPT (prompt)) == w.ask);
  gtk_editable_set_text (GTK_EDITABLE (password_row (ADW_MESSAGE_DIALOG (prompt))), "pw");
  vsm_test_respond (ADW_MESSAGE_DIALOG (prompt), "ok");
  finish (&w);
  g_assert_true (w.yes);
  g_assert_cmpstr (w.password, ==, "pw");
  waiter_clear (&w);
  vsm_test_window_close (&win, &settings, &hosts);
}

int
main (int   argc,
      char *argv[])
{
  vsm_test_gtk_init (&argc, &argv);

  g_test_add_func ("/ssh-prompt/host-key-trust", test_host_key_trust);
  g_test_add_func ("/ssh-prompt/host-key-decline", test_host_key_decline);
  g_test_add_func ("/ssh-prompt/password", test_password);
  g_test_add_func ("/ssh-prompt/password-retry", test_password_retry);
  g_test_add_func ("/ssh-prompt/closed", test_closed);
  g_test_add_func ("/ssh-prompt/cancelled", test_cancelled);
  g_test_add_func ("/ssh-prompt/from-window", test_from_window);

  return g_test_run ();
}
