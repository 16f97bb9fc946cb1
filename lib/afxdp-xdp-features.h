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

#ifndef AFXDP_XDP_FEATURES_H
#define AFXDP_XDP_FEATURES_H 1

/* A device's XDP features, as the kernel's "netdev" generic netlink family
 * (Linux 6.3 and later) reports them.  Debian 12's headers predate that
 * family, so its numbers are here (include/uapi/linux/netdev.h). */

#include <stdint.h>

#define NETDEV_XDP_ACT_BASIC        (1 << 0)
#define NETDEV_XDP_ACT_REDIRECT     (1 << 1)
#define NETDEV_XDP_ACT_NDO_XMIT     (1 << 2)
#define NETDEV_XDP_ACT_XSK_ZEROCOPY (1 << 3)
#define NETDEV_XDP_ACT_HW_OFFLOAD   (1 << 4)
#define NETDEV_XDP_ACT_RX_SG        (1 << 5)
#define NETDEV_XDP_ACT_NDO_XMIT_SG  (1 << 6)

int afxdp_xdp_features_get(int ifindex, uint64_t *features);

#endif /* afxdp-xdp-features.h */
