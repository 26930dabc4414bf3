/* test-keyed-list.c: VsmKeyedList and its GListModel contract
 *
 * Copyright 2026 Virt Storage developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gio/gio.h>

#include "vsm-keyed-list.h"

/* Items are plain GObjects whose key lives in their data, so a test can
 * change a key (for rekey). */
static const char *
item_key (gpointer item)
{
  return g_object_get_data (item, "key");
}

static GObject *
item_new (const char *key)
{
  GObject *item = g_object_new (G_TYPE_OBJECT, NULL);

  g_object_set_data_full (item, "key", g_strdup (key), g_free);
  return item;
}

typedef struct
{
  guint position;
  guint removed;
  guint added;
} Change;

typedef struct
{
  VsmKeyedList *list;
  GArray       *changes;    /* of Change */
  guint         n_items_notifies;
} Fixture;

static void
items_changed_cb (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  Fixture    *f)
{
  Change c = { position, removed, added };

  /* The model is consistent when the signal is emitted. */
  g_assert_cmpuint (g_list_model_get_n_items (model), ==,
                    vsm_keyed_list_get_n_items (VSM_KEYED_LIST (model)));
  g_array_append_val (f->changes, c);
}

static void
n_items_cb (GObject    *object,
            GParamSpec *pspec,
            Fixture    *f)
{
  f->n_items_notifies++;
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  f->list = vsm_keyed_list_new (G_TYPE_OBJECT, item_key);
  f->changes = g_array_new (FALSE, TRUE, sizeof (Change));
  g_signal_connect (f->list, "items-changed", G_CALLBACK (items_changed_cb), f);
  g_signal_connect (f->list, "notify::n-items", G_CALLBACK (n_items_cb), f);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_assert_finalize_object (f->list);
  g_array_unref (f->changes);
}

static void
reset_counts (Fixture *f)
{
  g_array_set_size (f->changes, 0);
  f->n_items_notifies = 0;
}

static void
assert_one_change (Fixture *f,
                   guint    position,
                   guint    removed,
                   guint    added)
{
  Change *c;

  g_assert_cmpuint (f->changes->len, ==, 1);
  c = &g_array_index (f->changes, Change, 0);
  g_assert_cmpuint (c->position, ==, position);
  g_assert_cmpuint (c->removed, ==, removed);
  g_assert_cmpuint (c->added, ==, added);
}

/* The keys in model order, joined with ",". */
static char *
dup_keys (VsmKeyedList *list)
{
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < vsm_keyed_list_get_n_items (list); i++)
    {
      if (i > 0)
        g_string_append_c (s, ',');
      g_string_append (s, item_key (vsm_keyed_list_get (list, i)));
    }
  return g_string_free (s, FALSE);
}

#define assert_keys(list, expected)                      \
  G_STMT_START {                                         \
    g_autofree char *_keys = dup_keys (list);            \
    g_assert_cmpstr (_keys, ==, expected);               \
  } G_STMT_END

static void
fill (Fixture    *f,
      const char *keys)
{
  g_auto(GStrv) parts = g_strsplit (keys, ",", -1);
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; parts[i] != NULL; i++)
    g_ptr_array_add (items, item_new (parts[i]));
  vsm_keyed_list_add_many (f->list, items);
}

static void
test_add (Fixture       *f,
          gconstpointer  data)
{
  g_autoptr(GObject) a = item_new ("a");
  g_autoptr(GObject) b = item_new ("b");
  g_autoptr(GObject) a2 = item_new ("a");

  g_assert_cmpuint (vsm_keyed_list_get_n_items (f->list), ==, 0);

  vsm_keyed_list_add (f->list, a);
  assert_one_change (f, 0, 0, 1);
  g_assert_cmpuint (f->n_items_notifies, ==, 1);
  /* The list holds its own reference. */
  g_assert_cmpuint (a->ref_count, ==, 2);

  reset_counts (f);
  vsm_keyed_list_add (f->list, b);
  assert_one_change (f, 1, 0, 1);
  g_assert_cmpuint (f->n_items_notifies, ==, 1);

  /* Same key again: skipped without any signal. */
  reset_counts (f);
  vsm_keyed_list_add (f->list, a2);
  g_assert_cmpuint (f->changes->len, ==, 0);
  g_assert_cmpuint (f->n_items_notifies, ==, 0);
  g_assert_cmpuint (a2->ref_count, ==, 1);
  g_assert_true (vsm_keyed_list_lookup (f->list, "a") == (gpointer) a);

  /* The same object twice is skipped too. */
  vsm_keyed_list_add (f->list, a);
  g_assert_cmpuint (f->changes->len, ==, 0);
  assert_keys (f->list, "a,b");
}

static void
test_add_many (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) dups = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) empty = g_ptr_array_new ();
  GObject *nokey;

  fill (f, "a,b,c");
  assert_one_change (f, 0, 0, 3);
  g_assert_cmpuint (f->n_items_notifies, ==, 1);
  assert_keys (f->list, "a,b,c");

  /* Duplicates against the list and within the batch are skipped; an item
   * without a key is skipped. */
  reset_counts (f);
  g_ptr_array_add (items, item_new ("b"));
  g_ptr_array_add (items, item_new ("d"));
  g_ptr_array_add (items, item_new ("d"));
  nokey = g_object_new (G_TYPE_OBJECT, NULL);
  g_ptr_array_add (items, nokey);
  g_ptr_array_add (items, item_new ("e"));
  vsm_keyed_list_add_many (f->list, items);
  assert_one_change (f, 3, 0, 2);
  g_assert_cmpuint (f->n_items_notifies, ==, 1);
  assert_keys (f->list, "a,b,c,d,e");
  /* The first "d" of the batch won. */
  g_assert_true (vsm_keyed_list_lookup (f->list, "d") == g_ptr_array_index (items, 1));
  g_assert_cmpuint (G_OBJECT (g_ptr_array_index (items, 2))->ref_count, ==, 1);
  g_assert_cmpuint (nokey->ref_count, ==, 1);

  /* Nothing new: no signal at all. */
  reset_counts (f);
  g_ptr_array_add (dups, item_new ("a"));
  g_ptr_array_add (dups, item_new ("e"));
  vsm_keyed_list_add_many (f->list, dups);
  vsm_keyed_list_add_many (f->list, empty);
  g_assert_cmpuint (f->changes->len, ==, 0);
  g_assert_cmpuint (f->n_items_notifies, ==, 0);
  g_assert_cmpuint (vsm_keyed_list_get_n_items (f->list), ==, 5);
}

static void
test_lookup (Fixture       *f,
             gconstpointer  data)
{
  fill (f, "alpha,beta,gamma");

  for (guint i = 0; i < 3; i++)
    {
      gpointer item = vsm_keyed_list_get (f->list, i);
      g_assert_true (vsm_keyed_list_lookup (f->list, item_key (item)) == item);
    }
  g_assert_null (vsm_keyed_list_lookup (f->list, "delta"));
  g_assert_null (vsm_keyed_list_lookup (f->list, NULL));
  g_assert_null (vsm_keyed_list_lookup (f->list, ""));
  g_assert_null (vsm_keyed_list_lookup (f->list, "ALPHA"));
}

static void
test_remove (Fixture       *f,
             gconstpointer  data)
{
  GObject *b;

  fill (f, "a,b,c");
  b = vsm_keyed_list_lookup (f->list, "b");
  g_object_add_weak_pointer (b, (gpointer *) &b);

  reset_counts (f);
  g_assert_true (vsm_keyed_list_remove (f->list, "b"));
  assert_one_change (f, 1, 1, 0);
  g_assert_cmpuint (f->n_items_notifies, ==, 1);
  assert_keys (f->list, "a,c");
  g_assert_null (vsm_keyed_list_lookup (f->list, "b"));
  /* The list held the only reference. */
  g_assert_null (b);

  reset_counts (f);
  g_assert_false (vsm_keyed_list_remove (f->list, "b"));
  g_assert_false (vsm_keyed_list_remove (f->list, "zzz"));
  g_assert_false (vsm_keyed_list_remove (f->list, NULL));
  g_assert_cmpuint (f->changes->len, ==, 0);
  g_assert_cmpuint (f->n_items_notifies, ==, 0);

  g_assert_true (vsm_keyed_list_remove (f->list, "c"));
  assert_one_change (f, 1, 1, 0);
  reset_counts (f);
  g_assert_true (vsm_keyed_list_remove (f->list, "a"));
  assert_one_change (f, 0, 1, 0);
  g_assert_cmpuint (vsm_keyed_list_get_n_items (f->list), ==, 0);
}

static GHashTable *
key_set (const char *keys)
{
  GHashTable *set = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_auto(GStrv) parts = g_strsplit (keys, ",", -1);

  for (guint i = 0; parts[i] != NULL; i++)
    if (*parts[i])
      g_hash_table_add (set, g_strdup (parts[i]));
  return set;
}

static void
test_remove_many_scattered (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(GHashTable) keys = key_set ("a,c,e,zzz");

  fill (f, "a,b,c,d,e");
  reset_counts (f);
  vsm_keyed_list_remove_many (f->list, keys);
  /* One emission covering the span a..e, with the survivors re-added. */
  assert_one_change (f, 0, 5, 2);
  g_assert_cmpuint (f->n_items_notifies, ==, 1);
  assert_keys (f->list, "b,d");
  g_assert_null (vsm_keyed_list_lookup (f->list, "a"));
  g_assert_null (vsm_keyed_list_lookup (f->list, "c"));
  g_assert_null (vsm_keyed_list_lookup (f->list, "e"));
  g_assert_nonnull (vsm_keyed_list_lookup (f->list, "b"));
  g_assert_nonnull (vsm_keyed_list_lookup (f->list, "d"));
  /* Survivors keep exactly one reference from the list. */
  g_assert_cmpuint (G_OBJECT (vsm_keyed_list_get (f->list, 0))->ref_count, ==, 1);
  g_assert_cmpuint (G_OBJECT (vsm_keyed_list_get (f->list, 1))->ref_count, ==, 1);
}

static void
test_remove_many_span (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GHashTable) middle = key_set ("c,d");
  g_autoptr(GHashTable) inner = key_set ("b,f");
  g_autoptr(GHashTable) tail = key_set ("g");

  fill (f, "a,b,c,d,e,f,g");

  /* A contiguous run: nothing re-added. */
  reset_counts (f);
  vsm_keyed_list_remove_many (f->list, middle);
  assert_one_change (f, 2, 2, 0);
  assert_keys (f->list, "a,b,e,f,g");

  /* The span starts at the first and ends at the last removed item. */
  reset_counts (f);
  vsm_keyed_list_remove_many (f->list, inner);
  assert_one_change (f, 1, 3, 1);
  assert_keys (f->list, "a,e,g");

  reset_counts (f);
  vsm_keyed_list_remove_many (f->list, tail);
  assert_one_change (f, 2, 1, 0);
  assert_keys (f->list, "a,e");
}

static void
test_remove_many_nothing (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(GHashTable) none = key_set ("x,y");
  g_autoptr(GHashTable) empty = key_set ("");

  fill (f, "a,b");
  reset_counts (f);
  vsm_keyed_list_remove_many (f->list, none);
  vsm_keyed_list_remove_many (f->list, empty);
  vsm_keyed_list_remove_many (f->list, NULL);
  g_assert_cmpuint (f->changes->len, ==, 0);
  g_assert_cmpuint (f->n_items_notifies, ==, 0);
  assert_keys (f->list, "a,b");
}

static void
test_remove_all (Fixture       *f,
                 gconstpointer  data)
{
  GObject *a;

  fill (f, "a,b,c,d");
  a = vsm_keyed_list_lookup (f->list, "a");
  g_object_add_weak_pointer (a, (gpointer *) &a);

  reset_counts (f);
  vsm_keyed_list_remove_all (f->list);
  assert_one_change (f, 0, 4, 0);
  g_assert_cmpuint (f->n_items_notifies, ==, 1);
  g_assert_cmpuint (vsm_keyed_list_get_n_items (f->list), ==, 0);
  g_assert_null (vsm_keyed_list_lookup (f->list, "a"));
  g_assert_null (a);

  /* On an empty list: silent. */
  reset_counts (f);
  vsm_keyed_list_remove_all (f->list);
  g_assert_cmpuint (f->changes->len, ==, 0);
  g_assert_cmpuint (f->n_items_notifies, ==, 0);

  /* Usable again afterwards, keys included. */
  fill (f, "a");
  g_assert_nonnull (vsm_keyed_list_lookup (f->list, "a"));
}

static void
test_rekey (Fixture       *f,
            gconstpointer  data)
{
  g_autofree char *old_key = NULL;
  GObject *b;

  fill (f, "a,b,c");
  b = vsm_keyed_list_lookup (f->list, "b");
  reset_counts (f);

  /* The index borrows the key from the item, so the old key must stay
   * alive until rekey has run. */
  old_key = g_object_steal_data (b, "key");
  g_object_set_data_full (b, "key", g_strdup ("bee"), g_free);
  vsm_keyed_list_rekey (f->list, b, old_key);
  g_assert_null (vsm_keyed_list_lookup (f->list, "b"));
  g_assert_true (vsm_keyed_list_lookup (f->list, "bee") == (gpointer) b);
  /* Position is unchanged and no items-changed is emitted. */
  g_assert_true (vsm_keyed_list_get (f->list, 1) == (gpointer) b);
  g_assert_cmpuint (f->changes->len, ==, 0);

  g_assert_true (vsm_keyed_list_remove (f->list, "bee"));
  assert_keys (f->list, "a,c");
}

static void
test_n_items_property (Fixture       *f,
                       gconstpointer  data)
{
  guint n = 99;
  g_autoptr(GHashTable) keys = key_set ("a,b");
  GPtrArray *two;

  g_object_get (f->list, "n-items", &n, NULL);
  g_assert_cmpuint (n, ==, 0);
  fill (f, "a,b,c");
  g_object_get (f->list, "n-items", &n, NULL);
  g_assert_cmpuint (n, ==, 3);

  /* remove_many that removes as many as it re-adds would not change the
   * count; here it removes 2 of a span of 2. */
  reset_counts (f);
  vsm_keyed_list_remove_many (f->list, keys);
  g_object_get (f->list, "n-items", &n, NULL);
  g_assert_cmpuint (n, ==, 1);
  g_assert_cmpuint (f->n_items_notifies, ==, 1);

  two = g_ptr_array_new_with_free_func (g_object_unref);
  g_ptr_array_add (two, item_new ("x"));
  g_ptr_array_add (two, item_new ("y"));
  reset_counts (f);
  vsm_keyed_list_add_many (f->list, two);
  g_ptr_array_unref (two);
  g_assert_cmpuint (f->n_items_notifies, ==, 1);
  g_object_get (f->list, "n-items", &n, NULL);
  g_assert_cmpuint (n, ==, 3);
}

static void
test_list_model (Fixture       *f,
                 gconstpointer  data)
{
  GListModel *model = G_LIST_MODEL (f->list);
  GObject *item;
  guint refs;

  g_assert_true (g_list_model_get_item_type (model) == G_TYPE_OBJECT);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 0);
  g_assert_null (g_list_model_get_item (model, 0));

  fill (f, "a,b,c");
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 3);

  /* get_item returns a new reference; vsm_keyed_list_get does not. */
  refs = G_OBJECT (vsm_keyed_list_get (f->list, 1))->ref_count;
  item = g_list_model_get_item (model, 1);
  g_assert_nonnull (item);
  g_assert_cmpstr (item_key (item), ==, "b");
  g_assert_cmpuint (item->ref_count, ==, refs + 1);
  g_assert_true (item == vsm_keyed_list_get (f->list, 1));

  /* The reference keeps the item alive after removal. */
  g_assert_true (vsm_keyed_list_remove (f->list, "b"));
  g_assert_cmpuint (item->ref_count, ==, 1);
  g_assert_cmpstr (item_key (item), ==, "b");
  g_object_unref (item);

  g_assert_null (g_list_model_get_item (model, 2));
  g_assert_null (g_list_model_get_item (model, G_MAXUINT));
  g_assert_null (g_list_model_get_object (model, 5));
}

static void
test_typed (void)
{
  /* A list for a specific item type reports it. */
  g_autoptr(VsmKeyedList) list = vsm_keyed_list_new (G_TYPE_SIMPLE_ACTION, item_key);

  g_assert_true (g_list_model_get_item_type (G_LIST_MODEL (list)) == G_TYPE_SIMPLE_ACTION);
}

static void
test_many_items (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GHashTable) odd = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint i = 0; i < 10000; i++)
    {
      g_autofree char *key = g_strdup_printf ("vol-%05u", i);
      g_ptr_array_add (items, item_new (key));
      if (i % 2 == 1)
        g_hash_table_add (odd, g_steal_pointer (&key));
    }
  vsm_keyed_list_add_many (f->list, items);
  assert_one_change (f, 0, 0, 10000);

  reset_counts (f);
  vsm_keyed_list_remove_many (f->list, odd);
  assert_one_change (f, 1, 9999, 4999);
  g_assert_cmpuint (vsm_keyed_list_get_n_items (f->list), ==, 5000);
  for (guint i = 0; i < 5000; i++)
    {
      g_autofree char *key = g_strdup_printf ("vol-%05u", i * 2);
      g_assert_cmpstr (item_key (vsm_keyed_list_get (f->list, i)), ==, key);
      g_assert_true (vsm_keyed_list_lookup (f->list, key) == vsm_keyed_list_get (f->list, i));
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/keyed-list/" path, Fixture, NULL, fixture_setup, func, fixture_teardown)

  ADD ("add", test_add);
  ADD ("add-many", test_add_many);
  ADD ("lookup", test_lookup);
  ADD ("remove", test_remove);
  ADD ("remove-many/scattered", test_remove_many_scattered);
  ADD ("remove-many/span", test_remove_many_span);
  ADD ("remove-many/nothing", test_remove_many_nothing);
  ADD ("remove-all", test_remove_all);
  ADD ("rekey", test_rekey);
  ADD ("n-items", test_n_items_property);
  ADD ("list-model", test_list_model);
  ADD ("many-items", test_many_items);
  g_test_add_func ("/keyed-list/typed", test_typed);

  return g_test_run ();
}
