/* SPDX-License-Identifier: ISC */
/* SYN cookies: a listener under a SYN flood answers without keeping state. */
#include "tcp_priv.h"

/*
 * When a listener's SYN queue is full, its SYN-ACK carries an initial
 * sequence number that encodes what the connection needs and proves that
 * we sent it:
 *
 *     bits 31..27  time counter (64-second periods) modulo 32
 *     bits 26..24  index of the MSS in mss_table
 *     bits 23..0   SipHash(cookie key, 4-tuple, peer's ISN, counter)
 *
 * The final ACK of the handshake returns cookie + 1; it is accepted if the
 * hash matches for the current or the previous period (so a cookie lives
 * 64 to 128 seconds).  Window scale and SACK permission do not fit in the
 * sequence number; when the peer uses timestamps they ride in the low six
 * bits of our TSval, which the peer echoes in its ACK (bit 4 marks them).
 */

static const uint16_t mss_table[8] = {536,  1024, 1220, 1360,
                                      1440, 1452, 1460, 8960};

#define PERIOD_NS (64ull * 1000000000ull)

static uint32_t counter(struct mirage__tcp *t)
{
    return (uint32_t)(mirage__tcp_now(t) / PERIOD_NS);
}

static uint32_t cookie_hash(struct mirage__tcp *t,
                            const struct mirage__tcp_conn *c, uint32_t irs,
                            uint32_t tc)
{
    return (uint32_t)mirage__tcp_tuple_mac(t->cookie_key, 'c', c, irs, tc) &
           0xffffffu;
}

uint32_t mirage__tcp_cookie_make(struct mirage__tcp *t,
                                 const struct mirage__tcp_conn *c, uint32_t irs,
                                 uint16_t mss)
{
    uint32_t idx = 0;
    for (uint32_t i = 0; i < 8; i++)
        if (mss_table[i] <= mss)
            idx = i;
    uint32_t tc = counter(t);
    return (tc & 0x1f) << 27 | idx << 24 | cookie_hash(t, c, irs, tc);
}

uint16_t mirage__tcp_cookie_check(struct mirage__tcp *t,
                                  const struct mirage__tcp_conn *c,
                                  uint32_t irs, uint32_t cookie)
{
    uint32_t now = counter(t);
    for (uint32_t age = 0; age < 2 && age <= now; age++) {
        uint32_t tc = now - age;
        if ((cookie >> 27) != (tc & 0x1f))
            continue;
        if ((cookie & 0xffffffu) == cookie_hash(t, c, irs, tc))
            return mss_table[(cookie >> 24) & 7];
    }
    return 0;
}

uint32_t mirage__tcp_cookie_tsval(uint32_t now_ts, uint8_t ws, bool sack)
{
    uint32_t bits = 0x10u | (sack ? 0x20u : 0) | (ws & 0x0fu);
    uint32_t v = (now_ts & ~0x3fu) | bits;
    /* Never ahead of the clock, or the next segment would look older. */
    if (mirage__seq_gt(v, now_ts))
        v -= 64;
    return v;
}

bool mirage__tcp_cookie_tsopts(uint32_t tsecr, uint8_t *ws, bool *sack)
{
    if (!(tsecr & 0x10u))
        return false;
    *sack = (tsecr & 0x20u) != 0;
    *ws = (uint8_t)(tsecr & 0x0fu);
    return true;
}
