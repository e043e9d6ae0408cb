# The capture helper (issue 10): its argument and output checks, a capture on lo through it (as root),
# and synscope-cli capturing through a copy of it with capabilities as the unprivileged user nobody.
synscope_add_test(test_capture_helper ${CMAKE_CURRENT_SOURCE_DIR}/unit/test_capture_helper.cpp)
add_dependencies(test_capture_helper synscope-capture synscope-cli)
set_property(TEST test_capture_helper APPEND PROPERTY ENVIRONMENT
  "SYNSCOPE_CAPTURE_HELPER=$<TARGET_FILE:synscope-capture>")
target_compile_definitions(test_capture_helper PRIVATE SYNSCOPE_TEST_VERSION="${PROJECT_VERSION}")
