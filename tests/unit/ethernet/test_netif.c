/* SPDX-License-Identifier: ISC */
/* lib/netif over a fake platform: draining, budget, pools, counters. */
#include <mirage.h>
#include <mirage/net.h>

#include "../../../lib/netif/netif_priv.h"
#include "check.h"

#define QMAX 2048

static struct {
    uint8_t frames[QMAX][64];
    uint32_t lens[QMAX];
    int head, count;
    int read_error; /* returned once instead of a frame */
    int write_result;
    int writes;
    uint8_t last[2000];
    size_t last_len;
    size_t mtu;
    int acquire_result;
} plat;

static int fake_acquire(const char *name, mirage_plat_handle_t *h,
                        struct mirage_plat_net_info *info)
{
    if (plat.acquire_result)
        return plat.acquire_result;
    CHECK_STR_EQ(name, "fake0");
    *h = 5;
    memcpy(info->mac, "\x02\x00\x00\x00\x00\x07", 6);
    info->mtu = plat.mtu;
    return 0;
}

static int fake_read(mirage_plat_handle_t h, void *buf, size_t len)
{
    CHECK_UINT_EQ(h, 5);
    CHECK(len >= plat.mtu + 14);
    if (plat.read_error) {
        int r = plat.read_error;
        plat.read_error = 0;
        return r;
    }
    if (!plat.count)
        return -EAGAIN;
    uint32_t n = plat.lens[plat.head];
    memcpy(buf, plat.frames[plat.head], n);
    plat.head = (plat.head + 1) % QMAX;
    plat.count--;
    return (int)n;
}

static int fake_write(mirage_plat_handle_t h, const void *buf, size_t len)
{
    (void)h;
    plat.writes++;
    memcpy(plat.last, buf, len);
    plat.last_len = len;
    return plat.write_result ? plat.write_result : (int)len;
}

static const struct mirage__netif_plat fake = {fake_acquire, fake_read,
                                               fake_write};

static void push_frame(uint32_t seq)
{
    int i = (plat.head + plat.count++) % QMAX;
    memset(plat.frames[i], 0, 64);
    memcpy(plat.frames[i], &seq, sizeof(seq));
    plat.lens[i] = 60;
}

static uint32_t received, expect_seq;
static struct mirage_buf *held[512];
static int nheld, hold;

static void rx(void *arg, struct mirage_net *n, struct mirage_buf *b)
{
    (void)arg, (void)n;
    uint32_t seq;
    memcpy(&seq, mirage_buf_data(b), sizeof(seq));
    CHECK_UINT_EQ(seq, expect_seq);
    CHECK_UINT_EQ(b->len, 60);
    expect_seq++;
    received++;
    if (hold && nheld < 512) {
        mirage_buf_ref(b);
        held[nheld++] = b;
    }
}

static struct mirage_net *net;

static void stats(struct mirage_net_stats *s)
{
    mirage_net_stats(net, s);
}

static void test_drain(void)
{
    for (uint32_t i = 0; i < 10; i++)
        push_frame(i);
    mirage__netif_poll(net);
    CHECK_UINT_EQ(received, 10);
    CHECK_INT_EQ(plat.count, 0);
    struct mirage_net_stats s;
    stats(&s);
    CHECK_UINT_EQ(s.rx_packets, 10);
    CHECK_UINT_EQ(s.rx_bytes, 600);
    CHECK_UINT_EQ(mirage__netif_rx_in_use(net), 0);
}

static void test_budget(void)
{
    received = 0;
    for (uint32_t i = 0; i < 600; i++)
        push_frame(expect_seq + i);
    mirage__netif_poll(net);
    CHECK_UINT_EQ(received, MIRAGE__NETIF_BUDGET);
    /* The rest goes on the next turns of the loop, not in this call. */
    for (int i = 0; i < 10 && plat.count; i++)
        mirage_sleep_ns(1000000);
    CHECK_UINT_EQ(received, 600);
    CHECK_INT_EQ(plat.count, 0);
}

static void test_pool_exhausted(void)
{
    received = 0;
    hold = 1;
    for (uint32_t i = 0; i < 300; i++)
        push_frame(expect_seq + i);
    while (plat.count)
        mirage__netif_poll(net);
    CHECK_UINT_EQ(received, MIRAGE__NETIF_RX_BUFS);
    CHECK_UINT_EQ(mirage__netif_rx_in_use(net), MIRAGE__NETIF_RX_BUFS);
    struct mirage_net_stats s;
    stats(&s);
    CHECK_UINT_EQ(s.rx_drop_nobuf, 300 - MIRAGE__NETIF_RX_BUFS);
    hold = 0;
    for (int i = 0; i < nheld; i++)
        mirage_buf_unref(held[i]);
    nheld = 0;
    CHECK_UINT_EQ(mirage__netif_rx_in_use(net), 0);
    expect_seq += 300 - MIRAGE__NETIF_RX_BUFS; /* the dropped ones */
    push_frame(expect_seq);
    mirage__netif_poll(net);
    CHECK_UINT_EQ(received, MIRAGE__NETIF_RX_BUFS + 1);
}

static void test_errors_and_no_listener(void)
{
    struct mirage_net_stats s;
    plat.read_error = -EIO;
    push_frame(expect_seq);
    mirage__netif_poll(net); /* the error stops this drain */
    stats(&s);
    CHECK_UINT_EQ(s.rx_errors, 1);
    mirage__netif_poll(net);
    CHECK_INT_EQ(plat.count, 0);
    mirage_net_listen(net, NULL, NULL);
    push_frame(0);
    mirage__netif_poll(net);
    stats(&s);
    CHECK_UINT_EQ(s.rx_drop_nolisten, 1);
    CHECK_UINT_EQ(mirage__netif_rx_in_use(net), 0);
}

static void test_write(void)
{
    struct mirage_net_stats s;
    struct mirage_buf *b = mirage_buf_alloc(0, 1514);
    memset(mirage_buf_put(b, 1514), 0x5a, 1514);
    CHECK_INT_EQ(mirage_net_write(net, b), 0);
    CHECK_UINT_EQ(plat.last_len, 1514);
    b = mirage_buf_alloc(0, 1515);
    mirage_buf_put(b, 1515);
    CHECK_INT_EQ(mirage_net_write(net, b), -EMSGSIZE);
    plat.write_result = -EAGAIN;
    b = mirage_buf_alloc(0, 60);
    mirage_buf_put(b, 60);
    CHECK_INT_EQ(mirage_net_write(net, b), -EAGAIN);
    plat.write_result = -EIO;
    b = mirage_buf_alloc(0, 60);
    mirage_buf_put(b, 60);
    CHECK_INT_EQ(mirage_net_write(net, b), -EIO);
    plat.write_result = 0;
    stats(&s);
    CHECK_UINT_EQ(s.tx_packets, 1);
    CHECK_UINT_EQ(s.tx_bytes, 1514);
    CHECK_UINT_EQ(s.tx_drop_toobig, 1);
    CHECK_UINT_EQ(s.tx_drop_busy, 1);
    CHECK_UINT_EQ(s.tx_errors, 1);
    CHECK_INT_EQ(plat.writes, 3);
    mirage_net_reset_stats(net);
    stats(&s);
    CHECK_UINT_EQ(s.tx_packets + s.rx_packets + s.tx_errors, 0);
}

static void test_connect_errors(void)
{
    struct mirage_net *n2;
    plat.acquire_result = -ENODEV;
    CHECK_INT_EQ(mirage__netif_connect_with(&fake, "fake0", &n2), -ENODEV);
    plat.acquire_result = 0;
    plat.mtu = 20; /* nonsense from the platform */
    CHECK_INT_EQ(mirage__netif_connect_with(&fake, "fake0", &n2), -EINVAL);
    plat.mtu = 1500;
}

static int run(void)
{
    plat.mtu = 1500;
    CHECK_INT_EQ(mirage__netif_connect_with(&fake, "fake0", &net), 0);
    struct mirage_macaddr m;
    mirage_net_mac(net, &m);
    CHECK_MEM_EQ(m.b, "\x02\x00\x00\x00\x00\x07", 6);
    CHECK_UINT_EQ(mirage_net_mtu(net), 1500);
    mirage_net_listen(net, rx, NULL);
    RUN(test_drain);
    RUN(test_budget);
    RUN(test_pool_exhausted);
    RUN(test_errors_and_no_listener);
    RUN(test_write);
    RUN(test_connect_errors);
    mirage_net_disconnect(net);
    return 0;
}

static int (*run_fn)(void) = run;
static int start(void)
{
    return run_fn();
}

int main(void)
{
    static char arg0[] = "test";
    char *argv[] = {arg0, NULL};
    struct mirage_app app = {"test", NULL, 0, NULL, 0, start};
    CHECK_INT_EQ(mirage_main(&app, 1, argv), 0);
    CHECK_DONE();
}
