/* SPDX-License-Identifier: ISC */
/* Waiting for a deadline or for input on the acquired network devices. */
#include "unix_priv.h"

#include <errno.h>
#include <poll.h>
#include <time.h>

/* Longest single wait: the loop goes round and waits again. */
#define MAX_WAIT_NS (1000000000ull * 86400 * 365)

static struct pollfd pfds[MIRAGE__UNIX_MAX_DEVS];
static unsigned pfd_handle[MIRAGE__UNIX_MAX_DEVS];
static int npfds;

void mirage__unix_wait_add(unsigned h, int fd)
{
    pfds[npfds].fd = fd;
    pfds[npfds].events = POLLIN;
    pfd_handle[npfds] = h;
    npfds++;
}

static struct timespec to_timespec(uint64_t ns)
{
    struct timespec ts = {(time_t)(ns / 1000000000), (long)(ns % 1000000000)};

    return ts;
}

/* No device to watch: sleep until the deadline on the monotonic clock. */
static void sleep_until(uint64_t deadline, uint64_t now)
{
    uint64_t delta = deadline - now;
    uint64_t abs =
        mirage__unix_clock_raw() + (delta < MAX_WAIT_NS ? delta : MAX_WAIT_NS);
    struct timespec ts = to_timespec(abs);

    clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, NULL);
}

uint64_t mirage_plat_wait(uint64_t deadline_ns)
{
    uint64_t now = mirage_plat_clock_monotonic(), ready = 0;
    struct timespec ts;
    int n;

    if (npfds == 0) {
        if (deadline_ns > now)
            sleep_until(deadline_ns, now);
        return 0;
    }
    ts = to_timespec(deadline_ns <= now                ? 0
                     : deadline_ns - now > MAX_WAIT_NS ? MAX_WAIT_NS
                                                       : deadline_ns - now);
    n = ppoll(pfds, (nfds_t)npfds, &ts, NULL);
    if (n <= 0)
        return 0; /* timeout, or EINTR: the loop simply goes round */
    for (int i = 0; i < npfds; i++)
        if (pfds[i].revents & (POLLIN | POLLERR | POLLHUP))
            ready |= (uint64_t)1 << pfd_handle[i];
    return ready;
}
