#!/bin/sh
# Builds SynScope's libFuzzer targets with clang + AddressSanitizer + UndefinedBehaviorSanitizer, makes
# the seed corpus (the project's capture builder, plus ../shared/corpus when present) and runs every
# target for a bounded time. Fails when a target finds a crash, a sanitizer report, a leak, a timeout
# (an input taking more than 10 s) or runs out of memory (2 GB); the input that did it is kept in
# BUILD/fuzz-artifacts/ and the output in BUILD/fuzz-logs/.
#
# usage: tests/fuzz/run-fuzzers.sh [SECONDS_PER_TARGET [TARGET...]]     (default: 20 s, every target)
# environment: SYNSCOPE_FUZZ_BUILD_DIR (default build-fuzz beside the sources),
#              SYNSCOPE_FUZZ_JOBS (parallel compile jobs, default 2)
#
# New inputs that reach new code are kept in BUILD/fuzz-corpus/TARGET, so running again locally goes on
# from where the last run stopped. Reproduce a finding with: BUILD/tests/fuzz/fuzz_TARGET ARTIFACT
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
build=${SYNSCOPE_FUZZ_BUILD_DIR:-$root/build-fuzz}
jobs=${SYNSCOPE_FUZZ_JOBS:-2}
seconds=${1:-20}
[ $# -gt 0 ] && shift
targets=${*:-"capture_reader decode_ethernet decode_sll decode_sll2 decode_null decode_raw tcp_analysis bpf_filter"}

if [ ! -f "$build/CMakeCache.txt" ]; then
    CC=clang CXX=clang++ cmake -S "$root" -B "$build" -G Ninja -DSYNSCOPE_SANITIZE=ON -DSYNSCOPE_BUILD_FUZZERS=ON \
        -DSYNSCOPE_BUILD_TESTS=OFF
fi
cmake --build "$build" -j "$jobs" --target synscope-fuzzers

seeds=$build/fuzz-seeds
rm -rf "$seeds"
corpus=$root/../shared/corpus
if [ -d "$corpus" ]; then
    "$build/tests/fuzz/synscope-make-fuzz-seeds" "$seeds" "$corpus"
else
    echo "run-fuzzers.sh: no shared corpus at $corpus; seeds from the capture builder only"
    "$build/tests/fuzz/synscope-make-fuzz-seeds" "$seeds"
fi

mkdir -p "$build/fuzz-artifacts" "$build/fuzz-logs"
# Leaks are failures; UBSan reports already abort (-fno-sanitize-recover=undefined).
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0:symbolize=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"
failed=""
for t in $targets; do
    case $t in
        capture_reader) opts="-max_len=65536 -dict=$root/tests/fuzz/capture.dict" ;;
        tcp_analysis) opts="-max_len=32768" ;;
        bpf_filter) opts="-max_len=1024 -dict=$root/tests/fuzz/bpf.dict" ;;
        *) opts="-max_len=9000" ;;
    esac
    mkdir -p "$build/fuzz-corpus/$t"
    log=$build/fuzz-logs/$t.log
    start=$(date +%s)
    # shellcheck disable=SC2086
    if "$build/tests/fuzz/fuzz_$t" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
        -artifact_prefix="$build/fuzz-artifacts/$t-" $opts "$build/fuzz-corpus/$t" "$seeds/$t" >"$log" 2>&1; then
        result=ok
    else
        result=FAILED
        failed="$failed $t"
    fi
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
    cov=$(grep -o 'cov: [0-9]*' "$log" | tail -1 || true)
    printf 'fuzz %-16s %-6s %4ss %10s runs  %s\n' "$t" "$result" "$(($(date +%s) - start))" "${runs:-?}" "$cov"
    if [ "$result" = FAILED ]; then
        grep -E 'ERROR|SUMMARY|runtime error|fuzz invariant|Test unit written|==[0-9]+==' "$log" | head -20 || true
        echo "  (whole output: $log)"
    fi
done
if [ -n "$failed" ]; then
    echo "run-fuzzers.sh: findings in:$failed (inputs in $build/fuzz-artifacts)"
    exit 1
fi
echo "run-fuzzers.sh: no findings"
