"""One schema per rule file in `tradeextract/data`: what keys it may have and what they hold.

`resources` checks every file against its schema when it is read, and adds the checks every
file shares: no key written twice in an object, no entry twice in a list, no two patterns with
one name, no two lines with one id. Keys named `_doc` or `_<something>_doc` are comments.

Every rule has a stable id that these checks keep unique: a pattern its `name`, a gazetteer
line its label and pattern, a word-list line its word, a key of a JSON object the key itself.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    RootModel,
    StringConstraints,
    model_validator,
)

from tradeextract.model import APPROX, BASES, FLOWS, MEASURES, REGIONS

DOC_KEY = re.compile(r"_(?:\w+_)?doc")


def _without_docs(data: Any) -> Any:
    if isinstance(data, dict):
        return {k: _without_docs(v) for k, v in data.items() if not DOC_KEY.fullmatch(str(k))}
    if isinstance(data, list):
        return [_without_docs(v) for v in data]
    return data


def _compiles(pattern: str) -> str:
    try:
        re.compile(pattern)
    except re.error as error:
        raise ValueError(f"not a regular expression: {error}") from None
    return pattern


def _same_word_once(mapping: dict[str, Any]) -> dict[str, Any]:
    """Keys the code reads lower-cased must differ once lower-cased."""
    seen: dict[str, str] = {}
    for key in mapping:
        if key.lower() in seen:
            raise ValueError(f"keys {seen[key.lower()]!r} and {key!r} are the same word")
        seen[key.lower()] = key
    return mapping


Text = Annotated[str, StringConstraints(min_length=1)]
Regex = Annotated[str, AfterValidator(_compiles)]  # compiled as it stands
Template = Text  # a regex with {placeholders} the loader fills in
Words = list[Text]
CountryCode = Annotated[str, StringConstraints(pattern=r"^[A-Z]{2}$")]
CurrencyCode = Annotated[str, StringConstraints(pattern=r"^[A-Z]{3}$")]
Month = Annotated[int, Field(ge=1, le=12)]
Positive = Annotated[float, Field(gt=0)]


class Rules(BaseModel):
    """A rule file or a part of one: unknown keys are errors, comment keys are skipped."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    @model_validator(mode="before")
    @classmethod
    def _skip_comments(cls, data: Any) -> Any:
        return _without_docs(data)


# ---------------------------------------------------------------- quantities and currencies


class QuantityPattern(Rules):
    kind: Literal["money", "percent", "pp", "bp", "multiple", "volume", "count", "number"]
    name: Text
    anchor: Literal["scan", "number", "prefix", "attached", "spelled"] = "scan"
    requires: Words = []
    regex: Template
    fallback: Template | None = None  # a range pattern's single form


class QuantityPatternsFile(Rules):
    num: Template
    range_sep: Template
    pct: Template
    patterns: list[QuantityPattern]
    per_unit: Words
    word_amounts: Annotated[dict[str, Positive], AfterValidator(_same_word_once)]
    word_approx: Annotated[dict[str, Literal[APPROX]], AfterValidator(_same_word_once)]
    not_year_range: Template
    number_anchor: Regex
    attached_prefixes: dict[Text, CurrencyCode | list[CurrencyCode]]  # several: by economy
    not_video_lines: Words
    range_from_words: Words
    borrow_unit_before: Regex
    change_verbs: Words
    range_max_ratio: Positive
    spelled_words: Words
    attached_bare: Words


class CurrencyForms(Rules):
    prefix: Words = []
    suffix: Words = []
    minor: Words = []
    countries: list[CountryCode] = []


class CurrenciesFile(Rules):
    """Currencies by ISO 4217 code, in the order that settles a shared form, and the tables
    that tell the economy a text is about."""

    model_config = ConfigDict(extra="allow", frozen=True, populate_by_name=True)
    __pydantic_extra__: dict[CurrencyCode, CurrencyForms]

    economies: dict[CountryCode, Words] = Field(alias="_economies")
    places: dict[CountryCode, Words] = Field(default_factory=dict, alias="_places")
    attached_only: Words = Field(default_factory=list, alias="_attached_only")
    code_scales: dict[Text, Positive] = Field(default_factory=dict, alias="_code_scales")
    needs_digits: Words = Field(default_factory=list, alias="_needs_digits")
    world_price_units: Words = Field(default_factory=list, alias="_world_price_units")
    needs_scale: Words = Field(default_factory=list, alias="_needs_scale")


class ScalesFile(Rules):
    scales: Annotated[dict[Text, Positive], AfterValidator(_same_word_once)]


class UnitsFile(RootModel[dict[Text, Text]]):
    """Surface form -> the unit claims write."""

    @model_validator(mode="before")
    @classmethod
    def _skip_comments(cls, data: Any) -> Any:
        return _without_docs(data)


# ---------------------------------------------------------------- periods


class PeriodPattern(Rules):
    kind: Literal[
        "week", "date", "quarter", "half", "quarters_ending", "months_ending", "year_to_date",
        "fiscal_part", "months_to", "month_range", "year_range", "fiscal", "season", "month",
        "relative", "year",
    ]  # fmt: skip
    name: Text
    anchor: Literal["scan", "month", "year"] = "scan"
    requires: Words = []
    regex: Template


FiscalKey = Annotated[str, StringConstraints(pattern=r"^(?:_default|[A-Z]{2})$")]


class PeriodPatternsFile(Rules):
    months: Annotated[dict[Text, Month], AfterValidator(_same_word_once)]
    numbers: Annotated[dict[Text, int], AfterValidator(_same_word_once)]
    relative_years: Annotated[dict[Text, int], AfterValidator(_same_word_once)]
    fiscal_start_month: dict[FiscalKey, Month]
    season_start_month: Month
    patterns: list[PeriodPattern]
    month_full: Annotated[Words, Field(min_length=12, max_length=12)]
    may_needs: Words
    fiscal_named_by_start: list[CountryCode]
    year_anchor: Regex


# ---------------------------------------------------------------- products, places, structure


class ProductRulesFile(Rules):
    max_words: Annotated[int, Field(ge=1)]
    stop_words: Words
    generic_heads: Words
    mass_nouns: Words
    open_head_not_suffixes: Words
    verb_before: Words
    sector_products: dict[str, Text]


class SubdivisionsFile(Rules):
    countries: list[CountryCode]
    strip_suffixes: Words
    skip_names: Words
    aliases: dict[Text, Annotated[str, StringConstraints(pattern=r"^[A-Z]{2}-[A-Z0-9]{1,3}$")]]


class SegmentRulesFile(Rules):
    sentence_break: Regex
    abbreviations: Words
    furniture_start: Regex
    furniture_anywhere: Regex
    furniture_section: Regex
    furniture_link: Regex
    table_row: Regex
    table_rule: Regex
    spaced_table_row: Regex
    heading_max_words: Annotated[int, Field(ge=1)]
    paragraph_min_words: Annotated[int, Field(ge=1)]
    head_sentences: Annotated[int, Field(ge=0)]
    head_max_block_sentences: Annotated[int, Field(ge=0)]
    terminal: Text


class LayoutRulesFile(Rules):
    structural_line: Regex
    terminal: Text
    max_wrap_width: Annotated[int, Field(ge=1)]
    min_wrapped_lines: Annotated[int, Field(ge=1)]
    wrapped_share: Annotated[float, Field(ge=0, le=1)]
    full_line_slack: Annotated[int, Field(ge=0)]
    indent_step: Annotated[int, Field(ge=1)]
    column_gap: Regex
    aligned_row: Regex
    lost_break: Regex


# ---------------------------------------------------------------- the linker


class LinkRulesFile(Rules):
    clause_breaks: Words
    soft_breaks: Words
    value_after_change: Regex
    comparison_before: Regex
    alt_between: Regex
    range_between: Regex
    range_before: Regex
    absolute_change_before: Regex
    absolute_change_after: Regex
    share_after: Regex
    compare_after: Regex
    group_words: Words
    partner_before: Words
    list_between: Regex
    hs_code: Regex
    possessive_after: Regex
    relative_earlier: Words
    example_markers: Words
    possessive_reach: Annotated[int, Field(ge=0)]
    reach: Annotated[int, Field(gt=0)]
    max_sentence: Annotated[int, Field(gt=0)]
    level_before: Regex
    direction_after: dict[Literal["up", "down"], Regex]
    comparison_period_before: Regex
    name_words: Words
    restatement_between: Regex
    parallel_between: Regex
    basis_period_before: Regex
    same_period_before: Regex
    partner_nouns: Words
    share_holder_after: Regex
    counterpart_after: Regex
    event_year_after: Regex
    region_epithet_after: Regex
    rate_growth_words: Words
    comparison_and_before: Regex
    epithet_after: Regex
    subordinate_before: Regex
    currency_after: Regex


class TableRulesFile(Rules):
    number: Regex
    change_header: Regex
    share_header: Regex
    basis_words: dict[Literal["yoy", "mom", "qoq"], Regex]


# ---------------------------------------------------------------- checks and provenance

DecisionHow = Literal["stated", "inherited", "convention", "default"]


class DecisionRule(Rules):
    field: Text
    how: DecisionHow
    says: Text
    uses: Words = []


class DecisionRulesFile(Rules):
    how_order: list[DecisionHow]
    rules: dict[Text, DecisionRule]


class HsProduct(Rules):
    id: Text
    names: Words
    codes: list[Annotated[str, StringConstraints(pattern=r"^\d{2}(?:\d{2}){0,4}$")]]


class HsCodesFile(Rules):
    edition: Text
    headings: dict[Annotated[str, StringConstraints(pattern=r"^\d{2}(?:\d{2}){0,4}$")], Text]
    products: list[HsProduct]


class CheckRulesFile(Rules):
    tolerance: Positive
    approx_about: Positive
    checks: dict[Text, Text]
    statuses: Words
    scopes: list[tuple[Regex, str]]
    hedge_before: Regex


JSON_SCHEMAS: dict[str, type[BaseModel]] = {
    "quantity_patterns.json": QuantityPatternsFile,
    "currencies.json": CurrenciesFile,
    "scales.json": ScalesFile,
    "units.json": UnitsFile,
    "period_patterns.json": PeriodPatternsFile,
    "product_rules.json": ProductRulesFile,
    "subdivisions.json": SubdivisionsFile,
    "segment_rules.json": SegmentRulesFile,
    "layout_rules.json": LayoutRulesFile,
    "link_rules.json": LinkRulesFile,
    "table_rules.json": TableRulesFile,
    "decision_rules.json": DecisionRulesFile,
    "hs_codes.json": HsCodesFile,
    "check_rules.json": CheckRulesFile,
}


# ---------------------------------------------------------------- line files


class LineEntry(Rules):
    """One line of a JSON-lines or word-list file. `ids` are the rule ids of the line, each
    with its meaning: the same id twice is a duplicate, with another meaning a conflict."""

    @classmethod
    def from_line(cls, data: Any) -> LineEntry:
        return cls.model_validate(data)

    def ids(self) -> Iterator[tuple[Any, Any]]:
        raise NotImplementedError

    def describe(self, rule_id: Any) -> str:
        return repr(rule_id)


class GazetteerEntry(LineEntry):
    """A SpanRuler phrase pattern: `id` is what the span means (a code, a flow...)."""

    label: str
    pattern: Text
    id: Text

    def ids(self) -> Iterator[tuple[Any, Any]]:
        yield (self.label, self.pattern), self.id

    def describe(self, rule_id: Any) -> str:
        return f"{rule_id[0]} {rule_id[1]!r}"


TERM_IDS: dict[str, tuple[str, ...] | None] = {
    "FLOW": (*FLOWS, "deficit"),
    "DIR": ("up", "down"),
    "HEDGE": APPROX,
    "BASIS": BASES,
    "MEASURE": MEASURES,
    "ALLGOODS": ("all",),
    "EXCLUDE": ("rate",),
    "SELF": ("self",),
    "COMPARE": ("compare",),
    "INDUSTRY": ("industry",),
    "PRODUCT": None,  # the product's name
}


class TermEntry(GazetteerEntry):
    """A trade word; the ruler matches lower-case, so 'Exports' and 'exports' are one."""

    label: Literal[tuple(TERM_IDS)]  # type: ignore[valid-type]

    @model_validator(mode="after")
    def _id_fits_label(self) -> TermEntry:
        allowed = TERM_IDS[self.label]
        if allowed is not None and self.id not in allowed:
            raise ValueError(f"id {self.id!r} is not one of {self.label}'s: {', '.join(allowed)}")
        return self

    def ids(self) -> Iterator[tuple[Any, Any]]:
        yield (self.label, self.pattern.lower()), self.id


class PlaceEntry(GazetteerEntry):
    label: Literal["PLACE"]
    id: CountryCode


class RegionEntry(GazetteerEntry):
    label: Literal["REGION"]
    id: Literal[REGIONS]  # type: ignore[valid-type]


class DemonymEntry(GazetteerEntry):
    label: Literal["DEMONYM"]
    id: CountryCode


class ProductHead(LineEntry):
    """'device devices' (a singular and its plural) or 'machinery' (one form for both)."""

    line: str
    singular: Text
    plural: Text

    @classmethod
    def from_line(cls, data: Any) -> ProductHead:
        words = str(data).split()
        if len(words) > 2:
            raise ValueError(f"{data!r}: a head is one word, or a singular and its plural")
        if len(words) == 2 and not words[1].lower().endswith("s"):
            raise ValueError(f"{data!r}: {words[1]!r} is not a plural of {words[0]!r}")
        return cls(line=str(data), singular=words[0], plural=words[-1])

    def ids(self) -> Iterator[tuple[Any, Any]]:
        for word in dict.fromkeys((self.singular.lower(), self.plural.lower())):
            yield word, self.plural.lower()

    def describe(self, rule_id: Any) -> str:
        return f"head {rule_id!r}"


class CountNoun(LineEntry):
    line: Text

    @classmethod
    def from_line(cls, data: Any) -> CountNoun:
        return cls(line=str(data))

    def ids(self) -> Iterator[tuple[Any, Any]]:
        yield self.line.lower(), None


LINE_SCHEMAS: dict[str, type[LineEntry]] = {
    "terms.jsonl": TermEntry,
    "place_aliases.jsonl": PlaceEntry,
    "regions.jsonl": RegionEntry,
    "demonyms.jsonl": DemonymEntry,
    "product_heads.txt": ProductHead,
    "count_nouns.txt": CountNoun,
}


def json_schema(name: str) -> type[BaseModel]:
    """The schema of a JSON rule file; a file without one is a programming error."""
    try:
        return JSON_SCHEMAS[name]
    except KeyError:
        raise KeyError(f"{name}: no schema in rule_schemas.JSON_SCHEMAS") from None


def line_schema(name: str) -> type[LineEntry]:
    try:
        return LINE_SCHEMAS[name]
    except KeyError:
        raise KeyError(f"{name}: no schema in rule_schemas.LINE_SCHEMAS") from None
