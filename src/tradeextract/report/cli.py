"""`tradeextract report INPUT... -o report.html`: the HTML report of a store, claims files or
articles."""

from __future__ import annotations

import argparse
import os
import sys

from tradeextract.report import DEFAULT_TITLE, build_report
from tradeextract.report.inputs import store_for
from tradeextract.store.database import StoreError

EXIT_OK, EXIT_INPUT_ERRORS, EXIT_USAGE = 0, 1, 2
EPILOG = """\
INPUT: a store (.duckdb), documents JSON Lines written by `tradeextract extract`, or articles
(files and folders, extracted first). The page is one file with everything in it: it works
offline and fetches nothing. Exit codes: 0 fine, 1 some input failed (said on stderr; the
report has the rest), 2 usage error.
"""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.epilog = EPILOG
    parser.formatter_class = argparse.RawDescriptionHelpFormatter
    parser.add_argument("inputs", nargs="+", metavar="INPUT", help="store, claims files, articles")
    parser.add_argument("-o", "--output", required=True, metavar="FILE", help="the HTML file")
    parser.add_argument("--title", default=DEFAULT_TITLE, help="the page's title")
    parser.add_argument("--glob", metavar="PATTERN", help="articles to take from folders")
    parser.add_argument("-j", "--jobs", type=int, default=1, metavar="N", help="workers")


def run(args: argparse.Namespace) -> int:
    missing = [path for path in args.inputs if not os.path.exists(path)]
    if missing:
        return usage_error(f"no such file or folder: {', '.join(missing)}")
    if os.path.abspath(args.output) in {os.path.abspath(p) for p in args.inputs}:
        return usage_error(f"-o {args.output} is an input")
    from tradeextract.batch.problems import UsageError

    try:
        with store_for(args.inputs, glob=args.glob, jobs=args.jobs) as opened:
            page = build_report(opened.store, args.title)
    except (StoreError, UsageError) as error:
        return usage_error(str(error))
    try:
        with open(args.output, "w", encoding="utf-8") as handle:
            handle.write(page)
    except OSError as error:
        return usage_error(f"cannot write {args.output}: {error.strerror or error}")
    return EXIT_INPUT_ERRORS if opened.problems else EXIT_OK


def usage_error(message: str) -> int:
    print(f"tradeextract report: error: {message}", file=sys.stderr)
    return EXIT_USAGE
