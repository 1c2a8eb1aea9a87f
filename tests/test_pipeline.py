"""The spaCy pipeline: its components, saving and loading it, and `trade_claims` on its own.

Whatever way the pipeline is made, the same article must give the same claims.
"""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
import spacy
from spacy.language import Language

import tradeextract
from conftest import REPO
from tradeextract.model import Claim, Document, Quantity
from tradeextract.normalise.periods import PeriodMention
from tradeextract.pipeline import DEFAULT_MODEL_NAME, PIPE_NAMES, save_pipeline

EXPECTED_PIPES = [
    "trade_segmenter",
    "trade_quantities",
    "trade_periods",
    "trade_places",
    "trade_terms",
    "trade_products",
    "trade_claims",
]
SAVED_MODEL = REPO / "models" / DEFAULT_MODEL_NAME
SENTENCE = (
    "Published: 14:30, January 26, 2021\n\n"
    "China's medical device exports rose 5.0% year-on-year to $24.10 billion in 2020."
)


def claims_of(nlp: Language, text: str) -> list[dict[str, Any]]:
    return [claim.model_dump() for claim in nlp(text)._.claims]


def assert_same_claims(reference: Language, other: Language, texts: dict[str, str]) -> None:
    differing = []
    for doc_id, text in texts.items():
        a, b = reference(text), other(text)
        if [c.model_dump() for c in a._.claims] != [c.model_dump() for c in b._.claims]:
            differing.append(doc_id)
        elif a._.doc_date != b._.doc_date:
            differing.append(f"{doc_id} (doc_date)")
    assert differing == []


# ---------------------------------------------------------------- the default pipeline


def test_pipe_names(nlp: Language) -> None:
    assert nlp.pipe_names == EXPECTED_PIPES
    assert list(PIPE_NAMES) == EXPECTED_PIPES


def test_blank_english_base(nlp: Language) -> None:
    """No statistical model: a blank English tokenizer plus rule components."""
    assert nlp.lang == "en"
    assert not any(name in nlp.pipe_names for name in ("tok2vec", "tagger", "parser", "ner"))
    assert nlp.vocab.vectors.shape[0] == 0
    assert "U.S." in [t.text for t in nlp.make_doc("U.S.-China trade")]


def test_doc_extensions_and_span_groups(nlp: Language) -> None:
    doc = nlp(SENTENCE)
    assert doc._.doc_date == "2021-01-26"
    assert all(isinstance(q, Quantity) for q in doc._.quantities)
    assert all(isinstance(p, PeriodMention) for p in doc._.periods)
    assert all(isinstance(c, Claim) for c in doc._.claims)
    assert len(doc._.claims) == 1
    for key in (
        "trade_quantities",
        "trade_periods",
        "trade_places",
        "trade_terms",
        "trade_products",
    ):
        assert key in doc.spans, key
    assert {s.label_ for s in doc.spans["trade_quantities"]} == {"percent", "money"}


def test_pipe_equals_call(nlp: Language, fixture_texts: dict[str, str]) -> None:
    texts = list(fixture_texts.values())
    piped = [[c.model_dump() for c in doc._.claims] for doc in nlp.pipe(texts, batch_size=4)]
    assert piped == [claims_of(nlp, text) for text in texts]


def test_extract_many_keeps_order_ids_and_dates(nlp: Language) -> None:
    items = [
        ("Exports rose 5% in the first half.", "a", "2022-07-01"),
        ("Imports fell 3% in the first half.", "b", None),
        ("Exports rose 5% in the first half.", "c", "2019-07-01"),
    ]
    docs = list(tradeextract.extract_many(items, nlp=nlp))
    assert all(isinstance(d, Document) for d in docs)
    assert [d.doc_id for d in docs] == ["a", "b", "c"]
    assert [d.doc_date for d in docs] == ["2022-07-01", None, "2019-07-01"]
    assert [d.claims[0].period.start for d in docs] == ["2022-01-01", "XXXX-01-01", "2019-01-01"]


def test_extract_equals_doc_claims(nlp: Language, fixture_texts: dict[str, str]) -> None:
    for doc_id, text in fixture_texts.items():
        doc = tradeextract.extract(text, doc_id, nlp=nlp)
        assert doc.doc_id == doc_id
        assert [c.model_dump() for c in doc.claims] == claims_of(nlp, text), doc_id


# ---------------------------------------------------------------- saving and loading


@pytest.fixture(scope="module")
def saved_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return save_pipeline(tmp_path_factory.mktemp("pipeline") / "m")


@pytest.fixture(scope="module")
def loaded(saved_path: Path) -> Language:
    return spacy.load(saved_path)


def test_saved_folder_is_self_contained(saved_path: Path) -> None:
    assert (saved_path / "config.cfg").is_file()
    assert (saved_path / "meta.json").is_file()
    assert (saved_path / "trade_quantities" / "quantity_patterns.json").is_file()
    assert (saved_path / "trade_periods" / "period_patterns.json").is_file()
    assert (saved_path / "trade_claims" / "link_rules.json").is_file()


def test_loaded_pipeline_reads_its_own_folder(loaded: Language, saved_path: Path) -> None:
    assert loaded.pipe_names == EXPECTED_PIPES
    assert loaded.meta["name"] == DEFAULT_MODEL_NAME.removeprefix("en_")
    quantities = loaded.get_pipe("trade_quantities")
    assert Path(quantities.data_dir).resolve() == (saved_path / "trade_quantities").resolve()


def test_saved_and_loaded_gives_same_claims(
    nlp: Language, loaded: Language, fixture_texts: dict[str, str]
) -> None:
    assert_same_claims(nlp, loaded, fixture_texts)


def test_load_by_path(nlp: Language, saved_path: Path) -> None:
    by_path = tradeextract.load(str(saved_path))
    assert by_path.pipe_names == EXPECTED_PIPES
    assert claims_of(by_path, SENTENCE) == claims_of(nlp, SENTENCE)


def test_extract_with_loaded_pipeline(nlp: Language, loaded: Language) -> None:
    a = tradeextract.extract(SENTENCE, "s", nlp=nlp)
    b = tradeextract.extract(SENTENCE, "s", nlp=loaded)
    assert a.model_dump() == b.model_dump()


@pytest.mark.skipif(not (SAVED_MODEL / "config.cfg").is_file(), reason=f"{SAVED_MODEL} not built")
def test_repository_model(nlp: Language, fixture_texts: dict[str, str]) -> None:
    model = spacy.load(SAVED_MODEL)
    assert model.pipe_names == EXPECTED_PIPES
    assert_same_claims(nlp, model, fixture_texts)


# ---------------------------------------------------------------- trade_claims on a foreign pipeline


@pytest.fixture(scope="module")
def foreign() -> Language:
    """Someone else's pipeline: blank English, a sentencizer, then only `trade_claims`."""
    other = spacy.blank("en")
    other.add_pipe("sentencizer")
    other.add_pipe("trade_claims")
    return other


def test_foreign_pipeline_has_only_its_own_pipes(foreign: Language) -> None:
    assert foreign.pipe_names == ["sentencizer", "trade_claims"]


def test_foreign_pipeline_gives_same_claims(
    nlp: Language, foreign: Language, fixture_texts: dict[str, str]
) -> None:
    assert_same_claims(nlp, foreign, fixture_texts)


def test_foreign_pipeline_on_a_sentence(nlp: Language, foreign: Language) -> None:
    doc = foreign(SENTENCE)
    assert doc._.doc_date == "2021-01-26"
    assert [c.model_dump() for c in doc._.claims] == claims_of(nlp, SENTENCE)
    assert len(doc._.claims) == 1


def test_seeds_through_all_pipelines(
    nlp: Language, loaded: Language, foreign: Language, seeds_dir: Path
) -> None:
    texts = {p.stem: p.read_text(encoding="utf-8") for p in sorted(seeds_dir.glob("*.txt"))}
    assert_same_claims(nlp, loaded, texts)
    assert_same_claims(nlp, foreign, texts)


# ---------------------------------------------------------------- limits and arguments of the API


def test_texts_over_a_million_characters_are_extracted(nlp: Language) -> None:
    """spaCy's 1,000,000-character default guards parser and NER memory: there are none here."""
    text = "word " * 200_001 + SENTENCE.split("\n\n")[1]
    assert len(text) > 1_000_000
    doc = tradeextract.extract(text, "long", nlp=nlp)
    assert [claim.evidence.start for claim in doc.claims] == [len("word ") * 200_001]


def test_a_text_over_the_limit_is_refused_with_a_clear_error(nlp: Language) -> None:
    text = "x" * (nlp.max_length + 1)
    with pytest.raises(tradeextract.TextTooLong) as raised:
        tradeextract.extract(text, "huge", nlp=nlp)
    message = str(raised.value)
    assert "huge" in message and f"{nlp.max_length:,}" in message and "E088" not in message
    assert isinstance(raised.value, ValueError)


@pytest.mark.parametrize("doc_date", ["0000-00-00", "2024-02-30", "2024-13-01", "May 2024"])
def test_an_impossible_doc_date_is_refused(nlp: Language, doc_date: str) -> None:
    with pytest.raises(ValueError, match="doc_date"):
        tradeextract.extract(SENTENCE, "d", doc_date=doc_date, nlp=nlp)


def test_threads_share_one_default_pipeline(nlp: Language, monkeypatch: pytest.MonkeyPatch) -> None:
    builds: list[int] = []

    def slow_load() -> Language:
        builds.append(1)
        time.sleep(0.2)
        return nlp

    monkeypatch.setattr(tradeextract, "_DEFAULT_NLP", None)
    monkeypatch.setattr(tradeextract, "load", slow_load)
    with ThreadPoolExecutor(4) as pool:
        found = list(pool.map(lambda _: tradeextract.extract("Exports rose 5% in May."), range(4)))
    assert len(builds) == 1
    assert all(len(doc.claims) == 1 for doc in found)
