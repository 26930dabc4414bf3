/* fuzz-size.c: the size parser (vsm_size_parse) and its round trip with
 * vsm_size_format
 *
 * The input is the text typed in a size entry. Its first eight bytes also
 * make a number (shifted right by the first byte, to reach every unit)
 * that must survive format → parse within the rounding of one decimal.
 *
 * Copyright 2026 Virt Storage developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "fuzz-common.h"
#include "vsm-error.h"
#include "vsm-size.h"

#define EiB (G_GUINT64_CONSTANT (1) << 60)

/* The unit vsm_size_format() picks: the largest power of 1024 ≤ @x. */
static guint64
unit_of (guint64 x)
{
  guint64 unit = 1;

  while (unit < EiB && x >= unit * 1024)
    unit *= 1024;
  return unit;
}

static void
check_round_trip (guint64 x)
{
  g_autofree char *text = vsm_size_format (x);
  g_autoptr(GError) error = NULL;
  guint64 back = 0;
  guint64 unit = unit_of (x);

  FUZZ_CHECK (text != NULL && g_utf8_validate (text, -1, NULL));
  if (!vsm_size_parse (text, &back, &error))
    {
      /* Only what rounds up to "16.0 EiB" (2^64) cannot come back. */
      FUZZ_CHECK (g_error_matches (error, VSM_ERROR, VSM_ERROR_INVALID_INPUT));
      FUZZ_CHECK (x >= 15 * EiB + EiB / 20 * 19);
      return;
    }
  FUZZ_CHECK (error == NULL);
  if (x < 1024)
    FUZZ_CHECK (back == x);
  else
    /* Half a displayed decimal, plus the double g_format_size() divides
     * in (53 bits: off by up to x / 2^52 before printing). */
    FUZZ_CHECK ((back > x ? back - x : x - back) <= unit / 20 + (x >> 50) + 1);
}

static void
check_parse (const char *text)
{
  g_autoptr(GError) error = NULL;
  guint64 bytes = 0;
  gboolean ok = vsm_size_parse (text, &bytes, &error);
  gboolean utf8 = g_utf8_validate (text, -1, NULL);

  if (!ok)
    {
      FUZZ_CHECK (g_error_matches (error, VSM_ERROR, VSM_ERROR_INVALID_INPUT));
      FUZZ_CHECK (error->message[0] != '\0');
      /* The message quotes the text; GTK shows it. */
      if (utf8)
        FUZZ_CHECK (g_utf8_validate (error->message, -1, NULL));
      return;
    }
  FUZZ_CHECK (error == NULL);

  /* A size has a digit, and never a sign, exponent or hex prefix. */
  FUZZ_CHECK (strpbrk (text, "0123456789") != NULL);
  FUZZ_CHECK (strpbrk (text, "-+xX") == NULL);

  /* Plain digits are bytes, exactly. */
  {
    g_autofree char *stripped = g_strstrip (g_strdup (text));
    guint64 plain;

    if (*stripped && strspn (stripped, "0123456789") == strlen (stripped) &&
        g_ascii_string_to_unsigned (stripped, 10, 0, G_MAXUINT64, &plain, NULL))
      FUZZ_CHECK (bytes == plain);
  }

  /* Surrounding blanks (what a pasted value carries) change nothing. */
  {
    g_autofree char *padded = g_strconcat (" \t\xc2\xa0", text, "\xc2\xa0 ", NULL);
    guint64 again = 0;

    FUZZ_CHECK (vsm_size_parse (padded, &again, NULL));
    FUZZ_CHECK (again == bytes);
  }

  check_round_trip (bytes);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autofree char *text = fuzz_strdup (data, size);
  guint64 x = 0;

  for (size_t i = 0; i < MIN (size, 8); i++)
    x |= (guint64) data[i] << (8 * i);
  if (size > 0)
    x >>= data[0] % 64;
  check_round_trip (x);

  check_parse (text);
  return 0;
}
