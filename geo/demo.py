"""`python -m geo.demo`: the command of geo.store.demo, kept at this short name."""

from geo.store.demo import main

if __name__ == "__main__":
    main()
