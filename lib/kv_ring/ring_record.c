/* SPDX-License-Identifier: ISC */
/* Records: encoding, writing them header-last, and checking them. */
#include <errno.h>
#include <string.h>

#include "kv_priv.h"
#include "ring_priv.h"

/* Bytes of ring a record of `bytes` bytes takes: whole sectors. */
uint64_t mirage__ring_foot(const struct kv_ring *r, uint64_t bytes)
{
    return (bytes + r->ss - 1) / r->ss * r->ss;
}

/* Bytes of data a record stores after its key. */
uint64_t mirage__ring_stored(const struct ring_hdr *h)
{
    if (h->type == RING_DEL ||
        (h->type == RING_SET && (h->flags & RING_F_ZERO)))
        return 0;
    return h->dlen;
}

/*
 *  0 u32 magic     4 u8 type     5 u8 flags    6 u16 klen
 *  8 u64 dlen     16 u64 lsn    24 i64 mtime.sec
 * 32 u32 mtime.nsec             36 u32 crc32c of the stored data
 * 40 u64 nonce    48 u32 zero   52 u32 crc32c of bytes 0..51 and the key
 */
void mirage__ring_hdr_encode(const struct kv_ring *r, const struct ring_hdr *h,
                             const char *key, unsigned char out[RING_HDR])
{
    ring_put32(out, RING_REC_MAGIC);
    out[4] = h->type;
    out[5] = h->flags;
    ring_put16(out + 6, h->klen);
    ring_put64(out + 8, h->dlen);
    ring_put64(out + 16, h->lsn);
    ring_put64(out + 24, (uint64_t)h->mtime.sec);
    ring_put32(out + 32, h->mtime.nsec);
    ring_put32(out + 36, h->dcrc);
    ring_put64(out + 40, r->nonce);
    ring_put32(out + 48, 0);
    ring_put32(out + 52, mirage__ring_crc32c(mirage__ring_crc32c(0, out, 52),
                                             key, h->klen));
}

/* Fills buf with bytes [off, off + n) of the record. */
static int build(const unsigned char *hdr, const char *key, size_t klen,
                 uint64_t stored, const struct ring_src *src, uint64_t off,
                 unsigned char *buf, size_t n)
{
    uint64_t kend = RING_HDR + klen, dend = kend + stored;

    memset(buf, 0, n);
    for (uint64_t i = off; i < off + n && i < kend;) {
        if (i < RING_HDR) {
            buf[i - off] = hdr[i];
            i++;
        } else {
            uint64_t m = kend - i < off + n - i ? kend - i : off + n - i;
            memcpy(buf + (i - off), key + (i - RING_HDR), m);
            i += m;
        }
    }
    if (stored > 0 && off + n > kend && off < dend) {
        uint64_t from = off > kend ? off : kend;
        uint64_t to = off + n < dend ? off + n : dend;
        return src->read(src->arg, from - kend, buf + (from - off),
                         (size_t)(to - from));
    }
    return 0;
}

/* Writes a record at h->lsn: every sector but the first, then the first,
 * which holds the header.  A header on disk thus means the whole record
 * reached the device before it. */
int mirage__ring_emit(struct kv_ring *r, const struct ring_hdr *h,
                      const char *key, const struct ring_src *src)
{
    uint64_t stored = mirage__ring_stored(h);
    uint64_t foot = mirage__ring_foot(r, RING_HDR + h->klen + stored);
    unsigned char hdr[RING_HDR];
    int err;

    mirage__ring_hdr_encode(r, h, key, hdr);
    for (uint64_t off = r->ss; off < foot;) {
        size_t n = foot - off < r->bufsz ? (size_t)(foot - off) : r->bufsz;
        err = build(hdr, key, h->klen, stored, src, off, r->buf, n);
        if (err == 0)
            err = mirage__ring_write(r, h->lsn + off, r->buf, n);
        if (err < 0)
            return err;
        off += n;
    }
    err = build(hdr, key, h->klen, stored, src, 0, r->buf, r->ss);
    return err < 0 ? err : mirage__ring_write(r, h->lsn, r->buf, r->ss);
}

/* Decodes the fixed part of a header; false if it cannot be one of ours at
 * lsn. */
static bool hdr_decode(const struct kv_ring *r, const unsigned char *p,
                       uint64_t lsn, struct ring_hdr *h)
{
    if (ring_get32(p) != RING_REC_MAGIC || ring_get64(p + 40) != r->nonce ||
        ring_get64(p + 16) != lsn || ring_get32(p + 48) != 0)
        return false;
    h->type = p[4];
    h->flags = p[5];
    h->klen = ring_get16(p + 6);
    h->dlen = ring_get64(p + 8);
    h->lsn = lsn;
    h->mtime.sec = (int64_t)ring_get64(p + 24);
    h->mtime.nsec = ring_get32(p + 32);
    h->dcrc = ring_get32(p + 36);
    if (h->klen == 0 || h->klen > MIRAGE_KV_KEY_MAX ||
        h->mtime.nsec >= 1000000000u)
        return false;
    switch (h->type) {
    case RING_SET:
        return (h->flags & ~RING_F_ZERO) == 0 &&
               ((h->flags & RING_F_ZERO) ? h->dlen <= INT64_MAX
                                         : h->dlen <= r->cap);
    case RING_DEL:
        return h->flags == 0 && h->dlen == 0;
    case RING_RENAME:
        return h->flags == 0 && h->dlen >= 1 && h->dlen <= MIRAGE_KV_KEY_MAX;
    default:
        return false;
    }
}

int mirage__ring_load_hdr(struct kv_ring *r, uint64_t lsn, uint64_t limit,
                          struct ring_hdr *h, char *key)
{
    char canon[MIRAGE_KV_KEY_MAX + 1];
    uint64_t foot;
    size_t first;
    uint32_t crc;
    int err = mirage__ring_read(r, lsn, r->buf, r->ss);

    if (err < 0)
        return err;
    if (!hdr_decode(r, r->buf, lsn, h))
        return 0;
    foot = mirage__ring_foot(r, RING_HDR + h->klen + mirage__ring_stored(h));
    if (foot > r->cap || lsn + foot > limit)
        return 0;
    crc = mirage__ring_crc32c(0, r->buf, 52);
    first = r->ss - RING_HDR < h->klen ? r->ss - RING_HDR : h->klen;
    memcpy(key, r->buf + RING_HDR, first);
    if (first < h->klen) {
        err = mirage__ring_read_bytes(r, lsn + r->ss, key + first,
                                      h->klen - first);
        if (err < 0)
            return err;
    }
    key[h->klen] = '\0';
    crc = mirage__ring_crc32c(crc, key, h->klen);
    if (ring_get32(r->buf + 52) != crc)
        return 0;
    /* The key must be canonical: a NUL inside it, or "..", is damage. */
    if (strlen(key) != h->klen || mirage_kv_key_normalize(key, canon) < 0 ||
        strcmp(canon, key) != 0)
        return 0;
    return 1;
}

/* CRC-32C of len bytes of log from pos. */
int mirage__ring_data_crc(struct kv_ring *r, uint64_t pos, uint64_t len,
                          uint32_t *crc)
{
    *crc = 0;
    while (len > 0) {
        size_t n = len < r->bufsz ? (size_t)len : r->bufsz;
        int err = mirage__ring_read_bytes(r, pos, r->buf, n);
        if (err < 0)
            return err;
        *crc = mirage__ring_crc32c(*crc, r->buf, n);
        pos += n, len -= n;
    }
    return 0;
}
