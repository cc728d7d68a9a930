/* SPDX-License-Identifier: ISC */
/* Helpers of the network device interface: MAC text, counters. */
#include <stdio.h>

#include <mirage/net.h>

char *mirage_macaddr_format(const struct mirage_macaddr *m, char *buf)
{
    snprintf(buf, MIRAGE_MACADDR_STRLEN, "%02x:%02x:%02x:%02x:%02x:%02x",
             m->b[0], m->b[1], m->b[2], m->b[3], m->b[4], m->b[5]);
    return buf;
}

void mirage_net_counters(struct mirage_net *n, const char *prefix,
                         mirage_net_counter_fn fn, void *arg)
{
    struct mirage_net_stats s;
    mirage_net_stats(n, &s);
    const struct {
        const char *name;
        uint64_t v;
    } c[] = {
        {"rx_packets", s.rx_packets},
        {"rx_bytes", s.rx_bytes},
        {"tx_packets", s.tx_packets},
        {"tx_bytes", s.tx_bytes},
        {"drop.rx_nobuf", s.rx_drop_nobuf},
        {"drop.rx_nolisten", s.rx_drop_nolisten},
        {"rx_errors", s.rx_errors},
        {"drop.tx_toobig", s.tx_drop_toobig},
        {"drop.tx_busy", s.tx_drop_busy},
        {"tx_errors", s.tx_errors},
        {"drop.rx_vnet", s.rx_drop_vnet},
        {"rx_gso", s.rx_gso},
        {"tx_gso", s.tx_gso},
        {"tx_csum", s.tx_csum},
    };
    char name[96];
    for (size_t i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
        snprintf(name, sizeof(name), "%s.%s", prefix, c[i].name);
        fn(arg, name, c[i].v);
    }
}
