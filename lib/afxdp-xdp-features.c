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
#include "afxdp-xdp-features.h"
#include <errno.h>
#include <linux/genetlink.h>
#include "netlink-socket.h"
#include "netlink.h"
#include "ovs-thread.h"
#include "openvswitch/ofpbuf.h"

/* The family's command and attributes that we use. */
#define AFXDP_NETDEV_FAMILY "netdev"
#define AFXDP_NETDEV_CMD_DEV_GET 1
#define AFXDP_NETDEV_A_DEV_IFINDEX 1
#define AFXDP_NETDEV_A_DEV_XDP_FEATURES 3

/* Stores the XDP features (NETDEV_XDP_ACT_*) of device 'ifindex', in this
 * process's network namespace, in '*features'.  Returns 0, or a positive
 * errno value (ENOENT: the kernel has no such family, before Linux 6.3). */
int
afxdp_xdp_features_get(int ifindex, uint64_t *features)
{
    static const struct nl_policy policy[] = {
        [AFXDP_NETDEV_A_DEV_IFINDEX] = { .type = NL_A_U32,
                                         .optional = true },
        [AFXDP_NETDEV_A_DEV_XDP_FEATURES] = { .type = NL_A_U64 },
    };
    struct nlattr *attrs[ARRAY_SIZE(policy)];
    struct ofpbuf request, *reply = NULL;
    static struct ovsthread_once once = OVSTHREAD_ONCE_INITIALIZER;
    static int family;          /* Family number, or 0 if unknown. */
    int error;

    *features = 0;
    if (ovsthread_once_start(&once)) {
        /* nl_lookup_genl_family() takes '*number' as its cache. */
        int number = 0;

        if (!nl_lookup_genl_family(AFXDP_NETDEV_FAMILY, &number)) {
            family = number;
        }
        ovsthread_once_done(&once);
    }
    if (!family) {
        return ENOENT;
    }

    ofpbuf_init(&request, 0);
    nl_msg_put_genlmsghdr(&request, 0, family, NLM_F_REQUEST,
                          AFXDP_NETDEV_CMD_DEV_GET, 1);
    nl_msg_put_u32(&request, AFXDP_NETDEV_A_DEV_IFINDEX, ifindex);
    error = nl_transact(NETLINK_GENERIC, &request, &reply);
    ofpbuf_uninit(&request);
    if (error) {
        return error;
    }
    if (!nl_policy_parse(reply, NLMSG_HDRLEN + GENL_HDRLEN, policy, attrs,
                         ARRAY_SIZE(policy))) {
        error = EPROTO;
    } else {
        *features = nl_attr_get_u64(attrs[AFXDP_NETDEV_A_DEV_XDP_FEATURES]);
    }
    ofpbuf_delete(reply);
    return error;
}
