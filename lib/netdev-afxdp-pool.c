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
#include <sys/mman.h>

#include "coverage.h"
#include "dp-packet.h"
#include "netdev-afxdp.h"
#include "openvswitch/util.h"
#include "openvswitch/vlog.h"
#include "util.h"

VLOG_DEFINE_THIS_MODULE(netdev_afxdp_pool);

COVERAGE_DEFINE(afxdp_pool_deferred_free);

/* Frees 'pool' and its memory.  Every frame must be back. */
static void
umem_pool_destroy__(struct umem_pool *pool)
{
    munmap(pool->base, pool->size);
    free(pool->stack);
    free_cacheline(pool->pkts);
    ovs_spin_destroy(&pool->lock);
    free(pool);
}

/* Creates a pool of 'n_frames' frames of 'frame_size' bytes each, all free.
 * 'frame_size' must be a power of 2 of at least 2048 bytes, as the kernel
 * requires of an aligned umem.  The memory is page-aligned, zeroed and not
 * yet registered with the kernel.  Returns NULL if the memory cannot be
 * had. */
struct umem_pool *
umem_pool_create(uint32_t n_frames, uint32_t frame_size)
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

    struct umem_pool *pool = xzalloc(sizeof *pool);
    ovs_spin_init(&pool->lock);
    pool->n_frames = n_frames;
    pool->frame_shift = log_2_floor(frame_size);
    pool->base = base;
    pool->size = size;
    pool->stack = xmalloc(n_frames * sizeof *pool->stack);
    pool->pkts = xzalloc_cacheline(n_frames * sizeof *pool->pkts);

    /* Push in reverse, so that the first frames come out first: the kernel
     * then touches the umem from its start, which is easier to debug. */
    for (uint32_t i = 0; i < n_frames; i++) {
        pool->stack[i] = (uint64_t) (n_frames - 1 - i) << pool->frame_shift;
        pool->pkts[i].mpool = pool;
    }
    pool->n_free = n_frames;
    return pool;
}

/* The owner of 'pool' gives it up: its socket is closed, so the
 * 'n_kernel_held' frames that the kernel still had will never come back.
 * The pool is freed now if every other frame is free, otherwise as soon as
 * free_afxdp_buf() has taken back the last frame that a dp_packet holds.
 * Accepts NULL. */
void
umem_pool_release(struct umem_pool *pool, uint32_t n_kernel_held)
{
    if (!pool) {
        return;
    }

    ovs_spin_lock(&pool->lock);
    pool->released = true;
    pool->n_lost = n_kernel_held;
    bool all_back = pool->n_free + pool->n_lost >= pool->n_frames;
    ovs_spin_unlock(&pool->lock);

    if (all_back) {
        umem_pool_destroy__(pool);
    } else {
        COVERAGE_INC(afxdp_pool_deferred_free);
        VLOG_DBG("umem of %"PRIu32" frames freed when %"PRIu32" frames "
                 "still in packets come back", pool->n_frames,
                 pool->n_frames - pool->n_free - pool->n_lost);
    }
}

/* Takes up to 'n' free frames out of 'pool', storing their addresses in
 * 'addrs'.  Returns how many it took: fewer than 'n' when the pool runs
 * low. */
uint32_t
umem_pool_get(struct umem_pool *pool, uint64_t addrs[], uint32_t n)
{
    ovs_spin_lock(&pool->lock);
    n = MIN(n, pool->n_free);
    pool->n_free -= n;
    memcpy(addrs, &pool->stack[pool->n_free], n * sizeof *addrs);
    ovs_spin_unlock(&pool->lock);
    return n;
}

/* Gives the 'n' frames whose addresses are in 'addrs' back to 'pool', which
 * must not be released. */
void
umem_pool_put(struct umem_pool *pool, const uint64_t addrs[], uint32_t n)
{
    ovs_spin_lock(&pool->lock);
    ovs_assert(pool->n_free + n <= pool->n_frames);
    memcpy(&pool->stack[pool->n_free], addrs, n * sizeof *addrs);
    pool->n_free += n;
    ovs_spin_unlock(&pool->lock);
}

/* Returns the number of free frames in 'pool'. */
uint32_t
umem_pool_n_free(struct umem_pool *pool)
{
    ovs_spin_lock(&pool->lock);
    uint32_t n = pool->n_free;
    ovs_spin_unlock(&pool->lock);
    return n;
}

/* Part of OVS's AF_XDP contract: dp_packet_delete() calls this for a
 * DPBUF_AFXDP packet 'p', on any thread, to give its frame back to its
 * pool. */
void
free_afxdp_buf(struct dp_packet *p)
{
    struct dp_packet_afxdp *xp = CONTAINER_OF(p, struct dp_packet_afxdp,
                                              packet);
    struct umem_pool *pool = xp->mpool;
    uint64_t addr = (uint64_t) (xp - pool->pkts) << pool->frame_shift;

    ovs_spin_lock(&pool->lock);
    ovs_assert(pool->n_free < pool->n_frames);
    pool->stack[pool->n_free++] = addr;
    bool last = pool->released
                && pool->n_free + pool->n_lost >= pool->n_frames;
    ovs_spin_unlock(&pool->lock);

    if (last) {
        umem_pool_destroy__(pool);
    }
}
