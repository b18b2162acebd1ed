"""One registry of settings: name, default, help; read when a function runs so tests can override."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Setting:
    name: str
    default: str
    help: str


SETTINGS = [
    Setting("DATABASE_URL", "", "SQLAlchemy URL of the model store; empty means the embedded "
            "SQLite file at DVK_DB_PATH. Set postgresql://... to share one database."),
    Setting("DVK_DB_PATH", str(ROOT / "var" / "dvk.sqlite"), "Embedded SQLite store, created on "
            "first run and filled with the illustrative data."),
    Setting("DVK_LAYERS_DIR", str(ROOT / "data" / "layers"), "Built boundary layers (GeoParquet)."),
    Setting("DVK_RAW_DIR", str(ROOT / "data" / "raw"), "Raw boundary inputs of the build."),
    Setting("DVK_DEMO_DIR", str(ROOT / "data" / "demo"), "Illustrative dataset (CSV)."),
    Setting("DVK_STATIC_DIR", str(ROOT / "static"), "Folder Streamlit serves at /app/static; map "
            "assets are copied there from installed packages at start-up."),
    Setting("DVK_REPORT_SUPERIOR", "", "Report heading: the body above the issuer (default "
            "the bodies of the report's date: TỈNH ỦY QUẢNG NAM up to 30-6-2025, THÀNH ỦY ĐÀ NẴNG "
            "from 1-7-2025)."),
    Setting("DVK_REPORT_ISSUER", "", "Report heading: the issuing body (default BAN DÂN VẬN)."),
    Setting("DVK_REPORT_SYMBOL", "", "Report number's symbol, e.g. BC/BDVTU (default: BC/ and "
            "a blank)."),
    Setting("DVK_REPORT_SIGNER_TITLE", "", "Report signature block: the signer's title "
            "(default TRƯỞNG BAN)."),
    Setting("DVK_REPORT_SIGNER_NAME", "", "Report signature block: the signer's name (default: a "
            "dotted line, filled in by hand)."),
    Setting("DVK_BRIEFING_EVENT", "", "Briefing title slide: the event it is shown at (default: "
            "none; the command line's --event wins)."),
    Setting("DVK_BRIEFING_PRESENTER", "", "Briefing title slide: who presents it (default: none; "
            "the command line's --presenter wins)."),
    Setting("DVK_PUBLIC_URL", "", "The address people open (e.g. https://dvk.example.gov.vn); "
            "when set, a briefing's title slide carries a QR code to the same view."),
]
_BY_NAME = {s.name: s for s in SETTINGS}


def get(name: str) -> str:
    """The setting's value from the environment, else its default."""
    return os.environ.get(name) or _BY_NAME[name].default


def path(name: str) -> Path:
    return Path(get(name))
