"""The frozen program's entry point: the same as the ``xorgui`` console script."""

import sys

from xorgui.app import main

if __name__ == "__main__":
    sys.exit(main())
