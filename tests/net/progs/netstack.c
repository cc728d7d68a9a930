/* SPDX-License-Identifier: ISC */
/* A hand-written unikernel for the Linux interop tests: UDP echo and stats. */
#include <mirage.h>
#include <mirage/arp.h>
#include <mirage/ethernet.h>
#include <mirage/icmp.h>
#include <mirage/ipv4.h>
#include <mirage/net.h>
#include <mirage/udp.h>

#include <stdio.h>
#include <string.h>

/*
 * Boot arguments: --interface=tap0 --ipv4=10.0.0.2/24 [--ipv4-gateway=IP].
 * UDP port 7 echoes every datagram.  UDP port 9 is the control port: a
 * datagram "stats" is answered with every counter as "name value" lines;
 * "quit" ends the unikernel, which prints the counters at exit.
 */

static struct mirage_key key_interface = {.name = "interface",
                                          .doc = "The tap interface.",
                                          .docv = "NAME",
                                          .type = MIRAGE_KEY_STRING,
                                          .default_text = "tap0"};
static struct mirage_key key_ipv4 = {.name = "ipv4",
                                     .doc = "Address and prefix.",
                                     .docv = "PREFIX",
                                     .type = MIRAGE_KEY_STRING,
                                     .default_text = "10.0.0.2/24"};
static struct mirage_key key_gateway = {.name = "ipv4-gateway",
                                        .doc = "Gateway.",
                                        .docv = "IP",
                                        .type = MIRAGE_KEY_STRING,
                                        .default_text = ""};
static struct mirage_key *const keys[] = {&key_interface, &key_ipv4,
                                          &key_gateway};

static struct {
    struct mirage_net *net;
    struct mirage_ethernet *eth;
    struct mirage_arp *arp;
    struct mirage_ipv4 *v4;
    struct mirage_icmp *icmp;
    struct mirage_udp *udp;
} s;
static struct mirage_cond quit = MIRAGE_COND_INIT;
static bool quitting;

struct text {
    char buf[16384];
    size_t len;
};

static void add(void *arg, const char *name, uint64_t v)
{
    struct text *t = arg;
    int n = snprintf(t->buf + t->len, sizeof(t->buf) - t->len, "%s %llu\n",
                     name, (unsigned long long)v);
    if (n > 0 && (size_t)n < sizeof(t->buf) - t->len)
        t->len += (size_t)n;
}

static void counters(struct text *t)
{
    t->len = 0;
    mirage_net_counters(s.net, "netif", add, t);
    mirage_ethernet_counters(s.eth, add, t);
    mirage_arp_counters(s.arp, add, t);
    mirage_ipv4_counters(s.v4, add, t);
    mirage_icmpv4_counters(s.icmp, add, t);
    mirage_udp_direct_counters(s.udp, add, t);
}

static void echo(void *arg, struct mirage_udp *u,
                 const struct mirage_ipaddr *src, uint16_t sport,
                 const struct mirage_ipaddr *dst, uint16_t dport,
                 struct mirage_buf *b)
{
    (void)arg, (void)dst;
    mirage_udp_write(u, NULL, dport, src, sport, mirage_buf_data(b), b->len);
}

static void control(void *arg, struct mirage_udp *u,
                    const struct mirage_ipaddr *src, uint16_t sport,
                    const struct mirage_ipaddr *dst, uint16_t dport,
                    struct mirage_buf *b)
{
    (void)arg, (void)dst;
    static struct text t;
    if (b->len == 4 && memcmp(mirage_buf_data(b), "quit", 4) == 0) {
        quitting = true;
        mirage_cond_broadcast(&quit);
        mirage_udp_write(u, NULL, dport, src, sport, "bye", 3);
        return;
    }
    counters(&t);
    mirage_udp_write(u, NULL, dport, src, sport, t.buf, t.len);
}

static int connect_all(void)
{
    struct mirage_ipv4_config cfg;
    struct mirage_random *rng;
    int r = mirage_ipv4_config_parse(&cfg, key_ipv4.value.scalar.s,
                                     key_gateway.value.scalar.s);
    if (r == 0)
        r = mirage_random_default_connect(&rng);
    if (r == 0)
        r = mirage_netif_connect(key_interface.value.scalar.s, &s.net);
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
        r = mirage_udp_listen(s.udp, 9, control, NULL);
    return r;
}

static int start(void)
{
    int r = connect_all();
    if (r < 0) {
        printf("netstack: %s\n", mirage_strerror(r));
        return 1;
    }
    printf("netstack: ready\n");
    fflush(stdout);
    while (!quitting)
        mirage_cond_wait(&quit);
    mirage_sleep_ns(50000000); /* let the "bye" go */
    static struct text t;
    counters(&t);
    printf("%s", t.buf);
    return 0;
}

int mirage_app_main(int argc, char **argv)
{
    static const struct mirage_app app = {
        .name = "netstack",
        .keys = keys,
        .nkeys = sizeof(keys) / sizeof(keys[0]),
        .start = start,
    };
    return mirage_main(&app, argc, argv);
}
