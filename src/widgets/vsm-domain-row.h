/* vsm-domain-row.h
 *
 * Copyright 2026 Virt Storage developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "vsm-domain.h"

G_BEGIN_DECLS

#define VSM_TYPE_DOMAIN_ROW (vsm_domain_row_get_type ())
G_DECLARE_FINAL_TYPE (VsmDomainRow, vsm_domain_row, VSM, DOMAIN_ROW, AdwActionRow)

GtkWidget *vsm_domain_row_new        (VsmDomain    *domain);
VsmDomain *vsm_domain_row_get_domain (VsmDomainRow *self);

G_END_DECLS
