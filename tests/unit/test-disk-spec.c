/* test-disk-spec.c: the <disk> XML (validated against libvirt's own
 * domain.rng), validation, target names and the virsh line. Pure: no
 * libvirt connection, except the optional `virsh --print-xml` cross-check
 * against test:///default.
 *
 * Copyright 2026 Virt Storage developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib.h>
#include <libxml/parser.h>
#include <libxml/relaxng.h>
#include <libxml/tree.h>
#include <string.h>

#include "vsm-disk-spec.h"
#include "vsm-error.h"

#define DOMAIN_RNG "/usr/share/libvirt/schemas/domain.rng"

static xmlRelaxNGPtr schema;

static const VsmDiskSourceKind kinds[] = {
  VSM_DISK_SOURCE_VOLUME, VSM_DISK_SOURCE_FILE, VSM_DISK_SOURCE_BLOCK, VSM_DISK_SOURCE_NONE,
};
static const char * const kind_names[] = { "volume", "file", "block", "none" };
static const char * const devices[] = { "disk", "cdrom", "floppy", "lun" };
static const char * const buses[] = { "virtio", "sata", "scsi", "ide", "usb", "fdc" };

/* ------------------------------------------------------------------ */
/* Helpers                                                             */

static void
set_str (char       **field,
         const char  *value)
{
  g_free (*field);
  *field = g_strdup (value);
}

static VsmDiskSpec *
make_spec (VsmDiskSourceKind  kind,
           const char        *device,
           const char        *bus)
{
  VsmDiskSpec *spec = vsm_disk_spec_new ();

  spec->source_kind = kind;
  set_str (&spec->device, device);
  set_str (&spec->bus, bus);
  switch (kind)
    {
    case VSM_DISK_SOURCE_VOLUME:
      spec->pool = g_strdup ("images");
      spec->volume = g_strdup ("disk1.qcow2");
      break;
    case VSM_DISK_SOURCE_FILE:
      spec->path = g_strdup (g_str_equal (device, "cdrom") ? "/var/lib/libvirt/images/install.iso"
                                                           : "/var/lib/libvirt/images/disk2.img");
      break;
    case VSM_DISK_SOURCE_BLOCK:
      spec->path = g_strdup ("/dev/sdz");
      break;
    case VSM_DISK_SOURCE_NONE:
    default:
      break;
    }
  spec->target = vsm_disk_target_suggest (bus, NULL);
  return spec;
}

static GPtrArray *
targets (const char *first,
         ...)
{
  GPtrArray *used = g_ptr_array_new_with_free_func (g_free);
  va_list ap;

  va_start (ap, first);
  for (const char *t = first; t != NULL; t = va_arg (ap, const char *))
    g_ptr_array_add (used, g_strdup (t));
  va_end (ap);
  return used;
}

static void
collect_error (void       *ctx,
               const char *msg,
               ...)
{
  GString *errors = ctx;
  va_list ap;

  va_start (ap, msg);
  g_string_append_vprintf (errors, msg, ap);
  va_end (ap);
}

/* Wraps @disk in the minimal domain and validates it against domain.rng. */
static gboolean
rng_valid (const char  *disk,
           char       **errors_out)
{
  g_autofree char *domain = g_strdup_printf ("<domain type='kvm'><name>t</name><memory>131072</memory>"
                                             "<os><type>hvm</type></os><devices>%s</devices></domain>",
                                             disk);
  g_autoptr(GString) errors = g_string_new (NULL);
  xmlDocPtr doc = xmlReadMemory (domain, (int) strlen (domain), NULL, NULL, XML_PARSE_NONET);
  xmlRelaxNGValidCtxtPtr ctxt;
  int rc;

  if (doc == NULL)
    {
      *errors_out = g_strdup ("not well-formed");
      return FALSE;
    }
  ctxt = xmlRelaxNGNewValidCtxt (schema);
  xmlRelaxNGSetValidErrors (ctxt, collect_error, collect_error, errors);
  rc = xmlRelaxNGValidateDoc (ctxt, doc);
  xmlRelaxNGFreeValidCtxt (ctxt);
  xmlFreeDoc (doc);
  *errors_out = g_strdup (errors->str);
  return rc == 0;
}

/* The rules the matrix expects, stated independently of the code. */
static gboolean
expect_valid (VsmDiskSourceKind  kind,
              const char        *device,
              const char        *bus)
{
  gboolean floppy = g_str_equal (device, "floppy");

  if (floppy != g_str_equal (bus, "fdc"))
    return FALSE;
  if (g_str_equal (device, "cdrom") && g_str_equal (bus, "virtio"))
    return FALSE;
  if (g_str_equal (device, "lun") && (!g_str_equal (bus, "scsi") || kind != VSM_DISK_SOURCE_BLOCK))
    return FALSE;
  if (kind == VSM_DISK_SOURCE_NONE && !floppy && !g_str_equal (device, "cdrom"))
    return FALSE;
  return TRUE;
}

static xmlNodePtr
first_child (xmlNodePtr  node,
             const char *name)
{
  for (xmlNodePtr c = node ? node->children : NULL; c != NULL; c = c->next)
    if (c->type == XML_ELEMENT_NODE && g_str_equal ((const char *) c->name, name))
      return c;
  return NULL;
}

static char *
attr (xmlNodePtr  node,
      const char *name)
{
  xmlChar *v = node ? xmlGetProp (node, (const xmlChar *) name) : NULL;
  char *ret = g_strdup ((const char *) v);

  xmlFree (v);
  return ret;
}

/* g_ptr_array_sort hands pointers to the elements */
static int
compare_lines (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/* A canonical, order-independent text of a <disk>: one line per element
 * and attribute, sorted. driver name='qemu' and device='disk' are
 * libvirt's defaults and left out. */
static char *
canonical_disk (const char *xml)
{
  xmlDocPtr doc = xmlReadMemory (xml, (int) strlen (xml), NULL, NULL, XML_PARSE_NONET | XML_PARSE_NOBLANKS);
  xmlNodePtr root;
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GString) out = g_string_new (NULL);

  g_assert_nonnull (doc);
  root = xmlDocGetRootElement (doc);
  for (xmlAttrPtr a = root->properties; a != NULL; a = a->next)
    {
      g_autofree char *v = attr (root, (const char *) a->name);
      if (!(g_str_equal ((const char *) a->name, "device") && g_str_equal (v, "disk")))
        g_ptr_array_add (lines, g_strdup_printf ("disk@%s=%s", a->name, v));
    }
  for (xmlNodePtr c = root->children; c != NULL; c = c->next)
    {
      xmlChar *content;

      if (c->type != XML_ELEMENT_NODE)
        continue;
      g_ptr_array_add (lines, g_strdup_printf ("%s", c->name));
      for (xmlAttrPtr a = c->properties; a != NULL; a = a->next)
        {
          g_autofree char *v = attr (c, (const char *) a->name);
          if (g_str_equal ((const char *) c->name, "driver") && g_str_equal ((const char *) a->name, "name") &&
              g_str_equal (v, "qemu"))
            continue;
          g_ptr_array_add (lines, g_strdup_printf ("%s@%s=%s", c->name, a->name, v));
        }
      content = xmlNodeGetContent (c);
      if (content != NULL && *content)
        g_ptr_array_add (lines, g_strdup_printf ("%s#%s", c->name, content));
      xmlFree (content);
    }
  xmlFreeDoc (doc);

  g_ptr_array_sort (lines, compare_lines);
  for (guint i = 0; i < lines->len; i++)
    g_string_append_printf (out, "%s\n", (const char *) g_ptr_array_index (lines, i));
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* ------------------------------------------------------------------ */
/* XML                                                                 */

static void
test_value_labels (void)
{
  g_assert_cmpstr (vsm_disk_value_to_label ("disk"), ==, "Disk");
  g_assert_cmpstr (vsm_disk_value_to_label ("cdrom"), ==, "CD/DVD drive");
  g_assert_cmpstr (vsm_disk_value_to_label ("floppy"), ==, "Floppy drive");
  g_assert_cmpstr (vsm_disk_value_to_label ("lun"), ==, "SCSI LUN");
  g_assert_cmpstr (vsm_disk_value_to_label ("default"), ==, "Hypervisor default");
  g_assert_cmpstr (vsm_disk_value_to_label ("virtio"), ==, "VirtIO");
  g_assert_cmpstr (vsm_disk_value_to_label ("ide"), ==, "IDE");
  /* libvirt's documented keywords stay as they are */
  g_assert_cmpstr (vsm_disk_value_to_label ("writeback"), ==, "writeback");
  g_assert_cmpstr (vsm_disk_value_to_label ("io_uring"), ==, "io_uring");
  g_assert_cmpstr (vsm_disk_value_to_label (NULL), ==, "");
}

static void
test_rng_matrix (void)
{
  guint n_valid = 0, n_invalid = 0, n_rng = 0;

  if (schema == NULL)
    {
      g_test_skip ("libvirt's domain.rng is not installed");
      return;
    }

  for (guint k = 0; k < G_N_ELEMENTS (kinds); k++)
    for (guint d = 0; d < G_N_ELEMENTS (devices); d++)
      for (guint b = 0; b < G_N_ELEMENTS (buses); b++)
        {
          g_autoptr(VsmDiskSpec) spec = make_spec (kinds[k], devices[d], buses[b]);
          g_autoptr(GError) verror = NULL;
          g_autoptr(GError) berror = NULL;
          g_autofree char *xml = NULL;
          g_autofree char *errors = NULL;
          gboolean expected = expect_valid (kinds[k], devices[d], buses[b]);
          gboolean valid = vsm_disk_spec_validate (spec, NULL, &verror);

          g_test_message ("%s %s %s: %s", kind_names[k], devices[d], buses[b],
                          valid ? "valid" : verror->message);
          if (valid != expected)
            g_error ("%s %s %s: expected %s, got %s", kind_names[k], devices[d], buses[b],
                     expected ? "valid" : "invalid", valid ? "valid" : verror->message);

          xml = vsm_disk_xml_build (spec, &berror);
          if (!valid)
            {
              g_assert_null (xml);
              g_assert_error (berror, VSM_ERROR, VSM_ERROR_INVALID_INPUT);
              g_assert_cmpstr (berror->message, ==, verror->message);
              n_invalid++;
              continue;
            }
          g_assert_no_error (berror);
          g_assert_nonnull (xml);
          n_valid++;

          if (!rng_valid (xml, &errors))
            g_error ("%s %s %s: not valid for domain.rng:\n%s\n%s", kind_names[k], devices[d], buses[b],
                     xml, errors);
          n_rng++;

          /* The same with every optional setting. */
          set_str (&spec->driver_type, kinds[k] == VSM_DISK_SOURCE_BLOCK || !g_str_equal (devices[d], "disk")
                                       ? "raw" : "qcow2");
          set_str (&spec->cache, "none");
          set_str (&spec->io, "native");
          set_str (&spec->discard, "unmap");
          set_str (&spec->serial, "SN-1 a.b+c_d");
          spec->shareable = g_str_equal (devices[d], "disk");
          spec->readonly = !g_str_equal (buses[b], "ide") && !g_str_equal (buses[b], "sata");
          g_clear_pointer (&xml, g_free);
          g_clear_pointer (&errors, g_free);
          xml = vsm_disk_xml_build (spec, &berror);
          g_assert_no_error (berror);
          g_assert_true (strstr (xml, "<driver name='qemu' type=") != NULL);
          g_assert_true (strstr (xml, " cache='none' io='native' discard='unmap'/>") != NULL);
          g_assert_true (strstr (xml, "<serial>SN-1 a.b+c_d</serial>") != NULL);
          if (!rng_valid (xml, &errors))
            g_error ("%s %s %s (all options): not valid for domain.rng:\n%s\n%s", kind_names[k],
                     devices[d], buses[b], xml, errors);
          n_rng++;
        }

  /* disk: 5 buses x 3 sources; cdrom: 4 buses x 4 sources (with empty);
   * floppy: fdc x 4; lun: scsi x block */
  g_assert_cmpuint (n_valid, ==, 15 + 16 + 4 + 1);
  g_assert_cmpuint (n_invalid, ==, 4 * 4 * 6 - n_valid);
  g_test_message ("%u valid combinations, %u RelaxNG validations, %u rejected", n_valid, n_rng, n_invalid);
}

static void
test_xml_exact (void)
{
  g_autoptr(VsmDiskSpec) vol = make_spec (VSM_DISK_SOURCE_VOLUME, "disk", "scsi");
  g_autoptr(VsmDiskSpec) cd = make_spec (VSM_DISK_SOURCE_FILE, "cdrom", "sata");
  g_autoptr(VsmDiskSpec) empty = make_spec (VSM_DISK_SOURCE_NONE, "cdrom", "ide");
  g_autoptr(VsmDiskSpec) lun = make_spec (VSM_DISK_SOURCE_BLOCK, "lun", "scsi");
  g_autofree char *x1 = NULL, *x2 = NULL, *x3 = NULL, *x4 = NULL;

  set_str (&vol->driver_type, "qcow2");
  set_str (&vol->target, "sdb");
  set_str (&vol->cache, "default");     /* "default" = left out */
  set_str (&vol->io, "default");
  set_str (&vol->discard, "default");
  x1 = vsm_disk_xml_build (vol, NULL);
  g_assert_cmpstr (x1, ==,
                   "<disk type='volume' device='disk'>\n"
                   "  <driver name='qemu' type='qcow2'/>\n"
                   "  <source pool='images' volume='disk1.qcow2'/>\n"
                   "  <target dev='sdb' bus='scsi'/>\n"
                   "</disk>\n");

  /* readonly is forced for a CD-ROM */
  g_assert_false (cd->readonly);
  set_str (&cd->driver_type, "raw");
  set_str (&cd->target, "sdc");
  x2 = vsm_disk_xml_build (cd, NULL);
  g_assert_cmpstr (x2, ==,
                   "<disk type='file' device='cdrom'>\n"
                   "  <driver name='qemu' type='raw'/>\n"
                   "  <source file='/var/lib/libvirt/images/install.iso'/>\n"
                   "  <target dev='sdc' bus='sata'/>\n"
                   "  <readonly/>\n"
                   "</disk>\n");

  x3 = vsm_disk_xml_build (empty, NULL);
  g_assert_cmpstr (x3, ==,
                   "<disk type='file' device='cdrom'>\n"
                   "  <target dev='hda' bus='ide'/>\n"
                   "  <readonly/>\n"
                   "</disk>\n");

  lun->shareable = TRUE;
  set_str (&lun->cache, "directsync");
  set_str (&lun->serial, "LUN 7");
  x4 = vsm_disk_xml_build (lun, NULL);
  g_assert_cmpstr (x4, ==,
                   "<disk type='block' device='lun'>\n"
                   "  <driver name='qemu' cache='directsync'/>\n"
                   "  <source dev='/dev/sdz'/>\n"
                   "  <target dev='sda' bus='scsi'/>\n"
                   "  <shareable/>\n"
                   "  <serial>LUN 7</serial>\n"
                   "</disk>\n");
}

static void
test_xml_escaping (void)
{
  const char *nasty = "/srv/it's <my> \"disk\" & more.img";
  g_autoptr(VsmDiskSpec) file = make_spec (VSM_DISK_SOURCE_FILE, "disk", "virtio");
  g_autoptr(VsmDiskSpec) vol = make_spec (VSM_DISK_SOURCE_VOLUME, "disk", "virtio");
  g_autofree char *x1 = NULL, *x2 = NULL, *errors = NULL;
  xmlDocPtr doc;
  xmlNodePtr source;
  g_autofree char *got = NULL, *gpool = NULL, *gvol = NULL;

  set_str (&file->path, nasty);
  x1 = vsm_disk_xml_build (file, NULL);
  g_assert_nonnull (x1);
  g_assert_nonnull (strstr (x1, "file='/srv/it&apos;s &lt;my&gt; &quot;disk&quot; &amp; more.img'"));
  doc = xmlReadMemory (x1, (int) strlen (x1), NULL, NULL, XML_PARSE_NONET);
  g_assert_nonnull (doc);
  source = first_child (xmlDocGetRootElement (doc), "source");
  got = attr (source, "file");
  g_assert_cmpstr (got, ==, nasty);
  xmlFreeDoc (doc);
  if (schema != NULL)
    g_assert_true (rng_valid (x1, &errors));

  set_str (&vol->pool, "p'&<>\"");
  set_str (&vol->volume, "v ' \" <b>&amp;");
  x2 = vsm_disk_xml_build (vol, NULL);
  doc = xmlReadMemory (x2, (int) strlen (x2), NULL, NULL, XML_PARSE_NONET);
  g_assert_nonnull (doc);
  source = first_child (xmlDocGetRootElement (doc), "source");
  gpool = attr (source, "pool");
  gvol = attr (source, "volume");
  g_assert_cmpstr (gpool, ==, "p'&<>\"");
  g_assert_cmpstr (gvol, ==, "v ' \" <b>&amp;");
  xmlFreeDoc (doc);
}

/* ------------------------------------------------------------------ */
/* Validation                                                          */

typedef struct
{
  const char        *name;
  VsmDiskSourceKind  kind;
  const char        *device;
  const char        *bus;
  const char        *target;     /* NULL: the suggestion */
  const char        *path;       /* NULL: make_spec's */
  const char        *pool;       /* "" clears; NULL keeps make_spec's */
  const char        *volume;
  const char        *cache;
  const char        *io;
  const char        *serial;
  const char        *driver_type;
  gboolean           readonly;
  int                code;       /* -1: valid */
} ValidationCase;

static const ValidationCase validation_cases[] = {
  { "file disk on virtio", VSM_DISK_SOURCE_FILE, "disk", "virtio", "vdb", .code = -1 },
  { "relative path", VSM_DISK_SOURCE_FILE, "disk", "virtio", "vdb", .path = "images/x.img", .code = VSM_ERROR_INVALID_INPUT },
  { "empty path", VSM_DISK_SOURCE_FILE, "disk", "virtio", "vdb", .path = "", .code = VSM_ERROR_INVALID_INPUT },
  { "relative block device", VSM_DISK_SOURCE_BLOCK, "disk", "scsi", "sdb", .path = "sdb", .code = VSM_ERROR_INVALID_INPUT },
  { "newline in path", VSM_DISK_SOURCE_FILE, "disk", "virtio", "vdb", .path = "/tmp/a\nb", .code = VSM_ERROR_INVALID_INPUT },
  { "volume without pool", VSM_DISK_SOURCE_VOLUME, "disk", "virtio", "vdb", .pool = "", .code = VSM_ERROR_INVALID_INPUT },
  { "volume without name", VSM_DISK_SOURCE_VOLUME, "disk", "virtio", "vdb", .volume = "", .code = VSM_ERROR_INVALID_INPUT },
  { "empty disk", VSM_DISK_SOURCE_NONE, "disk", "scsi", "sdb", .code = VSM_ERROR_INVALID_INPUT },
  { "empty cdrom", VSM_DISK_SOURCE_NONE, "cdrom", "sata", "sdc", .code = -1 },
  { "empty floppy", VSM_DISK_SOURCE_NONE, "floppy", "fdc", "fda", .code = -1 },
  { "lun on a file", VSM_DISK_SOURCE_FILE, "lun", "scsi", "sdb", .code = VSM_ERROR_INVALID_INPUT },
  { "lun on a volume", VSM_DISK_SOURCE_VOLUME, "lun", "scsi", "sdb", .code = VSM_ERROR_INVALID_INPUT },
  { "lun on virtio", VSM_DISK_SOURCE_BLOCK, "lun", "virtio", "vdb", .code = VSM_ERROR_INVALID_INPUT },
  { "lun block scsi", VSM_DISK_SOURCE_BLOCK, "lun", "scsi", "sdd", .code = -1 },
  { "floppy on sata", VSM_DISK_SOURCE_FILE, "floppy", "sata", "sdb", .code = VSM_ERROR_INVALID_INPUT },
  { "disk on fdc", VSM_DISK_SOURCE_FILE, "disk", "fdc", "fda", .code = VSM_ERROR_INVALID_INPUT },
  { "cdrom on virtio", VSM_DISK_SOURCE_FILE, "cdrom", "virtio", "vdb", .code = VSM_ERROR_INVALID_INPUT },
  { "target of another bus", VSM_DISK_SOURCE_FILE, "disk", "scsi", "vdb", .code = VSM_ERROR_INVALID_INPUT },
  { "target used", VSM_DISK_SOURCE_FILE, "disk", "virtio", "vda", .code = VSM_ERROR_EXISTS },
  { "sd* shared by sata and scsi", VSM_DISK_SOURCE_FILE, "cdrom", "sata", "sdb", .code = VSM_ERROR_EXISTS },
  { "digit in target", VSM_DISK_SOURCE_FILE, "disk", "virtio", "vd1", .code = VSM_ERROR_INVALID_INPUT },
  { "upper case target", VSM_DISK_SOURCE_FILE, "disk", "virtio", "vdB", .code = VSM_ERROR_INVALID_INPUT },
  { "bare prefix", VSM_DISK_SOURCE_FILE, "disk", "virtio", "vd", .code = VSM_ERROR_INVALID_INPUT },
  { "empty target", VSM_DISK_SOURCE_FILE, "disk", "virtio", "", .code = VSM_ERROR_INVALID_INPUT },
  { "unknown bus", VSM_DISK_SOURCE_FILE, "disk", "pci", "vdb", .code = VSM_ERROR_INVALID_INPUT },
  { "unknown device", VSM_DISK_SOURCE_FILE, "tape", "scsi", "sdb", .code = VSM_ERROR_INVALID_INPUT },
  { "unknown cache", VSM_DISK_SOURCE_FILE, "disk", "virtio", "vdb", .cache = "bogus", .code = VSM_ERROR_INVALID_INPUT },
  { "native io without direct cache", VSM_DISK_SOURCE_FILE, "disk", "virtio", "vdb", .io = "native", .code = VSM_ERROR_INVALID_INPUT },
  { "native io with cache none", VSM_DISK_SOURCE_FILE, "disk", "virtio", "vdb", .io = "native", .cache = "none", .code = -1 },
  { "serial with markup", VSM_DISK_SOURCE_FILE, "disk", "virtio", "vdb", .serial = "<x>", .code = VSM_ERROR_INVALID_INPUT },
  { "format with shell metacharacters", VSM_DISK_SOURCE_FILE, "disk", "virtio", "vdb", .driver_type = "qcow2;rm", .code = VSM_ERROR_INVALID_INPUT },
  { "readonly sata disk", VSM_DISK_SOURCE_FILE, "disk", "sata", "sdc", .readonly = TRUE, .code = VSM_ERROR_INVALID_INPUT },
  { "readonly sata cdrom", VSM_DISK_SOURCE_FILE, "cdrom", "sata", "sdc", .readonly = TRUE, .code = -1 },
  { "readonly virtio disk", VSM_DISK_SOURCE_FILE, "disk", "virtio", "vdc", .readonly = TRUE, .code = -1 },
};

static void
test_validation_table (void)
{
  /* vm1 of fixture-basic plus a SCSI disk */
  g_autoptr(GPtrArray) used = targets ("vda", "sda", "sdb", NULL);

  g_assert_cmpuint (G_N_ELEMENTS (validation_cases), >=, 15);
  for (guint i = 0; i < G_N_ELEMENTS (validation_cases); i++)
    {
      const ValidationCase *c = &validation_cases[i];
      g_autoptr(VsmDiskSpec) spec = make_spec (c->kind, c->device, c->bus);
      g_autoptr(GError) error = NULL;
      gboolean ok;

      if (c->target != NULL)
        set_str (&spec->target, c->target);
      if (c->path != NULL)
        set_str (&spec->path, c->path);
      if (c->pool != NULL)
        set_str (&spec->pool, *c->pool ? c->pool : NULL);
      if (c->volume != NULL)
        set_str (&spec->volume, *c->volume ? c->volume : NULL);
      if (c->cache != NULL)
        set_str (&spec->cache, c->cache);
      if (c->io != NULL)
        set_str (&spec->io, c->io);
      if (c->serial != NULL)
        set_str (&spec->serial, c->serial);
      if (c->driver_type != NULL)
        set_str (&spec->driver_type, c->driver_type);
      spec->readonly = c->readonly;

      ok = vsm_disk_spec_validate (spec, used, &error);
      g_test_message ("%s: %s", c->name, ok ? "valid" : error->message);
      if (c->code < 0)
        {
          if (!ok)
            g_error ("case “%s” should be valid: %s", c->name, error->message);
        }
      else
        {
          if (ok)
            g_error ("case “%s” should be invalid", c->name);
          g_assert_error (error, VSM_ERROR, c->code);
          g_assert_cmpstr (error->message, !=, "");
        }
    }
}

/* ------------------------------------------------------------------ */
/* Target names                                                        */

static void
assert_suggest (const char *bus,
                GPtrArray  *used,
                const char *expected)
{
  g_autofree char *got = vsm_disk_target_suggest (bus, used);

  g_assert_cmpstr (got, ==, expected);
}

static void
test_target_suggest (void)
{
  g_autoptr(GPtrArray) none = targets (NULL, NULL);
  g_autoptr(GPtrArray) vda = targets ("vda", NULL);
  g_autoptr(GPtrArray) gap = targets ("vda", "vdc", NULL);
  g_autoptr(GPtrArray) sd2 = targets ("sda", "sdb", NULL);
  g_autoptr(GPtrArray) mixed = targets ("vda", "sda", "hdc", "fda", NULL);
  g_autoptr(GPtrArray) all26 = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) many = g_ptr_array_new_with_free_func (g_free);

  g_assert_cmpstr (vsm_disk_target_prefix ("virtio"), ==, "vd");
  g_assert_cmpstr (vsm_disk_target_prefix ("scsi"), ==, "sd");
  g_assert_cmpstr (vsm_disk_target_prefix ("sata"), ==, "sd");
  g_assert_cmpstr (vsm_disk_target_prefix ("usb"), ==, "sd");
  g_assert_cmpstr (vsm_disk_target_prefix ("ide"), ==, "hd");
  g_assert_cmpstr (vsm_disk_target_prefix ("fdc"), ==, "fd");
  g_assert_null (vsm_disk_target_prefix ("xen"));
  g_assert_null (vsm_disk_target_prefix (NULL));

  assert_suggest ("virtio", NULL, "vda");
  assert_suggest ("virtio", none, "vda");
  assert_suggest ("virtio", vda, "vdb");
  assert_suggest ("virtio", gap, "vdb");
  assert_suggest ("scsi", sd2, "sdc");
  /* sata, usb and scsi share the sd* names */
  assert_suggest ("sata", sd2, "sdc");
  assert_suggest ("usb", sd2, "sdc");
  assert_suggest ("sata", mixed, "sdb");
  assert_suggest ("ide", mixed, "hda");
  assert_suggest ("fdc", mixed, "fdb");
  assert_suggest ("virtio", mixed, "vdb");
  g_assert_null (vsm_disk_target_suggest ("bogus", NULL));

  for (char c = 'a'; c <= 'z'; c++)
    g_ptr_array_add (all26, g_strdup_printf ("vd%c", c));
  assert_suggest ("virtio", all26, "vdaa");

  /* libvirt's index order: a..z, aa..az, ba..zz, aaa */
  for (guint i = 0; i < 26 + 26 * 26; i++)
    {
      g_autofree char *next = vsm_disk_target_suggest ("scsi", many);
      if (i == 26)
        g_assert_cmpstr (next, ==, "sdaa");
      else if (i == 27)
        g_assert_cmpstr (next, ==, "sdab");
      else if (i == 52)
        g_assert_cmpstr (next, ==, "sdba");
      else if (i == 701)
        g_assert_cmpstr (next, ==, "sdzz");
      g_ptr_array_add (many, g_steal_pointer (&next));
    }
  assert_suggest ("sata", many, "sdaaa");
}

static void
test_target_validate (void)
{
  g_autoptr(GPtrArray) used = targets ("vda", "sdc", NULL);
  struct { const char *target, *bus; int code; } cases[] = {
    { "vdb", "virtio", -1 },
    { "vdaa", "virtio", -1 },
    { "sdb", "scsi", -1 },
    { "sdb", "sata", -1 },
    { "sdz", "usb", -1 },
    { "hdc", "ide", -1 },
    { "fda", "fdc", -1 },
    { "vda", "virtio", VSM_ERROR_EXISTS },
    { "sdc", "usb", VSM_ERROR_EXISTS },
    { "sdb", "virtio", VSM_ERROR_INVALID_INPUT },
    { "vdb", "scsi", VSM_ERROR_INVALID_INPUT },
    { "hdb", "sata", VSM_ERROR_INVALID_INPUT },
    { "vd", "virtio", VSM_ERROR_INVALID_INPUT },
    { "vd1", "virtio", VSM_ERROR_INVALID_INPUT },
    { "vdb1", "virtio", VSM_ERROR_INVALID_INPUT },
    { "vd-b", "virtio", VSM_ERROR_INVALID_INPUT },
    { "VDB", "virtio", VSM_ERROR_INVALID_INPUT },
    { "vdé", "virtio", VSM_ERROR_INVALID_INPUT },
    { "vdaaaa", "virtio", VSM_ERROR_INVALID_INPUT },
    { "", "virtio", VSM_ERROR_INVALID_INPUT },
    { NULL, "virtio", VSM_ERROR_INVALID_INPUT },
    { "vdb", "bogus", VSM_ERROR_INVALID_INPUT },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      gboolean ok = vsm_disk_target_validate (cases[i].target, cases[i].bus, used, &error);

      g_test_message ("%s on %s: %s", cases[i].target, cases[i].bus, ok ? "ok" : error->message);
      if (cases[i].code < 0)
        {
          g_assert_no_error (error);
          g_assert_true (ok);
        }
      else
        {
          g_assert_false (ok);
          g_assert_error (error, VSM_ERROR, cases[i].code);
        }
    }
  /* no list: nothing is used */
  g_assert_true (vsm_disk_target_validate ("vda", "virtio", NULL, NULL));
}

static void
test_hotplug (void)
{
  g_assert_true (vsm_disk_bus_can_hotplug ("virtio", "disk"));
  g_assert_true (vsm_disk_bus_can_hotplug ("scsi", "disk"));
  g_assert_true (vsm_disk_bus_can_hotplug ("scsi", "cdrom"));
  g_assert_true (vsm_disk_bus_can_hotplug ("scsi", "lun"));
  g_assert_true (vsm_disk_bus_can_hotplug ("usb", "disk"));
  g_assert_true (vsm_disk_bus_can_hotplug ("usb", "cdrom"));
  g_assert_false (vsm_disk_bus_can_hotplug ("ide", "cdrom"));
  g_assert_false (vsm_disk_bus_can_hotplug ("ide", "disk"));
  g_assert_false (vsm_disk_bus_can_hotplug ("fdc", "floppy"));
  g_assert_false (vsm_disk_bus_can_hotplug ("sata", "disk"));
  g_assert_false (vsm_disk_bus_can_hotplug ("sata", "cdrom"));
  g_assert_false (vsm_disk_bus_can_hotplug ("bogus", "disk"));
  g_assert_false (vsm_disk_bus_can_hotplug (NULL, NULL));
}

static void
test_copy (void)
{
  g_autoptr(VsmDiskSpec) spec = make_spec (VSM_DISK_SOURCE_VOLUME, "disk", "scsi");
  g_autoptr(VsmDiskSpec) copy = NULL;
  g_autofree char *a = NULL, *b = NULL;

  set_str (&spec->driver_type, "qcow2");
  set_str (&spec->cache, "none");
  set_str (&spec->io, "native");
  set_str (&spec->discard, "unmap");
  set_str (&spec->serial, "S1");
  spec->shareable = TRUE;
  spec->readonly = TRUE;
  copy = vsm_disk_spec_copy (spec);
  g_assert_true (copy->pool != spec->pool);
  a = vsm_disk_xml_build (spec, NULL);
  b = vsm_disk_xml_build (copy, NULL);
  g_assert_nonnull (a);
  g_assert_cmpstr (a, ==, b);
}

/* ------------------------------------------------------------------ */
/* virsh                                                               */

static void
test_attach_command (void)
{
  g_autoptr(VsmDiskSpec) disk = make_spec (VSM_DISK_SOURCE_FILE, "disk", "virtio");
  g_autoptr(VsmDiskSpec) cd = make_spec (VSM_DISK_SOURCE_FILE, "cdrom", "sata");
  g_autoptr(VsmDiskSpec) blk = make_spec (VSM_DISK_SOURCE_BLOCK, "disk", "scsi");
  g_autoptr(VsmDiskSpec) lun = make_spec (VSM_DISK_SOURCE_BLOCK, "lun", "scsi");
  g_autoptr(VsmDiskSpec) vol = make_spec (VSM_DISK_SOURCE_VOLUME, "disk", "scsi");
  g_autoptr(VsmDiskSpec) quoted = make_spec (VSM_DISK_SOURCE_FILE, "cdrom", "scsi");
  g_autoptr(VsmDiskSpec) empty = make_spec (VSM_DISK_SOURCE_NONE, "cdrom", "scsi");
  g_autoptr(VsmDiskSpec) discard = make_spec (VSM_DISK_SOURCE_FILE, "disk", "virtio");
  g_autoptr(VsmDiskSpec) rosh = make_spec (VSM_DISK_SOURCE_FILE, "disk", "virtio");
  g_autoptr(VsmDiskSpec) shared = make_spec (VSM_DISK_SOURCE_FILE, "disk", "virtio");
  g_autoptr(VsmDiskSpec) floppy = make_spec (VSM_DISK_SOURCE_FILE, "floppy", "fdc");
  struct { VsmDiskSpec *spec; const char *uri, *domain; VsmAttachFlags flags; const char *expected; } cases[] = {
    { disk, "qemu:///system", "vm1", VSM_ATTACH_LIVE | VSM_ATTACH_CONFIG,
      "virsh attach-disk vm1 /var/lib/libvirt/images/disk2.img vdb --targetbus virtio --driver qemu --subdriver qcow2 --live --config" },
    { disk, NULL, "vm1", VSM_ATTACH_CONFIG,
      "virsh attach-disk vm1 /var/lib/libvirt/images/disk2.img vdb --targetbus virtio --driver qemu --subdriver qcow2 --config" },
    { disk, "qemu:///system", "vm1", 0,
      "virsh attach-disk vm1 /var/lib/libvirt/images/disk2.img vdb --targetbus virtio --driver qemu --subdriver qcow2" },
    { cd, "test:///default", "vm2", VSM_ATTACH_CONFIG,
      "virsh -c test:///default attach-disk vm2 /var/lib/libvirt/images/install.iso sdc --targetbus sata --type cdrom --driver qemu --subdriver raw --mode readonly --config" },
    { blk, "qemu+ssh://root@host.example/system", "my vm", VSM_ATTACH_LIVE,
      "virsh -c qemu+ssh://root@host.example/system attach-disk 'my vm' /dev/sdz sdb --targetbus scsi --sourcetype block --cache none --io native --serial 'SN 1' --live" },
    { lun, "qemu:///session", "vm1", VSM_ATTACH_LIVE | VSM_ATTACH_CONFIG,
      "virsh -c qemu:///session attach-disk vm1 /dev/sdz sda --targetbus scsi --sourcetype block --type lun --mode shareable --live --config" },
    { vol, "qemu:///system", "vm1", VSM_ATTACH_LIVE | VSM_ATTACH_CONFIG,
      "virsh attach-device vm1 disk.xml --live --config" },
    { vol, "qemu:///system?socket=/run/x y", "vm'1", VSM_ATTACH_CONFIG,
      "virsh -c 'qemu:///system?socket=/run/x y' attach-device 'vm'\\''1' disk.xml --config" },
    { quoted, "qemu:///system", "vm1", VSM_ATTACH_LIVE,
      "virsh attach-disk vm1 '/tmp/it'\\''s here.iso' sda --targetbus scsi --type cdrom --mode readonly --live" },
    { empty, "qemu:///system", "vm1", VSM_ATTACH_CONFIG,
      "virsh attach-device vm1 disk.xml --config" },
    { discard, "qemu:///system", "vm1", VSM_ATTACH_LIVE,
      "virsh attach-device vm1 disk.xml --live" },
    { rosh, "qemu:///system", "vm1", VSM_ATTACH_LIVE,
      "virsh attach-device vm1 disk.xml --live" },
    { shared, "qemu:///system", "vm1", VSM_ATTACH_LIVE,
      "virsh attach-disk vm1 /var/lib/libvirt/images/disk2.img vda --targetbus virtio --mode shareable --cache writethrough --live" },
    { floppy, "qemu:///system", "vm1", VSM_ATTACH_CONFIG,
      "virsh attach-disk vm1 /var/lib/libvirt/images/disk2.img fda --targetbus fdc --type floppy --mode readonly --config" },
  };

  set_str (&disk->target, "vdb");
  set_str (&disk->driver_type, "qcow2");
  set_str (&cd->target, "sdc");
  set_str (&cd->driver_type, "raw");
  set_str (&blk->target, "sdb");
  set_str (&blk->cache, "none");
  set_str (&blk->io, "native");
  set_str (&blk->serial, "SN 1");
  lun->shareable = TRUE;
  set_str (&quoted->path, "/tmp/it's here.iso");
  set_str (&discard->discard, "unmap");
  rosh->readonly = TRUE;
  rosh->shareable = TRUE;
  shared->shareable = TRUE;
  set_str (&shared->cache, "writethrough");
  floppy->readonly = TRUE;

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *cmd = vsm_attach_command (cases[i].spec, cases[i].uri, cases[i].domain, cases[i].flags);
      g_auto(GStrv) argv = NULL;

      g_assert_cmpstr (cmd, ==, cases[i].expected);
      /* and it parses back as a shell line */
      g_assert_true (g_shell_parse_argv (cmd, NULL, &argv, NULL));
      g_assert_cmpstr (argv[0], ==, "virsh");
    }
}

/* The attach-disk line, run with --print-xml against test:///default,
 * must describe the same <disk> as vsm_disk_xml_build(). */
static void
test_attach_command_matches_virsh (void)
{
  g_autofree char *virsh = g_find_program_in_path ("virsh");
  guint n_checked = 0;

  if (virsh == NULL)
    {
      g_test_skip ("virsh is not installed");
      return;
    }

  for (guint k = 0; k < G_N_ELEMENTS (kinds); k++)
    for (guint d = 0; d < G_N_ELEMENTS (devices); d++)
      for (guint b = 0; b < G_N_ELEMENTS (buses); b++)
        for (guint variant = 0; variant < 3; variant++)
          {
            g_autoptr(VsmDiskSpec) spec = make_spec (kinds[k], devices[d], buses[b]);
            g_autofree char *xml = NULL;
            g_autofree char *cmd = NULL;
            g_autofree char *out = NULL;
            g_autofree char *err = NULL;
            g_autofree char *want = NULL;
            g_autofree char *have = NULL;
            g_autoptr(GError) error = NULL;
            g_auto(GStrv) argv = NULL;
            g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
            g_auto(GStrv) full = NULL;
            int status = -1;

            if (!vsm_disk_spec_validate (spec, NULL, NULL))
              continue;
            if (variant == 1)
              {
                set_str (&spec->driver_type, "raw");
                set_str (&spec->cache, "none");
                set_str (&spec->io, "native");
                set_str (&spec->serial, "S 1");
                if (kinds[k] != VSM_DISK_SOURCE_NONE)
                  set_str (&spec->path, "/srv/a 'b' \"c\" & <d>.img");
              }
            else if (variant == 2)
              {
                spec->shareable = !g_str_equal (devices[d], "cdrom");
                set_str (&spec->cache, "writeback");
              }
            xml = vsm_disk_xml_build (spec, &error);
            g_assert_no_error (error);
            cmd = vsm_attach_command (spec, "test:///default", "test", VSM_ATTACH_LIVE | VSM_ATTACH_CONFIG);
            if (strstr (cmd, " attach-disk ") == NULL)
              continue;

            g_assert_true (g_shell_parse_argv (cmd, NULL, &argv, NULL));
            g_strv_builder_add_many (builder, virsh, "-q", NULL);
            for (guint i = 1; argv[i] != NULL; i++)
              g_strv_builder_add (builder, argv[i]);
            g_strv_builder_add (builder, "--print-xml");
            full = g_strv_builder_end (builder);
            g_assert_true (g_spawn_sync (NULL, full, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                                         &out, &err, &status, &error));
            g_assert_no_error (error);
            if (!g_spawn_check_wait_status (status, NULL))
              g_error ("%s failed: %s", cmd, err);

            want = canonical_disk (xml);
            have = canonical_disk (out);
            if (g_strcmp0 (want, have) != 0)
              g_error ("%s\nprints\n%s\nbut the spec's XML is\n%s", cmd, out, xml);
            n_checked++;
          }
  g_test_message ("%u attach-disk lines match virsh --print-xml", n_checked);
  g_assert_cmpuint (n_checked, >=, 30);
}

int
main (int   argc,
      char *argv[])
{
  xmlRelaxNGParserCtxtPtr pctxt;
  int rc;

  g_test_init (&argc, &argv, NULL);

  if (g_file_test (DOMAIN_RNG, G_FILE_TEST_EXISTS))
    {
      pctxt = xmlRelaxNGNewParserCtxt (DOMAIN_RNG);
      schema = xmlRelaxNGParse (pctxt);
      xmlRelaxNGFreeParserCtxt (pctxt);
      g_assert_nonnull (schema);
    }

  g_test_add_func ("/attach/spec/value-labels", test_value_labels);
  g_test_add_func ("/attach/spec/rng-matrix", test_rng_matrix);
  g_test_add_func ("/attach/spec/xml-exact", test_xml_exact);
  g_test_add_func ("/attach/spec/xml-escaping", test_xml_escaping);
  g_test_add_func ("/attach/spec/validation-table", test_validation_table);
  g_test_add_func ("/attach/spec/target-suggest", test_target_suggest);
  g_test_add_func ("/attach/spec/target-validate", test_target_validate);
  g_test_add_func ("/attach/spec/hotplug", test_hotplug);
  g_test_add_func ("/attach/spec/copy", test_copy);
  g_test_add_func ("/attach/spec/attach-command", test_attach_command);
  g_test_add_func ("/attach/spec/attach-command-virsh", test_attach_command_matches_virsh);

  rc = g_test_run ();
  if (schema != NULL)
    xmlRelaxNGFree (schema);
  return rc;
}
