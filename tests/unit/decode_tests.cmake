synscope_add_test(test_decoders ${CMAKE_CURRENT_SOURCE_DIR}/unit/test_decoders.cpp)
synscope_add_test(test_field_tree ${CMAKE_CURRENT_SOURCE_DIR}/unit/test_field_tree.cpp)
synscope_add_test(test_tcpdump_text ${CMAKE_CURRENT_SOURCE_DIR}/unit/test_tcpdump_text.cpp)
synscope_add_test(test_byte_reader ${CMAKE_CURRENT_SOURCE_DIR}/unit/test_byte_reader.cpp)
