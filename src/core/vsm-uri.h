/* vsm-uri.h
 *
 * Copyright 2026 Virt Storage developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define VSM_URI_SYSTEM  "qemu:///system"
#define VSM_URI_SESSION "qemu:///session"

gboolean  vsm_uri_validate       (const char  *uri,
                                  GError     **error);
char     *vsm_uri_build_ssh      (const char  *user,
                                  const char  *host,
                                  guint        port,
                                  gboolean     session,
                                  GError     **error);
gboolean  vsm_hostname_validate  (const char  *host,
                                  GError     **error);
gboolean  vsm_uri_is_test        (const char  *uri);
gboolean  vsm_uri_is_demo        (const char  *uri);
gboolean  vsm_uri_is_local       (const char  *uri);
char     *vsm_uri_dup_title      (const char  *uri);

G_END_DECLS
