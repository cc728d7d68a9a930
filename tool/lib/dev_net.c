/* SPDX-License-Identifier: ISC */
/* Network devices: default_network, netif, ethif, arp, create_ipv4 and the
 * direct transports (direct_icmpv4, direct_udp, direct_tcp). */
#include "cfg_priv.h"

#define CONNECT_H "mirage/connect.h"

const struct mirage__cfg_impl mirage__cfg_impl_netif = {
    .name = "netif",
    .kind = MIRAGE__K_NETWORK,
    .connect = "mirage_netif_connect",
    .libs = {"netif", "buf"},
    .targets = MIRAGE__T_ALL,
    .doc = "a network interface: a tap (unix, --interface) or a Solo5 net "
           "device",
};

const struct mirage__cfg_impl mirage__cfg_impl_ethif = {
    .name = "ethif",
    .kind = MIRAGE__K_ETHERNET,
    .connect = "mirage_ethernet_create",
    .libs = {"ethernet", "buf"},
    .targets = MIRAGE__T_ALL,
    .deps = {MIRAGE__K_NETWORK},
    .ndeps = 1,
    .doc = "Ethernet framing over a network device",
};

const struct mirage__cfg_impl mirage__cfg_impl_arp = {
    .name = "arp",
    .kind = MIRAGE__K_ARP,
    .connect = "mirage_arp_create",
    .libs = {"arp", "ethernet", "netif", "buf", "ipaddr"},
    .targets = MIRAGE__T_ALL,
    .deps = {MIRAGE__K_ETHERNET},
    .ndeps = 1,
    .doc = "ARP (RFC 826) over Ethernet",
};

const struct mirage__cfg_impl mirage__cfg_impl_create_ipv4 = {
    .name = "create_ipv4",
    .kind = MIRAGE__K_IPV4,
    .connect = "mirage_connect_ipv4",
    .libs = {"connect", "ipv4", "ethernet", "buf", "ipaddr"},
    .header = CONNECT_H,
    .targets = MIRAGE__T_ALL,
    .deps = {MIRAGE__K_ETHERNET, MIRAGE__K_ARP},
    .ndeps = 2,
    .doc = "static IPv4 (--ipv4, --ipv4-gateway)",
};

const struct mirage__cfg_impl mirage__cfg_impl_direct_icmpv4 = {
    .name = "direct_icmpv4",
    .kind = MIRAGE__K_ICMP,
    .connect = "mirage_connect_icmpv4",
    .libs = {"connect", "icmp", "ipv4", "buf", "ipaddr"},
    .header = CONNECT_H,
    .targets = MIRAGE__T_ALL,
    .deps = {MIRAGE__K_IPV4},
    .ndeps = 1,
    .doc = "ICMPv4: echo replies and errors",
};

const struct mirage__cfg_impl mirage__cfg_impl_direct_udp = {
    .name = "direct_udp",
    .kind = MIRAGE__K_UDP,
    .connect = "mirage_connect_udp",
    .libs = {"connect", "udp", "ipv4", "buf", "ipaddr"},
    .header = CONNECT_H,
    .targets = MIRAGE__T_ALL,
    .deps = {MIRAGE__K_IPV4, MIRAGE__K_RANDOM},
    .ndeps = 2,
    .doc = "UDP over IPv4",
};

const struct mirage__cfg_impl mirage__cfg_impl_direct_tcp = {
    .name = "direct_tcp",
    .kind = MIRAGE__K_TCP,
    .connect = "mirage_connect_tcp",
    .libs = {"connect", "tcp", "ipv4", "buf", "ipaddr"},
    .header = CONNECT_H,
    .targets = MIRAGE__T_ALL,
    .deps = {MIRAGE__K_IPV4, MIRAGE__K_RANDOM},
    .ndeps = 2,
    .doc = "TCP over IPv4",
};

struct mirage_network_impl *mirage__netif(const char *file, int line,
                                          const char *name,
                                          struct mirage_dev_opts o)
{
    struct mirage__cfg_dev p = {
        .impl = &mirage__cfg_impl_netif, .file = file, .line = line};

    mirage__cfg_dev_name_arg(file, line, "netif", name);
    if (mirage_target() == MIRAGE_TARGET_UNIX) {
        char *kn = mirage__cfg_grouped(file, line, o.group, "interface");
        mirage__cfg_dev_key(
            &p, mirage__cfg_device_key(file, line, kn, MIRAGE_KEY_STRING, name,
                                       "The network interface (a tap device) "
                                       "to use.",
                                       "NAME"));
    } else {
        /* Solo5 devices are named by the manifest, not at boot. */
        mirage__cfg_dev_str(&p, name);
        mirage__cfg_dev_mft(&p, name, MIRAGE__MFT_NET);
    }
    return (struct mirage_network_impl *)mirage__cfg_dev_add(&p);
}

struct mirage_network_impl *mirage__default_network(const char *file, int line)
{
    const char *name =
        mirage_target() == MIRAGE_TARGET_UNIX ? "tap0" : "service";

    return mirage__netif(file, line, name, (struct mirage_dev_opts){0});
}

struct mirage_ethernet_impl *mirage__ethif(const char *file, int line,
                                           struct mirage_network_impl *net)
{
    return (void *)MIRAGE__OVER(&mirage__cfg_impl_ethif, net);
}

struct mirage_arp_impl *mirage__arp(const char *file, int line,
                                    struct mirage_ethernet_impl *eth)
{
    struct mirage__cfg_dev p = {
        .impl = &mirage__cfg_impl_arp, .file = file, .line = line};

    mirage__cfg_dev_dep(&p, eth);
    mirage__cfg_dev_expr(&p, "NULL"); /* the default configuration */
    return (struct mirage_arp_impl *)mirage__cfg_dev_add(&p);
}

struct mirage_ipv4_impl *mirage__create_ipv4(const char *file, int line,
                                             struct mirage_ethernet_impl *eth,
                                             struct mirage_arp_impl *arp,
                                             struct mirage_dev_opts o)
{
    struct mirage__cfg_dev p = {
        .impl = &mirage__cfg_impl_create_ipv4, .file = file, .line = line};
    char *kn = mirage__cfg_grouped(file, line, o.group, "ipv4");
    char *gw = mirage__cfg_fmt("%s-gateway", kn);

    mirage__cfg_dev_dep(&p, eth);
    mirage__cfg_dev_dep(&p, arp);
    mirage__cfg_dev_str(&p, kn);
    mirage__cfg_dev_key(
        &p, mirage__cfg_device_key(file, line, kn, MIRAGE_KEY_IPV4_PREFIX,
                                   "10.0.0.2/24",
                                   "The IPv4 address and prefix length of "
                                   "the unikernel.",
                                   "PREFIX"));
    mirage__cfg_dev_key(&p, mirage__cfg_device_key(
                                file, line, gw, MIRAGE_KEY_IPV4, "",
                                "The IPv4 gateway (none by default).", "IP"));
    return (struct mirage_ipv4_impl *)mirage__cfg_dev_add(&p);
}

struct mirage_icmp_impl *mirage__direct_icmpv4(const char *file, int line,
                                               struct mirage_ipv4_impl *ip)
{
    return (void *)MIRAGE__OVER(&mirage__cfg_impl_direct_icmpv4, ip);
}

struct mirage_udp_impl *mirage__direct_udp(const char *file, int line,
                                           struct mirage_ipv4_impl *ip)
{
    return (void *)MIRAGE__OVER(&mirage__cfg_impl_direct_udp, ip,
                                mirage__default_random(file, line));
}

struct mirage_tcp_impl *mirage__direct_tcp(const char *file, int line,
                                           struct mirage_ipv4_impl *ip)
{
    return (void *)MIRAGE__OVER(&mirage__cfg_impl_direct_tcp, ip,
                                mirage__default_random(file, line));
}
