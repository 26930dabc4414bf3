/* vsm-xml-editor.c
 *
 * XML in: New Pool from XML (pool-define, or pool-create for a transient
 * pool), Edit XML of a pool (pool-edit) and New Volume from XML
 * (vol-create). The XML is typed, pasted or opened from a file, and
 * checked as it changes against libvirt's RelaxNG schema and against the
 * connection (vsm_host_check_*_xml): each problem with its line, a click
 * away from it. Nothing reaches libvirt until the review, which says what
 * will happen, shows the diff against the current definition (Edit) and
 * the virsh lines.
 *
 * Copyright 2026 Virt Storage developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vsm-xml-editor"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "vsm-dialogs.h"
#include "vsm-host-jobs.h"
#include "vsm-host-xml.h"
#include "vsm-xml-editor.h"

#define CHECK_DELAY_MSEC 200
/* XML files are a few KiB; a bigger one is not a definition */
#define MAX_FILE_SIZE (1024 * 1024)
/* problem rows listed; the rest are counted */
#define MAX_PROBLEM_ROWS 50
/* after the review shows, a click or Enter this soon is the end of the
 * one that opened it (a double click), not a decision */
#define REVIEW_GUARD_USEC (400 * 1000)

struct _VsmXmlEditor
{
  AdwWindow         parent_instance;

  VsmHost          *host;
  VsmPool          *pool;         /* edited, or where a volume goes */
  VsmXmlEditorKind  kind;
  char             *original;     /* Edit: the definition as read */
  char             *file;         /* the file opened, while the text is unchanged */
  VsmXmlCheck      *check;
  guint             check_source;
  gboolean          loading;      /* set_text: the buffer change is not the user's */
  gboolean          busy;
  gint64            review_shown;  /* when the review page appeared */
  GCancellable     *cancellable;

  AdwWindowTitle   *window_title;
  GtkButton        *back_button;
  GtkButton        *next_button;
  GtkSpinner       *spinner;
  GtkStack         *stack;
  GtkWidget        *new_pool_box;
  GtkToggleButton  *define_toggle;
  GtkToggleButton  *create_toggle;
  GtkLabel         *hint_label;
  GtkWidget        *open_button;
  GtkTextView      *text_view;
  GtkLabel         *status_label;
  GtkWidget        *problems_scroller;
  GtkListBox       *problem_list;
  GtkLabel         *effect_label;
  GtkWidget        *diff_heading;
  GtkTextView      *diff_view;
  GtkBox           *command_slot;
};

G_DEFINE_FINAL_TYPE (VsmXmlEditor, vsm_xml_editor, ADW_TYPE_WINDOW)

static const char *const new_pool_text =
  "<pool type='dir'>\n"
  "  <name>%s</name>\n"
  "  <target>\n"
  "    <path>/var/lib/libvirt/%s</path>\n"
  "  </target>\n"
  "</pool>\n";

static const char *const new_volume_text =
  "<volume>\n"
  "  <name>%s</name>\n"
  "  <capacity unit='GiB'>10</capacity>\n"
  "  <target>\n"
  "    <format type='qcow2'/>\n"
  "  </target>\n"
  "</volume>\n";

/* The text as libvirt gets it: line ends as \n (pasted or opened text may
 * have \r\n, which would make every line differ from libvirt's). */
static char *
dup_text (VsmXmlEditor *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->text_view);
  GtkTextIter start, end;
  g_autofree char *text = NULL;
  GString *out;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  if (strchr (text, '\r') == NULL)
    return g_steal_pointer (&text);
  out = g_string_sized_new (strlen (text));
  for (const char *p = text; *p; p++)
    {
      if (*p == '\r')
        {
          g_string_append_c (out, '\n');
          if (p[1] == '\n')
            p++;
        }
      else
        g_string_append_c (out, *p);
    }
  return g_string_free (out, FALSE);
}

static VsmXmlAction
action_of (VsmXmlEditor *self)
{
  switch (self->kind)
    {
    case VSM_XML_EDITOR_EDIT_POOL:
      return VSM_XML_EDIT_POOL;
    case VSM_XML_EDITOR_NEW_VOLUME:
      return VSM_XML_CREATE_VOLUME;
    case VSM_XML_EDITOR_NEW_POOL:
    default:
      return gtk_toggle_button_get_active (self->create_toggle) ? VSM_XML_CREATE_POOL : VSM_XML_DEFINE_POOL;
    }
}

/* The line's text in the buffer as one tag: the problems' lines. */
static void
mark_line (GtkTextBuffer *buffer,
           int            line)
{
  GtkTextIter start, end;

  if (line <= 0 || line > gtk_text_buffer_get_line_count (buffer))
    return;
  gtk_text_buffer_get_iter_at_line (buffer, &start, line - 1);
  end = start;
  if (!gtk_text_iter_ends_line (&end))
    gtk_text_iter_forward_to_line_end (&end);
  gtk_text_buffer_apply_tag_by_name (buffer, "problem", &start, &end);
}

static void
update_next (VsmXmlEditor *self)
{
  gboolean on_review = g_str_equal (gtk_stack_get_visible_child_name (self->stack), "review");
  /* the last finished check: Review runs a pending one itself */
  gboolean valid = self->check != NULL && self->check->problems->len == 0;
  gboolean changed = TRUE;

  if (on_review && self->kind == VSM_XML_EDITOR_EDIT_POOL)
    {
      g_autofree char *text = dup_text (self);
      changed = g_strcmp0 (text, self->original) != 0;
    }
  gtk_widget_set_sensitive (GTK_WIDGET (self->next_button), !self->busy && (on_review ? changed : valid));
}

static void
run_check (VsmXmlEditor *self)
{
  g_autofree char *text = dup_text (self);
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->text_view);
  GtkTextIter start, end;
  GtkWidget *child;
  guint n;

  g_clear_pointer (&self->check, vsm_xml_check_free);
  if (self->kind == VSM_XML_EDITOR_NEW_VOLUME)
    self->check = vsm_host_check_volume_xml (self->host, text, self->pool);
  else
    self->check = vsm_host_check_pool_xml (self->host, text,
                                           self->kind == VSM_XML_EDITOR_EDIT_POOL ? self->pool : NULL);

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  gtk_text_buffer_remove_tag_by_name (buffer, "problem", &start, &end);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->problem_list))) != NULL)
    gtk_list_box_remove (self->problem_list, child);

  n = self->check->problems->len;
  for (guint i = 0; i < MIN (n, MAX_PROBLEM_ROWS); i++)
    {
      const VsmXmlProblem *p = g_ptr_array_index (self->check->problems, i);
      GtkWidget *row = adw_action_row_new ();
      g_autofree char *title = p->line > 0 ? g_strdup_printf (_("Line %d"), p->line) : g_strdup (_("The XML"));
      g_autofree char *escaped = g_markup_escape_text (p->message, -1);

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), escaped);
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), p->line > 0);
      if (p->line > 0)
        adw_action_row_add_suffix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("go-jump-symbolic"));
      gtk_list_box_append (self->problem_list, row);
      mark_line (buffer, p->line);
    }
  if (n > MAX_PROBLEM_ROWS)
    {
      GtkWidget *row = adw_action_row_new ();
      g_autofree char *more = g_strdup_printf (ngettext ("and %u more problem", "and %u more problems",
                                                         n - MAX_PROBLEM_ROWS), n - MAX_PROBLEM_ROWS);

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), more);
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
      gtk_list_box_append (self->problem_list, row);
    }
  gtk_widget_set_visible (self->problems_scroller, n > 0);

  gtk_widget_remove_css_class (GTK_WIDGET (self->status_label), "error");
  gtk_widget_remove_css_class (GTK_WIDGET (self->status_label), "success");
  if (n > 0)
    {
      g_autofree char *status = g_strdup_printf (ngettext ("%u problem: libvirt would refuse this XML",
                                                           "%u problems: libvirt would refuse this XML", n), n);
      gtk_label_set_label (self->status_label, status);
      gtk_widget_add_css_class (GTK_WIDGET (self->status_label), "error");
    }
  else if (self->check->schema_checked)
    {
      gtk_label_set_label (self->status_label, self->kind == VSM_XML_EDITOR_NEW_VOLUME
                                               ? _("Valid: libvirt’s schema for volumes accepts it")
                                               : _("Valid: libvirt’s schema for pools accepts it"));
      gtk_widget_add_css_class (GTK_WIDGET (self->status_label), "success");
    }
  else
    gtk_label_set_label (self->status_label,
                         _("Well formed. libvirt’s schemas are not installed here: libvirt checks the rest when it reads it."));
  update_next (self);
}

static gboolean
check_timeout (gpointer data)
{
  VsmXmlEditor *self = data;

  self->check_source = 0;
  run_check (self);
  return G_SOURCE_REMOVE;
}

static void
buffer_changed_cb (VsmXmlEditor *self)
{
  if (!self->loading)
    g_clear_pointer (&self->file, g_free);   /* the file no longer says it */
  g_clear_handle_id (&self->check_source, g_source_remove);
  self->check_source = g_timeout_add (CHECK_DELAY_MSEC, check_timeout, self);
  update_next (self);
}

/**
 * vsm_xml_editor_set_text:
 * @file: (nullable): the file @xml was read from
 *
 * Replaces the text (and checks it at once).
 */
void
vsm_xml_editor_set_text (VsmXmlEditor *self,
                         const char   *xml,
                         const char   *file)
{
  g_return_if_fail (VSM_IS_XML_EDITOR (self));

  self->loading = TRUE;
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->text_view), xml != NULL ? xml : "", -1);
  self->loading = FALSE;
  g_free (self->file);
  self->file = g_strdup (file);
  g_clear_handle_id (&self->check_source, g_source_remove);
  run_check (self);
}

static void
problem_activated_cb (VsmXmlEditor  *self,
                      GtkListBoxRow *row)
{
  int index = gtk_list_box_row_get_index (row);
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->text_view);
  GtkTextIter iter;
  int line;

  /* the rows follow the check's problems, in order */
  if (self->check == NULL || index < 0 || (guint) index >= self->check->problems->len)
    return;
  line = ((VsmXmlProblem *) g_ptr_array_index (self->check->problems, index))->line;
  if (line <= 0 || line > gtk_text_buffer_get_line_count (buffer))
    return;
  gtk_text_buffer_get_iter_at_line (buffer, &iter, line - 1);
  gtk_text_buffer_place_cursor (buffer, &iter);
  gtk_text_view_scroll_to_iter (self->text_view, &iter, 0.1, FALSE, 0, 0);
  gtk_widget_grab_focus (GTK_WIDGET (self->text_view));
}

/* ------------------------------------------------------------------ */
/* Open File…                                                          */

static void
file_loaded_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(VsmXmlEditor) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  gsize length = 0;

  if (!g_file_load_contents_finish (G_FILE (object), result, &contents, &length, NULL, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        vsm_report_error (GTK_WIDGET (self->text_view), _("Could not read the file"), error);
      return;
    }
  if (!g_utf8_validate (contents, length, NULL))
    {
      g_autoptr(GError) invalid = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                                                       _("The file is not UTF-8 text"));
      vsm_report_error (GTK_WIDGET (self->text_view), _("Could not read the file"), invalid);
      return;
    }
  {
    g_autofree char *path = g_file_get_path (G_FILE (object));
    vsm_xml_editor_set_text (self, contents, path);
  }
}

static void
file_info_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(VsmXmlEditor) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GFileInfo) info = g_file_query_info_finish (G_FILE (object), result, &error);

  if (info == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        vsm_report_error (GTK_WIDGET (self->text_view), _("Could not read the file"), error);
      return;
    }
  if (g_file_info_get_size (info) > MAX_FILE_SIZE)
    {
      g_autoptr(GError) big = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                                                   _("The file is larger than 1 MiB: not a pool or volume "
                                                     "definition"));
      vsm_report_error (GTK_WIDGET (self->text_view), _("Could not read the file"), big);
      return;
    }
  g_file_load_contents_async (G_FILE (object), self->cancellable, file_loaded_cb, g_object_ref (self));
}

/**
 * vsm_xml_editor_open_file:
 *
 * Reads @file into the editor (what Open File… does once a file is
 * chosen): a file that is not UTF-8 text or is over 1 MiB is refused with
 * a toast, the text is left as it was.
 */
void
vsm_xml_editor_open_file (VsmXmlEditor *self,
                          GFile        *file)
{
  g_return_if_fail (VSM_IS_XML_EDITOR (self));
  g_return_if_fail (G_IS_FILE (file));

  g_file_query_info_async (file, G_FILE_ATTRIBUTE_STANDARD_SIZE, G_FILE_QUERY_INFO_NONE, G_PRIORITY_DEFAULT,
                           self->cancellable, file_info_cb, g_object_ref (self));
}

static void
chooser_response_cb (VsmXmlEditor    *self,
                     int              response,
                     GtkNativeDialog *chooser)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));

      if (file != NULL)
        vsm_xml_editor_open_file (self, file);
    }
  g_object_unref (chooser);
}

static void
open_cb (VsmXmlEditor *self)
{
  GtkFileChooserNative *chooser;
  g_autoptr(GtkFileFilter) xml = gtk_file_filter_new ();
  g_autoptr(GtkFileFilter) all = gtk_file_filter_new ();

  chooser = gtk_file_chooser_native_new (_("Open XML File"), GTK_WINDOW (self), GTK_FILE_CHOOSER_ACTION_OPEN,
                                         _("_Open"), _("_Cancel"));
  gtk_file_filter_set_name (xml, _("XML files"));
  gtk_file_filter_add_pattern (xml, "*.xml");
  gtk_file_filter_add_mime_type (xml, "application/xml");
  gtk_file_filter_add_mime_type (xml, "text/xml");
  gtk_file_filter_set_name (all, _("All files"));
  gtk_file_filter_add_pattern (all, "*");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), xml);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), all);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  /* the chooser may outlive the editor: no answer then */
  g_signal_connect_object (chooser, "response", G_CALLBACK (chooser_response_cb), self, G_CONNECT_SWAPPED);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

/* ------------------------------------------------------------------ */
/* Review                                                              */

static char *
effect_text (VsmXmlEditor *self)
{
  const char *name = self->check->name != NULL ? self->check->name : "";
  const char *pool = self->pool != NULL ? vsm_pool_get_name (self->pool) : "";

  switch (action_of (self))
    {
    case VSM_XML_CREATE_POOL:
      return g_strdup_printf (_("libvirt creates the pool “%s” and starts it now. It is transient: once stopped, "
                                "its definition is gone (the storage itself stays)."), name);
    case VSM_XML_EDIT_POOL:
      if (vsm_pool_get_active (self->pool))
        return g_strdup_printf (_("The definition of “%s” is replaced. Nothing on the storage changes. The running "
                                  "pool keeps its current settings until it is stopped and started again."), pool);
      return g_strdup_printf (_("The definition of “%s” is replaced; it applies when the pool is next started. "
                                "Nothing on the storage changes."), pool);
    case VSM_XML_CREATE_VOLUME:
      return g_strdup_printf (_("libvirt creates the volume “%s” in “%s” as the XML says, with the space it asks "
                                "for."), name, pool);
    case VSM_XML_DEFINE_POOL:
    default:
      return g_strdup_printf (_("libvirt keeps the pool “%s” defined and inactive: build it if its storage does "
                                "not exist yet, then start it, from the pool list. Nothing on the storage "
                                "changes now."), name);
    }
}

static void
show_diff (VsmXmlEditor *self,
           const char   *text)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->diff_view);
  g_autofree char *diff = vsm_text_diff (self->original, text, 3);
  g_auto(GStrv) lines = NULL;
  GtkTextIter end;

  gtk_text_buffer_set_text (buffer, "", -1);
  if (*diff == '\0')
    {
      gtk_text_buffer_set_text (buffer, _("No changes: the definition stays as it is."), -1);
      return;
    }
  lines = g_strsplit (diff, "\n", -1);
  for (guint i = 0; lines[i] != NULL && (*lines[i] || lines[i + 1] != NULL); i++)
    {
      const char *tag = lines[i][0] == '+' ? "added" : lines[i][0] == '-' ? "removed"
                        : lines[i][0] == '@' ? "hunk" : NULL;

      gtk_text_buffer_get_end_iter (buffer, &end);
      if (tag != NULL)
        gtk_text_buffer_insert_with_tags_by_name (buffer, &end, lines[i], -1, tag, NULL);
      else
        gtk_text_buffer_insert (buffer, &end, lines[i], -1);
      gtk_text_buffer_get_end_iter (buffer, &end);
      if (lines[i + 1] != NULL && *lines[i + 1])
        gtk_text_buffer_insert (buffer, &end, "\n", -1);
    }
}

static const char *
done_label (VsmXmlEditor *self)
{
  switch (action_of (self))
    {
    case VSM_XML_CREATE_POOL:
      return _("Create and _Start");
    case VSM_XML_EDIT_POOL:
      return _("_Save Definition");
    case VSM_XML_CREATE_VOLUME:
      return _("_Create Volume");
    case VSM_XML_DEFINE_POOL:
    default:
      return _("_Define Pool");
    }
}

static void
show_page (VsmXmlEditor *self,
           gboolean      review)
{
  gtk_stack_set_visible_child_name (self->stack, review ? "review" : "edit");
  gtk_button_set_label (self->back_button, review ? _("_Back") : _("_Cancel"));
  gtk_button_set_label (self->next_button, review ? done_label (self) : _("_Review"));
  update_next (self);
}

static void
review (VsmXmlEditor *self)
{
  g_autofree char *text = dup_text (self);
  g_autofree char *effect = effect_text (self);
  g_autofree char *command = NULL;
  GtkWidget *child;

  gtk_label_set_label (self->effect_label, effect);
  gtk_widget_set_visible (self->diff_heading, self->kind == VSM_XML_EDITOR_EDIT_POOL);
  gtk_widget_set_visible (GTK_WIDGET (self->diff_view), self->kind == VSM_XML_EDITOR_EDIT_POOL);
  if (self->kind == VSM_XML_EDITOR_EDIT_POOL)
    show_diff (self, text);

  command = vsm_xml_action_command (action_of (self), vsm_connection_get_uri (vsm_host_get_connection (self->host)),
                                    self->pool != NULL ? vsm_pool_get_name (self->pool) : NULL,
                                    self->check->name, self->file);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->command_slot))) != NULL)
    gtk_box_remove (self->command_slot, child);
  gtk_box_append (self->command_slot, vsm_command_box_new (command));
  show_page (self, TRUE);
  self->review_shown = g_get_monotonic_time ();
}

/* ------------------------------------------------------------------ */
/* Done                                                                */

static void
set_busy (VsmXmlEditor *self,
          gboolean      busy)
{
  self->busy = busy;
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), busy);
  gtk_spinner_set_spinning (self->spinner, busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->back_button), !busy);
  update_next (self);
}

/* Where a failure is said: in the editor, still open while it runs. */
static GtkWidget *
report_target (VsmXmlEditor *self)
{
  GtkWindow *parent = gtk_window_get_transient_for (GTK_WINDOW (self));

  if (!gtk_widget_get_mapped (GTK_WIDGET (self)) && parent != NULL)
    return GTK_WIDGET (parent);
  return GTK_WIDGET (self->effect_label);
}

/* Closing while libvirt works is refused: the result must be seen. */
static gboolean
close_request_cb (GtkWindow *window)
{
  return VSM_XML_EDITOR (window)->busy;
}

/* Success: the window closes and the main window says what was done. */
static void
finish (VsmXmlEditor *self,
        const char   *message)
{
  GtkWindow *parent = gtk_window_get_transient_for (GTK_WINDOW (self));

  if (parent != NULL)
    vsm_show_toast (GTK_WIDGET (parent), message);
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
pool_defined_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(VsmXmlEditor) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *uuid = vsm_host_define_pool_finish (VSM_HOST (object), result, &error);
  g_autofree char *message = NULL;
  const char *name = self->check->name;

  set_busy (self, FALSE);
  if (uuid == NULL)
    {
      g_autofree char *summary = self->kind == VSM_XML_EDITOR_EDIT_POOL
        ? g_strdup_printf (_("Could not save the definition of “%s”"), vsm_pool_get_name (self->pool))
        : g_strdup_printf (_("Could not define the pool “%s”"), name);
      vsm_report_error (report_target (self), summary, error);
      return;
    }
  switch (action_of (self))
    {
    case VSM_XML_EDIT_POOL:
      message = g_strdup_printf (_("Definition of “%s” saved"), name);
      break;
    case VSM_XML_CREATE_POOL:
      message = g_strdup_printf (_("Pool “%s” created and started"), name);
      break;
    case VSM_XML_DEFINE_POOL:
    case VSM_XML_CREATE_VOLUME:
    default:
      message = g_strdup_printf (_("Pool “%s” defined"), name);
      break;
    }
  finish (self, message);
}

static void
volume_created_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(VsmXmlEditor) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;

  set_busy (self, FALSE);
  if (!vsm_host_volume_job_finish (VSM_HOST (object), result, NULL, &error))
    {
      g_autofree char *summary = g_strdup_printf (_("Could not create the volume “%s”"), self->check->name);
      vsm_report_error (report_target (self), summary, error);
      return;
    }
  message = g_strdup_printf (_("Volume “%s” created"), self->check->name);
  finish (self, message);
}

static void
next_cb (VsmXmlEditor *self)
{
  g_autofree char *text = NULL;

  if (g_str_equal (gtk_stack_get_visible_child_name (self->stack), "edit"))
    {
      if (self->check_source != 0)
        {
          g_clear_handle_id (&self->check_source, g_source_remove);
          run_check (self);
        }
      if (self->check->problems->len == 0)
        review (self);
      return;
    }
  /* the second click of a double click, a repeated Enter: not read yet */
  if (self->busy || g_get_monotonic_time () - self->review_shown < REVIEW_GUARD_USEC)
    return;
  text = dup_text (self);
  set_busy (self, TRUE);
  if (self->kind == VSM_XML_EDITOR_NEW_VOLUME)
    vsm_host_volume_job_async (self->host,
                               &(VsmVolumeJob) { .kind = VSM_VOLUME_JOB_CREATE,
                                                 .pool_uuid = vsm_pool_get_uuid (self->pool), .xml = text },
                               self->cancellable, volume_created_cb, g_object_ref (self));
  else
    vsm_host_define_pool_async (self->host, text, action_of (self) != VSM_XML_CREATE_POOL, self->cancellable,
                                pool_defined_cb, g_object_ref (self));
}

static void
back_cb (VsmXmlEditor *self)
{
  if (g_str_equal (gtk_stack_get_visible_child_name (self->stack), "review"))
    show_page (self, FALSE);
  else
    gtk_window_close (GTK_WINDOW (self));
}

static void
mode_cb (VsmXmlEditor *self)
{
  update_next (self);
}

/* Ctrl+Return: what the suggested button does (Review, then the done
 * button, with its guard) */
static void
next_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  VsmXmlEditor *self = VSM_XML_EDITOR (widget);

  if (gtk_widget_is_sensitive (GTK_WIDGET (self->next_button)))
    next_cb (self);
}

/* F8: the cursor to the next problem's line, round to the first */
static void
next_problem_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *param)
{
  VsmXmlEditor *self = VSM_XML_EDITOR (widget);
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->text_view);
  GtkTextIter cursor;
  int here, after = 0, first = 0, target;

  if (self->check == NULL || !g_str_equal (gtk_stack_get_visible_child_name (self->stack), "edit"))
    return;
  gtk_text_buffer_get_iter_at_mark (buffer, &cursor, gtk_text_buffer_get_insert (buffer));
  here = gtk_text_iter_get_line (&cursor) + 1;
  /* the nearest problem line below the cursor, else the first one */
  for (guint i = 0; i < self->check->problems->len; i++)
    {
      int line = ((VsmXmlProblem *) g_ptr_array_index (self->check->problems, i))->line;

      if (line <= 0)
        continue;
      if (first == 0 || line < first)
        first = line;
      if (line > here && (after == 0 || line < after))
        after = line;
    }
  target = after != 0 ? after : first;
  if (target <= 0 || target > gtk_text_buffer_get_line_count (buffer))
    return;
  gtk_text_buffer_get_iter_at_line (buffer, &cursor, target - 1);
  gtk_text_buffer_place_cursor (buffer, &cursor);
  gtk_text_view_scroll_to_iter (self->text_view, &cursor, 0.1, FALSE, 0, 0);
  gtk_widget_grab_focus (GTK_WIDGET (self->text_view));
}

/* ------------------------------------------------------------------ */

static void
vsm_xml_editor_dispose (GObject *object)
{
  VsmXmlEditor *self = VSM_XML_EDITOR (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->check_source, g_source_remove);
  gtk_widget_dispose_template (GTK_WIDGET (self), VSM_TYPE_XML_EDITOR);
  g_clear_object (&self->host);
  g_clear_object (&self->pool);
  G_OBJECT_CLASS (vsm_xml_editor_parent_class)->dispose (object);
}

static void
vsm_xml_editor_finalize (GObject *object)
{
  VsmXmlEditor *self = VSM_XML_EDITOR (object);

  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->check, vsm_xml_check_free);
  g_free (self->original);
  g_free (self->file);
  G_OBJECT_CLASS (vsm_xml_editor_parent_class)->finalize (object);
}

static void
vsm_xml_editor_class_init (VsmXmlEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = vsm_xml_editor_dispose;
  object_class->finalize = vsm_xml_editor_finalize;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/virtstorage/VirtStorage/ui/vsm-xml-editor.ui");
  gtk_widget_class_bind_template_child (widget_class, VsmXmlEditor, window_title);
  gtk_widget_class_bind_template_child (widget_class, VsmXmlEditor, back_button);
  gtk_widget_class_bind_template_child (widget_class, VsmXmlEditor, next_button);
  gtk_widget_class_bind_template_child (widget_class, VsmXmlEditor, spinner);
  gtk_widget_class_bind_template_child (widget_class, VsmXmlEditor, stack);
  gtk_widget_class_bind_template_child (widget_class, VsmXmlEditor, new_pool_box);
  gtk_widget_class_bind_template_child (widget_class, VsmXmlEditor, define_toggle);
  gtk_widget_class_bind_template_child (widget_class, VsmXmlEditor, create_toggle);
  gtk_widget_class_bind_template_child (widget_class, VsmXmlEditor, hint_label);
  gtk_widget_class_bind_template_child (widget_class, VsmXmlEditor, open_button);
  gtk_widget_class_bind_template_child (widget_class, VsmXmlEditor, text_view);
  gtk_widget_class_bind_template_child (widget_class, VsmXmlEditor, status_label);
  gtk_widget_class_bind_template_child (widget_class, VsmXmlEditor, problems_scroller);
  gtk_widget_class_bind_template_child (widget_class, VsmXmlEditor, problem_list);
  gtk_widget_class_bind_template_child (widget_class, VsmXmlEditor, effect_label);
  gtk_widget_class_bind_template_child (widget_class, VsmXmlEditor, diff_heading);
  gtk_widget_class_bind_template_child (widget_class, VsmXmlEditor, diff_view);
  gtk_widget_class_bind_template_child (widget_class, VsmXmlEditor, command_slot);
  gtk_widget_class_bind_template_callback (widget_class, back_cb);
  gtk_widget_class_bind_template_callback (widget_class, next_cb);
  gtk_widget_class_bind_template_callback (widget_class, open_cb);
  gtk_widget_class_bind_template_callback (widget_class, mode_cb);
  gtk_widget_class_bind_template_callback (widget_class, problem_activated_cb);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
  gtk_widget_class_install_action (widget_class, "editor.next", NULL, next_action);
  gtk_widget_class_install_action (widget_class, "editor.next-problem", NULL, next_problem_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, GDK_CONTROL_MASK, "editor.next", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Enter, GDK_CONTROL_MASK, "editor.next", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F8, 0, "editor.next-problem", NULL);
}

static void
vsm_xml_editor_init (VsmXmlEditor *self)
{
  GtkTextBuffer *buffer;

  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  buffer = gtk_text_view_get_buffer (self->text_view);
  gtk_text_buffer_create_tag (buffer, "problem", "underline", PANGO_UNDERLINE_ERROR, NULL);
  buffer = gtk_text_view_get_buffer (self->diff_view);
  /* the +/- stay in the text: the colours only repeat them */
  gtk_text_buffer_create_tag (buffer, "added", "foreground", "#26a269", NULL);
  gtk_text_buffer_create_tag (buffer, "removed", "foreground", "#c01c28", NULL);
  gtk_text_buffer_create_tag (buffer, "hunk", "foreground", "#1c71d8", NULL);
  g_signal_connect_swapped (gtk_text_view_get_buffer (self->text_view), "changed",
                            G_CALLBACK (buffer_changed_cb), self);
  g_signal_connect (self, "close-request", G_CALLBACK (close_request_cb), NULL);
}

/**
 * vsm_xml_editor_new:
 * @pool: (nullable): the pool edited (EDIT_POOL) or where the volume goes
 *   (NEW_VOLUME); %NULL for NEW_POOL
 * @xml: (nullable): EDIT_POOL: the pool's definition (pool-dumpxml
 *   --inactive); otherwise %NULL for the starting example
 */
GtkWidget *
vsm_xml_editor_new (GtkWindow        *parent,
                    VsmHost          *host,
                    VsmXmlEditorKind  kind,
                    VsmPool          *pool,
                    const char       *xml)
{
  VsmXmlEditor *self;
  g_autofree char *title = NULL;
  g_autofree char *example = NULL;
  const char *hint;

  g_return_val_if_fail (VSM_IS_HOST (host), NULL);
  g_return_val_if_fail (kind == VSM_XML_EDITOR_NEW_POOL || VSM_IS_POOL (pool), NULL);

  self = g_object_new (VSM_TYPE_XML_EDITOR, "transient-for", parent, NULL);
  self->host = g_object_ref (host);
  self->pool = pool != NULL ? g_object_ref (pool) : NULL;
  self->kind = kind;
  gtk_widget_set_visible (self->new_pool_box, kind == VSM_XML_EDITOR_NEW_POOL);
  gtk_widget_set_visible (self->open_button, kind != VSM_XML_EDITOR_EDIT_POOL);

  switch (kind)
    {
    case VSM_XML_EDITOR_EDIT_POOL:
      title = g_strdup_printf (_("Edit XML of “%s”"), vsm_pool_get_name (pool));
      hint = _("The pool’s definition for its next start (pool-dumpxml --inactive). The name and UUID stay. "
               "F8 goes to the next problem, Ctrl+Return reviews.");
      self->original = g_strdup (xml);
      break;
    case VSM_XML_EDITOR_NEW_VOLUME:
      title = g_strdup_printf (_("New Volume from XML in “%s”"), vsm_pool_get_name (pool));
      hint = _("Type or paste a <volume> element, or open a file. F8 goes to the next problem, Ctrl+Return reviews.");
      example = g_strdup_printf (new_volume_text, "new-volume.qcow2");
      break;
    case VSM_XML_EDITOR_NEW_POOL:
    default:
      title = g_strdup (_("New Pool from XML"));
      hint = _("Type or paste a <pool> element, or open a file. F8 goes to the next problem, Ctrl+Return reviews.");
      example = g_strdup_printf (new_pool_text, "new-pool", "new-pool");
      break;
    }
  adw_window_title_set_title (self->window_title, title);
  gtk_window_set_title (GTK_WINDOW (self), title);
  gtk_label_set_label (self->hint_label, hint);
  vsm_xml_editor_set_text (self, kind == VSM_XML_EDITOR_EDIT_POOL ? xml : example, NULL);
  show_page (self, FALSE);
  return GTK_WIDGET (self);
}
