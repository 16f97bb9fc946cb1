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

#ifndef AFXDP_OFFLOAD_MATCH_H
#define AFXDP_OFFLOAD_MATCH_H 1

/* Translation of a datapath megaflow (its match and its actions, as
 * dpif-netdev hands them to a flow API provider) into what the XDP fast
 * path runs (lib/afxdp-offload-maps.h).  Pure functions, no kernel: the
 * unit tests call them directly.
 *
 * A megaflow translates only if the fast path would do exactly what
 * dpif-netdev does with the packets it matches: otherwise the functions
 * refuse it with the reason, and it stays on the AF_XDP path. */

#include <stddef.h>
#include "afxdp-offload-maps.h"
#include "openvswitch/types.h"

struct match;
struct nlattr;

/* A megaflow's match: 'key' is already masked by 'mask'. */
struct afxdp_offload_match {
    struct afxdp_flow_key key;
    struct afxdp_flow_key mask;
};

int afxdp_offload_match_from_flow(const struct match *,
                                  struct afxdp_offload_match *,
                                  const char **reasonp);

int afxdp_offload_actions_parse(const struct nlattr *actions,
                                size_t actions_len,
                                struct afxdp_offload_actions *,
                                odp_port_t *out_portp, const char **reasonp);

void afxdp_flow_key_apply_mask(struct afxdp_flow_key *key,
                               const struct afxdp_flow_key *mask);

#endif /* afxdp-offload-match.h */
