"""`python -m geo.translations`: the command of geo.render.translations, kept at this short name."""

from geo.render.translations import main

if __name__ == "__main__":
    main()
