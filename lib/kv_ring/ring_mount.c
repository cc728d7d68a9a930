/* SPDX-License-Identifier: ISC */
/* Mount: replaying the log from the superblock's tail. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <mirage/log.h>

#include "kv_priv.h"
#include "ring_priv.h"

MIRAGE_LOG_SRC(mirage__ring_log, "kv_ring", "crash-safe KV store");

void mirage__ring_entry_set(struct kv_ring *r, struct ring_entry *e,
                            const struct ring_hdr *h, size_t disk_klen)
{
    e->lsn = h->lsn;
    e->dlen = h->dlen;
    e->mtime = h->mtime;
    e->dcrc = h->dcrc;
    e->flags = h->flags;
    e->doff = RING_HDR + disk_klen;
    e->foot = e->foot_disk =
        mirage__ring_foot(r, RING_HDR + disk_klen + mirage__ring_stored(h));
    r->live += e->foot;
    if (e->foot > r->max_foot)
        r->max_foot = e->foot;
    mirage__ring_list_push(r, e);
}

static int apply_set(struct kv_ring *r, const struct ring_hdr *h,
                     const char *key)
{
    struct mirage__kv_node *n = mirage__kv_index_find(&r->ix, key);
    struct ring_entry *e;

    if (n) {
        e = n->val;
        mirage__ring_list_unlink(r, e);
        r->live -= e->foot;
        r->debt -= e->foot - e->foot_disk;
    } else {
        if (mirage__kv_index_check_set(&r->ix, key, NULL) < 0)
            return -EUCLEAN;
        e = calloc(1, sizeof *e);
        if (!e)
            return -ENOMEM;
        n = mirage__kv_index_insert(&r->ix, key, MIRAGE_KV_VALUE, e);
        if (!n) {
            free(e);
            return -ENOMEM;
        }
        e->node = n;
    }
    mirage__ring_entry_set(r, e, h, h->klen);
    return 0;
}

static int refoot(struct mirage__kv_node *n, void *arg)
{
    mirage__ring_entry_refoot(arg, n->val);
    return 0;
}

static int apply_rename(struct kv_ring *r, const char *src, const char *target)
{
    int ks = mirage__kv_index_kind(&r->ix, src), err;

    if (ks == MIRAGE_KV_NONE)
        return 0; /* its records are older than the tail: already gone */
    if (strcmp(src, target) == 0 || mirage__kv_key_is_root(src) ||
        (ks == MIRAGE_KV_DICTIONARY && mirage__kv_key_inside(target, src)) ||
        (ks == MIRAGE_KV_VALUE &&
         mirage__kv_index_kind(&r->ix, target) == MIRAGE_KV_DICTIONARY) ||
        mirage__kv_index_check_parents(&r->ix, target, src) < 0)
        return -EUCLEAN;
    err = mirage__kv_index_apply_rename(&r->ix, src, target, mirage__ring_drop,
                                        r);
    if (err < 0)
        return err;
    return mirage__kv_index_each_at(&r->ix, target, refoot, r);
}

/* Applies one record to the index, at mount and after each write. */
int mirage__ring_apply(struct kv_ring *r, const struct ring_hdr *h,
                       const char *key, const char *target)
{
    switch (h->type) {
    case RING_SET:
        return apply_set(r, h, key);
    case RING_DEL:
        return mirage__kv_index_apply_remove(&r->ix, key, mirage__ring_drop, r);
    default:
        return apply_rename(r, key, target);
    }
}

/* Reads and checks the data of a rename record (the target key). */
static int load_target(struct kv_ring *r, const struct ring_hdr *h,
                       char *target)
{
    char canon[MIRAGE_KV_KEY_MAX + 1];
    int err = mirage__ring_read_bytes(r, h->lsn + RING_HDR + h->klen, target,
                                      (size_t)h->dlen);

    if (err < 0)
        return err;
    target[h->dlen] = '\0';
    if (mirage__ring_crc32c(0, target, (size_t)h->dlen) != h->dcrc ||
        strlen(target) != h->dlen || mirage_kv_key_normalize(target, canon) ||
        strcmp(canon, target) != 0)
        return 0;
    return 1;
}

struct pending {
    bool on;
    struct ring_hdr h;
    char key[MIRAGE_KV_KEY_MAX + 1];
};

/* The last record of the log may be the write a crash interrupted: its
 * header is written last, but a device may reorder the writes of one
 * request, so its data is checked before it is believed. */
static int settle_last(struct kv_ring *r, struct pending *p)
{
    uint32_t crc;
    int err = mirage__ring_data_crc(r, p->h.lsn + RING_HDR + p->h.klen,
                                    p->h.dlen, &crc);

    if (err < 0)
        return err;
    if (crc == p->h.dcrc)
        return apply_set(r, &p->h, p->key);
    r->st.dropped_torn++;
    r->st.replayed--;
    r->head = p->h.lsn;
    mirage_log_warn(&mirage__ring_log,
                    "dropped a half-written record at %llu (key %s)",
                    (unsigned long long)p->h.lsn, p->key);
    return 0;
}

static int replay_one(struct kv_ring *r, struct pending *p, struct ring_hdr *h,
                      char *key)
{
    char target[MIRAGE_KV_KEY_MAX + 1];
    int err;

    if (h->type == RING_RENAME) {
        err = load_target(r, h, target);
        if (err <= 0)
            return err; /* a torn rename ends the log */
    }
    if (p->on) {
        err = apply_set(r, &p->h, p->key);
        p->on = false;
        if (err < 0)
            return err;
    }
    if (h->type == RING_SET && mirage__ring_stored(h) > 0) {
        p->on = true;
        p->h = *h;
        memcpy(p->key, key, (size_t)h->klen + 1);
        return 1;
    }
    err = mirage__ring_apply(r, h, key, target);
    return err < 0 ? err : 1;
}

/* True if a valid record lies past end: the log is damaged in the middle
 * rather than cut short by a crash, since after a crash nothing valid
 * follows the last record.  Looks RING_SCAN_MAX bytes ahead at most. */
static int damaged_beyond(struct kv_ring *r, uint64_t end, uint64_t limit)
{
    char key[MIRAGE_KV_KEY_MAX + 1];
    struct ring_hdr h;
    uint64_t pos = end + r->ss;

    if (limit > end + RING_SCAN_MAX)
        limit = end + RING_SCAN_MAX;
    while (pos + r->ss <= limit) {
        size_t n = limit - pos < r->bufsz ? (size_t)(limit - pos) : r->bufsz;
        int err = mirage__ring_read(r, pos, r->buf, n - n % r->ss);
        if (err < 0)
            return err;
        for (size_t off = 0; off + r->ss <= n; off += r->ss) {
            const unsigned char *p = r->buf + off;
            if (ring_get32(p) != RING_REC_MAGIC ||
                ring_get64(p + 16) != pos + off ||
                ring_get64(p + 40) != r->nonce)
                continue;
            err = mirage__ring_load_hdr(r, pos + off, limit, &h, key);
            if (err != 0)
                return err < 0 ? err : 1;
            /* load_hdr used the buffer: read this chunk again. */
            err = mirage__ring_read(r, pos, r->buf, n - n % r->ss);
            if (err < 0)
                return err;
        }
        pos += n - n % r->ss;
    }
    return 0;
}

int mirage__ring_replay(struct kv_ring *r)
{
    char key[MIRAGE_KV_KEY_MAX + 1];
    struct pending *p = calloc(1, sizeof *p);
    uint64_t pos = r->sb_tail, limit = r->sb_tail + r->cap;
    struct ring_hdr h;
    int err;

    if (!p)
        return -ENOMEM;
    for (;;) {
        err = mirage__ring_load_hdr(r, pos, limit, &h, key);
        if (err > 0)
            err = replay_one(r, p, &h, key);
        if (err <= 0)
            break;
        r->st.replayed++;
        pos +=
            mirage__ring_foot(r, RING_HDR + h.klen + mirage__ring_stored(&h));
    }
    r->head = pos;
    if (err == 0 && p->on)
        err = settle_last(r, p);
    free(p);
    if (err == 0 && (err = damaged_beyond(r, pos, limit)) > 0) {
        mirage_log_warn(&mirage__ring_log,
                        "valid records follow a damaged one at %llu: refusing "
                        "to mount",
                        (unsigned long long)pos);
        err = -EUCLEAN;
    }
    return err;
}
