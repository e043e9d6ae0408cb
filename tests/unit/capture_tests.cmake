synscope_add_test(test_capture_reader ${CMAKE_CURRENT_SOURCE_DIR}/unit/test_capture_reader.cpp)
synscope_add_test(test_capture_writer ${CMAKE_CURRENT_SOURCE_DIR}/unit/test_capture_writer.cpp)
