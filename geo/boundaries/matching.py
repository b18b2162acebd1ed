"""Resolve a record's place (commune code, commune name, district name, year) to (era, code).

Never guesses silently: a name that fits several units is *ambiguous* with its candidates, and a
fuzzy match is only a *suggestion* for a person to confirm.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field

import pandas as pd
from rapidfuzz import fuzz, process

from geo.boundaries import names

ERAS = ("2019", "2020", "2025a", "2025b")
OUTCOMES = ("exact", "normalised", "suggestion", "ambiguous", "unknown")
FUZZY_CUTOFF = 84.0

_DISTRICT_IN_CELL = re.compile(r"(?:^|[\s,;(\-])(huyen|h\.|thi xa|tx\.?|thanh pho|tp\.?)\s", re.I)
# The province named at the end of a cell; the separators before it are stripped apart: a
# pattern that began with them would retry every position of a long run of commas (quadratic).
_PROVINCE_AT_END = re.compile(r"(?:tinh\s+)?quang\s+nam\s*$|(?:thanh\s+pho\s+|tp\.?\s*)?da\s+nang\s*$",
                              re.I)
# The province itself, written where a district is expected: Quảng Nam, or since 1-7-2025 the
# city of Đà Nẵng it became part of (which has no districts).
_PROVINCE = re.compile(r"(tinh\s+)?quang\s+nam|(thanh\s+pho\s+|tp\.?\s*)?da\s+nang", re.I)

Unit = tuple[str, str]  # (era, code)


@dataclass(frozen=True)
class Match:
    outcome: str
    era: str | None = None
    code: str | None = None
    candidates: tuple[Unit, ...] = field(default_factory=tuple)
    score: float | None = None
    reason: str = ""

    @property
    def resolved(self) -> bool:
        return self.outcome in ("exact", "normalised")


def eras_for_year(year: int | None) -> tuple[str, ...]:
    """The era(s) a record of that year carries its commune code in (2025 has two)."""
    if year is None:
        return ("2020",)
    if year <= 2019:
        return ("2019",)
    if year <= 2024:
        return ("2020",)
    if year == 2025:
        return ("2025a", "2025b")
    return ("2025b",)


def is_province_name(text: str | None) -> bool:
    """Whether `text` names the province (or Đà Nẵng city after 1-7-2025), not a district."""
    if not text:
        return False
    folded = names.strip_accents(text)
    return bool(_PROVINCE.fullmatch(folded.strip(" ,;.")))


def split_place(cell: str) -> tuple[str, str | None]:
    """("Trà Ka", "Bắc Trà My") from "Trà Ka, Bắc Trà My" or "xã Trà Ka huyện Bắc Trà My"."""
    text = names.clean_text(cell)
    folded = names.strip_accents(text)
    tail = _PROVINCE_AT_END.search(folded)
    if tail:
        start = len(folded[:tail.start()].rstrip(",;- \t"))
        if start > 0:
            text, folded = text[:start], folded[:start]
    for separator in (",", ";", "(", " - ", " – "):
        if separator in text:
            head, rest = text.split(separator, 1)
            return head.strip(), rest.strip(" )") or None
    found = _DISTRICT_IN_CELL.search(folded)
    if found and found.start() > 0:
        return text[:found.start()].strip(), text[found.start():].strip(" ,;-")
    return text, None


class Gazetteer:
    """Every name and code of the eras table, with the era-to-era mappings the resolver needs."""

    def __init__(self, eras: pd.DataFrame, districts: pd.DataFrame) -> None:
        self.names: dict[Unit, list[str]] = {}
        self.codes_2020: dict[Unit, list[str]] = {}
        self.district_codes: dict[Unit, set[str]] = {}
        self.official_name: dict[Unit, str] = {}
        self.exact_forms: dict[Unit, set[str]] = {}
        by_key: dict[tuple[str, str], set[Unit]] = defaultdict(set)
        by_ascii: dict[tuple[str, str], set[Unit]] = defaultdict(set)
        district_2020 = {}
        for row in eras[eras["era"] == "2020"].itertuples():
            district_2020[row.code] = row.district_code
        for row in eras.itertuples():
            unit = (row.era, row.code)
            unit_names = row.names.split("|")
            self.names[unit] = unit_names
            self.official_name[unit] = row.name
            self.exact_forms[unit] = set(unit_names) | {
                names.split_commune_type(n)[1] for n in unit_names}
            self.codes_2020[unit] = row.codes_2020.split("|")
            self.district_codes[unit] = {district_2020[c] for c in self.codes_2020[unit]}
            if row.district_code:
                self.district_codes[unit].add(row.district_code)
            for name in unit_names:
                by_key[(row.era, names.commune_key(name))].add(unit)
                by_ascii[(row.era, names.ascii_key(names.split_commune_type(name)[1]))].add(unit)
        self.by_key, self.by_ascii = dict(by_key), dict(by_ascii)
        self.from_2020: dict[str, dict[str, set[str]]] = {e: defaultdict(set) for e in ERAS}
        for (era, code), covered in self.codes_2020.items():
            for c in covered:
                self.from_2020[era][c].add(code)
        self.district_names = {}
        for row in districts.itertuples():
            self.district_names[row.code] = (row.name, row.short_name)

    # --- era arithmetic -------------------------------------------------------------------
    def carry(self, unit: Unit, target: str) -> set[Unit]:
        """The unit(s) of era `target` that `unit` maps to (exact forward, maybe several back)."""
        era, code = unit
        if era == target:
            return {unit}
        return {(target, c) for c20 in self.codes_2020[unit] for c in self.from_2020[target][c20]}

    def _carry_all(self, units: set[Unit], targets: tuple[str, ...]) -> set[Unit]:
        """Units found in the target era win; else older units carried forward (exact); else
        newer units carried back (maybe several)."""
        direct = {u for u in units if u[0] in targets}
        if direct:
            return direct
        first = ERAS.index(targets[0])
        older = {u for u in units if ERAS.index(u[0]) < first}
        return {c for u in (older or units) for c in self.carry(u, targets[-1])}

    # --- districts ------------------------------------------------------------------------
    def district_codes_for(self, text: str) -> set[str]:
        """2020 district codes whose name fits `text` (accent-less only when `text` has none)."""
        _, short = names.split_district_type(text)
        plain = names.strip_accents(short) == short
        wanted = names.key(short)  # the same as its accent-less key when it has no accent
        found = set()
        for code, (_, district_short) in self.district_names.items():
            have = names.ascii_key(district_short) if plain else names.key(district_short)
            if have == wanted:
                found.add(code)
        return found

    def _district_exact(self, text: str) -> bool:
        return any(text.strip() in pair for pair in self.district_names.values())

    # --- the resolver ---------------------------------------------------------------------
    def resolve(self, *, code: str | None = None, name: str | None = None,
                district: str | None = None, year: int | None = None,
                era: str | None = None) -> Match:
        """Resolve a place to (era, code) of the era that `year` falls in, or of `era` if given."""
        if era is not None and era not in ERAS:
            return Match("unknown", reason=f"era {era!r} is not one of {', '.join(ERAS)}")
        targets = (era,) if era else eras_for_year(year)
        code = str(code).strip().split(".")[0].zfill(5) if code and str(code).strip() else None
        typed_clean = not name or str(name).strip() == names.clean_text(name)
        name = names.clean_text(name) if name else None  # blank: "", as no name
        district = names.clean_text(district) if district else None
        if name:
            name, district_in_cell = split_place(name)
            district = district or district_in_cell
        if is_province_name(district):
            district = None

        wanted_districts = None
        if district:
            wanted_districts = self.district_codes_for(district)
            if not wanted_districts:
                return Match("unknown", reason=f"district {district!r} not found")

        by_code = self._by_code(code, targets) if code else None
        if code and not by_code:
            return Match("unknown", reason=f"commune code {code} not found")
        if not name:
            if by_code is None:
                return Match("unknown", reason="no commune code or name")
            return self._decide(by_code, wanted_districts, exact=True)

        by_name, exact_name = self._by_name(name, targets)
        if by_name and by_code is not None and not (by_name & by_code):
            return Match("ambiguous", candidates=tuple(sorted(by_name | by_code)),
                         reason=f"code {code} and name {name!r} name different units")
        if by_name:
            chosen = by_name & by_code if by_code else by_name
            exact = (exact_name and typed_clean
                     and (not district or self._district_exact(district)))
            return self._decide(chosen, wanted_districts, exact=exact)
        if by_code is not None:
            return Match("ambiguous", candidates=tuple(sorted(by_code)),
                         reason=f"name {name!r} not found; code {code} is known")
        return self._suggest(name, targets, wanted_districts)

    def _by_code(self, code: str, targets: tuple[str, ...]) -> set[Unit]:
        units = {(era, code) for era in ERAS if (era, code) in self.names}
        return self._carry_all(units, targets)

    def _by_name(self, name: str, targets: tuple[str, ...]) -> tuple[set[Unit], bool]:
        unit_type, short = names.split_commune_type(name)
        if names.strip_accents(short) == short:
            key = names.ascii_key(short)
            hits = {u for era in ERAS for u in self.by_ascii.get((era, key), ())}
        else:
            key = names.key(short)
            hits = {u for era in ERAS for u in self.by_key.get((era, key), ())}
        if unit_type:  # "Thị trấn Tân An" is not "Phường Tân An", when both exist
            typed = {u for u in hits if any(names.split_commune_type(n)[0] == unit_type
                                            for n in self.names[u])}
            hits = typed or hits
        carried = self._carry_all(hits, targets)
        exact = all(u[0] in targets and name.strip() in self.exact_forms[u] for u in carried)
        return carried, exact

    def _decide(self, units: set[Unit], districts: set[str] | None, *, exact: bool) -> Match:
        kept = {u for u in units if districts is None or self.district_codes[u] & districts}
        if not kept:
            return Match("ambiguous", candidates=tuple(sorted(units)),
                         reason="no candidate lies in the district given")
        if len(kept) > 1:
            return Match("ambiguous", candidates=tuple(sorted(kept)),
                         reason=f"{len(kept)} units fit")
        era, code = next(iter(kept))
        return Match("exact" if exact else "normalised", era, code)

    def _suggest(self, name: str, targets: tuple[str, ...], districts: set[str] | None) -> Match:
        query = names.ascii_key(names.split_commune_type(name)[1])
        choices: dict[str, set[Unit]] = defaultdict(set)
        for (_, key), units in self.by_ascii.items():
            choices[key] |= units
        found = process.extract(query, list(choices), scorer=fuzz.ratio, limit=5,
                                score_cutoff=FUZZY_CUTOFF)
        scored: dict[Unit, float] = {}
        for key, score, _ in found:
            for unit in self._carry_all(set(choices[key]), targets):
                if districts is None or self.district_codes[unit] & districts:
                    scored[unit] = max(score, scored.get(unit, 0.0))
        if not scored:
            return Match("unknown", reason=f"name {name!r} not found")
        ranked = sorted(scored, key=lambda u: (-scored[u], u))
        era, code = ranked[0]
        return Match("suggestion", era, code, candidates=tuple(ranked),
                     score=round(scored[ranked[0]], 1), reason="similar spelling")


def match_report(matches: list[Match]) -> dict[str, int]:
    """How many matches fell in each outcome class, every class listed."""
    counts = Counter(m.outcome for m in matches)
    return {outcome: counts.get(outcome, 0) for outcome in OUTCOMES}
