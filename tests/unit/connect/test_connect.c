/* SPDX-License-Identifier: ISC */
/* The connect functions of config.c's devices (tool/connect): keys parsed,
 * layers joined, errors reported. */
#include <mirage/connect.h>

#include "../netsupport/nsstack.h"
#include "check.h"

/* A fake device with Ethernet and ARP over it, as main.c has them. */
struct link {
    struct fakenet fn;
    struct mirage_ethernet *eth;
    struct mirage_arp *arp;
};

static void link_up(struct link *l)
{
    memset(l, 0, sizeof *l);
    fakenet_init(&l->fn, 1500);
    CHECK_INT_EQ(mirage_ethernet_create(&l->fn.net, &l->eth), 0);
    CHECK_INT_EQ(mirage_arp_create(l->eth, NULL, &l->arp), 0);
}

static void link_down(struct link *l)
{
    mirage_arp_destroy(l->arp);
    mirage_ethernet_destroy(l->eth);
    CHECK_UINT_EQ(fakenet_fini(&l->fn), 0);
}

static void test_ipv4_keys(void)
{
    struct link l;
    struct mirage_ipv4 *v4 = NULL;
    struct mirage_ipprefix p;

    link_up(&l);
    CHECK_INT_EQ(mirage_connect_ipv4(l.eth, l.arp, "ipv4", "nonsense", "", &v4),
                 -EINVAL);
    CHECK_INT_EQ(
        mirage_connect_ipv4(l.eth, l.arp, "ipv4", "fe80::1/64", "", &v4),
        -EINVAL);
    CHECK_INT_EQ(mirage_connect_ipv4(l.eth, l.arp, "ipv4", "10.0.0.2", "", &v4),
                 -EINVAL);
    CHECK_INT_EQ(
        mirage_connect_ipv4(l.eth, l.arp, "ipv4", "10.0.0.2/24", "x", &v4),
        -EINVAL);
    CHECK_INT_EQ(
        mirage_connect_ipv4(l.eth, l.arp, "ipv4", "10.0.0.2/24", "::1", &v4),
        -EINVAL);
    CHECK(v4 == NULL);
    CHECK_INT_EQ(mirage_connect_ipv4(l.eth, l.arp, "ipv4", "192.168.7.9/20",
                                     "192.168.0.1", &v4),
                 0);
    mirage_ipv4_prefix(v4, &p);
    CHECK_UINT_EQ(mirage_ipv4_to_u32(&p.addr), NS_IP(192, 168, 7, 9));
    CHECK_UINT_EQ(p.len, 20);
    mirage_ipv4_destroy(v4);
    link_down(&l);
}

static void test_transports(void)
{
    struct ns_stack s;
    struct mirage_random *rng;
    struct mirage_icmp *icmp = NULL;
    struct mirage_udp *udp = NULL;
    struct mirage_tcp *tcp = NULL;
    struct mirage_tcp_listener *l;

    CHECK_INT_EQ(ns_stack_up(&s, false, false), 0);
    CHECK_INT_EQ(mirage_random_default_connect(&rng), 0);
    CHECK_INT_EQ(mirage_connect_icmpv4(s.v4, &icmp), 0);
    CHECK_INT_EQ(mirage_connect_udp(s.v4, rng, &udp), 0);
    CHECK_INT_EQ(mirage_connect_tcp(s.v4, rng, &tcp), 0);
    CHECK(icmp && udp && tcp);
    /* They are the IPv4 layer's transports: a ping is answered. */
    uint8_t p[64], pkt[2000];
    size_t n = ns_echo(p, 8, 1, 1, "ping", 4);
    ns_inject_ip(&s, NS_PEER, NS_US, 1, p, n);
    CHECK_INT_EQ(ns_take_ip(&s, pkt, sizeof pkt), 12);
    CHECK_UINT_EQ(pkt[20], 0); /* echo reply */
    CHECK_INT_EQ(mirage_tcp_listen(tcp, 80, 4, &l), 0);
    mirage_tcp_unlisten(l);
    mirage_tcp_direct_destroy(tcp);
    mirage_udp_direct_destroy(udp);
    mirage_icmpv4_destroy(icmp);
    CHECK_UINT_EQ(ns_stack_down(&s), 0);
}

static void test_direct_stack(void)
{
    struct ns_stack s;
    struct mirage_random *rng;
    struct mirage_stack *stack;
    struct mirage_stack_direct_parts parts;
    struct mirage_tcp *tcp;
    struct mirage_tcp_listener *l, *l2;

    CHECK_INT_EQ(ns_stack_up(&s, false, false), 0);
    CHECK_INT_EQ(mirage_random_default_connect(&rng), 0);
    CHECK_INT_EQ(
        mirage_connect_direct_stack(&s.fn.net, s.eth, s.arp, s.v4, rng, &stack),
        0);
    mirage_stack_direct_parts(stack, &parts);
    CHECK(parts.icmp && parts.udp && parts.tcp && parts.ipv4 == s.v4);
    CHECK_INT_EQ(mirage_connect_stack_tcp(stack, &tcp), 0);
    CHECK(tcp == parts.tcp);
    /* UDP was given ICMP: a closed port is answered "port unreachable". */
    uint8_t p[64], pkt[2000];
    size_t n = ns_udp(p, NS_PEER, NS_US, 999, 9, "x", 1);
    ns_inject_ip(&s, NS_PEER, NS_US, 17, p, n);
    CHECK_INT_EQ(ns_take_ip(&s, pkt, sizeof pkt), 8 + 20 + 9);
    CHECK_UINT_EQ(pkt[9], 1);  /* ICMP */
    CHECK_UINT_EQ(pkt[20], 3); /* destination unreachable */
    CHECK_UINT_EQ(pkt[21], 3); /* port */
    /* http_server: the port is checked, then listened on. */
    CHECK_INT_EQ(mirage_connect_http_server(stack, "port", 0, &l), -EINVAL);
    CHECK_INT_EQ(mirage_connect_http_server(stack, "port", 65536, &l), -EINVAL);
    CHECK_INT_EQ(mirage_connect_http_server(stack, "port", 8080, &l), 0);
    CHECK_INT_EQ(mirage_connect_http_server(stack, "port", 8080, &l2),
                 -EADDRINUSE);
    mirage_tcp_unlisten(l);
    mirage_stack_disconnect(stack);
    mirage_tcp_direct_destroy(parts.tcp);
    mirage_udp_direct_destroy(parts.udp);
    mirage_icmpv4_destroy(parts.icmp);
    CHECK_UINT_EQ(ns_stack_down(&s), 0);
}

static void test_socket_stack(void)
{
    struct mirage_stack *stack = NULL;
    struct mirage_ipprefix a[2];

    CHECK_INT_EQ(mirage_connect_socket_stack("ipv4", "bogus", &stack), -EINVAL);
    CHECK_INT_EQ(mirage_connect_socket_stack("ipv4", "::/0", &stack), -EINVAL);
    CHECK(stack == NULL);
    CHECK_INT_EQ(mirage_connect_socket_stack("ipv4", "127.0.0.1/8", &stack), 0);
    CHECK(stack != NULL);
    CHECK(mirage_stack_addresses(stack, a, 2) >= 1);
    CHECK_UINT_EQ(mirage_ipv4_to_u32(&a[0].addr), NS_IP(127, 0, 0, 1));
    mirage_stack_disconnect(stack);
}

static void test_kv_ro_of_rw(void)
{
    struct mirage_kv_rw *rw;
    struct mirage_kv_ro *ro;
    void *val;
    size_t len;

    CHECK_INT_EQ(mirage_kv_mem_connect(&rw), 0);
    CHECK_INT_EQ(mirage_connect_kv_ro_of_rw(rw, &ro), 0);
    CHECK(ro == mirage_kv_rw_ro(rw));
    CHECK_INT_EQ(mirage_kv_set(rw, "/a", "b", 1), 0);
    CHECK_INT_EQ(mirage_kv_get(ro, "a", &val, &len), 0);
    CHECK_UINT_EQ(len, 1);
    free(val);
    mirage_kv_disconnect(ro);
}

static int tests(void)
{
    RUN(test_ipv4_keys);
    RUN(test_transports);
    RUN(test_direct_stack);
    RUN(test_socket_stack);
    RUN(test_kv_ro_of_rw);
    return check__failures;
}

int main(void)
{
    ns_run(tests);
    CHECK_DONE();
}
