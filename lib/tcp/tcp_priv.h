/* SPDX-License-Identifier: ISC */
/* Internals of the TCP engine shared between lib/tcp's files. */
#ifndef MIRAGE_TCP_PRIV_H
#define MIRAGE_TCP_PRIV_H

/*
 * The engine (struct mirage__tcp) owns a hash table of connection control
 * blocks, the listeners, a heap of connections ordered by their earliest
 * timer deadline (one runtime timer for the whole engine) and a cache of
 * 2 KiB data blocks.  A connection (struct mirage__tcp_conn) holds no data
 * buffer until it has data: the send queue is a list of elements each
 * naming bytes in a buffer (an engine block filled by write, or the
 * caller's buffer given to write_buf); the receive queue and the
 * out-of-order queue are chains of blocks.
 *
 * Below the flow operations (tcp_flow.c) sits a non-blocking interface
 * (tcp_user.c): mirage__tcp_send/recv/... return -EAGAIN where the flow
 * operation would suspend.  The unit tests drive the engine through it on
 * a virtual clock (mirage__tcp_set_clock).
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <mirage/fiber.h>
#include <mirage/log.h>
#include <mirage/tcp_direct.h>
#include <mirage/timer.h>

#include "tcp_wire.h"

#define MIRAGE__TCP_CONTAINER(p, type, member) \
    ((type *)(void *)((char *)(p)-offsetof(type, member)))

extern struct mirage_log_src mirage__tcp_log;

enum mirage__tcp_state {
    MIRAGE__TCPS_CLOSED,
    MIRAGE__TCPS_SYN_SENT,
    MIRAGE__TCPS_SYN_RCVD,
    MIRAGE__TCPS_ESTABLISHED,
    MIRAGE__TCPS_FIN_WAIT_1,
    MIRAGE__TCPS_FIN_WAIT_2,
    MIRAGE__TCPS_CLOSE_WAIT,
    MIRAGE__TCPS_CLOSING,
    MIRAGE__TCPS_LAST_ACK,
    MIRAGE__TCPS_TIME_WAIT,
};

/* Timers of a connection. */
enum {
    MIRAGE__TCPT_RTX,    /* retransmission, SYN retry, or persist probe */
    MIRAGE__TCPT_DELACK, /* delayed ACK */
    MIRAGE__TCPT_IDLE,   /* keep-alive, TIME_WAIT or FIN_WAIT_2 limit */
    MIRAGE__TCPT_N,
};

/* Connection flags. */
#define MIRAGE__TCPF_ACKNOW 0x00000001u   /* send an ACK now */
#define MIRAGE__TCPF_NODELAY 0x00000002u  /* Nagle off */
#define MIRAGE__TCPF_SACK 0x00000004u     /* SACK negotiated */
#define MIRAGE__TCPF_TS 0x00000008u       /* timestamps negotiated */
#define MIRAGE__TCPF_WS 0x00000010u       /* window scaling negotiated */
#define MIRAGE__TCPF_FIN_Q 0x00000020u    /* FIN after the queued data */
#define MIRAGE__TCPF_FIN_SENT 0x00000040u /* FIN sent at least once */
#define MIRAGE__TCPF_FIN_ACKED 0x00000080u
#define MIRAGE__TCPF_FIN_RCVD 0x00000100u /* end of stream reached */
#define MIRAGE__TCPF_SHUT_RD 0x00000200u
#define MIRAGE__TCPF_APP 0x00000400u /* the application holds it */
#define MIRAGE__TCPF_KEEPALIVE 0x00000800u
#define MIRAGE__TCPF_RECOVERY 0x00001000u /* fast recovery */
#define MIRAGE__TCPF_PERSIST 0x00002000u  /* RTX timer is a window probe */
#define MIRAGE__TCPF_RTT 0x00004000u      /* timing rtt_seq */
#define MIRAGE__TCPF_OOO_FIN 0x00008000u  /* FIN at ooo_fin_seq, past a hole */
#define MIRAGE__TCPF_SYN_ACKED 0x00010000u
#define MIRAGE__TCPF_HASHED 0x00020000u    /* in the demux table */
#define MIRAGE__TCPF_QUEUED 0x00040000u    /* in a listener's accept queue */
#define MIRAGE__TCPF_WANT_SACK 0x00080000u /* we offered SACK in our SYN */
#define MIRAGE__TCPF_WANT_TS 0x00100000u
#define MIRAGE__TCPF_WANT_WS 0x00200000u
#define MIRAGE__TCPF_FORCE 0x00400000u    /* send a small segment anyway */
#define MIRAGE__TCPF_EVER_APP 0x00800000u /* was given to the application */
#define MIRAGE__TCPF_COOKIE 0x01000000u   /* stateless SYN-ACK: cookie TSval */

#define MIRAGE__TCP_BLOCK 2048u /* data block size */
/* Bytes of a block a send buffer may use (tcp_block.c checks its header
 * fits in the rest). */
#define MIRAGE__TCP_TXB_CAP (MIRAGE__TCP_BLOCK - 128u)
#define MIRAGE__TCP_SCOREBOARD 6 /* SACKed ranges remembered per connection */

struct mirage__tcp;
struct mirage__tcp_listener;

/* One element of a send queue: bytes [off, off+len) of buf, at seq. */
struct mirage__tcp_sqe {
    struct mirage__tcp_sqe *next;
    struct mirage_buf *buf;
    uint32_t seq;
    uint32_t off;
    uint32_t len;
    bool own; /* buf is an engine block (its headroom is ours) */
};

/* A receive block: data [start, end).  In the out-of-order queue the
 * first block of a segment also carries seq, len and the link to the next
 * segment. */
struct mirage__tcp_rxc {
    struct mirage__tcp_rxc *next;
    struct mirage__tcp_rxc *seg_next;
    uint32_t seq, len;
    uint16_t start, end;
    uint8_t data[];
};
#define MIRAGE__TCP_RXC_DATA \
    (MIRAGE__TCP_BLOCK - (uint32_t)sizeof(struct mirage__tcp_rxc))

struct mirage__tcp_conn {
    struct mirage_flow flow;
    struct mirage__tcp *tcp;
    struct mirage__tcp_conn *hnext;        /* demux chain */
    struct mirage__tcp_conn *qnext;        /* listener queue */
    struct mirage__tcp_listener *listener; /* until accepted */
    struct mirage_ipaddr laddr, raddr;
    uint16_t lport, rport;
    uint8_t state;
    uint8_t snd_ws, rcv_ws;
    uint8_t retries; /* timeouts in a row */
    uint8_t ka_sent; /* keep-alive probes unanswered */
    uint8_t dupacks;
    uint8_t ka_probes;
    uint32_t flags;
    int err; /* error for the application, 0 if none */
    uint32_t heap_idx;
    uint64_t deadline[MIRAGE__TCPT_N]; /* 0: not armed */
    uint64_t last_rcv;
    /* Send sequence space. */
    uint32_t iss, snd_una, snd_nxt, snd_max;
    uint32_t snd_wnd, max_snd_wnd, snd_wl1, snd_wl2;
    uint16_t mss;     /* payload of a full segment we send */
    uint16_t rcv_mss; /* largest payload received */
    /* Receive sequence space. */
    uint32_t irs, rcv_nxt, rcv_adv;
    uint32_t last_ack_sent, ts_recent, ts_offset;
    uint32_t ooo_fin_seq, ooo_last;
    /* Congestion control and RTT, times in microseconds. */
    uint32_t cwnd, ssthresh, recover, bytes_acked, rexmit_hi;
    uint32_t srtt, rttvar, rto;
    uint32_t rtt_seq;
    uint64_t rtt_start;
    uint32_t ka_idle_ms, ka_intvl_ms;
    /* Queues. */
    struct mirage__tcp_sqe *sq_head, *sq_tail, *sq_cur;
    uint32_t sq_bytes; /* data bytes from snd_una */
    struct mirage__tcp_rxc *rq_head, *rq_tail;
    uint32_t rq_bytes;
    struct mirage__tcp_rxc *ooo;
    uint32_t ooo_blocks;
    uint8_t nsacked;
    struct mirage__tcp_sackblk sacked[MIRAGE__TCP_SCOREBOARD];
    struct mirage_cond cond;
};

struct mirage__tcp_listener {
    struct mirage_tcp_listener pub;
    struct mirage__tcp *tcp;
    struct mirage__tcp_listener *next;
    uint16_t port;
    unsigned backlog;
    struct mirage__tcp_conn *syn_q; /* SYN_RCVD, newest first */
    unsigned syn_len;
    struct mirage__tcp_conn *acc_head, *acc_tail; /* established */
    unsigned acc_len;
    struct mirage_cond cond;
    unsigned waiters;
    bool closed;
};

struct mirage__tcp_blocks {
    void *free_list;
    uint32_t nfree;
    uint32_t in_use;
    bool dead; /* the engine is gone; free when in_use drops to 0 */
};

struct mirage__tcp {
    struct mirage_tcp pub;
    struct mirage_ip *ip;
    struct mirage_random *rng;
    struct mirage_tcp_direct_config cfg;
    struct mirage_tcp_direct_stats st;
    uint64_t key[2];        /* SipHash key: ISNs, timestamps, demux */
    uint64_t cookie_key[2]; /* SipHash key: SYN cookies */
    struct mirage__tcp_conn **tab;
    uint32_t tab_size;             /* a power of two */
    struct mirage__tcp_conn *last; /* last found: skips the hash in bulk */
    struct mirage__tcp_listener *listeners;
    struct mirage__tcp_conn **heap;
    uint32_t heap_len, heap_cap;
    struct mirage_timer timer;
    uint64_t armed; /* deadline given to arm, 0 if none */
    bool running;   /* in mirage__tcp_timer_run */
    uint64_t (*now_fn)(void *arg);
    void (*arm_fn)(void *arg, uint64_t deadline);
    void *clock_arg;
    struct mirage__tcp_blocks *blocks;
    uint64_t cack_epoch; /* second of the challenge ACK count */
    uint32_t cack_count;
};

static inline struct mirage__tcp *mirage__tcp_of(struct mirage_tcp *t)
{
    return MIRAGE__TCP_CONTAINER(t, struct mirage__tcp, pub);
}
static inline struct mirage__tcp_conn *
mirage__tcp_conn_of(struct mirage_flow *f)
{
    return MIRAGE__TCP_CONTAINER(f, struct mirage__tcp_conn, flow);
}
static inline uint64_t mirage__tcp_now(struct mirage__tcp *t)
{
    return t->now_fn(t->clock_arg);
}
static inline bool mirage__tcp_synced(const struct mirage__tcp_conn *c)
{
    return c->state >= MIRAGE__TCPS_ESTABLISHED;
}
/* Bytes sent and not acknowledged (SYN and FIN included). */
static inline uint32_t mirage__tcp_flight(const struct mirage__tcp_conn *c)
{
    return c->snd_max - c->snd_una;
}

/* tcp_engine.c */
void mirage__tcp_set_clock(struct mirage_tcp *t, uint64_t (*now)(void *),
                           void (*arm)(void *, uint64_t), void *arg);
const char *mirage__tcp_state_name(int state);

/* tcp_check.c: NULL, or the first broken invariant (tests, fuzzing). */
const char *mirage__tcp_check(struct mirage__tcp *t);

/* tcp_block.c: 2 KiB blocks, and engine blocks as send buffers. */
void *mirage__tcp_block_get(struct mirage__tcp *t);
void mirage__tcp_block_put(struct mirage__tcp_blocks *b, void *p);
void mirage__tcp_blocks_drop(struct mirage__tcp_blocks *b);
struct mirage__tcp_sqe *mirage__tcp_sqe_new(struct mirage__tcp *t);
void mirage__tcp_sqe_free(struct mirage__tcp_sqe *q);
struct mirage__tcp_rxc *mirage__tcp_rxc_new(struct mirage__tcp *t);
void mirage__tcp_rxc_free_chain(struct mirage__tcp *t,
                                struct mirage__tcp_rxc *r);

/* tcp_hash.c: SipHash-2-4 and what it keys. */
uint64_t mirage__tcp_siphash(const uint64_t key[2], const void *data,
                             size_t len);
uint64_t mirage__tcp_tuple_mac(const uint64_t key[2], uint8_t tag,
                               const struct mirage__tcp_conn *c, uint32_t a,
                               uint32_t b);
uint32_t mirage__tcp_tuple_hash(struct mirage__tcp *t,
                                const struct mirage_ipaddr *l, uint16_t lp,
                                const struct mirage_ipaddr *r, uint16_t rp);
uint32_t mirage__tcp_isn(struct mirage__tcp *t, struct mirage__tcp_conn *c);
uint32_t mirage__tcp_ts_offset(struct mirage__tcp *t,
                               struct mirage__tcp_conn *c);

/* tcp_cookie.c: SYN cookies. */
uint32_t mirage__tcp_cookie_make(struct mirage__tcp *t,
                                 const struct mirage__tcp_conn *c, uint32_t irs,
                                 uint16_t mss);
/* Returns the MSS encoded in cookie, or 0 if the cookie is not valid. */
uint16_t mirage__tcp_cookie_check(struct mirage__tcp *t,
                                  const struct mirage__tcp_conn *c,
                                  uint32_t irs, uint32_t cookie);
uint32_t mirage__tcp_cookie_tsval(uint32_t now_ts, uint8_t ws, bool sack);
bool mirage__tcp_cookie_tsopts(uint32_t tsecr, uint8_t *ws, bool *sack);

/* tcp_conn.c: control blocks, demux and state changes. */
struct mirage__tcp_conn *mirage__tcp_conn_new(struct mirage__tcp *t);
void mirage__tcp_conn_hash(struct mirage__tcp_conn *c);
struct mirage__tcp_conn *
mirage__tcp_conn_find(struct mirage__tcp *t, const struct mirage_ipaddr *l,
                      uint16_t lp, const struct mirage_ipaddr *r, uint16_t rp);
void mirage__tcp_set_state(struct mirage__tcp_conn *c, int state);
/* Ends the connection now (err for the application, 0 for a graceful
 * end); frees it if nobody holds it any more. */
void mirage__tcp_conn_done(struct mirage__tcp_conn *c, int err);
/* Frees c if it is closed and neither the application nor a listener
 * holds it; returns true if it did. */
bool mirage__tcp_conn_maybe_free(struct mirage__tcp_conn *c);
void mirage__tcp_wake(struct mirage__tcp_conn *c);
void mirage__tcp_conn_init_seq(struct mirage__tcp_conn *c);
/* Sets the options c offers in its SYN from the configuration. */
void mirage__tcp_conn_offer(struct mirage__tcp_conn *c);

/* tcp_sendq.c: the send queue. */
uint32_t mirage__tcp_sq_append(struct mirage__tcp_conn *c, const void *p,
                               uint32_t n);
int mirage__tcp_sq_append_buf(struct mirage__tcp_conn *c, struct mirage_buf *b);
void mirage__tcp_sq_drop(struct mirage__tcp_conn *c, uint32_t n);
struct mirage__tcp_sqe *mirage__tcp_sq_find(struct mirage__tcp_conn *c,
                                            uint32_t seq);
void mirage__tcp_sq_copy(struct mirage__tcp_conn *c, uint32_t seq, uint8_t *dst,
                         uint32_t n);
void mirage__tcp_sq_free(struct mirage__tcp_conn *c);

/* tcp_recvq.c: the receive and out-of-order queues. */
int mirage__tcp_rq_append(struct mirage__tcp_conn *c, const uint8_t *p,
                          uint32_t n);
uint32_t mirage__tcp_rq_read(struct mirage__tcp_conn *c, uint8_t *dst,
                             uint32_t n);
void mirage__tcp_rq_free(struct mirage__tcp_conn *c);
int mirage__tcp_ooo_insert(struct mirage__tcp_conn *c, uint32_t seq,
                           const uint8_t *p, uint32_t n);
/* Moves the segments that now follow rcv_nxt to the receive queue;
 * returns true if any did. */
bool mirage__tcp_ooo_pull(struct mirage__tcp_conn *c);
unsigned mirage__tcp_ooo_blocks(struct mirage__tcp_conn *c,
                                struct mirage__tcp_sackblk *out, unsigned max);
void mirage__tcp_ooo_free(struct mirage__tcp_conn *c);

/* tcp_sack.c: the sender's scoreboard (RFC 2018, RFC 6675). */
void mirage__tcp_sack_update(struct mirage__tcp_conn *c,
                             const struct mirage__tcp_seg *s);
void mirage__tcp_sack_trim(struct mirage__tcp_conn *c);
uint32_t mirage__tcp_sack_bytes(const struct mirage__tcp_conn *c);
uint32_t mirage__tcp_sack_high(const struct mirage__tcp_conn *c);
bool mirage__tcp_sack_is_lost(const struct mirage__tcp_conn *c, uint32_t seq);
bool mirage__tcp_sack_hole(const struct mirage__tcp_conn *c, uint32_t from,
                           uint32_t *seq, uint32_t *len);
uint32_t mirage__tcp_sack_pipe(const struct mirage__tcp_conn *c);
uint32_t mirage__tcp_sack_skip(const struct mirage__tcp_conn *c, uint32_t seq);

/* tcp_cc.c: RTO (RFC 6298) and NewReno (RFC 5681, RFC 6582). */
void mirage__tcp_cc_init(struct mirage__tcp_conn *c);
void mirage__tcp_rtt_sample(struct mirage__tcp_conn *c, uint32_t rtt_us);
uint64_t mirage__tcp_rto_ns(const struct mirage__tcp_conn *c);
void mirage__tcp_cc_acked(struct mirage__tcp_conn *c, uint32_t acked);
void mirage__tcp_cc_dupack(struct mirage__tcp_conn *c);
void mirage__tcp_cc_timeout(struct mirage__tcp_conn *c);
void mirage__tcp_cc_enter_recovery(struct mirage__tcp_conn *c);

/* tcp_output.c */
void mirage__tcp_output(struct mirage__tcp_conn *c);
void mirage__tcp_rexmit_first(struct mirage__tcp_conn *c);
void mirage__tcp_send_ack(struct mirage__tcp_conn *c);
void mirage__tcp_send_syn(struct mirage__tcp_conn *c);
void mirage__tcp_send_rst(struct mirage__tcp *t, const struct mirage_ipaddr *l,
                          const struct mirage_ipaddr *r,
                          const struct mirage__tcp_seg *s);
void mirage__tcp_send_rst_conn(struct mirage__tcp_conn *c);
void mirage__tcp_challenge_ack(struct mirage__tcp_conn *c);
void mirage__tcp_send_probe(struct mirage__tcp_conn *c, bool data);
int mirage__tcp_xmit(struct mirage__tcp_conn *c, uint32_t seq, uint32_t len,
                     uint8_t flags);
uint32_t mirage__tcp_tsval(struct mirage__tcp_conn *c);
uint32_t mirage__tcp_rcv_space(const struct mirage__tcp_conn *c);

/* tcp_input.c, tcp_ack.c, tcp_recv.c */
void mirage__tcp_input(void *arg, struct mirage_ip *ip,
                       const struct mirage_ipaddr *src,
                       const struct mirage_ipaddr *dst, struct mirage_buf *b);
void mirage__tcp_input_conn(struct mirage__tcp_conn *c,
                            struct mirage__tcp_seg *s);
void mirage__tcp_take_synopts(struct mirage__tcp_conn *c,
                              const struct mirage__tcp_seg *s);
/* Processes the ACK field; returns false if the segment is to be dropped
 * (c may then have been freed). */
bool mirage__tcp_ack(struct mirage__tcp_conn *c,
                     const struct mirage__tcp_seg *s);
/* Queues the segment's data and FIN; returns false if c is gone. */
bool mirage__tcp_recv_data(struct mirage__tcp_conn *c,
                           const struct mirage__tcp_seg *s);

/* tcp_listen.c */
struct mirage__tcp_listener *mirage__tcp_listener_find(struct mirage__tcp *t,
                                                       uint16_t port);
void mirage__tcp_listen_input(struct mirage__tcp_listener *l,
                              const struct mirage_ipaddr *src,
                              const struct mirage_ipaddr *dst,
                              const struct mirage__tcp_seg *s);
/* A SYN_RCVD connection of l completed its handshake. */
bool mirage__tcp_listen_established(struct mirage__tcp_conn *c);
void mirage__tcp_listen_forget(struct mirage__tcp_conn *c);
int mirage__tcp_listen_open(struct mirage__tcp *t, uint16_t port, int backlog,
                            struct mirage__tcp_listener **out);
struct mirage__tcp_conn *
mirage__tcp_listen_take(struct mirage__tcp_listener *l);
void mirage__tcp_listen_close(struct mirage__tcp_listener *l);

/* tcp_timer.c */
void mirage__tcp_timer_set(struct mirage__tcp_conn *c, int kind,
                           uint64_t deadline);
void mirage__tcp_timer_clear_all(struct mirage__tcp_conn *c);
void mirage__tcp_timer_run(struct mirage__tcp *t);
void mirage__tcp_rtx_arm(struct mirage__tcp_conn *c);
void mirage__tcp_idle_arm(struct mirage__tcp_conn *c);

/* tcp_user.c: the non-blocking user calls below the flow operations.
 * Each returns -EAGAIN where a flow operation would wait. */
int mirage__tcp_open(struct mirage__tcp *t, const struct mirage_ipaddr *dst,
                     uint16_t port, struct mirage__tcp_conn **out);
int mirage__tcp_open_status(struct mirage__tcp_conn *c);
long mirage__tcp_send(struct mirage__tcp_conn *c, const void *p, size_t n);
int mirage__tcp_send_buf(struct mirage__tcp_conn *c, struct mirage_buf *b);
long mirage__tcp_recv(struct mirage__tcp_conn *c, void *p, size_t n);
int mirage__tcp_shutdown(struct mirage__tcp_conn *c, int how);
void mirage__tcp_close(struct mirage__tcp_conn *c);
void mirage__tcp_set_keepalive(struct mirage__tcp_conn *c,
                               const struct mirage_tcp_keepalive *ka);

#endif
