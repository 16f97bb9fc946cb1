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

#ifndef AFXDP_XSK_PRIVATE_H
#define AFXDP_XSK_PRIVATE_H 1

/* The layout of an AF_XDP socket (lib/afxdp-xsk.h): for lib/afxdp-xsk.c,
 * and for the unit tests' fake rings (tests/afxdp-fake-rings.h), which
 * build one around rings of their own.  Other modules use the functions
 * of lib/afxdp-xsk.h. */

#include "afxdp-xsk.h"

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
    bool rx_csum;                   /* See struct afxdp_xsk_params. */
    bool multi_buffer;              /* Bound with XDP_USE_SG. */
    struct afxdp_shared_umem *shared; /* Its umem, if shared. */
    uint8_t tag;                    /* Frames' tag in a shared pool. */

    struct afxdp_xsk_stats stats;

    /* Fault injection (netdev-afxdp/hold-frames): while 'keeping_rx', the
     * receive path keeps what it receives, as a consumer that never frees
     * would, until afxdp_xsk_fault_keep_rx() lets go. */
    atomic_bool keeping_rx;
    atomic_bool cq_unread;          /* Fault injection (netdev-afxdp/
                                     * hold-completions): the completion
                                     * ring is left unread, as if the
                                     * kernel had not sent. */
    struct ovs_mutex kept_mutex;   /* Guards the three members below
                                    * (OVS_GUARDED: clang accepts no
                                    * member name in guarded_by). */
    struct dp_packet **kept OVS_GUARDED;
    size_t n_kept OVS_GUARDED;
    size_t allocated_kept OVS_GUARDED;
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

#endif /* afxdp-xsk-private.h */
