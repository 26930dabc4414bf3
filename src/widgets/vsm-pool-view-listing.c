/* vsm-pool-view-listing.c
 *
 * The pool view's volumes area: which page shows (the list, loading,
 * empty, failed, no results, inactive), the count, and what the list
 * leaves out. A pool bigger than libvirt's remote protocol lists (16,384
 * volumes) shows the volumes libvirt could name, a banner that says how
 * many the pool holds, and finds any other volume by the exact name typed
 * in the filter. "No Volumes" shows only when libvirt listed none.
 *
 * Copyright 2026 Virt Storage developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vsm-pool-view"

#include "config.h"

#include <glib/gi18n.h>

#include "vsm-error.h"
#include "vsm-pool-view-private.h"

/**
 * _vsm_pool_view_describe_partial:
 *
 * Returns: "17,000 volumes, of which only 16,384 could be listed", for a
 *   pool listed only in part
 */
char *
_vsm_pool_view_describe_partial (VsmPool *pool)
{
  guint in_pool = vsm_pool_get_volumes_in_pool (pool);
  guint listed = vsm_keyed_list_get_n_items (vsm_pool_get_volumes (pool));

  /* Translators: the numbers of the pool's volumes and of those libvirt could list */
  return g_strdup_printf (ngettext ("%'u volume, of which only %'u could be listed",
                                    "%'u volumes, of which only %'u could be listed", in_pool),
                          in_pool, listed);
}

/* The banner above the table: what the list leaves out, or NULL. */
static char *
listing_note (VsmPool *pool)
{
  guint listed = vsm_keyed_list_get_n_items (vsm_pool_get_volumes (pool));

  if (listed > 0 && vsm_pool_get_volumes_error (pool) != NULL)
    /* Translators: %s is libvirt's error message */
    return g_strdup_printf (_("The volume list could not be read again: %s. The volumes shown may be out of "
                              "date."), vsm_pool_get_volumes_error (pool));
  /* (every one found by name meanwhile: nothing is left out) */
  if (vsm_pool_get_volumes_partial (pool) && listed < vsm_pool_get_volumes_in_pool (pool))
    {
      guint in_pool = vsm_pool_get_volumes_in_pool (pool);
      guint limit = vsm_pool_get_list_limit (pool);
      g_autofree char *showing = NULL;
      g_autofree char *why = NULL;

      /* Translators: the volumes shown and how many the pool holds */
      showing = g_strdup_printf (ngettext ("Showing %'u of %'u volume.", "Showing %'u of %'u volumes.", in_pool),
                                 listed, in_pool);
      /* Translators: %'u is libvirt's limit, 16,384 */
      why = g_strdup_printf (ngettext ("libvirt's remote protocol lists at most %'u volume at a time; type a "
                                       "volume's exact name in the filter to find any of the others.",
                                       "libvirt's remote protocol lists at most %'u volumes at a time; type a "
                                       "volume's exact name in the filter to find any of the others.", limit),
                             limit);
      return g_strdup_printf ("%s %s", showing, why);
    }
  return NULL;
}

static void
volume_looked_up_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(VsmPoolView) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(VsmVolume) volume = vsm_host_look_up_volume_finish (VSM_HOST (object), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_clear_object (&self->lookup);
  /* found: it is in the pool's volumes now, and the filter shows it;
   * "no volume of that name" only when libvirt said so */
  self->lookup_missing = g_error_matches (error, VSM_ERROR, VSM_ERROR_NOT_FOUND);
  if (error != NULL && !self->lookup_missing)
    g_debug ("looking up volume %s failed: %s", self->lookup_name, error->message);
  _vsm_pool_view_update_listing (self);
}

void
_vsm_pool_view_reset_lookup (VsmPoolView *self)
{
  if (self->lookup != NULL)
    g_cancellable_cancel (self->lookup);
  g_clear_object (&self->lookup);
  g_clear_pointer (&self->lookup_name, g_free);
  self->lookup_missing = FALSE;
}

/* In a pool listed only in part, the exact name typed in the filter is
 * looked up in libvirt when no listed volume has it: once per name, and
 * again after a new listing (which names the first volumes only). */
static void
look_up_typed_name (VsmPoolView *self)
{
  VsmPool *pool = self->pool;
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));

  if (vsm_pool_get_volumes_loading (pool))
    {
      _vsm_pool_view_reset_lookup (self);
      return;
    }
  if (!vsm_pool_get_volumes_partial (pool) || self->host == NULL || *text == '\0' ||
      vsm_keyed_list_lookup (vsm_pool_get_volumes (pool), text) != NULL ||
      g_strcmp0 (text, self->lookup_name) == 0)
    return;

  _vsm_pool_view_reset_lookup (self);
  self->lookup_name = g_strdup (text);
  self->lookup = g_cancellable_new ();
  vsm_host_look_up_volume_async (self->host, pool, text, self->lookup, volume_looked_up_cb, g_object_ref (self));
}

/* What the no-results page says: of a pool listed in part, also whether
 * the pool has a volume of exactly that name. */
static void
update_no_results (VsmPoolView *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
  g_autofree char *description = NULL;

  if (!vsm_pool_get_volumes_partial (self->pool) || g_strcmp0 (text, self->lookup_name) != 0)
    description = g_strdup (_("No volume name or path contains the search text."));
  else if (self->lookup != NULL)
    /* Translators: %s is what was typed in the filter */
    description = g_markup_printf_escaped (_("Looking for a volume named “%s”…"), text);
  else if (!self->lookup_missing)
    description = g_strdup (_("No volume name or path contains the search text."));
  else
    /* Translators: %s is what was typed in the filter */
    description = g_markup_printf_escaped (_("No listed volume's name or path contains the search text, and the "
                                             "pool has no volume named exactly “%s”."), text);
  adw_status_page_set_description (self->no_results_page, description);
}

void
_vsm_pool_view_update_listing (VsmPoolView *self)
{
  VsmPool *pool = self->pool;
  g_autofree char *note = NULL;
  guint total, shown;
  const char *page;

  if (pool == NULL)
    return;

  look_up_typed_name (self);

  total = vsm_keyed_list_get_n_items (vsm_pool_get_volumes (pool));
  shown = g_list_model_get_n_items (G_LIST_MODEL (self->selection));

  /* "empty" only when libvirt listed the pool and named nothing */
  if (!vsm_pool_get_active (pool))
    page = "inactive";
  else if (total == 0 && vsm_pool_get_volumes_error (pool) != NULL && !vsm_pool_get_volumes_loading (pool))
    page = "failed";
  else if (total == 0 && (!vsm_pool_get_volumes_loaded (pool) || vsm_pool_get_volumes_loading (pool)))
    page = "loading";
  else if (total == 0)
    page = "empty";
  else if (shown == 0)
    page = "no-results";
  else
    page = "list";
  gtk_stack_set_visible_child_name (self->volumes_stack, page);
  gtk_spinner_set_spinning (self->loading_spinner, g_str_equal (page, "loading"));
  if (g_str_equal (page, "failed"))
    {
      g_autofree char *cause = g_markup_escape_text (vsm_pool_get_volumes_error (pool), -1);
      adw_status_page_set_description (self->failed_page, cause);
    }
  update_no_results (self);

  note = vsm_pool_get_active (pool) ? listing_note (pool) : NULL;
  gtk_label_set_label (self->listing_label, note != NULL ? note : "");
  gtk_revealer_set_reveal_child (self->listing_revealer, note != NULL);

  if (total > 0)
    {
      g_autofree char *text = NULL;
      /* a pool listed in part: out of all it holds */
      guint all = MAX (total, vsm_pool_get_volumes_in_pool (pool));

      if (shown != all)
        text = g_strdup_printf (ngettext ("%u of %u volume", "%u of %u volumes", all), shown, all);
      else
        text = g_strdup_printf (ngettext ("%u volume", "%u volumes", all), all);
      gtk_label_set_label (self->count_label, text);
    }
  else
    gtk_label_set_label (self->count_label, "");
}
