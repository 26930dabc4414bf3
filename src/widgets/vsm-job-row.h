/* vsm-job-row.h
 *
 * Copyright 2026 Virt Storage developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "vsm-job.h"

G_BEGIN_DECLS

#define VSM_TYPE_JOB_ROW (vsm_job_row_get_type ())
G_DECLARE_FINAL_TYPE (VsmJobRow, vsm_job_row, VSM, JOB_ROW, GtkListBoxRow)

GtkWidget *vsm_job_row_new     (VsmJob    *job);
VsmJob    *vsm_job_row_get_job (VsmJobRow *self);

G_END_DECLS
