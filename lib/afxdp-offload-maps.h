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

#ifndef AFXDP_OFFLOAD_MAPS_H
#define AFXDP_OFFLOAD_MAPS_H 1

/* What the XDP fast path (bpf/afxdp-redirect-offload.bpf.c, program
 * ovs_afxdp_rx_offload) and its userspace half (lib/afxdp-offload.c) share:
 * the flow key, the actions, the counters and the maps' names.  Plain C, no
 * Open vSwitch header: the BPF program includes it too.
 *
 * Maps of each port's program (a port's own, made when it is loaded):
 *
 *   offload_masks   ARRAY, AFXDP_OFFLOAD_MAX_MASKS entries of struct
 *                   afxdp_offload_mask: the masks of the port's offloaded
 *                   megaflows, searched in index order.
 *   offload_flows   ARRAY_OF_MAPS, AFXDP_OFFLOAD_MAX_MASKS entries: entry i
 *                   is the HASH map of the flows whose mask is mask i, key
 *                   struct afxdp_flow_key (already masked), value struct
 *                   afxdp_offload_flow.  The tuple-space search: mask the
 *                   packet's key with each mask in turn, look it up in that
 *                   mask's table.  The tables are made with
 *                   BPF_F_NO_PREALLOC, as the program's template says: the
 *                   kernel takes only inner maps of the template's flags.
 *   offload_config  ARRAY, one struct afxdp_offload_config.
 *   offload_cache   ARRAY, AFXDP_OFFLOAD_CACHE_ENTRIES entries of __u64:
 *                   the signature cache in front of the tuple-space
 *                   search.  Entry hash(key) % entries has two ways of 32
 *                   bits; each holds 24 more bits of a hash and the mask
 *                   slot (+ 1) where a frame of that hash last found its
 *                   flow, 0 if none: a frame whose way agrees looks in
 *                   that one table first, and searches them all only if
 *                   its flow is not there.  No
 *                   entry is ever wrong for long: a stale one sends a
 *                   frame to a table without its flow, and the search
 *                   that follows writes it again.  The program's own; only
 *                   it reads or writes it.
 *
 * Maps shared by every port's program (made once by userspace and given to
 * each object before it loads):
 *
 *   offload_devmap  DEVMAP, AFXDP_OFFLOAD_MAX_PORTS entries: slot -> the
 *                   ifindex of an afxdp port that flows may output to.
 *   offload_ifindex  ARRAY, AFXDP_OFFLOAD_MAX_PORTS entries: the same
 *                   ifindexes, 0 for none, for the programs that may not
 *                   use the devmap, whose first user (the multi-buffer
 *                   XDP program) they differ from in type (the TC
 *                   program) or in multi-buffer support (the XDP program
 *                   of generic mode).
 *   offload_port_stats  PERCPU_ARRAY, AFXDP_OFFLOAD_MAX_PORTS entries of
 *                   struct afxdp_offload_port_stats, by slot: what the fast
 *                   path received on and sent to each port.
 *   offload_slot_of  HASH, ifindex -> slot of each port whose fast path
 *                   runs, for bpf/afxdp-redirect-errors.bpf.c.
 *   offload_counters  ARRAY, AFXDP_OFFLOAD_MAX_COUNTERS entries of struct
 *                   afxdp_offload_counter: each offloaded flow's counters,
 *                   at the index its entry names.  Apart from the entry,
 *                   so that changing a flow's actions never touches them.
 *
 * No counter is ever read and then written back by userspace: a flow's
 * counter is zeroed only before it is given to a flow, and a port's
 * counters never are (userspace subtracts what the slot held when the port
 * took it), so that no count made in between can be lost. */

#include <linux/types.h>

#define AFXDP_OFFLOAD_MAX_MASKS 64
#define AFXDP_OFFLOAD_EAGER_TABLES 16 /* Mask slots given their table
                                       * when a port attaches; the rest get
                                       * theirs when first used. */
#define AFXDP_OFFLOAD_MAX_PORTS 64
#define AFXDP_OFFLOAD_MAX_FLOWS 8192    /* In each mask's table. */
#define AFXDP_OFFLOAD_MAX_COUNTERS 262144   /* Flows offloaded at once, in
                                             * all ports: 8 MiB. */
#define AFXDP_OFFLOAD_CACHE_ENTRIES (1 << 17) /* 1 MiB per port, two
                                               * ways each. */

#define AFXDP_OFFLOAD_MASKS_MAP "offload_masks"
#define AFXDP_OFFLOAD_FLOWS_MAP "offload_flows"
#define AFXDP_OFFLOAD_CONFIG_MAP "offload_config"
#define AFXDP_OFFLOAD_CACHE_MAP "offload_cache"
#define AFXDP_OFFLOAD_DEVMAP "offload_devmap"
#define AFXDP_OFFLOAD_IFINDEX_MAP "offload_ifindex"
#define AFXDP_OFFLOAD_PORT_STATS_MAP "offload_port_stats"
#define AFXDP_OFFLOAD_COUNTERS_MAP "offload_counters"
#define AFXDP_OFFLOAD_SLOT_OF_MAP "offload_slot_of"

/* The object's TC program for large segments in generic mode. */
#define AFXDP_OFFLOAD_TC_PROG "ovs_afxdp_tc_gso"

/* Values of 'nw_frag', as Open vSwitch's FLOW_NW_FRAG_*. */
#define AFXDP_FLOW_FRAG_ANY 0x1         /* Any fragment. */
#define AFXDP_FLOW_FRAG_LATER 0x2       /* Not the first fragment. */

/* 'vlan_tci' has this bit set when the frame has a VLAN tag, as Open
 * vSwitch's VLAN_CFI: a tag with TCI 0 still differs from no tag. */
#define AFXDP_FLOW_VLAN_PRESENT 0x1000

/* The fields of a packet that an offloaded megaflow may match, in network
 * byte order, each as Open vSwitch's struct flow holds it, so that a
 * megaflow's match converts field by field.  64 bytes, no hole. */
struct afxdp_flow_key {
    __u8 eth_dst[6];
    __u8 eth_src[6];
    __be16 eth_type;            /* After the VLAN tag, if any. */
    __be16 vlan_tci;            /* | AFXDP_FLOW_VLAN_PRESENT if tagged. */
    __be16 vlan_tpid;           /* 0x8100 or 0x88a8, or 0 if untagged. */
    __u8 nw_proto;              /* IPv4 protocol, IPv6 next header. */
    __u8 nw_frag;               /* AFXDP_FLOW_FRAG_*. */
    __u8 nw_tos;                /* IPv4 TOS, IPv6 traffic class. */
    __u8 nw_ttl;                /* IPv4 TTL, IPv6 hop limit. */
    __u8 pad[2];
    __be32 ipv6_label;          /* Low 20 bits. */
    __be32 nw_src[4];           /* IPv4 address in [0], rest 0. */
    __be32 nw_dst[4];
    __be16 tp_src;              /* TCP/UDP/SCTP port, ICMP type. */
    __be16 tp_dst;              /* TCP/UDP/SCTP port, ICMP code. */
};

/* A mask, in slot i of 'offload_masks'. */
struct afxdp_offload_mask {
    struct afxdp_flow_key mask;
    __u32 in_use;               /* 0 for a free slot, skipped. */
    __u32 pad;
};

/* Bits of struct afxdp_offload_actions 'flags'.  Whatever a megaflow's
 * actions were, they run in this order, which userspace checks gives the
 * same result. */
#define AFXDP_ACT_POP_VLAN 0x1          /* Pop the VLAN tag, if any. */
#define AFXDP_ACT_SET_ETH 0x2           /* Set masked Ethernet addresses. */
#define AFXDP_ACT_PUSH_VLAN 0x4         /* Push 'vlan_tpid', 'vlan_tci'. */
#define AFXDP_ACT_OUTPUT 0x8            /* Redirect to devmap 'out_slot';
                                         * without it, drop. */

struct afxdp_offload_actions {
    __u32 flags;                /* AFXDP_ACT_*. */
    __u32 out_slot;             /* Slot in 'offload_devmap'. */
    __be16 vlan_tpid;
    __be16 vlan_tci;            /* Without AFXDP_FLOW_VLAN_PRESENT. */
    __u8 eth_dst[6];
    __u8 eth_dst_mask[6];
    __u8 eth_src[6];
    __u8 eth_src_mask[6];
    __u8 pad[4];
};

/* Bits of struct afxdp_offload_flow 'flags' and of struct
 * afxdp_offload_config 'aside'. */
#define AFXDP_FLOW_MACS 0x1             /* The megaflow matches Ethernet
                                         * addresses: a MAC learning change
                                         * may change its actions. */

/* A flow: its actions and where it counts. */
struct afxdp_offload_flow {
    struct afxdp_offload_actions actions;
    __u32 counter;              /* Index in 'offload_counters'. */
    __u32 flags;                /* AFXDP_FLOW_*. */
};

/* A flow's counters, which the program adds to atomically. */
struct afxdp_offload_counter {
    __u64 packets;
    __u64 bytes;
    __u64 used_ns;              /* bpf_ktime_get_coarse_ns() of the last
                                 * packet (CLOCK_MONOTONIC_COARSE). */
    __u32 tcp_flags;            /* OR of the TCP flags seen. */
    __u32 pad;
};

struct afxdp_offload_config {
    __u32 n_masks;              /* Slots of 'offload_masks' to search. */
    __u32 slot;                 /* This port's slot, for its counters. */
    __u32 enabled;              /* 0: every frame to the sockets. */
    __u32 aside;                /* AFXDP_FLOW_*: the frames of flows with
                                 * one of these flags go to the sockets. */
    __u32 csum_rx;              /* Complete partial TCP/UDP checksums
                                 * before a redirect (a veth or tap:
                                 * lib/afxdp-csum-rx.h). */
    __u32 gso_over;             /* Nonzero in generic mode with the TC
                                 * program attached: a frame longer than
                                 * the device's MTU (as it is at that
                                 * frame) plus this is a large (GSO)
                                 * segment, which XDP passes on to the TC
                                 * program.  AFXDP_OFFLOAD_GSO_OVER. */
};

/* The bytes beyond the MTU that a frame that is no large segment may have:
 * an Ethernet header and two VLAN tags. */
#define AFXDP_OFFLOAD_GSO_OVER (14 + 2 * 4)

/* Per CPU, by slot. */
struct afxdp_offload_port_stats {
    __u64 rx_packets;           /* Received and handled by the fast path. */
    __u64 rx_bytes;
    __u64 tx_packets;           /* Redirected to the port by it. */
    __u64 tx_bytes;
    __u64 rx_dropped;           /* Dropped by a flow's actions. */
    __u64 tx_failed;            /* Of 'tx_packets', dropped by the kernel
                                 * after the program redirected them
                                 * (bpf/afxdp-redirect-errors.bpf.c). */
    __u64 rx_csum_completed;    /* Partial checksums completed. */
    __u64 rx_csum_bad;          /* Wrong ones, redirected as they are. */
    __u64 rx_cache_hits;        /* Of 'rx_packets', frames that found their
                                 * flow through 'offload_cache': one table
                                 * looked in, not up to every mask's. */
    __u64 rx_gso;               /* Large (GSO) segments that the TC program
                                 * forwarded, each counted once here and
                                 * in 'rx_packets' as its segments. */
    __u64 rx_gso_missed;        /* Large segments with no flow in the maps,
                                 * which the TC program drops. */
};

#endif /* afxdp-offload-maps.h */
