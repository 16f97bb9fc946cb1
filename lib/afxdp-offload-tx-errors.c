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
#include "afxdp-offload-tx-errors.h"
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <errno.h>
#include "afxdp-offload-maps.h"
#include "afxdp-xdp-prog.h"
#include "util.h"

/* The object and its links: kept open for the daemon's life (the kernel
 * detaches the programs when the daemon exits and the links close). */
#define MAX_LINKS 2
static struct bpf_object *errors_obj;
static struct bpf_link *errors_links[MAX_LINKS];

int
afxdp_offload_tx_errors_start(int stats_fd, int slot_of_fd, char **errp)
{
    const char *path = afxdp_xdp_prog_variant_path("-errors");
    static const char *names[] = { AFXDP_OFFLOAD_PORT_STATS_MAP,
                                   AFXDP_OFFLOAD_SLOT_OF_MAP };
    int fds[] = { stats_fd, slot_of_fd };
    struct bpf_program *prog;
    struct bpf_object *obj;
    const char *what;
    size_t n_links = 0;
    int error = 0;

    ovs_assert(!errors_obj);
    obj = bpf_object__open_file(path, NULL);
    if (!obj) {
        error = errno;
        what = "cannot open";
        goto fail;
    }
    for (size_t i = 0; i < ARRAY_SIZE(names); i++) {
        struct bpf_map *map = bpf_object__find_map_by_name(obj, names[i]);

        error = map ? -bpf_map__reuse_fd(map, fds[i]) : ENOENT;
        if (error) {
            what = "cannot share its maps";
            goto fail;
        }
    }
    error = -bpf_object__load(obj);
    if (error) {
        what = "cannot load";
        goto fail;
    }
    bpf_object__for_each_program (prog, obj) {
        struct bpf_link *link = (n_links < MAX_LINKS
                                 ? bpf_program__attach(prog) : NULL);
        if (!link) {
            error = n_links < MAX_LINKS ? errno : E2BIG;
            what = "cannot attach to its tracepoint";
            goto fail;
        }
        errors_links[n_links++] = link;
    }
    errors_obj = obj;
    return 0;

fail:
    while (n_links > 0) {
        bpf_link__destroy(errors_links[--n_links]);
        errors_links[n_links] = NULL;
    }
    bpf_object__close(obj);
    error = error ? error : EINVAL;
    *errp = xasprintf("%s: %s: %s", path, what, ovs_strerror(error));
    return error;
}
