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

/* Differential test of the XDP fast path's parser
 * (bpf/afxdp-redirect-offload.bpf.c) against Open vSwitch's own
 * (flow_extract()).
 *
 * For each of several thousand frames (hand-made ones, then random ones
 * from a fixed seed, valid and mutated), the test extracts Open vSwitch's
 * struct flow, makes of it a megaflow exact on the fields that
 * afxdp_offload_match_from_flow() converts, converts it, installs the
 * result as the only flow of the program (action: drop) and runs the
 * program on the frame with BPF_PROG_TEST_RUN:
 *
 *   - XDP_DROP: the fast path built the frame's key and it equals Open
 *     vSwitch's flow on every field of the megaflow: "matched".
 *
 *   - XDP_PASS: no hit.  The same frame against a catch-all flow (mask and
 *     key all zeros) tells why.  XDP_PASS again: the parser sent the frame
 *     to the slow path, which is always correct ("slow path").  XDP_DROP:
 *     the parser built a key that differs from Open vSwitch's flow, so an
 *     offloaded megaflow could forward in XDP a packet that Open vSwitch
 *     would have treated differently: a "mismatch", the failure this test
 *     looks for.  The program's key is then recovered bit by bit (one run
 *     per bit, a one-bit mask each) and printed next to Open vSwitch's.
 *
 * Needs root and the kernel (BPF_PROG_TEST_RUN).  Usage:
 *
 *   test-afxdp-xdp-parser OBJECT [-v]
 *
 * Prints "xdp-parser: N frames, M handled by the fast path with OVS's key,
 * S sent to the slow path, F mismatches" and exits 1 if F > 0 or on a
 * setup error.  -v adds counts by frame kind and one sample frame of each
 * kind that took the slow path, for a human to judge against the
 * program's header comment. */

#include <config.h>

#include <errno.h>
#include <inttypes.h>
#include <pthread.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <linux/bpf.h>

#include "afxdp-offload-counters.h"
#include "afxdp-offload-maps.h"
#include "afxdp-offload-match.h"
#include "dp-packet.h"
#include "dpif.h"
#include "flow.h"
#include "openflow/openflow.h"
#include "openvswitch/dynamic-string.h"
#include "openvswitch/match.h"
#include "ovs-thread.h"
#include "packets.h"
#include "util.h"

#define XDP_PARSER_SEED 0x0a5f0da7a5eedULL
#define N_RANDOM 20000          /* Random valid frames. */
#define N_MUTATED 30000         /* Random frames, then mutated. */
#define MAX_FRAME 2048
#define MIN_FRAME 14            /* BPF_PROG_TEST_RUN takes no less. */
#define IN_PORT 1
#define MAX_REPORTED 20         /* Mismatches printed in full. */
#define MAX_KINDS 128

/* IP protocol numbers that <netinet/in.h> may lack. */
#define PROTO_HOPOPTS 0
#define PROTO_ROUTING 43
#define PROTO_FRAGMENT 44
#define PROTO_GRE 47
#define PROTO_ESP 50
#define PROTO_AH 51
#define PROTO_NONE 59
#define PROTO_DSTOPTS 60
#define PROTO_MH 135
#define PROTO_HIP 139
#define PROTO_SHIM6 140

/* ---- Pseudo-random numbers. ---- */

static uint64_t prng_state = XDP_PARSER_SEED;

/* Returns the next 32 bits of the test's deterministic pseudo-random
 * sequence (xorshift64*). */
static uint32_t
rnd(void)
{
    prng_state ^= prng_state >> 12;
    prng_state ^= prng_state << 25;
    prng_state ^= prng_state >> 27;
    return (prng_state * UINT64_C(0x2545f4914f6cdd1d)) >> 32;
}

/* Returns a pseudo-random number in [0, n), or 0 if 'n' is 0. */
static uint32_t
rnd_below(uint32_t n)
{
    return n ? rnd() % n : 0;
}

/* Returns a pseudo-random number in [lo, hi]. */
static int
rnd_range(int lo, int hi)
{
    return lo + rnd_below(hi - lo + 1);
}

/* Returns true with probability 'percent' / 100. */
static bool
rnd_pct(unsigned int percent)
{
    return rnd_below(100) < percent;
}

/* Returns one of the 'n' elements of 'values', at random. */
static unsigned int
rnd_pick__(const unsigned int *values, size_t n)
{
    return values[rnd_below(n)];
}
#define RND_PICK(...)                                                   \
    rnd_pick__((const unsigned int[]) { __VA_ARGS__ },                  \
               sizeof (const unsigned int[]) { __VA_ARGS__ }            \
               / sizeof(unsigned int))

/* Returns an index in [0, n) of the 'n' elements of 'weights', each with
 * a probability proportional to its weight. */
static size_t
rnd_weighted__(const unsigned int *weights, size_t n)
{
    unsigned int total = 0;
    unsigned int x;

    for (size_t i = 0; i < n; i++) {
        total += weights[i];
    }
    x = rnd_below(total);
    for (size_t i = 0; i < n; i++) {
        if (x < weights[i]) {
            return i;
        }
        x -= weights[i];
    }
    return n - 1;
}
#define RND_WEIGHTED(...)                                               \
    rnd_weighted__((const unsigned int[]) { __VA_ARGS__ },              \
                   sizeof (const unsigned int[]) { __VA_ARGS__ }        \
                   / sizeof(unsigned int))

/* ---- Frames. ---- */

/* A frame under test. */
struct frame {
    uint8_t data[MAX_FRAME];
    size_t len;
    char kind[32];              /* Class for the statistics. */
    char label[160];            /* What the frame is, for humans. */
};

/* Appends the 'n' bytes at 'p' to 'f'. */
static void
put_bytes(struct frame *f, const void *p, size_t n)
{
    ovs_assert(f->len + n <= MAX_FRAME);
    memcpy(&f->data[f->len], p, n);
    f->len += n;
}

/* Appends byte 'v' to 'f'. */
static void
put8(struct frame *f, uint8_t v)
{
    put_bytes(f, &v, 1);
}

/* Appends 'v' to 'f' in network byte order. */
static void
put16(struct frame *f, uint16_t v)
{
    ovs_be16 x = htons(v);

    put_bytes(f, &x, sizeof x);
}

/* Appends 'v' to 'f' in network byte order. */
static void
put32(struct frame *f, uint32_t v)
{
    ovs_be32 x = htonl(v);

    put_bytes(f, &x, sizeof x);
}

/* Appends 'n' copies of 'byte' to 'f'. */
static void
put_fill(struct frame *f, uint8_t byte, size_t n)
{
    while (n--) {
        put8(f, byte);
    }
}

/* Appends 'n' random bytes to 'f'. */
static void
put_random(struct frame *f, size_t n)
{
    while (n--) {
        put8(f, rnd());
    }
}

/* Stores 'v' in network byte order at offset 'ofs' of 'f'. */
static void
poke16(struct frame *f, size_t ofs, uint16_t v)
{
    ovs_assert(ofs + 2 <= f->len);
    f->data[ofs] = v >> 8;
    f->data[ofs + 1] = v;
}

/* The shape of a frame, from which build_frame() makes it.  Every zero
 * value means the usual one (fixed addresses and ports, right lengths,
 * Ethernet/IPv4 ARP request...), so that a hand-made frame names only what
 * is special about it. */
enum l3_kind {
    L3_RAW,                     /* 'eth_type', then 'payload' bytes. */
    L3_IPV4,
    L3_IPV6,
    L3_ARP,
    L3_RARP,
    L3_MPLS,                    /* Labels, then IPv4. */
    L3_LLDP,
    L3_LLC,                     /* 802.3 length, LLC, 'payload' bytes. */
    L3_SNAP,                    /* 802.3 length, LLC/SNAP, 'eth_type'
                                 * (0: IPv4, then an IPv4 packet). */
};

struct spec {
    /* Ethernet. */
    uint8_t dst[6], src[6];     /* All zeros: fixed ones. */
    int n_vlans;                /* Tags, up to 3. */
    uint16_t tpid[3];           /* 0: 0x8100. */
    uint16_t tci[3];
    enum l3_kind l3;
    uint16_t eth_type;
    bool mpls_mc;               /* Multicast MPLS type. */
    int n_labels;               /* MPLS labels (0: 1). */
    bool no_bos;                /* No bottom-of-stack bit. */

    /* IPv4 or IPv6. */
    int version;                /* 0: the right one. */
    bool bad_ihl;               /* IPv4 IHL is 'ihl', not the right one. */
    int ihl;
    int ip_opt_words;           /* IPv4 options, in 4-byte words. */
    uint16_t frag_off;          /* IPv4 flags and fragment offset. */
    bool set_len;               /* tot_len/payload_len is 'len', else */
    int len;
    int len_delta;              /* the right one plus 'len_delta'. */
    uint8_t tos, ttl;
    uint32_t label;             /* IPv6 flow label. */
    uint32_t ip4_src, ip4_dst;  /* 0: fixed ones. */
    uint8_t ip6_src[16], ip6_dst[16];   /* All zeros: fixed ones. */
    int n_ext;                  /* IPv6 "extension headers" 'ext'. */
    uint8_t ext[3];
    uint16_t frag_offlg;        /* Of an IPv6 fragment header. */
    uint8_t proto;

    /* L4. */
    uint16_t sport, dport;      /* 0: fixed ones. */
    int tcp_opt_words;
    bool bad_doff;              /* TCP data offset is 'doff'. */
    int doff;
    uint16_t tcp_flags;
    uint8_t icmp_type, icmp_code;
    int nd_opts;                /* ND options: 1 source LLA, 2 target. */
    bool l4_cut;                /* Keep only 'l4_keep' bytes of L4. */
    int l4_keep;
    int payload;                /* L4 (or L3_RAW, LLC...) payload. */

    /* ARP. */
    uint16_t arp_hrd, arp_pro, arp_op;  /* 0: 1, 0x0800, 1. */
    uint8_t arp_hln, arp_pln;           /* 0: 6, 4. */

    /* After the packet: 'pad' bytes of Ethernet padding, then zeros up to
     * 'min_len' bytes, then the frame cut to 'trunc' bytes if nonzero. */
    int pad;
    int min_len;
    int trunc;
};

static const uint8_t default_dst[6] = { 0x02, 0, 0, 0, 0, 0x02 };
static const uint8_t default_src[6] = { 0x02, 0, 0, 0, 0, 0x01 };
static const uint8_t default_ip6_src[16] = {
    0x20, 0x01, 0x0d, 0xb8, [15] = 1
};
static const uint8_t default_ip6_dst[16] = {
    0x20, 0x01, 0x0d, 0xb8, [15] = 2
};

/* Returns 'p' ('n' bytes) if it is not all zeros, else 'dflt'. */
static const uint8_t *
or_default(const uint8_t *p, const uint8_t *dflt, size_t n)
{
    return is_all_zeros(p, n) ? dflt : p;
}

/* Appends the L4 header and payload of 's' to 'f'. */
static void
build_l4(const struct spec *s, struct frame *f)
{
    size_t start = f->len;
    uint16_t sport = s->sport ? s->sport : 1234;
    uint16_t dport = s->dport ? s->dport : 80;

    switch (s->proto) {
    case IPPROTO_TCP: {
        int doff = s->bad_doff ? s->doff : 5 + s->tcp_opt_words;

        put16(f, sport);
        put16(f, dport);
        put32(f, rnd());                        /* Sequence. */
        put32(f, rnd());                        /* Acknowledgement. */
        put16(f, ((doff & 0xf) << 12) | (s->tcp_flags & 0xfff));
        put16(f, 65535);                        /* Window. */
        put32(f, 0);                            /* Checksum, urgent. */
        if (s->tcp_opt_words) {
            put8(f, 2);                         /* MSS. */
            put8(f, 4);
            put16(f, 1460);
            put_fill(f, 1, 4 * (s->tcp_opt_words - 1));   /* NOPs. */
        }
        break;
    }

    case IPPROTO_UDP:
        put16(f, sport);
        put16(f, dport);
        put16(f, 8 + s->payload);
        put16(f, 0);
        break;

    case IPPROTO_SCTP:
        put16(f, sport);
        put16(f, dport);
        put32(f, rnd());                        /* Verification tag. */
        put32(f, 0);                            /* Checksum. */
        break;

    case IPPROTO_ICMP:
    case IPPROTO_IGMP:
        put8(f, s->icmp_type);
        put8(f, s->icmp_code);
        put16(f, 0);
        put32(f, rnd());                        /* Id and seq, or group. */
        break;

    case IPPROTO_ICMPV6:
        put8(f, s->icmp_type);
        put8(f, s->icmp_code);
        put16(f, 0);
        put32(f, rnd());
        if (s->icmp_type == 135 || s->icmp_type == 136) {
            put_bytes(f, default_ip6_dst, 16);  /* Target. */
            if (s->nd_opts & 1) {
                put8(f, 1);
                put8(f, 1);
                put_bytes(f, default_src, 6);
            }
            if (s->nd_opts & 2) {
                put8(f, 2);
                put8(f, 1);
                put_bytes(f, default_dst, 6);
            }
        } else if ((s->icmp_type >= 130 && s->icmp_type <= 132)
                   || s->icmp_type == 143) {
            put_bytes(f, default_ip6_dst, 16);  /* Multicast address. */
        }
        break;

    default:
        break;
    }
    put_random(f, s->payload);

    if (s->l4_cut && start + s->l4_keep < f->len) {
        f->len = start + s->l4_keep;
    }
}

/* Returns the IPv4 header checksum of the 'n' bytes at 'p'. */
static uint16_t
ipv4_csum(const uint8_t *p, size_t n)
{
    uint32_t sum = 0;

    for (size_t i = 0; i + 1 < n; i += 2) {
        sum += (p[i] << 8) | p[i + 1];
    }
    while (sum >> 16) {
        sum = (sum & 0xffff) + (sum >> 16);
    }
    return ~sum;
}

/* Returns the length field for an IP packet whose right value is 'right',
 * as 's' says. */
static uint16_t
ip_len_field(const struct spec *s, int right)
{
    int len = s->set_len ? s->len : right + s->len_delta;

    return MIN(MAX(len, 0), UINT16_MAX);
}

/* Appends the IPv4 packet of 's' to 'f'. */
static void
build_ipv4(const struct spec *s, struct frame *f)
{
    size_t start = f->len;
    int ihl = s->bad_ihl ? s->ihl : 5 + s->ip_opt_words;
    size_t hdr_len = 20 + 4 * s->ip_opt_words;

    put8(f, ((s->version ? s->version : 4) << 4) | (ihl & 0xf));
    put8(f, s->tos);
    put16(f, 0);                                /* Total length. */
    put16(f, rnd());                            /* Identification. */
    put16(f, s->frag_off);
    put8(f, s->ttl);
    put8(f, s->proto);
    put16(f, 0);                                /* Checksum. */
    put32(f, s->ip4_src ? s->ip4_src : 0x0a000001);
    put32(f, s->ip4_dst ? s->ip4_dst : 0x0a000002);
    if (s->ip_opt_words) {
        put8(f, 0x94);                          /* Router alert. */
        put8(f, 4);
        put16(f, 0);
        put_fill(f, 1, 4 * (s->ip_opt_words - 1));      /* NOPs. */
    }
    build_l4(s, f);

    poke16(f, start + 2, ip_len_field(s, f->len - start));
    poke16(f, start + 10, ipv4_csum(&f->data[start], hdr_len));
}

/* Appends the IPv6 packet of 's' to 'f'. */
static void
build_ipv6(const struct spec *s, struct frame *f)
{
    size_t start = f->len;

    put32(f, ((uint32_t) (s->version ? s->version : 6) << 28)
          | ((uint32_t) s->tos << 20) | (s->label & 0xfffff));
    put16(f, 0);                                /* Payload length. */
    put8(f, s->n_ext ? s->ext[0] : s->proto);
    put8(f, s->ttl);
    put_bytes(f, or_default(s->ip6_src, default_ip6_src, 16), 16);
    put_bytes(f, or_default(s->ip6_dst, default_ip6_dst, 16), 16);

    for (int i = 0; i < s->n_ext; i++) {
        uint8_t next = i + 1 < s->n_ext ? s->ext[i + 1] : s->proto;

        put8(f, next);
        switch (s->ext[i]) {
        case PROTO_FRAGMENT:
            put8(f, 0);
            put16(f, s->frag_offlg);
            put32(f, rnd());                    /* Identification. */
            break;

        case PROTO_AH:
            put8(f, 4);                         /* (4 + 2) * 4 bytes. */
            put16(f, 0);
            put_random(f, 20);
            break;

        case PROTO_HOPOPTS:
        case PROTO_DSTOPTS:
        case PROTO_ROUTING: {
            int len = i % 2;                    /* (len + 1) * 8 bytes. */

            put8(f, len);
            put8(f, 1);                         /* PadN. */
            put8(f, 4 + 8 * len);
            put_fill(f, 0, 4 + 8 * len);
            break;
        }

        default:                                /* Not one for OVS. */
            put8(f, 0);
            put_random(f, 6);
            break;
        }
    }
    build_l4(s, f);

    poke16(f, start + 4, ip_len_field(s, f->len - start - 40));
}

/* Appends the ARP or RARP packet of 's' to 'f'. */
static void
build_arp(const struct spec *s, struct frame *f)
{
    put16(f, s->arp_hrd ? s->arp_hrd : 1);
    put16(f, s->arp_pro ? s->arp_pro : ETH_TYPE_IP);
    put8(f, s->arp_hln ? s->arp_hln : 6);
    put8(f, s->arp_pln ? s->arp_pln : 4);
    put16(f, s->arp_op ? s->arp_op : 1);
    put_bytes(f, default_src, 6);
    put32(f, s->ip4_src ? s->ip4_src : 0x0a000001);
    put_bytes(f, default_dst, 6);
    put32(f, s->ip4_dst ? s->ip4_dst : 0x0a000002);
}

/* Makes frame 'f' from 's' (not its kind or label). */
static void
build_frame(const struct spec *s, struct frame *f)
{
    size_t len_ofs;

    f->len = 0;
    put_bytes(f, or_default(s->dst, default_dst, 6), 6);
    put_bytes(f, or_default(s->src, default_src, 6), 6);
    for (int i = 0; i < s->n_vlans; i++) {
        put16(f, s->tpid[i] ? s->tpid[i] : ETH_TYPE_VLAN_8021Q);
        put16(f, s->tci[i]);
    }

    switch (s->l3) {
    case L3_RAW:
        put16(f, s->eth_type);
        put_random(f, s->payload);
        break;

    case L3_IPV4:
        put16(f, ETH_TYPE_IP);
        build_ipv4(s, f);
        break;

    case L3_IPV6:
        put16(f, ETH_TYPE_IPV6);
        build_ipv6(s, f);
        break;

    case L3_ARP:
    case L3_RARP:
        put16(f, s->l3 == L3_ARP ? ETH_TYPE_ARP : ETH_TYPE_RARP);
        build_arp(s, f);
        break;

    case L3_MPLS: {
        int n = s->n_labels ? s->n_labels : 1;

        put16(f, s->mpls_mc ? ETH_TYPE_MPLS_MCAST : ETH_TYPE_MPLS);
        for (int i = 0; i < n; i++) {
            bool bos = i == n - 1 && !s->no_bos;

            put32(f, ((rnd() & 0xfffff) << 12) | (bos << 8) | 64);
        }
        build_ipv4(s, f);
        break;
    }

    case L3_LLDP:
        put16(f, 0x88cc);
        put16(f, (1 << 9) | 7);                 /* Chassis ID. */
        put8(f, 4);
        put_bytes(f, default_src, 6);
        put16(f, (2 << 9) | 3);                 /* Port ID. */
        put8(f, 7);
        put16(f, 1);
        put16(f, (3 << 9) | 2);                 /* TTL. */
        put16(f, 120);
        put_random(f, s->payload);
        put16(f, 0);                            /* End. */
        break;

    case L3_LLC:
        len_ofs = f->len;
        put16(f, 0);
        put8(f, 0x42);                          /* STP's DSAP, SSAP. */
        put8(f, 0x42);
        put8(f, 0x03);
        put_random(f, s->payload);
        poke16(f, len_ofs, MIN(f->len - len_ofs - 2, 0x5ff));
        break;

    case L3_SNAP:
        len_ofs = f->len;
        put16(f, 0);
        put8(f, 0xaa);
        put8(f, 0xaa);
        put8(f, 0x03);
        put_fill(f, 0, 3);                      /* Ethernet OUI. */
        if (!s->eth_type || s->eth_type == ETH_TYPE_IP) {
            put16(f, ETH_TYPE_IP);
            build_ipv4(s, f);
        } else {
            put16(f, s->eth_type);
            put_random(f, s->payload);
        }
        poke16(f, len_ofs, MIN(f->len - len_ofs - 2, 0x5ff));
        break;
    }

    put_fill(f, 0, s->pad);
    if (f->len < s->min_len) {
        put_fill(f, 0, s->min_len - f->len);
    }
    if (s->trunc && s->trunc < f->len) {
        f->len = s->trunc;
    }
    if (f->len < MIN_FRAME) {   /* BPF_PROG_TEST_RUN's minimum. */
        memset(&f->data[f->len], 0, MIN_FRAME - f->len);
        f->len = MIN_FRAME;
    }
}

/* Returns a short name of L4 protocol 'proto' (ICMPv6 types 'type'). */
static const char *
l4_name(uint8_t proto, uint8_t type)
{
    switch (proto) {
    case IPPROTO_TCP:
        return "tcp";
    case IPPROTO_UDP:
        return "udp";
    case IPPROTO_SCTP:
        return "sctp";
    case IPPROTO_ICMP:
        return "icmp";
    case IPPROTO_IGMP:
        return "igmp";
    case IPPROTO_ICMPV6:
        return (type == 128 || type == 129 ? "icmpv6-echo"
                : type < 128 ? "icmpv6-error"
                : (type >= 130 && type <= 132) || type == 143 ? "icmpv6-mld"
                : type >= 133 && type <= 137 ? "icmpv6-nd"
                : "icmpv6-other");
    default:
        return "other";
    }
}

/* Returns a short name of L3 kind 'l3'. */
static const char *
l3_name(enum l3_kind l3)
{
    static const char *const names[] = {
        [L3_RAW] = "raw", [L3_IPV4] = "ipv4", [L3_IPV6] = "ipv6",
        [L3_ARP] = "arp", [L3_RARP] = "rarp", [L3_MPLS] = "mpls",
        [L3_LLDP] = "lldp", [L3_LLC] = "llc", [L3_SNAP] = "snap",
    };

    return names[l3];
}

/* Sets the kind of frame 'f' made from 's': its L2, L3 and L4 in short. */
static void
set_kind(const struct spec *s, struct frame *f)
{
    const char *l2 = s->n_vlans == 0 ? "" : "vlan+";

    if (s->n_vlans >= 2) {
        snprintf(f->kind, sizeof f->kind, "qinq");
    } else if (s->l3 == L3_IPV4 || (s->l3 == L3_IPV6 && !s->n_ext)) {
        snprintf(f->kind, sizeof f->kind, "%s%s/%s", l2, l3_name(s->l3),
                 l4_name(s->proto, s->icmp_type));
    } else if (s->l3 == L3_IPV6) {
        snprintf(f->kind, sizeof f->kind, "%sipv6+ext", l2);
    } else {
        snprintf(f->kind, sizeof f->kind, "%s%s", l2, l3_name(s->l3));
    }
}

/* Sets the label of random frame 'f' made from 's': its kind, and what is
 * special about it. */
static void
set_random_label(const struct spec *s, struct frame *f)
{
    struct ds ds = DS_EMPTY_INITIALIZER;

    ds_put_format(&ds, "random %s", f->kind);
    for (int i = 0; i < s->n_vlans; i++) {
        ds_put_format(&ds, " tag%d=%04x/%04x", i,
                      s->tpid[i] ? s->tpid[i] : ETH_TYPE_VLAN_8021Q,
                      s->tci[i]);
    }
    if (s->l3 == L3_RAW || (s->l3 == L3_SNAP && s->eth_type)) {
        ds_put_format(&ds, " type=%04x", s->eth_type);
    }
    if (s->version) {
        ds_put_format(&ds, " version=%d", s->version);
    }
    if (s->bad_ihl) {
        ds_put_format(&ds, " ihl=%d", s->ihl);
    }
    if (s->ip_opt_words) {
        ds_put_format(&ds, " ip-options=%d", 4 * s->ip_opt_words);
    }
    if (s->frag_off) {
        ds_put_format(&ds, " frag_off=%04x", s->frag_off);
    }
    if (s->len_delta) {
        ds_put_format(&ds, " ip-len%+d", s->len_delta);
    }
    for (int i = 0; i < s->n_ext; i++) {
        ds_put_format(&ds, "%s%d", i ? "," : " ext=", s->ext[i]);
        if (s->ext[i] == PROTO_FRAGMENT) {
            ds_put_format(&ds, "(offlg=%04x)", s->frag_offlg);
        }
    }
    if (s->l3 == L3_IPV4 || s->l3 == L3_IPV6) {
        ds_put_format(&ds, " proto=%d", s->proto);
    }
    if (s->bad_doff) {
        ds_put_format(&ds, " doff=%d", s->doff);
    }
    if (s->l4_cut) {
        ds_put_format(&ds, " l4-bytes=%d", s->l4_keep);
    }
    if (s->pad || s->min_len) {
        ds_put_format(&ds, " pad=%d min=%d", s->pad, s->min_len);
    }
    ovs_strlcpy(f->label, ds_cstr(&ds), sizeof f->label);
    ds_destroy(&ds);
}

/* Fills 'n' bytes at 'p' with random bytes. */
static void
fill_random(uint8_t *p, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        p[i] = rnd();
    }
}

/* Makes 's' a random frame shape, mostly valid. */
static void
random_spec(struct spec *s)
{
    memset(s, 0, sizeof *s);

    fill_random(s->dst, 6);
    fill_random(s->src, 6);
    if (rnd_pct(10)) {
        memset(s->dst, 0xff, 6);
    }
    s->n_vlans = RND_WEIGHTED(70, 21, 8, 1);
    for (int i = 0; i < s->n_vlans; i++) {
        s->tpid[i] = rnd_pct(75) ? ETH_TYPE_VLAN_8021Q : ETH_TYPE_VLAN_8021AD;
        s->tci[i] = rnd_pct(10) ? 0 : rnd();
    }

    s->l3 = RND_WEIGHTED([L3_RAW] = 10, [L3_IPV4] = 36, [L3_IPV6] = 30,
                         [L3_ARP] = 8, [L3_RARP] = 2, [L3_MPLS] = 4,
                         [L3_LLDP] = 2, [L3_LLC] = 3, [L3_SNAP] = 5);
    s->payload = RND_PICK(0, 0, 1, 4, 8, 16) + (rnd_pct(50)
                                                 ? rnd_below(200) : 0);
    s->tos = rnd();
    s->ttl = rnd();
    s->label = rnd();
    s->ip4_src = rnd();
    s->ip4_dst = rnd();
    fill_random(s->ip6_src, 16);
    fill_random(s->ip6_dst, 16);
    s->sport = rnd();
    s->dport = rnd_pct(30) ? RND_PICK(22, 53, 80, 443, 4789) : rnd();

    switch (s->l3) {
    case L3_RAW:
        s->eth_type = (rnd_pct(60)
                       ? RND_PICK(ETH_TYPE_NSH, 0x9000, 0x88cc, 0x8809,
                                  0x0600, 0x05ff, 0x0000, 0x002e,
                                  ETH_TYPE_VLAN_8021Q, ETH_TYPE_VLAN_8021AD,
                                  ETH_TYPE_IP, ETH_TYPE_IPV6, ETH_TYPE_ARP,
                                  ETH_TYPE_MPLS)
                       : rnd());
        break;

    case L3_IPV4:
    case L3_MPLS:
    case L3_SNAP:
        if (s->l3 == L3_SNAP && rnd_pct(30)) {
            s->eth_type = rnd_pct(50) ? rnd_below(0x600) : rnd();
            break;
        }
        if (s->l3 == L3_MPLS) {
            s->mpls_mc = rnd_pct(30);
            s->n_labels = rnd_range(1, 3);
            s->no_bos = rnd_pct(5);
        }
        s->ip_opt_words = rnd_pct(80) ? 0 : rnd_range(1, 10);
        switch (RND_WEIGHTED(60, 25, 5, 5, 5)) {
        case 0:
            s->frag_off = 0;
            break;
        case 1:
            s->frag_off = 0x4000;               /* DF. */
            break;
        case 2:
            s->frag_off = 0x2000;               /* MF: first fragment. */
            break;
        case 3:                                 /* Later fragment. */
            s->frag_off = (rnd_pct(50) ? 0x2000 : 0) | rnd_range(1, 0x1fff);
            break;
        default:
            s->frag_off = rnd();
            break;
        }
        s->proto = RND_PICK(IPPROTO_TCP, IPPROTO_TCP, IPPROTO_TCP,
                            IPPROTO_TCP, IPPROTO_UDP, IPPROTO_UDP,
                            IPPROTO_UDP, IPPROTO_SCTP, IPPROTO_ICMP,
                            IPPROTO_ICMP, IPPROTO_IGMP, IPPROTO_ICMPV6,
                            PROTO_GRE, PROTO_ESP, 0);
        if (rnd_pct(6)) {
            s->proto = rnd();
        }
        if (rnd_pct(4)) {
            s->bad_ihl = true;
            s->ihl = rnd_below(16);
        }
        if (rnd_pct(2)) {
            s->version = rnd_below(16);
        }
        break;

    case L3_IPV6:
        if (rnd_pct(30)) {
            s->n_ext = rnd_range(1, 3);
            for (int i = 0; i < s->n_ext; i++) {
                s->ext[i] = RND_PICK(PROTO_HOPOPTS, PROTO_ROUTING,
                                     PROTO_DSTOPTS, PROTO_FRAGMENT,
                                     PROTO_FRAGMENT, PROTO_AH, PROTO_ESP,
                                     PROTO_MH, PROTO_HIP, PROTO_SHIM6,
                                     PROTO_NONE);
            }
            s->frag_offlg = RND_PICK(0, 1, 8, 9, rnd() & 0xfff9);
        }
        s->proto = RND_PICK(IPPROTO_TCP, IPPROTO_TCP, IPPROTO_TCP,
                            IPPROTO_UDP, IPPROTO_UDP, IPPROTO_UDP,
                            IPPROTO_SCTP, IPPROTO_ICMPV6, IPPROTO_ICMPV6,
                            IPPROTO_ICMPV6, IPPROTO_ICMPV6, IPPROTO_ICMP,
                            IPPROTO_IGMP, PROTO_NONE, PROTO_GRE);
        if (rnd_pct(6)) {
            s->proto = rnd();
        }
        if (rnd_pct(2)) {
            s->version = rnd_below(16);
        }
        break;

    case L3_ARP:
    case L3_RARP:
        s->arp_op = rnd_pct(50) ? 1 : 2;
        if (s->l3 == L3_RARP) {
            s->arp_op = rnd_pct(50) ? 3 : 4;
        }
        switch (RND_WEIGHTED(80, 4, 4, 4, 4, 4)) {
        case 1:
            s->arp_hrd = rnd_pct(50) ? 6 : rnd();
            break;
        case 2:
            s->arp_pro = rnd_pct(50) ? ETH_TYPE_IPV6 : rnd();
            break;
        case 3:
            s->arp_hln = rnd_pct(50) ? 8 : rnd();
            break;
        case 4:
            s->arp_pln = rnd_pct(50) ? 16 : rnd();
            break;
        case 5:
            s->arp_op = rnd_pct(50) ? 0x100 + rnd_below(0xff00) : rnd();
            break;
        }
        break;

    case L3_LLDP:
    case L3_LLC:
        break;
    }

    /* L4 of IPv4 and IPv6 packets. */
    s->tcp_opt_words = rnd_pct(70) ? 0 : rnd_range(1, 10);
    s->tcp_flags = rnd() & 0xfff;
    if (s->proto == IPPROTO_ICMPV6) {
        s->icmp_type = (rnd_pct(90)
                        ? RND_PICK(128, 129, 1, 2, 3, 4, 130, 131, 132, 133,
                                   134, 135, 135, 136, 136, 137, 143)
                        : rnd());
    } else {
        s->icmp_type = rnd_pct(60) ? RND_PICK(0, 8, 3, 11) : rnd();
    }
    s->icmp_code = rnd_pct(80) ? 0 : rnd();
    s->nd_opts = rnd_below(4);
    if (rnd_pct(5)) {
        s->bad_doff = true;
        s->doff = rnd_below(16);
    }
    if (rnd_pct(5)) {
        s->l4_cut = true;
        s->l4_keep = rnd_below(44);
    }
    if (rnd_pct(6)) {
        s->len_delta = rnd_pct(50) ? rnd_range(-40, -1) : rnd_range(1, 40);
    }

    switch (RND_WEIGHTED(64, 16, 12, 4, 4)) {
    case 1:
        s->min_len = 60;
        break;
    case 2:
        s->pad = rnd_range(1, 46);
        break;
    case 3:
        s->pad = rnd_range(200, 255);
        break;
    case 4:
        s->pad = rnd_range(256, 700);
        break;
    }
}

/* Changes frame 'f' at random, as a broken or hostile sender might: flips
 * a few bytes in its headers, or cuts it short, or both. */
static void
mutate_frame(struct frame *f)
{
    int how = RND_WEIGHTED(55, 25, 20);         /* Flip, cut, both. */

    if (how != 1) {
        size_t span = MIN(f->len, 100);
        int n = rnd_range(1, 4);

        for (int i = 0; i < n; i++) {
            size_t ofs = (rnd_pct(90) && span > 12
                          ? 12 + rnd_below(span - 12) : rnd_below(span));

            if (rnd_pct(50)) {
                f->data[ofs] ^= rnd_range(1, 255);
            } else {
                f->data[ofs] = RND_PICK(0x00, 0xff, 0x81, 0x88, 0xa8, 0x86,
                                        0xdd, 0x08, 0x06, 0x45, 0x60, 0x05,
                                        0x11, 0x2c, 0x3a, 0x80, 0x87);
            }
        }
    }
    if (how != 0) {
        f->len = MIN_FRAME + rnd_below(f->len - MIN_FRAME + 1);
    }
}

/* ---- The XDP program. ---- */

static int prog_fd;                     /* ovs_afxdp_rx_offload. */
static int masks_fd;                    /* offload_masks. */
static int table_fd;                    /* offload_flows[0]. */
static int counters_fd;                 /* offload_counters. */

/* Returns the file descriptor of map 'name' of 'obj'; exits if none. */
static int
map_fd(struct bpf_object *obj, const char *name)
{
    int fd = bpf_object__find_map_fd_by_name(obj, name);

    if (fd < 0) {
        ovs_fatal(0, "%s: no map in the object", name);
    }
    return fd;
}

/* Loads the XDP object at 'path' and sets up its maps for one mask with
 * an empty table of flows; exits on failure. */
static void
setup_xdp(const char *path)
{
    LIBBPF_OPTS(bpf_map_create_opts, create_opts,
                .map_flags = BPF_F_NO_PREALLOC);
    struct afxdp_offload_config config = {
        .n_masks = 1, .slot = 0, .enabled = 1,
    };
    struct afxdp_offload_mask mask;
    struct bpf_program *prog;
    struct bpf_object *obj;
    uint32_t zero = 0;
    int error;

    obj = bpf_object__open_file(path, NULL);
    if (!obj) {
        ovs_fatal(errno, "%s: cannot open", path);
    }
    /* No AF_XDP socket here: the program looks flows up on every queue
     * (its only read-only variable, 'parser_test'). */
    struct bpf_map *rodata = bpf_object__find_map_by_name(obj, ".rodata");
    size_t rodata_size = 0;
    uint8_t *ro = (rodata
                   ? CONST_CAST(uint8_t *,
                                bpf_map__initial_value(rodata, &rodata_size))
                   : NULL);
    if (!ro || rodata_size != 1) {
        ovs_fatal(0, "%s: expected one byte of .rodata (parser_test), "
                  "found %"PRIuSIZE, path, rodata_size);
    }
    ro[0] = 1;
    error = bpf_object__load(obj);
    if (error) {
        ovs_fatal(-error, "%s: cannot load", path);
    }
    prog = bpf_object__find_program_by_name(obj, "ovs_afxdp_rx_offload");
    if (!prog) {
        ovs_fatal(0, "%s: no program ovs_afxdp_rx_offload", path);
    }
    prog_fd = bpf_program__fd(prog);
    masks_fd = map_fd(obj, AFXDP_OFFLOAD_MASKS_MAP);
    counters_fd = map_fd(obj, AFXDP_OFFLOAD_COUNTERS_MAP);

    table_fd = bpf_map_create(BPF_MAP_TYPE_HASH, "xdp_parser_tbl",
                              sizeof(struct afxdp_flow_key),
                              sizeof(struct afxdp_offload_flow),
                              AFXDP_OFFLOAD_MAX_FLOWS, &create_opts);
    if (table_fd < 0) {
        ovs_fatal(-table_fd, "cannot create a table of flows");
    }
    error = bpf_map_update_elem(map_fd(obj, AFXDP_OFFLOAD_FLOWS_MAP), &zero,
                                &table_fd, BPF_ANY);
    if (error) {
        ovs_fatal(-error, "cannot set offload_flows[0]");
    }
    memset(&mask, 0, sizeof mask);
    error = bpf_map_update_elem(masks_fd, &zero, &mask, BPF_ANY);
    if (error) {
        ovs_fatal(-error, "cannot set offload_masks[0]");
    }
    error = bpf_map_update_elem(map_fd(obj, AFXDP_OFFLOAD_CONFIG_MAP), &zero,
                                &config, BPF_ANY);
    if (error) {
        ovs_fatal(-error, "cannot set offload_config[0]");
    }
}

/* Installs the one flow 'key' (already masked), action drop, under mask
 * 'mask' (or no flow at all if both are null), runs the program on 'f',
 * removes the flow, and returns the program's verdict.  Exits on a system
 * error. */
static int
run_with_flow(const struct frame *f, const struct afxdp_flow_key *key,
              const struct afxdp_flow_key *mask)
{
    LIBBPF_OPTS(bpf_test_run_opts, run_opts,
                .data_in = f->data,
                .data_size_in = f->len,
                .repeat = 1);
    struct afxdp_offload_flow value;
    struct afxdp_offload_mask m;
    uint32_t zero = 0;
    int error;

    memset(&m, 0, sizeof m);
    if (mask) {
        m.mask = *mask;
        m.in_use = 1;
    }
    error = bpf_map_update_elem(masks_fd, &zero, &m, BPF_ANY);
    if (error) {
        ovs_fatal(-error, "cannot set offload_masks[0]");
    }
    if (key) {
        memset(&value, 0, sizeof value);        /* actions.flags 0: drop. */
        error = bpf_map_update_elem(table_fd, key, &value, BPF_ANY);
        if (error) {
            ovs_fatal(-error, "cannot insert a flow");
        }
    }

    error = bpf_prog_test_run_opts(prog_fd, &run_opts);
    if (error) {
        ovs_fatal(-error, "BPF_PROG_TEST_RUN on a %"PRIuSIZE"-byte frame",
                  f->len);
    }

    if (key) {
        error = bpf_map_delete_elem(table_fd, key);
        if (error) {
            ovs_fatal(-error, "cannot delete a flow");
        }
    }
    return run_opts.retval;
}

/* Recovers into '*key' the key that the program builds for frame 'f',
 * which it does not send to the slow path: for each bit, a flow that
 * matches only that bit set.  Returns false if a run gave a verdict other
 * than XDP_DROP or XDP_PASS. */
static bool
recover_xdp_key(const struct frame *f, struct afxdp_flow_key *key)
{
    memset(key, 0, sizeof *key);
    for (size_t bit = 0; bit < 8 * sizeof *key; bit++) {
        struct afxdp_flow_key one;
        int verdict;

        memset(&one, 0, sizeof one);
        ((uint8_t *) &one)[bit / 8] = 1u << (bit % 8);
        verdict = run_with_flow(f, &one, &one);
        if (verdict == XDP_DROP) {
            ((uint8_t *) key)[bit / 8] |= 1u << (bit % 8);
        } else if (verdict != XDP_PASS) {
            return false;
        }
    }
    return true;
}

/* ---- Open vSwitch's side. ---- */

/* Extracts Open vSwitch's flow of frame 'f' into '*flow', as dpif-netdev
 * does for a packet received on port IN_PORT. */
static void
ovs_extract(const struct frame *f, struct flow *flow)
{
    struct dp_packet packet;

    dp_packet_use_const(&packet, f->data, f->len);
    pkt_metadata_init(&packet.md, u32_to_odp(IN_PORT));
    flow_extract(&packet, flow);
    dp_packet_uninit(&packet);
}

/* Makes '*match' the megaflow of 'flow' that is exact on the fields that
 * afxdp_offload_match_from_flow() converts for a packet of that type (and
 * on in_port, recirc_id and packet_type), wildcarded elsewhere. */
static void
build_match(const struct flow *flow, struct match *match)
{
    struct flow_wildcards *wc = &match->wc;
    bool ipv4 = flow->dl_type == htons(ETH_TYPE_IP);
    bool ipv6 = flow->dl_type == htons(ETH_TYPE_IPV6);

    match_init_catchall(match);
    match->flow = *flow;

    WC_MASK_FIELD(wc, in_port);
    WC_MASK_FIELD(wc, recirc_id);
    WC_MASK_FIELD(wc, packet_type);
    WC_MASK_FIELD(wc, dl_dst);
    WC_MASK_FIELD(wc, dl_src);
    WC_MASK_FIELD(wc, dl_type);
    WC_MASK_FIELD(wc, vlans[0].tpid);
    WC_MASK_FIELD(wc, vlans[0].tci);

    if (ipv4 || ipv6) {
        uint8_t proto = flow->nw_proto;

        if (ipv4) {
            WC_MASK_FIELD(wc, nw_src);
            WC_MASK_FIELD(wc, nw_dst);
        } else {
            WC_MASK_FIELD(wc, ipv6_src);
            WC_MASK_FIELD(wc, ipv6_dst);
            WC_MASK_FIELD(wc, ipv6_label);
        }
        WC_MASK_FIELD(wc, nw_proto);
        WC_MASK_FIELD(wc, nw_frag);
        WC_MASK_FIELD(wc, nw_tos);
        WC_MASK_FIELD(wc, nw_ttl);
        if (proto == IPPROTO_TCP || proto == IPPROTO_UDP
            || proto == IPPROTO_SCTP
            || (ipv4 && proto == IPPROTO_ICMP)
            || (ipv6 && proto == IPPROTO_ICMPV6)) {
            WC_MASK_FIELD(wc, tp_src);
            WC_MASK_FIELD(wc, tp_dst);
        }
    } else if (flow->dl_type == htons(ETH_TYPE_ARP)
               || flow->dl_type == htons(ETH_TYPE_RARP)) {
        WC_MASK_FIELD(wc, nw_src);
        WC_MASK_FIELD(wc, nw_dst);
        WC_MASK_FIELD(wc, nw_proto);
    }
}

/* ---- Results. ---- */

static bool verbose;
static int n_frames, n_matched, n_slow, n_refused, n_failed;

/* Counts by kind of frame, for -v. */
struct kind_stats {
    char kind[32];
    int n, matched, slow, refused, failed;
    bool sampled;               /* A slow-path frame of it was printed. */
};
static struct kind_stats kinds[MAX_KINDS];
static size_t n_kinds;

/* Returns the counters of kind 'kind', made if new. */
static struct kind_stats *
kind_stats(const char *kind)
{
    for (size_t i = 0; i < n_kinds; i++) {
        if (!strcmp(kinds[i].kind, kind)) {
            return &kinds[i];
        }
    }
    ovs_assert(n_kinds < MAX_KINDS);
    ovs_strlcpy(kinds[n_kinds].kind, kind, sizeof kinds[n_kinds].kind);
    return &kinds[n_kinds++];
}

/* The fields of struct afxdp_flow_key, for printing keys. */
static const struct key_field {
    const char *name;
    size_t ofs, len;
} key_fields[] = {
#define KEY_FIELD(F) { #F, offsetof(struct afxdp_flow_key, F),          \
                       sizeof ((struct afxdp_flow_key *) 0)->F }
    KEY_FIELD(eth_dst), KEY_FIELD(eth_src), KEY_FIELD(eth_type),
    KEY_FIELD(vlan_tci), KEY_FIELD(vlan_tpid), KEY_FIELD(nw_proto),
    KEY_FIELD(nw_frag), KEY_FIELD(nw_tos), KEY_FIELD(nw_ttl),
    KEY_FIELD(pad), KEY_FIELD(ipv6_label), KEY_FIELD(nw_src),
    KEY_FIELD(nw_dst), KEY_FIELD(tp_src), KEY_FIELD(tp_dst),
#undef KEY_FIELD
};

/* Appends the 'n' bytes at 'p' to 'ds' in hex. */
static void
put_hex(struct ds *ds, const void *p_, size_t n)
{
    const uint8_t *p = p_;

    for (size_t i = 0; i < n; i++) {
        ds_put_format(ds, "%02x", p[i]);
    }
}

/* Prints frame 'f', Open vSwitch's flow of it 'flow' and megaflow
 * 'match', with 'title'. */
static void
print_frame(const char *title, const struct frame *f,
            const struct flow *flow, const struct match *match)
{
    char *s;

    printf("%s: %s (%"PRIuSIZE" bytes)\n", title, f->label, f->len);
    ovs_hex_dump(stdout, f->data, f->len, 0, false);
    s = flow_to_string(flow, NULL);
    printf("  OVS flow: %s\n", s);
    free(s);
    if (match) {
        s = match_to_string(match, NULL, OFP_DEFAULT_PRIORITY);
        printf("  megaflow: %s\n", s);
        free(s);
    }
}

/* Reports a mismatch on frame 'f': the program built a key for it that
 * misses the converted megaflow 'om' of Open vSwitch's 'flow'. */
static void
report_mismatch(const struct frame *f, const struct flow *flow,
                const struct match *match,
                const struct afxdp_offload_match *om)
{
    struct afxdp_flow_key xdp;

    if (n_failed > MAX_REPORTED) {
        return;
    }
    if (n_failed == MAX_REPORTED) {
        printf("(more mismatches not shown)\n");
        return;
    }
    print_frame("MISMATCH", f, flow, match);
    if (!recover_xdp_key(f, &xdp)) {
        printf("  (the program's key could not be recovered)\n");
        return;
    }
    printf("  %-10s  %-32s  %-32s\n", "key field", "XDP program's key",
           "OVS's key (megaflow, masked)");
    for (size_t i = 0; i < ARRAY_SIZE(key_fields); i++) {
        const struct key_field *kf = &key_fields[i];
        const uint8_t *x = (const uint8_t *) &xdp + kf->ofs;
        const uint8_t *k = (const uint8_t *) &om->key + kf->ofs;
        const uint8_t *m = (const uint8_t *) &om->mask + kf->ofs;
        struct ds xs = DS_EMPTY_INITIALIZER;
        struct ds ks = DS_EMPTY_INITIALIZER;
        bool differs = false;

        for (size_t j = 0; j < kf->len; j++) {
            differs |= ((x[j] & m[j]) != k[j]);
        }
        put_hex(&xs, x, kf->len);
        if (is_all_zeros(m, kf->len)) {
            ds_put_cstr(&ks, "(not matched)");
        } else {
            put_hex(&ks, k, kf->len);
        }
        printf("  %-10s  %-32s  %-32s%s\n", kf->name, ds_cstr(&xs),
               ds_cstr(&ks), differs ? "  <-- differs" : "");
        ds_destroy(&xs);
        ds_destroy(&ks);
    }
}

/* Runs frame 'f' through both parsers and counts the outcome. */
static void
check_frame(const struct frame *f)
{
    struct kind_stats *ks = kind_stats(f->kind);
    struct afxdp_offload_match om;
    struct afxdp_flow_key zero;
    const char *reason;
    struct match match;
    struct flow flow;
    int verdict;

    n_frames++;
    ks->n++;

    ovs_extract(f, &flow);
    build_match(&flow, &match);
    if (afxdp_offload_match_from_flow(&match, &om, &reason)) {
        /* Not offloadable: run it anyway, with no flow at all, which must
         * not be dropped. */
        n_refused++;
        ks->refused++;
        if (verbose) {
            printf("refused by the converter (%s): %s\n", reason, f->label);
        }
        verdict = run_with_flow(f, NULL, NULL);
        if (verdict != XDP_PASS) {
            n_failed++;
            ks->failed++;
            printf("verdict %d without any flow:\n", verdict);
            print_frame("UNEXPECTED", f, &flow, NULL);
        }
        return;
    }

    verdict = run_with_flow(f, &om.key, &om.mask);
    if (verdict == XDP_DROP) {
        n_matched++;
        ks->matched++;
        return;
    }

    if (verdict == XDP_PASS) {
        /* No hit: with a catch-all flow, a frame that the parser sends to
         * the slow path still passes; one it keyed is dropped, so its key
         * differs from Open vSwitch's flow. */
        memset(&zero, 0, sizeof zero);
        verdict = run_with_flow(f, &zero, &zero);
        if (verdict == XDP_PASS) {
            n_slow++;
            ks->slow++;
            if (verbose && !ks->sampled) {
                ks->sampled = true;
                print_frame("slow path sample", f, &flow, NULL);
            }
            return;
        } else if (verdict == XDP_DROP) {
            report_mismatch(f, &flow, &match, &om);
            n_failed++;
            ks->failed++;
            return;
        }
    }

    n_failed++;
    ks->failed++;
    printf("verdict %d (expected XDP_DROP or XDP_PASS):\n", verdict);
    print_frame("UNEXPECTED", f, &flow, &match);
}

/* Makes frame 'f' from 's', named 'label' (or a description of 's' if
 * null), and checks it. */
static void
check_spec(const struct spec *s, const char *label, struct frame *f)
{
    build_frame(s, f);
    set_kind(s, f);
    if (label) {
        ovs_strlcpy(f->label, label, sizeof f->label);
    } else {
        set_random_label(s, f);
    }
    check_frame(f);
}

/* ---- The frames. ---- */

/* Hand-made frames: one of each kind the brief of the test names, and the
 * boundaries of the parser's checks. */
static const struct handmade {
    const char *name;
    struct spec spec;
} handmade[] = {
    /* IPv4. */
    { "ipv4 tcp", { .l3 = L3_IPV4, .proto = IPPROTO_TCP, .ttl = 64 } },
    { "ipv4 tcp syn, options", { .l3 = L3_IPV4, .proto = IPPROTO_TCP,
                                 .tcp_opt_words = 5, .tcp_flags = 0x002 } },
    { "ipv4 tcp, 40 bytes of options", { .l3 = L3_IPV4,
                                         .proto = IPPROTO_TCP,
                                         .tcp_opt_words = 10 } },
    { "ipv4 udp", { .l3 = L3_IPV4, .proto = IPPROTO_UDP, .payload = 18 } },
    { "ipv4 udp, vxlan port", { .l3 = L3_IPV4, .proto = IPPROTO_UDP,
                                .dport = 4789, .payload = 50 } },
    { "ipv4 sctp", { .l3 = L3_IPV4, .proto = IPPROTO_SCTP,
                     .payload = 16 } },
    { "ipv4 icmp echo request", { .l3 = L3_IPV4, .proto = IPPROTO_ICMP,
                                  .icmp_type = 8, .payload = 56 } },
    { "ipv4 icmp echo reply", { .l3 = L3_IPV4, .proto = IPPROTO_ICMP,
                                .icmp_type = 0, .payload = 56 } },
    { "ipv4 icmp unreachable code 3", { .l3 = L3_IPV4,
                                        .proto = IPPROTO_ICMP,
                                        .icmp_type = 3, .icmp_code = 3,
                                        .payload = 28 } },
    { "ipv4 igmp v2 report", { .l3 = L3_IPV4, .proto = IPPROTO_IGMP,
                               .icmp_type = 0x16, .ttl = 1,
                               .ip_opt_words = 1 } },
    { "ipv4 gre", { .l3 = L3_IPV4, .proto = PROTO_GRE, .payload = 40 } },
    { "ipv4 esp", { .l3 = L3_IPV4, .proto = PROTO_ESP, .payload = 40 } },
    { "ipv4 protocol 0", { .l3 = L3_IPV4, .proto = 0, .payload = 8 } },
    { "ipv4 protocol 255", { .l3 = L3_IPV4, .proto = 255 } },
    { "ipv4 options 4 bytes", { .l3 = L3_IPV4, .proto = IPPROTO_UDP,
                                .ip_opt_words = 1 } },
    { "ipv4 options 40 bytes", { .l3 = L3_IPV4, .proto = IPPROTO_TCP,
                                 .ip_opt_words = 10 } },
    { "ipv4 DF", { .l3 = L3_IPV4, .proto = IPPROTO_TCP,
                   .frag_off = 0x4000 } },
    { "ipv4 first fragment tcp", { .l3 = L3_IPV4, .proto = IPPROTO_TCP,
                                   .frag_off = 0x2000, .payload = 100 } },
    { "ipv4 first fragment, tcp header cut", {
            .l3 = L3_IPV4, .proto = IPPROTO_TCP, .frag_off = 0x2000,
            .l4_cut = true, .l4_keep = 8 } },
    { "ipv4 later fragment tcp", { .l3 = L3_IPV4, .proto = IPPROTO_TCP,
                                   .frag_off = 0x2000 | 185,
                                   .payload = 100 } },
    { "ipv4 last fragment udp", { .l3 = L3_IPV4, .proto = IPPROTO_UDP,
                                  .frag_off = 185, .payload = 20 } },
    { "ipv4 later fragment, 1 byte", { .l3 = L3_IPV4,
                                       .proto = IPPROTO_UDP,
                                       .frag_off = 1, .l4_cut = true,
                                       .l4_keep = 1 } },
    { "ipv4 later fragment icmp, DF", { .l3 = L3_IPV4,
                                        .proto = IPPROTO_ICMP,
                                        .frag_off = 0x4000 | 0x1fff } },
    { "ipv4 evil bit", { .l3 = L3_IPV4, .proto = IPPROTO_UDP,
                         .frag_off = 0x8000 } },
    { "ipv4 ihl 0", { .l3 = L3_IPV4, .proto = IPPROTO_UDP,
                      .bad_ihl = true, .ihl = 0 } },
    { "ipv4 ihl 4", { .l3 = L3_IPV4, .proto = IPPROTO_UDP,
                      .bad_ihl = true, .ihl = 4 } },
    { "ipv4 ihl 15, no options", { .l3 = L3_IPV4, .proto = IPPROTO_UDP,
                                   .bad_ihl = true, .ihl = 15 } },
    { "ipv4 ihl 6, no options (udp header read as option)", {
            .l3 = L3_IPV4, .proto = IPPROTO_UDP, .bad_ihl = true,
            .ihl = 6, .payload = 20 } },
    { "ipv4 ihl beyond the frame", { .l3 = L3_IPV4, .proto = 99,
                                     .bad_ihl = true, .ihl = 15 } },
    { "ipv4 version 6", { .l3 = L3_IPV4, .proto = IPPROTO_UDP,
                          .version = 6 } },
    { "ipv4 version 0xf", { .l3 = L3_IPV4, .proto = IPPROTO_UDP,
                            .version = 15 } },
    { "ipv4 tot_len 0", { .l3 = L3_IPV4, .proto = IPPROTO_UDP,
                          .set_len = true, .len = 0 } },
    { "ipv4 tot_len 19", { .l3 = L3_IPV4, .proto = IPPROTO_UDP,
                           .set_len = true, .len = 19 } },
    { "ipv4 tot_len = ihl (no L4)", { .l3 = L3_IPV4, .proto = IPPROTO_UDP,
                                      .set_len = true, .len = 20 } },
    { "ipv4 tot_len < ihl with options", { .l3 = L3_IPV4,
                                           .proto = IPPROTO_TCP,
                                           .ip_opt_words = 2,
                                           .set_len = true, .len = 24 } },
    { "ipv4 tot_len 1 beyond the frame", { .l3 = L3_IPV4,
                                           .proto = IPPROTO_UDP,
                                           .len_delta = 1 } },
    { "ipv4 tot_len 65535", { .l3 = L3_IPV4, .proto = IPPROTO_UDP,
                              .set_len = true, .len = 65535 } },
    { "ipv4 tot_len cuts the udp header", { .l3 = L3_IPV4,
                                            .proto = IPPROTO_UDP,
                                            .payload = 20,
                                            .set_len = true, .len = 27 } },
    { "ipv4 tot_len cuts the tcp header", { .l3 = L3_IPV4,
                                            .proto = IPPROTO_TCP,
                                            .payload = 20,
                                            .set_len = true, .len = 39 } },
    { "ipv4 tot_len cuts the tcp options", { .l3 = L3_IPV4,
                                             .proto = IPPROTO_TCP,
                                             .tcp_opt_words = 3,
                                             .payload = 20,
                                             .set_len = true,
                                             .len = 48 } },
    { "ipv4 tot_len cuts icmp", { .l3 = L3_IPV4, .proto = IPPROTO_ICMP,
                                  .icmp_type = 8, .payload = 20,
                                  .set_len = true, .len = 27 } },
    { "ipv4 tot_len cuts sctp", { .l3 = L3_IPV4, .proto = IPPROTO_SCTP,
                                  .payload = 20, .set_len = true,
                                  .len = 31 } },
    { "ipv4 udp padded to 60", { .l3 = L3_IPV4, .proto = IPPROTO_UDP,
                                 .min_len = 60 } },
    { "ipv4 tcp padded to 60", { .l3 = L3_IPV4, .proto = IPPROTO_TCP,
                                 .min_len = 60 } },
    { "ipv4 padding 255", { .l3 = L3_IPV4, .proto = IPPROTO_UDP,
                            .pad = 255 } },
    { "ipv4 padding 256", { .l3 = L3_IPV4, .proto = IPPROTO_UDP,
                            .pad = 256 } },
    { "ipv4 padding 1000", { .l3 = L3_IPV4, .proto = IPPROTO_TCP,
                             .pad = 1000 } },
    { "ipv4 tot_len 20 + padding 255", { .l3 = L3_IPV4,
                                         .proto = IPPROTO_UDP,
                                         .set_len = true, .len = 20,
                                         .pad = 247 } },
    { "ipv4 tcp doff 0", { .l3 = L3_IPV4, .proto = IPPROTO_TCP,
                           .bad_doff = true, .doff = 0 } },
    { "ipv4 tcp doff 4", { .l3 = L3_IPV4, .proto = IPPROTO_TCP,
                           .bad_doff = true, .doff = 4, .payload = 30 } },
    { "ipv4 tcp doff 15, 20 bytes", { .l3 = L3_IPV4, .proto = IPPROTO_TCP,
                                      .bad_doff = true, .doff = 15 } },
    { "ipv4 tcp doff 15 in padding", { .l3 = L3_IPV4,
                                       .proto = IPPROTO_TCP,
                                       .bad_doff = true, .doff = 15,
                                       .pad = 60 } },
    { "ipv4 tcp doff 6, payload 4", { .l3 = L3_IPV4, .proto = IPPROTO_TCP,
                                      .bad_doff = true, .doff = 6,
                                      .payload = 4 } },
    { "ipv4 tcp cut to 19 bytes", { .l3 = L3_IPV4, .proto = IPPROTO_TCP,
                                    .l4_cut = true, .l4_keep = 19 } },
    { "ipv4 tcp cut to 19 bytes, padded", { .l3 = L3_IPV4,
                                            .proto = IPPROTO_TCP,
                                            .l4_cut = true,
                                            .l4_keep = 19,
                                            .min_len = 60 } },
    { "ipv4 udp cut to 4 bytes", { .l3 = L3_IPV4, .proto = IPPROTO_UDP,
                                   .l4_cut = true, .l4_keep = 4 } },
    { "ipv4 udp cut to 7 bytes, padded", { .l3 = L3_IPV4,
                                           .proto = IPPROTO_UDP,
                                           .l4_cut = true, .l4_keep = 7,
                                           .min_len = 60 } },
    { "ipv4 sctp cut to 8 bytes", { .l3 = L3_IPV4, .proto = IPPROTO_SCTP,
                                    .l4_cut = true, .l4_keep = 8 } },
    { "ipv4 icmp cut to 4 bytes", { .l3 = L3_IPV4, .proto = IPPROTO_ICMP,
                                    .l4_cut = true, .l4_keep = 4 } },
    { "ipv4 igmp cut to 4 bytes", { .l3 = L3_IPV4, .proto = IPPROTO_IGMP,
                                    .l4_cut = true, .l4_keep = 4 } },
    { "ipv4 carrying icmpv6", { .l3 = L3_IPV4, .proto = IPPROTO_ICMPV6,
                                .icmp_type = 128 } },
    { "ipv4 carrying icmpv6 ND", { .l3 = L3_IPV4, .proto = IPPROTO_ICMPV6,
                                   .icmp_type = 135, .nd_opts = 1 } },
    { "ipv4 header only, frame of 34", { .l3 = L3_IPV4, .proto = 99 } },
    { "ipv4 header cut, frame of 33", { .l3 = L3_IPV4, .proto = 99,
                                        .trunc = 33 } },

    /* IPv6. */
    { "ipv6 tcp", { .l3 = L3_IPV6, .proto = IPPROTO_TCP, .ttl = 64,
                    .tos = 0xb8, .label = 0x12345 } },
    { "ipv6 tcp options", { .l3 = L3_IPV6, .proto = IPPROTO_TCP,
                            .tcp_opt_words = 8 } },
    { "ipv6 udp", { .l3 = L3_IPV6, .proto = IPPROTO_UDP, .payload = 10 } },
    { "ipv6 sctp", { .l3 = L3_IPV6, .proto = IPPROTO_SCTP } },
    { "ipv6 icmpv6 echo request", { .l3 = L3_IPV6,
                                    .proto = IPPROTO_ICMPV6,
                                    .icmp_type = 128, .payload = 56 } },
    { "ipv6 icmpv6 echo reply", { .l3 = L3_IPV6, .proto = IPPROTO_ICMPV6,
                                  .icmp_type = 129, .payload = 56 } },
    { "ipv6 icmpv6 unreachable", { .l3 = L3_IPV6, .proto = IPPROTO_ICMPV6,
                                   .icmp_type = 1, .icmp_code = 4,
                                   .payload = 48 } },
    { "ipv6 icmpv6 packet too big", { .l3 = L3_IPV6,
                                      .proto = IPPROTO_ICMPV6,
                                      .icmp_type = 2, .payload = 48 } },
    { "ipv6 icmpv6 type 127", { .l3 = L3_IPV6, .proto = IPPROTO_ICMPV6,
                                .icmp_type = 127 } },
    { "ipv6 MLD query", { .l3 = L3_IPV6, .proto = IPPROTO_ICMPV6,
                          .icmp_type = 130 } },
    { "ipv6 MLD report", { .l3 = L3_IPV6, .proto = IPPROTO_ICMPV6,
                           .icmp_type = 131 } },
    { "ipv6 MLD done", { .l3 = L3_IPV6, .proto = IPPROTO_ICMPV6,
                         .icmp_type = 132 } },
    { "ipv6 MLDv2 report", { .l3 = L3_IPV6, .proto = IPPROTO_ICMPV6,
                             .icmp_type = 143 } },
    { "ipv6 router solicitation", { .l3 = L3_IPV6, .proto = IPPROTO_ICMPV6,
                                    .icmp_type = 133 } },
    { "ipv6 router advertisement", { .l3 = L3_IPV6,
                                     .proto = IPPROTO_ICMPV6,
                                     .icmp_type = 134, .payload = 8 } },
    { "ipv6 neighbour solicitation, SLL", { .l3 = L3_IPV6,
                                            .proto = IPPROTO_ICMPV6,
                                            .icmp_type = 135,
                                            .nd_opts = 1, .ttl = 255 } },
    { "ipv6 neighbour advertisement, TLL", { .l3 = L3_IPV6,
                                             .proto = IPPROTO_ICMPV6,
                                             .icmp_type = 136,
                                             .nd_opts = 2 } },
    { "ipv6 neighbour solicitation, code 1", { .l3 = L3_IPV6,
                                               .proto = IPPROTO_ICMPV6,
                                               .icmp_type = 135,
                                               .icmp_code = 1 } },
    { "ipv6 neighbour solicitation, no target", { .l3 = L3_IPV6,
                                                  .proto = IPPROTO_ICMPV6,
                                                  .icmp_type = 135,
                                                  .l4_cut = true,
                                                  .l4_keep = 8 } },
    { "ipv6 redirect", { .l3 = L3_IPV6, .proto = IPPROTO_ICMPV6,
                         .icmp_type = 137, .payload = 32 } },
    { "ipv6 icmpv6 type 200", { .l3 = L3_IPV6, .proto = IPPROTO_ICMPV6,
                                .icmp_type = 200 } },
    { "ipv6 icmpv6 cut to 7 bytes", { .l3 = L3_IPV6,
                                      .proto = IPPROTO_ICMPV6,
                                      .icmp_type = 128, .l4_cut = true,
                                      .l4_keep = 7 } },
    { "ipv6 carrying icmp (v4)", { .l3 = L3_IPV6, .proto = IPPROTO_ICMP,
                                   .icmp_type = 8 } },
    { "ipv6 carrying igmp", { .l3 = L3_IPV6, .proto = IPPROTO_IGMP } },
    { "ipv6 no next header", { .l3 = L3_IPV6, .proto = PROTO_NONE } },
    { "ipv6 gre", { .l3 = L3_IPV6, .proto = PROTO_GRE, .payload = 20 } },
    { "ipv6 hop-by-hop, udp", { .l3 = L3_IPV6, .proto = IPPROTO_UDP,
                                .n_ext = 1, .ext = { PROTO_HOPOPTS } } },
    { "ipv6 hop-by-hop, MLD", { .l3 = L3_IPV6, .proto = IPPROTO_ICMPV6,
                                .icmp_type = 143, .n_ext = 1,
                                .ext = { PROTO_HOPOPTS } } },
    { "ipv6 routing, tcp", { .l3 = L3_IPV6, .proto = IPPROTO_TCP,
                             .n_ext = 1, .ext = { PROTO_ROUTING } } },
    { "ipv6 destination options, udp", { .l3 = L3_IPV6,
                                         .proto = IPPROTO_UDP, .n_ext = 1,
                                         .ext = { PROTO_DSTOPTS } } },
    { "ipv6 first fragment, udp", { .l3 = L3_IPV6, .proto = IPPROTO_UDP,
                                    .n_ext = 1, .ext = { PROTO_FRAGMENT },
                                    .frag_offlg = 1, .payload = 40 } },
    { "ipv6 later fragment, udp", { .l3 = L3_IPV6, .proto = IPPROTO_UDP,
                                    .n_ext = 1, .ext = { PROTO_FRAGMENT },
                                    .frag_offlg = 185 << 3,
                                    .payload = 40 } },
    { "ipv6 atomic fragment, tcp", { .l3 = L3_IPV6, .proto = IPPROTO_TCP,
                                     .n_ext = 1,
                                     .ext = { PROTO_FRAGMENT } } },
    { "ipv6 AH, tcp", { .l3 = L3_IPV6, .proto = IPPROTO_TCP, .n_ext = 1,
                        .ext = { PROTO_AH } } },
    { "ipv6 ESP", { .l3 = L3_IPV6, .proto = IPPROTO_UDP, .n_ext = 1,
                    .ext = { PROTO_ESP } } },
    { "ipv6 mobility header", { .l3 = L3_IPV6, .proto = PROTO_NONE,
                                .n_ext = 1, .ext = { PROTO_MH } } },
    { "ipv6 HIP", { .l3 = L3_IPV6, .proto = PROTO_NONE, .n_ext = 1,
                    .ext = { PROTO_HIP } } },
    { "ipv6 shim6", { .l3 = L3_IPV6, .proto = PROTO_NONE, .n_ext = 1,
                      .ext = { PROTO_SHIM6 } } },
    { "ipv6 hop-by-hop, routing, fragment, tcp", {
            .l3 = L3_IPV6, .proto = IPPROTO_TCP, .n_ext = 3,
            .ext = { PROTO_HOPOPTS, PROTO_ROUTING, PROTO_FRAGMENT } } },
    { "ipv6 hop-by-hop cut", { .l3 = L3_IPV6, .proto = IPPROTO_UDP,
                               .n_ext = 1, .ext = { PROTO_HOPOPTS },
                               .set_len = true, .len = 4 } },
    { "ipv6 payload_len 0, udp after", { .l3 = L3_IPV6,
                                         .proto = IPPROTO_UDP,
                                         .set_len = true, .len = 0 } },
    { "ipv6 payload_len 1 beyond the frame", { .l3 = L3_IPV6,
                                               .proto = IPPROTO_UDP,
                                               .len_delta = 1 } },
    { "ipv6 payload_len 65535", { .l3 = L3_IPV6, .proto = IPPROTO_TCP,
                                  .set_len = true, .len = 65535 } },
    { "ipv6 payload_len cuts tcp", { .l3 = L3_IPV6, .proto = IPPROTO_TCP,
                                     .payload = 10, .set_len = true,
                                     .len = 19 } },
    { "ipv6 payload_len cuts udp", { .l3 = L3_IPV6, .proto = IPPROTO_UDP,
                                     .payload = 10, .set_len = true,
                                     .len = 7 } },
    { "ipv6 padding 255", { .l3 = L3_IPV6, .proto = IPPROTO_UDP,
                            .pad = 255 } },
    { "ipv6 padding 256", { .l3 = L3_IPV6, .proto = IPPROTO_UDP,
                            .pad = 256 } },
    { "ipv6 version 4", { .l3 = L3_IPV6, .proto = IPPROTO_UDP,
                          .version = 4 } },
    { "ipv6 header cut, frame of 53", { .l3 = L3_IPV6, .proto = PROTO_NONE,
                                        .trunc = 53 } },
    { "ipv6 tcp doff 3", { .l3 = L3_IPV6, .proto = IPPROTO_TCP,
                           .bad_doff = true, .doff = 3 } },

    /* ARP, RARP. */
    { "arp request", { .l3 = L3_ARP } },
    { "arp reply", { .l3 = L3_ARP, .arp_op = 2 } },
    { "arp request padded to 60", { .l3 = L3_ARP, .min_len = 60 } },
    { "arp op 255", { .l3 = L3_ARP, .arp_op = 255 } },
    { "arp op 256", { .l3 = L3_ARP, .arp_op = 256 } },
    { "arp op 0x0102", { .l3 = L3_ARP, .arp_op = 0x0102 } },
    { "arp hrd 6 (IEEE 802)", { .l3 = L3_ARP, .arp_hrd = 6 } },
    { "arp pro IPv6", { .l3 = L3_ARP, .arp_pro = ETH_TYPE_IPV6 } },
    { "arp hln 8", { .l3 = L3_ARP, .arp_hln = 8 } },
    { "arp pln 16", { .l3 = L3_ARP, .arp_pln = 16 } },
    { "arp cut to 41 bytes", { .l3 = L3_ARP, .trunc = 41 } },
    { "arp cut to 34 bytes", { .l3 = L3_ARP, .trunc = 34 } },
    { "rarp request", { .l3 = L3_RARP, .arp_op = 3 } },
    { "rarp reply", { .l3 = L3_RARP, .arp_op = 4 } },
    { "rarp pln 6", { .l3 = L3_RARP, .arp_op = 3, .arp_pln = 6 } },

    /* Other Ethernet types. */
    { "mpls one label, ipv4 udp", { .l3 = L3_MPLS, .proto = IPPROTO_UDP } },
    { "mpls three labels, ipv4 tcp", { .l3 = L3_MPLS, .n_labels = 3,
                                       .proto = IPPROTO_TCP } },
    { "mpls multicast", { .l3 = L3_MPLS, .mpls_mc = true,
                          .proto = IPPROTO_UDP } },
    { "mpls without bottom of stack", { .l3 = L3_MPLS, .n_labels = 2,
                                        .no_bos = true,
                                        .proto = IPPROTO_UDP } },
    { "mpls type, frame of 14", { .l3 = L3_RAW,
                                  .eth_type = ETH_TYPE_MPLS } },
    { "lldp", { .l3 = L3_LLDP, .payload = 10 } },
    { "802.3 llc (stp)", { .l3 = L3_LLC, .payload = 35 } },
    { "802.3 llc, padded", { .l3 = L3_LLC, .payload = 3, .min_len = 60 } },
    { "802.3 length only, frame of 14", { .l3 = L3_RAW, .eth_type = 46 } },
    { "802.3 length 0x5ff", { .l3 = L3_RAW, .eth_type = 0x5ff,
                              .payload = 46 } },
    { "802.3 snap, ipv4 udp", { .l3 = L3_SNAP, .proto = IPPROTO_UDP } },
    { "802.3 snap, ipv4 tcp", { .l3 = L3_SNAP, .proto = IPPROTO_TCP } },
    { "802.3 snap, type 0x88cc", { .l3 = L3_SNAP, .eth_type = 0x88cc,
                                   .payload = 20 } },
    { "802.3 snap, type 0x0100", { .l3 = L3_SNAP, .eth_type = 0x0100,
                                   .payload = 20 } },
    { "type 0x0600", { .l3 = L3_RAW, .eth_type = 0x0600, .payload = 46 } },
    { "nsh", { .l3 = L3_RAW, .eth_type = ETH_TYPE_NSH, .payload = 40 } },
    { "lacp", { .l3 = L3_RAW, .eth_type = 0x8809, .payload = 110 } },
    { "type 0x1234", { .l3 = L3_RAW, .eth_type = 0x1234, .payload = 46 } },
    { "type 0xffff", { .l3 = L3_RAW, .eth_type = 0xffff, .payload = 46 } },
    { "ipv4 type, frame of 14", { .l3 = L3_RAW, .eth_type = ETH_TYPE_IP } },
    { "ipv6 type, frame of 14", { .l3 = L3_RAW,
                                  .eth_type = ETH_TYPE_IPV6 } },
    { "arp type, frame of 14", { .l3 = L3_RAW, .eth_type = ETH_TYPE_ARP } },

    /* VLAN tags. */
    { "vlan ipv4 tcp", { .n_vlans = 1, .tci = { 10 }, .l3 = L3_IPV4,
                         .proto = IPPROTO_TCP } },
    { "vlan tci 0 (priority tag), ipv4 udp", { .n_vlans = 1,
                                               .l3 = L3_IPV4,
                                               .proto = IPPROTO_UDP } },
    { "vlan tci 0xffff, ipv4 udp", { .n_vlans = 1, .tci = { 0xffff },
                                     .l3 = L3_IPV4,
                                     .proto = IPPROTO_UDP } },
    { "vlan tci with CFI, ipv6 udp", { .n_vlans = 1, .tci = { 0x1064 },
                                       .l3 = L3_IPV6,
                                       .proto = IPPROTO_UDP } },
    { "vlan 802.1ad, ipv4 udp", { .n_vlans = 1,
                                  .tpid = { ETH_TYPE_VLAN_8021AD },
                                  .tci = { 100 }, .l3 = L3_IPV4,
                                  .proto = IPPROTO_UDP } },
    { "vlan arp", { .n_vlans = 1, .tci = { 5 }, .l3 = L3_ARP } },
    { "vlan mpls", { .n_vlans = 1, .tci = { 5 }, .l3 = L3_MPLS,
                     .proto = IPPROTO_UDP } },
    { "vlan 802.3 llc", { .n_vlans = 1, .tci = { 5 }, .l3 = L3_LLC,
                          .payload = 40 } },
    { "vlan snap ipv4", { .n_vlans = 1, .tci = { 5 }, .l3 = L3_SNAP,
                          .proto = IPPROTO_UDP } },
    { "vlan ipv4 padding 256", { .n_vlans = 1, .tci = { 7 },
                                 .l3 = L3_IPV4, .proto = IPPROTO_UDP,
                                 .pad = 256 } },
    { "vlan, type cut (frame of 16)", { .n_vlans = 1, .tci = { 5 },
                                        .l3 = L3_RAW, .eth_type = 0x0800,
                                        .trunc = 16 } },
    { "vlan, type cut (frame of 17)", { .n_vlans = 1, .tci = { 5 },
                                        .l3 = L3_RAW, .eth_type = 0x0800,
                                        .trunc = 17 } },
    { "vlan only, frame of 18", { .n_vlans = 1, .tci = { 5 },
                                  .l3 = L3_RAW, .eth_type = 0x0800 } },
    { "vlan type, frame of 14", { .l3 = L3_RAW,
                                  .eth_type = ETH_TYPE_VLAN_8021Q } },
    { "qinq 802.1ad+802.1q, ipv4 udp", {
            .n_vlans = 2,
            .tpid = { ETH_TYPE_VLAN_8021AD, ETH_TYPE_VLAN_8021Q },
            .tci = { 100, 200 }, .l3 = L3_IPV4, .proto = IPPROTO_UDP } },
    { "qinq 802.1q+802.1q, ipv6 tcp", { .n_vlans = 2, .tci = { 1, 2 },
                                        .l3 = L3_IPV6,
                                        .proto = IPPROTO_TCP } },
    { "three tags, ipv4", { .n_vlans = 3, .tci = { 1, 2, 3 },
                            .l3 = L3_IPV4, .proto = IPPROTO_UDP } },
    { "vlan then second tag cut (frame of 20)", {
            .n_vlans = 2, .tci = { 1, 2 }, .l3 = L3_RAW,
            .eth_type = ETH_TYPE_IP, .trunc = 20 } },
    { "vlan then second tag cut (frame of 21)", {
            .n_vlans = 2, .tci = { 1, 2 }, .l3 = L3_RAW,
            .eth_type = ETH_TYPE_IP, .trunc = 21 } },
};

/* Checks the hand-made frames. */
static void
check_handmade(void)
{
    static struct frame f;

    for (size_t i = 0; i < ARRAY_SIZE(handmade); i++) {
        check_spec(&handmade[i].spec, handmade[i].name, &f);
    }
}

/* Checks 'n' random valid frames and 'n_mutated' random ones that are
 * then mutated, some of them from hand-made frames. */
static void
check_random(int n, int n_mutated)
{
    static struct frame f;
    struct spec s;

    for (int i = 0; i < n; i++) {
        random_spec(&s);
        check_spec(&s, NULL, &f);
    }

    for (int i = 0; i < n_mutated; i++) {
        char kind[sizeof f.kind];
        char label[sizeof f.label];
        const char *l3;

        if (rnd_pct(20)) {
            const struct handmade *h = &handmade[rnd_below(
                                           ARRAY_SIZE(handmade))];

            s = h->spec;
            build_frame(&s, &f);
            ovs_strlcpy(label, h->name, sizeof label);
        } else {
            random_spec(&s);
            build_frame(&s, &f);
            set_kind(&s, &f);
            set_random_label(&s, &f);
            ovs_strlcpy(label, f.label, sizeof label);
        }
        l3 = s.n_vlans >= 2 ? "qinq" : l3_name(s.l3);
        snprintf(kind, sizeof kind, "mutated %s%s",
                 s.n_vlans == 1 ? "vlan+" : "", l3);
        mutate_frame(&f);
        ovs_strlcpy(f.kind, kind, sizeof f.kind);
        snprintf(f.label, sizeof f.label, "mutated (%.140s)", label);
        check_frame(&f);
    }
}

/* Checks that the test can see what it looks for, with a plain IPv4 UDP
 * frame: its converted megaflow hits, a key one bit off misses while a
 * catch-all hits (what a mismatch looks like), and the key recovered bit
 * by bit is the megaflow's.  Exits if not. */
static void
self_check(void)
{
    static const struct spec s = { .l3 = L3_IPV4, .proto = IPPROTO_UDP };
    struct afxdp_flow_key off, zero, xdp;
    struct afxdp_offload_match om;
    static struct frame f;
    const char *reason;
    struct match match;
    struct flow flow;

    build_frame(&s, &f);
    ovs_extract(&f, &flow);
    build_match(&flow, &match);
    if (afxdp_offload_match_from_flow(&match, &om, &reason)) {
        ovs_fatal(0, "self-check: plain IPv4 UDP megaflow refused: %s",
                  reason);
    }
    if (run_with_flow(&f, &om.key, &om.mask) != XDP_DROP) {
        ovs_fatal(0, "self-check: plain IPv4 UDP frame misses its flow");
    }
    off = om.key;
    off.tp_dst ^= htons(1);
    memset(&zero, 0, sizeof zero);
    if (run_with_flow(&f, &off, &om.mask) != XDP_PASS
        || run_with_flow(&f, &zero, &zero) != XDP_DROP) {
        ovs_fatal(0, "self-check: a wrong key does not look like one");
    }
    if (!recover_xdp_key(&f, &xdp)) {
        ovs_fatal(0, "self-check: cannot recover the program's key");
    }
    afxdp_flow_key_apply_mask(&xdp, &om.mask);
    if (memcmp(&xdp, &om.key, sizeof xdp)) {
        ovs_fatal(0, "self-check: recovered key differs from the flow's");
    }
}

/* ---- Counters while a flow changes. ---- */

#define FLOOD_RUNS 3000000      /* Program runs on one flow... */
#define MIN_CHANGES 100         /* ...while it changes this often, at
                                 * least. */

struct flood {
    const struct frame *f;
    bool done;                  /* Atomic: __atomic builtins. */
    int error;
};

/* Runs the program FLOOD_RUNS times on the flood's frame, on its own CPU,
 * as a NIC queue would. */
static void *
flood_main(void *flood_)
{
    struct flood *flood = flood_;
    LIBBPF_OPTS(bpf_test_run_opts, run_opts,
                .data_in = flood->f->data,
                .data_size_in = flood->f->len,
                .repeat = FLOOD_RUNS);

    flood->error = bpf_prog_test_run_opts(prog_fd, &run_opts);
    __atomic_store_n(&flood->done, true, __ATOMIC_RELEASE);
    return NULL;
}

/* How a flow's actions change while packets hit it. */
enum change_kind {
    CHANGE_ENTRY,               /* As the fast path does (flow_update() in
                                 * lib/afxdp-offload.c): the entry is
                                 * rewritten, naming the same counter. */
    CHANGE_READ_ZERO,           /* The counter read, then written back
                                 * zeroed, what was read kept aside: the
                                 * way that loses counts, to show that
                                 * this check would see a loss. */
};

/* Floods one drop flow, counting at index 'counter', while it changes as
 * 'kind' says; returns how many of the program's runs its counts miss. */
static long long int
flood_while_changing(const struct frame *f, enum change_kind kind,
                     uint32_t counter, int *n_changesp)
{
    struct afxdp_counters counters = { .fd = counters_fd };
    static const struct afxdp_offload_counter zero_counter;
    struct afxdp_offload_flow v = { .counter = counter };
    struct flood flood = { .f = f };
    struct afxdp_flow_key key;
    struct dpif_flow_stats st;
    uint64_t kept = 0;
    pthread_t thread;
    int n_changes = 0;

    memset(&key, 0, sizeof key);
    if (bpf_map_update_elem(counters_fd, &counter, &zero_counter, BPF_ANY)
        || bpf_map_update_elem(table_fd, &key, &v, BPF_ANY)) {
        ovs_fatal(errno, "cannot set up the flooded flow");
    }
    thread = ovs_thread_create("flood", flood_main, &flood);
    while (!__atomic_load_n(&flood.done, __ATOMIC_ACQUIRE)) {
        if (kind == CHANGE_ENTRY) {
            /* Another drop flow's actions, the same counter. */
            v.actions.vlan_tci = htons(n_changes & 0xfff);
            if (bpf_map_update_elem(table_fd, &key, &v, BPF_EXIST)) {
                ovs_fatal(errno, "cannot change the flooded flow");
            }
        } else {
            struct afxdp_offload_counter c;

            if (!bpf_map_lookup_elem(counters_fd, &counter, &c)) {
                kept += c.packets;
            }
            bpf_map_update_elem(counters_fd, &counter, &zero_counter,
                                BPF_ANY);
        }
        n_changes++;
    }
    xpthread_join(thread, NULL);
    if (flood.error) {
        ovs_fatal(-flood.error, "BPF_PROG_TEST_RUN of the flood");
    }
    bpf_map_delete_elem(table_fd, &key);

    memset(&st, 0, sizeof st);
    afxdp_counters_read(&counters, counter, &st);
    *n_changesp = n_changes;
    return FLOOD_RUNS - (long long int) (st.n_packets + kept);
}

/* A flow's counts stay exact while its actions change under a flood, and
 * a freed counter is given out again only zeroed and after a rest. */
static void
check_counters(void)
{
    static const struct spec s = { .l3 = L3_IPV4, .proto = IPPROTO_UDP };
    static struct frame f;
    struct afxdp_flow_key zero;
    struct afxdp_offload_mask m = { .in_use = 1 };
    uint32_t zero_idx = 0;
    int n_changes;

    build_frame(&s, &f);
    memset(&zero, 0, sizeof zero);
    m.mask = zero;
    if (bpf_map_update_elem(masks_fd, &zero_idx, &m, BPF_ANY)) {
        ovs_fatal(errno, "cannot set offload_masks[0]");
    }

    long long int lost = flood_while_changing(&f, CHANGE_READ_ZERO, 7,
                                              &n_changes);
    printf("xdp-counters: read then zeroed %d times under %d runs: %lld "
           "counts lost%s\n", n_changes, FLOOD_RUNS, lost,
           lost ? "" : " (the schedule did not interleave this time)");

    lost = flood_while_changing(&f, CHANGE_ENTRY, 8, &n_changes);
    printf("xdp-counters: flow changed %d times under %d runs: %lld counts "
           "lost\n", n_changes, FLOOD_RUNS, lost);
    if (lost || n_changes < MIN_CHANGES) {
        ovs_fatal(0, "xdp-counters: a flow's counts must be exact while "
                  "its actions change (%d changes, at least %d wanted)",
                  n_changes, MIN_CHANGES);
    }

    /* Given out zeroed; a freed one rests before it is given out again. */
    struct afxdp_counters c;
    uint32_t a, b;

    afxdp_counters_init(&c, counters_fd);
    if (!afxdp_counters_alloc(&c, &a)) {
        ovs_fatal(0, "xdp-counters: no counter to give out");
    }
    struct afxdp_offload_counter dirty = { .packets = 5 };
    bpf_map_update_elem(counters_fd, &a, &dirty, BPF_ANY);

    /* Read through the map's mapping, without a system call. */
    struct dpif_flow_stats seen;

    memset(&seen, 0, sizeof seen);
    afxdp_counters_read(&c, a, &seen);
    if (!c.mem || seen.n_packets != 5) {
        ovs_fatal(0, "xdp-counters: the counters are %s (read %"PRIu64" "
                  "packets of 5)", c.mem ? "mapped" : "not mapped",
                  seen.n_packets);
    }
    printf("xdp-counters: read through the map's mapping\n");
    afxdp_counters_free(&c, a);
    if (!afxdp_counters_alloc(&c, &b) || b == a) {
        ovs_fatal(0, "xdp-counters: a freed counter was given out at once");
    }
    xnanosleep((AFXDP_COUNTER_REUSE_MSEC + 10) * 1000000LL);
    for (int i = 0; i < AFXDP_OFFLOAD_MAX_COUNTERS; i++) {
        uint32_t idx;

        if (!afxdp_counters_alloc(&c, &idx)) {
            ovs_fatal(0, "xdp-counters: counter %"PRIu32" never came "
                      "back", a);
        } else if (idx == a) {
            struct dpif_flow_stats st;

            memset(&st, 0, sizeof st);
            afxdp_counters_read(&c, a, &st);
            if (st.n_packets) {
                ovs_fatal(0, "xdp-counters: a counter given out again was "
                          "not zeroed");
            }
            break;
        }
    }
    printf("xdp-counters: a freed counter rests, then comes back zeroed\n");
}

/* Prints the counts by kind of frame. */
static void
print_kinds(void)
{
    printf("%-24s %6s %8s %6s %8s %6s\n", "kind", "frames", "matched",
           "slow", "refused", "FAIL");
    for (size_t i = 0; i < n_kinds; i++) {
        const struct kind_stats *k = &kinds[i];

        printf("%-24s %6d %8d %6d %8d %6d\n", k->kind, k->n, k->matched,
               k->slow, k->refused, k->failed);
    }
}

int
main(int argc, char *argv[])
{
    const char *path = NULL;

    set_program_name(argv[0]);
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "-v")) {
            verbose = true;
        } else if (!path) {
            path = argv[i];
        } else {
            path = NULL;
            break;
        }
    }
    if (!path) {
        ovs_fatal(0, "usage: %s OBJECT [-v]", program_name);
    }
    if (geteuid()) {
        ovs_fatal(0, "needs root (loads an XDP program, BPF_PROG_TEST_RUN)");
    }

    setup_xdp(path);
    self_check();
    check_handmade();
    check_random(N_RANDOM, N_MUTATED);
    check_counters();

    if (verbose) {
        print_kinds();
    }
    if (n_refused) {
        printf("xdp-parser: %d frames whose megaflow the converter "
               "refused (run without a flow)\n", n_refused);
    }
    printf("xdp-parser: %d frames, %d handled by the fast path with OVS's "
           "key, %d sent to the slow path, %d mismatches\n",
           n_frames, n_matched, n_slow, n_failed);
    return n_failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
