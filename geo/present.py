"""`python -m geo.present`: the command of geo.render.files.exports, kept at this short name."""

from geo.render.files.exports import main

if __name__ == "__main__":
    raise SystemExit(main())
