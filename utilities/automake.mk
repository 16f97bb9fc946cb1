# The sandbox is installed with the rest; it finds an installed Open
# vSwitch through PATH.  The quickstart is for source trees only.
bin_SCRIPTS += utilities/ovs-afxdp-sandbox utilities/ovs-afxdp-bench \
	utilities/ovs-afxdp-mac-flood utilities/ovs-afxdp-ovn-flows
EXTRA_DIST += utilities/ovs-afxdp-sandbox utilities/ovs-afxdp-quickstart \
	utilities/ovs-afxdp-check-ovs \
	utilities/ovs-afxdp-bench utilities/ovs-afxdp-mac-flood \
	utilities/ovs-afxdp-ovn-flows
