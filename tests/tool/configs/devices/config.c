/* SPDX-License-Identifier: ISC */
/* A configuration using every network and storage device, for the tool
 * tests: two interfaces (one in group "two"), a stack chosen by --net, the
 * direct transports, block devices, read-only and read-write stores. */
#include <mirage/config.h>

int main(int argc, char **argv)
{
    struct mirage_key *port =
        mirage_key_int("http", 80, "The HTTP port.", .docv = "PORT");
    struct mirage_stack_impl *stack =
        mirage_generic_stackv4v6(mirage_default_network());
    struct mirage_network_impl *net2 = mirage_netif("other", .group = "two");
    struct mirage_ethernet_impl *eth2 = mirage_ethif(net2);
    struct mirage_arp_impl *arp2 = mirage_arp(eth2);
    struct mirage_ipv4_impl *ip2 =
        mirage_create_ipv4(eth2, arp2, .group = "two");
    struct mirage_job *net_job = mirage_foreign(
        "net_start", MIRAGE_KEYS(),
        MIRAGE_ARGS(mirage_arg_stack(stack),
                    mirage_arg_http(mirage_http_server(port, stack)),
                    mirage_arg_tcp(mirage_tcpv4v6_of_stackv4v6(stack)),
                    mirage_arg_udp(mirage_direct_udp(ip2)),
                    mirage_arg_tcp(mirage_direct_tcp(ip2)),
                    mirage_arg_icmp(mirage_direct_icmpv4(ip2))));

    struct mirage_block_impl *disk = mirage_block_of_file("storage");
    struct mirage_job *store_job = mirage_foreign(
        "store_start", MIRAGE_KEYS(),
        MIRAGE_ARGS(
            mirage_arg_kv_rw(mirage_kv_ring(disk)),
            mirage_arg_kv_ro(mirage_generic_kv_ro("htdocs")),
            mirage_arg_kv_ro(mirage_tar_kv_ro(mirage_block_of_file("archive"))),
            mirage_arg_block(mirage_generic_block("scratch", .size = 1 << 20)),
            mirage_arg_kv_ro(mirage_kv_ro_of_rw(mirage_kv_rw_mem()))));

    return mirage_register(argc, argv, "devices", net_job, store_job);
}
