"""Money, percentages, percentage points, multiples, counts and volumes, found by regex.

The regex templates and every vocabulary they use are data files; this module only fills the
templates, runs them over the text once and keeps the longest non-overlapping matches. Offsets
are exact characters, not token boundaries, so provenance never drifts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc

from tradeextract.extensions import doc_text, register_extensions
from tradeextract.model import Quantity
from tradeextract.normalise.numbers import looks_like_year, parse_number, scaled
from tradeextract.normalise.spelled import spelled_amount
from tradeextract.recognise.base import DataComponent, find_candidates, longest_first
from tradeextract.resources import read_json, read_lines

QUANTITY_FILES = (
    "quantity_patterns.json",
    "currencies.json",
    "scales.json",
    "units.json",
    "count_nouns.txt",
)


@dataclass(frozen=True)
class QuantityRules:
    patterns: tuple[tuple[str, re.Pattern[str], tuple[str, ...], str], ...]
    number_anchor: re.Pattern[str]
    prefix_anchor: re.Pattern[str]
    scales: dict[str, float]
    prefix_codes: dict[str, str]
    suffix_codes: dict[str, str]
    needs_scale: frozenset[str]
    units: dict[str, str]
    word_amounts: dict[str, float]
    word_approx: dict[str, str]
    attached_prefixes: dict[str, str]
    bare_dollar_forms: frozenset[str]
    dollar_families: re.Pattern[str]
    family_codes: dict[str, str]
    us_dollar_forms: tuple[str, ...]


def _alternation(forms: list[str]) -> str:
    """Longest first, so 'US dollars' wins over 'US' and 'billion' over 'b'."""
    unique = sorted(set(forms), key=lambda form: (-len(form), form))
    return "|".join(re.escape(form).replace(r"\ ", r"\s") for form in unique)


def _currency_forms(data: dict) -> tuple[dict[str, str], dict[str, str], frozenset[str]]:
    prefix: dict[str, str] = {}
    suffix: dict[str, str] = {}
    for code, forms in data.items():
        if code.startswith("_"):
            continue
        for form in forms.get("prefix", []):
            prefix.setdefault(form, code)
        for form in forms.get("suffix", []):
            suffix.setdefault(form.lower(), code)
    return prefix, suffix, frozenset(data.get("_needs_scale", []))


@lru_cache(maxsize=8)
def load_quantity_rules(data_dir: Path) -> QuantityRules:
    """Compile the quantity patterns once per data folder."""
    spec = read_json("quantity_patterns.json", data_dir)
    currencies = read_json("currencies.json", data_dir)
    prefix, suffix, needs_scale = _currency_forms(currencies)
    bare = currencies["_bare_dollars"]
    scales = {k.lower(): float(v) for k, v in read_json("scales.json", data_dir)["scales"].items()}
    units = {k: v for k, v in read_json("units.json", data_dir).items() if not k.startswith("_")}
    fills = {
        "not_year_range": spec["not_year_range"],
        "spelled_number": spec["spelled_number"],
        "num": spec["num"],
        "range_sep": spec["range_sep"],
        "prefix": _alternation(list(prefix)),
        "suffix": "(?i:" + _alternation(list(suffix)) + ")",
        "scale": "(?i:" + _alternation(list(scales)) + ")",
        "unit": "(?i:" + _alternation(list(units)) + ")",
        "count_noun": "(?i:" + _alternation(read_lines("count_nouns.txt", data_dir)) + ")",
        "per_unit": "(?i:" + _alternation(spec["per_unit"]) + ")",
    }
    patterns = tuple(
        (
            entry["kind"],
            re.compile(_fill(entry["regex"], fills)),
            tuple(entry.get("requires", ())),
            entry.get("anchor", "scan"),
        )
        for entry in spec["patterns"]
    )
    return QuantityRules(
        patterns=patterns,
        number_anchor=re.compile(spec["number_anchor"]),
        prefix_anchor=re.compile("(?<![\\w$€£¥₩₹])(?:" + fills["prefix"] + ")"),
        scales=scales,
        prefix_codes=prefix,
        suffix_codes=suffix,
        needs_scale=needs_scale,
        units={k.lower(): v for k, v in units.items()},
        word_amounts={k.lower(): float(v) for k, v in spec["word_amounts"].items()},
        word_approx={k.lower(): v for k, v in spec["word_approx"].items()},
        attached_prefixes=spec["attached_prefixes"],
        bare_dollar_forms=frozenset(bare["forms"]),
        dollar_families=re.compile(
            r"\b(" + "|".join(map(re.escape, bare["families"])) + r") (?:dollars|dlrs|dlr)\b"
        ),
        family_codes=bare["families"],
        us_dollar_forms=tuple(bare["us_forms"]),
    )


def _fill(template: str, fills: dict[str, str]) -> str:
    return re.sub(r"\{([a-z_]+)\}", lambda m: fills[m.group(1)], template)


def _group(match: re.Match[str], name: str) -> str | None:
    return match.group(name) if name in match.re.groupindex else None


def _unit_of(kind: str, match: re.Match[str], rules: QuantityRules) -> str | None:
    if kind == "money":
        if _group(match, "cura"):
            return rules.attached_prefixes.get(match.group("cura"))
        cur = _group(match, "cur")
        if cur:
            return rules.prefix_codes.get(cur) or rules.prefix_codes.get(cur.strip())
        cur2 = (_group(match, "cur2") or "").lower()
        cur2 = re.sub(r"\s+", " ", cur2)
        if cur2 in rules.needs_scale and not _group(match, "scale"):
            return None
        return rules.suffix_codes.get(cur2)
    if kind == "volume":
        return rules.units.get(re.sub(r"\s+", " ", match.group("unit").lower()))
    if kind == "number":
        return ""
    return {"percent": "percent", "pp": "pp", "bp": "pp", "multiple": "fold", "count": "count"}[
        kind
    ]


def _amounts(kind: str, match: re.Match[str], rules: QuantityRules) -> tuple[float, float | None]:
    words = _group(match, "words")
    if words:
        amount = spelled_amount(re.sub(r"\s+", " ", words))
        if amount is None:
            raise ValueError(f"no number in {words!r}")
        return scaled(amount, _group(match, "scale"), rules.scales), None
    word = _group(match, "word")
    if word:
        return rules.word_amounts[re.sub(r"\s+", " ", word.lower())], None
    raw = match.group("num")
    amount = rules.word_amounts[raw.lower()] if raw.isalpha() else parse_number(raw)
    raw_upper = _group(match, "num2")
    upper = parse_number(raw_upper) if raw_upper else None
    scale = _group(match, "scale")
    if scale:
        amount = scaled(amount, scale, rules.scales)
        upper = scaled(upper, scale, rules.scales) if upper is not None else None
    if kind == "bp":
        amount, upper = amount / 100, (upper / 100 if upper is not None else None)
    return amount, upper


NAME_BEFORE = re.compile(r"\b[A-Z][a-z]+\s$")
NOT_NAMES = frozenset(
    [
        "Nearly",
        "More",
        "Over",
        "About",
        "Some",
        "Around",
        "Almost",
        "Roughly",
        "Only",
        "Just",
        "Approximately",
        "Another",
        "All",
        "Up",
        "Exactly",
        "The",
        "These",
        "Those",
        "Its",
        "Their",
        "With",
        "Of",
        "And",
        "But",
        "While",
        "As",
        "Since",
        "By",
        "In",
        "At",
        "On",
        "For",
        "From",
        "To",
        "Some",
        "Another",
        "Additional",
        "Further",
        "Total",
    ]
)


def _is_name(text: str, start: int) -> bool:
    """'Fortune 500 companies', 'Group 20 members': a capitalised word makes it a name."""
    before = text[max(0, start - 20) : start]
    match = NAME_BEFORE.search(before)
    return bool(match) and match.group(0).strip() not in NOT_NAMES


def _is_noise(kind: str, match: re.Match[str]) -> bool:
    """Years read as counts or volumes, names ('Fortune 500'), and currency-less 'marks' of a
    year are not quantities."""
    num = _group(match, "num") or ""
    if kind in ("count", "volume") and looks_like_year(num):
        return True
    if kind == "count" and _is_name(match.string, match.start()):
        return True
    return (
        kind == "money"
        and not _group(match, "scale")
        and looks_like_year(num)
        and not _group(match, "cur")
    )


def _number_starts(text: str, rules: QuantityRules) -> list[int]:
    """Where a number can start: a digit, or a sign and the digit after it."""
    starts = []
    for match in rules.number_anchor.finditer(text):
        starts.append(match.start())
        if not text[match.start()].isdigit():
            starts.append(match.start() + 1)
    return starts


def _anchor_starts(text: str, anchor: str, rules: QuantityRules) -> list[int] | None:
    if anchor == "number":
        return _number_starts(text, rules)
    if anchor == "prefix":
        return [m.start() for m in rules.prefix_anchor.finditer(text)]
    return None


def _bare_dollar_code(text: str, rules: QuantityRules) -> str | None:
    """'138 Canadian dlrs ... vs 181 dlrs': in an article whose only dollars are Canadian, plain
    'dlrs' are Canadian too. Any US-dollar form keeps plain dollars American."""
    families = {rules.family_codes[m.group(1)] for m in rules.dollar_families.finditer(text)}
    if len(families) != 1 or any(form in text for form in rules.us_dollar_forms):
        return None
    return families.pop()


def _is_bare_dollars(match: re.Match[str], rules: QuantityRules) -> bool:
    word = (_group(match, "cur2") or "").lower()
    before = match.string[max(0, match.start(0) - 1) : match.start(0)]
    return word in rules.bare_dollar_forms and not _group(match, "cur") and not before.isalpha()


def find_quantities(text: str, rules: QuantityRules) -> list[Quantity]:
    """All quantities in `text`, longest match first where two overlap, in text order."""
    candidates = find_candidates(
        text,
        rules.patterns,
        lambda text, anchor: _anchor_starts(text, anchor, rules),
        keep=lambda kind, match: not _is_noise(kind, match),
    )
    bare_dollars = _bare_dollar_code(text, rules)

    def convert(kind: str, match: re.Match[str]) -> Quantity | None:
        quantity = _to_quantity(kind, match, rules)
        if quantity is not None and bare_dollars and _is_bare_dollars(match, rules):
            quantity.unit = bare_dollars
        return quantity

    return longest_first(candidates, convert)


def _to_quantity(kind: str, match: re.Match[str], rules: QuantityRules) -> Quantity | None:
    unit = _unit_of(kind, match, rules)
    if unit is None:
        return None
    try:
        amount, upper = _amounts(kind, match, rules)
    except (ValueError, KeyError, OverflowError):
        return None
    if amount != amount or amount in (float("inf"), float("-inf")):
        return None
    word = (_group(match, "word") or "").lower()
    per = _group(match, "per")
    text = match.group(0)
    end = match.end()
    stripped = text.rstrip()
    end -= len(text) - len(stripped)
    sign = _group(match, "sign")
    return Quantity(
        kind="percent" if kind == "percent" else ("pp" if kind == "bp" else kind),
        direction=(-1 if sign in ("-", "−") else 1) if sign else None,
        amount=amount,
        upper=upper,
        unit=unit,
        start=match.start(),
        end=end,
        text=stripped,
        approx=rules.word_approx.get(re.sub(r"\s+", " ", word)),
        per=per.strip() if per else None,
    )


class QuantityRecogniser(DataComponent):
    """Puts every recognised quantity on `doc._.quantities` and in `doc.spans[spans_key]`."""

    data_files = QUANTITY_FILES

    def __init__(self, name: str, spans_key: str, data_dir: str | None = None) -> None:
        self.name = name
        self.spans_key = spans_key
        super().__init__(data_dir)

    def load_rules(self, data_dir: Path) -> None:
        self.rules = load_quantity_rules(Path(data_dir))

    def __call__(self, doc: Doc) -> Doc:
        found = find_quantities(doc_text(doc), self.rules)
        doc._.quantities = found
        spans = []
        for quantity in found:
            span = doc.char_span(
                quantity.start, quantity.end, quantity.kind, alignment_mode="expand"
            )
            if span is not None:
                spans.append(span)
        doc.spans[self.spans_key] = spans
        return doc


@Language.factory(
    "trade_quantities",
    default_config={"spans_key": "trade_quantities", "data_dir": None},
)
def make_quantity_recogniser(
    nlp: Language, name: str, spans_key: str, data_dir: str | None
) -> QuantityRecogniser:
    register_extensions()
    return QuantityRecogniser(name, spans_key, data_dir)
