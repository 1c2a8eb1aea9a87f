"""Metamorphic tests: the same article in another layout gives the same claims.

Every seed (when ../shared is there) and every fixture is rewritten by each layout variant
(tradeextract.variants), its gold offsets carried along, and scored; claim F1 and strict F1
must stay within TOLERANCE of the unchanged text, a page saved on one line included (its
runs of spaces and its sentence openers after lower-case words are read as line breaks).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import FIXTURES_DIR, SEEDS_DIR, gold_texts
from tradeextract.evaluate import evaluate_dir
from tradeextract.variants import VARIANTS, Variant, move_spans, write_variant

TOLERANCE = 0.02
FOLDERS = {"fixtures": FIXTURES_DIR, "seeds": SEEDS_DIR}


@pytest.fixture(scope="module")
def unchanged(nlp) -> dict[str, tuple[float, float]]:
    scores = {}
    for name, folder in FOLDERS.items():
        if gold_texts(folder):
            overall = evaluate_dir(folder, nlp=nlp).overall
            scores[name] = (overall.f1, overall.strict_f1)
    return scores


@pytest.mark.parametrize("folder", sorted(FOLDERS))
@pytest.mark.parametrize("variant", VARIANTS, ids=lambda v: v.name)
def test_variant_scores_as_unchanged(
    folder: str, variant: Variant, nlp, unchanged, tmp_path: Path
) -> None:
    if folder not in unchanged:
        pytest.skip(f"{FOLDERS[folder]} not there")
    write_variant(FOLDERS[folder], tmp_path, variant)
    report = evaluate_dir(tmp_path, nlp=nlp)
    f1, strict = unchanged[folder]
    assert report.overall.provenance == 1.0
    assert report.overall.f1 >= f1 - TOLERANCE, (variant.name, report.overall.f1, f1)
    assert report.overall.strict_f1 >= strict - TOLERANCE, (variant.name, report.overall.strict_f1)


@pytest.mark.parametrize("variant", VARIANTS, ids=lambda v: v.name)
def test_variant_moves_every_gold_span_onto_its_text(variant: Variant) -> None:
    original = "Headline of the day\n\nExports rose 5% to $3 billion in May.\nImports  fell."
    sentence = "Exports rose 5% to $3 billion in May."
    start = original.index(sentence)
    gold = {"evidence": {"start": start, "end": start + len(sentence), "text": sentence}}
    text, positions = variant.rewrite(original)
    moved = move_spans(gold, positions, text)["evidence"]
    assert text[moved["start"] : moved["end"]] == moved["text"]
    assert " ".join(moved["text"].split()) == sentence
