"""A deck: an ordered list of slides (a view and its filters) carried in one URL parameter, so a
presenter prepares a talk as one link:

    /trinh-chieu?deck=overview|domains;domains=kinh_te|typical|timelapse;year_from=2009

Slides are separated by "|"; a slide is a view, then ";key=value" filters that override the
link's own (same syntax as the app's links; lists with ","). "typical" without "model=ID"
becomes one slide per typical model the filters select.
"""

from __future__ import annotations

from dataclasses import dataclass

from geo import views
from geo.filters import Filters, from_query, to_query

SLIDE_VIEWS = ("overview", "domains", "replication", "typical", "timelapse")
DEFAULT = "overview|domains|replication|typical|timelapse"


@dataclass(frozen=True)
class Slide:
    view: str
    filters: Filters
    model: str | None = None


def parse(text: str, base: Filters, *, latest_year: int, districts: set[str]
          ) -> tuple[list[Slide], list[str]]:
    """The slides of `text` (the default deck when empty) and the items that were not valid."""
    slides, problems = [], []
    base_params = to_query(base, latest_year=latest_year)
    for item in (text or DEFAULT).split("|"):
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


def expand(slides: list[Slide], ds: views.Dataset) -> list[Slide]:
    """Each "typical" slide without a model becomes one slide per typical model (domain, then
    reach); a typical slide whose filters select none is dropped."""
    out = []
    for slide in slides:
        if slide.view == "typical" and slide.model is None:
            ids = views.typical_models(ds, slide.filters)["id"].tolist()
            out += [Slide("typical", slide.filters, i) for i in ids]
        else:
            out.append(slide)
    return out


def slide_title(slide: Slide, ds: views.Dataset) -> str:
    """What the slide's heading says: the filters in words, or the typical model's name."""
    from geo import i18n

    lang = slide.filters.lang
    words = views.title(slide.filters, lang, views.district_names(ds))
    if slide.view == "typical":
        names = ds.prepared.frame.set_index("id")["name"]
        return str(names.get(slide.model, slide.model))
    if slide.view == "domains":
        return f"{i18n.t('present.leading', lang)}: {words}"
    if slide.view == "replication":
        return i18n.t("present.replication", lang, title=words)
    if slide.view == "timelapse":
        return f"{words} ({i18n.t('present.timelapse_short', lang)})"
    return words
