"""Presenting: titles in words, the deck in a link, every export the command line makes (PNG at
300 dpi, vector PDF, the PowerPoint briefing checked against SQL, offline HTML, video), and the
presentation view in three languages."""

from __future__ import annotations

import datetime as dt
import io
import re
import subprocess
import sys

import pytest
import sqlalchemy as sa
from PIL import Image
from pptx import Presentation

from geo import settings
from geo.analysis import aggregate, views
from geo.analysis.filters import Filters
from geo.render import deck, i18n, words
from geo.render.files import exports, motion
from geo.render.files import slides as slides_module
from geo.render.plaintext import escape_markdown
from tests.helpers import PRESENT_PAGE

QUICK = "domains=quoc_phong_an_ninh&year_from=2015"  # few typical models: quick to draw


@pytest.fixture
def cli(demo_db, monkeypatch, tmp_path):
    """`python -m geo.present` in-process on the illustrative store; returns (code, output)."""
    monkeypatch.setenv("DVK_DB_PATH", str(demo_db))

    def run(*args: str, name: str = "out"):
        out = tmp_path / name
        code = exports.main([*args, "--out", str(out)])
        return code, out
    return run


@pytest.mark.slow
def test_the_title_says_the_filters_in_words(ds):
    names = views.district_names(ds)
    f = Filters(domains=("kinh_te",), year_from=2020, year_to=2024, lang="vi")
    assert words.title(f, "vi", names) == "Mô hình “Dân vận khéo” lĩnh vực Kinh tế, 2020–2024, theo xã"
    f = Filters(domains=("kinh_te", "van_hoa_xa_hoi"), year_from=2021, year_to=2021,
                districts=("503",), geography="districts", typical_only=True)
    assert words.title(f, "en", names) == ("Typical “Skilled mass mobilization” models in Economy "
                                           "and Culture and society, 2021, Thành phố Hội An, "
                                           "by district")
    assert words.title(Filters(year_to=2024), "fr", names).endswith("2009–2024, par commune")


def test_a_deck_is_one_link(ds):
    base = Filters(year_to=ds.latest_year, lang="en")
    slides, problems = deck.parse("overview|domains;domains=kinh_te;year_from=2020|moon|"
                                  "typical;model=QN-TRA-KA|replication;year_from=1900",
                                  base, latest_year=ds.latest_year,
                                  districts=set(ds.layers["districts"]["code"]))
    assert [s.view for s in slides] == ["overview", "domains", "typical"]
    assert slides[1].filters.domains == ("kinh_te",) and slides[1].filters.year_from == 2020
    assert slides[1].filters.lang == "en" and slides[2].model == "QN-TRA-KA"
    assert problems == ["moon", "replication;year_from=1900"]
    every, missing = deck.expand(deck.parse("", base, latest_year=ds.latest_year,
                                            districts=set())[0], ds)
    assert missing == []
    typical = views.typical_models(ds, base)
    assert [s.model for s in every if s.view == "typical"] == typical["id"].tolist()
    domains = typical["domain"].map(aggregate.DOMAIN_ORDER.index).tolist()
    assert domains == sorted(domains)  # by domain, then reach


CASES = [(view, fmt) for view, formats in exports.SUPPORTED.items() for fmt in formats
         if view != "briefing"]


# pages of a PDF and slides of a deck, per view: a map view is one page; the overview's deck
# is its title, key figures and map; the domains' deck the leading domain, the four domain
# maps and the district × domain table; the typical view one per typical model selected; the
# time-lapse one page per year
PAGES_AND_SLIDES = {"overview": (1, 3), "domains": (1, 3), "replication": (1, 1), "targets": (1, 1)}


@pytest.mark.slow
@pytest.mark.parametrize("view, fmt", CASES, ids=[f"{v}-{f}" for v, f in CASES])
def test_every_view_in_every_format_is_made(cli, view, fmt, ds, demo_engine):
    code, out = cli("--view", view, "--format", fmt, "--query", QUICK, "--lang", "fr",
                    name=f"{view}.{fmt}")
    assert code == 0
    data = out.read_bytes()
    with demo_engine.connect() as connection:
        typical, replicated = connection.execute(sa.text(
            "SELECT count(*), count(*) FILTER (WHERE EXISTS (SELECT 1 FROM replications r "
            "WHERE r.model_id = m.id)) FROM models m WHERE typical AND "
            "domain = 'quoc_phong_an_ninh' AND year_started >= 2015")).one()
    waiting = -(-(typical - replicated) // slides_module.TABLE_ROWS)  # table slides
    table = -(-len(views.district_names(ds)) // slides_module.TABLE_ROWS)
    pages, slides = PAGES_AND_SLIDES.get(view, (typical, replicated + waiting))
    if view == "domains" and fmt == "pptx":
        slides = 2 + table  # leading, four maps, the table over its slides
    if view == "timelapse":
        pages = ds.latest_year - 2015 + 1
    if fmt == "png":
        image = Image.open(io.BytesIO(data))
        assert image.size == (3508, 2480) and round(image.info["dpi"][0]) == 300
    elif fmt == "pdf":
        assert data.startswith(b"%PDF") and b"DejaVuSans" in data
        assert data.count(b"/Type /Page\n") + data.count(b"/Type /Page ") == pages > 0
    elif fmt == "pptx":
        assert len(Presentation(io.BytesIO(data)).slides) == slides > 0
    elif fmt == "html":
        text = data.decode("utf-8")
        assert "L.map(" in text
        assert re.findall(r'<(?:script|link|img|iframe)\b[^>]*(?:src|href)=', text) == []
        assert len(data) <= 1_000_000
    elif fmt == "gif":
        years = list(range(2015, ds.latest_year + 1))
        assert Image.open(io.BytesIO(data)).n_frames == len(years)
    elif fmt == "mp4":
        import imageio_ffmpeg

        frames = imageio_ffmpeg.read_frames(str(out))
        meta = next(frames)
        frames.close()
        assert meta["size"] == motion.FRAME_SIZE and data[4:8] == b"ftyp"
        assert b"avc1" in data  # H.264: what PowerPoint and every phone play
        count, seconds = imageio_ffmpeg.count_frames_and_secs(str(out))
        assert count == 2 * (ds.latest_year - 2015 + 1) + 4  # a second a year, 3 s the last
        assert seconds == pytest.approx(count / 2)


def test_a_16_9_png_is_3840_by_2160(cli):
    code, out = cli("--view", "overview", "--format", "png", "--size", "16:9", name="w.png")
    with Image.open(out) as image:
        assert code == 0 and image.size == (3840, 2160)


def test_the_density_pdf_is_vector(cli):
    code, out = cli("--view", "overview", "--format", "pdf", name="v.pdf")
    data = out.read_bytes()
    assert code == 0 and b"/Subtype /Image" not in data  # polygons and text, no picture


def test_a_wrong_request_names_what_is_wrong(cli, capsys):
    assert cli("--view", "briefing", "--format", "mp4")[0] == 2
    assert "pptx, pdf" in capsys.readouterr().err
    assert cli("--view", "overview", "--format", "png", "--query", "domains=moon")[0] == 2
    assert "domains=moon" in capsys.readouterr().err


def sql_crosstab(engine) -> dict[tuple[str, str], int]:
    with engine.connect() as connection:
        rows = connection.execute(sa.text(
            "SELECT district_code, domain, count(*) FROM models WHERE district_code IS NOT NULL "
            "AND domain = 'kinh_te' AND year_started >= 2020 GROUP BY district_code, domain"))
        return {(d, k): n for d, k, n in rows}


@pytest.mark.slow
def test_the_briefing_deck(ds, demo_engine, monkeypatch):
    """Under a domain filter: title (QR code to the live view), key figures, three map slides,
    the district × domain table (its one domain's column against SQL, over as many slides as
    it needs at 14 pt), targets, a card per replicated typical model, the others in a table;
    notes with the source and the last import; the illustrative-data footer on every slide,
    nothing reaching into it; every title unique."""
    from geo.render.files import slides as deck_slides

    monkeypatch.setenv("DVK_PUBLIC_URL", "https://dvk.example.gov.vn")
    filters = Filters(domains=("kinh_te",), year_from=2020, year_to=ds.latest_year, lang="vi")
    prs = Presentation(io.BytesIO(exports.make(ds, "briefing", "pptx", filters)))
    slides = list(prs.slides)
    titles = [slide.shapes.title.text for slide in slides]
    assert len(set(titles)) == len(titles), titles  # the outline tells every slide apart
    texts = [" ".join(s.text_frame.text for s in slide.shapes if s.has_text_frame)
             for slide in slides]
    heading = words.title(filters, "vi", views.district_names(ds))
    assert heading in texts[0] and "https://dvk.example.gov.vn/?domains=kinh_te" in texts[0]
    assert any(s.shape_type == 13 for s in slides[0].shapes)  # the QR code picture
    with demo_engine.connect() as connection:
        models = connection.execute(sa.text(
            "SELECT count(*) FROM models WHERE domain = 'kinh_te' AND year_started >= 2020"
        )).scalar()
    assert i18n.number(models, "vi") in texts[1]
    assert all(any(s.shape_type == 13 for s in slide.shapes) for slide in slides[2:5])
    table_title = i18n.t("present.domain_table", "vi")
    tables = [next(s for s in slide.shapes if s.has_table).table for slide, title
              in zip(slides, titles) if title.startswith(table_title)]
    assert len(tables) >= 2  # 18 districts at 14 pt: two slides
    header = [c.text for c in tables[0].rows[0].cells]
    assert header[1:] == [i18n.domain_label("kinh_te", "vi")]  # no column of zeros
    names = {n: c for c, n in views.district_names(ds).items()}
    rows = [[c.text for c in row.cells] for t in tables for row in list(t.rows)[1:]]
    shown = {(names[r[0]], "kinh_te"): int(r[1].replace(".", "")) for r in rows[:-1]
             if r[1] != "0"}
    assert shown == sql_crosstab(demo_engine)
    assert rows[-1][0] == i18n.t("domains.total", "vi")
    assert int(rows[-1][1].replace(".", "")) == sum(shown.values())
    for t in tables:
        assert all(p.font.size.pt >= 14 for row in t.rows for cell in row.cells
                   for p in cell.text_frame.paragraphs)
    with demo_engine.connect() as connection:  # the last import in force, asked of SQL
        last = connection.execute(sa.text("SELECT max(created_at) FROM imports "
                                          "WHERE undone_at IS NULL")).scalar()
    last = dt.datetime.fromisoformat(str(last))
    for slide in slides:
        notes = slide.notes_slide.notes_text_frame.text
        assert i18n.t("present.source_demo", "vi") in notes and heading in notes
        assert f"{last:%d-%m-%Y %H:%M}" in notes  # the speaker knows how fresh the data is
        footer = [s for s in slide.shapes if s.has_text_frame
                  and s.text_frame.text == i18n.t("app.demo_banner", "vi")]
        assert len(footer) == 1
        for shape in slide.shapes:
            if shape.shape_id != footer[0].shape_id:
                assert shape.top + shape.height <= deck_slides.FOOTER_TOP, (
                    slide.shapes.title.text, shape.name)
    targets_slide = next(slide for slide in slides if slide.notes_slide.notes_text_frame.text
                         .startswith(i18n.t("targets.all_models", "vi")))
    assert any(s.shape_type == 13 for s in targets_slide.shapes)
    alts = [s._element.nvPicPr.cNvPr.get("descr") for slide in slides for s in slide.shapes
            if s.shape_type == 13 and not s._element.nvPicPr.cNvPr.get("descr").startswith("QR")]
    assert len(set(alts)) == len(alts)  # each picture described as itself
    assert_cards_and_waiting(ds, filters, slides, demo_engine)


def assert_cards_and_waiting(ds, filters, slides, engine) -> None:
    """A card (facts as text frames beside the map, its alt text naming the model) for each
    typical model SQL finds replicated by the period's end; the others in the waiting table."""
    with engine.connect() as connection:
        typical = dict(connection.execute(sa.text(
            "SELECT m.id, count(r.model_id) FROM models m LEFT JOIN replications r ON "
            f"r.model_id = m.id AND r.year <= {filters.year_to} WHERE m.typical AND "
            "m.domain = 'kinh_te' AND COALESCE(m.typical_year, m.year_started) "
            f"<= {filters.year_to} GROUP BY m.id")).all())
    cards = {}
    for slide in slides:
        first = slide.notes_slide.notes_text_frame.text.split("\n")[0]
        if first.split(":")[0] in typical:
            cards[first.split(":")[0]] = slide
    assert set(cards) == {i for i, n in typical.items() if n > 0}
    names = dict(zip(ds.prepared.frame["id"], ds.prepared.frame["name"]))
    for model, slide in cards.items():
        facts = [s for s in slide.shapes if s.has_text_frame and not s.is_placeholder
                 and i18n.t("card.unit", "vi") in s.text_frame.text]
        assert len(facts) == 1 and i18n.domain_label("kinh_te", "vi") in facts[0].text_frame.text
        (picture,) = [s for s in slide.shapes if s.shape_type == 13]
        assert names[model] in picture._element.nvPicPr.cNvPr.get("descr")
        assert picture.left >= facts[0].left + facts[0].width  # beside the facts
    waiting = [slide for slide in slides if slide.shapes.title.text.startswith(
        i18n.t("present.waiting", "vi", year=filters.year_to))]
    listed = [row.cells[0].text for slide in waiting
              for row in list(next(s for s in slide.shapes if s.has_table).table.rows)[1:]]
    assert sorted(listed) == sorted(names[i] for i, n in typical.items() if n == 0)


@pytest.mark.slow
def test_the_command_line_runs_as_a_program(demo_db, tmp_path):
    out = tmp_path / "x.html"
    result = subprocess.run(
        [sys.executable, "-m", "geo.present", "--view", "replication", "--format", "html",
         "--lang", "en", "--out", str(out)], cwd=settings.ROOT, capture_output=True, text=True,
        env={"DVK_DB_PATH": str(demo_db), "PATH": "/usr/bin:/bin"}, timeout=120)
    assert result.returncode == 0, result.stderr
    assert "Replication" in out.read_text(encoding="utf-8")


@pytest.mark.parametrize("lang", ["vi", "en", "fr"])
def test_presentation_view_in_each_language(make_apptest, lang, ds):
    at = make_apptest(query={"lang": lang, "deck": "overview|typical;model=QN-TRA-KA|moon"}).run()
    at.switch_page(PRESENT_PAGE).run()
    assert not at.exception
    filters = Filters(year_to=ds.latest_year, lang=lang)
    assert at.markdown[0].value.startswith("# " + words.title(filters, lang, views.district_names(
        ds))[:20])
    assert i18n.t("present.slide", lang, n=1, total=2) in [c.value for c in at.caption]
    assert any("moon" in w.value for w in at.warning)
    at.button(key="deck_next").click().run()
    assert not at.exception
    assert at.markdown[0].value == "# " + escape_markdown(
        "Trồng cây dược liệu (nghệ đen) trên đất bỏ hoang, bồi lấp")
    text = " ".join(m.value for m in at.markdown)
    assert escape_markdown(i18n.t("card.result.result_vnd", lang,
                                  n=i18n.number(60_000_000, lang))) in text
    assert at.query_params["slide"] == "2"


def test_the_timelapse_counts_every_model_started(ds, demo_engine):
    lapse = views.timelapse(ds, Filters(year_to=ds.latest_year))
    with demo_engine.connect() as connection:
        per_year = dict(connection.execute(sa.text(
            "SELECT year_started, count(*) FROM models GROUP BY year_started")).all())
    running = 0
    for year, total in zip(lapse.years, lapse.totals):
        running += per_year.get(year, 0)
        assert total == running
    assert (lapse.per_unit[1:] >= lapse.per_unit[:-1]).all()
    assert lapse.per_unit[-1].sum() == (ds.prepared.place["communes"] >= 0).sum()


def test_the_targets_map_exports_for_a_chosen_year_and_level(ds):
    page = exports.make(ds, "targets", "html", Filters(year_to=ds.latest_year), year=2026,
                        level="commune").decode("utf-8")
    assert page.count('"properties":{"code":') == 78  # the 2025b communes and wards
    assert i18n.t("targets.met_label", "vi", year=2026) in page
    districts = exports.make(ds, "targets", "html", Filters(year_to=ds.latest_year), year=2024)
    assert districts.decode("utf-8").count('"properties":{"code":') == 18


def test_the_targets_page_offers_its_exports(make_apptest):
    at = make_apptest().run()
    at.switch_page("pages/chi-tieu.py").run()
    keys = {b.key for b in at.get("download_button")}
    assert {f"export_targets_{fmt}" for fmt in exports.SUPPORTED["targets"]} <= keys


def test_a_deck_with_nothing_to_show_says_so(make_apptest):
    at = make_apptest(query={"deck": "moon|typical;districts=503;year_from=2009;year_to=2009"}
                      ).run()
    at.switch_page(PRESENT_PAGE).run()
    assert not at.exception
    assert any("moon" in w.value for w in at.warning)
    assert i18n.t("present.empty_deck", "vi") in [i.value for i in at.info]


@pytest.mark.slow
def test_the_whole_briefing_is_editable_described_and_small(ds, demo_engine):
    """Every slide's title is in its layout's title placeholder (PowerPoint's outline, slide
    sorter and screen readers show it), every picture has alt text from the data, maps are at a
    1920 × 1080 projector's resolution, and the whole briefing stays under 5 MB."""
    from PIL import Image
    from pptx.enum.shapes import PP_PLACEHOLDER

    data = exports.make(ds, "briefing", "pptx", Filters(year_to=ds.latest_year))
    assert len(data) < 5_000_000, len(data)
    prs = Presentation(io.BytesIO(data))
    slides = list(prs.slides)
    typical = views.typical_models(ds, Filters(year_to=ds.latest_year))
    assert len(slides) >= 7 + (typical["adoptions_to_date"] > 0).sum()
    for i, slide in enumerate(slides):
        title = slide.shapes.title
        assert title is not None and title.is_placeholder, i
        assert title.placeholder_format.type in (PP_PLACEHOLDER.TITLE,
                                                 PP_PLACEHOLDER.CENTER_TITLE)
        assert title.text_frame.text.strip(), i
        for picture in (s for s in slide.shapes if s.shape_type == 13):
            alt = picture._element.nvPicPr.cNvPr.get("descr", "")
            assert len(alt) > 10, (i, alt)
            if i in (2, 3, 4):  # the maps
                assert re.search(r"\d", alt)
                assert Image.open(io.BytesIO(picture.image.blob)).size == (1920, 1080)
    assert slides[1].shapes.title.text == i18n.t("present.key_figures", "vi")
    with demo_engine.connect() as connection:
        models = i18n.number(connection.execute(sa.text("SELECT count(*) FROM models")).scalar(),
                             "vi")
    assert any(s.has_text_frame and s.text_frame.text == models for s in slides[1].shapes)


@pytest.mark.slow
def test_the_title_slide_names_the_issuer_the_event_and_the_presenter(cli, monkeypatch):
    """The issuing body of today (Đà Nẵng's since 1 July 2025) above the title; the event and
    the presenter given on the command line, else from the settings; a bad one is named."""
    monkeypatch.setenv("DVK_BRIEFING_PRESENTER", "Nguyễn Thị Lan, Trưởng ban")
    code, out = cli("--view", "briefing", "--format", "pptx", "--query", QUICK,
                    "--event", "Hội nghị sơ kết 2026", name="b.pptx")
    assert code == 0
    title = Presentation(out).slides[0]
    text = "\n".join(s.text_frame.text for s in title.shapes if s.has_text_frame).replace(
        "\x0b", "\n")  # a line break inside a paragraph
    assert "THÀNH ỦY ĐÀ NẴNG\nBAN DÂN VẬN" in text
    assert "Sự kiện: Hội nghị sơ kết 2026" in text
    assert "Báo cáo viên: Nguyễn Thị Lan, Trưởng ban" in text
    monkeypatch.setenv("DVK_BRIEFING_PRESENTER", "Lan\x07")
    assert cli("--view", "briefing", "--format", "pptx", name="c.pptx")[0] == 2
