/* vsm-dialogs.c
 *
 * Copyright 2026 Virt Storage developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vsm-dialogs"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "vsm-dialogs.h"
#include "vsm-error.h"

static AdwToastOverlay *
find_overlay (GtkWidget *origin)
{
  GtkWidget *w = gtk_widget_get_ancestor (origin, ADW_TYPE_TOAST_OVERLAY);
  GtkRoot *root;

  if (w != NULL)
    return ADW_TOAST_OVERLAY (w);

  /* Widgets beside the overlay (e.g. the header bar) use the window's. */
  root = gtk_widget_get_root (origin);
  if (root != NULL)
    {
      GtkWidget *content = gtk_window_get_child (GTK_WINDOW (root));
      if (ADW_IS_APPLICATION_WINDOW (root))
        content = adw_application_window_get_content (ADW_APPLICATION_WINDOW (root));
      else if (ADW_IS_WINDOW (root))
        content = adw_window_get_content (ADW_WINDOW (root));
      if (ADW_IS_TOAST_OVERLAY (content))
        return ADW_TOAST_OVERLAY (content);
    }
  return NULL;
}

/**
 * vsm_toast_new_plain:
 *
 * A toast showing @text as it is. libadwaita 1.2 reads a toast's title as
 * Pango markup: a pool named "a<b" or "x&y" would otherwise break the
 * message (or inject markup).
 */
AdwToast *
vsm_toast_new_plain (const char *text)
{
  g_autofree char *escaped = g_markup_escape_text (text ? text : "", -1);

  return adw_toast_new (escaped);
}

static GtkWindow *
root_window (GtkWidget *widget)
{
  GtkRoot *root = widget ? gtk_widget_get_root (widget) : NULL;

  return GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL;
}

typedef struct
{
  GtkWindow *parent;
  char      *summary;
  char      *details;
} DetailsData;

static void
details_data_free (gpointer data,
                   GClosure *closure)
{
  DetailsData *d = data;

  g_clear_weak_pointer (&d->parent);
  g_free (d->summary);
  g_free (d->details);
  g_free (d);
}

static void
show_details_cb (AdwToast    *toast,
                 DetailsData *d)
{
  GtkWidget *dialog;
  GtkWidget *label;

  dialog = adw_message_dialog_new (d->parent, d->summary, NULL);
  label = gtk_label_new (d->details);
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_xalign (GTK_LABEL (label), 0.0f);
  gtk_widget_add_css_class (label, "monospace");
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), label);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

/**
 * vsm_report_error:
 * @origin: the widget whose action failed
 * @summary: a short translated sentence ("Could not start pool “x”")
 * @error: the error; its message (libvirt's own text) goes to Details
 *
 * Cancellation is never reported.
 */
void
vsm_report_error (GtkWidget    *origin,
                  const char   *summary,
                  const GError *error)
{
  AdwToastOverlay *overlay;
  AdwToast *toast;
  DetailsData *d;

  if (error != NULL && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  g_debug ("%s: %s", summary, error ? error->message : "");

  overlay = find_overlay (origin);
  if (overlay == NULL)
    return;

  toast = vsm_toast_new_plain (summary);
  adw_toast_set_timeout (toast, 8);
  if (error != NULL)
    {
      d = g_new0 (DetailsData, 1);
      g_set_weak_pointer (&d->parent, root_window (origin));
      d->summary = g_strdup (summary);
      d->details = g_strdup (error->message);
      adw_toast_set_button_label (toast, _("Details"));
      g_signal_connect_data (toast, "button-clicked", G_CALLBACK (show_details_cb), d,
                             details_data_free, 0);
    }
  adw_toast_overlay_add_toast (overlay, toast);
}

void
vsm_show_toast (GtkWidget  *origin,
                const char *title)
{
  AdwToastOverlay *overlay = find_overlay (origin);
  AdwToast *toast;

  if (overlay == NULL)
    return;
  /* a success says its word and goes: it sits over the action bars (New
   * Volume…), so 3 s, not libadwaita's 5 (errors stay 8 s, with Details) */
  toast = vsm_toast_new_plain (title);
  adw_toast_set_timeout (toast, 3);
  adw_toast_overlay_add_toast (overlay, toast);
}

static void
copy_clicked_cb (GtkButton *button,
                 GtkLabel  *label)
{
  gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (button)), gtk_label_get_text (label));
  vsm_show_toast (GTK_WIDGET (button), _("Command copied"));
}

/**
 * vsm_command_box_new:
 *
 * A selectable monospace command line with a Copy button.
 */
GtkWidget *
vsm_command_box_new (const char *command)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *label = gtk_label_new (command);
  GtkWidget *copy = gtk_button_new_from_icon_name ("edit-copy-symbolic");

  gtk_widget_add_css_class (box, "card");
  gtk_widget_add_css_class (box, "vsm-command");
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_xalign (GTK_LABEL (label), 0.0f);
  gtk_widget_set_hexpand (label, TRUE);
  gtk_widget_add_css_class (label, "monospace");
  gtk_widget_set_margin_start (label, 12);
  gtk_widget_set_margin_top (label, 8);
  gtk_widget_set_margin_bottom (label, 8);

  gtk_widget_set_tooltip_text (copy, _("Copy command"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (copy),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Copy command"), -1);
  gtk_widget_add_css_class (copy, "flat");
  gtk_widget_set_valign (copy, GTK_ALIGN_CENTER);
  gtk_widget_set_margin_end (copy, 6);
  g_signal_connect (copy, "clicked", G_CALLBACK (copy_clicked_cb), label);

  gtk_box_append (GTK_BOX (box), label);
  gtk_box_append (GTK_BOX (box), copy);
  return box;
}

static char *
value_label_cb (GtkStringObject   *item,
                VsmValueLabelFunc  label)
{
  return g_strdup (label (item != NULL ? gtk_string_object_get_string (item) : NULL));
}

void
vsm_combo_row_show_labels (AdwComboRow       *row,
                           VsmValueLabelFunc  label)
{
  g_autoptr(GtkExpression) expression =
    gtk_cclosure_expression_new (G_TYPE_STRING, NULL, 0, NULL, G_CALLBACK (value_label_cb), label, NULL);
  GListModel *model = adw_combo_row_get_model (row);
  g_autoptr(GListModel) keep = model != NULL ? g_object_ref (model) : NULL;

  /* libadwaita 1.2 shows the selected item as it was bound: a row whose
   * model came from the template gets it again after the expression. */
  adw_combo_row_set_model (row, NULL);
  adw_combo_row_set_expression (row, expression);
  adw_combo_row_set_model (row, keep);
}

/**
 * vsm_command_box_set_command:
 * @box: a vsm_command_box_new()
 *
 * Shows (and copies) @command from now on: the line follows the form.
 */
void
vsm_command_box_set_command (GtkWidget  *box,
                             const char *command)
{
  gtk_label_set_label (GTK_LABEL (gtk_widget_get_first_child (box)), command);
}

/**
 * vsm_confirm_dialog_new:
 * @virsh_command: (nullable): the equivalent command line, shown copyable
 * @response_id: the id of the destructive response
 *
 * Cancel is the default and the close response: Escape or Enter never
 * destroy anything.
 */
GtkWidget *
vsm_confirm_dialog_new (GtkWidget  *parent,
                        const char *heading,
                        const char *body,
                        const char *virsh_command,
                        const char *response_id,
                        const char *response_label)
{
  GtkWidget *dialog = adw_message_dialog_new (root_window (parent), heading, body);

  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    response_id, response_label,
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), response_id,
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  if (virsh_command != NULL)
    adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), vsm_command_box_new (virsh_command));
  return dialog;
}

/* ------------------------------------------------------------------ */
/* Choosing a response                                                 */

typedef struct
{
  GCancellable *cancellable;
  gulong        cancelled_id;
} ChooseData;

static void
choose_data_free (ChooseData *cd)
{
  if (cd->cancellable != NULL)
    g_cancellable_disconnect (cd->cancellable, cd->cancelled_id);
  g_clear_object (&cd->cancellable);
  g_free (cd);
}

/* Once, from "response" or "destroy": the handlers go with the answer. */
static void
choose_return (GTask      *task,
               const char *response)
{
  AdwMessageDialog *dialog = g_task_get_source_object (task);

  g_signal_handlers_disconnect_by_data (dialog, task);
  g_task_return_pointer (task, (gpointer) g_intern_string (response), NULL);
  g_object_unref (task);
}

static void
choose_response_cb (AdwMessageDialog *dialog,
                    const char       *response,
                    GTask            *task)
{
  choose_return (task, response);
}

static void
choose_destroy_cb (AdwMessageDialog *dialog,
                   GTask            *task)
{
  const char *close = adw_message_dialog_get_close_response (dialog);

  choose_return (task, close != NULL ? close : "close");
}

static void
choose_cancelled_cb (GCancellable *cancellable,
                     GtkWindow    *dialog)
{
  gtk_window_close (dialog);
}

void
vsm_message_dialog_choose_async (AdwMessageDialog    *dialog,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  GTask *task;
  ChooseData *cd;

  g_return_if_fail (ADW_IS_MESSAGE_DIALOG (dialog));

  task = g_task_new (dialog, cancellable, callback, user_data);
  g_task_set_source_tag (task, vsm_message_dialog_choose_async);
  /* cancelled, it answers the close response (see choose_cancelled_cb) */
  g_task_set_check_cancellable (task, FALSE);
  cd = g_new0 (ChooseData, 1);
  g_task_set_task_data (task, cd, (GDestroyNotify) choose_data_free);
  g_signal_connect (dialog, "response", G_CALLBACK (choose_response_cb), task);
  g_signal_connect (dialog, "destroy", G_CALLBACK (choose_destroy_cb), task);
  if (cancellable != NULL)
    {
      cd->cancellable = g_object_ref (cancellable);
      cd->cancelled_id = g_cancellable_connect (cancellable, G_CALLBACK (choose_cancelled_cb), dialog, NULL);
    }
  gtk_window_present (GTK_WINDOW (dialog));
}

/**
 * vsm_message_dialog_choose_finish:
 *
 * Returns: (transfer none): the response chosen (an interned string)
 */
const char *
vsm_message_dialog_choose_finish (AdwMessageDialog *dialog,
                                  GAsyncResult     *result)
{
  g_return_val_if_fail (g_task_is_valid (result, dialog), NULL);
  return g_task_propagate_pointer (G_TASK (result), NULL);
}
