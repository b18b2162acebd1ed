"""One palette: every colour the product draws with is named in `geo/palette.py`, and nowhere
else; a replication year has one blue, whatever draws it."""

from __future__ import annotations

import re

import pytest

from geo import palette
from geo.settings import ROOT

COLOUR = re.compile(r"#[0-9a-fA-F]{3}(?:[0-9a-fA-F]{3})?\b|(?<![\w.])rgba?\(|\bhsla?\(")
CSS_VARIABLE = re.compile(r"var\(--dvk-([a-z-]+)\)")


def code_files() -> list:
    files = [*ROOT.glob("geo/**/*.py"), *ROOT.glob("ui/**/*.py"), *ROOT.glob("pages/*.py"),
             ROOT / "dashboard.py", *ROOT.glob("geo/render/web/static/*.js"),
             *ROOT.glob("geo/render/web/static/*.css"), *ROOT.glob("ui/assets/*.js"),
             *ROOT.glob("ui/assets/*.css")]
    return [f for f in files if f != ROOT / "geo" / "palette.py" and "migrations" not in f.parts]


def test_no_colour_is_written_outside_the_palette():
    found = [f"{path.relative_to(ROOT)}:{n}: {line.strip()}"
             for path in code_files()
             for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
             if COLOUR.search(line)]
    assert found == []


def test_the_check_finds_colours_as_they_are_written():
    for written in ('color="#444444"', "border:1px solid #777", "background:rgba(0,0,0,.3)",
                    "fill: rgb(1, 2, 3)", "hsl(120, 50%, 50%)"):
        assert COLOUR.search(written), written
    for not_a_colour in ("palette.rgb(palette.DEMO_RED)", "canvas.buffer_rgba()",
                         "f'{name}#{code}'", "# a comment", "issue #31"):
        assert not COLOUR.search(not_a_colour), not_a_colour


def test_every_css_variable_the_pages_use_is_defined():
    used = {name for path in code_files() for name in
            CSS_VARIABLE.findall(path.read_text(encoding="utf-8"))}
    assert used and used <= set(palette.CHROME)
    rule = palette.css_variables()
    assert all(f"--dvk-{name}:{colour}" in rule for name, colour in palette.CHROME.items())


@pytest.mark.parametrize(("years", "expected"), [
    ([2024], ["#08306b"]),
    ([2024, 2025], ["#c6dbef", "#08306b"]),
    ([2024, 2025, 2026], ["#c6dbef", "#2171b5", "#08306b"]),  # 1.5 rounds to 2
    ([2021, 2022, 2023, 2024], ["#c6dbef", "#6baed6", "#2171b5", "#08306b"]),
    (list(range(2018, 2025)), ["#c6dbef", "#6baed6", "#6baed6", "#2171b5", "#2171b5",
                               "#08306b", "#08306b"]),  # 0.5, 1.5 and 2.5 round up
])
def test_replication_years_go_from_the_lightest_to_the_darkest_blue(years, expected):
    """Older lighter; the first year is always the lightest and the last the darkest."""
    assert list(palette.year_colours(years).values()) == expected
    assert list(palette.year_colours(years)) == years


def test_rgb_reads_a_hex_colour():
    assert palette.rgb("#9a0000") == (154, 0, 0)
    assert palette.rgb("#0B57D0") == (11, 87, 208)
