/* SPDX-License-Identifier: ISC */
/* Device kinds: the module types of MirageOS, one C type each. */
#include "cfg_priv.h"

/*
 * One line per kind: its name (variables in main.c are NAME0, NAME1...),
 * the runtime type its devices connect to and the job receives, and the
 * header that declares that type.
 */
const struct mirage__cfg_kind mirage__cfg_kinds[MIRAGE__K_COUNT] = {
    [MIRAGE__K_TIME] = {"time", "struct mirage_time *", "mirage/time.h"},
    [MIRAGE__K_MCLOCK] = {"mclock", "struct mirage_mclock *", "mirage/clock.h"},
    [MIRAGE__K_PCLOCK] = {"pclock", "struct mirage_pclock *", "mirage/clock.h"},
    [MIRAGE__K_CONSOLE] = {"console", "struct mirage_console *",
                           "mirage/console.h"},
    [MIRAGE__K_RANDOM] = {"random", "struct mirage_random *",
                          "mirage/random.h"},
    [MIRAGE__K_INFO] = {"info", "const struct mirage_app *", "mirage/main.h"},
    [MIRAGE__K_NETWORK] = {"network", "struct mirage_net *", "mirage/net.h"},
    [MIRAGE__K_ETHERNET] = {"ethernet", "struct mirage_ethernet *",
                            "mirage/ethernet.h"},
    [MIRAGE__K_ARP] = {"arp", "struct mirage_arp *", "mirage/arp.h"},
    [MIRAGE__K_IPV4] = {"ipv4", "struct mirage_ipv4 *", "mirage/ipv4.h"},
    [MIRAGE__K_ICMP] = {"icmp", "struct mirage_icmp *", "mirage/icmp.h"},
    [MIRAGE__K_UDP] = {"udp", "struct mirage_udp *", "mirage/udp.h"},
    [MIRAGE__K_TCP] = {"tcp", "struct mirage_tcp *", "mirage/tcp.h"},
    [MIRAGE__K_STACK] = {"stack", "struct mirage_stack *", "mirage/stack.h"},
    [MIRAGE__K_BLOCK] = {"block", "struct mirage_block *", "mirage/block.h"},
    [MIRAGE__K_KV_RO] = {"kv_ro", "struct mirage_kv_ro *", "mirage/kv.h"},
    [MIRAGE__K_KV_RW] = {"kv_rw", "struct mirage_kv_rw *", "mirage/kv.h"},
    /* An HTTP server device is its listening TCP endpoint, ready for
     * mirage_http_serve(); the header brings the HTTP API. */
    [MIRAGE__K_HTTP] = {"http", "struct mirage_tcp_listener *",
                        "mirage/http.h"},
};

/* A job argument is the device itself; the kind is checked again here in
 * case config.c cast a pointer. */
static struct mirage_arg *arg_of(enum mirage__cfg_kind_id k, void *d)
{
    struct mirage__cfg_dev *dev = d;

    if (!dev)
        mirage__cfg_die("mirage_arg_%s(NULL)", mirage__cfg_kinds[k].name);
    if (dev->impl->kind != k)
        mirage__cfg_die_at(dev->file, dev->line,
                           "%s is a %s device, passed as a %s", dev->impl->name,
                           mirage__cfg_kinds[dev->impl->kind].name,
                           mirage__cfg_kinds[k].name);
    return (struct mirage_arg *)d;
}

struct mirage_arg *mirage_arg_time(struct mirage_time_impl *d)
{
    return arg_of(MIRAGE__K_TIME, d);
}

struct mirage_arg *mirage_arg_mclock(struct mirage_mclock_impl *d)
{
    return arg_of(MIRAGE__K_MCLOCK, d);
}

struct mirage_arg *mirage_arg_pclock(struct mirage_pclock_impl *d)
{
    return arg_of(MIRAGE__K_PCLOCK, d);
}

struct mirage_arg *mirage_arg_console(struct mirage_console_impl *d)
{
    return arg_of(MIRAGE__K_CONSOLE, d);
}

struct mirage_arg *mirage_arg_random(struct mirage_random_impl *d)
{
    return arg_of(MIRAGE__K_RANDOM, d);
}

struct mirage_arg *mirage_arg_info(struct mirage_info_impl *d)
{
    return arg_of(MIRAGE__K_INFO, d);
}

struct mirage_arg *mirage_arg_network(struct mirage_network_impl *d)
{
    return arg_of(MIRAGE__K_NETWORK, d);
}

struct mirage_arg *mirage_arg_ethernet(struct mirage_ethernet_impl *d)
{
    return arg_of(MIRAGE__K_ETHERNET, d);
}

struct mirage_arg *mirage_arg_arp(struct mirage_arp_impl *d)
{
    return arg_of(MIRAGE__K_ARP, d);
}

struct mirage_arg *mirage_arg_ipv4(struct mirage_ipv4_impl *d)
{
    return arg_of(MIRAGE__K_IPV4, d);
}

struct mirage_arg *mirage_arg_icmp(struct mirage_icmp_impl *d)
{
    return arg_of(MIRAGE__K_ICMP, d);
}

struct mirage_arg *mirage_arg_udp(struct mirage_udp_impl *d)
{
    return arg_of(MIRAGE__K_UDP, d);
}

struct mirage_arg *mirage_arg_tcp(struct mirage_tcp_impl *d)
{
    return arg_of(MIRAGE__K_TCP, d);
}

struct mirage_arg *mirage_arg_stack(struct mirage_stack_impl *d)
{
    return arg_of(MIRAGE__K_STACK, d);
}

struct mirage_arg *mirage_arg_block(struct mirage_block_impl *d)
{
    return arg_of(MIRAGE__K_BLOCK, d);
}

struct mirage_arg *mirage_arg_kv_ro(struct mirage_kv_ro_impl *d)
{
    return arg_of(MIRAGE__K_KV_RO, d);
}

struct mirage_arg *mirage_arg_kv_rw(struct mirage_kv_rw_impl *d)
{
    return arg_of(MIRAGE__K_KV_RW, d);
}

struct mirage_arg *mirage_arg_http(struct mirage_http_impl *d)
{
    return arg_of(MIRAGE__K_HTTP, d);
}
