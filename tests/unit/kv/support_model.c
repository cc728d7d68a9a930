/* SPDX-License-Identifier: ISC */
/* Model test: random operations on a store and on kv_mem, compared. */
#include <stdlib.h>
#include <string.h>

#include "kv_suite.h"

int kv_suite_quiet;
static uint64_t rng_state;

static uint32_t rnd(uint32_t bound)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return (uint32_t)((rng_state >> 11) % bound);
}

static void random_key(char *out)
{
    static const char *const seg[] = {"a", "b", "c"};
    int depth = 1 + (int)rnd(3);

    out[0] = '\0';
    for (int i = 0; i < depth; i++) {
        strcat(out, "/");
        strcat(out, seg[rnd(3)]);
    }
}

static size_t random_len(void)
{
    uint32_t r = rnd(100);

    if (r < 70)
        return rnd(300);
    if (r < 97)
        return 2000 + rnd(18000);
    return 100000 + rnd(50000);
}

static unsigned char *random_value(size_t len)
{
    unsigned char *v = malloc(len + 1);

    for (size_t i = 0; i < len; i++)
        v[i] = (unsigned char)rnd(256);
    return v;
}

/* Compares the trees under key of both stores; returns 1 if equal. */
int kv_suite_same_tree(struct mirage_kv_ro *a, struct mirage_kv_ro *b,
                       const char *key)
{
    struct mirage_kv_list la, lb;
    int ok, ea = mirage_kv_list(a, key, &la), eb = mirage_kv_list(b, key, &lb);

    ok = ea == eb && la.n == lb.n;
    for (size_t i = 0; ok && i < la.n; i++) {
        void *va = NULL, *vb = NULL;
        size_t na = 0, nb = 0;

        ok = strcmp(la.entries[i].key, lb.entries[i].key) == 0 &&
             la.entries[i].kind == lb.entries[i].kind;
        if (ok && la.entries[i].kind == MIRAGE_KV_DICTIONARY)
            ok = kv_suite_same_tree(a, b, la.entries[i].key);
        else if (ok) {
            ok = mirage_kv_get(a, la.entries[i].key, &va, &na) == 0 &&
                 mirage_kv_get(b, lb.entries[i].key, &vb, &nb) == 0 &&
                 na == nb && memcmp(va, vb, na) == 0;
        }
        if (!ok && !kv_suite_quiet)
            fprintf(stderr, "[%s] trees differ at %s\n", kv_suite_ctx,
                    la.entries[i].key);
        free(va);
        free(vb);
    }
    if ((ea != eb || la.n != lb.n) && !kv_suite_quiet)
        fprintf(stderr, "[%s] list %s: %d/%zu entries vs %d/%zu\n",
                kv_suite_ctx, key, ea, la.n, eb, lb.n);
    mirage_kv_list_free(&la);
    mirage_kv_list_free(&lb);
    return ok;
}

/* One random operation on both; returns 1 if they answered alike. */
static int step(struct mirage_kv_rw *kv, struct mirage_kv_rw *model)
{
    char k1[64], k2[64];
    uint32_t op = rnd(100);
    int r1, r2;

    random_key(k1);
    random_key(k2);
    if (op < 50) {
        size_t len = random_len();
        unsigned char *v = random_value(len);
        r1 = mirage_kv_set(kv, k1, v, len);
        r2 = mirage_kv_set(model, k1, v, len);
        free(v);
    } else if (op < 60) {
        r1 = mirage_kv_remove(kv, k1);
        r2 = mirage_kv_remove(model, k1);
    } else if (op < 70) {
        r1 = mirage_kv_rename(kv, k1, k2);
        r2 = mirage_kv_rename(model, k1, k2);
    } else if (op < 85) {
        size_t len = rnd(500), off = rnd(400);
        unsigned char *v = random_value(len);
        r1 = mirage_kv_set_partial(kv, k1, off, v, len);
        r2 = mirage_kv_set_partial(model, k1, off, v, len);
        free(v);
    } else if (op < 90) {
        struct mirage_ptime t = {1000 + rnd(1000), 0};
        uint64_t size = rnd(5000);
        r1 = mirage_kv_allocate(kv, k1, &t, size);
        r2 = mirage_kv_allocate(model, k1, &t, size);
    } else {
        r1 = mirage_kv_exists(mirage_kv_rw_ro(kv), k1);
        r2 = mirage_kv_exists(mirage_kv_rw_ro(model), k1);
    }
    if (r1 != r2)
        fprintf(stderr, "[%s] op %u on %s %s: store %d, model %d\n",
                kv_suite_ctx, op, k1, k2, r1, r2);
    return r1 == r2;
}

void kv_suite_model(const struct kv_suite_store *s, unsigned seed, unsigned ops)
{
    struct mirage_kv_rw *kv = s->open(s->ctx), *model;
    char ctx[128];
    int before = kv_suite_fails;

    snprintf(ctx, sizeof ctx, "%s/model(seed %u)", s->name, seed);
    kv_suite_ctx = ctx;
    rng_state = 0x2545f4914f6cdd1dull ^ ((uint64_t)seed << 32 | seed);
    KCHECK(kv != NULL);
    KCHECK_INT(mirage_kv_mem_connect(&model), 0);
    for (unsigned i = 1; kv && i <= ops; i++) {
        int ok = step(kv, model);
        KCHECK(ok);
        if (!ok)
            break;
        if (i % 97 == 0)
            KCHECK(kv_suite_same_tree(mirage_kv_rw_ro(kv),
                                      mirage_kv_rw_ro(model), "/"));
        if (s->reopen && i % 331 == 0) {
            kv = s->reopen(s->ctx, kv);
            KCHECK(kv != NULL);
            if (kv)
                KCHECK(kv_suite_same_tree(mirage_kv_rw_ro(kv),
                                          mirage_kv_rw_ro(model), "/"));
        }
    }
    if (kv) {
        KCHECK(kv_suite_same_tree(mirage_kv_rw_ro(kv), mirage_kv_rw_ro(model),
                                  "/"));
        s->close(s->ctx, kv);
    }
    mirage_kv_disconnect(mirage_kv_rw_ro(model));
    fprintf(stderr, "%s %s model, %u ops\n",
            kv_suite_fails == before ? "ok  " : "FAIL", s->name, ops);
    kv_suite_ctx = "";
}
