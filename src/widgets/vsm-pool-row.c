/* vsm-pool-row.c
 *
 * Copyright 2026 Virt Storage developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vsm-pool-row"

#include "config.h"

#include <glib/gi18n.h>

#include "vsm-pool-row.h"
#include "vsm-pool-type.h"
#include "vsm-size.h"

struct _VsmPoolRow
{
  GtkListBoxRow  parent_instance;

  VsmPool       *pool;

  GtkImage      *icon;
  GtkLabel      *name_label;
  GtkLabel      *subtitle_label;
  GtkLevelBar   *usage_bar;
  GtkLabel      *usage_label;
  GtkLabel      *overcommit_label;
  GtkImage      *autostart_icon;
  GtkSpinner    *spinner;
};

G_DEFINE_FINAL_TYPE (VsmPoolRow, vsm_pool_row, GTK_TYPE_LIST_BOX_ROW)

/**
 * vsm_pool_describe_usage:
 *
 * "6.2 GiB of 100 GiB used, 93.8 GiB free"
 */
char *
vsm_pool_describe_usage (VsmPool *pool)
{
  g_autofree char *alloc = vsm_size_format (vsm_pool_get_allocation (pool));
  g_autofree char *cap = vsm_size_format (vsm_pool_get_capacity (pool));
  g_autofree char *avail = vsm_size_format (vsm_pool_get_available (pool));

  if (!vsm_pool_get_active (pool))
    return g_strdup (_("Usage unknown while inactive"));
  if (vsm_pool_get_over_capacity (pool) > 0)
    {
      g_autofree char *over = vsm_size_format (vsm_pool_get_over_capacity (pool));
      /* Translators: allocation of capacity used, and by how much it is exceeded */
      return g_strdup_printf (_("%s of %s used: over capacity by %s"), alloc, cap, over);
    }
  /* Translators: allocation of capacity used, available free */
  return g_strdup_printf (_("%s of %s used, %s free"), alloc, cap, avail);
}

/**
 * vsm_pool_describe_overcommit:
 *
 * "140 GiB provisioned (140 %)": the sum of the volumes' capacities and
 * its share of the pool's capacity; "provisioned: calculating…" while the
 * host sums them; %NULL when it is not known
 */
char *
vsm_pool_describe_overcommit (VsmPool *pool)
{
  g_autofree char *sum = NULL;

  if (!vsm_pool_get_active (pool))
    return NULL;
  /* summed in the background, after the pool the user looks at */
  if (!vsm_pool_get_totals_known (pool))
    return vsm_pool_get_totals_pending (pool) ? g_strdup (_("provisioned: calculating…")) : NULL;
  sum = vsm_size_format (vsm_pool_get_volume_capacity (pool));
  /* Translators: the sum of the volumes' capacities vs the pool capacity */
  return g_strdup_printf (_("%s provisioned (%.0f %%)"), sum, vsm_pool_get_overcommit (pool));
}

static void
update (VsmPoolRow *self)
{
  VsmPool *pool = self->pool;
  gboolean active = vsm_pool_get_active (pool);
  g_autofree char *usage = NULL;
  g_autofree char *over = vsm_pool_describe_overcommit (pool);
  g_autoptr(GString) subtitle = g_string_new (vsm_pool_type_get_label (vsm_pool_get_pool_type (pool)));
  g_autofree char *a11y = NULL;

  if (active && vsm_pool_get_over_capacity (pool) > 0)
    {
      g_autofree char *by = vsm_size_format (vsm_pool_get_over_capacity (pool));
      usage = g_strdup_printf (_("Over capacity by %s"), by);
    }
  else if (active)
    {
      g_autofree char *alloc = vsm_size_format (vsm_pool_get_allocation (pool));
      g_autofree char *cap = vsm_size_format (vsm_pool_get_capacity (pool));
      /* Translators: short form for the pool list: allocation of capacity */
      usage = g_strdup_printf (_("%s of %s used"), alloc, cap);
    }
  else
    usage = vsm_pool_describe_usage (pool);

  gtk_label_set_label (self->name_label, vsm_pool_get_name (pool));
  g_object_get (pool, "icon-name", &a11y, NULL);
  gtk_image_set_from_icon_name (self->icon, a11y);
  g_clear_pointer (&a11y, g_free);

  g_string_append_printf (subtitle, " · %s", vsm_pool_state_to_label (vsm_pool_get_state (pool)));
  if (!vsm_pool_get_persistent (pool))
    g_string_append_printf (subtitle, " · %s", _("Transient"));
  gtk_label_set_label (self->subtitle_label, subtitle->str);
  if (active)
    gtk_widget_remove_css_class (GTK_WIDGET (self->subtitle_label), "warning");
  else
    gtk_widget_add_css_class (GTK_WIDGET (self->subtitle_label), "warning");

  gtk_level_bar_set_value (self->usage_bar, active ? vsm_pool_get_usage (pool) : 0.0);
  gtk_widget_set_sensitive (GTK_WIDGET (self->usage_bar), active);
  gtk_label_set_label (self->usage_label, usage);
  if (active && vsm_pool_get_over_capacity (pool) > 0)
    gtk_widget_add_css_class (GTK_WIDGET (self->usage_label), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->usage_label), "error");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->usage_bar),
                                  GTK_ACCESSIBLE_PROPERTY_VALUE_TEXT, usage, -1);

  gtk_widget_set_visible (GTK_WIDGET (self->overcommit_label), over != NULL);
  if (over != NULL)
    gtk_label_set_label (self->overcommit_label, over);
  if (vsm_overcommit_is_warning (vsm_pool_get_volume_capacity (pool), vsm_pool_get_capacity (pool)))
    gtk_widget_add_css_class (GTK_WIDGET (self->overcommit_label), "warning");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->overcommit_label), "warning");

  gtk_widget_set_visible (GTK_WIDGET (self->autostart_icon), vsm_pool_get_autostart (pool));
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), vsm_pool_get_busy (pool));
  gtk_spinner_set_spinning (self->spinner, vsm_pool_get_busy (pool));

  a11y = g_strdup_printf ("%s, %s, %s", vsm_pool_get_name (pool), subtitle->str, usage);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, a11y, -1);
}

static void
vsm_pool_row_dispose (GObject *object)
{
  VsmPoolRow *self = VSM_POOL_ROW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), VSM_TYPE_POOL_ROW);
  g_clear_object (&self->pool);

  G_OBJECT_CLASS (vsm_pool_row_parent_class)->dispose (object);
}

static void
vsm_pool_row_class_init (VsmPoolRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = vsm_pool_row_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/virtstorage/VirtStorage/ui/vsm-pool-row.ui");
  gtk_widget_class_bind_template_child (widget_class, VsmPoolRow, icon);
  gtk_widget_class_bind_template_child (widget_class, VsmPoolRow, name_label);
  gtk_widget_class_bind_template_child (widget_class, VsmPoolRow, subtitle_label);
  gtk_widget_class_bind_template_child (widget_class, VsmPoolRow, usage_bar);
  gtk_widget_class_bind_template_child (widget_class, VsmPoolRow, usage_label);
  gtk_widget_class_bind_template_child (widget_class, VsmPoolRow, overcommit_label);
  gtk_widget_class_bind_template_child (widget_class, VsmPoolRow, autostart_icon);
  gtk_widget_class_bind_template_child (widget_class, VsmPoolRow, spinner);
}

static void
vsm_pool_row_init (VsmPoolRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  /* Above 100 % of capacity the bar turns to the warning colour. */
  gtk_level_bar_add_offset_value (self->usage_bar, GTK_LEVEL_BAR_OFFSET_LOW, 0.75);
  gtk_level_bar_add_offset_value (self->usage_bar, GTK_LEVEL_BAR_OFFSET_HIGH, 0.9);
}

GtkWidget *
vsm_pool_row_new (VsmPool *pool)
{
  VsmPoolRow *self = g_object_new (VSM_TYPE_POOL_ROW, NULL);

  self->pool = g_object_ref (pool);
  g_signal_connect_object (pool, "notify", G_CALLBACK (update), self, G_CONNECT_SWAPPED);
  update (self);
  return GTK_WIDGET (self);
}

VsmPool *
vsm_pool_row_get_pool (VsmPoolRow *self)
{
  g_return_val_if_fail (VSM_IS_POOL_ROW (self), NULL);
  return self->pool;
}
