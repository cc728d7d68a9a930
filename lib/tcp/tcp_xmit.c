/* SPDX-License-Identifier: ISC */
/* Building segments (header, options, checksum) and handing them to IP. */
#include <string.h>

#include <mirage/buf.h>
#include <mirage/ip.h>
#include <mirage/net.h>

#include "tcp_priv.h"

/*
 * A data segment whose bytes are exactly one engine block of the send
 * queue is sent in place: the header is pushed into the block's headroom
 * and the IP layer gets a reference.  Every other segment (control
 * segments, partial or merged ranges, the caller's buffers, a block the IP
 * layer still holds) is copied into a fresh block.
 */

uint32_t mirage__tcp_tsval(struct mirage__tcp_conn *c)
{
    return (uint32_t)(mirage__tcp_now(c->tcp) / 1000000) + c->ts_offset;
}

uint32_t mirage__tcp_rcv_space(const struct mirage__tcp_conn *c)
{
    uint32_t buf = c->tcp->cfg.rcv_buf;
    return buf > c->rq_bytes ? buf - c->rq_bytes : 0;
}

/* The window field of a non-SYN segment; moves rcv_adv forward, never
 * back (RFC 9293 3.8.6.2.2: no shrinking, and receiver-side SWS
 * avoidance: the edge moves only by a worthwhile amount). */
static uint16_t window_field(struct mirage__tcp_conn *c)
{
    uint32_t cur =
        mirage__seq_gt(c->rcv_adv, c->rcv_nxt) ? c->rcv_adv - c->rcv_nxt : 0;
    uint32_t space = mirage__tcp_rcv_space(c);
    uint32_t step = c->tcp->cfg.rcv_buf / 2;
    if (step > c->mss)
        step = c->mss;
    uint32_t wnd = space >= cur + step ? space : cur;
    uint32_t max = 65535u << c->rcv_ws;
    if (wnd > max)
        wnd = max;
    uint32_t unit = 1u << c->rcv_ws;
    uint32_t field = (wnd + unit - 1) >> c->rcv_ws;
    if (field > 65535)
        field = 65535;
    uint32_t edge = c->rcv_nxt + (field << c->rcv_ws);
    if (mirage__seq_gt(edge, c->rcv_adv))
        c->rcv_adv = edge;
    return (uint16_t)field;
}

static struct mirage_buf *fresh_buf(struct mirage__tcp *t, uint32_t n)
{
    if (n <= MIRAGE__TCP_TXB_CAP - MIRAGE_BUF_HEADROOM) {
        struct mirage__tcp_sqe *q = mirage__tcp_sqe_new(t);
        return q ? q->buf : NULL;
    }
    return mirage_buf_alloc(MIRAGE_BUF_HEADROOM, n);
}

static void checksum(const struct mirage_ipaddr *l,
                     const struct mirage_ipaddr *r, uint8_t *p, uint32_t n)
{
    uint32_t sum = mirage_csum_pseudo(l, r, MIRAGE_IP_PROTO_TCP, n);
    sum = mirage_csum_partial(p, n, sum);
    mirage__tcp_put16(p + 16, mirage_csum_fold(sum));
}

/* Leaves the checksum to the device: the field gets the pseudo-header
 * sum, the buffer where the device must complete it; gso nonzero: the
 * device also cuts the payload into segments of gso bytes. */
static void offload(const struct mirage_ipaddr *l,
                    const struct mirage_ipaddr *r, struct mirage_buf *b,
                    uint32_t gso)
{
    uint32_t sum = mirage_csum_pseudo(l, r, MIRAGE_IP_PROTO_TCP, b->len);
    mirage__tcp_put16(mirage_buf_data(b) + 16,
                      (uint16_t)~mirage_csum_fold(sum));
    b->tx_offload = MIRAGE_BUF_TX_CSUM_PARTIAL;
    b->csum_start = b->off;
    b->csum_offset = 16;
    b->gso_size = 0;
    if (gso) {
        b->tx_offload |= MIRAGE_BUF_TX_GSO_TCPV4;
        b->gso_size = (uint16_t)gso;
    }
}

static int send_ip(struct mirage__tcp *t, const struct mirage_ipaddr *l,
                   const struct mirage_ipaddr *r, struct mirage_buf *b,
                   uint32_t payload, uint32_t gso)
{
    if (gso || (t->cfg.offloads & MIRAGE_NET_OFFLOAD_CSUM)) {
        offload(l, r, b, gso);
    } else {
        mirage_buf_clear_offload(b);
        checksum(l, r, mirage_buf_data(b), b->len);
    }
    t->st.segs_out++;
    if (gso)
        t->st.tso_out++;
    t->st.bytes_out += payload;
    int err = mirage_ip_write(t->ip, l, r, MIRAGE_IP_PROTO_TCP, b);
    return err == -EAGAIN ? 0 : err;
}

/* Sends header h from l to r with no payload. */
static int emit_ctl(struct mirage__tcp *t, const struct mirage_ipaddr *l,
                    const struct mirage_ipaddr *r,
                    const struct mirage__tcp_hdr *h)
{
    struct mirage_buf *b = fresh_buf(t, MIRAGE__TCP_HLEN + h->optlen);
    if (!b)
        return -ENOBUFS;
    mirage__tcp_write_hdr(mirage_buf_put(b, MIRAGE__TCP_HLEN + h->optlen), h);
    return send_ip(t, l, r, b, 0, 0);
}

/* Sends h with the len queued bytes from h->seq. */
static int emit_data(struct mirage__tcp_conn *c,
                     const struct mirage__tcp_hdr *h, uint32_t len)
{
    uint32_t hlen = MIRAGE__TCP_HLEN + h->optlen;
    struct mirage__tcp_sqe *q = mirage__tcp_sq_find(c, h->seq);
    struct mirage_buf *b;
    if (q && q->own && q->seq == h->seq && q->len == len && q->buf->refs == 1) {
        b = q->buf;
        b->off = q->off;
        b->len = q->len;
        mirage__tcp_write_hdr(mirage_buf_push(b, hlen), h);
        mirage_buf_ref(b);
    } else {
        b = fresh_buf(c->tcp, hlen + len);
        if (!b)
            return -ENOBUFS;
        uint8_t *p = mirage_buf_put(b, hlen + len);
        mirage__tcp_write_hdr(p, h);
        mirage__tcp_sq_copy(c, h->seq, p + hlen, len);
    }
    /* Longer than one segment: only when the device cuts it (TSO). */
    uint32_t gso = len > c->mss ? c->mss : 0;
    return send_ip(c->tcp, &c->laddr, &c->raddr, b, len, gso);
}

static void base_hdr(struct mirage__tcp_conn *c, struct mirage__tcp_hdr *h,
                     uint32_t seq, uint8_t flags)
{
    h->sport = c->lport;
    h->dport = c->rport;
    h->seq = seq;
    h->ack = (flags & MIRAGE__TCP_ACK) ? c->rcv_nxt : 0;
    h->flags = flags;
    h->optlen = 0;
    h->wnd = 0;
}

static void std_options(struct mirage__tcp_conn *c, struct mirage__tcp_hdr *h,
                        uint32_t len)
{
    if (c->flags & MIRAGE__TCPF_TS)
        mirage__tcp_opt_ts(h, mirage__tcp_tsval(c), c->ts_recent);
    if ((c->flags & MIRAGE__TCPF_SACK) && c->ooo) {
        struct mirage__tcp_sackblk blk[MIRAGE__TCP_MAXSACK];
        unsigned n = mirage__tcp_ooo_blocks(c, blk, MIRAGE__TCP_MAXSACK);
        /* Blocks on a data segment must fit within the peer's MSS. */
        unsigned room = len + 12 <= c->mss ? (c->mss - len - 4) / 8 : 0;
        if (len > 0 && n > room)
            n = room;
        if (n > 0)
            mirage__tcp_opt_sack(h, blk, n);
    }
}

static void acked_now(struct mirage__tcp_conn *c)
{
    c->last_ack_sent = c->rcv_nxt;
    c->flags &= ~MIRAGE__TCPF_ACKNOW;
    mirage__tcp_timer_set(c, MIRAGE__TCPT_DELACK, 0);
}

int mirage__tcp_xmit(struct mirage__tcp_conn *c, uint32_t seq, uint32_t len,
                     uint8_t flags)
{
    struct mirage__tcp_hdr h;
    base_hdr(c, &h, seq, flags);
    h.wnd = window_field(c);
    std_options(c, &h, len);
    int err = len ? emit_data(c, &h, len)
                  : emit_ctl(c->tcp, &c->laddr, &c->raddr, &h);
    if (flags & MIRAGE__TCP_ACK)
        acked_now(c);
    return err;
}

void mirage__tcp_send_ack(struct mirage__tcp_conn *c)
{
    mirage__tcp_xmit(c, c->snd_nxt, 0, MIRAGE__TCP_ACK);
}

void mirage__tcp_send_syn(struct mirage__tcp_conn *c)
{
    struct mirage__tcp_hdr h;
    bool synack = c->state == MIRAGE__TCPS_SYN_RCVD;
    base_hdr(c, &h, c->iss, MIRAGE__TCP_SYN | (synack ? MIRAGE__TCP_ACK : 0));
    uint32_t space = c->tcp->cfg.rcv_buf;
    h.wnd = (uint16_t)(space > 65535 ? 65535 : space);
    uint32_t mtu = mirage_ip_mtu(c->tcp->ip, &c->raddr);
    uint32_t mss = mtu > 60 ? mtu - MIRAGE__TCP_HLEN : 40;
    mirage__tcp_opt_mss(&h, (uint16_t)(mss > 65535 ? 65535 : mss));
    if (c->flags & MIRAGE__TCPF_WANT_WS)
        mirage__tcp_opt_ws(&h, c->rcv_ws);
    if (c->flags & MIRAGE__TCPF_WANT_SACK)
        mirage__tcp_opt_sack_ok(&h);
    if (c->flags & MIRAGE__TCPF_WANT_TS) {
        uint32_t val = mirage__tcp_tsval(c);
        if (c->flags & MIRAGE__TCPF_COOKIE) /* what the cookie cannot hold */
            val = mirage__tcp_cookie_tsval(
                val, (c->flags & MIRAGE__TCPF_WS) ? c->snd_ws : 0x0f,
                (c->flags & MIRAGE__TCPF_SACK) != 0);
        mirage__tcp_opt_ts(&h, val, synack ? c->ts_recent : 0);
    }
    if (c->retries == 0)
        c->rtt_start = mirage__tcp_now(c->tcp);
    emit_ctl(c->tcp, &c->laddr, &c->raddr, &h);
    if (synack) {
        c->rcv_adv = c->rcv_nxt + h.wnd;
        c->last_ack_sent = c->rcv_nxt;
    }
    c->snd_nxt = c->iss + 1;
    if (mirage__seq_gt(c->snd_nxt, c->snd_max))
        c->snd_max = c->snd_nxt;
}

void mirage__tcp_send_rst(struct mirage__tcp *t, const struct mirage_ipaddr *l,
                          const struct mirage_ipaddr *r,
                          const struct mirage__tcp_seg *s)
{
    struct mirage__tcp_hdr h = {.sport = s->dport, .dport = s->sport};
    if (s->flags & MIRAGE__TCP_RST)
        return; /* never answer a reset */
    if (s->flags & MIRAGE__TCP_ACK) {
        h.seq = s->ack;
        h.flags = MIRAGE__TCP_RST;
    } else {
        h.ack = s->seq + s->len + !!(s->flags & MIRAGE__TCP_SYN) +
                !!(s->flags & MIRAGE__TCP_FIN);
        h.flags = MIRAGE__TCP_RST | MIRAGE__TCP_ACK;
    }
    t->st.rst_sent++;
    emit_ctl(t, l, r, &h);
}

void mirage__tcp_send_rst_conn(struct mirage__tcp_conn *c)
{
    struct mirage__tcp_hdr h;
    base_hdr(c, &h, c->snd_nxt, MIRAGE__TCP_RST | MIRAGE__TCP_ACK);
    c->tcp->st.rst_sent++;
    emit_ctl(c->tcp, &c->laddr, &c->raddr, &h);
}

void mirage__tcp_challenge_ack(struct mirage__tcp_conn *c)
{
    struct mirage__tcp *t = c->tcp;
    uint64_t second = mirage__tcp_now(t) / 1000000000u;
    if (second != t->cack_epoch) {
        t->cack_epoch = second;
        t->cack_count = 0;
    }
    if (t->cack_count >= t->cfg.challenge_ack_limit)
        return;
    t->cack_count++;
    t->st.challenge_acks++;
    mirage__tcp_send_ack(c);
}

void mirage__tcp_send_probe(struct mirage__tcp_conn *c, bool data)
{
    if (data && c->sq_bytes > 0) {
        /* A zero-window probe: the next octet (RFC 9293 3.8.6.1). */
        mirage__tcp_xmit(c, c->snd_una, 1, MIRAGE__TCP_ACK);
        c->snd_max = mirage__seq_max(c->snd_max, c->snd_una + 1);
        c->tcp->st.persist_probes++;
        return;
    }
    /* A keep-alive: an old sequence number draws an ACK (RFC 9293 3.8.4). */
    mirage__tcp_xmit(c, c->snd_una - 1, 0, MIRAGE__TCP_ACK);
    c->tcp->st.keepalive_probes++;
}
