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
 * 'struct afxdp_port', found through a cmap keyed by the netdev: lookups
 * take no lock (RCU), so that they work from callbacks that Open vSwitch
 * makes with the netdev's mutex held.  The fast path never looks it up: it
 * uses netdev_linux's 'xsks' and 'tx_locks'. */

#include <config.h>

#include "netdev-afxdp.h"

#include <dirent.h>
#include <errno.h>
#include <linux/ethtool.h>
#include <linux/sockios.h>
#include <net/if.h>
#include <string.h>
#include <sys/ioctl.h>

#include "afxdp-config.h"
#include "afxdp-csum.h"
#include "afxdp-csum-rx.h"
#include "afxdp-fault.h"
#include "afxdp-offload.h"
#include "afxdp-options.h"
#include "afxdp-retry.h"
#include "afxdp-shared-umem.h"
#include "afxdp-xdp-prog.h"
#include "afxdp-xsk.h"
#include "cmap.h"
#include "coverage.h"
#include "dp-packet.h"
#include "fatal-signal.h"
#include "hash.h"
#include "netdev-linux-private.h"
#include "netdev-provider.h"
#include "openvswitch/dynamic-string.h"
#include "openvswitch/vlog.h"
#include "ovs-rcu.h"
#include "ovs-thread.h"
#include "smap.h"
#include "socket-util.h"
#include "timeval.h"
#include "unixctl.h"
#include "util.h"

VLOG_DEFINE_THIS_MODULE(netdev_afxdp);

COVERAGE_DEFINE(afxdp_reconfigure);
COVERAGE_DEFINE(afxdp_mode_fallback);
COVERAGE_DEFINE(afxdp_tx_no_socket);
COVERAGE_DEFINE(afxdp_bind_busy);
COVERAGE_DEFINE(afxdp_device_recreated);

/* Lock for one tx queue, used only when several threads share it. */
struct netdev_afxdp_tx_lock {
    OVS_ALIGNED_VAR(CACHE_LINE_SIZE) struct ovs_spin lock;
};

/* Control-path state of one afxdp netdev.  Except 'node' and 'netdev',
 * guarded by the netdev's mutex. */
struct afxdp_port {
    struct cmap_node node;          /* In 'afxdp_ports', by netdev. */
    const struct netdev *netdev;

    struct afxdp_options requested; /* From set_config. */
    struct afxdp_options active;    /* Set up, if 'n_xsks' > 0. */
    struct afxdp_xdp_prog *prog;    /* NULL while not set up. */
    int ifindex;                    /* Where 'prog' is attached. */
    /* 'prog''s id and 'ifindex' while 'prog' is attached, else 0: for the
     * fatal signal hook, which may run on any thread and takes no mutex,
     * so that it never reads 'prog' while another thread frees it. */
    atomic_uint32_t attached_id;
    atomic_int attached_ifindex;
    int n_xsks;                     /* Sockets in netdev_linux 'xsks'. */
    bool recreated;                 /* Device deleted and created again
                                     * under the port: set up again. */
    bool offload_wanted;            /* afxdp_offload_wanted() at set-up. */
    char *error;                    /* Why the last set-up failed. */
};

/* All afxdp ports.  Writers hold 'afxdp_ports_mutex'; readers are RCU,
 * except those that use a port's netdev without holding a reference to
 * it, the unixctl commands: they hold the mutex too, since the last
 * reference to a netdev may go, and netdev_afxdp_destruct() run, in
 * another thread (seen on Open vSwitch 4.0: netdev-afxdp/show crashed on
 * a netdev freed under it), and destruct holds it until the port is out
 * of the map. */
static struct ovs_mutex afxdp_ports_mutex = OVS_MUTEX_INITIALIZER;
static struct cmap afxdp_ports = CMAP_INITIALIZER;

static struct afxdp_port *
afxdp_port_find(const struct netdev *netdev)
{
    struct afxdp_port *port;

    CMAP_FOR_EACH_WITH_HASH (port, node, hash_pointer(netdev, 0),
                             &afxdp_ports) {
        if (port->netdev == netdev) {
            return port;
        }
    }
    return NULL;
}

/* Detaches every XDP program we attached.  Runs on fatal signals and at
 * exit, for both classes (Open vSwitch's own hook calls
 * signal_remove_xdp() only for the "afxdp" class). */
static void
afxdp_fatal_hook(void *aux OVS_UNUSED)
{
    struct afxdp_port *port;

    CMAP_FOR_EACH (port, node, &afxdp_ports) {
        uint32_t id;
        int ifindex;

        atomic_read(&port->attached_id, &id);
        atomic_read(&port->attached_ifindex, &ifindex);
        if (id && ifindex) {
            afxdp_xdp_detach_if_ours(ifindex, id);
        }
    }
}

static void afxdp_unixctl_show(struct unixctl_conn *, int argc,
                               const char *argv[], void *aux);
static void afxdp_unixctl_hold_frames(struct unixctl_conn *, int argc,
                                      const char *argv[], void *aux);
static void afxdp_unixctl_fault_delay(struct unixctl_conn *, int argc,
                                      const char *argv[], void *aux);

/* Called once, when Open vSwitch registers the afxdp classes. */
int
netdev_afxdp_init(void)
{
    static struct ovsthread_once once = OVSTHREAD_ONCE_INITIALIZER;

    if (ovsthread_once_start(&once)) {
        afxdp_xdp_prog_init();
        afxdp_offload_register();
        fatal_signal_add_hook(afxdp_fatal_hook, NULL, NULL, true);
        unixctl_command_register("netdev-afxdp/show", "[port]", 0, 1,
                                 afxdp_unixctl_show, NULL);
        unixctl_command_register("netdev-afxdp/hold-frames", "port on|off",
                                 2, 2, afxdp_unixctl_hold_frames, NULL);
        unixctl_command_register("netdev-afxdp/hold-completions",
                                 "port on|off", 2, 2,
                                 afxdp_unixctl_hold_frames, "completions");
        unixctl_command_register("netdev-afxdp/fault-delay",
                                 "show|close msec", 2, 2,
                                 afxdp_unixctl_fault_delay, NULL);
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

/* Returns the MTU of device 'name', or 0 if it cannot be read.  Asks the
 * kernel directly: callers may hold the netdev's mutex. */
static int
afxdp_device_mtu(const char *name)
{
    struct ifreq ifr;

    memset(&ifr, 0, sizeof ifr);
    return (af_inet_ifreq_ioctl(name, &ifr, SIOCGIFMTU, "SIOCGIFMTU")
            ? 0 : ifr.ifr_mtu);
}

/* Returns 0 if an afxdp port with frames of 'frame_size' bytes, in
 * several frames per packet if 'multi_buffer', carries 'mtu', otherwise
 * EINVAL with a message in '*errp' (if nonnull) for the caller to free. */
static int
afxdp_check_mtu(const char *name, int mtu, uint32_t frame_size,
                bool multi_buffer, char **errp)
{
    int max_mtu = afxdp_options_max_mtu(frame_size, multi_buffer);

    if (mtu <= max_mtu) {
        return 0;
    }
    if (!errp) {
        /* Nothing to say. */
    } else if (multi_buffer) {
        *errp = xasprintf("%s: MTU %d is more than %d, the most that "
                          "ovs-afxdp carries in multi-buffer frames",
                          name, mtu, max_mtu);
    } else {
        *errp = xasprintf("%s: MTU %d does not fit umem frames of %"PRIu32
                          " bytes (at most %d); options:multi-buffer=true "
                          "allows up to %d", name, mtu, frame_size, max_mtu,
                          AFXDP_MAX_MULTI_BUFFER_MTU);
    }
    return EINVAL;
}

/* Copies 'opts' into netdev_linux's fields of Open vSwitch's contract. */
static void
afxdp_set_requested(struct netdev_linux *dev, const struct afxdp_options *o)
    OVS_REQUIRES(dev->mutex)
{
    dev->requested_n_rxq = o->n_rxq;
    dev->requested_xdp_mode = o->mode;
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

    struct afxdp_port *port = xzalloc(sizeof *port);
    struct smap no_args = SMAP_INITIALIZER(&no_args);
    char *err;

    port->netdev = netdev_;
    atomic_init(&port->attached_id, 0);
    atomic_init(&port->attached_ifindex, 0);
    afxdp_options_parse(netdev_get_name(netdev_), &no_args, 0,
                        &port->requested, &err);
    smap_destroy(&no_args);

    /* netdev-linux claims every offload when userspace TSO is on; we do
     * only the checksums, in software (lib/afxdp-csum.h). */
    netdev_->ol_flags &= AFXDP_TX_OFFLOADS;

    /* netdev_linux_alloc() zeroed our fields of struct netdev_linux: no
     * socket, no tx lock, no mode.  No queue either until
     * netdev_afxdp_reconfigure() has set them up. */
    netdev_->n_rxq = netdev_->n_txq = 0;
    ovs_mutex_lock(&dev->mutex);
    afxdp_set_requested(dev, &port->requested);
    ovs_mutex_unlock(&dev->mutex);

    ovs_mutex_lock(&afxdp_ports_mutex);
    cmap_insert(&afxdp_ports, &port->node, hash_pointer(netdev_, 0));
    ovs_mutex_unlock(&afxdp_ports_mutex);

    netdev_request_reconfigure(netdev_);
    return 0;
}

/* Closes the sockets of 'dev', frees its tx locks and detaches its XDP
 * program.  Frames that packets still hold come back to their pools
 * later. */
static void
afxdp_port_teardown(struct netdev_linux *dev, struct afxdp_port *port)
    OVS_REQUIRES(dev->mutex)
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

    if (port->prog && afxdp_xdp_prog_fast_path_object(port->prog)) {
        afxdp_offload_port_detach(netdev_get_name(&dev->up));
    }
    atomic_store(&port->attached_id, 0);
    afxdp_xdp_prog_detach(port->prog);
    port->prog = NULL;
    dev->xdp_mode_in_use = OVS_AF_XDP_MODE_UNSPEC;
}

/* Sets 'dev' up in exactly 'mode' (not best-effort) as 'opts' say.
 * Returns 0, or a positive errno value with a message in '*errp'. */
static int
afxdp_port_setup_mode(struct netdev_linux *dev, struct afxdp_port *port,
                      enum afxdp_mode mode, const struct afxdp_options *opts,
                      char **errp)
    OVS_REQUIRES(dev->mutex)
{
    const char *name = netdev_get_name(&dev->up);
    struct afxdp_xsk_params params = {
        .n_frames = opts->n_frames,
        .frame_size = opts->frame_size,
        .ring_size = opts->ring_size,
        .zero_copy = mode == OVS_AF_XDP_MODE_NATIVE_ZC,
        .need_wakeup = opts->need_wakeup,
        .busy_poll_usecs = opts->busy_poll_usecs,
        .busy_poll_budget = opts->busy_poll_budget,
        .multi_buffer = opts->multi_buffer,
        .shared_umem = opts->shared_umem,
    };
    int n_rxq = opts->n_rxq;
    if (opts->shared_umem && mode == OVS_AF_XDP_MODE_NATIVE_ZC) {
        *errp = xasprintf("%s: shared-umem sockets work in copy mode only",
                          name);
        return EOPNOTSUPP;
    }
    struct afxdp_xdp_prog_params prog_params = {
        .native = mode != OVS_AF_XDP_MODE_GENERIC,
        .n_queues = MAX(n_rxq, afxdp_device_n_queues(name)),
        .rx_hash = opts->rx_hash,
        .user_prog = opts->xdp_prog[0] ? opts->xdp_prog : NULL,
        .offload = port->offload_wanted && !opts->rx_hash,
        .offload_prepare = afxdp_offload_prepare_object,
    };
    int error;

    error = afxdp_xdp_prog_attach(name, port->ifindex, &prog_params,
                                  &port->prog, errp);
    if (error) {
        return error;
    }
    atomic_store(&port->attached_ifindex, port->ifindex);
    atomic_store(&port->attached_id, afxdp_xdp_prog_id(port->prog));
    params.rx_meta = afxdp_xdp_prog_rx_hash(port->prog);
    params.rx_csum = afxdp_csum_rx_possible(name);

    char *xsk_err = NULL;
    dev->xsks = xcalloc(n_rxq, sizeof *dev->xsks);
    for (int i = 0; i < n_rxq; i++) {
        /* A queue stays bound to a closed socket until the kernel has
         * freed the last of its in-flight transmit buffers: after a
         * reconfiguration under traffic, wait for that, up to a second. */
        for (int try = 0; try < 50; try++) {
            free(xsk_err);
            error = afxdp_xsk_create(name, i, &params, &dev->xsks[i],
                                     &xsk_err);
            if (error != EBUSY) {
                break;
            }
            COVERAGE_INC(afxdp_bind_busy);
            xnanosleep(20 * 1000 * 1000);
        }
        if (!error) {
            port->n_xsks++;
            error = afxdp_xdp_prog_set_socket(port->prog, i,
                                              afxdp_xsk_fd(dev->xsks[i]));
        }
        if (error) {
            *errp = (xsk_err ? xsk_err
                     : xasprintf("%s: cannot set up AF_XDP socket for queue "
                                 "%d in %s mode: %s", name, i,
                                 afxdp_mode_to_string(mode),
                                 ovs_strerror(error)));
            afxdp_port_teardown(dev, port);
            return error;
        }
    }
    free(xsk_err);

    if (opts->multi_buffer && !afxdp_xsk_multi_buffer(dev->xsks[0])) {
        /* The kernel (before 6.6) or the driver in this mode cannot. */
        error = afxdp_check_mtu(name, afxdp_device_mtu(name),
                                opts->frame_size, false, errp);
        if (error) {
            char *why = *errp;
            *errp = xasprintf("%s, and multi-buffer AF_XDP is not available "
                              "in %s mode (it needs Linux 6.6 or later)",
                              why, afxdp_mode_to_string(mode));
            free(why);
            afxdp_port_teardown(dev, port);
            return error;
        }
    }

    dev->tx_locks = xzalloc_cacheline(n_rxq * sizeof *dev->tx_locks);
    for (int i = 0; i < n_rxq; i++) {
        ovs_spin_init(&dev->tx_locks[i].lock);
    }
    dev->xdp_mode_in_use = mode;

    struct bpf_object *fast_path
        = afxdp_xdp_prog_fast_path_object(port->prog);
    if (fast_path) {
        afxdp_offload_port_attach(name, port->ifindex,
                                  mode != OVS_AF_XDP_MODE_GENERIC, fast_path);
    }
    return 0;
}

/* Sets 'dev' up as 'port->requested' says, falling back from mode to mode
 * for best-effort.  Returns 0 or a positive errno value, with the reason in
 * 'port->error'. */
static int
afxdp_port_setup(struct netdev_linux *dev, struct afxdp_port *port)
    OVS_REQUIRES(dev->mutex)
{
    static const enum afxdp_mode best_effort[] = {
        OVS_AF_XDP_MODE_NATIVE_ZC,
        OVS_AF_XDP_MODE_NATIVE,
        OVS_AF_XDP_MODE_GENERIC,
    };
    const struct afxdp_options *opts = &port->requested;
    const char *name = netdev_get_name(&dev->up);
    const enum afxdp_mode *modes = &opts->mode;
    size_t n_modes = 1;
    char *errp = NULL;
    int error;

    if (opts->mode == OVS_AF_XDP_MODE_BEST_EFFORT) {
        modes = best_effort;
        n_modes = ARRAY_SIZE(best_effort);
    }

    free(port->error);
    port->error = NULL;
    port->offload_wanted = afxdp_offload_wanted();

    port->ifindex = if_nametoindex(name);
    if (!port->ifindex) {
        error = errno;
        errp = xasprintf("%s: no such device: %s", name, ovs_strerror(error));
        goto out;
    }
    error = afxdp_check_mtu(name, afxdp_device_mtu(name), opts->frame_size,
                            opts->multi_buffer, &errp);
    if (error) {
        goto out;
    }

    for (size_t i = 0; i < n_modes; i++) {
        free(errp);
        errp = NULL;
        error = afxdp_port_setup_mode(dev, port, modes[i], opts, &errp);
        if (!error || error == EEXIST) {
            /* EEXIST: another program on the device; no mode helps. */
            break;
        }
        if (i + 1 < n_modes) {
            COVERAGE_INC(afxdp_mode_fallback);
            VLOG_INFO("%s; trying %s mode", errp,
                      afxdp_mode_to_string(modes[i + 1]));
        }
    }

out:
    if (error) {
        VLOG_ERR("%s", errp);
        port->error = errp;
        afxdp_retry_failed(name, opts, errp);
        return error;
    }
    free(errp);
    afxdp_retry_succeeded(name);

    port->active = *opts;
    dev->up.n_rxq = opts->n_rxq;
    dev->up.n_txq = opts->n_rxq;
    dev->xdp_mode = opts->mode;
    VLOG_INFO("%s: %d queue%s in %s mode%s, XDP program id %"PRIu32,
              name, dev->up.n_rxq, dev->up.n_rxq > 1 ? "s" : "",
              afxdp_mode_to_string(dev->xdp_mode_in_use),
              opts->need_wakeup ? " with need_wakeup" : "",
              afxdp_xdp_prog_id(port->prog));
    return 0;
}

void
netdev_afxdp_destruct(struct netdev *netdev_)
{
    struct netdev_linux *dev = netdev_linux_cast(netdev_);
    struct afxdp_port *port = afxdp_port_find(netdev_);

    if (port) {
        ovs_mutex_lock(&afxdp_ports_mutex);
        ovs_mutex_lock(&dev->mutex);
        afxdp_port_teardown(dev, port);
        ovs_mutex_unlock(&dev->mutex);
        afxdp_offload_port_destroy(netdev_get_name(netdev_));
        cmap_remove(&afxdp_ports, &port->node, hash_pointer(netdev_, 0));
        ovs_mutex_unlock(&afxdp_ports_mutex);
        free(port->error);
        ovsrcu_postpone(free, port);
    }

    /* The rest belongs to netdev-linux. */
    netdev_linux_class.destruct(netdev_);
}

/* If the device of 'port' was deleted and created again since the port was
 * set up (same name, new ifindex), the sockets are bound to a device that
 * no longer exists: asks for a reconfiguration, which sets the port up on
 * the new device. */
static void
afxdp_port_check_recreated(struct netdev_linux *dev, struct afxdp_port *port)
    OVS_REQUIRES(dev->mutex)
{
    const char *name = netdev_get_name(&dev->up);
    int ifindex = if_nametoindex(name);

    if (port->n_xsks && ifindex && ifindex != port->ifindex
        && !port->recreated) {
        VLOG_INFO("%s: device created again (ifindex %d, was %d): setting "
                  "the port up on it", name, ifindex, port->ifindex);
        COVERAGE_INC(afxdp_device_recreated);
        port->recreated = true;
        netdev_request_reconfigure(&dev->up);
    }
}

int
netdev_afxdp_set_config(struct netdev *netdev_, const struct smap *args,
                        char **errp)
{
    struct netdev_linux *dev = netdev_linux_cast(netdev_);
    struct afxdp_port *port = afxdp_port_find(netdev_);
    const char *name = netdev_get_name(netdev_);
    struct afxdp_options opts;
    int error;

    error = afxdp_options_parse(name, args, afxdp_device_n_queues(name),
                                &opts, errp);
    if (!error) {
        error = afxdp_check_mtu(name, afxdp_device_mtu(name),
                                opts.frame_size, opts.multi_buffer, errp);
    }
    if (!error) {
        ovs_mutex_lock(&dev->mutex);
        uint32_t own_id = port->prog ? afxdp_xdp_prog_id(port->prog) : 0;
        ovs_mutex_unlock(&dev->mutex);
        error = afxdp_xdp_check_device(name, if_nametoindex(name),
                                       opts.xdp_prog[0] ? opts.xdp_prog
                                       : NULL, own_id, errp);
    }
    if (!error && opts.xdp_prog[0]) {
        error = afxdp_xdp_check_user_prog(name, opts.xdp_prog, errp);
    }
    if (error) {
        return error;
    }

    *errp = afxdp_retry_pending(name, &opts);
    if (*errp) {
        /* These failed to set up: say why, and when they are tried again
         * (lib/afxdp-retry.h), rather than fail again at once. */
        return EINVAL;
    }

    ovs_mutex_lock(&dev->mutex);
    if (!afxdp_options_equal(&opts, &port->requested)) {
        port->requested = opts;
        afxdp_set_requested(dev, &opts);
        netdev_request_reconfigure(netdev_);
    }
    afxdp_port_check_recreated(dev, port);
    ovs_mutex_unlock(&dev->mutex);
    return error;
}

int
netdev_afxdp_get_config(const struct netdev *netdev_, struct smap *args)
{
    struct netdev_linux *dev = netdev_linux_cast(netdev_);
    struct afxdp_port *port = afxdp_port_find(netdev_);

    ovs_mutex_lock(&dev->mutex);
    afxdp_options_to_smap(&port->requested, args);
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
    struct afxdp_port *port = afxdp_port_find(netdev_);
    int error = 0;

    ovs_mutex_lock(&dev->mutex);
    if (port->n_xsks && !port->recreated
        && port->offload_wanted == afxdp_offload_wanted()
        && afxdp_options_equal(&port->active, &port->requested)) {
        goto out;
    }
    port->recreated = false;

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
    return error;
}

/* Interface status: netdev-linux's keys (driver_name...) plus ours, which
 * say which AF_XDP implementation runs and how the port is set up. */
int
netdev_afxdp_get_status(const struct netdev *netdev_, struct smap *smap)
{
    struct netdev_linux *dev = netdev_linux_cast(netdev_);
    struct afxdp_port *port = afxdp_port_find(netdev_);
    const char *name = netdev_get_name(netdev_);
    bool gone = !if_nametoindex(name);

    /* netdev-linux's keys come from ethtool, which warns on a device that
     * is gone. */
    if (!gone) {
        netdev_linux_class.get_status(netdev_, smap);
    }
    smap_add(smap, "afxdp_implementation", "ovs-afxdp " OVS_AFXDP_VERSION);

    ovs_mutex_lock(&dev->mutex);
    if (!gone) {
        /* A status refresh follows every change of the device (netdev-
         * linux sees it through rtnetlink), a re-creation included. */
        afxdp_port_check_recreated(dev, port);
    }
    if (port->prog && !gone) {
        smap_add(smap, "xdp_mode",
                 afxdp_mode_to_string(dev->xdp_mode_in_use));
        smap_add_format(smap, "xdp_prog_id", "%"PRIu32,
                        afxdp_xdp_prog_id(port->prog));
        smap_add(smap, "xdp_prog", afxdp_xdp_prog_name(port->prog));
        smap_add(smap, "rx_hash",
                 afxdp_xdp_prog_rx_hash(port->prog) ? "true" : "false");
        if (port->n_xsks) {
            smap_add(smap, "multi_buffer",
                     afxdp_xsk_multi_buffer(dev->xsks[0]) ? "true" : "false");
            smap_add(smap, "shared_umem",
                     afxdp_xsk_is_shared(dev->xsks[0]) ? "true" : "false");
            smap_add(smap, "rx_csum_complete",
                     afxdp_xsk_completes_csum(dev->xsks[0])
                     ? "true" : "false");
        }
        smap_add_format(smap, "n_rxq", "%d", port->n_xsks);
        smap_add(smap, "use_need_wakeup",
                 port->active.need_wakeup ? "true" : "false");
        if (port->offload_wanted) {
            afxdp_offload_port_status(name, smap);
        }
    }
    if (gone) {
        smap_add_format(smap, "afxdp_error", "%s: the device is gone", name);
    } else if (port->error) {
        smap_add(smap, "afxdp_error", port->error);
    }
    ovs_mutex_unlock(&dev->mutex);
    return 0;
}

/* Called by netdev-linux's set_mtu with the netdev's mutex held, for the
 * "afxdp" class only; set_config and reconfigure check both classes. */
int
netdev_afxdp_verify_mtu_size(const struct netdev *netdev, int mtu)
    OVS_NO_THREAD_SAFETY_ANALYSIS
{
    struct afxdp_port *port = afxdp_port_find(netdev);
    uint32_t frame_size = (port ? port->requested.frame_size
                           : AFXDP_DEFAULT_FRAME_SIZE);
    bool multi_buffer = port ? port->requested.multi_buffer : true;

    /* Once set up, what the sockets could do counts. */
    if (port && port->n_xsks) {
        struct netdev_linux *dev = netdev_linux_cast(netdev);
        multi_buffer = afxdp_xsk_multi_buffer(dev->xsks[0]);
    }
    return afxdp_check_mtu(netdev_get_name(netdev), mtu, frame_size,
                           multi_buffer, NULL);
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
        rx->fd = afxdp_xsk_fd(dev->xsks[rxq_->queue_id]);
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

    /* Housekeeping that rides the statistics refresh (every few
     * seconds): frames of closed shared-umem sockets back in the pool. */
    afxdp_shared_umem_run();

    ovs_mutex_lock(&dev->mutex);
    stats->rx_packets = stats->rx_bytes = 0;
    stats->tx_packets = stats->tx_bytes = 0;
    for (int i = 0; dev->xsks && i < dev->up.n_rxq; i++) {
        const struct xsk_socket_info *s = dev->xsks[i];
        const struct afxdp_xsk_stats *st = afxdp_xsk_stats(s);
        struct xdp_statistics xs;

        stats->rx_packets += afxdp_xsk_counter(&st->rx_packets);
        stats->rx_bytes += afxdp_xsk_counter(&st->rx_bytes);
        stats->tx_packets += afxdp_xsk_counter(&st->tx_packets);
        stats->tx_bytes += afxdp_xsk_counter(&st->tx_bytes);
        stats->tx_dropped += afxdp_xsk_counter(&st->tx_dropped);
        stats->rx_errors += afxdp_xsk_counter(&st->rx_invalid);
        stats->rx_length_errors += afxdp_xsk_counter(&st->rx_runts);
        stats->rx_errors += afxdp_xsk_counter(&st->rx_runts);
        if (!afxdp_xsk_get_xdp_stats(s, &xs)) {
            stats->rx_dropped += xs.rx_dropped + xs.rx_ring_full;
            stats->rx_errors += xs.rx_invalid_descs;
            stats->tx_errors += xs.tx_invalid_descs;
        }
    }
    ovs_mutex_unlock(&dev->mutex);

    /* What the XDP fast path forwarded never reached the sockets.  Its
     * redirects that the kernel dropped are drops, not packets sent (their
     * bytes, which no tracepoint tells, stay in tx_bytes). */
    struct afxdp_offload_counts fast;
    afxdp_offload_port_counts(netdev_get_name(netdev_), &fast);
    stats->rx_packets += fast.rx_packets;
    stats->rx_bytes += fast.rx_bytes;
    stats->tx_packets += fast.tx_packets - fast.tx_failed;
    stats->tx_bytes += fast.tx_bytes;
    stats->tx_dropped += fast.tx_failed;
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

/* Appends a counter of the whole port, 'name' with 'value', to 'cs'. */
static void
add_port_counter(struct netdev_custom_stats *cs, const char *name,
                 uint64_t value)
{
    struct netdev_custom_counter *c = &cs->counters[cs->size++];

    ovs_strzcpy(c->name, name, sizeof c->name);
    c->value = value;
}

/* Appends counter 'c' of struct afxdp_xsk_stats to 'cs' as add_counter()
 * does. */
static void
add_xsk_counter(struct netdev_custom_stats *cs, int queue, const char *name,
                const atomic_uint64_t *c)
{
    add_counter(cs, queue, name, afxdp_xsk_counter(c));
}

int
netdev_afxdp_get_custom_stats(const struct netdev *netdev_,
                              struct netdev_custom_stats *cs)
{
    enum { N_PER_QUEUE = 23, N_PER_PORT = 5 };
    struct netdev_linux *dev = netdev_linux_cast(netdev_);

    ovs_mutex_lock(&dev->mutex);
    int n = dev->xsks ? dev->up.n_rxq : 0;

    cs->size = 0;
    cs->counters = xcalloc(n * N_PER_QUEUE + N_PER_PORT,
                           sizeof *cs->counters);
    for (int i = 0; i < n; i++) {
        const struct xsk_socket_info *s = dev->xsks[i];
        const struct afxdp_xsk_stats *st = afxdp_xsk_stats(s);
        struct xdp_statistics xs;

        afxdp_xsk_get_xdp_stats(s, &xs);
        add_xsk_counter(cs, i, "rx_packets", &st->rx_packets);
        add_xsk_counter(cs, i, "tx_packets", &st->tx_packets);
        add_counter(cs, i, "rx_dropped", xs.rx_dropped);
        add_counter(cs, i, "rx_invalid_descs", xs.rx_invalid_descs);
        add_counter(cs, i, "tx_invalid_descs", xs.tx_invalid_descs);
        add_counter(cs, i, "rx_ring_full", xs.rx_ring_full);
        add_counter(cs, i, "rx_fill_ring_empty_descs",
                    xs.rx_fill_ring_empty_descs);
        add_counter(cs, i, "tx_ring_empty_descs", xs.tx_ring_empty_descs);
        add_xsk_counter(cs, i, "tx_kicks", &st->tx_kicks);
        add_xsk_counter(cs, i, "rx_wakeups", &st->rx_wakeups);
        add_xsk_counter(cs, i, "fill_ring_starved", &st->fill_empty);
        add_xsk_counter(cs, i, "tx_dropped", &st->tx_dropped);
        add_xsk_counter(cs, i, "rx_runts", &st->rx_runts);
        add_xsk_counter(cs, i, "rx_hash", &st->rx_hash);
        add_xsk_counter(cs, i, "rx_multi_buffer", &st->rx_multi);
        add_xsk_counter(cs, i, "rx_csum_completed", &st->rx_csum_completed);
        add_xsk_counter(cs, i, "rx_csum_bad", &st->rx_csum_bad);
        add_xsk_counter(cs, i, "tx_multi_buffer", &st->tx_multi);
        add_xsk_counter(cs, i, "tx_zero_copy", &st->tx_zero_copy);
        add_xsk_counter(cs, i, "tx_invalid_completions",
                        &st->tx_invalid_completions);

        uint32_t n_free = afxdp_xsk_frames_free(s);
        uint32_t n_total = afxdp_xsk_frames_total(s);
        uint32_t n_kernel = afxdp_xsk_frames_in_kernel(s);
        add_counter(cs, i, "frames_free", n_free);
        add_counter(cs, i, "frames_in_kernel", n_kernel);
        add_counter(cs, i, "frames_in_packets",
                    n_total > n_free + n_kernel
                    ? n_total - n_free - n_kernel : 0);
    }
    ovs_mutex_unlock(&dev->mutex);

    /* The XDP fast path's, for the whole port. */
    const struct afxdp_port *port = afxdp_port_find(netdev_);
    if (port && port->offload_wanted) {
        struct afxdp_offload_counts fast;

        afxdp_offload_port_counts(netdev_get_name(netdev_), &fast);
        add_port_counter(cs, "xdp_rx_csum_completed",
                         fast.rx_csum_completed);
        add_port_counter(cs, "xdp_rx_csum_bad", fast.rx_csum_bad);
        add_port_counter(cs, "xdp_rx_cache_hits", fast.rx_cache_hits);
        add_port_counter(cs, "xdp_rx_gso", fast.rx_gso);
        add_port_counter(cs, "xdp_rx_gso_missed", fast.rx_gso_missed);
    }
    return 0;
}

/* Called by Open vSwitch's fatal-signal hook for each "afxdp" netdev. */
void
signal_remove_xdp(struct netdev *netdev_)
{
    afxdp_xdp_detach_if_ours(if_nametoindex(netdev_get_name(netdev_)), 0);
}

/* Appends to 'ds' what netdev-afxdp/show says of 'port'. */
static void
afxdp_port_format(const struct afxdp_port *port, struct ds *ds)
    OVS_NO_THREAD_SAFETY_ANALYSIS
{
    struct netdev_linux *dev = netdev_linux_cast(port->netdev);
    const struct afxdp_options *o = &port->active;

    ovs_mutex_lock(&dev->mutex);
    ds_put_format(ds, "%s (%s):", netdev_get_name(port->netdev),
                  netdev_get_type(port->netdev));
    if (!port->prog) {
        ds_put_format(ds, " not set up%s%s\n", port->error ? ": " : "",
                      port->error ? port->error : "");
    } else {
        ds_put_format(ds, " %s mode, XDP program %s id %"PRIu32", %d "
                      "queue%s%s\n"
                      "  umem per queue: %"PRIu32" frames of %"PRIu32
                      " bytes; rings of %"PRIu32"\n",
                      afxdp_mode_to_string(dev->xdp_mode_in_use),
                      afxdp_xdp_prog_name(port->prog),
                      afxdp_xdp_prog_id(port->prog), port->n_xsks,
                      port->n_xsks > 1 ? "s" : "",
                      afxdp_xdp_prog_rx_hash(port->prog)
                      ? ", RX hash from the device" : "", o->n_frames,
                      o->frame_size, o->ring_size);
        /* XDP takes the device's frames before the kernel's packet taps,
         * and transmits past them: say what captures them. */
        ds_put_format(ds, "  capture: tcpdump -i %s sees none of the frames "
                      "XDP takes or sends; use ovs-tcpdump -i %s\n",
                      netdev_get_name(port->netdev),
                      netdev_get_name(port->netdev));
        for (int i = 0; i < port->n_xsks; i++) {
            afxdp_xsk_format(dev->xsks[i], ds);
        }
        afxdp_offload_port_format(netdev_get_name(port->netdev), ds);
    }
    ovs_mutex_unlock(&dev->mutex);
}

/* ovs-appctl netdev-afxdp/show [PORT]: every afxdp port, or PORT. */
static void
afxdp_unixctl_show(struct unixctl_conn *conn, int argc, const char *argv[],
                   void *aux OVS_UNUSED)
{
    struct ds ds = DS_EMPTY_INITIALIZER;
    struct afxdp_port *port;
    bool found = false;

    unsigned int n_pools, n_waiting;
    umem_pool_count(&n_pools, &n_waiting);
    ds_put_format(&ds, "ovs-afxdp %s\n", OVS_AFXDP_VERSION);
    ds_put_format(&ds, "umem pools: %u, of which %u closed and waiting for "
                  "frames in packets\n", n_pools, n_waiting);
    if (afxdp_offload_wanted()) {
        afxdp_offload_format_totals(&ds);
    }
    ovs_mutex_lock(&afxdp_ports_mutex);
    CMAP_FOR_EACH (port, node, &afxdp_ports) {
        if (argc < 2 || !strcmp(argv[1], netdev_get_name(port->netdev))) {
            afxdp_fault_delay(AFXDP_FAULT_SHOW,
                              netdev_get_name(port->netdev));
            afxdp_port_format(port, &ds);
            found = true;
        }
    }
    ovs_mutex_unlock(&afxdp_ports_mutex);
    if (argc > 1 && !found) {
        unixctl_command_reply_error(conn, "no such afxdp port");
    } else {
        unixctl_command_reply(conn, ds_cstr(&ds));
    }
    ds_destroy(&ds);
}

/* Fault injection.
 *
 * ovs-appctl netdev-afxdp/hold-frames PORT on|off: with "on", every queue
 * of PORT keeps what it receives, never handing it to the datapath nor
 * freeing it, until its frames run out, as behind a consumer that never
 * frees; "off" frees them all and the port recovers.
 *
 * ovs-appctl netdev-afxdp/hold-completions PORT on|off ('aux' nonnull):
 * with "on", PORT's sockets leave their completion rings unread, as if the
 * kernel had not finished sending (a stalled queue); "off" reads them
 * again. */
static void
afxdp_unixctl_hold_frames(struct unixctl_conn *conn, int argc OVS_UNUSED,
                          const char *argv[], void *aux)
    OVS_NO_THREAD_SAFETY_ANALYSIS
{
    bool completions = aux != NULL;
    bool hold = !strcmp(argv[2], "on");
    struct afxdp_port *port;

    if (!hold && strcmp(argv[2], "off")) {
        unixctl_command_reply_error(conn, "expected \"on\" or \"off\"");
        return;
    }
    ovs_mutex_lock(&afxdp_ports_mutex);
    CMAP_FOR_EACH (port, node, &afxdp_ports) {
        if (!strcmp(argv[1], netdev_get_name(port->netdev))) {
            struct netdev_linux *dev = netdev_linux_cast(port->netdev);
            size_t n = 0;

            ovs_mutex_lock(&dev->mutex);
            for (int i = 0; port->prog && i < port->n_xsks; i++) {
                if (completions) {
                    afxdp_xsk_fault_stall_completions(dev->xsks[i], hold);
                } else {
                    n += afxdp_xsk_fault_keep_rx(dev->xsks[i], hold);
                }
            }
            ovs_mutex_unlock(&dev->mutex);

            char *reply = (completions
                           ? xasprintf("%s: completion rings %s", argv[1],
                                       hold ? "left unread" : "read")
                           : hold
                           ? xasprintf("%s: holding what it receives",
                                       argv[1])
                           : xasprintf("%s: freed %"PRIuSIZE" held packets",
                                       argv[1], n));
            ovs_mutex_unlock(&afxdp_ports_mutex);
            VLOG_INFO("%s", reply);
            unixctl_command_reply(conn, reply);
            free(reply);
            return;
        }
    }
    ovs_mutex_unlock(&afxdp_ports_mutex);
    unixctl_command_reply_error(conn, "no such afxdp port");
}

/* ovs-appctl netdev-afxdp/fault-delay show|close MSEC: makes a point of
 * the code wait MSEC milliseconds (0: not at all) every time it is passed,
 * so that a test can force a schedule (lib/afxdp-fault.h). */
static void
afxdp_unixctl_fault_delay(struct unixctl_conn *conn, int argc OVS_UNUSED,
                          const char *argv[], void *aux OVS_UNUSED)
{
    unsigned int msec;

    for (int i = 0; i < AFXDP_FAULT_N_POINTS; i++) {
        if (!strcmp(argv[1], afxdp_fault_point_name(i))) {
            if (!str_to_uint(argv[2], 10, &msec) || msec > 60000) {
                unixctl_command_reply_error(conn, "expected milliseconds, "
                                            "0 to 60000");
                return;
            }
            afxdp_fault_set_delay(i, msec);
            unixctl_command_reply(conn, NULL);
            return;
        }
    }
    unixctl_command_reply_error(conn, "expected \"show\" or \"close\"");
}
