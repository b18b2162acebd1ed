"""Map assets served by our own server: Leaflet copied at start-up from its PyPI package, and the
map's own JS and CSS (`geo/render/web/static`) under names that change with their content, so that
a browser or a proxy may keep them for as long as it likes. Every text file is written with a
gzip copy beside it, which nginx sends as it is (`gzip_static`) instead of compressing again."""

from __future__ import annotations

import gzip
import hashlib
import os
from functools import lru_cache
from pathlib import Path

from geo import settings

STATIC_URL = "/app/static"
OWN_STATIC = Path(__file__).parent / "static"
COMPRESSIBLE = {".js", ".css", ".json", ".html", ".svg", ".txt", ".map"}


def leaflet_source() -> Path:
    import xstatic.pkg.leaflet as leaflet

    return Path(leaflet.BASE_DIR)


@lru_cache(maxsize=1)
def leaflet_folder() -> str:
    """Leaflet's folder name, which changes with its files (`leaflet-<hash>`)."""
    source = leaflet_source()
    digest = hashlib.sha256()
    for name in ("leaflet.js", "leaflet.css"):
        digest.update((source / name).read_bytes())
    return f"leaflet-{digest.hexdigest()[:12]}"


LEAFLET_JS = f"{STATIC_URL}/{leaflet_folder()}/leaflet.js"
LEAFLET_CSS = f"{STATIC_URL}/{leaflet_folder()}/leaflet.css"


def write_file(target: Path, data: bytes) -> None:
    """Write `target` whole (then renamed into place: several instances may write at once) and,
    for text, its `.gz` beside it."""
    target.parent.mkdir(parents=True, exist_ok=True)
    copies = [(target, data)]
    if target.suffix in COMPRESSIBLE:
        copies.insert(0, (target.with_name(target.name + ".gz"),
                          gzip.compress(data, compresslevel=9, mtime=0)))
    for path, content in copies:
        partial = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        partial.write_bytes(content)
        partial.replace(path)


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


def publish_layer(name: str, text: str, static_dir: Path | None = None) -> str:
    """Write a layer's GeoJSON text into the static folder once, under a name that changes with
    its content, and return its URL: maps fetch it instead of carrying it in every message."""
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]
    folder = (static_dir or settings.path("DVK_STATIC_DIR")) / "layers"
    target = folder / f"{name}-{digest}.json"
    if not target.exists():
        write_file(target, text.encode("utf-8"))
    return f"{STATIC_URL}/layers/{target.name}"


def publish_static(static_dir: Path | None = None) -> Path:
    """Copy Leaflet's JS, CSS and images, and the map's own files under their hashed names, into
    Streamlit's static folder unless already there; returns Leaflet's folder."""
    root = static_dir or settings.path("DVK_STATIC_DIR")
    for path in sorted(OWN_STATIC.iterdir()):
        hashed = root / "dvk" / _hashed(path.name)
        if not hashed.exists():
            write_file(hashed, path.read_bytes())
    target = root / leaflet_folder()
    source = leaflet_source()
    for name in ["leaflet.js", "leaflet.css", *[f"images/{p.name}"
                                                for p in (source / "images").iterdir()]]:
        if not (target / name).exists():
            write_file(target / name, (source / name).read_bytes())
    return target
