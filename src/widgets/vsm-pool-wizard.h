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
void         vsm_pool_wizard_set_type       (VsmPoolWizard *self,
                                             const char    *type);
void         vsm_pool_wizard_set_field      (VsmPoolWizard *self,
                                             const char    *field,
                                             const char    *value);
const char  *vsm_pool_wizard_get_page       (VsmPoolWizard *self);
const char  *vsm_pool_wizard_get_field_error (VsmPoolWizard *self,
                                             const char    *field);
gboolean     vsm_pool_wizard_page_complete  (VsmPoolWizard *self);
VsmPoolSpec *vsm_pool_wizard_dup_spec       (VsmPoolWizard *self);
char        *vsm_pool_wizard_dup_xml        (VsmPoolWizard *self);
const char  *vsm_pool_wizard_get_created_uuid (VsmPoolWizard *self);

G_END_DECLS
