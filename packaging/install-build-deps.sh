#!/bin/sh
# Installs what building, testing or CI of SynScope needs on Debian 12, from Debian's own packages (without
# the packages they only recommend). Run as root (or through sudo). Safe to run again: it installs only what
# is missing, and nothing when nothing is.
#
# usage: packaging/install-build-deps.sh [build|test|ci]      (default: test)
#   build  build SynScope and run it (the README's first command), and build its .deb
#   test   build, plus what the test suite uses (the README's second command): every test runs, none skips
#          for want of a tool
#   ci     test, plus what .ci/run adds: the sanitizer and fuzz builds and the .deb test
# The programs never need tshark or capinfos: the tests compare SynScope's output with theirs.
set -eu
usage() {
    sed -n 's/^# \{0,1\}//; 6,10p' "$0" >&2
    exit "${1:-2}"
}
profile=${1:-test}
case $profile in
    build | test | ci) ;;
    -h | --help) usage 0 ;;
    *)
        echo "install-build-deps.sh: unknown profile '$profile'" >&2
        usage
        ;;
esac
if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1; then
        exec sudo "$0" "$@"
    fi
    echo "install-build-deps.sh: run this as root (it installs Debian packages with apt-get)" >&2
    exit 1
fi
export DEBIAN_FRONTEND=noninteractive

# build: the compiler, CMake + Ninja, Qt 6 (Widgets, Svg, Test; qt6-base-dev brings the xcb and offscreen
# platform plugins), QCustomPlot's Qt 6 build, libpcap; a font, so windows and offscreen pictures have
# readable text; file, which CPack's .deb generator uses to find the programs whose libraries it lists
# (README: Install from the .deb).
packages="build-essential cmake ninja-build pkg-config qt6-base-dev qt6-svg-dev libqcustomplot-dev
          libqcustomplot2.1-qt6 libpcap-dev libgl-dev fonts-dejavu-core file"
# test: tcpdump (test_export compares its exports with tcpdump's), iproute2 (ip netns and veth pairs:
# test_live_netns), nftables and iptables (its REJECT and DROP rows, one each), python3 (test_corpus runs
# ../shared/tools/compare-with-tshark; tests/run-tests.sh lists the skips with it), tshark with capinfos
# (test_export's and test_graphs' comparisons), util-linux (setpriv: run programs as the user nobody in
# test_capture_helper and test_live_cli) and libcap2-bin (setcap: test_capture_helper's copy of the helper
# with file capabilities).
if [ "$profile" != build ]; then
    packages="$packages tcpdump iproute2 nftables iptables python3 tshark util-linux libcap2-bin"
fi
# ci: clang and its compiler-rt (AddressSanitizer, UndefinedBehaviorSanitizer, libFuzzer: libclang-rt-14-dev),
# llvm-14 (llvm-symbolizer: sanitizer reports with file and line); for packaging/ci-package-test.sh: lintian,
# desktop-file-utils and appstream (the .desktop and metainfo checks), man-db (the man pages must format),
# adduser (the package's maintainer scripts; the package depends on it and on libcap2-bin).
if [ "$profile" = ci ]; then
    packages="$packages clang libclang-rt-14-dev llvm-14 lintian desktop-file-utils appstream man-db adduser"
fi

missing=""
for p in $packages; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
if [ -z "$missing" ]; then
    echo "install-build-deps.sh: everything the '$profile' profile needs is installed"
    exit 0
fi
echo "install-build-deps.sh ($profile): installing$missing"
# tshark's wireshark-common asks whether non-root users may capture (a setuid dumpcap); the tests run as
# root and need no such thing: answer no, without a question.
echo "wireshark-common wireshark-common/install-setuid boolean false" | debconf-set-selections
apt-get update -q
# shellcheck disable=SC2086 # one word per package
apt-get install -y -q --no-install-recommends $missing
