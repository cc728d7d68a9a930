/* SPDX-License-Identifier: ISC */
/* A simulated link and virtual clock joining two TCP engines, for tests. */
#ifndef MIRAGE_TEST_TCP_SIM_H
#define MIRAGE_TEST_TCP_SIM_H

/*
 * Two hosts (10.0.0.1 and 10.0.0.2), each a fake IP layer with its own
 * TCP engine, exchange segments through a queue ordered by delivery time.
 * The link can lose, duplicate and delay (reorder) segments with
 * deterministic pseudo-random choices, and a filter sees every segment
 * and may drop it.  Time is virtual: sim_step() jumps to the next packet
 * or engine timer, so a 60 s TIME_WAIT costs nothing.
 */

#include <stdbool.h>
#include <stdint.h>

#include <mirage/ip.h>
#include <mirage/random.h>
#include <mirage/tcp_direct.h>

#include "../../../lib/tcp/tcp_priv.h"

#define SIM_MS 1000000ull
#define SIM_SEC 1000000000ull

struct sim;

struct sim_host {
    struct mirage_ip ip;
    struct sim *sim;
    int idx;
    struct mirage_ipaddr addr;
    mirage_ip_handler fn;
    void *arg;
    struct mirage_tcp *tcp;
    uint64_t deadline;
    uint32_t mtu;
    uint64_t sent;   /* segments written by this host */
    uint64_t shared; /* of which the engine kept a reference: sent in
                        place from its send queue, not copied */
};

/* Return false to drop the segment (from host `from`, len bytes of TCP). */
typedef bool (*sim_filter)(struct sim *s, int from, const uint8_t *seg,
                           uint32_t len, void *arg);

struct sim_pkt;

struct sim {
    uint64_t now;
    struct sim_host h[2];
    struct sim_pkt *q;
    struct mirage_random rng;
    uint64_t rng_state;
    uint64_t link_state;
    uint32_t loss_ppm, dup_ppm, reorder_ppm;
    uint64_t delay_ns;   /* one way */
    uint64_t reorder_ns; /* extra delay of a reordered segment */
    sim_filter filter;
    void *filter_arg;
    uint64_t dropped, duplicated, reordered;
    uint64_t blackholed; /* sent to an address that is neither host */
    /* Offloads, as a device with virtio-net headers: a segment sent with a
     * partial checksum is checked (bad_offload counts inconsistent
     * metadata or checksums), completed and delivered marked partial; a
     * GSO segment is cut at gso_size like Linux does (tso_split) or
     * delivered whole, as Linux's GRO would. */
    bool tso_split;
    uint64_t offloaded, gso_seen, bad_offload;
};

/* Creates both engines with cfg (NULL: defaults, rto_min 200 ms). */
void sim_init(struct sim *s, const struct mirage_tcp_direct_config *cfg);
void sim_init2(struct sim *s, const struct mirage_tcp_direct_config *c0,
               const struct mirage_tcp_direct_config *c1);
/* Destroys both engines and frees queued packets. */
void sim_fini(struct sim *s);
/* Advances to the next event; false if there is none. */
bool sim_step(struct sim *s);
/* Calls step(arg) after every event until it returns true (true), or
 * until max_ns of virtual time passed or nothing is left to happen. */
bool sim_run(struct sim *s, bool (*step)(void *arg), void *arg,
             uint64_t max_ns);
/* Runs for ns of virtual time (or until nothing is left to happen). */
void sim_run_for(struct sim *s, uint64_t ns);

struct mirage__tcp *sim_tcp(struct sim *s, int i);

/* Sends a hand-made segment to host `to` as if from addr/port. */
struct sim_seg {
    uint16_t sport, dport;
    uint32_t seq, ack;
    uint8_t flags;
    uint16_t wnd;
    const uint8_t *opts;
    uint8_t optlen; /* multiple of 4 */
    const uint8_t *data;
    uint32_t len;
    bool bad_csum;
    /* Receive metadata as a device would set it: rx_csum, and with
     * MIRAGE_BUF_RX_CSUM_PARTIAL the checksum field holds only the
     * pseudo-header sum, csum_at/csum_off say where the device says the
     * checksum is (csum_at from the TCP header). */
    uint8_t rx_csum;
    int32_t csum_at;
    uint16_t csum_off;
    uint16_t gso_size;
};
void sim_inject(struct sim *s, int to, const struct mirage_ipaddr *from,
                const struct sim_seg *g);
/* Every segment a host sends can be recorded here by a filter. */
struct sim_cap {
    uint32_t n;
    struct {
        int from;
        uint64_t at;
        struct mirage__tcp_seg seg; /* data pointer not kept */
    } seg[4096];
};
bool sim_capture(struct sim *s, int from, const uint8_t *seg, uint32_t len,
                 void *arg);

/* Connects host a to a listener on host b; runs until both sides are
 * established.  Returns the accepted (server) connection in *srv. */
struct mirage__tcp_listener *sim_listen(struct sim *s, int host, uint16_t port,
                                        int backlog);
int sim_connect(struct sim *s, int a, int b, uint16_t port,
                struct mirage__tcp_listener *l, struct mirage__tcp_conn **cli,
                struct mirage__tcp_conn **srv);

/* The test pattern: byte i of a stream seeded with seed. */
uint8_t sim_pattern(uint64_t seed, uint64_t i);

/* A bulk transfer in one direction. */
struct xfer {
    struct mirage__tcp_conn *tx, *rx;
    uint64_t seed, total, sent, recvd;
    uint32_t chunk;    /* bytes per send call */
    uint32_t read_max; /* bytes per recv call (0: 64 KiB) */
    bool shut;         /* shut the sender down after the data */
    bool eof;          /* the receiver saw end of stream */
    bool no_read;      /* the receiver does not read (stalled) */
    long err;
    uint64_t mismatch; /* bytes that differed from the pattern */
};
void xfer_init(struct xfer *x, struct mirage__tcp_conn *tx,
               struct mirage__tcp_conn *rx, uint64_t total, uint64_t seed);
/* Sends and receives what it can; true when all arrived (and EOF if shut). */
bool xfer_step(void *arg);
/* Two transfers at once. */
struct xfer2 {
    struct xfer a, b;
};
bool xfer2_step(void *arg);

/* Lets 300 s pass (TIME_WAIT and the rest expire) and checks that both
 * engines hold no connection and no buffer; returns false if not. */
bool sim_drained(struct sim *s);

#endif
