/* vsm-attach-dialog.c
 *
 * Attach Storage: an existing volume (<disk type='volume'>), a new volume
 * created in a chosen pool, an ISO image or a host block device, as a
 * disk, CD-ROM, floppy or LUN, on a bus the machine supports, with the
 * next free target suggested, live and/or persistent. The disk XML and the
 * equivalent virsh line are shown before Attach.
 *
 * Copyright 2026 Virt Storage developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vsm-attach-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "vsm-attach-dialog-private.h"
#include "vsm-host-attach.h"
#include "vsm-dialogs.h"
#include "vsm-domain-ops.h"
#include "vsm-error.h"
#include "vsm-pool-type.h"
#include "vsm-size.h"
#include "vsm-volume.h"
#include "vsm-volume-ops.h"
#include "vsm-volume-spec.h"

G_DEFINE_FINAL_TYPE (VsmAttachDialog, vsm_attach_dialog, ADW_TYPE_WINDOW)

enum {
  ATTACHED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static const char * const devices_all[] = { "disk", "cdrom", "floppy", "lun", NULL };
static const char * const default_buses[] = { "virtio", "scsi", "sata", "usb", "ide", NULL };

static void changed_cb (VsmAttachDialog *self);

static const char *
combo_string (AdwComboRow *row)
{
  GObject *item = adw_combo_row_get_selected_item (row);

  return GTK_IS_STRING_OBJECT (item) ? gtk_string_object_get_string (GTK_STRING_OBJECT (item)) : NULL;
}

static const char *
text_or_null (AdwEntryRow *row)
{
  const char *t = gtk_editable_get_text (GTK_EDITABLE (row));
  return t && *t ? t : NULL;
}

static VsmAttachSource
source_kind (VsmAttachDialog *self)
{
  return (VsmAttachSource) adw_combo_row_get_selected (self->source_row);
}

VsmDomain *
_vsm_attach_dialog_current_domain (VsmAttachDialog *self)
{
  guint i;

  if (self->domain != NULL)
    return self->domain;
  i = adw_combo_row_get_selected (self->vm_row);
  return i < self->domains->len ? g_ptr_array_index (self->domains, i) : NULL;
}

VsmAttachFlags
vsm_attach_dialog_get_flags (VsmAttachDialog *self)
{
  VsmAttachFlags flags = 0;

  if (gtk_widget_get_sensitive (GTK_WIDGET (self->live_switch)) && gtk_switch_get_active (self->live_switch))
    flags |= VSM_ATTACH_LIVE;
  if (gtk_switch_get_active (self->config_switch))
    flags |= VSM_ATTACH_CONFIG;
  return flags;
}

/**
 * vsm_attach_dialog_dup_spec:
 *
 * Returns: (nullable): the disk to attach, or %NULL when the form is
 * invalid (vsm_attach_dialog_get_error() says why)
 */
VsmDiskSpec *
vsm_attach_dialog_dup_spec (VsmAttachDialog *self)
{
  g_autoptr(VsmDiskSpec) spec = vsm_disk_spec_new ();
  g_autoptr(GPtrArray) used = _vsm_attach_dialog_used_targets (self);
  g_autoptr(GError) error = NULL;
  guint i;

  g_clear_pointer (&self->error, g_free);

  if (_vsm_attach_dialog_current_domain (self) == NULL)
    {
      self->error = g_strdup (_("Choose a virtual machine"));
      return NULL;
    }

  switch (source_kind (self))
    {
    case VSM_ATTACH_SOURCE_EXISTING:
      i = adw_combo_row_get_selected (self->volume_row);
      if (i >= self->volumes->len)
        {
          self->error = g_strdup (_("Choose a volume"));
          return NULL;
        }
      {
        VsmVolumeChoice *c = g_ptr_array_index (self->volumes, i);
        spec->source_kind = VSM_DISK_SOURCE_VOLUME;
        spec->pool = g_strdup (c->pool);
        spec->volume = g_strdup (c->volume);
        spec->driver_type = g_strdup (c->format);
      }
      break;

    case VSM_ATTACH_SOURCE_NEW:
      {
        guint p = adw_combo_row_get_selected (self->new_pool_row);
        guint64 size = 0;
        VsmPool *pool = p < self->pools->len ? g_ptr_array_index (self->pools, p) : NULL;
        g_autoptr(GHashTable) existing = g_hash_table_new (g_str_hash, g_str_equal);

        if (pool == NULL)
          {
            self->error = g_strdup (_("No active pool can hold a new volume"));
            return NULL;
          }
        for (guint j = 0; j < vsm_keyed_list_get_n_items (vsm_pool_get_volumes (pool)); j++)
          g_hash_table_add (existing, (gpointer) vsm_volume_get_name (vsm_keyed_list_get (vsm_pool_get_volumes (pool), j)));
        if (!vsm_volume_name_validate (text_or_null (self->new_name_row), vsm_pool_get_pool_type (pool),
                                       vsm_pool_get_source_device (pool), existing, &error) ||
            !vsm_size_parse (text_or_null (self->new_size_row), &size, &error))
          {
            self->error = g_strdup (error->message);
            return NULL;
          }
        if (size == 0)
          {
            self->error = g_strdup (_("The size must be larger than zero"));
            return NULL;
          }
        spec->source_kind = VSM_DISK_SOURCE_VOLUME;
        spec->pool = g_strdup (vsm_pool_get_name (pool));
        spec->volume = g_strdup (text_or_null (self->new_name_row));
        spec->driver_type = g_strdup (combo_string (self->new_format_row));
      }
      break;

    case VSM_ATTACH_SOURCE_ISO:
      spec->source_kind = VSM_DISK_SOURCE_FILE;
      if (text_or_null (self->path_row) != NULL)
        spec->path = g_strdup (text_or_null (self->path_row));
      else
        {
          i = adw_combo_row_get_selected (self->iso_row);
          if (i >= self->isos->len)
            {
              self->error = g_strdup (_("Choose an ISO volume or type the image's path on the host"));
              return NULL;
            }
          spec->path = g_strdup (((VsmVolumeChoice *) g_ptr_array_index (self->isos, i))->path);
        }
      spec->driver_type = g_strdup ("raw");
      break;

    case VSM_ATTACH_SOURCE_IMAGE:
      spec->source_kind = VSM_DISK_SOURCE_FILE;
      spec->path = g_strdup (text_or_null (self->path_row));
      spec->driver_type = g_strdup (combo_string (self->image_format_row));
      break;

    case VSM_ATTACH_SOURCE_BLOCK:
    default:
      spec->source_kind = VSM_DISK_SOURCE_BLOCK;
      spec->path = g_strdup (text_or_null (self->path_row));
      spec->driver_type = g_strdup ("raw");
      break;
    }

  /* replace vsm_disk_spec_new()'s defaults */
  g_free (spec->device);
  spec->device = g_strdup (combo_string (self->device_row));
  g_free (spec->bus);
  spec->bus = g_strdup (combo_string (self->bus_row));
  spec->target = g_strdup (text_or_null (self->target_row));
  spec->readonly = gtk_switch_get_active (self->readonly_switch) || g_strcmp0 (spec->device, "cdrom") == 0;
  spec->shareable = gtk_switch_get_active (self->shareable_switch);
  spec->cache = g_strdup (combo_string (self->cache_row));
  spec->io = g_strdup (combo_string (self->io_row));
  spec->discard = g_strdup (combo_string (self->discard_row));
  spec->serial = g_strdup (text_or_null (self->serial_row));

  if (!vsm_disk_spec_validate (spec, used, &error))
    {
      self->error = g_strdup (error->message);
      return NULL;
    }
  if (vsm_attach_dialog_get_flags (self) == 0)
    {
      self->error = g_strdup (_("Choose when to attach: now, persistently, or both"));
      return NULL;
    }
  return g_steal_pointer (&spec);
}

/* The rows keep libvirt's values as their items (combo_string) and show
 * vsm_disk_value_to_label() of them. */

static void
fill_string_list (AdwComboRow        *row,
                  const char * const *items)
{
  g_autoptr(GtkStringList) list = gtk_string_list_new ((const char **) items);
  adw_combo_row_set_model (row, G_LIST_MODEL (list));
}

void
_vsm_attach_dialog_suggest_target (VsmAttachDialog *self)
{
  g_autoptr(GPtrArray) used = NULL;
  g_autofree char *suggested = NULL;
  const char *bus = combo_string (self->bus_row);

  if (self->target_edited || bus == NULL)
    return;
  used = _vsm_attach_dialog_used_targets (self);
  suggested = vsm_disk_target_suggest (bus, used);
  /* (changed_cb then sees no focus in the row: not an edit of the user's) */
  gtk_editable_set_text (GTK_EDITABLE (self->target_row), suggested ? suggested : "");
}

static void live_changed_cb (VsmAttachDialog *self);

/* A running machine, and the user wants the storage now. */
static gboolean
live_intended (VsmAttachDialog *self)
{
  VsmDomain *dom = _vsm_attach_dialog_current_domain (self);

  return dom != NULL && vsm_domain_get_running (dom) &&
         (gtk_switch_get_active (self->live_switch) || self->live_wanted);
}

static void
fill_buses (VsmAttachDialog *self)
{
  const char *device = combo_string (self->device_row);
  const char * const *all = self->buses ? (const char * const *) self->buses : default_buses;
  g_autoptr(GPtrArray) buses = g_ptr_array_new ();
  const char *previous = combo_string (self->bus_row);
  g_autofree char *keep = g_strdup (previous);

  for (guint i = 0; all[i] != NULL; i++)
    {
      const char *bus = all[i];
      /* A CD-ROM is never on virtio; a floppy only on fdc; a LUN only on scsi. */
      if (g_strcmp0 (device, "cdrom") == 0 && g_str_equal (bus, "virtio"))
        continue;
      if (g_strcmp0 (device, "lun") == 0 && !g_str_equal (bus, "scsi"))
        continue;
      if (g_strcmp0 (device, "floppy") != 0 && g_str_equal (bus, "fdc"))
        continue;
      if (g_strcmp0 (device, "floppy") == 0 && !g_str_equal (bus, "fdc"))
        continue;
      g_ptr_array_add (buses, (gpointer) bus);
    }
  if (g_strcmp0 (device, "floppy") == 0 && buses->len == 0)
    g_ptr_array_add (buses, (gpointer) "fdc");
  /* Attaching now: only the buses that take a device while the machine
   * runs (issue 13, item 3: IDE was offered right after the caption said it
   * cannot be). A device no bus can hotplug (a floppy) keeps its buses, and
   * Now turns off. */
  if (live_intended (self))
    {
      g_autoptr(GPtrArray) live = g_ptr_array_new ();

      for (guint i = 0; i < buses->len; i++)
        if (vsm_disk_bus_can_hotplug (g_ptr_array_index (buses, i), device))
          g_ptr_array_add (live, g_ptr_array_index (buses, i));
      if (live->len > 0)
        {
          g_ptr_array_set_size (buses, 0);
          g_ptr_array_extend (buses, live, NULL, NULL);
        }
    }
  g_ptr_array_add (buses, NULL);
  fill_string_list (self->bus_row, (const char * const *) buses->pdata);

  /* Prefer what hotplugs into a running machine: scsi for CD-ROMs. */
  for (guint i = 0; i < buses->len - 1; i++)
    {
      const char *b = g_ptr_array_index (buses, i);
      if ((keep != NULL && g_str_equal (b, keep)) ||
          ((keep == NULL || !g_strv_contains ((const char * const *) buses->pdata, keep)) &&
           g_strcmp0 (device, "cdrom") == 0 && g_str_equal (b, "scsi")))
        adw_combo_row_set_selected (self->bus_row, i);
    }
}

void
_vsm_attach_dialog_update (VsmAttachDialog *self)
{
  g_autoptr(VsmDiskSpec) spec = NULL;
  VsmAttachSource kind = source_kind (self);
  VsmDomain *dom = _vsm_attach_dialog_current_domain (self);
  gboolean running = dom != NULL && vsm_domain_get_running (dom);
  const char *bus = combo_string (self->bus_row);
  const char *device = combo_string (self->device_row);
  gboolean hotplug = bus == NULL || vsm_disk_bus_can_hotplug (bus, device);
  GtkWidget *child;

  gtk_widget_set_visible (GTK_WIDGET (self->volume_row), kind == VSM_ATTACH_SOURCE_EXISTING);
  gtk_widget_set_visible (GTK_WIDGET (self->new_pool_row), kind == VSM_ATTACH_SOURCE_NEW);
  gtk_widget_set_visible (GTK_WIDGET (self->new_name_row), kind == VSM_ATTACH_SOURCE_NEW);
  gtk_widget_set_visible (GTK_WIDGET (self->new_size_row), kind == VSM_ATTACH_SOURCE_NEW);
  gtk_widget_set_visible (GTK_WIDGET (self->new_format_row), kind == VSM_ATTACH_SOURCE_NEW);
  gtk_widget_set_visible (GTK_WIDGET (self->iso_row), kind == VSM_ATTACH_SOURCE_ISO);
  gtk_widget_set_visible (GTK_WIDGET (self->path_row), kind == VSM_ATTACH_SOURCE_ISO || kind == VSM_ATTACH_SOURCE_BLOCK ||
                                                       kind == VSM_ATTACH_SOURCE_IMAGE);
  gtk_widget_set_visible (GTK_WIDGET (self->image_format_row), kind == VSM_ATTACH_SOURCE_IMAGE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->path_row),
                                 kind == VSM_ATTACH_SOURCE_BLOCK ? _("Block device, e.g. /dev/sdb")
                                 : kind == VSM_ATTACH_SOURCE_IMAGE ? _("Image file on the host, e.g. /srv/disk.qcow2")
                                 : _("Or a path on the host"));

  /* CD-ROMs are always read-only. */
  gtk_widget_set_sensitive (GTK_WIDGET (self->readonly_row), g_strcmp0 (device, "cdrom") != 0);

  /* Live needs a running machine and a bus that can hotplug. Where it
   * cannot be, the switch shows off, as the command says (issue 13,
   * item 14: it stayed on, greyed); the user's choice comes back with a
   * bus that can. */
  gtk_widget_set_sensitive (GTK_WIDGET (self->live_switch), running && hotplug);
  g_signal_handlers_block_by_func (self->live_switch, live_changed_cb, self);
  if (!(running && hotplug) && gtk_switch_get_active (self->live_switch))
    {
      self->live_wanted = TRUE;
      gtk_switch_set_active (self->live_switch, FALSE);
    }
  else if (running && hotplug && self->live_wanted)
    {
      self->live_wanted = FALSE;
      gtk_switch_set_active (self->live_switch, TRUE);
    }
  g_signal_handlers_unblock_by_func (self->live_switch, live_changed_cb, self);
  if (!running)
    gtk_label_set_label (self->when_label, _("The machine is shut off: the storage is added to its configuration and appears at the next start."));
  else if (!hotplug)
    {
      g_autofree char *text = g_strdup_printf (_("The %s bus cannot take devices while the machine runs. Choose scsi (or virtio for disks) to attach now, or keep “Persistently” to have it after the next boot."), bus);
      gtk_label_set_label (self->when_label, text);
    }
  else
    {
      /* the caption follows the switches */
      gboolean live = gtk_switch_get_active (self->live_switch);
      gboolean config = gtk_switch_get_active (self->config_switch);

      gtk_label_set_label (self->when_label,
                           live && config ? _("Attached now and kept in the configuration.")
                           : live ? _("Attached now only: gone when the machine shuts down.")
                           : config ? _("Added to the configuration only: it appears at the next start.")
                           : _("Choose now, persistently or both."));
    }

  spec = vsm_attach_dialog_dup_spec (self);
  gtk_label_set_label (self->error_label, self->error ? self->error : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), self->error != NULL);
  gtk_widget_set_sensitive (GTK_WIDGET (self->attach_button), spec != NULL && !self->busy);

  gtk_widget_set_visible (GTK_WIDGET (self->review_group), spec != NULL);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->command_slot))) != NULL)
    gtk_box_remove (self->command_slot, child);
  if (spec != NULL)
    {
      g_autofree char *xml = vsm_disk_xml_build (spec, NULL);
      g_autofree char *cmd = vsm_attach_command (spec, vsm_host_get_uri (self->host),
                                                 vsm_domain_get_name (dom), vsm_attach_dialog_get_flags (self));
      gtk_label_set_label (self->xml_label, xml ? g_strchomp (xml) : "");
      if (cmd != NULL)
        gtk_box_append (self->command_slot, vsm_command_box_new (cmd));
    }
}

static void
changed_cb (VsmAttachDialog *self)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (self));

  if (gtk_widget_has_focus (GTK_WIDGET (self->target_row)) ||
      (focus != NULL && gtk_widget_is_ancestor (focus, GTK_WIDGET (self->target_row))))
    self->target_edited = TRUE;
  _vsm_attach_dialog_update (self);
}

static void
path_changed_cb (VsmAttachDialog *self)
{
  if (source_kind (self) == VSM_ATTACH_SOURCE_IMAGE)
    _vsm_attach_dialog_detect_image_format (self);
  _vsm_attach_dialog_update (self);
}

static void
bus_changed_cb (VsmAttachDialog *self)
{
  self->target_edited = FALSE;
  _vsm_attach_dialog_suggest_target (self);
  _vsm_attach_dialog_update (self);
}

static void
device_changed_cb (VsmAttachDialog *self)
{
  fill_buses (self);
  bus_changed_cb (self);
}

/* Now turned on or off by the user: the buses follow (only those that
 * hotplug while it is on). */
/* The buses follow whether the storage goes in now: the Now switch, and the
 * machine starting or stopping while the dialog is open. */
static void
refill_buses (VsmAttachDialog *self)
{
  g_autofree char *bus_before = g_strdup (combo_string (self->bus_row));

  fill_buses (self);
  if (g_strcmp0 (bus_before, combo_string (self->bus_row)) != 0)
    bus_changed_cb (self);
  else
    _vsm_attach_dialog_update (self);
}

static void
live_changed_cb (VsmAttachDialog *self)
{
  self->live_wanted = FALSE;
  refill_buses (self);
}

static void
source_changed_cb (VsmAttachDialog *self)
{
  VsmAttachSource kind = source_kind (self);
  const char *device = combo_string (self->device_row);

  /* Sensible device for the source: ISO → CD-ROM; LUN only for blocks. */
  if (kind == VSM_ATTACH_SOURCE_ISO && g_strcmp0 (device, "cdrom") != 0)
    adw_combo_row_set_selected (self->device_row, 1);
  else if (kind != VSM_ATTACH_SOURCE_ISO && g_strcmp0 (device, "cdrom") == 0)
    adw_combo_row_set_selected (self->device_row, 0);
  else if (kind != VSM_ATTACH_SOURCE_BLOCK && g_strcmp0 (device, "lun") == 0)
    adw_combo_row_set_selected (self->device_row, 0);
  if (kind == VSM_ATTACH_SOURCE_IMAGE)
    _vsm_attach_dialog_detect_image_format (self);
  _vsm_attach_dialog_update (self);
}

static void
vm_changed_cb (VsmAttachDialog *self)
{
  VsmDomain *dom = _vsm_attach_dialog_current_domain (self);

  g_signal_group_set_target (self->running_watch, dom);
  if (dom != NULL)
    {
      gtk_switch_set_active (self->live_switch, vsm_domain_get_running (dom));
      adw_window_title_set_subtitle (self->window_title, vsm_domain_get_name (dom));
    }
  self->target_edited = FALSE;
  _vsm_attach_dialog_load_config_targets (self);
  /* what this machine already has is not offered */
  _vsm_attach_dialog_refresh_choices (self);
  _vsm_attach_dialog_suggest_target (self);
  _vsm_attach_dialog_update (self);
}

/* ------------------------------------------------------------------ */

static void
buses_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(VsmAttachDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  GStrv buses = vsm_connection_query_finish (VSM_CONNECTION (object), result, &error);
  gboolean edited = self->target_edited;
  g_autofree char *bus_before = NULL;
  g_autofree char *typed = NULL;

  if (buses == NULL)
    return;
  bus_before = g_strdup (combo_string (self->bus_row));
  typed = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->target_row)));
  g_strfreev (self->buses);
  self->buses = buses;
  fill_buses (self);
  /* The list arrives after the dialog shows: a target the user typed in
   * the meantime stays (the refill looks like a bus change). */
  if (edited && g_strcmp0 (bus_before, combo_string (self->bus_row)) == 0)
    {
      self->target_edited = TRUE;
      g_signal_handlers_block_by_func (self->target_row, G_CALLBACK (changed_cb), self);
      gtk_editable_set_text (GTK_EDITABLE (self->target_row), typed);
      g_signal_handlers_unblock_by_func (self->target_row, G_CALLBACK (changed_cb), self);
    }
  _vsm_attach_dialog_suggest_target (self);
  _vsm_attach_dialog_update (self);
}

/* A machine's XML asked for: the answer counts only while that machine
 * is still the chosen one. */
static void
attached_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(VsmAttachDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  VsmAttachFailure failure = { 0, };
  VsmAttachResult r = vsm_host_attach_finish (VSM_HOST (object), result, &failure, &error);
  GtkWindow *parent;
  g_autofree char *msg = NULL;

  self->busy = FALSE;
  if (error != NULL)
    {
      g_autofree char *text = NULL;

      /* Cancelled: the dialog is gone (a volume made for the disk is
       * left alone: the call may still have reached the guest). */
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          vsm_attach_failure_clear (&failure);
          return;
        }
      gtk_widget_set_visible (GTK_WIDGET (self->spinner), FALSE);
      if (failure.stage == VSM_ATTACH_STAGE_CREATE)
        {
          vsm_report_error (GTK_WIDGET (self->error_label), _("Could not create the volume"), error);
          vsm_attach_failure_clear (&failure);
          _vsm_attach_dialog_update (self);
          return;
        }
      vsm_report_error (GTK_WIDGET (self->error_label), _("Could not attach the storage"), error);
      if (failure.volume != NULL)
        {
          g_autofree char *note = NULL;

          if (failure.volume_removed)
            note = g_strdup_printf (_("The new volume “%s” was deleted."), failure.volume);
          else
            note = g_strdup_printf (_("The new volume “%s” could not be deleted: %s"), failure.volume,
                                    failure.remove_error ? failure.remove_error->message : "");
          text = g_strdup_printf ("%s\n%s", error->message, note);
        }
      else
        text = g_strdup (error->message);
      vsm_attach_failure_clear (&failure);
      g_free (self->error);
      self->error = g_steal_pointer (&text);
      gtk_label_set_label (self->error_label, self->error);
      gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
      gtk_widget_set_sensitive (GTK_WIDGET (self->attach_button), TRUE);
      return;
    }

  switch (r)
    {
    case VSM_ATTACH_RESULT_AFTER_BOOT:
      msg = g_strdup_printf (_("%s will be attached after the next boot"), self->pending->target);
      break;
    case VSM_ATTACH_RESULT_WAITING:
      msg = g_strdup_printf (_("%s requested; waiting for the guest"), self->pending->target);
      break;
    case VSM_ATTACH_RESULT_SIMULATED:
      msg = g_strdup_printf (_("%s added to the machine’s configuration (simulated: the demo "
                               "changes only the configuration)"), self->pending->target);
      break;
    case VSM_ATTACH_RESULT_ATTACHED_NOW:
    default:
      msg = g_strdup_printf (_("%s attached now"), self->pending->target);
      break;
    }
  g_signal_emit (self, signals[ATTACHED], 0, (int) r);
  parent = gtk_window_get_transient_for (GTK_WINDOW (self));
  if (parent != NULL)
    vsm_show_toast (GTK_WIDGET (parent), msg);
  gtk_window_destroy (GTK_WINDOW (self));
}

/**
 * vsm_attach_dialog_attach:
 *
 * What the Attach button does: the model attaches the disk, creating a
 * new volume first when asked (and deleting it again if the attach
 * fails).
 */
void
vsm_attach_dialog_attach (VsmAttachDialog *self)
{
  g_autoptr(VsmVolumeSpec) vspec = NULL;
  VsmDomain *dom;
  VsmPool *pool = NULL;

  g_return_if_fail (VSM_IS_ATTACH_DIALOG (self));

  dom = _vsm_attach_dialog_current_domain (self);
  if (self->busy || dom == NULL)
    return;
  /* The spec as it is when Attach is pressed: once a new volume exists,
   * the form would say that its name is taken. */
  g_clear_pointer (&self->pending, vsm_disk_spec_free);
  self->pending = vsm_attach_dialog_dup_spec (self);
  if (self->pending == NULL)
    return;
  self->busy = TRUE;
  gtk_widget_set_sensitive (GTK_WIDGET (self->attach_button), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), TRUE);
  gtk_spinner_set_spinning (self->spinner, TRUE);

  if (source_kind (self) == VSM_ATTACH_SOURCE_NEW)
    {
      pool = g_ptr_array_index (self->pools, adw_combo_row_get_selected (self->new_pool_row));
      vspec = vsm_volume_spec_new ();
      vspec->name = g_strdup (self->pending->volume);
      vsm_size_parse (text_or_null (self->new_size_row), &vspec->capacity, NULL);
      vspec->format = g_strdup (self->pending->driver_type);
      vspec->prealloc = VSM_PREALLOC_OFF;
    }
  vsm_host_attach_async (self->host, dom, self->pending, vsm_attach_dialog_get_flags (self), pool, vspec,
                         self->cancellable, attached_cb, g_object_ref (self));
}

static void
vsm_attach_dialog_dispose (GObject *object)
{
  VsmAttachDialog *self = VSM_ATTACH_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  if (self->reading != NULL)
    g_cancellable_cancel (self->reading);
  g_clear_object (&self->reading);
  gtk_widget_dispose_template (GTK_WIDGET (self), VSM_TYPE_ATTACH_DIALOG);
  g_clear_object (&self->running_watch);
  g_clear_object (&self->host);
  g_clear_object (&self->domain);

  G_OBJECT_CLASS (vsm_attach_dialog_parent_class)->dispose (object);
}

static void
vsm_attach_dialog_finalize (GObject *object)
{
  VsmAttachDialog *self = VSM_ATTACH_DIALOG (object);

  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->domains, g_ptr_array_unref);
  g_clear_pointer (&self->volumes, g_ptr_array_unref);
  g_clear_pointer (&self->isos, g_ptr_array_unref);
  g_clear_pointer (&self->pools, g_ptr_array_unref);
  g_strfreev (self->buses);
  g_clear_pointer (&self->config_targets, g_ptr_array_unref);
  g_free (self->error);
  g_clear_pointer (&self->pending, vsm_disk_spec_free);

  G_OBJECT_CLASS (vsm_attach_dialog_parent_class)->finalize (object);
}

static void
vsm_attach_dialog_class_init (VsmAttachDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = vsm_attach_dialog_dispose;
  object_class->finalize = vsm_attach_dialog_finalize;

  /**
   * VsmAttachDialog::attached:
   * @result: a #VsmAttachResult
   */
  signals[ATTACHED] = g_signal_new ("attached", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                    0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/virtstorage/VirtStorage/ui/vsm-attach-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, VsmAttachDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, VsmAttachDialog, vm_row);
  gtk_widget_class_bind_template_child (widget_class, VsmAttachDialog, source_row);
  gtk_widget_class_bind_template_child (widget_class, VsmAttachDialog, volume_row);
  gtk_widget_class_bind_template_child (widget_class, VsmAttachDialog, new_pool_row);
  gtk_widget_class_bind_template_child (widget_class, VsmAttachDialog, new_name_row);
  gtk_widget_class_bind_template_child (widget_class, VsmAttachDialog, new_size_row);
  gtk_widget_class_bind_template_child (widget_class, VsmAttachDialog, new_format_row);
  gtk_widget_class_bind_template_child (widget_class, VsmAttachDialog, iso_row);
  gtk_widget_class_bind_template_child (widget_class, VsmAttachDialog, path_row);
  gtk_widget_class_bind_template_child (widget_class, VsmAttachDialog, image_format_row);
  gtk_widget_class_bind_template_child (widget_class, VsmAttachDialog, device_row);
  gtk_widget_class_bind_template_child (widget_class, VsmAttachDialog, bus_row);
  gtk_widget_class_bind_template_child (widget_class, VsmAttachDialog, target_row);
  gtk_widget_class_bind_template_child (widget_class, VsmAttachDialog, readonly_row);
  gtk_widget_class_bind_template_child (widget_class, VsmAttachDialog, readonly_switch);
  gtk_widget_class_bind_template_child (widget_class, VsmAttachDialog, shareable_switch);
  gtk_widget_class_bind_template_child (widget_class, VsmAttachDialog, cache_row);
  gtk_widget_class_bind_template_child (widget_class, VsmAttachDialog, io_row);
  gtk_widget_class_bind_template_child (widget_class, VsmAttachDialog, discard_row);
  gtk_widget_class_bind_template_child (widget_class, VsmAttachDialog, serial_row);
  gtk_widget_class_bind_template_child (widget_class, VsmAttachDialog, live_row);
  gtk_widget_class_bind_template_child (widget_class, VsmAttachDialog, live_switch);
  gtk_widget_class_bind_template_child (widget_class, VsmAttachDialog, config_switch);
  gtk_widget_class_bind_template_child (widget_class, VsmAttachDialog, when_label);
  gtk_widget_class_bind_template_child (widget_class, VsmAttachDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, VsmAttachDialog, review_group);
  gtk_widget_class_bind_template_child (widget_class, VsmAttachDialog, command_slot);
  gtk_widget_class_bind_template_child (widget_class, VsmAttachDialog, xml_label);
  gtk_widget_class_bind_template_child (widget_class, VsmAttachDialog, attach_button);
  gtk_widget_class_bind_template_child (widget_class, VsmAttachDialog, spinner);
  gtk_widget_class_bind_template_callback (widget_class, changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, path_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, bus_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, device_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, live_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, source_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, vm_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, vsm_attach_dialog_attach);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
vsm_attach_dialog_init (VsmAttachDialog *self)
{
  self->cancellable = g_cancellable_new ();
  self->domains = g_ptr_array_new_with_free_func (g_object_unref);
  self->volumes = g_ptr_array_new_with_free_func ((GDestroyNotify) vsm_volume_choice_free);
  self->isos = g_ptr_array_new_with_free_func ((GDestroyNotify) vsm_volume_choice_free);
  self->pools = g_ptr_array_new_with_free_func (g_object_unref);
  self->config_targets = g_ptr_array_new_with_free_func (g_free);
  self->running_watch = g_signal_group_new (VSM_TYPE_DOMAIN);
  g_signal_group_connect_swapped (self->running_watch, "notify::running", G_CALLBACK (refill_buses), self);
  gtk_widget_init_template (GTK_WIDGET (self));
  vsm_combo_row_show_labels (self->device_row, vsm_disk_value_to_label);
  vsm_combo_row_show_labels (self->bus_row, vsm_disk_value_to_label);
  vsm_combo_row_show_labels (self->cache_row, vsm_disk_value_to_label);
  vsm_combo_row_show_labels (self->io_row, vsm_disk_value_to_label);
  vsm_combo_row_show_labels (self->discard_row, vsm_disk_value_to_label);
}

/**
 * vsm_attach_dialog_new:
 * @domain: (nullable): the machine; %NULL shows a machine chooser
 * @pool: (nullable): with @volume_name, the volume to preselect
 */
GtkWidget *
vsm_attach_dialog_new (GtkWindow  *parent,
                       VsmHost    *host,
                       VsmDomain  *domain,
                       VsmPool    *pool,
                       const char *volume_name)
{
  VsmAttachDialog *self;
  VsmDomain *dom;
  gboolean iso;

  g_return_val_if_fail (VSM_IS_HOST (host), NULL);

  self = g_object_new (VSM_TYPE_ATTACH_DIALOG, "transient-for", parent, "modal", TRUE, NULL);
  self->host = g_object_ref (host);
  self->domain = domain ? g_object_ref (domain) : NULL;

  if (domain == NULL)
    {
      g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
      VsmKeyedList *doms = vsm_host_get_domains (host);

      for (guint i = 0; i < vsm_keyed_list_get_n_items (doms); i++)
        {
          VsmDomain *d = vsm_keyed_list_get (doms, i);
          g_autofree char *label = g_strdup_printf ("%s (%s)", vsm_domain_get_name (d),
                                                    vsm_domain_state_to_label (vsm_domain_get_state (d)));
          g_ptr_array_add (self->domains, g_object_ref (d));
          gtk_string_list_append (names, label);
        }
      adw_combo_row_set_model (self->vm_row, G_LIST_MODEL (names));
      gtk_widget_set_visible (GTK_WIDGET (self->vm_row), TRUE);
      /* Opened from a volume: first a machine that does not use it yet
       * (its own disks are not offered to it) */
      if (pool != NULL && volume_name != NULL)
        {
          VsmVolume *vol = vsm_keyed_list_lookup (vsm_pool_get_volumes (pool), volume_name);

          for (guint i = 0; vol != NULL && i < self->domains->len; i++)
            {
              VsmVolumeChoice c = { .pool = (char *) vsm_pool_get_name (pool), .volume = (char *) volume_name,
                                    .path = (char *) vsm_volume_get_path (vol) };

              if (!_vsm_attach_dialog_domain_uses (g_ptr_array_index (self->domains, i), &c))
                {
                  adw_combo_row_set_selected (self->vm_row, i);
                  break;
                }
            }
        }
    }

  iso = _vsm_attach_dialog_collect_volumes (self, pool, volume_name);
  /* Every active pool's volumes are choices, not only those of the pools
   * opened so far: list the others now, and the choices follow (issue 13,
   * item 3: a fresh session offered 3 volumes and no ISO). */
  {
    VsmKeyedList *pools = vsm_host_get_pools (host);

    for (guint i = 0; i < vsm_keyed_list_get_n_items (pools); i++)
      {
        VsmPool *p = vsm_keyed_list_get (pools, i);

        if (!vsm_pool_get_active (p))
          continue;
        g_signal_connect_object (p, "notify::volumes-loaded", G_CALLBACK (_vsm_attach_dialog_refresh_choices), self,
                                 G_CONNECT_SWAPPED);
        if (!vsm_pool_get_volumes_loaded (p) && !vsm_pool_get_volumes_loading (p))
          vsm_host_load_volumes (host, p);
      }
  }
  fill_string_list (self->device_row, devices_all);
  gtk_editable_set_text (GTK_EDITABLE (self->new_size_row), "20 GiB");
  {
    g_autofree char *name = g_strdup_printf ("%s-disk.qcow2", domain ? vsm_domain_get_name (domain) : "vm");
    gtk_editable_set_text (GTK_EDITABLE (self->new_name_row), name);
  }
  fill_buses (self);

  dom = _vsm_attach_dialog_current_domain (self);
  g_signal_group_set_target (self->running_watch, dom);
  if (dom != NULL)
    {
      gtk_switch_set_active (self->live_switch, vsm_domain_get_running (dom));
      adw_window_title_set_subtitle (self->window_title, vsm_domain_get_name (dom));
      vsm_connection_query_async (vsm_host_get_connection (host),
                                  &(VsmQuery) { .kind = VSM_QUERY_DISK_BUSES,
                                                .uuid = vsm_domain_get_uuid (dom) },
                                  self->cancellable, buses_cb, g_object_ref (self));
      _vsm_attach_dialog_load_config_targets (self);
    }
  _vsm_attach_dialog_suggest_target (self);
  /* "Attach to VM…" on an ISO image: as a CD-ROM. */
  if (iso)
    adw_combo_row_set_selected (self->source_row, VSM_ATTACH_SOURCE_ISO);
  source_changed_cb (self);
  return GTK_WIDGET (self);
}

void
vsm_attach_dialog_set_source (VsmAttachDialog *self,
                              VsmAttachSource  source)
{
  g_return_if_fail (VSM_IS_ATTACH_DIALOG (self));
  adw_combo_row_set_selected (self->source_row, source);
}

/**
 * vsm_attach_dialog_set_field:
 * @field: "path", "target", "new-name", "new-size", "serial", or a combo
 *   ("device", "bus", "cache", "io", "discard", "format") by item text,
 *   or "live"/"config"/"readonly"/"shareable" with "true"/"false"
 */
void
vsm_attach_dialog_set_field (VsmAttachDialog *self,
                             const char      *field,
                             const char      *value)
{
  AdwComboRow *combo = NULL;
  GtkSwitch *sw = NULL;
  AdwEntryRow *entry = NULL;

  g_return_if_fail (VSM_IS_ATTACH_DIALOG (self));

  if (g_str_equal (field, "path")) entry = self->path_row;
  else if (g_str_equal (field, "target")) { entry = self->target_row; self->target_edited = TRUE; }
  else if (g_str_equal (field, "new-name")) entry = self->new_name_row;
  else if (g_str_equal (field, "new-size")) entry = self->new_size_row;
  else if (g_str_equal (field, "serial")) entry = self->serial_row;
  else if (g_str_equal (field, "device")) combo = self->device_row;
  else if (g_str_equal (field, "bus")) combo = self->bus_row;
  else if (g_str_equal (field, "cache")) combo = self->cache_row;
  else if (g_str_equal (field, "io")) combo = self->io_row;
  else if (g_str_equal (field, "discard")) combo = self->discard_row;
  else if (g_str_equal (field, "format")) combo = self->new_format_row;
  else if (g_str_equal (field, "live")) sw = self->live_switch;
  else if (g_str_equal (field, "config")) sw = self->config_switch;
  else if (g_str_equal (field, "readonly")) sw = self->readonly_switch;
  else if (g_str_equal (field, "shareable")) sw = self->shareable_switch;

  if (entry != NULL)
    gtk_editable_set_text (GTK_EDITABLE (entry), value);
  else if (sw != NULL)
    gtk_switch_set_active (sw, g_str_equal (value, "true"));
  else if (combo != NULL)
    {
      GListModel *model = adw_combo_row_get_model (combo);
      for (guint i = 0; model != NULL && i < g_list_model_get_n_items (model); i++)
        {
          g_autoptr(GtkStringObject) s = g_list_model_get_item (model, i);
          if (g_str_equal (gtk_string_object_get_string (s), value))
            adw_combo_row_set_selected (combo, i);
        }
    }
  if (g_str_equal (field, "target"))
    self->target_edited = TRUE;
  _vsm_attach_dialog_update (self);
}

const char *
vsm_attach_dialog_get_error (VsmAttachDialog *self)
{
  g_return_val_if_fail (VSM_IS_ATTACH_DIALOG (self), NULL);
  return self->error;
}

char *
vsm_attach_dialog_dup_xml (VsmAttachDialog *self)
{
  g_autoptr(VsmDiskSpec) spec = vsm_attach_dialog_dup_spec (self);
  /* As shown in the review: without the final newline. */
  char *xml = spec ? vsm_disk_xml_build (spec, NULL) : NULL;

  return xml ? g_strchomp (xml) : NULL;
}

char *
vsm_attach_dialog_dup_command (VsmAttachDialog *self)
{
  g_autoptr(VsmDiskSpec) spec = vsm_attach_dialog_dup_spec (self);
  VsmDomain *dom = _vsm_attach_dialog_current_domain (self);

  return spec && dom ? vsm_attach_command (spec, vsm_host_get_uri (self->host), vsm_domain_get_name (dom),
                                           vsm_attach_dialog_get_flags (self))
                     : NULL;
}
