/* test-partial-listing.c
 *
 * The pool view of a pool that libvirt lists only in part or not at all,
 * under Xvfb on the test driver. libvirt's remote protocol lists at most
 * 16,384 volumes (VSM_VOLUME_LIST_MAX); the in-process test driver has no
 * such limit, so the connection's limit is lowered to 2 for the "images"
 * pool of tests/data/fixture-basic.xml (3 volumes): the view shows the
 * two listed, a banner saying the pool holds 3 and why only 2 show, finds
 * the third by the exact name typed in the filter, says when the pool has
 * no volume of that name, and Delete Storage never speaks of "the
 * volumes" as if they were all (nor does it of the demo's volume group,
 * whose deletion loses every volume). A listing that failed is said with
 * libvirt's words, never as "No Volumes" (the failure is set on the model,
 * which is what the view binds to). The same on a real daemon with 17,000
 * volumes: tests/system/test-big-pool.c.
 *
 * Copyright 2026 Virt Storage developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <string.h>

#include "vsm-connection-private.h"
#include "vsm-pool-view.h"
#include "vsm-test-gtk-utils.h"
#include "vsm-volume.h"
#include "vsm-window.h"

#define TIMEOUT 10000
#define LIMIT 2

static const char * const images_volumes[] = { "disk1.qcow2", "disk2.raw", "install.iso", NULL };

typedef struct
{
  GListStore  *hosts;
  GSettings   *settings;
  VsmWindow   *win;
  VsmHost     *host;
  VsmPoolView *view;
  VsmPool     *pool;
} Fixture;

/* The "images" pool, listed with the connection's limit at LIMIT. */
static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  f->win = vsm_test_window_open (&f->hosts, &f->settings);
  f->view = vsm_window_get_pool_view (f->win);
  f->host = vsm_test_window_connect (f->win, "fixture-basic.xml");
  _vsm_connection_set_volume_list_limit (vsm_host_get_connection (f->host), LIMIT);
  f->pool = vsm_test_select_pool (f->win, f->host, "images");
  /* listed again under the lower limit (the first listing may have run before it) */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->view), "pool.refresh", NULL));
  VSM_WAIT_FOR (vsm_pool_get_volumes_partial (f->pool) && vsm_test_volumes_ready (f->pool) &&
                !vsm_pool_get_busy (f->pool), TIMEOUT);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  vsm_test_close_other_toplevels (GTK_WINDOW (f->win));
  vsm_test_window_close (&f->win, &f->settings, &f->hosts);
}

/* The label of the banner above the table, and whether it shows. */
static const char *
banner_text (Fixture *f)
{
  GtkWidget *revealer = vsm_test_find_widget (GTK_WIDGET (f->view), vsm_test_is_type,
                                              GSIZE_TO_POINTER (GTK_TYPE_REVEALER));
  GtkWidget *label;

  g_assert_nonnull (revealer);
  label = vsm_test_find_widget (revealer, vsm_test_is_type, GSIZE_TO_POINTER (GTK_TYPE_LABEL));
  g_assert_nonnull (label);
  return gtk_revealer_get_reveal_child (GTK_REVEALER (revealer)) ? gtk_label_get_text (GTK_LABEL (label)) : NULL;
}

static gboolean
shown (Fixture    *f,
       const char *name)
{
  GListModel *model = G_LIST_MODEL (vsm_pool_view_get_selection (f->view));

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(VsmVolume) vol = g_list_model_get_item (model, i);

      if (g_str_equal (vsm_volume_get_name (vol), name))
        return TRUE;
    }
  return FALSE;
}

static const char *
unlisted_volume (Fixture *f)
{
  for (guint i = 0; images_volumes[i] != NULL; i++)
    if (vsm_keyed_list_lookup (vsm_pool_get_volumes (f->pool), images_volumes[i]) == NULL)
      return images_volumes[i];
  g_assert_not_reached ();
}

/* The table shows what libvirt could list, and the banner says the rest. */
static void
test_banner (Fixture       *f,
             gconstpointer  data)
{
  const char *text;

  g_assert_cmpstr (vsm_pool_view_get_visible_page (f->view), ==, "list");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (vsm_pool_view_get_selection (f->view))), ==, LIMIT);
  text = banner_text (f);
  g_test_message ("banner: %s", text);
  g_assert_nonnull (text);
  g_assert_true (g_str_has_prefix (text, "Showing 2 of 3 volumes. "));
  g_assert_nonnull (strstr (text, "libvirt's remote protocol lists at most 2 volumes at a time; type a volume's "
                                  "exact name in the filter to find any of the others."));
  /* the count is out of all the pool holds */
  g_assert_true (vsm_test_has_label (GTK_WIDGET (f->view), "2 of 3 volumes"));
  vsm_test_shot (GTK_WIDGET (f->win), "partial-listing-banner");   /* with VSM_TEST_SHOT_DIR: to look at */
}

/* The exact name of a volume that was not listed finds it; a name the
 * pool lacks says so, never only "no match". */
static void
test_exact_name (Fixture       *f,
                 gconstpointer  data)
{
  const char *name = unlisted_volume (f);

  g_assert_false (shown (f, name));
  vsm_pool_view_set_search_text (f->view, name);
  VSM_WAIT_FOR (shown (f, name), TIMEOUT);
  g_assert_cmpstr (vsm_pool_view_get_visible_page (f->view), ==, "list");
  g_assert_true (vsm_volume_get_has_details (vsm_keyed_list_lookup (vsm_pool_get_volumes (f->pool), name)));
  /* every volume of the pool is on screen now: the banner has nothing to say */
  g_assert_null (banner_text (f));

  vsm_pool_view_set_search_text (f->view, "nothing-here.img");
  VSM_WAIT_FOR (vsm_test_find_widget (GTK_WIDGET (f->view), vsm_test_is_label_containing,
                                      (gpointer) "the pool has no volume named exactly “nothing-here.img”") != NULL,
                TIMEOUT);
  g_assert_cmpstr (vsm_pool_view_get_visible_page (f->view), ==, "no-results");
  g_assert_null (vsm_keyed_list_lookup (vsm_pool_get_volumes (f->pool), "nothing-here.img"));
  vsm_test_shot (GTK_WIDGET (f->win), "partial-listing-no-such-name");

  /* a complete pool says plainly that nothing matches */
  _vsm_connection_set_volume_list_limit (vsm_host_get_connection (f->host), VSM_VOLUME_LIST_MAX);
  vsm_pool_view_set_search_text (f->view, "");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->view), "pool.refresh", NULL));
  VSM_WAIT_FOR (!vsm_pool_get_volumes_partial (f->pool) && vsm_test_volumes_ready (f->pool) &&
                !vsm_pool_get_busy (f->pool), TIMEOUT);
  g_assert_null (banner_text (f));
  vsm_pool_view_set_search_text (f->view, "nothing-here.img");
  VSM_WAIT_FOR (g_strcmp0 (vsm_pool_view_get_visible_page (f->view), "no-results") == 0, TIMEOUT);
  g_assert_true (vsm_test_has_label (GTK_WIDGET (f->view), "No volume name or path contains the search text."));
}

/* Delete Storage of a directory known in part: the count and the part,
 * and no Delete Volumes and Storage (it could delete only what it can
 * name, and libvirt would then refuse the storage). Cancelled. */
static void
test_delete_says_partial (Fixture       *f,
                          gconstpointer  data)
{
  AdwMessageDialog *dialog;
  const char *body;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->view), "pool.delete", NULL));
  dialog = vsm_test_wait_message_dialog (GTK_WINDOW (f->win));
  body = adw_message_dialog_get_body (dialog);
  g_test_message ("%s", body);
  g_assert_nonnull (strstr (body, "It still holds 3 volumes, of which only 2 could be listed: libvirt's remote "
                                  "protocol lists at most 2 volumes at a time."));
  g_assert_nonnull (strstr (body, "Delete Volumes and Storage is not offered"));
  g_assert_nonnull (strstr (body, "Which virtual machines and volumes use the volumes that could not be listed is "
                                  "not known."));
  g_assert_false (adw_message_dialog_has_response (dialog, "delete-volumes"));
  g_assert_false (adw_message_dialog_get_response_enabled (dialog, "delete"));
  vsm_test_respond (dialog, "cancel");
  VSM_WAIT_FOR (vsm_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG, NULL) == NULL, TIMEOUT);
  g_assert_true (vsm_pool_get_active (f->pool));
}

/* Delete Storage of a volume group known in part (the demo's vg_vms,
 * 3 logical volumes, listed 2 at a time): every volume is lost, and the
 * dialog says how many there are, not only those listed. Cancelled. */
static void
test_delete_destroys_partial (void)
{
  g_autofree char *uri = g_strconcat ("test://", g_getenv ("VSM_DEMO_XML"), NULL);
  g_autoptr(GListStore) hosts = NULL;
  g_autoptr(GSettings) settings = NULL;
  VsmWindow *win = vsm_test_window_open (&hosts, &settings);
  VsmPoolView *view = vsm_window_get_pool_view (win);
  VsmHost *host = vsm_window_add_connection (win, uri, FALSE);
  AdwMessageDialog *dialog;
  const char *body;
  VsmPool *pool;

  VSM_WAIT_FOR (g_strcmp0 (vsm_window_get_pools_page (win), "pools") == 0, TIMEOUT);
  _vsm_connection_set_volume_list_limit (vsm_host_get_connection (host), LIMIT);
  pool = vsm_test_select_pool (win, host, "vg_vms");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "pool.refresh", NULL));
  VSM_WAIT_FOR (vsm_pool_get_volumes_partial (pool) && vsm_test_volumes_ready (pool) && !vsm_pool_get_busy (pool),
                TIMEOUT);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "pool.delete", NULL));
  dialog = vsm_test_wait_message_dialog (GTK_WINDOW (win));
  body = adw_message_dialog_get_body (dialog);
  g_test_message ("%s", body);
  g_assert_nonnull (strstr (body, "It currently holds 3 volumes, of which only 2 could be listed; all of them will "
                                  "be lost."));
  g_assert_nonnull (strstr (body, "Which virtual machines and volumes use the volumes that could not be listed is "
                                  "not known."));
  g_assert_true (adw_message_dialog_get_response_enabled (dialog, "delete"));
  vsm_test_respond (dialog, "cancel");
  VSM_WAIT_FOR (vsm_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG, NULL) == NULL, TIMEOUT);
  g_assert_true (vsm_pool_get_active (pool));
  vsm_test_window_close (&win, &settings, &hosts);
}

/* A listing that failed: libvirt's words and Try Again, never "No
 * Volumes"; with rows from an earlier listing, the banner says they may be
 * out of date. */
static void
test_failed (Fixture       *f,
             gconstpointer  data)
{
  const char *cause = "Cannot recv data: Connection reset by peer";
  AdwMessageDialog *dialog;
  g_autofree char *note = NULL;

  vsm_pool_set_volumes_error (f->pool, cause);
  note = g_strdup_printf ("The volume list could not be read again: %s. The volumes shown may be out of date.", cause);
  g_assert_cmpstr (banner_text (f), ==, note);
  g_assert_cmpstr (vsm_pool_view_get_visible_page (f->view), ==, "list");

  vsm_keyed_list_remove_all (vsm_pool_get_volumes (f->pool));
  vsm_pool_set_volumes_partial (f->pool, 0, LIMIT);
  VSM_WAIT_FOR (g_strcmp0 (vsm_pool_view_get_visible_page (f->view), "failed") == 0, TIMEOUT);
  g_assert_true (vsm_test_has_label (GTK_WIDGET (f->view), "Volumes Could Not Be Listed"));
  g_assert_true (vsm_test_has_label (GTK_WIDGET (f->view), cause));
  g_assert_nonnull (vsm_test_find_widget (GTK_WIDGET (f->view), vsm_test_is_button_with_action,
                                          (gpointer) "pool.refresh"));
  vsm_test_shot (GTK_WIDGET (f->win), "partial-listing-failed");

  /* Delete Storage does not pretend the pool is empty */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->view), "pool.delete", NULL));
  dialog = vsm_test_wait_message_dialog (GTK_WINDOW (f->win));
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "Its volumes could not be listed (Cannot recv "
                                                                  "data: Connection reset by peer), so what it "
                                                                  "holds is not known."));
  vsm_test_respond (dialog, "cancel");
  VSM_WAIT_FOR (vsm_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG, NULL) == NULL, TIMEOUT);

  /* Try Again lists it afresh */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->view), "pool.refresh", NULL));
  VSM_WAIT_FOR (vsm_pool_get_volumes_error (f->pool) == NULL && vsm_test_volumes_ready (f->pool), TIMEOUT);
  g_assert_cmpstr (vsm_pool_view_get_visible_page (f->view), ==, "list");
}

int
main (int   argc,
      char *argv[])
{
  vsm_test_gtk_init (&argc, &argv);

  g_test_add ("/gui/partial-listing/banner", Fixture, NULL, fixture_setup, test_banner, fixture_teardown);
  g_test_add ("/gui/partial-listing/exact-name", Fixture, NULL, fixture_setup, test_exact_name, fixture_teardown);
  g_test_add ("/gui/partial-listing/delete-says-partial", Fixture, NULL, fixture_setup, test_delete_says_partial,
              fixture_teardown);
  g_test_add_func ("/gui/partial-listing/delete-destroys", test_delete_destroys_partial);
  g_test_add ("/gui/partial-listing/failed", Fixture, NULL, fixture_setup, test_failed, fixture_teardown);

  return g_test_run ();
}
