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

#ifndef AFXDP_XDP_PROG_H
#define AFXDP_XDP_PROG_H 1

/* Loading, attaching and detaching the XDP program of one afxdp port: ours
 * (bpf/afxdp-redirect.bpf.c), or a user's (options:xdp-prog) that
 * redirects into an xskmap named "xsks_map", which we fill. */

#include <stdbool.h>
#include <stdint.h>

struct bpf_object;

/* Names of our programs in the object, also their names in the kernel: a
 * program whose name starts with AFXDP_XDP_PROG_NAME found on a device is
 * one of ours.  AFXDP_XDP_PROG_MD_NAME also passes the device's RX hash in
 * XDP metadata (lib/afxdp-rx-meta.h). */
#define AFXDP_XDP_PROG_NAME "ovs_afxdp_rx"
#define AFXDP_XDP_PROG_MD_NAME "ovs_afxdp_rx_md"
#define AFXDP_XDP_PROG_OFFLOAD_NAME "ovs_afxdp_rx_offload"
#define AFXDP_XDP_PROG_OFFLOAD_SB_NAME "ovs_afxdp_rx_offload_sb"

/* The map that a program must redirect through to reach our sockets. */
#define AFXDP_XSKMAP_NAME "xsks_map"

/* How to set up the program of one device. */
struct afxdp_xdp_prog_params {
    bool native;                /* Driver mode, else generic (skb) mode. */
    uint32_t n_queues;          /* Entries of the xskmap. */
    bool rx_hash;               /* Try the program that passes the RX hash
                                 * (native mode, our program only). */
    const char *user_prog;      /* options:xdp-prog, PATH[:SECTION], or
                                 * NULL for ours. */
    bool offload;               /* Try our program with the XDP fast path
                                 * (not with 'rx_hash'). */
    int (*offload_prepare)(struct bpf_object *, char **errp);
                                /* Called on its object before loading. */
};

struct afxdp_xdp_prog;

void afxdp_xdp_prog_init(void);
const char *afxdp_xdp_prog_path(void);
const char *afxdp_xdp_prog_variant_path(const char *variant);

int afxdp_xdp_check_device(const char *ifname, int ifindex,
                           const char *user_prog, uint32_t own_id,
                           char **errp);
int afxdp_xdp_check_user_prog(const char *ifname, const char *spec,
                              char **errp);
int afxdp_xdp_prog_attach(const char *ifname, int ifindex,
                          const struct afxdp_xdp_prog_params *,
                          struct afxdp_xdp_prog **progp, char **errp);
int afxdp_xdp_prog_set_socket(struct afxdp_xdp_prog *, uint32_t queue,
                              int xsk_fd);
uint32_t afxdp_xdp_prog_id(const struct afxdp_xdp_prog *);
const char *afxdp_xdp_prog_name(const struct afxdp_xdp_prog *);
bool afxdp_xdp_prog_rx_hash(const struct afxdp_xdp_prog *);
struct bpf_object *afxdp_xdp_prog_fast_path_object(
    const struct afxdp_xdp_prog *);
void afxdp_xdp_prog_detach(struct afxdp_xdp_prog *);
void afxdp_xdp_detach_if_ours(int ifindex, uint32_t prog_id);
int afxdp_xdp_detach_id(int ifindex, uint32_t flags, uint32_t id);

#endif /* afxdp-xdp-prog.h */
