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
#include "afxdp-retry.h"
#include <limits.h>
#include "afxdp-ovs-hooks.h"
#include "coverage.h"
#include "openvswitch/poll-loop.h"
#include "openvswitch/shash.h"
#include "openvswitch/vlog.h"
#include "ovs-thread.h"
#include "timeval.h"
#include "util.h"

VLOG_DEFINE_THIS_MODULE(afxdp_retry);

COVERAGE_DEFINE(afxdp_setup_retry);

/* A failure is forgotten this long after its retry time if no set-up of
 * its device failed again (nobody tried, or the try got further). */
#define FORGET_MSEC 5000

struct afxdp_failure {
    struct afxdp_options opts;
    char *error;
    unsigned int n_failures;        /* In a row, with 'opts'. */
    long long int delay;            /* Milliseconds from failure to retry. */
    long long int retry_at;         /* time_msec() of the next try. */
    bool woken;                     /* The bridge was woken for it. */
};

static struct ovs_mutex retry_mutex = OVS_MUTEX_INITIALIZER;
static struct shash failures OVS_GUARDED_BY(retry_mutex)
    = SHASH_INITIALIZER(&failures);

static void retry_run(void);
static void retry_wait(void);

static void
failure_free(struct afxdp_failure *f)
{
    if (f) {
        free(f->error);
        free(f);
    }
}

void
afxdp_retry_failed(const char *name, const struct afxdp_options *opts,
                   const char *error)
{
    ovs_mutex_lock(&retry_mutex);
    struct afxdp_failure *old = shash_find_and_delete(&failures, name);
    struct afxdp_failure *f = xzalloc(sizeof *f);

    f->opts = *opts;
    f->error = xstrdup(error);
    f->n_failures = 1;
    f->delay = AFXDP_RETRY_FIRST_MSEC;
    if (old && afxdp_options_equal(&old->opts, opts)) {
        f->n_failures = old->n_failures + 1;
        f->delay = MIN(old->delay * 2, AFXDP_RETRY_MAX_MSEC);
    }
    f->retry_at = time_msec() + f->delay;
    unsigned int n_failures = f->n_failures;
    long long int delay = f->delay;
    shash_add(&failures, name, f);
    failure_free(old);
    ovs_mutex_unlock(&retry_mutex);

    VLOG_INFO("%s: set-up failed (%u in a row): trying again in %lld ms",
              name, n_failures, delay);
    afxdp_main_loop_add(retry_run, retry_wait);
    afxdp_wake_bridge();
}

void
afxdp_retry_succeeded(const char *name)
{
    ovs_mutex_lock(&retry_mutex);
    failure_free(shash_find_and_delete(&failures, name));
    ovs_mutex_unlock(&retry_mutex);
}

char *
afxdp_retry_pending(const char *name, const struct afxdp_options *opts)
{
    char *error = NULL;

    ovs_mutex_lock(&retry_mutex);
    struct afxdp_failure *f = shash_find_data(&failures, name);
    long long int now = time_msec();
    if (f && now < f->retry_at && afxdp_options_equal(opts, &f->opts)) {
        long long int secs = (f->retry_at - now + 999) / 1000;

        error = xasprintf("%s (failed %u time%s; trying again in %lld s)",
                          f->error, f->n_failures,
                          f->n_failures > 1 ? "s" : "", secs);
    }
    ovs_mutex_unlock(&retry_mutex);
    return error;
}

/* Main loop: wakes the bridge for each failure whose retry time has come,
 * once; forgets failures nobody tried again. */
static void
retry_run(void)
{
    long long int now = time_msec();
    struct shash_node *node;
    bool wake = false;

    ovs_mutex_lock(&retry_mutex);
    SHASH_FOR_EACH_SAFE (node, &failures) {
        struct afxdp_failure *f = node->data;

        if (!f->woken && now >= f->retry_at) {
            f->woken = true;
            wake = true;
            COVERAGE_INC(afxdp_setup_retry);
            VLOG_INFO("%s: trying the set-up again", node->name);
        } else if (f->woken && now >= f->retry_at + FORGET_MSEC) {
            failure_free(f);
            shash_delete(&failures, node);
        }
    }
    ovs_mutex_unlock(&retry_mutex);

    if (wake) {
        afxdp_wake_bridge();
    }
}

static void
retry_wait(void)
{
    long long int when = LLONG_MAX;
    struct shash_node *node;

    ovs_mutex_lock(&retry_mutex);
    SHASH_FOR_EACH (node, &failures) {
        const struct afxdp_failure *f = node->data;

        when = MIN(when, f->retry_at + (f->woken ? FORGET_MSEC : 0));
    }
    ovs_mutex_unlock(&retry_mutex);
    if (when != LLONG_MAX) {
        poll_timer_wait_until(when);
    }
}
