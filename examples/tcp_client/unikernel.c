/* SPDX-License-Identifier: ISC */
/* tcp_client: connect to --remote, send --message and a newline, shut down
 * the sending side, and log the reply read until the server closes. */
#include <mirage.h>

#include <string.h>

#include "mirage/keys.h"

#define REPLY_MAX 4096

static int send_line(struct mirage_flow *flow, const char *msg)
{
    ssize_t n = mirage_flow_write(flow, msg, strlen(msg));

    if (n >= 0)
        n = mirage_flow_write(flow, "\n", 1);
    if (n >= 0)
        n = mirage_flow_shutdown(flow, MIRAGE_FLOW_SHUT_WR);
    return n < 0 ? (int)n : 0;
}

/* Reads until end of stream; returns the length or an error. */
static ssize_t read_reply(struct mirage_flow *flow, char *buf)
{
    size_t len = 0;
    ssize_t n;

    while (len < REPLY_MAX &&
           (n = mirage_flow_read(flow, buf + len, REPLY_MAX - len)) > 0)
        len += (size_t)n;
    return n < 0 ? n : (ssize_t)len;
}

int unikernel_start(struct mirage_stack *stack)
{
    const struct mirage_key_pair *remote = key_remote();
    struct mirage_ipaddr ip;
    struct mirage_flow *flow;
    static char reply[REPLY_MAX + 1];
    int64_t port = remote->second.i;

    if (mirage_ipaddr_parse(remote->first.s, &ip) < 0 || port < 1 ||
        port > 65535) {
        mirage_log_err(&mirage_log_app, "--remote=%s:%lld: expected IP:PORT",
                       remote->first.s, (long long)port);
        return 2;
    }
    int err = mirage_stack_tcp_connect(stack, &ip, (uint16_t)port, &flow);
    if (err < 0) {
        mirage_log_err(&mirage_log_app, "cannot connect to %s:%lld: %s",
                       remote->first.s, (long long)port, mirage_strerror(err));
        return 1;
    }
    mirage_log_info(&mirage_log_app, "connected to %s:%lld", remote->first.s,
                    (long long)port);
    err = send_line(flow, key_message());
    ssize_t n = err < 0 ? err : read_reply(flow, reply);
    mirage_flow_close(flow);
    if (n < 0) {
        mirage_log_err(&mirage_log_app, "connection failed: %s",
                       mirage_strerror((int)n));
        return 1;
    }
    while (n > 0 && reply[n - 1] == '\n')
        n--;
    reply[n] = '\0';
    mirage_log_info(&mirage_log_app, "reply: %s", reply);
    return 0;
}
