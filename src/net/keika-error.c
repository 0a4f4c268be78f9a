/* keika-error.c
 *
 * Copyright 2026 The Keika developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "KeikaNet"

#include "config.h"

#include <gio/gio.h>
#include <glib/gi18n-lib.h>

#include "keika-error.h"
#include "keika-net-private.h"

/* The extra fields every KEIKA_ERROR carries. */
typedef struct
{
  guint    http_status;
  guint    retry_after;   /* seconds, 0 = unknown */
  GObject *response;      /* (owned) (nullable): a KeikaHttpResponse */
} KeikaErrorPrivate;

static KeikaErrorPrivate *
get_private (const GError *error)
{
  /* The alignment rule of G_DEFINE_EXTENDED_ERROR (gerror.h). */
  const gsize sa = 2 * sizeof (gsize);
  const gsize as = (sizeof (KeikaErrorPrivate) + (sa - 1)) & -sa;

  g_assert (error != NULL);
  g_assert (error->domain == KEIKA_ERROR);

  return (KeikaErrorPrivate *) (((guint8 *) error) - as);
}

static void
private_init (GError *error)
{
  KeikaErrorPrivate *priv = get_private (error);

  priv->http_status = 0;
  priv->retry_after = 0;
  priv->response = NULL;
}

static void
private_copy (const GError *src_error,
              GError       *dest_error)
{
  KeikaErrorPrivate *src = get_private (src_error);
  KeikaErrorPrivate *dest = get_private (dest_error);

  dest->http_status = src->http_status;
  dest->retry_after = src->retry_after;
  dest->response = src->response != NULL ? g_object_ref (src->response) : NULL;
}

static void
private_clear (GError *error)
{
  KeikaErrorPrivate *priv = get_private (error);

  g_clear_object (&priv->response);
}

/* Not G_DEFINE_QUARK: the domain is an extended one, registered under the
 * name G_DEFINE_QUARK (keika-error-quark, keika_error) would give it. */
GQuark
keika_error_quark (void)
{
  static GQuark quark;
  static gsize initialized = 0;

  if (g_once_init_enter (&initialized))
    {
      quark = g_error_domain_register_static ("keika-error-quark",
                                              sizeof (KeikaErrorPrivate),
                                              private_init,
                                              private_copy,
                                              private_clear);
      g_once_init_leave (&initialized, 1);
    }

  return quark;
}

/* "45 seconds", "3 minutes", "2 hours": rounded up, never "0". */
char *
keika_format_wait (guint seconds)
{
  guint minutes, hours;

  if (seconds < 60)
    {
      seconds = MAX (seconds, 1);
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u second", "%u seconds", seconds),
                              seconds);
    }

  minutes = (seconds + 59) / 60;
  if (minutes < 120)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u minute", "%u minutes", minutes),
                            minutes);

  hours = (minutes + 59) / 60;
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u hour", "%u hours", hours), hours);
}

static char *
describe (KeikaError   code,
          const char  *site,
          const char  *detail,
          guint        http_status,
          guint        retry_after)
{
  g_autofree char *main = NULL;
  g_autofree char *wait = NULL;

  if (site == NULL || *site == '\0')
    site = _("the site");

  /* TRANSLATORS: in the messages below, %s is the name of a site such as
   * "MyAnimeList" (or its host name). Each says what happened, then what to
   * do. */
  switch (code)
    {
    case KEIKA_ERROR_OFFLINE:
      main = g_strdup_printf (_("Keika could not reach %s. Check your internet connection, "
                                "then try again."), site);
      break;

    case KEIKA_ERROR_TIMED_OUT:
      main = g_strdup_printf (_("%s did not answer in time. Check your internet connection "
                                "or try again later."), site);
      break;

    case KEIKA_ERROR_NOT_SECURE:
      main = g_strdup_printf (_("The connection to %s is not secure, so Keika sent nothing. "
                                "On a public network, sign in to the network in your browser "
                                "first."), site);
      break;

    case KEIKA_ERROR_SIGNED_OUT:
      main = g_strdup_printf (_("Your sign-in to %s has expired or was withdrawn. "
                                "Sign in again to continue."), site);
      break;

    case KEIKA_ERROR_FORBIDDEN:
      main = g_strdup_printf (_("%s did not allow this. Your account may not have access "
                                "to it."), site);
      break;

    case KEIKA_ERROR_RATE_LIMITED:
      if (retry_after > 0)
        {
          wait = keika_format_wait (retry_after);
          main = g_strdup_printf (_("%s asks Keika to slow down. Try again in %s."), site, wait);
        }
      else
        {
          main = g_strdup_printf (_("%s asks Keika to slow down. Try again in a few minutes."),
                                  site);
        }
      break;

    case KEIKA_ERROR_NOT_FOUND:
      main = g_strdup_printf (_("%s does not have this item. It may have been removed "
                                "on the site."), site);
      break;

    case KEIKA_ERROR_REJECTED:
      if (detail != NULL && *detail != '\0')
        main = g_strdup_printf (_("%s refused the request: %s. Check the values and try again."),
                                site, detail);
      else
        main = g_strdup_printf (_("%s refused the request. Check the values and try again."),
                                site);
      detail = NULL;
      break;

    case KEIKA_ERROR_SERVER_ERROR:
      if (http_status != 0)
        main = g_strdup_printf (_("%s has a problem of its own (error %u). Try again later."),
                                site, http_status);
      else
        main = g_strdup_printf (_("%s has a problem of its own. Try again later."), site);
      break;

    case KEIKA_ERROR_NOT_DATA:
      main = g_strdup_printf (_("%s answered with a web page, not data. The site may be "
                                "down for maintenance; try again later."), site);
      detail = NULL;
      break;

    case KEIKA_ERROR_MALFORMED:
      main = g_strdup_printf (_("%s sent data that Keika cannot read. Try again later; "
                                "if it keeps happening, please report it."), site);
      break;

    case KEIKA_ERROR_ACCESS_DENIED:
      main = g_strdup_printf (_("Access to %s was not granted in the browser, so Keika is not "
                                "signed in. Start the sign-in again to allow it."), site);
      break;

    case KEIKA_ERROR_SIGN_IN_FAILED:
      main = g_strdup_printf (_("The sign-in to %s did not complete. Start it again."), site);
      break;

    case KEIKA_ERROR_PORT_IN_USE:
      main = g_strdup (_("Keika cannot receive the sign-in because another program uses its "
                         "port. Close that program, change the port in Preferences, or paste "
                         "the code instead."));
      break;

    case KEIKA_ERROR_KEYRING:
      main = g_strdup (_("Keika cannot reach the keyring that keeps your sign-in safe. "
                         "Make sure a keyring such as GNOME Keyring is running and unlocked, "
                         "then try again."));
      break;

    default:
      g_assert_not_reached ();
    }

  /* "the site did not…" starts a sentence. */
  if (g_unichar_islower (g_utf8_get_char (main)))
    {
      gunichar first = g_unichar_totitle (g_utf8_get_char (main));
      char buffer[8] = { 0 };
      char *rest = g_utf8_next_char (main);
      char *capitalized;

      g_unichar_to_utf8 (first, buffer);
      capitalized = g_strconcat (buffer, rest, NULL);
      g_free (main);
      main = capitalized;
    }

  if (detail != NULL && *detail != '\0')
    {
      g_autofree char *said = g_strdup_printf (_("The site said: “%s”."), detail);

      return g_strconcat (main, " ", said, NULL);
    }

  return g_steal_pointer (&main);
}

GError *
keika_error_new_full (KeikaError   code,
                      const char  *site,
                      const char  *detail,
                      guint        http_status,
                      guint        retry_after,
                      GObject     *response)
{
  g_autofree char *message = describe (code, site, detail, http_status, retry_after);
  GError *error = g_error_new_literal (KEIKA_ERROR, code, message);
  KeikaErrorPrivate *priv = get_private (error);

  priv->http_status = http_status;
  priv->retry_after = retry_after;
  priv->response = response != NULL ? g_object_ref (response) : NULL;

  return error;
}

GError *
keika_error_new (KeikaError   code,
                 const char  *site,
                 const char  *detail)
{
  return keika_error_new_full (code, site, detail, 0, 0, NULL);
}

/* The response object stored in the error, or NULL. (transfer none) */
GObject *
keika_error_peek_response (const GError *error)
{
  if (error == NULL || error->domain != KEIKA_ERROR)
    return NULL;

  return get_private (error)->response;
}

guint
keika_error_get_http_status (const GError *error)
{
  g_return_val_if_fail (error != NULL, 0);

  if (error->domain != KEIKA_ERROR)
    return 0;

  return get_private (error)->http_status;
}

guint
keika_error_get_retry_after (const GError *error)
{
  g_return_val_if_fail (error != NULL, 0);

  if (error->domain != KEIKA_ERROR)
    return 0;

  return get_private (error)->retry_after;
}

gboolean
keika_error_is_transient (const GError *error)
{
  g_return_val_if_fail (error != NULL, FALSE);

  if (error->domain != KEIKA_ERROR)
    return FALSE;

  switch ((KeikaError) error->code)
    {
    case KEIKA_ERROR_OFFLINE:
    case KEIKA_ERROR_TIMED_OUT:
    case KEIKA_ERROR_RATE_LIMITED:
    case KEIKA_ERROR_SERVER_ERROR:
    case KEIKA_ERROR_NOT_DATA:
      return TRUE;

    case KEIKA_ERROR_NOT_SECURE:
    case KEIKA_ERROR_SIGNED_OUT:
    case KEIKA_ERROR_FORBIDDEN:
    case KEIKA_ERROR_NOT_FOUND:
    case KEIKA_ERROR_REJECTED:
    case KEIKA_ERROR_MALFORMED:
    case KEIKA_ERROR_ACCESS_DENIED:
    case KEIKA_ERROR_SIGN_IN_FAILED:
    case KEIKA_ERROR_PORT_IN_USE:
    case KEIKA_ERROR_KEYRING:
      return FALSE;

    default:
      return FALSE;
    }
}
