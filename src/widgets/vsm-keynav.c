/* vsm-keynav.c
 *
 * Copyright 2026 Virt Storage developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "vsm-keynav.h"

/* Moves the focus as Tab does (GTK's own order, from the focused widget
 * on) while @list refuses it, so the next control after @list takes it;
 * wraps around at the end, as the window does. */
static gboolean
focus_past (GtkWidget        *list,
            GtkDirectionType  dir)
{
  GtkWidget *root = GTK_WIDGET (gtk_widget_get_root (list));
  gboolean moved;

  if (root == NULL)
    return FALSE;
  gtk_widget_set_can_focus (list, FALSE);
  moved = gtk_widget_child_focus (root, dir);
  if (!moved)
    {
      gtk_root_set_focus (GTK_ROOT (root), NULL);
      moved = gtk_widget_child_focus (root, dir);
    }
  gtk_widget_set_can_focus (list, TRUE);
  return moved;
}

static gboolean
key_pressed_cb (GtkEventControllerKey *controller,
                guint                  keyval,
                guint                  keycode,
                GdkModifierType        state,
                gpointer               user_data)
{
  GtkWidget *list = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (controller));

  GtkDirectionType dir;
  GtkWidget *focus, *row;

  if ((state & (GDK_CONTROL_MASK | GDK_ALT_MASK)) != 0)
    return FALSE;
  if (keyval == GDK_KEY_Tab || keyval == GDK_KEY_KP_Tab)
    dir = (state & GDK_SHIFT_MASK) ? GTK_DIR_TAB_BACKWARD : GTK_DIR_TAB_FORWARD;
  else if (keyval == GDK_KEY_ISO_Left_Tab)
    dir = GTK_DIR_TAB_BACKWARD;
  else
    return FALSE;

  /* the controls of a list box's focused row first (a connection's
   * Reconnect); a column view's cells have none */
  focus = gtk_root_get_focus (gtk_widget_get_root (list));
  row = GTK_IS_LIST_BOX (list) ? focus : NULL;
  while (row != NULL && gtk_widget_get_parent (row) != list)
    row = gtk_widget_get_parent (row);
  if (row != NULL && gtk_widget_child_focus (row, dir) && gtk_root_get_focus (gtk_widget_get_root (list)) != focus)
    return TRUE;
  return focus_past (list, dir);
}

/**
 * vsm_keynav_tab_leaves:
 * @list: a #GtkListBox or a #GtkColumnView
 *
 * Tab and Shift+Tab leave @list for the next and previous control, as in
 * any other widget, after the controls of the focused row, where GTK 4.8
 * would move from row to row (a list box
 * treats Tab as Down, so a browse list selected every row Tab passed; a
 * column view never let Tab out). The arrows still move within the list.
 */
void
vsm_keynav_tab_leaves (GtkWidget *list)
{
  GtkEventController *controller = gtk_event_controller_key_new ();

  g_return_if_fail (GTK_IS_WIDGET (list));

  gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
  g_signal_connect (controller, "key-pressed", G_CALLBACK (key_pressed_cb), NULL);
  gtk_widget_add_controller (list, controller);
}
