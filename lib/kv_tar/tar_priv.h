/* SPDX-License-Identifier: ISC */
/* kv_tar internals: header decoding and the scanned archive. */
#ifndef MIRAGE_KV_TAR_PRIV_H
#define MIRAGE_KV_TAR_PRIV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <mirage/block.h>
#include <mirage/kv.h>

#include "kv_index.h"

#define TAR_BLOCK 512
#define TAR_META_MAX (1u << 20) /* largest pax or GNU long-name payload */

/* What extended headers (pax 'x'/'g', GNU 'L') say about the next entry. */
struct tar_meta {
    char *path;
    bool has_size, has_mtime;
    uint64_t size;
    struct mirage_ptime mtime;
};

/* A header block, decoded but not yet interpreted. */
struct tar_hdr {
    char type;
    uint64_t size;
    struct mirage_ptime mtime;
    char name[256 + 1]; /* prefix "/" name, or name */
};

/* A value's place in the archive (the payload of value nodes), or a
 * directory's time (dictionary nodes). */
struct tar_entry {
    uint64_t off, size;
    struct mirage_ptime mtime;
};

struct kv_tar {
    struct mirage_kv_ro ro;
    struct mirage_block *blk;
    uint64_t devsize;
    struct mirage__kv_index ix;
    struct mirage__kv_index refused; /* links, devices...: -ENOTSUP */
    struct mirage_kv_tar_stats st;
};

#define KV_TAR(kv) ((struct kv_tar *)(void *)(kv))

/* tar_hdr.c */
int mirage__tar_decode(const unsigned char *blk, struct tar_hdr *h);
bool mirage__tar_zero(const unsigned char *blk);
int mirage__tar_pax(const char *data, size_t len, struct tar_meta *m);
void mirage__tar_meta_clear(struct tar_meta *m);

/* tar_scan.c */
struct mirage_log_src;
extern struct mirage_log_src mirage__tar_log;
int mirage__tar_scan(struct kv_tar *t);

#endif
