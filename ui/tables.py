"""Tables of models as users read them: labels in their language, places by name."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from geo import boundaries
from geo.records import vocab
from geo.render import i18n
from ui import loaders


def readable(models: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Id, name, domain, place, district, unit, year, typical: labels instead of keys."""
    place_key = models["commune_era"].fillna("") + ":" + models["commune_code"].fillna("")
    districts = boundaries.unit_names(loaders.layers()["districts"])
    return pd.DataFrame({
        "id": models["id"].to_numpy(),
        i18n.t("column.name", lang): models["name"].to_numpy(),
        i18n.t("column.domain", lang): [i18n.domain_label(d, lang) for d in models["domain"]],
        i18n.t("column.place", lang): place_key.map(loaders.place_names()).fillna("").to_numpy(),
        i18n.t("column.district", lang): models["district_2020"].map(districts).fillna("").to_numpy(),
        i18n.t("column.unit", lang): [vocab.label(vocab.UNITS, u, lang) for u in models["unit"]],
        i18n.t("column.year", lang): models["year_started"].to_numpy(),
        i18n.t("column.typical", lang): models["typical"].to_numpy(),
    })


def models_table(models: pd.DataFrame, lang: str, *, empty: str, height: int = 300) -> None:
    if models.empty:
        st.caption(empty)
        return
    st.dataframe(readable(models, lang), hide_index=True, height=height, width="stretch")


def history(imports: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The import log as people read it: translated headers and table names, blanks for none."""
    shown = imports.drop(columns="sha256").copy()
    shown["kind"] = shown["kind"].map(lambda k: i18n.t(f"data.kind.{k}", lang))
    for column in ("created_at", "undone_at"):
        shown[column] = pd.to_datetime(shown[column]).dt.strftime("%Y-%m-%d %H:%M").fillna("")
    shown["undone_by"] = shown["undone_by"].fillna("")
    return shown.rename(columns=lambda c: i18n.t(f"history.{c}", lang))
