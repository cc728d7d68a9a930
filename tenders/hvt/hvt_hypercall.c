/* SPDX-License-Identifier: ISC */
/* The hvt hypercalls: every guest address goes through tender_guest_ptr. */

#include <errno.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/timerfd.h>
#include <time.h>
#include <unistd.h>

#include "hvt.h"

#define POLL_EVENTS 64

static const char *const hc_names[HVT_HYPERCALL_MAX] = {
    "reserved",   "WALLTIME",  "PUTS",     "POLL", "BLOCK_WRITE",
    "BLOCK_READ", "NET_WRITE", "NET_READ", "HALT",
};

/* A guest range, or the end of the guest with "invalid guest access". */
static void *guest(struct hvt *h, uint64_t gpa, uint64_t len,
                   enum tender_access acc, unsigned nr, const char *what)
{
    void *p = tender_guest_ptr(&h->mem, gpa, len, acc);
    if (p == NULL) {
        char msg[200];
        snprintf(msg, sizeof msg,
                 "invalid guest access: %s %s at 0x%llx, %llu bytes (%s)",
                 hc_names[nr], what, (unsigned long long)gpa,
                 (unsigned long long)len,
                 tender_guest_ptr(&h->mem, gpa, len, TENDER_GUEST_READ)
                     ? "not writable guest memory"
                     : "outside guest memory");
        hvt_guest_fault(h, msg);
    }
    return p;
}

void hvt_io_setup(struct hvt *h)
{
    h->epoll = epoll_create1(EPOLL_CLOEXEC);
    h->timerfd = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC);
    if (h->epoll < 0 || h->timerfd < 0)
        tender_die("epoll/timerfd: %s", strerror(errno));
    struct epoll_event ev = {.events = EPOLLIN,
                             .data.u64 = SPT_EPOLL_TIMER_TAG};
    if (epoll_ctl(h->epoll, EPOLL_CTL_ADD, h->timerfd, &ev) < 0)
        tender_die("epoll_ctl: %s", strerror(errno));
    for (unsigned i = 1; i < h->mft->entries; i++) {
        if (h->mft->e[i].type != SOLO5_MFT_DEV_NET_BASIC)
            continue;
        ev.data.u64 = i;
        if (epoll_ctl(h->epoll, EPOLL_CTL_ADD, h->devs[i].fd, &ev) < 0)
            tender_die("net device '%s': cannot poll its fd: %s",
                       h->mft->e[i].name, strerror(errno));
    }
}

static void do_poll(struct hvt *h, struct hvt_hc_poll *a)
{
    struct itimerspec it = {0};
    it.it_value.tv_sec = (time_t)(a->timeout_nsecs / 1000000000ULL);
    it.it_value.tv_nsec = (long)(a->timeout_nsecs % 1000000000ULL) | 1;
    if (timerfd_settime(h->timerfd, 0, &it, NULL) < 0)
        tender_die("timerfd_settime: %s", strerror(errno));
    struct epoll_event ev[POLL_EVENTS];
    int n = epoll_wait(h->epoll, ev, POLL_EVENTS, -1);
    if (n < 0 && errno != EINTR)
        tender_die("epoll_wait: %s", strerror(errno));
    if (n < 0)
        hvt_check_signal(h);
    a->ready_set = 0;
    a->ret = 0;
    for (int i = 0; i < n; i++) {
        if (ev[i].data.u64 == SPT_EPOLL_TIMER_TAG)
            continue;
        a->ready_set |= 1ULL << ev[i].data.u64;
        a->ret++;
    }
    if (a->ret > 0)
        hvt_ring_prewake(h);
}

/* The manifest entry a device hypercall names, or NULL (EINVAL). */
static const struct solo5_mft_entry *device(struct hvt *h, uint64_t handle,
                                            uint32_t type)
{
    if (handle == 0 || handle >= h->mft->entries)
        return NULL;
    const struct solo5_mft_entry *ent = &h->mft->e[handle];
    return ent->type == type && ent->attached ? ent : NULL;
}

static void do_block(struct hvt *h, unsigned nr, struct hvt_hc_block *a)
{
    const struct solo5_mft_entry *ent =
        device(h, a->handle, SOLO5_MFT_DEV_BLOCK_BASIC);
    uint64_t cap = ent ? ent->u.block_basic.capacity : 0;
    if (ent == NULL || a->offset >= cap || a->len > cap - a->offset) {
        a->ret = SOLO5_R_EINVAL;
        return;
    }
    bool wr = nr == HVT_HYPERCALL_BLOCK_WRITE;
    void *buf =
        guest(h, a->data, a->len, wr ? TENDER_GUEST_READ : TENDER_GUEST_WRITE,
              nr, "buffer");
    int fd = h->devs[a->handle].fd;
    ssize_t n = wr ? pwrite(fd, buf, a->len, (off_t)a->offset)
                   : pread(fd, buf, a->len, (off_t)a->offset);
    if (n < 0 || (uint64_t)n != a->len)
        tender_die("block device '%s': %s failed at offset %llu: %s", ent->name,
                   wr ? "write" : "read", (unsigned long long)a->offset,
                   n < 0 ? strerror(errno) : "short transfer");
    a->ret = SOLO5_R_OK;
}

static void do_net(struct hvt *h, unsigned nr, struct hvt_hc_net *a)
{
    const struct solo5_mft_entry *ent =
        device(h, a->handle, SOLO5_MFT_DEV_NET_BASIC);
    if (ent == NULL) {
        a->ret = SOLO5_R_EINVAL;
        return;
    }
    bool wr = nr == HVT_HYPERCALL_NET_WRITE;
    /* A frame larger than the device takes (mtu + 14, or the vnet maximum
     * on a granted device) is refused before any guest memory is read. */
    if (wr && a->len > tender_net_frame_max(ent, &h->devs[a->handle])) {
        a->ret = SOLO5_R_EINVAL;
        return;
    }
    void *buf =
        guest(h, a->data, a->len, wr ? TENDER_GUEST_READ : TENDER_GUEST_WRITE,
              nr, "buffer");
    int fd = h->devs[a->handle].fd;
    ssize_t n = wr ? write(fd, buf, a->len) : read(fd, buf, a->len);
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
        a->ret = SOLO5_R_AGAIN;
    else if (n < 0 || (wr && (uint64_t)n != a->len))
        a->ret = SOLO5_R_EUNSPEC;
    else if (!wr && n == 0)
        a->ret = SOLO5_R_AGAIN;
    else
        a->ret = SOLO5_R_OK;
    if (!wr && a->ret == SOLO5_R_OK)
        a->len = (uint64_t)n;
}

/* Copies the argument struct in, runs the call, copies results out. */
#define WITH_ARG(type, acc, body)                               \
    do {                                                        \
        type a;                                                 \
        void *p = guest(h, gpa, sizeof a, acc, nr, "argument"); \
        memcpy(&a, p, sizeof a);                                \
        body;                                                   \
        if (acc == TENDER_GUEST_WRITE)                          \
            memcpy(p, &a, sizeof a);                            \
    } while (0)

int hvt_hypercall(struct hvt *h, unsigned nr, uint64_t gpa)
{
    const enum tender_access W = TENDER_GUEST_WRITE, R = TENDER_GUEST_READ;
    int status = -1;
    h->stats.hypercalls[nr]++;
    switch (nr) {
    case HVT_HYPERCALL_WALLTIME:
        WITH_ARG(struct hvt_hc_walltime, W, {
            struct timespec ts;
            clock_gettime(CLOCK_REALTIME, &ts);
            a.nsecs =
                (uint64_t)ts.tv_sec * 1000000000ULL + (uint64_t)ts.tv_nsec;
        });
        break;
    case HVT_HYPERCALL_PUTS:
        WITH_ARG(struct hvt_hc_puts, R, {
            void *s = guest(h, a.data, a.len, R, nr, "string");
            ssize_t n = write(STDOUT_FILENO, s, a.len);
            (void)n; /* best effort, as the ABI says */
        });
        break;
    case HVT_HYPERCALL_POLL:
        WITH_ARG(struct hvt_hc_poll, W, do_poll(h, &a));
        break;
    case HVT_HYPERCALL_BLOCK_WRITE:
    case HVT_HYPERCALL_BLOCK_READ:
        WITH_ARG(struct hvt_hc_block, W, do_block(h, nr, &a));
        break;
    case HVT_HYPERCALL_NET_WRITE:
    case HVT_HYPERCALL_NET_READ:
        WITH_ARG(struct hvt_hc_net, W, do_net(h, nr, &a));
        break;
    case HVT_HYPERCALL_HALT:
        /* The cookie (a trap frame for debuggers) is never read here. */
        WITH_ARG(struct hvt_hc_halt, R, status = a.exit_status & 0xff);
        break;
    default:
        hvt_guest_fault(h, "invalid hypercall 0 (reserved)");
    }
    return status;
}
