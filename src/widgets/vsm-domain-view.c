/* vsm-domain-view.c
 *
 * A virtual machine's disks and drives: target, bus, source, read-only,
 * and where the live and the persistent configuration differ. Detach,
 * eject and insert media from here; Attach Storage opens the dialog.
 *
 * Copyright 2026 Virt Storage developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vsm-domain-view"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "vsm-attach-dialog.h"
#include "vsm-dialogs.h"
#include "vsm-virsh.h"
#include "vsm-domain-ops.h"
#include "vsm-disk-row.h"
#include "vsm-domain-view.h"
#include "vsm-host-attach.h"
#include "vsm-volume-forms.h"
#include "vsm-disk-spec.h"
#include "vsm-error.h"
#include "vsm-volume.h"

struct _VsmDomainView
{
  GtkWidget      parent_instance;
  AdwStatusPage *none_page;

  VsmHost       *host;
  VsmDomain     *domain;
  GCancellable  *cancellable;
  gulong         notify_id;
  guint          n_disks;
  guint          generation;
  GPtrArray     *live_disks;     /* VsmDiskSnapshot of the last load; NULL when shut off */
  GPtrArray     *config_disks;   /* of the persistent definition; NULL when transient */

  GtkStack      *stack;
  GtkLabel      *name_label;
  GtkLabel      *state_label;
  GtkListBox    *disk_list;
  GtkLabel      *hint_label;
};

G_DEFINE_FINAL_TYPE (VsmDomainView, vsm_domain_view, GTK_TYPE_WIDGET)

static VsmDiskSnapshot *
find_target (GPtrArray  *disks,
             const char *target)
{
  for (guint i = 0; disks != NULL && i < disks->len; i++)
    {
      VsmDiskSnapshot *d = g_ptr_array_index (disks, i);
      if (g_strcmp0 (d->target_dev, target) == 0)
        return d;
    }
  return NULL;
}

static void
add_disk_row (VsmDomainView   *self,
              VsmDiskSnapshot *disk,
              gboolean         in_live,
              gboolean         in_config)
{
  gtk_list_box_append (self->disk_list, vsm_disk_row_new (disk, in_live, in_config,
                                                          vsm_domain_get_running (self->domain)));
  self->n_disks++;
}

typedef struct
{
  VsmDomainView *self;
  guint          generation;
} Load;

static void
xml_cb (GObject      *object,
        GAsyncResult *result,
        gpointer      user_data)
{
  Load *load = user_data;
  g_autoptr(VsmDomainView) self = load->self;
  g_autoptr(GError) error = NULL;
  g_autofree char *live = NULL;
  g_autofree char *config = NULL;
  g_autoptr(GPtrArray) live_disks = NULL;
  g_autoptr(GPtrArray) config_disks = NULL;
  GtkWidget *child;
  guint generation = load->generation;

  g_free (load);
  if (!vsm_domain_get_xml_finish (VSM_CONNECTION (object), result, &live, &config, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) && generation == self->generation)
        vsm_report_error (GTK_WIDGET (self), _("Could not read the virtual machine's disks"), error);
      return;
    }
  if (generation != self->generation)
    return;

  if (live != NULL)
    live_disks = vsm_domain_disks_from_xml (live, strlen (live));
  if (config != NULL)
    config_disks = vsm_domain_disks_from_xml (config, strlen (config));
  g_clear_pointer (&self->live_disks, g_ptr_array_unref);
  g_clear_pointer (&self->config_disks, g_ptr_array_unref);
  if (vsm_domain_get_running (self->domain) && live_disks != NULL)
    self->live_disks = g_ptr_array_ref (live_disks);
  if (config_disks != NULL)
    self->config_disks = g_ptr_array_ref (config_disks);

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->disk_list))) != NULL)
    gtk_list_box_remove (self->disk_list, child);
  self->n_disks = 0;

  /* Running: the live devices, plus config-only ones ("after next boot").
   * Shut off: the persistent configuration. */
  if (vsm_domain_get_running (self->domain) && live_disks != NULL)
    {
      for (guint i = 0; i < live_disks->len; i++)
        {
          VsmDiskSnapshot *d = g_ptr_array_index (live_disks, i);
          add_disk_row (self, d, TRUE, config_disks == NULL || find_target (config_disks, d->target_dev) != NULL);
        }
      for (guint i = 0; config_disks != NULL && i < config_disks->len; i++)
        {
          VsmDiskSnapshot *d = g_ptr_array_index (config_disks, i);
          if (find_target (live_disks, d->target_dev) == NULL)
            add_disk_row (self, d, FALSE, TRUE);
        }
    }
  else
    {
      GPtrArray *disks = config_disks ? config_disks : live_disks;
      for (guint i = 0; disks != NULL && i < disks->len; i++)
        add_disk_row (self, g_ptr_array_index (disks, i), FALSE, TRUE);
    }

  if (self->n_disks == 0)
    {
      GtkWidget *row = adw_action_row_new ();
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("No disks or drives"));
      gtk_list_box_append (self->disk_list, row);
    }
}

/* Reads the domain's disks again (live and configuration) and shows them. */
static void
reload_disks (VsmDomainView *self)
{
  Load *load;

  if (self->domain == NULL || self->host == NULL)
    return;
  load = g_new0 (Load, 1);
  load->self = g_object_ref (self);
  load->generation = ++self->generation;
  vsm_domain_get_xml_async (vsm_host_get_connection (self->host), vsm_domain_get_uuid (self->domain),
                            self->cancellable, xml_cb, load);
}

static void
update_header (VsmDomainView *self)
{
  if (self->domain == NULL)
    return;
  gtk_label_set_label (self->name_label, vsm_domain_get_name (self->domain));
  gtk_label_set_label (self->state_label, vsm_domain_state_to_label (vsm_domain_get_state (self->domain)));
  {
    /* libvirt's crashed (kept for a dump) and pmsuspended domains still
     * have a process: only Force Off ends them */
    VsmDomainState state = vsm_domain_get_state (self->domain);
    gboolean off = state == VSM_DOMAIN_STATE_SHUT_OFF;
    gboolean on = vsm_domain_get_running (self->domain) || state == VSM_DOMAIN_STATE_SHUTTING_DOWN;

    gtk_widget_action_set_enabled (GTK_WIDGET (self), "domain.start", off);
    gtk_widget_action_set_enabled (GTK_WIDGET (self), "domain.shutdown", on);
    gtk_widget_action_set_enabled (GTK_WIDGET (self), "domain.force-off",
                                   on || state == VSM_DOMAIN_STATE_CRASHED || state == VSM_DOMAIN_STATE_SUSPENDED);
  }
  gtk_label_set_label (self->hint_label,
                       vsm_domain_get_running (self->domain)
                         ? _("The machine is running: changes apply now and, if you choose, to its configuration. IDE and floppy drives cannot be added while it runs.")
                         : _("The machine is shut off: changes are saved to its configuration and apply at the next start."));
}

static void
domain_changed_cb (VsmDomainView *self)
{
  update_header (self);
  reload_disks (self);
}

void
vsm_domain_view_set_domain (VsmDomainView *self,
                            VsmHost       *host,
                            VsmDomain     *domain)
{
  g_return_if_fail (VSM_IS_DOMAIN_VIEW (self));

  if (self->domain != NULL)
    g_clear_signal_handler (&self->notify_id, self->domain);
  g_set_object (&self->host, host);
  g_set_object (&self->domain, domain);
  self->generation++;

  if (domain == NULL)
    {
      gtk_stack_set_visible_child_name (self->stack, "none");
      return;
    }
  self->notify_id = g_signal_connect_object (domain, "notify::state", G_CALLBACK (domain_changed_cb),
                                             self, G_CONNECT_SWAPPED);
  gtk_stack_set_visible_child_name (self->stack, "domain");
  update_header (self);
  reload_disks (self);
}

/* ------------------------------------------------------------------ */

static VsmAttachFlags
default_flags (VsmDomainView *self)
{
  return vsm_domain_get_running (self->domain) ? VSM_ATTACH_LIVE | VSM_ATTACH_CONFIG : VSM_ATTACH_CONFIG;
}

typedef struct
{
  VsmDomainView *self;
  char          *target;
  gboolean       eject;
  gboolean       in_config;   /* eject: the persistent definition has the drive */
  VsmDomain     *domain;      /* eject: the machine asked about (the view may move on) */
} DiskCall;

static void
disk_call_free (DiskCall *c)
{
  g_clear_object (&c->self);
  g_clear_object (&c->domain);
  g_free (c->target);
  g_free (c);
}

static void detach_done_cb (GObject      *object,
                            GAsyncResult *result,
                            gpointer      user_data);
static void media_done_cb  (GObject      *object,
                            GAsyncResult *result,
                            gpointer      user_data);

/* Detaches (@medium unused) or changes the medium of c->target in @domain
 * through the model; the answer goes to detach_done_cb or media_done_cb. */
static void
change_disk (DiskCall          *c,
             VsmDomain         *domain,
             VsmDiskChangeKind  kind,
             const VsmDiskSpec *medium,
             VsmAttachFlags     flags)
{
  vsm_host_change_disk_async (c->self->host,
                              &(VsmDiskChange) { .kind = kind, .domain_uuid = vsm_domain_get_uuid (domain),
                                                 .target = c->target, .disk = medium, .flags = flags,
                                                 .timeout_ms = 5000 },
                              c->self->cancellable,
                              kind == VSM_DISK_CHANGE_DETACH ? detach_done_cb : media_done_cb, c);
}

static void
detach_done_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  DiskCall *c = user_data;
  g_autoptr(GError) error = NULL;
  VsmAttachResult r = vsm_host_change_disk_finish (VSM_HOST (object), result, &error);
  g_autofree char *msg = NULL;

  if (error != NULL)
    {
      g_autofree char *summary = g_strdup_printf (_("Could not detach %s"), c->target);
      vsm_report_error (GTK_WIDGET (c->self), summary, error);
    }
  else
    {
      switch (r)
        {
        case VSM_ATTACH_RESULT_WAITING:
          msg = g_strdup_printf (_("Detach of %s requested: the guest has not released it yet"), c->target);
          break;
        case VSM_ATTACH_RESULT_SIMULATED:
          msg = g_strdup_printf (_("%s removed from the machine’s configuration (simulated: the demo "
                                   "changes only the configuration)"), c->target);
          break;
        case VSM_ATTACH_RESULT_AFTER_BOOT:
          msg = g_strdup_printf (_("%s will be gone after the next boot"), c->target);
          break;
        case VSM_ATTACH_RESULT_ATTACHED_NOW:
        default:
          msg = g_strdup_printf (_("%s detached"), c->target);
          break;
        }
      vsm_show_toast (GTK_WIDGET (c->self), msg);
    }
  /* the model re-read the host; this view re-reads the machine's disks */
  reload_disks (c->self);
  disk_call_free (c);
}

static void
detach_response_cb (GObject      *dialog,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  DiskCall *c = user_data;

  if (!g_str_equal (vsm_message_dialog_choose_finish (ADW_MESSAGE_DIALOG (dialog), result), "detach") ||
      c->self->host == NULL || c->self->domain == NULL)
    {
      disk_call_free (c);
      return;
    }
  change_disk (c, c->self->domain, VSM_DISK_CHANGE_DETACH, NULL, default_flags (c->self));
}

/* "virsh" or "virsh -c 'URI'" for the confirmations. */
static char *
virsh_prefix (VsmDomainView *self)
{
  return g_string_free (vsm_virsh_new (vsm_host_get_uri (self->host)), FALSE);
}

static void
detach_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  VsmDomainView *self = VSM_DOMAIN_VIEW (widget);
  const char *target = g_variant_get_string (param, NULL);
  g_autofree char *heading = NULL;
  g_autofree char *cmd = NULL;
  g_autofree char *dom = NULL;
  g_autofree char *prefix = NULL;
  const char *body;
  GtkWidget *dialog;
  DiskCall *c;
  gboolean running, in_live, in_config;

  if (self->domain == NULL || self->host == NULL)
    return;
  running = vsm_domain_get_running (self->domain);
  /* Say where the drive is removed from (a drive may be in the running
   * machine only, or in its configuration only); unknown: both. */
  in_live = running && (self->live_disks == NULL || find_target (self->live_disks, target) != NULL);
  in_config = !running || self->config_disks == NULL || find_target (self->config_disks, target) != NULL;
  heading = g_strdup_printf (_("Detach %s from “%s”?"), target, vsm_domain_get_name (self->domain));
  /* A URI may hold "&" or ";" (qemu+ssh://h/system?keyfile=…&…): quoted. */
  prefix = virsh_prefix (self);
  dom = vsm_virsh_quote (vsm_domain_get_name (self->domain));
  cmd = g_strdup_printf ("%s detach-disk %s %s %s", prefix, dom, target,
                         in_live && in_config ? "--live --config" : in_live ? "--live" : "--config");
  if (in_live && in_config)
    body = _("The drive is removed from the running machine and from its configuration. The guest must release it: a disk in use may stay until the guest lets go. The volume and its data are kept.");
  else if (in_live)
    body = _("The drive is removed from the running machine (its configuration does not have it). The guest must release it: a disk in use may stay until the guest lets go. The volume and its data are kept.");
  else if (running)
    body = _("The drive is not in the running machine: it is removed from the machine's configuration, so it does not come back at the next boot. The volume and its data are kept.");
  else
    body = _("The drive is removed from the machine's configuration. The volume and its data are kept.");
  dialog = vsm_confirm_dialog_new (widget, heading, body, cmd, "detach", _("_Detach"));
  c = g_new0 (DiskCall, 1);
  c->self = g_object_ref (self);
  c->target = g_strdup (target);
  vsm_message_dialog_choose_async (ADW_MESSAGE_DIALOG (dialog), NULL, detach_response_cb, c);
}


static void
unplug_response_cb (GObject      *dialog,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  DiskCall *c = user_data;
  const char *response = vsm_message_dialog_choose_finish (ADW_MESSAGE_DIALOG (dialog), result);
  VsmAttachFlags how;

  if (g_str_equal (response, "remove"))
    how = VSM_ATTACH_UNPLUG;
  else if (g_str_equal (response, "save"))
    how = VSM_ATTACH_SAVE_RESUME;
  else
    {
      disk_call_free (c);
      return;
    }
  if (c->self->host == NULL)
    {
      disk_call_free (c);
      return;
    }
  if (how == VSM_ATTACH_SAVE_RESUME)
    {
      g_autofree char *msg = g_strdup_printf (_("Saving and resuming “%s”…"), vsm_domain_get_name (c->domain));
      vsm_show_toast (GTK_WIDGET (c->self), msg);
    }
  change_disk (c, c->domain, VSM_DISK_CHANGE_MEDIA, NULL, VSM_ATTACH_LIVE | VSM_ATTACH_CONFIG | how);
}

/* libvirt cannot open the tray of this drive: say what ejecting does
 * instead, and do it only once the user agrees. */
static void
confirm_unplug (DiskCall *c)
{
  VsmDomainView *self = c->self;
  g_autofree char *heading = NULL;
  g_autofree char *cmd = NULL;
  g_autofree char *prefix = virsh_prefix (self);
  g_autofree char *dom = vsm_virsh_quote (vsm_domain_get_name (c->domain));
  g_autofree char *body = NULL;
  gboolean in_config = find_target (self->config_disks, c->target) != NULL;
  GtkWidget *dialog;
  DiskCall *copy;

  if (in_config)
    {
      heading = g_strdup_printf (_("Eject %s?"), c->target);
      /* A persistent machine (its configuration has the drive) can also
       * be saved and resumed: libvirt then knows the tray. */
      cmd = g_strdup_printf ("# %s\n%s detach-disk %s %s --live\n%s change-media %s %s --eject --config\n"
                             "# %s\n%s managedsave %s\n%s start %s\n%s change-media %s %s --eject --live --config",
                             _("Remove the drive:"), prefix, dom, c->target, prefix, dom, c->target,
                             _("Or save and resume the machine, then eject:"), prefix, dom, prefix, dom,
                             prefix, dom, c->target);
      body = g_strdup_printf ("%s\n\n%s",
                              _("This drive was added while the machine runs; this libvirt version cannot open its tray, so ejecting removes the drive from the running machine. After the next boot it is back, empty."),
                              _("Or save the machine's state to disk and resume it: it pauses while its memory is written and read back (seconds, longer with much memory), then libvirt can open the tray; the medium is ejected and the drive stays."));
    }
  else
    {
      heading = g_strdup_printf (_("Eject %s by Removing the Drive?"), c->target);
      cmd = g_strdup_printf ("%s detach-disk %s %s --live", prefix, dom, c->target);
      body = g_strdup (_("This drive was added while the machine runs; this libvirt version cannot open its tray, so ejecting removes the drive from the running machine. It is not in the machine's configuration, so it does not come back after the next boot."));
    }
  dialog = vsm_confirm_dialog_new (GTK_WIDGET (self), heading, body, cmd, "remove", _("_Remove Drive"));
  /* The third choice, for a persistent machine (managed save needs one);
   * neither is suggested: each has its cost. */
  if (in_config)
    adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "save", _("_Save, Resume and Eject"));
  gtk_widget_set_name (dialog, "vsm-eject-unplug");
  copy = g_new0 (DiskCall, 1);
  copy->self = g_object_ref (self);
  copy->target = g_strdup (c->target);
  copy->eject = TRUE;
  copy->in_config = in_config;
  copy->domain = g_object_ref (c->domain);
  vsm_message_dialog_choose_async (ADW_MESSAGE_DIALOG (dialog), NULL, unplug_response_cb, copy);
}

static void
media_done_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  DiskCall *c = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *msg = NULL;
  VsmMediaResult r = vsm_host_change_disk_finish (VSM_HOST (object), result, &error);

  switch (r)
    {
    case VSM_MEDIA_RESULT_FAILED:
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_autofree char *summary = g_strdup_printf (_("Could not change the medium in %s"), c->target);
          vsm_report_error (GTK_WIDGET (c->self), summary, error);
        }
      break;
    case VSM_MEDIA_RESULT_NEEDS_UNPLUG:
      /* Nothing changed; ask only while the view still shows that
       * machine (its last load tells whether the config has the drive). */
      if (c->self->domain == c->domain && c->self->host != NULL)
        confirm_unplug (c);
      break;
    case VSM_MEDIA_RESULT_UNPLUGGED:
      msg = g_strdup_printf (c->in_config ? _("%s removed from the running machine: it is back, empty, after the next boot")
                                          : _("%s removed from the running machine"), c->target);
      break;
    case VSM_MEDIA_RESULT_AFTER_BOOT:
      msg = g_strdup_printf (_("The medium of %s changes at the next boot"), c->target);
      break;
    case VSM_MEDIA_RESULT_PLUGGED:
      msg = g_strdup_printf (_("%s is back in the running machine, with the new medium"), c->target);
      break;
    case VSM_MEDIA_RESULT_SIMULATED:
      msg = g_strdup_printf (c->eject ? _("Medium ejected from %s in the machine’s configuration (simulated: "
                                          "the demo changes only the configuration)")
                                      : _("Medium inserted into %s in the machine’s configuration (simulated: "
                                          "the demo changes only the configuration)"), c->target);
      break;
    case VSM_MEDIA_RESULT_RESUMED:
      msg = g_strdup_printf (_("Medium ejected from %s; the machine was saved and resumed"), c->target);
      break;
    case VSM_MEDIA_RESULT_REPLUGGED:
    case VSM_MEDIA_RESULT_CHANGED:
    default:
      msg = g_strdup_printf (c->eject ? _("Medium ejected from %s") : _("Medium inserted into %s"), c->target);
      break;
    }
  if (msg != NULL)
    vsm_show_toast (GTK_WIDGET (c->self), msg);
  if (r != VSM_MEDIA_RESULT_NEEDS_UNPLUG)
    reload_disks (c->self);
  disk_call_free (c);
}

static void
eject_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *param)
{
  VsmDomainView *self = VSM_DOMAIN_VIEW (widget);
  DiskCall *c;

  if (self->domain == NULL || self->host == NULL)
    return;
  c = g_new0 (DiskCall, 1);
  c->self = g_object_ref (self);
  c->target = g_strdup (g_variant_get_string (param, NULL));
  c->eject = TRUE;
  c->domain = g_object_ref (self->domain);
  /* A real eject first: where libvirt cannot open the tray it changes
   * nothing and says so (NEEDS_UNPLUG), and the user is asked. */
  change_disk (c, self->domain, VSM_DISK_CHANGE_MEDIA, NULL, default_flags (self));
}

/* @user_data: the DiskCall of the drive asked about; it goes on to the
 * media change, as detach's does. */
static void
insert_answered_cb (GObject      *dialog,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  DiskCall *c = user_data;
  VsmDomainView *self = c->self;
  g_autoptr(VsmDiskSpec) medium = vsm_disk_spec_new ();

  if (g_str_equal (vsm_message_dialog_choose_finish (ADW_MESSAGE_DIALOG (dialog), result), "insert") &&
      self->host != NULL && self->domain != NULL &&
      vsm_insert_dialog_fill_medium (VSM_INSERT_DIALOG (dialog), medium))
    {
      g_free (medium->device);
      medium->device = g_strdup ("cdrom");
      medium->target = g_strdup (c->target);
      medium->readonly = TRUE;
      change_disk (c, self->domain, VSM_DISK_CHANGE_MEDIA, medium, default_flags (self));
      return;
    }
  disk_call_free (c);
}

static void
insert_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  VsmDomainView *self = VSM_DOMAIN_VIEW (widget);
  const char *target = g_variant_get_string (param, NULL);
  g_autoptr(GPtrArray) volumes = g_ptr_array_new_with_free_func ((GDestroyNotify) vsm_volume_choice_free);
  g_autoptr(GPtrArray) isos = g_ptr_array_new_with_free_func ((GDestroyNotify) vsm_volume_choice_free);
  g_autoptr(GPtrArray) pools = g_ptr_array_new_with_free_func (g_object_unref);
  g_autofree char *heading = NULL;
  g_autofree char *body = NULL;
  g_autofree char *prefix = NULL;
  g_autofree char *dom = NULL;
  g_autofree char *cmd = NULL;
  g_autofree char *update = NULL;
  GtkWidget *dialog;
  DiskCall *c;

  if (self->host == NULL || self->domain == NULL)
    return;

  /* the ISO images of the connection's listed volumes, by name */
  vsm_host_collect_attach_choices (self->host, volumes, isos, pools);

  heading = g_strdup_printf (_("Insert a Medium into %s"), target);
  body = g_strdup (_("Choose an ISO volume of this connection, or type the path of an image on the host."));
  /* A drive only in the configuration of the running machine (e.g. ejected
   * by removing it): the service plugs it in again where the bus allows. */
  if (vsm_domain_get_running (self->domain) && self->live_disks != NULL &&
      find_target (self->live_disks, target) == NULL)
    {
      VsmDiskSnapshot *d = find_target (self->config_disks, target);
      const char *note = d != NULL && vsm_disk_bus_can_hotplug (d->target_bus, d->device)
        ? _("The drive is not in the running machine: inserting plugs it in again, with the medium, and keeps it in the configuration.")
        : _("The drive is not in the running machine and its bus cannot take devices while the machine runs: the medium is there after the next boot.");
      g_autofree char *both = g_strdup_printf ("%s\n\n%s", body, note);
      g_free (body);
      body = g_steal_pointer (&both);
    }
  prefix = virsh_prefix (self);
  dom = vsm_virsh_quote (vsm_domain_get_name (self->domain));
  cmd = g_strdup_printf ("%s change-media %s %s", prefix, dom, target);
  update = g_strdup_printf ("%s update-device %s", prefix, dom);
  dialog = vsm_insert_dialog_new (GTK_WINDOW (gtk_widget_get_root (widget)), heading, body, isos, cmd, update, target,
                                  default_flags (self) & VSM_ATTACH_LIVE ? "--live --config" : "--config");
  c = g_new0 (DiskCall, 1);
  c->self = g_object_ref (self);
  c->target = g_strdup (target);
  vsm_message_dialog_choose_async (ADW_MESSAGE_DIALOG (dialog), NULL, insert_answered_cb, c);
}

static void
attached_cb (VsmDomainView *self)
{
  /* the model re-read the host when the attach ended */
  reload_disks (self);
}

static void
attach_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  VsmDomainView *self = VSM_DOMAIN_VIEW (widget);
  GtkWidget *dialog;

  if (self->host == NULL || self->domain == NULL)
    return;
  dialog = vsm_attach_dialog_new (GTK_WINDOW (gtk_widget_get_root (widget)), self->host, self->domain, NULL, NULL);
  g_signal_connect_object (dialog, "attached", G_CALLBACK (attached_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* ------------------------------------------------------------------ */
/* Power: Start, Shut Down, Force Off                                  */

typedef struct
{
  VsmDomainView  *self;
  VsmHost        *host;     /* the view's when asked: it may show another since */
  VsmDomain      *domain;
  VsmDomainPower  power;
} PowerCall;

static void
power_call_free (PowerCall *c)
{
  g_clear_object (&c->self);
  g_clear_object (&c->host);
  g_clear_object (&c->domain);
  g_free (c);
}

static void
powered_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  PowerCall *c = user_data;
  g_autoptr(GError) error = NULL;
  const char *name = vsm_domain_get_name (c->domain);
  g_autofree char *text = NULL;

  if (!vsm_host_domain_power_finish (VSM_HOST (object), result, &error))
    {
      text = g_strdup_printf (c->power == VSM_DOMAIN_POWER_START ? _("Could not start “%s”")
                              : c->power == VSM_DOMAIN_POWER_SHUTDOWN ? _("Could not shut down “%s”")
                              : _("Could not force off “%s”"), name);
      vsm_report_error (GTK_WIDGET (c->self), text, error);
    }
  else
    {
      text = g_strdup_printf (c->power == VSM_DOMAIN_POWER_START ? _("“%s” started")
                              : c->power == VSM_DOMAIN_POWER_SHUTDOWN ? _("“%s” was asked to shut down")
                              : _("“%s” was forced off"), name);
      vsm_show_toast (GTK_WIDGET (c->self), text);
    }
  power_call_free (c);
}

static void
run_power (PowerCall *c)
{
  vsm_host_domain_power_async (c->host, c->domain, c->power, c->self->cancellable, powered_cb, c);
}

static void
power_answered_cb (GObject      *dialog,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  PowerCall *c = user_data;

  if (g_str_equal (vsm_message_dialog_choose_finish (ADW_MESSAGE_DIALOG (dialog), result), "power"))
    run_power (c);
  else
    power_call_free (c);
}

/* Start runs at once (nothing is lost); Shut Down and Force Off say what
 * happens to the guest first, with the virsh line. */
static void
power_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *param)
{
  VsmDomainView *self = VSM_DOMAIN_VIEW (widget);
  const char *name;
  g_autofree char *heading = NULL;
  g_autofree char *cmd = NULL;
  GtkWidget *dialog;
  PowerCall *c;

  if (self->host == NULL || self->domain == NULL)
    return;
  c = g_new0 (PowerCall, 1);
  c->self = g_object_ref (self);
  c->host = g_object_ref (self->host);
  c->domain = g_object_ref (self->domain);
  c->power = g_str_equal (action_name, "domain.start") ? VSM_DOMAIN_POWER_START
             : g_str_equal (action_name, "domain.shutdown") ? VSM_DOMAIN_POWER_SHUTDOWN
             : VSM_DOMAIN_POWER_FORCE_OFF;
  if (c->power == VSM_DOMAIN_POWER_START)
    {
      run_power (c);
      return;
    }
  name = vsm_domain_get_name (self->domain);
  cmd = vsm_virsh_line (vsm_host_get_uri (self->host), vsm_domain_power_to_virsh (c->power), name, NULL);
  if (c->power == VSM_DOMAIN_POWER_SHUTDOWN)
    {
      heading = g_strdup_printf (_("Shut Down “%s”?"), name);
      dialog = vsm_confirm_dialog_new (widget, heading,
                                       vsm_domain_get_persistent (self->domain)
                                       ? _("The guest is asked to shut down, as with its power button: it closes its "
                                           "programs and stops, which may take a while. A guest that does not listen "
                                           "keeps running; Force Off stops it.")
                                       : _("The guest is asked to shut down, as with its power button: it closes its "
                                           "programs and stops, which may take a while. It is a transient machine: "
                                           "libvirt forgets it once it stops. Its disks are kept."),
                                       cmd, "power", _("_Shut Down"));
      adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "power", ADW_RESPONSE_SUGGESTED);
    }
  else
    {
      heading = g_strdup_printf (_("Force Off “%s”?"), name);
      /* a transient machine is gone once it stops: say so */
      dialog = vsm_confirm_dialog_new (widget, heading,
                                       vsm_domain_get_persistent (self->domain)
                                       ? _("The machine stops at once, as if its power cord were pulled: the guest "
                                           "does not close its programs, and what it had not yet written to its "
                                           "disks is lost. The disks and the machine's configuration are kept.")
                                       : _("The machine stops at once, as if its power cord were pulled: the guest "
                                           "does not close its programs, and what it had not yet written to its "
                                           "disks is lost. It is a transient machine: libvirt forgets it once it "
                                           "stops. Its disks are kept."),
                                       cmd, "power", _("_Force Off"));
    }
  vsm_message_dialog_choose_async (ADW_MESSAGE_DIALOG (dialog), NULL, power_answered_cb, c);
}

static void
vsm_domain_view_dispose (GObject *object)
{
  VsmDomainView *self = VSM_DOMAIN_VIEW (object);

  g_cancellable_cancel (self->cancellable);
  if (self->domain != NULL)
    g_clear_signal_handler (&self->notify_id, self->domain);
  g_clear_object (&self->domain);
  g_clear_object (&self->host);
  gtk_widget_dispose_template (GTK_WIDGET (self), VSM_TYPE_DOMAIN_VIEW);

  G_OBJECT_CLASS (vsm_domain_view_parent_class)->dispose (object);
}

static void
vsm_domain_view_finalize (GObject *object)
{
  VsmDomainView *self = VSM_DOMAIN_VIEW (object);

  g_clear_pointer (&self->live_disks, g_ptr_array_unref);
  g_clear_pointer (&self->config_disks, g_ptr_array_unref);
  g_clear_object (&self->cancellable);
  G_OBJECT_CLASS (vsm_domain_view_parent_class)->finalize (object);
}

static void
vsm_domain_view_class_init (VsmDomainViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = vsm_domain_view_dispose;
  object_class->finalize = vsm_domain_view_finalize;

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/virtstorage/VirtStorage/ui/vsm-domain-view.ui");
  gtk_widget_class_bind_template_child (widget_class, VsmDomainView, stack);
  gtk_widget_class_bind_template_child (widget_class, VsmDomainView, none_page);
  gtk_widget_class_bind_template_child (widget_class, VsmDomainView, name_label);
  gtk_widget_class_bind_template_child (widget_class, VsmDomainView, state_label);
  gtk_widget_class_bind_template_child (widget_class, VsmDomainView, disk_list);
  gtk_widget_class_bind_template_child (widget_class, VsmDomainView, hint_label);

  gtk_widget_class_install_action (widget_class, "domain.attach", NULL, attach_action);
  gtk_widget_class_install_action (widget_class, "domain.start", NULL, power_action);
  gtk_widget_class_install_action (widget_class, "domain.shutdown", NULL, power_action);
  gtk_widget_class_install_action (widget_class, "domain.force-off", NULL, power_action);
  gtk_widget_class_install_action (widget_class, "disk.detach", "s", detach_action);
  gtk_widget_class_install_action (widget_class, "disk.eject", "s", eject_action);
  gtk_widget_class_install_action (widget_class, "disk.insert", "s", insert_action);
}

static void
vsm_domain_view_init (VsmDomainView *self)
{
  self->cancellable = g_cancellable_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
}

VsmDomain *vsm_domain_view_get_domain (VsmDomainView *self) { g_return_val_if_fail (VSM_IS_DOMAIN_VIEW (self), NULL); return self->domain; }
GtkListBox *vsm_domain_view_get_disk_list (VsmDomainView *self) { g_return_val_if_fail (VSM_IS_DOMAIN_VIEW (self), NULL); return self->disk_list; }
guint vsm_domain_view_get_n_disks (VsmDomainView *self) { g_return_val_if_fail (VSM_IS_DOMAIN_VIEW (self), 0); return self->n_disks; }

/**
 * vsm_domain_view_set_hint_visible:
 *
 * Whether the page shown with no machine says to select one: not when
 * there is none to select (the machine list says so already).
 */
void
vsm_domain_view_set_hint_visible (VsmDomainView *self,
                                  gboolean       visible)
{
  g_return_if_fail (VSM_IS_DOMAIN_VIEW (self));
  gtk_widget_set_visible (GTK_WIDGET (self->none_page), visible);
}
