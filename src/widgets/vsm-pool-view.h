/* vsm-pool-view.h
 *
 * Copyright 2026 Virt Storage developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "vsm-host.h"

G_BEGIN_DECLS

#define VSM_TYPE_POOL_VIEW (vsm_pool_view_get_type ())
G_DECLARE_FINAL_TYPE (VsmPoolView, vsm_pool_view, VSM, POOL_VIEW, GtkWidget)

void                vsm_pool_view_set_pool            (VsmPoolView *self,
                                                       VsmHost     *host,
                                                       VsmPool     *pool);
VsmPool            *vsm_pool_view_get_pool            (VsmPoolView *self);
void                vsm_pool_view_set_hint_visible    (VsmPoolView *self,
                                                       gboolean     visible);
GtkSingleSelection *vsm_pool_view_get_selection       (VsmPoolView *self);
GtkColumnView      *vsm_pool_view_get_column_view     (VsmPoolView *self);
const char         *vsm_pool_view_get_visible_page    (VsmPoolView *self);
void                vsm_pool_view_focus_search        (VsmPoolView *self);
void                vsm_pool_view_set_search_text     (VsmPoolView *self,
                                                       const char  *text);
void                vsm_pool_view_set_jobs            (VsmPoolView *self,
                                                       GListStore  *jobs);
void                vsm_pool_view_upload_file         (VsmPoolView *self,
                                                       GFile       *file,
                                                       gboolean     new_volume);

G_END_DECLS
