/* SPDX-License-Identifier: ISC */
/* The ring and the superblocks on the block device. */
#include <errno.h>
#include <string.h>

#include "ring_priv.h"

/* Device byte offset of log position lsn, and how many bytes fit before
 * the ring wraps. */
static uint64_t phys(const struct kv_ring *r, uint64_t lsn, uint64_t *room)
{
    uint64_t at = lsn % r->cap;

    *room = r->cap - at;
    return 2 * (uint64_t)r->ss + at;
}

int mirage__ring_read(struct kv_ring *r, uint64_t lsn, void *buf, size_t len)
{
    unsigned char *p = buf;

    while (len > 0) {
        uint64_t room, off = phys(r, lsn, &room);
        size_t n = len < room ? len : (size_t)room;
        int err = mirage_block_read(r->blk, off / r->ss, p, n);
        if (err < 0)
            return err;
        p += n, lsn += n, len -= n;
    }
    return 0;
}

int mirage__ring_read_bytes(struct kv_ring *r, uint64_t pos, void *buf,
                            size_t len)
{
    unsigned char *p = buf;

    while (len > 0) {
        uint64_t room, off = phys(r, pos, &room);
        size_t n = len < room ? len : (size_t)room;
        int err = mirage_block_read_bytes(r->blk, off, p, n);
        if (err < 0)
            return err;
        p += n, pos += n, len -= n;
    }
    return 0;
}

int mirage__ring_write(struct kv_ring *r, uint64_t lsn, const void *buf,
                       size_t len)
{
    const unsigned char *p = buf;

    while (len > 0) {
        uint64_t room, off = phys(r, lsn, &room);
        size_t n = len < room ? len : (size_t)room;
        int err = mirage_block_write(r->blk, off / r->ss, p, n);
        if (err < 0)
            return err;
        p += n, lsn += n, len -= n;
    }
    return 0;
}

static void sb_encode(const struct kv_ring *r, uint64_t seq, uint64_t tail,
                      unsigned char *p)
{
    memset(p, 0, r->ss);
    memcpy(p, RING_SB_MAGIC, 8);
    ring_put32(p + 8, RING_VERSION);
    ring_put32(p + 12, r->ss);
    ring_put64(p + 16, r->cap);
    ring_put64(p + 24, r->nonce);
    ring_put64(p + 32, seq);
    ring_put64(p + 40, tail);
    ring_put32(p + 52, mirage__ring_crc32c(0, p, 52));
}

/* Writes the next superblock slot; the older slot stays valid until this
 * write is complete, so a torn write leaves the previous tail in force. */
int mirage__ring_sb_write(struct kv_ring *r, uint64_t tail)
{
    uint64_t seq = r->sb_seq + 1;
    int err;

    sb_encode(r, seq, tail, r->buf);
    err = mirage_block_write(r->blk, seq % 2, r->buf, r->ss);
    if (err < 0)
        return err;
    r->sb_seq = seq;
    r->sb_tail = tail;
    r->st.superblocks++;
    return 0;
}

/* Decodes slot p into s if it is a valid superblock for this device. */
static bool sb_decode(const unsigned char *p, uint32_t ss, uint64_t sectors,
                      struct kv_ring *s)
{
    if (memcmp(p, RING_SB_MAGIC, 8) != 0 || ring_get32(p + 8) != RING_VERSION ||
        ring_get32(p + 12) != ss || ring_get32(p + 48) != 0 ||
        ring_get32(p + 52) != mirage__ring_crc32c(0, p, 52))
        return false;
    s->ss = ss;
    s->cap = ring_get64(p + 16);
    s->nonce = ring_get64(p + 24);
    s->sb_seq = ring_get64(p + 32);
    s->sb_tail = ring_get64(p + 40);
    return s->cap % ss == 0 && s->cap / ss >= RING_MIN_SECTORS - 2 &&
           s->cap / ss <= sectors - 2 && s->sb_tail % ss == 0;
}

/* Loads the newest valid superblock into r: 0, -EUCLEAN if neither slot
 * holds one, or an I/O error. */
int mirage__ring_sb_load(struct kv_ring *r)
{
    struct mirage_block_info info;
    struct kv_ring slot[2];
    bool ok[2];
    int err;

    mirage_block_get_info(r->blk, &info);
    for (int i = 0; i < 2; i++) {
        err = mirage_block_read(r->blk, (uint64_t)i, r->buf, info.sector_size);
        if (err < 0)
            return err;
        ok[i] =
            sb_decode(r->buf, info.sector_size, info.size_sectors, &slot[i]);
    }
    if (!ok[0] && !ok[1])
        return -EUCLEAN;
    if (!ok[0] || (ok[1] && slot[1].sb_seq > slot[0].sb_seq))
        slot[0] = slot[1];
    r->ss = slot[0].ss;
    r->cap = slot[0].cap;
    r->nonce = slot[0].nonce;
    r->sb_seq = slot[0].sb_seq;
    r->sb_tail = slot[0].sb_tail;
    return 0;
}
