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


/* The XDP fast path's interface to Open vSwitch 3.7 and later: a
 * dpif-offload class, "afxdp", for the userspace ("netdev") datapath,
 * that takes afxdp ports (lib/afxdp-offload.h has the fast path itself).
 * build-aux/prepare-ovs-tree adds it to the private tree's list of
 * classes (Documentation/topics/ovs-tree.rst).
 *
 * dpif-netdev calls the flow operations itself, with no offload thread:
 * a PMD thread puts a new megaflow, a revalidator changes or deletes one.
 * Each put that succeeds hands us a reference to dpif-netdev's flow, for
 * one PMD thread; several PMD threads may put the same megaflow (one UFID,
 * one entry in XDP).  A reference goes back exactly once: as the previous
 * reference of a later put, by a delete that succeeds (dpif-netdev drops
 * it then), or through the unreference callback (a refused change, a port
 * or the datapath that goes). */

#include <config.h>
#include "afxdp-ovs-compat.h"

#if AFXDP_OVS_DPIF_OFFLOAD
#include <errno.h>
#include <string.h>
#include "afxdp-fault.h"
#include "afxdp-offload.h"
#include "dpif-offload-provider.h"
#include "hash.h"
#include "netdev-provider.h"
#include "odp-util.h"
#include "openvswitch/hmap.h"
#include "openvswitch/vlog.h"
#include "ovs-rcu.h"
#include "ovs-thread.h"
#include "smap.h"
#include "util.h"

VLOG_DEFINE_THIS_MODULE(afxdp_offload_dpif);

struct xdp_offload {
    struct dpif_offload up;
    struct ovsthread_once enable_once;       /* Ports told of hw-offload. */
    dpif_offload_flow_unreference_cb *unref; /* Set once, by dpif-netdev. */
};

struct xdp_port {
    struct dpif_offload_port pm_port;
};

/* A reference to dpif-netdev's flow for one PMD thread, held for a put
 * that succeeded. */
struct flow_ref {
    struct hmap_node node;          /* In 'refs', by hash of 'ufid'. */
    const struct xdp_offload *offload;
    ovs_u128 ufid;
    odp_port_t in_port;
    unsigned pmd_id;
    void *ref;
};

/* Taken before the fast path's own lock, never after it. */
static struct ovs_mutex refs_mutex = OVS_MUTEX_INITIALIZER;
static struct hmap refs OVS_GUARDED_BY(refs_mutex)
    = HMAP_INITIALIZER(&refs);

static struct xdp_offload *
xdp_offload_cast(const struct dpif_offload *offload)
{
    return CONTAINER_OF(offload, struct xdp_offload, up);
}

/* Returns true if the fast path program should be loaded: Open vSwitch
 * was told other_config:hw-offload=true. */
bool
afxdp_offload_wanted(void)
{
    return dpif_offload_enabled();
}

/* Returns the reference of 'offload''s flow 'ufid' for 'pmd_id', or
 * NULL. */
static struct flow_ref *
ref_find(const struct xdp_offload *offload, const ovs_u128 *ufid,
         unsigned pmd_id)
    OVS_REQUIRES(refs_mutex)
{
    struct flow_ref *r;

    HMAP_FOR_EACH_WITH_HASH (r, node, hash_bytes(ufid, sizeof *ufid, 0),
                             &refs) {
        if (r->offload == offload && ovs_u128_equals(r->ufid, *ufid)
            && r->pmd_id == pmd_id) {
            return r;
        }
    }
    return NULL;
}

/* Returns true if some PMD thread's reference to 'ufid' is held. */
static bool
ref_any(const struct xdp_offload *offload, const ovs_u128 *ufid)
    OVS_REQUIRES(refs_mutex)
{
    struct flow_ref *r;

    HMAP_FOR_EACH_WITH_HASH (r, node, hash_bytes(ufid, sizeof *ufid, 0),
                             &refs) {
        if (r->offload == offload && ovs_u128_equals(r->ufid, *ufid)) {
            return true;
        }
    }
    return false;
}

/* Moves into 'out' the references of 'offload' to flow 'ufid' if 'ufid'
 * is nonnull, else those of flows received on 'in_port', else (ODPP_NONE)
 * all of them. */
static void
refs_take(const struct xdp_offload *offload, const ovs_u128 *ufid,
          odp_port_t in_port, struct hmap *out)
    OVS_REQUIRES(refs_mutex)
{
    struct flow_ref *r;

    HMAP_FOR_EACH_SAFE (r, node, &refs) {
        if (r->offload == offload
            && (ufid ? ovs_u128_equals(r->ufid, *ufid)
                : in_port == ODPP_NONE || r->in_port == in_port)) {
            hmap_remove(&refs, &r->node);
            hmap_insert(out, &r->node, r->node.hash);
        }
    }
}

/* Hands the references in 'taken' back to dpif-netdev and frees them.
 * Not under 'refs_mutex': the callback takes dpif-netdev's locks. */
static void
refs_release(const struct xdp_offload *offload, struct hmap *taken)
    OVS_EXCLUDED(refs_mutex)
{
    struct flow_ref *r;

    HMAP_FOR_EACH_POP (r, node, taken) {
        if (offload->unref) {
            offload->unref(r->pmd_id, r->ref);
        }
        free(r);
    }
    hmap_destroy(taken);
}

/* afxdp_offload_port_name_func: resolves 'odp' among the afxdp ports this
 * class has ('aux', a struct xdp_offload). */
static char *
output_port_name(odp_port_t odp, void *aux, const char **reasonp)
{
    const struct xdp_offload *offload = aux;
    struct dpif_offload_port *p
        = dpif_offload_port_mgr_find_by_odp_port(&offload->up, odp);

    if (!p) {
        *reasonp = "output to a port that is not afxdp";
        return NULL;
    }
    return xstrdup(netdev_get_name(p->netdev));
}

static int
xdp_flow_put(const struct dpif_offload *offload_, struct netdev *netdev,
             struct dpif_offload_flow_put *put, void **previous)
{
    struct xdp_offload *offload = xdp_offload_cast(offload_);
    struct hmap refused = HMAP_INITIALIZER(&refused);

    ovs_mutex_lock(&refs_mutex);
    int error = afxdp_offload_flow_put(netdev_get_name(netdev), put->ufid,
                                       put->match, put->actions,
                                       put->actions_len, output_port_name,
                                       offload);
    struct flow_ref *r = ref_find(offload, put->ufid, put->pmd_id);
    *previous = r ? r->ref : NULL;
    if (!error) {
        if (!r) {
            r = xmalloc(sizeof *r);
            r->offload = offload;
            r->ufid = *put->ufid;
            r->in_port = put->in_port;
            r->pmd_id = put->pmd_id;
            hmap_insert(&refs, &r->node,
                        hash_bytes(put->ufid, sizeof *put->ufid, 0));
        }
        r->ref = put->flow_reference;
    } else {
        /* New actions that cannot run in XDP: the fast path took the old
         * ones out.  dpif-netdev will send no delete for this flow, so
         * every reference to it goes back now (this PMD's as the previous
         * reference, the others' through the callback). */
        if (r) {
            hmap_remove(&refs, &r->node);
            free(r);
        }
        refs_take(offload, put->ufid, ODPP_NONE, &refused);
    }
    ovs_mutex_unlock(&refs_mutex);
    refs_release(offload, &refused);

    if (put->stats) {
        memset(put->stats, 0, sizeof *put->stats);
    }
    return error;
}

static int
xdp_flow_del(const struct dpif_offload *offload_,
             struct netdev *netdev OVS_UNUSED,
             struct dpif_offload_flow_del *del)
{
    struct xdp_offload *offload = xdp_offload_cast(offload_);
    int error = 0;

    ovs_mutex_lock(&refs_mutex);
    struct flow_ref *r = ref_find(offload, del->ufid, del->pmd_id);
    if (!r || r->ref != del->flow_reference) {
        error = ENOENT;
    } else {
        hmap_remove(&refs, &r->node);
        free(r);
        if (del->stats) {
            memset(del->stats, 0, sizeof *del->stats);
        }
        if (!ref_any(offload, del->ufid)) {
            afxdp_offload_flow_del(del->ufid, del->stats);
        }
    }
    ovs_mutex_unlock(&refs_mutex);
    return error;
}

static bool
xdp_flow_stats(const struct dpif_offload *offload OVS_UNUSED,
               struct netdev *netdev OVS_UNUSED, const ovs_u128 *ufid,
               struct dpif_flow_stats *stats, struct dpif_flow_attrs *attrs)
{
    memset(stats, 0, sizeof *stats);
    return !afxdp_offload_flow_get(ufid, stats, attrs);
}

static void
xdp_register_unref(const struct dpif_offload *offload_,
                   dpif_offload_flow_unreference_cb *cb)
{
    xdp_offload_cast(offload_)->unref = cb;
}

static uint64_t
xdp_flow_count(const struct dpif_offload *offload OVS_UNUSED)
{
    struct afxdp_offload_totals t;

    afxdp_offload_totals(&t);
    return t.n_in_xdp;
}

static int
xdp_get_global_stats(const struct dpif_offload *offload,
                     struct netdev_custom_stats *stats)
{
    struct afxdp_offload_totals t;

    afxdp_offload_totals(&t);
    const struct {
        const char *name;
        uint64_t value;
    } counters[] = {
        { "flows offloaded", t.n_offloaded },
        { "flows in XDP", t.n_in_xdp },
        { "flows put in XDP since start", t.n_put },
        { "flows refused since start", t.n_refused },
        { "revalidations stepped aside for", t.n_aside },
    };

    stats->label = xstrdup(dpif_offload_name(offload));
    stats->size = ARRAY_SIZE(counters);
    stats->counters = xcalloc(stats->size, sizeof *stats->counters);
    for (size_t i = 0; i < ARRAY_SIZE(counters); i++) {
        ovs_strzcpy(stats->counters[i].name, counters[i].name,
                    sizeof stats->counters[i].name);
        stats->counters[i].value = counters[i].value;
    }
    return 0;
}

static bool
xdp_can_offload(struct dpif_offload *offload OVS_UNUSED,
                struct netdev *netdev)
{
    return afxdp_offload_is_afxdp(netdev);
}

/* With hw-offload on, a port set up without the fast path loads it when
 * it next reconfigures. */
static void
port_enable(struct netdev *netdev)
{
    if (!afxdp_offload_port_known(netdev_get_name(netdev))) {
        netdev_request_reconfigure(netdev);
    }
}

static int
xdp_port_add(struct dpif_offload *offload, struct netdev *netdev,
             odp_port_t port_no)
{
    struct xdp_port *port = xzalloc(sizeof *port);

    if (!dpif_offload_port_mgr_add(offload, &port->pm_port, netdev, port_no,
                                   false)) {
        free(port);
        return EEXIST;
    }
    VLOG_INFO("%s: megaflows go to the XDP fast path (dpif-offload class "
              "afxdp)", netdev_get_name(netdev));
    if (dpif_offload_enabled()) {
        port_enable(netdev);
    }
    return 0;
}

/* Runs in the RCU thread: the netdev's last reference may be this one, and
 * then the port is destructed here, while the main thread may be reading
 * it (netdev-afxdp/show); the fault delay puts the close inside a show
 * for the test "a port destructed in another thread under show". */
static void
port_free_rcu(struct xdp_port *port)
{
    afxdp_fault_delay(AFXDP_FAULT_CLOSE,
                      netdev_get_name(port->pm_port.netdev));
    netdev_close(port->pm_port.netdev);
    free(port);
}

static int
xdp_port_del(struct dpif_offload *offload_, odp_port_t port_no)
{
    struct xdp_offload *offload = xdp_offload_cast(offload_);
    struct dpif_offload_port *p = dpif_offload_port_mgr_remove(offload_,
                                                               port_no);
    struct hmap taken = HMAP_INITIALIZER(&taken);

    if (!p) {
        return 0;
    }
    ovs_mutex_lock(&refs_mutex);
    refs_take(offload, NULL, port_no, &taken);
    ovs_mutex_unlock(&refs_mutex);
    afxdp_offload_port_gone(netdev_get_name(p->netdev));
    refs_release(offload, &taken);
    ovsrcu_postpone(port_free_rcu, CONTAINER_OF(p, struct xdp_port, pm_port));
    return 0;
}

static struct netdev *
xdp_get_netdev(const struct dpif_offload *offload, odp_port_t port_no)
{
    struct dpif_offload_port *p
        = dpif_offload_port_mgr_find_by_odp_port(offload, port_no);

    return p ? p->netdev : NULL;
}

static void
xdp_set_config(struct dpif_offload *offload_, const struct smap *other_cfg)
{
    struct xdp_offload *offload = xdp_offload_cast(offload_);

    if (smap_get_bool(other_cfg, "hw-offload", false)
        && ovsthread_once_start(&offload->enable_once)) {
        struct dpif_offload_port *p;

        DPIF_OFFLOAD_PORT_FOR_EACH (p, offload_) {
            port_enable(p->netdev);
        }
        ovsthread_once_done(&offload->enable_once);
    }
}

static int
xdp_open(const struct dpif_offload_class *class, struct dpif *dpif,
         struct dpif_offload **offloadp)
{
    struct xdp_offload *offload = xzalloc(sizeof *offload);

    dpif_offload_init(&offload->up, class, dpif);
    offload->enable_once
        = (struct ovsthread_once) OVSTHREAD_ONCE_INITIALIZER;
    *offloadp = &offload->up;
    return 0;
}

static void
xdp_close(struct dpif_offload *offload_)
{
    struct xdp_offload *offload = xdp_offload_cast(offload_);
    struct hmap taken = HMAP_INITIALIZER(&taken);
    struct dpif_offload_port *p;

    /* Ports the datapath did not delete one by one. */
    DPIF_OFFLOAD_PORT_FOR_EACH (p, offload_) {
        xdp_port_del(offload_, p->port_no);
    }
    ovs_mutex_lock(&refs_mutex);
    refs_take(offload, NULL, ODPP_NONE, &taken);
    ovs_mutex_unlock(&refs_mutex);
    refs_release(offload, &taken);
    ovsthread_once_destroy(&offload->enable_once);
    dpif_offload_destroy(offload_);
    free(offload);
}

struct dpif_offload_class dpif_offload_afxdp_class = {
    .type = "afxdp",
    .supported_dpif_types = (const char *const[]) { "netdev", NULL },
    .impl_type = DPIF_OFFLOAD_IMPL_FLOWS_DPIF_SYNCED,
    .open = xdp_open,
    .close = xdp_close,
    .set_config = xdp_set_config,
    .get_global_stats = xdp_get_global_stats,
    .can_offload = xdp_can_offload,
    .port_add = xdp_port_add,
    .port_del = xdp_port_del,
    .flow_count = xdp_flow_count,
    .get_netdev = xdp_get_netdev,
    .netdev_flow_put = xdp_flow_put,
    .netdev_flow_del = xdp_flow_del,
    .netdev_flow_stats = xdp_flow_stats,
    .register_flow_unreference_cb = xdp_register_unref,
};

/* Nothing to do: prepare-ovs-tree lists the class in lib/dpif-offload.c,
 * which registers it with the datapath. */
void
afxdp_offload_register(void)
{
}
#endif /* AFXDP_OVS_DPIF_OFFLOAD */
