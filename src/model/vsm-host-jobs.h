/* vsm-host-jobs.h
 *
 * Copyright 2026 Virt Storage developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "vsm-host.h"
#include "vsm-volume-ops.h"
#include "vsm-volume-spec.h"

G_BEGIN_DECLS

void     vsm_host_volume_job_async      (VsmHost             *self,
                                         const VsmVolumeJob  *job,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data);
/* the one _finish of every volume job; @bytes: what a transfer moved */
gboolean vsm_host_volume_job_finish     (VsmHost             *self,
                                         GAsyncResult        *result,
                                         guint64             *bytes,
                                         GError             **error);

void     vsm_host_empty_and_delete_pool_async (VsmHost             *self,
                                               VsmPool             *pool,
                                               const char * const  *names,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data);

G_END_DECLS
