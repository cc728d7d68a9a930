/* SPDX-License-Identifier: ISC */
/* A hand-written unikernel for the Linux interop tests: UDP echo and stats. */
#include "support.h"

#include <mirage/arp.h>
#include <mirage/buf.h>
#include <mirage/ethernet.h>
#include <mirage/icmp.h>
#include <mirage/ipv4.h>
#include <mirage/net.h>

/*
 * Boot arguments: --interface=tap0 --ipv4=10.0.0.2/24 [--ipv4-gateway=IP].
 * The layers are connected one by one (no stack helper).  UDP port 7
 * echoes every datagram.  UDP port 9 is the control port: a datagram
 * "stats" is answered with every counter as "name value" lines; "quit"
 * ends the unikernel, which prints the counters at exit.
 */

static struct mirage_key key_gateway = {.name = "ipv4-gateway",
                                        .doc = "Gateway.",
                                        .docv = "IP",
                                        .type = MIRAGE_KEY_STRING,
                                        .default_text = ""};
static struct mirage_key *const keys[] = {&key_gateway};

static struct {
    struct mirage_net *net;
    struct mirage_ethernet *eth;
    struct mirage_arp *arp;
    struct mirage_ipv4 *v4;
    struct mirage_icmp *icmp;
    struct mirage_udp *udp;
} s;

static void counters(struct support_text *t)
{
    mirage_net_counters(s.net, "netif", support_add, t);
    mirage_ethernet_counters(s.eth, support_add, t);
    mirage_arp_counters(s.arp, support_add, t);
    mirage_ipv4_counters(s.v4, support_add, t);
    mirage_icmpv4_counters(s.icmp, support_add, t);
    mirage_udp_direct_counters(s.udp, support_add, t);
}

static void echo(void *arg, struct mirage_udp *u,
                 const struct mirage_ipaddr *src, uint16_t sport,
                 const struct mirage_ipaddr *dst, uint16_t dport,
                 struct mirage_buf *b)
{
    (void)arg, (void)dst;
    mirage_udp_write(u, NULL, dport, src, sport, mirage_buf_data(b), b->len);
}

static int setup(void)
{
    struct mirage_ipv4_config cfg;
    struct mirage_random *rng;
    int r = mirage_ipv4_config_parse(&cfg, support_key_ipv4.value.scalar.s,
                                     key_gateway.value.scalar.s);
    if (r == 0)
        r = mirage_random_default_connect(&rng);
    if (r == 0)
        r = mirage_netif_connect(support_key_interface.value.scalar.s, &s.net);
    if (r == 0)
        r = mirage_ethernet_create(s.net, &s.eth);
    if (r == 0)
        r = mirage_arp_create(s.eth, NULL, &s.arp);
    if (r == 0)
        r = mirage_ipv4_create(s.eth, s.arp, &cfg, &s.v4);
    if (r == 0)
        r = mirage_icmpv4_create(mirage_ipv4_ip(s.v4), &s.icmp);
    if (r == 0)
        r = mirage_udp_direct_create(mirage_ipv4_ip(s.v4), s.icmp, rng, &s.udp);
    if (r == 0)
        r = mirage_udp_listen(s.udp, 7, echo, NULL);
    if (r == 0)
        r = mirage_udp_listen(s.udp, 9, support_control, NULL);
    return r;
}

int mirage_app_main(int argc, char **argv)
{
    static const struct support_prog prog = {.name = "netstack",
                                             .keys = keys,
                                             .nkeys =
                                                 sizeof(keys) / sizeof(keys[0]),
                                             .setup = setup,
                                             .counters = counters};
    return support_main(&prog, argc, argv);
}
