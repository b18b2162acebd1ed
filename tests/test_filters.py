"""Filters survive the round trip through the URL; bad parameters are named, not fatal."""

from geo.analysis.filters import Filters, from_query, to_query

DISTRICTS = {str(c) for c in range(502, 520)}


def test_round_trip():
    filters = Filters(domains=("kinh_te",), year_from=2015, year_to=2020, districts=("503", "515"),
                      typical_only=True, units=("mttq",), geography="districts",
                      measure="per_10k", classification="natural_breaks", lang="fr")
    query = to_query(filters, latest_year=2024)
    assert query["domains"] == "kinh_te" and query["districts"] == "503,515"
    assert from_query(query, latest_year=2024, districts=DISTRICTS) == (filters, [])


def test_defaults_leave_the_url_empty():
    assert to_query(Filters(year_to=2024), latest_year=2024) == {}


def test_bad_parameters_are_reported_and_ignored():
    filters, problems = from_query({"domains": "kinh_te,sports", "year_from": "1990",
                                    "geography": "moon", "typical_only": "maybe",
                                    "districts": "999"}, latest_year=2024, districts=DISTRICTS)
    assert filters == Filters(domains=("kinh_te",), year_to=2024)
    assert sorted(problems) == sorted(["domains=sports", "year_from=1990", "geography=moon",
                                       "typical_only=maybe", "districts=999"])
