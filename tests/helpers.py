"""Test helpers: spreadsheets built in code."""

from __future__ import annotations

import csv
import io
import os

import pytest
import sqlalchemy as sa

from geo import users
from geo.importer import FIELDS

PAGES = {"overview": "pages/tong-quan.py", "domains": "pages/linh-vuc.py",
         "replication": "pages/nhan-rong.py", "targets": "pages/chi-tieu.py",
         "data": "pages/du-lieu.py",
         "about": "pages/gioi-thieu.py"}


PRESENT_PAGE = "pages/trinh-chieu.py"  # no page title: each slide has its own heading


def demo_counts() -> dict[str, int]:
    """Models and typical models in the committed illustrative file, read independently of the
    store (what the overview shows with no filter)."""
    from geo import reading, settings

    table = reading.read_table((settings.path("DVK_DEMO_DIR") / "models.csv").read_bytes(),
                               "models.csv")
    typical = table.columns.index("Điển hình")
    return {"models": len(table.rows), "typical": sum(r[typical] == "Có" for r in table.rows)}


def metrics(at) -> dict[str, str]:
    """The KPI cards of an AppTest run, label -> value."""
    return {m.label: m.value for m in at.metric}


TRA_KA = {"id": "QN-TRAKA", "name": "Trồng cây dược liệu trên đất bỏ hoang", "domain": "Kinh tế",
          "unit": "Khối dân vận xã", "commune": "Xã Trà Ka", "district": "Bắc Trà My",
          "year_started": "2021", "typical": "Có", "typical_year": "2024", "households": "12",
          "result_vnd": "60.000.000"}


def sheet_csv(kind: str, rows: list[dict], *, english: bool = False, delimiter: str = ",") -> str:
    """A CSV text with every template column, cells filled from `rows` by field key."""
    specs = FIELDS[kind]
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter)
    writer.writerow([s.en if english else s.vi for s in specs])
    for row in rows:
        writer.writerow([row.get(s.key, "") for s in specs])
    return out.getvalue()


def model_row(**overrides: str) -> dict:
    return {**TRA_KA, **overrides}


TONE_MARKS = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}


def windows_1258(text: str) -> bytes:
    """Encode as Windows-1258 does: vowel letters precomposed, tone marks as combining characters."""
    import unicodedata

    clusters: list[list[str]] = []  # [letter with its vowel modifiers, tone marks...]
    for ch in unicodedata.normalize("NFD", text):
        if clusters and unicodedata.combining(ch):
            if ch in TONE_MARKS:
                clusters[-1].append(ch)
            else:  # circumflex, breve, horn: fold into the letter
                clusters[-1][0] = unicodedata.normalize("NFC", clusters[-1][0] + ch)
        else:
            clusters.append([ch])
    return "".join("".join(c) for c in clusters).encode("cp1258")


EDITOR_PASSWORD = "mật khẩu dài đủ 10"


def editor_in(engine, name: str = "cán.bộ", role: str = "editor") -> users.Actor:
    """An account with `role` in this store (created if missing), as the actor it signs in as."""
    if name not in set(users.list_users(engine)["username"]):
        users.add_user(engine, users.CONSOLE, name, role=role, password=EDITOR_PASSWORD)
    return users.Actor(name, role, name)


def empty_postgres_url() -> str:
    """TEST_DATABASE_URL with its schema emptied (the test skips when it is not set)."""
    url = os.environ.get("TEST_DATABASE_URL")
    if not url:
        pytest.skip("TEST_DATABASE_URL is not set")
    url = url.replace("postgresql://", "postgresql+psycopg://", 1)
    engine = sa.create_engine(url)
    with engine.begin() as connection:
        connection.execute(sa.text("DROP SCHEMA public CASCADE; CREATE SCHEMA public;"))
    engine.dispose()
    return url
