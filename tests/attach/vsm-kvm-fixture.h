/* vsm-kvm-fixture.h
 *
 * Fixtures for the tests that attach storage to a real KVM domain on
 * qemu:///system (test-attach-kvm, test-attach-gui-kvm), all named
 * vsm-test-<pid>-attach* so that run-attach-kvm.sh can sweep what a killed
 * run left behind:
 *
 *   vsm-test-<pid>-attach       dir pool in /var/tmp/vsm-test-<pid>-attach
 *                               with the volumes asked for and the ISO
 *                               images cd1.iso and cd2.iso
 *   vsm-test-<pid>-attach-*     128 MiB KVM domains with no OS (SeaBIOS
 *                               waits forever), a virtio-scsi controller
 *                               and no disks
 *
 * vsm_kvm_fixture_main() forks: the child runs the tests, the parent then
 * destroys and undefines everything, so that a failed assertion or a crash
 * leaves nothing behind.
 *
 * Copyright 2026 Virt Storage developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>
#include <libvirt/libvirt.h>

G_BEGIN_DECLS

#define VSM_KVM_URI "qemu:///system"

typedef struct
{
  const char *name;
  const char *format;
  guint       mib;
} VsmKvmVolume;

typedef struct
{
  char          *base_name;   /* vsm-test-<pid>-attach: the pool */
  char          *pool_dir;
  char          *iso1;
  char          *iso2;
  virConnectPtr  raw;         /* fixtures and checks only */
} VsmKvmFixture;

/* The names, from the current process id. */
void          vsm_kvm_fixture_init          (VsmKvmFixture        *f);
/* Opens the raw connection, defines, builds and starts the pool with
 * @volumes (a { NULL } terminated array) and the two ISO images. */
void          vsm_kvm_fixture_create_pool   (VsmKvmFixture        *f,
                                             const VsmKvmVolume   *volumes);
/* Defines the domain "<base_name>-<suffix>"; started when @start. Returns
 * its UUID. */
char         *vsm_kvm_fixture_add_domain    (VsmKvmFixture        *f,
                                             const char           *suffix,
                                             gboolean              start);
/* The domain's live (@flags 0) or persistent (VIR_DOMAIN_XML_INACTIVE)
 * XML, read with the raw connection. */
char         *vsm_kvm_fixture_domain_xml    (VsmKvmFixture        *f,
                                             const char           *uuid,
                                             unsigned int          flags);
void          vsm_kvm_fixture_run           (const char * const   *argv);
/* Forks; the child returns @run's value through _exit, the parent cleans
 * up the pool, the directory and the domains @suffixes (NULL-terminated)
 * and returns the child's exit status. */
int           vsm_kvm_fixture_main          (VsmKvmFixture        *f,
                                             const char * const   *suffixes,
                                             int                 (*run) (int, char **),
                                             int                   argc,
                                             char                **argv);

G_END_DECLS
