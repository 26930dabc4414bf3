/* main.c
 *
 * Copyright 2026 Virt Storage developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include "vsm-application.h"
#include "vsm-event-loop.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(VsmApplication) app = NULL;
  const char *localedir = g_getenv ("VSM_LOCALEDIR");

  /* VSM_LOCALEDIR=<builddir>/po runs an uninstalled build with its own
   * translations (<builddir>/po/<lang>/LC_MESSAGES/virt-storage.mo). */
  bindtextdomain (GETTEXT_PACKAGE, localedir != NULL && *localedir != '\0' ? localedir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  /* libvirt's event loop (events, the close callback, keepalive) runs on
   * a thread of its own, never on the UI thread. */
  {
    g_autoptr(GError) error = NULL;

    if (!vsm_libvirt_init (&error))
      {
        g_printerr ("virt-storage: %s\n", error->message);
        return 1;
      }
  }

  app = vsm_application_new ();
  return g_application_run (G_APPLICATION (app), argc, argv);
}
