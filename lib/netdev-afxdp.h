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

#ifndef NETDEV_AFXDP_H
#define NETDEV_AFXDP_H 1

/* The AF_XDP provider interface that Open vSwitch's lib/netdev-linux.c,
 * lib/netdev.c and lib/dp-packet.[ch] call when built with HAVE_AF_XDP.
 * The names and signatures are Open vSwitch's; the implementation is
 * ovs-afxdp's (lib/netdev-afxdp.c and the afxdp-*.c files it uses). */

#ifndef HAVE_AF_XDP
#error "ovs-afxdp builds only into Open vSwitch configured with --enable-afxdp"
#endif

#include <stdbool.h>
#include <stdint.h>

/* How the XDP program is attached and the AF_XDP sockets are bound. */
enum afxdp_mode {
    OVS_AF_XDP_MODE_UNSPEC,
    OVS_AF_XDP_MODE_BEST_EFFORT,  /* The first of the three below that works,
                                   * in that order. */
    OVS_AF_XDP_MODE_NATIVE_ZC,    /* Driver XDP, zero-copy sockets. */
    OVS_AF_XDP_MODE_NATIVE,       /* Driver XDP, copy-mode sockets. */
    OVS_AF_XDP_MODE_GENERIC,      /* Generic (skb) XDP, copy-mode sockets. */
    OVS_AF_XDP_MODE_MAX,
};

struct dp_packet;
struct dp_packet_batch;
struct netdev;
struct netdev_custom_stats;
struct netdev_rxq;
struct netdev_stats;
struct smap;

/* Class life cycle (lib/netdev-linux.c's netdev_afxdp_class and
 * netdev_afxdp_nonpmd_class). */
int netdev_afxdp_init(void);
int netdev_afxdp_construct(struct netdev *);
void netdev_afxdp_destruct(struct netdev *);

/* Configuration: options:*, applied by reconfigure. */
int netdev_afxdp_set_config(struct netdev *, const struct smap *args,
                            char **errp);
int netdev_afxdp_get_config(const struct netdev *, struct smap *args);
int netdev_afxdp_reconfigure(struct netdev *);
int netdev_afxdp_verify_mtu_size(const struct netdev *, int mtu);

/* The fast path. */
int netdev_afxdp_rxq_construct(struct netdev_rxq *);
void netdev_afxdp_rxq_destruct(struct netdev_rxq *);
int netdev_afxdp_rxq_recv(struct netdev_rxq *, struct dp_packet_batch *,
                          int *qfill);
int netdev_afxdp_batch_send(struct netdev *, int qid,
                            struct dp_packet_batch *, bool concurrent_txq);
void free_afxdp_buf(struct dp_packet *);

/* What operators see. */
int netdev_afxdp_get_status(const struct netdev *, struct smap *);
int netdev_afxdp_get_stats(const struct netdev *, struct netdev_stats *);
int netdev_afxdp_get_custom_stats(const struct netdev *,
                                  struct netdev_custom_stats *);

/* lib/netdev.c's fatal-signal hook, for each "afxdp" netdev. */
void signal_remove_xdp(struct netdev *);

#endif /* netdev-afxdp.h */
