/* SPDX-License-Identifier: ISC */
/* Connect function of direct_udp. */
#include <mirage/connect.h>

int mirage_connect_udp(struct mirage_ipv4 *v4, struct mirage_random *rng,
                       struct mirage_udp **out)
{
    return mirage_udp_direct_create(mirage_ipv4_ip(v4), NULL, rng, out);
}
