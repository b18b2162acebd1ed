"""`python -m geo.demo`: the command of geo.records.demo, kept at this short name."""

from geo.records.demo import main

if __name__ == "__main__":
    raise SystemExit(main())
