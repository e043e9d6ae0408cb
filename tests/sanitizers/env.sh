# Sanitizer settings for running a -DSYNSCOPE_SANITIZE=ON build's tests. Source it from the source root:
#   (. tests/sanitizers/env.sh && tests/run-tests.sh build-asan)
# Every report fails the test: ASan and UBSan abort, leaks make the process exit non-zero. Leaks inside
# libraries we do not own (fontconfig's caches, Qt's plugin loader) are suppressed by name in lsan.supp.
sanitizer_dir="$(pwd)/tests/sanitizers"
export ASAN_OPTIONS="detect_leaks=1:abort_on_error=1:detect_stack_use_after_return=1:check_initialization_order=1:strict_init_order=1"
export LSAN_OPTIONS="suppressions=$sanitizer_dir/lsan.supp:print_suppressions=0"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
unset sanitizer_dir
