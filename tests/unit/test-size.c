/* test-size.c: vsm_size_parse, vsm_size_format, overcommit helpers
 *
 * Copyright 2026 Virt Storage developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib.h>
#include <string.h>

#include "vsm-error.h"
#include "vsm-size.h"

#define KiB G_GUINT64_CONSTANT (1024)
#define MiB (KiB * 1024)
#define GiB (MiB * 1024)
#define TiB (GiB * 1024)
#define PiB (TiB * 1024)
#define EiB (PiB * 1024)

typedef struct
{
  const char *text;
  guint64     bytes;
} ValidCase;

static const ValidCase valid_cases[] = {
  { "10G", G_GUINT64_CONSTANT (10737418240) },
  { "512 MiB", G_GUINT64_CONSTANT (536870912) },
  { "1.5T", G_GUINT64_CONSTANT (1649267441664) },
  { "1,5 GiB", G_GUINT64_CONSTANT (1610612736) },
  { "4096", 4096 },
  { " 2 gib ", G_GUINT64_CONSTANT (2147483648) },
  { "1KB", 1000 },
  { "1KiB", 1024 },
  { "1k", 1024 },
  { "1 MB", 1000000 },
  { "3 GB", G_GUINT64_CONSTANT (3000000000) },
  { "2TB", G_GUINT64_CONSTANT (2000000000000) },
  { "1P", G_GUINT64_CONSTANT (1125899906842624) },
  { "1 EiB", EiB },
  { "15 EiB", 15 * EiB },
  { "0", 0 },
  { "0 GiB", 0 },
  { "7 bytes", 7 },
  { "7B", 7 },
  { "0.5G", 512 * MiB },
  { ".25 GiB", 256 * MiB },
  { "1.125 KiB", 1152 },
  { "20 GiB", G_GUINT64_CONSTANT (21474836480) },
  { "18446744073709551615", G_MAXUINT64 },
  { "\t8\tM\t", 8 * MiB },
  { "20.0\xc2\xa0GiB", G_GUINT64_CONSTANT (21474836480) },  /* no-break space */
  { "\xc2\xa0" "5" "\xc2\xa0" "KiB", 5 * KiB },
};

static void
test_parse_valid (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (valid_cases); i++)
    {
      g_autoptr(GError) error = NULL;
      guint64 bytes = 12345;
      gboolean ok;

      g_autofree char *escaped = g_strescape (valid_cases[i].text, NULL);

      g_test_message ("parsing “%s”", escaped);
      ok = vsm_size_parse (valid_cases[i].text, &bytes, &error);
      g_assert_no_error (error);
      g_assert_true (ok);
      g_assert_cmpuint (bytes, ==, valid_cases[i].bytes);
    }
}

static const char * const invalid_cases[] = {
  "",
  "   ",
  "abc",
  "-1",
  "-0",
  "+5",
  "1e99",
  "1e3",
  "0x10",
  "18446744073709551616",
  "99999999999999999999999",
  "16 EiB",
  "16E",
  "18446744073709551615 KiB",
  "10 XB",
  "10 GiBs",
  "1.5.5G",
  "1 0G",
  "G",
  ".",
  "inf",
  "nan",
  "10 G B",
  "10\xc2\xa1GiB",        /* not a space */
  "10\xc2",
};

static void
test_parse_invalid (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (invalid_cases); i++)
    {
      g_autoptr(GError) error = NULL;
      guint64 bytes = 4242;

      g_autofree char *escaped = g_strescape (invalid_cases[i], NULL);

      g_test_message ("rejecting “%s”", escaped);
      g_assert_false (vsm_size_parse (invalid_cases[i], &bytes, &error));
      g_assert_error (error, VSM_ERROR, VSM_ERROR_INVALID_INPUT);
      g_assert_nonnull (error->message);
      g_assert_cmpstr (error->message, !=, "");
      /* Output untouched on failure. */
      g_assert_cmpuint (bytes, ==, 4242);
    }
}

static void
test_parse_null (void)
{
  g_autoptr(GError) error = NULL;
  guint64 bytes = 1;

  g_assert_false (vsm_size_parse (NULL, &bytes, &error));
  g_assert_error (error, VSM_ERROR, VSM_ERROR_INVALID_INPUT);
  g_assert_cmpstr (error->message, !=, "");
  g_assert_cmpuint (bytes, ==, 1);
}

static void
test_parse_null_error (void)
{
  guint64 bytes = 0;

  /* A NULL GError location is allowed for both outcomes. */
  g_assert_false (vsm_size_parse ("nope", &bytes, NULL));
  g_assert_true (vsm_size_parse ("1M", &bytes, NULL));
  g_assert_cmpuint (bytes, ==, MiB);
}

static void
test_parse_messages (void)
{
  g_autoptr(GError) e1 = NULL;
  g_autoptr(GError) e2 = NULL;
  g_autoptr(GError) e3 = NULL;
  guint64 bytes;

  /* Messages name what was wrong. */
  g_assert_false (vsm_size_parse ("10 XB", &bytes, &e1));
  g_assert_nonnull (strstr (e1->message, "XB"));
  g_assert_false (vsm_size_parse ("abc", &bytes, &e2));
  g_assert_nonnull (strstr (e2->message, "abc"));
  g_assert_false (vsm_size_parse ("16 EiB", &bytes, &e3));
  g_assert_cmpstr (e3->message, !=, e1->message);
}

static void
test_format (void)
{
  /* g_format_size() separates number and unit with U+00A0. */
#define NBSP "\xc2\xa0"
  const struct { guint64 bytes; const char *text; } cases[] = {
    { 0, "0 bytes" },            /* plain space for bytes */
    { 1, "1 byte" },
    { 1023, "1023 bytes" },
    { 1024, "1.0" NBSP "KiB" },
    { 1536, "1.5" NBSP "KiB" },
    { MiB, "1.0" NBSP "MiB" },
    { G_GUINT64_CONSTANT (734003200), "700.0" NBSP "MiB" },
    { G_GUINT64_CONSTANT (21474836480), "20.0" NBSP "GiB" },
    { G_GUINT64_CONSTANT (107374182400), "100.0" NBSP "GiB" },
    { TiB + TiB / 2, "1.5" NBSP "TiB" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *s = vsm_size_format (cases[i].bytes);
      g_assert_cmpstr (s, ==, cases[i].text);
    }
}

/* The resize dialog pre-fills its entry with vsm_size_format() output,
 * so the parser has to take it back, no-break space included. */
static void
test_format_round_trip (void)
{
  const guint64 sizes[] = { 0, 1024, 10 * GiB, 512 * MiB, 3 * TiB, 1536, 700 * MiB };

  for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
    {
      g_autofree char *s = vsm_size_format (sizes[i]);
      guint64 back = 1;

      g_assert_true (vsm_size_parse (s, &back, NULL));
      g_assert_cmpuint (back, ==, sizes[i]);
    }
}

static void
test_fraction (void)
{
  g_assert_cmpfloat (vsm_size_fraction (0, 0), ==, 0.0);
  g_assert_cmpfloat (vsm_size_fraction (5, 0), ==, 0.0);
  g_assert_cmpfloat (vsm_size_fraction (0, 10), ==, 0.0);
  g_assert_cmpfloat (vsm_size_fraction (5, 10), ==, 0.5);
  g_assert_cmpfloat (vsm_size_fraction (10, 10), ==, 1.0);
  g_assert_cmpfloat (vsm_size_fraction (G_MAXUINT64, G_MAXUINT64), ==, 1.0);
}

static void
test_overcommit (void)
{
  /* No capacity: 0 %, never a warning, whatever the volumes add up to. */
  g_assert_cmpfloat (vsm_overcommit_percent (0, 0), ==, 0.0);
  g_assert_cmpfloat (vsm_overcommit_percent (10 * GiB, 0), ==, 0.0);
  g_assert_false (vsm_overcommit_is_warning (0, 0));
  g_assert_false (vsm_overcommit_is_warning (10 * GiB, 0));

  /* Empty pool. */
  g_assert_cmpfloat (vsm_overcommit_percent (0, 100 * GiB), ==, 0.0);
  g_assert_false (vsm_overcommit_is_warning (0, 100 * GiB));

  /* Exactly full is not overcommitted. */
  g_assert_cmpfloat (vsm_overcommit_percent (100 * GiB, 100 * GiB), ==, 100.0);
  g_assert_false (vsm_overcommit_is_warning (100 * GiB, 100 * GiB));

  /* One byte over is. */
  g_assert_true (vsm_overcommit_is_warning (100 * GiB + 1, 100 * GiB));
  g_assert_cmpfloat (vsm_overcommit_percent (100 * GiB + 1, 100 * GiB), >, 100.0);

  /* 147 %. */
  g_assert_cmpfloat_with_epsilon (vsm_overcommit_percent (147 * GiB, 100 * GiB), 147.0, 1e-9);
  g_assert_true (vsm_overcommit_is_warning (147 * GiB, 100 * GiB));
  g_assert_cmpfloat_with_epsilon (vsm_overcommit_percent (147, 100), 147.0, 1e-9);

  /* The fixture's images pool: 20 GiB + 10 GiB + 700 MiB of 100 GiB. */
  g_assert_cmpfloat_with_epsilon (vsm_overcommit_percent (G_GUINT64_CONSTANT (32946257920),
                                                          G_GUINT64_CONSTANT (107374182400)),
                                  30.68359375, 1e-9);

  /* Huge numbers do not overflow. */
  g_assert_cmpfloat_with_epsilon (vsm_overcommit_percent (G_MAXUINT64, G_MAXUINT64 / 2), 200.0, 1e-6);
  g_assert_true (vsm_overcommit_is_warning (G_MAXUINT64, G_MAXUINT64 - 1));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/size/parse/valid", test_parse_valid);
  g_test_add_func ("/size/parse/invalid", test_parse_invalid);
  g_test_add_func ("/size/parse/null", test_parse_null);
  g_test_add_func ("/size/parse/null-error", test_parse_null_error);
  g_test_add_func ("/size/parse/messages", test_parse_messages);
  g_test_add_func ("/size/format", test_format);
  g_test_add_func ("/size/format/round-trip", test_format_round_trip);
  g_test_add_func ("/size/fraction", test_fraction);
  g_test_add_func ("/size/overcommit", test_overcommit);

  return g_test_run ();
}
