/* SPDX-License-Identifier: ISC */
/* kv_ro: read the key "secret" and compare it with "foo\n". */
#include <mirage.h>

#include <stdlib.h>
#include <string.h>

#include "mirage/keys.h"

int unikernel_start(struct mirage_kv_ro *kv)
{
    void *val;
    size_t len;
    int err = mirage_kv_get(kv, "secret", &val, &len);

    if (err < 0) {
        mirage_log_err(&mirage_log_app, "cannot read secret: %s",
                       mirage_kv_strerror(err));
        return 1;
    }
    bool same = len == 4 && memcmp(val, "foo\n", 4) == 0;
    if (same)
        mirage_log_info(&mirage_log_app, "secret is as expected: foo");
    else
        mirage_log_err(&mirage_log_app, "secret is %zu bytes, not \"foo\\n\"",
                       len);
    free(val);
    return same ? 0 : 1;
}
