/* SPDX-License-Identifier: ISC */
/* Creating and destroying the TCP engine; its clock and statistics. */
#include <stdlib.h>
#include <string.h>

#include <mirage/ip.h>
#include <mirage/random.h>

#include "tcp_priv.h"

MIRAGE_LOG_SRC(mirage__tcp_log, "tcp", "TCP engine");

extern const struct mirage_tcp_ops mirage__tcp_ops;

#define MS 1000000ull
#define SEC 1000000000ull

static const char *const state_names[] = {
    "CLOSED",     "SYN_SENT",   "SYN_RCVD", "ESTABLISHED", "FIN_WAIT_1",
    "FIN_WAIT_2", "CLOSE_WAIT", "CLOSING",  "LAST_ACK",    "TIME_WAIT",
};

const char *mirage__tcp_state_name(int state)
{
    if (state < 0 || state > MIRAGE__TCPS_TIME_WAIT)
        return "?";
    return state_names[state];
}

#define DEFAULT(field, value)   \
    do {                        \
        if (!c->field)          \
            c->field = (value); \
    } while (0)

static int fill_config(struct mirage_tcp_direct_config *c)
{
    DEFAULT(rcv_buf, 262144);
    DEFAULT(snd_buf, 262144);
    DEFAULT(rto_initial_ns, SEC);
    DEFAULT(rto_min_ns, 200 * MS);
    DEFAULT(rto_max_ns, 60 * SEC);
    DEFAULT(delack_ns, 40 * MS);
    DEFAULT(time_wait_ns, 60 * SEC);
    DEFAULT(fin_wait2_ns, 60 * SEC);
    DEFAULT(syn_retries, 6);
    DEFAULT(max_retries, 15);
    DEFAULT(syn_queue, 256);
    DEFAULT(max_half_open, 4096);
    DEFAULT(challenge_ack_limit, 1000);
    if (!c->port_lo && !c->port_hi) {
        c->port_lo = 49152;
        c->port_hi = 65535;
    }
    if (c->port_lo == 0 || c->port_lo > c->port_hi)
        return -EINVAL;
    if (c->rto_min_ns > c->rto_max_ns || c->rto_max_ns > 3600 * SEC ||
        c->rcv_buf < 1024 || c->rcv_buf > (65535u << MIRAGE__TCP_MAXWS) ||
        c->snd_buf < 1024 || c->syn_retries > 30 || c->max_retries > 100)
        return -EINVAL;
    return 0;
}

static uint64_t default_now(void *arg)
{
    (void)arg;
    return mirage_now_ns();
}

static void default_arm(void *arg, uint64_t deadline)
{
    struct mirage__tcp *t = arg;
    mirage_timer_arm(&t->timer, deadline);
}

static void timer_fired(struct mirage_timer *timer, void *arg)
{
    (void)timer;
    mirage__tcp_timer_run(arg);
}

void mirage__tcp_set_clock(struct mirage_tcp *tcp, uint64_t (*now)(void *),
                           void (*arm)(void *, uint64_t), void *arg)
{
    struct mirage__tcp *t = mirage__tcp_of(tcp);
    mirage_timer_cancel(&t->timer);
    t->now_fn = now;
    t->arm_fn = arm;
    t->clock_arg = arg;
    t->armed = 0;
}

int mirage_tcp_direct_create(struct mirage_ip *ip, struct mirage_random *rng,
                             const struct mirage_tcp_direct_config *cfg,
                             struct mirage_tcp **out)
{
    struct mirage_tcp_direct_config c = {0};
    if (cfg)
        c = *cfg;
    int err = fill_config(&c);
    if (err < 0)
        return err;
    struct mirage__tcp *t = calloc(1, sizeof *t);
    if (!t)
        return -ENOMEM;
    t->blocks = calloc(1, sizeof *t->blocks);
    t->tab_size = 256;
    t->tab = calloc(t->tab_size, sizeof *t->tab);
    if (!t->blocks || !t->tab) {
        free(t->blocks);
        free(t->tab);
        free(t);
        return -ENOMEM;
    }
    t->pub.ops = &mirage__tcp_ops;
    t->ip = ip;
    t->rng = rng;
    t->cfg = c;
    mirage_random_fill(rng, t->key, sizeof t->key);
    mirage_random_fill(rng, t->cookie_key, sizeof t->cookie_key);
    mirage_timer_init(&t->timer, timer_fired, t);
    t->now_fn = default_now;
    t->arm_fn = default_arm;
    t->clock_arg = t;
    mirage_ip_set_handler(ip, MIRAGE_IP_PROTO_TCP, mirage__tcp_input, t);
    *out = &t->pub;
    return 0;
}

static void free_conn(struct mirage__tcp_conn *c)
{
    mirage__tcp_sq_free(c);
    mirage__tcp_ooo_free(c);
    mirage__tcp_rq_free(c);
    free(c);
}

void mirage_tcp_direct_destroy(struct mirage_tcp *tcp)
{
    struct mirage__tcp *t = mirage__tcp_of(tcp);
    mirage_ip_set_handler(t->ip, MIRAGE_IP_PROTO_TCP, NULL, NULL);
    mirage_timer_cancel(&t->timer);
    while (t->listeners) {
        struct mirage__tcp_listener *l = t->listeners;
        while (l->syn_q)
            mirage__tcp_listen_forget(l->syn_q);
        while (l->acc_head)
            mirage__tcp_listen_forget(l->acc_head);
        mirage__tcp_listen_close(l);
    }
    for (uint32_t i = 0; i < t->tab_size; i++) {
        while (t->tab[i]) {
            struct mirage__tcp_conn *c = t->tab[i];
            t->tab[i] = c->hnext;
            free_conn(c);
        }
    }
    free(t->tab);
    free(t->heap);
    mirage__tcp_blocks_drop(t->blocks);
    free(t);
}

void mirage_tcp_direct_stats(struct mirage_tcp *tcp,
                             struct mirage_tcp_direct_stats *out)
{
    struct mirage__tcp *t = mirage__tcp_of(tcp);
    *out = t->st;
    out->buffers = t->blocks->in_use;
}
