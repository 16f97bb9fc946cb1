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
#include "afxdp-offload-reval.h"
#include <limits.h>
#include <string.h>
#include "afxdp-offload.h"
#include "afxdp-offload-maps.h"
#include "afxdp-ovs-hooks.h"
#include "coverage.h"
#include "openvswitch/poll-loop.h"
#include "openvswitch/vlog.h"
#include "util.h"

VLOG_DEFINE_THIS_MODULE(afxdp_offload_reval);

/* ofproto-dpif's counters of revalidations, one per cause.  Weak: a
 * program without ofproto-dpif has none. */
#define REVAL_COUNTERS                          \
    REVAL_COUNTER(rev_reconfigure)              \
    REVAL_COUNTER(rev_stp)                      \
    REVAL_COUNTER(rev_rstp)                     \
    REVAL_COUNTER(rev_bond)                     \
    REVAL_COUNTER(rev_port_toggled)             \
    REVAL_COUNTER(rev_flow_table)               \
    REVAL_COUNTER(rev_mac_learning)             \
    REVAL_COUNTER(rev_mcast_snooping)
#define REVAL_COUNTER(NAME) \
    extern struct coverage_counter counter_##NAME __attribute__((weak));
REVAL_COUNTERS
#undef REVAL_COUNTER

/* Main thread only: each counter's total at the last call. */
#define REVAL_COUNTER(NAME) static unsigned long long int seen_##NAME;
REVAL_COUNTERS
#undef REVAL_COUNTER

/* Returns the name of a counter of ofproto-dpif's revalidations that grew
 * since the last call (the cause of a revalidation that started), or NULL
 * if none did.  Sets '*only_macs' to true if the only one that grew is
 * rev_mac_learning.  Must run in the main thread, which is the one that counts
 * them.
 *
 * A counter's 'total' takes in the main thread's counts when the thread
 * calls coverage_clear(), at most once a second (and the main thread may
 * have done so between the count and this call: xlate_txn_commit() blocks
 * in a poll loop).  So this takes the main thread's own count (which zeroes
 * it), adds it to 'total' itself, as coverage_clear() would have, and
 * compares each total with the last one.  Only the main thread makes a
 * 'total' grow.  The add is atomic but not under coverage.c's lock: if
 * another thread's coverage_clear() rewrote the same 'total' at that
 * instant, a count could go missing from coverage/show, never from here
 * (a count taken is a start, whatever the totals say). */
static const char *
revalidation_started(bool *only_macs)
{
    const char *cause = NULL;
    int n_grew = 0;
    bool macs = false;

#define REVAL_COUNTER(NAME)                                             \
    if (&counter_##NAME) {                                              \
        unsigned int n = counter_##NAME.count();                        \
                                                                        \
        if (n) {                                                        \
            __atomic_fetch_add(&counter_##NAME.total, n,                \
                               __ATOMIC_RELAXED);                       \
        }                                                               \
        unsigned long long int total                                    \
            = __atomic_load_n(&counter_##NAME.total, __ATOMIC_RELAXED); \
        if (n || total != seen_##NAME) {                                \
            cause = cause ? cause : #NAME;                              \
            n_grew++;                                                   \
            macs = macs || !strcmp(#NAME, "rev_mac_learning");          \
        }                                                               \
        seen_##NAME = total;                                            \
    }
    REVAL_COUNTERS
#undef REVAL_COUNTER

    *only_macs = n_grew == 1 && macs;
    return cause;
}

/* Main thread only: when reval_watch_run() must run again, to step the
 * fast path back in. */
static long long int reval_next_run = LLONG_MAX;

/* In the main thread's loop (netdev_run()), after bridge_run(): steps the
 * fast path aside if a revalidation started since the last call, and back
 * in once its changes are in. */
static void
reval_watch_run(void)
{
    bool only_macs;
    const char *cause = revalidation_started(&only_macs);

    if (cause && afxdp_offload_active()) {
        afxdp_offload_step_aside(only_macs ? AFXDP_FLOW_MACS
                                 : AFXDP_OFFLOAD_ASIDE_ALL, cause);
    }
    reval_next_run = afxdp_offload_aside_run();
}

/* Wakes the main loop when the fast path may step back in. */
static void
reval_watch_wait(void)
{
    if (reval_next_run != LLONG_MAX) {
        poll_timer_wait_until(reval_next_run);
    }
}

/* Starts the watch, once: called in the main thread when a port's fast
 * path first starts. */
void
afxdp_offload_reval_watch_start(void)
{
    static bool started;

    if (!started) {
        started = true;
        bool only_macs;

        revalidation_started(&only_macs);
        afxdp_main_loop_add(reval_watch_run, reval_watch_wait);
    }
}
