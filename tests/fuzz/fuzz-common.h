/* fuzz-common.h: what every fuzz target in tests/fuzz/ shares
 *
 * Each target is one file defining LLVMFuzzerTestOneInput(); it is linked
 * either with libFuzzer (-Dfuzzing=true, clang) or with fuzz-standalone.c
 * (every other build, the 'fuzz' test suite). Include this header once,
 * from the target's file: it defines LLVMFuzzerInitialize().
 *
 * A broken invariant aborts with FUZZ_CHECK(), which both drivers report
 * as a crash (libFuzzer saves the input as crash-<sha1>).
 *
 * Copyright 2026 Virt Storage developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>
#include <libxml/parser.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerInitialize  (int            *argc,
                           char         ***argv);
int LLVMFuzzerTestOneInput (const uint8_t  *data,
                            size_t          size);

#define FUZZ_CHECK(expr) \
  G_STMT_START { \
    if (G_UNLIKELY (!(expr))) \
      fuzz_fail (__FILE__, __LINE__, #expr); \
  } G_STMT_END

G_GNUC_NORETURN static inline void
fuzz_fail (const char *file,
           int         line,
           const char *expr)
{
  fprintf (stderr, "%s:%d: invariant failed: %s\n", file, line, expr);
  fflush (stderr);
  abort ();
}

/* GLib warnings and criticals are bugs too: make them abort. */
int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  g_log_set_always_fatal (G_LOG_LEVEL_ERROR | G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING);
  xmlInitParser ();
  return 0;
}

/* The input as a NUL-terminated string (cut at the first NUL byte, like
 * the C strings the code under test receives). */
static inline char *
fuzz_strdup (const uint8_t *data,
             size_t         size)
{
  return g_strndup ((const char *) data, size);
}

/* NULL or valid UTF-8: everything the readers return ends up in a GTK
 * label, which refuses anything else. */
static inline gboolean
fuzz_utf8_or_null (const char *s)
{
  return s == NULL || g_utf8_validate (s, -1, NULL);
}

/* Any C0 or C1 control character, DEL included (in valid UTF-8 @s). */
static inline gboolean
fuzz_has_control_chars (const char *s)
{
  for (const char *p = s; *p; p = g_utf8_next_char (p))
    if (g_unichar_iscntrl (g_utf8_get_char (p)))
      return TRUE;
  return FALSE;
}

/* Appends @s escaped for an XML attribute value in single quotes or for
 * element text: markup characters and the whitespace the parser would
 * otherwise normalise to spaces as character references. */
static inline void
fuzz_append_escaped (GString    *out,
                     const char *s)
{
  for (const char *p = s; *p; p++)
    switch (*p)
      {
      case '&': g_string_append (out, "&amp;"); break;
      case '<': g_string_append (out, "&lt;"); break;
      case '>': g_string_append (out, "&gt;"); break;
      case '\'': g_string_append (out, "&apos;"); break;
      case '"': g_string_append (out, "&quot;"); break;
      case '\t': g_string_append (out, "&#9;"); break;
      case '\n': g_string_append (out, "&#10;"); break;
      case '\r': g_string_append (out, "&#13;"); break;
      default: g_string_append_c (out, *p); break;
      }
}

/* Appends ` name='value'` when @value is set. */
static inline void
fuzz_append_attr (GString    *out,
                  const char *name,
                  const char *value)
{
  if (value == NULL)
    return;
  g_string_append_printf (out, " %s='", name);
  fuzz_append_escaped (out, value);
  g_string_append_c (out, '\'');
}
