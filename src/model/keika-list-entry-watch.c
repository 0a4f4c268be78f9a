/* keika-list-entry-watch.c
 *
 * Copyright 2026 The Keika developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The watches of an entry: a cheaper "notify" for KeikaLibrary (see
 * keika_list_entry_add_watch()). */

#define G_LOG_DOMAIN "KeikaModel"

#include "config.h"

#include "keika-list-entry-private.h"

typedef struct
{
  KeikaListEntryWatchFunc func;
  gpointer                data;
} Watch;

static gboolean
has_watch (KeikaListEntry          *self,
           KeikaListEntryWatchFunc  func,
           gpointer                 data)
{
  if (self->watch_func == func && self->watch_data == data)
    return TRUE;

  for (guint i = 0; self->more_watches != NULL && i < self->more_watches->len; i++)
    {
      Watch *watch = &g_array_index (self->more_watches, Watch, i);

      if (watch->func == func && watch->data == data)
        return TRUE;
    }

  return FALSE;
}

void
keika_list_entry_call_watches (KeikaListEntry  *self,
                               guint            n_pspecs,
                               GParamSpec     **pspecs)
{
  if (self->more_watches == NULL)
    {
      /* The common case: one watch at most. */
      for (guint i = 0; i < n_pspecs && self->watch_func != NULL; i++)
        self->watch_func (self, pspecs[i], self->watch_data);
    }
  else
    {
      /* A watch may remove watches: call a copy, checking each is still wanted. */
      g_autoptr(GArray) watches = g_array_new (FALSE, FALSE, sizeof (Watch));

      if (self->watch_func != NULL)
        g_array_append_val (watches, ((Watch) { self->watch_func, self->watch_data }));
      g_array_append_vals (watches, self->more_watches->data, self->more_watches->len);

      for (guint i = 0; i < n_pspecs; i++)
        for (guint j = 0; j < watches->len; j++)
          {
            Watch *watch = &g_array_index (watches, Watch, j);

            if (has_watch (self, watch->func, watch->data))
              watch->func (self, pspecs[i], watch->data);
          }
    }
}

void
keika_list_entry_add_watch (KeikaListEntry          *self,
                            KeikaListEntryWatchFunc  func,
                            gpointer                 user_data)
{
  g_return_if_fail (KEIKA_IS_LIST_ENTRY (self));
  g_return_if_fail (func != NULL);

  if (self->watch_func == NULL)
    {
      self->watch_func = func;
      self->watch_data = user_data;
      return;
    }

  if (self->more_watches == NULL)
    self->more_watches = g_array_new (FALSE, FALSE, sizeof (Watch));

  g_array_append_val (self->more_watches, ((Watch) { func, user_data }));
}

void
keika_list_entry_remove_watch (KeikaListEntry          *self,
                               KeikaListEntryWatchFunc  func,
                               gpointer                 user_data)
{
  g_return_if_fail (KEIKA_IS_LIST_ENTRY (self));

  if (self->watch_func == func && self->watch_data == user_data)
    {
      self->watch_func = NULL;
      self->watch_data = NULL;

      /* Keep the inline slot filled, so the common case stays cheap. */
      if (self->more_watches != NULL && self->more_watches->len > 0)
        {
          Watch *last = &g_array_index (self->more_watches, Watch, self->more_watches->len - 1);

          self->watch_func = last->func;
          self->watch_data = last->data;
          g_array_set_size (self->more_watches, self->more_watches->len - 1);
        }
    }
  else
    {
      for (guint i = 0; self->more_watches != NULL && i < self->more_watches->len; i++)
        {
          Watch *watch = &g_array_index (self->more_watches, Watch, i);

          if (watch->func == func && watch->data == user_data)
            {
              g_array_remove_index (self->more_watches, i);
              break;
            }
        }
    }

  if (self->more_watches != NULL && self->more_watches->len == 0)
    g_clear_pointer (&self->more_watches, g_array_unref);
}
