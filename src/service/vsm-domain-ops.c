/* vsm-domain-ops.c
 *
 * Attach, detach and change media, the domain's live and persistent XML
 * and the disk buses its capabilities allow. Every libvirt call runs in a
 * worker; attach, detach and change media get a thread of their own since
 * they may block for seconds (a virtio-blk detach waits 5 s for the guest
 * inside libvirt, then we poll the live XML).
 *
 * Flags: VSM_ATTACH_LIVE and VSM_ATTACH_CONFIG map onto
 * VIR_DOMAIN_AFFECT_LIVE and _CONFIG. When both are asked for and only one
 * applies (the domain is shut off, or transient), the other is dropped
 * instead of failing; neither means libvirt's "current" state.
 *
 * Copyright 2026 Virt Storage developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vsm-domain-ops"

#include "config.h"

#include <glib/gi18n.h>
#include <libvirt/virterror.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <string.h>

#include "vsm-connection-private.h"
#include "vsm-op-private.h"
#include "vsm-domain-ops.h"
#include "vsm-domain-ops-private.h"
#include "vsm-xml-private.h"
#include "vsm-virt-error.h"

#define POLL_MSEC 100
#define ATTACH_CONFIRM_MSEC 3000

typedef enum
{
  DOP_ATTACH,
  DOP_DETACH,
  DOP_MEDIA,
  DOP_XML,
  DOP_BUSES,
} DomOpKind;

typedef struct
{
  VsmOp          head;
  DomOpKind      kind;
  VsmConnection *connection;   /* for the domain-event notification */
  char          *uuid;
  char          *xml;          /* attach: the <disk> */
  char          *target;
  VsmDiskSpec   *medium;       /* change media; NULL = eject */
  guint          flags;
  guint          timeout_ms;
  GCancellable  *cancellable;
} DomOp;

typedef struct
{
  char *live;
  char *config;
} XmlPair;

static void
xml_pair_free (XmlPair *pair)
{
  g_free (pair->live);
  g_free (pair->config);
  g_free (pair);
}

static void
dom_op_clear (DomOp *op)
{
  g_clear_object (&op->connection);
  g_clear_object (&op->cancellable);
  g_free (op->uuid);
  g_free (op->xml);
  g_free (op->target);
  g_clear_pointer (&op->medium, vsm_disk_spec_free);
}

/* ------------------------------------------------------------------ */
/* XML: see vsm-xml-private.h                                          */

/* The <disk> of @doc whose <target dev=> is @target. */
static xmlNodePtr
find_disk (xmlDocPtr   doc,
           const char *target)
{
  xmlNodePtr root = doc ? xmlDocGetRootElement (doc) : NULL;
  xmlNodePtr devices = _vsm_xml_child (root, "devices");

  for (xmlNodePtr c = devices ? devices->children : NULL; c != NULL; c = c->next)
    {
      g_autofree char *dev = NULL;

      if (c->type != XML_ELEMENT_NODE || strcmp ((const char *) c->name, "disk") != 0)
        continue;
      dev = _vsm_xml_prop (_vsm_xml_child (c, "target"), "dev");
      if (g_strcmp0 (dev, target) == 0)
        return c;
    }
  return NULL;
}

static char *
dump_node (xmlDocPtr  doc,
           xmlNodePtr node)
{
  xmlBufferPtr buf = xmlBufferCreate ();
  char *ret = NULL;

  if (xmlNodeDump (buf, doc, node, 0, 0) >= 0)
    ret = g_strdup ((const char *) xmlBufferContent (buf));
  xmlBufferFree (buf);
  return ret;
}

gboolean
_vsm_domain_xml_has_target (const char *xml,
                            const char *target)
{
  xmlDocPtr doc = _vsm_xml_parse (xml, -1, TRUE);
  gboolean found = find_disk (doc, target) != NULL;

  if (doc != NULL)
    xmlFreeDoc (doc);
  return found;
}

char *
_vsm_domain_disk_device_xml (const char *domain_xml,
                             const char *target)
{
  xmlDocPtr doc = _vsm_xml_parse (domain_xml, -1, TRUE);
  xmlNodePtr disk = find_disk (doc, target);
  char *ret = disk != NULL ? dump_node (doc, disk) : NULL;

  if (doc != NULL)
    xmlFreeDoc (doc);
  return ret;
}

void
_vsm_domain_caps_query (const char  *domain_xml,
                        char       **emulator,
                        char       **arch,
                        char       **machine,
                        char       **virttype)
{
  xmlDocPtr doc = _vsm_xml_parse (domain_xml, -1, TRUE);
  xmlNodePtr root = doc ? xmlDocGetRootElement (doc) : NULL;
  xmlNodePtr os_type = _vsm_xml_child (_vsm_xml_child (root, "os"), "type");

  *virttype = _vsm_xml_prop (root, "type");
  *arch = _vsm_xml_prop (os_type, "arch");
  *machine = _vsm_xml_prop (os_type, "machine");
  *emulator = _vsm_xml_text (_vsm_xml_child (_vsm_xml_child (root, "devices"), "emulator"));
  if (doc != NULL)
    xmlFreeDoc (doc);
}

/* ------------------------------------------------------------------ */
/* libvirt helpers (worker thread only)                                */

static virDomainPtr
lookup_domain (DomOp   *op,
               GError **error)
{
  virDomainPtr dom = virDomainLookupByUUIDString (op->head.conn, op->uuid);

  if (dom == NULL)
    vsm_error_set_from_virt (error, "Domain not found");
  return dom;
}

static char *
domain_xml (virDomainPtr   dom,
            unsigned int   flags,
            GError       **error)
{
  char *xml = virDomainGetXMLDesc (dom, flags);
  char *copy;

  if (xml == NULL)
    {
      vsm_error_set_from_virt (error, "Could not read the domain XML");
      return NULL;
    }
  copy = g_strdup (xml);
  free (xml);
  return copy;
}

/* The libvirt call failed: libvirt's message, with what we were doing in
 * front of it. Call right after the failing call (thread-local error). */
static void
set_call_error (GError     **error,
                const char  *what)
{
  GError *tmp = NULL;

  vsm_error_set_from_virt (&tmp, "Unknown libvirt error");
  g_set_error (error, VSM_ERROR, tmp->code, "%s: %s", what, tmp->message);
  g_error_free (tmp);
}

/* Sleeps one poll interval; FALSE once cancelled. */
static gboolean
poll_sleep (DomOp *op)
{
  if (g_cancellable_is_cancelled (op->cancellable))
    return FALSE;
  g_usleep (POLL_MSEC * 1000);
  return !g_cancellable_is_cancelled (op->cancellable);
}

/* Polls the live XML until @target is present (@want) or absent, at most
 * @msec. */
static gboolean
wait_live_target (DomOp        *op,
                  virDomainPtr  dom,
                  gboolean      want,
                  guint         msec)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) msec * 1000;

  for (;;)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *xml = domain_xml (dom, 0, &error);

      if (xml != NULL && _vsm_domain_xml_has_target (xml, op->target) == want)
        return TRUE;
      if (error != NULL)
        g_debug ("reading the live XML of %s failed: %s", op->uuid, error->message);
      if (g_get_monotonic_time () >= deadline || !poll_sleep (op))
        return FALSE;
    }
}

typedef struct
{
  gboolean live;
  gboolean config;
} Affect;

/* Which of the domain's definitions an operation touches. */
static gboolean
resolve_affect (DomOp         *op,
                virDomainPtr   dom,
                Affect        *affect,
                GError       **error)
{
  gboolean want_live = (op->flags & VSM_ATTACH_LIVE) != 0;
  gboolean want_config = (op->flags & VSM_ATTACH_CONFIG) != 0;
  int active = virDomainIsActive (dom);
  int persistent;

  if (active < 0)
    {
      vsm_error_set_from_virt (error, "Could not read the domain state");
      return FALSE;
    }
  persistent = virDomainIsPersistent (dom);
  if (persistent < 0)
    {
      vsm_error_set_from_virt (error, "Could not read the domain state");
      return FALSE;
    }

  if (!want_live && !want_config)
    {
      /* VIR_DOMAIN_AFFECT_CURRENT */
      affect->live = active == 1;
      affect->config = active != 1;
      return TRUE;
    }

  affect->live = want_live && active == 1;
  affect->config = want_config && persistent == 1;
  if (want_live && !affect->live && !affect->config)
    {
      g_set_error_literal (error, VSM_ERROR, VSM_ERROR_INVALID_STATE,
                           _("The domain is not running"));
      return FALSE;
    }
  if (want_config && !affect->config && !affect->live)
    {
      g_set_error_literal (error, VSM_ERROR, VSM_ERROR_INVALID_STATE,
                           _("The domain is transient: it has no persistent configuration"));
      return FALSE;
    }
  return TRUE;
}

static unsigned int
affect_flags (const Affect *affect)
{
  return (affect->live ? VIR_DOMAIN_AFFECT_LIVE : 0) |
         (affect->config ? VIR_DOMAIN_AFFECT_CONFIG : 0);
}

/* ------------------------------------------------------------------ */
/* Workers                                                             */

static int
do_attach (DomOp        *op,
           virDomainPtr  dom,
           GError      **error)
{
  Affect affect;

  if (!resolve_affect (op, dom, &affect, error))
    return -1;

  if (virDomainAttachDeviceFlags (dom, op->xml, affect_flags (&affect)) < 0)
    {
      set_call_error (error, _("Could not attach the disk"));
      return -1;
    }
  if (!affect.live)
    return VSM_ATTACH_RESULT_AFTER_BOOT;
  return wait_live_target (op, dom, TRUE, ATTACH_CONFIRM_MSEC)
         ? VSM_ATTACH_RESULT_ATTACHED_NOW : VSM_ATTACH_RESULT_WAITING;
}

static int
do_detach (DomOp        *op,
           virDomainPtr  dom,
           GError      **error)
{
  Affect affect;
  g_autofree char *live_xml = NULL;
  g_autofree char *config_xml = NULL;
  g_autofree char *device = NULL;

  if (!resolve_affect (op, dom, &affect, error))
    return -1;

  if (affect.live && (live_xml = domain_xml (dom, 0, error)) == NULL)
    return -1;
  if (affect.config && (config_xml = domain_xml (dom, VIR_DOMAIN_XML_INACTIVE, error)) == NULL)
    return -1;
  /* Only where the disk is: a live-only disk is not in the config. */
  affect.live = affect.live && _vsm_domain_xml_has_target (live_xml, op->target);
  affect.config = affect.config && _vsm_domain_xml_has_target (config_xml, op->target);
  if (!affect.live && !affect.config)
    {
      g_set_error (error, VSM_ERROR, VSM_ERROR_NOT_FOUND,
                   _("The domain has no disk “%s”"), op->target);
      return -1;
    }

  /* Like virsh detach-disk: the device's own XML, from the definition it
   * is removed from (libvirt matches disks by target). */
  device = _vsm_domain_disk_device_xml (affect.live ? live_xml : config_xml, op->target);
  if (device == NULL)
    {
      g_set_error_literal (error, VSM_ERROR, VSM_ERROR_FAILED, "Could not read the disk XML");
      return -1;
    }

  if (virDomainDetachDeviceFlags (dom, device, affect_flags (&affect)) < 0)
    {
      set_call_error (error, _("Could not detach the disk"));
      return -1;
    }
  if (!affect.live)
    return VSM_ATTACH_RESULT_AFTER_BOOT;
  return wait_live_target (op, dom, FALSE, op->timeout_ms)
         ? VSM_ATTACH_RESULT_ATTACHED_NOW : VSM_ATTACH_RESULT_WAITING;
}

/* The drive's <disk> with the medium replaced (like virsh change-media):
 * the rest of the element must stay as it is, libvirt refuses to change
 * anything but the source of a live drive. */
char *
_vsm_domain_media_xml (const char         *domain_xml,
                       const char         *target,
                       const VsmDiskSpec  *medium,
                       GError            **error)
{
  xmlDocPtr doc = _vsm_xml_parse (domain_xml, -1, TRUE);
  xmlNodePtr disk = find_disk (doc, target);
  g_autofree char *device = NULL;
  xmlNodePtr c, next, source;
  char *ret = NULL;

  if (disk == NULL)
    {
      g_set_error (error, VSM_ERROR, VSM_ERROR_NOT_FOUND,
                   _("The domain has no drive “%s”"), target);
      goto out;
    }
  device = _vsm_xml_prop (disk, "device");
  if (g_strcmp0 (device, "cdrom") != 0 && g_strcmp0 (device, "floppy") != 0)
    {
      g_set_error (error, VSM_ERROR, VSM_ERROR_INVALID_INPUT,
                   _("“%s” is not a CD-ROM or floppy drive"), target);
      goto out;
    }

  for (c = disk->children; c != NULL; c = next)
    {
      next = c->next;
      if (c->type == XML_ELEMENT_NODE &&
          (strcmp ((const char *) c->name, "source") == 0 ||
           strcmp ((const char *) c->name, "backingStore") == 0))
        {
          xmlUnlinkNode (c);
          xmlFreeNode (c);
        }
    }

  if (medium == NULL || medium->source_kind == VSM_DISK_SOURCE_NONE)
    {
      /* An empty drive is type='file' with no source. */
      xmlSetProp (disk, (const xmlChar *) "type", (const xmlChar *) "file");
    }
  else
    {
      source = xmlNewNode (NULL, (const xmlChar *) "source");
      switch (medium->source_kind)
        {
        case VSM_DISK_SOURCE_VOLUME:
          xmlSetProp (disk, (const xmlChar *) "type", (const xmlChar *) "volume");
          xmlSetProp (source, (const xmlChar *) "pool", (const xmlChar *) medium->pool);
          xmlSetProp (source, (const xmlChar *) "volume", (const xmlChar *) medium->volume);
          break;
        case VSM_DISK_SOURCE_BLOCK:
          xmlSetProp (disk, (const xmlChar *) "type", (const xmlChar *) "block");
          xmlSetProp (source, (const xmlChar *) "dev", (const xmlChar *) medium->path);
          break;
        case VSM_DISK_SOURCE_FILE:
        case VSM_DISK_SOURCE_NONE:
        default:
          xmlSetProp (disk, (const xmlChar *) "type", (const xmlChar *) "file");
          xmlSetProp (source, (const xmlChar *) "file", (const xmlChar *) medium->path);
          break;
        }
      /* After <driver>, where libvirt writes it. */
      c = _vsm_xml_child (disk, "driver");
      if (c != NULL)
        xmlAddNextSibling (c, source);
      else if (disk->children != NULL)
        xmlAddPrevSibling (disk->children, source);
      else
        xmlAddChild (disk, source);

      if (medium->driver_type != NULL && *medium->driver_type)
        {
          c = _vsm_xml_child (disk, "driver");
          if (c == NULL)
            {
              c = xmlNewNode (NULL, (const xmlChar *) "driver");
              xmlSetProp (c, (const xmlChar *) "name", (const xmlChar *) "qemu");
              xmlAddPrevSibling (source, c);
            }
          xmlSetProp (c, (const xmlChar *) "type", (const xmlChar *) medium->driver_type);
        }
    }
  ret = dump_node (doc, disk);

out:
  if (doc != NULL)
    xmlFreeDoc (doc);
  return ret;
}

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

/* The bus of the drive @target of @domain_xml, or NULL. */
static char *
drive_bus (const char *domain_xml,
           const char *target)
{
  xmlDocPtr doc = _vsm_xml_parse (domain_xml, -1, TRUE);
  char *bus = _vsm_xml_prop (_vsm_xml_child (find_disk (doc, target), "target"), "bus");

  if (doc != NULL)
    xmlFreeDoc (doc);
  return bus;
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
      set_call_error (error, what);
      return FALSE;
    }
  if (!wait_live_target (op, dom, FALSE, ATTACH_CONFIRM_MSEC))
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
      set_call_error (error, _("Could not insert the medium"));
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
      set_call_error (error, _("The medium was changed in the running domain, but not for the next boot"));
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
      set_call_error (error, _("The drive was removed from the running domain, but its configuration still holds the medium"));
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
      set_call_error (error, _("Could not save the domain"));
      return VSM_MEDIA_RESULT_FAILED;
    }
  if (virDomainCreate (dom) < 0)
    {
      set_call_error (error, _("The domain was saved but could not be resumed; starting it resumes it"));
      return VSM_MEDIA_RESULT_FAILED;
    }
  g_debug ("%s saved and resumed in %.0f ms", op->uuid, (g_get_monotonic_time () - start) / 1000.0);
  if (virDomainUpdateDeviceFlags (dom, device,
                                  VIR_DOMAIN_AFFECT_LIVE | (in_config ? VIR_DOMAIN_AFFECT_CONFIG : 0)) < 0)
    {
      set_call_error (error, _("The domain was saved and resumed, but the medium could not be ejected"));
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
  g_autofree char *bus = drive_bus (config_xml, op->target);
  gboolean plugged = FALSE;

  if (device == NULL)
    return VSM_MEDIA_RESULT_FAILED;

  if (live && op->medium != NULL && vsm_disk_bus_can_hotplug (bus, "cdrom"))
    {
      plugged = TRUE;
      g_debug ("plugging %s into %s with the medium", op->target, op->uuid);
      if (virDomainAttachDeviceFlags (dom, device, VIR_DOMAIN_AFFECT_LIVE) < 0)
        {
          set_call_error (error, _("Could not insert the medium"));
          return VSM_MEDIA_RESULT_FAILED;
        }
      if (!wait_live_target (op, dom, TRUE, ATTACH_CONFIRM_MSEC))
        {
          g_set_error (error, VSM_ERROR, VSM_ERROR_FAILED,
                       _("Could not insert the medium: the drive “%s” did not appear in the running domain"),
                       op->target);
          return VSM_MEDIA_RESULT_FAILED;
        }
    }
  if (virDomainUpdateDeviceFlags (dom, device, VIR_DOMAIN_AFFECT_CONFIG) < 0)
    {
      set_call_error (error, plugged ? _("The medium was inserted in the running domain, but not for the next boot")
                                  : op->medium ? _("Could not insert the medium")
                                               : _("Could not eject the medium"));
      return VSM_MEDIA_RESULT_FAILED;
    }
  if (plugged)
    return VSM_MEDIA_RESULT_PLUGGED;
  return live ? VSM_MEDIA_RESULT_AFTER_BOOT : VSM_MEDIA_RESULT_CHANGED;
}

static VsmMediaResult
do_change_media (DomOp        *op,
                 virDomainPtr  dom,
                 GError      **error)
{
  Affect affect;
  g_autofree char *live_xml = NULL;
  g_autofree char *config_xml = NULL;
  g_autofree char *device = NULL;
  gboolean in_live, in_config, refused;
  GError *local = NULL;

  if (!resolve_affect (op, dom, &affect, error))
    return VSM_MEDIA_RESULT_FAILED;
  if (affect.live && (live_xml = domain_xml (dom, 0, error)) == NULL)
    return VSM_MEDIA_RESULT_FAILED;
  if (affect.config && (config_xml = domain_xml (dom, VIR_DOMAIN_XML_INACTIVE, error)) == NULL)
    return VSM_MEDIA_RESULT_FAILED;
  in_live = live_xml != NULL && _vsm_domain_xml_has_target (live_xml, op->target);
  in_config = config_xml != NULL && _vsm_domain_xml_has_target (config_xml, op->target);
  if (!in_live && !in_config)
    {
      g_set_error (error, VSM_ERROR, VSM_ERROR_NOT_FOUND,
                   _("The domain has no drive “%s”"), op->target);
      return VSM_MEDIA_RESULT_FAILED;
    }
  if (!in_live)
    return plug_config_drive (op, dom, affect.live, config_xml, error);

  device = _vsm_domain_media_xml (live_xml, op->target, op->medium, error);
  if (device == NULL)
    return VSM_MEDIA_RESULT_FAILED;
  /* The update is all or nothing: libvirt saves the config only after
   * the live change worked. A drive only in the live domain has no
   * config to update. */
  if (virDomainUpdateDeviceFlags (dom, device,
                                  VIR_DOMAIN_AFFECT_LIVE | (in_config ? VIR_DOMAIN_AFFECT_CONFIG : 0)) == 0)
    return VSM_MEDIA_RESULT_CHANGED;

  refused = last_error_is_qemu_refusal ();
  set_call_error (&local, op->medium ? _("Could not insert the medium")
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
      g_autofree char *bus = drive_bus (live_xml, op->target);

      if (!vsm_disk_bus_can_hotplug (bus, "cdrom"))
        {
          g_set_error (error, VSM_ERROR, VSM_ERROR_INVALID_STATE,
                       _("The medium of “%s” cannot be changed while the domain runs: this libvirt "
                         "version cannot open the tray of a drive added while the domain runs. "
                         "Change it for the next boot only, or detach the drive."), op->target);
          return VSM_MEDIA_RESULT_FAILED;
        }
      return replug_drive (op, dom, in_config, live_xml, device, error);
    }
  if (op->flags & VSM_ATTACH_SAVE_RESUME)
    return save_resume_eject (op, dom, in_config, device, error);
  if (op->flags & VSM_ATTACH_UNPLUG)
    return unplug_for_eject (op, dom, live_xml, in_config ? config_xml : NULL, error);
  return VSM_MEDIA_RESULT_NEEDS_UNPLUG;
}

typedef struct
{
  VsmConnection *connection;
  char          *uuid;
} Notify;

static gboolean
notify_cb (gpointer data)
{
  Notify *n = data;

  g_signal_emit_by_name (n->connection, "domain-event", n->uuid, VSM_DOMAIN_EVENT_DISKS_CHANGED);
  return G_SOURCE_REMOVE;
}

static void
notify_free (gpointer data)
{
  Notify *n = data;

  g_object_unref (n->connection);
  g_free (n->uuid);
  g_free (n);
}

/* libvirt sends no event for a persistent-only change: tell the
 * connection's listeners (VsmHost's used-by index) ourselves. */
static void
notify_disks_changed (GTask *task,
                      DomOp *op)
{
  Notify *n = g_new0 (Notify, 1);

  n->connection = g_object_ref (op->connection);
  n->uuid = g_strdup (op->uuid);
  _vsm_post_to_context (g_task_get_context (task), notify_cb, n, notify_free);
}

static gpointer
change_thread (gpointer data)
{
  g_autoptr(GTask) task = data;
  DomOp *op = g_task_get_task_data (task);
  GError *error = NULL;
  virDomainPtr dom = NULL;
  int result = -1;

  if (g_cancellable_set_error_if_cancelled (op->cancellable, &error))
    goto done;
  dom = lookup_domain (op, &error);
  if (dom == NULL)
    goto done;

  switch (op->kind)
    {
    case DOP_ATTACH:
      result = do_attach (op, dom, &error);
      break;
    case DOP_DETACH:
      result = do_detach (op, dom, &error);
      break;
    case DOP_MEDIA:
      result = do_change_media (op, dom, &error);
      if (result == VSM_MEDIA_RESULT_FAILED)
        result = -1;
      break;
    case DOP_XML:
    case DOP_BUSES:
    default:
      g_assert_not_reached ();
    }
  virDomainFree (dom);

done:
  vsm_op_release (op);
  if (result >= 0)
    {
      notify_disks_changed (task, op);
      g_task_return_int (task, result);
    }
  else
    g_task_return_error (task, error);
  return NULL;
}

static void
xml_thread (GTask        *task,
            gpointer      source_object,
            gpointer      task_data,
            GCancellable *cancellable)
{
  DomOp *op = task_data;
  GError *error = NULL;
  virDomainPtr dom = lookup_domain (op, &error);
  XmlPair *pair = NULL;

  if (dom != NULL)
    {
      pair = g_new0 (XmlPair, 1);
      pair->live = domain_xml (dom, 0, &error);
      if (pair->live != NULL)
        pair->config = domain_xml (dom, VIR_DOMAIN_XML_INACTIVE, &error);
      virDomainFree (dom);
    }
  vsm_op_release (op);

  if (error != NULL)
    {
      if (pair != NULL)
        xml_pair_free (pair);
      g_task_return_error (task, error);
    }
  else
    g_task_return_pointer (task, pair, (GDestroyNotify) xml_pair_free);
}

/* virtio first (fastest), then the SCSI/SATA/USB family, IDE and fdc. */
static const char * const known_buses[] = { "virtio", "sata", "scsi", "usb", "ide", "fdc", NULL };
static const char * const fallback_buses[] = { "virtio", "sata", "scsi", "usb", "ide", NULL };

GStrv
_vsm_domain_buses_from_caps (const char *caps)
{
  xmlDocPtr doc = _vsm_xml_parse (caps, -1, TRUE);
  xmlNodePtr root = doc ? xmlDocGetRootElement (doc) : NULL;
  xmlNodePtr disk = _vsm_xml_child (_vsm_xml_child (root, "devices"), "disk");
  g_autoptr(GPtrArray) found = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *supported = _vsm_xml_prop (disk, "supported");
  g_autoptr(GStrvBuilder) builder = NULL;
  gboolean have_enum = FALSE;

  if (disk != NULL && g_strcmp0 (supported, "no") != 0)
    {
      for (xmlNodePtr e = disk->children; e != NULL; e = e->next)
        {
          g_autofree char *name = NULL;

          if (e->type != XML_ELEMENT_NODE || strcmp ((const char *) e->name, "enum") != 0)
            continue;
          name = _vsm_xml_prop (e, "name");
          if (g_strcmp0 (name, "bus") != 0)
            continue;
          have_enum = TRUE;
          for (xmlNodePtr v = e->children; v != NULL; v = v->next)
            if (v->type == XML_ELEMENT_NODE && strcmp ((const char *) v->name, "value") == 0)
              g_ptr_array_add (found, _vsm_xml_text (v));
        }
    }
  if (doc != NULL)
    xmlFreeDoc (doc);
  if (!have_enum)
    return NULL;

  builder = g_strv_builder_new ();
  for (guint i = 0; known_buses[i] != NULL; i++)
    for (guint j = 0; j < found->len; j++)
      if (g_strcmp0 (g_ptr_array_index (found, j), known_buses[i]) == 0)
        {
          g_strv_builder_add (builder, known_buses[i]);
          break;
        }
  return g_strv_builder_end (builder);
}

static void
buses_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  DomOp *op = task_data;
  GError *error = NULL;
  virDomainPtr dom = lookup_domain (op, &error);
  g_autofree char *xml = NULL;
  GStrv buses = NULL;

  if (dom != NULL)
    {
      xml = domain_xml (dom, 0, &error);
      virDomainFree (dom);
    }

  if (xml != NULL)
    {
      g_autofree char *virttype = NULL;
      g_autofree char *arch = NULL;
      g_autofree char *machine = NULL;
      g_autofree char *emulator = NULL;
      char *caps;

      _vsm_domain_caps_query (xml, &emulator, &arch, &machine, &virttype);
      caps = virConnectGetDomainCapabilities (op->head.conn, emulator, arch, machine, virttype, 0);
      if (caps == NULL)
        {
          GError *tmp = NULL;

          vsm_error_set_from_virt (&tmp, "Could not read the domain capabilities");
          if (tmp->code == VSM_ERROR_CONNECTION)
            error = tmp;
          else
            {
              g_debug ("no domain capabilities for %s, using the default buses: %s",
                       op->uuid, tmp->message);
              g_error_free (tmp);
            }
        }
      else
        {
          buses = _vsm_domain_buses_from_caps (caps);
          free (caps);
        }
      if (error == NULL && buses == NULL)
        buses = g_strdupv ((char **) fallback_buses);
    }
  vsm_op_release (op);

  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, buses, (GDestroyNotify) g_strfreev);
}

/* ------------------------------------------------------------------ */

static GTask *
new_op (VsmConnection        *connection,
        DomOpKind             kind,
        const char           *domain_uuid,
        gpointer              source_tag,
        GCancellable         *cancellable,
        GAsyncReadyCallback   callback,
        gpointer              user_data,
        DomOp               **op_out)
{
  static const char * const names[] = {
    [DOP_ATTACH] = "attach-disk", [DOP_DETACH] = "detach-disk", [DOP_MEDIA] = "change-media",
    [DOP_XML] = "domain-xml", [DOP_BUSES] = "disk-buses",
  };
  GTask *task;
  DomOp *op;

  /* The workers parse XML: libxml2 wants its one-time set-up done on the
   * main thread first (a no-op after the first call). */
  xmlInitParser ();

  task = vsm_op_new (connection, DomOp, dom_op_clear, source_tag, names[kind],
                     cancellable, callback, user_data, op_out);
  if (task == NULL)
    return NULL;
  op = *op_out;
  op->kind = kind;
  op->uuid = g_strdup (domain_uuid);
  op->connection = g_object_ref (connection);
  op->cancellable = cancellable ? g_object_ref (cancellable) : g_cancellable_new ();
  return task;
}

static void
run_change (GTask *task)
{
  GThread *thread;

  /* The change happens once the worker has made the call: report its
   * outcome even if the caller cancels meanwhile (polling stops early). */
  g_task_set_check_cancellable (task, FALSE);
  thread = g_thread_new ("vsm-domain-op", change_thread, task);
  g_thread_unref (thread);
}

/**
 * vsm_domain_attach_disk_async:
 *
 * Validates and builds the `<disk>` (an invalid spec fails with
 * %VSM_ERROR_INVALID_INPUT before any libvirt call), then calls
 * virDomainAttachDeviceFlags. With a live attach, the result is
 * %VSM_ATTACH_RESULT_ATTACHED_NOW once the target shows up in the live
 * XML (polled every 100 ms, at most 3 s), else %VSM_ATTACH_RESULT_WAITING;
 * a persistent-only attach gives %VSM_ATTACH_RESULT_AFTER_BOOT.
 */
void
vsm_domain_attach_disk_async (VsmConnection       *connection,
                              const char          *domain_uuid,
                              const VsmDiskSpec   *spec,
                              VsmAttachFlags       flags,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  GError *error = NULL;
  GTask *task;
  DomOp *op;

  g_return_if_fail (VSM_IS_CONNECTION (connection));
  g_return_if_fail (domain_uuid != NULL);
  g_return_if_fail (spec != NULL);

  task = new_op (connection, DOP_ATTACH, domain_uuid, vsm_domain_attach_disk_async,
                 cancellable, callback, user_data, &op);
  if (task == NULL)
    return;
  op->xml = vsm_disk_xml_build (spec, &error);
  if (op->xml == NULL)
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }
  op->target = g_strdup (spec->target);
  op->flags = flags;
  run_change (task);
}

/**
 * vsm_domain_attach_disk_finish:
 *
 * Returns: the #VsmAttachResult, or %VSM_ATTACH_RESULT_FAILED with @error set
 */
VsmAttachResult
vsm_domain_attach_disk_finish (VsmConnection  *connection,
                               GAsyncResult   *result,
                               GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, connection), VSM_ATTACH_RESULT_FAILED);
  return (VsmAttachResult) g_task_propagate_int (G_TASK (result), error);
}

/**
 * vsm_domain_detach_disk_async:
 *
 * Detaches the disk with @target from the definitions that have it (a
 * disk attached live only is not in the persistent config, and the other
 * way round). %VSM_ATTACH_RESULT_ATTACHED_NOW means it is gone from the
 * live domain.
 */
void
vsm_domain_detach_disk_async (VsmConnection       *connection,
                              const char          *domain_uuid,
                              const char          *target,
                              VsmAttachFlags       flags,
                              guint                timeout_ms,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  GTask *task;
  DomOp *op;

  g_return_if_fail (VSM_IS_CONNECTION (connection));
  g_return_if_fail (domain_uuid != NULL);
  g_return_if_fail (target != NULL);

  task = new_op (connection, DOP_DETACH, domain_uuid, vsm_domain_detach_disk_async,
                 cancellable, callback, user_data, &op);
  if (task == NULL)
    return;
  op->target = g_strdup (target);
  op->flags = flags;
  op->timeout_ms = timeout_ms;
  run_change (task);
}

/**
 * vsm_domain_detach_disk_finish:
 *
 * Returns: the #VsmAttachResult, or %VSM_ATTACH_RESULT_FAILED with @error set
 */
VsmAttachResult
vsm_domain_detach_disk_finish (VsmConnection  *connection,
                               GAsyncResult   *result,
                               GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, connection), VSM_ATTACH_RESULT_FAILED);
  return (VsmAttachResult) g_task_propagate_int (G_TASK (result), error);
}

/**
 * vsm_domain_change_media_async:
 * @medium: (nullable): the new medium (its source_kind, pool/volume or
 *   path, and optionally driver_type; the rest is ignored), or %NULL (or
 *   source_kind %VSM_DISK_SOURCE_NONE) to eject
 *
 * virDomainUpdateDeviceFlags with the drive's own `<disk>` and a new or no
 * `<source>`. Drivers without it (the test driver) fail with
 * %VSM_ERROR_NOT_SUPPORTED.
 */
void
vsm_domain_change_media_async (VsmConnection       *connection,
                               const char          *domain_uuid,
                               const char          *target,
                               const VsmDiskSpec   *medium,
                               VsmAttachFlags       flags,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  GTask *task;
  DomOp *op;

  g_return_if_fail (VSM_IS_CONNECTION (connection));
  g_return_if_fail (domain_uuid != NULL);
  g_return_if_fail (target != NULL);

  task = new_op (connection, DOP_MEDIA, domain_uuid, vsm_domain_change_media_async,
                 cancellable, callback, user_data, &op);
  if (task == NULL)
    return;
  op->target = g_strdup (target);
  op->flags = flags;
  if (medium != NULL && medium->source_kind != VSM_DISK_SOURCE_NONE)
    {
      gboolean ok = medium->source_kind == VSM_DISK_SOURCE_VOLUME
        ? (medium->pool != NULL && *medium->pool && medium->volume != NULL && *medium->volume)
        : (medium->path != NULL && g_path_is_absolute (medium->path));

      if (!ok)
        {
          g_task_return_new_error (task, VSM_ERROR, VSM_ERROR_INVALID_INPUT,
                                   _("Choose the medium to insert"));
          g_object_unref (task);
          return;
        }
      op->medium = vsm_disk_spec_copy (medium);
    }
  run_change (task);
}

VsmMediaResult
vsm_domain_change_media_finish (VsmConnection  *connection,
                                GAsyncResult   *result,
                                GError        **error)
{
  gssize r;

  g_return_val_if_fail (g_task_is_valid (result, connection), VSM_MEDIA_RESULT_FAILED);
  r = g_task_propagate_int (G_TASK (result), error);
  return r < 0 ? VSM_MEDIA_RESULT_FAILED : (VsmMediaResult) r;
}

void
vsm_domain_get_xml_async (VsmConnection       *connection,
                          const char          *domain_uuid,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  GTask *task;
  DomOp *op;

  g_return_if_fail (VSM_IS_CONNECTION (connection));
  g_return_if_fail (domain_uuid != NULL);

  task = new_op (connection, DOP_XML, domain_uuid, vsm_domain_get_xml_async,
                 cancellable, callback, user_data, &op);
  if (task == NULL)
    return;
  g_task_run_in_thread (task, xml_thread);
  g_object_unref (task);
}

/**
 * vsm_domain_get_xml_finish:
 * @live_xml: (out) (optional): virDomainGetXMLDesc(0): the running
 *   domain (for a shut-off domain, its configuration)
 * @config_xml: (out) (optional): with VIR_DOMAIN_XML_INACTIVE: what the
 *   next boot uses
 */
gboolean
vsm_domain_get_xml_finish (VsmConnection  *connection,
                           GAsyncResult   *result,
                           char          **live_xml,
                           char          **config_xml,
                           GError        **error)
{
  XmlPair *pair;

  g_return_val_if_fail (g_task_is_valid (result, connection), FALSE);

  pair = g_task_propagate_pointer (G_TASK (result), error);
  if (pair == NULL)
    return FALSE;
  if (live_xml != NULL)
    *live_xml = g_steal_pointer (&pair->live);
  if (config_xml != NULL)
    *config_xml = g_steal_pointer (&pair->config);
  xml_pair_free (pair);
  return TRUE;
}

/**
 * vsm_domain_disk_buses_async:
 *
 * The disk buses of virConnectGetDomainCapabilities() for the domain's
 * emulator, arch, machine and virt type, among virtio, sata, scsi, usb,
 * ide and fdc (in that order). When the driver cannot tell (the test
 * driver: "not supported"), virtio, sata, scsi, usb and ide.
 */
void
vsm_domain_disk_buses_async (VsmConnection       *connection,
                             const char          *domain_uuid,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  GTask *task;
  DomOp *op;

  g_return_if_fail (VSM_IS_CONNECTION (connection));
  g_return_if_fail (domain_uuid != NULL);

  task = new_op (connection, DOP_BUSES, domain_uuid, vsm_domain_disk_buses_async,
                 cancellable, callback, user_data, &op);
  if (task == NULL)
    return;
  g_task_run_in_thread (task, buses_thread);
  g_object_unref (task);
}

/**
 * vsm_domain_disk_buses_finish:
 *
 * Returns: (transfer full): the bus names, or %NULL with @error set
 */
GStrv
vsm_domain_disk_buses_finish (VsmConnection  *connection,
                              GAsyncResult   *result,
                              GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, connection), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
