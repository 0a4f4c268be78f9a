/* keika-client-id-dialog.c
 *
 * Copyright 2026 The Keika developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "KeikaClientIdDialog"

#include "config.h"

#include <glib/gi18n.h>

#include "keika-client-id-dialog.h"
#include "keika-enum-types.h"

/* How long the Copy button says "Copied". */
#define COPIED_SECONDS 3

/* Where each site registers clients (/work/shared/API.md: MyAnimeList's
 * apps of type "other" are public clients, without a secret; AniList's
 * redirect address must match the client's exactly). */
#define MAL_PAGE_URI     "https://myanimelist.net/apiconfig"
#define ANILIST_PAGE_URI "https://anilist.co/settings/developer"

struct _KeikaClientIdDialog
{
  AdwMessageDialog  parent_instance;

  GtkLabel         *open_label;
  GtkButton        *open_button;
  GtkLabel         *open_error_label;
  GtkLabel         *create_label;
  GtkLabel         *redirect_step_label;
  GtkLabel         *redirect_label;
  GtkButton        *copy_button;
  GtkLabel         *paste_label;

  KeikaSite         site;
  char             *redirect_uri;  /* (owned) */
  guint             copied_id;
};

G_DEFINE_FINAL_TYPE (KeikaClientIdDialog, keika_client_id_dialog, ADW_TYPE_MESSAGE_DIALOG)

enum {
  PROP_0,
  PROP_SITE,
  PROP_REDIRECT_URI,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

const char *
keika_client_id_dialog_get_page_uri (KeikaClientIdDialog *self)
{
  g_return_val_if_fail (KEIKA_IS_CLIENT_ID_DIALOG (self), NULL);

  return self->site == KEIKA_SITE_ANILIST ? ANILIST_PAGE_URI : MAL_PAGE_URI;
}

const char *
keika_client_id_dialog_get_redirect_uri (KeikaClientIdDialog *self)
{
  g_return_val_if_fail (KEIKA_IS_CLIENT_ID_DIALOG (self), NULL);

  return self->redirect_uri;
}

/* The words of each step, for the site. */
static void
set_texts (KeikaClientIdDialog *self)
{
  const char *label = keika_site_to_label (self->site);
  const char *page = keika_client_id_dialog_get_page_uri (self);
  g_autofree char *heading = NULL;
  g_autofree char *body = NULL;
  g_autofree char *open = NULL;
  g_autofree char *paste = NULL;

  /* Translators: %s is a site, like "MyAnimeList" */
  heading = g_strdup_printf (_("Get a Client ID from %s"), label);
  adw_message_dialog_set_heading (ADW_MESSAGE_DIALOG (self), heading);
  /* Translators: %s is a site, like "MyAnimeList" */
  body = g_strdup_printf (_("Keika signs in to %s with a client id that you register once. "
                            "It is free and takes a minute, and a client id is not a secret."),
                          label);
  adw_message_dialog_set_body (ADW_MESSAGE_DIALOG (self), body);

  if (self->site == KEIKA_SITE_ANILIST)
    {
      /* Translators: %s is the address of a web page */
      open = g_strdup_printf (_("Open AniList’s developer settings (%s) and sign in."), page);
      gtk_button_set_label (self->open_button, _("Open _Developer Settings"));
      gtk_label_set_label (self->create_label,
                           _("Choose Create New Client, and give it a name, such as “Keika”."));
      gtk_label_set_label (self->redirect_step_label,
                           _("As Redirect URL, enter exactly this address, then save:"));
      paste = g_strdup (_("Copy the ID that AniList shows for the client (not its secret), "
                          "paste it into Client ID in Keika’s AniList group, and press Enter."));
    }
  else
    {
      /* Translators: %s is the address of a web page */
      open = g_strdup_printf (_("Open MyAnimeList’s API page (%s) and sign in."), page);
      gtk_button_set_label (self->open_button, _("Open _API Page"));
      gtk_label_set_label (self->create_label,
                           _("Choose Create ID. As App Type, choose “other”; fill in the other "
                             "fields as you like, such as App Name “Keika”."));
      gtk_label_set_label (self->redirect_step_label,
                           _("As App Redirect URL, enter exactly this address, then submit:"));
      paste = g_strdup (_("Copy the Client ID that MyAnimeList shows, paste it into Client ID "
                          "in Keika’s MyAnimeList group, and press Enter."));
    }
  gtk_label_set_label (self->open_label, open);
  gtk_label_set_label (self->paste_label, paste);
  gtk_label_set_label (self->redirect_label, self->redirect_uri != NULL ? self->redirect_uri : "");
}

static void
shown_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(KeikaClientIdDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  if (gtk_show_uri_full_finish (GTK_WINDOW (source), result, &error))
    return;

  g_debug ("Could not open %s: %s", keika_client_id_dialog_get_page_uri (self), error->message);
  /* Translators: %s is the address of a web page */
  text = g_strdup_printf (_("No browser could be opened: open %s in your browser."),
                          keika_client_id_dialog_get_page_uri (self));
  gtk_label_set_label (self->open_error_label, text);
  gtk_widget_set_visible (GTK_WIDGET (self->open_error_label), TRUE);
}

static void
open_clicked_cb (KeikaClientIdDialog *self)
{
  gtk_widget_set_visible (GTK_WIDGET (self->open_error_label), FALSE);
  gtk_show_uri_full (GTK_WINDOW (self), keika_client_id_dialog_get_page_uri (self),
                     GDK_CURRENT_TIME, NULL, shown_cb, g_object_ref (self));
}

static gboolean
copied_done_cb (gpointer user_data)
{
  KeikaClientIdDialog *self = user_data;

  self->copied_id = 0;
  gtk_button_set_label (self->copy_button, _("C_opy"));

  return G_SOURCE_REMOVE;
}

static void
copy_clicked_cb (KeikaClientIdDialog *self)
{
  if (self->redirect_uri == NULL)
    return;

  gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (self)), self->redirect_uri);

  /* Said where the person looks, for a moment. */
  gtk_button_set_label (self->copy_button, _("Copied"));
  g_clear_handle_id (&self->copied_id, g_source_remove);
  self->copied_id = g_timeout_add_seconds (COPIED_SECONDS, copied_done_cb, self);
}

static void
keika_client_id_dialog_constructed (GObject *object)
{
  KeikaClientIdDialog *self = KEIKA_CLIENT_ID_DIALOG (object);

  G_OBJECT_CLASS (keika_client_id_dialog_parent_class)->constructed (object);

  set_texts (self);
}

static void
keika_client_id_dialog_dispose (GObject *object)
{
  KeikaClientIdDialog *self = KEIKA_CLIENT_ID_DIALOG (object);

  g_clear_handle_id (&self->copied_id, g_source_remove);
  gtk_widget_dispose_template (GTK_WIDGET (self), KEIKA_TYPE_CLIENT_ID_DIALOG);

  G_OBJECT_CLASS (keika_client_id_dialog_parent_class)->dispose (object);
}

static void
keika_client_id_dialog_finalize (GObject *object)
{
  KeikaClientIdDialog *self = KEIKA_CLIENT_ID_DIALOG (object);

  g_free (self->redirect_uri);

  G_OBJECT_CLASS (keika_client_id_dialog_parent_class)->finalize (object);
}

static void
keika_client_id_dialog_get_property (GObject    *object,
                                     guint       prop_id,
                                     GValue     *value,
                                     GParamSpec *pspec)
{
  KeikaClientIdDialog *self = KEIKA_CLIENT_ID_DIALOG (object);

  switch (prop_id)
    {
    case PROP_SITE:
      g_value_set_enum (value, self->site);
      break;

    case PROP_REDIRECT_URI:
      g_value_set_string (value, self->redirect_uri);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
keika_client_id_dialog_set_property (GObject      *object,
                                     guint         prop_id,
                                     const GValue *value,
                                     GParamSpec   *pspec)
{
  KeikaClientIdDialog *self = KEIKA_CLIENT_ID_DIALOG (object);

  switch (prop_id)
    {
    case PROP_SITE:
      self->site = g_value_get_enum (value);
      break;

    case PROP_REDIRECT_URI:
      g_free (self->redirect_uri);
      self->redirect_uri = g_value_dup_string (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
keika_client_id_dialog_class_init (KeikaClientIdDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = keika_client_id_dialog_constructed;
  object_class->dispose = keika_client_id_dialog_dispose;
  object_class->finalize = keika_client_id_dialog_finalize;
  object_class->get_property = keika_client_id_dialog_get_property;
  object_class->set_property = keika_client_id_dialog_set_property;

  properties[PROP_SITE] =
    g_param_spec_enum ("site", NULL, NULL,
                       KEIKA_TYPE_SITE, KEIKA_SITE_MAL,
                       G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_REDIRECT_URI] =
    g_param_spec_string ("redirect-uri", NULL, NULL,
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/keika/Keika/ui/keika-client-id-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, KeikaClientIdDialog, open_label);
  gtk_widget_class_bind_template_child (widget_class, KeikaClientIdDialog, open_button);
  gtk_widget_class_bind_template_child (widget_class, KeikaClientIdDialog, open_error_label);
  gtk_widget_class_bind_template_child (widget_class, KeikaClientIdDialog, create_label);
  gtk_widget_class_bind_template_child (widget_class, KeikaClientIdDialog, redirect_step_label);
  gtk_widget_class_bind_template_child (widget_class, KeikaClientIdDialog, redirect_label);
  gtk_widget_class_bind_template_child (widget_class, KeikaClientIdDialog, copy_button);
  gtk_widget_class_bind_template_child (widget_class, KeikaClientIdDialog, paste_label);
  gtk_widget_class_bind_template_callback (widget_class, open_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, copy_clicked_cb);
}

static void
keika_client_id_dialog_init (KeikaClientIdDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

KeikaClientIdDialog *
keika_client_id_dialog_new (GtkWindow  *parent,
                            KeikaSite   site,
                            const char *redirect_uri)
{
  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);

  return g_object_new (KEIKA_TYPE_CLIENT_ID_DIALOG,
                       "transient-for", parent,
                       "site", site,
                       "redirect-uri", redirect_uri,
                       NULL);
}
