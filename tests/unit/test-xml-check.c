/* test-xml-check.c: XML from the user checked against libvirt's schemas
 * with line numbers, and the diff the review shows
 * (src/core/vsm-xml-check.c)
 *
 * Copyright 2026 Virt Storage developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib.h>
#include <string.h>

#include "vsm-xml-check.h"

static const VsmXmlProblem *
problem (const VsmXmlCheck *check,
         guint              i)
{
  g_assert_cmpuint (i, <, check->problems->len);
  return g_ptr_array_index (check->problems, i);
}

/* Some problem is on @line and its words hold @needle. */
static void
assert_problem_at (const VsmXmlCheck *check,
                   int                line,
                   const char        *needle)
{
  for (guint i = 0; i < check->problems->len; i++)
    if (problem (check, i)->line == line && strstr (problem (check, i)->message, needle) != NULL)
      return;
  g_error ("no problem on line %d about “%s” in:\n%s", line, needle, vsm_xml_problems_text (check));
}

static void
test_valid_pool (void)
{
  const char *xml =
    "<pool type='dir'>\n"
    "  <name>iso</name>\n"
    "  <uuid>8a9a6a54-2c6f-4a4e-9d27-0d7f3b1c5e11</uuid>\n"
    "  <target>\n"
    "    <path>/var/lib/libvirt/iso</path>\n"
    "  </target>\n"
    "</pool>\n";
  g_autoptr(VsmXmlCheck) check = vsm_xml_check (xml, VSM_XML_SCHEMA_POOL);

  g_assert_cmpuint (check->problems->len, ==, 0);
  g_assert_true (check->well_formed);
  g_assert_true (check->schema_checked);
  g_assert_cmpstr (check->name, ==, "iso");
  g_assert_cmpstr (check->uuid, ==, "8a9a6a54-2c6f-4a4e-9d27-0d7f3b1c5e11");
  g_assert_cmpstr (check->type, ==, "dir");
}

/* The course's iSCSI pool, the netfs pool and a logical one: what users
 * paste from their notes. */
static void
test_course_pools (void)
{
  const char *pools[] = {
    "<pool type='iscsi'><name>demo</name><source><host name='192.168.1.10'/>"
    "<device path='demo-target'/></source><target><path>/dev/disk/by-path</path></target></pool>",
    "<pool type='netfs'><name>nfs</name><source><host name='nas'/><dir path='/export'/>"
    "<format type='nfs'/></source><target><path>/mnt/nfs</path></target></pool>",
    "<pool type='logical'><name>vg0</name><source><device path='/dev/sdb1'/><name>vg0</name>"
    "<format type='lvm2'/></source><target><path>/dev/vg0</path></target></pool>",
  };

  for (guint i = 0; i < G_N_ELEMENTS (pools); i++)
    {
      g_autoptr(VsmXmlCheck) check = vsm_xml_check (pools[i], VSM_XML_SCHEMA_POOL);
      g_autofree char *text = vsm_xml_problems_text (check);

      g_assert_cmpstr (text, ==, "");
      g_assert_true (check->schema_checked);
    }
}

static void
test_not_well_formed (void)
{
  const char *xml =
    "<pool type='dir'>\n"
    "  <name>iso</name>\n"
    "  <target><path>/var/lib/libvirt/iso</target>\n"
    "</pool>\n";
  g_autoptr(VsmXmlCheck) check = vsm_xml_check (xml, VSM_XML_SCHEMA_POOL);
  g_autofree char *text = vsm_xml_problems_text (check);

  g_test_message ("%s", text);
  g_assert_false (check->well_formed);
  g_assert_false (check->schema_checked);
  g_assert_cmpuint (check->problems->len, ==, 1);
  /* the mismatched end tag, where libxml2 stops */
  g_assert_cmpint (problem (check, 0)->line, ==, 3);
  g_assert_true (g_str_has_prefix (text, "Line 3: "));
  g_assert_null (check->name);
}

static void
test_schema_errors_have_lines (void)
{
  const char *xml =
    "<pool type='dir'>\n"
    "  <name>iso</name>\n"
    "  <target>\n"
    "    <path>/var/lib/libvirt/iso</path>\n"
    "    <colour>blue</colour>\n"
    "  </target>\n"
    "</pool>\n";
  const char *bad_type = "<pool type='floppy'>\n<name>x</name>\n</pool>\n";
  const char *bad_capacity =
    "<volume>\n"
    "  <name>a.qcow2</name>\n"
    "  <capacity unit='lots'>10</capacity>\n"
    "</volume>\n";
  g_autoptr(VsmXmlCheck) check = vsm_xml_check (xml, VSM_XML_SCHEMA_POOL);
  g_autoptr(VsmXmlCheck) type = vsm_xml_check (bad_type, VSM_XML_SCHEMA_POOL);
  g_autoptr(VsmXmlCheck) vol = vsm_xml_check (bad_capacity, VSM_XML_SCHEMA_VOLUME);

  g_assert_true (check->well_formed);
  g_assert_true (check->schema_checked);
  g_assert_cmpuint (check->problems->len, >, 0);
  assert_problem_at (check, 5, "colour");
  g_assert_cmpstr (check->name, ==, "iso");

  g_assert_cmpuint (type->problems->len, >, 0);
  assert_problem_at (type, 1, "pool");

  g_assert_cmpuint (vol->problems->len, >, 0);
  assert_problem_at (vol, 3, "capacity");
}

static void
test_wrong_root (void)
{
  g_autoptr(VsmXmlCheck) vol = vsm_xml_check ("<volume><name>a</name><capacity>1</capacity></volume>",
                                              VSM_XML_SCHEMA_POOL);
  g_autoptr(VsmXmlCheck) pool = vsm_xml_check ("\n<pool type='dir'><name>a</name></pool>",
                                               VSM_XML_SCHEMA_VOLUME);
  g_autoptr(VsmXmlCheck) good = vsm_xml_check ("<volume><name>a.raw</name><capacity unit='G'>1</capacity>"
                                               "<target><format type='raw'/></target></volume>",
                                               VSM_XML_SCHEMA_VOLUME);

  g_assert_cmpuint (vol->problems->len, ==, 1);
  g_assert_cmpstr (problem (vol, 0)->message, ==, "A pool’s XML starts with <pool type='…'>");
  g_assert_cmpint (problem (vol, 0)->line, ==, 1);
  g_assert_cmpuint (pool->problems->len, ==, 1);
  g_assert_cmpstr (problem (pool, 0)->message, ==, "A volume’s XML starts with <volume>");
  g_assert_cmpint (problem (pool, 0)->line, ==, 2);
  g_assert_cmpuint (good->problems->len, ==, 0);
  g_assert_cmpstr (good->name, ==, "a.raw");
  g_assert_cmpstr (good->format, ==, "raw");
  g_assert_cmpint (good->format_line, ==, 1);
  g_assert_null (good->type);
}

static void
test_empty (void)
{
  const char *inputs[] = { NULL, "", "  \n\t\n" };

  for (guint i = 0; i < G_N_ELEMENTS (inputs); i++)
    {
      g_autoptr(VsmXmlCheck) check = vsm_xml_check (inputs[i], VSM_XML_SCHEMA_POOL);

      g_assert_cmpuint (check->problems->len, ==, 1);
      g_assert_cmpstr (problem (check, 0)->message, ==, "The XML is empty");
      g_assert_cmpint (problem (check, 0)->line, ==, 0);
    }
}

/* Without libvirt's schemas (a relocated or stripped install) the XML is
 * still checked for well-formedness and its root, and says the schema
 * was not applied. */
static void
test_without_schemas (void)
{
  if (g_test_subprocess ())
    {
      g_autoptr(VsmXmlCheck) bad = NULL;
      g_autoptr(VsmXmlCheck) odd = NULL;

      g_setenv ("VSM_LIBVIRT_SCHEMA_DIR", "/nonexistent/schemas", TRUE);
      g_assert_cmpstr (vsm_xml_schema_dir (), ==, "/nonexistent/schemas");
      odd = vsm_xml_check ("<pool type='dir'><name>x</name><colour/></pool>", VSM_XML_SCHEMA_POOL);
      g_assert_true (odd->well_formed);
      g_assert_false (odd->schema_checked);
      g_assert_cmpuint (odd->problems->len, ==, 0);
      bad = vsm_xml_check ("<pool type='dir'>", VSM_XML_SCHEMA_POOL);
      g_assert_false (bad->well_formed);
      g_assert_cmpuint (bad->problems->len, ==, 1);
      return;
    }
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
}

static void
test_diff (void)
{
  const char *before = "<pool type='dir'>\n  <name>iso</name>\n  <target>\n    <path>/a</path>\n"
                       "    <permissions>\n      <mode>0755</mode>\n    </permissions>\n  </target>\n</pool>\n";
  const char *after = "<pool type='dir'>\n  <name>iso</name>\n  <target>\n    <path>/b</path>\n"
                      "    <permissions>\n      <mode>0755</mode>\n    </permissions>\n  </target>\n</pool>\n";
  g_autofree char *same = vsm_text_diff (before, before, 3);
  g_autofree char *one = vsm_text_diff (before, after, 1);
  g_autofree char *added = vsm_text_diff ("a\nb\n", "a\nb\nc\n", 3);
  g_autofree char *removed = vsm_text_diff ("a\nb\nc", "b\nc", 0);
  g_autofree char *from_nothing = vsm_text_diff ("", "x\ny\n", 3);

  g_assert_cmpstr (same, ==, "");
  g_assert_cmpstr (one, ==,
                   "@@ -3,3 +3,3 @@\n"
                   "   <target>\n"
                   "-    <path>/a</path>\n"
                   "+    <path>/b</path>\n"
                   "     <permissions>\n");
  g_assert_cmpstr (added, ==, "@@ -1,2 +1,3 @@\n a\n b\n+c\n");
  g_assert_cmpstr (removed, ==, "@@ -1,1 +0,0 @@\n-a\n");
  g_assert_cmpstr (from_nothing, ==, "@@ -0,0 +1,2 @@\n+x\n+y\n");
}

/* Two changes far apart are two hunks; close ones are one. */
static void
test_diff_hunks (void)
{
  g_autoptr(GString) a = g_string_new (NULL);
  g_autoptr(GString) b = g_string_new (NULL);
  g_autofree char *diff = NULL;
  g_auto(GStrv) lines = NULL;
  guint hunks = 0, minus = 0, plus = 0;

  for (guint i = 1; i <= 40; i++)
    {
      g_string_append_printf (a, "line %u\n", i);
      g_string_append_printf (b, "line %u%s\n", i, i == 5 || i == 7 || i == 30 ? " changed" : "");
    }
  diff = vsm_text_diff (a->str, b->str, 3);
  lines = g_strsplit (diff, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      hunks += g_str_has_prefix (lines[i], "@@");
      minus += lines[i][0] == '-';
      plus += lines[i][0] == '+';
    }
  g_test_message ("%s", diff);
  g_assert_cmpuint (hunks, ==, 2);
  g_assert_cmpuint (minus, ==, 3);
  g_assert_cmpuint (plus, ==, 3);
  g_assert_true (g_str_has_prefix (diff, "@@ -2,9 +2,9 @@\n line 2\n"));
  g_assert_nonnull (strstr (diff, "@@ -27,7 +27,7 @@\n line 27\n"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/xml-check/valid-pool", test_valid_pool);
  g_test_add_func ("/xml-check/course-pools", test_course_pools);
  g_test_add_func ("/xml-check/not-well-formed", test_not_well_formed);
  g_test_add_func ("/xml-check/schema-errors-have-lines", test_schema_errors_have_lines);
  g_test_add_func ("/xml-check/wrong-root", test_wrong_root);
  g_test_add_func ("/xml-check/empty", test_empty);
  g_test_add_func ("/xml-check/without-schemas", test_without_schemas);
  g_test_add_func ("/xml-check/diff", test_diff);
  g_test_add_func ("/xml-check/diff-hunks", test_diff_hunks);

  return g_test_run ();
}
