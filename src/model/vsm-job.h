/* vsm-job.h
 *
 * A long operation shown in the jobs area: upload, download, wipe, clone.
 *
 * Copyright 2026 Virt Storage developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef enum
{
  VSM_JOB_RUNNING,
  VSM_JOB_DONE,
  VSM_JOB_FAILED,
  VSM_JOB_CANCELLED,
} VsmJobState;

#define VSM_TYPE_JOB (vsm_job_get_type ())
G_DECLARE_FINAL_TYPE (VsmJob, vsm_job, VSM, JOB, GObject)

VsmJob       *vsm_job_new              (const char   *title,
                                        gboolean      can_cancel);
const char   *vsm_job_get_title        (VsmJob       *self);
const char   *vsm_job_get_status       (VsmJob       *self);
double        vsm_job_get_fraction     (VsmJob       *self);
VsmJobState   vsm_job_get_state        (VsmJob       *self);
gboolean      vsm_job_get_can_cancel   (VsmJob       *self);
GCancellable *vsm_job_get_cancellable  (VsmJob       *self);
void          vsm_job_cancel           (VsmJob       *self);
void          vsm_job_set_progress     (VsmJob       *self,
                                        guint64       done,
                                        guint64       total);
void          vsm_job_finish           (VsmJob       *self,
                                        const GError *error);
double        vsm_job_get_speed        (VsmJob       *self);

G_END_DECLS
