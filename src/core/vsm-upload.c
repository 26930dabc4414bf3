/* vsm-upload.c
 *
 * libvirt's upload (virStorageVolUpload, `virsh vol-upload`) copies the
 * file's bytes into the volume as they are: it converts nothing and never
 * truncates. A volume larger than the file keeps a tail of its own, so
 * the new volume is a raw container of exactly the file's size, whatever
 * the file holds. A qcow2 file stays a qcow2 image inside it: pools of
 * files (dir, fs, netfs) read each file's header when they list their
 * volumes, and libvirt refreshes the pool when an upload ends, so the
 * volume is then listed as qcow2 with the image's virtual size. Creating
 * it as qcow2 instead would make libvirt write an empty qcow2 image first
 * (qemu-img create), which the upload overwrites only as far as the file
 * goes.
 *
 * Copyright 2026 Virt Storage developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vsm-upload"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "vsm-error.h"
#include "vsm-pool-type.h"
#include "vsm-size.h"
#include "vsm-upload.h"
#include "vsm-virsh.h"

#define QCOW2_HEADER_MIN 32          /* magic … size: the fields read here */
#define QCOW2_BACKING_NAME_MAX 1023  /* qemu's limit on the backing file name */
#define ISO_ID_OFFSET 32769          /* ISO 9660: "CD001" in the first volume descriptor */
#define EXTENSION_MAX 16             /* longer "extensions" are part of the name */
#define NUMBER_ROOM 6                /* "-9999" and the NUL */

static guint64
read_be64 (const guint8 *p)
{
  guint64 v = 0;

  for (int i = 0; i < 8; i++)
    v = (v << 8) | p[i];
  return v;
}

static guint32
read_be32 (const guint8 *p)
{
  return ((guint32) p[0] << 24) | ((guint32) p[1] << 16) | ((guint32) p[2] << 8) | p[3];
}

/**
 * vsm_file_kind_detect:
 * @file_name: (nullable): the file's name (only its extension is read)
 * @head: the file's first @head_len bytes
 * @virtual_size: (out) (optional): a qcow2 image's virtual size, else 0
 * @backing_file: (out) (optional) (nullable): the backing file a qcow2
 *   header names, else %NULL
 *
 * What the file is, from its magic: "QFI\xfb" opens a qcow2 image, "CD001"
 * at byte 32769 marks an ISO 9660 image (as does the name *.iso);
 * anything else is raw data.
 */
VsmFileKind
vsm_file_kind_detect (const char    *file_name,
                      const guint8  *head,
                      gsize          head_len,
                      guint64       *virtual_size,
                      char         **backing_file)
{
  if (virtual_size != NULL)
    *virtual_size = 0;
  if (backing_file != NULL)
    *backing_file = NULL;

  if (head != NULL && head_len >= QCOW2_HEADER_MIN && memcmp (head, "QFI\xfb", 4) == 0)
    {
      guint64 offset = read_be64 (head + 8);
      guint32 length = read_be32 (head + 16);

      if (virtual_size != NULL)
        *virtual_size = read_be64 (head + 24);
      if (backing_file != NULL && offset > 0 && length > 0 && length <= QCOW2_BACKING_NAME_MAX &&
          offset < head_len && length <= head_len - offset)
        *backing_file = g_utf8_make_valid ((const char *) head + offset, length);
      return VSM_FILE_KIND_QCOW2;
    }
  if (head != NULL && head_len >= ISO_ID_OFFSET + 5 && memcmp (head + ISO_ID_OFFSET, "CD001", 5) == 0)
    return VSM_FILE_KIND_ISO;
  if (file_name != NULL)
    {
      g_autofree char *lower = g_ascii_strdown (file_name, -1);

      if (g_str_has_suffix (lower, ".iso"))
        return VSM_FILE_KIND_ISO;
    }
  return VSM_FILE_KIND_RAW;
}

/* Pools whose volumes are files (dir, fs, netfs, vstorage) take a raw
 * volume that stays sparse; the others (LVM, partitions, ZFS, Ceph, …)
 * are devices, allocated in full. */
static gboolean
pool_holds_files (const char *pool_type)
{
  const char * const *formats = vsm_volume_formats_for_pool (pool_type);

  return formats != NULL && g_strv_contains (formats, "raw");
}

/* Cuts @s to at most @max bytes, on a character boundary. */
static void
utf8_truncate (char  *s,
               gsize  max)
{
  gsize len = strlen (s);

  if (len <= max)
    return;
  while (max > 0 && ((guchar) s[max] & 0xc0) == 0x80)
    max--;
  s[max] = '\0';
}

/**
 * vsm_upload_propose_name:
 * @file_name: the chosen file (a path or its name)
 * @existing: (nullable): names already in the pool
 *
 * The volume name New Volume from File proposes: the file's name, made
 * acceptable to vsm_volume_name_validate() (control characters and what
 * LVM refuses become "_", at most %VSM_VOLUME_NAME_MAX bytes), numbered
 * before its extension when taken ("disk.img" → "disk-2.img"); for disk
 * pools the next free partition.
 */
char *
vsm_upload_propose_name (const char *file_name,
                         const char *pool_type,
                         const char *disk_device,
                         GHashTable *existing)
{
  gboolean lvm = g_strcmp0 (pool_type, "logical") == 0;
  g_autofree char *base = NULL;
  g_autoptr(GString) clean = g_string_new (NULL);
  g_autofree char *stem = NULL;
  g_autofree char *ext = NULL;
  const char *dot;

  if (g_strcmp0 (pool_type, "disk") == 0)
    return vsm_volume_suggest_name (pool_type, disk_device, NULL, existing, NULL);

  base = g_filename_display_basename (file_name != NULL ? file_name : "");
  for (const char *p = base; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c < 0x20 || c == 0x7f || c == '/' || (c >= 0x80 && c < 0xa0) ||
          (lvm && !(c < 0x80 && (g_ascii_isalnum (c) || strchr ("+_.-", c) != NULL))))
        g_string_append_c (clean, '_');
      else
        g_string_append_unichar (clean, c);
    }
  g_strstrip (clean->str);
  g_string_set_size (clean, strlen (clean->str));
  if (lvm && clean->str[0] == '-')
    clean->str[0] = '_';
  if (clean->len == 0 || g_str_equal (clean->str, ".") || g_str_equal (clean->str, ".."))
    g_string_assign (clean, "upload");

  dot = strrchr (clean->str, '.');
  if (dot != NULL && dot != clean->str && strlen (dot) <= EXTENSION_MAX)
    {
      stem = g_strndup (clean->str, dot - clean->str);
      ext = g_strdup (dot);
    }
  else
    {
      stem = g_strdup (clean->str);
      ext = g_strdup ("");
    }
  utf8_truncate (stem, VSM_VOLUME_NAME_MAX - strlen (ext) - NUMBER_ROOM);
  /* cut, the name may end in a space now */
  g_strchomp (stem);

  for (guint i = 1; i < 10000; i++)
    {
      g_autofree char *name = i == 1 ? g_strconcat (stem, ext, NULL)
                                     : g_strdup_printf ("%s-%u%s", stem, i, ext);

      if (existing == NULL || !g_hash_table_contains (existing, name))
        return g_steal_pointer (&name);
    }
  return g_strconcat (stem, ext, NULL);
}

/**
 * vsm_upload_volume_spec:
 *
 * The volume a file of @file_size bytes is uploaded into: @name, exactly
 * @file_size bytes; raw and thin in a pool of files (see the file's
 * comment), without a format and allocated in full elsewhere.
 */
VsmVolumeSpec *
vsm_upload_volume_spec (const char *name,
                        const char *pool_type,
                        guint64     file_size)
{
  VsmVolumeSpec *spec = vsm_volume_spec_new ();

  spec->name = g_strdup (name);
  spec->capacity = file_size;
  if (pool_holds_files (pool_type))
    {
      spec->format = g_strdup ("raw");
      spec->prealloc = VSM_PREALLOC_OFF;
    }
  else
    spec->prealloc = VSM_PREALLOC_FULL;
  return spec;
}

/**
 * vsm_upload_space_needed:
 * @allocated: the bytes the file occupies on its disk (0: unknown)
 *
 * What the upload takes of the pool. The upload keeps holes as holes, so
 * in a pool of files a sparse file takes only its data; a device takes
 * its whole size.
 */
guint64
vsm_upload_space_needed (const char *pool_type,
                         guint64     file_size,
                         guint64     allocated)
{
  if (pool_holds_files (pool_type) && allocated > 0 && allocated < file_size)
    return allocated;
  return file_size;
}

/**
 * vsm_upload_check_room:
 * @pool_capacity: 0 when the pool does not say (then only over-capacity
 *   is refused)
 *
 * Refuses, before anything reaches libvirt, an empty file and a file the
 * pool has no room for.
 */
gboolean
vsm_upload_check_room (guint64   file_size,
                       guint64   needed,
                       guint64   pool_capacity,
                       guint64   available,
                       guint64   over_capacity,
                       GError  **error)
{
  if (file_size == 0)
    {
      g_set_error_literal (error, VSM_ERROR, VSM_ERROR_INVALID_INPUT,
                           _("The file is empty: there is nothing to upload"));
      return FALSE;
    }
  if (over_capacity > 0)
    {
      g_autofree char *by = vsm_size_format (over_capacity);
      g_set_error (error, VSM_ERROR, VSM_ERROR_INVALID_INPUT,
                   _("The pool is over capacity by %s: no new volume fits until space is freed"), by);
      return FALSE;
    }
  if (pool_capacity > 0 && needed > available)
    {
      g_autofree char *need = vsm_size_format (needed);
      g_autofree char *have = vsm_size_format (available);
      g_set_error (error, VSM_ERROR, VSM_ERROR_INVALID_INPUT,
                   _("Not enough free space: the file needs %s, the pool has %s free"), need, have);
      return FALSE;
    }
  return TRUE;
}

/**
 * vsm_upload_plan_new:
 * @file_name: the chosen file's path
 * @allocated: what the file occupies on its disk (0: unknown)
 * @head: (nullable): the file's first @head_len bytes (see
 *   %VSM_UPLOAD_HEAD_SIZE)
 * @existing: (nullable): names already in the pool
 *
 * Everything New Volume from File proposes for a file, before the user
 * changes the name.
 */
VsmUploadPlan *
vsm_upload_plan_new (const char   *file_name,
                     guint64       file_size,
                     guint64       allocated,
                     const guint8 *head,
                     gsize         head_len,
                     const char   *pool_type,
                     const char   *disk_device,
                     GHashTable   *existing)
{
  VsmUploadPlan *plan = g_new0 (VsmUploadPlan, 1);
  g_autofree char *name = vsm_upload_propose_name (file_name, pool_type, disk_device, existing);

  plan->file_size = file_size;
  plan->kind = vsm_file_kind_detect (file_name, head, head_len, &plan->virtual_size, &plan->backing_file);
  if (plan->kind != VSM_FILE_KIND_QCOW2)
    plan->virtual_size = file_size;
  plan->spec = vsm_upload_volume_spec (name, pool_type, file_size);
  plan->needed = vsm_upload_space_needed (pool_type, file_size, allocated);
  return plan;
}

void
vsm_upload_plan_free (VsmUploadPlan *plan)
{
  if (plan == NULL)
    return;
  g_free (plan->backing_file);
  vsm_volume_spec_free (plan->spec);
  g_free (plan);
}

/**
 * vsm_upload_commands:
 * @uri: (nullable): the connection URI, omitted for qemu:///system
 *
 * The two virsh lines that do what New Volume from File does, one per
 * line: `vol-create-as` of @spec, then `vol-upload --sparse` of
 * @local_path into it.
 */
char *
vsm_upload_commands (const char          *uri,
                     const char          *pool_name,
                     const VsmVolumeSpec *spec,
                     const char          *local_path)
{
  g_autofree char *create = vsm_volume_create_as_command (uri, pool_name, spec);
  g_autoptr(GString) upload = vsm_virsh_new (uri);

  g_string_append (upload, " vol-upload");
  vsm_virsh_append (upload, "--pool", pool_name);
  vsm_virsh_append (upload, NULL, spec->name);
  vsm_virsh_append (upload, NULL, local_path);
  g_string_append (upload, " --sparse");
  return g_strdup_printf ("%s\n%s", create, upload->str);
}
