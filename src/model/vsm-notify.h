/* vsm-notify.h
 *
 * Storing a property's new value and announcing it only when it changed:
 * what every model object does when a snapshot or a step updates it.
 *
 * Copyright 2026 Virt Storage developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

gboolean vsm_notify_set_str  (GObject     *object,
                              char       **field,
                              const char  *value,
                              GParamSpec  *pspec);
gboolean vsm_notify_set_u64  (GObject     *object,
                              guint64     *field,
                              guint64      value,
                              GParamSpec  *pspec);
gboolean vsm_notify_set_bool (GObject     *object,
                              gboolean    *field,
                              gboolean     value,
                              GParamSpec  *pspec);

G_END_DECLS
