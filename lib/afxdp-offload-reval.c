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
    const char *cause = afxdp_revalidation_started(&only_macs);

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

        afxdp_revalidation_started(&only_macs);
        afxdp_main_loop_add(reval_watch_run, reval_watch_wait);
    }
}
