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
#include "afxdp-offload-tc.h"
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <errno.h>
#include <string.h>
#include <unistd.h>
#include "afxdp-offload-maps.h"
#include "util.h"
#include "openvswitch/vlog.h"

VLOG_DEFINE_THIS_MODULE(afxdp_offload_tc);

/* enum bpf_attach_type's BPF_TCX_INGRESS (Linux 6.6), which the headers of
 * older systems lack. */
#define AFXDP_BPF_TCX_INGRESS 46

int
afxdp_offload_tc_attach(const char *name, int ifindex,
                        struct bpf_object *obj)
{
    struct bpf_program *prog
        = bpf_object__find_program_by_name(obj, AFXDP_OFFLOAD_TC_PROG);
    int fd;

    if (!prog || bpf_program__fd(prog) < 0) {
        VLOG_WARN("%s: large segments stay off the fast path: its object "
                  "has no TC program "AFXDP_OFFLOAD_TC_PROG, name);
        return -1;
    }

    fd = bpf_link_create(bpf_program__fd(prog), ifindex,
                         AFXDP_BPF_TCX_INGRESS, NULL);
    if (fd < 0) {
        VLOG_WARN("%s: large segments stay off the fast path: its TC "
                  "program cannot be attached (%s; a tcx link needs Linux "
                  "6.6 or later)", name, ovs_strerror(errno));
        return -1;
    }
    VLOG_DBG("%s: TC program for large segments attached", name);
    return fd;
}

void
afxdp_offload_tc_detach(int link_fd)
{
    if (link_fd >= 0) {
        close(link_fd);
    }
}
