/* vsm-attach-dialog-choices.c
 *
 * What Attach Storage offers: the volumes of every active pool (not the
 * chosen machine's own disks), the ISO images, and the pools a new volume
 * can go to, with a sensible default; listed again as pools load and as
 * the machine changes, keeping the user's pick. And the targets the machine
 * already has (live and configured), which a new one must not take.
 *
 * Copyright 2026 Virt Storage developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vsm-attach-dialog"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "vsm-attach-dialog-private.h"
#include "vsm-file-head.h"
#include "vsm-upload.h"
#include "vsm-uri.h"
#include "vsm-domain-ops.h"
#include "vsm-pool-type.h"

/* Whether @dom already has the volume of @c as a disk (by its path, or as
 * pool and volume). */
gboolean
_vsm_attach_dialog_domain_uses (VsmDomain             *dom,
                                const VsmVolumeChoice *c)
{
  GPtrArray *disks = dom ? vsm_domain_get_disks (dom) : NULL;

  for (guint i = 0; disks != NULL && i < disks->len; i++)
    {
      VsmDiskSnapshot *d = g_ptr_array_index (disks, i);

      if ((d->source != NULL && g_strcmp0 (d->source, c->path) == 0) ||
          (d->volume != NULL && g_strcmp0 (d->volume, c->volume) == 0 && g_strcmp0 (d->pool, c->pool) == 0))
        return TRUE;
    }
  return FALSE;
}

/* Where a new volume goes by default: @preselect if it can take one, else
 * the pool of image files (one that offers qcow2) with the most room, else
 * the first. */
static guint
default_new_pool (VsmAttachDialog *self,
                  VsmPool         *preselect)
{
  guint best = 0;
  guint64 best_room = 0;
  gboolean best_files = FALSE;

  for (guint i = 0; i < self->pools->len; i++)
    {
      VsmPool *p = g_ptr_array_index (self->pools, i);
      const VsmPoolTypeInfo *info = vsm_pool_type_lookup (vsm_pool_get_pool_type (p));
      gboolean files = info->volume_formats != NULL &&
                       g_strv_contains ((const char * const *) info->volume_formats, "qcow2");
      guint64 room = vsm_pool_get_available (p);

      if (p == preselect)
        return i;
      if (files && (!best_files || room > best_room))
        {
          best = i;
          best_room = room;
          best_files = TRUE;
        }
    }
  return self->pools->len > 0 ? best : GTK_INVALID_LIST_POSITION;
}

/* Returns whether the volume to preselect is an ISO image. */
gboolean
_vsm_attach_dialog_collect_volumes (VsmAttachDialog *self,
                                    VsmPool         *preselect_pool,
                                    const char      *preselect_volume)
{
  VsmDomain *dom;
  g_autoptr(GtkStringList) vols = gtk_string_list_new (NULL);
  g_autoptr(GtkStringList) isos = gtk_string_list_new (NULL);
  g_autoptr(GtkStringList) pools = gtk_string_list_new (NULL);
  const char *preselect_pool_name = preselect_pool ? vsm_pool_get_name (preselect_pool) : NULL;
  guint select = GTK_INVALID_LIST_POSITION;
  guint select_iso = 0;
  gboolean preselect_is_iso = FALSE;

  g_ptr_array_set_size (self->volumes, 0);
  g_ptr_array_set_size (self->isos, 0);
  g_ptr_array_set_size (self->pools, 0);
  vsm_host_collect_attach_choices (self->host, self->volumes, self->isos, self->pools);
  /* the machine's own disks are not offered again (an ISO image may go
   * into a second drive, so the ISO list keeps them) */
  dom = _vsm_attach_dialog_current_domain (self);
  for (guint i = self->volumes->len; i > 0; i--)
    if (_vsm_attach_dialog_domain_uses (dom, g_ptr_array_index (self->volumes, i - 1)))
      g_ptr_array_remove_index (self->volumes, i - 1);
  for (guint i = 0; i < self->pools->len; i++)
    gtk_string_list_append (pools, vsm_pool_get_name (g_ptr_array_index (self->pools, i)));

  for (guint i = 0; i < self->volumes->len; i++)
    {
      VsmVolumeChoice *c = g_ptr_array_index (self->volumes, i);
      g_autofree char *label = vsm_volume_choice_label (c);

      if (g_strcmp0 (preselect_pool_name, c->pool) == 0 && g_strcmp0 (preselect_volume, c->volume) == 0)
        select = i;
      gtk_string_list_append (vols, label);
    }
  for (guint i = 0; i < self->isos->len; i++)
    {
      VsmVolumeChoice *c = g_ptr_array_index (self->isos, i);
      g_autofree char *label = vsm_volume_choice_label (c);

      if (g_strcmp0 (preselect_pool_name, c->pool) == 0 && g_strcmp0 (preselect_volume, c->volume) == 0)
        {
          select_iso = i;
          preselect_is_iso = TRUE;
        }
      gtk_string_list_append (isos, label);
    }
  adw_combo_row_set_model (self->volume_row, G_LIST_MODEL (vols));
  adw_combo_row_set_model (self->iso_row, G_LIST_MODEL (isos));
  adw_combo_row_set_model (self->new_pool_row, G_LIST_MODEL (pools));
  /* A new volume goes where the dialog was opened from, if it can; not
   * into whichever pool happens to be listed first, but a pool of files
   * with room for it. */
  adw_combo_row_set_selected (self->new_pool_row, default_new_pool (self, preselect_pool));
  /* No volume is chosen for the user (the first in some order would be a
   * guess, maybe a disk of another machine): Attach stays insensitive
   * until they pick one, unless the dialog was opened from a volume. The
   * ISO list only has ISO images: its first (or the given one) is a fair
   * choice for a CD-ROM. */
  adw_combo_row_set_selected (self->volume_row, select);
  if (self->isos->len > 0)
    adw_combo_row_set_selected (self->iso_row, select_iso);
  return preselect_is_iso;
}

/* A pool's volumes arrived (loaded on demand, see vsm_attach_dialog_new):
 * list the choices again, keeping what the user picked. */
void
_vsm_attach_dialog_refresh_choices (VsmAttachDialog *self)
{
  guint v = adw_combo_row_get_selected (self->volume_row);
  guint iso = adw_combo_row_get_selected (self->iso_row);
  guint p = adw_combo_row_get_selected (self->new_pool_row);
  g_autofree char *vol_pool = NULL, *vol_name = NULL, *iso_path = NULL;
  g_autoptr(VsmPool) new_pool = NULL;
  VsmPool *preselect = NULL;

  if (v < self->volumes->len)
    {
      VsmVolumeChoice *c = g_ptr_array_index (self->volumes, v);
      vol_pool = g_strdup (c->pool);
      vol_name = g_strdup (c->volume);
    }
  if (iso < self->isos->len)
    iso_path = g_strdup (((VsmVolumeChoice *) g_ptr_array_index (self->isos, iso))->path);
  if (p < self->pools->len)
    new_pool = g_object_ref (g_ptr_array_index (self->pools, p));

  if (vol_pool != NULL)
    preselect = vsm_host_find_pool_by_name (self->host, vol_pool);
  _vsm_attach_dialog_collect_volumes (self, preselect ? preselect : new_pool, vol_name);
  for (guint i = 0; iso_path != NULL && i < self->isos->len; i++)
    if (g_strcmp0 (((VsmVolumeChoice *) g_ptr_array_index (self->isos, i))->path, iso_path) == 0)
      adw_combo_row_set_selected (self->iso_row, i);
  for (guint i = 0; new_pool != NULL && i < self->pools->len; i++)
    if (g_ptr_array_index (self->pools, i) == (gpointer) new_pool)
      adw_combo_row_set_selected (self->new_pool_row, i);
  _vsm_attach_dialog_update (self);
}

/* ------------------------------------------------------------------ */
/* The targets the machine already has                                 */

/* The targets the chosen machine has: its disks, and those of its
 * configuration read by _vsm_attach_dialog_load_config_targets(). */
GPtrArray *
_vsm_attach_dialog_used_targets (VsmAttachDialog *self)
{
  GPtrArray *used = g_ptr_array_new ();
  VsmDomain *dom = _vsm_attach_dialog_current_domain (self);
  GPtrArray *disks = dom ? vsm_domain_get_disks (dom) : NULL;

  for (guint i = 0; disks != NULL && i < disks->len; i++)
    {
      VsmDiskSnapshot *d = g_ptr_array_index (disks, i);
      if (d->target_dev != NULL)
        g_ptr_array_add (used, d->target_dev);
    }
  /* A running machine's list is its live XML: a disk added to the
   * configuration only would be missed, so add those targets too. */
  for (guint i = 0; self->config_targets != NULL && i < self->config_targets->len; i++)
    g_ptr_array_add (used, g_ptr_array_index (self->config_targets, i));
  return used;
}

typedef struct
{
  VsmAttachDialog *self;
  char            *uuid;
} XmlAsk;

static void
domain_xml_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  XmlAsk *ask = user_data;
  g_autoptr(VsmAttachDialog) self = ask->self;
  g_autofree char *uuid = ask->uuid;
  g_autofree char *live = NULL;
  g_autofree char *config = NULL;
  g_autoptr(GPtrArray) disks = NULL;
  VsmDomain *dom;

  g_free (ask);
  if (!vsm_domain_get_xml_finish (VSM_CONNECTION (object), result, &live, &config, NULL))
    return;
  dom = _vsm_attach_dialog_current_domain (self);
  if (dom == NULL || g_strcmp0 (vsm_domain_get_uuid (dom), uuid) != 0)
    return;   /* another machine was chosen meanwhile */
  g_ptr_array_set_size (self->config_targets, 0);
  /* The live targets too: the machine's model may not have caught up
   * with a disk attached a moment ago. */
  for (int k = 0; k < 2; k++)
    {
      const char *xml = k == 0 ? config : live;

      if (xml == NULL)
        continue;
      disks = vsm_domain_disks_from_xml (xml, strlen (xml));
      for (guint i = 0; disks != NULL && i < disks->len; i++)
        {
          VsmDiskSnapshot *d = g_ptr_array_index (disks, i);
          if (d->target_dev != NULL)
            g_ptr_array_add (self->config_targets, g_strdup (d->target_dev));
        }
      g_clear_pointer (&disks, g_ptr_array_unref);
    }
  _vsm_attach_dialog_suggest_target (self);
  _vsm_attach_dialog_update (self);
}

/* Reads the targets of the machine's configuration (and live XML), then
 * suggests a target again. */
void
_vsm_attach_dialog_load_config_targets (VsmAttachDialog *self)
{
  VsmDomain *dom = _vsm_attach_dialog_current_domain (self);

  XmlAsk *ask;

  g_ptr_array_set_size (self->config_targets, 0);
  if (dom == NULL)
    return;
  ask = g_new0 (XmlAsk, 1);
  ask->self = g_object_ref (self);
  ask->uuid = g_strdup (vsm_domain_get_uuid (dom));
  vsm_domain_get_xml_async (vsm_host_get_connection (self->host), ask->uuid, self->cancellable,
                            domain_xml_cb, ask);
}

/* ------------------------------------------------------------------ */
/* A disk image file's format                                          */

/* the path typed, or NULL */
static const char *
text_or_null_path (VsmAttachDialog *self)
{
  const char *t = gtk_editable_get_text (GTK_EDITABLE (self->path_row));
  return t && *t ? t : NULL;
}

static void
image_head_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(VsmAttachDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(VsmFileHead) fh = vsm_file_head_read_finish (result, &error);
  g_autofree char *text = NULL;
  VsmFileKind kind;

  /* another path since, or the dialog closed */
  if (g_cancellable_is_cancelled (g_task_get_cancellable (G_TASK (result))))
    return;
  if (fh == NULL)
    {
      /* GIO's message names the file; the format stays the user's */
      text = g_strdup_printf (_("Could not read the file to detect its format: %s"), error->message);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (self->image_format_row), text);
      return;
    }
  kind = vsm_file_kind_detect (text_or_null_path (self), fh->head, fh->head_len, NULL, NULL);
  adw_combo_row_set_selected (self->image_format_row, kind == VSM_FILE_KIND_QCOW2 ? 1 : 0);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self->image_format_row),
                               kind == VSM_FILE_KIND_QCOW2 ? _("Detected: a qcow2 image (from its header)")
                               : kind == VSM_FILE_KIND_ISO ? _("Detected: an ISO image (raw); “An ISO image” attaches it as a CD/DVD")
                               : _("Detected: raw (no qcow2 header)"));
}

void
_vsm_attach_dialog_detect_image_format (VsmAttachDialog *self)
{
  const char *path = text_or_null_path (self);
  g_autoptr(GFile) file = NULL;

  if (self->reading != NULL)
    g_cancellable_cancel (self->reading);
  g_clear_object (&self->reading);
  if (!vsm_uri_is_local (vsm_host_get_uri (self->host)))
    {
      adw_action_row_set_subtitle (ADW_ACTION_ROW (self->image_format_row),
                                   _("The file is on the connection's host: choose its format"));
      return;
    }
  if (path == NULL || !g_path_is_absolute (path))
    {
      adw_action_row_set_subtitle (ADW_ACTION_ROW (self->image_format_row),
                                   _("Read from the file's header once its path is typed"));
      return;
    }
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self->image_format_row), _("Reading the file's header…"));
  self->reading = g_cancellable_new ();
  file = g_file_new_for_path (path);
  vsm_file_head_read_async (file, self->reading, image_head_cb, g_object_ref (self));
}
