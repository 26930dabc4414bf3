/* test-virsh.c: the one virsh line builder (src/core/vsm-virsh.c)
 *
 * Copyright 2026 Virt Storage developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib.h>

#include "vsm-virsh.h"

static void
test_quote (void)
{
  const struct { const char *in, *out; } cases[] = {
    { NULL, "''" },
    { "", "''" },
    { "images", "images" },
    { "/var/lib/libvirt/images/disk1.qcow2", "/var/lib/libvirt/images/disk1.qcow2" },
    { "iqn.2024-01.io.github:tgt,1", "iqn.2024-01.io.github:tgt,1" },
    { "user@host=x+y", "user@host=x+y" },
    { "a b", "'a b'" },
    { "x;rm -rf /", "'x;rm -rf /'" },
    { "it's", "'it'\\''s'" },
    { "$HOME", "'$HOME'" },
    { "qemu:///system?socket=/run/x", "'qemu:///system?socket=/run/x'" },
    { "ñandú", "'ñandú'" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *q = vsm_virsh_quote (cases[i].in);
      g_assert_cmpstr (q, ==, cases[i].out);
    }
}

static void
test_prefix (void)
{
  const struct { const char *uri, *out; } cases[] = {
    { NULL, "virsh" },
    { "", "virsh" },
    { "qemu:///system", "virsh" },
    { "qemu:///session", "virsh -c qemu:///session" },
    { "test:///default", "virsh -c test:///default" },
    { "qemu+ssh://root@host/system?keyfile=/k&no_verify=1", "virsh -c 'qemu+ssh://root@host/system?keyfile=/k&no_verify=1'" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GString) cmd = vsm_virsh_new (cases[i].uri);
      g_assert_cmpstr (cmd->str, ==, cases[i].out);
    }
}

static void
test_append_and_line (void)
{
  g_autoptr(GString) cmd = vsm_virsh_new ("qemu:///session");
  g_autofree char *line = NULL;
  g_autofree char *line2 = NULL;

  g_string_append (cmd, " pool-define-as");
  vsm_virsh_append (cmd, NULL, "my pool");
  vsm_virsh_append (cmd, "--type", "dir");
  vsm_virsh_append (cmd, "--source-host", NULL);   /* nothing */
  vsm_virsh_append (cmd, "--source-dev", "");      /* nothing */
  vsm_virsh_append (cmd, "--target", "/srv/a b");
  g_assert_cmpstr (cmd->str, ==, "virsh -c qemu:///session pool-define-as 'my pool' --type dir --target '/srv/a b'");

  line = vsm_virsh_line ("qemu:///system", "pool-destroy", "images", NULL);
  g_assert_cmpstr (line, ==, "virsh pool-destroy images");
  line2 = vsm_virsh_line ("test:///default", "vol-delete", "--pool", "x;y", "a'b", NULL);
  g_assert_cmpstr (line2, ==, "virsh -c test:///default vol-delete --pool 'x;y' 'a'\\''b'");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/virsh/quote", test_quote);
  g_test_add_func ("/virsh/prefix", test_prefix);
  g_test_add_func ("/virsh/append-and-line", test_append_and_line);
  return g_test_run ();
}
