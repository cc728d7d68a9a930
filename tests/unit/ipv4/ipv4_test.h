/* SPDX-License-Identifier: ISC */
/* Shared set-up of the IPv4 tests: a fake device, Ethernet, ARP, IPv4. */
#ifndef MIRAGE_TEST_IPV4_H
#define MIRAGE_TEST_IPV4_H

#include <mirage/arp.h>
#include <mirage/ethernet.h>
#include <mirage/ipv4.h>

#include "../netsupport/netsupport.h"
#include "check.h"

#define MS 1000000ull
#define US NS_IP(10, 0, 0, 2)
#define PEER NS_IP(10, 0, 0, 1)
#define PROTO_TEST 253

struct delivery {
    int count;
    uint32_t src, dst;
    uint32_t len;
    uint8_t data[70000];
    uint8_t hdr[20]; /* the 20 bytes before the data */
};

extern struct fakenet fn;
extern struct mirage_ethernet *eth;
extern struct mirage_arp *arp;
extern struct mirage_ipv4 *v4;
extern struct mirage_ip *ip;
extern struct delivery got;

/* Creates the layers (10.0.0.2/24, gateway 10.0.0.1 unless no_gw) with the
 * peer 10.0.0.1 already in the ARP cache; a handler for PROTO_TEST and
 * UDP fills got. */
void setup(const struct mirage_ipv4_config *extra, bool no_gw);
/* Destroys them and checks the device's pool is back to zero. */
void teardown(void);
uint64_t drops(enum mirage_ipv4_drop d);
/* Injects an IPv4 packet from the peer's MAC: a 20-byte header and data. */
void inject_ip(uint32_t src, uint32_t dst, uint8_t proto, const void *data,
               size_t len, uint16_t id, uint16_t frag);
/* Injects raw IPv4 bytes (header included) in a frame from the peer. */
void inject_raw(const uint8_t *pkt, size_t len);

#endif
