/* vsm-pool-wizard-private.h
 *
 * Hooks into the New Pool wizard for the tests (tests/gui, tests/system): pick a type, fill a field, read the page, the errors and
 * what would be created, as a user sees them. Not for the app's own code.
 *
 * Copyright 2026 Virt Storage developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "vsm-pool-wizard.h"

G_BEGIN_DECLS

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
