"""`python -m ui.serve [streamlit options]`: the app's server, warm before its port opens.

`streamlit run` opens its port at once and does all the loading for the first visitor (on a new
store, minutes of illustrative-data import). This runs the same server after the store is
migrated and filled, the boundary layers read and the heavy modules imported, in this process.
"""

from __future__ import annotations

import sys

from geo import settings


def warm() -> None:
    """Everything the first page needs that does not depend on a visitor."""
    import folium  # noqa: F401  the map library, imported once here
    import geopandas  # noqa: F401

    from geo import aggregate, boundaries, demo, maps, store, views  # noqa: F401
    from geo.filters import GEOGRAPHIES
    from geo.matching import Gazetteer
    from geo.schema import imports

    engine = store.make_engine()
    store.upgrade(engine)
    if store.count_rows(engine, imports) == 0:
        print("Loading the illustrative data into the new store…", flush=True)
        demo.load_demo(engine, Gazetteer(boundaries.read_eras(),
                                         boundaries.read_layer("districts")))
    engine.dispose()
    for name in (*GEOGRAPHIES, "province"):
        boundaries.read_layer(name)
    boundaries.read_eras()


def main() -> None:
    warm()
    from streamlit.web import cli

    sys.argv = ["streamlit", "run", str(settings.ROOT / "dashboard.py"), *sys.argv[1:]]
    cli.main(prog_name="streamlit")


if __name__ == "__main__":
    main()
