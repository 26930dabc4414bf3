/* vsm-domain-ops.c
 *
 * Attach, detach and change media, the domain's live and persistent XML
 * and the disk buses its capabilities allow (a query, see
 * vsm-connection-query.c). Every libvirt call runs in a worker; attach,
 * detach and change media get a thread of their own since
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
#include "vsm-domain-xml.h"
#include "vsm-xml-private.h"
#include "vsm-virt-error.h"


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
/* libvirt helpers (worker thread only)                                */

char *
_vsm_dom_xml (virDomainPtr   dom,
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
void
_vsm_dom_set_call_error (GError     **error,
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
gboolean
_vsm_dom_wait_live_target (DomOp        *op,
                           virDomainPtr  dom,
                           gboolean      want,
                           guint         msec)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) msec * 1000;

  for (;;)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *xml = _vsm_dom_xml (dom, 0, &error);

      if (xml != NULL && _vsm_domain_xml_has_target (xml, op->target) == want)
        return TRUE;
      if (error != NULL)
        g_debug ("reading the live XML of %s failed: %s", op->uuid, error->message);
      if (g_get_monotonic_time () >= deadline || !poll_sleep (op))
        return FALSE;
    }
}

/* Which of the domain's definitions an operation touches. */
gboolean
_vsm_dom_resolve_affect (DomOp         *op,
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

/* Which definitions op->flags touch on @dom now, their XML and where
 * op->target is (a media @drive, else a disk); VSM_ERROR_NOT_FOUND when
 * in none of them. */
static gboolean
find_target (DomOp         *op,
             virDomainPtr   dom,
             gboolean       drive,
             TargetSite    *site,
             GError       **error)
{
  if (!_vsm_dom_resolve_affect (op, dom, &site->affect, error))
    return FALSE;
  if (site->affect.live && (site->live_xml = _vsm_dom_xml (dom, 0, error)) == NULL)
    return FALSE;
  if (site->affect.config &&
      (site->config_xml = _vsm_dom_xml (dom, VIR_DOMAIN_XML_INACTIVE, error)) == NULL)
    return FALSE;
  site->in_live = site->live_xml != NULL && _vsm_domain_xml_has_target (site->live_xml, op->target);
  site->in_config = site->config_xml != NULL &&
                    _vsm_domain_xml_has_target (site->config_xml, op->target);
  if (!site->in_live && !site->in_config)
    {
      g_set_error (error, VSM_ERROR, VSM_ERROR_NOT_FOUND,
                   drive ? _("The domain has no drive “%s”") : _("The domain has no disk “%s”"),
                   op->target);
      return FALSE;
    }
  return TRUE;
}

void
_vsm_target_site_clear (TargetSite *site)
{
  g_clear_pointer (&site->live_xml, g_free);
  g_clear_pointer (&site->config_xml, g_free);
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

  if (!_vsm_dom_resolve_affect (op, dom, &affect, error))
    return -1;

  if (virDomainAttachDeviceFlags (dom, op->xml, affect_flags (&affect)) < 0)
    {
      _vsm_dom_set_call_error (error, _("Could not attach the disk"));
      return -1;
    }
  if (!affect.live)
    return VSM_ATTACH_RESULT_AFTER_BOOT;
  return _vsm_dom_wait_live_target (op, dom, TRUE, ATTACH_CONFIRM_MSEC)
         ? VSM_ATTACH_RESULT_ATTACHED_NOW : VSM_ATTACH_RESULT_WAITING;
}

static int
do_detach (DomOp             *op,
           virDomainPtr       dom,
           const TargetSite  *site,
           GError           **error)
{
  /* Only where the disk is: a live-only disk is not in the config. */
  Affect affect = { site->in_live, site->in_config };
  /* Like virsh detach-disk: the device's own XML, from the definition it
   * is removed from (libvirt matches disks by target). */
  g_autofree char *device = _vsm_domain_disk_device_xml (affect.live ? site->live_xml : site->config_xml,
                                                         op->target);

  if (device == NULL)
    {
      g_set_error_literal (error, VSM_ERROR, VSM_ERROR_FAILED, "Could not read the disk XML");
      return -1;
    }

  if (virDomainDetachDeviceFlags (dom, device, affect_flags (&affect)) < 0)
    {
      _vsm_dom_set_call_error (error, _("Could not detach the disk"));
      return -1;
    }
  if (!affect.live)
    return VSM_ATTACH_RESULT_AFTER_BOOT;
  return _vsm_dom_wait_live_target (op, dom, FALSE, op->timeout_ms)
         ? VSM_ATTACH_RESULT_ATTACHED_NOW : VSM_ATTACH_RESULT_WAITING;
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

/* libvirt's test driver (the demo) has no device calls: the change is
 * made by redefining the persistent configuration with it, and said to
 * be simulated. The driver is told by its type, not by an error. */
static gboolean
is_test_driver (DomOp *op)
{
  const char *type = virConnectGetType (op->head.conn);

  return type != NULL && g_ascii_strcasecmp (type, "TEST") == 0;
}

static int
simulate_change (DomOp        *op,
                 virDomainPtr  dom,
                 GError      **error)
{
  g_autofree char *config = NULL;
  g_autofree char *disk = NULL;
  g_autofree char *edited = NULL;
  virDomainPtr defined;
  Affect affect;

  /* what a real change would refuse (LIVE on a shut-off domain), this does */
  if (!_vsm_dom_resolve_affect (op, dom, &affect, error))
    return -1;
  /* a definition would make a transient domain persistent */
  if (virDomainIsPersistent (dom) != 1)
    {
      g_set_error_literal (error, VSM_ERROR, VSM_ERROR_INVALID_STATE,
                           _("The demo changes only the configuration of a persistent domain"));
      return -1;
    }
  if ((config = _vsm_dom_xml (dom, VIR_DOMAIN_XML_INACTIVE, error)) == NULL)
    return -1;
  if (op->kind == DOP_MEDIA && (disk = _vsm_domain_media_xml (config, op->target, op->medium, error)) == NULL)
    return -1;
  edited = _vsm_domain_xml_edit_disk (config, op->kind == DOP_ATTACH ? NULL : op->target,
                                      op->kind == DOP_ATTACH ? op->xml : disk, error);
  if (edited == NULL)
    return -1;
  defined = virDomainDefineXML (op->head.conn, edited);
  if (defined == NULL)
    {
      _vsm_dom_set_call_error (error, _("Could not change the machine"));
      return -1;
    }
  virDomainFree (defined);
  return op->kind == DOP_MEDIA ? VSM_MEDIA_RESULT_SIMULATED : VSM_ATTACH_RESULT_SIMULATED;
}

static gssize
change_disk (GTask    *task,
             gpointer  data,
             GError  **error)
{
  DomOp *op = data;
  g_auto(TargetSite) site = { 0 };
  virDomainPtr dom;
  int result = -1;

  g_assert (op->kind == DOP_ATTACH || op->kind == DOP_DETACH || op->kind == DOP_MEDIA);

  dom = vsm_op_lookup_domain (op, op->uuid, error);
  if (dom == NULL)
    return -1;
  if (is_test_driver (op))
    result = simulate_change (op, dom, error);
  else if (op->kind == DOP_ATTACH)
    result = do_attach (op, dom, error);
  /* detach and change media act on a drive the domain has: find it first */
  else if (find_target (op, dom, op->kind == DOP_MEDIA, &site, error))
    result = op->kind == DOP_DETACH ? do_detach (op, dom, &site, error)
                                    : _vsm_dom_change_media (op, dom, &site, error);
  virDomainFree (dom);
  if (result >= 0)
    notify_disks_changed (task, op);
  return result;
}

static void
xml_thread (GTask        *task,
            gpointer      source_object,
            gpointer      task_data,
            GCancellable *cancellable)
{
  DomOp *op = task_data;
  GError *error = NULL;
  virDomainPtr dom = vsm_op_lookup_domain (op, op->uuid, &error);
  XmlPair *pair = NULL;

  if (dom != NULL)
    {
      pair = g_new0 (XmlPair, 1);
      pair->live = _vsm_dom_xml (dom, 0, &error);
      if (pair->live != NULL)
        pair->config = _vsm_dom_xml (dom, VIR_DOMAIN_XML_INACTIVE, &error);
      virDomainFree (dom);
    }
  vsm_op_return_pointer (task, op, pair, (GDestroyNotify) xml_pair_free, error);
}

/* When the capabilities list no bus: the ones QEMU machines usually have. */
static const char * const fallback_buses[] = { "virtio", "sata", "scsi", "usb", "ide", NULL };

/* VSM_QUERY_DISK_BUSES */
gpointer
_vsm_query_disk_buses (OpData        *op,
                       GCancellable  *cancellable,
                       GError       **error)
{
  virDomainPtr dom = vsm_op_lookup_domain (op, op->uuid, error);
  g_autofree char *xml = NULL;
  GStrv buses = NULL;

  if (dom != NULL)
    {
      xml = _vsm_dom_xml (dom, 0, error);
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
            {
              g_propagate_error (error, tmp);
              return NULL;
            }
          g_debug ("no domain capabilities for %s, using the default buses: %s",
                   op->uuid, tmp->message);
          g_error_free (tmp);
        }
      else
        {
          buses = _vsm_domain_buses_from_caps (caps);
          free (caps);
        }
      if (buses == NULL)
        buses = g_strdupv ((char **) fallback_buses);
    }
  return buses;
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
    [DOP_XML] = "domain-xml", [DOP_POWER] = "domain-power",
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
  /* The change happens once the worker has made the call: report its
   * outcome even if the caller cancels meanwhile (polling stops early). */
  g_task_set_check_cancellable (task, FALSE);
  vsm_op_run_in_thread (task, "vsm-domain-op", change_disk);
}

/**
 * vsm_domain_change_disk_async:
 * @change: what to change (see VsmDiskChangeKind); copied
 *
 * Runs @change in a thread of its own and reports its outcome even if the
 * caller cancels once libvirt has been called. Finish with
 * vsm_domain_change_disk_finish().
 */
void
vsm_domain_change_disk_async (VsmConnection       *connection,
                              const VsmDiskChange *change,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  static const DomOpKind kinds[] = {
    [VSM_DISK_CHANGE_ATTACH] = DOP_ATTACH, [VSM_DISK_CHANGE_DETACH] = DOP_DETACH,
    [VSM_DISK_CHANGE_MEDIA] = DOP_MEDIA,
  };
  const VsmDiskSpec *disk = change->disk;
  GError *error = NULL;
  GTask *task;
  DomOp *op;

  g_return_if_fail (VSM_IS_CONNECTION (connection));
  g_return_if_fail (change->domain_uuid != NULL && change->kind < G_N_ELEMENTS (kinds));
  g_return_if_fail (change->kind == VSM_DISK_CHANGE_ATTACH ? disk != NULL : change->target != NULL);

  task = new_op (connection, kinds[change->kind], change->domain_uuid, vsm_domain_change_disk_async,
                 cancellable, callback, user_data, &op);
  if (task == NULL)
    return;
  op->target = g_strdup (change->kind == VSM_DISK_CHANGE_ATTACH ? disk->target : change->target);
  op->flags = change->flags;
  op->timeout_ms = change->timeout_ms;
  if (change->kind == VSM_DISK_CHANGE_ATTACH)
    op->xml = vsm_disk_xml_build (disk, &error);
  else if (change->kind == VSM_DISK_CHANGE_MEDIA && disk != NULL && disk->source_kind != VSM_DISK_SOURCE_NONE)
    {
      gboolean ok = disk->source_kind == VSM_DISK_SOURCE_VOLUME
        ? (disk->pool != NULL && *disk->pool && disk->volume != NULL && *disk->volume)
        : (disk->path != NULL && g_path_is_absolute (disk->path));

      if (ok)
        op->medium = vsm_disk_spec_copy (disk);
      else
        g_set_error_literal (&error, VSM_ERROR, VSM_ERROR_INVALID_INPUT, _("Choose the medium to insert"));
    }
  if (error != NULL)
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }
  run_change (task);
}

int
vsm_domain_change_disk_finish (VsmConnection  *connection,
                               GAsyncResult   *result,
                               GError        **error)
{
  G_STATIC_ASSERT ((int) VSM_MEDIA_RESULT_FAILED == (int) VSM_ATTACH_RESULT_FAILED);
  gssize r;

  g_return_val_if_fail (g_task_is_valid (result, connection), VSM_ATTACH_RESULT_FAILED);
  r = g_task_propagate_int (G_TASK (result), error);
  return r < 0 ? VSM_ATTACH_RESULT_FAILED : (int) r;
}

void
vsm_domain_get_xml_async (VsmConnection       *connection,
                          const char          *domain_uuid,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  DomOp *op;

  g_return_if_fail (VSM_IS_CONNECTION (connection));
  g_return_if_fail (domain_uuid != NULL);

  vsm_op_run (new_op (connection, DOP_XML, domain_uuid, vsm_domain_get_xml_async, cancellable, callback, user_data, &op),
              xml_thread);
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

/* ------------------------------------------------------------------ */
/* Power                                                               */

static void
power_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  DomOp *op = task_data;
  GError *error = NULL;
  virDomainPtr dom = vsm_op_lookup_domain (op, op->uuid, &error);

  if (dom != NULL)
    {
      int rc;

      switch (op->power)
        {
        case VSM_DOMAIN_POWER_START: rc = virDomainCreate (dom); break;
        case VSM_DOMAIN_POWER_SHUTDOWN: rc = virDomainShutdown (dom); break;
        case VSM_DOMAIN_POWER_FORCE_OFF:
        default: rc = virDomainDestroy (dom); break;
        }
      if (rc < 0)
        _vsm_dom_set_call_error (&error, op->power == VSM_DOMAIN_POWER_START ? _("Could not start the domain")
                                        : op->power == VSM_DOMAIN_POWER_SHUTDOWN ? _("Could not shut the domain down")
                                        : _("Could not force the domain off"));
      virDomainFree (dom);
    }
  vsm_op_return_boolean (task, op, error);
}

/**
 * vsm_domain_power_async:
 *
 * Starts, shuts down (asks the guest) or forces off the domain; the
 * domain's lifecycle event tells when its state changed.
 */
void
vsm_domain_power_async (VsmConnection       *connection,
                        const char          *domain_uuid,
                        VsmDomainPower       power,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  DomOp *op = NULL;
  GTask *task;

  g_return_if_fail (VSM_IS_CONNECTION (connection));
  g_return_if_fail (domain_uuid != NULL);

  task = new_op (connection, DOP_POWER, domain_uuid, vsm_domain_power_async, cancellable, callback, user_data, &op);
  if (op != NULL)
    op->power = power;
  vsm_op_run (task, power_thread);
}

gboolean
vsm_domain_power_finish (VsmConnection  *connection,
                         GAsyncResult   *result,
                         GError        **error)
{
  return vsm_op_finish_boolean (connection, result, error);
}

const char *
vsm_domain_power_to_virsh (VsmDomainPower power)
{
  switch (power)
    {
    case VSM_DOMAIN_POWER_START: return "start";
    case VSM_DOMAIN_POWER_SHUTDOWN: return "shutdown";
    case VSM_DOMAIN_POWER_FORCE_OFF:
    default: return "destroy";
    }
}
