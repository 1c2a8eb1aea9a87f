"""The claim linker component: recognised mentions in, `doc._.claims` out.

Walks the sentences in order with a context (spec section 3), groups each sentence's numbers
into claims and reads their subjects. Added to a pipeline without the recognisers (e.g. onto
en_core_web_sm), it runs its own copies of them first.
"""

from __future__ import annotations

import re
from collections import Counter

from spacy.language import Language
from spacy.tokens import Doc

from tradeextract.extensions import doc_text, provenance, register_extensions
from tradeextract.gc_policy import fewer_collections
from tradeextract.link.claims import (
    build_claims,
    remember,
    remember_period,
    settle_comparison_bases,
)
from tradeextract.link.context import Context
from tradeextract.link.drafts import group_drafts
from tradeextract.link.long_sentences import bound_sentences
from tradeextract.link.mentions import Mention, by_sentence, collect_mentions
from tradeextract.link.nearby import Nearby
from tradeextract.link.places import POSSESSIVE_WIDTH, is_attributive, marks_reporter
from tradeextract.link.state import DocState, LinkRules, load_link_rules, word_before
from tradeextract.link.subject import read_subject
from tradeextract.link.tables import (
    Cell,
    caption_of,
    group_tables,
    load_table_rules,
    read_table,
)
from tradeextract.link.timing import follows_same_period, is_comparison_period
from tradeextract.link.window import window_of
from tradeextract.model import Claim
from tradeextract.normalise.claims import normalise_claims
from tradeextract.normalise.currencies import CurrencyTable
from tradeextract.recognise.base import DataComponent
from tradeextract.recognise.docdate import detect_doc_date
from tradeextract.recognise.products import PRODUCTS_KEY
from tradeextract.recognise.quantities import QUANTITY_FILES, load_quantity_rules
from tradeextract.recognise.terms import PLACES_KEY, TERMS_KEY
from tradeextract.resources import DataDir
from tradeextract.segment.sentences import Sentence
from tradeextract.segment.structure import StructureKeys, read_structure

# tables read currencies, scales and units with the quantity rules
LINK_FILES = ("link_rules.json", "period_patterns.json", "table_rules.json", *QUANTITY_FILES)
KEYS = {"places": PLACES_KEY, "terms": TERMS_KEY, "products": PRODUCTS_KEY}


TABLE_ITEM = re.compile(r"\s*[(:]\s*[$€£¥+\-−]?\d")


WORD = re.compile(r"[^\W\d_]")  # a letter of any script
WORLD_CURRENCY = "USD"  # prices and trade of every economy are quoted in it: it names none
HEAD_WEIGHT = 2  # a place the headline or lead names counts this much more
MARKED_WEIGHT = 3  # a place named as whose trade it is counts this much, a bare one once
ATTRIBUTIVE_MENTIONS = 11  # mentions after a place read for the trade word that marks it
PERIOD_FLOW_REACH = 40  # a period this close to a trade word frames the sentences after it
PRODUCT_FLOW_REACH = 6  # a product this close to a trade word frames the paragraph
HEADING_PRODUCT_FLOW_REACH = 12  # the same in a heading, which frames its section


def _main_reporter(
    mentions: list[Mention], text: str, rules: LinkRules, head_end: int = 0
) -> tuple[str, tuple[int, int]] | None:
    """The economy an article is about: the place most often named as whose trade it is
    ("China's exports", 'U.S. soybean export sales', 'Japan recorded'), counting bare mentions
    once, and neither partners ('to Japan') nor rows of a list ('Mexico (52,100 MT)'); the
    headline and lead name it first, so their places weigh more."""
    marked: Counter[str] = Counter()  # by economy: a province counts for its country
    by_place: Counter[str] = Counter()  # by the place itself
    first_seen: dict[str, tuple[int, int]] = {}
    for index, m in enumerate(mentions):
        if m.kind != "PLACE" or word_before(text, m.start) in rules.partner_before:
            continue
        if TABLE_ITEM.match(text, m.end) or rules.counterpart_after.match(text, m.end):
            continue  # a row of a list, or 'Europe remained the main destination'
        code = m.id.split("-")[0] if m.place_type == "subdivision" else m.id
        first_seen.setdefault(m.id, (m.start, m.end))
        possessive = rules.possessive_after.search(text[m.end : m.end + POSSESSIVE_WIDTH])
        following = mentions[index + 1 : index + 1 + ATTRIBUTIVE_MENTIONS]
        attributive = is_attributive(m, following, text)
        weight = MARKED_WEIGHT if (possessive or attributive) else 1
        weight += HEAD_WEIGHT if m.start < head_end else 0
        marked[code] += weight
        by_place[m.id] += weight
    if not marked:
        return None
    code = marked.most_common(1)[0][0]
    # an article about one province ('Tasmania's goods exports'): the province, not the country
    provinces = [(n, place) for place, n in by_place.items() if place.startswith(f"{code}-")]
    weight, province = max(provinces, default=(0, code))
    if weight > by_place[code]:
        code = province
    return code, first_seen[code]


def _currency_economy(
    mentions: list[Mention], currencies: CurrencyTable
) -> tuple[str, tuple[int, int]] | None:
    """An article that names no economy as whose trade it is, but counts in New Zealand
    dollars or Kenyan shillings, is about the one economy that uses that currency: the
    currency most of its money amounts are in, if only one country uses it."""
    amounts = [m for m in mentions if m.kind == "QUANTITY" and m.quantity.kind == "money"]
    units = Counter(m.quantity.unit for m in amounts)
    if not units:
        return None
    unit, _count = units.most_common(1)[0]
    countries = currencies.countries.get(unit, frozenset())
    if len(countries) != 1 or unit == WORLD_CURRENCY:
        return None
    first = next(m for m in amounts if m.quantity.unit == unit)
    return next(iter(countries)), (first.start, first.end)


def _names_something_else(m: Mention, text: str, rules: LinkRules) -> bool:
    """'Southeast Asia's largest economy', 'the Southeast Asian economy', 'per US dollar': the
    place is part of an epithet or a currency's name, not a subject."""
    return bool(
        rules.epithet_after.match(text, m.end)
        or rules.currency_after.match(text, m.end)
        or m.place_type == "region"
        and rules.region_epithet_after.match(text, m.end)
    )


def _near(m: Mention, nearby: Nearby, kind: str, reach: int) -> bool:
    """Is a mention of the kind within `reach` characters of m (either end to either end)?"""
    return bool(
        nearby.starting(m.end - reach, m.end + reach + 1, kind)
        or nearby.ending(m.start - reach, m.start + reach, kind)
    )


def _sets_period_frame(m: Mention, nearby: Nearby, state: DocState, in_head: bool) -> bool:
    """A period stated beside a trade word, or anywhere in the lead, frames what follows;
    '... since a meeting in September 1985' does not."""
    if m.kind != "PERIOD" or is_comparison_period(m, state):
        return False
    if in_head:
        return True
    dated = m.period.year is not None or m.period.relative is not None
    return dated and _near(m, nearby, "FLOW", PERIOD_FLOW_REACH)


def _remember_sentence(nearby: Nearby, state: DocState, sentence: Sentence) -> None:
    """A sentence without claims still sets the frame: a period stated with a trade word, a
    product named with one ('medical device exports'), or a heading's product."""
    period = next(
        (m for m in nearby.mentions if _sets_period_frame(m, nearby, state, sentence.in_head)),
        None,
    )
    if period is not None:
        remember_period(period, state, sentence.in_head)
    reach = HEADING_PRODUCT_FLOW_REACH if sentence.is_heading else PRODUCT_FLOW_REACH
    remembered: set[str] = set()
    subordinate = state.rules.subordinate_before.search(state.text, sentence.start, sentence.end)
    clause_end = subordinate.end() if subordinate else sentence.end + 1
    for m in nearby.mentions:
        if m.start >= clause_end:
            break  # 'Thai exports surge in May on electronics': a cause, not the subject
        if "product" not in remembered and m.kind == "PRODUCT" and _near(m, nearby, "FLOW", reach):
            state.context.state(
                "product", m.id, (m.start, m.end), sentence.in_head, sentence.is_heading
            )
            remembered.add("product")
        if "reporter" not in remembered and m.kind == "PLACE" and marks_reporter(m, nearby, state):
            # 'Uganda's shipments held near record territory. The country exported ...'
            state.context.state(
                "reporter", [m.id], (m.start, m.end), sentence.in_head, sentence.is_heading
            )
            remembered.add("reporter")


def _stated_season_start(mentions: list[Mention]) -> int | None:
    """'the 1986/87 coffee year (October/September)': the text's seasons start in October,
    including the ones it names without saying so ('the same period of 1985/86')."""
    return next(
        (
            m.period.month1
            for m in mentions
            if m.kind == "PERIOD" and m.period.kind == "season" and m.period.month1
        ),
        None,
    )


def _year_month(doc_date: str | None) -> tuple[int | None, int | None]:
    if doc_date and doc_date[:4].isdigit() and doc_date[5:7].isdigit():
        return int(doc_date[:4]), int(doc_date[5:7])
    return None, None


def _year_after_same_period(mentions: list[Mention], text: str, rules: LinkRules) -> int | None:
    """An undated article that compares with 'the same quarter of 2024' reports on 2025: the
    year after the one its figures are compared with."""
    for m in mentions:
        if m.kind != "PERIOD" or m.period.kind != "year" or m.period.year is None:
            continue
        if follows_same_period(m, text, rules):
            return m.period.year + 1
    return None


def link_doc(
    doc: Doc,
    data_dir: DataDir,
    keys: StructureKeys | None = None,
    mention_keys: dict[str, str] = KEYS,
) -> list[Claim]:
    """The claims of a recognised doc; `keys` and `mention_keys` name the span groups read;
    `doc._.notes` says where a sentence was too long to link whole."""
    rules = load_link_rules(data_dir)
    text = doc_text(doc)
    mentions = [
        m
        for m in collect_mentions(doc, mention_keys, rules.name_words)
        if not (m.kind == "PLACE" and _names_something_else(m, text, rules))
    ]
    doc_year, doc_month = _year_month(doc._.doc_date)
    doc_year = doc_year or _year_after_same_period(mentions, text, rules)
    sentences = read_structure(doc, keys or StructureKeys())
    sentences, doc._.notes = bound_sentences(
        sentences, text, mentions, rules.max_sentence, rules.clause_break
    )
    head_end = max((s.end for s in sentences if s.in_head), default=0)
    currencies = load_quantity_rules(data_dir).currencies
    main = _main_reporter(mentions, text, rules, head_end) or _currency_economy(
        mentions, currencies
    )
    state = DocState(
        text,
        provenance(doc),
        doc_year,
        doc_month,
        main,
        Context(),
        rules,
        compares_months=any(m.kind == "BASIS" and m.id == "mom" for m in mentions),
        currencies=currencies,
        season_start=_stated_season_start(mentions),
    )
    grouped = by_sentence(mentions, sentences)
    _seed_head_period(sentences, grouped, state)
    claims: list[Claim] = []
    table_rows: list[tuple[int, int, list[Mention]]] = []
    caption: tuple[Sentence | None, list[Mention]] = (None, [])
    for sentence, sentence_mentions in zip(sentences, grouped, strict=True):
        if sentence.is_table:
            table_rows.append((sentence.start, sentence.end, sentence_mentions))
            continue
        if sentence.is_furniture and table_rows:
            continue  # a rule line ('|---|---|') inside a table
        claims += _link_table(table_rows, caption, state, data_dir)
        table_rows = []
        state.context.enter(sentence.section, sentence.paragraph, sentence.run_on)
        claims += _link_sentence(sentence, sentence_mentions, state)
        if not sentence.is_furniture:
            caption = (sentence, sentence_mentions)
    claims += _link_table(table_rows, caption, state, data_dir)
    return claims


def _link_table(
    rows: list[tuple[int, int, list[Mention]]],
    caption: tuple[Sentence | None, list[Mention]],
    state: DocState,
    data_dir: DataDir,
) -> list[Claim]:
    """A run of table rows, read with the sentence before it as its caption."""
    if not rows:
        return []
    rules = load_table_rules(data_dir)
    sentence, mentions = caption
    cell = (
        Cell(sentence.start, sentence.end, state.text[sentence.start : sentence.end])
        if sentence
        else None
    )
    claims: list[Claim] = []
    for table in group_tables(rows, state.text, rules):
        claims += read_table(table, caption_of(mentions, cell, rules), state, rules)
    return claims


def _seed_head_period(
    sentences: list[Sentence], grouped: list[list[Mention]], state: DocState
) -> None:
    """A headline's figure is dated by the lead paragraph below it ('Exports rise 5%' over
    'In the first half of 2024, exports rose 5.1%'): the lead's first period frames the head."""
    for sentence, mentions in zip(sentences, grouped, strict=True):
        if not sentence.in_head or sentence.is_heading or sentence.is_furniture:
            continue
        for m in mentions:
            if m.kind == "PERIOD" and not is_comparison_period(m, state):
                state.context.head.set("period", m.period, (m.start, m.end))
                year = m.period.year
                if year is not None:
                    state.context.head.set("year", year, (m.start, m.end))
                    state.context.head.set("article_year", year, (m.start, m.end))
                return


def _states_nothing(sentence: Sentence, text: str) -> bool:
    """Page furniture, and a stretch without a single word (a column of numbers, '5% 5% 5%'):
    a number there has nothing it is about, so it is no claim (claims.md section 1)."""
    return sentence.is_furniture or WORD.search(text, sentence.start, sentence.end) is None


def _link_sentence(sentence: Sentence, mentions: list[Mention], state: DocState) -> list[Claim]:
    if _states_nothing(sentence, state.text):
        return []
    nearby = Nearby(mentions, state.rules.reach)
    quantities = [m for m in mentions if m.kind == "QUANTITY"]
    drafts = group_drafts(quantities, nearby, state, sentence.start)
    if not drafts:
        _remember_sentence(nearby, state, sentence)
        return []
    windows, subjects = [], []
    for i, draft in enumerate(drafts):
        prev = drafts[i - 1] if i else None
        nxt = drafts[i + 1] if i + 1 < len(drafts) else None
        window = window_of(draft, prev, nxt, nearby, sentence.start, sentence.end, state)
        subjects.append(read_subject(draft, window, subjects[-1] if subjects else None, state))
        windows.append(window)
    settle_comparison_bases(drafts, subjects)
    claims: list[Claim] = []
    previous = None
    for draft, subject, window in zip(drafts, subjects, windows, strict=True):
        claims += build_claims(draft, subject, window, state, previous)
        previous = subject
    for subject in subjects:
        remember(subject, state, sentence.in_head)
    return claims


class ClaimLinker(DataComponent):
    """Sets `doc._.doc_date` and `doc._.claims`."""

    data_files = LINK_FILES

    def __init__(
        self,
        nlp: Language,
        name: str,
        data_dir: str | None = None,
        keys: StructureKeys | None = None,
        mention_keys: dict[str, str] = KEYS,
    ) -> None:
        self.name = name
        self.nlp = nlp
        self.keys = keys or StructureKeys()
        self.mention_keys = mention_keys
        self._fallback = None
        super().__init__(data_dir)

    def load_rules(self, data_dir: DataDir) -> None:
        """Every rule file the linker reads is read and checked here, not at the first doc;
        `link_doc` finds them in the loaders' caches."""
        load_link_rules(data_dir)
        load_table_rules(data_dir)
        load_quantity_rules(data_dir)

    def _ensure_recognised(self, doc: Doc) -> None:
        """Run the recognisers here when the pipeline does not have them."""
        if doc._.quantities is not None and self.mention_keys["terms"] in doc.spans:
            return
        if self._fallback is None:
            from tradeextract.pipeline import standalone_recognisers

            self._fallback = standalone_recognisers(self.nlp, self.keys, self.mention_keys)
        for component in self._fallback:
            if component.name == "trade_quantities" and doc._.quantities is not None:
                continue
            component(doc)

    def __call__(self, doc: Doc) -> Doc:
        self._ensure_recognised(doc)
        doc._.doc_date = doc._.doc_date_override or detect_doc_date(
            doc_text(doc), [p for p in doc._.periods or [] if p.is_date]
        )
        with fewer_collections():
            claims = link_doc(doc, self.data_dir, self.keys, self.mention_keys)
            doc._.claims = normalise_claims(claims)
        return doc


@Language.factory(
    "trade_claims",
    default_config={
        "data_dir": None,
        **StructureKeys().as_config(),
        "places_key": PLACES_KEY,
        "terms_key": TERMS_KEY,
        "products_key": PRODUCTS_KEY,
    },
    assigns=["doc._.claims", "doc._.doc_date"],
    requires=["doc._.quantities", "doc._.periods", "doc.spans"],
)
def make_claim_linker(
    nlp: Language,
    name: str,
    data_dir: str | None,
    sentences_key: str,
    paragraphs_key: str,
    sections_key: str,
    furniture_key: str,
    head_key: str,
    places_key: str,
    terms_key: str,
    products_key: str,
) -> ClaimLinker:
    """The keys name the span groups the linker reads: the segmenter's structure and the
    places, trade words and products the recognisers found. Alone in a pipeline, it runs its
    own recognisers, which write under these keys."""
    register_extensions()
    keys = StructureKeys(sentences_key, paragraphs_key, sections_key, furniture_key, head_key)
    mentions = {"places": places_key, "terms": terms_key, "products": products_key}
    return ClaimLinker(nlp, name, data_dir, keys, mentions)
