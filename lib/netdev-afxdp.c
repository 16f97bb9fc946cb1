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

/* ovs-afxdp's implementation of Open vSwitch's AF_XDP provider callbacks
 * (lib/netdev-afxdp.h).  Open vSwitch's lib/netdev-linux.c builds the
 * "afxdp" and "afxdp-nonpmd" netdev classes from these plus the common
 * Linux ones (MAC, MTU, carrier, flags).  This file is the glue; the work
 * is done by:
 *
 *   lib/afxdp-options.c      options:* parsing and checking;
 *   lib/afxdp-xdp-prog.c     our XDP program on the device;
 *   lib/afxdp-xsk.c          one AF_XDP socket per queue, rx and tx paths;
 *   lib/netdev-afxdp-pool.c  umem frames and free_afxdp_buf().
 *
 * Per-device state that struct netdev_linux has no field for lives in a
 * 'struct afxdp_port', found through a table keyed by the netdev and used
 * only by the control path (main thread). */

#include <config.h>

#include "netdev-afxdp.h"

#include <dirent.h>
#include <errno.h>
#include <linux/bpf.h>
#include <linux/ethtool.h>
#include <linux/sockios.h>
#include <net/if.h>
#include <string.h>
#include <sys/ioctl.h>

#include "afxdp-config.h"
#include "afxdp-options.h"
#include "afxdp-xdp-prog.h"
#include "afxdp-xsk.h"
#include "coverage.h"
#include "dp-packet.h"
#include "fatal-signal.h"
#include "hash.h"
#include "netdev-linux-private.h"
#include "netdev-provider.h"
#include "openvswitch/hmap.h"
#include "openvswitch/vlog.h"
#include "ovs-thread.h"
#include "packets.h"
#include "smap.h"
#include "socket-util.h"
#include "util.h"

VLOG_DEFINE_THIS_MODULE(netdev_afxdp);

COVERAGE_DEFINE(afxdp_reconfigure);
COVERAGE_DEFINE(afxdp_mode_fallback);
COVERAGE_DEFINE(afxdp_tx_no_socket);

/* Umem and ring geometry.  A frame holds the kernel's XDP headroom and a
 * full-size Ethernet frame. */
#define AFXDP_N_FRAMES 4096
#define AFXDP_FRAME_SIZE 4096
#define AFXDP_RING_SIZE 2048

/* Lock for one tx queue, used only when several threads share it. */
struct netdev_afxdp_tx_lock {
    OVS_ALIGNED_VAR(CACHE_LINE_SIZE) struct ovs_spin lock;
};

/* Control-path state of one afxdp netdev. */
struct afxdp_port {
    struct hmap_node node;          /* In 'afxdp_ports', by netdev. */
    const struct netdev *netdev;
    struct afxdp_xdp_prog *prog;    /* NULL while not set up. */
    int ifindex;                    /* Where 'prog' is attached. */
    int n_xsks;                     /* Sockets in netdev_linux 'xsks'. */
    char *error;                    /* Why the last set-up failed. */
};

static struct ovs_mutex afxdp_ports_mutex = OVS_MUTEX_INITIALIZER;
static struct hmap afxdp_ports OVS_GUARDED_BY(afxdp_ports_mutex)
    = HMAP_INITIALIZER(&afxdp_ports);

static struct afxdp_port *
afxdp_port_find(const struct netdev *netdev)
    OVS_REQUIRES(afxdp_ports_mutex)
{
    struct afxdp_port *port;

    HMAP_FOR_EACH_WITH_HASH (port, node, hash_pointer(netdev, 0),
                             &afxdp_ports) {
        if (port->netdev == netdev) {
            return port;
        }
    }
    return NULL;
}

/* Detaches every XDP program we attached.  Runs on fatal signals and at
 * exit, for both classes (OVS's own hook calls signal_remove_xdp() only
 * for the "afxdp" class). */
static void
afxdp_fatal_hook(void *aux OVS_UNUSED)
{
    if (!ovs_mutex_trylock(&afxdp_ports_mutex)) {
        struct afxdp_port *port;

        HMAP_FOR_EACH (port, node, &afxdp_ports) {
            if (port->prog) {
                afxdp_xdp_detach_if_ours(port->ifindex);
            }
        }
        ovs_mutex_unlock(&afxdp_ports_mutex);
    }
}

/* Called once, when Open vSwitch registers the afxdp classes. */
int
netdev_afxdp_init(void)
{
    static struct ovsthread_once once = OVSTHREAD_ONCE_INITIALIZER;

    if (ovsthread_once_start(&once)) {
        afxdp_xdp_prog_init();
        fatal_signal_add_hook(afxdp_fatal_hook, NULL, NULL, true);
        ovsthread_once_done(&once);
    }
    return 0;
}

/* Returns the number of rx queues of device 'name', or 0 if unknown. */
static int
afxdp_device_n_queues(const char *name)
{
    struct ethtool_channels ch = { .cmd = ETHTOOL_GCHANNELS };
    struct ifreq ifr;

    memset(&ifr, 0, sizeof ifr);
    ovs_strzcpy(ifr.ifr_name, name, sizeof ifr.ifr_name);
    ifr.ifr_data = (void *) &ch;
    if (!af_inet_ioctl(SIOCETHTOOL, &ifr)
        && ch.rx_count + ch.combined_count > 0) {
        return ch.rx_count + ch.combined_count;
    }

    /* No ethtool channels: count the queues in sysfs. */
    char *path = xasprintf("/sys/class/net/%s/queues", name);
    DIR *dir = opendir(path);
    int n = 0;

    free(path);
    if (dir) {
        struct dirent *de;

        while ((de = readdir(dir))) {
            n += !strncmp(de->d_name, "rx-", 3);
        }
        closedir(dir);
    }
    return n;
}

int
netdev_afxdp_construct(struct netdev *netdev_)
{
    static struct ovsthread_once once = OVSTHREAD_ONCE_INITIALIZER;
    struct netdev_linux *dev = netdev_linux_cast(netdev_);
    int error = netdev_linux_construct(netdev_);

    if (error) {
        return error;
    }

    /* Said at the first port rather than at start-up, where Open vSwitch's
     * tests want only their own lines on the console. */
    if (ovsthread_once_start(&once)) {
        VLOG_INFO("ovs-afxdp %s AF_XDP provider, XDP program %s",
                  OVS_AFXDP_VERSION, afxdp_xdp_prog_path());
        ovsthread_once_done(&once);
    }

    /* Nothing runs until netdev_afxdp_reconfigure(): no queue yet. */
    netdev_->n_rxq = 0;
    netdev_->n_txq = 0;
    dev->xsks = NULL;
    dev->tx_locks = NULL;
    dev->requested_n_rxq = 1;
    dev->xdp_mode = OVS_AF_XDP_MODE_UNSPEC;
    dev->requested_xdp_mode = OVS_AF_XDP_MODE_BEST_EFFORT;
    dev->xdp_mode_in_use = OVS_AF_XDP_MODE_UNSPEC;
    dev->use_need_wakeup = false;
    dev->requested_need_wakeup = true;

    struct afxdp_port *port = xzalloc(sizeof *port);
    port->netdev = netdev_;
    ovs_mutex_lock(&afxdp_ports_mutex);
    hmap_insert(&afxdp_ports, &port->node, hash_pointer(netdev_, 0));
    ovs_mutex_unlock(&afxdp_ports_mutex);

    netdev_request_reconfigure(netdev_);
    return 0;
}

/* Closes the sockets of 'dev', frees its tx locks and detaches its XDP
 * program.  Frames that packets still hold come back to their pools
 * later. */
static void
afxdp_port_teardown(struct netdev_linux *dev, struct afxdp_port *port)
    OVS_REQUIRES(dev->mutex, afxdp_ports_mutex)
{
    for (int i = 0; i < port->n_xsks; i++) {
        afxdp_xsk_destroy(dev->xsks[i]);
    }
    free(dev->xsks);
    dev->xsks = NULL;

    if (dev->tx_locks) {
        for (int i = 0; i < port->n_xsks; i++) {
            ovs_spin_destroy(&dev->tx_locks[i].lock);
        }
        free_cacheline(dev->tx_locks);
        dev->tx_locks = NULL;
    }
    port->n_xsks = 0;

    afxdp_xdp_prog_detach(port->prog);
    port->prog = NULL;
    dev->xdp_mode_in_use = OVS_AF_XDP_MODE_UNSPEC;
}

/* Sets 'dev' up in exactly 'mode' (not best-effort) with 'n_rxq' sockets.
 * Returns 0, or a positive errno value with a message in '*errp'. */
static int
afxdp_port_setup_mode(struct netdev_linux *dev, struct afxdp_port *port,
                      enum afxdp_mode mode, int n_rxq, bool need_wakeup,
                      char **errp)
    OVS_REQUIRES(dev->mutex, afxdp_ports_mutex)
{
    const char *name = netdev_get_name(&dev->up);
    struct afxdp_xsk_params params = {
        .n_frames = AFXDP_N_FRAMES,
        .frame_size = AFXDP_FRAME_SIZE,
        .ring_size = AFXDP_RING_SIZE,
        .zero_copy = mode == OVS_AF_XDP_MODE_NATIVE_ZC,
        .need_wakeup = need_wakeup,
    };
    int error;

    port->ifindex = if_nametoindex(name);
    if (!port->ifindex) {
        error = errno;
        *errp = xasprintf("%s: no such device: %s", name,
                          ovs_strerror(error));
        return error;
    }

    error = afxdp_xdp_prog_attach(name, port->ifindex,
                                  mode != OVS_AF_XDP_MODE_GENERIC,
                                  MAX(n_rxq, afxdp_device_n_queues(name)),
                                  &port->prog, errp);
    if (error) {
        return error;
    }

    dev->xsks = xcalloc(n_rxq, sizeof *dev->xsks);
    for (int i = 0; i < n_rxq; i++) {
        error = afxdp_xsk_create(name, i, &params, &dev->xsks[i]);
        if (!error) {
            port->n_xsks++;
            error = afxdp_xdp_prog_set_socket(port->prog, i,
                                              dev->xsks[i]->fd);
        }
        if (error) {
            *errp = xasprintf("%s: cannot set up AF_XDP socket for queue %d "
                              "in %s mode: %s", name, i,
                              afxdp_mode_to_string(mode),
                              ovs_strerror(error));
            afxdp_port_teardown(dev, port);
            return error;
        }
    }

    dev->tx_locks = xzalloc_cacheline(n_rxq * sizeof *dev->tx_locks);
    for (int i = 0; i < n_rxq; i++) {
        ovs_spin_init(&dev->tx_locks[i].lock);
    }
    dev->xdp_mode_in_use = mode;
    return 0;
}

/* Sets 'dev' up as its requested options say, falling back from mode to
 * mode for best-effort.  Returns 0 or a positive errno value, with the
 * reason in 'port->error'. */
static int
afxdp_port_setup(struct netdev_linux *dev, struct afxdp_port *port)
    OVS_REQUIRES(dev->mutex, afxdp_ports_mutex)
{
    static const enum afxdp_mode best_effort[] = {
        OVS_AF_XDP_MODE_NATIVE_ZC,
        OVS_AF_XDP_MODE_NATIVE,
        OVS_AF_XDP_MODE_GENERIC,
    };
    const char *name = netdev_get_name(&dev->up);
    enum afxdp_mode mode = dev->requested_xdp_mode;
    const enum afxdp_mode *modes = &mode;
    size_t n_modes = 1;
    int error = EINVAL;

    if (mode == OVS_AF_XDP_MODE_BEST_EFFORT) {
        modes = best_effort;
        n_modes = ARRAY_SIZE(best_effort);
    }

    free(port->error);
    port->error = NULL;
    for (size_t i = 0; i < n_modes; i++) {
        char *errp = NULL;

        error = afxdp_port_setup_mode(dev, port, modes[i],
                                      dev->requested_n_rxq,
                                      dev->requested_need_wakeup, &errp);
        if (!error) {
            free(port->error);
            port->error = NULL;
            break;
        }
        if (i + 1 < n_modes) {
            COVERAGE_INC(afxdp_mode_fallback);
            VLOG_INFO("%s; trying %s mode", errp,
                      afxdp_mode_to_string(modes[i + 1]));
        }
        free(port->error);
        port->error = errp;
    }

    if (error) {
        VLOG_ERR("%s", port->error);
        return error;
    }

    dev->up.n_rxq = dev->requested_n_rxq;
    dev->up.n_txq = dev->requested_n_rxq;
    dev->xdp_mode = dev->requested_xdp_mode;
    dev->use_need_wakeup = dev->requested_need_wakeup;
    VLOG_INFO("%s: %d queue%s in %s mode%s, XDP program id %"PRIu32,
              name, dev->up.n_rxq, dev->up.n_rxq > 1 ? "s" : "",
              afxdp_mode_to_string(dev->xdp_mode_in_use),
              dev->use_need_wakeup ? " with need_wakeup" : "",
              afxdp_xdp_prog_id(port->prog));
    return 0;
}

void
netdev_afxdp_destruct(struct netdev *netdev_)
{
    struct netdev_linux *dev = netdev_linux_cast(netdev_);

    ovs_mutex_lock(&afxdp_ports_mutex);
    struct afxdp_port *port = afxdp_port_find(netdev_);
    if (port) {
        ovs_mutex_lock(&dev->mutex);
        afxdp_port_teardown(dev, port);
        ovs_mutex_unlock(&dev->mutex);
        hmap_remove(&afxdp_ports, &port->node);
        free(port->error);
        free(port);
    }
    ovs_mutex_unlock(&afxdp_ports_mutex);

    /* The rest belongs to netdev-linux. */
    netdev_linux_class.destruct(netdev_);
}

int
netdev_afxdp_set_config(struct netdev *netdev_, const struct smap *args,
                        char **errp)
{
    struct netdev_linux *dev = netdev_linux_cast(netdev_);
    const char *name = netdev_get_name(netdev_);
    struct afxdp_options opts;

    int error = afxdp_options_parse(name, args, afxdp_device_n_queues(name),
                                    &opts, errp);
    if (error) {
        return error;
    }

    ovs_mutex_lock(&dev->mutex);
    if (dev->requested_n_rxq != opts.n_rxq
        || dev->requested_xdp_mode != opts.mode
        || dev->requested_need_wakeup != opts.need_wakeup) {
        dev->requested_n_rxq = opts.n_rxq;
        dev->requested_xdp_mode = opts.mode;
        dev->requested_need_wakeup = opts.need_wakeup;
        netdev_request_reconfigure(netdev_);
    }
    ovs_mutex_unlock(&dev->mutex);
    return 0;
}

int
netdev_afxdp_get_config(const struct netdev *netdev_, struct smap *args)
{
    struct netdev_linux *dev = netdev_linux_cast(netdev_);

    ovs_mutex_lock(&dev->mutex);
    smap_add_format(args, "n_rxq", "%d", dev->requested_n_rxq);
    smap_add(args, "xdp-mode", afxdp_mode_to_string(dev->requested_xdp_mode));
    smap_add(args, "use-need-wakeup",
             dev->requested_need_wakeup ? "true" : "false");
    ovs_mutex_unlock(&dev->mutex);
    return 0;
}

/* Applies the requested configuration: tears down the sockets and the XDP
 * program, and sets them up again.  dpif-netdev calls this with no thread
 * polling or transmitting on the device. */
int
netdev_afxdp_reconfigure(struct netdev *netdev_)
{
    struct netdev_linux *dev = netdev_linux_cast(netdev_);
    int error = 0;

    ovs_mutex_lock(&afxdp_ports_mutex);
    ovs_mutex_lock(&dev->mutex);
    struct afxdp_port *port = afxdp_port_find(netdev_);
    if (port->n_xsks
        && dev->up.n_rxq == dev->requested_n_rxq
        && dev->xdp_mode == dev->requested_xdp_mode
        && dev->use_need_wakeup == dev->requested_need_wakeup) {
        goto out;
    }

    COVERAGE_INC(afxdp_reconfigure);
    afxdp_port_teardown(dev, port);
    error = afxdp_port_setup(dev, port);
    if (error) {
        dev->up.n_rxq = 0;
        dev->up.n_txq = 0;
    }
    netdev_change_seq_changed(netdev_);

out:
    ovs_mutex_unlock(&dev->mutex);
    ovs_mutex_unlock(&afxdp_ports_mutex);
    return error;
}

/* Interface status: netdev-linux's keys (driver_name...) plus ours, which
 * say which AF_XDP implementation runs and how the port is set up. */
int
netdev_afxdp_get_status(const struct netdev *netdev_, struct smap *smap)
{
    struct netdev_linux *dev = netdev_linux_cast(netdev_);

    netdev_linux_class.get_status(netdev_, smap);
    smap_add(smap, "afxdp_implementation", "ovs-afxdp " OVS_AFXDP_VERSION);

    ovs_mutex_lock(&afxdp_ports_mutex);
    ovs_mutex_lock(&dev->mutex);
    struct afxdp_port *port = afxdp_port_find(netdev_);
    if (port && port->prog) {
        smap_add(smap, "xdp_mode",
                 afxdp_mode_to_string(dev->xdp_mode_in_use));
        smap_add_format(smap, "xdp_prog_id", "%"PRIu32,
                        afxdp_xdp_prog_id(port->prog));
        smap_add_format(smap, "n_rxq", "%d", port->n_xsks);
        smap_add(smap, "use_need_wakeup",
                 dev->use_need_wakeup ? "true" : "false");
    }
    if (port && port->error) {
        smap_add(smap, "afxdp_error", port->error);
    }
    ovs_mutex_unlock(&dev->mutex);
    ovs_mutex_unlock(&afxdp_ports_mutex);
    return 0;
}

int
netdev_afxdp_verify_mtu_size(const struct netdev *netdev OVS_UNUSED, int mtu)
{
    /* The kernel writes a frame after XDP_PACKET_HEADROOM bytes; room for
     * an Ethernet header and one VLAN tag must remain. */
    int max_mtu = AFXDP_FRAME_SIZE - XDP_PACKET_HEADROOM
                  - ETH_HEADER_LEN - VLAN_HEADER_LEN;

    return mtu > max_mtu ? EINVAL : 0;
}

int
netdev_afxdp_rxq_construct(struct netdev_rxq *rxq_)
{
    struct netdev_rxq_linux *rx = netdev_rxq_linux_cast(rxq_);
    struct netdev_linux *dev = netdev_linux_cast(rxq_->netdev);
    int error = 0;

    /* The fd lets the main thread poll() an afxdp-nonpmd queue through
     * netdev-linux's rxq_wait. */
    ovs_mutex_lock(&dev->mutex);
    rx->is_tap = false;
    if (dev->xsks && rxq_->queue_id < dev->up.n_rxq) {
        rx->fd = dev->xsks[rxq_->queue_id]->fd;
    } else {
        rx->fd = -1;
        error = ENODEV;
    }
    ovs_mutex_unlock(&dev->mutex);
    return error;
}

void
netdev_afxdp_rxq_destruct(struct netdev_rxq *rxq_)
{
    struct netdev_rxq_linux *rx = netdev_rxq_linux_cast(rxq_);

    /* The socket belongs to the netdev, not to the rxq. */
    rx->fd = -1;
}

int
netdev_afxdp_rxq_recv(struct netdev_rxq *rxq_, struct dp_packet_batch *batch,
                      int *qfill)
{
    struct netdev_linux *dev = netdev_linux_cast(rxq_->netdev);

    /* No lock: dpif-netdev only reconfigures a port that no thread polls. */
    return afxdp_xsk_recv(dev->xsks[rxq_->queue_id], batch, qfill);
}

int
netdev_afxdp_batch_send(struct netdev *netdev_, int qid,
                        struct dp_packet_batch *batch, bool concurrent_txq)
{
    struct netdev_linux *dev = netdev_linux_cast(netdev_);
    int n_txq = netdev_->n_txq;

    if (OVS_UNLIKELY(!n_txq || !dev->xsks)) {
        COVERAGE_INC(afxdp_tx_no_socket);
        dp_packet_delete_batch(batch, true);
        return ENODEV;
    }

    qid %= n_txq;
    if (concurrent_txq) {
        ovs_spin_lock(&dev->tx_locks[qid].lock);
        afxdp_xsk_send(dev->xsks[qid], batch);
        ovs_spin_unlock(&dev->tx_locks[qid].lock);
    } else {
        afxdp_xsk_send(dev->xsks[qid], batch);
    }
    return 0;
}

static uint64_t
xsk_stat(const atomic_uint64_t *c)
{
    uint64_t v;

    atomic_read_relaxed(CONST_CAST(atomic_uint64_t *, c), &v);
    return v;
}

/* Port statistics: the kernel's counters of the device for errors and the
 * like, but packets and bytes as the AF_XDP sockets counted them, exact to
 * the packet, plus the drops and errors that the sockets saw. */
int
netdev_afxdp_get_stats(const struct netdev *netdev_,
                       struct netdev_stats *stats)
{
    struct netdev_linux *dev = netdev_linux_cast(netdev_);
    int error = netdev_linux_class.get_stats(netdev_, stats);

    if (error) {
        memset(stats, 0, sizeof *stats);
    }

    ovs_mutex_lock(&dev->mutex);
    stats->rx_packets = stats->rx_bytes = 0;
    stats->tx_packets = stats->tx_bytes = 0;
    for (int i = 0; dev->xsks && i < dev->up.n_rxq; i++) {
        const struct xsk_socket_info *s = dev->xsks[i];
        struct xdp_statistics xs;

        stats->rx_packets += xsk_stat(&s->stats.rx_packets);
        stats->rx_bytes += xsk_stat(&s->stats.rx_bytes);
        stats->tx_packets += xsk_stat(&s->stats.tx_packets);
        stats->tx_bytes += xsk_stat(&s->stats.tx_bytes);
        stats->tx_dropped += xsk_stat(&s->stats.tx_dropped);
        stats->rx_errors += xsk_stat(&s->stats.rx_invalid);
        if (!afxdp_xsk_get_xdp_stats(s, &xs)) {
            stats->rx_dropped += xs.rx_dropped + xs.rx_ring_full;
            stats->rx_errors += xs.rx_invalid_descs;
            stats->tx_errors += xs.tx_invalid_descs;
        }
    }
    ovs_mutex_unlock(&dev->mutex);
    return 0;
}

/* Appends a counter named "xsk_q<queue>_<name>" to 'cs'. */
static void
add_counter(struct netdev_custom_stats *cs, int queue, const char *name,
            uint64_t value)
{
    struct netdev_custom_counter *c = &cs->counters[cs->size++];

    snprintf(c->name, sizeof c->name, "xsk_q%d_%s", queue, name);
    c->value = value;
}

int
netdev_afxdp_get_custom_stats(const struct netdev *netdev_,
                              struct netdev_custom_stats *cs)
{
    enum { N_PER_QUEUE = 12 };
    struct netdev_linux *dev = netdev_linux_cast(netdev_);

    ovs_mutex_lock(&dev->mutex);
    int n = dev->xsks ? dev->up.n_rxq : 0;

    cs->size = 0;
    cs->counters = xcalloc(MAX(n * N_PER_QUEUE, 1), sizeof *cs->counters);
    for (int i = 0; i < n; i++) {
        const struct xsk_socket_info *s = dev->xsks[i];
        struct xdp_statistics xs;

        afxdp_xsk_get_xdp_stats(s, &xs);
        add_counter(cs, i, "rx_dropped", xs.rx_dropped);
        add_counter(cs, i, "rx_invalid_descs", xs.rx_invalid_descs);
        add_counter(cs, i, "tx_invalid_descs", xs.tx_invalid_descs);
        add_counter(cs, i, "rx_ring_full", xs.rx_ring_full);
        add_counter(cs, i, "rx_fill_ring_empty_descs",
                    xs.rx_fill_ring_empty_descs);
        add_counter(cs, i, "tx_ring_empty_descs", xs.tx_ring_empty_descs);
        add_counter(cs, i, "tx_kicks", xsk_stat(&s->stats.tx_kicks));
        add_counter(cs, i, "rx_wakeups", xsk_stat(&s->stats.rx_wakeups));
        add_counter(cs, i, "fill_ring_starved",
                    xsk_stat(&s->stats.fill_empty));
        add_counter(cs, i, "tx_dropped", xsk_stat(&s->stats.tx_dropped));

        uint32_t n_free = afxdp_xsk_frames_free(s);
        add_counter(cs, i, "frames_free", n_free);
        add_counter(cs, i, "frames_total", afxdp_xsk_frames_total(s));
    }
    ovs_mutex_unlock(&dev->mutex);
    return 0;
}

/* Called by Open vSwitch's fatal-signal hook for each "afxdp" netdev. */
void
signal_remove_xdp(struct netdev *netdev_)
{
    afxdp_xdp_detach_if_ours(if_nametoindex(netdev_get_name(netdev_)));
}
