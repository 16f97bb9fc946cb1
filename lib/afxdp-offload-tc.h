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

#ifndef AFXDP_OFFLOAD_TC_H
#define AFXDP_OFFLOAD_TC_H 1

/* The XDP fast path's TC program for large (GSO) segments, on a port in
 * generic mode (bpf/afxdp-redirect-offload.bpf.c, ovs_afxdp_tc_gso()).
 *
 * A veth whose peer keeps TSO (generic mode leaves it on) receives TCP
 * segments of up to 64 kB, which neither an XDP redirect nor an AF_XDP
 * socket can carry.  The port's XDP program passes them on, and this
 * program, at the device's TC ingress, runs their flows' actions on them
 * as skbs.  It is attached through a BPF link (tcx, Linux 6.6 and later):
 * the link is the daemon's, so the kernel detaches the program when the
 * daemon goes, however it goes, and nothing is left on the device. */

struct bpf_object;

/* Attaches the TC program of 'obj', the port's fast path object (already
 * loaded), to the TC ingress of device 'ifindex' ('name' for messages).
 * Returns the link's fd, or -1 with a warning in the log. */
int afxdp_offload_tc_attach(const char *name, int ifindex,
                            struct bpf_object *obj);

/* Detaches the program by closing its link 'link_fd' (-1 is accepted). */
void afxdp_offload_tc_detach(int link_fd);

#endif /* afxdp-offload-tc.h */
