/*
 * Copyright (c) 2026 The ovs-afxdp authors.
 *
 * Licensed under the Apache License, Version 2.0 (the "License");
 * you may not use this file except in compliance with the License.
 * You may obtain a copy of the License at:
 *
 *     http://www.apache.org/licenses/LICENSE-2.0
 *
 * Unless required by applicable law or agreed to in writing, software
 * distributed under the License is distributed on an "AS IS" BASIS,
 * WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
 * See the License for the specific language governing permissions and
 * limitations under the License.
 */

#ifndef AFXDP_XSK_H
#define AFXDP_XSK_H 1

/* One AF_XDP socket: its umem, its four rings, and the receive and transmit
 * paths that move frames between those rings and dp_packets.
 *
 * Threads: afxdp_xsk_recv() is called by the one thread that polls the
 * queue; afxdp_xsk_send() by one thread at a time (the caller serializes
 * concurrent transmitters); the counters may be read by any thread. */

#include <stdbool.h>
#include <stdint.h>
#include <linux/if_xdp.h>
#include <xdp/xsk.h>

/* Multi-buffer AF_XDP (Linux 6.6 uapi), for older headers. */
#ifndef XDP_USE_SG
#define XDP_USE_SG (1 << 4)
#endif
#ifndef XDP_PKT_CONTD
#define XDP_PKT_CONTD (1 << 0)
#endif

#include "ovs-atomic.h"
#include "ovs-thread.h"

struct afxdp_shared_umem;
struct dp_packet_batch;
struct ds;
struct umem_pool;

/* What an AF_XDP socket is created with. */
struct afxdp_xsk_params {
    uint32_t n_frames;          /* Frames in the umem. */
    uint32_t frame_size;        /* Bytes per frame, a power of 2. */
    uint32_t ring_size;         /* Entries in each of the four rings. */
    bool zero_copy;             /* Bind with XDP_ZEROCOPY, else XDP_COPY. */
    bool need_wakeup;           /* Bind with XDP_USE_NEED_WAKEUP. */
    uint32_t busy_poll_usecs;   /* SO_BUSY_POLL, with SO_PREFER_BUSY_POLL;
                                 * 0: no busy polling. */
    uint32_t busy_poll_budget;  /* SO_BUSY_POLL_BUDGET. */
    bool rx_meta;               /* The XDP program writes a struct
                                 * afxdp_rx_meta before each frame. */
    bool rx_csum;               /* Complete partial checksums
                                 * (lib/afxdp-csum-rx.h). */
    bool multi_buffer;          /* Try XDP_USE_SG: packets of several
                                 * frames (Linux 6.6+). */
    bool shared_umem;           /* Join the process's shared umem
                                 * (lib/afxdp-shared-umem.h), in copy mode,
                                 * instead of having a umem of its own. */
};

/* Counters of one socket, each written by one thread only. */
struct afxdp_xsk_stats {
    atomic_uint64_t rx_packets;
    atomic_uint64_t rx_bytes;
    atomic_uint64_t rx_invalid;     /* Descriptors outside the umem. */
    atomic_uint64_t rx_runts;       /* Shorter than an Ethernet header. */
    atomic_uint64_t rx_hash;        /* Came with the device's RX hash. */
    atomic_uint64_t rx_multi;       /* Packets of several frames. */
    atomic_uint64_t rx_csum_completed; /* Partial checksums completed. */
    atomic_uint64_t rx_csum_bad;    /* Wrong TCP/UDP checksums, left as
                                     * they are (with 'rx_csum' only). */
    atomic_uint64_t tx_multi;       /* Sent in several frames. */
    atomic_uint64_t tx_zero_copy;   /* Sent in the frame they came in. */
    atomic_uint64_t rx_wakeups;     /* recvfrom() kicks for the fill ring,
                                     * or to busy-poll. */
    atomic_uint64_t fill_empty;     /* Refills that found no free frame. */
    atomic_uint64_t tx_packets;
    atomic_uint64_t tx_bytes;
    atomic_uint64_t tx_dropped;     /* No frame, no ring slot, runt or too
                                     * long. */
    atomic_uint64_t tx_kicks;       /* sendto() calls. */
    atomic_uint64_t tx_invalid_completions; /* Not a frame we sent. */
};

/* Reads counter 'c' of struct afxdp_xsk_stats, from any thread. */
static inline uint64_t
afxdp_xsk_counter(const atomic_uint64_t *c)
{
    uint64_t v;

    atomic_read_relaxed(CONST_CAST(atomic_uint64_t *, c), &v);
    return v;
}

/* A socket: private to lib/afxdp-xsk.c (its layout, for the fake rings of
 * the unit tests, is in lib/afxdp-xsk-private.h). */
/* Registers the memory of 'pool' with the kernel as a umem of frames of
 * 'frame_size' bytes, with fill and completion rings of 'ring_size'
 * entries ('*fq', '*cq').  Returns 0 with the umem in '*umemp', or a
 * positive errno value with '*umemp' NULL. */
int afxdp_xsk_umem_register(struct umem_pool *, uint32_t frame_size,
                            uint32_t ring_size, struct xsk_umem **umemp,
                            struct xsk_ring_prod *fq,
                            struct xsk_ring_cons *cq);

/* Returns why registering a umem of 'size' bytes failed with 'error' (a
 * positive errno value from afxdp_xsk_umem_register()), for the caller to
 * free and to put after "cannot register umem: ".  The kernel charges
 * every umem to the locked memory of the daemon's user and refuses one
 * past RLIMIT_MEMLOCK with ENOBUFS unless the daemon has CAP_IPC_LOCK;
 * that case names the limit and what to change.  afxdp_xsk_umem_error__()
 * is the same with the limit given, in bytes (RLIM_INFINITY for none). */
char *afxdp_xsk_umem_error(int error, size_t size);
char *afxdp_xsk_umem_error__(int error, size_t size, uint64_t memlock);

struct xsk_socket_info;

int afxdp_xsk_create(const char *ifname, uint32_t queue_id,
                     const struct afxdp_xsk_params *,
                     struct xsk_socket_info **xskp, char **errp);
void afxdp_xsk_destroy(struct xsk_socket_info *);

int afxdp_xsk_recv(struct xsk_socket_info *, struct dp_packet_batch *,
                   int *qfill);
void afxdp_xsk_send(struct xsk_socket_info *, struct dp_packet_batch *);

int afxdp_xsk_get_xdp_stats(const struct xsk_socket_info *,
                            struct xdp_statistics *);
uint32_t afxdp_xsk_frames_free(const struct xsk_socket_info *);
uint32_t afxdp_xsk_frames_total(const struct xsk_socket_info *);
uint32_t afxdp_xsk_frames_in_kernel(const struct xsk_socket_info *);
uint32_t afxdp_xsk_frames_held(const struct xsk_socket_info *);
const struct afxdp_xsk_stats *afxdp_xsk_stats(const struct xsk_socket_info *);
int afxdp_xsk_fd(const struct xsk_socket_info *);
bool afxdp_xsk_completes_csum(const struct xsk_socket_info *);
bool afxdp_xsk_multi_buffer(const struct xsk_socket_info *);
bool afxdp_xsk_is_shared(const struct xsk_socket_info *);
void afxdp_xsk_format(const struct xsk_socket_info *, struct ds *);
size_t afxdp_xsk_fault_keep_rx(struct xsk_socket_info *, bool hold);
void afxdp_xsk_fault_stall_completions(struct xsk_socket_info *, bool hold);

#endif /* afxdp-xsk.h */
