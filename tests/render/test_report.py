"""The yearly report (Word): the Party document's form (heading block, A4, margins, one font,
page numbers), its tables and findings against the store's own SQL counts and against what the
overview and targets pages show, pictures with alt text, numbered captions, three languages."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import re
import shutil
import subprocess
from pathlib import Path

import docx
import numpy as np
import pytest
import sqlalchemy as sa
from docx.oxml.ns import qn
from docx.shared import Mm

from geo import palette
from geo.analysis import views
from geo.analysis.filters import Filters
from geo.records import vocab
from geo.render import i18n
from geo.render.files import exports, report
from tests.helpers import assert_no_english, metrics

YEAR = 2024  # the demo's district targets run 2024–2025; 2023 is the period before


def build(ds, lang: str = "vi", **filters) -> docx.Document:
    made = exports.make(ds, "report", "docx",
                        Filters(**{"year_from": YEAR, "year_to": YEAR, "lang": lang, **filters}))
    return docx.Document(io.BytesIO(made))


@pytest.fixture(scope="module")
def vi(ds):
    return build(ds)


def blocks(document):
    """The body's paragraphs and tables in order."""
    for child in document.element.body.iterchildren():
        if child.tag == qn("w:p"):
            yield docx.text.paragraph.Paragraph(child, document)
        elif child.tag == qn("w:tbl"):
            yield docx.table.Table(child, document)


def table_after(document, caption_start: str):
    """The table that follows the caption starting with `caption_start`."""
    seen = False
    for block in blocks(document):
        if isinstance(block, docx.text.paragraph.Paragraph) and block.text.startswith(
                caption_start):
            seen = True
        elif seen and isinstance(block, docx.table.Table):
            return block
    raise AssertionError(f"no table after {caption_start!r}")


def cells(table) -> list[list[str]]:
    return [[c.text for c in row.cells] for row in table.rows]


def header_rows(table) -> int:
    """How many rows head `table` (repeated on each page)."""
    return sum(row._tr.trPr is not None and row._tr.trPr.find(qn("w:tblHeader")) is not None
               for row in table.rows)


def whole(text: str) -> int:
    return int(re.sub(r"[^\d]", "", text))


def full_text(document) -> str:
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        parts += [c.text for row in table.rows for c in row.cells]
    return "\n".join(parts)


def district_counts_sql(engine, where: str) -> dict[str, dict[str, int]]:
    """Models per district and domain, from SQL and the eras table alone: a commune's district is
    the district of its 2020 commune (its own when it has none), a district-level model's is
    the one it names; province-level models have none."""
    from geo import boundaries

    eras = boundaries.read_eras()
    district_2020 = dict(zip(eras.loc[eras["era"] == "2020", "code"],
                             eras.loc[eras["era"] == "2020", "district_code"]))
    place = {}
    for row in eras.itertuples():
        place[(row.era, row.code)] = district_2020.get(row.code_2020, row.district_code)
    names = boundaries.unit_names(boundaries.read_layer("districts"))
    out: dict[str, dict[str, int]] = {}
    with engine.connect() as connection:
        rows = connection.execute(sa.text(
            "SELECT commune_era, commune_code, district_code, domain, count(*) FROM models "
            f"WHERE {where} GROUP BY 1, 2, 3, 4")).all()
    for era, commune, district, domain, n in rows:
        code = place[(era, commune)] if commune else district
        if code is None:
            continue
        row = out.setdefault(names[code], {})
        row[domain] = row.get(domain, 0) + n
    return out


# -- the form ---------------------------------------------------------------------------------

@pytest.mark.slow
def test_the_heading_block_is_the_party_documents(vi):
    first = next(blocks(vi))
    assert isinstance(first, docx.table.Table)  # the heading block opens the document
    left, right = first.rows[0].cells
    assert [p.text for p in left.paragraphs][:3] == ["THÀNH ỦY ĐÀ NẴNG", "BAN DÂN VẬN", "*"]
    assert re.fullmatch(r"Số \s+-BC/\s*", left.paragraphs[3].text)
    issuer = left.paragraphs[1].runs[0]
    assert issuer.bold and issuer.font.size.pt == 14
    heading = right.paragraphs[0]
    assert heading.text == "ĐẢNG CỘNG SẢN VIỆT NAM"
    run = heading.runs[0]
    assert run.bold and run.underline and run.font.size.pt == 15
    today = dt.date.today()
    (date,) = [p for p in right.paragraphs if p.text.startswith("Đà Nẵng")]  # made today
    assert date.text == f"Đà Nẵng, ngày {today.day:02d} tháng {today.month:02d} năm {today.year}"
    assert date.runs[0].italic
    assert first.columns[0].width < first.columns[1].width  # issuer left, heading right
    after = [b for b in blocks(vi)][1:4]
    kind, subject = [b for b in after if isinstance(b, docx.text.paragraph.Paragraph)][:2]
    assert kind.text == "BÁO CÁO" and kind.runs[0].bold and kind.runs[0].font.size.pt == 16
    assert subject.text == "kết quả thực hiện phong trào thi đua “Dân vận khéo” năm 2024"
    assert kind.alignment == subject.alignment == docx.enum.text.WD_ALIGN_PARAGRAPH.CENTER


def test_recipients_and_signature_close_the_report(vi):
    closing = vi.tables[-1]
    left, right = closing.rows[0].cells
    assert left.paragraphs[0].text == "Nơi nhận:" and left.paragraphs[0].runs[0].underline
    recipients = [p.text for p in left.paragraphs[1:]]
    assert all(r.startswith("- ") for r in recipients)
    assert recipients[-1].endswith(".") and all(r.endswith(",") for r in recipients[:-1])
    assert right.paragraphs[0].text == "TRƯỞNG BAN" and right.paragraphs[0].runs[0].bold
    assert set(right.paragraphs[-1].text) == {"."}  # the name is written by hand
    # kept on one page with the last paragraph: it and the spacer keep with the next, the
    # block's row never splits
    body = list(blocks(vi))
    before = [b for b in body[:body.index(next(b for b in body if isinstance(
        b, docx.table.Table) and b._tbl is closing._tbl))][-2:]]
    assert all(p.paragraph_format.keep_with_next for p in before)
    assert before[0].text.startswith("[") and before[1].text == ""
    assert closing.rows[0]._tr.trPr.find(qn("w:cantSplit")) is not None


@pytest.mark.slow
def test_tables_print_at_12_pt_or_more_with_status_words_times_new_roman_has(ds):
    """Every table of the report (but the heading and signature blocks) in runs of ≥ 12 pt; the
    targets' status in words, no symbol (✓ ◐ ✗) the print font lacks, with a legend after."""
    document = build(ds, year_from=2026, year_to=2026)
    for table in document.tables[1:-1]:
        for row in table.rows:
            for cell in row.cells:
                for para in cell.paragraphs:
                    for run in para.runs:
                        assert run.font.size is None or run.font.size.pt >= 12, run.text
    text = full_text(document)
    assert not any(symbol in text for symbol in "✓◐✗")
    assert not set(palette.STATUS_SYMBOLS.values()) - {"–"} & set(text)
    statuses = {i18n.t(f"targets.status.{s}", "vi") for s in ("met", "partly", "not_met",
                                                               "no_target")}
    shown = {row[1].split(" (")[0] for t in document.tables[1:-1] for row in cells(t)[1:]
             if row[1].split(" (")[0] in statuses}
    assert shown  # the statuses are there, as words
    assert i18n.t("report.status_legend", "vi") in [p.text for p in document.paragraphs]


@pytest.mark.slow
def test_issuer_number_and_signer_are_configurable(ds, monkeypatch):
    monkeypatch.setenv("DVK_REPORT_ISSUER", "Ban Dân vận Huyện ủy Đại Lộc")
    monkeypatch.setenv("DVK_REPORT_SUPERIOR", "Huyện ủy Đại Lộc")
    made = exports.make(ds, "report", "docx", Filters(year_from=YEAR, year_to=YEAR),
                        letterhead={"number": "27", "symbol": "BC/BDVHU",
                                    "authority": "K/T Trưởng ban", "signer_title": "Phó Trưởng ban",
                                    "signer_name": "Nguyễn Thị Lan"})
    document = docx.Document(io.BytesIO(made))
    left, _ = document.tables[0].rows[0].cells
    assert [p.text for p in left.paragraphs] == ["HUYỆN ỦY ĐẠI LỘC", "BAN DÂN VẬN HUYỆN ỦY ĐẠI LỘC",
                                                 "*", "Số 27-BC/BDVHU"]
    _, signature = document.tables[-1].rows[0].cells
    assert [p.text for p in signature.paragraphs if p.text] == [
        "K/T TRƯỞNG BAN", "PHÓ TRƯỞNG BAN", "Nguyễn Thị Lan"]


@pytest.mark.slow
@pytest.mark.parametrize("date, superior, place, standing", [
    ("2025-06-30", "TỈNH ỦY QUẢNG NAM", "Quảng Nam, ngày 30 tháng 06 năm 2025", "Tỉnh ủy"),
    ("2025-07-01", "THÀNH ỦY ĐÀ NẴNG", "Đà Nẵng, ngày 01 tháng 07 năm 2025", "Thành ủy")])
def test_the_heading_names_the_bodies_that_exist_on_the_reports_date(
        demo_db, monkeypatch, tmp_path, date, superior, place, standing):
    """Quảng Nam is part of Đà Nẵng city from 1 July 2025: a report dated that day or later
    is issued under the city's Party Committee, from Đà Nẵng, to bodies of that date; one
    dated before, under the province's. A heading field given on the command line wins."""
    monkeypatch.setenv("DVK_DB_PATH", str(demo_db))
    out = tmp_path / "r.docx"
    assert exports.main(["--view", "report", "--format", "docx", "--date", date,
                         "--query", "year_from=2024&year_to=2024", "--out", str(out)]) == 0
    document = docx.Document(out)
    left, right = document.tables[0].rows[0].cells
    assert left.paragraphs[0].text == superior
    assert right.paragraphs[-1].text == place
    recipients = [p.text for p in document.tables[-1].rows[0].cells[0].paragraphs[1:]]
    assert any(f"Thường trực {standing}" in r for r in recipients), recipients
    assert not any({"Tỉnh ủy": "Thành ủy", "Thành ủy": "Tỉnh ủy"}[standing] in r
                   for r in recipients)
    assert exports.main(["--view", "report", "--format", "docx", "--date", date, "--place",
                         "Hội An", "--superior", "Thành ủy Hội An", "--out", str(out)]) == 0
    left, right = docx.Document(out).tables[0].rows[0].cells
    assert left.paragraphs[0].text == "THÀNH ỦY HỘI AN"
    assert right.paragraphs[-1].text.startswith("Hội An, ngày")


def test_a_report_date_that_is_not_a_date_is_named(demo_db, monkeypatch, tmp_path, capsys):
    monkeypatch.setenv("DVK_DB_PATH", str(demo_db))
    with pytest.raises(SystemExit) as stop:
        exports.main(["--view", "report", "--format", "docx", "--date", "30/06/2025",
                      "--out", str(tmp_path / "r.docx")])
    assert stop.value.code == 2 and "'30/06/2025': not a date YYYY-MM-DD" in capsys.readouterr().err
    assert not (tmp_path / "r.docx").exists()


@pytest.mark.parametrize("field, value", [("signer_name", "Lan\x1b[31m"),
                                          ("number", "1" * 201), ("issuer", "Ban\u0085"),
                                          ("issuer", "Ban\ufffe"), ("superior", "X\uffff"),
                                          ("symbol", "BC/\udcff")])  # an undecodable argument
def test_a_bad_heading_field_is_named(ds, field, value):
    with pytest.raises(exports.ExportRequestError) as error:
        exports.make(ds, "report", "docx", Filters(), letterhead={field: value})
    assert field in str(error.value)


@pytest.mark.parametrize("value, said", [("BAN\x01", "U+0001"), ("B" * 100_000, "100000 > 200"),
                                         ("BAN\ufffe", "U+FFFE")])
def test_a_bad_heading_setting_is_named_with_its_setting(ds, monkeypatch, value, said):
    monkeypatch.setenv("DVK_REPORT_ISSUER", value)
    with pytest.raises(exports.ExportRequestError) as error:
        exports.make(ds, "report", "docx", Filters())
    assert "DVK_REPORT_ISSUER" in str(error.value) and said in str(error.value)


def test_an_undecodable_command_line_argument_is_an_error_not_a_traceback(demo_db, monkeypatch,
                                                                          tmp_path, capsys):
    monkeypatch.setenv("DVK_DB_PATH", str(demo_db))
    code = exports.main(["--view", "report", "--format", "docx", "--issuer", "Ban \udcff",
                         "--out", str(tmp_path / "r.docx")])
    assert code == 2 and "issuer (U+DCFF)" in capsys.readouterr().err
    assert not (tmp_path / "r.docx").exists()


def test_a4_portrait_with_the_guidance_margins_and_page_numbers(vi):
    (section,) = vi.sections
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    margins = {side: round(getattr(section, f"{side}_margin").mm)
               for side in ("top", "bottom", "left", "right")}
    assert 20 <= margins["top"] <= 25 and 20 <= margins["bottom"] <= 25
    assert 30 <= margins["left"] <= 35 and 15 <= margins["right"] <= 20
    assert section.different_first_page_header_footer
    fields = " ".join(t.text for t in section.header._element.iter(qn("w:instrText")))
    assert "PAGE" in fields
    first = " ".join(t.text for t in section.first_page_header._element.iter(qn("w:instrText")))
    assert "PAGE" not in first  # no number on the first page


def test_one_unicode_font_everywhere_and_word_heading_styles(vi):
    for name in ("Normal", "Heading 1", "Heading 2", "Caption"):
        fonts = vi.styles[name].element.rPr.rFonts
        for script in ("ascii", "hAnsi", "cs", "eastAsia"):
            assert fonts.get(qn(f"w:{script}")) == "Times New Roman", (name, script)
            assert fonts.get(qn(f"w:{script}Theme")) is None
    assert vi.styles["Normal"].font.size.pt == 14
    named = {r.font.name for p in vi.paragraphs for r in p.runs if r.font.name}
    named |= {r.font.name for t in vi.tables for row in t.rows for c in row.cells
              for p in c.paragraphs for r in p.runs if r.font.name}
    assert named == {"Times New Roman"}
    headings = [p.text for p in vi.paragraphs if p.style.name == "Heading 1"]
    assert [h.split(".")[0] for h in headings] == ["I", "II", "III", "IV", "V"]


# -- the numbers ------------------------------------------------------------------------------

@pytest.mark.parametrize("filters, where", [
    ({}, f"year_started = {YEAR}"),
    ({"year_from": 2015, "domains": ("kinh_te", "quoc_phong_an_ninh"), "districts": ("503", "510")},
     f"year_started BETWEEN 2015 AND {YEAR} AND domain IN ('kinh_te', 'quoc_phong_an_ninh') "
     "AND district_code IN ('503', '510')"),
])
@pytest.mark.slow
def test_the_district_domain_table_equals_sql_counts(ds, demo_engine, filters, where):
    document = build(ds, **filters)
    table = table_after(document, "Bảng 2.")
    rows = cells(table)
    expected = district_counts_sql(demo_engine, where)
    domains = [d for d in [*vocab.DOMAIN_KEYS, "unclassified"]  # no column of zeros
               if any(c.get(d) for c in expected.values())]
    assert rows[0][1:-1] == [i18n.domain_label(d, "vi") for d in domains]
    shown = {row[0]: [whole(v) for v in row[1:]] for row in rows[1:-1]}
    for name, counts in shown.items():
        wanted = [expected.get(name, {}).get(d, 0) for d in domains]
        assert counts == [*wanted, sum(wanted)], name
    assert {n for n, c in shown.items() if c[-1]} == {n for n, c in expected.items()
                                                      if sum(c.values())}
    total = rows[-1]
    assert total[0] == "Tổng cộng"
    assert [whole(v) for v in total[1:]] == [sum(c[i] for c in shown.values())
                                             for i in range(len(domains) + 1)]
    header = table.rows[0]._tr.trPr.find(qn("w:tblHeader"))
    assert header is not None and header.get(qn("w:val")) == "true"  # repeated on each page


def test_the_figures_match_the_overview_page_and_sql(vi, make_apptest, demo_engine):
    at = make_apptest(query={"year_from": str(YEAR), "year_to": str(YEAR)}).run()
    shown = metrics(at)
    rows = cells(table_after(vi, "Bảng 1."))
    assert rows[0][1:] == [f"Năm {YEAR}", f"Lũy kế đến {YEAR}", f"Năm {YEAR - 1}", "Tăng, giảm"]
    by_label = {r[0]: [r[1], *r[3:]] for r in rows[1:]}
    assert by_label["Mô hình xây dựng"][0] == shown[i18n.t("kpi.models", "vi")]
    assert by_label["Mô hình được chọn điển hình"][0] == shown[i18n.t("kpi.typical", "vi")]
    with demo_engine.connect() as connection:
        def count(where: str) -> int:
            return connection.execute(sa.text(f"SELECT count(*) FROM models WHERE {where}")
                                      ).scalar()
        now, before = count(f"year_started = {YEAR}"), count(f"year_started = {YEAR - 1}")
    assert [whole(v) for v in by_label["Mô hình xây dựng"][:2]] == [now, before]
    change = by_label["Mô hình xây dựng"][2]
    assert change == ("+" if now > before else "−") + i18n.number(abs(now - before), "vi")
    text = full_text(vi)
    assert f"toàn tỉnh xây dựng {i18n.number(now, 'vi')} mô hình" in text


def test_the_findings_name_the_leading_district_and_domain_from_sql(vi, demo_engine):
    counts = district_counts_sql(demo_engine, f"year_started = {YEAR}")
    totals = {name: sum(c.values()) for name, c in counts.items()}
    most = max(totals.values())
    leaders = sorted(n for n, v in totals.items() if v == most)
    findings = [p.text for p in vi.paragraphs[
        [p.text for p in vi.paragraphs].index(i18n.t("report.part5", "vi")) + 1:]]
    with demo_engine.connect() as connection:
        all_models = connection.execute(sa.text(
            f"SELECT count(*) FROM models WHERE year_started = {YEAR}")).scalar()
        domain, n = connection.execute(sa.text(
            f"SELECT domain, count(*) FROM models WHERE year_started = {YEAR} "
            "GROUP BY domain ORDER BY 2 DESC LIMIT 1")).one()
    assert findings[0].startswith(" và ".join(leaders) if len(leaders) < 3 else leaders[0])
    assert f"{i18n.number(most, 'vi')} mô hình, chiếm {i18n.percent(most / all_models, 'vi')}" \
        in findings[0]
    assert findings[1] == (f"Lĩnh vực {i18n.domain_label(domain, 'vi')} có nhiều mô hình nhất: "
                           f"{i18n.number(n, 'vi')} mô hình, chiếm "
                           f"{i18n.percent(n / all_models, 'vi')} tổng số.")


def test_the_targets_match_the_targets_page(vi, make_apptest):
    at = make_apptest(query={"target_year": str(YEAR)}).run()
    at.switch_page("pages/chi-tieu.py").run()
    (met,) = [m.value for m in at.metric if m.label == i18n.t("targets.met_label", "vi",
                                                                  year=YEAR)]
    done, units = met.split("/")
    text = full_text(vi)
    assert f"{done}/{units} đơn vị đạt" in text
    table = table_after(vi, "Bảng 4.")  # after the figures, districts, results
    rows = cells(table)[header_rows(table):]
    assert len(rows) == int(units)
    page_rows = at.dataframe[0].value
    assert sorted(r[0] for r in rows) == sorted(page_rows.iloc[:, 0])
    symbols = tuple(f"{s} " for s in palette.STATUS_SYMBOLS.values())  # on screen, not print
    assert sorted(r[1] for r in rows) == sorted(
        v[2:] if v.startswith(symbols) else v for v in page_rows.iloc[:, 1])


def test_the_targets_table_heads_each_narrow_column_with_a_word_under_its_measure(vi):
    """At 12 pt a column of numbers is ~15 mm: its header is one short word ("đã có", "chỉ
    tiêu", "còn thiếu") under the measure's name spanning its columns, never a phrase broken
    word by word; the unit and status headers span both header rows."""
    table = table_after(vi, "Bảng 4.")
    top, bottom = cells(table)[:2]
    assert header_rows(table) == 2
    parts = {i18n.t(f"targets.part.{p}", "vi") for p in ("done", "target", "gap")}
    assert set(bottom[2:]) <= parts and bottom[2:5] == ["đã có", "chỉ tiêu", "còn thiếu"]
    assert top[:2] == bottom[:2] == ["Đơn vị", "Kết quả"]  # merged down
    assert top[2:5] == ["Mô hình mới"] * 3  # merged across: python-docx repeats the cell
    spans = [int(tc.tcPr.gridSpan.val) if tc.tcPr is not None and tc.tcPr.gridSpan is not None
             else 1 for tc in table.rows[0]._tr.tc_lst]
    assert sum(spans) == len(bottom) and max(spans) == 3


@pytest.mark.slow
def test_a_shortfall_is_named_with_what_is_missing(ds):
    """The agencies' 2025–2030 rule (≥ 1 new, ≥ 1 typical over the period): the report for 2026
    names the agency missing most and the total missing, recounted here from the status table
    the report prints."""
    document = build(ds, year_from=2026, year_to=2026)
    level = vocab.label(vocab.TARGET_LEVELS, "agency", "vi")
    table = table_after(document, f"Bảng 4. Kết quả thực hiện chỉ tiêu năm 2026: {level}")
    rows = cells(table)
    assert header_rows(table) == 2
    gaps = [i for i, h in enumerate(rows[1]) if h == "còn thiếu"]
    assert len(gaps) == 2
    missing = {r[0]: sum(whole(r[i]) for i in gaps) for r in rows[2:]}
    (sentence,) = [p.text for p in document.paragraphs if p.text.startswith(
        f"Chỉ tiêu năm 2026 ({level})")]
    worst = max(missing.values())
    first = sorted(n for n, v in missing.items() if v == worst)[0]
    assert f"Thiếu nhiều nhất là {first}" in sentence
    assert sentence.endswith(f"tổng số còn thiếu của các đơn vị chưa đạt: "
                             f"{sum(missing.values())}.")


def test_the_typical_table_lists_each_typical_model_with_its_reach(vi, demo_engine):
    rows = cells(table_after(vi, "Bảng 5."))
    with demo_engine.connect() as connection:
        expected = connection.execute(sa.text(
            "SELECT m.name, (SELECT count(*) FROM replications r WHERE r.model_id = m.id "
            f"AND r.year = {YEAR}), (SELECT count(*) FROM replications r WHERE "
            f"r.model_id = m.id AND r.year <= {YEAR}) FROM models m WHERE m.typical AND "
            f"COALESCE(m.typical_year, m.year_started) <= {YEAR}")).all()
    assert {r[1]: (whole(r[-2]), whole(r[-1])) for r in rows[1:]} == {
        name: (now, to_date) for name, now, to_date in expected}
    assert [whole(r[0]) for r in rows[1:]] == list(range(1, len(expected) + 1))


# -- pictures, captions, labels ---------------------------------------------------------------

def test_every_picture_has_alt_text_at_print_resolution(vi):
    shapes = list(vi.inline_shapes)
    captions = [p.text for p in vi.paragraphs if p.style.name == "Caption"
                and p.text.startswith("Hình")]
    assert len(shapes) == len(captions) == 3  # density, leading domain, replication
    for shape in shapes:
        alt = shape._inline.docPr.get("descr")
        assert alt and len(alt) > 30 and re.search(r"\d", alt)
        from PIL import Image

        blip = shape._inline.graphic.graphicData.pic.blipFill.blip
        image = Image.open(io.BytesIO(vi.part.related_parts[blip.embed].blob))
        ppi = image.width / (shape.width / Mm(25.4))
        assert ppi >= 250, ppi


def test_the_density_alt_text_names_the_top_units_from_the_data(vi, ds):
    from geo.analysis import views

    table = views.density(ds, Filters(year_from=YEAR, year_to=YEAR)).table
    names = ds.layers["communes"].set_index("code")["name"]
    most = int(table["count"].max())
    alt = vi.inline_shapes[0]._inline.docPr.get("descr")
    top = table[table["count"] == most]["code"].map(names)
    assert any(f"{name} ({most})" in alt for name in top)
    assert f"; {int((table['count'] == 0).sum())}/{len(table)} đơn vị chưa có mô hình." in alt


def test_captions_are_numbered_word_fields_in_order(vi):
    captions = [p for p in vi.paragraphs if p.style.name == "Caption"]
    for kind, word in (("Figure", "Hình"), ("Table", "Bảng")):
        numbered = [p for p in captions if p.text.startswith(word)]
        assert [int(re.match(rf"{word} (\d+)\.", p.text).group(1)) for p in numbered] == \
            list(range(1, len(numbered) + 1))
        for p in numbered:
            codes = [t.text for t in p._p.iter(qn("w:instrText"))]
            assert codes == [f" SEQ {kind} \\* ARABIC "]


@pytest.mark.slow
def test_illustrative_data_is_labelled_on_every_page_and_figure(vi, ds):
    header = " ".join(p.text for p in vi.sections[0].header.paragraphs)
    first = " ".join(p.text for p in vi.sections[0].first_page_header.paragraphs)
    assert "DỮ LIỆU MINH HỌA" in header and "DỮ LIỆU MINH HỌA" in first
    sources = [p.text for p in vi.paragraphs if p.text.startswith("Nguồn:")]
    assert len(sources) == 3 and all("Dữ liệu minh họa" in s for s in sources)
    real = exports.make(dataclasses.replace(ds, is_demo=False), "report", "docx",
                        Filters(year_from=YEAR, year_to=YEAR))
    assert "minh họa" not in full_text(docx.Document(io.BytesIO(real))).lower()


# -- languages, errors ------------------------------------------------------------------------

@pytest.mark.parametrize("lang, party, date", [
    ("en", "COMMUNIST PARTY OF VIET NAM", "Đà Nẵng, {d} {month} {y}"),
    ("fr", "PARTI COMMUNISTE DU VIET NAM", "Đà Nẵng, le {d} {month} {y}"),
])
@pytest.mark.slow
def test_english_and_french_reports(ds, lang, party, date):
    from babel.dates import format_date

    document = build(ds, lang, year_from=2009)
    right = document.tables[0].rows[0].cells[1]
    assert right.paragraphs[0].text == party
    today = dt.date.today()
    month = format_date(today, "MMMM", locale=i18n.LOCALES[lang])
    assert right.paragraphs[-1].text == date.format(d=today.day, month=month, y=today.year)
    rows = cells(table_after(document, "Table 1." if lang == "en" else "Tableau 1."))
    assert len(rows[0]) == 3  # 2009–2024 has no period before it: figure, period, to date
    models = rows[1][1]
    separator = {"en": ",", "fr": "\u202f"}[lang]
    assert re.fullmatch(rf"\d{{1,3}}({re.escape(separator)}\d{{3}})+", models), models
    if lang == "fr":
        assert_no_english([p.text for p in document.paragraphs if p.text], "fr")


def test_the_vietnamese_report_has_no_english(vi):
    assert_no_english([p.text for p in vi.paragraphs if p.text], "vi")


@pytest.mark.parametrize("n, lang, text", [(1, "en", "1 model"), (2, "en", "2 models"),
                                           (1, "fr", "1 modèle"), (2, "fr", "2 modèles"),
                                           (1_000_000, "fr", "1\u202f000\u202f000 modèles"),
                                           (1, "vi", "1 mô hình"), (1234, "vi", "1.234 mô hình")])
def test_counts_take_the_languages_plural_and_grouping(n, lang, text):
    assert i18n.tn("report.n_models", n, lang) == text


@pytest.mark.parametrize("lang", ["vi", "fr"])
def test_a_bad_filter_is_named_on_the_command_line(demo_db, tmp_path, monkeypatch, capsys, lang):
    """Named in the language asked for: the error carries its catalog key and values, and is
    translated where it is shown."""
    monkeypatch.setenv("DVK_DB_PATH", str(demo_db))
    code = exports.main(["--view", "report", "--format", "docx", "--lang", lang, "--query",
                         "year_from=20x4&districts=999", "--out", str(tmp_path / "r.docx")])
    assert code == 2
    error = capsys.readouterr().err
    assert "year_from=20x4" in error and "districts=999" in error
    assert i18n.t("present.bad_query", lang, items="|").split("|")[0] in error
    assert not (tmp_path / "r.docx").exists()


@pytest.mark.slow
def test_the_command_line_writes_the_report(demo_db, tmp_path, monkeypatch):
    monkeypatch.setenv("DVK_DB_PATH", str(demo_db))
    out = tmp_path / "bao_cao.docx"
    assert exports.main(["--view", "report", "--format", "docx", "--query",
                         f"year_from={YEAR}&year_to={YEAR}", "--number", "15",
                         "--symbol", "BC/BDVTU", "--out", str(out)]) == 0
    document = docx.Document(out)
    assert document.tables[0].rows[0].cells[0].paragraphs[3].text == "Số 15-BC/BDVTU"


def test_the_overview_offers_the_word_report(make_apptest):
    at = make_apptest().run()
    (button,) = [b for b in at.get("download_button") if b.key == "export_report_docx"]
    assert i18n.t("present.view.report", "vi") in button.proto.label


@pytest.mark.slow
def blank_feet(pdf: Path) -> list[float]:
    """Each page's share of the text area left blank at its foot, from a 20 dpi raster."""
    from PIL import Image

    subprocess.run(["pdftoppm", "-r", "20", "-png", str(pdf), str(pdf.with_suffix(""))],
                   check=True, capture_output=True, timeout=120)
    feet = []
    for png in sorted(pdf.parent.glob(pdf.stem + "-*.png")):
        ink = np.asarray(Image.open(png).convert("L")) < 200
        height = ink.shape[0]
        top = round(height * report.MARGINS_MM["top"] / report.PAGE_MM[1])
        bottom = round(height * (1 - report.MARGINS_MM["bottom"] / report.PAGE_MM[1]))
        rows = np.flatnonzero(ink[top:bottom].any(axis=1))
        feet.append(1 - (rows.max() if len(rows) else 0) / (bottom - top))
    return feet


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_libreoffice_lays_the_report_out(vi, tmp_path):
    """A real word processor opens it: page 1 holds the heading block, the district × domain
    table's header row is repeated when it breaks across a page, and no page but the last is
    left a third empty (a map that did not fit where its text ended)."""
    source = tmp_path / "bao_cao.docx"
    vi.save(source)
    subprocess.run(["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path),
                    str(source)], check=True, capture_output=True, timeout=120)
    pdf = (tmp_path / "bao_cao.pdf").read_bytes()
    assert pdf.startswith(b"%PDF") and len(re.findall(rb"/Type\s*/Page\b", pdf)) >= 4
    if shutil.which("pdftoppm"):
        feet = blank_feet(tmp_path / "bao_cao.pdf")
        assert len(feet) >= 4 and max(feet[:-1]) < 0.3, feet
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", "-layout", str(tmp_path / "bao_cao.pdf"), "-"],
                              check=True, capture_output=True, text=True).stdout
        pages = text.split("\f")
        assert "ĐẢNG CỘNG SẢN VIỆT NAM" in pages[0] and "BÁO CÁO" in pages[0]
        header = i18n.domain_label("kinh_te", "vi")
        assert sum(header in page and "Tổng cộng" in page for page in pages) >= 1


@pytest.mark.parametrize("years, before", [((2009, 2024), None), ((2010, 2010), (2009, 2009)),
                                           ((2024, 2024), (2023, 2023)),
                                           ((2012, 2016), (2009, 2011)),
                                           ((2020, 2024), (2015, 2019))])
def test_the_period_before_has_the_same_length_cut_at_the_first_year(years, before):
    from geo.analysis import findings

    previous = findings.previous(Filters(year_from=years[0], year_to=years[1]))
    assert (previous and (previous.year_from, previous.year_to)) == before


@pytest.mark.slow
def test_the_report_is_yearly_by_default_and_for_the_period_only_when_asked(
        demo_db, monkeypatch, tmp_path, ds, capsys):
    """Without a year, the report is about the last year with data, its figures beside those
    to date; a query that gives a first or last year asks for that period; `--year` any year
    from 2009 to this one; a year outside that is named, and no file is written."""
    monkeypatch.setenv("DVK_DB_PATH", str(demo_db))

    def subject(*args: str) -> str:
        out = tmp_path / "r.docx"
        assert exports.main(["--view", "report", "--format", "docx", *args, "--out",
                             str(out)]) == 0
        kind = [p.text for p in docx.Document(out).paragraphs]
        return kind[kind.index("BÁO CÁO") + 1]

    assert subject().endswith(f"năm {ds.latest_year}")
    assert subject("--year", "2023").endswith("năm 2023")
    assert subject("--query", "year_from=2020").endswith(f"giai đoạn 2020–{ds.latest_year}")
    document = docx.Document(tmp_path / "r.docx")
    rows = cells(table_after(document, "Bảng 1."))
    assert len(rows[0]) >= 3 and str(ds.latest_year) in rows[0][2]  # to date beside the period
    capsys.readouterr()
    bad = tmp_path / "bad.docx"
    assert exports.main(["--view", "report", "--format", "docx", "--year", "2008", "--out",
                         str(bad)]) == 2
    assert "2008" in capsys.readouterr().err and not bad.exists()


def test_the_export_menu_asks_which_year_the_report_is_about(make_apptest, ds):
    at = make_apptest().run()
    (choice,) = [s for s in at.selectbox if s.key == "report_year"]
    assert choice.value == ds.latest_year and choice.options[-1].startswith("Cả giai đoạn")
    assert choice.label == i18n.t("present.report_year", "vi")


@pytest.mark.slow
def test_the_parts_follow_the_commissions_reports_with_marked_room_for_the_clerk(vi):
    """Leadership, results (figures, districts, what the models achieved, targets, typical
    models), assessment (the data's findings, then strengths, limitations, lessons), next
    year's tasks, proposals: the parts the data cannot write carry a highlighted line."""
    heads = [(int(p.style.name[-1]), p.text) for p in vi.paragraphs
             if p.style.name.startswith("Heading")]
    top = [text.split(".")[0] for level, text in heads if level == 1]
    assert top == ["I", "II", "III", "IV", "V"]
    assert heads[0][1] == "I. CÔNG TÁC LÃNH ĐẠO, CHỈ ĐẠO"
    assert (1, f"IV. PHƯƠNG HƯỚNG, NHIỆM VỤ NĂM {YEAR + 1}") in heads
    second = [text for level, text in heads if level == 2]
    assert [t.split(".")[0] for t in second] == ["1", "2", "3", "4", "5", "1", "2", "3", "4"]
    marked = [p for p in vi.paragraphs if p.runs and p.runs[0].font.highlight_color]
    assert len(marked) == 6 and all(p.text.startswith("[Văn phòng Ban bổ sung:") for p in marked)
    follows = {p.text: i for i, p in enumerate(vi.paragraphs)}
    for p in marked:  # each right under its heading
        assert vi.paragraphs[follows[p.text] - 1].style.name.startswith("Heading")


@pytest.mark.slow
@pytest.mark.parametrize("filters, where", [
    ({}, ""), ({"domains": ("kinh_te",)}, "AND domain = 'kinh_te'")])
def test_what_the_models_achieved_is_summed_by_domain_as_sql_sums_it(ds, demo_engine, filters,
                                                                     where):
    """The results table: per domain, the sums SQL gives of the models started in the period;
    no domain and no result that no model reports (no column or row of dashes only)."""
    document = build(ds, year_from=2020, year_to=2024, **filters)
    rows = cells(table_after(document, "Bảng 3."))
    measures = {"Hộ tham gia": "households", "Thành viên": "members",
                "Tiền, hiện vật huy động (triệu đồng)": "result_vnd", "Diện tích (ha)": "result_ha",
                "Nhà xây, sửa": "result_houses", "Đường giao thông (km)": "result_road_km",
                "Vụ việc giải quyết": "result_cases"}
    labels = {i18n.domain_label(d, "vi"): d for d in vocab.DOMAINS}
    with demo_engine.connect() as connection:
        sql = {row[0]: row[1:] for row in connection.execute(sa.text(
            f"SELECT domain, {', '.join(f'SUM({m})' for m in measures.values())} FROM models "
            f"WHERE year_started BETWEEN 2020 AND 2024 {where} GROUP BY domain"))}
    header = rows[0][1:]
    domains = [labels[h] for h in header if h != "Tổng cộng"]
    assert set(domains) == {d for d, sums in sql.items() if any(v is not None for v in sums)}
    assert ("Tổng cộng" in header) == (len(domains) > 1)
    shown = {row[0] for row in rows[1:]}
    assert shown == {label for label, m in measures.items()
                     if any(sql[d][list(measures).index(label)] is not None for d in domains)}
    for row in rows[1:]:
        i = list(measures).index(row[0])
        for domain, text in zip(domains, row[1:]):
            want = sql[domain][i]
            if want is None:
                assert text == "–"
                continue
            want = want / 1e6 if measures[row[0]] == "result_vnd" else want
            got = float(text.replace(".", "").replace(",", "."))
            assert got == pytest.approx(want, abs=0.051 if "," in text else 0.5), (row[0], domain)


@pytest.mark.slow
def test_a_domain_and_a_district_are_named_wherever_a_total_is_given(ds, vi):
    """Under a domain and a district filter the subject, the overview sentence and the tables'
    captions name both; no leading-domain map nor domain share (one domain leads everywhere),
    no column of zeros; the targets say they do not follow the filters. Unfiltered, none of it."""
    names = {code: name for code, name in views.district_names(ds).items()}
    district = sorted(names)[0]
    document = build(ds, domains=("kinh_te",), districts=(district,))
    text = [p.text for p in document.paragraphs]
    subject = text[text.index("BÁO CÁO") + 1]
    assert subject.endswith(f"năm {YEAR}, trong lĩnh vực Kinh tế, {names[district]}")
    assert any(p.startswith(f"Năm {YEAR}, trong lĩnh vực Kinh tế, {names[district]} xây dựng ")
               for p in text)
    assert not any(p.startswith(i18n.t("report.leading_title", "vi")) or
                   p.startswith("Hình") and i18n.t("report.leading_title", "vi") in p for p in text)
    assert not any(p.startswith("Lĩnh vực ") and "nhiều mô hình nhất" in p for p in text)
    table = cells(table_after(document, "Bảng 2."))
    assert table[0][1:] == ["Kinh tế"]
    for column in range(1, len(table[0])):
        assert any(whole(row[column]) for row in table[1:]), table[0][column]
    captions = [p for p in text if p.startswith("Bảng 2.") or p.startswith("Bảng 3.")]
    assert captions and all(c.endswith("trong lĩnh vực Kinh tế") for c in captions)
    assert i18n.t("report.not_filtered", "vi") in text
    plain = [p.text for p in vi.paragraphs]
    assert i18n.t("report.not_filtered", "vi") not in plain
    assert any(i18n.t("report.leading_title", "vi") in p for p in plain)
    assert any(p.startswith(f"Năm {YEAR}, toàn tỉnh xây dựng ") for p in plain)


@pytest.mark.parametrize("kind", ["density", "leading"])
def test_the_reports_maps_print_every_text_at_8_pt_with_the_districts(ds, kind):
    """The report's maps as it draws them, `MAP_WIDTH_MM` wide: every text (names, legend, title,
    credit, date, scale) ≥ 8 pt at that width, the 18 districts outlined, most of them named,
    no two texts over each other."""
    from matplotlib.collections import PathCollection
    from matplotlib.text import Text

    from geo.render.files import figures, report

    draw = {"density": figures.density_figure, "leading": figures.leading_figure}[kind]
    fig = draw(ds, Filters(year_from=YEAR, year_to=YEAR), title="t",
               printed_mm=report.MAP_WIDTH_MM)
    scale = report.MAP_WIDTH_MM / (fig.get_figwidth() * 25.4)
    fig.canvas.draw()
    texts = fig.findobj(lambda a: isinstance(a, Text) and a.get_text())
    assert min(t.get_fontsize() * scale for t in texts) >= figures.PRINTED_PT - 1e-9
    ax = fig.axes[0]
    names = set(ds.layers["districts"]["short_name"])
    assert len({t.get_text() for t in ax.texts} & names) >= 12
    outlines = [c for c in ax.collections if isinstance(c, PathCollection)
                and len(c.get_paths()) == len(names)]
    assert outlines  # one path per district
    renderer = fig.canvas.get_renderer()
    boxes = [t.get_window_extent(renderer) for t in ax.texts if t.get_text()]
    assert not any(a.overlaps(b) for i, a in enumerate(boxes) for b in boxes[i + 1:])
    cut = [t.get_text() for t in texts if t.get_visible()
           and not fig.bbox.contains(*t.get_window_extent(renderer).max)]
    assert not cut  # a legend label running off the page is lost on paper
