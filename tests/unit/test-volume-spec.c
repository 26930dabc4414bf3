/* test-volume-spec.c
 *
 * The pure half of "Volume operations": the volume XML (re-parsed and
 * validated against libvirt's own storagevol.rng with libxml2's RelaxNG
 * API), name validation for file, disk and LVM pools, name suggestions,
 * the `virsh vol-create-as` line, create flags and size parsing. No
 * libvirt connection is opened.
 *
 * Copyright 2026 Virt Storage developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <libvirt/libvirt.h>
#include <libxml/parser.h>
#include <libxml/relaxng.h>
#include <libxml/xpath.h>
#include <string.h>

#include "vsm-error.h"
#include "vsm-size.h"
#include "vsm-test-utils.h"
#include "vsm-volume-spec.h"

#define SCHEMA_PATH "/usr/share/libvirt/schemas/storagevol.rng"
#define GiB (G_GUINT64_CONSTANT (1) << 30)
#define MiB (G_GUINT64_CONSTANT (1) << 20)
#define TiB (G_GUINT64_CONSTANT (1) << 40)

/* ------------------------------------------------------------------ */
/* libxml2 helpers                                                     */

static xmlRelaxNGPtr schema;
static gboolean schema_tried;
static guint n_validated;

static void
collect_xml_error (void        *data,
                   const xmlError *err)
{
  GString *s = data;

  if (err != NULL && err->message != NULL)
    g_string_append_printf (s, "line %d: %s", err->line, err->message);
}

static xmlRelaxNGPtr
get_schema (void)
{
  if (!schema_tried)
    {
      xmlRelaxNGParserCtxtPtr pctxt;
      g_autoptr(GString) errors = g_string_new (NULL);

      schema_tried = TRUE;
      if (!g_file_test (SCHEMA_PATH, G_FILE_TEST_IS_REGULAR))
        return NULL;
      pctxt = xmlRelaxNGNewParserCtxt (SCHEMA_PATH);
      g_assert_nonnull (pctxt);
      xmlRelaxNGSetParserStructuredErrors (pctxt, (xmlStructuredErrorFunc) collect_xml_error, errors);
      schema = xmlRelaxNGParse (pctxt);
      xmlRelaxNGFreeParserCtxt (pctxt);
      if (schema == NULL)
        g_error ("%s exists but does not parse as RelaxNG: %s", SCHEMA_PATH, errors->str);
    }
  return schema;
}

/* Parses @xml (must be well-formed) and validates it against
 * storagevol.rng when that is installed. */
static xmlDocPtr
parse_and_validate (const char *xml)
{
  xmlDocPtr doc = xmlReadMemory (xml, (int) strlen (xml), "volume.xml", NULL, XML_PARSE_NONET);
  xmlRelaxNGPtr rng = get_schema ();

  if (doc == NULL)
    g_error ("generated XML is not well-formed:\n%s", xml);

  if (rng != NULL)
    {
      xmlRelaxNGValidCtxtPtr vctxt = xmlRelaxNGNewValidCtxt (rng);
      g_autoptr(GString) errors = g_string_new (NULL);
      int rc;

      xmlRelaxNGSetValidStructuredErrors (vctxt, (xmlStructuredErrorFunc) collect_xml_error, errors);
      rc = xmlRelaxNGValidateDoc (vctxt, doc);
      xmlRelaxNGFreeValidCtxt (vctxt);
      if (rc != 0)
        g_error ("generated XML does not validate against %s (%d): %s\n%s", SCHEMA_PATH, rc, errors->str, xml);
      n_validated++;
    }
  return doc;
}

/* string(EXPR) evaluated on @doc */
static char *
xpath_string (xmlDocPtr   doc,
              const char *expr)
{
  xmlXPathContextPtr ctxt = xmlXPathNewContext (doc);
  g_autofree char *wrapped = g_strdup_printf ("string(%s)", expr);
  xmlXPathObjectPtr obj = xmlXPathEvalExpression ((const xmlChar *) wrapped, ctxt);
  char *ret;

  g_assert_nonnull (obj);
  g_assert_cmpint (obj->type, ==, XPATH_STRING);
  ret = g_strdup ((const char *) obj->stringval);
  xmlXPathFreeObject (obj);
  xmlXPathFreeContext (ctxt);
  return ret;
}

static double
xpath_number (xmlDocPtr   doc,
              const char *expr)
{
  xmlXPathContextPtr ctxt = xmlXPathNewContext (doc);
  xmlXPathObjectPtr obj = xmlXPathEvalExpression ((const xmlChar *) expr, ctxt);
  double ret;

  g_assert_nonnull (obj);
  g_assert_cmpint (obj->type, ==, XPATH_NUMBER);
  ret = obj->floatval;
  xmlXPathFreeObject (obj);
  xmlXPathFreeContext (ctxt);
  return ret;
}

static void
assert_xpath (xmlDocPtr   doc,
              const char *expr,
              const char *expected)
{
  g_autofree char *got = xpath_string (doc, expr);

  g_assert_cmpstr (got, ==, expected);
}

/* Builds, parses, validates, and checks the fields every volume has. */
static xmlDocPtr
build_checked (const VsmVolumeSpec *spec,
               guint64              expect_allocation)
{
  g_autofree char *xml = vsm_volume_xml_build (spec);
  g_autofree char *cap = g_strdup_printf ("%" G_GUINT64_FORMAT, spec->capacity);
  g_autofree char *alloc = g_strdup_printf ("%" G_GUINT64_FORMAT, expect_allocation);
  xmlDocPtr doc;

  g_assert_nonnull (xml);
  doc = parse_and_validate (xml);
  g_assert_cmpstr ((const char *) xmlDocGetRootElement (doc)->name, ==, "volume");
  assert_xpath (doc, "/volume/name", spec->name);
  assert_xpath (doc, "/volume/capacity", cap);
  assert_xpath (doc, "/volume/capacity/@unit", "bytes");
  assert_xpath (doc, "/volume/allocation", alloc);
  assert_xpath (doc, "/volume/allocation/@unit", "bytes");
  g_assert_cmpfloat (xpath_number (doc, "count(/volume/name)"), ==, 1);
  return doc;
}

/* ------------------------------------------------------------------ */
/* XML                                                                 */

static void
test_schema_available (void)
{
  if (get_schema () == NULL)
    {
      g_test_skip ("libvirt's " SCHEMA_PATH " is not installed: the XML is only checked for well-formedness");
      return;
    }
  g_test_message ("validating against %s", SCHEMA_PATH);
}

static void
test_xml_raw_thin (void)
{
  g_autoptr(VsmVolumeSpec) spec = vsm_test_volume_spec ("thin.raw", "raw", 10 * GiB, VSM_PREALLOC_OFF);
  xmlDocPtr doc = build_checked (spec, 0);

  assert_xpath (doc, "/volume/target/format/@type", "raw");
  g_assert_cmpfloat (xpath_number (doc, "count(/volume/backingStore)"), ==, 0);
  g_assert_false (vsm_volume_spec_prealloc_metadata (spec));
  xmlFreeDoc (doc);
}

static void
test_xml_raw_prealloc (void)
{
  g_autoptr(VsmVolumeSpec) spec = vsm_test_volume_spec ("full.raw", "raw", 3 * GiB + 512, VSM_PREALLOC_FULL);
  xmlDocPtr doc = build_checked (spec, 3 * GiB + 512);

  /* allocation == capacity, to the byte */
  {
    g_autofree char *cap = xpath_string (doc, "/volume/capacity");
    g_autofree char *alloc = xpath_string (doc, "/volume/allocation");
    g_assert_cmpstr (cap, ==, alloc);
  }
  assert_xpath (doc, "/volume/target/format/@type", "raw");
  g_assert_false (vsm_volume_spec_prealloc_metadata (spec));
  xmlFreeDoc (doc);
}

static void
test_xml_qcow2_thin (void)
{
  g_autoptr(VsmVolumeSpec) spec = vsm_test_volume_spec ("vm.qcow2", "qcow2", 20 * GiB, VSM_PREALLOC_OFF);
  xmlDocPtr doc = build_checked (spec, 0);

  assert_xpath (doc, "/volume/target/format/@type", "qcow2");
  g_assert_false (vsm_volume_spec_prealloc_metadata (spec));
  xmlFreeDoc (doc);

  /* metadata preallocation is a flag, not an allocation */
  spec->prealloc = VSM_PREALLOC_METADATA;
  doc = build_checked (spec, 0);
  g_assert_true (vsm_volume_spec_prealloc_metadata (spec));
  xmlFreeDoc (doc);
}

static void
test_xml_qcow2_backing (void)
{
  g_autoptr(VsmVolumeSpec) spec = vsm_test_volume_spec ("overlay.qcow2", "qcow2", 20 * GiB, VSM_PREALLOC_OFF);
  xmlDocPtr doc;

  spec->backing_path = g_strdup ("/var/lib/libvirt/images/base.qcow2");
  spec->backing_format = g_strdup ("qcow2");
  doc = build_checked (spec, 0);
  assert_xpath (doc, "/volume/target/format/@type", "qcow2");
  assert_xpath (doc, "/volume/backingStore/path", "/var/lib/libvirt/images/base.qcow2");
  assert_xpath (doc, "/volume/backingStore/format/@type", "qcow2");
  xmlFreeDoc (doc);

  /* a raw backing file, and a path with a metacharacter */
  g_free (spec->backing_path);
  g_free (spec->backing_format);
  spec->backing_path = g_strdup ("/srv/a&b <base>.img");
  spec->backing_format = g_strdup ("raw");
  doc = build_checked (spec, 0);
  assert_xpath (doc, "/volume/backingStore/path", "/srv/a&b <base>.img");
  assert_xpath (doc, "/volume/backingStore/format/@type", "raw");
  xmlFreeDoc (doc);

  /* a backing path without format: no <format> in <backingStore> */
  g_clear_pointer (&spec->backing_format, g_free);
  doc = build_checked (spec, 0);
  g_assert_cmpfloat (xpath_number (doc, "count(/volume/backingStore/format)"), ==, 0);
  g_assert_cmpfloat (xpath_number (doc, "count(/volume/backingStore/path)"), ==, 1);
  xmlFreeDoc (doc);
}

static void
test_xml_iso_vmdk (void)
{
  g_autoptr(VsmVolumeSpec) iso = vsm_test_volume_spec ("install.iso", "iso", 700 * MiB, VSM_PREALLOC_OFF);
  g_autoptr(VsmVolumeSpec) vmdk = vsm_test_volume_spec ("vm.vmdk", "vmdk", 8 * GiB, VSM_PREALLOC_FULL);
  xmlDocPtr doc;

  doc = build_checked (iso, 0);
  assert_xpath (doc, "/volume/target/format/@type", "iso");
  xmlFreeDoc (doc);

  doc = build_checked (vmdk, 8 * GiB);
  assert_xpath (doc, "/volume/target/format/@type", "vmdk");
  xmlFreeDoc (doc);

  /* every format offered for a dir pool produces valid XML */
  for (const char * const *f = vsm_volume_formats_for_pool ("dir"); *f != NULL; f++)
    {
      g_autofree char *name = g_strdup_printf ("every.%s", *f);
      g_autoptr(VsmVolumeSpec) spec = vsm_test_volume_spec (name, *f, GiB, VSM_PREALLOC_OFF);

      doc = build_checked (spec, 0);
      assert_xpath (doc, "/volume/target/format/@type", *f);
      xmlFreeDoc (doc);
    }
}

/* LVM volumes and disk partitions with format "none" carry no format:
 * the XML must still be a valid <volume> (storagevol.rng requires a
 * <target>). */
static void
test_xml_no_format (void)
{
  g_autoptr(VsmVolumeSpec) lv = vsm_test_volume_spec ("lv0", NULL, 4 * GiB, VSM_PREALLOC_OFF);
  g_autoptr(VsmVolumeSpec) part = vsm_test_volume_spec ("sdb1", "linux", GiB, VSM_PREALLOC_OFF);
  xmlDocPtr doc;

  doc = build_checked (lv, 0);
  g_assert_cmpfloat (xpath_number (doc, "count(/volume/target/format)"), ==, 0);
  xmlFreeDoc (doc);

  doc = build_checked (part, 0);
  assert_xpath (doc, "/volume/target/format/@type", "linux");
  xmlFreeDoc (doc);

  for (const char * const *f = vsm_volume_formats_for_pool ("disk"); *f != NULL; f++)
    {
      g_autoptr(VsmVolumeSpec) spec = vsm_test_volume_spec ("sdb2", *f, GiB, VSM_PREALLOC_OFF);

      doc = build_checked (spec, 0);
      assert_xpath (doc, "/volume/target/format/@type", *f);
      xmlFreeDoc (doc);
    }
}

static void
test_xml_escaping (void)
{
  const char *nasty = "a<b&c'd\"e";
  g_autoptr(VsmVolumeSpec) spec = vsm_test_volume_spec (nasty, "qcow2", GiB, VSM_PREALLOC_OFF);
  g_autofree char *xml = vsm_volume_xml_build (spec);
  xmlDocPtr doc;

  /* the raw metacharacters never appear unescaped */
  g_assert_null (strstr (xml, nasty));
  g_assert_nonnull (strstr (xml, "a&lt;b&amp;c"));
  doc = build_checked (spec, 0);
  assert_xpath (doc, "/volume/name", nasty);
  xmlFreeDoc (doc);

  /* non-ASCII survives */
  g_free (spec->name);
  spec->name = g_strdup ("dísco-ü.qcow2");
  doc = build_checked (spec, 0);
  xmlFreeDoc (doc);

  /* an injection attempt stays text (no '/': the schema's volName
   * refuses it, as the validator does) */
  g_free (spec->name);
  spec->name = g_strdup ("x]]><capacity unit='b'>1<capacity>&amp;&#x41;");
  doc = build_checked (spec, 0);
  g_assert_cmpfloat (xpath_number (doc, "count(/volume/capacity)"), ==, 1);
  xmlFreeDoc (doc);
}

static void
test_xml_large_capacity (void)
{
  g_autoptr(VsmVolumeSpec) spec = vsm_test_volume_spec ("huge.raw", "raw", G_MAXUINT64 / 2, VSM_PREALLOC_FULL);
  xmlDocPtr doc = build_checked (spec, G_MAXUINT64 / 2);

  xmlFreeDoc (doc);
  g_test_message ("%u generated documents validated against storagevol.rng so far", n_validated);
}

/* ------------------------------------------------------------------ */
/* Name validation                                                     */

typedef struct
{
  const char *name;
  const char *pool_type;
  const char *disk_device;
  int         expect;        /* -1 = valid, else the VsmErrorCode */
} NameCase;

static void
test_name_validate (void)
{
  g_autofree char *len255 = g_strnfill (255, 'x');
  g_autofree char *len256 = g_strnfill (256, 'x');
  g_autoptr(GHashTable) existing = g_hash_table_new (g_str_hash, g_str_equal);
  const NameCase cases[] = {
    { "",              "dir", NULL, VSM_ERROR_INVALID_INPUT },
    { "/",             "dir", NULL, VSM_ERROR_INVALID_INPUT },
    { "a/b",           "dir", NULL, VSM_ERROR_INVALID_INPUT },
    { ".",             "dir", NULL, VSM_ERROR_INVALID_INPUT },
    { "..",            "dir", NULL, VSM_ERROR_INVALID_INPUT },
    { "...",           "dir", NULL, -1 },
    { " lead",         "dir", NULL, VSM_ERROR_INVALID_INPUT },
    { "trail ",        "dir", NULL, VSM_ERROR_INVALID_INPUT },
    { "in side",       "dir", NULL, -1 },
    { "new\nline",     "dir", NULL, VSM_ERROR_INVALID_INPUT },
    { "tab\there",     "dir", NULL, VSM_ERROR_INVALID_INPUT },
    { "bad\xff" "utf8", "dir", NULL, VSM_ERROR_INVALID_INPUT },
    { len255,          "dir", NULL, -1 },
    { len256,          "dir", NULL, VSM_ERROR_INVALID_INPUT },
    { "disk1.qcow2",   "dir", NULL, VSM_ERROR_EXISTS },
    { "disk1.QCOW2",   "dir", NULL, -1 },
    { "a<b&c'd\"e",    "dir", NULL, -1 },
    { "dísco.qcow2",   "dir", NULL, -1 },
    { ".hidden",       "fs",  NULL, -1 },
    /* disk pools: <dev>N, or <dev>pN when the device ends in a digit */
    { "sdb1",          "disk", "/dev/sdb", -1 },
    { "sdb12",         "disk", "/dev/sdb", -1 },
    { "sdb",           "disk", "/dev/sdb", VSM_ERROR_INVALID_INPUT },
    { "sdbx",          "disk", "/dev/sdb", VSM_ERROR_INVALID_INPUT },
    { "sdb1x",         "disk", "/dev/sdb", VSM_ERROR_INVALID_INPUT },
    { "sdc1",          "disk", "/dev/sdb", VSM_ERROR_INVALID_INPUT },
    { "sdbp1",         "disk", "/dev/sdb", VSM_ERROR_INVALID_INPUT },
    { "loop0p1",       "disk", "/dev/loop0", -1 },
    { "loop01",        "disk", "/dev/loop0", VSM_ERROR_INVALID_INPUT },
    { "loop0p",        "disk", "/dev/loop0", VSM_ERROR_INVALID_INPUT },
    { "nvme0n1p2",     "disk", "/dev/nvme0n1", -1 },
    { "nvme0n12",      "disk", "/dev/nvme0n1", VSM_ERROR_INVALID_INPUT },
    { "sdb1",          "disk", "sdb", -1 },   /* a bare device name */
    /* LVM */
    { "lv-1_a.b+",     "logical", NULL, -1 },
    { "-lv",           "logical", NULL, VSM_ERROR_INVALID_INPUT },
    { "lv name",       "logical", NULL, VSM_ERROR_INVALID_INPUT },
    { "lv:x",          "logical", NULL, VSM_ERROR_INVALID_INPUT },
    { "lvé",           "logical", NULL, VSM_ERROR_INVALID_INPUT },
    { "disk1.qcow2",   "logical", NULL, VSM_ERROR_EXISTS },
    { "",              "logical", NULL, VSM_ERROR_INVALID_INPUT },
  };
  guint n_ok = 0, n_bad = 0;

  g_hash_table_add (existing, "disk1.qcow2");

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      const NameCase *c = &cases[i];
      g_autoptr(GError) error = NULL;
      gboolean ok = vsm_volume_name_validate (c->name, c->pool_type, c->disk_device, existing, &error);
      g_autofree char *shown = g_strescape (c->name, NULL);

      if (c->expect < 0)
        {
          if (!ok)
            g_error ("case %u: “%s” in a %s pool (%s) should be valid, got: %s",
                     i, shown, c->pool_type, c->disk_device ? c->disk_device : "-", error->message);
          g_assert_no_error (error);
          n_ok++;
        }
      else
        {
          if (ok)
            g_error ("case %u: “%s” in a %s pool (%s) should be refused",
                     i, shown, c->pool_type, c->disk_device ? c->disk_device : "-");
          g_assert_error (error, VSM_ERROR, c->expect);
          g_assert_cmpstr (error->message, !=, "");
          n_bad++;
        }
    }
  g_assert_cmpuint (G_N_ELEMENTS (cases), >=, 20);
  g_test_message ("%u names accepted, %u refused as expected", n_ok, n_bad);

  /* NULL name and a NULL table */
  {
    g_autoptr(GError) error = NULL;
    g_assert_false (vsm_volume_name_validate (NULL, "dir", NULL, NULL, &error));
    g_assert_error (error, VSM_ERROR, VSM_ERROR_INVALID_INPUT);
    g_assert_true (vsm_volume_name_validate ("disk1.qcow2", "dir", NULL, NULL, NULL));
  }

  /* the disk error message names the expected pattern */
  {
    g_autoptr(GError) error = NULL;
    g_assert_false (vsm_volume_name_validate ("loop01", "disk", "/dev/loop0", NULL, &error));
    g_assert_nonnull (strstr (error->message, "loop0p1"));
  }
}

/* Valid names must also satisfy the schema's volName. */
static void
test_name_valid_means_schema_valid (void)
{
  const char *names[] = { "...", "in side", "a<b&c'd\"e", "lv-1_a.b+", "sdb1", "x" };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autoptr(VsmVolumeSpec) spec = vsm_test_volume_spec (names[i], "raw", GiB, VSM_PREALLOC_OFF);
      xmlDocPtr doc;

      g_assert_true (vsm_volume_name_validate (names[i], "dir", NULL, NULL, NULL));
      doc = build_checked (spec, 0);
      xmlFreeDoc (doc);
    }
}

/* ------------------------------------------------------------------ */
/* Formats, pool types                                                 */

static void
test_formats_for_pool (void)
{
  const char * const *dir = vsm_volume_formats_for_pool ("dir");
  const char * const *disk = vsm_volume_formats_for_pool ("disk");

  g_assert_cmpstr (dir[0], ==, "qcow2");   /* recommended first */
  g_assert_true (g_strv_contains (dir, "raw"));
  g_assert_true (g_strv_contains (dir, "iso"));
  g_assert_true (g_strv_contains (dir, "vmdk"));
  g_assert_true (vsm_volume_formats_for_pool ("fs") == dir);
  g_assert_true (vsm_volume_formats_for_pool ("netfs") == dir);
  g_assert_cmpstr (disk[0], ==, "none");
  g_assert_true (g_strv_contains (disk, "linux"));
  g_assert_false (g_strv_contains (disk, "qcow2"));
  g_assert_null (vsm_volume_formats_for_pool ("logical")[0]);
  g_assert_null (vsm_volume_formats_for_pool ("rbd")[0]);
  g_assert_null (vsm_volume_formats_for_pool (NULL)[0]);

  g_assert_true (vsm_pool_type_can_create_volumes ("dir"));
  g_assert_true (vsm_pool_type_can_create_volumes ("logical"));
  g_assert_true (vsm_pool_type_can_create_volumes ("disk"));
  g_assert_true (vsm_pool_type_can_create_volumes ("rbd"));
  g_assert_false (vsm_pool_type_can_create_volumes ("iscsi"));
  g_assert_false (vsm_pool_type_can_create_volumes ("iscsi-direct"));
  g_assert_false (vsm_pool_type_can_create_volumes ("scsi"));
  g_assert_false (vsm_pool_type_can_create_volumes ("mpath"));
  g_assert_false (vsm_pool_type_can_create_volumes ("gluster"));
  g_assert_false (vsm_pool_type_can_create_volumes (NULL));
}

/* ------------------------------------------------------------------ */
/* Name suggestions                                                    */

static GHashTable *
set_of (const char *first, ...)
{
  GHashTable *set = g_hash_table_new (g_str_hash, g_str_equal);
  va_list ap;

  va_start (ap, first);
  for (const char *s = first; s != NULL; s = va_arg (ap, const char *))
    g_hash_table_add (set, (gpointer) s);
  va_end (ap);
  return set;
}

static void
check_suggest (const char *pool_type,
               const char *device,
               const char *format,
               GHashTable *existing,
               const char *expected)
{
  g_autofree char *got = vsm_volume_suggest_name (pool_type, device, "disk", existing, format);

  g_assert_cmpstr (got, ==, expected);
  /* a suggestion is always acceptable to the validator */
  g_assert_true (vsm_volume_name_validate (got, pool_type, device, existing, NULL));
}

static void
test_suggest_name (void)
{
  g_autoptr(GHashTable) none = set_of (NULL, NULL);
  g_autoptr(GHashTable) sdb12 = set_of ("sdb1", "sdb2", NULL);
  g_autoptr(GHashTable) sdb13 = set_of ("sdb1", "sdb3", NULL);
  g_autoptr(GHashTable) nvme = set_of ("nvme0n1p1", NULL);
  g_autoptr(GHashTable) taken1 = set_of ("disk.qcow2", NULL);
  g_autoptr(GHashTable) taken2 = set_of ("disk.qcow2", "disk-2.qcow2", NULL);
  g_autoptr(GHashTable) lv = set_of ("disk", NULL);

  /* disk pools: the next free partition */
  check_suggest ("disk", "/dev/sdb", "none", none, "sdb1");
  check_suggest ("disk", "/dev/sdb", "none", sdb12, "sdb3");
  check_suggest ("disk", "/dev/sdb", "none", sdb13, "sdb2");
  check_suggest ("disk", "/dev/loop0", "none", none, "loop0p1");
  check_suggest ("disk", "/dev/nvme0n1", "linux", nvme, "nvme0n1p2");

  /* file pools: base + extension, numbered when taken */
  check_suggest ("dir", NULL, "qcow2", none, "disk.qcow2");
  check_suggest ("dir", NULL, "qcow2", NULL, "disk.qcow2");
  check_suggest ("dir", NULL, "qcow2", taken1, "disk-2.qcow2");
  check_suggest ("dir", NULL, "qcow2", taken2, "disk-3.qcow2");
  check_suggest ("dir", NULL, "raw", taken2, "disk.raw");
  check_suggest ("fs", NULL, "raw", none, "disk.raw");

  /* LVM: no extension */
  check_suggest ("logical", NULL, NULL, none, "disk");
  check_suggest ("logical", NULL, "qcow2", none, "disk");
  check_suggest ("logical", NULL, NULL, lv, "disk-2");
}

/* ------------------------------------------------------------------ */
/* virsh vol-create-as                                                 */

static void
test_create_as_command (void)
{
  g_autoptr(VsmVolumeSpec) spec = vsm_test_volume_spec ("new.qcow2", "qcow2", 5 * GiB, VSM_PREALLOC_OFF);
  g_autofree char *cmd = NULL;

  cmd = vsm_volume_create_as_command (NULL, "images", spec);
  g_assert_cmpstr (cmd, ==, "virsh vol-create-as images new.qcow2 5368709120B --allocation 0B --format qcow2");
  g_clear_pointer (&cmd, g_free);

  /* qemu:///system is the default: no -c */
  cmd = vsm_volume_create_as_command ("qemu:///system", "images", spec);
  g_assert_cmpstr (cmd, ==, "virsh vol-create-as images new.qcow2 5368709120B --allocation 0B --format qcow2");
  g_clear_pointer (&cmd, g_free);

  cmd = vsm_volume_create_as_command ("qemu+ssh://root@host/system", "images", spec);
  g_assert_cmpstr (cmd, ==,
                   "virsh -c qemu+ssh://root@host/system vol-create-as images new.qcow2 5368709120B "
                   "--allocation 0B --format qcow2");
  g_clear_pointer (&cmd, g_free);

  cmd = vsm_volume_create_as_command ("test:///default", "images", spec);
  g_assert_cmpstr (cmd, ==,
                   "virsh -c test:///default vol-create-as images new.qcow2 5368709120B --allocation 0B --format qcow2");
  g_clear_pointer (&cmd, g_free);

  /* metadata preallocation */
  spec->prealloc = VSM_PREALLOC_METADATA;
  cmd = vsm_volume_create_as_command (NULL, "images", spec);
  g_assert_cmpstr (cmd, ==,
                   "virsh vol-create-as images new.qcow2 5368709120B --allocation 0B --format qcow2 --prealloc-metadata");
  g_clear_pointer (&cmd, g_free);

  /* metadata preallocation only exists for qcow2 */
  g_free (spec->format);
  spec->format = g_strdup ("raw");
  cmd = vsm_volume_create_as_command (NULL, "images", spec);
  g_assert_cmpstr (cmd, ==, "virsh vol-create-as images new.qcow2 5368709120B --allocation 0B --format raw");
  g_assert_false (vsm_volume_spec_prealloc_metadata (spec));
  g_clear_pointer (&cmd, g_free);

  /* full preallocation */
  spec->prealloc = VSM_PREALLOC_FULL;
  g_free (spec->name);
  spec->name = g_strdup ("full.raw");
  cmd = vsm_volume_create_as_command (NULL, "images", spec);
  g_assert_cmpstr (cmd, ==, "virsh vol-create-as images full.raw 5368709120B --allocation 5368709120B --format raw");
  g_clear_pointer (&cmd, g_free);

  /* full qcow2: allocation = capacity and the flag, or libvirt leaves it
   * thin (qemu-img runs with preallocation=falloc only with the flag) */
  g_free (spec->format);
  spec->format = g_strdup ("qcow2");
  g_assert_true (vsm_volume_spec_prealloc_metadata (spec));
  cmd = vsm_volume_create_as_command (NULL, "images", spec);
  g_assert_cmpstr (cmd, ==, "virsh vol-create-as images full.raw 5368709120B --allocation 5368709120B --format qcow2 "
                            "--prealloc-metadata");
  g_clear_pointer (&cmd, g_free);

  /* backing volume */
  {
    g_autoptr(VsmVolumeSpec) ov = vsm_test_volume_spec ("overlay.qcow2", "qcow2", 20 * GiB, VSM_PREALLOC_OFF);

    ov->backing_path = g_strdup ("/var/lib/libvirt/images/base.qcow2");
    ov->backing_format = g_strdup ("qcow2");
    cmd = vsm_volume_create_as_command ("test:///default", "images", ov);
    g_assert_cmpstr (cmd, ==,
                     "virsh -c test:///default vol-create-as images overlay.qcow2 21474836480B --allocation 0B "
                     "--format qcow2 --backing-vol /var/lib/libvirt/images/base.qcow2 --backing-vol-format qcow2");
    g_clear_pointer (&cmd, g_free);

    ov->prealloc = VSM_PREALLOC_METADATA;
    g_clear_pointer (&ov->backing_format, g_free);
    cmd = vsm_volume_create_as_command (NULL, "images", ov);
    g_assert_cmpstr (cmd, ==,
                     "virsh vol-create-as images overlay.qcow2 21474836480B --allocation 0B "
                     "--format qcow2 --backing-vol /var/lib/libvirt/images/base.qcow2 --prealloc-metadata");
    g_clear_pointer (&cmd, g_free);
  }

  /* no format (LVM), and shell quoting of pool and volume names */
  {
    g_autoptr(VsmVolumeSpec) lv = vsm_test_volume_spec ("lv0", NULL, GiB, VSM_PREALLOC_OFF);
    g_autoptr(VsmVolumeSpec) odd = vsm_test_volume_spec ("a<b&c'd\"e", "raw", MiB, VSM_PREALLOC_OFF);

    cmd = vsm_volume_create_as_command (NULL, "vg0", lv);
    g_assert_cmpstr (cmd, ==, "virsh vol-create-as vg0 lv0 1073741824B --allocation 0B");
    g_clear_pointer (&cmd, g_free);

    cmd = vsm_volume_create_as_command (NULL, "my pool", odd);
    g_assert_cmpstr (cmd, ==, "virsh vol-create-as 'my pool' 'a<b&c'\\''d\"e' 1048576B --allocation 0B --format raw");
    g_clear_pointer (&cmd, g_free);
  }

  /* the quoted command splits back into the original arguments */
  {
    g_autoptr(VsmVolumeSpec) odd = vsm_test_volume_spec ("x y$(rm -rf /)`z`", "raw", MiB, VSM_PREALLOC_OFF);
    g_auto(GStrv) argv = NULL;
    int argc = 0;

    cmd = vsm_volume_create_as_command ("qemu+ssh://u@h/system?keyfile=/a b", "p ool", odd);
    g_assert_true (g_shell_parse_argv (cmd, &argc, &argv, NULL));
    g_assert_cmpint (argc, ==, 11);
    g_assert_cmpstr (argv[2], ==, "qemu+ssh://u@h/system?keyfile=/a b");
    g_assert_cmpstr (argv[3], ==, "vol-create-as");
    g_assert_cmpstr (argv[4], ==, "p ool");
    g_assert_cmpstr (argv[5], ==, "x y$(rm -rf /)`z`");
    g_clear_pointer (&cmd, g_free);
  }
}

/* ------------------------------------------------------------------ */
/* Sizes                                                               */

static void
test_size_parse (void)
{
  const struct { const char *text; guint64 bytes; } good[] = {
    { "10G", 10 * GiB },
    { "512 MiB", 512 * MiB },
    { "1.5T", TiB + TiB / 2 },
    { "1.5 TiB", TiB + TiB / 2 },
    { "20", 20 },
    { "  4096  ", 4096 },
    { "1 GB", 1000000000 },
    { "0.5G", GiB / 2 },
    { "2,5 GiB", 2 * GiB + GiB / 2 },
  };
  const char *bad[] = { "abc", "-1", "1e99", "18446744073709551616", "", "   ", "G", "1.5.5G",
                        "10 XB", "0x10", "nan", "inf", "+5G", "16 EiB", "99999999999 TiB" };

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      g_autoptr(GError) error = NULL;
      guint64 bytes = 1;

      if (!vsm_size_parse (good[i].text, &bytes, &error))
        g_error ("“%s” should parse: %s", good[i].text, error->message);
      g_assert_cmpuint (bytes, ==, good[i].bytes);
    }

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      guint64 bytes = 0;

      if (vsm_size_parse (bad[i], &bytes, &error))
        g_error ("“%s” should be refused, parsed as %" G_GUINT64_FORMAT, bad[i], bytes);
      g_assert_error (error, VSM_ERROR, VSM_ERROR_INVALID_INPUT);
      g_assert_cmpstr (error->message, !=, "");
    }

  /* the largest value that fits */
  {
    guint64 bytes = 0;
    g_assert_true (vsm_size_parse ("18446744073709551615", &bytes, NULL));
    g_assert_cmpuint (bytes, ==, G_MAXUINT64);
    g_assert_true (vsm_size_parse ("15 EiB", &bytes, NULL));
    g_assert_cmpuint (bytes, ==, G_GUINT64_CONSTANT (15) << 60);
  }

  /* specific messages for the cases the dialog shows */
  {
    g_autoptr(GError) error = NULL;
    guint64 bytes;
    g_assert_false (vsm_size_parse ("-1", &bytes, &error));
    g_assert_nonnull (strstr (error->message, "negative"));
    g_clear_error (&error);
    g_assert_false (vsm_size_parse ("18446744073709551616", &bytes, &error));
    g_assert_nonnull (strstr (error->message, "too large"));
  }

  /* what vsm_size_format() prints parses back to the same figure */
  {
    g_autofree char *text = vsm_size_format (20 * GiB);
    guint64 bytes = 0;
    g_assert_true (vsm_size_parse (text, &bytes, NULL));
    g_assert_cmpuint (bytes, ==, 20 * GiB);
  }
}

/* What each format can be given: Full only where libvirt makes it full
 * (raw, no format, qcow2 through the flag), Metadata only for qcow2, the
 * other qemu-img formats thin only (libvirt ignores their allocation). */
static void
test_format_preallocs (void)
{
  static const struct { const char *pool; const char *format; gboolean backed; guint n; VsmPrealloc first; VsmPrealloc last; } cases[] = {
    { "dir", "qcow2", FALSE, 3, VSM_PREALLOC_OFF, VSM_PREALLOC_METADATA },
    { "dir", "qcow2", TRUE, 1, VSM_PREALLOC_OFF, VSM_PREALLOC_OFF },   /* libvirt: no preallocation with a backing store */
    { "dir", "raw", FALSE, 2, VSM_PREALLOC_OFF, VSM_PREALLOC_FULL },
    { "rbd", NULL, FALSE, 2, VSM_PREALLOC_OFF, VSM_PREALLOC_FULL },
    { "logical", NULL, FALSE, 1, VSM_PREALLOC_FULL, VSM_PREALLOC_FULL },   /* thin would be a snapshot LV */
    { "disk", "linux", FALSE, 1, VSM_PREALLOC_FULL, VSM_PREALLOC_FULL },   /* a partition is whole */
    { "dir", "vmdk", FALSE, 1, VSM_PREALLOC_OFF, VSM_PREALLOC_OFF },
    { "dir", "vdi", FALSE, 1, VSM_PREALLOC_OFF, VSM_PREALLOC_OFF },
    { "dir", "vpc", FALSE, 1, VSM_PREALLOC_OFF, VSM_PREALLOC_OFF },
    { "dir", "qed", FALSE, 1, VSM_PREALLOC_OFF, VSM_PREALLOC_OFF },
    { "dir", "iso", FALSE, 1, VSM_PREALLOC_OFF, VSM_PREALLOC_OFF },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      guint n = 0;
      const VsmPrealloc *p = vsm_volume_format_preallocs (cases[i].pool, cases[i].format, cases[i].backed, &n);

      g_assert_cmpuint (n, ==, cases[i].n);
      g_assert_cmpint (p[0], ==, cases[i].first);
      g_assert_cmpint (p[n - 1], ==, cases[i].last);
      for (guint j = 0; j < n; j++)
        if (p[j] == VSM_PREALLOC_METADATA)
          g_assert_cmpstr (cases[i].format, ==, "qcow2");
    }

  /* the formats whose header vol-wipe overwrites (Wipe makes them again) */
  g_assert_true (vsm_volume_format_has_metadata ("qcow2"));
  g_assert_true (vsm_volume_format_has_metadata ("vmdk"));
  g_assert_false (vsm_volume_format_has_metadata ("raw"));
  g_assert_false (vsm_volume_format_has_metadata ("iso"));
  g_assert_false (vsm_volume_format_has_metadata (NULL));
}

/* Clone's virsh line: vol-clone within the pool and format, else
 * vol-create-from with the copy's XML (what the app sends) on stdin. */
static void
test_clone_command (void)
{
  g_autoptr(VsmVolumeSpec) spec = vsm_test_volume_spec ("copy one.qcow2", "qcow2", 20 * GiB, VSM_PREALLOC_OFF);
  g_autofree char *xml = vsm_volume_xml_build (spec);
  g_autofree char *expected = NULL;
  g_autofree char *cmd = NULL;

  cmd = vsm_volume_clone_command (NULL, "images", "disk1.qcow2", "qcow2", "images", spec);
  g_assert_cmpstr (cmd, ==, "virsh vol-clone --pool images disk1.qcow2 'copy one.qcow2'");
  g_clear_pointer (&cmd, g_free);

  cmd = vsm_volume_clone_command ("qemu:///session", "images", "disk1.qcow2", "qcow2", "backup", spec);
  expected = g_strdup_printf ("virsh -c qemu:///session vol-create-from backup /dev/stdin --inputpool images "
                              "disk1.qcow2 <<'EOF'\n%sEOF", xml);
  g_assert_cmpstr (cmd, ==, expected);
  g_clear_pointer (&cmd, g_free);

  /* same pool, another format: vol-clone cannot convert */
  g_free (spec->format);
  spec->format = g_strdup ("raw");
  cmd = vsm_volume_clone_command (NULL, "images", "disk1.qcow2", "qcow2", "images", spec);
  g_assert_true (g_str_has_prefix (cmd, "virsh vol-create-from images /dev/stdin --inputpool images disk1.qcow2"));
  g_assert_nonnull (strstr (cmd, "<format type='raw'/>"));
}

int
main (int   argc,
      char *argv[])
{
  int rc;

  g_test_init (&argc, &argv, NULL);
  xmlInitParser ();

  g_test_add_func ("/volume-spec/xml/schema-available", test_schema_available);
  g_test_add_func ("/volume-spec/xml/raw-thin", test_xml_raw_thin);
  g_test_add_func ("/volume-spec/xml/raw-preallocated", test_xml_raw_prealloc);
  g_test_add_func ("/volume-spec/xml/qcow2-thin", test_xml_qcow2_thin);
  g_test_add_func ("/volume-spec/xml/qcow2-backing", test_xml_qcow2_backing);
  g_test_add_func ("/volume-spec/xml/iso-vmdk-and-all-formats", test_xml_iso_vmdk);
  g_test_add_func ("/volume-spec/xml/no-format", test_xml_no_format);
  g_test_add_func ("/volume-spec/xml/escaping", test_xml_escaping);
  g_test_add_func ("/volume-spec/xml/large-capacity", test_xml_large_capacity);
  g_test_add_func ("/volume-spec/name/validate-table", test_name_validate);
  g_test_add_func ("/volume-spec/name/valid-is-schema-valid", test_name_valid_means_schema_valid);
  g_test_add_func ("/volume-spec/formats-and-pool-types", test_formats_for_pool);
  g_test_add_func ("/volume-spec/name/suggest", test_suggest_name);
  g_test_add_func ("/volume-spec/create-as-command", test_create_as_command);
  g_test_add_func ("/volume-spec/format-preallocs", test_format_preallocs);
  g_test_add_func ("/volume-spec/clone-command", test_clone_command);
  g_test_add_func ("/volume-spec/size-parse", test_size_parse);

  rc = g_test_run ();
  if (schema != NULL)
    xmlRelaxNGFree (schema);
  xmlCleanupParser ();
  return rc;
}
