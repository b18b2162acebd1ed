"""The deployment files work as written: deploy/nginx-dvk.conf passes `nginx -t` with a
certificate in place, sends plain HTTP to HTTPS, and serves the app over HTTPS with HSTS."""

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

from geo.settings import ROOT
from tests.browser import free_port, running_app, wait_until

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


def site_for_test(folder: Path, http: int, https: int, app_port: int) -> Path:
    """The committed site with only what a test machine needs changed: ports, paths, upstream."""
    chain, private = self_signed(folder)
    site = (ROOT / "deploy" / "nginx-dvk.conf").read_text(encoding="utf-8")
    site = (site.replace("listen 80 default_server", f"listen 127.0.0.1:{http}")
            .replace("listen [::]:80 default_server;", "")
            .replace("listen 443 ssl http2 default_server", f"listen 127.0.0.1:{https} ssl http2")
            .replace("listen [::]:443 ssl http2 default_server;", "")
            .replace("/etc/ssl/dvk/fullchain.pem", str(chain))
            .replace("/etc/ssl/dvk/privkey.pem", str(private))
            .replace("server 127.0.0.1:8501;", f"server 127.0.0.1:{app_port};")
            .replace("server 127.0.0.1:8502;", ""))
    main = folder / "nginx.conf"
    main.write_text(f"""daemon off;
pid {folder}/nginx.pid;
error_log {folder}/error.log;
events {{ worker_connections 64; }}
http {{
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
        finally:
            server.terminate()
            server.wait(timeout=10)
