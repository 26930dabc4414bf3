/* vsm-build-choices.h
 *
 * The build choices of a pool type (the type table's build_choices), one
 * row each with what it does to the storage: New Pool's options page and
 * the Build dialog of an existing pool show the same rows.
 *
 * Copyright 2026 Virt Storage developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "vsm-pool-type.h"

G_BEGIN_DECLS

#define VSM_TYPE_BUILD_CHOICES (vsm_build_choices_get_type ())
G_DECLARE_FINAL_TYPE (VsmBuildChoices, vsm_build_choices, VSM, BUILD_CHOICES, AdwPreferencesGroup)

typedef enum
{
  VSM_BUILD_CHOICES_ALL          = 0,
  VSM_BUILD_CHOICES_NO_FLAGS     = 1 << 0,  /* libvirt's test driver: neither --overwrite nor --no-overwrite */
  VSM_BUILD_CHOICES_WITHOUT_NONE = 1 << 1,  /* building is the point: no "Do not build" */
} VsmBuildChoicesFilter;

GtkWidget                *vsm_build_choices_new        (void);
/* Shows @info's choices that @filter lets through and selects @mode (or
 * the first shown when @mode is not among them). */
void                      vsm_build_choices_set_type   (VsmBuildChoices       *self,
                                                        const VsmPoolTypeInfo *info,
                                                        VsmBuildChoicesFilter  filter,
                                                        VsmBuildMode           mode);
guint                     vsm_build_choices_get_n_rows (VsmBuildChoices       *self);
/* Whether the rows can be chosen (the group's title and description stay readable). */
void                      vsm_build_choices_set_available (VsmBuildChoices    *self,
                                                           gboolean            available);
/* The selected choice; NULL when the type has none. */
const VsmPoolBuildChoice *vsm_build_choices_get_choice (VsmBuildChoices       *self);
VsmBuildMode              vsm_build_choices_get_mode   (VsmBuildChoices       *self);

G_END_DECLS
