"""`python -m ui.serve [streamlit options]`: the app's server, warm before its port opens.

`streamlit run` opens its port at once and does all the loading for the first visitor (on a new
store, minutes of illustrative-data import). This runs the same server after the store is
migrated and filled, the boundary layers read and the heavy modules imported, in this process.
"""

from __future__ import annotations

import importlib
import sys

from geo import settings

HEAVY_MODULES = ("folium", "geopandas", "geo.analysis.aggregate", "geo.analysis.views",
                 "geo.render.web.maps")


def warm() -> None:
    """Everything the first page needs that does not depend on a visitor."""
    from geo import boundaries
    from geo.analysis.filters import GEOGRAPHIES
    from geo.render.web import assets
    from geo.store import startup

    for heavy in HEAVY_MODULES:  # imported once here, not by the first visitor's page
        importlib.import_module(heavy)

    startup.open_store(before_demo=lambda: print(
        "Loading the illustrative data into the new store…", flush=True)).dispose()
    for name in (*GEOGRAPHIES, "province"):
        boundaries.read_layer(name)
    boundaries.read_eras()
    assets.publish_static()  # the map's files on disk before nginx is asked for them


def main() -> None:
    warm()
    from streamlit.web import cli

    from ui import uploads

    uploads.install()  # only editors' sessions may send files

    sys.argv = ["streamlit", "run", str(settings.ROOT / "dashboard.py"), *sys.argv[1:]]
    cli.main(prog_name="streamlit")


if __name__ == "__main__":
    main()
