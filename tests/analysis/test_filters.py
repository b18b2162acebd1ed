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


def test_each_parameter_at_its_limits():
    """A value of MAX_VALUE characters is read, one more is refused; a problem shows a value of
    60 characters whole and cuts a longer one there; several bad items are named together; a
    year range of one year is fine, a reversed one is named and starts at the first year."""
    from geo.analysis.filters import FIRST_YEAR, MAX_VALUE

    def read(**params):
        return from_query(params, latest_year=2024, districts=DISTRICTS)

    at_cap = "503," * (MAX_VALUE // 4 - 1) + "515"
    assert len(at_cap) == MAX_VALUE - 1 and read(districts=at_cap + ",")[1] == []
    assert read(districts=at_cap + ",5")[1] == [f"districts={(at_cap + ',5')[:60]}…"]
    assert read(geography="x" * 60)[1] == ["geography=" + "x" * 60]
    assert read(geography="x" * 61)[1] == ["geography=" + "x" * 60 + "…"]
    assert read(domains="golf,kinh_te,chess")[1] == ["domains=golf,chess"]
    assert read(basemap="light") == (Filters(year_to=2024, basemap="light"), [])
    assert read(basemap="satellite")[1] == ["basemap=satellite"]
    assert read(typical_only="0") == (Filters(year_to=2024), [])
    assert read(typical_only="1")[0].typical_only
    assert read(year_from="2020", year_to="2020") == (
        Filters(year_from=2020, year_to=2020), [])
    assert read(year_from="2021", year_to="2020") == (
        Filters(year_from=FIRST_YEAR, year_to=2020), ["year_from=2021>year_to=2020"])
