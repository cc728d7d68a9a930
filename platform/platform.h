/* SPDX-License-Identifier: ISC */
/* The platform interface: everything portable code needs from a target. */
#ifndef MIRAGE_PLATFORM_H
#define MIRAGE_PLATFORM_H

/*
 * One implementation per target (platform/unix, platform/hvt, platform/spt),
 * chosen at link time; the function names are the same in each.  The
 * interface maps one to one onto the Solo5 guest API (solo5.h), so hvt and
 * spt implement it directly over hypercalls or raw syscalls, and unix over
 * Linux system calls.
 *
 * Devices are named in the build (the Solo5 manifest on hvt/spt: "service",
 * "storage"; on unix a tap interface name or a file path) and identified by
 * a handle below MIRAGE_IO_MAX_HANDLES (64), which is also the bit used in
 * the ready set returned by mirage_plat_wait().
 *
 * Errors: negative errno values, converted once here from errno (unix) or
 * solo5_result_t (hvt/spt): -EAGAIN (no frame waiting), -EINVAL (bad handle,
 * size or offset), -ENODEV (no such device), -EIO (anything else).  The
 * calls never suspend; blocking is the runtime's business (mirage_plat_wait).
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef uint64_t mirage_plat_handle_t;

/* Entry: the platform's entry point calls mirage_app_main(argc, argv) (see
 * <mirage/main.h>) and exits with its return value. */

/* Console: best effort, all of buf. */
void mirage_plat_console_write(const char *buf, size_t len);

/* Clocks: monotonic ns since boot; wall clock ns since the epoch. */
uint64_t mirage_plat_clock_monotonic(void);
uint64_t mirage_plat_clock_wall(void);

/* Waits until the absolute monotonic deadline or until a device has input,
 * whichever is first.  Returns the set of ready handles (bit h = handle h);
 * 0 if the deadline passed. */
uint64_t mirage_plat_wait(uint64_t deadline_ns);

/* Network devices. */
struct mirage_plat_net_info {
    uint8_t mac[6];
    size_t mtu;        /* excludes the 14-byte Ethernet header */
    uint32_t offloads; /* MIRAGE_PLAT_NET_* flags the device was opened with */
};
/*
 * MIRAGE_PLAT_NET_VNET: every frame, in both directions, starts with a
 * 10-byte virtio-net header (Linux's struct virtio_net_hdr, little-endian:
 * flags u8, gso_type u8, hdr_len u16, gso_size u16, csum_start u16,
 * csum_offset u16) before the Ethernet header.  The device then takes and
 * may deliver frames of up to MIRAGE_PLAT_NET_VNET_FRAME_MAX bytes (header
 * included): TCP/IPv4 segments larger than the MTU described by gso_type
 * TCPV4 and gso_size, and partial checksums (flags NEEDS_CSUM with
 * csum_start/csum_offset) or checked ones (flags DATA_VALID).  Without the
 * flag, frames are plain Ethernet of at most mtu + 14 bytes.
 */
#define MIRAGE_PLAT_NET_VNET 1u
#define MIRAGE_PLAT_NET_VNET_HDR_LEN 10
#define MIRAGE_PLAT_NET_VNET_FRAME_MAX (10 + 14 + 65535)
int mirage_plat_net_acquire(const char *name, mirage_plat_handle_t *h,
                            struct mirage_plat_net_info *info);
/* Sends one frame (Ethernet header included, at most mtu + 14 bytes, or
 * with MIRAGE_PLAT_NET_VNET the header and at most VNET_FRAME_MAX). */
int mirage_plat_net_write(mirage_plat_handle_t h, const void *buf, size_t len);
/* Receives one frame into buf (len >= mtu + 14, or >= VNET_FRAME_MAX with
 * MIRAGE_PLAT_NET_VNET); returns its length, or -EAGAIN if none is
 * waiting. */
int mirage_plat_net_read(mirage_plat_handle_t h, void *buf, size_t len);

/* Block devices: whole blocks, offset and length multiples of block_size. */
struct mirage_plat_block_info {
    uint64_t capacity;   /* bytes */
    uint64_t block_size; /* bytes, a power of two >= 512 */
};
int mirage_plat_block_acquire(const char *name, mirage_plat_handle_t *h,
                              struct mirage_plat_block_info *info);
int mirage_plat_block_write(mirage_plat_handle_t h, uint64_t offset,
                            const void *buf, size_t len);
int mirage_plat_block_read(mirage_plat_handle_t h, uint64_t offset, void *buf,
                           size_t len);

/* Entropy for seeding the DRBG: fills buf; -EIO if none is available. */
int mirage_plat_entropy(void *buf, size_t len);

/* Fiber stacks: size bytes, with an unmapped guard page below where the
 * target allows.  Returns the lowest usable address, NULL on failure. */
void *mirage_plat_stack_alloc(size_t size);
void mirage_plat_stack_free(void *stack, size_t size);

/* The end. */
_Noreturn void mirage_plat_exit(int status);
_Noreturn void mirage_plat_abort(const char *why);

#endif
