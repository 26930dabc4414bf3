/* vsm-window-private.h
 *
 * What the files of the main window share (vsm-window.c; the connections
 * list and its actions in vsm-window-connections.c).
 *
 * Copyright 2026 Virt Storage developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "vsm-domain-view.h"
#include "vsm-pool-view.h"
#include "vsm-window.h"

G_BEGIN_DECLS

struct _VsmWindow
{
  AdwApplicationWindow  parent_instance;

  GListStore           *hosts;
  GSettings            *settings;
  VsmHost              *host;           /* selected */
  GtkFilterListModel   *pools_filtered;  /* host pools, inactive ones filtered */
  GtkSortListModel     *pools_model;     /* … sorted by name */
  GtkCustomFilter      *pools_filter;
  gulong                host_state_id;
  gulong                pools_changed_id;
  gboolean              show_inactive;
  char                 *wanted_pool;    /* uuid to select once it appears */
  GListStore           *jobs;           /* VsmJob, newest first */
  gboolean              close_confirmed;

  AdwToastOverlay      *toast_overlay;
  AdwWindowTitle       *window_title;
  GtkListBox           *hosts_list;
  GtkStack             *pools_stack;
  GtkListBox           *pools_list;
  AdwStatusPage        *disconnected_page;
  AdwStatusPage        *failed_page;
  VsmPoolView          *pool_view;
  VsmDomainView        *domain_view;
  GtkStack             *section_stack;
  GtkStack             *content_stack;
  GtkStack             *vms_stack;
  GtkListBox           *vms_list;
  GtkSpinner           *connecting_spinner;
  GtkMenuButton        *jobs_button;
  GtkListBox           *jobs_list;
  AdwLeaflet           *outer_leaflet;  /* connections | browse */
  AdwLeaflet           *inner_leaflet;  /* list | content */
  GtkButton            *back_button;
  guint                 back_idle;      /* update_back() pending */
};

/* win.add-connection, win.edit-connection, win.remove-connection,
 * win.reconnect */
void _vsm_window_class_init_connections (GtkWidgetClass *widget_class);
/* the questions of the connections (VsmConnection::ask) as prompts */
void _vsm_window_watch_connections      (VsmWindow      *self);

G_END_DECLS
