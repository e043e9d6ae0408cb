# Hostile input (issue 8): damaged and crafted captures and packets, built by the test; 100,000
# connections on one address/port pair and a capture of 1,000,000 connections (memory per packet and per
# connection bounded); a sparse file larger than 4 GiB (skipped, saying so, where the file system cannot
# hold it); synscope-cli read --json and conversations over every file of ../shared/corpus (skipped,
# saying so, when it is absent).
synscope_add_test(test_hostile_input ${CMAKE_CURRENT_SOURCE_DIR}/unit/test_hostile_input.cpp)
add_dependencies(test_hostile_input synscope-cli)
# About 5 s in a RelWithDebInfo build (the million-connection capture and the CLI over the corpus take
# most of it); the limit leaves room for the sanitizer build, and catches a hang well before CTest's default.
set_tests_properties(test_hostile_input PROPERTIES TIMEOUT 300)
