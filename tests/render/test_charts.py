"""Bar charts in HTML: every bar carries its label and its number as text in the page's
language, its length is its share of the largest (or of a given whole), data text is escaped."""

from __future__ import annotations

import re

from geo.render.web import charts


def bars(html: str) -> list[tuple[str, str, float]]:
    """(label, number, length %) of each bar, read back from the HTML."""
    found = []
    for item in re.findall(r"<li>(.*?)</li>", html):
        label = re.search(r'dvk-chart-label">([^<]*)<', item).group(1)
        value = re.search(r'dvk-chart-value">([^<]*)<', item).group(1)
        length = float(re.search(r"(?:height|width):([\d.]+)%", item).group(1))
        found.append((label, value, length))
    return found


def test_columns_write_each_number_and_scale_to_the_largest():
    html = charts.columns_html([2019, 2020, 2021], [250, 1000, 0], "vi", title="Theo năm")
    assert bars(html) == [("2019", "250", 25.0), ("2020", "1.000", 100.0), ("2021", "0", 0.0)]
    assert 'aria-label="Theo năm"' in html


def test_bars_write_numbers_in_the_languages_form():
    html = charts.bars_html(["Kinh tế", "Văn hóa"], [1234, 617], "en", title="By domain")
    assert bars(html) == [("Kinh tế", "1,234", 100.0), ("Văn hóa", "617", 50.0)]


def test_a_given_whole_and_texts_for_shares():
    html = charts.columns_html([2024, 2025], [0.5, 1.0], "fr", top=1, texts=["50,0 %", "100,0 %"],
                               title="Part")
    assert bars(html) == [("2024", "50,0 %", 50.0), ("2025", "100,0 %", 100.0)]


def test_labels_and_titles_from_data_are_escaped():
    html = charts.bars_html(['<img src=x onerror="alert(1)">'], [3], "vi", title='"><script>')
    assert "<img" not in html and "<script>" not in html
    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;" in html


def test_nothing_to_draw_is_an_empty_chart_not_an_error():
    assert bars(charts.columns_html([], [], "vi", title="x")) == []
    assert bars(charts.bars_html(["a"], [0], "vi", title="x")) == [("a", "0", 0.0)]
