# A libFuzzer target (clang, ASan, UBSan) over what our code takes from
# outside: options, ring descriptors from a hostile "kernel", checksum
# offsets.  See tests/fuzz-afxdp.c and Documentation/topics/testing.rst.
#
#   make check-fuzz       a short run (part of make check when clang can
#                         build a libFuzzer target).
#   make check-fuzz-long  FUZZ_SECONDS=3600 by default.
#
# Our sources under test, and Open vSwitch's lib/csum.c and lib/packets.c
# that the checksum code calls, are compiled into the binary so that they
# are instrumented; the rest comes from the private tree's libopenvswitch,
# a copy of which drops those objects, so that no symbol is defined twice.

FUZZ_CC = $(BPF_CC)
FUZZ_CFLAGS = -g -O1 -fsanitize=fuzzer,address,undefined \
	-fno-sanitize-recover=undefined
FUZZ_AFXDP = tests/fuzz-afxdp
FUZZ_SRCS = \
	$(srcdir)/tests/fuzz-afxdp.c \
	$(srcdir)/lib/afxdp-xsk.c \
	$(srcdir)/lib/netdev-afxdp-pool.c \
	$(srcdir)/lib/afxdp-options.c \
	$(srcdir)/lib/afxdp-shared-umem.c \
	$(srcdir)/lib/afxdp-csum.c \
	$(srcdir)/lib/afxdp-csum-rx.c
FUZZ_OVS_SRCS = $(OVS_DIR)/lib/csum.c $(OVS_DIR)/lib/packets.c
FUZZ_LIBOVS = tests/fuzz-libopenvswitch.a
FUZZ_CORPUS = \
	tests/fuzz-corpus/csum-ipv4-tcp \
	tests/fuzz-corpus/csum-ipv6-udp \
	tests/fuzz-corpus/csum-rx-partial \
	tests/fuzz-corpus/options-all \
	tests/fuzz-corpus/options-bad \
	tests/fuzz-corpus/rings-rx-tx \
	tests/fuzz-corpus/rings-hostile
FUZZ_DICT = $(srcdir)/tests/fuzz-afxdp.dict
# Where a run's new inputs and its crashes go, in the build directory.
FUZZ_RUN_CORPUS = tests/fuzz-corpus.run
FUZZ_ARTIFACTS = tests/fuzz-artifacts
FUZZ_QUICK_SECONDS = 15
FUZZ_SECONDS = 3600
FUZZ_FLAGS =

EXTRA_DIST += tests/fuzz-afxdp.c tests/fuzz-afxdp.dict $(FUZZ_CORPUS)
CLEANFILES += $(FUZZ_AFXDP) $(FUZZ_LIBOVS)

# Succeeds if $(FUZZ_CC) can build a libFuzzer target with ASan.
FUZZ_PROBE = echo 'int LLVMFuzzerTestOneInput(const char *d, long n) \
	{ return 0; }' | $(FUZZ_CC) -fsanitize=fuzzer,address -x c - \
	-o /dev/null >/dev/null 2>&1

$(FUZZ_LIBOVS): $(OVS_DIR)/lib/libopenvswitch.la
	$(AM_V_GEN)$(MKDIR_P) tests && \
	cp $(OVS_DIR)/lib/.libs/libopenvswitch.a $@.tmp && \
	ar d $@.tmp afxdp-xsk.o netdev-afxdp-pool.o afxdp-options.o \
		afxdp-csum.o afxdp-csum-rx.o csum.o packets.o && \
	ranlib $@.tmp && mv $@.tmp $@

# The libraries libopenvswitch needs, from its libtool archive, with the
# libtool archives among them replaced by their static libraries.
FUZZ_LIBS = `sed -n "s/^dependency_libs='\(.*\)'$$/\1/p" \
	$(OVS_DIR)/lib/libopenvswitch.la \
	| sed 's|\([^ ]*\)/\([^/ ]*\)\.la|\1/.libs/\2.a|g'`

$(FUZZ_AFXDP): $(FUZZ_SRCS) $(FUZZ_LIBOVS) $(srcdir)/lib/*.h \
		$(srcdir)/tests/afxdp-fake-rings.h
	$(AM_V_CCLD)$(FUZZ_CC) $(FUZZ_CFLAGS) \
		-I$(OVS_DIR) -I$(OVS_DIR)/include -I$(OVS_DIR)/lib \
		-o $@ $(FUZZ_SRCS) $(FUZZ_OVS_SRCS) $(FUZZ_LIBOVS) \
		$(FUZZ_LIBS) -lpthread -lrt

# Runs the fuzzer for $(1) seconds over the seeds and what earlier runs
# found; new inputs go to $(FUZZ_RUN_CORPUS), crashes to $(FUZZ_ARTIFACTS).
FUZZ_RUN = \
	$(MKDIR_P) $(FUZZ_RUN_CORPUS) $(FUZZ_ARTIFACTS) && \
	$(FUZZ_AFXDP) -max_total_time=$(1) -timeout=10 -print_final_stats=1 \
		-dict=$(FUZZ_DICT) -artifact_prefix=$(FUZZ_ARTIFACTS)/ \
		$(FUZZ_FLAGS) $(FUZZ_RUN_CORPUS) $(srcdir)/tests/fuzz-corpus

check-fuzz:
	@if test -n '$(SANITIZER_FLAGS)'; then \
	  echo "check-fuzz skipped: clang's libFuzzer does not link with a" \
	       "gcc-sanitized libopenvswitch (--enable-asan/--enable-ubsan)"; \
	elif $(FUZZ_PROBE); then \
	  $(MAKE) $(AM_MAKEFLAGS) $(FUZZ_AFXDP) && \
	  $(call FUZZ_RUN,$(FUZZ_QUICK_SECONDS)); \
	else \
	  echo "check-fuzz skipped: $(FUZZ_CC) cannot build a libFuzzer target"; \
	fi

check-fuzz-long: $(FUZZ_AFXDP)
	$(call FUZZ_RUN,$(FUZZ_SECONDS))
PHONY += check-fuzz check-fuzz-long

clean-local: clean-fuzz
clean-fuzz:
	rm -rf $(FUZZ_RUN_CORPUS) $(FUZZ_ARTIFACTS)
PHONY += clean-fuzz
