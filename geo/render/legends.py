"""Tooltips and legends as HTML, every piece of text escaped (names come from files)."""

from __future__ import annotations

import html

from geo import palette
from geo.analysis.classify import Classes
from geo.palette import NO_DATA
from geo.render import i18n


def tooltip_html(rows: list[tuple[str, str]], title: str) -> str:
    """A tooltip: a bold title and label/value lines, every piece escaped."""
    lines = "".join(f"<br>{html.escape(label)}: <b>{html.escape(value)}</b>"
                    for label, value in rows)
    return f"<b>{html.escape(title)}</b>{lines}"


def class_labels(classes: Classes, lang: str, digits: int) -> list[str]:
    """Each class as "lower – upper" in the language's number format (counts: 1 – 5, 6 – 12)."""
    labels, lower = [], classes.lower
    for bound in classes.bounds:
        labels.append(i18n.number(lower, lang, digits) + " – " + i18n.number(bound, lang, digits)
                      if bound != lower else i18n.number(bound, lang, digits))
        lower = bound + 1 if digits == 0 else bound
    return labels


def legend_html(title: str, classes: Classes, lang: str, *, digits: int, note: str = "",
                extra: list[tuple[str, str, str]] = ()) -> str:
    """Class limits as coloured rows, the no-model class, then any `extra` (colour, label,
    border) rows; all text escaped."""
    rows = [legend_row(colour, label) for colour, label in
            zip(classes.colours, class_labels(classes, lang, digits))]
    rows.append(legend_row(NO_DATA, i18n.t("legend.no_data", lang)))
    rows += [legend_row(colour, label, border) for colour, label, border in extra]
    return legend_box(title, rows, note)


def categorical_legend_html(title: str, items: list[tuple[str, str]], note: str = "") -> str:
    return legend_box(title, [legend_row(colour, label) for colour, label in items], note)


def flow_legend_html(title: str, items: list[tuple[str, str]], note: str, classes: list,
                     flows_title: str, origin_label: str, faint: str = "") -> str:
    """The replication legend with the flows' classes: a line of each class's width and colour
    with the counts it holds, what the faint lines are (`faint`, when some are), and what an
    origin circle's size says."""
    rows = [legend_row(colour, label) for colour, label in items]
    rows.append(f'<div class="dvk-legend-subtitle" style="font-weight:bold;margin-top:6px">'
                f'{html.escape(flows_title)}</div>')
    for c in classes:
        span = f"{c.low}" if c.low == c.high else f"{c.low}–{c.high}"
        rows.append(f'<div class="dvk-legend-row dvk-flow-row"><span style="display:inline-block;'
                    f'width:30px;height:{c.width:g}px;margin-right:6px;vertical-align:middle;'
                    f'background:{c.colour};border:1px solid {palette.SWATCH_EDGE}"></span>{html.escape(span)}</div>')
    if faint:
        rows.append(f'<div class="dvk-legend-row dvk-flow-row dvk-flow-faint"><span style="'
                    f'display:inline-block;width:30px;height:1px;margin-right:6px;'
                    f'vertical-align:middle;background:{palette.FAINT_FLOW}"></span>'
                    f'{html.escape(faint)}</div>')
    rows.append(f'<div class="dvk-legend-row"><span style="display:inline-block;width:14px;'
                f'height:14px;margin-right:6px;vertical-align:middle;border-radius:50%;'
                f'border:2px solid {palette.ORIGIN_CIRCLE};background:{palette.SWATCH_FILL}"></span>'
                f'{html.escape(origin_label)}</div>')
    return legend_box(title, rows, note)


def legend_row(colour: str, label: str, border: str = f"1px solid {palette.LEGEND_EDGE}") -> str:
    return (f'<div class="dvk-legend-row"><span style="display:inline-block;width:14px;'
            f'height:14px;margin-right:6px;vertical-align:middle;background:{colour};'
            f'border:{border}"></span>{html.escape(label)}</div>')


def legend_box(title: str, rows: list[str], note: str) -> str:
    """Title (a click folds the rest away), rows, note; 15 px so a room can read it."""
    note_html = f'<div class="dvk-legend-note" style="margin-top:4px;font-style:italic">' \
                f'{html.escape(note)}</div>' if note else ""
    return (f'<div style="background:{palette.PANEL};padding:8px 10px;border-radius:4px;'
            f'font:15px/1.45 sans-serif;box-shadow:0 1px 4px {palette.SHADOW}">'
            f'<div class="dvk-legend-title" style="font-weight:bold">{html.escape(title)} '
            f'<span aria-hidden="true">\u25BE</span></div><div class="dvk-legend-body" '
            f'style="margin-top:4px">{"".join(rows)}{note_html}</div></div>')
