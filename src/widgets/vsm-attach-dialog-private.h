/* vsm-attach-dialog-private.h
 *
 * What the files of Attach Storage share (vsm-attach-dialog.c, the form;
 * vsm-attach-dialog-choices.c, the volumes, images and pools offered).
 *
 * Copyright 2026 Virt Storage developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "vsm-attach-dialog.h"
#include "vsm-host-attach.h"

G_BEGIN_DECLS

struct _VsmAttachDialog
{
  AdwWindow       parent_instance;

  VsmHost        *host;
  VsmDomain      *domain;
  GCancellable   *cancellable;
  GPtrArray      *domains;        /* VsmDomain for vm_row */
  GPtrArray      *volumes;        /* VsmVolumeChoice for volume_row */
  GPtrArray      *isos;           /* VsmVolumeChoice for iso_row */
  GPtrArray      *pools;          /* VsmPool for new_pool_row */
  GStrv           buses;          /* allowed by the domain */
  GPtrArray      *config_targets; /* targets of the persistent config too */
  char           *error;
  gboolean        busy;
  gboolean        target_edited;
  gboolean        live_wanted;    /* Live was on before a bus that cannot hotplug */
  VsmDiskSpec    *pending;        /* what Attach was pressed for */
  GSignalGroup   *running_watch;  /* notify::running of the chosen machine */
  GCancellable   *reading;        /* the image file's header being read */

  AdwWindowTitle *window_title;
  AdwComboRow    *vm_row;
  AdwComboRow    *source_row;
  AdwComboRow    *volume_row;
  AdwComboRow    *new_pool_row;
  AdwEntryRow    *new_name_row;
  AdwEntryRow    *new_size_row;
  AdwComboRow    *new_format_row;
  AdwComboRow    *iso_row;
  AdwEntryRow    *path_row;
  AdwComboRow    *image_format_row;
  AdwComboRow    *device_row;
  AdwComboRow    *bus_row;
  AdwEntryRow    *target_row;
  AdwActionRow   *readonly_row;
  GtkSwitch      *readonly_switch;
  GtkSwitch      *shareable_switch;
  AdwComboRow    *cache_row;
  AdwComboRow    *io_row;
  AdwComboRow    *discard_row;
  AdwEntryRow    *serial_row;
  AdwActionRow   *live_row;
  GtkSwitch      *live_switch;
  GtkSwitch      *config_switch;
  GtkLabel       *when_label;
  GtkLabel       *error_label;
  AdwPreferencesGroup *review_group;
  GtkBox         *command_slot;
  GtkLabel       *xml_label;
  GtkButton      *attach_button;
  GtkSpinner     *spinner;
};

VsmDomain *_vsm_attach_dialog_current_domain  (VsmAttachDialog *self);
/* Whether @dom already has the volume of @c as a disk. */
gboolean   _vsm_attach_dialog_domain_uses     (VsmDomain             *dom,
                                               const VsmVolumeChoice *c);
/* Validates the form and shows the spec's XML, command and errors. */
void       _vsm_attach_dialog_update          (VsmAttachDialog *self);
/* Lists the choices again; returns whether the volume to preselect
 * (@preselect_pool's @preselect_volume) is an ISO image. */
gboolean   _vsm_attach_dialog_collect_volumes (VsmAttachDialog *self,
                                               VsmPool         *preselect_pool,
                                               const char      *preselect_volume);
/* A pool's volumes arrived, or the machine changed: the choices again,
 * keeping what the user picked where it is still offered. */
void       _vsm_attach_dialog_refresh_choices (VsmAttachDialog *self);
void       _vsm_attach_dialog_suggest_target  (VsmAttachDialog *self);
GPtrArray *_vsm_attach_dialog_used_targets    (VsmAttachDialog *self);
void       _vsm_attach_dialog_load_config_targets (VsmAttachDialog *self);
/* A disk image file's path changed: its format from its header, where the
 * file is on this computer. */
void       _vsm_attach_dialog_detect_image_format (VsmAttachDialog *self);

G_END_DECLS
