/* test-secret.c — tokens in the keyring
 *
 * Copyright 2026 The Keika developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "KeikaNetTest"

#include "config.h"

#include "keika-net.h"
#include "test-util.h"

static gboolean
store (const char  *account,
       const char  *secret,
       GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  keika_secret_store_async ("myanimelist", "MyAnimeList", account, secret, NULL,
                            test_store_result_cb, &result);
  return keika_secret_store_finish (test_wait_for (&result), error);
}

static char *
lookup (const char  *account,
        GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  keika_secret_lookup_async ("myanimelist", account, NULL, test_store_result_cb, &result);
  return keika_secret_lookup_finish (test_wait_for (&result), error);
}

static gboolean
clear (const char  *account,
       GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  keika_secret_clear_async ("myanimelist", account, NULL, test_store_result_cb, &result);
  return keika_secret_clear_finish (test_wait_for (&result), error);
}

static void
test_store_lookup_clear (void)
{
  g_autofree char *account = g_strdup_printf ("keika-test-%08x", g_random_int ());
  g_autofree char *other = g_strconcat (account, "-other", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GList) items = NULL;
  g_autoptr(GHashTable) attributes = NULL;
  g_autofree char *expected_label = NULL;
  g_autofree char *label = NULL;
  GAsyncResult *result = NULL;
  char *secret;

  if (!store (account, "{\"access_token\": \"first\"}", &error))
    {
      if (g_error_matches (error, KEIKA_ERROR, KEIKA_ERROR_KEYRING))
        {
          g_test_skip ("No Secret Service is reachable: run the tests inside dbus-run-session "
                       "with gnome-keyring-daemon --unlock --components=secrets (see README)");
          return;
        }
      g_assert_no_error (error);
    }

  secret = lookup (account, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (secret, ==, "{\"access_token\": \"first\"}");
  keika_secret_free (secret);

  /* Storing again replaces. */
  g_assert_true (store (account, "second", &error));
  g_assert_no_error (error);
  secret = lookup (account, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (secret, ==, "second");
  keika_secret_free (secret);

  /* Another account of the same site has nothing. */
  secret = lookup (other, &error);
  g_assert_no_error (error);
  g_assert_null (secret);

  /* The keyring shows who it belongs to. */
  attributes = g_hash_table_new (g_str_hash, g_str_equal);
  g_hash_table_insert (attributes, (gpointer) "site", (gpointer) "myanimelist");
  g_hash_table_insert (attributes, (gpointer) "account", account);
  secret_password_searchv (keika_secret_get_schema (), attributes, SECRET_SEARCH_ALL, NULL,
                           test_store_result_cb, &result);
  items = secret_password_search_finish (test_wait_for (&result), &error);
  g_clear_object (&result);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_length (items), ==, 1);
  expected_label = g_strdup_printf ("Keika: MyAnimeList token for %s", account);
  label = secret_retrievable_get_label (items->data);
  g_assert_cmpstr (label, ==, expected_label);
  g_list_free_full (g_steal_pointer (&items), g_object_unref);

  /* Sign-out deletes. */
  g_assert_true (clear (account, &error));
  g_assert_no_error (error);
  secret = lookup (account, &error);
  g_assert_no_error (error);
  g_assert_null (secret);

  /* Deleting what is not there is fine. */
  g_assert_true (clear (account, &error));
  g_assert_no_error (error);
}

static void
test_cancelled (void)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  char *secret;

  g_cancellable_cancel (cancellable);
  keika_secret_lookup_async ("myanimelist", "nobody", cancellable, test_store_result_cb, &result);
  secret = keika_secret_lookup_finish (test_wait_for (&result), &error);
  g_assert_null (secret);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/net/secret/store-lookup-clear", test_store_lookup_clear);
  g_test_add_func ("/net/secret/cancelled", test_cancelled);

  return g_test_run ();
}
