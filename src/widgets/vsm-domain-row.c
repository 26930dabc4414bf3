/* vsm-domain-row.c
 *
 * A machine in the Virtual Machines list: its name and state, bound to
 * the VsmDomain.
 *
 * Copyright 2026 Virt Storage developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vsm-domain-row"

#include "config.h"

#include "vsm-domain-row.h"

struct _VsmDomainRow
{
  AdwActionRow  parent_instance;

  VsmDomain    *domain;
};

G_DEFINE_FINAL_TYPE (VsmDomainRow, vsm_domain_row, ADW_TYPE_ACTION_ROW)

static void
update (VsmDomainRow *self)
{
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self), vsm_domain_get_name (self->domain));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self), vsm_domain_state_to_label (vsm_domain_get_state (self->domain)));
}

GtkWidget *
vsm_domain_row_new (VsmDomain *domain)
{
  VsmDomainRow *self;

  g_return_val_if_fail (VSM_IS_DOMAIN (domain), NULL);

  self = g_object_new (VSM_TYPE_DOMAIN_ROW, NULL);
  self->domain = g_object_ref (domain);
  g_signal_connect_object (domain, "notify", G_CALLBACK (update), self, G_CONNECT_SWAPPED);
  update (self);
  return GTK_WIDGET (self);
}

VsmDomain *
vsm_domain_row_get_domain (VsmDomainRow *self)
{
  g_return_val_if_fail (VSM_IS_DOMAIN_ROW (self), NULL);
  return self->domain;
}

static void
vsm_domain_row_dispose (GObject *object)
{
  g_clear_object (&VSM_DOMAIN_ROW (object)->domain);
  G_OBJECT_CLASS (vsm_domain_row_parent_class)->dispose (object);
}

static void
vsm_domain_row_class_init (VsmDomainRowClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = vsm_domain_row_dispose;
  gtk_widget_class_set_template_from_resource (GTK_WIDGET_CLASS (klass),
                                               "/io/github/virtstorage/VirtStorage/ui/vsm-domain-row.ui");
}

static void
vsm_domain_row_init (VsmDomainRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
