/* vsm-test-gtk-utils.h
 *
 * Helpers shared by the tests that drive the real widgets (gui, vmgui,
 * volumes' dialog test, wizard): finding widgets in a tree, toplevels and
 * message dialogs, and opening and closing the main window.
 *
 * Copyright 2026 Virt Storage developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "vsm-domain-view.h"
#include "vsm-pool-view.h"
#include "vsm-test-utils.h"
#include "vsm-window.h"

G_BEGIN_DECLS

typedef gboolean (*VsmWidgetPredicate) (GtkWidget *widget,
                                        gpointer   data);

GtkWidget *vsm_test_find_widget           (GtkWidget          *root,
                                           VsmWidgetPredicate  pred,
                                           gpointer            data);

gboolean   vsm_test_is_type               (GtkWidget *w,
                                           gpointer   type);
gboolean   vsm_test_is_label_with_text    (GtkWidget *w,
                                           gpointer   text);
gboolean   vsm_test_is_label_containing   (GtkWidget *w,
                                           gpointer   text);
gboolean   vsm_test_is_error_label        (GtkWidget *w,
                                           gpointer   unused);
gboolean   vsm_test_is_button_with_label  (GtkWidget *w,
                                           gpointer   label);
gboolean   vsm_test_is_actionable_with    (GtkWidget *w,
                                           gpointer   action);
gboolean   vsm_test_is_button_with_action (GtkWidget *w,
                                           gpointer   action);
gboolean   vsm_test_is_image_with_icon    (GtkWidget *w,
                                           gpointer   icon);
gboolean   vsm_test_is_row_titled         (GtkWidget *w,
                                           gpointer   title);
gboolean   vsm_test_is_entry_row_titled   (GtkWidget *w,
                                           gpointer   title);
gboolean   vsm_test_is_status_page_titled (GtkWidget *w,
                                           gpointer   title);

GtkLabel  *vsm_test_find_label            (GtkWidget  *root,
                                           const char *text);
gboolean   vsm_test_has_label             (GtkWidget  *root,
                                           const char *text);
GtkWidget *vsm_test_find_row              (GtkWidget  *root,
                                           const char *title);
GtkWidget *vsm_test_column_view_row_of    (GtkWidget  *cell_child);
void       vsm_test_select_combo_prefix   (AdwComboRow *row,
                                           const char  *prefix);

GtkWindow *vsm_test_find_toplevel         (GType      type,
                                           GtkWindow *except);
void       vsm_test_close_other_toplevels (GtkWindow *keep);
AdwMessageDialog *vsm_test_wait_message_dialog (GtkWindow *parent);
void       vsm_test_respond               (AdwMessageDialog *dialog,
                                           const char       *response);

VsmWindow *vsm_test_window_open           (GListStore **hosts,
                                           GSettings  **settings);
VsmWindow *vsm_test_window_open_sized     (GListStore **hosts,
                                           GSettings  **settings,
                                           int          width,
                                           int          height);
void       vsm_test_window_close          (VsmWindow  **win,
                                           GSettings  **settings,
                                           GListStore **hosts);
VsmHost   *vsm_test_window_connect        (VsmWindow  *win,
                                           const char *fixture_name);
GtkListBoxRow *vsm_test_pool_row_named    (VsmWindow  *win,
                                           const char *name);
GtkListBoxRow *vsm_test_vm_row_named      (VsmWindow  *win,
                                           const char *name);
GtkWidget *vsm_test_disk_row              (VsmDomainView *view,
                                           const char    *target);
VsmPool   *vsm_test_select_pool           (VsmWindow  *win,
                                           VsmHost    *host,
                                           const char *name);
gboolean   vsm_test_select_volume         (VsmPoolView *view,
                                           const char  *name);

void       vsm_test_gtk_init              (int        *argc,
                                           char     ***argv);
void       vsm_test_init_translations     (void);
const char *vsm_test_shown_error          (GtkWidget  *root);
guint      vsm_test_assert_nothing_cut    (GtkWidget  *root,
                                           const char *what);

/* With VSM_TEST_SHOT_DIR set, saves @widget as it is drawn now to
 * VSM_TEST_SHOT_DIR/NAME.png, for a person to look at; else does nothing. */
void       vsm_test_shot                  (GtkWidget  *widget,
                                           const char *name);

G_END_DECLS
