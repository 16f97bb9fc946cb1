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

#ifndef AFXDP_OVS_COMPAT_H
#define AFXDP_OVS_COMPAT_H 1

/* What differs between the Open vSwitch versions ovs-afxdp builds into
 * (3.1 through 4.0), in one place: code elsewhere calls these and has no
 * version tests of its own.  AFXDP_OVS_VERSION_NUMBER (lib/afxdp-config.h)
 * is the version of the tree being built, 30500 for 3.5.0, read from its
 * configure.ac by our configure.  Documentation/topics/ovs-versions.rst
 * says what works on which version. */

#include "afxdp-config.h"
#include "dp-packet.h"

#define AFXDP_OVS_AT_LEAST(MAJOR, MINOR) \
    (AFXDP_OVS_VERSION_NUMBER >= (MAJOR) * 10000 + (MINOR) * 100)

/* The flow-offload interface: a flow API provider up to 3.6
 * (lib/afxdp-offload-flow-api.c), a dpif-offload class from 3.7 on
 * (lib/afxdp-offload-dpif.c).  Each of those files compiles to nothing
 * on the other versions. */
#define AFXDP_OVS_DPIF_OFFLOAD AFXDP_OVS_AT_LEAST(3, 7)

/* Empties 'batch', which the caller owns, keeping what storage it has
 * (Open vSwitch 4.0's batches grow past NETDEV_MAX_BURST on the heap;
 * dp_packet_batch_init() would lose that). */
static inline void
afxdp_batch_clear(struct dp_packet_batch *batch)
{
#if AFXDP_OVS_AT_LEAST(4, 0)
    dp_packet_batch_reset(batch);
#else
    dp_packet_batch_init(batch);
#endif
}

/* Packets' checksum requests (lib/afxdp-csum.h).  Open vSwitch 3.1 marks
 * an IPv4 packet whose header checksum a port must fill with
 * DP_PACKET_OL_TX_IPV4; from 3.2 on that flag only says "IPv4" and the
 * request is DP_PACKET_OL_TX_IP_CKSUM, and a tunnelled packet's requests
 * are for its inner headers.  From 3.6 on the flags live in 'offloads' and
 * a request is a "partial" checksum (good and bad both set), with the L4
 * protocol in flags of its own. */
#if AFXDP_OVS_AT_LEAST(3, 6)
#define AFXDP_OVS_OFFLOADS 1
#else
#define AFXDP_OVS_OFFLOADS 0
#endif

/* Returns true if 'p' asks for its IPv4 header checksum (or, from 3.6
 * on, a tunnelled packet for its inner one). */
static inline bool
afxdp_pkt_ip_csum_wanted(const struct dp_packet *p)
{
#if AFXDP_OVS_OFFLOADS
    return (dp_packet_ip_checksum_partial(p)
            || dp_packet_inner_ip_checksum_partial(p));
#elif AFXDP_OVS_AT_LEAST(3, 2)
    return dp_packet_hwol_tx_ip_csum(p);
#else
    return dp_packet_hwol_is_ipv4(p);
#endif
}

/* Returns true if 'p' asks for its TCP, UDP or SCTP checksum (or, from
 * 3.6 on, a tunnelled packet for its inner one). */
static inline bool
afxdp_pkt_l4_csum_wanted(const struct dp_packet *p)
{
#if AFXDP_OVS_OFFLOADS
    return (dp_packet_l4_checksum_partial(p)
            || dp_packet_inner_l4_checksum_partial(p));
#else
    return dp_packet_hwol_tx_l4_checksum(p);
#endif
}

/* Returns true if the L4 checksum 'p' asks for is TCP's (UDP's). */
static inline bool
afxdp_pkt_l4_is_tcp(const struct dp_packet *p)
{
#if AFXDP_OVS_OFFLOADS
    return dp_packet_l4_proto_tcp(p);
#else
    return dp_packet_hwol_l4_is_tcp(CONST_CAST(struct dp_packet *, p));
#endif
}

static inline bool
afxdp_pkt_l4_is_udp(const struct dp_packet *p)
{
#if AFXDP_OVS_OFFLOADS
    return dp_packet_l4_proto_udp(p);
#else
    return dp_packet_hwol_l4_is_udp(CONST_CAST(struct dp_packet *, p));
#endif
}

/* Returns true if the requests of 'p' are for the headers inside a tunnel
 * (never on 3.1, which offloads no tunnel's checksums). */
static inline bool
afxdp_pkt_is_tunnel(const struct dp_packet *p OVS_UNUSED)
{
#if AFXDP_OVS_OFFLOADS
    return dp_packet_tunnel(p);
#elif AFXDP_OVS_AT_LEAST(3, 2)
    return dp_packet_hwol_is_tunnel(CONST_CAST(struct dp_packet *, p));
#else
    return false;
#endif
}

/* Fills in software every checksum tunnelled packet 'p' asks for, inner
 * and outer, with Open vSwitch's own code, and clears the requests. */
static inline void
afxdp_pkt_fill_tunnel(struct dp_packet *p OVS_UNUSED)
{
#if AFXDP_OVS_AT_LEAST(3, 2)
    dp_packet_ol_send_prepare(p, 0);
#endif
}

/* Clears the checksum requests of 'p': they are done. */
static inline void
afxdp_pkt_csum_done(struct dp_packet *p)
{
#if AFXDP_OVS_OFFLOADS
    if (dp_packet_ip_checksum_partial(p)) {
        dp_packet_ip_checksum_set_good(p);
    }
    if (dp_packet_l4_checksum_partial(p)) {
        dp_packet_l4_checksum_set_good(p);
    }
#elif AFXDP_OVS_AT_LEAST(3, 2)
    dp_packet_hwol_reset_tx_l4_csum(p);
    dp_packet_hwol_reset_tx_ip_csum(p);
#else
    *dp_packet_ol_flags_ptr(p) &= ~(DP_PACKET_OL_TX_L4_MASK
                                    | DP_PACKET_OL_TX_IPV4);
#endif
}

/* For the tests: makes 'p' ask, as Open vSwitch would, for its IPv4 header
 * checksum if 'ip4', say it is IPv6 if 'ip6', and ask for the L4 checksum
 * 'l4' (0: none, 1: TCP, 2: UDP, 3: SCTP). */
static inline void
afxdp_pkt_request_csum(struct dp_packet *p, bool ip4, bool ip6 OVS_UNUSED,
                       int l4)
{
#if AFXDP_OVS_OFFLOADS
    p->offloads = 0;
    if (ip4) {
        dp_packet_ip_checksum_set_partial(p);
    }
    switch (l4 & 3) {
    case 1:
        dp_packet_l4_proto_set_tcp(p);
        break;
    case 2:
        dp_packet_l4_proto_set_udp(p);
        break;
    case 3:
        dp_packet_l4_proto_set_sctp(p);
        break;
    }
    if (l4 & 3) {
        dp_packet_l4_checksum_set_partial(p);
    }
#else
    static const uint64_t l4_flags[] = {
        0, DP_PACKET_OL_TX_TCP_CKSUM, DP_PACKET_OL_TX_UDP_CKSUM,
        DP_PACKET_OL_TX_SCTP_CKSUM,
    };
    uint64_t flags = ((ip4 ? DP_PACKET_OL_TX_IPV4 : 0)
                      | (ip6 ? DP_PACKET_OL_TX_IPV6 : 0)
                      | l4_flags[l4 & 3]);
#if AFXDP_OVS_AT_LEAST(3, 2)
    flags |= ip4 ? DP_PACKET_OL_TX_IP_CKSUM : 0;
#endif
    *dp_packet_ol_flags_ptr(p) = flags;
#endif
}

#endif /* afxdp-ovs-compat.h */
