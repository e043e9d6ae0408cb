#!/bin/sh
# Builds SynScope's Debian package, installs it, captures on lo as an unprivileged member of the
# synscope group through the installed helper (whose permitted and effective capabilities must be empty
# once it has opened the interface), checks the error a non-member gets, runs lintian (errors
# fail), purges the package and checks that nothing of it is left (files, group, permission override).
# Run as root on a machine whose synscope package and users may be replaced (CI).
# Usage: packaging/ci-package-test.sh [BUILD_DIR]   (default: build-pkg in the source folder)
set -eu

src=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$src/build-pkg}
started=$(date +%s)
member=synscope-ci
outsider=synscope-ci-out
work=""
background=""

say() { echo "ci-package-test: $*"; }
fail() {
    echo "ci-package-test: FAIL: $*" >&2
    exit 1
}
cleanup() {
    for pid in $background; do kill "$pid" 2>/dev/null || true; done
    for pid in $background; do wait "$pid" 2>/dev/null || true; done
    background=""
    [ -n "$work" ] && rm -rf "$work"
    for u in "$member" "$outsider"; do
        if id "$u" >/dev/null 2>&1; then userdel "$u" >/dev/null 2>&1 || true; fi
    done
}
trap cleanup EXIT

[ "$(id -u)" -eq 0 ] || fail "run this as root: it installs and purges the package and adds users"
for tool in cmake cpack ninja lintian setpriv runuser getcap python3 desktop-file-validate appstreamcli file man; do
    command -v "$tool" >/dev/null 2>&1 || fail "$tool is missing; run packaging/install-build-deps.sh"
done

# A previous run's leftovers would hide what this run's package does.
if dpkg-query -W -f='${Status}' synscope 2>/dev/null | grep -q "installed"; then
    say "purging the synscope package already installed"
    apt-get purge -y -q synscope >/dev/null
fi
cleanup

# --- Build and package ------------------------------------------------------------------------------
# The programs' compiled-in install folder must be the package's (/usr); installing does not need the
# tests built (CMAKE_SKIP_INSTALL_ALL_DEPENDENCY), only the packaged targets.
say "configuring $build"
cmake -S "$src" -B "$build" -G Ninja -DCMAKE_INSTALL_PREFIX=/usr -DCMAKE_SKIP_INSTALL_ALL_DEPENDENCY=ON >/dev/null
say "building the packaged programs"
cmake --build "$build" -j2 --target synscope synscope-cli synscope-capture synscope-package-data
rm -f "$build"/synscope_*.deb
(cd "$build" && cpack -G DEB >/dev/null) || fail "cpack -G DEB failed"
deb=$(ls "$build"/synscope_*.deb)
say "built $deb"
version=$(dpkg-deb -f "$deb" Version)
say "Depends: $(dpkg-deb -f "$deb" Depends)"

# --- lintian (errors fail; warnings are listed) -------------------------------------------------------
say "lintian:"
lintian --fail-on error --display-level ">=warning" "$deb" || fail "lintian reports errors on $deb"
# The desktop entry and the metainfo as the package installs them.
work=$(mktemp -d /tmp/synscope-ci.XXXXXX)
dpkg-deb -x "$deb" "$work/root"
desktop-file-validate "$work/root/usr/share/applications/io.github.synscope.SynScope.desktop" ||
    fail "the desktop entry is invalid"
appstreamcli validate --no-net "$work/root/usr/share/metainfo/io.github.synscope.SynScope.metainfo.xml" ||
    fail "the AppStream metainfo is invalid"

# --- Install ---------------------------------------------------------------------------------------------
say "installing"
DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$deb" >/dev/null || fail "apt-get install $deb failed"
[ "$(synscope-cli --version)" = "synscope-cli $version" ] || fail "synscope-cli --version: $(synscope-cli --version)"
[ "$(synscope-capture --version)" = "synscope-capture $version" ] || fail "synscope-capture --version"
rights=$(stat -c '%U:%G %a' /usr/bin/synscope-capture)
[ "$rights" = "root:synscope 750" ] || fail "the helper is $rights, not root:synscope 750"
getcap /usr/bin/synscope-capture | grep -q "cap_net_admin,cap_net_raw=eip" ||
    fail "the helper lacks its capabilities: $(getcap /usr/bin/synscope-capture)"
for f in /usr/bin/synscope /usr/share/man/man1/synscope.1.gz /usr/share/man/man1/synscope-cli.1.gz \
         /usr/share/man/man1/synscope-capture.1.gz /usr/share/icons/hicolor/scalable/apps/io.github.synscope.SynScope.svg \
         /usr/share/icons/hicolor/48x48/apps/io.github.synscope.SynScope.png /usr/share/doc/synscope/copyright; do
    [ -e "$f" ] || fail "$f is not installed"
done
man -l /usr/share/man/man1/synscope-capture.1.gz >/dev/null 2>&1 || fail "the synscope-capture man page does not format"

# --- A capture on lo as an unprivileged member of the synscope group ---------------------------------------
useradd --no-create-home --shell /bin/sh --groups synscope "$member"
useradd --no-create-home --shell /bin/sh "$outsider"
chmod 0755 "$work"
mkdir "$work/out" && chown "$member" "$work/out"

# The installed helper's processes run by a user: /proc/PID/exe is the helper's file and the real UID is the
# user's. (pgrep -x cannot name it: a process name is cut to 15 characters, "synscope-captur".)
helper_processes() {
    uid=$(id -u "$1")
    for dir in /proc/[0-9]*; do
        [ "$(readlink "$dir/exe" 2>/dev/null)" = /usr/bin/synscope-capture ] || continue
        [ "$(awk '$1 == "Uid:" { print $2 }' "$dir/status" 2>/dev/null)" = "$uid" ] && echo "${dir#/proc/}"
    done
    return 0
}

say "capturing 5 packets on lo as $member (groups: $(id -Gn "$member"))"
timeout 30 runuser -u "$member" -- synscope-cli capture -i lo -f 'tcp port 9' -c 5 -q -w "$work/out/lo.pcapng" \
    2>"$work/capture.err" &
capture=$!
background="$capture"

# While no packet has come, the capture waits: the helper's capabilities can be read then. It gives them all
# up once the interface is open and only then reports "started", after which synscope-cli prints the
# interface and the helper it captures through; from there on, the permitted and effective sets must be empty.
helper=""
tries=0
while [ "$tries" -lt 100 ]; do
    if grep -q "capturing through the capture helper" "$work/capture.err"; then
        helper=$(helper_processes "$member")
        [ -n "$helper" ] && break
    fi
    kill -0 "$capture" 2>/dev/null || break
    sleep 0.1
    tries=$((tries + 1))
done
[ -n "$helper" ] || fail "no /usr/bin/synscope-capture process of $member while the capture ran (waited $((tries / 10)) s); synscope-cli said: $(cat "$work/capture.err")"
[ "$(echo "$helper" | wc -w)" -eq 1 ] || fail "more than one synscope-capture process of $member: $helper"
status=$(cat "/proc/$helper/status" 2>/dev/null) ||
    fail "cannot read /proc/$helper/status (the helper ended before its capabilities could be read)"
sets=$(echo "$status" | awk '$1 ~ /^Cap(Inh|Prm|Eff|Bnd|Amb):$/ { printf "%s%s %s", sep, $1, $2; sep = " " }')
say "the helper (pid $helper, user $member) after opening lo: $sets"
for set in CapPrm CapEff; do
    value=$(echo "$status" | awk -v set="$set:" '$1 == set { print $2 }')
    [ "$value" = 0000000000000000 ] ||
        fail "the installed helper still holds capabilities after opening lo: $set is '$value', not 0000000000000000 ($sets)"
done

# Loopback traffic the capture can count: connections to a closed port, each a SYN answered by a RST.
python3 - <<'PY' &
import socket, time
end = time.time() + 20
while time.time() < end:
    s = socket.socket()
    try:
        s.connect(("127.0.0.1", 9))
    except OSError:
        pass
    s.close()
    time.sleep(0.05)
PY
traffic=$!
background="$capture $traffic"
set +e
wait "$capture"
rc=$?
set -e
kill "$traffic" 2>/dev/null || true
wait "$traffic" 2>/dev/null || true
background=""
cat "$work/capture.err"
[ "$rc" -eq 0 ] || fail "the capture as $member exited with $rc"
grep -q "capturing through the capture helper /usr/bin/synscope-capture" "$work/capture.err" ||
    fail "the capture did not go through the installed helper"
grep -qx "5 packets captured" "$work/capture.err" || fail "the capture did not report 5 packets"
[ "$(stat -c %U "$work/out/lo.pcapng")" = "$member" ] || fail "the capture file is not $member's"
[ "$(file -b "$work/out/lo.pcapng")" = "pcapng capture file - version 1.0" ] ||
    fail "the capture file is not pcapng: $(file -b "$work/out/lo.pcapng")"
packets=$(synscope-cli read "$work/out/lo.pcapng")
echo "$packets"
[ "$(echo "$packets" | wc -l)" -eq 5 ] || fail "the capture file does not hold 5 packets"
echo "$packets" | grep -q "127.0.0.1.9: Flags \[S\]" || fail "the capture file holds no SYN to port 9"

# --- A helper that lost its capabilities: members are told dpkg-reconfigure, which restores them ------------
setcap -r /usr/bin/synscope-capture
set +e
runuser -u "$member" -- synscope-cli capture -i lo -c 1 -q -w "$work/out/nocaps.pcapng" 2>"$work/nocaps.err"
rc=$?
set -e
cat "$work/nocaps.err"
[ "$rc" -eq 1 ] || fail "the capture without the helper's capabilities exited with $rc, not 1"
grep -q "restore them with: sudo dpkg-reconfigure synscope" "$work/nocaps.err" ||
    fail "$member was not told to run dpkg-reconfigure"
DEBIAN_FRONTEND=noninteractive dpkg-reconfigure synscope
getcap /usr/bin/synscope-capture | grep -q "cap_net_admin,cap_net_raw=eip" ||
    fail "dpkg-reconfigure synscope did not restore the helper's capabilities"

# --- A user outside the group is told the command that lets them in -----------------------------------------
set +e
runuser -u "$outsider" -- synscope-cli capture -i lo -c 1 -q -w /tmp/synscope-ci-outsider.pcapng 2>"$work/outsider.err"
rc=$?
set -e
cat "$work/outsider.err"
[ "$rc" -eq 1 ] || fail "the capture as $outsider exited with $rc, not 1"
grep -q "sudo usermod -aG synscope $outsider" "$work/outsider.err" || fail "$outsider was not told the usermod command"
[ ! -e /tmp/synscope-ci-outsider.pcapng ] || fail "a refused capture left a file behind"

# --- Purge, and nothing left ---------------------------------------------------------------------------------------
files=$(dpkg -L synscope | while read -r f; do [ -f "$f" ] && echo "$f"; done)
userdel "$member"
userdel "$outsider"
say "purging"
apt-get purge -y -q synscope >/dev/null || fail "apt-get purge synscope failed"
! dpkg-query -W -f='${Status}' synscope 2>/dev/null | grep -q "installed" || fail "synscope is still installed"
! getent group synscope >/dev/null || fail "the synscope group is still there"
! dpkg-statoverride --list /usr/bin/synscope-capture >/dev/null || fail "the helper's permission override is still there"
for f in $files; do
    [ ! -e "$f" ] || fail "$f is still there after the purge"
done
say "PASS ($(( $(date +%s) - started )) s)"
