"""`python -m geo.present`: the command of geo.render.present, kept at this short name."""

from geo.render.present import main

if __name__ == "__main__":
    raise SystemExit(main())
