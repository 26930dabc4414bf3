/* vsm-window.h
 *
 * Copyright 2026 Virt Storage developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "vsm-host.h"
#include "vsm-domain-view.h"
#include "vsm-pool-view.h"

G_BEGIN_DECLS

#define VSM_TYPE_WINDOW (vsm_window_get_type ())
G_DECLARE_FINAL_TYPE (VsmWindow, vsm_window, VSM, WINDOW, AdwApplicationWindow)

VsmWindow   *vsm_window_new              (GtkApplication *application,
                                          GListStore     *hosts,
                                          GSettings      *settings);
VsmHost     *vsm_window_add_connection   (VsmWindow      *self,
                                          const char     *uri,
                                          gboolean        save);
void         vsm_window_select_host      (VsmWindow      *self,
                                          VsmHost        *host);
gboolean     vsm_window_select_pool      (VsmWindow      *self,
                                          const char     *pool_uuid);
VsmDomainView *vsm_window_get_domain_view (VsmWindow    *self);
GtkListBox  *vsm_window_get_vms_list     (VsmWindow      *self);
void         vsm_window_show_domain      (VsmWindow      *self,
                                          const char     *name);
GListStore  *vsm_window_get_jobs         (VsmWindow      *self);
VsmHost     *vsm_window_get_host         (VsmWindow      *self);
VsmPoolView *vsm_window_get_pool_view    (VsmWindow      *self);
GtkListBox  *vsm_window_get_pools_list   (VsmWindow      *self);
GtkListBox  *vsm_window_get_hosts_list   (VsmWindow      *self);
const char  *vsm_window_get_pools_page   (VsmWindow      *self);
const char  *vsm_window_get_visible_pane (VsmWindow      *self);
void         vsm_window_toast            (VsmWindow      *self,
                                          const char     *message);

G_END_DECLS
