# The display filter (core/filter/display_filter): expressions, the TCP stream restriction, a link type
# that appears later and rejects the expression.
synscope_add_test(test_display_filter ${CMAKE_CURRENT_SOURCE_DIR}/unit/test_display_filter.cpp)
