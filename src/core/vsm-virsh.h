/* vsm-virsh.h
 *
 * The one builder of the virsh lines the app shows next to every action
 * ("virsh -c URI pool-start NAME"). Pure: no libvirt, no GTK.
 *
 * Copyright 2026 Virt Storage developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* @arg as a shell word: unchanged when it holds only letters, digits and
 * -_./:=@+, ; single-quoted otherwise; '' for NULL or "". */
char    *vsm_virsh_quote  (const char *arg);
/* "virsh", plus " -c URI" for any @uri but NULL, "" and qemu:///system
 * (virsh's own default when run as root). */
GString *vsm_virsh_new    (const char *uri);
/* Appends " OPTION VALUE" (or " VALUE" for a NULL @option), quoted; nothing
 * when @value is NULL or "". */
void     vsm_virsh_append (GString    *cmd,
                           const char *option,
                           const char *value);
/* A whole line: vsm_virsh_new (@uri), @subcommand, then each argument
 * quoted (NULL-terminated). */
char    *vsm_virsh_line   (const char *uri,
                           const char *subcommand,
                           ...) G_GNUC_NULL_TERMINATED;

G_END_DECLS
