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

#ifndef AFXDP_OFFLOAD_TX_ERRORS_H
#define AFXDP_OFFLOAD_TX_ERRORS_H 1

/* Counting the XDP fast path's redirects that the kernel dropped after the
 * program let go of them (bpf/afxdp-redirect-errors.bpf.c says which). */

/* Loads the counting programs with the fast path's shared maps 'stats_fd'
 * (offload_port_stats) and 'slot_of_fd' (offload_slot_of), and attaches
 * them to their tracepoints for the rest of the daemon's life.  Returns 0,
 * or a positive errno value with a message in '*errp' for the caller to
 * free (nothing is left loaded then). */
int afxdp_offload_tx_errors_start(int stats_fd, int slot_of_fd, char **errp);

#endif /* afxdp-offload-tx-errors.h */
