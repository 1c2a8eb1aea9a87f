"""The data model shared by extraction, output, batch and evaluation (spec: claims.md).

Every object here serialises to exactly the spec's JSON; fields of our own are additions
(`spans`, `kind`, `direction`, `decisions`, `value_usd`, `hs`), never replacements.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

Flow = Literal["export", "import", "trade", "balance", "output"]
Measure = Literal["value", "volume", "price", "share", "count"]
Basis = Literal["yoy", "mom", "qoq", "cagr", "period"]
Approx = Literal["gt", "lt", "about"]
QuantityKind = Literal["money", "percent", "pp", "multiple", "count", "volume", "number"]
How = Literal["stated", "inherited", "convention", "default"]
HsSource = Literal["stated", "mapped"]

FLOWS: tuple[str, ...] = ("export", "import", "trade", "balance", "output")
MEASURES: tuple[str, ...] = ("value", "volume", "price", "share", "count")
BASES: tuple[str, ...] = ("yoy", "mom", "qoq", "cagr", "period")
APPROX: tuple[str, ...] = ("gt", "lt", "about")
REGIONS: tuple[str, ...] = (
    "EU",
    "ASEAN",
    "LATAM",
    "MIDDLE_EAST",
    "CENTRAL_ASIA",
    "AFRICA",
    "EUROPE",
    "SOUTHEAST_ASIA",
    "SOUTH_AMERICA",
    "NORTH_AMERICA",
    "BRI",
    "RCEP",
    "G7",
)


class TextSpan(BaseModel):
    """Where something was read: `text == doc_text[start:end]`."""

    approx: Approx | None = Field(
        default=None, description="a hedge the words carry, e.g. 'double-digit'"
    )
    per: str | None = Field(default=None, description="what a price is per, e.g. 'per tonne'")
    start: int
    end: int
    text: str


class UsdValue(BaseModel):
    """A money amount in US dollars at the average ECB reference rate over the claim's period.

    `amount` is null when no rate applies; `note` then says why (and says so too when the rate
    is an average from outside the period, e.g. for a period beyond the data)."""

    amount: float | None = None
    upper: float | None = None
    currency: str
    rate: float | None = Field(default=None, description="US dollars per unit of `currency`")
    rate_start: str | None = Field(default=None, description="first day averaged (ISO)")
    rate_end: str | None = Field(default=None, description="last day averaged (ISO)")
    days: int | None = Field(default=None, description="daily reference rates averaged")
    source: str | None = None
    note: str | None = None


class Value(BaseModel):
    """A claim's number: amount fully scaled, unit an ISO 4217 code or a unit word."""

    model_config = ConfigDict(extra="allow")

    amount: float
    unit: str
    upper: float | None = None
    start: int | None = None
    end: int | None = None
    text: str | None = None
    value_usd: UsdValue | None = None


class Change(BaseModel):
    """A signed change: percent, pp, fold or a currency code for absolute changes."""

    model_config = ConfigDict(extra="allow")

    amount: float
    unit: str
    basis: Basis | None = None
    upper: float | None = None
    start: int | None = None
    end: int | None = None
    text: str | None = None
    value_usd: UsdValue | None = Field(default=None, description="absolute changes only")


class Period(BaseModel):
    """Inclusive ISO dates; `XXXX` stands for a year neither text nor date gives."""

    model_config = ConfigDict(extra="allow")

    start: str
    end: str


Place = str | list[str]


class FieldDecision(BaseModel):
    """How a claim's field was decided, and the ids of the rules that decided it
    (data/decision_rules.json). An inherited field's span in `spans` says where from."""

    model_config = ConfigDict(frozen=True)  # shared between claims decided alike

    how: How
    rules: tuple[str, ...] = ()


class HsHeading(BaseModel):
    code: str
    description: str | None = None
    described_code: str | None = Field(
        default=None, description="the shorter code `description` belongs to, when not `code`"
    )


class HsCodes(BaseModel):
    """The claim's product in the Harmonized System: a code the text states (`hs_code`), or
    the headings the curated table (data/hs_codes.json) maps its product to."""

    source: HsSource
    headings: list[HsHeading]
    edition: str | None = Field(default=None, description="e.g. 'HS 2022' for mapped codes")
    entry: str | None = Field(default=None, description="id of the table entry that mapped it")


class Claim(BaseModel):
    """One numeric statement about trade: one number and what it is about."""

    model_config = ConfigDict(extra="allow")

    evidence: TextSpan
    flow: Flow | None = None
    measure: Measure | None = None
    value: Value | None = None
    alt_values: list[Value] = Field(default_factory=list)
    change: Change | None = None
    approx: Approx | None = None
    reporter: Place | None = None
    partner: Place | None = None
    product: str | list[str] | None = None
    hs_code: str | None = None
    period: Period | None = None
    spans: dict[str, TextSpan] = Field(
        default_factory=dict,
        description="Provenance of fields that are plain strings or were inherited: "
        "reporter, partner, product, period, flow, hs_code.",
    )
    decisions: dict[str, FieldDecision] = Field(
        default_factory=dict,
        description="How each field was decided: stated, inherited, convention or default.",
    )
    hs: HsCodes | None = None


class Document(BaseModel):
    """The spec's document object: one per article, one JSON line per document in a batch."""

    model_config = ConfigDict(extra="allow")

    doc_id: str
    doc_date: str | None = None
    claims: list[Claim] = Field(default_factory=list)


class Quantity(BaseModel):
    """A recognised number with its unit, independent of any claim (`tradeextract.quantities`)."""

    kind: QuantityKind
    amount: float
    upper: float | None = None
    unit: str
    direction: int | None = Field(
        default=None, description="+1 or -1 where a change word governs the number, else None"
    )
    approx: Approx | None = Field(
        default=None, description="a hedge the words carry, e.g. 'double-digit'"
    )
    per: str | None = Field(default=None, description="what a price is per, e.g. 'per tonne'")
    start: int
    end: int
    text: str
    currency_options: tuple[str, ...] | None = Field(
        default=None,
        exclude=True,
        description="the codes a shared form ('$', 'francs') may stand for, the chosen first",
    )
