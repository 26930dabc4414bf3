/* vsm-ssh-prompt.h
 *
 * Copyright 2026 Virt Storage developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "vsm-ask.h"

G_BEGIN_DECLS

#define VSM_TYPE_SSH_PROMPT (vsm_ssh_prompt_get_type ())
G_DECLARE_FINAL_TYPE (VsmSshPrompt, vsm_ssh_prompt, VSM, SSH_PROMPT, AdwMessageDialog)

GtkWidget  *vsm_ssh_prompt_new       (GtkWindow    *parent,
                                      VsmAsk       *ask);
VsmAsk     *vsm_ssh_prompt_get_ask   (VsmSshPrompt *self);

G_END_DECLS
