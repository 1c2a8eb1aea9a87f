"""Pairing predicted claims with gold claims one to one (section 6.1).

A pair needs overlapping evidence and agreeing numbers; among the candidates the largest
overlap wins, then the pair with more fields right, then the closer evidence boundaries.
"""

from __future__ import annotations

from collections.abc import Sequence

from tradeextract.evaluate.compare import field_results, numbers_agree
from tradeextract.model import Claim, TextSpan


def overlap(a: TextSpan, b: TextSpan) -> int:
    """Characters two half-open spans share; > 0 means they overlap."""
    return max(0, min(a.end, b.end) - max(a.start, b.start))


def pair_priority(gold: Claim, predicted: Claim) -> tuple[int, int, int] | None:
    """Sort key of a candidate pair (smaller pairs first), or None if they cannot pair.

    Largest evidence overlap first; ties (one clause giving several partners the same
    number) go to the pair with more fields right, then to closer evidence boundaries.
    """
    shared = overlap(gold.evidence, predicted.evidence)
    if not shared or not numbers_agree(predicted, gold):
        return None
    right = sum(field_results(gold, predicted).values())
    distance = abs(gold.evidence.start - predicted.evidence.start) + abs(
        gold.evidence.end - predicted.evidence.end
    )
    return -shared, -right, distance


def pair_claims(gold: Sequence[Claim], predicted: Sequence[Claim]) -> list[tuple[int, int]]:
    """One-to-one (gold index, predicted index) pairs, made greedily in `pair_priority` order.

    Remaining ties go by document order, so the result does not depend on the order the
    claims are listed in unless they are indistinguishable.
    """
    candidates = []
    for g, gold_claim in enumerate(gold):
        for p, pred_claim in enumerate(predicted):
            priority = pair_priority(gold_claim, pred_claim)
            if priority is not None:
                order = (gold_claim.evidence.start, g, pred_claim.evidence.start, p)
                candidates.append((priority, order, g, p))
    pairs: list[tuple[int, int]] = []
    used_gold: set[int] = set()
    used_pred: set[int] = set()
    for _priority, _order, g, p in sorted(candidates):
        if g not in used_gold and p not in used_pred:
            pairs.append((g, p))
            used_gold.add(g)
            used_pred.add(p)
    return sorted(pairs)
