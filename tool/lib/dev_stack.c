/* SPDX-License-Identifier: ISC */
/* Stacks and what is built on them: direct_stackv4v6, socket_stackv4v6,
 * generic_stackv4v6 (--net), tcpv4v6_of_stackv4v6 and http_server. */
#include "cfg_priv.h"

#include <string.h>

#define CONNECT_H "mirage/connect.h"

const struct mirage__cfg_impl mirage__cfg_impl_direct_stackv4v6 = {
    .name = "direct_stackv4v6",
    .kind = MIRAGE__K_STACK,
    .connect = "mirage_connect_direct_stack",
    .libs = {"connect", "stack", "tcp", "udp", "icmp", "ipv4", "arp",
             "ethernet", "netif", "buf", "ipaddr"},
    .header = CONNECT_H,
    .targets = MIRAGE__T_ALL,
    .deps = {MIRAGE__K_NETWORK, MIRAGE__K_ETHERNET, MIRAGE__K_ARP,
             MIRAGE__K_IPV4, MIRAGE__K_RANDOM},
    .ndeps = 5,
    .doc = "TCP/IP in the unikernel over the layers given",
};

const struct mirage__cfg_impl mirage__cfg_impl_socket_stackv4v6 = {
    .name = "socket_stackv4v6",
    .kind = MIRAGE__K_STACK,
    .connect = "mirage_connect_socket_stack",
    .libs = {"connect", "socket", "buf", "ipaddr"},
    .header = CONNECT_H,
    .targets = MIRAGE__T(MIRAGE_TARGET_UNIX),
    .doc = "TCP and UDP over the host's sockets (--ipv4)",
};

const struct mirage__cfg_impl mirage__cfg_impl_tcpv4v6_of_stackv4v6 = {
    .name = "tcpv4v6_of_stackv4v6",
    .kind = MIRAGE__K_TCP,
    .connect = "mirage_connect_stack_tcp",
    .libs = {"connect"},
    .header = CONNECT_H,
    .targets = MIRAGE__T_ALL,
    .deps = {MIRAGE__K_STACK},
    .ndeps = 1,
    .doc = "the TCP of a stack",
};

const struct mirage__cfg_impl mirage__cfg_impl_http_server = {
    .name = "http_server",
    .kind = MIRAGE__K_HTTP,
    .connect = "mirage_connect_http_server",
    .libs = {"connect", "http", "buf"},
    .header = CONNECT_H,
    .targets = MIRAGE__T_ALL,
    .deps = {MIRAGE__K_STACK},
    .ndeps = 1,
    .doc = "an HTTP/1.1 server's TCP port (an int runtime key) on a stack",
};

struct mirage_stack_impl *mirage__direct_stackv4v6(
    const char *file, int line, struct mirage_network_impl *net,
    struct mirage_ethernet_impl *eth, struct mirage_arp_impl *arp,
    struct mirage_ipv4_impl *ip)
{
    return (void *)MIRAGE__OVER(&mirage__cfg_impl_direct_stackv4v6, net, eth,
                                arp, ip, mirage__default_random(file, line));
}

struct mirage_stack_impl *mirage__socket_stackv4v6(const char *file, int line,
                                                   struct mirage_dev_opts o)
{
    struct mirage__cfg_dev p = {
        .impl = &mirage__cfg_impl_socket_stackv4v6, .file = file, .line = line};
    char *kn = mirage__cfg_grouped(file, line, o.group, "ipv4");

    mirage__cfg_dev_str(&p, kn);
    mirage__cfg_dev_key(
        &p, mirage__cfg_device_key(file, line, kn, MIRAGE_KEY_IPV4_PREFIX,
                                   "0.0.0.0/0",
                                   "The IPv4 address (and prefix length) "
                                   "the sockets bind to; 0.0.0.0/0: any.",
                                   "PREFIX"));
    return (struct mirage_stack_impl *)mirage__cfg_dev_add(&p);
}

/* --net: true for the socket stack.  MirageOS 4.4's rule: the socket stack
 * on unix unless --net=direct, the direct stack on every other target. */
static bool wants_socket(const char *file, int line, const char *group)
{
    bool unix_target = mirage_target() == MIRAGE_TARGET_UNIX;
    char *kn = mirage__cfg_grouped(file, line, group, "net");
    const char *v = mirage__conf_string(
        file, line, kn, unix_target ? "socket" : "direct",
        "The stack of generic_stackv4v6: direct (TCP/IP in the unikernel) "
        "or socket (host sockets, unix only).");

    if (strcmp(v, "direct") == 0 || strcmp(v, "ocaml") == 0)
        return false;
    if (strcmp(v, "socket") != 0 && strcmp(v, "host") != 0)
        mirage__cfg_die("configure key '--%s=%s': expected direct or socket",
                        kn, v);
    if (!unix_target)
        mirage__cfg_die("configure key '--%s=%s': the socket stack is for the "
                        "unix target only",
                        kn, v);
    return true;
}

struct mirage_stack_impl *
mirage__generic_stackv4v6(const char *file, int line,
                          struct mirage_network_impl *net,
                          struct mirage_dev_opts o)
{
    if (!net)
        mirage__cfg_die_at(file, line,
                           "generic_stackv4v6: device 1 must be a network "
                           "device");
    if (wants_socket(file, line, o.group))
        return mirage__socket_stackv4v6(file, line, o);
    struct mirage_ethernet_impl *eth = mirage__ethif(file, line, net);
    struct mirage_arp_impl *arp = mirage__arp(file, line, eth);
    struct mirage_ipv4_impl *ip = mirage__create_ipv4(file, line, eth, arp, o);
    return mirage__direct_stackv4v6(file, line, net, eth, arp, ip);
}

struct mirage_tcp_impl *
mirage__tcpv4v6_of_stackv4v6(const char *file, int line,
                             struct mirage_stack_impl *stack)
{
    return (void *)MIRAGE__OVER(&mirage__cfg_impl_tcpv4v6_of_stackv4v6, stack);
}

struct mirage_http_impl *mirage__http_server(const char *file, int line,
                                             struct mirage_key *port,
                                             struct mirage_stack_impl *stack)
{
    struct mirage__cfg_dev p = {
        .impl = &mirage__cfg_impl_http_server, .file = file, .line = line};

    if (!port || port->type != MIRAGE_KEY_INT)
        mirage__cfg_die_at(file, line,
                           "http_server: the port must be an int runtime key "
                           "(mirage_key_int)");
    mirage__cfg_dev_dep(&p, stack);
    mirage__cfg_dev_str(&p, port->name);
    mirage__cfg_dev_key(&p, port);
    return (struct mirage_http_impl *)mirage__cfg_dev_add(&p);
}
