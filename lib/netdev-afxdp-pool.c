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

#include <config.h>

#include "netdev-afxdp-pool.h"

#include <errno.h>
#include <sched.h>
#include <sys/mman.h>

#include "coverage.h"
#include "dp-packet.h"
#include "netdev-afxdp.h"
#include "openvswitch/util.h"
#include "openvswitch/vlog.h"
#include "ovs-thread.h"
#include "util.h"

VLOG_DEFINE_THIS_MODULE(netdev_afxdp_pool);

COVERAGE_DEFINE(afxdp_pool_deferred_free);

/* Pools in existence, and those of them whose socket is closed and that
 * wait for frames still in packets: for netdev-afxdp/show, so that a test
 * can see a leak. */
static struct atomic_count n_pools = ATOMIC_COUNT_INIT(0);
static struct atomic_count n_pools_waiting = ATOMIC_COUNT_INIT(0);

/* Frees 'pool' and its memory.  Every frame must be back. */
static void
umem_pool_destroy__(struct umem_pool *pool)
{
    atomic_count_dec(&n_pools);
    if (pool->deferred) {
        atomic_count_dec(&n_pools_waiting);
    }
    munmap(pool->base, pool->size);
    free(pool->stack);
    free_cacheline(pool->pkts);
    free(pool->kernel);
    ovs_spin_destroy(&pool->lock);
    free_cacheline(pool);
}

/* Creates a pool of 'n_frames' frames of 'frame_size' bytes each, all free
 * and with no owner; a 'shared' pool never has one (see the comment on
 * struct umem_pool).  'frame_size' must be a power of 2 of at least 2048
 * bytes, as the kernel requires of an aligned umem.  The memory is
 * page-aligned, zeroed and not yet registered with the kernel.  Returns NULL
 * if the memory cannot be had. */
struct umem_pool *
umem_pool_create(uint32_t n_frames, uint32_t frame_size, bool shared)
{
    ovs_assert(is_pow2(frame_size) && frame_size >= 2048 && n_frames);

    size_t size = (size_t) n_frames * frame_size;
    void *base = mmap(NULL, size, PROT_READ | PROT_WRITE,
                      MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (base == MAP_FAILED) {
        VLOG_ERR("cannot map %"PRIuSIZE" bytes of umem: %s",
                 size, ovs_strerror(errno));
        return NULL;
    }

    struct umem_pool *pool = xzalloc_cacheline(sizeof *pool);
    atomic_init(&pool->owner, OVSTHREAD_ID_UNSET);
    atomic_init(&pool->n_cached, 0);
    atomic_init(&pool->in_cache, false);
    ovs_spin_init(&pool->lock);
    pool->shared = shared;
    pool->n_frames = n_frames;
    pool->frame_shift = log_2_floor(frame_size);
    pool->base = base;
    pool->size = size;
    pool->stack = xmalloc(n_frames * sizeof *pool->stack);
    pool->pkts = xzalloc_cacheline(n_frames * sizeof *pool->pkts);
    pool->kernel = xmalloc(n_frames * sizeof *pool->kernel);

    /* Push in reverse, so that the first frames come out first: the kernel
     * then touches the umem from its start, which is easier to debug. */
    for (uint32_t i = 0; i < n_frames; i++) {
        pool->stack[i] = (uint64_t) (n_frames - 1 - i) << pool->frame_shift;
        pool->pkts[i].mpool = pool;
        atomic_init(&pool->kernel[i], UMEM_FRAME_OUT);
    }
    pool->n_stacked = n_frames;
    atomic_count_inc(&n_pools);
    return pool;
}

static inline uint32_t
cache_count(struct umem_pool *pool)
{
    uint32_t n;

    atomic_read_relaxed(&pool->n_cached, &n);
    return n;
}

static inline bool
is_owner(struct umem_pool *pool)
{
    unsigned int owner;

    if (pool->shared) {
        return false;
    }
    atomic_read_relaxed(&pool->owner, &owner);
    return owner == ovsthread_id_self();
}

/* The owner's side of the handover handshake (see the comment on struct
 * umem_pool): returns true if the calling thread owns 'pool' and may use
 * its cache until cache_leave(); false if it must use the shared stack. */
static inline bool
cache_enter(struct umem_pool *pool)
{
    unsigned int owner;

    if (!is_owner(pool)) {
        return false;
    }
    atomic_store_explicit(&pool->in_cache, true, memory_order_seq_cst);
    atomic_read_explicit(&pool->owner, &owner, memory_order_seq_cst);
    if (OVS_UNLIKELY(owner != ovsthread_id_self())) {
        /* A claim came first: the cache is no longer ours. */
        atomic_store_explicit(&pool->in_cache, false, memory_order_release);
        return false;
    }
    return true;
}

/* Ends a use of the cache that cache_enter() allowed.  Publishes what the
 * owner wrote in the cache to a claimer waiting in cache_wait_idle(). */
static inline void
cache_leave(struct umem_pool *pool)
{
    atomic_store_explicit(&pool->in_cache, false, memory_order_release);
}

/* Calls the test hook of 'pool', if any, inside a use of its cache. */
static inline void
cache_hook(struct umem_pool *pool)
{
    if (OVS_UNLIKELY(pool->cache_hook)) {
        pool->cache_hook(pool);
    }
}

/* The claimer's side of the handshake: called after a new owner (or none)
 * was stored in 'pool->owner', waits until the previous owner is out of
 * its cache.  It cannot enter again, so the cache is then the caller's
 * to empty.  A use of the cache is a few dozen instructions, so this spins;
 * it yields now and then in case the owner is not a PMD thread and was
 * preempted inside one. */
static void
cache_wait_idle(struct umem_pool *pool)
{
    for (unsigned int i = 1; ; i++) {
        bool busy;

        atomic_read_explicit(&pool->in_cache, &busy, memory_order_seq_cst);
        if (!busy) {
            return;
        }
        if (!(i % 1024)) {
            sched_yield();
        }
    }
}

/* Moves the whole owner's cache of 'pool' to the stack.  The owner must be
 * out of its cache for good (cache_wait_idle()). */
static void
cache_flush(struct umem_pool *pool)
    OVS_REQUIRES(pool->lock)
{
    uint32_t n = cache_count(pool);

    memcpy(&pool->stack[pool->n_stacked], pool->cache,
           n * sizeof *pool->cache);
    pool->n_stacked += n;
    atomic_store_relaxed(&pool->n_cached, 0);
}

/* Returns true if every frame of released 'pool' is back. */
static bool
all_back(const struct umem_pool *pool)
    OVS_REQUIRES(pool->lock)
{
    return pool->released && pool->n_stacked + pool->n_lost >= pool->n_frames;
}

/* Makes 'owner' (an ovsthread_id, or OVSTHREAD_ID_UNSET for none) the
 * owner of 'pool' and empties the previous owner's cache into the stack,
 * once the previous owner, which may still be running, is out of it. */
static void
cache_hand_over(struct umem_pool *pool, unsigned int owner)
{
    atomic_store_explicit(&pool->owner, owner, memory_order_seq_cst);
    cache_wait_idle(pool);
    ovs_spin_lock(&pool->lock);
    cache_flush(pool);
    ovs_spin_unlock(&pool->lock);
}

/* Makes the calling thread the owner of 'pool' (see the comment on struct
 * umem_pool), if it is not already.  Cheap when it is: one relaxed load.
 * The previous owner may still be taking and returning frames: the
 * handover waits for it to leave its cache, and its later calls use the
 * shared stack.  Only one thread may claim a pool at a time (the one that
 * polls its socket's rx queue). */
void
umem_pool_claim(struct umem_pool *pool)
{
    if (OVS_UNLIKELY(!is_owner(pool)) && !pool->shared) {
        cache_hand_over(pool, ovsthread_id_self());
    }
}

/* The owner of 'pool' gives it up: its socket is closed, so the
 * 'n_kernel_held' frames that the kernel still had will never come back.
 * The pool is freed now if every other frame is free, otherwise as soon as
 * free_afxdp_buf() has taken back the last frame that a dp_packet holds.
 * No thread may be polling the socket.  Accepts NULL. */
void
umem_pool_release(struct umem_pool *pool, uint32_t n_kernel_held)
{
    if (!pool) {
        return;
    }

    if (!pool->shared) {
        cache_hand_over(pool, OVSTHREAD_ID_UNSET);
    }
    ovs_spin_lock(&pool->lock);
    pool->released = true;
    pool->n_lost = n_kernel_held;
    bool free_now = all_back(pool);
    uint32_t in_packets = pool->n_frames - pool->n_stacked - pool->n_lost;
    if (!free_now) {
        pool->deferred = true;
        atomic_count_inc(&n_pools_waiting);
    }
    ovs_spin_unlock(&pool->lock);

    if (free_now) {
        umem_pool_destroy__(pool);
    } else {
        COVERAGE_INC(afxdp_pool_deferred_free);
        VLOG_DBG("umem of %"PRIu32" frames freed when the %"PRIu32" frames "
                 "still in packets come back", pool->n_frames, in_packets);
    }
}

/* Takes up to 'n' free frames out of 'pool', storing their addresses in
 * 'addrs'.  Returns how many it took: fewer than 'n' when the pool runs
 * low.  Takes no lock when called by the owner and its cache has them. */
uint32_t
umem_pool_get(struct umem_pool *pool, uint64_t addrs[], uint32_t n)
{
    if (OVS_LIKELY(cache_enter(pool))) {
        uint32_t have = cache_count(pool);

        cache_hook(pool);
        if (have < n) {
            ovs_spin_lock(&pool->lock);
            uint32_t move = MIN(MAX(UMEM_POOL_CACHE_MOVE, n - have),
                                UMEM_POOL_CACHE_SIZE - have);
            move = MIN(move, pool->n_stacked);
            pool->n_stacked -= move;
            memcpy(&pool->cache[have], &pool->stack[pool->n_stacked],
                   move * sizeof *addrs);
            ovs_spin_unlock(&pool->lock);
            have += move;
        }
        n = MIN(n, have);
        have -= n;
        memcpy(addrs, &pool->cache[have], n * sizeof *addrs);
        atomic_store_relaxed(&pool->n_cached, have);
        cache_leave(pool);
    } else {
        ovs_spin_lock(&pool->lock);
        n = MIN(n, pool->n_stacked);
        pool->n_stacked -= n;
        memcpy(addrs, &pool->stack[pool->n_stacked], n * sizeof *addrs);
        ovs_spin_unlock(&pool->lock);
    }
    return n;
}

/* Gives the 'n' frames whose addresses are in 'addrs' back to 'pool'.  If
 * the pool was released and these were the last frames out, frees it.
 * Takes no lock when called by the owner and its cache has room. */
void
umem_pool_put(struct umem_pool *pool, const uint64_t addrs[], uint32_t n)
{
    if (OVS_LIKELY(n <= UMEM_POOL_CACHE_MOVE && cache_enter(pool))) {
        uint32_t have = cache_count(pool);

        cache_hook(pool);
        if (have + n > UMEM_POOL_CACHE_SIZE) {
            ovs_spin_lock(&pool->lock);
            have -= UMEM_POOL_CACHE_MOVE;
            ovs_assert(pool->n_stacked + UMEM_POOL_CACHE_MOVE
                       <= pool->n_frames);
            memcpy(&pool->stack[pool->n_stacked], &pool->cache[have],
                   UMEM_POOL_CACHE_MOVE * sizeof *addrs);
            pool->n_stacked += UMEM_POOL_CACHE_MOVE;
            /* Before unlocking: another thread's count must not see the
             * moved frames in both places. */
            atomic_store_relaxed(&pool->n_cached, have);
            ovs_spin_unlock(&pool->lock);
        }
        memcpy(&pool->cache[have], addrs, n * sizeof *addrs);
        atomic_store_relaxed(&pool->n_cached, have + n);
        cache_leave(pool);
    } else {
        ovs_spin_lock(&pool->lock);
        ovs_assert(pool->n_stacked + cache_count(pool) + n <= pool->n_frames);
        memcpy(&pool->stack[pool->n_stacked], addrs, n * sizeof *addrs);
        pool->n_stacked += n;
        bool last = all_back(pool);
        ovs_spin_unlock(&pool->lock);

        if (last) {
            umem_pool_destroy__(pool);
        }
    }
}

/* Marks 'to' instead of 'from' the frames of shared 'pool' that are marked
 * 'from' (see umem_pool_to_kernel()), and returns how many there were.
 * With 'to' UMEM_FRAME_OUT, the kernel no longer has those frames (they
 * were a closed socket's): they go back in the pool. */
uint32_t
umem_pool_retag(struct umem_pool *pool, uint8_t from, uint8_t to)
{
    uint32_t n = 0;

    ovs_spin_lock(&pool->lock);
    for (uint32_t i = 0; i < pool->n_frames; i++) {
        uint8_t k;

        atomic_read_relaxed(&pool->kernel[i], &k);
        if (k == from) {
            atomic_store_relaxed(&pool->kernel[i], to);
            if (to == UMEM_FRAME_OUT) {
                pool->stack[pool->n_stacked++]
                    = (uint64_t) i << pool->frame_shift;
            }
            n++;
        }
    }
    ovs_assert(pool->n_stacked <= pool->n_frames);
    ovs_spin_unlock(&pool->lock);
    return n;
}

/* Returns the number of free frames in 'pool'.  Exact when the owner is
 * not running (or is the caller); otherwise a snapshot for statistics. */
uint32_t
umem_pool_n_free(struct umem_pool *pool)
{
    ovs_spin_lock(&pool->lock);
    uint32_t n = pool->n_stacked + cache_count(pool);
    ovs_spin_unlock(&pool->lock);
    return n;
}

/* Part of Open vSwitch's AF_XDP contract: dp_packet_delete() calls this for
 * a DPBUF_AFXDP packet 'p', on any thread, to give its frame back to its
 * pool. */
void
free_afxdp_buf(struct dp_packet *p)
{
    struct dp_packet_afxdp *xp = CONTAINER_OF(p, struct dp_packet_afxdp,
                                              packet);
    struct umem_pool *pool = xp->mpool;
    uint64_t addr = (uint64_t) (xp - pool->pkts) << pool->frame_shift;

    umem_pool_put(pool, &addr, 1);
}

/* Stores in '*n' the number of pools in existence, and in '*n_waiting' how
 * many of them were released and wait for frames still in packets. */
void
umem_pool_count(unsigned int *n, unsigned int *n_waiting)
{
    *n = atomic_count_get(&n_pools);
    *n_waiting = atomic_count_get(&n_pools_waiting);
}
