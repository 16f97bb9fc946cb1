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
#include "afxdp-offload-counters.h"
#include <bpf/bpf.h>
#include <errno.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include "afxdp-offload-maps.h"
#include "dpif.h"
#include "id-pool.h"
#include "openvswitch/vlog.h"
#include "timeval.h"
#include "util.h"

VLOG_DEFINE_THIS_MODULE(afxdp_offload_counters);

BUILD_ASSERT_DECL(sizeof(struct afxdp_offload_counter) == 32);

void
afxdp_counters_init(struct afxdp_counters *c, int fd)
{
    size_t size = ROUND_UP(AFXDP_OFFLOAD_MAX_COUNTERS
                           * sizeof(struct afxdp_offload_counter),
                           get_page_size());
    void *mem = mmap(NULL, size, PROT_READ, MAP_SHARED, fd, 0);

    c->fd = fd;
    c->mem = mem != MAP_FAILED ? mem : NULL;
    if (!c->mem) {
        VLOG_WARN("the XDP fast path's counters cannot be mapped (%s): each "
                  "read of a flow's counts is a system call",
                  ovs_strerror(errno));
    }
    c->free_ids = id_pool_create(0, AFXDP_OFFLOAD_MAX_COUNTERS);
    c->resting = xcalloc(AFXDP_OFFLOAD_MAX_COUNTERS, sizeof *c->resting);
    c->freed_at = xcalloc(AFXDP_OFFLOAD_MAX_COUNTERS, sizeof *c->freed_at);
    c->head = c->n_resting = 0;
}

/* Makes the indexes that rested long enough free again. */
static void
wake_rested(struct afxdp_counters *c)
{
    long long int now = time_msec();

    while (c->n_resting
           && now - c->freed_at[c->head] >= AFXDP_COUNTER_REUSE_MSEC) {
        id_pool_free_id(c->free_ids, c->resting[c->head]);
        c->head = (c->head + 1) % AFXDP_OFFLOAD_MAX_COUNTERS;
        c->n_resting--;
    }
}

bool
afxdp_counters_alloc(struct afxdp_counters *c, uint32_t *index)
{
    static const struct afxdp_offload_counter zero;

    wake_rested(c);
    if (!id_pool_alloc_id(c->free_ids, index)) {
        return false;
    }
    if (bpf_map_update_elem(c->fd, index, &zero, BPF_ANY)) {
        id_pool_free_id(c->free_ids, *index);
        return false;
    }
    return true;
}

void
afxdp_counters_free(struct afxdp_counters *c, uint32_t index)
{
    uint32_t tail = (c->head + c->n_resting) % AFXDP_OFFLOAD_MAX_COUNTERS;

    /* Every index is either taken, free or resting once: the ring cannot
     * overflow. */
    ovs_assert(c->n_resting < AFXDP_OFFLOAD_MAX_COUNTERS);
    c->resting[tail] = index;
    c->freed_at[tail] = time_msec();
    c->n_resting++;
}

/* Converts 'ns', a bpf_ktime_get_coarse_ns() time (CLOCK_MONOTONIC, a tick
 * behind at most), to time_msec()'s scale. */
static long long int
ktime_to_msec(uint64_t ns)
{
    struct timespec now;

    if (!ns || clock_gettime(CLOCK_MONOTONIC, &now)) {
        return 0;
    }
    uint64_t now_ns = now.tv_sec * 1000000000ULL + now.tv_nsec;
    long long int ago = now_ns > ns ? (now_ns - ns) / 1000000 : 0;
    return time_msec() - ago;
}

void
afxdp_counters_read(const struct afxdp_counters *c, uint32_t index,
                    struct dpif_flow_stats *stats)
{
    struct afxdp_offload_counter v;

    if (c->mem && index < AFXDP_OFFLOAD_MAX_COUNTERS) {
        /* The program adds to the counters atomically, word by word: each
         * 64-bit read sees a whole value. */
        const struct afxdp_offload_counter *m = &c->mem[index];

        v.packets = __atomic_load_n(&m->packets, __ATOMIC_RELAXED);
        v.bytes = __atomic_load_n(&m->bytes, __ATOMIC_RELAXED);
        v.used_ns = __atomic_load_n(&m->used_ns, __ATOMIC_RELAXED);
        v.tcp_flags = __atomic_load_n(&m->tcp_flags, __ATOMIC_RELAXED);
    } else if (bpf_map_lookup_elem(c->fd, &index, &v)) {
        return;
    }
    stats->n_packets += v.packets;
    stats->n_bytes += v.bytes;
    if (v.used_ns) {
        stats->used = MAX(stats->used, ktime_to_msec(v.used_ns));
    }
    stats->tcp_flags |= v.tcp_flags;
}
