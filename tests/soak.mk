# The soak and fault run (root; tests/ovs-afxdp-soak,
# Documentation/topics/reliability.rst): port churn, reconfiguration,
# kill -9 and restart of ovs-vswitchd, devices deleted under their ports
# and umem frames exhausted, all under traffic, checking for leaks after
# each phase.  Tens of minutes: run by hand, not by make check or CI.
#
#   make check-afxdp-soak [SOAK_FLAGS='--cycles 200 --restarts 20']
#   make check-afxdp-soak-quick       (a minute or two)
#
# Results (table.txt, series.csv, logs) go to tests/soak-results, and
# tests/soak-results/quick for the quick run.

EXTRA_DIST += tests/ovs-afxdp-soak

AFXDP_SOAK = $(srcdir)/tests/ovs-afxdp-soak \
	--ovs-bin '$(abs_builddir)/$(OVS_DIR)'

check-afxdp-soak: all
	$(AFXDP_SOAK) --out tests/soak-results $(SOAK_FLAGS)
check-afxdp-soak-quick: all
	$(AFXDP_SOAK) --out tests/soak-results/quick --quick $(SOAK_FLAGS)
PHONY += check-afxdp-soak check-afxdp-soak-quick
