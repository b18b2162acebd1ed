"""Name matching: every messy spelling resolves right, or is ambiguous/suggested; none wrong."""

import csv
from pathlib import Path

import pytest

from geo.boundaries.matching import Match, match_report, split_place

CORPUS = Path(__file__).parents[1] / "data" / "match_corpus.csv"


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
    ("Trà Ka; Bắc Trà My", ("Trà Ka", "Bắc Trà My")),
    ("Trà Ka – Bắc Trà My", ("Trà Ka", "Bắc Trà My")),
    ("Trà Ka, Bắc Trà My, Việt Nam", ("Trà Ka", "Bắc Trà My, Việt Nam")),  # at the first comma
    ("Quảng Nam", ("Quảng Nam", None)), ("A, Quảng Nam", ("A", None)),
    ("Huyện Bắc Trà My", ("Huyện Bắc Trà My", None)), ("A huyện B", ("A", "huyện B")),
    ("Trà Ka-huyện Bắc Trà My", ("Trà Ka", "huyện Bắc Trà My")),
    ("Trà Ka (X)", ("Trà Ka", "X")), ("Trà Ka huyện X", ("Trà Ka", "huyện X")),  # one-letter names
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


def test_each_unit_has_its_official_name_aliases_and_districts():
    """As the eras table writes them: the official name, every alias (separated by |), and
    for a 2025 commune the districts its 2020 communes lay in; the 2020 communes each unit
    covers and the 2025 unit it is carried to; the keys its names are found by."""
    from geo import boundaries
    from geo.boundaries.matching import Gazetteer

    eras = boundaries.read_eras()
    gazetteer = Gazetteer(eras, boundaries.read_layer("districts"))  # its own: built by this test
    assert gazetteer.exact_forms[TRA_KA] == {"Xã Trà Ka", "Trà Ka"}
    assert gazetteer.by_key[("2020", "phước hòa")] == set(PHUOC_HOA)
    assert gazetteer.by_ascii[("2020", "tra ka")] == {TRA_KA}
    assert gazetteer.from_2020["2019"]["20665"] == {"20653", "20665"}  # Quế Cường joined Quế Mỹ
    assert gazetteer.from_2020["2025b"]["20362"] == {"20335"}  # Tam Thăng is in Bàn Thạch
    assert gazetteer.district_names["515"] == ("Huyện Bắc Trà My", "Bắc Trà My")
    for row in eras.itertuples():
        assert gazetteer.codes_2020[(row.era, row.code)] == row.codes_2020.split("|")
        assert gazetteer.carry((row.era, row.code), "2025b") == {("2025b", row.code_2025b)}
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


def similarity(a: str, b: str) -> float:
    """Indel similarity in percent, 2 × longest common subsequence / total length (what a
    spelling suggestion is scored by), computed here without rapidfuzz."""
    longest = [[0] * (len(b) + 1) for _ in range(len(a) + 1)]
    for i, x in enumerate(a):
        for j, y in enumerate(b):
            longest[i + 1][j + 1] = longest[i][j] + 1 if x == y else max(longest[i][j + 1],
                                                                         longest[i + 1][j])
    return 200 * longest[-1][-1] / (len(a) + len(b))


TRA_KA, TAM_KY_TAM_THANG, PHUOC_HOA = ("2020", "20932"), ("2020", "20362"), (
    ("2020", "20338"), ("2020", "20729"))


@pytest.mark.parametrize("given, expected", [
    ({"era": "2024", "name": "Trà Ka"},
     Match("unknown", reason="era '2024' is not one of 2019, 2020, 2025a, 2025b")),
    ({"name": "Trà Ka", "district": "Ba Đình"}, Match("unknown", reason="district 'Ba Đình' not found")),
    ({"code": "99999"}, Match("unknown", reason="commune code 99999 not found")),
    ({}, Match("unknown", reason="no commune code or name")),
    ({"code": "  ", "name": " ", "district": "  "}, Match("unknown", reason="no commune code or name")),
    ({"code": 20932}, Match("exact", *TRA_KA)), ({"code": 0}, Match("unknown", reason="no commune code or name")),
    ({"code": "20932"}, Match("exact", *TRA_KA)),
    ({"code": " 20932.0 "}, Match("exact", *TRA_KA)),  # a code a spreadsheet stored as a number
    ({"code": "20932", "district": "Tam Kỳ"},
     Match("ambiguous", candidates=(TRA_KA,), reason="no candidate lies in the district given")),
    ({"code": "20932", "name": "Tam Thăng"},
     Match("ambiguous", candidates=(TAM_KY_TAM_THANG, TRA_KA),
           reason="code 20932 and name 'Tam Thăng' name different units")),
    ({"code": "20932", "name": "Tra Kaxyz"},
     Match("ambiguous", candidates=(TRA_KA,), reason="name 'Tra Kaxyz' not found; code 20932 is known")),
    ({"name": "Phước Hòa"}, Match("ambiguous", candidates=PHUOC_HOA, reason="2 units fit")),
    ({"name": "Phước Hòa", "code": "20338"}, Match("exact", *PHUOC_HOA[0])),  # the code decides
    ({"name": "Trà Ka", "district": "Quảng Nam"}, Match("exact", *TRA_KA)),  # the province: no district
    ({"name": "Trà Ka", "district": "TP. Đà Nẵng"}, Match("exact", *TRA_KA)),
    ({"name": "Trà Ka", "district": "Bắc Trà My"}, Match("exact", *TRA_KA)),
    ({"name": "Trà Ka", "district": "bac tra my"}, Match("normalised", *TRA_KA)),
    ({"name": "Nowhere"}, Match("unknown", reason="name 'Nowhere' not found")),
])
def test_every_outcome_says_what_it_found_and_why(gazetteer, given, expected):
    assert gazetteer.resolve(year=2022, **given) == expected


def test_a_suggestion_is_scored_by_its_spelling_and_ranked():
    """A misspelt name is suggested with its similarity (one decimal); candidates come best
    first, then by unit; at most five names are offered."""
    from geo import boundaries
    from geo.boundaries import names as naming
    from geo.boundaries.matching import Gazetteer

    gazetteer = Gazetteer(boundaries.read_eras(), boundaries.read_layer("districts"))
    assert gazetteer.resolve(name="Tra Kaa", year=2022) == Match(
        "suggestion", *TRA_KA, candidates=(TRA_KA,), score=round(similarity("tra kaa", "tra ka"), 1),
        reason="similar spelling")
    assert gazetteer.resolve(name="Tra Kaa", year=2022).score == 92.3
    bha_le = gazetteer.resolve(name="Bha Leee", year=2022)  # near both its names: the nearer
    assert (bha_le.code, bha_le.score) == ("20458", round(similarity("bha leee", "bha lee"), 1))
    assert gazetteer.names[("2020", "20458")] == ["Xã Bha Lê", "Xã Bha Lêê"]

    def score(unit, query):
        return max(similarity(query, naming.ascii_key(naming.split_commune_type(n)[1]))
                   for n in gazetteer.names[unit])

    for query in ("tam thanhh", "tam tha"):
        found = gazetteer.resolve(name=query.title(), year=2022)
        assert found.outcome == "suggestion" and found.score == round(score(found.candidates[0], query), 1)
        assert list(found.candidates) == sorted(found.candidates, key=lambda u: (-score(u, query), u))
        assert all(score(u, query) >= 84 for u in found.candidates)
    offered = {naming.ascii_key(naming.split_commune_type(gazetteer.official_name[u])[1])
               for u in found.candidates}
    assert len(offered) == 5 and {"tam thai", "tam thang", "tam thanh"} <= offered  # six pass 84
    every_key = {naming.ascii_key(naming.split_commune_type(n)[1])
                 for unit_names in gazetteer.names.values() for n in unit_names}
    for query in ("tra kax", "tra kaxx", "tra kaxxx", "dien phuocxyzw"):  # 92.3, 85.7, 80, 83.3
        best = max(similarity(query, k) for k in every_key)
        outcome = gazetteer.resolve(name=query, year=2022).outcome
        assert outcome == ("suggestion" if best >= 84 else "unknown"), (query, best)


def test_the_era_of_each_year():
    from geo.boundaries.matching import eras_for_year

    assert [eras_for_year(y) for y in (None, 2009, 2019, 2020, 2024, 2025, 2026)] == [
        ("2020",), ("2019",), ("2019",), ("2020",), ("2020",), ("2025a", "2025b"), ("2025b",)]


@pytest.mark.parametrize("text, province", [
    ("Quảng Nam", True), ("tỉnh Quảng Nam.", True), ("QUẢNG NAM ,", True), ("Đà Nẵng", True),
    ("đà nẵng", True), ("ĐÀ NẴNG;", True), ("TP. Đà Nẵng", True), ("Thành phố Đà Nẵng", True),
    ("Quảng Ngãi", False), ("Tam Kỳ", False), ("", False), (None, False), ("Quảng Nam X", False),
])
def test_the_province_written_as_a_district(text, province):
    from geo.boundaries.matching import is_province_name

    assert is_province_name(text) is province


def test_a_match_report_lists_every_outcome():
    assert match_report([]) == dict.fromkeys(
        ["exact", "normalised", "suggestion", "ambiguous", "unknown"], 0)
    assert match_report([Match("exact"), Match("exact"), Match("unknown")]) == {
        "exact": 2, "normalised": 0, "suggestion": 0, "ambiguous": 0, "unknown": 1}


def test_names_are_cleaned_without_losing_what_was_written():
    from geo.boundaries import names

    assert names.clean_text("  \u00d0iện\u00a0  Phước\t") == "Điện Phước"  # Icelandic Ð for Đ
    assert names.clean_text("\u00f0ại") == "đại"
    assert names.clean_block("  Dòng 1\r\nDòng 2\rDòng  3 \u00d0 \u00f0 \n") == \
        "Dòng 1\nDòng 2\nDòng  3 Đ đ"
    assert names.strip_accents("Điện Bàn, đường Ỷ Lan") == "Dien Ban, duong Y Lan"
    assert names.key("  Trà-Ka  ") == "trà ka" and names.key("Hoà  Thuỷ") == "hòa thủy"
    assert names.ascii_key("Tam Thạnh") == names.ascii_key("tam thanh") == "tam thanh"


@pytest.mark.parametrize("name, split", [
    ("Xã Trà Ka", ("xã", "Trà Ka")), ("X.Trà Ka", ("xã", "Trà Ka")), ("Xã, Trà Ka", ("xã", "Trà Ka")),
    ("TT. Núi Thành", ("thị trấn", "Núi Thành")), ("tt Núi Thành", ("thị trấn", "Núi Thành")),
    ("Thị trấn Tân An", ("thị trấn", "Tân An")), ("P. An Mỹ", ("phường", "An Mỹ")),
    ("Xã X", ("xã", "X")), ("Xã", (None, "Xã")), ("Xã .", (None, "Xã .")),
    ("Xanh Mới", (None, "Xanh Mới")), ("Trà Ka", (None, "Trà Ka")),
])
def test_a_commune_type_is_split_off_only_as_a_whole_word(name, split):
    from geo.boundaries import names

    assert names.split_commune_type(name) == split


@pytest.mark.parametrize("name, split", [
    ("TP. Hội An", ("thành phố", "Hội An")), ("tp Hội An", ("thành phố", "Hội An")),
    ("T.P. Tam Kỳ", ("thành phố", "Tam Kỳ")), ("TX Điện Bàn", ("thị xã", "Điện Bàn")),
    ("H. Duy Xuyên", ("huyện", "Duy Xuyên")), ("Huyện Bắc Trà My", ("huyện", "Bắc Trà My")),
    ("Hội An", (None, "Hội An")),
])
def test_a_district_type_is_split_off(name, split):
    from geo.boundaries import names

    assert names.split_district_type(name) == split
