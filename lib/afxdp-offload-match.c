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
#include "afxdp-offload-match.h"
#include <errno.h>
#include <string.h>
#include "netlink.h"
#include "odp-netlink.h"
#include "odp-util.h"
#include "openvswitch/match.h"
#include "packets.h"
#include "util.h"

/* How the XDP fast path's parser (bpf/afxdp-redirect-offload.bpf.c)
 * relates to Open vSwitch's: it builds a struct afxdp_flow_key whose
 * fields hold what struct flow would, for every packet it keeps; every
 * packet it is not sure about (a second VLAN tag, MPLS, IPv6 extension
 * headers, IGMP, ICMPv6 neighbour discovery and MLD, truncated or
 * malformed headers, multi-buffer frames) goes up to Open vSwitch.  So a
 * megaflow can run in XDP if it matches only fields of that key, plus
 * metadata that is always zero for a packet fresh from a device. */

/* Returns true if 'value' and 'mask' ('n' bytes each) have no set bit in
 * common. */
static bool
masked_zero(const void *value_, const void *mask_, size_t n)
{
    const uint8_t *value = value_;
    const uint8_t *mask = mask_;

    for (size_t i = 0; i < n; i++) {
        if (value[i] & mask[i]) {
            return false;
        }
    }
    return true;
}

/* Marks FIELD of 'left' (the mask still to account for) consumed if the
 * megaflow's value of it under its mask is zero, as it is for every packet
 * that comes from a device; otherwise fails with REASON. */
#define CONSUME_ZERO(FIELD, REASON)                                     \
    do {                                                                \
        if (!masked_zero(&flow->FIELD, &left.FIELD,                     \
                         sizeof flow->FIELD)) {                         \
            *reasonp = REASON;                                          \
            return EOPNOTSUPP;                                          \
        }                                                               \
        memset(&left.FIELD, 0, sizeof left.FIELD);                      \
    } while (0)

/* Copies FIELD of the megaflow's value and mask into 'm' field DST (of the
 * same size) and marks it consumed. */
#define CONSUME(FIELD, DST)                                             \
    do {                                                                \
        BUILD_ASSERT(sizeof m->key.DST == sizeof flow->FIELD);          \
        memcpy(&m->key.DST, &flow->FIELD, sizeof m->key.DST);           \
        memcpy(&m->mask.DST, &left.FIELD, sizeof m->mask.DST);          \
        memset(&left.FIELD, 0, sizeof left.FIELD);                      \
    } while (0)

/* Converts megaflow 'match' (its flow and wildcards, in_port being the
 * port that calls) into '*m', masked.  Returns 0, or EOPNOTSUPP with a
 * static string saying why in '*reasonp'. */
int
afxdp_offload_match_from_flow(const struct match *match,
                              struct afxdp_offload_match *m,
                              const char **reasonp)
{
    const struct flow *flow = &match->flow;
    struct flow left = match->wc.masks;

    memset(m, 0, sizeof *m);
    *reasonp = NULL;

    /* Metadata.  The port is the program's own; a packet from a device has
     * recirc_id 0, packet type Ethernet, and no tunnel, mark, priority or
     * connection tracking state. */
    memset(&left.in_port, 0, sizeof left.in_port);
    CONSUME_ZERO(recirc_id, "recirculated flow");
    if (left.packet_type && flow->packet_type != htonl(PT_ETH)) {
        *reasonp = "packet type is not Ethernet";
        return EOPNOTSUPP;
    }
    left.packet_type = 0;
    CONSUME_ZERO(tunnel, "tunnel metadata");
    CONSUME_ZERO(skb_priority, "skb priority");
    CONSUME_ZERO(pkt_mark, "packet mark");
    CONSUME_ZERO(ct_state, "connection tracking state");
    CONSUME_ZERO(ct_zone, "connection tracking zone");
    CONSUME_ZERO(ct_mark, "connection tracking mark");
    CONSUME_ZERO(ct_label, "connection tracking label");
    CONSUME_ZERO(ct_nw_proto, "connection tracking tuple");
    CONSUME_ZERO(ct_nw_src, "connection tracking tuple");
    CONSUME_ZERO(ct_nw_dst, "connection tracking tuple");
    CONSUME_ZERO(ct_ipv6_src, "connection tracking tuple");
    CONSUME_ZERO(ct_ipv6_dst, "connection tracking tuple");
    CONSUME_ZERO(ct_tp_src, "connection tracking tuple");
    CONSUME_ZERO(ct_tp_dst, "connection tracking tuple");

    /* L2: one VLAN tag; a packet with a second goes up, so the second
     * tag may only be matched as absent. */
    CONSUME(dl_dst, eth_dst);
    CONSUME(dl_src, eth_src);
    CONSUME(dl_type, eth_type);
    CONSUME(vlans[0].tpid, vlan_tpid);
    CONSUME(vlans[0].tci, vlan_tci);
    CONSUME_ZERO(vlans[1], "second VLAN tag");

    /* L3 and L4 only under an exact type that says what the fields hold:
     * IPv4, IPv6, or ARP (addresses and opcode; not its hardware
     * addresses). */
    bool exact_type = match->wc.masks.dl_type == OVS_BE16_MAX;
    bool ipv4 = exact_type && flow->dl_type == htons(ETH_TYPE_IP);
    bool ipv6 = exact_type && flow->dl_type == htons(ETH_TYPE_IPV6);
    bool arp = exact_type && (flow->dl_type == htons(ETH_TYPE_ARP)
                              || flow->dl_type == htons(ETH_TYPE_RARP));
    if (arp) {
        CONSUME(nw_src, nw_src[0]);
        CONSUME(nw_dst, nw_dst[0]);
        CONSUME(nw_proto, nw_proto);
    }
    if (ipv4) {
        CONSUME(nw_src, nw_src[0]);
        CONSUME(nw_dst, nw_dst[0]);
        CONSUME_ZERO(ipv6_src, "IPv6 address in an IPv4 flow");
        CONSUME_ZERO(ipv6_dst, "IPv6 address in an IPv4 flow");
        CONSUME_ZERO(ipv6_label, "IPv6 label in an IPv4 flow");
    } else if (ipv6) {
        CONSUME(ipv6_src, nw_src);
        CONSUME(ipv6_dst, nw_dst);
        CONSUME(ipv6_label, ipv6_label);
        CONSUME_ZERO(nw_src, "IPv4 address in an IPv6 flow");
        CONSUME_ZERO(nw_dst, "IPv4 address in an IPv6 flow");
    }
    if (ipv4 || ipv6) {
        CONSUME(nw_proto, nw_proto);
        CONSUME(nw_frag, nw_frag);
        CONSUME(nw_tos, nw_tos);
        CONSUME(nw_ttl, nw_ttl);

        if (left.tp_src || left.tp_dst) {
            uint8_t proto = flow->nw_proto;
            bool known = (m->mask.nw_proto == UINT8_MAX
                          && (proto == IPPROTO_TCP || proto == IPPROTO_UDP
                              || proto == IPPROTO_SCTP
                              || (ipv4 && proto == IPPROTO_ICMP)
                              || (ipv6 && proto == IPPROTO_ICMPV6)));
            if (!known) {
                *reasonp = "transport ports of an unparsed protocol";
                return EOPNOTSUPP;
            }
            CONSUME(tp_src, tp_src);
            CONSUME(tp_dst, tp_dst);
        }
    }

    if (!is_all_zeros(&left, sizeof left)) {
        *reasonp = ("matches fields the XDP fast path does not parse "
                    "(ARP hardware addresses, neighbour discovery, MPLS, "
                    "TCP flags, dp_hash...)");
        return EOPNOTSUPP;
    }

    afxdp_flow_key_apply_mask(&m->key, &m->mask);
    return 0;
}

/* Masks 'key' with 'mask', as the fast path masks a packet's key. */
void
afxdp_flow_key_apply_mask(struct afxdp_flow_key *key,
                          const struct afxdp_flow_key *mask)
{
    uint8_t *k = (uint8_t *) key;
    const uint8_t *mk = (const uint8_t *) mask;

    for (size_t i = 0; i < sizeof *key; i++) {
        k[i] &= mk[i];
    }
}

/* Merges set-field action 'a' (OVS_ACTION_ATTR_SET or _SET_MASKED) into
 * 'acts'.  Only Ethernet addresses can be set.  Returns 0 or EOPNOTSUPP
 * with the reason in '*reasonp'. */
static int
parse_set(const struct nlattr *a, bool masked,
          struct afxdp_offload_actions *acts, const char **reasonp)
{
    const struct nlattr *k = nl_attr_get(a);
    const struct ovs_key_ethernet *value, *mask;
    static const struct ovs_key_ethernet all_ones = {
        .eth_src = ETH_ADDR_C(ff, ff, ff, ff, ff, ff),
        .eth_dst = ETH_ADDR_C(ff, ff, ff, ff, ff, ff),
    };

    if (nl_attr_get_size(a) < NLA_HDRLEN
        || nl_attr_type(k) != OVS_KEY_ATTR_ETHERNET
        || nl_attr_get_size(k) != (masked ? 2 : 1) * sizeof *value) {
        *reasonp = "sets a field other than Ethernet addresses";
        return EOPNOTSUPP;
    }
    value = nl_attr_get(k);
    mask = masked ? value + 1 : &all_ones;

    for (int i = 0; i < ETH_ADDR_LEN; i++) {
        acts->eth_dst[i] = ((acts->eth_dst[i] & ~mask->eth_dst.ea[i])
                            | (value->eth_dst.ea[i] & mask->eth_dst.ea[i]));
        acts->eth_dst_mask[i] |= mask->eth_dst.ea[i];
        acts->eth_src[i] = ((acts->eth_src[i] & ~mask->eth_src.ea[i])
                            | (value->eth_src.ea[i] & mask->eth_src.ea[i]));
        acts->eth_src_mask[i] |= mask->eth_src.ea[i];
    }
    acts->flags |= AFXDP_ACT_SET_ETH;
    return 0;
}

/* Converts datapath actions 'actions' ('actions_len' bytes) into '*acts'.
 * The fast path runs at most: pop one VLAN tag, set Ethernet addresses,
 * push one VLAN tag, output to one port (else drop), in that order; the
 * actions translate only if that order gives what they would.  Stores the
 * output port in '*out_portp' (ODPP_NONE to drop).  Returns 0, or
 * EOPNOTSUPP with a static string saying why in '*reasonp'. */
int
afxdp_offload_actions_parse(const struct nlattr *actions, size_t actions_len,
                            struct afxdp_offload_actions *acts,
                            odp_port_t *out_portp, const char **reasonp)
{
    const struct nlattr *a;
    bool dropped = false;
    unsigned int left;

    memset(acts, 0, sizeof *acts);
    *out_portp = ODPP_NONE;
    *reasonp = NULL;

    NL_ATTR_FOR_EACH (a, left, actions, actions_len) {
        int type = nl_attr_type(a);

        if (acts->flags & AFXDP_ACT_OUTPUT) {
            *reasonp = (type == OVS_ACTION_ATTR_OUTPUT
                        ? "outputs to more than one port"
                        : "actions after the output");
            return EOPNOTSUPP;
        }
        if (dropped) {
            /* dpif-netdev stops at a drop action. */
            *reasonp = "actions after a drop";
            return EOPNOTSUPP;
        }
        switch (type) {
        case OVS_ACTION_ATTR_OUTPUT:
            if (nl_attr_get_size(a) != sizeof(uint32_t)) {
                goto bad;
            }
            *out_portp = nl_attr_get_odp_port(a);
            acts->flags |= AFXDP_ACT_OUTPUT;
            break;

        case OVS_ACTION_ATTR_PUSH_VLAN: {
            const struct ovs_action_push_vlan *v;

            if (nl_attr_get_size(a) != sizeof *v) {
                goto bad;
            }
            v = nl_attr_get(a);
            if (acts->flags & AFXDP_ACT_PUSH_VLAN) {
                *reasonp = "pushes two VLAN tags";
                return EOPNOTSUPP;
            }
            if (v->vlan_tpid != htons(ETH_TYPE_VLAN_8021Q)
                && v->vlan_tpid != htons(ETH_TYPE_VLAN_8021AD)) {
                *reasonp = "pushes a VLAN tag of an unknown TPID";
                return EOPNOTSUPP;
            }
            acts->flags |= AFXDP_ACT_PUSH_VLAN;
            acts->vlan_tpid = v->vlan_tpid;
            /* As Open vSwitch's eth_push_vlan(): CFI is not on the wire. */
            acts->vlan_tci = v->vlan_tci & htons(~VLAN_CFI);
            break;
        }

        case OVS_ACTION_ATTR_POP_VLAN:
            if (acts->flags & (AFXDP_ACT_POP_VLAN | AFXDP_ACT_PUSH_VLAN)) {
                /* A second pop would pop a tag the parser never saw. */
                *reasonp = "pops a VLAN tag twice or after a push";
                return EOPNOTSUPP;
            }
            acts->flags |= AFXDP_ACT_POP_VLAN;
            break;

        case OVS_ACTION_ATTR_SET:
        case OVS_ACTION_ATTR_SET_MASKED:
            if (parse_set(a, type == OVS_ACTION_ATTR_SET_MASKED, acts,
                          reasonp)) {
                return EOPNOTSUPP;
            }
            break;

        case OVS_ACTION_ATTR_DROP:
            dropped = true;
            break;

        default:
            *reasonp = ("an action the XDP fast path does not run "
                        "(only output, drop, VLAN push/pop, set Ethernet)");
            return EOPNOTSUPP;
        }
    }
    if (left) {
        goto bad;
    }
    return 0;

bad:
    *reasonp = "malformed actions";
    return EOPNOTSUPP;
}
