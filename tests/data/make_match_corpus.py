"""Write `match_corpus.csv`: messy spellings of every official unit name, with the expected answer.

Run `PYTHONPATH=. python tests/data/make_match_corpus.py` after the boundary build changes. The expected answer
comes from the official lists alone (not from the matcher): the unit a variant was made from, or
"ambiguous" where the accent-less or district-less form is shared by several units.
"""

from __future__ import annotations

import csv
import random
import unicodedata
from collections import defaultdict
from pathlib import Path

from geo import boundaries
from geo.boundaries import names

HERE = Path(__file__).parent
ABBREVIATIONS = {"xã": "X.", "phường": "P.", "thị trấn": "TT."}
NEW_TO_OLD = {"òa": "oà", "óa": "oá", "ỏa": "oả", "õa": "oã", "ọa": "oạ", "ùy": "uỳ", "úy": "uý",
              "ủy": "uỷ", "ũy": "uỹ", "ụy": "uỵ", "òe": "oè", "óe": "oé"}


def old_tone(text: str) -> str:
    for new, old in NEW_TO_OLD.items():
        text = text.replace(new, old)
    return text


def typo(text: str, rng: random.Random) -> str:
    letters = [i for i, ch in enumerate(text) if ch.isalpha()]
    i = rng.choice(letters[1:])
    return text[:i] + text[i + 1:] if rng.random() < 0.5 else text[:i] + text[i] * 2 + text[i + 1:]


def rows() -> list[dict[str, str]]:
    eras = boundaries.read_eras()
    districts = boundaries.read_layer("districts").set_index("code")
    communes = eras[eras["era"] == "2020"]
    shared_ascii = defaultdict(set)
    shared_key = defaultdict(set)
    shared_ascii_typed = defaultdict(set)
    key_2025b = {names.commune_key(n): r.code for r in eras[eras["era"] == "2025b"].itertuples()
                 for n in r.names.split("|")}
    shared_ascii_in_district = defaultdict(set)
    for row in communes.itertuples():
        for name in row.names.split("|"):
            key = names.ascii_key(names.split_commune_type(name)[1])
            shared_ascii[key].add(row.code)
            shared_key[names.commune_key(name)].add(row.code)
            shared_ascii_typed[(names.split_commune_type(name)[0], key)].add(row.code)
            shared_ascii_in_district[(key, row.district_code)].add(row.code)
    rng = random.Random(2024)
    out = []

    def add(kind, cell, code, *, district="", year="2022", expect=None, era="2020", input_code=""):
        out.append({"kind": kind, "cell": cell, "input_code": input_code, "district": district,
                    "year": year,
                    "expect": expect or "resolved", "era": era, "code": code})

    for row in communes.itertuples():
        unit_type, short = names.split_commune_type(row.name)
        code, dist = row.code, districts.loc[row.district_code]
        plain_key = names.ascii_key(short)
        plain_expect = "resolved" if len(shared_ascii[plain_key]) == 1 else "ambiguous"
        # "Tam Thanh" has no accent to tell it from "Tam Thạnh": as plain as a name typed without
        plain = names.strip_accents(short) == short
        expect = plain_expect if plain else "resolved"
        add("district in cell", f"{short}, {dist['short_name']}", code)
        add("district column", short, code, district=dist["name"])
        in_district = len(shared_ascii_in_district[(plain_key, row.district_code)]) == 1
        typed_unique = len(shared_ascii_typed[(unit_type, plain_key)]) == 1
        add("no accents", names.strip_accents(row.name).lower(), code,
            expect="resolved" if typed_unique else "ambiguous")
        add("no accents + district", f"{names.strip_accents(short)} - {names.strip_accents(dist['name'])}",
            code, expect="resolved" if in_district else "ambiguous")
        if len(shared_key[names.key(short)]) > 1:
            continue  # two communes bear this very name: only the district rows above fit
        add("abbreviated", f"{ABBREVIATIONS[unit_type]} {short}", code, expect=expect)
        add("upper case", short.upper(), code, expect=expect)
        add("extra spaces", f"  {row.name.replace(' ', '  ')} ", code, expect=expect)
        add("decomposed", unicodedata.normalize("NFD", row.name), code, expect=expect)
        if old_tone(row.name) != row.name:
            add("old tone marks", old_tone(row.name), code)
        if "Đ" in row.name:
            add("Ð for Đ", row.name.replace("Đ", "\u00d0"), code)
        misspelt = typo(short, rng)
        while names.ascii_key(misspelt) in shared_ascii:  # a typo that spells another real name
            misspelt = typo(short, rng)
        add("typo", misspelt, code, expect="suggestion")
        add("2020 name, later year", row.name, key_2025b.get(names.key(short), row.code_2025b),
            year="2026", era="2025b", expect=expect)
    for row in eras[eras["era"] == "2019"].itertuples():
        if row.code != row.code_2020:
            add("merged in 2020, later year", row.name, row.code_2020, year="2022")
            add("merged in 2020, its own year", row.name, row.code, year="2018", era="2019")
    for row in eras[eras["era"] == "2025b"].itertuples():
        add("2025b name", row.name, row.code, year="2026", era="2025b")
    add("renamed 2023", "Xã Quế Trung", "20656", year="2024")
    add("code only", "", "20335", year="2026", era="2025b", input_code="20335")
    add("old code, later year", "", "20665", year="2023", input_code="20653")
    return out


def main() -> None:
    data = rows()
    with open(HERE / "match_corpus.csv", "w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=list(data[0]))
        writer.writeheader()
        writer.writerows(data)
    print(f"{len(data)} variants")


if __name__ == "__main__":
    main()
