"""`tradeextract store PATH... [--db DB]`: load claims JSON Lines files into the store."""

from __future__ import annotations

import argparse
import os
import sys

from tradeextract.store.database import DEFAULT_DB, LoadSummary, Store, StoreError
from tradeextract.store.sources import ProblemCounter, read_documents

EXIT_OK, EXIT_INPUT_ERRORS, EXIT_USAGE = 0, 1, 2
EPILOG = """\
PATH: a documents JSON Lines file written by `tradeextract extract` (.jsonl, .jsonl.gz), or a
folder searched for them (errors files left out). A document is known by its doc_id: loaded
again unchanged it is left alone, changed it replaces its old rows. Records without their
text get it from their source file when it is still there and unchanged. Exit codes: 0 fine,
1 some lines were not documents (each named on stderr; the others are loaded), 2 usage
error or a store that cannot be opened.
"""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.epilog = EPILOG
    parser.formatter_class = argparse.RawDescriptionHelpFormatter
    parser.add_argument("paths", nargs="+", metavar="PATH", help="claims JSON Lines files, folders")
    parser.add_argument(
        "--db", default=DEFAULT_DB, help=f"the DuckDB store file (default {DEFAULT_DB})"
    )
    parser.add_argument("-q", "--quiet", action="store_true", help="no summary line")


def run(args: argparse.Namespace) -> int:
    missing = [path for path in args.paths if not os.path.exists(path)]
    if missing:
        print(
            f"tradeextract store: error: no such file or folder: {', '.join(missing)}",
            file=sys.stderr,
        )
        return EXIT_USAGE
    problems = ProblemCounter("tradeextract store")
    try:
        with Store(args.db) as store:
            summary = store.load(problems.documents(read_documents(args.paths)))
    except StoreError as error:
        print(f"tradeextract store: error: {error}", file=sys.stderr)
        return EXIT_USAGE
    if not args.quiet:
        print(summary_line(summary, problems.count, args.db), file=sys.stderr)
    return EXIT_INPUT_ERRORS if problems.count else EXIT_OK


def summary_line(summary: LoadSummary, problems: int, db: str) -> str:
    return (
        f"tradeextract store: {summary.documents} documents in {db} ({summary.added} added, "
        f"{summary.replaced} replaced, {summary.unchanged} unchanged), {summary.claims} claims "
        f"written, {problems} problems"
    )
