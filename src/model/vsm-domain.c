/* vsm-domain.c
 *
 * Copyright 2026 Virt Storage developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vsm-domain"

#include "config.h"

#include <glib/gi18n.h>

#include "vsm-domain.h"
#include "vsm-notify.h"

struct _VsmDomain
{
  GObject    parent_instance;
  char      *uuid;
  char      *name;
  VsmDomainState state;
  gboolean   persistent;
  GPtrArray *disks;   /* VsmDiskSnapshot */
};

G_DEFINE_FINAL_TYPE (VsmDomain, vsm_domain, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_UUID,
  PROP_NAME,
  PROP_STATE,
  PROP_STATE_LABEL,
  PROP_RUNNING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

const char *
vsm_domain_state_to_label (VsmDomainState state)
{
  switch (state)
    {
    case VSM_DOMAIN_STATE_RUNNING: return _("Running");
    case VSM_DOMAIN_STATE_BLOCKED: return _("Blocked");
    case VSM_DOMAIN_STATE_PAUSED: return _("Paused");
    case VSM_DOMAIN_STATE_SHUTTING_DOWN: return _("Shutting down");
    case VSM_DOMAIN_STATE_SHUT_OFF: return _("Shut off");
    case VSM_DOMAIN_STATE_CRASHED: return _("Crashed");
    case VSM_DOMAIN_STATE_SUSPENDED: return _("Suspended");
    case VSM_DOMAIN_STATE_UNKNOWN:
    default: return _("Unknown");
    }
}

static GPtrArray *
copy_disks (GPtrArray *disks)
{
  GPtrArray *copy = g_ptr_array_new_with_free_func ((GDestroyNotify) vsm_disk_snapshot_free);

  for (guint i = 0; disks != NULL && i < disks->len; i++)
    g_ptr_array_add (copy, vsm_disk_snapshot_copy (g_ptr_array_index (disks, i)));
  return copy;
}

void
vsm_domain_apply_snapshot (VsmDomain               *self,
                           const VsmDomainSnapshot *snap)
{
  g_return_if_fail (VSM_IS_DOMAIN (self));

  g_object_freeze_notify (G_OBJECT (self));
  vsm_notify_set_str (G_OBJECT (self), &self->name, snap->name, properties[PROP_NAME]);
  if (self->state != snap->state)
    {
      self->state = snap->state;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE_LABEL]);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
    }
  self->persistent = snap->persistent;
  g_clear_pointer (&self->disks, g_ptr_array_unref);
  self->disks = copy_disks (snap->disks);
  g_object_thaw_notify (G_OBJECT (self));
}

static void
vsm_domain_finalize (GObject *object)
{
  VsmDomain *self = VSM_DOMAIN (object);

  g_free (self->uuid);
  g_free (self->name);
  g_clear_pointer (&self->disks, g_ptr_array_unref);

  G_OBJECT_CLASS (vsm_domain_parent_class)->finalize (object);
}

static void
vsm_domain_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  VsmDomain *self = VSM_DOMAIN (object);

  switch (prop_id)
    {
    case PROP_UUID: g_value_set_string (value, self->uuid); break;
    case PROP_NAME: g_value_set_string (value, self->name); break;
    case PROP_STATE: g_value_set_int (value, self->state); break;
    case PROP_STATE_LABEL: g_value_set_string (value, vsm_domain_state_to_label (self->state)); break;
    case PROP_RUNNING: g_value_set_boolean (value, vsm_domain_get_running (self)); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vsm_domain_class_init (VsmDomainClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags ro = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = vsm_domain_finalize;
  object_class->get_property = vsm_domain_get_property;

  properties[PROP_UUID] = g_param_spec_string ("uuid", NULL, NULL, NULL, ro);
  properties[PROP_NAME] = g_param_spec_string ("name", NULL, NULL, NULL, ro);
  properties[PROP_STATE] = g_param_spec_int ("state", NULL, NULL, 0, 16, 0, ro);
  properties[PROP_STATE_LABEL] = g_param_spec_string ("state-label", NULL, NULL, NULL, ro);
  properties[PROP_RUNNING] = g_param_spec_boolean ("running", NULL, NULL, FALSE, ro);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
vsm_domain_init (VsmDomain *self)
{
  self->disks = g_ptr_array_new_with_free_func ((GDestroyNotify) vsm_disk_snapshot_free);
}

VsmDomain *
vsm_domain_new (const char *uuid)
{
  VsmDomain *self = g_object_new (VSM_TYPE_DOMAIN, NULL);

  self->uuid = g_strdup (uuid);
  return self;
}

const char *vsm_domain_get_uuid (VsmDomain *self) { g_return_val_if_fail (VSM_IS_DOMAIN (self), NULL); return self->uuid; }
const char *vsm_domain_get_name (VsmDomain *self) { g_return_val_if_fail (VSM_IS_DOMAIN (self), NULL); return self->name; }
VsmDomainState vsm_domain_get_state (VsmDomain *self) { g_return_val_if_fail (VSM_IS_DOMAIN (self), VSM_DOMAIN_STATE_UNKNOWN); return self->state; }
/* Defined (it stays when it stops); FALSE for a transient domain. */
gboolean vsm_domain_get_persistent (VsmDomain *self) { g_return_val_if_fail (VSM_IS_DOMAIN (self), FALSE); return self->persistent; }
/* A QEMU process exists: running, blocked or paused. */
gboolean vsm_domain_get_running (VsmDomain *self)
{
  g_return_val_if_fail (VSM_IS_DOMAIN (self), FALSE);
  return self->state == VSM_DOMAIN_STATE_RUNNING || self->state == VSM_DOMAIN_STATE_BLOCKED ||
         self->state == VSM_DOMAIN_STATE_PAUSED;
}

/**
 * vsm_domain_get_disks:
 *
 * Returns: (transfer none) (element-type VsmDiskSnapshot):
 */
GPtrArray *
vsm_domain_get_disks (VsmDomain *self)
{
  g_return_val_if_fail (VSM_IS_DOMAIN (self), NULL);
  return self->disks;
}
