/* vsm-host-row.h
 *
 * Copyright 2026 Virt Storage developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "vsm-host.h"

G_BEGIN_DECLS

#define VSM_TYPE_HOST_ROW (vsm_host_row_get_type ())
G_DECLARE_FINAL_TYPE (VsmHostRow, vsm_host_row, VSM, HOST_ROW, GtkListBoxRow)

GtkWidget *vsm_host_row_new      (VsmHost    *host);
VsmHost   *vsm_host_row_get_host (VsmHostRow *self);

G_END_DECLS
