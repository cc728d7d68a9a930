/* SPDX-License-Identifier: ISC */
/* Connect functions of tcpv4v6_of_stackv4v6, kv_ro_of_rw, http_server. */
#include <errno.h>

#include <mirage/connect.h>
#include <mirage/error.h>

#include "connect_priv.h"

int mirage_connect_stack_tcp(struct mirage_stack *s, struct mirage_tcp **out)
{
    *out = mirage_stack_tcp(s);
    return *out ? 0 : -ENOTSUP;
}

int mirage_connect_kv_ro_of_rw(struct mirage_kv_rw *kv,
                               struct mirage_kv_ro **out)
{
    *out = mirage_kv_rw_ro(kv);
    return 0;
}

int mirage_connect_http_server(struct mirage_stack *s, const char *key,
                               int port, struct mirage_tcp_listener **out)
{
    struct mirage_tcp *tcp = mirage_stack_tcp(s);
    int err;

    if (port < 1 || port > 65535) {
        mirage_log_err(&mirage__connect_log,
                       "--%s=%d: a TCP port is 1 to 65535", key, port);
        return -EINVAL;
    }
    if (!tcp) {
        mirage_log_err(&mirage__connect_log, "the stack has no TCP");
        return -ENOTSUP;
    }
    err = mirage_tcp_listen(tcp, (uint16_t)port, 64, out);
    if (err < 0)
        mirage_log_err(&mirage__connect_log, "cannot listen on TCP port %d: %s",
                       port, mirage_strerror(err));
    return err;
}
