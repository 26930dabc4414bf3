/* vsm-describe.h
 *
 * Words for what libvirt's XML says about storage: a volume's format and
 * allocation, an encryption. The sources of pools and disks have their
 * words in the same file (vsm-describe-private.h: they read the parsed
 * XML the snapshots are made from). Pure: GLib only.
 *
 * Copyright 2026 Virt Storage developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

const char *vsm_describe_encryption      (const char *format);
const char *vsm_describe_volume_format   (const char *format);
char       *vsm_describe_allocation      (guint64     capacity,
                                          guint64     allocation);

G_END_DECLS
