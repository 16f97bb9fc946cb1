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

#include "afxdp-csum-rx.h"

#include <linux/ethtool.h>
#include <linux/sockios.h>
#include <net/if.h>
#include <sys/ioctl.h>

#include "packets.h"
#include "socket-util.h"
#include "util.h"

/* Where in an L4 header its checksum field lies. */
#define TCP_CSUM_OFS 16
#define UDP_CSUM_OFS 6

/* Returns true if the 'n' bytes at 'p' lie before 'end'. */
static bool
csum_rx_have(const uint8_t *p, const uint8_t *end, size_t n)
{
    return p <= end && (size_t) (end - p) >= n;
}

/* Looks in the 'len' bytes of the Ethernet frame at 'frame' (at most two
 * VLAN tags) for an IPv4 or IPv6 packet that carries all of one TCP or UDP
 * header and payload: stores where its L4 header starts in '*l4p', its
 * length (by the IP header for TCP, by the UDP header for UDP) in
 * '*l4_lenp', its protocol in '*protop', whether it is IPv6 in
 * '*is_ipv6p', and the sum of its pseudo-header in '*pseudop'.  Returns
 * false for anything else: a fragment, whose checksum covers more than
 * the frame, and an IPv6 packet with extension headers, which this does
 * not walk (its partial checksum stays partial: lib/afxdp-csum-rx.h). */
static bool
csum_rx_parse(uint8_t *frame, size_t len, uint8_t **l4p, size_t *l4_lenp,
              uint8_t *protop, bool *is_ipv6p, uint64_t *pseudop)
{
    const uint8_t *end = frame + len;
    uint8_t *p = frame + 2 * ETH_ADDR_LEN;
    ovs_be16 eth_type;

    if (len < ETH_HEADER_LEN) {
        return false;
    }
    for (int i = 0; ; i++) {
        if (!csum_rx_have(p, end, 2)) {
            return false;
        }
        memcpy(&eth_type, p, 2);
        p += 2;
        if (eth_type != htons(ETH_TYPE_VLAN_8021Q)
            && eth_type != htons(ETH_TYPE_VLAN_8021AD)) {
            break;
        }
        if (i == 2 || !csum_rx_have(p, end, 2)) {
            return false;
        }
        p += 2;                 /* The TCI. */
    }

    size_t avail = end - p;
    uint64_t pseudo;
    size_t l4_len;
    uint8_t proto;
    if (eth_type == htons(ETH_TYPE_IP)) {
        struct ip_header ip;

        if (avail < IP_HEADER_LEN) {
            return false;
        }
        memcpy(&ip, p, IP_HEADER_LEN);
        size_t ihl = IP_IHL(ip.ip_ihl_ver) * 4;
        size_t tot_len = ntohs(ip.ip_tot_len);
        if (IP_VER(ip.ip_ihl_ver) != 4 || ihl < IP_HEADER_LEN
            || tot_len < ihl || tot_len > avail
            || ip.ip_frag_off & htons(IP_MORE_FRAGMENTS | IP_FRAG_OFF_MASK)) {
            return false;
        }
        proto = ip.ip_proto;
        l4_len = tot_len - ihl;
        pseudo = afxdp_csum_rx_add(0, &ip.ip_src, 8);
        *is_ipv6p = false;
        p += ihl;
    } else if (eth_type == htons(ETH_TYPE_IPV6)) {
        struct ovs_16aligned_ip6_hdr ip6;

        if (avail < IPV6_HEADER_LEN) {
            return false;
        }
        memcpy(&ip6, p, IPV6_HEADER_LEN);
        const struct ovs_16aligned_ip6_hdrctl *ctl = &ip6.ip6_ctlun.ip6_un1;
        l4_len = ntohs(ctl->ip6_un1_plen);
        if ((ntohl(get_16aligned_be32(&ctl->ip6_un1_flow)) >> 28) != 6
            || l4_len > avail - IPV6_HEADER_LEN) {
            return false;
        }
        proto = ctl->ip6_un1_nxt;
        pseudo = afxdp_csum_rx_add(0, &ip6.ip6_src, 32);
        *is_ipv6p = true;
        p += IPV6_HEADER_LEN;
    } else {
        return false;
    }

    if (proto == IPPROTO_TCP) {
        if (l4_len < TCP_HEADER_LEN) {
            return false;
        }
    } else if (proto == IPPROTO_UDP) {
        /* The receiver sums what the UDP header says, which may be less
         * than the IP payload. */
        ovs_be16 udp_len;

        if (l4_len < UDP_HEADER_LEN) {
            return false;
        }
        memcpy(&udp_len, p + 4, sizeof udp_len);
        if (ntohs(udp_len) < UDP_HEADER_LEN || ntohs(udp_len) > l4_len) {
            return false;
        }
        l4_len = ntohs(udp_len);
    } else {
        return false;
    }
    ovs_be16 words[2] = { htons(proto), htons(l4_len) };
    *pseudop = afxdp_csum_rx_add(pseudo, words, sizeof words);
    *l4p = p;
    *l4_lenp = l4_len;
    *protop = proto;
    return true;
}

/* Completes the TCP or UDP checksum of the Ethernet frame of 'len' bytes
 * at 'frame' if it is partial (see lib/afxdp-csum-rx.h), in place.  Reads
 * and writes nothing outside the frame.  Returns what it found. */
enum afxdp_csum_rx
afxdp_csum_rx_fix(void *frame, size_t len)
{
    uint64_t pseudo;
    size_t l4_len;
    uint8_t proto;
    bool is_ipv6;
    uint8_t *l4;

    if (!csum_rx_parse(frame, len, &l4, &l4_len, &proto, &is_ipv6,
                       &pseudo)) {
        return AFXDP_CSUM_RX_NONE;
    }

    uint8_t *field = l4 + (proto == IPPROTO_TCP ? TCP_CSUM_OFS
                                                : UDP_CSUM_OFS);
    uint16_t check;
    memcpy(&check, field, sizeof check);
    if (proto == IPPROTO_UDP && !check && !is_ipv6) {
        return AFXDP_CSUM_RX_NONE;      /* No checksum. */
    }

    uint64_t sum = afxdp_csum_rx_add(0, l4, l4_len);
    if (afxdp_csum_fold(sum + pseudo) == 0xffff) {
        return AFXDP_CSUM_RX_NONE;
    }
    if (check != afxdp_csum_fold(pseudo)) {
        return AFXDP_CSUM_RX_BAD;
    }

    /* The field holds the pseudo-header's sum, so 'sum' is already the
     * sum of the pseudo-header and the rest. */
    check = ~afxdp_csum_fold(sum);
    if (proto == IPPROTO_UDP && !check) {
        check = 0xffff;         /* 0 would mean "no checksum". */
    }
    memcpy(field, &check, sizeof check);
    return AFXDP_CSUM_RX_COMPLETED;
}

/* Returns true if frames received on device 'ifname' may carry partial
 * checksums: those of its driver that carry packets from the local stack
 * (veth, tun/tap, netkit).  A NIC never delivers one. */
bool
afxdp_csum_rx_possible(const char *ifname)
{
    static const char *const drivers[] = { "veth", "tun", "netkit" };
    struct ethtool_drvinfo info = { .cmd = ETHTOOL_GDRVINFO };
    struct ifreq ifr;

    memset(&ifr, 0, sizeof ifr);
    ovs_strzcpy(ifr.ifr_name, ifname, sizeof ifr.ifr_name);
    ifr.ifr_data = (void *) &info;
    if (af_inet_ioctl(SIOCETHTOOL, &ifr)) {
        return false;
    }
    for (size_t i = 0; i < ARRAY_SIZE(drivers); i++) {
        if (!strcmp(info.driver, drivers[i])) {
            return true;
        }
    }
    return false;
}
