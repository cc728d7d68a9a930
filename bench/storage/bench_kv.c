/* SPDX-License-Identifier: ISC */
/* KV get/set rates and latencies on each store; the stores on disk images
 * run next to Linux doing the same-sized reads and writes on the same
 * image file (the least I/O the operation could cost). */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <mirage/block.h>
#include <mirage/kv.h>

#include "bench_storage.h"

struct load {
    const char *name;
    size_t vlen, nkeys, ops;
};

static const struct load loads[] = {
    {"100 B", 100, 1000, 20000},
    {"1 MiB", 1 << 20, 8, 64},
};

static unsigned char *value;

static void key_of(char *k, size_t n, const struct load *w, size_t i)
{
    snprintf(k, n, "/%s/d%zu/k%zu", w->vlen > 1000 ? "large" : "small", i % 16,
             i);
}

static double sets(struct mirage_kv_rw *kv, const struct load *w, size_t ops,
                   const char *label)
{
    struct bench_lat l;
    char k[64], lab[96];

    bench_lat_init(&l, ops);
    for (size_t i = 0; i < ops; i++) {
        uint64_t t0;
        key_of(k, sizeof k, w, i % w->nkeys);
        value[0] = (unsigned char)i;
        t0 = bench_now();
        if (mirage_kv_set(kv, k, value, w->vlen) < 0) {
            fprintf(stderr, "%s: set failed\n", label);
            exit(1);
        }
        bench_lat_add(&l, bench_now() - t0);
    }
    snprintf(lab, sizeof lab, "%s set %s", label, w->name);
    return bench_lat_report(&l, lab, w->vlen);
}

static double gets(struct mirage_kv_ro *kv, const struct load *w, size_t ops,
                   const char *label)
{
    struct bench_lat l;
    char k[64], lab[96];

    bench_lat_init(&l, ops);
    for (size_t i = 0; i < ops; i++) {
        void *v;
        size_t len;
        uint64_t t0;
        key_of(k, sizeof k, w, (i * 7919) % w->nkeys);
        t0 = bench_now();
        if (mirage_kv_get(kv, k, &v, &len) < 0 || len != w->vlen) {
            fprintf(stderr, "%s: get %s failed\n", label, k);
            fflush(stderr);
            exit(1);
        }
        bench_lat_add(&l, bench_now() - t0);
        free(v);
    }
    snprintf(lab, sizeof lab, "%s get %s", label, w->name);
    return bench_lat_report(&l, lab, w->vlen);
}

/* Linux on the image file: each set one pwrite of the value (appending,
 * wrapping at the end), each get one pread of it. */
static void linux_peer(int fd, size_t filesize, const struct load *w,
                       double ours_set, double ours_get)
{
    struct bench_lat ls, lg;
    off_t *at = calloc(w->nkeys, sizeof *at);
    size_t head = 0, room = filesize / 4096 * 4096;
    char lab[96];

    bench_lat_init(&ls, w->ops);
    for (size_t i = 0; i < w->ops; i++) {
        uint64_t t0;
        if (head + w->vlen > room)
            head = 0;
        t0 = bench_now();
        if (pwrite(fd, value, w->vlen, (off_t)head) != (ssize_t)w->vlen)
            exit(1);
        bench_lat_add(&ls, bench_now() - t0);
        at[i % w->nkeys] = (off_t)head;
        head += (w->vlen + 511) / 512 * 512;
    }
    snprintf(lab, sizeof lab, "linux pwrite %s", w->name);
    printf("    ratio set %.2f\n",
           ours_set / bench_lat_report(&ls, lab, w->vlen));
    bench_lat_init(&lg, w->ops);
    for (size_t i = 0; i < w->ops; i++) {
        uint64_t t0 = bench_now();
        if (pread(fd, value, w->vlen, at[(i * 7919) % w->nkeys]) !=
            (ssize_t)w->vlen)
            exit(1);
        bench_lat_add(&lg, bench_now() - t0);
    }
    snprintf(lab, sizeof lab, "linux pread %s", w->name);
    printf("    ratio get %.2f\n",
           ours_get / bench_lat_report(&lg, lab, w->vlen));
    free(at);
}

static void bench_ring(const char *image)
{
    struct mirage_block *b;
    struct mirage_kv_rw *kv;
    struct mirage_kv_ring_stats st;
    double s[2], g[2];
    int fd = open(image, O_RDWR), err;
    uint64_t t0;

    printf("kv_ring on %s (%llu MiB), then Linux on the same file:\n", image,
           (unsigned long long)(lseek(fd, 0, SEEK_END) >> 20));
    if (fd < 0 || mirage_block_connect(image, &b) < 0 ||
        mirage_kv_ring_format(b) < 0 || mirage_kv_ring_connect(b, 0, &kv) < 0)
        exit(1);
    for (size_t i = 0; i < 2; i++) {
        s[i] = sets(kv, &loads[i], loads[i].ops, "ring");
        g[i] = gets(mirage_kv_rw_ro(kv), &loads[i], loads[i].ops, "ring");
    }
    mirage_kv_ring_stats(kv, &st);
    printf("  ring: %llu records moved by the cleaner, %llu superblock "
           "writes\n",
           (unsigned long long)st.cleaned, (unsigned long long)st.superblocks);
    mirage_kv_disconnect(mirage_kv_rw_ro(kv));
    /* Mount time with the store as the benchmark left it. */
    t0 = bench_now();
    err = mirage_kv_ring_connect(b, 0, &kv);
    printf("  ring: mount (replay of %llu keys) %.1f ms%s\n",
           (unsigned long long)st.keys, (double)(bench_now() - t0) / 1e6,
           err < 0 ? " FAILED" : "");
    if (err == 0)
        mirage_kv_disconnect(mirage_kv_rw_ro(kv));
    mirage_block_disconnect(b);
    /* The peer overwrites the store: it runs last. */
    for (size_t i = 0; i < 2; i++)
        linux_peer(fd, (size_t)lseek(fd, 0, SEEK_END), &loads[i], s[i], g[i]);
    close(fd);
}

static void bench_rw(struct mirage_kv_rw *kv, const char *label, size_t div)
{
    for (size_t i = 0; i < 2; i++) {
        size_t n = loads[i].ops / div;
        sets(kv, &loads[i], n > loads[i].nkeys ? n : loads[i].nkeys, label);
        gets(mirage_kv_rw_ro(kv), &loads[i], loads[i].ops, label);
    }
}

static void bench_tar(const char *tmp)
{
    char cmd[1024], path[512];
    struct mirage_block *b;
    struct mirage_kv_ro *kv;

    snprintf(cmd, sizeof cmd,
             "cd %s && tar -C tree -cf bench.tar . && "
             "truncate -s %%512 bench.tar",
             tmp);
    snprintf(path, sizeof path, "%s/bench.tar", tmp);
    if (system(cmd) != 0 || mirage_block_connect(path, &b) < 0) {
        fprintf(stderr, "tar: cannot build %s\n", path);
        return;
    }
    if (mirage_kv_tar_connect(b, &kv) < 0) {
        mirage_block_disconnect(b);
        fprintf(stderr, "tar: cannot build or mount %s\n", path);
        return;
    }
    printf("kv_tar on %s (GNU tar of the hostfs tree):\n", path);
    for (size_t i = 0; i < 2; i++)
        gets(kv, &loads[i], loads[i].ops, "tar");
    mirage_kv_disconnect(kv);
    mirage_block_disconnect(b);
}

void bench_kv(const char *ring_image, const char *dir, const char *tmp)
{
    struct mirage_kv_rw *kv;

    value = malloc(1 << 20);
    memset(value, 0x3c, 1 << 20);
    bench_ring(ring_image);
    printf("kv_mem:\n");
    mirage_kv_mem_connect(&kv);
    bench_rw(kv, "mem", 1);
    mirage_kv_disconnect(mirage_kv_rw_ro(kv));
    printf("direct (hostfs) on %s; each set is write+fsync+rename:\n", dir);
    if (mirage_kv_direct_rw_connect(dir, &kv) == 0) {
        bench_rw(kv, "hostfs", 10);
        mirage_kv_disconnect(mirage_kv_rw_ro(kv));
    }
    bench_tar(tmp);
    free(value);
}
