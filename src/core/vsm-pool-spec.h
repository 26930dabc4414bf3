/* vsm-pool-spec.h
 *
 * What the New Pool wizard collected, its validation, the pool XML libvirt
 * gets and the equivalent virsh command lines. Pure: no connection, no GTK.
 *
 * Copyright 2026 Virt Storage developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "vsm-pool-type.h"
#include "vsm-validate.h"

G_BEGIN_DECLS

typedef struct
{
  char        *type;             /* "dir", "fs", "netfs", "logical", "disk", "iscsi", "scsi",
                                    "iscsi-direct", "rbd", "gluster" */
  char        *name;
  char        *target_path;      /* dir, fs, netfs, logical, disk, iscsi, scsi */
  char        *target_mode;      /* octal permissions, e.g. "0711", optional */
  char        *target_owner;     /* uid, optional */
  char        *target_group;     /* gid, optional */

  GPtrArray   *hosts;            /* char* "name" or "name:port" (netfs, iscsi, iscsi-direct, rbd, gluster) */
  char        *source_dir;       /* netfs export path, gluster sub-directory */
  GPtrArray   *devices;          /* char* paths (fs, logical, disk) or the target IQN (iscsi, iscsi-direct) */
  char        *source_name;      /* logical VG, rbd pool, gluster volume */
  char        *source_format;    /* fs: auto/ext4/xfs…; netfs: nfs/glusterfs/cifs; disk: gpt/dos…; logical: lvm2 */
  char        *protocol_version; /* netfs nfs: "3", "4" … optional */

  char        *adapter_type;     /* scsi: "scsi_host" or "fc_host" */
  char        *adapter_name;     /* scsi_host name, e.g. "host0" */
  char        *adapter_parent;   /* fc_host: optional parent */
  char        *adapter_wwnn;     /* fc_host */
  char        *adapter_wwpn;     /* fc_host */

  char        *initiator_iqn;    /* iscsi (optional), iscsi-direct (required) */

  char        *auth_username;    /* CHAP user / cephx user; NULL for none */
  char        *secret_usage;     /* the libvirt secret's usage id the pool refers to */

  gboolean     persistent;       /* pool-define (TRUE) or transient pool-create (FALSE) */
  VsmBuildMode build;
  gboolean     start;
  gboolean     autostart;
} VsmPoolSpec;

VsmPoolSpec *vsm_pool_spec_new             (const char          *type);
void         vsm_pool_spec_free            (VsmPoolSpec         *spec);
VsmPoolSpec *vsm_pool_spec_copy            (const VsmPoolSpec   *spec);

char        *vsm_pool_xml_build            (const VsmPoolSpec   *spec,
                                            GError             **error);
char        *vsm_secret_xml_build          (const char          *usage_type,
                                            const char          *usage_id,
                                            const char          *description);
char        *vsm_pool_define_as_command    (const VsmPoolSpec   *spec,
                                            const char          *uri);
char        *vsm_pool_commands             (const VsmPoolSpec   *spec,
                                            const char          *uri);
char        *vsm_pool_build_command        (const char          *uri,
                                            const char          *name,
                                            VsmBuildMode         mode);
char        *vsm_pool_spec_secret_usage    (const VsmPoolSpec   *spec);

/* Added by the pool-ops helper: */
/* "iscsi" (iscsi, iscsi-direct), "ceph" (rbd) or NULL: the secret usage
 * type for vsm_secret_xml_build() / vsm_secret_define_async(). */
const char  *vsm_pool_type_secret_usage_type (const char        *pool_type);
/* The <source> query for vsm_pool_find_sources_async(), as virsh
 * find-storage-pool-sources-as builds it; NULL when @host_port is empty. */
char        *vsm_pool_source_query_xml     (const char          *host_port,
                                            const char          *initiator_iqn);
/* FALSE when pool-define-as cannot express the spec (a non-default port,
 * several hosts or devices, permissions): offer pool-define FILE then. */
gboolean     vsm_pool_define_as_is_exact   (const VsmPoolSpec   *spec);

gboolean     vsm_pool_spec_validate        (const VsmPoolSpec   *spec,
                                            GHashTable          *existing_names,
                                            GError             **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (VsmPoolSpec, vsm_pool_spec_free)

G_END_DECLS
