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

#ifndef AFXDP_OFFLOAD_H
#define AFXDP_OFFLOAD_H 1

/* The XDP fast path: dpif-netdev, with other_config:hw-offload=true, hands
 * an afxdp port the megaflows whose in_port it is, through the interface
 * that the Open vSwitch being built has for it (a flow API provider,
 * lib/afxdp-offload-flow-api.c, up to 3.6; a dpif-offload class,
 * lib/afxdp-offload-dpif.c, from 3.7 on); those that the XDP program can
 * run (see lib/afxdp-offload-match.h) go into its maps
 * (lib/afxdp-offload-maps.h) and their packets never leave the kernel.
 *
 * The netdev-afxdp glue calls, under the port's mutex:
 *
 *   afxdp_offload_wanted()     whether to load the fast path program;
 *   afxdp_offload_prepare_object()  on its object, before loading it;
 *   afxdp_offload_port_attach()     once the program runs on the device;
 *   afxdp_offload_port_detach()     before the program goes (reconfigure);
 *   afxdp_offload_port_destroy()    when the port goes.
 *
 * A flow stays known across a detach and attach (it goes back into the new
 * program's maps), so that a reconfiguration does not lose what dpif-netdev
 * believes is offloaded; it is in the maps only while its port and its
 * output port are both attached, and on the AF_XDP path otherwise. */

#include <stdbool.h>
#include <stdint.h>
#include "openvswitch/types.h"

struct bpf_object;
struct dpif_flow_attrs;
struct dpif_flow_stats;
struct ds;
struct match;
struct netdev;
struct nlattr;
struct smap;

/* Defined by the interface file of the version being built. */
void afxdp_offload_register(void);
bool afxdp_offload_wanted(void);

int afxdp_offload_prepare_object(struct bpf_object *, char **errp);
void afxdp_offload_port_attach(const char *name, int ifindex, bool native,
                               struct bpf_object *);
void afxdp_offload_port_detach(const char *name);
void afxdp_offload_port_destroy(const char *name);

/* What the fast path counted for a port, for its statistics.  'tx_packets'
 * and 'tx_bytes' are the frames it redirected to the port; 'tx_failed' of
 * them the kernel then dropped (the device down, a frame over its MTU, a
 * veth peer that takes no redirected frame, a full queue).
 * 'rx_csum_completed' and 'rx_csum_bad' count the partial checksums it
 * completed and the wrong ones it left (lib/afxdp-csum-rx.h).
 * 'rx_cache_hits' of the frames received found their flow through the
 * signature cache (lib/afxdp-offload-maps.h).  'rx_gso' large segments
 * went through its TC program in generic mode (lib/afxdp-offload-tc.h),
 * and 'rx_gso_missed' it dropped for want of a flow. */
struct afxdp_offload_counts {
    uint64_t rx_packets, rx_bytes;
    uint64_t tx_packets, tx_bytes;
    uint64_t rx_dropped;
    uint64_t tx_failed;
    uint64_t rx_csum_completed, rx_csum_bad;
    uint64_t rx_cache_hits;
    uint64_t rx_gso, rx_gso_missed;
};
void afxdp_offload_port_counts(const char *name,
                               struct afxdp_offload_counts *);
void afxdp_offload_port_status(const char *name, struct smap *);
void afxdp_offload_port_format(const char *name, struct ds *);
void afxdp_offload_format_totals(struct ds *);

/* Stepping aside while a revalidation reaches the maps, for
 * lib/afxdp-offload-reval.c (main thread). */
bool afxdp_offload_active(void);
#define AFXDP_OFFLOAD_ASIDE_ALL UINT32_MAX
void afxdp_offload_step_aside(uint32_t scope, const char *cause);
long long int afxdp_offload_aside_run(void);

/* Flow operations, for the interface files.  They take the fast path's
 * lock themselves; any thread may call them. */
bool afxdp_offload_is_afxdp(const struct netdev *);
bool afxdp_offload_port_known(const char *name);

/* Returns the name of the afxdp port that datapath port 'odp' is, for the
 * caller to free, or NULL with the reason in '*reasonp'. */
typedef char *afxdp_offload_port_name_func(odp_port_t odp, void *aux,
                                           const char **reasonp);
int afxdp_offload_flow_put(const char *in_name, const ovs_u128 *ufid,
                           const struct match *,
                           const struct nlattr *actions, size_t actions_len,
                           afxdp_offload_port_name_func *, void *aux);
int afxdp_offload_flow_get(const ovs_u128 *ufid, struct dpif_flow_stats *,
                           struct dpif_flow_attrs *);
int afxdp_offload_flow_del(const ovs_u128 *ufid, struct dpif_flow_stats *);
void afxdp_offload_port_flush(const char *name);
void afxdp_offload_port_gone(const char *name);
uint64_t afxdp_offload_port_n_flows(const char *name);

/* The fast path's totals: flows offloaded and in XDP now, and since the
 * daemon started, flows put in XDP, refused, and revalidations it stepped
 * aside for. */
struct afxdp_offload_totals {
    uint64_t n_offloaded, n_in_xdp;
    uint64_t n_put, n_refused, n_aside;
};
void afxdp_offload_totals(struct afxdp_offload_totals *);

#endif /* afxdp-offload.h */
