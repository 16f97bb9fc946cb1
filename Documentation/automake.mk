EXTRA_DIST += \
	Documentation/howto/afxdp-options.rst \
	Documentation/howto/debian-package.rst \
	Documentation/howto/ovn.rst \
	Documentation/intro/install.rst \
	Documentation/intro/sandbox.rst \
	Documentation/topics/design.rst \
	Documentation/topics/ovs-tree.rst \
	Documentation/topics/ovs-versions.rst \
	Documentation/topics/performance.rst \
	Documentation/topics/performance-rates.png \
	Documentation/topics/performance-latency.png \
	Documentation/topics/performance-scale-rate.png \
	Documentation/topics/performance-scale-cycles.png \
	Documentation/topics/reliability.rst \
	Documentation/topics/testing.rst \
	Documentation/topics/xdp-fast-path.rst
