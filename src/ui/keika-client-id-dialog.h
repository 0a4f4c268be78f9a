/* keika-client-id-dialog.h
 *
 * Copyright 2026 The Keika developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "keika-enums.h"

G_BEGIN_DECLS

#define KEIKA_TYPE_CLIENT_ID_DIALOG (keika_client_id_dialog_get_type ())

G_DECLARE_FINAL_TYPE (KeikaClientIdDialog, keika_client_id_dialog, KEIKA, CLIENT_ID_DIALOG, AdwMessageDialog)

/* How to register Keika with @site (MyAnimeList or AniList), step by step:
 * the site's page for it (opened in the browser), what to fill in, the
 * exact @redirect_uri with a button that copies it, and where the client
 * id goes. Its responses are "close" and "enter" (the person wants to type
 * the client id now). */
KeikaClientIdDialog *keika_client_id_dialog_new              (GtkWindow           *parent,
                                                               KeikaSite            site,
                                                               const char          *redirect_uri);
const char          *keika_client_id_dialog_get_redirect_uri (KeikaClientIdDialog *self);
/* The address of @site's page where a client is registered. */
const char          *keika_client_id_dialog_get_page_uri     (KeikaClientIdDialog *self);

G_END_DECLS
