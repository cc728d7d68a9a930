/* SPDX-License-Identifier: ISC */
/* kv_ring crash points: a workload is cut at every single device write in
 * turn, in four ways, and the store mounted after each cut must hold every
 * acknowledged operation and nothing half-done. */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "kv_suite.h"

#define DISK (512 * 1024)
#define NOPS 250

/* A block device that dies at its n-th write. */
struct crashdev {
    struct mirage_block dev;
    struct mirage_block *under;
    long writes, crash_at;
    int mode; /* 0 nothing, 1 a prefix, 2 all, 3 a random subset lands */
    int dead;
    uint64_t rng;
};

static void cd_info(struct mirage_block *b, struct mirage_block_info *out)
{
    mirage_block_get_info(((struct crashdev *)(void *)b)->under, out);
}

static int cd_read(struct mirage_block *b, uint64_t start, void *buf,
                   size_t len)
{
    struct crashdev *c = (struct crashdev *)(void *)b;

    return c->dead ? -EIO : mirage_block_read(c->under, start, buf, len);
}

static int cd_write(struct mirage_block *b, uint64_t start, const void *buf,
                    size_t len)
{
    struct crashdev *c = (struct crashdev *)(void *)b;
    size_t sectors = len / 512;

    if (c->dead)
        return -EIO;
    if (++c->writes != c->crash_at)
        return mirage_block_write(c->under, start, buf, len);
    c->dead = 1;
    for (size_t i = 0; i < sectors; i++) {
        int lands;
        c->rng ^= c->rng << 13, c->rng ^= c->rng >> 7, c->rng ^= c->rng << 17;
        lands = c->mode == 2 || (c->mode == 1 && i < c->rng % (sectors + 1)) ||
                (c->mode == 3 && (c->rng & 1));
        if (lands)
            mirage_block_write(c->under, start + i, (const char *)buf + i * 512,
                               512);
    }
    return -EIO;
}

static const struct mirage_block_ops cd_ops = {cd_info, cd_read, cd_write,
                                               NULL};

/* The workload: the same every run. */
struct op {
    int kind; /* 0 set, 1 remove, 2 rename, 3 set_partial, 4 allocate */
    char k1[16], k2[16];
    size_t len, off;
    unsigned char fill;
};
static struct op ops[NOPS];
static int ref_result[NOPS];

static void make_ops(void)
{
    static const char *const keys[] = {"/a",     "/b", "/c/x", "/c/y", "/c/z",
                                       "/d/e/f", "/g", "/h/i", "/c",   "/h"};
    uint64_t x = 0x1234567887654321ull;

    for (int i = 0; i < NOPS; i++) {
        x ^= x << 13, x ^= x >> 7, x ^= x << 17;
        ops[i].kind = x % 10 < 6 ? 0 : (int)(x % 10 - 5);
        strcpy(ops[i].k1, keys[(x >> 8) % 10]);
        strcpy(ops[i].k2, keys[(x >> 16) % 10]);
        ops[i].len =
            (x >> 24) % 100 < 8 ? 70000 + (x >> 32) % 5000 : (x >> 24) % 2500;
        ops[i].off = (x >> 40) % 3000;
        ops[i].fill = (unsigned char)('A' + i % 26);
    }
}

static int do_op(struct mirage_kv_rw *kv, const struct op *o)
{
    unsigned char *v = malloc(o->len + 1);
    struct mirage_ptime t = {1700000000, 5};
    int err;

    memset(v, o->fill, o->len);
    switch (o->kind) {
    case 0:
        err = mirage_kv_set(kv, o->k1, v, o->len);
        break;
    case 1:
        err = mirage_kv_remove(kv, o->k1);
        break;
    case 2:
        err = mirage_kv_rename(kv, o->k1, o->k2);
        break;
    case 3:
        err = mirage_kv_set_partial(kv, o->k1, o->off, v, o->len % 900);
        break;
    default:
        err = mirage_kv_allocate(kv, o->k1, &t, o->len);
        break;
    }
    free(v);
    return err;
}

/* kv_mem after the first n operations (those that succeeded). */
static struct mirage_kv_rw *model(int n)
{
    struct mirage_kv_rw *m;

    mirage_kv_mem_connect(&m);
    for (int i = 0; i < n; i++)
        if (ref_result[i] == 0)
            CHECK_INT_EQ(do_op(m, &ops[i]), 0);
    return m;
}

/* Runs the workload on a device cut at write crash_at (0: never); returns
 * the count of operations acknowledged and the writes made. */
static int run(struct mirage_block *disk, long crash_at, int mode, long *writes)
{
    struct crashdev cd = {{&cd_ops},
                          disk,
                          0,
                          crash_at,
                          mode,
                          0,
                          (uint64_t)crash_at * 2654435761u + 1};
    struct mirage_kv_rw *kv;
    int n = 0;

    CHECK_INT_EQ(mirage_kv_ring_format(disk), 0);
    CHECK_INT_EQ(mirage_kv_ring_connect(&cd.dev, 0, &kv), 0);
    for (; n < NOPS; n++) {
        int err = do_op(kv, &ops[n]);
        if (crash_at == 0)
            ref_result[n] = err;
        else if (cd.dead)
            break;
        else
            CHECK_INT_EQ(err, ref_result[n]);
    }
    mirage_kv_disconnect(mirage_kv_rw_ro(kv));
    *writes = cd.writes;
    return n;
}

static int check_point(struct mirage_block *disk, long at, int mode)
{
    long writes;
    int acked = run(disk, at, mode, &writes), ok;
    struct mirage_kv_rw *kv, *before, *after;

    if (mirage_kv_ring_connect(disk, 0, &kv) != 0) {
        fprintf(stderr, "crash at write %ld mode %d: no mount\n", at, mode);
        return 0;
    }
    before = model(acked);
    after = model(acked < NOPS ? acked + 1 : acked);
    kv_suite_quiet = 1;
    ok =
        kv_suite_same_tree(mirage_kv_rw_ro(kv), mirage_kv_rw_ro(before), "/") ||
        kv_suite_same_tree(mirage_kv_rw_ro(kv), mirage_kv_rw_ro(after), "/");
    kv_suite_quiet = 0;
    if (!ok)
        fprintf(stderr, "crash at write %ld mode %d (op %d): wrong state\n", at,
                mode, acked);
    /* The recovered store takes new writes and keeps them. */
    ok &= mirage_kv_set(kv, "/post", "crash", 5) == 0;
    mirage_kv_disconnect(mirage_kv_rw_ro(kv));
    ok &= mirage_kv_ring_connect(disk, 0, &kv) == 0;
    if (ok) {
        ok &= mirage_kv_size(mirage_kv_rw_ro(kv), "/post") == 5;
        mirage_kv_disconnect(mirage_kv_rw_ro(kv));
    }
    mirage_kv_disconnect(mirage_kv_rw_ro(before));
    mirage_kv_disconnect(mirage_kv_rw_ro(after));
    return ok;
}

int main(void)
{
    struct mirage_block *disk;
    long total, points = 0, good = 0;
    int ok_ops = 0;

    make_ops();
    CHECK_INT_EQ(mirage_block_ramdisk_connect("crash", DISK, &disk), 0);
    run(disk, 0, 0, &total);
    for (int i = 0; i < NOPS; i++)
        ok_ops += ref_result[i] == 0;
    fprintf(stderr, "workload: %d ops (%d succeed), %ld device writes\n", NOPS,
            ok_ops, total);
    CHECK(total > 200);
    for (long at = 1; at <= total; at++)
        for (int mode = 0; mode < 4; mode++) {
            points++;
            good += check_point(disk, at, mode);
        }
    fprintf(stderr, "%ld of %ld crash points recovered correctly\n", good,
            points);
    CHECK_INT_EQ(good, points);
    mirage_block_disconnect(disk);
    CHECK_DONE();
}
