/* vsm-size.c
 *
 * Copyright 2026 Virt Storage developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vsm-size"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "vsm-error.h"
#include "vsm-size.h"

typedef struct
{
  const char *suffix;
  guint64     factor;
} Unit;

/* libvirt's own convention (virScaleInteger): a bare letter and the "iB"
 * forms are powers of 1024, the "B" forms powers of 1000. Matching is
 * case-insensitive except that we only list the spellings people type. */
static const Unit units[] = {
  { "", 1 }, { "b", 1 }, { "byte", 1 }, { "bytes", 1 },  /* "1 byte" is vsm_size_format (1) */
  { "k", G_GUINT64_CONSTANT (1) << 10 }, { "kib", G_GUINT64_CONSTANT (1) << 10 },
  { "kb", 1000 },
  { "m", G_GUINT64_CONSTANT (1) << 20 }, { "mib", G_GUINT64_CONSTANT (1) << 20 },
  { "mb", 1000000 },
  { "g", G_GUINT64_CONSTANT (1) << 30 }, { "gib", G_GUINT64_CONSTANT (1) << 30 },
  { "gb", 1000000000 },
  { "t", G_GUINT64_CONSTANT (1) << 40 }, { "tib", G_GUINT64_CONSTANT (1) << 40 },
  { "tb", G_GUINT64_CONSTANT (1000000000000) },
  { "p", G_GUINT64_CONSTANT (1) << 50 }, { "pib", G_GUINT64_CONSTANT (1) << 50 },
  { "pb", G_GUINT64_CONSTANT (1000000000000000) },
  { "e", G_GUINT64_CONSTANT (1) << 60 }, { "eib", G_GUINT64_CONSTANT (1) << 60 },
  { "eb", G_GUINT64_CONSTANT (1000000000000000000) },
};

static gboolean
is_nbsp (const char *p)
{
  return (guchar) p[0] == 0xc2 && (guchar) p[1] == 0xa0;
}

/* Also skips the no-break space (U+00A0) that g_format_size() puts
 * between number and unit, so that vsm_size_format() output parses. */
static const char *
skip_spaces (const char *p)
{
  for (;;)
    {
      if (g_ascii_isspace (*p))
        p++;
      else if (is_nbsp (p))
        p += 2;
      else
        return p;
    }
}

/**
 * vsm_size_parse:
 * @text: what the user typed, e.g. "10G", "512 MiB", "1.5T", "4096"
 * @bytes: (out): the size in bytes
 * @error: a %VSM_ERROR_INVALID_INPUT error with a translated message
 *
 * Parses a size by hand rather than with strtod so that exponents ("1e99"),
 * hex, signs, infinities and locale-dependent separators are all refused,
 * and a fractional part is computed exactly in integers.
 */
gboolean
vsm_size_parse (const char  *text,
                guint64     *bytes,
                GError     **error)
{
  const char *p;
  guint64 whole = 0;
  guint64 frac_num = 0;
  guint64 frac_den = 1;
  gboolean have_digits = FALSE;
  g_autofree char *suffix = NULL;

  g_return_val_if_fail (bytes != NULL, FALSE);

  if (text == NULL)
    text = "";

  p = skip_spaces (text);

  if (*p == '\0')
    {
      g_set_error_literal (error, VSM_ERROR, VSM_ERROR_INVALID_INPUT, _("Enter a size, for example 10 GiB"));
      return FALSE;
    }

  if (*p == '-')
    {
      g_set_error_literal (error, VSM_ERROR, VSM_ERROR_INVALID_INPUT, _("The size cannot be negative"));
      return FALSE;
    }

  while (g_ascii_isdigit (*p))
    {
      guint digit = *p - '0';

      if (whole > (G_MAXUINT64 - digit) / 10)
        {
          g_set_error_literal (error, VSM_ERROR, VSM_ERROR_INVALID_INPUT, _("The size is too large"));
          return FALSE;
        }
      whole = whole * 10 + digit;
      have_digits = TRUE;
      p++;
    }

  if (*p == '.' || *p == ',')
    {
      p++;
      while (g_ascii_isdigit (*p))
        {
          /* Nine fractional digits are more than any unit needs. */
          if (frac_den < G_GUINT64_CONSTANT (1000000000))
            {
              frac_num = frac_num * 10 + (guint64) (*p - '0');
              frac_den *= 10;
            }
          have_digits = TRUE;
          p++;
        }
    }

  if (!have_digits)
    {
      g_set_error (error, VSM_ERROR, VSM_ERROR_INVALID_INPUT,
                   _("“%s” is not a size; use a number and a unit such as MiB, GiB or TiB"), text);
      return FALSE;
    }

  p = skip_spaces (p);

  /* Trailing blanks too, no-break spaces included (leading ones are
   * skipped above, so "5 KiB" pasted with them around parses). */
  suffix = g_ascii_strdown (p, -1);
  for (gsize n = strlen (suffix); n > 0;)
    {
      if (g_ascii_isspace (suffix[n - 1]))
        suffix[--n] = '\0';
      else if (n >= 2 && is_nbsp (suffix + n - 2))
        suffix[n -= 2] = '\0';
      else
        break;
    }

  for (guint i = 0; i < G_N_ELEMENTS (units); i++)
    {
      if (strcmp (units[i].suffix, suffix) == 0)
        {
          guint64 factor = units[i].factor;
          guint64 result;
          guint64 frac_part;

          if (whole != 0 && factor > G_MAXUINT64 / whole)
            goto too_large;
          result = whole * factor;

          /* frac_num / frac_den * factor without overflow: frac_den ≤ 1e9,
           * factor ≤ 2^60, so split factor by frac_den first. */
          frac_part = (factor / frac_den) * frac_num
                    + ((factor % frac_den) * frac_num) / frac_den;
          if (result > G_MAXUINT64 - frac_part)
            goto too_large;
          *bytes = result + frac_part;
          return TRUE;
        }
    }

  g_set_error (error, VSM_ERROR, VSM_ERROR_INVALID_INPUT,
               _("Unknown unit “%s”; use B, KiB, MiB, GiB or TiB"), p);
  return FALSE;

too_large:
  g_set_error_literal (error, VSM_ERROR, VSM_ERROR_INVALID_INPUT, _("The size is too large"));
  return FALSE;
}

/**
 * vsm_size_format:
 *
 * Formats with IEC units, as libvirt and virsh report them.
 */
char *
vsm_size_format (guint64 bytes)
{
  return g_format_size_full (bytes, G_FORMAT_SIZE_IEC_UNITS);
}

/**
 * vsm_size_is_thin:
 *
 * Thin (sparse) when libvirt's allocation is below the capacity, as the
 * course compares qemu-img's disk size with the virtual size: no margin, a
 * volume is full once every byte of its capacity is allocated (a qcow2
 * volume allocated in full takes a little more, for its metadata). A
 * volume without capacity is neither thin nor full (see
 * vsm_describe_allocation()).
 */
gboolean
vsm_size_is_thin (guint64 capacity,
                  guint64 allocation)
{
  return capacity > 0 && allocation < capacity;
}

double
vsm_size_fraction (guint64 part,
                   guint64 whole)
{
  if (whole == 0)
    return 0.0;
  return (double) part / (double) whole;
}

/**
 * vsm_overcommit_percent:
 * @sum_volume_capacity: the sum of the capacities of a pool's volumes
 * @pool_capacity: the pool's capacity
 *
 * Returns: how much of the pool the volumes would use if they were all
 * fully written, in percent; 0 for a pool without capacity.
 */
double
vsm_overcommit_percent (guint64 sum_volume_capacity,
                        guint64 pool_capacity)
{
  return 100.0 * vsm_size_fraction (sum_volume_capacity, pool_capacity);
}

gboolean
vsm_overcommit_is_warning (guint64 sum_volume_capacity,
                           guint64 pool_capacity)
{
  return pool_capacity > 0 && sum_volume_capacity > pool_capacity;
}
