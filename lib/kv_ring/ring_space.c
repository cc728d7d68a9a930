/* SPDX-License-Identifier: ISC */
/* Space: the lsn-ordered entry list, admission and the cleaner. */
#include <errno.h>
#include <stdlib.h>

#include "ring_priv.h"

/*
 * The tail is the oldest live record; everything older is garbage and the
 * ring reuses it.  The cleaner frees space by copying the oldest live
 * record to the head, which moves the tail past it and past any garbage
 * behind it.  Deletions and renames never need copying: whatever they
 * affect is older than they are, so it leaves the ring before they do.
 *
 * Invariant, after every operation: used + debt + max_foot <= cap, where
 * used = head - tail.  Moving the oldest record needs at most max_foot
 * free bytes and never raises used + debt, so the cleaner can always run;
 * after one lap it has squeezed used down to live.  Admission refuses an
 * operation unless live + its record + max_foot fits.
 */

void mirage__ring_list_push(struct kv_ring *r, struct ring_entry *e)
{
    e->next = NULL;
    e->prev = r->newest;
    if (r->newest)
        r->newest->next = e;
    else
        r->oldest = e;
    r->newest = e;
}

void mirage__ring_list_unlink(struct kv_ring *r, struct ring_entry *e)
{
    if (e->prev)
        e->prev->next = e->next;
    else
        r->oldest = e->next;
    if (e->next)
        e->next->prev = e->prev;
    else
        r->newest = e->prev;
    e->prev = e->next = NULL;
}

/* Index drop callback: forgets the entry of a removed node. */
void mirage__ring_drop(void *val, void *arg)
{
    struct kv_ring *r = arg;
    struct ring_entry *e = val;

    mirage__ring_list_unlink(r, e);
    r->live -= e->foot;
    r->debt -= e->foot - e->foot_disk;
    free(e);
}

/* Recomputes e->foot after its key changed. */
void mirage__ring_entry_refoot(struct kv_ring *r, struct ring_entry *e)
{
    uint64_t stored = (e->flags & RING_F_ZERO) ? 0 : e->dlen;
    uint64_t now = mirage__ring_foot(r, RING_HDR + e->node->klen + stored);
    uint64_t foot = now > e->foot_disk ? now : e->foot_disk;

    r->live += foot - e->foot;
    r->debt += foot - e->foot;
    e->foot = foot;
    if (foot > r->max_foot)
        r->max_foot = foot;
}

static void recompute_max(struct kv_ring *r)
{
    r->max_foot = 0;
    for (struct ring_entry *e = r->oldest; e; e = e->next)
        if (e->foot > r->max_foot)
            r->max_foot = e->foot;
}

int mirage__ring_append(struct kv_ring *r, const struct ring_hdr *h,
                        const char *key, const struct ring_src *src)
{
    uint64_t foot =
        mirage__ring_foot(r, RING_HDR + h->klen + mirage__ring_stored(h));
    uint64_t tail = mirage__ring_tail(r);
    int err;

    /* Never write over the records the superblock on disk tells mount to
     * replay: first move it up to the tail in memory. */
    if (r->head + foot > r->sb_tail + r->cap) {
        if (r->head + foot > tail + r->cap)
            return -ENOSPC;
        err = mirage__ring_sb_write(r, tail);
        if (err < 0)
            return err;
    }
    err = mirage__ring_emit(r, h, key, src);
    if (err < 0)
        return err;
    r->head += foot;
    return 0;
}

struct copy_src {
    struct kv_ring *r;
    uint64_t pos;
};

static int copy_read(void *arg, uint64_t off, void *dst, size_t n)
{
    struct copy_src *c = arg;

    return mirage__ring_read_bytes(c->r, c->pos + off, dst, n);
}

/* Copies the oldest live record to the head, under its current key. */
static int move_oldest(struct kv_ring *r)
{
    struct ring_entry *e = r->oldest;
    struct copy_src c = {r, e->lsn + e->doff};
    struct ring_src src = {copy_read, &c};
    struct ring_hdr h = {
        .type = RING_SET,
        .flags = e->flags,
        .klen = (uint16_t)e->node->klen,
        .dlen = e->dlen,
        .lsn = r->head,
        .mtime = e->mtime,
        .dcrc = e->dcrc,
    };
    uint64_t foot;
    int err = mirage__ring_append(r, &h, e->node->key, &src);

    if (err < 0)
        return err;
    foot = mirage__ring_foot(r, RING_HDR + h.klen + mirage__ring_stored(&h));
    r->live = r->live - e->foot + foot;
    r->debt -= e->foot - e->foot_disk;
    e->lsn = h.lsn;
    e->foot = e->foot_disk = foot;
    e->doff = RING_HDR + h.klen;
    mirage__ring_list_unlink(r, e);
    mirage__ring_list_push(r, e);
    r->st.cleaned++;
    return 0;
}

/* Makes room for a record of foot bytes that adds extra to live and may
 * raise max_foot to new_max; slack keeps room for later removals. */
int mirage__ring_admit(struct kv_ring *r, uint64_t foot, uint64_t new_max,
                       uint64_t extra, bool slack)
{
    uint64_t s = slack ? r->slack : 0, m;

    m = r->max_foot > new_max ? r->max_foot : new_max;
    if (r->live + extra + foot + m + s > r->cap) {
        recompute_max(r);
        m = r->max_foot > new_max ? r->max_foot : new_max;
        if (r->live + extra + foot + m + s > r->cap)
            return -ENOSPC;
    }
    while (r->head - mirage__ring_tail(r) + r->debt + foot + extra + m >
           r->cap) {
        int err;
        if (!r->oldest)
            return -ENOSPC;
        err = move_oldest(r);
        if (err < 0)
            return err;
    }
    return 0;
}
