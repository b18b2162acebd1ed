"""What a map shows, in words and as a table (WCAG 1.1.1): a sentence made from the data that
names the map for a screen reader, and the same figures as rows a keyboard user can open."""

from __future__ import annotations

import html
from dataclasses import dataclass

import numpy as np
import pandas as pd

from geo.analysis import targets
from geo.records import vocab
from geo.render import i18n, words

TOP = 3  # units named in a sentence


@dataclass(frozen=True)
class Alternative:
    """A map's text alternative: `summary` (its accessible name) and a table of `columns` and
    `rows` (text, in `lang`)."""

    summary: str
    columns: list[str]
    rows: list[list[str]]
    lang: str

    @property
    def control(self) -> str:
        """The words of the control that opens the table."""
        return i18n.t("alt.show_table", self.lang)

    def table_html(self) -> str:
        """The table, every cell escaped, with the summary as its caption."""
        head = "".join(f'<th scope="col">{html.escape(c)}</th>' for c in self.columns)
        body = "".join("<tr>" + "".join(
            (f'<th scope="row">{html.escape(cell)}</th>' if i == 0 else
             f"<td>{html.escape(cell)}</td>") for i, cell in enumerate(row)) + "</tr>"
            for row in self.rows)
        return (f'<table class="dvk-alt-table"><caption>{html.escape(self.summary)}</caption>'
                f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>")


def _place_columns(units: pd.DataFrame, lang: str) -> tuple[list[str], dict[str, list[str]]]:
    """The name column (and the district, for communes) of each unit code."""
    columns = [i18n.t("column.name", lang)]
    cells = [units["name"]]
    if "district_name" in units.columns:
        columns.append(i18n.t("column.district", lang))
        cells.append(units["district_name"])
    return columns, {code: list(row) for code, *row in zip(units["code"], *cells)}


def density(table: pd.DataFrame, units: pd.DataFrame, *, measure: str, lang: str,
            values: np.ndarray | None = None,
            counts: np.ndarray | None = None) -> Alternative:
    """A density map: the highest units and the range in a sentence; every unit with its count
    (and measure), highest first."""
    values = np.asarray(table[measure] if values is None else values, float)
    counts = np.asarray(table["count"] if counts is None else counts)
    digits = 0 if measure == "count" else 1
    columns, places = _place_columns(units, lang)
    columns.append(i18n.t("measure.count", lang))
    if measure != "count":
        columns.append(i18n.t(f"measure.{measure}", lang))
    frame = pd.DataFrame({"code": table["code"].to_numpy(), "value": values, "count": counts})
    frame["name"] = [places[c][0] for c in frame["code"]]
    frame = frame.sort_values(["value", "count", "name"], ascending=[False, False, True])
    rows = []
    for code, value, count in zip(frame["code"], frame["value"], frame["count"]):
        row = [*places[code], i18n.number(int(count), lang)]
        if measure != "count":
            row.append(i18n.number(value, lang, 1))  # NaN (no population): "–"
        rows.append(row)
    label = i18n.t(f"measure.{measure}", lang)
    shown = frame[np.isfinite(frame["value"]) & (frame["count"] > 0)]
    if shown.empty:
        return Alternative(i18n.t("alt.density_empty", lang, measure=label), columns, rows, lang)
    top = words.joined([f"{name} ({i18n.number(v, lang, digits)})" for name, v in
                        zip(shown["name"][:TOP], shown["value"][:TOP])], lang)
    finite = frame["value"][np.isfinite(frame["value"])]
    summary = i18n.tn("alt.density", int((frame["count"] == 0).sum()), lang, measure=label,
                      top=top, low=i18n.number(finite.min(), lang, digits),
                      high=i18n.number(finite.max(), lang, digits),
                      total=i18n.number(len(frame), lang))
    return Alternative(summary, columns, rows, lang)


def leading_domain(table: pd.DataFrame, units: pd.DataFrame, *, lang: str) -> Alternative:
    """A leading-domain map: how many units each domain leads (and mixed, none); every unit
    with its leading domain and count, by name."""
    columns, places = _place_columns(units, lang)
    columns += [i18n.t("tooltip.leading", lang), i18n.t("measure.count", lang)]
    named = {d: i18n.domain_label(d, lang) for d in (*vocab.DOMAIN_KEYS, "mixed")}
    none = i18n.t("legend.no_data", lang)
    rows = sorted([*places[code], named[leading] if isinstance(leading, str) else none,
                   i18n.number(int(count), lang)]
                  for code, leading, count in zip(table["code"], table["leading"],
                                                  table["count"]))
    counted = table["leading"].where(table["leading"].map(lambda v: isinstance(v, str)))
    tally = counted.value_counts()
    parts = [f"{named[d]}: {i18n.number(int(tally[d]), lang)}"
             for d in (*vocab.DOMAIN_KEYS, "mixed") if d in tally.index]
    parts.append(f"{none}: {i18n.number(int(counted.isna().sum()), lang)}")
    summary = i18n.t("alt.leading", lang, parts=words.joined(parts, lang))
    return Alternative(summary, columns, rows, lang)


def replication(units: pd.DataFrame, *, origins: set[str], adopters: dict[str, int],
                approximate: dict[str, tuple[int, str]], flows, reached: str,
                lang: str) -> Alternative:
    """A replication map: what the timeline reaches, the origins, the flows drawn strong (the
    labelled ones by name) and how many faint (`flows`: a `flows.FlowPlan`); every origin and
    adopting unit with its year, earliest first."""
    columns, places = _place_columns(units, lang)
    columns.append(i18n.t("replication.year", lang))
    origin = i18n.t("replication.origin", lang)
    by_name = sorted(origins, key=lambda c: places[c][0])
    rows = [[*places[c], origin] for c in by_name]
    years = {**{c: y for c, (y, _) in approximate.items()}, **adopters}
    rows += [[*places[c], str(years[c])] for c in
             sorted(set(years) - origins, key=lambda c: (years[c], places[c][0]))]
    names = words.joined([places[c][0] for c in by_name], lang)
    summary = i18n.t("alt.replication", lang, reached=reached, origins=names or "–")
    if flows.strong:
        named = words.joined([f"{f.names[0]} → {f.names[1]}: {i18n.number(f.count, lang)}"
                              for f in flows.labelled], lang)
        summary += " " + i18n.t("alt.flows", lang, strong=i18n.number(len(flows.strong), lang),
                                minimum=flows.minimum, named=named,
                                faint=i18n.number(len(flows.faint), lang))
    return Alternative(summary, columns, rows, lang)


def target_status(table: pd.DataFrame, *, year: int, lang: str) -> Alternative:
    """A target map: how many units are in each status; every unit with its status and each
    measure against its minimum, by status then name."""
    statuses, measures = targets.STATUSES, targets.MEASURES
    columns = [i18n.t("column.name", lang), i18n.t("targets.column.status", lang),
               *(i18n.t(f"targets.measure.{m}", lang) for m in measures)]
    order = {s: i for i, s in enumerate(statuses)}
    rows = []
    for row in sorted(table.itertuples(), key=lambda r: (order[r.status], r.name)):
        cells = [row.name, words.status_label(row.status, lang)]
        for m in measures:
            target = getattr(row, f"min_{m}")
            done = i18n.number(getattr(row, m), lang)
            cells.append(done if pd.isna(target) else i18n.t(
                "targets.tooltip.measure", lang, done=done, target=i18n.number(int(target), lang)))
        rows.append(cells)
    tally = table["status"].value_counts()
    parts = words.joined([f"{words.status_label(s, lang)}: {i18n.number(int(tally.get(s, 0)), lang)}"
                          for s in statuses], lang)
    return Alternative(i18n.t("alt.targets", lang, year=year, parts=parts), columns, rows, lang)


def timelapse(years: list[int], totals: list[int], last_count: str, lang: str) -> Alternative:
    """A time-lapse: the years it plays and what the last shows; the count of each year."""
    return Alternative(
        i18n.t("alt.timelapse", lang, first=years[0], last=years[-1], last_count=last_count),
        [i18n.t("column.year", lang), i18n.t("measure.count", lang)],
        [[str(y), i18n.number(int(n), lang)] for y, n in zip(years, totals)], lang)
