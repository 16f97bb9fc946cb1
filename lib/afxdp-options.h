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

#ifndef AFXDP_OPTIONS_H
#define AFXDP_OPTIONS_H 1

/* The Interface options:* that an afxdp port accepts, parsed and checked
 * without touching the device, so that bad values are refused with a clear
 * message before anything is set up.  Documentation/howto/afxdp-options.rst
 * lists them for users. */

#include <stdbool.h>
#include <stdint.h>
#include "netdev-afxdp.h"

struct smap;

/* Defaults and limits of the umem and ring geometry options. */
#define AFXDP_DEFAULT_FRAMES 4096
#define AFXDP_DEFAULT_FRAME_SIZE 4096
#define AFXDP_DEFAULT_RING_SIZE 2048
#define AFXDP_MIN_RING_SIZE 64
#define AFXDP_MAX_RING_SIZE 32768
#define AFXDP_MAX_FRAMES 262144
#define AFXDP_MAX_BUSY_POLL_USECS 10000
#define AFXDP_DEFAULT_BUSY_POLL_BUDGET 64
#define AFXDP_MAX_BUSY_POLL_BUDGET 1024
#define AFXDP_MAX_XDP_PROG_LEN 255
#define AFXDP_MAX_MULTI_BUFFER_MTU 9216

struct afxdp_options {
    int n_rxq;                  /* options:n_rxq, default 1. */
    enum afxdp_mode mode;       /* options:xdp-mode, default best-effort. */
    bool need_wakeup;           /* options:use-need-wakeup, default true. */
    uint32_t n_frames;          /* options:umem-frames, per queue. */
    uint32_t frame_size;        /* options:frame-size: 2048 or 4096. */
    uint32_t ring_size;         /* options:ring-size: each of 4 rings. */
    uint32_t busy_poll_usecs;   /* options:busy-poll-usecs, 0: off. */
    uint32_t busy_poll_budget;  /* options:busy-poll-budget. */
    bool rx_hash;               /* options:rx-hash, default false. */
    bool multi_buffer;          /* options:multi-buffer, default true. */
    bool shared_umem;           /* options:shared-umem, default false. */
    char xdp_prog[AFXDP_MAX_XDP_PROG_LEN + 1]; /* options:xdp-prog,
                                                * PATH[:SECTION], or "". */
};

bool afxdp_options_equal(const struct afxdp_options *,
                         const struct afxdp_options *);
int afxdp_options_max_mtu(uint32_t frame_size, bool multi_buffer);
void afxdp_options_to_smap(const struct afxdp_options *, struct smap *);

int afxdp_options_parse(const char *name, const struct smap *args,
                        int max_queues, struct afxdp_options *,
                        char **errp);

const char *afxdp_mode_to_string(enum afxdp_mode);
bool afxdp_mode_from_string(const char *, enum afxdp_mode *);

#endif /* afxdp-options.h */
