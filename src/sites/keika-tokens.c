/* keika-tokens.c — a sign-in's tokens: from a site's answer, to and from
 * the keyring's secret, wiped when dropped
 *
 * Copyright 2026 The Keika developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "KeikaSites"

#include "config.h"

#include <string.h>

#include "keika-input.h"
#include "keika-site-json.h"
#include "keika-token-keeper.h"

void
keika_wipe_free (char *secret)
{
  if (secret == NULL)
    return;

  explicit_bzero (secret, strlen (secret));
  g_free (secret);
}



KeikaTokens *
keika_tokens_new (const char *access_token,
                  const char *refresh_token,
                  gint64      expires_at,
                  gint64      lifetime)
{
  KeikaTokens *tokens = g_new0 (KeikaTokens, 1);

  tokens->access_token = g_strdup (access_token);
  tokens->refresh_token = g_strdup (refresh_token);
  tokens->expires_at = expires_at;
  tokens->lifetime = lifetime;

  return tokens;
}

void
keika_tokens_free (KeikaTokens *tokens)
{
  if (tokens == NULL)
    return;

  keika_wipe_free (tokens->access_token);
  keika_wipe_free (tokens->refresh_token);
  g_free (tokens);
}

KeikaTokens *
keika_tokens_new_from_answer (const KeikaJsonValue  *object,
                              gint64                 default_lifetime,
                              const char            *site_name,
                              GError               **error)
{
  g_autoptr(KeikaTokens) tokens = g_new0 (KeikaTokens, 1);
  gint64 expires_in;

  if ((tokens->access_token = keika_site_json_dup_nonempty (object, "access_token")) == NULL)
    {
      g_propagate_error (error, keika_error_new (KEIKA_ERROR_MALFORMED, site_name, NULL));
      return NULL;
    }

  tokens->refresh_token = keika_site_json_dup_nonempty (object, "refresh_token");
  if (!keika_site_json_get_int (object, "expires_in", &expires_in) || expires_in <= 0)
    expires_in = default_lifetime;
  tokens->lifetime = MIN (expires_in, G_MAXINT32);
  tokens->expires_at = g_get_real_time () / G_USEC_PER_SEC + tokens->lifetime;

  return g_steal_pointer (&tokens);
}

char *
keika_tokens_to_secret (const KeikaTokens *tokens)
{
  g_autoptr(JsonBuilder) builder = json_builder_new_immutable ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;

  g_return_val_if_fail (tokens != NULL && tokens->access_token != NULL, NULL);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "access_token");
  json_builder_add_string_value (builder, tokens->access_token);
  if (tokens->refresh_token != NULL)
    {
      json_builder_set_member_name (builder, "refresh_token");
      json_builder_add_string_value (builder, tokens->refresh_token);
    }
  json_builder_set_member_name (builder, "expires_at");
  json_builder_add_int_value (builder, tokens->expires_at);
  json_builder_set_member_name (builder, "lifetime");
  json_builder_add_int_value (builder, tokens->lifetime);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);

  return json_generator_to_data (generator, NULL);
}

KeikaTokens *
keika_tokens_from_secret (const char *secret)
{
  g_autoptr(KeikaJsonDoc) doc = NULL;
  g_autoptr(KeikaTokens) tokens = NULL;
  const KeikaJsonValue *object;

  if (secret == NULL || (doc = keika_json_doc_parse (secret, strlen (secret), NULL)) == NULL)
    return NULL;

  object = keika_json_doc_get_root (doc);
  tokens = g_new0 (KeikaTokens, 1);
  tokens->access_token = keika_site_json_dup_nonempty (object, "access_token");
  tokens->refresh_token = keika_site_json_dup_nonempty (object, "refresh_token");
  if (!keika_site_json_get_int (object, "expires_at", &tokens->expires_at))
    tokens->expires_at = 0;
  if (!keika_site_json_get_int (object, "lifetime", &tokens->lifetime) || tokens->lifetime < 0)
    tokens->lifetime = 0;

  if (tokens->access_token == NULL)
    return NULL;

  return g_steal_pointer (&tokens);
}
