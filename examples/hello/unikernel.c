/* SPDX-License-Identifier: ISC */
/* hello: logs "hello" four times, one second apart. */
#include <mirage.h>

#include "mirage/keys.h"

int unikernel_start(struct mirage_time *time)
{
    for (int i = 0; i < 4; i++) {
        mirage_log_info(&mirage_log_app, "hello");
        int err = mirage_time_sleep_ns(time, 1000000000);
        if (err < 0)
            return err;
    }
    return 0;
}
