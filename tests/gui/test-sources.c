/* test-sources.c
 *
 * The main window on tests/data/fixture-sources.xml, under Xvfb
 * (tests/headless.sh): the pool header's Source, the pool rows' type
 * labels, the volume table's Format and Allocation cells and the disk rows
 * of the Virtual Machines section show the words of vsm-describe.c, as
 * libvirt's test driver hands the definitions back (tests/unit/
 * test-describe.c asserts every variant on the fixture itself).
 *
 * Copyright 2026 Virt Storage developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>

#include "vsm-pool-row.h"
#include "vsm-test-gtk-utils.h"

#define TIMEOUT 10000
#define NBSP "\u00a0"

typedef struct
{
  GListStore *hosts;
  GSettings  *settings;
  VsmWindow  *win;
  VsmHost    *host;      /* owned by hosts */
} Fixture;

static void
fixture_setup (Fixture *f)
{
  f->win = vsm_test_window_open (&f->hosts, &f->settings);
  f->host = vsm_test_window_connect (f->win, "fixture-sources.xml");
}

static void
fixture_teardown (Fixture *f)
{
  vsm_test_window_close (&f->win, &f->settings, &f->hosts);
}

/* The pool header's Source, as libvirt's test driver hands the pools back
 * (it names a logical pool's volume group after the pool when none is set). */
static int
natural_width (GtkWidget *w)
{
  int natural;

  gtk_widget_measure (w, GTK_ORIENTATION_HORIZONTAL, -1, NULL, &natural, NULL, NULL);
  return natural;
}

static void
test_pool_sources (void)
{
  static const struct { const char *pool, *source; } cases[] = {
    { "dir-plain", "—" },
    { "netfs-nfs", "nas.example.com:/export/vms · NFS version 4" },
    { "netfs-nfs-ipv6", "[2001:db8::10]:/srv/nfs · any network filesystem · port 2049" },
    { "netfs-cifs", "//smb.example.com/vmshare · CIFS" },
    { "logical-devices", "Volume group logical-devices on /dev/sdq1" },
    { "disk-gpt", "GPT partition table on /dev/sdb" },
    { "iscsi-chap", "iqn.2013-06.com.example:storage on 10.0.0.5:3260 · initiator iqn.2013-06.com.example:host1 · "
                    "CHAP user alice" },
    { "scsi-parent-address", "Adapter at PCI address 0000:00:1f.2 · unique ID 2 · vendor Intel · product SATA AHCI" },
    { "scsi-fc-parent", "Fibre Channel adapter WWNN 20000000c9831b4b, WWPN 10000000c9831b4b · parent scsi_host5 · "
                        "vHBA removed when the pool stops" },
    { "rbd", "Ceph pool rbdpool on mon1.example.com:6789, mon2.example.com, [2001:db8::6]:6789 · cephx user libvirt" },
    { "gluster", "gluster://localhost/gv0" },
    { "sheepdog", "sheepcluster on localhost:7000" },
  };
  Fixture f = { 0 };
  VsmPoolView *view;

  fixture_setup (&f);
  view = vsm_window_get_pool_view (f.win);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      GtkLabel *label;

      vsm_test_select_pool (f.win, f.host, cases[i].pool);
      /* shown: found and mapped (the pool page may still be changing) */
      VSM_WAIT_FOR ((label = vsm_test_find_label (GTK_WIDGET (view), cases[i].source)) != NULL &&
                    gtk_widget_get_mapped (GTK_WIDGET (label)), TIMEOUT);
      /* read whole, as the rest of the window at 1280 px */
      vsm_test_assert_nothing_cut (GTK_WIDGET (f.win), cases[i].pool);
      if (g_str_equal (cases[i].pool, "iscsi-chap"))
        vsm_test_shot (GTK_WIDGET (f.win), "sources-iscsi");
    }

  /* Sheepdog has its own label and icon, not the unknown type's. */
  {
    GtkListBoxRow *row = vsm_test_pool_row_named (f.win, "sheepdog");

    g_assert_nonnull (row);
    g_assert_true (vsm_test_has_label (GTK_WIDGET (row), "Sheepdog · Active"));
    g_assert_null (vsm_test_find_widget (GTK_WIDGET (row), vsm_test_is_label_containing, (gpointer) "Storage pool"));
  }
  fixture_teardown (&f);
}

/* The volume row of @name in the table, once drawn. */
static GtkWidget *
volume_row (VsmPoolView *view,
            const char  *name)
{
  GtkWidget *cv = GTK_WIDGET (vsm_pool_view_get_column_view (view));
  GtkLabel *label;

  VSM_WAIT_FOR ((label = vsm_test_find_label (cv, name)) != NULL && gtk_widget_get_mapped (GTK_WIDGET (label)),
                TIMEOUT);
  return vsm_test_column_view_row_of (GTK_WIDGET (label));
}

static gboolean
is_lock (GtkWidget *w,
         gpointer   unused)
{
  return GTK_IS_IMAGE (w) && g_strcmp0 (gtk_image_get_icon_name (GTK_IMAGE (w)), "channel-secure-symbolic") == 0;
}

/* Format and Allocation: a volume without capacity is neither thin nor
 * full, an encrypted one has a lock that says how, a partition without a
 * type says so. */
static void
test_volume_cells (void)
{
  static const struct { const char *pool, *volume, *format, *encryption, *allocation; } cases[] = {
    { "dir-plain", "empty.raw", "raw", NULL, "0 bytes" },
    { "dir-plain", "secret.raw", "raw", "LUKS encryption", "10.0" NBSP "GiB · full" },
    { "dir-plain", "old-secret.qcow2", "qcow2", "qcow encryption", "1.0" NBSP "GiB · thin" },
    { "disk-gpt", "sdb1", "untyped", NULL, "2.0" NBSP "GiB · full" },
    { "disk-gpt", "sdb2", "linux-swap", NULL, "4.0" NBSP "GiB · full" },
  };
  Fixture f = { 0 };
  VsmPoolView *view;

  fixture_setup (&f);
  view = vsm_window_get_pool_view (f.win);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      GtkWidget *row, *lock, *format;

      vsm_test_select_pool (f.win, f.host, cases[i].pool);
      gtk_test_widget_wait_for_draw (GTK_WIDGET (f.win));
      row = volume_row (view, cases[i].volume);
      VSM_WAIT_FOR ((format = GTK_WIDGET (vsm_test_find_label (row, cases[i].format))) != NULL, TIMEOUT);
      g_assert_true (vsm_test_has_label (row, cases[i].allocation));
      g_assert_false (vsm_test_has_label (row, "none"));
      /* the whole format is there to read, not cut by its column
       * ("linux-swa"): nor anything else of the row */
      g_assert_cmpint (gtk_widget_get_width (format), >=, natural_width (format));
      vsm_test_assert_nothing_cut (row, cases[i].volume);
      lock = vsm_test_find_widget (row, is_lock, NULL);
      g_assert_nonnull (lock);
      g_assert_cmpint (gtk_widget_get_visible (lock), ==, cases[i].encryption != NULL);
      g_assert_cmpstr (gtk_widget_get_tooltip_text (lock), ==, cases[i].encryption);
      if (cases[i].encryption != NULL)
        vsm_test_shot (GTK_WIDGET (f.win), "sources-encrypted");
    }
  vsm_test_shot (GTK_WIDGET (f.win), "sources-partitions");
  fixture_teardown (&f);
}

/* The disk rows of a machine: the subtitle is the source in words. */
static void
test_disk_rows (void)
{
  static const struct { const char *domain, *target, *text; } cases[] = {
    { "local-disks", "vdb", "/var/lib/libvirt/images/luks.img · LUKS encryption" },
    { "local-disks", "sdb", "Empty" },
    { "local-disks", "vdi", "NVMe namespace 1 at PCI address 0000:01:00.0 · detached from the host by libvirt" },
    { "local-disks", "vdh", "Volume unit:0:0:1 in pool iscsi-chap · used directly by QEMU" },
    { "local-disks", "vdk", "vhost-user socket /run/vhost/disk.sock · reconnects after 10 seconds" },
    { "network-disks", "vda", "nfs://nas.example.com/export/vms/disk.img · as user qemu, group kvm" },
    { "network-disks", "vdb", "rbd rbdpool/image1 on mon1.example.com:6789, mon2.example.com · snapshot snap1 · "
                              "configuration /etc/ceph/ceph.conf · cephx user libvirt" },
    /* libvirt writes the default port of every gluster host */
    { "network-disks", "vdd", "gluster://gfs1.example.com:24007/gv0/images/disk.qcow2 · also gfs2.example.com:24007" },
    { "network-disks", "sdf", "iscsi://10.0.0.5:3260/iqn.2013-07.com.example:iscsi-pool/1 · "
                              "initiator iqn.2013-07.com.example:client · CHAP user alice" },
    { "network-disks", "vdh", "nbd://[2001:db8::9]:10809 · TLS · certificate checked for nbd.example.com" },
    { "network-disks", "sda", "http://mirror.example.com:8080/isos/debian.iso" },
  };
  Fixture f = { 0 };
  VsmDomainView *dview;

  fixture_setup (&f);
  dview = vsm_window_get_domain_view (f.win);
  VSM_WAIT_FOR (vsm_keyed_list_get_n_items (vsm_host_get_domains (f.host)) == 2, TIMEOUT);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      GtkWidget *row = NULL;

      /* the fixture's machines have 20 and 21 drives: the rows listed are
       * this machine's, not the last one's */
      guint n_disks = g_str_equal (cases[i].domain, "local-disks") ? 20 : 21;

      vsm_window_show_domain (f.win, cases[i].domain);
      VSM_WAIT_FOR (vsm_domain_view_get_domain (dview) != NULL &&
                    g_strcmp0 (vsm_domain_get_name (vsm_domain_view_get_domain (dview)), cases[i].domain) == 0 &&
                    vsm_domain_view_get_n_disks (dview) == n_disks &&
                    gtk_list_box_get_row_at_index (vsm_domain_view_get_disk_list (dview), n_disks - 1) != NULL,
                    TIMEOUT);
      row = vsm_test_disk_row (dview, cases[i].target);
      g_assert_nonnull (row);
      g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), ==, cases[i].text);
      /* shown whole */
      gtk_test_widget_wait_for_draw (GTK_WIDGET (f.win));
      vsm_test_assert_nothing_cut (row, cases[i].target);
    }
  vsm_test_shot (GTK_WIDGET (f.win), "sources-network-disks");
  fixture_teardown (&f);
}

int
main (int   argc,
      char *argv[])
{
  vsm_test_gtk_init (&argc, &argv);

  g_test_add_func ("/gui/sources/pool-header", test_pool_sources);
  g_test_add_func ("/gui/sources/volume-cells", test_volume_cells);
  g_test_add_func ("/gui/sources/disk-rows", test_disk_rows);

  return g_test_run ();
}
