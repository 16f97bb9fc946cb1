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
#ifndef AFXDP_FAULT_H
#define AFXDP_FAULT_H 1

/* Fault injection by delay, for tests that force a schedule: a thread is
 * made to wait at a named point, so that another thread's work falls into
 * that window every time instead of once in a while.  Set by
 * "ovs-appctl netdev-afxdp/fault-delay POINT MSEC" (0 turns it off); off
 * unless a test sets it.  A thread waits quiescent (RCU callbacks run
 * meanwhile). */

#include <stdbool.h>

enum afxdp_fault_point {
    /* netdev-afxdp/show, once it has found each port and before it reads
     * it, holding what keeps the port alive (no writer of the ports' map
     * runs meanwhile), waits until a close goes on at AFXDP_FAULT_CLOSE,
     * MSEC at most, and then 500 ms more. */
    AFXDP_FAULT_SHOW,
    /* The XDP fast path's dpif-offload class (Open vSwitch 3.7 and later),
     * in the RCU thread, before it closes a deleted port's netdev (the
     * last reference: the port is destructed then, in that thread), waits
     * until a show waits at AFXDP_FAULT_SHOW, MSEC at most. */
    AFXDP_FAULT_CLOSE,
    AFXDP_FAULT_N_POINTS
};

/* Thread-safe.  afxdp_fault_delay() quiesces: its caller must hold no
 * RCU-protected pointer that nothing else keeps alive. */
const char *afxdp_fault_point_name(enum afxdp_fault_point);
void afxdp_fault_set_delay(enum afxdp_fault_point, unsigned int msec);
void afxdp_fault_delay(enum afxdp_fault_point, const char *port);

#endif /* afxdp-fault.h */
