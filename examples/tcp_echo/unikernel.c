/* SPDX-License-Identifier: ISC */
/* tcp_echo: every connection to --port gets back what it sends, until it
 * closes its side; one fiber per connection. */
#include <mirage.h>

#include "mirage/keys.h"

static void echo(void *arg)
{
    struct mirage_flow *flow = arg;
    char buf[8192];
    ssize_t n;
    uint64_t total = 0;

    while ((n = mirage_flow_read(flow, buf, sizeof buf)) > 0) {
        ssize_t w = mirage_flow_write(flow, buf, (size_t)n);
        if (w < 0) {
            n = w;
            break;
        }
        total += (uint64_t)n;
    }
    if (n < 0)
        mirage_log_warn(&mirage_log_app,
                        "connection failed after %llu bytes: %s",
                        (unsigned long long)total, mirage_strerror((int)n));
    else
        mirage_log_info(&mirage_log_app, "connection closed after %llu bytes",
                        (unsigned long long)total);
    mirage_flow_close(flow);
}

int unikernel_start(struct mirage_stack *stack)
{
    struct mirage_tcp_listener *l;
    struct mirage_flow *flow;
    int err = mirage_stack_tcp_listen(stack, (uint16_t)key_port(), 16, &l);

    if (err < 0) {
        mirage_log_err(&mirage_log_app, "cannot listen on port %d: %s",
                       key_port(), mirage_strerror(err));
        return err;
    }
    mirage_log_info(&mirage_log_app, "echoing on TCP port %d", key_port());
    while ((err = mirage_tcp_accept(l, &flow)) == 0)
        if (mirage_spawn(echo, flow) < 0)
            mirage_flow_close(flow);
    return err;
}
