"""`python -m ui.frontend DIR`: the files every fresh browser fetches, laid out for nginx to serve
from disk instead of Python: Streamlit's front-end and streamlit-folium's component, copied from
the installed packages into `DIR/<their versions>/` with a gzip copy beside each text file
(nginx `gzip_static`), and `DIR/current` pointing there. The service runs it before it starts:
after an upgrade of Streamlit the new files are laid out before the first page is served; when
the versions are already there it does nothing."""

from __future__ import annotations

import argparse
import importlib.util
import os
import sys
from importlib import metadata
from pathlib import Path

from geo.render.web.assets import write_file


def _package(name: str) -> Path:
    """An installed package's folder, found without importing it."""
    return Path(importlib.util.find_spec(name).submodule_search_locations[0])


def sources() -> dict[str, Path]:
    """The installed folders nginx takes over: Streamlit's front-end, the map component's."""
    return {"streamlit": _package("streamlit") / "static",
            "folium": _package("streamlit_folium") / "frontend" / "build"}


def stamp() -> str:
    """The folder name for the installed versions (`streamlit-1.67.0_folium-0.27.4`)."""
    return (f"streamlit-{metadata.version('streamlit')}"
            f"_folium-{metadata.version('streamlit-folium')}")


def lay_out(root: Path) -> Path:
    """Copy both front-ends under `root/<stamp>/` (unless complete already) and point
    `root/current` at them; returns the versions' folder."""
    target = root / stamp()
    done = target / ".complete"
    if not done.exists():
        for name, source in sources().items():
            for path in source.rglob("*"):
                if path.is_file() and not path.name.endswith(".gz"):
                    write_file(target / name / path.relative_to(source), path.read_bytes())
        done.write_text("", encoding="utf-8")
    current = root / "current"
    if not current.is_symlink() or os.readlink(current) != target.name:
        link = root / f".current.{os.getpid()}"
        link.unlink(missing_ok=True)
        link.symlink_to(target.name)
        link.replace(current)
    return target


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("root", type=Path, help="e.g. /var/lib/dvk/frontend")
    args = parser.parse_args(argv)
    target = lay_out(args.root)
    print(f"{args.root / 'current'} -> {target.name}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
