"""What the crafted inputs of issue 19 cost now: time and peak memory of each, on this machine.

    python bench/hardening.py

Each case runs in this process with tracemalloc (Python allocations) and the wall clock.
"""

from __future__ import annotations

import io
import sys
import tempfile
import threading
import time
import tracemalloc
import zipfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import openpyxl

from geo import boundaries
from geo.analysis.filters import Filters
from geo.errors import DvkError
from geo.records import reading, workbook
from geo.render import deck
from geo.store import database, importing, roles, signin, users
from tests.helpers import EDITOR_PASSWORD, model_row, sheet_csv


def measure(name: str, work) -> None:
    tracemalloc.start()
    start = time.perf_counter()
    try:
        work()
        outcome = "read"
    except DvkError as error:
        outcome = f"refused: {type(error).__name__}"
    elapsed = time.perf_counter() - start
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    print(f"{name:48s} {elapsed * 1000:9.0f} ms {peak / 1e6:8.1f} MB  {outcome}")


def shared_strings_bomb() -> bytes:
    book = openpyxl.Workbook()
    book.active.append(["Tên mô hình"])
    raw = io.BytesIO()
    book.save(raw)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(raw.getvalue())) as source, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for name in source.namelist():
            target.writestr(name, source.read(name))
        target.writestr("xl/sharedStrings.xml",
                        b"<sst>" + b"<si><t>aaaaaaaa</t></si>" * 2_000_000 + b"</sst>")
    return out.getvalue()


def concurrent_sign_ins(engine) -> tuple[int, list[str]]:
    users.add_user(engine, roles.CONSOLE, "lan", role="editor", password=EDITOR_PASSWORD)
    checked, lock, outcomes = [0], threading.Lock(), []
    real = signin._verify

    def counting(stored, password):
        with lock:
            checked[0] += 1
        return real(stored, password)

    signin._verify = counting
    start = threading.Barrier(40)

    def attempt(i: int) -> None:
        start.wait()
        try:
            signin.sign_in(engine, "lan", f"đoán {i}", client=f"bot{i}")
        except DvkError as error:
            outcomes.append(type(error).__name__)
        except Exception as error:  # what the race used to raise
            outcomes.append(type(error).__name__)

    threads = [threading.Thread(target=attempt, args=(i,)) for i in range(40)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    signin._verify = real
    return checked[0], sorted(set(outcomes))


def main() -> None:
    gazetteer = boundaries.Gazetteer(boundaries.read_eras(), boundaries.read_layer("districts"))
    wide = ("Tên mô hình,Lĩnh vực" + "," * 200_000 + "\n" + "A,Kinh tế\n" * 50).encode()
    commas = sheet_csv("models", [model_row(id="C", commune="Trà Ka" + "," * 20_000)]).encode()
    bomb = shared_strings_bomb()
    with tempfile.TemporaryDirectory() as folder:
        engine = database.make_engine(f"sqlite:///{folder}/bench.sqlite")
        database.upgrade(engine)
        measure("CSV with a 200,000-comma header (200 KB)", lambda: reading.read_table(wide, "w.csv"))
        measure("one place cell of 20,000 commas", lambda: importing.plan(
            reading.read_table(commas, "c.csv"), kind="models", gazetteer=gazetteer,
            engine=engine, file_name="c.csv", sha256="x", this_year=2026))
        measure(f"sheet list, shared-strings bomb ({len(bomb) / 1e3:.0f} KB)",
                lambda: workbook.xlsx_sheets(bomb, "b.xlsx"))
        measure("read, shared-strings bomb", lambda: reading.read_table(bomb, "b.xlsx"))
        link = "|".join(["typical;domains=kinh_te;year_from=2015"] * 400)  # ~15 KB of deck
        measure(f"deck of {len(link) / 1e3:.0f} KB", lambda: deck.parse(
            link, Filters(year_to=2025), latest_year=2025, districts=set()))
        checks, outcomes = concurrent_sign_ins(engine)
        print(f"{'40 wrong sign-ins at once (SQLite)':48s} {checks} passwords checked, {outcomes}")
        engine.dispose()


if __name__ == "__main__":
    main()
