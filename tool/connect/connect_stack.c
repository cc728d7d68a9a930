/* SPDX-License-Identifier: ISC */
/* Connect function of direct_stackv4v6: ICMP, UDP and TCP over IPv4, and
 * the stack. */
#include <mirage/connect.h>

int mirage_connect_direct_stack(struct mirage_net *net,
                                struct mirage_ethernet *eth,
                                struct mirage_arp *arp, struct mirage_ipv4 *v4,
                                struct mirage_random *rng,
                                struct mirage_stack **out)
{
    struct mirage_stack_direct_parts p = {
        .net = net, .eth = eth, .arp = arp, .ipv4 = v4};
    int err;

    p.ip = mirage_ipv4_ip(v4);
    err = mirage_icmpv4_create(p.ip, &p.icmp);
    if (err == 0)
        err = mirage_udp_direct_create(p.ip, p.icmp, rng, &p.udp);
    /* TCP may leave checksums and segmentation to the device. */
    struct mirage_tcp_direct_config tcfg = {.offloads =
                                                mirage_net_offloads(net)};
    if (err == 0)
        err = mirage_tcp_direct_create(p.ip, rng, &tcfg, &p.tcp);
    if (err == 0)
        err = mirage_stack_direct_connect(&p, out);
    if (err < 0) {
        if (p.tcp)
            mirage_tcp_direct_destroy(p.tcp);
        if (p.udp)
            mirage_udp_direct_destroy(p.udp);
        if (p.icmp)
            mirage_icmpv4_destroy(p.icmp);
    }
    return err;
}
