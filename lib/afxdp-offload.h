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

/* The XDP fast path: a flow API provider ("afxdp-xdp") through which
 * dpif-netdev, with other_config:hw-offload=true, hands an afxdp port the
 * megaflows whose in_port it is; those that the XDP program can run (see
 * lib/afxdp-offload-match.h) go into its maps (lib/afxdp-offload-maps.h)
 * and their packets never leave the kernel.
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

struct bpf_object;
struct ds;
struct netdev;
struct smap;

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
 * veth peer that takes no redirected frame, a full queue). */
struct afxdp_offload_counts {
    uint64_t rx_packets, rx_bytes;
    uint64_t tx_packets, tx_bytes;
    uint64_t rx_dropped;
    uint64_t tx_failed;
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

#endif /* afxdp-offload.h */
