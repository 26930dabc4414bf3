/* fuzz-uri.c: the connection URI validator (vsm_uri_validate) and the
 * sidebar title made from a URI (vsm_uri_dup_title)
 *
 * The input is what the user types in the Add Connection dialog or passes
 * to --connect.
 *
 * Copyright 2026 Virt Storage developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "fuzz-common.h"
#include "vsm-error.h"
#include "vsm-uri.h"

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autofree char *uri = fuzz_strdup (data, size);
  g_autofree char *title = vsm_uri_dup_title (uri);
  g_autoptr(GError) error = NULL;
  gboolean utf8 = g_utf8_validate (uri, -1, NULL);
  gboolean ok = vsm_uri_validate (uri, &error);

  /* The title always exists and is shown as a label. */
  FUZZ_CHECK (title != NULL);
  if (utf8)
    FUZZ_CHECK (g_utf8_validate (title, -1, NULL));
  FUZZ_CHECK (vsm_uri_is_test (uri) == g_str_has_prefix (uri, "test:"));

  if (!ok)
    {
      FUZZ_CHECK (g_error_matches (error, VSM_ERROR, VSM_ERROR_INVALID_INPUT));
      FUZZ_CHECK (error->message[0] != '\0');
      if (utf8)
        FUZZ_CHECK (g_utf8_validate (error->message, -1, NULL));
      return 0;
    }
  FUZZ_CHECK (error == NULL);

  /* An accepted URI is saved in GSettings (a UTF-8 string) and handed to
   * libvirt: text without blanks or control characters of any kind. */
  FUZZ_CHECK (*uri != '\0');
  FUZZ_CHECK (utf8);
  FUZZ_CHECK (!fuzz_has_control_chars (uri));
  for (const char *p = uri; *p; p++)
    FUZZ_CHECK (!g_ascii_isspace (*p));

  /* It parses, its host is a valid host, its port is in range. */
  {
    g_autoptr(GUri) parsed = g_uri_parse (uri, G_URI_FLAGS_NON_DNS, NULL);
    const char *host;
    gint port;

    FUZZ_CHECK (parsed != NULL);
    host = g_uri_get_host (parsed);
    if (host != NULL && *host != '\0')
      FUZZ_CHECK (vsm_hostname_validate (host, NULL));
    port = g_uri_get_port (parsed);
    FUZZ_CHECK (port == -1 || (port >= 1 && port <= 65535));
    FUZZ_CHECK (g_uri_get_scheme (parsed) != NULL);
  }
  return 0;
}
