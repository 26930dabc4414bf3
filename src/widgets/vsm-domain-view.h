/* vsm-domain-view.h
 *
 * Copyright 2026 Virt Storage developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "vsm-host.h"

G_BEGIN_DECLS

#define VSM_TYPE_DOMAIN_VIEW (vsm_domain_view_get_type ())
G_DECLARE_FINAL_TYPE (VsmDomainView, vsm_domain_view, VSM, DOMAIN_VIEW, GtkWidget)

void        vsm_domain_view_set_domain   (VsmDomainView *self,
                                          VsmHost       *host,
                                          VsmDomain     *domain);
VsmDomain  *vsm_domain_view_get_domain   (VsmDomainView *self);
GtkListBox *vsm_domain_view_get_disk_list (VsmDomainView *self);
guint       vsm_domain_view_get_n_disks  (VsmDomainView *self);
void        vsm_domain_view_set_hint_visible (VsmDomainView *self,
                                              gboolean       visible);

G_END_DECLS
