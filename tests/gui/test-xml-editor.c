/* test-xml-editor.c: XML in — New Pool from XML (define and create),
 * Edit XML of a pool (pool-edit) and New Volume from XML (vol-create),
 * driven through the real window on the test driver (fixture-basic.xml,
 * private state): the schema check with lines, the connection's checks,
 * the review (what happens, the diff, the virsh lines) and the result in
 * libvirt.
 *
 * Copyright 2026 Virt Storage developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <string.h>

#include "vsm-connection.h"
#include "vsm-pool-view.h"
#include "vsm-test-gtk-utils.h"
#include "vsm-window.h"
#include "vsm-xml-editor.h"

#define TIMEOUT 10000

typedef struct
{
  GListStore  *hosts;
  GSettings   *settings;
  VsmWindow   *win;
  VsmHost     *host;
  VsmPoolView *view;
} Fixture;

static void
fixture_setup (Fixture *f)
{
  f->win = vsm_test_window_open (&f->hosts, &f->settings);
  f->view = vsm_window_get_pool_view (f->win);
  f->host = vsm_test_window_connect (f->win, "fixture-basic.xml");
}

static void
fixture_teardown (Fixture *f)
{
  vsm_test_window_close (&f->win, &f->settings, &f->hosts);
}

static gboolean
has_toast (GtkWidget  *root,
           const char *text)
{
  GType toast_widget = g_type_from_name ("AdwToastWidget");
  GtkWidget *label = (GtkWidget *) vsm_test_find_label (root, text);

  return label != NULL && toast_widget != 0 && gtk_widget_get_ancestor (label, toast_widget) != NULL;
}

static gboolean
is_editable_text_view (GtkWidget *w,
                       gpointer   unused)
{
  return GTK_IS_TEXT_VIEW (w) && gtk_text_view_get_editable (GTK_TEXT_VIEW (w));
}

static gboolean
is_read_only_text_view (GtkWidget *w,
                        gpointer   unused)
{
  return GTK_IS_TEXT_VIEW (w) && !gtk_text_view_get_editable (GTK_TEXT_VIEW (w));
}

static GtkLabel *
label_containing (GtkWidget  *root,
                  const char *text)
{
  return GTK_LABEL (vsm_test_find_widget (root, vsm_test_is_label_containing, (gpointer) text));
}

/* The problem row titled @title ("Line 5"), or NULL. */
static GtkWidget *
problem_row (VsmXmlEditor *editor,
             const char   *title)
{
  return vsm_test_find_widget (GTK_WIDGET (editor), vsm_test_is_row_titled, (gpointer) title);
}

static char *
text_of (GtkTextView *view)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (view);
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

/* Opens the editor through @action on @widget. */
static VsmXmlEditor *
open_editor (GtkWidget  *widget,
             const char *action)
{
  GtkWindow *editor = NULL;

  g_assert_true (gtk_widget_activate_action (widget, action, NULL));
  VSM_WAIT_FOR ((editor = vsm_test_find_toplevel (VSM_TYPE_XML_EDITOR, NULL)) != NULL &&
                gtk_widget_get_mapped (GTK_WIDGET (editor)), TIMEOUT);
  return VSM_XML_EDITOR (editor);
}

/* Types @xml as the user would (the check follows after a pause). */
static void
type_xml (VsmXmlEditor *editor,
          const char   *xml)
{
  GtkWidget *view = vsm_test_find_widget (GTK_WIDGET (editor), is_editable_text_view, NULL);

  g_assert_nonnull (view);
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (view)), xml, -1);
}

static GtkWidget *
button (VsmXmlEditor *editor,
        const char   *label)
{
  GtkWidget *b = vsm_test_find_widget (GTK_WIDGET (editor), vsm_test_is_button_with_label, (gpointer) label);

  g_assert_nonnull (b);
  return b;
}

static void
click (GtkWidget *b)
{
  g_assert_true (gtk_widget_is_sensitive (b));
  g_signal_emit_by_name (b, "clicked");
}

/* The command box's text on the review page. */
static const char *
review_command (VsmXmlEditor *editor)
{
  GtkLabel *label = label_containing (GTK_WIDGET (editor), "virsh ");

  g_assert_nonnull (label);
  return gtk_label_get_text (label);
}

/* The done button, once the review has been on screen long enough that
 * a click is not the end of the one that opened it. */
static void
click_done (VsmXmlEditor *editor,
            const char   *label)
{
  GtkWidget *b = vsm_test_find_widget (GTK_WIDGET (editor), vsm_test_is_button_with_label, (gpointer) label);

  g_assert_nonnull (b);
  vsm_test_wait_idle (450);
  click (b);
}

static void
wait_closed (void)
{
  VSM_WAIT_FOR (vsm_test_find_toplevel (VSM_TYPE_XML_EDITOR, NULL) == NULL, TIMEOUT);
}

/* The pool's XML as libvirt now keeps it (pool-dumpxml --inactive). */
static char *
inactive_xml (VsmHost *host,
              VsmPool *pool)
{
  g_autoptr(GError) error = NULL;
  char *xml = vsm_test_pool_definition (vsm_host_get_connection (host), vsm_pool_get_uuid (pool), &error);

  g_assert_no_error (error);
  return xml;
}

/* New Pool from XML: the example is valid; a schema error and a taken
 * name block Review and say where; Define keeps an inactive pool; Create
 * and Start makes a running transient one. */
static void
test_new_pool (void)
{
  Fixture f = { 0 };
  VsmXmlEditor *editor;
  GtkWidget *review;
  GtkLabel *status;
  VsmPool *pool;

  fixture_setup (&f);
  editor = open_editor (GTK_WIDGET (f.win), "win.new-pool-xml");
  review = button (editor, "_Review");
  /* the example a learner starts from is what libvirt accepts */
  g_assert_true (gtk_widget_is_sensitive (review));
  g_assert_true (vsm_test_has_label (GTK_WIDGET (editor), "Valid: libvirt’s schema for pools accepts it"));

  /* an element the schema does not know, on line 5 */
  type_xml (editor, "<pool type='dir'>\n  <name>fromxml</name>\n  <target>\n    <path>/srv/fromxml</path>\n"
                    "    <colour>blue</colour>\n  </target>\n</pool>\n");
  /* Review right after typing checks first, and stays on the XML */
  click (review);
  g_assert_nonnull (problem_row (editor, "Line 5"));
  g_assert_nonnull (vsm_test_find_widget (GTK_WIDGET (editor), vsm_test_is_button_with_label, (gpointer) "_Cancel"));
  status = label_containing (GTK_WIDGET (editor), "problems: libvirt would refuse this XML");
  g_assert_nonnull (status);
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (status), "error"));
  g_assert_false (gtk_widget_is_sensitive (review));
  /* F8 goes from problem to problem, round to the first */
  {
    GtkWidget *view = vsm_test_find_widget (GTK_WIDGET (editor), is_editable_text_view, NULL);
    GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (view));
    GtkTextIter cursor;

    gtk_text_buffer_get_end_iter (buffer, &cursor);
    gtk_text_buffer_place_cursor (buffer, &cursor);
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (editor), "editor.next-problem", NULL));
    gtk_text_buffer_get_iter_at_mark (buffer, &cursor, gtk_text_buffer_get_insert (buffer));
    g_assert_cmpint (gtk_text_iter_get_line (&cursor), ==, 0);
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (editor), "editor.next-problem", NULL));
    gtk_text_buffer_get_iter_at_mark (buffer, &cursor, gtk_text_buffer_get_insert (buffer));
    g_assert_cmpint (gtk_text_iter_get_line (&cursor), ==, 4);
  }
  /* the row leads to the line */
  {
    GtkWidget *row = problem_row (editor, "Line 5");
    GtkWidget *view = vsm_test_find_widget (GTK_WIDGET (editor), is_editable_text_view, NULL);
    GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (view));
    GtkTextIter cursor;

    g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), "colour"));
    g_signal_emit_by_name (gtk_widget_get_parent (row), "row-activated", row);
    gtk_text_buffer_get_iter_at_mark (buffer, &cursor, gtk_text_buffer_get_insert (buffer));
    g_assert_cmpint (gtk_text_iter_get_line (&cursor), ==, 4);
    g_assert_true (gtk_widget_has_focus (view));
  }

  /* well formed, valid, but the name is taken on this connection */
  type_xml (editor, "<pool type='dir'>\n  <name>images</name>\n  <target>\n    <path>/srv/x</path>\n"
                    "  </target>\n</pool>\n");
  VSM_WAIT_FOR (problem_row (editor, "Line 2") != NULL, TIMEOUT);
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (problem_row (editor, "Line 2"))),
                            "A pool named “images” already exists"));
  g_assert_false (gtk_widget_is_sensitive (review));

  /* Define */
  type_xml (editor, "<pool type='dir'>\n  <name>fromxml</name>\n  <target>\n    <path>/srv/fromxml</path>\n"
                    "  </target>\n</pool>\n");
  VSM_WAIT_FOR (gtk_widget_is_sensitive (review), TIMEOUT);
  /* Ctrl+Return reviews, as the button does */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (editor), "editor.next", NULL));
  g_assert_nonnull (vsm_test_find_widget (GTK_WIDGET (editor), vsm_test_is_button_with_label, (gpointer) "_Back"));
  g_assert_true (vsm_test_has_label (GTK_WIDGET (editor), "libvirt keeps the pool “fromxml” defined and inactive: "
                                                          "build it if its storage does not exist yet, then start "
                                                          "it, from the pool list. Nothing on the storage changes "
                                                          "now."));
  g_test_message ("define: %s", review_command (editor));
  g_assert_nonnull (strstr (review_command (editor), "# save the XML from the editor as fromxml.xml\nvirsh -c test:///"));
  g_assert_true (g_str_has_suffix (review_command (editor), " pool-define fromxml.xml"));
  /* Back keeps the text; Review again */
  click (button (editor, "_Back"));
  click (button (editor, "_Review"));
  /* the second click of a double click on Review defines nothing */
  click (button (editor, "_Define Pool"));
  vsm_test_wait_idle (100);
  g_assert_nonnull (vsm_test_find_toplevel (VSM_TYPE_XML_EDITOR, NULL));
  g_assert_null (vsm_host_find_pool_by_name (f.host, "fromxml"));
  click_done (editor, "_Define Pool");
  wait_closed ();
  VSM_WAIT_FOR (has_toast (GTK_WIDGET (f.win), "Pool “fromxml” defined"), TIMEOUT);
  VSM_WAIT_FOR ((pool = vsm_host_find_pool_by_name (f.host, "fromxml")) != NULL, TIMEOUT);
  g_assert_false (vsm_pool_get_active (pool));
  g_assert_true (vsm_pool_get_persistent (pool));

  /* Create and Start: transient, running */
  editor = open_editor (GTK_WIDGET (f.win), "win.new-pool-xml");
  type_xml (editor, "<pool type='dir'>\n  <name>transient</name>\n  <target>\n    <path>/srv/t</path>\n"
                    "  </target>\n</pool>\n");
  click (vsm_test_find_widget (GTK_WIDGET (editor), vsm_test_is_button_with_label, (gpointer) "Create and _Start"));
  VSM_WAIT_FOR (gtk_widget_is_sensitive (button (editor, "_Review")), TIMEOUT);
  click (button (editor, "_Review"));
  g_assert_true (g_str_has_suffix (review_command (editor), " pool-create transient.xml"));
  g_assert_nonnull (label_containing (GTK_WIDGET (editor), "It is transient: once stopped, its definition is gone"));
  /* the done button says what it does */
  click_done (editor, "Create and _Start");
  wait_closed ();
  VSM_WAIT_FOR (has_toast (GTK_WIDGET (f.win), "Pool “transient” created and started"), TIMEOUT);
  VSM_WAIT_FOR ((pool = vsm_host_find_pool_by_name (f.host, "transient")) != NULL, TIMEOUT);
  g_assert_true (vsm_pool_get_active (pool));
  g_assert_false (vsm_pool_get_persistent (pool));

  /* an opened file, unchanged: the line names it */
  editor = open_editor (GTK_WIDGET (f.win), "win.new-pool-xml");
  vsm_xml_editor_set_text (editor, "<pool type='dir'><name>filed</name><target><path>/srv/f</path></target></pool>",
                           "/home/user/notes/filed pool.xml");
  click (button (editor, "_Review"));
  g_assert_true (g_str_has_suffix (review_command (editor), " pool-define '/home/user/notes/filed pool.xml'"));
  g_assert_null (strstr (review_command (editor), "save the XML"));
  gtk_window_close (GTK_WINDOW (editor));
  wait_closed ();
  g_assert_null (vsm_host_find_pool_by_name (f.host, "filed"));   /* closing defines nothing */
  fixture_teardown (&f);
}

/* Open File…: the file's text and path (the virsh line names it); a file
 * that is not UTF-8 text or over 1 MiB is refused and the text stays. */
static void
test_open_file (void)
{
  Fixture f = { 0 };
  VsmXmlEditor *editor;
  g_autofree char *dir = g_dir_make_tmp ("vsm-xml-open-XXXXXX", NULL);
  g_autofree char *good = g_build_filename (dir, "notes pool.xml", NULL);
  g_autofree char *latin1 = g_build_filename (dir, "latin1.xml", NULL);
  g_autofree char *big = g_build_filename (dir, "big.xml", NULL);
  g_autofree char *huge = g_malloc0 (1024 * 1024 + 16);
  g_autoptr(GFile) good_file = g_file_new_for_path (good);
  g_autoptr(GFile) latin1_file = g_file_new_for_path (latin1);
  g_autoptr(GFile) big_file = g_file_new_for_path (big);
  GtkWidget *view;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;

  memset (huge, ' ', 1024 * 1024 + 15);
  g_assert_true (g_file_set_contents (good, "<pool type='dir'>\r\n  <name>opened</name>\r\n  <target><path>/srv/o</path>"
                                            "</target>\r\n</pool>\r\n", -1, NULL));
  g_assert_true (g_file_set_contents (latin1, "<pool type='dir'><name>caf\xe9</name></pool>", -1, NULL));
  g_assert_true (g_file_set_contents (big, huge, -1, NULL));

  fixture_setup (&f);
  editor = open_editor (GTK_WIDGET (f.win), "win.new-pool-xml");
  view = vsm_test_find_widget (GTK_WIDGET (editor), is_editable_text_view, NULL);
  before = text_of (GTK_TEXT_VIEW (view));

  vsm_xml_editor_open_file (editor, latin1_file);
  VSM_WAIT_FOR (has_toast (GTK_WIDGET (editor), "Could not read the file"), TIMEOUT);
  vsm_xml_editor_open_file (editor, big_file);
  vsm_test_wait_idle (300);
  after = text_of (GTK_TEXT_VIEW (view));
  g_assert_cmpstr (after, ==, before);

  /* CRLF line ends (a file from Windows) are read as libvirt's */
  vsm_xml_editor_open_file (editor, good_file);
  VSM_WAIT_FOR (vsm_test_find_widget (GTK_WIDGET (editor), vsm_test_is_label_containing, (gpointer) "Valid:") != NULL &&
                strstr ((g_free (after), after = text_of (GTK_TEXT_VIEW (view))), "opened") != NULL, TIMEOUT);
  click (button (editor, "_Review"));
  g_test_message ("opened: %s", review_command (editor));
  g_assert_true (g_str_has_suffix (review_command (editor), "/notes pool.xml'"));
  g_assert_nonnull (strstr (review_command (editor), " pool-define '"));
  g_assert_null (strstr (review_command (editor), "save the XML"));
  gtk_window_close (GTK_WINDOW (editor));
  wait_closed ();
  fixture_teardown (&f);
  g_unlink (good);
  g_unlink (latin1);
  g_unlink (big);
  g_rmdir (dir);
}

/* Edit XML of a pool whose definition arrives after another pool was
 * selected: no editor opens for the wrong pool. And an edit that changes
 * nothing cannot be saved. */
static void
test_edit_pool_guards (void)
{
  Fixture f = { 0 };
  VsmXmlEditor *editor;

  fixture_setup (&f);
  vsm_test_select_pool (f.win, f.host, "images");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f.view), "pool.edit-xml", NULL));
  vsm_test_select_pool (f.win, f.host, "backup");
  vsm_test_wait_idle (500);
  g_assert_null (vsm_test_find_toplevel (VSM_TYPE_XML_EDITOR, NULL));

  editor = open_editor (GTK_WIDGET (f.view), "pool.edit-xml");
  g_assert_nonnull (vsm_test_find_label (GTK_WIDGET (editor), "Edit XML of “backup”"));
  click (button (editor, "_Review"));
  {
    g_autofree char *diff = text_of (GTK_TEXT_VIEW (vsm_test_find_widget (GTK_WIDGET (editor), is_read_only_text_view,
                                                                         NULL)));
    g_assert_cmpstr (diff, ==, "No changes: the definition stays as it is.");
  }
  vsm_test_wait_idle (450);
  g_assert_false (gtk_widget_is_sensitive (button (editor, "_Save Definition")));
  gtk_window_close (GTK_WINDOW (editor));
  wait_closed ();
  fixture_teardown (&f);
}

/* Edit XML (pool-edit) of the fixture's running "images" pool: the
 * definition for the next start, the name and UUID kept, the diff and
 * the virsh lines, the new definition in libvirt. */
static void
test_edit_pool (void)
{
  Fixture f = { 0 };
  VsmXmlEditor *editor;
  VsmPool *pool;
  g_autofree char *before = NULL;
  g_autofree char *edited = NULL;
  g_autofree char *renamed = NULL;
  g_autofree char *after = NULL;
  g_autofree char *diff = NULL;
  GtkWidget *view;

  fixture_setup (&f);
  pool = vsm_test_select_pool (f.win, f.host, "images");
  g_assert_true (vsm_pool_get_active (pool));
  editor = open_editor (GTK_WIDGET (f.view), "pool.edit-xml");
  view = vsm_test_find_widget (GTK_WIDGET (editor), is_editable_text_view, NULL);
  before = text_of (GTK_TEXT_VIEW (view));
  g_assert_nonnull (strstr (before, "<name>images</name>"));
  g_assert_nonnull (strstr (before, vsm_pool_get_uuid (pool)));
  g_assert_true (gtk_widget_is_sensitive (button (editor, "_Review")));
  /* no Open File…: it edits this pool */
  g_assert_false (gtk_widget_get_visible (vsm_test_find_widget (GTK_WIDGET (editor), vsm_test_is_button_with_label,
                                                                 (gpointer) "_Open File…")));

  /* libvirt cannot rename a pool */
  renamed = g_strdup (before);
  {
    char *at = strstr (renamed, "<name>images</name>");
    memcpy (at, "<name>imagez</name>", strlen ("<name>imagez</name>"));
  }
  type_xml (editor, renamed);
  VSM_WAIT_FOR (vsm_test_find_label (GTK_WIDGET (editor), "libvirt cannot rename a pool: keep <name>images</name>")
                != NULL, TIMEOUT);
  g_assert_false (gtk_widget_is_sensitive (button (editor, "_Review")));

  /* a new target path: the diff shows just that */
  g_assert_nonnull (strstr (before, "<path>/var/lib/libvirt/images</path>"));
  {
    g_auto(GStrv) parts = g_strsplit (before, "<path>/var/lib/libvirt/images</path>", 2);
    edited = g_strjoinv ("<path>/srv/images</path>", parts);
  }
  type_xml (editor, edited);
  VSM_WAIT_FOR (gtk_widget_is_sensitive (button (editor, "_Review")), TIMEOUT);
  click (button (editor, "_Review"));
  /* running: the new definition waits for the next start */
  g_assert_nonnull (label_containing (GTK_WIDGET (editor), "The running pool keeps its current settings until "
                                                           "it is stopped and started again."));
  g_test_message ("edit: %s", review_command (editor));
  g_assert_nonnull (strstr (review_command (editor), " pool-edit images\n"));
  g_assert_nonnull (strstr (review_command (editor), " pool-dumpxml --inactive images > images.xml\n"));
  g_assert_true (g_str_has_suffix (review_command (editor), " pool-define images.xml"));
  click (button (editor, "_Back"));
  click (button (editor, "_Cancel"));
  wait_closed ();

  /* stopped (the test driver keeps one definition per pool): the edit
   * is the definition at once */
  {
    GAsyncResult *slot = NULL;
    g_autoptr(GAsyncResult) result = NULL;
    g_autoptr(GError) error = NULL;

    vsm_host_pool_action_async (f.host, pool, VSM_POOL_ACTION_STOP, NULL, vsm_test_store_result, &slot);
    result = vsm_test_wait_result (&slot, TIMEOUT);
    g_assert_true (vsm_host_pool_action_finish (f.host, result, &error));
    g_assert_no_error (error);
    VSM_WAIT_FOR (!vsm_pool_get_active (pool), TIMEOUT);
  }
  editor = open_editor (GTK_WIDGET (f.view), "pool.edit-xml");
  type_xml (editor, edited);
  VSM_WAIT_FOR (gtk_widget_is_sensitive (button (editor, "_Review")), TIMEOUT);
  click (button (editor, "_Review"));
  g_assert_nonnull (label_containing (GTK_WIDGET (editor), "it applies when the pool is next started. Nothing on "
                                                           "the storage changes."));
  diff = text_of (GTK_TEXT_VIEW (vsm_test_find_widget (GTK_WIDGET (editor), is_read_only_text_view, NULL)));
  g_test_message ("diff:\n%s", diff);
  g_assert_nonnull (strstr (diff, "\n-    <path>/var/lib/libvirt/images</path>\n+    <path>/srv/images</path>\n"));
  g_assert_true (g_str_has_prefix (diff, "@@ "));
  click_done (editor, "_Save Definition");
  wait_closed ();
  VSM_WAIT_FOR (has_toast (GTK_WIDGET (f.win), "Definition of “images” saved"), TIMEOUT);
  after = inactive_xml (f.host, pool);
  g_assert_nonnull (strstr (after, "<path>/srv/images</path>"));
  fixture_teardown (&f);
}

/* New Volume from XML in "images": the example, a taken name, the
 * vol-create line, the volume listed afterwards. */
static void
test_new_volume (void)
{
  Fixture f = { 0 };
  VsmXmlEditor *editor;
  VsmPool *pool;

  fixture_setup (&f);
  pool = vsm_test_select_pool (f.win, f.host, "images");
  VSM_WAIT_FOR (vsm_pool_get_volumes_loaded (pool), TIMEOUT);
  editor = open_editor (GTK_WIDGET (f.view), "pool.new-volume-xml");
  g_assert_true (gtk_widget_is_sensitive (button (editor, "_Review")));
  g_assert_true (vsm_test_has_label (GTK_WIDGET (editor), "Valid: libvirt’s schema for volumes accepts it"));

  type_xml (editor, "<volume>\n  <name>disk2.raw</name>\n  <capacity unit='MiB'>16</capacity>\n</volume>\n");
  VSM_WAIT_FOR (vsm_test_find_label (GTK_WIDGET (editor), "The pool already holds a volume named “disk2.raw”")
                != NULL, TIMEOUT);
  g_assert_nonnull (problem_row (editor, "Line 2"));
  g_assert_false (gtk_widget_is_sensitive (button (editor, "_Review")));

  /* a format libvirt's schema knows but a directory pool cannot hold */
  type_xml (editor, "<volume>\n  <name>old.qcow</name>\n  <capacity unit='MiB'>16</capacity>\n"
                    "  <target>\n    <format type='qcow'/>\n  </target>\n</volume>\n");
  VSM_WAIT_FOR (problem_row (editor, "Line 5") != NULL, TIMEOUT);
  g_assert_true (g_str_has_prefix (adw_action_row_get_subtitle (ADW_ACTION_ROW (problem_row (editor, "Line 5"))),
                                   "A pool of this type cannot hold the format “qcow”; it takes qcow2, raw"));
  g_assert_false (gtk_widget_is_sensitive (button (editor, "_Review")));

  type_xml (editor, "<volume>\n  <name>fromxml.qcow2</name>\n  <capacity unit='MiB'>16</capacity>\n"
                    "  <target><format type='qcow2'/></target>\n</volume>\n");
  VSM_WAIT_FOR (gtk_widget_is_sensitive (button (editor, "_Review")), TIMEOUT);
  click (button (editor, "_Review"));
  g_assert_true (g_str_has_suffix (review_command (editor), " vol-create images fromxml.qcow2.xml"));
  g_assert_false (gtk_widget_get_visible (vsm_test_find_widget (GTK_WIDGET (editor), is_read_only_text_view, NULL)));
  click_done (editor, "_Create Volume");
  wait_closed ();
  VSM_WAIT_FOR (has_toast (GTK_WIDGET (f.win), "Volume “fromxml.qcow2” created"), TIMEOUT);
  VSM_WAIT_FOR (vsm_keyed_list_lookup (vsm_pool_get_volumes (pool), "fromxml.qcow2") != NULL, TIMEOUT);
  /* as the XML said (the details follow the names) */
  VSM_WAIT_FOR (vsm_volume_get_capacity (vsm_keyed_list_lookup (vsm_pool_get_volumes (pool), "fromxml.qcow2"))
                == 16 * 1024 * 1024, TIMEOUT);
  g_assert_cmpstr (vsm_volume_get_format (vsm_keyed_list_lookup (vsm_pool_get_volumes (pool), "fromxml.qcow2")),
                   ==, "qcow2");
  fixture_teardown (&f);
}

int
main (int   argc,
      char *argv[])
{
  vsm_test_gtk_init (&argc, &argv);

  g_test_add_func ("/xml-editor/new-pool", test_new_pool);
  g_test_add_func ("/xml-editor/edit-pool", test_edit_pool);
  g_test_add_func ("/xml-editor/open-file", test_open_file);
  g_test_add_func ("/xml-editor/edit-pool-guards", test_edit_pool_guards);
  g_test_add_func ("/xml-editor/new-volume", test_new_volume);

  return g_test_run ();
}
