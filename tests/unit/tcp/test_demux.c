/* SPDX-License-Identifier: ISC */
/* Demultiplexing: the one-entry lookup cache never returns a stale entry. */
#include "check.h"
#include "sim.h"

struct tuple {
    struct mirage_ipaddr l, r;
    uint16_t lp, rp;
};

static struct tuple tuple_of(const struct mirage__tcp_conn *c)
{
    struct tuple t = {c->laddr, c->raddr, c->lport, c->rport};
    return t;
}

static struct mirage__tcp_conn *find(struct mirage__tcp *t,
                                     const struct tuple *k)
{
    return mirage__tcp_conn_find(t, &k->l, k->lp, &k->r, k->rp);
}

static void cache_follows_lookups_and_frees(void)
{
    struct sim s;
    sim_init(&s, NULL);
    struct mirage__tcp_listener *l = sim_listen(&s, 1, 80, 8);
    struct mirage__tcp_conn *c1, *d1, *c2, *d2;
    CHECK_INT_EQ(sim_connect(&s, 0, 1, 80, l, &c1, &d1), 0);
    CHECK_INT_EQ(sim_connect(&s, 0, 1, 80, l, &c2, &d2), 0);
    struct mirage__tcp *t = sim_tcp(&s, 1);
    struct tuple k1 = tuple_of(d1), k2 = tuple_of(d2);
    CHECK(find(t, &k1) == d1);
    CHECK(find(t, &k2) == d2);
    CHECK(find(t, &k1) == d1);
    CHECK(find(t, &k1) == d1);
    struct tuple other = k1;
    other.rp = (uint16_t)(k1.rp ^ 1);
    if (other.rp == k2.rp)
        other.rp = (uint16_t)(other.rp + 2);
    CHECK(find(t, &other) == NULL);
    /* Both ends of the first connection go away entirely (TIME_WAIT
     * included); a lookup of its tuple must not touch freed memory. */
    CHECK(find(t, &k1) == d1);
    mirage__tcp_close(c1);
    mirage__tcp_close(d1);
    sim_run_for(&s, 200ull * 1000000000ull);
    CHECK(find(t, &k1) == NULL);
    CHECK(find(t, &k2) == d2);
    /* The other connection is untouched. */
    CHECK_INT_EQ(d2->state, MIRAGE__TCPS_ESTABLISHED);
    mirage__tcp_close(c2);
    mirage__tcp_close(d2);
    sim_run_for(&s, 200ull * 1000000000ull);
    CHECK(find(t, &k2) == NULL);
    mirage__tcp_listen_close(l);
    CHECK(sim_drained(&s));
    sim_fini(&s);
}

int main(void)
{
    RUN(cache_follows_lookups_and_frees);
    CHECK_DONE();
}
