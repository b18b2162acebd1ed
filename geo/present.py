"""Exports of every view, for the app's buttons and the command line:

    python -m geo.present --view overview --format png --lang vi \\
        --query "domains=kinh_te&year_from=2020" --out ban_do.png

Views: overview, domains, replication, typical, timelapse, targets, briefing. Formats: png (300 dpi),
pdf (vector), pptx, html (one file, works offline), mp4 and gif (the time-lapse).
"""

from __future__ import annotations

import argparse
import io
import sys
import tempfile
from pathlib import Path
from urllib.parse import parse_qsl

import numpy as np

from geo import i18n, store, views
from geo.filters import Filters, from_query

FORMATS = ("png", "pdf", "pptx", "html", "mp4", "gif")
SUPPORTED = {
    "overview": ("png", "pdf", "pptx", "html"),
    "domains": ("png", "pdf", "pptx", "html"),
    "replication": ("png", "pdf", "pptx", "html"),
    "typical": ("png", "pdf", "pptx", "html"),
    "timelapse": ("png", "pdf", "html", "mp4", "gif"),
    "targets": ("png", "pdf", "pptx", "html"),
    "briefing": ("pptx", "pdf"),
}
MEDIA_TYPES = {"png": "image/png", "pdf": "application/pdf", "html": "text/html",
               "pptx": "application/vnd.openxmlformats-officedocument.presentationml."
                       "presentation", "mp4": "video/mp4", "gif": "image/gif"}
FRAME_SIZE = (1280, 720)  # the time-lapse video: 16:9, divisible by 16 for H.264


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


def make(ds: views.Dataset, view: str, fmt: str, filters: Filters, *, size: str = "a4",
         model: str | None = None, year: int | None = None, level: str | None = None
         ) -> bytes:
    """The file of `view` in `fmt` for `filters` (PNG/PDF pages are A4 landscape or 16:9);
    `year`, `level`: the targets view's (default: the latest year with a rule, its level)."""
    if view not in SUPPORTED:
        raise ExportRequestError(i18n.t("present.unknown_view", filters.lang, view=view,
                                        views=", ".join(SUPPORTED)))
    if fmt not in SUPPORTED[view]:
        raise ExportRequestError(i18n.t("present.unsupported", filters.lang, view=view,
                                        format=fmt, formats=", ".join(SUPPORTED[view])))
    if fmt == "html":
        from geo import standalone

        return standalone.page(ds, filters, view, year=year, level=level).encode("utf-8")
    if fmt == "pptx":
        from geo import slides

        return slides.build(ds, filters, view, year=year, level=level)
    if view == "timelapse":
        return _timelapse(ds, filters, fmt, size)
    pages = _figures(ds, filters, view, size, model, year, level)
    if fmt == "png":
        from geo import figures

        return figures.to_bytes(next(pages), "png")
    return _pdf(pages)


def _figures(ds: views.Dataset, filters: Filters, view: str, size: str, model: str | None,
             year: int | None = None, level: str | None = None):
    """The pages of a view (lazily: a briefing is many)."""
    from geo import figures

    lang = filters.lang
    if view == "targets":
        yield figures.targets_figure(ds, lang, views.target_year(ds, year), level, size=size)
        return
    words = views.title(filters, lang, views.district_names(ds))
    if view in ("overview", "briefing"):
        yield figures.density_figure(ds, filters, title=words, size=size)
    if view == "briefing":
        yield figures.leading_figure(ds, filters, title=words, size=size)
    if view in ("domains", "briefing"):
        yield figures.domains_figure(ds, filters, title=words, size=size)
    typical = views.typical_models(ds, filters)
    if view in ("replication", "briefing"):
        yield figures.replication_figure(ds, filters, typical["id"].tolist(), size=size,
                                         title=i18n.t("present.replication", lang, title=words))
    if view in ("typical", "briefing"):
        if model is not None:
            typical = typical[typical["id"] == model]
        if typical.empty:
            raise ExportRequestError(i18n.t("present.no_typical", lang))
        for _, row in typical.iterrows():
            yield figures.card_figure(ds, filters, row, size=size)


def _pdf(pages) -> bytes:
    from matplotlib.backends.backend_pdf import PdfPages

    out = io.BytesIO()
    with PdfPages(out) as pdf:
        for fig in pages:
            pdf.savefig(fig)
    return out.getvalue()


def _timelapse(ds: views.Dataset, filters: Filters, fmt: str, size: str) -> bytes:
    """Cumulative density year by year: a video, a GIF, one page per year, or the last year."""
    from geo import figures
    from geo.classify import classify

    lapse = views.timelapse(ds, filters)
    years = lapse.years
    classes = classify(lapse.per_unit[-1].astype(float), filters.classification)

    def frame(i: int, frame_size: str):
        return figures.timelapse_figure(ds, filters, lapse, i, classes, size=frame_size)

    if fmt == "png":
        return figures.to_bytes(frame(len(years) - 1, size), "png")
    if fmt == "pdf":
        return _pdf(frame(i, size) for i in range(len(years)))
    pictures = [_rgb(frame(i, "16:9")) for i in range(len(years))]
    if fmt == "gif":
        from PIL import Image

        images = [Image.fromarray(p).resize((960, 540)) for p in pictures]
        out = io.BytesIO()
        images[0].save(out, format="GIF", save_all=True, append_images=images[1:],
                       duration=[1000] * (len(images) - 1) + [3000], loop=0, optimize=True)
        return out.getvalue()
    return _mp4(pictures)


def _rgb(fig) -> np.ndarray:
    """A 16:9 figure as 1280×720 RGB pixels."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    fig.set_dpi(FRAME_SIZE[0] / fig.get_figwidth())
    canvas = FigureCanvasAgg(fig)
    canvas.draw()
    return np.asarray(canvas.buffer_rgba())[:, :, :3].copy()


def _mp4(pictures: list[np.ndarray], seconds_per_year: int = 1, fps: int = 2) -> bytes:
    """H.264 (the ffmpeg that imageio-ffmpeg ships), each year shown a second, the last three."""
    import imageio_ffmpeg

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "timelapse.mp4"
        writer = imageio_ffmpeg.write_frames(str(path), FRAME_SIZE, fps=fps, codec="libx264",
                                             pix_fmt_out="yuv420p", macro_block_size=16,
                                             quality=7)
        writer.send(None)
        for i, picture in enumerate(pictures):
            repeat = fps * (3 if i == len(pictures) - 1 else seconds_per_year)
            for _ in range(repeat):
                writer.send(np.ascontiguousarray(picture))
        writer.close()
        return path.read_bytes()


def _store():
    """The app's store, migrated, with the illustrative data if it is empty (as the app does)."""
    from geo import boundaries, demo
    from geo.matching import Gazetteer
    from geo.schema import imports

    engine = store.make_engine()
    store.upgrade(engine)
    if store.count_rows(engine, imports) == 0:
        demo.load_demo(engine, Gazetteer(boundaries.read_eras(),
                                         boundaries.read_layer("districts")))
    return engine


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--view", choices=views.VIEWS, required=True)
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
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args(argv)
    ds = views.load(_store())
    try:
        filters = filters_from(args.query, args.lang, ds)
        data = make(ds, args.view, args.format, filters, size=args.size, model=args.model,
                    year=args.year, level=args.level)
    except ExportRequestError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_bytes(data)
    print(f"{args.out}: {len(data):,} bytes")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
