/* SPDX-License-Identifier: ISC */
/* Dumps a KV store: "V key size sha256" per value, "D key" per dictionary,
 * walking from the root.  The store is a tar archive on a disk image
 * (--tar=IMAGE), a kv_ring store (--ring=IMAGE) or a host folder
 * (--dir=PATH).  --get=KEY prints only that key's read result.  Exit 0,
 * or 3 if the store refuses to mount. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <mirage.h>
#include <mirage/block.h>
#include <mirage/kv.h>

#include "kv_priv.h"

static struct mirage_key k_tar = {.name = "tar",
                                  .doc = "tar image",
                                  .type = MIRAGE_KEY_STRING,
                                  .default_text = ""};
static struct mirage_key k_ring = {.name = "ring",
                                   .doc = "kv_ring image",
                                   .type = MIRAGE_KEY_STRING,
                                   .default_text = ""};
static struct mirage_key k_dir = {.name = "dir",
                                  .doc = "host folder",
                                  .type = MIRAGE_KEY_STRING,
                                  .default_text = ""};
static struct mirage_key k_get = {.name = "get",
                                  .doc = "read one key",
                                  .type = MIRAGE_KEY_STRING,
                                  .default_text = ""};
static struct mirage_key *const keys[] = {&k_tar, &k_ring, &k_dir, &k_get};

static int dump(struct mirage_kv_ro *kv, const char *dir)
{
    struct mirage_kv_list l;
    int err = mirage_kv_list(kv, dir, &l);

    for (size_t i = 0; err == 0 && i < l.n; i++) {
        const char *k = l.entries[i].key;
        uint8_t d[32];
        void *v;
        size_t len;

        if (l.entries[i].kind == MIRAGE_KV_DICTIONARY) {
            printf("D %s\n", k);
            err = dump(kv, k);
            continue;
        }
        err = mirage_kv_get(kv, k, &v, &len);
        if (err < 0) {
            printf("E %s %s\n", k, mirage_kv_strerror(err));
            err = 0;
            continue;
        }
        mirage__kv_sha256(v, len, d);
        free(v);
        printf("V %s %zu ", k, len);
        for (int j = 0; j < 32; j++)
            printf("%02x", d[j]);
        printf("\n");
    }
    mirage_kv_list_free(&l);
    return err;
}

static int start(void)
{
    struct mirage_block *b = NULL;
    struct mirage_kv_ro *kv = NULL;
    struct mirage_kv_rw *rw;
    int err = -EINVAL;

    if (*k_dir.value.scalar.s) {
        err = mirage_kv_direct_ro_connect(k_dir.value.scalar.s, &kv);
    } else {
        const char *img = *k_tar.value.scalar.s ? k_tar.value.scalar.s
                                                : k_ring.value.scalar.s;
        err = mirage_block_connect(img, &b);
        if (err == 0 && *k_tar.value.scalar.s)
            err = mirage_kv_tar_connect(b, &kv);
        else if (err == 0 && (err = mirage_kv_ring_connect(b, 0, &rw)) == 0)
            kv = mirage_kv_rw_ro(rw);
    }
    if (err < 0) {
        printf("refused: %s\n", mirage_kv_strerror(err));
        return 3;
    }
    if (*k_get.value.scalar.s) {
        void *v;
        size_t len;
        err = mirage_kv_get(kv, k_get.value.scalar.s, &v, &len);
        printf("get %s: %s\n", k_get.value.scalar.s,
               err < 0 ? mirage_kv_strerror(err) : "ok");
        if (err == 0)
            free(v);
        err = 0;
    } else {
        err = dump(kv, "/");
    }
    if (*k_tar.value.scalar.s) {
        struct mirage_kv_tar_stats st;
        mirage_kv_tar_stats(kv, &st);
        printf("stats entries=%llu refused=%llu bad_names=%llu\n",
               (unsigned long long)st.entries, (unsigned long long)st.refused,
               (unsigned long long)st.bad_names);
    }
    mirage_kv_disconnect(kv);
    if (b)
        mirage_block_disconnect(b);
    return err < 0 ? 1 : 0;
}

int mirage_app_main(int argc, char **argv)
{
    static const struct mirage_app app = {
        .name = "kv_dump", .keys = keys, .nkeys = 4, .start = start};

    return mirage_main(&app, argc, argv);
}
