/* vsm-validate.h
 *
 * Copyright 2026 Virt Storage developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

gboolean vsm_pool_name_validate        (const char  *name,
                                        GHashTable  *existing,
                                        GError     **error);
gboolean vsm_absolute_path_validate    (const char  *path,
                                        GError     **error);
gboolean vsm_port_validate             (const char  *text,
                                        guint       *port,
                                        GError     **error);
gboolean vsm_split_host_port           (const char  *text,
                                        char       **host,
                                        char       **port);
gboolean vsm_host_port_validate        (const char  *text,
                                        GError     **error);
gboolean vsm_iqn_validate              (const char  *iqn,
                                        GError     **error);
gboolean vsm_iscsi_target_validate     (const char  *name,
                                        GError     **error);
char    *vsm_iscsi_target_warning      (const char  *name);
gboolean vsm_wwn_validate              (const char  *wwn,
                                        GError     **error);
gboolean vsm_pool_source_name_validate (const char  *pool_type,
                                        const char  *name,
                                        GError     **error);
/* non-empty UTF-8 without control characters, else @empty_message */
gboolean vsm_text_validate             (const char  *text,
                                        const char  *empty_message,
                                        GError     **error);
gboolean vsm_vg_name_validate          (const char  *name,
                                        GError     **error);
/* a numeric uid or gid, or -1 */
gboolean vsm_id_validate               (const char  *id,
                                        GError     **error);
gboolean vsm_str_is_digits             (const char  *s);
gboolean vsm_str_has_control_chars     (const char  *s);
/* sets a VSM_ERROR_INVALID_INPUT error; returns FALSE */
gboolean vsm_invalid_input             (GError     **error,
                                        const char  *message);

G_END_DECLS
