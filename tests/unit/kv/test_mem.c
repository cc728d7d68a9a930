/* SPDX-License-Identifier: ISC */
/* kv_rw_mem against the KV behaviour suite. */
#include "check.h"
#include "kv_suite.h"

static struct mirage_kv_rw *mem_open(void *ctx)
{
    struct mirage_kv_rw *kv = NULL;

    (void)ctx;
    return mirage_kv_mem_connect(&kv) == 0 ? kv : NULL;
}

static void mem_close(void *ctx, struct mirage_kv_rw *kv)
{
    (void)ctx;
    mirage_kv_disconnect(mirage_kv_rw_ro(kv));
}

int main(void)
{
    struct kv_suite_store s = {
        .name = "mem", .open = mem_open, .close = mem_close};

    kv_suite_rw(&s);
    /* The model is kv_mem itself: this checks the comparison machinery and
     * that kv_mem is deterministic. */
    kv_suite_model(&s, 1, 2000);
    CHECK_INT_EQ(kv_suite_failures(), 0);
    CHECK_DONE();
}
