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

#ifndef AFXDP_RX_META_H
#define AFXDP_RX_META_H 1

/* What our XDP program (bpf/afxdp-redirect.bpf.c, program
 * ovs_afxdp_rx_md) puts in the XDP metadata area, just before the frame's
 * data, for the receive path (lib/afxdp-xsk.c) to read.  Shared by the BPF
 * program and userspace: plain C, no Open vSwitch header.
 *
 * The kernel copies the metadata into the umem frame along with the data,
 * in copy mode as in zero-copy mode.  The descriptor does not say whether
 * there is any, so the receive path trusts only 'magic', and clears it
 * after reading, so that the next packet in the same frame is never taken
 * to carry what this one did.  A wrong hash would cost only speed (Open
 * vSwitch compares whole keys after every hash lookup), never
 * correctness. */

#include <linux/types.h>

#define AFXDP_RX_META_MAGIC 0x0f5a4d44  /* Written last by the program. */

/* Bits of 'flags'. */
#define AFXDP_RX_META_HASH 0x1          /* 'hash' is the device's RX hash. */

struct afxdp_rx_meta {
    __u32 hash;                 /* bpf_xdp_metadata_rx_hash()'s hash. */
    __u32 hash_type;            /* Its enum xdp_rss_hash_type. */
    __u32 flags;                /* AFXDP_RX_META_*. */
    __u32 magic;                /* AFXDP_RX_META_MAGIC: the rest is set. */
};

#endif /* afxdp-rx-meta.h */
