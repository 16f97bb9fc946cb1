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

/* A sample of a user's own XDP program for an afxdp port
 * (options:xdp-prog=PATH[:SECTION]): it drops IPv4 UDP and TCP frames to
 * destination port DROP_PORT in XDP, before they reach Open vSwitch, and
 * hands every other frame to ovs-afxdp's socket of its queue.
 *
 * What such a program must have: a map of type BPF_MAP_TYPE_XSKMAP named
 * "xsks_map" (ovs-afxdp sizes it and puts its sockets in it, one per rx
 * queue), as bpf/afxdp-xskmap.h defines it (include it, or copy it), and a
 * bpf_redirect_map() into it.  Counters of its own are the
 * user's business: this one counts the frames it drops in 'dropped'. */

#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/in.h>
#include <linux/ip.h>
#include <linux/udp.h>
#include <bpf/bpf_endian.h>
#include <bpf/bpf_helpers.h>

#include "afxdp-xskmap.h"

#define DROP_PORT 9999

struct {
    __uint(type, BPF_MAP_TYPE_ARRAY);
    __uint(max_entries, 1);
    __type(key, __u32);
    __type(value, __u64);
} dropped SEC(".maps");

SEC("xdp")
int
drop_port(struct xdp_md *ctx)
{
    void *data = (void *) (long) ctx->data;
    void *data_end = (void *) (long) ctx->data_end;
    struct ethhdr *eth = data;
    struct iphdr *ip = (void *) (eth + 1);

    if ((void *) (ip + 1) <= data_end
        && eth->h_proto == bpf_htons(ETH_P_IP)
        && (ip->protocol == IPPROTO_UDP || ip->protocol == IPPROTO_TCP)
        && ip->ihl == 5) {
        /* The destination port is at the same place in UDP and TCP. */
        struct udphdr *l4 = (void *) (ip + 1);

        if ((void *) (l4 + 1) <= data_end
            && l4->dest == bpf_htons(DROP_PORT)) {
            __u32 key = 0;
            __u64 *n = bpf_map_lookup_elem(&dropped, &key);

            if (n) {
                __sync_fetch_and_add(n, 1);
            }
            return XDP_DROP;
        }
    }
    return bpf_redirect_map(&xsks_map, ctx->rx_queue_index, XDP_PASS);
}

char _license[] SEC("license") = "Dual BSD/GPL";
