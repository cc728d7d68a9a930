/* SPDX-License-Identifier: ISC */
/* The TCP engine of the direct stack (lib/tcp): TCP over an IP layer. */
#ifndef MIRAGE_TCP_DIRECT_H
#define MIRAGE_TCP_DIRECT_H

/*
 * mirage_tcp_direct_create() makes a TCP engine over ip (RFC 9293 with
 * RFC 6298 retransmission timers, RFC 5681/6582 NewReno and RFC 6675 SACK
 * loss recovery, RFC 7323 window scaling and timestamps, RFC 2018 SACK,
 * delayed ACKs, Nagle, keep-alive, zero-window probes, TIME_WAIT, SYN
 * cookies when a listener's SYN queue is full, RFC 5961 challenge ACKs).
 * It registers itself as ip's handler for protocol 6 and returns the
 * struct mirage_tcp of tcp.h.  rng seeds the initial sequence numbers
 * (RFC 6528), the SYN cookie secret and the local port choice.
 *
 * The engine runs in the event loop: segments are processed when the IP
 * layer delivers them, timers fire from the runtime's timer heap, and
 * fibers suspended in read, write, accept or connect are woken.  Memory is
 * taken on demand: an idle connection holds only its control block (a few
 * hundred bytes); data buffers exist while data is queued.
 *
 * Every segment dropped is counted in the statistics under its reason.
 *
 * Errors: create returns -ENOMEM or -EINVAL (a config value out of range).
 * destroy is for tests and tear-down: the application must have closed
 * every flow and listener it holds; destroy then frees the connections
 * still finishing in the background (without sending anything) and the
 * engine.  No fiber may be suspended in the engine then.
 */

#include <stdbool.h>
#include <stdint.h>

#include <mirage/ip.h>
#include <mirage/random.h>
#include <mirage/tcp.h>

/* Zero fields take the defaults written after them. */
struct mirage_tcp_direct_config {
    uint32_t rcv_buf;             /* receive buffer per connection: 262144 */
    uint32_t snd_buf;             /* send buffer per connection: 262144 */
    uint64_t rto_initial_ns;      /* 1 s (RFC 6298) */
    uint64_t rto_min_ns;          /* 200 ms */
    uint64_t rto_max_ns;          /* 60 s */
    uint64_t delack_ns;           /* delayed ACK timeout: 40 ms */
    uint64_t time_wait_ns;        /* 2 MSL: 60 s */
    uint64_t fin_wait2_ns;        /* orphaned FIN_WAIT_2 limit: 60 s */
    unsigned syn_retries;         /* SYN or SYN-ACK retransmissions: 6 */
    unsigned max_retries;         /* data retransmissions before failing: 15 */
    unsigned syn_queue;           /* half-open connections per listener before
                                     SYN cookies: 256 */
    unsigned max_half_open;       /* half-open connections in all: 4096 */
    unsigned challenge_ack_limit; /* challenge ACKs per second: 1000 */
    uint16_t port_lo, port_hi;    /* local ports for connect: 49152..65535 */
    bool no_sack;                 /* do not offer SACK */
    bool no_timestamps;           /* do not offer timestamps */
    bool no_window_scale;         /* do not offer window scaling */
    bool no_syn_cookies;          /* drop SYNs when the SYN queue is full */
    /* MIRAGE_NET_OFFLOAD_* (net.h) the device under ip takes: CSUM lets
     * the engine leave checksums partial, TSO4 send data segments of up
     * to 64 KiB that the device cuts at the MSS.  The direct stack sets it
     * from its device; 0 (the default) computes every checksum and sends
     * segments of at most one MSS. */
    uint32_t offloads;
};

/* Counters since creation, and gauges of what exists now. */
struct mirage_tcp_direct_stats {
    uint64_t segs_in, segs_out;
    uint64_t tso_out;  /* segments sent for the device to cut (TSO) */
    uint64_t large_in; /* segments longer than the MSS (host-coalesced) */
    uint64_t bytes_in, bytes_out; /* payload, retransmissions too */
    uint64_t retransmits;         /* segments sent again */
    uint64_t fast_retransmits;    /* loss recoveries entered */
    uint64_t timeouts;            /* retransmission timeouts */
    uint64_t persist_probes, keepalive_probes;
    uint64_t conn_opened, conn_accepted; /* connect, accept successes */
    uint64_t conn_reset;                 /* ended by a reset, sent or got */
    uint64_t conn_timeout;               /* ended by -ETIMEDOUT */
    uint64_t rst_sent, challenge_acks;
    uint64_t syn_cookies_sent, syn_cookies_ok;
    /* Dropped input segments by reason. */
    uint64_t drop_short;         /* shorter than its header */
    uint64_t drop_checksum;      /* bad checksum */
    uint64_t drop_options;       /* malformed options */
    uint64_t drop_no_conn;       /* no connection, listener or valid cookie */
    uint64_t drop_out_of_window; /* unacceptable sequence number */
    uint64_t drop_paws;          /* old or missing timestamp (RFC 7323 PAWS) */
    uint64_t drop_bad_ack;       /* unacceptable acknowledgement */
    uint64_t drop_rst;           /* reset that failed the RFC 5961 checks */
    uint64_t drop_syn; /* SYN not taken (SYN queue full, no cookies) */
    uint64_t drop_listen_overflow; /* accept queue full */
    uint64_t drop_memory;          /* no memory to keep the data */
    uint64_t drop_other;           /* flags invalid in the state */
    /* Gauges. */
    uint32_t conns;     /* control blocks, TIME_WAIT included */
    uint32_t half_open; /* SYN_RECEIVED */
    uint32_t time_wait;
    uint32_t listeners;
    uint32_t buffers; /* data blocks in use (2 KiB each) */
};

int mirage_tcp_direct_create(struct mirage_ip *ip, struct mirage_random *rng,
                             const struct mirage_tcp_direct_config *cfg,
                             struct mirage_tcp **out);
void mirage_tcp_direct_destroy(struct mirage_tcp *t);
void mirage_tcp_direct_stats(struct mirage_tcp *t,
                             struct mirage_tcp_direct_stats *out);

#endif
