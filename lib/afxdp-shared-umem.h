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

#ifndef AFXDP_SHARED_UMEM_H
#define AFXDP_SHARED_UMEM_H 1

/* The process's shared umem (options:shared-umem=true): one umem for the
 * AF_XDP sockets of every port that asks for it, so that a frame that one
 * of them received is sent by another as it is, with no copy.
 *
 * The kernel lets sockets of other devices and queues share a umem
 * (XDP_SHARED_UMEM, Linux 5.10+), each with its own fill and completion
 * rings, but a new socket must name one that is bound and holds the umem.
 * Ports come and go in any order, so no port's socket can play that part:
 * an "anchor" socket of our own, bound to queue 0 of the loopback device,
 * where no XDP program sends it anything, holds the umem for as long as
 * any member uses it.  Sharers inherit the anchor's binding: copy mode,
 * need_wakeup, and multi-buffer when the kernel has it.
 *
 * Each member socket gets a tag (lib/netdev-afxdp-pool.h) with which the
 * frames it gives the kernel are marked; when it closes, the frames the
 * kernel had from it come back to the pool: at once those it had to
 * receive into (closing waits for the receive path); those it had to send
 * once the kernel is known to be done with them.  In copy mode a transmit
 * completes when its skb is freed, and on devices whose skbs point at the
 * umem pages (IFF_TX_SKB_NO_LINEAR) the frame is read until then, on the
 * wire or in a stalled queue, for however long that takes: no timeout is
 * safe.  So a closing member first waits a little (100 ms) for its
 * completion ring; what is still out then stays out of the pool (shown in
 * netdev-afxdp/show) until the kernel proves it is done: an skb holds its
 * socket, whose pool keeps the queue bound (a new bind there fails with
 * EBUSY), so a socket bound to the same queue again means they are all
 * freed (afxdp_shared_umem_queue_bound()); and a device is unregistered
 * only once no skb refers to it, so a device that is gone means the
 * same.  A port removed for good from a device that stays leaves those
 * frames out (at most a tx ring's worth) until the daemon exits.
 *
 * The anchor is bound to queue 0 of lo: one process per network namespace
 * can have a shared umem. */

#include <stdbool.h>
#include <stdint.h>

struct ds;
struct umem_pool;
struct xsk_socket_info;
struct xsk_umem;

/* Frames of the shared umem: 8 times a port's default, 128 MiB of
 * 4096-byte frames, pinned as long as one port uses it.  With rings of
 * 2048, enough for the fill rings of 8 sockets. */
#define AFXDP_SHARED_UMEM_FRAMES 32768

struct afxdp_shared_umem;

struct afxdp_shared_umem *afxdp_shared_umem_join(
    uint32_t frame_size, uint32_t fill_size, struct xsk_socket_info *,
    uint8_t *tagp, char **errp);
void afxdp_shared_umem_leave(struct afxdp_shared_umem *, uint8_t tag,
                             int ifindex, uint32_t queue);
void afxdp_shared_umem_queue_bound(int ifindex, uint32_t queue);
void afxdp_shared_umem_run(void);

struct xsk_umem *afxdp_shared_umem_xsk_umem(const struct afxdp_shared_umem *);
struct umem_pool *afxdp_shared_umem_pool(const struct afxdp_shared_umem *);
bool afxdp_shared_umem_multi_buffer(const struct afxdp_shared_umem *);
uint32_t afxdp_shared_umem_fill_size(const struct afxdp_shared_umem *);
uint32_t afxdp_shared_umem_kernel_frames(const struct afxdp_shared_umem *);
uint32_t afxdp_shared_umem_limbo_frames(const struct afxdp_shared_umem *);
int afxdp_shared_umem_n_members(const struct afxdp_shared_umem *);

#endif /* afxdp-shared-umem.h */
