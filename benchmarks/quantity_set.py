"""Money and percentages on an annotated sentence set: P/R/F1 and speed per system.

    python benchmarks/quantity_set.py benchmarks/data/quantity_news.jsonl
    python benchmarks/quantity_set.py benchmarks/data/*.jsonl --errors 40
    python benchmarks/quantity_set.py SET.jsonl --systems tradeextract --json out.json

A set is JSON lines, one sentence each:
    {"id": ..., "text": ..., "quantities": [{"text", "start", "end", "kind": "money"|"percent",
     "value", "upper", "unit", "approx", "sign", "per"}]}

Systems: `tradeextract.quantities`, `quantulum3.parser.parse`, and CQE (`from CQE.CQE import
CQE`) where it is importable (it needs torch: run it from a virtual environment of its own,
never a dependency of this project). Each system reads every sentence once, one call per
sentence, after a warm-up call; sentences/s is on that wall time.

Scoring counts money and percentages only. A system's quantity is money when its unit is a
currency (tradeextract kind "money", quantulum3/CQE a currency unit, reduced to an ISO code) and
a percentage when its unit is percent; percentage points are percentages of their own unit
"pp" (a gold quantity of kind "percent" and unit "pp"; tradeextract kind "pp" unless written in
basis points, which are not counted). Per sentence, predicted and gold quantities are paired one
to one: a pair needs the same unit and the same value within 0.5% (magnitudes: a sign is a
direction, kept apart in `sign`); a range is compared on its lower end ("value"). Each gold
quantity pairs with at most one prediction, closest value first. P = pairs / predictions,
R = pairs / gold, F1 their harmonic mean.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
import warnings
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path

TOLERANCE = 0.005
PERCENT_NAMES = frozenset({"percent", "percentage", "per cent", "%", "pct"})
POINT_NAMES = frozenset({"percentage point", "percentage points", "pp"})
BASIS_POINTS = re.compile(r"\bb(?:asis\s+points?|ps?)\b", re.IGNORECASE)
# unit names other systems give for currencies without an ISO code
CURRENCY_NAMES = {
    "dollar": "USD",
    "united states dollar": "USD",
    "euro": "EUR",
    "pound sterling": "GBP",
    "pound": "GBP",
    "yen": "JPY",
    "japanese yen": "JPY",
    "yuan": "CNY",
    "chinese yuan": "CNY",
    "renminbi": "CNY",
    "indian rupee": "INR",
    "rupee": "INR",
}


@dataclass
class Item:
    """One quantity, reduced to what scoring needs."""

    value: float
    unit: str  # ISO code or "percent"
    text: str
    upper: float | None = None


@dataclass
class Sentence:
    id: str
    text: str
    gold: list[Item]


@dataclass
class SystemResult:
    name: str
    seconds: float = 0.0
    predicted: int = 0
    gold: int = 0
    paired: int = 0
    false_positives: list[tuple[str, str, Item]] = field(default_factory=list)
    false_negatives: list[tuple[str, str, Item]] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.paired / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.paired / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def normalise_unit(unit: str | None) -> str:
    """'%'/'percentage' -> 'percent'; currency names -> ISO codes; codes upper-case."""
    text = (unit or "").strip()
    if text.lower() in PERCENT_NAMES:
        return "percent"
    if text.lower() in CURRENCY_NAMES:
        return CURRENCY_NAMES[text.lower()]
    return text.upper() if len(text) == 3 else text


def gold_unit(quantity: dict) -> str:
    """An ISO code, 'percent' or 'pp'."""
    if quantity.get("kind") == "percent":
        return "pp" if str(quantity.get("unit", "")).lower() == "pp" else "percent"
    return normalise_unit(quantity["unit"])


def read_set(path: Path) -> list[Sentence]:
    """The sentences of a JSONL set; a bad line is an error naming the file and line."""
    sentences = []
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
                gold = [
                    Item(
                        abs(float(q["value"])),
                        gold_unit(q),
                        q.get("text", ""),
                        q.get("upper"),
                    )
                    for q in row["quantities"]
                    if q.get("kind", "money") in ("money", "percent")
                ]
                sentences.append(Sentence(str(row.get("id", number)), row["text"], gold))
            except (ValueError, KeyError, TypeError) as error:
                raise SystemExit(f"{path}:{number}: not a quantity-set line ({error})") from None
    return sentences


def same_value(a: float, b: float) -> bool:
    return a == b or abs(a - b) <= TOLERANCE * max(abs(a), abs(b))


def pair(predicted: list[Item], gold: list[Item]) -> tuple[list[Item], list[Item], int]:
    """One-to-one pairs on unit and value; returns unpaired predictions, unpaired gold, pairs."""
    options = sorted(
        (abs(p.value - g.value) / max(abs(g.value), 1e-12), i, j)
        for i, p in enumerate(predicted)
        for j, g in enumerate(gold)
        if p.unit == g.unit and same_value(p.value, g.value)
    )
    used_p: set[int] = set()
    used_g: set[int] = set()
    for _, i, j in options:
        if i not in used_p and j not in used_g:
            used_p.add(i)
            used_g.add(j)
    return (
        [p for i, p in enumerate(predicted) if i not in used_p],
        [g for j, g in enumerate(gold) if j not in used_g],
        len(used_p),
    )


# ---------------------------------------------------------------- the systems


def tradeextract_system() -> Callable[[str], list[Item]]:
    import tradeextract

    nlp = tradeextract.load()

    def run(text: str) -> list[Item]:
        return [
            Item(abs(q.amount), "percent" if q.kind == "percent" else q.unit, q.text, q.upper)
            for q in tradeextract.quantities(text, nlp=nlp)
            if q.kind in ("money", "percent")
            or (q.kind == "pp" and not BASIS_POINTS.search(q.text))
        ]

    return run


def quantulum_unit(unit) -> str | None:  # noqa: ANN001 - a quantulum3 Unit
    if unit.name in PERCENT_NAMES:
        return "percent"
    if unit.entity.name == "currency":
        return unit.currency_code or CURRENCY_NAMES.get(unit.name, unit.name)
    return None


def quantulum_system() -> Callable[[str], list[Item]]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # "classifier dependencies not installed"
        from quantulum3 import parser

    def run(text: str) -> list[Item]:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            found = parser.parse(text)
        items = []
        for q in found:
            unit = quantulum_unit(q.unit)
            if unit is not None and q.value is not None:
                items.append(Item(abs(float(q.value)), unit, q.surface))
        return items

    return run


def cqe_unit(quantity) -> str | None:  # noqa: ANN001 - a CQE Quantity
    unit = getattr(quantity, "unit", None)
    name = str(getattr(unit, "norm_unit", None) or unit or "").strip().lower()
    if name in PERCENT_NAMES:
        return "percent"
    if name in POINT_NAMES:
        return "pp"
    if name in CURRENCY_NAMES:
        return CURRENCY_NAMES[name]
    if len(name) == 3 and name.isalpha():
        return name.upper()
    return None


def cqe_system() -> Callable[[str], list[Item]] | None:
    """CQE where it imports (it needs torch and its own spaCy model), else None."""
    try:
        from CQE.CQE import CQE  # type: ignore[import-not-found]
    except Exception:  # noqa: BLE001 - any import failure means: not available here
        return None
    parser = CQE(overload=True)

    def run(text: str) -> list[Item]:
        items = []
        for q in parser.parse(text):
            unit = cqe_unit(q)
            try:
                value = float(q.value)
            except (TypeError, ValueError):
                continue
            if unit is not None:
                items.append(Item(abs(value), unit, str(q)))
        return items

    return run


SYSTEMS: dict[str, Callable[[], Callable[[str], list[Item]] | None]] = {
    "tradeextract": tradeextract_system,
    "quantulum3": quantulum_system,
    "CQE": cqe_system,
}


def score(name: str, run: Callable[[str], list[Item]], sentences: list[Sentence]) -> SystemResult:
    run("Exports rose five percent to $1.2 billion.")  # warm-up: set-up is not speed
    result = SystemResult(name)
    predictions = []
    start = time.perf_counter()
    for sentence in sentences:
        predictions.append(run(sentence.text))
    result.seconds = time.perf_counter() - start
    for sentence, predicted in zip(sentences, predictions, strict=True):
        extra, missed, paired = pair(predicted, sentence.gold)
        result.predicted += len(predicted)
        result.gold += len(sentence.gold)
        result.paired += paired
        result.false_positives += [(sentence.id, sentence.text, p) for p in extra]
        result.false_negatives += [(sentence.id, sentence.text, g) for g in missed]
    return result


def describe(item: Item) -> str:
    upper = f"..{item.upper:,.6g}" if item.upper is not None else ""
    return f"{item.text!r} = {item.value:,.6g}{upper} {item.unit}"


def print_errors(result: SystemResult, count: int) -> None:
    for label, rows in (
        ("false positives", result.false_positives),
        ("false negatives", result.false_negatives),
    ):
        print(f"\n{result.name}: {label} ({len(rows)})")
        for sentence_id, text, item in rows[:count]:
            print(f"  [{sentence_id}] {describe(item)}\n      {text}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sets", nargs="+", type=Path, help="JSONL quantity sets")
    parser.add_argument(
        "--systems",
        default=",".join(SYSTEMS),
        help=f"comma-separated, of {', '.join(SYSTEMS)} (default: all)",
    )
    parser.add_argument("--errors", type=int, default=0, help="show N errors per system and kind")
    parser.add_argument("--json", metavar="FILE", help="also write the figures as JSON")
    args = parser.parse_args(argv)
    names = [n.strip() for n in args.systems.split(",") if n.strip()]
    unknown = [n for n in names if n not in SYSTEMS]
    if unknown:
        parser.error(f"unknown system(s): {', '.join(unknown)}")
    for path in args.sets:
        if not path.is_file():
            parser.error(f"{path}: no such file")

    runners = {}
    for name in names:
        runner = SYSTEMS[name]()
        if runner is None:
            print(f"{name}: not importable here, skipped", file=sys.stderr)
        else:
            runners[name] = runner

    report = {}
    for path in args.sets:
        sentences = read_set(path)
        gold = sum(len(s.gold) for s in sentences)
        print(f"\n{path} : {len(sentences)} sentences, {gold} money/percent quantities")
        print(f"{'system':<14}{'P':>7}{'R':>7}{'F1':>7}{'pred':>7}{'pairs':>7}{'sent/s':>10}")
        for name, runner in runners.items():
            result = score(name, runner, sentences)
            speed = len(sentences) / result.seconds if result.seconds else float("inf")
            print(
                f"{name:<14}{result.precision:>7.3f}{result.recall:>7.3f}{result.f1:>7.3f}"
                f"{result.predicted:>7}{result.paired:>7}{speed:>10,.0f}"
            )
            if args.errors:
                print_errors(result, args.errors)
            report.setdefault(str(path), {})[name] = {
                "precision": result.precision,
                "recall": result.recall,
                "f1": result.f1,
                "predicted": result.predicted,
                "gold": result.gold,
                "paired": result.paired,
                "sentences_per_second": speed,
                "false_positives": [(i, asdict(p)) for i, _, p in result.false_positives],
                "false_negatives": [(i, asdict(g)) for i, _, g in result.false_negatives],
            }
    if args.json:
        Path(args.json).write_text(json.dumps(report, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
