"""Readable by everyone (WCAG 2.1 AA): every page, each of its map frames and the offline file
pass axe-core's A and AA rules on a laptop and a phone (every page in vi, each in en or fr); each map has its
figures as a table one keypress away."""

from __future__ import annotations

import pytest

from geo import boundaries
from geo.analysis.filters import Filters
from geo.render import catalog, i18n
from geo.render.web import standalone
from tests.browser.test_audience_browser import map_frames
from tests.chromium import MAP_FRAME, axe_violations, chromium_page, require_axe, settled, wait_idle, wait_until

pytestmark = pytest.mark.browser

# the presentation view (no sidebar) last: the others are reached through the sidebar's links
PAGES = {"tong-quan": 1, "linh-vuc": 5, "nhan-rong": 1, "chi-tieu": 1, "du-lieu": 0,
         "gioi-thieu": 0, "trinh-chieu": 1}
LAPTOP, PHONE = (1280, 720), (390, 844)
SIDEBAR = ('[data-testid="stSidebar"]',)


def named_maps(page, count: int) -> list:
    """The page's `count` map frames once each has its data layer (the map named by it)."""
    wait_until(lambda: page.locator(f"{MAP_FRAME}[aria-label]").count() >= count, timeout=60,
               what=f"{count} named maps")
    frames = [f for f in page.frames if "streamlit_folium" in f.url]
    assert len(frames) == count
    return frames


def open_table(page, lang: str) -> int:
    """Open the page's first "show as table" control (the others are made alike); how many
    controls the page has."""
    controls = page.get_by_text(i18n.t("alt.show_table", lang), exact=True)
    if controls.count():
        controls.first.click()
        page.locator(".dvk-alt-table").first.wait_for()
    return controls.count()


# every page in vi with its maps; en and fr share the pages between them (their documents differ
# from vi's only in words; the maps in en and fr are checked as offline files below)
LANGUAGE_PAGES = {"vi": list(PAGES), "en": list(PAGES)[0::2], "fr": list(PAGES)[1::2]}


@pytest.mark.parametrize("languages", ["vi", "en+fr"])
def test_every_page_and_map_passes_axe(demo_app_url, languages):
    require_axe()
    found = []
    for lang in languages.split("+"):
        found += page_violations(demo_app_url, lang)
    assert not found, "\n".join(found)


def page_violations(demo_app_url: str, lang: str) -> list[str]:
    """axe's findings on `lang`'s pages at both sizes (and their maps, in vi)."""
    found: list[str] = []
    with chromium_page(LAPTOP, offline=True) as page:
        page.goto(f"{demo_app_url}/{LANGUAGE_PAGES[lang][0]}?lang={lang}")
        for path in LANGUAGE_PAGES[lang]:
            maps = PAGES[path]
            page.set_viewport_size(dict(zip(("width", "height"), LAPTOP)))
            link = page.locator(f'[data-testid="stSidebarNav"] a[href$="/{path}"]')
            if path == LANGUAGE_PAGES[lang][0]:
                wait_idle(page)
            elif link.count():
                link.first.click()
                page.wait_for_url(f"**/{path}*")
            else:
                page.goto(f"{demo_app_url}/{path}?lang={lang}")
            wait_idle(page)
            frames = named_maps(page, maps)
            assert open_table(page, lang) == maps, path
            for size in (LAPTOP, PHONE):
                page.set_viewport_size(dict(zip(("width", "height"), size)))
                page.wait_for_timeout(150)
                where = f"{path} {lang} {size[0]}x{size[1]}"
                # the sidebar is the same on every page: checked on the first
                found += axe_violations(page, where, () if path == LANGUAGE_PAGES[lang][0]
                                        else SIDEBAR)
                for i, frame in enumerate(frames if lang == "vi" else ()):
                    found += axe_violations(frame, f"{where} map {i + 1}")
    return found


def test_each_map_is_named_by_what_it_shows(demo_app_url):
    """The map's frame and its container carry the summary sentence the table's caption
    repeats."""
    with chromium_page(LAPTOP, offline=True) as page:
        page.goto(f"{demo_app_url}/tong-quan?lang=en")
        frame = map_frames(page, 1)[0]
        name = page.locator(MAP_FRAME).first.get_attribute("aria-label")
        inner = frame.evaluate("() => window.dvkMap.getContainer().getAttribute('aria-label')")
        assert name and name == inner
        open_table(page, "en")
        caption = page.locator(".dvk-alt-table caption").first.inner_text()
        assert caption == name


# every view, every language: the views differ in what they draw, the languages in their words
FILES = [("overview", "vi"), ("overview", "en"), ("overview", "fr"), ("domains", "vi"),
         ("replication", "en"), ("targets", "fr"), ("timelapse", "vi")]


def test_every_offline_file_passes_axe(ds, tmp_path):
    """The offline file of each view and language (the audience link is the same file), on a
    laptop and a phone, its table opened."""
    require_axe()
    found = []
    with chromium_page(LAPTOP, offline=True) as page:
        for view, lang in FILES:
            path = tmp_path / f"{view}-{lang}.html"
            request = catalog.Request(ds, Filters(year_to=ds.latest_year, lang=lang))
            path.write_text(standalone.page(request, view), encoding="utf-8")
            page.set_viewport_size(dict(zip(("width", "height"), LAPTOP)))
            page.goto(path.as_uri())
            page.locator(".leaflet-container[aria-label]").wait_for()
            page.locator(".dvk-alt summary").click()
            assert page.locator(".dvk-alt-table tbody tr").count() >= 1
            assert page.evaluate("() => document.documentElement.lang") == lang
            for size in (LAPTOP, PHONE):
                page.set_viewport_size(dict(zip(("width", "height"), size)))
                found += axe_violations(page, f"{view} file {lang} {size[0]}x{size[1]}")
            if view == "timelapse":  # the time-lapse pauses and plays from the keyboard
                playing = "() => window.dvkTimer !== null"
                assert page.evaluate(playing)
                page.focus(".dvk-lapse")
                page.keyboard.press("Enter")
                assert not page.evaluate(playing)
                assert page.get_attribute(".dvk-lapse", "aria-label").endswith(
                    i18n.t("replication.play", lang))
                page.keyboard.press(" ")
                assert page.evaluate(playing)
    assert not found, "\n".join(found)


FOCUSED = """() => {
  let doc = document, inFrame = false;
  while (doc.activeElement && doc.activeElement.tagName === 'IFRAME') {
    doc = doc.activeElement.contentDocument; inFrame = true;
  }
  const e = doc.activeElement, s = e ? getComputedStyle(e) : null;
  return e ? {inFrame, tag: e.tagName, cls: String(e.className || ''),
    name: e.getAttribute('aria-label') || (e.innerText || '').trim().slice(0, 80),
    ring: (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2)
          || (s.boxShadow && s.boxShadow !== 'none')} : null;
}"""


def tab_until(page, wanted, *, limit: int = 120) -> dict:
    """Press Tab until the focused element satisfies `wanted`; that element."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED)
        if focused and wanted(focused):
            return focused
    raise AssertionError("Tab never reached the element")


def test_the_keyboard_reaches_and_works_the_map_and_its_table(demo_app_url):
    """From the top of the overview, Tab reaches the map's zoom, whole-province and legend
    controls (each with a visible focus ring) and then the table; Enter and Space work them;
    choosing a unit from the list does what a click on the map does; the replication
    timeline plays and pauses from the keyboard."""
    lang = "en"
    with chromium_page(LAPTOP, offline=True) as page:
        page.goto(f"{demo_app_url}/tong-quan?lang={lang}")
        frame = named_maps(page, 1)[0]
        wait_idle(page)
        stops = []  # every stop from the top of the page to the table's control
        tab_until(page, lambda f: stops.append(f) or f["tag"] == "SUMMARY")
        in_map = [f for f in stops if f["inFrame"]]
        names = [f["name"] for f in in_map]
        assert in_map[0]["cls"].startswith("leaflet-container")  # the map itself, named
        assert names[1:5] == [i18n.t("map.zoom_in", lang), i18n.t("map.zoom_out", lang),
                              i18n.t("map.home", lang), in_map[4]["name"]], names
        assert "dvk-legend-title" in in_map[4]["cls"] and len(in_map) == 5, names
        assert all(f["ring"] for f in in_map[1:] + stops[-1:]), stops
        assert stops[-1]["name"].endswith(i18n.t("alt.show_table", lang))
        page.keyboard.press("Enter")
        page.locator(".dvk-alt-table").first.wait_for()
        rows = page.locator(".dvk-alt-table tbody tr").count()
        assert rows == len(boundaries.read_layer("communes"))
        frame.focus(".dvk-legend-title")  # the legend folds and unfolds from the keyboard
        folded = "() => document.querySelector('.dvk-legend').classList.contains('dvk-collapsed')"
        before = frame.evaluate(folded)
        page.keyboard.press("Enter")
        assert frame.evaluate(folded) != before
        page.keyboard.press(" ")
        assert frame.evaluate(folded) == before
        zoom = settled(lambda: frame.evaluate("() => window.dvkMap.getZoom()"), what="the fit")
        frame.focus(".leaflet-control-zoom-in")
        page.keyboard.press("Enter")
        wait_until(lambda: frame.evaluate("() => window.dvkMap.getZoom()") > zoom,
                   what="Enter on zoom in")
        frame.focus(".dvk-home a")
        page.keyboard.press("Enter")
        wait_until(lambda: frame.evaluate("() => window.dvkMap.getZoom()") == zoom,
                   what="Enter on the whole province")
        page.locator('[data-testid="stExpander"] summary').first.focus()
        # the keyboard's click on a unit: the list under the map
        tab_until(page, lambda f: not f["inFrame"] and f["tag"] == "INPUT")
        unit = boundaries.read_layer("communes").sort_values("name").iloc[0]
        page.keyboard.type(unit["name"])
        page.keyboard.press("Enter")
        heading = i18n.t("overview.models_in", lang, unit=unit["name"])
        page.get_by_text(heading, exact=True).wait_for(timeout=30_000)
        assert frame.evaluate("(code) => { let w = 0; window.dvkUnits.eachLayer(l => {"
                              " if (l.feature.properties.code === code) w = l.options.weight; });"
                              " return w; }", unit["code"]) == 3  # drawn as the clicked unit

        page.goto(f"{demo_app_url}/nhan-rong?lang={lang}")
        frame = named_maps(page, 1)[0]
        play = tab_until(page, lambda f: f["inFrame"] and "dvk-play" in f["cls"])
        assert play["name"] == i18n.t("replication.play", lang) and play["ring"]
        page.keyboard.press(" ")
        assert frame.evaluate("() => !!window.dvkTimer")
        page.keyboard.press("Enter")
        assert frame.evaluate("() => window.dvkTimer === null")
        slider = tab_until(page, lambda f: f["inFrame"] and f["tag"] == "INPUT")
        assert slider["name"] == i18n.t("replication.year", lang)
        year = "() => { const s = document.querySelector('.dvk-year'); return [s.value, s.min,"\
               " s.max, document.querySelector('.dvk-year-label').textContent]; }"
        page.keyboard.press("End")  # the keys move the year (not the map under it)
        value, first, last, said = frame.evaluate(year)
        assert value == last and last in said
        page.keyboard.press("Home")
        value, first, last, said = frame.evaluate(year)
        assert value == first and first in said
