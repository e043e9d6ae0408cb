synscope_add_test(test_tcp_lifecycle ${CMAKE_CURRENT_SOURCE_DIR}/unit/test_tcp_lifecycle.cpp)
# The frozen form of idle connections' analysis state loses nothing (round trips, and captures analysed
# with every connection frozen between its packets against never frozen; ../shared/corpus when present).
synscope_add_test(test_frozen_machines ${CMAKE_CURRENT_SOURCE_DIR}/unit/test_frozen_machines.cpp)
# The analysis' header reader (plain TCP segments read without the decoder) agrees with the decoder:
# every shape it reads, those it leaves to the decoder, damaged frames, whole captures (and ../shared/corpus).
synscope_add_test(test_tcp_header_reader ${CMAKE_CURRENT_SOURCE_DIR}/unit/test_tcp_header_reader.cpp)
