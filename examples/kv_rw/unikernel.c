/* SPDX-License-Identifier: ISC */
/* kv_rw: count this unikernel's boots in a store that survives them. */
#include <mirage.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mirage/keys.h"

#define KEY "/boots"

/* The count stored so far: 0 if none, -1 if the value is not a count. */
static long long stored_count(struct mirage_kv_rw *kv, int *err)
{
    void *val;
    size_t len;
    char *end;

    *err = mirage_kv_get(mirage_kv_rw_ro(kv), KEY, &val, &len);
    if (*err == MIRAGE_KV_NOT_FOUND) {
        *err = 0;
        return 0;
    }
    if (*err < 0)
        return -1;
    long long n = strtoll(val, &end, 10);
    bool ok = len > 0 && (size_t)(end - (char *)val) == len && n >= 0;
    free(val);
    return ok ? n : -1;
}

int unikernel_start(struct mirage_kv_rw *kv)
{
    char text[24];
    int err;
    long long n = stored_count(kv, &err);

    if (n < 0) {
        mirage_log_err(&mirage_log_app, "cannot read %s: %s", KEY,
                       err < 0 ? mirage_kv_strerror(err) : "not a count");
        return 1;
    }
    int len = snprintf(text, sizeof text, "%lld", n + 1);
    err = mirage_kv_set(kv, KEY, text, (size_t)len);
    if (err < 0) {
        mirage_log_err(&mirage_log_app, "cannot write %s: %s", KEY,
                       mirage_kv_strerror(err));
        return 1;
    }
    mirage_log_info(&mirage_log_app, "boot %lld", n + 1);
    return 0;
}
