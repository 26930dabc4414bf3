/* test-describe.c
 *
 * The words of vsm-describe.c, on tests/data/fixture-sources.xml: the text
 * of every pool source and disk source variant of libvirt's schemas, the
 * texts of the volume table (format, encryption, allocation), and that the
 * fixture is valid and covers every pool type, disk type and network
 * protocol the schemas name.
 *
 * Copyright 2026 Virt Storage developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>
#include <string.h>

#include "vsm-describe.h"
#include "vsm-pool-type.h"
#include "vsm-snapshot.h"
#include "vsm-test-utils.h"

#define SCHEMA_DIR "/usr/share/libvirt/schemas"
#define RNG_NS "http://relaxng.org/ns/structure/1.0"

typedef struct
{
  const char *name;   /* the pool's name; for a disk "domain/target" */
  const char *text;   /* NULL: no source */
} Expected;

static const Expected pools[] = {
  { "dir-plain", NULL },
  { "dir-vendor", "vendor ACME · product Storage Box" },
  { "fs-ext4", "ext4 filesystem on /dev/sdc1" },
  { "fs-auto", "Any filesystem on /dev/disk/by-label/data" },
  { "netfs-nfs", "nas.example.com:/export/vms · NFS version 4" },
  { "netfs-nfs-ipv6", "[2001:db8::10]:/srv/nfs · any network filesystem · port 2049" },
  { "netfs-auto", "192.0.2.10:/export · any network filesystem · protocol version 3 · vendor NetApp" },
  { "netfs-cifs", "//smb.example.com/vmshare · CIFS" },
  { "netfs-glusterfs", "gfs1.example.com:/gv0 · GlusterFS" },
  { "logical-vg", "Volume group vg0 on /dev/sde1, /dev/sdf1" },
  { "logical-name", "Volume group vg-data" },
  { "logical-devices", "Volume group on /dev/sdq1" },
  { "disk-gpt", "GPT partition table on /dev/sdb" },
  { "disk-dos", "DOS (MBR) partition table on /dev/mapper/mpatha · “p” before partition numbers" },
  { "disk-any", "Any partition table on /dev/nvme0n1 · vendor Samsung · product SSD 980" },
  { "disk-unknown", "Any partition table on /dev/sdr · no “p” before partition numbers" },
  { "iscsi-chap", "iqn.2013-06.com.example:storage on 10.0.0.5:3260 · initiator iqn.2013-06.com.example:host1 · "
                  "CHAP user alice" },
  { "iscsi-ipv6", "iqn.2013-06.com.example:lab on [2001:db8::5]" },
  { "iscsi-direct", "iqn.2013-06.com.example:direct on san.example.com:3261 · initiator iqn.2013-06.com.example:client · "
                    "CHAP user bob" },
  { "scsi-host", "Adapter host0" },
  { "scsi-host-untyped", "Adapter host7" },
  { "scsi-parent-address", "Adapter at PCI address 0000:00:1f.2 · unique ID 2 · vendor Intel · product SATA AHCI" },
  { "scsi-fc-parent", "Fibre Channel adapter WWNN 20000000c9831b4b, WWPN 10000000c9831b4b · parent scsi_host5 · "
                      "vHBA removed when the pool stops" },
  { "scsi-fc-parent-wwn", "Fibre Channel adapter WWNN 20000000c9831b4c, WWPN 10000000c9831b4c · "
                          "parent WWNN 20000000c9848140 · parent WWPN 10000000c9848140" },
  { "scsi-fc-fabric", "Fibre Channel adapter WWNN 20000000c9831b4d, WWPN 10000000c9831b4d · fabric WWN 2000000533f0ac5d · "
                      "vHBA kept when the pool stops" },
  { "mpath", NULL },
  { "rbd", "Ceph pool rbdpool on mon1.example.com:6789, mon2.example.com, [2001:db8::6]:6789 · cephx user libvirt" },
  { "sheepdog", "sheepcluster on localhost:7000" },
  { "gluster", "gluster://localhost/gv0" },
  { "gluster-dir", "gluster://[2001:db8::7]:24007/gv1/vms" },
  { "zfs", "ZFS pool tank on /dev/sdd" },
  { "zfs-name", "ZFS pool tank2" },
  { "vstorage", "Cluster vzcluster" },
};

static const Expected disks[] = {
  { "local-disks/vda", "/var/lib/libvirt/images/plain.qcow2" },
  { "local-disks/vdb", "/var/lib/libvirt/images/luks.img · LUKS encryption" },
  { "local-disks/vdc", "/var/lib/libvirt/images/old.qcow2 · qcow encryption" },
  { "local-disks/vdd", "/var/lib/libvirt/images/sliced.img · slice of 10.0\u00a0GiB at byte 1048576" },
  { "local-disks/sda", "/isos/optional.iso · left out when missing" },
  { "local-disks/sdb", NULL },
  { "local-disks/vde", "/dev/sdx" },
  { "local-disks/sdc", "/dev/sdy · persistent reservations by libvirt" },
  { "local-disks/vdf", "Directory /srv/share" },
  { "local-disks/vdg", "Volume empty.raw in pool dir-plain" },
  { "local-disks/vdh", "Volume unit:0:0:1 in pool iscsi-chap · used directly by QEMU" },
  { "local-disks/sdd", "Volume unit:0:0:2 in pool iscsi-chap · used through the host" },
  { "local-disks/vdi", "NVMe namespace 1 at PCI address 0000:01:00.0 · detached from the host by libvirt" },
  { "local-disks/vdj", "NVMe namespace 2 at PCI address 0000:02:00.0 · not detached from the host by libvirt · "
                       "LUKS encryption" },
  { "local-disks/vdk", "vhost-user socket /run/vhost/disk.sock · reconnects after 10 seconds" },
  { "local-disks/vdl", "vhost-user socket /run/vhost/other.sock · does not reconnect" },
  { "local-disks/sde", "/dev/sdz · persistent reservations through /run/pr-helper.sock" },
  { "local-disks/fda", "/floppies/drivers.img · must be there at cold boot" },
  { "local-disks/sdf", "/isos/needed.iso · must be there at start" },
  { "local-disks/sdg", NULL },
  { "network-disks/vda", "nfs://nas.example.com/export/vms/disk.img · as user qemu, group kvm" },
  { "network-disks/sda", "http://mirror.example.com:8080/isos/debian.iso" },
  { "network-disks/sdb", "https://[2001:db8::8]:443/isos/fedora.iso?token=abc · certificate not checked · 1 cookie · "
                         "read-ahead 64.0\u00a0KiB · timeout 10 seconds" },
  { "network-disks/sdc", "ftp://ftp.example.com/pub/boot.iso" },
  { "network-disks/sdd", "ftps://ftp.example.com:990/pub/secure.iso" },
  { "network-disks/sde", "tftp://tftp.example.com/boot.iso" },
  { "network-disks/vdb", "rbd rbdpool/image1 on mon1.example.com:6789, mon2.example.com · snapshot snap1 · "
                         "configuration /etc/ceph/ceph.conf · cephx user libvirt" },
  { "network-disks/vdc", "rbd rbdpool/image2" },
  { "network-disks/vdd", "gluster://gfs1.example.com:24007/gv0/images/disk.qcow2 · also gfs2.example.com" },
  { "network-disks/vde", "gluster+rdma://gfs1.example.com/gv0/disk.img" },
  { "network-disks/vdf", "gluster+unix:///gv0/unix.img?socket=/run/glusterd.socket" },
  { "network-disks/sdf", "iscsi://10.0.0.5:3260/iqn.2013-07.com.example:iscsi-pool/1 · "
                         "initiator iqn.2013-07.com.example:client · CHAP user alice" },
  { "network-disks/vdg", "nbd://nbd.example.com:10809/export1" },
  { "network-disks/vdh", "nbd://[2001:db8::9]:10809 · TLS · certificate checked for nbd.example.com" },
  { "network-disks/vdi", "nbd+unix:///scratch?socket=/run/nbd.sock" },
  { "network-disks/vdl", "nbd://192.0.2.20/plain · without TLS" },
  { "network-disks/vdm", "iscsi://[2001:db8::1]:3260/iqn.2013-07.com.example:lab/0 · CHAP user carol" },
  { "network-disks/vdn", "rbd rbdpool/secret on mon1.example.com · LUKS2 encryption in librbd" },
  { "network-disks/sdg", "https://files.example.com/private/tools.iso · certificate checked · user dave" },
  { "network-disks/vdj", "sheepdog://localhost:7000/vdi1" },
  { "network-disks/vdk", "vxhs://vxhs.example.com:9999/eb90327c-8302-4725-9e1b-4e85ed4dc251 · TLS" },
};

/* ------------------------------------------------------------------ */
/* The fixture                                                         */

static xmlDocPtr
read_doc (const char *first,
          ...)
{
  g_autofree char *path = NULL;
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) parts = g_ptr_array_new ();
  const char *part;
  va_list ap;
  gsize len;
  xmlDocPtr doc;

  g_ptr_array_add (parts, (gpointer) g_test_get_dir (G_TEST_DIST));
  g_ptr_array_add (parts, (gpointer) "data");
  va_start (ap, first);
  for (part = first; part != NULL; part = va_arg (ap, const char *))
    g_ptr_array_add (parts, (gpointer) part);
  va_end (ap);
  g_ptr_array_add (parts, NULL);
  path = g_build_filenamev ((char **) parts->pdata);
  g_file_get_contents (path, &contents, &len, &error);
  g_assert_no_error (error);
  doc = xmlReadMemory (contents, (int) len, path, NULL, XML_PARSE_NONET);
  g_assert_nonnull (doc);
  return doc;
}

static xmlDocPtr
fixture (void)
{
  return read_doc ("fixture-sources.xml", NULL);
}

/* @node on its own, as libvirt would hand it over. */
static char *
node_xml (xmlDocPtr  doc,
          xmlNodePtr node)
{
  xmlBufferPtr buf = xmlBufferCreate ();
  char *xml;

  xmlNodeDump (buf, doc, node, 0, 0);
  xml = g_strndup ((const char *) xmlBufferContent (buf), xmlBufferLength (buf));
  xmlBufferFree (buf);
  return xml;
}

/* @node as libvirt's schemas see a definition: the test driver's own
 * additions (a pool's <volume>s, a domain's <test:runstate>) left out. */
static char *
definition_xml (xmlDocPtr  doc,
                xmlNodePtr node)
{
  xmlNodePtr copy = xmlDocCopyNode (node, doc, 1);
  xmlNodePtr next;
  char *xml;

  for (xmlNodePtr c = copy->children; c != NULL; c = next)
    {
      next = c->next;
      if (c->type == XML_ELEMENT_NODE &&
          (g_str_equal ((const char *) c->name, "volume") || c->ns != NULL))
        {
          xmlUnlinkNode (c);
          xmlFreeNode (c);
        }
    }
  xml = node_xml (doc, copy);
  xmlFreeNode (copy);
  return xml;
}

static char *
child_text (xmlNodePtr  node,
            const char *name)
{
  for (xmlNodePtr c = node->children; c != NULL; c = c->next)
    if (c->type == XML_ELEMENT_NODE && g_str_equal ((const char *) c->name, name))
      {
        xmlChar *v = xmlNodeGetContent (c);
        char *ret = g_strdup ((const char *) v);
        xmlFree (v);
        return ret;
      }
  return NULL;
}

static gboolean
is_element (xmlNodePtr  node,
            const char *name)
{
  return node->type == XML_ELEMENT_NODE && g_str_equal ((const char *) node->name, name);
}

static const Expected *
expected (const Expected *table,
          guint           n,
          const char     *name)
{
  for (guint i = 0; i < n; i++)
    if (g_str_equal (table[i].name, name))
      return &table[i];
  g_error ("%s is in the fixture but has no expected text here", name);
}

/* The values of @xpath in libvirt's schema @rng, sorted and unique. */
static GPtrArray *
schema_values (const char *rng,
               const char *xpath)
{
  g_autofree char *path = g_build_filename (SCHEMA_DIR, rng, NULL);
  xmlDocPtr doc = xmlReadFile (path, NULL, XML_PARSE_NONET);
  xmlXPathContextPtr ctx;
  xmlXPathObjectPtr res;
  GPtrArray *values = g_ptr_array_new_with_free_func (g_free);

  g_assert_nonnull (doc);
  ctx = xmlXPathNewContext (doc);
  xmlXPathRegisterNs (ctx, (const xmlChar *) "r", (const xmlChar *) RNG_NS);
  res = xmlXPathEvalExpression ((const xmlChar *) xpath, ctx);
  g_assert_nonnull (res);
  for (int i = 0; res->nodesetval != NULL && i < res->nodesetval->nodeNr; i++)
    {
      xmlChar *v = xmlNodeGetContent (res->nodesetval->nodeTab[i]);
      g_autofree char *s = g_strstrip (g_strdup ((const char *) v));

      xmlFree (v);
      if (!g_ptr_array_find_with_equal_func (values, s, g_str_equal, NULL))
        g_ptr_array_add (values, g_steal_pointer (&s));
    }
  xmlXPathFreeObject (res);
  xmlXPathFreeContext (ctx);
  xmlFreeDoc (doc);
  return values;
}

static gboolean
schemas_installed (void)
{
  if (g_file_test (SCHEMA_DIR "/storagepool.rng", G_FILE_TEST_EXISTS))
    return TRUE;
  g_test_skip ("libvirt's schemas are not installed");
  return FALSE;
}

/* Every <pool> of the fixture is valid against storagepool.rng, each of
 * its <volume>s against storagevol.rng and every <domain> against
 * domain.rng; together they have every pool type, every
 * disk type and every network protocol that the schemas name. */
static void
test_fixture_valid_and_complete (void)
{
  xmlDocPtr doc = fixture ();
  g_autoptr(GHashTable) pool_types = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) disk_types = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) protocols = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GPtrArray) schema_pool_types = NULL;
  g_autoptr(GPtrArray) schema_disk_types = NULL;
  g_autoptr(GPtrArray) schema_protocols = NULL;

  if (!schemas_installed ())
    {
      xmlFreeDoc (doc);
      return;
    }
  for (xmlNodePtr n = xmlDocGetRootElement (doc)->children; n != NULL; n = n->next)
    {
      g_autofree char *xml = NULL;

      if (n->type != XML_ELEMENT_NODE)
        continue;
      xml = definition_xml (doc, n);
      if (is_element (n, "pool"))
        {
          vsm_test_assert_valid_xml (xml, "storagepool.rng");
          g_hash_table_add (pool_types, (char *) xmlGetProp (n, (const xmlChar *) "type"));
          for (xmlNodePtr v = n->children; v != NULL; v = v->next)
            if (is_element (v, "volume"))
              {
                g_autofree char *vol = node_xml (doc, v);
                vsm_test_assert_valid_xml (vol, "storagevol.rng");
              }
        }
      else if (is_element (n, "domain"))
        {
          xmlNodePtr devices = NULL;

          vsm_test_assert_valid_xml (xml, "domain.rng");
          for (xmlNodePtr c = n->children; c != NULL; c = c->next)
            if (is_element (c, "devices"))
              devices = c;
          g_assert_nonnull (devices);
          for (xmlNodePtr d = devices->children; d != NULL; d = d->next)
            {
              if (!is_element (d, "disk"))
                continue;
              g_hash_table_add (disk_types, (char *) xmlGetProp (d, (const xmlChar *) "type"));
              for (xmlNodePtr s = d->children; s != NULL; s = s->next)
                if (is_element (s, "source") && xmlHasProp (s, (const xmlChar *) "protocol"))
                  g_hash_table_add (protocols, (char *) xmlGetProp (s, (const xmlChar *) "protocol"));
            }
        }
    }
  xmlFreeDoc (doc);

  schema_pool_types = schema_values ("storagepool.rng",
                                     "//r:define[starts-with(@name,'pool')]/r:attribute[@name='type']/r:value");
  schema_disk_types = schema_values ("domaincommon.rng",
                                     "//r:define[starts-with(@name,'diskSource')]/r:attribute[@name='type']/r:value"
                                     " | //r:define[starts-with(@name,'diskSource')]/r:optional/r:attribute[@name='type']/r:value");
  schema_protocols = schema_values ("domaincommon.rng",
                                    "//r:define[starts-with(@name,'diskSourceNetworkProtocol')]"
                                    "//r:attribute[@name='protocol']//r:value");
  /* what libvirt 9.0 names; a newer libvirt may add to these */
  g_assert_cmpuint (schema_pool_types->len, >=, 14);
  g_assert_cmpuint (schema_disk_types->len, >=, 7);
  g_assert_cmpuint (schema_protocols->len, >=, 12);
  for (guint i = 0; i < schema_pool_types->len; i++)
    if (!g_hash_table_contains (pool_types, g_ptr_array_index (schema_pool_types, i)))
      g_error ("no %s pool in fixture-sources.xml", (char *) g_ptr_array_index (schema_pool_types, i));
  for (guint i = 0; i < schema_disk_types->len; i++)
    if (!g_hash_table_contains (disk_types, g_ptr_array_index (schema_disk_types, i)))
      g_error ("no disk of type %s in fixture-sources.xml", (char *) g_ptr_array_index (schema_disk_types, i));
  for (guint i = 0; i < schema_protocols->len; i++)
    if (!g_hash_table_contains (protocols, g_ptr_array_index (schema_protocols, i)))
      g_error ("no %s disk in fixture-sources.xml", (char *) g_ptr_array_index (schema_protocols, i));
}

/* The disks of the separate set are valid too: the test driver, not the
 * schema, refuses them. */
static void
test_separate_set_valid (void)
{
  xmlDocPtr doc = read_doc ("sources", "disk-fdgroup.xml", NULL);
  g_autofree char *xml = node_xml (doc, xmlDocGetRootElement (doc));

  xmlFreeDoc (doc);
  if (schemas_installed ())
    vsm_test_assert_valid_xml (xml, "domain.rng");
}

/* ------------------------------------------------------------------ */
/* Texts                                                               */

static void
test_pool_sources (void)
{
  xmlDocPtr doc = fixture ();
  guint n_checked = 0;

  for (xmlNodePtr n = xmlDocGetRootElement (doc)->children; n != NULL; n = n->next)
    {
      g_autofree char *xml = NULL;
      g_autofree char *name = NULL;
      g_autoptr(VsmPoolSnapshot) snap = g_new0 (VsmPoolSnapshot, 1);
      const Expected *want;

      if (!is_element (n, "pool"))
        continue;
      xml = node_xml (doc, n);
      name = child_text (n, "name");
      want = expected (pools, G_N_ELEMENTS (pools), name);
      g_assert_true (vsm_pool_snapshot_parse_xml (snap, xml, strlen (xml)));
      g_test_message ("%s: %s", name, snap->source);
      g_assert_cmpstr (snap->source, ==, want->text);
      n_checked++;
    }
  xmlFreeDoc (doc);
  /* every expected text was met */
  g_assert_cmpuint (n_checked, ==, G_N_ELEMENTS (pools));
}

static void
test_disk_sources (void)
{
  xmlDocPtr doc = fixture ();
  guint n_checked = 0;

  for (xmlNodePtr n = xmlDocGetRootElement (doc)->children; n != NULL; n = n->next)
    {
      g_autofree char *xml = NULL;
      g_autofree char *name = NULL;
      g_autoptr(GPtrArray) list = NULL;

      if (!is_element (n, "domain"))
        continue;
      xml = node_xml (doc, n);
      name = child_text (n, "name");
      list = vsm_domain_disks_from_xml (xml, strlen (xml));
      g_assert_nonnull (list);
      for (guint i = 0; i < list->len; i++)
        {
          const VsmDiskSnapshot *d = g_ptr_array_index (list, i);
          g_autofree char *key = g_strdup_printf ("%s/%s", name, d->target_dev);
          const Expected *want = expected (disks, G_N_ELEMENTS (disks), key);
          g_autoptr(VsmDiskSnapshot) copy = vsm_disk_snapshot_copy (d);

          g_test_message ("%s: %s", key, d->source_text);
          g_assert_cmpstr (d->source_text, ==, want->text);
          /* the model's copy keeps the words */
          g_assert_cmpstr (copy->source_text, ==, want->text);
          n_checked++;
        }
    }
  xmlFreeDoc (doc);
  g_assert_cmpuint (n_checked, ==, G_N_ELEMENTS (disks));
}

/* The set that libvirt's test driver will not load, read directly. */
static void
test_disk_sources_separate_set (void)
{
  xmlDocPtr doc = read_doc ("sources", "disk-fdgroup.xml", NULL);
  g_autofree char *xml = node_xml (doc, xmlDocGetRootElement (doc));
  g_autoptr(GPtrArray) list = vsm_domain_disks_from_xml (xml, strlen (xml));
  const VsmDiskSnapshot *d;

  xmlFreeDoc (doc);
  g_assert_nonnull (list);
  g_assert_cmpuint (list->len, ==, 1);
  d = g_ptr_array_index (list, 0);
  g_assert_cmpstr (d->source_text, ==, "/var/lib/libvirt/images/passed.qcow2 · file descriptor group backup-fds");
  /* the path is still what the volume table matches users by */
  g_assert_cmpstr (d->source, ==, "/var/lib/libvirt/images/passed.qcow2");
}

/* A disk pool's first device comes apart from the words: it names the
 * partitions New Volume suggests. */
static void
test_pool_source_device (void)
{
  xmlDocPtr doc = fixture ();
  static const Expected devices[] = {
    { "disk-gpt", "/dev/sdb" }, { "disk-dos", "/dev/mapper/mpatha" }, { "logical-vg", "/dev/sde1" },
    { "netfs-nfs", NULL }, { "dir-plain", NULL },
  };
  guint n_checked = 0;

  for (xmlNodePtr n = xmlDocGetRootElement (doc)->children; n != NULL; n = n->next)
    {
      g_autofree char *name = NULL;
      g_autofree char *xml = NULL;
      g_autoptr(VsmPoolSnapshot) snap = g_new0 (VsmPoolSnapshot, 1);

      if (!is_element (n, "pool"))
        continue;
      name = child_text (n, "name");
      for (guint i = 0; i < G_N_ELEMENTS (devices); i++)
        if (g_str_equal (devices[i].name, name))
          {
            xml = node_xml (doc, n);
            g_assert_true (vsm_pool_snapshot_parse_xml (snap, xml, strlen (xml)));
            g_assert_cmpstr (snap->source_device, ==, devices[i].text);
            n_checked++;
          }
    }
  xmlFreeDoc (doc);
  g_assert_cmpuint (n_checked, ==, G_N_ELEMENTS (devices));
}

/* Every pool type storagepool.rng names has its own label and icon: none
 * falls to "Storage pool" (sheepdog did). */
static void
test_pool_types_known (void)
{
  g_autoptr(GPtrArray) types = NULL;

  if (!schemas_installed ())
    return;
  types = schema_values ("storagepool.rng", "//r:define[starts-with(@name,'pool')]/r:attribute[@name='type']/r:value");
  g_assert_cmpuint (types->len, >=, 14);
  for (guint i = 0; i < types->len; i++)
    {
      const char *id = g_ptr_array_index (types, i);

      g_test_message ("%s: %s", id, vsm_pool_type_get_label (id));
      g_assert_cmpstr (vsm_pool_type_lookup (id)->id, ==, id);
      g_assert_cmpstr (vsm_pool_type_get_label (id), !=, vsm_pool_type_get_label ("no-such-type"));
    }
  g_assert_cmpstr (vsm_pool_type_get_label ("sheepdog"), ==, "Sheepdog");
  /* known, but New Pool does not offer it: libvirt 9.0 has no driver for it */
  g_assert_false (vsm_pool_type_lookup ("sheepdog")->in_wizard);
}

/* The volume table's Format and Allocation texts, and the encryption its
 * lock tells, for the fixture's volumes. */
static void
test_volume_texts (void)
{
  static const struct
  {
    const char *name, *format, *encryption, *allocation;
  } volumes[] = {
    /* nothing to allocate: neither thin nor full */
    { "empty.raw", "raw", NULL, "0 bytes" },
    { "secret.raw", "raw", "LUKS encryption", "10.0\u00a0GiB · full" },
    { "old-secret.qcow2", "qcow2", "qcow encryption", "1.0\u00a0GiB · thin" },
    /* a partition without a type, in words */
    { "sdb1", "untyped", NULL, "2.0\u00a0GiB · full" },
    { "sdb2", "linux-swap", NULL, "4.0\u00a0GiB · full" },
  };
  xmlDocPtr doc = fixture ();
  guint n_checked = 0;

  for (xmlNodePtr p = xmlDocGetRootElement (doc)->children; p != NULL; p = p->next)
    for (xmlNodePtr v = is_element (p, "pool") ? p->children : NULL; v != NULL; v = v->next)
      {
        g_autofree char *xml = NULL;
        g_autofree char *name = NULL;
        g_autofree char *allocation = NULL;
        g_autoptr(VsmVolumeSnapshot) snap = NULL;
        guint i;

        if (!is_element (v, "volume"))
          continue;
        name = child_text (v, "name");
        for (i = 0; i < G_N_ELEMENTS (volumes) && !g_str_equal (volumes[i].name, name); i++)
          ;
        g_assert_cmpuint (i, <, G_N_ELEMENTS (volumes));
        xml = node_xml (doc, v);
        snap = vsm_volume_snapshot_new_from_xml (xml, strlen (xml));
        g_assert_nonnull (snap);
        allocation = vsm_describe_allocation (snap->capacity, snap->allocation);
        g_assert_cmpstr (vsm_describe_volume_format (snap->format), ==, volumes[i].format);
        g_assert_cmpstr (snap->encryption ? vsm_describe_encryption (snap->encryption) : NULL, ==, volumes[i].encryption);
        g_assert_cmpstr (allocation, ==, volumes[i].allocation);
        n_checked++;
      }
  xmlFreeDoc (doc);
  g_assert_cmpuint (n_checked, ==, G_N_ELEMENTS (volumes));

  /* no format at all, and the encryptions the schema names */
  g_assert_cmpstr (vsm_describe_volume_format (NULL), ==, "—");
  g_assert_cmpstr (vsm_describe_encryption ("luks2"), ==, "LUKS2 encryption");
  g_assert_cmpstr (vsm_describe_encryption ("default"), ==, "encrypted");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/describe/fixture/valid-and-complete", test_fixture_valid_and_complete);
  g_test_add_func ("/describe/fixture/separate-set-valid", test_separate_set_valid);
  g_test_add_func ("/describe/pool/sources", test_pool_sources);
  g_test_add_func ("/describe/pool/source-device", test_pool_source_device);
  g_test_add_func ("/describe/pool/types-known", test_pool_types_known);
  g_test_add_func ("/describe/disk/sources", test_disk_sources);
  g_test_add_func ("/describe/disk/sources-separate-set", test_disk_sources_separate_set);
  g_test_add_func ("/describe/volume/texts", test_volume_texts);

  return g_test_run ();
}
