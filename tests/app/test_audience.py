"""The audience link: editors publish a snapshot of a view as one static file under a
content-hashed name, list and remove it; the page says it is a snapshot, when it was made and
where the live view is; QR codes (presentation view, briefing) decode to its address."""

from __future__ import annotations

import datetime as dt
import gzip
import hashlib
import io
import json

import pytest
import zxingcpp
from PIL import Image

from geo.analysis.filters import Filters
from geo.errors import PermissionDeniedError
from geo.render import i18n
from geo.render.files import exports
from geo.render.web import audience
from geo.store import roles
from tests.helpers import EDITOR_PASSWORD, PAGES, editor_in, sign_in

MADE = dt.datetime(2026, 11, 30, 3, 5, tzinfo=dt.UTC)  # 10:05 in Viet Nam


def decode(png: bytes) -> str:
    (found,) = zxingcpp.read_barcodes(Image.open(io.BytesIO(png)))
    return found.text


@pytest.fixture
def store(tmp_path):
    """An empty store of its own: the accounts these tests add stay out of the shared demo."""
    from geo.store import database

    engine = database.make_engine(f"sqlite:///{tmp_path / 'accounts.sqlite'}")
    database.upgrade(engine)
    yield engine
    engine.dispose()


@pytest.fixture
def published(store, ds, tmp_path):
    editor = editor_in(store, "biên.tập")
    snapshot = audience.publish(store, editor, ds, Filters(domains=("kinh_te",),
                                                                 year_to=ds.latest_year),
                                "overview", now=MADE, static_dir=tmp_path)
    return snapshot, tmp_path, editor


def test_a_snapshot_is_one_file_named_by_its_content(published):
    snapshot, folder, editor = published
    page = (folder / "snapshots" / f"{snapshot.name}.html").read_bytes()
    assert snapshot.name == hashlib.sha256(page).hexdigest()[:16]
    assert snapshot.path == f"/app/static/snapshots/{snapshot.name}.html"
    assert snapshot.query.startswith("domains=kinh_te")
    for served in (folder / "snapshots").iterdir():  # nothing personal in what is served
        data = served.read_bytes()
        text = gzip.decompress(data) if served.suffix == ".gz" else data
        assert editor.username.encode() not in text and b"made_by" not in text
    assert sorted(p.name for p in (folder / "snapshots").iterdir()) == [
        f"{snapshot.name}.html", f"{snapshot.name}.html.gz", f"{snapshot.name}.json",
        f"{snapshot.name}.json.gz"]  # and nothing half-written left behind
    assert gzip.decompress((folder / "snapshots" / f"{snapshot.name}.html.gz").read_bytes()) == page
    text = page.decode("utf-8")
    assert text.count('"properties":{"code":') == 241  # the commune map, data inside
    line = i18n.t("audience.snapshot", "vi", date="30-11-2026", time="10:05")
    assert line in text
    assert 'href="/?domains=kinh_te' in text  # the live view with the same filters


def test_the_live_link_uses_the_public_address(ds, store, tmp_path, monkeypatch):
    monkeypatch.setenv("DVK_PUBLIC_URL", "https://dvk.example.gov.vn/")
    snapshot = audience.publish(store, roles.CONSOLE, ds, Filters(year_to=ds.latest_year),
                                "domains", now=MADE, static_dir=tmp_path)
    text = (tmp_path / "snapshots" / f"{snapshot.name}.html").read_text(encoding="utf-8")
    assert 'href="https://dvk.example.gov.vn/linh-vuc"' in text
    assert snapshot.url() == f"https://dvk.example.gov.vn/app/static/snapshots/{snapshot.name}.html"


def test_only_editors_publish_and_remove(ds, store, published):
    snapshot, folder, _ = published
    viewer = roles.Actor("khách", "viewer")
    with pytest.raises(PermissionDeniedError):
        audience.publish(store, roles.ANONYMOUS, ds, Filters(), "overview",
                         static_dir=folder)
    with pytest.raises(PermissionDeniedError):
        audience.remove(store, viewer, snapshot.name, static_dir=folder)
    assert audience.find(snapshot.name, folder) == snapshot


def test_snapshots_are_listed_newest_first_and_removed(ds, store, published):
    first, folder, editor = published
    later = audience.publish(store, editor, ds, Filters(year_to=ds.latest_year), "targets",
                             now=MADE + dt.timedelta(hours=2), static_dir=folder)
    assert [s.name for s in audience.listing(folder)] == [later.name, first.name]
    assert later.made_local() == "30-11-2026 12:05"
    assert audience.remove(store, editor, first.name, static_dir=folder)
    assert [s.name for s in audience.listing(folder)] == [later.name]
    assert not audience.remove(store, editor, first.name, static_dir=folder)


@pytest.mark.parametrize("name", ["../../etc/passwd", "0123456789abcdef.html", "ABCDEF0123456789",
                                  "", "0" * 17, None])
def test_a_crafted_name_finds_and_removes_nothing(store, published, name):
    _, folder, editor = published
    assert audience.find(name, folder) is None
    if isinstance(name, str):
        assert not audience.remove(store, editor, name, static_dir=folder)
    assert len(audience.listing(folder)) == 1


def test_a_damaged_record_is_skipped_not_fatal(published):
    snapshot, folder, _ = published
    (folder / "snapshots" / f"{'f' * 16}.json").write_text("{not json", encoding="utf-8")
    (folder / "snapshots" / f"{'f' * 16}.html").write_text("x", encoding="utf-8")
    assert audience.listing(folder) == [snapshot]


def test_the_qr_code_decodes_to_the_address(published):
    snapshot, _, _ = published
    url = snapshot.url("https://dvk.example.gov.vn")
    assert decode(audience.qr_png(url)) == url


def test_the_title_slide_points_to_the_audience_link(ds, published):
    from pptx import Presentation

    snapshot, _, _ = published
    url = snapshot.url("https://dvk.example.gov.vn")
    deck = Presentation(io.BytesIO(exports.make(ds, "overview", "pptx",  # title slide first
                                                Filters(year_to=ds.latest_year),
                                                audience_url=url)))
    title = deck.slides[0]
    (picture,) = [s for s in title.shapes if s.shape_type == 13]
    assert decode(picture.image.blob) == url
    assert any(url in s.text_frame.text for s in title.shapes if s.has_text_frame)


@pytest.mark.slow
def test_an_editor_publishes_from_the_export_menu_and_manages_on_the_data_page(
        make_apptest, apptest_store, monkeypatch, tmp_path):
    monkeypatch.setenv("DVK_STATIC_DIR", str(tmp_path))
    at = make_apptest().run()
    assert not [b for b in at.button if b.key == "audience_overview"]  # viewers: no button
    at.switch_page(PAGES["data"]).run()
    editor = editor_in(apptest_store())
    sign_in(at, editor.username, EDITOR_PASSWORD)
    at.switch_page(PAGES["overview"]).run()
    at.button(key="audience_overview").click().run()
    assert not at.exception
    (snapshot,) = audience.listing(tmp_path)
    assert at.query_params["audience"] == snapshot.name
    assert any(snapshot.path in c.value for c in at.code)
    at.switch_page(PAGES["data"]).run()
    assert i18n.t("audience.header", "vi") in [h.value for h in at.header]
    at.button(key=f"audience_remove_{snapshot.name}").click().run()
    assert audience.listing(tmp_path) == []


def test_the_presentation_view_shows_the_code_on_its_first_slide(make_apptest, published,
                                                                 monkeypatch):
    snapshot, folder, _ = published
    monkeypatch.setenv("DVK_STATIC_DIR", str(folder))
    at = make_apptest(query={"deck": "overview|domains", "audience": snapshot.name}).run()
    at.switch_page("pages/trinh-chieu.py").run()
    assert not at.exception
    assert any(snapshot.path in c.value for c in at.code)
    at.button(key="deck_next").click().run()
    assert not any(snapshot.path in c.value for c in at.code)  # only the first slide


def test_an_older_record_naming_its_publisher_is_rewritten_without_it(published):
    snapshot, folder, editor = published
    record = folder / "snapshots" / f"{snapshot.name}.json"
    older = {**json.loads(record.read_text(encoding="utf-8")), "made_by": editor.username}
    record.write_text(json.dumps(older), encoding="utf-8")
    assert audience.listing(folder) == [snapshot]
    assert "made_by" not in json.loads(record.read_text(encoding="utf-8"))
    assert editor.username.encode() not in gzip.decompress(
        record.with_suffix(".json.gz").read_bytes())
