/* vsm-disk-spec.c
 *
 * The <disk> element for virDomainAttachDeviceFlags, its validation, the
 * target-name rules and the equivalent virsh line. The rules follow what
 * libvirt 9.0 and QEMU 7.2 accept (see the comments at each check); the
 * XML is checked against libvirt's domain.rng by tests/unit/test-disk-spec.c.
 *
 * Copyright 2026 Virt Storage developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vsm-disk-spec"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "vsm-disk-spec.h"
#include "vsm-virsh.h"
#include "vsm-error.h"

static const char * const devices[] = { "disk", "cdrom", "floppy", "lun", NULL };
static const char * const caches[] = { "default", "none", "writethrough", "writeback",
                                       "directsync", "unsafe", NULL };
static const char * const ios[] = { "default", "native", "threads", "io_uring", NULL };
static const char * const discards[] = { "default", "unmap", "ignore", NULL };

VsmDiskSpec *
vsm_disk_spec_new (void)
{
  VsmDiskSpec *spec = g_new0 (VsmDiskSpec, 1);

  spec->source_kind = VSM_DISK_SOURCE_FILE;
  spec->device = g_strdup ("disk");
  spec->bus = g_strdup ("virtio");
  return spec;
}

void
vsm_disk_spec_free (VsmDiskSpec *spec)
{
  if (spec == NULL)
    return;
  g_free (spec->pool);
  g_free (spec->volume);
  g_free (spec->path);
  g_free (spec->device);
  g_free (spec->bus);
  g_free (spec->target);
  g_free (spec->driver_type);
  g_free (spec->cache);
  g_free (spec->io);
  g_free (spec->discard);
  g_free (spec->serial);
  g_free (spec);
}

/**
 * vsm_disk_spec_copy:
 *
 * Returns: (transfer full): a deep copy of @spec
 */
VsmDiskSpec *
vsm_disk_spec_copy (const VsmDiskSpec *spec)
{
  VsmDiskSpec *copy;

  g_return_val_if_fail (spec != NULL, NULL);

  copy = g_new0 (VsmDiskSpec, 1);
  copy->source_kind = spec->source_kind;
  copy->pool = g_strdup (spec->pool);
  copy->volume = g_strdup (spec->volume);
  copy->path = g_strdup (spec->path);
  copy->device = g_strdup (spec->device);
  copy->bus = g_strdup (spec->bus);
  copy->target = g_strdup (spec->target);
  copy->driver_type = g_strdup (spec->driver_type);
  copy->readonly = spec->readonly;
  copy->shareable = spec->shareable;
  copy->cache = g_strdup (spec->cache);
  copy->io = g_strdup (spec->io);
  copy->discard = g_strdup (spec->discard);
  copy->serial = g_strdup (spec->serial);
  return copy;
}

static gboolean
is_set (const char *s)
{
  return s != NULL && *s != '\0';
}

/* "default" and unset both mean: leave the attribute out. */
static gboolean
is_explicit (const char *s)
{
  return is_set (s) && !g_str_equal (s, "default");
}

static gboolean
in_list (const char * const *list,
         const char         *value)
{
  return value != NULL && g_strv_contains (list, value);
}

static gboolean
is_cdrom (const VsmDiskSpec *spec)
{
  return g_strcmp0 (spec->device, "cdrom") == 0;
}

/* ------------------------------------------------------------------ */
/* Target names                                                        */

/**
 * vsm_disk_target_prefix:
 * @bus: a disk bus
 *
 * Returns: (nullable): the target-name prefix libvirt expects for @bus
 * ("vd", "sd", "hd", "fd"); scsi, sata and usb all use "sd" and so share
 * one name space. %NULL for an unknown bus.
 */
const char *
vsm_disk_target_prefix (const char *bus)
{
  if (bus == NULL)
    return NULL;
  if (g_str_equal (bus, "virtio"))
    return "vd";
  if (g_str_equal (bus, "scsi") || g_str_equal (bus, "sata") || g_str_equal (bus, "usb"))
    return "sd";
  if (g_str_equal (bus, "ide"))
    return "hd";
  if (g_str_equal (bus, "fdc"))
    return "fd";
  return NULL;
}

static gboolean
target_used (GPtrArray  *used_targets,
             const char *name)
{
  if (used_targets == NULL)
    return FALSE;
  for (guint i = 0; i < used_targets->len; i++)
    if (g_strcmp0 (g_ptr_array_index (used_targets, i), name) == 0)
      return TRUE;
  return FALSE;
}

/* libvirt's virDiskNameToIndex in reverse: 0 → a, 25 → z, 26 → aa,
 * 701 → zz, 702 → aaa. */
static void
append_index_letters (GString *out,
                      guint    index)
{
  char buf[16];
  int pos = sizeof buf - 1;

  buf[pos] = '\0';
  for (guint i = index + 1; i > 0 && pos > 0; i = (i - 1) / 26)
    buf[--pos] = 'a' + (i - 1) % 26;
  g_string_append (out, buf + pos);
}

/**
 * vsm_disk_target_suggest:
 * @bus: the disk bus
 * @used_targets: (element-type utf8) (nullable): every target name the
 *   domain already has, on any bus (live and persistent)
 *
 * Returns: (nullable): the first name in libvirt's order (vda … vdz,
 * vdaa, vdab …) not in @used_targets; %NULL for an unknown bus.
 */
char *
vsm_disk_target_suggest (const char *bus,
                         GPtrArray  *used_targets)
{
  const char *prefix = vsm_disk_target_prefix (bus);
  g_autoptr(GString) name = NULL;

  if (prefix == NULL)
    return NULL;

  name = g_string_new (NULL);
  /* 18278 names (a … zzz) is more than any bus takes. */
  for (guint i = 0; i < 18278; i++)
    {
      g_string_assign (name, prefix);
      append_index_letters (name, i);
      if (!target_used (used_targets, name->str))
        return g_string_free (g_steal_pointer (&name), FALSE);
    }
  return NULL;
}

/**
 * vsm_disk_target_validate:
 *
 * The name must be the bus prefix followed by lower-case letters only
 * ("sdc", not "sd3" or "sdC"), and must not be in @used_targets.
 */
gboolean
vsm_disk_target_validate (const char  *target,
                          const char  *bus,
                          GPtrArray   *used_targets,
                          GError     **error)
{
  const char *prefix = vsm_disk_target_prefix (bus);
  const char *rest;

  if (prefix == NULL)
    {
      g_set_error (error, VSM_ERROR, VSM_ERROR_INVALID_INPUT,
                   _("Unknown disk bus “%s”"), bus ? bus : "");
      return FALSE;
    }
  if (!is_set (target))
    {
      g_set_error_literal (error, VSM_ERROR, VSM_ERROR_INVALID_INPUT,
                           _("Enter a target device name"));
      return FALSE;
    }
  if (!g_str_has_prefix (target, prefix))
    {
      g_set_error (error, VSM_ERROR, VSM_ERROR_INVALID_INPUT,
                   _("A target on the %s bus must start with “%s” (for example %sb)"),
                   bus, prefix, prefix);
      return FALSE;
    }
  rest = target + strlen (prefix);
  if (*rest == '\0')
    {
      g_set_error (error, VSM_ERROR, VSM_ERROR_INVALID_INPUT,
                   _("Add a letter after “%s” (for example %sb)"), prefix, prefix);
      return FALSE;
    }
  for (const char *p = rest; *p; p++)
    if (*p < 'a' || *p > 'z')
      {
        g_set_error (error, VSM_ERROR, VSM_ERROR_INVALID_INPUT,
                     _("Only lower-case letters a–z may follow “%s” in a target name"), prefix);
        return FALSE;
      }
  if (strlen (rest) > 3)
    {
      g_set_error_literal (error, VSM_ERROR, VSM_ERROR_INVALID_INPUT,
                           _("The target name is too long"));
      return FALSE;
    }
  if (target_used (used_targets, target))
    {
      g_set_error (error, VSM_ERROR, VSM_ERROR_EXISTS,
                   _("The domain already has a disk “%s”"), target);
      return FALSE;
    }
  return TRUE;
}

/**
 * vsm_disk_bus_can_hotplug:
 *
 * Whether QEMU can add a device on @bus to a running domain: virtio, scsi
 * and usb can; ide ("Bus 'ide.1' does not support hotplugging"), fdc and
 * sata (AHCI has no hotplug in QEMU 7.2) cannot. @device does not change
 * the answer today; it is there for buses where it will.
 */
gboolean
vsm_disk_bus_can_hotplug (const char *bus,
                          const char *device)
{
  if (bus == NULL)
    return FALSE;
  return g_str_equal (bus, "virtio") || g_str_equal (bus, "scsi") || g_str_equal (bus, "usb");
}

/* ------------------------------------------------------------------ */
/* Validation                                                          */

static gboolean
has_control_chars (const char *s)
{
  if (s == NULL)
    return FALSE;
  for (const unsigned char *p = (const unsigned char *) s; *p; p++)
    if (*p < 0x20 || *p == 0x7f)
      return TRUE;
  return FALSE;
}

static gboolean
check_text (const char  *value,
            const char  *what,
            GError     **error)
{
  if (has_control_chars (value) || (value != NULL && !g_utf8_validate (value, -1, NULL)))
    {
      g_set_error (error, VSM_ERROR, VSM_ERROR_INVALID_INPUT,
                   _("The %s contains characters that cannot be used"), what);
      return FALSE;
    }
  return TRUE;
}

static gboolean
check_path (const char  *path,
            GError     **error)
{
  if (!is_set (path))
    {
      g_set_error_literal (error, VSM_ERROR, VSM_ERROR_INVALID_INPUT,
                           _("Choose the file or device to attach"));
      return FALSE;
    }
  if (!g_path_is_absolute (path))
    {
      g_set_error (error, VSM_ERROR, VSM_ERROR_INVALID_INPUT,
                   _("“%s” is not an absolute path"), path);
      return FALSE;
    }
  return check_text (path, _("path"), error);
}

/* libvirt's "storageFormat" and "diskSerial" patterns in domaincommon.rng */
static gboolean
matches (const char *s,
         const char *extra)
{
  for (const char *p = s; *p; p++)
    if (!g_ascii_isalnum (*p) && strchr (extra, *p) == NULL)
      return FALSE;
  return TRUE;
}

static gboolean
check_enum (const char          *value,
            const char * const  *allowed,
            const char          *what,
            GError             **error)
{
  if (!is_set (value) || in_list (allowed, value))
    return TRUE;
  g_set_error (error, VSM_ERROR, VSM_ERROR_INVALID_INPUT,
               _("Unknown %s mode “%s”"), what, value);
  return FALSE;
}

/* Everything but the target: shared by vsm_disk_spec_validate() and
 * vsm_disk_xml_build(). */
static gboolean
validate_spec (const VsmDiskSpec  *spec,
               GError            **error)
{
  const char *device = spec->device;
  const char *bus = spec->bus;

  if (!in_list (devices, device))
    {
      g_set_error (error, VSM_ERROR, VSM_ERROR_INVALID_INPUT,
                   _("Unknown device type “%s”"), device ? device : "");
      return FALSE;
    }
  if (vsm_disk_target_prefix (bus) == NULL)
    {
      g_set_error (error, VSM_ERROR, VSM_ERROR_INVALID_INPUT,
                   _("Unknown disk bus “%s”"), bus ? bus : "");
      return FALSE;
    }

  /* Buses per device, as QEMU's front ends allow them. */
  if (g_str_equal (device, "floppy") != g_str_equal (bus, "fdc"))
    {
      g_set_error_literal (error, VSM_ERROR, VSM_ERROR_INVALID_INPUT,
                           g_str_equal (device, "floppy")
                           ? _("A floppy drive must be on the fdc bus")
                           : _("Only floppy drives can be on the fdc bus"));
      return FALSE;
    }
  if (g_str_equal (device, "cdrom") && g_str_equal (bus, "virtio"))
    {
      /* libvirt: "disk type of 'vdX' does not support ejectable media" */
      g_set_error_literal (error, VSM_ERROR, VSM_ERROR_INVALID_INPUT,
                           _("A CD-ROM cannot be on the virtio bus: use scsi or sata"));
      return FALSE;
    }
  if (g_str_equal (device, "lun") && !g_str_equal (bus, "scsi"))
    {
      /* virtio-blk SCSI pass-through is gone since QEMU 5.0 */
      g_set_error_literal (error, VSM_ERROR, VSM_ERROR_INVALID_INPUT,
                           _("A LUN (SCSI pass-through) must be on the scsi bus"));
      return FALSE;
    }

  switch (spec->source_kind)
    {
    case VSM_DISK_SOURCE_VOLUME:
      if (!is_set (spec->pool) || !is_set (spec->volume))
        {
          g_set_error_literal (error, VSM_ERROR, VSM_ERROR_INVALID_INPUT,
                               _("Choose the storage volume to attach"));
          return FALSE;
        }
      if (!check_text (spec->pool, _("pool name"), error) ||
          !check_text (spec->volume, _("volume name"), error))
        return FALSE;
      break;
    case VSM_DISK_SOURCE_FILE:
    case VSM_DISK_SOURCE_BLOCK:
      if (!check_path (spec->path, error))
        return FALSE;
      break;
    case VSM_DISK_SOURCE_NONE:
      if (!g_str_equal (device, "cdrom") && !g_str_equal (device, "floppy"))
        {
          g_set_error_literal (error, VSM_ERROR, VSM_ERROR_INVALID_INPUT,
                               _("Only a CD-ROM or floppy drive can be empty"));
          return FALSE;
        }
      break;
    default:
      g_set_error_literal (error, VSM_ERROR, VSM_ERROR_INVALID_INPUT,
                           _("Unknown source type"));
      return FALSE;
    }

  if (g_str_equal (device, "lun") && spec->source_kind != VSM_DISK_SOURCE_BLOCK)
    {
      g_set_error_literal (error, VSM_ERROR, VSM_ERROR_INVALID_INPUT,
                           _("A LUN needs a block device as its source"));
      return FALSE;
    }

  /* libvirt: "readonly ide disks are not supported" (and sata alike) */
  if (spec->readonly && g_str_equal (device, "disk") &&
      (g_str_equal (bus, "ide") || g_str_equal (bus, "sata")))
    {
      g_set_error (error, VSM_ERROR, VSM_ERROR_INVALID_INPUT,
                   _("Read-only disks are not supported on the %s bus"), bus);
      return FALSE;
    }

  if (is_set (spec->driver_type) && !matches (spec->driver_type, "_-"))
    {
      g_set_error (error, VSM_ERROR, VSM_ERROR_INVALID_INPUT,
                   _("“%s” is not a disk image format"), spec->driver_type);
      return FALSE;
    }
  if (!check_enum (spec->cache, caches, _("cache"), error) ||
      !check_enum (spec->io, ios, _("I/O"), error) ||
      !check_enum (spec->discard, discards, _("discard"), error))
    return FALSE;
  /* QEMU: "aio=native was specified, but it requires cache.direct=on" */
  if (g_strcmp0 (spec->io, "native") == 0 &&
      g_strcmp0 (spec->cache, "none") != 0 && g_strcmp0 (spec->cache, "directsync") != 0)
    {
      g_set_error_literal (error, VSM_ERROR, VSM_ERROR_INVALID_INPUT,
                           _("Native I/O needs the cache mode “none” or “directsync”"));
      return FALSE;
    }
  if (is_set (spec->serial) && !matches (spec->serial, "_.+- "))
    {
      g_set_error_literal (error, VSM_ERROR, VSM_ERROR_INVALID_INPUT,
                           _("A serial number may only contain letters, digits, spaces and _ . + -"));
      return FALSE;
    }
  return TRUE;
}

/**
 * vsm_disk_spec_validate:
 * @used_targets: (element-type utf8) (nullable): the domain's target names
 *
 * Everything libvirt would reject, checked before any call: the source
 * (present unless an empty CD-ROM/floppy, absolute paths), the bus for the
 * device, a LUN only on a block device, the driver options and the target.
 */
gboolean
vsm_disk_spec_validate (const VsmDiskSpec  *spec,
                        GPtrArray          *used_targets,
                        GError            **error)
{
  g_return_val_if_fail (spec != NULL, FALSE);

  if (!validate_spec (spec, error))
    return FALSE;
  return vsm_disk_target_validate (spec->target, spec->bus, used_targets, error);
}

/* ------------------------------------------------------------------ */
/* XML                                                                 */

static const char *
disk_type (const VsmDiskSpec *spec)
{
  switch (spec->source_kind)
    {
    case VSM_DISK_SOURCE_VOLUME: return "volume";
    case VSM_DISK_SOURCE_BLOCK: return "block";
    case VSM_DISK_SOURCE_FILE:
    case VSM_DISK_SOURCE_NONE:
    default: return "file";
    }
}

static void
append_attr (GString    *xml,
             const char *name,
             const char *value)
{
  g_autofree char *escaped = g_markup_escape_text (value, -1);

  g_string_append_printf (xml, " %s='%s'", name, escaped);
}

/**
 * vsm_disk_xml_build:
 *
 * Returns: (nullable): the `<disk>` element for virDomainAttachDeviceFlags,
 * or %NULL with @error set when the spec (apart from the target's
 * uniqueness, which needs the domain) is invalid.
 */
char *
vsm_disk_xml_build (const VsmDiskSpec  *spec,
                    GError            **error)
{
  g_autoptr(GString) xml = NULL;
  gboolean readonly;

  g_return_val_if_fail (spec != NULL, NULL);

  if (!validate_spec (spec, error) ||
      !vsm_disk_target_validate (spec->target, spec->bus, NULL, error))
    return NULL;

  readonly = spec->readonly || is_cdrom (spec);

  xml = g_string_new ("<disk");
  append_attr (xml, "type", disk_type (spec));
  append_attr (xml, "device", spec->device);
  g_string_append (xml, ">\n");

  if (is_set (spec->driver_type) || is_explicit (spec->cache) ||
      is_explicit (spec->io) || is_explicit (spec->discard))
    {
      g_string_append (xml, "  <driver name='qemu'");
      if (is_set (spec->driver_type))
        append_attr (xml, "type", spec->driver_type);
      if (is_explicit (spec->cache))
        append_attr (xml, "cache", spec->cache);
      if (is_explicit (spec->io))
        append_attr (xml, "io", spec->io);
      if (is_explicit (spec->discard))
        append_attr (xml, "discard", spec->discard);
      g_string_append (xml, "/>\n");
    }

  switch (spec->source_kind)
    {
    case VSM_DISK_SOURCE_VOLUME:
      g_string_append (xml, "  <source");
      append_attr (xml, "pool", spec->pool);
      append_attr (xml, "volume", spec->volume);
      g_string_append (xml, "/>\n");
      break;
    case VSM_DISK_SOURCE_FILE:
      g_string_append (xml, "  <source");
      append_attr (xml, "file", spec->path);
      g_string_append (xml, "/>\n");
      break;
    case VSM_DISK_SOURCE_BLOCK:
      g_string_append (xml, "  <source");
      append_attr (xml, "dev", spec->path);
      g_string_append (xml, "/>\n");
      break;
    case VSM_DISK_SOURCE_NONE:
    default:
      break;
    }

  g_string_append (xml, "  <target");
  append_attr (xml, "dev", spec->target);
  append_attr (xml, "bus", spec->bus);
  g_string_append (xml, "/>\n");

  if (readonly)
    g_string_append (xml, "  <readonly/>\n");
  if (spec->shareable)
    g_string_append (xml, "  <shareable/>\n");
  if (is_set (spec->serial))
    {
      g_autofree char *escaped = g_markup_escape_text (spec->serial, -1);
      g_string_append_printf (xml, "  <serial>%s</serial>\n", escaped);
    }
  g_string_append (xml, "</disk>\n");

  return g_string_free (g_steal_pointer (&xml), FALSE);
}

/* ------------------------------------------------------------------ */
/* virsh                                                               */

/* vsm_virsh_append(), except that an empty value still takes its place
 * (as '') among attach-disk's positional arguments. */
static void
append_arg (GString    *cmd,
            const char *option,
            const char *value)
{
  if (value != NULL && *value != '\0')
    vsm_virsh_append (cmd, option, value);
  else
    g_string_append_printf (cmd, "%s%s ''", option ? " " : "", option ? option : "");
}

/* attach-disk has no option for discard, nor for readonly and shareable
 * together; those (and volume or empty sources) go through attach-device. */
static gboolean
fits_attach_disk (const VsmDiskSpec *spec)
{
  gboolean readonly = spec->readonly || is_cdrom (spec);

  if (spec->source_kind != VSM_DISK_SOURCE_FILE && spec->source_kind != VSM_DISK_SOURCE_BLOCK)
    return FALSE;
  if (!is_set (spec->path))
    return FALSE;
  if (is_explicit (spec->discard))
    return FALSE;
  if (readonly && spec->shareable)
    return FALSE;
  return TRUE;
}

/**
 * vsm_attach_command:
 * @uri: (nullable): the connection URI; `-c URI` is left out for
 *   qemu:///system
 * @domain: the domain's name
 *
 * The equivalent virsh line, shell-quoted:
 * `virsh attach-disk DOMAIN SOURCE TARGET --targetbus BUS …` for a file
 * or block device, and `virsh attach-device DOMAIN disk.xml …` otherwise
 * (volume and empty sources, discard, read-only + shareable). In the
 * second form "disk.xml" stands for a file holding vsm_disk_xml_build()'s
 * XML, so the UI should show it next to the XML ("with the XML shown").
 */
char *
vsm_attach_command (const VsmDiskSpec *spec,
                    const char        *uri,
                    const char        *domain,
                    VsmAttachFlags     flags)
{
  g_autoptr(GString) cmd = NULL;

  g_return_val_if_fail (spec != NULL, NULL);

  cmd = vsm_virsh_new (uri);

  if (fits_attach_disk (spec))
    {
      g_string_append (cmd, " attach-disk");
      append_arg (cmd, NULL, domain);
      append_arg (cmd, NULL, spec->path);
      append_arg (cmd, NULL, spec->target);
      append_arg (cmd, "--targetbus", spec->bus);
      if (spec->source_kind == VSM_DISK_SOURCE_BLOCK)
        g_string_append (cmd, " --sourcetype block");
      if (g_strcmp0 (spec->device, "disk") != 0)
        append_arg (cmd, "--type", spec->device);
      if (is_set (spec->driver_type))
        {
          g_string_append (cmd, " --driver qemu");
          append_arg (cmd, "--subdriver", spec->driver_type);
        }
      if (spec->readonly || is_cdrom (spec))
        g_string_append (cmd, " --mode readonly");
      else if (spec->shareable)
        g_string_append (cmd, " --mode shareable");
      if (is_explicit (spec->cache))
        append_arg (cmd, "--cache", spec->cache);
      if (is_explicit (spec->io))
        append_arg (cmd, "--io", spec->io);
      if (is_set (spec->serial))
        append_arg (cmd, "--serial", spec->serial);
    }
  else
    {
      g_string_append (cmd, " attach-device");
      append_arg (cmd, NULL, domain);
      g_string_append (cmd, " disk.xml");
    }

  if (flags & VSM_ATTACH_LIVE)
    g_string_append (cmd, " --live");
  if (flags & VSM_ATTACH_CONFIG)
    g_string_append (cmd, " --config");

  return g_string_free (g_steal_pointer (&cmd), FALSE);
}

/**
 * vsm_disk_value_to_label:
 * @value: (nullable): a libvirt disk device, bus, or "default"
 *
 * What to show for a value of the disk XML: device kinds and "default"
 * in the user's language, buses as their usual names, anything else
 * (cache, io and discard modes: libvirt's documented keywords) as is.
 *
 * Returns: (transfer none): the label
 */
const char *
vsm_disk_value_to_label (const char *value)
{
  static const struct { const char *value; const char *label; } translated[] = {
    { "disk", N_("Disk") },
    { "cdrom", N_("CD/DVD drive") },
    { "floppy", N_("Floppy drive") },
    { "lun", N_("SCSI LUN") },
    { "fdc", N_("Floppy controller") },
    { "default", N_("Hypervisor default") },
  };
  static const struct { const char *value; const char *label; } names[] = {
    { "virtio", "VirtIO" }, { "scsi", "SCSI" }, { "sata", "SATA" }, { "usb", "USB" },
    { "ide", "IDE" }, { "xen", "Xen" }, { "sd", "SD" },
  };

  if (value == NULL)
    return "";
  for (guint i = 0; i < G_N_ELEMENTS (translated); i++)
    if (g_str_equal (value, translated[i].value))
      return _(translated[i].label);
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    if (g_str_equal (value, names[i].value))
      return names[i].label;
  return value;
}
