"""Map assets served by our own server: copied at start-up from installed PyPI packages."""

from __future__ import annotations

import shutil
from pathlib import Path

from geo import settings

STATIC_URL = "/app/static"
LEAFLET_JS = f"{STATIC_URL}/leaflet/leaflet.js"
LEAFLET_CSS = f"{STATIC_URL}/leaflet/leaflet.css"


def leaflet_source() -> Path:
    import xstatic.pkg.leaflet as leaflet

    return Path(leaflet.BASE_DIR)


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
