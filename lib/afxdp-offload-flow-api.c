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

/* The XDP fast path's interface to Open vSwitch 3.1 through 3.6: a flow
 * API provider, "afxdp-xdp", that takes afxdp ports (lib/afxdp-offload.h
 * has the fast path itself).  dpif-netdev's offload thread calls it. */

#include <config.h>
#include "afxdp-ovs-compat.h"

#if !AFXDP_OVS_DPIF_OFFLOAD
#include <errno.h>
#include <string.h>
#include "afxdp-offload.h"
#include "dpif.h"
#include "netdev-offload-provider.h"
#include "netdev-provider.h"
#include "openvswitch/vlog.h"

VLOG_DEFINE_THIS_MODULE(afxdp_offload_flow_api);

/* Returns true if the fast path program should be loaded: Open vSwitch
 * was told other_config:hw-offload=true. */
bool
afxdp_offload_wanted(void)
{
    return netdev_is_flow_api_enabled();
}

/* Takes afxdp ports.  One set up before hw-offload was enabled has no fast
 * path yet: its reconfiguration loads it. */
static int
flow_api_init(struct netdev *netdev)
{
    if (!afxdp_offload_is_afxdp(netdev)) {
        return EOPNOTSUPP;
    }
    VLOG_INFO("%s: megaflows go to the XDP fast path (flow API afxdp-xdp)",
              netdev_get_name(netdev));
    if (!afxdp_offload_port_known(netdev_get_name(netdev))) {
        netdev_request_reconfigure(netdev);
    }
    return 0;
}

/* afxdp_offload_port_name_func for port 'odp' in the datapath of the
 * netdev 'aux'.  Not under the fast path's lock: netdev_ports_get() takes
 * the port map's lock, which is held around flow_api_init(). */
static char *
output_port_name(odp_port_t odp, void *aux, const char **reasonp)
{
    const struct netdev *netdev = aux;
    struct netdev *out = netdev_ports_get(odp, netdev_get_dpif_type(netdev));
    char *name = NULL;

    if (!out) {
        *reasonp = "output to an unknown port";
    } else if (!afxdp_offload_is_afxdp(out)) {
        *reasonp = "output to a port that is not afxdp";
    } else {
        name = xstrdup(netdev_get_name(out));
    }
    netdev_close(out);
    return name;
}

static int
flow_api_put(struct netdev *netdev, struct match *match,
             struct nlattr *actions, size_t actions_len,
             const ovs_u128 *ufid, struct offload_info *info OVS_UNUSED,
             struct dpif_flow_stats *stats)
{
    int error = afxdp_offload_flow_put(netdev_get_name(netdev), ufid, match,
                                       actions, actions_len,
                                       output_port_name, netdev);
    if (!error && stats) {
        memset(stats, 0, sizeof *stats);
    }
    return error;
}

static int
flow_api_get(struct netdev *netdev OVS_UNUSED,
             struct match *match OVS_UNUSED, struct nlattr **actions,
             const ovs_u128 *ufid, struct dpif_flow_stats *stats,
             struct dpif_flow_attrs *attrs,
             struct ofpbuf *wbuffer OVS_UNUSED)
{
    if (actions) {
        *actions = NULL;
    }
    return afxdp_offload_flow_get(ufid, stats, attrs);
}

static int
flow_api_del(struct netdev *netdev OVS_UNUSED, const ovs_u128 *ufid,
             struct dpif_flow_stats *stats)
{
    return afxdp_offload_flow_del(ufid, stats);
}

static int
flow_api_flush(struct netdev *netdev)
{
    afxdp_offload_port_flush(netdev_get_name(netdev));
    return 0;
}

static int
flow_api_get_n_flows(struct netdev *netdev, uint64_t *n_flows)
{
    *n_flows = afxdp_offload_port_n_flows(netdev_get_name(netdev));
    return 0;
}

static void
flow_api_uninit(struct netdev *netdev)
{
    afxdp_offload_port_gone(netdev_get_name(netdev));
}

static const struct netdev_flow_api flow_api = {
    .type = "afxdp-xdp",
    .flow_flush = flow_api_flush,
    .flow_put = flow_api_put,
    .flow_get = flow_api_get,
    .flow_del = flow_api_del,
    .flow_get_n_flows = flow_api_get_n_flows,
    .init_flow_api = flow_api_init,
    .uninit_flow_api = flow_api_uninit,
};

/* Open vSwitch's tc provider, registered before ours, would take afxdp
 * ports (it takes any device with an ifindex), and which registered
 * provider a port gets depends on hash order.  Rules in tc never see an
 * afxdp port's packets (XDP redirects them first), and in the userspace
 * datapath tc does not belong at all (its rules would act on the kernel's
 * side of tap and veth devices), so the tc provider is registered again
 * under the same name with an init_flow_api that declines ports of the
 * userspace datapath.  Everything else of it is unchanged. */
static struct netdev_flow_api tc_outside_userspace;

static int
tc_outside_userspace_init(struct netdev *netdev)
{
    const char *dpif_type = netdev_get_dpif_type(netdev);

    if (dpif_type && !strcmp(dpif_type, "netdev")) {
        return EOPNOTSUPP;
    }
    return netdev_offload_tc.init_flow_api(netdev);
}

static void
keep_tc_off_userspace(void)
{
    if (!netdev_unregister_flow_api_provider(netdev_offload_tc.type)) {
        tc_outside_userspace = netdev_offload_tc;
        tc_outside_userspace.init_flow_api = tc_outside_userspace_init;
        netdev_register_flow_api_provider(&tc_outside_userspace);
    } else {
        /* Open vSwitch registered tc after the afxdp classes, or a port
         * already uses it: it may take afxdp ports. */
        VLOG_WARN("could not keep Open vSwitch's tc flow API off the "
                  "userspace datapath: afxdp ports may get it instead of "
                  "the XDP fast path");
    }
}

/* Registers the fast path's flow API provider, once. */
void
afxdp_offload_register(void)
{
    netdev_register_flow_api_provider(&flow_api);
    keep_tc_off_userspace();
}
#endif /* !AFXDP_OVS_DPIF_OFFLOAD */
