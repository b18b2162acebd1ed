"""Text from files reaches every output as written, or is refused where it came in: characters
no document can hold are named with their row and column, one stored before the gate exports to
every format as U+FFFD, and "$" or
"\\" in a model's name is drawn by the print maps as it is spelled, never as a formula."""

from __future__ import annotations

import io

import docx
import openpyxl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pptx import Presentation

from geo import text
from geo.analysis import views
from geo.analysis.filters import Filters
from geo.records import export, importer, reading
from geo.render.files import exports, figures
from geo.store import importing, store
from tests.helpers import model_row, sheet_csv

FORMULA_NAME = "Quỹ $\\frac{1}{$ \\ {x}^2 _ 100$ lẻ"


def plan(engine, gazetteer, rows: list[dict]):
    data = sheet_csv("models", rows).encode("utf-8")
    return importing.plan(reading.read_table(data, "m.csv"), kind="models",
                                gazetteer=gazetteer, engine=engine, file_name="m.csv",
                                sha256=importer.file_sha256(data), this_year=2026)


@pytest.mark.parametrize("char", ["\x01", "\x08", "\x0b", "\x1b", "\x7f", "\x85", "\x9f",
                                  "\ufffe", "\uffff"])
def test_characters_documents_cannot_hold_are_refused_with_row_and_column(engine, gazetteer,
                                                                           char):
    result = plan(engine, gazetteer, [model_row(id="A"),
                                      model_row(id="B", description=f"một{char}hai")])
    assert [(e.row, e.column, e.reason, e.values["code"]) for e in result.errors] == [
        (3, "Mô tả", "control_character", f"U+{ord(char):04X}")]
    assert [r["id"] for r in result.records] == ["A"]


def test_tabs_and_line_breaks_are_text(engine, gazetteer):
    result = plan(engine, gazetteer, [model_row(id="A", description="một\thai\nba\r\nbốn")])
    assert result.errors == [] and result.records[0]["description"] == "một\thai\nba\nbốn"


STORED = "Cũ\x01\x1b\ufffe\uffff\x85kết thúc"


@pytest.fixture
def old_store(engine, editor):
    """A store holding text written before the gate (by an older version, or by hand)."""
    with engine.begin() as connection:
        store.write_import_in(connection, kind="models", file_name="cũ.csv", sha256="0" * 64,
                              user_name=editor.username, rows_read=1, rows_rejected=0, records=[{
                                  "id": "OLD", "name": STORED, "domain": "kinh_te",
                                  "unit": "ubnd", "level": "tinh", "year_started": 2024,
                                  "typical": True, "typical_year": 2024,
                                  "description": STORED, "agency": STORED}])
    return engine


@pytest.mark.slow
def test_text_stored_before_the_gate_exports_to_every_format(old_store):
    shown = "Cũ" + "\ufffd" * 5 + "kết thúc"
    frame = export.import_frame("models", store.read_models(old_store), {}, {})
    sheet = openpyxl.load_workbook(io.BytesIO(export.to_xlsx_bytes(frame))).active
    assert [cell.value for cell in sheet["B"]][1] == shown
    ds = views.load(old_store)
    filters = Filters(year_from=2024, year_to=2024)
    deck = Presentation(io.BytesIO(exports.make(ds, "typical", "pptx", filters)))
    cells = [cell.text for slide in deck.slides for shape in slide.shapes if shape.has_table
             for row in shape.table.rows for cell in row.cells]
    assert shown in cells  # not replicated yet: in the waiting table, cleaned
    report = docx.Document(io.BytesIO(exports.make(ds, "report", "docx", filters)))
    assert any(shown in cell.text for t in report.tables for row in t.rows for cell in row.cells)
    page = exports.make(ds, "typical", "html", filters).decode("utf-8")
    assert "\ufffe" not in page and "\x01" not in page


@pytest.mark.slow
@settings(max_examples=300, deadline=None)
@given(st.text(st.characters(min_codepoint=0, max_codepoint=0x10FFFF), max_size=40))
def test_any_text_made_storable_goes_into_every_document_format(value):
    """Whatever code points a stored text holds, once through the gate it is valid in an XLSX
    cell, a Word paragraph, a PowerPoint text box and an XML document."""
    from lxml import etree

    safe = text.storable(value)
    assert text.first_unstorable(safe) is None
    book = openpyxl.Workbook()
    book.active["A1"] = safe
    book.save(io.BytesIO())
    document = docx.Document()
    document.add_paragraph(safe)
    document.save(io.BytesIO())
    deck = Presentation()
    deck.slides.add_slide(deck.slide_layouts[5]).shapes.title.text = safe
    deck.save(io.BytesIO())
    element = etree.Element("t")
    element.text = safe
    assert etree.fromstring(etree.tostring(element)).text in (safe, None)


@pytest.fixture
def formula_store(engine, gazetteer, editor):
    result = plan(engine, gazetteer, [model_row(id="F", name=FORMULA_NAME, typical="Có",
                                                typical_year="2024")])
    assert result.errors == []
    importing.apply_plan(engine, result, actor=editor, valid_rows_only=False)
    return views.load(engine)


def test_a_name_with_dollars_and_backslashes_is_drawn_as_written(formula_store):
    ds = formula_store
    model = ds.prepared.frame.iloc[0]
    fig = figures.card_figure(ds, Filters(year_to=ds.latest_year), model)
    texts = [t for t in fig.findobj(lambda o: hasattr(o, "get_parse_math"))]
    assert any(t.get_text() == FORMULA_NAME or FORMULA_NAME in t.get_text() for t in texts)
    assert not any(t.get_parse_math() for t in texts)
    assert figures.to_bytes(fig, "png", dpi=50).startswith(b"\x89PNG")


@pytest.mark.slow
@pytest.mark.parametrize("fmt", ["png", "pdf", "pptx"])
def test_every_print_export_of_such_a_name_is_made(formula_store, fmt):
    ds = formula_store
    data = exports.make(ds, "typical", fmt, Filters(year_to=ds.latest_year), size="16:9")
    if fmt == "pptx":
        assert len(Presentation(io.BytesIO(data)).slides) == 1  # the one typical model's card
    else:
        assert data[:4] in (b"\x89PNG", b"%PDF")
