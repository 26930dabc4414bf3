/* vsm-host-xml.h
 *
 * Pools and volumes from XML the user wrote: what libvirt would refuse
 * about it on this connection, and defining it.
 *
 * Copyright 2026 Virt Storage developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "vsm-host.h"
#include "vsm-pool.h"
#include "vsm-xml-check.h"

G_BEGIN_DECLS

VsmXmlCheck *vsm_host_check_pool_xml     (VsmHost             *self,
                                          const char          *xml,
                                          VsmPool             *editing);
VsmXmlCheck *vsm_host_check_volume_xml   (VsmHost             *self,
                                          const char          *xml,
                                          VsmPool             *pool);
void         vsm_host_define_pool_async  (VsmHost             *self,
                                          const char          *xml,
                                          gboolean             persistent,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data);
char        *vsm_host_define_pool_finish (VsmHost             *self,
                                          GAsyncResult        *result,
                                          GError             **error);

G_END_DECLS
