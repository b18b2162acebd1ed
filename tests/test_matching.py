"""Name matching: every messy spelling resolves right, or is ambiguous/suggested; none wrong."""

import csv
from pathlib import Path

import pytest

from geo.boundaries.matching import match_report, split_place

CORPUS = Path(__file__).parent / "data" / "match_corpus.csv"


def test_corpus_has_no_wrong_match(gazetteer, capsys):
    with open(CORPUS, encoding="utf-8") as f:
        corpus = list(csv.DictReader(f))
    assert len(corpus) >= 300
    matches, wrong, missed = [], [], []
    for row in corpus:
        m = gazetteer.resolve(code=row["input_code"] or None, name=row["cell"] or None,
                              district=row["district"] or None, year=int(row["year"]))
        matches.append(m)
        expected = (row["era"], row["code"])
        if m.resolved and (m.era, m.code) != expected:
            wrong.append((row, m))
        elif row["expect"] == "resolved" and not m.resolved:
            missed.append((row, m))
        elif row["expect"] == "ambiguous" and (m.outcome != "ambiguous"
                                              or expected not in m.candidates):
            missed.append((row, m))
        elif row["expect"] == "suggestion" and m.outcome == "suggestion" and (
                expected not in m.candidates):
            wrong.append((row, m))
    report = match_report(matches)
    typos = [m for m, r in zip(matches, corpus) if r["kind"] == "typo"]
    top1 = sum((m.era, m.code) == (r["era"], r["code"]) for m, r in zip(matches, corpus)
               if r["kind"] == "typo" and m.outcome == "suggestion")
    with capsys.disabled():
        print(f"\nmatch corpus: {len(corpus)} variants; outcomes {report}; "
              f"wrong {len(wrong)}; typo suggestions {sum(m.outcome == 'suggestion' for m in typos)}"
              f"/{len(typos)}, right first {top1}")
    assert wrong == []
    assert missed == []


@pytest.mark.parametrize("cell, expected", [
    ("Trà Ka, Bắc Trà My", ("Trà Ka", "Bắc Trà My")),
    ("xã Trà Ka huyện Bắc Trà My", ("xã Trà Ka", "huyện Bắc Trà My")),
    ("Tam Thăng (Tam Kỳ)", ("Tam Thăng", "Tam Kỳ")),
    ("Điện Phước - TX Điện Bàn, Quảng Nam", ("Điện Phước", "TX Điện Bàn")),
    ("Trà Ka", ("Trà Ka", None)),
])
def test_split_place(cell, expected):
    assert split_place(cell) == expected


def test_same_name_without_accents_is_ambiguous(gazetteer):
    m = gazetteer.resolve(name="Tam Thanh", year=2022)
    assert m.outcome == "ambiguous"
    assert {("2020", "20359"), ("2020", "20980")} <= set(m.candidates)
    assert gazetteer.resolve(name="Tam Thạnh", year=2022).code == "20980"
    assert gazetteer.resolve(name="Tam Thanh", district="Tam Kỳ", year=2022).code == "20359"


def test_year_decides_the_era_of_a_reused_code(gazetteer):
    assert (gazetteer.resolve(code="20335", year=2022).era, "2020") == ("2020", "2020")
    m = gazetteer.resolve(name="Tân Thạnh", year=2026)
    assert (m.era, m.code, m.outcome) == ("2025b", "20335", "normalised")


def test_backward_to_before_a_merger_is_ambiguous(gazetteer):
    m = gazetteer.resolve(name="Quế Mỹ", year=2015)
    assert m.outcome == "ambiguous"
    assert set(m.candidates) == {("2019", "20653"), ("2019", "20665")}


def test_code_and_name_that_disagree_are_not_guessed(gazetteer):
    m = gazetteer.resolve(code="20932", name="Tam Thăng", year=2022)
    assert m.outcome == "ambiguous"
    assert {("2020", "20932"), ("2020", "20362")} == set(m.candidates)


def test_unknown_names_and_districts(gazetteer):
    assert gazetteer.resolve(name="Hà Nội", year=2022).outcome == "unknown"
    assert gazetteer.resolve(name="Trà Ka", district="Ba Đình", year=2022).outcome == "unknown"
    assert gazetteer.resolve(code="99999", year=2022).outcome == "unknown"
    assert gazetteer.resolve(year=2022).outcome == "unknown"


def test_exact_only_when_typed_as_official(gazetteer):
    assert gazetteer.resolve(name="Xã Trà Ka", year=2022).outcome == "exact"
    assert gazetteer.resolve(name="\u00d0iện Phước", year=2022).outcome == "normalised"
    assert gazetteer.resolve(name="xa tra ka", year=2022).outcome == "normalised"


@pytest.mark.parametrize("unit_type, titled", [("thị trấn", "Thị trấn"), ("xã", "Xã"),
                                               ("phường", "Phường"), ("Xã", "Xã"), ("", "")])
def test_a_unit_type_opens_a_full_name_with_a_capital(unit_type, titled):
    from geo.boundaries.names import titled_type

    assert titled_type(unit_type) == titled


def test_a_district_narrows_suggestions_to_its_own_communes(gazetteer):
    """Each suggestion lies in the district written beside the name (the eras table says where
    each commune lies); without a district, the same name is offered across several."""
    from geo import boundaries

    eras = boundaries.read_eras()
    district_of = eras[eras["era"] == "2020"].set_index("code")["district_code"]
    names = boundaries.read_layer("districts").set_index("code")["name"]
    everywhere = gazetteer.resolve(name="Tam Thanhh", year=2022)
    assert everywhere.outcome == "suggestion"
    districts = {district_of[code] for _, code in everywhere.candidates}
    assert len(districts) >= 3
    for district in districts:
        narrowed = gazetteer.resolve(name="Tam Thanhh", year=2022, district=names[district])
        assert narrowed.outcome == "suggestion"
        assert {code for _, code in narrowed.candidates} == {
            code for _, code in everywhere.candidates if district_of[code] == district}


def test_each_unit_has_its_official_name_aliases_and_districts(gazetteer):
    """As the eras table writes them: the official name, every alias (separated by |), and
    for a 2025 commune the districts its 2020 communes lay in."""
    from geo import boundaries

    eras = boundaries.read_eras()
    district_2020 = eras[eras["era"] == "2020"].set_index("code")["district_code"]
    aliased = eras[eras["names"].str.contains("|", regex=False)]
    assert len(aliased) > 0
    for row in eras.itertuples():
        unit = (row.era, row.code)
        assert gazetteer.official_name[unit] == row.name
        assert gazetteer.names[unit] == row.names.split("|")
        expected = {district_2020[c] for c in row.codes_2020.split("|")}
        if row.district_code:
            expected.add(row.district_code)
        assert gazetteer.district_codes[unit] == expected, unit
    new = eras[eras["era"] == "2025b"].iloc[0]
    assert gazetteer.district_codes[("2025b", new["code"])] == {
        district_2020[c] for c in new["codes_2020"].split("|")} - {None}
    for name in aliased.iloc[0]["names"].split("|"):  # every alias finds its unit
        assert gazetteer.resolve(name=name, era=aliased.iloc[0]["era"]).code == \
            aliased.iloc[0]["code"] or gazetteer.resolve(name=name, era=aliased.iloc[0]["era"]
                                                         ).outcome == "ambiguous"
