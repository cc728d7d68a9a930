/* SPDX-License-Identifier: ISC */
/* The direct stack: wiring of the layers, counters, listen and disconnect. */
#include <mirage/stack.h>

#include "../netsupport/nsstack.h"
#include "check.h"

static struct ns_stack s;
static struct mirage_tcp *tcp;
static struct mirage_stack *stack;

struct seen {
    char names[128][48];
    uint64_t values[128];
    int n;
};

static void collect(void *arg, const char *name, uint64_t v)
{
    struct seen *c = arg;
    if (c->n < 128) {
        snprintf(c->names[c->n], sizeof(c->names[0]), "%s", name);
        c->values[c->n++] = v;
    }
}

static int64_t counter(const struct seen *c, const char *name)
{
    for (int i = 0; i < c->n; i++)
        if (strcmp(c->names[i], name) == 0)
            return (int64_t)c->values[i];
    return -1;
}

static void test_parts(void)
{
    CHECK(mirage_stack_udp(stack) == s.udp);
    CHECK(mirage_stack_tcp(stack) == tcp);
    CHECK(mirage_stack_ip(stack) == s.ip);
    struct mirage_ipprefix p[2];
    CHECK_UINT_EQ(mirage_stack_addresses(stack, p, 2), 1);
    CHECK_UINT_EQ(mirage_ipv4_to_u32(&p[0].addr), NS_US);
    CHECK_UINT_EQ(p[0].len, 24);
    struct mirage_stack_direct_parts got;
    mirage_stack_direct_parts(stack, &got);
    CHECK(got.arp == s.arp && got.eth == s.eth && got.ipv4 == s.v4);
}

static void echo(void *arg, struct mirage_udp *u,
                 const struct mirage_ipaddr *src, uint16_t sport,
                 const struct mirage_ipaddr *dst, uint16_t dport,
                 struct mirage_buf *b)
{
    (void)arg, (void)dst;
    mirage_udp_write(u, NULL, dport, src, sport, mirage_buf_data(b), b->len);
}

static void test_traffic_and_counters(void)
{
    uint8_t p[128], pkt[2000];
    CHECK_INT_EQ(mirage_stack_udp_listen(stack, 7, echo, NULL), 0);
    size_t n = ns_udp(p, NS_PEER, NS_US, 999, 7, "through", 7);
    ns_inject_ip(&s, NS_PEER, NS_US, 17, p, n);
    CHECK_INT_EQ(ns_take_ip(&s, pkt, sizeof(pkt)), 15);
    CHECK_MEM_EQ(pkt + 28, "through", 7);
    n = ns_echo(p, 8, 1, 1, "ping", 4);
    ns_inject_ip(&s, NS_PEER, NS_US, 1, p, n);
    CHECK_INT_EQ(ns_take_ip(&s, pkt, sizeof(pkt)), 12);
    CHECK_UINT_EQ(pkt[20], 0);
    struct mirage_ipaddr peer = mirage_ipv4(10, 0, 0, 1);
    CHECK_INT_EQ(mirage_stack_udp_write(stack, &peer, 53, "q", 1), 0);
    CHECK_INT_EQ(ns_take_ip(&s, pkt, sizeof(pkt)), 9);
    static struct seen c;
    mirage_stack_counters(stack, collect, &c);
    CHECK_INT_EQ(counter(&c, "icmp.rx_echo_requests"), 1);
    CHECK_INT_EQ(counter(&c, "udp.rx_delivered"), 1);
    CHECK_INT_EQ(counter(&c, "udp.tx_datagrams"), 2);
    CHECK_INT_EQ(counter(&c, "ipv4.rx_delivered"), 2);
    CHECK_INT_EQ(counter(&c, "ipv4.drop.bad_checksum"), 0);
    CHECK(counter(&c, "netif.rx_packets") >= 3);
    CHECK(counter(&c, "ethernet.rx_frames") >= 3);
    CHECK(counter(&c, "arp.rx_requests") >= 1);
    CHECK(counter(&c, "tcp.segs_in") >= 0);
    mirage_udp_unlisten(mirage_stack_udp(stack), 7);
}

/* A SYN to a listening port is answered by the TCP engine: the direct
 * stack delivers protocol 6 to it. */
static void test_tcp_wired(void)
{
    struct mirage_tcp_listener *l;
    CHECK_INT_EQ(mirage_stack_tcp_listen(stack, 80, 4, &l), 0);
    uint8_t seg[20] = {0};
    ns_wr16(seg, 40000);
    ns_wr16(seg + 2, 80);
    ns_wr32(seg + 4, 12345);
    seg[12] = 5 << 4;
    seg[13] = 0x02; /* SYN */
    ns_wr16(seg + 14, 65535);
    ns_wr16(seg + 16, ns_csum(seg, 20, ns_pseudo(NS_PEER, NS_US, 6, 20)));
    ns_inject_ip(&s, NS_PEER, NS_US, 6, seg, 20);
    uint8_t pkt[2000];
    int len = ns_take_ip(&s, pkt, sizeof(pkt));
    CHECK(len >= 20);
    if (len >= 20) {
        const uint8_t *t = pkt + 20;
        CHECK_UINT_EQ(pkt[9], 6);
        CHECK_UINT_EQ(ns_rd16(t), 80);
        CHECK_UINT_EQ(ns_rd16(t + 2), 40000);
        CHECK_UINT_EQ(t[13] & 0x12, 0x12); /* SYN and ACK */
        CHECK_UINT_EQ(ns_rd32(t + 8), 12346);
        CHECK_UINT_EQ(
            ns_csum(t, (size_t)len, ns_pseudo(NS_US, NS_PEER, 6, (size_t)len)),
            0);
    }
    mirage_tcp_unlisten(l);
    fakenet_clear(&s.fn);
}

static void disconnect_later(void *arg)
{
    mirage_sleep_ns(5000000);
    mirage_stack_disconnect(arg);
}

static void test_listen_disconnect(void)
{
    mirage_spawn(disconnect_later, stack);
    CHECK_INT_EQ(mirage_stack_listen(stack), 0);
    stack = NULL;
}

static void test_create_errors(void)
{
    struct mirage_stack_direct_config cfg = {
        .interface = "a-name-far-too-long-for-any-tap-device"};
    mirage_ipv4_config_parse(&cfg.ipv4, "10.0.0.2/24", NULL);
    struct mirage_stack *st;
    CHECK(mirage_stack_direct_create(&cfg, &st) < 0);
}

static int run(void)
{
    CHECK_INT_EQ(ns_stack_up(&s, true, true), 0);
    CHECK_INT_EQ(mirage_tcp_direct_create(s.ip, s.rng, NULL, &tcp), 0);
    struct mirage_stack_direct_parts p = {.net = &s.fn.net,
                                          .eth = s.eth,
                                          .arp = s.arp,
                                          .ipv4 = s.v4,
                                          .ip = s.ip,
                                          .icmp = s.icmp,
                                          .udp = s.udp,
                                          .tcp = tcp};
    CHECK_INT_EQ(mirage_stack_direct_connect(&p, &stack), 0);
    RUN(test_parts);
    RUN(test_traffic_and_counters);
    RUN(test_tcp_wired);
    RUN(test_listen_disconnect);
    RUN(test_create_errors);
    mirage_tcp_direct_destroy(tcp);
    CHECK_UINT_EQ(ns_stack_down(&s), 0);
    return 0;
}

int main(void)
{
    CHECK_INT_EQ(ns_run(run), 0);
    CHECK_DONE();
}
