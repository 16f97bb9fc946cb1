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

#ifndef AFXDP_OFFLOAD_REVAL_H
#define AFXDP_OFFLOAD_REVAL_H 1

/* Noticing revalidations, for the XDP fast path.
 *
 * When OpenFlow rules, MAC learning, ports or bonds change, ofproto-dpif's
 * revalidators change the datapath's megaflows at once, but dpif-netdev
 * hands each change to the flow API provider later, on its offload thread,
 * which sleeps up to 64 ms between looks at its queue when idle.  Packets
 * that the fast path forwards in that time would follow the old actions.
 * So the fast path steps aside (lib/afxdp-offload.c) as soon as a
 * revalidation starts: its ports' packets take the AF_XDP path, whose
 * megaflows are already right, until the changes have reached the maps.
 *
 * Open vSwitch tells no provider that a revalidation starts.  ofproto-dpif
 * counts each one, by cause, in coverage counters (rev_flow_table,
 * rev_mac_learning...) of the main thread just before waking the
 * revalidators, and the main thread then runs every netdev class's run()
 * in the same pass of its loop.  A hook of that loop (lib/afxdp-ovs-
 * hooks.h) looks at those counters there, so the fast path steps aside in
 * the same pass of the main loop as the revalidators are woken: for every
 * flow, or, when rev_mac_learning is the only cause, for the flows whose
 * megaflow matches Ethernet addresses, the only ones a MAC learning table
 * can change. */

void afxdp_offload_reval_watch_start(void);

#endif /* afxdp-offload-reval.h */
