/* vsm-host-attach.h
 *
 * Copyright 2026 Virt Storage developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "vsm-disk-spec.h"
#include "vsm-domain-ops.h"
#include "vsm-host.h"
#include "vsm-volume-spec.h"

G_BEGIN_DECLS

typedef enum
{
  VSM_ATTACH_STAGE_CREATE,   /* creating the new volume */
  VSM_ATTACH_STAGE_ATTACH,   /* attaching the disk */
} VsmAttachStage;

/* What happened when vsm_host_attach_finish() fails. */
typedef struct
{
  VsmAttachStage  stage;           /* the step that failed */
  char           *volume;          /* the volume created for the disk, or NULL */
  gboolean        volume_removed;  /* ... deleted again after the failure */
  GError         *remove_error;    /* ... or why it could not be deleted */
} VsmAttachFailure;

void            vsm_attach_failure_clear (VsmAttachFailure    *failure);

/* A volume the Attach dialog offers. */
typedef struct
{
  char *pool;
  char *volume;
  char *path;
  char *format;      /* "raw" for an ISO image */
} VsmVolumeChoice;

void            vsm_volume_choice_free   (VsmVolumeChoice     *choice);
/* "volume (pool)" */
char           *vsm_volume_choice_label  (const VsmVolumeChoice *choice);
void            vsm_host_collect_attach_choices (VsmHost     *self,
                                                 GPtrArray   *volumes,
                                                 GPtrArray   *isos,
                                                 GPtrArray   *pools);

void            vsm_host_attach_async    (VsmHost             *self,
                                          VsmDomain           *domain,
                                          const VsmDiskSpec   *spec,
                                          VsmAttachFlags       flags,
                                          VsmPool             *new_pool,
                                          const VsmVolumeSpec *new_volume,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data);
VsmAttachResult vsm_host_attach_finish   (VsmHost             *self,
                                          GAsyncResult        *result,
                                          VsmAttachFailure    *failure,
                                          GError             **error);

/* Detach and media changes: the service's change, then the models re-read
 * (the used-by index follows the domain's disks). */
void            vsm_host_change_disk_async    (VsmHost             *self,
                                               const VsmDiskChange *change,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data);
int             vsm_host_change_disk_finish   (VsmHost             *self,
                                               GAsyncResult        *result,
                                               GError             **error);

void            vsm_host_domain_power_async   (VsmHost             *self,
                                               VsmDomain           *domain,
                                               VsmDomainPower       power,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data);
gboolean        vsm_host_domain_power_finish  (VsmHost             *self,
                                               GAsyncResult        *result,
                                               GError             **error);

G_END_DECLS
