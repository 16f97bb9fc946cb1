# Our XDP program, compiled for the BPF target and installed where the
# daemon looks for it ($(bpfdir), configure --with-bpfdir); the
# benchmark's sink; a program for the tests and the sample of a user's own
# program (options:xdp-prog).

AFXDP_BPF_OBJ = bpf/afxdp-redirect.bpf.o bpf/afxdp-redirect-md.bpf.o \
	bpf/afxdp-redirect-offload.bpf.o bpf/afxdp-redirect-errors.bpf.o
AFXDP_TEST_BPF_OBJ = bpf/xdp-pass.bpf.o
AFXDP_SAMPLE_BPF_OBJ = tests/xdp-drop-port.bpf.o
AFXDP_BENCH_BPF_OBJ = bpf/xdp-drop.bpf.o bpf/xdp-redirect-peer.bpf.o
EXTRA_DIST += bpf/afxdp-redirect.bpf.c bpf/afxdp-redirect-md.bpf.c \
	bpf/afxdp-redirect-offload.bpf.c bpf/afxdp-redirect-errors.bpf.c \
	bpf/afxdp-xskmap.h bpf/afxdp-offload-port-stats.h bpf/afxdp-csum-rx.h \
	bpf/xdp-pass.bpf.c bpf/xdp-drop.bpf.c \
	bpf/xdp-redirect-peer.bpf.c tests/xdp-drop-port.bpf.c
bpf_DATA = $(AFXDP_BPF_OBJ) $(AFXDP_BENCH_BPF_OBJ)
CLEANFILES += $(AFXDP_BPF_OBJ) $(AFXDP_TEST_BPF_OBJ) $(AFXDP_BENCH_BPF_OBJ) \
	$(AFXDP_SAMPLE_BPF_OBJ)

bpf/%.bpf.o: bpf/%.bpf.c
	$(AM_V_GEN)$(MKDIR_P) bpf && $(BPF_CC) $(BPF_CFLAGS) -I$(srcdir)/lib -c $< -o $@
tests/%.bpf.o: tests/%.bpf.c
	$(AM_V_GEN)$(MKDIR_P) tests && $(BPF_CC) $(BPF_CFLAGS) -I$(srcdir)/bpf -c $< -o $@
tests/xdp-drop-port.bpf.o: bpf/afxdp-xskmap.h
bpf/afxdp-redirect.bpf.o: bpf/afxdp-xskmap.h
bpf/afxdp-redirect-md.bpf.o: bpf/afxdp-xskmap.h lib/afxdp-rx-meta.h
bpf/afxdp-redirect-offload.bpf.o: bpf/afxdp-xskmap.h lib/afxdp-offload-maps.h \
	bpf/afxdp-offload-port-stats.h bpf/afxdp-csum-rx.h lib/afxdp-csum-fold.h
bpf/afxdp-redirect-errors.bpf.o: lib/afxdp-offload-maps.h \
	bpf/afxdp-offload-port-stats.h
