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

#ifndef AFXDP_XSKMAP_H
#define AFXDP_XSKMAP_H 1

/* The map of our XDP programs (bpf/afxdp-redirect*.bpf.c); userspace
 * (lib/afxdp-xdp-prog.c) relies on its name.
 *
 *   xsks_map   BPF_MAP_TYPE_XSKMAP, key: rx queue index (u32), value: the
 *              AF_XDP socket bound to that queue.  Userspace sets
 *              max_entries before loading (at least the device's number of
 *              rx queues) and inserts one socket per polled queue. */

#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct {
    __uint(type, BPF_MAP_TYPE_XSKMAP);
    __uint(max_entries, 64);
    __type(key, __u32);
    __type(value, __u32);
} xsks_map SEC(".maps");

#endif /* afxdp-xskmap.h */
