/* keika-library.c
 *
 * Copyright 2026 The Keika developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "KeikaModel"

#include "config.h"

#include "keika-anime.h"
#include "keika-library.h"

/* One stored entry with what the library remembers about it, so that a change
 * of its status, sync problem or id can be accounted for without looking at
 * every entry. */
typedef struct _Slot Slot;
struct _Slot
{
  gint64          hashed_id;       /* the key in by_id (0 = not in it); first, so
                                    * that a slot is its own key */
  KeikaLibrary   *library;         /* (unowned) */
  KeikaListEntry *entry;           /* (owned) (nullable) NULL while the slot is free */
  union {
    struct {                       /* in use: what is counted of it */
      KeikaStatus counted_status;  /* in status_counts */
      gboolean    counted_problem; /* in n_problems */
    };
    Slot         *next_free;       /* free: the next in free_slots */
  };
};

/* Slots come by the chunk, as a library holds thousands of them: a chunk
 * costs one allocation, a slot no more than its size. Chunks are kept until
 * the library goes; freed slots are used again. */
#define SLOTS_PER_CHUNK 256

struct _KeikaLibrary
{
  GObject      parent_instance;

  GPtrArray   *slots;              /* (owned) (element-type Slot) in list order */
  GPtrArray   *entries;            /* (owned) (element-type KeikaListEntry) (unowned
                                    * elements) the slots' entries, in the same order:
                                    * a list model reads them without the slots */
  GHashTable  *by_id;              /* (owned) a set of Slot (unowned), keyed by hashed_id */
  GPtrArray   *slot_chunks;        /* (owned) (element-type Slot[SLOTS_PER_CHUNK]) */
  Slot        *free_slots;         /* (nullable) linked by next_free */
  guint        status_counts[KEIKA_N_STATUSES];
  guint        n_problems;         /* entries with a sync problem */
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (KeikaLibrary, keika_library, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

enum {
  COUNT_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];
static GParamSpec *entry_id_pspec;
static GParamSpec *entry_status_pspec;
static GParamSpec *entry_problem_pspec;

static void
unhash_slot (KeikaLibrary *self,
             Slot         *slot)
{
  if (slot->hashed_id != 0 &&
      g_hash_table_lookup (self->by_id, &slot->hashed_id) == slot)
    g_hash_table_remove (self->by_id, &slot->hashed_id);

  slot->hashed_id = 0;
}

static void
hash_slot (KeikaLibrary *self,
           Slot         *slot)
{
  g_assert (slot->hashed_id == 0);

  slot->hashed_id = keika_list_entry_get_id (slot->entry);

  /* Entries not yet stored have no id; they get hashed once they do. When two
   * entries claim the same id, the newest wins. The slot is its own key (a
   * key equal to its value makes GHashTable a set, which keeps no values). */
  if (slot->hashed_id != 0)
    g_hash_table_add (self->by_id, slot);
}

/* A watch rather than a "notify" handler: connecting a signal handler to
 * each of 10,000 entries alone would take about 9 ms. */
static void
entry_watch_cb (KeikaListEntry *entry,
                GParamSpec     *pspec,
                gpointer        user_data)
{
  Slot *slot = user_data;
  KeikaLibrary *self = slot->library;

  if (pspec == entry_status_pspec)
    {
      KeikaStatus status = keika_list_entry_get_status (entry);

      if (status == slot->counted_status)
        return;

      self->status_counts[slot->counted_status]--;
      self->status_counts[status]++;
      slot->counted_status = status;

      g_signal_emit (self, signals[COUNT_CHANGED], 0);
    }
  else if (pspec == entry_problem_pspec)
    {
      gboolean problem = keika_list_entry_get_sync_problem (entry) != NULL;

      if (problem == slot->counted_problem)
        return;

      self->n_problems += problem ? 1 : -1;
      slot->counted_problem = problem;

      g_signal_emit (self, signals[COUNT_CHANGED], 0);
    }
  else if (pspec == entry_id_pspec)
    {
      unhash_slot (self, slot);
      hash_slot (self, slot);
    }
}

static Slot *
slot_new (KeikaLibrary   *self,
          KeikaListEntry *entry)
{
  Slot *slot;

  if (self->free_slots == NULL)
    {
      Slot *chunk = g_new (Slot, SLOTS_PER_CHUNK);

      g_ptr_array_add (self->slot_chunks, chunk);
      for (guint i = SLOTS_PER_CHUNK; i > 0; i--)
        {
          chunk[i - 1].next_free = self->free_slots;
          self->free_slots = &chunk[i - 1];
        }
    }

  slot = self->free_slots;
  self->free_slots = slot->next_free;

  slot->hashed_id = 0;
  slot->library = self;
  slot->entry = g_object_ref (entry);
  slot->counted_status = keika_list_entry_get_status (entry);
  slot->counted_problem = keika_list_entry_get_sync_problem (entry) != NULL;
  keika_list_entry_add_watch (entry, entry_watch_cb, slot);

  self->status_counts[slot->counted_status]++;
  self->n_problems += slot->counted_problem ? 1 : 0;
  hash_slot (self, slot);

  return slot;
}

/* Disconnects and forgets @slot; its removal from self->slots is the caller's. */
static void
slot_free (Slot *slot)
{
  KeikaLibrary *self = slot->library;

  unhash_slot (self, slot);
  self->status_counts[slot->counted_status]--;
  self->n_problems -= slot->counted_problem ? 1 : 0;
  keika_list_entry_remove_watch (slot->entry, entry_watch_cb, slot);
  g_clear_object (&slot->entry);

  slot->next_free = self->free_slots;
  self->free_slots = slot;
}

static GType
keika_library_get_item_type (GListModel *model)
{
  return KEIKA_TYPE_LIST_ENTRY;
}

static guint
keika_library_get_n_items (GListModel *model)
{
  KeikaLibrary *self = KEIKA_LIBRARY (model);

  return self->slots->len;
}

static gpointer
keika_library_get_item (GListModel *model,
                        guint       position)
{
  KeikaLibrary *self = KEIKA_LIBRARY (model);

  if (position >= self->entries->len)
    return NULL;

  return g_object_ref (g_ptr_array_index (self->entries, position));
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = keika_library_get_item_type;
  iface->get_n_items = keika_library_get_n_items;
  iface->get_item = keika_library_get_item;
}

static void
keika_library_dispose (GObject *object)
{
  KeikaLibrary *self = (KeikaLibrary *) object;

  /* Frees every slot, which disconnects from its entry. */
  if (self->slots != NULL)
    {
      g_ptr_array_set_size (self->entries, 0);
      g_ptr_array_set_size (self->slots, 0);
    }

  G_OBJECT_CLASS (keika_library_parent_class)->dispose (object);
}

static void
keika_library_finalize (GObject *object)
{
  KeikaLibrary *self = (KeikaLibrary *) object;

  g_clear_pointer (&self->entries, g_ptr_array_unref);
  g_clear_pointer (&self->slots, g_ptr_array_unref);
  g_clear_pointer (&self->by_id, g_hash_table_unref);
  g_clear_pointer (&self->slot_chunks, g_ptr_array_unref);

  G_OBJECT_CLASS (keika_library_parent_class)->finalize (object);
}

static void
keika_library_class_init (KeikaLibraryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GObjectClass *entry_class;

  object_class->dispose = keika_library_dispose;
  object_class->finalize = keika_library_finalize;

  /**
   * KeikaLibrary::count-changed:
   *
   * The number of entries with some status, or with a sync problem,
   * changed, or the items changed.
   */
  signals[COUNT_CHANGED] =
    g_signal_new ("count-changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0,
                  NULL, NULL,
                  NULL,
                  G_TYPE_NONE, 0);

  entry_class = g_type_class_ref (KEIKA_TYPE_LIST_ENTRY);
  entry_id_pspec = g_object_class_find_property (entry_class, "id");
  entry_status_pspec = g_object_class_find_property (entry_class, "status");
  entry_problem_pspec = g_object_class_find_property (entry_class, "sync-problem");
  g_assert (entry_id_pspec != NULL && entry_status_pspec != NULL && entry_problem_pspec != NULL);
  /* Keep the class (and so its pspecs) alive for the life of the program. */
}

static void
keika_library_init (KeikaLibrary *self)
{
  self->slots = g_ptr_array_new_with_free_func ((GDestroyNotify) slot_free);
  self->entries = g_ptr_array_new ();
  self->by_id = g_hash_table_new (g_int64_hash, g_int64_equal);
  self->slot_chunks = g_ptr_array_new_with_free_func (g_free);
}

KeikaLibrary *
keika_library_new (void)
{
  return g_object_new (KEIKA_TYPE_LIBRARY, NULL);
}

/* Adds a slot for every entry of @entries; returns how many. */
static guint
add_entries (KeikaLibrary *self,
             GPtrArray    *entries)
{
  guint added = 0;

  if (entries == NULL)
    return 0;

  for (guint i = 0; i < entries->len; i++)
    {
      KeikaListEntry *entry = g_ptr_array_index (entries, i);

      if (!KEIKA_IS_LIST_ENTRY (entry))
        {
          g_critical ("Item %u of the array is not a KeikaListEntry", i);
          continue;
        }

      g_ptr_array_add (self->slots, slot_new (self, entry));
      g_ptr_array_add (self->entries, entry);
      added++;
    }

  return added;
}

static void
emit_changed (KeikaLibrary *self,
              guint         position,
              guint         removed,
              guint         added)
{
  if (removed == 0 && added == 0)
    return;

  g_list_model_items_changed (G_LIST_MODEL (self), position, removed, added);
  g_signal_emit (self, signals[COUNT_CHANGED], 0);
}

void
keika_library_replace_all (KeikaLibrary *self,
                           GPtrArray    *entries)
{
  g_autoptr(GPtrArray) owned = entries;
  guint removed;
  guint added;

  g_return_if_fail (KEIKA_IS_LIBRARY (self));

  removed = self->slots->len;

  /* Emptying the table at once is cheaper than unhashing slot by slot. */
  g_hash_table_remove_all (self->by_id);
  for (guint i = 0; i < self->slots->len; i++)
    ((Slot *) g_ptr_array_index (self->slots, i))->hashed_id = 0;
  g_ptr_array_set_size (self->entries, 0);
  g_ptr_array_set_size (self->slots, 0);

  added = add_entries (self, owned);

  emit_changed (self, 0, removed, added);
}

void
keika_library_append (KeikaLibrary   *self,
                      KeikaListEntry *entry)
{
  guint position;

  g_return_if_fail (KEIKA_IS_LIBRARY (self));
  g_return_if_fail (KEIKA_IS_LIST_ENTRY (entry));

  position = self->slots->len;
  g_ptr_array_add (self->slots, slot_new (self, entry));
  g_ptr_array_add (self->entries, entry);

  emit_changed (self, position, 0, 1);
}

void
keika_library_append_many (KeikaLibrary *self,
                           GPtrArray    *entries)
{
  guint position;
  guint added;

  g_return_if_fail (KEIKA_IS_LIBRARY (self));

  position = self->slots->len;
  added = add_entries (self, entries);

  emit_changed (self, position, 0, added);
}

gboolean
keika_library_remove (KeikaLibrary *self,
                      gint64        entry_id)
{
  Slot *slot;
  guint position;

  g_return_val_if_fail (KEIKA_IS_LIBRARY (self), FALSE);

  if (entry_id == 0)
    return FALSE;

  slot = g_hash_table_lookup (self->by_id, &entry_id);
  if (slot == NULL)
    return FALSE;

  if (!g_ptr_array_find (self->slots, slot, &position))
    g_return_val_if_reached (FALSE);

  g_ptr_array_remove_index (self->entries, position);
  g_ptr_array_remove_index (self->slots, position);

  emit_changed (self, position, 1, 0);

  return TRUE;
}

guint
keika_library_remove_many (KeikaLibrary *self,
                           GHashTable   *entry_ids)
{
  guint first = G_MAXUINT;
  guint n_old;
  guint kept = 0;

  g_return_val_if_fail (KEIKA_IS_LIBRARY (self), 0);
  g_return_val_if_fail (entry_ids != NULL, 0);

  n_old = self->slots->len;

  /* One pass: the slots that stay move up over those that go. */
  for (guint i = 0; i < n_old; i++)
    {
      Slot *slot = g_ptr_array_index (self->slots, i);
      gint64 id = keika_list_entry_get_id (slot->entry);

      if (g_hash_table_contains (entry_ids, &id))
        {
          first = MIN (first, i);
          slot_free (slot);
          continue;
        }

      self->slots->pdata[kept] = slot;
      self->entries->pdata[kept] = self->entries->pdata[i];
      kept++;
    }

  if (first == G_MAXUINT)
    return 0;

  /* The freed slots were freed above: shrink without the free function. */
  g_ptr_array_set_free_func (self->slots, NULL);
  g_ptr_array_set_size (self->slots, kept);
  g_ptr_array_set_free_func (self->slots, (GDestroyNotify) slot_free);
  g_ptr_array_set_size (self->entries, kept);

  emit_changed (self, first, n_old - first, kept - first);

  return n_old - kept;
}

KeikaListEntry *
keika_library_lookup (KeikaLibrary *self,
                      gint64        entry_id)
{
  Slot *slot;

  g_return_val_if_fail (KEIKA_IS_LIBRARY (self), NULL);

  if (entry_id == 0)
    return NULL;

  slot = g_hash_table_lookup (self->by_id, &entry_id);

  return slot != NULL ? slot->entry : NULL;
}

/* A linear scan: a site id can change on the anime at any time, and a scan of
 * 10,000 entries takes a few tens of microseconds. Callers that match many
 * ids at once (a sync of a whole list) should build their own map. */
KeikaListEntry *
keika_library_lookup_by_site_id (KeikaLibrary *self,
                                 KeikaSite     site,
                                 gint64        site_id)
{
  g_return_val_if_fail (KEIKA_IS_LIBRARY (self), NULL);
  g_return_val_if_fail ((guint) site < KEIKA_N_SITES, NULL);

  if (site_id == 0)
    return NULL;

  for (guint i = 0; i < self->slots->len; i++)
    {
      Slot *slot = g_ptr_array_index (self->slots, i);
      KeikaAnime *anime = keika_list_entry_get_anime (slot->entry);

      if (keika_anime_get_site_id (anime, site) == site_id)
        return slot->entry;
    }

  return NULL;
}

guint
keika_library_count_sync_problems (KeikaLibrary *self)
{
  g_return_val_if_fail (KEIKA_IS_LIBRARY (self), 0);

  return self->n_problems;
}

guint
keika_library_count_status (KeikaLibrary *self,
                            KeikaStatus   status)
{
  g_return_val_if_fail (KEIKA_IS_LIBRARY (self), 0);
  g_return_val_if_fail ((guint) status < KEIKA_N_STATUSES, 0);

  return self->status_counts[status];
}

/* A filter list model visits the entries in sorted order, one at a time:
 * after the seconds between two keystrokes they have left the caches, and
 * each visit would wait for memory in turn. Asked for all at once, the
 * fetches overlap; the pass itself costs a few tens of microseconds. */
void
keika_library_prefetch (KeikaLibrary *self)
{
  g_return_if_fail (KEIKA_IS_LIBRARY (self));

  keika_list_entries_prefetch ((KeikaListEntry **) self->entries->pdata, self->entries->len);
}
