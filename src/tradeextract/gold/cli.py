"""Gold claim files: load them into validated objects, or report every problem in them.

The `tradeextract validate` command: print every problem of the given gold directories, one
a line, and exit 2 when a file cannot be read as gold at all, 1 on annotation errors.

    tradeextract validate tests/fixtures
"""

from __future__ import annotations

import argparse
import sys

from tradeextract.gold.loading import validate_dir


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "paths", nargs="+", metavar="DIR", help="gold directories (X.txt + X.claims.json)"
    )
    parser.add_argument("--strict", action="store_true", help="fail on warnings too")


def run(args: argparse.Namespace) -> int:
    """Print one problem a line; exit 2 when a file cannot be read as gold at all, 1 on errors
    in annotations (or warnings with --strict), else 0."""
    problems = [problem for path in args.paths for problem in validate_dir(path)]
    for problem in problems:
        print(problem)
    errors = sum(p.severity == "error" for p in problems)
    warnings = len(problems) - errors
    print(f"{errors} error(s), {warnings} warning(s)", file=sys.stderr)
    if any(p.unreadable for p in problems):
        return 2
    return 1 if errors or (args.strict and warnings) else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="tradeextract validate", description=__doc__.splitlines()[0]
    )
    add_arguments(parser)
    return run(parser.parse_args(argv))


if __name__ == "__main__":
    sys.exit(main())
