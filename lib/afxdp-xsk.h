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

struct xsk_socket_info {
    /* Receive side: the polling thread only. */
    struct xsk_ring_cons rx;
    struct xsk_ring_prod fq;
    atomic_uint32_t fq_held;        /* Frames in the fill and rx rings. */
    bool rx_skip;                   /* Drop descriptors up to the end of a
                                     * packet whose start was dropped. */

    /* Transmit side: one transmitting thread at a time. */
    OVS_ALIGNED_VAR(CACHE_LINE_SIZE) struct xsk_ring_prod tx;
    struct xsk_ring_cons cq;
    atomic_uint32_t tx_held;        /* Frames in the tx and completion
                                     * rings. */

    /* Set up once. */
    OVS_ALIGNED_VAR(CACHE_LINE_SIZE) struct xsk_socket *xsk;
    struct xsk_umem *umem;
    struct umem_pool *pool;
    int fd;
    int ifindex;                    /* Of the device it is bound to. */
    uint32_t queue_id;
    bool zero_copy;
    bool need_wakeup;
    bool busy_poll;                 /* Drive the queue's NAPI by busy
                                     * polling from recvfrom(). */
    uint32_t busy_poll_budget;      /* As set, if 'busy_poll'. */
    bool rx_meta;                   /* See struct afxdp_xsk_params. */
    bool multi_buffer;              /* Bound with XDP_USE_SG. */
    struct afxdp_shared_umem *shared; /* Its umem, if shared. */
    uint8_t tag;                    /* Frames' tag in a shared pool. */

    struct afxdp_xsk_stats stats;

    /* Fault injection (netdev-afxdp/hold-frames): while 'holding', the
     * receive path keeps what it receives, as a consumer that never frees
     * would, until afxdp_xsk_hold() lets go. */
    atomic_bool holding;
    atomic_bool cq_unread;          /* Fault injection (netdev-afxdp/
                                     * hold-completions): the completion
                                     * ring is left unread, as if the
                                     * kernel had not sent. */
    struct ovs_mutex hold_mutex;   /* Guards the three members below
                                    * (OVS_GUARDED: clang accepts no
                                    * member name in guarded_by). */
    struct dp_packet **held OVS_GUARDED;
    size_t n_held OVS_GUARDED;
    size_t allocated_held OVS_GUARDED;
};

/* 'fq_held' and 'tx_held' of struct xsk_socket_info: each written by one
 * thread at a time (a plain load and store, no locked instruction) and
 * read by any thread, for statistics and the leak checks. */
static inline uint32_t
xsk_held(const atomic_uint32_t *held)
{
    uint32_t n;

    atomic_read_relaxed(CONST_CAST(atomic_uint32_t *, held), &n);
    return n;
}

/* Adds 'delta' (negative to take away) to 'held', as the one thread that
 * writes it. */
static inline void
xsk_held_add(atomic_uint32_t *held, int32_t delta)
{
    atomic_store_relaxed(held, xsk_held(held) + delta);
}

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
void afxdp_xsk_format(const struct xsk_socket_info *, struct ds *);
size_t afxdp_xsk_hold(struct xsk_socket_info *, bool hold);
void afxdp_xsk_hold_completions(struct xsk_socket_info *, bool hold);

#endif /* afxdp-xsk.h */
