/* test-volume-dialog.c
 *
 * The New Volume dialog and the pool view's Clone and Resize dialogs, with
 * the real widgets under Xvfb (tests/headless.sh), on the libvirt test
 * driver with tests/data/fixture-basic.xml. Each test opens its own
 * connection (private test-driver state).
 *
 * G_DEBUG=fatal-warnings (test_env) makes any warning or critical a failure.
 *
 * Copyright 2026 Virt Storage developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <libxml/parser.h>
#include <string.h>

#include "vsm-job.h"
#include "vsm-job-row.h"
#include "vsm-pool-view.h"
#include "vsm-size.h"
#include "vsm-test-gtk-utils.h"
#include "vsm-volume.h"
#include "vsm-volume-details-dialog.h"
#include "vsm-volume-dialog.h"
#include "vsm-volume-ops.h"
#include "vsm-window.h"

#define TIMEOUT 10000
#define GiB (G_GUINT64_CONSTANT (1) << 30)

/* ------------------------------------------------------------------ */
/* Window fixture                                                      */

typedef struct
{
  GListStore  *hosts;
  GSettings   *settings;
  VsmWindow   *win;
  VsmHost     *host;
  VsmPoolView *view;
  VsmPool     *images;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  f->win = vsm_test_window_open (&f->hosts, &f->settings);
  f->view = vsm_window_get_pool_view (f->win);
  f->host = vsm_test_window_connect (f->win, "fixture-basic.xml");
  g_assert_true (vsm_host_get_pools_loaded (f->host));

  /* show "images" in the pool view: that loads its volumes */
  f->images = vsm_test_select_pool (f->win, f->host, "images");
  g_assert_cmpuint (vsm_keyed_list_get_n_items (vsm_pool_get_volumes (f->images)), ==, 3);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  vsm_test_window_close (&f->win, &f->settings, &f->hosts);
}

/* ------------------------------------------------------------------ */
/* New Volume dialog                                                   */

static VsmVolumeDialog *
open_dialog (Fixture *f)
{
  GtkWidget *dialog = vsm_volume_dialog_new (GTK_WINDOW (f->win), f->host, f->images);

  g_assert_true (VSM_IS_VOLUME_DIALOG (dialog));
  gtk_window_present (GTK_WINDOW (dialog));
  VSM_WAIT_FOR (gtk_widget_get_mapped (dialog), TIMEOUT);
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (dialog)) == GTK_WINDOW (f->win));
  g_assert_true (gtk_window_get_modal (GTK_WINDOW (dialog)));
  return VSM_VOLUME_DIALOG (dialog);
}

static GtkWidget *
create_button (VsmVolumeDialog *dialog)
{
  GtkWidget *button = vsm_test_find_widget (GTK_WIDGET (dialog), vsm_test_is_button_with_label, (gpointer) "C_reate");

  g_assert_nonnull (button);
  return button;
}

static void
assert_valid (VsmVolumeDialog *dialog)
{
  g_autoptr(VsmVolumeSpec) spec = vsm_volume_dialog_dup_spec (dialog);
  g_autofree char *xml = vsm_volume_dialog_dup_xml (dialog);
  g_autofree char *cmd = vsm_volume_dialog_dup_command (dialog);

  if (spec == NULL)
    g_error ("the form should be valid, error: %s", vsm_volume_dialog_get_error (dialog));
  g_assert_null (vsm_volume_dialog_get_error (dialog));
  g_assert_nonnull (xml);
  g_assert_nonnull (cmd);
  g_assert_true (gtk_widget_get_sensitive (create_button (dialog)));
  g_assert_null (vsm_test_shown_error (GTK_WIDGET (dialog)));
}

static void
assert_invalid (VsmVolumeDialog *dialog,
                const char      *what,
                const char      *expect_in_message)
{
  g_autoptr(VsmVolumeSpec) spec = vsm_volume_dialog_dup_spec (dialog);
  const char *error = vsm_volume_dialog_get_error (dialog);
  g_autofree char *xml = NULL;
  g_autofree char *cmd = NULL;

  if (spec != NULL)
    g_error ("%s: the form should be invalid", what);
  g_assert_nonnull (error);
  g_assert_cmpstr (error, !=, "");
  g_test_message ("%s -> %s", what, error);
  if (expect_in_message != NULL && strstr (error, expect_in_message) == NULL)
    g_error ("%s: “%s” does not mention “%s”", what, error, expect_in_message);
  g_assert_false (gtk_widget_get_sensitive (create_button (dialog)));
  g_assert_cmpstr (vsm_test_shown_error (GTK_WIDGET (dialog)), ==, error);
  xml = vsm_volume_dialog_dup_xml (dialog);
  cmd = vsm_volume_dialog_dup_command (dialog);
  g_assert_null (xml);
  g_assert_null (cmd);

  /* clicking the insensitive button's handler anyway creates nothing */
  vsm_volume_dialog_create (dialog);
  g_assert_false (gtk_widget_get_sensitive (create_button (dialog)));
}

static void
test_dialog_defaults (Fixture       *f,
                      gconstpointer  data)
{
  VsmVolumeDialog *dialog = open_dialog (f);
  g_autoptr(VsmVolumeSpec) spec = vsm_volume_dialog_dup_spec (dialog);
  g_autofree char *xml = vsm_volume_dialog_dup_xml (dialog);
  g_autofree char *cmd = vsm_volume_dialog_dup_command (dialog);
  g_autofree char *expected_cmd = NULL;
  xmlDocPtr doc;

  g_assert_nonnull (spec);
  assert_valid (dialog);
  g_assert_cmpstr (spec->name, ==, "disk.qcow2");
  g_assert_cmpstr (spec->format, ==, "qcow2");
  g_assert_cmpuint (spec->capacity, ==, 20 * GiB);
  g_assert_cmpint (spec->prealloc, ==, VSM_PREALLOC_OFF);
  g_assert_null (spec->backing_path);

  /* the XML shown is the XML that would be sent */
  doc = xmlReadMemory (xml, (int) strlen (xml), "v.xml", NULL, XML_PARSE_NONET);
  g_assert_nonnull (doc);
  xmlFreeDoc (doc);
  g_assert_nonnull (strstr (xml, "<name>disk.qcow2</name>"));
  g_assert_nonnull (strstr (xml, "<capacity unit='bytes'>21474836480</capacity>"));
  g_assert_nonnull (strstr (xml, "<format type='qcow2'/>"));
  expected_cmd = g_strdup_printf ("virsh -c %s vol-create-as images disk.qcow2 21474836480B --allocation 0B --format qcow2",
                                  vsm_host_get_uri (f->host));
  g_assert_cmpstr (cmd, ==, expected_cmd);

  /* the review area shows the same command and XML (without the final
   * newline) */
  g_assert_nonnull (vsm_test_find_widget (GTK_WIDGET (dialog), vsm_test_is_label_with_text, cmd));
  {
    g_autofree char *shown_xml = g_strchomp (g_strdup (xml));
    g_assert_nonnull (vsm_test_find_widget (GTK_WIDGET (dialog), vsm_test_is_label_with_text, shown_xml));
  }

  /* qcow2 offers Thin, Full and Metadata only; with a backing volume only
   * Thin (libvirt refuses preallocation with a backing store) */
  {
    AdwComboRow *alloc = ADW_COMBO_ROW (vsm_test_find_row (GTK_WIDGET (dialog), "_Allocation"));
    AdwComboRow *backing = ADW_COMBO_ROW (vsm_test_find_row (GTK_WIDGET (dialog), "_Backing Volume"));

    vsm_volume_dialog_set_values (dialog, NULL, NULL, "qcow2", VSM_PREALLOC_FULL);
    g_assert_cmpuint (g_list_model_get_n_items (adw_combo_row_get_model (alloc)), ==, 3);
    g_assert_cmpuint (g_list_model_get_n_items (adw_combo_row_get_model (backing)), >, 1);
    adw_combo_row_set_selected (backing, 1);
    g_assert_cmpuint (g_list_model_get_n_items (adw_combo_row_get_model (alloc)), ==, 1);
    {
      g_autoptr(VsmVolumeSpec) backed = vsm_volume_dialog_dup_spec (dialog);
      g_assert_nonnull (backed);
      g_assert_nonnull (backed->backing_path);
      g_assert_cmpint (backed->prealloc, ==, VSM_PREALLOC_OFF);
    }
    adw_combo_row_set_selected (backing, 0);
    g_assert_cmpuint (g_list_model_get_n_items (adw_combo_row_get_model (alloc)), ==, 3);
  }

  /* switching to raw renames the suggested extension */
  vsm_volume_dialog_set_values (dialog, NULL, NULL, "raw", VSM_PREALLOC_OFF);
  {
    g_autoptr(VsmVolumeSpec) raw = vsm_volume_dialog_dup_spec (dialog);
    g_assert_nonnull (raw);
    g_assert_cmpstr (raw->name, ==, "disk.raw");
    g_assert_cmpstr (raw->format, ==, "raw");
  }

  /* the pool.new-volume action opens the same dialog */
  gtk_window_destroy (GTK_WINDOW (dialog));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->view), "pool.new-volume", NULL));
  VSM_WAIT_FOR (vsm_test_find_toplevel (VSM_TYPE_VOLUME_DIALOG, NULL) != NULL, TIMEOUT);
  dialog = VSM_VOLUME_DIALOG (vsm_test_find_toplevel (VSM_TYPE_VOLUME_DIALOG, NULL));
  assert_valid (dialog);
  gtk_window_destroy (GTK_WINDOW (dialog));
}

static void
test_dialog_invalid (Fixture       *f,
                     gconstpointer  data)
{
  VsmVolumeDialog *dialog = open_dialog (f);
  guint64 avail = vsm_pool_get_available (f->images);
  g_autofree char *avail_text = vsm_size_format (avail);
  g_autofree char *exactly = g_strdup_printf ("%" G_GUINT64_FORMAT " B", avail);
  g_autofree char *one_more = g_strdup_printf ("%" G_GUINT64_FORMAT " B", avail + 1);
  GtkWidget *overcommit_row = vsm_test_find_row (GTK_WIDGET (dialog), "After Creation");

  g_test_message ("pool “images”: %s free of %" G_GUINT64_FORMAT " bytes", avail_text,
                  vsm_pool_get_capacity (f->images));
  g_assert_cmpuint (avail, >, 80 * GiB);
  g_assert_cmpuint (avail, <, 100 * GiB);

  vsm_volume_dialog_set_values (dialog, "", "20", "qcow2", VSM_PREALLOC_OFF);
  assert_invalid (dialog, "empty name", NULL);
  vsm_volume_dialog_set_values (dialog, "a/b", "20", "qcow2", VSM_PREALLOC_OFF);
  assert_invalid (dialog, "a/b", "/");
  vsm_volume_dialog_set_values (dialog, "disk1.qcow2", "20", "qcow2", VSM_PREALLOC_OFF);
  assert_invalid (dialog, "duplicate disk1.qcow2", "disk1.qcow2");
  vsm_volume_dialog_set_values (dialog, " x.qcow2", "20", "qcow2", VSM_PREALLOC_OFF);
  assert_invalid (dialog, "leading space", NULL);

  vsm_volume_dialog_set_values (dialog, "new.qcow2", "abc", "qcow2", VSM_PREALLOC_OFF);
  assert_invalid (dialog, "capacity abc", "abc");
  vsm_volume_dialog_set_values (dialog, "new.qcow2", "0", "qcow2", VSM_PREALLOC_OFF);
  assert_invalid (dialog, "capacity 0", "zero");
  vsm_volume_dialog_set_values (dialog, "new.qcow2", "-1", "qcow2", VSM_PREALLOC_OFF);
  assert_invalid (dialog, "capacity -1", "negative");
  vsm_volume_dialog_set_values (dialog, "new.qcow2", "", "qcow2", VSM_PREALLOC_OFF);
  assert_invalid (dialog, "no capacity", NULL);
  vsm_volume_dialog_set_values (dialog, "new.qcow2", "1e99", "qcow2", VSM_PREALLOC_OFF);
  assert_invalid (dialog, "capacity 1e99", NULL);
  vsm_volume_dialog_set_values (dialog, "new.qcow2", "18446744073709551616", "qcow2", VSM_PREALLOC_OFF);
  assert_invalid (dialog, "capacity 2^64", "too large");

  /* preallocation cannot exceed the pool's free space ... */
  vsm_volume_dialog_set_values (dialog, "big.raw", "500 GiB", "raw", VSM_PREALLOC_FULL);
  assert_invalid (dialog, "preallocated 500 GiB", avail_text);
  vsm_volume_dialog_set_values (dialog, "big.raw", one_more, "raw", VSM_PREALLOC_FULL);
  assert_invalid (dialog, "preallocated free + 1 byte", avail_text);
  /* ... but may use all of it */
  vsm_volume_dialog_set_values (dialog, "big.raw", exactly, "raw", VSM_PREALLOC_FULL);
  assert_valid (dialog);
  /* a small thin volume keeps the pool within its capacity ... */
  vsm_volume_dialog_set_values (dialog, "small.raw", "1", "raw", VSM_PREALLOC_OFF);
  assert_valid (dialog);
  g_assert_false (gtk_widget_has_css_class (overcommit_row, "warning"));
  /* ... a big thin volume may overcommit: allowed, with a warning */
  vsm_volume_dialog_set_values (dialog, "big.raw", "500 GiB", "raw", VSM_PREALLOC_OFF);
  assert_valid (dialog);
  g_assert_true (gtk_widget_has_css_class (overcommit_row, "warning"));
  {
    g_autofree char *cmd = vsm_volume_dialog_dup_command (dialog);
    g_assert_nonnull (strstr (cmd, " 536870912000B --allocation 0B --format raw"));
  }

  /* a unit typed in the entry wins over the drop-down (GiB) */
  vsm_volume_dialog_set_values (dialog, "small.raw", "512 MiB", "raw", VSM_PREALLOC_FULL);
  vsm_test_shot (GTK_WIDGET (dialog), "new-volume-full");
  {
    g_autoptr(VsmVolumeSpec) spec = vsm_volume_dialog_dup_spec (dialog);
    g_assert_nonnull (spec);
    g_assert_cmpuint (spec->capacity, ==, 512 << 20);
    g_assert_cmpint (spec->prealloc, ==, VSM_PREALLOC_FULL);
  }
  /* metadata preallocation exists for qcow2 */
  vsm_volume_dialog_set_values (dialog, "meta.qcow2", "1.5", "qcow2", VSM_PREALLOC_METADATA);
  {
    g_autoptr(VsmVolumeSpec) spec = vsm_volume_dialog_dup_spec (dialog);
    g_autofree char *cmd = vsm_volume_dialog_dup_command (dialog);
    g_assert_nonnull (spec);
    g_assert_cmpuint (spec->capacity, ==, GiB + GiB / 2);
    g_assert_cmpint (spec->prealloc, ==, VSM_PREALLOC_METADATA);
    g_assert_true (g_str_has_suffix (cmd, " --prealloc-metadata"));
  }

  gtk_window_destroy (GTK_WINDOW (dialog));
}

static void
test_dialog_create (Fixture       *f,
                    gconstpointer  data)
{
  VsmVolumeDialog *dialog = open_dialog (f);
  GtkWidget *button = create_button (dialog);
  VsmVolume *vol;

  vsm_volume_dialog_set_values (dialog, "new.qcow2", "5", "qcow2", VSM_PREALLOC_OFF);
  assert_valid (dialog);
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);

  vsm_volume_dialog_create (dialog);
  /* no second click while it runs */
  g_assert_false (gtk_widget_get_sensitive (button));

  /* the dialog closes by itself ... */
  VSM_WAIT_FOR (dialog == NULL, TIMEOUT);
  g_assert_null (vsm_test_find_toplevel (VSM_TYPE_VOLUME_DIALOG, NULL));
  /* ... and the pool is re-listed with the new volume */
  VSM_WAIT_FOR (vsm_test_find_volume (f->images, "new.qcow2") != NULL && vsm_test_volumes_ready (f->images), TIMEOUT);
  vol = vsm_test_find_volume (f->images, "new.qcow2");
  g_assert_cmpstr (vsm_volume_get_format (vol), ==, "qcow2");
  g_assert_cmpuint (vsm_volume_get_capacity (vol), ==, 5 * GiB);
  g_assert_cmpuint (vsm_keyed_list_get_n_items (vsm_pool_get_volumes (f->images)), ==, 4);

  /* a new dialog knows the name is taken now and suggests another */
  dialog = open_dialog (f);
  vsm_volume_dialog_set_values (dialog, "new.qcow2", "5", "qcow2", VSM_PREALLOC_OFF);
  assert_invalid (dialog, "new.qcow2 again", "new.qcow2");
  gtk_window_destroy (GTK_WINDOW (dialog));
}

/* libvirt refuses (the name was taken behind the dialog's back): the
 * dialog stays open, says why, and allows another try. */
static void
test_dialog_create_fails (Fixture       *f,
                          gconstpointer  data)
{
  VsmVolumeDialog *dialog = open_dialog (f);
  g_autoptr(VsmVolumeSpec) other = vsm_volume_spec_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  GAsyncResult *slot = NULL;
  const char *shown;

  other->name = g_strdup ("race.qcow2");
  other->format = g_strdup ("qcow2");
  other->capacity = GiB;
  vsm_volume_job_async (vsm_host_get_connection (f->host),
                        &(VsmVolumeJob) { .kind = VSM_VOLUME_JOB_CREATE,
                                          .pool_uuid = vsm_pool_get_uuid (f->images), .spec = other },
                        NULL, vsm_test_store_result, &slot);
  result = vsm_test_wait_result (&slot, TIMEOUT);
  g_assert_true (vsm_volume_job_finish (vsm_host_get_connection (f->host), result, NULL, &error));
  g_assert_no_error (error);

  /* the dialog's list of names predates it */
  vsm_volume_dialog_set_values (dialog, "race.qcow2", "1", "qcow2", VSM_PREALLOC_OFF);
  assert_valid (dialog);
  vsm_volume_dialog_create (dialog);
  VSM_WAIT_FOR (gtk_widget_get_sensitive (create_button (dialog)), TIMEOUT);

  g_assert_true (vsm_test_find_toplevel (VSM_TYPE_VOLUME_DIALOG, NULL) == GTK_WINDOW (dialog));
  shown = vsm_test_shown_error (GTK_WIDGET (dialog));
  g_test_message ("failure shown: %s", shown ? shown : "(nothing)");
  g_assert_nonnull (shown);
  g_assert_nonnull (strstr (shown, "already exists"));
  g_assert_cmpstr (vsm_volume_dialog_get_error (dialog), ==, shown);

  /* fixing the name clears the message and creates */
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
  vsm_volume_dialog_set_values (dialog, "race-2.qcow2", "1", "qcow2", VSM_PREALLOC_OFF);
  assert_valid (dialog);
  vsm_volume_dialog_create (dialog);
  VSM_WAIT_FOR (dialog == NULL, TIMEOUT);
  VSM_WAIT_FOR (vsm_test_find_volume (f->images, "race-2.qcow2") != NULL &&
                vsm_test_volumes_ready (f->images), TIMEOUT);
}

/* ------------------------------------------------------------------ */
/* Pool view: Resize and Clone                                         */

static AdwMessageDialog *
open_action_dialog (Fixture    *f,
                    const char *volume,
                    const char *action)
{
  AdwMessageDialog *dialog;

  g_assert_null (vsm_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG, NULL));
  g_assert_true (vsm_test_select_volume (f->view, volume));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->view), action, NULL));
  dialog = vsm_test_wait_message_dialog (GTK_WINDOW (f->win));
  g_assert_nonnull (adw_message_dialog_get_extra_child (dialog));   /* the form */
  vsm_test_shot (GTK_WIDGET (dialog), action);
  return dialog;
}

static void
set_entry (GtkWidget  *row,
           const char *text)
{
  gtk_editable_set_text (GTK_EDITABLE (row), text);
}

static VsmJob *
newest_job (Fixture *f)
{
  GListModel *jobs = G_LIST_MODEL (vsm_window_get_jobs (f->win));
  g_autoptr(VsmJob) job = NULL;

  if (g_list_model_get_n_items (jobs) == 0)
    return NULL;
  job = g_list_model_get_item (jobs, 0);
  return job;   /* the list keeps it alive */
}

static void
test_resize_dialog (Fixture       *f,
                    gconstpointer  data)
{
  AdwMessageDialog *dialog = open_action_dialog (f, "disk2.raw", "volume.resize");
  GtkWidget *size_row = vsm_test_find_widget (GTK_WIDGET (dialog), vsm_test_is_type,
                                              GSIZE_TO_POINTER (ADW_TYPE_ENTRY_ROW));
  GtkWidget *shrink = vsm_test_find_widget (GTK_WIDGET (dialog), vsm_test_is_type,
                                            GSIZE_TO_POINTER (GTK_TYPE_CHECK_BUTTON));
  VsmJob *job;
  const struct { const char *text; gboolean enabled; } cases[] = {
    { "abc", FALSE }, { "0", FALSE }, { "-1", FALSE }, { "", FALSE }, { "1e99", FALSE },
    { "10 GiB", FALSE },     /* the current capacity */
    { "20 GiB", TRUE }, { "10.5G", TRUE },
  };

  g_assert_nonnull (size_row);
  g_assert_nonnull (shrink);
  g_assert_true (adw_message_dialog_has_response (dialog, "resize"));
  /* opened with the current capacity: nothing to do yet, and no error
   * before the user typed anything */
  g_assert_false (adw_message_dialog_get_response_enabled (dialog, "resize"));
  g_assert_null (vsm_test_find_widget (GTK_WIDGET (dialog), vsm_test_is_label_containing, "current capacity"));
  g_assert_nonnull (vsm_test_find_widget (GTK_WIDGET (dialog), vsm_test_is_label_containing, "vol-resize --pool images disk2.raw"));

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      set_entry (size_row, cases[i].text);
      if (adw_message_dialog_get_response_enabled (dialog, "resize") != cases[i].enabled)
        g_error ("resize to “%s”: response should be %s", cases[i].text, cases[i].enabled ? "enabled" : "disabled");
      g_assert_false (gtk_widget_get_visible (shrink));
    }

  /* the virsh line follows the form */
  set_entry (size_row, "50 GiB");
  {
    GtkWidget *line = vsm_test_find_widget (GTK_WIDGET (dialog), vsm_test_is_label_containing, "vol-resize --pool images disk2.raw");

    g_test_message ("resize line: %s", gtk_label_get_text (GTK_LABEL (line)));
    g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (line)), " 53687091200B"));
    g_assert_null (strstr (gtk_label_get_text (GTK_LABEL (line)), "NEW-CAPACITY"));
  }
  set_entry (size_row, "10 GiB");
  g_assert_nonnull (vsm_test_find_widget (GTK_WIDGET (dialog), vsm_test_is_label_containing, "current capacity"));

  /* shrinking needs the confirmation box */
  set_entry (size_row, "5 GiB");
  g_assert_true (gtk_widget_get_visible (shrink));
  g_assert_false (adw_message_dialog_get_response_enabled (dialog, "resize"));
  gtk_check_button_set_active (GTK_CHECK_BUTTON (shrink), TRUE);
  g_assert_true (adw_message_dialog_get_response_enabled (dialog, "resize"));
  g_assert_nonnull (vsm_test_find_widget (GTK_WIDGET (dialog), vsm_test_is_label_containing, "B --shrink"));
  g_assert_cmpint (adw_message_dialog_get_response_appearance (dialog, "resize"), ==, ADW_RESPONSE_DESTRUCTIVE);
  gtk_check_button_set_active (GTK_CHECK_BUTTON (shrink), FALSE);
  g_assert_false (adw_message_dialog_get_response_enabled (dialog, "resize"));

  /* grow: a job runs; the test driver has no resize, so it fails with
   * libvirt's reason and the volume keeps its size */
  set_entry (size_row, "20 GiB");
  vsm_test_respond (dialog, "resize");
  job = newest_job (f);
  g_assert_nonnull (job);
  VSM_WAIT_FOR (vsm_job_get_state (job) != VSM_JOB_RUNNING, TIMEOUT);
  g_test_message ("resize job: %s", vsm_job_get_status (job));
  g_assert_cmpint (vsm_job_get_state (job), ==, VSM_JOB_FAILED);
  g_assert_nonnull (strstr (vsm_job_get_status (job), "not supported"));

  /* the Operations popover's row (VsmJobRow) says so: title, libvirt's
   * reason in the error style, no Cancel */
  {
    GtkWidget *row = vsm_test_find_widget (GTK_WIDGET (f->win), vsm_test_is_type,
                                           GSIZE_TO_POINTER (VSM_TYPE_JOB_ROW));
    GtkWidget *button = row ? gtk_widget_get_ancestor (row, GTK_TYPE_MENU_BUTTON) : NULL;

    g_assert_nonnull (row);
    g_assert_true (vsm_job_row_get_job (VSM_JOB_ROW (row)) == job);
    g_assert_true (vsm_test_has_label (row, vsm_job_get_title (job)));
    g_assert_true (vsm_test_has_label (row, vsm_job_get_status (job)));
    g_assert_nonnull (vsm_test_find_widget (row, vsm_test_is_error_label, NULL));
    /* its one button is Cancel, hidden once the job ended */
    g_assert_false (gtk_widget_get_visible (vsm_test_find_widget (row, vsm_test_is_type,
                                                                  GSIZE_TO_POINTER (GTK_TYPE_BUTTON))));
    g_assert_nonnull (button);
    /* the Operations button says a job failed: no tick */
    g_assert_cmpstr (gtk_menu_button_get_icon_name (GTK_MENU_BUTTON (button)), ==, "dialog-warning-symbolic");
    g_assert_cmpstr (gtk_widget_get_tooltip_text (button), ==, "1 operation failed");
    gtk_menu_button_popup (GTK_MENU_BUTTON (button));
    vsm_test_wait_idle (300);
    {
      /* the reason is shown whole: not clipped to fewer lines than its
       * width needs (the popover's list measures wrapped rows) */
      GtkWidget *scroller = gtk_widget_get_ancestor (row, GTK_TYPE_SCROLLED_WINDOW);
      GtkWidget *list = gtk_widget_get_parent (row);
      int min_h = 0;

      gtk_widget_measure (list, GTK_ORIENTATION_VERTICAL, gtk_widget_get_width (list), &min_h, NULL, NULL, NULL);
      g_test_message ("operations list: %d px high, its rows need %d at %d px wide",
                      gtk_widget_get_height (scroller), min_h, gtk_widget_get_width (list));
      g_assert_cmpint (gtk_widget_get_height (scroller), >=, MIN (min_h, 420));
    }
    vsm_test_shot (GTK_WIDGET (gtk_menu_button_get_popover (GTK_MENU_BUTTON (button))), "jobs-popover");
    gtk_menu_button_popdown (GTK_MENU_BUTTON (button));
  }
  VSM_WAIT_FOR (vsm_test_volumes_ready (f->images), TIMEOUT);
  g_assert_cmpuint (vsm_volume_get_capacity (vsm_test_find_volume (f->images, "disk2.raw")), ==, 10 * GiB);
}

static void
test_clone_dialog (Fixture       *f,
                   gconstpointer  data)
{
  AdwMessageDialog *dialog = open_action_dialog (f, "disk1.qcow2", "volume.clone");
  GtkWidget *name_row = vsm_test_find_row (GTK_WIDGET (dialog), "Name of the copy");
  GtkWidget *pool_row = vsm_test_find_row (GTK_WIDGET (dialog), "Target pool");
  GListModel *jobs = G_LIST_MODEL (vsm_window_get_jobs (f->win));
  guint jobs_before = g_list_model_get_n_items (jobs);
  VsmJob *job;
  VsmVolume *copy;
  const struct { const char *name; gboolean enabled; } cases[] = {
    { "", FALSE }, { "a/b", FALSE }, { "..", FALSE }, { "disk2.raw", FALSE }, { "disk1.qcow2", FALSE },
    { " lead", FALSE }, { "ok.qcow2", TRUE }, { "a<b&c'd\"e", TRUE },
  };

  /* suggested name, the current pool preselected, Clone enabled */
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (name_row)), ==, "disk1-clone.qcow2");
  g_assert_true (adw_message_dialog_get_response_enabled (dialog, "clone"));
  {
    GtkStringObject *item = adw_combo_row_get_selected_item (ADW_COMBO_ROW (pool_row));
    g_assert_cmpstr (gtk_string_object_get_string (item), ==, "images");
  }

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      set_entry (name_row, cases[i].name);
      if (adw_message_dialog_get_response_enabled (dialog, "clone") != cases[i].enabled)
        g_error ("clone named “%s”: response should be %s", cases[i].name,
                 cases[i].enabled ? "enabled" : "disabled");
    }

  /* the virsh line follows the form: vol-clone in the same pool and
   * format, vol-create-from with the copy's XML otherwise */
  set_entry (name_row, "disk1-copy.qcow2");
  {
    GtkWidget *format_row = vsm_test_find_row (GTK_WIDGET (dialog), "Format");
    GtkLabel *line = (GtkLabel *) vsm_test_find_widget (GTK_WIDGET (dialog), vsm_test_is_label_containing,
                                                        (gpointer) "virsh");

    g_assert_nonnull (line);
    g_assert_true (g_str_has_suffix (gtk_label_get_text (line), " vol-clone --pool images disk1.qcow2 disk1-copy.qcow2"));
    adw_combo_row_set_selected (ADW_COMBO_ROW (format_row), 1);   /* raw (convert) */
    g_assert_nonnull (strstr (gtk_label_get_text (line),
                              " vol-create-from images /dev/stdin --inputpool images disk1.qcow2 <<'EOF'\n<volume>\n"
                              "  <name>disk1-copy.qcow2</name>\n"));
    g_assert_nonnull (strstr (gtk_label_get_text (line), "<format type='raw'/>"));
    g_assert_true (g_str_has_suffix (gtk_label_get_text (line), "</volume>\nEOF"));
    vsm_test_shot (GTK_WIDGET (dialog), "clone-convert");
    adw_combo_row_set_selected (ADW_COMBO_ROW (format_row), 0);
    g_assert_true (g_str_has_suffix (gtk_label_get_text (line), " vol-clone --pool images disk1.qcow2 disk1-copy.qcow2"));
  }
  vsm_test_respond (dialog, "clone");

  /* a job appears and completes */
  VSM_WAIT_FOR (g_list_model_get_n_items (jobs) == jobs_before + 1, TIMEOUT);
  job = newest_job (f);
  g_assert_nonnull (strstr (vsm_job_get_title (job), "disk1-copy.qcow2"));
  VSM_WAIT_FOR (vsm_job_get_state (job) != VSM_JOB_RUNNING, TIMEOUT);
  g_test_message ("clone job: %s — %s", vsm_job_get_title (job), vsm_job_get_status (job));
  g_assert_cmpint (vsm_job_get_state (job), ==, VSM_JOB_DONE);
  g_assert_cmpfloat (vsm_job_get_fraction (job), ==, 1.0);

  /* the copy shows up in the pool's model (and the table) */
  VSM_WAIT_FOR (vsm_test_find_volume (f->images, "disk1-copy.qcow2") != NULL &&
                vsm_test_volumes_ready (f->images), TIMEOUT);
  copy = vsm_test_find_volume (f->images, "disk1-copy.qcow2");
  g_assert_cmpuint (vsm_volume_get_capacity (copy), ==, 20 * GiB);
  g_assert_cmpstr (vsm_volume_get_format (copy), ==, "qcow2");
  VSM_WAIT_FOR (vsm_test_select_volume (f->view, "disk1-copy.qcow2"), TIMEOUT);

  /* a fully allocated volume's copy is fully allocated, as vol-clone
   * makes it (disk1.qcow2 above is thin: 2 of 20 GiB, and so its copy) */
  dialog = open_action_dialog (f, "disk2.raw", "volume.clone");
  {
    GtkLabel *line = (GtkLabel *) vsm_test_find_widget (GTK_WIDGET (dialog), vsm_test_is_label_containing,
                                                        (gpointer) "virsh");
    GtkWidget *target_row = vsm_test_find_row (GTK_WIDGET (dialog), "Target pool");

    g_assert_true (g_str_has_suffix (gtk_label_get_text (line), " vol-clone --pool images disk2.raw disk2-clone.raw"));
    vsm_test_select_combo_prefix (ADW_COMBO_ROW (target_row), "backup");
    g_test_message ("full clone: %s", gtk_label_get_text (line));
    g_assert_nonnull (strstr (gtk_label_get_text (line), "<allocation unit='bytes'>10737418240</allocation>"));
  }
  vsm_test_respond (dialog, "cancel");

  /* the copy's name is now taken for the next clone */
  dialog = open_action_dialog (f, "disk1.qcow2", "volume.clone");
  name_row = vsm_test_find_row (GTK_WIDGET (dialog), "Name of the copy");
  set_entry (name_row, "disk1-copy.qcow2");
  g_assert_false (adw_message_dialog_get_response_enabled (dialog, "clone"));
  vsm_test_respond (dialog, "cancel");
  g_assert_cmpuint (g_list_model_get_n_items (jobs), ==, jobs_before + 1);
}

/* Wipe: the algorithm row drives the virsh line; Wipe runs a job with
 * the chosen algorithm (the test driver refuses it: the job fails with
 * libvirt's reason and the volume is kept). */
static void
test_wipe_dialog (Fixture       *f,
                  gconstpointer  data)
{
  AdwMessageDialog *dialog = open_action_dialog (f, "disk2.raw", "volume.wipe");
  GtkWidget *algo = vsm_test_find_row (GTK_WIDGET (dialog), "Algorithm");
  GtkWidget *line;
  VsmJob *job;

  g_assert_cmpint (adw_message_dialog_get_response_appearance (dialog, "wipe"), ==, ADW_RESPONSE_DESTRUCTIVE);
  g_assert_cmpstr (adw_message_dialog_get_default_response (dialog), ==, "cancel");
  line = vsm_test_find_widget (GTK_WIDGET (dialog), vsm_test_is_label_containing, "vol-wipe --pool images disk2.raw");
  g_assert_nonnull (line);
  g_assert_null (strstr (gtk_label_get_text (GTK_LABEL (line)), "--algorithm"));
  vsm_test_select_combo_prefix (ADW_COMBO_ROW (algo), "DoD");
  g_assert_true (g_str_has_suffix (gtk_label_get_text (GTK_LABEL (line)), " --algorithm dod"));
  vsm_test_shot (GTK_WIDGET (dialog), "wipe-dod");

  /* plain raw: nothing is made again */
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "The volume itself is kept."));
  vsm_test_respond (dialog, "wipe");
  job = newest_job (f);
  g_assert_nonnull (job);
  g_assert_cmpstr (vsm_job_get_title (job), ==, "Wiping “disk2.raw”");
  VSM_WAIT_FOR (vsm_job_get_state (job) != VSM_JOB_RUNNING, TIMEOUT);
  g_test_message ("wipe job: %s", vsm_job_get_status (job));
  VSM_WAIT_FOR (vsm_test_volumes_ready (f->images), TIMEOUT);
  g_assert_nonnull (vsm_test_find_volume (f->images, "disk2.raw"));

  /* qcow2: vol-wipe overwrites its header, so the volume is made again,
   * empty, and the dialog says so, with those lines (issue 14, item 13) */
  dialog = open_action_dialog (f, "disk1.qcow2", "volume.wipe");
  g_test_message ("wipe disk1.qcow2: %s", adw_message_dialog_get_body (dialog));
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog),
                            "vol-wipe overwrites the qcow2 header too, so the volume is then made again, empty: "
                            "a qcow2 volume of 20.0\u00a0GiB. It is no longer built on old.qcow2."));
  g_assert_null (strstr (adw_message_dialog_get_body (dialog), "The volume itself is kept."));
  line = vsm_test_find_widget (GTK_WIDGET (dialog), vsm_test_is_label_containing, "vol-wipe --pool images disk1.qcow2");
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (line)), " vol-delete --pool images disk1.qcow2\n"));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (line)),
                            " vol-create-as images disk1.qcow2 21474836480B --allocation 0B --format qcow2"));
  vsm_test_respond (dialog, "cancel");
}

/* The subtitle of the row titled @title in @dialog. */
static const char *
row_value (GtkWidget  *dialog,
           const char *title)
{
  return adw_action_row_get_subtitle (ADW_ACTION_ROW (vsm_test_find_row (dialog, title)));
}

/* Details of a qcow2 volume with a backing file, permissions and qcow2
 * features (fixture-basic's disk1.qcow2, backed by backup/old.qcow2):
 * what the model lists shows at once, the rest once the XML is read;
 * both numbers of each size; the chain names the backing volume and its
 * pool; the virsh lines are vol-info and vol-dumpxml. */
static void
test_details_dialog (Fixture       *f,
                     gconstpointer  data)
{
  GtkWindow *dialog = NULL;
  GtkWidget *chain;
  GtkLabel *status;

  g_assert_true (vsm_test_select_volume (f->view, "disk1.qcow2"));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->view), "volume.details", NULL));
  VSM_WAIT_FOR ((dialog = vsm_test_find_toplevel (VSM_TYPE_VOLUME_DETAILS_DIALOG, GTK_WINDOW (f->win))) != NULL &&
                gtk_widget_get_mapped (GTK_WIDGET (dialog)), TIMEOUT);
  g_assert_true (gtk_window_get_transient_for (dialog) == GTK_WINDOW (f->win));
  g_assert_cmpstr (row_value (GTK_WIDGET (dialog), "Path"), ==, "/var/lib/libvirt/images/disk1.qcow2");
  g_assert_cmpstr (row_value (GTK_WIDGET (dialog), "Pool"), ==, "images");
  g_assert_cmpstr (row_value (GTK_WIDGET (dialog), "Format"), ==, "qcow2");
  g_assert_cmpstr (row_value (GTK_WIDGET (dialog), "Used By"), ==, "vm1");   /* fixture-basic's vm1 has it as a disk */
  g_assert_cmpstr (row_value (GTK_WIDGET (dialog), "Capacity (virtual size)"), ==, "20.0\u00a0GiB (21474836480 bytes)");
  g_assert_cmpstr (row_value (GTK_WIDGET (dialog), "Allocation (disk size)"), ==, "2.0\u00a0GiB (2147483648 bytes)");
  g_assert_nonnull (vsm_test_find_widget (GTK_WIDGET (dialog), vsm_test_is_label_containing,
                                          "virsh -c test://"));
  g_assert_nonnull (vsm_test_find_widget (GTK_WIDGET (dialog), vsm_test_is_label_containing,
                                          "vol-info --pool images disk1.qcow2\n"));
  g_assert_nonnull (vsm_test_find_widget (GTK_WIDGET (dialog), vsm_test_is_label_containing,
                                          "vol-dumpxml --pool images disk1.qcow2"));

  /* the XML's part */
  status = vsm_test_find_label (GTK_WIDGET (dialog), "Reading the volume's description from libvirt…");
  if (status != NULL)
    VSM_WAIT_FOR (!gtk_widget_get_visible (GTK_WIDGET (status)), TIMEOUT);
  VSM_WAIT_FOR (gtk_widget_get_visible (vsm_test_find_row (GTK_WIDGET (dialog), "Compatibility level")), TIMEOUT);
  g_assert_cmpstr (row_value (GTK_WIDGET (dialog), "Compatibility level"), ==, "1.1");
  g_assert_cmpstr (row_value (GTK_WIDGET (dialog), "Features"), ==, "lazy_refcounts");
  g_assert_cmpstr (row_value (GTK_WIDGET (dialog), "Owner (user ID)"), ==, "107");
  g_assert_cmpstr (row_value (GTK_WIDGET (dialog), "Group (group ID)"), ==, "107");
  g_assert_cmpstr (row_value (GTK_WIDGET (dialog), "Mode"), ==, "0600");
  g_assert_false (gtk_widget_get_visible (vsm_test_find_row (GTK_WIDGET (dialog), "Security label")));
  /* the test driver reports no <physical> */
  g_assert_false (gtk_widget_get_visible (vsm_test_find_row (GTK_WIDGET (dialog), "Physical size")));
  chain = vsm_test_find_row (GTK_WIDGET (dialog), "/srv/backup/old.qcow2");
  g_assert_true (gtk_widget_get_visible (chain));
  /* backup's volumes are not listed until it is shown: the chain says what it knows */
  g_test_message ("chain: %s", adw_action_row_get_subtitle (ADW_ACTION_ROW (chain)));
  g_assert_true (g_str_has_prefix (adw_action_row_get_subtitle (ADW_ACTION_ROW (chain)), "qcow2 · "));
  vsm_test_shot (GTK_WIDGET (dialog), "volume-details");
  gtk_window_destroy (dialog);

  /* once backup's volumes are listed, the chain names the volume and its pool */
  {
    VsmPool *backup = vsm_host_find_pool_by_name (f->host, "backup");

    vsm_host_load_volumes (f->host, backup);
    VSM_WAIT_FOR (vsm_test_volumes_ready (backup), TIMEOUT);
  }
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->view), "volume.details", NULL));
  VSM_WAIT_FOR ((dialog = vsm_test_find_toplevel (VSM_TYPE_VOLUME_DETAILS_DIALOG, GTK_WINDOW (f->win))) != NULL &&
                gtk_widget_get_mapped (GTK_WIDGET (dialog)), TIMEOUT);
  VSM_WAIT_FOR (vsm_test_find_widget (GTK_WIDGET (dialog), vsm_test_is_row_titled, (gpointer) "/srv/backup/old.qcow2")
                != NULL, TIMEOUT);
  chain = vsm_test_find_row (GTK_WIDGET (dialog), "/srv/backup/old.qcow2");
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (chain)), ==, "qcow2 · volume old.qcow2 of pool backup");
  g_assert_false (gtk_widget_get_visible (vsm_test_find_row (GTK_WIDGET (dialog), "Backing File Of")));
  gtk_window_destroy (dialog);

  /* the base: used by disk1's machine through disk1; deleting it warns
   * and names what is built on it (issue 14, item 14) */
  {
    VsmPool *backup = vsm_test_select_pool (f->win, f->host, "backup");
    VsmVolume *old = vsm_test_find_volume (backup, "old.qcow2");
    AdwMessageDialog *confirm;
    const char *body;

    VSM_WAIT_FOR (vsm_volume_get_backing_of (old) != NULL, TIMEOUT);
    g_assert_cmpstr (vsm_volume_get_used_by (old), ==, "vm1");
    g_assert_true (vsm_test_select_volume (f->view, "old.qcow2"));
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->view), "volume.details", NULL));
    VSM_WAIT_FOR ((dialog = vsm_test_find_toplevel (VSM_TYPE_VOLUME_DETAILS_DIALOG, GTK_WINDOW (f->win))) != NULL &&
                  gtk_widget_get_mapped (GTK_WIDGET (dialog)), TIMEOUT);
    g_assert_cmpstr (row_value (GTK_WIDGET (dialog), "Backing File Of"), ==, "disk1.qcow2");
    g_assert_cmpstr (row_value (GTK_WIDGET (dialog), "Used By"), ==, "vm1");
    gtk_window_destroy (dialog);

    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->view), "volume.delete", NULL));
    confirm = vsm_test_wait_message_dialog (GTK_WINDOW (f->win));
    body = adw_message_dialog_get_body (confirm);
    g_test_message ("delete old.qcow2: %s", body);
    g_assert_nonnull (strstr (body, "Warning: disk1.qcow2 is built on this volume (it is its backing file)"));
    g_assert_nonnull (strstr (body, "the virtual machine(s) vm1 use this volume, directly or through those volumes"));
    g_assert_cmpstr (adw_message_dialog_get_response_label (confirm, "delete"), ==, "_Delete Anyway");
    vsm_test_shot (GTK_WIDGET (confirm), "delete-backing-file");
    vsm_test_respond (confirm, "cancel");
    VSM_WAIT_FOR (vsm_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG, NULL) == NULL, TIMEOUT);
    g_assert_nonnull (vsm_test_find_volume (backup, "old.qcow2"));
    f->images = vsm_test_select_pool (f->win, f->host, "images");
  }

  /* a raw volume: no chain, no qcow2 group; vm2's disk */
  g_assert_true (vsm_test_select_volume (f->view, "disk2.raw"));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->view), "volume.details", NULL));
  VSM_WAIT_FOR ((dialog = vsm_test_find_toplevel (VSM_TYPE_VOLUME_DETAILS_DIALOG, GTK_WINDOW (f->win))) != NULL &&
                gtk_widget_get_mapped (GTK_WIDGET (dialog)), TIMEOUT);
  status = vsm_test_find_label (GTK_WIDGET (dialog), "Reading the volume's description from libvirt…");
  if (status != NULL)
    VSM_WAIT_FOR (!gtk_widget_get_visible (GTK_WIDGET (status)), TIMEOUT);
  g_assert_false (gtk_widget_get_visible (vsm_test_find_row (GTK_WIDGET (dialog), "Compatibility level")));
  g_assert_cmpstr (row_value (GTK_WIDGET (dialog), "Capacity (virtual size)"), ==, "10.0\u00a0GiB (10737418240 bytes)");
  g_assert_cmpstr (row_value (GTK_WIDGET (dialog), "Used By"), ==, "vm2");
  gtk_window_destroy (dialog);
}

int
main (int   argc,
      char *argv[])
{
  vsm_test_gtk_init (&argc, &argv);

#define ADD(path, func) \
  g_test_add ("/volume-dialog/" path, Fixture, NULL, fixture_setup, func, fixture_teardown)

  ADD ("details", test_details_dialog);
  ADD ("new/defaults", test_dialog_defaults);
  ADD ("new/invalid-input", test_dialog_invalid);
  ADD ("new/create", test_dialog_create);
  ADD ("new/create-fails", test_dialog_create_fails);
  ADD ("pool-view/wipe", test_wipe_dialog);
  ADD ("pool-view/resize", test_resize_dialog);
  ADD ("pool-view/clone", test_clone_dialog);

  return g_test_run ();
}
