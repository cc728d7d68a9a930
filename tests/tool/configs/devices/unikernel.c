/* SPDX-License-Identifier: ISC */
/* The jobs of the devices test configuration: built and linked on every
 * target, they report what they were given. */
#include <mirage.h>

#include "mirage/keys.h"

int net_start(struct mirage_stack *stack, struct mirage_tcp_listener *http,
              struct mirage_tcp *tcp, struct mirage_udp *udp2,
              struct mirage_tcp *tcp2, struct mirage_icmp *icmp2)
{
    struct mirage_ipprefix a[4];
    size_t n = mirage_stack_addresses(stack, a, 4);

    mirage_log_info(&mirage_log_app, "stack: %zu addresses, tcp %s", n,
                    tcp == mirage_stack_tcp(stack) ? "shared" : "other");
    mirage_log_info(&mirage_log_app, "two: %s",
                    udp2 && tcp2 && icmp2 && http ? "all there" : "missing");
    return 0;
}

int store_start(struct mirage_kv_rw *store, struct mirage_kv_ro *site,
                struct mirage_kv_ro *tar, struct mirage_block *scratch,
                struct mirage_kv_ro *mem)
{
    int64_t size = mirage_kv_size(site, "index.html");

    mirage_log_info(&mirage_log_app, "index.html: %lld bytes, scratch %llu",
                    (long long)size,
                    (unsigned long long)mirage_block_size(scratch));
    return store && tar && mem ? 0 : 1;
}
