/* SPDX-License-Identifier: ISC */
/* lib/arp internals: the cache shared by the input and output paths. */
#ifndef MIRAGE_ARP_PRIV_H
#define MIRAGE_ARP_PRIV_H

#include <stdbool.h>
#include <stdint.h>

#include <mirage/arp.h>
#include <mirage/fiber.h>
#include <mirage/log.h>
#include <mirage/timer.h>

/* The wire format (RFC 826) for Ethernet and IPv4. */
#define ARP_LEN 28
#define ARP_OP_REQUEST 1
#define ARP_OP_REPLY 2

enum arp_state {
    ARP_FREE,
    ARP_INCOMPLETE, /* requests going out, packets queued */
    ARP_REACHABLE,  /* resolved, within its life */
    ARP_PROBE,      /* life over but in use: still used while re-asked */
    ARP_FAILED,     /* no answer: unreachable for a while */
};

struct mirage__arp;

struct mirage__arp_entry {
    uint32_t ip; /* host order */
    uint8_t state;
    uint8_t tries; /* requests sent in this state */
    bool used;     /* used since the entry was last confirmed */
    struct mirage_macaddr mac;
    int32_t next; /* hash chain, or free list; -1 ends */
    uint32_t qlen;
    struct mirage_buf *qhead, *qtail;
    struct mirage_timer timer;
    struct mirage_cond cond; /* queries wait here */
    struct mirage__arp *owner;
};

struct mirage__arp {
    struct mirage_arp a;
    struct mirage_ethernet *eth;
    struct mirage_macaddr mac;
    struct mirage_arp_config cfg;
    struct mirage_ipaddr ips[MIRAGE_ARP_MAX_IPS];
    size_t nips;
    struct mirage__arp_entry *entries;
    int32_t *buckets;
    uint32_t bucket_mask;
    int32_t free_list;
    uint32_t queued; /* packets in every entry's queue */
    struct mirage_timer announce;
    uint32_t announce_left;
    struct mirage_arp_stats st;
};

extern struct mirage_log_src mirage__arp_log;

/* The cache (arp_cache.c). */
int mirage__arp_cache_init(struct mirage__arp *d);
void mirage__arp_cache_fini(struct mirage__arp *d);
struct mirage__arp_entry *mirage__arp_find(struct mirage__arp *d, uint32_t ip);
/* A new entry for ip in state st (evicting one if the cache is full). */
struct mirage__arp_entry *mirage__arp_insert(struct mirage__arp *d, uint32_t ip,
                                             uint8_t st);
void mirage__arp_remove(struct mirage__arp *d, struct mirage__arp_entry *e);
/* INCOMPLETE or PROBE -> REACHABLE with mac; sends what was queued. */
void mirage__arp_resolved(struct mirage__arp *d, struct mirage__arp_entry *e,
                          const struct mirage_macaddr *mac);
/* Starts resolving e: first request now, retries from its timer. */
void mirage__arp_start(struct mirage__arp *d, struct mirage__arp_entry *e);

/* Sending (arp.c). */
void mirage__arp_send(struct mirage__arp *d, uint16_t op,
                      const struct mirage_macaddr *eth_dst,
                      const struct mirage_macaddr *tha, uint32_t spa,
                      uint32_t tpa);
uint32_t mirage__arp_our_ip(const struct mirage__arp *d);

#endif
