/* vsm-connection-private.h
 *
 * For the other service files only: the raw libvirt connection.
 *
 * Copyright 2026 Virt Storage developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <libvirt/libvirt.h>

#include "vsm-connection.h"

G_BEGIN_DECLS

virConnectPtr _vsm_connection_ref_raw (VsmConnection *self);
void          _vsm_post_to_context   (GMainContext   *context,
                                      GSourceFunc     func,
                                      gpointer        data,
                                      GDestroyNotify  destroy);

G_END_DECLS
