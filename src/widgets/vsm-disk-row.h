/* vsm-disk-row.h
 *
 * Copyright 2026 Virt Storage developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "vsm-snapshot.h"

G_BEGIN_DECLS

#define VSM_TYPE_DISK_ROW (vsm_disk_row_get_type ())
G_DECLARE_FINAL_TYPE (VsmDiskRow, vsm_disk_row, VSM, DISK_ROW, AdwActionRow)

GtkWidget *vsm_disk_row_new (const VsmDiskSnapshot *disk,
                             gboolean               in_live,
                             gboolean               in_config,
                             gboolean               running);

G_END_DECLS
