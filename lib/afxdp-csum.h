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

#ifndef AFXDP_CSUM_H
#define AFXDP_CSUM_H 1

/* Checksums that a packet leaves to "hardware" (Open vSwitch's userspace
 * TSO support marks them), computed in software before an afxdp port sends
 * the packet as it is: an AF_XDP frame carries no offload request.
 *
 * With other_config:userspace-tso-enable=true, netdev-linux tells Open
 * vSwitch that every Linux port, afxdp ones included, offloads TSO and
 * checksums.  An afxdp port keeps the IPv4, TCP and UDP checksum offloads,
 * done here, and gives up TSO and SCTP (netdev_afxdp_construct()), so that
 * Open vSwitch never hands it a packet it would send wrong. */

#include <stdbool.h>
#include "afxdp-ovs-compat.h"
#include "dp-packet.h"
#include "netdev.h"

/* The offloads an afxdp port claims. */
#define AFXDP_TX_OFFLOADS (NETDEV_TX_OFFLOAD_IPV4_CKSUM        \
                           | NETDEV_TX_OFFLOAD_TCP_CKSUM       \
                           | NETDEV_TX_OFFLOAD_UDP_CKSUM)

void afxdp_csum_fill(struct dp_packet *);

/* Returns true if 'p' asks for a checksum that the sender must fill. */
static inline bool
afxdp_csum_needed(const struct dp_packet *p)
{
    return afxdp_pkt_l4_csum_wanted(p) || afxdp_pkt_ip_csum_wanted(p);
}

#endif /* afxdp-csum.h */
