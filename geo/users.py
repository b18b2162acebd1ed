"""`python -m geo.users`: the command of geo.records.users, kept at this short name."""

from geo.records.users import main

if __name__ == "__main__":
    raise SystemExit(main())
