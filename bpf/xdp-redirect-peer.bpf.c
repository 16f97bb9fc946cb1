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

/* The benchmark's in-kernel baseline: redirects every frame to one other
 * device, the practical ceiling for a switch between two veths.
 *
 * Maps:
 *   tx_port   BPF_MAP_TYPE_DEVMAP, one entry, key 0: the ifindex to send
 *             to.  The benchmark fills it with bpftool after loading. */

#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct {
    __uint(type, BPF_MAP_TYPE_DEVMAP);
    __uint(max_entries, 1);
    __type(key, __u32);
    __type(value, __u32);
} tx_port SEC(".maps");

SEC("xdp.frags")
int
bench_redirect(struct xdp_md *ctx)
{
    return bpf_redirect_map(&tx_port, 0, 0);
}

char _license[] SEC("license") = "Dual BSD/GPL";
