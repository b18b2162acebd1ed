"""Illustrative dataset: `python -m geo.demo` writes `data/demo/*.csv` (seeded, deterministic).

Not real records. It reproduces the province's published totals (6,540 models 2009–2024 by domain,
Hội An 501) and the three real typical models of DOMAIN.md, so every feature has data to show.
After 2024 it adds a believable first half of 2025 for the districts (new models, typical ones
chosen, a few districts short of the yearly target) and the provincial agencies' 2025–2026 work.
"""

from __future__ import annotations

import argparse
import csv
import io
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from geo import boundaries, settings
from geo.records import importer, reading, vocab
from geo.records.fields import MODEL_FIELDS, REPLICATION_FIELDS
from geo.store import importing, roles
from geo.store.demo_facts import (
    AGENCIES,
    AGENCIES_BUILDING,
    AGENCIES_TYPICAL,
    ANIMALS,
    CROPS,
    DOMAIN_TOTALS,
    HOI_AN,
    HOI_AN_DISTRICT_LEVEL,
    HOI_AN_TOTAL,
    LANDS,
    LEVEL_SHARES,
    NEW_PER_DISTRICT_2025,
    REAL_MODELS,
    RECOGNISED_BY,
    TYPICAL_PER_DOMAIN,
    TYPICAL_SHARE_2025,
    VOCAB,
    YEAR_WEIGHTS,
)

SEED = 20241008
NOTICE = "Dữ liệu minh họa – không phải số liệu thật / Illustrative data – not real records"
def _quotas(weights: dict, total: int) -> dict:
    """Integer shares of `total` in proportion to `weights` (largest remainder), summing exactly."""
    keys = list(weights)
    raw = np.array([weights[k] for k in keys], dtype=float)
    raw = raw / raw.sum() * total
    counts = np.floor(raw).astype(int)
    for i in np.argsort(-(raw - counts), kind="stable")[: total - counts.sum()]:
        counts[i] += 1
    return dict(zip(keys, counts.tolist()))


def adjacency(communes: gpd.GeoDataFrame) -> dict[str, set[str]]:
    """Communes that share a border (from the full-resolution coverage)."""
    geoms = communes.geometry.values
    tree = shapely.STRtree(geoms)
    left, right = tree.query(geoms, predicate="intersects")
    codes = communes["code"].to_numpy()
    out: dict[str, set[str]] = {c: set() for c in codes}
    for i, j in zip(left, right):
        if i != j and shapely.intersection(geoms[i], geoms[j]).length > 0:
            out[codes[i]].add(codes[j])
    return out


def _allocate_communes(rng: np.random.Generator, communes: pd.DataFrame, n_other: int
                       ) -> dict[str, int]:
    """Commune-level counts: population times a gamma draw; about 4 % of communes get none."""
    weight = communes["pop_2019"].to_numpy(float) * rng.gamma(1.6, 1 / 1.6, len(communes))
    weight[rng.random(len(communes)) < 0.04] = 0.0
    weight = pd.Series(weight, index=communes["code"].to_numpy())
    hoi_an = communes["district_code"].eq(HOI_AN).to_numpy()
    return {**_quotas(weight[hoi_an].to_dict(), HOI_AN_TOTAL - HOI_AN_DISTRICT_LEVEL),
            **_quotas(weight[~hoi_an].to_dict(), n_other)}


def _assign_domains(rng: np.random.Generator, places: list[str], totals: dict[str, int]
                    ) -> list[str]:
    """Exact domain totals, with each place leaning its own way (Dirichlet around the mix)."""
    mix = np.array([totals[d] for d in DOMAIN_TOTALS], float)
    mix /= mix.sum()
    leaning = {p: rng.dirichlet(mix * 12 + 0.05) for p in sorted(set(places))}
    scores = np.log(np.array([leaning[p] for p in places]) + 1e-9)
    scores += rng.gumbel(size=scores.shape)
    domains = np.array([""] * len(places), dtype=object)
    free = np.ones(len(places), bool)
    keys = list(DOMAIN_TOTALS)
    for d in sorted(keys, key=lambda k: totals[k]):  # scarcest first, the largest takes the rest
        column = keys.index(d)
        candidates = np.flatnonzero(free)
        chosen = candidates[np.argsort(-scores[candidates, column], kind="stable")[: totals[d]]]
        domains[chosen] = d
        free[chosen] = False
    return domains.tolist()


def _fill(rng: np.random.Generator, domain: str, place: str) -> dict:
    v = VOCAB[domain]
    pattern = v["names"][rng.integers(len(v["names"]))]
    name = pattern.format(crop=CROPS[rng.integers(len(CROPS))],
                          animal=ANIMALS[rng.integers(len(ANIMALS))],
                          land=LANDS[rng.integers(len(LANDS))], place=place).strip()
    record = {"name": name, "unit": v["units"][rng.integers(len(v["units"]))],
              "sub_tag": v["tags"][rng.integers(len(v["tags"]))],
              "kind": "Tập thể" if rng.random() < 0.93 else "Cá nhân"}
    for result in v["results"]:
        if rng.random() < 0.6:
            record[result] = {
                "result_ha": round(float(rng.gamma(2.0, 2.5)), 1),
                "result_vnd": int(rng.gamma(1.5, 40)) * 1_000_000,
                "result_houses": int(rng.integers(1, 12)),
                "result_road_km": round(float(rng.gamma(2.0, 0.8)), 1),
                "result_cases": int(rng.integers(2, 40)),
                "households": int(rng.integers(8, 120)),
                "members": int(rng.integers(8, 60)),
            }[result]
    return record


def generate(seed: int = SEED) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The illustrative models and replications, as rows of the import template. One seeded
    stream drawn in a fixed order: splitting the steps would change every record it makes."""
    rng = np.random.default_rng(seed)
    communes = boundaries.read_layer("communes", display=False)
    eras = boundaries.read_eras()
    e2019 = eras[eras["era"] == "2019"]
    e2020 = eras[eras["era"] == "2020"].set_index("code")
    units_2025 = eras[eras["era"] == "2025b"].set_index("code")
    district_name = communes.drop_duplicates("district_code").set_index("district_code")[
        "district_name"]
    communes = communes.sort_values("code").reset_index(drop=True)

    n_random = sum(DOMAIN_TOTALS.values()) - len(REAL_MODELS)
    levels = _quotas(LEVEL_SHARES, n_random)
    other_district_level = levels["huyen"] - HOI_AN_DISTRICT_LEVEL
    n_commune_other = levels["xa"] - (HOI_AN_TOTAL - HOI_AN_DISTRICT_LEVEL)
    per_commune = _allocate_communes(rng, communes, n_commune_other)
    district_of = dict(zip(communes["code"], communes["district_code"]))
    commune_type = dict(zip(communes["code"], communes["type"]))
    places: list[tuple[str, str | None, str | None]] = []  # (level, district, commune_2020)
    for code, count in per_commune.items():
        places += [("xa", district_of[code], code)] * count
    places += [("huyen", HOI_AN, None)] * HOI_AN_DISTRICT_LEVEL
    other_districts = sorted(set(communes["district_code"]) - {HOI_AN})
    pick = rng.choice(other_districts, other_district_level)
    places += [("huyen", str(d), None) for d in pick]
    places += [("tinh", None, None)] * levels["tinh"]

    totals = dict(DOMAIN_TOTALS)
    for m in REAL_MODELS:
        totals[m["domain"]] -= 1
    domains = _assign_domains(rng, [p[2] or p[1] or "49" for p in places], totals)
    years = np.repeat(list(YEAR_WEIGHTS), list(_quotas(YEAR_WEIGHTS, n_random).values()))
    rng.shuffle(years)

    rows = []
    for i, ((level, district, code), domain, year) in enumerate(zip(places, domains, years)):
        hamlet = "thôn" if commune_type.get(code) == "xã" else "khối phố"
        place = f"{hamlet} {rng.integers(1, 9)}" if level == "xa" else ""
        record = {"id": f"DEMO-{i + 1:05d}", "domain": domain, "level": level,
                  "year_started": int(year), "district_code": district, "code_2020": code,
                  **_fill(rng, domain, place)}
        if level == "tinh":
            record["unit"] = "co_quan_tinh"
        rows.append(record)
    models = pd.DataFrame(rows + [dict(m) for m in REAL_MODELS])
    _choose_typical(rng, models)
    models["status"] = np.where(models["year_started"] <= 2014,
                                rng.choice(["Đang duy trì", "Đã dừng"], len(models), p=[0.8, 0.2]),
                                "Đang duy trì")
    models["recognised"] = rng.random(len(models)) < 0.55
    models.loc[models["typical"], "recognised"] = True
    gap = rng.integers(1, 3, len(models))
    models["year_recognised"] = models["year_recognised"].fillna(
        pd.Series(np.minimum(models["year_started"] + gap, 2024), index=models.index).where(
            models["recognised"]))
    models = pd.concat([models, _after_2024(eras, models)], ignore_index=True)

    exact_2025a = set(eras.loc[(eras["era"] == "2025a") & eras["code_2020"].notna(), "code"])
    replications = _replicate(rng, models[models["typical"] & models["typical_year"].eq(2024)],
                              communes, e2020, exact_2025a)
    return (_as_template(models, e2019, e2020, eras[eras["era"] == "2025a"], district_name),
            _replication_template(replications, e2020, units_2025))


def _choose_typical(rng: np.random.Generator, models: pd.DataFrame) -> None:
    models["typical"] = models["id"].isin([m["id"] for m in REAL_MODELS])
    used_districts = {"515", "507", "502"}
    for domain, wanted in TYPICAL_PER_DOMAIN.items():
        have = int(models.loc[models["typical"], "domain"].eq(domain).sum())
        pool = models[(models["domain"] == domain) & (models["level"] == "xa") & ~models["typical"]
                      & models["year_started"].between(2012, 2022)]
        for index in rng.permutation(pool.index):
            if have >= wanted:
                break
            district = pool.at[index, "district_code"]
            if district in used_districts and len(used_districts) < 18:
                continue
            used_districts.add(district)
            models.at[index, "typical"] = True
            have += 1
    models.loc[models["typical"], "typical_year"] = 2024


def _after_2024(eras: pd.DataFrame, models: pd.DataFrame) -> pd.DataFrame:
    """The agency behind each provincial model, the first half of 2025 for the 17 districts of
    era 2025a (new models in their communes; most districts choose a typical model among their
    recent ones) and the provincial agencies' new models of 2025–2026. Its own random stream: the
    2009–2024 records stay as they were."""
    rng = np.random.default_rng(SEED + 2025)
    provincial = models.index[models["level"].eq("tinh")]
    models.loc[provincial, "agency"] = [AGENCIES[i] for i in
                                        rng.integers(len(AGENCIES), size=len(provincial))]
    units_2025a = eras[eras["era"] == "2025a"].sort_values("code")
    rows = []
    for district, communes in units_2025a.groupby("district_code", sort=True):
        for _ in range(NEW_PER_DISTRICT_2025[rng.integers(len(NEW_PER_DISTRICT_2025))]):
            domain = list(TYPICAL_PER_DOMAIN)[rng.integers(len(TYPICAL_PER_DOMAIN))]
            code = communes["code"].iloc[rng.integers(len(communes))]
            hamlet = "thôn" if communes.set_index("code").at[code, "name"].startswith("Xã") \
                else "khối phố"
            rows.append({"id": f"DEMO-2025-{len(rows) + 1:03d}", "domain": domain, "level": "xa",
                         "year_started": 2025, "district_code": district, "code_2025a": code,
                         **_fill(rng, domain, f"{hamlet} {rng.integers(1, 9)}")})
        district_of_2020 = {"509": {"509", "519"}}.get(district, {district})
        pool = models[models["district_code"].isin(district_of_2020) & ~models["typical"]
                      & models["level"].eq("xa") & models["year_started"].between(2020, 2024)]
        if len(pool) and rng.random() < TYPICAL_SHARE_2025:
            chosen = pool.index[rng.integers(len(pool))]
            models.at[chosen, "typical"] = True
            models.at[chosen, "typical_year"] = 2025
    for i, agency in enumerate(rng.permutation(AGENCIES)[:AGENCIES_BUILDING]):
        domain = list(TYPICAL_PER_DOMAIN)[rng.integers(len(TYPICAL_PER_DOMAIN))]
        year = int(rng.integers(2025, 2027))
        typical = i < AGENCIES_TYPICAL
        rows.append({"id": f"DEMO-CQ-{i + 1:03d}", "domain": domain, "level": "tinh",
                     "year_started": year, "district_code": None, "code_2020": None,
                     **_fill(rng, domain, ""), "unit": "co_quan_tinh", "agency": str(agency),
                     "typical": typical, "typical_year": min(year + int(rng.integers(0, 2)), 2026)
                     if typical else None})
    chosen_2025 = models["typical_year"].eq(2025)
    models.loc[chosen_2025, "year_recognised"] = models.loc[chosen_2025, "year_recognised"].fillna(
        2025)
    new = pd.DataFrame(rows)
    new["typical"] = new["typical"].fillna(False).astype(bool)
    new["status"] = "Đang duy trì"
    new["year_recognised"] = new["typical_year"]
    return new


def _replicate(rng: np.random.Generator, typical: pd.DataFrame, communes: gpd.GeoDataFrame,
               e2020: pd.DataFrame, exact_2025a: set[str]) -> pd.DataFrame:
    """Diffusion 2024–2026 that favours neighbours of earlier adopters and the same district.

    Adoptions from 1-1-2025 carry 2025a codes (only units that map to one 2020 commune), from
    1-7-2025 the 2025b unit's code, each 2025b unit adopting once.
    """
    neighbours = adjacency(communes)
    district_of = dict(zip(communes["code"], communes["district_code"]))
    codes = communes["code"].tolist()
    rows = []
    for model in typical.sort_values("id").itertuples():
        origin = model.code_2020
        n = int(rng.integers(3, 41))
        adopted: list[str] = []
        taken_2025b = {e2020.at[origin, "code_2025b"]}
        months = np.sort(rng.choice(np.arange(24, 24 + 36), n, replace=True))  # from 1-2024
        for month in months:
            year, month_of_year = 2024 + month // 12 - 2, month % 12 + 1
            reached = {origin, *adopted}
            weight = np.array([0.0 if c in reached else
                               0.2 + 6.0 * any(c in neighbours[r] for r in reached)
                               + 2.5 * (district_of[c] == district_of[origin]) for c in codes])
            era = "2020" if year == 2024 else (
                "2025a" if year == 2025 and month_of_year <= 6 else "2025b")
            if era == "2025b":
                weight *= np.array([e2020.at[c, "code_2025b"] not in taken_2025b for c in codes])
            if era == "2025a":
                weight *= np.array([c in exact_2025a for c in codes])
            if weight.sum() == 0:
                break
            chosen = codes[rng.choice(len(codes), p=weight / weight.sum())]
            adopted.append(chosen)
            place = e2020.at[chosen, "code_2025b"] if era == "2025b" else chosen
            taken_2025b.add(e2020.at[chosen, "code_2025b"])
            rows.append({"model_id": model.id, "commune_2020": chosen, "era": era,
                         "code": place, "year": year})
    return pd.DataFrame(rows)


def _as_template(models: pd.DataFrame, e2019: pd.DataFrame, e2020: pd.DataFrame,
                 e2025a: pd.DataFrame, district_name: pd.Series) -> pd.DataFrame:
    """Template rows; a record before 2020 carries its 2019 code and name (era 2019)."""
    rng = np.random.default_rng(SEED + 1)
    from_2019 = e2019.groupby("code_2020")["code"].apply(list)
    names_2019 = e2019.set_index("code")["name"]
    names_2025a = e2025a.set_index("code")["name"]
    out = []
    for m in models.sort_values("id").to_dict("records"):
        code, era, name = None, None, None
        code_2020 = m["code_2020"] if isinstance(m["code_2020"], str) else None
        code_2025a = m.get("code_2025a") if isinstance(m.get("code_2025a"), str) else None
        if code_2025a:
            code, era, name = code_2025a, "2025a", names_2025a[code_2025a]
        elif code_2020:
            code, era, name = code_2020, "2020", e2020.at[code_2020, "name"]
            if m["year_started"] <= 2019:
                olds = from_2019[code_2020]
                code = olds[rng.integers(len(olds))] if len(olds) > 1 else olds[0]
                era, name = "2019", names_2019[code]
        district = m["district_code"] if isinstance(m["district_code"], str) else (
            e2020.at[code_2020, "district_code"] if code_2020 else None)
        row = {
            "id": m["id"], "name": m["name"], "domain": vocab.label(vocab.DOMAINS, m["domain"], "vi"),
            "sub_tag": _text(m.get("sub_tag")), "kind": _text(m.get("kind")) or "Tập thể",
            "unit": vocab.label(vocab.UNITS, m["unit"], "vi"), "level": {"xa": "Xã", "huyen": "Huyện",
                                                    "tinh": "Tỉnh"}[m["level"]],
            "commune_code": code or "", "commune": name or "", "era": era or "",
            "district": district_name[district] if district else "",
            "year_started": m["year_started"], "typical": "Có" if m["typical"] else "Không",
            "typical_year": _int(m.get("typical_year")),
            "year_recognised": _int(m.get("year_recognised")),
            "agency": _text(m.get("agency")),
            "recognised_by": _text(m.get("recognised_by")) or (
                RECOGNISED_BY[m["level"]] if pd.notna(m.get("year_recognised")) else ""),
            "status": m["status"], "source": "Dữ liệu minh họa (geo.demo)",
        }
        for key in ("households", "members", "result_vnd", "result_houses", "result_cases"):
            row[key] = _int(m.get(key))
        for key in ("result_ha", "result_road_km"):
            value = m.get(key)
            row[key] = f"{value:.1f}" if isinstance(value, float) and not np.isnan(value) else ""
        for key in ("result_text", "description"):
            row[key] = _text(m.get(key))
        out.append(row)
    return pd.DataFrame(out)[[f.key for f in MODEL_FIELDS]]


def _replication_template(reps: pd.DataFrame, e2020: pd.DataFrame, units_2025: pd.DataFrame
                          ) -> pd.DataFrame:
    names = [units_2025.at[c, "name"] if era == "2025b" else e2020.at[c, "name"]
             for era, c in zip(reps["era"], reps["code"])]
    out = pd.DataFrame({"model_id": reps["model_id"], "commune_code": reps["code"],
                        "commune": names, "district": "", "era": reps["era"],
                        "year": reps["year"], "note": ""})
    return out.sort_values(["model_id", "year", "commune_code"]).reset_index(drop=True)[
        [f.key for f in REPLICATION_FIELDS]]


def _text(value: object) -> str:
    return value if isinstance(value, str) else ""


def _int(value: object) -> str:
    if value is None or (isinstance(value, float) and np.isnan(value)) or value is pd.NA:
        return ""
    return str(int(value))


def to_csv_text(frame: pd.DataFrame, fields) -> str:
    """The template CSV: the notice as a `#` line, Vietnamese headers, fixed formatting."""
    out = io.StringIO()
    out.write(f"# {NOTICE}\n")
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([f.vi for f in fields])
    for row in frame.itertuples(index=False):
        writer.writerow(["" if v is None else v for v in row])
    return out.getvalue()


def write_demo(out_dir: Path, seed: int = SEED) -> dict[str, int]:
    models, replications = generate(seed)
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / "models.csv").write_text(to_csv_text(models, MODEL_FIELDS), encoding="utf-8")
    (out_dir / "replications.csv").write_text(to_csv_text(replications, REPLICATION_FIELDS),
                                              encoding="utf-8")
    return {"models": len(models), "replications": len(replications)}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--out", type=Path, default=settings.path("DVK_DEMO_DIR"))
    args = parser.parse_args(argv)
    print(write_demo(args.out, args.seed))


def load_demo(engine, gazetteer, demo_dir: Path | None = None,
              progress=None) -> tuple[int, int]:
    """Fill an empty store with the illustrative data through the ordinary import path."""
    demo_dir = demo_dir or settings.path("DVK_DEMO_DIR")
    ids = []
    for kind in ("models", "replications"):
        data = (demo_dir / f"{kind}.csv").read_bytes()
        plan = importing.plan(reading.read_table(data, f"{kind}.csv"), kind=kind,
                                    gazetteer=gazetteer, engine=engine,
                                    file_name=f"data/demo/{kind}.csv",
                                    sha256=importer.file_sha256(data))
        if plan.errors:
            first = plan.errors[0]
            raise ValueError(f"illustrative {kind} row {first.row}: {first.reason} {first.value!r}")
        plan.replaces_demo = False
        ids.append(importing.apply_plan(engine, plan, actor=roles.DEMO, valid_rows_only=False,
                                       illustrative=True,
                                       progress=progress))
    return ids[0], ids[1]
