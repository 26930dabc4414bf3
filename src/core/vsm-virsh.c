/* vsm-virsh.c
 *
 * Copyright 2026 Virt Storage developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdarg.h>
#include <string.h>

#include "vsm-virsh.h"

char *
vsm_virsh_quote (const char *arg)
{
  if (arg == NULL || *arg == '\0')
    return g_strdup ("''");
  for (const char *p = arg; *p; p++)
    if (!g_ascii_isalnum (*p) && strchr ("-_./:=@+,", *p) == NULL)
      return g_shell_quote (arg);
  return g_strdup (arg);
}

GString *
vsm_virsh_new (const char *uri)
{
  GString *cmd = g_string_new ("virsh");

  if (uri != NULL && *uri != '\0' && !g_str_equal (uri, "qemu:///system"))
    vsm_virsh_append (cmd, "-c", uri);
  return cmd;
}

void
vsm_virsh_append (GString    *cmd,
                  const char *option,
                  const char *value)
{
  g_autofree char *q = NULL;

  if (value == NULL || *value == '\0')
    return;
  q = vsm_virsh_quote (value);
  if (option != NULL)
    g_string_append_printf (cmd, " %s %s", option, q);
  else
    g_string_append_printf (cmd, " %s", q);
}

char *
vsm_virsh_line (const char *uri,
                const char *subcommand,
                ...)
{
  GString *cmd = vsm_virsh_new (uri);
  const char *arg;
  va_list ap;

  g_string_append_printf (cmd, " %s", subcommand);
  va_start (ap, subcommand);
  while ((arg = va_arg (ap, const char *)) != NULL)
    {
      g_autofree char *q = vsm_virsh_quote (arg);
      g_string_append_printf (cmd, " %s", q);
    }
  va_end (ap);
  return g_string_free (cmd, FALSE);
}
