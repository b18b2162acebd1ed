"""A view in words, made once for the page, the slides and the files: its title from the
filters, the date and credit lines, and a typical model's card."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from geo import boundaries, palette
from geo.analysis import targets, views
from geo.analysis.filters import Filters
from geo.boundaries.names import strip_accents
from geo.records import vocab
from geo.render import i18n


def joined(items: list[str], lang: str) -> str:
    if len(items) <= 1:
        return items[0] if items else ""
    return ", ".join(items[:-1]) + i18n.t("present.and", lang) + items[-1]


def title(filters: Filters, lang: str, district_names: dict[str, str]) -> str:
    """The filters in words: "Mô hình “Dân vận khéo” lĩnh vực Kinh tế, 2020–2024, theo xã"."""
    parts = [i18n.t("present.typical_models", lang) if filters.typical_only
             else i18n.t("present.models", lang)]
    if filters.domains:
        parts.append(i18n.t("present.in_domains", lang, domains=joined(
            [i18n.domain_label(d, lang) for d in filters.domains], lang)))
    if filters.units:
        parts.append(i18n.t("present.by_units", lang, units=joined(
            [vocab.label(vocab.UNITS, u, lang) for u in filters.units], lang)))
    text = " ".join(parts)
    years = (str(filters.year_from) if filters.year_from == filters.year_to
             else f"{filters.year_from}–{filters.year_to}")
    text += ", " + years
    if filters.districts:
        text += ", " + joined([district_names.get(d, d) for d in filters.districts], lang)
    return text + ", " + i18n.t(f"present.by_{filters.geography}", lang)


def scope_clause(filters: Filters, lang: str) -> str:
    """What the filters keep besides years and places, as clauses a sentence giving a total
    carries (", trong lĩnh vực Kinh tế"); "" when they keep every model."""
    out = ""
    if filters.domains:
        out += i18n.t("report.where.domains", lang, domains=joined(
            [i18n.domain_label(d, lang) for d in filters.domains], lang))
    if filters.units:
        out += i18n.t("report.where.units", lang, units=joined(
            [vocab.label(vocab.UNITS, u, lang) for u in filters.units], lang))
    if filters.typical_only:
        out += i18n.t("report.where.typical", lang)
    return out


def place(filters: Filters, lang: str, district_names: dict[str, str]) -> str:
    """Where the totals are counted: the districts chosen, else the whole province."""
    if filters.districts:
        return joined([district_names.get(d, d) for d in filters.districts], lang)
    return i18n.t("report.where.province", lang)


def unit_of(model: pd.Series, lang: str) -> str:
    """Who implements a model: the provincial agency as written, else the unit's name."""
    if isinstance(model.get("agency"), str):
        return model["agency"]
    if model["unit"] == "khac" and isinstance(model.get("unit_other"), str):
        return model["unit_other"]
    return vocab.label(vocab.UNITS, model["unit"], lang)


def place_of(ds: views.Dataset, model: pd.Series, lang: str) -> str:
    """"Xã Trà Ka, Huyện Bắc Trà My": the model's commune (in its era) and district."""
    district = views.district_names(ds).get(model.get("district_2020"), "")
    if not isinstance(model.get("commune_code"), str):
        return district or i18n.t("report.province_level", lang)
    key = (ds.eras["era"] == model["commune_era"]) & (ds.eras["code"] == model["commune_code"])
    commune = ds.eras.loc[key, "name"]
    return ", ".join(p for p in (commune.iloc[0] if len(commune) else "", district) if p)


def years_of(model: pd.Series) -> str:
    """"2021–2024": started, chosen as typical."""
    started = str(int(model["year_started"]))
    if pd.notna(model.get("typical_year")):
        return f"{started}–{int(model['typical_year'])}"
    return started


def made_on(lang: str, date: dt.date | None = None) -> str:
    """"Lập ngày 29-11-2026": the date every exported page and deck carries."""
    return i18n.t("present.made", lang, date=(date or dt.date.today()).strftime("%d-%m-%Y"))


def credit(lang: str, is_demo: bool) -> str:
    note = f" · {i18n.t('app.demo_short', lang)}" if is_demo else ""
    return boundaries.CREDIT[lang] + note


def card(ds: views.Dataset, model: pd.Series, filters: Filters) -> dict[str, object]:
    """One typical model as a card: its facts, the lines a card shows (plain text, the domain
    first), its results with their units, and where it spread by the end of the filters'
    period (`spread`, for its map; its reach is the furthest adopter, not the median)."""
    lang = filters.lang
    names = pd.Series(ds.eras["name"].to_numpy(), index=ds.eras["era"] + ":" + ds.eras["code"])
    place = f"{model['commune_era']}:{model['commune_code']}" if isinstance(
        model["commune_code"], str) else None
    unit_2025 = ds.placement["units_2025"].get(place)  # None for no place
    district = views.district_names(ds).get(model.get("district_2020") or model.get("district_code"))
    unit = (model["unit_other"] if model["unit"] == "khac" and isinstance(model["unit_other"], str)
            else vocab.label(vocab.UNITS, model["unit"], lang))
    years = [(i18n.t("card.started", lang), str(int(model["year_started"])))]
    for key in ("year_recognised", "typical_year"):
        if pd.notna(model.get(key)):
            years.append((i18n.t(f"card.{key}", lang), str(int(model[key]))))
    results = []
    for key in views.RESULTS:
        value = model.get(key)
        if value is not None and pd.notna(value):
            digits = 1 if key in views.DECIMAL_RESULTS else 0
            results.append(i18n.t(f"card.result.{key}", lang,
                                  n=i18n.number(float(value), lang, digits)))
    agency = model.get("agency") if isinstance(model.get("agency"), str) else None
    lines = [i18n.domain_label(model["domain"], lang),
             f"{i18n.t('card.unit', lang)}: {agency or unit}"]
    if place:
        lines.append(f"{i18n.t('card.place', lang)}: {names.get(place)}, {district}")
    if unit_2025:
        lines.append(f"{i18n.t('card.unit_2025', lang)}: {names.get(f'2025b:{unit_2025}')}")
    lines.append(" · ".join(f"{k} {v}" for k, v in years))
    if results:
        lines.append(f"{i18n.t('card.results', lang)}: " + "; ".join(results))
    drawn = views.spread_of(ds, [model["id"]], filters=filters, span="to_date")
    reach = drawn.figures
    lines.append(i18n.t("card.reach", lang, communes=i18n.tn("count.communes", reach["communes"], lang),
                        districts=i18n.tn("count.districts", reach["districts"], lang),
                        km=i18n.number(reach["max_km"], lang, 1))
                 if reach["communes"] else i18n.t("card.no_reach", lang))
    return {
        "id": model["id"], "name": model["name"], "lines": lines, "results": results,
        "result_text": model["result_text"] if isinstance(model.get("result_text"), str) else "",
        "spread": drawn,
    }


def rule_text(rule: targets.Rule, lang: str) -> str:
    """"Target for District (until 30-6-2025), each year 2024–2025: ≥ 2 new models, ..."."""
    minimums = ", ".join(i18n.t("targets.minimum", lang,
                                counted=i18n.tn(f"targets.count.{m}", n, lang))
                         for m, n in rule.minimums.items())
    return i18n.t("targets.rule", lang, level=vocab.label(vocab.TARGET_LEVELS, rule.level, lang),
                  cadence=vocab.label(vocab.CADENCES, rule.cadence, lang).lower(),
                  period=f"{rule.year_from}–{rule.year_to}", minimums=minimums)


def figure_cards(numbers: views.KeyFigures, lang: str) -> list[tuple[str, str, str]]:
    """(label, the period's value, the value to date) of each key figure, in the order every
    medium shows them."""
    def both(key: str) -> tuple[str, str]:
        figure = getattr(numbers, key)
        return i18n.number(figure.period, lang), i18n.number(figure.to_date, lang)

    units = i18n.number(numbers.units, lang)
    cards = []
    for key in ("models", "typical", "units_with", "replications"):
        period, to_date = both(key)
        if key == "units_with":
            period, to_date = f"{period} / {units}", f"{to_date} / {units}"
        cards.append((i18n.t(f"kpi.{key}", lang), period, to_date))
    return cards


def left_out(shown: views.DomainTable, lang: str) -> str:
    """What reconciles a district table with the key figures: how many of the selected models
    no district holds, and why."""
    in_table = int(shown.table["total"].sum())
    parts = [i18n.tn(f"domains.left_out.{part}", n, lang)
             for part, n in (("province", shown.province_level), ("other", shown.other)) if n]
    return i18n.t("domains.left_out", lang, in_table=i18n.number(in_table, lang),
                  total=i18n.number(in_table + shown.left_out, lang),
                  parts=joined(parts, lang))


def targets_title(shown: views.TargetStatus, lang: str) -> str:
    """"Met the target in 2024: 12/18": how many units met every minimum of the rule (partly
    met is not met); "–" when the year has no rule for the level."""
    count = (f"{shown.count('met')}/{len(shown.table)}" if shown.rule and shown.rule.minimums
             else "–")
    return i18n.t("targets.met_label", lang, year=shown.year) + f": {count}"


def status_label(status: str, lang: str) -> str:
    """The status as words with its symbol, readable without colour."""
    return f"{palette.STATUS_SYMBOLS[status]} {i18n.t(f'targets.status.{status}', lang)}"


def readable(table: pd.DataFrame, lang: str, *, open_until: int | None = None,
             symbols: bool = True) -> pd.DataFrame:
    """An `evaluate` table as people read it: unit, status in words (after its symbol, unless
    `symbols` is False: print fonts lack them), and for each measure asked for (or done) what
    was done, the target and what is missing."""
    out = pd.DataFrame({i18n.t("targets.column.unit", lang): table["name"].to_numpy()})
    status = [status_label(s, lang) if symbols else i18n.t(f"targets.status.{s}", lang)
              for s in table["status"]]
    if open_until is not None:
        status = [f"{label} ({i18n.t('targets.open', lang, year=open_until)})"
                  if code != "met" else label for code, label in zip(table["status"], status)]
    out[i18n.t("targets.column.status", lang)] = status
    for what, parts in measure_parts(table, lang):
        for part, column in parts:
            out[i18n.t(f"targets.column.{part}", lang, what=what)] = table[column].to_numpy()
    return out


def measure_parts(table: pd.DataFrame, lang: str) -> list[tuple[str, list[tuple[str, str]]]]:
    """Each measure of an `evaluate` table with the parts shown of it: what was done, and the
    target and what is missing when some unit has a target for it; a part is (`done`,
    `target` or `gap`, the table's column)."""
    out = []
    for measure in targets.MEASURES:
        what = i18n.t(f"targets.measure.{measure}", lang)
        parts = [("done", measure)]
        if table[f"min_{measure}"].notna().any():
            parts += [("target", f"min_{measure}"), ("gap", f"gap_{measure}")]
        out.append((what[:1].upper() + what[1:], parts))
    return out


def unit_choices(units: pd.DataFrame) -> dict[str, str]:
    """Each unit's code -> its name (with its district, for communes: names repeat across
    districts), in alphabetical order read without accents (Đ beside D)."""
    labels = dict(zip(units["code"], units["name"]))
    if "district_name" in units.columns:
        labels = {code: f"{labels[code]} ({district})"
                  for code, district in zip(units["code"], units["district_name"])}
    return dict(sorted(labels.items(), key=lambda item: (strip_accents(item[1]).casefold(),
                                                         item[1])))

