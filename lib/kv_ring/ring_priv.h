/* SPDX-License-Identifier: ISC */
/* kv_ring internals: the on-disk format and the in-memory state. */
#ifndef MIRAGE_KV_RING_PRIV_H
#define MIRAGE_KV_RING_PRIV_H

/*
 * The device holds two superblock slots (sectors 0 and 1) and a ring of
 * records (sector 2 to the end).  Records are appended at the head of an
 * endless log; log position (lsn, in bytes) p lives at ring byte p mod cap.
 * Every record carries its lsn and the store's nonce and is covered by a
 * CRC-32C, so a stale record from an earlier lap or another store never
 * passes for a current one.  The superblock names the tail: the oldest
 * record mount must replay.  docs/storage.md describes the format and why
 * it survives a crash at any moment.
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <mirage/block.h>
#include <mirage/kv.h>

#include "kv_index.h"

#define RING_SB_MAGIC "MIRKVRNG"
#define RING_VERSION 1u
#define RING_SB_LEN 56

#define RING_REC_MAGIC 0x3152564bu /* "KVR1" little-endian */
#define RING_HDR 56
#define RING_SET 1
#define RING_DEL 2
#define RING_RENAME 3
#define RING_F_ZERO 1 /* SET: a value of zeros, nothing stored */

#define RING_CHUNK (64 * 1024)
#define RING_MIN_SECTORS 64
#define RING_SCAN_MAX (8u << 20) /* damage search past the end at mount */

/* One record header, decoded. */
struct ring_hdr {
    uint8_t type, flags;
    uint16_t klen;
    uint64_t dlen;
    uint64_t lsn;
    struct mirage_ptime mtime;
    uint32_t dcrc;
};

/* The payload of an index node: where a value's record is. */
struct ring_entry {
    struct mirage__kv_node *node;
    struct ring_entry *prev, *next; /* all entries, by lsn */
    uint64_t lsn;
    uint64_t foot_disk; /* bytes the record takes in the ring */
    uint64_t foot;      /* bytes it may take when rewritten (>= foot_disk) */
    uint64_t doff;      /* offset of the value in the record */
    uint64_t dlen;
    struct mirage_ptime mtime;
    uint32_t dcrc;
    uint8_t flags;
};

struct kv_ring {
    struct mirage_kv_rw rw;
    struct mirage_block *blk;
    uint32_t ss;  /* sector size */
    uint64_t cap; /* ring bytes */
    uint64_t nonce;
    uint64_t sb_seq;  /* sequence of the newest superblock written */
    uint64_t sb_tail; /* the tail the superblocks on disk name */
    uint64_t head;    /* lsn of the next record */
    struct ring_entry *oldest, *newest;
    uint64_t live;     /* sum of foot over entries */
    uint64_t debt;     /* sum of foot - foot_disk: growth from renames */
    uint64_t max_foot; /* >= every entry's foot */
    uint64_t slack;    /* room kept free for removals */
    struct mirage__kv_index ix;
    unsigned char *buf; /* bounce buffer of bufsz bytes */
    size_t bufsz;       /* RING_CHUNK, or a sector if larger */
    struct mirage_kv_ring_stats st;
};

#define KV_RING(kv) ((struct kv_ring *)(void *)(kv))

/* Little-endian accessors. */
static inline void ring_put16(unsigned char *p, uint16_t v)
{
    p[0] = (unsigned char)v, p[1] = (unsigned char)(v >> 8);
}
static inline void ring_put32(unsigned char *p, uint32_t v)
{
    for (int i = 0; i < 4; i++)
        p[i] = (unsigned char)(v >> 8 * i);
}
static inline void ring_put64(unsigned char *p, uint64_t v)
{
    for (int i = 0; i < 8; i++)
        p[i] = (unsigned char)(v >> 8 * i);
}
static inline uint16_t ring_get16(const unsigned char *p)
{
    return (uint16_t)(p[0] | p[1] << 8);
}
static inline uint32_t ring_get32(const unsigned char *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
           (uint32_t)p[3] << 24;
}
static inline uint64_t ring_get64(const unsigned char *p)
{
    return (uint64_t)ring_get32(p) | (uint64_t)ring_get32(p + 4) << 32;
}

/* ring_crc.c */
uint32_t mirage__ring_crc32c(uint32_t crc, const void *data, size_t len);

/* ring_io.c: the ring and superblocks on the device. */
int mirage__ring_read(struct kv_ring *r, uint64_t lsn, void *buf, size_t len);
int mirage__ring_read_bytes(struct kv_ring *r, uint64_t pos, void *buf,
                            size_t len);
int mirage__ring_write(struct kv_ring *r, uint64_t lsn, const void *buf,
                       size_t len);
int mirage__ring_sb_write(struct kv_ring *r, uint64_t tail);
int mirage__ring_sb_load(struct kv_ring *r);

/* ring_record.c: encoding, writing and checking records. */
uint64_t mirage__ring_foot(const struct kv_ring *r, uint64_t bytes);
uint64_t mirage__ring_stored(const struct ring_hdr *h);
void mirage__ring_hdr_encode(const struct kv_ring *r, const struct ring_hdr *h,
                             const char *key, unsigned char out[RING_HDR]);
/* Where a record's data comes from while it is written. */
struct ring_src {
    int (*read)(void *arg, uint64_t off, void *dst, size_t n);
    void *arg;
};
int mirage__ring_emit(struct kv_ring *r, const struct ring_hdr *h,
                      const char *key, const struct ring_src *src);
/* Reads and checks the record at lsn: 1 with *h and key filled in, 0 if
 * there is no valid record there, or an I/O error. */
int mirage__ring_load_hdr(struct kv_ring *r, uint64_t lsn, uint64_t limit,
                          struct ring_hdr *h, char *key);
int mirage__ring_data_crc(struct kv_ring *r, uint64_t pos, uint64_t len,
                          uint32_t *crc);

/* ring_space.c: admission, the cleaner and the lsn list. */
static inline uint64_t mirage__ring_tail(const struct kv_ring *r)
{
    return r->oldest ? r->oldest->lsn : r->head;
}
void mirage__ring_list_push(struct kv_ring *r, struct ring_entry *e);
void mirage__ring_list_unlink(struct kv_ring *r, struct ring_entry *e);
void mirage__ring_drop(void *val, void *arg);
int mirage__ring_admit(struct kv_ring *r, uint64_t foot, uint64_t new_max,
                       uint64_t extra, bool slack);
void mirage__ring_entry_refoot(struct kv_ring *r, struct ring_entry *e);
int mirage__ring_append(struct kv_ring *r, const struct ring_hdr *h,
                        const char *key, const struct ring_src *src);

/* ring_ops.c */
extern const struct mirage_kv_ops mirage__ring_ops;

/* ring_mount.c */
struct mirage_log_src;
extern struct mirage_log_src mirage__ring_log;
int mirage__ring_replay(struct kv_ring *r);
int mirage__ring_apply(struct kv_ring *r, const struct ring_hdr *h,
                       const char *key, const char *target);
void mirage__ring_entry_set(struct kv_ring *r, struct ring_entry *e,
                            const struct ring_hdr *h, size_t disk_klen);

#endif
