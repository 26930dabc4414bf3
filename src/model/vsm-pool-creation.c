/* vsm-pool-creation.c
 *
 * Creating a pool is a sequence of libvirt calls: remove what the last
 * failed run left, store the secret, define (or create a transient pool),
 * build, start, autostart, refresh. A later step can fail after the pool
 * exists: the pool is then kept ("half-created", its uuid readable here)
 * until the next run or vsm_pool_creation_remove_partial_async() removes
 * it (stopped and undefined; its data is never deleted).
 *
 * The New Pool wizard shows the plan and each step's state
 * ("step-changed"); everything else lives here, in the model, so that it
 * can be tested without GTK.
 *
 * Copyright 2026 Virt Storage developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vsm-pool-creation"

#include "config.h"

#include <glib/gi18n.h>

#include "vsm-connection.h"
#include "vsm-pool-creation.h"
#include "vsm-pool-ops.h"
#include "vsm-pool-type.h"
#include "vsm-task.h"

struct _VsmPoolCreation
{
  GObject        parent_instance;

  VsmHost       *host;
  char          *created_uuid;        /* the pool the last run created */
  gboolean       created_persistent;

  /* the run in progress */
  GTask         *task;
  VsmPoolSpec   *spec;
  GBytes        *secret_value;
  VsmCreateStep  steps[VSM_CREATE_N_STEPS];
  guint          n_steps;
  guint          current;
};

G_DEFINE_FINAL_TYPE (VsmPoolCreation, vsm_pool_creation, G_TYPE_OBJECT)

enum {
  STEP_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

VsmPoolCreation *
vsm_pool_creation_new (VsmHost *host)
{
  VsmPoolCreation *self;

  g_return_val_if_fail (VSM_IS_HOST (host), NULL);

  self = g_object_new (VSM_TYPE_POOL_CREATION, NULL);
  self->host = g_object_ref (host);
  return self;
}

/**
 * vsm_pool_creation_plan:
 * @steps: (out caller-allocates): the steps, in order
 *
 * Returns: how many steps a run of @spec takes now
 */
guint
vsm_pool_creation_plan (VsmPoolCreation   *self,
                        const VsmPoolSpec *spec,
                        VsmCreateStep      steps[VSM_CREATE_N_STEPS])
{
  guint n = 0;

  g_return_val_if_fail (VSM_IS_POOL_CREATION (self), 0);
  g_return_val_if_fail (spec != NULL, 0);

  if (self->created_uuid != NULL)
    steps[n++] = VSM_CREATE_STEP_REMOVE_PARTIAL;
  if (spec->secret_usage != NULL)
    steps[n++] = VSM_CREATE_STEP_SECRET;
  steps[n++] = VSM_CREATE_STEP_DEFINE;
  /* A transient pool is built while it is created: libvirt refuses to
   * build a pool that already runs. */
  if (spec->build != VSM_BUILD_NONE && spec->persistent)
    steps[n++] = VSM_CREATE_STEP_BUILD;
  if (spec->start && spec->persistent)
    steps[n++] = VSM_CREATE_STEP_START;
  if (spec->autostart)
    steps[n++] = VSM_CREATE_STEP_AUTOSTART;
  if (spec->start || !spec->persistent)
    steps[n++] = VSM_CREATE_STEP_REFRESH;
  return n;
}

/**
 * vsm_create_step_label:
 *
 * Returns: what @step does for @spec, with its virsh command, translated
 */
const char *
vsm_create_step_label (VsmCreateStep      step,
                       const VsmPoolSpec *spec)
{
  switch (step)
    {
    case VSM_CREATE_STEP_REMOVE_PARTIAL:
      return _("Remove the half-created pool of the last try");
    case VSM_CREATE_STEP_SECRET:
      return _("Store the credentials as a libvirt secret");
    case VSM_CREATE_STEP_DEFINE:
      return spec->persistent ? _("Define the pool (pool-define)")
                              : _("Create the transient pool (pool-create)");
    case VSM_CREATE_STEP_BUILD:
      return spec->build == VSM_BUILD_OVERWRITE ? _("Build the pool, overwriting the device (pool-build --overwrite)")
           : spec->build == VSM_BUILD_NO_OVERWRITE ? _("Build the pool (pool-build --no-overwrite)")
           : _("Build the pool (pool-build)");
    case VSM_CREATE_STEP_START:
      return _("Start the pool (pool-start)");
    case VSM_CREATE_STEP_AUTOSTART:
      return _("Start it with the host (pool-autostart)");
    case VSM_CREATE_STEP_REFRESH:
      return _("Read its volumes (pool-refresh)");
    case VSM_CREATE_N_STEPS:
    default:
      g_return_val_if_reached ("");
    }
}

/* ------------------------------------------------------------------ */
/* Removing the half-created pool                                      */

typedef struct
{
  char     *uuid;
  gboolean  persistent;
} RemoveData;

static void
remove_data_free (RemoveData *rd)
{
  g_free (rd->uuid);
  g_free (rd);
}

static void
remove_undefined_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  vsm_connection_pool_action_finish (VSM_CONNECTION (object), result, &error);
  vsm_task_return_error_or_true (task, error);
}

static void
remove_stopped_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  RemoveData *rd = g_task_get_task_data (task);
  GError *error = NULL;

  vsm_connection_pool_action_finish (VSM_CONNECTION (object), result, &error);
  if (rd->persistent)
    {
      GCancellable *cancellable = g_task_get_cancellable (task);

      /* "not active" is fine here: the pool may never have started. */
      g_clear_error (&error);
      vsm_connection_pool_action_async (VSM_CONNECTION (object), rd->uuid, VSM_POOL_ACTION_UNDEFINE,
                                        VSM_BUILD_DEFAULT, cancellable, remove_undefined_cb, g_steal_pointer (&task));
      return;
    }
  vsm_task_return_error_or_true (task, error);
}

/* Stops the pool the last run left, and undefines it if it is persistent
 * (a transient pool goes when it stops). Returns a task on @self. */
static void
remove_created (VsmPoolCreation     *self,
                GCancellable        *cancellable,
                GAsyncReadyCallback  callback,
                gpointer             user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  RemoveData *rd = g_new0 (RemoveData, 1);

  g_task_set_source_tag (task, remove_created);
  rd->uuid = g_strdup (self->created_uuid);
  rd->persistent = self->created_persistent;
  g_task_set_task_data (task, rd, (GDestroyNotify) remove_data_free);
  vsm_connection_pool_action_async (vsm_host_get_connection (self->host), rd->uuid, VSM_POOL_ACTION_STOP,
                                    VSM_BUILD_DEFAULT, cancellable, remove_stopped_cb, task);
}

static void
remove_partial_done_cb (GObject      *object,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  VsmPoolCreation *self = VSM_POOL_CREATION (object);
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      g_task_return_error (task, error);
      return;
    }
  g_clear_pointer (&self->created_uuid, g_free);
  vsm_host_reload (self->host);
  g_task_return_boolean (task, TRUE);
}

/**
 * vsm_pool_creation_remove_partial_async:
 *
 * Removes the pool a failed run left: stopped, and undefined when it is
 * persistent. Its data is not touched.
 */
void
vsm_pool_creation_remove_partial_async (VsmPoolCreation     *self,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (VSM_IS_POOL_CREATION (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, vsm_pool_creation_remove_partial_async);
  if (self->created_uuid == NULL || self->task != NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_FAILED,
                               self->task ? "A run is in progress" : "No half-created pool to remove");
      g_object_unref (task);
      return;
    }
  remove_created (self, cancellable, remove_partial_done_cb, task);
}

gboolean
vsm_pool_creation_remove_partial_finish (VsmPoolCreation  *self,
                                         GAsyncResult     *result,
                                         GError          **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* ------------------------------------------------------------------ */
/* The run                                                             */

static void run_step (VsmPoolCreation *self);

static void
set_state (VsmPoolCreation *self,
           VsmStepState     state)
{
  g_signal_emit (self, signals[STEP_CHANGED], 0, (guint) self->steps[self->current], (guint) state);
}

static void
end_run (VsmPoolCreation *self,
         GError          *error)
{
  g_autoptr(GTask) task = g_steal_pointer (&self->task);

  g_clear_pointer (&self->spec, vsm_pool_spec_free);
  g_clear_pointer (&self->secret_value, g_bytes_unref);
  vsm_task_return_error_or_true (task, error);
}

static void
step_done (VsmPoolCreation *self,
           gboolean         ok,
           GError          *error)
{
  if (!ok)
    {
      set_state (self, VSM_STEP_FAILED);
      end_run (self, error);
      return;
    }
  set_state (self, VSM_STEP_DONE);
  self->current++;
  run_step (self);
}

/* Each callback gets a reference on self as user data. */

static void
remove_step_cb (GObject *o, GAsyncResult *r, gpointer data)
{
  g_autoptr(VsmPoolCreation) self = data;
  GError *error = NULL;
  gboolean ok = g_task_propagate_boolean (G_TASK (r), &error);

  if (ok)
    g_clear_pointer (&self->created_uuid, g_free);
  step_done (self, ok, error);
}

static void
secret_cb (GObject *o, GAsyncResult *r, gpointer data)
{
  g_autoptr(VsmPoolCreation) self = data;
  GError *error = NULL;
  gboolean ok = vsm_secret_define_finish (VSM_CONNECTION (o), r, &error);

  step_done (self, ok, error);
}

static void
define_cb (GObject *o, GAsyncResult *r, gpointer data)
{
  g_autoptr(VsmPoolCreation) self = data;
  GError *error = NULL;
  char *uuid = vsm_pool_define_finish (VSM_CONNECTION (o), r, &error);

  if (uuid != NULL)
    {
      g_free (self->created_uuid);
      self->created_uuid = uuid;
      self->created_persistent = self->spec->persistent;
    }
  step_done (self, uuid != NULL, error);
}

static void
action_cb (GObject *o, GAsyncResult *r, gpointer data)
{
  g_autoptr(VsmPoolCreation) self = data;
  GError *error = NULL;
  gboolean ok = vsm_connection_pool_action_finish (VSM_CONNECTION (o), r, &error);

  step_done (self, ok, error);
}

static void
run_step (VsmPoolCreation *self)
{
  VsmConnection *conn = vsm_host_get_connection (self->host);
  GCancellable *cancellable = g_task_get_cancellable (self->task);
  VsmPoolAction action;

  if (self->current >= self->n_steps)
    {
      /* Done: the models show the new pool. */
      vsm_host_reload (self->host);
      end_run (self, NULL);
      return;
    }

  set_state (self, VSM_STEP_RUNNING);
  switch (self->steps[self->current])
    {
    case VSM_CREATE_STEP_REMOVE_PARTIAL:
      /* A retry: the last run's pool goes first, or define would fail
       * with "pool already exists". */
      remove_created (self, cancellable, remove_step_cb, g_object_ref (self));
      return;

    case VSM_CREATE_STEP_SECRET:
      {
        g_autofree char *desc = g_strdup_printf ("virt-storage: %s", self->spec->name);

        vsm_secret_define_async (conn, vsm_pool_type_secret_usage_type (self->spec->type),
                                 self->spec->secret_usage, desc, self->secret_value, cancellable,
                                 secret_cb, g_object_ref (self));
      }
      return;

    case VSM_CREATE_STEP_DEFINE:
      {
        GError *error = NULL;
        g_autofree char *xml = vsm_pool_xml_build (self->spec, &error);

        if (xml == NULL)
          step_done (self, FALSE, error);
        else
          vsm_pool_define_async (conn, xml, self->spec->persistent,
                                 self->spec->persistent ? VSM_BUILD_NONE : self->spec->build,
                                 cancellable, define_cb, g_object_ref (self));
      }
      return;

    case VSM_CREATE_STEP_BUILD:
      action = VSM_POOL_ACTION_BUILD;
      break;
    case VSM_CREATE_STEP_START:
      action = VSM_POOL_ACTION_START;
      break;
    case VSM_CREATE_STEP_AUTOSTART:
      action = VSM_POOL_ACTION_AUTOSTART_ON;
      break;
    case VSM_CREATE_STEP_REFRESH:
      action = VSM_POOL_ACTION_REFRESH;
      break;
    case VSM_CREATE_N_STEPS:
    default:
      g_assert_not_reached ();
    }
  vsm_connection_pool_action_async (conn, self->created_uuid, action, self->spec->build, cancellable, action_cb,
                                    g_object_ref (self));
}

/**
 * vsm_pool_creation_run_async:
 * @secret_value: (nullable): the secret's value when @spec has a
 *   secret_usage
 *
 * Runs the plan of @spec (vsm_pool_creation_plan()), emitting
 * "step-changed" as each step starts, succeeds or fails. After a failure
 * vsm_pool_creation_get_created_uuid() names the pool the run left, if
 * any; the next run removes it first. On success the host reloads.
 */
void
vsm_pool_creation_run_async (VsmPoolCreation     *self,
                             const VsmPoolSpec   *spec,
                             GBytes              *secret_value,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_return_if_fail (VSM_IS_POOL_CREATION (self));
  g_return_if_fail (spec != NULL);
  g_return_if_fail (self->task == NULL);
  g_return_if_fail (spec->secret_usage == NULL || secret_value != NULL);

  self->task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (self->task, vsm_pool_creation_run_async);
  self->spec = vsm_pool_spec_copy (spec);
  self->secret_value = secret_value ? g_bytes_ref (secret_value) : NULL;
  self->n_steps = vsm_pool_creation_plan (self, spec, self->steps);
  self->current = 0;
  run_step (self);
}

gboolean
vsm_pool_creation_run_finish (VsmPoolCreation  *self,
                              GAsyncResult     *result,
                              GError          **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * vsm_pool_creation_get_created_uuid:
 *
 * Returns: (nullable): the pool the last run created: the new pool after
 * a success, the half-created one after a failure, %NULL once removed
 */
const char *
vsm_pool_creation_get_created_uuid (VsmPoolCreation *self)
{
  g_return_val_if_fail (VSM_IS_POOL_CREATION (self), NULL);
  return self->created_uuid;
}

gboolean
vsm_pool_creation_get_running (VsmPoolCreation *self)
{
  g_return_val_if_fail (VSM_IS_POOL_CREATION (self), FALSE);
  return self->task != NULL;
}

static void
vsm_pool_creation_dispose (GObject *object)
{
  VsmPoolCreation *self = VSM_POOL_CREATION (object);

  g_clear_object (&self->host);
  G_OBJECT_CLASS (vsm_pool_creation_parent_class)->dispose (object);
}

static void
vsm_pool_creation_finalize (GObject *object)
{
  VsmPoolCreation *self = VSM_POOL_CREATION (object);

  g_free (self->created_uuid);
  g_clear_pointer (&self->spec, vsm_pool_spec_free);
  g_clear_pointer (&self->secret_value, g_bytes_unref);
  G_OBJECT_CLASS (vsm_pool_creation_parent_class)->finalize (object);
}

static void
vsm_pool_creation_class_init (VsmPoolCreationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = vsm_pool_creation_dispose;
  object_class->finalize = vsm_pool_creation_finalize;

  /**
   * VsmPoolCreation::step-changed:
   * @step: a #VsmCreateStep
   * @state: a #VsmStepState
   */
  signals[STEP_CHANGED] = g_signal_new ("step-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                        0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_UINT, G_TYPE_UINT);
}

static void
vsm_pool_creation_init (VsmPoolCreation *self)
{
}
