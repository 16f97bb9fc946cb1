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

/* ovs-afxdp's XDP program that also passes the device's RX hash, in an
 * object of its own: the kernel function it calls exists only from Linux
 * 6.3, and libbpf refuses an object one of whose externs the kernel lacks,
 * so the plain program (bpf/afxdp-redirect.bpf.c) must not share it.
 *
 *   ovs_afxdp_rx_md  As ovs_afxdp_rx, and first puts a struct
 *                  afxdp_rx_meta (lib/afxdp-rx-meta.h) in the metadata
 *                  area with the device's RX hash
 *                  (bpf_xdp_metadata_rx_hash()).  Kernel functions like
 *                  that one need a program bound to its device, which runs
 *                  only in native mode.  Section "xdp.frags", as the plain
 *                  one. */

#include "afxdp-xskmap.h"
#include "afxdp-rx-meta.h"

/* The kernel's enum (include/net/xdp.h); libbpf matches a kernel function's
 * arguments by kind, so the members need not be listed. */
enum xdp_rss_hash_type {
    XDP_RSS_TYPE_NONE = 0,
};

extern int bpf_xdp_metadata_rx_hash(const struct xdp_md *ctx, __u32 *hash,
                                    enum xdp_rss_hash_type *rss_type) __ksym;

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
