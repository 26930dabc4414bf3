/* test-bad-input.c
 *
 * The bad input table (issue "Reliability and safety"): every dialog that
 * takes typed input, driven with the real widgets under Xvfb
 * (tests/headless.sh) on libvirt's test driver (tests/data/fixture-basic.xml,
 * opened through the main window). Each row of `cases` is one subtest:
 *
 *   REFUSED   the dialog says why next to the field (a visible, non-empty
 *             error label; the row marked "error" where the dialog marks
 *             rows), its primary button is insensitive, pressing it anyway
 *             does nothing, and the app's models show no new pool, volume,
 *             connection or job
 *   ESCAPED   accepted: the XML the dialog generates parses back (libxml2)
 *             to exactly the input, the virsh line shown parses back
 *             (g_shell_parse_argv) to it, and the object created through
 *             the dialog has exactly that name
 *   ACCEPTED  valid although unusual (documented why in the row)
 *
 * A second, fast layer (/safety/validators/…) runs the same rows through
 * the service's validators directly where one validator owns the field.
 * At the end a TAP comment gives "N bad inputs refused, M accepted+escaped".
 *
 * Also: a failed create leaves nothing behind (/safety/failed-create/…).
 *
 * G_DEBUG=fatal-warnings (test_env) makes any warning or critical a failure.
 *
 * Copyright 2026 Virt Storage developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <libxml/parser.h>
#include <libxml/xpath.h>
#include <string.h>

#include "vsm-attach-dialog.h"
#include "vsm-connect-dialog.h"
#include "vsm-disk-spec.h"
#include "vsm-domain-ops.h"
#include "vsm-domain-xml.h"
#include "vsm-host-attach.h"
#include "vsm-job.h"
#include "vsm-pool-spec.h"
#include "vsm-pool-wizard-private.h"
#include "vsm-size.h"
#include "vsm-test-gtk-utils.h"
#include "vsm-uri.h"
#include "vsm-volume-dialog.h"
#include "vsm-volume-spec.h"
#include "vsm-window.h"
#include "wizard-test-common.h"

#define TIMEOUT 10000

/* ------------------------------------------------------------------ */
/* The table                                                           */

typedef enum
{
  D_CONNECT,    /* Add Connection; variant "ssh" or "custom" */
  D_WIZARD,     /* New Pool wizard; variant = pool type */
  D_VOLUME,     /* New Volume, pool "images" */
  D_CLONE,      /* Clone of images/disk1.qcow2 */
  D_RESIZE,     /* Resize of images/disk2.raw (10 GiB) */
  D_ATTACH,     /* Attach Storage to vm1; variant "existing", "new", "iso", "block" */
} Dialog;

static const char * const dialog_names[] = {
  "connect", "wizard", "new-volume", "clone", "resize", "attach",
};

typedef enum
{
  REFUSED,
  ESCAPED,
  ACCEPTED,
} Outcome;

/* "@long300" stands for 300 × "a". */
#define LONG300 "@long300"

typedef struct
{
  Dialog      dialog;
  const char *variant;
  const char *pre[7];       /* id, value, … set first (NULL-terminated) */
  const char *field;
  const char *input;
  Outcome     outcome;
  /* REFUSED: a substring of the inline message (NULL: any message);
   * ESCAPED: an XPath whose string value must equal the input (NULL: no
   * XML to check); ACCEPTED: the resulting value (URI) or NULL */
  const char *expect;
} BadInput;

static const BadInput cases[] = {
  /* Add Connection: custom URI */
  { D_CONNECT, "custom", { NULL }, "uri", "", REFUSED, "Enter a connection URI" },
  { D_CONNECT, "custom", { NULL }, "uri", "qemu:///sys tem", REFUSED, "spaces" },
  { D_CONNECT, "custom", { NULL }, "uri", " qemu:///system", REFUSED, "spaces" },
  { D_CONNECT, "custom", { NULL }, "uri", "qemu:///system\n", REFUSED, "spaces" },
  { D_CONNECT, "custom", { NULL }, "uri", "foo:///system", REFUSED, "Unknown hypervisor driver" },
  { D_CONNECT, "custom", { NULL }, "uri", "qemu+pigeon://host/system", REFUSED, "Unknown transport" },
  { D_CONNECT, "custom", { NULL }, "uri", "qemu+ssh://host:99999/system", REFUSED, NULL },
  { D_CONNECT, "custom", { NULL }, "uri", "qemu+ssh://host:0/system", REFUSED, "port" },
  { D_CONNECT, "custom", { NULL }, "uri", "qemu+ssh://bad_host-/system", REFUSED, "not a valid host" },
  { D_CONNECT, "custom", { NULL }, "uri", "qemu+ssh:///system", REFUSED, "needs a host name" },
  { D_CONNECT, "custom", { NULL }, "uri", "qemu:///nowhere", REFUSED, "/system or /session" },
  /* Add Connection: SSH */
  { D_CONNECT, "ssh", { NULL }, "host", "", REFUSED, "Enter a host name" },
  { D_CONNECT, "ssh", { NULL }, "host", "bad host", REFUSED, "not a valid host" },
  { D_CONNECT, "ssh", { NULL }, "host", "-leading", REFUSED, "not a valid host" },
  { D_CONNECT, "ssh", { NULL }, "host", "host:99999", REFUSED, "not a valid host" },
  { D_CONNECT, "ssh", { NULL }, "host", "a<b&c", REFUSED, "not a valid host" },
  { D_CONNECT, "ssh", { "host", "example.com", NULL }, "port", "0", REFUSED, "65535" },
  { D_CONNECT, "ssh", { "host", "example.com", NULL }, "port", "65536", REFUSED, "65535" },
  { D_CONNECT, "ssh", { "host", "example.com", NULL }, "port", "-1", REFUSED, "65535" },
  { D_CONNECT, "ssh", { "host", "example.com", NULL }, "port", "22a", REFUSED, "65535" },
  { D_CONNECT, "ssh", { "host", "example.com", NULL }, "user", "ro ot", REFUSED, "user name" },
  { D_CONNECT, "ssh", { "host", "example.com", NULL }, "user", "root;id", REFUSED, "user name" },
  /* "_" is not RFC 1123, but resolvers accept it (/etc/hosts, container
   * DNS) and ssh connects: accepted on purpose */
  { D_CONNECT, "ssh", { NULL }, "host", "my_host", ACCEPTED, "qemu+ssh://my_host/system" },
  /* a query with "&" is valid; the dialog shows it as text, not markup */
  { D_CONNECT, "custom", { NULL }, "uri", "qemu+ssh://h/system?keyfile=/k&no_verify=1", ACCEPTED,
    "qemu+ssh://h/system?keyfile=/k&no_verify=1" },

  /* New Pool wizard: the pool name */
  { D_WIZARD, "dir", { NULL }, "name", "", REFUSED, "Enter a name" },
  { D_WIZARD, "dir", { NULL }, "name", "a/b", REFUSED, "/" },
  { D_WIZARD, "dir", { NULL }, "name", "images", REFUSED, "already exists" },
  { D_WIZARD, "dir", { NULL }, "name", LONG300, REFUSED, "too long" },
  { D_WIZARD, "dir", { NULL }, "name", "line\nbreak", REFUSED, "control characters" },
  { D_WIZARD, "dir", { NULL }, "name", " lead", REFUSED, "space" },
  { D_WIZARD, "dir", { NULL }, "name", "trail ", REFUSED, "space" },
  { D_WIZARD, "dir", { NULL }, "name", ".hidden", REFUSED, "“.”" },
  { D_WIZARD, "dir", { NULL }, "name", "safe<&'\"pool", ESCAPED, "/pool/name" },
  { D_WIZARD, "dir", { NULL }, "name", "safe pool;x", ESCAPED, "/pool/name" },
  /* paths */
  { D_WIZARD, "dir", { NULL }, "target-path", "relative/path", REFUSED, "absolute" },
  { D_WIZARD, "dir", { NULL }, "target-path", "", REFUSED, "Enter a path" },
  { D_WIZARD, "dir", { NULL }, "target-path", "/srv/../etc", REFUSED, "“..”" },
  { D_WIZARD, "dir", { NULL }, "target-path", "/srv/a\nb", REFUSED, "line breaks" },
  /* a directory that does not exist yet: the pool is built there on the
   * host (maybe remote), so it cannot be checked here; escaped */
  { D_WIZARD, "dir", { "name", "safe-newdir", NULL }, "target-path", "/srv/no such <&'\"> dir", ESCAPED,
    "/pool/target/path" },
  { D_WIZARD, "dir", { NULL }, "mode", "999", REFUSED, "octal" },
  { D_WIZARD, "dir", { NULL }, "owner", "-1", REFUSED, "numeric" },
  { D_WIZARD, "fs", { NULL }, "device", "sdb1", REFUSED, "absolute" },
  { D_WIZARD, "fs", { NULL }, "device", "/dev/../sdb", REFUSED, "“..”" },
  { D_WIZARD, "logical", { NULL }, "devices", "/dev/sdb sdc", REFUSED, "absolute" },
  { D_WIZARD, "logical", { NULL }, "source-name", "-vg", REFUSED, "volume group" },
  { D_WIZARD, "logical", { NULL }, "source-name", "v g", REFUSED, "volume group" },
  { D_WIZARD, "netfs", { NULL }, "source-dir", "export", REFUSED, "absolute" },
  /* hosts and ports */
  { D_WIZARD, "netfs", { NULL }, "host", "bad host", REFUSED, "not a valid host" },
  { D_WIZARD, "netfs", { NULL }, "host", "-nfs", REFUSED, "not a valid host" },
  { D_WIZARD, "netfs", { NULL }, "host", "", REFUSED, "Enter a host name" },
  { D_WIZARD, "iscsi", { NULL }, "host", "host:99999", REFUSED, "not a valid host" },
  { D_WIZARD, "iscsi", { NULL }, "port", "0", REFUSED, "65535" },
  { D_WIZARD, "iscsi", { NULL }, "port", "65536", REFUSED, "65535" },
  { D_WIZARD, "iscsi", { NULL }, "port", "-1", REFUSED, "port number" },
  { D_WIZARD, "iscsi", { NULL }, "port", "99999", REFUSED, "65535" },
  { D_WIZARD, "rbd", { NULL }, "hosts", "mon1:99999", REFUSED, "65535" },
  { D_WIZARD, "rbd", { NULL }, "hosts", "mon1:0", REFUSED, "65535" },
  { D_WIZARD, "rbd", { NULL }, "hosts", "mon1 mon_2 -mon3", REFUSED, "-mon3" },
  { D_WIZARD, "rbd", { NULL }, "source-name", "rbd\npool", REFUSED, "Line breaks" },
  /* IQNs and WWNs */
  /* a target name libvirt accepts but RFC 3720 does not (the course's
   * "demo-target"): warned next to the field, and reaches libvirt intact */
  { D_WIZARD, "iscsi", { NULL }, "target-iqn", "demo-target", ESCAPED, "/pool/source/device/@path" },
  { D_WIZARD, "iscsi", { NULL }, "target-iqn", "iqn.2024-01.com.example:has space", REFUSED, "no spaces" },
  { D_WIZARD, "iscsi", { NULL }, "target-iqn", "tgt\n1", REFUSED, "no spaces" },
  { D_WIZARD, "iscsi", { NULL }, "initiator", "naa.12345678", REFUSED, "iSCSI name" },
#define FC_HOST "adapter-type", "fc_host", "wwnn", "20000000c9831b4b", "wwpn", "10000000c9831b4b", NULL
  { D_WIZARD, "scsi", { FC_HOST }, "wwpn", "xyz", REFUSED, "WWN" },
  { D_WIZARD, "scsi", { FC_HOST }, "wwnn", "20000000c9831b4", REFUSED, "WWN" },
  { D_WIZARD, "scsi", { FC_HOST }, "wwnn", "0x20000000c9831b4bff", REFUSED, "WWN" },

  /* New Volume */
  { D_VOLUME, NULL, { NULL }, "name", "", REFUSED, "Enter a name" },
  { D_VOLUME, NULL, { NULL }, "name", "a/b", REFUSED, "/" },
  { D_VOLUME, NULL, { NULL }, "name", "disk1.qcow2", REFUSED, "already exists" },
  { D_VOLUME, NULL, { NULL }, "name", LONG300, REFUSED, "too long" },
  { D_VOLUME, NULL, { NULL }, "name", "a\nb.qcow2", REFUSED, "line breaks" },
  { D_VOLUME, NULL, { NULL }, "name", " lead.qcow2", REFUSED, "space" },
  { D_VOLUME, NULL, { NULL }, "name", "..", REFUSED, "cannot be used" },
  { D_VOLUME, NULL, { NULL }, "name", "safe<&'\">.qcow2", ESCAPED, "/volume/name" },
  { D_VOLUME, NULL, { NULL }, "name", "safe vol;rm -rf x.qcow2", ESCAPED, "/volume/name" },
  { D_VOLUME, NULL, { NULL }, "capacity", "0", REFUSED, "larger than zero" },
  { D_VOLUME, NULL, { NULL }, "capacity", "-1", REFUSED, "negative" },
  { D_VOLUME, NULL, { NULL }, "capacity", "abc", REFUSED, "abc" },
  { D_VOLUME, NULL, { NULL }, "capacity", "1e99", REFUSED, "e99" },
  { D_VOLUME, NULL, { NULL }, "capacity", "18446744073709551616", REFUSED, "too large" },
  { D_VOLUME, NULL, { NULL }, "capacity", "17179869184 GiB", REFUSED, "too large" },
  { D_VOLUME, NULL, { NULL }, "capacity", "17179869184", REFUSED, "too large" },   /* × GiB beside it */
  { D_VOLUME, NULL, { NULL }, "capacity", "", REFUSED, "Enter a capacity" },
  { D_VOLUME, NULL, { NULL }, "capacity", "0x10", REFUSED, "Unknown unit" },

  /* Clone */
  { D_CLONE, NULL, { NULL }, "name", "", REFUSED, "Enter a name" },
  { D_CLONE, NULL, { NULL }, "name", "a/b", REFUSED, "/" },
  { D_CLONE, NULL, { NULL }, "name", "disk2.raw", REFUSED, "already exists" },
  { D_CLONE, NULL, { NULL }, "name", LONG300, REFUSED, "too long" },
  { D_CLONE, NULL, { NULL }, "name", "tab\there", REFUSED, "control characters" },
  { D_CLONE, NULL, { NULL }, "name", "safe clone <&'\">.qcow2", ESCAPED, NULL },

  /* Resize */
  { D_RESIZE, NULL, { NULL }, "size", "0", REFUSED, "larger than zero" },
  { D_RESIZE, NULL, { NULL }, "size", "-1", REFUSED, "negative" },
  { D_RESIZE, NULL, { NULL }, "size", "abc", REFUSED, "abc" },
  { D_RESIZE, NULL, { NULL }, "size", "1e99", REFUSED, "e99" },
  { D_RESIZE, NULL, { NULL }, "size", "18446744073709551616", REFUSED, "too large" },
  { D_RESIZE, NULL, { NULL }, "size", "17179869184 GiB", REFUSED, "too large" },
  { D_RESIZE, NULL, { NULL }, "size", "10 GiB", REFUSED, "current capacity" },

  /* Attach Storage (vm1: vda on virtio, sdc on sata) */
  { D_ATTACH, "existing", { NULL }, "target", "vda", REFUSED, "already has" },
  { D_ATTACH, "existing", { NULL }, "target", "xyz", REFUSED, "must start with" },
  { D_ATTACH, "existing", { "bus", "sata", NULL }, "target", "sd", REFUSED, "Add a letter" },
  { D_ATTACH, "existing", { "bus", "sata", NULL }, "target", "sdc", REFUSED, "already has" },
  { D_ATTACH, "existing", { NULL }, "target", "vdB", REFUSED, "lower-case" },
  { D_ATTACH, "existing", { NULL }, "target", "vdaaaa", REFUSED, "too long" },
  { D_ATTACH, "existing", { NULL }, "target", "", REFUSED, "Enter a target" },
  { D_ATTACH, "existing", { NULL }, "serial", "bad\"serial", REFUSED, "serial number" },
  { D_ATTACH, "existing", { NULL }, "serial", "a<b>&c", REFUSED, "serial number" },
  { D_ATTACH, "iso", { NULL }, "path", "install.iso", REFUSED, "absolute" },
  { D_ATTACH, "iso", { NULL }, "path", "/srv/iso/a\nb.iso", REFUSED, "cannot be used" },
  { D_ATTACH, "block", { NULL }, "path", "dev/sdb", REFUSED, "absolute" },
  { D_ATTACH, "block", { NULL }, "path", "", REFUSED, "Choose the file or device" },
  { D_ATTACH, "new", { NULL }, "new-name", "a/b", REFUSED, "/" },
  { D_ATTACH, "new", { NULL }, "new-name", "disk1.qcow2", REFUSED, "already exists" },
  { D_ATTACH, "new", { NULL }, "new-size", "abc", REFUSED, "abc" },
  { D_ATTACH, "new", { NULL }, "new-size", "0", REFUSED, "larger than zero" },
  { D_ATTACH, "new", { NULL }, "new-size", "17179869184 GiB", REFUSED, "too large" },
  /* paths on the host (maybe remote) cannot be checked for existence
   * here: libvirt reports a missing one when attaching; escaped */
  { D_ATTACH, "iso", { NULL }, "path", "/srv/no such/<&'\">.iso", ESCAPED, "/disk/source/@file" },
  { D_ATTACH, "block", { NULL }, "path", "/dev/disk/by-id/no-such-<&'\">", ESCAPED, "/disk/source/@dev" },
};

static guint n_refused;
static guint n_escaped;
static guint n_accepted;
static guint n_pools_created;
static guint n_volumes_created;

static char *
input_of (const BadInput *c)
{
  if (g_str_equal (c->input, LONG300))
    return g_strnfill (300, 'a');
  return g_strdup (c->input);
}

/* ------------------------------------------------------------------ */
/* One window on fixture-basic.xml for the whole table                 */

typedef struct
{
  GListStore  *hosts;
  GSettings   *settings;
  VsmWindow   *win;
  VsmHost     *host;
  VsmPoolView *view;
  VsmPool     *images;
} Shared;

static Shared shared;

static Shared *
shared_get (void)
{
  if (shared.win == NULL)
    {
      shared.win = vsm_test_window_open (&shared.hosts, &shared.settings);
      shared.view = vsm_window_get_pool_view (shared.win);
      shared.host = vsm_test_window_connect (shared.win, "fixture-basic.xml");
      VSM_WAIT_FOR (vsm_keyed_list_get_n_items (vsm_host_get_domains (shared.host)) == 2, TIMEOUT);
      shared.images = vsm_test_select_pool (shared.win, shared.host, "images");
      VSM_WAIT_FOR (vsm_test_volumes_ready (shared.images), TIMEOUT);
    }
  return &shared;
}

static void
shared_close (void)
{
  if (shared.win != NULL)
    {
      vsm_test_close_other_toplevels (GTK_WINDOW (shared.win));
      vsm_test_window_close (&shared.win, &shared.settings, &shared.hosts);
    }
}

/* What must not change when an input is refused: the app's own models. */
typedef struct
{
  guint hosts;
  guint pools;
  guint volumes;
  guint jobs;
  guint disks;
} State;

static guint
vm1_disks (Shared *s)
{
  VsmKeyedList *doms = vsm_host_get_domains (s->host);

  for (guint i = 0; i < vsm_keyed_list_get_n_items (doms); i++)
    {
      VsmDomain *d = vsm_keyed_list_get (doms, i);
      if (g_str_equal (vsm_domain_get_name (d), "vm1"))
        return vsm_domain_get_disks (d) ? vsm_domain_get_disks (d)->len : 0;
    }
  g_assert_not_reached ();
}

static void
state_take (Shared *s,
            State  *st)
{
  st->hosts = g_list_model_get_n_items (G_LIST_MODEL (s->hosts));
  st->pools = vsm_keyed_list_get_n_items (vsm_host_get_pools (s->host));
  st->volumes = vsm_keyed_list_get_n_items (vsm_pool_get_volumes (s->images));
  st->jobs = g_list_model_get_n_items (G_LIST_MODEL (vsm_window_get_jobs (s->win)));
  st->disks = vm1_disks (s);
}

static void
state_assert_same (Shared      *s,
                   const State *before)
{
  State now;

  vsm_test_wait_idle (30);
  state_take (s, &now);
  g_assert_cmpuint (now.hosts, ==, before->hosts);
  g_assert_cmpuint (now.pools, ==, before->pools);
  g_assert_cmpuint (now.volumes, ==, before->volumes);
  g_assert_cmpuint (now.jobs, ==, before->jobs);
  g_assert_cmpuint (now.disks, ==, before->disks);
}

/* ------------------------------------------------------------------ */
/* Shared assertions                                                   */

static void
check_message (const BadInput *c,
               const char     *message)
{
  g_autofree char *shown = g_strescape (c->input, NULL);

  if (message == NULL || *message == '\0')
    g_error ("%s %s = “%.40s”: no message", dialog_names[c->dialog], c->field, shown);
  g_test_message ("%s %s = “%.40s” → %s", dialog_names[c->dialog], c->field, shown, message);
  if (c->expect != NULL && strstr (message, c->expect) == NULL)
    g_error ("%s %s = “%s”: the message “%s” does not mention “%s”", dialog_names[c->dialog], c->field,
             shown, message, c->expect);
}

/* @label is shown, says @message, and sits right below @row when @row is
 * given (same column, within 24 px). */
static void
check_label (GtkWidget  *root,
             GtkWidget  *label,
             const char *message,
             GtkWidget  *row)
{
  g_assert_nonnull (label);
  g_assert_true (gtk_widget_is_visible (label));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (label)), ==, message);
  if (row != NULL)
    {
      graphene_rect_t rb, lb;

      gtk_test_widget_wait_for_draw (root);
      g_assert_true (gtk_widget_compute_bounds (row, root, &rb));
      g_assert_true (gtk_widget_compute_bounds (label, root, &lb));
      if (lb.origin.y < rb.origin.y + rb.size.height - 1 || lb.origin.y > rb.origin.y + rb.size.height + 24)
        g_error ("the message is at y=%.0f, the row ends at y=%.0f", lb.origin.y, rb.origin.y + rb.size.height);
    }
}

/* The string value of @xpath in @xml. */
static char *
xml_value (const char *xml,
           const char *xpath)
{
  xmlDocPtr doc = xmlReadMemory (xml, (int) strlen (xml), "gen.xml", NULL, XML_PARSE_NONET);
  xmlXPathContextPtr ctx;
  xmlXPathObjectPtr obj;
  char *value = NULL;

  if (doc == NULL)
    g_error ("the generated XML does not parse:\n%s", xml);
  ctx = xmlXPathNewContext (doc);
  obj = xmlXPathEvalExpression ((const xmlChar *) xpath, ctx);
  if (obj != NULL && obj->type == XPATH_NODESET && obj->nodesetval != NULL && obj->nodesetval->nodeNr == 1)
    {
      xmlChar *s = xmlNodeGetContent (obj->nodesetval->nodeTab[0]);
      value = g_strdup ((const char *) s);
      xmlFree (s);
    }
  xmlXPathFreeObject (obj);
  xmlXPathFreeContext (ctx);
  xmlFreeDoc (doc);
  if (value == NULL)
    g_error ("%s: not exactly one node in\n%s", xpath, xml);
  return value;
}

static void
check_xml_round_trip (const BadInput *c,
                      const char     *xml,
                      const char     *input)
{
  g_autofree char *value = NULL;

  g_assert_nonnull (xml);
  value = xml_value (xml, c->expect);
  g_test_message ("%s → %s", c->expect, value);
  g_assert_cmpstr (value, ==, input);
}

/* @cmd (one line, or several) parses as a shell command line and one of
 * the words is exactly @input. */
static void
check_shell_round_trip (const char *cmd,
                        const char *input)
{
  g_auto(GStrv) lines = g_strsplit (cmd, "\n", -1);
  gboolean found = FALSE;

  for (guint l = 0; lines[l] != NULL; l++)
    {
      g_auto(GStrv) argv = NULL;
      g_autoptr(GError) error = NULL;

      if (*lines[l] == '\0')
        continue;
      if (!g_shell_parse_argv (lines[l], NULL, &argv, &error))
        g_error ("“%s” is not a shell command line: %s", lines[l], error->message);
      g_assert_cmpstr (argv[0], ==, "virsh");
      for (guint i = 0; argv[i] != NULL; i++)
        if (g_str_equal (argv[i], input))
          found = TRUE;
    }
  if (!found)
    g_error ("“%s” is not a word of “%s”", input, cmd);
}

/* ------------------------------------------------------------------ */
/* Add Connection                                                      */

static GtkWidget *
connect_row (GtkWidget  *dialog,
             const char *field)
{
  const char *title = g_str_equal (field, "uri") ? "_URI"
                    : g_str_equal (field, "host") ? "_Host"
                    : g_str_equal (field, "port") ? "SSH _Port (optional)"
                    : "_User (optional)";
  GtkWidget *row = vsm_test_find_widget (dialog, vsm_test_is_entry_row_titled, (gpointer) title);

  g_assert_nonnull (row);
  return row;
}

static void
run_connect (const BadInput *c,
             Shared         *s,
             State          *before)
{
  g_autofree char *input = input_of (c);
  VsmConnectDialog *dialog;
  GtkWidget *w, *row, *button, *label;
  g_autofree char *uri = NULL;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (s->win), "win.add-connection", NULL));
  VSM_WAIT_FOR (vsm_test_find_toplevel (VSM_TYPE_CONNECT_DIALOG, NULL) != NULL, TIMEOUT);
  dialog = VSM_CONNECT_DIALOG (vsm_test_find_toplevel (VSM_TYPE_CONNECT_DIALOG, NULL));
  w = GTK_WIDGET (dialog);
  VSM_WAIT_FOR (gtk_widget_get_mapped (w), TIMEOUT);
  vsm_connect_dialog_set_preset (dialog, g_str_equal (c->variant, "ssh") ? VSM_CONNECT_PRESET_SSH
                                                                          : VSM_CONNECT_PRESET_CUSTOM);
  for (guint i = 0; c->pre[i] != NULL; i += 2)
    gtk_editable_set_text (GTK_EDITABLE (connect_row (w, c->pre[i])), c->pre[i + 1]);
  row = connect_row (w, c->field);
  g_assert_true (gtk_widget_is_visible (row));
  /* typed, then changed to the input (an empty input: typed and erased) */
  gtk_editable_set_text (GTK_EDITABLE (row), "x");
  gtk_editable_set_text (GTK_EDITABLE (row), input);
  button = vsm_test_find_widget (w, vsm_test_is_button_with_label, (gpointer) "C_onnect");
  label = vsm_test_find_widget (w, vsm_test_is_error_label, NULL);
  g_assert_nonnull (button);
  uri = vsm_connect_dialog_dup_uri (dialog);

  if (c->outcome == REFUSED)
    {
      if (uri != NULL)
        g_error ("“%s” was accepted as %s", input, uri);
      check_message (c, vsm_connect_dialog_get_error (dialog));
      check_label (w, label, vsm_connect_dialog_get_error (dialog), NULL);
      /* the row at fault is marked */
      g_assert_true (gtk_widget_has_css_class (row, "error"));
      g_assert_false (gtk_widget_get_sensitive (button));
      g_signal_emit_by_name (button, "clicked");
      g_assert_true (vsm_test_find_toplevel (VSM_TYPE_CONNECT_DIALOG, NULL) == GTK_WINDOW (dialog));
      state_assert_same (s, before);
    }
  else
    {
      g_assert_cmpstr (uri, ==, c->expect);
      g_assert_null (vsm_connect_dialog_get_error (dialog));
      g_assert_false (gtk_widget_get_visible (label));
      g_assert_false (gtk_widget_has_css_class (row, "error"));
      g_assert_true (gtk_widget_get_sensitive (button));
    }
  gtk_window_destroy (GTK_WINDOW (dialog));
}

/* ------------------------------------------------------------------ */
/* New Pool wizard                                                     */

/* Valid values for every field each type needs, in page order. */
static const char * const *
wizard_baseline (const char *type)
{
  static const char * const dir[] = { NULL };
  static const char * const fs[] = { "device", "/dev/safe0", "format", "ext4", NULL };
  static const char * const netfs[] = { "host", "nfs.example.com", "source-dir", "/export/safe", "format", "nfs", NULL };
  static const char * const logical[] = { "source-name", "safevg", "devices", "/dev/safepv0", NULL };
  static const char * const iscsi[] = { "host", "192.0.2.10", "port", "3260",
                                        "target-iqn", "iqn.2024-01.com.example:safe", NULL };
  static const char * const scsi[] = { "adapter-type", "scsi_host", "adapter-name", "host5", NULL };
  static const char * const rbd[] = { "hosts", "mon1.example.com", "source-name", "rbdpool", NULL };

  if (g_str_equal (type, "dir")) return dir;
  if (g_str_equal (type, "fs")) return fs;
  if (g_str_equal (type, "netfs")) return netfs;
  if (g_str_equal (type, "logical")) return logical;
  if (g_str_equal (type, "iscsi")) return iscsi;
  if (g_str_equal (type, "scsi")) return scsi;
  if (g_str_equal (type, "rbd")) return rbd;
  g_assert_not_reached ();
}

/* Sets the pairs of @pairs whose field is on the current page. */
static void
wizard_fill_page (VsmPoolWizard      *wizard,
                  const char * const *pairs,
                  const char         *skip)
{
  for (guint i = 0; pairs[i] != NULL; i += 2)
    if (g_strcmp0 (pairs[i], skip) != 0 && wiz_field_on_page (wizard, pairs[i]))
      vsm_pool_wizard_set_field (wizard, pairs[i], pairs[i + 1]);
}

static void
dir_build_option (VsmPoolWizard *wizard,
                  gpointer       data)
{
  /* the test driver refuses build flags: plain "Build" */
  if (g_str_equal (data, "dir"))
    wiz_choose_build (wizard, "Build");
}

static void
run_wizard (const BadInput *c,
            Shared         *s,
            State          *before)
{
  g_autofree char *input = input_of (c);
  g_autofree char *name = g_strdup_printf ("safe-wiz-%u", (guint) (c - cases));
  VsmPoolWizard *wizard;
  const char * const *base = wizard_baseline (c->variant);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (s->win), "win.new-pool", NULL));
  VSM_WAIT_FOR (vsm_test_find_toplevel (VSM_TYPE_POOL_WIZARD, NULL) != NULL, TIMEOUT);
  wizard = VSM_POOL_WIZARD (vsm_test_find_toplevel (VSM_TYPE_POOL_WIZARD, NULL));
  VSM_WAIT_FOR (gtk_widget_get_mapped (GTK_WIDGET (wizard)), TIMEOUT);

  if (c->outcome == ESCAPED)
    {
      g_autoptr(GPtrArray) pairs = g_ptr_array_new ();
      g_autofree char *xml = NULL;
      g_autofree char *cmds = NULL;
      g_autofree char *seq = NULL;
      WizWatch watch;
      VsmPool *pool = NULL;
      const char *pool_name;

      g_ptr_array_add (pairs, (gpointer) "name");
      g_ptr_array_add (pairs, g_str_equal (c->field, "name") ? input : name);
      for (guint i = 0; c->pre[i] != NULL; i += 2)
        {
          if (g_str_equal (c->pre[i], "name"))
            g_ptr_array_index (pairs, 1) = (gpointer) c->pre[i + 1];
          else
            {
              g_ptr_array_add (pairs, (gpointer) c->pre[i]);
              g_ptr_array_add (pairs, (gpointer) c->pre[i + 1]);
            }
        }
      for (guint i = 0; base[i] != NULL; i++)
        g_ptr_array_add (pairs, (gpointer) base[i]);
      if (!g_str_equal (c->field, "name"))
        {
          g_ptr_array_add (pairs, (gpointer) c->field);
          g_ptr_array_add (pairs, input);
        }
      g_ptr_array_add (pairs, NULL);
      pool_name = g_ptr_array_index (pairs, 1);

      wiz_watch (wizard, &watch);
      seq = wiz_fill_to_review (wizard, c->variant, (const char * const *) pairs->pdata, dir_build_option,
                                (gpointer) c->variant);
      xml = vsm_pool_wizard_dup_xml (wizard);
      g_test_message ("review XML:\n%s", xml);
      check_xml_round_trip (c, xml, input);
      {
        g_autoptr(VsmPoolSpec) spec = vsm_pool_wizard_dup_spec (wizard);
        cmds = vsm_pool_commands (spec, vsm_host_get_uri (s->host));
        check_shell_round_trip (cmds, pool_name);
      }
      g_assert_false (wiz_create (wizard, &watch));
      VSM_WAIT_FOR (watch.gone, TIMEOUT);
      g_assert_cmpuint (watch.n_created, ==, 1);
      VSM_WAIT_FOR ((pool = vsm_host_find_pool (s->host, watch.created_uuid)) != NULL, TIMEOUT);
      g_assert_cmpstr (vsm_pool_get_name (pool), ==, pool_name);
      g_assert_true (vsm_host_find_pool_by_name (s->host, pool_name) == pool);
      if (g_str_equal (c->field, "target-path"))
        g_assert_cmpstr (vsm_pool_get_target_path (pool), ==, input);
      n_pools_created++;
      wiz_watch_clear (&watch);
      return;
    }

  /* REFUSED: a valid name first, then page by page to the field's page */
  vsm_pool_wizard_set_type (wizard, c->variant);
  vsm_pool_wizard_set_field (wizard, "name", name);
  for (guint i = 0; c->pre[i] != NULL; i += 2)
    if (g_str_equal (c->pre[i], "name"))
      vsm_pool_wizard_set_field (wizard, "name", c->pre[i + 1]);
  for (;;)
    {
      wizard_fill_page (wizard, base, NULL);
      wizard_fill_page (wizard, c->pre, "name");
      if (wiz_field_on_page (wizard, c->field))
        break;
      wiz_next (wizard);
    }
  g_assert_true (vsm_pool_wizard_page_complete (wizard));

  {
    const char *page = vsm_pool_wizard_get_page (wizard);
    GtkWidget *next = wiz_button (wizard, "wizard.next");
    GtkWidget *row, *label;
    const char *message;

    vsm_pool_wizard_set_field (wizard, c->field, "x");
    vsm_pool_wizard_set_field (wizard, c->field, input);
    message = vsm_pool_wizard_get_field_error (wizard, c->field);
    if (message == NULL)
      g_error ("wizard %s: %s = “%s” was accepted", c->variant, c->field, input);
    check_message (c, message);
    g_assert_false (vsm_pool_wizard_page_complete (wizard));
    g_assert_false (gtk_widget_get_sensitive (next));
    gtk_widget_activate_action (GTK_WIDGET (wizard), "wizard.next", NULL);
    g_assert_cmpstr (vsm_pool_wizard_get_page (wizard), ==, page);

    row = g_str_equal (c->field, "name")
          ? vsm_test_find_widget (GTK_WIDGET (wizard), vsm_test_is_entry_row_titled, (gpointer) "Pool _Name")
          : wiz_field_row (wizard, c->field);
    g_assert_true (gtk_widget_is_visible (row));
    if (!g_str_equal (c->field, "name"))
      g_assert_true (gtk_widget_has_css_class (row, "error"));
    label = vsm_test_find_widget (GTK_WIDGET (wizard), vsm_test_is_label_with_text, (gpointer) message);
    while (label != NULL && !gtk_widget_is_visible (label))
      label = NULL;
    check_label (GTK_WIDGET (wizard), label, message, row);
  }
  gtk_window_destroy (GTK_WINDOW (wizard));
  state_assert_same (s, before);
}

/* ------------------------------------------------------------------ */
/* New Volume                                                          */

static void
run_volume (const BadInput *c,
            Shared         *s,
            State          *before)
{
  g_autofree char *input = input_of (c);
  gboolean is_name = g_str_equal (c->field, "name");
  VsmVolumeDialog *dialog;
  GtkWidget *button, *label;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (s->view), "pool.new-volume", NULL));
  VSM_WAIT_FOR (vsm_test_find_toplevel (VSM_TYPE_VOLUME_DIALOG, NULL) != NULL, TIMEOUT);
  dialog = VSM_VOLUME_DIALOG (vsm_test_find_toplevel (VSM_TYPE_VOLUME_DIALOG, NULL));
  VSM_WAIT_FOR (gtk_widget_get_mapped (GTK_WIDGET (dialog)), TIMEOUT);
  button = vsm_test_find_widget (GTK_WIDGET (dialog), vsm_test_is_button_with_label, (gpointer) "C_reate");
  label = vsm_test_find_widget (GTK_WIDGET (dialog), vsm_test_is_error_label, NULL);
  g_assert_nonnull (button);

  vsm_volume_dialog_set_values (dialog, "x", "1", "qcow2", VSM_PREALLOC_OFF);
  vsm_volume_dialog_set_values (dialog, is_name ? input : "safe-new.qcow2", is_name ? "1" : input, "qcow2",
                                VSM_PREALLOC_OFF);

  if (c->outcome == REFUSED)
    {
      g_autoptr(VsmVolumeSpec) spec = vsm_volume_dialog_dup_spec (dialog);
      g_autofree char *xml = NULL;

      if (spec != NULL)
        g_error ("new volume: %s = “%s” was accepted", c->field, input);
      check_message (c, vsm_volume_dialog_get_error (dialog));
      check_label (GTK_WIDGET (dialog), label, vsm_volume_dialog_get_error (dialog), NULL);
      g_assert_false (gtk_widget_get_sensitive (button));
      xml = vsm_volume_dialog_dup_xml (dialog);
      g_assert_null (xml);
      /* what the button does, pressed anyway */
      vsm_volume_dialog_create (dialog);
      g_assert_true (vsm_test_find_toplevel (VSM_TYPE_VOLUME_DIALOG, NULL) == GTK_WINDOW (dialog));
      state_assert_same (s, before);
      gtk_window_destroy (GTK_WINDOW (dialog));
      return;
    }

  /* ESCAPED: the XML and the vol-create-as line give the name back, and
   * the created volume has exactly that name */
  {
    g_autofree char *xml = vsm_volume_dialog_dup_xml (dialog);
    g_autofree char *cmd = vsm_volume_dialog_dup_command (dialog);
    VsmVolume *vol;

    g_assert_null (vsm_volume_dialog_get_error (dialog));
    g_assert_true (gtk_widget_get_sensitive (button));
    check_xml_round_trip (c, xml, input);
    g_test_message ("command: %s", cmd);
    check_shell_round_trip (cmd, input);
    g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
    vsm_volume_dialog_create (dialog);
    VSM_WAIT_FOR (dialog == NULL, TIMEOUT);
    VSM_WAIT_FOR ((vol = vsm_test_find_volume (s->images, input)) != NULL && vsm_test_volumes_ready (s->images),
                  TIMEOUT);
    g_assert_cmpstr (vsm_volume_get_name (vol), ==, input);
    g_assert_true (g_str_has_suffix (vsm_volume_get_path (vol), input));
    n_volumes_created++;
  }
}

/* The largest size there is, thin: allowed (overcommit is), but the
 * overcommit figure must not wrap around and hide the warning. */
static void
test_huge_thin_volume (void)
{
  Shared *s = shared_get ();
  VsmVolumeDialog *dialog;
  GtkWidget *row;
  g_autoptr(VsmVolumeSpec) spec = NULL;

  if (vsm_pool_view_get_pool (s->view) != s->images)
    vsm_test_select_pool (s->win, s->host, "images");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (s->view), "pool.new-volume", NULL));
  VSM_WAIT_FOR (vsm_test_find_toplevel (VSM_TYPE_VOLUME_DIALOG, NULL) != NULL, TIMEOUT);
  dialog = VSM_VOLUME_DIALOG (vsm_test_find_toplevel (VSM_TYPE_VOLUME_DIALOG, NULL));
  row = vsm_test_find_row (GTK_WIDGET (dialog), "After Creation");
  g_assert_nonnull (row);
  vsm_volume_dialog_set_values (dialog, "huge.raw", "1", "raw", VSM_PREALLOC_OFF);
  g_assert_false (gtk_widget_has_css_class (row, "warning"));
  vsm_volume_dialog_set_values (dialog, "huge.raw", "18446744073709551615 B", "raw", VSM_PREALLOC_OFF);
  spec = vsm_volume_dialog_dup_spec (dialog);
  g_assert_nonnull (spec);
  g_assert_cmpuint (spec->capacity, ==, G_MAXUINT64);
  g_test_message ("%s", adw_action_row_get_subtitle (ADW_ACTION_ROW (row)));
  g_assert_true (gtk_widget_has_css_class (row, "warning"));
  gtk_window_destroy (GTK_WINDOW (dialog));
}

/* ------------------------------------------------------------------ */
/* Clone and Resize                                                    */

static AdwMessageDialog *
open_volume_action (Shared     *s,
                    const char *volume,
                    const char *action)
{
  g_assert_null (vsm_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG, NULL));
  VSM_WAIT_FOR (vsm_test_select_volume (s->view, volume), TIMEOUT);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (s->view), action, NULL));
  return vsm_test_wait_message_dialog (GTK_WINDOW (s->win));
}

static VsmJob *
newest_job (Shared *s)
{
  GListModel *jobs = G_LIST_MODEL (vsm_window_get_jobs (s->win));
  g_autoptr(VsmJob) job = g_list_model_get_item (jobs, 0);

  return job;   /* the list keeps it */
}

static void
run_clone_resize (const BadInput *c,
                  Shared         *s,
                  State          *before)
{
  g_autofree char *input = input_of (c);
  gboolean clone = c->dialog == D_CLONE;
  const char *response = clone ? "clone" : "resize";
  AdwMessageDialog *dialog = open_volume_action (s, clone ? "disk1.qcow2" : "disk2.raw",
                                                 clone ? "volume.clone" : "volume.resize");
  GtkWidget *row = clone ? vsm_test_find_row (GTK_WIDGET (dialog), "Name of the copy")
                         : vsm_test_find_widget (GTK_WIDGET (dialog), vsm_test_is_type,
                                                 GSIZE_TO_POINTER (ADW_TYPE_ENTRY_ROW));
  GtkWidget *label = vsm_test_find_widget (GTK_WIDGET (dialog), vsm_test_is_error_label, NULL);

  g_assert_nonnull (row);
  gtk_editable_set_text (GTK_EDITABLE (row), "x");
  gtk_editable_set_text (GTK_EDITABLE (row), input);

  if (c->outcome == REFUSED)
    {
      g_assert_false (adw_message_dialog_get_response_enabled (dialog, response));
      g_assert_nonnull (label);
      check_message (c, gtk_label_get_text (GTK_LABEL (label)));
      check_label (GTK_WIDGET (dialog), label, gtk_label_get_text (GTK_LABEL (label)), NULL);
      /* the response emitted anyway (as a stray Enter would) starts nothing */
      adw_message_dialog_response (dialog, response);
      state_assert_same (s, before);
      vsm_test_respond (dialog, "cancel");
      return;
    }

  {
    VsmJob *job;
    VsmVolume *vol;

    g_assert_true (adw_message_dialog_get_response_enabled (dialog, response));
    g_assert_false (gtk_widget_get_visible (label));
    vsm_test_respond (dialog, response);
    job = newest_job (s);
    VSM_WAIT_FOR (vsm_job_get_state (job) != VSM_JOB_RUNNING, TIMEOUT);
    g_test_message ("job: %s — %s", vsm_job_get_title (job), vsm_job_get_status (job));
    g_assert_cmpint (vsm_job_get_state (job), ==, VSM_JOB_DONE);
    VSM_WAIT_FOR ((vol = vsm_test_find_volume (s->images, input)) != NULL && vsm_test_volumes_ready (s->images),
                  TIMEOUT);
    g_assert_cmpstr (vsm_volume_get_name (vol), ==, input);
    n_volumes_created++;
  }
}

/* ------------------------------------------------------------------ */
/* Attach Storage                                                      */

static VsmDomain *
find_domain (Shared     *s,
             const char *name)
{
  VsmKeyedList *doms = vsm_host_get_domains (s->host);

  for (guint i = 0; i < vsm_keyed_list_get_n_items (doms); i++)
    if (g_str_equal (vsm_domain_get_name (vsm_keyed_list_get (doms, i)), name))
      return vsm_keyed_list_get (doms, i);
  g_assert_not_reached ();
}

static guint
combo_n_items (GtkWidget *dialog,
               const char *title)
{
  GListModel *model = adw_combo_row_get_model (ADW_COMBO_ROW (vsm_test_find_row (dialog, title)));

  return model ? g_list_model_get_n_items (model) : 0;
}

static VsmAttachDialog *
open_attach (Shared *s)
{
  GtkWidget *w = vsm_attach_dialog_new (GTK_WINDOW (s->win), s->host, find_domain (s, "vm1"), s->images,
                                       "disk2.raw");

  gtk_window_present (GTK_WINDOW (w));
  VSM_WAIT_FOR (gtk_widget_get_mapped (w), TIMEOUT);
  /* configuration only: every bus is offered (attaching now to the running
   * vm1 offers only those that hotplug), and the buses come from the
   * service: wait for the list */
  vsm_attach_dialog_set_field (VSM_ATTACH_DIALOG (w), "live", "false");
  VSM_WAIT_FOR (combo_n_items (w, "_Bus") >= 5, TIMEOUT);
  /* (the service's bus list and the persistent config may still arrive:
   * the dialog must keep what is typed meanwhile) */
  return VSM_ATTACH_DIALOG (w);
}

static VsmAttachSource
attach_source (const char *variant)
{
  if (g_str_equal (variant, "new")) return VSM_ATTACH_SOURCE_NEW;
  if (g_str_equal (variant, "iso")) return VSM_ATTACH_SOURCE_ISO;
  if (g_str_equal (variant, "block")) return VSM_ATTACH_SOURCE_BLOCK;
  return VSM_ATTACH_SOURCE_EXISTING;
}

/* vm1's persistent configuration, from libvirt. */
static char *
vm1_config (Shared *s)
{
  GAsyncResult *slot = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  char *config = NULL;
  VsmConnection *conn = vsm_host_get_connection (s->host);

  vsm_domain_get_xml_async (conn, vsm_domain_get_uuid (find_domain (s, "vm1")), NULL, vsm_test_store_result, &slot);
  result = vsm_test_wait_result (&slot, TIMEOUT);
  g_assert_true (vsm_domain_get_xml_finish (conn, result, NULL, &config, &error));
  g_assert_no_error (error);
  return config;
}

/* Through the model, in vm1's configuration: attach a file disk at
 * @target (@path non-NULL) or detach @target. (vm1 runs: the test
 * driver's simulated change reaches only the configuration.) */
static void
vm1_change (Shared     *s,
            const char *target,
            const char *path)
{
  g_autoptr(VsmDiskSpec) disk = vsm_disk_spec_new ();
  GAsyncResult *slot = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *config = NULL;

  if (path != NULL)
    {
      disk->source_kind = VSM_DISK_SOURCE_FILE;
      g_free (disk->path);
      disk->path = g_strdup (path);
      g_free (disk->target);
      disk->target = g_strdup (target);
      vsm_host_attach_async (s->host, find_domain (s, "vm1"), disk, VSM_ATTACH_CONFIG, NULL, NULL, NULL,
                             vsm_test_store_result, &slot);
      result = vsm_test_wait_result (&slot, TIMEOUT);
      g_assert_cmpint (vsm_host_attach_finish (s->host, result, NULL, &error), ==, VSM_ATTACH_RESULT_SIMULATED);
    }
  else
    {
      vsm_host_change_disk_async (s->host,
                                  &(VsmDiskChange) { .kind = VSM_DISK_CHANGE_DETACH, .target = target,
                                                     .domain_uuid = vsm_domain_get_uuid (find_domain (s, "vm1")),
                                                     .flags = VSM_ATTACH_CONFIG },
                                  NULL, vsm_test_store_result, &slot);
      result = vsm_test_wait_result (&slot, TIMEOUT);
      g_assert_cmpint (vsm_host_change_disk_finish (s->host, result, &error), ==, VSM_ATTACH_RESULT_SIMULATED);
    }
  g_assert_no_error (error);
  config = vm1_config (s);
  g_assert_true (_vsm_domain_xml_has_target (config, target) == (path != NULL));
}

static void
run_attach (const BadInput *c,
            Shared         *s,
            State          *before)
{
  g_autofree char *input = input_of (c);
  VsmAttachDialog *dialog = open_attach (s);
  GtkWidget *w = GTK_WIDGET (dialog);
  GtkWidget *button = vsm_test_find_widget (w, vsm_test_is_button_with_label, (gpointer) "_Attach");
  GtkWidget *label = vsm_test_find_widget (w, vsm_test_is_error_label, NULL);
  guint attached = 0;

  g_assert_nonnull (button);
  g_signal_connect_swapped (dialog, "attached", G_CALLBACK (g_atomic_int_inc), &attached);
  vsm_attach_dialog_set_source (dialog, attach_source (c->variant));
  if (attach_source (c->variant) == VSM_ATTACH_SOURCE_NEW)
    {
      vsm_attach_dialog_set_field (dialog, "new-name", "safe-attach.qcow2");
      vsm_attach_dialog_set_field (dialog, "new-size", "1 GiB");
    }
  else if (attach_source (c->variant) == VSM_ATTACH_SOURCE_BLOCK)
    vsm_attach_dialog_set_field (dialog, "path", "/dev/sdz");
  for (guint i = 0; c->pre[i] != NULL; i += 2)
    vsm_attach_dialog_set_field (dialog, c->pre[i], c->pre[i + 1]);
  {
    /* the form is valid before the bad input goes in */
    g_autoptr(VsmDiskSpec) valid = vsm_attach_dialog_dup_spec (dialog);
    if (valid == NULL)
      g_error ("attach %s: the baseline is invalid: %s", c->variant, vsm_attach_dialog_get_error (dialog));
  }
  vsm_attach_dialog_set_field (dialog, c->field, "x");
  vsm_attach_dialog_set_field (dialog, c->field, input);

  if (c->outcome == REFUSED)
    {
      g_autoptr(VsmDiskSpec) spec = vsm_attach_dialog_dup_spec (dialog);

      if (spec != NULL)
        g_error ("attach %s: %s = “%s” was accepted", c->variant, c->field, input);
      check_message (c, vsm_attach_dialog_get_error (dialog));
      VSM_WAIT_FOR (gtk_widget_get_mapped (label), TIMEOUT);
      check_label (w, label, vsm_attach_dialog_get_error (dialog), NULL);
      g_assert_false (gtk_widget_is_sensitive (button));
      g_assert_null (vsm_attach_dialog_dup_xml (dialog));
      vsm_attach_dialog_attach (dialog);
      vsm_test_wait_idle (50);
      g_assert_cmpuint (attached, ==, 0);
      g_assert_false (gtk_widget_is_sensitive (button));
      state_assert_same (s, before);
      gtk_window_destroy (GTK_WINDOW (dialog));
      return;
    }

  {
    g_autofree char *xml = vsm_attach_dialog_dup_xml (dialog);
    g_autofree char *cmd = vsm_attach_dialog_dup_command (dialog);

    g_assert_null (vsm_attach_dialog_get_error (dialog));
    g_assert_true (gtk_widget_is_sensitive (button));
    g_autoptr(VsmDiskSpec) spec = vsm_attach_dialog_dup_spec (dialog);
    g_autofree char *config = NULL;
    g_autofree char *stored = NULL;

    g_test_message ("XML:\n%s\ncommand: %s", xml, cmd);
    check_xml_round_trip (c, xml, input);
    /* The test driver simulates the attach in the configuration (the
     * dialog closes): the path reached libvirt intact, and libvirt kept
     * it so. Then the disk goes again. */
    g_signal_emit_by_name (button, "clicked");
    VSM_WAIT_FOR (attached == 1, TIMEOUT);
    config = vm1_config (s);
    stored = _vsm_domain_disk_device_xml (config, spec->target);
    g_test_message ("stored by libvirt:\n%s", stored);
    check_xml_round_trip (c, stored, input);
    vm1_change (s, spec->target, NULL);
    state_assert_same (s, before);
  }
}

/* ------------------------------------------------------------------ */

static void
test_case (gconstpointer data)
{
  const BadInput *c = data;
  Shared *s = shared_get ();
  State before;

  g_assert_null (vsm_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG, NULL));
  /* the wizard selects the pools it creates: back to "images" */
  if (vsm_pool_view_get_pool (s->view) != s->images)
    vsm_test_select_pool (s->win, s->host, "images");
  state_take (s, &before);
  switch (c->dialog)
    {
    case D_CONNECT: run_connect (c, s, &before); break;
    case D_WIZARD: run_wizard (c, s, &before); break;
    case D_VOLUME: run_volume (c, s, &before); break;
    case D_CLONE:
    case D_RESIZE: run_clone_resize (c, s, &before); break;
    case D_ATTACH: run_attach (c, s, &before); break;
    default: g_assert_not_reached ();
    }
  vsm_test_close_other_toplevels (GTK_WINDOW (s->win));
  switch (c->outcome)
    {
    case REFUSED: n_refused++; break;
    case ESCAPED: n_escaped++; break;
    case ACCEPTED: n_accepted++; break;
    default: g_assert_not_reached ();
    }
}

/* After the table: a reload from libvirt lists exactly the pools and
 * volumes the models showed, and only the escaped rows created any. */
static void
test_final_state (void)
{
  Shared *s = shared_get ();
  guint pools = vsm_keyed_list_get_n_items (vsm_host_get_pools (s->host));
  guint volumes = vsm_keyed_list_get_n_items (vsm_pool_get_volumes (s->images));

  g_test_message ("%u pools, %u volumes in “images”; created through escaped rows: %u pools, %u volumes",
                  pools, volumes, n_pools_created, n_volumes_created);
  /* fixture-basic: 3 pools, 3 volumes in "images" */
  g_assert_cmpuint (pools, ==, 3 + n_pools_created);
  g_assert_cmpuint (volumes, ==, 3 + n_volumes_created);
  vsm_host_reload (s->host);
  vsm_test_wait_idle (300);
  VSM_WAIT_FOR (vsm_host_get_pools_loaded (s->host), TIMEOUT);
  g_assert_cmpuint (vsm_keyed_list_get_n_items (vsm_host_get_pools (s->host)), ==, pools);
  vsm_host_refresh_pool (s->host, s->images);
  vsm_test_wait_idle (200);
  VSM_WAIT_FOR (vsm_test_volumes_ready (s->images), TIMEOUT);
  g_assert_cmpuint (vsm_keyed_list_get_n_items (vsm_pool_get_volumes (s->images)), ==, volumes);
}

/* ------------------------------------------------------------------ */
/* A failed create leaves nothing behind                               */

/* Attach with a new volume: the volume is created, the attach itself
 * fails (its target was taken meanwhile, behind the dialog's back): the
 * volume made only for this disk is deleted again, and the dialog says so. */
static void
test_attach_new_volume_fails (void)
{
  Shared *s = shared_get ();
  VsmAttachDialog *dialog = open_attach (s);
  GtkWidget *w = GTK_WIDGET (dialog);
  GtkWidget *button = vsm_test_find_widget (w, vsm_test_is_button_with_label, (gpointer) "_Attach");
  GtkWidget *label = vsm_test_find_widget (w, vsm_test_is_error_label, NULL);
  guint volumes = vsm_keyed_list_get_n_items (vsm_pool_get_volumes (s->images));
  g_autofree char *taken = NULL;
  const char *text;

  vsm_attach_dialog_set_source (dialog, VSM_ATTACH_SOURCE_NEW);
  vsm_attach_dialog_set_field (dialog, "new-name", "safe-leftover.qcow2");
  vsm_attach_dialog_set_field (dialog, "new-size", "1 GiB");
  {
    g_autoptr(VsmDiskSpec) spec = vsm_attach_dialog_dup_spec (dialog);
    g_assert_nonnull (spec);
    g_assert_cmpstr (spec->pool, ==, "images");
    g_free (taken);
    taken = g_strdup (spec->target);
  }
  vm1_change (s, taken, "/var/lib/libvirt/images/elsewhere.img");
  g_signal_emit_by_name (button, "clicked");
  g_assert_false (gtk_widget_is_sensitive (button));
  VSM_WAIT_FOR (gtk_widget_is_sensitive (button), TIMEOUT);
  text = gtk_label_get_text (GTK_LABEL (label));
  g_test_message ("shown: %s", text);
  g_assert_true (gtk_widget_get_visible (label));
  g_assert_nonnull (strstr (text, "“safe-leftover.qcow2” was deleted"));

  /* libvirt has no such volume (re-read from libvirt) */
  vsm_host_refresh_pool (s->host, s->images);
  vsm_test_wait_idle (200);
  VSM_WAIT_FOR (vsm_test_volumes_ready (s->images), TIMEOUT);
  g_assert_null (vsm_test_find_volume (s->images, "safe-leftover.qcow2"));
  g_assert_cmpuint (vsm_keyed_list_get_n_items (vsm_pool_get_volumes (s->images)), ==, volumes);

  /* and the same name can be tried again */
  {
    g_autoptr(VsmDiskSpec) spec = vsm_attach_dialog_dup_spec (dialog);
    g_assert_nonnull (spec);
  }
  gtk_window_destroy (GTK_WINDOW (dialog));
  vm1_change (s, taken, NULL);
}

/* ------------------------------------------------------------------ */
/* The virsh lines of the confirmations quote every name               */

static gboolean
is_virsh_label (GtkWidget *w,
                gpointer   unused)
{
  return GTK_IS_LABEL (w) && gtk_widget_has_css_class (w, "monospace") &&
         g_str_has_prefix (gtk_label_get_text (GTK_LABEL (w)), "virsh");
}

/* Every line of the dialog's virsh box parses (g_shell_parse_argv); the
 * pool is given exactly as "--pool" @pool when @pool is set, and @name is
 * one word. */
static void
check_virsh_box (AdwMessageDialog *dialog,
                 const char       *pool,
                 const char       *name)
{
  GtkWidget *label = vsm_test_find_widget (GTK_WIDGET (dialog), is_virsh_label, NULL);
  const char *cmd;
  g_auto(GStrv) lines = NULL;
  gboolean pool_seen = FALSE;

  g_assert_nonnull (label);
  cmd = gtk_label_get_text (GTK_LABEL (label));
  g_test_message ("%s: %s", adw_message_dialog_get_heading (dialog), cmd);
  check_shell_round_trip (cmd, name);
  lines = g_strsplit (cmd, "\n", -1);
  for (guint l = 0; lines[l] != NULL; l++)
    {
      g_auto(GStrv) argv = NULL;

      g_assert_true (g_shell_parse_argv (lines[l], NULL, &argv, NULL));
      for (guint i = 0; argv[i] != NULL; i++)
        if (g_str_equal (argv[i], "--pool"))
          {
            g_assert_cmpstr (argv[i + 1], ==, pool);
            pool_seen = TRUE;
          }
    }
  g_assert_true (pool == NULL || pool_seen);
}

static void
test_virsh_lines (void)
{
  Shared *s = shared_get ();
  const char *pool_name = "safe pool;x";
  const char *vol_name = "v <&'\">;rm x.raw";
  const char *actions[] = { "volume.delete", "volume.wipe", "volume.resize" };
  VsmVolumeDialog *dialog;
  VsmPool *pool;

  if (vsm_host_find_pool_by_name (s->host, pool_name) == NULL)
    for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
      if (g_strcmp0 (cases[i].input, pool_name) == 0)
        test_case (&cases[i]);
  /* (vsm_test_select_pool() expects volumes: this pool is still empty) */
  pool = vsm_host_find_pool_by_name (s->host, pool_name);
  g_assert_true (vsm_window_select_pool (s->win, vsm_pool_get_uuid (pool)));
  VSM_WAIT_FOR (vsm_pool_view_get_pool (s->view) == pool && vsm_test_volumes_ready (pool), TIMEOUT);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (s->view), "pool.new-volume", NULL));
  VSM_WAIT_FOR (vsm_test_find_toplevel (VSM_TYPE_VOLUME_DIALOG, NULL) != NULL, TIMEOUT);
  dialog = VSM_VOLUME_DIALOG (vsm_test_find_toplevel (VSM_TYPE_VOLUME_DIALOG, NULL));
  vsm_volume_dialog_set_values (dialog, vol_name, "1", "raw", VSM_PREALLOC_OFF);
  {
    g_autofree char *cmd = vsm_volume_dialog_dup_command (dialog);
    g_auto(GStrv) argv = NULL;

    g_assert_true (g_shell_parse_argv (cmd, NULL, &argv, NULL));
    g_assert_cmpstr (argv[4], ==, pool_name);   /* virsh -c URI vol-create-as POOL NAME */
    g_assert_cmpstr (argv[5], ==, vol_name);
  }
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
  vsm_volume_dialog_create (dialog);
  VSM_WAIT_FOR (dialog == NULL, TIMEOUT);
  VSM_WAIT_FOR (vsm_test_find_volume (pool, vol_name) != NULL && vsm_test_volumes_ready (pool), TIMEOUT);

  for (guint i = 0; i < G_N_ELEMENTS (actions); i++)
    {
      AdwMessageDialog *confirm = open_volume_action (s, vol_name, actions[i]);

      check_virsh_box (confirm, pool_name, vol_name);
      vsm_test_respond (confirm, "cancel");
    }
  for (guint i = 0; i < 2; i++)
    {
      AdwMessageDialog *confirm;

      g_assert_true (gtk_widget_activate_action (GTK_WIDGET (s->view), i == 0 ? "pool.delete" : "pool.undefine", NULL));
      confirm = vsm_test_wait_message_dialog (GTK_WINDOW (s->win));
      /* Delete Storage of the pool that holds a volume deletes it first: vol-delete --pool POOL */
      check_virsh_box (confirm, i == 0 ? pool_name : NULL, pool_name);
      vsm_test_respond (confirm, "cancel");
    }
  g_assert_nonnull (vsm_test_find_volume (pool, vol_name));
}

/* libvirt's error text goes on a status page, which reads Pango markup:
 * a URI with "&" in it must show as typed (and not make GTK complain,
 * which G_DEBUG makes fatal here). */
static gboolean
is_label_containing_visible (GtkWidget *w,
                             gpointer   text)
{
  return GTK_IS_LABEL (w) && gtk_widget_is_visible (w) &&
         strstr (gtk_label_get_text (GTK_LABEL (w)), text) != NULL;
}

static gboolean
is_visible_status_page (GtkWidget *w,
                        gpointer   unused)
{
  return ADW_IS_STATUS_PAGE (w) && gtk_widget_is_visible (w) && gtk_widget_get_mapped (w);
}

static void
test_error_text_not_markup (void)
{
  Shared *s = shared_get ();
  const char *uri = "test:///nonexistent/a&b<c>.xml";
  GtkWidget *label, *page;
  VsmHost *bad;

  bad = vsm_window_add_connection (s->win, uri, FALSE);
  g_assert_nonnull (bad);
  VSM_WAIT_FOR (g_strcmp0 (vsm_window_get_pools_page (s->win), "failed") == 0, TIMEOUT);
  VSM_WAIT_FOR ((page = vsm_test_find_widget (GTK_WIDGET (s->win), is_visible_status_page, NULL)) != NULL, TIMEOUT);
  g_test_message ("status page: %s — %s", adw_status_page_get_title (ADW_STATUS_PAGE (page)),
                  adw_status_page_get_description (ADW_STATUS_PAGE (page)));
  label = vsm_test_find_widget (page, is_label_containing_visible, (gpointer) "/nonexistent/a&b<c>.xml");
  g_assert_nonnull (label);
  g_test_message ("shown: %s", gtk_label_get_text (GTK_LABEL (label)));
  /* back to the fixture for whatever runs next */
  vsm_window_select_host (s->win, s->host);
  VSM_WAIT_FOR (g_strcmp0 (vsm_window_get_pools_page (s->win), "pools") == 0, TIMEOUT);
}

/* ------------------------------------------------------------------ */
/* The same rows through the validators (no widgets)                   */

static gboolean
pure_validate (const BadInput *c,
               const char     *input,
               gboolean       *applicable,
               GError        **error)
{
  g_autoptr(GHashTable) pools = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) vols = g_hash_table_new (g_str_hash, g_str_equal);
  guint64 bytes = 0;

  g_hash_table_add (pools, (gpointer) "images");
  g_hash_table_add (pools, (gpointer) "backup");
  g_hash_table_add (pools, (gpointer) "vg0");
  g_hash_table_add (vols, (gpointer) "disk1.qcow2");
  g_hash_table_add (vols, (gpointer) "disk2.raw");
  g_hash_table_add (vols, (gpointer) "install.iso");
  *applicable = TRUE;

  switch (c->dialog)
    {
    case D_CONNECT:
      if (g_str_equal (c->field, "uri"))
        return vsm_uri_validate (input, error);
      if (g_str_equal (c->field, "host"))
        return vsm_hostname_validate (input, error);
      if (g_str_equal (c->field, "port"))
        return vsm_port_validate (input, NULL, error);
      break;
    case D_WIZARD:
      if (g_str_equal (c->field, "name"))
        return vsm_pool_name_validate (input, pools, error);
      if (g_str_equal (c->field, "target-path") || g_str_equal (c->field, "device") ||
          g_str_equal (c->field, "source-dir"))
        return vsm_absolute_path_validate (input, error);
      if (g_str_equal (c->field, "host"))
        return vsm_hostname_validate (input, error);
      if (g_str_equal (c->field, "port"))
        return vsm_port_validate (input, NULL, error);
      if (g_str_equal (c->field, "target-iqn"))
        return vsm_iscsi_target_validate (input, error);
      if (g_str_equal (c->field, "initiator"))
        return vsm_iqn_validate (input, error);
      if (g_str_equal (c->field, "wwnn") || g_str_equal (c->field, "wwpn"))
        return vsm_wwn_validate (input, error);
      if (g_str_equal (c->field, "source-name"))
        return vsm_pool_source_name_validate (c->variant, input, error);
      if (g_str_equal (c->field, "hosts"))
        {
          g_auto(GStrv) hosts = g_strsplit (input, " ", -1);
          for (guint i = 0; hosts[i] != NULL; i++)
            if (*hosts[i] != '\0' && !vsm_host_port_validate (hosts[i], error))
              return FALSE;
          return TRUE;
        }
      break;
    case D_VOLUME:
    case D_CLONE:
      if (g_str_equal (c->field, "name"))
        return vsm_volume_name_validate (input, "dir", NULL, vols, error);
      /* a capacity with a unit parses on its own; zero is the dialog's */
      if (g_str_equal (c->field, "capacity") && strpbrk (input, "GMT") != NULL)
        return vsm_size_parse (input, &bytes, error);
      break;
    case D_RESIZE:
    case D_ATTACH:
      if (g_str_equal (c->field, "size") || g_str_equal (c->field, "new-size"))
        {
          if (!vsm_size_parse (input, &bytes, error))
            return FALSE;
          if (bytes == 0)
            {
              g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, "zero");
              return FALSE;
            }
          if (c->dialog == D_RESIZE && bytes == 10 * (G_GUINT64_CONSTANT (1) << 30))
            *applicable = FALSE;   /* "the current capacity" is the dialog's */
          return TRUE;
        }
      if (g_str_equal (c->field, "target"))
        {
          g_autoptr(GPtrArray) used = g_ptr_array_new ();
          const char *bus = c->pre[0] != NULL ? c->pre[1] : "virtio";
          g_ptr_array_add (used, (gpointer) "vda");
          g_ptr_array_add (used, (gpointer) "sdc");
          return vsm_disk_target_validate (input, bus, used, error);
        }
      if (g_str_equal (c->field, "new-name"))
        return vsm_volume_name_validate (input, "dir", NULL, vols, error);
      break;
    default:
      break;
    }
  *applicable = FALSE;
  return FALSE;
}

static void
test_validators (void)
{
  guint checked = 0;

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      const BadInput *c = &cases[i];
      g_autofree char *input = input_of (c);
      g_autoptr(GError) error = NULL;
      gboolean applicable;
      gboolean ok = pure_validate (c, input, &applicable, &error);

      if (!applicable)
        continue;
      checked++;
      if (ok != (c->outcome != REFUSED))
        g_error ("row %u (%s %s = “%s”): the validator %s it", i, dialog_names[c->dialog], c->field,
                 input, ok ? "accepts" : "refuses");
      if (!ok)
        g_assert_nonnull (error);
    }
  g_test_message ("%u of %u rows checked by the validators alone", checked, (guint) G_N_ELEMENTS (cases));
  g_assert_cmpuint (checked, >=, 60);
}

int
main (int   argc,
      char *argv[])
{
  guint n_rows[G_N_ELEMENTS (dialog_names)] = { 0 };
  int ret;

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  vsm_test_drop_debug_logs ();
  vsm_test_init_libvirt ();
  xmlInitParser ();

  g_test_add_func ("/safety/validators/table", test_validators);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      const BadInput *c = &cases[i];
      g_autofree char *path = g_strdup_printf ("/safety/bad-input/%s/%02u-%s-%s", dialog_names[c->dialog],
                                               ++n_rows[c->dialog], c->field,
                                               c->outcome == REFUSED ? "refused"
                                               : c->outcome == ESCAPED ? "escaped" : "accepted");
      g_test_add_data_func (path, c, test_case);
    }
  g_test_add_func ("/safety/bad-input/new-volume/huge-thin", test_huge_thin_volume);
  g_test_add_func ("/safety/bad-input/final-state", test_final_state);
  g_test_add_func ("/safety/escaping/virsh-lines", test_virsh_lines);
  g_test_add_func ("/safety/failed-create/attach-new-volume", test_attach_new_volume_fails);
  g_test_add_func ("/safety/escaping/error-text-not-markup", test_error_text_not_markup);

  ret = g_test_run ();
  shared_close ();
  printf ("# %u bad inputs refused, %u accepted+escaped (%u accepted as valid), %u rows\n",
          n_refused, n_escaped, n_accepted, (guint) G_N_ELEMENTS (cases));
  return ret;
}
