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

/* afxdp-hold-queue DEVICE QUEUE: another AF_XDP application, for the
 * system tests.  Binds an AF_XDP socket (copy mode, no XDP program of its
 * own) to queue QUEUE of DEVICE, prints "ready" and holds the queue until
 * it is killed: while it runs, nobody else can bind a socket there
 * (EBUSY). */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include <linux/if_xdp.h>
#include <xdp/xsk.h>

#define N_FRAMES 64

int
main(int argc, char *argv[])
{
    struct xsk_ring_prod fq, tx;
    struct xsk_ring_cons cq, rx;
    struct xsk_socket *xsk;
    struct xsk_umem *umem;
    size_t size = N_FRAMES * XSK_UMEM__DEFAULT_FRAME_SIZE;
    int error;

    if (argc != 3) {
        fprintf(stderr, "usage: %s DEVICE QUEUE\n", argv[0]);
        return 2;
    }

    void *area = mmap(NULL, size, PROT_READ | PROT_WRITE,
                      MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (area == MAP_FAILED) {
        perror("mmap");
        return 1;
    }
    struct xsk_umem_config ucfg = {
        .fill_size = N_FRAMES, .comp_size = N_FRAMES,
        .frame_size = XSK_UMEM__DEFAULT_FRAME_SIZE,
    };
    error = xsk_umem__create(&umem, area, size, &fq, &cq, &ucfg);
    if (error) {
        fprintf(stderr, "xsk_umem__create: %s\n", strerror(-error));
        return 1;
    }
    struct xsk_socket_config scfg = {
        .rx_size = N_FRAMES, .tx_size = N_FRAMES,
        .libxdp_flags = XSK_LIBXDP_FLAGS__INHIBIT_PROG_LOAD,
        .bind_flags = XDP_COPY,
    };
    error = xsk_socket__create(&xsk, argv[1], atoi(argv[2]), umem, &rx, &tx,
                               &scfg);
    if (error) {
        fprintf(stderr, "xsk_socket__create: %s\n", strerror(-error));
        return 1;
    }
    printf("ready\n");
    fflush(stdout);
    for (;;) {
        pause();
    }
}
