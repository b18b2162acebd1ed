"""Exports of every view, for the app's buttons and the command line:

    python -m geo.present --view overview --format png --lang vi \\
        --query "domains=kinh_te&year_from=2020" --out ban_do.png

Views and their formats: `render.catalog` (overview, domains, replication, typical, timelapse,
targets, briefing, report). Formats: png
(300 dpi), pdf (vector), pptx, html (one file, works offline), mp4 and gif (the time-lapse), docx (the
yearly report in the Party's document form).
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import sys
from pathlib import Path
from urllib.parse import parse_qsl

from geo import settings
from geo.analysis import views
from geo.analysis.filters import FIRST_YEAR, Filters, from_query
from geo.render import catalog, i18n
from geo.store import letterhead as letterhead_store
from geo.store import startup
from geo.text import first_unstorable

SUPPORTED = {view.name: view.formats for view in catalog.CATALOG}
MEDIA_TYPES = catalog.MEDIA_TYPES
LETTERHEAD_FIELDS = ("superior", "issuer", "number", "symbol", "place", "authority",
                     "signer_title", "signer_name")
MAX_LETTERHEAD = 200  # characters of one heading field
ExportRequestError = catalog.ExportRequestError


def filters_from(query: str, lang: str, ds: views.Dataset) -> Filters:
    """The URL's filter syntax ("domains=kinh_te&year_from=2020"); a bad item is an error."""
    params = dict(parse_qsl(query.lstrip("?"), keep_blank_values=True))
    params["lang"] = lang
    filters, problems = from_query(params, latest_year=ds.latest_year,
                                   districts=set(ds.layers["districts"]["code"]))
    if problems:
        raise ExportRequestError("present.bad_query", items=", ".join(problems))
    return filters


def checked_letterhead(values: dict[str, str | None], lang: str) -> dict[str, str]:
    """The report heading's fields as given (command line, the app, the DVK_REPORT_* settings);
    one too long or holding a character a document cannot hold is an error naming it and the
    character (they are printed on the first page)."""
    problems = []
    for name, value in values.items():
        if not value:
            continue
        code = first_unstorable(value)
        if code:
            problems.append(f"{name} ({code})")
        elif len(value) > MAX_LETTERHEAD:
            problems.append(f"{name} ({len(value)} > {MAX_LETTERHEAD})")
    if problems:
        raise ExportRequestError("present.bad_letterhead", items=", ".join(problems))
    return {name: value for name, value in values.items() if value}


def report_date(text: str) -> dt.date:
    """A report's date as the command line takes it."""
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text[:20]!r}: not a date YYYY-MM-DD") from None


def report_year(filters: Filters, year: int) -> Filters:
    """The filters of a yearly report: `year` alone (its figures beside those to date)."""
    if not FIRST_YEAR <= year <= dt.date.today().year:
        raise ExportRequestError("present.bad_report_year", year=year, first=FIRST_YEAR,
                                 last=dt.date.today().year)
    return dataclasses.replace(filters, year_from=year, year_to=year)


def default_report_year(query: str, ds: views.Dataset) -> int | None:
    """The report's year when none is given: the last year with data, unless the query
    asks for a period (names a first or last year): then that period."""
    asked = dict(parse_qsl(query.lstrip("?"), keep_blank_values=True))
    return None if {"year_from", "year_to"} & set(asked) else ds.latest_year


def make(ds: views.Dataset, view: str, fmt: str, filters: Filters, *, size: str = "a4",
         model: str | None = None, year: int | None = None, level: str | None = None,
         letterhead: dict[str, str] | None = None, audience_url: str | None = None,
         report_date: dt.date | None = None, occasion: dict[str, str] | None = None,
         stored_letterhead: dict[str, str] | None = None) -> bytes:
    """The file of `view` in `fmt` for `filters` (PNG/PDF pages are A4 landscape or 16:9);
    `year`, `level`: the targets view's (default: the period's last year, its level);
    `letterhead`: the report's heading fields given for this file (command line), over
    `stored_letterhead` (set in the app, `store.letterhead`); `report_date` its date (default today: the
    heading's bodies are those of that date); `audience_url`: the published snapshot a
    briefing's title slide points to with a QR code. Each format's module is imported when asked
    for: the command line starts faster."""
    found = catalog.VIEWS.get(view)
    if found is None:
        raise ExportRequestError("present.unknown_view", view=view,
                                 views=", ".join(catalog.VIEWS))
    if fmt not in found.formats:
        raise ExportRequestError("present.unsupported", view=view, format=fmt,
                                 formats=", ".join(found.formats))
    if view == "report" and year is not None:
        filters = report_year(filters, year)
        year = None
    request = catalog.Request(ds, filters, size, model, year, level)
    if fmt == "html":
        from geo.render.web import standalone

        return standalone.page(request, view).encode("utf-8")
    if fmt == "docx":
        from geo.render.files import report

        given = checked_letterhead(letterhead or {}, filters.lang)
        head = report.letterhead(filters.lang, date=report_date,
                                 **{**letterhead_store.as_given(stored_letterhead or {}), **given})
        checked_letterhead({f"{name} ({setting})": getattr(head, name) for name, setting in
                            report.SETTINGS.items()}, filters.lang)
        return report.build(ds, filters, head)
    if fmt == "pptx":
        from geo.render.files import slides

        checked_letterhead(occasion or {}, filters.lang)
        checked_letterhead({f"{name} ({setting})": settings.get(setting)
                            for name, setting in slides.OCCASION.items()}, filters.lang)
        return slides.build(request, found, audience_url=audience_url, occasion=occasion,
                            heading=letterhead_store.as_given(stored_letterhead or {}))
    if found.motion:
        from geo.render.files import motion

        return motion.timelapse(ds, filters, fmt, size)
    from geo.render.files import figures

    pages = found.figures(request)
    about = {"title": catalog.title_of(request, view),
             "description": catalog.alternative(request, view if found.layer else "overview")}
    if fmt == "png":
        return figures.to_bytes(next(pages), "png", **about)
    return figures.to_pdf(pages, **about)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--view", choices=list(catalog.VIEWS), required=True)
    parser.add_argument("--format", choices=catalog.FORMATS, required=True)
    parser.add_argument("--lang", choices=("vi", "en", "fr"), default="vi")
    parser.add_argument("--query", default="", help="the app's URL filters, e.g. "
                        "\"domains=kinh_te&year_from=2020\"")
    parser.add_argument("--size", choices=("a4", "16:9"), default="a4",
                        help="PNG/PDF page: A4 landscape or 16:9 (3840×2160 px at 300 dpi)")
    parser.add_argument("--model", help="typical view: only this model's card")
    parser.add_argument("--year", type=int, help="report: the year it reports on (default: "
                        "the last year with data; the whole period only when the query gives "
                        "year_from or year_to); targets view: the year (default: the period's "
                        "last year)")
    parser.add_argument("--level", choices=("district", "commune"),
                        help="targets view: districts or the 2025b communes (default: the one "
                        "with a target that year, districts first)")
    for name in LETTERHEAD_FIELDS:
        parser.add_argument(f"--{name.replace('_', '-')}", help=f"report heading: {name} "
                            "(default: the DVK_REPORT_* settings, else a blank to fill in)")
    parser.add_argument("--date", type=report_date, help="report: its date, YYYY-MM-DD "
                        "(default: today; from 2025-07-01 the heading is Đà Nẵng's)")
    parser.add_argument("--event", help="briefing: the event it is shown at, on the title "
                        "slide (default: the DVK_BRIEFING_EVENT setting)")
    parser.add_argument("--presenter", help="briefing: who presents it, on the title slide "
                        "(default: the DVK_BRIEFING_PRESENTER setting)")
    parser.add_argument("--audience", help="briefing: the published snapshot (its name, see "
                        "the Data page) the title slide's QR code points to")
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args(argv)
    engine = startup.open_store()
    ds = views.load(engine)
    try:
        filters = filters_from(args.query, args.lang, ds)
        audience_url = None
        if args.audience:
            from geo.render.web import audience

            snapshot = audience.find(args.audience)
            if snapshot is None:
                raise ExportRequestError("present.no_snapshot", name=args.audience[:40])
            audience_url = snapshot.url()
        year = args.year
        if args.view == "report" and year is None:
            year = default_report_year(args.query, ds)
        data = make(ds, args.view, args.format, filters, size=args.size, model=args.model,
                    year=year, level=args.level,
                    letterhead={name: getattr(args, name) for name in LETTERHEAD_FIELDS},
                    audience_url=audience_url, report_date=args.date,
                    occasion={"event": args.event, "presenter": args.presenter},
                    stored_letterhead=letterhead_store.read(engine))
    except ExportRequestError as error:
        print(f"error: {i18n.t(error.key, args.lang, **error.values)}", file=sys.stderr)
        return 2
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_bytes(data)
    print(f"{args.out}: {len(data):,} bytes")
    return 0
