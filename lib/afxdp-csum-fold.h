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

#ifndef AFXDP_CSUM_FOLD_H
#define AFXDP_CSUM_FOLD_H 1

/* Folding a ones' complement sum, shared by userspace
 * (lib/afxdp-csum-rx.h) and the XDP fast path (bpf/afxdp-csum-rx.h):
 * plain C, no Open vSwitch header. */

#include <linux/types.h>

/* Folds the 64-bit ones' complement sum 'acc' into 16 bits, not
 * complemented. */
static inline __u16
afxdp_csum_fold(__u64 acc)
{
    acc = (acc & 0xffffffff) + (acc >> 32);
    acc = (acc & 0xffffffff) + (acc >> 32);
    acc = (acc & 0xffff) + (acc >> 16);
    acc = (acc & 0xffff) + (acc >> 16);
    acc = (acc & 0xffff) + (acc >> 16);
    return acc;
}

#endif /* afxdp-csum-fold.h */
