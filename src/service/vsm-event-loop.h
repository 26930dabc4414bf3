/* vsm-event-loop.h
 *
 * Copyright 2026 Virt Storage developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

gboolean      vsm_libvirt_init              (GError **error);
GMainContext *vsm_event_loop_get_context    (void);
gboolean      vsm_event_loop_is_loop_thread (void);
guint         vsm_event_loop_count_live     (void);

G_END_DECLS
