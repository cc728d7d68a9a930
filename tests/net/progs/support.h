/* SPDX-License-Identifier: ISC */
/* Shared scaffolding of the network test programs: keys, control, echo. */
#ifndef TESTS_NET_PROGS_SUPPORT_H
#define TESTS_NET_PROGS_SUPPORT_H

#include <mirage.h>
#include <mirage/flow.h>
#include <mirage/tcp.h>
#include <mirage/udp.h>

#include <stddef.h>
#include <stdint.h>

/*
 * Every test program takes --interface=NAME (default tap0) and
 * --ipv4=PREFIX (default 10.0.0.2/24), serves a UDP control port (the
 * program listens with support_control as the callback): a datagram
 * "stats" is answered with the program's counters as "name value" lines,
 * "quit" is answered "bye" and ends the program, which prints "NAME: ready"
 * once set up and its counters at exit.
 */

extern struct mirage_key support_key_interface;
extern struct mirage_key support_key_ipv4;

/* A text of "name value" lines, truncated (never overflowing) when full. */
struct support_text {
    char buf[16384];
    size_t len;
};

/* Appends "NAME V\n" to the struct support_text ARG. */
void support_add(void *arg, const char *name, uint64_t v);

struct support_prog {
    const char *name;                           /* "NAME: ready" */
    struct mirage_key *const *keys;             /* keys beyond the two */
    size_t nkeys;                               /* at most 6 */
    int (*setup)(void);                         /* builds the stack */
    void (*counters)(struct support_text *out); /* fills OUT from empty */
};

/* Runs PROG as the unikernel; returns its exit status. */
int support_main(const struct support_prog *prog, int argc, char **argv);

/* The UDP control port callback (ARG unused). */
void support_control(void *arg, struct mirage_udp *u,
                     const struct mirage_ipaddr *src, uint16_t sport,
                     const struct mirage_ipaddr *dst, uint16_t dport,
                     struct mirage_buf *b);

/* A fiber echoing the flow ARG until EOF, then closing it. */
void support_echo(void *arg);

/* A listener and the fiber FN spawned (with the flow) per connection. */
struct support_service {
    uint16_t port;
    mirage_fiber_fn fn;
    struct mirage_tcp_listener *l;
};

/* Spawns the fiber accepting on S->l (already listening). */
int support_serve(struct support_service *s);

#endif
