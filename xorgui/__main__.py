"""``python -m xorgui``: the same program as the ``xorgui`` script."""

from .app import main

if __name__ == "__main__":
    raise SystemExit(main())
