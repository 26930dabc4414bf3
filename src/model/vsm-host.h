/* vsm-host.h
 *
 * Copyright 2026 Virt Storage developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "vsm-connection.h"
#include "vsm-domain.h"
#include "vsm-keyed-list.h"
#include "vsm-pool.h"
#include "vsm-volume.h"

G_BEGIN_DECLS

#define VSM_TYPE_HOST (vsm_host_get_type ())
G_DECLARE_FINAL_TYPE (VsmHost, vsm_host, VSM, HOST, GObject)

VsmHost       *vsm_host_new                   (const char          *uri);
VsmConnection *vsm_host_get_connection        (VsmHost             *self);
const char    *vsm_host_get_uri               (VsmHost             *self);
const char    *vsm_host_get_title             (VsmHost             *self);
VsmKeyedList  *vsm_host_get_pools             (VsmHost             *self);
VsmKeyedList  *vsm_host_get_domains           (VsmHost             *self);
gboolean       vsm_host_get_pools_loaded      (VsmHost             *self);
gboolean       vsm_host_get_is_demo           (VsmHost             *self);
VsmPool       *vsm_host_find_pool             (VsmHost             *self,
                                               const char          *uuid);
VsmPool       *vsm_host_find_pool_by_name     (VsmHost             *self,
                                               const char          *name);

void           vsm_host_connect               (VsmHost             *self);
void           vsm_host_disconnect            (VsmHost             *self);
void           vsm_host_reload                (VsmHost             *self);
void           vsm_host_load_volumes          (VsmHost             *self,
                                               VsmPool             *pool);
void           vsm_host_refresh_pool          (VsmHost             *self,
                                               VsmPool             *pool);
/* Looks the volume named exactly @name up in @pool's storage (one that
 * a partial listing did not name, see vsm_pool_get_volumes_partial()) and
 * adds it to the pool's volumes. */
void           vsm_host_look_up_volume_async  (VsmHost             *self,
                                               VsmPool             *pool,
                                               const char          *name,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data);
VsmVolume     *vsm_host_look_up_volume_finish (VsmHost             *self,
                                               GAsyncResult        *result,
                                               GError             **error);
VsmVolume     *vsm_host_find_volume_by_path   (VsmHost             *self,
                                               const char          *path,
                                               VsmPool            **pool_out);
char          *vsm_host_dup_users_of          (VsmHost             *self,
                                               VsmPool             *pool,
                                               const char          *volume_name,
                                               const char          *volume_path);

void           vsm_host_pool_action_async     (VsmHost             *self,
                                               VsmPool             *pool,
                                               VsmPoolAction        action,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data);
void           vsm_host_build_pool_async      (VsmHost             *self,
                                               VsmPool             *pool,
                                               VsmBuildMode         build,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data);
gboolean       vsm_host_pool_action_finish    (VsmHost             *self,
                                               GAsyncResult        *result,
                                               GError             **error);

G_END_DECLS
