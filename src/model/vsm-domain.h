/* vsm-domain.h
 *
 * Copyright 2026 Virt Storage developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "vsm-snapshot.h"

G_BEGIN_DECLS

#define VSM_TYPE_DOMAIN (vsm_domain_get_type ())
G_DECLARE_FINAL_TYPE (VsmDomain, vsm_domain, VSM, DOMAIN, GObject)

VsmDomain  *vsm_domain_new            (const char              *uuid);
void        vsm_domain_apply_snapshot (VsmDomain               *self,
                                       const VsmDomainSnapshot *snap);
const char *vsm_domain_get_uuid       (VsmDomain               *self);
const char *vsm_domain_get_name       (VsmDomain               *self);
VsmDomainState vsm_domain_get_state   (VsmDomain               *self);
gboolean    vsm_domain_get_running    (VsmDomain               *self);
gboolean    vsm_domain_get_persistent (VsmDomain               *self);
GPtrArray  *vsm_domain_get_disks      (VsmDomain               *self);
const char *vsm_domain_state_to_label (VsmDomainState           state);

G_END_DECLS
