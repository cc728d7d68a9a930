/* SPDX-License-Identifier: ISC */
/* Test guest: frames with virtio-net headers, and net lengths to refuse. */

/* A valid header: known flag bits, no GSO or TCPv4 GSO with a size. */
static int vnet_hdr_ok(const uint8_t *f, uint64_t len)
{
    uint16_t gso_size = (uint16_t)(f[4] | f[5] << 8);
    if (len < MIRAGE_NET_VNET_HDR_LEN + 14 || (f[0] & ~3u) != 0)
        return 0;
    if (f[1] == 0)
        return 1;
    return (f[1] & 0x7f) == 1 && gso_size > 0;
}

/* Prints the header of an IPv4/UDP frame from the peer. */
static void vnet_udp(const uint8_t *f, uint64_t len)
{
    say("udp flags=");
    say_u(f[0], 10);
    say(" gso=");
    say_u(f[1], 10);
    say(" csum_start=");
    say_u((uint64_t)(f[6] | f[7] << 8), 10);
    say(" csum_offset=");
    say_u((uint64_t)(f[8] | f[9] << 8), 10);
    say(" len=");
    say_u(len, 10);
    say("\n");
}

/* Sends an 0x88b5 frame behind a zero header; reads frames for up to 5 s,
 * each of which must start with a valid header, until the peer's reply
 * and its UDP datagram have both arrived. */
static _Noreturn void vnet_test(void)
{
    static uint8_t f[MIRAGE_NET_VNET_FRAME_MAX];
    uint64_t h = device(SOLO5_MFT_DEV_NET_BASIC);
    const struct solo5_mft_entry *e = &mft->e[h];
    const unsigned H = MIRAGE_NET_VNET_HDR_LEN;
    say("grant ");
    say_u(e->u.net_basic.mirage_grant, 10);
    say("\n");
    for (unsigned i = 0; i < H; i++)
        f[i] = 0;
    for (int i = 0; i < 6; i++)
        f[H + i] = 0xff, f[H + 6 + i] = e->u.net_basic.mac[i];
    f[H + 12] = 0x88, f[H + 13] = 0xb5;
    const char *msg = "hello-from-guest";
    uint64_t len = H + 14 + slen(msg);
    for (size_t i = 0; msg[i]; i++)
        f[H + 14 + i] = (uint8_t)msg[i];
    if (g_net(1, h, f, &len) != SOLO5_R_OK)
        g_exit(3);
    int got = 0, udp = 0;
    for (int tries = 0; tries < 50 && !(got && udp); tries++) {
        if (!(g_poll(100000000ULL) & (1ULL << h)))
            continue;
        len = sizeof f;
        while (g_net(0, h, f, &len) == SOLO5_R_OK) {
            if (!vnet_hdr_ok(f, len)) {
                say("bad vnet header\n");
                g_exit(5);
            }
            const uint8_t *p = f + H;
            if (p[12] == 0x88 && p[13] == 0xb5 && !got) {
                say("got: ");
                g_write(p + 14, len - H - 14);
                say("\n");
                got = 1;
            } else if (p[12] == 0x08 && p[13] == 0x00 && p[23] == 17 && !udp) {
                vnet_udp(f, len);
                udp = 1;
            }
            len = sizeof f;
        }
    }
    if (!(got && udp))
        say("missing frames\n");
    g_exit(got && udp ? 0 : 2);
}

#if defined(GUEST_HVT)
/* NET_WRITE or NET_READ with a length from the command line ("max" is
 * 2^64 - 1): prints the result, unless the tender stops the guest. */
static int net_len(void)
{
    static uint8_t buf[2048];
    int wr = word("net-write-len");
    if (!wr && !word("net-read-len"))
        return 0;
    uint64_t len = word("max") ? UINT64_MAX : number();
    int ret = g_net(wr, device(SOLO5_MFT_DEV_NET_BASIC), buf, &len);
    say(wr ? "net-write ret " : "net-read ret ");
    say_u((uint64_t)ret, 10);
    say("\n");
    g_exit(0);
}
#endif
