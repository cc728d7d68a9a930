/* SPDX-License-Identifier: ISC */
/* Internals of the socket stack: host sockets driven by the event loop. */
#ifndef MIRAGE_SOCKET_PRIV_H
#define MIRAGE_SOCKET_PRIV_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/socket.h>

#include <mirage/fiber.h>
#include <mirage/log.h>
#include <mirage/stack.h>

/*
 * Every socket is non-blocking and registered, edge-triggered, with one
 * epoll instance that the unix platform's wait watches as a device handle.
 * When it is ready the loop's callback drains the epoll events: each
 * socket's conditions are broadcast (fibers in read, write, accept,
 * connect retry their call) and its optional event function runs (UDP
 * delivery).  A socket closed while events are being dispatched is freed
 * only after the dispatch.
 */
struct mirage__sock {
    int fd;
    bool dead;
    struct mirage_cond rd, wr;
    void (*event)(struct mirage__sock *s, uint32_t events);
    void *owner;
    struct mirage__sock *next_dead;
};

extern struct mirage_log_src mirage__socket_log;

/* Registers the epoll instance with the platform (once per process) and
 * the loop callback (once per run).  0 or a negative errno. */
int mirage__sock_init(void);
/* Adds an open socket (made non-blocking here).  0 or -errno. */
int mirage__sock_add(struct mirage__sock *s, int fd,
                     void (*event)(struct mirage__sock *s, uint32_t ev),
                     void *owner);
/* Closes the socket and frees s now or after the current dispatch: s must
 * be the first member of a block the caller got from malloc. */
void mirage__sock_close(struct mirage__sock *s);
/* Waits for readability (rd) or writability (wr) of s: 0 or -ECANCELED. */
int mirage__sock_wait(struct mirage__sock *s, bool write);

/* Addresses. */
int mirage__sockaddr_from(const struct mirage_ipaddr *a, uint16_t port,
                          struct sockaddr_storage *ss, socklen_t *len);
void mirage__sockaddr_to(const struct sockaddr_storage *ss,
                         struct mirage_ipaddr *a, uint16_t *port);
/* -errno for the current errno, with the conversions the interfaces
 * document (ENETUNREACH -> EHOSTUNREACH). */
int mirage__sock_err(void);

/* The stack's configuration as the transports need it. */
struct mirage__socket_cfg {
    bool v4, v6;
    struct mirage_ipaddr bind4, bind6; /* any (zeros) by default */
};

int mirage__socket_udp_create(const struct mirage__socket_cfg *c,
                              struct mirage_udp **out);
void mirage__socket_udp_destroy(struct mirage_udp *u);
int mirage__socket_tcp_create(const struct mirage__socket_cfg *c,
                              struct mirage_tcp **out);
void mirage__socket_tcp_destroy(struct mirage_tcp *t);

/* Opens a non-blocking socket of family af and type, bound to a:port
 * (SO_REUSEADDR; IPV6_V6ONLY for IPv6).  Returns the fd or -errno. */
int mirage__sock_bind(int af, int type, const struct mirage_ipaddr *a,
                      uint16_t port);

#endif
