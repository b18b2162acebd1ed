"""The audience link in a real Chromium with no network but the app: the snapshot opens from the
app's static address and from disk, draws the map and says it is a snapshot, and asks no other
host for anything."""

from __future__ import annotations

import datetime as dt

import pytest

from geo.analysis.filters import Filters
from geo.render import i18n
from geo.render.web import audience
from geo.store import roles
from tests.chromium import chromium_page, wait_until

pytestmark = pytest.mark.browser

MADE = dt.datetime(2026, 11, 30, 1, 30, tzinfo=dt.UTC)


@pytest.fixture(scope="module")
def snapshot(ds, demo_engine):
    """A snapshot in the folder the app serves (removed afterwards)."""
    made = audience.publish(demo_engine, roles.CONSOLE, ds, Filters(year_to=ds.latest_year),
                            "overview", now=MADE)
    yield made
    audience.remove(demo_engine, roles.CONSOLE, made.name)


def drawn(page) -> int:
    return page.evaluate("document.querySelectorAll('path.leaflet-interactive').length")


@pytest.mark.parametrize("where", ["app", "disk"])
def test_the_snapshot_opens_offline_with_its_map_and_date(demo_app_url, snapshot, where):
    url = (f"{demo_app_url}{snapshot.path}" if where == "app"
           else (audience.folder() / f"{snapshot.name}.html").as_uri())
    with chromium_page((390, 844), offline=True) as page:
        response = page.goto(url)
        if where == "app":
            assert response.headers["content-type"].startswith("text/html")
        wait_until(lambda: drawn(page) >= 241, what="the commune map drawn")
        line = page.inner_text(".dvk-snapshot")
        assert i18n.t("audience.snapshot", "vi", date="30-11-2026", time="08:30") in line
        assert page.get_attribute(".dvk-snapshot a", "href").startswith("/")
        box = page.eval_on_selector(".folium-map", "e => e.getBoundingClientRect().toJSON()")
        assert box["width"] == 390 and box["bottom"] <= 844 and box["height"] > 500
        hosts = {h for h in page.requested_hosts if h}
    assert hosts <= {demo_app_url.split("/")[2]}, hosts
