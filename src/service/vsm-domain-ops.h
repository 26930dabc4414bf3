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
  VSM_ATTACH_RESULT_FAILED = -1,      /* the _finish() functions' @error is set */
} VsmAttachResult;

/* The "domain-event" event value VsmConnection emits after one of the
 * operations below changed a domain's disks (libvirt sends no event for
 * persistent-only changes, and only device-added/-removed for live ones).
 * The other values are virDomainEventType. */
#define VSM_DOMAIN_EVENT_DISKS_CHANGED 200

/* Flags for all three: when LIVE and CONFIG are both given and only one
 * applies (shut-off or transient domain), the other is dropped; LIVE alone
 * on a shut-off domain fails with VSM_ERROR_INVALID_STATE; no flag means
 * libvirt's "current" (live if running, else config). Drivers without the
 * call (the test driver) fail with VSM_ERROR_NOT_SUPPORTED and libvirt's
 * "this function is not supported by the connection driver: …". */

/* Attaches @spec; with VSM_ATTACH_LIVE, confirms by re-reading the live XML
 * (polling briefly) that the target appeared. An invalid @spec fails with
 * VSM_ERROR_INVALID_INPUT before any libvirt call. */
void             vsm_domain_attach_disk_async    (VsmConnection       *connection,
                                                  const char          *domain_uuid,
                                                  const VsmDiskSpec   *spec,
                                                  VsmAttachFlags       flags,
                                                  GCancellable        *cancellable,
                                                  GAsyncReadyCallback  callback,
                                                  gpointer             user_data);
VsmAttachResult  vsm_domain_attach_disk_finish   (VsmConnection       *connection,
                                                  GAsyncResult        *result,
                                                  GError             **error);
/* Detaches the disk with @target; with VSM_ATTACH_LIVE waits up to
 * @timeout_ms for it to leave the live XML: RESULT_WAITING means the guest
 * has not released it (yet). Only from the definitions that have it (a
 * disk attached CONFIG-only gives AFTER_BOOT even with LIVE|CONFIG);
 * VSM_ERROR_NOT_FOUND when none has. A virtio-blk detach blocks ~5 s
 * inside libvirt before the wait starts. */
void             vsm_domain_detach_disk_async    (VsmConnection       *connection,
                                                  const char          *domain_uuid,
                                                  const char          *target,
                                                  VsmAttachFlags       flags,
                                                  guint                timeout_ms,
                                                  GCancellable        *cancellable,
                                                  GAsyncReadyCallback  callback,
                                                  gpointer             user_data);
VsmAttachResult  vsm_domain_detach_disk_finish   (VsmConnection       *connection,
                                                  GAsyncResult        *result,
                                                  GError             **error);
/* Inserts (@path non-NULL, a file path or pool/volume via @spec) or ejects
 * (@spec NULL) the medium of the CD-ROM/floppy @target.
 * libvirt 9.0 cannot change the medium of a drive hot-plugged since the
 * domain started ("Tray … is not open"): a new medium is then put in by
 * unplugging and re-plugging the drive (scsi/usb); ejecting fails with
 * VSM_ERROR_INVALID_STATE (an empty drive cannot be hot-plugged). */
void             vsm_domain_change_media_async   (VsmConnection       *connection,
                                                  const char          *domain_uuid,
                                                  const char          *target,
                                                  const VsmDiskSpec   *medium,
                                                  VsmAttachFlags       flags,
                                                  GCancellable        *cancellable,
                                                  GAsyncReadyCallback  callback,
                                                  gpointer             user_data);
gboolean         vsm_domain_change_media_finish  (VsmConnection       *connection,
                                                  GAsyncResult        *result,
                                                  GError             **error);
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
/* Disk buses allowed by the domain's capabilities (virConnectGetDomainCapabilities
 * for the domain's emulator/arch/machine/virttype); a sensible default list
 * when the driver cannot tell (test driver). */
void             vsm_domain_disk_buses_async     (VsmConnection       *connection,
                                                  const char          *domain_uuid,
                                                  GCancellable        *cancellable,
                                                  GAsyncReadyCallback  callback,
                                                  gpointer             user_data);
GStrv            vsm_domain_disk_buses_finish    (VsmConnection       *connection,
                                                  GAsyncResult        *result,
                                                  GError             **error);

G_END_DECLS
