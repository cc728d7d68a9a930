/* SPDX-License-Identifier: ISC */
/* Test guest on hvt: the net ring, used the way Solo5 guests use it. */

#define RING_BUFS 64 /* per-slot buffers; at most this many queued */

static struct hvt_ring *ring;
static uint8_t ring_buf[RING_BUFS][HVT_RING_BUF_SIZE];
static uint32_t ring_id;
static uint64_t ring_kicks, ring_waits;

static uint32_t r_load(const uint32_t *p)
{
    return __atomic_load_n(p, __ATOMIC_ACQUIRE);
}

static void ring_init(const struct hvt_boot_info *bi)
{
    if ((bi->host_features & HVT_FEATURE_RING_IO) && bi->net_ring != 0)
        ring = (struct hvt_ring *)(uintptr_t)bi->net_ring;
}

/* Queues an entry (its buffer filled by the caller) and kicks if the
 * tender sleeps. */
static void ring_submit(uint32_t op, uint64_t h, uint64_t data, uint32_t len)
{
    uint32_t tail = ring->ent_tail;
    struct hvt_ring_entry *e = &ring->entries[tail & HVT_RING_MASK];
    e->operation = op;
    e->handle = (uint32_t)h;
    e->data = data;
    e->len = len;
    e->id = ring_id++;
    __atomic_store_n(&ring->ent_tail, tail + 1, __ATOMIC_RELEASE);
    __asm__ volatile("mfence" ::: "memory");
    if (r_load(&ring->needs_kick)) {
        ring_kicks++;
        __asm__ volatile("outl %0, %1" ::"a"(0),
                         "d"((uint16_t)HVT_RING_KICK_PIO)
                         : "memory");
    }
}

/* The slot buffer of the next entry, once the tender is done with it. */
static uint8_t *ring_slot(void)
{
    uint32_t tail = ring->ent_tail;
    while (tail - r_load(&ring->ent_head) >= RING_BUFS) {
        ring_waits++;
        __builtin_ia32_pause();
    }
    return ring_buf[tail % RING_BUFS];
}

static void ring_write(uint64_t h, const uint8_t *f, uint32_t len)
{
    uint8_t *b = ring_slot();
    for (uint32_t i = 0; i < len; i++)
        b[i] = f[i];
    ring_submit(HVT_RING_OP_NET_WRITE, h, (uintptr_t)b, len);
}

/* Submits a read into buf and spins for its commit. */
static int ring_read_into(uint64_t h, uint64_t buf, uint32_t *len)
{
    (void)ring_slot();
    uint32_t id = ring_id;
    ring_submit(HVT_RING_OP_NET_READ, h, buf, *len);
    uint32_t head = ring->com_head;
    while (r_load(&ring->com_tail) == head)
        __builtin_ia32_pause();
    struct hvt_ring_commit c = ring->commits[head & HVT_RING_MASK];
    __atomic_store_n(&ring->com_head, head + 1, __ATOMIC_RELEASE);
    if (c.id != id)
        g_exit(11);
    *len = c.len;
    return c.ret;
}

/* net_test over the ring: one frame out, wait for the answer. */
static _Noreturn void ring_net(void)
{
    uint64_t h = device(SOLO5_MFT_DEV_NET_BASIC);
    if (ring == NULL) {
        say("ring off\n");
        net_test();
    }
    say("ring on\n");
    static uint8_t f[HVT_RING_BUF_SIZE];
    for (int i = 0; i < 6; i++)
        f[i] = 0xff, f[6 + i] = mft->e[h].u.net_basic.mac[i];
    f[12] = 0x88, f[13] = 0xb5;
    const char *msg = "hello-from-guest";
    for (size_t i = 0; msg[i]; i++)
        f[14 + i] = (uint8_t)msg[i];
    ring_write(h, f, (uint32_t)(14 + slen(msg)));
    for (int tries = 0; tries < 50; tries++) {
        if (!(g_poll(100000000ULL) & (1ULL << h)))
            continue;
        uint32_t len = sizeof f;
        while (ring_read_into(h, (uintptr_t)f, &len) == SOLO5_R_OK) {
            if (len > 14 && f[12] == 0x88 && f[13] == 0xb5) {
                say("got: ");
                g_write(f + 14, len - 14);
                say("\n");
                g_exit(0);
            }
            len = sizeof f;
        }
    }
    say("no frame\n");
    g_exit(2);
}

/* Sends N numbered broadcast frames through the ring (or with NET_WRITE
 * hypercalls when the tender offers no ring). */
static void ring_flood(uint64_t n)
{
    uint64_t h = device(SOLO5_MFT_DEV_NET_BASIC);
    say(ring ? "ring on\n" : "ring off\n");
    uint8_t f[64] = {0};
    for (int i = 0; i < 6; i++)
        f[i] = 0xff, f[6 + i] = mft->e[h].u.net_basic.mac[i];
    f[12] = 0x88, f[13] = 0xb5;
    for (uint64_t i = 0; i < n; i++) {
        for (int b = 0; b < 8; b++)
            f[14 + b] = (uint8_t)(i >> (8 * b));
        uint64_t len = sizeof f;
        if (ring)
            ring_write(h, f, sizeof f);
        else if (g_net(1, h, f, &len) != SOLO5_R_OK)
            g_exit(3);
    }
    say("sent ");
    say_u(n, 10);
    say(" kicks ");
    say_u(ring_kicks, 10);
    say(" waits ");
    say_u(ring_waits, 10);
    say("\n");
}

/* Ring entries the tender must refuse or answer with EINVAL. */
static int bad_ring(void)
{
    if (!word("ring-bad"))
        return 0;
    uint64_t h = device(SOLO5_MFT_DEV_NET_BASIC);
    uint32_t len = 64;
    if (ring == NULL) {
        say("ring off\n");
        g_exit(7);
    }
    if (word("einval")) {
        int ret = ring_read_into(0, (uintptr_t)ring_buf[0], &len);
        say(ret == SOLO5_R_EINVAL ? "einval ok\n" : "no einval\n");
        g_exit(ret == SOLO5_R_EINVAL ? 0 : 6);
    } else if (word("buf")) {
        ring_submit(HVT_RING_OP_NET_WRITE, h, mem_size + 4096, 64);
    } else if (word("into-text")) {
        ring_read_into(h, (uintptr_t)say, &len);
    } else if (word("op")) {
        ring_submit(7, h, (uintptr_t)ring_buf[0], 64);
    } else if (word("runaway")) {
        __atomic_store_n(&ring->ent_tail, ring->ent_tail + 5000,
                         __ATOMIC_RELEASE);
        __asm__ volatile("outl %0, %1" ::"a"(0),
                         "d"((uint16_t)HVT_RING_KICK_PIO)
                         : "memory");
    } else {
        return 0;
    }
    for (uint64_t i = 0; i < 2000000000ULL; i++) /* the tender ends us */
        __builtin_ia32_pause();
    say("tender accepted a bad ring entry\n");
    g_exit(6);
}
