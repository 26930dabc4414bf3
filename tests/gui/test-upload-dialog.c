/* test-upload-dialog.c
 *
 * New Volume from File and Upload a File, with the real widgets under
 * Xvfb (tests/headless.sh), on the libvirt test driver with
 * tests/data/fixture-tight.xml ("tight": 8 MiB free; "roomy", holding
 * disk.img). The form proposes the name from the chosen file and refuses
 * a bad name or a file too big inline, and Upload runs one job; the test
 * driver has no upload, so the job fails after the create and the new
 * volume is deleted again. On the demo the action is unavailable, with
 * the reason (tests/gui/test-demo.c).
 *
 * Copyright 2026 Virt Storage developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <string.h>

#include "vsm-host-jobs.h"
#include "vsm-job.h"
#include "vsm-pool-view.h"
#include "vsm-test-gtk-utils.h"
#include "vsm-upload-dialog.h"
#include "vsm-window.h"

#define TIMEOUT VSM_TEST_TIMEOUT
#define MiB (G_GUINT64_CONSTANT (1) << 20)
#define GiB (G_GUINT64_CONSTANT (1) << 30)
#define ODD_SIZE (3 * MiB + 517)

typedef struct
{
  GListStore  *hosts;
  GSettings   *settings;
  VsmWindow   *win;
  VsmHost     *host;
  VsmPoolView *view;
  VsmPool     *roomy;
  char        *dir;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->win = vsm_test_window_open (&f->hosts, &f->settings);
  f->view = vsm_window_get_pool_view (f->win);
  f->host = vsm_test_window_connect (f->win, "fixture-tight.xml");
  f->roomy = vsm_test_select_pool (f->win, f->host, "roomy");
  f->dir = g_dir_make_tmp ("vsm-upload-gui-XXXXXX", &error);
  g_assert_no_error (error);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GDir) d = g_dir_open (f->dir, 0, NULL);
  const char *name;

  vsm_test_close_other_toplevels (GTK_WINDOW (f->win));
  vsm_test_window_close (&f->win, &f->settings, &f->hosts);
  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (f->dir, name, NULL);
      g_unlink (path);
    }
  g_rmdir (f->dir);
  g_free (f->dir);
}

static GFile *
make_file (Fixture      *f,
           const char   *name,
           gsize         size,
           const guint8 *head,
           gsize         head_len)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (size);
  g_autofree guint8 *data = g_malloc (size);
  g_autofree char *path = g_build_filename (f->dir, name, NULL);

  for (gsize i = 0; i < size; i++)
    data[i] = g_rand_int (rand) & 0xff;
  if (head != NULL)
    memcpy (data, head, MIN (head_len, size));
  g_assert_true (g_file_set_contents (path, (const char *) data, size, NULL));
  return g_file_new_for_path (path);
}

/* The form New Volume from File opened for @file, read. */
static VsmUploadDialog *
open_form (Fixture *f,
           GFile   *file)
{
  VsmUploadDialog *dialog;

  vsm_pool_view_upload_file (f->view, file, TRUE);
  VSM_WAIT_FOR (vsm_test_find_toplevel (VSM_TYPE_UPLOAD_DIALOG, NULL) != NULL, TIMEOUT);
  dialog = VSM_UPLOAD_DIALOG (vsm_test_find_toplevel (VSM_TYPE_UPLOAD_DIALOG, NULL));
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (dialog)) == GTK_WINDOW (f->win));
  g_assert_true (gtk_window_get_modal (GTK_WINDOW (dialog)));
  VSM_WAIT_FOR (vsm_upload_dialog_get_ready (dialog) && gtk_widget_get_mapped (GTK_WIDGET (dialog)), TIMEOUT);
  return dialog;
}

static AdwEntryRow *
name_row (VsmUploadDialog *dialog)
{
  GtkWidget *row = vsm_test_find_widget (GTK_WIDGET (dialog), vsm_test_is_entry_row_titled,
                                         (gpointer) "Name of the new volume");

  g_assert_nonnull (row);
  return ADW_ENTRY_ROW (row);
}

static const char *
row_subtitle (VsmUploadDialog *dialog,
              const char      *title)
{
  GtkWidget *row = vsm_test_find_row (GTK_WIDGET (dialog), title);

  g_assert_nonnull (row);
  return adw_action_row_get_subtitle (ADW_ACTION_ROW (row));
}

static void
assert_valid (VsmUploadDialog *dialog)
{
  g_autoptr(VsmVolumeSpec) spec = vsm_upload_dialog_dup_spec (dialog);

  if (spec == NULL)
    g_error ("the form should be valid: %s", vsm_upload_dialog_get_error (dialog));
  g_assert_null (vsm_test_shown_error (GTK_WIDGET (dialog)));
  g_assert_true (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (dialog), "upload"));
}

/* Refused inline: the message next to the form says @expect, Upload is
 * off and no request comes out of it. */
static void
assert_refused (VsmUploadDialog *dialog,
                const char      *expect)
{
  g_autoptr(VsmVolumeSpec) spec = vsm_upload_dialog_dup_spec (dialog);
  g_autofree char *commands = vsm_upload_dialog_dup_commands (dialog);
  const char *error = vsm_test_shown_error (GTK_WIDGET (dialog));

  g_assert_null (spec);
  g_assert_null (commands);
  g_assert_nonnull (error);
  g_test_message ("refused: %s", error);
  if (strstr (error, expect) == NULL)
    g_error ("“%s” does not say “%s”", error, expect);
  g_assert_cmpstr (error, ==, vsm_upload_dialog_get_error (dialog));
  g_assert_false (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (dialog), "upload"));
}

/* The split button's menu, opened: its New Volume from File… item, and
 * whether it can be clicked. */
static gboolean
menu_item_sensitive (VsmPoolView *view)
{
  GtkWidget *split = vsm_test_find_widget (GTK_WIDGET (view), vsm_test_is_type,
                                           GSIZE_TO_POINTER (ADW_TYPE_SPLIT_BUTTON));
  GtkWidget *popover;
  GtkLabel *item;
  gboolean sensitive;

  g_assert_nonnull (split);
  adw_split_button_popup (ADW_SPLIT_BUTTON (split));
  VSM_WAIT_FOR ((popover = vsm_test_find_widget (split, vsm_test_is_type,
                                                 GSIZE_TO_POINTER (GTK_TYPE_POPOVER_MENU))) != NULL &&
                gtk_widget_get_mapped (popover), TIMEOUT);
  item = vsm_test_find_label (popover, "New Volume from File…");
  g_assert_nonnull (item);
  sensitive = gtk_widget_is_sensitive (GTK_WIDGET (item));
  adw_split_button_popdown (ADW_SPLIT_BUTTON (split));
  return sensitive;
}

/* Offered in New Volume's menu; choosing a file there opens the form with
 * the name proposed from the file. (The test does what the file chooser
 * does on its answer: GTK's own chooser dialog keeps libcloudproviders'
 * objects to the end of the process, which the sanitizer build reports.) */
static void
test_proposes_name (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GFile) file = make_file (f, "my disk.img", ODD_SIZE, NULL, 0);
  g_autoptr(GFile) taken = make_file (f, "disk.img", ODD_SIZE, NULL, 0);
  g_autofree char *path = g_file_get_path (file);
  g_autofree char *commands = NULL;
  g_autofree char *expected = NULL;
  VsmUploadDialog *dialog;

  g_assert_true (menu_item_sensitive (f->view));
  dialog = open_form (f, file);
  g_assert_cmpstr (vsm_upload_dialog_get_path (dialog), ==, path);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (name_row (dialog))), ==, "my disk.img");
  g_assert_cmpstr (row_subtitle (dialog, "File"), ==, path);
  g_assert_cmpstr (row_subtitle (dialog, "Contents"), ==, "Raw data");
  g_assert_nonnull (strstr (row_subtitle (dialog, "Volume Size"), "exactly the file's size"));
  assert_valid (dialog);

  /* the two virsh lines, of exactly the file's size */
  commands = vsm_upload_dialog_dup_commands (dialog);
  expected = g_strdup_printf ("virsh -c %s vol-create-as roomy 'my disk.img' 3146245B --allocation 0B --format raw\n"
                              "virsh -c %s vol-upload --pool roomy 'my disk.img' '%s' --sparse",
                              vsm_host_get_uri (f->host), vsm_host_get_uri (f->host), path);
  g_assert_cmpstr (commands, ==, expected);
  g_assert_true (vsm_test_has_label (GTK_WIDGET (dialog), expected));
  vsm_test_shot (GTK_WIDGET (dialog), "upload-new-volume");

  /* another file: a name the user did not touch follows it, numbered
   * when taken */
  vsm_upload_dialog_set_file (dialog, taken);
  VSM_WAIT_FOR (vsm_upload_dialog_get_ready (dialog), TIMEOUT);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (name_row (dialog))), ==, "disk-2.img");
  assert_valid (dialog);
  /* a name the user typed stays */
  gtk_editable_set_text (GTK_EDITABLE (name_row (dialog)), "mine.img");
  vsm_upload_dialog_set_file (dialog, file);
  VSM_WAIT_FOR (vsm_upload_dialog_get_ready (dialog), TIMEOUT);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (name_row (dialog))), ==, "mine.img");
  assert_valid (dialog);
  vsm_test_respond (ADW_MESSAGE_DIALOG (dialog), "cancel");
}

/* Bad names are refused next to the field, as in New Volume. */
static void
test_refuses_bad_name (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GFile) file = make_file (f, "data.raw", ODD_SIZE, NULL, 0);
  VsmUploadDialog *dialog = open_form (f, file);
  GtkEditable *name = GTK_EDITABLE (name_row (dialog));

  assert_valid (dialog);
  gtk_editable_set_text (name, "a/b.raw");
  assert_refused (dialog, "cannot contain “/”");
  gtk_editable_set_text (name, "disk.img");
  assert_refused (dialog, "already exists");
  gtk_editable_set_text (name, "");
  assert_refused (dialog, "Enter a name");
  gtk_editable_set_text (name, " lead.raw");
  assert_refused (dialog, "start or end with a space");
  gtk_editable_set_text (name, "..");
  assert_refused (dialog, "cannot be used as a name");
  vsm_test_shot (GTK_WIDGET (dialog), "upload-new-volume-bad-name");
  gtk_editable_set_text (name, "data & more <1>.raw");
  assert_valid (dialog);
  vsm_test_respond (ADW_MESSAGE_DIALOG (dialog), "cancel");
}

/* A file bigger than the pool's free space is refused before anything
 * reaches libvirt; one that fits is not. */
static void
test_refuses_too_big (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GFile) big = make_file (f, "big.img", 9 * MiB, NULL, 0);
  g_autoptr(GFile) fits = make_file (f, "fits.img", ODD_SIZE, NULL, 0);
  g_autoptr(GFile) empty = make_file (f, "empty.img", 0, NULL, 0);
  g_autofree char *gone_path = g_build_filename (f->dir, "gone.img", NULL);
  g_autoptr(GFile) gone = g_file_new_for_path (gone_path);
  VsmUploadDialog *dialog;

  vsm_test_select_pool (f->win, f->host, "tight");
  dialog = open_form (f, big);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (name_row (dialog))), ==, "big.img");
  assert_refused (dialog, "Not enough free space");
  g_assert_nonnull (strstr (vsm_upload_dialog_get_error (dialog), "8.0"));
  vsm_test_shot (GTK_WIDGET (dialog), "upload-new-volume-too-big");

  vsm_upload_dialog_set_file (dialog, fits);
  VSM_WAIT_FOR (vsm_upload_dialog_get_ready (dialog), TIMEOUT);
  assert_valid (dialog);

  vsm_upload_dialog_set_file (dialog, empty);
  VSM_WAIT_FOR (vsm_upload_dialog_get_ready (dialog), TIMEOUT);
  assert_refused (dialog, "The file is empty");

  vsm_upload_dialog_set_file (dialog, gone);
  VSM_WAIT_FOR (vsm_upload_dialog_get_ready (dialog), TIMEOUT);
  assert_refused (dialog, "gone.img");
  vsm_test_respond (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_assert_cmpuint (vsm_keyed_list_get_n_items (vsm_pool_get_volumes (vsm_pool_view_get_pool (f->view))), ==, 1);
}

/* A qcow2 file: said so, with its virtual size; stored in a raw volume
 * of the file's size. */
static void
test_qcow2_file (Fixture       *f,
                 gconstpointer  data)
{
  guint8 head[32] = { 'Q', 'F', 'I', 0xfb, 0, 0, 0, 3 };
  g_autoptr(GFile) file = NULL;
  g_autofree char *commands = NULL;
  VsmUploadDialog *dialog;

  head[20 + 3] = 16;      /* cluster bits */
  head[24 + 3] = 5;       /* 20 GiB = 5 << 32 */
  file = make_file (f, "vm.qcow2", 256 * 1024, head, sizeof head);
  dialog = open_form (f, file);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (name_row (dialog))), ==, "vm.qcow2");
  g_assert_nonnull (strstr (row_subtitle (dialog, "Contents"), "qcow2 image, virtual size 20.0"));
  g_assert_true (vsm_test_has_label (GTK_WIDGET (dialog),
                                     "The qcow2 image is stored as it is; libvirt reads its header and lists the "
                                     "volume as qcow2."));
  commands = vsm_upload_dialog_dup_commands (dialog);
  g_assert_nonnull (strstr (commands, "vol-create-as roomy vm.qcow2 262144B --allocation 0B --format raw\n"));
  assert_valid (dialog);
  vsm_test_respond (ADW_MESSAGE_DIALOG (dialog), "cancel");
}

/* Upload: one job; the test driver refuses the upload after the create,
 * so the job fails, says the volume was deleted, and it is. */
static void
test_upload_rolls_back (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GFile) file = make_file (f, "new.img", ODD_SIZE, NULL, 0);
  GListModel *jobs = G_LIST_MODEL (vsm_window_get_jobs (f->win));
  guint n_jobs = g_list_model_get_n_items (jobs);
  guint n_volumes = vsm_keyed_list_get_n_items (vsm_pool_get_volumes (f->roomy));
  VsmUploadDialog *dialog = open_form (f, file);
  g_autoptr(VsmJob) job = NULL;

  vsm_test_respond (ADW_MESSAGE_DIALOG (dialog), "upload");
  g_assert_cmpuint (g_list_model_get_n_items (jobs), ==, n_jobs + 1);
  job = g_list_model_get_item (jobs, 0);
  g_assert_cmpstr (vsm_job_get_title (job), ==, "Uploading “new.img” into the new volume “new.img”");
  g_assert_true (vsm_job_get_can_cancel (job));
  VSM_WAIT_FOR (vsm_job_get_state (job) != VSM_JOB_RUNNING, TIMEOUT);
  g_assert_cmpint (vsm_job_get_state (job), ==, VSM_JOB_FAILED);
  g_test_message ("%s", vsm_job_get_status (job));
  g_assert_nonnull (strstr (vsm_job_get_status (job), "the new volume “new.img” was deleted"));
  VSM_WAIT_FOR (vsm_test_volumes_ready (f->roomy), TIMEOUT);
  g_assert_null (vsm_test_find_volume (f->roomy, "new.img"));
  g_assert_cmpuint (vsm_keyed_list_get_n_items (vsm_pool_get_volumes (f->roomy)), ==, n_volumes);
}

static void
create_volume (Fixture    *f,
               const char *name,
               guint64     capacity)
{
  g_autoptr(VsmVolumeSpec) spec = vsm_test_volume_spec (name, "raw", capacity, VSM_PREALLOC_OFF);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  GAsyncResult *slot = NULL;

  vsm_host_volume_job_async (f->host,
                             &(VsmVolumeJob) { .kind = VSM_VOLUME_JOB_CREATE,
                                               .pool_uuid = vsm_pool_get_uuid (f->roomy), .spec = spec },
                             NULL, vsm_test_store_result, &slot);
  result = vsm_test_wait_result (&slot, TIMEOUT);
  g_assert_true (vsm_host_volume_job_finish (f->host, result, NULL, &error));
  g_assert_no_error (error);
  VSM_WAIT_FOR (vsm_test_volumes_ready (f->roomy) && vsm_test_find_volume (f->roomy, name) != NULL, TIMEOUT);
}

/* Upload into an existing volume: "Replace the Contents" only for a
 * volume that holds data; a volume with nothing allocated is said to
 * hold none, and the rest past a smaller file is said as it is; a file
 * larger than the volume is refused before libvirt. */
static void
test_upload_into_wording (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(GFile) file = make_file (f, "small.img", ODD_SIZE, NULL, 0);
  g_autofree char *path = g_file_get_path (file);
  AdwMessageDialog *confirm;
  const char *body;

  /* disk.img: 1 GiB, allocated in full */
  g_assert_true (vsm_test_select_volume (f->view, "disk.img"));
  vsm_pool_view_upload_file (f->view, file, FALSE);
  confirm = vsm_test_wait_message_dialog (GTK_WINDOW (f->win));
  body = adw_message_dialog_get_body (confirm);
  g_test_message ("“%s” — %s", adw_message_dialog_get_heading (confirm), body);
  g_assert_cmpstr (adw_message_dialog_get_heading (confirm), ==, "Replace the Contents of “disk.img”?");
  g_assert_nonnull (strstr (body, path));
  g_assert_nonnull (strstr (body, "what the volume holds there now is lost"));
  g_assert_nonnull (strstr (body, "past the file's end it keeps what it holds now"));
  g_assert_cmpint (adw_message_dialog_get_response_appearance (confirm, "upload"), ==, ADW_RESPONSE_DESTRUCTIVE);
  vsm_test_respond (confirm, "cancel");

  /* a new, empty volume: nothing to lose */
  create_volume (f, "blank.raw", 64 * MiB);
  g_assert_true (vsm_test_select_volume (f->view, "blank.raw"));
  vsm_pool_view_upload_file (f->view, file, FALSE);
  confirm = vsm_test_wait_message_dialog (GTK_WINDOW (f->win));
  body = adw_message_dialog_get_body (confirm);
  g_test_message ("“%s” — %s", adw_message_dialog_get_heading (confirm), body);
  g_assert_cmpstr (adw_message_dialog_get_heading (confirm), ==, "Upload into “blank.raw”?");
  g_assert_null (strstr (body, "lost"));
  g_assert_nonnull (strstr (body, "holds no data yet"));
  g_assert_nonnull (strstr (body, "reads as zeros"));
  g_assert_nonnull (strstr (body, "New Volume from File"));
  g_assert_cmpint (adw_message_dialog_get_response_appearance (confirm, "upload"), ==, ADW_RESPONSE_SUGGESTED);
  vsm_test_shot (GTK_WIDGET (confirm), "upload-into-empty");
  vsm_test_respond (confirm, "cancel");

  /* a file larger than the volume: refused here, saying what to do */
  {
    g_autoptr(GFile) big = make_file (f, "big.img", 2 * ODD_SIZE, NULL, 0);

    create_volume (f, "tiny.raw", ODD_SIZE);
    g_assert_true (vsm_test_select_volume (f->view, "tiny.raw"));
    vsm_pool_view_upload_file (f->view, big, FALSE);
    confirm = vsm_test_wait_message_dialog (GTK_WINDOW (f->win));
    body = adw_message_dialog_get_body (confirm);
    g_test_message ("“%s” — %s", adw_message_dialog_get_heading (confirm), body);
    g_assert_nonnull (strstr (body, "does not fit"));
    g_assert_nonnull (strstr (body, "New Volume from File"));
    g_assert_false (adw_message_dialog_get_response_enabled (confirm, "upload"));
    vsm_test_respond (confirm, "cancel");
  }
}

int
main (int   argc,
      char *argv[])
{
  vsm_test_gtk_init (&argc, &argv);

#define ADD(path, func) \
  g_test_add ("/upload-dialog/" path, Fixture, NULL, fixture_setup, func, fixture_teardown)

  ADD ("proposes-the-name-from-the-file", test_proposes_name);
  ADD ("refuses-a-bad-name-inline", test_refuses_bad_name);
  ADD ("refuses-a-file-too-big-inline", test_refuses_too_big);
  ADD ("qcow2-file", test_qcow2_file);
  ADD ("upload-rolls-back", test_upload_rolls_back);
  ADD ("upload-into-wording", test_upload_into_wording);

  return g_test_run ();
}
