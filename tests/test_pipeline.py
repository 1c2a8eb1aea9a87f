"""The spaCy pipeline: its components, saving and loading it, and `trade_claims` on its own.

Whatever way the pipeline is made, the same article must give the same claims.
"""

from __future__ import annotations

import shutil
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
import spacy
import srsly
from spacy.language import Language
from spacy.tokens import Doc, DocBin
from spacy.util import load_config, load_model_from_config

import tradeextract
from conftest import REPO
from tradeextract.extensions import provenance
from tradeextract.model import Claim, Document, Quantity
from tradeextract.normalise.periods import PeriodMention
from tradeextract.pipeline import DEFAULT_MODEL_NAME, make_docs, save_pipeline
from tradeextract.resources import DATA_DIR, RuleFileError

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


def test_components_declare_what_they_read_and_write(nlp: Language) -> None:
    """`analyze_pipes` checks that every attribute a component requires is assigned before."""
    analysis = nlp.analyze_pipes()
    assert analysis["problems"] == {name: [] for name in EXPECTED_PIPES}
    assert "doc._.claims" in analysis["summary"]["trade_claims"]["assigns"]
    assert "doc._.quantities" in analysis["summary"]["trade_products"]["requires"]
    for name in EXPECTED_PIPES:
        assert analysis["summary"][name]["assigns"], name


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


def test_saved_pipeline_checks_the_rules_in_its_folder(saved_path: Path, tmp_path: Path) -> None:
    """The saved folder's own rule files are read, and checked: a repeated line is refused."""
    copy = tmp_path / "m"
    shutil.copytree(saved_path, copy)
    nouns = copy / "trade_quantities" / "count_nouns.txt"
    lines = nouns.read_text(encoding="utf-8").splitlines()
    nouns.write_text("\n".join([*lines, lines[-1]]) + "\n", encoding="utf-8")
    with pytest.raises(RuleFileError) as raised:
        spacy.load(copy)
    assert f"{nouns}:{len(lines) + 1}: duplicate entry" in str(raised.value)


def _from_config(saved_path: Path, **changes: dict[str, str]) -> Language:
    """The pipeline `config.cfg` describes, with settings changed, then `nlp.initialize()`."""
    config = load_config(saved_path / "config.cfg")
    for component, settings in changes.items():
        config["components"][component].update(settings)
    nlp = load_model_from_config(config, auto_fill=True)
    nlp.initialize()
    return nlp


def test_config_and_initialize_rebuild_the_saved_pipeline(
    loaded: Language, saved_path: Path, fixture_texts: dict[str, str]
) -> None:
    """The rulers' patterns come through [initialize]: config.cfg alone rebuilds them."""
    rebuilt = _from_config(saved_path)
    assert len(rebuilt.get_pipe("trade_places").patterns) > 1000
    assert_same_claims(loaded, rebuilt, fixture_texts)


def test_span_keys_flow_from_the_config(
    nlp: Language, saved_path: Path, fixture_texts: dict[str, str]
) -> None:
    """A key changed where it is written is read there by the components after it."""
    renamed = _from_config(
        saved_path,
        trade_segmenter={"sentences_key": "s", "head_key": "h"},
        trade_places={"spans_key": "p"},
        trade_terms={"spans_key": "t"},
        trade_products={"spans_key": "pr"},
    )
    keys = set(renamed(SENTENCE).spans)
    assert {"s", "h", "p", "t", "pr"} <= keys
    assert not keys & {"trade_sentences", "trade_head", "trade_places", "trade_terms"}
    assert_same_claims(nlp, renamed, fixture_texts)


def test_pipeline_bytes_carry_rules_and_patterns(
    nlp: Language, saved_path: Path, fixture_texts: dict[str, str]
) -> None:
    """`from_bytes` into a pipeline built from its config, not initialised (empty rulers)."""
    empty = load_model_from_config(load_config(saved_path / "config.cfg"), auto_fill=True)
    assert empty.get_pipe("trade_terms").patterns == []
    empty.from_bytes(nlp.to_bytes())
    assert_same_claims(nlp, empty, fixture_texts)


def test_component_bytes_exclude_rules(nlp: Language) -> None:
    periods = nlp.get_pipe("trade_periods")
    assert srsly.msgpack_loads(periods.to_bytes(exclude=["rules"])) == {}
    full = srsly.msgpack_loads(periods.to_bytes())
    assert list(full["rules"]) == ["period_patterns.json"]
    rules = periods.rules
    periods.from_bytes(periods.to_bytes(), exclude=["rules"])
    assert periods.rules is rules


def test_component_refuses_bad_rules_from_bytes(nlp: Language) -> None:
    """A bad file read from bytes is an error naming it; the rules in use stay."""
    component = nlp.create_pipe("trade_periods")
    texts = srsly.msgpack_loads(component.to_bytes())["rules"]
    texts["period_patterns.json"] = texts["period_patterns.json"].replace('"months"', '"monthz"')
    with pytest.raises(
        RuleFileError, match=r"period_patterns.json \(read from bytes\):\d+: monthz"
    ):
        component.from_bytes(srsly.msgpack_dumps({"rules": texts}))
    assert component.data_dir == DATA_DIR


# ---------------------------------------------------------------- results that travel as bytes


def _results(doc: Doc) -> tuple:
    """What the pipeline put on a doc (DocBin reads user data's lists back as tuples)."""
    return (
        doc._.doc_id,
        doc._.doc_date,
        list(doc._.quantities),
        list(doc._.periods),
        [claim.model_dump() for claim in doc._.claims],
        provenance(doc),
    )


def test_doc_bytes_keep_the_results(nlp: Language, fixture_texts: dict[str, str]) -> None:
    docs = list(nlp.pipe(make_docs(nlp, [(t, i, None) for i, t in fixture_texts.items()])))
    for doc in docs:
        copy = Doc(nlp.vocab).from_bytes(doc.to_bytes())
        assert _results(copy) == _results(doc), doc._.doc_id
        assert all(isinstance(claim, Claim) for claim in copy._.claims)


def test_docbin_keeps_the_results(nlp: Language, fixture_texts: dict[str, str]) -> None:
    docs = list(nlp.pipe(fixture_texts.values()))
    stored = DocBin(docs=docs, store_user_data=True).to_bytes()
    copies = list(DocBin().from_bytes(stored).get_docs(nlp.vocab))
    assert [_results(d) for d in copies] == [_results(d) for d in docs]


def test_two_processes_give_the_claims_of_one(nlp: Language, fixture_texts: dict[str, str]) -> None:
    items = [(text, doc_id, None) for doc_id, text in fixture_texts.items()]
    one = [_results(d) for d in nlp.pipe(make_docs(nlp, items), batch_size=4)]
    two = [_results(d) for d in nlp.pipe(make_docs(nlp, items), batch_size=4, n_process=2)]
    assert two == one


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
