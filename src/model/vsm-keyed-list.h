/* vsm-keyed-list.h
 *
 * Copyright 2026 Virt Storage developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef const char *(*VsmKeyFunc) (gpointer item);

#define VSM_TYPE_KEYED_LIST (vsm_keyed_list_get_type ())
G_DECLARE_FINAL_TYPE (VsmKeyedList, vsm_keyed_list, VSM, KEYED_LIST, GObject)

VsmKeyedList *vsm_keyed_list_new         (GType          item_type,
                                          VsmKeyFunc     key_func);
gpointer      vsm_keyed_list_lookup      (VsmKeyedList  *self,
                                          const char    *key);
void          vsm_keyed_list_add         (VsmKeyedList  *self,
                                          gpointer       item);
void          vsm_keyed_list_add_many    (VsmKeyedList  *self,
                                          GPtrArray     *items);
gboolean      vsm_keyed_list_remove      (VsmKeyedList  *self,
                                          const char    *key);
void          vsm_keyed_list_remove_many (VsmKeyedList  *self,
                                          GHashTable    *keys);
void          vsm_keyed_list_sync        (VsmKeyedList  *self,
                                          GHashTable    *seen,
                                          GPtrArray     *added);
void          vsm_keyed_list_remove_all  (VsmKeyedList  *self);
void          vsm_keyed_list_rekey       (VsmKeyedList  *self,
                                          gpointer       item,
                                          const char    *old_key);
guint         vsm_keyed_list_get_n_items (VsmKeyedList  *self);
gpointer      vsm_keyed_list_get         (VsmKeyedList  *self,
                                          guint          position);

G_END_DECLS
