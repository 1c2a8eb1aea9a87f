"""`tradeextract query "SQL" [--db DB] [--format table|csv|json]`: SQL over the store, printed.

The store is opened read-only: a query cannot change it, and several can run at once.
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import sys
from datetime import date, datetime
from typing import Any

from tradeextract.store.database import DEFAULT_DB, Store, StoreError

EXIT_OK, EXIT_USAGE = 0, 2
FORMATS = ("table", "csv", "json")
MAX_CELL = 60  # characters of a cell in the table format; csv and json are never cut
EPILOG = """\
tables: documents, claims, spans, findings; views: claim_rows (the CSV columns), series,
series_points, series_index, claim_findings. Example:
  tradeextract query "SELECT flow, count(*) FROM claims GROUP BY flow"
Exit codes: 0 fine, 2 no store or an SQL error (the message says which).
"""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.epilog = EPILOG
    parser.formatter_class = argparse.RawDescriptionHelpFormatter
    parser.add_argument("sql", metavar="SQL", help="one SQL statement")
    parser.add_argument(
        "--db", default=DEFAULT_DB, help=f"the DuckDB store file (default {DEFAULT_DB})"
    )
    parser.add_argument(
        "--format", choices=FORMATS, default="table", help="table (default), csv or json"
    )


def run(args: argparse.Namespace) -> int:
    import duckdb

    try:
        with Store(args.db, read_only=True) as store:
            cursor = store.connection.execute(args.sql)
            names = [column[0] for column in cursor.description or []]
            rows = cursor.fetchall() if names else []
    except StoreError as error:
        print(f"tradeextract query: error: {error}", file=sys.stderr)
        return EXIT_USAGE
    except duckdb.Error as error:
        print(f"tradeextract query: error in SQL: {error}", file=sys.stderr)
        return EXIT_USAGE
    PRINTERS[args.format](names, rows)
    return EXIT_OK


def plain(value: Any) -> Any:
    """A cell as JSON has it: dates as ISO strings, NaN as null."""
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, (list, tuple)):
        return [plain(item) for item in value]
    if isinstance(value, dict):
        return {key: plain(item) for key, item in value.items()}
    return value


def cell(value: Any) -> str:
    """A cell as text: numbers without exponent or trailing zeros, lists joined."""
    value = plain(value)
    if value is None:
        return ""
    if isinstance(value, float):
        return format(value, ".15g") if abs(value) < 1e15 else format(value, ".6g")
    if isinstance(value, list):
        return ", ".join(cell(item) for item in value)
    return str(value)


def print_table(names: list[str], rows: list[tuple[Any, ...]]) -> None:
    cells = [[shorten(cell(value)) for value in row] for row in rows]
    widths = [max([len(name)] + [len(row[i]) for row in cells]) for i, name in enumerate(names)]
    numeric = [
        all(isinstance(row[i], (int, float)) or row[i] is None for row in rows)
        for i in range(len(names))
    ]
    out = sys.stdout
    out.write(
        "  ".join(name.ljust(w) for name, w in zip(names, widths, strict=True)).rstrip() + "\n"
    )
    out.write("  ".join("-" * w for w in widths) + "\n")
    for row in cells:
        parts = [
            text.rjust(w) if right else text.ljust(w)
            for text, w, right in zip(row, widths, numeric, strict=True)
        ]
        out.write("  ".join(parts).rstrip() + "\n")
    out.write(f"({len(rows)} row{'s' if len(rows) != 1 else ''})\n")


def shorten(text: str) -> str:
    text = text.replace("\n", " ")
    return text if len(text) <= MAX_CELL else text[: MAX_CELL - 1] + "…"


def print_csv(names: list[str], rows: list[tuple[Any, ...]]) -> None:
    writer = csv.writer(sys.stdout, lineterminator="\n")
    writer.writerow(names)
    writer.writerows([cell(value) for value in row] for row in rows)


def print_json(names: list[str], rows: list[tuple[Any, ...]]) -> None:
    records = [dict(zip(names, (plain(v) for v in row), strict=True)) for row in rows]
    json.dump(records, sys.stdout, ensure_ascii=False, indent=1, default=str)
    sys.stdout.write("\n")


PRINTERS = {"table": print_table, "csv": print_csv, "json": print_json}
