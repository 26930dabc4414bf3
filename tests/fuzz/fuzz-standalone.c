/* fuzz-standalone.c: runs a fuzz target without libFuzzer
 *
 *   fuzz-<target>-standalone [--tap] [--iterations N] [--seed S]
 *                            [--dict FILE] CORPUS_DIR_OR_FILE…
 *
 * Feeds every corpus file to LLVMFuzzerTestOneInput(), then N inputs made
 * by mutating them (bit flips, byte changes, insertions, deletions,
 * repeats, dictionary words, splices of two entries) with a seeded
 * pseudo-random generator: the same seed gives the same inputs, so a
 * failure in CI reproduces with the same command line. This is how the
 * 'fuzz' test suite runs with gcc; build-aux/fuzz runs the real libFuzzer.
 *
 * If an input makes the target abort or crash, it is written to
 * crash-fuzz-<target>-standalone-<pid> in the current directory (the test's build
 * directory) before the process dies, ready for
 * `fuzz-<target> FILE` or `fuzz-<target>-standalone FILE`.
 *
 * Copyright 2026 Virt Storage developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int LLVMFuzzerInitialize  (int            *argc,
                           char         ***argv);
int LLVMFuzzerTestOneInput (const uint8_t  *data,
                            size_t          size);

/* libFuzzer's default -max_len for a corpus of small files is about this. */
#define MAX_LEN 8192

/* The input being run and where to save it if it kills us: read from the
 * signal handler, so plain statics (this is a test driver, not the app). */
static const uint8_t *current_data;
static size_t current_size;
static char crash_path[256];

static void
on_fatal_signal (int sig)
{
  if (current_data != NULL && crash_path[0] != '\0')
    {
      int fd = open (crash_path, O_WRONLY | O_CREAT | O_TRUNC, 0644);

      if (fd >= 0)
        {
          const uint8_t *p = current_data;
          size_t left = current_size;

          while (left > 0)
            {
              ssize_t n = write (fd, p, left);
              if (n <= 0)
                break;
              p += n;
              left -= (size_t) n;
            }
          close (fd);
          (void) !write (STDERR_FILENO, "fuzz-standalone: input saved to ", 32);
          (void) !write (STDERR_FILENO, crash_path, strlen (crash_path));
          (void) !write (STDERR_FILENO, "\n", 1);
        }
    }
  signal (sig, SIG_DFL);
  raise (sig);
}

static void
run_one (const uint8_t *data,
         size_t         size)
{
  current_data = data;
  current_size = size;
  LLVMFuzzerTestOneInput (data, size);
  current_data = NULL;
}

/* splitmix64: small, fast and the same everywhere. */
static guint64
rng_next (guint64 *state)
{
  guint64 z = (*state += G_GUINT64_CONSTANT (0x9e3779b97f4a7c15));

  z = (z ^ (z >> 30)) * G_GUINT64_CONSTANT (0xbf58476d1ce4e5b9);
  z = (z ^ (z >> 27)) * G_GUINT64_CONSTANT (0x94d049bb133111eb);
  return z ^ (z >> 31);
}

static gsize
rng_below (guint64 *state,
           gsize    n)
{
  return n == 0 ? 0 : (gsize) (rng_next (state) % n);
}

/* A libFuzzer/AFL dictionary: one `name="value"` (or `"value"`) a line,
 * with \\, \" and \xNN escapes; # starts a comment. */
static GPtrArray *
load_dict (const char  *path,
           GError     **error)
{
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;
  GPtrArray *words = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);

  if (!g_file_get_contents (path, &text, NULL, error))
    {
      g_ptr_array_unref (words);
      return NULL;
    }
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *line = g_strchug (lines[i]);
      const char *p = strchr (line, '"');
      const char *end = strrchr (line, '"');
      GByteArray *word;

      if (*line == '#' || p == NULL || end == p)
        continue;
      word = g_byte_array_new ();
      for (p++; p < end; p++)
        {
          guint8 c = (guint8) *p;

          if (*p == '\\' && p + 1 < end && (p[1] == '\\' || p[1] == '"'))
            c = (guint8) *++p;
          else if (*p == '\\' && p + 3 < end && p[1] == 'x' &&
                   g_ascii_isxdigit (p[2]) && g_ascii_isxdigit (p[3]))
            {
              c = (guint8) (g_ascii_xdigit_value (p[2]) * 16 + g_ascii_xdigit_value (p[3]));
              p += 3;
            }
          g_byte_array_append (word, &c, 1);
        }
      g_ptr_array_add (words, g_byte_array_free_to_bytes (word));
    }
  return words;
}

static int
compare_paths (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/* Every regular file under @path (or @path itself), in name order so that
 * the mutations do not depend on the file system's directory order. */
static gboolean
collect_files (const char  *path,
               GPtrArray   *out,
               GError     **error)
{
  g_autoptr(GDir) dir = NULL;
  g_autoptr(GPtrArray) names = NULL;
  const char *name;

  if (!g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      g_ptr_array_add (out, g_strdup (path));
      return TRUE;
    }
  dir = g_dir_open (path, 0, error);
  if (dir == NULL)
    return FALSE;
  names = g_ptr_array_new_with_free_func (g_free);
  while ((name = g_dir_read_name (dir)) != NULL)
    g_ptr_array_add (names, g_build_filename (path, name, NULL));
  g_ptr_array_sort (names, compare_paths);
  for (guint i = 0; i < names->len; i++)
    {
      const char *child = g_ptr_array_index (names, i);

      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        {
          if (!collect_files (child, out, error))
            return FALSE;
        }
      else if (g_file_test (child, G_FILE_TEST_IS_REGULAR))
        g_ptr_array_add (out, g_strdup (child));
    }
  return TRUE;
}

static void
insert_bytes (GByteArray    *buf,
              gsize          at,
              const guint8  *data,
              gsize          len)
{
  if (len == 0)
    return;
  g_byte_array_set_size (buf, buf->len + len);
  memmove (buf->data + at + len, buf->data + at, buf->len - len - at);
  memcpy (buf->data + at, data, len);
}

/* One random edit of @buf. */
static void
mutate_once (GByteArray *buf,
             GPtrArray  *corpus,
             GPtrArray  *dict,
             guint64    *rng)
{
  static const guint8 interesting[] = {
    0, 1, 0x7f, 0x80, 0xff, ' ', '\t', '\n', '<', '>', '/', '&', ';', '\'', '"', '=',
    ':', '.', ',', '-', '+', '@', '[', ']', '%', '#', '?', '0', '9', 0xc2, 0xa0, 0xe2,
  };
  gsize len = buf->len;

  switch (rng_below (rng, 10))
    {
    case 0: /* flip a bit */
      if (len > 0)
        buf->data[rng_below (rng, len)] ^= (guint8) (1u << rng_below (rng, 8));
      break;
    case 1: /* set a byte to a random or an interesting value */
      if (len > 0)
        buf->data[rng_below (rng, len)] = rng_below (rng, 2)
                                          ? (guint8) rng_next (rng)
                                          : interesting[rng_below (rng, sizeof interesting)];
      break;
    case 2: /* insert an interesting byte */
      {
        guint8 c = interesting[rng_below (rng, sizeof interesting)];
        insert_bytes (buf, rng_below (rng, len + 1), &c, 1);
      }
      break;
    case 3: /* delete a run */
      if (len > 0)
        {
          gsize at = rng_below (rng, len);
          gsize n = 1 + rng_below (rng, MIN (len - at, 64));
          g_byte_array_remove_range (buf, at, n);
        }
      break;
    case 4: /* repeat a run */
      if (len > 0 && len < MAX_LEN)
        {
          gsize at = rng_below (rng, len);
          gsize n = 1 + rng_below (rng, MIN (len - at, 64));
          g_autofree guint8 *copy = g_memdup2 (buf->data + at, n);
          insert_bytes (buf, rng_below (rng, len + 1), copy, n);
        }
      break;
    case 5: /* swap two bytes */
      if (len > 1)
        {
          gsize a = rng_below (rng, len), b = rng_below (rng, len);
          guint8 t = buf->data[a];
          buf->data[a] = buf->data[b];
          buf->data[b] = t;
        }
      break;
    case 6: /* insert a dictionary word */
    case 7: /* overwrite with a dictionary word */
      if (dict != NULL && dict->len > 0)
        {
          GBytes *w = g_ptr_array_index (dict, rng_below (rng, dict->len));
          gsize wlen;
          const guint8 *wdata = g_bytes_get_data (w, &wlen);
          gsize at = rng_below (rng, len + 1);

          if (rng_below (rng, 2) == 0 || at + wlen > len)
            insert_bytes (buf, at, wdata, wlen);
          else
            memcpy (buf->data + at, wdata, wlen);
        }
      break;
    case 8: /* splice in a run of another corpus entry */
      {
        GBytes *other = g_ptr_array_index (corpus, rng_below (rng, corpus->len));
        gsize olen;
        const guint8 *odata = g_bytes_get_data (other, &olen);

        if (olen > 0)
          {
            gsize from = rng_below (rng, olen);
            gsize n = 1 + rng_below (rng, MIN (olen - from, 256));
            insert_bytes (buf, rng_below (rng, len + 1), odata + from, n);
          }
      }
      break;
    default: /* truncate */
      if (len > 0)
        g_byte_array_set_size (buf, rng_below (rng, len));
      break;
    }
  if (buf->len > MAX_LEN)
    g_byte_array_set_size (buf, MAX_LEN);
}

int
main (int   argc,
      char *argv[])
{
  gboolean tap = FALSE;
  gint64 iterations = 10000;
  gint64 seed = 1;
  g_autofree char *dict_path = NULL;
  g_auto(GStrv) inputs = NULL;
  g_autoptr(GOptionContext) ctx = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) corpus = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  g_autoptr(GPtrArray) dict = NULL;
  g_autofree char *target = g_path_get_basename (argv[0]);
  g_autoptr(GByteArray) buf = NULL;
  guint64 rng;
  gint64 start;
  double secs;
  const GOptionEntry entries[] = {
    { "tap", 0, 0, G_OPTION_ARG_NONE, &tap, "Print TAP", NULL },
    { "iterations", 'n', 0, G_OPTION_ARG_INT64, &iterations, "Mutated inputs to run (default 10000)", "N" },
    { "seed", 's', 0, G_OPTION_ARG_INT64, &seed, "Random seed (default 1)", "S" },
    { "dict", 'd', 0, G_OPTION_ARG_FILENAME, &dict_path, "libFuzzer dictionary", "FILE" },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &inputs, NULL, "CORPUS…" },
    { NULL }
  };

  ctx = g_option_context_new ("CORPUS_DIR_OR_FILE… - run a fuzz target over a corpus and mutations of it");
  g_option_context_add_main_entries (ctx, entries, NULL);
  if (!g_option_context_parse (ctx, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }
  if (inputs == NULL || iterations < 0)
    {
      g_printerr ("usage: %s [--tap] [--iterations N] [--seed S] [--dict FILE] CORPUS…\n", target);
      return 2;
    }

  /* VSM_FUZZ_ITERATIONS overrides the count meson passes (longer local
   * runs without libFuzzer). */
  if (g_getenv ("VSM_FUZZ_ITERATIONS") != NULL)
    iterations = g_ascii_strtoll (g_getenv ("VSM_FUZZ_ITERATIONS"), NULL, 10);

  g_snprintf (crash_path, sizeof crash_path, "crash-%s-%d", target, (int) getpid ());
  signal (SIGABRT, on_fatal_signal);
  signal (SIGSEGV, on_fatal_signal);
  signal (SIGBUS, on_fatal_signal);
  signal (SIGFPE, on_fatal_signal);
  signal (SIGILL, on_fatal_signal);

  if (dict_path != NULL && (dict = load_dict (dict_path, &error)) == NULL)
    {
      g_printerr ("%s: %s\n", dict_path, error->message);
      return 2;
    }
  for (guint i = 0; inputs[i] != NULL; i++)
    if (!collect_files (inputs[i], files, &error))
      {
        g_printerr ("%s\n", error->message);
        return 2;
      }
  for (guint i = 0; i < files->len; i++)
    {
      char *contents = NULL;
      gsize len = 0;

      if (!g_file_get_contents (g_ptr_array_index (files, i), &contents, &len, &error))
        {
          g_printerr ("%s\n", error->message);
          return 2;
        }
      g_ptr_array_add (corpus, g_bytes_new_take (contents, len));
    }
  if (corpus->len == 0)
    {
      g_printerr ("%s: the corpus is empty\n", target);
      return 2;
    }

  LLVMFuzzerInitialize (&argc, &argv);
  if (tap)
    g_print ("1..2\n");

  start = g_get_monotonic_time ();
  for (guint i = 0; i < corpus->len; i++)
    {
      gsize len;
      const guint8 *data = g_bytes_get_data (g_ptr_array_index (corpus, i), &len);

      run_one (data, len);
    }
  if (tap)
    g_print ("ok 1 - %s: %u corpus files\n", target, corpus->len);

  rng = (guint64) seed;
  buf = g_byte_array_new ();
  for (gint64 n = 0; n < iterations; n++)
    {
      gsize len;
      const guint8 *data = g_bytes_get_data (g_ptr_array_index (corpus, rng_below (&rng, corpus->len)), &len);
      guint edits = 1 + (guint) rng_below (&rng, 8);

      g_byte_array_set_size (buf, 0);
      g_byte_array_append (buf, data, (guint) MIN (len, MAX_LEN));
      for (guint e = 0; e < edits; e++)
        mutate_once (buf, corpus, dict, &rng);
      run_one (buf->data, buf->len);
    }
  secs = (double) (g_get_monotonic_time () - start) / G_USEC_PER_SEC;

  if (tap)
    g_print ("ok 2 - %s: %" G_GINT64_FORMAT " mutated inputs, seed %" G_GINT64_FORMAT "\n",
             target, iterations, seed);
  g_print ("# %s: %" G_GINT64_FORMAT " execs in %.2f s (%.0f exec/s)\n",
           target, (gint64) corpus->len + iterations, secs,
           secs > 0 ? ((double) corpus->len + (double) iterations) / secs : 0.0);
  return 0;
}
