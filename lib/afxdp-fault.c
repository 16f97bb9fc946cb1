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

/* Makes every later pass through 'point' wait 'msec' milliseconds (0: not
 * at all). */
void
afxdp_fault_set_delay(enum afxdp_fault_point point, unsigned int msec)
{
    atomic_store_relaxed(&delays[point], msec);
    VLOG_INFO("fault injection: %s waits %u ms", afxdp_fault_point_name(point),
              msec);
}

/* Waits at 'point' as its delay says (lib/afxdp-fault.h), quiescent,
 * logging it with 'port''s name. */
void
afxdp_fault_delay(enum afxdp_fault_point point, const char *port)
{
    unsigned int msec;

    atomic_read_relaxed(&delays[point], &msec);
    if (!msec) {
        return;
    }
    VLOG_INFO("%s: fault injection: %s waits%s %u ms", port,
              afxdp_fault_point_name(point),
              point == AFXDP_FAULT_CLOSE ? " for a show, at most" : "", msec);
    if (point == AFXDP_FAULT_SHOW) {
        atomic_store(&show_waiting, true);
        xnanosleep(msec * 1000000ULL);
        atomic_store(&show_waiting, false);
    } else {
        long long int deadline = time_msec() + msec;
        bool waiting;

        atomic_read(&show_waiting, &waiting);
        while (!waiting && time_msec() < deadline) {
            xnanosleep(10 * 1000000ULL);
            atomic_read(&show_waiting, &waiting);
        }
        VLOG_INFO("%s: fault injection: %s goes on, %s", port,
                  afxdp_fault_point_name(point),
                  waiting ? "a show waits" : "no show came");
    }
}
