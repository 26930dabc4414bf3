/* vsm-volume-cell.c
 *
 * The cells of the volume table. One small widget per cell, made once when
 * the table creates its row and given a volume when the row is bound: its
 * labels, icons and bar are set straight from the volume, and again on the
 * volume's notify for the properties the column shows. GtkBuilder-made
 * cells with expression bindings cost ≈ 100 ms per column to make the
 * table's first rows (build-aux/bench's window benchmark, 10,000 volumes);
 * these cost a fraction of that.
 *
 * Copyright 2026 Virt Storage developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vsm-volume-cell"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "vsm-describe.h"
#include "vsm-size.h"
#include "vsm-volume.h"
#include "vsm-volume-cell.h"

struct _VsmVolumeCell
{
  GtkWidget        parent_instance;

  VsmVolumeColumn  column;
  VsmVolume       *volume;
  gulong           notify_id;

  GtkWidget       *child;
  GtkLabel        *label;
  GtkWidget       *lock;      /* format: an encrypted volume */
  GtkWidget       *link;      /* format: in a backing chain */
  GtkLevelBar     *bar;       /* allocation */
};

G_DEFINE_FINAL_TYPE (VsmVolumeCell, vsm_volume_cell, GTK_TYPE_WIDGET)

/* What each column shows, by the volume properties it reads. */
static const char *const watched[VSM_VOLUME_N_COLUMNS][4] = {
  [VSM_VOLUME_COLUMN_NAME] = { "name" },
  [VSM_VOLUME_COLUMN_FORMAT] = { "format", "has-details", "encryption", "backing-path" },
  [VSM_VOLUME_COLUMN_CAPACITY] = { "capacity", "has-details" },
  [VSM_VOLUME_COLUMN_ALLOCATION] = { "capacity", "allocation", "has-details" },
  [VSM_VOLUME_COLUMN_PATH] = { "path" },
  [VSM_VOLUME_COLUMN_USED_BY] = { "used-by" },
};

static gboolean
is_set (const char *value)
{
  return value != NULL && *value != '\0';
}

/* "Built on base.qcow2 (its backing file)", "Backing file of top.qcow2" */
static char *
chain_text (const char *backing_path,
            const char *backing_of)
{
  g_autoptr(GString) text = g_string_new (NULL);

  if (is_set (backing_path))
    {
      g_autofree char *base = g_path_get_basename (backing_path);
      /* Translators: %s is the file name of the volume's backing file */
      g_string_append_printf (text, _("Built on %s (its backing file)"), base);
    }
  if (is_set (backing_of))
    {
      if (text->len > 0)
        g_string_append_c (text, '\n');
      /* Translators: %s is a list of volume names */
      g_string_append_printf (text, _("Backing file of %s"), backing_of);
    }
  return text->len > 0 ? g_string_free (g_steal_pointer (&text), FALSE) : NULL;
}

static void
set_label (GtkLabel   *label,
           const char *text)
{
  if (g_strcmp0 (gtk_label_get_label (label), text) != 0)
    gtk_label_set_label (label, text);
}

static void
set_tooltip (GtkWidget  *widget,
             const char *text)
{
  if (g_strcmp0 (gtk_widget_get_tooltip_text (widget), text) != 0)
    gtk_widget_set_tooltip_text (widget, text);
}

static void
update (VsmVolumeCell *self)
{
  VsmVolume *vol = self->volume;
  gboolean details = vol != NULL && vsm_volume_get_has_details (vol);

  switch (self->column)
    {
    case VSM_VOLUME_COLUMN_NAME:
    case VSM_VOLUME_COLUMN_PATH:
      {
        const char *text = vol == NULL ? NULL : self->column == VSM_VOLUME_COLUMN_NAME ? vsm_volume_get_name (vol)
                                                                                       : vsm_volume_get_path (vol);
        set_label (self->label, text != NULL ? text : "");
        set_tooltip (GTK_WIDGET (self->label), text);
      }
      break;

    case VSM_VOLUME_COLUMN_FORMAT:
      {
        const char *encryption = vol ? vsm_volume_get_encryption (vol) : NULL;
        const char *backing_path = vol ? vsm_volume_get_backing_path (vol) : NULL;
        const char *backing_of = vol ? vsm_volume_get_backing_of (vol) : NULL;
        g_autofree char *chain = chain_text (backing_path, backing_of);

        set_label (self->label, !details ? "…" : vsm_describe_volume_format (vsm_volume_get_format (vol)));
        gtk_widget_set_visible (self->lock, is_set (encryption));
        set_tooltip (self->lock, encryption != NULL ? vsm_describe_encryption (encryption) : NULL);
        gtk_widget_set_visible (self->link, chain != NULL);
        set_tooltip (self->link, chain);
        /* what the tooltips say, for screen readers too */
        if (is_set (encryption))
          gtk_accessible_update_property (GTK_ACCESSIBLE (self->lock), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                          vsm_describe_encryption (encryption), -1);
        if (chain != NULL)
          gtk_accessible_update_property (GTK_ACCESSIBLE (self->link), GTK_ACCESSIBLE_PROPERTY_LABEL, chain, -1);
      }
      break;

    case VSM_VOLUME_COLUMN_CAPACITY:
      {
        g_autofree char *size = details ? vsm_size_format (vsm_volume_get_capacity (vol)) : NULL;
        set_label (self->label, size != NULL ? size : "…");
      }
      break;

    case VSM_VOLUME_COLUMN_ALLOCATION:
      {
        guint64 cap = vol ? vsm_volume_get_capacity (vol) : 0;
        guint64 alloc = vol ? vsm_volume_get_allocation (vol) : 0;
        g_autofree char *text = details ? vsm_describe_allocation (cap, alloc) : NULL;

        set_label (self->label, text != NULL ? text : "…");
        gtk_level_bar_set_value (self->bar, MIN (1.0, vsm_size_fraction (alloc, cap)));
      }
      break;

    case VSM_VOLUME_COLUMN_USED_BY:
      {
        const char *used_by = vol ? vsm_volume_get_used_by (vol) : NULL;
        g_autofree char *first = NULL;
        g_autofree char *tooltip = NULL;

        gtk_widget_set_visible (self->child, is_set (used_by));
        set_label (self->label, is_set (used_by) ? used_by : "");
        if (is_set (used_by))
          {
            const char *comma = strchr (used_by, ',');

            /* the first machine named: the link opens it in the Virtual
             * Machines view; the target first, so the button never
             * carries the action without one */
            first = comma ? g_strndup (used_by, comma - used_by) : g_strdup (used_by);
            gtk_actionable_set_action_target (GTK_ACTIONABLE (self->child), "s", first);
            gtk_actionable_set_action_name (GTK_ACTIONABLE (self->child), "win.show-domain");
            tooltip = g_strdup_printf (_("Used by %s — show its disks"), used_by);
          }
        else
          gtk_actionable_set_action_name (GTK_ACTIONABLE (self->child), NULL);
        set_tooltip (self->child, tooltip);
      }
      break;

    case VSM_VOLUME_N_COLUMNS:
    default:
      g_assert_not_reached ();
    }
}

static void
volume_notify_cb (VsmVolumeCell *self,
                  GParamSpec    *pspec)
{
  for (guint i = 0; i < G_N_ELEMENTS (watched[0]) && watched[self->column][i] != NULL; i++)
    if (g_str_equal (pspec->name, watched[self->column][i]))
      {
        update (self);
        return;
      }
  /* the chain's other end is not in the table */
  if (self->column == VSM_VOLUME_COLUMN_FORMAT && g_str_equal (pspec->name, "backing-of"))
    update (self);
}

static void
set_volume (VsmVolumeCell *self,
            VsmVolume     *volume)
{
  if (self->volume == volume)
    return;
  if (self->volume != NULL)
    g_clear_signal_handler (&self->notify_id, self->volume);
  g_set_object (&self->volume, volume);
  if (volume != NULL)
    self->notify_id = g_signal_connect_swapped (volume, "notify", G_CALLBACK (volume_notify_cb), self);
  update (self);
}

static GtkLabel *
new_label (float xalign)
{
  GtkLabel *label = GTK_LABEL (gtk_label_new (NULL));

  gtk_label_set_xalign (label, xalign);
  return label;
}

/* A label read whole: long text wraps (at word boundaries where it can),
 * never cut. */
static void
wrap (GtkLabel *label)
{
  gtk_label_set_wrap (label, TRUE);
  gtk_label_set_wrap_mode (label, PANGO_WRAP_WORD_CHAR);
  gtk_label_set_natural_wrap_mode (label, GTK_NATURAL_WRAP_WORD);
}

static GtkWidget *
build (VsmVolumeCell *self)
{
  GtkWidget *box;

  switch (self->column)
    {
    case VSM_VOLUME_COLUMN_NAME:
    case VSM_VOLUME_COLUMN_PATH:
      self->label = new_label (0);
      wrap (self->label);
      if (self->column == VSM_VOLUME_COLUMN_PATH)
        gtk_widget_add_css_class (GTK_WIDGET (self->label), "dim-label");
      return GTK_WIDGET (self->label);

    case VSM_VOLUME_COLUMN_FORMAT:
      box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 4);
      self->label = new_label (0);
      gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->label));
      /* an encrypted volume: the lock says how (LUKS, qcow) */
      self->lock = gtk_image_new_from_icon_name ("channel-secure-symbolic");
      gtk_box_append (GTK_BOX (box), self->lock);
      /* in a backing chain: the link says on what it is built, what is built on it */
      self->link = gtk_image_new_from_icon_name ("insert-link-symbolic");
      gtk_box_append (GTK_BOX (box), self->link);
      return box;

    case VSM_VOLUME_COLUMN_CAPACITY:
      self->label = new_label (1);
      gtk_widget_add_css_class (GTK_WIDGET (self->label), "numeric");
      return GTK_WIDGET (self->label);

    case VSM_VOLUME_COLUMN_ALLOCATION:
      box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
      gtk_widget_set_valign (box, GTK_ALIGN_CENTER);
      self->label = new_label (0);
      wrap (self->label);
      gtk_widget_add_css_class (GTK_WIDGET (self->label), "numeric");
      gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->label));
      self->bar = GTK_LEVEL_BAR (gtk_level_bar_new_for_interval (0, 1));
      gtk_level_bar_set_mode (self->bar, GTK_LEVEL_BAR_MODE_CONTINUOUS);
      gtk_widget_add_css_class (GTK_WIDGET (self->bar), "vsm-alloc-bar");
      gtk_accessible_update_property (GTK_ACCESSIBLE (self->bar), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      _("Allocated share of capacity"), -1);
      gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->bar));
      return box;

    case VSM_VOLUME_COLUMN_USED_BY:
      /* a link for the mouse; Tab leaves the table, and the machine is in Machines */
      box = gtk_button_new ();
      gtk_widget_set_halign (box, GTK_ALIGN_START);
      gtk_widget_set_focusable (box, FALSE);
      gtk_widget_add_css_class (box, "flat");
      gtk_widget_add_css_class (box, "vsm-link");
      self->label = new_label (0);
      wrap (self->label);
      gtk_button_set_child (GTK_BUTTON (box), GTK_WIDGET (self->label));
      return box;

    case VSM_VOLUME_N_COLUMNS:
    default:
      g_assert_not_reached ();
    }
}

static void
vsm_volume_cell_dispose (GObject *object)
{
  VsmVolumeCell *self = VSM_VOLUME_CELL (object);

  set_volume (self, NULL);
  g_clear_pointer (&self->child, gtk_widget_unparent);
  G_OBJECT_CLASS (vsm_volume_cell_parent_class)->dispose (object);
}

static void
vsm_volume_cell_class_init (VsmVolumeCellClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = vsm_volume_cell_dispose;
  gtk_widget_class_set_layout_manager_type (GTK_WIDGET_CLASS (klass), GTK_TYPE_BIN_LAYOUT);
}

static void
vsm_volume_cell_init (VsmVolumeCell *self)
{
}

static GtkWidget *
vsm_volume_cell_new (VsmVolumeColumn column)
{
  VsmVolumeCell *self = g_object_new (VSM_TYPE_VOLUME_CELL, NULL);

  self->column = column;
  self->child = build (self);
  gtk_widget_set_parent (self->child, GTK_WIDGET (self));
  update (self);
  return GTK_WIDGET (self);
}

static void
setup_cb (GtkSignalListItemFactory *factory,
          GtkListItem              *item,
          gpointer                  column)
{
  gtk_list_item_set_child (item, vsm_volume_cell_new (GPOINTER_TO_INT (column)));
}

static void
bind_cb (GtkSignalListItemFactory *factory,
         GtkListItem              *item,
         gpointer                  column)
{
  set_volume (VSM_VOLUME_CELL (gtk_list_item_get_child (item)), gtk_list_item_get_item (item));
}

static void
unbind_cb (GtkSignalListItemFactory *factory,
           GtkListItem              *item,
           gpointer                  column)
{
  set_volume (VSM_VOLUME_CELL (gtk_list_item_get_child (item)), NULL);
}

/**
 * vsm_volume_cell_factory_new:
 *
 * Returns: (transfer full): the factory of @column's cells
 */
GtkListItemFactory *
vsm_volume_cell_factory_new (VsmVolumeColumn column)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();

  g_return_val_if_fail (column < VSM_VOLUME_N_COLUMNS, factory);
  g_signal_connect (factory, "setup", G_CALLBACK (setup_cb), GINT_TO_POINTER (column));
  g_signal_connect (factory, "bind", G_CALLBACK (bind_cb), GINT_TO_POINTER (column));
  g_signal_connect (factory, "unbind", G_CALLBACK (unbind_cb), GINT_TO_POINTER (column));
  return factory;
}
