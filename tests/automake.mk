# Tests.
#
#   make check        unit tests, a short fuzz run (tests/fuzz.mk); then,
#                     as root, check-afxdp.
#   make check-afxdp  the system suite (root): real daemons, veths in
#                     namespaces, real XDP programs and traffic.  An
#                     autotest suite that reuses Open vSwitch's test macros
#                     from the Open vSwitch tree through the include path.

AFXDP_TESTSUITE_AT = \
	tests/ovs-afxdp-testsuite.at \
	tests/ovs-afxdp-macros.at \
	tests/ovs-afxdp-stop.at \
	tests/ovs-afxdp-basic.at \
	tests/ovs-afxdp-provider.at \
	tests/ovs-afxdp-offload.at \
	tests/ovs-afxdp-hostile.at \
	tests/ovs-afxdp-containers.at \
	tests/ovs-afxdp-capture.at \
	tests/ovs-afxdp-offload-limits.at
AFXDP_TESTSUITE = tests/ovs-afxdp-testsuite
AFXDP_TRAFFIC_TESTSUITE = tests/ovs-afxdp-traffic-testsuite
AFXDP_OFFLOAD_TRAFFIC_TESTSUITE = tests/ovs-afxdp-offload-traffic-testsuite
EXTRA_DIST += $(AFXDP_TESTSUITE_AT) tests/ovs-afxdp-traffic-testsuite.at \
	tests/ovs-afxdp-offload-traffic-testsuite.at
CLEANFILES += $(AFXDP_TESTSUITE) $(AFXDP_TRAFFIC_TESTSUITE) \
	$(AFXDP_OFFLOAD_TRAFFIC_TESTSUITE) \
	tests/atconfig tests/atlocal package.m4

AUTOTEST = autom4te --language=autotest

# Programs the suite runs, from the private Open vSwitch tree, relative to
# the top of the build directory.
AFXDP_AUTOTEST_PATH = \
	$(OVS_DIR)/utilities:$(OVS_DIR)/vswitchd:$(OVS_DIR)/ovsdb:$(OVS_DIR)/vtep:$(OVS_DIR)/tests

package.m4: $(top_srcdir)/configure.ac
	$(AM_V_GEN){ \
	  echo '# Signature of the current package.'; \
	  echo 'm4_define([AT_PACKAGE_NAME],      [$(PACKAGE_NAME)])'; \
	  echo 'm4_define([AT_PACKAGE_TARNAME],   [$(PACKAGE_TARNAME)])'; \
	  echo 'm4_define([AT_PACKAGE_VERSION],   [$(PACKAGE_VERSION)])'; \
	  echo 'm4_define([AT_PACKAGE_STRING],    [$(PACKAGE_STRING)])'; \
	  echo 'm4_define([AT_PACKAGE_BUGREPORT], [$(PACKAGE_BUGREPORT)])'; \
	} > $@.tmp && mv $@.tmp $@

$(AFXDP_TESTSUITE): package.m4 $(AFXDP_TESTSUITE_AT) $(OVS_PREPARED)
	$(AM_V_GEN)$(AUTOTEST) -I . -I '$(srcdir)' -I '$(OVS_DIR)' \
		-o $@.tmp $(srcdir)/$@.at && mv $@.tmp $@

# Open vSwitch's tests/system-traffic.at, through our macros.
$(AFXDP_TRAFFIC_TESTSUITE): package.m4 tests/ovs-afxdp-traffic-testsuite.at \
		tests/ovs-afxdp-macros.at $(OVS_PREPARED)
	$(AM_V_GEN)$(AUTOTEST) -I . -I '$(srcdir)' -I '$(OVS_DIR)' \
		-o $@.tmp $(srcdir)/$@.at && mv $@.tmp $@

# The same, with the XDP fast path (other_config:hw-offload=true).
$(AFXDP_OFFLOAD_TRAFFIC_TESTSUITE): package.m4 \
		tests/ovs-afxdp-offload-traffic-testsuite.at \
		tests/ovs-afxdp-macros.at $(OVS_PREPARED)
	$(AM_V_GEN)$(AUTOTEST) -I . -I '$(srcdir)' -I '$(OVS_DIR)' \
		-o $@.tmp $(srcdir)/$@.at && mv $@.tmp $@

# The suite runs with Open vSwitch's test configuration (atconfig points
# abs_top_srcdir and abs_top_builddir at the private tree, where the
# schema and helpers are), plus ours.
tests/atconfig: $(OVS_DIR)/config.status
	$(AM_V_GEN)$(MKDIR_P) tests && sed \
	  -e "s|^at_srcdir=.*|at_srcdir='$(abs_builddir)/$(OVS_DIR)/tests'|" \
	  $(OVS_DIR)/tests/atconfig > $@
tests/atlocal: $(OVS_DIR)/config.status Makefile
	$(AM_V_GEN)$(MKDIR_P) tests && { \
	  cat $(OVS_DIR)/tests/atlocal; \
	  echo "OVS_AFXDP_BUILDDIR='$(abs_builddir)'"; \
	  echo "OVS_AFXDP_SRCDIR='$(abs_srcdir)'"; \
	  echo "OVS_AFXDP_OVS_SOURCE='$(OVS_SOURCE)'"; \
	  echo "OVS_AFXDP_TEST_XDP_PROG='$(abs_builddir)/$(AFXDP_TEST_BPF_OBJ)'"; \
	  echo "OVS_AFXDP_SAMPLE_XDP_PROG='$(abs_builddir)/$(AFXDP_SAMPLE_BPF_OBJ)'"; \
	  echo "OVS_AFXDP_HOLD_QUEUE='$(abs_builddir)/$(AFXDP_HOLD_QUEUE)'"; \
	} > $@

check_DATA = $(AFXDP_TESTSUITE) tests/atconfig tests/atlocal $(AFXDP_TEST_BPF_OBJ) \
	$(AFXDP_SAMPLE_BPF_OBJ) $(AFXDP_HOLD_QUEUE)

# Another AF_XDP application that holds a queue, for the system suite.
AFXDP_HOLD_QUEUE = tests/afxdp-hold-queue
EXTRA_DIST += tests/afxdp-hold-queue.c
CLEANFILES += $(AFXDP_HOLD_QUEUE)
$(AFXDP_HOLD_QUEUE): $(srcdir)/tests/afxdp-hold-queue.c
	$(AM_V_CCLD)$(CC) $(CFLAGS) $(LIBXDP_CFLAGS) -o $@ \
		$(srcdir)/tests/afxdp-hold-queue.c $(LIBXDP_LIBS) $(LIBBPF_LIBS)

# Removes what a killed daemon left (tests/afxdp-clean-stale), runs autotest
# suite $(1) (its -C directory is tests/) under tests/afxdp-reap (which
# reaps the daemons it stops, whatever process 1 does), then judges the
# results with tests/afxdp-results against expected-results file $(2), if
# any, for this Open vSwitch version; that prints one line CI can read:
# "NAME: N passed, N failed, N skipped".
AFXDP_RUN_SUITE = \
	$(SHELL) $(srcdir)/tests/afxdp-clean-stale; \
	{ $(PYTHON3) $(srcdir)/tests/afxdp-reap $(SHELL) '$(1)' -C tests \
	    AUTOTEST_PATH='$(AFXDP_AUTOTEST_PATH)' $(TESTSUITEFLAGS) -j1; } \
	  | tee $(1).out; \
	$(PYTHON3) $(srcdir)/tests/afxdp-results $(notdir $(1)) $(1).out \
	  $(if $(2),$(2) $(OVS_VERSION))

AFXDP_TRAFFIC_EXPECTED = $(srcdir)/tests/afxdp-traffic-expected.txt

check-afxdp: all $(check_DATA)
	@$(call AFXDP_RUN_SUITE,$(AFXDP_TESTSUITE))
PHONY += check-afxdp

# Open vSwitch's own system-traffic suite with afxdp ports.  What cannot
# pass on this machine, and why, is in tests/afxdp-traffic-expected.txt.
check-afxdp-traffic: all $(check_DATA) $(AFXDP_TRAFFIC_TESTSUITE)
	@$(call AFXDP_RUN_SUITE,$(AFXDP_TRAFFIC_TESTSUITE), \
	  $(AFXDP_TRAFFIC_EXPECTED))
PHONY += check-afxdp-traffic

# Open vSwitch's system-traffic suite again, with the XDP fast path: the same
# tests must pass.  Then how many tests had megaflows in the fast path.
check-afxdp-traffic-offload: all $(check_DATA) $(AFXDP_OFFLOAD_TRAFFIC_TESTSUITE)
	@rm -f $(AFXDP_OFFLOAD_TRAFFIC_TESTSUITE).dir/xdp-fast-path.log
	@$(call AFXDP_RUN_SUITE,$(AFXDP_OFFLOAD_TRAFFIC_TESTSUITE), \
	  $(AFXDP_TRAFFIC_EXPECTED))
	@awk -F': ' '$$NF > 0 { n++ } END { printf "XDP fast path: megaflows in XDP in %d of %d tests\n", n, NR }' \
	  $(AFXDP_OFFLOAD_TRAFFIC_TESTSUITE).dir/xdp-fast-path.log
PHONY += check-afxdp-traffic-offload
EXTRA_DIST += tests/afxdp-results tests/afxdp-traffic-expected.txt \
	tests/afxdp-clean-stale tests/afxdp-reap \
	tests/afxdp-udp-frames
CLEANFILES += $(AFXDP_TESTSUITE).out $(AFXDP_TRAFFIC_TESTSUITE).out \
	$(AFXDP_OFFLOAD_TRAFFIC_TESTSUITE).out

# Links test program $@ from its one source file, the first prerequisite,
# with the private tree's libopenvswitch, which holds our provider.
AFXDP_LINK_TEST = $(AM_V_CCLD)$(OVS_DIR)/libtool --quiet --mode=link \
	$(CC) $(CFLAGS) $(SANITIZER_FLAGS) \
	-I$(OVS_DIR) -I$(OVS_DIR)/include -I$(OVS_DIR)/lib -I$(srcdir)/lib \
	-o $@ $< $(OVS_DIR)/lib/libopenvswitch.la

# Unit tests: no root, no kernel.
AFXDP_UNIT = tests/test-afxdp-unit
EXTRA_DIST += tests/test-afxdp-unit.c tests/afxdp-fake-rings.h
CLEANFILES += $(AFXDP_UNIT)
$(AFXDP_UNIT): $(srcdir)/tests/test-afxdp-unit.c \
		$(srcdir)/tests/afxdp-fake-rings.h \
		$(OVS_DIR)/lib/libopenvswitch.la
	$(AFXDP_LINK_TEST)

check-unit: $(AFXDP_UNIT)
	$(AFXDP_UNIT)
PHONY += check-unit

# Differential test of the XDP fast path's parser against Open vSwitch's
# flow_extract() on thousands of frames.  Root (BPF_PROG_TEST_RUN); part
# of make check as root.
AFXDP_XDP_PARSER = tests/test-afxdp-xdp-parser
EXTRA_DIST += tests/test-afxdp-xdp-parser.c
CLEANFILES += $(AFXDP_XDP_PARSER)
$(AFXDP_XDP_PARSER): $(srcdir)/tests/test-afxdp-xdp-parser.c \
		$(srcdir)/lib/afxdp-offload-maps.h \
		$(srcdir)/lib/afxdp-offload-match.h \
		$(OVS_DIR)/lib/libopenvswitch.la
	$(AFXDP_LINK_TEST)

check-afxdp-xdp-parser: $(AFXDP_XDP_PARSER) all
	@if test "$$(id -u)" = 0; then \
	  $(AFXDP_XDP_PARSER) $(abs_builddir)/bpf/afxdp-redirect-offload.bpf.o; \
	else \
	  echo "check-afxdp-xdp-parser skipped: needs root"; \
	fi
PHONY += check-afxdp-xdp-parser

# Detaching our XDP program by id never removes another one attached in
# its place in between (the interleaving forced).  Root.
AFXDP_XDP_DETACH = tests/test-afxdp-xdp-detach
EXTRA_DIST += tests/test-afxdp-xdp-detach.c
CLEANFILES += $(AFXDP_XDP_DETACH)
$(AFXDP_XDP_DETACH): $(srcdir)/tests/test-afxdp-xdp-detach.c \
		$(OVS_DIR)/lib/libopenvswitch.la
	$(AFXDP_LINK_TEST)

check-afxdp-xdp-detach: $(AFXDP_XDP_DETACH) $(AFXDP_TEST_BPF_OBJ) all
	@if test "$$(id -u)" = 0; then \
	  $(AFXDP_XDP_DETACH) $(abs_builddir)/$(AFXDP_TEST_BPF_OBJ); \
	else \
	  echo "check-afxdp-xdp-detach skipped: needs root"; \
	fi
PHONY += check-afxdp-xdp-detach

# The system suites' reaper does its job under a process 1 that never reaps
# (tests/test-afxdp-reap).  Root (a PID namespace).
check-afxdp-reap:
	@if test "$$(id -u)" = 0; then \
	  PYTHON3='$(PYTHON3)' $(SHELL) $(srcdir)/tests/test-afxdp-reap \
	    $(srcdir)/tests/afxdp-reap; \
	else \
	  echo "check-afxdp-reap skipped: needs root"; \
	fi
PHONY += check-afxdp-reap
EXTRA_DIST += tests/test-afxdp-reap

# The shell scripts of tests/, utilities/ and .ci/ (tests/afxdp-shell-lint):
# no 'grep -q' ends a pipe under pipefail.  No root.
check-shell-lint:
	$(SHELL) $(srcdir)/tests/afxdp-shell-lint \
	  $$(grep -lE '^#! */bin/(ba)?sh' $(srcdir)/tests/afxdp-* \
	     $(srcdir)/tests/test-afxdp-* $(srcdir)/utilities/ovs-afxdp-* \
	     $(srcdir)/build-aux/* $(srcdir)/.ci/run 2>/dev/null)
PHONY += check-shell-lint
EXTRA_DIST += tests/afxdp-shell-lint

check-local: $(check_DATA) $(AFXDP_UNIT)
	$(AFXDP_UNIT)
	@$(MAKE) $(AM_MAKEFLAGS) check-shell-lint
	@$(MAKE) $(AM_MAKEFLAGS) check-fuzz
	@if test "$$(id -u)" = 0; then \
	  $(MAKE) $(AM_MAKEFLAGS) check-afxdp-xdp-parser && \
	  $(MAKE) $(AM_MAKEFLAGS) check-afxdp-xdp-detach && \
	  $(MAKE) $(AM_MAKEFLAGS) check-afxdp-reap && \
	  $(MAKE) $(AM_MAKEFLAGS) check-afxdp && \
	  $(MAKE) $(AM_MAKEFLAGS) check-afxdp-traffic && \
	  $(MAKE) $(AM_MAKEFLAGS) check-afxdp-traffic-offload && \
	  $(MAKE) $(AM_MAKEFLAGS) check-afxdp-deb && \
	  $(MAKE) $(AM_MAKEFLAGS) check-afxdp-ovn && \
	  $(MAKE) $(AM_MAKEFLAGS) check-bench-smoke; \
	else \
	  echo "check-afxdp skipped: the system suites need root"; \
	fi

# After a test script that set 'rc': its status, but a skip (77, whose
# reason the script printed) is said and is no failure of make check.
AFXDP_SKIP_OK = if test $$rc = 77; then echo "$@: SKIPPED"; \
	else exit $$rc; fi

# The Debian package, end to end (tests/afxdp-deb-test): built with make
# deb, installed next to Debian's openvswitch-switch, run by its ovs-ctl,
# restarted, removed.  Root; changes the system's ovs-vswitchd alternative
# for its duration.
check-afxdp-deb: deb
	@if test "$$(id -u)" = 0; then \
	  set -e; debs=$$(ls deb/openvswitch-switch-afxdp_$(PACKAGE_VERSION)+ovs*_*.deb \
	    | grep -v dbgsym); \
	  if command -v lintian >/dev/null; then \
	    echo "== lintian $$debs"; \
	    lintian --fail-on error,warning $$debs; \
	  fi; \
	  rc=0; $(PYTHON3) $(srcdir)/tests/afxdp-reap $(SHELL) \
	    $(srcdir)/tests/afxdp-deb-test $$debs || rc=$$?; \
	  $(AFXDP_SKIP_OK); \
	else \
	  echo "check-afxdp-deb skipped: needs root"; \
	fi
PHONY += check-afxdp-deb
EXTRA_DIST += tests/afxdp-deb-test

# OVN end to end on afxdp ports (tests/afxdp-ovn-test): Debian's
# ovn-central and ovn-host, two chassis of ours in namespaces, Geneve over
# an afxdp underlay, ACL and load balancer, without and with the fast
# path; writes the datapath flows by kind to tests/ovn-flows.txt.  Root.
check-afxdp-ovn: all
	@if test "$$(id -u)" = 0; then \
	  rc=0; AFXDP_BUILD_DIR='$(abs_builddir)' $(PYTHON3) \
	    $(srcdir)/tests/afxdp-reap $(SHELL) $(srcdir)/tests/afxdp-ovn-test \
	    || rc=$$?; \
	  $(AFXDP_SKIP_OK); \
	else \
	  echo "check-afxdp-ovn skipped: needs root"; \
	fi
PHONY += check-afxdp-ovn
EXTRA_DIST += tests/afxdp-ovn-test
CLEANFILES += tests/ovn-flows.txt

# The benchmark tool works (seconds; its numbers mean nothing here).
check-bench-smoke: all
	$(PYTHON3) $(srcdir)/tests/afxdp-reap \
		$(srcdir)/utilities/ovs-afxdp-bench --smoke --out tests/bench-smoke
	$(PYTHON3) $(srcdir)/tests/afxdp-reap \
		$(srcdir)/utilities/ovs-afxdp-mac-flood --trials 1 --seconds 1 \
		--out tests/mac-flood-smoke
PHONY += check-bench-smoke

# Our system suite with every Open vSwitch program under valgrind's
# memcheck (wrappers from Open vSwitch's tests/valgrind-wrapper.in).
# Slow; run by hand, not by CI: make check-afxdp-valgrind
# [TESTSUITEFLAGS='-k ping'].  Reports land in
# tests/ovs-afxdp-testsuite.dir/*/valgrind.*.
AFXDP_VALGRIND_WRAPPERS = $(addprefix tests/valgrind/, ovs-vswitchd \
	ovsdb-server ovsdb-tool ovs-vsctl ovs-appctl ovs-ofctl)
AFXDP_VALGRIND = valgrind --log-file=valgrind.%p --leak-check=full \
	--track-origins=yes --num-callers=20 \
	--suppressions=$(abs_builddir)/$(OVS_DIR)/tests/glibc.supp \
	--suppressions=$(abs_builddir)/$(OVS_DIR)/tests/openssl.supp \
	--suppressions=$(abs_srcdir)/tests/afxdp.supp
EXTRA_DIST += tests/afxdp.supp tests/afxdp-tsan.supp

check-afxdp-valgrind: all $(check_DATA)
	@$(MAKE) -C $(OVS_DIR) $(AFXDP_VALGRIND_WRAPPERS)
	$(SHELL) '$(AFXDP_TESTSUITE)' -C tests VALGRIND='$(AFXDP_VALGRIND)' \
		AUTOTEST_PATH='$(OVS_DIR)/tests/valgrind:$(AFXDP_AUTOTEST_PATH)' \
		-d $(TESTSUITEFLAGS) -j1
	@echo 'valgrind reports: tests/ovs-afxdp-testsuite.dir/*/valgrind.*'
PHONY += check-afxdp-valgrind
