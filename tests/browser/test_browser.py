"""End to end in a real headless Chromium: the overview map loads offline, filters restyle it
without a remount, a click lists a commune's models."""

from __future__ import annotations

import shutil

import pytest

from geo import boundaries
from geo.render import i18n
from tests.chromium import MAP_FRAME, chromium_page, map_frame, require_browser, running_app, wait_idle, wait_until
from tests.helpers import demo_counts

pytestmark = pytest.mark.browser


def metric_value(page, label: str) -> str | None:
    metric = page.locator('[data-testid="stMetric"]').filter(has_text=label).first
    if not metric.count():
        return None
    return metric.locator('[data-testid="stMetricValue"]').inner_text()


def legend_text(frame) -> str:
    return frame.evaluate("() => (document.querySelector('.dvk-legend') || {}).innerText || ''")


def test_overview_map_filters_and_click(demo_app_url):
    with chromium_page() as page:
        page.goto(demo_app_url)
        frame_box = page.locator(MAP_FRAME)
        paths = page.frame_locator(MAP_FRAME).locator("path.leaflet-interactive")
        wait_until(lambda: paths.count() == 241, timeout=60, what="241 commune paths")
        frame = map_frame(page)
        wait_until(lambda: "Không có mô hình" in legend_text(frame), what="the legend")
        models_label = i18n.t("kpi.models", "vi")
        counts = demo_counts()
        assert metric_value(page, models_label) == i18n.number(counts["models"], "vi")
        before_legend = legend_text(frame)
        map_id = frame.evaluate("() => { window.__dvkMark = 1; return window.dvkMap._leaflet_id; }")

        page.get_by_text(i18n.t("filter.typical_only", "vi")).click()
        wait_until(lambda: metric_value(page, models_label) == i18n.number(counts["typical"], "vi"),
                   what="KPI after the filter")
        wait_until(lambda: legend_text(frame) != before_legend, what="the legend to change")
        assert frame.evaluate("() => window.__dvkMark") == 1  # same page: no remount
        assert frame.evaluate("() => window.dvkMap._leaflet_id") == map_id
        assert paths.count() == 241

        page.get_by_text(i18n.t("filter.typical_only", "vi")).click()
        wait_until(lambda: metric_value(page, models_label) == i18n.number(counts["models"], "vi"),
                   what="the filter off")
        tra_ka = boundaries.read_layer("communes").set_index("code").loc["20932"]
        x, y = frame.evaluate(
            """([lat, lon]) => { const p = window.dvkMap.latLngToContainerPoint([lat, lon]);
                 return [p.x, p.y]; }""", [tra_ka["label_lat"], tra_ka["label_lon"]])
        frame_box.first.scroll_into_view_if_needed()
        box = wait_until(frame_box.first.bounding_box, what="the map's position")
        page.mouse.click(box["x"] + x, box["y"] + y)
        heading = i18n.t("overview.models_in", "vi", unit="Xã Trà Ka")
        page.get_by_text(heading).wait_for(timeout=30_000)
        assert frame.evaluate("() => window.__dvkMark") == 1
        host = demo_app_url.split("/")[2]
        assert page.requested_hosts == {host}


def test_replication_slider_plays_the_spread(demo_app_url):
    with chromium_page() as page:
        page.goto(f"{demo_app_url}/nhan-rong")
        paths = page.frame_locator(MAP_FRAME).locator("path.leaflet-interactive:not(.dvk-flow):not(.dvk-flow-sum)"
                                                       ":not(.dvk-origin)")
        wait_until(lambda: paths.count() == 241, timeout=60, what="241 commune paths")
        frame = map_frame(page)
        def adopters() -> int:
            return frame.evaluate("() => document.querySelectorAll('path.dvk-adopter').length")
        wait_until(lambda: frame.evaluate("() => !!document.querySelector('.dvk-play')"),
                   what="the timeline control")
        at_last_year = adopters()
        assert at_last_year > 100
        flows_at_last = frame.evaluate("() => document.querySelectorAll('path.dvk-flow, path.dvk-flow-sum').length")
        mark = frame.evaluate("() => { window.__dvkMark = 7; return window.dvkMap._leaflet_id; }")

        frame.click(".dvk-play")  # at the last year, play starts again from the first
        seen = [adopters()]
        wait_until(lambda: seen.append(adopters()) or seen[-1] == at_last_year, timeout=15,
                   what="the spread to reach the last year again")
        growth = [n for i, n in enumerate(seen) if i == 0 or n != seen[i - 1]]
        assert len(growth) >= 3 and growth == sorted(growth) and growth[0] < at_last_year
        assert frame.evaluate("() => document.querySelectorAll('path.dvk-flow, path.dvk-flow-sum').length") == \
            flows_at_last
        assert frame.evaluate("() => [window.__dvkMark, window.dvkMap._leaflet_id]") == [7, mark]
        assert page.requested_hosts == {demo_app_url.split("/")[2]}


@pytest.mark.parametrize("path, page_key", [("tong-quan", "overview"), ("du-lieu", "data")])
def test_a_fresh_servers_first_deep_link_shows_the_page(tmp_path, demo_db, path, page_key):
    """The first session of a new process once showed Streamlit's "Page not found" box."""
    require_browser()
    shutil.copyfile(demo_db, tmp_path / "store.sqlite")
    with running_app(tmp_path / "store.sqlite", tmp_path / "server.log") as url:
        with chromium_page(offline=True) as page:
            page.goto(f"{url}/{path}")
            page.get_by_role("heading", name=i18n.t(f"page.{page_key}", "vi")).wait_for(
                timeout=60_000)
            wait_idle(page)
            assert page.get_by_role("dialog").count() == 0
            assert "Page not found" not in page.inner_text("body")
            assert page.url.endswith(f"/{path}") or page_key == "overview"  # the default is "/"
