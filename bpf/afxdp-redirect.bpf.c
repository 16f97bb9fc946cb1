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

/* ovs-afxdp's XDP program, attached to every afxdp port (unless the RX
 * hash program, bpf/afxdp-redirect-md.bpf.c, or a user's program is).  In
 * section "xdp.frags": it takes multi-buffer frames, so that a device with
 * a jumbo MTU can run it.
 *
 *   ovs_afxdp_rx   Redirects every frame of a queue that has a socket in
 *                  xsks_map (bpf/afxdp-xskmap.h) into that socket.  A queue
 *                  without a socket (not polled by Open vSwitch) keeps
 *                  working as before: the frame goes on to the kernel
 *                  stack (XDP_PASS), because the low bits of
 *                  bpf_redirect_map()'s flags are the action taken when the
 *                  lookup finds no entry. */

#include "afxdp-xskmap.h"

SEC("xdp.frags")
int
ovs_afxdp_rx(struct xdp_md *ctx)
{
    return bpf_redirect_map(&xsks_map, ctx->rx_queue_index, XDP_PASS);
}

char _license[] SEC("license") = "Dual BSD/GPL";
