"""What README promises and no other test held to: the CSV delimiters, the export menus of the
three map pages, opening a deck at a slide, the catalogs read from .po files when never
compiled, and the presentation's 20 px legend."""

from __future__ import annotations

import re

import pytest

from geo.records import reading
from geo.render import i18n, translations
from geo.render.web import assets
from tests.helpers import PRESENT_PAGE, model_row, sheet_csv
from tests.store.test_import import plan_of


@pytest.mark.parametrize("delimiter", [",", ";", "\t", "|"], ids=["comma", "semicolon", "tab",
                                                                 "bar"])
def test_every_delimiter_readme_names_is_read_from_the_header(engine, gazetteer, delimiter):
    rows = [model_row(id="D1", name="Mô hình, có dấu phẩy; chấm phẩy"), model_row(id="D2")]
    data = sheet_csv("models", rows, delimiter=delimiter).encode()
    assert reading.sniff_delimiter(data.decode()) == delimiter
    plan = plan_of(engine, gazetteer, data)
    assert not plan.errors
    assert [r["name"] for r in plan.records] == [rows[0]["name"], rows[1]["name"]]


@pytest.mark.parametrize("page, view", [("pages/tong-quan.py", "overview"),
                                        ("pages/linh-vuc.py", "domains"),
                                        ("pages/nhan-rong.py", "replication")])
def test_the_map_pages_have_the_export_menu(make_apptest, page, view):
    at = make_apptest().run()
    at.switch_page(page).run()
    keys = {b.key for b in at.get("download_button")}
    assert {f"export_{view}_{fmt}" for fmt in ("png", "pdf", "pptx", "html")} <= keys, keys


def test_slide_n_opens_the_deck_at_that_slide(make_apptest):
    at = make_apptest(query={"deck": "overview|domains|replication", "slide": "3"}).run()
    at.switch_page(PRESENT_PAGE).run()
    assert i18n.t("present.slide", "vi", n=3, total=3) in [c.value for c in at.caption]
    at = make_apptest(query={"deck": "overview|domains|replication", "slide": "9"}).run()
    at.switch_page(PRESENT_PAGE).run()  # past the end: the first slide, the link corrected
    assert i18n.t("present.slide", "vi", n=1, total=3) in [c.value for c in at.caption]


def test_texts_are_read_from_the_po_files_when_no_mo_is_newer(tmp_path, monkeypatch):
    """A checkout that was never compiled still shows every text."""
    import importlib

    from geo.render import i18n as module

    copy = tmp_path / "locale"
    for lang in i18n.LANGUAGES:
        folder = copy / lang / "LC_MESSAGES"
        folder.mkdir(parents=True)
        (folder / "dvk.po").write_bytes(translations.po_path(lang).read_bytes())
    monkeypatch.setattr(translations, "LOCALE_DIR", copy)
    try:
        fresh = importlib.reload(module)
        assert not list(copy.rglob("*.mo"))
        assert fresh.t("page.overview", "vi") == i18n.CATALOG["page.overview"][0] != "page.overview"
        assert fresh.CATALOG == i18n.CATALOG and fresh.PLURALS == i18n.PLURALS
    finally:
        monkeypatch.undo()
        importlib.reload(module)


def test_the_presentation_legend_is_20_px():
    css = assets.own_file("dvk-present.css")
    rule = re.search(r"\.dvk-legend,\.dvk-legend div\{([^}]*)\}", css)
    assert rule and re.search(r"font-size:\s*20px", rule.group(1))


def test_the_readme_suite_figures_come_from_the_junit_report(tmp_path):
    from tools import readme_figures

    report = tmp_path / "junit.xml"
    report.write_text('<testsuites><testsuite name="pytest" errors="0" failures="1" skipped="2" '
                      'tests="990" time="581.4"></testsuite></testsuites>', encoding="utf-8")
    assert readme_figures.figures(report) == (987, 2, 1, 581.4)
    line = readme_figures.row_text(*readme_figures.figures(report))
    assert line.startswith("9 min 41 s: 987 passed, 2 skipped, 1 failed")
    readme = (readme_figures.ROOT / "README.md").read_text(encoding="utf-8")
    assert len(readme_figures.ROW.findall(readme)) == 1  # the row the command rewrites
