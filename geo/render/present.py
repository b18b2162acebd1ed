"""Exports of every view, for the app's buttons and the command line:

    python -m geo.present --view overview --format png --lang vi \\
        --query "domains=kinh_te&year_from=2020" --out ban_do.png

Views: overview, domains, replication, typical, timelapse, targets, briefing, report. Formats: png
(300 dpi), pdf (vector), pptx, html (one file, works offline), mp4 and gif (the time-lapse), docx (the
yearly report in the Party's document form).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from urllib.parse import parse_qsl

from geo.analysis import views
from geo.analysis.filters import Filters, from_query
from geo.records import startup
from geo.render import i18n, words

FORMATS = ("png", "pdf", "pptx", "html", "mp4", "gif", "docx")
SUPPORTED = {
    "overview": ("png", "pdf", "pptx", "html"),
    "domains": ("png", "pdf", "pptx", "html"),
    "replication": ("png", "pdf", "pptx", "html"),
    "typical": ("png", "pdf", "pptx", "html"),
    "timelapse": ("png", "pdf", "html", "mp4", "gif"),
    "targets": ("png", "pdf", "pptx", "html"),
    "briefing": ("pptx", "pdf"),
    "report": ("docx",),
}
MEDIA_TYPES = {"png": "image/png", "pdf": "application/pdf", "html": "text/html",
               "pptx": "application/vnd.openxmlformats-officedocument.presentationml."
                       "presentation", "mp4": "video/mp4", "gif": "image/gif",
               "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document"}
LETTERHEAD_FIELDS = ("superior", "issuer", "number", "symbol", "authority", "signer_title",
                     "signer_name")
MAX_LETTERHEAD = 200  # characters of one heading field


class ExportRequestError(ValueError):
    """A view, format or query the exports cannot make; the message says which and why."""


def filters_from(query: str, lang: str, ds: views.Dataset) -> Filters:
    """The URL's filter syntax ("domains=kinh_te&year_from=2020"); a bad item is an error."""
    params = dict(parse_qsl(query.lstrip("?"), keep_blank_values=True))
    params["lang"] = lang
    filters, problems = from_query(params, latest_year=ds.latest_year,
                                   districts=set(ds.layers["districts"]["code"]))
    if problems:
        raise ExportRequestError(i18n.t("present.bad_query", lang, items=", ".join(problems)))
    return filters


def checked_letterhead(values: dict[str, str | None], lang: str) -> dict[str, str]:
    """The report heading's fields as given; one too long or holding control characters is an
    error naming it (they are printed on the first page)."""
    problems = [f"{name} ({len(value)} > {MAX_LETTERHEAD})" if len(value) > MAX_LETTERHEAD
                else name for name, value in values.items()
                if value and (len(value) > MAX_LETTERHEAD or any(
                    ord(c) < 32 or 0x7F <= ord(c) < 0xA0 for c in value))]
    if problems:
        raise ExportRequestError(i18n.t("present.bad_letterhead", lang, items=", ".join(problems)))
    return {name: value for name, value in values.items() if value}


def make(ds: views.Dataset, view: str, fmt: str, filters: Filters, *, size: str = "a4",
         model: str | None = None, year: int | None = None, level: str | None = None,
         letterhead: dict[str, str] | None = None, audience_url: str | None = None) -> bytes:
    """The file of `view` in `fmt` for `filters` (PNG/PDF pages are A4 landscape or 16:9);
    `year`, `level`: the targets view's (default: the latest year with a rule, its level);
    `letterhead`: the report's heading fields; `audience_url`: the published snapshot a
    briefing's title slide points to with a QR code. Each format's module is imported when asked
    for: the command line starts faster."""
    if view not in SUPPORTED:
        raise ExportRequestError(i18n.t("present.unknown_view", filters.lang, view=view,
                                        views=", ".join(SUPPORTED)))
    if fmt not in SUPPORTED[view]:
        raise ExportRequestError(i18n.t("present.unsupported", filters.lang, view=view,
                                        format=fmt, formats=", ".join(SUPPORTED[view])))
    if fmt == "html":
        from geo.render import standalone

        return standalone.page(ds, filters, view, year=year, level=level).encode("utf-8")
    if fmt == "docx":
        from geo.render import report

        given = checked_letterhead(letterhead or {}, filters.lang)
        return report.build(ds, filters, report.letterhead(filters.lang, **given))
    if fmt == "pptx":
        from geo.render import slides

        return slides.build(ds, filters, view, year=year, level=level, audience_url=audience_url)
    if view == "timelapse":
        from geo.render import motion

        return motion.timelapse(ds, filters, fmt, size)
    pages = _figures(ds, filters, view, size, model, year, level)
    from geo.render import figures

    if fmt == "png":
        return figures.to_bytes(next(pages), "png")
    return figures.to_pdf(pages)


def _figures(ds: views.Dataset, filters: Filters, view: str, size: str, model: str | None,
             year: int | None = None, level: str | None = None):
    """The pages of a view (lazily: a briefing is many)."""
    from geo.render import figures

    lang = filters.lang
    if view == "targets":
        yield figures.targets_figure(ds, lang, views.target_year(ds, year), level, size=size)
        return
    heading = words.title(filters, lang, views.district_names(ds))
    if view in ("overview", "briefing"):
        yield figures.density_figure(ds, filters, title=heading, size=size)
    if view == "briefing":
        yield figures.leading_figure(ds, filters, title=heading, size=size)
    if view in ("domains", "briefing"):
        yield figures.domains_figure(ds, filters, title=heading, size=size)
    typical = views.typical_models(ds, filters)
    if view in ("replication", "briefing"):
        yield figures.replication_figure(ds, filters, typical["id"].tolist(), size=size,
                                         title=i18n.t("present.replication", lang, title=heading))
    if view in ("typical", "briefing"):
        if model is not None:
            typical = typical[typical["id"] == model]
        if typical.empty:
            raise ExportRequestError(i18n.t("present.no_typical", lang))
        for _, row in typical.iterrows():
            yield figures.card_figure(ds, filters, row, size=size)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--view", choices=words.VIEWS, required=True)
    parser.add_argument("--format", choices=FORMATS, required=True)
    parser.add_argument("--lang", choices=("vi", "en", "fr"), default="vi")
    parser.add_argument("--query", default="", help="the app's URL filters, e.g. "
                        "\"domains=kinh_te&year_from=2020\"")
    parser.add_argument("--size", choices=("a4", "16:9"), default="a4",
                        help="PNG/PDF page: A4 landscape or 16:9 (3840×2160 px at 300 dpi)")
    parser.add_argument("--model", help="typical view: only this model's card")
    parser.add_argument("--year", type=int, help="targets view: the year (default: the latest "
                        "with a target)")
    parser.add_argument("--level", choices=("district", "commune"),
                        help="targets view: districts or the 2025b communes (default: the one "
                        "with a target that year, districts first)")
    for name in LETTERHEAD_FIELDS:
        parser.add_argument(f"--{name.replace('_', '-')}", help=f"report heading: {name} "
                            "(default: the DVK_REPORT_* settings, else a blank to fill in)")
    parser.add_argument("--audience", help="briefing: the published snapshot (its name, see "
                        "the Data page) the title slide's QR code points to")
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args(argv)
    ds = views.load(startup.open_store())
    try:
        filters = filters_from(args.query, args.lang, ds)
        audience_url = None
        if args.audience:
            from geo.render import audience

            snapshot = audience.find(args.audience)
            if snapshot is None:
                raise ExportRequestError(i18n.t("present.no_snapshot", args.lang,
                                                name=args.audience[:40]))
            audience_url = snapshot.url()
        data = make(ds, args.view, args.format, filters, size=args.size, model=args.model,
                    year=args.year, level=args.level,
                    letterhead={name: getattr(args, name) for name in LETTERHEAD_FIELDS},
                    audience_url=audience_url)
    except ExportRequestError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_bytes(data)
    print(f"{args.out}: {len(data):,} bytes")
    return 0
