/* vsm-size.h
 *
 * Copyright 2026 Virt Storage developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

gboolean vsm_size_parse             (const char  *text,
                                     guint64     *bytes,
                                     GError     **error);
char    *vsm_size_format            (guint64      bytes);
gboolean vsm_size_is_thin           (guint64      capacity,
                                     guint64      allocation);
double   vsm_size_fraction          (guint64      part,
                                     guint64      whole);
double   vsm_overcommit_percent     (guint64      sum_volume_capacity,
                                     guint64      pool_capacity);
gboolean vsm_overcommit_is_warning  (guint64      sum_volume_capacity,
                                     guint64      pool_capacity);

G_END_DECLS
