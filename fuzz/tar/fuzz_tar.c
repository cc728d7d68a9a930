/* SPDX-License-Identifier: ISC */
/* Fuzzes tar_kv_ro: the input is the archive, on a ramdisk; if it mounts,
 * every entry is listed and read. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <mirage/block.h>
#include <mirage/kv.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int budget;

static void walk(struct mirage_kv_ro *kv, const char *dir)
{
    struct mirage_kv_list l;
    struct mirage_ptime t;

    if (--budget < 0 || mirage_kv_list(kv, dir, &l) < 0)
        return;
    for (size_t i = 0; i < l.n; i++) {
        const char *k = l.entries[i].key;
        unsigned char part[64];
        void *v;
        size_t len;

        mirage_kv_last_modified(kv, k, &t);
        if (l.entries[i].kind == MIRAGE_KV_DICTIONARY) {
            walk(kv, k);
            continue;
        }
        if (mirage_kv_get(kv, k, &v, &len) == 0)
            free(v);
        mirage_kv_get_partial(kv, k, 3, part, sizeof part);
        mirage_kv_size(kv, k);
    }
    mirage_kv_list_free(&l);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    size_t disk = (size + 511) / 512 * 512;
    unsigned char *img;
    struct mirage_block *b;
    struct mirage_kv_ro *kv;
    uint8_t d[MIRAGE_KV_DIGEST_LEN];

    if (size > (1 << 20))
        return 0;
    if (mirage_block_ramdisk_connect("fuzz", disk ? disk : 512, &b) < 0)
        return 0;
    img = calloc(1, disk ? disk : 512);
    memcpy(img, data, size);
    if (disk)
        mirage_block_write(b, 0, img, disk);
    free(img);
    if (mirage_kv_tar_connect(b, &kv) == 0) {
        budget = 64;
        walk(kv, "/");
        mirage_kv_digest(kv, "/", d);
        mirage_kv_disconnect(kv);
    }
    mirage_block_disconnect(b);
    return 0;
}
