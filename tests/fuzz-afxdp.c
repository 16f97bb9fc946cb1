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

/* A libFuzzer target over the code that consumes what it does not control
 * (tests/fuzz.mk builds it with clang, ASan and UBSan; make check-fuzz runs
 * it briefly, make check-fuzz-long for an hour).
 *
 * The first byte of an input picks what is fuzzed; the rest is read as
 * follows (bytes past the end of the input read as 0):
 *
 *   0: options.  1 byte: the device's rx queue count (signed), then lines
 *      separated by NUL or newline, each "key=value", for
 *      afxdp_options_parse().
 *
 *   1: rings.  1 byte: frame size (bit 0: 4096, else 2048) and
 *      multi-buffer (bit 1), 1 byte: frame count minus 1, then a program
 *      of operations (see enum ring_op) in which the fuzzer plays a
 *      kernel, well-behaved or hostile, against
 *      afxdp_xsk_recv() and afxdp_xsk_send() on rings in plain memory.
 *      After every operation, every frame must be in at most one place and
 *      the counts must add up (exactly, as long as the "kernel" behaved).
 *
 *   2: checksums.  1 byte: offload flags (see fuzz_csum()), 2+2 bytes: L3
 *      and L4 offsets, then the packet, for afxdp_csum_fill(), which must
 *      stay inside the packet (ASan sees to that: the packet's buffer is
 *      exactly its size).
 *
 *   3: receive checksums.  The rest is an Ethernet frame, for
 *      afxdp_csum_rx_fix(), which must stay inside it and change it only
 *      to complete a checksum, which then verifies.
 *
 * A violated invariant aborts, with a message on stderr. */

#include <config.h>

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "afxdp-csum.h"
#include "afxdp-csum-rx.h"
#include "afxdp-fake-rings.h"

#include "afxdp-options.h"
#include "afxdp-xsk-private.h"
#include "dp-packet.h"
#include "netdev-afxdp-pool.h"
#include "openvswitch/dynamic-string.h"
#include "openvswitch/vlog.h"
#include "ovs-thread.h"
#include "packets.h"
#include "smap.h"
#include "util.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define FUZZ_ASSERT(COND)                                               \
    do {                                                                \
        if (!(COND)) {                                                  \
            ovs_abort(0, "%s:%d: invariant violated: %s",               \
                      __FILE__, __LINE__, #COND);                       \
        }                                                               \
    } while (0)

/* The fuzzer's input, consumed from the front. */
struct input {
    const uint8_t *p;
    size_t n;
};

/* Returns the next byte of 'in', or 0 past its end. */
static uint8_t
in_u8(struct input *in)
{
    if (!in->n) {
        return 0;
    }
    in->n--;
    return *in->p++;
}

/* Returns the next 'n_bytes' bytes of 'in' as a little-endian number. */
static uint64_t
in_uint(struct input *in, int n_bytes)
{
    uint64_t v = 0;

    for (int i = 0; i < n_bytes; i++) {
        v |= (uint64_t) in_u8(in) << (8 * i);
    }
    return v;
}

/* Options. */

/* Parses the rest of 'in' as options and checks what the parser makes of
 * them. */
static void
fuzz_options(struct input *in)
{
    struct smap args = SMAP_INITIALIZER(&args);
    struct afxdp_options opts;
    int max_queues = (int8_t) in_u8(in);
    char *err;

    while (in->n) {
        const uint8_t *line = in->p;
        size_t len = 0;

        while (len < in->n && line[len] != '\0' && line[len] != '\n') {
            len++;
        }
        in->p += MIN(len + 1, in->n);
        in->n -= MIN(len + 1, in->n);

        const uint8_t *eq = memchr(line, '=', len);
        size_t key_len = eq ? eq - line : len;
        char *key = xmemdup0((const char *) line, key_len);
        char *value = (eq
                       ? xmemdup0((const char *) eq + 1, len - key_len - 1)
                       : xstrdup(""));
        enum afxdp_mode mode;

        if (afxdp_mode_from_string(value, &mode)) {
            FUZZ_ASSERT(!strcmp(afxdp_mode_to_string(mode), value));
        }
        smap_replace(&args, key, value);
        free(key);
        free(value);
    }

    int error = afxdp_options_parse("p0", &args, max_queues, &opts, &err);
    if (error) {
        FUZZ_ASSERT(error == EINVAL && err && strlen(err) > 0);
        free(err);
    } else {
        enum afxdp_mode mode;

        FUZZ_ASSERT(!err);
        FUZZ_ASSERT(opts.n_rxq >= 1);
        FUZZ_ASSERT(max_queues <= 0 || opts.n_rxq <= max_queues);
        FUZZ_ASSERT(opts.mode > OVS_AF_XDP_MODE_UNSPEC
                    && opts.mode < OVS_AF_XDP_MODE_MAX);
        FUZZ_ASSERT(afxdp_mode_from_string(afxdp_mode_to_string(opts.mode),
                                           &mode) && mode == opts.mode);
        FUZZ_ASSERT(opts.frame_size == 2048 || opts.frame_size == 4096);
        FUZZ_ASSERT(is_pow2(opts.ring_size)
                    && opts.ring_size >= AFXDP_MIN_RING_SIZE
                    && opts.ring_size <= AFXDP_MAX_RING_SIZE);
        FUZZ_ASSERT(opts.n_frames >= opts.ring_size
                    && opts.n_frames <= AFXDP_MAX_FRAMES);
        FUZZ_ASSERT(afxdp_options_max_mtu(opts.frame_size, false)
                    > ETH_PAYLOAD_MIN);
        FUZZ_ASSERT(afxdp_options_equal(&opts, &opts));
    }
    smap_destroy(&args);
}

/* Rings: a socket whose rings are plain memory
 * (tests/afxdp-fake-rings.h); the fuzzer plays the kernel. */

/* What a rings program does, one byte each, followed by its operands. */
enum ring_op {
    OP_RECV,            /* afxdp_xsk_recv(); 1 byte: keep the batch? */
    OP_SEND,            /* afxdp_xsk_send(); 1 byte: count, 2 per size. */
    OP_FREE,            /* Deletes a kept batch; 1 byte: which. */
    OP_HOLD,            /* afxdp_xsk_fault_keep_rx(); 1 byte: hold? */
    OP_RX_GOOD,         /* Kernel receives into the next fill-ring frame;
                         * 1 byte: mode, 2: offset, 2: length. */
    OP_RX_HOSTILE,      /* An rx descriptor of its choosing; 1 byte: mode,
                         * 8: address, 4: length. */
    OP_RX_PRODUCER,     /* Moves the rx producer; 1 byte. */
    OP_FQ_CONSUMER,     /* Moves the fill-ring consumer; 1 byte. */
    OP_TX_COMPLETE,     /* Kernel sends and completes; 1 byte: count. */
    OP_TX_CONSUMER,     /* Moves the tx consumer; 1 byte. */
    OP_CQ_HOSTILE,      /* A completion of its choosing; 1+8 bytes. */
    OP_CQ_PRODUCER,     /* Moves the completion producer; 4 bytes. */
    OP_SHOW,            /* afxdp_xsk_format() (netdev-afxdp/show). */
    N_RING_OPS
};

#define MAX_KEPT 8

struct fuzz_rings {
    struct fake_xsk fx;
    struct umem_pool *pool;
    uint32_t frame_size;
    bool hostile;               /* The "kernel" misbehaved. */

    /* Batches received and not yet deleted. */
    struct dp_packet_batch kept[MAX_KEPT];
    int n_kept;

    uint8_t *seen;              /* Scratch for check_frames(). */
};

/* Marks the frame at umem address 'addr' as found in one place, checking
 * that it is a frame and was in no other place. */
static void
mark_frame(struct fuzz_rings *fz, uint64_t addr)
{
    FUZZ_ASSERT(addr < fz->pool->size);
    FUZZ_ASSERT(!(addr & (fz->frame_size - 1)));
    FUZZ_ASSERT(!fz->seen[addr / fz->frame_size]);
    fz->seen[addr / fz->frame_size] = 1;
}

/* Checks that received packet 'p' is a frame of the umem, that its data
 * lies inside that frame and is long enough for an Ethernet header; or,
 * with multi-buffer, a copy of a packet of several frames, which holds no
 * frame.  Returns true if 'p' holds a frame. */
static bool
check_packet(struct fuzz_rings *fz, const struct dp_packet *p)
{
    const char *base = fz->pool->base;
    const char *data = dp_packet_data(p);
    uint32_t size = dp_packet_size(p);

    if (p->source == DPBUF_MALLOC) {
        FUZZ_ASSERT(fz->fx.s.multi_buffer && size >= ETH_HEADER_LEN);
        return false;
    }
    FUZZ_ASSERT(p->source == DPBUF_AFXDP);
    FUZZ_ASSERT(data >= base && data < base + fz->pool->size);

    uint64_t offset = data - base;
    uint64_t frame = offset & ~(uint64_t) (fz->frame_size - 1);
    FUZZ_ASSERT(offset - frame + size <= fz->frame_size);
    FUZZ_ASSERT(size >= ETH_HEADER_LEN);
    FUZZ_ASSERT(p == &umem_pool_packet(fz->pool, offset)->packet);
    FUZZ_ASSERT((const char *) dp_packet_base(p) == base + frame);
    FUZZ_ASSERT(dp_packet_get_allocated(p) == fz->frame_size);
    return true;
}

/* Checks that every frame is in at most one place (the pool, a packet that
 * the fuzzer or the socket's hold keeps), and that the pool, the socket's
 * counts of frames in the kernel and the packets add up to no more than
 * the umem, exactly as much while the "kernel" behaved. */
static void
check_frames(struct fuzz_rings *fz)
    OVS_NO_THREAD_SAFETY_ANALYSIS
{
    struct umem_pool *pool = fz->pool;
    struct xsk_socket_info *s = &fz->fx.s;
    uint32_t n_cached, n_packets = 0;

    memset(fz->seen, 0, pool->n_frames);
    atomic_read_relaxed(&pool->n_cached, &n_cached);
    FUZZ_ASSERT(n_cached <= UMEM_POOL_CACHE_SIZE);
    FUZZ_ASSERT(pool->n_stacked <= pool->n_frames);
    for (uint32_t i = 0; i < pool->n_stacked; i++) {
        mark_frame(fz, pool->stack[i]);
    }
    for (uint32_t i = 0; i < n_cached; i++) {
        mark_frame(fz, pool->cache[i]);
    }
    for (int i = 0; i < fz->n_kept; i++) {
        struct dp_packet *p;

        DP_PACKET_BATCH_FOR_EACH (j, p, &fz->kept[i]) {
            if (p->source == DPBUF_AFXDP) {
                mark_frame(fz, (const char *) dp_packet_base(p)
                               - pool->base);
                n_packets++;
            }
        }
    }
    for (size_t i = 0; i < s->n_kept; i++) {
        struct dp_packet *p = s->kept[i];

        if (check_packet(fz, p)) {
            mark_frame(fz, (const char *) dp_packet_base(p) - pool->base);
            n_packets++;
        }
    }

    uint64_t total = ((uint64_t) umem_pool_n_free(pool) + s->fq_held
                      + s->tx_held + n_packets);
    FUZZ_ASSERT(total <= pool->n_frames);
    FUZZ_ASSERT(fz->hostile || total == pool->n_frames);
}

/* Moves the packets of 'src' into 'dst', which it initializes, leaving
 * 'src' empty.  A batch is not copied by value: from Open vSwitch 4.0 on
 * its 'packets' may point into the batch itself. */
static void
batch_move(struct dp_packet_batch *dst, struct dp_packet_batch *src)
{
    struct dp_packet *p;

    dp_packet_batch_init(dst);
    DP_PACKET_BATCH_FOR_EACH (i, p, src) {
        dp_packet_batch_add(dst, p);
    }
    dp_packet_batch_init(src);
}

/* Deletes kept batch 'i'. */
static void
free_kept(struct fuzz_rings *fz, int i)
{
    dp_packet_delete_batch(&fz->kept[i], true);
    batch_move(&fz->kept[i], &fz->kept[--fz->n_kept]);
}

/* Receives a batch and checks each of its packets; 'keep' says whether to
 * keep it for later rather than delete it now. */
static void
op_recv(struct fuzz_rings *fz, bool keep)
{
    struct dp_packet_batch batch;
    struct dp_packet *p;
    int qfill = -1;

    dp_packet_batch_init(&batch);
    int error = afxdp_xsk_recv(&fz->fx.s, &batch, &qfill);
    FUZZ_ASSERT(!error || error == EAGAIN);
    FUZZ_ASSERT(error || qfill >= 0);
    FUZZ_ASSERT(dp_packet_batch_size(&batch) <= NETDEV_MAX_BURST);
    FUZZ_ASSERT(error == EAGAIN || dp_packet_batch_size(&batch));
    DP_PACKET_BATCH_FOR_EACH (i, p, &batch) {
        check_packet(fz, p);
        /* Touch it as a consumer would. */
        memset(dp_packet_data(p), 0x5a, ETH_HEADER_LEN);
    }
    if (error) {
        /* An EAGAIN batch is not the caller's to delete. */
        return;
    }
    if (keep) {
        if (fz->n_kept == MAX_KEPT) {
            free_kept(fz, 0);
        }
        batch_move(&fz->kept[fz->n_kept++], &batch);
    } else {
        dp_packet_delete_batch(&batch, true);
    }
}

/* Sends a batch of packets whose count and sizes come from 'in', and checks
 * the descriptors that the socket wrote in the tx ring. */
static void
op_send(struct fuzz_rings *fz, struct input *in)
{
    struct fake_ring *tx = &fz->fx.tx;
    struct dp_packet_batch batch;
    int n = in_u8(in) % (NETDEV_MAX_BURST + 1);

    dp_packet_batch_init(&batch);
    for (int i = 0; i < n; i++) {
        uint32_t size = in_uint(in, 2) % 5001;
        struct dp_packet *p = dp_packet_new(size);

        dp_packet_put_zeros(p, size);
        dp_packet_batch_add(&batch, p);
    }

    uint32_t old_prod = tx->producer;
    afxdp_xsk_send(&fz->fx.s, &batch);

    /* Every descriptor lies inside its frame, past the headroom; a packet
     * is one descriptor, or (multi-buffer) several, all but the last
     * marked XDP_PKT_CONTD, and it is at least an Ethernet header. */
    const struct xdp_desc *descs = (const struct xdp_desc *) tx->slots;
    uint32_t n_packets = 0, pkt_len = 0;
    for (uint32_t i = old_prod; i != tx->producer; i++) {
        const struct xdp_desc *d = &descs[i % RING_SIZE];

        FUZZ_ASSERT(d->addr < fz->pool->size);
        FUZZ_ASSERT((d->addr & (fz->frame_size - 1)) == XDP_PACKET_HEADROOM);
        FUZZ_ASSERT(d->len >= 1
                    && d->len <= fz->frame_size - XDP_PACKET_HEADROOM);
        FUZZ_ASSERT(!d->options
                    || (fz->fx.s.multi_buffer
                        && d->options == XDP_PKT_CONTD));
        pkt_len += d->len;
        if (!d->options) {
            FUZZ_ASSERT(pkt_len >= ETH_HEADER_LEN);
            n_packets++;
            pkt_len = 0;
        }
    }
    /* A kernel that moved the tx consumer made the socket see room that
     * is not there: its descriptors then overwrite each other in the ring,
     * each still sound, the sequence not. */
    FUZZ_ASSERT(fz->hostile || (!pkt_len && n_packets <= (uint32_t) n));
}

/* Returns an address that a hostile kernel makes up: anything, a place in
 * one of the umem's frames (which the socket may never have given it), or
 * just past the umem, as 'mode' picks. */
static uint64_t
hostile_addr(struct fuzz_rings *fz, uint8_t mode, uint64_t raw)
{
    switch (mode % 4) {
    case 0:
        return raw;
    case 1:
        return (raw % fz->pool->n_frames) * fz->frame_size
               + XDP_PACKET_HEADROOM;
    case 2:
        return raw % fz->pool->size;
    default:
        return fz->pool->size + raw % (2 * fz->frame_size);
    }
}

/* The kernel receives a packet into the next frame of the fill ring, at
 * the usual headroom with a length that fits (if 'mode' bit 0 is set),
 * otherwise with 'offset' and 'len' as they come. */
static void
op_rx_good(struct fuzz_rings *fz, uint8_t mode, uint16_t offset,
           uint16_t len)
{
    struct fake_ring *fq = &fz->fx.fq;
    struct fake_ring *rx = &fz->fx.rx;

    if (fq->producer == fq->consumer
        || rx->producer - rx->consumer >= RING_SIZE) {
        return;
    }
    uint64_t frame = fq->slots[fq->consumer++ % RING_SIZE];
    if (mode & 1) {
        offset = XDP_PACKET_HEADROOM;
        len = ETH_HEADER_LEN + len % (fz->frame_size - offset
                                      - ETH_HEADER_LEN + 1);
    } else {
        offset %= fz->frame_size;
    }

    struct xdp_desc *descs = (struct xdp_desc *) rx->slots;
    struct xdp_desc *d = &descs[rx->producer % RING_SIZE];
    d->addr = frame + offset;
    d->len = len;
    /* Bit 1: more of the packet follows (multi-buffer). */
    d->options = (mode & 2) ? XDP_PKT_CONTD : 0;
    if (!fz->hostile && frame < fz->pool->size
        && offset + len <= fz->frame_size) {
        memset(fz->pool->base + frame + offset, 0xab, len);
    }
    rx->producer++;
}

/* The kernel sends up to 'n' descriptors from the tx ring and completes
 * them, as far as the completion ring has room. */
static void
op_tx_complete(struct fuzz_rings *fz, uint32_t n)
{
    struct fake_ring *tx = &fz->fx.tx;
    struct fake_ring *cq = &fz->fx.cq;
    const struct xdp_desc *descs = (const struct xdp_desc *) tx->slots;

    for (uint32_t i = 0; i < n; i++) {
        if (tx->consumer == tx->producer
            || cq->producer - cq->consumer >= RING_SIZE) {
            break;
        }
        cq->slots[cq->producer++ % RING_SIZE]
            = descs[tx->consumer++ % RING_SIZE].addr;
    }
}

/* Moves consumer or producer index '*idx' forward by 'delta' if 'limit'
 * allows it (well-behaved), otherwise anywhere (hostile). */
static void
move_index(struct fuzz_rings *fz, uint32_t *idx, uint8_t delta,
           uint32_t limit)
{
    if (delta & 0x80) {
        *idx += delta * 0x01010101u;
        fz->hostile = true;
    } else if (delta <= limit) {
        *idx += delta;
    }
}

/* Runs the rings program in 'in'. */
static void
fuzz_rings(struct input *in)
{
    struct fuzz_rings *fz = xzalloc(sizeof *fz);
    struct fake_xsk *fx = &fz->fx;

    uint8_t geometry = in_u8(in);
    fz->frame_size = geometry & 1 ? 4096 : 2048;
    fake_xsk_init(fx, in_u8(in) + 1, fz->frame_size);
    fx->s.multi_buffer = (geometry & 2) != 0;
    fz->pool = fx->s.pool;
    fz->seen = xmalloc(fz->pool->n_frames);

    while (in->n) {
        uint8_t op = in_u8(in) % N_RING_OPS;

        switch ((enum ring_op) op) {
        case OP_RECV:
            op_recv(fz, in_u8(in) & 1);
            break;
        case OP_SEND:
            op_send(fz, in);
            break;
        case OP_FREE: {
            uint8_t which = in_u8(in);

            if (fz->n_kept) {
                free_kept(fz, which % fz->n_kept);
            }
            break;
        }
        case OP_HOLD:
            afxdp_xsk_fault_keep_rx(&fx->s, in_u8(in) & 1);
            break;
        case OP_RX_GOOD: {
            uint8_t mode = in_u8(in);
            uint16_t offset = in_uint(in, 2);

            op_rx_good(fz, mode, offset, in_uint(in, 2));
            break;
        }
        case OP_RX_HOSTILE: {
            struct xdp_desc *descs = (struct xdp_desc *) fx->rx.slots;
            struct xdp_desc *d = &descs[fx->rx.producer++ % RING_SIZE];
            uint8_t mode = in_u8(in);

            d->addr = hostile_addr(fz, mode, in_uint(in, 8));
            d->len = in_uint(in, 4);
            d->options = mode >> 7;
            fz->hostile = true;
            break;
        }
        case OP_RX_PRODUCER:
            /* Stale descriptors: hostile either way. */
            move_index(fz, &fx->rx.producer, in_u8(in), RING_SIZE);
            fz->hostile = true;
            break;
        case OP_FQ_CONSUMER:
            /* The kernel takes frames it keeps for a while. */
            move_index(fz, &fx->fq.consumer, in_u8(in),
                       fx->fq.producer - fx->fq.consumer);
            break;
        case OP_TX_COMPLETE:
            op_tx_complete(fz, in_u8(in) % (RING_SIZE + 1));
            break;
        case OP_TX_CONSUMER: {
            /* Sent, not completed yet: the completions never come. */
            uint8_t delta = in_u8(in);

            move_index(fz, &fx->tx.consumer, delta,
                       fx->tx.producer - fx->tx.consumer);
            fz->hostile |= delta != 0;
            break;
        }
        case OP_CQ_HOSTILE: {
            uint8_t mode = in_u8(in);

            fx->cq.slots[fx->cq.producer++ % RING_SIZE]
                = hostile_addr(fz, mode, in_uint(in, 8));
            fz->hostile = true;
            break;
        }
        case OP_CQ_PRODUCER:
            fx->cq.producer += in_uint(in, 4);
            fz->hostile = true;
            break;
        case OP_SHOW: {
            struct ds ds = DS_EMPTY_INITIALIZER;

            afxdp_xsk_format(&fx->s, &ds);
            FUZZ_ASSERT(ds.length > 0);
            FUZZ_ASSERT(afxdp_xsk_frames_total(&fx->s) == fz->pool->n_frames);
            FUZZ_ASSERT(afxdp_xsk_frames_free(&fx->s)
                        <= fz->pool->n_frames);
            ds_destroy(&ds);
            break;
        }
        case N_RING_OPS:
        default:
            OVS_NOT_REACHED();
        }
        check_frames(fz);
    }

    /* Give everything back; account for frames a hostile kernel kept, so
     * that the pool is freed now whatever happened. */
    while (fz->n_kept) {
        free_kept(fz, 0);
    }
    afxdp_xsk_fault_keep_rx(&fx->s, false);
    check_frames(fz);
    uint32_t n_free = umem_pool_n_free(fz->pool);
    FUZZ_ASSERT(fz->hostile
                || n_free + fx->s.fq_held + fx->s.tx_held
                   == fz->pool->n_frames);
    umem_pool_release(fz->pool, fz->pool->n_frames - n_free);

    /* The pool is gone: none was left behind by a misbehaving "kernel". */
    unsigned int n_pools, n_waiting;
    umem_pool_count(&n_pools, &n_waiting);
    FUZZ_ASSERT(!n_pools && !n_waiting);
    ovs_mutex_destroy(&fx->s.kept_mutex);
    free(fz->seen);
    free(fz);
}

/* Checksums. */

/* Builds a packet from 'in' with offload flags and offsets from it, and
 * fills its checksums as the transmit path would.
 *
 * Flags byte: bit 0: IPv4 checksum; bits 1-2: none, TCP, UDP or SCTP
 * checksum; bit 3: IPv6; bit 4: offsets as they come (else within the
 * packet); bit 5: no L3 header; bit 6: no L4 header.  Offsets are even:
 * Open vSwitch keeps headers 16-bit aligned. */
static void
fuzz_csum(struct input *in)
{
    uint8_t flags = in_u8(in);
    uint16_t l3_ofs = in_uint(in, 2);
    uint16_t l4_ofs = in_uint(in, 2);
    size_t len = MIN(in->n, UINT16_MAX - 1);

    if (!len) {
        /* A packet without data has no buffer at all: nothing to test. */
        return;
    }

    /* The buffer is exactly the packet: ASan sees any access past it. */
    struct dp_packet *p = dp_packet_new(len);
    dp_packet_put(p, in->p, len);

    if (!(flags & 0x10)) {
        l3_ofs %= len + 1;
        l4_ofs %= len + 1;
    }
    p->l3_ofs = flags & 0x20 ? UINT16_MAX : l3_ofs & ~1;
    p->l4_ofs = flags & 0x40 ? UINT16_MAX : l4_ofs & ~1;
    afxdp_pkt_request_csum(p, flags & 1, flags & 8, (flags >> 1) & 3);

    if (afxdp_csum_needed(p)) {
        afxdp_csum_fill(p);
        FUZZ_ASSERT(!afxdp_csum_needed(p));
    }
    FUZZ_ASSERT(dp_packet_size(p) == len);
    dp_packet_delete(p);
}

/* Runs the receive path's checksum completion on a frame of 'in': it
 * reads and writes nothing outside the frame (ASan), changes a frame only
 * to complete a checksum, which then verifies. */
static void
fuzz_csum_rx(struct input *in)
{
    size_t len = in->n;
    uint8_t *frame = xmemdup(in->p, len);

    switch (afxdp_csum_rx_fix(frame, len)) {
    case AFXDP_CSUM_RX_COMPLETED: {
        /* Two bytes changed, at most, next to each other. */
        size_t first = 0, last = len;

        while (first < len && frame[first] == in->p[first]) {
            first++;
        }
        while (last > first && frame[last - 1] == in->p[last - 1]) {
            last--;
        }
        FUZZ_ASSERT(last - first <= 2);
        FUZZ_ASSERT(afxdp_csum_rx_fix(frame, len) == AFXDP_CSUM_RX_NONE);
        break;
    }
    case AFXDP_CSUM_RX_NONE:
    case AFXDP_CSUM_RX_BAD:
        FUZZ_ASSERT(!memcmp(frame, in->p, len));
        break;
    }
    free(frame);
}

/* libFuzzer calls this once: silences logging. */
int
LLVMFuzzerInitialize(int *argc OVS_UNUSED, char ***argv OVS_UNUSED)
{
    vlog_set_levels(NULL, VLF_ANY_DESTINATION, VLL_OFF);
    return 0;
}

/* libFuzzer calls this for each input 'data' of 'size' bytes. */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct input in = { data, size };

    switch (in_u8(&in) % 4) {
    case 0:
        fuzz_options(&in);
        break;
    case 1:
        fuzz_rings(&in);
        break;
    case 2:
        fuzz_csum(&in);
        break;
    default:
        fuzz_csum_rx(&in);
        break;
    }
    return 0;
}
