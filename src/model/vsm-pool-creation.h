/* vsm-pool-creation.h
 *
 * Copyright 2026 Virt Storage developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "vsm-host.h"
#include "vsm-pool-spec.h"

G_BEGIN_DECLS

typedef enum
{
  VSM_CREATE_STEP_REMOVE_PARTIAL,  /* the half-created pool of the last run */
  VSM_CREATE_STEP_SECRET,          /* secret-define + secret-set-value */
  VSM_CREATE_STEP_DEFINE,          /* pool-define, or pool-create (transient) */
  VSM_CREATE_STEP_BUILD,           /* pool-build [--overwrite|--no-overwrite] */
  VSM_CREATE_STEP_START,           /* pool-start */
  VSM_CREATE_STEP_AUTOSTART,       /* pool-autostart */
  VSM_CREATE_STEP_REFRESH,         /* pool-refresh */
  VSM_CREATE_N_STEPS
} VsmCreateStep;

typedef enum
{
  VSM_STEP_PENDING,
  VSM_STEP_RUNNING,
  VSM_STEP_DONE,
  VSM_STEP_FAILED,
} VsmStepState;

#define VSM_TYPE_POOL_CREATION (vsm_pool_creation_get_type ())
G_DECLARE_FINAL_TYPE (VsmPoolCreation, vsm_pool_creation, VSM, POOL_CREATION, GObject)

VsmPoolCreation *vsm_pool_creation_new              (VsmHost            *host);
guint            vsm_pool_creation_plan             (VsmPoolCreation    *self,
                                                     const VsmPoolSpec  *spec,
                                                     VsmCreateStep       steps[VSM_CREATE_N_STEPS]);
const char      *vsm_create_step_label              (VsmCreateStep       step,
                                                     const VsmPoolSpec  *spec);
void             vsm_pool_creation_run_async        (VsmPoolCreation    *self,
                                                     const VsmPoolSpec  *spec,
                                                     GBytes             *secret_value,
                                                     GCancellable       *cancellable,
                                                     GAsyncReadyCallback callback,
                                                     gpointer            user_data);
gboolean         vsm_pool_creation_run_finish       (VsmPoolCreation    *self,
                                                     GAsyncResult       *result,
                                                     GError            **error);
const char      *vsm_pool_creation_get_created_uuid (VsmPoolCreation    *self);
gboolean         vsm_pool_creation_get_running      (VsmPoolCreation    *self);
void             vsm_pool_creation_remove_partial_async  (VsmPoolCreation    *self,
                                                          GCancellable       *cancellable,
                                                          GAsyncReadyCallback callback,
                                                          gpointer            user_data);
gboolean         vsm_pool_creation_remove_partial_finish (VsmPoolCreation    *self,
                                                          GAsyncResult       *result,
                                                          GError            **error);

G_END_DECLS
