"""The audience link: a published snapshot of a view (the offline HTML page, stamped as a
snapshot with its date and a link to the live app) written once under a content-hashed name in
the static folder, so that nginx, or the app's static serving, hands it to a hall of phones
without running any Python per viewer. Editors publish, list and remove snapshots."""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import io
import json
import logging
import re
from dataclasses import asdict, dataclass
from pathlib import Path

import sqlalchemy as sa

from geo import settings
from geo.analysis import views
from geo.analysis.filters import Filters, to_query
from geo.render import catalog
from geo.render.web import assets, standalone
from geo.store import roles

FOLDER = "snapshots"
NAME = re.compile(r"[0-9a-f]{16}")
VIEWS = catalog.AUDIENCE_VIEWS
LOG = logging.getLogger(__name__)


@dataclass(frozen=True)
class Snapshot:
    """One published page: its file name (hash), what it shows and when. The record is served
    beside the page, so it holds nothing about who published it (the app's log says)."""

    name: str
    view: str
    query: str
    lang: str
    title: str
    made_at: str  # ISO 8601, UTC

    @property
    def path(self) -> str:
        return f"{assets.STATIC_URL}/{FOLDER}/{self.name}.html"

    def made_local(self) -> str:
        """When it was made, as people here read it: "30-11-2026 11:00" (Viet Nam time)."""
        made = dt.datetime.fromisoformat(self.made_at).astimezone(standalone.VIET_NAM_TIME)
        return made.strftime("%d-%m-%Y %H:%M")

    def url(self, base: str = "") -> str:
        """The address to share: the public address's, else the path on this server."""
        return (base or settings.get("DVK_PUBLIC_URL")).rstrip("/") + self.path


def folder(static_dir: Path | None = None) -> Path:
    return (static_dir or settings.path("DVK_STATIC_DIR")) / FOLDER


def live_link(filters: Filters, ds: views.Dataset, view: str) -> str:
    """The live app's address of the same view and filters."""
    query = "&".join(f"{k}={v}" for k, v in to_query(filters, latest_year=ds.latest_year).items())
    base = settings.get("DVK_PUBLIC_URL").rstrip("/")
    return f"{base}/{catalog.VIEWS[view].page}" + (f"?{query}" if query else "")


def publish(engine: sa.Engine, actor: roles.Actor, ds: views.Dataset, filters: Filters,
            view: str, *, year: int | None = None, level: str | None = None,
            now: dt.datetime | None = None, static_dir: Path | None = None) -> Snapshot:
    """Write the snapshot of `view` for `filters` (editors only) and return it. The file is
    written whole, then renamed into place: a viewer never gets half of it."""
    if view not in VIEWS:
        raise catalog.ExportRequestError("present.unknown_view", view=view,
                                         views=", ".join(VIEWS))
    with engine.connect() as connection:
        roles.authorize(connection, actor, "editor")
    made = (now or dt.datetime.now(dt.UTC)).astimezone(dt.UTC)
    request = catalog.Request(ds, filters, year=year, level=level)
    page = standalone.page(request, view, snapshot=(made, live_link(filters, ds, view)))
    data = page.encode("utf-8")
    name = hashlib.sha256(data).hexdigest()[:16]
    target = folder(static_dir)
    snapshot = Snapshot(name, view, "&".join(f"{k}={v}" for k, v in to_query(
        filters, latest_year=ds.latest_year).items()), filters.lang, catalog.title_of(
        request, view), made.isoformat(timespec="seconds"))
    assets.write_file(target / f"{name}.json",
                      json.dumps(asdict(snapshot), ensure_ascii=False).encode("utf-8"))
    assets.write_file(target / f"{name}.html", data)  # and its .gz, which nginx sends as is
    LOG.info("audience snapshot %s published by %s", name, actor.username)
    return snapshot


def _read(record: Path) -> Snapshot | None:
    """The snapshot a record describes, if its page is there and the record readable."""
    if not NAME.fullmatch(record.stem) or not record.with_suffix(".html").exists():
        return None
    try:
        fields = json.loads(record.read_text(encoding="utf-8"))
        snapshot = Snapshot(**{f.name: fields[f.name] for f in dataclasses.fields(Snapshot)})
    except (OSError, ValueError, TypeError, KeyError):
        return None
    if set(fields) - {f.name for f in dataclasses.fields(Snapshot)}:  # an older record's names
        assets.write_file(record, json.dumps(asdict(snapshot), ensure_ascii=False).encode())
    return snapshot


def listing(static_dir: Path | None = None) -> list[Snapshot]:
    """The published snapshots, newest first (a file whose record is unreadable is skipped)."""
    found = (_read(record) for record in folder(static_dir).glob("*.json"))
    return sorted((s for s in found if s), key=lambda s: s.made_at, reverse=True)


def find(name: str, static_dir: Path | None = None) -> Snapshot | None:
    """The snapshot called `name` (from a link: anything that is not a name finds nothing);
    one record read, as pages ask on every rerun."""
    if not isinstance(name, str) or not NAME.fullmatch(name):
        return None
    return _read(folder(static_dir) / f"{name}.json")


def remove(engine: sa.Engine, actor: roles.Actor, name: str,
           static_dir: Path | None = None) -> bool:
    """Delete a snapshot (editors only); False when there is none of that name."""
    with engine.connect() as connection:
        roles.authorize(connection, actor, "editor")
    if not NAME.fullmatch(name):
        return False
    found = False
    for suffix in (".html", ".html.gz", ".json", ".json.gz"):
        path = folder(static_dir) / f"{name}{suffix}"
        if path.exists():
            path.unlink()
            found = True
    return found


def qr_png(text: str, scale: int = 8) -> bytes:
    """A QR code of `text` (medium error correction: readable from a projected slide)."""
    import segno

    out = io.BytesIO()
    segno.make(text, error="m").save(out, kind="png", scale=scale, border=2)
    return out.getvalue()
