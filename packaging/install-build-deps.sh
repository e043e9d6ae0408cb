#!/bin/sh
# Installs what building and testing SynScope needs on Debian 12, from Debian's own packages.
# Run as root (or through sudo). Safe to run again.
set -eu
if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1; then
        exec sudo "$0" "$@"
    fi
    echo "install-build-deps.sh: run this as root (it installs Debian packages with apt-get)" >&2
    exit 1
fi
export DEBIAN_FRONTEND=noninteractive
# Build: compiler, CMake + Ninja, Qt 6 (Widgets, Svg, Test), QCustomPlot's Qt 6 build, libpcap.
# Tests: tcpdump and iproute2 for live-capture tests (ip netns, veth), nftables and iptables for the
# REJECT/DROP firewall rules inside the test's namespaces, python3 for the shared tshark comparison,
# fonts so offscreen screenshots have readable text.
# Robustness (CI's sanitizer build and fuzz runs): clang, its compiler-rt (libFuzzer, AddressSanitizer,
# UndefinedBehaviorSanitizer runtimes: libclang-rt-14-dev), and llvm-14 for llvm-symbolizer (stack traces
# with file and line in sanitizer reports).
# Debian package (packaging/ci-package-test.sh): file (CPack's shlibdeps finds the programs with it),
# libcap2-bin (setcap/getcap, also the package's own dependency), adduser (its maintainer scripts),
# lintian, desktop-file-utils and appstream (the .desktop and metainfo checks).
packages="build-essential cmake ninja-build pkg-config qt6-base-dev qt6-svg-dev libqcustomplot-dev
          libqcustomplot2.1-qt6 libpcap-dev libgl-dev tcpdump iproute2 nftables iptables python3
          fonts-dejavu-core clang libclang-rt-14-dev llvm-14
          file libcap2-bin adduser lintian desktop-file-utils appstream"
missing=""
for p in $packages; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
if [ -n "$missing" ]; then
    apt-get update -q
    apt-get install -y -q --no-install-recommends $missing
fi
