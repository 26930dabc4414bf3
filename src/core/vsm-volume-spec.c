/* vsm-volume-spec.c
 *
 * Copyright 2026 Virt Storage developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vsm-volume-spec"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "vsm-error.h"
#include "vsm-volume-spec.h"
#include "vsm-pool-type.h"
#include "vsm-virsh.h"

VsmVolumeSpec *
vsm_volume_spec_new (void)
{
  return g_new0 (VsmVolumeSpec, 1);
}

void
vsm_volume_spec_free (VsmVolumeSpec *spec)
{
  if (spec == NULL)
    return;
  g_free (spec->name);
  g_free (spec->format);
  g_free (spec->backing_path);
  g_free (spec->backing_format);
  g_free (spec);
}

VsmVolumeSpec *
vsm_volume_spec_copy (const VsmVolumeSpec *spec)
{
  VsmVolumeSpec *copy = vsm_volume_spec_new ();

  copy->name = g_strdup (spec->name);
  copy->format = g_strdup (spec->format);
  copy->capacity = spec->capacity;
  copy->prealloc = spec->prealloc;
  copy->backing_path = g_strdup (spec->backing_path);
  copy->backing_format = g_strdup (spec->backing_format);
  return copy;
}

/**
 * vsm_volume_formats_for_pool:
 *
 * The volume formats the New Volume dialog offers for a pool type, the
 * recommended one first (from the pool-type table).
 */
const char * const *
vsm_volume_formats_for_pool (const char *pool_type)
{
  return vsm_pool_type_lookup (pool_type)->volume_formats;
}

/**
 * vsm_pool_type_can_create_volumes:
 *
 * From the pool-type table: iSCSI, SCSI and multipath pools expose LUNs
 * libvirt cannot create, and native Gluster pools refuse vol-create (seen
 * on libvirt 9.0).
 */
gboolean
vsm_pool_type_can_create_volumes (const char *pool_type)
{
  return pool_type != NULL && vsm_pool_type_lookup (pool_type)->can_create_volumes;
}

/* Disk pools name partitions after the device: /dev/sdb → sdb1,
 * /dev/loop0 or /dev/nvme0n1 → loop0p1 / nvme0n1p1. */
static char *
disk_partition_prefix (const char *disk_device)
{
  g_autofree char *base = g_path_get_basename (disk_device ? disk_device : "");
  gsize len = strlen (base);

  if (len > 0 && g_ascii_isdigit (base[len - 1]))
    return g_strconcat (base, "p", NULL);
  return g_steal_pointer (&base);
}

/**
 * vsm_volume_name_validate:
 * @existing: (nullable): names already in the pool
 *
 * libvirt's own checks come late (and for disk pools leak a partition on
 * a bad name), so the dialog validates first.
 */
gboolean
vsm_volume_name_validate (const char  *name,
                          const char  *pool_type,
                          const char  *disk_device,
                          GHashTable  *existing,
                          GError     **error)
{
  if (name == NULL || *name == '\0')
    {
      g_set_error_literal (error, VSM_ERROR, VSM_ERROR_INVALID_INPUT, _("Enter a name for the volume"));
      return FALSE;
    }
  if (strlen (name) > VSM_VOLUME_NAME_MAX)
    {
      g_set_error (error, VSM_ERROR, VSM_ERROR_INVALID_INPUT,
                   _("The name is too long (at most %d characters)"), VSM_VOLUME_NAME_MAX);
      return FALSE;
    }
  if (!g_utf8_validate (name, -1, NULL))
    {
      g_set_error_literal (error, VSM_ERROR, VSM_ERROR_INVALID_INPUT, _("The name is not valid text"));
      return FALSE;
    }
  for (const char *p = name; *p; p++)
    {
      if (*p == '/')
        {
          g_set_error_literal (error, VSM_ERROR, VSM_ERROR_INVALID_INPUT, _("The name cannot contain “/”"));
          return FALSE;
        }
      if (g_ascii_iscntrl (*p))
        {
          g_set_error_literal (error, VSM_ERROR, VSM_ERROR_INVALID_INPUT,
                               _("The name cannot contain line breaks or control characters"));
          return FALSE;
        }
    }
  if (g_str_equal (name, ".") || g_str_equal (name, ".."))
    {
      g_set_error (error, VSM_ERROR, VSM_ERROR_INVALID_INPUT, _("“%s” cannot be used as a name"), name);
      return FALSE;
    }
  if (name[0] == ' ' || name[strlen (name) - 1] == ' ')
    {
      g_set_error_literal (error, VSM_ERROR, VSM_ERROR_INVALID_INPUT,
                           _("The name cannot start or end with a space"));
      return FALSE;
    }
  if (existing != NULL && g_hash_table_contains (existing, name))
    {
      g_set_error (error, VSM_ERROR, VSM_ERROR_EXISTS, _("A volume named “%s” already exists in this pool"), name);
      return FALSE;
    }
  if (g_strcmp0 (pool_type, "disk") == 0)
    {
      g_autofree char *prefix = disk_partition_prefix (disk_device);
      const char *rest;

      if (!g_str_has_prefix (name, prefix) || name[strlen (prefix)] == '\0')
        goto bad_partition;
      for (rest = name + strlen (prefix); *rest; rest++)
        if (!g_ascii_isdigit (*rest))
          goto bad_partition;
      return TRUE;

    bad_partition:
      g_set_error (error, VSM_ERROR, VSM_ERROR_INVALID_INPUT,
                   _("Partitions of this disk must be named %sN, for example %s1"), prefix, prefix);
      return FALSE;
    }
  if (g_strcmp0 (pool_type, "logical") == 0)
    {
      /* LVM: letters, digits and + _ . - only, not starting with '-'. */
      if (name[0] == '-')
        goto bad_lvm;
      for (const char *p = name; *p; p++)
        if (!g_ascii_isalnum (*p) && strchr ("+_.-", *p) == NULL)
          goto bad_lvm;
      return TRUE;

    bad_lvm:
      g_set_error_literal (error, VSM_ERROR, VSM_ERROR_INVALID_INPUT,
                           _("Logical volume names may only use letters, digits and + _ . -"));
      return FALSE;
    }
  return TRUE;
}

/**
 * vsm_volume_suggest_name:
 *
 * The next free partition name for disk pools; otherwise @base with the
 * format as extension, numbered if taken ("disk.qcow2", "disk-2.qcow2").
 */
char *
vsm_volume_suggest_name (const char *pool_type,
                         const char *disk_device,
                         const char *base,
                         GHashTable *existing,
                         const char *format)
{
  if (g_strcmp0 (pool_type, "disk") == 0)
    {
      g_autofree char *prefix = disk_partition_prefix (disk_device);

      for (guint i = 1; i < 1000; i++)
        {
          g_autofree char *name = g_strdup_printf ("%s%u", prefix, i);
          if (existing == NULL || !g_hash_table_contains (existing, name))
            return g_steal_pointer (&name);
        }
      return g_strdup_printf ("%s1", prefix);
    }

  for (guint i = 1; i < 10000; i++)
    {
      g_autofree char *stem = i == 1 ? g_strdup (base) : g_strdup_printf ("%s-%u", base, i);
      g_autofree char *name = NULL;

      if (format != NULL && *format && g_strcmp0 (pool_type, "logical") != 0 && g_strcmp0 (format, "none") != 0)
        name = g_strdup_printf ("%s.%s", stem, format);
      else
        name = g_steal_pointer (&stem);
      if (existing == NULL || !g_hash_table_contains (existing, name))
        return g_steal_pointer (&name);
    }
  return g_strdup (base);
}

/**
 * vsm_volume_xml_build:
 *
 * Builds `<volume>` XML (validated against libvirt's storagevol.rng in the
 * tests). Every text is escaped.
 */
char *
vsm_volume_xml_build (const VsmVolumeSpec *spec)
{
  g_autoptr(GString) xml = g_string_new ("<volume>\n");
  guint64 allocation = spec->prealloc == VSM_PREALLOC_FULL ? spec->capacity : 0;
  g_autofree char *name = g_markup_escape_text (spec->name ? spec->name : "", -1);

  g_string_append_printf (xml, "  <name>%s</name>\n", name);
  g_string_append_printf (xml, "  <capacity unit='bytes'>%" G_GUINT64_FORMAT "</capacity>\n", spec->capacity);
  g_string_append_printf (xml, "  <allocation unit='bytes'>%" G_GUINT64_FORMAT "</allocation>\n", allocation);
  if (spec->format != NULL && *spec->format)
    {
      g_autofree char *fmt = g_markup_escape_text (spec->format, -1);
      g_string_append_printf (xml, "  <target>\n    <format type='%s'/>\n  </target>\n", fmt);
    }
  else
    g_string_append (xml, "  <target/>\n");  /* storagevol.rng requires <target> */
  if (spec->backing_path != NULL && *spec->backing_path)
    {
      g_autofree char *path = g_markup_escape_text (spec->backing_path, -1);
      g_string_append_printf (xml, "  <backingStore>\n    <path>%s</path>\n", path);
      if (spec->backing_format != NULL && *spec->backing_format)
        {
          g_autofree char *bfmt = g_markup_escape_text (spec->backing_format, -1);
          g_string_append_printf (xml, "    <format type='%s'/>\n", bfmt);
        }
      g_string_append (xml, "  </backingStore>\n");
    }
  g_string_append (xml, "</volume>\n");
  return g_string_free (g_steal_pointer (&xml), FALSE);
}

/**
 * vsm_volume_format_preallocs:
 * @pool_type: the pool's type
 * @format: (nullable): a volume format, %NULL for pools without formats
 * @backed: the volume has a backing volume
 * @n: (out): how many
 *
 * The allocations New Volume offers, as libvirt 9.0 creates the volume:
 * a raw file (and a volume of a pool without formats) gets its whole
 * allocation written now or none; qcow2 also takes metadata only, and
 * Full through --prealloc-metadata with allocation = capacity (qemu-img's
 * preallocation=falloc). libvirt ignores the allocation of the other
 * qemu-img formats (vmdk, vdi, vpc, qed, iso): they are only thin. A
 * volume with a backing volume is thin (libvirt refuses preallocation
 * with a backing store). A logical volume below its capacity would be an
 * old-style snapshot LV whose little copy-on-write space fills up, and a
 * partition is always whole: for LVM and disk pools only Full.
 *
 * Returns: (array length=n): the choices, thin first where there is one
 */
const VsmPrealloc *
vsm_volume_format_preallocs (const char *pool_type,
                             const char *format,
                             gboolean    backed,
                             guint      *n)
{
  static const VsmPrealloc qcow2[] = { VSM_PREALLOC_OFF, VSM_PREALLOC_FULL, VSM_PREALLOC_METADATA };
  static const VsmPrealloc raw[] = { VSM_PREALLOC_OFF, VSM_PREALLOC_FULL };
  static const VsmPrealloc thin[] = { VSM_PREALLOC_OFF };
  static const VsmPrealloc full[] = { VSM_PREALLOC_FULL };
  static const char * const thin_only[] = { "vmdk", "vdi", "vpc", "qed", "iso", NULL };
  const VsmPrealloc *ret = raw;

  *n = G_N_ELEMENTS (raw);
  if (g_strcmp0 (pool_type, "logical") == 0 || g_strcmp0 (pool_type, "disk") == 0)
    {
      *n = G_N_ELEMENTS (full);
      ret = full;
    }
  else if (backed || (format != NULL && g_strv_contains (thin_only, format)))
    {
      *n = G_N_ELEMENTS (thin);
      ret = thin;
    }
  else if (g_strcmp0 (format, "qcow2") == 0)
    {
      *n = G_N_ELEMENTS (qcow2);
      ret = qcow2;
    }
  return ret;
}

/**
 * vsm_volume_spec_prealloc_metadata:
 *
 * Returns: whether the volume is created with
 *   VIR_STORAGE_VOL_CREATE_PREALLOC_METADATA (`--prealloc-metadata`): a
 *   qcow2 volume with metadata only (libvirt's qemu-img runs with
 *   preallocation=metadata) or full (allocation = capacity:
 *   preallocation=falloc; without the flag libvirt would leave it thin)
 */
gboolean
vsm_volume_spec_prealloc_metadata (const VsmVolumeSpec *spec)
{
  return (spec->prealloc == VSM_PREALLOC_METADATA || spec->prealloc == VSM_PREALLOC_FULL) &&
         g_strcmp0 (spec->format, "qcow2") == 0;
}

/**
 * vsm_volume_create_as_command:
 * @uri: (nullable): the connection URI, omitted for qemu:///system
 *
 * The equivalent `virsh vol-create-as` line, for the review area.
 */
char *
vsm_volume_create_as_command (const char          *uri,
                              const char          *pool_name,
                              const VsmVolumeSpec *spec)
{
  g_autoptr(GString) cmd = vsm_virsh_new (uri);
  g_autofree char *qpool = vsm_virsh_quote (pool_name);
  g_autofree char *qname = vsm_virsh_quote (spec->name);
  g_string_append_printf (cmd, " vol-create-as %s %s %" G_GUINT64_FORMAT "B", qpool, qname, spec->capacity);
  g_string_append_printf (cmd, " --allocation %" G_GUINT64_FORMAT "B",
                          spec->prealloc == VSM_PREALLOC_FULL ? spec->capacity : 0);
  if (spec->format != NULL && *spec->format)
    g_string_append_printf (cmd, " --format %s", spec->format);
  if (spec->backing_path != NULL && *spec->backing_path)
    {
      g_autofree char *qb = vsm_virsh_quote (spec->backing_path);
      g_string_append_printf (cmd, " --backing-vol %s", qb);
      if (spec->backing_format != NULL)
        g_string_append_printf (cmd, " --backing-vol-format %s", spec->backing_format);
    }
  if (vsm_volume_spec_prealloc_metadata (spec))
    g_string_append (cmd, " --prealloc-metadata");
  return g_string_free (g_steal_pointer (&cmd), FALSE);
}

/**
 * vsm_volume_clone_command:
 * @uri: (nullable): the connection URI, omitted for qemu:///system
 * @source_format: (nullable): the source volume's format
 * @spec: the copy, as the clone sends it
 *
 * The virsh line of a clone: `vol-clone` when the copy stays in the
 * source's pool with the source's format (what vol-clone can do), else
 * `vol-create-from TARGET-POOL FILE --inputpool SOURCE-POOL VOLUME` with
 * the copy's XML, the same the app sends, given on standard input.
 */
char *
vsm_volume_clone_command (const char          *uri,
                          const char          *source_pool,
                          const char          *source_name,
                          const char          *source_format,
                          const char          *target_pool,
                          const VsmVolumeSpec *spec)
{
  g_autofree char *xml = NULL;
  g_autofree char *line = NULL;

  if (g_strcmp0 (source_pool, target_pool) == 0 &&
      (spec->format == NULL || g_strcmp0 (spec->format, source_format) == 0))
    return vsm_virsh_line (uri, "vol-clone", "--pool", source_pool, source_name, spec->name, NULL);
  xml = vsm_volume_xml_build (spec);
  line = vsm_virsh_line (uri, "vol-create-from", target_pool, "/dev/stdin", "--inputpool", source_pool,
                         source_name, NULL);
  return g_strdup_printf ("%s <<'EOF'\n%sEOF", line, xml);
}

/**
 * vsm_volume_format_has_metadata:
 *
 * Whether a volume of @format carries a header of its own (qcow2, qed,
 * vmdk, vdi, vpc): libvirt's vol-wipe overwrites it too, leaving plain
 * zeros that are no longer a volume of that format.
 */
gboolean
vsm_volume_format_has_metadata (const char *format)
{
  static const char * const with_header[] = { "qcow2", "qcow", "qed", "vmdk", "vdi", "vpc", "vhdx", NULL };

  return format != NULL && g_strv_contains (with_header, format);
}
