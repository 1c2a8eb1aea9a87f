"""Money, percentages, percentage points, multiples, counts and volumes, found by regex.

The regex templates and every vocabulary they use are data files; this module only fills the
templates, runs them over the text once and keeps the longest non-overlapping matches. Offsets
are exact characters, not token boundaries, so provenance never drifts. A currency form several
currencies share ('$', 'pesos') is settled once the whole text has been read
(normalise/currencies.py).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc

from tradeextract.extensions import doc_text, register_extensions
from tradeextract.gc_policy import fewer_collections
from tradeextract.model import Quantity
from tradeextract.normalise.currencies import (
    CurrencyTable,
    currency_table,
    is_world_price,
    named_currencies,
    named_economies,
    normalise_form,
    resolve,
)
from tradeextract.normalise.numbers import looks_like_year, parse_number, price_shaped
from tradeextract.normalise.spelled import spelled_amount
from tradeextract.recognise.base import (
    DataComponent,
    PatternRow,
    alternation,
    find_candidates,
    literal_atoms,
    longest_first,
)
from tradeextract.resources import DATA_DIR, DataDir, read_json, read_lines

QUANTITY_FILES = (
    "quantity_patterns.json",
    "currencies.json",
    "scales.json",
    "units.json",
    "count_nouns.txt",
)
QUANTITIES_KEY = "trade_quantities"


WHITESPACE = re.compile(r"\s+")
FORMATTED = re.compile(r"[.,]\d")  # '12.95', '250,000': a number written as an amount
COUNTRY_SIGN = re.compile(r"[A-Z][A-Za-z.]*\$")  # 'HK$', 'U.S.$'
SPACE_BEFORE_SIGN = re.compile(r"\s+(?=\$)")  # 'HK $' -> 'HK$'
SPACED_LETTER_SIGN = re.compile(r"[A-Z]\s+\$")  # 'C $6', but 'Series C $6 million'
TO_BETWEEN = re.compile(r"\sto\s")
WORD_FROM_BEFORE = re.compile(r"(\w+)\s+from\s+$")
WORD_BEFORE = re.compile(r"(\w+)\s+$")
LOWER_END_UNIT = re.compile(r"%|per\s?cent|pct|pc\b", re.IGNORECASE)  # '5% to 6%'


@dataclass(frozen=True)
class QuantityRules:
    patterns: tuple[PatternRow, ...]
    fallbacks: dict[int, re.Pattern[str]]  # id of a range pattern -> its single form (ids:
    # hashing a pattern walks its compiled code)
    anchors: dict[str, re.Pattern[str]]  # 'number', 'prefix', 'attached', 'spelled'
    scales: dict[str, float]
    currencies: CurrencyTable
    attached: dict[str, tuple[str, ...]]  # 'R' -> ('ZAR',); 'K' -> the kwachas, kina, kyat
    attached_bare: frozenset[str]  # attached prefixes that may take a bare integer ('R25')
    units: dict[str, str]
    word_amounts: dict[str, float]
    word_approx: dict[str, str]
    range_from_words: frozenset[str]
    change_words: frozenset[str]  # 'by' and change verbs: 'rose $5 billion to $8 billion'
    range_max_ratio: float
    borrow_unit_before: re.Pattern[str]


def _prefix_atoms(table: CurrencyTable) -> Callable[[str], list[str]]:
    """Currency prefixes as regex atoms; a country's letters may stand apart from the sign:
    'HK $3.7 billion'."""

    def atoms(form: str) -> list[str]:
        found = literal_atoms(form)
        if COUNTRY_SIGN.fullmatch(form) and form not in table.attached_only:
            found[-1] = r"\s?\$"
        return found

    return atoms


@lru_cache(maxsize=8)
def load_quantity_rules(data_dir: DataDir) -> QuantityRules:
    """Compile the quantity patterns once per data folder."""
    spec = read_json("quantity_patterns.json", data_dir)
    table = currency_table(read_json("currencies.json", data_dir))
    scales = {k.lower(): float(v) for k, v in read_json("scales.json", data_dir)["scales"].items()}
    units = {k: v for k, v in read_json("units.json", data_dir).items() if not k.startswith("_")}
    fills = _fills(spec, table, scales, units, read_lines("count_nouns.txt", data_dir))
    patterns, fallbacks = _compile_patterns(spec["patterns"], fills)
    return QuantityRules(
        patterns=patterns,
        fallbacks=fallbacks,
        anchors=_anchors(spec, table, fills),
        scales=scales,
        currencies=table,
        attached={
            form: (codes,) if isinstance(codes, str) else tuple(codes)
            for form, codes in spec["attached_prefixes"].items()
        },
        attached_bare=frozenset(spec["attached_bare"]),
        units={k.lower(): v for k, v in units.items()},
        word_amounts={k.lower(): float(v) for k, v in spec["word_amounts"].items()},
        word_approx={k.lower(): v for k, v in spec["word_approx"].items()},
        range_from_words=frozenset(spec["range_from_words"]),
        change_words=frozenset(["by", *spec["change_verbs"]]),
        range_max_ratio=float(spec["range_max_ratio"]),
        borrow_unit_before=re.compile(spec["borrow_unit_before"]),
    )


def _fills(
    spec: dict,
    table: CurrencyTable,
    scales: dict[str, float],
    units: dict[str, str],
    count_nouns: list[str],
) -> dict[str, str]:
    """What the {placeholders} of the pattern templates stand for."""
    minor = list(table.minor)
    return {
        "not_year_range": spec["not_year_range"],
        "spelled_number": _spelled_number(spec["spelled_words"]),
        "num": spec["num"],
        "range_sep": spec["range_sep"],
        "pct": spec["pct"],
        "prefix": alternation(table.prefix, _prefix_atoms(table)),
        "attached": alternation(spec["attached_prefixes"]),
        "suffix": "(?i:" + alternation(table.suffix) + ")",
        "minor": alternation([form for form in minor if len(form) > 1]),
        "minor_tight": alternation([form for form in minor if len(form) == 1]),
        "not_video_lines": "(?!(?:" + "|".join(spec["not_video_lines"]) + r")p\b)",
        "scale": "(?i:" + alternation(scales) + ")",
        "scaled_code": alternation(
            [scale + code for scale in table.code_scales for code in table.countries]
        ),
        "unit": "(?i:" + alternation(units) + ")",
        "count_noun": "(?i:" + alternation(count_nouns) + ")",
        "per": (
            r"(?P<per>(?:\s(?:per|a|an)\s|\s?/\s?)(?:\d+\s)?(?i:"
            + alternation(spec["per_unit"])
            + r")s?\b(?![\s-](?:earlier|ago|before|after|later|prior|back|on)\b))?"
        ),
    }


def _compile_patterns(
    entries: list[dict], fills: dict[str, str]
) -> tuple[tuple[PatternRow, ...], dict[int, re.Pattern[str]]]:
    patterns = []
    fallbacks: dict[int, re.Pattern[str]] = {}
    for entry in entries:
        pattern = re.compile(_fill(entry["regex"], fills))
        requires, anchor = tuple(entry.get("requires", ())), entry.get("anchor", "scan")
        patterns.append((entry["kind"], pattern, requires, anchor))
        if "fallback" in entry:
            fallbacks[id(pattern)] = re.compile(_fill(entry["fallback"], fills))
    return tuple(patterns), fallbacks


def _anchors(spec: dict, table: CurrencyTable, fills: dict[str, str]) -> dict[str, re.Pattern[str]]:
    """Where anchored patterns are tried: a superset of the places they can match."""
    return {
        "number": re.compile(spec["number_anchor"]),
        "prefix": _overlapping_anchor(list(table.prefix), fills["prefix"]),
        "attached": re.compile(r"(?:" + fills["attached"] + r")(?=\d)"),
        "spelled": re.compile(  # 'a billion dollars', 'a quarter of a percentage point' too
            r"(?<![\w-])(?:(?i:" + alternation(spec["spelled_words"]) + r")\b"
            r"|(?i:a)(?=\s(?i:million|billion|trillion|quarter)\b))"
        ),
    }


def _overlapping_anchor(forms: list[str], pattern: str) -> re.Pattern[str]:
    """Every position where one of `forms` starts, overlaps included ('C $6' gives 'C $' and
    '$'); a class of first characters is checked before the whole alternation."""
    first = "[" + "".join(sorted({re.escape(form[0]) for form in forms})) + "]"
    return re.compile(f"(?={first})(?<![\\w$€£¥₩₹])(?={pattern})")


def _spelled_number(words: list[str]) -> str:
    """A run of number words: 'twenty-five', 'one and a half', 'three hundred'."""
    word = alternation(words)
    return rf"(?i:(?:{word})(?:[\s-]+(?:and[\s-]+)?(?:{word}))*)"


def quantity_rules_of(nlp: Language | None) -> QuantityRules:
    """The rules of a pipeline's quantity component, or the package's own."""
    if nlp is not None and "trade_quantities" in nlp.pipe_names:
        return nlp.get_pipe("trade_quantities").rules
    return load_quantity_rules(DATA_DIR)


def _fill(template: str, fills: dict[str, str]) -> str:
    return re.sub(r"\{([a-z_]+)\}", lambda m: fills[m.group(1)], template)


def _squeeze(text: str) -> str:
    return WHITESPACE.sub(" ", text)


def _group(match: re.Match[str], name: str) -> str | None:
    return match.group(name) if name in match.re.groupindex else None


# ---------------------------------------------------------------- units


@dataclass(frozen=True)
class Currency:
    """What a money match's currency form says: the codes it may mean (the default first), a
    factor (0.01 for cents, 1e6 for 'MSEK') and whether the text must name its economy
    ('R25' is rand only in a text about South Africa)."""

    codes: tuple[str, ...]
    factor: float = 1.0
    needs_economy: bool = False


def _currency(match: re.Match[str], rules: QuantityRules) -> Currency | None:
    table = rules.currencies
    attached = _group(match, "cura")
    if attached:
        formatted = _has_scale(match) or FORMATTED.search(match.group("num"))
        if not formatted and attached not in rules.attached_bare:
            return None
        return Currency(rules.attached[attached], needs_economy=not formatted)
    prefix = _group(match, "cur")
    if prefix:  # 'HK $' is 'HK$'
        return Currency(table.prefix[_squeeze(SPACE_BEFORE_SIGN.sub("", prefix))])
    minor = _group(match, "minor") or _group(match, "minor_tight")
    if minor:
        return Currency(table.minor[minor], 0.01)
    scaled_code = _group(match, "scaled_code")
    if scaled_code:  # '9,870 MSEK'
        return Currency((scaled_code[-3:],), table.code_scales[scaled_code[:-3]])
    suffix = normalise_form(_group(match, "cur2") or "")
    if not _has_scale(match):
        if suffix in table.needs_scale and not price_shaped(_group(match, "num") or ""):
            return None  # '5 pounds of beef', '20 marks'
        if suffix in table.needs_digits and _group(match, "words"):
            return None  # 'no one won'
    codes = table.suffix.get(suffix)
    return Currency(codes) if codes else None


def _times(amount: float, factor: float) -> float:
    return float(Decimal(repr(amount)) * Decimal(repr(factor)))


def _has_scale(match: re.Match[str]) -> bool:
    return any(_group(match, name) for name in ("scale", "scale2", "many"))


def _unit_of(kind: str, match: re.Match[str], rules: QuantityRules) -> str | None:
    if kind == "volume":
        return rules.units.get(_squeeze(match.group("unit").lower()))
    if kind == "number":
        return ""
    return {"percent": "percent", "pp": "pp", "bp": "pp", "multiple": "fold", "count": "count"}[
        kind
    ]


# ---------------------------------------------------------------- amounts


def _number(raw: str, rules: QuantityRules) -> float:
    return rules.word_amounts[raw.lower()] if raw.isalpha() else parse_number(raw)


def _scaled(amount: float, scale: str | None, rules: QuantityRules) -> float:
    if not scale:
        return amount
    return _times(amount, rules.scales.get(scale.lower(), 1.0))


def _range_scales(match: re.Match[str]) -> tuple[str | None, str | None]:
    """Each end's own scale word. Older patterns carry one scale after the upper end."""
    if "scale2" in match.re.groupindex:
        return match.group("scale"), match.group("scale2")
    return None, _group(match, "scale")


def _range(match: re.Match[str], rules: QuantityRules) -> tuple[float, float]:
    """A range's ends. A bare lower end shares the upper end's scale ('$2-3 billion' is 2e9 to
    3e9). A lower end written as an amount of its own ('$800,000 to $1.3 million', 'between
    $200 and $4 million') takes the other's scale only if that keeps the range in order
    ('€1.2-€1.5 billion'). Older patterns (volumes, points) carry one trailing scale for both
    ends."""
    lower, upper = _number(match.group("num"), rules), parse_number(match.group("num2"))
    lower_scale, upper_scale = _range_scales(match)
    if _lower_end_stands_alone(match):
        if (
            lower_scale is None
            and upper_scale
            and _scaled(lower, upper_scale, rules) <= _scaled(upper, upper_scale, rules)
        ):
            lower_scale = upper_scale
    else:
        lower_scale = lower_scale or upper_scale
        upper_scale = upper_scale or lower_scale
    return _scaled(lower, lower_scale, rules), _scaled(upper, upper_scale, rules)


def _lower_end_stands_alone(match: re.Match[str]) -> bool:
    """Does the upper end repeat the currency or percent sign ('$5 to $6', '5% to 6%')?"""
    between = match.string[match.end("num") : match.start("num2")]
    return bool(_group(match, "cur_b") or _group(match, "cur2a") or LOWER_END_UNIT.search(between))


def _amounts(kind: str, match: re.Match[str], rules: QuantityRules) -> tuple[float, float | None]:
    words = _group(match, "words")
    if words:
        amount = spelled_amount(_squeeze(words))
        if amount is None:
            raise ValueError(f"no number in {words!r}")
        return _scaled(amount, _group(match, "scale"), rules), None
    word = _group(match, "word")
    if word:
        return rules.word_amounts[_squeeze(word.lower())], None
    many = _group(match, "many")
    if many:
        mult = (_group(match, "mult") or "").lower()
        return _scaled(rules.word_amounts.get(mult, 1.0), many, rules), None
    if _group(match, "num2"):
        amount, upper = _range(match, rules)
    else:
        amount = _scaled(_number(match.group("num"), rules), _group(match, "scale"), rules)
        upper = None
    if kind == "bp":
        amount, upper = amount / 100, (upper / 100 if upper is not None else None)
    return amount, upper


# ---------------------------------------------------------------- what is not a quantity


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
        "Additional",
        "Further",
        "Total",
    ]
)


def _is_name(text: str, start: int) -> bool:
    """'Fortune 500 companies', 'Series C $120 million': after a capitalised word, a number or
    a lone capital is part of a name."""
    before = text[max(0, start - 20) : start]
    match = NAME_BEFORE.search(before)
    return bool(match) and match.group(0).strip() not in NOT_NAMES


def _is_noise(kind: str, match: re.Match[str]) -> bool:
    """Years read as counts or volumes, names ('Fortune 500', 'Series C $5 million' is not
    Canadian), and currency-less 'marks' of a year are not quantities."""
    num = _group(match, "num") or ""
    if kind in ("count", "volume") and looks_like_year(num):
        return True
    if kind == "count" and _is_name(match.string, match.start()):
        return True
    prefix = _group(match, "cur") or ""
    if SPACED_LETTER_SIGN.fullmatch(prefix) and _is_name(match.string, match.start()):
        return True
    return (
        kind == "money"
        and not _group(match, "scale")
        and looks_like_year(num)
        and not prefix
        and not _group(match, "cura")
    )


def _is_change_not_range(match: re.Match[str], rules: QuantityRules) -> bool:
    """'rose from 5% to 6%' is two levels, 'decreased $4.9 billion to $170.7 billion' and
    'raised by 4.53 rupees to 293.94 rupees' a change and a level, and so is a 'to' whose ends,
    each with its unit, fall ('a peak of 11.1pc to 3.2pc') or lie an order of magnitude apart
    ('a deficit of $2.9 billion to $102.9 billion'); 'ranged from $5 to $5,000', 'rose by 5 to
    6 percent' and 'sales of $85 billion to $87 billion' are ranges."""
    if "num2" not in match.re.groupindex or match.group("num2") is None:
        return False
    between = match.string[match.end("num") : match.start("num2")]
    if not TO_BETWEEN.search(between):
        return False
    before = match.string[max(0, match.start() - 40) : match.start()]
    after_from = WORD_FROM_BEFORE.search(before)
    if after_from:
        return after_from.group(1).lower() not in rules.range_from_words
    if not (_group(match, "cur") or _lower_end_stands_alone(match)):
        return False  # 'rose 5 to 6 percent': one range
    word_before = WORD_BEFORE.search(before)
    if word_before and word_before.group(1).lower() in rules.change_words:
        return True
    lower, upper = _range(match, rules)
    if upper < lower:  # 'a peak of 11.1pc to 3.2pc'
        return True
    own_scales = all(_range_scales(match))
    return own_scales and upper > rules.range_max_ratio * lower


# ---------------------------------------------------------------- finding


def _number_starts(text: str, rules: QuantityRules) -> list[int]:
    """Where a number can start: a digit, or a sign or decimal point and the digit after it."""
    starts = []
    for match in rules.anchors["number"].finditer(text):
        starts.append(match.start())
        if not text[match.start()].isdigit():
            starts.append(match.start() + 1)
    return starts


def _anchor_starts(text: str, anchor: str, rules: QuantityRules) -> list[int] | None:
    if anchor == "number":
        return _number_starts(text, rules)
    if anchor in rules.anchors:
        return [m.start() for m in rules.anchors[anchor].finditer(text)]
    return None


def find_quantities(text: str, rules: QuantityRules) -> list[Quantity]:
    """All quantities in `text`, longest match first where two overlap, in text order."""
    candidates = find_candidates(
        text,
        rules.patterns,
        lambda text, anchor: _anchor_starts(text, anchor, rules),
        keep=lambda kind, match: not _is_noise(kind, match),
    )
    currencies: list[tuple[Quantity, Currency]] = []

    def convert(kind: str, match: re.Match[str]) -> Quantity | None:
        quantity = convert_one(kind, match)
        fallback = rules.fallbacks.get(id(match.re))
        if quantity is None and fallback is not None and _group(match, "num2"):
            single = fallback.match(text, match.start())
            quantity = convert_one(kind, single) if single else None
        return quantity

    def convert_one(kind: str, match: re.Match[str]) -> Quantity | None:
        if kind != "money":
            return _to_quantity(kind, match, rules, _unit_of(kind, match, rules))
        currency = _currency(match, rules)
        if currency is None:
            return None
        quantity = _to_quantity(kind, match, rules, currency.codes[0], currency.factor)
        if quantity is not None:
            currencies.append((quantity, currency))
        return quantity

    found = longest_first(candidates, convert)
    if any(len(c.codes) > 1 or c.needs_economy for _, c in currencies):
        kept = {id(q) for q in found}
        currencies = [(q, c) for q, c in currencies if id(q) in kept]
        dropped = _settle_currencies(text, currencies, rules.currencies)
        found = [q for q in found if id(q) not in dropped]
    return found


def _settle_currencies(
    text: str, currencies: list[tuple[Quantity, Currency]], table: CurrencyTable
) -> set[int]:
    """Now that the whole text is read: '$' in a text about Canada alone is CAD, except in a
    world commodity price (normalise/currencies.py); 'R25' stays only if the text names South
    Africa. Returns the ids of the quantities to drop."""
    plain = [c.codes[0] for _, c in currencies if len(c.codes) == 1 and not c.needs_economy]
    economies = named_economies(text, table, plain)
    named = named_currencies(text, table)
    dropped = set()
    for quantity, currency in currencies:
        if currency.needs_economy and not economies.named & table.countries[quantity.unit]:
            dropped.add(id(quantity))
        elif len(currency.codes) > 1 and not is_world_price(quantity.per, table):
            quantity.unit = resolve(currency.codes, economies, table, named)
            quantity.currency_options = currency.codes
    return dropped


def _to_quantity(
    kind: str, match: re.Match[str], rules: QuantityRules, unit: str | None, factor: float = 1.0
) -> Quantity | None:
    if unit is None:
        return None
    if id(match.re) in rules.fallbacks and _is_change_not_range(match, rules):
        return None
    try:
        amount, upper = _amounts(kind, match, rules)
    except (ValueError, KeyError, OverflowError):
        return None
    if amount != amount or amount in (float("inf"), float("-inf")):
        return None
    if factor != 1:
        amount = _times(amount, factor)
        upper = _times(upper, factor) if upper is not None else None
    word = (_group(match, "word") or "").lower()
    per = _group(match, "per")
    text = match.group(0)
    end = match.end()
    stripped = text.rstrip()
    end -= len(text) - len(stripped)
    sign = _group(match, "sign")
    approx = "gt" if _group(match, "many") else rules.word_approx.get(_squeeze(word))
    return Quantity(
        kind="percent" if kind == "percent" else ("pp" if kind == "bp" else kind),
        direction=(-1 if sign in ("-", "−") else 1) if sign else None,
        amount=amount,
        upper=upper,
        unit=unit,
        start=match.start(),
        end=end,
        text=stripped,
        approx=approx,
        per=per.strip() if per else None,
    )


# ---------------------------------------------------------------- the public view


def quantities_in(text: str, nlp: Language | None = None) -> list[Quantity]:
    """`tradeextract.quantities`: the quantity rules alone over `text`."""
    rules = quantity_rules_of(nlp)
    return standalone_quantities(find_quantities(text, rules), text, rules)


def standalone_quantities(found: list[Quantity], text: str, rules: QuantityRules) -> list[Quantity]:
    """What `tradeextract.quantities` returns: every quantity with a unit. A bare scaled number
    takes the currency of the money amount it is compared with ('233.5 mln stg from 198.2
    mln'); other bare numbers are left out. The linker borrows units its own way."""
    result: list[Quantity] = []
    for quantity in found:
        if quantity.kind != "number":
            result.append(quantity)
            continue
        previous = result[-1] if result else None
        if previous is None or previous.kind != "money":
            continue
        between = text[previous.end : quantity.start]
        if rules.borrow_unit_before.search(between):
            result.append(quantity.model_copy(update={"kind": "money", "unit": previous.unit}))
    return result


class QuantityRecogniser(DataComponent):
    """Puts every recognised quantity on `doc._.quantities` and in `doc.spans[spans_key]`."""

    data_files = QUANTITY_FILES

    def __init__(self, name: str, spans_key: str, data_dir: str | None = None) -> None:
        self.name = name
        self.spans_key = spans_key
        super().__init__(data_dir)

    def load_rules(self, data_dir: DataDir) -> None:
        self.rules = load_quantity_rules(data_dir)

    def __call__(self, doc: Doc) -> Doc:
        with fewer_collections():  # a page of figures: a quantity object for each
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
    default_config={"spans_key": QUANTITIES_KEY, "data_dir": None},
    assigns=["doc._.quantities", "doc.spans"],
)
def make_quantity_recogniser(
    nlp: Language, name: str, spans_key: str, data_dir: str | None
) -> QuantityRecogniser:
    register_extensions()
    return QuantityRecogniser(name, spans_key, data_dir)
