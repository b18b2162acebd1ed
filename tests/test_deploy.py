"""The deployment files work as written: deploy/nginx-dvk.conf passes `nginx -t` with a
certificate in place, sends plain HTTP to HTTPS, serves the app over HTTPS with HSTS (the page,
its WebSocket and the map, in Chromium), and serves the browser files from disk: precompressed,
cached a year when their names carry a hash and an hour when not."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import ssl
import subprocess
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from geo.render import assets
from geo.settings import ROOT
from tests.browser import free_port, running_app, wait_until
from ui import frontend

NGINX = shutil.which("nginx") or "/usr/sbin/nginx"


def require_nginx() -> None:
    if not Path(NGINX).exists():
        if os.environ.get("DVK_REQUIRE_NGINX") == "1":
            pytest.fail("DVK_REQUIRE_NGINX=1 but nginx is not installed")
        pytest.skip("nginx is not installed")


def self_signed(folder: Path) -> tuple[Path, Path]:
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "dvk.example.gov.vn")])
    now = dt.datetime.now(dt.UTC)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name)
            .public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(now - dt.timedelta(days=1)).not_valid_after(now + dt.timedelta(days=2))
            .sign(key, hashes.SHA256()))
    chain, private = folder / "fullchain.pem", folder / "privkey.pem"
    chain.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    private.write_bytes(key.private_bytes(serialization.Encoding.PEM,
                                          serialization.PrivateFormat.PKCS8,
                                          serialization.NoEncryption()))
    return chain, private


def site_for_test(folder: Path, http: int, https: int, app_port: int,
                  frontend: Path | None = None) -> Path:
    """The committed site with only what a test machine needs changed: ports, paths, upstream."""
    chain, private = self_signed(folder)
    site = (ROOT / "deploy" / "nginx-dvk.conf").read_text(encoding="utf-8")
    site = (site.replace("/var/lib/dvk/frontend", str(frontend or folder / "frontend"))
            .replace("/opt/dvk/static/", f"{ROOT / 'static'}/")
            .replace("listen 80 default_server", f"listen 127.0.0.1:{http}")
            .replace("listen [::]:80 default_server;", "")
            .replace("listen 443 ssl http2 default_server", f"listen 127.0.0.1:{https} ssl http2")
            .replace("listen [::]:443 ssl http2 default_server;", "")
            .replace("/etc/ssl/dvk/fullchain.pem", str(chain))
            .replace("/etc/ssl/dvk/privkey.pem", str(private))
            .replace("server 127.0.0.1:8501;", f"server 127.0.0.1:{app_port};")
            .replace("server 127.0.0.1:8502;", ""))
    main = folder / "nginx.conf"
    # started as root (CI), the workers would read pytest's private temporary folders as nobody
    user = "user root;" if os.geteuid() == 0 else ""
    main.write_text(f"""daemon off;
{user}
pid {folder}/nginx.pid;
error_log {folder}/error.log;
events {{ worker_connections 64; }}
http {{
    include /etc/nginx/mime.types;  # as Debian's nginx.conf does around every site
    default_type application/octet-stream;
    access_log off;
    client_body_temp_path {folder}/body; proxy_temp_path {folder}/proxy;
    fastcgi_temp_path {folder}/fcgi; uwsgi_temp_path {folder}/uwsgi; scgi_temp_path {folder}/scgi;
{site}
}}
""", encoding="utf-8")
    return main


@pytest.mark.slow
def test_the_site_passes_nginx_t_and_serves_the_app_over_https(tmp_path, demo_db):
    require_nginx()
    shutil.copyfile(demo_db, tmp_path / "store.sqlite")
    frontend.lay_out(tmp_path / "frontend")
    with running_app(tmp_path / "store.sqlite", tmp_path / "app.log") as url:
        app_port = int(url.rsplit(":", 1)[1])
        http, https = free_port(), free_port()
        conf = site_for_test(tmp_path, http, https, app_port)
        checked = subprocess.run([NGINX, "-t", "-c", str(conf), "-p", str(tmp_path)],
                                 capture_output=True, text=True)
        assert checked.returncode == 0, checked.stderr
        server = subprocess.Popen([NGINX, "-c", str(conf), "-p", str(tmp_path)],
                                  stderr=subprocess.DEVNULL)
        try:
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
        finally:
            server.terminate()
            server.wait(timeout=10)


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
    from tests.browser import CHROMIUM, CHROMIUM_ARGS, NO_NETWORK, require_browser

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
