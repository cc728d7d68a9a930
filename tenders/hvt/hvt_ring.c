/* SPDX-License-Identifier: ISC */
/* The hvt net ring: a tender thread serving the frames a guest queues. */

#include <errno.h>
#include <sched.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "hvt.h"

/*
 * The guest queues NET_WRITE and NET_READ entries in the shared ring and
 * kicks (an OUT to port 0x600, turned into an eventfd signal inside KVM,
 * so no exit reaches this process) only when needs_kick says the thread
 * sleeps.  The thread spins a while before it sleeps, so a busy guest
 * sends and receives without any VM exit.  It yields now and then while
 * it spins: on a loaded host the vCPU may be waiting for this very core,
 * and a vCPU that loses its core pays for it in exits.  Everything the guest
 * wrote is copied before it is checked; the indices the tender owns are kept
 * here and only published to the ring, never read back from it.
 */

#define RING_SPINS 4096
#define RING_YIELD_EVERY 64
#define RING_BATCH 64
#define STOP_MARK (1ULL << 32) /* eventfd value of a wake-up by the tender */

static uint32_t load(const uint32_t *p)
{
    return __atomic_load_n(p, __ATOMIC_ACQUIRE);
}

static void store(uint32_t *p, uint32_t v)
{
    __atomic_store_n(p, v, __ATOMIC_RELEASE);
}

bool hvt_ring_wanted(const struct hvt *h)
{
    /* Off unless asked for: on a host without a spare core the ring
     * thread and a guest spinning for its commits fight for one CPU, and
     * round trips get slower than with hypercalls (docs/abi.md). */
    const char *env = getenv("MIRAGE_HVT_RING");
    if (env == NULL || strcmp(env, "1") != 0)
        return false;
    for (unsigned i = 1; i < h->mft->entries; i++)
        if (h->mft->e[i].type == SOLO5_MFT_DEV_NET_BASIC)
            return true;
    return false;
}

/* A guest error seen by the ring thread: the vCPU may be spinning in
 * the guest, so its registers cannot be read; end the tender. */
__attribute__((format(printf, 2, 3))) static _Noreturn void
ring_fault(struct hvt *h, const char *fmt, ...)
{
    char msg[200];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    fflush(stdout);
    fprintf(stderr, "%s: guest fault: net ring: %s; guest stopped\n",
            tender_prog, msg);
    hvt_stats_print(h);
    tender_net_release();
    _exit(TENDER_EXIT_ERROR);
}

static void *buffer(struct hvt *h, const struct hvt_ring_entry *e,
                    enum tender_access acc)
{
    void *p = tender_guest_ptr(&h->mem, e->data, e->len, acc);
    if (p == NULL)
        ring_fault(h,
                   "invalid guest access: buffer at 0x%llx, %u bytes "
                   "(outside guest memory or not writable)",
                   (unsigned long long)e->data, (unsigned)e->len);
    return p;
}

/* The tap fd of an attached net device, or -1. */
static int net_fd(const struct hvt *h, uint32_t handle)
{
    if (handle == 0 || handle >= h->mft->entries)
        return -1;
    const struct solo5_mft_entry *ent = &h->mft->e[handle];
    if (ent->type != SOLO5_MFT_DEV_NET_BASIC || !ent->attached)
        return -1;
    return h->devs[handle].fd;
}

/* Sends one frame; a frame the tap does not take (queue full, too big)
 * is dropped, as a NIC would, and counted. */
static void serve_write(struct hvt *h, const struct hvt_ring_entry *e)
{
    int fd = net_fd(h, e->handle);
    if (fd < 0 || e->len > tender_net_frame_max(&h->mft->e[e->handle],
                                                &h->devs[e->handle])) {
        h->stats.ring_einval++;
        return;
    }
    void *p = buffer(h, e, TENDER_GUEST_READ);
    ssize_t n = write(fd, p, e->len);
    if (n < 0 || (size_t)n != e->len)
        h->stats.ring_dropped++;
    else
        h->stats.ring_writes++;
}

/* Reads one frame (or nothing) into the guest's buffer and commits. */
static void serve_read(struct hvt *h, const struct hvt_ring_entry *e)
{
    struct hvt_ring_commit c = {.id = e->id, .ret = SOLO5_R_EINVAL};
    int fd = net_fd(h, e->handle);
    if (fd >= 0) {
        void *p = buffer(h, e, TENDER_GUEST_WRITE);
        ssize_t n = read(fd, p, e->len);
        if (n > 0) {
            c.ret = SOLO5_R_OK;
            c.len = (uint32_t)n;
            h->stats.ring_reads++;
        } else {
            bool again = n == 0 || errno == EAGAIN || errno == EWOULDBLOCK;
            c.ret = again ? SOLO5_R_AGAIN : SOLO5_R_EUNSPEC;
        }
    } else {
        h->stats.ring_einval++;
    }
    struct hvt_ring *r = h->ring.ring;
    memcpy(&r->commits[h->ring.com_tail & HVT_RING_MASK], &c, sizeof c);
    store(&r->com_tail, ++h->ring.com_tail);
}

static bool commits_full(struct hvt *h)
{
    return h->ring.com_tail - load(&h->ring.ring->com_head) >= HVT_RING_ENTRIES;
}

/* Serves up to RING_BATCH entries; returns how many. */
static unsigned serve(struct hvt *h)
{
    struct hvt_ring *r = h->ring.ring;
    uint32_t head = h->ring.ent_head, tail = load(&r->ent_tail);
    if (tail - head > HVT_RING_ENTRIES)
        ring_fault(h, "ent_tail %u runs more than 1024 entries ahead of %u",
                   tail, head);
    unsigned n = 0;
    while (head != tail && n < RING_BATCH) {
        struct hvt_ring_entry e;
        memcpy(&e, &r->entries[head & HVT_RING_MASK], sizeof e);
        if (e.operation == HVT_RING_OP_NET_WRITE)
            serve_write(h, &e);
        else if (e.operation != HVT_RING_OP_NET_READ)
            ring_fault(h, "entry %u: unknown operation %u", head, e.operation);
        else if (commits_full(h))
            break; /* the guest has not taken its commits */
        else
            serve_read(h, &e);
        head++, n++;
    }
    if (n > 0)
        store(&r->ent_head, h->ring.ent_head = head);
    return n;
}

static bool has_work(struct hvt *h)
{
    return load(&h->ring.ring->ent_tail) != h->ring.ent_head &&
           !commits_full(h);
}

static bool stopping(struct hvt *h)
{
    return __atomic_load_n(&h->ring.stop, __ATOMIC_ACQUIRE) != 0;
}

/* Spins for new work; false when the thread should sleep. */
static bool spin(struct hvt *h)
{
    for (unsigned i = 0; i < RING_SPINS; i++) {
        if (has_work(h) || stopping(h))
            return true;
        if (i % RING_YIELD_EVERY == RING_YIELD_EVERY - 1)
            sched_yield(); /* let a vCPU sharing this core run */
        else
            __builtin_ia32_pause();
    }
    return false;
}

static void sleep_until_kick(struct hvt *h)
{
    struct hvt_ring *r = h->ring.ring;
    store(&r->needs_kick, 1);
    __atomic_thread_fence(__ATOMIC_SEQ_CST);
    if (!has_work(h) && !stopping(h)) {
        uint64_t v;
        if (read(h->ring.efd, &v, sizeof v) == (ssize_t)sizeof v)
            h->stats.ring_kicks += v % STOP_MARK;
    }
    store(&r->needs_kick, 0);
}

static void *ring_main(void *arg)
{
    struct hvt *h = arg;
    /* Up and running: the seccomp filter may now come (thread start-up
     * makes system calls it does not allow). */
    __atomic_store_n(&h->ring.started, 1, __ATOMIC_RELEASE);
    for (;;) {
        if (serve(h) > 0)
            continue;
        if (stopping(h))
            return NULL; /* everything queued before HALT is sent */
        if (!spin(h))
            sleep_until_kick(h);
    }
}

void hvt_ring_setup(struct hvt *h)
{
    struct hvt_ring_state *s = &h->ring;
    if (!s->reserved ||
        ioctl(h->kvm, KVM_CHECK_EXTENSION, KVM_CAP_IOEVENTFD) <= 0)
        return;
    s->efd = eventfd(0, EFD_CLOEXEC);
    if (s->efd < 0)
        return;
    struct kvm_ioeventfd io = {.addr = HVT_RING_KICK_PIO,
                               .len = 4,
                               .fd = s->efd,
                               .flags = KVM_IOEVENTFD_FLAG_PIO};
    if (ioctl(h->vm, KVM_IOEVENTFD, &io) < 0) {
        close(s->efd);
        return;
    }
    s->ring = (struct hvt_ring *)(h->mem.base + h->mem.size);
    memset(s->ring, 0, sizeof *s->ring);
    if (pthread_create(&s->thread, NULL, ring_main, h) != 0) {
        io.flags |= KVM_IOEVENTFD_FLAG_DEASSIGN;
        ioctl(h->vm, KVM_IOEVENTFD, &io);
        close(s->efd);
        s->ring = NULL;
        return;
    }
    while (!__atomic_load_n(&s->started, __ATOMIC_ACQUIRE))
        sched_yield();
    s->on = true;
}

/* A POLL found input: the guest will queue a read next, so wake the
 * thread now rather than make the guest kick and wait for it. */
void hvt_ring_prewake(struct hvt *h)
{
    if (!h->ring.on || load(&h->ring.ring->needs_kick) == 0)
        return;
    uint64_t v = STOP_MARK; /* not counted as a kick */
    if (write(h->ring.efd, &v, sizeof v) < 0)
        tender_die("net ring: cannot wake its thread: %s", strerror(errno));
}

void hvt_ring_stop(struct hvt *h)
{
    if (!h->ring.on)
        return;
    __atomic_store_n(&h->ring.stop, 1, __ATOMIC_RELEASE);
    uint64_t v = STOP_MARK;
    if (write(h->ring.efd, &v, sizeof v) != (ssize_t)sizeof v)
        tender_die("net ring: cannot wake its thread: %s", strerror(errno));
    pthread_join(h->ring.thread, NULL);
}
