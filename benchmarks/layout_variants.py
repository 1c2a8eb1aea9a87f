"""Claim F1 and strict F1 of gold folders in every layout variant (tradeextract.variants).

    python benchmarks/layout_variants.py tests/fixtures ../shared/corpus/seeds
    python benchmarks/layout_variants.py /path/to/blind --json out.json

The same articles hard-wrapped, on one line, with CRLF, double spaces, inside page furniture
and with markdown headings, their gold offsets carried along: each should score as the
unchanged text does (tests/test_layout_variants.py holds the bounds).
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

import tradeextract
from tradeextract.evaluate import evaluate_dir
from tradeextract.variants import VARIANTS, write_variant


def score_folder(folder: Path, nlp) -> list[dict]:  # noqa: ANN001 - a spaCy Language
    base = evaluate_dir(folder, nlp=nlp).overall
    rows = [{"variant": "unchanged", "f1": base.f1, "strict_f1": base.strict_f1}]
    with tempfile.TemporaryDirectory() as tmp:
        for variant in VARIANTS:
            target = Path(tmp) / variant.name
            write_variant(folder, target, variant)
            overall = evaluate_dir(target, nlp=nlp).overall
            rows.append(
                {
                    "variant": variant.name,
                    "f1": overall.f1,
                    "strict_f1": overall.strict_f1,
                    "provenance": overall.provenance,
                }
            )
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folders", nargs="+", type=Path)
    parser.add_argument("--json", metavar="FILE")
    args = parser.parse_args(argv)
    nlp = tradeextract.load()
    results = {}
    for folder in args.folders:
        rows = score_folder(folder, nlp)
        results[str(folder)] = rows
        base = rows[0]
        print(f"\n{folder}")
        print(f"{'variant':<20} {'F1':>6} {'strict':>7} {'dF1':>7} {'dstrict':>8}")
        for row in rows:
            print(
                f"{row['variant']:<20} {row['f1']:6.3f} {row['strict_f1']:7.3f} "
                f"{row['f1'] - base['f1']:+7.3f} {row['strict_f1'] - base['strict_f1']:+8.3f}"
            )
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
