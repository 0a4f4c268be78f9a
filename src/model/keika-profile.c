/* keika-profile.c
 *
 * Copyright 2026 The Keika developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "KeikaModel"

#include "config.h"

#include "keika-enum-types.h"
#include "keika-profile.h"

struct _KeikaProfile
{
  GObject          parent_instance;

  gint64           id;
  KeikaSite        site;
  char            *name;          /* (owned) (nullable) */
  char            *site_user_id;  /* (owned) (nullable) */
  KeikaVisibility  visibility;
  gboolean         claimed;
  gint64           synced_at;
  gint64           full_synced_at;
  gboolean         send_changes;
  gint64           token_expiry;
};

G_DEFINE_FINAL_TYPE (KeikaProfile, keika_profile, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_SITE,
  PROP_NAME,
  PROP_SITE_USER_ID,
  PROP_VISIBILITY,
  PROP_CLAIMED,
  PROP_SYNCED_AT,
  PROP_FULL_SYNCED_AT,
  PROP_SEND_CHANGES,
  PROP_TOKEN_EXPIRY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
keika_profile_finalize (GObject *object)
{
  KeikaProfile *self = (KeikaProfile *) object;

  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->site_user_id, g_free);

  G_OBJECT_CLASS (keika_profile_parent_class)->finalize (object);
}

static void
keika_profile_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  KeikaProfile *self = KEIKA_PROFILE (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_int64 (value, self->id);
      break;

    case PROP_SITE:
      g_value_set_enum (value, self->site);
      break;

    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;

    case PROP_SITE_USER_ID:
      g_value_set_string (value, self->site_user_id);
      break;

    case PROP_VISIBILITY:
      g_value_set_enum (value, self->visibility);
      break;

    case PROP_CLAIMED:
      g_value_set_boolean (value, self->claimed);
      break;

    case PROP_SYNCED_AT:
      g_value_set_int64 (value, self->synced_at);
      break;

    case PROP_FULL_SYNCED_AT:
      g_value_set_int64 (value, self->full_synced_at);
      break;

    case PROP_SEND_CHANGES:
      g_value_set_boolean (value, self->send_changes);
      break;

    case PROP_TOKEN_EXPIRY:
      g_value_set_int64 (value, self->token_expiry);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
keika_profile_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  KeikaProfile *self = KEIKA_PROFILE (object);

  switch (prop_id)
    {
    case PROP_ID:
      keika_profile_set_id (self, g_value_get_int64 (value));
      break;

    case PROP_SITE:
      self->site = g_value_get_enum (value);
      break;

    case PROP_NAME:
      keika_profile_set_name (self, g_value_get_string (value));
      break;

    case PROP_SITE_USER_ID:
      keika_profile_set_site_user_id (self, g_value_get_string (value));
      break;

    case PROP_VISIBILITY:
      keika_profile_set_visibility (self, g_value_get_enum (value));
      break;

    case PROP_CLAIMED:
      keika_profile_set_claimed (self, g_value_get_boolean (value));
      break;

    case PROP_SYNCED_AT:
      keika_profile_set_synced_at (self, g_value_get_int64 (value));
      break;

    case PROP_FULL_SYNCED_AT:
      keika_profile_set_full_synced_at (self, g_value_get_int64 (value));
      break;

    case PROP_SEND_CHANGES:
      keika_profile_set_send_changes (self, g_value_get_boolean (value));
      break;

    case PROP_TOKEN_EXPIRY:
      keika_profile_set_token_expiry (self, g_value_get_int64 (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
keika_profile_class_init (KeikaProfileClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = keika_profile_finalize;
  object_class->get_property = keika_profile_get_property;
  object_class->set_property = keika_profile_set_property;

  properties[PROP_ID] =
    g_param_spec_int64 ("id", NULL, NULL,
                        0, G_MAXINT64, 0,
                        (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_SITE] =
    g_param_spec_enum ("site", NULL, NULL,
                       KEIKA_TYPE_SITE,
                       KEIKA_SITE_MAL,
                       (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_SITE_USER_ID] =
    g_param_spec_string ("site-user-id", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_VISIBILITY] =
    g_param_spec_enum ("visibility", NULL, NULL,
                       KEIKA_TYPE_VISIBILITY,
                       KEIKA_VISIBILITY_PUBLIC,
                       (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_CLAIMED] =
    g_param_spec_boolean ("claimed", NULL, NULL,
                          FALSE,
                          (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_SYNCED_AT] =
    g_param_spec_int64 ("synced-at", NULL, NULL,
                        0, G_MAXINT64, 0,
                        (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_FULL_SYNCED_AT] =
    g_param_spec_int64 ("full-synced-at", NULL, NULL,
                        0, G_MAXINT64, 0,
                        (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_SEND_CHANGES] =
    g_param_spec_boolean ("send-changes", NULL, NULL,
                          TRUE,
                          (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_TOKEN_EXPIRY] =
    g_param_spec_int64 ("token-expiry", NULL, NULL,
                        0, G_MAXINT64, 0,
                        (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
keika_profile_init (KeikaProfile *self)
{
  self->send_changes = TRUE;
}

KeikaProfile *
keika_profile_new (KeikaSite   site,
                   const char *name)
{
  g_return_val_if_fail ((guint) site < KEIKA_N_SITES, NULL);

  return g_object_new (KEIKA_TYPE_PROFILE,
                       "site", site,
                       "name", name,
                       NULL);
}

gint64
keika_profile_get_id (KeikaProfile *self)
{
  g_return_val_if_fail (KEIKA_IS_PROFILE (self), 0);

  return self->id;
}

void
keika_profile_set_id (KeikaProfile *self,
                      gint64        id)
{
  g_return_if_fail (KEIKA_IS_PROFILE (self));

  if (self->id != id)
    {
      self->id = id;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ID]);
    }
}

KeikaSite
keika_profile_get_site (KeikaProfile *self)
{
  g_return_val_if_fail (KEIKA_IS_PROFILE (self), KEIKA_SITE_MAL);

  return self->site;
}

const char *
keika_profile_get_name (KeikaProfile *self)
{
  g_return_val_if_fail (KEIKA_IS_PROFILE (self), NULL);

  return self->name;
}

void
keika_profile_set_name (KeikaProfile *self,
                        const char   *name)
{
  g_return_if_fail (KEIKA_IS_PROFILE (self));

  if (g_strcmp0 (self->name, name) != 0)
    {
      g_free (self->name);
      self->name = g_strdup (name);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NAME]);
    }
}

const char *
keika_profile_get_site_user_id (KeikaProfile *self)
{
  g_return_val_if_fail (KEIKA_IS_PROFILE (self), NULL);

  return self->site_user_id;
}

void
keika_profile_set_site_user_id (KeikaProfile *self,
                                const char   *site_user_id)
{
  g_return_if_fail (KEIKA_IS_PROFILE (self));

  if (g_strcmp0 (self->site_user_id, site_user_id) != 0)
    {
      g_free (self->site_user_id);
      self->site_user_id = g_strdup (site_user_id);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SITE_USER_ID]);
    }
}

KeikaVisibility
keika_profile_get_visibility (KeikaProfile *self)
{
  g_return_val_if_fail (KEIKA_IS_PROFILE (self), KEIKA_VISIBILITY_PUBLIC);

  return self->visibility;
}

void
keika_profile_set_visibility (KeikaProfile    *self,
                              KeikaVisibility  visibility)
{
  g_return_if_fail (KEIKA_IS_PROFILE (self));

  if (self->visibility != visibility)
    {
      self->visibility = visibility;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VISIBILITY]);
    }
}

gboolean
keika_profile_get_claimed (KeikaProfile *self)
{
  g_return_val_if_fail (KEIKA_IS_PROFILE (self), FALSE);

  return self->claimed;
}

void
keika_profile_set_claimed (KeikaProfile *self,
                           gboolean      claimed)
{
  g_return_if_fail (KEIKA_IS_PROFILE (self));

  claimed = !!claimed;

  if (self->claimed != claimed)
    {
      self->claimed = claimed;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CLAIMED]);
    }
}

gint64
keika_profile_get_synced_at (KeikaProfile *self)
{
  g_return_val_if_fail (KEIKA_IS_PROFILE (self), 0);

  return self->synced_at;
}

void
keika_profile_set_synced_at (KeikaProfile *self,
                             gint64        synced_at)
{
  g_return_if_fail (KEIKA_IS_PROFILE (self));

  if (self->synced_at != synced_at)
    {
      self->synced_at = synced_at;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SYNCED_AT]);
    }
}

gint64
keika_profile_get_full_synced_at (KeikaProfile *self)
{
  g_return_val_if_fail (KEIKA_IS_PROFILE (self), 0);

  return self->full_synced_at;
}

void
keika_profile_set_full_synced_at (KeikaProfile *self,
                                  gint64        full_synced_at)
{
  g_return_if_fail (KEIKA_IS_PROFILE (self));

  if (self->full_synced_at != full_synced_at)
    {
      self->full_synced_at = full_synced_at;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FULL_SYNCED_AT]);
    }
}

gint64
keika_profile_get_token_expiry (KeikaProfile *self)
{
  g_return_val_if_fail (KEIKA_IS_PROFILE (self), 0);

  return self->token_expiry;
}

void
keika_profile_set_token_expiry (KeikaProfile *self,
                                gint64        token_expiry)
{
  g_return_if_fail (KEIKA_IS_PROFILE (self));

  if (self->token_expiry != token_expiry)
    {
      self->token_expiry = token_expiry;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TOKEN_EXPIRY]);
    }
}

gboolean
keika_profile_get_send_changes (KeikaProfile *self)
{
  g_return_val_if_fail (KEIKA_IS_PROFILE (self), FALSE);

  return self->send_changes;
}

void
keika_profile_set_send_changes (KeikaProfile *self,
                                gboolean      send_changes)
{
  g_return_if_fail (KEIKA_IS_PROFILE (self));

  send_changes = !!send_changes;
  if (self->send_changes != send_changes)
    {
      self->send_changes = send_changes;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SEND_CHANGES]);
    }
}
