/* site-test-util.c — what the tests of the sites share
 *
 * Copyright 2026 The Keika developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "site-test-util.h"

void
site_test_assert_refused_field (gpointer          site,
                                const GError     *error,
                                KeikaEntryFields  field,
                                const char       *words)
{
  g_autoptr(GHashTable) fields = NULL;
  const char *said;

  g_assert_nonnull (error);
  fields = keika_site_service_dup_refused_fields (KEIKA_SITE_SERVICE (site), error);
  g_assert_nonnull (fields);
  g_assert_cmpuint (g_hash_table_size (fields), ==, 1);
  said = g_hash_table_lookup (fields, GUINT_TO_POINTER (field));
  g_assert_nonnull (said);
  if (strstr (said, words) == NULL)
    g_error ("“%s” does not say “%s”", said, words);
  /* One line, without the full stop the editor adds. */
  g_assert_null (strchr (said, '\n'));
  g_assert_false (g_str_has_suffix (said, "."));
}
