/* keika-choose-anime-dialog.h
 *
 * Copyright 2026 The Keika developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "keika-account.h"
#include "keika-list-entry.h"

G_BEGIN_DECLS

#define KEIKA_TYPE_CHOOSE_ANIME_DIALOG (keika_choose_anime_dialog_get_type ())

G_DECLARE_FINAL_TYPE (KeikaChooseAnimeDialog, keika_choose_anime_dialog, KEIKA,
                      CHOOSE_ANIME_DIALOG, AdwWindow)

/* For an entry a site has no match for ("Not on AniList yet"): searches
 * @account's site, starting from the entry's title, and lists what it
 * finds (title, format, year, episodes); the anime the person picks becomes
 * the entry's anime on that site, and its changes are sent there. Keika never
 * picks by title itself. */
KeikaChooseAnimeDialog *keika_choose_anime_dialog_new (GtkWindow      *parent,
                                                       KeikaAccount   *account,
                                                       KeikaListEntry *entry);

G_END_DECLS
