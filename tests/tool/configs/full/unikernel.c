/* SPDX-License-Identifier: ISC */
/* The jobs of the full test configuration: they print what they were given. */
#include <mirage.h>

#include <inttypes.h>

#include "mirage/keys.h"

int ticker_start(struct mirage_time *a, struct mirage_time *b,
                 struct mirage_console *console)
{
    if (a != b)
        return 2;
    for (int i = 0; i < key_ticks(); i++) {
        mirage_console_printf(console, "tick %d %s %" PRId64 "\n", i, key_msg(),
                              key_big());
        int err = mirage_time_sleep_ns(a, 50000000);
        if (err < 0)
            return err;
    }
    return key_flag() ? 3 : 0;
}

static void print_keys(void)
{
    const struct mirage_key_list *ports = key_ports();
    const struct mirage_key_pair *range = key_range();

    for (size_t i = 0; i < ports->len; i++)
        mirage_log_info(&mirage_log_app, "port %" PRId64, ports->items[i].i);
    mirage_log_info(&mirage_log_app, "range %s %" PRId64, range->first.s,
                    range->second.i);
    mirage_log_info(&mirage_log_app, "token %s", key_a_token());
}

int quiet_start(void)
{
    print_keys();
    return 0;
}

int clocks_start(struct mirage_mclock *m, struct mirage_pclock *p,
                 struct mirage_random *r, const struct mirage_app *info)
{
    struct mirage_ptime now;

    print_keys();
    mirage_pclock_now(p, &now);
    mirage_log_info(&mirage_log_app, "clocks %d %d %s",
                    mirage_mclock_elapsed_ns(m) > 0, now.sec > 1000000000,
                    info->name);
    mirage_log_info(&mirage_log_app, "random %d",
                    mirage_random_uniform(r, 10) < 10);
    return 0;
}
