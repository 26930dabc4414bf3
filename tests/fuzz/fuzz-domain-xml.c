/* fuzz-domain-xml.c: the readers of a domain's XML
 *
 *  - vsm_domain_disks_from_xml: the disk list of the Machines view and the
 *    attach dialog (VsmDomain's disks), with the words of each source
 *    (vsm-describe.c);
 *  - _vsm_domain_xml_has_target, _vsm_domain_disk_device_xml: detach (the
 *    <disk> sent back to libvirt) and the wait for a target to appear or
 *    leave;
 *  - _vsm_domain_media_xml: the CD-ROM/floppy <disk> with a new medium;
 *  - _vsm_domain_caps_query: what the domain capabilities are asked with.
 *
 * Copyright 2026 Virt Storage developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "fuzz-common.h"
#include "vsm-domain-xml.h"
#include "vsm-error.h"
#include "vsm-snapshot.h"

static gboolean
disks_equal (const VsmDiskSnapshot *a,
             const VsmDiskSnapshot *b)
{
  return g_strcmp0 (a->type, b->type) == 0 &&
         g_strcmp0 (a->device, b->device) == 0 &&
         g_strcmp0 (a->source, b->source) == 0 &&
         g_strcmp0 (a->pool, b->pool) == 0 &&
         g_strcmp0 (a->volume, b->volume) == 0 &&
         g_strcmp0 (a->target_dev, b->target_dev) == 0 &&
         g_strcmp0 (a->target_bus, b->target_bus) == 0 &&
         a->readonly == b->readonly;
}

static void
append_disk (GString               *out,
             const VsmDiskSnapshot *d)
{
  g_string_append (out, "<disk");
  fuzz_append_attr (out, "type", d->type);
  fuzz_append_attr (out, "device", d->device);
  g_string_append (out, ">");
  if (d->source != NULL || d->pool != NULL || d->volume != NULL)
    {
      g_string_append (out, "<source");
      fuzz_append_attr (out, "file", d->source);
      fuzz_append_attr (out, "pool", d->pool);
      fuzz_append_attr (out, "volume", d->volume);
      g_string_append (out, "/>");
    }
  if (d->target_dev != NULL || d->target_bus != NULL)
    {
      g_string_append (out, "<target");
      fuzz_append_attr (out, "dev", d->target_dev);
      fuzz_append_attr (out, "bus", d->target_bus);
      g_string_append (out, "/>");
    }
  if (d->readonly)
    g_string_append (out, "<readonly/>");
  g_string_append (out, "</disk>");
}

/* The disks of a domain made of @devices. */
static GPtrArray *
disks_of_devices (const char *devices)
{
  g_autofree char *xml = g_strconcat ("<domain type='kvm'><devices>", devices, "</devices></domain>", NULL);

  return vsm_domain_disks_from_xml (xml, strlen (xml));
}

static const VsmDiskSnapshot *
first_with_target (GPtrArray  *disks,
                   const char *target)
{
  for (guint i = 0; i < disks->len; i++)
    {
      const VsmDiskSnapshot *d = g_ptr_array_index (disks, i);

      if (g_strcmp0 (d->target_dev, target) == 0)
        return d;
    }
  return NULL;
}

static void
check_media (const char            *xml,
             const VsmDiskSnapshot *d)
{
  gboolean changeable = g_strcmp0 (d->device, "cdrom") == 0 || g_strcmp0 (d->device, "floppy") == 0;
  g_autoptr(VsmDiskSpec) iso = vsm_disk_spec_new ();
  g_autoptr(VsmDiskSpec) vol = vsm_disk_spec_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *inserted = NULL;
  g_autofree char *from_volume = NULL;
  g_autofree char *ejected = NULL;

  iso->source_kind = VSM_DISK_SOURCE_FILE;
  iso->path = g_strdup ("/var/lib/libvirt/images/new & <improved>.iso");
  iso->driver_type = g_strdup ("raw");
  vol->source_kind = VSM_DISK_SOURCE_VOLUME;
  vol->pool = g_strdup ("iso's");
  vol->volume = g_strdup ("d\"q.iso");

  inserted = _vsm_domain_media_xml (xml, d->target_dev, iso, &error);
  if (!changeable)
    {
      FUZZ_CHECK (inserted == NULL);
      FUZZ_CHECK (g_error_matches (error, VSM_ERROR, VSM_ERROR_INVALID_INPUT));
      return;
    }
  FUZZ_CHECK (inserted != NULL && error == NULL);
  from_volume = _vsm_domain_media_xml (xml, d->target_dev, vol, NULL);
  ejected = _vsm_domain_media_xml (xml, d->target_dev, NULL, NULL);
  FUZZ_CHECK (from_volume != NULL && ejected != NULL);

  /* Each is one <disk>: the same drive, with only the medium changed. */
  {
    g_autoptr(GPtrArray) a = disks_of_devices (inserted);
    g_autoptr(GPtrArray) b = disks_of_devices (from_volume);
    g_autoptr(GPtrArray) c = disks_of_devices (ejected);
    const VsmDiskSnapshot *da, *db, *dc;

    FUZZ_CHECK (a != NULL && a->len == 1);
    FUZZ_CHECK (b != NULL && b->len == 1);
    FUZZ_CHECK (c != NULL && c->len == 1);
    da = g_ptr_array_index (a, 0);
    db = g_ptr_array_index (b, 0);
    dc = g_ptr_array_index (c, 0);

    FUZZ_CHECK (g_strcmp0 (da->type, "file") == 0 && g_strcmp0 (da->source, iso->path) == 0);
    FUZZ_CHECK (g_strcmp0 (db->type, "volume") == 0 && g_strcmp0 (db->pool, vol->pool) == 0 &&
                g_strcmp0 (db->volume, vol->volume) == 0);
    /* an ejected drive keeps its type where libvirt takes it empty */
    FUZZ_CHECK ((g_strcmp0 (d->type, "volume") == 0 || g_strcmp0 (d->type, "block") == 0
                 ? g_strcmp0 (dc->type, d->type) == 0 : g_strcmp0 (dc->type, "file") == 0) &&
                dc->source == NULL &&
                dc->pool == NULL && dc->volume == NULL);
    for (guint i = 0; i < 3; i++)
      {
        const VsmDiskSnapshot *n = i == 0 ? da : i == 1 ? db : dc;

        FUZZ_CHECK (g_strcmp0 (n->device, d->device) == 0);
        FUZZ_CHECK (g_strcmp0 (n->target_dev, d->target_dev) == 0);
        FUZZ_CHECK (g_strcmp0 (n->target_bus, d->target_bus) == 0);
        FUZZ_CHECK (n->readonly == d->readonly);
      }
  }
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autofree char *xml = fuzz_strdup (data, size);
  g_autoptr(GPtrArray) disks = vsm_domain_disks_from_xml (xml, strlen (xml));
  g_autoptr(GString) back = NULL;
  g_autofree char *emulator = NULL;
  g_autofree char *arch = NULL;
  g_autofree char *machine = NULL;
  g_autofree char *virttype = NULL;

  _vsm_domain_caps_query (xml, &emulator, &arch, &machine, &virttype);
  FUZZ_CHECK (fuzz_utf8_or_null (emulator) && fuzz_utf8_or_null (arch) &&
              fuzz_utf8_or_null (machine) && fuzz_utf8_or_null (virttype));

  if (disks == NULL)
    return 0;

  back = g_string_new (NULL);
  for (guint i = 0; i < disks->len; i++)
    {
      const VsmDiskSnapshot *d = g_ptr_array_index (disks, i);

      FUZZ_CHECK (d->device != NULL);
      FUZZ_CHECK (fuzz_utf8_or_null (d->type) && g_utf8_validate (d->device, -1, NULL) &&
                  fuzz_utf8_or_null (d->source) && fuzz_utf8_or_null (d->pool) &&
                  fuzz_utf8_or_null (d->volume) && fuzz_utf8_or_null (d->target_dev) &&
                  fuzz_utf8_or_null (d->target_bus) && fuzz_utf8_or_null (d->source_text));
      /* words, or none for an empty drive: never an empty text */
      FUZZ_CHECK (d->source_text == NULL || *d->source_text != '\0');
      append_disk (back, d);

      /* Detach finds the disk by its target and sends exactly it. */
      if (d->target_dev != NULL && d == first_with_target (disks, d->target_dev))
        {
          g_autofree char *device = _vsm_domain_disk_device_xml (xml, d->target_dev);
          g_autoptr(GPtrArray) alone = NULL;

          FUZZ_CHECK (_vsm_domain_xml_has_target (xml, d->target_dev));
          FUZZ_CHECK (device != NULL);
          alone = disks_of_devices (device);
          FUZZ_CHECK (alone != NULL && alone->len == 1);
          FUZZ_CHECK (disks_equal (g_ptr_array_index (alone, 0), d));
          /* the same <disk>, the same words */
          FUZZ_CHECK (g_strcmp0 (((VsmDiskSnapshot *) g_ptr_array_index (alone, 0))->source_text, d->source_text) == 0);

          check_media (xml, d);
        }
    }

  /* The list written back as a domain reads the same. */
  {
    g_autoptr(GPtrArray) again = disks_of_devices (back->str);

    FUZZ_CHECK (again != NULL && again->len == disks->len);
    for (guint i = 0; i < disks->len; i++)
      FUZZ_CHECK (disks_equal (g_ptr_array_index (again, i), g_ptr_array_index (disks, i)));
  }
  return 0;
}
