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
#include "afxdp-ovs-hooks.h"
#include <errno.h>
#include <string.h>
#include "coverage.h"
#include "if-notifier.h"
#include "netdev-provider.h"
#include "openvswitch/vlog.h"
#include "ovs-thread.h"
#include "util.h"

VLOG_DEFINE_THIS_MODULE(afxdp_ovs_hooks);

struct main_loop_hook {
    afxdp_main_loop_run_func *run;
    afxdp_main_loop_wait_func *wait;
};

/* Main thread only.  Written before the class is registered, or by the
 * main thread between passes of its loop, never while netdev_run() or
 * netdev_wait() reads them. */
#define MAX_HOOKS 4
static struct main_loop_hook hooks[MAX_HOOKS];
static size_t n_hooks;

static void
main_loop_run(const struct netdev_class *class OVS_UNUSED)
{
    for (size_t i = 0; i < n_hooks; i++) {
        hooks[i].run();
    }
}

static void
main_loop_wait(const struct netdev_class *class OVS_UNUSED)
{
    for (size_t i = 0; i < n_hooks; i++) {
        hooks[i].wait();
    }
}

/* No port has this type: opening one fails with a clear message.  The
 * netdev that netdev_open() allocates before construct() fails, and frees
 * after, is a bare struct netdev; none is ever constructed, so the class
 * needs no destruct(). */
static struct netdev *
main_loop_alloc(void)
{
    return xzalloc(sizeof(struct netdev));
}

static int
main_loop_construct(struct netdev *netdev)
{
    VLOG_WARN("%s: type %s is internal to ovs-afxdp, not a port type",
              netdev_get_name(netdev), netdev_get_type(netdev));
    return EOPNOTSUPP;
}

static void
main_loop_dealloc(struct netdev *netdev)
{
    free(netdev);
}

void
afxdp_main_loop_add(afxdp_main_loop_run_func *run,
                    afxdp_main_loop_wait_func *wait)
{
    static struct ovsthread_once once = OVSTHREAD_ONCE_INITIALIZER;
    static struct netdev_class class;

    for (size_t i = 0; i < n_hooks; i++) {
        if (hooks[i].run == run) {
            return;
        }
    }
    ovs_assert(n_hooks < MAX_HOOKS);
    hooks[n_hooks++] = (struct main_loop_hook) { run, wait };

    if (ovsthread_once_start(&once)) {
        /* Nothing but the main loop's hooks, and the three callbacks that
         * netdev_open() needs to refuse a port. */
        class.type = "afxdp-main-loop";
        class.run = main_loop_run;
        class.wait = main_loop_wait;
        class.alloc = main_loop_alloc;
        class.construct = main_loop_construct;
        class.dealloc = main_loop_dealloc;
        netdev_register_provider(&class);
        ovsthread_once_done(&once);
    }
}

void
afxdp_wake_bridge(void)
{
    /* The bridge's callback for devices that come and go without
     * rtnetlink (ovs-vswitchd's bridge.c sets it; a program without a
     * bridge has none, and this does nothing). */
    if_notifier_manual_report();
}

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
 * rev_mac_learning.  Must run in the main thread, which is the one that
 * counts them.
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
const char *
afxdp_revalidation_started(bool *only_macs)
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
