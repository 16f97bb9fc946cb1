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
#include "openvswitch/shash.h"
#include "openvswitch/vlog.h"
#include "ovs-thread.h"
#include "util.h"

VLOG_DEFINE_THIS_MODULE(afxdp_xdp_prog);

#ifndef BPF_F_XDP_DEV_BOUND_ONLY
#define BPF_F_XDP_DEV_BOUND_ONLY (1U << 6)  /* Linux 6.3 uapi. */
#endif

COVERAGE_DEFINE(afxdp_xdp_stale_replaced);

/* A program, loaded and attached to one device. */
struct afxdp_xdp_prog {
    struct bpf_object *obj;     /* Owns the program and map fds. */
    char *name;                 /* The program's name. */
    int ifindex;
    uint32_t attach_flags;      /* XDP_FLAGS_DRV_MODE or _SKB_MODE. */
    uint32_t prog_id;           /* Kernel id of the attached program. */
    int map_fd;                 /* xsks_map. */
    bool rx_hash;               /* Passes the RX hash in metadata. */
    bool offload;               /* Has the XDP fast path. */
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

/* Returns true if 'name', a program's name as the kernel reports it, is
 * one of ours, or is 'also' (if nonnull) as the kernel would report it:
 * truncated to BPF_OBJ_NAME_LEN - 1 bytes. */
static bool
afxdp_xdp_name_matches(const char *name, const char *also)
{
    return (!strncmp(name, AFXDP_XDP_PROG_NAME,
                     strlen(AFXDP_XDP_PROG_NAME))
            || (also && !strncmp(name, also, BPF_OBJ_NAME_LEN - 1)));
}

/* Returns the path of a variant of our program's object: that of
 * afxdp_xdp_prog_path(), with 'variant' (e.g. "-md") before its ".bpf.o".
 * 'variant' must be a string constant: the result is cached for it. */
const char *
afxdp_xdp_prog_variant_path(const char *variant)
{
    static struct shash paths = SHASH_INITIALIZER(&paths);
    static struct ovs_mutex mutex = OVS_MUTEX_INITIALIZER;
    const char *path;

    ovs_mutex_lock(&mutex);
    path = shash_find_data(&paths, variant);
    if (!path) {
        const char *plain = afxdp_xdp_prog_path();
        size_t n = strlen(plain);
        const char *suffix = ".bpf.o";
        size_t m = strlen(suffix);

        path = (n > m && !strcmp(plain + n - m, suffix)
                ? xasprintf("%.*s%s%s", (int) (n - m), plain, variant,
                            suffix)
                : xasprintf("%s%s", plain, variant));
        shash_add(&paths, variant, path);
    }
    ovs_mutex_unlock(&mutex);
    return path;
}

/* Looks at the XDP program attached to 'ifindex', if any.  Stores its id in
 * '*idp' (0 if none), its attach mode flags in '*flagsp' and, if 'namep' is
 * nonnull, a copy of its name in '*namep' for the caller to free.  Returns
 * true if that program is one of ours, or is named 'also' (if nonnull). */
static bool
afxdp_xdp_query(int ifindex, const char *also, uint32_t *idp,
                uint32_t *flagsp, char **namep)
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
            ours = afxdp_xdp_name_matches(info.name, also);
            if (namep) {
                *namep = xstrdup(info.name);
            }
        }
        close(fd);
    }
    return ours;
}

/* Detaches from 'ifindex' the XDP program with id 'id', attached with mode
 * 'flags', and only that one: if another program took its place since it
 * was queried, the kernel refuses (XDP_FLAGS_REPLACE) and leaves it there.
 * Returns 0, or a positive errno value (EEXIST: another program is there
 * now; ENOENT: the program is gone). */
int
afxdp_xdp_detach_id(int ifindex, uint32_t flags, uint32_t id)
{
    int fd = bpf_prog_get_fd_by_id(id);

    if (fd < 0) {
        return errno;
    }
    LIBBPF_OPTS(bpf_xdp_attach_opts, opts, .old_prog_fd = fd);
    int error = bpf_xdp_detach(ifindex, flags | XDP_FLAGS_REPLACE, &opts);
    close(fd);
    return error < 0 ? -error : 0;
}

/* Checks that device 'ifname' (index 'ifindex') has no XDP program other
 * than one of ours, or the one with id 'own_id' (if nonzero: the port's
 * current program, perhaps a user's, which reconfiguration replaces).
 * With 'user_prog' (a user's options:xdp-prog), any program passes here:
 * it may be the user's, left by a killed daemon, which only attaching can
 * tell.  Returns 0 if so, otherwise EEXIST with a message in '*errp' for
 * the caller to free. */
int
afxdp_xdp_check_device(const char *ifname, int ifindex,
                       const char *user_prog, uint32_t own_id, char **errp)
{
    uint32_t id, flags;
    char *name;

    *errp = NULL;
    if (afxdp_xdp_query(ifindex, NULL, &id, &flags, &name) || !id
        || (own_id && id == own_id)) {
        free(name);
        return 0;
    }
    if (user_prog) {
        /* Perhaps the user's program, left by a killed daemon: attaching
         * tells, once the object is open. */
        free(name);
        return 0;
    }
    *errp = xasprintf("%s: device already has XDP program \"%s\" (id %"PRIu32
                      "); ovs-afxdp does not replace programs it did not "
                      "load", ifname, name ? name : "?", id);
    free(name);
    return EEXIST;
}

/* Detaches from 'ifindex' a program that a killed daemon left there: one of
 * ours, or one named 'also'.  Returns 0, or EEXIST with a message in
 * '*errp' if another program is there. */
static int
afxdp_xdp_replace_stale(const char *ifname, int ifindex, const char *also,
                        char **errp)
{
    uint32_t id, flags;
    char *name;

    if (afxdp_xdp_query(ifindex, also, &id, &flags, &name)) {
        VLOG_INFO("%s: replacing stale XDP program \"%s\" (id %"PRIu32")",
                  ifname, name, id);
        COVERAGE_INC(afxdp_xdp_stale_replaced);
        if (afxdp_xdp_detach_id(ifindex, flags, id) == EEXIST) {
            /* Someone attached a program of their own in between. */
            free(name);
            return afxdp_xdp_replace_stale(ifname, ifindex, also, errp);
        }
    } else if (id) {
        *errp = xasprintf("%s: device already has XDP program \"%s\" (id "
                          "%"PRIu32"); ovs-afxdp does not replace programs "
                          "it did not load", ifname, name ? name : "?", id);
        free(name);
        return EEXIST;
    }
    free(name);
    return 0;
}

/* Finds the xskmap of 'obj' (from 'path') and sizes it for 'n_queues'.
 * Returns it, or NULL with a message in '*errp'. */
static struct bpf_map *
afxdp_xdp_find_xskmap(const char *ifname, const char *path,
                      struct bpf_object *obj, uint32_t n_queues, char **errp)
{
    struct bpf_map *map = bpf_object__find_map_by_name(obj,
                                                       AFXDP_XSKMAP_NAME);

    if (!map || bpf_map__type(map) != BPF_MAP_TYPE_XSKMAP) {
        *errp = xasprintf("%s: XDP object %s has no map of type xskmap "
                          "named "AFXDP_XSKMAP_NAME" for ovs-afxdp's "
                          "sockets", ifname, path);
        return NULL;
    }
    bpf_map__set_max_entries(map, MAX(n_queues, 1));
    return map;
}

/* Opens the XDP object at 'path' for device 'ifname'.  Returns it, or
 * NULL with a positive errno value in '*errorp' and a message in '*errp'. */
static struct bpf_object *
afxdp_xdp_open_object(const char *ifname, const char *path, int *errorp,
                      char **errp)
{
    struct bpf_object *obj = bpf_object__open_file(path, NULL);

    if (!obj) {
        *errorp = errno;
        *errp = xasprintf("%s: cannot open XDP object %s: %s",
                          ifname, path, ovs_strerror(*errorp));
    }
    return obj;
}

/* Attaches 'prog', of 'xp''s object, to 'ifindex' with 'xp''s flags, where
 * no XDP program is, and finds the object's xskmap.  Returns 0 or a
 * positive errno value. */
static int
afxdp_xdp_attach_prog(struct afxdp_xdp_prog *xp, int ifindex,
                      const struct bpf_program *prog)
{
    int error = -bpf_xdp_attach(ifindex, bpf_program__fd(prog),
                                xp->attach_flags
                                | XDP_FLAGS_UPDATE_IF_NOEXIST, NULL);
    if (!error) {
        xp->map_fd = bpf_map__fd(bpf_object__find_map_by_name(
                                     xp->obj, AFXDP_XSKMAP_NAME));
    }
    return error;
}

/* Opens our object at 'path' and loads program 'prog_name' from it, bound to
 * 'ifindex' if 'dev_bound' (as kernel functions for XDP metadata want),
 * after 'prepare' (if nonnull) has had the object.
 * Returns the object, or NULL with a positive errno value in '*errorp' and
 * a message in '*errp'. */
static struct bpf_object *
afxdp_xdp_load_ours(const char *ifname, int ifindex, const char *path,
                    const char *prog_name, bool dev_bound, uint32_t n_queues,
                    int (*prepare)(struct bpf_object *, char **errp),
                    int *errorp, char **errp)
{
    struct bpf_object *obj = afxdp_xdp_open_object(ifname, path, errorp,
                                                   errp);
    struct bpf_program *prog, *p;

    if (!obj) {
        return NULL;
    }

    prog = bpf_object__find_program_by_name(obj, prog_name);
    if (!prog) {
        *errp = xasprintf("%s: XDP object %s lacks program %s",
                          ifname, path, prog_name);
        *errorp = EINVAL;
        goto error;
    }
    bpf_object__for_each_program (p, obj) {
        bpf_program__set_autoload(p, p == prog);
    }
    if (dev_bound) {
        bpf_program__set_ifindex(prog, ifindex);
        bpf_program__set_flags(prog, bpf_program__flags(prog)
                                     | BPF_F_XDP_DEV_BOUND_ONLY);
    }

    if (!afxdp_xdp_find_xskmap(ifname, path, obj, n_queues, errp)) {
        *errorp = EINVAL;
        goto error;
    }
    if (prepare) {
        *errorp = prepare(obj, errp);
        if (*errorp) {
            goto error;
        }
    }

    *errorp = -bpf_object__load(obj);
    if (*errorp) {
        *errp = xasprintf("%s: cannot load XDP program %s from %s: %s",
                          ifname, prog_name, path, ovs_strerror(*errorp));
        goto error;
    }
    return obj;

error:
    bpf_object__close(obj);
    return NULL;
}

/* Loads our program into '*xp' for 'ifname' (index 'ifindex') and attaches
 * it as 'p' says.  Returns 0 or a positive errno value with a message in
 * '*errp'. */
static int
afxdp_xdp_attach_ours(const char *ifname, int ifindex,
                      const struct afxdp_xdp_prog_params *p,
                      struct afxdp_xdp_prog *xp, char **errp)
{
    const char *name = AFXDP_XDP_PROG_NAME;
    int error;

    if (p->native && p->rx_hash) {
        /* Needs Linux 6.3 or later; on a device that has no RX hash the
         * kernel function just fails, and the program passes no hash. */
        xp->obj = afxdp_xdp_load_ours(ifname, ifindex,
                                      afxdp_xdp_prog_variant_path("-md"),
                                      AFXDP_XDP_PROG_MD_NAME, true,
                                      p->n_queues, NULL, &error, errp);
        if (xp->obj) {
            name = AFXDP_XDP_PROG_MD_NAME;
            xp->rx_hash = true;
        } else {
            VLOG_INFO("%s; the RX hash is not used", *errp);
            free(*errp);
            *errp = NULL;
        }
    } else if (p->offload) {
        /* In generic mode, single-buffer, for the TC program that takes
         * large segments (bpf/afxdp-redirect-offload.bpf.c says why). */
        const char *offload_name = (p->native ? AFXDP_XDP_PROG_OFFLOAD_NAME
                                    : AFXDP_XDP_PROG_OFFLOAD_SB_NAME);
        xp->obj = afxdp_xdp_load_ours(ifname, ifindex,
                                      afxdp_xdp_prog_variant_path("-offload"),
                                      offload_name, false,
                                      p->n_queues, p->offload_prepare,
                                      &error, errp);
        if (xp->obj) {
            name = offload_name;
            xp->offload = true;
        } else {
            VLOG_WARN("%s; no XDP fast path on this port", *errp);
            free(*errp);
            *errp = NULL;
        }
    }
    if (!xp->obj) {
        xp->obj = afxdp_xdp_load_ours(ifname, ifindex, afxdp_xdp_prog_path(),
                                      name, false, p->n_queues, NULL, &error,
                                      errp);
        if (!xp->obj) {
            return error;
        }
    }
    xp->name = xstrdup(name);

    struct bpf_program *prog = bpf_object__find_program_by_name(xp->obj,
                                                                name);
    error = afxdp_xdp_attach_prog(xp, ifindex, prog);
    if (error) {
        *errp = xasprintf("%s: cannot attach XDP program in %s mode: %s",
                          ifname, p->native ? "native" : "generic",
                          ovs_strerror(error));
    }
    return error;
}

/* Opens the object of a user's program 'spec' (PATH[:SECTION]) for device
 * 'ifname', finds the program (SECTION's, or the object's first XDP
 * program) and checks that the object has our xskmap, sized for
 * 'n_queues'.  Returns the object, not loaded, and stores the program in
 * '*progp'; or returns NULL with a positive errno value in '*errorp' and a
 * message in '*errp'. */
static struct bpf_object *
afxdp_xdp_open_user(const char *ifname, const char *spec, uint32_t n_queues,
                    struct bpf_program **progp, int *errorp, char **errp)
{
    char *path = xstrdup(spec);
    char *section = strrchr(path, ':');
    struct bpf_program *prog = NULL, *q;
    struct bpf_object *obj;

    if (section) {
        *section++ = '\0';
    }

    obj = afxdp_xdp_open_object(ifname, path, errorp, errp);
    if (!obj) {
        goto out;
    }
    bpf_object__for_each_program (q, obj) {
        if (bpf_program__type(q) == BPF_PROG_TYPE_XDP
            && (!section || !strcmp(bpf_program__section_name(q), section))) {
            prog = q;
            break;
        }
    }
    if (!prog) {
        *errp = xasprintf("%s: XDP object %s has no XDP program%s%s",
                          ifname, path, section ? " in section " : "",
                          section ? section : "");
    } else if (afxdp_xdp_find_xskmap(ifname, path, obj, n_queues, errp)) {
        /* Only that program: another one in the object, of another type
         * or for another purpose, is none of the port's business. */
        bpf_object__for_each_program (q, obj) {
            bpf_program__set_autoload(q, q == prog);
        }
        *progp = prog;
        goto out;
    }
    *errorp = EINVAL;
    bpf_object__close(obj);
    obj = NULL;

out:
    free(path);
    return obj;
}

/* Checks, without loading anything, that 'spec' (options:xdp-prog) names
 * an XDP program in an object that has our xskmap.  Returns 0, or a
 * positive errno value with a message in '*errp' for the caller to free. */
int
afxdp_xdp_check_user_prog(const char *ifname, const char *spec, char **errp)
{
    struct bpf_program *prog;
    int error = 0;

    *errp = NULL;
    bpf_object__close(afxdp_xdp_open_user(ifname, spec, 1, &prog, &error,
                                          errp));
    return error;
}

/* Loads a user's program, 'p->user_prog' (PATH[:SECTION]), into '*xp' and
 * attaches it, alone on the device, as ours would be.  (Not through
 * libxdp's dispatcher: libxdp 1.3 keeps a program fd open for every
 * program it is given as an object, a leak at every reconfiguration, and
 * its dispatcher does not load on these machines.)  Returns 0 or a
 * positive errno value with a message in '*errp'. */
static int
afxdp_xdp_attach_user(const char *ifname, int ifindex,
                      const struct afxdp_xdp_prog_params *p,
                      struct afxdp_xdp_prog *xp, char **errp)
{
    struct bpf_program *prog;
    int error = 0;

    xp->obj = afxdp_xdp_open_user(ifname, p->user_prog, p->n_queues, &prog,
                                  &error, errp);
    if (!xp->obj) {
        return error;
    }
    xp->name = xstrdup(bpf_program__name(prog));

    error = afxdp_xdp_replace_stale(ifname, ifindex, xp->name, errp);
    if (error) {
        return error;
    }

    error = -bpf_object__load(xp->obj);
    if (error) {
        *errp = xasprintf("%s: cannot load XDP object %s: %s",
                          ifname, p->user_prog, ovs_strerror(error));
        return error;
    }
    error = afxdp_xdp_attach_prog(xp, ifindex, prog);
    if (error) {
        *errp = xasprintf("%s: cannot attach XDP program %s of %s in %s "
                          "mode: %s", ifname, xp->name, p->user_prog,
                          p->native ? "native" : "generic",
                          ovs_strerror(error));
    }
    return error;
}

/* Frees 'xp' and what it loaded, without detaching anything. */
static void
afxdp_xdp_prog_free(struct afxdp_xdp_prog *xp)
{
    bpf_object__close(xp->obj);
    free(xp->name);
    free(xp);
}

/* Loads the XDP program for 'ifname' (index 'ifindex') as 'p' says, with
 * an xskmap of 'p->n_queues' entries, and attaches it.  A program left on
 * the device by a daemon that was killed is replaced; any other program is
 * left alone and reported as an error.  On success stores the attached
 * program in '*progp' and returns 0; on failure returns a positive errno
 * value and stores a message in '*errp' for the caller to free. */
int
afxdp_xdp_prog_attach(const char *ifname, int ifindex,
                      const struct afxdp_xdp_prog_params *p,
                      struct afxdp_xdp_prog **progp, char **errp)
{
    struct afxdp_xdp_prog *xp;
    int error;

    *progp = NULL;
    *errp = NULL;

    xp = xzalloc(sizeof *xp);
    xp->ifindex = ifindex;
    xp->attach_flags = p->native ? XDP_FLAGS_DRV_MODE : XDP_FLAGS_SKB_MODE;
    if (p->user_prog) {
        error = afxdp_xdp_attach_user(ifname, ifindex, p, xp, errp);
    } else {
        error = afxdp_xdp_replace_stale(ifname, ifindex, NULL, errp);
        if (!error) {
            error = afxdp_xdp_attach_ours(ifname, ifindex, p, xp, errp);
        }
    }
    if (error) {
        afxdp_xdp_prog_free(xp);
        return error;
    }

    bpf_xdp_query_id(ifindex, xp->attach_flags, &xp->prog_id);
    *progp = xp;
    VLOG_DBG("%s: attached XDP program %s, device's program id %"PRIu32,
             ifname, xp->name, xp->prog_id);
    return 0;
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

/* Returns the kernel's id for the program on 'prog''s device. */
uint32_t
afxdp_xdp_prog_id(const struct afxdp_xdp_prog *prog)
{
    return prog->prog_id;
}

/* Returns the name of 'prog', ours or the user's. */
const char *
afxdp_xdp_prog_name(const struct afxdp_xdp_prog *prog)
{
    return prog->name;
}

/* Returns true if 'prog' puts the device's RX hash in XDP metadata. */
bool
afxdp_xdp_prog_rx_hash(const struct afxdp_xdp_prog *prog)
{
    return prog->rx_hash;
}

/* Returns the object of 'prog' if it is our program with the XDP fast path
 * (lib/afxdp-offload.h), otherwise NULL. */
struct bpf_object *
afxdp_xdp_prog_fast_path_object(const struct afxdp_xdp_prog *prog)
{
    return prog->offload ? prog->obj : NULL;
}

/* Detaches 'prog' from its device, if it is still there, and frees it with
 * its map.  Accepts NULL. */
void
afxdp_xdp_prog_detach(struct afxdp_xdp_prog *prog)
{
    int error;

    if (!prog) {
        return;
    }

    LIBBPF_OPTS(bpf_xdp_attach_opts, opts,
                .old_prog_fd = bpf_program__fd(
                    bpf_object__find_program_by_name(prog->obj,
                                                     prog->name)));
    error = bpf_xdp_detach(prog->ifindex,
                           prog->attach_flags | XDP_FLAGS_REPLACE, &opts);
    if (error && error != -ENODEV && error != -EEXIST) {
        VLOG_DBG("ifindex %d: detaching XDP program id %"PRIu32": %s",
                 prog->ifindex, prog->prog_id, ovs_strerror(-error));
    }
    afxdp_xdp_prog_free(prog);
}

/* Detaches the XDP program on 'ifindex' if it is one of ours or has id
 * 'prog_id' (if nonzero).  For paths that cannot use the full object, such
 * as fatal signal hooks. */
void
afxdp_xdp_detach_if_ours(int ifindex, uint32_t prog_id)
{
    uint32_t id, flags;

    if (ifindex > 0
        && (afxdp_xdp_query(ifindex, NULL, &id, &flags, NULL)
            || (prog_id && id == prog_id))) {
        afxdp_xdp_detach_id(ifindex, flags, id);
    }
}
