/* vsm-guest-fixture.h
 *
 * Fixtures for the tests that attach storage to a real running guest on
 * the private libvirtd of tests/system/run-system-test.sh --guests
 * (test-attach-guest, test-attach-gui-guest), all named
 * vsm-test-<pid>-attach*; the runner removes the daemon and its fixture
 * directory with whatever a killed run left behind:
 *
 *   vsm-test-<pid>-attach       dir pool in WORK/vsm-test-<pid>-attach
 *                               with the volumes asked for and the ISO
 *                               images cd1.iso and cd2.iso
 *   vsm-test-<pid>-attach-*     128 MiB domains of the type the runner
 *                               chose (KVM when /dev/kvm is usable, else
 *                               TCG: VSM_TEST_GUEST_TYPE) with no OS (SeaBIOS
 *                               waits forever), a virtio-scsi controller
 *                               and no disks
 *
 * vsm_guest_fixture_main() forks: the child runs the tests, the parent then
 * destroys and undefines everything, so that a failed assertion or a crash
 * leaves nothing behind.
 *
 * Copyright 2026 Virt Storage developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>
#include <libvirt/libvirt.h>

#include "vsm-test-utils.h"

G_BEGIN_DECLS

#define VSM_GUEST_URI (vsm_test_system_uri ())

typedef struct
{
  const char *name;
  const char *format;
  guint       mib;
} VsmGuestVolume;

typedef struct
{
  char          *base_name;   /* vsm-test-<pid>-attach: the pool */
  char          *pool_dir;
  char          *iso1;
  char          *iso2;
  virConnectPtr  raw;         /* fixtures and checks only */
} VsmGuestFixture;

/* The names, from the current process id. */
void          vsm_guest_fixture_init          (VsmGuestFixture        *f);
/* Opens the raw connection, defines, builds and starts the pool with
 * @volumes (a { NULL } terminated array) and the two ISO images. */
void          vsm_guest_fixture_create_pool   (VsmGuestFixture        *f,
                                             const VsmGuestVolume   *volumes);
/* Defines the domain "<base_name>-<suffix>"; started when @start. Returns
 * its UUID. */
char         *vsm_guest_fixture_add_domain    (VsmGuestFixture        *f,
                                             const char           *suffix,
                                             gboolean              start);
/* Starts the defined domain @uuid and waits until its firmware settled
 * (see vsm_guest_fixture_wait_settled()). */
void          vsm_guest_fixture_start         (VsmGuestFixture        *f,
                                             const char           *uuid);
/* Waits until the running domain @uuid has finished its firmware's boot
 * attempt: SeaBIOS probes the disks and drives (and may close a CD tray)
 * for a few ms under KVM, for a second or more under TCG, then finds
 * nothing to boot and halts. Settled = the guest's CPU time grows by less
 * than 20 % of the wall time over three consecutive 100 ms windows. Fails
 * the test after 30 s (times VSM_TEST_TIMEOUT_SCALE). */
void          vsm_guest_fixture_wait_settled  (VsmGuestFixture        *f,
                                             const char           *uuid);
/* The domain's live (@flags 0) or persistent (VIR_DOMAIN_XML_INACTIVE)
 * XML, read with the raw connection. */
char         *vsm_guest_fixture_domain_xml    (VsmGuestFixture        *f,
                                             const char           *uuid,
                                             unsigned int          flags);
void          vsm_guest_fixture_run           (const char * const   *argv);
/* Forks; the child returns @run's value through _exit, the parent cleans
 * up the pool, the directory and the domains @suffixes (NULL-terminated)
 * and returns the child's exit status. */
int           vsm_guest_fixture_main          (VsmGuestFixture        *f,
                                             const char * const   *suffixes,
                                             int                 (*run) (int, char **),
                                             int                   argc,
                                             char                **argv);

G_END_DECLS
