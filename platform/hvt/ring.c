/* SPDX-License-Identifier: ISC */
/* The hvt net ring (Solo5 v0.11+): frames without a VM exit each. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../platform.h"
#include "hvt/hvt_priv.h"

/*
 * The tender offers a shared ring at GPA net_ring (the 2 MiB above
 * mem_size) and a thread that serves it.  Writes are fire-and-forget: the
 * frame is copied into the slot's 2 KiB buffer, the entry published, and
 * the tender kicked (port 0x600, an in-kernel ioeventfd) only if its thread
 * said it is going to sleep, and for writes not before it must (publish). Reads
 * are submitted the same way, straight into the caller's buffer, and the guest
 * spins for the commit.  Only one read is ever outstanding, so the next commit
 * is always ours.
 *
 * The 2 MiB of slot buffers come from the heap on the first ring write, so
 * images that never send a frame carry none of it; if the heap cannot spare
 * them, writes keep using the hypercall.
 */

static volatile struct hvt_ring *ring;
static uint8_t *bufs;     /* HVT_RING_ENTRIES x HVT_RING_BUF_SIZE */
static bool bufs_failed;  /* the heap said no: hypercalls for writes */
static uint32_t read_id;  /* id of the next read */
static uint64_t net_mask; /* bit h: manifest entry h is an attached NIC */
static bool net_mask_known;
static bool kick_owed; /* entries published since the last needs_kick check */
static struct mirage__hvt_ring_stats st;

static inline void cpu_relax(void)
{
    __asm__ volatile("pause" ::: "memory");
}

static inline void full_barrier(void)
{
    __asm__ volatile("mfence" ::: "memory");
}

void mirage__hvt_ring_init(const struct hvt_boot_info *bi)
{
    uint64_t gpa = bi->net_ring;
    if (!(bi->host_features & HVT_FEATURE_RING_IO) || gpa == 0)
        return; /* not offered (or an old tender): hypercalls */
    if (gpa % 64 != 0 || gpa < bi->mem_size ||
        gpa > (1ull << 32) - sizeof(struct hvt_ring)) {
        mirage__solo5_console_raw("hvt: ignoring a misplaced net ring\n", 35);
        return;
    }
    ring = (volatile struct hvt_ring *)(uintptr_t)gpa;
}

bool mirage__hvt_ring_active(void)
{
    return ring != NULL;
}

void mirage__hvt_ring_print_stats(void)
{
    char line[300];
    int n = snprintf(
        line, sizeof line,
        "hvt: ring %s: writes=%llu reads=%llu frames=%llu kicks=%llu "
        "spec_ready=%llu read_spins=%llu full_spins=%llu stray_commits=%llu\n",
        ring ? "on" : "off", (unsigned long long)st.writes,
        (unsigned long long)st.reads, (unsigned long long)st.frames,
        (unsigned long long)st.kicks, (unsigned long long)st.spec_ready,
        (unsigned long long)st.read_spins, (unsigned long long)st.full_spins,
        (unsigned long long)st.stray_commits);
    if (n > 0 && n < (int)sizeof line)
        mirage__solo5_console_raw(line, (size_t)n);
}

static void kick(void)
{
    st.kicks++;
    __asm__ volatile("outl %0, %1"
                     :
                     : "a"(0u), "d"((uint16_t)HVT_RING_KICK_PIO)
                     : "memory");
}

/*
 * Publishes entry t (already filled).  A read wakes the tender at once if
 * its thread sleeps; a write only notes that a kick is owed, paid by the
 * next read, the next wait of the loop, a full ring or the halt: a frame
 * sent while handling a received one then costs no kick of its own.
 */
static void publish(uint32_t t, bool now)
{
    __atomic_store_n(&ring->ent_tail, t + 1, __ATOMIC_RELEASE);
    kick_owed = true;
    if (now)
        mirage__hvt_ring_flush();
}

void mirage__hvt_ring_flush(void)
{
    if (!ring || !kick_owed)
        return;
    kick_owed = false;
    full_barrier(); /* the tail before needs_kick, as the tender re-checks */
    if (__atomic_load_n(&ring->needs_kick, __ATOMIC_ACQUIRE))
        kick();
}

/* Waits for a free entry; returns the index to fill. */
static uint32_t claim(void)
{
    uint32_t t = ring->ent_tail;
    for (unsigned spins = 1;; spins++) {
        uint32_t head = __atomic_load_n(&ring->ent_head, __ATOMIC_ACQUIRE);
        if (t - head < HVT_RING_ENTRIES - 1)
            return t;
        st.full_spins++;
        mirage__hvt_ring_flush();
        if (spins % 65536 == 0 && ring->needs_kick)
            kick(); /* insurance against a lost wake-up */
        cpu_relax();
    }
}

static void fill(uint32_t t, uint32_t op, uint64_t h, uintptr_t data,
                 uint32_t len, uint32_t id)
{
    volatile struct hvt_ring_entry *e = &ring->entries[t & HVT_RING_MASK];
    e->operation = op;
    e->handle = (uint32_t)h;
    e->data = data;
    e->len = len;
    e->id = id;
    e->reserved = 0;
}

/* Waits until the tender has taken every entry. */
static void drain_writes(void)
{
    uint32_t t = ring->ent_tail;
    mirage__hvt_ring_flush();
    for (unsigned spins = 1;
         __atomic_load_n(&ring->ent_head, __ATOMIC_ACQUIRE) != t; spins++) {
        if (spins % 65536 == 0 && ring->needs_kick)
            kick();
        cpu_relax();
    }
}

int mirage__hvt_ring_write(uint64_t h, const void *buf, size_t len)
{
    if (len > HVT_RING_BUF_SIZE || bufs_failed) {
        drain_writes(); /* keeps frames in order across the two paths */
        return -ENOSYS; /* the caller uses the hypercall */
    }
    if (!bufs) {
        bufs = malloc((size_t)HVT_RING_ENTRIES * HVT_RING_BUF_SIZE);
        if (!bufs) {
            bufs_failed = true;
            return -ENOSYS;
        }
    }
    uint32_t t = claim();
    uint8_t *slot = bufs + (size_t)(t & HVT_RING_MASK) * HVT_RING_BUF_SIZE;
    memcpy(slot, buf, len);
    fill(t, HVT_RING_OP_NET_WRITE, h, (uintptr_t)slot, (uint32_t)len, 0);
    publish(t, false);
    st.writes++;
    return 0;
}

/* Spins until the tender commits; returns the commit's slot. */
static volatile struct hvt_ring_commit *await_commit(void)
{
    uint32_t c = ring->com_head;
    for (unsigned spins = 1;; spins++) {
        if (__atomic_load_n(&ring->com_tail, __ATOMIC_ACQUIRE) != c)
            return &ring->commits[c & HVT_RING_MASK];
        st.read_spins++;
        if (spins % 65536 == 0 && ring->needs_kick)
            kick();
        cpu_relax();
    }
}

int mirage__hvt_ring_read(uint64_t h, void *buf, size_t len)
{
    if (len > UINT32_MAX)
        len = UINT32_MAX;
    uint32_t id = read_id++, cid, clen;
    int32_t ret;
    uint32_t t = claim();
    fill(t, HVT_RING_OP_NET_READ, h, (uintptr_t)buf, (uint32_t)len, id);
    publish(t, true);
    do { /* a commit that answers nothing we asked is skipped */
        volatile struct hvt_ring_commit *c = await_commit();
        cid = c->id, clen = c->len, ret = c->ret;
        __atomic_store_n(&ring->com_head, ring->com_head + 1, __ATOMIC_RELEASE);
        st.stray_commits += cid != id;
    } while (cid != id);
    st.reads++;
    if (ret != SOLO5_R_OK)
        return ret == SOLO5_R_AGAIN ? -EAGAIN : mirage__solo5_result(ret);
    if (clen == 0 || clen > len || clen > INT32_MAX)
        return -EIO; /* the tender's length is not to be trusted */
    st.frames++;
    return (int)clen;
}

/*
 * Readiness without a VM exit: while the tender's thread is awake (it spins
 * a while after each entry), a ring read costs no exit, so when the loop
 * has runnable work every NIC is reported ready and the driver simply tries
 * a read.  When the thread sleeps, that try would cost a kick: report
 * nothing and let the loop POLL once it is idle.
 */
uint64_t mirage__hvt_ring_try_ready(void)
{
    if (!ring || __atomic_load_n(&ring->needs_kick, __ATOMIC_ACQUIRE))
        return 0;
    if (!net_mask_known) { /* the manifest is checked after ring_init */
        for (uint64_t h = 0; h < SOLO5_MFT_MAX_ENTRIES; h++)
            if (mirage__solo5_mft_get(h, SOLO5_MFT_DEV_NET_BASIC))
                net_mask |= 1ull << h;
        net_mask_known = true;
    }
    st.spec_ready++;
    return net_mask;
}
