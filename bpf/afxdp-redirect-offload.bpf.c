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

/* ovs-afxdp's XDP program with a fast path: Open vSwitch megaflows
 * offloaded into the port's maps (lib/afxdp-offload-maps.h describes them
 * and their userspace half) are matched and run in XDP, and every other
 * frame goes to the AF_XDP sockets exactly as with the plain program
 * (bpf/afxdp-redirect.bpf.c).  In section "xdp.frags", as the plain one.
 *
 *   ovs_afxdp_rx_offload  For each frame:
 *
 *     1. Builds the frame's struct afxdp_flow_key, each field as Open
 *        vSwitch's flow extraction (miniflow_extract()) would put it in
 *        struct flow.  A frame for which this program cannot be sure of
 *        that (a multi-buffer frame, 802.3/LLC, two VLAN tags, MPLS, an
 *        IPv4 or IPv6 header that Open vSwitch would not parse, IPv6
 *        extension headers, IGMP, the ICMPv6 types from 130 on, whose
 *        other fields Open vSwitch parses too, a truncated L4 header...)
 *        takes the slow path: the socket, where Open vSwitch sees it
 *        whole.  That is always correct, only slower.
 *
 *     2. Searches the tuple space: masks the key with each mask of
 *        'offload_masks' in index order and looks the result up in that
 *        mask's table in 'offload_flows'.  The first hit wins; no hit
 *        takes the slow path.
 *
 *     3. Counts the frame in the flow (packets, bytes, time of use, TCP
 *        flags) and in the port's 'offload_port_stats', then runs the
 *        flow's actions in their fixed order: pop the VLAN tag, set the
 *        Ethernet addresses, push a VLAN tag, and either redirect to a
 *        port of 'offload_devmap' or drop.
 *
 * The slow path is the plain program's action: redirect to the socket of
 * the frame's queue in xsks_map, or XDP_PASS if the queue has none.
 *
 *   ovs_afxdp_rx_offload_sb  The same in section "xdp" (single-buffer), for
 *     generic mode, where the port also runs:
 *
 *   ovs_afxdp_tc_gso  At TC ingress: the same lookup and actions for the
 *     large (GSO) segments that the XDP program passes on. */

#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/in.h>
#include <linux/in6.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/pkt_cls.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

#include "afxdp-xskmap.h"
#include "afxdp-csum-rx.h"
#include "afxdp-offload-maps.h"
#include "afxdp-offload-port-stats.h"

#ifndef IPPROTO_MH
#define IPPROTO_MH 135
#endif
#define IPPROTO_HIP 139                 /* Host Identity Protocol. */
#define IPPROTO_SHIM6 140               /* Shim6 header. */

#define ICMPV6_FIRST_PARSED_TYPE 130    /* MLD, ND...: more fields in OVS. */

#define ARP_HRD_ETHERNET 1

/* Open vSwitch's minimum L4 header lengths. */
#define TCP_HEADER_LEN 20
#define UDP_HEADER_LEN 8
#define SCTP_HEADER_LEN 12
#define ICMP_HEADER_LEN 8
#define ICMPV6_HEADER_LEN 8

/* Ethernet padding after an IP packet beyond which the frame takes the
 * slow path.  Open vSwitch itself accepts up to 65535 bytes; such frames
 * are rare enough not to be worth the verifier's trouble. */
#define MAX_L2_PAD 255

/* The maps of the fast path; lib/afxdp-offload-maps.h gives their
 * meaning.  'offload_devmap', 'offload_ifindex', 'offload_port_stats'
 * and 'offload_counters' are shared by every port's program: userspace gives
 * this object its own before loading (bpf_map__reuse_fd()), so their key
 * and value sizes must stay as they are. */

struct {
    __uint(type, BPF_MAP_TYPE_ARRAY);
    __uint(max_entries, AFXDP_OFFLOAD_MAX_MASKS);
    __type(key, __u32);
    __type(value, struct afxdp_offload_mask);
} offload_masks SEC(".maps");

/* The kernel takes into 'offload_flows' only a table like the template,
 * flags included: userspace (lib/afxdp-offload.c) makes its tables with
 * BPF_F_NO_PREALLOC, so must the template be. */
struct {
    __uint(type, BPF_MAP_TYPE_ARRAY_OF_MAPS);
    __uint(max_entries, AFXDP_OFFLOAD_MAX_MASKS);
    __type(key, __u32);
    __array(values, struct {
        __uint(type, BPF_MAP_TYPE_HASH);
        __uint(map_flags, BPF_F_NO_PREALLOC);
        __uint(max_entries, AFXDP_OFFLOAD_MAX_FLOWS);
        __type(key, struct afxdp_flow_key);
        __type(value, struct afxdp_offload_flow);
    });
} offload_flows SEC(".maps");

struct {
    __uint(type, BPF_MAP_TYPE_ARRAY);
    __uint(max_entries, 1);
    __type(key, __u32);
    __type(value, struct afxdp_offload_config);
} offload_config SEC(".maps");

struct {
    __uint(type, BPF_MAP_TYPE_ARRAY);
    __uint(max_entries, AFXDP_OFFLOAD_CACHE_ENTRIES);
    __type(key, __u32);
    __type(value, __u64);               /* Two ways of 32 bits. */
} offload_cache SEC(".maps");

struct {
    __uint(type, BPF_MAP_TYPE_DEVMAP);
    __uint(max_entries, AFXDP_OFFLOAD_MAX_PORTS);
    __type(key, __u32);
    __type(value, __u32);
} offload_devmap SEC(".maps");

struct {
    __uint(type, BPF_MAP_TYPE_ARRAY);
    __uint(max_entries, AFXDP_OFFLOAD_MAX_PORTS);
    __type(key, __u32);
    __type(value, __u32);
} offload_ifindex SEC(".maps");

/* Userspace reads the counters through a mapping of the array, without a
 * system call (lib/afxdp-offload-counters.c): BPF_F_MMAPABLE here as in
 * the map userspace makes and gives this object. */
struct {
    __uint(type, BPF_MAP_TYPE_ARRAY);
    __uint(map_flags, BPF_F_MMAPABLE);
    __uint(max_entries, AFXDP_OFFLOAD_MAX_COUNTERS);
    __type(key, __u32);
    __type(value, struct afxdp_offload_counter);
} offload_counters SEC(".maps");

/* The key, also as 64-bit words for masking. */
union flow_key_words {
    struct afxdp_flow_key key;
    __u64 w[sizeof(struct afxdp_flow_key) / sizeof(__u64)];
};

_Static_assert(sizeof(struct afxdp_flow_key) == 64,
               "struct afxdp_flow_key must be 64 bytes without holes");
_Static_assert(__builtin_offsetof(struct afxdp_offload_mask, mask) == 0,
               "the mask must start its map value (8-byte aligned)");

/* The 64-bit word of struct afxdp_offload_counter that holds 'tcp_flags' and
 * 'pad'.  The BPF target's default CPU (v1) has no 32-bit atomic OR, only
 * a 64-bit one; ORing the flags into the half of the word where
 * 'tcp_flags' lies leaves 'pad' as it is. */
typedef __u64 __attribute__((may_alias)) flow_word;

_Static_assert(__builtin_offsetof(struct afxdp_offload_counter, tcp_flags)
               % sizeof(__u64) == 0, "tcp_flags must start a 64-bit word");
_Static_assert(__builtin_offsetof(struct afxdp_offload_counter, pad)
               == __builtin_offsetof(struct afxdp_offload_counter, tcp_flags)
                  + sizeof(__u32), "pad must follow tcp_flags");

/* An 802.1Q or 802.1ad tag, after the Ethernet addresses. */
struct vlan_tag {
    __be16 tci;
    __be16 eth_type;                /* Of what follows the tag. */
};

/* An Ethernet/IPv4 ARP or RARP header.  The addresses are only 16-bit
 * aligned. */
struct arp_eth {
    __be16 ar_hrd;
    __be16 ar_pro;
    __u8 ar_hln;
    __u8 ar_pln;
    __be16 ar_op;
    __u8 ar_sha[ETH_ALEN];
    __be16 ar_spa[2];
    __u8 ar_tha[ETH_ALEN];
    __be16 ar_tpa[2];
};

/* The start of a TCP, UDP or SCTP header. */
struct l4_ports {
    __be16 src;
    __be16 dst;
};

/* What parsing learned besides the key. */
struct parse_info {
    __u32 tcp_flags;                /* Of a TCP segment, else 0. */
    __u8 tagged;                    /* The frame has a VLAN tag. */
    __u8 is_ipv6;                   /* L3 is IPv6 (else IPv4). */
    __u32 l3_off;                   /* Of the IP header in the frame. */
    __u32 l4_off;                   /* Of what follows it. */
    struct csum_rx_info csum;       /* Of a TCP or UDP packet, not a
                                     * fragment. */
};

/* Set only by tests/test-afxdp-xdp-parser before loading, for
 * BPF_PROG_TEST_RUN, which has no AF_XDP socket to put in xsks_map: runs
 * the flow lookup on every queue.  Read-only once loaded, so the verifier
 * removes the test from the program Open vSwitch runs. */
const volatile __u8 parser_test = 0;

/* The slow path: the frame goes to the AF_XDP socket of its queue, or on
 * to the kernel stack if the queue has none, as with the plain program. */
static __always_inline int
slow_path(struct xdp_md *ctx)
{
    return bpf_redirect_map(&xsks_map, ctx->rx_queue_index, XDP_PASS);
}

/* Notes in 'info' the TCP or UDP packet 'l4_len' bytes long, whose header
 * starts at 'info->l4_off' (set by the IP parser), and the sum of its
 * pseudo-header, from 'key', for csum_rx_fix().  Nothing for a fragment,
 * whose checksum covers more than the frame. */
static __always_inline void
note_csum(__u32 l4_len, __u32 flags, const struct afxdp_flow_key *key,
          struct parse_info *info)
{
    __u64 pseudo = bpf_htons(key->nw_proto) + bpf_htons(l4_len);

    if (key->nw_frag) {
        return;
    }
    if (info->is_ipv6) {
        for (int i = 0; i < 4; i++) {
            pseudo += (__u64) key->nw_src[i] + key->nw_dst[i];
        }
    } else {
        pseudo += (__u64) key->nw_src[0] + key->nw_dst[0];
        flags |= flags & CSUM_RX_UDP ? CSUM_RX_UDP4 : 0;
    }
    info->csum.l4_off = info->l4_off;
    info->csum.l4_len = l4_len;
    info->csum.pseudo = pseudo;
    info->csum.flags = flags;
}

/* Parses the L4 header at 'l4', 'l4_len' bytes long by the IP header (not
 * counting Ethernet padding), of a packet that is not a later fragment,
 * into 'key' (nw_proto already set).  Returns 0, or -1 for the slow path.
 * Protocols other than those below leave the ports 0, as Open vSwitch
 * does. */
static __always_inline int
parse_l4(void *l4, void *end, __u32 l4_len, struct afxdp_flow_key *key,
         struct parse_info *info)
{
    __u8 proto = key->nw_proto;

    if (proto == IPPROTO_TCP) {
        struct l4_ports *ports = l4;
        __u8 *tcp = l4;
        __u32 tcp_len;

        if (l4_len < TCP_HEADER_LEN || l4 + TCP_HEADER_LEN > end) {
            return -1;
        }
        tcp_len = (tcp[12] >> 4) * 4;
        if (tcp_len < TCP_HEADER_LEN || tcp_len > l4_len
            || l4 + tcp_len > end) {
            return -1;
        }
        key->tp_src = ports->src;
        key->tp_dst = ports->dst;
        info->tcp_flags = bpf_ntohs(*(__be16 *) (tcp + 12)) & 0x0fff;
        note_csum(l4_len, 0, key, info);
    } else if (proto == IPPROTO_UDP || proto == IPPROTO_SCTP) {
        struct l4_ports *ports = l4;
        __u32 min_len = (proto == IPPROTO_UDP
                         ? UDP_HEADER_LEN : SCTP_HEADER_LEN);

        if (l4_len < min_len || (void *) (ports + 1) > end) {
            return -1;
        }
        key->tp_src = ports->src;
        key->tp_dst = ports->dst;
        if (proto == IPPROTO_UDP && l4 + UDP_HEADER_LEN <= end) {
            /* The receiver sums what the UDP header says. */
            __u32 udp_len = bpf_ntohs(*(__be16 *) (l4 + 4));

            if (udp_len >= UDP_HEADER_LEN && udp_len <= l4_len) {
                note_csum(udp_len, CSUM_RX_UDP, key, info);
            }
        }
    } else if (proto == IPPROTO_ICMP) {
        __u8 *icmp = l4;

        /* Open vSwitch would parse ICMP under IPv6 too (and ICMPv6
         * under IPv4): nothing sends that, so leave it to Open vSwitch
         * rather than match it exactly. */
        if (info->is_ipv6 || l4_len < ICMP_HEADER_LEN
            || l4 + ICMP_HEADER_LEN > end) {
            return -1;
        }
        key->tp_src = bpf_htons(icmp[0]);
        key->tp_dst = bpf_htons(icmp[1]);
    } else if (proto == IPPROTO_ICMPV6) {
        __u8 *icmp6 = l4;

        if (!info->is_ipv6 || l4_len < ICMPV6_HEADER_LEN
            || l4 + ICMPV6_HEADER_LEN > end
            || icmp6[0] >= ICMPV6_FIRST_PARSED_TYPE) {
            return -1;
        }
        key->tp_src = bpf_htons(icmp6[0]);
        key->tp_dst = bpf_htons(icmp6[1]);
    } else if (proto == IPPROTO_IGMP) {
        /* Open vSwitch also matches the group address. */
        return -1;
    }
    return 0;
}

/* Parses the IPv4 header at 'nh' and what follows into 'key', with 'avail'
 * bytes from 'nh' to the frame's end (the headers up to 'end').  Returns 0,
 * or -1 for the slow path: Open vSwitch leaves the L3 fields of a header
 * that fails these checks out of the flow, which the key cannot say. */
static __always_inline int
parse_ipv4(void *nh, void *end, __u32 avail, struct afxdp_flow_key *key,
           struct parse_info *info)
{
    struct iphdr *ip = nh;
    __u32 ihl, tot_len;
    __u16 frag_off;

    if ((void *) (ip + 1) > end || ip->version != 4 || ip->ihl < 5) {
        return -1;
    }
    ihl = ip->ihl * 4;
    if (nh + ihl > end) {
        return -1;
    }
    tot_len = bpf_ntohs(ip->tot_len);
    if (tot_len < ihl || tot_len > avail || avail - tot_len > MAX_L2_PAD) {
        return -1;
    }

    key->nw_src[0] = ip->saddr;
    key->nw_dst[0] = ip->daddr;
    key->nw_tos = ip->tos;
    key->nw_ttl = ip->ttl;
    key->nw_proto = ip->protocol;

    frag_off = ip->frag_off;
    if (frag_off & bpf_htons(0x3fff)) {         /* MF or an offset. */
        key->nw_frag |= AFXDP_FLOW_FRAG_ANY;
        if (frag_off & bpf_htons(0x1fff)) {     /* Offset. */
            key->nw_frag |= AFXDP_FLOW_FRAG_LATER;
            return 0;                           /* No L4 header. */
        }
    }
    info->l4_off = info->l3_off + ihl;
    return parse_l4(nh + ihl, end, tot_len - ihl, key, info);
}

/* Parses the IPv6 header at 'nh' and what follows into 'key', as
 * parse_ipv4() with 'avail'.  Returns 0,
 * or -1 for the slow path, which takes every packet with an extension
 * header: the fast path does not walk them. */
static __always_inline int
parse_ipv6(void *nh, void *end, __u32 avail, struct afxdp_flow_key *key,
           struct parse_info *info)
{
    struct ipv6hdr *ip6 = nh;
    __u32 plen, first;

    if ((void *) (ip6 + 1) > end) {
        return -1;
    }
    avail -= sizeof *ip6;
    first = bpf_ntohl(*(__be32 *) ip6);
    if (first >> 28 != 6) {
        return -1;
    }
    plen = bpf_ntohs(ip6->payload_len);
    if (plen > avail || avail - plen > MAX_L2_PAD) {
        return -1;
    }

    switch (ip6->nexthdr) {
    case IPPROTO_HOPOPTS:
    case IPPROTO_ROUTING:
    case IPPROTO_FRAGMENT:
    case IPPROTO_DSTOPTS:
    case IPPROTO_AH:
    case IPPROTO_MH:
    case IPPROTO_HIP:
    case IPPROTO_SHIM6:
        return -1;
    }

    __builtin_memcpy(key->nw_src, &ip6->saddr, sizeof key->nw_src);
    __builtin_memcpy(key->nw_dst, &ip6->daddr, sizeof key->nw_dst);
    key->nw_tos = first >> 20;
    key->ipv6_label = bpf_htonl(first & 0x000fffff);
    key->nw_ttl = ip6->hop_limit;
    key->nw_proto = ip6->nexthdr;
    info->is_ipv6 = 1;

    info->l4_off = info->l3_off + sizeof *ip6;
    return parse_l4(ip6 + 1, end, plen, key, info);
}

/* Parses the ARP or RARP header at 'nh' into 'key' as Open vSwitch does:
 * for Ethernet/IPv4 ARP, the sender and target IPv4 addresses in
 * 'nw_src[0]' and 'nw_dst[0]' and an opcode up to 255 in 'nw_proto';
 * otherwise nothing.  (Open vSwitch's flow has the ARP hardware addresses
 * too, which the key has not: userspace offloads no flow that matches
 * them.)  Never takes the slow path. */
static __always_inline void
parse_arp(void *nh, void *end, struct afxdp_flow_key *key)
{
    struct arp_eth *arp = nh;
    __u16 op;

    if ((void *) (arp + 1) > end
        || arp->ar_hrd != bpf_htons(ARP_HRD_ETHERNET)
        || arp->ar_pro != bpf_htons(ETH_P_IP)
        || arp->ar_hln != ETH_ALEN || arp->ar_pln != 4) {
        return;
    }
    __builtin_memcpy(&key->nw_src[0], arp->ar_spa, sizeof key->nw_src[0]);
    __builtin_memcpy(&key->nw_dst[0], arp->ar_tpa, sizeof key->nw_dst[0]);
    op = bpf_ntohs(arp->ar_op);
    if (op <= 0xff) {
        key->nw_proto = op;
    }
}

/* Builds the key of the frame of 'len' bytes whose headers lie between
 * 'data' and 'end' (all of it in XDP; an skb's linear part in TC) into
 * 'key', which must be zeroed, and fills in 'info'.  Returns 0, or -1 for
 * the slow path. */
static __always_inline int
parse_frame(void *data, void *end, __u32 len, struct afxdp_flow_key *key,
            struct parse_info *info)
{
    struct ethhdr *eth = data;
    void *nh = eth + 1;
    __be16 eth_type;

    if (nh > end) {
        return -1;
    }
    __builtin_memcpy(key->eth_dst, eth->h_dest, ETH_ALEN);
    __builtin_memcpy(key->eth_src, eth->h_source, ETH_ALEN);
    eth_type = eth->h_proto;

    if (eth_type == bpf_htons(ETH_P_8021Q)
        || eth_type == bpf_htons(ETH_P_8021AD)) {
        struct vlan_tag *tag = nh;

        if ((void *) (tag + 1) > end) {
            return -1;
        }
        key->vlan_tpid = eth_type;
        key->vlan_tci = tag->tci | bpf_htons(AFXDP_FLOW_VLAN_PRESENT);
        eth_type = tag->eth_type;
        nh = tag + 1;
        info->tagged = 1;

        if (eth_type == bpf_htons(ETH_P_8021Q)
            || eth_type == bpf_htons(ETH_P_8021AD)) {
            return -1;                          /* A second tag. */
        }
    }

    if (bpf_ntohs(eth_type) < ETH_P_802_3_MIN
        || eth_type == bpf_htons(ETH_P_MPLS_UC)
        || eth_type == bpf_htons(ETH_P_MPLS_MC)) {
        return -1;
    }
    key->eth_type = eth_type;
    info->l3_off = ETH_HLEN + (info->tagged ? sizeof(struct vlan_tag) : 0);

    if (len < info->l3_off) {
        return -1;
    }
    if (eth_type == bpf_htons(ETH_P_IP)) {
        return parse_ipv4(nh, end, len - info->l3_off, key, info);
    } else if (eth_type == bpf_htons(ETH_P_IPV6)) {
        return parse_ipv6(nh, end, len - info->l3_off, key, info);
    } else if (eth_type == bpf_htons(ETH_P_ARP)
               || eth_type == bpf_htons(ETH_P_RARP)) {
        parse_arp(nh, end, key);
    }
    return 0;
}

/* Looks 'key', masked by the mask in slot 'i' if that slot is in use, up
 * in slot 'i''s table.  Returns its flow or NULL. */
static __always_inline struct afxdp_offload_flow *
lookup_in(const union flow_key_words *key, __u32 i)
{
    union flow_key_words masked;
    struct afxdp_offload_mask *m;
    const __u64 *mask;
    __u32 index = i;
    void *table;
    __u32 j;

    m = bpf_map_lookup_elem(&offload_masks, &index);
    if (!m || !m->in_use) {
        return NULL;
    }
    table = bpf_map_lookup_elem(&offload_flows, &index);
    if (!table) {
        return NULL;
    }
    mask = (const __u64 *) &m->mask;
    for (j = 0; j < sizeof masked.w / sizeof masked.w[0]; j++) {
        masked.w[j] = key->w[j] & mask[j];
    }
    return bpf_map_lookup_elem(table, &masked);
}

/* The tuple-space search: returns the flow of the first of the 'n_masks'
 * masks in use whose table has 'key' masked by it, or NULL; stores the
 * mask's slot in '*slotp'.
 *
 * The maps' key is a copy of the loop counter: the counter itself, its
 * address taken, would live in a 32-bit stack slot that the verifier
 * (with the BPF target's default CPU, v1) does not track, and it would
 * reject the loop as infinite. */
static __always_inline struct afxdp_offload_flow *
search_flow(const union flow_key_words *key, __u32 n_masks, __u32 *slotp)
{
    __u32 i;

    for (i = 0; i < AFXDP_OFFLOAD_MAX_MASKS; i++) {
        struct afxdp_offload_flow *flow;
        __u32 index = i;

        if (i >= n_masks) {
            break;
        }
        flow = lookup_in(key, index);
        if (flow) {
            *slotp = index;
            return flow;
        }
    }
    return NULL;
}

/* A 64-bit hash of 'key', for the signature cache: multiply and
 * xor-shift word by word, then MurmurHash3's 64-bit finalizer, without
 * which the high bits of the last word (the transport ports) would never
 * reach the low bits that index the cache. */
static __always_inline __u64
key_hash(const union flow_key_words *key)
{
    __u64 h = 0x9e3779b97f4a7c15ULL;
    __u32 j;

    for (j = 0; j < sizeof key->w / sizeof key->w[0]; j++) {
        h ^= key->w[j];
        h *= 0xff51afd7ed558ccdULL;
        h ^= h >> 29;
    }
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdULL;
    h ^= h >> 33;
    h *= 0xc4ceb9fe1a85ec53ULL;
    h ^= h >> 33;
    return h;
}

/* The flow of 'key' masked by the mask in the slot that cache way 'way'
 * (24 bits of signature, 8 bits of slot + 1) names, if its signature is
 * 'sig' and the slot is one of the first 'n_masks'; NULL otherwise. */
static __always_inline struct afxdp_offload_flow *
lookup_way(const union flow_key_words *key, __u32 way, __u32 sig,
           __u32 n_masks)
{
    __u32 slot = (way & 0xff) - 1;

    if (!way || (way & ~0xffu) != sig || slot >= n_masks
        || slot >= AFXDP_OFFLOAD_MAX_MASKS) {
        return NULL;
    }
    return lookup_in(key, slot);
}

/* The flow of 'key' among the first 'n_masks' mask slots, or NULL: with
 * more than one mask, through the signature cache 'offload_cache' (see
 * lib/afxdp-offload-maps.h): two ways per entry; the search writes the way
 * that holds 'key''s signature already, else an empty one, else the one a
 * bit of the hash picks.  Sets '*cachedp' if the cache found the flow. */
static __always_inline struct afxdp_offload_flow *
lookup_flow(const union flow_key_words *key, __u32 n_masks, int *cachedp)
{
    struct afxdp_offload_flow *flow;
    __u32 slot = 0;

    *cachedp = 0;
    if (n_masks <= 1) {
        return search_flow(key, n_masks, &slot);
    }

    __u64 h = key_hash(key);
    __u32 index = (__u32) h & (AFXDP_OFFLOAD_CACHE_ENTRIES - 1);
    __u32 sig = (__u32) (h >> 40) << 8;     /* 24 bits not in 'index'. */
    __u64 *entry = bpf_map_lookup_elem(&offload_cache, &index);

    if (!entry) {
        return search_flow(key, n_masks, &slot);
    }
    __u64 e = *entry;
    __u32 way0 = (__u32) e, way1 = (__u32) (e >> 32);
    flow = lookup_way(key, way0, sig, n_masks);
    if (!flow) {
        flow = lookup_way(key, way1, sig, n_masks);
    }
    if (flow) {
        *cachedp = 1;
        return flow;
    }

    flow = search_flow(key, n_masks, &slot);
    if (flow) {
        __u32 way = sig | (slot + 1);

        if ((way1 & ~0xffu) == sig
            || ((way0 & ~0xffu) != sig && way0 && (!way1 || h >> 39 & 1))) {
            way1 = way;
        } else {
            way0 = way;
        }
        *entry = (__u64) way1 << 32 | way0;
    }
    return flow;
}

/* Counts 'n' packets of 'len' bytes in all (a frame, or a large segment's
 * worth), with TCP flags 'tcp_flags', in the counter of 'flow'.  Several
 * CPUs may run the same flow: the additions are atomic. */
static __always_inline void
count_flow(const struct afxdp_offload_flow *flow, __u32 n, __u64 len,
           __u32 tcp_flags)
{
    /* The coarse clock (a tick's resolution) is plenty for the
     * revalidators and cheaper than the precise one. */
    __u64 now = bpf_ktime_get_coarse_ns();
    __u32 index = flow->counter;
    struct afxdp_offload_counter *c;

    c = bpf_map_lookup_elem(&offload_counters, &index);
    if (!c) {
        return;
    }
    __sync_fetch_and_add(&c->packets, n);
    __sync_fetch_and_add(&c->bytes, len);
    if (c->used_ns != now) {
        c->used_ns = now;
    }
    /* Most segments of a connection carry flags already seen: no locked
     * operation for them. */
    if (tcp_flags && (c->tcp_flags & tcp_flags) != tcp_flags) {
        flow_word *word = (flow_word *) &c->tcp_flags;

#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
        __sync_fetch_and_or(word, (__u64) tcp_flags);
#else
        __sync_fetch_and_or(word, (__u64) tcp_flags << 32);
#endif
    }
}


/* Removes the VLAN tag after the Ethernet addresses of the frame of
 * 'ctx', which has one.  Returns 0, or -1 if the frame is now unusable. */
static __always_inline int
pop_vlan(struct xdp_md *ctx)
{
    void *data = (void *) (long) ctx->data;
    void *end = (void *) (long) ctx->data_end;
    __u8 macs[2 * ETH_ALEN];

    if (data + sizeof macs + sizeof(struct vlan_tag) > end) {
        return -1;
    }
    __builtin_memcpy(macs, data, sizeof macs);
    __builtin_memcpy(data + sizeof(struct vlan_tag), macs, sizeof macs);
    return bpf_xdp_adjust_head(ctx, sizeof(struct vlan_tag)) ? -1 : 0;
}

/* Sets the bits of the frame's Ethernet addresses that 'actions' masks to
 * its values.  Returns 0, or -1 if the frame is unusable. */
static __always_inline int
set_eth(struct xdp_md *ctx, const struct afxdp_offload_actions *actions)
{
    void *data = (void *) (long) ctx->data;
    void *end = (void *) (long) ctx->data_end;
    struct ethhdr *eth = data;
    int i;

    if ((void *) (eth + 1) > end) {
        return -1;
    }
    for (i = 0; i < ETH_ALEN; i++) {
        eth->h_dest[i] = ((eth->h_dest[i] & ~actions->eth_dst_mask[i])
                          | (actions->eth_dst[i] & actions->eth_dst_mask[i]));
        eth->h_source[i] = ((eth->h_source[i] & ~actions->eth_src_mask[i])
                            | (actions->eth_src[i]
                               & actions->eth_src_mask[i]));
    }
    return 0;
}

/* Inserts the VLAN tag of 'actions' after the frame's Ethernet addresses.
 * Returns 0, or -1 if the frame is unusable. */
static __always_inline int
push_vlan(struct xdp_md *ctx, const struct afxdp_offload_actions *actions)
{
    __be16 tpid = actions->vlan_tpid;
    __be16 tci = actions->vlan_tci;
    __u8 macs[2 * ETH_ALEN];
    __be16 *tag;
    void *data, *end;

    if (bpf_xdp_adjust_head(ctx, -(int) sizeof(struct vlan_tag))) {
        return -1;
    }
    data = (void *) (long) ctx->data;
    end = (void *) (long) ctx->data_end;

    /* The addresses, the new tag, then the old type (or tag). */
    if (data + sizeof macs + sizeof(struct vlan_tag) + sizeof(__be16)
        > end) {
        return -1;
    }
    __builtin_memcpy(macs, data + sizeof(struct vlan_tag), sizeof macs);
    __builtin_memcpy(data, macs, sizeof macs);
    tag = data + sizeof macs;
    tag[0] = tpid;
    tag[1] = tci;
    return 0;
}

/* Runs the actions of 'flow' on the frame of 'ctx', which has a VLAN tag
 * if 'tagged', and counts a drop in 'rx_stats' (if nonnull).  Returns the
 * XDP action.  Redirects through 'offload_devmap', or, if 'by_ifindex' (a
 * constant), with bpf_redirect() to the ifindex in 'offload_ifindex'.
 *
 * A program that uses a DEVMAP must agree with the first program that used
 * it in type and in multi-buffer support (the kernel's
 * bpf_check_tail_call(), for every map that may hold programs): the shared
 * devmap is the multi-buffer program's, and the single-buffer program of
 * generic mode redirects by ifindex, which in generic mode costs the same. */
static __always_inline int
actions_run(struct xdp_md *ctx, const struct afxdp_offload_flow *flow,
            int tagged, struct afxdp_offload_port_stats *rx_stats,
            const int by_ifindex)
{
    struct afxdp_offload_port_stats *tx_stats;
    __u32 flags = flow->actions.flags;
    __u32 out_slot;

    if (((flags & AFXDP_ACT_POP_VLAN) && tagged && pop_vlan(ctx))
        || ((flags & AFXDP_ACT_SET_ETH) && set_eth(ctx, &flow->actions))
        || ((flags & AFXDP_ACT_PUSH_VLAN)
            && push_vlan(ctx, &flow->actions))
        || !(flags & AFXDP_ACT_OUTPUT)) {
        if (rx_stats) {
            rx_stats->rx_dropped++;
        }
        return XDP_DROP;
    }

    out_slot = flow->actions.out_slot;
    if (out_slot >= AFXDP_OFFLOAD_MAX_PORTS) {
        return XDP_DROP;
    }
    /* A slot without a port (one going away) drops. */
    __u64 len = ctx->data_end - ctx->data;
    int action;
    if (by_ifindex) {
        __u32 *ifindex = bpf_map_lookup_elem(&offload_ifindex, &out_slot);

        action = (ifindex && *ifindex
                  ? bpf_redirect(*ifindex, 0) : XDP_DROP);
    } else {
        action = bpf_redirect_map(&offload_devmap, out_slot, XDP_DROP);
    }
    if (action == XDP_REDIRECT) {
        tx_stats = port_stats(out_slot);
        if (tx_stats) {
            tx_stats->tx_packets++;
            tx_stats->tx_bytes += len;
        }
    }
    return action;
}

/* actions_run() for the multi-buffer program, and (below) for the
 * single-buffer one.
 *
 * Not inlined, and 'flow' const: this parameter is what puts struct
 * afxdp_offload_flow whole into the object's BTF.  Otherwise the struct
 * is only ever reached through the pointer in the inner map template of
 * 'offload_flows', for which clang emits a forward declaration, and
 * libbpf, unable to size the template's values, refuses the object. */
static __noinline int
run_actions(struct xdp_md *ctx, const struct afxdp_offload_flow *flow,
            int tagged, struct afxdp_offload_port_stats *rx_stats)
{
    return actions_run(ctx, flow, tagged, rx_stats, 0);
}

static __noinline int
run_actions_sb(struct xdp_md *ctx, const struct afxdp_offload_flow *flow,
               int tagged, struct afxdp_offload_port_stats *rx_stats)
{
    return actions_run(ctx, flow, tagged, rx_stats, 1);
}

/* Returns the MTU of the device that 'ctx' (an xdp_md or a __sk_buff)
 * came in on, as it is now. */
static __always_inline __u32
device_mtu(void *ctx)
{
    __u32 mtu = 0;

    bpf_check_mtu(ctx, 0, &mtu, 0, 0);
    return mtu;
}

/* The fast path's XDP program, as described at the top of this file;
 * 'single_buffer' (a constant) for ovs_afxdp_rx_offload_sb(). */
static __always_inline int
rx_offload(struct xdp_md *ctx, const int single_buffer)
{
    struct afxdp_offload_port_stats *rx_stats;
    struct afxdp_offload_config *config;
    struct afxdp_offload_flow *flow;
    struct parse_info info = { 0 };
    union flow_key_words key;
    __u32 zero = 0, n_masks;
    int cached;
    void *data, *end;
    __u32 queue = ctx->rx_queue_index;
    __u64 len;

    /* A queue that Open vSwitch does not poll (n_rxq below the device's
     * channels) belongs to the host stack: no flow may act on its
     * frames. */
    if (!parser_test && !bpf_map_lookup_elem(&xsks_map, &queue)) {
        return XDP_PASS;
    }

    config = bpf_map_lookup_elem(&offload_config, &zero);
    if (!config) {
        return slow_path(ctx);
    }
    /* A large segment, for TC, which also counts those it cannot take:
     * no socket could carry it. */
    if (config->gso_over
        && bpf_xdp_get_buff_len(ctx) > device_mtu(ctx) + config->gso_over) {
        return XDP_PASS;
    }
    if (!config->enabled || !config->n_masks) {
        return slow_path(ctx);
    }
    n_masks = config->n_masks;

    data = (void *) (long) ctx->data;
    end = (void *) (long) ctx->data_end;
    len = end - data;
    if (bpf_xdp_get_buff_len(ctx) > len) {
        return slow_path(ctx);          /* Multi-buffer. */
    }

    __builtin_memset(&key, 0, sizeof key);
    if (parse_frame(data, end, len, &key.key, &info)) {
        return slow_path(ctx);
    }

    flow = lookup_flow(&key, n_masks, &cached);
    if (!flow || flow->flags & config->aside) {
        return slow_path(ctx);
    }

    rx_stats = port_stats(config->slot);
    if (cached && rx_stats) {
        rx_stats->rx_cache_hits++;
    }
    if (config->csum_rx && flow->actions.flags & AFXDP_ACT_OUTPUT) {
        switch (csum_rx_fix(ctx, info.csum.l4_off, info.csum.l4_len,
                            info.csum.pseudo, info.csum.flags)) {
        case CSUM_RX_NONE:
            break;
        case CSUM_RX_COMPLETED:
            if (rx_stats) {
                rx_stats->rx_csum_completed++;
            }
            break;
        case CSUM_RX_BAD:
            if (rx_stats) {
                rx_stats->rx_csum_bad++;
            }
            break;
        case CSUM_RX_SLOW:
            return slow_path(ctx);
        }
    }

    count_flow(flow, 1, len, info.tcp_flags);
    if (rx_stats) {
        rx_stats->rx_packets++;
        rx_stats->rx_bytes += len;
    }
    return (single_buffer
            ? run_actions_sb(ctx, flow, info.tagged, rx_stats)
            : run_actions(ctx, flow, info.tagged, rx_stats));
}

SEC("xdp.frags")
int
ovs_afxdp_rx_offload(struct xdp_md *ctx)
{
    return rx_offload(ctx, 0);
}

/* The same, single-buffer, for generic mode with the TC program
 * (ovs_afxdp_tc_gso()): the kernel then linearizes a large segment for XDP
 * in place, where for a multi-buffer program it makes a copy whose MAC
 * header TC no longer sees at the start of the packet (Linux 6.18). */
SEC("xdp")
int
ovs_afxdp_rx_offload_sb(struct xdp_md *ctx)
{
    return rx_offload(ctx, 1);
}

/* The part of a large segment's headers that the TC program reads and
 * writes: Ethernet (a VLAN tag is out of band), IPv4 with options or
 * IPv6, TCP with options. */
#define GSO_HEADERS_MAX (ETH_HLEN + 60 + 60)

/* Runs the actions of 'flow' on the large segment 'skb', of 'n_segs'
 * segments: pop the VLAN tag, set the Ethernet addresses, push a VLAN tag,
 * then redirect it to the egress of the output port's device.  Returns the
 * TC action, and counts what it sends in the output port's
 * 'offload_port_stats'. */
static __always_inline int
run_actions_skb(struct __sk_buff *skb, const struct afxdp_offload_flow *flow,
                __u32 n_segs, struct afxdp_offload_port_stats *rx_stats)
{
    const struct afxdp_offload_actions *actions = &flow->actions;
    struct afxdp_offload_port_stats *tx_stats;
    __u32 flags = actions->flags;
    __u32 out_slot = actions->out_slot;
    __u32 *ifindex;

    if (!(flags & AFXDP_ACT_OUTPUT) || out_slot >= AFXDP_OFFLOAD_MAX_PORTS) {
        goto drop;
    }
    ifindex = bpf_map_lookup_elem(&offload_ifindex, &out_slot);
    if (!ifindex || !*ifindex) {
        goto drop;                      /* A port going away. */
    }
    if ((flags & AFXDP_ACT_POP_VLAN) && bpf_skb_vlan_pop(skb)) {
        goto drop;
    }
    if (flags & AFXDP_ACT_SET_ETH) {
        void *data = (void *) (long) skb->data;
        void *end = (void *) (long) skb->data_end;
        struct ethhdr *eth = data;

        if ((void *) (eth + 1) > end) {
            goto drop;
        }
        for (int i = 0; i < ETH_ALEN; i++) {
            eth->h_dest[i] = ((eth->h_dest[i] & ~actions->eth_dst_mask[i])
                              | (actions->eth_dst[i]
                                 & actions->eth_dst_mask[i]));
            eth->h_source[i] = ((eth->h_source[i]
                                 & ~actions->eth_src_mask[i])
                                | (actions->eth_src[i]
                                   & actions->eth_src_mask[i]));
        }
    }
    if ((flags & AFXDP_ACT_PUSH_VLAN)
        && bpf_skb_vlan_push(skb, actions->vlan_tpid,
                             bpf_ntohs(actions->vlan_tci))) {
        goto drop;
    }

    tx_stats = port_stats(out_slot);
    if (tx_stats) {
        tx_stats->tx_packets += n_segs;
        tx_stats->tx_bytes += skb->len;
    }
    return bpf_redirect(*ifindex, 0);

drop:
    if (rx_stats) {
        rx_stats->rx_dropped++;
    }
    return TC_ACT_SHOT;
}

/* At TC ingress of a port in generic mode: takes the large (GSO) segments
 * that ovs_afxdp_rx_offload() passed on, which neither an XDP redirect nor
 * an AF_XDP socket can carry (Documentation/topics/xdp-fast-path.rst,
 * "Containers: TCP at the Linux bridge's speed"), and runs their flow's
 * actions on them as they are, an skb with its GSO state, for the output
 * device (or its peer) to segment or not.  A segment without a flow in
 * the maps, or with a VLAN tag (which the kernel has taken out of band
 * before TC, and the key would need), is dropped and counted: the sender
 * retransmits it, by then with a flow.
 * Every other skb goes on as the kernel would take it. */
SEC("tc")
int
ovs_afxdp_tc_gso(struct __sk_buff *skb)
{
    struct afxdp_offload_port_stats *rx_stats;
    struct afxdp_offload_config *config;
    struct afxdp_offload_flow *flow;
    struct parse_info info = { 0 };
    union flow_key_words key;
    __u32 zero = 0, n_segs, queue;
    int cached, ret;

    config = bpf_map_lookup_elem(&offload_config, &zero);
    if (!config || !config->gso_over
        || skb->len <= device_mtu(skb) + config->gso_over) {
        return TC_ACT_UNSPEC;           /* Not ours: the next program's. */
    }
    /* As in XDP, a queue that Open vSwitch does not poll belongs to the
     * host stack (the queue as generic XDP saw it). */
    queue = skb->queue_mapping ? skb->queue_mapping - 1 : 0;
    if (!bpf_map_lookup_elem(&xsks_map, &queue)) {
        return TC_ACT_UNSPEC;
    }
    /* A tap's GSO packets may come with 'gso_segs' not yet known; a frame
     * over an MTU raised since the port attached is not GSO at all. */
    n_segs = skb->gso_segs ? skb->gso_segs : 1;
    rx_stats = port_stats(config->slot);
    if (!config->enabled || !config->n_masks || skb->vlan_present) {
        goto missed;
    }

    bpf_skb_pull_data(skb, GSO_HEADERS_MAX);
    __builtin_memset(&key, 0, sizeof key);
    if (parse_frame((void *) (long) skb->data, (void *) (long) skb->data_end,
                    skb->len, &key.key, &info)) {
        goto missed;
    }
    flow = lookup_flow(&key, config->n_masks, &cached);
    if (!flow || flow->flags & config->aside) {
        goto missed;
    }

    count_flow(flow, n_segs, skb->len, info.tcp_flags);
    if (rx_stats) {
        rx_stats->rx_packets += n_segs;
        rx_stats->rx_bytes += skb->len;
    }
    ret = run_actions_skb(skb, flow, n_segs, rx_stats);
    if (ret != TC_ACT_SHOT && rx_stats) {
        rx_stats->rx_gso++;
    }
    return ret;

missed:
    if (rx_stats) {
        rx_stats->rx_gso_missed++;
    }
    return TC_ACT_SHOT;
}

char _license[] SEC("license") = "Dual BSD/GPL";
