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

#include "afxdp-xdp-prog.h"

#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <errno.h>
#include <linux/if_link.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <xdp/libxdp.h>

#include "afxdp-config.h"
#include "coverage.h"
#include "openvswitch/dynamic-string.h"
#include "openvswitch/vlog.h"
#include "util.h"

VLOG_DEFINE_THIS_MODULE(afxdp_xdp_prog);

COVERAGE_DEFINE(afxdp_xdp_stale_replaced);

/* Our program, loaded and attached to one device. */
struct afxdp_xdp_prog {
    struct bpf_object *obj;     /* Owns the program and map fds. */
    int ifindex;
    uint32_t attach_flags;      /* XDP_FLAGS_DRV_MODE or _SKB_MODE. */
    uint32_t prog_id;           /* Kernel id of the attached program. */
    int map_fd;                 /* xsks_map. */
};

/* libbpf and libxdp print through this, at debug level: they report as
 * warnings conditions that ovs-afxdp handles (e.g. a mode that a device
 * lacks), and Open vSwitch's logs must stay quiet when all is well.  What
 * matters reaches the log through our own messages. */
static int
afxdp_print_dbg(const char *format, va_list args)
{
    if (VLOG_IS_DBG_ENABLED()) {
        char *s = xvasprintf(format, args);
        size_t len = strlen(s);

        while (len && s[len - 1] == '\n') {
            s[--len] = '\0';
        }
        VLOG_DBG("%s", s);
        free(s);
    }
    return 0;
}

static int
libbpf_print(enum libbpf_print_level level OVS_UNUSED, const char *format,
             va_list args)
{
    return afxdp_print_dbg(format, args);
}

static int
libxdp_print(enum libxdp_print_level level OVS_UNUSED, const char *format,
             va_list args)
{
    return afxdp_print_dbg(format, args);
}

/* Routes libbpf's and libxdp's messages to our log.  Called once. */
void
afxdp_xdp_prog_init(void)
{
    libbpf_set_print(libbpf_print);
    libxdp_set_print(libxdp_print);
}

/* Returns the path of the XDP object file to load: $OVS_AFXDP_BPF_OBJECT if
 * set; otherwise the object in the build tree when this program runs from
 * the build tree (tests, sandbox); otherwise the installed object. */
const char *
afxdp_xdp_prog_path(void)
{
    static const char *path;

    if (!path) {
        const char *env = getenv("OVS_AFXDP_BPF_OBJECT");
        char *exe = NULL;

        if (env && env[0]) {
            path = env;
        } else {
            exe = realpath("/proc/self/exe", NULL);
            size_t n = strlen(OVS_AFXDP_BUILD_DIR);
            path = (exe && !strncmp(exe, OVS_AFXDP_BUILD_DIR, n)
                    && exe[n] == '/'
                    ? OVS_AFXDP_BPF_BUILT : OVS_AFXDP_BPF_INSTALLED);
        }
        free(exe);
    }
    return path;
}

/* Looks at the XDP program attached to 'ifindex', if any.  Stores its id in
 * '*idp' (0 if none) and its attach mode flags in '*flagsp'.  Returns true if
 * that program is one of ours (by name). */
static bool
afxdp_xdp_query(int ifindex, uint32_t *idp, uint32_t *flagsp, char **namep)
{
    LIBBPF_OPTS(bpf_xdp_query_opts, opts);
    struct bpf_prog_info info;
    uint32_t len = sizeof info;
    bool ours = false;

    *idp = 0;
    *flagsp = 0;
    if (namep) {
        *namep = NULL;
    }
    if (bpf_xdp_query(ifindex, 0, &opts) || !opts.prog_id) {
        return false;
    }
    *idp = opts.prog_id;
    *flagsp = (opts.attach_mode == XDP_ATTACHED_SKB ? XDP_FLAGS_SKB_MODE
               : opts.attach_mode == XDP_ATTACHED_DRV ? XDP_FLAGS_DRV_MODE
               : opts.attach_mode == XDP_ATTACHED_HW ? XDP_FLAGS_HW_MODE
               : 0);

    int fd = bpf_prog_get_fd_by_id(opts.prog_id);
    if (fd >= 0) {
        memset(&info, 0, sizeof info);
        if (!bpf_obj_get_info_by_fd(fd, &info, &len)) {
            ours = !strcmp(info.name, AFXDP_XDP_PROG_NAME);
            if (namep) {
                *namep = xstrdup(info.name);
            }
        }
        close(fd);
    }
    return ours;
}

/* Checks that device 'ifname' (index 'ifindex') has no XDP program other
 * than one of ours.  Returns 0 if so, otherwise EEXIST with a message in
 * '*errp' for the caller to free. */
int
afxdp_xdp_check_device(const char *ifname, int ifindex, char **errp)
{
    uint32_t id, flags;
    char *name;

    *errp = NULL;
    if (afxdp_xdp_query(ifindex, &id, &flags, &name) || !id) {
        free(name);
        return 0;
    }
    *errp = xasprintf("%s: device already has XDP program \"%s\" (id %"PRIu32
                      "); ovs-afxdp does not replace programs it did not "
                      "load", ifname, name ? name : "?", id);
    free(name);
    return EEXIST;
}

/* Loads our XDP program for 'ifname' (index 'ifindex'), with an xskmap of
 * 'n_queues' entries, and attaches it in driver mode if 'native', in
 * generic mode otherwise.  A program of ours left on the device (by a
 * daemon that was killed) is replaced; any other program is left alone and
 * reported as an error.  On success stores the attached program in '*progp'
 * and returns 0; on failure returns a positive errno value and stores a
 * message in '*errp' for the caller to free. */
int
afxdp_xdp_prog_attach(const char *ifname, int ifindex, bool native,
                      uint32_t n_queues, struct afxdp_xdp_prog **progp,
                      char **errp)
{
    const char *path = afxdp_xdp_prog_path();
    uint32_t flags = native ? XDP_FLAGS_DRV_MODE : XDP_FLAGS_SKB_MODE;
    uint32_t old_id, old_flags;
    int error;

    *progp = NULL;

    error = afxdp_xdp_check_device(ifname, ifindex, errp);
    if (error) {
        return error;
    }
    if (afxdp_xdp_query(ifindex, &old_id, &old_flags, NULL)) {
        VLOG_INFO("%s: replacing stale ovs-afxdp XDP program (id %"PRIu32")",
                  ifname, old_id);
        COVERAGE_INC(afxdp_xdp_stale_replaced);
        bpf_xdp_detach(ifindex, old_flags, NULL);
    }

    struct bpf_object *obj = bpf_object__open_file(path, NULL);
    if (!obj) {
        error = errno;
        *errp = xasprintf("%s: cannot open XDP object %s: %s",
                          ifname, path, ovs_strerror(error));
        return error;
    }

    struct bpf_program *prog = bpf_object__find_program_by_name(
        obj, AFXDP_XDP_PROG_NAME);
    struct bpf_map *map = bpf_object__find_map_by_name(obj, "xsks_map");
    if (!prog || !map) {
        *errp = xasprintf("%s: XDP object %s lacks program %s or map "
                          "xsks_map", ifname, path, AFXDP_XDP_PROG_NAME);
        error = EINVAL;
        goto error;
    }
    bpf_map__set_max_entries(map, MAX(n_queues, 1));

    error = -bpf_object__load(obj);
    if (error) {
        *errp = xasprintf("%s: cannot load XDP object %s: %s",
                          ifname, path, ovs_strerror(error));
        goto error;
    }

    error = -bpf_xdp_attach(ifindex, bpf_program__fd(prog),
                            flags | XDP_FLAGS_UPDATE_IF_NOEXIST, NULL);
    if (error) {
        *errp = xasprintf("%s: cannot attach XDP program in %s mode: %s",
                          ifname, native ? "native" : "generic",
                          ovs_strerror(error));
        goto error;
    }

    struct afxdp_xdp_prog *xp = xzalloc(sizeof *xp);
    xp->obj = obj;
    xp->ifindex = ifindex;
    xp->attach_flags = flags;
    xp->map_fd = bpf_map__fd(map);
    bpf_xdp_query_id(ifindex, flags, &xp->prog_id);
    *progp = xp;
    VLOG_DBG("%s: attached XDP program id %"PRIu32" from %s",
             ifname, xp->prog_id, path);
    return 0;

error:
    bpf_object__close(obj);
    return error;
}

/* Directs the frames that 'prog''s device receives on 'queue' to the AF_XDP
 * socket 'xsk_fd'.  Returns 0 or a positive errno value. */
int
afxdp_xdp_prog_set_socket(struct afxdp_xdp_prog *prog, uint32_t queue,
                          int xsk_fd)
{
    return bpf_map_update_elem(prog->map_fd, &queue, &xsk_fd, 0)
           ? errno : 0;
}

/* Returns the kernel's id for 'prog'. */
uint32_t
afxdp_xdp_prog_id(const struct afxdp_xdp_prog *prog)
{
    return prog->prog_id;
}

/* Detaches 'prog' from its device, if it is still the program there, and
 * frees it with its map.  Accepts NULL. */
void
afxdp_xdp_prog_detach(struct afxdp_xdp_prog *prog)
{
    if (!prog) {
        return;
    }

    LIBBPF_OPTS(bpf_xdp_attach_opts, opts,
                .old_prog_fd = bpf_program__fd(
                    bpf_object__find_program_by_name(prog->obj,
                                                     AFXDP_XDP_PROG_NAME)));
    int error = bpf_xdp_detach(prog->ifindex,
                               prog->attach_flags | XDP_FLAGS_REPLACE, &opts);
    if (error && error != -ENODEV && error != -EEXIST) {
        VLOG_DBG("ifindex %d: detaching XDP program id %"PRIu32": %s",
                 prog->ifindex, prog->prog_id, ovs_strerror(-error));
    }
    bpf_object__close(prog->obj);
    free(prog);
}

/* Detaches the XDP program on 'ifindex' if it is one of ours.  For paths
 * that cannot use the full object, such as fatal signal hooks. */
void
afxdp_xdp_detach_if_ours(int ifindex)
{
    uint32_t id, flags;

    if (ifindex > 0 && afxdp_xdp_query(ifindex, &id, &flags, NULL)) {
        bpf_xdp_detach(ifindex, flags, NULL);
    }
}
