"""tradeextract.quantities against quantulum3.parser.parse on the fixture articles.

    python benchmarks/quantities_vs_quantulum.py                # all fixtures, ~1 min
    python benchmarks/quantities_vs_quantulum.py --examples 20 --json out.json
    python benchmarks/quantities_vs_quantulum.py tests/fixtures/a01_us_census_monthly.txt

Speed: wall time of one call per article for each library (after a warm-up call each; the
pipeline build and quantulum3's first-call set-up are reported apart).

Agreement, both ways, on money and percentages only:
* quantulum3 -> tradeextract: for each quantulum3 quantity whose unit is a currency or a
  percentage, is there a tradeextract quantity (of any kind) overlapping its span with the
  same amount within 0.5%?
* tradeextract -> quantulum3: for each tradeextract quantity of kind money or percent, is
  there a quantulum3 quantity (any unit) overlapping it with the same amount within 0.5%?
Amounts are compared as magnitudes (tradeextract keeps a sign or a change word's direction in
`direction`, quantulum3 reads "-6.5%" and "($5.1 billion)" as negative), and a tradeextract
range ("6-6.5 percent": amount 6, upper 6.5) agrees with its lower end, upper end or middle
(quantulum3 gives the middle). A match with the same amount whose units differ (a currency
code, percent vs pp, a quantulum3 "dimensionless" amount) counts as agreeing on the amount
and is listed apart.
quantulum3 is slow (seconds per article): it only ever runs on the fixtures.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
import warnings
from dataclasses import asdict, dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
FIXTURES = REPO / "tests" / "fixtures"
TOLERANCE = 0.005
QUANTULUM_PERCENT_UNITS = frozenset({"percentage", "per cent", "percent"})


@dataclass
class Found:
    """One quantity of either library, reduced to what the comparison needs."""

    start: int
    end: int
    amount: float
    unit: str  # ISO code, "percent", or the library's own unit name
    text: str
    upper: float | None = None  # tradeextract ranges

    def amounts(self) -> list[float]:
        """The magnitudes this quantity may be read as: the amount, or a range's ends and middle."""
        if self.upper is None:
            return [abs(self.amount)]
        return [abs(self.amount), abs(self.upper), abs(self.amount + self.upper) / 2]


@dataclass
class Disagreement:
    article: str
    direction: str  # "quantulum3 -> tradeextract" or the reverse
    kind: str  # "missing", "amount differs" or "unit differs"
    found: Found
    other: Found | None
    context: str


@dataclass
class ArticleResult:
    name: str
    chars: int
    te_seconds: float
    q3_seconds: float
    q3_total: int  # every quantulum3 quantity
    q3_checked: int  # currency or percent
    q3_agree: int
    q3_agree_unit: int
    te_total: int  # every tradeextract quantity
    te_checked: int  # money or percent
    te_agree: int
    te_agree_unit: int
    disagreements: list[Disagreement] = field(default_factory=list)


def same_amount(a: Found, b: Found) -> bool:
    return any(
        x == y or abs(x - y) <= TOLERANCE * max(x, y) for x in a.amounts() for y in b.amounts()
    )


def overlaps(a: Found, b: Found) -> bool:
    return a.start < b.end and b.start < a.end


def quantulum_unit(quantity) -> str | None:
    """ISO code for a currency, 'percent' for a percentage, None for anything else."""
    unit = quantity.unit
    if unit.name in QUANTULUM_PERCENT_UNITS:
        return "percent"
    if unit.entity.name == "currency":
        return unit.currency_code or unit.name
    return None


def context(text: str, start: int, end: int, width: int = 50) -> str:
    left = text[max(0, start - width) : start].replace("\n", " ")
    right = text[end : end + width].replace("\n", " ")
    return f"...{left}[[{text[start:end]}]]{right}..."


def match(item: Found, others: list[Found]) -> tuple[str, Found | None]:
    """'agree', 'unit differs', 'amount differs' or 'missing', and the best other quantity."""
    overlapping = [o for o in others if overlaps(item, o)]
    if not overlapping:
        return "missing", None
    same = [o for o in overlapping if same_amount(item, o)]
    if not same:
        return "amount differs", overlapping[0]
    agreeing = [o for o in same if o.unit == item.unit]
    return ("agree", agreeing[0]) if agreeing else ("unit differs", same[0])


def compare_article(path: Path, nlp, parse) -> ArticleResult:
    import tradeextract

    text = path.read_text(encoding="utf-8")
    start = time.perf_counter()
    te_quantities = tradeextract.quantities(text, nlp=nlp)
    te_seconds = time.perf_counter() - start
    start = time.perf_counter()
    q3_quantities = parse(text)
    q3_seconds = time.perf_counter() - start

    te_all = [Found(q.start, q.end, q.amount, q.unit, q.text, q.upper) for q in te_quantities]
    te_checked = [
        f for f, q in zip(te_all, te_quantities, strict=True) if q.kind in ("money", "percent")
    ]
    q3_all, q3_checked = [], []
    for q in q3_quantities:
        unit = quantulum_unit(q)
        start, end = q.span
        found = Found(start, end, float(q.value), unit or q.unit.name, q.surface)
        q3_all.append(found)
        if unit is not None:
            q3_checked.append(found)

    result = ArticleResult(
        path.stem,
        len(text),
        te_seconds,
        q3_seconds,
        len(q3_all),
        len(q3_checked),
        0,
        0,
        len(te_all),
        len(te_checked),
        0,
        0,
    )
    for direction, items, others in (
        ("quantulum3 -> tradeextract", q3_checked, te_all),
        ("tradeextract -> quantulum3", te_checked, q3_all),
    ):
        for item in items:
            verdict, other = match(item, others)
            prefix = "q3" if direction.startswith("quantulum3") else "te"
            if verdict in ("agree", "unit differs"):
                setattr(result, f"{prefix}_agree", getattr(result, f"{prefix}_agree") + 1)
            if verdict == "agree":
                setattr(result, f"{prefix}_agree_unit", getattr(result, f"{prefix}_agree_unit") + 1)
            else:
                result.disagreements.append(
                    Disagreement(
                        path.stem,
                        direction,
                        verdict,
                        item,
                        other,
                        context(text, item.start, item.end),
                    )
                )
    return result


def percent(part: int, whole: int) -> str:
    return f"{100 * part / whole:.1f}%" if whole else "-"


def print_table(rows: list[tuple[str, ...]]) -> None:
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    for n, row in enumerate(rows):
        print(
            "  ".join(
                c.rjust(w) if i else c.ljust(w)
                for i, (c, w) in enumerate(zip(row, widths, strict=True))
            ).rstrip()
        )
        if n in (0, len(rows) - 2):
            print("  ".join("-" * w for w in widths))


def describe(found: Found | None) -> str:
    if found is None:
        return "nothing overlapping"
    upper = f"-{found.upper:,.6g}" if found.upper is not None else ""
    return f"{found.text!r} = {found.amount:,.6g}{upper} {found.unit}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("articles", nargs="*", help="article .txt files (default: the fixtures)")
    parser.add_argument(
        "--examples",
        type=int,
        default=12,
        help="disagreements to show per direction and kind (default 12)",
    )
    parser.add_argument("--json", metavar="FILE", help="also write every result as JSON")
    args = parser.parse_args(argv)
    paths = [Path(p) for p in args.articles] or sorted(FIXTURES.glob("*.txt"))

    import tradeextract

    start = time.perf_counter()
    nlp = tradeextract.load()
    te_setup = time.perf_counter() - start
    tradeextract.quantities("Exports rose 5% to $1.2 billion.", nlp=nlp)
    start = time.perf_counter()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # "classifier dependencies not installed"
        from quantulum3 import parser as q3_parser

        q3_parser.parse("Exports rose 5% to $1.2 billion.")
    q3_setup = time.perf_counter() - start

    results = []
    for path in paths:
        print(f"{path.name} ...", file=sys.stderr, flush=True)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            results.append(compare_article(path, nlp, q3_parser.parse))

    rows = [
        (
            "article",
            "chars",
            "te ms",
            "q3 ms",
            "q3 cur/%",
            "q3 agree",
            "te money/%",
            "te agree",
            "same unit q3/te",
        )
    ]
    for r in results:
        rows.append(
            (
                r.name,
                f"{r.chars:,}",
                f"{1000 * r.te_seconds:.1f}",
                f"{1000 * r.q3_seconds:,.0f}",
                str(r.q3_checked),
                percent(r.q3_agree, r.q3_checked),
                str(r.te_checked),
                percent(r.te_agree, r.te_checked),
                f"{percent(r.q3_agree_unit, r.q3_checked)} / {percent(r.te_agree_unit, r.te_checked)}",
            )
        )
    total = {
        k: sum(getattr(r, k) for r in results)
        for k in (
            "chars",
            "te_seconds",
            "q3_seconds",
            "q3_total",
            "q3_checked",
            "q3_agree",
            "q3_agree_unit",
            "te_total",
            "te_checked",
            "te_agree",
            "te_agree_unit",
        )
    }
    rows.append(
        (
            f"total ({len(results)} articles)",
            f"{total['chars']:,}",
            f"{1000 * total['te_seconds']:.0f}",
            f"{1000 * total['q3_seconds']:,.0f}",
            str(total["q3_checked"]),
            percent(total["q3_agree"], total["q3_checked"]),
            str(total["te_checked"]),
            percent(total["te_agree"], total["te_checked"]),
            f"{percent(total['q3_agree_unit'], total['q3_checked'])} / "
            f"{percent(total['te_agree_unit'], total['te_checked'])}",
        )
    )
    print()
    print_table(rows)
    n = len(results)
    print(
        f"\nspeed: tradeextract {1000 * total['te_seconds'] / n:.1f} ms/article, quantulum3 "
        f"{1000 * total['q3_seconds'] / n:,.0f} ms/article: tradeextract "
        f"{total['q3_seconds'] / total['te_seconds']:,.0f}x faster "
        f"(set-up apart: pipeline build {te_setup:.2f} s, quantulum3 first call {q3_setup:.2f} s)"
    )
    print(
        f"agreement on amount (within {TOLERANCE:.1%}, overlapping spans): "
        f"{total['q3_agree']}/{total['q3_checked']} quantulum3 currency/percent quantities "
        f"({percent(total['q3_agree'], total['q3_checked'])}) found by tradeextract; "
        f"{total['te_agree']}/{total['te_checked']} tradeextract money/percent quantities "
        f"({percent(total['te_agree'], total['te_checked'])}) found by quantulum3"
    )
    print(f"(all quantities: quantulum3 {total['q3_total']}, tradeextract {total['te_total']})")

    disagreements = [d for r in results for d in r.disagreements]
    for direction in ("quantulum3 -> tradeextract", "tradeextract -> quantulum3"):
        for kind in ("missing", "amount differs", "unit differs"):
            chosen = [d for d in disagreements if d.direction == direction and d.kind == kind]
            if not chosen:
                continue
            print(f"\n{direction}: {kind} ({len(chosen)}), e.g.")
            for d in chosen[: args.examples]:
                print(f"  {d.article}: {describe(d.found)} vs {describe(d.other)}")
                print(f"      {d.context}")
    if args.json:
        payload = {
            "totals": total,
            "articles": [asdict(r) for r in results],
            "tradeextract_setup_seconds": te_setup,
            "quantulum3_setup_seconds": q3_setup,
        }
        Path(args.json).write_text(json.dumps(payload, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
