/* vsm-pool-view-private.h
 *
 * Shared by vsm-pool-view.c (pool life cycle, volume table),
 * vsm-pool-view-volumes.c (volume operations), vsm-pool-view-transfers.c
 * (upload, download, New Volume from File) and vsm-pool-view-removal.c.
 *
 * Copyright 2026 Virt Storage developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "vsm-pool-view.h"
#include "vsm-volume.h"
#include "vsm-volume-ops.h"

G_BEGIN_DECLS

struct _VsmPoolView
{
  GtkWidget           parent_instance;

  VsmHost            *host;
  VsmPool            *pool;
  GCancellable       *cancellable;
  GListStore         *jobs;          /* of VsmJob, shared with the window */
  gulong              pool_notify_id;

  GtkStack           *stack;
  GtkImage           *type_icon;
  GtkLabel           *name_label;
  GtkLabel           *subtitle_label;
  GtkButton          *start_button;
  GtkButton          *stop_button;
  GtkSwitch          *autostart_switch;
  GtkLevelBar        *usage_bar;
  GtkSpinner         *loading_spinner;
  GtkLabel           *usage_label;
  GtkLabel           *overcommit_label;
  GtkLabel           *target_label;
  GtkLabel           *source_label;
  GtkLabel           *count_label;
  GtkSearchEntry     *search_entry;
  GtkStack           *volumes_stack;
  GtkColumnView      *column_view;
  GtkSingleSelection *selection;
  GtkFilterListModel *filter_model;
  AdwStatusPage      *inactive_page;
  AdwStatusPage      *none_page;
  AdwStatusPage      *failed_page;
  AdwStatusPage      *no_results_page;
  GtkRevealer        *listing_revealer;
  GtkLabel           *listing_label;
  /* the exact name looked up in a pool bigger than libvirt lists
   * (vsm-pool-view-listing.c): in flight while lookup is set; missing
   * once libvirt said the pool has no volume of that name */
  char               *lookup_name;
  GCancellable       *lookup;
  gboolean            lookup_missing;
  GtkMenuButton      *volume_menu_button;
  GMenuModel         *volume_menu;
  GMenuModel         *demo_volume_menu;
  AdwSplitButton     *new_volume_button;
  GMenuModel         *new_volume_menu;
  GMenuModel         *demo_new_volume_menu;
};

VsmVolume *_vsm_pool_view_get_selected_volume   (VsmPoolView    *self);
char      *_vsm_pool_view_virsh_line             (VsmPoolView    *self,
                                                  const char     *command,
                                                  const char     *object_name,
                                                  const char     *extra);
char      *_vsm_pool_view_volume_line            (VsmPoolView    *self,
                                                  const char     *command,
                                                  const char     *volume_name);
void       _vsm_pool_view_class_init_volume_ops  (GtkWidgetClass *widget_class);
void       _vsm_pool_view_class_init_transfers   (GtkWidgetClass *widget_class);
/* Runs @job through the model as a job of the jobs area titled @title;
 * the toast says @failure or @success (both taken) when it ends. */
void       _vsm_pool_view_run_job                (VsmPoolView    *self,
                                                  VsmVolumeJob   *job,
                                                  const char     *title,
                                                  char           *failure,
                                                  char           *success);
void       _vsm_pool_view_class_init_removal     (GtkWidgetClass *widget_class);
/* The volumes area (vsm-pool-view-listing.c): its page, count and
 * banner, and the lookup of the exact name typed in a pool bigger than
 * libvirt lists; after any change of the pool, its volumes or the filter. */
void       _vsm_pool_view_update_listing         (VsmPoolView    *self);
/* Forgets the exact name looked up (another pool is shown). */
void       _vsm_pool_view_reset_lookup           (VsmPoolView    *self);
/* "17,000 volumes, of which only 16,384 could be listed" */
char      *_vsm_pool_view_describe_partial       (VsmPool        *pool);
void       _vsm_pool_view_class_init_build       (GtkWidgetClass *widget_class);
void       _vsm_pool_view_class_init_details     (GtkWidgetClass *widget_class);
/* Runs @action through the model, with the toast that says how it went;
 * @build is BUILD's mode. */
void       _vsm_pool_view_run_pool_action        (VsmPoolView    *self,
                                                  VsmPool        *pool,
                                                  VsmPoolAction   action,
                                                  VsmBuildMode    build);
void       _vsm_pool_view_run_empty_and_delete   (VsmPoolView    *self,
                                                  VsmPool        *pool,
                                                  const char * const *names);
void       _vsm_pool_view_update_volume_actions  (VsmPoolView    *self);

G_END_DECLS
