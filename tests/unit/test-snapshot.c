/* test-snapshot.c: XML → snapshot parsing
 *
 * Copyright 2026 Virt Storage developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib.h>
#include <string.h>

#include "vsm-snapshot.h"

#define GiB G_GUINT64_CONSTANT (1073741824)

static VsmPoolSnapshot *
parse_pool (const char *xml)
{
  VsmPoolSnapshot *snap = g_new0 (VsmPoolSnapshot, 1);

  g_assert_true (vsm_pool_snapshot_parse_xml (snap, xml, strlen (xml)));
  return snap;
}

static void
test_pool_dir (void)
{
  /* What libvirt prints for a dir pool: an empty <source/>. */
  g_autoptr(VsmPoolSnapshot) snap = parse_pool (
    "<pool type='dir'>\n"
    "  <name>images</name>\n"
    "  <uuid>11111111-2222-3333-4444-555555555501</uuid>\n"
    "  <capacity unit='bytes'>107374182400</capacity>\n"
    "  <source>\n  </source>\n"
    "  <target>\n    <path>/var/lib/libvirt/images</path>\n  </target>\n"
    "</pool>\n");

  g_assert_cmpstr (snap->type, ==, "dir");
  g_assert_cmpstr (snap->target_path, ==, "/var/lib/libvirt/images");
  g_assert_null (snap->source);
  g_assert_null (snap->source_format);
  /* Only the XML-only fields are filled. */
  g_assert_null (snap->name);
  g_assert_null (snap->uuid);
  g_assert_cmpuint (snap->capacity, ==, 0);
}

static void
test_pool_netfs (void)
{
  g_autoptr(VsmPoolSnapshot) snap = parse_pool (
    "<pool type='netfs'><name>nfs</name>"
    "<source><host name='nfs.example.com'/><dir path='/export/images'/>"
    "<format type='nfs'/></source>"
    "<target><path>/mnt/nfs</path></target></pool>");

  g_assert_cmpstr (snap->type, ==, "netfs");
  g_assert_cmpstr (snap->source, ==, "nfs.example.com:/export/images · NFS");
  g_assert_cmpstr (snap->source_format, ==, "nfs");
  g_assert_cmpstr (snap->target_path, ==, "/mnt/nfs");
  /* the raw names, for comparing (the wizard's "used by pool …") */
  g_assert_cmpstr (snap->source_key, ==, "host\tnfs.example.com\ndir\t/export/images\n");
  g_assert_true (vsm_pool_source_key_has (snap->source_key, "dir", "/export/images"));
  g_assert_true (vsm_pool_source_key_has (snap->source_key, "host", "nfs.example.com"));
  g_assert_false (vsm_pool_source_key_has (snap->source_key, "dir", "/export"));
  g_assert_false (vsm_pool_source_key_has (snap->source_key, "host", "example.com"));
  g_assert_false (vsm_pool_source_key_has (snap->source_key, "name", "nfs.example.com"));
  g_assert_false (vsm_pool_source_key_has (NULL, "dir", "/export/images"));
  /* every value of a kind, in order (Build names every device) */
  {
    g_auto(GStrv) devices = vsm_pool_source_key_values ("device\t/dev/sdb\nname\tvg0\ndevice\t/dev/sdc\n", "device");
    g_auto(GStrv) hosts = vsm_pool_source_key_values (snap->source_key, "host");
    g_auto(GStrv) none = vsm_pool_source_key_values (NULL, "device");

    g_assert_cmpuint (g_strv_length (devices), ==, 2);
    g_assert_cmpstr (devices[0], ==, "/dev/sdb");
    g_assert_cmpstr (devices[1], ==, "/dev/sdc");
    g_assert_cmpuint (g_strv_length (hosts), ==, 1);
    g_assert_cmpstr (hosts[0], ==, "nfs.example.com");
    g_assert_nonnull (none);
    g_assert_null (none[0]);
  }
}

static void
test_pool_iscsi (void)
{
  g_autoptr(VsmPoolSnapshot) snap = parse_pool (
    "<pool type='iscsi'><name>san</name>"
    "<source><host name='10.0.0.5' port='3260'/>"
    "<device path='iqn.2013-06.com.example:storage'/></source>"
    "<target><path>/dev/disk/by-path</path></target></pool>");

  g_assert_cmpstr (snap->type, ==, "iscsi");
  g_assert_cmpstr (snap->source, ==, "iqn.2013-06.com.example:storage on 10.0.0.5:3260");
  /* an IQN, not a device: but where libvirt keeps it */
  g_assert_cmpstr (snap->source_device, ==, "iqn.2013-06.com.example:storage");
  g_assert_null (snap->source_format);
  g_assert_cmpstr (snap->target_path, ==, "/dev/disk/by-path");
  g_assert_true (vsm_pool_source_key_has (snap->source_key, "device", "iqn.2013-06.com.example:storage"));
  g_assert_false (vsm_pool_source_key_has (snap->source_key, "device", "iqn.2013-06.com.example:stor"));
}

static void
test_pool_logical (void)
{
  g_autoptr(VsmPoolSnapshot) snap = parse_pool (
    "<pool type='logical'><name>vg0</name>"
    "<source><device path='/dev/sdb'/><name>vg0</name><format type='lvm2'/></source>"
    "<target><path>/dev/vg0</path></target></pool>");

  g_assert_cmpstr (snap->type, ==, "logical");
  g_assert_cmpstr (snap->source, ==, "Volume group vg0 on /dev/sdb");
  g_assert_cmpstr (snap->source_device, ==, "/dev/sdb");
  g_assert_cmpstr (snap->source_format, ==, "lvm2");
  g_assert_cmpstr (snap->target_path, ==, "/dev/vg0");
  /* a device is matched whole: /dev/sdb is not /dev/sdb1; the group by name */
  g_assert_true (vsm_pool_source_key_has (snap->source_key, "device", "/dev/sdb"));
  g_assert_false (vsm_pool_source_key_has (snap->source_key, "device", "/dev/sdb1"));
  g_assert_true (vsm_pool_source_key_has (snap->source_key, "name", "vg0"));
  g_assert_false (vsm_pool_source_key_has (snap->source_key, "name", "group"));
}

static void
test_pool_rbd_scsi (void)
{
  g_autoptr(VsmPoolSnapshot) rbd = parse_pool (
    "<pool type='rbd'><name>ceph</name>"
    "<source><host name='mon1' port='6789'/><host name='mon2'/>"
    "<name>rbdpool</name></source></pool>");
  g_autoptr(VsmPoolSnapshot) scsi = parse_pool (
    "<pool type='scsi'><name>hba</name>"
    "<source><adapter type='scsi_host' name='host0'/></source>"
    "<target><path>/dev/disk/by-path</path></target></pool>");

  g_assert_cmpstr (rbd->type, ==, "rbd");
  g_assert_cmpstr (rbd->source, ==, "Ceph pool rbdpool on mon1:6789, mon2");
  g_assert_null (rbd->target_path);
  g_assert_cmpstr (scsi->source, ==, "Adapter host0");
}

static void
test_pool_replaces_fields (void)
{
  g_autoptr(VsmPoolSnapshot) snap = g_new0 (VsmPoolSnapshot, 1);
  const char *xml = "<pool type='fs'><source><device path='/dev/sdc1'/><format type='ext4'/></source>"
                    "<target><path>/mnt/data</path></target></pool>";

  snap->name = g_strdup ("kept");
  snap->type = g_strdup ("old");
  snap->target_path = g_strdup ("/old");
  snap->source = g_strdup ("old source");
  snap->source_format = g_strdup ("old format");
  snap->source_device = g_strdup ("/dev/old");

  g_assert_true (vsm_pool_snapshot_parse_xml (snap, xml, strlen (xml)));
  g_assert_cmpstr (snap->name, ==, "kept");
  g_assert_cmpstr (snap->type, ==, "fs");
  g_assert_cmpstr (snap->target_path, ==, "/mnt/data");
  g_assert_cmpstr (snap->source, ==, "ext4 filesystem on /dev/sdc1");
  g_assert_cmpstr (snap->source_format, ==, "ext4");
  g_assert_cmpstr (snap->source_device, ==, "/dev/sdc1");

  /* a pool without a source keeps nothing of the old one */
  xml = "<pool type='dir'><target><path>/srv/d</path></target></pool>";
  g_assert_true (vsm_pool_snapshot_parse_xml (snap, xml, strlen (xml)));
  g_assert_null (snap->source);
  g_assert_null (snap->source_format);
  g_assert_null (snap->source_device);
}

static void
test_pool_invalid (void)
{
  g_autoptr(VsmPoolSnapshot) snap = g_new0 (VsmPoolSnapshot, 1);
  const char *volume = "<volume><name>x</name></volume>";
  const char *broken = "<pool type='dir'><name>x</name>";

  g_assert_false (vsm_pool_snapshot_parse_xml (snap, volume, strlen (volume)));
  g_assert_false (vsm_pool_snapshot_parse_xml (snap, broken, strlen (broken)));
  g_assert_false (vsm_pool_snapshot_parse_xml (snap, "", 0));
  g_assert_false (vsm_pool_snapshot_parse_xml (snap, NULL, 0));
  g_assert_false (vsm_pool_snapshot_parse_xml (snap, "garbage", 7));
  g_assert_null (snap->type);
}

static void
test_pool_entities (void)
{
  g_autoptr(VsmPoolSnapshot) snap = parse_pool (
    "<pool type='netfs'><source><host name='h'/>"
    "<dir path='/export/a&amp;b &lt;c&gt; &quot;d&quot; &#233;'/></source>"
    "<target><path>/mnt/x&amp;y</path></target></pool>");

  g_assert_cmpstr (snap->source, ==, "h:/export/a&b <c> \"d\" é · any network filesystem");
  g_assert_cmpstr (snap->target_path, ==, "/mnt/x&y");
}

static void
test_pool_no_external_entities (void)
{
  /* XML_PARSE_NONET and no entity substitution: a DTD that points at a
   * file must not pull its content into the snapshot. */
  g_autoptr(VsmPoolSnapshot) snap = g_new0 (VsmPoolSnapshot, 1);
  const char *xml =
    "<?xml version='1.0'?>"
    "<!DOCTYPE pool [<!ENTITY x SYSTEM 'file:///etc/hostname'>]>"
    "<pool type='dir'><target><path>/p&x;</path></target></pool>";

  g_assert_true (vsm_pool_snapshot_parse_xml (snap, xml, strlen (xml)));
  g_assert_cmpstr (snap->target_path, ==, "/p");
}

static void
test_volume_bytes (void)
{
  const char *xml =
    "<volume type='file'>\n"
    "  <name>disk1.qcow2</name>\n"
    "  <key>/var/lib/libvirt/images/disk1.qcow2</key>\n"
    "  <capacity unit='bytes'>21474836480</capacity>\n"
    "  <allocation unit='bytes'>2147483648</allocation>\n"
    "  <target>\n"
    "    <path>/var/lib/libvirt/images/disk1.qcow2</path>\n"
    "    <format type='qcow2'/>\n"
    "  </target>\n"
    "  <backingStore>\n"
    "    <path>/var/lib/libvirt/images/base.qcow2</path>\n"
    "    <format type='qcow2'/>\n"
    "  </backingStore>\n"
    "</volume>\n";
  g_autoptr(VsmVolumeSnapshot) snap = vsm_volume_snapshot_new_from_xml (xml, strlen (xml));

  g_assert_nonnull (snap);
  g_assert_cmpstr (snap->name, ==, "disk1.qcow2");
  g_assert_cmpstr (snap->key, ==, "/var/lib/libvirt/images/disk1.qcow2");
  g_assert_cmpstr (snap->path, ==, "/var/lib/libvirt/images/disk1.qcow2");
  g_assert_cmpstr (snap->type, ==, "file");
  g_assert_cmpstr (snap->format, ==, "qcow2");
  g_assert_cmpstr (snap->backing_path, ==, "/var/lib/libvirt/images/base.qcow2");
  g_assert_cmpuint (snap->capacity, ==, G_GUINT64_CONSTANT (21474836480));
  g_assert_cmpuint (snap->allocation, ==, G_GUINT64_CONSTANT (2147483648));
  g_assert_true (snap->has_details);
}

static void
test_volume_units (void)
{
  const struct { const char *unit; guint64 factor; } cases[] = {
    { NULL, 1 },
    { "bytes", 1 },
    { "b", 1 },
    { "KiB", 1024 },
    { "k", 1024 },
    { "K", 1024 },
    { "KB", 1000 },
    { "MiB", 1024 * 1024 },
    { "M", 1024 * 1024 },
    { "MB", 1000000 },
    { "GiB", GiB },
    { "G", GiB },
    { "GB", 1000000000 },
    { "TiB", GiB * 1024 },
    { "TB", G_GUINT64_CONSTANT (1000000000000) },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *unit_attr = cases[i].unit ? g_strdup_printf (" unit='%s'", cases[i].unit) : g_strdup ("");
      g_autofree char *xml = g_strdup_printf (
        "<volume><name>v</name><capacity%s>3</capacity><allocation%s> 2 </allocation></volume>",
        unit_attr, unit_attr);
      g_autoptr(VsmVolumeSnapshot) snap = vsm_volume_snapshot_new_from_xml (xml, strlen (xml));

      g_test_message ("unit %s", cases[i].unit);
      g_assert_nonnull (snap);
      g_assert_cmpuint (snap->capacity, ==, 3 * cases[i].factor);
      g_assert_cmpuint (snap->allocation, ==, 2 * cases[i].factor);
    }
}

static void
test_volume_minimal (void)
{
  /* No type, no format, no path, no key, no backing store, no sizes. */
  const char *xml = "<volume><name>bare</name></volume>";
  g_autoptr(VsmVolumeSnapshot) snap = vsm_volume_snapshot_new_from_xml (xml, strlen (xml));
  const char *noname = "<volume type='block'><capacity>5</capacity></volume>";
  g_autoptr(VsmVolumeSnapshot) snap2 = vsm_volume_snapshot_new_from_xml (noname, strlen (noname));
  const char *bad_num = "<volume><name>n</name><capacity>-5</capacity><allocation>abc</allocation></volume>";
  g_autoptr(VsmVolumeSnapshot) snap3 = vsm_volume_snapshot_new_from_xml (bad_num, strlen (bad_num));

  g_assert_nonnull (snap);
  g_assert_cmpstr (snap->name, ==, "bare");
  g_assert_cmpstr (snap->type, ==, "file");
  g_assert_null (snap->format);
  g_assert_null (snap->path);
  g_assert_null (snap->key);
  g_assert_null (snap->backing_path);
  g_assert_cmpuint (snap->capacity, ==, 0);
  g_assert_cmpuint (snap->allocation, ==, 0);
  g_assert_true (snap->has_details);

  g_assert_nonnull (snap2);
  g_assert_cmpstr (snap2->name, ==, "");
  g_assert_cmpstr (snap2->type, ==, "block");
  g_assert_cmpuint (snap2->capacity, ==, 5);

  g_assert_nonnull (snap3);
  g_assert_cmpuint (snap3->capacity, ==, 0);
  g_assert_cmpuint (snap3->allocation, ==, 0);
}

static void
test_volume_overflow (void)
{
  const char *xml = "<volume><name>huge</name><capacity unit='TiB'>99999999999</capacity></volume>";
  g_autoptr(VsmVolumeSnapshot) snap = vsm_volume_snapshot_new_from_xml (xml, strlen (xml));

  g_assert_nonnull (snap);
  g_assert_cmpuint (snap->capacity, ==, G_MAXUINT64);
}

static void
test_volume_invalid (void)
{
  const char *pool = "<pool type='dir'><name>x</name></pool>";
  const char *broken = "<volume><name>x</name>";
  const char *text = "not xml at all";

  g_assert_null (vsm_volume_snapshot_new_from_xml (pool, strlen (pool)));
  g_assert_null (vsm_volume_snapshot_new_from_xml (broken, strlen (broken)));
  g_assert_null (vsm_volume_snapshot_new_from_xml (text, strlen (text)));
  g_assert_null (vsm_volume_snapshot_new_from_xml ("", 0));
  g_assert_null (vsm_volume_snapshot_new_from_xml (NULL, 0));
  /* len is honoured: a valid document cut short is malformed. */
  g_assert_null (vsm_volume_snapshot_new_from_xml ("<volume><name>x</name></volume>", 10));
  vsm_volume_snapshot_free (NULL);
}

static void
test_volume_entities (void)
{
  const char *xml =
    "<volume><name>a&amp;b &lt;c&gt; 'q' \"dq\" ü.img</name>"
    "<target><path>/img/a&amp;b &lt;c&gt; 'q' \"dq\" ü.img</path></target></volume>";
  g_autoptr(VsmVolumeSnapshot) snap = vsm_volume_snapshot_new_from_xml (xml, strlen (xml));

  g_assert_nonnull (snap);
  g_assert_cmpstr (snap->name, ==, "a&b <c> 'q' \"dq\" ü.img");
  g_assert_cmpstr (snap->path, ==, "/img/a&b <c> 'q' \"dq\" ü.img");
}

static const char domain_xml[] =
  "<domain type='kvm'>\n"
  "  <name>vm &amp; co</name>\n"
  "  <devices>\n"
  "    <emulator>/usr/bin/qemu-system-x86_64</emulator>\n"
  "    <disk type='file' device='disk'>\n"
  "      <driver name='qemu' type='qcow2'/>\n"
  "      <source file='/var/lib/libvirt/images/disk1.qcow2'/>\n"
  "      <target dev='vda' bus='virtio'/>\n"
  "    </disk>\n"
  "    <disk type='block' device='disk'>\n"
  "      <source dev='/dev/vg0/lv0'/>\n"
  "      <target dev='vdb' bus='virtio'/>\n"
  "    </disk>\n"
  "    <disk type='volume' device='disk'>\n"
  "      <source pool='images' volume='disk2.raw'/>\n"
  "      <target dev='vdc' bus='virtio'/>\n"
  "    </disk>\n"
  "    <disk type='network' device='disk'>\n"
  "      <source protocol='rbd' name='rbdpool/image1'>\n"
  "        <host name='mon1' port='6789'/>\n"
  "      </source>\n"
  "      <target dev='vdd' bus='virtio'/>\n"
  "    </disk>\n"
  "    <interface type='network'><source network='default'/></interface>\n"
  "    <disk type='file' device='cdrom'>\n"
  "      <source file='/isos/a&amp;b &lt;1&gt;.iso'/>\n"
  "      <target dev='sdc' bus='sata'/>\n"
  "      <readonly/>\n"
  "    </disk>\n"
  "    <disk type='dir'>\n"
  "      <source dir='/srv/share'/>\n"
  "      <target dev='hdd'/>\n"
  "    </disk>\n"
  "    <disk type='file' device='cdrom'>\n"
  "      <target dev='sdd' bus='sata'/>\n"
  "      <readonly/>\n"
  "    </disk>\n"
  "  </devices>\n"
  "</domain>\n";

static const VsmDiskSnapshot *
disk (GPtrArray *disks,
      guint      i)
{
  g_assert_cmpuint (i, <, disks->len);
  return g_ptr_array_index (disks, i);
}

static void
test_domain_disks (void)
{
  g_autoptr(GPtrArray) disks = vsm_domain_disks_from_xml (domain_xml, strlen (domain_xml));
  const VsmDiskSnapshot *d;

  g_assert_nonnull (disks);
  g_assert_cmpuint (disks->len, ==, 7);

  d = disk (disks, 0);
  g_assert_cmpstr (d->type, ==, "file");
  g_assert_cmpstr (d->device, ==, "disk");
  g_assert_cmpstr (d->source, ==, "/var/lib/libvirt/images/disk1.qcow2");
  g_assert_null (d->pool);
  g_assert_null (d->volume);
  g_assert_cmpstr (d->target_dev, ==, "vda");
  g_assert_cmpstr (d->target_bus, ==, "virtio");
  g_assert_false (d->readonly);

  d = disk (disks, 1);
  g_assert_cmpstr (d->type, ==, "block");
  g_assert_cmpstr (d->source, ==, "/dev/vg0/lv0");
  g_assert_cmpstr (d->target_dev, ==, "vdb");

  d = disk (disks, 2);
  g_assert_cmpstr (d->type, ==, "volume");
  g_assert_null (d->source);
  g_assert_cmpstr (d->pool, ==, "images");
  g_assert_cmpstr (d->volume, ==, "disk2.raw");
  g_assert_cmpstr (d->source_text, ==, "Volume disk2.raw in pool images");
  g_assert_cmpstr (d->target_dev, ==, "vdc");

  d = disk (disks, 3);
  g_assert_cmpstr (d->type, ==, "network");
  g_assert_cmpstr (d->source, ==, "rbdpool/image1");
  g_assert_cmpstr (d->target_dev, ==, "vdd");

  d = disk (disks, 4);
  g_assert_cmpstr (d->device, ==, "cdrom");
  g_assert_cmpstr (d->source, ==, "/isos/a&b <1>.iso");
  g_assert_cmpstr (d->source_text, ==, "/isos/a&b <1>.iso");
  g_assert_cmpstr (d->target_dev, ==, "sdc");
  g_assert_cmpstr (d->target_bus, ==, "sata");
  g_assert_true (d->readonly);

  d = disk (disks, 5);
  g_assert_cmpstr (d->type, ==, "dir");
  g_assert_cmpstr (d->device, ==, "disk");     /* default when absent */
  g_assert_cmpstr (d->source, ==, "/srv/share");
  g_assert_cmpstr (d->target_dev, ==, "hdd");
  g_assert_null (d->target_bus);

  /* An empty CD-ROM drive. */
  d = disk (disks, 6);
  g_assert_cmpstr (d->device, ==, "cdrom");
  g_assert_null (d->source);
  g_assert_null (d->source_text);
  g_assert_true (d->readonly);
}

static void
test_domain_no_disks (void)
{
  const char *no_devices = "<domain type='test'><name>x</name></domain>";
  const char *no_disks = "<domain type='test'><devices><interface type='user'/></devices></domain>";
  g_autoptr(GPtrArray) a = vsm_domain_disks_from_xml (no_devices, strlen (no_devices));
  g_autoptr(GPtrArray) b = vsm_domain_disks_from_xml (no_disks, strlen (no_disks));

  g_assert_nonnull (a);
  g_assert_cmpuint (a->len, ==, 0);
  g_assert_nonnull (b);
  g_assert_cmpuint (b->len, ==, 0);
}

static void
test_domain_invalid (void)
{
  const char *pool = "<pool type='dir'><name>x</name></pool>";
  const char *broken = "<domain><devices><disk type='file'>";

  g_assert_null (vsm_domain_disks_from_xml (pool, strlen (pool)));
  g_assert_null (vsm_domain_disks_from_xml (broken, strlen (broken)));
  g_assert_null (vsm_domain_disks_from_xml ("", 0));
  g_assert_null (vsm_domain_disks_from_xml (NULL, 0));
}

static void
test_domain_snapshot_free (void)
{
  VsmDomainSnapshot *snap = g_new0 (VsmDomainSnapshot, 1);

  snap->uuid = g_strdup ("u");
  snap->name = g_strdup ("n");
  snap->disks = vsm_domain_disks_from_xml (domain_xml, strlen (domain_xml));
  g_assert_nonnull (snap->disks);
  vsm_domain_snapshot_free (snap);
  vsm_domain_snapshot_free (NULL);
  vsm_disk_snapshot_free (NULL);
  vsm_pool_snapshot_free (NULL);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/snapshot/pool/dir", test_pool_dir);
  g_test_add_func ("/snapshot/pool/netfs", test_pool_netfs);
  g_test_add_func ("/snapshot/pool/iscsi", test_pool_iscsi);
  g_test_add_func ("/snapshot/pool/logical", test_pool_logical);
  g_test_add_func ("/snapshot/pool/rbd-scsi", test_pool_rbd_scsi);
  g_test_add_func ("/snapshot/pool/replaces-fields", test_pool_replaces_fields);
  g_test_add_func ("/snapshot/pool/invalid", test_pool_invalid);
  g_test_add_func ("/snapshot/pool/entities", test_pool_entities);
  g_test_add_func ("/snapshot/pool/no-external-entities", test_pool_no_external_entities);
  g_test_add_func ("/snapshot/volume/bytes", test_volume_bytes);
  g_test_add_func ("/snapshot/volume/units", test_volume_units);
  g_test_add_func ("/snapshot/volume/minimal", test_volume_minimal);
  g_test_add_func ("/snapshot/volume/overflow", test_volume_overflow);
  g_test_add_func ("/snapshot/volume/invalid", test_volume_invalid);
  g_test_add_func ("/snapshot/volume/entities", test_volume_entities);
  g_test_add_func ("/snapshot/domain/disks", test_domain_disks);
  g_test_add_func ("/snapshot/domain/no-disks", test_domain_no_disks);
  g_test_add_func ("/snapshot/domain/invalid", test_domain_invalid);
  g_test_add_func ("/snapshot/domain/free", test_domain_snapshot_free);

  return g_test_run ();
}
