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

#ifndef AFXDP_FAKE_RINGS_H
#define AFXDP_FAKE_RINGS_H 1

/* An AF_XDP socket whose four rings are plain memory instead of the rings
 * the kernel would map, for tests/test-afxdp-unit.c and
 * tests/fuzz-afxdp.c: the test plays the kernel. */

#include <string.h>

#include "afxdp-xsk-private.h"
#include "netdev-afxdp-pool.h"
#include "ovs-thread.h"

#define RING_SIZE 64

struct fake_ring {
    uint32_t producer, consumer, flags;
    uint64_t slots[RING_SIZE * 2];      /* Room for xdp_desc or u64. */
};

/* Initializes 'fr' and the consumer 'cons' or producer 'prod' (exactly one
 * is nonnull) that the socket sees of it, as libxdp would. */
static inline void
fake_ring_init(struct fake_ring *fr, struct xsk_ring_cons *cons,
               struct xsk_ring_prod *prod)
{
    memset(fr, 0, sizeof *fr);
    struct xsk_ring_cons r = {
        .mask = RING_SIZE - 1, .size = RING_SIZE,
        .producer = &fr->producer, .consumer = &fr->consumer,
        .ring = fr->slots, .flags = &fr->flags,
    };
    if (cons) {
        *cons = r;
    } else {
        memcpy(prod, &r, sizeof *prod);
        prod->cached_cons = RING_SIZE;   /* As libxdp sets it up. */
    }
}

/* A socket whose rings are fake. */
struct fake_xsk {
    struct xsk_socket_info s;
    struct fake_ring rx, tx, fq, cq;
};

/* Initializes 'fx' with a umem of 'n_frames' frames of 'frame_size' bytes.
 * The rings' flags stay 0 and need_wakeup is on, so that the socket never
 * makes a system call. */
static inline void
fake_xsk_init(struct fake_xsk *fx, uint32_t n_frames, uint32_t frame_size)
{
    memset(fx, 0, sizeof *fx);
    fake_ring_init(&fx->rx, &fx->s.rx, NULL);
    fake_ring_init(&fx->cq, &fx->s.cq, NULL);
    fake_ring_init(&fx->tx, NULL, &fx->s.tx);
    fake_ring_init(&fx->fq, NULL, &fx->s.fq);
    fx->s.pool = umem_pool_create(n_frames, frame_size, false);
    fx->s.fd = -1;
    fx->s.need_wakeup = true;
    atomic_init(&fx->s.keeping_rx, false);
    ovs_mutex_init(&fx->s.kept_mutex);
}

#endif /* afxdp-fake-rings.h */
