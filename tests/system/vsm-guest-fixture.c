/* vsm-guest-fixture.c
 *
 * See vsm-guest-fixture.h.
 *
 * Copyright 2026 Virt Storage developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <glib/gstdio.h>
#include <libvirt/virterror.h>

#include <stdlib.h>

#include "vsm-guest-fixture.h"

#define MiB (G_GUINT64_CONSTANT (1024) * 1024)

static void
die_virt (const char *what)
{
  g_error ("%s: %s", what, virGetLastErrorMessage ());
}

void
vsm_guest_fixture_init (VsmGuestFixture *f)
{
  f->base_name = g_strdup_printf ("vsm-test-%d-attach", (int) getpid ());
  f->pool_dir = vsm_test_system_work_path (f->base_name);
  f->iso1 = g_build_filename (f->pool_dir, "cd1.iso", NULL);
  f->iso2 = g_build_filename (f->pool_dir, "cd2.iso", NULL);
}

void
vsm_guest_fixture_run (const char * const *argv)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *err = NULL;
  int status = -1;

  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL,
                     NULL, NULL, NULL, &err, &status, &error))
    g_error ("%s: %s", argv[0], error->message);
  if (!g_spawn_check_wait_status (status, NULL))
    g_error ("%s failed: %s", argv[0], err);
}

/* A real ISO 9660 image when xorriso or genisoimage is there, else a
 * dummy file (QEMU reads it as a raw CD just the same). */
static void
make_iso (VsmGuestFixture *f,
          const char    *path,
          const char    *label)
{
  g_autofree char *xorriso = g_find_program_in_path ("xorriso");
  g_autofree char *genisoimage = g_find_program_in_path ("genisoimage");
  g_autofree char *src = g_strdup_printf ("%s/iso-src-%s", f->pool_dir, label);
  g_autofree char *readme = g_build_filename (src, "README.TXT", NULL);

  g_assert_cmpint (g_mkdir_with_parents (src, 0755), ==, 0);
  g_assert_true (g_file_set_contents (readme, label, -1, NULL));
  if (xorriso != NULL)
    vsm_guest_fixture_run ((const char *[]) { xorriso, "-as", "mkisofs", "-quiet", "-V", label, "-o", path, src, NULL });
  else if (genisoimage != NULL)
    vsm_guest_fixture_run ((const char *[]) { genisoimage, "-quiet", "-V", label, "-o", path, src, NULL });
  else
    {
      g_autofree char *zeros = g_malloc0 (MiB);
      g_test_message ("no xorriso or genisoimage: %s is a dummy file", path);
      g_assert_true (g_file_set_contents (path, zeros, MiB, NULL));
    }
  vsm_guest_fixture_run ((const char *[]) { "rm", "-rf", "--", src, NULL });
}

static void
create_volume (virStoragePoolPtr   pool,
               const VsmGuestVolume *v)
{
  g_autofree char *xml = g_strdup_printf ("<volume><name>%s</name>"
                                          "<capacity unit='bytes'>%" G_GUINT64_FORMAT "</capacity>"
                                          "<allocation unit='bytes'>0</allocation>"
                                          "<target><format type='%s'/></target></volume>",
                                          v->name, (guint64) v->mib * MiB, v->format);
  virStorageVolPtr vol = virStorageVolCreateXML (pool, xml, 0);

  if (vol == NULL)
    die_virt ("virStorageVolCreateXML");
  virStorageVolFree (vol);
}

void
vsm_guest_fixture_create_pool (VsmGuestFixture      *f,
                             const VsmGuestVolume *volumes)
{
  g_autofree char *pool_xml = g_strdup_printf ("<pool type='dir'><name>%s</name>"
                                               "<target><path>%s</path></target></pool>",
                                               f->base_name, f->pool_dir);
  virStoragePoolPtr pool;

  if (f->raw == NULL && (f->raw = virConnectOpen (VSM_GUEST_URI)) == NULL)
    die_virt ("virConnectOpen");
  pool = virStoragePoolDefineXML (f->raw, pool_xml, 0);
  if (pool == NULL)
    die_virt ("virStoragePoolDefineXML");
  if (virStoragePoolBuild (pool, 0) < 0 || virStoragePoolCreate (pool, 0) < 0)
    die_virt ("starting the pool");
  for (const VsmGuestVolume *v = volumes; v != NULL && v->name != NULL; v++)
    create_volume (pool, v);
  make_iso (f, f->iso1, "VSMCD1");
  make_iso (f, f->iso2, "VSMCD2");
  if (virStoragePoolRefresh (pool, 0) < 0)
    die_virt ("virStoragePoolRefresh");
  virStoragePoolFree (pool);
}

char *
vsm_guest_fixture_add_domain (VsmGuestFixture *f,
                            const char    *suffix,
                            gboolean       start)
{
  /* No OS: SeaBIOS finds nothing to boot and, with rebootTimeout=-1,
   * waits instead of resetting the machine every 60 s (a reset would
   * also close CD trays behind the tests' back, and make libvirt learn
   * about the trays of hot-plugged drives). */
  g_autofree char *xml = g_strdup_printf (
    "<domain type='%s'>"
    "  <name>%s-%s</name>"
    "  <memory unit='MiB'>128</memory>"
    "  <vcpu>1</vcpu>"
    "  <os><type arch='x86_64' machine='pc'>hvm</type><bios rebootTimeout='-1'/></os>"
    "  <features><acpi/></features>"
    "  <on_reboot>destroy</on_reboot>"
    "  <devices>"
    "    <controller type='scsi' model='virtio-scsi'/>"
    "    <memballoon model='none'/>"
    "  </devices>"
    "</domain>", vsm_test_system_guest_type (), f->base_name, suffix);
  char uuid[VIR_UUID_STRING_BUFLEN];
  virDomainPtr dom;

  if (f->raw == NULL && (f->raw = virConnectOpen (VSM_GUEST_URI)) == NULL)
    die_virt ("virConnectOpen");
  dom = virDomainDefineXML (f->raw, xml);
  if (dom == NULL)
    die_virt ("virDomainDefineXML");
  if (virDomainGetUUIDString (dom, uuid) < 0)
    die_virt ("virDomainGetUUIDString");
  virDomainFree (dom);
  if (start)
    vsm_guest_fixture_start (f, uuid);
  return g_strdup (uuid);
}

void
vsm_guest_fixture_start (VsmGuestFixture *f,
                         const char      *uuid)
{
  virDomainPtr dom = virDomainLookupByUUIDString (f->raw, uuid);
  g_autofree char *name = NULL;
  g_autofree char *want = NULL;
  char *live;

  if (dom == NULL)
    die_virt ("virDomainLookupByUUIDString");
  if (virDomainCreate (dom) < 0)
    die_virt ("virDomainCreate");
  name = g_strdup (virDomainGetName (dom));
  /* the guest really runs under the accelerator the runner chose */
  live = virDomainGetXMLDesc (dom, 0);
  if (live == NULL)
    die_virt ("virDomainGetXMLDesc");
  want = g_strdup_printf ("<domain type='%s' id=", vsm_test_system_guest_type ());
  if (!g_str_has_prefix (live, want))
    g_error ("the guest does not run as <domain type='%s'>: %.60s", vsm_test_system_guest_type (), live);
  free (live);
  g_test_message ("guest %s runs under %s", name,
                  g_str_equal (vsm_test_system_guest_type (), "kvm") ? "KVM" : "TCG");
  virDomainFree (dom);
  vsm_guest_fixture_wait_settled (f, uuid);
}

void
vsm_guest_fixture_wait_settled (VsmGuestFixture *f,
                                const char      *uuid)
{
  virDomainPtr dom = virDomainLookupByUUIDString (f->raw, uuid);
  gint64 start = g_get_monotonic_time ();
  gint64 deadline = start + (gint64) 30 * G_USEC_PER_SEC * vsm_test_timeout_scale ();
  guint64 last_cpu = 0;
  gint64 last_t = 0;
  guint quiet = 0;

  if (dom == NULL)
    die_virt ("virDomainLookupByUUIDString");
  while (quiet < 3)
    {
      virDomainInfo info;
      gint64 now;

      if (virDomainGetInfo (dom, &info) < 0)
        die_virt ("virDomainGetInfo");
      now = g_get_monotonic_time ();
      if (last_t != 0)
        {
          /* cpuTime is in ns, the wall time in us */
          double busy = (double) (info.cpuTime - last_cpu) / 1000.0 / (double) (now - last_t);
          quiet = busy < 0.2 ? quiet + 1 : 0;
        }
      last_cpu = info.cpuTime;
      last_t = now;
      if (now > deadline)
        g_error ("the guest's firmware did not settle within %.0f s", (now - start) / 1e6);
      if (quiet < 3)
        g_usleep (100 * 1000);
    }
  virDomainFree (dom);
  g_test_message ("guest firmware settled after %.0f ms", (g_get_monotonic_time () - start) / 1000.0);
}

char *
vsm_guest_fixture_domain_xml (VsmGuestFixture *f,
                            const char    *uuid,
                            unsigned int   flags)
{
  virDomainPtr dom = virDomainLookupByUUIDString (f->raw, uuid);
  char *xml, *ret;

  if (dom == NULL)
    die_virt ("virDomainLookupByUUIDString");
  xml = virDomainGetXMLDesc (dom, flags);
  if (xml == NULL)
    die_virt ("virDomainGetXMLDesc");
  virDomainFree (dom);
  ret = g_strdup (xml);
  free (xml);
  return ret;
}

static void
silent_error (void        *data,
              virErrorPtr  error)
{
}

/* Parent side, after the child exited. */
static int
cleanup (VsmGuestFixture      *f,
         const char * const *suffixes)
{
  virConnectPtr conn;
  virStoragePoolPtr pool;
  int failures = 0;
  gint64 start = g_get_monotonic_time ();

  virSetErrorFunc (NULL, silent_error);
  conn = virConnectOpen (VSM_GUEST_URI);
  if (conn == NULL)
    {
      fprintf (stderr, "cleanup: cannot connect to %s: %s\n", VSM_GUEST_URI, virGetLastErrorMessage ());
      return 1;
    }

  for (guint i = 0; suffixes[i] != NULL; i++)
    {
      g_autofree char *name = g_strdup_printf ("%s-%s", f->base_name, suffixes[i]);
      virDomainPtr dom = virDomainLookupByName (conn, name);

      if (dom == NULL)
        continue;
      if (virDomainIsActive (dom) == 1 && virDomainDestroy (dom) < 0)
        failures++;
      if (virDomainUndefine (dom) < 0)
        failures++;
      virDomainFree (dom);
    }

  pool = virStoragePoolLookupByName (conn, f->base_name);
  if (pool != NULL)
    {
      if (virStoragePoolIsActive (pool) == 1 && virStoragePoolDestroy (pool) < 0)
        failures++;
      if (virStoragePoolUndefine (pool) < 0)
        failures++;
      virStoragePoolFree (pool);
    }
  if (g_file_test (f->pool_dir, G_FILE_TEST_EXISTS))
    {
      const char *argv[] = { "rm", "-rf", "--one-file-system", "--", f->pool_dir, NULL };
      int status = -1;

      if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                         NULL, NULL, &status, NULL) || status != 0)
        failures++;
    }
  virResetLastError ();
  virConnectClose (conn);
  fprintf (stderr, "cleanup of %s*: %.0f ms, %d failure(s)\n", f->base_name,
           (g_get_monotonic_time () - start) / 1000.0, failures);
  return failures;
}

int
vsm_guest_fixture_main (VsmGuestFixture       *f,
                      const char * const  *suffixes,
                      int                (*run) (int, char **),
                      int                  argc,
                      char               **argv)
{
  pid_t child;
  int status = 0;
  int rc;

  /* For gdb: no fork (a crash then skips the cleanup; the next run's
   * runner's fixture cleanup removes what is left). */
  if (g_getenv ("VSM_TEST_NO_FORK") != NULL)
    {
      rc = run (argc, argv);
      cleanup (f, suffixes);
      return rc;
    }

  fflush (stdout);
  child = fork ();
  if (child < 0)
    {
      printf ("Bail out! fork: %s\n", g_strerror (errno));
      return 1;
    }
  if (child == 0)
    _exit (run (argc, argv));

  /* Clean up even when the run is interrupted. */
  signal (SIGINT, SIG_IGN);
  signal (SIGTERM, SIG_IGN);
  while (waitpid (child, &status, 0) < 0 && errno == EINTR)
    ;

  if (cleanup (f, suffixes) != 0)
    fprintf (stderr, "# cleanup of %s* was incomplete\n", f->base_name);

  if (WIFEXITED (status))
    rc = WEXITSTATUS (status);
  else
    {
      fprintf (stderr, "%s: test process died from signal %d\n", g_get_prgname () ? g_get_prgname () : "test",
               WTERMSIG (status));
      rc = 1;
    }
  return rc;
}
