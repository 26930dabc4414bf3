/* vsm-pool-wizard-internal.h
 *
 * The New Pool wizard is split by concern: vsm-pool-wizard.c (pages,
 * navigation, review, creating) and vsm-pool-wizard-fields.c (the source
 * and target fields: their table, widgets, device picker and errors). They
 * share the instance struct and these. (The tests' hooks are in
 * vsm-pool-wizard-private.h.)
 *
 * Copyright 2026 Virt Storage developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "vsm-build-choices.h"
#include "vsm-host.h"
#include "vsm-pool-creation.h"
#include "vsm-pool-type.h"
#include "vsm-pool-wizard.h"

G_BEGIN_DECLS

#define VSM_WIZARD_N_FIELDS 23

typedef enum
{
  KIND_ENTRY,
  KIND_PASSWORD,
  KIND_COMBO,
  KIND_SWITCH,
} FieldKind;

typedef enum
{
  PAGE_SOURCE,
  PAGE_TARGET,
} FieldPage;

typedef struct
{
  const char    *id;
  VsmPoolFields  flags;        /* shown when the type has any of these */
  FieldPage      page;
  FieldKind      kind;
  const char    *title;        /* marked for translation */
  const char    *subtitle;     /* marked likewise (switches, combos), or NULL */
} FieldDef;


typedef struct
{
  const FieldDef *def;
  GtkWidget      *row;
  GtkWidget      *sw;          /* KIND_SWITCH: the row's switch */
  GtkWidget      *error;
  char           *message;     /* current validation error, or NULL */
  gboolean        touched;     /* only explain errors once the user typed */
} Field;

/* A row of the Creating page. */
typedef struct
{
  GtkWidget  *row;
  GtkWidget  *icon;
  GtkWidget  *spinner;
} Step;

/* A row of the type page (the wizard owns its widgets through the list). */
typedef struct
{
  const VsmPoolTypeInfo *info;
  GtkWidget             *row;
  GtkCheckButton        *check;
} TypeRow;

struct _VsmPoolWizard
{
  AdwWindow              parent_instance;

  VsmHost               *host;
  GCancellable          *cancellable;
  const VsmPoolTypeInfo *type;
  GHashTable            *supported;     /* from pool capabilities, NULL = all */
  GHashTable            *existing;      /* pool names */
  Field                  fields[VSM_WIZARD_N_FIELDS];
  GArray                *type_rows;     /* TypeRow per wizard type */
  char                  *name_message;
  gboolean               name_touched;

  /* create sequence (the model runs it: VsmPoolCreation) */
  VsmPoolSpec           *spec;
  VsmPoolCreation       *creation;
  Step                   steps[VSM_CREATE_N_STEPS];

  AdwWindowTitle        *window_title;
  GtkButton             *back_button;
  GtkButton             *cancel_button;
  GtkButton             *next_button;
  GtkButton             *create_button;
  GtkStack              *stack;
  AdwEntryRow           *name_row;
  GtkLabel              *name_error;
  GtkListBox            *type_list;
  AdwPreferencesGroup   *source_group;
  AdwPreferencesGroup   *scan_group;
  GtkListBox            *scan_list;
  GPtrArray             *scan_sources;  /* scan_list row position → VsmPoolSource */
  GtkSpinner            *scan_spinner;
  AdwPreferencesGroup   *target_group;
  GtkSwitch             *persistent_switch;
  VsmBuildChoices       *build_group;
  GtkLabel              *build_label;
  GtkSwitch             *start_switch;
  AdwActionRow          *autostart_row;
  GtkSwitch             *autostart_switch;
  GtkBox                *commands_slot;
  GtkLabel              *xml_label;
  GtkLabel              *review_warning;
  GtkListBox            *steps_list;
  AdwStatusPage         *error_page;
  GtkLabel              *error_label;
  GtkButton             *remove_button;
};

void        _vsm_wizard_update            (VsmPoolWizard *self);
/* the field @id (from the field table) */
Field      *_vsm_wizard_field             (VsmPoolWizard *self,
                                           const char    *id);
gboolean    _vsm_wizard_field_visible     (VsmPoolWizard *self,
                                           const char    *id);
/* its text, trimmed; NULL when hidden or empty */
const char *_vsm_wizard_field_text        (VsmPoolWizard *self,
                                           const char    *id);
gboolean    _vsm_wizard_field_switch      (VsmPoolWizard *self,
                                           const char    *id);
void        _vsm_wizard_set_field_error   (Field         *f,
                                           const char    *message,
                                           const char    *warning);
void        _vsm_wizard_field_changed_cb  (GtkWidget     *widget,
                                           Field         *f);
/* validates every shown field and the name, setting their errors */
void        _vsm_wizard_validate_fields   (VsmPoolWizard *self);
/* wizard.scan: asks libvirt for the sources of the host */
void        _vsm_wizard_scan_action       (GtkWidget     *widget,
                                           const char    *action_name,
                                           GVariant      *param);
/* a discovered source's row: fills the source fields from it */
void        _vsm_wizard_source_activated_cb (GtkListBox    *list,
                                             GtkListBoxRow *row,
                                             VsmPoolWizard *self);
/* creates the rows of every field in their pages' groups */
void        _vsm_wizard_build_fields      (VsmPoolWizard *self);

G_END_DECLS
