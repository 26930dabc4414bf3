/* vsm-keyed-list.c
 *
 * A GListModel of GObjects that can also be looked up by a string key
 * (a pool's UUID, a volume's name, a domain's UUID). Snapshot diffs are
 * applied with one items-changed per contiguous run: a list view attached
 * to the model pays O(n) per emission, so row-by-row updates would make
 * loading 10,000 volumes quadratic.
 *
 * Copyright 2026 Virt Storage developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vsm-keyed-list"

#include "config.h"

#include "vsm-keyed-list.h"

struct _VsmKeyedList
{
  GObject     parent_instance;
  GType       item_type;
  VsmKeyFunc  key_func;
  GPtrArray  *items;
  GHashTable *index;   /* key (borrowed from the item) → item */
};

enum {
  PROP_0,
  PROP_N_ITEMS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static GType
vsm_keyed_list_get_item_type (GListModel *model)
{
  return VSM_KEYED_LIST (model)->item_type;
}

static guint
vsm_keyed_list_list_get_n_items (GListModel *model)
{
  return VSM_KEYED_LIST (model)->items->len;
}

static gpointer
vsm_keyed_list_get_item (GListModel *model,
                         guint       position)
{
  VsmKeyedList *self = VSM_KEYED_LIST (model);

  if (position >= self->items->len)
    return NULL;
  return g_object_ref (g_ptr_array_index (self->items, position));
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = vsm_keyed_list_get_item_type;
  iface->get_n_items = vsm_keyed_list_list_get_n_items;
  iface->get_item = vsm_keyed_list_get_item;
}

G_DEFINE_FINAL_TYPE_WITH_CODE (VsmKeyedList, vsm_keyed_list, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

static void
emit_changed (VsmKeyedList *self,
              guint         position,
              guint         removed,
              guint         added)
{
  if (removed == 0 && added == 0)
    return;
  g_list_model_items_changed (G_LIST_MODEL (self), position, removed, added);
  if (removed != added)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
}

static void
vsm_keyed_list_finalize (GObject *object)
{
  VsmKeyedList *self = VSM_KEYED_LIST (object);

  g_clear_pointer (&self->index, g_hash_table_unref);
  g_clear_pointer (&self->items, g_ptr_array_unref);

  G_OBJECT_CLASS (vsm_keyed_list_parent_class)->finalize (object);
}

static void
vsm_keyed_list_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  switch (prop_id)
    {
    case PROP_N_ITEMS:
      g_value_set_uint (value, VSM_KEYED_LIST (object)->items->len);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vsm_keyed_list_class_init (VsmKeyedListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = vsm_keyed_list_finalize;
  object_class->get_property = vsm_keyed_list_get_property;

  properties[PROP_N_ITEMS] =
    g_param_spec_uint ("n-items", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
vsm_keyed_list_init (VsmKeyedList *self)
{
  self->items = g_ptr_array_new_with_free_func (g_object_unref);
  self->index = g_hash_table_new (g_str_hash, g_str_equal);
}

VsmKeyedList *
vsm_keyed_list_new (GType      item_type,
                    VsmKeyFunc key_func)
{
  VsmKeyedList *self;

  g_return_val_if_fail (g_type_is_a (item_type, G_TYPE_OBJECT), NULL);
  g_return_val_if_fail (key_func != NULL, NULL);

  self = g_object_new (VSM_TYPE_KEYED_LIST, NULL);
  self->item_type = item_type;
  self->key_func = key_func;
  return self;
}

gpointer
vsm_keyed_list_lookup (VsmKeyedList *self,
                       const char   *key)
{
  g_return_val_if_fail (VSM_IS_KEYED_LIST (self), NULL);

  if (key == NULL)
    return NULL;
  return g_hash_table_lookup (self->index, key);
}

void
vsm_keyed_list_add (VsmKeyedList *self,
                    gpointer      item)
{
  g_autoptr(GPtrArray) one = g_ptr_array_new ();

  g_ptr_array_add (one, item);
  vsm_keyed_list_add_many (self, one);
}

/**
 * vsm_keyed_list_add_many:
 * @items: (element-type GObject) (transfer none): items to append; items
 *   whose key is already present are skipped
 */
void
vsm_keyed_list_add_many (VsmKeyedList *self,
                         GPtrArray    *items)
{
  guint position;
  guint added = 0;

  g_return_if_fail (VSM_IS_KEYED_LIST (self));

  position = self->items->len;
  for (guint i = 0; i < items->len; i++)
    {
      gpointer item = g_ptr_array_index (items, i);
      const char *key = self->key_func (item);

      if (key == NULL || g_hash_table_contains (self->index, key))
        continue;
      g_ptr_array_add (self->items, g_object_ref (item));
      g_hash_table_insert (self->index, (gpointer) key, item);
      added++;
    }
  emit_changed (self, position, 0, added);
}

gboolean
vsm_keyed_list_remove (VsmKeyedList *self,
                       const char   *key)
{
  gpointer item;
  guint position;

  g_return_val_if_fail (VSM_IS_KEYED_LIST (self), FALSE);

  item = vsm_keyed_list_lookup (self, key);
  if (item == NULL || !g_ptr_array_find (self->items, item, &position))
    return FALSE;
  g_hash_table_remove (self->index, key);
  g_ptr_array_remove_index (self->items, position);
  emit_changed (self, position, 1, 0);
  return TRUE;
}

/**
 * vsm_keyed_list_remove_many:
 * @keys: a set of keys to remove
 *
 * Compacts the array in one pass and emits one items-changed covering the
 * span from the first to the last removed item.
 */
void
vsm_keyed_list_remove_many (VsmKeyedList *self,
                            GHashTable   *keys)
{
  g_autoptr(GPtrArray) kept = NULL;
  guint first = G_MAXUINT, last = 0;

  g_return_if_fail (VSM_IS_KEYED_LIST (self));

  if (keys == NULL || g_hash_table_size (keys) == 0)
    return;

  for (guint i = 0; i < self->items->len; i++)
    if (g_hash_table_contains (keys, self->key_func (g_ptr_array_index (self->items, i))))
      {
        first = MIN (first, i);
        last = i;
      }
  if (first == G_MAXUINT)
    return;

  kept = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = first; i <= last; i++)
    {
      gpointer item = g_ptr_array_index (self->items, i);
      const char *key = self->key_func (item);

      if (g_hash_table_contains (keys, key))
        g_hash_table_remove (self->index, key);
      else
        g_ptr_array_add (kept, g_object_ref (item));
    }
  g_ptr_array_remove_range (self->items, first, last - first + 1);
  for (guint i = 0; i < kept->len; i++)
    g_ptr_array_insert (self->items, first + i, g_object_ref (g_ptr_array_index (kept, i)));
  emit_changed (self, first, last - first + 1, kept->len);
}

/**
 * vsm_keyed_list_sync:
 * @seen: the keys of every item there is now (a set)
 * @added: (element-type GObject) (nullable): the items that are new
 *
 * After a fresh listing: drops the items whose key is not in @seen, then
 * appends @added (in two items-changed signals at most).
 */
void
vsm_keyed_list_sync (VsmKeyedList *self,
                     GHashTable   *seen,
                     GPtrArray    *added)
{
  g_autoptr(GHashTable) gone = g_hash_table_new (g_str_hash, g_str_equal);

  g_return_if_fail (VSM_IS_KEYED_LIST (self));

  for (guint i = 0; i < self->items->len; i++)
    {
      const char *key = self->key_func (g_ptr_array_index (self->items, i));

      if (!g_hash_table_contains (seen, key))
        g_hash_table_add (gone, (gpointer) key);
    }
  vsm_keyed_list_remove_many (self, gone);
  if (added != NULL)
    vsm_keyed_list_add_many (self, added);
}

void
vsm_keyed_list_remove_all (VsmKeyedList *self)
{
  guint n;

  g_return_if_fail (VSM_IS_KEYED_LIST (self));

  n = self->items->len;
  g_hash_table_remove_all (self->index);
  g_ptr_array_set_size (self->items, 0);
  emit_changed (self, 0, n, 0);
}

/**
 * vsm_keyed_list_rekey:
 *
 * Call after an item's key changed (e.g. a volume renamed in its key).
 */
void
vsm_keyed_list_rekey (VsmKeyedList *self,
                      gpointer      item,
                      const char   *old_key)
{
  g_return_if_fail (VSM_IS_KEYED_LIST (self));

  if (old_key != NULL && g_hash_table_lookup (self->index, old_key) == item)
    g_hash_table_remove (self->index, old_key);
  g_hash_table_insert (self->index, (gpointer) self->key_func (item), item);
}

guint
vsm_keyed_list_get_n_items (VsmKeyedList *self)
{
  g_return_val_if_fail (VSM_IS_KEYED_LIST (self), 0);
  return self->items->len;
}

/**
 * vsm_keyed_list_get:
 *
 * Returns: (transfer none): the item at @position
 */
gpointer
vsm_keyed_list_get (VsmKeyedList *self,
                    guint         position)
{
  g_return_val_if_fail (VSM_IS_KEYED_LIST (self), NULL);
  g_return_val_if_fail (position < self->items->len, NULL);
  return g_ptr_array_index (self->items, position);
}
