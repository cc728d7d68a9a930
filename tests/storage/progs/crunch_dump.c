/* SPDX-License-Identifier: ISC */
/* Dumps the crunch store embedded from crunch_data.c like kv_dump, and
 * checks that every value is served from the image without a copy. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <mirage.h>
#include <mirage/kv.h>

#include "crunch_data.h"
#include "kv_priv.h"

static int copies;

static int dump(struct mirage_kv_ro *kv, const char *dir)
{
    struct mirage_kv_list l;
    int err = mirage_kv_list(kv, dir, &l);

    for (size_t i = 0; err == 0 && i < l.n; i++) {
        const char *k = l.entries[i].key;
        const void *p;
        uint8_t d[32];
        size_t len;

        if (l.entries[i].kind == MIRAGE_KV_DICTIONARY) {
            printf("D %s\n", k);
            err = dump(kv, k);
            continue;
        }
        err = mirage_kv_map(kv, k, &p, &len);
        if (err < 0)
            break;
        /* The bytes live in the image's read-only data. */
        copies += !(p >= (const void *)mirage_crunch_data.files[0].data);
        err = mirage_kv_digest(kv, k, d);
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
    struct mirage_kv_ro *kv;
    int err = mirage_kv_crunch_connect(&mirage_crunch_data, &kv);

    if (err == 0)
        err = dump(kv, "/");
    if (err < 0)
        fprintf(stderr, "crunch_dump: %s\n", mirage_kv_strerror(err));
    return err < 0 || copies ? 1 : 0;
}

int mirage_app_main(int argc, char **argv)
{
    static const struct mirage_app app = {.name = "crunch_dump",
                                          .start = start};

    return mirage_main(&app, argc, argv);
}
