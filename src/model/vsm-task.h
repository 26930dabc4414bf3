/* vsm-task.h
 *
 * Copyright 2026 Virt Storage developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Completes @task with @error (taken), or with TRUE when @error is NULL:
 * the end of every boolean model operation. */
static inline void
vsm_task_return_error_or_true (GTask  *task,
                               GError *error)
{
  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

G_END_DECLS
