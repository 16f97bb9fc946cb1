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

/* The XDP program that ovs-afxdp attaches to every afxdp port.
 *
 * Maps (userspace, lib/afxdp-xdp-prog.c, relies on these names):
 *
 *   xsks_map   BPF_MAP_TYPE_XSKMAP, key: rx queue index (u32), value: the
 *              AF_XDP socket bound to that queue.  Userspace sets
 *              max_entries before loading (at least the device's number of
 *              rx queues) and inserts one socket per polled queue.
 *
 * Program:
 *
 *   ovs_afxdp_rx   Redirects every frame of a queue that has a socket into
 *                  that socket.  A queue without a socket (not polled by
 *                  Open vSwitch) keeps working as before: the frame goes on
 *                  to the kernel stack (XDP_PASS), because the low bits of
 *                  bpf_redirect_map()'s flags are the action taken when the
 *                  lookup finds no entry.
 */

#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct {
    __uint(type, BPF_MAP_TYPE_XSKMAP);
    __uint(max_entries, 64);
    __type(key, __u32);
    __type(value, __u32);
} xsks_map SEC(".maps");

SEC("xdp")
int
ovs_afxdp_rx(struct xdp_md *ctx)
{
    return bpf_redirect_map(&xsks_map, ctx->rx_queue_index, XDP_PASS);
}

char _license[] SEC("license") = "Dual BSD/GPL";
