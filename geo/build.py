"""`python -m geo.build`: the command of geo.boundaries.build, kept at this short name."""

from geo.boundaries.build import main

if __name__ == "__main__":
    main()
