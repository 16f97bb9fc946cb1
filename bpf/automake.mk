# Our XDP program, compiled for the BPF target and installed where the
# daemon looks for it ($(pkgdatadir)).

AFXDP_BPF_OBJ = bpf/afxdp-redirect.bpf.o
EXTRA_DIST += bpf/afxdp-redirect.bpf.c
pkgdata_DATA += $(AFXDP_BPF_OBJ)
CLEANFILES += $(AFXDP_BPF_OBJ)

$(AFXDP_BPF_OBJ): bpf/afxdp-redirect.bpf.c
	$(AM_V_GEN)$(MKDIR_P) bpf && $(BPF_CC) $(BPF_CFLAGS) -c $< -o $@

