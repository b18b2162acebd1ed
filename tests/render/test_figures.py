"""One meaning per figure (docs/FIGURES.md): for each filter set, every medium — the overview
page, the slides, the yearly report, the print figures, the offline file and the audience
snapshot — shows the numbers an SQL count of the store gives, and the web map and the print
figure give every unit the same colour.

The oracle is written here from the definitions alone: SQL over the store, and a table of places
(each era's code -> its 2020 commune and district) read from the eras CSV with the csv module.
It calls nothing of the code under test.
"""

from __future__ import annotations

import csv
import html
import io
import re
import shutil
from dataclasses import dataclass
from urllib.parse import parse_qsl

import docx
import pytest
import sqlalchemy as sa
from matplotlib.colors import to_hex
from PIL import Image
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE

from geo import palette, settings
from geo.analysis import targets, views
from geo.analysis.filters import Filters
from geo.render import catalog, i18n, words
from geo.render.files import exports, figures
from geo.render.web import audience
from geo.store import database
from tests.helpers import editor_in, metrics

FILTER_SETS = {
    "whole period": "",
    "one year": "year_from=2024&year_to=2024",
    "a domain and a year": "domains=kinh_te&year_from=2025&year_to=2025",
    "one district": "districts=513",
    "empty result": "domains=quoc_phong_an_ninh&districts=519&year_from=2009&year_to=2009",
}
COMMUNES_2020 = 241


# -- the oracle ----------------------------------------------------------------------------------

def places() -> list[tuple[str, str, str | None, str | None]]:
    """(era, code, its 2020 commune, its 2020 district), from the eras CSV: a code covering one
    2020 commune is that commune; its district is the one all its 2020 communes share."""
    with (settings.path("DVK_LAYERS_DIR") / "eras.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    district_2020 = {r["code"]: r["district_code"] for r in rows if r["era"] == "2020"}
    out = []
    for r in rows:
        covered = r["codes_2020"].split("|")
        districts = {district_2020[c] for c in covered}
        out.append((r["era"], r["code"], covered[0] if len(covered) == 1 else None,
                    districts.pop() if len(districts) == 1 else None))
    return out


@dataclass
class Expected:
    """The figures of one filter set, counted by SQL."""

    first: int
    last: int
    models: int
    models_to_date: int
    typical: int
    typical_to_date: int
    replications: int
    replications_to_date: int
    units_with: int
    units_with_to_date: int
    in_districts: int
    province_level: int
    no_district: int
    typical_names: set[str]
    by_commune: dict[str, int]


def with_places(connection) -> None:
    """The connection's own `place` table: where each (era, code) lies, from the eras file."""
    connection.execute(sa.text("CREATE TEMP TABLE IF NOT EXISTS place (era TEXT, code TEXT, "
                               "commune TEXT, district TEXT)"))
    if not connection.execute(sa.text("SELECT count(*) FROM place")).scalar():
        connection.execute(sa.text("INSERT INTO place VALUES (:e, :c, :m, :d)"),
                           [dict(zip("ecmd", p)) for p in places()])


def expected(connection, query: str, latest: int) -> Expected:
    params = dict(parse_qsl(query))
    first, last = int(params.get("year_from", 2009)), int(params.get("year_to", latest))
    with_places(connection)
    district = ("COALESCE(p.district, CASE WHEN m.commune_code IS NULL THEN m.district_code END)")
    scope = ["1 = 1"]
    for name, column in (("domains", "m.domain"), ("districts", district), ("units", "m.unit")):
        if name in params:
            scope.append(f"{column} IN ({', '.join(repr(v) for v in params[name].split(','))})")
    if params.get("typical_only") == "1":
        scope.append("m.typical")
    models = ("FROM models m LEFT JOIN place p ON p.era = m.commune_era AND "
              f"p.code = m.commune_code WHERE {' AND '.join(scope)}")
    chosen = "COALESCE(m.typical_year, m.year_started)"

    def one(sql: str) -> int:
        return connection.execute(sa.text(sql)).scalar()

    started = f"m.year_started BETWEEN {first} AND {last}"
    typical_by_end = f"m.typical AND {chosen} <= {last}"
    replications = f"FROM replications r JOIN ({'SELECT m.id ' + models} AND {typical_by_end}) " \
                   "t ON t.id = r.model_id"
    return Expected(
        first, last,
        one(f"SELECT count(*) {models} AND {started}"),
        one(f"SELECT count(*) {models} AND m.year_started <= {last}"),
        one(f"SELECT count(*) {models} AND m.typical AND {chosen} BETWEEN {first} AND {last}"),
        one(f"SELECT count(*) {models} AND {typical_by_end}"),
        one(f"SELECT count(*) {replications} WHERE r.year BETWEEN {first} AND {last}"),
        one(f"SELECT count(*) {replications} WHERE r.year <= {last}"),
        one(f"SELECT count(DISTINCT p.commune) {models} AND {started}"),
        one(f"SELECT count(DISTINCT p.commune) {models} AND m.year_started <= {last}"),
        one(f"SELECT count(*) {models} AND {started} AND {district} IS NOT NULL"),
        one(f"SELECT count(*) {models} AND {started} AND m.level = 'tinh'"),
        one(f"SELECT count(*) {models} AND {started} AND {district} IS NULL "
            "AND m.level <> 'tinh'"),
        {n for (n,) in connection.execute(sa.text(f"SELECT m.name {models} AND {typical_by_end}"))},
        dict(connection.execute(sa.text(f"SELECT p.commune, count(*) {models} AND {started} "
                                        "AND p.commune IS NOT NULL GROUP BY p.commune")).all()),
    )


def district_targets_met(connection, year: int) -> tuple[int, int]:
    """Districts that met 2024's yearly rule (≥ 2 new models, ≥ 1 typical chosen, made in the
    district that year), and all districts, counted by SQL (before the 2025 merger)."""
    with_places(connection)
    new_min, typical_min = connection.execute(sa.text(
        f"SELECT min_new, min_typical FROM target_rules WHERE level = 'district' AND "
        f"cadence = 'year' AND {year} BETWEEN year_from AND year_to")).one()
    district = "COALESCE(p.district, CASE WHEN m.commune_code IS NULL THEN m.district_code END)"
    rows = connection.execute(sa.text(
        f"SELECT d, sum(new), sum(typ) FROM (SELECT {district} AS d, "
        f"m.year_started = {year} AS new, (m.typical AND COALESCE(m.typical_year, "
        f"m.year_started) = {year}) AS typ FROM models m LEFT JOIN place p ON "
        "p.era = m.commune_era AND p.code = m.commune_code) WHERE d IS NOT NULL GROUP BY d")).all()
    met = sum(1 for _, new, typ in rows if new >= new_min and typ >= typical_min)
    return met, 18


# -- what each medium shows ----------------------------------------------------------------------

def whole(text: str) -> int:
    return int(re.sub(r"[^\d]", "", text))


def pair(text: str) -> tuple[int, int]:
    a, b = text.split("/")
    return whole(a), whole(b)


def filters_of(ds, query: str) -> Filters:
    """The filters a link's query names, read here (not by the link parser under test)."""
    params = dict(parse_qsl(query))
    lists = {k: tuple(params[k].split(",")) for k in ("domains", "districts", "units")
             if k in params}
    return Filters(year_from=int(params.get("year_from", 2009)),
                   year_to=int(params.get("year_to", ds.latest_year)),
                   typical_only=params.get("typical_only") == "1",
                   measure=params.get("measure", "count"), **lists)


def slide_texts(slide) -> list[str]:
    return [s.text_frame.text for s in slide.shapes if s.has_text_frame and s.text_frame.text]


def deck_figures(ds, filters) -> dict[str, tuple[str, str]]:
    """The overview deck's key-figures slide, label -> (value, the line to date); and under
    "alt" the density picture's alt text."""
    deck = Presentation(io.BytesIO(exports.make(ds, "overview", "pptx", filters)))
    texts = slide_texts(deck.slides[1])
    out = {}
    for key in ("models", "typical", "units_with", "replications"):
        at = texts.index(i18n.t(f"kpi.{key}", "vi"))
        out[key] = (texts[at - 1], texts[at + 1])
    (picture,) = [s for s in deck.slides[2].shapes if s.shape_type == MSO_SHAPE_TYPE.PICTURE]
    out["alt"] = picture._element.nvPicPr.cNvPr.get("descr")
    return out


def report_tables(ds, filters) -> tuple[docx.Document, dict[str, list[list[str]]]]:
    """The yearly report and its tables by caption (the text after "Bảng N. ")."""
    document = docx.Document(io.BytesIO(exports.make(ds, "report", "docx", filters)))
    scope = words.scope_clause(filters, "vi")  # a caption ends with the filters it follows
    captions = [p.text.split(". ", 1)[1].removesuffix(scope) if scope else
                p.text.split(". ", 1)[1] for p in document.paragraphs
                if p.style.name == "Caption" and p.text.startswith("Bảng")]
    tables = document.tables[1:-1]  # the heading block opens, the signature block closes
    assert len(captions) == len(tables)
    return document, {c: [[cell.text for cell in row.cells] for row in t.rows]
                      for c, t in zip(captions, tables)}


def alt_rows(page: str) -> list[list[str]]:
    """The rows of the map's text alternative in an HTML page."""
    body = re.search(r'<table class="dvk-alt-table">.*?<tbody>(.*?)</tbody>', page, re.S).group(1)
    return [[html.unescape(cell) for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row)]
            for row in body.split("<tr>")[1:]]


def check(found: list, medium: str, shown, wanted) -> None:
    """Note a difference (of two tables: only the rows that differ)."""
    if isinstance(shown, dict) and isinstance(wanted, dict):
        shown, wanted = ({k: v for k, v in a.items() if b.get(k) != v} for a, b in
                         ((shown, wanted), (wanted, shown)))
    if shown != wanted:
        found.append(f"{medium}: shows {shown!r}, SQL counts {wanted!r}")


@pytest.fixture
def store_copy(tmp_path, demo_db):
    shutil.copyfile(demo_db, tmp_path / "copy.sqlite")
    engine = database.make_engine(f"sqlite:///{tmp_path / 'copy.sqlite'}")
    yield engine
    engine.dispose()


@pytest.mark.slow
@pytest.mark.parametrize("query", list(FILTER_SETS.values()), ids=list(FILTER_SETS))
def test_every_medium_shows_the_figures_sql_counts(query, ds, demo_engine, store_copy,
                                                   make_apptest, tmp_path):
    with demo_engine.connect() as connection:
        want = expected(connection, query, ds.latest_year)
        met = district_targets_met(connection, 2024) if want.first == want.last == 2024 else None
    filters = filters_of(ds, query)
    found: list[str] = []

    # the overview page: the cards (the period) and the line under them (to date)
    at = make_apptest(query=dict(parse_qsl(query))).run()
    assert not at.exception
    cards = metrics(at)
    check(found, "page: models", whole(cards[i18n.t("kpi.models", "vi")]), want.models)
    check(found, "page: typical", whole(cards[i18n.t("kpi.typical", "vi")]), want.typical)
    check(found, "page: replications", whole(cards[i18n.t("kpi.replications", "vi")]),
          want.replications)
    check(found, "page: units with", pair(cards[i18n.t("kpi.units_with", "vi")]),
          (want.units_with, COMMUNES_2020))
    (line,) = [c.value for c in at.caption if c.value.startswith(f"Lũy kế đến {want.last}")]
    to_date = {k.strip(): v for k, v in re.findall(r"([^:·]+): ([\d.]+(?: / [\d.]+)?)",
                                                    line.split(": ", 1)[1])}
    check(found, "page: to date", [to_date[i18n.t(f"kpi.{k}", "vi")].strip() for k in
                                   ("models", "typical", "replications")],
          [i18n.number(n, "vi") for n in (want.models_to_date, want.typical_to_date,
                                          want.replications_to_date)])

    # the slides: key figures with the figure to date, the density picture's alt text
    slide = deck_figures(ds, filters)
    for key, now, then in (("models", want.models, want.models_to_date),
                           ("typical", want.typical, want.typical_to_date),
                           ("replications", want.replications, want.replications_to_date)):
        value, line = slide[key]
        check(found, f"slide: {key}", (whole(value), whole(line.split(":")[1])), (now, then))
    without = f"{COMMUNES_2020 - want.units_with}/{COMMUNES_2020} đơn vị chưa có mô hình"
    check(found, "slide alt: units without a model", without in slide["alt"] or (
        want.models == 0 and "không có mô hình nào" in slide["alt"]), True)
    png = Image.open(io.BytesIO(exports.make(ds, "overview", "png", filters)))
    check(found, "PNG: its description", png.info.get("Description"), slide["alt"])

    # the yearly report: the figures table, the district table and what it leaves out
    document, tables = report_tables(ds, filters)
    check(found, "report: the density map's description",
          document.inline_shapes[0]._inline.docPr.get("descr"), slide["alt"])
    rows = {r[0]: r[1:] for r in tables[i18n.t("report.figures_table", "vi")][1:]}
    for label, now, then in (("Mô hình xây dựng", want.models, want.models_to_date),
                             ("Mô hình được chọn điển hình", want.typical, want.typical_to_date),
                             ("Lượt nhân rộng mô hình điển hình", want.replications,
                              want.replications_to_date)):
        check(found, f"report: {label}", (whole(rows[label][0]), whole(rows[label][1])),
              (now, then))
    total_row = tables[i18n.t("report.domain_table", "vi")][-1]
    check(found, "report: district table total", whole(total_row[-1]), want.in_districts)
    text = "\n".join(p.text for p in document.paragraphs)
    if want.province_level or want.no_district:
        note = re.search(r"Bảng tính ([\d.]+)/([\d.]+) mô hình; không có trong bảng: "
                         r"(?:([\d.]+) mô hình cấp tỉnh)?.*?(?:([\d.]+) mô hình không xác định)?"
                         r"[^\d]*$", text, re.M)
        check(found, "report: what the table leaves out",
              tuple(whole(g or "0") for g in note.groups()),
              (want.in_districts, want.models, want.province_level, want.no_district))
    typical_rows = tables.get(i18n.t("report.typical_table", "vi"), [[]])[1:]
    check(found, "report: typical models listed", {r[1] for r in typical_rows},
          want.typical_names)
    check(found, "report: replications of the listed models",
          (sum(whole(r[-2]) for r in typical_rows), sum(whole(r[-1]) for r in typical_rows)),
          (want.replications, want.replications_to_date))

    # the offline file and the audience snapshot: the map's table, unit by unit
    request = catalog.Request(ds, filters)
    offline = exports.make(ds, "overview", "html", filters).decode("utf-8")
    snapshot_of = audience.publish(store_copy, editor_in(store_copy), ds, filters, "overview",
                                   static_dir=tmp_path)
    snapshot = (audience.folder(tmp_path) / f"{snapshot_of.name}.html").read_text("utf-8")
    names = {code: name for code, name in zip(ds.layers["communes"]["code"],
                                              ds.layers["communes"]["name"])}
    for medium, page in (("offline file", offline), ("audience snapshot", snapshot)):
        shown = {}
        for row in alt_rows(page):
            shown.setdefault(row[0], 0)
            shown[row[0]] += whole(row[2])
        wanted = {}
        for code, name in names.items():
            wanted.setdefault(name, 0)
            wanted[name] += want.by_commune.get(code, 0)
        check(found, f"{medium}: models per commune", shown, wanted)

    # the targets of the period's last year: page, print figure, slide, report, offline file
    shown_year = views.target_year(filters)
    target_pdf = next(catalog.VIEWS["targets"].figures(request)).texts[0].get_text()
    target_deck = Presentation(io.BytesIO(exports.make(ds, "targets", "pptx", filters)))
    target_html = exports.make(ds, "targets", "html", filters).decode("utf-8")
    titles = {"print": target_pdf, "slide": target_deck.slides[0].shapes.title.text,
              "offline": re.search(r"<title>(.*?)</title>", target_html).group(1)}
    label = i18n.t("targets.met_label", "vi", year=want.last)
    for medium, title in titles.items():
        check(found, f"{medium}: targets year", title.startswith(label), True)
    check(found, "report: targets year", shown_year, want.last)
    assert f"{i18n.t('report.part3', 'vi', year=want.last)}" in text
    if met is not None:
        page = make_apptest(query={**dict(parse_qsl(query)), "lang": "vi"}).run()
        page.switch_page("pages/chi-tieu.py").run()
        (count,) = [m.value for m in page.metric if m.label == label]
        check(found, "targets page: met", pair(count), met)
        for medium, title in titles.items():
            check(found, f"{medium}: targets met", pair(title.rsplit(": ", 1)[1]), met)
        check(found, "report: targets met",
              pair(re.search(r"(\d+/\d+) đơn vị đạt", text).group(1)), met)
    assert found == []


# -- the same colour for a unit in every medium ------------------------------------------------------

def web_colours(layer) -> dict[str, str]:
    import json

    payload = json.loads(next(iter(layer._children.values())).payload.replace("<\\/", "</"))
    return {code: unit[0].lower() for code, unit in payload["units"].items()}


def print_colours(fig, codes: list[str]) -> dict[str, str]:
    collection = fig.axes[0].collections[0]
    return {code: to_hex(colour) for code, colour in zip(codes, collection.get_facecolors())}


@pytest.mark.slow
@pytest.mark.parametrize("query", ["", "year_from=2025&year_to=2025&measure=per_10k"],
                         ids=["whole period", "a year per 10,000"])
@pytest.mark.parametrize("view", ["overview", "domains", "replication", "targets"])
def test_a_unit_has_the_same_colour_on_the_web_map_and_in_print(view, query, ds):
    filters = filters_of(ds, query)
    request = catalog.Request(ds, filters, year=2025 if view == "targets" and not query else None)
    web = web_colours(catalog.layer_for(request, view))
    if view == "targets":
        shown = catalog.target_status(request)
        fig = figures.targets_figure(ds, "vi", shown.year, shown.level)
        geography = targets.geography_of(shown.level)
    else:
        ids = views.typical_models(ds, filters)["id"].tolist()
        fig = {"overview": figures.density_figure, "domains": figures.leading_figure,
               "replication": lambda *a, **k: figures.replication_figure(ds, filters, ids,
                                                                         title="")}[view](
            ds, filters, title="")
        geography = "communes"
    printed = print_colours(fig, figures.canvas(ds, geography).codes)
    differ = {code: (web.get(code, palette.NO_DATA), colour) for code, colour in printed.items()
              if web.get(code, palette.NO_DATA) != colour}
    assert differ == {}
    assert len(set(printed.values())) >= 2  # a map of colours, not one grey
