# Live capture (issue 6): in-process capture and engine on lo, the CLI's capture command as a child
# process, and REJECT/DROP between two network namespaces. Capturing needs root: each test skips,
# saying so, when the run is not root (CI runs as root).
synscope_add_test(test_live_capture ${CMAKE_CURRENT_SOURCE_DIR}/unit/test_live_capture.cpp LIBS synscope_engine)
synscope_add_test(test_live_cli ${CMAKE_CURRENT_SOURCE_DIR}/unit/test_live_cli.cpp)
add_dependencies(test_live_cli synscope-cli)
synscope_add_test(test_live_netns ${CMAKE_CURRENT_SOURCE_DIR}/unit/test_live_netns.cpp)
add_dependencies(test_live_netns synscope-cli)
# The namespace test waits out SYN retransmissions; namespaces and veth names are per process.
set_tests_properties(test_live_netns PROPERTIES TIMEOUT 120)
