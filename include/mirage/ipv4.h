/* SPDX-License-Identifier: ISC */
/* IPv4 (RFC 791): the static IPv4 layer of the direct stack. */
#ifndef MIRAGE_IPV4_H
#define MIRAGE_IPV4_H

/*
 * lib/ipv4 implements the IP interface (<mirage/ip.h>) for IPv4 over an
 * Ethernet and an ARP layer, with a static address, prefix and optional
 * gateway (the --ipv4 and --ipv4-gateway boot arguments of MirageOS).
 *
 * Receive: every header is checked (version, header length, total length
 * against the frame, header checksum, options, source and destination);
 * datagrams for us (our address, 255.255.255.255, the subnet broadcast)
 * go to the handler of their protocol.  Fragments are reassembled within
 * bounds on fragments per datagram, datagrams and bytes in reassembly and
 * time; overlapping fragments discard the whole datagram.  Every dropped
 * packet is counted by reason.
 *
 * On delivery the 20 bytes before the transport data in b's headroom hold
 * the datagram's IPv4 header without options (total length and fragment
 * fields describing the delivered datagram), so ICMP can quote it in an
 * error.
 *
 * Send: to an on-link destination directly, else to the gateway
 * (-EHOSTUNREACH without one); 255.255.255.255 and the subnet broadcast go
 * to the Ethernet broadcast address.  Payloads larger than the MTU are
 * fragmented.  There is no loopback: our own address, 0.0.0.0 and
 * 127.0.0.0/8 are unreachable (-EHOSTUNREACH).  The source, when given,
 * must be our address or 0.0.0.0 (-EADDRNOTAVAIL).  A datagram larger than
 * 65535 bytes fails with -EMSGSIZE.
 *
 * Divergence from MirageOS: the default TTL is 64 (Linux's), not 38.
 */

#include <stdint.h>

#include <mirage/arp.h>
#include <mirage/ethernet.h>
#include <mirage/ip.h>
#include <mirage/ipaddr.h>
#include <mirage/net.h>

#define MIRAGE_IPV4_HLEN 20

/* Zero fields take the defaults shown. */
struct mirage_ipv4_config {
    struct mirage_ipprefix cidr;  /* our address and prefix: 10.0.0.2/24 */
    struct mirage_ipaddr gateway; /* family 0: no gateway */
    uint8_t ttl;                  /* 64 */
    uint32_t reasm_datagrams;     /* datagrams in reassembly at once; 16 */
    uint32_t reasm_fragments;     /* fragments per datagram; 64 */
    uint32_t reasm_bytes;         /* bytes held in reassembly; 256 KiB */
    uint64_t reasm_timeout_ns;    /* life of a datagram in reassembly; 10 s */
};

/* Fills cfg from text ("10.0.0.2/24"; gateway NULL or "" for none).
 * Returns 0 or -EINVAL. */
int mirage_ipv4_config_parse(struct mirage_ipv4_config *cfg, const char *cidr,
                             const char *gateway);

enum mirage_ipv4_drop {
    MIRAGE_IPV4_DROP_SHORT,         /* shorter than a header */
    MIRAGE_IPV4_DROP_BAD_VERSION,   /* version is not 4 */
    MIRAGE_IPV4_DROP_BAD_IHL,       /* header length < 20 or past the data */
    MIRAGE_IPV4_DROP_BAD_LENGTH,    /* total length vs header and frame */
    MIRAGE_IPV4_DROP_BAD_CHECKSUM,  /* header checksum */
    MIRAGE_IPV4_DROP_BAD_OPTIONS,   /* malformed or source-routing options */
    MIRAGE_IPV4_DROP_BAD_SRC,       /* broadcast, multicast, loopback, ours */
    MIRAGE_IPV4_DROP_NOT_FOR_US,    /* another destination or multicast */
    MIRAGE_IPV4_DROP_NO_HANDLER,    /* no transport for the protocol */
    MIRAGE_IPV4_DROP_FRAG_BAD,      /* bad fragment length or offset */
    MIRAGE_IPV4_DROP_FRAG_OVERLAP,  /* overlapping fragments (datagram) */
    MIRAGE_IPV4_DROP_FRAG_DUP,      /* exact copy of a fragment held */
    MIRAGE_IPV4_DROP_FRAG_TOO_BIG,  /* reassembled size over 65535 */
    MIRAGE_IPV4_DROP_FRAG_TOO_MANY, /* fragments per datagram limit */
    MIRAGE_IPV4_DROP_FRAG_NO_ROOM,  /* datagram or byte limit reached */
    MIRAGE_IPV4_DROP_FRAG_TIMEOUT,  /* fragments of a datagram that expired */
    MIRAGE_IPV4_DROP_COUNT
};

struct mirage_ipv4_stats {
    uint64_t rx_packets, rx_delivered;
    uint64_t rx_fragments, rx_reassembled;
    uint64_t tx_packets, tx_fragments;
    uint64_t tx_noroute, tx_toobig, tx_errors;
    uint64_t drops[MIRAGE_IPV4_DROP_COUNT];
};

struct mirage_ipv4;

/* lib/ipv4: an IPv4 layer; registers with eth for IPv4 frames and sets
 * arp's addresses to ours (which announces them).  Returns 0, -EINVAL (bad
 * configuration), -ENOMEM. */
int mirage_ipv4_create(struct mirage_ethernet *eth, struct mirage_arp *arp,
                       const struct mirage_ipv4_config *cfg,
                       struct mirage_ipv4 **out);
void mirage_ipv4_destroy(struct mirage_ipv4 *v4);
/* The IP interface the transports use. */
struct mirage_ip *mirage_ipv4_ip(struct mirage_ipv4 *v4);
/* The configured address and prefix. */
void mirage_ipv4_prefix(struct mirage_ipv4 *v4, struct mirage_ipprefix *out);
void mirage_ipv4_stats(struct mirage_ipv4 *v4, struct mirage_ipv4_stats *out);
const char *mirage_ipv4_drop_name(enum mirage_ipv4_drop d);
void mirage_ipv4_counters(struct mirage_ipv4 *v4, mirage_net_counter_fn fn,
                          void *arg);

#endif
