/* vsm-notify.c
 *
 * Copyright 2026 Virt Storage developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vsm-notify"

#include "config.h"

#include "vsm-notify.h"

/**
 * vsm_notify_set_str:
 * @field: the object's copy of the string, replaced by a copy of @value
 * @pspec: the property that shows @field
 *
 * Returns: whether @field changed (and @pspec was notified)
 */
gboolean
vsm_notify_set_str (GObject     *object,
                    char       **field,
                    const char  *value,
                    GParamSpec  *pspec)
{
  if (g_strcmp0 (*field, value) == 0)
    return FALSE;
  g_free (*field);
  *field = g_strdup (value);
  g_object_notify_by_pspec (object, pspec);
  return TRUE;
}

gboolean
vsm_notify_set_u64 (GObject    *object,
                    guint64    *field,
                    guint64     value,
                    GParamSpec *pspec)
{
  if (*field == value)
    return FALSE;
  *field = value;
  g_object_notify_by_pspec (object, pspec);
  return TRUE;
}

/* Any non-zero @value is stored as TRUE. */
gboolean
vsm_notify_set_bool (GObject    *object,
                     gboolean   *field,
                     gboolean    value,
                     GParamSpec *pspec)
{
  value = !!value;
  if (*field == value)
    return FALSE;
  *field = value;
  g_object_notify_by_pspec (object, pspec);
  return TRUE;
}
