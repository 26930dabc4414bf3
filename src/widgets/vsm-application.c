/* vsm-application.c
 *
 * Copyright 2026 Virt Storage developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vsm-application"

#include "config.h"

#include <glib/gi18n.h>

#include "vsm-application.h"
#include "vsm-host.h"
#include "vsm-uri.h"
#include "vsm-trace.h"
#include "vsm-window.h"

struct _VsmApplication
{
  AdwApplication  parent_instance;

  GSettings      *settings;
  GListStore     *hosts;
  char           *connect_uri;   /* --connect */
  gboolean        demo_offered;
};

G_DEFINE_FINAL_TYPE (VsmApplication, vsm_application, ADW_TYPE_APPLICATION)

/**
 * vsm_application_find_demo_xml:
 *
 * The bundled test-driver fixture: $VSM_DEMO_XML, the installed copy, or
 * the one in the source tree for uninstalled runs.
 */
char *
vsm_application_find_demo_xml (void)
{
  const char *env = g_getenv ("VSM_DEMO_XML");
  g_autofree char *installed = g_build_filename (PKGDATADIR, "demo", "demo-node.xml", NULL);
  g_autofree char *source = g_build_filename (SRCDIR, "data", "demo", "demo-node.xml", NULL);

  if (env != NULL && g_path_is_absolute (env) && g_file_test (env, G_FILE_TEST_EXISTS))
    return g_strdup (env);
  if (g_file_test (installed, G_FILE_TEST_EXISTS))
    return g_steal_pointer (&installed);
  if (g_file_test (source, G_FILE_TEST_EXISTS))
    return g_steal_pointer (&source);
  return NULL;
}

static VsmWindow *
main_window (VsmApplication *self)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  return VSM_IS_WINDOW (window) ? VSM_WINDOW (window) : NULL;
}

static gboolean
has_demo (VsmApplication *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->hosts));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(VsmHost) host = g_list_model_get_item (G_LIST_MODEL (self->hosts), i);
      if (vsm_host_get_is_demo (host))
        return TRUE;
    }
  return FALSE;
}

static void
open_demo (VsmApplication *self,
           gboolean        select)
{
  g_autofree char *xml = vsm_application_find_demo_xml ();
  g_autofree char *uri = NULL;
  VsmWindow *window = main_window (self);
  VsmHost *current;

  if (xml == NULL || window == NULL || has_demo (self))
    return;

  uri = g_strdup_printf ("test://%s", xml);
  current = vsm_window_get_host (window);
  {
    g_autoptr(VsmHost) keep = current ? g_object_ref (current) : NULL;
    vsm_window_add_connection (window, uri, FALSE);
    if (!select && keep != NULL)
      vsm_window_select_host (window, keep);
  }
}

/* When a local daemon cannot be reached, a newcomer still gets a populated
 * window: open the demo and say why. */
static void
host_state_cb (VsmConnection  *connection,
               GParamSpec     *pspec,
               VsmApplication *self)
{
  VsmWindow *window = main_window (self);
  g_autofree char *msg = NULL;

  if (vsm_connection_get_state (connection) != VSM_CONNECTION_STATE_FAILED || self->demo_offered)
    return;
  if (vsm_uri_is_test (vsm_connection_get_uri (connection)))
    return;

  self->demo_offered = TRUE;
  if (window == NULL)
    return;

  if (has_demo (self))
    {
      /* Only take the user to the demo if they were looking at the
       * connection that failed. */
      VsmHost *current = vsm_window_get_host (window);
      guint n = g_list_model_get_n_items (G_LIST_MODEL (self->hosts));

      if (current == NULL || vsm_host_get_connection (current) != connection)
        return;
      for (guint i = 0; i < n; i++)
        {
          g_autoptr(VsmHost) host = g_list_model_get_item (G_LIST_MODEL (self->hosts), i);
          if (vsm_host_get_is_demo (host))
            vsm_window_select_host (window, host);
        }
    }
  else
    open_demo (self, TRUE);

  msg = g_strdup_printf (_("Could not reach libvirt at %s: showing the demo connection"),
                         vsm_connection_get_uri (connection));
  vsm_window_toast (window, msg);
}

static void
watch_hosts (VsmApplication *self,
             guint           position,
             guint           removed,
             guint           added)
{
  for (guint i = position; i < position + added; i++)
    {
      g_autoptr(VsmHost) host = g_list_model_get_item (G_LIST_MODEL (self->hosts), i);
      g_signal_connect_object (vsm_host_get_connection (host), "notify::state",
                               G_CALLBACK (host_state_cb), self, 0);
    }
}

static void
about_action (GSimpleAction *action,
              GVariant      *param,
              gpointer       user_data)
{
  VsmApplication *self = user_data;
  const char *developers[] = { "Virt Storage developers", NULL };
  GtkWidget *about;

  about = g_object_new (ADW_TYPE_ABOUT_WINDOW,
                        "transient-for", gtk_application_get_active_window (GTK_APPLICATION (self)),
                        "application-name", _("Virt Storage"),
                        "application-icon", APP_ID,
                        "developer-name", _("Virt Storage developers"),
                        "version", PACKAGE_VERSION,
                        "website", "https://github.com/virtstorage/virt-storage",
                        "issue-url", "https://github.com/virtstorage/virt-storage/issues",
                        "comments", _("Manage libvirt storage pools and volumes, and attach storage to virtual machines."),
                        "license-type", GTK_LICENSE_GPL_3_0,
                        "developers", developers,
                        /* Translators: put your names here */
                        "translator-credits", _("translator-credits"),
                        NULL);
  gtk_window_present (GTK_WINDOW (about));
}

static void
quit_action (GSimpleAction *action,
             GVariant      *param,
             gpointer       user_data)
{
  g_application_quit (G_APPLICATION (user_data));
}

static const GActionEntry app_actions[] = {
  { "about", about_action },
  { "quit", quit_action },
};

static void
vsm_application_startup (GApplication *app)
{
  VsmApplication *self = VSM_APPLICATION (app);

  G_APPLICATION_CLASS (vsm_application_parent_class)->startup (app);

  g_action_map_add_action_entries (G_ACTION_MAP (self), app_actions, G_N_ELEMENTS (app_actions), self);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.quit", (const char *[]) { "<Control>q", NULL });
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "win.show-help-overlay",
                                         (const char *[]) { "<Control>question", NULL });
  self->settings = g_settings_new (APP_ID);
}

static void
vsm_application_activate (GApplication *app)
{
  VsmApplication *self = VSM_APPLICATION (app);
  VsmWindow *window = main_window (self);
  g_auto(GStrv) saved = NULL;
  g_autofree char *last = NULL;
  g_autofree char *last_pool = NULL;
  gboolean first_run;

  if (window != NULL)
    {
      if (self->connect_uri != NULL)
        vsm_window_add_connection (window, self->connect_uri, TRUE);
      g_clear_pointer (&self->connect_uri, g_free);
      gtk_window_present (GTK_WINDOW (window));
      return;
    }

  window = vsm_window_new (GTK_APPLICATION (self), self->hosts, self->settings);
  gtk_window_present (GTK_WINDOW (window));

  saved = g_settings_get_strv (self->settings, "connections");
  last = g_settings_get_string (self->settings, "last-connection");
  last_pool = g_settings_get_string (self->settings, "last-pool");
  first_run = g_settings_get_boolean (self->settings, "first-run");

  for (guint i = 0; saved[i] != NULL; i++)
    if (vsm_uri_validate (saved[i], NULL))
      vsm_window_add_connection (window, saved[i], FALSE);

  if (self->connect_uri != NULL)
    vsm_trace_attach (window, vsm_window_add_connection (window, self->connect_uri, TRUE));
  else if (g_list_model_get_n_items (G_LIST_MODEL (self->hosts)) == 0)
    {
      /* First start: the local system daemon, saved for next time. */
      vsm_window_add_connection (window, VSM_URI_SYSTEM, TRUE);
    }

  if (first_run)
    {
      /* Offered beside the real connections, not instead of them. */
      open_demo (self, FALSE);
      g_settings_set_boolean (self->settings, "first-run", FALSE);
    }

  if (self->connect_uri == NULL && last != NULL && *last)
    {
      guint n = g_list_model_get_n_items (G_LIST_MODEL (self->hosts));
      for (guint i = 0; i < n; i++)
        {
          g_autoptr(VsmHost) host = g_list_model_get_item (G_LIST_MODEL (self->hosts), i);
          if (g_str_equal (vsm_host_get_uri (host), last))
            vsm_window_select_host (window, host);
        }
    }
  if (last_pool != NULL && *last_pool)
    vsm_window_select_pool (window, last_pool);

  g_clear_pointer (&self->connect_uri, g_free);
}

static int
vsm_application_handle_local_options (GApplication *app,
                                      GVariantDict *options)
{
  VsmApplication *self = VSM_APPLICATION (app);
  const char *uri = NULL;

  if (g_variant_dict_lookup (options, "version", "b", NULL))
    {
      g_print ("virt-storage %s\n", PACKAGE_VERSION);
      return 0;
    }

  if (g_variant_dict_lookup (options, "connect", "&s", &uri))
    {
      g_autoptr(GError) error = NULL;

      if (!vsm_uri_validate (uri, &error))
        {
          g_printerr (_("Invalid connection URI “%s”: %s\n"), uri, error->message);
          return 2;
        }
      g_free (self->connect_uri);
      self->connect_uri = g_strdup (uri);
    }
  return -1;
}

static void
vsm_application_finalize (GObject *object)
{
  VsmApplication *self = VSM_APPLICATION (object);

  g_clear_object (&self->settings);
  g_clear_object (&self->hosts);
  g_free (self->connect_uri);

  G_OBJECT_CLASS (vsm_application_parent_class)->finalize (object);
}

static void
vsm_application_class_init (VsmApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->finalize = vsm_application_finalize;
  app_class->startup = vsm_application_startup;
  app_class->activate = vsm_application_activate;
  app_class->handle_local_options = vsm_application_handle_local_options;
}

static void
vsm_application_init (VsmApplication *self)
{
  static const GOptionEntry entries[] = {
    { "connect", 'c', 0, G_OPTION_ARG_STRING, NULL,
      N_("Open a connection to URI at start (e.g. qemu:///system)"), N_("URI") },
    { "version", 0, 0, G_OPTION_ARG_NONE, NULL, N_("Print the version and exit"), NULL },
    { NULL }
  };

  self->hosts = g_list_store_new (VSM_TYPE_HOST);
  g_signal_connect_object (self->hosts, "items-changed", G_CALLBACK (watch_hosts), self, G_CONNECT_SWAPPED);
  g_application_add_main_option_entries (G_APPLICATION (self), entries);
  g_application_set_option_context_summary (G_APPLICATION (self),
                                            _("Manage libvirt storage pools and volumes."));
}

VsmApplication *
vsm_application_new (void)
{
  return g_object_new (VSM_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_DEFAULT_FLAGS,
                       "resource-base-path", "/io/github/virtstorage/VirtStorage",
                       NULL);
}

GListStore *
vsm_application_get_hosts (VsmApplication *self)
{
  g_return_val_if_fail (VSM_IS_APPLICATION (self), NULL);
  return self->hosts;
}
