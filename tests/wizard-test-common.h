/* wizard-test-common.h
 *
 * Helpers shared by the New Pool wizard tests (test-wizard.c on the test
 * driver, test-wizard-daemon.c on a real libvirtd): finding widgets in
 * the wizard, stepping through its pages the way a user does, answering
 * the overwrite confirmation and waiting until the wizard closes.
 *
 * Copyright 2026 Virt Storage developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>
#include <string.h>

#include "vsm-host.h"
#include "vsm-pool-wizard-private.h"
#include "vsm-test-gtk-utils.h"

#define WIZ_TIMEOUT 10000

static inline gboolean
wiz_is_named (GtkWidget *w,
              gpointer   name)
{
  return g_strcmp0 (gtk_widget_get_name (w), name) == 0;
}

/* The header button bound to @action ("wizard.next", "wizard.create"…). */
static inline GtkWidget *
wiz_button (VsmPoolWizard *wizard,
            const char    *action)
{
  GtkWidget *b = vsm_test_find_widget (GTK_WIDGET (wizard), vsm_test_is_button_with_action, (gpointer) action);

  g_assert_nonnull (b);
  return b;
}

/* The field row named @id (the wizard names each field row by its id). */
static inline GtkWidget *
wiz_field_row (VsmPoolWizard *wizard,
               const char    *id)
{
  GtkWidget *row = vsm_test_find_widget (GTK_WIDGET (wizard), wiz_is_named, (gpointer) id);

  g_assert_nonnull (row);
  return row;
}

/* The switch of the options-page row titled @title ("_Persistent", …). */
static inline GtkSwitch *
wiz_option_switch (VsmPoolWizard *wizard,
                   const char    *title)
{
  GtkWidget *row = vsm_test_find_row (GTK_WIDGET (wizard), title);
  GtkWidget *sw;

  sw = adw_action_row_get_activatable_widget (ADW_ACTION_ROW (row));
  g_assert_true (GTK_IS_SWITCH (sw));
  return GTK_SWITCH (sw);
}

/* A build choice's row: an action row with a check button, its title
 * starting with @prefix. */
static inline gboolean
wiz_is_build_row (GtkWidget *w,
                  gpointer   prefix)
{
  return ADW_IS_ACTION_ROW (w) && GTK_IS_CHECK_BUTTON (adw_action_row_get_activatable_widget (ADW_ACTION_ROW (w))) &&
         g_str_has_prefix (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (w)), prefix);
}

/* Chooses the build choice whose title starts with @prefix ("Do not
 * build", "Build", "Build only if", "Build and overwrite"), as a click on
 * its row does. */
static inline void
wiz_choose_build (VsmPoolWizard *wizard,
                  const char    *prefix)
{
  GtkWidget *row = vsm_test_find_widget (GTK_WIDGET (wizard), wiz_is_build_row, (gpointer) prefix);

  g_assert_nonnull (row);
  gtk_check_button_set_active (GTK_CHECK_BUTTON (adw_action_row_get_activatable_widget (ADW_ACTION_ROW (row))), TRUE);
}

/* Next as the user presses it: the button must be sensitive (its action
 * enabled), and the page must change. Returns the new page. */
static inline const char *
wiz_next (VsmPoolWizard *wizard)
{
  const char *before = vsm_pool_wizard_get_page (wizard);
  GtkWidget *next = wiz_button (wizard, "wizard.next");

  g_assert_true (vsm_pool_wizard_page_complete (wizard));
  g_assert_true (gtk_widget_get_visible (next));
  g_assert_true (gtk_widget_get_sensitive (next));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (wizard), "wizard.next", NULL));
  g_assert_cmpstr (vsm_pool_wizard_get_page (wizard), !=, before);
  return vsm_pool_wizard_get_page (wizard);
}

/* Sets "id", "value", … pairs, NULL-terminated. */
static inline void
wiz_set_fields (VsmPoolWizard      *wizard,
                const char * const *pairs)
{
  for (guint i = 0; pairs != NULL && pairs[i] != NULL; i += 2)
    {
      vsm_pool_wizard_set_field (wizard, pairs[i], pairs[i + 1]);
      if (vsm_pool_wizard_get_field_error (wizard, pairs[i]) != NULL)
        g_error ("field %s = “%s”: unexpected error “%s”", pairs[i], pairs[i + 1],
                 vsm_pool_wizard_get_field_error (wizard, pairs[i]));
    }
}

/* Fields of @pairs that sit on the current page get set; others wait. */
static inline gboolean
wiz_field_on_page (VsmPoolWizard *wizard,
                   const char    *id)
{
  GtkWidget *row;
  GtkWidget *stack;

  if (g_str_equal (id, "name"))
    return g_str_equal (vsm_pool_wizard_get_page (wizard), "type");
  row = wiz_field_row (wizard, id);
  /* the wizard's page stack is the one with a "review" page */
  for (stack = gtk_widget_get_ancestor (row, GTK_TYPE_STACK);
       stack != NULL && gtk_stack_get_child_by_name (GTK_STACK (stack), "review") == NULL;
       stack = gtk_widget_get_ancestor (gtk_widget_get_parent (stack), GTK_TYPE_STACK))
    ;
  g_assert_nonnull (stack);
  return gtk_widget_is_ancestor (row, gtk_stack_get_visible_child (GTK_STACK (stack)));
}

/* Steps from "type" to "review", filling each page's fields from @pairs
 * as they come up; @on_page (if set) then sees every page, "type" and
 * "review" included. Returns the page sequence ("type,source,…"). */
static inline char *
wiz_walk_to_review (VsmPoolWizard      *wizard,
                    const char         *type,
                    const char * const *pairs,
                    void              (*on_page) (VsmPoolWizard *, const char *, gpointer),
                    gpointer            data)
{
  GString *seq = g_string_new (vsm_pool_wizard_get_page (wizard));
  guint n = 0;
  gboolean *done;

  g_assert_cmpstr (vsm_pool_wizard_get_page (wizard), ==, "type");
  vsm_pool_wizard_set_type (wizard, type);
  while (pairs != NULL && pairs[n] != NULL)
    n += 2;
  done = g_new0 (gboolean, n / 2 + 1);

  for (;;)
    {
      const char *page = vsm_pool_wizard_get_page (wizard);

      for (guint i = 0; i < n; i += 2)
        if (!done[i / 2] && wiz_field_on_page (wizard, pairs[i]))
          {
            const char *pair[] = { pairs[i], pairs[i + 1], NULL };
            wiz_set_fields (wizard, pair);
            done[i / 2] = TRUE;
          }
      if (on_page != NULL)
        on_page (wizard, page, data);
      if (g_str_equal (page, "review"))
        break;
      if (!vsm_pool_wizard_page_complete (wizard))
        {
          g_autoptr(GString) errs = g_string_new (NULL);
          const char *ids[] = { "name", "host", "hosts", "port", "source-dir", "device", "devices",
                                "source-name", "target-iqn", "initiator", "adapter-name", "wwnn", "wwpn",
                                "auth-user", "auth-password", "target-path", "mode", "owner", "group", NULL };
          for (guint j = 0; ids[j] != NULL; j++)
            if (vsm_pool_wizard_get_field_error (wizard, ids[j]) != NULL)
              g_string_append_printf (errs, " %s: %s;", ids[j], vsm_pool_wizard_get_field_error (wizard, ids[j]));
          g_error ("%s: page %s is not complete:%s", type, page, errs->str);
        }
      g_string_append_printf (seq, ",%s", wiz_next (wizard));
    }
  for (guint i = 0; i < n; i += 2)
    if (!done[i / 2])
      g_error ("%s: field %s was never on a page", type, pairs[i]);
  g_free (done);
  return g_string_free (seq, FALSE);
}

typedef struct
{
  void   (*on_options) (VsmPoolWizard *, gpointer);
  gpointer data;
} WizOptionsHook;

static inline void
wiz_options_hook (VsmPoolWizard *wizard,
                  const char    *page,
                  gpointer       data)
{
  WizOptionsHook *hook = data;

  if (g_str_equal (page, "options") && hook->on_options != NULL)
    hook->on_options (wizard, hook->data);
}

/* wiz_walk_to_review(), with @on_options called on the options page. */
static inline char *
wiz_fill_to_review (VsmPoolWizard      *wizard,
                    const char         *type,
                    const char * const *pairs,
                    void              (*on_options) (VsmPoolWizard *, gpointer),
                    gpointer            data)
{
  WizOptionsHook hook = { on_options, data };

  return wiz_walk_to_review (wizard, type, pairs, wiz_options_hook, &hook);
}

/* Watches a wizard until it is destroyed, and what it reported. */
typedef struct
{
  gboolean  gone;
  char     *created_uuid;
  guint     n_created;
} WizWatch;

static inline void
wiz_gone_cb (gpointer  data,
             GObject  *where_the_object_was)
{
  ((WizWatch *) data)->gone = TRUE;
}

static inline void
wiz_created_cb (VsmPoolWizard *wizard,
                const char    *uuid,
                WizWatch      *watch)
{
  g_free (watch->created_uuid);
  watch->created_uuid = g_strdup (uuid);
  watch->n_created++;
  g_assert_cmpstr (vsm_pool_wizard_get_created_uuid (wizard), ==, uuid);
}

static inline void
wiz_watch (VsmPoolWizard *wizard,
           WizWatch      *watch)
{
  memset (watch, 0, sizeof *watch);
  g_object_weak_ref (G_OBJECT (wizard), wiz_gone_cb, watch);
  g_signal_connect (wizard, "created", G_CALLBACK (wiz_created_cb), watch);
}

static inline void
wiz_watch_clear (WizWatch *watch)
{
  g_clear_pointer (&watch->created_uuid, g_free);
}

/* The overwrite confirmation, if one is up for @wizard. */
static inline AdwMessageDialog *
wiz_find_confirmation (VsmPoolWizard *wizard)
{
  g_autoptr(GList) list = gtk_window_list_toplevels ();

  for (GList *l = list; l != NULL; l = l->next)
    if (ADW_IS_MESSAGE_DIALOG (l->data) && gtk_widget_get_visible (l->data) &&
        gtk_window_get_transient_for (l->data) == GTK_WINDOW (wizard))
      return l->data;
  return NULL;
}

/* Answers the confirmation as the user does: clicks the button labelled
 * @label ("_Format", "_Cancel"); the dialog closes. */
static inline void
wiz_answer (AdwMessageDialog *confirm,
            const char       *label)
{
  GtkWidget *button = vsm_test_find_widget (GTK_WIDGET (confirm), vsm_test_is_button_with_label, (gpointer) label);

  g_assert_nonnull (button);
  g_signal_emit_by_name (button, "clicked");
}

/* Create, answering an overwrite confirmation with "format" if one
 * appears. Returns TRUE if one appeared. The wizard is either still
 * running its steps or already gone afterwards. */
static inline gboolean
wiz_create (VsmPoolWizard *wizard,
            WizWatch      *watch)
{
  AdwMessageDialog *confirm;
  GtkWidget *create = wiz_button (wizard, "wizard.create");

  g_assert_cmpstr (vsm_pool_wizard_get_page (wizard), ==, "review");
  g_assert_true (gtk_widget_get_visible (create));
  g_assert_true (gtk_widget_get_sensitive (create));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (wizard), "wizard.create", NULL));
  if (watch->gone)
    return FALSE;
  confirm = wiz_find_confirmation (wizard);
  if (confirm == NULL)
    return FALSE;
  g_assert_true (adw_message_dialog_has_response (confirm, "format"));
  g_assert_cmpstr (adw_message_dialog_get_default_response (confirm), ==, "cancel");
  wiz_answer (confirm, "_Format");
  g_assert_null (wiz_find_confirmation (wizard));
  return TRUE;
}

static inline gboolean
wiz_is_error_label (GtkWidget *w,
                    gpointer   unused)
{
  return GTK_IS_LABEL (w) && gtk_widget_has_css_class (w, "monospace") &&
         gtk_widget_get_ancestor (w, ADW_TYPE_STATUS_PAGE) != NULL;
}

/* The message on the "error" page. */
static inline const char *
wiz_error_text (VsmPoolWizard *wizard)
{
  GtkWidget *label = vsm_test_find_widget (GTK_WIDGET (wizard), wiz_is_error_label, NULL);

  g_assert_nonnull (label);
  return gtk_label_get_text (GTK_LABEL (label));
}

typedef struct
{
  const char *type;
  const char *fields[20];       /* id, value, …, NULL (in page order) */
  const char *xml_has[4];       /* substrings of the review XML */
  gboolean    autostart;        /* leave "Start automatically" on */
  gboolean    transient;        /* switch "Persistent" off */
  const char *build;            /* build choice prefix, NULL = the default */
} TypeCase;

/* One valid set of answers per pool type, used by test-wizard (the review
 * XML of each) and test-a11y (every page of every type). */

static const TypeCase type_cases[] G_GNUC_UNUSED = {
  { "dir",
    { "name", "wiz-dir", "mode", "0711", "owner", "107", "group", "107", NULL },
    { "<path>/var/lib/libvirt/images/wiz-dir</path>", "<mode>0711</mode>", NULL },
    TRUE, FALSE, "Build" },
  { "fs",
    { "name", "wiz-fs", "device", "/dev/wizfs0", "format", "ext4", NULL },
    { "<device path='/dev/wizfs0'/>", "<format type='ext4'/>", "<path>/var/lib/libvirt/filesystems/wiz-fs</path>", NULL },
    FALSE, FALSE, NULL },
  { "netfs",
    { "name", "wiz-netfs", "host", "nfs.example.com", "source-dir", "/export/wiz", "format", "nfs",
      "protocol", "4", NULL },
    { "<host name='nfs.example.com'/>", "<dir path='/export/wiz'/>", "<protocol ver='4'/>", NULL },
    TRUE, FALSE, NULL },
  { "logical",
    { "name", "wiz-lvm", "source-name", "wizvg", "devices", "/dev/wizpv0 /dev/wizpv1",
      "target-path", "/dev/wizvg", NULL },
    { "<name>wizvg</name>", "<device path='/dev/wizpv1'/>", NULL },
    FALSE, FALSE, NULL },
  { "disk",
    { "name", "wiz-disk", "device", "/dev/wizdisk0", "format", "gpt", NULL },
    { "<device path='/dev/wizdisk0'/>", "<format type='gpt'/>", "<path>/dev</path>", NULL },
    TRUE, FALSE, NULL },
  { "iscsi",
    { "name", "wiz-iscsi", "host", "192.0.2.10", "port", "3260", "target-iqn", "iqn.2024-01.com.example:wiz",
      "initiator", "iqn.2024-01.com.example:init", NULL },
    { "<host name='192.0.2.10' port='3260'/>", "<device path='iqn.2024-01.com.example:wiz'/>",
      "<iqn name='iqn.2024-01.com.example:init'/>", NULL },
    FALSE, FALSE, NULL },
  { "scsi",
    { "name", "wiz-scsi", "adapter-type", "scsi_host", "adapter-name", "host5", NULL },
    { "<adapter type='scsi_host' name='host5'/>", "<path>/dev/disk/by-path</path>", NULL },
    TRUE, FALSE, NULL },
  { "iscsi-direct",
    { "name", "wiz-iscsid", "host", "192.0.2.11", "target-iqn", "iqn.2024-01.com.example:wizd",
      "initiator", "iqn.2024-01.com.example:initd", NULL },
    { "<device path='iqn.2024-01.com.example:wizd'/>", "<iqn name='iqn.2024-01.com.example:initd'/>", NULL },
    TRUE, FALSE, NULL },
  { "rbd",
    { "name", "wiz-rbd", "hosts", "mon1.example.com:6789 mon2.example.com", "source-name", "rbdpool", NULL },
    { "<host name='mon1.example.com' port='6789'/>", "<host name='mon2.example.com'/>", "<name>rbdpool</name>", NULL },
    FALSE, TRUE, NULL },
  { "gluster",
    { "name", "wiz-gluster", "host", "gluster.example.com", "source-name", "gv0", "source-dir", "/vms", NULL },
    { "<host name='gluster.example.com'/>", "<name>gv0</name>", "<dir path='/vms'/>", NULL },
    FALSE, FALSE, NULL },
};

/* Page sequence of "type" → … → "review" for a pool type's fields. */
static inline const char *
wiz_expected_pages (const char *type)
{
  if (g_str_equal (type, "dir"))
    return "type,target,options,review";
  if (g_str_equal (type, "iscsi-direct") || g_str_equal (type, "rbd") || g_str_equal (type, "gluster"))
    return "type,source,options,review";
  return "type,source,target,options,review";
}
