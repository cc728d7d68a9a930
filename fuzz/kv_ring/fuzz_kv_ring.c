/* SPDX-License-Identifier: ISC */
/* Fuzzes kv_ring's mount and read paths.  The input drives a store: its
 * first byte counts operations (4 bytes each: kind, key, length) run on a
 * fresh store, then the rest flips bytes of the image (3 bytes each:
 * position, xor).  The damaged image is mounted and everything read; a
 * mounted store must also take a write and mount again. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <mirage/block.h>
#include <mirage/kv.h>

#define DISK (96 * 1024)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const keys[] = {"/a",     "/b", "/c/d", "/c/e",
                                   "/f/g/h", "/c", "/f",   "/i"};

static void run_ops(struct mirage_kv_rw *kv, const uint8_t *p, size_t n)
{
    static unsigned char val[8192];

    for (size_t i = 0; i + 4 <= n; i += 4) {
        const char *k = keys[p[i + 1] & 7], *k2 = keys[p[i + 1] >> 5];
        size_t len = (size_t)(p[i + 2] | p[i + 3] << 8) % sizeof val;
        memset(val, p[i + 2], len);
        switch (p[i] % 5) {
        case 0:
            mirage_kv_set(kv, k, val, len);
            break;
        case 1:
            mirage_kv_remove(kv, k);
            break;
        case 2:
            mirage_kv_rename(kv, k, k2);
            break;
        case 3:
            mirage_kv_set_partial(kv, k, len / 3, val, len % 300);
            break;
        default:
            mirage_kv_allocate(kv, k, NULL, len);
        }
    }
}

static void read_all(struct mirage_kv_ro *kv, const char *dir, int depth)
{
    struct mirage_kv_list l;

    if (depth > 8 || mirage_kv_list(kv, dir, &l) < 0)
        return;
    for (size_t i = 0; i < l.n; i++) {
        unsigned char part[32];
        void *v;
        size_t len;
        if (l.entries[i].kind == MIRAGE_KV_DICTIONARY) {
            read_all(kv, l.entries[i].key, depth + 1);
            continue;
        }
        if (mirage_kv_get(kv, l.entries[i].key, &v, &len) == 0)
            free(v);
        mirage_kv_get_partial(kv, l.entries[i].key, 1, part, sizeof part);
    }
    mirage_kv_list_free(&l);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static unsigned char img[DISK];
    struct mirage_block *b;
    struct mirage_kv_rw *kv;
    size_t nops = size ? (size_t)data[0] * 4 : 0, flips;

    if (nops > size - (size ? 1 : 0))
        nops = (size - 1) / 4 * 4;
    if (mirage_block_ramdisk_connect("fuzz", DISK, &b) < 0)
        return 0;
    if (mirage_kv_ring_connect(b, MIRAGE_KV_RING_FORMAT_IF_BLANK, &kv) == 0) {
        run_ops(kv, data + 1, nops);
        mirage_kv_disconnect(mirage_kv_rw_ro(kv));
    }
    mirage_block_read(b, 0, img, DISK);
    flips = size > nops + 1 ? size - nops - 1 : 0;
    for (size_t i = 0; i + 3 <= flips; i += 3) {
        const uint8_t *f = data + 1 + nops + i;
        img[((size_t)f[0] | (size_t)f[1] << 8) * 3 % DISK] ^= f[2];
    }
    mirage_block_write(b, 0, img, DISK);
    if (mirage_kv_ring_connect(b, 0, &kv) == 0) {
        read_all(mirage_kv_rw_ro(kv), "/", 0);
        mirage_kv_set(kv, "/after", "x", 1);
        mirage_kv_disconnect(mirage_kv_rw_ro(kv));
        if (mirage_kv_ring_connect(b, 0, &kv) == 0)
            mirage_kv_disconnect(mirage_kv_rw_ro(kv));
    }
    mirage_block_disconnect(b);
    return 0;
}
