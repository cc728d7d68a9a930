/* SPDX-License-Identifier: ISC */
/* echo_server: ten times, wait a random time and log a random run of 'a's,
 * as if echoing lines read from a slow client. */
#include <mirage.h>

#include <string.h>

#include "mirage/keys.h"

/* The skeleton waits up to 2.5 s; 1 s keeps the example quick. */
#define MAX_WAIT_MS 1000
#define MAX_LEN 20

static int read_line(struct mirage_time *time, struct mirage_random *random,
                     char *line)
{
    uint64_t ms = mirage_random_uniform(random, MAX_WAIT_MS);
    size_t len = (size_t)mirage_random_uniform(random, MAX_LEN);
    int err = mirage_time_sleep_ns(time, ms * 1000000);

    if (err < 0)
        return err;
    memset(line, 'a', len);
    line[len] = '\0';
    return 0;
}

int unikernel_start(struct mirage_time *time, struct mirage_random *random)
{
    char line[MAX_LEN + 1];

    for (int i = 0; i < 10; i++) {
        int err = read_line(time, random, line);
        if (err < 0)
            return err;
        mirage_log_info(&mirage_log_app, "%s", line);
    }
    return 0;
}
