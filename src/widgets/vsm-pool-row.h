/* vsm-pool-row.h
 *
 * Copyright 2026 Virt Storage developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "vsm-pool.h"

G_BEGIN_DECLS

#define VSM_TYPE_POOL_ROW (vsm_pool_row_get_type ())
G_DECLARE_FINAL_TYPE (VsmPoolRow, vsm_pool_row, VSM, POOL_ROW, GtkListBoxRow)

GtkWidget *vsm_pool_row_new      (VsmPool    *pool);
VsmPool   *vsm_pool_row_get_pool (VsmPoolRow *self);
char      *vsm_pool_describe_usage      (VsmPool *pool);
char      *vsm_pool_describe_overcommit (VsmPool *pool);

G_END_DECLS
