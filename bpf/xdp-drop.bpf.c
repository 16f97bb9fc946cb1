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

/* The benchmark's sink: drops every frame as early as the kernel can, so
 * that the sink's network stack does not compete for the CPUs.  The veth
 * counts what it dropped (ethtool -S: rx_queue_N_xdp_drops).  No maps. */

#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

SEC("xdp.frags")
int
bench_xdp_drop(struct xdp_md *ctx)
{
    return XDP_DROP;
}

char _license[] SEC("license") = "Dual BSD/GPL";
