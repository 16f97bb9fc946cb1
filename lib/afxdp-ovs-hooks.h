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

#ifndef AFXDP_OVS_HOOKS_H
#define AFXDP_OVS_HOOKS_H 1

#include <stdbool.h>

/* Where ovs-afxdp leans on Open vSwitch beyond the provider contract: the
 * main loop's hooks, waking the bridge, ofproto-dpif's revalidation
 * counters, and Open vSwitch's tc flow API provider.
 *
 * The main loop's hooks.  Open vSwitch gives a netdev provider no call in
 * the main thread's loop except its class's run() and wait(), which
 * netdev_run() and netdev_wait() make for every registered class.  The
 * afxdp classes are Open vSwitch's (lib/netdev-linux.c fills their run()
 * and wait() with netdev-linux's), so a class of our own, of a type no port
 * can have ("afxdp-main-loop"), carries the hooks below.  Each runs in the
 * main thread, once a pass of its loop. */

/* Called from netdev_run(), in the main thread. */
typedef void afxdp_main_loop_run_func(void);

/* Called from netdev_wait(): arranges for the main loop to wake when the
 * hook has work (poll_timer_wait_until() and the like). */
typedef void afxdp_main_loop_wait_func(void);

/* Adds a hook, once per 'run' (a second call with the same 'run' does
 * nothing).  Main thread only, and never from within netdev_register_
 * provider() (a class's init()), whose lock registering takes. */
void afxdp_main_loop_add(afxdp_main_loop_run_func *run,
                         afxdp_main_loop_wait_func *wait);

/* Wakes the bridge: it reconfigures in the main loop's next pass, as after
 * a change in the database or of a device, and so tries again the
 * interfaces it could not set up.  Any thread. */
void afxdp_wake_bridge(void);

/* Revalidations.  Open vSwitch tells no provider that one starts, but
 * ofproto-dpif counts each, by cause, in coverage counters of the main
 * thread (rev_flow_table, rev_mac_learning...), read here through weak
 * references (a program without ofproto-dpif has none).  Returns the name
 * of a counter that grew since the last call, or NULL; '*only_macs' tells
 * whether rev_mac_learning was the only one.  Main thread only. */
const char *afxdp_revalidation_started(bool *only_macs);

#endif /* afxdp-ovs-hooks.h */
