"""Links are written by anyone: every parameter a page reads is parsed by a function that never
raises, keeps what is valid, and names the rest; a deck is bounded however long the link."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from geo.analysis.filters import MAX_VALUE, Filters, from_query, whole_number
from geo.render import deck, i18n
from geo.render.plaintext import escape_markdown
from tests.helpers import metrics
from ui import site

DISTRICTS = {"503", "502"}
NAMES = ("domains", "districts", "units", "geography", "measure", "classification", "basemap",
         "lang", "year_from", "year_to", "typical_only", "unknown")
NASTY = ["²", "٢٠٢٠", "2_020", " 2020", "2020\n", "1" * 400, "-1", "0x7e4", "NaN", "",
         "\x00", "💥", "9" * 30, "2020;model=x", "|" * 5000]


@pytest.mark.slow
@settings(max_examples=300, deadline=None)
@given(st.dictionaries(st.sampled_from(NAMES), st.text(max_size=80) | st.sampled_from(NASTY)))
def test_any_link_gives_valid_filters_and_names_what_it_dropped(params):
    filters, problems = from_query(params, latest_year=2025, districts=DISTRICTS)
    assert 2009 <= filters.year_from <= filters.year_to <= 2025
    assert set(filters.districts) <= DISTRICTS
    kept_as_given = {k for k, v in params.items() if k in ("geography", "measure", "lang")
                     and getattr(filters, k) == v}
    for name, value in params.items():
        if name in kept_as_given or name == "unknown":
            continue
        dropped = any(p.startswith(f"{name}=") for p in problems)
        assert dropped or value == "" or name in ("domains", "districts", "units",
                                                  "classification", "basemap", "year_from",
                                                  "year_to", "typical_only")


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=40) | st.sampled_from(NASTY), st.integers(-5, 50), st.integers(-5, 3000))
def test_whole_numbers_are_ascii_digits_within_their_range(text, low, high):
    value = whole_number(text, low, high)
    if value is not None:
        assert text.isascii() and text.isdigit() and low <= value <= high
        assert str(value) == text.lstrip("0") or value == 0


@pytest.mark.parametrize("text, expected", [
    ("2020", 2020), ("²", None), ("٢٠٢٠", None), ("2_020", None), (" 2020", None), ("2008", None),
    ("2026", None), ("2025", 2025), ("2009", 2009), ("9" * 12, None), (None, None)])
def test_whole_number_at_and_around_its_limits(text, expected):
    assert whole_number(text, 2009, 2025) == expected


def test_an_oversized_parameter_is_refused_before_it_is_read():
    long = ",".join(["kinh_te"] * (MAX_VALUE // 8 + 1))
    filters, problems = from_query({"domains": long}, latest_year=2025, districts=DISTRICTS)
    assert filters.domains == () and problems and problems[0].startswith("domains=kinh_te")
    assert len(problems[0]) < 80  # named, not repeated whole
    ok, none = from_query({"domains": ",".join(["kinh_te"] * 200)}, latest_year=2025,
                          districts=DISTRICTS)
    assert ok.domains == ("kinh_te",) * 200 and none == []


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300) | st.sampled_from(NASTY))
def test_any_deck_text_parses_to_at_most_the_cap(text):
    slides, problems = deck.parse(text, Filters(year_to=2025), latest_year=2025,
                                  districts=DISTRICTS)
    assert len(slides) <= deck.MAX_SLIDES
    assert all(s.view in deck.SLIDE_VIEWS for s in slides)


def test_a_deck_longer_than_the_cap_is_cut_and_said_so():
    slides, problems = deck.parse("|".join(["overview"] * (deck.MAX_SLIDES + 5)),
                                  Filters(year_to=2025), latest_year=2025, districts=DISTRICTS)
    assert len(slides) == deck.MAX_SLIDES
    assert str(deck.MAX_SLIDES + 5) in problems[0]
    at_cap, none = deck.parse("|".join(["overview"] * deck.MAX_SLIDES), Filters(year_to=2025),
                              latest_year=2025, districts=DISTRICTS)
    assert len(at_cap) == deck.MAX_SLIDES and none == []


def test_a_deck_naming_a_model_the_data_lacks_is_named_not_shown(ds):
    slides, _ = deck.parse("typical;model=NO-SUCH-MODEL|typical;model=QN-TRA-KA|overview",
                           Filters(year_to=ds.latest_year), latest_year=ds.latest_year,
                           districts=set())
    shown, problems = deck.expand(slides, ds)
    assert [(s.view, s.model) for s in shown] == [("typical", "QN-TRA-KA"), ("overview", None)]
    assert problems == ["model=NO-SUCH-MODEL"]


PAGE_LINKS = {  # the nastiest values the properties above were run with, per page
    "pages/trinh-chieu.py": [({"deck": "typical;model=NO-SUCH", "slide": "²", "seconds": "٣"},
                              ["model=NO-SUCH", "seconds=٣"]),
                             ({"deck": "|".join(["overview"] * 500), "slide": "99999999999"},
                              [str(deck.MAX_SLIDES)]),
                             ({"deck": "overview;year_from=\x00", "seconds": "1" * 50},
                              ["overview;year_from", "seconds=111"])],
    "pages/chi-tieu.py": [({"target_year": "²"}, ["target_year=²"]),
                          ({"target_year": "٢٠٢٥"}, ["target_year=٢٠٢٥"]),
                          ({"target_year": "9" * 40}, ["target_year=999"])],
    "pages/tong-quan.py": [({"year_from": "²", "year_to": "2_024", "districts": "💥" * 3000},
                            ["year_from=²", "year_to=2_024", "districts="])],
}


@pytest.mark.slow
@pytest.mark.parametrize("page, query, named",
                         [(p, q, n) for p, cases in PAGE_LINKS.items() for q, n in cases])
def test_the_nastiest_links_found_leave_each_page_working(make_apptest, page, query, named):
    at = make_apptest(query=query).run()
    if page != "pages/tong-quan.py":
        at.switch_page(page).run()
    assert not at.exception
    warnings = " ".join(w.value for w in [*at.warning, *at.sidebar.warning])
    for item in named:
        assert escape_markdown(item)[:20] in warnings, item
    if page == "pages/tong-quan.py":
        assert metrics(at)


@pytest.mark.slow
@pytest.mark.parametrize("page, lang", [(p, ("vi", "en", "fr")[i % 3])
                                        for i, p in enumerate(site.PAGES)], ids=lambda v: str(
                                            getattr(v, "key", v)))
def test_every_page_names_a_bad_link_in_its_language_and_keeps_working(make_apptest, page,
                                                                       lang):
    """Every page opened with a shared filter and each of its own parameters garbled: no
    exception box, and each garbled parameter named in a warning written in the page's
    language."""
    own = {p.name: f"²{i}" for i, p in enumerate(page.params, start=1)}
    link = {**own, **({"deck": f"overview|{own['deck']}"} if "deck" in own else {})}
    at = make_apptest(query={"lang": lang, "year_from": "²0", **link}).run()
    if page is not site.PAGES[0]:
        at.switch_page(page.file).run()
    assert not at.exception
    warnings = [w.value for w in [*at.warning, *at.sidebar.warning]]
    said = i18n.t("filter.bad_url", lang, items="|").split("|")[0]
    assert any(w.startswith(said) and escape_markdown("year_from=²0") in w for w in warnings)
    for name, value in own.items():
        assert any(value in w for w in warnings), (name, warnings)
