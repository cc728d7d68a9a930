/* SPDX-License-Identifier: ISC */
/* Connect function of create_ipv4: the IPv4 layer from --ipv4 and
 * --ipv4-gateway. */
#include <errno.h>

#include <mirage/connect.h>
#include <mirage/error.h>

#include "connect_priv.h"

int mirage_connect_ipv4(struct mirage_ethernet *eth, struct mirage_arp *arp,
                        const char *key, const char *cidr, const char *gateway,
                        struct mirage_ipv4 **out)
{
    struct mirage_ipv4_config cfg = {0};
    struct mirage_ipprefix p;
    struct mirage_ipaddr gw;

    if (mirage_ipprefix_parse(cidr, &p) < 0 || p.addr.family != MIRAGE_IPV4) {
        mirage_log_err(&mirage__connect_log,
                       "--%s=%s: expected an IPv4 address and prefix length, "
                       "like 10.0.0.2/24",
                       key, cidr);
        return -EINVAL;
    }
    if (gateway[0] &&
        (mirage_ipaddr_parse(gateway, &gw) < 0 || gw.family != MIRAGE_IPV4)) {
        mirage_log_err(&mirage__connect_log,
                       "--%s-gateway=%s: expected an IPv4 address", key,
                       gateway);
        return -EINVAL;
    }
    int err = mirage_ipv4_config_parse(&cfg, cidr, gateway);
    if (err < 0) {
        mirage_log_err(&mirage__connect_log, "--%s=%s --%s-gateway=%s: %s", key,
                       cidr, key, gateway, mirage_strerror(err));
        return err;
    }
    return mirage_ipv4_create(eth, arp, &cfg, out);
}
