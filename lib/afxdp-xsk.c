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

#include "afxdp-xsk-private.h"

#include <errno.h>
#include <net/if.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>

#include "afxdp-csum.h"
#include "afxdp-csum-rx.h"
#include "afxdp-ovs-compat.h"
#include "afxdp-rx-meta.h"
#include "afxdp-shared-umem.h"
#include "coverage.h"
#include "dp-packet.h"
#include "dpif-netdev.h"
#include "netdev-afxdp-pool.h"
#include "netdev-provider.h"
#include "openvswitch/dynamic-string.h"
#include "openvswitch/vlog.h"
#include "timeval.h"
#include "util.h"

VLOG_DEFINE_THIS_MODULE(afxdp_xsk);


COVERAGE_DEFINE(afxdp_rx_invalid_desc);
COVERAGE_DEFINE(afxdp_rx_runt);
COVERAGE_DEFINE(afxdp_tx_invalid_completion);
COVERAGE_DEFINE(afxdp_tx_kick_error);
COVERAGE_DEFINE(afxdp_tx_device_down);
COVERAGE_DEFINE(afxdp_fill_ring_starved);
COVERAGE_DEFINE(afxdp_rx_multi_buffer);
COVERAGE_DEFINE(afxdp_tx_multi_buffer);
COVERAGE_DEFINE(afxdp_rx_csum_completed);
COVERAGE_DEFINE(afxdp_rx_csum_bad);

/* The fill ring is topped up when at least this many slots are free, with
 * at most AFXDP_REFILL_MAX frames at a time. */
#define AFXDP_REFILL_MIN NETDEV_MAX_BURST
#define AFXDP_REFILL_MAX (2 * NETDEV_MAX_BURST)

/* In copy mode the kernel transmits a bounded number of descriptors per
 * sendto(); a batch that is left in the tx ring would wait for the next
 * batch, so the transmit path kicks again, at most this many times, until
 * the ring is empty. */
#define AFXDP_MAX_TX_KICKS 8

/* Where a transmitted packet starts in its frame: as far in as the kernel
 * puts received ones, so that a frame's first XDP_PACKET_HEADROOM bytes
 * only ever hold what the XDP program put there (lib/afxdp-rx-meta.h). */
#define AFXDP_TX_OFFSET XDP_PACKET_HEADROOM

/* Most frames that one transmitted batch takes: a batch of jumbo packets
 * needs several per packet; the rest are dropped and counted. */
#define AFXDP_MAX_TX_FRAMES (4 * NETDEV_MAX_BURST)

/* How long a closing shared-umem member waits for the kernel to complete
 * what it had to send (afxdp_xsk_drain_tx()).  A copy-mode transmit
 * completes as its skb is freed: at once on veth and at the NIC's next
 * transmit interrupt elsewhere, unless the queue stalled. */
#define AFXDP_TX_DRAIN_MSEC 100

static struct vlog_rate_limit rl = VLOG_RATE_LIMIT_INIT(5, 20);

/* Adds 'n' to counter 'c', which only the calling thread writes: a plain
 * load and store, no locked instruction on the fast path. */
static inline void
xsk_counter_add(atomic_uint64_t *c, uint64_t n)
{
    uint64_t v;

    atomic_read_relaxed(c, &v);
    atomic_store_relaxed(c, v + n);
}

/* Moves free frames from the pool into the fill ring of 's' if it has room
 * for at least AFXDP_REFILL_MIN of them.  Returns the number moved. */
static uint32_t
afxdp_xsk_refill(struct xsk_socket_info *s)
{
    uint64_t addrs[AFXDP_REFILL_MAX];
    uint32_t idx = 0;

    uint32_t room = xsk_prod_nb_free(&s->fq, AFXDP_REFILL_MIN);
    if (room < AFXDP_REFILL_MIN) {
        return 0;
    }

    uint32_t n = umem_pool_get(s->pool, addrs, MIN(room, AFXDP_REFILL_MAX));
    if (!n) {
        COVERAGE_INC(afxdp_fill_ring_starved);
        xsk_counter_add(&s->stats.fill_empty, 1);
        return 0;
    }

    xsk_ring_prod__reserve(&s->fq, n, &idx);
    for (uint32_t i = 0; i < n; i++) {
        *xsk_ring_prod__fill_addr(&s->fq, idx + i) = addrs[i];
        umem_pool_to_kernel(s->pool, addrs[i], UMEM_FRAME_FILL | s->tag);
    }
    xsk_ring_prod__submit(&s->fq, n);
    xsk_held_add(&s->fq_held, n);
    return n;
}

/* Takes the frames that the kernel has finished transmitting off the
 * completion ring of 's' and gives them back to the pool.  Reads at most a
 * ring's worth of completions, all that a well-behaved kernel can have
 * posted. */
static void
afxdp_xsk_reclaim(struct xsk_socket_info *s)
{
    uint64_t mask = ~(uint64_t) (umem_pool_frame_size(s->pool) - 1);
    uint64_t addrs[AFXDP_REFILL_MAX];
    uint32_t idx, n;
    bool unread;

    atomic_read_relaxed(&s->cq_unread, &unread);
    if (OVS_UNLIKELY(unread)) {
        return;
    }
    for (uint32_t done = 0; done < s->cq.size; done += n) {
        uint32_t n_valid = 0;

        n = xsk_ring_cons__peek(&s->cq, AFXDP_REFILL_MAX, &idx);
        if (!n) {
            break;
        }

        /* Only a frame that is in the tx or completion ring can come back:
         * an address outside the umem, or of a frame that the kernel was
         * not given to send (or already completed), would put a frame in
         * the pool twice. */
        for (uint32_t i = 0; i < n; i++) {
            uint64_t addr = *xsk_ring_cons__comp_addr(&s->cq, idx + i);

            if (OVS_LIKELY(addr < s->pool->size
                           && umem_pool_from_kernel(s->pool, addr & mask,
                                                    UMEM_FRAME_TX
                                                    | s->tag))) {
                addrs[n_valid++] = addr & mask;
            }
        }
        if (OVS_UNLIKELY(n_valid < n)) {
            COVERAGE_INC(afxdp_tx_invalid_completion);
            xsk_counter_add(&s->stats.tx_invalid_completions, n - n_valid);
        }
        xsk_ring_cons__release(&s->cq, n);
        umem_pool_put(s->pool, addrs, n_valid);
        xsk_held_add(&s->tx_held, -(int32_t) n_valid);
    }
}

/* Sets the socket options of busy polling on 's', as 'params' say: the
 * queue's NAPI then runs from recvfrom() and sendto() on the polling thread
 * (SO_PREFER_BUSY_POLL keeps interrupts from running it too, with the
 * device's napi_defer_hard_irqs and gro_flush_timeout set).  Returns 0 or
 * a positive errno value. */
static int
afxdp_xsk_set_busy_poll(struct xsk_socket_info *s,
                        const struct afxdp_xsk_params *params)
{
    int one = 1;
    int usecs = params->busy_poll_usecs;
    int budget = params->busy_poll_budget;

    if (setsockopt(s->fd, SOL_SOCKET, SO_PREFER_BUSY_POLL, &one, sizeof one)
        || setsockopt(s->fd, SOL_SOCKET, SO_BUSY_POLL, &usecs, sizeof usecs)
        || setsockopt(s->fd, SOL_SOCKET, SO_BUSY_POLL_BUDGET,
                      &budget, sizeof budget)) {
        return errno;
    }
    s->busy_poll = true;
    s->busy_poll_budget = budget;
    return 0;
}

/* Creates the umem of socket 's', its own or (with 'params->shared_umem')
 * the shared one, as 'params' say.  Returns 0, or a positive errno value
 * with a message in '*errp'. */
static int
afxdp_xsk_create_umem(struct xsk_socket_info *s, const char *ifname,
                      const struct afxdp_xsk_params *params, char **errp)
{
    int error;

    if (params->shared_umem) {
        s->shared = afxdp_shared_umem_join(params->frame_size,
                                           params->ring_size, s, &s->tag,
                                           errp);
        if (!s->shared) {
            char *why = *errp;

            *errp = xasprintf("%s: queue %"PRIu32": cannot share the "
                              "umem: %s", ifname, s->queue_id, why);
            free(why);
            return EINVAL;
        }
        s->pool = afxdp_shared_umem_pool(s->shared);
        /* A sharer is bound as the anchor is. */
        s->multi_buffer = afxdp_shared_umem_multi_buffer(s->shared);
        s->need_wakeup = true;
        return 0;
    }

    s->pool = umem_pool_create(params->n_frames, params->frame_size, false);
    if (!s->pool) {
        *errp = xasprintf("%s: queue %"PRIu32": cannot allocate a umem of "
                          "%"PRIu32" frames", ifname, s->queue_id,
                          params->n_frames);
        return ENOMEM;
    }

    error = afxdp_xsk_umem_register(s->pool, params->frame_size,
                                    params->ring_size, &s->umem, &s->fq,
                                    &s->cq);
    if (error) {
        char *why = afxdp_xsk_umem_error(error, s->pool->size);

        *errp = xasprintf("%s: queue %"PRIu32": cannot register umem: %s",
                          ifname, s->queue_id, why);
        free(why);
    }
    return error;
}

char *
afxdp_xsk_umem_error__(int error, size_t size, uint64_t memlock)
{
    if (error != ENOBUFS) {
        return xstrdup(ovs_strerror(error));
    }

    struct ds ds = DS_EMPTY_INITIALIZER;

    ds_put_format(&ds, "%s: the kernel charges its %"PRIuSIZE" MiB to the "
                  "locked memory of the daemon's user, over ",
                  ovs_strerror(error), size >> 20);
    if (memlock == RLIM_INFINITY) {
        ds_put_cstr(&ds, "its limit");
    } else {
        ds_put_format(&ds, "its limit (RLIMIT_MEMLOCK %"PRIu64" KiB)",
                      memlock >> 10);
    }
    ds_put_cstr(&ds, " with the umems it has already, and the daemon lacks "
                "CAP_IPC_LOCK: run it with CAP_IPC_LOCK (as root), raise "
                "the limit (LimitMEMLOCK= in its service unit, ulimit -l) "
                "or lower options:umem-frames");
    return ds_steal_cstr(&ds);
}

char *
afxdp_xsk_umem_error(int error, size_t size)
{
    struct rlimit memlock;

    return afxdp_xsk_umem_error__(error, size,
                                  (getrlimit(RLIMIT_MEMLOCK, &memlock)
                                   ? RLIM_INFINITY : memlock.rlim_cur));
}

int
afxdp_xsk_umem_register(struct umem_pool *pool, uint32_t frame_size,
                        uint32_t ring_size, struct xsk_umem **umemp,
                        struct xsk_ring_prod *fq, struct xsk_ring_cons *cq)
{
    struct xsk_umem_config ucfg = {
        .fill_size = ring_size,
        .comp_size = ring_size,
        .frame_size = frame_size,
        .frame_headroom = 0,
        .flags = 0,
    };
    int error = -xsk_umem__create(umemp, pool->base, pool->size, fq, cq,
                                  &ucfg);
    if (error) {
        *umemp = NULL;
    }
    return error;
}

/* Creates an AF_XDP socket bound to queue 'queue_id' of 'ifname', with its
 * own umem or the shared one, as 'params' say, and fills its fill ring.
 * The caller must have an XDP program on the device that redirects to the
 * socket (see lib/afxdp-xdp-prog.h); libxdp is told not to load its own.
 * On success stores the socket in '*xskp' and returns 0, otherwise returns
 * a positive errno value, with a message in '*errp' (for the caller to
 * free) where there is more to say than the errno value. */
int
afxdp_xsk_create(const char *ifname, uint32_t queue_id,
                 const struct afxdp_xsk_params *params,
                 struct xsk_socket_info **xskp, char **errp)
{
    struct xsk_socket_info *s = xzalloc_cacheline(sizeof *s);
    int error;

    *xskp = NULL;
    *errp = NULL;
    s->queue_id = queue_id;
    s->ifindex = if_nametoindex(ifname);
    s->zero_copy = params->zero_copy;
    s->need_wakeup = params->need_wakeup;
    s->rx_meta = params->rx_meta;
    s->rx_csum = params->rx_csum;
    s->multi_buffer = params->multi_buffer;
    s->fd = -1;
    atomic_init(&s->keeping_rx, false);
    atomic_init(&s->cq_unread, false);
    ovs_mutex_init(&s->kept_mutex);

    error = afxdp_xsk_create_umem(s, ifname, params, errp);
    if (error) {
        VLOG_INFO("%s", *errp);
        goto error;
    }

    struct xsk_socket_config scfg = {
        .rx_size = params->ring_size,
        .tx_size = params->ring_size,
        .libxdp_flags = XSK_LIBXDP_FLAGS__INHIBIT_PROG_LOAD,
        .bind_flags = ((params->zero_copy ? XDP_ZEROCOPY : XDP_COPY)
                       | (params->need_wakeup ? XDP_USE_NEED_WAKEUP : 0)
                       | (params->multi_buffer ? XDP_USE_SG : 0)),
    };
    /* libxdp copies IFNAMSIZ - 1 bytes of the name, whatever its length:
     * give it a buffer that long. */
    char name[IFNAMSIZ];
    ovs_strzcpy(name, ifname, sizeof name);
    if (s->shared) {
        /* libxdp binds it with XDP_SHARED_UMEM to the anchor, and gives it
         * fill and completion rings of its own. */
        scfg.bind_flags = 0;
        error = -xsk_socket__create_shared(
            &s->xsk, name, queue_id, afxdp_shared_umem_xsk_umem(s->shared),
            &s->rx, &s->tx, &s->fq, &s->cq, &scfg);
    } else {
        error = -xsk_socket__create(&s->xsk, name, queue_id, s->umem,
                                    &s->rx, &s->tx, &scfg);
    }
    if ((error == EINVAL || error == EOPNOTSUPP) && s->multi_buffer
        && !s->shared) {
        /* A kernel before 6.6, or a zero-copy driver without multi-buffer
         * support: one frame per packet.  The caller checks the MTU. */
        VLOG_DBG("%s: queue %"PRIu32": no multi-buffer AF_XDP (%s), "
                 "binding without it", ifname, queue_id,
                 ovs_strerror(error));
        s->multi_buffer = false;
        scfg.bind_flags &= ~XDP_USE_SG;
        error = -xsk_socket__create(&s->xsk, name, queue_id, s->umem,
                                    &s->rx, &s->tx, &scfg);
    }
    if (!error && !s->fq.ring) {
        /* libxdp reused the rings of another socket of the same device and
         * queue (lo's, the anchor's): not a socket of ours to run. */
        *errp = xasprintf("%s: queue %"PRIu32": no fill ring of its own",
                          ifname, queue_id);
        error = EINVAL;
    }
    if (error) {
        /* Expected while best-effort mode probes: the caller logs. */
        VLOG_DBG("%s: queue %"PRIu32": cannot create %s AF_XDP socket: %s",
                 ifname, queue_id, s->zero_copy ? "zero-copy" : "copy-mode",
                 ovs_strerror(error));
        s->xsk = NULL;
        goto error;
    }
    s->fd = xsk_socket__fd(s->xsk);

    if (params->busy_poll_usecs) {
        error = afxdp_xsk_set_busy_poll(s, params);
        if (error) {
            VLOG_WARN("%s: queue %"PRIu32": cannot set up busy polling "
                      "(Linux 5.11 or later is needed): %s",
                      ifname, queue_id, ovs_strerror(error));
            goto error;
        }
    }

    /* Give the kernel frames to receive into: a full fill ring, but never
     * more than half of the frames, so that transmission always has
     * some. */
    uint32_t target = MIN(s->fq.size, params->n_frames / 2);
    while (xsk_held(&s->fq_held) < target && afxdp_xsk_refill(s)) {
        continue;
    }

    /* Bound: whatever socket had this queue before is gone for good, and
     * with it every packet it had the kernel send. */
    afxdp_shared_umem_queue_bound(s->ifindex, queue_id);
    *xskp = s;
    return 0;

error:
    afxdp_xsk_destroy(s);
    return error;
}

/* Before shared-umem member 's' closes: gives the kernel up to
 * AFXDP_TX_DRAIN_MSEC to finish what it has to send, kicking the tx ring,
 * so that those frames come back through the completion ring rather than
 * wait, unaccounted, for the queue to be bound again (see
 * lib/afxdp-shared-umem.h). */
static void
afxdp_xsk_drain_tx(struct xsk_socket_info *s)
{
    long long int deadline = time_msec() + AFXDP_TX_DRAIN_MSEC;

    for (;;) {
        afxdp_xsk_reclaim(s);
        if (!xsk_held(&s->tx_held) || time_msec() >= deadline) {
            break;
        }
        if (xsk_ring_prod__needs_wakeup(&s->tx) || !s->need_wakeup) {
            sendto(s->fd, NULL, 0, MSG_DONTWAIT, NULL, 0);
        }
        xnanosleep(1000 * 1000);
    }
}

/* Closes socket 's' and releases its umem: the frames that dp_packets still
 * hold stay valid until they are freed.  Accepts NULL.  No other thread may
 * use 's' any more. */
void
afxdp_xsk_destroy(struct xsk_socket_info *s)
{
    if (!s) {
        return;
    }
    afxdp_xsk_fault_keep_rx(s, false);
    ovs_mutex_destroy(&s->kept_mutex);
    if (s->xsk && s->shared) {
        afxdp_xsk_drain_tx(s);
    }
    if (s->xsk) {
        xsk_socket__delete(s->xsk);
    }
    if (s->shared) {
        /* Closed: the frames that the kernel had from it come back. */
        afxdp_shared_umem_leave(s->shared, s->tag, s->ifindex, s->queue_id);
    } else {
        if (s->umem) {
            xsk_umem__delete(s->umem);
        }
        umem_pool_release(s->pool,
                          xsk_held(&s->fq_held) + xsk_held(&s->tx_held));
    }
    free_cacheline(s);
}

/* Fault injection: keeps the packets of 'batch' in 's' instead of handing
 * them on, and empties 'batch'. */
static void
xsk_fault_keep_batch(struct xsk_socket_info *s, struct dp_packet_batch *batch)
{
    size_t n = dp_packet_batch_size(batch);

    if (!n) {
        /* Nothing to keep ('kept' may still be NULL). */
        return;
    }
    ovs_mutex_lock(&s->kept_mutex);
    if (s->n_kept + n > s->allocated_kept) {
        s->kept = x2nrealloc(s->kept, &s->allocated_kept, sizeof *s->kept);
        if (s->n_kept + n > s->allocated_kept) {
            s->allocated_kept = s->n_kept + n;
            s->kept = xrealloc(s->kept, s->allocated_kept * sizeof *s->kept);
        }
    }
    memcpy(&s->kept[s->n_kept], batch->packets, n * sizeof *s->kept);
    s->n_kept += n;
    ovs_mutex_unlock(&s->kept_mutex);
    afxdp_batch_clear(batch);
}

/* Reads the struct afxdp_rx_meta that the XDP program put before the
 * packet at umem address 'addr' ('offset' bytes into its frame), and gives
 * 'packet' the device's RX hash if it has one, so that dpif-netdev does
 * not compute its own.  Returns true if it did. */
static inline bool
afxdp_xsk_rx_meta(struct umem_pool *pool, uint64_t addr, uint64_t offset,
                  struct dp_packet *packet)
{
    struct afxdp_rx_meta *meta;

    if (OVS_UNLIKELY(offset < sizeof *meta)) {
        return false;
    }
    meta = ALIGNED_CAST(struct afxdp_rx_meta *,
                        pool->base + addr - sizeof *meta);
    if (meta->magic != AFXDP_RX_META_MAGIC) {
        return false;
    }
    /* See lib/afxdp-rx-meta.h for why. */
    meta->magic = 0;
    if (!(meta->flags & AFXDP_RX_META_HASH)) {
        return false;
    }
    dp_packet_set_rss_hash(packet, meta->hash);
    return true;
}

/* Completes a partial checksum of the 'len'-byte frame at 'data' received
 * by 's' (lib/afxdp-csum-rx.h), counting what it finds. */
static inline void
afxdp_xsk_rx_fix_csum(struct xsk_socket_info *s, void *data, size_t len)
{
    switch (afxdp_csum_rx_fix(data, len)) {
    case AFXDP_CSUM_RX_NONE:
        break;
    case AFXDP_CSUM_RX_COMPLETED:
        COVERAGE_INC(afxdp_rx_csum_completed);
        xsk_counter_add(&s->stats.rx_csum_completed, 1);
        break;
    case AFXDP_CSUM_RX_BAD:
        COVERAGE_INC(afxdp_rx_csum_bad);
        xsk_counter_add(&s->stats.rx_csum_bad, 1);
        break;
    }
}

/* Returns how many of the 'n' descriptors peeked at 'idx' in the rx ring of
 * 's' make whole packets: a batch may end inside a packet of several
 * frames, whose descriptors then wait for the next call.  A full batch
 * with no packet end at all is returned whole, for the caller to drop. */
static uint32_t
afxdp_xsk_rx_whole(const struct xsk_socket_info *s, uint32_t idx,
                   uint32_t n)
{
    for (uint32_t i = n; i > 0; i--) {
        const struct xdp_desc *d = xsk_ring_cons__rx_desc(&s->rx,
                                                          idx + i - 1);
        if (!(d->options & XDP_PKT_CONTD)) {
            return i;
        }
    }
    return n < NETDEV_MAX_BURST ? 0 : n;
}

/* Takes back from the kernel the frame of rx descriptor 'desc' of 's':
 * returns its frame's address in '*framep', or false if the descriptor is
 * not to be trusted: outside the umem, or naming a frame that the kernel
 * did not have from the fill ring (a frame we hold, or one it already gave
 * back), which then stays the kernel's. */
static inline bool
afxdp_xsk_rx_take(struct xsk_socket_info *s, const struct xdp_desc *desc,
                  uint64_t *framep)
{
    struct umem_pool *pool = s->pool;
    uint64_t frame = desc->addr & ~(uint64_t) (umem_pool_frame_size(pool)
                                               - 1);

    if (OVS_UNLIKELY(desc->addr >= pool->size
                     || !umem_pool_from_kernel(pool, frame,
                                               UMEM_FRAME_FILL | s->tag))) {
        COVERAGE_INC(afxdp_rx_invalid_desc);
        xsk_counter_add(&s->stats.rx_invalid, 1);
        return false;
    }
    xsk_held_add(&s->fq_held, -1);
    *framep = frame;
    return true;
}

/* Receives the packet of several frames whose descriptors start at 'first'
 * (of the 'end' peeked at 'idx') in the rx ring of 's': copies it into one
 * new dp_packet, added to 'batch', and gives the frames back to the pool.
 * Adds its length to '*bytes' and 1 to '*n_hash' if it came with the RX
 * hash.  Returns the index of its last descriptor. */
static uint32_t
afxdp_xsk_rx_multi(struct xsk_socket_info *s, uint32_t idx, uint32_t first,
                   uint32_t end, struct dp_packet_batch *batch,
                   uint64_t *bytes, uint32_t *n_hash)
{
    struct umem_pool *pool = s->pool;
    uint32_t frame_size = umem_pool_frame_size(pool);
    uint64_t frames[NETDEV_MAX_BURST];
    uint32_t n_frames = 0;
    uint32_t last = first;
    size_t total = 0;
    bool ok;

    while (last + 1 < end
           && xsk_ring_cons__rx_desc(&s->rx, idx + last)->options
              & XDP_PKT_CONTD) {
        last++;
    }
    ok = !(xsk_ring_cons__rx_desc(&s->rx, idx + last)->options
           & XDP_PKT_CONTD);
    if (!ok) {
        /* A packet longer than a batch, which no kernel sends: the rest of
         * it, in the next batch, is dropped too. */
        s->rx_skip = true;
    }

    for (uint32_t i = first; i <= last; i++) {
        const struct xdp_desc *d = xsk_ring_cons__rx_desc(&s->rx, idx + i);

        if (afxdp_xsk_rx_take(s, d, &frames[n_frames])) {
            n_frames++;
            ok = ok && (d->addr & (frame_size - 1)) + d->len <= frame_size;
            total += d->len;
        } else {
            ok = false;
        }
    }

    if (OVS_LIKELY(ok && total >= ETH_HEADER_LEN)) {
        const struct xdp_desc *d = xsk_ring_cons__rx_desc(&s->rx,
                                                          idx + first);
        struct dp_packet *packet
            = dp_packet_new_with_headroom(total, DP_NETDEV_HEADROOM);

        for (uint32_t i = first; i <= last; i++) {
            const struct xdp_desc *di = xsk_ring_cons__rx_desc(&s->rx,
                                                               idx + i);
            memcpy(dp_packet_put_uninit(packet, di->len),
                   pool->base + di->addr, di->len);
        }
        if (s->rx_csum) {
            afxdp_xsk_rx_fix_csum(s, dp_packet_data(packet),
                                  dp_packet_size(packet));
        }
        if (s->rx_meta) {
            *n_hash += afxdp_xsk_rx_meta(pool, d->addr,
                                         d->addr & (frame_size - 1),
                                         packet);
        }
        dp_packet_batch_add(batch, packet);
        *bytes += total;
        COVERAGE_INC(afxdp_rx_multi_buffer);
        xsk_counter_add(&s->stats.rx_multi, 1);
    } else if (n_frames == last - first + 1) {
        /* Well-formed descriptors, but a runt or a frame overrun. */
        COVERAGE_INC(afxdp_rx_invalid_desc);
        xsk_counter_add(&s->stats.rx_invalid, 1);
    }
    umem_pool_put(pool, frames, n_frames);
    return last;
}

/* Receives up to NETDEV_MAX_BURST packets from 's' into 'batch', without
 * copying: each packet is the umem frame the kernel wrote it in, returned to
 * the pool when the packet is deleted.  A packet of several frames (jumbo,
 * with multi-buffer) is the exception: it is copied into one dp_packet.
 * Tops up the fill ring first, and wakes the kernel only when it asks for it
 * (need_wakeup).  Stores in '*qfill', if nonnull, how many packets are still
 * waiting.  Returns 0, or EAGAIN if there is nothing to receive. */
int
afxdp_xsk_recv(struct xsk_socket_info *s, struct dp_packet_batch *batch,
               int *qfill)
{
    struct umem_pool *pool = s->pool;
    uint32_t frame_size = umem_pool_frame_size(pool);
    uint64_t bytes = 0;
    uint32_t n_hash = 0;
    uint32_t idx;

    umem_pool_claim(pool);
    afxdp_xsk_refill(s);

    uint32_t n = xsk_ring_cons__peek(&s->rx,
                                     MIN(NETDEV_MAX_BURST,
                                         xsk_held(&s->fq_held)),
                                     &idx);
    if (!n) {
        if (s->busy_poll
            || (s->need_wakeup && xsk_ring_prod__needs_wakeup(&s->fq))) {
            xsk_counter_add(&s->stats.rx_wakeups, 1);
            recvfrom(s->fd, NULL, 0, MSG_DONTWAIT, NULL, NULL);
        }
        return EAGAIN;
    }
    uint32_t end = s->multi_buffer ? afxdp_xsk_rx_whole(s, idx, n) : n;

    afxdp_batch_clear(batch);
    for (uint32_t i = 0; i < end; i++) {
        const struct xdp_desc *desc = xsk_ring_cons__rx_desc(&s->rx, idx + i);
        uint64_t addr = desc->addr;
        uint64_t offset = addr & (frame_size - 1);
        uint32_t len = desc->len;
        uint64_t frame;

        if (OVS_UNLIKELY(s->rx_skip)) {
            if (afxdp_xsk_rx_take(s, desc, &frame)) {
                umem_pool_put(pool, &frame, 1);
            }
            COVERAGE_INC(afxdp_rx_invalid_desc);
            xsk_counter_add(&s->stats.rx_invalid, 1);
            s->rx_skip = (desc->options & XDP_PKT_CONTD) != 0;
            continue;
        }
        if (OVS_UNLIKELY(s->multi_buffer
                         && desc->options & XDP_PKT_CONTD)) {
            i = afxdp_xsk_rx_multi(s, idx, i, end, batch, &bytes, &n_hash);
            continue;
        }
        if (OVS_UNLIKELY(!afxdp_xsk_rx_take(s, desc, &frame))) {
            continue;
        }

        if (OVS_UNLIKELY(offset + len > frame_size
                         || len < ETH_HEADER_LEN)) {
            /* Nor one past its frame; a runt, too short for an Ethernet
             * header, is no packet.  The frame goes back to the pool. */
            if (len < ETH_HEADER_LEN && offset + len <= frame_size) {
                COVERAGE_INC(afxdp_rx_runt);
                xsk_counter_add(&s->stats.rx_runts, 1);
            } else {
                COVERAGE_INC(afxdp_rx_invalid_desc);
                xsk_counter_add(&s->stats.rx_invalid, 1);
            }
            umem_pool_put(pool, &frame, 1);
            continue;
        }

        struct dp_packet *packet = &umem_pool_packet(pool, addr)->packet;
        dp_packet_use_afxdp(packet, pool->base + addr, frame_size, offset);
        dp_packet_set_size(packet, len);
        if (s->rx_csum) {
            afxdp_xsk_rx_fix_csum(s, pool->base + addr, len);
        }
        if (s->rx_meta) {
            n_hash += afxdp_xsk_rx_meta(pool, addr, offset, packet);
        }
        dp_packet_batch_add(batch, packet);
        bytes += len;
    }
    /* What is left of a packet that the batch cut goes back to the ring,
     * and the next peek reads the producer again: without that, libxdp
     * would serve the same incomplete tail from its cached view forever. */
    if (OVS_UNLIKELY(end < n)) {
        s->rx.cached_cons -= n - end;
        s->rx.cached_prod = s->rx.cached_cons;
    }
    xsk_ring_cons__release(&s->rx, end);

    xsk_counter_add(&s->stats.rx_packets, dp_packet_batch_size(batch));
    xsk_counter_add(&s->stats.rx_bytes, bytes);
    if (n_hash) {
        xsk_counter_add(&s->stats.rx_hash, n_hash);
    }
    if (qfill) {
        *qfill = xsk_cons_nb_avail(&s->rx, INT_MAX);
    }

    bool keeping_rx;
    atomic_read_relaxed(&s->keeping_rx, &keeping_rx);
    if (OVS_UNLIKELY(keeping_rx)) {
        xsk_fault_keep_batch(s, batch);
    }
    return dp_packet_batch_is_empty(batch) ? EAGAIN : 0;
}

/* Asks the kernel to transmit what is in the tx ring of 's', if it needs
 * asking.  In copy mode, asks again until the ring is empty or
 * AFXDP_MAX_TX_KICKS is reached. */
static void
afxdp_xsk_kick_tx(struct xsk_socket_info *s)
{
    if (s->need_wakeup && !xsk_ring_prod__needs_wakeup(&s->tx)) {
        return;
    }

    for (int i = 0; i < AFXDP_MAX_TX_KICKS; i++) {
        xsk_counter_add(&s->stats.tx_kicks, 1);
        if (sendto(s->fd, NULL, 0, MSG_DONTWAIT, NULL, 0) < 0
            && errno != EAGAIN && errno != EBUSY && errno != ENOBUFS
            && errno != EINTR) {
            if (errno == ENETDOWN || errno == ENXIO) {
                /* The device is down or gone: netdev-linux reports that;
                 * the frames come back through the completion ring or
                 * with the socket. */
                COVERAGE_INC(afxdp_tx_device_down);
            } else {
                COVERAGE_INC(afxdp_tx_kick_error);
                VLOG_WARN_RL(&rl, "queue %"PRIu32": AF_XDP transmit: %s",
                             s->queue_id, ovs_strerror(errno));
            }
            break;
        }
        if (s->zero_copy
            || __atomic_load_n(s->tx.consumer, __ATOMIC_ACQUIRE)
               == *s->tx.producer) {
            break;
        }
    }
}

/* Returns the number of frames that a packet of 'len' bytes takes on 's',
 * whose frames carry 'chunk' bytes each. */
static inline uint32_t
afxdp_xsk_tx_frames(const struct xsk_socket_info *s, uint32_t len,
                    uint32_t chunk)
{
    return len <= chunk || !s->multi_buffer ? 1 : DIV_ROUND_UP(len, chunk);
}

/* Returns the umem address of the data of 'packet' if 's' can send it as
 * it is, with no copy: it is a frame of the same (shared) umem, whole in
 * its frame.  Otherwise returns UINT64_MAX. */
static inline uint64_t
afxdp_xsk_tx_in_place(const struct xsk_socket_info *s,
                      const struct dp_packet *packet)
{
    const struct umem_pool *pool = s->pool;

    if (s->shared && packet->source == DPBUF_AFXDP
        && CONTAINER_OF(packet, struct dp_packet_afxdp, packet)->mpool
           == pool) {
        uint64_t addr = (const char *) dp_packet_data(packet) - pool->base;
        uint32_t frame_size = umem_pool_frame_size(pool);

        if (addr < pool->size
            && (addr & (frame_size - 1)) + dp_packet_size(packet)
               <= frame_size) {
            return addr;
        }
    }
    return UINT64_MAX;
}

/* Most packets that one pass of the transmit path takes: a batch of Open
 * vSwitch 4.0 and later may hold more than NETDEV_MAX_BURST, and is sent
 * AFXDP_TX_BURST at a time. */
#define AFXDP_TX_BURST NETDEV_MAX_BURST

/* One pass of the transmit path over up to AFXDP_TX_BURST packets: what
 * it took from the pool and the tx ring, and what it has used so far. */
struct xsk_tx_pass {
    uint64_t in_place[AFXDP_TX_BURST]; /* Per packet, its umem address if
                                        * it goes as it is, else
                                        * UINT64_MAX. */
    uint64_t frames[AFXDP_MAX_TX_FRAMES]; /* Taken from the pool, for
                                           * copies. */
    uint32_t n_frames;          /* Entries in 'frames'. */
    uint32_t n_slots;           /* Reserved tx ring slots, from 'idx'. */
    uint32_t idx;
    uint32_t used_frames;       /* Of 'frames', from the start. */
    uint32_t used_slots;        /* Of the slots, from 'idx'. */
    uint32_t sent;              /* Packets put in the ring. */
    uint32_t n_multi;           /* Of them, in several frames. */
    uint32_t n_zero_copy;       /* Of them, as they were (no copy). */
    uint64_t bytes;
};

/* What happened to one packet in a transmit pass. */
enum xsk_tx_result {
    XSK_TX_SENT,                /* In the tx ring. */
    XSK_TX_DROPPED,             /* A runt or too long: never sendable. */
    XSK_TX_NO_ROOM,             /* No frame or ring slot left. */
};

/* Starts a pass of 's' over 'packets[0..n-1]': decides which go as they
 * are and how many frames the others take, then takes what it can of
 * those frames from the pool and of the slots from the tx ring. */
static void
xsk_tx_pass_reserve(struct xsk_socket_info *s, struct dp_packet **packets,
                    uint32_t n, uint32_t chunk, struct xsk_tx_pass *p)
{
    uint32_t want_frames = 0, want_slots = 0;

    for (uint32_t i = 0; i < n; i++) {
        p->in_place[i] = afxdp_xsk_tx_in_place(s, packets[i]);
        if (p->in_place[i] != UINT64_MAX) {
            want_slots++;
        } else {
            uint32_t need = afxdp_xsk_tx_frames(s, dp_packet_size(packets[i]),
                                                chunk);
            want_frames += need;
            want_slots += need;
        }
    }
    p->n_frames = (want_frames
                   ? umem_pool_get(s->pool, p->frames,
                                   MIN(want_frames, AFXDP_MAX_TX_FRAMES))
                   : 0);
    p->n_slots = MIN(xsk_prod_nb_free(&s->tx, want_slots), want_slots);
    p->idx = 0;
    if (p->n_slots) {
        xsk_ring_prod__reserve(&s->tx, p->n_slots, &p->idx);
    }
    p->used_frames = p->used_slots = 0;
    p->sent = p->n_multi = p->n_zero_copy = 0;
    p->bytes = 0;
}

/* Puts 'packet', a whole frame of the umem of 's' at umem address 'addr',
 * in the tx ring as it is.  The frame is the kernel's from then on, until
 * it completes. */
static enum xsk_tx_result
xsk_tx_put_in_place(struct xsk_socket_info *s, struct xsk_tx_pass *p,
                    struct dp_packet *packet, uint64_t addr)
{
    uint64_t frame_mask = ~(uint64_t) (umem_pool_frame_size(s->pool) - 1);

    if (p->used_slots + 1 > p->n_slots) {
        return XSK_TX_NO_ROOM;
    }
    if (OVS_UNLIKELY(afxdp_csum_needed(packet))) {
        afxdp_csum_fill(packet);
    }
    struct xdp_desc *desc = xsk_ring_prod__tx_desc(&s->tx,
                                                   p->idx + p->used_slots);
    desc->addr = addr;
    desc->len = dp_packet_size(packet);
    desc->options = 0;
    umem_pool_to_kernel(s->pool, addr & frame_mask, UMEM_FRAME_TX | s->tag);
    p->used_slots++;
    p->n_zero_copy++;
    return XSK_TX_SENT;
}

/* Copies 'packet' into frames the pass took, one frame of 'chunk' bytes
 * after another (several only with multi-buffer), and puts them in the tx
 * ring. */
static enum xsk_tx_result
xsk_tx_put_copy(struct xsk_socket_info *s, struct xsk_tx_pass *p,
                struct dp_packet *packet, uint32_t chunk)
{
    uint32_t len = dp_packet_size(packet);
    uint32_t need = afxdp_xsk_tx_frames(s, len, chunk);

    if (p->used_slots + need > p->n_slots
        || p->used_frames + need > p->n_frames) {
        return XSK_TX_NO_ROOM;
    }
    if (OVS_UNLIKELY(need == 1 && len > chunk)) {
        return XSK_TX_DROPPED;      /* Too long without multi-buffer. */
    }
    if (OVS_UNLIKELY(afxdp_csum_needed(packet))) {
        afxdp_csum_fill(packet);
    }

    const char *data = dp_packet_data(packet);
    for (uint32_t k = 0; k < need; k++) {
        struct xdp_desc *desc = xsk_ring_prod__tx_desc(&s->tx,
                                                       p->idx + p->used_slots);
        uint64_t frame = p->frames[p->used_frames];
        uint32_t part = MIN(chunk, len - k * chunk);

        memcpy(s->pool->base + frame + AFXDP_TX_OFFSET,
               data + k * chunk, part);
        desc->addr = frame + AFXDP_TX_OFFSET;
        desc->len = part;
        desc->options = k + 1 < need ? XDP_PKT_CONTD : 0;
        umem_pool_to_kernel(s->pool, frame, UMEM_FRAME_TX | s->tag);
        p->used_slots++;
        p->used_frames++;
    }
    p->n_multi += need > 1;
    return XSK_TX_SENT;
}

/* Ends pass 'p' of 's': gives back the slots and frames it took but did not
 * use, hands the used slots to the kernel and counts. */
static void
xsk_tx_pass_finish(struct xsk_socket_info *s, struct xsk_tx_pass *p)
{
    s->tx.cached_prod -= p->n_slots - p->used_slots;
    if (p->n_frames > p->used_frames) {
        umem_pool_put(s->pool, p->frames + p->used_frames,
                      p->n_frames - p->used_frames);
    }
    if (p->used_slots) {
        xsk_ring_prod__submit(&s->tx, p->used_slots);
        xsk_held_add(&s->tx_held, p->used_slots);
        afxdp_xsk_kick_tx(s);
    }

    xsk_counter_add(&s->stats.tx_packets, p->sent);
    xsk_counter_add(&s->stats.tx_bytes, p->bytes);
    if (p->n_zero_copy) {
        xsk_counter_add(&s->stats.tx_zero_copy, p->n_zero_copy);
    }
    if (OVS_UNLIKELY(p->n_multi)) {
        COVERAGE_ADD(afxdp_tx_multi_buffer, p->n_multi);
        xsk_counter_add(&s->stats.tx_multi, p->n_multi);
    }
}

/* Sends 'packets[0..n-1]' (at most AFXDP_TX_BURST) on 's' in one pass.
 * Sets to NULL the entries whose frame went to the kernel as it was, which
 * the caller must then not delete.  Returns the number of packets sent. */
static uint32_t
xsk_tx_pass(struct xsk_socket_info *s, struct dp_packet **packets,
            uint32_t n)
{
    uint32_t chunk = umem_pool_frame_size(s->pool) - AFXDP_TX_OFFSET;
    struct xsk_tx_pass p;

    xsk_tx_pass_reserve(s, packets, n, chunk, &p);
    for (uint32_t i = 0; i < n; i++) {
        struct dp_packet *packet = packets[i];
        uint32_t len = dp_packet_size(packet);
        enum xsk_tx_result result;

        if (OVS_UNLIKELY(len < ETH_HEADER_LEN)) {
            /* A runt that is no Ethernet frame (and may have no data at
             * all to copy). */
            result = XSK_TX_DROPPED;
        } else if (p.in_place[i] != UINT64_MAX) {
            result = xsk_tx_put_in_place(s, &p, packet, p.in_place[i]);
            if (result == XSK_TX_SENT) {
                packets[i] = NULL;
            }
        } else {
            result = xsk_tx_put_copy(s, &p, packet, chunk);
        }

        if (result == XSK_TX_NO_ROOM) {
            break;
        } else if (result == XSK_TX_SENT) {
            p.sent++;
            p.bytes += len;
        }
    }
    xsk_tx_pass_finish(s, &p);
    return p.sent;
}

/* Transmits the packets of 'batch' on 's' and deletes them.  A packet that
 * is a frame of the same shared umem goes in the tx ring as it is (zero
 * copy); any other is copied into a frame of the umem (into several, with
 * multi-buffer, if it is longer than one frame holds).  Packets that find
 * no free frame or no room in the tx ring are dropped and counted, never
 * waited for. */
void
afxdp_xsk_send(struct xsk_socket_info *s, struct dp_packet_batch *batch)
{
    uint32_t n = dp_packet_batch_size(batch);
    uint32_t sent = 0;

    afxdp_xsk_reclaim(s);
    for (uint32_t i = 0; i < n; i += AFXDP_TX_BURST) {
        sent += xsk_tx_pass(s, &batch->packets[i],
                            MIN(n - i, AFXDP_TX_BURST));
    }
    if (n > sent) {
        xsk_counter_add(&s->stats.tx_dropped, n - sent);
    }
    dp_packet_delete_batch(batch, true);
}

/* Reads the kernel's XDP_STATISTICS for 's' into '*stats'; fields that the
 * kernel does not report are zero.  Returns 0 or a positive errno value. */
int
afxdp_xsk_get_xdp_stats(const struct xsk_socket_info *s,
                        struct xdp_statistics *stats)
{
    socklen_t len = sizeof *stats;

    memset(stats, 0, sizeof *stats);
    return getsockopt(s->fd, SOL_XDP, XDP_STATISTICS, stats, &len)
           ? errno : 0;
}

/* Returns the number of free frames in the umem of 's'. */
uint32_t
afxdp_xsk_frames_free(const struct xsk_socket_info *s)
{
    return umem_pool_n_free(s->pool);
}

/* Returns the number of frames of the umem of 's' that the kernel has: the
 * socket's own, or in a shared umem, those of every member (and of closed
 * members' tx rings, until they come back). */
uint32_t
afxdp_xsk_frames_in_kernel(const struct xsk_socket_info *s)
{
    return (s->shared ? afxdp_shared_umem_kernel_frames(s->shared)
            : afxdp_xsk_frames_held(s));
}

/* Returns the number of frames in the umem of 's'. */
uint32_t
afxdp_xsk_frames_total(const struct xsk_socket_info *s)
{
    return s->pool->n_frames;
}

/* Returns the number of frames that 's' itself has in its four rings (of a
 * shared umem, only its own). */
uint32_t
afxdp_xsk_frames_held(const struct xsk_socket_info *s)
{
    return xsk_held(&s->fq_held) + xsk_held(&s->tx_held);
}

/* Returns the counters of 's', to be read with afxdp_xsk_counter(). */
const struct afxdp_xsk_stats *
afxdp_xsk_stats(const struct xsk_socket_info *s)
{
    return &s->stats;
}

/* Returns the file descriptor of the socket of 's', for poll(). */
int
afxdp_xsk_fd(const struct xsk_socket_info *s)
{
    return s->fd;
}

/* Returns true if 's' was bound with XDP_USE_SG (packets of several
 * frames). */
bool
afxdp_xsk_multi_buffer(const struct xsk_socket_info *s)
{
    return s->multi_buffer;
}

/* Returns true if 's' completes partial checksums on receive. */
bool
afxdp_xsk_completes_csum(const struct xsk_socket_info *s)
{
    return s->rx_csum;
}

/* Returns true if 's' is a member of the process's shared umem. */
bool
afxdp_xsk_is_shared(const struct xsk_socket_info *s)
{
    return s->shared != NULL;
}


/* Number of entries in ring 'r' between the consumer and the producer, from
 * the shared indexes (a snapshot when another thread uses the ring). */
static uint32_t
ring_used(const uint32_t *producer, const uint32_t *consumer)
{
    return __atomic_load_n(producer, __ATOMIC_ACQUIRE)
           - __atomic_load_n(consumer, __ATOMIC_ACQUIRE);
}

/* Appends to 'ds' one line on socket 's' for netdev-afxdp/show: its rings'
 * sizes and occupancy, where its frames are, and need_wakeup state. */
void
afxdp_xsk_format(const struct xsk_socket_info *s, struct ds *ds)
{
    uint64_t tx_kicks, rx_wakeups;

    atomic_read_relaxed(CONST_CAST(atomic_uint64_t *, &s->stats.tx_kicks),
                        &tx_kicks);
    atomic_read_relaxed(CONST_CAST(atomic_uint64_t *, &s->stats.rx_wakeups),
                        &rx_wakeups);
    ds_put_format(ds, "  queue %"PRIu32": fd %d, %s mode\n",
                  s->queue_id, s->fd, s->zero_copy ? "zero-copy" : "copy");
    ds_put_format(ds, "    rings of %"PRIu32": fill %"PRIu32", rx %"PRIu32
                  ", tx %"PRIu32", completion %"PRIu32" in use\n",
                  s->rx.size,
                  ring_used(s->fq.producer, s->fq.consumer),
                  ring_used(s->rx.producer, s->rx.consumer),
                  ring_used(s->tx.producer, s->tx.consumer),
                  ring_used(s->cq.producer, s->cq.consumer));
    uint32_t n_free = umem_pool_n_free(s->pool);
    uint32_t n_kernel = afxdp_xsk_frames_in_kernel(s);
    uint32_t n_total = s->pool->n_frames;
    if (s->shared) {
        ds_put_format(ds, "    shared umem of %d sockets, tag %d; the "
                      "frames below are all of theirs, %"PRIu32" of them "
                      "left to the kernel by closed sockets\n",
                      afxdp_shared_umem_n_members(s->shared), s->tag >> 2,
                      afxdp_shared_umem_limbo_frames(s->shared));
    }
    ds_put_format(ds, "    frames of %"PRIu32" bytes: %"PRIu32" total, "
                  "%"PRIu32" free, %"PRIu32" in the kernel, %"PRId64
                  " in packets\n",
                  umem_pool_frame_size(s->pool), n_total, n_free, n_kernel,
                  (int64_t) n_total - n_free - n_kernel);
    ds_put_format(ds, "    rx: %"PRIu64" packets, %"PRIu64" with the "
                  "device's RX hash\n",
                  afxdp_xsk_counter(&s->stats.rx_packets),
                  afxdp_xsk_counter(&s->stats.rx_hash));
    if (s->rx_csum) {
        ds_put_format(ds, "    rx checksums: %"PRIu64" partial ones "
                      "completed, %"PRIu64" wrong ones left as they are\n",
                      afxdp_xsk_counter(&s->stats.rx_csum_completed),
                      afxdp_xsk_counter(&s->stats.rx_csum_bad));
    }
    ds_put_format(ds, "    tx: %"PRIu64" packets, %"PRIu64" sent with no "
                  "copy\n", afxdp_xsk_counter(&s->stats.tx_packets),
                  afxdp_xsk_counter(&s->stats.tx_zero_copy));
    ds_put_format(ds, "    multi-buffer: %s, %"PRIu64" packets received "
                  "and %"PRIu64" sent in several frames\n",
                  s->multi_buffer ? "on" : "off",
                  afxdp_xsk_counter(&s->stats.rx_multi),
                  afxdp_xsk_counter(&s->stats.tx_multi));
    ds_put_format(ds, "    need_wakeup: %s (fill ring %s, tx ring %s), "
                  "%"PRIu64" rx wakeups, %"PRIu64" tx kicks\n",
                  s->need_wakeup ? "on" : "off",
                  s->need_wakeup && xsk_ring_prod__needs_wakeup(&s->fq)
                  ? "asks" : "quiet",
                  s->need_wakeup && xsk_ring_prod__needs_wakeup(&s->tx)
                  ? "asks" : "quiet",
                  rx_wakeups, tx_kicks);

    /* What the kernel says of the socket, so that a test can see it (it
     * does not report the budget back). */
    int prefer = 0, usecs = 0;
    socklen_t len = sizeof prefer;
    if (s->busy_poll
        && !getsockopt(s->fd, SOL_SOCKET, SO_PREFER_BUSY_POLL, &prefer, &len)
        && !getsockopt(s->fd, SOL_SOCKET, SO_BUSY_POLL, &usecs, &len)) {
        ds_put_format(ds, "    busy poll: %d us, budget %"PRIu32", "
                      "prefer %s\n", usecs, s->busy_poll_budget,
                      prefer ? "on" : "off");
    }
}

/* Fault injection for tests (netdev-afxdp/hold-completions): with 'hold'
 * true, the completion ring of 's' is left unread from now on, as if the
 * kernel had not finished sending what it was given (a device whose queue
 * stalled): the frames stay the kernel's.  With 'hold' false, they come
 * back at the next transmit.  Any thread. */
void
afxdp_xsk_fault_stall_completions(struct xsk_socket_info *s, bool hold)
{
    atomic_store_relaxed(&s->cq_unread, hold);
}

/* Fault injection for tests and soak runs (netdev-afxdp/hold-frames):
 * with 'hold' true, from now on the receive path of 's' keeps every packet
 * it receives, so that its frames leave the pool as they would with a
 * consumer that never frees them; with 'hold' false, frees what was kept.
 * Any thread.  Returns the number of packets kept (when 'hold') or freed. */
size_t
afxdp_xsk_fault_keep_rx(struct xsk_socket_info *s, bool hold)
{
    struct dp_packet **kept;
    size_t n;

    atomic_store_relaxed(&s->keeping_rx, hold);
    ovs_mutex_lock(&s->kept_mutex);
    n = s->n_kept;
    if (hold) {
        ovs_mutex_unlock(&s->kept_mutex);
        return n;
    }
    kept = s->kept;
    s->kept = NULL;
    s->n_kept = s->allocated_kept = 0;
    ovs_mutex_unlock(&s->kept_mutex);

    for (size_t i = 0; i < n; i++) {
        dp_packet_delete(kept[i]);
    }
    free(kept);
    return n;
}
