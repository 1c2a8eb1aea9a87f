import sys

from tradeextract.cli import main

sys.exit(main())
