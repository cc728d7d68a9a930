/* SPDX-License-Identifier: ISC */
/* Crash-test checker: mounts the image the killed writer left and checks
 * that it holds exactly the state its log acknowledged (the interrupted
 * operation may or may not have happened, but nothing in between).  The
 * state carried between rounds is a file of "KEY LEN SHA256" lines. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <mirage.h>
#include <mirage/block.h>
#include <mirage/kv.h>

#include "kv_priv.h"

static struct mirage_key k_image = {
    .name = "image", .doc = "disk image", .type = MIRAGE_KEY_STRING};
static struct mirage_key k_state = {.name = "state",
                                    .doc = "state before the round",
                                    .type = MIRAGE_KEY_STRING};
static struct mirage_key k_log = {
    .name = "log", .doc = "the writer's log", .type = MIRAGE_KEY_STRING};
static struct mirage_key k_out = {
    .name = "out", .doc = "state after the round", .type = MIRAGE_KEY_STRING};
static struct mirage_key *const keys[] = {&k_image, &k_state, &k_log, &k_out};

/* The model holds "LEN SHA" strings as values. */
static int model_apply(struct mirage_kv_rw *m, char *line)
{
    char op[8], a[64], b[80], c[80];
    int n = sscanf(line, "T %7s %63s %79s %79s", op, a, b, c);

    if (n >= 4 && strcmp(op, "set") == 0) {
        char v[200];
        snprintf(v, sizeof v, "%s %s", b, c);
        return mirage_kv_set(m, a, v, strlen(v));
    }
    if (n >= 2 && strcmp(op, "del") == 0)
        return mirage_kv_remove(m, a);
    if (n >= 3 && strcmp(op, "ren") == 0)
        return mirage_kv_rename(m, a, b);
    return -EINVAL;
}

static int load_state(struct mirage_kv_rw *m, const char *path)
{
    char line[512], key[256], len[32], sha[80], v[200];
    FILE *f = fopen(path, "r");

    if (!f)
        return 0; /* the first round starts empty */
    while (fgets(line, sizeof line, f))
        if (sscanf(line, "%255s %31s %79s", key, len, sha) == 3) {
            snprintf(v, sizeof v, "%s %s", len, sha);
            if (mirage_kv_set(m, key, v, strlen(v)) < 0)
                return -1;
        }
    fclose(f);
    return 0;
}

/* Replays the log's acknowledged operations; *pending gets the last one if
 * it has no outcome.  Returns the count acknowledged, or -1. */
static long replay_log(struct mirage_kv_rw *m, const char *path, char *pending)
{
    char line[512];
    long acked = 0;
    FILE *f = fopen(path, "r");

    pending[0] = '\0';
    if (!f)
        return -1;
    while (fgets(line, sizeof line, f)) {
        if (!strchr(line, '\n'))
            break; /* cut by the kill: never acted on */
        if (line[0] == 'T') {
            strcpy(pending, line);
        } else if (line[0] == 'A' && pending[0]) {
            int err = model_apply(m, pending);
            if (err < 0) {
                fprintf(stderr, "model refuses acked op %s", pending);
                fclose(f);
                return -1;
            }
            pending[0] = '\0';
            acked++;
        } else if (line[0] == 'F') {
            pending[0] = '\0';
        }
    }
    fclose(f);
    return acked;
}

/* Copies the store's contents into a model-shaped store ("LEN SHA"). */
static int snapshot(struct mirage_kv_ro *kv, struct mirage_kv_rw *out,
                    const char *dir)
{
    struct mirage_kv_list l;
    int err = mirage_kv_list(kv, dir, &l);

    for (size_t i = 0; err == 0 && i < l.n; i++) {
        const char *k = l.entries[i].key;
        void *v;
        size_t len;
        uint8_t d[32];
        char s[200];
        int o;

        if (l.entries[i].kind == MIRAGE_KV_DICTIONARY) {
            err = snapshot(kv, out, k);
            continue;
        }
        err = mirage_kv_get(kv, k, &v, &len);
        if (err < 0) {
            fprintf(stderr, "get %s: %s\n", k, mirage_kv_strerror(err));
            break;
        }
        mirage__kv_sha256(v, len, d);
        free(v);
        o = snprintf(s, sizeof s, "%zu ", len);
        for (int j = 0; j < 32; j++)
            o += snprintf(s + o, sizeof s - (size_t)o, "%02x", d[j]);
        err = mirage_kv_set(out, k, s, strlen(s));
    }
    mirage_kv_list_free(&l);
    return err;
}

/* Compares the trees; writes the state lines of a to f if f. */
static int same(struct mirage_kv_ro *a, struct mirage_kv_ro *b, const char *dir,
                FILE *f)
{
    struct mirage_kv_list la, lb;
    int ok = mirage_kv_list(a, dir, &la) == 0 &&
             mirage_kv_list(b, dir, &lb) == 0 && la.n == lb.n;

    for (size_t i = 0; ok && i < la.n; i++) {
        void *va = NULL, *vb = NULL;
        size_t na, nb;

        ok = strcmp(la.entries[i].key, lb.entries[i].key) == 0 &&
             la.entries[i].kind == lb.entries[i].kind;
        if (ok && la.entries[i].kind == MIRAGE_KV_DICTIONARY) {
            ok = same(a, b, la.entries[i].key, f);
            continue;
        }
        ok = ok && mirage_kv_get(a, la.entries[i].key, &va, &na) == 0 &&
             mirage_kv_get(b, lb.entries[i].key, &vb, &nb) == 0 && na == nb &&
             memcmp(va, vb, na) == 0;
        if (ok && f)
            fprintf(f, "%s %s\n", la.entries[i].key, (char *)va);
        if (!ok)
            fprintf(stderr, "  differs at %s\n", la.entries[i].key);
        free(va);
        free(vb);
    }
    mirage_kv_list_free(&la);
    mirage_kv_list_free(&lb);
    return ok;
}

static int start(void)
{
    struct mirage_kv_rw *model, *found, *kv;
    struct mirage_block *b;
    char pending[512];
    const char *which = "before";
    long acked;
    int err;
    FILE *f;

    mirage_kv_mem_connect(&model);
    mirage_kv_mem_connect(&found);
    if (load_state(model, k_state.value.scalar.s) < 0)
        return 3;
    acked = replay_log(model, k_log.value.scalar.s, pending);
    if (acked < 0)
        return 3;
    err = mirage_block_connect(k_image.value.scalar.s, &b);
    if (err == 0)
        err = mirage_kv_ring_connect(b, 0, &kv);
    if (err == 0)
        err = snapshot(mirage_kv_rw_ro(kv), found, "/");
    if (err < 0) {
        printf("FAIL: mount or read: %s\n", mirage_kv_strerror(err));
        return 1;
    }
    if (!same(mirage_kv_rw_ro(found), mirage_kv_rw_ro(model), "/", NULL)) {
        if (!pending[0] || model_apply(model, pending) < 0 ||
            !same(mirage_kv_rw_ro(found), mirage_kv_rw_ro(model), "/", NULL)) {
            printf("FAIL: store differs from the acknowledged state "
                   "(%ld acked, pending: %s)\n",
                   acked, pending[0] ? pending : "none\n");
            return 1;
        }
        which = "after";
    }
    f = fopen(k_out.value.scalar.s, "w");
    if (!f || !same(mirage_kv_rw_ro(found), mirage_kv_rw_ro(model), "/", f))
        return 3;
    fclose(f);
    printf("OK %ld acked, interrupted op %s\n", acked,
           pending[0] ? which : "none");
    return 0;
}

int mirage_app_main(int argc, char **argv)
{
    static const struct mirage_app app = {
        .name = "kv_check", .keys = keys, .nkeys = 4, .start = start};

    return mirage_main(&app, argc, argv);
}
