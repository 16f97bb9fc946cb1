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

#include "afxdp-fault.h"

#include "openvswitch/util.h"
#include "openvswitch/vlog.h"
#include "ovs-atomic.h"
#include "timeval.h"
#include "util.h"

VLOG_DEFINE_THIS_MODULE(afxdp_fault);

static atomic_uint delays[AFXDP_FAULT_N_POINTS];
static atomic_bool show_waiting;    /* A show waits at AFXDP_FAULT_SHOW. */
static atomic_bool close_went_on;   /* A close went on while it waited. */

/* Waits, quiescent, until '*flag' is true, 'msec' milliseconds at most.
 * Returns '*flag'. */
static bool
wait_for(atomic_bool *flag, unsigned int msec)
{
    long long int deadline = time_msec() + msec;

    for (;;) {
        bool set;

        atomic_read(flag, &set);
        if (set || time_msec() >= deadline) {
            return set;
        }
        xnanosleep(10 * 1000000ULL);
    }
}

/* Returns the name "ovs-appctl netdev-afxdp/fault-delay" knows 'point'
 * by. */
const char *
afxdp_fault_point_name(enum afxdp_fault_point point)
{
    switch (point) {
    case AFXDP_FAULT_SHOW:
        return "show";
    case AFXDP_FAULT_CLOSE:
        return "close";
    case AFXDP_FAULT_N_POINTS:
    default:
        OVS_NOT_REACHED();
    }
}

/* Makes every later pass through 'point' wait, 'msec' milliseconds at most
 * (0: not at all). */
void
afxdp_fault_set_delay(enum afxdp_fault_point point, unsigned int msec)
{
    atomic_store_relaxed(&delays[point], msec);
    VLOG_INFO("fault injection: %s waits %u ms at most",
              afxdp_fault_point_name(point), msec);
}

/* Waits at 'point' as its delay says (lib/afxdp-fault.h), quiescent,
 * logging it with 'port''s name. */
void
afxdp_fault_delay(enum afxdp_fault_point point, const char *port)
{
    const char *name = afxdp_fault_point_name(point);
    unsigned int msec;

    atomic_read_relaxed(&delays[point], &msec);
    if (!msec) {
        return;
    }
    VLOG_INFO("%s: fault injection: %s waits for a %s, %u ms at most", port,
              name, point == AFXDP_FAULT_SHOW ? "close" : "show", msec);
    if (point == AFXDP_FAULT_SHOW) {
        atomic_store(&close_went_on, false);
        atomic_store(&show_waiting, true);
        if (wait_for(&close_went_on, msec)) {
            /* Time for the close to run its course, or to block on what
             * the show holds. */
            xnanosleep(500 * 1000000ULL);
        }
        atomic_store(&show_waiting, false);
        VLOG_INFO("%s: fault injection: %s goes on", port, name);
    } else {
        bool waiting = wait_for(&show_waiting, msec);

        if (waiting) {
            atomic_store(&close_went_on, true);
        }
        VLOG_INFO("%s: fault injection: %s goes on, %s", port, name,
                  waiting ? "a show waits" : "no show came");
    }
}
