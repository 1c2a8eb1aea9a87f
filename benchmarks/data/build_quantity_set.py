"""Turn the hand-annotated sentences in quantity_own/*.txt into quantity_own.jsonl.

    python benchmarks/data/build_quantity_set.py          # writes benchmarks/data/quantity_own.jsonl

The .txt files are the source: one "S: sentence" line, then one line per money amount or
percentage (unit "percent", or "pp" for percentage points), "= span | value[..upper] UNIT [approx=gt|lt|about] [sign=+|-] [per=words...]";
"span#2" names the second occurrence of span in the sentence. Offsets are found here, by
string search, so they are exact; nothing in tradeextract is used. A line that does not parse
or a span the sentence lacks is an error naming the file and line.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
SOURCE = HERE / "quantity_own"
OUTPUT = HERE / "quantity_own.jsonl"
NUMBER = r"(?:\d+(?:\.\d+)?|\.\d+)(?:e\d+)?"
ANNOTATION = re.compile(
    r"^= (?P<span>.+?)(?:#(?P<nth>\d+))? \| (?P<value>{n})(?:\.\.(?P<upper>{n}))? "
    r"(?P<unit>[A-Za-z]+)(?P<rest>(?: [a-z]+=.*)?)$".replace("{n}", NUMBER)
)
KEYS = ("approx", "sign", "per")


def nth_index(text: str, span: str, nth: int) -> int:
    index = -1
    for _ in range(nth):
        index = text.find(span, index + 1)
        if index < 0:
            break
    return index


def parse_rest(rest: str) -> dict[str, str]:
    """'approx=about per=a month' -> {'approx': 'about', 'per': 'a month'}."""
    found: dict[str, str] = {}
    parts = re.split(r" (?=(?:{})=)".format("|".join(KEYS)), rest.strip())
    for part in filter(None, parts):
        key, _, value = part.partition("=")
        if key not in KEYS or not value:
            raise ValueError(f"unknown field {part!r}")
        found[key] = value
    return found


def read_file(path: Path) -> list[dict]:
    rows: list[dict] = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        where = f"{path.name}:{number}"
        if not line.strip() or line.startswith("#"):
            continue
        if line.startswith("S: "):
            rows.append(
                {"id": f"{path.stem}-{len(rows) + 1:03d}", "text": line[3:], "quantities": []}
            )
            continue
        match = ANNOTATION.match(line)
        if not match or not rows:
            raise SystemExit(f"{where}: not an annotation line: {line!r}")
        row = rows[-1]
        span = match.group("span")
        start = nth_index(row["text"], span, int(match.group("nth") or 1))
        if start < 0:
            raise SystemExit(f"{where}: {span!r} is not in the sentence")
        try:
            extra = parse_rest(match.group("rest"))
        except ValueError as error:
            raise SystemExit(f"{where}: {error}") from None
        unit = match.group("unit")
        row["quantities"].append(
            {
                "text": span,
                "start": start,
                "end": start + len(span),
                "kind": "percent" if unit in ("percent", "pp") else "money",
                "value": float(match.group("value")),
                "upper": float(match.group("upper")) if match.group("upper") else None,
                "unit": unit,
                "approx": extra.get("approx"),
                "sign": extra.get("sign"),
                "per": extra.get("per"),
            }
        )
    return rows


def main() -> int:
    rows = [row for path in sorted(SOURCE.glob("*.txt")) for row in read_file(path)]
    with OUTPUT.open("w", encoding="utf-8") as handle:
        for row in rows:
            handle.write(json.dumps(row, ensure_ascii=False) + "\n")
    quantities = sum(len(row["quantities"]) for row in rows)
    print(f"{OUTPUT}: {len(rows)} sentences, {quantities} quantities")
    return 0


if __name__ == "__main__":
    sys.exit(main())
