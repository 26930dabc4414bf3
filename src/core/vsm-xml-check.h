/* vsm-xml-check.h
 *
 * XML typed or opened by the user, before it reaches libvirt: is it well
 * formed, does it follow libvirt's RelaxNG schema, and what changed
 * against the current definition. Pure: libxml2 and GLib only.
 *
 * Copyright 2026 Virt Storage developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The libvirt schema a document is checked against. */
typedef enum
{
  VSM_XML_SCHEMA_POOL,     /* storagepool.rng: <pool> */
  VSM_XML_SCHEMA_VOLUME,   /* storagevol.rng: <volume> */
} VsmXmlSchema;

/* One thing wrong with the XML, at its line (1-based; 0 when libxml2
 * names none). */
typedef struct
{
  int   line;
  char *message;
} VsmXmlProblem;

void          vsm_xml_problem_free     (VsmXmlProblem *problem);

/* The result of vsm_xml_check(). */
typedef struct
{
  GPtrArray *problems;        /* (element-type VsmXmlProblem): empty when valid */
  gboolean   well_formed;     /* it parsed */
  gboolean   schema_checked;  /* libvirt's schema was there and was applied */
  char      *name;            /* the root's <name>, NULL if none */
  int        name_line;       /* ... its line, 0 if none */
  char      *uuid;            /* the root's <uuid>, NULL if none */
  int        uuid_line;
  char      *type;            /* <pool type='…'>, NULL for a volume or if none */
  char      *format;          /* <target><format type='…'>, NULL if none */
  int        format_line;
} VsmXmlCheck;

void          vsm_xml_check_free       (VsmXmlCheck   *check);
const char   *vsm_xml_schema_dir       (void);
VsmXmlCheck  *vsm_xml_check            (const char    *xml,
                                        VsmXmlSchema   schema);
char         *vsm_xml_problems_text    (const VsmXmlCheck *check);
void          vsm_xml_check_add_problem (VsmXmlCheck  *check,
                                         int           line,
                                         const char   *message);

/* What is done with the XML, as virsh does it. */
typedef enum
{
  VSM_XML_DEFINE_POOL,     /* pool-define FILE: kept, inactive */
  VSM_XML_CREATE_POOL,     /* pool-create FILE: transient, started */
  VSM_XML_EDIT_POOL,       /* pool-edit POOL: a new definition */
  VSM_XML_CREATE_VOLUME,   /* vol-create POOL FILE */
} VsmXmlAction;

char         *vsm_xml_action_command   (VsmXmlAction   action,
                                        const char    *uri,
                                        const char    *pool,
                                        const char    *name,
                                        const char    *file);

/* A line-by-line comparison of @before and @after as a unified diff:
 * lines starting with ' ' (unchanged, @context lines around each
 * change), '-' (only in @before), '+' (only in @after) and "@@" hunk
 * headers. "" when they are the same. */
char         *vsm_text_diff            (const char    *before,
                                        const char    *after,
                                        guint          context);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (VsmXmlProblem, vsm_xml_problem_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VsmXmlCheck, vsm_xml_check_free)

G_END_DECLS
