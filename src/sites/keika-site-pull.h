/* keika-site-pull.h
 *
 * Copyright 2026 The Keika developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "keika-net.h"
#include "keika-site-service.h"

G_BEGIN_DECLS

/* How one site reads the pages of a list; the loop around them is
 * keika_site_pull_pages_async(), the same for every site. */
typedef struct
{
  /* Sends the request for the page at @cursor (the first one, or one that
   * parse_page gave as next). */
  void               (*send_page)   (KeikaSiteService     *site,
                                     const char           *cursor,
                                     GCancellable         *cancellable,
                                     GAsyncReadyCallback   callback,
                                     gpointer              user_data);
  KeikaHttpResponse *(*send_finish) (KeikaSiteService     *site,
                                     GAsyncResult         *result,
                                     GError              **error);
  /* The entries of the page read at @cursor (KeikaRemoteEntry), the
   * cursor of the next page in @next (NULL at the end), and @stop when
   * entries older than @since (> 0) were reached. NULL with @error when
   * the page is not readable. */
  GPtrArray         *(*parse_page)  (KeikaSiteService     *site,
                                     const KeikaJsonValue *root,
                                     const char           *cursor,
                                     gint64                since,
                                     char                **next,
                                     gboolean             *stop,
                                     GError              **error);
  /* Whether @next may be followed (a further page of the same list, on
   * the host the token is for); NULL: any. */
  gboolean           (*accept_next) (KeikaSiteService     *site,
                                     const char           *next);
  const char         *site_name;
  /* Optional: the next page's cursor as parse_page will give it, read from
   * @root before the page is parsed, so that its request goes out first
   * (in a pull of the whole list, which never stops early). */
  char              *(*peek_next)   (KeikaSiteService     *site,
                                     const KeikaJsonValue *root);
} KeikaPageSource;

/* Reads the pages of a list from @first_cursor on, giving each page's
 * entries to @page_func (each anime once, however the pages repeat at their
 * boundaries). While @page_func works on one page the next one is already
 * on its way: one request in flight at a time, the network's wait hidden
 * behind the work. A page whose next cursor was seen before, or more pages
 * than any list has, fails with KEIKA_ERROR_MALFORMED. */
void     keika_site_pull_pages_async  (KeikaSiteService       *site,
                                       const KeikaPageSource  *source,
                                       const char             *first_cursor,
                                       gint64                  since,
                                       KeikaSitePageFunc       page_func,
                                       gpointer                page_data,
                                       GDestroyNotify          page_data_destroy,
                                       GCancellable           *cancellable,
                                       GAsyncReadyCallback     callback,
                                       gpointer                user_data);
/* @complete: whether every page was read (not stopped early). */
gboolean keika_site_pull_pages_finish (KeikaSiteService       *site,
                                       GAsyncResult           *result,
                                       gboolean               *complete,
                                       GError                **error);

G_END_DECLS
