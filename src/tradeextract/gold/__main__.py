"""`python -m tradeextract.gold`: the `tradeextract validate` command."""

from __future__ import annotations

import sys

from tradeextract.gold.cli import main

if __name__ == "__main__":
    sys.exit(main())
