/* vsm-trace.h
 *
 * Copyright 2026 Virt Storage developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "vsm-window.h"

G_BEGIN_DECLS

void vsm_trace_attach (VsmWindow *window,
                       VsmHost   *host);

G_END_DECLS
