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

/* The XDP fast path's redirects that did not reach their device.
 *
 * The fast path (bpf/afxdp-redirect-offload.bpf.c) counts a frame as sent
 * to a port when bpf_redirect_map() says XDP_REDIRECT, but the kernel acts
 * on the redirect only after the program returns, and may still drop the
 * frame: at once (the device is down, the frame is over its MTU: the
 * xdp_redirect_err tracepoint) or when it flushes its queue to the device
 * (a veth whose peer takes no redirected frame, a full ring: the
 * xdp_devmap_xmit tracepoint, with how many it dropped).  These two
 * programs, attached once by userspace (lib/afxdp-offload-tx-errors.c) to
 * those raw tracepoints, count such frames in 'tx_failed' of the output
 * port's slot, for redirects from one afxdp port to another, which are
 * the fast path's: 'offload_slot_of' maps the ifindex of each port whose
 * fast path runs to its slot. */

#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_core_read.h>
#include "afxdp-offload-maps.h"
#include "afxdp-offload-port-stats.h"

/* The one field of the kernel's struct net_device that is read, at the
 * offset the running kernel's BTF gives (CO-RE). */
struct net_device {
    int ifindex;
} __attribute__((preserve_access_index));

/* Shared with the fast path: userspace gives this object the same maps
 * before loading. */
struct {
    __uint(type, BPF_MAP_TYPE_HASH);
    __uint(max_entries, AFXDP_OFFLOAD_MAX_PORTS);
    __type(key, __u32);
    __type(value, __u32);
} offload_slot_of SEC(".maps");

/* Returns the slot of the port whose device is 'dev', or NULL if it is not
 * an afxdp port with the fast path. */
static __always_inline __u32 *
slot_of(const struct net_device *dev)
{
    __u32 ifindex = dev ? BPF_CORE_READ(dev, ifindex) : 0;

    return ifindex ? bpf_map_lookup_elem(&offload_slot_of, &ifindex) : NULL;
}

static __always_inline void
count_failed(__u32 slot, __u64 n)
{
    struct afxdp_offload_port_stats *s = port_stats(slot);

    if (s) {
        __sync_fetch_and_add(&s->tx_failed, n);
    }
}

/* xdp_redirect_err(dev, prog, target, err, map_type, map_id, index): a
 * redirect that failed at once.  A failed redirect from an afxdp port
 * into a devmap is one into the fast path's devmap (the port's program is
 * ours, and it has no other), and 'index' is the output port's slot. */
SEC("raw_tp/xdp_redirect_err")
int
afxdp_redirect_err(__u64 *ctx)
{
    const struct net_device *dev = (const void *) ctx[0];
    __u32 map_type = ctx[4];
    __u32 index = ctx[6];

    if ((map_type == BPF_MAP_TYPE_DEVMAP
         || map_type == BPF_MAP_TYPE_DEVMAP_HASH)
        && index < AFXDP_OFFLOAD_MAX_PORTS && slot_of(dev)) {
        count_failed(index, 1);
    }
    return 0;
}

/* xdp_devmap_xmit(from_dev, to_dev, sent, drops, err): a devmap's queue
 * flushed to 'to_dev', 'drops' of its frames dropped. */
SEC("raw_tp/xdp_devmap_xmit")
int
afxdp_devmap_xmit(__u64 *ctx)
{
    const struct net_device *from = (const void *) ctx[0];
    const struct net_device *to = (const void *) ctx[1];
    int drops = ctx[3];

    if (drops > 0 && slot_of(from)) {
        __u32 *slot = slot_of(to);

        if (slot) {
            count_failed(*slot, drops);
        }
    }
    return 0;
}

char _license[] SEC("license") = "Dual BSD/GPL";
