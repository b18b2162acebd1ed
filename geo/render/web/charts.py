"""Small bar charts as plain HTML and CSS (ui/assets/page.css): each bar carries its label and
its number as text, so the chart reads without colour, a script or a screen reader's guess, and
costs the browser almost nothing (a Vega chart under the map delayed the map by ~0.3 s)."""

from __future__ import annotations

import html
from collections.abc import Sequence

from geo.render import i18n


def _bars(labels: Sequence[object], values: Sequence[float], lang: str,
          texts: Sequence[str] | None, top: float | None) -> list[tuple[str, str, str]]:
    """Each bar's label, number as text and length (a share of `top`, else of the largest)."""
    top = max(values, default=0) if top is None else top
    texts = texts or [i18n.number(v, lang) for v in values]
    return [(html.escape(str(label)), html.escape(text),
             f"{0 if top <= 0 else max(0.0, min(100.0, value / top * 100)):.1f}%")
            for label, value, text in zip(labels, values, texts)]


def columns_html(labels: Sequence[object], values: Sequence[float], lang: str, *,
                 title: str, texts: Sequence[str] | None = None,
                 top: float | None = None) -> str:
    """Vertical columns (years along the bottom), the number above each column; `texts`: the
    numbers as written (default: `values` in the language's form); `top`: the full height."""
    cells = "".join(
        f'<li><span class="dvk-chart-value">{v}</span>'
        f'<span class="dvk-chart-bar" style="height:{h}"></span>'
        f'<span class="dvk-chart-label">{label}</span></li>'
        for label, v, h in _bars(labels, values, lang, texts, top))
    many = " dvk-many" if len(values) > 10 else ""  # labels turned upright to fit
    return (f'<figure class="dvk-chart dvk-columns{many}" '
            f'aria-label="{html.escape(title, quote=True)}"><ol>{cells}</ol></figure>')


def bars_html(labels: Sequence[object], values: Sequence[float], lang: str, *,
              title: str) -> str:
    """Horizontal bars (one per category), the label on the left, the number after the bar."""
    rows = "".join(
        f'<li><span class="dvk-chart-label">{label}</span><span class="dvk-chart-track">'
        f'<span class="dvk-chart-bar" style="width:{w}"></span>'
        f'<span class="dvk-chart-value">{v}</span></span></li>'
        for label, v, w in _bars(labels, values, lang, None, None))
    return (f'<figure class="dvk-chart dvk-bars" aria-label="{html.escape(title, quote=True)}">'
            f"<ol>{rows}</ol></figure>")
