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
#include "afxdp-offload.h"
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <errno.h>
#include <limits.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "afxdp-csum-rx.h"
#include "afxdp-offload-counters.h"
#include "afxdp-offload-match.h"
#include "afxdp-offload-reval.h"
#include "afxdp-offload-tc.h"
#include "afxdp-offload-tx-errors.h"
#include "afxdp-xdp-prog.h"
#include "afxdp-ovs-hooks.h"
#include "coverage.h"
#include "dpif.h"
#include "hash.h"
#include "netdev-provider.h"
#include "afxdp-xdp-features.h"
#include "openvswitch/dynamic-string.h"
#include "openvswitch/hmap.h"
#include "openvswitch/match.h"
#include "odp-util.h"
#include "openvswitch/vlog.h"
#include "ovs-thread.h"
#include "smap.h"
#include "timeval.h"
#include "util.h"
#include "uuid.h"

VLOG_DEFINE_THIS_MODULE(afxdp_offload);

COVERAGE_DEFINE(afxdp_offload_put);
COVERAGE_DEFINE(afxdp_offload_refused);
COVERAGE_DEFINE(afxdp_offload_del);
COVERAGE_DEFINE(afxdp_offload_no_mask);
COVERAGE_DEFINE(afxdp_offload_table_full);
COVERAGE_DEFINE(afxdp_offload_installed);
COVERAGE_DEFINE(afxdp_offload_aside);

/* A port whose program has the fast path (or had: it stays known while it
 * is reconfigured, for its flows and counters). */
struct offload_port {
    struct hmap_node node;          /* In 'fp.ports', by name. */
    char *name;
    int ifindex;
    bool native;                    /* Driver-mode XDP. */
    bool csum_rx;                   /* Partial checksums may arrive
                                     * (lib/afxdp-csum-rx.h). */
    bool attached;                  /* The fds below are valid. */
    int masks_fd, flows_fd, config_fd;  /* The program's maps. */
    int tc_fd;                      /* In generic mode, the link of the TC
                                     * program for large segments
                                     * (lib/afxdp-offload-tc.h), or -1. */
    bool has_slot;
    uint32_t slot;                  /* In the shared maps, if 'has_slot':
                                     * from the port's first attach until
                                     * it is destroyed. */
    struct afxdp_flow_key masks[AFXDP_OFFLOAD_MAX_MASKS];
    int mask_refs[AFXDP_OFFLOAD_MAX_MASKS];  /* 0: slot free. */
    int inner_fds[AFXDP_OFFLOAD_MAX_MASKS];  /* A table per mask, or -1. */
    long long int mask_freed[AFXDP_OFFLOAD_MAX_MASKS];
                                    /* time_msec() when the slot was freed:
                                     * not reused for MASK_REUSE_MSEC. */
    uint32_t n_masks;               /* Highest mask in use + 1. */
    struct afxdp_offload_counts slot_start; /* The slot's counters when the
                                             * port took it. */

    /* Whether the device takes frames redirected to it, probed at most
     * once a second. */
    bool redirect_ok;
    const char *redirect_why;       /* Static string, if not. */
    long long int redirect_probed;  /* time_msec() of the probe. */
};

/* Why a flow that could run in XDP is not in the maps: XDP's limits.
 * Such a flow stays on the AF_XDP path, where every packet of it is
 * forwarded as without the fast path, and is tried again once a second
 * (flows_sweep()). */
enum flow_over {
    FLOW_OVER_NONE,                 /* In the maps, or not for want of room. */
    FLOW_OVER_MASKS,                /* Its port's AFXDP_OFFLOAD_MAX_MASKS
                                     * mask slots hold other masks. */
    FLOW_OVER_TABLE,                /* Its mask's table holds
                                     * AFXDP_OFFLOAD_MAX_FLOWS flows. */
};

/* A megaflow dpif-netdev offloaded to a port. */
struct offload_flow {
    struct hmap_node node;          /* In 'fp.flows', by ufid. */
    ovs_u128 ufid;
    struct offload_port *in;        /* Its in_port. */
    char *out_name;                 /* Output port, or NULL to drop. */
    bool orphan;                    /* Its output port was deleted: never
                                     * installed again. */
    bool retired;                   /* Its new actions were refused: out of
                                     * the maps, kept for its counts. */
    long long int retired_seen;     /* When it was retired. */
    struct afxdp_offload_match m;
    struct afxdp_offload_actions actions;
    int mask_idx;                   /* In 'in''s masks, or -1 if not in
                                     * the maps. */
    enum flow_over over;            /* Why not, if for want of room. */
    uint32_t counter;               /* In 'fp.counters', for the
                                     * flow's whole life. */
};

static struct ovs_mutex offload_mutex = OVS_MUTEX_INITIALIZER;

/* Stepping aside while a revalidation reaches the maps (see
 * lib/afxdp-offload-reval.h): while 'fp.aside', every port's program
 * sends the packets of the flows in 'fp.aside_scope' up the AF_XDP path: all
 * of them (AFXDP_OFFLOAD_ASIDE_ALL), or, when only MAC learning started
 * the revalidation, those whose megaflow matches Ethernet addresses
 * (AFXDP_FLOW_MACS), the only ones whose actions a change in a MAC
 * learning table can change.  It steps back in ASIDE_MIN_MSEC
 * after the revalidation started at the earliest, once for ASIDE_QUIET_MSEC
 * the revalidators have read no flow's counts (they read each one just
 * before they queue its change) and dpif-netdev's offload thread has
 * handed over nothing (no put, no delete: a queue of new flows may hold a
 * change behind it), since the offload thread sleeps up to 64 ms between
 * looks at its queue; or ASIDE_MAX_MSEC after the revalidation started in
 * any case, so that a steady churn of flows does not keep it aside.  (A
 * steady run of revalidations does.) */
#define ASIDE_MIN_MSEC 100
#define ASIDE_QUIET_MSEC 100
#define ASIDE_MAX_MSEC 1000

/* The fast path's state: one for the process, under 'offload_mutex'. */
static struct {
    struct hmap ports;          /* struct offload_port, by name. */
    struct hmap flows;          /* struct offload_flow, by UFID. */
    uint64_t slots;             /* Bitmap of the devmap slots in use. */
    long long int slot_freed[AFXDP_OFFLOAD_MAX_PORTS];
                                /* time_msec() when a slot was given back:
                                 * not reused for MASK_REUSE_MSEC. */
    int n_attached;             /* Ports whose program runs. */

    /* The maps all ports' programs share, or -1. */
    int devmap_fd;
    int ifindex_fd;             /* The devmap's ifindexes, for TC. */
    int stats_fd;
    int counters_fd;
    int slot_of_fd;
    bool tx_errors_counted;     /* bpf/afxdp-redirect-errors.bpf.c runs. */
    struct afxdp_counters counters; /* The ids of 'counters_fd'. */

    /* Since the daemon started: flows put into the maps, and flows
     * refused.  (Coverage counters of the offload thread reach the totals
     * only when it runs a poll loop, which it does not.) */
    uint64_t n_installed;
    uint64_t n_refused;
    uint64_t n_changes;         /* Entries put in or taken out of a flow
                                 * table, ever. */

    /* Stepping aside (see above). */
    bool aside;
    uint32_t aside_scope;
    long long int aside_since;
    long long int last_call;    /* Last put, del, or get while aside. */
    uint64_t n_aside;
} fp OVS_GUARDED_BY(offload_mutex) = {
    .ports = HMAP_INITIALIZER(&fp.ports),
    .flows = HMAP_INITIALIZER(&fp.flows),
    .devmap_fd = -1,
    .ifindex_fd = -1,
    .stats_fd = -1,
    .counters_fd = -1,
    .slot_of_fd = -1,
};

BUILD_ASSERT_DECL(AFXDP_OFFLOAD_MAX_PORTS <= 64);

static struct vlog_rate_limit rl = VLOG_RATE_LIMIT_INIT(5, 20);

/* A retired flow keeps its counts for dpif-netdev this long, then is
 * forgotten (its megaflow may have gone without a word to us, and a new
 * one with the same UFID must not inherit them). */
#define RETIRED_MSEC 10000

/* A freed mask slot is not given to another mask for this long: the
 * program may still be reading the old mask, in two halves, or be about
 * to search its table. */
#define MASK_REUSE_MSEC 100

static struct offload_port *
port_find(const char *name)
    OVS_REQUIRES(offload_mutex)
{
    struct offload_port *port;

    HMAP_FOR_EACH_WITH_HASH (port, node, hash_string(name, 0),
                             &fp.ports) {
        if (!strcmp(port->name, name)) {
            return port;
        }
    }
    return NULL;
}

static struct offload_flow *
flow_find(const ovs_u128 *ufid)
    OVS_REQUIRES(offload_mutex)
{
    struct offload_flow *flow;

    HMAP_FOR_EACH_WITH_HASH (flow, node, hash_bytes(ufid, sizeof *ufid, 0),
                             &fp.flows) {
        if (ovs_u128_equals(flow->ufid, *ufid)) {
            return flow;
        }
    }
    return NULL;
}

/* Creates map '*fdp' (32-bit keys, values of 'value_size' bytes,
 * 'n_entries', BPF_F_* 'flags') if it is not there yet.  Returns true if
 * it is there now; false, with errno set, if not. */
static bool
map_create_flags_once(int *fdp, enum bpf_map_type type, const char *name,
                      uint32_t value_size, uint32_t n_entries,
                      uint32_t flags)
{
    if (*fdp < 0) {
        LIBBPF_OPTS(bpf_map_create_opts, opts, .map_flags = flags);

        *fdp = bpf_map_create(type, name, sizeof(uint32_t), value_size,
                              n_entries, &opts);
    }
    return *fdp >= 0;
}

/* map_create_flags_once() without flags. */
static bool
map_create_once(int *fdp, enum bpf_map_type type, const char *name,
                uint32_t value_size, uint32_t n_entries)
{
    return map_create_flags_once(fdp, type, name, value_size, n_entries, 0);
}

/* Creates the maps that every port's program shares, once.  Returns 0 or
 * a positive errno value. */
static int
shared_maps_create(void)
    OVS_REQUIRES(offload_mutex)
{
    if (!map_create_once(&fp.devmap_fd, BPF_MAP_TYPE_DEVMAP,
                         AFXDP_OFFLOAD_DEVMAP, sizeof(uint32_t),
                         AFXDP_OFFLOAD_MAX_PORTS)
        || !map_create_once(&fp.ifindex_fd, BPF_MAP_TYPE_ARRAY,
                            AFXDP_OFFLOAD_IFINDEX_MAP, sizeof(uint32_t),
                            AFXDP_OFFLOAD_MAX_PORTS)
        || !map_create_once(&fp.stats_fd, BPF_MAP_TYPE_PERCPU_ARRAY,
                            AFXDP_OFFLOAD_PORT_STATS_MAP,
                            sizeof(struct afxdp_offload_port_stats),
                            AFXDP_OFFLOAD_MAX_PORTS)) {
        return errno;
    }
    if (fp.counters_fd < 0) {
        if (!map_create_flags_once(&fp.counters_fd, BPF_MAP_TYPE_ARRAY,
                                   AFXDP_OFFLOAD_COUNTERS_MAP,
                                   sizeof(struct afxdp_offload_counter),
                                   AFXDP_OFFLOAD_MAX_COUNTERS,
                                   BPF_F_MMAPABLE)) {
            return errno;
        }
        afxdp_counters_init(&fp.counters, fp.counters_fd);
    }
    if (fp.slot_of_fd < 0) {
        if (!map_create_once(&fp.slot_of_fd, BPF_MAP_TYPE_HASH,
                             AFXDP_OFFLOAD_SLOT_OF_MAP, sizeof(uint32_t),
                             AFXDP_OFFLOAD_MAX_PORTS)) {
            return errno;
        }

        /* Once: without it, the fast path still runs, and its ports' tx
         * counters take in the frames the kernel dropped after the
         * redirect. */
        char *why = NULL;
        fp.tx_errors_counted = !afxdp_offload_tx_errors_start(
            fp.stats_fd, fp.slot_of_fd, &why);
        if (why) {
            VLOG_WARN("the XDP fast path cannot count the redirected frames "
                      "that devices drop (%s): ports' tx_packets include "
                      "them", why);
            free(why);
        }
    }
    return 0;
}

/* Gives 'obj', the fast path's object before it loads, the maps that all
 * ports share.  Returns 0, or a positive errno value with a message in
 * '*errp'. */
int
afxdp_offload_prepare_object(struct bpf_object *obj, char **errp)
{
    static const char *names[] = { AFXDP_OFFLOAD_DEVMAP,
                                   AFXDP_OFFLOAD_IFINDEX_MAP,
                                   AFXDP_OFFLOAD_PORT_STATS_MAP,
                                   AFXDP_OFFLOAD_COUNTERS_MAP };
    int error;

    ovs_mutex_lock(&offload_mutex);
    error = shared_maps_create();
    int fds[] = { fp.devmap_fd, fp.ifindex_fd, fp.stats_fd,
                  fp.counters_fd };

    /* The TC program goes with the single-buffer XDP program, which only
     * generic mode loads (lib/afxdp-xdp-prog.c). */
    struct bpf_program *tc = bpf_object__find_program_by_name(
        obj, AFXDP_OFFLOAD_TC_PROG);
    struct bpf_program *sb = bpf_object__find_program_by_name(
        obj, AFXDP_XDP_PROG_OFFLOAD_SB_NAME);
    if (tc) {
        bpf_program__set_autoload(tc, sb && bpf_program__autoload(sb));
    }
    for (size_t i = 0; !error && i < ARRAY_SIZE(names); i++) {
        struct bpf_map *map = bpf_object__find_map_by_name(obj, names[i]);

        error = map ? -bpf_map__reuse_fd(map, fds[i]) : ENOENT;
    }
    ovs_mutex_unlock(&offload_mutex);
    if (error) {
        *errp = xasprintf("cannot set up the XDP fast path's shared maps: "
                          "%s", ovs_strerror(error));
    }
    return error;
}

/* Sums the per-CPU counters of 'slot' into '*c'. */
static void
slot_counts(uint32_t slot, struct afxdp_offload_counts *c)
    OVS_REQUIRES(offload_mutex)
{
    int n_cpus = libbpf_num_possible_cpus();
    struct afxdp_offload_port_stats *v;

    memset(c, 0, sizeof *c);
    if (n_cpus <= 0 || fp.stats_fd < 0) {
        return;
    }
    v = xcalloc(n_cpus, sizeof *v);
    if (!bpf_map_lookup_elem(fp.stats_fd, &slot, v)) {
        for (int i = 0; i < n_cpus; i++) {
            c->rx_packets += v[i].rx_packets;
            c->rx_bytes += v[i].rx_bytes;
            c->tx_packets += v[i].tx_packets;
            c->tx_bytes += v[i].tx_bytes;
            c->rx_dropped += v[i].rx_dropped;
            c->tx_failed += v[i].tx_failed;
            c->rx_csum_completed += v[i].rx_csum_completed;
            c->rx_csum_bad += v[i].rx_csum_bad;
            c->rx_cache_hits += v[i].rx_cache_hits;
            c->rx_gso += v[i].rx_gso;
            c->rx_gso_missed += v[i].rx_gso_missed;
        }
    }
    free(v);
}

/* Stores in '*c' what the fast path counted for 'port' since it took its
 * slot (zeros if it has none).  The slot's counters are never zeroed, so
 * that no count is lost between a read and a write: the port's are what
 * they grew by since. */
static void
port_counts(const struct offload_port *port, struct afxdp_offload_counts *c)
    OVS_REQUIRES(offload_mutex)
{
    const struct afxdp_offload_counts *s = &port->slot_start;

    memset(c, 0, sizeof *c);
    if (port->has_slot) {
        slot_counts(port->slot, c);
        c->rx_packets -= s->rx_packets;
        c->rx_bytes -= s->rx_bytes;
        c->tx_packets -= s->tx_packets;
        c->tx_bytes -= s->tx_bytes;
        c->rx_dropped -= s->rx_dropped;
        c->tx_failed -= s->tx_failed;
        c->rx_csum_completed -= s->rx_csum_completed;
        c->rx_csum_bad -= s->rx_csum_bad;
        c->rx_cache_hits -= s->rx_cache_hits;
        c->rx_gso -= s->rx_gso;
        c->rx_gso_missed -= s->rx_gso_missed;
    }
}

/* Writes 'port''s config entry: its slot, how many masks to search, and
 * whether the fast path runs at all (not while it steps aside). */
static void
port_write_config(const struct offload_port *port)
    OVS_REQUIRES(offload_mutex)
{
    struct afxdp_offload_config config = {
        .n_masks = port->n_masks,
        .slot = port->slot,
        .enabled = !(fp.aside
                     && fp.aside_scope == AFXDP_OFFLOAD_ASIDE_ALL),
        .aside = fp.aside ? fp.aside_scope : 0,
        .csum_rx = port->csum_rx,
        .gso_over = port->tc_fd >= 0 ? AFXDP_OFFLOAD_GSO_OVER : 0,
    };
    uint32_t zero = 0;

    bpf_map_update_elem(port->config_fd, &zero, &config, BPF_ANY);
}

/* Creates a flow table and returns its fd, which the caller owns, or -1
 * (logged).  'name' is the port's. */
static int
table_create(const char *name)
{
    LIBBPF_OPTS(bpf_map_create_opts, opts, .map_flags = BPF_F_NO_PREALLOC);
    int fd = bpf_map_create(BPF_MAP_TYPE_HASH, "offload_table",
                            sizeof(struct afxdp_flow_key),
                            sizeof(struct afxdp_offload_flow),
                            AFXDP_OFFLOAD_MAX_FLOWS, &opts);
    if (fd < 0) {
        VLOG_WARN_RL(&rl, "%s: cannot create a flow table for the XDP "
                     "fast path: %s", name, ovs_strerror(errno));
    }
    return fd;
}

/* Gives each of the first 'n' mask slots of array of tables 'flows_fd'
 * that has no table yet ('fds[i]' < 0) a new one, all in one batch, and
 * stores their fds in 'fds'.  A slot whose table could not be made or
 * added keeps -1.  'name' is the port's, for the log.
 *
 * Each change to an array of tables makes the kernel wait for an RCU grace
 * period (about 10 ms here): one batch waits once.  Empty tables cost
 * little: their buckets, 128 kB each. */
static void
tables_add(const char *name, int flows_fd, int fds[AFXDP_OFFLOAD_MAX_MASKS],
           int n_slots)
{
    uint32_t keys[AFXDP_OFFLOAD_MAX_MASKS];
    int made[AFXDP_OFFLOAD_MAX_MASKS];
    uint32_t n = 0;

    for (int i = 0; i < n_slots && i < AFXDP_OFFLOAD_MAX_MASKS; i++) {
        if (fds[i] >= 0) {
            continue;
        }
        int fd = table_create(name);
        if (fd < 0) {
            break;
        }
        keys[n] = i;
        made[n++] = fd;
    }

    uint32_t count = n;
    if (n && bpf_map_update_batch(flows_fd, keys, made, &count, NULL)) {
        /* A kernel without batch updates of arrays of maps: one by one. */
        for (count = 0; count < n; count++) {
            if (bpf_map_update_elem(flows_fd, &keys[count], &made[count],
                                    BPF_ANY)) {
                VLOG_WARN_RL(&rl, "%s: cannot add a flow table to the XDP "
                             "fast path: %s", name, ovs_strerror(errno));
                break;
            }
        }
    }
    for (uint32_t i = 0; i < n; i++) {
        if (i < count) {
            fds[keys[i]] = made[i];
        } else {
            close(made[i]);
        }
    }
}

/* Gives the first AFXDP_OFFLOAD_EAGER_TABLES mask slots of a port's new
 * program (array of tables 'flows_fd') their flow tables, before the port
 * attaches, and stores the tables' fds in 'fds' (-1 for the other slots:
 * mask_get() gives them all theirs, in one batch, when the port first
 * needs one of them).  Not under 'offload_mutex': the program's maps are
 * the caller's alone until then, and the revalidators, which read flows'
 * counts under it, never wait for this grace period. */
static void
tables_create(const char *name, int flows_fd,
              int fds[AFXDP_OFFLOAD_MAX_MASKS])
    OVS_EXCLUDED(offload_mutex)
{
    for (int i = 0; i < AFXDP_OFFLOAD_MAX_MASKS; i++) {
        fds[i] = -1;
    }
    if (flows_fd >= 0) {
        tables_add(name, flows_fd, fds, AFXDP_OFFLOAD_EAGER_TABLES);
    }
}

/* Returns the index of a mask slot of 'port' holding 'mask', taking a
 * reference on it: an existing one, or a free one given its own table.
 * Returns -1 if all are taken. */
static int
mask_get(struct offload_port *port, const struct afxdp_flow_key *mask)
    OVS_REQUIRES(offload_mutex)
{
    long long int now = time_msec();
    int free_idx = -1;

    for (int i = 0; i < AFXDP_OFFLOAD_MAX_MASKS; i++) {
        if (port->mask_refs[i]
            && !memcmp(&port->masks[i], mask, sizeof *mask)) {
            port->mask_refs[i]++;
            return i;
        } else if (!port->mask_refs[i] && free_idx < 0
                   && now - port->mask_freed[i] >= MASK_REUSE_MSEC) {
            free_idx = i;
        }
    }
    if (free_idx < 0) {
        return -1;
    }

    int i = free_idx;
    if (port->inner_fds[i] < 0) {
        /* The first mask beyond the tables made at attach: every slot gets
         * its table now, in one batch, so that the lock is held over one
         * grace period per port, not one per mask. */
        tables_add(port->name, port->flows_fd, port->inner_fds,
                   AFXDP_OFFLOAD_MAX_MASKS);
        if (port->inner_fds[i] < 0) {
            return -1;
        }
    }

    /* The table first, then the mask that makes the program look in it. */
    struct afxdp_offload_mask entry = { .mask = *mask, .in_use = 1 };
    uint32_t key = i;
    if (bpf_map_update_elem(port->masks_fd, &key, &entry, BPF_ANY)) {
        return -1;
    }
    port->masks[i] = *mask;
    port->mask_refs[i] = 1;
    if (i + 1 > port->n_masks) {
        port->n_masks = i + 1;
        port_write_config(port);
    }
    return i;
}

/* Drops a reference on mask slot 'i' of 'port'; the last one frees it (its
 * table stays, empty, for the next mask). */
static void
mask_put(struct offload_port *port, int i)
    OVS_REQUIRES(offload_mutex)
{
    if (--port->mask_refs[i]) {
        return;
    }

    struct afxdp_offload_mask entry = { .in_use = 0 };
    uint32_t key = i;
    bpf_map_update_elem(port->masks_fd, &key, &entry, BPF_ANY);
    memset(&port->masks[i], 0, sizeof port->masks[i]);
    port->mask_freed[i] = time_msec();

    uint32_t n = port->n_masks;
    while (n > 0 && !port->mask_refs[n - 1]) {
        n--;
    }
    if (n != port->n_masks) {
        port->n_masks = n;
        port_write_config(port);
    }
}

/* Stores in '*st' what the fast path counted for 'flow'. */
static void
flow_read_stats(const struct offload_flow *flow, struct dpif_flow_stats *st)
    OVS_REQUIRES(offload_mutex)
{
    memset(st, 0, sizeof *st);
    afxdp_counters_read(&fp.counters, flow->counter, st);
}

/* Takes 'flow' out of the maps, if it is there.  Its counter stays. */
static void
flow_uninstall(struct offload_flow *flow)
    OVS_REQUIRES(offload_mutex)
{
    if (flow->mask_idx < 0) {
        return;
    }
    bpf_map_delete_elem(flow->in->inner_fds[flow->mask_idx], &flow->m.key);
    fp.n_changes++;
    mask_put(flow->in, flow->mask_idx);
    flow->mask_idx = -1;
}

static bool port_redirect_ok(struct offload_port *, const char **whyp);

/* Builds in '*v' the map entry of 'flow' and returns true, if it can run
 * in XDP now: both its port and its output port have the fast path, and
 * the output port's device takes frames redirected to it (if the port's
 * program runs in driver mode). */
static bool
flow_entry(const struct offload_flow *flow, struct afxdp_offload_flow *v)
    OVS_REQUIRES(offload_mutex)
{
    const struct offload_port *in = flow->in;

    if (!in->attached || flow->orphan || flow->retired) {
        return false;
    }
    memset(v, 0, sizeof *v);
    v->actions = flow->actions;
    v->counter = flow->counter;
    if (!is_all_zeros(flow->m.mask.eth_dst, sizeof flow->m.mask.eth_dst)
        || !is_all_zeros(flow->m.mask.eth_src,
                         sizeof flow->m.mask.eth_src)) {
        v->flags |= AFXDP_FLOW_MACS;
    }
    if (flow->out_name) {
        struct offload_port *out = port_find(flow->out_name);
        const char *why;

        if (!out || !out->attached
            || (in->native && !port_redirect_ok(out, &why))) {
            return false;
        }
        v->actions.out_slot = out->slot;
    }
    return true;
}

/* Puts 'flow' into its port's maps, if it is not there and can run in XDP
 * now (see flow_entry()). */
static void
flow_install(struct offload_flow *flow)
    OVS_REQUIRES(offload_mutex)
{
    struct offload_port *in = flow->in;
    struct afxdp_offload_flow v;

    if (flow->mask_idx >= 0) {
        return;
    } else if (!flow_entry(flow, &v)) {
        flow->over = FLOW_OVER_NONE;
        return;
    }

    int idx = mask_get(in, &flow->m.mask);
    if (idx < 0) {
        if (flow->over != FLOW_OVER_MASKS) {
            COVERAGE_INC(afxdp_offload_no_mask);
            VLOG_DBG_RL(&rl, "%s: no room for another mask in the XDP fast "
                        "path; flow stays on the AF_XDP path", in->name);
        }
        flow->over = FLOW_OVER_MASKS;
        return;
    }
    if (bpf_map_update_elem(in->inner_fds[idx], &flow->m.key, &v,
                            BPF_NOEXIST)) {
        int error = errno;

        if (error == E2BIG) {
            if (flow->over != FLOW_OVER_TABLE) {
                COVERAGE_INC(afxdp_offload_table_full);
                VLOG_DBG_RL(&rl, "%s: a mask's table in the XDP fast path "
                            "is full; flow stays on the AF_XDP path",
                            in->name);
            }
            flow->over = FLOW_OVER_TABLE;
        } else {
            VLOG_DBG_RL(&rl, "%s: cannot add flow to the XDP fast path: %s",
                        in->name, ovs_strerror(error));
        }
        mask_put(in, idx);
        return;
    }
    flow->over = FLOW_OVER_NONE;
    flow->mask_idx = idx;
    fp.n_installed++;
    fp.n_changes++;
    COVERAGE_INC(afxdp_offload_installed);
}

/* Writes the new actions of 'flow', which is in the maps, over its entry:
 * in one step, so that no packet misses the flow in between.  Takes the
 * flow out if it can no longer run in XDP. */
static void
flow_update(struct offload_flow *flow)
    OVS_REQUIRES(offload_mutex)
{
    struct afxdp_offload_flow v;

    if (!flow_entry(flow, &v)
        || bpf_map_update_elem(flow->in->inner_fds[flow->mask_idx],
                               &flow->m.key, &v, BPF_EXIST)) {
        flow_uninstall(flow);
    }
}

/* Returns a new flow with UFID 'ufid', in no port's maps yet, with a
 * counter of its own; NULL if no counter is free. */
static struct offload_flow *
flow_create(const ovs_u128 *ufid)
    OVS_REQUIRES(offload_mutex)
{
    uint32_t counter;

    if (fp.counters_fd < 0
        || !afxdp_counters_alloc(&fp.counters, &counter)) {
        return NULL;
    }

    struct offload_flow *flow = xzalloc(sizeof *flow);
    flow->ufid = *ufid;
    flow->mask_idx = -1;
    flow->counter = counter;
    hmap_insert(&fp.flows, &flow->node,
                hash_bytes(ufid, sizeof *ufid, 0));
    return flow;
}

/* Returns false if installed 'flow' outputs, from a driver-mode program,
 * to a device that no longer takes redirected frames. */
static bool
flow_output_ok(const struct offload_flow *flow)
    OVS_REQUIRES(offload_mutex)
{
    struct offload_port *out;
    const char *why;

    return (!flow->out_name || !flow->in->native
            || !(out = port_find(flow->out_name))
            || port_redirect_ok(out, &why));
}

/* Returns true if 'flow' outputs to the port named 'name'. */
static bool
flow_outputs_to(const struct offload_flow *flow, const char *name)
{
    return flow->out_name && !strcmp(flow->out_name, name);
}

static void
flow_free(struct offload_flow *flow)
    OVS_REQUIRES(offload_mutex)
{
    flow_uninstall(flow);
    afxdp_counters_free(&fp.counters, flow->counter);
    hmap_remove(&fp.flows, &flow->node);
    free(flow->out_name);
    free(flow);
}

/* Takes 'flow' out of the maps for good but keeps its counts: its
 * megaflow lives on in dpif-netdev, whose statistics must go on including
 * what the fast path forwarded for it. */
static void
flow_retire(struct offload_flow *flow)
    OVS_REQUIRES(offload_mutex)
{
    flow_uninstall(flow);
    flow->retired = true;
    flow->retired_seen = time_msec();
}

/* At most once a second: forgets retired flows that dpif-netdev stopped
 * asking about, and tries again to put in the maps the flows that found no
 * room there (a mask slot or a table entry may have been freed since). */
static void
flows_sweep(void)
    OVS_REQUIRES(offload_mutex)
{
    static long long int next;
    long long int now = time_msec();
    struct offload_flow *flow;

    if (now < next) {
        return;
    }
    next = now + 1000;
    HMAP_FOR_EACH_SAFE (flow, node, &fp.flows) {
        if (flow->retired && now - flow->retired_seen > RETIRED_MSEC) {
            flow_free(flow);
        } else if (flow->over != FLOW_OVER_NONE && flow->mask_idx < 0) {
            flow_install(flow);
        }
    }
}

/* Whether output port 'out' takes frames redirected to it from a
 * driver-mode program: its XDP features say so (a veth: when its peer has
 * an XDP program or GRO on).  Stores the reason in '*whyp' if not. */
static bool
port_redirect_ok(struct offload_port *out, const char **whyp)
    OVS_REQUIRES(offload_mutex)
{
    long long int now = time_msec();

    if (!out->redirect_probed || now - out->redirect_probed >= 1000) {
        uint64_t features;
        int error = afxdp_xdp_features_get(out->ifindex, &features);

        out->redirect_probed = now;
        if (error) {
            out->redirect_ok = false;
            out->redirect_why = "its XDP features cannot be read (Linux "
                                "6.3 or later tells them)";
        } else {
            out->redirect_ok = (features & NETDEV_XDP_ACT_NDO_XMIT) != 0;
            out->redirect_why = "the device does not take redirected XDP "
                                "frames (a veth: no XDP program or GRO on "
                                "its peer)";
        }
    }
    *whyp = out->redirect_ok ? NULL : out->redirect_why;
    return out->redirect_ok;
}

/* Zeroes 'port''s entry in the TC program's copy of the devmap (an array,
 * whose entries cannot be deleted): the program drops what would go to
 * ifindex 0. */
static void
port_clear_ifindex(const struct offload_port *port)
    OVS_REQUIRES(offload_mutex)
{
    uint32_t zero = 0;

    bpf_map_update_elem(fp.ifindex_fd, &port->slot, &zero, BPF_ANY);
}

/* Gives 'port' a slot in the shared maps, if it has none, and returns
 * true; false if all are taken.  A port keeps its slot, and so its
 * counters, until it is destroyed; a slot given back is not reused for
 * MASK_REUSE_MSEC, long after any program that counted in it. */
static bool
port_take_slot(struct offload_port *port)
    OVS_REQUIRES(offload_mutex)
{
    long long int now = time_msec();

    for (uint32_t i = 0; !port->has_slot && i < AFXDP_OFFLOAD_MAX_PORTS;
         i++) {
        if (!(fp.slots & (UINT64_C(1) << i))
            && (!fp.slot_freed[i]
                || now - fp.slot_freed[i] >= MASK_REUSE_MSEC)) {
            fp.slots |= UINT64_C(1) << i;
            port->slot = i;
            port->has_slot = true;
            slot_counts(i, &port->slot_start);
        }
    }
    return port->has_slot;
}

/* Called with the port's mutex held, once its fast path program runs on
 * device 'ifindex' ('native': in driver mode): makes its maps the port's
 * and puts its flows (and other ports' flows to it) into the maps. */
void
afxdp_offload_port_attach(const char *name, int ifindex, bool native,
                          struct bpf_object *obj)
    OVS_EXCLUDED(offload_mutex)
{
    int masks_fd = bpf_map__fd(bpf_object__find_map_by_name(
                                   obj, AFXDP_OFFLOAD_MASKS_MAP));
    int flows_fd = bpf_map__fd(bpf_object__find_map_by_name(
                                   obj, AFXDP_OFFLOAD_FLOWS_MAP));
    int config_fd = bpf_map__fd(bpf_object__find_map_by_name(
                                    obj, AFXDP_OFFLOAD_CONFIG_MAP));
    int tables[AFXDP_OFFLOAD_MAX_MASKS];
    struct offload_port *port;
    struct offload_flow *flow;

    afxdp_offload_reval_watch_start();
    tables_create(name, masks_fd >= 0 && config_fd >= 0 ? flows_fd : -1,
                  tables);
    ovs_mutex_lock(&offload_mutex);
    port = port_find(name);
    if (!port) {
        port = xzalloc(sizeof *port);
        port->name = xstrdup(name);
        hmap_insert(&fp.ports, &port->node, hash_string(name, 0));
    }
    ovs_assert(!port->attached);
    port->ifindex = ifindex;
    port->native = native;
    /* In generic mode a redirected frame is still its skb, partial state
     * and all: the device it goes to completes the checksum. */
    port->csum_rx = native && afxdp_csum_rx_possible(name);
    port->redirect_probed = 0;
    port->masks_fd = masks_fd;
    port->flows_fd = flows_fd;
    port->config_fd = config_fd;
    bool has_maps = (port->masks_fd >= 0 && port->flows_fd >= 0
                     && port->config_fd >= 0 && fp.devmap_fd >= 0);
    if (!has_maps || !port_take_slot(port)) {
        VLOG_WARN("%s: the XDP fast path is not available (%s)", name,
                  has_maps ? "too many ports" : "its program lacks maps");
        goto out;
    }
    if (bpf_map_update_elem(fp.devmap_fd, &port->slot, &ifindex,
                            BPF_ANY)
        || bpf_map_update_elem(fp.ifindex_fd, &port->slot, &ifindex,
                               BPF_ANY)
        || bpf_map_update_elem(fp.slot_of_fd, &ifindex, &port->slot,
                               BPF_ANY)) {
        VLOG_WARN("%s: the XDP fast path cannot output to the device: %s",
                  name, ovs_strerror(errno));
        bpf_map_delete_elem(fp.devmap_fd, &port->slot);
        port_clear_ifindex(port);
        goto out;
    }

    /* Generic mode leaves a veth's peer its TSO: large segments arrive,
     * for the TC program. */
    port->tc_fd = (native ? -1
                   : afxdp_offload_tc_attach(name, ifindex, obj));

    memset(port->masks, 0, sizeof port->masks);
    memset(port->mask_refs, 0, sizeof port->mask_refs);
    memset(port->mask_freed, 0, sizeof port->mask_freed);
    for (int i = 0; i < AFXDP_OFFLOAD_MAX_MASKS; i++) {
        port->inner_fds[i] = tables[i];
        tables[i] = -1;
    }
    port->n_masks = 0;
    port->attached = true;
    fp.n_attached++;
    port_write_config(port);

    HMAP_FOR_EACH (flow, node, &fp.flows) {
        if (flow->in == port || flow_outputs_to(flow, name)) {
            flow_install(flow);
        }
    }
    VLOG_INFO("%s: XDP fast path on (slot %"PRIu32")", name, port->slot);

out:
    ovs_mutex_unlock(&offload_mutex);
    for (int i = 0; i < AFXDP_OFFLOAD_MAX_MASKS; i++) {
        if (tables[i] >= 0) {
            close(tables[i]);
        }
    }
}

/* Takes 'port''s flows, and other ports' flows to it, out of the maps, and
 * gives back its tables.  The maps themselves go with the program.  The
 * port keeps its slot, with its counters. */
static void
port_detach(struct offload_port *port)
    OVS_REQUIRES(offload_mutex)
{
    struct offload_flow *flow;

    if (!port->attached) {
        return;
    }
    HMAP_FOR_EACH (flow, node, &fp.flows) {
        if (flow->in == port || flow_outputs_to(flow, port->name)) {
            flow_uninstall(flow);
        }
    }
    for (int i = 0; i < AFXDP_OFFLOAD_MAX_MASKS; i++) {
        if (port->inner_fds[i] >= 0) {
            close(port->inner_fds[i]);
            port->inner_fds[i] = -1;
        }
    }

    afxdp_offload_tc_detach(port->tc_fd);
    port->tc_fd = -1;
    bpf_map_delete_elem(fp.devmap_fd, &port->slot);
    port_clear_ifindex(port);
    bpf_map_delete_elem(fp.slot_of_fd, &port->ifindex);
    port->attached = false;
    fp.n_attached--;
    port->masks_fd = port->flows_fd = port->config_fd = -1;
}

/* Called with the port's mutex held, before its program is detached. */
void
afxdp_offload_port_detach(const char *name)
{
    ovs_mutex_lock(&offload_mutex);
    struct offload_port *port = port_find(name);
    if (port) {
        port_detach(port);
    }
    ovs_mutex_unlock(&offload_mutex);
}

/* Called when port 'name' goes: forgets it and its flows; flows of other
 * ports that output to it never go into the maps again (dpif-netdev's
 * revalidators replace or delete them). */
void
afxdp_offload_port_destroy(const char *name)
{
    struct offload_flow *flow;

    ovs_mutex_lock(&offload_mutex);
    struct offload_port *port = port_find(name);
    if (port) {
        port_detach(port);
        HMAP_FOR_EACH_SAFE (flow, node, &fp.flows) {
            if (flow->in == port) {
                flow_free(flow);
            } else if (flow_outputs_to(flow, name)) {
                flow->orphan = true;
            }
        }
        if (port->has_slot) {
            fp.slots &= ~(UINT64_C(1) << port->slot);
            fp.slot_freed[port->slot] = time_msec();
        }
        hmap_remove(&fp.ports, &port->node);
        free(port->name);
        free(port);
    }
    ovs_mutex_unlock(&offload_mutex);
}

/* Stores in '*c' what the fast path counted for port 'name' (zeros if it
 * never had it). */
void
afxdp_offload_port_counts(const char *name, struct afxdp_offload_counts *c)
{
    memset(c, 0, sizeof *c);
    ovs_mutex_lock(&offload_mutex);
    struct offload_port *port = port_find(name);
    if (port) {
        port_counts(port, c);
    }
    ovs_mutex_unlock(&offload_mutex);
}

/* What port_count_flows() counts. */
struct port_flow_counts {
    uint64_t n;                 /* The port's flows, retired ones aside
                                 * (they run in XDP no more, for good). */
    uint64_t n_installed;       /* Of them, in the maps. */
    uint64_t n_over_masks;      /* Out of them for want of a mask slot. */
    uint64_t n_over_table;      /* For want of room in a mask's table. */
};

/* Counts the flows of 'port' into '*c', as afxdp_offload_totals() counts
 * all ports' flows: without the retired ones. */
static void
port_count_flows(const struct offload_port *port, struct port_flow_counts *c)
    OVS_REQUIRES(offload_mutex)
{
    const struct offload_flow *flow;

    memset(c, 0, sizeof *c);
    HMAP_FOR_EACH (flow, node, &fp.flows) {
        if (flow->in == port && !flow->retired) {
            c->n++;
            c->n_installed += flow->mask_idx >= 0;
            c->n_over_masks += (flow->mask_idx < 0
                                && flow->over == FLOW_OVER_MASKS);
            c->n_over_table += (flow->mask_idx < 0
                                && flow->over == FLOW_OVER_TABLE);
        }
    }
}

/* Returns how many entries the kernel holds in the flow tables 'fds'
 * (AFXDP_OFFLOAD_MAX_MASKS of them, -1 for none): one system call per
 * entry, so the caller does not hold 'offload_mutex'. */
static uint64_t
count_entries(const int fds[AFXDP_OFFLOAD_MAX_MASKS])
{
    uint64_t n = 0;

    for (int i = 0; i < AFXDP_OFFLOAD_MAX_MASKS; i++) {
        struct afxdp_flow_key key, next;
        const void *prev = NULL;

        if (fds[i] < 0) {
            continue;
        }
        while (!bpf_map_get_next_key(fds[i], prev, &next)) {
            n++;
            key = next;
            prev = &key;
        }
    }
    return n;
}

/* Appends to 'ds' the line of port 'name''s flow tables as the kernel holds
 * them: their entries, counted without 'offload_mutex' held (on copies of
 * the tables' fds), so that a large table does not hold up the offload
 * thread and the revalidators; then whether they are as many as the
 * port's flows in XDP, unless an entry went in or out meanwhile (the
 * flow-churn test looks for a difference); and the signature cache's
 * hits, 'cache_hits'. */
static void
format_tables(const char *name, uint64_t cache_hits, struct ds *ds)
{
    int fds[AFXDP_OFFLOAD_MAX_MASKS];
    struct port_flow_counts f;
    uint64_t changes;

    ovs_mutex_lock(&offload_mutex);
    struct offload_port *port = port_find(name);
    if (!port || !port->attached) {
        ovs_mutex_unlock(&offload_mutex);
        return;
    }
    port_count_flows(port, &f);
    changes = fp.n_changes;
    bool complete = true;
    for (int i = 0; i < AFXDP_OFFLOAD_MAX_MASKS; i++) {
        fds[i] = port->inner_fds[i] >= 0 ? dup(port->inner_fds[i]) : -1;
        complete = complete && (fds[i] >= 0 || port->inner_fds[i] < 0);
    }
    ovs_mutex_unlock(&offload_mutex);

    uint64_t n_entries = count_entries(fds);

    ovs_mutex_lock(&offload_mutex);
    bool differ = (complete && n_entries != f.n_installed
                   && changes == fp.n_changes);
    ovs_mutex_unlock(&offload_mutex);
    for (int i = 0; i < AFXDP_OFFLOAD_MAX_MASKS; i++) {
        if (fds[i] >= 0) {
            close(fds[i]);
        }
    }
    ds_put_format(ds, "  XDP fast path tables: %"PRIu64" entries in the "
                  "kernel%s; %"PRIu64" frames found their flow in the "
                  "signature cache\n", n_entries,
                  differ ? ", not as many as flows in XDP (a bug)" : "",
                  cache_hits);
}

/* Adds the fast path's status keys of port 'name' to 'smap'. */
void
afxdp_offload_port_status(const char *name, struct smap *smap)
{
    ovs_mutex_lock(&offload_mutex);
    struct offload_port *port = port_find(name);
    if (port && port->attached) {
        const char *why;

        smap_add(smap, "xdp_offload", "on");
        smap_add(smap, "xdp_redirect_target",
                 port_redirect_ok(port, &why) ? "true" : "false");
        smap_add(smap, "xdp_large_segments",
                 port->tc_fd >= 0 ? "tc" : "none");
    } else {
        smap_add(smap, "xdp_offload", "off");
    }
    ovs_mutex_unlock(&offload_mutex);
}

/* Appends a line about port 'name''s fast path to 'ds', for
 * netdev-afxdp/show. */
void
afxdp_offload_port_format(const char *name, struct ds *ds)
{
    struct ds csum = DS_EMPTY_INITIALIZER;
    uint64_t cache_hits = 0;
    bool tables = false;

    ovs_mutex_lock(&offload_mutex);
    struct offload_port *port = port_find(name);
    if (port && port->attached) {
        struct port_flow_counts f;
        struct afxdp_offload_counts c;
        const char *why;

        port_counts(port, &c);
        port_count_flows(port, &f);
        ds_put_format(ds, "  XDP fast path: %"PRIu64" flows in XDP (of %"
                      PRIu64" offloaded), %"PRIu32" masks; rx %"PRIu64
                      " packets (%"PRIu64" dropped), tx %"PRIu64
                      " packets (%"PRIu64" failed); %s\n", f.n_installed, f.n,
                      port->n_masks, c.rx_packets, c.rx_dropped,
                      c.tx_packets, c.tx_failed,
                      port_redirect_ok(port, &why)
                      ? "takes redirected frames" : why);
        ds_put_format(ds, "  XDP fast path limits: %"PRIu64" flows on the "
                      "AF_XDP path for want of a mask slot (%d masks), %"
                      PRIu64" for want of room in a mask's table (%d flows "
                      "each)\n", f.n_over_masks, AFXDP_OFFLOAD_MAX_MASKS,
                      f.n_over_table, AFXDP_OFFLOAD_MAX_FLOWS);
        cache_hits = c.rx_cache_hits;
        tables = true;
        if (port->csum_rx) {
            ds_put_format(&csum, "  XDP fast path rx checksums: %"PRIu64
                          " partial ones completed, %"PRIu64" wrong ones "
                          "left as they are\n", c.rx_csum_completed,
                          c.rx_csum_bad);
        }
        if (port->tc_fd >= 0) {
            ds_put_format(&csum, "  XDP fast path large segments (TC): %"
                          PRIu64" forwarded, %"PRIu64" dropped without a "
                          "flow\n", c.rx_gso, c.rx_gso_missed);
        }
    }
    ovs_mutex_unlock(&offload_mutex);
    if (tables) {
        format_tables(name, cache_hits, ds);
    }
    ds_put_cstr(ds, ds_cstr(&csum));
    ds_destroy(&csum);
}

/* Stores the fast path's totals in '*t'. */
void
afxdp_offload_totals(struct afxdp_offload_totals *t)
{
    const struct offload_flow *flow;

    memset(t, 0, sizeof *t);
    ovs_mutex_lock(&offload_mutex);
    HMAP_FOR_EACH (flow, node, &fp.flows) {
        t->n_offloaded += !flow->retired;
        t->n_in_xdp += flow->mask_idx >= 0;
    }
    t->n_put = fp.n_installed;
    t->n_refused = fp.n_refused;
    t->n_aside = fp.n_aside;
    ovs_mutex_unlock(&offload_mutex);
}

/* Appends to 'ds', for netdev-afxdp/show, a line of the fast path's
 * totals (afxdp_offload_totals()) and whether it is aside now. */
void
afxdp_offload_format_totals(struct ds *ds)
{
    struct afxdp_offload_totals t;

    afxdp_offload_totals(&t);
    ovs_mutex_lock(&offload_mutex);
    ds_put_format(ds, "XDP fast path: %"PRIu64" flows offloaded, %"PRIu64
                  " in XDP; since start %"PRIu64" put in XDP, %"PRIu64
                  " refused, %"PRIu64" times aside for revalidation%s%s\n",
                  t.n_offloaded, t.n_in_xdp, t.n_put, t.n_refused,
                  t.n_aside,
                  !fp.aside ? ""
                  : fp.aside_scope == AFXDP_OFFLOAD_ASIDE_ALL ? " (aside now)"
                  : " (aside now for flows that match MACs)",
                  (fp.slot_of_fd >= 0 && !fp.tx_errors_counted
                   ? "; redirects the kernel drops are not counted" : ""));
    ovs_mutex_unlock(&offload_mutex);
}

/* Returns true if some port's fast path runs. */
bool
afxdp_offload_active(void)
{
    ovs_mutex_lock(&offload_mutex);
    bool active = fp.n_attached != 0;
    ovs_mutex_unlock(&offload_mutex);
    return active;
}

/* Rewrites every attached port's config entry. */
static void
ports_write_config(void)
    OVS_REQUIRES(offload_mutex)
{
    struct offload_port *port;

    HMAP_FOR_EACH (port, node, &fp.ports) {
        if (port->attached) {
            port_write_config(port);
        }
    }
}

/* A revalidation started (main thread): the packets of the flows in
 * 'scope' (AFXDP_FLOW_* bits, or AFXDP_OFFLOAD_ASIDE_ALL) take the AF_XDP
 * path, whose megaflows the revalidators change at once, until
 * dpif-netdev has handed the changes to the maps.  'cause' names the
 * ofproto-dpif counter that told, for the log. */
void
afxdp_offload_step_aside(uint32_t scope, const char *cause)
{
    ovs_mutex_lock(&offload_mutex);
    fp.aside_since = time_msec();
    uint32_t new_scope = fp.aside ? fp.aside_scope | scope : scope;
    if (!fp.aside || new_scope != fp.aside_scope) {
        if (!fp.aside) {
            fp.n_aside++;
            COVERAGE_INC(afxdp_offload_aside);
        }
        fp.aside = true;
        fp.aside_scope = new_scope;
        ports_write_config();
        VLOG_DBG("stepping aside%s: a revalidation started (%s)",
                 new_scope == AFXDP_OFFLOAD_ASIDE_ALL
                 ? "" : " for flows that match MACs", cause);
    }
    ovs_mutex_unlock(&offload_mutex);
}

/* Steps the fast path back in if it is aside and the time has come (see
 * ASIDE_MIN_MSEC).  Returns when to call again: LLONG_MAX if it is not
 * aside. */
long long int
afxdp_offload_aside_run(void)
{
    long long int now = time_msec();
    long long int when = LLONG_MAX;

    ovs_mutex_lock(&offload_mutex);
    if (fp.aside) {
        when = MAX(fp.aside_since + ASIDE_MIN_MSEC,
                   fp.last_call + ASIDE_QUIET_MSEC);
        when = MIN(when, fp.aside_since + ASIDE_MAX_MSEC);
        if (now >= when) {
            fp.aside = false;
            fp.aside_scope = 0;
            ports_write_config();
            VLOG_DBG("back in after %lld ms aside", now - fp.aside_since);
            when = LLONG_MAX;
        }
    }
    ovs_mutex_unlock(&offload_mutex);
    return when;
}

/* Flow operations, for the Open vSwitch interface of the version being
 * built (afxdp-offload-flow-api.c, afxdp-offload-dpif.c). */

/* Returns true if 'netdev' is an afxdp port. */
bool
afxdp_offload_is_afxdp(const struct netdev *netdev)
{
    const struct netdev_class *class = netdev_get_class(netdev);

    return (class == &netdev_afxdp_class
            || class == &netdev_afxdp_nonpmd_class);
}

/* Returns true if port 'name' is known to the fast path (its program has
 * it, or had it and is being reconfigured). */
bool
afxdp_offload_port_known(const char *name)
{
    ovs_mutex_lock(&offload_mutex);
    bool known = port_find(name) != NULL;
    ovs_mutex_unlock(&offload_mutex);
    return known;
}

/* Translates the megaflow 'match' with 'actions' into the fast path's '*m'
 * and '*acts', and '*out_namep' (for the caller to free) to the name of
 * the afxdp port it outputs to, if any, which 'port_name' finds.  Returns
 * NULL, or the reason why the flow cannot run in XDP. */
static const char *
flow_put_translate(const struct match *match, const struct nlattr *actions,
                   size_t actions_len,
                   afxdp_offload_port_name_func *port_name, void *aux,
                   struct afxdp_offload_match *m,
                   struct afxdp_offload_actions *acts, char **out_namep)
{
    const char *reason = NULL;
    odp_port_t out_port;

    *out_namep = NULL;
    if (!afxdp_offload_match_from_flow(match, m, &reason)
        && !afxdp_offload_actions_parse(actions, actions_len, acts,
                                        &out_port, &reason)
        && out_port != ODPP_NONE) {
        *out_namep = port_name(out_port, aux, &reason);
    }
    return reason;
}

/* Stores the flow with UFID 'ufid' of port 'name', translated into 'm',
 * 'acts' and '*out_namep' (which it takes, setting it to NULL): changes an
 * entry with the same match in place, or puts the flow in the maps anew.
 * Returns NULL, or the reason why the flow cannot run in XDP. */
static const char *
flow_store(const char *name, const ovs_u128 *ufid,
           const struct afxdp_offload_match *m,
           const struct afxdp_offload_actions *acts, char **out_namep)
    OVS_REQUIRES(offload_mutex)
{
    struct offload_port *in = port_find(name);
    struct offload_port *out = *out_namep ? port_find(*out_namep) : NULL;
    const char *reason = NULL;

    if (!in) {
        return "the port's XDP program has no fast path";
    } else if (*out_namep && !out) {
        return "the output port's XDP program has no fast path";
    } else if (out && in->native && !port_redirect_ok(out, &reason)) {
        return reason;
    }

    struct offload_flow *flow = flow_find(ufid);
    if (flow && flow->in == in && flow->mask_idx >= 0
        && !memcmp(&flow->m, m, sizeof *m)) {
        /* Same match, new actions: the entry is changed in place, so that
         * no packet misses it in between; its counter stays. */
        free(flow->out_name);
        flow->out_name = *out_namep;
        flow->actions = *acts;
        flow_update(flow);
    } else {
        if (flow) {
            flow_uninstall(flow);
            free(flow->out_name);
        } else if ((flow = flow_create(ufid)) == NULL) {
            return "no free counter in the XDP fast path";
        }
        flow->in = in;
        flow->out_name = *out_namep;
        flow->orphan = false;
        flow->retired = false;
        flow->m = *m;
        flow->actions = *acts;
        flow_install(flow);
    }
    *out_namep = NULL;
    VLOG_DBG_RL(&rl, "%s: flow "UUID_FMT" offloaded%s", name,
                UUID_ARGS((const struct uuid *) ufid),
                flow->mask_idx >= 0 ? ", in XDP" : ", not in XDP yet");
    flows_sweep();
    return NULL;
}

/* Puts the megaflow with UFID 'ufid', 'match' and 'actions' received on
 * afxdp port 'in_name' in the fast path, or changes it there.
 * 'port_name' resolves its output port (called without the fast path's
 * lock held).  Returns 0, or EOPNOTSUPP if the flow stays on the AF_XDP
 * path: then a flow with that UFID whose old actions ran in XDP runs
 * there no more, and is retired (its counts stay for a while). */
int
afxdp_offload_flow_put(const char *in_name, const ovs_u128 *ufid,
                       const struct match *match,
                       const struct nlattr *actions, size_t actions_len,
                       afxdp_offload_port_name_func *port_name, void *aux)
{
    struct afxdp_offload_actions acts;
    struct afxdp_offload_match m;
    char *out_name;

    const char *reason = flow_put_translate(match, actions, actions_len,
                                            port_name, aux, &m, &acts,
                                            &out_name);

    ovs_mutex_lock(&offload_mutex);
    fp.last_call = time_msec();
    if (!reason) {
        reason = flow_store(in_name, ufid, &m, &acts, &out_name);
    }
    if (reason) {
        /* The flow's new actions cannot run in XDP: its old ones must not
         * run there any more. */
        struct offload_flow *old = flow_find(ufid);
        if (old) {
            flow_retire(old);
        }
        fp.n_refused++;
    }
    ovs_mutex_unlock(&offload_mutex);
    free(out_name);

    if (reason) {
        COVERAGE_INC(afxdp_offload_refused);
        VLOG_DBG_RL(&rl, "%s: flow "UUID_FMT" stays on the AF_XDP path: %s",
                    in_name, UUID_ARGS((const struct uuid *) ufid), reason);
        return EOPNOTSUPP;
    }
    COVERAGE_INC(afxdp_offload_put);
    return 0;
}

/* Reads the counts of the flow with UFID 'ufid' into '*stats' and whether
 * it runs in XDP into '*attrs'.  Returns 0, or ENOENT if the fast path
 * does not know it. */
int
afxdp_offload_flow_get(const ovs_u128 *ufid, struct dpif_flow_stats *stats,
                       struct dpif_flow_attrs *attrs)
{
    int error = 0;

    ovs_mutex_lock(&offload_mutex);
    if (fp.aside) {
        fp.last_call = time_msec();
    }
    struct offload_flow *flow = flow_find(ufid);
    if (flow) {
        if (flow->mask_idx >= 0 && !flow_output_ok(flow)) {
            /* Its output device stopped taking redirected frames (a veth
             * whose peer lost GRO): back to the AF_XDP path. */
            flow_uninstall(flow);
        }
        flow_read_stats(flow, stats);
        attrs->offloaded = flow->mask_idx >= 0;
        attrs->dp_layer = flow->mask_idx >= 0 ? "xdp" : "ovs";
        attrs->dp_extra_info = NULL;
    } else {
        error = ENOENT;
    }
    flows_sweep();
    ovs_mutex_unlock(&offload_mutex);
    return error;
}

/* Takes the flow with UFID 'ufid' out of the fast path, with its last
 * counts in '*stats' if 'stats' is nonnull.  Returns 0, or ENOENT if the
 * fast path does not know it. */
int
afxdp_offload_flow_del(const ovs_u128 *ufid, struct dpif_flow_stats *stats)
{
    int error = 0;

    ovs_mutex_lock(&offload_mutex);
    fp.last_call = time_msec();
    struct offload_flow *flow = flow_find(ufid);
    if (flow) {
        flow_uninstall(flow);
        if (stats) {
            flow_read_stats(flow, stats);
        }
        if (!flow->retired) {
            flow_free(flow);
        }
        /* Else dpif-netdev takes back the offload of a flow whose new
         * actions were refused, but the flow lives on: its counts stay
         * until it retires for good. */
        COVERAGE_INC(afxdp_offload_del);
    } else {
        error = ENOENT;
    }
    ovs_mutex_unlock(&offload_mutex);
    return error;
}

/* Forgets every flow received on port 'name'. */
void
afxdp_offload_port_flush(const char *name)
{
    struct offload_flow *flow;

    ovs_mutex_lock(&offload_mutex);
    HMAP_FOR_EACH_SAFE (flow, node, &fp.flows) {
        if (!strcmp(flow->in->name, name)) {
            flow_free(flow);
        }
    }
    ovs_mutex_unlock(&offload_mutex);
}

/* Port 'name' leaves the datapath: its flows go, and flows of other ports
 * that output to it leave XDP for good (the netdev itself may outlive this
 * by references held elsewhere). */
void
afxdp_offload_port_gone(const char *name)
{
    struct offload_flow *flow;

    afxdp_offload_port_flush(name);
    ovs_mutex_lock(&offload_mutex);
    HMAP_FOR_EACH (flow, node, &fp.flows) {
        if (flow_outputs_to(flow, name)) {
            flow_uninstall(flow);
            flow->orphan = true;
        }
    }
    ovs_mutex_unlock(&offload_mutex);
}

/* Returns the number of flows of port 'name' in XDP now. */
uint64_t
afxdp_offload_port_n_flows(const char *name)
{
    struct port_flow_counts c = { .n_installed = 0 };

    ovs_mutex_lock(&offload_mutex);
    struct offload_port *port = port_find(name);
    if (port) {
        port_count_flows(port, &c);
    }
    ovs_mutex_unlock(&offload_mutex);
    return c.n_installed;
}
