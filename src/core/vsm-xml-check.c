/* vsm-xml-check.c
 *
 * Checks XML the user typed, pasted or opened (New Pool from XML, Edit
 * XML, New Volume from XML) the way libvirt will read it: well formed,
 * the right root element, valid against libvirt's own RelaxNG schema —
 * every problem with its line, before anything reaches libvirt. And the
 * diff against the current definition that the review shows.
 *
 * Copyright 2026 Virt Storage developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vsm-xml-check"

#include "config.h"

#include <glib/gi18n.h>
#include <libxml/parser.h>
#include <libxml/relaxng.h>
#include <string.h>

#include "vsm-virsh.h"
#include "vsm-xml-check.h"
#include "vsm-xml-private.h"

static const struct
{
  const char *file;
  const char *root;
} schemas[] = {
  [VSM_XML_SCHEMA_POOL] = { "storagepool.rng", "pool" },
  [VSM_XML_SCHEMA_VOLUME] = { "storagevol.rng", "volume" },
};

void
vsm_xml_problem_free (VsmXmlProblem *problem)
{
  if (problem == NULL)
    return;
  g_free (problem->message);
  g_free (problem);
}

void
vsm_xml_check_free (VsmXmlCheck *check)
{
  if (check == NULL)
    return;
  g_ptr_array_unref (check->problems);
  g_free (check->name);
  g_free (check->uuid);
  g_free (check->type);
  g_free (check->format);
  g_free (check);
}

/**
 * vsm_xml_schema_dir:
 *
 * Where libvirt's RelaxNG schemas are: $VSM_LIBVIRT_SCHEMA_DIR when set
 * (tests, a relocated libvirt), else the directory of the libvirt the app
 * was built against.
 */
const char *
vsm_xml_schema_dir (void)
{
  const char *env = g_getenv ("VSM_LIBVIRT_SCHEMA_DIR");

  return env != NULL && *env ? env : VSM_LIBVIRT_SCHEMA_DIR;
}

static void
add_problem (GPtrArray  *problems,
             int         line,
             const char *message)
{
  g_autofree char *text = g_strstrip (g_strdup (message != NULL ? message : ""));
  VsmXmlProblem *p;

  /* libxml2 repeats itself on nested failures */
  for (guint i = 0; i < problems->len; i++)
    {
      VsmXmlProblem *q = g_ptr_array_index (problems, i);
      if (q->line == line && g_str_equal (q->message, text))
        return;
    }
  p = g_new0 (VsmXmlProblem, 1);
  p->line = line;
  p->message = g_steal_pointer (&text);
  g_ptr_array_add (problems, p);
}

/* The first element named @name in document order under @node. */
static xmlNodePtr
find_element (xmlNodePtr  node,
              const char *name)
{
  for (xmlNodePtr c = node; c != NULL; c = c->next)
    {
      xmlNodePtr found;

      if (c->type != XML_ELEMENT_NODE)
        continue;
      if (g_str_equal ((const char *) c->name, name))
        return c;
      if ((found = find_element (c->children, name)) != NULL)
        return found;
    }
  return NULL;
}

typedef struct
{
  GPtrArray *problems;
  xmlDocPtr  doc;
} Collect;

/* RelaxNG names no line for some errors ("Extra element capacity in
 * interleave"): the line of the node it names, else of the first element
 * of the name its words give. */
static void
collect_error (void           *data,
               const xmlError *error)
{
  Collect *c = data;
  int line = error->line;

  if (line <= 0 && error->node != NULL && ((xmlNodePtr) error->node)->type == XML_ELEMENT_NODE)
    line = (int) xmlGetLineNo (error->node);
  if (line <= 0 && error->message != NULL)
    {
      g_autoptr(GRegex) re = g_regex_new ("[Ee]lement ([A-Za-z_][-A-Za-z0-9_.]*)", 0, 0, NULL);
      g_autoptr(GMatchInfo) match = NULL;

      if (g_regex_match (re, error->message, 0, &match))
        {
          g_autofree char *name = g_match_info_fetch (match, 1);
          xmlNodePtr node = find_element (xmlDocGetRootElement (c->doc), name);

          if (node != NULL)
            line = (int) xmlGetLineNo (node);
        }
    }
  add_problem (c->problems, line, error->message);
}

static void
collect_first_error (void           *problems,
                     const xmlError *error)
{
  if (((GPtrArray *) problems)->len == 0 && error->level >= XML_ERR_ERROR)
    add_problem (problems, error->line, error->message);
}

/* The compiled schemas, made once; libxml2's RelaxNG validation is used
 * by one thread at a time. */
static GMutex schema_lock;
static xmlRelaxNGPtr compiled[G_N_ELEMENTS (schemas)];
static gboolean tried[G_N_ELEMENTS (schemas)];

static xmlRelaxNGPtr
load_schema (VsmXmlSchema schema)
{
  if (!tried[schema])
    {
      g_autofree char *path = g_build_filename (vsm_xml_schema_dir (), schemas[schema].file, NULL);

      tried[schema] = TRUE;
      if (g_file_test (path, G_FILE_TEST_IS_REGULAR))
        {
          xmlRelaxNGParserCtxtPtr pctxt = xmlRelaxNGNewParserCtxt (path);

          compiled[schema] = xmlRelaxNGParse (pctxt);
          xmlRelaxNGFreeParserCtxt (pctxt);
        }
      if (compiled[schema] == NULL)
        g_debug ("%s: not found or not usable; only well-formedness is checked", path);
    }
  return compiled[schema];
}

static void
validate (VsmXmlCheck  *check,
          xmlDocPtr     doc,
          VsmXmlSchema  schema)
{
  xmlRelaxNGPtr rng;

  g_mutex_lock (&schema_lock);
  rng = load_schema (schema);
  if (rng != NULL)
    {
      xmlRelaxNGValidCtxtPtr vctxt = xmlRelaxNGNewValidCtxt (rng);
      int rc;

      Collect c = { check->problems, doc };

      xmlRelaxNGSetValidStructuredErrors (vctxt, (xmlStructuredErrorFunc) collect_error, &c);
      rc = xmlRelaxNGValidateDoc (vctxt, doc);
      xmlRelaxNGFreeValidCtxt (vctxt);
      check->schema_checked = TRUE;
      if (rc != 0 && check->problems->len == 0)
        add_problem (check->problems, 0, _("The XML does not follow libvirt’s schema"));
    }
  g_mutex_unlock (&schema_lock);
}

/**
 * vsm_xml_check:
 * @xml: the text as typed
 * @schema: what it must be
 *
 * Returns: (transfer full): what is wrong with @xml (no problems: libvirt
 *   can read it) and the name, UUID and type it gives
 */
VsmXmlCheck *
vsm_xml_check (const char   *xml,
               VsmXmlSchema  schema)
{
  VsmXmlCheck *check = g_new0 (VsmXmlCheck, 1);
  xmlParserCtxtPtr ctxt;
  xmlDocPtr doc = NULL;
  xmlNodePtr root;
  gsize len = xml != NULL ? strlen (xml) : 0;

  g_return_val_if_fail (schema < G_N_ELEMENTS (schemas), check);

  check->problems = g_ptr_array_new_with_free_func ((GDestroyNotify) vsm_xml_problem_free);
  if (len == 0 || strspn (xml, " \t\r\n") == len)
    {
      add_problem (check->problems, 0, _("The XML is empty"));
      return check;
    }
  if (len > G_MAXINT)
    {
      add_problem (check->problems, 0, _("The XML is too large"));
      return check;
    }

  /* libxml2 goes on after the first error and reports where it gave up
   * last; the first one is where the text went wrong. The handler is
   * libxml2's per-thread one. */
  ctxt = xmlNewParserCtxt ();
  if (ctxt != NULL)
    {
      xmlSetStructuredErrorFunc (check->problems, (xmlStructuredErrorFunc) collect_first_error);
      doc = xmlCtxtReadMemory (ctxt, xml, (int) len, NULL, NULL,
                               XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING | XML_PARSE_BIG_LINES);
      xmlSetStructuredErrorFunc (NULL, NULL);
    }
  if (doc == NULL)
    {
      if (check->problems->len == 0)
        add_problem (check->problems, 0, _("The XML is not well formed"));
      if (ctxt != NULL)
        xmlFreeParserCtxt (ctxt);
      return check;
    }
  /* a document that parsed: only warnings were reported */
  g_ptr_array_set_size (check->problems, 0);
  xmlFreeParserCtxt (ctxt);
  check->well_formed = TRUE;

  root = xmlDocGetRootElement (doc);
  if (root == NULL || !_vsm_xml_is_element (root, schemas[schema].root))
    {
      add_problem (check->problems, root != NULL ? (int) xmlGetLineNo (root) : 0,
                   schema == VSM_XML_SCHEMA_POOL
                   ? _("A pool’s XML starts with <pool type='…'>")
                   : _("A volume’s XML starts with <volume>"));
      xmlFreeDoc (doc);
      return check;
    }
  {
    xmlNodePtr name = _vsm_xml_child (root, "name");
    xmlNodePtr uuid = _vsm_xml_child (root, "uuid");

    check->name = _vsm_xml_text_nonempty (name);
    check->name_line = name != NULL ? (int) xmlGetLineNo (name) : 0;
    check->uuid = _vsm_xml_text_nonempty (uuid);
    check->uuid_line = uuid != NULL ? (int) xmlGetLineNo (uuid) : 0;
  }
  if (schema == VSM_XML_SCHEMA_POOL)
    check->type = _vsm_xml_prop (root, "type");
  {
    xmlNodePtr format = _vsm_xml_child (_vsm_xml_child (root, "target"), "format");

    check->format = format != NULL ? _vsm_xml_prop (format, "type") : NULL;
    check->format_line = format != NULL ? (int) xmlGetLineNo (format) : 0;
  }
  if (check->name != NULL)
    g_strstrip (check->name);
  if (check->uuid != NULL)
    g_strstrip (check->uuid);

  validate (check, doc, schema);
  xmlFreeDoc (doc);
  return check;
}

/**
 * vsm_xml_check_add_problem:
 *
 * Adds what a caller knows beyond the schema (e.g. "a pool of that name
 * exists"), at @line.
 */
void
vsm_xml_check_add_problem (VsmXmlCheck *check,
                           int          line,
                           const char  *message)
{
  add_problem (check->problems, line, message);
}

/**
 * vsm_xml_problems_text:
 *
 * Returns: (transfer full): one problem per line, "Line N: message"
 */
char *
vsm_xml_problems_text (const VsmXmlCheck *check)
{
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; i < check->problems->len; i++)
    {
      const VsmXmlProblem *p = g_ptr_array_index (check->problems, i);

      if (text->len > 0)
        g_string_append_c (text, '\n');
      if (p->line > 0)
        /* Translators: a problem in the XML; %d is its line, %s libxml2's words */
        g_string_append_printf (text, _("Line %d: %s"), p->line, p->message);
      else
        g_string_append (text, p->message);
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

/**
 * vsm_xml_action_command:
 * @uri: (nullable): the connection
 * @pool: the pool edited, or the volume's pool
 * @name: the <name> the XML gives (the file's name when @file is %NULL)
 * @file: (nullable): the file the XML came from, unchanged since; %NULL
 *   for XML written or changed in the app
 *
 * The virsh lines doing @action; XML not in a file is named NAME.xml, with
 * a comment line saying so.
 *
 * Returns: (transfer full): the lines
 */
char *
vsm_xml_action_command (VsmXmlAction  action,
                        const char   *uri,
                        const char   *pool,
                        const char   *name,
                        const char   *file)
{
  static const char *const subcommands[] = {
    [VSM_XML_DEFINE_POOL] = "pool-define", [VSM_XML_CREATE_POOL] = "pool-create",
    [VSM_XML_EDIT_POOL] = "pool-edit", [VSM_XML_CREATE_VOLUME] = "vol-create",
  };
  g_autoptr(GString) out = g_string_new (NULL);
  g_autofree char *named = NULL;
  g_autofree char *line = NULL;

  g_return_val_if_fail (action < G_N_ELEMENTS (subcommands), NULL);

  if (action == VSM_XML_EDIT_POOL)
    {
      g_autofree char *dump = vsm_virsh_line (uri, "pool-dumpxml --inactive", pool, NULL);
      g_autofree char *quoted = NULL;
      g_autofree char *define = NULL;

      named = g_strconcat (pool != NULL ? pool : "pool", ".xml", NULL);
      quoted = vsm_virsh_quote (named);
      define = vsm_virsh_line (uri, "pool-define", named, NULL);
      line = vsm_virsh_line (uri, "pool-edit", pool, NULL);
      /* Translators: the virsh lines that do what pool-edit does without an editor */
      g_string_append_printf (out, "%s\n# %s\n%s > %s\n%s", line, _("or, in steps: save, edit, define"),
                              dump, quoted, define);
      return g_string_free (g_steal_pointer (&out), FALSE);
    }
  if (file == NULL)
    {
      named = g_strconcat (name != NULL && *name ? name : "definition", ".xml", NULL);
      /* Translators: a comment above a virsh line; %s is a file name like "iso.xml" */
      g_string_append_printf (out, _("# save the XML from the editor as %s"), named);
      g_string_append_c (out, '\n');
    }
  if (action == VSM_XML_CREATE_VOLUME)
    line = vsm_virsh_line (uri, subcommands[action], pool, file != NULL ? file : named, NULL);
  else
    line = vsm_virsh_line (uri, subcommands[action], file != NULL ? file : named, NULL);
  g_string_append (out, line);
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* ------------------------------------------------------------------ */
/* Diff                                                                */

/* Lines of @text without their ends; a last line without "\n" counts. */
static GStrv
split_lines (const char *text)
{
  GStrv lines = g_strsplit (text != NULL ? text : "", "\n", -1);
  guint n = g_strv_length (lines);

  if (n > 0 && *lines[n - 1] == '\0')
    {
      g_free (lines[n - 1]);
      lines[n - 1] = NULL;
    }
  return lines;
}

typedef enum { SAME = ' ', GONE = '-', ADDED = '+' } Op;

typedef struct
{
  Op    op;
  guint a;   /* 1-based line in before (SAME, GONE) */
  guint b;   /* 1-based line in after (SAME, ADDED) */
  const char *text;
} Edit;

/* The edits turning @a into @b: longest common subsequence of lines.
 * Definitions are small; beyond a few thousand lines each side, every
 * line counts as changed. */
static GArray *
edits_of (GStrv a,
          guint na,
          GStrv b,
          guint nb)
{
  GArray *edits = g_array_new (FALSE, FALSE, sizeof (Edit));
  guint i = 0, j = 0;

  /* definitions are small; beyond that every line counts as changed */
  if ((guint64) (na + 1) * (nb + 1) <= 1024 * 1024)
    {
      /* lcs[i][j]: the longest common run of a[i..] and b[j..] */
      guint32 *lcs = g_new0 (guint32, (gsize) (na + 1) * (nb + 1));
#define L(x, y) lcs[(gsize) (x) * (nb + 1) + (y)]
      for (guint x = na; x-- > 0;)
        for (guint y = nb; y-- > 0;)
          L (x, y) = g_str_equal (a[x], b[y]) ? L (x + 1, y + 1) + 1 : MAX (L (x + 1, y), L (x, y + 1));
      while (i < na && j < nb)
        {
          if (g_str_equal (a[i], b[j]))
            {
              g_array_append_val (edits, ((Edit) { SAME, i + 1, j + 1, a[i] }));
              i++, j++;
            }
          else if (L (i + 1, j) >= L (i, j + 1))
            {
              g_array_append_val (edits, ((Edit) { GONE, i + 1, j, a[i] }));
              i++;
            }
          else
            {
              g_array_append_val (edits, ((Edit) { ADDED, i, j + 1, b[j] }));
              j++;
            }
        }
#undef L
      g_free (lcs);
    }
  for (; i < na; i++)
    g_array_append_val (edits, ((Edit) { GONE, i + 1, j, a[i] }));
  for (; j < nb; j++)
    g_array_append_val (edits, ((Edit) { ADDED, i, j + 1, b[j] }));
  return edits;
}

char *
vsm_text_diff (const char *before,
               const char *after,
               guint       context)
{
  g_auto(GStrv) a = split_lines (before);
  g_auto(GStrv) b = split_lines (after);
  g_autoptr(GArray) edits = edits_of (a, g_strv_length (a), b, g_strv_length (b));
  g_autoptr(GString) out = g_string_new (NULL);
  guint n = edits->len;
  guint k = 0;

  while (k < n)
    {
      guint first_change, start, end, last_change;
      guint a_start, b_start, a_count = 0, b_count = 0;

      /* the next change */
      while (k < n && g_array_index (edits, Edit, k).op == SAME)
        k++;
      if (k == n)
        break;
      first_change = k;
      /* the hunk runs until more than 2×context unchanged lines follow */
      last_change = k;
      for (guint m = k; m < n; m++)
        {
          if (g_array_index (edits, Edit, m).op != SAME)
            last_change = m;
          else if (m - last_change > 2 * context)
            break;
        }
      start = first_change > context ? first_change - context : 0;
      end = MIN (n, last_change + context + 1);

      a_start = b_start = 0;
      for (guint m = start; m < end; m++)
        {
          const Edit *e = &g_array_index (edits, Edit, m);

          if (e->op != ADDED)
            {
              if (a_count++ == 0)
                a_start = e->a;
            }
          if (e->op != GONE)
            {
              if (b_count++ == 0)
                b_start = e->b;
            }
        }
      if (a_count == 0)
        a_start = g_array_index (edits, Edit, start).a;
      if (b_count == 0)
        b_start = g_array_index (edits, Edit, start).b;
      g_string_append_printf (out, "@@ -%u,%u +%u,%u @@\n", a_start, a_count, b_start, b_count);
      for (guint m = start; m < end; m++)
        {
          const Edit *e = &g_array_index (edits, Edit, m);
          g_string_append_printf (out, "%c%s\n", (char) e->op, e->text);
        }
      k = end;
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}
