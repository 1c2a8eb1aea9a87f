"""`python -m tradeextract.evaluate`: the `tradeextract eval` command."""

from __future__ import annotations

import sys

from tradeextract.evaluate.cli import main

if __name__ == "__main__":
    sys.exit(main())
