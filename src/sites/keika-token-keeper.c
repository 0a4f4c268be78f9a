/* keika-token-keeper.c
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

/* Renew the access token this long before it expires (or at half its
 * lifetime, when the site gives shorter ones). */
#define REFRESH_MARGIN_S 60
/* When a renewal answer has no expires_in. */
#define DEFAULT_LIFETIME_S 3600

typedef enum
{
  TOKEN_OP_NONE,
  TOKEN_OP_LOAD,
  TOKEN_OP_REFRESH,
} TokenOp;

struct _KeikaTokenKeeper
{
  GObject          parent_instance;

  KeikaHttpClient *client;            /* (owned) */
  char            *secret_site;       /* (owned) */
  char            *site_name;         /* (owned) */
  char            *token_url;         /* (owned) (nullable) no renewal when NULL */
  char            *client_id;         /* (owned) (nullable) */
  char            *account;           /* (owned) (nullable) */
  gboolean         bare_challenge_refuses;

  /* Secrets, wiped when dropped */
  char            *access_token;      /* (owned) (nullable) */
  char            *refresh_token;     /* (owned) (nullable) */
  gint64           expires_at;        /* Unix seconds */
  gint64           lifetime;          /* of the access token; 0 = unknown */
  gboolean         tokens_loaded;
  guint            generation;        /* +1 at each new pair, sign-out or account */
  TokenOp          op;
  GPtrArray       *waiters;           /* (owned) (element-type GTask) */
};

G_DEFINE_FINAL_TYPE (KeikaTokenKeeper, keika_token_keeper, G_TYPE_OBJECT)

/* Secrets */

static void
wipe_clear (char **secret)
{
  keika_wipe_free (g_steal_pointer (secret));
}

static gint64
now_seconds (void)
{
  return g_get_real_time () / G_USEC_PER_SEC;
}

/* Takes the strings of @tokens (NULL: none), for the current account. */
static void
take_tokens (KeikaTokenKeeper *self,
             KeikaTokens      *tokens)
{
  wipe_clear (&self->access_token);
  wipe_clear (&self->refresh_token);
  self->expires_at = 0;
  self->lifetime = 0;

  if (tokens != NULL)
    {
      self->access_token = g_steal_pointer (&tokens->access_token);
      self->refresh_token = g_steal_pointer (&tokens->refresh_token);
      self->expires_at = tokens->expires_at;
      self->lifetime = tokens->lifetime;
    }

  self->tokens_loaded = TRUE;
  self->generation++;
}

void
keika_token_keeper_set_tokens (KeikaTokenKeeper  *self,
                               const KeikaTokens *tokens)
{
  g_autoptr(KeikaTokens) copy = NULL;

  g_return_if_fail (KEIKA_IS_TOKEN_KEEPER (self));

  if (tokens != NULL)
    copy = keika_tokens_new (tokens->access_token, tokens->refresh_token,
                             tokens->expires_at, tokens->lifetime);
  take_tokens (self, copy);
}

gint64
keika_token_keeper_get_expires_at (KeikaTokenKeeper *self)
{
  g_return_val_if_fail (KEIKA_IS_TOKEN_KEEPER (self), 0);

  return self->access_token != NULL ? self->expires_at : 0;
}

/* Waiting for a usable access token. Callers wait in self->waiters while
 * the tokens are read from the keyring or renewed; one operation serves
 * them all. */

typedef struct
{
  char     *stale;          /* (owned) (nullable) secret: the token the site refused */
  gboolean  force;          /* renew even if not expired */
  guint     generation;     /* self->generation when it began waiting */
  GSource  *cancel_source;  /* (owned) (nullable) */
} TokenWaiter;

static void
token_waiter_free (TokenWaiter *waiter)
{
  keika_wipe_free (waiter->stale);
  if (waiter->cancel_source != NULL)
    {
      g_source_destroy (waiter->cancel_source);
      g_source_unref (waiter->cancel_source);
    }
  g_free (waiter);
}

static void run_waiters (KeikaTokenKeeper *self);

static GError *
new_signed_out_error (KeikaTokenKeeper *self)
{
  return keika_error_new (KEIKA_ERROR_SIGNED_OUT, self->site_name, NULL);
}

/* Ends @task (one of the waiters) with a token or @error (consumed). */
static void
finish_waiter (KeikaTokenKeeper *self,
               GTask            *task,
               GError           *error)
{
  TokenWaiter *waiter = g_task_get_task_data (task);

  if (waiter->cancel_source != NULL)
    {
      g_source_destroy (waiter->cancel_source);
      g_clear_pointer (&waiter->cancel_source, g_source_unref);
    }

  /* The array (if it still holds the task) owns it: keep it alive until
   * returned. */
  g_object_ref (task);
  g_ptr_array_remove (self->waiters, task);

  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, g_strdup (self->access_token), (GDestroyNotify) keika_wipe_free);

  g_object_unref (task);
}

static gboolean
waiter_cancelled_cb (GCancellable *cancellable,
                     gpointer      user_data)
{
  GTask *task = user_data;
  KeikaTokenKeeper *self = g_task_get_source_object (task);

  finish_waiter (self, task, g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED,
                                                  "Operation was cancelled"));

  return G_SOURCE_REMOVE;
}

/* Fails the waiters there are now; a callback that asks again waits anew. */
static void
fail_all_waiters (KeikaTokenKeeper *self,
                  const GError     *error)
{
  g_autoptr(GPtrArray) waiters = g_steal_pointer (&self->waiters);

  self->waiters = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < waiters->len; i++)
    finish_waiter (self, g_ptr_array_index (waiters, i), g_error_copy (error));
}

typedef struct
{
  KeikaTokenKeeper *self;        /* (owned) */
  KeikaTokens      *tokens;      /* (owned) (nullable) */
  guint             generation;  /* self->generation when the operation began */
} TokenOpData;

static TokenOpData *
token_op_data_new (KeikaTokenKeeper *self)
{
  TokenOpData *data = g_new0 (TokenOpData, 1);

  data->self = g_object_ref (self);
  data->generation = self->generation;

  return data;
}

static void
token_op_data_free (TokenOpData *data)
{
  g_clear_object (&data->self);
  g_clear_pointer (&data->tokens, keika_tokens_free);
  g_free (data);
}

static void
load_cb (GObject      *source_object,
         GAsyncResult *result,
         gpointer      user_data)
{
  TokenOpData *data = user_data;
  g_autoptr(KeikaTokenKeeper) self = g_object_ref (data->self);
  g_autoptr(GError) error = NULL;
  g_autoptr(KeikaTokens) tokens = NULL;
  char *secret;

  secret = keika_secret_lookup_finish (result, &error);
  self->op = TOKEN_OP_NONE;

  if (data->generation != self->generation)
    {
      /* Signed in, out or to another account meanwhile: it knows better. */
      keika_secret_free (secret);
      token_op_data_free (data);
      run_waiters (self);
      return;
    }
  token_op_data_free (data);

  if (error != NULL)
    {
      fail_all_waiters (self, error);
      return;
    }

  if (secret != NULL)
    {
      tokens = keika_tokens_from_secret (secret);
      if (tokens == NULL)
        g_debug ("%s: the keyring item of the account is not readable", self->site_name);
    }
  take_tokens (self, tokens);
  keika_secret_free (secret);

  run_waiters (self);
}

static void
start_load (KeikaTokenKeeper *self)
{
  g_assert (self->op == TOKEN_OP_NONE);

  self->op = TOKEN_OP_LOAD;
  keika_secret_lookup_async (self->secret_site, self->account, NULL, load_cb,
                             token_op_data_new (self));
}

/* The renewal is over: with @error (consumed), else with data->tokens.
 * Consumes @data. */
static void
end_refresh (TokenOpData *data,
             GError      *error)
{
  g_autoptr(KeikaTokenKeeper) self = g_object_ref (data->self);
  g_autoptr(GError) owned_error = error;
  gboolean current = data->generation == self->generation;

  self->op = TOKEN_OP_NONE;

  if (!current)
    {
      /* Signed out, in again or to another account meanwhile: this
       * renewal is not wanted, whatever its end. */
      g_clear_error (&owned_error);
    }
  else if (owned_error == NULL)
    {
      if (data->tokens->refresh_token == NULL)
        data->tokens->refresh_token = g_strdup (self->refresh_token);
      take_tokens (self, data->tokens);
    }
  else if (g_error_matches (owned_error, KEIKA_ERROR, KEIKA_ERROR_SIGNED_OUT))
    {
      /* The refresh token is dead: later calls fail at once. */
      take_tokens (self, NULL);
    }
  else
    {
      gint64 now = now_seconds ();

      /* A renewal ahead of time that failed on the way (offline, …):
       * waiters that only wanted a fresh token may use the old one while it
       * lasts. */
      for (guint i = 0; i < self->waiters->len; )
        {
          GTask *task = g_ptr_array_index (self->waiters, i);
          TokenWaiter *waiter = g_task_get_task_data (task);

          if (!waiter->force && waiter->stale == NULL && now < self->expires_at)
            finish_waiter (self, task, NULL);
          else
            i++;
        }
    }

  token_op_data_free (data);

  if (owned_error != NULL)
    fail_all_waiters (self, owned_error);
  else
    run_waiters (self);
}

static void
refresh_stored_cb (GObject      *source_object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  TokenOpData *data = user_data;
  g_autoptr(GError) error = NULL;

  if (!keika_secret_store_finish (result, &error))
    {
      /* The request can go on with the new token; the next start of
       * Keika will ask to sign in again. */
      g_message ("%s: the renewed sign-in could not be kept in the keyring: %s",
                 data->self->site_name, error->message);
    }

  end_refresh (data, NULL);
}

static void
refresh_sent_cb (GObject      *source_object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  TokenOpData *data = user_data;
  KeikaTokenKeeper *self = data->self;
  g_autoptr(KeikaHttpResponse) response = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *secret = NULL;

  response = keika_http_client_send_finish (KEIKA_HTTP_CLIENT (source_object), result, &error);
  if (response == NULL)
    {
      /* A dead refresh token is answered with 400 or 401 (invalid_request,
       * invalid_grant). */
      if (g_error_matches (error, KEIKA_ERROR, KEIKA_ERROR_REJECTED) ||
          g_error_matches (error, KEIKA_ERROR, KEIKA_ERROR_SIGNED_OUT) ||
          g_error_matches (error, KEIKA_ERROR, KEIKA_ERROR_FORBIDDEN))
        {
          g_debug ("%s: the refresh token was refused (%u)", self->site_name,
                   keika_error_get_http_status (error));
          g_clear_error (&error);
          error = new_signed_out_error (self);
        }
      end_refresh (data, g_steal_pointer (&error));
      return;
    }

  data->tokens = keika_tokens_new_from_answer (keika_http_response_get_json (response),
                                               DEFAULT_LIFETIME_S,
                                               self->site_name, &error);
  if (data->tokens == NULL)
    {
      end_refresh (data, g_steal_pointer (&error));
      return;
    }

  g_debug ("%s: access token renewed", self->site_name);
  if (self->account == NULL || data->generation != self->generation)
    {
      /* Tokens given by keika_token_keeper_set_tokens(): memory only. */
      end_refresh (data, NULL);
      return;
    }

  if (data->tokens->refresh_token == NULL)
    data->tokens->refresh_token = g_strdup (self->refresh_token);
  secret = keika_tokens_to_secret (data->tokens);
  keika_secret_store_async (self->secret_site, self->site_name, self->account, secret, NULL,
                            refresh_stored_cb, data);
  explicit_bzero (secret, strlen (secret));
}

static void
start_refresh (KeikaTokenKeeper *self)
{
  g_autoptr(KeikaHttpRequest) request = NULL;

  g_assert (self->op == TOKEN_OP_NONE);
  g_assert (self->refresh_token != NULL && self->token_url != NULL);

  self->op = TOKEN_OP_REFRESH;

  /* Never resent: a site may replace the refresh token at each use. */
  request = keika_http_request_new ("POST", self->token_url, KEIKA_HTTP_EXPECT_JSON);
  keika_http_request_set_site_name (request, self->site_name);
  if (self->client_id != NULL)
    keika_http_request_add_form_field (request, "client_id", self->client_id);
  keika_http_request_add_form_field (request, "grant_type", "refresh_token");
  keika_http_request_add_form_field (request, "refresh_token", self->refresh_token);
  keika_http_client_send_async (self->client, request, NULL, refresh_sent_cb,
                                token_op_data_new (self));
}

/* Whether the access token is about to expire: within a minute, or half
 * its lifetime when the site gives shorter ones. */
static gboolean
token_expiring (KeikaTokenKeeper *self)
{
  gint64 margin = REFRESH_MARGIN_S;

  if (self->lifetime > 0)
    margin = MIN (margin, self->lifetime / 2);

  return self->expires_at - margin <= now_seconds ();
}

static void
run_waiters (KeikaTokenKeeper *self)
{
  /* A callback run from here may ask for a token again: the array and
   * the operation are looked at afresh each time. */
  while (self->op == TOKEN_OP_NONE && self->waiters->len > 0)
    {
      GTask *task = g_ptr_array_index (self->waiters, 0);
      TokenWaiter *waiter = g_task_get_task_data (task);
      gboolean fresh;

      if (!self->tokens_loaded && self->account != NULL)
        {
          start_load (self);
          return;
        }

      if (self->access_token == NULL)
        {
          finish_waiter (self, task, new_signed_out_error (self));
          continue;
        }

      /* Tokens that came after the waiter began are good enough for it,
       * whatever their lifetime: no renewal loops. */
      fresh = waiter->generation != self->generation;
      if (!fresh &&
          (waiter->force ||
           (waiter->stale != NULL && g_str_equal (waiter->stale, self->access_token)) ||
           token_expiring (self)))
        {
          if (self->refresh_token == NULL || self->token_url == NULL)
            {
              /* No renewal possible: what is left of the token, if anything. */
              if (!waiter->force && waiter->stale == NULL && now_seconds () < self->expires_at)
                finish_waiter (self, task, NULL);
              else
                finish_waiter (self, task, new_signed_out_error (self));
              continue;
            }
          start_refresh (self);
          return;
        }

      finish_waiter (self, task, NULL);
    }
}

void
keika_token_keeper_get_token_async (KeikaTokenKeeper    *self,
                                    const char          *stale,
                                    gboolean             force,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  GTask *task;
  TokenWaiter *waiter;

  g_return_if_fail (KEIKA_IS_TOKEN_KEEPER (self));

  task = g_task_new (self, cancellable, callback, user_data);
  waiter = g_new0 (TokenWaiter, 1);
  g_task_set_source_tag (task, keika_token_keeper_get_token_async);
  waiter->stale = g_strdup (stale);
  waiter->force = force;
  waiter->generation = self->generation;
  g_task_set_task_data (task, waiter, (GDestroyNotify) token_waiter_free);

  if (g_task_return_error_if_cancelled (task))
    {
      g_object_unref (task);
      return;
    }

  if (cancellable != NULL)
    {
      waiter->cancel_source = g_cancellable_source_new (cancellable);
      g_source_set_callback (waiter->cancel_source, G_SOURCE_FUNC (waiter_cancelled_cb),
                             task, NULL);
      g_source_attach (waiter->cancel_source, g_main_context_get_thread_default ());
    }

  /* The array owns the task until finish_waiter(). */
  g_ptr_array_add (self->waiters, task);
  run_waiters (self);
}

char *
keika_token_keeper_get_token_finish (KeikaTokenKeeper  *self,
                                     GAsyncResult      *result,
                                     GError           **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) ==
                        keika_token_keeper_get_token_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Sending with the token */

typedef struct
{
  KeikaHttpRequest *request;  /* (owned) */
  char             *token;    /* (owned) (nullable) secret */
  gboolean          retried;
} CallData;

static void
call_data_free (CallData *data)
{
  g_clear_object (&data->request);
  keika_wipe_free (data->token);
  g_free (data);
}

static void call_with_token (GTask *task);

/* Whether @answer, a 401, says the token was refused. */
static gboolean
token_refused (KeikaTokenKeeper  *self,
               KeikaHttpResponse *answer)
{
  g_autofree char *bearer_error = keika_http_response_dup_bearer_error (answer);
  const char *challenge;

  if (bearer_error != NULL)
    return g_str_equal (bearer_error, "invalid_token");
  if (!self->bare_challenge_refuses ||
      (challenge = keika_http_response_get_header (answer, "WWW-Authenticate")) == NULL)
    return FALSE;

  while (g_ascii_isspace (*challenge))
    challenge++;

  return g_ascii_strncasecmp (challenge, "Bearer", 6) == 0 &&
         (challenge[6] == '\0' || g_ascii_isspace (challenge[6]));
}

static void
call_sent_cb (GObject      *source_object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  KeikaTokenKeeper *self = g_task_get_source_object (task);
  CallData *data = g_task_get_task_data (task);
  g_autoptr(KeikaHttpResponse) response = NULL;
  g_autoptr(GError) error = NULL;

  response = keika_http_client_send_finish (KEIKA_HTTP_CLIENT (source_object), result, &error);
  if (response != NULL)
    {
      g_task_return_pointer (task, g_steal_pointer (&response), g_object_unref);
      return;
    }

  if (data->token != NULL && !data->retried &&
      g_error_matches (error, KEIKA_ERROR, KEIKA_ERROR_SIGNED_OUT))
    {
      KeikaHttpResponse *answer = keika_http_response_from_error (error);

      if (answer != NULL && token_refused (self, answer))
        {
          g_debug ("%s: access token refused; renewing it and trying again", self->site_name);
          data->retried = TRUE;
          call_with_token (g_steal_pointer (&task));
          return;
        }
    }

  g_task_return_error (task, g_steal_pointer (&error));
}

static void
call_token_cb (GObject      *source_object,
               GAsyncResult *result,
               gpointer      user_data)
{
  GTask *task = user_data;
  KeikaTokenKeeper *self = KEIKA_TOKEN_KEEPER (source_object);
  CallData *data = g_task_get_task_data (task);
  GError *error = NULL;
  char *token;

  token = keika_token_keeper_get_token_finish (self, result, &error);
  if (token == NULL)
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }

  keika_wipe_free (data->token);
  data->token = token;
  keika_http_request_set_bearer_token (data->request, token);
  keika_http_client_send_async (self->client, data->request, g_task_get_cancellable (task),
                                call_sent_cb, task);
}

/* Consumes @task. */
static void
call_with_token (GTask *task)
{
  KeikaTokenKeeper *self = g_task_get_source_object (task);
  CallData *data = g_task_get_task_data (task);

  keika_token_keeper_get_token_async (self, data->retried ? data->token : NULL, FALSE,
                                      g_task_get_cancellable (task), call_token_cb, task);
}

void
keika_token_keeper_call_async (KeikaTokenKeeper    *self,
                               KeikaHttpRequest    *request,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  GTask *task;
  CallData *data;

  g_return_if_fail (KEIKA_IS_TOKEN_KEEPER (self));
  g_return_if_fail (KEIKA_IS_HTTP_REQUEST (request));

  task = g_task_new (self, cancellable, callback, user_data);
  data = g_new0 (CallData, 1);
  g_task_set_source_tag (task, keika_token_keeper_call_async);
  data->request = g_object_ref (request);
  g_task_set_task_data (task, data, (GDestroyNotify) call_data_free);

  call_with_token (task);
}

static void
sent_plain_cb (GObject      *source_object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  KeikaHttpResponse *response;
  GError *error = NULL;

  response = keika_http_client_send_finish (KEIKA_HTTP_CLIENT (source_object), result, &error);
  if (response == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, response, g_object_unref);
}

void
keika_token_keeper_send_async (KeikaTokenKeeper    *self,
                               KeikaHttpRequest    *request,
                               gboolean             with_token,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (KEIKA_IS_TOKEN_KEEPER (self));

  if (with_token)
    {
      keika_token_keeper_call_async (self, request, cancellable, callback, user_data);
      return;
    }

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, keika_token_keeper_call_async);
  keika_http_client_send_async (self->client, request, cancellable, sent_plain_cb, task);
}

KeikaHttpResponse *
keika_token_keeper_call_finish (KeikaTokenKeeper  *self,
                                GAsyncResult      *result,
                                GError           **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) ==
                        keika_token_keeper_call_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Storing and forgetting */

static void
save_cb (GObject      *source_object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;

  if (!keika_secret_store_finish (result, &error))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

void
keika_token_keeper_save_async (KeikaTokenKeeper    *self,
                               const char          *account,
                               const KeikaTokens   *tokens,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autofree char *secret = NULL;
  GTask *task;

  g_return_if_fail (KEIKA_IS_TOKEN_KEEPER (self));
  g_return_if_fail (account != NULL && *account != '\0');
  g_return_if_fail (tokens != NULL && tokens->access_token != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, keika_token_keeper_save_async);

  secret = keika_tokens_to_secret (tokens);
  keika_secret_store_async (self->secret_site, self->site_name, account, secret, cancellable,
                            save_cb, task);
  explicit_bzero (secret, strlen (secret));
}

gboolean
keika_token_keeper_save_finish (KeikaTokenKeeper  *self,
                                GAsyncResult      *result,
                                GError           **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
forget_cb (GObject      *source_object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;

  if (!keika_secret_clear_finish (result, &error))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

void
keika_token_keeper_forget_async (KeikaTokenKeeper    *self,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (KEIKA_IS_TOKEN_KEEPER (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, keika_token_keeper_forget_async);
  take_tokens (self, NULL);

  if (self->account == NULL)
    {
      g_task_return_boolean (task, TRUE);
      return;
    }

  keika_secret_clear_async (self->secret_site, self->account, cancellable, forget_cb,
                            g_steal_pointer (&task));
}

gboolean
keika_token_keeper_forget_finish (KeikaTokenKeeper  *self,
                                  GAsyncResult      *result,
                                  GError           **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Settings */

void
keika_token_keeper_set_renewal (KeikaTokenKeeper *self,
                                const char       *token_url,
                                const char       *client_id)
{
  g_return_if_fail (KEIKA_IS_TOKEN_KEEPER (self));

  g_free (self->token_url);
  self->token_url = g_strdup (token_url);
  g_free (self->client_id);
  self->client_id = client_id != NULL && *client_id != '\0' ? g_strdup (client_id) : NULL;
}

void
keika_token_keeper_set_bare_challenge_refuses (KeikaTokenKeeper *self,
                                               gboolean          refuses)
{
  g_return_if_fail (KEIKA_IS_TOKEN_KEEPER (self));

  self->bare_challenge_refuses = refuses;
}

const char *
keika_token_keeper_get_account (KeikaTokenKeeper *self)
{
  g_return_val_if_fail (KEIKA_IS_TOKEN_KEEPER (self), NULL);

  return self->account;
}

gboolean
keika_token_keeper_set_account (KeikaTokenKeeper *self,
                                const char       *account)
{
  g_return_val_if_fail (KEIKA_IS_TOKEN_KEEPER (self), FALSE);

  if (account != NULL && *account == '\0')
    account = NULL;
  if (g_strcmp0 (self->account, account) == 0)
    return FALSE;

  g_free (self->account);
  self->account = g_strdup (account);

  /* Another account: its tokens are read from the keyring when needed. A
   * load or renewal under way for the old one is ignored when it ends. */
  take_tokens (self, NULL);
  self->tokens_loaded = FALSE;

  return TRUE;
}

/* GObject */

static void
keika_token_keeper_finalize (GObject *object)
{
  KeikaTokenKeeper *self = (KeikaTokenKeeper *) object;

  g_assert (self->waiters->len == 0);

  wipe_clear (&self->access_token);
  wipe_clear (&self->refresh_token);
  g_clear_pointer (&self->waiters, g_ptr_array_unref);
  g_clear_object (&self->client);
  g_free (self->secret_site);
  g_free (self->site_name);
  g_free (self->token_url);
  g_free (self->client_id);
  g_free (self->account);

  G_OBJECT_CLASS (keika_token_keeper_parent_class)->finalize (object);
}

static void
keika_token_keeper_class_init (KeikaTokenKeeperClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = keika_token_keeper_finalize;
}

static void
keika_token_keeper_init (KeikaTokenKeeper *self)
{
  self->waiters = g_ptr_array_new_with_free_func (g_object_unref);
}

KeikaTokenKeeper *
keika_token_keeper_new (const char      *secret_site,
                        const char      *site_name,
                        KeikaHttpClient *client)
{
  KeikaTokenKeeper *self;

  g_return_val_if_fail (secret_site != NULL, NULL);
  g_return_val_if_fail (site_name != NULL, NULL);
  g_return_val_if_fail (client == NULL || KEIKA_IS_HTTP_CLIENT (client), NULL);

  self = g_object_new (KEIKA_TYPE_TOKEN_KEEPER, NULL);
  self->secret_site = g_strdup (secret_site);
  self->site_name = g_strdup (site_name);
  if (client != NULL)
    self->client = g_object_ref (client);

  return self;
}

void
keika_token_keeper_set_http_client (KeikaTokenKeeper *self,
                                    KeikaHttpClient  *client)
{
  g_return_if_fail (KEIKA_IS_TOKEN_KEEPER (self));
  g_return_if_fail (KEIKA_IS_HTTP_CLIENT (client));

  g_set_object (&self->client, client);
}
