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

#include <config.h>

#include "afxdp-csum.h"

#include "coverage.h"
#include "csum.h"
#include "packets.h"

COVERAGE_DEFINE(afxdp_tx_sw_csum);

/* Fills in the checksums that 'p' asks for (see afxdp_csum_needed()), in
 * software, and clears the requests.  Uses the packet's L3 and L4 offsets,
 * which dpif-netdev set when it parsed the packet.  Leaves alone a packet
 * whose offsets do not delimit a whole IPv4 or IPv6 header, followed by an
 * L4 header inside the packet: it never reads or writes outside 'p'. */
void
afxdp_csum_fill(struct dp_packet *p)
{
    struct ip_header *ip4;
    struct ovs_16aligned_ip6_hdr *ip6;
    uint32_t partial = 0;
    char *l3 = dp_packet_l3(p);
    char *l4 = dp_packet_l4(p);

    COVERAGE_INC(afxdp_tx_sw_csum);
    if (afxdp_pkt_is_tunnel(p)) {
        afxdp_pkt_fill_tunnel(p);
        return;
    }
    if (!l3 || !l4 || l3 > l4 || l4 > (char *) dp_packet_tail(p)) {
        goto out;
    }

    /* The L3 header lies between 'l3' and 'l4' (IPv6 extension headers,
     * if any, too). */
    size_t l3_len = l4 - l3;
    ip4 = ALIGNED_CAST(struct ip_header *, l3);
    if (l3_len >= IP_HEADER_LEN && IP_VER(ip4->ip_ihl_ver) == 4) {
        size_t ihl = IP_IHL(ip4->ip_ihl_ver) * 4;

        if (ihl < IP_HEADER_LEN || ihl > l3_len) {
            goto out;
        }
        if (afxdp_pkt_ip_csum_wanted(p)) {
            ip4->ip_csum = 0;
            ip4->ip_csum = csum(ip4, ihl);
        }
        partial = packet_csum_pseudoheader(ip4);
    } else if (l3_len >= IPV6_HEADER_LEN && IP_VER(ip4->ip_ihl_ver) == 6) {
        ip6 = ALIGNED_CAST(struct ovs_16aligned_ip6_hdr *, l3);
        partial = packet_csum_pseudoheader6(ip6);
    } else {
        goto out;
    }

    size_t l4_len = (char *) dp_packet_tail(p) - l4;
    if (afxdp_pkt_l4_is_tcp(p) && l4_len >= TCP_HEADER_LEN) {
        struct tcp_header *tcp = ALIGNED_CAST(struct tcp_header *, l4);

        tcp->tcp_csum = 0;
        tcp->tcp_csum = csum_finish(csum_continue(partial, tcp, l4_len));
    } else if (afxdp_pkt_l4_is_udp(p) && l4_len >= UDP_HEADER_LEN) {
        struct udp_header *udp = ALIGNED_CAST(struct udp_header *, l4);

        udp->udp_csum = 0;
        udp->udp_csum = csum_finish(csum_continue(partial, udp, l4_len));
        if (!udp->udp_csum) {
            udp->udp_csum = htons(0xffff);
        }
    }

out:
    afxdp_pkt_csum_done(p);
}
