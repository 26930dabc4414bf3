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

G_END_DECLS
