/* SPDX-License-Identifier: ISC */
/* netpeer: the Linux side of bench/net/run.sh, the same client against
 * the unikernel and against its own server mode. */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

/*
 * netpeer server ADDR       the services of bench/net/app/unikernel.c
 * netpeer send ADDR SECS    bulk to the sink: prints MB/s (10^6 bytes)
 * netpeer recv ADDR SECS    bulk from the source: prints MB/s
 * netpeer rr ADDR SECS      1-byte request/response on one connection:
 *                           prints transactions/s
 * netpeer crr ADDR SECS     connect, 1-byte request/response, close:
 *                           prints connections/s
 * netpeer idle ADDR N       opens N connections to the holder (256 at a
 *                           time, for 20 s at most), prints "open K" (K
 *                           established), then waits for a signal
 */
enum {
    SINK = 5001,
    SOURCE = 5002,
    ECHO = 5003,
    HOLD = 5004,
    CHUNK = 131072,
    IDLE_BATCH = 256,
    IDLE_SECS = 20
};

static struct in_addr addr;

static void die(const char *what)
{
    fprintf(stderr, "netpeer: %s: %s\n", what, strerror(errno));
    exit(1);
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int dial(uint16_t port)
{
    struct sockaddr_in sa = {
        .sin_family = AF_INET, .sin_port = htons(port), .sin_addr = addr};
    int fd = socket(AF_INET, SOCK_STREAM, 0), one = 1;
    if (fd < 0)
        die("socket");
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    if (connect(fd, (struct sockaddr *)&sa, sizeof sa) < 0)
        die("connect");
    return fd;
}

static int write_all(int fd, const void *p, size_t n)
{
    const char *c = p;
    while (n > 0) {
        ssize_t w = write(fd, c, n);
        if (w <= 0)
            return -1;
        c += w;
        n -= (size_t)w;
    }
    return 0;
}

static void *serve(void *arg)
{
    int fd = (int)(intptr_t)arg, one = 1;
    struct sockaddr_in sa;
    socklen_t sl = sizeof sa;
    char *buf = calloc(1, CHUNK);
    ssize_t n = -1;
    getsockname(fd, (struct sockaddr *)&sa, &sl);
    uint16_t port = ntohs(sa.sin_port);
    uint64_t total = 0, want;
    if (port == SINK) {
        while ((n = read(fd, buf, CHUNK)) > 0)
            total += (uint64_t)n;
        int len = snprintf(buf, 32, "%llu\n", (unsigned long long)total);
        if (n == 0)
            write_all(fd, buf, (size_t)len);
    } else if (port == SOURCE) {
        size_t got = 0;
        while (got < 31 && !memchr(buf, '\n', got) &&
               (n = read(fd, buf + got, 31 - got)) > 0)
            got += (size_t)n;
        buf[got] = '\0';
        want = strtoull(buf, NULL, 10);
        memset(buf, 0, CHUNK);
        while (want == 0 || total < want) {
            size_t k = want == 0 || want - total > CHUNK
                           ? CHUNK
                           : (size_t)(want - total);
            if (write_all(fd, buf, k) < 0)
                break;
            total += k;
        }
    } else {
        setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
        while ((n = read(fd, buf, 2048)) > 0)
            if (write_all(fd, buf, (size_t)n) < 0)
                break;
    }
    free(buf);
    close(fd);
    return NULL;
}

static void *acceptor(void *arg)
{
    int l = (int)(intptr_t)arg;
    struct sockaddr_in sa;
    socklen_t sl = sizeof sa;
    getsockname(l, (struct sockaddr *)&sa, &sl);
    for (;;) {
        int fd = accept(l, NULL, NULL);
        pthread_t t;
        if (fd < 0)
            continue;
        if (ntohs(sa.sin_port) == HOLD)
            continue; /* kept open, never read */
        pthread_attr_t at;
        pthread_attr_init(&at);
        pthread_attr_setdetachstate(&at, PTHREAD_CREATE_DETACHED);
        pthread_attr_setstacksize(&at, 65536);
        if (pthread_create(&t, &at, serve, (void *)(intptr_t)fd) != 0)
            close(fd);
        pthread_attr_destroy(&at);
    }
    return NULL;
}

static _Noreturn void server(void)
{
    static const uint16_t ports[] = {SINK, SOURCE, ECHO, HOLD};
    for (int i = 0; i < 4; i++) {
        struct sockaddr_in sa = {.sin_family = AF_INET,
                                 .sin_port = htons(ports[i]),
                                 .sin_addr = addr};
        int l = socket(AF_INET, SOCK_STREAM, 0), one = 1;
        pthread_t t;
        setsockopt(l, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
        if (l < 0 || bind(l, (struct sockaddr *)&sa, sizeof sa) < 0 ||
            listen(l, 4096) < 0)
            die("listen");
        if (pthread_create(&t, NULL, acceptor, (void *)(intptr_t)l) != 0)
            die("pthread_create");
    }
    printf("netpeer: ready\n");
    fflush(stdout);
    for (;;)
        pause();
}

static double bulk_send(double secs)
{
    int fd = dial(SINK);
    char *buf = calloc(1, CHUNK), line[32] = "";
    uint64_t total = 0;
    double t0 = now();
    while (now() - t0 < secs) {
        if (write_all(fd, buf, CHUNK) < 0)
            die("write");
        total += CHUNK;
    }
    shutdown(fd, SHUT_WR);
    ssize_t n = read(fd, line, sizeof line - 1);
    double t = now() - t0;
    if (n <= 0 || strtoull(line, NULL, 10) != total) {
        fprintf(stderr, "netpeer: sink got %s, sent %llu\n", line,
                (unsigned long long)total);
        exit(1);
    }
    close(fd);
    free(buf);
    return (double)total / t / 1e6;
}

static double bulk_recv(double secs)
{
    int fd = dial(SOURCE);
    char *buf = malloc(CHUNK);
    uint64_t total = 0;
    if (write_all(fd, "0\n", 2) < 0)
        die("write");
    double t0 = now(), t;
    while ((t = now() - t0) < secs) {
        ssize_t n = read(fd, buf, CHUNK);
        if (n <= 0)
            die("read");
        total += (uint64_t)n;
    }
    close(fd);
    free(buf);
    return (double)total / t / 1e6;
}

static int exchange(int fd)
{
    char c = 'x';
    return write(fd, &c, 1) == 1 && read(fd, &c, 1) == 1 ? 0 : -1;
}

static double rr(double secs, int per_connection)
{
    int fd = per_connection ? -1 : dial(ECHO);
    uint64_t count = 0;
    double t0 = now(), t;
    while ((t = now() - t0) < secs) {
        for (int i = 0; i < 16; i++, count++) {
            if (per_connection)
                fd = dial(ECHO);
            if (exchange(fd) < 0)
                die("echo");
            if (per_connection)
                close(fd);
        }
    }
    if (!per_connection)
        close(fd);
    return (double)count / t;
}

/* Opens one batch of connections to the holder at once; returns how many
 * were established. */
static long idle_batch(int n)
{
    struct pollfd pf[IDLE_BATCH];
    struct sockaddr_in sa = {
        .sin_family = AF_INET, .sin_port = htons(HOLD), .sin_addr = addr};
    long ok = 0;
    for (int i = 0; i < n; i++) {
        pf[i].fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
        pf[i].events = POLLOUT;
        if (pf[i].fd < 0)
            die("socket");
        if (connect(pf[i].fd, (struct sockaddr *)&sa, sizeof sa) < 0 &&
            errno != EINPROGRESS)
            die("connect");
    }
    double t0 = now();
    int left = n;
    while (left > 0 && now() - t0 < 10) {
        if (poll(pf, (nfds_t)n, 100) < 0 && errno != EINTR)
            die("poll");
        for (int i = 0; i < n; i++) {
            int err = 0;
            socklen_t sl = sizeof err;
            if (pf[i].fd < 0 || !(pf[i].revents & (POLLOUT | POLLERR)))
                continue;
            getsockopt(pf[i].fd, SOL_SOCKET, SO_ERROR, &err, &sl);
            ok += err == 0;
            pf[i].fd = -pf[i].fd - 1; /* done: poll ignores it */
            left--;
        }
    }
    return ok;
}

static _Noreturn void idle(long n)
{
    long ok = 0;
    double t0 = now();
    for (long i = 0; i < n && now() - t0 < IDLE_SECS; i += IDLE_BATCH)
        ok += idle_batch(n - i < IDLE_BATCH ? (int)(n - i) : IDLE_BATCH);
    printf("open %ld\n", ok);
    fflush(stdout);
    for (;;)
        pause();
}

int main(int argc, char **argv)
{
    if (argc < 3 || inet_pton(AF_INET, argv[2], &addr) != 1) {
        fprintf(stderr, "usage: netpeer server|send|recv|rr|crr|idle ADDR "
                        "[SECS|N]\n");
        return 2;
    }
    signal(SIGPIPE, SIG_IGN);
    const char *m = argv[1];
    double arg = argc > 3 ? atof(argv[3]) : 2;
    if (strcmp(m, "server") == 0)
        server();
    if (strcmp(m, "idle") == 0)
        idle((long)arg);
    double v = strcmp(m, "send") == 0   ? bulk_send(arg)
               : strcmp(m, "recv") == 0 ? bulk_recv(arg)
               : strcmp(m, "rr") == 0   ? rr(arg, 0)
               : strcmp(m, "crr") == 0  ? rr(arg, 1)
                                        : -1;
    if (v < 0) {
        fprintf(stderr, "netpeer: unknown mode %s\n", m);
        return 2;
    }
    printf("%.1f\n", v);
    return 0;
}
