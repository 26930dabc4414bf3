/* vsm-pool-ops.c
 *
 * Pool creation and discovery on the raw libvirt handle, for the gaps in
 * libvirt-gobject (STYLE.md §3): define/create, build with flags, secrets,
 * and the queries (vsm-connection-query.c) for source discovery, pool
 * capabilities and node devices. Every libvirt call runs in a GTask
 * worker, which also drops the connection reference (the last
 * virConnectClose is an RPC).
 *
 * Copyright 2026 Virt Storage developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vsm-pool-ops"

#include "config.h"

#include <glib/gi18n.h>
#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <string.h>

#include "vsm-connection-private.h"
#include "vsm-op-private.h"
#include "vsm-virt-error.h"
#include "vsm-pool-ops.h"
#include "vsm-pool-ops-private.h"
#include "vsm-xml-private.h"

typedef struct
{
  VsmOp          head;
  char          *xml;
  char          *uuid;
  char          *usage_type;
  char          *usage_id;
  char          *description;
  GBytes        *value;
  gboolean       persistent;
  VsmBuildMode   build;
} PoolOp;

static void
pool_op_clear (PoolOp *op)
{
  g_free (op->xml);
  g_free (op->uuid);
  g_free (op->usage_type);
  g_free (op->usage_id);
  g_free (op->description);
  g_clear_pointer (&op->value, g_bytes_unref);
}

static gboolean
last_error_is (int code)
{
  virErrorPtr err = virGetLastError ();

  return err != NULL && err->code == code;
}

/* ------------------------------------------------------------------ */
/* XML: see vsm-xml-private.h                                          */

/* Parses @xml and requires its root element to be <@name>: the document
 * (free it with xmlFreeDoc()) and its *@root, or %NULL when @xml is not
 * such a document. */
static xmlDocPtr
parse_with_root (const char  *xml,
                 const char  *name,
                 xmlNodePtr  *root)
{
  xmlDocPtr doc = _vsm_xml_parse (xml, -1, FALSE);

  if (doc == NULL)
    return NULL;
  *root = xmlDocGetRootElement (doc);
  if (!_vsm_xml_is_element (*root, name))
    {
      xmlFreeDoc (doc);
      return NULL;
    }
  return doc;
}

/* ------------------------------------------------------------------ */
/* Sources                                                             */

void
vsm_pool_source_free (VsmPoolSource *source)
{
  if (source == NULL)
    return;
  g_free (source->host);
  g_free (source->dir);
  g_free (source->device);
  g_free (source->name);
  g_free (source->format);
  g_free (source->summary);
  g_free (source);
}

void
vsm_host_device_free (VsmHostDevice *device)
{
  if (device == NULL)
    return;
  g_free (device->name);
  g_free (device->path);
  g_free (device->model);
  g_free (device);
}

static VsmPoolSource *
source_from_node (xmlNodePtr node)
{
  VsmPoolSource *src = g_new0 (VsmPoolSource, 1);
  g_autoptr(GPtrArray) devices = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *port = NULL;
  g_autofree char *host = NULL;
  g_autofree char *devs = NULL;
  GString *summary = g_string_new (NULL);

  for (xmlNodePtr c = node->children; c != NULL; c = c->next)
    {
      if (_vsm_xml_is_element (c, "host") && src->host == NULL)
        {
          /* The first <host> with a name (and its port). */
          src->host = _vsm_xml_prop (c, "name");
          g_free (port);
          port = _vsm_xml_prop (c, "port");
        }
      else if (_vsm_xml_is_element (c, "device"))
        {
          char *path = _vsm_xml_prop (c, "path");
          if (path != NULL)
            g_ptr_array_add (devices, path);
        }
      else if (_vsm_xml_is_element (c, "dir") && src->dir == NULL)
        src->dir = _vsm_xml_prop (c, "path");
      else if (_vsm_xml_is_element (c, "name") && src->name == NULL)
        src->name = _vsm_xml_text_nonempty (c);
      else if (_vsm_xml_is_element (c, "format") && src->format == NULL)
        src->format = _vsm_xml_prop (c, "type");
    }
  if (devices->len > 0)
    src->device = g_strdup (g_ptr_array_index (devices, 0));

  if (src->host != NULL)
    host = port != NULL && strchr (src->host, ':') != NULL ? g_strdup_printf ("[%s]:%s", src->host, port)
         : port != NULL ? g_strdup_printf ("%s:%s", src->host, port)
         : g_strdup (src->host);
  g_ptr_array_add (devices, NULL);
  devs = g_strjoinv (", ", (char **) devices->pdata);

  /* One line: "server:/export (nfs)", "vg on /dev/sda, /dev/sdb (lvm2)",
   * "iqn… on server:3260", "volume on server". */
  if (src->name != NULL)
    {
      g_string_append (summary, src->name);
      if (src->device != NULL)
        g_string_append_printf (summary, " on %s", devs);
      else if (host != NULL)
        g_string_append_printf (summary, " on %s", host);
      if (src->dir != NULL && !g_str_equal (src->dir, "/"))
        g_string_append_printf (summary, " (%s)", src->dir);
    }
  else if (host != NULL && src->dir != NULL)
    g_string_append_printf (summary, "%s:%s", host, src->dir);
  else if (host != NULL && src->device != NULL)
    g_string_append_printf (summary, "%s on %s", devs, host);
  else if (host != NULL)
    g_string_append (summary, host);
  else if (src->device != NULL)
    g_string_append (summary, devs);
  else if (src->dir != NULL)
    g_string_append (summary, src->dir);
  if (src->format != NULL)
    g_string_append_printf (summary, summary->len ? " (%s)" : "%s", src->format);

  src->summary = g_string_free (summary, FALSE);
  return src;
}

/**
 * vsm_pool_sources_from_xml:
 * @xml: a `<sources>` document from virConnectFindStoragePoolSources
 *
 * Returns: (transfer full) (element-type VsmPoolSource) (nullable): the
 * sources (possibly none), or %NULL when @xml is not a `<sources>` document
 */
GPtrArray *
vsm_pool_sources_from_xml (const char *xml)
{
  xmlNodePtr root;
  xmlDocPtr doc = parse_with_root (xml, "sources", &root);
  GPtrArray *sources;

  if (doc == NULL)
    return NULL;

  sources = g_ptr_array_new_with_free_func ((GDestroyNotify) vsm_pool_source_free);
  for (xmlNodePtr c = root->children; c != NULL; c = c->next)
    if (_vsm_xml_is_element (c, "source"))
      g_ptr_array_add (sources, source_from_node (c));
  xmlFreeDoc (doc);
  return sources;
}

/* ------------------------------------------------------------------ */
/* Define / create                                                     */

char *
_vsm_pool_name_from_xml (const char *xml)
{
  xmlDocPtr doc = _vsm_xml_parse (xml, -1, FALSE);
  char *name;

  if (doc == NULL)
    return NULL;
  name = _vsm_xml_text_nonempty (_vsm_xml_child (xmlDocGetRootElement (doc), "name"));
  xmlFreeDoc (doc);
  return name;
}

static unsigned int
create_flags (VsmBuildMode mode)
{
  switch (mode)
    {
    case VSM_BUILD_DEFAULT:
      return VIR_STORAGE_POOL_CREATE_WITH_BUILD;
    case VSM_BUILD_NO_OVERWRITE:
      return VIR_STORAGE_POOL_CREATE_WITH_BUILD_NO_OVERWRITE;
    case VSM_BUILD_OVERWRITE:
      return VIR_STORAGE_POOL_CREATE_WITH_BUILD_OVERWRITE;
    case VSM_BUILD_NONE:
    default:
      return 0;
    }
}

static void
define_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  PoolOp *op = task_data;
  GError *error = NULL;
  virStoragePoolPtr pool;
  char uuid[VIR_UUID_STRING_BUFLEN];

  if (vsm_op_return_if_cancelled (task, op))
    return;

  if (op->persistent)
    pool = virStoragePoolDefineXML (op->head.conn, op->xml, 0);
  else
    pool = virStoragePoolCreateXML (op->head.conn, op->xml, create_flags (op->build));

  if (pool == NULL)
    {
      g_autofree char *name = NULL;
      virStoragePoolPtr other;

      vsm_error_set_from_virt (&error, op->persistent ? "Could not define the storage pool"
                                                      : "Could not create the storage pool");
      /* libvirt reports a taken name as a generic OPERATION_FAILED ("pool
       * 'x' already exists with uuid …"); give the UI a code it can test. */
      name = _vsm_pool_name_from_xml (op->xml);
      if (name != NULL && (other = virStoragePoolLookupByName (op->head.conn, name)) != NULL)
        {
          error->code = VSM_ERROR_EXISTS;
          virStoragePoolFree (other);
        }
      virResetLastError ();
      vsm_op_return_error (task, op, error);
      return;
    }

  if (virStoragePoolGetUUIDString (pool, uuid) < 0)
    vsm_error_set_from_virt (&error, "Could not read the new pool's UUID");
  virStoragePoolFree (pool);
  vsm_op_release (op);

  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, g_strdup (uuid), g_free);
}

/**
 * vsm_pool_define_async:
 * @persistent: %TRUE for virStoragePoolDefineXML (an inactive persistent
 *   pool, built later with VSM_POOL_ACTION_BUILD), %FALSE for
 *   virStoragePoolCreateXML (a running transient pool)
 * @build: a transient pool's build as it starts
 *   (VIR_STORAGE_POOL_CREATE_WITH_BUILD[_NO_OVERWRITE|_OVERWRITE]): libvirt
 *   refuses to build an active pool, so it can only happen here (the test
 *   driver accepts no build flag); VSM_BUILD_NONE for a persistent pool
 *
 * A taken name fails with VSM_ERROR_EXISTS.
 */
void
vsm_pool_define_async (VsmConnection       *connection,
                       const char          *xml,
                       gboolean             persistent,
                       VsmBuildMode         build,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  PoolOp *op;
  GTask *task;

  g_return_if_fail (VSM_IS_CONNECTION (connection));
  g_return_if_fail (xml != NULL);
  g_return_if_fail (!persistent || build == VSM_BUILD_NONE);

  task = vsm_op_new (connection, PoolOp, pool_op_clear, vsm_pool_define_async,
                     persistent ? "pool-define" : "pool-create", cancellable, callback, user_data, &op);
  if (op != NULL)
    {
      op->xml = g_strdup (xml);
      op->persistent = persistent;
      op->build = build;
    }
  vsm_op_run (task, define_thread);
}

/**
 * vsm_pool_define_finish:
 *
 * Returns: (transfer full): the UUID of the new pool
 */
char *
vsm_pool_define_finish (VsmConnection  *connection,
                        GAsyncResult   *result,
                        GError        **error)
{
  return vsm_op_finish_pointer (connection, result, error);
}

/* ------------------------------------------------------------------ */
/* Find sources                                                        */

/* VSM_QUERY_POOL_SOURCES */
gpointer
_vsm_query_pool_sources (OpData        *op,
                         GCancellable  *cancellable,
                         GError       **error)
{
  char *xml = virConnectFindStoragePoolSources (op->head.conn, op->name, op->xml, 0);

  if (xml == NULL)
    vsm_error_set_from_virt (error, "Could not scan for storage pool sources");
  return vsm_op_parse (xml, (VsmParseFunc) vsm_pool_sources_from_xml,
                       _("libvirt returned an unreadable list of sources"), error);
}

/* ------------------------------------------------------------------ */
/* Capabilities                                                        */

GHashTable *
_vsm_pool_capabilities_from_xml (const char *xml)
{
  xmlNodePtr root;
  xmlDocPtr doc = parse_with_root (xml, "storagepoolCapabilities", &root);
  GHashTable *set;

  if (doc == NULL)
    return NULL;
  set = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  for (xmlNodePtr c = root->children; c != NULL; c = c->next)
    {
      g_autofree char *type = NULL;
      g_autofree char *supported = NULL;

      if (!_vsm_xml_is_element (c, "pool"))
        continue;
      type = _vsm_xml_prop (c, "type");
      supported = _vsm_xml_prop (c, "supported");
      if (type != NULL && g_strcmp0 (supported, "yes") == 0)
        g_hash_table_add (set, g_steal_pointer (&type));
    }
  xmlFreeDoc (doc);
  return set;
}

/* VSM_QUERY_POOL_CAPABILITIES */
gpointer
_vsm_query_pool_capabilities (OpData        *op,
                              GCancellable  *cancellable,
                              GError       **error)
{
  char *xml = virConnectGetStoragePoolCapabilities (op->head.conn, 0);

  if (xml == NULL)
    {
      if (last_error_is (VIR_ERR_NO_SUPPORT))
        {
          /* The test driver (and daemons before 5.2): the UI shows
           * every type. */
          virResetLastError ();
        }
      else
        vsm_error_set_from_virt (error, "Could not read the storage pool capabilities");
    }
  /* unsupported: xml and error NULL, and so is the result */
  return vsm_op_parse (xml, (VsmParseFunc) _vsm_pool_capabilities_from_xml,
                       _("libvirt returned unreadable storage pool capabilities"), error);
}

/* ------------------------------------------------------------------ */
/* Secrets                                                             */

static void
secret_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  PoolOp *op = task_data;
  GError *error = NULL;
  virSecretPtr secret;
  int usage = g_str_equal (op->usage_type, "ceph") ? VIR_SECRET_USAGE_TYPE_CEPH
                                                   : VIR_SECRET_USAGE_TYPE_ISCSI;
  gsize len = 0;
  const guchar *data;

  if (vsm_op_return_if_cancelled (task, op))
    return;

  secret = virSecretLookupByUsage (op->head.conn, usage, op->usage_id);
  if (secret == NULL)
    {
      if (last_error_is (VIR_ERR_NO_SECRET))
        {
          virResetLastError ();
          secret = virSecretDefineXML (op->head.conn, op->xml, 0);
          if (secret == NULL)
            vsm_error_set_from_virt (&error, "Could not define the secret");
        }
      else
        vsm_error_set_from_virt (&error, "Could not look the secret up");
    }

  if (secret != NULL)
    {
      data = g_bytes_get_data (op->value, &len);
      if (virSecretSetValue (secret, data, len, 0) < 0)
        vsm_error_set_from_virt (&error, "Could not set the secret's value");
      virSecretFree (secret);
    }
  /* Our reference to the value goes now, on this thread. */
  g_clear_pointer (&op->value, g_bytes_unref);
  vsm_op_return_boolean (task, op, error);
}

/**
 * vsm_secret_define_async:
 * @usage_type: "iscsi" or "ceph" (see vsm_pool_type_secret_usage_type())
 * @usage_id: the usage the pool XML refers to (vsm_pool_spec_secret_usage())
 * @description: (nullable): shown in `virsh secret-list`
 * @value: the password / key; only passed to virSecretSetValue
 *
 * Drivers without secrets (the test driver) fail with
 * VSM_ERROR_NOT_SUPPORTED.
 */
void
vsm_secret_define_async (VsmConnection       *connection,
                         const char          *usage_type,
                         const char          *usage_id,
                         const char          *description,
                         GBytes              *value,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  PoolOp *op;
  GTask *task;
  char *xml;

  g_return_if_fail (VSM_IS_CONNECTION (connection));
  g_return_if_fail (usage_id != NULL);
  g_return_if_fail (value != NULL);

  xml = vsm_secret_xml_build (usage_type, usage_id, description);
  if (xml == NULL)
    {
      task = g_task_new (connection, cancellable, callback, user_data);
      g_task_set_source_tag (task, vsm_secret_define_async);
      g_task_return_new_error (task, VSM_ERROR, VSM_ERROR_INVALID_INPUT,
                               _("“%s” is not a secret usage type (iscsi or ceph)"),
                               usage_type ? usage_type : "");
      g_object_unref (task);
      return;
    }
  task = vsm_op_new (connection, PoolOp, pool_op_clear, vsm_secret_define_async,
                     "secret-define", cancellable, callback, user_data, &op);
  if (op == NULL)
    {
      g_free (xml);
      return;
    }
  op->xml = xml;
  op->usage_type = g_strdup (usage_type);
  op->usage_id = g_strdup (usage_id);
  op->value = g_bytes_ref (value);
  vsm_op_run (task, secret_thread);
}

gboolean
vsm_secret_define_finish (VsmConnection  *connection,
                          GAsyncResult   *result,
                          GError        **error)
{
  return vsm_op_finish_boolean (connection, result, error);
}

/* ------------------------------------------------------------------ */
/* Host devices                                                        */

static guint64
parse_u64 (xmlNodePtr node)
{
  g_autofree char *t = _vsm_xml_text_nonempty (node);

  if (t == NULL || !g_ascii_isdigit (t[0]))
    return 0;
  return g_ascii_strtoull (t, NULL, 10);
}

/**
 * vsm_host_device_from_xml:
 * @capability: "storage" or "scsi_host"
 *
 * Parses one node device XML (virNodeDeviceGetXMLDesc).
 *
 * Returns: (nullable): the device, or %NULL when it lacks @capability
 */
VsmHostDevice *
vsm_host_device_from_xml (const char *xml,
                          const char *capability)
{
  xmlNodePtr root, cap = NULL;
  xmlDocPtr doc = parse_with_root (xml, "device", &root);
  VsmHostDevice *dev = NULL;

  if (doc == NULL)
    return NULL;

  for (xmlNodePtr c = root->children; c != NULL; c = c->next)
    {
      g_autofree char *type = NULL;

      if (!_vsm_xml_is_element (c, "capability"))
        continue;
      type = _vsm_xml_prop (c, "type");
      if (g_strcmp0 (type, capability) == 0)
        {
          cap = c;
          break;
        }
    }
  if (cap == NULL)
    goto out;

  dev = g_new0 (VsmHostDevice, 1);
  dev->name = _vsm_xml_text_nonempty (_vsm_xml_child (root, "name"));

  if (g_str_equal (capability, "storage"))
    {
      g_autofree char *model = _vsm_xml_text_nonempty (_vsm_xml_child (cap, "model"));
      g_autofree char *vendor = _vsm_xml_text_nonempty (_vsm_xml_child (cap, "vendor"));

      dev->path = _vsm_xml_text_nonempty (_vsm_xml_child (cap, "block"));
      dev->size = parse_u64 (_vsm_xml_child (cap, "size"));
      /* Removable drives report the medium's size instead. */
      for (xmlNodePtr c = cap->children; c != NULL && dev->size == 0; c = c->next)
        {
          g_autofree char *type = NULL;

          if (!_vsm_xml_is_element (c, "capability"))
            continue;
          type = _vsm_xml_prop (c, "type");
          if (g_strcmp0 (type, "removable") == 0)
            dev->size = parse_u64 (_vsm_xml_child (c, "media_size"));
        }
      if (vendor != NULL && model != NULL)
        dev->model = g_strdup_printf ("%s %s", vendor, model);
      else
        dev->model = g_strdup (model != NULL ? model : vendor);
    }
  else
    {
      g_autofree char *host = _vsm_xml_text_nonempty (_vsm_xml_child (cap, "host"));

      if (host != NULL)
        dev->path = g_strconcat ("host", host, NULL);
      for (xmlNodePtr c = cap->children; c != NULL; c = c->next)
        {
          g_autofree char *type = NULL;

          if (!_vsm_xml_is_element (c, "capability"))
            continue;
          type = _vsm_xml_prop (c, "type");
          if (g_strcmp0 (type, "fc_host") == 0)
            {
              g_autofree char *wwpn = _vsm_xml_text_nonempty (_vsm_xml_child (c, "wwpn"));
              g_clear_pointer (&dev->model, g_free);
              dev->model = wwpn != NULL ? g_strdup_printf ("Fibre Channel, WWPN %s", wwpn)
                                        : g_strdup ("Fibre Channel");
            }
          else if (g_strcmp0 (type, "vport_ops") == 0 && dev->model == NULL)
            dev->model = g_strdup ("vHBA capable");
        }
      if (dev->model == NULL)
        dev->model = _vsm_xml_text_nonempty (_vsm_xml_child (root, "parent"));
    }

  if (dev->path == NULL)
    g_clear_pointer (&dev, vsm_host_device_free);

out:
  xmlFreeDoc (doc);
  return dev;
}

static int
compare_devices (gconstpointer a,
                 gconstpointer b)
{
  const VsmHostDevice *da = *(VsmHostDevice * const *) a;
  const VsmHostDevice *db = *(VsmHostDevice * const *) b;

  return g_strcmp0 (da->path, db->path);
}

/* VSM_QUERY_HOST_DEVICES */
gpointer
_vsm_query_host_devices (OpData        *op,
                         GCancellable  *cancellable,
                         GError       **error)
{
  GPtrArray *devices;
  virNodeDevicePtr *list = NULL;
  unsigned int flags = g_str_equal (op->name, "storage") ? VIR_CONNECT_LIST_NODE_DEVICES_CAP_STORAGE
                                                         : VIR_CONNECT_LIST_NODE_DEVICES_CAP_SCSI_HOST;
  int n;

  n = virConnectListAllNodeDevices (op->head.conn, &list, flags);
  if (n < 0)
    {
      if (!last_error_is (VIR_ERR_NO_SUPPORT))
        {
          vsm_error_set_from_virt (error, "Could not list the host's devices");
          return NULL;
        }
      virResetLastError ();
    }

  devices = g_ptr_array_new_with_free_func ((GDestroyNotify) vsm_host_device_free);
  for (int i = 0; i < n; i++)
    {
      char *xml = virNodeDeviceGetXMLDesc (list[i], 0);

      if (xml != NULL)
        {
          VsmHostDevice *dev = vsm_host_device_from_xml (xml, op->name);

          if (dev != NULL)
            g_ptr_array_add (devices, dev);
          free (xml);
        }
      else
        virResetLastError ();   /* unplugged meanwhile */
      virNodeDeviceFree (list[i]);
    }
  free (list);
  g_ptr_array_sort (devices, compare_devices);
  return devices;
}
