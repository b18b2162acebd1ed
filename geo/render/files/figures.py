"""Print-quality maps drawn on the server (matplotlib, no browser): the same classes and colours
as the web map, with title, legend, scale bar, north arrow, credit, date, filters in words and
the illustrative-data label. PNG at 300 dpi, vector PDF.
"""

from __future__ import annotations

import datetime as dt
import io
import textwrap

import geopandas as gpd
import matplotlib
import numpy as np
import pandas as pd
from matplotlib import patheffects
from matplotlib.collections import PathCollection
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.path import Path as MplPath
from matplotlib_scalebar.scalebar import ScaleBar
from pyproj import Transformer

from geo import palette
from geo.analysis import targets, views
from geo.analysis.classify import Classes
from geo.analysis.filters import Filters
from geo.analysis.views import Dataset
from geo.palette import NO_DATA
from geo.records import vocab
from geo.render import flows as flow_drawing
from geo.render import i18n, legends, words

SIZES = {"a4": (3508 / 300, 2480 / 300), "16:9": (12.8, 7.2)}  # inches: A4 landscape, 16:9 (3840×2160 at 300 dpi)
DPI = 300
AVERAGE_EM = 0.62  # DejaVu Sans: a Vietnamese label's width per character, in ems (measured)
METRIC_CRS = "EPSG:32649"  # UTM 49N: metres, so the scale bar is true
FONT = "DejaVu Sans"  # ships with matplotlib; has every Vietnamese letter
matplotlib.rcParams["font.family"] = FONT
matplotlib.rcParams["pdf.fonttype"] = 42  # TrueType in the PDF: text stays text
matplotlib.rcParams["text.parse_math"] = False  # names from files are drawn as written: "$x$", "\\"


def _paths(gdf: gpd.GeoDataFrame) -> list[MplPath]:
    """One compound path per unit (every ring of every part, holes included)."""
    out = []
    for geom in gdf.geometry:
        parts = geom.geoms if geom.geom_type == "MultiPolygon" else [geom]
        vertices, codes = [], []
        for part in parts:
            for ring in (part.exterior, *part.interiors):
                xy = np.asarray(ring.coords)
                vertices.append(xy)
                codes.append(np.r_[MplPath.MOVETO, np.full(len(xy) - 2, MplPath.LINETO),
                                   MplPath.CLOSEPOLY])
        out.append(MplPath(np.concatenate(vertices), np.concatenate(codes)))
    return out


class Canvas:
    """A layer's units projected to metres once, as paths that any figure recolours."""

    def __init__(self, units: gpd.GeoDataFrame, outline: gpd.GeoDataFrame) -> None:
        projected = units.to_crs(METRIC_CRS)
        self.codes = units["code"].tolist()
        self.paths = _paths(projected)
        self.outline = _paths(outline.to_crs(METRIC_CRS))
        self.bounds = projected.total_bounds
        self.labels = np.column_stack(Transformer.from_crs(
            "EPSG:4326", METRIC_CRS, always_xy=True).transform(
            units["label_lon"].to_numpy(), units["label_lat"].to_numpy()))

    def draw(self, ax, colours: list[str], *, edge: str = palette.UNIT_EDGE, width: float = 0.3,
             styles: dict[int, dict] | None = None) -> None:
        ax.add_collection(PathCollection(self.paths, facecolors=colours, edgecolors=edge,
                                         linewidths=width))
        for i, style in (styles or {}).items():
            ax.add_collection(PathCollection([self.paths[i]], facecolors="none", **style))
        ax.add_collection(PathCollection(self.outline, facecolors="none", edgecolors=palette.PROVINCE_EDGE,
                                         linewidths=0.9))
        minx, miny, maxx, maxy = self.bounds
        pad = 0.03 * (maxx - minx)
        ax.set_xlim(minx - pad, maxx + pad)
        ax.set_ylim(miny - pad, maxy + pad)
        ax.set_aspect("equal")
        ax.set_axis_off()


def canvas(ds: Dataset, geography: str) -> Canvas:
    """The projected canvas of `geography`, built once per dataset."""
    if geography not in ds.canvases:
        ds.canvases[geography] = Canvas(ds.layers[geography], ds.layers["province"])
    return ds.canvases[geography]


def _lonlat_to_metres(points: np.ndarray) -> np.ndarray:
    x, y = Transformer.from_crs("EPSG:4326", METRIC_CRS, always_xy=True).transform(
        points[:, 1], points[:, 0])
    return np.column_stack([x, y])


# --- page furniture ---------------------------------------------------------------------------

def _fill(text: str, size_pt: float, width_in: float, *, bold: bool = False) -> str:
    """`text` broken into lines that fit `width_in` at `size_pt` (DejaVu Sans averages about
    0.55 em a letter, 0.64 in bold). Not matplotlib's `wrap=True`: it measures text as a formula
    when it holds "$", whatever `parse_math` says."""
    em = 0.64 if bold else 0.55
    return textwrap.fill(text, max(20, int(width_in * 72 / (size_pt * em))))


def page(*, size: str, title: str, subtitle: str, lang: str, credit: str, is_demo: bool,
         date: dt.date | None = None, smallest: float = 8.0) -> tuple[Figure, object]:
    """A page with its title, subtitle, footer (credit, date) and, for demo data, the label,
    none under `smallest` points; returns the figure and the map's axes (left two thirds)."""
    width, height = SIZES[size]
    fig = Figure(figsize=(width, height), dpi=DPI)
    for title_pt in sorted({max(pt, smallest + 2) for pt in (20, 16, 13, 11)}, reverse=True):
        # a long filter list still fits two lines above the map
        heading = _fill(title, title_pt, width * (0.74 if is_demo else 0.96), bold=True)
        if heading.count("\n") < 2:
            break
    fig.text(0.02, 0.955, heading, fontsize=title_pt, fontweight="bold", va="top")
    below = 0.955 - (heading.count("\n") + 1) * title_pt * 1.3 / 72 / height - 0.01
    fig.text(0.02, min(0.895, below), subtitle, fontsize=max(12, smallest), va="top",
             color=palette.TEXT_DARK)

    made = words.made_on(lang, date)
    credit_pt, made_pt = max(8, smallest), max(9, smallest)
    fig.text(0.02, 0.015, _fill(credit, credit_pt, width * 0.98 - len(made) * made_pt * 0.55 / 72
                                - 0.3), fontsize=credit_pt, color=palette.TEXT_MUTED, va="bottom")
    fig.text(0.98, 0.015, made, fontsize=made_pt, color=palette.TEXT_MUTED, va="bottom",
             ha="right")
    if is_demo:
        fig.text(0.98, 0.955, i18n.t("app.demo_short", lang), fontsize=max(13, smallest + 2),
                 color=palette.DEMO_RED,
                 ha="right", va="top", fontweight="bold",
                 bbox={"facecolor": palette.DEMO_BACKGROUND, "edgecolor": palette.DEMO_RED,
                       "boxstyle": "round"})
    ax = fig.add_axes((0.02, 0.07, 0.66, 0.80))
    return fig, ax


def furniture(ax, lang: str, smallest: float = 8.0) -> None:
    """Scale bar (lower left) and north arrow (upper left) on a map's axes, their texts at
    `smallest` points or more."""
    ax.add_artist(ScaleBar(1, "m", location="lower left", length_fraction=0.22, box_alpha=0.8,
                           font_properties={"size": max(10, smallest)}))
    ax.annotate(i18n.t("present.north", lang), xy=(0.05, 0.96), xytext=(0.05, 0.86),
                xycoords="axes fraction", ha="center", va="center", fontsize=max(14, smallest),
                fontweight="bold", arrowprops={"facecolor": "black", "width": 4,
                                               "headwidth": 12, "headlength": 12})


def legend(fig: Figure, title: str, items: list[tuple[str, str, str]], *,
           box: tuple[float, float, float, float] = (0.70, 0.10, 0.28, 0.75),
           columns: int = 1, smallest: float = 8.0) -> None:
    """A legend of (colour, label, edge style) rows in its own area beside the map, its text
    at `smallest` points or more."""
    ax = fig.add_axes(box)
    ax.set_axis_off()
    size = max(12, smallest)
    room = (1 - box[0]) * fig.get_figwidth() * 72 / columns - 3 * size  # points beside the key
    handles = [Patch(facecolor=colour, edgecolor=palette.TEXT_MUTED,
                     linestyle="--" if style == "dashed" else "-",
                     label=textwrap.fill(label, max(12, int(room / (AVERAGE_EM * size)))))
               for colour, label, style in items]
    ax.legend(handles=handles, title=title, loc="upper left", frameon=False,
              fontsize=size,
              title_fontproperties={"size": max(13, smallest + 1), "weight": "bold"}, ncols=columns,
              alignment="left")


def density_items(classes: Classes, measure: str, lang: str, unknown: bool
                  ) -> list[tuple[str, str, str]]:
    digits = 0 if measure == "count" else 1
    items = [(c, label, "solid") for c, label in
             zip(classes.colours, legends.class_labels(classes, lang, digits))]
    items.append((NO_DATA, i18n.t("legend.no_data", lang), "solid"))
    if unknown:
        items.append((palette.NO_POPULATION, i18n.t("legend.no_population", lang), "dashed"))
    return items


def subtitle(filters: Filters, lang: str) -> str:
    return (i18n.t(f"measure.{filters.measure}", lang) + " · "
            + i18n.t(f"classification.{filters.classification}", lang))


# --- views ------------------------------------------------------------------------------------

def density_colours(table: pd.DataFrame, classes: Classes, values: np.ndarray,
                    counts: np.ndarray) -> tuple[list[str], dict[int, dict], bool]:
    colours = list(classes.colour_of(values))
    unknown = (np.asarray(counts) > 0) & ~np.isfinite(np.asarray(values, float))
    for i in np.flatnonzero(unknown):
        colours[i] = palette.NO_POPULATION
    styles = {int(i): {"edgecolors": palette.DASHED_EDGE, "linestyles": "--", "linewidths": 0.8}
              for i in np.flatnonzero(unknown)}
    return colours, styles, bool(unknown.any())


def density_figure(ds: Dataset, filters: Filters, *, title: str, size: str = "a4",
                   printed_mm: float | None = None) -> Figure:
    """Models per unit by class. Shown `printed_mm` wide (the report), the districts are
    outlined and named and no text prints under PRINTED_PT."""
    shown = views.density(ds, filters)
    table, classes = shown.table, shown.classes
    lang = filters.lang
    smallest = smallest_pt(SIZES[size][0], printed_mm)
    fig, ax = page(size=size, title=title, subtitle=subtitle(filters, lang), lang=lang,
                   credit=words.credit(lang, ds.is_demo), is_demo=ds.is_demo, smallest=smallest)
    colours, styles, unknown = density_colours(table, classes, table[filters.measure].to_numpy(),
                                               table["count"].to_numpy())
    canvas(ds, filters.geography).draw(ax, colours, styles=styles)
    printed(ax, ds, filters, smallest, printed_mm)
    legend(fig, i18n.t(f"measure.{filters.measure}", lang),
           density_items(classes, filters.measure, lang, unknown), smallest=smallest)
    return fig


def printed(ax, ds: Dataset, filters: Filters, smallest: float, printed_mm: float | None) -> None:
    """Scale bar and north arrow; for print (`printed_mm`) on a commune map, the districts
    outlined and named too."""
    furniture(ax, filters.lang, smallest)
    if printed_mm and filters.geography == "communes":
        district_outlines_on(ax, ds)
        district_names_on(ax, ds, smallest, furniture_boxes(ax))


def leading_figure(ds: Dataset, filters: Filters, *, title: str, size: str = "a4",
                   printed_mm: float | None = None) -> Figure:
    """Each unit's leading domain (as `density_figure` for print)."""
    table = views.density(ds, filters).table
    lang = filters.lang
    colours = [palette.LEADING_COLOURS.get(v, NO_DATA) if isinstance(v, str) else NO_DATA
               for v in table["leading"]]
    smallest = smallest_pt(SIZES[size][0], printed_mm)
    fig, ax = page(size=size, title=title, subtitle=i18n.t("present.leading", lang), lang=lang,
                   credit=words.credit(lang, ds.is_demo), is_demo=ds.is_demo, smallest=smallest)
    canvas(ds, filters.geography).draw(ax, colours)
    printed(ax, ds, filters, smallest, printed_mm)
    items = [(palette.DOMAIN_COLOURS[d], i18n.domain_label(d, lang), "solid")
             for d in vocab.DOMAIN_KEYS]
    items += [(palette.MIXED_COLOUR, i18n.t("legend.mixed", lang), "solid"),
              (NO_DATA, i18n.t("legend.no_data", lang), "solid")]
    legend(fig, i18n.t("present.leading", lang), items, smallest=smallest)
    return fig


def domains_figure(ds: Dataset, filters: Filters, *, title: str, size: str = "a4") -> Figure:
    """The four domains on one scale, two by two, one legend below them."""
    table = views.density(ds, filters).table
    lang = filters.lang
    multiples = views.domain_maps(ds, filters)
    shared = multiples.classes
    fig, _ = page(size=size, title=title, subtitle=subtitle(filters, lang), lang=lang,
                  credit=words.credit(lang, ds.is_demo), is_demo=ds.is_demo)
    fig.axes[-1].remove()
    unknown = False
    for i, domain in enumerate(vocab.DOMAIN_KEYS):
        ax = fig.add_axes((0.02 + (i % 2) * 0.33, 0.48 - (i // 2) * 0.40, 0.31, 0.38))
        colours, styles, odd = density_colours(table, shared, multiples.values[domain],
                                               multiples.counts[domain])
        unknown |= odd
        canvas(ds, filters.geography).draw(ax, colours, styles=styles, width=0.2)
        ax.set_title(i18n.domain_label(domain, lang), fontsize=13, fontweight="bold")
        if i == 0:
            furniture(ax, lang)
    legend(fig, i18n.t(f"measure.{filters.measure}", lang),
           density_items(shared, filters.measure, lang, unknown))
    return fig


PRINTED_PT = 8.0  # the smallest map label, as printed or projected


def smallest_pt(width_in: float, printed_mm: float | None) -> float:
    """The font size that prints at PRINTED_PT when a figure `width_in` wide is shown
    `printed_mm` wide."""
    if not printed_mm:
        return PRINTED_PT
    return max(PRINTED_PT, PRINTED_PT * width_in * 25.4 / printed_mm)


def _renderer(ax):
    """A renderer that measures texts where the drawn map puts them (after its aspect is set)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    figure = ax.get_figure()
    if not isinstance(figure.canvas, FigureCanvasAgg):
        FigureCanvasAgg(figure)
    ax.apply_aspect()
    return figure.canvas.get_renderer()


def _place(ax, placed: list, x: float, y: float, text: str, **style) -> None:
    """`text` centred at (x, y) unless its box would overlap a box in `placed`."""
    renderer = _renderer(ax)
    label = ax.text(x, y, text, ha="center", va="center", **style)
    box = label.get_window_extent(renderer)
    if any(box.overlaps(other) for other in placed):
        label.remove()
    else:
        placed.append(box)


def district_names_on(ax, ds: Dataset, size: float, placed: list) -> None:
    """The 2020–2024 districts' short names at `size` points, none over a text in `placed`."""
    districts = ds.layers["districts"]
    points = _lonlat_to_metres(districts[["label_lat", "label_lon"]].to_numpy(float))
    for (x, y), name in zip(points, districts["short_name"]):
        _place(ax, placed, x, y, name, fontsize=size, color=palette.TEXT_DARK, zorder=5,
               bbox={"boxstyle": "round,pad=0.1", "facecolor": "white", "alpha": 0.6,
                     "linewidth": 0})


def furniture_boxes(ax) -> list:
    """Where the north arrow and the scale bar are drawn (labels are kept off them; not off
    the flows' arrows, whose annotations carry no text)."""
    renderer = _renderer(ax)
    return [a.get_window_extent(renderer) for a in [*ax.texts, *ax.artists]
            if not hasattr(a, "get_text") or a.get_text()]


def district_outlines_on(ax, ds: Dataset) -> None:
    """The 2020–2024 district boundaries over a map of communes (a reader finds a place)."""
    ax.add_collection(PathCollection(canvas(ds, "districts").paths, facecolors="none",
                                     edgecolors=palette.PROVINCE_EDGE, linewidths=0.7, zorder=2))


def replication_figure(ds: Dataset, filters: Filters, model_ids: list[str], *, title: str,
                       size: str = "a4", furnished: bool = True, drawn=None,
                       printed_mm: float | None = None) -> Figure:
    """Origins, adopters by first year (the web map's blues), the flows `flows.plan` selects
    and the district names (`drawn`: their `views.spread_of`, when the caller has it). Shown
    `printed_mm` wide (a report's text width, a slide's picture), no map label prints under
    PRINTED_PT, and a label that would cover one placed before it is left out."""
    lang = filters.lang
    drawn = drawn or views.spread_of(ds, model_ids, filters=filters)
    cv = canvas(ds, "communes")
    years = list(drawn.years)
    year_colour = palette.year_colours(years)
    colours = []
    for code in cv.codes:
        if code in drawn.spread.origins:
            colours.append(palette.ORIGIN_COLOUR)
        elif code in drawn.spread.adopters:
            colours.append(year_colour[drawn.spread.adopters[code]])
        elif code in drawn.spread.approximate:
            colours.append(year_colour[drawn.spread.approximate[code][0]])
        else:
            colours.append(NO_DATA)
    styles = {cv.codes.index(c): {"edgecolors": palette.PROVINCE_EDGE, "linestyles": ":",
                                     "linewidths": 0.8}
              for c in drawn.spread.approximate if c in cv.codes}
    smallest = smallest_pt(SIZES[size][0], printed_mm)
    fig, ax = page(size=size, title=title, subtitle=i18n.t("replication.legend", lang),
                   lang=lang, credit=words.credit(lang, ds.is_demo), is_demo=ds.is_demo,
                   smallest=smallest)
    cv.draw(ax, colours, styles=styles)
    drawing = flow_drawing.plan([f for f in drawn.flows if f.names])
    found, faint = drawing.classes, {id(f) for f in drawing.faint}
    for flow in sorted(drawn.flows, key=lambda f: f.count):  # the strongest on top
        if flow.names and id(flow) in faint:
            line = _lonlat_to_metres(np.array(flow_drawing.curve(flow.start, flow.end)))
            ax.plot(line[:, 0], line[:, 1], color=palette.FAINT_FLOW,
                    lw=flow_drawing.FAINT_WIDTH * 0.6, alpha=flow_drawing.FAINT_OPACITY, zorder=3)
        elif flow.names:
            style = flow_drawing.class_of(flow.count, found)
            line = _lonlat_to_metres(np.array(flow_drawing.curve(flow.start, flow.end)))
            ax.plot(line[:, 0], line[:, 1], color=style.colour, lw=style.width * 0.6,
                    solid_capstyle="butt", zorder=4)
            ax.annotate("", xy=line[-1], xytext=line[-3],
                        arrowprops={"arrowstyle": "-|>", "color": style.colour,
                                    "lw": style.width * 0.6, "mutation_scale": 8 + style.width,
                                    "shrinkA": 0, "shrinkB": 0}, zorder=4)
        else:
            (x0, y0), (x1, y1) = _lonlat_to_metres(np.array([flow.start, flow.end], float))
            ax.annotate("", xy=(x1, y1), xytext=(x0, y0),
                        arrowprops={"arrowstyle": "-|>", "color": year_colour[flow.year],
                                    "lw": 1.0, "shrinkA": 0, "shrinkB": 2,
                                    "path_effects": [patheffects.withStroke(
                                        linewidth=2.2, foreground=palette.SINGLE_FLOW)]})
    if furnished:
        furniture(ax, lang, smallest)
    placed = furniture_boxes(ax)
    for rank, flow in enumerate(drawing.labelled):
        middle = flow_drawing.curve(flow.start, flow.end)[12]
        (x, y), = _lonlat_to_metres(np.array([middle]))
        _place(ax, placed, x, y, f"{flow.names[0]} → {flow.names[1]}: "
               f"{i18n.number(flow.count, lang)}", fontsize=max(10, smallest + 2) - rank,
               fontweight="bold", zorder=6,
               bbox={"boxstyle": "round,pad=0.2", "facecolor": "white", "alpha": 0.9,
                     "edgecolor": palette.FLOW_COLOURS[-1]})
    district_names_on(ax, ds, smallest, placed)
    items = [(palette.ORIGIN_COLOUR, i18n.t("replication.origin", lang), "solid")]
    items += [(year_colour[y], str(y), "solid") for y in years]
    items.append((NO_DATA, i18n.t("legend.not_replicated", lang), "solid"))
    legend(fig, i18n.t("replication.year", lang), items, smallest=smallest,
           columns=1 if len(items) <= 8 else 2)
    if found:
        flow_ax = fig.add_axes((0.70, 0.07, 0.28, 0.22))
        flow_ax.set_axis_off()
        handles = [Line2D([0], [0], color=c.colour, lw=c.width * 0.6,
                          label=f"{c.low}" if c.low == c.high else f"{c.low}–{c.high}")
                   for c in found]
        if drawing.faint:
            handles.append(Line2D([0], [0], color=palette.FAINT_FLOW, lw=0.6, label=i18n.t(
                "replication.faint", lang, n=i18n.number(len(drawing.faint), lang),
                minimum=drawing.minimum)))
        flow_ax.legend(handles=handles, title=i18n.t("replication.flows_title", lang),
                       loc="lower left", frameon=False, fontsize=max(11, smallest),
                       alignment="left",
                       title_fontproperties={"size": max(12, smallest + 1), "weight": "bold"})
    return fig


def card_figure(ds: Dataset, filters: Filters, model: pd.Series, *, size: str = "16:9",
                facts: dict | None = None, titled: bool = True) -> Figure:
    """A typical model's card: facts on the left, where it spread on the right (`titled=False`:
    its name is the slide's title instead)."""
    facts = facts or words.card(ds, model, filters)
    fig = replication_figure(ds, filters, [model["id"]], title=facts["name"] if titled else "",
                             size=size, drawn=facts["spread"])
    fig.axes[0].set_position((0.40, 0.07, 0.37, 0.80))
    legend_ax = fig.axes[-1]
    legend_ax.set_position((0.78, 0.10, 0.20, 0.75))
    text = "\n".join(textwrap.fill(line, 46) for line in facts["lines"])
    fig.text(0.02, 0.85, text, fontsize=12, va="top", linespacing=1.5)
    if facts["result_text"]:
        fig.text(0.02, 0.30, textwrap.fill(textwrap.shorten(facts["result_text"], 400), 60),
                 fontsize=10, va="top", color=palette.TEXT_DARK, style="italic")
    return fig


def timelapse_figure(ds: Dataset, filters: Filters, lapse, year_index: int, classes: Classes,
                     *, size: str = "16:9") -> Figure:
    """One frame of a `views.Timelapse`: the models started up to a year, the year and the
    count large."""
    lang = filters.lang
    year = lapse.years[year_index]
    counts = lapse.per_unit[year_index]
    title = words.title(filters, lang, views.district_names(ds))
    fig, ax = page(size=size, title=title, subtitle=i18n.t("present.timelapse", lang, year=year),
                   lang=lang, credit=words.credit(lang, ds.is_demo), is_demo=ds.is_demo)
    canvas(ds, filters.geography).draw(ax, list(classes.colour_of(counts.astype(float))))
    furniture(ax, lang)
    fig.text(0.84, 0.80, str(year), fontsize=64, fontweight="bold", ha="center", va="top")
    fig.text(0.84, 0.60, i18n.tn("report.n_models", int(lapse.totals[year_index]), lang),
             fontsize=24, ha="center", va="top")
    legend(fig, i18n.t("measure.count", lang), density_items(classes, "count", lang, False),
           box=(0.72, 0.08, 0.26, 0.45))
    return fig


def targets_figure(ds: Dataset, lang: str, year: int, level: str | None = None, *,
                   size: str = "16:9", titled: bool = True) -> Figure:
    """The targets of `year`: each unit in its status's colour and with its symbol (readable in
    black and white), the rule in words, how many met it (`titled=False`: a slide's title
    placeholder says that)."""
    shown = views.target_status(ds, year, level)
    level, table, same_as, rule = shown.level, shown.table, shown.same_as, shown.rule
    cv = canvas(ds, targets.geography_of(level))
    status = dict(zip(table["code"], table["status"]))
    colours = [palette.STATUS_COLOURS[status.get(same_as.get(c, c), "no_target")] for c in cv.codes]
    fig, ax = page(size=size, title=words.targets_title(shown, lang) if titled else "",
                   subtitle=words.rule_text(rule, lang) if rule and rule.minimums
                   else i18n.t("targets.no_rule", lang, year=year, level=vocab.label(
                       vocab.TARGET_LEVELS, level, lang)),
                   lang=lang, credit=words.credit(lang, ds.is_demo), is_demo=ds.is_demo)
    cv.draw(ax, colours)
    for code, (x, y) in zip(cv.codes, cv.labels):
        if code in status and status[code] != "no_target":
            ax.text(x, y, palette.STATUS_SYMBOLS[status[code]], ha="center", va="center",
                    fontsize=13, fontweight="bold",
                    bbox={"boxstyle": "circle,pad=0.25", "facecolor": "white",
                          "edgecolor": palette.PROVINCE_EDGE})
    furniture(ax, lang)
    legend(fig, i18n.t("targets.map_title", lang),
           [(palette.STATUS_COLOURS[s], words.status_label(s, lang),
             "dashed" if s == "no_target" else "solid") for s in targets.STATUSES])
    return fig


def to_bytes(fig: Figure, fmt: str, dpi: int = DPI, *, title: str = "",
             description: str = "") -> bytes:
    """PNG (at `dpi`) or vector PDF bytes of a figure; `title` and `description` (the map's text
    alternative) go into the file's own metadata, where file managers and screen readers find
    them."""
    buffer = io.BytesIO()
    fig.savefig(buffer, format=fmt, dpi=dpi, metadata=_metadata(fmt, title, description))
    return buffer.getvalue()


def to_image(fig: Figure, dpi: int = DPI):
    """The figure drawn at `dpi` as a PIL image (no PNG encoding: the caller encodes once)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from PIL import Image

    canvas = FigureCanvasAgg(fig)
    fig.set_dpi(dpi)
    canvas.draw()
    return Image.frombuffer("RGBA", canvas.get_width_height(), canvas.buffer_rgba())


def to_pdf(pages, *, title: str = "", description: str = "") -> bytes:
    """Figures as the pages of one vector PDF, with its title and description."""
    from matplotlib.backends.backend_pdf import PdfPages

    out = io.BytesIO()
    with PdfPages(out, metadata=_metadata("pdf", title, description)) as pdf:
        for fig in pages:
            pdf.savefig(fig)
    return out.getvalue()


def _metadata(fmt: str, title: str, description: str) -> dict[str, str]:
    key = "Subject" if fmt == "pdf" else "Description"
    return {name: value for name, value in (("Title", title), (key, description)) if value}
