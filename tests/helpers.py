"""Test helpers: spreadsheets built in code."""

from __future__ import annotations

import csv
import io
import os
import re

import pytest
import sqlalchemy as sa

from geo.records import vocab
from geo.records.fields import FIELDS
from geo.render import i18n
from geo.store import roles, users
from ui import state

PAGES = {"overview": "pages/tong-quan.py", "domains": "pages/linh-vuc.py",
         "replication": "pages/nhan-rong.py", "targets": "pages/chi-tieu.py",
         "data": "pages/du-lieu.py",
         "about": "pages/gioi-thieu.py"}


PRESENT_PAGE = "pages/trinh-chieu.py"  # no page title: each slide has its own heading


def demo_counts() -> dict[str, int]:
    """Models and typical models in the committed illustrative file, read independently of the
    store (what the overview shows with no filter)."""
    from geo import settings
    from geo.records import reading

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


def editor_in(engine, name: str = "cán.bộ", role: str = "editor") -> roles.Actor:
    """An account with `role` in this store (created if missing), as the actor it signs in as."""
    if name not in set(users.list_users(engine)["username"]):
        users.add_user(engine, roles.CONSOLE, name, role=role, password=EDITOR_PASSWORD)
    return roles.Actor(name, role, name)


def sign_in(at, name: str, password: str):
    """Sign in on the Data page of an AppTest run."""
    at.text_input(key=state.SIGNIN_USER.name).input(name)
    at.text_input(key=state.SIGNIN_PASSWORD.name).input(password)
    next(b for b in at.button if b.label == i18n.t("access.sign_in", "vi")).click().run()
    return at


def empty_postgres_url() -> str:
    """TEST_DATABASE_URL with its schema emptied (the test skips when it is not set, or fails
    when DVK_REQUIRE_POSTGRES=1 says the run must include PostgreSQL). Under pytest-xdist each
    worker has a schema of its own in that database, so two workers never empty each other's."""
    url = os.environ.get("TEST_DATABASE_URL")
    if not url:
        if os.environ.get("DVK_REQUIRE_POSTGRES") == "1":  # CI: a missing database is a failure
            pytest.fail("DVK_REQUIRE_POSTGRES=1 but TEST_DATABASE_URL is not set")
        pytest.skip("TEST_DATABASE_URL is not set")
    url = url.replace("postgresql://", "postgresql+psycopg://", 1)
    worker = os.environ.get("PYTEST_XDIST_WORKER", "")
    schema = f"test_{worker}" if worker.isalnum() else "public"
    engine = sa.create_engine(url)
    with engine.begin() as connection:
        connection.execute(sa.text(f"DROP SCHEMA IF EXISTS {schema} CASCADE; CREATE SCHEMA {schema};"))
    engine.dispose()
    if schema == "public":
        return url
    return f"{url}{'&' if '?' in url else '?'}options=-csearch_path%3D{schema}"


# --- no English on the vi and fr pages ---

TEXT_ELEMENTS = ("title", "header", "subheader", "markdown", "caption", "info", "warning", "error",
          "success", "text")
WIDGETS = ("selectbox", "multiselect", "radio", "checkbox", "toggle", "slider", "text_input",
           "button", "select_slider")
INTERNAL = ({*vocab.DOMAINS, *vocab.UNITS, *vocab.LEVELS, *vocab.KINDS, *vocab.STATUSES,
             "models", "replications", "None", "nan", "NaN", "<NA>", "NaT"} - {"xa", "tinh"})


def english_only() -> set[str]:
    """Catalog and vocabulary texts whose English differs from both other languages."""
    def parts(text: str) -> set[str]:
        return {p.strip() for p in re.split(r"\{[a-z_]+\}", text)}

    texts, elsewhere = set(), set()
    for vi, en, fr in i18n.CATALOG.values():
        texts |= parts(en) - parts(vi) - parts(fr)
        elsewhere |= parts(vi) | parts(fr)
    for forms in i18n.PLURALS.values():
        texts |= {part.strip() for text in forms[1].values()
                  for part in re.split(r"\{[a-z_]+\}", text)}
    for vocabulary in (vocab.DOMAINS, vocab.UNITS, vocab.LEVELS, vocab.KINDS, vocab.STATUSES):
        texts |= {en for vi, en, fr in vocabulary.values() if en not in (vi, fr)}
    # words shared by the languages (numbers, "km", names, "Table" in French) are no evidence
    return {t for t in texts - elsewhere if len(re.sub(r"[^A-Za-z]", "", t)) >= 4}


def rendered_texts(at) -> list[str]:
    out = []
    for kind in TEXT_ELEMENTS:
        out += [str(e.value) for e in at.get(kind)]
    for e in at.get("metric"):
        out += [e.label, str(e.value)]
    for kind in WIDGETS:
        for widget in at.get(kind):
            out.append(widget.label)
            out += [str(o) for o in getattr(widget, "options", []) or []]
    for frame in at.get("dataframe"):
        value = frame.value
        out += [str(c) for c in value.columns]
        for column in value.columns:
            if value[column].dtype == object:
                out += [str(v) for v in value[column].dropna().unique()[:500]]
    return out


def assert_no_english(texts: list[str], lang: str) -> None:
    english = english_only()
    short = {t for t in english if len(t) < 14}
    long = [re.compile(rf"(?<!\w){re.escape(e)}(?!\w)") for e in english - short]
    found = sorted({t for t in texts if t.strip() in english}
                   | {p.pattern for t in texts for p in long if p.search(t)}
                   | {t for t in texts if t.strip() in INTERNAL})
    assert found == [], f"English or internal text on the {lang} page: {found[:10]}"
