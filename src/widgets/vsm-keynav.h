/* vsm-keynav.h
 *
 * Keyboard navigation GTK 4.8 does not give lists on its own.
 *
 * Copyright 2026 Virt Storage developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

void vsm_keynav_tab_leaves (GtkWidget *list);

G_END_DECLS
