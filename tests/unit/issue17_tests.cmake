# Issue 17: tests whose oracle is an independent tool or a recorded input.
# test_tcpdump_corpus: `synscope-cli read` (with and without -S) against tcpdump itself on every TCP line of
# ../shared/corpus, after checking that the installed tcpdump prints the recorded FILE.tcpdump.txt (skipped,
# saying so, without the corpus or without tcpdump).
synscope_add_test(test_tcpdump_corpus ${CMAKE_CURRENT_SOURCE_DIR}/unit/test_tcpdump_corpus.cpp)
add_dependencies(test_tcpdump_corpus synscope-cli)
# test_fuzz_regressions: every input under tests/fuzz/regressions/ (fuzz findings and the hostile cases found
# so far, listed in its README.md) through the reader, PacketStore and its analysis, every decoder route and view,
# and the sequence diagram; in both CI builds, the ASan one included.
synscope_add_test(test_fuzz_regressions ${CMAKE_CURRENT_SOURCE_DIR}/unit/test_fuzz_regressions.cpp)
