#!/bin/sh
# Runs a build folder's test suite with CTest, then lists every Qt Test function that skipped (test, function,
# data row, reason) and Qt Test's totals (tests/skip-summary.py). A skipped function still exits 0, so CTest
# alone counts its executable as passed; this list is what shows what did not run.
#
# usage: tests/run-tests.sh [--strict] BUILD_DIR [CTEST_ARGS...]
#            runs CTest with --output-on-failure --no-tests=error and CTEST_ARGS (e.g. -R test_export, -j2)
#        tests/run-tests.sh --summary [--strict] BUILD_DIR
#            the list of the last run in BUILD_DIR again, without running anything
#
# Exit status: non-zero when CTest failed; in strict mode (--strict, or SYNSCOPE_STRICT_SKIPS=1, which .ci/run
# sets) also when a function skipped that tests/ci-tolerated-skips.txt does not tolerate, or a test that ran
# left no complete log. CI provides root, tshark and capinfos, ../shared, network namespaces and a writable
# tmpfs: a function that skips for want of one of them fails CI instead of passing quietly.
#
# Each test that synscope_add_test (tests/CMakeLists.txt) registers writes Qt Test's XML log to
# BUILD_DIR/test-results/qt/NAME.xml besides its usual text; CTest's list of the tests it ran, with how each
# ended, goes to BUILD_DIR/test-results/ctest.xml. Both are deleted before CTest starts, so a test that did
# not run this time is never reported from an earlier run, and a test that crashed shows as cut short.
set -u
here=$(cd "$(dirname "$0")" && pwd)
usage() {
    sed -n 's/^# \{0,1\}//; 6,9p' "$0" >&2
    exit "${1:-2}"
}
strict=0
case ${SYNSCOPE_STRICT_SKIPS:-0} in 0 | "") ;; *) strict=1 ;; esac
summary_only=0
while [ $# -gt 0 ]; do
    case $1 in
        --strict) strict=1 ;;
        --summary) summary_only=1 ;;
        -h | --help) usage 0 ;;
        *) break ;;
    esac
    shift
done
[ $# -ge 1 ] || usage
[ -f "$1/CTestTestfile.cmake" ] || {
    echo "run-tests.sh: $1 is not a configured build folder (no CTestTestfile.cmake)" >&2
    exit 2
}
build=$(cd "$1" && pwd)
shift
command -v python3 >/dev/null 2>&1 || {
    echo "run-tests.sh: python3 is missing (it lists the skipped tests); run packaging/install-build-deps.sh test" >&2
    exit 2
}
results=$build/test-results
flags=""
[ "$strict" -eq 1 ] && flags="--strict"

rc=0
if [ "$summary_only" -eq 0 ]; then
    rm -rf "$results/qt" "$results/ctest.xml"
    mkdir -p "$results/qt"
    ctest --test-dir "$build" --output-on-failure --no-tests=error --output-junit "$results/ctest.xml" "$@"
    rc=$?
fi
# shellcheck disable=SC2086 # flags is empty or one word
python3 "$here/skip-summary.py" $flags --ctest-exit "$rc" "$build"
summary=$?
[ "$rc" -ne 0 ] && exit "$rc"
exit "$summary"
