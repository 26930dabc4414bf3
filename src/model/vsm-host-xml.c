/* vsm-host-xml.c
 *
 * New Pool from XML, Edit XML (pool-edit) and New Volume from XML
 * (vol-create FILE), on the model's side: the checks libvirt would make
 * against what the connection already holds, said next to the XML before
 * any call, and the define itself.
 *
 * Copyright 2026 Virt Storage developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vsm-host"

#include "config.h"

#include <glib/gi18n.h>

#include "vsm-host-private.h"
#include "vsm-host-xml.h"
#include "vsm-pool-ops.h"
#include "vsm-volume-spec.h"

/**
 * vsm_host_check_pool_xml:
 * @xml: a pool's XML as the user wrote it
 * @editing: (nullable): the pool whose definition @xml replaces (Edit
 *   XML), or %NULL for a new pool
 *
 * vsm_xml_check() against storagepool.rng, plus what this connection's
 * libvirt would refuse: a new pool's name or UUID taken by another pool;
 * for an edit, a new name (libvirt cannot rename a pool) or a UUID other
 * than the pool's (libvirt would take it for a second pool of the same
 * name).
 *
 * Returns: (transfer full): the check
 */
VsmXmlCheck *
vsm_host_check_pool_xml (VsmHost    *self,
                         const char *xml,
                         VsmPool    *editing)
{
  VsmXmlCheck *check = vsm_xml_check (xml, VSM_XML_SCHEMA_POOL);
  g_autofree char *message = NULL;

  g_return_val_if_fail (VSM_IS_HOST (self), check);

  if (!check->well_formed)
    return check;
  if (editing != NULL)
    {
      const char *name = vsm_pool_get_name (editing);
      const char *uuid = vsm_pool_get_uuid (editing);

      if (check->name != NULL && g_strcmp0 (check->name, name) != 0)
        {
          message = g_strdup_printf (_("libvirt cannot rename a pool: keep <name>%s</name>"), name);
          vsm_xml_check_add_problem (check, check->name_line, message);
          g_clear_pointer (&message, g_free);
        }
      if (check->uuid == NULL || g_ascii_strcasecmp (check->uuid, uuid) != 0)
        {
          message = g_strdup_printf (_("Keep <uuid>%s</uuid>: libvirt knows the pool by it"), uuid);
          vsm_xml_check_add_problem (check, check->uuid_line, message);
        }
      return check;
    }

  if (check->name != NULL && vsm_host_find_pool_by_name (self, check->name) != NULL)
    {
      message = g_strdup_printf (_("A pool named “%s” already exists on this connection: choose another "
                                   "name, or change that pool with its Edit XML"), check->name);
      vsm_xml_check_add_problem (check, check->name_line, message);
      g_clear_pointer (&message, g_free);
    }
  if (check->uuid != NULL)
    {
      g_autofree char *lower = g_ascii_strdown (check->uuid, -1);
      VsmPool *other = vsm_host_find_pool (self, lower);

      if (other != NULL)
        {
          message = g_strdup_printf (_("The pool “%s” has this UUID: remove <uuid> and libvirt makes a new one"),
                                     vsm_pool_get_name (other));
          vsm_xml_check_add_problem (check, check->uuid_line, message);
        }
    }
  return check;
}

/**
 * vsm_host_check_volume_xml:
 * @xml: a volume's XML as the user wrote it
 * @pool: where it is to be created
 *
 * vsm_xml_check() against storagevol.rng, plus a name taken in @pool (as
 * far as its listed volumes tell) and a format @pool's type cannot hold.
 *
 * Returns: (transfer full): the check
 */
VsmXmlCheck *
vsm_host_check_volume_xml (VsmHost    *self,
                           const char *xml,
                           VsmPool    *pool)
{
  VsmXmlCheck *check = vsm_xml_check (xml, VSM_XML_SCHEMA_VOLUME);

  g_return_val_if_fail (VSM_IS_HOST (self), check);
  g_return_val_if_fail (VSM_IS_POOL (pool), check);

  if (check->name != NULL && vsm_keyed_list_lookup (vsm_pool_get_volumes (pool), check->name) != NULL)
    {
      g_autofree char *message = g_strdup_printf (_("The pool already holds a volume named “%s”"), check->name);

      vsm_xml_check_add_problem (check, check->name_line, message);
    }
  /* a format this type of pool cannot hold (qcow2 in a volume group…) */
  if (check->format != NULL)
    {
      const char * const *formats = vsm_volume_formats_for_pool (vsm_pool_get_pool_type (pool));

      if (formats != NULL && formats[0] != NULL && !g_strv_contains (formats, check->format))
        {
          g_autofree char *list = g_strjoinv (", ", (char **) formats);
          g_autofree char *message = g_strdup_printf (_("A pool of this type cannot hold the format “%s”; it "
                                                        "takes %s"), check->format, list);

          vsm_xml_check_add_problem (check, check->format_line, message);
        }
    }
  return check;
}

static void
defined_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  VsmHost *self = g_task_get_source_object (task);
  GError *error = NULL;
  char *uuid = vsm_pool_define_finish (VSM_CONNECTION (object), result, &error);

  if (uuid == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  /* the list shows the new or changed definition: that pool is read
   * again (a new one: the pool list) */
  if (vsm_host_find_pool (self, uuid) != NULL)
    _vsm_host_refresh_pool_snapshot (self, uuid);
  else
    _vsm_host_relist_pools (self);
  g_task_return_pointer (task, uuid, g_free);
}

/**
 * vsm_host_define_pool_async:
 * @xml: a pool's XML (checked with vsm_host_check_pool_xml() first)
 * @persistent: pool-define (kept, inactive; for an existing pool's UUID and
 *   name: its new definition) or pool-create (transient, started now)
 *
 * Finish with vsm_host_define_pool_finish(), which gives the pool's UUID;
 * the pool list is re-read.
 */
void
vsm_host_define_pool_async (VsmHost             *self,
                            const char          *xml,
                            gboolean             persistent,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (VSM_IS_HOST (self));
  g_return_if_fail (xml != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, vsm_host_define_pool_async);
  vsm_pool_define_async (vsm_host_get_connection (self), xml, persistent, VSM_BUILD_NONE, cancellable,
                         defined_cb, task);
}

char *
vsm_host_define_pool_finish (VsmHost       *self,
                             GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
