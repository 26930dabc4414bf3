/* vsm-domain-ops-private.h
 *
 * What the disk operations (vsm-domain-ops.c) and the media changes
 * (vsm-domain-media.c) share: the operation data and the worker helpers.
 * Worker threads only.
 *
 * Copyright 2026 Virt Storage developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <libvirt/libvirt.h>

#include "vsm-disk-spec.h"
#include "vsm-domain-ops.h"
#include "vsm-op-private.h"

G_BEGIN_DECLS

#define POLL_MSEC 100
#define ATTACH_CONFIRM_MSEC 3000

typedef enum
{
  DOP_ATTACH,
  DOP_DETACH,
  DOP_MEDIA,
  DOP_XML,
  DOP_POWER,
} DomOpKind;

typedef struct
{
  VsmOp          head;
  DomOpKind      kind;
  VsmConnection *connection;   /* for the domain-event notification */
  char          *uuid;
  char          *xml;          /* attach: the <disk> */
  char          *target;
  VsmDiskSpec   *medium;       /* change media; NULL = eject */
  guint          flags;
  VsmDomainPower power;
  guint          timeout_ms;
  GCancellable  *cancellable;
} DomOp;

typedef struct
{
  gboolean live;
  gboolean config;
} Affect;

/* Where a detach or media change of op->target acts: the definitions
 * op->flags touch, their XML, and which of them has the target. */
typedef struct
{
  Affect    affect;
  char     *live_xml;     /* when affect.live */
  char     *config_xml;   /* when affect.config */
  gboolean  in_live;      /* live_xml has op->target */
  gboolean  in_config;    /* config_xml has op->target */
} TargetSite;

void            _vsm_target_site_clear     (TargetSite    *site);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (TargetSite, _vsm_target_site_clear)

/* libvirt's XML of @dom (@flags: VIR_DOMAIN_XML_*), or NULL and @error */
char           *_vsm_dom_xml               (virDomainPtr   dom,
                                            unsigned int   flags,
                                            GError       **error);
/* libvirt's message, with what we were doing in front of it; call right
 * after the failing call */
void            _vsm_dom_set_call_error    (GError       **error,
                                            const char    *what);
/* polls the live XML until @target is there (@want) or gone, at most
 * @timeout_ms; FALSE on timeout or cancellation */
gboolean        _vsm_dom_wait_live_target  (DomOp         *op,
                                            virDomainPtr   dom,
                                            gboolean       want,
                                            guint          timeout_ms);
/* which definitions op->flags touch on @dom now */
gboolean        _vsm_dom_resolve_affect    (DomOp         *op,
                                            virDomainPtr   dom,
                                            Affect        *affect,
                                            GError       **error);
/* @site: where op->target is (found by the caller) */
VsmMediaResult  _vsm_dom_change_media      (DomOp             *op,
                                            virDomainPtr       dom,
                                            const TargetSite  *site,
                                            GError           **error);

G_END_DECLS
