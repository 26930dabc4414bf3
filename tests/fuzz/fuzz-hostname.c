/* fuzz-hostname.c: the host name validator (vsm_hostname_validate) and
 * the SSH URI builder on top of it (vsm_uri_build_ssh)
 *
 * Input: one flags byte (bit 0: session, bit 1: port out of range), two
 * port bytes, then the host name; a 0x1f byte in it separates a user name
 * before it from the host after it.
 *
 * Copyright 2026 Virt Storage developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "fuzz-common.h"
#include "vsm-error.h"
#include "vsm-uri.h"

static void
check_hostname (const char *host)
{
  g_autoptr(GError) error = NULL;
  gboolean ok = vsm_hostname_validate (host, &error);

  if (!ok)
    {
      FUZZ_CHECK (g_error_matches (error, VSM_ERROR, VSM_ERROR_INVALID_INPUT));
      if (g_utf8_validate (host, -1, NULL))
        FUZZ_CHECK (g_utf8_validate (error->message, -1, NULL));
      return;
    }
  FUZZ_CHECK (error == NULL);
  /* Letters, digits and . _ - : only: nothing a URI, a shell line or a
   * label would need to escape, and no control characters. */
  FUZZ_CHECK (*host != '\0');
  FUZZ_CHECK (strspn (host, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-:")
              == strlen (host));
  if (strchr (host, ':') != NULL)
    FUZZ_CHECK (g_hostname_is_ip_address (host));
  else
    FUZZ_CHECK (strlen (host) <= 253 && host[0] != '.' && host[0] != '-' &&
                !g_str_has_suffix (host, ".") && strstr (host, "..") == NULL);
}

/* What vsm_uri_build_ssh() makes must pass vsm_uri_validate() and carry
 * the same user, host and port. */
static void
check_build_ssh (const char *user,
                 const char *host,
                 guint       port,
                 gboolean    session)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *uri = vsm_uri_build_ssh (user, host, port, session, &error);
  g_autoptr(GUri) parsed = NULL;
  g_autoptr(GError) verror = NULL;
  g_autofree char *title = NULL;

  if (uri == NULL)
    {
      FUZZ_CHECK (g_error_matches (error, VSM_ERROR, VSM_ERROR_INVALID_INPUT));
      /* Refused for a reason: the host, the port or the user. */
      FUZZ_CHECK (!vsm_hostname_validate (host, NULL) || port > 65535 ||
                  (user != NULL && strspn (user, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-")
                                   != strlen (user)));
      return;
    }
  FUZZ_CHECK (error == NULL);
  FUZZ_CHECK (vsm_hostname_validate (host, NULL) && port <= 65535);

  FUZZ_CHECK (vsm_uri_validate (uri, &verror));
  parsed = g_uri_parse (uri, G_URI_FLAGS_NON_DNS, NULL);
  FUZZ_CHECK (parsed != NULL);
  FUZZ_CHECK (g_strcmp0 (g_uri_get_scheme (parsed), "qemu+ssh") == 0);
  FUZZ_CHECK (g_strcmp0 (g_uri_get_host (parsed), host) == 0);
  FUZZ_CHECK (g_uri_get_port (parsed) == (port == 0 ? -1 : (gint) port));
  FUZZ_CHECK (g_strcmp0 (g_uri_get_user (parsed), user != NULL && *user ? user : NULL) == 0);
  FUZZ_CHECK (g_strcmp0 (g_uri_get_path (parsed), session ? "/session" : "/system") == 0);

  title = vsm_uri_dup_title (uri);
  FUZZ_CHECK (title != NULL && strstr (title, host) != NULL);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autofree char *rest = NULL;
  const char *host;
  const char *user = NULL;
  char *sep;
  guint8 flags;
  guint port;

  if (size < 3)
    return 0;
  flags = data[0];
  port = data[1] | (guint) data[2] << 8;
  if (flags & 2)
    port += 65536 - 256;
  rest = fuzz_strdup (data + 3, size - 3);

  host = rest;
  if ((sep = strchr (rest, 0x1f)) != NULL)
    {
      *sep = '\0';
      user = rest;
      host = sep + 1;
    }

  check_hostname (host);
  check_hostname (rest);
  check_build_ssh (user, host, port, flags & 1);
  return 0;
}
