/* SPDX-License-Identifier: ISC */
/* Connect functions of config.c's devices, called by the generated main.c. */
#ifndef MIRAGE_CONNECT_H
#define MIRAGE_CONNECT_H

/*
 * Most devices of config.c connect through their library's own constructor
 * (mirage_netif_connect, mirage_block_connect, ...).  The ones below join
 * layers whose constructors take other types or a configuration struct:
 * they turn the runtime keys' text into those (--ipv4, --ipv4-gateway),
 * create the transports of a direct stack, and so on.  They live in the
 * library `connect` (tool/connect/), which a unikernel links when it uses
 * such a device.  An application never needs to call them.
 *
 * Errors: each returns 0 or the negative error of the constructor it
 * calls; a malformed key value is logged with the key's name and returns
 * -EINVAL; a port outside 1..65535 returns -EINVAL.
 */

#include <mirage/arp.h>
#include <mirage/ethernet.h>
#include <mirage/icmp.h>
#include <mirage/ipv4.h>
#include <mirage/kv.h>
#include <mirage/net.h>
#include <mirage/random.h>
#include <mirage/stack.h>
#include <mirage/tcp.h>
#include <mirage/udp.h>

/* create_ipv4: cidr is the value of --ipv4 ("10.0.0.2/24"), gateway that of
 * --ipv4-gateway ("" for none); key is the name of the first key
 * ("ipv4", or "G-ipv4" in a group) for messages. */
int mirage_connect_ipv4(struct mirage_ethernet *eth, struct mirage_arp *arp,
                        const char *key, const char *cidr, const char *gateway,
                        struct mirage_ipv4 **out);
/* direct_icmpv4, direct_udp, direct_tcp: over the IPv4 layer v4. */
int mirage_connect_icmpv4(struct mirage_ipv4 *v4, struct mirage_icmp **out);
int mirage_connect_udp(struct mirage_ipv4 *v4, struct mirage_random *rng,
                       struct mirage_udp **out);
int mirage_connect_tcp(struct mirage_ipv4 *v4, struct mirage_random *rng,
                       struct mirage_tcp **out);
/* direct_stackv4v6: ICMP, UDP and TCP over v4, assembled with the layers
 * below into a stack. */
int mirage_connect_direct_stack(struct mirage_net *net,
                                struct mirage_ethernet *eth,
                                struct mirage_arp *arp, struct mirage_ipv4 *v4,
                                struct mirage_random *rng,
                                struct mirage_stack **out);
/* socket_stackv4v6 (unix only): host sockets bound to the address of
 * prefix (the value of --ipv4; "0.0.0.0/0": any). */
int mirage_connect_socket_stack(const char *key, const char *prefix,
                                struct mirage_stack **out);
/* tcpv4v6_of_stackv4v6. */
int mirage_connect_stack_tcp(struct mirage_stack *s, struct mirage_tcp **out);
/* kv_ro_of_rw. */
int mirage_connect_kv_ro_of_rw(struct mirage_kv_rw *kv,
                               struct mirage_kv_ro **out);
/* http_server: listens on port (the value of the runtime key named key)
 * of the stack's TCP, with a backlog of 64. */
int mirage_connect_http_server(struct mirage_stack *s, const char *key,
                               int port, struct mirage_tcp_listener **out);

#endif
