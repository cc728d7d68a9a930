/* SPDX-License-Identifier: ISC */
/* Crash-test writer: a unikernel that writes to a kv_ring store on a disk
 * image without end, logging each operation before it starts ("T ...")
 * and after it is acknowledged ("A") or refused ("F"), until killed. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <mirage.h>
#include <mirage/block.h>
#include <mirage/kv.h>

#include "kv_priv.h"

static struct mirage_key k_image = {
    .name = "image", .doc = "disk image", .type = MIRAGE_KEY_STRING};
static struct mirage_key k_seed = {.name = "seed",
                                   .doc = "random seed",
                                   .type = MIRAGE_KEY_INT64,
                                   .default_text = "1"};
static struct mirage_key k_count = {.name = "count",
                                    .doc = "operations (0: no end)",
                                    .type = MIRAGE_KEY_INT64,
                                    .default_text = "0"};
static struct mirage_key *const keys[] = {&k_image, &k_seed, &k_count};

static uint64_t rng;

static uint64_t rnd(uint64_t bound)
{
    rng ^= rng << 13, rng ^= rng >> 7, rng ^= rng << 17;
    return (rng >> 7) % bound;
}

static void key_name(char *out, size_t n)
{
    uint64_t k = rnd(48);

    if (k < 32)
        snprintf(out, n, "/k%02u", (unsigned)k);
    else
        snprintf(out, n, "/d%u/k%02u", (unsigned)(k % 4), (unsigned)k);
}

static size_t value_len(void)
{
    uint64_t r = rnd(1000);

    if (r < 700)
        return rnd(600);
    if (r < 990)
        return 600 + rnd(12000);
    return 40000 + rnd(60000);
}

static void hex(const uint8_t *d, char *out)
{
    for (int i = 0; i < 32; i++)
        snprintf(out + 2 * i, 3, "%02x", d[i]);
}

static int one_op(struct mirage_kv_rw *kv, unsigned char *buf)
{
    char k1[32], k2[32], h[65];
    uint64_t op = rnd(100);
    int err;

    key_name(k1, sizeof k1);
    if (op < 88) {
        size_t len = value_len();
        uint8_t d[32];
        for (size_t i = 0; i < len; i++)
            buf[i] = (unsigned char)rnd(256);
        mirage__kv_sha256(buf, len, d);
        hex(d, h);
        printf("T set %s %zu %s\n", k1, len, h);
        fflush(stdout);
        err = mirage_kv_set(kv, k1, buf, len);
    } else if (op < 96) {
        printf("T del %s\n", k1);
        fflush(stdout);
        err = mirage_kv_remove(kv, k1);
    } else {
        key_name(k2, sizeof k2);
        printf("T ren %s %s\n", k1, k2);
        fflush(stdout);
        err = mirage_kv_rename(kv, k1, k2);
    }
    if (err == 0)
        printf("A\n");
    else
        printf("F %d\n", err);
    fflush(stdout);
    return err;
}

static int start(void)
{
    struct mirage_block *b;
    struct mirage_kv_rw *kv;
    unsigned char *buf = malloc(128 * 1024);
    int64_t count = k_count.value.scalar.i;
    int err;

    rng = 0x9e3779b97f4a7c15ull ^ (uint64_t)k_seed.value.scalar.i * 7919;
    err = mirage_block_connect(k_image.value.scalar.s, &b);
    if (err == 0)
        err = mirage_kv_ring_connect(b, MIRAGE_KV_RING_FORMAT_IF_BLANK, &kv);
    if (err < 0) {
        fprintf(stderr, "kv_writer: %s\n", mirage_kv_strerror(err));
        return 1;
    }
    for (int64_t i = 0; count == 0 || i < count; i++) {
        err = one_op(kv, buf);
        if (err < 0 && err != -ENOSPC && err != -EISDIR && err != -ENOTDIR &&
            err != -ENOENT && err != -EINVAL)
            return 2;
    }
    mirage_kv_disconnect(mirage_kv_rw_ro(kv));
    mirage_block_disconnect(b);
    free(buf);
    return 0;
}

int mirage_app_main(int argc, char **argv)
{
    static const struct mirage_app app = {
        .name = "kv_writer", .keys = keys, .nkeys = 3, .start = start};

    return mirage_main(&app, argc, argv);
}
