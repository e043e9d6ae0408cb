#!/usr/bin/env python3
"""The end of tests/run-tests.sh: every Qt Test function that skipped in the last CTest run, with its reason.

usage: skip-summary.py BUILD_DIR [--strict] [--ctest-exit N]

Reads BUILD_DIR/test-results/ctest.xml (CTest's --output-junit of the run: which tests ran, and how they
ended) and BUILD_DIR/test-results/qt/NAME.xml (Qt Test's XML log, which every test that synscope_add_test
registers writes beside its text on stdout; tests/CMakeLists.txt). A result file of a test this run did not
run is never read: tests/run-tests.sh deletes them all before CTest starts, and only the tests CTest lists
are looked up. A test that crashed or was killed leaves its log cut short: what it logged until then is
listed, and the test is named as cut short.

Prints the skipped functions grouped by test, function and reason (data rows listed), each marked when
tests/ci-tolerated-skips.txt tolerates it, then the expected failures (QEXPECT_FAIL), then one line with
Qt Test's totals over all tests ("totals: N passed, N failed, N skipped"; a test CTest counts as failed
whose log shows no failed function, a crash or a time-out, counts as one failure).

Exit status: 1 when CTest failed (--ctest-exit N, N != 0, or a test CTest's list shows failed or not run),
or in strict mode (--strict) when a skip is not
tolerated by tests/ci-tolerated-skips.txt or a test that ran left no complete result; 2 for a malformed
tolerated-skips file or bad usage; 0 otherwise.
"""
import argparse
import fnmatch
import os
import sys
import xml.etree.ElementTree as ET

HERE = os.path.dirname(os.path.abspath(__file__))
TOLERATED = os.path.join(HERE, "ci-tolerated-skips.txt")
# What CI provides, so that a skip for want of it is a failure there (README, .ci/run).
CI_PROVIDES = "root, tshark/capinfos, ../shared, network namespaces, a writable tmpfs"


class Skip:
    def __init__(self, test, function, row, reason):
        self.test, self.function, self.row, self.reason = test, function, row, reason
        self.tolerated_by = None  # "file:line" of the entry that tolerates it


def read_tolerated(path):
    """Entries (test glob, function glob, reason glob, line number); each must follow a comment."""
    entries, problems = [], []
    if not os.path.exists(path):
        return entries, problems
    commented = False
    with open(path, encoding="utf-8") as f:
        for number, raw in enumerate(f, 1):
            line = raw.strip()
            if not line:
                commented = False
                continue
            if line.startswith("#"):
                commented = True
                continue
            parts = line.split(None, 2)
            if len(parts) != 3:
                problems.append(f"{path}:{number}: expected TEST FUNCTION REASON, got: {line}")
            elif not commented:
                problems.append(f"{path}:{number}: no comment above this entry saying why CI tolerates it")
            else:
                entries.append((parts[0], parts[1], parts[2], number))
    return entries, problems


def ctest_tests(junit):
    """[(name, status)] of the tests CTest ran (status: run, fail, notrun, disabled), or None."""
    try:
        root = ET.parse(junit).getroot()
    except (OSError, ET.ParseError):
        return None
    return [(t.get("name"), t.get("status")) for t in root.iter("testcase")]


def read_qt_log(test, path):
    """(skips, expected failures, counts, complete) of one Qt Test XML log, as far as it goes."""
    skips, xfails = [], []
    counts = {"passed": 0, "failed": 0, "skipped": 0}
    parser = ET.XMLPullParser(events=("start", "end"))
    function = None
    complete = False
    try:
        with open(path, "rb") as f:
            parser.feed(f.read())
        parser.close()
    except ET.ParseError:
        pass  # cut short (a crash, a kill): keep the events before the break
    try:
        for event, element in parser.read_events():
            if event == "start" and element.tag == "TestFunction":
                function = element.get("name")
            elif event == "end" and element.tag in ("Incident", "Message"):
                kind = element.get("type", "")
                row = element.findtext("DataTag")
                # One line: a reason quoting a tool's several lines of output keeps them, joined by " / ".
                text = " / ".join(l.strip() for l in (element.findtext("Description") or "").splitlines() if l.strip())
                if element.tag == "Incident":
                    if kind == "pass":
                        counts["passed"] += 1
                    elif kind in ("fail", "xpass"):
                        counts["failed"] += 1
                if kind == "skip":
                    counts["skipped"] += 1
                    skips.append(Skip(test, function, row, text))
                elif kind == "xfail":
                    xfails.append(Skip(test, function, row, text))
            elif event == "end" and element.tag == "TestCase":
                complete = True
    except ET.ParseError:
        pass
    return skips, xfails, counts, complete


def grouped(items):
    """Skips with the same test, function, reason and tolerance in one line, their rows listed."""
    groups = {}
    for s in items:
        key = (s.test, s.function, s.reason, s.tolerated_by)
        groups.setdefault(key, []).append(s)
    return groups


def main(argv):
    parser = argparse.ArgumentParser(prog="skip-summary.py", description=__doc__.split("\n\n")[0])
    parser.add_argument("build")
    parser.add_argument("--strict", action="store_true")
    parser.add_argument("--ctest-exit", type=int, default=0)
    args = parser.parse_args(argv)
    build, strict, ctest_exit = args.build, args.strict, args.ctest_exit
    results = os.path.join(build, "test-results")
    tolerated, problems = read_tolerated(TOLERATED)
    for p in problems:
        print(f"skip-summary: {p}", file=sys.stderr)
    if problems:
        return 2

    tests = ctest_tests(os.path.join(results, "ctest.xml"))
    notes = []
    if tests is None:
        notes.append("CTest wrote no readable list of the tests it ran (test-results/ctest.xml); "
                     "the Qt Test logs present are read instead")
        qt_dir = os.path.join(results, "qt")
        names = sorted(f[:-4] for f in os.listdir(qt_dir) if f.endswith(".xml")) if os.path.isdir(qt_dir) else []
        tests = [(n, "run") for n in names]

    skips, xfails = [], []
    totals = {"passed": 0, "failed": 0, "skipped": 0}
    unaccounted = []  # tests that ran without a complete Qt Test log
    complete_logs = set()
    for name, status in tests:
        if status not in ("run", "fail"):
            continue
        path = os.path.join(results, "qt", name + ".xml")
        if not os.path.exists(path):
            unaccounted.append(f"{name}: ran ({'failed' if status == 'fail' else 'passed'}) but wrote no Qt Test "
                               "log (crashed before its first line, or not registered by synscope_add_test)")
            continue
        s, x, counts, complete = read_qt_log(name, path)
        skips += s
        xfails += x
        for k in totals:
            totals[k] += counts[k]
        if status == "fail" and counts["failed"] == 0:
            totals["failed"] += 1  # failed without a failed function in its log: a crash, a time-out, an exit code
        if complete:
            complete_logs.add(name)
        else:
            unaccounted.append(f"{name}: its Qt Test log ends early (crashed, aborted or killed at its time "
                               "limit): functions after that point are not listed")

    used = set()
    for s in skips:
        for test, function, reason, number in tolerated:
            if (fnmatch.fnmatchcase(s.test, test) and fnmatch.fnmatchcase(s.function or "", function)
                    and fnmatch.fnmatchcase(s.reason, reason)):
                s.tolerated_by = f"tests/ci-tolerated-skips.txt:{number}"
                used.add(number)
                break
    # Entries for tests that ran to their end this time and skipped nothing they match.
    unused = [n for t, _, _, n in tolerated
              if n not in used and any(fnmatch.fnmatchcase(r, t) for r in complete_logs)]

    print()
    print(f"=== Skipped Qt Test functions: {len(skips)} (test::function [data rows]: reason)")
    for (test, function, reason, tolerated_by), group in grouped(skips).items():
        rows = [g.row for g in group if g.row is not None]
        label = f"{test}::{function}"
        if rows:
            label += " [" + ", ".join(rows) + "]"
        if function == "initTestCase":
            label += " (every function of the test)"
        mark = f"   (tolerated in CI: {tolerated_by})" if tolerated_by else ""
        print(f"  SKIP {label}: {reason}{mark}")
    if not skips:
        print("  none")
    if xfails:
        print(f"=== Expected failures (QEXPECT_FAIL): {len(xfails)}")
        for (test, function, reason, _), group in grouped(xfails).items():
            rows = [g.row for g in group if g.row is not None]
            print(f"  XFAIL {test}::{function}" + (" [" + ", ".join(rows) + "]" if rows else "") + f": {reason}")
    for n in notes + unaccounted:
        print(f"  NOTE {n}")
    if unused:
        print(f"  NOTE tests/ci-tolerated-skips.txt, line{'s' if len(unused) > 1 else ''} " +
              ", ".join(map(str, unused)) + ": nothing skipped for that in this run (remove an entry that "
              "no longer applies)")

    untolerated = [s for s in skips if not s.tolerated_by]
    # --summary runs pass no exit code: CTest's own record says whether a test failed or could not run.
    failed = ctest_exit != 0 or any(status in ("fail", "notrun") for _, status in tests)
    if untolerated:
        verdict = (f"{len(untolerated)} of the skips are not in tests/ci-tolerated-skips.txt; "
                   f"CI provides {CI_PROVIDES}, so a skip for want of one of them is a failure there")
        if strict:
            print(f"strict: FAIL: {verdict}")
            failed = True
        else:
            print(f"(not strict: {verdict}; SYNSCOPE_STRICT_SKIPS=1 makes them fail)")
    if strict and unaccounted:
        print("strict: FAIL: the skips of the tests noted above cannot be accounted for")
        failed = True
    if failed_tests := [name for name, status in tests if status in ("fail", "notrun")]:
        print(f"CTest: failed or not run: {', '.join(failed_tests)} (see the output above)")
    elif ctest_exit != 0:
        print(f"CTest failed (exit {ctest_exit}): see its output above")
    print(f"totals: {totals['passed']} passed, {totals['failed']} failed, {totals['skipped']} skipped")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
