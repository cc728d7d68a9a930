/* SPDX-License-Identifier: ISC */
/* kv_ring against the KV behaviour suite, plus its own failure cases. */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "kv_suite.h"

struct ring_ctx {
    const char *disk;
    uint64_t size;
    struct mirage_block *blk;
};

static struct mirage_kv_rw *ring_open(void *arg)
{
    struct ring_ctx *c = arg;
    struct mirage_kv_rw *kv = NULL;

    if (mirage_block_ramdisk_connect(c->disk, c->size, &c->blk) < 0)
        return NULL;
    /* A fresh ramdisk is all zeros: FORMAT_IF_BLANK formats it. */
    if (mirage_kv_ring_connect(c->blk, MIRAGE_KV_RING_FORMAT_IF_BLANK, &kv) <
        0) {
        mirage_block_disconnect(c->blk);
        return NULL;
    }
    return kv;
}

static struct mirage_kv_rw *ring_reopen(void *arg, struct mirage_kv_rw *kv)
{
    struct ring_ctx *c = arg;
    int err;

    mirage_kv_disconnect(mirage_kv_rw_ro(kv));
    err = mirage_kv_ring_connect(c->blk, 0, &kv);
    CHECK_INT_EQ(err, 0);
    return err == 0 ? kv : NULL;
}

static void ring_close(void *arg, struct mirage_kv_rw *kv)
{
    struct ring_ctx *c = arg;

    mirage_kv_disconnect(mirage_kv_rw_ro(kv));
    mirage_block_disconnect(c->blk); /* the last user: the ramdisk goes */
}

/* Fill a small store until it is full; removals must still work, and
 * what was stored must survive a remount. */
static void test_full(void)
{
    struct ring_ctx c = {"full", 64 * 1024, NULL};
    struct mirage_kv_rw *kv = ring_open(&c);
    struct mirage_kv_ring_stats st;
    char key[32], val[700];
    int i, err = 0;

    CHECK(kv != NULL);
    memset(val, 'v', sizeof val);
    for (i = 0; i < 1000 && err == 0; i++) {
        snprintf(key, sizeof key, "/k%d", i);
        err = mirage_kv_set(kv, key, val, sizeof val);
    }
    CHECK_INT_EQ(err, -ENOSPC);
    CHECK(i > 20);
    CHECK_INT_EQ(mirage_kv_remove(kv, "/k0"), 0);
    CHECK_INT_EQ(mirage_kv_remove(kv, "/k1"), 0);
    CHECK_INT_EQ(mirage_kv_set(kv, "/again", val, sizeof val), 0);
    /* Overwriting in a full store keeps working: the cleaner recycles. */
    for (int j = 0; j < 200; j++)
        CHECK_INT_EQ(mirage_kv_set(kv, "/k5", val, (size_t)(j % 600)), 0);
    CHECK_INT_EQ(mirage_kv_ring_stats(kv, &st), 0);
    CHECK(st.cleaned > 0);
    CHECK(st.superblocks > 0);
    kv = ring_reopen(&c, kv);
    CHECK_INT_EQ(mirage_kv_size(mirage_kv_rw_ro(kv), "/k5"), 199 % 600);
    CHECK_INT_EQ(mirage_kv_size(mirage_kv_rw_ro(kv), "/again"), sizeof val);
    CHECK_INT_EQ(mirage_kv_exists(mirage_kv_rw_ro(kv), "/k0"), 0);
    snprintf(key, sizeof key, "/k%d", i - 2);
    CHECK_INT_EQ(mirage_kv_size(mirage_kv_rw_ro(kv), key), sizeof val);
    ring_close(&c, kv);
}

/* A value bigger than the store is refused and changes nothing. */
static void test_too_big(void)
{
    struct ring_ctx c = {"toobig", 64 * 1024, NULL};
    struct mirage_kv_rw *kv = ring_open(&c);
    size_t n = 100 * 1024;
    char *big = calloc(1, n);

    CHECK_INT_EQ(mirage_kv_set(kv, "/a", "x", 1), 0);
    CHECK_INT_EQ(mirage_kv_set(kv, "/big", big, n), -ENOSPC);
    CHECK_INT_EQ(mirage_kv_set(kv, "/big", big, 40 * 1024), -ENOSPC);
    CHECK_INT_EQ(mirage_kv_exists(mirage_kv_rw_ro(kv), "/big"), 0);
    CHECK_INT_EQ(mirage_kv_size(mirage_kv_rw_ro(kv), "/a"), 1);
    free(big);
    ring_close(&c, kv);
}

/* Mounting a device that holds no store fails cleanly unless asked to
 * format a blank one; garbage is never formatted over. */
static void test_unformatted(void)
{
    struct mirage_block *b;
    struct mirage_kv_rw *kv;
    char junk[512];

    CHECK_INT_EQ(mirage_block_ramdisk_connect("unf", 256 * 1024, &b), 0);
    CHECK_INT_EQ(mirage_kv_ring_connect(b, 0, &kv), -EUCLEAN);
    memset(junk, 0x5a, sizeof junk);
    CHECK_INT_EQ(mirage_block_write(b, 1, junk, sizeof junk), 0);
    CHECK_INT_EQ(mirage_kv_ring_connect(b, MIRAGE_KV_RING_FORMAT_IF_BLANK, &kv),
                 -EUCLEAN);
    CHECK_INT_EQ(mirage_kv_ring_format(b), 0);
    CHECK_INT_EQ(mirage_kv_ring_connect(b, 0, &kv), 0);
    mirage_kv_disconnect(mirage_kv_rw_ro(kv));
    mirage_block_disconnect(b);
    CHECK_INT_EQ(mirage_block_ramdisk_connect("tiny", 8 * 512, &b), 0);
    CHECK_INT_EQ(mirage_kv_ring_format(b), -ENOSPC);
    mirage_block_disconnect(b);
}

/* The last record's data is checked at mount: a write whose header landed
 * but whose data did not (a device that reordered them) is dropped, and
 * the value it replaced comes back. */
static void test_torn_last(void)
{
    struct ring_ctx c = {"torn", 256 * 1024, NULL};
    struct mirage_kv_rw *kv = ring_open(&c);
    struct mirage_kv_ring_stats st;
    char v1[3000], v2[3000], sector[512];
    void *got = NULL;
    size_t len = 0;

    memset(v1, '1', sizeof v1);
    memset(v2, '2', sizeof v2);
    CHECK_INT_EQ(mirage_kv_set(kv, "/k", v1, sizeof v1), 0);
    CHECK_INT_EQ(mirage_kv_set(kv, "/k", v2, sizeof v2), 0);
    /* The second record starts at ring sector 6 (device sector 8); spoil
     * its third sector as if that write never happened. */
    CHECK_INT_EQ(mirage_block_read(c.blk, 10, sector, 512), 0);
    CHECK(sector[100] == '2');
    memset(sector, 0, sizeof sector);
    CHECK_INT_EQ(mirage_block_write(c.blk, 10, sector, 512), 0);
    kv = ring_reopen(&c, kv);
    CHECK_INT_EQ(mirage_kv_get(mirage_kv_rw_ro(kv), "/k", &got, &len), 0);
    CHECK(len == sizeof v1 && memcmp(got, v1, len) == 0);
    free(got);
    CHECK_INT_EQ(mirage_kv_ring_stats(kv, &st), 0);
    CHECK_INT_EQ(st.dropped_torn, 1);
    /* The store goes on from there. */
    CHECK_INT_EQ(mirage_kv_set(kv, "/k2", "after", 5), 0);
    kv = ring_reopen(&c, kv);
    CHECK_INT_EQ(mirage_kv_size(mirage_kv_rw_ro(kv), "/k2"), 5);
    CHECK_INT_EQ(mirage_kv_size(mirage_kv_rw_ro(kv), "/k"), sizeof v1);
    ring_close(&c, kv);
}

/* Damage anywhere in the image: mount refuses it or serves what it can;
 * no crash, and no value that fails its checksum is returned. */
static void test_corruption(void)
{
    enum { SIZE = 1 << 20 };
    struct ring_ctx c = {"corrupt", SIZE, NULL};
    struct mirage_kv_rw *kv = ring_open(&c);
    unsigned char *pristine = malloc(SIZE), sector[512];
    struct mirage_kv_ring_stats st;
    uint64_t x = 88172645463325252ull, used;
    int mounted = 0;

    kv_fixture_fill(kv);
    CHECK_INT_EQ(mirage_kv_ring_stats(kv, &st), 0);
    used = st.used + 2 * 512; /* damage the superblocks and the records */
    mirage_kv_disconnect(mirage_kv_rw_ro(kv));
    CHECK_INT_EQ(mirage_block_read(c.blk, 0, pristine, SIZE), 0);
    for (int round = 0; round < 300; round++) {
        CHECK_INT_EQ(mirage_block_write(c.blk, 0, pristine, SIZE), 0);
        for (int f = 0; f < 1 + round % 8; f++) {
            uint64_t at;
            x ^= x << 13, x ^= x >> 7, x ^= x << 17;
            at = x % used;
            mirage_block_read(c.blk, at / 512, sector, 512);
            sector[at % 512] ^= (unsigned char)(1u << (x >> 60 & 7));
            mirage_block_write(c.blk, at / 512, sector, 512);
        }
        if (mirage_kv_ring_connect(c.blk, 0, &kv) == 0) {
            struct mirage_kv_list l;
            mounted++;
            /* Read everything: values either match or fail with -EIO. */
            if (mirage_kv_list(mirage_kv_rw_ro(kv), "/", &l) == 0)
                mirage_kv_list_free(&l);
            for (size_t i = 0; i < kv_fixture_count; i++) {
                void *v = NULL;
                size_t len;
                unsigned char *want = malloc(kv_fixture[i].len + 1);
                int err = mirage_kv_get(mirage_kv_rw_ro(kv), kv_fixture[i].key,
                                        &v, &len);
                kv_fixture_content(i, want);
                /* The value is there, or its data fails its checksum;
                 * damage to the last record's data looks like a torn
                 * write, which mount drops. */
                bool last = i == kv_fixture_count - 1;
                if (err != 0 && err != -EIO && !(last && err == -ENOENT))
                    fprintf(stderr, "%s: %d\n", kv_fixture[i].key, err);
                CHECK(err == 0 || err == -EIO || (last && err == -ENOENT));
                if (err == 0)
                    CHECK(len == kv_fixture[i].len &&
                          memcmp(v, want, len) == 0);
                free(v);
                free(want);
            }
            mirage_kv_set(kv, "/after", "x", 1);
            mirage_kv_disconnect(mirage_kv_rw_ro(kv));
        }
    }
    CHECK(mounted > 0);
    fprintf(stderr, "corruption: %d of 300 damaged images mounted\n", mounted);
    free(pristine);
    mirage_block_disconnect(c.blk);
}

int main(void)
{
    struct ring_ctx c = {"suite", 16 << 20, NULL};
    struct ring_ctx m = {"model", 8 << 20, NULL};
    struct kv_suite_store s = {"ring", &c, ring_open, ring_reopen, ring_close};
    struct kv_suite_store sm = {"ring", &m, ring_open, ring_reopen, ring_close};

    kv_suite_rw(&s);
    kv_suite_model(&sm, 1, 3000);
    kv_suite_model(&sm, 2, 3000);
    RUN(test_full);
    RUN(test_too_big);
    RUN(test_unformatted);
    RUN(test_torn_last);
    RUN(test_corruption);
    CHECK_INT_EQ(kv_suite_failures(), 0);
    CHECK_DONE();
}
