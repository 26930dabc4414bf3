/* vsm-domain-ops.h
 *
 * Domain disk operations libvirt-gobject has no API for: attach, detach,
 * change media (virDomainAttachDeviceFlags / DetachDeviceFlags /
 * UpdateDeviceFlags), live and persistent XML, and the buses the domain's
 * capabilities allow. Every call runs in a worker.
 *
 * Copyright 2026 Virt Storage developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "vsm-connection.h"
#include "vsm-disk-spec.h"

G_BEGIN_DECLS

typedef enum
{
  VSM_ATTACH_RESULT_ATTACHED_NOW,     /* seen in the live XML (or device-added) */
  VSM_ATTACH_RESULT_AFTER_BOOT,       /* config only */
  VSM_ATTACH_RESULT_WAITING,          /* requested; the guest has not confirmed yet */
  VSM_ATTACH_RESULT_SIMULATED,        /* the test driver (no device calls): the persistent
                                         configuration was redefined with the change */
  VSM_ATTACH_RESULT_FAILED = -1,      /* @error is set */
} VsmAttachResult;

/* The "domain-event" event value VsmConnection emits after one of the
 * operations below changed a domain's disks (libvirt sends no event for
 * persistent-only changes, and only device-added/-removed for live ones).
 * The other values are virDomainEventType. */
#define VSM_DOMAIN_EVENT_DISKS_CHANGED 200

/* Flags for every VsmDiskChange: when LIVE and CONFIG are both given and only one
 * applies (shut-off or transient domain), the other is dropped; LIVE alone
 * on a shut-off domain fails with VSM_ERROR_INVALID_STATE; no flag means
 * libvirt's "current" (live if running, else config). libvirt's test
 * driver has no device calls: there the change is simulated by redefining
 * the persistent configuration (the _SIMULATED results; a transient domain
 * fails with VSM_ERROR_INVALID_STATE). */

/* What vsm_domain_change_disk_finish() reports for a media change. */
typedef enum
{
  VSM_MEDIA_RESULT_FAILED = -1,   /* @error is set (as VSM_ATTACH_RESULT_FAILED) */
  VSM_MEDIA_RESULT_CHANGED,       /* changed in the drive, where asked (live and/or config) */
  VSM_MEDIA_RESULT_AFTER_BOOT,    /* the drive is only in the config of the running domain
                                     and could not be plugged in: changed for the next boot */
  VSM_MEDIA_RESULT_REPLUGGED,     /* insert into a drive hot-plugged since the domain started:
                                     the drive was unplugged and plugged again with the medium */
  VSM_MEDIA_RESULT_PLUGGED,       /* insert into a drive only the config of the running domain
                                     has (e.g. after an eject by unplugging): plugged in with
                                     the medium, and the config has it too */
  VSM_MEDIA_RESULT_NEEDS_UNPLUG,  /* eject: libvirt cannot open the tray of this drive (hot-
                                     plugged since the domain started, libvirt 9.0); NOTHING
                                     changed. Ask the user, then call again with
                                     VSM_ATTACH_UNPLUG */
  VSM_MEDIA_RESULT_UNPLUGGED,     /* eject with VSM_ATTACH_UNPLUG: the drive was removed from
                                     the running domain; the config, if it had the drive, keeps
                                     it with no medium (back, empty, after the next boot) */
  VSM_MEDIA_RESULT_RESUMED,       /* eject with VSM_ATTACH_SAVE_RESUME: the domain was saved
                                     to disk and resumed (virDomainManagedSave, virDomainCreate),
                                     then the medium ejected; the drive stays */
  VSM_MEDIA_RESULT_SIMULATED,     /* the test driver (no device calls): the persistent
                                     configuration was redefined with the new medium */
} VsmMediaResult;

typedef enum
{
  /* Attaches @disk; with VSM_ATTACH_LIVE, confirms by re-reading the live
   * XML (polling briefly) that the target appeared. An invalid @disk fails
   * with VSM_ERROR_INVALID_INPUT before any libvirt call. */
  VSM_DISK_CHANGE_ATTACH,
  /* Detaches the disk with @target; with VSM_ATTACH_LIVE waits up to
   * @timeout_ms for it to leave the live XML: RESULT_WAITING means the
   * guest has not released it (yet). Only from the definitions that have it
   * (a disk attached CONFIG-only gives AFTER_BOOT even with LIVE|CONFIG);
   * VSM_ERROR_NOT_FOUND when none has. A virtio-blk detach blocks ~5 s
   * inside libvirt before the wait starts. */
  VSM_DISK_CHANGE_DETACH,
  /* Inserts (@disk non-NULL: a file path, or pool/volume; its source_kind,
   * source and optionally driver_type are read) or ejects (@disk NULL, or
   * source_kind VSM_DISK_SOURCE_NONE) the medium of the CD-ROM/floppy
   * @target, where the drive is: a drive only in the live domain has no
   * config to change.
   * libvirt 9.0 cannot open the tray of a drive hot-plugged since the domain
   * started ("Tray … is not open"; it learns about trays only when QEMU
   * starts, libvirtd reconnects or the guest resets): a new medium is then
   * put in by unplugging and re-plugging the drive (scsi/usb: REPLUGGED);
   * an eject gives NEEDS_UNPLUG and changes nothing, unless @flags has
   * VSM_ATTACH_UNPLUG (UNPLUGGED) or, for a persistent domain,
   * VSM_ATTACH_SAVE_RESUME (RESUMED: a new QEMU process learns the tray;
   * the guest pauses while its memory is written and read back). An empty
   * drive cannot be hot-plugged in 9.0. Inserting into a drive the running
   * domain's config has but the live domain has not plugs it in (PLUGGED)
   * when LIVE is asked. */
  VSM_DISK_CHANGE_MEDIA,
} VsmDiskChangeKind;

/**
 * VsmDiskChange:
 *
 * One change to a domain's disks; the fields its @kind does not name are
 * ignored, and everything is copied when the change starts.
 */
typedef struct
{
  VsmDiskChangeKind  kind;
  const char        *domain_uuid;
  const VsmDiskSpec *disk;        /* attach: the disk; media: the new medium, %NULL to eject */
  const char        *target;      /* detach, media: the drive ("vdb", "sda") */
  VsmAttachFlags     flags;
  guint              timeout_ms;  /* detach */
} VsmDiskChange;

void             vsm_domain_change_disk_async    (VsmConnection       *connection,
                                                  const VsmDiskChange *change,
                                                  GCancellable        *cancellable,
                                                  GAsyncReadyCallback  callback,
                                                  gpointer             user_data);
/* A VsmAttachResult (attach, detach) or a VsmMediaResult (media); -1
 * (both _FAILED values) with @error set. */
int              vsm_domain_change_disk_finish   (VsmConnection       *connection,
                                                  GAsyncResult        *result,
                                                  GError             **error);
/* Start, Shut Down, Force Off (virsh start, shutdown, destroy). */
typedef enum
{
  VSM_DOMAIN_POWER_START,      /* virDomainCreate: boots a defined domain */
  VSM_DOMAIN_POWER_SHUTDOWN,   /* virDomainShutdown: asks the guest (ACPI); returns once asked */
  VSM_DOMAIN_POWER_FORCE_OFF,  /* virDomainDestroy: stops it at once, like pulling the plug */
} VsmDomainPower;

void             vsm_domain_power_async          (VsmConnection       *connection,
                                                  const char          *domain_uuid,
                                                  VsmDomainPower       power,
                                                  GCancellable        *cancellable,
                                                  GAsyncReadyCallback  callback,
                                                  gpointer             user_data);
gboolean         vsm_domain_power_finish         (VsmConnection       *connection,
                                                  GAsyncResult        *result,
                                                  GError             **error);
/* "start", "shutdown", "destroy" */
const char      *vsm_domain_power_to_virsh       (VsmDomainPower       power);

/* Live (running domain) and inactive (persistent config) XML at once. */
void             vsm_domain_get_xml_async        (VsmConnection       *connection,
                                                  const char          *domain_uuid,
                                                  GCancellable        *cancellable,
                                                  GAsyncReadyCallback  callback,
                                                  gpointer             user_data);
gboolean         vsm_domain_get_xml_finish       (VsmConnection       *connection,
                                                  GAsyncResult        *result,
                                                  char               **live_xml,
                                                  char               **config_xml,
                                                  GError             **error);

G_END_DECLS
