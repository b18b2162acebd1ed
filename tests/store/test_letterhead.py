"""The report's heading set in the app: kept in the store, every change logged with who and
when; only editors write it; a bad field is named and nothing is written; the report and the
briefing print it, a field given on the command line over it, the date's bodies under it."""

from __future__ import annotations

import docx
import pytest
import sqlalchemy as sa
from pptx import Presentation

from geo.errors import PermissionDeniedError
from geo.render import i18n
from geo.render.files import exports
from geo.store import letterhead, roles
from tests.app.test_data_page import data_page, signed_in_editor
from tests.helpers import editor_in


def test_an_editor_sets_the_heading_and_every_change_is_logged(engine, editor):
    changed = letterhead.write(engine, {"superior": " Huyện ủy Đại Lộc ", "symbol": "BC/BDVHU",
                                        "recipients": "Thường trực Huyện ủy\n\nLưu VP"},
                               actor=editor)
    assert changed == 3
    assert letterhead.read(engine) == {"superior": "Huyện ủy Đại Lộc", "symbol": "BC/BDVHU",
                                       "recipients": "Thường trực Huyện ủy|Lưu VP"}
    assert letterhead.write(engine, {"superior": "Huyện ủy Đại Lộc", "symbol": ""},
                            actor=editor) == 1  # the same value is no change; "" clears
    assert "symbol" not in letterhead.read(engine)
    log = letterhead.changes(engine)
    assert list(log["field"]) == ["symbol", "recipients", "symbol", "superior"]
    assert (log.iloc[0]["old"], log.iloc[0]["new"]) == ("BC/BDVHU", "")
    assert set(log["changed_by"]) == {editor.username} and log["changed_at"].notna().all()


def test_a_viewer_and_a_bad_field_write_nothing(engine, editor):
    viewer = editor_in(engine, "người.xem", role="viewer")
    with pytest.raises(PermissionDeniedError):
        letterhead.write(engine, {"issuer": "Ban"}, actor=viewer)
    with pytest.raises(letterhead.LetterheadError) as error:
        letterhead.write(engine, {"issuer": "Ban Dân vận", "signer_name": "Lan\x1b[31m",
                                  "place": "x" * 201}, actor=editor)
    assert error.value.values["items"] == "signer_name (U+001B), place (201 > 200)"
    with engine.connect() as connection:
        assert connection.execute(sa.text("SELECT count(*) FROM letterhead")).scalar() == 0
        assert connection.execute(sa.text(
            "SELECT count(*) FROM letterhead_changes")).scalar() == 0
    with pytest.raises(PermissionDeniedError):
        letterhead.write(engine, {"issuer": "Ban"}, actor=roles.ANONYMOUS)


@pytest.mark.slow
def test_the_report_and_the_briefing_print_what_the_app_set(demo_db, monkeypatch, tmp_path):
    """Stored fields over the settings and the date's defaults; the command line over them."""
    import shutil

    from geo.store import database

    store = tmp_path / "store.sqlite"  # a copy: the shared store stays as it is
    shutil.copyfile(demo_db, store)
    engine = database.make_engine(f"sqlite:///{store}")
    monkeypatch.setenv("DVK_DB_PATH", str(store))
    monkeypatch.setenv("DVK_REPORT_SUPERIOR", "set by the server")
    editor = editor_in(engine, "thư.ký")
    try:
        letterhead.write(engine, {"superior": "Huyện ủy Đại Lộc", "place": "Đại Lộc",
                                  "recipients": "Thường trực Huyện ủy\nLưu VP"}, actor=editor)
        out = tmp_path / "r.docx"
        assert exports.main(["--view", "report", "--format", "docx", "--out", str(out)]) == 0
        document = docx.Document(out)
        left, right = document.tables[0].rows[0].cells
        assert left.paragraphs[0].text == "HUYỆN ỦY ĐẠI LỘC"
        assert right.paragraphs[-1].text.startswith("Đại Lộc, ngày")
        recipients = [p.text for p in document.tables[-1].rows[0].cells[0].paragraphs[1:]]
        assert recipients == ["- Thường trực Huyện ủy,", "- Lưu VP."]
        assert exports.main(["--view", "report", "--format", "docx", "--superior", "Tỉnh ủy X",
                             "--out", str(out)]) == 0
        assert docx.Document(out).tables[0].rows[0].cells[0].paragraphs[0].text == "TỈNH ỦY X"
        deck = tmp_path / "b.pptx"
        assert exports.main(["--view", "briefing", "--format", "pptx", "--query",
                             "domains=quoc_phong_an_ninh&year_from=2015", "--out",
                             str(deck)]) == 0
        title = Presentation(deck).slides[0]
        assert any("HUYỆN ỦY ĐẠI LỘC" in s.text_frame.text for s in title.shapes
                   if s.has_text_frame)
    finally:
        engine.dispose()


def test_the_data_page_edits_the_heading_for_editors_only(make_apptest, apptest_store):
    plain = data_page(make_apptest)
    assert i18n.t("letterhead.superior", "vi") not in [t.label for t in plain.text_input]
    at = signed_in_editor(make_apptest, apptest_store)
    fields = {t.label: t for t in at.text_input}
    fields[i18n.t("letterhead.superior", "vi")].input("Huyện ủy Đại Lộc")
    fields[i18n.t("letterhead.signer_name", "vi")].input("Lan\x07")
    next(b for b in at.button if b.label == i18n.t("letterhead.save", "vi")).click().run()
    assert not at.exception
    said = [e.value.replace(chr(92), "") for e in at.error]  # shown as Markdown, escaped
    assert any("signer_name (U+0007)" in e for e in said), said
    assert letterhead.read(apptest_store()) == {}  # nothing written
    fields = {t.label: t for t in at.text_input}
    fields[i18n.t("letterhead.signer_name", "vi")].input("Nguyễn Thị Lan")
    next(b for b in at.button if b.label == i18n.t("letterhead.save", "vi")).click().run()
    assert i18n.t("letterhead.saved", "vi", n=2) in [s.value for s in at.success]
    assert letterhead.read(apptest_store()) == {"superior": "Huyện ủy Đại Lộc",
                                                "signer_name": "Nguyễn Thị Lan"}
    assert len(letterhead.changes(apptest_store())) == 2
