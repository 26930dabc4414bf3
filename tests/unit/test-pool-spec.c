/* test-pool-spec.c
 *
 * VsmPoolSpec: pool and secret XML against hand-written golden files and
 * libvirt's RelaxNG schemas, escaping, validators, virsh command lines,
 * and the pure parsers of vsm-pool-ops.c.
 *
 * Copyright 2026 Virt Storage developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <string.h>

#include "vsm-error.h"
#include "vsm-pool-ops.h"
#include "vsm-pool-spec.h"
#include "vsm-pool-type.h"
#include "vsm-test-utils.h"

static char *
read_golden (const char *name)
{
  g_autofree char *file = g_strconcat (name, ".xml", NULL);
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "pools", file, NULL);
  g_autoptr(GError) error = NULL;
  char *contents = NULL;

  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);
  return contents;
}

/* ------------------------------------------------------------------ */
/* The golden specs                                                    */

static void
add (GPtrArray  *array,
     const char *value)
{
  g_ptr_array_add (array, g_strdup (value));
}

static VsmPoolSpec *
golden_spec (const char *golden)
{
  VsmPoolSpec *spec;

  if (g_str_equal (golden, "dir"))
    {
      spec = vsm_pool_spec_new ("dir");
      spec->name = g_strdup ("images2");
      spec->target_path = g_strdup ("/var/lib/libvirt/images2");
      spec->target_mode = g_strdup ("0711");
      spec->target_owner = g_strdup ("107");
      spec->target_group = g_strdup ("107");
    }
  else if (g_str_equal (golden, "fs"))
    {
      spec = vsm_pool_spec_new ("fs");
      spec->name = g_strdup ("fsdata");
      add (spec->devices, "/dev/vdb1");
      spec->source_format = g_strdup ("ext4");
      spec->target_path = g_strdup ("/srv/fsdata");
    }
  else if (g_str_equal (golden, "netfs"))
    {
      spec = vsm_pool_spec_new ("netfs");
      spec->name = g_strdup ("nfs-share");
      add (spec->hosts, "nfs.example.com");
      spec->source_dir = g_strdup ("/export/vms");
      spec->source_format = g_strdup ("nfs");
      spec->protocol_version = g_strdup ("4");
      spec->target_path = g_strdup ("/var/lib/libvirt/nfs-share");
    }
  else if (g_str_equal (golden, "logical"))
    {
      /* No format and no target: lvm2 and /dev/<VG> are filled in. */
      spec = vsm_pool_spec_new ("logical");
      spec->name = g_strdup ("vgpool");
      add (spec->devices, "/dev/sdc");
      add (spec->devices, "/dev/sdd");
      spec->source_name = g_strdup ("vgdata");
    }
  else if (g_str_equal (golden, "disk"))
    {
      spec = vsm_pool_spec_new ("disk");
      spec->name = g_strdup ("sdb");
      add (spec->devices, "/dev/sdb");
      spec->source_format = g_strdup ("gpt");
    }
  else if (g_str_equal (golden, "iscsi"))
    {
      spec = vsm_pool_spec_new ("iscsi");
      spec->name = g_strdup ("san");
      add (spec->hosts, "san.example.com:3260");
      add (spec->devices, "iqn.2024-01.com.example:storage.lun1");
      spec->initiator_iqn = g_strdup ("iqn.2024-01.com.example:client");
      spec->auth_username = g_strdup ("chapuser");
    }
  else if (g_str_equal (golden, "scsi"))
    {
      spec = vsm_pool_spec_new ("scsi");
      spec->name = g_strdup ("hba0");
      spec->adapter_type = g_strdup ("scsi_host");
      spec->adapter_name = g_strdup ("host0");
    }
  else if (g_str_equal (golden, "scsi-fc"))
    {
      spec = vsm_pool_spec_new ("scsi");
      spec->name = g_strdup ("vhba");
      spec->adapter_type = g_strdup ("fc_host");
      spec->adapter_parent = g_strdup ("scsi_host5");
      spec->adapter_wwnn = g_strdup ("20000000c9831b4b");
      spec->adapter_wwpn = g_strdup ("10000000c9831b4b");
    }
  else if (g_str_equal (golden, "iscsi-direct"))
    {
      spec = vsm_pool_spec_new ("iscsi-direct");
      spec->name = g_strdup ("direct");
      add (spec->hosts, "192.168.1.10");
      add (spec->devices, "iqn.2024-01.com.example:storage");
      spec->initiator_iqn = g_strdup ("iqn.2024-01.com.example:client");
    }
  else if (g_str_equal (golden, "rbd"))
    {
      spec = vsm_pool_spec_new ("rbd");
      spec->name = g_strdup ("ceph");
      add (spec->hosts, "mon1.example.com:6789");
      add (spec->hosts, "mon2.example.com:6789");
      spec->source_name = g_strdup ("rbdpool");
      spec->auth_username = g_strdup ("libvirt");
      spec->secret_usage = g_strdup ("client.libvirt secret");
    }
  else if (g_str_equal (golden, "gluster"))
    {
      spec = vsm_pool_spec_new ("gluster");
      spec->name = g_strdup ("gv");
      add (spec->hosts, "gluster.example.com");
      spec->source_dir = g_strdup ("/vms");
      spec->source_name = g_strdup ("gv0");
    }
  else
    g_assert_not_reached ();

  return spec;
}

static const char * const goldens[] = {
  "dir", "fs", "netfs", "logical", "disk", "iscsi", "scsi", "scsi-fc", "iscsi-direct", "rbd", "gluster",
};

static void
test_golden (gconstpointer data)
{
  const char *golden = data;
  g_autoptr(VsmPoolSpec) spec = golden_spec (golden);
  g_autoptr(VsmPoolSpec) copy = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *expected = read_golden (golden);
  g_autofree char *xml = NULL;
  g_autofree char *xml2 = NULL;

  g_assert_true (vsm_pool_spec_validate (spec, NULL, &error));
  g_assert_no_error (error);

  xml = vsm_pool_xml_build (spec, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (xml, ==, expected);
  vsm_test_assert_valid_xml (xml, "storagepool.rng");

  /* A deep copy builds the same document, and survives the original. */
  copy = vsm_pool_spec_copy (spec);
  g_clear_pointer (&spec, vsm_pool_spec_free);
  xml2 = vsm_pool_xml_build (copy, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (xml2, ==, expected);

  /* Passwords are never part of a spec: the pool only names a usage. */
  if (strstr (xml, "<auth") != NULL)
    g_assert_nonnull (strstr (xml, "<secret usage='"));
}

/* The pool-type table against libvirt: every type the wizard offers has a
 * golden spec here; with each source format the table names, its XML
 * still validates against storagepool.rng and passes our validation; a
 * format outside the table is refused before libvirt sees it; the
 * derived facts (hosts, devices, source name, auth, target) match what
 * the golden XML holds. */
static void
test_table_matches_libvirt (void)
{
  guint n_types = 0, n_checked = 0;
  const VsmPoolTypeInfo *types = vsm_pool_type_get_all (&n_types);

  for (guint t = 0; t < n_types; t++)
    {
      const VsmPoolTypeInfo *info = &types[t];
      g_autofree char *golden = NULL;
      g_autofree char *formats = NULL;

      if (!info->in_wizard)
        continue;
      golden = read_golden (info->id);
      formats = info->formats ? g_strjoinv (" ", (char **) info->formats) : g_strdup ("(none)");
      g_test_message ("%s: formats %s", info->id, formats);
      g_assert_cmpint (vsm_pool_type_has_hosts (info), ==, strstr (golden, "<host ") != NULL);
      g_assert_cmpint (vsm_pool_type_has_devices (info), ==, strstr (golden, "<device ") != NULL);
      g_assert_cmpint (vsm_pool_type_has_source_name (info), ==, strstr (golden, "    <name>") != NULL);
      g_assert_cmpint (info->has_target_path, ==, strstr (golden, "<target>") != NULL);
      if (vsm_pool_type_has_auth (info))
        g_assert_nonnull (info->auth_type);
      for (guint f = 0; info->formats != NULL && info->formats[f] != NULL; f++)
        {
          g_autoptr(VsmPoolSpec) spec = golden_spec (info->id);
          g_autoptr(GError) error = NULL;
          g_autofree char *xml = NULL;
          g_autofree char *want = g_strdup_printf ("<format type='%s'/>", info->formats[f]);

          g_free (spec->source_format);
          spec->source_format = g_strdup (info->formats[f]);
          /* a protocol version belongs to NFS alone */
          if (!g_str_equal (info->formats[f], "nfs"))
            g_clear_pointer (&spec->protocol_version, g_free);
          g_assert_true (vsm_pool_spec_validate (spec, NULL, &error));
          g_assert_no_error (error);
          xml = vsm_pool_xml_build (spec, &error);
          g_assert_no_error (error);
          g_assert_nonnull (strstr (xml, want));
          vsm_test_assert_valid_xml (xml, "storagepool.rng");
          n_checked++;
        }
      if (info->formats != NULL)
        {
          g_autoptr(VsmPoolSpec) spec = golden_spec (info->id);
          g_autoptr(GError) error = NULL;

          g_free (spec->source_format);
          spec->source_format = g_strdup ("btrfs-or-anything-else");
          g_assert_false (vsm_pool_spec_validate (spec, NULL, &error));
          g_assert_error (error, VSM_ERROR, VSM_ERROR_INVALID_INPUT);
        }
    }
  /* fs 14, netfs 4, logical 2, disk 9 */
  g_assert_cmpuint (n_checked, ==, 29);
}

static void
test_golden_files_valid (void)
{
  /* The golden files themselves, straight against the schema. */
  for (guint i = 0; i < G_N_ELEMENTS (goldens); i++)
    {
      g_autofree char *xml = read_golden (goldens[i]);
      vsm_test_assert_valid_xml (xml, "storagepool.rng");
    }
}

/* Every type, with permissions and ports and anything optional set, still
 * validates. */
static void
test_all_types_valid_variants (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (goldens); i++)
    {
      g_autoptr(VsmPoolSpec) spec = golden_spec (goldens[i]);
      g_autoptr(GError) error = NULL;
      g_autofree char *xml = NULL;

      g_free (spec->target_mode);
      spec->target_mode = g_strdup ("755");
      g_free (spec->target_owner);
      spec->target_owner = g_strdup ("-1");
      if (spec->hosts->len > 0 && g_str_equal (spec->type, "gluster"))
        {
          g_ptr_array_set_size (spec->hosts, 0);
          add (spec->hosts, "[fd00::10]:24007");
        }
      xml = vsm_pool_xml_build (spec, &error);
      g_assert_no_error (error);
      vsm_test_assert_valid_xml (xml, "storagepool.rng");
    }
}

static void
test_defaults (void)
{
  g_autoptr(VsmPoolSpec) dir = vsm_pool_spec_new ("dir");
  g_autoptr(VsmPoolSpec) disk = vsm_pool_spec_new ("disk");
  g_autoptr(VsmPoolSpec) logical = vsm_pool_spec_new ("logical");
  g_autoptr(GError) error = NULL;
  g_autofree char *xml = NULL;

  g_assert_true (dir->persistent);
  g_assert_true (dir->start);
  g_assert_true (dir->autostart);
  g_assert_cmpint (dir->build, ==, VSM_BUILD_DEFAULT);
  g_assert_cmpint (disk->build, ==, VSM_BUILD_NONE);
  g_assert_cmpint (logical->build, ==, VSM_BUILD_NONE);
  g_assert_nonnull (dir->hosts);
  g_assert_nonnull (dir->devices);

  /* Logical with only the pool name: libvirt's default VG = pool name. */
  logical->name = g_strdup ("vg1");
  add (logical->devices, "/dev/vdc");
  xml = vsm_pool_xml_build (logical, &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (xml, "<path>/dev/vg1</path>"));
  g_assert_null (strstr (xml, "<name>vg1</name>\n    <format"));
  vsm_test_assert_valid_xml (xml, "storagepool.rng");

  /* NULL arrays are tolerated everywhere. */
  g_clear_pointer (&dir->hosts, g_ptr_array_unref);
  g_clear_pointer (&dir->devices, g_ptr_array_unref);
  dir->name = g_strdup ("d");
  dir->target_path = g_strdup ("/d");
  g_clear_pointer (&xml, g_free);
  xml = vsm_pool_xml_build (dir, &error);
  g_assert_no_error (error);
  {
    g_autoptr(VsmPoolSpec) copy = vsm_pool_spec_copy (dir);
    g_autofree char *cmds = vsm_pool_commands (copy, NULL);
    g_assert_nonnull (cmds);
  }
  vsm_pool_spec_free (NULL);
  g_assert_null (vsm_pool_spec_copy (NULL));
}

/* ------------------------------------------------------------------ */
/* Escaping                                                            */

static char *
first_text (xmlDocPtr   doc,
            const char *element)
{
  for (xmlNodePtr c = xmlDocGetRootElement (doc)->children; c != NULL; c = c->next)
    if (c->type == XML_ELEMENT_NODE && g_str_equal ((const char *) c->name, element))
      {
        xmlChar *t = xmlNodeGetContent (c);
        char *ret = g_strdup ((const char *) t);
        xmlFree (t);
        return ret;
      }
  return NULL;
}

static void
test_escaping (void)
{
  const char *name = "a<b>&c'\"d";
  const char *path = "/srv/x<y>&'\"z/p o";
  g_autoptr(VsmPoolSpec) spec = vsm_pool_spec_new ("dir");
  g_autoptr(VsmPoolSpec) netfs = vsm_pool_spec_new ("netfs");
  g_autoptr(VsmPoolSpec) iscsi = golden_spec ("iscsi");
  g_autoptr(GError) error = NULL;
  g_autofree char *xml = NULL;
  g_autofree char *xml2 = NULL;
  g_autofree char *xml3 = NULL;
  g_autofree char *got_name = NULL;
  xmlDocPtr doc;
  xmlNodePtr target;
  xmlChar *got_path;

  spec->name = g_strdup (name);
  spec->target_path = g_strdup (path);
  xml = vsm_pool_xml_build (spec, &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (xml, "<name>a&lt;b&gt;&amp;c&apos;&quot;d</name>"));
  g_assert_null (strstr (xml, "a<b"));
  vsm_test_assert_valid_xml (xml, "storagepool.rng");

  doc = xmlReadMemory (xml, (int) strlen (xml), NULL, NULL, XML_PARSE_NONET);
  g_assert_nonnull (doc);
  got_name = first_text (doc, "name");
  g_assert_cmpstr (got_name, ==, name);
  target = xmlDocGetRootElement (doc)->children;
  while (target != NULL && !(target->type == XML_ELEMENT_NODE && g_str_equal ((const char *) target->name, "target")))
    target = target->next;
  g_assert_nonnull (target);
  got_path = xmlNodeGetContent (target);
  g_assert_nonnull (strstr ((const char *) got_path, path));
  xmlFree (got_path);
  xmlFreeDoc (doc);

  /* Attributes: metacharacters in a device path, a source dir, a user. */
  netfs->name = g_strdup ("n'q");
  add (netfs->hosts, "nfs.example.com");
  netfs->source_dir = g_strdup ("/export/it's \"here\" & <there>");
  netfs->target_path = g_strdup ("/mnt/n'q");
  xml2 = vsm_pool_xml_build (netfs, &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (xml2, "<dir path='/export/it&apos;s &quot;here&quot; &amp; &lt;there&gt;'/>"));
  vsm_test_assert_valid_xml (xml2, "storagepool.rng");
  doc = xmlReadMemory (xml2, (int) strlen (xml2), NULL, NULL, XML_PARSE_NONET);
  g_assert_nonnull (doc);
  xmlFreeDoc (doc);

  g_free (iscsi->auth_username);
  iscsi->auth_username = g_strdup ("o'neil&\"co\"");
  g_free (iscsi->name);
  iscsi->name = g_strdup ("san<1>");
  xml3 = vsm_pool_xml_build (iscsi, &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (xml3, "username='o&apos;neil&amp;&quot;co&quot;'"));
  g_assert_nonnull (strstr (xml3, "<secret usage='virt-storage:san&lt;1&gt;'/>"));
  vsm_test_assert_valid_xml (xml3, "storagepool.rng");
}

/* ------------------------------------------------------------------ */
/* Secrets                                                             */

static void
test_secret_xml (void)
{
  g_autoptr(VsmPoolSpec) iscsi = golden_spec ("iscsi");
  g_autoptr(VsmPoolSpec) rbd = golden_spec ("rbd");
  g_autofree char *usage = vsm_pool_spec_secret_usage (iscsi);
  g_autofree char *rbd_usage = vsm_pool_spec_secret_usage (rbd);
  g_autofree char *expected_iscsi = read_golden ("secret-iscsi");
  g_autofree char *expected_ceph = read_golden ("secret-ceph");
  g_autofree char *xml_iscsi = NULL;
  g_autofree char *xml_ceph = NULL;
  g_autofree char *xml_plain = NULL;
  g_autofree char *xml_meta = NULL;

  g_assert_cmpstr (usage, ==, "virt-storage:san");
  g_assert_cmpstr (rbd_usage, ==, "client.libvirt secret");
  g_assert_cmpstr (vsm_pool_type_secret_usage_type ("iscsi"), ==, "iscsi");
  g_assert_cmpstr (vsm_pool_type_secret_usage_type ("iscsi-direct"), ==, "iscsi");
  g_assert_cmpstr (vsm_pool_type_secret_usage_type ("rbd"), ==, "ceph");
  g_assert_null (vsm_pool_type_secret_usage_type ("dir"));
  g_assert_null (vsm_pool_type_secret_usage_type (NULL));

  xml_iscsi = vsm_secret_xml_build ("iscsi", usage, "CHAP password for pool san");
  g_assert_cmpstr (xml_iscsi, ==, expected_iscsi);
  vsm_test_assert_valid_xml (xml_iscsi, "secret.rng");

  xml_ceph = vsm_secret_xml_build ("ceph", rbd_usage, "cephx key for pool ceph");
  g_assert_cmpstr (xml_ceph, ==, expected_ceph);
  vsm_test_assert_valid_xml (xml_ceph, "secret.rng");

  xml_plain = vsm_secret_xml_build ("iscsi", "x", NULL);
  g_assert_null (strstr (xml_plain, "description"));
  vsm_test_assert_valid_xml (xml_plain, "secret.rng");

  xml_meta = vsm_secret_xml_build ("ceph", "a<b>&'\"", "d<&>'\"");
  g_assert_nonnull (strstr (xml_meta, "<name>a&lt;b&gt;&amp;&apos;&quot;</name>"));
  vsm_test_assert_valid_xml (xml_meta, "secret.rng");

  g_assert_null (vsm_secret_xml_build ("volume", "x", NULL));
  g_assert_null (vsm_secret_xml_build (NULL, "x", NULL));
}

/* ------------------------------------------------------------------ */
/* Validators                                                          */

typedef struct
{
  const char *text;
  gboolean    ok;
} Case;

static void
run_cases (const char   *what,
           gboolean    (*func) (const char *, GError **),
           const Case   *cases,
           gsize         n)
{
  for (gsize i = 0; i < n; i++)
    {
      g_autoptr(GError) error = NULL;
      gboolean ok = func (cases[i].text, &error);

      if (ok != cases[i].ok)
        g_error ("%s “%s”: expected %s, got %s (%s)", what, cases[i].text ? cases[i].text : "(null)",
                 cases[i].ok ? "valid" : "invalid", ok ? "valid" : "invalid",
                 error ? error->message : "no error");
      if (ok)
        g_assert_no_error (error);
      else
        {
          g_assert_error (error, VSM_ERROR, VSM_ERROR_INVALID_INPUT);
          g_assert_true (g_utf8_validate (error->message, -1, NULL));
          g_assert_cmpstr (error->message, !=, "");
        }
    }
}

static gboolean
name_no_existing (const char  *name,
                  GError     **error)
{
  return vsm_pool_name_validate (name, NULL, error);
}

static gboolean
port_only (const char  *text,
           GError     **error)
{
  return vsm_port_validate (text, NULL, error);
}

static guint n_cases;

#define RUN(what, func, table) \
  G_STMT_START { run_cases (what, func, table, G_N_ELEMENTS (table)); n_cases += G_N_ELEMENTS (table); } G_STMT_END

static void
test_validators (void)
{
  g_autofree char *long_name = g_strnfill (256, 'a');
  g_autofree char *max_name = g_strnfill (255, 'a');
  const Case names[] = {
    { "default", TRUE },
    { "my pool", TRUE },
    { "pool-1_x.y", TRUE },
    { "a<b&c'\"d", TRUE },
    { "ünïcödé", TRUE },
    { max_name, TRUE },
    { "", FALSE },
    { NULL, FALSE },
    { "a/b", FALSE },
    { ".hidden", FALSE },
    { "tab\there", FALSE },
    { "line\nbreak", FALSE },
    { "del\x7f", FALSE },
    { long_name, FALSE },
    { "bad\xff", FALSE },
  };
  const Case paths[] = {
    { "/", TRUE },
    { "/var/lib/libvirt/images", TRUE },
    { "/srv/with space/x", TRUE },
    { "/a..b/c.", TRUE },
    { "/x/./y", TRUE },
    { "", FALSE },
    { NULL, FALSE },
    { "relative/path", FALSE },
    { "~/images", FALSE },
    { "/a/../b", FALSE },
    { "/a/..", FALSE },
    { "/a\nb", FALSE },
    { "/a\rb", FALSE },
  };
  const Case ports[] = {
    { "3260", TRUE },
    { "1", TRUE },
    { "65535", TRUE },
    { "0", FALSE },
    { "65536", FALSE },
    { "abc", FALSE },
    { "", FALSE },
    { "-1", FALSE },
    { "+22", FALSE },
    { " 22", FALSE },
    { "22 ", FALSE },
    { "99999999999999999999", FALSE },
  };
  const Case hosts[] = {
    { "example.com", TRUE },
    { "nfs-1.example.org:2049", TRUE },
    { "192.168.1.10", TRUE },
    { "192.168.1.10:3260", TRUE },
    { "[::1]:3260", TRUE },
    { "[fd00::1]", TRUE },
    { "::1", TRUE },
    { "localhost", TRUE },
    { "bad host", FALSE },
    { "", FALSE },
    { "host:", FALSE },
    { "host:0", FALSE },
    { "host:abc", FALSE },
    { "1.2.3.4:70000", FALSE },
    { "[::1", FALSE },
    { "[::1]x", FALSE },
    { "[example.com]:22", FALSE },
    { "-bad.example.com", FALSE },
    { "a..b", FALSE },
  };
  const Case iqns[] = {
    { "iqn.2024-01.org.example:tgt", TRUE },
    { "iqn.1992-08.com.netapp:sn.12345", TRUE },
    { "iqn.2024-12.com.example", TRUE },
    { "iqn.2010-10.org.openstack:volume-00000001", TRUE },
    { "eui.02004567A425678D", TRUE },
    { "eui.02004567a425678d", TRUE },
    { "naa.52004567BA64678D", TRUE },
    { "naa.60012345678901234567890123456789", TRUE },
    { "iqn.2024-13.org.example", FALSE },
    { "iqn.2024-00.org.example", FALSE },
    { "iqn.24-01.org.example", FALSE },
    { "iqn.2024-1.org.example", FALSE },
    { "iqn.2024-01.", FALSE },
    { "iqn.2024-01", FALSE },
    { "iqn.2024-01.org..example", FALSE },
    { "iqn.2024-01.org_example", FALSE },
    { "iqn.2024-01.org.example:", FALSE },
    { "iqn.2024-01.org.example:has space", FALSE },
    { "IQN.2024-01.org.example", FALSE },
    { "eui.123", FALSE },
    { "eui.02004567A425678G", FALSE },
    { "naa.1234", FALSE },
    { "naa.600123456789012345678901234567", FALSE },
    { "", FALSE },
    { NULL, FALSE },
  };
  const Case wwns[] = {
    { "5001a4a0c1d2e3f4", TRUE },
    { "0x5001a4a0c1d2e3f4", TRUE },
    { "5001A4A0C1D2E3F4", TRUE },
    { "5001a4a0c1d2e3", FALSE },
    { "5001a4a0c1d2e3f4a", FALSE },
    { "0x", FALSE },
    { "zz01a4a0c1d2e3f4", FALSE },
    { "50:01:a4:a0:c1:d2:e3:f4", FALSE },
    { "", FALSE },
  };
  g_autoptr(GHashTable) existing = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GError) error = NULL;
  guint port = 0;

  n_cases = 0;
  RUN ("name", name_no_existing, names);
  RUN ("path", vsm_absolute_path_validate, paths);
  RUN ("port", port_only, ports);
  RUN ("host", vsm_host_port_validate, hosts);
  RUN ("iqn", vsm_iqn_validate, iqns);
  RUN ("wwn", vsm_wwn_validate, wwns);
  g_test_message ("%u validator cases", n_cases);
  g_assert_cmpuint (n_cases, >=, 40);

  g_assert_true (vsm_port_validate ("3260", &port, &error));
  g_assert_cmpuint (port, ==, 3260);

  g_hash_table_add (existing, (gpointer) "images");
  g_assert_false (vsm_pool_name_validate ("images", existing, &error));
  g_assert_error (error, VSM_ERROR, VSM_ERROR_EXISTS);
  g_clear_error (&error);
  /* libvirt's names are case-sensitive. */
  g_assert_true (vsm_pool_name_validate ("Images", existing, &error));
  g_assert_no_error (error);
}

typedef struct
{
  const char *what;
  void      (*mutate) (VsmPoolSpec *spec);
  const char *golden;
} SpecCase;

static void m_no_host (VsmPoolSpec *s) { g_ptr_array_set_size (s->hosts, 0); }
static void m_two_hosts (VsmPoolSpec *s) { add (s->hosts, "other.example.com"); }
static void m_bad_host (VsmPoolSpec *s) { g_ptr_array_set_size (s->hosts, 0); add (s->hosts, "bad host"); }
static void m_no_dir (VsmPoolSpec *s) { g_clear_pointer (&s->source_dir, g_free); }
static void m_rel_dir (VsmPoolSpec *s) { g_free (s->source_dir); s->source_dir = g_strdup ("export"); }
static void m_no_target (VsmPoolSpec *s) { g_clear_pointer (&s->target_path, g_free); }
static void m_rel_target (VsmPoolSpec *s) { g_free (s->target_path); s->target_path = g_strdup ("images"); }
static void m_no_device (VsmPoolSpec *s) { g_ptr_array_set_size (s->devices, 0); }
static void m_two_devices (VsmPoolSpec *s) { add (s->devices, "/dev/vdz"); }
static void m_no_initiator (VsmPoolSpec *s) { g_clear_pointer (&s->initiator_iqn, g_free); }
static void m_bad_initiator (VsmPoolSpec *s) { g_free (s->initiator_iqn); s->initiator_iqn = g_strdup ("iqn.24-01.x"); }
static void m_bad_target_iqn (VsmPoolSpec *s) { g_ptr_array_set_size (s->devices, 0); add (s->devices, "/dev/sdb"); }
static void m_no_adapter (VsmPoolSpec *s) { g_clear_pointer (&s->adapter_name, g_free); }
static void m_bad_adapter (VsmPoolSpec *s) { g_free (s->adapter_name); s->adapter_name = g_strdup ("sda"); }
static void m_bad_wwn (VsmPoolSpec *s) { g_free (s->adapter_wwpn); s->adapter_wwpn = g_strdup ("123"); }
static void m_no_wwpn (VsmPoolSpec *s) { g_clear_pointer (&s->adapter_wwpn, g_free); }
static void m_bad_adapter_type (VsmPoolSpec *s) { g_free (s->adapter_type); s->adapter_type = g_strdup ("usb"); }
static void m_no_name_no_dev (VsmPoolSpec *s) { g_clear_pointer (&s->source_name, g_free); g_ptr_array_set_size (s->devices, 0); }
static void m_bad_vg (VsmPoolSpec *s) { g_free (s->source_name); s->source_name = g_strdup ("vg data"); }
static void m_no_source_name (VsmPoolSpec *s) { g_clear_pointer (&s->source_name, g_free); }
static void m_bad_format (VsmPoolSpec *s) { g_free (s->source_format); s->source_format = g_strdup ("btrfs"); }
static void m_bad_proto (VsmPoolSpec *s) { g_free (s->protocol_version); s->protocol_version = g_strdup ("4.1"); }
static void m_proto_cifs (VsmPoolSpec *s) { g_free (s->source_format); s->source_format = g_strdup ("cifs"); }
static void m_bad_mode (VsmPoolSpec *s) { g_free (s->target_mode); s->target_mode = g_strdup ("0789"); }
static void m_bad_owner (VsmPoolSpec *s) { g_free (s->target_owner); s->target_owner = g_strdup ("qemu"); }
static void m_bad_name (VsmPoolSpec *s) { g_free (s->name); s->name = g_strdup ("a/b"); }
static void m_no_name (VsmPoolSpec *s) { g_clear_pointer (&s->name, g_free); }
static void m_transient_autostart (VsmPoolSpec *s) { s->persistent = FALSE; s->autostart = TRUE; }
static void m_bad_type (VsmPoolSpec *s) { g_free (s->type); s->type = g_strdup ("zfs"); }
static void m_ctl_user (VsmPoolSpec *s) { g_free (s->auth_username); s->auth_username = g_strdup ("a\nb"); }
static void m_bad_gluster_dir (VsmPoolSpec *s) { g_free (s->source_dir); s->source_dir = g_strdup ("vms"); }

static const SpecCase bad_specs[] = {
  { "netfs without host", m_no_host, "netfs" },
  { "netfs with two hosts", m_two_hosts, "netfs" },
  { "netfs with a bad host", m_bad_host, "netfs" },
  { "netfs without dir", m_no_dir, "netfs" },
  { "netfs nfs with a relative dir", m_rel_dir, "netfs" },
  { "netfs without target", m_no_target, "netfs" },
  { "netfs bad protocol", m_bad_proto, "netfs" },
  { "netfs protocol with cifs", m_proto_cifs, "netfs" },
  { "dir without target", m_no_target, "dir" },
  { "dir relative target", m_rel_target, "dir" },
  { "dir bad mode", m_bad_mode, "dir" },
  { "dir bad owner", m_bad_owner, "dir" },
  { "dir bad name", m_bad_name, "dir" },
  { "dir no name", m_no_name, "dir" },
  { "dir transient autostart", m_transient_autostart, "dir" },
  { "unknown type", m_bad_type, "dir" },
  { "fs without device", m_no_device, "fs" },
  { "fs with two devices", m_two_devices, "fs" },
  { "fs without target", m_no_target, "fs" },
  { "fs with btrfs", m_bad_format, "fs" },
  { "disk without device", m_no_device, "disk" },
  { "disk with btrfs", m_bad_format, "disk" },
  { "logical without name or device", m_no_name_no_dev, "logical" },
  { "logical bad VG", m_bad_vg, "logical" },
  { "iscsi without host", m_no_host, "iscsi" },
  { "iscsi with a path as target", m_bad_target_iqn, "iscsi" },
  { "iscsi without target", m_no_device, "iscsi" },
  { "iscsi bad initiator", m_bad_initiator, "iscsi" },
  { "iscsi control char in user", m_ctl_user, "iscsi" },
  { "iscsi-direct without initiator", m_no_initiator, "iscsi-direct" },
  { "iscsi-direct without target", m_no_device, "iscsi-direct" },
  { "iscsi-direct without host", m_no_host, "iscsi-direct" },
  { "scsi without adapter", m_no_adapter, "scsi" },
  { "scsi bad adapter name", m_bad_adapter, "scsi" },
  { "scsi bad adapter type", m_bad_adapter_type, "scsi" },
  { "fc bad wwpn", m_bad_wwn, "scsi-fc" },
  { "fc no wwpn", m_no_wwpn, "scsi-fc" },
  { "rbd without name", m_no_source_name, "rbd" },
  { "rbd without host", m_no_host, "rbd" },
  { "gluster without volume", m_no_source_name, "gluster" },
  { "gluster without host", m_no_host, "gluster" },
  { "gluster relative dir", m_bad_gluster_dir, "gluster" },
};

static void
test_spec_validate (void)
{
  g_autoptr(GHashTable) existing = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < G_N_ELEMENTS (bad_specs); i++)
    {
      g_autoptr(VsmPoolSpec) spec = golden_spec (bad_specs[i].golden);
      g_autoptr(GError) error = NULL;
      g_autofree char *xml = NULL;

      bad_specs[i].mutate (spec);
      if (vsm_pool_spec_validate (spec, NULL, &error))
        g_error ("%s: accepted", bad_specs[i].what);
      g_assert_error (error, VSM_ERROR, VSM_ERROR_INVALID_INPUT);
      g_test_message ("%s: %s", bad_specs[i].what, error->message);
      g_clear_error (&error);

      /* The builder refuses what the validator refuses. */
      xml = vsm_pool_xml_build (spec, &error);
      g_assert_null (xml);
      g_assert_error (error, VSM_ERROR, VSM_ERROR_INVALID_INPUT);
    }

  /* Things that must be accepted. */
  {
    g_autoptr(VsmPoolSpec) spec = golden_spec ("netfs");
    g_autoptr(GError) error = NULL;

    /* CIFS shares and gluster volumes are names, not absolute paths. */
    g_free (spec->source_format);
    spec->source_format = g_strdup ("cifs");
    g_clear_pointer (&spec->protocol_version, g_free);
    g_free (spec->source_dir);
    spec->source_dir = g_strdup ("share");
    g_assert_true (vsm_pool_spec_validate (spec, NULL, &error));
    g_assert_no_error (error);

    /* Fields the type does not use are ignored, not rejected. */
    add (spec->devices, "not a path");
    spec->adapter_wwnn = g_strdup ("junk");
    g_assert_true (vsm_pool_spec_validate (spec, NULL, &error));
    g_assert_no_error (error);

    /* Duplicates */
    g_hash_table_add (existing, (gpointer) "nfs-share");
    g_assert_false (vsm_pool_spec_validate (spec, existing, &error));
    g_assert_error (error, VSM_ERROR, VSM_ERROR_EXISTS);
  }
  {
    /* Logical: a device alone is enough; scsi: fc_host inferred from WWNs. */
    g_autoptr(VsmPoolSpec) logical = golden_spec ("logical");
    g_autoptr(VsmPoolSpec) fc = golden_spec ("scsi-fc");
    g_autoptr(VsmPoolSpec) tr = golden_spec ("dir");
    g_autoptr(GError) error = NULL;

    g_clear_pointer (&logical->source_name, g_free);
    g_assert_true (vsm_pool_spec_validate (logical, NULL, &error));
    g_assert_no_error (error);
    g_clear_pointer (&fc->adapter_type, g_free);
    g_assert_true (vsm_pool_spec_validate (fc, NULL, &error));
    g_assert_no_error (error);
    tr->persistent = FALSE;
    tr->autostart = FALSE;
    g_assert_true (vsm_pool_spec_validate (tr, NULL, &error));
    g_assert_no_error (error);
  }
}

/* ------------------------------------------------------------------ */
/* virsh lines                                                         */

static void
test_commands (void)
{
  g_autoptr(VsmPoolSpec) dir = golden_spec ("dir");
  g_autoptr(VsmPoolSpec) netfs = golden_spec ("netfs");
  g_autoptr(VsmPoolSpec) iscsi = golden_spec ("iscsi");
  g_autoptr(VsmPoolSpec) logical = golden_spec ("logical");
  g_autoptr(VsmPoolSpec) tr = vsm_pool_spec_new ("dir");
  g_autoptr(VsmPoolSpec) scsi = golden_spec ("scsi");
  g_autoptr(VsmPoolSpec) fc = golden_spec ("scsi-fc");
  g_autoptr(VsmPoolSpec) rbd = golden_spec ("rbd");
  g_autoptr(VsmPoolSpec) direct = golden_spec ("iscsi-direct");
  g_autoptr(VsmPoolSpec) gluster = golden_spec ("gluster");
  char *s;

  /* dir on qemu:///system: no -c; permissions cannot be expressed. */
  s = vsm_pool_commands (dir, "qemu:///system");
  g_assert_cmpstr (s, ==,
                   "virsh pool-define-as images2 dir --target /var/lib/libvirt/images2\n"
                   "virsh pool-build images2\n"
                   "virsh pool-start images2\n"
                   "virsh pool-autostart images2");
  g_free (s);
  g_assert_false (vsm_pool_define_as_is_exact (dir));
  g_clear_pointer (&dir->target_mode, g_free);
  g_clear_pointer (&dir->target_owner, g_free);
  g_clear_pointer (&dir->target_group, g_free);
  g_assert_true (vsm_pool_define_as_is_exact (dir));
  s = vsm_pool_define_as_command (dir, NULL);
  g_assert_cmpstr (s, ==, "virsh pool-define-as images2 dir --target /var/lib/libvirt/images2");
  g_free (s);

  /* netfs over ssh */
  s = vsm_pool_commands (netfs, "qemu+ssh://root@host.example.com/system");
  g_assert_cmpstr (s, ==,
                   "virsh -c qemu+ssh://root@host.example.com/system pool-define-as nfs-share netfs "
                   "--source-host nfs.example.com --source-path /export/vms --source-format nfs "
                   "--source-protocol-ver 4 --target /var/lib/libvirt/nfs-share\n"
                   "virsh -c qemu+ssh://root@host.example.com/system pool-build nfs-share\n"
                   "virsh -c qemu+ssh://root@host.example.com/system pool-start nfs-share\n"
                   "virsh -c qemu+ssh://root@host.example.com/system pool-autostart nfs-share");
  g_free (s);
  g_assert_true (vsm_pool_define_as_is_exact (netfs));

  /* iscsi with CHAP: the IQN is --source-dev, as virsh builds it; no build. */
  s = vsm_pool_commands (iscsi, "qemu:///system");
  g_assert_cmpstr (s, ==,
                   "virsh pool-define-as san iscsi --source-host san.example.com "
                   "--source-dev iqn.2024-01.com.example:storage.lun1 --target /dev/disk/by-path "
                   "--source-initiator iqn.2024-01.com.example:client "
                   "--auth-type chap --auth-username chapuser --secret-usage virt-storage:san\n"
                   "virsh pool-start san\n"
                   "virsh pool-autostart san");
  g_free (s);
  /* port 3260 is iSCSI's default: still exact */
  g_assert_true (vsm_pool_define_as_is_exact (iscsi));
  g_ptr_array_set_size (iscsi->hosts, 0);
  add (iscsi->hosts, "san.example.com:3261");
  g_assert_false (vsm_pool_define_as_is_exact (iscsi));

  /* logical, --no-overwrite, no autostart; two devices are not exact */
  logical->build = VSM_BUILD_NO_OVERWRITE;
  logical->autostart = FALSE;
  s = vsm_pool_commands (logical, "qemu:///system");
  g_assert_cmpstr (s, ==,
                   "virsh pool-define-as vgpool logical --source-dev /dev/sdc --source-name vgdata "
                   "--source-format lvm2 --target /dev/vgdata\n"
                   "virsh pool-build vgpool --no-overwrite\n"
                   "virsh pool-start vgpool");
  g_free (s);
  g_assert_false (vsm_pool_define_as_is_exact (logical));
  logical->build = VSM_BUILD_OVERWRITE;
  logical->start = FALSE;
  s = vsm_pool_commands (logical, NULL);
  g_assert_cmpstr (s, ==,
                   "virsh pool-define-as vgpool logical --source-dev /dev/sdc --source-name vgdata "
                   "--source-format lvm2 --target /dev/vgdata\n"
                   "virsh pool-build vgpool --overwrite");
  g_free (s);

  /* transient: one pool-create-as line with its build option, quoted */
  tr->name = g_strdup ("my pool");
  tr->target_path = g_strdup ("/tmp/my pool's");
  tr->persistent = FALSE;
  tr->autostart = FALSE;
  s = vsm_pool_commands (tr, "test:///default");
  g_assert_cmpstr (s, ==,
                   "virsh -c test:///default pool-create-as 'my pool' dir --target '/tmp/my pool'\\''s' --build");
  g_free (s);
  tr->build = VSM_BUILD_NONE;
  s = vsm_pool_commands (tr, "test:///default");
  g_assert_cmpstr (s, ==, "virsh -c test:///default pool-create-as 'my pool' dir --target '/tmp/my pool'\\''s'");
  g_free (s);
  tr->build = VSM_BUILD_OVERWRITE;
  s = vsm_pool_define_as_command (tr, NULL);
  g_assert_cmpstr (s, ==, "virsh pool-create-as 'my pool' dir --target '/tmp/my pool'\\''s' --overwrite");
  g_free (s);
  tr->build = VSM_BUILD_NO_OVERWRITE;
  s = vsm_pool_define_as_command (tr, NULL);
  g_assert_cmpstr (s, ==, "virsh pool-create-as 'my pool' dir --target '/tmp/my pool'\\''s' --no-overwrite");
  g_free (s);

  /* the other types' define-as lines */
  s = vsm_pool_define_as_command (scsi, NULL);
  g_assert_cmpstr (s, ==, "virsh pool-define-as hba0 scsi --target /dev/disk/by-path --adapter-name host0");
  g_free (s);
  s = vsm_pool_define_as_command (fc, NULL);
  g_assert_cmpstr (s, ==, "virsh pool-define-as vhba scsi --target /dev/disk/by-path "
                          "--adapter-wwnn 20000000c9831b4b --adapter-wwpn 10000000c9831b4b "
                          "--adapter-parent scsi_host5");
  g_free (s);
  s = vsm_pool_define_as_command (rbd, NULL);
  g_assert_cmpstr (s, ==, "virsh pool-define-as ceph rbd --source-host mon1.example.com --source-name rbdpool "
                          "--auth-type ceph --auth-username libvirt --secret-usage 'client.libvirt secret'");
  g_free (s);
  g_assert_false (vsm_pool_define_as_is_exact (rbd));
  s = vsm_pool_define_as_command (direct, NULL);
  g_assert_cmpstr (s, ==, "virsh pool-define-as direct iscsi-direct --source-host 192.168.1.10 "
                          "--source-dev iqn.2024-01.com.example:storage "
                          "--source-initiator iqn.2024-01.com.example:client");
  g_free (s);
  s = vsm_pool_define_as_command (gluster, NULL);
  g_assert_cmpstr (s, ==, "virsh pool-define-as gv gluster --source-host gluster.example.com "
                          "--source-path /vms --source-name gv0");
  g_free (s);
}

/* ------------------------------------------------------------------ */
/* Parsers from vsm-pool-ops.c (pure)                                  */

static void
test_source_query (void)
{
  g_autofree char *plain = vsm_pool_source_query_xml ("127.0.0.1", NULL);
  g_autofree char *full = vsm_pool_source_query_xml ("[fd00::1]:3260", "iqn.2024-01.org.example:init");

  g_assert_null (vsm_pool_source_query_xml (NULL, NULL));
  g_assert_null (vsm_pool_source_query_xml ("", "iqn.2024-01.org.example:x"));
  g_assert_cmpstr (plain, ==, "<source>\n  <host name='127.0.0.1'/>\n</source>\n");
  g_assert_cmpstr (full, ==,
                   "<source>\n"
                   "  <host name='fd00::1' port='3260'/>\n"
                   "  <initiator>\n"
                   "    <iqn name='iqn.2024-01.org.example:init'/>\n"
                   "  </initiator>\n"
                   "</source>\n");
}

static void
test_sources_from_xml (void)
{
  const char *netfs =
    "<sources>\n"
    "  <source>\n"
    "    <host name='127.0.0.1'/>\n"
    "    <dir path='/testshare'/>\n"
    "    <format type='nfs'/>\n"
    "  </source>\n"
    "  <source>\n"
    "    <host name='vm'/>\n"
    "    <dir path='tb-gv'/>\n"
    "    <format type='glusterfs'/>\n"
    "  </source>\n"
    "</sources>\n";
  const char *mixed =
    "<sources>"
    "<source><device path='/dev/loop0'/><device path='/dev/loop1'/><name>tb-vg</name><format type='lvm2'/></source>"
    "<source><host name='127.0.0.1' port='3260'/><device path='iqn.2024-01.org.example:tb-target'/>"
    "<initiator><iqn name='iqn.2024-01.org.example:init'/></initiator></source>"
    "<source><host name='vm'/><dir path='/'/><name>tb-gv</name></source>"
    "<source><host name='::1' port='24007'/><name>gv6</name></source>"
    "</sources>";
  g_autoptr(GPtrArray) a = vsm_pool_sources_from_xml (netfs);
  g_autoptr(GPtrArray) b = vsm_pool_sources_from_xml (mixed);
  g_autoptr(GPtrArray) empty = vsm_pool_sources_from_xml ("<sources>\n</sources>");
  VsmPoolSource *s;

  g_assert_nonnull (a);
  g_assert_cmpuint (a->len, ==, 2);
  s = g_ptr_array_index (a, 0);
  g_assert_cmpstr (s->host, ==, "127.0.0.1");
  g_assert_cmpstr (s->dir, ==, "/testshare");
  g_assert_cmpstr (s->format, ==, "nfs");
  g_assert_null (s->device);
  g_assert_null (s->name);
  g_assert_cmpstr (s->summary, ==, "127.0.0.1:/testshare (nfs)");
  s = g_ptr_array_index (a, 1);
  g_assert_cmpstr (s->summary, ==, "vm:tb-gv (glusterfs)");

  g_assert_nonnull (b);
  g_assert_cmpuint (b->len, ==, 4);
  s = g_ptr_array_index (b, 0);
  g_assert_cmpstr (s->device, ==, "/dev/loop0");
  g_assert_cmpstr (s->name, ==, "tb-vg");
  g_assert_cmpstr (s->summary, ==, "tb-vg on /dev/loop0, /dev/loop1 (lvm2)");
  s = g_ptr_array_index (b, 1);
  g_assert_cmpstr (s->host, ==, "127.0.0.1");
  g_assert_cmpstr (s->device, ==, "iqn.2024-01.org.example:tb-target");
  g_assert_cmpstr (s->summary, ==, "iqn.2024-01.org.example:tb-target on 127.0.0.1:3260");
  s = g_ptr_array_index (b, 2);
  g_assert_cmpstr (s->summary, ==, "tb-gv on vm");
  s = g_ptr_array_index (b, 3);
  g_assert_cmpstr (s->summary, ==, "gv6 on [::1]:24007");

  g_assert_nonnull (empty);
  g_assert_cmpuint (empty->len, ==, 0);

  g_assert_null (vsm_pool_sources_from_xml (NULL));
  g_assert_null (vsm_pool_sources_from_xml (""));
  g_assert_null (vsm_pool_sources_from_xml ("<pool/>"));
  g_assert_null (vsm_pool_sources_from_xml ("not xml <"));
  vsm_pool_source_free (NULL);
}

static void
test_host_device_from_xml (void)
{
  const char *disk =
    "<device>\n"
    "  <name>block_sdb_QEMU_HARDDISK_drive1</name>\n"
    "  <path>/sys/devices/pci0000:00/0000:00:01.1/ata2/host1/target1:0:0/1:0:0:0/block/sdb</path>\n"
    "  <parent>scsi_1_0_0_0</parent>\n"
    "  <capability type='storage'>\n"
    "    <block>/dev/sdb</block>\n"
    "    <bus>ata</bus>\n"
    "    <drive_type>disk</drive_type>\n"
    "    <model>QEMU HARDDISK</model>\n"
    "    <vendor>ATA</vendor>\n"
    "    <serial>QM00002</serial>\n"
    "    <size>10737418240</size>\n"
    "    <logical_block_size>512</logical_block_size>\n"
    "    <num_blocks>20971520</num_blocks>\n"
    "  </capability>\n"
    "</device>\n";
  const char *cdrom =
    "<device><name>block_sr0</name><capability type='storage'><block>/dev/sr0</block>"
    "<drive_type>cdrom</drive_type><model>QEMU DVD-ROM</model>"
    "<capability type='removable'><media_available>1</media_available>"
    "<media_size>733919232</media_size></capability></capability></device>";
  const char *fc =
    "<device>\n"
    "  <name>scsi_host1</name>\n"
    "  <parent>computer</parent>\n"
    "  <capability type='scsi_host'>\n"
    "    <host>1</host>\n"
    "    <unique_id>0</unique_id>\n"
    "    <capability type='fc_host'>\n"
    "      <wwnn>2000000012341234</wwnn>\n"
    "      <wwpn>1000000012341234</wwpn>\n"
    "    </capability>\n"
    "  </capability>\n"
    "</device>\n";
  const char *plain_host =
    "<device><name>scsi_host0</name><parent>pci_0000_00_01_1</parent>"
    "<capability type='scsi_host'><host>0</host><unique_id>1</unique_id></capability></device>";
  g_autoptr(VsmHostDevice) d = vsm_host_device_from_xml (disk, "storage");
  g_autoptr(VsmHostDevice) c = vsm_host_device_from_xml (cdrom, "storage");
  g_autoptr(VsmHostDevice) h = vsm_host_device_from_xml (fc, "scsi_host");
  g_autoptr(VsmHostDevice) p = vsm_host_device_from_xml (plain_host, "scsi_host");

  g_assert_nonnull (d);
  g_assert_cmpstr (d->name, ==, "block_sdb_QEMU_HARDDISK_drive1");
  g_assert_cmpstr (d->path, ==, "/dev/sdb");
  g_assert_cmpstr (d->model, ==, "ATA QEMU HARDDISK");
  g_assert_cmpuint (d->size, ==, G_GUINT64_CONSTANT (10737418240));

  g_assert_nonnull (c);
  g_assert_cmpstr (c->path, ==, "/dev/sr0");
  g_assert_cmpstr (c->model, ==, "QEMU DVD-ROM");
  g_assert_cmpuint (c->size, ==, 733919232);

  g_assert_nonnull (h);
  g_assert_cmpstr (h->name, ==, "scsi_host1");
  g_assert_cmpstr (h->path, ==, "host1");
  g_assert_cmpstr (h->model, ==, "Fibre Channel, WWPN 1000000012341234");

  g_assert_nonnull (p);
  g_assert_cmpstr (p->path, ==, "host0");
  g_assert_cmpstr (p->model, ==, "pci_0000_00_01_1");

  g_assert_null (vsm_host_device_from_xml (disk, "scsi_host"));
  g_assert_null (vsm_host_device_from_xml (fc, "storage"));
  g_assert_null (vsm_host_device_from_xml ("garbage", "storage"));
  g_assert_null (vsm_host_device_from_xml (NULL, "storage"));
  vsm_host_device_free (NULL);
}

/* The build choices of the table: every choice says what it does, a
 * type's default is one of its choices and writes no device, only fs
 * offers --no-overwrite (plain pool-build of logical and disk pools
 * already refuses a device with data), the erasing choice is always
 * --overwrite, the kind of each created type is set, and the virsh line
 * carries the mode's option. */
static void
test_build_choices (void)
{
  guint n_types;
  const VsmPoolTypeInfo *types = vsm_pool_type_get_all (&n_types);
  g_autofree char *line = NULL;

  for (guint t = 0; t < n_types; t++)
    {
      const VsmPoolTypeInfo *info = &types[t];
      const VsmPoolBuildChoice *def = vsm_pool_type_get_build_choice (info, info->default_build);
      g_autoptr(VsmPoolSpec) spec = vsm_pool_spec_new (info->id);

      g_assert_cmpint (spec->build, ==, info->default_build);
      g_assert_cmpint (info->kind != VSM_POOL_KIND_OTHER, ==, info->in_wizard);
      if (info->build_choices == NULL)
        {
          g_assert_cmpint (info->default_build, ==, VSM_BUILD_NONE);
          continue;
        }
      g_assert_nonnull (def);
      g_assert_true (def->effect == VSM_BUILD_EFFECT_NOTHING || def->effect == VSM_BUILD_EFFECT_DIRECTORY);
      g_assert_nonnull (vsm_pool_type_get_build_choice (info, VSM_BUILD_NONE));
      for (const VsmPoolBuildChoice *c = info->build_choices; c->title != NULL; c++)
        {
          g_test_message ("%s: %s — %s", info->id, c->title, c->description);
          g_assert_true (*c->description != '\0');
          g_assert_cmpint (c->effect == VSM_BUILD_EFFECT_ERASES, ==, c->mode == VSM_BUILD_OVERWRITE);
          g_assert_cmpint (c->effect == VSM_BUILD_EFFECT_NOTHING, ==, c->mode == VSM_BUILD_NONE);
          if (c->mode == VSM_BUILD_NO_OVERWRITE)
            g_assert_cmpstr (info->id, ==, "fs");
        }
    }
  g_assert_cmpint (vsm_pool_type_lookup ("fs")->default_build, ==, VSM_BUILD_DEFAULT);
  g_assert_cmpint (vsm_pool_type_get_build_choice (vsm_pool_type_lookup ("fs"), VSM_BUILD_DEFAULT)->effect, ==,
                   VSM_BUILD_EFFECT_DIRECTORY);
  g_assert_cmpint (vsm_pool_type_get_build_choice (vsm_pool_type_lookup ("disk"), VSM_BUILD_DEFAULT)->effect, ==,
                   VSM_BUILD_EFFECT_IF_BLANK);
  g_assert_null (vsm_pool_type_get_build_choice (vsm_pool_type_lookup ("iscsi"), VSM_BUILD_DEFAULT));

  g_assert_null (vsm_pool_build_command (NULL, "p", VSM_BUILD_NONE));
  line = vsm_pool_build_command ("qemu:///session", "my pool", VSM_BUILD_NO_OVERWRITE);
  g_assert_cmpstr (line, ==, "virsh -c qemu:///session pool-build 'my pool' --no-overwrite");
  g_clear_pointer (&line, g_free);
  line = vsm_pool_build_command (NULL, "p", VSM_BUILD_OVERWRITE);
  g_assert_cmpstr (line, ==, "virsh pool-build p --overwrite");
  g_clear_pointer (&line, g_free);
  line = vsm_pool_build_command (NULL, "p", VSM_BUILD_DEFAULT);
  g_assert_cmpstr (line, ==, "virsh pool-build p");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  xmlInitParser ();

  for (guint i = 0; i < G_N_ELEMENTS (goldens); i++)
    {
      g_autofree char *path = g_strdup_printf ("/pools/spec/golden/%s", goldens[i]);
      g_test_add_data_func (path, goldens[i], test_golden);
    }
  g_test_add_func ("/pools/spec/golden-files-valid", test_golden_files_valid);
  g_test_add_func ("/pools/spec/table-matches-libvirt", test_table_matches_libvirt);
  g_test_add_func ("/pools/spec/variants-valid", test_all_types_valid_variants);
  g_test_add_func ("/pools/spec/defaults", test_defaults);
  g_test_add_func ("/pools/spec/build-choices", test_build_choices);
  g_test_add_func ("/pools/spec/escaping", test_escaping);
  g_test_add_func ("/pools/spec/secret-xml", test_secret_xml);
  g_test_add_func ("/pools/spec/validators", test_validators);
  g_test_add_func ("/pools/spec/validate", test_spec_validate);
  g_test_add_func ("/pools/spec/commands", test_commands);
  g_test_add_func ("/pools/spec/source-query", test_source_query);
  g_test_add_func ("/pools/spec/sources-from-xml", test_sources_from_xml);
  g_test_add_func ("/pools/spec/host-device-from-xml", test_host_device_from_xml);

  return g_test_run ();
}
