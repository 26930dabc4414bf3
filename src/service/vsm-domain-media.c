/* vsm-domain-media.c
 *
 * Changing the medium of a CD-ROM or floppy drive (insert, eject), with
 * the remedies libvirt 9.0 needs for drives plugged in while the domain
 * runs. Worker threads only; see vsm-domain-ops.c for the operation.
 *
 * Copyright 2026 Virt Storage developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vsm-domain-ops"

#include "config.h"

#include <glib/gi18n.h>
#include <libvirt/virterror.h>
#include <string.h>

#include "vsm-domain-ops-private.h"
#include "vsm-domain-xml.h"
#include "vsm-error.h"

/* libvirt 9.0 learns whether a drive has a tray only when a QEMU process
 * starts (domain start, restore, incoming migration), when libvirtd
 * reconnects to it, and on a reset of the guest (virDomainReset or the
 * guest rebooting: qemuProcessRefreshDisks). For a CD-ROM hot-plugged
 * since, it skips opening the tray and QEMU refuses the change
 * ("blockdev-remove-medium: Tray of device '…' is not open"); nothing has
 * changed then. Fixed in later libvirt releases.
 *
 * Told from libvirt's error code and domain, never its (translated) text:
 * QEMU's refusal of a monitor command is VIR_ERR_INTERNAL_ERROR from
 * VIR_FROM_QEMU. Any refusal of that kind leads to the same remedies
 * (re-plug the drive, or ask to unplug it), which report their own errors
 * if QEMU refused for another reason. Call right after the failing call. */
static gboolean
last_error_is_qemu_refusal (void)
{
  virErrorPtr err = virGetLastError ();

  return err != NULL && err->domain == VIR_FROM_QEMU && err->code == VIR_ERR_INTERNAL_ERROR;
}

/* Unplugs the live drive @target (its <disk> from @live_xml) and waits
 * until it has left the live XML. A drive hot-plugged into a running
 * domain is on a hot-pluggable bus (scsi, usb): those release it without
 * the guest's help. */
static gboolean
unplug_live_drive (DomOp        *op,
                   virDomainPtr  dom,
                   const char   *live_xml,
                   const char   *what,
                   GError      **error)
{
  g_autofree char *device = _vsm_domain_disk_device_xml (live_xml, op->target);

  if (device == NULL)
    {
      g_set_error (error, VSM_ERROR, VSM_ERROR_NOT_FOUND,
                   _("The domain has no drive “%s”"), op->target);
      return FALSE;
    }
  if (virDomainDetachDeviceFlags (dom, device, VIR_DOMAIN_AFFECT_LIVE) < 0)
    {
      _vsm_dom_set_call_error (error, what);
      return FALSE;
    }
  if (!_vsm_dom_wait_live_target (op, dom, FALSE, ATTACH_CONFIRM_MSEC))
    {
      g_set_error (error, VSM_ERROR, VSM_ERROR_FAILED,
                   _("%s: the drive “%s” was not released"), what, op->target);
      return FALSE;
    }
  return TRUE;
}

/* A new medium in such a drive: unplug the drive and plug it again with
 * the new medium (the guest sees the device go and come back, like a
 * drive swap). An empty drive cannot be hot-plugged in libvirt 9.0
 * ("argument key 'filename' must not have null value"). */
static VsmMediaResult
replug_drive (DomOp         *op,
              virDomainPtr   dom,
              gboolean       config,
              const char    *live_xml,
              const char    *new_device,
              GError       **error)
{
  g_autofree char *old_device = _vsm_domain_disk_device_xml (live_xml, op->target);

  g_debug ("re-plugging %s of %s with the new medium", op->target, op->uuid);
  if (!unplug_live_drive (op, dom, live_xml, _("Could not change the medium"), error))
    return VSM_MEDIA_RESULT_FAILED;
  if (virDomainAttachDeviceFlags (dom, new_device, VIR_DOMAIN_AFFECT_LIVE) < 0)
    {
      _vsm_dom_set_call_error (error, _("Could not insert the medium"));
      /* Put the drive back as it was. */
      if (virDomainAttachDeviceFlags (dom, old_device, VIR_DOMAIN_AFFECT_LIVE) < 0)
        {
          g_debug ("could not restore %s: %s", op->target, virGetLastErrorMessage ());
          virResetLastError ();
        }
      return VSM_MEDIA_RESULT_FAILED;
    }
  if (config && virDomainUpdateDeviceFlags (dom, new_device, VIR_DOMAIN_AFFECT_CONFIG) < 0)
    {
      _vsm_dom_set_call_error (error, _("The medium was changed in the running domain, but not for the next boot"));
      return VSM_MEDIA_RESULT_FAILED;
    }
  return VSM_MEDIA_RESULT_REPLUGGED;
}

/* "Eject" of such a drive, once the user agreed (VSM_ATTACH_UNPLUG): the
 * drive leaves the running domain; the persistent definition, if it has
 * the drive, keeps it with no medium, so that it is back, empty, after the
 * next boot. */
static VsmMediaResult
unplug_for_eject (DomOp         *op,
                  virDomainPtr   dom,
                  const char    *live_xml,
                  const char    *config_xml,
                  GError       **error)
{
  g_autofree char *empty = NULL;

  if (config_xml != NULL)
    {
      empty = _vsm_domain_media_xml (config_xml, op->target, NULL, error);
      if (empty == NULL)
        return VSM_MEDIA_RESULT_FAILED;
    }
  g_debug ("ejecting %s of %s by unplugging it", op->target, op->uuid);
  if (!unplug_live_drive (op, dom, live_xml, _("Could not eject the medium"), error))
    return VSM_MEDIA_RESULT_FAILED;
  if (empty != NULL && virDomainUpdateDeviceFlags (dom, empty, VIR_DOMAIN_AFFECT_CONFIG) < 0)
    {
      _vsm_dom_set_call_error (error, _("The drive was removed from the running domain, but its configuration still holds the medium"));
      return VSM_MEDIA_RESULT_FAILED;
    }
  return VSM_MEDIA_RESULT_UNPLUGGED;
}

/* The other way out for an eject, once the user agreed
 * (VSM_ATTACH_SAVE_RESUME): libvirt learns about trays when a QEMU process
 * starts, so save the domain's state to disk and start it again from there
 * (the guest carries on where it was), then eject for real. A failed
 * resume leaves the managed save image: starting the domain resumes it. */
static VsmMediaResult
save_resume_eject (DomOp         *op,
                   virDomainPtr   dom,
                   gboolean       in_config,
                   const char    *device,
                   GError       **error)
{
  gint64 start = g_get_monotonic_time ();

  if (virDomainIsPersistent (dom) != 1)
    {
      g_set_error_literal (error, VSM_ERROR, VSM_ERROR_INVALID_STATE,
                           _("A transient domain cannot be saved and resumed"));
      return VSM_MEDIA_RESULT_FAILED;
    }
  g_debug ("saving %s to eject %s", op->uuid, op->target);
  if (virDomainManagedSave (dom, 0) < 0)
    {
      _vsm_dom_set_call_error (error, _("Could not save the domain"));
      return VSM_MEDIA_RESULT_FAILED;
    }
  if (virDomainCreate (dom) < 0)
    {
      _vsm_dom_set_call_error (error, _("The domain was saved but could not be resumed; starting it resumes it"));
      return VSM_MEDIA_RESULT_FAILED;
    }
  g_debug ("%s saved and resumed in %.0f ms", op->uuid, (g_get_monotonic_time () - start) / 1000.0);
  if (virDomainUpdateDeviceFlags (dom, device,
                                  VIR_DOMAIN_AFFECT_LIVE | (in_config ? VIR_DOMAIN_AFFECT_CONFIG : 0)) < 0)
    {
      _vsm_dom_set_call_error (error, _("The domain was saved and resumed, but the medium could not be ejected"));
      return VSM_MEDIA_RESULT_FAILED;
    }
  return VSM_MEDIA_RESULT_RESUMED;
}

/* Insert into a drive that only the persistent definition of a running
 * domain has (ejected by unplugging, or added for the next boot): plug it
 * in with the medium where the bus allows, and keep it in the config. */
static VsmMediaResult
plug_config_drive (DomOp         *op,
                   virDomainPtr   dom,
                   gboolean       live,
                   const char    *config_xml,
                   GError       **error)
{
  g_autofree char *device = _vsm_domain_media_xml (config_xml, op->target, op->medium, error);
  g_autofree char *bus = _vsm_domain_drive_bus (config_xml, op->target);
  gboolean plugged = FALSE;

  if (device == NULL)
    return VSM_MEDIA_RESULT_FAILED;

  if (live && op->medium != NULL && vsm_disk_bus_can_hotplug (bus, "cdrom"))
    {
      plugged = TRUE;
      g_debug ("plugging %s into %s with the medium", op->target, op->uuid);
      if (virDomainAttachDeviceFlags (dom, device, VIR_DOMAIN_AFFECT_LIVE) < 0)
        {
          _vsm_dom_set_call_error (error, _("Could not insert the medium"));
          return VSM_MEDIA_RESULT_FAILED;
        }
      if (!_vsm_dom_wait_live_target (op, dom, TRUE, ATTACH_CONFIRM_MSEC))
        {
          g_set_error (error, VSM_ERROR, VSM_ERROR_FAILED,
                       _("Could not insert the medium: the drive “%s” did not appear in the running domain"),
                       op->target);
          return VSM_MEDIA_RESULT_FAILED;
        }
    }
  if (virDomainUpdateDeviceFlags (dom, device, VIR_DOMAIN_AFFECT_CONFIG) < 0)
    {
      _vsm_dom_set_call_error (error, plugged ? _("The medium was inserted in the running domain, but not for the next boot")
                                  : op->medium ? _("Could not insert the medium")
                                               : _("Could not eject the medium"));
      return VSM_MEDIA_RESULT_FAILED;
    }
  if (plugged)
    return VSM_MEDIA_RESULT_PLUGGED;
  return live ? VSM_MEDIA_RESULT_AFTER_BOOT : VSM_MEDIA_RESULT_CHANGED;
}

VsmMediaResult
_vsm_dom_change_media (DomOp             *op,
                       virDomainPtr       dom,
                       const TargetSite  *site,
                       GError           **error)
{
  g_autofree char *device = NULL;
  gboolean refused;
  GError *local = NULL;

  if (!site->in_live)
    return plug_config_drive (op, dom, site->affect.live, site->config_xml, error);

  device = _vsm_domain_media_xml (site->live_xml, op->target, op->medium, error);
  if (device == NULL)
    return VSM_MEDIA_RESULT_FAILED;
  /* The update is all or nothing: libvirt saves the config only after
   * the live change worked. A drive only in the live domain has no
   * config to update. */
  if (virDomainUpdateDeviceFlags (dom, device, VIR_DOMAIN_AFFECT_LIVE |
                                  (site->in_config ? VIR_DOMAIN_AFFECT_CONFIG : 0)) == 0)
    return VSM_MEDIA_RESULT_CHANGED;

  refused = last_error_is_qemu_refusal ();
  _vsm_dom_set_call_error (&local, op->medium ? _("Could not insert the medium")
                                     : _("Could not eject the medium"));
  if (!refused)
    {
      g_propagate_error (error, local);
      return VSM_MEDIA_RESULT_FAILED;
    }
  g_debug ("%s", local->message);
  g_error_free (local);

  if (op->medium != NULL)
    {
      g_autofree char *bus = _vsm_domain_drive_bus (site->live_xml, op->target);

      if (!vsm_disk_bus_can_hotplug (bus, "cdrom"))
        {
          g_set_error (error, VSM_ERROR, VSM_ERROR_INVALID_STATE,
                       _("The medium of “%s” cannot be changed while the domain runs: this libvirt "
                         "version cannot open the tray of a drive added while the domain runs. "
                         "Change it for the next boot only, or detach the drive."), op->target);
          return VSM_MEDIA_RESULT_FAILED;
        }
      return replug_drive (op, dom, site->in_config, site->live_xml, device, error);
    }
  if (op->flags & VSM_ATTACH_SAVE_RESUME)
    return save_resume_eject (op, dom, site->in_config, device, error);
  if (op->flags & VSM_ATTACH_UNPLUG)
    return unplug_for_eject (op, dom, site->live_xml, site->in_config ? site->config_xml : NULL, error);
  return VSM_MEDIA_RESULT_NEEDS_UNPLUG;
}
