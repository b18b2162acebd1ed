"""The committed nginx site (deploy/nginx-dvk.conf) run on a test or benchmark machine: only the
ports, certificate, upstream and folder paths are changed; optionally without the static-file
locations (everything proxied to Python), to measure what serving them from disk saves."""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import subprocess
from contextlib import contextmanager
from pathlib import Path

import pytest

from geo.settings import ROOT

NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
STATIC_LOCATION = re.compile(r"\n    location [^{]*\{[^{}]*\balias\b[^{}]*\}")


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


def site(folder: Path, http: int, https: int, app_ports: list[int], *,
         frontend: Path | None = None, static_dir: Path | None = None,
         static_off_python: bool = True, workers: int = 1) -> Path:
    """A main nginx.conf in `folder` holding the committed site, adapted to this machine."""
    chain, private = self_signed(folder)
    text = (ROOT / "deploy" / "nginx-dvk.conf").read_text(encoding="utf-8")
    if not static_off_python:
        text = STATIC_LOCATION.sub("", text)
    upstream = "".join(f"server 127.0.0.1:{p}; " for p in app_ports)
    text = (text.replace("/var/lib/dvk/frontend", str(frontend or folder / "frontend"))
            .replace("/opt/dvk/static/", f"{static_dir or ROOT / 'static'}/")
            .replace("listen 80 default_server", f"listen 127.0.0.1:{http}")
            .replace("listen [::]:80 default_server;", "")
            .replace("listen 443 ssl http2 default_server", f"listen 127.0.0.1:{https} ssl http2")
            .replace("listen [::]:443 ssl http2 default_server;", "")
            .replace("/etc/ssl/dvk/fullchain.pem", str(chain))
            .replace("/etc/ssl/dvk/privkey.pem", str(private))
            .replace("server 127.0.0.1:8501;", upstream)
            .replace("server 127.0.0.1:8502;", ""))
    # started as root (CI), the workers would read pytest's private temporary folders as nobody
    user = "user root;" if os.geteuid() == 0 else ""
    main = folder / "nginx.conf"
    main.write_text(f"""daemon off;
{user}
worker_processes {workers};
pid {folder}/nginx.pid;
error_log {folder}/error.log;
events {{ worker_connections 8192; }}
http {{
    include /etc/nginx/mime.types;  # as Debian's nginx.conf does around every site
    default_type application/octet-stream;
    access_log off;
    client_body_temp_path {folder}/body; proxy_temp_path {folder}/proxy;
    fastcgi_temp_path {folder}/fcgi; uwsgi_temp_path {folder}/uwsgi; scgi_temp_path {folder}/scgi;
{text}
}}
""", encoding="utf-8")
    return main


def check(conf: Path) -> subprocess.CompletedProcess:
    return subprocess.run([NGINX, "-t", "-c", str(conf), "-p", str(conf.parent)],
                          capture_output=True, text=True)


@contextmanager
def running(conf: Path):
    """nginx on `conf` until the block ends; yields its process."""
    server = subprocess.Popen([NGINX, "-c", str(conf), "-p", str(conf.parent)],
                              stderr=subprocess.DEVNULL)
    try:
        yield server
    finally:
        server.terminate()
        server.wait(timeout=10)
