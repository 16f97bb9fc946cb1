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

#ifndef AFXDP_OFFLOAD_PORT_STATS_H
#define AFXDP_OFFLOAD_PORT_STATS_H 1

/* The fast path's per-CPU port counters, by slot (lib/afxdp-offload-maps.h),
 * as each BPF object that counts in them declares them: userspace gives
 * every such object the same map before loading (bpf_map__reuse_fd()), so
 * the declaration must be the same everywhere.  For one BPF object each:
 * it defines the map. */

#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include "afxdp-offload-maps.h"

struct {
    __uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
    __uint(max_entries, AFXDP_OFFLOAD_MAX_PORTS);
    __type(key, __u32);
    __type(value, struct afxdp_offload_port_stats);
} offload_port_stats SEC(".maps");

/* Returns this CPU's counters of the port in 'slot', or NULL. */
static __always_inline struct afxdp_offload_port_stats *
port_stats(__u32 slot)
{
    return bpf_map_lookup_elem(&offload_port_stats, &slot);
}

#endif /* afxdp-offload-port-stats.h */
