/* vsm-application.h
 *
 * Copyright 2026 Virt Storage developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define VSM_TYPE_APPLICATION (vsm_application_get_type ())
G_DECLARE_FINAL_TYPE (VsmApplication, vsm_application, VSM, APPLICATION, AdwApplication)

VsmApplication *vsm_application_new           (void);
char           *vsm_application_find_demo_xml (void);
GListStore     *vsm_application_get_hosts     (VsmApplication *self);

G_END_DECLS
