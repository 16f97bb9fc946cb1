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
#include <stddef.h>
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

/* The options that are a number or a boolean, in one table that parsing,
 * comparing and get_config all read.  n_rxq, xdp-mode and xdp-prog have
 * rules of their own, in those functions. */
enum option_kind { OPT_BOOL, OPT_UINT };
enum option_shown {             /* When get_config shows the option: */
    SHOWN_ALWAYS,
    SHOWN_IF_NOT_DEFAULT,       /* If it differs from 'dflt'. */
    SHOWN_WITH_BUSY_POLL,       /* If busy polling is on. */
};
struct option_spec {
    const char *key;
    enum option_kind kind;
    size_t offset;              /* Of its member of struct afxdp_options:
                                 * a bool or a uint32_t... */
    size_t size;                /* ...of this size. */
    uint32_t dflt;              /* Default (0 or 1 for a boolean). */
    uint32_t min, max;          /* OPT_UINT: its range... */
    bool pow2;                  /* ...and whether it is a power of 2. */
    enum option_shown shown;
};

#define OPT(KEY, KIND, MEMBER, DFLT, MIN, MAX, POW2, SHOWN)             \
    { KEY, KIND, offsetof(struct afxdp_options, MEMBER),                \
      sizeof(((struct afxdp_options *) NULL)->MEMBER), DFLT, MIN, MAX,  \
      POW2, SHOWN }
static const struct option_spec option_specs[] = {
    OPT("use-need-wakeup", OPT_BOOL, need_wakeup, true, 0, 0, false,
        SHOWN_ALWAYS),
    OPT("rx-hash", OPT_BOOL, rx_hash, false, 0, 0, false,
        SHOWN_IF_NOT_DEFAULT),
    OPT("multi-buffer", OPT_BOOL, multi_buffer, true, 0, 0, false,
        SHOWN_IF_NOT_DEFAULT),
    OPT("shared-umem", OPT_BOOL, shared_umem, false, 0, 0, false,
        SHOWN_IF_NOT_DEFAULT),
    OPT("frame-size", OPT_UINT, frame_size, AFXDP_DEFAULT_FRAME_SIZE, 2048,
        4096, true, SHOWN_ALWAYS),
    OPT("ring-size", OPT_UINT, ring_size, AFXDP_DEFAULT_RING_SIZE,
        AFXDP_MIN_RING_SIZE, AFXDP_MAX_RING_SIZE, true, SHOWN_ALWAYS),
    OPT("umem-frames", OPT_UINT, n_frames, AFXDP_DEFAULT_FRAMES,
        AFXDP_MIN_RING_SIZE, AFXDP_MAX_FRAMES, false, SHOWN_ALWAYS),
    OPT("busy-poll-usecs", OPT_UINT, busy_poll_usecs, 0, 0,
        AFXDP_MAX_BUSY_POLL_USECS, false, SHOWN_WITH_BUSY_POLL),
    OPT("busy-poll-budget", OPT_UINT, busy_poll_budget,
        AFXDP_DEFAULT_BUSY_POLL_BUDGET, 1, AFXDP_MAX_BUSY_POLL_BUDGET, false,
        SHOWN_WITH_BUSY_POLL),
};
#undef OPT

/* Returns the size that a member of kind 'kind' must have. */
static size_t
option_size(enum option_kind kind)
{
    return kind == OPT_BOOL ? sizeof(bool) : sizeof(uint32_t);
}

/* Returns the value of option 'spec' in 'opts', as a number. */
static uint32_t
option_get(const struct afxdp_options *opts, const struct option_spec *spec)
{
    const char *p = (const char *) opts + spec->offset;

    ovs_assert(spec->size == option_size(spec->kind));
    if (spec->kind == OPT_BOOL) {
        bool b;

        memcpy(&b, p, sizeof b);
        return b;
    } else {
        uint32_t v;

        memcpy(&v, p, sizeof v);
        return v;
    }
}

/* Sets option 'spec' of '*opts' to 'v'. */
static void
option_set(struct afxdp_options *opts, const struct option_spec *spec,
           uint32_t v)
{
    char *p = (char *) opts + spec->offset;

    ovs_assert(spec->size == option_size(spec->kind));
    if (spec->kind == OPT_BOOL) {
        bool b = v != 0;

        memcpy(p, &b, sizeof b);
    } else {
        memcpy(p, &v, sizeof v);
    }
}

/* Parses option 'spec' of 'args' into '*opts', leaving it alone if the
 * option is absent.  Returns 0, or EINVAL with a message in '*errp'. */
static int
option_parse(const char *name, const struct smap *args,
             const struct option_spec *spec, struct afxdp_options *opts,
             char **errp)
{
    if (spec->kind == OPT_BOOL) {
        bool v = option_get(opts, spec);
        int error = parse_bool(name, args, spec->key, &v, errp);

        option_set(opts, spec, v);
        return error;
    } else {
        uint32_t v = option_get(opts, spec);
        int error = parse_uint(name, args, spec->key, spec->min, spec->max,
                               spec->pow2, &v, errp);

        option_set(opts, spec, v);
        return error;
    }
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
    memset(opts, 0, sizeof *opts);
    opts->n_rxq = 1;
    opts->mode = OVS_AF_XDP_MODE_BEST_EFFORT;
    for (size_t i = 0; i < ARRAY_SIZE(option_specs); i++) {
        option_set(opts, &option_specs[i], option_specs[i].dflt);
    }

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

    error = 0;
    for (size_t i = 0; !error && i < ARRAY_SIZE(option_specs); i++) {
        error = option_parse(name, args, &option_specs[i], opts, errp);
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

    if (opts->shared_umem && !strcmp(name, "lo")) {
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
    for (size_t i = 0; i < ARRAY_SIZE(option_specs); i++) {
        if (option_get(a, &option_specs[i]) != option_get(b,
                                                          &option_specs[i])) {
            return false;
        }
    }
    return (a->n_rxq == b->n_rxq
            && a->mode == b->mode
            && !strcmp(a->xdp_prog, b->xdp_prog));
}

/* Adds 'opts' to 'args' as options:* keys, as get_config shows them: the
 * geometry and modes always, the rest when they are not the default. */
void
afxdp_options_to_smap(const struct afxdp_options *opts, struct smap *args)
{
    smap_add_format(args, "n_rxq", "%d", opts->n_rxq);
    smap_add(args, "xdp-mode", afxdp_mode_to_string(opts->mode));
    for (size_t i = 0; i < ARRAY_SIZE(option_specs); i++) {
        const struct option_spec *spec = &option_specs[i];
        uint32_t v = option_get(opts, spec);

        if (spec->shown == SHOWN_ALWAYS
            || (spec->shown == SHOWN_IF_NOT_DEFAULT && v != spec->dflt)
            || (spec->shown == SHOWN_WITH_BUSY_POLL
                && opts->busy_poll_usecs)) {
            if (spec->kind == OPT_BOOL) {
                smap_add(args, spec->key, v ? "true" : "false");
            } else {
                smap_add_format(args, spec->key, "%"PRIu32, v);
            }
        }
    }
    if (opts->xdp_prog[0]) {
        smap_add(args, "xdp-prog", opts->xdp_prog);
    }
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
