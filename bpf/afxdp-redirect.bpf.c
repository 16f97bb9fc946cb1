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

/* The XDP programs that ovs-afxdp attaches to every afxdp port, one of the
 * two (lib/afxdp-xdp-prog.c chooses, and loads only that one).
 *
 * Maps (userspace, lib/afxdp-xdp-prog.c, relies on these names):
 *
 *   xsks_map   BPF_MAP_TYPE_XSKMAP, key: rx queue index (u32), value: the
 *              AF_XDP socket bound to that queue.  Userspace sets
 *              max_entries before loading (at least the device's number of
 *              rx queues) and inserts one socket per polled queue.
 *
 * Programs (both in section "xdp.frags": they take multi-buffer frames, so
 * that a device with a jumbo MTU can run them):
 *
 *   ovs_afxdp_rx   Redirects every frame of a queue that has a socket into
 *                  that socket.  A queue without a socket (not polled by
 *                  Open vSwitch) keeps working as before: the frame goes on
 *                  to the kernel stack (XDP_PASS), because the low bits of
 *                  bpf_redirect_map()'s flags are the action taken when the
 *                  lookup finds no entry.
 *
 *   ovs_afxdp_rx_md  The same, and first puts a struct afxdp_rx_meta in
 *                  the metadata area with the device's RX hash
 *                  (bpf_xdp_metadata_rx_hash(), Linux 6.3+).  Kernel
 *                  functions like that one need a program bound to its
 *                  device, which runs only in native mode. */

#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

#include "afxdp-rx-meta.h"

/* The kernel's enum (include/net/xdp.h); libbpf matches a kernel function's
 * arguments by kind, so the members need not be listed. */
enum xdp_rss_hash_type {
    XDP_RSS_TYPE_NONE = 0,
};

extern int bpf_xdp_metadata_rx_hash(const struct xdp_md *ctx, __u32 *hash,
                                    enum xdp_rss_hash_type *rss_type) __ksym;

struct {
    __uint(type, BPF_MAP_TYPE_XSKMAP);
    __uint(max_entries, 64);
    __type(key, __u32);
    __type(value, __u32);
} xsks_map SEC(".maps");

SEC("xdp.frags")
int
ovs_afxdp_rx(struct xdp_md *ctx)
{
    return bpf_redirect_map(&xsks_map, ctx->rx_queue_index, XDP_PASS);
}

SEC("xdp.frags")
int
ovs_afxdp_rx_md(struct xdp_md *ctx)
{
    __u32 queue = ctx->rx_queue_index;

    /* A frame for the kernel stack gets no metadata. */
    if (!bpf_map_lookup_elem(&xsks_map, &queue)) {
        return XDP_PASS;
    }

    if (!bpf_xdp_adjust_meta(ctx, -(int) sizeof(struct afxdp_rx_meta))) {
        struct afxdp_rx_meta *meta = (void *) (long) ctx->data_meta;
        void *data = (void *) (long) ctx->data;

        if ((void *) (meta + 1) <= data) {
            enum xdp_rss_hash_type type = XDP_RSS_TYPE_NONE;
            __u32 hash = 0;

            meta->flags = 0;
            if (!bpf_xdp_metadata_rx_hash(ctx, &hash, &type)) {
                meta->flags = AFXDP_RX_META_HASH;
            }
            meta->hash = hash;
            meta->hash_type = type;
            meta->magic = AFXDP_RX_META_MAGIC;
        }
    }
    return bpf_redirect_map(&xsks_map, queue, XDP_PASS);
}

char _license[] SEC("license") = "Dual BSD/GPL";
