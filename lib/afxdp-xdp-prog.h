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

#ifndef AFXDP_XDP_PROG_H
#define AFXDP_XDP_PROG_H 1

/* Loading, attaching and detaching ovs-afxdp's XDP program
 * (bpf/afxdp-redirect.bpf.c) on one network device. */

#include <stdbool.h>
#include <stdint.h>

/* Name of the program in the object, also its name in the kernel: a
 * program with this name found on a device is one of ours. */
#define AFXDP_XDP_PROG_NAME "ovs_afxdp_rx"

struct afxdp_xdp_prog;

void afxdp_xdp_prog_init(void);
const char *afxdp_xdp_prog_path(void);

int afxdp_xdp_check_device(const char *ifname, int ifindex, char **errp);
int afxdp_xdp_prog_attach(const char *ifname, int ifindex, bool native,
                          uint32_t n_queues, struct afxdp_xdp_prog **progp,
                          char **errp);
int afxdp_xdp_prog_set_socket(struct afxdp_xdp_prog *, uint32_t queue,
                              int xsk_fd);
uint32_t afxdp_xdp_prog_id(const struct afxdp_xdp_prog *);
void afxdp_xdp_prog_detach(struct afxdp_xdp_prog *);
void afxdp_xdp_detach_if_ours(int ifindex);

#endif /* afxdp-xdp-prog.h */
