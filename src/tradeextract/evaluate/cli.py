"""Score extracted claims against gold claims, exactly as claims.md section 6 defines it.

The `tradeextract eval` command: evaluate a gold directory, print the report as text or
JSON, and exit 1 when a --min-* threshold is not met, 2 on bad gold or predictions.

    tradeextract eval tests/fixtures --pred out/claims.jsonl --errors --min-recall 0.8
"""

from __future__ import annotations

import argparse
import sys

from tradeextract.evaluate.formatting import format_report
from tradeextract.evaluate.loading import evaluate_dir
from tradeextract.evaluate.report import EvalReport
from tradeextract.gold import GoldError


def unit_interval(text: str) -> float:
    value = float(text)
    if not 0.0 <= value <= 1.0:
        raise argparse.ArgumentTypeError(f"{text} is not between 0 and 1")
    return value


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("gold_dir", metavar="GOLD_DIR", help="directory of X.txt + X.claims.json")
    parser.add_argument(
        "--pred", metavar="CLAIMS_JSONL", help="predictions (JSON Lines); default: extract now"
    )
    parser.add_argument("--json", action="store_true", help="print the report as JSON")
    parser.add_argument(
        "--errors", action="store_true", help="list missed, spurious and wrong-field claims"
    )
    parser.add_argument("--min-precision", type=unit_interval, metavar="P")
    parser.add_argument("--min-recall", type=unit_interval, metavar="R")
    parser.add_argument("--min-strict-f1", type=unit_interval, metavar="F")


def threshold_failures(report: EvalReport, args: argparse.Namespace) -> list[str]:
    """Each threshold given on the command line that the overall scores do not meet."""
    checks = (
        ("precision", args.min_precision, report.overall.precision),
        ("recall", args.min_recall, report.overall.recall),
        ("strict f1", args.min_strict_f1, report.overall.strict_f1),
    )
    return [
        f"{name} {actual:.3f} < {minimum:.3f}"
        for name, minimum, actual in checks
        if minimum is not None and actual < minimum
    ]


def run(args: argparse.Namespace) -> int:
    """Exit 0 when thresholds are met (or none given), 1 when not, 2 for bad input."""
    try:
        report = evaluate_dir(args.gold_dir, predictions=args.pred)
    except GoldError as exc:
        print(f"bad gold: {exc}", file=sys.stderr)
        return 2
    except (OSError, ValueError) as exc:
        print(f"bad input: {exc}", file=sys.stderr)
        return 2
    if args.json:
        print(report.model_dump_json(indent=2))
    else:
        print(format_report(report, show_errors=args.errors))
    failures = threshold_failures(report, args)
    for failure in failures:
        print(f"threshold not met: {failure}", file=sys.stderr)
    return 1 if failures else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="tradeextract eval", description=__doc__.splitlines()[0])
    add_arguments(parser)
    return run(parser.parse_args(argv))


if __name__ == "__main__":
    sys.exit(main())
