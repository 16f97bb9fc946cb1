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
