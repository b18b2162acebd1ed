"""`python -m geo.users`: the command of geo.store.users, kept at this short name."""

from geo.store.users import main

if __name__ == "__main__":
    raise SystemExit(main())
