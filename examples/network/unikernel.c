/* SPDX-License-Identifier: ISC */
/* network: accept TCP connections on --port; for each, log the peer, read
 * once, answer with what was read, and close. */
#include <mirage.h>

#include <stdio.h>

#include "mirage/keys.h"

static void serve(void *arg)
{
    struct mirage_flow *flow = arg;
    char peer[MIRAGE_IPADDR_STRLEN], buf[512], answer[600];
    struct mirage_ipaddr ip;
    uint16_t port = 0;

    if (mirage_flow_peer(flow, &ip, &port) < 0)
        snprintf(peer, sizeof peer, "?");
    else
        mirage_ipaddr_format(&ip, peer, sizeof peer);
    mirage_log_info(&mirage_log_app, "new tcp connection from IP %s on port %u",
                    peer, (unsigned)port);
    ssize_t n = mirage_flow_read(flow, buf, sizeof buf);
    if (n < 0) {
        mirage_log_warn(&mirage_log_app, "error reading from %s: %s", peer,
                        mirage_strerror((int)n));
    } else if (n == 0) {
        mirage_log_info(&mirage_log_app, "closing connection from %s", peer);
    } else {
        mirage_log_debug(&mirage_log_app, "read %zd bytes: %.*s", n, (int)n,
                         buf);
        int len = snprintf(answer, sizeof answer, "%s:%u sent %zd bytes: %.*s",
                           peer, (unsigned)port, n, (int)n, buf);
        if (len > (int)sizeof answer - 1)
            len = (int)sizeof answer - 1;
        mirage_flow_write(flow, answer, (size_t)len);
    }
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
    mirage_log_info(&mirage_log_app, "listening on TCP port %d", key_port());
    while ((err = mirage_tcp_accept(l, &flow)) == 0)
        if (mirage_spawn(serve, flow) < 0)
            mirage_flow_close(flow);
    return err;
}
