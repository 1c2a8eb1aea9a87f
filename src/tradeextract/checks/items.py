"""Claims as the checks see them: where each is (document, position) and what it is about.

Two claims are about the same thing when their reporter, partner, product, flow, measure and
period are equal; places compare as sets and products as the evaluator compares them
(case-insensitive, a trailing plural 's' ignored).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass
from functools import cached_property

from tradeextract.checks.figures import Interval, check_rules, stated
from tradeextract.checks.report import ClaimRef, format_amount
from tradeextract.model import Change, Claim, Place, Value

COUNTED = re.compile(r"^.*?\d[\d,.]*\s*(?:million|billion|thousand|mln|bn)?\s*", re.I)
FIRST_DIGIT = re.compile(r"[$€£¥]?\d")
PlaceKey = tuple[str, ...] | None
Frame = tuple[PlaceKey, PlaceKey, str | None, tuple[str, str] | None, str]
OWN_PERIOD_RULES = frozenset({"period.stated", "period.year_earlier", "period.same_period_earlier"})
YEAR_BACK_RULES = frozenset({"period.year_earlier", "period.same_period_earlier"})


def place_key(place: Place | None) -> PlaceKey:
    if place is None or place == []:
        return None
    return (place,) if isinstance(place, str) else tuple(sorted(set(place)))


def product_key(product: str | list[str] | None) -> str | None:
    if isinstance(product, list):
        product = product[0] if product else None
    if product is None:
        return None
    name = " ".join(product.lower().split())
    return name[:-1] if name.endswith("s") else name


@dataclass(frozen=True)
class Item:
    """A claim with its document and position there; what it is about is worked out once."""

    doc_id: str
    index: int
    claim: Claim

    def _rules(self, field: str) -> list[str]:
        decision = self.claim.decisions.get(field)
        return decision.rules if decision is not None else []

    @cached_property
    def period(self) -> tuple[str, str] | None:
        """The period; a year-earlier period with no year is told apart from the current one
        ('XXXX-1' for the year before the unknown 'XXXX')."""
        p = self.claim.period
        if p is None:
            return None
        if "XXXX" in p.start + p.end and YEAR_BACK_RULES & set(self._rules("period")):
            return (p.start.replace("XXXX", "XXXX-1"), p.end.replace("XXXX", "XXXX-1"))
        return (p.start, p.end)

    @cached_property
    def scope(self) -> str:
        """What narrows the figure beyond the spec's fields ('goods', 'general trade'): the
        scope words nearest before its number in its evidence, else its flow's words
        (check_rules.json, scopes)."""
        text = self._text_before_number()
        flow = self.claim.spans.get("flow")
        return _nearest_scope(text) or (_nearest_scope(flow.text) if flow is not None else "")

    @cached_property
    def is_unplaced_comparison(self) -> bool:
        """A comparison figure ('from 1.08 billion') whose period is its lead's, not its own."""
        if OWN_PERIOD_RULES & set(self._rules("period")):
            return False
        if "flow.comparison_lead" in self._rules("flow"):
            return True
        before = self._text_before_number()[-40:]
        rules = check_rules()
        return bool(rules.comparison_before.search(before)) and not rules.hedge_before.search(
            before
        )

    def _text_before_number(self) -> str:
        """The evidence before the claim's number (its first digit where the number has no
        offsets, as in hand-made claims)."""
        evidence = self.claim.evidence
        number = self.claim.value or self.claim.change
        if number is not None and number.start is not None and evidence.start <= number.start:
            return evidence.text[: number.start - evidence.start]
        digit = FIRST_DIGIT.search(evidence.text)
        return evidence.text[: digit.start()] if digit else evidence.text

    @cached_property
    def frame(self) -> Frame:
        """Whose, with whom, of what, when and within what: everything but flow and measure."""
        c = self.claim
        reporter, partner = place_key(c.reporter), place_key(c.partner)
        return (reporter, partner, product_key(c.product), self.period, self.scope)

    @cached_property
    def series(self) -> tuple:
        """The key without the period: the same figure over time."""
        key = self.key
        return key[:3] + key[4:]

    @cached_property
    def key(self) -> tuple:
        """The frame with flow and measure: claims with one key state one figure. A count's
        measure names what it counts ('900 enterprises' and '20,000 patents' are two things)."""
        measure = self.claim.measure
        if measure == "count":
            measure = f"count of {counted(self.claim)}"
        return (*self.frame, self.claim.flow, measure)

    @cached_property
    def value_figure(self) -> Interval:
        assert self.claim.value is not None
        return stated(self.claim.value, self.claim.approx)

    @cached_property
    def change_figure(self) -> Interval:
        assert self.claim.change is not None
        return stated(self.claim.change, self.claim.approx if self.claim.value is None else None)

    def ref(self, role: str, number: Value | Change | None = None) -> ClaimRef:
        """This claim's part in a finding, showing the number it contributes as written."""
        number = number if number is not None else self.claim.value or self.claim.change
        return ClaimRef(
            doc_id=self.doc_id,
            index=self.index,
            role=role,
            figure=_as_written(number, self.claim.approx),
            evidence=self.claim.evidence,
        )


def _nearest_scope(text: str) -> str:
    """The label of the scope words that end last in `text` (the longest where two do)."""
    best: tuple[int, int, str] | None = None
    for pattern, label in check_rules().scopes:
        for match in pattern.finditer(text):
            rank = (match.end(), -match.start(), label)
            if best is None or rank[:2] > best[:2]:
                best = rank
    return best[2] if best is not None else ""


def counted(claim: Claim) -> str:
    """What a count counts, as written after its number: '900 enterprises' -> 'enterprises'
    (the value's words, else the evidence's after its first number)."""
    value = claim.value
    text = value.text if value is not None and value.text else claim.evidence.text
    words = COUNTED.sub("", text, count=1).lower().split()
    return " ".join(words[:4]) or "?"


def _as_written(number: Value | Change | None, approx: str | None) -> str:
    if number is None:
        return "?"
    shown = number.text or format_amount(number.amount, number.unit)
    if isinstance(number, Change) and number.basis:
        shown = f"{shown} {number.basis}"
    return f"{approx} {shown}" if approx and not number.text else shown


def describe(frame: Frame, flow: str | None = None, measure: str | None = None) -> str:
    """'CN export value, medical device, to US, 2025-01-01..2025-06-30'."""
    reporter, partner, product, period, scope = frame
    words = ["+".join(reporter) if reporter else "(no reporter)"]
    words.append(" ".join(w for w in (flow, measure) if w) or "figure")
    text = " ".join(words)
    if scope:
        text += f" ({scope})"
    if product:
        text += f", {product}"
    if partner:
        text += f", partner {'+'.join(partner)}"
    if period:
        text += f", {period[0]}..{period[1]}"
    return text


def group_by(items: Iterable[Item], key: Callable[[Item], Hashable]) -> dict[Hashable, list[Item]]:
    groups: dict[Hashable, list[Item]] = defaultdict(list)
    for item in items:
        groups[key(item)].append(item)
    return groups


def distinct_values(items: Iterable[Item]) -> list[Item]:
    """One claim per distinct stated value: a figure restated twice is checked once (whether
    restatements agree is the contradiction check's business)."""
    seen: dict[tuple, Item] = {}
    for item in items:
        v = item.claim.value
        if v is not None:
            seen.setdefault((v.amount, v.upper, v.unit, item.claim.approx), item)
    return list(seen.values())


def is_share(item: Item) -> bool:
    v = item.claim.value
    return item.claim.measure == "share" and v is not None and v.unit == "percent"
