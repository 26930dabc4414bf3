/* vsm-describe.c
 *
 * What a pool's or a disk's <source> says, in words and in the form people
 * type it: "nas:/export/vms · NFS version 4", "//smb/share · CIFS",
 * "gluster://host/volume/dir", "[2001:db8::1]:6789", "Volume group vg0 on
 * /dev/sdb1", "rbd pool/image on mon1, mon2", "nbd://host:10809/export".
 * A text is its main part, then details after " · " (auth user, initiator,
 * vendor, encryption…). Every element and attribute that libvirt's schemas
 * allow in a pool source (storagepool.rng) and in a disk source
 * (domaincommon.rng) that says where the data is or how it is reached has
 * its words here; tests/unit/test-describe.c asserts each on
 * tests/data/fixture-sources.xml. Secrets are named by what they protect,
 * never shown (a cookie's value, a secret's UUID).
 *
 * Copyright 2026 Virt Storage developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vsm-describe"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "vsm-describe.h"
#include "vsm-describe-private.h"
#include "vsm-size.h"
#include "vsm-xml-private.h"

#define SEP " · "

/* ------------------------------------------------------------------ */
/* Pieces                                                              */

/* Appends @part (taken) to @text, after " · " if @text has something. */
static void
add (GString *text,
     char    *part)
{
  if (part != NULL && *part != '\0')
    {
      if (text->len > 0)
        g_string_append (text, SEP);
      g_string_append (text, part);
    }
  g_free (part);
}

static gboolean
set (const char *s)
{
  return s != NULL && *s != '\0';
}

/* A host as it is written in URLs and mount sources: an IPv6 address in
 * brackets, then ":port" when there is one. */
static char *
address (const char *name,
         const char *port)
{
  GString *s = g_string_new (NULL);

  if (strchr (name, ':') != NULL)
    g_string_append_printf (s, "[%s]", name);
  else
    g_string_append (s, name);
  if (set (port))
    g_string_append_printf (s, ":%s", port);
  return g_string_free (s, FALSE);
}

/* The TCP <host>s of @source, each as address(), joined with ", ";
 * NULL if none. @with_port FALSE leaves the ports out. */
static char *
hosts_text (xmlNodePtr source,
            gboolean   with_port,
            guint      skip)
{
  g_autoptr(GString) s = g_string_new (NULL);
  guint n = 0;

  for (xmlNodePtr c = source ? source->children : NULL; c != NULL; c = c->next)
    {
      g_autofree char *name = NULL;
      g_autofree char *port = NULL;
      g_autofree char *one = NULL;

      if (!_vsm_xml_is_element (c, "host") || (name = _vsm_xml_prop (c, "name")) == NULL || *name == '\0')
        continue;
      if (n++ < skip)
        continue;
      port = with_port ? _vsm_xml_prop (c, "port") : NULL;
      one = address (name, port);
      if (s->len > 0)
        g_string_append (s, ", ");
      g_string_append (s, one);
    }
  return s->len > 0 ? g_strdup (s->str) : NULL;
}

/* The paths of @source's <device>s, joined with ", "; NULL if none. */
static char *
devices_text (xmlNodePtr source)
{
  g_autoptr(GString) s = g_string_new (NULL);

  for (xmlNodePtr c = source ? source->children : NULL; c != NULL; c = c->next)
    {
      g_autofree char *path = NULL;

      if (!_vsm_xml_is_element (c, "device") || (path = _vsm_xml_prop (c, "path")) == NULL || *path == '\0')
        continue;
      if (s->len > 0)
        g_string_append (s, ", ");
      g_string_append (s, path);
    }
  return s->len > 0 ? g_strdup (s->str) : NULL;
}

/* An attribute of a child element: <child attr='…'/>. */
static char *
child_prop (xmlNodePtr  node,
            const char *child,
            const char *attr)
{
  return _vsm_xml_prop (_vsm_xml_child (node, child), attr);
}

/* "0000:00:1f.2" from <address domain='0x0000' bus='0x00' slot='0x1f' function='0x2'/>. */
static char *
pci_address (xmlNodePtr addr)
{
  static const char * const parts[] = { "domain", "bus", "slot", "function" };
  guint64 v[G_N_ELEMENTS (parts)];

  if (addr == NULL)
    return NULL;
  for (guint i = 0; i < G_N_ELEMENTS (parts); i++)
    {
      g_autofree char *s = _vsm_xml_prop (addr, parts[i]);
      v[i] = s != NULL ? g_ascii_strtoull (s, NULL, 0) : 0;
    }
  return g_strdup_printf ("%04" G_GINT64_MODIFIER "x:%02" G_GINT64_MODIFIER "x:%02" G_GINT64_MODIFIER "x.%"
                          G_GINT64_MODIFIER "x", v[0], v[1], v[2], v[3]);
}

/* An <auth username='…'>: "CHAP user alice" (@kind "chap": an iSCSI
 * pool or disk), "cephx user admin" ("ceph"), "user alice" (HTTP…). */
static char *
auth_text (xmlNodePtr  auth,
           const char *kind)
{
  g_autofree char *user = _vsm_xml_prop (auth, "username");

  if (!set (user))
    return NULL;
  if (g_strcmp0 (kind, "chap") == 0)
    /* Translators: %s is a user name of iSCSI's CHAP authentication */
    return g_strdup_printf (_("CHAP user %s"), user);
  if (g_strcmp0 (kind, "ceph") == 0)
    /* Translators: %s is a user name of Ceph's cephx authentication */
    return g_strdup_printf (_("cephx user %s"), user);
  return g_strdup_printf (_("user %s"), user);
}

/* <initiator><iqn name='…'/></initiator> */
static char *
initiator_text (xmlNodePtr source)
{
  g_autofree char *iqn = child_prop (_vsm_xml_child (source, "initiator"), "iqn", "name");

  /* Translators: %s is the iSCSI name (IQN) the host logs in with */
  return set (iqn) ? g_strdup_printf (_("initiator %s"), iqn) : NULL;
}

/**
 * vsm_describe_encryption:
 * @format: (nullable): an <encryption format='…'>: luks, luks2, qcow or default
 *
 * Returns: (transfer none): "LUKS encryption", …
 */
const char *
vsm_describe_encryption (const char *format)
{
  if (g_strcmp0 (format, "luks") == 0)
    return _("LUKS encryption");
  if (g_strcmp0 (format, "luks2") == 0)
    return _("LUKS2 encryption");
  if (g_strcmp0 (format, "qcow") == 0)
    /* Translators: the old built-in encryption of qcow images */
    return _("qcow encryption");
  return _("encrypted");
}

/* <encryption format='…' engine='…'>: "LUKS encryption", "LUKS2
 * encryption in librbd". */
static char *
encryption_text (xmlNodePtr encryption)
{
  g_autofree char *format = _vsm_xml_prop (encryption, "format");
  g_autofree char *engine = _vsm_xml_prop (encryption, "engine");

  if (encryption == NULL)
    return NULL;
  if (g_strcmp0 (engine, "librbd") == 0)
    /* Translators: %s is an encryption ("LUKS encryption"), done by Ceph's library */
    return g_strdup_printf (_("%s in librbd"), vsm_describe_encryption (format));
  return g_strdup (vsm_describe_encryption (format));
}

/* <vendor name='…'/> and <product name='…'/> of a pool source. */
static void
add_vendor (GString    *text,
            xmlNodePtr  source)
{
  g_autofree char *vendor = child_prop (source, "vendor", "name");
  g_autofree char *product = child_prop (source, "product", "name");

  /* Translators: the maker of the storage hardware */
  add (text, set (vendor) ? g_strdup_printf (_("vendor %s"), vendor) : NULL);
  /* Translators: the model name of the storage hardware */
  add (text, set (product) ? g_strdup_printf (_("product %s"), product) : NULL);
}

/* ------------------------------------------------------------------ */
/* Pool sources (storagepool.rng)                                      */

static void
fs_text (GString    *text,
         xmlNodePtr  source)
{
  g_autofree char *devices = devices_text (source);
  g_autofree char *format = child_prop (source, "format", "type");

  if (devices == NULL)
    return;
  if (set (format) && g_strcmp0 (format, "auto") != 0)
    /* Translators: "ext4 filesystem on /dev/sdc1" */
    add (text, g_strdup_printf (_("%s filesystem on %s"), format, devices));
  else
    /* Translators: a filesystem pool whose type mount detects */
    add (text, g_strdup_printf (_("Any filesystem on %s"), devices));
}

static void
netfs_text (GString    *text,
            xmlNodePtr  source)
{
  g_autofree char *hosts = hosts_text (source, FALSE, 0);
  g_autofree char *port = child_prop (source, "host", "port");
  g_autofree char *dir = child_prop (source, "dir", "path");
  g_autofree char *format = child_prop (source, "format", "type");
  g_autofree char *version = child_prop (source, "protocol", "ver");
  const char *rel = dir != NULL ? dir + strspn (dir, "/") : "";

  if (g_strcmp0 (format, "cifs") == 0)
    {
      add (text, hosts != NULL ? g_strdup_printf ("//%s/%s", hosts, rel) : NULL);
      add (text, g_strdup ("CIFS"));
    }
  else if (g_strcmp0 (format, "glusterfs") == 0)
    {
      add (text, hosts != NULL ? g_strdup_printf ("%s:/%s", hosts, rel) : NULL);
      add (text, g_strdup ("GlusterFS"));
    }
  else
    {
      add (text, hosts != NULL ? g_strdup_printf ("%s:%s", hosts, dir ? dir : "") : NULL);
      if (g_strcmp0 (format, "nfs") == 0)
        /* Translators: %s is the NFS protocol version, e.g. 4 */
        add (text, set (version) ? g_strdup_printf (_("NFS version %s"), version) : g_strdup ("NFS"));
      else
        {
          /* Translators: a network filesystem pool whose type mount detects */
          add (text, g_strdup (_("any network filesystem")));
          /* Translators: %s is the NFS protocol version, e.g. 4 */
          add (text, set (version) ? g_strdup_printf (_("protocol version %s"), version) : NULL);
        }
    }
  /* Translators: %s is a TCP port number */
  add (text, set (port) ? g_strdup_printf (_("port %s"), port) : NULL);
}

static void
logical_text (GString    *text,
              xmlNodePtr  source)
{
  g_autofree char *name = _vsm_xml_text_nonempty (_vsm_xml_child (source, "name"));
  g_autofree char *devices = devices_text (source);

  if (name != NULL && devices != NULL)
    /* Translators: an LVM volume group and its physical volumes: "Volume group vg0 on /dev/sdb1, /dev/sdc1" */
    add (text, g_strdup_printf (_("Volume group %s on %s"), name, devices));
  else if (name != NULL)
    add (text, g_strdup_printf (_("Volume group %s"), name));
  else if (devices != NULL)
    add (text, g_strdup_printf (_("Volume group on %s"), devices));
}

/* libvirt's partition table types, as parted and fdisk name them */
static const char *
partition_table_label (const char *format)
{
  static const struct { const char *format; const char *label; } labels[] = {
    { "dos", "DOS (MBR)" }, { "gpt", "GPT" }, { "dvh", "SGI (DVH)" }, { "mac", "Mac" }, { "bsd", "BSD" },
    { "pc98", "PC-98" }, { "sun", "Sun" }, { "lvm2", "LVM2" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (labels); i++)
    if (g_strcmp0 (format, labels[i].format) == 0)
      return labels[i].label;
  return NULL;
}

static void
disk_text (GString    *text,
           xmlNodePtr  source)
{
  g_autofree char *devices = devices_text (source);
  g_autofree char *format = child_prop (source, "format", "type");
  g_autofree char *separator = child_prop (source, "device", "part_separator");
  const char *label = partition_table_label (format);

  if (devices == NULL)
    return;
  if (label != NULL)
    /* Translators: "GPT partition table on /dev/sdb" */
    add (text, g_strdup_printf (_("%s partition table on %s"), label, devices));
  else
    add (text, g_strdup_printf (_("Any partition table on %s"), devices));
  /* Translators: how libvirt names the partitions of a disk: with or
   * without a "p" between the disk's name and the partition number */
  if (g_strcmp0 (separator, "yes") == 0)
    add (text, g_strdup (_("“p” before partition numbers")));
  else if (g_strcmp0 (separator, "no") == 0)
    add (text, g_strdup (_("no “p” before partition numbers")));
}

static void
iscsi_text (GString    *text,
            xmlNodePtr  source)
{
  g_autofree char *target = child_prop (source, "device", "path");
  g_autofree char *hosts = hosts_text (source, TRUE, 0);

  if (set (target) && hosts != NULL)
    /* Translators: an iSCSI target on its portal: "iqn.2013-06.com.example:storage on 10.0.0.5:3260" */
    add (text, g_strdup_printf (_("%s on %s"), target, hosts));
  else
    add (text, set (target) ? g_strdup (target) : g_steal_pointer (&hosts));
  add (text, initiator_text (source));
}

static void
adapter_text (GString    *text,
              xmlNodePtr  adapter)
{
  g_autofree char *type = _vsm_xml_prop (adapter, "type");

  if (g_strcmp0 (type, "fc_host") == 0)
    {
      g_autofree char *wwnn = _vsm_xml_prop (adapter, "wwnn");
      g_autofree char *wwpn = _vsm_xml_prop (adapter, "wwpn");
      g_autofree char *parent = _vsm_xml_prop (adapter, "parent");
      g_autofree char *parent_wwnn = _vsm_xml_prop (adapter, "parent_wwnn");
      g_autofree char *parent_wwpn = _vsm_xml_prop (adapter, "parent_wwpn");
      g_autofree char *fabric = _vsm_xml_prop (adapter, "parent_fabric_wwn");
      g_autofree char *managed = _vsm_xml_prop (adapter, "managed");

      /* Translators: a Fibre Channel (virtual) host bus adapter and its two world wide names */
      add (text, g_strdup_printf (_("Fibre Channel adapter WWNN %s, WWPN %s"), wwnn ? wwnn : "?", wwpn ? wwpn : "?"));
      /* Translators: %s is the SCSI host the virtual adapter is created on, e.g. scsi_host5 */
      add (text, set (parent) ? g_strdup_printf (_("parent %s"), parent) : NULL);
      add (text, set (parent_wwnn) ? g_strdup_printf (_("parent WWNN %s"), parent_wwnn) : NULL);
      add (text, set (parent_wwpn) ? g_strdup_printf (_("parent WWPN %s"), parent_wwpn) : NULL);
      add (text, set (fabric) ? g_strdup_printf (_("fabric WWN %s"), fabric) : NULL);
      if (g_strcmp0 (managed, "yes") == 0)
        add (text, g_strdup (_("vHBA removed when the pool stops")));
      else if (g_strcmp0 (managed, "no") == 0)
        add (text, g_strdup (_("vHBA kept when the pool stops")));
    }
  else
    {
      g_autofree char *name = _vsm_xml_prop (adapter, "name");
      xmlNodePtr parentaddr = _vsm_xml_child (adapter, "parentaddr");

      if (set (name))
        /* Translators: a SCSI host adapter by its name, e.g. host0 */
        add (text, g_strdup_printf (_("Adapter %s"), name));
      else if (parentaddr != NULL)
        {
          g_autofree char *pci = pci_address (_vsm_xml_child (parentaddr, "address"));
          g_autofree char *unique_id = _vsm_xml_prop (parentaddr, "unique_id");

          /* Translators: %s is a PCI address, e.g. 0000:00:1f.2 */
          add (text, g_strdup_printf (_("Adapter at PCI address %s"), pci ? pci : "?"));
          /* Translators: the unique_id of a SCSI host, which tells apart the hosts of one PCI adapter */
          add (text, set (unique_id) ? g_strdup_printf (_("unique ID %s"), unique_id) : NULL);
        }
    }
}

static void
rbd_text (GString    *text,
          xmlNodePtr  source)
{
  g_autofree char *name = _vsm_xml_text_nonempty (_vsm_xml_child (source, "name"));
  g_autofree char *hosts = hosts_text (source, TRUE, 0);

  if (name != NULL && hosts != NULL)
    /* Translators: a Ceph pool on its monitors: "Ceph pool rbdpool on mon1:6789, mon2" */
    add (text, g_strdup_printf (_("Ceph pool %s on %s"), name, hosts));
  else if (name != NULL)
    add (text, g_strdup_printf (_("Ceph pool %s"), name));
  else
    add (text, g_steal_pointer (&hosts));
}

/* gluster://host[:port]/volume[/dir], with the other hosts after "also". */
static void
gluster_text (GString    *text,
              xmlNodePtr  source)
{
  g_autofree char *name = _vsm_xml_text_nonempty (_vsm_xml_child (source, "name"));
  g_autofree char *dir = child_prop (source, "dir", "path");
  g_autofree char *host = NULL;
  g_autofree char *others = hosts_text (source, TRUE, 1);
  xmlNodePtr first = _vsm_xml_child (source, "host");
  const char *rel = dir != NULL ? dir + strspn (dir, "/") : "";

  if (first != NULL)
    {
      g_autofree char *h = _vsm_xml_prop (first, "name");
      g_autofree char *port = _vsm_xml_prop (first, "port");
      host = h != NULL ? address (h, port) : NULL;
    }
  add (text, g_strdup_printf ("gluster://%s/%s%s%s", host ? host : "", name ? name : "", *rel ? "/" : "", rel));
  /* Translators: %s lists more servers of the same volume */
  add (text, others != NULL ? g_strdup_printf (_("also %s"), others) : NULL);
}

/* What the pool's name and locator say when nothing more is known of the
 * type: "name on host:/dir", "name on /dev/sdb". */
static void
generic_text (GString    *text,
              xmlNodePtr  source)
{
  g_autofree char *name = _vsm_xml_text_nonempty (_vsm_xml_child (source, "name"));
  g_autofree char *hosts = hosts_text (source, TRUE, 0);
  g_autofree char *devices = devices_text (source);
  g_autofree char *dir = child_prop (source, "dir", "path");
  g_autoptr(GString) where = g_string_new (NULL);

  if (hosts != NULL)
    g_string_append (where, hosts);
  if (set (dir))
    g_string_append_printf (where, where->len ? ":%s" : "%s", dir);
  if (devices != NULL)
    g_string_append_printf (where, where->len ? ", %s" : "%s", devices);
  if (name != NULL && where->len > 0)
    /* Translators: a pool's source by name and place: "sheepcluster on localhost:7000" */
    add (text, g_strdup_printf (_("%s on %s"), name, where->str));
  else
    add (text, name != NULL ? g_strdup (name) : g_strdup (where->str));
}

/**
 * _vsm_describe_pool_source:
 * @pool_type: the pool's type attribute
 * @source: (nullable): its <source>
 *
 * Returns: (transfer full) (nullable): the words, or %NULL when the source
 * says nothing (a dir or mpath pool).
 */
char *
_vsm_describe_pool_source (const char *pool_type,
                           xmlNodePtr  source)
{
  g_autoptr(GString) text = g_string_new (NULL);
  g_autofree char *name = NULL;
  g_autofree char *devices = NULL;
  xmlNodePtr adapter;

  if (source == NULL)
    return NULL;

  if (g_strcmp0 (pool_type, "fs") == 0)
    fs_text (text, source);
  else if (g_strcmp0 (pool_type, "netfs") == 0)
    netfs_text (text, source);
  else if (g_strcmp0 (pool_type, "logical") == 0)
    logical_text (text, source);
  else if (g_strcmp0 (pool_type, "disk") == 0)
    disk_text (text, source);
  else if (g_strcmp0 (pool_type, "iscsi") == 0 || g_strcmp0 (pool_type, "iscsi-direct") == 0)
    iscsi_text (text, source);
  else if ((adapter = _vsm_xml_child (source, "adapter")) != NULL)
    adapter_text (text, adapter);
  else if (g_strcmp0 (pool_type, "rbd") == 0)
    rbd_text (text, source);
  else if (g_strcmp0 (pool_type, "gluster") == 0)
    gluster_text (text, source);
  else if (g_strcmp0 (pool_type, "zfs") == 0 &&
           (name = _vsm_xml_text_nonempty (_vsm_xml_child (source, "name"))) != NULL)
    {
      devices = devices_text (source);
      if (devices != NULL)
        /* Translators: "ZFS pool tank on /dev/sdd" */
        add (text, g_strdup_printf (_("ZFS pool %s on %s"), name, devices));
      else
        add (text, g_strdup_printf (_("ZFS pool %s"), name));
    }
  else if (g_strcmp0 (pool_type, "vstorage") == 0 &&
           (name = _vsm_xml_text_nonempty (_vsm_xml_child (source, "name"))) != NULL)
    /* Translators: a Virtuozzo Storage cluster by name */
    add (text, g_strdup_printf (_("Cluster %s"), name));
  else
    generic_text (text, source);

  {
    xmlNodePtr auth = _vsm_xml_child (source, "auth");
    g_autofree char *kind = _vsm_xml_prop (auth, "type");

    add (text, auth_text (auth, kind));
  }
  add_vendor (text, source);
  return text->len > 0 ? g_strdup (text->str) : NULL;
}

/* ------------------------------------------------------------------ */
/* Disk sources (domaincommon.rng)                                     */

/* A network disk's URL, as QEMU and qemu-img take it:
 * scheme://host[:port]/name[?query], scheme+unix:///name?socket=PATH,
 * gluster+rdma://host/volume/image. */
static char *
network_url (const char *protocol,
             xmlNodePtr  source,
             const char *name)
{
  xmlNodePtr host = _vsm_xml_child (source, "host");
  g_autofree char *transport = _vsm_xml_prop (host, "transport");
  g_autofree char *query = _vsm_xml_prop (source, "query");
  const char *path = set (name) ? name + strspn (name, "/") : NULL;
  GString *url = g_string_new (protocol);

  if (g_strcmp0 (transport, "unix") == 0)
    {
      g_autofree char *socket = _vsm_xml_prop (host, "socket");

      g_string_append_printf (url, "+unix:///%s?socket=%s", path ? path : "", socket ? socket : "");
      return g_string_free (url, FALSE);
    }
  if (g_strcmp0 (transport, "rdma") == 0)
    g_string_append (url, "+rdma");
  g_string_append (url, "://");
  if (host != NULL)
    {
      g_autofree char *h = _vsm_xml_prop (host, "name");
      g_autofree char *port = _vsm_xml_prop (host, "port");
      g_autofree char *a = h != NULL ? address (h, port) : NULL;

      if (a != NULL)
        g_string_append (url, a);
    }
  if (path != NULL)
    g_string_append_printf (url, "/%s", path);
  if (set (query))
    g_string_append_printf (url, "?%s", query);
  return g_string_free (url, FALSE);
}

static void
network_text (GString    *text,
              xmlNodePtr  disk,
              xmlNodePtr  source)
{
  g_autofree char *protocol = _vsm_xml_prop (source, "protocol");
  g_autofree char *name = _vsm_xml_prop (source, "name");
  g_autofree char *tls = _vsm_xml_prop (source, "tls");
  g_autofree char *tls_hostname = _vsm_xml_prop (source, "tlsHostname");
  g_autofree char *verify = child_prop (source, "ssl", "verify");
  g_autofree char *readahead = child_prop (source, "readahead", "size");
  g_autofree char *timeout = child_prop (source, "timeout", "seconds");
  g_autofree char *snapshot = child_prop (source, "snapshot", "name");
  g_autofree char *config = child_prop (source, "config", "file");
  g_autofree char *user = child_prop (source, "identity", "user");
  g_autofree char *group = child_prop (source, "identity", "group");
  xmlNodePtr cookies = _vsm_xml_child (source, "cookies");
  xmlNodePtr auth = _vsm_xml_child (source, "auth");

  if (protocol == NULL)
    return;
  if (g_str_equal (protocol, "rbd"))
    {
      g_autofree char *hosts = hosts_text (source, TRUE, 0);

      if (set (name) && hosts != NULL)
        /* Translators: a Ceph image on its monitors, as in "rbd pool/image on mon1, mon2" */
        add (text, g_strdup_printf (_("rbd %s on %s"), name, hosts));
      else if (set (name))
        add (text, g_strdup_printf ("rbd %s", name));
      else
        add (text, hosts != NULL ? g_strdup_printf (_("rbd on %s"), hosts) : g_strdup ("rbd"));
    }
  else
    {
      g_autofree char *others = g_str_equal (protocol, "gluster") ? hosts_text (source, TRUE, 1) : NULL;

      add (text, network_url (protocol, source, name));
      add (text, others != NULL ? g_strdup_printf (_("also %s"), others) : NULL);
    }

  /* Translators: %s is a Ceph snapshot name */
  add (text, set (snapshot) ? g_strdup_printf (_("snapshot %s"), snapshot) : NULL);
  /* Translators: %s is the path of a Ceph configuration file */
  add (text, set (config) ? g_strdup_printf (_("configuration %s"), config) : NULL);
  add (text, initiator_text (source));
  if (g_strcmp0 (tls, "yes") == 0)
    add (text, g_strdup ("TLS"));
  else if (g_strcmp0 (tls, "no") == 0)
    add (text, g_strdup (_("without TLS")));
  /* Translators: %s is the host name the server's TLS certificate must have */
  add (text, set (tls_hostname) ? g_strdup_printf (_("certificate checked for %s"), tls_hostname) : NULL);
  if (g_strcmp0 (verify, "no") == 0)
    add (text, g_strdup (_("certificate not checked")));
  else if (g_strcmp0 (verify, "yes") == 0)
    add (text, g_strdup (_("certificate checked")));
  if (cookies != NULL)
    {
      guint n = 0;

      for (xmlNodePtr c = cookies->children; c != NULL; c = c->next)
        n += _vsm_xml_is_element (c, "cookie");
      /* Translators: HTTP cookies sent with each request (their values are not shown) */
      add (text, g_strdup_printf (ngettext ("%u cookie", "%u cookies", n), n));
    }
  if (set (readahead))
    {
      g_autofree char *size = vsm_size_format (g_ascii_strtoull (readahead, NULL, 10));
      /* Translators: %s is a size, e.g. 64.0 KiB */
      add (text, g_strdup_printf (_("read-ahead %s"), size));
    }
  if (set (timeout))
    {
      guint s = (guint) MIN (g_ascii_strtoull (timeout, NULL, 10), G_MAXUINT);
      add (text, g_strdup_printf (ngettext ("timeout %u second", "timeout %u seconds", s), s));
    }
  /* Translators: the user and group an NFS disk is opened as */
  if (set (user) && set (group))
    add (text, g_strdup_printf (_("as user %s, group %s"), user, group));
  else if (set (user))
    add (text, g_strdup_printf (_("as user %s"), user));
  else if (set (group))
    add (text, g_strdup_printf (_("as group %s"), group));
  /* libvirt also takes <auth> beside <source>, its older place */
  add (text, auth_text (auth != NULL ? auth : _vsm_xml_child (disk, "auth"),
                        g_str_equal (protocol, "iscsi") ? "chap" : g_str_equal (protocol, "rbd") ? "ceph" : NULL));
}

static void
nvme_text (GString    *text,
           xmlNodePtr  source)
{
  g_autofree char *ns = _vsm_xml_prop (source, "namespace");
  g_autofree char *managed = _vsm_xml_prop (source, "managed");
  g_autofree char *pci = pci_address (_vsm_xml_child (source, "address"));

  /* Translators: "NVMe namespace 1 at PCI address 0000:01:00.0" */
  add (text, g_strdup_printf (_("NVMe namespace %s at PCI address %s"), ns ? ns : "?", pci ? pci : "?"));
  if (g_strcmp0 (managed, "yes") == 0)
    add (text, g_strdup (_("detached from the host by libvirt")));
  else if (g_strcmp0 (managed, "no") == 0)
    add (text, g_strdup (_("not detached from the host by libvirt")));
}

static void
vhostuser_text (GString    *text,
                xmlNodePtr  source)
{
  g_autofree char *path = _vsm_xml_prop (source, "path");
  xmlNodePtr reconnect = _vsm_xml_child (source, "reconnect");
  g_autofree char *enabled = _vsm_xml_prop (reconnect, "enabled");
  g_autofree char *timeout = _vsm_xml_prop (reconnect, "timeout");

  if (!set (path))
    return;
  /* Translators: the socket of a vhost-user storage daemon */
  add (text, g_strdup_printf (_("vhost-user socket %s"), path));
  if (g_strcmp0 (enabled, "yes") == 0 && set (timeout))
    {
      guint s = (guint) MIN (g_ascii_strtoull (timeout, NULL, 10), G_MAXUINT);
      add (text, g_strdup_printf (ngettext ("reconnects after %u second", "reconnects after %u seconds", s), s));
    }
  else if (g_strcmp0 (enabled, "yes") == 0)
    add (text, g_strdup (_("reconnects")));
  else if (g_strcmp0 (enabled, "no") == 0)
    add (text, g_strdup (_("does not reconnect")));
}

/* What the local kinds (file, block, dir, volume, nvme) may add. */
static void
local_details (GString    *text,
               xmlNodePtr  source)
{
  g_autofree char *policy = _vsm_xml_prop (source, "startupPolicy");
  g_autofree char *fdgroup = _vsm_xml_prop (source, "fdgroup");
  g_autofree char *mode = _vsm_xml_prop (source, "mode");
  xmlNodePtr slice = _vsm_xml_child (_vsm_xml_child (source, "slices"), "slice");
  xmlNodePtr reservations = _vsm_xml_child (source, "reservations");

  if (g_strcmp0 (mode, "direct") == 0)
    /* Translators: a volume of an iSCSI pool that QEMU logs in to itself */
    add (text, g_strdup (_("used directly by QEMU")));
  else if (g_strcmp0 (mode, "host") == 0)
    /* Translators: a volume of an iSCSI pool used through the host's block device */
    add (text, g_strdup (_("used through the host")));
  /* Translators: %s names the group of file descriptors a client passed to libvirt */
  add (text, set (fdgroup) ? g_strdup_printf (_("file descriptor group %s"), fdgroup) : NULL);
  if (slice != NULL)
    {
      g_autofree char *offset = _vsm_xml_prop (slice, "offset");
      g_autofree char *size_attr = _vsm_xml_prop (slice, "size");
      g_autofree char *size = vsm_size_format (size_attr ? g_ascii_strtoull (size_attr, NULL, 10) : 0);

      /* Translators: the part of an image the disk shows: "slice of 10.0 GiB at byte 1048576" */
      add (text, g_strdup_printf (_("slice of %s at byte %s"), size, offset ? offset : "0"));
    }
  if (reservations != NULL)
    {
      g_autofree char *managed = _vsm_xml_prop (reservations, "managed");
      g_autofree char *helper = child_prop (reservations, "source", "path");

      /* Translators: SCSI persistent reservations, and who makes them */
      if (set (helper))
        add (text, g_strdup_printf (_("persistent reservations through %s"), helper));
      else if (g_strcmp0 (managed, "yes") == 0)
        add (text, g_strdup (_("persistent reservations by libvirt")));
      else
        add (text, g_strdup (_("persistent reservations")));
    }
  /* Translators: a startup policy: the machine starts only if the medium is there */
  if (g_strcmp0 (policy, "mandatory") == 0)
    add (text, g_strdup (_("must be there at start")));
  else if (g_strcmp0 (policy, "requisite") == 0)
    add (text, g_strdup (_("must be there at cold boot")));
  else if (g_strcmp0 (policy, "optional") == 0)
    add (text, g_strdup (_("left out when missing")));
}

/**
 * _vsm_describe_disk_source:
 * @disk: a domain's <disk>
 *
 * Returns: (transfer full) (nullable): the words, or %NULL when the disk
 * has no source (an empty drive).
 */
char *
_vsm_describe_disk_source (xmlNodePtr disk)
{
  g_autoptr(GString) text = g_string_new (NULL);
  g_autofree char *type = _vsm_xml_prop (disk, "type");
  xmlNodePtr source = _vsm_xml_child (disk, "source");
  xmlNodePtr encryption;

  if (source == NULL)
    return NULL;
  if (type == NULL || g_str_equal (type, "file"))
    add (text, _vsm_xml_prop (source, "file"));
  else if (g_str_equal (type, "block"))
    add (text, _vsm_xml_prop (source, "dev"));
  else if (g_str_equal (type, "dir"))
    {
      g_autofree char *dir = _vsm_xml_prop (source, "dir");
      /* Translators: a host directory shown to the guest as a disk */
      add (text, set (dir) ? g_strdup_printf (_("Directory %s"), dir) : NULL);
    }
  else if (g_str_equal (type, "volume"))
    {
      g_autofree char *pool = _vsm_xml_prop (source, "pool");
      g_autofree char *volume = _vsm_xml_prop (source, "volume");
      add (text, set (pool) && set (volume) ? g_strdup_printf (_("Volume %s in pool %s"), volume, pool) : NULL);
    }
  else if (g_str_equal (type, "network"))
    network_text (text, disk, source);
  else if (g_str_equal (type, "nvme"))
    nvme_text (text, source);
  else if (g_str_equal (type, "vhostuser"))
    vhostuser_text (text, source);

  /* no medium: nothing of its details matters */
  if (text->len == 0)
    return NULL;
  if (!g_str_equal (type ? type : "file", "network"))
    local_details (text, source);
  /* libvirt also takes <encryption> beside <source>, its older place */
  encryption = _vsm_xml_child (source, "encryption");
  add (text, encryption_text (encryption != NULL ? encryption : _vsm_xml_child (disk, "encryption")));
  return g_strdup (text->str);
}

/* ------------------------------------------------------------------ */
/* Volumes                                                             */

/**
 * vsm_describe_volume_format:
 * @format: (nullable): a volume's <format type='…'>
 *
 * Returns: (transfer none): the format as the volume table shows it: as
 * libvirt names it ("qcow2", "linux-swap"), in words where libvirt's name
 * is not one ("none" of a partition), "—" when there is none.
 */
const char *
vsm_describe_volume_format (const char *format)
{
  if (!set (format))
    return "—";
  if (g_str_equal (format, "none"))
    /* Translators: a partition of a disk pool without a partition type; short (a table column) */
    return _("untyped");
  return format;
}

/**
 * vsm_describe_allocation:
 *
 * Returns: (transfer full): what a volume takes: "2.0 GiB · thin",
 * "10.0 GiB · full"; a volume without capacity has nothing to allocate
 * and shows its size alone.
 */
char *
vsm_describe_allocation (guint64 capacity,
                         guint64 allocation)
{
  g_autofree char *size = vsm_size_format (allocation);

  if (capacity == 0)
    return g_steal_pointer (&size);
  if (vsm_size_is_thin (capacity, allocation))
    /* Translators: a volume allocated as it is written, as in New Volume's "Thin" */
    return g_strdup_printf ("%s%s%s", size, SEP, _("thin"));
  /* Translators: a volume allocated in full (the opposite of thin), as in New Volume's "Full" */
  return g_strdup_printf ("%s%s%s", size, SEP, C_("allocation", "full"));
}
