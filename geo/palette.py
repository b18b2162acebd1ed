"""Every colour the product draws with, defined once: map classes, domains, year shades, target
statuses, flows, outlines and page furniture (Okabe-Ito where a colour names a category, so that
colour-blind readers tell them apart). The web map, the print figures, the slides and the report
all take their colours from here; `tests/render/test_palette.py` finds any colour written elsewhere."""

from __future__ import annotations

# ColorBrewer YlOrRd, 3 to 6 classes: sequential, readable on a projector.
CLASS_COLOURS = {
    3: ["#ffeda0", "#feb24c", "#f03b20"],
    4: ["#ffffb2", "#fecc5c", "#fd8d3c", "#e31a1c"],
    5: ["#ffffb2", "#fecc5c", "#fd8d3c", "#f03b20", "#bd0026"],
    6: ["#ffffb2", "#fed976", "#feb24c", "#fd8d3c", "#f03b20", "#bd0026"],
}
NO_DATA = "#d9d9d9"  # no model: the only grey fill
NO_POPULATION = "#ffffff"  # drawn with a dashed outline: models, but no measure to show
DOMAIN_COLOURS = {"kinh_te": "#E69F00", "van_hoa_xa_hoi": "#009E73",
                  "quoc_phong_an_ninh": "#0072B2", "xay_dung_he_thong_chinh_tri": "#CC79A7",
                  "unclassified": "#999999"}
MIXED_COLOUR = "#8c8c8c"  # no domain leads
LEADING_COLOURS = {**DOMAIN_COLOURS, "mixed": MIXED_COLOUR}  # a unit by its leading domain
ORIGIN_COLOUR = "#6a3d9a"  # where a typical model started
ORIGIN_EDGE = "#000000"
ORIGIN_CIRCLE = "#3b0f70"  # gathered flows' origins, sized by what left them
APPROXIMATE_FILL = "#ffffff"  # the legend row of units reached through a larger 2025 unit
YEAR_COLOURS = ["#c6dbef", "#6baed6", "#2171b5", "#08306b"]  # replications, older to newer
FLOW_COLOURS = ("#f4a582", "#d6604d", "#b2182b", "#67001f")  # light to dark red: apart from blues
SINGLE_FLOW = "#1a1a1a"  # one adoption's arrow
FAINT_FLOW = "#6f6f6f"  # flows below the strong ones' minimum, drawn thin and light
STATUS_COLOURS = {"met": "#0072B2", "partly": "#E69F00", "not_met": "#D55E00",
                  "no_target": "#F2F2F2"}
STATUS_SYMBOLS = {"met": "✓", "partly": "◐", "not_met": "✗", "no_target": "–"}
CHOSEN_UNIT, OTHER_UNITS = "#08519c", "#9ecae1"  # the import's "which unit is this" map

UNIT_EDGE = "#666666"  # every unit's outline
PROVINCE_EDGE = "#222222"  # the province's outline, and dotted edges of approximate units
DASHED_EDGE = "#444444"  # units with no population, no target
SELECTED_EDGE = "#000000"
LEGEND_EDGE = "#777777"
SWATCH_EDGE = "#555555"
TEXT_DARK = "#333333"
TEXT_MUTED = "#444444"
DEMO_RED = "#9a0000"  # the illustrative-data label
DEMO_BACKGROUND = "#fff3f3"
PANEL = "rgba(255, 255, 255, 0.94)"  # legends and labels over the map
SHADOW = "rgba(0, 0, 0, 0.3)"
SWATCH_FILL = "rgba(255, 255, 255, 0.6)"  # the legend's origin circle

# The pages' and maps' own colours, as CSS custom properties (`css_variables`): the CSS files in
# geo/render/web/static and ui/assets, and the map's script, say `var(--dvk-<name>)`.
CHROME = {
    "paper": "#ffffff", "text": TEXT_DARK, "ink": "#111111", "ink-soft": PROVINCE_EDGE,
    "flow-text": SINGLE_FLOW, "flow-edge": FLOW_COLOURS[-1], "focus": "#0b57d0",
    "rule": "#cccccc", "rule-light": "#dddddd", "rule-strong": "#888888", "demo": DEMO_RED,
    "caption": "#4a4c55", "chart-bar": "#3a5f95", "hint": "rgba(0, 0, 0, 0.72)", "panel": PANEL,
    "shadow": SHADOW, "swatch-fill": SWATCH_FILL,
}


def year_colours(years: range | list[int]) -> dict[int, str]:
    """Each year of a replication map its blue, older lighter: the shades spread evenly from
    the lightest to the darkest (one year: the darkest). The web map and the print figure both
    call this, so a year is the same blue in every medium."""
    years = list(years)
    last = len(YEAR_COLOURS) - 1
    if len(years) == 1:
        return {years[0]: YEAR_COLOURS[last]}
    return {year: YEAR_COLOURS[int(i * last / (len(years) - 1) + 0.5)]  # halves round up
            for i, year in enumerate(years)}


def css_variables() -> str:
    """The chrome's colours as a CSS rule, put before the pages' and maps' own CSS."""
    return ":root{" + ";".join(f"--dvk-{name}:{colour}" for name, colour in CHROME.items()) + "}"


def rgb(colour: str) -> tuple[int, int, int]:
    """"#9a0000" as (154, 0, 0), for the libraries that take numbers (python-pptx)."""
    text = colour.lstrip("#")
    return int(text[0:2], 16), int(text[2:4], 16), int(text[4:6], 16)
