/* vsm-domain-xml.c
 *
 * Reading and editing a domain's XML for the disk operations: find a
 * drive, serialise it for a detach, replace a medium, the bus of a drive,
 * and the disk buses a <domainCapabilities> offers. Pure (libxml2): the
 * service's workers call it on the XML libvirt gave them; the fuzz targets
 * call it directly.
 *
 * Copyright 2026 Virt Storage developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <string.h>

#include "vsm-domain-xml.h"
#include "vsm-error.h"
#include "vsm-xml-private.h"

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

/* The domain with its <disk> @target removed (@disk_xml NULL), replaced by
 * @disk_xml, or (@target NULL) with @disk_xml added to its <devices>. */
char *
_vsm_domain_xml_edit_disk (const char  *domain_xml,
                           const char  *target,
                           const char  *disk_xml,
                           GError     **error)
{
  xmlDocPtr doc = _vsm_xml_parse (domain_xml, -1, TRUE);
  xmlDocPtr disk_doc = disk_xml != NULL ? _vsm_xml_parse (disk_xml, -1, TRUE) : NULL;
  xmlNodePtr devices = doc ? _vsm_xml_child (xmlDocGetRootElement (doc), "devices") : NULL;
  xmlNodePtr old = target != NULL ? find_disk (doc, target) : NULL;
  xmlNodePtr added = NULL;
  char *ret = NULL;

  if (devices == NULL || (disk_xml != NULL && disk_doc == NULL))
    {
      g_set_error_literal (error, VSM_ERROR, VSM_ERROR_FAILED, _("Could not read the domain XML"));
      goto out;
    }
  if (target != NULL && old == NULL)
    {
      g_set_error (error, VSM_ERROR, VSM_ERROR_NOT_FOUND, _("The domain has no disk “%s”"), target);
      goto out;
    }
  if (disk_doc != NULL)
    added = xmlDocCopyNode (xmlDocGetRootElement (disk_doc), doc, 1);
  if (old != NULL && added != NULL)
    xmlReplaceNode (old, added);
  else if (added != NULL)
    xmlAddChild (devices, added);
  else
    xmlUnlinkNode (old);
  if (old != NULL)
    xmlFreeNode (old);
  ret = dump_node (doc, xmlDocGetRootElement (doc));

out:
  if (disk_doc != NULL)
    xmlFreeDoc (disk_doc);
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
      /* An empty drive keeps its type, as `virsh change-media --eject`
       * leaves it: a drive that takes the pool's volumes stays
       * type='volume' and the next medium is again a volume. Only types
       * whose empty form libvirt refuses (network, …) become 'file'. */
      g_autofree char *type = _vsm_xml_prop (disk, "type");

      if (g_strcmp0 (type, "volume") != 0 && g_strcmp0 (type, "block") != 0)
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

/* The bus of the drive @target of @domain_xml, or NULL. */
char *
_vsm_domain_drive_bus (const char *domain_xml,
                       const char *target)
{
  xmlDocPtr doc = _vsm_xml_parse (domain_xml, -1, TRUE);
  char *bus = _vsm_xml_prop (_vsm_xml_child (find_disk (doc, target), "target"), "bus");

  if (doc != NULL)
    xmlFreeDoc (doc);
  return bus;
}

/* virtio first (fastest), then the SCSI/SATA/USB family, IDE and fdc. */
static const char * const known_buses[] = { "virtio", "sata", "scsi", "usb", "ide", "fdc", NULL };

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
