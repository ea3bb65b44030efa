"""`python -m kongchuo_desktop` — the same entry point as the `kongchuo` command."""

import sys

from kongchuo_desktop.cli import main

if __name__ == "__main__":
    sys.exit(main())
