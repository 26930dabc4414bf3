/* vsm-volume.c
 *
 * Copyright 2026 Virt Storage developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vsm-volume"

#include "config.h"

#include "vsm-notify.h"
#include "vsm-size.h"
#include "vsm-volume.h"

struct _VsmVolume
{
  GObject  parent_instance;
  char    *name;
  char    *key;
  char    *path;
  char    *format;
  char    *volume_type;
  char    *backing_path;
  char    *encryption;
  char    *used_by;
  char    *backing_of;
  guint64  capacity;
  guint64  allocation;
  gboolean has_details;
};

G_DEFINE_FINAL_TYPE (VsmVolume, vsm_volume, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_NAME,
  PROP_KEY,
  PROP_PATH,
  PROP_FORMAT,
  PROP_VOLUME_TYPE,
  PROP_BACKING_PATH,
  PROP_ENCRYPTION,
  PROP_USED_BY,
  PROP_BACKING_OF,
  PROP_CAPACITY,
  PROP_ALLOCATION,
  PROP_HAS_DETAILS,
  PROP_THIN,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

#define NOTIFY(p) g_object_notify_by_pspec (G_OBJECT (self), properties[p])
#define SET_STR(f, v, p) vsm_notify_set_str (G_OBJECT (self), &self->f, v, properties[p])
#define SET_U64(f, v, p) vsm_notify_set_u64 (G_OBJECT (self), &self->f, v, properties[p])
#define SET_BOOL(f, v, p) vsm_notify_set_bool (G_OBJECT (self), &self->f, v, properties[p])

/**
 * vsm_volume_apply_snapshot:
 *
 * Updates the volume in place, notifying only what changed. A names-only
 * snapshot (no details) leaves the details alone.
 */
void
vsm_volume_apply_snapshot (VsmVolume               *self,
                           const VsmVolumeSnapshot *snap)
{
  gboolean was_thin;

  g_return_if_fail (VSM_IS_VOLUME (self));
  g_return_if_fail (snap != NULL);

  if (snap->key != NULL)
    SET_STR (key, snap->key, PROP_KEY);
  if (!snap->has_details)
    return;

  g_object_freeze_notify (G_OBJECT (self));
  was_thin = vsm_volume_get_thin (self);
  SET_STR (path, snap->path, PROP_PATH);
  SET_STR (format, snap->format, PROP_FORMAT);
  SET_STR (volume_type, snap->type, PROP_VOLUME_TYPE);
  SET_STR (backing_path, snap->backing_path, PROP_BACKING_PATH);
  SET_STR (encryption, snap->encryption, PROP_ENCRYPTION);
  SET_U64 (capacity, snap->capacity, PROP_CAPACITY);
  SET_U64 (allocation, snap->allocation, PROP_ALLOCATION);
  SET_BOOL (has_details, TRUE, PROP_HAS_DETAILS);
  if (was_thin != vsm_volume_get_thin (self))
    NOTIFY (PROP_THIN);
  g_object_thaw_notify (G_OBJECT (self));
}

static void
vsm_volume_finalize (GObject *object)
{
  VsmVolume *self = VSM_VOLUME (object);

  g_free (self->name);
  g_free (self->key);
  g_free (self->path);
  g_free (self->format);
  g_free (self->volume_type);
  g_free (self->backing_path);
  g_free (self->encryption);
  g_free (self->used_by);
  g_free (self->backing_of);

  G_OBJECT_CLASS (vsm_volume_parent_class)->finalize (object);
}

static void
vsm_volume_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  VsmVolume *self = VSM_VOLUME (object);

  switch (prop_id)
    {
    case PROP_NAME: g_value_set_string (value, self->name); break;
    case PROP_KEY: g_value_set_string (value, self->key); break;
    case PROP_PATH: g_value_set_string (value, self->path); break;
    case PROP_FORMAT: g_value_set_string (value, self->format); break;
    case PROP_VOLUME_TYPE: g_value_set_string (value, self->volume_type); break;
    case PROP_BACKING_PATH: g_value_set_string (value, self->backing_path); break;
    case PROP_ENCRYPTION: g_value_set_string (value, self->encryption); break;
    case PROP_USED_BY: g_value_set_string (value, self->used_by); break;
    case PROP_BACKING_OF: g_value_set_string (value, self->backing_of); break;
    case PROP_CAPACITY: g_value_set_uint64 (value, self->capacity); break;
    case PROP_ALLOCATION: g_value_set_uint64 (value, self->allocation); break;
    case PROP_HAS_DETAILS: g_value_set_boolean (value, self->has_details); break;
    case PROP_THIN: g_value_set_boolean (value, vsm_volume_get_thin (self)); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vsm_volume_class_init (VsmVolumeClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags ro = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = vsm_volume_finalize;
  object_class->get_property = vsm_volume_get_property;

  properties[PROP_NAME] = g_param_spec_string ("name", NULL, NULL, NULL, ro);
  properties[PROP_KEY] = g_param_spec_string ("key", NULL, NULL, NULL, ro);
  properties[PROP_PATH] = g_param_spec_string ("path", NULL, NULL, NULL, ro);
  properties[PROP_FORMAT] = g_param_spec_string ("format", NULL, NULL, NULL, ro);
  properties[PROP_VOLUME_TYPE] = g_param_spec_string ("volume-type", NULL, NULL, NULL, ro);
  properties[PROP_BACKING_PATH] = g_param_spec_string ("backing-path", NULL, NULL, NULL, ro);
  /* the format of the volume's <encryption> ("luks", "qcow"), NULL if none */
  properties[PROP_ENCRYPTION] = g_param_spec_string ("encryption", NULL, NULL, NULL, ro);
  /* the machines whose disks are it or are built on it ("vm1, vm2") */
  properties[PROP_USED_BY] = g_param_spec_string ("used-by", NULL, NULL, NULL, ro);
  /* the listed volumes built on it: it is in their backing chain */
  properties[PROP_BACKING_OF] = g_param_spec_string ("backing-of", NULL, NULL, NULL, ro);
  properties[PROP_CAPACITY] = g_param_spec_uint64 ("capacity", NULL, NULL, 0, G_MAXUINT64, 0, ro);
  properties[PROP_ALLOCATION] = g_param_spec_uint64 ("allocation", NULL, NULL, 0, G_MAXUINT64, 0, ro);
  properties[PROP_HAS_DETAILS] = g_param_spec_boolean ("has-details", NULL, NULL, FALSE, ro);
  properties[PROP_THIN] = g_param_spec_boolean ("thin", NULL, NULL, FALSE, ro);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
vsm_volume_init (VsmVolume *self)
{
}

VsmVolume *
vsm_volume_new (const char *name)
{
  VsmVolume *self = g_object_new (VSM_TYPE_VOLUME, NULL);

  self->name = g_strdup (name);
  return self;
}

const char *vsm_volume_get_name (VsmVolume *self) { g_return_val_if_fail (VSM_IS_VOLUME (self), NULL); return self->name; }
const char *vsm_volume_get_key (VsmVolume *self) { g_return_val_if_fail (VSM_IS_VOLUME (self), NULL); return self->key; }
const char *vsm_volume_get_path (VsmVolume *self) { g_return_val_if_fail (VSM_IS_VOLUME (self), NULL); return self->path; }
const char *vsm_volume_get_format (VsmVolume *self) { g_return_val_if_fail (VSM_IS_VOLUME (self), NULL); return self->format; }
const char *vsm_volume_get_backing_path (VsmVolume *self) { g_return_val_if_fail (VSM_IS_VOLUME (self), NULL); return self->backing_path; }
const char *vsm_volume_get_encryption (VsmVolume *self) { g_return_val_if_fail (VSM_IS_VOLUME (self), NULL); return self->encryption; }
const char *vsm_volume_get_volume_type (VsmVolume *self) { g_return_val_if_fail (VSM_IS_VOLUME (self), NULL); return self->volume_type; }
guint64 vsm_volume_get_capacity (VsmVolume *self) { g_return_val_if_fail (VSM_IS_VOLUME (self), 0); return self->capacity; }
guint64 vsm_volume_get_allocation (VsmVolume *self) { g_return_val_if_fail (VSM_IS_VOLUME (self), 0); return self->allocation; }
gboolean vsm_volume_get_has_details (VsmVolume *self) { g_return_val_if_fail (VSM_IS_VOLUME (self), FALSE); return self->has_details; }
const char *vsm_volume_get_used_by (VsmVolume *self) { g_return_val_if_fail (VSM_IS_VOLUME (self), NULL); return self->used_by; }

const char *vsm_volume_get_backing_of (VsmVolume *self) { g_return_val_if_fail (VSM_IS_VOLUME (self), NULL); return self->backing_of; }

/* @used_by: the machines ("vm1, vm2"); @backing_of: the volumes built on
 * it ("overlay.qcow2"); NULL for none (the model's index, vsm-host-volumes.c) */
void
vsm_volume_set_users (VsmVolume  *self,
                      const char *used_by,
                      const char *backing_of)
{
  g_return_if_fail (VSM_IS_VOLUME (self));
  SET_STR (used_by, used_by, PROP_USED_BY);
  SET_STR (backing_of, backing_of, PROP_BACKING_OF);
}

/**
 * vsm_volume_get_thin:
 *
 * Thin (sparse): see vsm_size_is_thin().
 */
gboolean
vsm_volume_get_thin (VsmVolume *self)
{
  g_return_val_if_fail (VSM_IS_VOLUME (self), FALSE);
  return self->has_details && vsm_size_is_thin (self->capacity, self->allocation);
}
