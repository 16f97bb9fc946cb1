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

#ifndef NETDEV_AFXDP_POOL_H
#define NETDEV_AFXDP_POOL_H 1

#ifdef HAVE_AF_XDP

#include <stdbool.h>
#include <stdint.h>
#include "dp-packet.h"
#include "openvswitch/thread.h"
#include "ovs-atomic.h"
#include "util.h"

/* umem frame pool
 * ===============
 *
 * A umem is the memory an AF_XDP socket shares with the kernel.  It is cut
 * into 'n_frames' frames of 'frame_size' bytes (a power of 2), and a frame
 * is named by its offset from the start of the umem ("address").
 *
 * At any time every frame is in exactly one of these places:
 *
 *   - the pool: the owner's cache or the shared stack (this module);
 *   - the kernel: the fill ring, the rx ring, the tx ring or the completion
 *     ring of the socket (counted, and tracked per frame in 'kernel', by
 *     lib/afxdp-xsk.c);
 *   - a dp_packet that Open vSwitch is processing.  Each frame has its own
 *     'struct dp_packet_afxdp', preallocated here, so that receiving a frame
 *     allocates nothing; dp_packet_delete() gives the frame back through
 *     free_afxdp_buf(), on whatever thread deletes the packet.
 *
 * Threads
 * -------
 *
 * The thread that polls the socket's rx queue is the pool's "owner".  It
 * takes frames for the fill ring, and in the common case gets back the
 * frames of the packets it received, since dpif-netdev processes and frees
 * a received batch on the thread that received it.  So the owner has a
 * private cache of free frames that it uses with no lock and no atomic
 * read-modify-write at all.  Any other thread (a transmitting PMD thread
 * that is not the owner, the main thread freeing a packet) uses the shared
 * stack, under a spinlock; the owner also moves frames between its cache
 * and the stack in blocks of UMEM_POOL_CACHE_MOVE when the cache runs
 * empty or full.
 *
 * Ownership is claimed by umem_pool_claim(), called by the receive path
 * before each poll: a thread that finds another owner (after dpif-netdev
 * moved the queue to it) becomes the owner and empties the old owner's
 * cache into the stack.  The old owner may still be running then: when
 * dpif-netdev moves a queue, the old PMD thread goes on transmitting on
 * the port (and so taking and returning frames) before the new one first
 * polls it.  So the handover is a handshake.  The owner marks each use of
 * its cache in 'in_cache' and then checks that it is still the owner; the
 * claimer first names itself owner and then waits for 'in_cache' to clear
 * before it touches the cache.  Both steps are sequentially consistent, so
 * at least one side sees the other's: either the old owner backs off to
 * the shared stack, or the claimer waits for it to leave the cache.
 *
 * Lifetime
 * --------
 *
 * A shared pool (lib/afxdp-shared-umem.c: one umem for the sockets of
 * several ports, so that a frame received on one is sent on another with
 * no copy) has no owner: several threads receive into it at once, so every
 * thread uses the shared stack, always a batch at a time except in
 * free_afxdp_buf(), which is only called for packets that did not leave
 * through an afxdp port of the same umem.
 *
 * The socket that owns the pool calls umem_pool_release() when it goes
 * away.  Frames that dp_packets still hold at that time stay valid: the
 * pool (and the memory behind it) is freed by whichever of
 * umem_pool_release() and free_afxdp_buf() sees the last frame come back. */

#define UMEM_POOL_CACHE_SIZE 512        /* Frames the owner's cache holds. */
#define UMEM_POOL_CACHE_MOVE 256        /* Frames moved to or from the
                                         * stack at a time. */

struct umem_pool {
    /* The owner's cache: only the owner thread touches it. */
    atomic_uint owner;                 /* ovsthread_id of the owner, or
                                        * OVSTHREAD_ID_UNSET. */
    atomic_uint32_t n_cached;          /* Written by the owner only. */
    atomic_bool in_cache;              /* The owner is using its cache. */
    uint64_t cache[UMEM_POOL_CACHE_SIZE];

    /* The shared stack. */
    OVS_ALIGNED_VAR(CACHE_LINE_SIZE) struct ovs_spin lock;
    uint64_t *stack OVS_GUARDED;       /* Free frames' addresses, LIFO. */
    uint32_t n_stacked OVS_GUARDED;    /* Number of entries in 'stack'. */
    bool released OVS_GUARDED;         /* Owner gone: free when all back. */
    uint32_t n_lost OVS_GUARDED;       /* Frames the kernel had at release. */
    bool deferred OVS_GUARDED;         /* Released with frames in packets. */

    /* Read-only after creation. */
    bool shared;                       /* No owner (see above). */
    uint32_t n_frames;                 /* Total frames in the umem. */
    uint32_t frame_shift;              /* log2(frame size). */
    char *base;                        /* Start of the umem memory. */
    size_t size;                       /* n_frames << frame_shift. */
    struct dp_packet_afxdp *pkts;      /* One dp_packet per frame. */

    /* Tests only: if nonnull, called by the owner in the middle of each use
     * of its cache, after it read 'n_cached', so that a test can run a
     * claim there (tests/test-afxdp-unit.c). */
    void (*cache_hook)(struct umem_pool *);

    /* Per frame, an enum umem_frame_kernel: whether a socket gave the
     * frame to the kernel, and through which ring, ORed with the socket's
     * tag (UMEM_FRAME_TAG) in a shared pool.  The receive side writes the
     * entries of the frames it puts in the fill ring, the transmit side
     * those it puts in the tx ring. */
    atomic_uint8_t *kernel;
};

/* Where the kernel has a frame, as lib/afxdp-xsk.c tracks it so that a
 * descriptor naming a frame that the kernel was not given (again) is never
 * taken for one: it would put the frame in two places at once. */
enum umem_frame_kernel {
    UMEM_FRAME_OUT,             /* Not in the kernel. */
    UMEM_FRAME_FILL,            /* In the fill or the rx ring. */
    UMEM_FRAME_TX,              /* In the tx or the completion ring. */
    UMEM_FRAME_LIMBO,           /* Was in the tx ring of a closed socket of
                                 * a shared pool: the kernel may still be
                                 * sending it (lib/afxdp-shared-umem.c). */
};

/* In a shared pool, which socket the kernel has a frame from: its tag, in
 * the bits above the enum umem_frame_kernel, from 1 to
 * UMEM_POOL_MAX_TAGS; 0 in a pool of one socket. */
#define UMEM_FRAME_STATE_MASK 0x3
#define UMEM_FRAME_TAG(N) ((uint8_t) ((N) << 2))
#define UMEM_POOL_MAX_TAGS 63

struct umem_pool *umem_pool_create(uint32_t n_frames, uint32_t frame_size,
                                   bool shared);
uint32_t umem_pool_retag(struct umem_pool *, uint8_t from, uint8_t to);
void umem_pool_release(struct umem_pool *, uint32_t n_kernel_held);

void umem_pool_claim(struct umem_pool *);
uint32_t umem_pool_get(struct umem_pool *, uint64_t addrs[], uint32_t n);
void umem_pool_put(struct umem_pool *, const uint64_t addrs[], uint32_t n);
uint32_t umem_pool_n_free(struct umem_pool *);
void umem_pool_count(unsigned int *n, unsigned int *n_waiting);

/* The kernel no longer has the frames of shared 'pool' that are marked
 * 'where' (an enum umem_frame_kernel ORed with a closed socket's tag): puts
 * them back in the pool.  Returns how many there were.  The pool must not
 * be released. */
static inline uint32_t
umem_pool_reclaim(struct umem_pool *pool, uint8_t where)
{
    return umem_pool_retag(pool, where, UMEM_FRAME_OUT);
}

/* Returns the size in bytes of each of 'pool''s frames. */
static inline uint32_t
umem_pool_frame_size(const struct umem_pool *pool)
{
    return UINT32_C(1) << pool->frame_shift;
}

/* Returns the preallocated dp_packet wrapper of the frame that contains
 * umem address 'addr', which the caller has checked is inside the umem. */
static inline struct dp_packet_afxdp *
umem_pool_packet(const struct umem_pool *pool, uint64_t addr)
{
    return &pool->pkts[addr >> pool->frame_shift];
}

/* Records that the frame at umem address 'frame' goes to the kernel
 * through the ring that 'where' names (an enum umem_frame_kernel, ORed with
 * the socket's tag in a shared pool). */
static inline void
umem_pool_to_kernel(struct umem_pool *pool, uint64_t frame, uint8_t where)
{
    atomic_store_relaxed(&pool->kernel[frame >> pool->frame_shift], where);
}

/* The kernel hands back the frame at umem address 'frame' (inside the
 * umem, as the caller checked) through the ring that 'where' names (as for
 * umem_pool_to_kernel()).  Returns true, and records that the kernel no
 * longer has the frame, if the kernel had it from that ring of that
 * socket; otherwise returns false: the frame is not the kernel's to
 * give. */
static inline bool
umem_pool_from_kernel(struct umem_pool *pool, uint64_t frame, uint8_t where)
{
    atomic_uint8_t *k = &pool->kernel[frame >> pool->frame_shift];
    uint8_t cur;

    atomic_read_relaxed(k, &cur);
    if (OVS_UNLIKELY(cur != where)) {
        return false;
    }
    atomic_store_relaxed(k, UMEM_FRAME_OUT);
    return true;
}

#endif /* HAVE_AF_XDP */
#endif /* netdev-afxdp-pool.h */
