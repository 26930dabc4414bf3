/* vsm-volume-cell.h
 *
 * Copyright 2026 Virt Storage developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* The volume table's columns, in their order. */
typedef enum
{
  VSM_VOLUME_COLUMN_NAME,
  VSM_VOLUME_COLUMN_FORMAT,
  VSM_VOLUME_COLUMN_CAPACITY,
  VSM_VOLUME_COLUMN_ALLOCATION,
  VSM_VOLUME_COLUMN_PATH,
  VSM_VOLUME_COLUMN_USED_BY,
  VSM_VOLUME_N_COLUMNS
} VsmVolumeColumn;

#define VSM_TYPE_VOLUME_CELL (vsm_volume_cell_get_type ())
G_DECLARE_FINAL_TYPE (VsmVolumeCell, vsm_volume_cell, VSM, VOLUME_CELL, GtkWidget)

GtkListItemFactory *vsm_volume_cell_factory_new (VsmVolumeColumn column);

G_END_DECLS
