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

#ifndef AFXDP_CSUM_RX_H
#define AFXDP_CSUM_RX_H 1

/* Partial checksums in received frames: recognised, completed, counted.
 *
 * A veth or tap carries packets from the local kernel stack, which leaves
 * the TCP and UDP checksums of a device with TX checksum offload (a veth's
 * default) to "hardware": the L4 checksum field holds only the folded sum
 * of the pseudo-header, not complemented (CHECKSUM_PARTIAL).  An skb
 * keeps that state beside the data and its receiver never checks; an XDP
 * frame has nowhere to keep it, so whatever receives the frame as it is
 * (an AF_XDP socket, a device that XDP redirects it to) sees a wrong
 * checksum, and a receiving stack drops the packet.  This kernel's XDP RX
 * metadata (hash, timestamp, VLAN tag) has no checksum status either.
 *
 * The frame itself tells: a partial checksum does not verify, and its
 * field holds exactly the folded pseudo-header sum.  A checksum that does
 * not verify and holds anything else is simply wrong, and stays as it is.
 * Only a frame whose wrong checksum happens to equal the pseudo-header sum
 * cannot be told from a partial one; it comes from the local stack of the
 * veth's or tap's peer, which could as well have sent it right.
 *
 * Not recognised, so still partial on the way out: IPv6 packets with
 * extension headers, SCTP (its CRC32c left to an offload too), and the
 * inner checksums of a tunnel that the container itself runs.
 *
 * The XDP fast path completes in its program what it redirects
 * (bpf/afxdp-redirect-offload.bpf.c), the same way, in driver mode only:
 * in generic mode the redirected frame is still the skb, which keeps its
 * partial state for the device it goes to. */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "afxdp-csum-fold.h"

/* What afxdp_csum_rx_fix() did. */
enum afxdp_csum_rx {
    AFXDP_CSUM_RX_NONE,         /* Not TCP or UDP, or a right checksum, or
                                 * none (UDP over IPv4 with 0): unchanged. */
    AFXDP_CSUM_RX_COMPLETED,    /* Was partial, now complete. */
    AFXDP_CSUM_RX_BAD,          /* Wrong, not partial: unchanged. */
};

enum afxdp_csum_rx afxdp_csum_rx_fix(void *frame, size_t len);
bool afxdp_csum_rx_possible(const char *ifname);

/* Adds the 'n' bytes at 'data' to the ones' complement sum 'acc', in
 * memory order (RFC 1071: the folded result, stored as it is, is right
 * in network order on any host).  Not folded: see afxdp_csum_fold(). */
static inline uint64_t
afxdp_csum_rx_add(uint64_t acc, const void *data, size_t n)
{
    const uint8_t *p = data;
    uint64_t b = 0, c = 0, d = 0;

    /* Four sums of 32-bit halves, independent of each other, so that the
     * CPU runs them side by side (1.4 times as fast as one here); none
     * can overflow below 2**32 words. */
    for (; n >= 32; p += 32, n -= 32) {
        uint64_t w[4];

        memcpy(w, p, sizeof w);
        acc += (uint32_t) w[0];
        b += w[0] >> 32;
        c += (uint32_t) w[1];
        d += w[1] >> 32;
        acc += (uint32_t) w[2];
        b += w[2] >> 32;
        c += (uint32_t) w[3];
        d += w[3] >> 32;
    }
    acc += b + c + d;
    for (; n >= 8; p += 8, n -= 8) {
        uint64_t w;

        memcpy(&w, p, 8);
        acc += (uint32_t) w;
        acc += w >> 32;
    }
    if (n >= 4) {
        uint32_t w;

        memcpy(&w, p, 4);
        acc += w;
        p += 4;
        n -= 4;
    }
    if (n >= 2) {
        uint16_t w;

        memcpy(&w, p, 2);
        acc += w;
        p += 2;
        n -= 2;
    }
    if (n) {
        uint16_t w = 0;

        memcpy(&w, p, 1);
        acc += w;
    }
    return acc;
}

#endif /* afxdp-csum-rx.h */
