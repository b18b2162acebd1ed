"""`make readme-figures`: the README's line on the whole test suite, rewritten from the JUnit
report `make test` leaves in var/junit.xml (tests passed, skipped, failed, wall time), so the
figure is never typed by hand."""

from __future__ import annotations

import re
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ROW = re.compile(r"^(\| whole test suite \(`make test`[^|]*\| < 10 min \| ).*$", re.MULTILINE)


def figures(report: Path) -> tuple[int, int, int, float]:
    """(passed, skipped, failed or in error, seconds) of a pytest JUnit report."""
    suite = ET.parse(report).getroot()
    suite = suite.find("testsuite") if suite.tag == "testsuites" else suite
    total, skipped = int(suite.get("tests")), int(suite.get("skipped"))
    failed = int(suite.get("failures")) + int(suite.get("errors"))
    return total - skipped - failed, skipped, failed, float(suite.get("time"))


def row_text(passed: int, skipped: int, failed: int, seconds: float) -> str:
    minutes, rest = divmod(round(seconds), 60)
    return (f"{minutes} min {rest:02d} s: {passed} passed, {skipped} skipped, {failed} failed "
            f"(`make readme-figures` from the last `make test`) |")


def main(report: Path = ROOT / "var" / "junit.xml") -> int:
    if not report.exists():
        print(f"{report} is missing: run `make test` first", file=sys.stderr)
        return 2
    readme = ROOT / "README.md"
    text = readme.read_text(encoding="utf-8")
    line = row_text(*figures(report))
    updated, n = ROW.subn(lambda m: m.group(1) + line, text)
    if n != 1:
        print("README.md has no 'whole test suite' row to update", file=sys.stderr)
        return 2
    readme.write_text(updated, encoding="utf-8")
    print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
