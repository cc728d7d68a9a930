/* SPDX-License-Identifier: ISC */
/* Connect function of direct_icmpv4. */
#include <mirage/connect.h>

int mirage_connect_icmpv4(struct mirage_ipv4 *v4, struct mirage_icmp **out)
{
    return mirage_icmpv4_create(mirage_ipv4_ip(v4), out);
}
