"""Map assets served by our own server: copied at start-up from installed PyPI packages."""

from __future__ import annotations

import hashlib
import os
import shutil
from pathlib import Path

from geo import settings

STATIC_URL = "/app/static"
LEAFLET_JS = f"{STATIC_URL}/leaflet/leaflet.js"
LEAFLET_CSS = f"{STATIC_URL}/leaflet/leaflet.css"


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
    """Copy Leaflet's JS, CSS and images into Streamlit's static folder unless already there."""
    target = (static_dir or settings.path("DVK_STATIC_DIR")) / "leaflet"
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
