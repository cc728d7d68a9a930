/* SPDX-License-Identifier: ISC */
/* Connect function of socket_stackv4v6 (unix only: platform/socket). */
#include <errno.h>

#include <mirage/connect.h>

#include "connect_priv.h"

int mirage_connect_socket_stack(const char *key, const char *prefix,
                                struct mirage_stack **out)
{
    struct mirage_stack_socket_config cfg = {0};

    if (mirage_ipprefix_parse(prefix, &cfg.ipv4) < 0 ||
        cfg.ipv4.addr.family != MIRAGE_IPV4) {
        mirage_log_err(&mirage__connect_log,
                       "--%s=%s: expected an IPv4 address and prefix length, "
                       "like 0.0.0.0/0",
                       key, prefix);
        return -EINVAL;
    }
    return mirage_stack_socket_create(&cfg, out);
}
