/* test-uri.c: URI and host name validation, ssh URI building, titles
 *
 * Copyright 2026 Virt Storage developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib.h>
#include <string.h>

#include "vsm-error.h"
#include "vsm-uri.h"

typedef struct
{
  const char *uri;
  gboolean    valid;
} UriCase;

static const UriCase uri_cases[] = {
  /* valid */
  { "qemu:///system", TRUE },
  { "qemu:///session", TRUE },
  { VSM_URI_SYSTEM, TRUE },
  { VSM_URI_SESSION, TRUE },
  { "QEMU:///system", TRUE },
  { "qemu+ssh://root@host.example.com/system", TRUE },
  { "qemu+ssh://host.example.com/session", TRUE },
  { "qemu+ssh://root@host.example.com:2222/system", TRUE },
  { "qemu+ssh://[::1]:2222/system", TRUE },           /* GUri strips the brackets */
  { "qemu+ssh://[2001:db8::5]/system", TRUE },
  { "qemu+ssh://192.168.122.1/system", TRUE },
  { "qemu+ssh://user@host/system?keyfile=/home/user/.ssh/id_ed25519", TRUE },
  { "qemu+ssh://host:65535/system", TRUE },
  { "qemu+tls://host.example.com/system", TRUE },
  { "qemu+tcp://10.0.0.1:16509/system", TRUE },
  { "qemu+libssh2://host/system", TRUE },
  { "qemu+unix:///system", TRUE },
  { "qemu:///system?socket=/run/libvirt/libvirt-sock", TRUE },
  { "qemu:///embed?root=/tmp/embed", TRUE },
  { "test:///default", TRUE },
  { "test:///abs/path.xml", TRUE },
  { "test:///home/user/My%20Files/node.xml", TRUE },
  { "lxc:///system", TRUE },
  { "qemu+ssh://my_host/system", TRUE },             /* underscores are tolerated */
  { "test+ssh://host/default", TRUE },

  /* invalid */
  { "", FALSE },
  { "qemu:///", FALSE },
  { "qemu://", FALSE },
  { "qemu:///foo", FALSE },
  { "qemu:///system/", FALSE },
  { "qemu:system", FALSE },
  { "foo:///system", FALSE },
  { "qemu+carrier://h/system", FALSE },
  { "qemu+ssh:///system", FALSE },                   /* no host */
  { "qemu+tls:///system", FALSE },
  { "qemu:///system ", FALSE },
  { " qemu:///system", FALSE },
  { "qemu+ssh://ho st/system", FALSE },
  { "qemu:///sys\ntem", FALSE },
  { "qemu:///system\n", FALSE },
  { "qemu:///system\t", FALSE },
  { "test:///", FALSE },
  { "test://", FALSE },
  { "qemu+ssh://bad_host-/system", FALSE },
  { "qemu+ssh://-bad/system", FALSE },
  { "qemu+ssh://a..b/system", FALSE },
  { "qemu+ssh://h%20x/system", FALSE },              /* decoded host has a space */
  { "qemu+ssh://host:0/system", FALSE },
  { "qemu+ssh://host:70000/system", FALSE },
  { "qemu+ssh://host:65536/system", FALSE },
  { "qemu+ssh://host:abc/system", FALSE },
  { "qemu+ssh://[::1/system", FALSE },
  { "qemu+ssh://[g::1]/system", FALSE },
  { "not a uri", FALSE },
  { "system", FALSE },
  { "/var/run/libvirt/libvirt-sock", FALSE },
};

static void
test_validate_table (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (uri_cases); i++)
    {
      g_autoptr(GError) error = NULL;
      gboolean ok = vsm_uri_validate (uri_cases[i].uri, &error);

      g_test_message ("“%s” → %s", uri_cases[i].uri, ok ? "valid" : error->message);
      if (uri_cases[i].valid)
        {
          g_assert_no_error (error);
          g_assert_true (ok);
        }
      else
        {
          g_assert_false (ok);
          g_assert_error (error, VSM_ERROR, VSM_ERROR_INVALID_INPUT);
          g_assert_cmpstr (error->message, !=, "");
        }
    }
  g_assert_cmpuint (G_N_ELEMENTS (uri_cases), >=, 25);
}

static void
test_validate_null (void)
{
  g_autoptr(GError) error = NULL;

  g_assert_false (vsm_uri_validate (NULL, &error));
  g_assert_error (error, VSM_ERROR, VSM_ERROR_INVALID_INPUT);
  g_assert_false (vsm_uri_validate ("", NULL));
  g_assert_true (vsm_uri_validate ("qemu:///system", NULL));
}

static void
test_validate_messages (void)
{
  g_autoptr(GError) e_transport = NULL;
  g_autoptr(GError) e_driver = NULL;
  g_autoptr(GError) e_port = NULL;

  g_assert_false (vsm_uri_validate ("qemu+carrier://h/system", &e_transport));
  g_assert_nonnull (strstr (e_transport->message, "carrier"));
  g_assert_false (vsm_uri_validate ("foo:///system", &e_driver));
  g_assert_nonnull (strstr (e_driver->message, "foo"));
  g_assert_false (vsm_uri_validate ("qemu+ssh://host:0/system", &e_port));
  g_assert_nonnull (strstr (e_port->message, "65535"));
}

typedef struct
{
  const char *user;
  const char *host;
  guint       port;
  gboolean    session;
  const char *expected;   /* NULL: must fail */
} SshCase;

static const SshCase ssh_cases[] = {
  { "root", "host.example.com", 0, FALSE, "qemu+ssh://root@host.example.com/system" },
  { NULL, "host.example.com", 0, FALSE, "qemu+ssh://host.example.com/system" },
  { "", "host.example.com", 0, FALSE, "qemu+ssh://host.example.com/system" },
  { "admin", "host", 2222, FALSE, "qemu+ssh://admin@host:2222/system" },
  { "me", "host", 0, TRUE, "qemu+ssh://me@host/session" },
  { NULL, "host", 22, TRUE, "qemu+ssh://host:22/session" },
  { NULL, "::1", 0, FALSE, "qemu+ssh://[::1]/system" },
  { "root", "2001:db8::5", 2222, FALSE, "qemu+ssh://root@[2001:db8::5]:2222/system" },
  { "first.last-2_x", "10.1.2.3", 65535, FALSE, "qemu+ssh://first.last-2_x@10.1.2.3:65535/system" },
  { "a b", "host", 0, FALSE, NULL },
  { "a@b", "host", 0, FALSE, NULL },
  { "a/b", "host", 0, FALSE, NULL },
  { "root", "", 0, FALSE, NULL },
  { "root", NULL, 0, FALSE, NULL },
  { "root", "bad host", 0, FALSE, NULL },
  { "root", "host-", 0, FALSE, NULL },
  { "root", "host", 65536, FALSE, NULL },
  { "root", "host", 70000, FALSE, NULL },
  { NULL, "1.2.3.4:22", 0, FALSE, NULL },            /* a port in the host field */
};

static void
test_build_ssh (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (ssh_cases); i++)
    {
      const SshCase *c = &ssh_cases[i];
      g_autoptr(GError) error = NULL;
      g_autofree char *uri = vsm_uri_build_ssh (c->user, c->host, c->port, c->session, &error);

      g_test_message ("user %s host %s port %u → %s", c->user, c->host, c->port,
                      uri ? uri : error->message);
      if (c->expected != NULL)
        {
          g_assert_no_error (error);
          g_assert_cmpstr (uri, ==, c->expected);
          /* Whatever we build must pass our own validation. */
          g_assert_true (vsm_uri_validate (uri, NULL));
        }
      else
        {
          g_assert_null (uri);
          g_assert_error (error, VSM_ERROR, VSM_ERROR_INVALID_INPUT);
          g_assert_cmpstr (error->message, !=, "");
        }
    }
}

static void
test_title (void)
{
  const struct { const char *uri; const char *title; } cases[] = {
    { "qemu:///system", "QEMU/KVM" },
    { "qemu:///session", "QEMU/KVM User Session" },
    { "qemu+ssh://root@host.example.com/system", "root@host.example.com — QEMU/KVM" },
    { "qemu+ssh://host.example.com/system", "host.example.com — QEMU/KVM" },
    { "qemu+ssh://me@box/session", "me@box — QEMU/KVM User Session" },
    { "qemu+ssh://box:2222/system", "box — QEMU/KVM" },
    { "test:///usr/share/virt-storage/demo/demo-node.xml", "Demo (no changes are saved)" },
    { "test:///default", "Test driver" },
    { "test:///tmp/other.xml", "test:///tmp/other.xml" },
    { "lxc:///system", "lxc:///system" },
    { "not a uri", "not a uri" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *title = vsm_uri_dup_title (cases[i].uri);
      g_assert_cmpstr (title, ==, cases[i].title);
    }

  {
    g_autofree char *none = vsm_uri_dup_title (NULL);
    g_assert_cmpstr (none, ==, "");
  }
}

static void
test_is_test (void)
{
  g_assert_true (vsm_uri_is_test ("test:///default"));
  g_assert_true (vsm_uri_is_test ("test:///a/b.xml"));
  g_assert_false (vsm_uri_is_test ("qemu:///system"));
  g_assert_false (vsm_uri_is_test ("qemu+ssh://test/system"));
  g_assert_false (vsm_uri_is_test (""));
  g_assert_false (vsm_uri_is_test (NULL));
}

typedef struct
{
  const char *host;
  gboolean    valid;
} HostCase;

static void
test_hostname (void)
{
  g_autofree char *label63 = g_strnfill (63, 'a');
  g_autofree char *label64 = g_strnfill (64, 'a');
  /* 4 × 63 + 3 dots = 255 characters; 3 × 63 + 61 + 3 = 253. */
  g_autofree char *long255 = g_strjoin (".", label63, label63, label63, label63, NULL);
  g_autofree char *label61 = g_strnfill (61, 'b');
  g_autofree char *long253 = g_strjoin (".", label63, label63, label63, label61, NULL);
  const HostCase cases[] = {
    { "localhost", TRUE },
    { "host.example.com", TRUE },
    { "HOST.Example.COM", TRUE },
    { "a", TRUE },
    { "a-b", TRUE },
    { "x1.y2", TRUE },
    { "my_host", TRUE },
    { "192.168.1.1", TRUE },
    { "::1", TRUE },
    { "fe80::1", TRUE },
    { "2001:db8::ff00:42:8329", TRUE },
    { "::ffff:192.0.2.1", TRUE },
    { label63, TRUE },
    { long253, TRUE },
    { "", FALSE },
    { "-a", FALSE },
    { "a-", FALSE },
    { "a..b", FALSE },
    { ".a", FALSE },
    { "ho st", FALSE },
    { "h/x", FALSE },
    { "h@x", FALSE },
    { "[::1]", FALSE },
    { "::g", FALSE },
    { "1.2.3.4:22", FALSE },
    { "host:22", FALSE },
    { "abc:22", FALSE },
    { ":::::", FALSE },
    { label64, FALSE },
    { long255, FALSE },
  };

  g_assert_cmpuint (strlen (long253), ==, 253);
  g_assert_cmpuint (strlen (long255), ==, 255);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      gboolean ok = vsm_hostname_validate (cases[i].host, &error);

      g_test_message ("host “%s” → %s", cases[i].host, ok ? "valid" : "invalid");
      g_assert_cmpint (ok, ==, cases[i].valid);
      if (!ok)
        g_assert_error (error, VSM_ERROR, VSM_ERROR_INVALID_INPUT);
      else
        g_assert_no_error (error);
    }

  {
    g_autoptr(GError) error = NULL;
    g_assert_false (vsm_hostname_validate (NULL, &error));
    g_assert_error (error, VSM_ERROR, VSM_ERROR_INVALID_INPUT);
  }
}

/* Whether a path the connection names is on this computer (Attach
 * Storage reads a disk image's header only then). */
static void
test_is_local (void)
{
  g_assert_true (vsm_uri_is_local ("qemu:///system"));
  g_assert_true (vsm_uri_is_local ("qemu:///session"));
  g_assert_true (vsm_uri_is_local ("test:///work/fixture.xml"));
  g_assert_true (vsm_uri_is_local ("qemu+unix:///system"));
  g_assert_true (vsm_uri_is_local ("qemu://localhost/system"));
  g_assert_false (vsm_uri_is_local ("qemu+ssh://user@host/system"));
  g_assert_false (vsm_uri_is_local ("qemu+ssh://localhost/system"));
  g_assert_false (vsm_uri_is_local ("qemu+tls://server.example/system"));
  g_assert_false (vsm_uri_is_local (NULL));
  g_assert_false (vsm_uri_is_local ("not a uri"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/uri/validate/table", test_validate_table);
  g_test_add_func ("/uri/validate/null", test_validate_null);
  g_test_add_func ("/uri/validate/messages", test_validate_messages);
  g_test_add_func ("/uri/build-ssh", test_build_ssh);
  g_test_add_func ("/uri/title", test_title);
  g_test_add_func ("/uri/is-test", test_is_test);
  g_test_add_func ("/uri/is-local", test_is_local);
  g_test_add_func ("/uri/hostname", test_hostname);

  return g_test_run ();
}
