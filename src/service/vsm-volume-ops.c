/* vsm-volume-ops.c
 *
 * Copyright 2026 Virt Storage developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vsm-volume-ops"
#define _GNU_SOURCE /* SEEK_DATA, SEEK_HOLE */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <libvirt/virterror.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "vsm-connection-private.h"
#include "vsm-op-private.h"
#include "vsm-virt-error.h"
#include "vsm-volume-ops.h"

#define PROGRESS_MSEC 100

typedef struct
{
  VsmOp            head;
  VsmVolumeJobKind kind;
  char            *pool_uuid;
  char            *name;
  char            *dst_pool_uuid;
  char            *xml;
  guint            flags;
  guint64          capacity;
  guint            algorithm;
  char            *local_path;
  gboolean         sparse;

  /* transfers */
  int              fd;
  guint64          total;
  gint64           done;          /* updated with __atomic builtins */
  GCancellable    *cancellable;
  VsmProgressFunc  progress;
  gpointer         progress_data;
  guint            progress_source;
} VolOp;

static void
vol_op_clear (VolOp *op)
{
  if (op->fd >= 0)
    close (op->fd);
  g_clear_handle_id (&op->progress_source, g_source_remove);
  g_clear_object (&op->cancellable);
  g_free (op->pool_uuid);
  g_free (op->name);
  g_free (op->dst_pool_uuid);
  g_free (op->xml);
  g_free (op->local_path);
}

/* ------------------------------------------------------------------ */
/* Stream callbacks (run on the transfer thread)                       */

static int
source_cb (virStreamPtr  st,
           char         *data,
           size_t        nbytes,
           void         *opaque)
{
  VolOp *op = opaque;
  ssize_t got;

  if (g_cancellable_is_cancelled (op->cancellable))
    return -1;
  do
    got = read (op->fd, data, nbytes);
  while (got < 0 && errno == EINTR);
  if (got > 0)
    __atomic_add_fetch (&op->done, (gint64) (got), __ATOMIC_RELAXED);
  return (int) got;
}

/* Sparse upload: tell libvirt whether the file offset sits in data or in
 * a hole, and how long that section is (SEEK_DATA / SEEK_HOLE). */
static int
in_data_cb (virStreamPtr  st,
            int          *in_data,
            long long    *length,
            void         *opaque)
{
  VolOp *op = opaque;
  off_t cur = lseek (op->fd, 0, SEEK_CUR);
  off_t data, hole, end;

  if (cur < 0)
    return -1;
  end = lseek (op->fd, 0, SEEK_END);
  if (end < 0 || lseek (op->fd, cur, SEEK_SET) < 0)
    return -1;
  if (cur >= end)
    {
      *in_data = 0;
      *length = 0;
      return 0;
    }

  data = lseek (op->fd, cur, SEEK_DATA);
  if (data < 0 && errno == ENXIO)
    {
      /* Only a hole up to EOF. */
      *in_data = 0;
      *length = end - cur;
    }
  else if (data < 0)
    return -1;
  else if (data > cur)
    {
      *in_data = 0;
      *length = data - cur;
    }
  else
    {
      hole = lseek (op->fd, cur, SEEK_HOLE);
      if (hole < 0)
        return -1;
      *in_data = 1;
      *length = hole - cur;
    }
  if (lseek (op->fd, cur, SEEK_SET) < 0)
    return -1;
  return 0;
}

static int
skip_cb (virStreamPtr  st,
         long long     length,
         void         *opaque)
{
  VolOp *op = opaque;

  if (g_cancellable_is_cancelled (op->cancellable))
    return -1;
  if (lseek (op->fd, length, SEEK_CUR) < 0)
    return -1;
  __atomic_add_fetch (&op->done, (gint64) (length), __ATOMIC_RELAXED);
  return 0;
}

/* ------------------------------------------------------------------ */
/* Download: a receiving thread and a writing thread                   */

/* The transfer thread only receives: while it waits inside libvirt for the
 * next stream packet it holds the client's I/O ("the buck") and drains the
 * socket as soon as data arrives; the daemon can only send as much as the
 * socket buffer holds (less than one 256 KiB packet) before it waits for
 * us.  Writing into the file (the copy into the page cache is the biggest
 * CPU cost of a download) happens meanwhile on a second thread.  With one
 * thread doing both, as virStreamRecvAll() (and virsh) do, every write
 * leaves the socket unattended, and the main-loop thread (where
 * libvirt-glib runs libvirt's event loop) wakes up to read it instead:
 * slower, and more work on the thread that draws the window. */
#define RECV_CHUNK (1024 * 1024)        /* one virStreamRecv: what is queued, up to 1 MiB */
#define RECV_SLOTS 4

typedef struct
{
  char  *data;
  gsize  len;                           /* bytes of data in data */
  gint64 hole;                          /* > 0: a hole this long instead */
} Chunk;

typedef struct
{
  VolOp    *op;
  GMutex    lock;
  GCond     cond;
  Chunk     slots[RECV_SLOTS];
  guint     head;                       /* oldest filled slot */
  guint     filled;
  gboolean  eof;                        /* the receiver is done */
  gboolean  abandon;                    /* ... and failed: write nothing more */
  int       write_errno;                /* set by the writer on failure */
} Pipe;

static int
write_all (int         fd,
           const char *data,
           gsize       len)
{
  while (len > 0)
    {
      ssize_t put = write (fd, data, len);

      if (put < 0 && errno == EINTR)
        continue;
      if (put < 0)
        return errno;
      if (put == 0)
        return EIO;
      data += put;
      len -= put;
    }
  return 0;
}

static gpointer
writer_thread (gpointer data)
{
  Pipe *p = data;
  VolOp *op = p->op;

  for (;;)
    {
      Chunk *c;
      gint64 moved;
      int err = 0;

      g_mutex_lock (&p->lock);
      while (p->filled == 0 && !p->eof)
        g_cond_wait (&p->cond, &p->lock);
      if (p->abandon || p->filled == 0)
        {
          g_mutex_unlock (&p->lock);
          break;
        }
      c = &p->slots[p->head];
      g_mutex_unlock (&p->lock);

      if (c->hole > 0)
        {
          moved = c->hole;
          if (lseek (op->fd, c->hole, SEEK_CUR) < 0)
            err = errno;
        }
      else
        {
          moved = (gint64) c->len;
          err = write_all (op->fd, c->data, c->len);
        }
      if (err == 0)
        __atomic_add_fetch (&op->done, moved, __ATOMIC_RELAXED);

      g_mutex_lock (&p->lock);
      p->head = (p->head + 1) % RECV_SLOTS;
      p->filled--;
      if (err != 0)
        p->write_errno = err;
      g_cond_signal (&p->cond);
      g_mutex_unlock (&p->lock);
      if (err != 0)
        break;
    }
  return NULL;
}

/* The next free slot for the receiver (waiting for the writer to free
 * one), emptied; NULL once the writer failed (*write_errno says why). */
static Chunk *
take_free_slot (Pipe *p,
                int  *write_errno)
{
  Chunk *c = NULL;

  g_mutex_lock (&p->lock);
  while (p->filled == RECV_SLOTS && p->write_errno == 0)
    g_cond_wait (&p->cond, &p->lock);
  *write_errno = p->write_errno;
  if (p->write_errno == 0)
    {
      c = &p->slots[(p->head + p->filled) % RECV_SLOTS];
      c->len = 0;
      c->hole = 0;
    }
  g_mutex_unlock (&p->lock);
  return c;
}

/* Gives the slot take_free_slot() returned to the writer. */
static void
hand_over (Pipe *p)
{
  g_mutex_lock (&p->lock);
  p->filled++;
  g_cond_signal (&p->cond);
  g_mutex_unlock (&p->lock);
}

typedef enum
{
  RECV_OK,
  RECV_CANCELLED,
  RECV_WRITE_FAILED,
  RECV_LIBVIRT_FAILED,
} RecvResult;

/* Receives the whole stream into op->fd.  On RECV_LIBVIRT_FAILED, @error
 * holds libvirt's message; the stream is aborted on any failure. */
static RecvResult
recv_to_file (VolOp         *op,
              virStreamPtr   st,
              int           *write_errno,
              GError       **error)
{
  Pipe p = { .op = op };
  RecvResult result = RECV_OK;
  Chunk *c = NULL;                      /* the slot being filled */
  GThread *writer;
  guint i;

  g_mutex_init (&p.lock);
  g_cond_init (&p.cond);
  for (i = 0; i < RECV_SLOTS; i++)
    p.slots[i].data = g_malloc (RECV_CHUNK);
  writer = g_thread_new ("vsm-volume-write", writer_thread, &p);

  for (;;)
    {
      int got;

      if (c == NULL)
        {
          c = take_free_slot (&p, write_errno);
          if (c == NULL)
            {
              result = RECV_WRITE_FAILED;
              break;
            }
        }
      if (g_cancellable_is_cancelled (op->cancellable))
        {
          result = RECV_CANCELLED;
          break;
        }

      got = op->sparse ? virStreamRecvFlags (st, c->data + c->len, RECV_CHUNK - c->len,
                                             VIR_STREAM_RECV_STOP_AT_HOLE)
                       : virStreamRecv (st, c->data + c->len, RECV_CHUNK - c->len);
      if (got == -3)
        {
          long long length = 0;

          if (virStreamRecvHole (st, &length, 0) < 0)
            {
              vsm_error_set_from_virt (error, "Transfer failed");
              result = RECV_LIBVIRT_FAILED;
              break;
            }
          if (length <= 0)
            continue;
          /* The data before the hole, then the hole, in order. */
          if (c->len > 0)
            {
              hand_over (&p);
              c = take_free_slot (&p, write_errno);
              if (c == NULL)
                {
                  result = RECV_WRITE_FAILED;
                  break;
                }
            }
          c->hole = length;
          hand_over (&p);
          c = NULL;
        }
      else if (got < 0)
        {
          vsm_error_set_from_virt (error, "Transfer failed");
          result = RECV_LIBVIRT_FAILED;
          break;
        }
      else if (got == 0)
        {
          /* End of stream. */
          if (c->len > 0)
            hand_over (&p);
          c = NULL;
          break;
        }
      else
        {
          /* Straight to the writer. (Filling a slot with several packets
           * first, for fewer and larger writes, measured slower: the
           * writer idles meanwhile.) */
          c->len = (gsize) got;
          hand_over (&p);
          c = NULL;
        }
    }

  g_mutex_lock (&p.lock);
  p.eof = TRUE;
  p.abandon = result != RECV_OK;
  g_cond_signal (&p.cond);
  g_mutex_unlock (&p.lock);
  g_thread_join (writer);

  /* The writer may have failed on the last chunks. */
  if (result == RECV_OK && p.write_errno != 0)
    {
      *write_errno = p.write_errno;
      result = RECV_WRITE_FAILED;
    }
  if (result != RECV_OK)
    virStreamAbort (st);
  virResetLastError ();

  for (i = 0; i < RECV_SLOTS; i++)
    g_free (p.slots[i].data);
  g_mutex_clear (&p.lock);
  g_cond_clear (&p.cond);
  return result;
}

/* ------------------------------------------------------------------ */

static gboolean
do_transfer (VolOp   *op,
             GError **error)
{
  virStorageVolPtr vol = vsm_op_lookup_volume (op, op->pool_uuid, op->name, error);
  virStreamPtr st = NULL;
  virStorageVolInfo info;
  g_autofree char *part_path = NULL;
  gboolean ok = FALSE;
  int write_errno = 0;
  int rc = 0;

  if (vol == NULL)
    return FALSE;

  if (op->kind == VSM_VOLUME_JOB_UPLOAD)
    {
      struct stat stbuf;

      op->fd = g_open (op->local_path, O_RDONLY | O_CLOEXEC, 0);
      if (op->fd < 0 || fstat (op->fd, &stbuf) < 0)
        {
          int saved = errno;
          g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                       _("Could not open “%s”: %s"), op->local_path, g_strerror (saved));
          goto out;
        }
      op->total = stbuf.st_size;
    }
  else
    {
      /* Download into a temporary file beside the target and rename it at
       * the end: a failed or cancelled download never destroys a file the
       * user already had under that name. */
      part_path = g_strdup_printf ("%s.part", op->local_path);
      op->fd = g_open (part_path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
      if (op->fd < 0)
        {
          int saved = errno;
          g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                       _("Could not create “%s”: %s"), op->local_path, g_strerror (saved));
          g_clear_pointer (&part_path, g_free);
          goto out;
        }
      if (virStorageVolGetInfoFlags (vol, &info, VIR_STORAGE_VOL_GET_PHYSICAL) == 0)
        op->total = info.allocation;
      virResetLastError ();
    }

  /* A blocking stream on this dedicated thread, like virsh
   * vol-upload/vol-download (downloads add a writer thread, see
   * recv_to_file). */
  st = virStreamNew (op->head.conn, 0);
  if (st == NULL)
    {
      vsm_error_set_from_virt (error, "Could not create a stream");
      goto out;
    }

  if (op->kind == VSM_VOLUME_JOB_UPLOAD)
    {
      rc = virStorageVolUpload (vol, st, 0, op->total,
                                op->sparse ? VIR_STORAGE_VOL_UPLOAD_SPARSE_STREAM : 0);
      if (rc < 0)
        {
          vsm_error_set_from_virt (error, "Upload failed");
          goto out;
        }
      if (op->sparse)
        rc = virStreamSparseSendAll (st, source_cb, in_data_cb, skip_cb, op);
      else
        rc = virStreamSendAll (st, source_cb, op);
    }
  else
    {
      rc = virStorageVolDownload (vol, st, 0, 0,
                                  op->sparse ? VIR_STORAGE_VOL_DOWNLOAD_SPARSE_STREAM : 0);
      if (rc < 0)
        {
          vsm_error_set_from_virt (error, "Download failed");
          goto out;
        }
      switch (recv_to_file (op, st, &write_errno, error))
        {
        case RECV_OK:
          break;
        case RECV_CANCELLED:
          g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CANCELLED, _("Cancelled"));
          goto out;
        case RECV_WRITE_FAILED:
          g_set_error (error, G_IO_ERROR, g_io_error_from_errno (write_errno),
                       _("Could not write “%s”: %s"), op->local_path, g_strerror (write_errno));
          goto out;
        case RECV_LIBVIRT_FAILED:
        default:
          goto out;
        }
      /* A hole at the end was only a seek: give the file its full size. */
      if (op->sparse)
        {
          off_t end = lseek (op->fd, 0, SEEK_CUR);

          if (end < 0 || ftruncate (op->fd, end) < 0)
            {
              int saved = errno;
              virStreamAbort (st);
              g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                           _("Could not write “%s”: %s"), op->local_path, g_strerror (saved));
              goto out;
            }
        }
    }

  if (rc < 0)
    {
      /* SendAll aborts the stream itself on failure. */
      if (g_cancellable_is_cancelled (op->cancellable))
        g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CANCELLED, _("Cancelled"));
      else
        vsm_error_set_from_virt (error, "Transfer failed");
      virResetLastError ();
      goto out;
    }

  if (virStreamFinish (st) < 0)
    {
      vsm_error_set_from_virt (error, "Transfer failed");
      goto out;
    }
  /* No fsync: like cp and virsh vol-download, leave write-back to the
   * kernel (an fsync of a multi-GiB file costs more than the transfer). */
  if (part_path != NULL && g_rename (part_path, op->local_path) < 0)
    {
      int saved = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("Could not create “%s”: %s"), op->local_path, g_strerror (saved));
      goto out;
    }
  g_clear_pointer (&part_path, g_free);
  ok = TRUE;

out:
  if (part_path != NULL)
    g_unlink (part_path);
  if (st != NULL)
    virStreamFree (st);
  virStorageVolFree (vol);
  return ok;
}

static gssize
run_job (GTask    *task,
         gpointer  data,
         GError  **error)
{
  VolOp *op = data;
  gboolean ok = FALSE;

  switch (op->kind)
    {
    case VSM_VOLUME_JOB_CREATE:
      {
        virStoragePoolPtr pool = vsm_op_lookup_pool (op, op->pool_uuid, error);
        if (pool != NULL)
          {
            virStorageVolPtr vol = virStorageVolCreateXML (pool, op->xml, op->flags);
            if (vol == NULL)
              vsm_error_set_from_virt (error, "Could not create the volume");
            else
              {
                virStorageVolFree (vol);
                ok = TRUE;
              }
            virStoragePoolFree (pool);
          }
      }
      break;

    case VSM_VOLUME_JOB_CLONE:
      {
        virStorageVolPtr src = vsm_op_lookup_volume (op, op->pool_uuid, op->name, error);
        virStoragePoolPtr dst = src ? vsm_op_lookup_pool (op, op->dst_pool_uuid, error) : NULL;

        if (src != NULL && dst != NULL)
          {
            virStorageVolPtr vol = virStorageVolCreateXMLFrom (dst, op->xml, src, op->flags);
            if (vol == NULL)
              vsm_error_set_from_virt (error, "Could not clone the volume");
            else
              {
                virStorageVolFree (vol);
                ok = TRUE;
              }
          }
        if (dst != NULL)
          virStoragePoolFree (dst);
        if (src != NULL)
          virStorageVolFree (src);
      }
      break;

    case VSM_VOLUME_JOB_RESIZE:
    case VSM_VOLUME_JOB_WIPE:
    case VSM_VOLUME_JOB_DELETE:
      {
        virStorageVolPtr vol = vsm_op_lookup_volume (op, op->pool_uuid, op->name, error);
        int rc = -1;

        if (vol == NULL)
          break;
        if (op->kind == VSM_VOLUME_JOB_RESIZE)
          rc = virStorageVolResize (vol, op->capacity, op->flags);
        else if (op->kind == VSM_VOLUME_JOB_WIPE)
          rc = virStorageVolWipePattern (vol, op->algorithm, 0);
        else
          rc = virStorageVolDelete (vol, 0);
        if (rc < 0)
          vsm_error_set_from_virt (error, op->kind == VSM_VOLUME_JOB_RESIZE ? "Could not resize the volume"
                                           : op->kind == VSM_VOLUME_JOB_WIPE ? "Could not wipe the volume"
                                                                             : "Could not delete the volume");
        ok = rc >= 0;
        virStorageVolFree (vol);
      }
      break;

    case VSM_VOLUME_JOB_UPLOAD:
    case VSM_VOLUME_JOB_DOWNLOAD:
      ok = do_transfer (op, error);
      break;

    default:
      g_assert_not_reached ();
    }

  return ok ? (gssize) __atomic_load_n (&op->done, __ATOMIC_RELAXED) : -1;
}

static gboolean
progress_tick (gpointer data)
{
  VolOp *op = data;

  if (op->progress != NULL)
    op->progress ((guint64) __atomic_load_n (&op->done, __ATOMIC_RELAXED), op->total, op->progress_data);
  return G_SOURCE_CONTINUE;
}

static unsigned int
wipe_algorithm (VsmWipeAlgorithm algorithm)
{
  switch (algorithm)
    {
    case VSM_WIPE_RANDOM: return VIR_STORAGE_VOL_WIPE_ALG_RANDOM;
    case VSM_WIPE_NNSA: return VIR_STORAGE_VOL_WIPE_ALG_NNSA;
    case VSM_WIPE_DOD: return VIR_STORAGE_VOL_WIPE_ALG_DOD;
    case VSM_WIPE_SCHNEIER: return VIR_STORAGE_VOL_WIPE_ALG_SCHNEIER;
    case VSM_WIPE_GUTMANN: return VIR_STORAGE_VOL_WIPE_ALG_GUTMANN;
    case VSM_WIPE_TRIM: return VIR_STORAGE_VOL_WIPE_ALG_TRIM;
    case VSM_WIPE_ZERO:
    default: return VIR_STORAGE_VOL_WIPE_ALG_ZERO;
    }
}

/* Runs @task (from vsm_volume_job_async) on a thread of its own: wiping or copying
 * gigabytes must not occupy the shared GTask pool the short calls rely
 * on. Takes the task. */
static void
vol_op_run (GTask *task)
{
  VolOp *op = g_task_get_task_data (task);

  if (op->progress != NULL)
    op->progress_source = g_timeout_add (PROGRESS_MSEC, progress_tick, op);
  vsm_op_run_in_thread (task, "vsm-volume-op", run_job);
}

/**
 * vsm_volume_job_async:
 * @job: what to do; copied, so it may live on the caller's stack
 *
 * Runs @job on a thread of its own. Finish with vsm_volume_job_finish().
 */
void
vsm_volume_job_async (VsmConnection       *connection,
                      const VsmVolumeJob  *job,
                      GCancellable        *cancellable,
                      GAsyncReadyCallback  callback,
                      gpointer             user_data)
{
  static const char * const names[] = {
    [VSM_VOLUME_JOB_CREATE] = "volume-create", [VSM_VOLUME_JOB_CLONE] = "volume-clone",
    [VSM_VOLUME_JOB_RESIZE] = "volume-resize", [VSM_VOLUME_JOB_WIPE] = "volume-wipe",
    [VSM_VOLUME_JOB_UPLOAD] = "volume-upload", [VSM_VOLUME_JOB_DOWNLOAD] = "volume-download",
    [VSM_VOLUME_JOB_DELETE] = "volume-delete",
  };
  VolOp *op;
  GTask *task;

  g_return_if_fail (VSM_IS_CONNECTION (connection));
  g_return_if_fail (job != NULL && job->kind < G_N_ELEMENTS (names));
  g_return_if_fail (job->pool_uuid != NULL);
  g_return_if_fail ((job->kind != VSM_VOLUME_JOB_CREATE || job->spec != NULL || job->xml != NULL) &&
                    (job->kind != VSM_VOLUME_JOB_CLONE || job->spec != NULL));
  g_return_if_fail (job->kind == VSM_VOLUME_JOB_CREATE || job->name != NULL);
  /* into a new volume: the model's (create, upload, roll back) */
  g_return_if_fail (job->kind != VSM_VOLUME_JOB_UPLOAD || job->spec == NULL);

  task = vsm_op_new (connection, VolOp, vol_op_clear, vsm_volume_job_async, names[job->kind],
                     cancellable, callback, user_data, &op);
  if (task == NULL)
    return;
  op->kind = job->kind;
  op->fd = -1;
  op->cancellable = cancellable ? g_object_ref (cancellable) : g_cancellable_new ();
  op->pool_uuid = g_strdup (job->pool_uuid);
  op->name = g_strdup (job->name);
  /* a clone goes into its own pool unless told otherwise */
  op->dst_pool_uuid = g_strdup (job->dst_pool_uuid ? job->dst_pool_uuid : job->pool_uuid);
  if (job->spec != NULL)
    {
      op->xml = vsm_volume_xml_build (job->spec);
      op->flags = vsm_volume_spec_prealloc_metadata (job->spec) ? VIR_STORAGE_VOL_CREATE_PREALLOC_METADATA : 0;
    }
  else if (job->kind == VSM_VOLUME_JOB_CREATE)
    op->xml = g_strdup (job->xml);
  op->capacity = job->capacity;
  if (job->kind == VSM_VOLUME_JOB_RESIZE)
    op->flags = job->resize_flags;
  op->algorithm = wipe_algorithm (job->algorithm);
  op->local_path = g_strdup (job->local_path);
  op->sparse = job->sparse;
  op->progress = job->progress;
  op->progress_data = job->progress_data;
  vol_op_run (task);
}

/**
 * vsm_volume_job_finish:
 * @bytes: (out) (optional): what a transfer moved
 */
gboolean
vsm_volume_job_finish (VsmConnection  *connection,
                       GAsyncResult   *result,
                       guint64        *bytes,
                       GError        **error)
{
  gssize n;
  VolOp *op;

  g_return_val_if_fail (g_task_is_valid (result, connection), FALSE);

  /* Stop progress reports before returning to the caller. */
  op = g_task_get_task_data (G_TASK (result));
  if (op != NULL)
    g_clear_handle_id (&op->progress_source, g_source_remove);

  n = g_task_propagate_int (G_TASK (result), error);
  if (n < 0)
    return FALSE;
  if (bytes != NULL)
    *bytes = (guint64) n;
  return TRUE;
}

