/* vsm-pool.c
 *
 * Copyright 2026 Virt Storage developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vsm-pool"

#include "config.h"

#include <glib/gi18n.h>

#include "vsm-notify.h"
#include "vsm-pool.h"
#include "vsm-pool-type.h"
#include "vsm-size.h"
#include "vsm-volume.h"

struct _VsmPool
{
  GObject       parent_instance;
  char         *uuid;
  char         *name;
  char         *pool_type;
  char         *target_path;
  char         *source;
  char         *source_device;
  char         *source_key;
  VsmPoolState  state;
  gboolean      active;
  gboolean      persistent;
  gboolean      autostart;
  guint64       capacity;
  guint64       allocation;
  guint64       available;
  guint64       volume_capacity;
  guint         n_volumes;
  gboolean      totals_known;
  gboolean      totals_pending;
  gboolean      busy;
  gboolean      storage_deleted;
  gboolean      volumes_loaded;
  gboolean      volumes_loading;
  guint         partial_in_pool;   /* libvirt's count when the listing was partial, else 0 */
  guint         list_limit;
  char         *volumes_error;
  VsmKeyedList *volumes;
};

G_DEFINE_FINAL_TYPE (VsmPool, vsm_pool, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_UUID,
  PROP_NAME,
  PROP_POOL_TYPE,
  PROP_TYPE_LABEL,
  PROP_ICON_NAME,
  PROP_STATE,
  PROP_STATE_LABEL,
  PROP_ACTIVE,
  PROP_PERSISTENT,
  PROP_AUTOSTART,
  PROP_CAPACITY,
  PROP_ALLOCATION,
  PROP_AVAILABLE,
  PROP_USAGE,
  PROP_TARGET_PATH,
  PROP_SOURCE,
  PROP_SOURCE_DEVICE,
  PROP_VOLUME_CAPACITY,
  PROP_N_VOLUMES,
  PROP_TOTALS_KNOWN,
  PROP_TOTALS_PENDING,
  PROP_OVERCOMMIT,
  PROP_OVERCOMMIT_WARNING,
  PROP_BUSY,
  PROP_VOLUMES,
  PROP_VOLUMES_LOADED,
  PROP_VOLUMES_LOADING,
  PROP_VOLUMES_PARTIAL,
  PROP_VOLUMES_IN_POOL,
  PROP_LIST_LIMIT,
  PROP_VOLUMES_ERROR,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const char *
volume_key (gpointer item)
{
  return vsm_volume_get_name (item);
}

const char *
vsm_pool_state_to_label (VsmPoolState state)
{
  switch (state)
    {
    case VSM_POOL_STATE_INACTIVE: return _("Inactive");
    case VSM_POOL_STATE_BUILDING: return _("Building");
    case VSM_POOL_STATE_RUNNING: return _("Active");
    case VSM_POOL_STATE_DEGRADED: return _("Degraded");
    case VSM_POOL_STATE_INACCESSIBLE: return _("Inaccessible");
    case VSM_POOL_STATE_UNKNOWN:
    default: return _("Unknown");
    }
}

#define NOTIFY(p) g_object_notify_by_pspec (G_OBJECT (self), properties[p])
#define SET_STR(f, v, p) vsm_notify_set_str (G_OBJECT (self), &self->f, v, properties[p])
#define SET_U64(f, v, p) vsm_notify_set_u64 (G_OBJECT (self), &self->f, v, properties[p])
#define SET_BOOL(f, v, p) vsm_notify_set_bool (G_OBJECT (self), &self->f, v, properties[p])

void
vsm_pool_apply_snapshot (VsmPool               *self,
                         const VsmPoolSnapshot *snap)
{
  gboolean usage_changed;

  g_return_if_fail (VSM_IS_POOL (self));
  g_return_if_fail (snap != NULL);

  g_object_freeze_notify (G_OBJECT (self));
  /* running again (started here, by virsh, by autostart): it has storage */
  if (snap->active)
    self->storage_deleted = FALSE;
  SET_STR (name, snap->name, PROP_NAME);
  if (SET_STR (pool_type, snap->type, PROP_POOL_TYPE))
    {
      NOTIFY (PROP_TYPE_LABEL);
      NOTIFY (PROP_ICON_NAME);
    }
  if (self->state != snap->state)
    {
      self->state = snap->state;
      NOTIFY (PROP_STATE);
      NOTIFY (PROP_STATE_LABEL);
    }
  SET_BOOL (active, snap->active, PROP_ACTIVE);
  SET_BOOL (persistent, snap->persistent, PROP_PERSISTENT);
  SET_BOOL (autostart, snap->autostart, PROP_AUTOSTART);
  usage_changed = self->allocation != snap->allocation || self->capacity != snap->capacity;
  SET_U64 (allocation, snap->allocation, PROP_ALLOCATION);
  /* Free space is never more than capacity minus allocation: an over-full
   * pool (the test driver's, say) reports an underflowed ~16 EiB. */
  SET_U64 (available, MIN (snap->available, snap->capacity > snap->allocation ? snap->capacity - snap->allocation : 0),
           PROP_AVAILABLE);
  if (SET_U64 (capacity, snap->capacity, PROP_CAPACITY))
    {
      NOTIFY (PROP_OVERCOMMIT);
      NOTIFY (PROP_OVERCOMMIT_WARNING);
    }
  if (usage_changed)
    NOTIFY (PROP_USAGE);
  SET_STR (target_path, snap->target_path, PROP_TARGET_PATH);
  SET_STR (source, snap->source, PROP_SOURCE);
  SET_STR (source_device, snap->source_device, PROP_SOURCE_DEVICE);
  /* for comparing only: no property */
  g_free (self->source_key);
  self->source_key = g_strdup (snap->source_key);

  if (!self->active)
    {
      /* An inactive pool has no volume list: drop whatever was loaded. */
      vsm_keyed_list_remove_all (self->volumes);
      vsm_pool_set_volumes_loaded (self, FALSE);
      vsm_pool_set_volumes_partial (self, 0, self->list_limit);
      vsm_pool_set_volumes_error (self, NULL);
    }
  g_object_thaw_notify (G_OBJECT (self));
}

void
vsm_pool_set_totals (VsmPool *self,
                     guint64  volume_capacity,
                     guint    n_volumes)
{
  g_return_if_fail (VSM_IS_POOL (self));

  g_object_freeze_notify (G_OBJECT (self));
  if (SET_U64 (volume_capacity, volume_capacity, PROP_VOLUME_CAPACITY))
    {
      NOTIFY (PROP_OVERCOMMIT);
      NOTIFY (PROP_OVERCOMMIT_WARNING);
    }
  if (self->n_volumes != n_volumes)
    {
      self->n_volumes = n_volumes;
      NOTIFY (PROP_N_VOLUMES);
    }
  SET_BOOL (totals_known, TRUE, PROP_TOTALS_KNOWN);
  g_object_thaw_notify (G_OBJECT (self));
}

/**
 * vsm_pool_recompute_totals:
 *
 * Sums the capacities of the loaded volumes (the overcommit figure); of
 * a pool listed only in part, the sum is not known.
 */
void
vsm_pool_recompute_totals (VsmPool *self)
{
  guint64 sum = 0;
  guint n;

  g_return_if_fail (VSM_IS_POOL (self));

  if (self->partial_in_pool > 0)
    return;

  n = vsm_keyed_list_get_n_items (self->volumes);
  for (guint i = 0; i < n; i++)
    {
      guint64 cap = vsm_volume_get_capacity (vsm_keyed_list_get (self->volumes, i));
      sum = cap > G_MAXUINT64 - sum ? G_MAXUINT64 : sum + cap;
    }
  vsm_pool_set_totals (self, sum, n);
}

static void
vsm_pool_finalize (GObject *object)
{
  VsmPool *self = VSM_POOL (object);

  g_free (self->uuid);
  g_free (self->name);
  g_free (self->pool_type);
  g_free (self->target_path);
  g_free (self->source);
  g_free (self->source_device);
  g_free (self->source_key);
  g_free (self->volumes_error);
  g_clear_object (&self->volumes);

  G_OBJECT_CLASS (vsm_pool_parent_class)->finalize (object);
}

static void
vsm_pool_get_property (GObject    *object,
                       guint       prop_id,
                       GValue     *value,
                       GParamSpec *pspec)
{
  VsmPool *self = VSM_POOL (object);

  switch (prop_id)
    {
    case PROP_UUID: g_value_set_string (value, self->uuid); break;
    case PROP_NAME: g_value_set_string (value, self->name); break;
    case PROP_POOL_TYPE: g_value_set_string (value, self->pool_type); break;
    case PROP_TYPE_LABEL: g_value_set_string (value, vsm_pool_type_get_label (self->pool_type)); break;
    case PROP_ICON_NAME: g_value_set_string (value, vsm_pool_type_get_icon_name (self->pool_type)); break;
    case PROP_STATE: g_value_set_int (value, self->state); break;
    case PROP_STATE_LABEL: g_value_set_string (value, vsm_pool_state_to_label (self->state)); break;
    case PROP_ACTIVE: g_value_set_boolean (value, self->active); break;
    case PROP_PERSISTENT: g_value_set_boolean (value, self->persistent); break;
    case PROP_AUTOSTART: g_value_set_boolean (value, self->autostart); break;
    case PROP_CAPACITY: g_value_set_uint64 (value, self->capacity); break;
    case PROP_ALLOCATION: g_value_set_uint64 (value, self->allocation); break;
    case PROP_AVAILABLE: g_value_set_uint64 (value, self->available); break;
    case PROP_USAGE: g_value_set_double (value, vsm_pool_get_usage (self)); break;
    case PROP_TARGET_PATH: g_value_set_string (value, self->target_path); break;
    case PROP_SOURCE: g_value_set_string (value, self->source); break;
    case PROP_SOURCE_DEVICE: g_value_set_string (value, self->source_device); break;
    case PROP_VOLUME_CAPACITY: g_value_set_uint64 (value, self->volume_capacity); break;
    case PROP_N_VOLUMES: g_value_set_uint (value, self->n_volumes); break;
    case PROP_TOTALS_KNOWN: g_value_set_boolean (value, self->totals_known); break;
    case PROP_TOTALS_PENDING: g_value_set_boolean (value, self->totals_pending); break;
    case PROP_OVERCOMMIT: g_value_set_double (value, vsm_pool_get_overcommit (self)); break;
    case PROP_OVERCOMMIT_WARNING:
      g_value_set_boolean (value, vsm_overcommit_is_warning (self->volume_capacity, self->capacity));
      break;
    case PROP_BUSY: g_value_set_boolean (value, self->busy); break;
    case PROP_VOLUMES: g_value_set_object (value, self->volumes); break;
    case PROP_VOLUMES_LOADED: g_value_set_boolean (value, self->volumes_loaded); break;
    case PROP_VOLUMES_LOADING: g_value_set_boolean (value, self->volumes_loading); break;
    case PROP_VOLUMES_PARTIAL: g_value_set_boolean (value, self->partial_in_pool > 0); break;
    case PROP_VOLUMES_IN_POOL: g_value_set_uint (value, vsm_pool_get_volumes_in_pool (self)); break;
    case PROP_LIST_LIMIT: g_value_set_uint (value, self->list_limit); break;
    case PROP_VOLUMES_ERROR: g_value_set_string (value, self->volumes_error); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vsm_pool_class_init (VsmPoolClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags ro = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = vsm_pool_finalize;
  object_class->get_property = vsm_pool_get_property;

  properties[PROP_UUID] = g_param_spec_string ("uuid", NULL, NULL, NULL, ro);
  properties[PROP_NAME] = g_param_spec_string ("name", NULL, NULL, NULL, ro);
  properties[PROP_POOL_TYPE] = g_param_spec_string ("pool-type", NULL, NULL, NULL, ro);
  properties[PROP_TYPE_LABEL] = g_param_spec_string ("type-label", NULL, NULL, NULL, ro);
  properties[PROP_ICON_NAME] = g_param_spec_string ("icon-name", NULL, NULL, NULL, ro);
  properties[PROP_STATE] = g_param_spec_int ("state", NULL, NULL, 0, VSM_POOL_STATE_UNKNOWN, 0, ro);
  properties[PROP_STATE_LABEL] = g_param_spec_string ("state-label", NULL, NULL, NULL, ro);
  properties[PROP_ACTIVE] = g_param_spec_boolean ("active", NULL, NULL, FALSE, ro);
  properties[PROP_PERSISTENT] = g_param_spec_boolean ("persistent", NULL, NULL, FALSE, ro);
  properties[PROP_AUTOSTART] = g_param_spec_boolean ("autostart", NULL, NULL, FALSE, ro);
  properties[PROP_CAPACITY] = g_param_spec_uint64 ("capacity", NULL, NULL, 0, G_MAXUINT64, 0, ro);
  properties[PROP_ALLOCATION] = g_param_spec_uint64 ("allocation", NULL, NULL, 0, G_MAXUINT64, 0, ro);
  properties[PROP_AVAILABLE] = g_param_spec_uint64 ("available", NULL, NULL, 0, G_MAXUINT64, 0, ro);
  properties[PROP_USAGE] = g_param_spec_double ("usage", NULL, NULL, 0.0, 1.0, 0.0, ro);
  properties[PROP_TARGET_PATH] = g_param_spec_string ("target-path", NULL, NULL, NULL, ro);
  properties[PROP_SOURCE] = g_param_spec_string ("source", NULL, NULL, NULL, ro);
  properties[PROP_SOURCE_DEVICE] = g_param_spec_string ("source-device", NULL, NULL, NULL, ro);
  properties[PROP_VOLUME_CAPACITY] = g_param_spec_uint64 ("volume-capacity", NULL, NULL, 0, G_MAXUINT64, 0, ro);
  properties[PROP_N_VOLUMES] = g_param_spec_uint ("n-volumes", NULL, NULL, 0, G_MAXUINT, 0, ro);
  properties[PROP_TOTALS_KNOWN] = g_param_spec_boolean ("totals-known", NULL, NULL, FALSE, ro);
  /* the host will sum the volumes' capacities in the background */
  properties[PROP_TOTALS_PENDING] = g_param_spec_boolean ("totals-pending", NULL, NULL, FALSE, ro);
  properties[PROP_OVERCOMMIT] = g_param_spec_double ("overcommit", NULL, NULL, 0.0, G_MAXDOUBLE, 0.0, ro);
  properties[PROP_OVERCOMMIT_WARNING] = g_param_spec_boolean ("overcommit-warning", NULL, NULL, FALSE, ro);
  properties[PROP_BUSY] = g_param_spec_boolean ("busy", NULL, NULL, FALSE, ro);
  properties[PROP_VOLUMES] = g_param_spec_object ("volumes", NULL, NULL, VSM_TYPE_KEYED_LIST,
                                                  G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_VOLUMES_LOADED] = g_param_spec_boolean ("volumes-loaded", NULL, NULL, FALSE, ro);
  properties[PROP_VOLUMES_LOADING] = g_param_spec_boolean ("volumes-loading", NULL, NULL, FALSE, ro);
  properties[PROP_VOLUMES_PARTIAL] = g_param_spec_boolean ("volumes-partial", NULL, NULL, FALSE, ro);
  properties[PROP_VOLUMES_IN_POOL] = g_param_spec_uint ("volumes-in-pool", NULL, NULL, 0, G_MAXUINT, 0, ro);
  properties[PROP_LIST_LIMIT] = g_param_spec_uint ("list-limit", NULL, NULL, 0, G_MAXUINT, 0, ro);
  properties[PROP_VOLUMES_ERROR] = g_param_spec_string ("volumes-error", NULL, NULL, NULL, ro);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
vsm_pool_init (VsmPool *self)
{
  self->volumes = vsm_keyed_list_new (VSM_TYPE_VOLUME, volume_key);
}

VsmPool *
vsm_pool_new (const char *uuid)
{
  VsmPool *self = g_object_new (VSM_TYPE_POOL, NULL);

  self->uuid = g_strdup (uuid);
  return self;
}

const char *vsm_pool_get_uuid (VsmPool *self) { g_return_val_if_fail (VSM_IS_POOL (self), NULL); return self->uuid; }
const char *vsm_pool_get_name (VsmPool *self) { g_return_val_if_fail (VSM_IS_POOL (self), NULL); return self->name; }
const char *vsm_pool_get_pool_type (VsmPool *self) { g_return_val_if_fail (VSM_IS_POOL (self), NULL); return self->pool_type; }
VsmPoolState vsm_pool_get_state (VsmPool *self) { g_return_val_if_fail (VSM_IS_POOL (self), 0); return self->state; }
gboolean vsm_pool_get_active (VsmPool *self) { g_return_val_if_fail (VSM_IS_POOL (self), FALSE); return self->active; }
gboolean vsm_pool_get_persistent (VsmPool *self) { g_return_val_if_fail (VSM_IS_POOL (self), FALSE); return self->persistent; }
gboolean vsm_pool_get_autostart (VsmPool *self) { g_return_val_if_fail (VSM_IS_POOL (self), FALSE); return self->autostart; }
guint64 vsm_pool_get_capacity (VsmPool *self) { g_return_val_if_fail (VSM_IS_POOL (self), 0); return self->capacity; }
guint64 vsm_pool_get_allocation (VsmPool *self) { g_return_val_if_fail (VSM_IS_POOL (self), 0); return self->allocation; }
guint64 vsm_pool_get_available (VsmPool *self) { g_return_val_if_fail (VSM_IS_POOL (self), 0); return self->available; }

/**
 * vsm_pool_get_usage:
 *
 * Returns: allocation / capacity, at most 1 (for a bar)
 */
double
vsm_pool_get_usage (VsmPool *self)
{
  g_return_val_if_fail (VSM_IS_POOL (self), 0.0);
  return MIN (vsm_size_fraction (self->allocation, self->capacity), 1.0);
}

/**
 * vsm_pool_get_over_capacity:
 *
 * Returns: by how much the allocation exceeds the capacity, or 0
 */
guint64
vsm_pool_get_over_capacity (VsmPool *self)
{
  g_return_val_if_fail (VSM_IS_POOL (self), 0);
  return self->allocation > self->capacity ? self->allocation - self->capacity : 0;
}
const char *vsm_pool_get_target_path (VsmPool *self) { g_return_val_if_fail (VSM_IS_POOL (self), NULL); return self->target_path; }
const char *vsm_pool_get_source (VsmPool *self) { g_return_val_if_fail (VSM_IS_POOL (self), NULL); return self->source; }
const char *vsm_pool_get_source_device (VsmPool *self) { g_return_val_if_fail (VSM_IS_POOL (self), NULL); return self->source_device; }
const char *vsm_pool_get_source_key (VsmPool *self) { g_return_val_if_fail (VSM_IS_POOL (self), NULL); return self->source_key; }
VsmKeyedList *vsm_pool_get_volumes (VsmPool *self) { g_return_val_if_fail (VSM_IS_POOL (self), NULL); return self->volumes; }
gboolean vsm_pool_get_busy (VsmPool *self) { g_return_val_if_fail (VSM_IS_POOL (self), FALSE); return self->busy; }
gboolean vsm_pool_get_volumes_loaded (VsmPool *self) { g_return_val_if_fail (VSM_IS_POOL (self), FALSE); return self->volumes_loaded; }
gboolean vsm_pool_get_volumes_loading (VsmPool *self) { g_return_val_if_fail (VSM_IS_POOL (self), FALSE); return self->volumes_loading; }
guint64 vsm_pool_get_volume_capacity (VsmPool *self) { g_return_val_if_fail (VSM_IS_POOL (self), 0); return self->volume_capacity; }
gboolean vsm_pool_get_totals_known (VsmPool *self) { g_return_val_if_fail (VSM_IS_POOL (self), FALSE); return self->totals_known; }
/**
 * vsm_pool_get_volumes_complete:
 *
 * Whether the pool's volumes are listed, each with its details, and no
 * listing runs.
 */
gboolean
vsm_pool_get_volumes_complete (VsmPool *self)
{
  guint n;

  g_return_val_if_fail (VSM_IS_POOL (self), FALSE);

  if (!self->volumes_loaded || self->volumes_loading)
    return FALSE;
  n = vsm_keyed_list_get_n_items (self->volumes);
  for (guint i = 0; i < n; i++)
    if (!vsm_volume_get_has_details (vsm_keyed_list_get (self->volumes, i)))
      return FALSE;
  return TRUE;
}

gboolean vsm_pool_get_totals_pending (VsmPool *self) { g_return_val_if_fail (VSM_IS_POOL (self), FALSE); return self->totals_pending; }

void
vsm_pool_set_totals_pending (VsmPool  *self,
                             gboolean  pending)
{
  g_return_if_fail (VSM_IS_POOL (self));
  SET_BOOL (totals_pending, pending, PROP_TOTALS_PENDING);
}

double
vsm_pool_get_overcommit (VsmPool *self)
{
  g_return_val_if_fail (VSM_IS_POOL (self), 0.0);
  return vsm_overcommit_percent (self->volume_capacity, self->capacity);
}

void
vsm_pool_set_busy (VsmPool  *self,
                   gboolean  busy)
{
  g_return_if_fail (VSM_IS_POOL (self));
  SET_BOOL (busy, busy, PROP_BUSY);
}

gboolean
vsm_pool_get_storage_deleted (VsmPool *self)
{
  g_return_val_if_fail (VSM_IS_POOL (self), FALSE);
  return self->storage_deleted;
}

void
vsm_pool_set_storage_deleted (VsmPool  *self,
                              gboolean  deleted)
{
  g_return_if_fail (VSM_IS_POOL (self));
  self->storage_deleted = deleted;
}

void
vsm_pool_set_volumes_loaded (VsmPool  *self,
                             gboolean  loaded)
{
  g_return_if_fail (VSM_IS_POOL (self));
  SET_BOOL (volumes_loaded, loaded, PROP_VOLUMES_LOADED);
}

void
vsm_pool_set_volumes_loading (VsmPool  *self,
                              gboolean  loading)
{
  g_return_if_fail (VSM_IS_POOL (self));
  SET_BOOL (volumes_loading, loading, PROP_VOLUMES_LOADING);
}

void
vsm_pool_set_volumes_partial (VsmPool *self,
                              guint    n_in_pool,
                              guint    limit)
{
  gboolean was_partial;

  g_return_if_fail (VSM_IS_POOL (self));

  was_partial = self->partial_in_pool > 0;
  g_object_freeze_notify (G_OBJECT (self));
  if (self->list_limit != limit)
    {
      self->list_limit = limit;
      NOTIFY (PROP_LIST_LIMIT);
    }
  if (self->partial_in_pool != n_in_pool)
    {
      self->partial_in_pool = n_in_pool;
      NOTIFY (PROP_VOLUMES_IN_POOL);
    }
  if (was_partial != (n_in_pool > 0))
    NOTIFY (PROP_VOLUMES_PARTIAL);
  /* the sum of a part is not the pool's: the figure is not known */
  if (n_in_pool > 0)
    SET_BOOL (totals_known, FALSE, PROP_TOTALS_KNOWN);
  g_object_thaw_notify (G_OBJECT (self));
}

gboolean
vsm_pool_get_volumes_partial (VsmPool *self)
{
  g_return_val_if_fail (VSM_IS_POOL (self), FALSE);
  return self->partial_in_pool > 0;
}

guint
vsm_pool_get_volumes_in_pool (VsmPool *self)
{
  g_return_val_if_fail (VSM_IS_POOL (self), 0);
  return self->partial_in_pool > 0 ? self->partial_in_pool : vsm_keyed_list_get_n_items (self->volumes);
}

guint
vsm_pool_get_list_limit (VsmPool *self)
{
  g_return_val_if_fail (VSM_IS_POOL (self), 0);
  return self->list_limit;
}

const char *
vsm_pool_get_volumes_error (VsmPool *self)
{
  g_return_val_if_fail (VSM_IS_POOL (self), NULL);
  return self->volumes_error;
}

void
vsm_pool_set_volumes_error (VsmPool    *self,
                            const char *error)
{
  g_return_if_fail (VSM_IS_POOL (self));
  SET_STR (volumes_error, error, PROP_VOLUMES_ERROR);
}
