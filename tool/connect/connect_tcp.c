/* SPDX-License-Identifier: ISC */
/* Connect function of direct_tcp. */
#include <mirage/connect.h>

int mirage_connect_tcp(struct mirage_ipv4 *v4, struct mirage_random *rng,
                       struct mirage_tcp **out)
{
    return mirage_tcp_direct_create(mirage_ipv4_ip(v4), rng, NULL, out);
}
