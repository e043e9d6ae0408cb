synscope_add_test(test_tcp_lifecycle ${CMAKE_CURRENT_SOURCE_DIR}/unit/test_tcp_lifecycle.cpp)
