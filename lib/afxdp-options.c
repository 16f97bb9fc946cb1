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

#include "afxdp-options.h"

#include <errno.h>
#include <linux/bpf.h>
#include <string.h>

#include "openvswitch/util.h"
#include "packets.h"
#include "smap.h"
#include "util.h"

static const char *const mode_names[OVS_AF_XDP_MODE_MAX] = {
    [OVS_AF_XDP_MODE_UNSPEC] = "unspecified",
    [OVS_AF_XDP_MODE_BEST_EFFORT] = "best-effort",
    [OVS_AF_XDP_MODE_NATIVE_ZC] = "native-with-zerocopy",
    [OVS_AF_XDP_MODE_NATIVE] = "native",
    [OVS_AF_XDP_MODE_GENERIC] = "generic",
};

/* Returns the name users give 'mode' in options:xdp-mode. */
const char *
afxdp_mode_to_string(enum afxdp_mode mode)
{
    return mode < OVS_AF_XDP_MODE_MAX ? mode_names[mode] : "invalid";
}

/* Parses 's', a user's options:xdp-mode, into '*mode'.  Returns false if it
 * names no mode a user may ask for. */
bool
afxdp_mode_from_string(const char *s, enum afxdp_mode *mode)
{
    for (int i = OVS_AF_XDP_MODE_BEST_EFFORT; i < OVS_AF_XDP_MODE_MAX; i++) {
        if (!strcmp(s, mode_names[i])) {
            *mode = i;
            return true;
        }
    }
    return false;
}

/* Parses option 'key' of 'args' as an integer between 'min' and 'max' into
 * '*value', leaving '*value' alone if the option is absent.  Returns 0, or
 * EINVAL with a message in '*errp'. */
static int
parse_uint(const char *name, const struct smap *args, const char *key,
           uint32_t min, uint32_t max, bool pow2, uint32_t *value,
           char **errp)
{
    const char *s = smap_get(args, key);
    unsigned int v;

    if (!s) {
        return 0;
    }
    if (!str_to_uint(s, 10, &v) || v < min || v > max
        || (pow2 && !is_pow2(v))) {
        *errp = xasprintf("%s: invalid %s \"%s\": expected %s from %"PRIu32
                          " to %"PRIu32, name, key, s,
                          pow2 ? "a power of 2" : "a number", min, max);
        return EINVAL;
    }
    *value = v;
    return 0;
}

/* Parses option 'key' of 'args', "true" or "false", into '*value', leaving
 * '*value' alone if the option is absent.  Returns 0, or EINVAL with a
 * message in '*errp'. */
static int
parse_bool(const char *name, const struct smap *args, const char *key,
           bool *value, char **errp)
{
    const char *s = smap_get(args, key);

    if (!s) {
        return 0;
    }
    if (!strcmp(s, "true")) {
        *value = true;
    } else if (!strcmp(s, "false")) {
        *value = false;
    } else {
        *errp = xasprintf("%s: invalid %s \"%s\": expected true or false",
                          name, key, s);
        return EINVAL;
    }
    return 0;
}

/* Parses the options 'args' of the afxdp port 'name', whose device has
 * 'max_queues' rx queues (0 if unknown), into '*opts'.  Returns 0 if all
 * are valid, otherwise EINVAL with a message for the Interface error column
 * in '*errp' (for the caller to free). */
int
afxdp_options_parse(const char *name, const struct smap *args,
                    int max_queues, struct afxdp_options *opts, char **errp)
{
    const char *s;
    int error;

    /* What a port without options gets. */
    *errp = NULL;
    *opts = (struct afxdp_options) {
        .n_rxq = 1, .mode = OVS_AF_XDP_MODE_BEST_EFFORT, .need_wakeup = true,
        .n_frames = AFXDP_DEFAULT_FRAMES, .ring_size = AFXDP_DEFAULT_RING_SIZE,
        .frame_size = AFXDP_DEFAULT_FRAME_SIZE,
        .busy_poll_budget = AFXDP_DEFAULT_BUSY_POLL_BUDGET,
        .multi_buffer = true,
    };

    s = smap_get(args, "n_rxq");
    if (s && (!str_to_int(s, 10, &opts->n_rxq) || opts->n_rxq < 1)) {
        *errp = xasprintf("%s: invalid n_rxq \"%s\": expected a positive "
                          "number of queues", name, s);
        return EINVAL;
    }
    if (max_queues > 0 && opts->n_rxq > max_queues) {
        *errp = xasprintf("%s: n_rxq=%d is more than the %d rx queues the "
                          "device has", name, opts->n_rxq, max_queues);
        return EINVAL;
    }

    s = smap_get(args, "xdp-mode");
    if (s && !afxdp_mode_from_string(s, &opts->mode)) {
        *errp = xasprintf("%s: unknown xdp-mode \"%s\": expected best-effort, "
                          "native-with-zerocopy, native or generic", name, s);
        return EINVAL;
    }

    error = parse_bool(name, args, "use-need-wakeup", &opts->need_wakeup,
                       errp);
    if (!error) {
        error = parse_bool(name, args, "rx-hash", &opts->rx_hash, errp);
    }
    if (!error) {
        error = parse_bool(name, args, "multi-buffer", &opts->multi_buffer,
                           errp);
    }
    if (!error) {
        error = parse_bool(name, args, "shared-umem", &opts->shared_umem,
                           errp);
    }
    if (error) {
        return error;
    }

    s = smap_get(args, "xdp-prog");
    if (s && s[0]) {
        if (s[0] != '/' || strlen(s) > AFXDP_MAX_XDP_PROG_LEN) {
            *errp = xasprintf("%s: invalid xdp-prog \"%s\": expected an "
                              "absolute PATH[:SECTION] of at most %d bytes",
                              name, s, AFXDP_MAX_XDP_PROG_LEN);
            return EINVAL;
        }
        ovs_strlcpy(opts->xdp_prog, s, sizeof opts->xdp_prog);
    }

    error = parse_uint(name, args, "frame-size", 2048, 4096, true,
                       &opts->frame_size, errp);
    if (!error) {
        error = parse_uint(name, args, "ring-size", AFXDP_MIN_RING_SIZE,
                           AFXDP_MAX_RING_SIZE, true, &opts->ring_size, errp);
    }
    if (!error) {
        error = parse_uint(name, args, "umem-frames", AFXDP_MIN_RING_SIZE,
                           AFXDP_MAX_FRAMES, false, &opts->n_frames, errp);
    }
    if (!error) {
        error = parse_uint(name, args, "busy-poll-usecs", 0,
                           AFXDP_MAX_BUSY_POLL_USECS, false,
                           &opts->busy_poll_usecs, errp);
    }
    if (!error) {
        error = parse_uint(name, args, "busy-poll-budget", 1,
                           AFXDP_MAX_BUSY_POLL_BUDGET, false,
                           &opts->busy_poll_budget, errp);
    }
    if (!error && opts->shared_umem && !strcmp(name, "lo")) {
        *errp = xasprintf("%s: shared-umem cannot be used on lo, whose "
                          "queue 0 holds the shared umem", name);
        error = EINVAL;
    }
    if (!error && opts->shared_umem
        && opts->mode == OVS_AF_XDP_MODE_NATIVE_ZC) {
        *errp = xasprintf("%s: shared-umem sockets work in copy mode only, "
                          "not with xdp-mode=native-with-zerocopy", name);
        error = EINVAL;
    }
    if (!error && opts->n_frames < opts->ring_size) {
        *errp = xasprintf("%s: umem-frames=%"PRIu32" is less than "
                          "ring-size=%"PRIu32": the fill ring could never be "
                          "kept full", name, opts->n_frames, opts->ring_size);
        error = EINVAL;
    }
    return error;
}

/* Returns true if 'a' and 'b' ask for the same set-up. */
bool
afxdp_options_equal(const struct afxdp_options *a,
                    const struct afxdp_options *b)
{
    return (a->n_rxq == b->n_rxq
            && a->mode == b->mode
            && a->need_wakeup == b->need_wakeup
            && a->n_frames == b->n_frames
            && a->frame_size == b->frame_size
            && a->ring_size == b->ring_size
            && a->busy_poll_usecs == b->busy_poll_usecs
            && a->busy_poll_budget == b->busy_poll_budget
            && a->rx_hash == b->rx_hash
            && a->multi_buffer == b->multi_buffer
            && a->shared_umem == b->shared_umem
            && !strcmp(a->xdp_prog, b->xdp_prog));
}

/* Returns the largest MTU that an afxdp port with frames of 'frame_size'
 * bytes carries.  In one frame: the kernel puts XDP_PACKET_HEADROOM bytes
 * before the data, and an Ethernet header with one VLAN tag come on top of
 * the MTU.  With 'multi_buffer', a packet spans frames, up to
 * AFXDP_MAX_MULTI_BUFFER_MTU. */
int
afxdp_options_max_mtu(uint32_t frame_size, bool multi_buffer)
{
    int one_frame = (frame_size - XDP_PACKET_HEADROOM - ETH_HEADER_LEN
                     - VLAN_HEADER_LEN);

    return multi_buffer ? MAX(one_frame, AFXDP_MAX_MULTI_BUFFER_MTU)
                        : one_frame;
}
