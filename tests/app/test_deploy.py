"""The deployment files work as written: deploy/nginx-dvk.conf passes `nginx -t` with a
certificate in place, sends plain HTTP to HTTPS, serves the app over HTTPS with HSTS, no framing
by other sites, no version, no internal counters and forward-secret TLS only (the page, its
WebSocket and the map, in Chromium), and serves the browser files from disk: precompressed,
cached a year when their names carry a hash and an hour when not."""

from __future__ import annotations

import re
import shutil
import socket
import ssl
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from geo.render.web import assets
from geo.settings import ROOT
from tests import nginx
from tests.chromium import free_port, running_app, wait_until
from ui import frontend


@pytest.mark.slow
def test_the_site_passes_nginx_t_and_serves_the_app_over_https(tmp_path, demo_db):
    nginx.require_nginx()
    shutil.copyfile(demo_db, tmp_path / "store.sqlite")
    frontend.lay_out(tmp_path / "frontend")
    with running_app(tmp_path / "store.sqlite", tmp_path / "app.log") as url:
        app_port = int(url.rsplit(":", 1)[1])
        http, https = free_port(), free_port()
        conf = nginx.site(tmp_path, http, https, [app_port])
        checked = nginx.check(conf)
        assert checked.returncode == 0, checked.stderr
        with nginx.running(conf):
            insecure = ssl.create_default_context()
            insecure.check_hostname, insecure.verify_mode = False, ssl.CERT_NONE

            def health():
                try:
                    with urllib.request.urlopen(f"https://127.0.0.1:{https}/_stcore/health",
                                                context=insecure, timeout=5) as response:
                        return response.read() == b"ok" and response
                except OSError:
                    return False

            answer = wait_until(health, timeout=30, what="the app through nginx")
            assert answer.headers["Strict-Transport-Security"] == "max-age=31536000"
            hardened(f"https://127.0.0.1:{https}", https, insecure)
            with urllib.request.urlopen(f"https://127.0.0.1:{https}/", context=insecure,
                                        timeout=10) as page:
                assert b"<noscript>" in page.read()

            class NoRedirect(urllib.request.HTTPRedirectHandler):
                def redirect_request(self, *args, **kwargs):
                    return None

            with pytest.raises(urllib.error.HTTPError) as moved:
                urllib.request.build_opener(NoRedirect).open(
                    f"http://127.0.0.1:{http}/tong-quan?lang=en", timeout=10)
            moved.value.close()
            assert moved.value.code == 301
            assert moved.value.headers["Location"] == "https://127.0.0.1/tong-quan?lang=en"
            page_and_websocket_load(f"https://127.0.0.1:{https}")  # publishes the map's files
            static_files_come_from_disk(f"https://127.0.0.1:{https}", tmp_path / "frontend",
                                        insecure)


def hardened(base: str, port: int, context) -> None:
    """No framing by other sites on the app or an audience page, no version in `Server`, the
    internal counters closed, TLS 1.2 only with forward-secret suites."""
    for path in ("/", "/tong-quan", f"{assets.LEAFLET_JS}"):
        _, headers = fetch(base + path, context)
        assert headers["X-Frame-Options"] == "SAMEORIGIN", path
        assert headers["Content-Security-Policy"] == "frame-ancestors 'self'", path
        assert headers["Server"] == "nginx", path
    with pytest.raises(urllib.error.HTTPError) as closed:
        fetch(f"{base}/_stcore/metrics", context)
    assert closed.value.code == 404 and closed.value.headers["Server"] == "nginx"
    closed.value.close()
    site = (ROOT / "deploy" / "nginx-dvk.conf").read_text(encoding="utf-8")
    (suites,) = re.findall(r"ssl_ciphers ([^;]+);", site)
    assert all(s.startswith("ECDHE-") for s in suites.split(":"))
    tls12 = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    tls12.check_hostname, tls12.verify_mode = False, ssl.CERT_NONE
    tls12.maximum_version = ssl.TLSVersion.TLSv1_2
    with socket.create_connection(("127.0.0.1", port), timeout=10) as raw, \
            tls12.wrap_socket(raw) as tls:
        assert tls.version() == "TLSv1.2" and tls.cipher()[0].startswith("ECDHE-")
    tls12.set_ciphers("AES128-GCM-SHA256:AES256-GCM-SHA384")  # no forward secrecy
    with pytest.raises(ssl.SSLError), socket.create_connection(("127.0.0.1", port),
                                                               timeout=10) as raw:
        tls12.wrap_socket(raw)


def fetch(url: str, context, **headers) -> tuple[bytes, dict]:
    request = urllib.request.Request(url, headers=headers)
    with urllib.request.urlopen(request, context=context, timeout=10) as response:
        return response.read(), response.headers


def static_files_come_from_disk(base: str, laid_out: Path, context) -> None:
    scripts = laid_out / "current" / "streamlit" / "static" / "js"
    name = next(p.name for p in sorted(scripts.glob("*.js")) if p.stat().st_size > 10_000)
    body, headers = fetch(f"{base}/static/js/{name}", context, **{"Accept-Encoding": "gzip"})
    assert headers["Content-Encoding"] == "gzip"
    assert body == (scripts / f"{name}.gz").read_bytes()  # the copy made at install, as it is
    assert headers["Cache-Control"] == "max-age=31536000"
    assert headers["Strict-Transport-Security"] == "max-age=31536000"  # still on static files
    (scripts / "only-on-disk.js").write_text("// nginx, not Python\n", encoding="utf-8")
    assert fetch(f"{base}/static/js/only-on-disk.js", context)[0] == b"// nginx, not Python\n"
    body, headers = fetch(f"{base}/component/streamlit_folium.st_folium/index.html", context)
    assert headers["Cache-Control"] == "max-age=3600" and b"<html" in body.lower()
    body, headers = fetch(f"{base}{assets.LEAFLET_JS}", context, **{"Accept-Encoding": "gzip"})
    assert headers["Content-Encoding"] == "gzip" and headers["Cache-Control"] == "max-age=31536000"


def page_and_websocket_load(base: str) -> None:
    """A real browser gets the page, opens its WebSocket through nginx and draws the map."""
    from playwright.sync_api import sync_playwright

    from bench.browser import colours
    from tests.chromium import CHROMIUM, CHROMIUM_ARGS, NO_NETWORK, require_browser

    require_browser()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM,
                                             args=CHROMIUM_ARGS + NO_NETWORK)
        try:
            page = browser.new_context(ignore_https_errors=True).new_page()
            sockets = []
            page.on("websocket", lambda ws: sockets.append(ws.url))
            page.goto(f"{base}/")
            wait_until(lambda: colours(page), timeout=90, what="the map through nginx")
            assert any(u.startswith(base.replace("https", "wss")) for u in sockets), sockets
        finally:
            browser.close()


@pytest.mark.slow
def test_the_browser_files_are_laid_out_once_per_version_with_gzip_copies(tmp_path,
                                                                          monkeypatch):
    import gzip

    target = frontend.lay_out(tmp_path)
    assert (tmp_path / "current").resolve() == target.resolve()
    for name, source in frontend.sources().items():
        originals = [p for p in source.rglob("*") if p.is_file() and not p.name.endswith(".gz")]
        copied = [p for p in (target / name).rglob("*") if p.is_file()
                  and not p.name.endswith(".gz")]
        assert len(copied) == len(originals) > 3
        for path in originals:
            laid = target / name / path.relative_to(source)
            assert laid.read_bytes() == path.read_bytes()
            packed = laid.with_name(laid.name + ".gz")
            assert packed.exists() == (path.suffix in assets.COMPRESSIBLE)
            if packed.exists():
                assert gzip.decompress(packed.read_bytes()) == path.read_bytes()
    index = target / "streamlit" / "index.html"
    before = index.stat().st_mtime_ns
    frontend.lay_out(tmp_path)  # the service's every start: nothing to do
    assert index.stat().st_mtime_ns == before
    monkeypatch.setattr(frontend, "stamp", lambda: "streamlit-99.0.0_folium-9.0.0")
    upgraded = frontend.lay_out(tmp_path)  # after an upgrade: a new folder, the link moved
    assert (tmp_path / "current").resolve() == upgraded.resolve() != target.resolve()


def test_the_guide_names_only_what_exists():
    """deploy/README.md's modules, repository files and folders are the ones the unit and the
    nginx site use: a renamed module or folder breaks this, not an IT officer's install."""
    import importlib.util
    import re


    guide = (ROOT / "deploy" / "README.md").read_text(encoding="utf-8")
    unit = (ROOT / "deploy" / "dvk@.service").read_text(encoding="utf-8")
    site = (ROOT / "deploy" / "nginx-dvk.conf").read_text(encoding="utf-8")
    modules = set(re.findall(r"python -m ([a-z_.]+)", guide + unit))
    assert {"ui.serve", "ui.frontend", "geo.users", "geo.translations"} <= modules
    assert all(importlib.util.find_spec(m) for m in modules), modules
    for path in re.findall(r"/opt/dvk/((?:deploy|requirements)[\w@./-]*\w)", guide):
        assert (ROOT / path).exists(), path
    for folder in ("/var/lib/dvk/frontend", "/opt/dvk/static"):
        assert folder in guide and folder in site and (folder in unit or "static" in folder)
    assert re.search(r"useradd --system .* dvk", guide) and "User=dvk" in unit
    assert "rm /etc/nginx/sites-enabled/default" in guide
    assert "createdb --owner dvk dvk" in guide  # PostgreSQL 15: the role owns the database
    assert "/usr/bin/python3 -m venv" in guide  # not a Python under /root
