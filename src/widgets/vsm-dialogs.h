/* vsm-dialogs.h
 *
 * Shared helpers: error toasts with details, destructive confirmations that
 * show the equivalent virsh command.
 *
 * Copyright 2026 Virt Storage developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

void       vsm_report_error        (GtkWidget    *origin,
                                    const char   *summary,
                                    const GError *error);
void       vsm_show_toast          (GtkWidget    *origin,
                                    const char   *title);
AdwToast  *vsm_toast_new_plain     (const char   *text);
GtkWidget *vsm_confirm_dialog_new  (GtkWidget    *parent,
                                    const char   *heading,
                                    const char   *body,
                                    const char   *virsh_command,
                                    const char   *response_id,
                                    const char   *response_label);
GtkWidget *vsm_command_box_new     (const char   *command);

typedef const char *(*VsmValueLabelFunc) (const char *value);
/* A combo row over a GtkStringList of values shows each value's words
 * (@label); its selected item stays the value. */
void       vsm_combo_row_show_labels (AdwComboRow       *row,
                                      VsmValueLabelFunc  label);
void       vsm_command_box_set_command (GtkWidget  *box,
                                        const char *command);

/* libadwaita 1.3's adw_message_dialog_choose() for 1.2: presents @dialog;
 * _finish() gives the response (the close response when it is closed
 * otherwise or @cancellable fires). Every confirmation goes through it. */
void        vsm_message_dialog_choose_async  (AdwMessageDialog    *dialog,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
const char *vsm_message_dialog_choose_finish (AdwMessageDialog    *dialog,
                                              GAsyncResult        *result);

G_END_DECLS
