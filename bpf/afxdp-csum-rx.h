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

#ifndef AFXDP_CSUM_RX_BPF_H
#define AFXDP_CSUM_RX_BPF_H 1

/* The XDP fast path's half of lib/afxdp-csum-rx.h: completes the partial
 * TCP or UDP checksum of a frame before bpf/afxdp-redirect-offload.bpf.c
 * redirects it to another device, whose receiver would otherwise drop it.
 * The same rule as userspace's: a checksum that does not verify is
 * completed only if its field holds exactly the folded sum of the
 * pseudo-header; any other wrong one is left as it is, and counted.  In
 * driver mode only (lib/afxdp-offload.c): in generic mode the frame is
 * still its skb, which keeps its partial state. */

#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

#include "afxdp-csum-fold.h"

/* Longest L4 part summed; longer frames take the slow path (a frame
 * without fragments fits one page). */
#define AFXDP_CSUM_RX_MAX 4096
#define AFXDP_CSUM_RX_CHUNK 512 /* Most bytes bpf_csum_diff() sums. */

/* In csum_rx_fix(): adds the N bytes at 'p' to 'sum' and moves past them,
 * or returns CSUM_RX_SLOW. */
#define CSUM_RX_STEP(N)                                                 \
    do {                                                                \
        __s64 s_;                                                       \
                                                                        \
        if ((void *) (p + (N)) > end) {                                 \
            return CSUM_RX_SLOW;                                        \
        }                                                               \
        s_ = bpf_csum_diff(NULL, 0, (__be32 *) p, (N), 0);              \
        if (s_ < 0) {                                                   \
            return CSUM_RX_SLOW;                                        \
        }                                                               \
        sum += (__u32) s_;                                              \
        p += (N);                                                       \
        left -= (N);                                                    \
    } while (0)

/* What the parser found of a frame's L4 checksum. */
struct csum_rx_info {
    __u64 pseudo;               /* Sum of the pseudo-header (memory
                                 * order, not folded). */
    __u32 l4_off;               /* Of the TCP or UDP header in the frame,
                                 * or 0 for none. */
    __u32 l4_len;               /* By the IP header. */
    __u32 flags;                /* CSUM_RX_*. */
};

/* Bits of 'flags'. */
#define CSUM_RX_UDP 0x1         /* UDP (else TCP). */
#define CSUM_RX_UDP4 0x2        /* UDP over IPv4: 0 means no checksum. */

#define CSUM_RX_MAX_L4_OFF 256  /* Past a VLAN tag and an IPv4 header
                                 * with options. */
#define CSUM_RX_OFF_MASK 0x1ff  /* Above CSUM_RX_MAX_L4_OFF. */
#define CSUM_RX_TCP_OFS 16      /* The checksum field's offset. */
#define CSUM_RX_UDP_OFS 6

enum csum_rx_result {
    CSUM_RX_NONE,               /* Right, absent, or not TCP/UDP. */
    CSUM_RX_COMPLETED,
    CSUM_RX_BAD,                /* Wrong, and left so. */
    CSUM_RX_SLOW,               /* Too long here: for userspace. */
};

/* Completes the TCP or UDP checksum of the frame of 'ctx', whose header
 * starts 'l4_off' bytes into the frame and is 'l4_len' bytes long with its
 * payload, if it is partial.  'pseudo' is the sum of the pseudo-header,
 * 'flags' CSUM_RX_*.  Returns an enum csum_rx_result.
 *
 * A global function, so that the verifier checks its loops once, not once
 * for every way the parser can reach it. */
__noinline int
csum_rx_fix(struct xdp_md *ctx, __u32 l4_off, __u32 l4_len, __u64 pseudo,
            __u32 flags)
{
    void *data = (void *) (long) ctx->data;
    void *end = (void *) (long) ctx->data_end;
    __u32 field_ofs = (flags & CSUM_RX_UDP ? CSUM_RX_UDP_OFS
                       : CSUM_RX_TCP_OFS);
    __u32 left = l4_len;
    __u64 sum = 0;
    __u16 *field, check;
    __u8 *p;

    if (!l4_off || l4_off > CSUM_RX_MAX_L4_OFF
        || l4_len > AFXDP_CSUM_RX_MAX) {
        return l4_off ? CSUM_RX_SLOW : CSUM_RX_NONE;
    }
    /* The mask is a no-op, but one that the verifier sees bound the
     * offset: clang would test one copy of it and use another.  The empty
     * asm keeps clang from dropping the mask. */
    asm volatile("" : "+r"(l4_off));
    l4_off &= CSUM_RX_OFF_MASK;
    p = data + l4_off;
    field = data + l4_off + field_ofs;
    if ((void *) (field + 1) > end) {
        return CSUM_RX_NONE;
    }
    check = *field;
    if (flags & CSUM_RX_UDP4 && !check) {
        return CSUM_RX_NONE;
    }

    for (int i = 0; i < AFXDP_CSUM_RX_MAX / AFXDP_CSUM_RX_CHUNK; i++) {
        if (left < AFXDP_CSUM_RX_CHUNK) {
            break;
        }
        CSUM_RX_STEP(AFXDP_CSUM_RX_CHUNK);
    }
    /* What is left, under a chunk, in at most one step of each power of
     * two. */
    if (left >= 256) {
        CSUM_RX_STEP(256);
    }
    if (left >= 128) {
        CSUM_RX_STEP(128);
    }
    if (left >= 64) {
        CSUM_RX_STEP(64);
    }
    if (left >= 32) {
        CSUM_RX_STEP(32);
    }
    if (left >= 16) {
        CSUM_RX_STEP(16);
    }
    if (left >= 8) {
        CSUM_RX_STEP(8);
    }
    if (left >= 4) {
        CSUM_RX_STEP(4);
    }
    if (left >= 2 && (void *) (p + 2) <= end) {
        sum += *(__u16 *) p;
        p += 2;
        left -= 2;
    }
    if (left == 1 && (void *) (p + 1) <= end) {
        /* The last byte is the first of a 16-bit word padded with 0. */
        __u16 w = 0;

        *(__u8 *) &w = *p;
        sum += w;
        left = 0;
    }
    if (left) {
        return CSUM_RX_SLOW;    /* Cannot be: the parser checked. */
    }

    if (afxdp_csum_fold(sum + pseudo) == 0xffff) {
        return CSUM_RX_NONE;
    }
    if (check != afxdp_csum_fold(pseudo)) {
        return CSUM_RX_BAD;
    }
    /* The field holds the pseudo-header's sum: 'sum' has it already. */
    check = ~afxdp_csum_fold(sum);
    if (!check && flags & CSUM_RX_UDP) {
        check = 0xffff;         /* 0 would mean "no checksum". */
    }
    field = data + l4_off + field_ofs;
    if ((void *) (field + 1) > end) {
        return CSUM_RX_NONE;
    }
    *field = check;
    return CSUM_RX_COMPLETED;
}

#endif /* afxdp-csum-rx.h */
