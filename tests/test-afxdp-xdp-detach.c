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

/* test-afxdp-xdp-detach OBJECT: detaching a program of ours never removes
 * one that someone else attached in its place in between.
 *
 * ovs-afxdp detaches a program it found on a device (a stale one, left by
 * a killed daemon; its own, at exit or from the fatal signal hook) by id,
 * some time after it looked.  If another program took its place in
 * between, that one must stay.  The interleaving is forced: program A
 * attached, its id read as ovs-afxdp reads it, program B attached over it
 * (as "ip -force link set ... xdp" would), then A detached by its id.  Root
 * (attaches XDP programs to a veth of its own); OBJECT is any XDP object
 * with a program in section "xdp" (bpf/xdp-pass.bpf.o). */

#include <config.h>
#include <errno.h>
#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <linux/if_link.h>
#include "afxdp-xdp-prog.h"
#include "util.h"

#define DEV "oxdt0"
#define PEER "oxdt1"

/* Loads the first program of the XDP object at 'path'; returns its fd. */
static int
load(const char *path)
{
    struct bpf_object *obj = bpf_object__open_file(path, NULL);
    struct bpf_program *prog;

    if (!obj || bpf_object__load(obj)) {
        ovs_fatal(errno, "%s: cannot load", path);
    }
    prog = bpf_object__next_program(obj, NULL);
    if (!prog) {
        ovs_fatal(0, "%s: no program", path);
    }
    return bpf_program__fd(prog);
}

/* Returns the id of the generic-mode program on 'ifindex', or 0. */
static uint32_t
attached(int ifindex)
{
    LIBBPF_OPTS(bpf_xdp_query_opts, opts);

    if (bpf_xdp_query(ifindex, XDP_FLAGS_SKB_MODE, &opts)) {
        ovs_fatal(errno, "cannot query XDP programs");
    }
    return opts.skb_prog_id;
}

static uint32_t
prog_id(int fd)
{
    struct bpf_prog_info info = { 0 };
    uint32_t len = sizeof info;

    if (bpf_obj_get_info_by_fd(fd, &info, &len)) {
        ovs_fatal(errno, "cannot read a program's id");
    }
    return info.id;
}

static void
cleanup(void)
{
    if (system("ip link del " DEV " 2>/dev/null")) {
        /* Already gone. */
    }
}

int
main(int argc, char *argv[])
{
    set_program_name(argv[0]);
    if (argc != 2) {
        ovs_fatal(0, "usage: %s OBJECT", program_name);
    }
    if (geteuid()) {
        ovs_fatal(0, "needs root (attaches XDP programs)");
    }
    cleanup();
    if (system("ip link add " DEV " type veth peer name " PEER)) {
        ovs_fatal(0, "cannot create veth " DEV);
    }
    atexit(cleanup);
    int ifindex = if_nametoindex(DEV);

    int a = load(argv[1]), b = load(argv[1]);
    uint32_t id_a = prog_id(a), id_b = prog_id(b);
    if (bpf_xdp_attach(ifindex, a, XDP_FLAGS_SKB_MODE, NULL)
        || attached(ifindex) != id_a) {
        ovs_fatal(errno, "cannot attach program A");
    }

    /* ovs-afxdp has read A's id; now B takes A's place. */
    if (bpf_xdp_attach(ifindex, b, XDP_FLAGS_SKB_MODE, NULL)
        || attached(ifindex) != id_b) {
        ovs_fatal(errno, "cannot attach program B over A");
    }
    int error = afxdp_xdp_detach_id(ifindex, XDP_FLAGS_SKB_MODE, id_a);
    if (error != EEXIST || attached(ifindex) != id_b) {
        ovs_fatal(0, "xdp-detach: detaching A by its id returned %d (%s) "
                  "and left program %"PRIu32" on the device: B (id %"PRIu32
                  ") must stay", error, ovs_strerror(error),
                  attached(ifindex), id_b);
    }
    printf("xdp-detach: A detached by id after B took its place: refused "
           "(%s), B stays\n", ovs_strerror(error));

    /* Its own id detaches B. */
    error = afxdp_xdp_detach_id(ifindex, XDP_FLAGS_SKB_MODE, id_b);
    if (error || attached(ifindex)) {
        ovs_fatal(error, "xdp-detach: B not detached by its own id");
    }
    printf("xdp-detach: B detached by its own id\n");
    return 0;
}
