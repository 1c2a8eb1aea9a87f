"""Shared fixtures: one pipeline per session, the compiled rules, the gold folders.

The pipeline is built once (`tradeextract.load()`); tests that need a different one (saved,
loaded, foreign) build theirs in a module-scoped fixture of their own.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from spacy.language import Language

import tradeextract
from tradeextract.model import Claim, Document
from tradeextract.recognise.periods import PeriodRules, load_period_rules
from tradeextract.recognise.quantities import QuantityRules, load_quantity_rules
from tradeextract.resources import DATA_DIR

REPO = Path(__file__).resolve().parents[1]
FIXTURES_DIR = REPO / "tests" / "fixtures"
SEEDS_DIR = REPO.parent / "shared" / "corpus" / "seeds"


def gold_texts(folder: Path) -> list[Path]:
    """The article texts of a gold folder (each `X.txt` has its `X.claims.json`)."""
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.glob("*.txt") if p.with_name(p.stem + ".claims.json").exists())


@pytest.fixture(scope="session")
def nlp() -> Language:
    """The default pipeline, built once for the whole session."""
    return tradeextract.load()


@pytest.fixture(scope="session")
def quantity_rules() -> QuantityRules:
    return load_quantity_rules(DATA_DIR)


@pytest.fixture(scope="session")
def period_rules() -> PeriodRules:
    return load_period_rules(DATA_DIR)


@pytest.fixture(scope="session")
def fixtures_dir() -> Path:
    if not gold_texts(FIXTURES_DIR):
        pytest.skip("tests/fixtures has no annotated articles")
    return FIXTURES_DIR


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    """../shared/corpus/seeds: the shared development set; skipped where it is not mounted."""
    if not gold_texts(SEEDS_DIR):
        pytest.skip(f"shared seeds not present at {SEEDS_DIR}")
    return SEEDS_DIR


@pytest.fixture(scope="session")
def fixture_texts(fixtures_dir: Path) -> dict[str, str]:
    """Every fixture article by doc id."""
    return {p.stem: p.read_text(encoding="utf-8") for p in gold_texts(fixtures_dir)}


@pytest.fixture(scope="session")
def extract(nlp: Language) -> Callable[..., Document]:
    """`tradeextract.extract` bound to the session pipeline."""

    def run(text: str, doc_id: str = "t", doc_date: str | None = None) -> Document:
        return tradeextract.extract(text, doc_id, doc_date=doc_date, nlp=nlp)

    return run


# ---------------------------------------------------------------- provenance helpers


def claim_spans(claim: Claim) -> Iterator[tuple[str, int, int, str]]:
    """Every (label, start, end, text) a claim says it read from the document."""
    yield "evidence", claim.evidence.start, claim.evidence.end, claim.evidence.text
    for name, span in claim.spans.items():
        yield f"spans.{name}", span.start, span.end, span.text
    numbers = [("value", claim.value), ("change", claim.change)]
    numbers += [(f"alt_values[{i}]", alt) for i, alt in enumerate(claim.alt_values)]
    for name, number in numbers:
        if number is None:
            continue
        located = (number.start, number.end, number.text)
        if any(part is not None for part in located):
            assert None not in located, f"{name} has a partial span {located}"
            yield name, number.start, number.end, number.text  # type: ignore[misc]


def provenance_errors(doc: Document, text: str) -> list[str]:
    """Spans whose text is not the document's text at start:end (spec section 4)."""
    errors = []
    for i, claim in enumerate(doc.claims):
        for label, start, end, quoted in claim_spans(claim):
            if not (0 <= start <= end <= len(text)) or text[start:end] != quoted:
                errors.append(
                    f"{doc.doc_id} claim {i} {label}: [{start}:{end}] {quoted!r} "
                    f"!= {text[start:end]!r}"
                )
    return errors


# ---------------------------------------------------------------- batch runs


@pytest.fixture
def quick_extractor(monkeypatch: pytest.MonkeyPatch) -> None:
    """CLI runs that test files, ids and outputs, not extraction: skip loading the pipeline."""
    from test_batch_stand_ins import with_tests_importable
    from tradeextract.batch import cli as batch_cli

    with_tests_importable()
    parse = batch_cli.options_from_args

    def options_with_quick_extractor(args: argparse.Namespace) -> Any:
        options = parse(args)
        options.extractor = "test_batch_stand_ins:make_trick_extractor"
        return options

    monkeypatch.setattr(batch_cli, "options_from_args", options_with_quick_extractor)


# ---------------------------------------------------------------- claims store and report

STORE_SAMPLE = ("a01_us_census_monthly", "a07_xinhua_provinces", "b03_mexico_us_nearshoring")


@pytest.fixture(scope="session")
def sample_claims(fixtures_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Three fixture articles through the batch: a documents JSON Lines file (no text in it)."""
    from tradeextract.batch.runner import BatchOptions, run_batch

    out = tmp_path_factory.mktemp("sample") / "claims.jsonl"
    paths = [str(fixtures_dir / f"{name}.txt") for name in STORE_SAMPLE]
    summary = run_batch(BatchOptions(paths=paths, output=str(out), quiet=True))
    assert summary.documents == len(STORE_SAMPLE) and summary.errors == 0
    return out
