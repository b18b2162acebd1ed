"""Map assets served by our own server: Leaflet copied at start-up from its PyPI package, and the
map's own JS and CSS (`geo/render/static`) under names that change with their content, so that
a browser or a proxy may keep them for as long as it likes."""

from __future__ import annotations

import hashlib
import os
import shutil
from functools import lru_cache
from pathlib import Path

from geo import settings

STATIC_URL = "/app/static"
LEAFLET_JS = f"{STATIC_URL}/leaflet/leaflet.js"
LEAFLET_CSS = f"{STATIC_URL}/leaflet/leaflet.css"
OWN_STATIC = Path(__file__).parent / "static"


def own_file(name: str) -> str:
    """The text of one of the map's own files (`dvk-map.js`, `dvk-map.css`, ...)."""
    return (OWN_STATIC / name).read_text(encoding="utf-8")


@lru_cache(maxsize=16)
def _hashed(name: str) -> str:
    digest = hashlib.sha256((OWN_STATIC / name).read_bytes()).hexdigest()[:12]
    stem, dot, suffix = name.rpartition(".")
    return f"{stem}.{digest}{dot}{suffix}"


def url_of(name: str) -> str:
    """The address the app serves one of its own files at (published by `publish_static`)."""
    return f"{STATIC_URL}/dvk/{_hashed(name)}"


def leaflet_source() -> Path:
    import xstatic.pkg.leaflet as leaflet

    return Path(leaflet.BASE_DIR)


def publish_layer(name: str, text: str, static_dir: Path | None = None) -> str:
    """Write a layer's GeoJSON text into the static folder once, under a name that changes with
    its content, and return its URL: maps fetch it instead of carrying it in every message."""
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]
    folder = (static_dir or settings.path("DVK_STATIC_DIR")) / "layers"
    target = folder / f"{name}-{digest}.json"
    if not target.exists():
        folder.mkdir(parents=True, exist_ok=True)
        partial = target.with_suffix(f".{os.getpid()}.tmp")  # several instances may start at once
        partial.write_text(text, encoding="utf-8")
        partial.replace(target)
    return f"{STATIC_URL}/layers/{target.name}"


def publish_static(static_dir: Path | None = None) -> Path:
    """Copy Leaflet's JS, CSS and images, and the map's own files under their hashed names, into
    Streamlit's static folder unless already there."""
    root = static_dir or settings.path("DVK_STATIC_DIR")
    own = root / "dvk"
    for path in sorted(OWN_STATIC.iterdir()):
        hashed = own / _hashed(path.name)
        if not hashed.exists():
            own.mkdir(parents=True, exist_ok=True)
            partial = hashed.with_name(f"{hashed.name}.{os.getpid()}.tmp")
            shutil.copyfile(path, partial)
            partial.replace(hashed)
    target = root / "leaflet"
    source = leaflet_source()
    wanted = ["leaflet.js", "leaflet.css"] + [f"images/{p.name}" for p in
                                              (source / "images").iterdir()]
    if all((target / name).exists() and (target / name).stat().st_size ==
           (source / name).stat().st_size for name in wanted):
        return target
    (target / "images").mkdir(parents=True, exist_ok=True)
    for name in wanted:
        shutil.copyfile(source / name, target / name)
    return target
