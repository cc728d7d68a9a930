/* SPDX-License-Identifier: ISC */
/* The Solo5 v0.12.1 guest/tender ABI (version 2), for guests and tenders. */
#ifndef MIRAGE_SOLO5_ABI_H
#define MIRAGE_SOLO5_ABI_H

/*
 * Layouts and numbers of the hvt and spt ABI, as docs/abi.md describes them:
 * the ELF notes that identify an image, the manifest, the boot info and the
 * hvt hypercall argument structs.  Included by the guest platforms
 * (platform/hvt, platform/spt) and by the tenders (tenders/), never by
 * portable code.  All fields are little-endian x86-64 natural layout.
 */

#include <stdint.h>

#define SOLO5_ABI_VERSION 2
enum solo5_abi_target {
    SOLO5_ABI_TARGET_HVT = 1,
    SOLO5_ABI_TARGET_SPT = 2,
    SOLO5_ABI_TARGET_VIRTIO = 3,
};

/* ELF notes, owner "Solo5". */
#define SOLO5_NOTE_NAME "Solo5"
#define SOLO5_NOTE_ABI1 0x31494241u /* "ABI1" */
#define SOLO5_NOTE_MFT1 0x3154464du /* "MFT1" */
#define SOLO5_NOTE_ABI1_MAX_DESCSZ 32
#define SOLO5_NOTE_MFT1_MAX_DESCSZ 6668

struct solo5_abi1_desc {
    uint32_t abi_target;
    uint32_t abi_version;
    uint32_t reserved0;
    uint32_t reserved1;
};

/* Manifest (MFT1 descriptor, after 4 bytes of padding). */
#define SOLO5_MFT_VERSION 1
#define SOLO5_MFT_MAX_ENTRIES 64
#define SOLO5_MFT_NAME_SIZE 68
#define SOLO5_MFT_NAME_MAX (SOLO5_MFT_NAME_SIZE - 1)
enum solo5_mft_type {
    SOLO5_MFT_DEV_BLOCK_BASIC = 1,
    SOLO5_MFT_DEV_NET_BASIC = 2,
    SOLO5_MFT_RESERVED_FIRST = 0x40000000,
};

struct solo5_mft_entry {
    char name[SOLO5_MFT_NAME_SIZE];
    uint32_t type;
    union {
        struct {
            uint64_t capacity;
            uint16_t block_size;
        } block_basic;
        struct {
            uint8_t mac[6];
            uint16_t mtu;
            /* Mirage extension (zero in Solo5, which never writes it):
             * MIRAGE_NET_GRANT_* flags our tender grants a guest that
             * declared them in its Mirage NET1 note. */
            uint32_t mirage_grant;
            uint32_t mirage_reserved;
        } net_basic;
    } u;
    union {
        int hostfd;
        void *data;
        uint64_t pad;
    } b;
    uint8_t attached;
};

struct solo5_mft {
    uint32_t version;
    uint32_t entries;
    struct solo5_mft_entry e[];
};

_Static_assert(sizeof(struct solo5_mft_entry) == 104, "mft entry is 104 bytes");
_Static_assert(__builtin_offsetof(struct solo5_mft_entry, type) == 68, "type");
_Static_assert(__builtin_offsetof(struct solo5_mft_entry, u) == 72, "u");
_Static_assert(__builtin_offsetof(struct solo5_mft_entry, b) == 88, "b");
_Static_assert(__builtin_offsetof(struct solo5_mft_entry, attached) == 96,
               "att");
_Static_assert(sizeof(struct solo5_mft) == 8, "mft header is 8 bytes");
_Static_assert(__builtin_offsetof(struct solo5_mft_entry, u.net_basic.mtu) ==
                   78,
               "mtu");
_Static_assert(__builtin_offsetof(struct solo5_mft_entry,
                                  u.net_basic.mirage_grant) == 80,
               "grant");

/*
 * Mirage's own note (owner "Mirage", which Solo5's tenders skip): NET1 says
 * which virtio-net framing the guest's network stack accepts.  Descriptor:
 * u32 flags (MIRAGE_NET_GRANT_*), u32 reserved (0).  A tender that honours
 * a flag writes it into net_basic.mirage_grant of each net device it
 * opened that way; the guest uses only flags it declared.
 */
#define MIRAGE_NOTE_NAME "Mirage"
#define MIRAGE_NOTE_NET1 0x3154454eu /* "NET1" */
#define MIRAGE_NOTE_NET1_DESCSZ 8
#define MIRAGE_NOTE_NET1_MAX_DESCSZ 32
/* Every frame both ways starts with the 10-byte virtio_net_hdr; frames of
 * up to MIRAGE_NET_VNET_FRAME_MAX bytes (header included); partial
 * checksums and TCPv4 segmentation offloads (platform.h). */
#define MIRAGE_NET_GRANT_VNET 1u
#define MIRAGE_NET_VNET_HDR_LEN 10u
#define MIRAGE_NET_VNET_FRAME_MAX (10u + 14u + 65535u)

/* Memory layout. */
#define SOLO5_GUEST_MIN_BASE 0x100000ULL
#define SOLO5_CMDLINE_SIZE 8192
#define SOLO5_HALT_COOKIE_SIZE 512

/* hvt: boot info at GPA 0x10000, then the manifest copy, then the cmdline. */
#define HVT_BOOT_INFO_BASE 0x10000ULL
#define HVT_FEATURE_RING_IO 1u
struct hvt_boot_info {
    uint64_t mem_size;
    uint64_t kernel_end;
    uint64_t cpu_cycle_freq;
    uint64_t cmdline; /* GPA */
    uint64_t mft;     /* GPA */
    uint32_t host_features;
    uint32_t guest_features;
    uint64_t net_ring; /* GPA or 0 */
};
_Static_assert(sizeof(struct hvt_boot_info) == 56, "hvt boot info is 56 bytes");

/* hvt hypercalls: outl to port HVT_HYPERCALL_PIO_BASE + nr, EAX = GPA of the
 * argument struct. */
#define HVT_HYPERCALL_PIO_BASE 0x500
enum hvt_hypercall {
    HVT_HYPERCALL_WALLTIME = 1,
    HVT_HYPERCALL_PUTS = 2,
    HVT_HYPERCALL_POLL = 3,
    HVT_HYPERCALL_BLOCK_WRITE = 4,
    HVT_HYPERCALL_BLOCK_READ = 5,
    HVT_HYPERCALL_NET_WRITE = 6,
    HVT_HYPERCALL_NET_READ = 7,
    HVT_HYPERCALL_HALT = 8,
    HVT_HYPERCALL_MAX = 9,
};

/* solo5_result_t */
enum solo5_result {
    SOLO5_R_OK = 0,
    SOLO5_R_AGAIN = 1,
    SOLO5_R_EINVAL = 2,
    SOLO5_R_EUNSPEC = 3,
};

struct hvt_hc_walltime {
    uint64_t nsecs; /* out */
};
struct hvt_hc_puts {
    uint64_t data; /* GPA */
    uint64_t len;
};
struct hvt_hc_poll {
    uint64_t timeout_nsecs; /* in, relative */
    uint64_t ready_set;     /* out */
    int32_t ret;            /* out */
};
struct hvt_hc_block {
    uint64_t handle;
    uint64_t offset;
    uint64_t data; /* GPA */
    uint64_t len;
    int32_t ret;
};
struct hvt_hc_net {
    uint64_t handle;
    uint64_t data; /* GPA */
    uint64_t len;
    int32_t ret;
};
struct hvt_hc_halt {
    uint64_t cookie; /* GPA or 0 */
    int32_t exit_status;
};
_Static_assert(sizeof(struct hvt_hc_poll) == 24, "poll");
_Static_assert(sizeof(struct hvt_hc_block) == 40, "block");
_Static_assert(sizeof(struct hvt_hc_net) == 32, "net");
_Static_assert(sizeof(struct hvt_hc_halt) == 16, "halt");

/* hvt net ring (v0.11+, optional): region of HVT_RING_SIZE bytes at GPA
 * mem_size, offered when host_features has HVT_FEATURE_RING_IO and net_ring
 * != 0.  Indices run free; slot = index & HVT_RING_MASK.  A guest kicks the
 * tender with an outl to HVT_RING_KICK_PIO only when needs_kick is set. */
#define HVT_RING_KICK_PIO 0x600
#define HVT_RING_ENTRIES 1024u
#define HVT_RING_MASK (HVT_RING_ENTRIES - 1u)
#define HVT_RING_BUF_SIZE 2048u          /* guest per-slot frame buffer */
#define HVT_RING_REGION_SIZE 0x200000ULL /* 2 MiB reserved at mem_size */
enum hvt_ring_op {
    HVT_RING_OP_NET_WRITE = 1,
    HVT_RING_OP_NET_READ = 2,
};
struct hvt_ring_entry { /* guest -> tender */
    uint32_t operation;
    uint32_t handle;
    uint64_t data; /* GPA */
    uint32_t len;
    uint32_t id;
    uint64_t reserved;
};
struct hvt_ring_commit { /* tender -> guest (reads only) */
    uint32_t id;
    int32_t ret; /* enum solo5_result */
    uint32_t len;
    uint32_t reserved;
};
struct hvt_ring {
    uint32_t ent_tail; /* guest: submissions produced */
    uint32_t com_head; /* guest: commits consumed */
    uint8_t pad0[56];
    uint32_t ent_head;   /* tender: submissions consumed */
    uint32_t com_tail;   /* tender: commits produced */
    uint32_t needs_kick; /* tender: about to sleep */
    uint8_t pad1[52];
    struct hvt_ring_entry entries[HVT_RING_ENTRIES];
    struct hvt_ring_commit commits[HVT_RING_ENTRIES];
};
_Static_assert(sizeof(struct hvt_ring_entry) == 32, "ring entry");
_Static_assert(sizeof(struct hvt_ring_commit) == 16, "ring commit");
_Static_assert(__builtin_offsetof(struct hvt_ring, ent_head) == 64, "ent_head");
_Static_assert(__builtin_offsetof(struct hvt_ring, com_tail) == 68, "com_tail");
_Static_assert(__builtin_offsetof(struct hvt_ring, needs_kick) == 72, "kick");
_Static_assert(__builtin_offsetof(struct hvt_ring, entries) == 128, "entries");
_Static_assert(__builtin_offsetof(struct hvt_ring, commits) == 32896,
               "commits");
_Static_assert(sizeof(struct hvt_ring) == 49280, "hvt_ring is 49 280 bytes");

/* spt: boot info at 0x11000, then the manifest copy, then the cmdline. */
#define SPT_BOOT_INFO_BASE 0x11000ULL
#define SPT_HOST_MEM_BASE 0x10000ULL
#define SPT_EPOLL_TIMER_TAG 0xfffffffeU
struct spt_boot_info {
    uint64_t mem_size;
    uint64_t kernel_end;
    uint64_t cmdline; /* pointer */
    uint64_t mft;     /* pointer */
    int32_t epollfd;
    int32_t timerfd;
};
_Static_assert(sizeof(struct spt_boot_info) == 40, "spt boot info is 40 bytes");

#endif
