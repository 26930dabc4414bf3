/* main.c
 *
 * Copyright 2026 Virt Storage developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <libvirt-gobject/libvirt-gobject.h>

#include "vsm-application.h"

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

  /* Installs libvirt's event loop on the GLib main context: needed for
   * storage-pool events, the close callback and keepalive. */
  gvir_init_object (NULL, NULL);

  app = vsm_application_new ();
  return g_application_run (G_APPLICATION (app), argc, argv);
}
