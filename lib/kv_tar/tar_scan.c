/* SPDX-License-Identifier: ISC */
/* Reading an archive once at connect and indexing its entries. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <mirage/log.h>

#include "kv_priv.h"
#include "tar_priv.h"

MIRAGE_LOG_SRC(mirage__tar_log, "kv_tar", "tar archive KV store");

#define READAHEAD (64 * 1024)

/* Sequential reads of header blocks through a readahead window. */
struct reader {
    struct kv_tar *t;
    unsigned char *buf;
    uint64_t start, len;
};

static int block_at(struct reader *rd, uint64_t pos, const unsigned char **out)
{
    if (pos < rd->start || pos + TAR_BLOCK > rd->start + rd->len) {
        uint64_t n =
            rd->t->devsize - pos < READAHEAD ? rd->t->devsize - pos : READAHEAD;
        int err = mirage_block_read_bytes(rd->t->blk, pos, rd->buf, n);
        if (err < 0)
            return err;
        rd->start = pos;
        rd->len = n;
    }
    *out = rd->buf + (pos - rd->start);
    return 0;
}

/* Reads an extended header's payload (pax records, a GNU long name). */
static int read_meta(struct kv_tar *t, uint64_t off, uint64_t size, char **out)
{
    char *p;
    int err;

    if (size > TAR_META_MAX)
        return -EUCLEAN;
    p = malloc((size_t)size + 1);
    if (!p)
        return -ENOMEM;
    err = mirage_block_read_bytes(t->blk, off, p, (size_t)size);
    if (err < 0) {
        free(p);
        return err;
    }
    p[size] = '\0';
    *out = p;
    return 0;
}

static struct tar_entry *entry_new(uint64_t off, uint64_t size,
                                   const struct mirage_ptime *mtime)
{
    struct tar_entry *e = malloc(sizeof *e);

    if (e) {
        e->off = off;
        e->size = size;
        e->mtime = *mtime;
    }
    return e;
}

/* Adds (or, for a later copy of the same name, replaces) an entry. */
static int add(struct kv_tar *t, const char *key, enum mirage_kv_kind kind,
               uint64_t off, uint64_t size, const struct mirage_ptime *mtime)
{
    struct mirage__kv_node *n = mirage__kv_index_find(&t->ix, key);
    struct tar_entry *e;

    if (n && n->kind == kind) {
        e = n->val;
        e->off = off, e->size = size, e->mtime = *mtime;
        return 0;
    }
    if (kind == MIRAGE_KV_VALUE
            ? mirage__kv_index_check_set(&t->ix, key, NULL) < 0
            : n || mirage__kv_index_check_parents(&t->ix, key, NULL) < 0) {
        t->st.conflicts++;
        mirage_log_debug(&mirage__tar_log, "%s: conflicts with an entry", key);
        return 0;
    }
    e = entry_new(off, size, mtime);
    if (!e || !mirage__kv_index_insert(&t->ix, key, kind, e)) {
        free(e);
        return -ENOMEM;
    }
    t->st.entries++;
    return 0;
}

static int refuse(struct kv_tar *t, const char *key, char type)
{
    t->st.refused++;
    mirage_log_debug(&mirage__tar_log, "%s: %s refused", key,
                     type == '1'   ? "hard link"
                     : type == '2' ? "symbolic link"
                     : type == 'S' ? "sparse file"
                                   : "special file");
    if (mirage__kv_index_find(&t->refused, key))
        return 0;
    return mirage__kv_index_insert(&t->refused, key, MIRAGE_KV_VALUE, NULL)
               ? 0
               : -ENOMEM;
}

/* The key of an entry name: leading "./" and "/" go; ".." is refused. */
static int entry_key(const char *name, char *key)
{
    while (name[0] == '/' || (name[0] == '.' && name[1] == '/'))
        name += name[0] == '/' ? 1 : 2;
    if (strcmp(name, ".") == 0)
        name = "";
    return mirage_kv_key_normalize(name, key);
}

/* One real entry (not an extended header). */
static int entry(struct kv_tar *t, const struct tar_hdr *h,
                 const struct tar_meta *m, const struct tar_meta *g,
                 uint64_t data, uint64_t size)
{
    const char *name = m->path ? m->path : h->name;
    size_t len = strlen(name);
    struct mirage_ptime mtime = m->has_mtime   ? m->mtime
                                : g->has_mtime ? g->mtime
                                               : h->mtime;
    char key[MIRAGE_KV_KEY_MAX + 1];

    if (len == 0 || entry_key(name, key) < 0) {
        t->st.bad_names++;
        mirage_log_debug(&mirage__tar_log, "entry with a bad name skipped");
        return 0;
    }
    if (mirage__kv_key_is_root(key))
        return 0; /* "./", the archive's own top directory */
    switch (h->type) {
    case '0':
    case '\0':
    case '7':
        if (name[len - 1] != '/') /* old tars mark directories so */
            return add(t, key, MIRAGE_KV_VALUE, data, size, &mtime);
        /* fall through */
    case '5':
    case 'D':
        return add(t, key, MIRAGE_KV_DICTIONARY, 0, 0, &mtime);
    case 'V':
        return 0; /* a volume label names no file */
    default:
        return refuse(t, key, h->type);
    }
}

/* An extended header: its payload describes the next entry (or all, 'g'). */
static int extended(struct kv_tar *t, const struct tar_hdr *h, uint64_t data,
                    struct tar_meta *m, struct tar_meta *g)
{
    char *p = NULL;
    int err;

    if (h->type == 'K')
        return 0; /* GNU long link name: links are refused anyway */
    err = read_meta(t, data, h->size, &p);
    if (err < 0)
        return err;
    if (h->type == 'L') {
        free(m->path);
        m->path = p; /* up to its first NUL */
        return 0;
    }
    err = mirage__tar_pax(p, (size_t)h->size, h->type == 'g' ? g : m);
    free(p);
    if (h->type == 'g') {
        free(g->path); /* a global path would name every file: ignored */
        g->path = NULL;
        g->has_size = false;
    }
    return err;
}

static bool is_extended(char type)
{
    return type == 'x' || type == 'g' || type == 'L' || type == 'K';
}

/* Decodes the header at pos and deals with it; *next is where the next
 * header starts.  1 at the end-of-archive block. */
static int step(struct kv_tar *t, struct reader *rd, uint64_t pos,
                struct tar_meta *m, struct tar_meta *g, uint64_t *next)
{
    const unsigned char *blk;
    struct tar_hdr h;
    uint64_t data = pos + TAR_BLOCK, size;
    int err;

    if (t->devsize - pos < TAR_BLOCK)
        return -EUCLEAN;
    err = block_at(rd, pos, &blk);
    if (err < 0)
        return err;
    if (mirage__tar_zero(blk))
        return 1;
    if (mirage__tar_decode(blk, &h) < 0) {
        mirage_log_debug(&mirage__tar_log, "bad header at %llu",
                         (unsigned long long)pos);
        return -EUCLEAN;
    }
    size = !is_extended(h.type) && m->has_size ? m->size : h.size;
    if (size > t->devsize - data) {
        mirage_log_debug(&mirage__tar_log, "entry at %llu runs past the end",
                         (unsigned long long)pos);
        return -EUCLEAN;
    }
    *next = data + (size + TAR_BLOCK - 1) / TAR_BLOCK * TAR_BLOCK;
    if (is_extended(h.type))
        return extended(t, &h, data, m, g);
    err = entry(t, &h, m, g, data, size);
    mirage__tar_meta_clear(m);
    return err;
}

int mirage__tar_scan(struct kv_tar *t)
{
    struct reader rd = {t, malloc(READAHEAD), 0, 0};
    struct tar_meta m = {0}, g = {0};
    uint64_t pos = 0, next = 0;
    int err = 0;

    if (!rd.buf)
        return -ENOMEM;
    while (pos < t->devsize) {
        err = step(t, &rd, pos, &m, &g, &next);
        if (err != 0)
            break;
        pos = next;
    }
    t->st.end_offset = pos;
    free(rd.buf);
    mirage__tar_meta_clear(&m);
    mirage__tar_meta_clear(&g);
    return err < 0 ? err : 0;
}
