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
from spacy.util import registry

from tradeextract.extensions import register_extensions
from tradeextract.limits import MAX_TEXT_CHARS, TextTooLong
from tradeextract.model import Document
from tradeextract.normalise.periods import real_iso_date
from tradeextract.recognise.terms import (
    PLACE_PATTERNS,
    PLACES_KEY,
    TERM_PATTERNS,
    TERMS_KEY,
    read_place_patterns,
    read_term_patterns,
)
from tradeextract.segment.component import make_segmenter  # noqa: F401  (registers the factory)
from tradeextract.segment.structure import StructureKeys
from tradeextract.tokenizer import guarded_blank

DEFAULT_MODEL_NAME = "en_tradeextract"
MEMORY_HUNGRY_FACTORIES = frozenset({"parser", "beam_parser", "ner", "beam_ner"})


RULER_CONFIGS = {
    "trade_places": {"spans_key": PLACES_KEY, "phrase_matcher_attr": "ORTH", "validate": False},
    "trade_terms": {"spans_key": TERMS_KEY, "phrase_matcher_attr": "LOWER", "validate": False},
}
RULER_PATTERNS = {"trade_places": PLACE_PATTERNS, "trade_terms": TERM_PATTERNS}

# Each span key a component reads -> the setting of the component that writes it.
KEY_SOURCES: dict[tuple[str, str], tuple[str, str]] = {
    ("trade_products", "places_key"): ("trade_places", "spans_key"),
    ("trade_products", "terms_key"): ("trade_terms", "spans_key"),
    ("trade_products", "periods_key"): ("trade_periods", "spans_key"),
    **{("trade_claims", key): ("trade_segmenter", key) for key in StructureKeys().as_config()},
    ("trade_claims", "places_key"): ("trade_places", "spans_key"),
    ("trade_claims", "terms_key"): ("trade_terms", "spans_key"),
    ("trade_claims", "products_key"): ("trade_products", "spans_key"),
}


def keys_from_sources(nlp: Language, name: str) -> dict[str, str]:
    """The span keys component `name` reads, as the components that write them have them."""
    return {
        setting: nlp.get_pipe_config(source)[source_setting]
        for (reader, setting), (source, source_setting) in KEY_SOURCES.items()
        if reader == name and source in nlp.component_names
    }


def refer_keys_to_sources(nlp: Language) -> None:
    """In the pipeline's config, each key a component reads refers to the setting it comes
    from (`${components.trade_places.spans_key}`): a saved config.cfg changes a key in one
    place, and the components that read it follow."""
    for (reader, setting), (source, source_setting) in KEY_SOURCES.items():
        if reader in nlp.component_names and source in nlp.component_names:
            reference = f"${{components.{source}.{source_setting}}}"
            nlp.get_pipe_config(reader)[setting] = reference


def add_recognisers(nlp: Language) -> None:
    """The rule components, in the order the linker expects them; the rulers' patterns are
    named in the config's [initialize] section and loaded by `initialize_rulers`."""
    nlp.add_pipe("trade_segmenter")
    nlp.add_pipe("trade_quantities")
    nlp.add_pipe("trade_periods")
    for name, config in RULER_CONFIGS.items():
        nlp.add_pipe("span_ruler", name=name, config=config)
        patterns = {"patterns": {"@misc": RULER_PATTERNS[name], "data_dir": None}}
        nlp.config["initialize"]["components"][name] = patterns
    nlp.add_pipe("trade_products", config=keys_from_sources(nlp, "trade_products"))


def initialize_rulers(nlp: Language) -> None:
    """What `nlp.initialize()` does for our rulers, without re-initialising the components of
    a trained base pipeline (its weights would be lost)."""
    ours = {name: nlp.config["initialize"]["components"][name] for name in RULER_CONFIGS}
    for name, settings in registry.resolve(ours).items():
        nlp.get_pipe(name).initialize(lambda: [], nlp=nlp, **settings)


def standalone_recognisers(
    nlp: Language, keys: StructureKeys, mention_keys: dict[str, str]
) -> list:
    """The same components outside any pipeline, for `trade_claims` added to a foreign one;
    they write under the keys the linker reads."""
    components = [
        nlp.create_pipe("trade_segmenter", name="trade_segmenter", config=keys.as_config()),
        nlp.create_pipe("trade_quantities", name="trade_quantities"),
        nlp.create_pipe("trade_periods", name="trade_periods"),
    ]
    readers = {"trade_places": read_place_patterns, "trade_terms": read_term_patterns}
    for name, config in RULER_CONFIGS.items():
        key = mention_keys["places" if name == "trade_places" else "terms"]
        ruler = nlp.create_pipe("span_ruler", name=name, config={**config, "spans_key": key})
        ruler.initialize(lambda: [], nlp=nlp, patterns=readers[name]())
        components.append(ruler)
    product_keys = {
        "spans_key": mention_keys["products"],
        "places_key": mention_keys["places"],
        "terms_key": mention_keys["terms"],
    }
    components.append(nlp.create_pipe("trade_products", name="trade_products", config=product_keys))
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
    nlp.add_pipe("trade_claims", config=keys_from_sources(nlp, "trade_claims"))
    refer_keys_to_sources(nlp)
    initialize_rulers(nlp)
    return raise_max_length(nlp)


def load_pipeline(name: str | Path, **kwargs: Any) -> Language:
    """A saved pipeline (models/<name>) or any installed spaCy package that has the components."""
    register_extensions()
    return raise_max_length(spacy.load(name, **kwargs))


def raise_max_length(nlp: Language) -> Language:
    """spaCy's 1,000,000-character limit protects parser and NER memory: without them, lift it."""
    factories = {nlp.get_pipe_meta(name).factory for name in nlp.pipe_names}
    if not factories & MEMORY_HUNGRY_FACTORIES:
        nlp.max_length = max(nlp.max_length, MAX_TEXT_CHARS)
    return nlp


def make_docs(nlp: Language, items: Iterable[tuple[str, str, str | None]]) -> Iterator[Doc]:
    """Tokenised docs that carry the caller's id and date into the pipeline.

    A text over `nlp.max_length` is TextTooLong and a doc_date that is no calendar date a
    ValueError, both naming the document, rather than spaCy's E088 or a period in year -1.
    """
    register_extensions()
    for text, doc_id, doc_date in items:
        if len(text) > nlp.max_length:
            raise TextTooLong(doc_id, len(text), nlp.max_length)
        if doc_date is not None and real_iso_date(doc_date) is None:
            raise ValueError(
                f"document {doc_id!r}: doc_date {doc_date!r} is not a real date (YYYY-MM-DD)"
            )
        doc = nlp.make_doc(text)
        doc._.doc_id = doc_id
        doc._.doc_date_override = doc_date
        yield doc


def to_document(doc: Doc) -> Document:
    """The spec's document; `notes` appear only when there are some (a sentence was cut)."""
    notes = {"notes": doc._.notes} if doc._.notes else {}
    return Document(
        doc_id=doc._.doc_id or "doc", doc_date=doc._.doc_date, claims=doc._.claims or [], **notes
    )


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
