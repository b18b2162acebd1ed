"""Loaders of the built boundary layers: plain functions the pages wrap in Streamlit caches."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import geopandas as gpd
import pandas as pd

from geo import settings
from geo.errors import LayerMissingError

GEOGRAPHIES = ("communes", "districts", "units_2025")
# The sources every map credits (data/SOURCES.md has the details), in the reader's language.
CREDIT = {"vi": "Ranh giới: censusVN2009 (MIT), vietnamese-provinces-database (MIT); mã: Tổng cục "
                "Thống kê",
          "en": "Boundaries: censusVN2009 (MIT), vietnamese-provinces-database (MIT); codes: "
                "General Statistics Office of Viet Nam",
          "fr": "Limites : censusVN2009 (MIT), vietnamese-provinces-database (MIT) ; codes : "
                "Office général des statistiques du Viet Nam"}


def _layer_path(name: str, layers_dir: Path | None) -> Path:
    path = (layers_dir or settings.path("DVK_LAYERS_DIR")) / name
    if not path.exists():
        raise LayerMissingError(f"boundary layer {path} is missing; run `python -m geo.build`",
                                path=str(path))
    return path


def read_layer(name: str, *, display: bool = True, layers_dir: Path | None = None
               ) -> gpd.GeoDataFrame:
    """One of `communes`, `districts`, `units_2025`, `province`; display geometry by default.
    Read once per process (a server warms it before its port opens); each caller gets a copy."""
    suffix = "_display" if display else ""
    path = _layer_path(f"{name}{suffix}.parquet", layers_dir)
    return _read_parquet(path, path.stat().st_mtime_ns).copy()


def read_eras(layers_dir: Path | None = None) -> pd.DataFrame:
    """The eras table: every (era, code) a record may carry and where it maps."""
    path = _layer_path("eras.csv", layers_dir)
    return _read_eras(path, path.stat().st_mtime_ns).copy()


@lru_cache(maxsize=32)
def _read_parquet(path: Path, _mtime: int) -> gpd.GeoDataFrame:
    return gpd.read_parquet(path)


@lru_cache(maxsize=4)
def _read_eras(path: Path, _mtime: int) -> pd.DataFrame:
    eras = pd.read_csv(path, dtype=str, keep_default_na=False)
    return eras.replace({"": None})


def to_geojson(gdf: gpd.GeoDataFrame) -> str:
    """Compact GeoJSON (no spaces, no ids): what the browser receives."""
    return gdf.to_json(drop_id=True, separators=(",", ":"))


def unit_names(layer: pd.DataFrame) -> dict[str, str]:
    """Name by code of a layer's units (districts, communes, 2025 units): the one look-up of it."""
    return dict(zip(layer["code"], layer["name"]))
