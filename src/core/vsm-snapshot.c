/* vsm-snapshot.c
 *
 * Copyright 2026 Virt Storage developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vsm-snapshot"

#include "config.h"

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <string.h>

#include "vsm-describe-private.h"
#include "vsm-snapshot.h"
#include "vsm-xml-private.h"

void
vsm_pool_snapshot_free (VsmPoolSnapshot *snap)
{
  if (snap == NULL)
    return;
  g_free (snap->uuid);
  g_free (snap->name);
  g_free (snap->type);
  g_free (snap->target_path);
  g_free (snap->source);
  g_free (snap->source_format);
  g_free (snap->source_device);
  g_free (snap->source_key);
  g_free (snap);
}

void
vsm_volume_snapshot_free (VsmVolumeSnapshot *snap)
{
  if (snap == NULL)
    return;
  g_free (snap->name);
  g_free (snap->key);
  g_free (snap->path);
  g_free (snap->type);
  g_free (snap->format);
  g_free (snap->backing_path);
  g_free (snap->encryption);
  g_free (snap);
}

void
vsm_disk_snapshot_free (VsmDiskSnapshot *snap)
{
  if (snap == NULL)
    return;
  g_free (snap->type);
  g_free (snap->device);
  g_free (snap->source);
  g_free (snap->source_text);
  g_free (snap->pool);
  g_free (snap->volume);
  g_free (snap->target_dev);
  g_free (snap->target_bus);
  g_free (snap);
}

VsmDiskSnapshot *
vsm_disk_snapshot_copy (const VsmDiskSnapshot *snap)
{
  VsmDiskSnapshot *copy = g_new0 (VsmDiskSnapshot, 1);

  copy->type = g_strdup (snap->type);
  copy->device = g_strdup (snap->device);
  copy->source = g_strdup (snap->source);
  copy->source_text = g_strdup (snap->source_text);
  copy->pool = g_strdup (snap->pool);
  copy->volume = g_strdup (snap->volume);
  copy->target_dev = g_strdup (snap->target_dev);
  copy->target_bus = g_strdup (snap->target_bus);
  copy->readonly = snap->readonly;
  return copy;
}

void
vsm_domain_snapshot_free (VsmDomainSnapshot *snap)
{
  if (snap == NULL)
    return;
  g_free (snap->uuid);
  g_free (snap->name);
  g_clear_pointer (&snap->disks, g_ptr_array_unref);
  g_free (snap);
}

/* <capacity unit='bytes'>N</capacity>; libvirt always writes bytes in
 * dumpxml output but fixtures may use other units. Units as libvirt's
 * virScaleInteger() reads them, case-insensitively: b, byte, bytes; a bare
 * k, m, g, t, p or e, or with "iB", for powers of 1024; with "B" for
 * powers of 1000. Anything else counts as bytes; too large saturates. */
static guint64
scaled (xmlNodePtr node)
{
  static const char prefixes[] = "kmgtpe";
  g_autofree char *t = _vsm_xml_text (node);
  g_autofree char *unit = _vsm_xml_prop (node, "unit");
  const char *prefix;
  guint64 v;
  guint64 factor = 1;

  if (t == NULL || !g_ascii_isdigit (t[0]))
    return 0;
  v = g_ascii_strtoull (t, NULL, 10);
  if (unit != NULL && unit[0] != '\0' &&
      (prefix = strchr (prefixes, g_ascii_tolower (unit[0]))) != NULL)
    {
      guint64 base = 0;

      if (unit[1] == '\0' || g_ascii_strcasecmp (unit + 1, "iB") == 0)
        base = 1024;
      else if (g_ascii_strcasecmp (unit + 1, "B") == 0)
        base = 1000;
      for (const char *p = prefixes; base != 0 && p <= prefix; p++)
        factor *= base;
    }
  if (v != 0 && factor > G_MAXUINT64 / v)
    return G_MAXUINT64;
  return v * factor;
}

/* The raw names of a pool's <source>, one per line (see VsmPoolSnapshot):
 * the words of vsm-describe.c are for reading, this is for comparing. */
static char *
source_key (xmlNodePtr source)
{
  static const struct { const char *element, *attr; } parts[] = {
    { "host", "name" }, { "dir", "path" }, { "name", NULL }, { "device", "path" },
  };
  GString *key = g_string_new (NULL);

  for (xmlNodePtr c = source != NULL ? source->children : NULL; c != NULL; c = c->next)
    {
      if (c->type != XML_ELEMENT_NODE)
        continue;
      for (guint i = 0; i < G_N_ELEMENTS (parts); i++)
        if (xmlStrEqual (c->name, (const xmlChar *) parts[i].element))
          {
            g_autofree char *value = parts[i].attr != NULL ? _vsm_xml_prop (c, parts[i].attr)
                                                           : _vsm_xml_text_nonempty (c);

            if (value != NULL && strchr (value, '\n') == NULL)
              g_string_append_printf (key, "%s\t%s\n", parts[i].element, value);
          }
    }
  if (key->len == 0)
    {
      g_string_free (key, TRUE);
      return NULL;
    }
  return g_string_free (key, FALSE);
}

/**
 * vsm_pool_source_key_values:
 * @key: a VsmPoolSnapshot's source_key (may be NULL)
 * @kind: "host", "dir", "name" or "device"
 *
 * Returns: (transfer full): every value the pool's source names as @kind,
 *   in libvirt's order (an LVM pool's devices, say); never %NULL
 */
GStrv
vsm_pool_source_key_values (const char *key,
                            const char *kind)
{
  g_auto(GStrv) lines = g_strsplit (key != NULL ? key : "", "\n", -1);
  g_autofree char *prefix = g_strconcat (kind, "\t", NULL);
  g_autoptr(GStrvBuilder) values = g_strv_builder_new ();

  for (guint i = 0; lines[i] != NULL; i++)
    if (g_str_has_prefix (lines[i], prefix))
      g_strv_builder_add (values, lines[i] + strlen (prefix));
  return g_strv_builder_end (values);
}

/**
 * vsm_pool_source_key_has:
 * @key: a VsmPoolSnapshot's source_key (may be NULL)
 * @kind: "host", "dir", "name" or "device"
 *
 * Whether the pool's source names exactly @value as @kind.
 */
gboolean
vsm_pool_source_key_has (const char *key,
                         const char *kind,
                         const char *value)
{
  g_autofree char *lines = NULL;
  g_autofree char *line = NULL;

  if (key == NULL || kind == NULL || value == NULL)
    return FALSE;
  /* a whole line: each one between two newlines */
  lines = g_strconcat ("\n", key, NULL);
  line = g_strdup_printf ("\n%s\t%s\n", kind, value);
  return strstr (lines, line) != NULL;
}

/**
 * vsm_pool_snapshot_parse_xml:
 *
 * Fills the fields only the XML carries: type, target path, the source in
 * words, its format and first device, the names it holds (source_key).
 */
gboolean
vsm_pool_snapshot_parse_xml (VsmPoolSnapshot *snap,
                             const char      *xml,
                             gsize            len)
{
  xmlDocPtr doc = _vsm_xml_parse (xml, len, FALSE);
  xmlNodePtr root, source, target;

  if (doc == NULL)
    return FALSE;
  root = xmlDocGetRootElement (doc);
  if (root == NULL || strcmp ((const char *) root->name, "pool") != 0)
    {
      xmlFreeDoc (doc);
      return FALSE;
    }

  g_free (snap->type);
  snap->type = _vsm_xml_prop (root, "type");

  target = _vsm_xml_child (root, "target");
  g_free (snap->target_path);
  snap->target_path = _vsm_xml_text (_vsm_xml_child (target, "path"));

  /* Refreshing a snapshot must not keep anything of an old source. */
  source = _vsm_xml_child (root, "source");
  g_free (snap->source);
  snap->source = _vsm_describe_pool_source (snap->type, source);
  g_free (snap->source_format);
  snap->source_format = _vsm_xml_prop (_vsm_xml_child (source, "format"), "type");
  g_free (snap->source_device);
  snap->source_device = _vsm_xml_prop (_vsm_xml_child (source, "device"), "path");
  g_free (snap->source_key);
  snap->source_key = source_key (source);

  xmlFreeDoc (doc);
  return TRUE;
}

/**
 * vsm_volume_snapshot_new_from_xml:
 *
 * One `virStorageVolGetXMLDesc` carries everything the volume list shows
 * (name, key, path, type, format, capacity, allocation, backing store), so
 * the loader makes a single RPC per volume instead of GetInfo + GetPath +
 * GetXMLDesc.
 */
VsmVolumeSnapshot *
vsm_volume_snapshot_new_from_xml (const char *xml,
                                  gsize       len)
{
  xmlDocPtr doc = _vsm_xml_parse (xml, len, FALSE);
  xmlNodePtr root, target, backing;
  VsmVolumeSnapshot *snap;

  if (doc == NULL)
    return NULL;
  root = xmlDocGetRootElement (doc);
  if (root == NULL || strcmp ((const char *) root->name, "volume") != 0)
    {
      xmlFreeDoc (doc);
      return NULL;
    }

  snap = g_new0 (VsmVolumeSnapshot, 1);
  snap->type = _vsm_xml_prop (root, "type");
  snap->name = _vsm_xml_text (_vsm_xml_child (root, "name"));
  snap->key = _vsm_xml_text (_vsm_xml_child (root, "key"));
  snap->capacity = scaled (_vsm_xml_child (root, "capacity"));
  snap->allocation = scaled (_vsm_xml_child (root, "allocation"));
  target = _vsm_xml_child (root, "target");
  snap->path = _vsm_xml_text (_vsm_xml_child (target, "path"));
  snap->format = _vsm_xml_prop (_vsm_xml_child (target, "format"), "type");
  backing = _vsm_xml_child (root, "backingStore");
  snap->backing_path = _vsm_xml_text (_vsm_xml_child (backing, "path"));
  snap->encryption = _vsm_xml_prop (_vsm_xml_child (target, "encryption"), "format");
  snap->has_details = TRUE;

  if (snap->name == NULL)
    snap->name = g_strdup ("");
  if (snap->type == NULL)
    snap->type = g_strdup ("file");

  xmlFreeDoc (doc);
  return snap;
}

/**
 * vsm_volume_details_from_xml:
 *
 * Everything a volume's details show, read from one `vol-dumpxml`: the
 * list's snapshot plus <physical>, the backing file's format, qcow2's
 * compat level and features, and <permissions>.
 *
 * Returns: (transfer full) (nullable): %NULL if @xml is not a volume
 */
VsmVolumeDetails *
vsm_volume_details_from_xml (const char *xml)
{
  g_autoptr(VsmVolumeSnapshot) volume = vsm_volume_snapshot_new_from_xml (xml, strlen (xml));
  g_autoptr(GPtrArray) features = g_ptr_array_new ();
  VsmVolumeDetails *d;
  xmlDocPtr doc;
  xmlNodePtr root, target, perms, physical;

  if (volume == NULL || (doc = _vsm_xml_parse (xml, -1, FALSE)) == NULL)
    return NULL;
  d = g_new0 (VsmVolumeDetails, 1);
  d->volume = g_steal_pointer (&volume);
  root = xmlDocGetRootElement (doc);
  if ((physical = _vsm_xml_child (root, "physical")) != NULL)
    {
      d->physical = scaled (physical);
      d->has_physical = TRUE;
    }
  d->backing_format = _vsm_xml_prop (_vsm_xml_child (_vsm_xml_child (root, "backingStore"), "format"), "type");
  target = _vsm_xml_child (root, "target");
  d->compat = _vsm_xml_text_nonempty (_vsm_xml_child (target, "compat"));
  for (xmlNodePtr f = _vsm_xml_child (target, "features") ? _vsm_xml_child (target, "features")->children : NULL;
       f != NULL; f = f->next)
    if (f->type == XML_ELEMENT_NODE)
      g_ptr_array_add (features, g_strdup ((const char *) f->name));
  g_ptr_array_add (features, NULL);
  d->features = (GStrv) g_ptr_array_steal (features, NULL);
  perms = _vsm_xml_child (target, "permissions");
  d->owner = _vsm_xml_text_nonempty (_vsm_xml_child (perms, "owner"));
  d->group = _vsm_xml_text_nonempty (_vsm_xml_child (perms, "group"));
  d->mode = _vsm_xml_text_nonempty (_vsm_xml_child (perms, "mode"));
  d->label = _vsm_xml_text_nonempty (_vsm_xml_child (perms, "label"));
  xmlFreeDoc (doc);
  return d;
}

void
vsm_volume_details_free (VsmVolumeDetails *details)
{
  if (details == NULL)
    return;
  vsm_volume_snapshot_free (details->volume);
  g_free (details->backing_format);
  g_free (details->compat);
  g_strfreev (details->features);
  g_free (details->owner);
  g_free (details->group);
  g_free (details->mode);
  g_free (details->label);
  g_free (details);
}

/**
 * vsm_domain_disks_from_xml:
 *
 * Returns: (transfer full): the `<disk>` devices of a domain, or %NULL if
 * the XML is not a domain.
 */
GPtrArray *
vsm_domain_disks_from_xml (const char *xml,
                           gsize       len)
{
  xmlDocPtr doc = _vsm_xml_parse (xml, len, FALSE);
  xmlNodePtr root, devices;
  GPtrArray *disks;

  if (doc == NULL)
    return NULL;
  root = xmlDocGetRootElement (doc);
  if (root == NULL || strcmp ((const char *) root->name, "domain") != 0)
    {
      xmlFreeDoc (doc);
      return NULL;
    }

  disks = g_ptr_array_new_with_free_func ((GDestroyNotify) vsm_disk_snapshot_free);
  devices = _vsm_xml_child (root, "devices");
  for (xmlNodePtr c = devices ? devices->children : NULL; c != NULL; c = c->next)
    {
      VsmDiskSnapshot *d;
      xmlNodePtr source, target;

      if (c->type != XML_ELEMENT_NODE || strcmp ((const char *) c->name, "disk") != 0)
        continue;

      d = g_new0 (VsmDiskSnapshot, 1);
      d->type = _vsm_xml_prop (c, "type");
      d->device = _vsm_xml_prop (c, "device");
      source = _vsm_xml_child (c, "source");
      if (source != NULL)
        {
          d->source = _vsm_xml_prop (source, "file");
          if (d->source == NULL)
            d->source = _vsm_xml_prop (source, "dev");
          if (d->source == NULL)
            d->source = _vsm_xml_prop (source, "dir");
          if (d->source == NULL)
            d->source = _vsm_xml_prop (source, "name");
          d->pool = _vsm_xml_prop (source, "pool");
          d->volume = _vsm_xml_prop (source, "volume");
        }
      d->source_text = _vsm_describe_disk_source (c);
      target = _vsm_xml_child (c, "target");
      d->target_dev = _vsm_xml_prop (target, "dev");
      d->target_bus = _vsm_xml_prop (target, "bus");
      d->readonly = _vsm_xml_child (c, "readonly") != NULL;
      if (d->device == NULL)
        d->device = g_strdup ("disk");
      g_ptr_array_add (disks, d);
    }

  xmlFreeDoc (doc);
  return disks;
}
