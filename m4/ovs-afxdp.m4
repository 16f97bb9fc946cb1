# Copyright (c) 2026 The ovs-afxdp authors.
#
# Licensed under the Apache License, Version 2.0 (the "License");
# you may not use this file except in compliance with the License.
# You may obtain a copy of the License at:
#
#     http://www.apache.org/licenses/LICENSE-2.0
#
# Unless required by applicable law or agreed to in writing, software
# distributed under the License is distributed on an "AS IS" BASIS,
# WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
# See the License for the specific language governing permissions and
# limitations under the License.

dnl OVS_AFXDP_CHECK_OVS_SOURCE
dnl
dnl --with-ovs-source=DIR|TARBALL: the pristine Open vSwitch tree to build.
dnl Defaults to Debian's openvswitch-source tarball.  Sets OVS_SOURCE to an
dnl absolute path.
AC_DEFUN([OVS_AFXDP_CHECK_OVS_SOURCE], [
  AC_ARG_WITH([ovs-source],
    [AS_HELP_STRING([--with-ovs-source=DIR|TARBALL],
      [pristine Open vSwitch source tree or release tarball
       (default: /usr/src/openvswitch/openvswitch.tar.gz, from Debian's
       openvswitch-source package)])],
    [OVS_SOURCE=$withval],
    [OVS_SOURCE=/usr/src/openvswitch/openvswitch.tar.gz])
  AC_MSG_CHECKING([for the Open vSwitch source])
  case $OVS_SOURCE in
    /*) ;;
    *) OVS_SOURCE=`pwd`/$OVS_SOURCE ;;
  esac
  if test -d "$OVS_SOURCE"; then
    if test ! -f "$OVS_SOURCE/lib/netdev-linux.c" \
       || test ! -f "$OVS_SOURCE/vswitchd/vswitch.ovsschema"; then
      AC_MSG_ERROR([$OVS_SOURCE is not an Open vSwitch source tree])
    fi
  elif test -f "$OVS_SOURCE"; then
    case $OVS_SOURCE in
      *.tar.gz | *.tgz | *.tar.xz | *.tar.bz2 | *.tar) ;;
      *) AC_MSG_ERROR([$OVS_SOURCE: expected a directory or a tarball]) ;;
    esac
  else
    AC_MSG_ERROR([Open vSwitch source not found at $OVS_SOURCE.
On Debian: apt-get install openvswitch-source, or use --with-ovs-source.])
  fi
  AC_MSG_RESULT([$OVS_SOURCE])
  AC_SUBST([OVS_SOURCE])

  dnl Its version, from its configure.ac's AC_INIT, as OVS_VERSION (3.5.0)
  dnl and OVS_VERSION_NUMBER (30500): lib/afxdp-ovs-compat.h keys on it.
  AC_MSG_CHECKING([for the version of that Open vSwitch])
  dnl [A] and quadrigraphs: a bare AC_INIT or parenthesis is m4's.
  ovs_ac_init='s/^[[A]]C_INIT@{:@openvswitch, *\@{:@[[0-9.]]*\@:}@.*/\1/p'
  if test -d "$OVS_SOURCE"; then
    OVS_VERSION=`sed -n "$ovs_ac_init" "$OVS_SOURCE/configure.ac"`
  else
    OVS_VERSION=`tar -xOf "$OVS_SOURCE" --wildcards '*/configure.ac' \
                 2>/dev/null | sed -n "$ovs_ac_init" | head -1`
  fi
  case $OVS_VERSION in
    [[0-9]]*.[[0-9]]*.[[0-9]]*) ;;
    *) AC_MSG_ERROR([$OVS_SOURCE: no version in its configure.ac]) ;;
  esac
  OVS_VERSION_NUMBER=`echo "$OVS_VERSION" \
    | awk -F. '{ printf "%d", $[]1 * 10000 + $[]2 * 100 + $[]3 }'`
  AC_MSG_RESULT([$OVS_VERSION])
  if test "$OVS_VERSION_NUMBER" -lt 30100; then
    AC_MSG_ERROR([Open vSwitch $OVS_VERSION is older than 3.1.0, the oldest ovs-afxdp builds with])
  fi
  AC_SUBST([OVS_VERSION])
  AC_SUBST([OVS_VERSION_NUMBER])
])

dnl OVS_AFXDP_CHECK_LIBS
dnl
dnl The libraries our provider and OVS's --enable-afxdp need, each with the
dnl Debian package that provides it.
AC_DEFUN([OVS_AFXDP_CHECK_LIBS], [
  PKG_CHECK_MODULES([LIBXDP], [libxdp >= 1.2], [],
    [AC_MSG_ERROR([libxdp not found: apt-get install libxdp-dev])])
  PKG_CHECK_MODULES([LIBBPF], [libbpf >= 0.7], [],
    [AC_MSG_ERROR([libbpf not found: apt-get install libbpf-dev])])
  AC_CHECK_HEADER([gelf.h], [],
    [AC_MSG_ERROR([libelf headers not found: apt-get install libelf-dev])])
  AC_CHECK_HEADER([numa.h], [],
    [AC_MSG_ERROR([libnuma headers not found: apt-get install libnuma-dev])])
  AC_CHECK_HEADER([linux/if_xdp.h], [],
    [AC_MSG_ERROR([linux/if_xdp.h not found: apt-get install linux-libc-dev])])
])

dnl OVS_AFXDP_CHECK_BPF_CC
dnl
dnl A clang that compiles C for the BPF target.  Sets BPF_CC and
dnl BPF_CFLAGS (with the multiarch include directory, where Debian keeps
dnl <asm/types.h>).
AC_DEFUN([OVS_AFXDP_CHECK_BPF_CC], [
  AC_ARG_VAR([BPF_CC], [C compiler for the BPF target (clang)])
  AC_CHECK_PROGS([BPF_CC], [clang clang-16 clang-15 clang-14], [no])
  if test "$BPF_CC" = no; then
    AC_MSG_ERROR([clang not found: apt-get install clang llvm])
  fi
  multiarch=`$CC -print-multiarch 2>/dev/null`
  BPF_CFLAGS="-O2 -g -Wall -target bpf"
  if test -n "$multiarch" && test -d "/usr/include/$multiarch"; then
    BPF_CFLAGS="$BPF_CFLAGS -I/usr/include/$multiarch"
  fi
  AC_MSG_CHECKING([whether $BPF_CC can compile an XDP program])
  cat > conftest.bpf.c <<_ACEOF
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
SEC("xdp") int prog(struct xdp_md *ctx) { return XDP_PASS; }
_ACEOF
  if $BPF_CC $BPF_CFLAGS -c conftest.bpf.c -o conftest.bpf.o \
       >&AS_MESSAGE_LOG_FD 2>&1; then
    AC_MSG_RESULT([yes])
  else
    AC_MSG_RESULT([no])
    AC_MSG_ERROR([$BPF_CC cannot compile for the BPF target (see config.log): apt-get install clang llvm libbpf-dev])
  fi
  rm -f conftest.bpf.c conftest.bpf.o
  AC_SUBST([BPF_CFLAGS])
])

dnl OVS_AFXDP_CHECK_SANITIZERS
dnl
dnl --enable-asan and --enable-ubsan: the whole build, the private Open
dnl vSwitch tree included, with AddressSanitizer and
dnl UndefinedBehaviorSanitizer.  Open vSwitch's test macros fail a test
dnl whose programs left an asan.* or ubsan.* report (tests/atlocal sets
dnl ASAN_OPTIONS and UBSAN_OPTIONS to write them).
AC_DEFUN([OVS_AFXDP_CHECK_SANITIZERS], [
  AC_ARG_ENABLE([asan],
    [AS_HELP_STRING([--enable-asan],
                    [build with AddressSanitizer, Open vSwitch included])],
    [], [enable_asan=no])
  AC_ARG_ENABLE([ubsan],
    [AS_HELP_STRING([--enable-ubsan],
                    [build with UndefinedBehaviorSanitizer, Open vSwitch
                     included])],
    [], [enable_ubsan=no])
  AC_ARG_ENABLE([tsan],
    [AS_HELP_STRING([--enable-tsan],
                    [build with ThreadSanitizer, Open vSwitch included
                     (not with --enable-asan)])],
    [], [enable_tsan=no])
  if test "$enable_tsan" = yes && test "$enable_asan" = yes; then
    AC_MSG_ERROR([--enable-tsan and --enable-asan cannot be combined])
  fi
  SANITIZER_FLAGS=
  if test "$enable_tsan" = yes; then
    SANITIZER_FLAGS="-fsanitize=thread -fno-omit-frame-pointer"
  fi
  if test "$enable_asan" = yes; then
    SANITIZER_FLAGS="-fsanitize=address -fno-omit-frame-pointer -fno-common"
  fi
  if test "$enable_ubsan" = yes; then
    SANITIZER_FLAGS="$SANITIZER_FLAGS -fsanitize=undefined"
  fi
  if test -n "$SANITIZER_FLAGS"; then
    AC_MSG_CHECKING([whether $CC accepts $SANITIZER_FLAGS])
    save_CFLAGS=$CFLAGS save_LDFLAGS=$LDFLAGS
    CFLAGS="$CFLAGS $SANITIZER_FLAGS" LDFLAGS="$LDFLAGS $SANITIZER_FLAGS"
    AC_LINK_IFELSE([AC_LANG_PROGRAM([], [])],
      [AC_MSG_RESULT([yes])],
      [AC_MSG_RESULT([no])
       AC_MSG_ERROR([$CC cannot build with $SANITIZER_FLAGS: apt-get install libasan8 libubsan1 libtsan2])])
    CFLAGS=$save_CFLAGS LDFLAGS=$save_LDFLAGS
  fi
  AC_SUBST([SANITIZER_FLAGS])
])
