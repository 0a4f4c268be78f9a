/* keika-profile.h
 *
 * Copyright 2026 The Keika developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "keika-enums.h"
#include "keika-types.h"

G_BEGIN_DECLS

#define KEIKA_TYPE_PROFILE (keika_profile_get_type ())

G_DECLARE_FINAL_TYPE (KeikaProfile, keika_profile, KEIKA, PROFILE, GObject)

/* Properties: "id" gint64 (local), "site" KeikaSite (construct-only), "name"
 * string, "site-user-id" string, "visibility" KeikaVisibility, "claimed"
 * gboolean, "synced-at" gint64 (Unix seconds, 0 = never), "full-synced-at"
 * gint64 (the last complete pull of the whole list, which also sees what
 * was deleted on the site; 0 = never), "send-changes" gboolean (the
 * person's switch "Send my changes here": edits made in Keika are mirrored
 * to this profile; TRUE by default), "token-expiry"
 * gint64 (Unix seconds, 0 = none). A claimed profile is one the user signed in
 * to: it is writable and mirrored. An unclaimed one is read-only. */

KeikaProfile    *keika_profile_new                 (KeikaSite        site,
                                                    const char      *name);
gint64           keika_profile_get_id              (KeikaProfile    *self);
void             keika_profile_set_id              (KeikaProfile    *self,
                                                    gint64           id);
KeikaSite        keika_profile_get_site            (KeikaProfile    *self);
const char      *keika_profile_get_name            (KeikaProfile    *self);
void             keika_profile_set_name            (KeikaProfile    *self,
                                                    const char      *name);
const char      *keika_profile_get_site_user_id    (KeikaProfile    *self);
void             keika_profile_set_site_user_id    (KeikaProfile    *self,
                                                    const char      *site_user_id);
KeikaVisibility  keika_profile_get_visibility      (KeikaProfile    *self);
void             keika_profile_set_visibility      (KeikaProfile    *self,
                                                    KeikaVisibility  visibility);
gboolean         keika_profile_get_claimed         (KeikaProfile    *self);
void             keika_profile_set_claimed         (KeikaProfile    *self,
                                                    gboolean         claimed);
gint64           keika_profile_get_synced_at       (KeikaProfile    *self);
void             keika_profile_set_synced_at       (KeikaProfile    *self,
                                                    gint64           synced_at);
gint64           keika_profile_get_full_synced_at  (KeikaProfile    *self);
void             keika_profile_set_full_synced_at  (KeikaProfile    *self,
                                                    gint64           full_synced_at);
gboolean         keika_profile_get_send_changes    (KeikaProfile    *self);
void             keika_profile_set_send_changes    (KeikaProfile    *self,
                                                    gboolean         send_changes);
gint64           keika_profile_get_token_expiry    (KeikaProfile    *self);
void             keika_profile_set_token_expiry    (KeikaProfile    *self,
                                                    gint64           token_expiry);

G_END_DECLS
