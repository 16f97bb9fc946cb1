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

#ifndef AFXDP_OFFLOAD_COUNTERS_H
#define AFXDP_OFFLOAD_COUNTERS_H 1

/* The XDP fast path's flow counters: the shared map 'offload_counters'
 * (lib/afxdp-offload-maps.h), which index each flow counts at, and reading
 * them.
 *
 * A flow gets an index when dpif-netdev offloads it and keeps it until the
 * flow is forgotten, however often its entry goes into the maps, changes
 * actions or comes out: its counts are what its counter holds, never read
 * and written back.  A freed index is not given out again for
 * AFXDP_COUNTER_REUSE_MSEC, far longer than a program run (an RCU read
 * section), since a program that found the flow's entry just before it
 * was deleted may still count in it; it is zeroed when given out.
 *
 * Not thread-safe: the fast path calls these under its mutex. */

#include <stdbool.h>
#include <stdint.h>

struct dpif_flow_stats;

#define AFXDP_COUNTER_REUSE_MSEC 100

struct afxdp_counters {
    int fd;                     /* 'offload_counters'. */
    const struct afxdp_offload_counter *mem; /* 'fd' mapped (the map has
                                              * BPF_F_MMAPABLE), or NULL:
                                              * reads need no system call,
                                              * which counts with 100,000
                                              * flows. */
    struct id_pool *free_ids;   /* Indexes ready to be given out. */
    uint32_t *resting;          /* Freed indexes, oldest first (a ring of
                                 * AFXDP_OFFLOAD_MAX_COUNTERS)... */
    long long int *freed_at;    /* ...and when each was freed. */
    uint32_t head, n_resting;
};

/* Makes '*c' give out the indexes of map 'fd' (which the caller keeps
 * open for as long as '*c' is used) and, if the map can be mapped, read
 * the counters from its memory (mapped for good: the map lives as long as
 * the process). */
void afxdp_counters_init(struct afxdp_counters *c, int fd);

/* Stores in '*index' a zeroed counter for a new flow and returns true, or
 * returns false if none is free (all are taken or resting). */
bool afxdp_counters_alloc(struct afxdp_counters *c, uint32_t *index);

/* Gives back the counter at 'index', which its flow no longer uses. */
void afxdp_counters_free(struct afxdp_counters *c, uint32_t index);

/* Adds what the counter at 'index' holds to '*stats' (packets, bytes, the
 * TCP flags; 'used' is the later of the two). */
void afxdp_counters_read(const struct afxdp_counters *c, uint32_t index,
                         struct dpif_flow_stats *stats);

#endif /* afxdp-offload-counters.h */
