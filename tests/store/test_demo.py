"""The illustrative dataset reproduces the published figures and is deterministic."""

import pandas as pd
import pytest

from geo import boundaries, settings
from geo.store import demo, store


@pytest.fixture(scope="module")
def models(demo_engine):
    return store.read_models(demo_engine)


@pytest.fixture(scope="module")
def replications(demo_engine):
    return store.read_replications(demo_engine)


def test_published_totals(models):
    published = models[models["year_started"] <= 2024]
    assert len(published) == 6540
    assert published["domain"].value_counts().to_dict() == {
        "van_hoa_xa_hoi": 3391, "kinh_te": 1621, "quoc_phong_an_ninh": 957,
        "xay_dung_he_thong_chinh_tri": 564, "unclassified": 7}
    assert models["year_started"].between(2009, 2026).all()
    assert (published["district_code"] == "503").sum() == 501
    assert 0 < (models["year_started"] > 2024).sum() < 100  # the targets' first half of 2025


def test_growth_with_a_bump_in_2020(models):
    per_year = models[models["year_started"] <= 2024].groupby("year_started").size()
    assert per_year.idxmin() == 2009 and per_year.idxmax() == 2020
    assert (per_year.loc[2009:2019].diff().dropna() > 0).all()
    assert per_year[2020] > 1.3 * per_year.loc[2021:2024].max()
    assert per_year.loc[2021:2024].between(0.8 * per_year[2019], 1.4 * per_year[2019]).all()


def test_places_levels_and_spread(models, gazetteer):
    assert models.loc[models["level"] == "xa", "commune_code"].notna().all()
    assert models.loc[models["level"] == "tinh", ["commune_code", "district_code"]].isna().all().all()
    share = models["level"].value_counts(normalize=True)
    assert share["xa"] > 0.85 and 0.03 < share["huyen"] < 0.15 and 0 < share["tinh"] < 0.03
    assert models["district_code"].dropna().nunique() == 18
    placed = models.dropna(subset=["commune_code"])
    communes_2020 = {c for era, code in zip(placed["commune_era"], placed["commune_code"])
                     for c in gazetteer.codes_2020[(era, code)]}
    assert 200 < len(communes_2020) < 241  # some communes have none


def test_records_before_2020_carry_their_2019_code(models):
    old = models[models["level"].eq("xa") & (models["year_started"] <= 2019)]
    assert old["commune_era"].eq("2019").all()
    assert {"20653", "20665"} <= set(old["commune_code"])  # Quế Cường, Phú Thọ: merged in 2020
    assert models.loc[models["year_started"].between(2020, 2024), "commune_era"].dropna().eq(
        "2020").all()
    assert models.loc[models["year_started"] == 2025, "commune_era"].dropna().eq("2025a").all()


def test_every_place_resolves_through_the_eras_table(models, replications):
    eras = boundaries.read_eras()
    known = set(zip(eras["era"], eras["code"]))
    places = models.dropna(subset=["commune_code"])
    assert set(zip(places["commune_era"], places["commune_code"])) <= known
    assert set(zip(replications["commune_era"], replications["commune_code"])) <= known


def test_three_real_models_keep_their_facts(models):
    real = models.set_index("id")
    tra_ka, dien_phuoc, tam_thang = (real.loc[i] for i in ("QN-TRA-KA", "QN-DIEN-PHUOC",
                                                           "QN-TAM-THANG"))
    assert (tra_ka["commune_code"], tra_ka["domain"], tra_ka["unit"], tra_ka["year_started"],
            tra_ka["households"], tra_ka["result_vnd"]) == (
        "20932", "kinh_te", "khoi_dan_van", 2021, 12, 60_000_000)
    assert "OCOP 3 sao" in tra_ka["result_text"]
    assert (dien_phuoc["commune_code"], dien_phuoc["domain"], dien_phuoc["unit"],
            dien_phuoc["year_started"], dien_phuoc["members"], dien_phuoc["result_vnd"],
            dien_phuoc["result_houses"]) == ("20572", "van_hoa_xa_hoi", "mttq", 2024, 17,
                                             300_000_000, 4)
    assert (tam_thang["commune_code"], tam_thang["domain"], tam_thang["year_started"],
            tam_thang["members"], tam_thang["result_cases"]) == (
        "20362", "quoc_phong_an_ninh", 2022, 169, 37)
    assert "73" in tam_thang["result_text"] and "Kim Đới" in tam_thang["description"]


def test_twenty_typical_models_over_domains_and_districts(models):
    typical = models[models["typical"] & models["typical_year"].eq(2024)]
    assert len(typical) == 20
    assert set(models.loc[models["typical"], "typical_year"]) == {2024, 2025, 2026}
    assert {"QN-TRA-KA", "QN-DIEN-PHUOC", "QN-TAM-THANG"} <= set(typical["id"])
    assert typical["domain"].nunique() == 4 and typical["district_code"].nunique() >= 12


def test_replication_spreads_to_neighbours_in_time(models, replications, gazetteer):
    per_model = replications.groupby("model_id").size()
    typical = set(models.loc[models["typical"] & models["typical_year"].eq(2024), "id"])
    assert set(per_model.index) == typical
    assert per_model.between(3, 40).all()
    assert replications["year"].between(2024, 2026).all()
    era_by_year = replications.groupby("year")["commune_era"].agg(set).to_dict()
    assert era_by_year[2024] == {"2020"} and era_by_year[2026] == {"2025b"}
    assert era_by_year[2025] == {"2025a", "2025b"}
    communes = boundaries.read_layer("communes", display=False)
    neighbours = demo.adjacency(communes)
    origin = models.set_index("id")["commune_code"]
    near, total = 0, 0
    for model_id, group in replications.sort_values(["year", "id"]).groupby("model_id"):
        reached = {origin[model_id]}
        for era, code in zip(group["commune_era"], group["commune_code"]):
            adopted = set(gazetteer.codes_2020[(era, code)])
            near += any(c in neighbours[r] for c in adopted for r in reached)
            total += 1
            reached |= adopted
    assert near / total > 0.5


@pytest.mark.slow
def test_same_seed_same_bytes(tmp_path):
    demo.write_demo(tmp_path / "a")
    demo.write_demo(tmp_path / "b")
    committed = settings.path("DVK_DEMO_DIR")
    for name in ("models.csv", "replications.csv"):
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()
        assert (tmp_path / "a" / name).read_bytes() == (committed / name).read_bytes()
    assert (committed / "models.csv").read_text(encoding="utf-8").startswith("# Dữ liệu minh họa")


def test_demo_is_labelled_in_its_import_log(demo_engine):
    log = store.read_imports(demo_engine)
    assert set(log["user_name"]) == {"demo"}
    assert pd.Series(log["file_name"]).str.startswith("data/demo/").all()
