"""How each field of a claim was decided: stated, inherited, convention or default.

The linker calls `decide(log, rule_id, ...)` where it assigns a field; the rule ids and what
each means live in data/decision_rules.json, so a claim names the rules that decided it and a
user can look them up. `finish` turns a draft's log into the claim's `decisions`, filling the
fields no rule touched: an empty field is that field's default, a filled one is judged by
where its span lies (a fallback that the tests keep unused on the fixtures).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from tradeextract.model import FieldDecision
from tradeextract.normalise.periods import PeriodMention
from tradeextract.resources import read_json

RULES_FILE = "decision_rules.json"

DecisionLog = dict[str, list[str]]  # field -> ids of the rules that decided it

DECIDED_FIELDS: tuple[str, ...] = (
    "flow",
    "measure",
    "value",
    "alt_values",
    "change",
    "basis",
    "approx",
    "reporter",
    "partner",
    "product",
    "hs_code",
    "period",
)
SPAN_IN_CLAUSE = "any.span_in_clause"
SPAN_ELSEWHERE = "any.span_elsewhere"
UNRECORDED = "any.unrecorded"
FALLBACKS = {
    SPAN_IN_CLAUSE: ("stated", "the field's span lies in the claim's evidence"),
    SPAN_ELSEWHERE: ("inherited", "the field's span lies outside the claim's evidence"),
    UNRECORDED: ("default", "no rule recorded how this field was decided"),
}


@dataclass(frozen=True)
class DecisionRule:
    id: str
    field: str
    how: str
    says: str
    uses: tuple[str, ...] = ()


@lru_cache(maxsize=1)
def decision_rules() -> dict[str, DecisionRule]:
    """Every rule id, from data/decision_rules.json, plus the three fallbacks of `finish`."""
    spec = read_json(RULES_FILE)
    rules = {
        rule_id: DecisionRule(rule_id, r["field"], r["how"], r["says"], tuple(r.get("uses", [])))
        for rule_id, r in spec["rules"].items()
    }
    for rule_id, (how, says) in FALLBACKS.items():
        rules[rule_id] = DecisionRule(rule_id, "any", how, says)
    return rules


@lru_cache(maxsize=1)
def how_order() -> tuple[str, ...]:
    return tuple(read_json(RULES_FILE)["how_order"])


def _rule(rule_id: str) -> DecisionRule:
    try:
        return decision_rules()[rule_id]
    except KeyError:
        raise ValueError(f"unknown decision rule {rule_id!r} (not in {RULES_FILE})") from None


def decide(log: DecisionLog, *rule_ids: str) -> None:
    """These rules decided their field: what decided it before no longer counts."""
    if rule_ids:
        log[_rule(rule_ids[0]).field] = [_rule(r).id for r in rule_ids]


def also(log: DecisionLog, rule_id: str) -> None:
    """One more rule took part in deciding a field that is already decided."""
    field = _rule(rule_id).field
    if rule_id not in log.setdefault(field, []):
        log[field].append(rule_id)


def inherit(log: DecisionLog, rule_id: str, source: DecisionLog) -> None:
    """A field copied from another claim: this rule, and the conventions that decided it there
    (a fiscal year's start month stays a convention in every claim that inherits it)."""
    field = _rule(rule_id).field
    carried = [r for r in source.get(field, []) if _rule(r).how == "convention"]
    decide(log, rule_id, *carried)


def period_rules(mention: PeriodMention) -> list[str]:
    """What besides the words decided a period: the article's year for a yearless month, a
    fiscal year's or a season's start month."""
    rules = []
    if mention.kind == "fiscal":
        rules.append("period.fiscal_start")
    elif mention.kind == "season":
        rules.append("period.season_start")
    if mention.kind == "months_to" and mention.month2 is None:
        rules.append("period.year_to_date")
    if mention.relative is not None:
        rules.append("period.year_relative")
    elif mention.year is None and mention.year1 is None:
        rules.append("period.year_of_article")
    return rules


def how_of(rule_ids: list[str] | tuple[str, ...]) -> str:
    """The least direct way among the rules': a stated month with the article's year is
    inherited, a stated fiscal year with its start month by convention."""
    return _how_of(tuple(rule_ids))


@lru_cache(maxsize=1024)
def _how_of(rule_ids: tuple[str, ...]) -> str:
    order = how_order()
    return max((_rule(r).how for r in rule_ids), key=order.index)


def _is_empty(value: Any) -> bool:
    return value is None or value == [] or value == {}


def _span_of(claim: dict[str, Any], field: str) -> tuple[int, int] | None:
    span = claim.get("spans", {}).get(field)
    if span is None:
        return None
    return (span["start"], span["end"]) if isinstance(span, dict) else (span.start, span.end)


def _fallback(claim: dict[str, Any], field: str) -> list[str]:
    if _is_empty(_field_value(claim, field)):
        return [f"{field}.none"]
    evidence = claim["evidence"]
    span = _span_of(claim, field)
    if span is None:
        return [UNRECORDED]
    inside = evidence["start"] <= span[0] and span[1] <= evidence["end"]
    return [SPAN_IN_CLAUSE if inside else SPAN_ELSEWHERE]


def _field_value(claim: dict[str, Any], field: str) -> Any:
    if field == "basis":
        change = claim.get("change")
        return None if change is None else change.get("basis", "")
    return claim.get(field)


def finish(log: DecisionLog, claim: dict[str, Any]) -> dict[str, FieldDecision]:
    """The claim's `decisions`: every field, with how it was decided and by which rules.

    `claim` is the claim's data as the linker builds it (dicts and models alike). The rules
    are known ids and few combinations occur, so each decision is built once and shared."""
    decisions = {}
    for field in DECIDED_FIELDS:
        if field == "basis" and claim.get("change") is None:
            rules = ["basis.none"]
        else:
            rules = log.get(field) or _fallback(claim, field)
        decisions[field] = _decision(tuple(rules))
    return decisions


@lru_cache(maxsize=4096)
def _decision(rules: tuple[str, ...]) -> FieldDecision:
    """One frozen decision per combination of rules, shared by every claim decided so."""
    return FieldDecision(how=how_of(rules), rules=rules)
