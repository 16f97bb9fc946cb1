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

#ifndef AFXDP_RETRY_H
#define AFXDP_RETRY_H 1

/* Ports whose set-up failed, tried again with backoff.
 *
 * When a port's reconfigure fails, dpif-netdev drops the port, its netdev
 * goes away, and the bridge adds the port again as soon as anything wakes
 * it (our own XDP attach and detach do, through rtnetlink), which would
 * fail again at once, forever.  So a failure outlives the netdev: until
 * its retry time, set_config refuses the same options on the same device
 * at once, with the reason and when it tries again, which the bridge puts
 * in the Interface's error column, and touches nothing.  At the retry time
 * a main-loop hook wakes the bridge, which adds the port again: set-up is
 * tried once more.  The wait doubles after each failure in a row, from
 * AFXDP_RETRY_FIRST_MSEC to AFXDP_RETRY_MAX_MSEC; other options, or a
 * success, start again from the first.  A failure whose device nobody
 * tries again (the port left the database) is forgotten soon after its
 * retry time. */

#include "afxdp-options.h"

#define AFXDP_RETRY_FIRST_MSEC 1000
#define AFXDP_RETRY_MAX_MSEC 64000

/* Remembers that 'opts' failed to set up device 'name' because of 'error'
 * (a copy is kept) and schedules the next try.  Wakes the bridge, so that
 * the reason reaches the error column at once.  Any thread. */
void afxdp_retry_failed(const char *name, const struct afxdp_options *opts,
                        const char *error);

/* Forgets any failure of device 'name': its set-up succeeded. */
void afxdp_retry_succeeded(const char *name);

/* If 'opts' failed to set up device 'name' and its retry time has not
 * come, returns the reason and when it is tried again, for the caller to
 * free; else NULL. */
char *afxdp_retry_pending(const char *name, const struct afxdp_options *opts);

#endif /* afxdp-retry.h */
