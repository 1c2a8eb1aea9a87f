"""Building, saving and loading the tradeextract spaCy pipeline.

The default pipeline is `spacy.blank("en")` with a guarded tokenizer (tokenizer.py) plus rule
components whose rules ship in the package: nothing is downloaded. `build-model` saves it with
`nlp.to_disk` (models/), and `spacy.load` reads it back once tradeextract is installed (the
tokenizer and the factories are entry points).
"""

from __future__ import annotations

import argparse
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from tradeextract.extensions import TEXT_KEY, register_extensions
from tradeextract.model import Document, Quantity
from tradeextract.recognise.terms import PLACES_KEY, TERMS_KEY, place_patterns, term_patterns
from tradeextract.resources import DATA_DIR
from tradeextract.tokenizer import guarded_blank

DEFAULT_MODEL_NAME = "en_tradeextract"
PIPE_NAMES = (
    "trade_quantities",
    "trade_periods",
    "trade_places",
    "trade_terms",
    "trade_products",
    "trade_claims",
)


RULER_CONFIGS = {
    "trade_places": {"spans_key": PLACES_KEY, "phrase_matcher_attr": "ORTH", "validate": False},
    "trade_terms": {"spans_key": TERMS_KEY, "phrase_matcher_attr": "LOWER", "validate": False},
}


def _ruler_patterns(name: str, data_dir: Path) -> list[dict[str, str]]:
    return list(place_patterns(data_dir) if name == "trade_places" else term_patterns(data_dir))


def add_recognisers(nlp: Language, data_dir: Path = DATA_DIR) -> None:
    """The rule components, in the order the linker expects them."""
    nlp.add_pipe("trade_quantities")
    nlp.add_pipe("trade_periods")
    for name, config in RULER_CONFIGS.items():
        ruler = nlp.add_pipe("span_ruler", name=name, config=config)
        ruler.add_patterns(_ruler_patterns(name, data_dir))
    nlp.add_pipe("trade_products")


def standalone_recognisers(nlp: Language, data_dir: Path = DATA_DIR) -> list:
    """The same components outside any pipeline, for `trade_claims` added to a foreign one."""
    components = [
        nlp.create_pipe("trade_quantities", name="trade_quantities"),
        nlp.create_pipe("trade_periods", name="trade_periods"),
    ]
    for name, config in RULER_CONFIGS.items():
        ruler = nlp.create_pipe("span_ruler", name=name, config=config)
        ruler.add_patterns(_ruler_patterns(name, data_dir))
        components.append(ruler)
    components.append(nlp.create_pipe("trade_products", name="trade_products"))
    return components


def build_pipeline(base: str | Language | None = None) -> Language:
    """The full extraction pipeline: `spacy.blank("en")` (or a given model) plus the rules."""
    register_extensions()
    if isinstance(base, Language):
        nlp = base
    elif base:
        nlp = spacy.load(base)
    else:
        nlp = guarded_blank("en")
    add_recognisers(nlp)
    nlp.add_pipe("trade_claims")
    return nlp


def load_pipeline(name: str | Path, **kwargs: Any) -> Language:
    """A saved pipeline (models/<name>) or any installed spaCy package that has the components."""
    register_extensions()
    return spacy.load(name, **kwargs)


def make_docs(nlp: Language, items: Iterable[tuple[str, str, str | None]]) -> Iterator[Doc]:
    """Tokenised docs that carry the caller's id and date into the pipeline."""
    register_extensions()
    for text, doc_id, doc_date in items:
        doc = nlp.make_doc(text)
        doc.user_data[TEXT_KEY] = text
        doc._.doc_id = doc_id
        doc._.doc_date_override = doc_date
        yield doc


def to_document(doc: Doc) -> Document:
    """The spec's document; `notes` appear only when there are some (a sentence was cut)."""
    notes = {"notes": doc._.notes} if doc._.notes else {}
    return Document(
        doc_id=doc._.doc_id or "doc", doc_date=doc._.doc_date, claims=doc._.claims or [], **notes
    )


def recognise_quantities(text: str, nlp: Language) -> list[Quantity]:
    doc = nlp(text)
    return [q for q in (doc._.quantities or []) if q.kind != "number"]


def save_pipeline(path: str | Path, nlp: Language | None = None) -> Path:
    nlp = nlp or build_pipeline()
    nlp.meta["name"] = DEFAULT_MODEL_NAME.removeprefix("en_")
    nlp.meta["description"] = "tradeextract rule pipeline: trade claims with provenance"
    nlp.meta["requirements"] = ["tradeextract"]
    nlp.to_disk(path)
    return Path(path)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "output", nargs="?", default=f"models/{DEFAULT_MODEL_NAME}", help="folder to write"
    )


def run(args: argparse.Namespace) -> int:
    path = save_pipeline(args.output)
    print(f"saved pipeline to {path}")
    return 0
