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

#include "afxdp-shared-umem.h"

#include <errno.h>
#include <linux/if_xdp.h>
#include <net/if.h>
#include <xdp/xsk.h>

#include "afxdp-xsk.h"
#include "coverage.h"
#include "netdev-afxdp-pool.h"
#include "openvswitch/vlog.h"
#include "ovs-thread.h"
#include "timeval.h"
#include "util.h"

VLOG_DEFINE_THIS_MODULE(afxdp_shared_umem);

COVERAGE_DEFINE(afxdp_shared_umem_reclaimed);

/* The anchor's rings: it never receives, so the smallest the kernel
 * takes. */
#define ANCHOR_RING_SIZE 64

/* Bind retries for the anchor: a closed anchor keeps lo's queue until the
 * kernel has freed its pool, a little later (as for any socket). */
#define ANCHOR_BIND_TRIES 50
#define ANCHOR_BIND_WAIT_NSEC (20 * 1000 * 1000)

struct afxdp_shared_umem {
    struct umem_pool *pool;             /* Shared: no owner thread. */
    struct xsk_umem *umem;
    struct xsk_ring_prod anchor_fq;     /* The umem's own rings: unused. */
    struct xsk_ring_cons anchor_cq;
    struct xsk_socket *anchor;
    struct xsk_ring_cons anchor_rx;
    uint32_t frame_size;
    uint32_t fill_size;                 /* Members' fill and completion
                                         * rings (libxdp sizes them as the
                                         * umem's own). */
    bool multi_buffer;                  /* The anchor has XDP_USE_SG. */

    /* Members, by tag number (1...UMEM_POOL_MAX_TAGS); NULL if free.  A
     * tag whose socket closed with frames that the kernel had not finished
     * sending stays taken until they come back: until a socket is bound
     * again to the queue it was bound to, or its device is gone (see
     * afxdp-shared-umem.h). */
    struct xsk_socket_info *members[UMEM_POOL_MAX_TAGS + 1];
    uint32_t n_limbo[UMEM_POOL_MAX_TAGS + 1];
    int limbo_ifindex[UMEM_POOL_MAX_TAGS + 1];
    uint32_t limbo_queue[UMEM_POOL_MAX_TAGS + 1];
    int n_members;
};

/* The one shared umem, or NULL.  Members are added and removed by the main
 * thread (reconfiguration); statistics read them from any thread. */
static struct ovs_mutex shared_mutex = OVS_MUTEX_INITIALIZER;
static struct afxdp_shared_umem *shared OVS_GUARDED_BY(shared_mutex);

/* Frees 'sh', which has no member: closes the anchor and the umem and
 * releases the pool, which is freed when the frames still in packets have
 * come back (frames in limbo count as the kernel's, never to come back). */
/* Returns how many frames closed members of 'sh' left to the kernel. */
static uint32_t
limbo_total(const struct afxdp_shared_umem *sh)
{
    uint32_t n = 0;

    for (int i = 1; i <= UMEM_POOL_MAX_TAGS; i++) {
        n += sh->n_limbo[i];
    }
    return n;
}

static void
afxdp_shared_umem_destroy(struct afxdp_shared_umem *sh)
{
    uint32_t n_limbo = limbo_total(sh);

    if (sh->anchor) {
        xsk_socket__delete(sh->anchor);
    }
    if (sh->umem) {
        xsk_umem__delete(sh->umem);
    }
    umem_pool_release(sh->pool, n_limbo);
    free(sh);
}

/* Puts back in the pool of 'sh' the frames that closed member 'i' left to
 * the kernel, and frees its tag. */
static void
afxdp_shared_umem_reclaim_limbo(struct afxdp_shared_umem *sh, int i)
    OVS_REQUIRES(shared_mutex)
{
    COVERAGE_ADD(afxdp_shared_umem_reclaimed,
                 umem_pool_reclaim(sh->pool,
                                   UMEM_FRAME_LIMBO | UMEM_FRAME_TAG(i)));
    sh->n_limbo[i] = 0;
}

/* Puts back in the pool of 'sh' the frames of closed members whose device
 * is gone: the kernel unregisters a device only once no packet refers to
 * it. */
static void
afxdp_shared_umem_expire(struct afxdp_shared_umem *sh)
    OVS_REQUIRES(shared_mutex)
{
    for (int i = 1; i <= UMEM_POOL_MAX_TAGS; i++) {
        char name[IF_NAMESIZE];

        if (sh->n_limbo[i] && !if_indextoname(sh->limbo_ifindex[i], name)) {
            afxdp_shared_umem_reclaim_limbo(sh, i);
        }
    }
}

/* A socket was bound to queue 'queue' of device 'ifindex': the kernel
 * binds none to a queue while an earlier socket's packets are still in
 * flight (they hold that socket, whose pool holds the queue, EBUSY), so
 * the frames a closed member left there come back.  Any thread. */
void
afxdp_shared_umem_queue_bound(int ifindex, uint32_t queue)
{
    ovs_mutex_lock(&shared_mutex);
    struct afxdp_shared_umem *sh = shared;
    for (int i = 1; sh && i <= UMEM_POOL_MAX_TAGS; i++) {
        if (sh->n_limbo[i] && sh->limbo_ifindex[i] == ifindex
            && sh->limbo_queue[i] == queue) {
            afxdp_shared_umem_reclaim_limbo(sh, i);
        }
    }
    ovs_mutex_unlock(&shared_mutex);
}

/* Housekeeping of the shared umem, if there is one: frames that closed
 * members left to a device that is gone back in the pool.  Called from
 * time to time (statistics refresh, port changes). */
void
afxdp_shared_umem_run(void)
{
    ovs_mutex_lock(&shared_mutex);
    if (shared) {
        afxdp_shared_umem_expire(shared);
    }
    ovs_mutex_unlock(&shared_mutex);
}

/* Creates the shared umem, with frames of 'frame_size' bytes and members'
 * fill and completion rings of 'fill_size' entries.  Returns it, or NULL
 * with a message in '*errp'. */
static struct afxdp_shared_umem *
afxdp_shared_umem_create(uint32_t frame_size, uint32_t fill_size,
                         char **errp)
{
    struct afxdp_shared_umem *sh = xzalloc(sizeof *sh);
    int error;

    sh->frame_size = frame_size;
    sh->fill_size = fill_size;
    sh->pool = umem_pool_create(AFXDP_SHARED_UMEM_FRAMES, frame_size, true);
    if (!sh->pool) {
        *errp = xasprintf("cannot allocate the shared umem (%d frames of "
                          "%"PRIu32" bytes)", AFXDP_SHARED_UMEM_FRAMES,
                          frame_size);
        free(sh);
        return NULL;
    }

    error = afxdp_xsk_umem_register(sh->pool, frame_size, fill_size,
                                    &sh->umem, &sh->anchor_fq,
                                    &sh->anchor_cq);
    if (error) {
        char *why = afxdp_xsk_umem_error(error, sh->pool->size);

        *errp = xasprintf("cannot register the shared umem: %s", why);
        free(why);
        goto error;
    }

    struct xsk_socket_config scfg = {
        .rx_size = ANCHOR_RING_SIZE,
        .libxdp_flags = XSK_LIBXDP_FLAGS__INHIBIT_PROG_LOAD,
        .bind_flags = XDP_COPY | XDP_USE_NEED_WAKEUP | XDP_USE_SG,
    };
    char lo[IFNAMSIZ] = "lo";
    sh->multi_buffer = true;
    for (int try = 0; try < ANCHOR_BIND_TRIES; try++) {
        error = -xsk_socket__create(&sh->anchor, lo, 0, sh->umem,
                                    &sh->anchor_rx, NULL, &scfg);
        if (error == EINVAL && sh->multi_buffer) {
            /* No multi-buffer AF_XDP (Linux before 6.6). */
            sh->multi_buffer = false;
            scfg.bind_flags &= ~XDP_USE_SG;
            try--;
        } else if (error != EBUSY) {
            break;
        } else {
            xnanosleep(ANCHOR_BIND_WAIT_NSEC);
        }
    }
    if (error) {
        sh->anchor = NULL;
        *errp = xasprintf("cannot bind the shared umem's anchor socket to "
                          "lo: %s", ovs_strerror(error));
        goto error;
    }
    VLOG_INFO("shared umem: %d frames of %"PRIu32" bytes%s",
              AFXDP_SHARED_UMEM_FRAMES, frame_size,
              sh->multi_buffer ? ", multi-buffer" : "");
    return sh;

error:
    afxdp_shared_umem_destroy(sh);
    return NULL;
}

/* Makes socket 's' (not created yet) a member of the shared umem, which is
 * created if need be with frames of 'frame_size' bytes and members' fill
 * and completion rings of 'fill_size' entries (the first member's ring
 * size).  Returns the shared umem and stores the socket's tag in '*tagp';
 * or returns NULL with a message in '*errp' for the caller to free. */
struct afxdp_shared_umem *
afxdp_shared_umem_join(uint32_t frame_size, uint32_t fill_size,
                       struct xsk_socket_info *s, uint8_t *tagp,
                       char **errp)
{
    struct afxdp_shared_umem *sh;

    *errp = NULL;
    ovs_mutex_lock(&shared_mutex);
    if (shared) {
        afxdp_shared_umem_expire(shared);
    } else {
        shared = afxdp_shared_umem_create(frame_size, fill_size, errp);
    }
    sh = shared;
    if (!sh) {
        goto out;
    }

    if (sh->frame_size != frame_size) {
        *errp = xasprintf("frame-size=%"PRIu32" differs from the %"PRIu32
                          "-byte frames of the shared umem", frame_size,
                          sh->frame_size);
    } else if ((uint64_t) (sh->n_members + 1) * sh->fill_size * 2
               > sh->pool->n_frames) {
        /* Each member keeps a fill ring's worth of frames; as many again
         * are left for what is in flight (tx and completion rings,
         * packets).  Counting full tx and completion rings too would keep
         * ports out for frames that an idle port holds only until it
         * sends again; when frames do run short, fill rings wait
         * (fill_ring_starved), nothing breaks. */
        *errp = xasprintf("the shared umem's %"PRIu32" frames are too few "
                          "for the rings of %d sockets of %"PRIu32
                          " entries", sh->pool->n_frames,
                          sh->n_members + 1, sh->fill_size);
    } else {
        for (int i = 1; i <= UMEM_POOL_MAX_TAGS; i++) {
            if (!sh->members[i] && !sh->n_limbo[i]) {
                sh->members[i] = s;
                sh->n_members++;
                *tagp = UMEM_FRAME_TAG(i);
                goto out;
            }
        }
        *errp = xasprintf("the shared umem has %d sockets, its most",
                          UMEM_POOL_MAX_TAGS);
    }
    if (!sh->n_members) {
        shared = NULL;
        afxdp_shared_umem_destroy(sh);
    }
    sh = NULL;

out:
    ovs_mutex_unlock(&shared_mutex);
    return sh;
}

/* The member of 'sh' tagged 'tag', bound to queue 'queue' of device
 * 'ifindex', has closed its socket: takes back at once the frames the
 * kernel had from it for receiving; those it had to send and did not
 * complete wait for that queue to be bound again or the device to go (see
 * afxdp-shared-umem.h).  Frees 'sh' if it was the last member. */
void
afxdp_shared_umem_leave(struct afxdp_shared_umem *sh, uint8_t tag,
                        int ifindex, uint32_t queue)
{
    int i = tag >> 2;

    COVERAGE_ADD(afxdp_shared_umem_reclaimed,
                 umem_pool_reclaim(sh->pool, UMEM_FRAME_FILL | tag));
    uint32_t n_tx = umem_pool_retag(sh->pool, UMEM_FRAME_TX | tag,
                                    UMEM_FRAME_LIMBO | tag);

    ovs_mutex_lock(&shared_mutex);
    sh->members[i] = NULL;
    sh->n_limbo[i] = n_tx;
    sh->limbo_ifindex[i] = ifindex;
    sh->limbo_queue[i] = queue;
    afxdp_shared_umem_expire(sh);
    if (!--sh->n_members) {
        ovs_assert(shared == sh);
        shared = NULL;
        afxdp_shared_umem_destroy(sh);
    }
    ovs_mutex_unlock(&shared_mutex);
}

/* Returns libxdp's umem of 'sh', to create member sockets with. */
struct xsk_umem *
afxdp_shared_umem_xsk_umem(const struct afxdp_shared_umem *sh)
{
    return sh->umem;
}

/* Returns the frame pool of 'sh'. */
struct umem_pool *
afxdp_shared_umem_pool(const struct afxdp_shared_umem *sh)
{
    return sh->pool;
}

/* Returns true if the members of 'sh' take packets of several frames. */
bool
afxdp_shared_umem_multi_buffer(const struct afxdp_shared_umem *sh)
{
    return sh->multi_buffer;
}

/* Returns the number of frames that the kernel has from the members of
 * 'sh': a snapshot when they are in use, for statistics. */
uint32_t
afxdp_shared_umem_kernel_frames(const struct afxdp_shared_umem *sh)
    OVS_EXCLUDED(shared_mutex)
{
    uint32_t n = 0;

    ovs_mutex_lock(&shared_mutex);
    for (int i = 1; i <= UMEM_POOL_MAX_TAGS; i++) {
        const struct xsk_socket_info *m = sh->members[i];

        if (m) {
            n += afxdp_xsk_frames_held(m);
        }
    }
    n += limbo_total(sh);
    ovs_mutex_unlock(&shared_mutex);
    return n;
}

/* Returns the number of frames that closed members of 'sh' left to the
 * kernel, not yet back. */
uint32_t
afxdp_shared_umem_limbo_frames(const struct afxdp_shared_umem *sh)
    OVS_EXCLUDED(shared_mutex)
{
    ovs_mutex_lock(&shared_mutex);
    uint32_t n = limbo_total(sh);
    ovs_mutex_unlock(&shared_mutex);
    return n;
}

/* Returns the size of the fill and completion rings of the members of
 * 'sh'. */
uint32_t
afxdp_shared_umem_fill_size(const struct afxdp_shared_umem *sh)
{
    return sh->fill_size;
}

/* Returns the number of sockets sharing 'sh'. */
int
afxdp_shared_umem_n_members(const struct afxdp_shared_umem *sh)
{
    return sh->n_members;
}
