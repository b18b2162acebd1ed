"""The catalog of views: one declaration per view says what it is called, its file name, the
formats it exports to, the page that offers it, whether it goes on slides and on the audience
link, and how it becomes a map layer (web page, offline HTML, audience snapshot, presentation)
and print figures (PNG/PDF). Every other list of views is derived from here; the data of each
view comes from `geo.analysis.views`."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

import folium

from geo.analysis import targets, views
from geo.analysis.classify import classify
from geo.analysis.filters import Filters
from geo.errors import DvkError
from geo.render import i18n, words
from geo.render.web import maps

FORMATS = ("png", "pdf", "pptx", "html", "mp4", "gif", "docx")
MEDIA_TYPES = {"png": "image/png", "pdf": "application/pdf", "html": "text/html",
               "pptx": "application/vnd.openxmlformats-officedocument.presentationml."
                       "presentation", "mp4": "video/mp4", "gif": "image/gif",
               "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document"}


class ExportRequestError(DvkError):
    """A view, format, query or heading the exports cannot make: `key` is the catalog message
    that says which and why, `values` fill it (translated where it is shown)."""

    def __init__(self, key: str, **values: object) -> None:
        super().__init__(f"{key}: " + "; ".join(f"{k}={v}" for k, v in values.items()),
                         **values)
        self.key = key


@dataclass(frozen=True)
class Request:
    """What an export or a layer is made for: the data, the filters and a view's own options
    (`model`: one typical model's card; `year`, `level`: the targets view's)."""

    ds: views.Dataset
    filters: Filters
    size: str = "a4"
    model: str | None = None
    year: int | None = None
    level: str | None = None

    @property
    def lang(self) -> str:
        return self.filters.lang

    def heading(self) -> str:
        return words.title(self.filters, self.lang, views.district_names(self.ds))


@dataclass(frozen=True)
class View:
    """One view of the data and every medium it goes to."""

    name: str
    file_name: str  # without extension; "minh-hoa_" is put before it for the demo data
    formats: tuple[str, ...]
    page: str  # URL path of the page whose export menu offers it ("" the overview)
    slides: tuple[str, ...] = ()  # the sections of its PowerPoint (`render.slides`)
    on_deck: bool = False  # a slide of the presentation page
    layer: Callable[[Request], folium.FeatureGroup] | None = None  # the map, when it is one
    figures: Callable[[Request], Iterator] | None = None  # its PNG/PDF pages
    motion: bool = False  # PNG, PDF, MP4 and GIF are frames of a time-lapse (`render.motion`)
    heading: Callable[[Request], str] = Request.heading  # its title on a slide, a file, a page
    geography: Callable[[Request], str] = lambda request: request.filters.geography

    @property
    def on_audience(self) -> bool:
        """Published as an audience snapshot: the views that are one map."""
        return self.layer is not None

    def title(self, lang: str) -> str:
        return i18n.t(f"present.view.{self.name}", lang)


# -- layers --------------------------------------------------------------------------------------

def _note(request: Request) -> str:
    return i18n.t("app.demo_short", request.lang) if request.ds.is_demo else ""


def _units(request: Request):
    return request.ds.layers[request.filters.geography]


def density_layer(request: Request) -> folium.FeatureGroup:
    shown = views.density(request.ds, request.filters)
    return maps.density_layer(shown.table, _units(request), shown.classes,
                              measure=request.filters.measure, lang=request.lang,
                              note=_note(request))


def leading_layer(request: Request) -> folium.FeatureGroup:
    return maps.leading_domain_layer(views.density(request.ds, request.filters).table,
                                     _units(request), lang=request.lang, note=_note(request))


def replication_layer(request: Request) -> folium.FeatureGroup:
    ds, filters = request.ds, request.filters
    ids = views.typical_models(ds, filters)["id"].tolist()
    if request.model is not None:
        ids = [i for i in ids if i == request.model]
    return maps.replication_map(_units(request), views.spread_of(
        ds, ids, filters.geography, filters=filters), filters.geography, lang=request.lang,
        note=_note(request))


def timelapse_layer(request: Request) -> folium.FeatureGroup:
    lapse = views.timelapse(request.ds, request.filters)
    classes = classify(lapse.per_unit[-1].astype(float), request.filters.classification)
    return maps.timelapse_layer(_units(request)["code"].tolist(), lapse, classes,
                                lang=request.lang, note=_note(request))


def targets_layer(request: Request) -> folium.FeatureGroup:
    shown = target_status(request)
    return maps.target_layer(shown.table, request.ds.layers[targets.geography_of(shown.level)],
                             year=shown.year, lang=request.lang, note=_note(request),
                             same_as=shown.same_as)


def target_status(request: Request) -> views.TargetStatus:
    """The targets a request shows: its year (else the period's last) and level."""
    return views.target_status(request.ds, views.target_year(request.filters, request.year),
                               request.level)


# -- headings and geographies ---------------------------------------------------------------------

def leading_heading(request: Request) -> str:
    return f"{i18n.t('present.leading', request.lang)}: {request.heading()}"


def replication_heading(request: Request) -> str:
    return i18n.t("present.replication", request.lang, title=request.heading())


def typical_heading(request: Request) -> str:
    """One typical model's card: its name; all of them: the replication heading."""
    names = request.ds.prepared.frame.set_index("id")["name"]
    if request.model is None:
        return replication_heading(request)
    return str(names.get(request.model, request.model))


def timelapse_heading(request: Request) -> str:
    return f"{request.heading()} ({i18n.t('present.timelapse_short', request.lang)})"


def targets_heading(request: Request) -> str:
    return words.targets_title(target_status(request), request.lang)


def targets_geography(request: Request) -> str:
    return targets.geography_of(target_status(request).level)


# -- print figures -------------------------------------------------------------------------------

def density_pages(request: Request) -> Iterator:
    from geo.render.files import figures

    yield figures.density_figure(request.ds, request.filters, title=request.heading(),
                                 size=request.size)


def domains_pages(request: Request) -> Iterator:
    from geo.render.files import figures

    yield figures.domains_figure(request.ds, request.filters, title=request.heading(),
                                 size=request.size)


def replication_pages(request: Request) -> Iterator:
    from geo.render.files import figures

    ids = views.typical_models(request.ds, request.filters)["id"].tolist()
    yield figures.replication_figure(
        request.ds, request.filters, ids, size=request.size,
        title=i18n.t("present.replication", request.lang, title=request.heading()))


def typical_pages(request: Request) -> Iterator:
    from geo.render.files import figures

    typical = views.typical_models(request.ds, request.filters)
    if request.model is not None:
        typical = typical[typical["id"] == request.model]
    if typical.empty:
        raise ExportRequestError("present.no_typical")
    for _, row in typical.iterrows():
        yield figures.card_figure(request.ds, request.filters, row, size=request.size)


def targets_pages(request: Request) -> Iterator:
    from geo.render.files import figures

    shown = target_status(request)
    yield figures.targets_figure(request.ds, request.lang, shown.year, shown.level,
                                 size=request.size)


def briefing_pages(request: Request) -> Iterator:
    from geo.render.files import figures

    yield from density_pages(request)
    yield figures.leading_figure(request.ds, request.filters, title=request.heading(),
                                 size=request.size)
    yield from domains_pages(request)
    yield from replication_pages(request)
    yield from typical_pages(request)


CATALOG = (
    View("overview", "ban_do_mat_do", ("png", "pdf", "pptx", "html"), "",
         slides=("title", "figures", "density"), on_deck=True, layer=density_layer,
         figures=density_pages),
    View("domains", "linh_vuc", ("png", "pdf", "pptx", "html"), "linh-vuc",
         slides=("leading", "domain_maps", "table"), on_deck=True, layer=leading_layer,
         figures=domains_pages, heading=leading_heading),
    View("replication", "nhan_rong", ("png", "pdf", "pptx", "html"), "nhan-rong",
         slides=("replication",), on_deck=True, layer=replication_layer,
         figures=replication_pages, heading=replication_heading),
    View("typical", "mo_hinh_dien_hinh", ("png", "pdf", "pptx", "html"), "nhan-rong",
         slides=("typical",), on_deck=True, layer=replication_layer, figures=typical_pages,
         heading=typical_heading),
    View("timelapse", "theo_nam", ("png", "pdf", "html", "mp4", "gif"), "", on_deck=True,
         layer=timelapse_layer, motion=True, heading=timelapse_heading),
    View("targets", "chi_tieu", ("png", "pdf", "pptx", "html"), "chi-tieu",
         slides=("targets",), layer=targets_layer, figures=targets_pages,
         heading=targets_heading, geography=targets_geography),
    View("briefing", "trinh_chieu", ("pptx", "pdf"), "",
         slides=("title", "figures", "density", "leading", "domain_maps", "table", "targets",
                 "typical"), figures=briefing_pages),
    View("report", "bao_cao", ("docx",), ""),
)
VIEWS = {view.name: view for view in CATALOG}
DECK_VIEWS = tuple(v.name for v in CATALOG if v.on_deck)
AUDIENCE_VIEWS = tuple(v.name for v in CATALOG if v.on_audience)


def offered_on(page: str) -> tuple[str, ...]:
    """The views a page's export menu offers, in catalog order."""
    return tuple(v.name for v in CATALOG if v.page == page)


def title_of(request: Request, view: str) -> str:
    """A view's title on a slide, a file or a page of its own."""
    return VIEWS[view].heading(request)


def alternative(request: Request, view: str) -> str:
    """The text alternative of a view's map: the sentence a screen reader hears on the web page,
    and the description of the same map as a picture in a PNG, a PDF, a slide or the report."""
    return layer_for(request, view).alternative.summary


def layer_for(request: Request, view: str) -> folium.FeatureGroup:
    """The map layer of `view`, as the web page, the offline file and the slides draw it."""
    found = VIEWS.get(view)
    if found is None or found.layer is None:
        raise ValueError(f"no map for the view {view!r}")
    return found.layer(request)
