/* vsm-pool-wizard.h
 *
 * Copyright 2026 Virt Storage developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "vsm-host.h"
#include "vsm-pool-spec.h"

G_BEGIN_DECLS

#define VSM_TYPE_POOL_WIZARD (vsm_pool_wizard_get_type ())
G_DECLARE_FINAL_TYPE (VsmPoolWizard, vsm_pool_wizard, VSM, POOL_WIZARD, AdwWindow)

GtkWidget   *vsm_pool_wizard_new            (GtkWindow     *parent,
                                             VsmHost       *host);

G_END_DECLS
