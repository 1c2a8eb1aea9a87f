"""Product categories: noun phrases that end in a product head noun ("dental equipment and
materials", "medical device" before "exports"), named in lower-case plural form.

Open vocabulary on purpose: the head-noun list (product_heads.txt) is short and general, and the
modifiers are whatever words the article puts before it, stopping at function words, numbers,
places and trade words.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from functools import lru_cache
from types import ModuleType

from spacy.language import Language
from spacy.strings import get_string_id
from spacy.tokens import Doc, Span

from tradeextract.extensions import register_extensions
from tradeextract.recognise.base import DataComponent
from tradeextract.recognise.periods import PERIODS_KEY
from tradeextract.recognise.terms import PLACES_KEY, TERMS_KEY
from tradeextract.resources import DataDir, read_json, read_lines

PRODUCT_FILES = ("product_heads.txt", "product_rules.json")
PRODUCTS_KEY = "trade_products"


@dataclass(frozen=True)
class ProductRules:
    plural_of: dict[str, str]  # head noun (lower) -> plural form
    stop_words: frozenset[str]
    max_words: int
    generic_heads: frozenset[str]
    head_ids: frozenset[int]  # string hashes of the heads, as in a Doc's LOWER array
    mass_nouns: frozenset[str]
    not_noun_suffixes: tuple[str, ...]
    verb_before: frozenset[str]
    compound_heads: tuple[str, ...]  # known heads that can end a closed compound, longest first
    sector_products: dict[str, str]  # 'farm' (before a flow word) -> 'farm products'


@lru_cache(maxsize=4)
def load_product_rules(data_dir: DataDir) -> ProductRules:
    plural_of: dict[str, str] = {}
    for line in read_lines("product_heads.txt", data_dir):
        words = line.split()
        plural = words[-1]
        for word in words:
            plural_of[word.lower()] = plural.lower()
    spec = read_json("product_rules.json", data_dir)
    return ProductRules(
        plural_of,
        frozenset(spec["stop_words"]),
        spec["max_words"],
        frozenset(spec["generic_heads"]),
        frozenset(get_string_id(word) for word in plural_of),
        frozenset(spec["mass_nouns"]),
        tuple(spec["open_head_not_suffixes"]),
        frozenset(spec["verb_before"]),
        tuple(sorted((w for w in plural_of if len(w) >= COMPOUND_HEAD_MIN), key=len, reverse=True)),
        dict(spec["sector_products"]),
    )


@lru_cache(maxsize=4096)
def plural(word: str, mass_nouns: frozenset[str]) -> str:
    """A head noun outside the list, in the plural the spec asks for ('cherry' -> 'cherries'),
    or as it stands when it is a mass noun ('rice') or already plural."""
    if word in mass_nouns or word.endswith("s") or not word.isalpha():
        return word
    inflected = _inflector().plural_noun(word) or word
    # inflect reads some nouns as pronouns ('mine' -> 'ours'); a noun's plural keeps its stem
    return inflected if inflected[:1] == word[:1] else word + "s"


@lru_cache(maxsize=1)
def _inflector():  # noqa: ANN202 - inflect.engine, imported lazily
    return import_inflect().engine()


def import_inflect() -> ModuleType:
    """inflect, imported without typeguard's run-time argument checks.

    inflect 7.2+ decorates its methods with typeguard's `@typechecked`, which re-parses and
    recompiles inflect's source at import for each of them: ~1.5 s per process, more than
    importing spaCy and building the whole pipeline (jaraco/inflect#212). The checks only
    reject arguments of the wrong type, and ours are strings, so inflect is imported with a
    stand-in whose `typechecked` returns what it decorates; the real typeguard, if any, is
    put back at once.
    """
    if "inflect" in sys.modules:
        return sys.modules["inflect"]
    stand_in = ModuleType("typeguard")
    stand_in.typechecked = lambda target=None, **_: target  # type: ignore[attr-defined]
    real = sys.modules.get("typeguard")
    sys.modules["typeguard"] = stand_in
    try:
        import inflect
    finally:
        if real is None:
            del sys.modules["typeguard"]
        else:
            sys.modules["typeguard"] = real
    return inflect


PASSIVE_AUXILIARIES = frozenset({"was", "were", "been", "be", "being", "is", "are"})
SENTENCE_ENDS = (".", "!", "?", ":", '"', "“")  # a capital after these opens a sentence
MARKUP_OPENERS = ("*", "**")  # '**Microport**': emphasis, not the middle of a sentence
SINGULAR_ICS = "ics"  # 'aeronautics exports': a field's name, singular though it ends in -s
PLURAL_LOOKALIKE_ENDINGS = ("ss", "us", "is", "as")  # 'glass', 'bus', 'analysis', 'gas'


def _is_proper_noun(token) -> bool:
    """'Microport surgical robots': a capitalised word mid-sentence before a lower-case word
    names a company or brand, not a kind of product (headlines in Title Case are exempt)."""
    doc = token.doc
    if not token.is_title or _opens_sentence(token) or token.i + 1 >= len(doc):
        return False
    return doc[token.i - 1].text not in MARKUP_OPENERS and doc[token.i + 1].is_lower


def _is_modifier(token, rules: ProductRules, blocked: set[int]) -> bool:
    text = token.lower_
    return (
        token.i not in blocked
        and not _is_proper_noun(token)
        and (token.is_alpha or ("-" in text and text.replace("-", "").isalpha()))
        and text not in rules.stop_words
        and not token.is_space
    )


def _joins(doc: Doc, index: int, rules: ProductRules, blocked: set[int]) -> bool:
    """'and' between modifiers, or a hyphen written without spaces ('X-ray'), continues a phrase."""
    if index - 1 < 0 or not _is_modifier(doc[index - 1], rules, blocked):
        return False
    token = doc[index]
    if token.lower_ == "and":
        return True
    return token.text == "-" and not token.whitespace_ and not doc[index - 1].whitespace_


def _in_stopped_compound(doc: Doc, index: int, rules: ProductRules) -> bool:
    """'end' in 'High-end' belongs to a stop word written with a hyphen."""
    if index - 2 < 0 or doc[index - 1].text != "-" or doc[index - 1].whitespace_:
        return False
    return f"{doc[index - 2].lower_}-{doc[index].lower_}" in rules.stop_words


def _phrase_start(doc: Doc, head: int, rules: ProductRules, blocked: set[int]) -> int:
    start = head
    while start - 1 >= 0 and head - start < rules.max_words:
        if _in_stopped_compound(doc, start - 1, rules):
            break
        if _is_modifier(doc[start - 1], rules, blocked):
            start -= 1
        elif _joins(doc, start - 1, rules, blocked):
            start -= 2
        else:
            break
    return start


def _split_coordination(span: Span, rules: ProductRules) -> list[Span]:
    """'mass spectrometers and surgical robots' are two products; 'dental equipment and
    materials' and 'machinery and transport equipment' one (a lone word on either side of 'and'
    is read as part of one category name)."""
    for token in reversed(list(span)):
        k = token.i
        if (
            token.lower_ == "and"
            and k - 1 >= span.start
            and span.doc[k - 1].lower_ in rules.plural_of
            and span.end - (k + 1) >= 2
            and k - span.start >= 2
        ):
            return [span.doc[span.start : k], span.doc[k + 1 : span.end]]
    return [span]


def _head_indices(doc: Doc, rules: ProductRules) -> list[int]:
    """Tokens that are product head nouns, found on the LOWER array without making Tokens."""
    return [i for i, lower in enumerate(doc.to_array("LOWER").tolist()) if lower in rules.head_ids]


def open_heads(
    doc: Doc, rules: ProductRules, blocked: set[int], flows: list[Span], amount_ends: set[int]
) -> list[int]:
    """Heads of products the list does not know, found by where they stand: the word right
    before a flow word ('cut flower exports'), or the last word of the phrase after 'of' that
    follows a flow word or an amount ('exports of fresh cherries', 'tonnes of rice')."""
    heads = []
    for flow in flows:
        before = flow.start - 1
        # a noun used before another is singular: 'cherry exports'; 'machinery keeps exports'
        if before >= 0 and before not in blocked and doc[before].lower_ in rules.sector_products:
            heads.append(before)  # 'farm exports': the sector's products
        elif (
            before >= 0
            and _can_be_open_head(doc[before], rules, blocked)
            and (not doc[before].lower_.endswith("s") or doc[before].lower_.endswith(SINGULAR_ICS))
            and not (before and _looks_plural(doc[before - 1]))
        ):
            heads.append(before)
        after = flow.end
        if after < len(doc) and (doc[after].lower_ == "of" or _is_verb_form(flow)):
            # 'exports of fresh cherries'; 'Kenya exported cut flowers worth ...'
            heads += _of_phrase_head(
                doc, after if doc[after].lower_ == "of" else after - 1, rules, blocked
            )
    if amount_ends:
        of_id = get_string_id("of")
        for i, lower in enumerate(doc.to_array("LOWER").tolist()):
            if lower == of_id and i > 0 and doc[i].idx in amount_ends:
                heads += _of_phrase_head(doc, i, rules, blocked)
    return heads


def _is_verb_form(flow: Span) -> bool:
    """'exported', 'shipped': a flow word that is a verb in the active voice takes its product
    as its object ('goods were shipped abroad' has none)."""
    passive = flow.start > 0 and flow.doc[flow.start - 1].lower_ in PASSIVE_AUXILIARIES
    return flow[-1].lower_.endswith("ed") and not passive


def _opens_sentence(token) -> bool:  # noqa: ANN001
    return (
        token.i == 0
        or token.doc[token.i - 1].is_space
        or token.doc[token.i - 1].text in SENTENCE_ENDS
    )


def _looks_plural(token) -> bool:  # noqa: ANN001
    """'figures', 'statistics': after a plural noun, the next word is its verb ('figures show
    exports'), not a noun before another (nouns used so are singular)."""
    text = token.lower_
    return (
        token.is_alpha
        and not token.is_upper
        and len(text) > 3
        and text.endswith("s")
        and not text.endswith(PLURAL_LOOKALIKE_ENDINGS)
    )


def _of_phrase_head(doc: Doc, of_index: int, rules: ProductRules, blocked: set[int]) -> list[int]:
    end = of_index + 1
    while end < len(doc) and doc[end].is_title and (end in blocked or _is_proper_noun(doc[end])):
        end += 1  # 'exports of Swiss watches', 'tonnes of Hass avocados': a demonym or a name
    start = end
    while (
        end < len(doc)
        and end - of_index <= rules.max_words
        and (_is_modifier(doc[end], rules, blocked) and doc[end].is_lower)
    ):
        end += 1
    head = end - 1
    return [head] if head >= start and _can_be_open_head(doc[head], rules, blocked) else []


def _can_be_open_head(token, rules: ProductRules, blocked: set[int]) -> bool:  # noqa: ANN001
    """A lower-case word that may be a noun: not a stop word, not ending like an adjective or
    a verb form ('positive', 'custom-cleared', 'latest')."""
    text = token.lower_
    previous = token.doc[token.i - 1].lower_ if token.i else ""
    return (
        previous not in rules.verb_before
        and (token.is_lower or token.is_title and _opens_sentence(token))
        and len(text) > 2
        and _is_modifier(token, rules, blocked)
        and (
            text in rules.plural_of
            or not text.endswith(rules.not_noun_suffixes)
            or compound_head(text, rules) is not None
        )
    )


COMPOUND_HEAD_MIN = 4  # letters of a known head that ends a closed compound ('fish|meal')


def compound_head(word: str, rules: ProductRules) -> str | None:
    """The known head a closed compound ends with ('fishmeal' -> 'meal', 'shellfish' ->
    'fish'): the word is a noun however it ends, and takes its head's plural."""
    for head in rules.compound_heads:
        if word.endswith(head) and len(word) > len(head):
            return head
    return None


def _tokens_in(doc: Doc, quantities: list) -> set[int]:
    """Tokens inside recognised amounts ('fold' of '15-fold', 'digit' of 'double-digit')."""
    tokens: set[int] = set()
    for q in quantities:
        span = doc.char_span(q.start, q.end, alignment_mode="expand")
        if span is not None:
            tokens.update(range(span.start, span.end))
    return tokens


def find_products(
    doc: Doc, rules: ProductRules, blocked: set[int], extra_heads: list[int] = ()
) -> list[Span]:
    """Product phrases: a head noun and the run of modifier words before it (with 'and')."""
    spans: list[Span] = []
    taken_from = len(doc)
    heads = sorted(set(_head_indices(doc, rules)) | set(extra_heads))
    for i in reversed(heads):
        if i in blocked or i >= taken_from:
            continue
        start = _phrase_start(doc, i, rules, blocked)
        for span in reversed(_split_coordination(doc[start : i + 1], rules)):
            if len(span) > 1 or rules.plural_of.get(span[0].lower_) not in rules.generic_heads:
                span.id_ = product_name(span, rules)
                spans.append(span)
        taken_from = start
    spans.reverse()
    return spans


COORDINATED_HEADS = 3  # 'drug and pharmaceutical': a head, 'and', a head


def product_name(span: Span, rules: ProductRules) -> str:
    """'Medical device' -> 'medical devices': lower-case, head noun in its plural form; two
    heads joined by 'and' both ('drug and pharmaceutical exports': 'drugs and
    pharmaceuticals')."""
    text = " ".join(span.text.lower().split())
    head = span[-1].lower_
    if len(span) == 1 and head in rules.sector_products:
        return rules.sector_products[head]
    named = rules.plural_of.get(head) or _compound_plural(head, rules)
    text = text[: len(text) - len(head)] + named
    first = span[0].lower_
    if len(span) == COORDINATED_HEADS and span[1].lower_ == "and" and first in rules.plural_of:
        text = rules.plural_of[first] + text[len(first) :]
    return text


def _compound_plural(word: str, rules: ProductRules) -> str:
    known = compound_head(word, rules)
    if known is None:
        return plural(word, rules.mass_nouns)
    return word[: len(word) - len(known)] + rules.plural_of[known]


class ProductRecogniser(DataComponent):
    """Product phrases into `doc.spans[spans_key]`; the span's id is the product's name."""

    data_files = PRODUCT_FILES

    def __init__(
        self, name: str, spans_key: str, blocking_keys: list[str], data_dir: str | None = None
    ):
        self.name = name
        self.spans_key = spans_key
        self.blocking_keys = blocking_keys
        super().__init__(data_dir)

    def load_rules(self, data_dir: DataDir) -> None:
        self.rules = load_product_rules(data_dir)

    def __call__(self, doc: Doc) -> Doc:
        blocked: set[int] = set()
        known: list[Span] = []
        flows: list[Span] = []
        for key in self.blocking_keys:
            for span in doc.spans.get(key, []):
                if span.label_ == "PRODUCT":
                    known.append(span)
                if span.label_ == "FLOW":
                    flows.append(span)
                if span.label_ not in ("INDUSTRY",):
                    blocked.update(range(span.start, span.end))
        quantities = [q for q in doc._.quantities or [] if q.kind != "number"]
        amount_ends = {q.end + 1 for q in quantities if q.kind == "volume"}
        in_amounts = blocked | _tokens_in(doc, quantities)
        extra = open_heads(doc, self.rules, in_amounts, flows, amount_ends)
        found = find_products(doc, self.rules, blocked, extra) + known
        doc.spans[self.spans_key] = sorted(found, key=lambda s: s.start)
        return doc


@Language.factory(
    "trade_products",
    default_config={
        "spans_key": PRODUCTS_KEY,
        "places_key": PLACES_KEY,
        "terms_key": TERMS_KEY,
        "periods_key": PERIODS_KEY,
        "data_dir": None,
    },
    assigns=["doc.spans"],
    requires=["doc.spans", "doc._.quantities"],
)
def make_product_recogniser(
    nlp: Language,
    name: str,
    spans_key: str,
    places_key: str,
    terms_key: str,
    periods_key: str,
    data_dir: str | None,
) -> ProductRecogniser:
    """Reads places, trade words and periods (they block a phrase; a FLOW word marks an open
    head) from the span groups the keys name."""
    register_extensions()
    return ProductRecogniser(name, spans_key, [places_key, terms_key, periods_key], data_dir)
