"""The thematic layers of the maps: density, leading domain, replication spread, target status and
the time-lapse, each a data layer (`leaflet.data_layer`) over the base map. Every text from data
is HTML-escaped."""

from __future__ import annotations

import html

import folium
import numpy as np
import pandas as pd

from geo import palette
from geo.analysis import replication, targets
from geo.analysis.classify import Classes
from geo.palette import NO_DATA
from geo.records import vocab
from geo.render import flows as flow_drawing
from geo.render import i18n, legends, words
from geo.render.web import leaflet, text_alternatives


def _unit_tooltips(table: pd.DataFrame, units: pd.DataFrame, lang: str, *, measure: str,
                   shares: bool = False) -> dict[str, str]:
    """Name, district, count, the measure and the leading domain (and every share if asked)."""
    names = dict(zip(units["code"], units["name"]))
    districts = (dict(zip(units["code"], units["district_name"]))
                 if "district_name" in units.columns else None)
    label = {"tooltip.district": i18n.t("tooltip.district", lang),
             "tooltip.count": i18n.t("tooltip.count", lang),
             "tooltip.leading": i18n.t("tooltip.leading", lang),
             f"measure.{measure}": i18n.t(f"measure.{measure}", lang)}
    domains = {d: i18n.domain_label(d, lang) for d in (*vocab.DOMAIN_KEYS, "mixed")}
    columns = ["code", "count", measure, "leading", "leading_share",
               *(vocab.DOMAIN_KEYS if shares else ())]
    tips = {}
    for row in zip(*(table[c].tolist() for c in columns)):
        code, count, value, leading, share, *by_domain = row
        lines = []
        if districts is not None:
            lines.append((label["tooltip.district"], districts[code]))
        lines.append((label["tooltip.count"], i18n.number(count, lang)))
        if measure != "count":
            lines.append((label[f"measure.{measure}"], i18n.number(value, lang, 1)))
        if isinstance(leading, str):
            lines.append((label["tooltip.leading"],
                          f"{domains[leading]} ({i18n.percent(share, lang)})"))
        if shares and count:
            lines += [(domains[d], i18n.percent(n / count, lang))
                      for d, n in zip(vocab.DOMAIN_KEYS, by_domain)]
        tips[code] = legends.tooltip_html(lines, names[code])
    return tips


def density_layer(table: pd.DataFrame, units: pd.DataFrame, classes: Classes, *, measure: str,
                  lang: str, note: str = "", selected: str | None = None,
                  values: np.ndarray | None = None, counts: np.ndarray | None = None,
                  title: str | None = None, legend: bool = True) -> folium.FeatureGroup:
    """A choropleth of `values` (default: the measure column): class colours, tooltips and the
    legend (`legend=False` for maps that share one legend drawn beside them).

    Grey is only "no model"; a unit with models whose measure cannot be computed (its
    population is unknown) is white with a dashed outline and says so.
    """
    values = table[measure].to_numpy() if values is None else values
    counts = table["count"].to_numpy() if counts is None else counts
    colours = dict(zip(table["code"], classes.colour_of(values)))
    unknown = (np.asarray(counts) > 0) & ~np.isfinite(np.asarray(values, float))
    styles = {code: {"dashArray": "4 3", "color": palette.DASHED_EDGE, "weight": 1.2}
              for code in table["code"][unknown]}
    colours.update(dict.fromkeys(styles, palette.NO_POPULATION))
    legend_html_text = density_legend_html(classes, measure=measure, lang=lang, note=note,
                                           title=title, unknown=bool(unknown.any())) \
        if legend else ""
    alternative = text_alternatives.density(table, units, measure=measure, lang=lang, values=values,
                                       counts=counts)
    return leaflet.data_layer(colours, _unit_tooltips(table, units, lang, measure=measure),
                              legend_html_text, selected=selected, styles=styles,
                              alternative=alternative)


def density_legend_html(classes: Classes, *, measure: str, lang: str, note: str = "",
                        title: str | None = None, unknown: bool = False,
                        horizontal: bool = False) -> str:
    """The legend of a density map; `unknown` adds the row for units with no population;
    `horizontal` lays the rows side by side (a legend above several maps)."""
    extra = [(palette.NO_POPULATION, i18n.t("legend.no_population", lang), f"1px dashed {palette.DASHED_EDGE}")] \
        if unknown else []
    box = legends.legend_html(title or i18n.t(f"measure.{measure}", lang), classes, lang,
                      digits=0 if measure == "count" else 1, note=note, extra=extra)
    if horizontal:
        box = box.replace('class="dvk-legend-row"',
                          'class="dvk-legend-row" style="display:inline-block;margin-right:18px"')
    return box




def leading_domain_layer(table: pd.DataFrame, units: pd.DataFrame, *, lang: str, note: str = ""
                         ) -> folium.FeatureGroup:
    """Each unit in its leading domain's colour, "mixed" when none reaches 40 %."""
    colours = {code: palette.LEADING_COLOURS.get(leading, NO_DATA) if isinstance(leading, str) else NO_DATA
               for code, leading in zip(table["code"], table["leading"])}
    items = [(palette.DOMAIN_COLOURS[d], i18n.domain_label(d, lang)) for d in vocab.DOMAIN_KEYS]
    items += [(palette.MIXED_COLOUR, i18n.t("legend.mixed", lang)),
              (NO_DATA, i18n.t("legend.no_data", lang))]
    legend = legends.categorical_legend_html(i18n.t("tooltip.leading", lang), items, note)
    return leaflet.data_layer(colours, _unit_tooltips(table, units, lang, measure="count",
                                                      shares=True), legend,
                              alternative=text_alternatives.leading_domain(table, units, lang=lang))



def flow_facts(flow, labels: dict[str, str], lang: str, *, models_shown: int = 3
               ) -> list[tuple[str, str]]:
    """A gathered flow's tooltip rows: its count, its years and the models copied along it
    (the first few by name, then how many more)."""
    years = (str(flow.year) if flow.last_year in (None, flow.year)
             else f"{flow.year}–{flow.last_year}")
    rows = [(labels["flow"], i18n.number(flow.count, lang)), (labels["year"], years)]
    if flow.models:
        named = ", ".join(flow.models[:models_shown])
        more = len(flow.models) - models_shown
        rows.append((labels["models"], named + (f" (+{i18n.number(more, lang)})" if more > 0
                                                  else "")))
    return rows


LEGEND_FOLDS_AT = 1367  # px: on maps up to a 1366-wide laptop the flows get the room
LEGEND_SHARE = 0.15  # of the flows map's area, the most its opened legend covers


def replication_layer(units: pd.DataFrame, *, origins: set[str], adopters: dict[str, int],
                      approximate: dict[str, tuple[int, str]], flows: list, years: range,
                      lang: str, labels: dict[str, str], reached: dict[int, str],
                      note: str = "", minimum: int | None = None, focus: str | None = None
                      ) -> folium.FeatureGroup:
    """Origins highlighted, adopters coloured by year, directed flows and a year timeline.

    `adopters`: unit code -> first adoption year, exact on this geography. `approximate`: units
    covered by an adoption recorded as a larger 2025 unit -> (year, that unit's name); drawn
    dashed and said so in the legend. `flows`: `replication.Flow`s, one per adoption or gathered
    between districts (then their width says how many, and hovering names them). `reached`:
    the timeline's text for each year, counting what the figures under the map count.
    """
    year_colour = palette.year_colours(years)
    names = units.set_index("code")["name"]
    colours, tips, styles, timeline = {}, {}, {}, {}
    for code, (year, unit_name) in approximate.items():
        colours[code], timeline[code] = year_colour[year], year
        styles[code] = {"dashArray": "4 3", "fillOpacity": 0.5}
        tips[code] = legends.tooltip_html([(labels["year"], str(year)), (labels["as_2025"], unit_name)],
                                  names[code])
    for code, year in adopters.items():
        colours[code], timeline[code] = year_colour[year], year
        styles.pop(code, None)
        tips[code] = legends.tooltip_html([(labels["year"], str(year))], names[code])
    for code in origins:
        colours[code] = palette.ORIGIN_COLOUR
        styles[code] = {"color": palette.ORIGIN_EDGE, "weight": 3}
        tips[code] = legends.tooltip_html([(labels["origin"], "")], names[code])
        timeline.pop(code, None)
    items = [(palette.ORIGIN_COLOUR, labels["origin"])] + [(year_colour[y], str(y)) for y in years]
    if approximate:
        items.append((palette.APPROXIMATE_FILL, labels["as_2025_legend"]))
    items.append((NO_DATA, labels["none"]))
    legend = legends.categorical_legend_html(labels["title"], items, note)
    gathered = [f for f in flows if f.names]
    drawing = flow_drawing.plan(gathered, minimum)
    found = drawing.classes
    labelled = {id(f): rank for rank, f in enumerate(drawing.labelled)}
    faint = {id(f) for f in drawing.faint}
    entries = []
    for f in sorted(flows, key=lambda f: f.count):  # the strongest drawn last, on top
        if f.names:
            ends = [html.escape(name) for name in f.names]  # the script matches, never shows
            line = flow_drawing.curve(f.start, f.end)
            tip = legends.tooltip_html(flow_facts(f, labels, lang), f"{f.names[0]} → {f.names[1]}")
            if id(f) in faint:
                entries.append([line, f.year, [], flow_drawing.FAINT_WIDTH, tip,
                                flow_drawing.FAINT_OPACITY, palette.FAINT_FLOW, None, 99,
                                *ends])
                continue
            style = flow_drawing.class_of(f.count, found)
            label = (html.escape(f"{f.names[0]} → {f.names[1]}: {i18n.number(f.count, lang)}")
                     if id(f) in labelled else None)  # shown as HTML by Leaflet
            entries.append([line, f.year, flow_drawing.arrowhead(line, 1.2 + 0.3 * style.width),
                            style.width, tip, 0.9, style.colour, label,
                            labelled.get(id(f), 99), *ends])
        else:
            line = [list(f.start), list(f.end)]
            entries.append([line, f.year, flow_drawing.arrowhead(line, 1.6), None, None, None,
                            year_colour[f.year], None, 99])  # one model: its spread by year
    circles = [[lat, lon, round(radius, 1), legends.tooltip_html(
        [(labels["flow"], i18n.number(n, lang))], name), html.escape(name)]
        for (lat, lon), (radius, n, name) in flow_drawing.origin_radii(gathered).items()]
    if found:
        legend = legends.flow_legend_html(labels["title"], items, note, found,
                                          labels.get("flows_title", labels["flow"]),
                                          labels.get("origin_size", labels["origin"]),
                                          faint=i18n.t("replication.faint", lang,
                                                       n=i18n.number(len(drawing.faint), lang),
                                                       minimum=drawing.minimum)
                                          if drawing.faint else "")
    replication = {
        "adopters": timeline, "first": years[0], "last": years[-1], "stepMs": 900,
        # many single flows at once are drawn lighter; gathered ones are few and wide
        "flowWeight": 1.5 if len(flows) <= 60 else 0.8,
        "flowOpacity": 0.85 if len(flows) <= 60 else 0.45,
        "flows": entries, "origins": circles, "focus": html.escape(focus) if focus else None,
        "reached": {str(y): text for y, text in reached.items()},
        "playLabel": labels["play"], "pauseLabel": labels["pause"], "yearLabel": labels["year"]}
    alternative = text_alternatives.replication(units, origins=set(origins), adopters=adopters,
                                           approximate=approximate, flows=drawing,
                                           reached=reached[years[-1]], lang=lang)
    return leaflet.data_layer(colours, tips, legend, styles=styles, extra="timeline",
                              extra_payload={"replication": replication},
                              alternative=alternative, legend_folds_at=LEGEND_FOLDS_AT,
                              legend_share=LEGEND_SHARE)


def target_layer(table: pd.DataFrame, units: pd.DataFrame, *, year: int, lang: str,
                 note: str = "", same_as: dict[str, str] | None = None) -> folium.FeatureGroup:
    """Units coloured by target status (colour-blind-safe palette) and marked with the status's
    symbol, so the map reads without colour; tooltips give each measure against its minimum.

    `same_as` draws a unit that merged into another (code -> code) with the other's status.
    """
    rows = {row.code: row for row in table.itertuples()}
    colours, tips, marks, styles = {}, {}, [], {}
    points = units.set_index("code")[["label_lat", "label_lon"]]
    for code in units["code"]:
        row = rows.get((same_as or {}).get(code, code))
        if row is None:
            continue
        colours[code] = palette.STATUS_COLOURS[row.status]
        if row.status == "no_target":
            styles[code] = {"dashArray": "4 3", "color": palette.DASHED_EDGE, "weight": 1.2}
        lines = [(i18n.t("targets.column.status", lang),
                  i18n.t(f"targets.status.{row.status}", lang))]
        for measure in targets.MEASURES:
            target = getattr(row, f"min_{measure}")
            done = i18n.number(getattr(row, measure), lang)
            lines.append((i18n.t(f"targets.measure.{measure}", lang), done if pd.isna(target)
                          else i18n.t("targets.tooltip.measure", lang, done=done,
                                      target=i18n.number(int(target), lang))))
        tips[code] = legends.tooltip_html(lines, row.name)
        if row.code == code and row.status != "no_target":  # no target: no mark, dashed edge
            marks.append([float(points.at[code, "label_lat"]),
                          float(points.at[code, "label_lon"]),
                          palette.STATUS_SYMBOLS[row.status]])
    legend = legends.legend_box(i18n.t("targets.map_title", lang), [
        legends.legend_row(palette.STATUS_COLOURS[s], words.status_label(s, lang),
                    f"1px dashed {palette.DASHED_EDGE}" if s == "no_target"
                    else f"1px solid {palette.LEGEND_EDGE}")
        for s in targets.STATUSES], note)
    alternative = text_alternatives.target_status(table, year=year, lang=lang)
    return leaflet.data_layer(colours, tips, legend, extra="marks", styles=styles,
                              extra_payload={"marks": marks}, alternative=alternative)


def replication_map(units: pd.DataFrame, drawn, geography: str, *, lang: str, note: str = "",
                    minimum: int | None = None, focus: str | None = None
                    ) -> folium.FeatureGroup:
    """The replication layer of a `views.Spread`: its labels, and what the timeline says was
    reached by each year (exactly, and through larger 2025 units). `minimum`: the count a flow
    needs to be drawn strong (default: `flows.strong_minimum`); `focus`: a place whose flows
    stay strong while the others dim."""
    labels = {key: i18n.t(f"replication.{key}", lang) for key in
              ("origin", "as_2025", "as_2025_legend", "play", "pause", "flow", "flows_title",
               "origin_size", "models")}
    labels.update(year=i18n.t("replication.year", lang),
                  none=i18n.t("legend.not_replicated", lang),
                  title=i18n.t("replication.legend", lang))
    exact = replication.reached_by_year(drawn.spread.adopters, drawn.years)
    approx = replication.reached_by_year(
        {c: y for c, (y, _) in drawn.spread.approximate.items()}, drawn.years)
    reached = {y: i18n.tn(f"replication.reached.{geography}", exact[y], lang, year=y)
               + (i18n.t("replication.reached_approx", lang, m=i18n.number(approx[y], lang))
                  if approx[y] else "") for y in drawn.years}
    return replication_layer(units, origins=drawn.spread.origins, adopters=drawn.spread.adopters,
                             approximate=drawn.spread.approximate, flows=drawn.flows,
                             years=drawn.years, lang=lang, labels=labels, reached=reached,
                             note=note, minimum=minimum, focus=focus)


def timelapse_layer(codes: list[str], lapse, classes: Classes, *, lang: str, note: str = "",
                    autoplay: bool = True, interval_ms: int = 1200) -> folium.FeatureGroup:
    """A `views.Timelapse`: the models started up to each year, one year after another, with
    the year and the count large in a corner; a click on them pauses or plays."""
    years = lapse.years
    frames = [dict(zip(codes, classes.colour_of(row.astype(float)))) for row in lapse.per_unit]
    counts = [i18n.tn("report.n_models", int(n), lang) for n in lapse.totals]
    legend = legends.legend_html(i18n.t("measure.count", lang), classes, lang, digits=0, note=note)
    alternative = text_alternatives.timelapse(years, lapse.totals, counts[-1], lang)
    return leaflet.data_layer(frames[-1], {}, legend, extra="timelapse", extra_payload={
        "timelapse": {"years": years, "colours": frames, "counts": counts,
                      "interval": interval_ms, "autoplay": autoplay,
                      "toggle": i18n.t("replication.pause", lang),
                      "play": i18n.t("replication.play", lang)}}, alternative=alternative)
