"""`make mutation`'s report: for each core module, its mutants killed, survived, equivalent
(listed in docs/MUTATION.md with a reason) and reached by no test; the score is killed over
non-equivalent. Exits 1 when a module scores under 90 % or a survivor is neither killed nor
listed, or when mutants were not run (an interrupted run)."""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TARGET = 0.90
KILLED = {1, 3, 36, 24, -24, 152, 255, 37}  # failing tests, a timeout, a type error: caught


def equivalent() -> set[str]:
    """Mutant names the team judged equivalent: the first column of docs/MUTATION.md's table."""
    text = (ROOT / "docs" / "MUTATION.md").read_text(encoding="utf-8")
    return set(re.findall(r"^\| `([^`]+)` \|", text, re.MULTILINE))


def counts() -> dict[str, dict[str, list[str]]]:
    """Per module: mutant names by outcome (killed, survived, untested)."""
    out = {}
    for meta in sorted((ROOT / "mutants").rglob("*.py.meta")):
        module = meta.relative_to(ROOT / "mutants").as_posix()[:-len(".meta")]
        codes = json.loads(meta.read_text(encoding="utf-8"))["exit_code_by_key"]
        found = {"killed": [], "survived": [], "untested": [], "not run": []}
        for name, code in codes.items():
            outcome = ("killed" if code in KILLED else "survived" if code == 0 else
                       "not run" if code is None else "untested")
            found[outcome].append(name)
        out[module] = found
    return out


def main() -> int:
    listed, failing, rows = equivalent(), False, []
    for module, found in counts().items():
        same = [n for n in found["survived"] + found["untested"] if n in listed]
        open_ = [n for n in found["survived"] + found["untested"] if n not in listed]
        scored = len(found["killed"]) + len(open_)
        score = len(found["killed"]) / scored if scored else 1.0
        failing |= score < TARGET or bool(open_)
        failing |= bool(found["not run"])
        rows.append(f"| {module} | {len(found['killed'])} | {len(open_)} | {len(same)} | "
                    f"{len(found['not run'])} | {score:.1%} |")
        for name in open_:
            print(f"not killed: {name}")
    print("| module | killed | not killed | equivalent | not run | killed / non-equivalent |")
    print("|---|---:|---:|---:|---:|---:|")
    print("\n".join(rows))
    return 1 if failing else 0


if __name__ == "__main__":
    sys.exit(main())
