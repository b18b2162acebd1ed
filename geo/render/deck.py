"""A deck: an ordered list of slides (a view and its filters) carried in one URL parameter, so a
presenter prepares a talk as one link:

    /trinh-chieu?deck=overview|domains;domains=kinh_te|typical|timelapse;year_from=2009

Slides are separated by "|"; a slide is a view, then ";key=value" filters that override the
link's own (same syntax as the app's links; lists with ","). "typical" without "model=ID"
becomes one slide per typical model the filters select. A deck holds at most `MAX_SLIDES`; a
longer text or list is cut there and said so, never parsed whole.
"""

from __future__ import annotations

from dataclasses import dataclass

from geo.analysis import views
from geo.analysis.filters import MAX_VALUE, Filters, from_query, shown, to_query
from geo.render import catalog, i18n

SLIDE_VIEWS = catalog.DECK_VIEWS
DEFAULT = "|".join(SLIDE_VIEWS)
MAX_SLIDES = 60


@dataclass(frozen=True)
class Slide:
    view: str
    filters: Filters
    model: str | None = None


def parse(text: str, base: Filters, *, latest_year: int, districts: set[str]
          ) -> tuple[list[Slide], list[str]]:
    """The slides of `text` (the default deck when empty) and the items that were not valid."""
    slides, problems = [], []
    if not isinstance(text, str) or len(text) > MAX_VALUE * 4:
        return [], [shown("deck", text)]
    base_params = to_query(base, latest_year=latest_year)
    items = (text or DEFAULT).split("|")
    if len(items) > MAX_SLIDES:
        problems.append(i18n.t("present.too_many_slides", base.lang, n=len(items),
                               max=MAX_SLIDES))
        items = items[:MAX_SLIDES]
    for item in items:
        view, *pairs = item.strip().split(";")
        if view not in SLIDE_VIEWS:
            problems.append(item)
            continue
        params = dict(base_params)
        model = None
        bad = False
        for pair in pairs:
            key, sep, value = pair.partition("=")
            if not sep:
                bad = True
            elif key == "model":
                model = value
            else:
                params[key] = value
        filters, wrong = from_query(params, latest_year=latest_year, districts=districts)
        if bad or wrong:
            problems.append(item)
            continue
        slides.append(Slide(view, filters, model))
    return slides, problems


def expand(slides: list[Slide], ds: views.Dataset) -> tuple[list[Slide], list[str]]:
    """Each "typical" slide without a model becomes one slide per typical model (domain, then
    reach); a typical slide whose filters select none is dropped, one naming a model the data
    does not hold is a problem. At most `MAX_SLIDES` slides, the rest named."""
    out, problems = [], []
    known = set(ds.prepared.frame["id"])
    for slide in slides:
        if slide.view == "typical" and slide.model is None:
            ids = views.typical_models(ds, slide.filters)["id"].tolist()
            out += [Slide("typical", slide.filters, i) for i in ids]
        elif slide.model is not None and slide.model not in known:
            problems.append(shown("model", slide.model))
        else:
            out.append(slide)
    if len(out) > MAX_SLIDES:
        lang = slides[0].filters.lang
        problems.append(i18n.t("present.too_many_slides", lang, n=len(out), max=MAX_SLIDES))
        out = out[:MAX_SLIDES]
    return out, problems


def slide_title(slide: Slide, ds: views.Dataset) -> str:
    """What the slide's heading says: its view's heading (the typical model's name)."""
    return catalog.title_of(catalog.Request(ds, slide.filters, model=slide.model), slide.view)
