"""A deterministic benchmark corpus of trade-news articles, varied from the test fixtures.

Nothing generated is committed: the scripts build the corpus at run time (a few MB in a temp
folder). Each article starts from one fixture (round robin) and is varied with a seeded RNG:

* sentences are shuffled within paragraphs, and sentences and whole paragraphs are borrowed
  from the other fixtures (so claims are mixed across articles);
* numbers that carry an amount (decimals, thousands groups, or a number followed by %,
  percent, pct or a scale word) are scaled by a random factor, keeping their format;
* years are shifted by one offset per article (so "2023 vs 2022" stays one year apart);
* countries (with their adjectives) and currencies (symbols, ISO codes, words after an
  amount) are swapped for others, consistently within an article.

The same seed and the same fixture files always give the same articles, whatever the platform.

    python benchmarks/corpus/generate.py OUT_DIR --megabytes 2 [--seed 0]
    python benchmarks/corpus/generate.py OUT_DIR --articles 10000
"""

from __future__ import annotations

import argparse
import os
import random
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
FIXTURES = REPO / "tests" / "fixtures"

# (name, adjective): names a country may be written as, and its adjective.
COUNTRIES: list[tuple[str, str]] = [
    ("China", "Chinese"),
    ("Japan", "Japanese"),
    ("Germany", "German"),
    ("Mexico", "Mexican"),
    ("Brazil", "Brazilian"),
    ("India", "Indian"),
    ("Vietnam", "Vietnamese"),
    ("South Korea", "South Korean"),
    ("Australia", "Australian"),
    ("Sweden", "Swedish"),
    ("Canada", "Canadian"),
    ("France", "French"),
    ("Italy", "Italian"),
    ("Indonesia", "Indonesian"),
    ("Thailand", "Thai"),
    ("Malaysia", "Malaysian"),
    ("Turkey", "Turkish"),
    ("Poland", "Polish"),
    ("Spain", "Spanish"),
    ("Belgium", "Belgian"),
    ("Chile", "Chilean"),
    ("Argentina", "Argentine"),
    ("South Africa", "South African"),
    ("Norway", "Norwegian"),
    ("Switzerland", "Swiss"),
    ("Singapore", "Singaporean"),
    ("Egypt", "Egyptian"),
    ("Saudi Arabia", "Saudi"),
]
# Currency forms by group: a form is only swapped for another of the same group.
CURRENCY_SYMBOLS = ["$", "€", "£", "¥", "₹", "₩"]
CURRENCY_CODES = "USD EUR GBP JPY CNY KRW INR SEK BRL MXN AUD CAD CHF VND THB IDR ZAR PLN".split()  # noqa: SIM905
CURRENCY_WORDS = ["dollars", "euros", "yen", "yuan", "pounds", "rupees", "won", "kronor"]

_SCALE = r"(?:trillion|billion|million|thousand|bn|mn|tn|m|b)\b"
# An amount-like number: grouped thousands or decimals, or any number followed by a unit word.
NUMBER = re.compile(
    r"(?<![\w.,])(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+\.\d+|\d+(?=\s?(?:%|percent\b|pct\b|per cent\b|"
    + _SCALE
    + r")))(?![\w,]*\d)"
)
YEAR = re.compile(r"(?<![\w.,$€£¥-])(19[89]\d|20[0-3]\d)(?![\w.,]\d|\d)")
SYMBOL = re.compile(r"(?<![A-Za-z$€£¥₹₩])([$€£¥₹₩])(?=\s?\d)")
CODE = re.compile(
    r"\b("
    + "|".join(CURRENCY_CODES)
    + r")\b(?=\s?\d)|(?<=\d )("
    + "|".join(CURRENCY_CODES)
    + r")\b"
)
WORD = re.compile(r"(?<=\d )((?:(?:tr|b|m)illion )?)(" + "|".join(CURRENCY_WORDS) + r")\b")
_COUNTRY_FORMS = {form: index for index, pair in enumerate(COUNTRIES) for form in pair}
COUNTRY = re.compile(
    r"\b(" + "|".join(re.escape(f) for f in sorted(_COUNTRY_FORMS, key=len, reverse=True)) + r")\b"
)
SENTENCE_END = re.compile(r"(?<=[a-z0-9%)\"”][.!?])\s+(?=[A-Z“\"(])")


@dataclass(frozen=True)
class Article:
    doc_id: str
    text: str


def load_fixtures(folder: Path = FIXTURES) -> list[tuple[str, str]]:
    """(stem, text) of every fixture article, in sorted order."""
    paths = sorted(folder.glob("*.txt"))
    if not paths:
        raise FileNotFoundError(f"no *.txt fixtures in {folder}")
    return [(path.stem, path.read_text(encoding="utf-8")) for path in paths]


def paragraphs(text: str) -> list[str]:
    return [p for p in re.split(r"\n\s*\n", text.strip()) if p.strip()]


def sentences(paragraph: str) -> list[str]:
    return [s for s in SENTENCE_END.split(paragraph.strip()) if s]


class Variator:
    """Article `i` of the corpus for a seed: `article(i)`, or a stream with `articles()`."""

    def __init__(self, seed: int = 0, fixtures: list[tuple[str, str]] | None = None) -> None:
        self.seed = seed
        self.fixtures = fixtures if fixtures is not None else load_fixtures()
        self.bodies = [paragraphs(text) for _, text in self.fixtures]
        # Borrowable material: body paragraphs (not headlines) and sentences with a number.
        self.paragraph_pool = [p for body in self.bodies for p in body[1:] if len(p) > 120]
        self.sentence_pool = [
            s for p in self.paragraph_pool for s in sentences(p) if re.search(r"\d", s)
        ]

    def articles(self, count: int | None = None, min_bytes: int | None = None) -> Iterator[Article]:
        """The first `count` articles, or as many as make at least `min_bytes` of UTF-8."""
        index = size = 0
        while (count is None or index < count) and (min_bytes is None or size < min_bytes):
            article = self.article(index)
            size += len(article.text.encode("utf-8"))
            yield article
            index += 1

    def article(self, index: int) -> Article:
        rng = random.Random(f"tradeextract-bench:{self.seed}:{index}")
        base = index % len(self.fixtures)
        stem = self.fixtures[base][0]
        body = self.bodies[base]
        out = [body[0]]  # the headline stays first
        for paragraph in body[1:]:
            roll = rng.random()
            if roll < 0.08:
                continue  # drop it
            if roll < 0.20:
                out.append(rng.choice(self.paragraph_pool))  # a paragraph from elsewhere
            out.append(self._vary_paragraph(paragraph, rng))
        text = "\n\n".join(out) + "\n"
        text = shift_years(text, rng.randint(-8, 1))
        text = swap_countries(text, rng)
        text = swap_currencies(text, rng)
        text = scale_numbers(text, rng)
        return Article(f"g{index:05d}_{stem}", text)

    def _vary_paragraph(self, paragraph: str, rng: random.Random) -> str:
        parts = sentences(paragraph)
        if len(parts) < 2:
            return paragraph
        if rng.random() < 0.25:
            rng.shuffle(parts)
        if rng.random() < 0.35:
            parts[rng.randrange(len(parts))] = rng.choice(self.sentence_pool)
        if rng.random() < 0.25:
            parts.insert(rng.randrange(len(parts) + 1), rng.choice(self.sentence_pool))
        return " ".join(parts)


def shift_years(text: str, offset: int) -> str:
    return YEAR.sub(lambda m: str(int(m.group(1)) + offset), text) if offset else text


def swap_countries(text: str, rng: random.Random, share: float = 0.6) -> str:
    """Swap some of the countries present for others, name and adjective alike."""
    present = sorted({_COUNTRY_FORMS[m.group(1)] for m in COUNTRY.finditer(text)})
    if not present:
        return text
    others = [i for i in range(len(COUNTRIES)) if i not in present]
    rng.shuffle(others)
    mapping: dict[str, str] = {}
    for index in present:
        if others and rng.random() < share:
            new = others.pop()
            for old_form, new_form in zip(COUNTRIES[index], COUNTRIES[new], strict=True):
                mapping[old_form] = new_form

    if not mapping:
        return text
    return COUNTRY.sub(lambda m: mapping.get(m.group(1), m.group(1)), text)


def swap_currencies(text: str, rng: random.Random, share: float = 0.5) -> str:
    """With probability `share` each, remap currency symbols, ISO codes and words after amounts."""

    def remap(forms: list[str]) -> dict[str, str]:
        if rng.random() >= share:
            return {}
        shuffled = forms[:]
        rng.shuffle(shuffled)
        return dict(zip(forms, shuffled, strict=True))

    symbols, codes, words = remap(CURRENCY_SYMBOLS), remap(CURRENCY_CODES), remap(CURRENCY_WORDS)
    if symbols:
        text = SYMBOL.sub(lambda m: symbols.get(m.group(1), m.group(1)), text)
    if codes:
        text = CODE.sub(lambda m: codes.get(m.group(0), m.group(0)), text)
    if words:
        text = WORD.sub(lambda m: m.group(1) + words.get(m.group(2), m.group(2)), text)
    return text


def scale_numbers(text: str, rng: random.Random, share: float = 0.7) -> str:
    """Scale most amount-like numbers by 0.4-1.6, keeping decimals and thousands separators."""

    def replace(match: re.Match[str]) -> str:
        old = match.group(1)
        if rng.random() >= share:
            return old
        grouped = "," in old
        digits = old.replace(",", "")
        decimals = len(digits.partition(".")[2])
        value = float(digits) * rng.uniform(0.4, 1.6)
        if decimals == 0:
            value = max(1, round(value))
        return f"{value:,.{decimals}f}" if grouped else f"{value:.{decimals}f}"

    return NUMBER.sub(replace, text)


def generate(
    count: int | None = None, min_bytes: int | None = None, seed: int = 0
) -> list[Article]:
    if count is None and min_bytes is None:
        raise ValueError("give a count of articles or a minimum size in bytes")
    return list(Variator(seed).articles(count, min_bytes))


def write_articles(folder: str | os.PathLike[str], articles: list[Article]) -> Path:
    """One UTF-8 .txt file per article, named by its doc_id."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    for article in articles:
        (folder / f"{article.doc_id}.txt").write_text(article.text, encoding="utf-8")
    return folder


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("output", help="folder to write the .txt articles to")
    size = parser.add_mutually_exclusive_group(required=True)
    size.add_argument("--articles", type=int, help="number of articles")
    size.add_argument("--megabytes", type=float, help="at least this many MB (10^6 bytes) of text")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    min_bytes = int(args.megabytes * 1_000_000) if args.megabytes else None
    articles = generate(args.articles, min_bytes, args.seed)
    write_articles(args.output, articles)
    total = sum(len(a.text.encode("utf-8")) for a in articles)
    print(
        f"wrote {len(articles)} articles, {total / 1e6:.2f} MB, to {args.output}", file=sys.stderr
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
