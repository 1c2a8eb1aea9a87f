"""Reading a draft's subject: flow, measure, hedge, places, product, HS code, period and
basis from its window, then the sentence's earlier claim and the carried context.
"""

from __future__ import annotations

import re

from tradeextract.link.context import UNSET
from tradeextract.link.decisions import decide
from tradeextract.link.drafts import SHARE_WHOLE_REACH, Draft, Role, Subject
from tradeextract.link.mentions import Mention
from tradeextract.link.places import read_places
from tradeextract.link.state import DocState, LinkRules, loc, word_before
from tradeextract.link.timing import read_basis, read_period
from tradeextract.link.window import Window, is_elliptical, nearest

SALES = "sale"  # 'sales', 'sale': a flow word that is output unless sold to a partner
SHARE_FLOW_REACH = 40  # after a share: 'exports', 'imports' name the flow it is a share of
BALANCE_GAP = 25  # between 'surplus' and the 'trade' it is the balance of
# money per span of time ('200 billion dirhams a year') is a value at that rate, not a price
PER_TIME = re.compile(r"\b(?:year|annum|quarter|month|week|day)s?\s*$", re.I)
PRICE_WORD_REACH = 30  # a 'price' word ending less than this before an amount makes it a price
HEDGE_GAP = 2  # characters at most between a hedge and its number ('about $5bn')
EXAMPLE_MARKER_REACH = 20  # before a product: 'including', 'such as' make it an example
DENOMINATOR_REACH = 30  # before a whole: the 'of' that makes it the denominator of a share
PRODUCT_AFTER_REACH = 50  # a product this far after a claim's last number can be its product
BALANCE_FLOWS = ("balance", "deficit")  # flows that are not carried from sentence to sentence
ASIDE_REACH = 60  # before a product: the ', which' or ', where' that opens a relative clause
# "of", "of the", "of Canada's" ending the text: what follows is the whole a share is of
DENOMINATOR_OF = re.compile(r"\bof\s+(?:the\s+)?(?:[\w.]+['’]s?\s+)?$")
# what may stand between listed products: punctuation, and one 'and' or 'or'
LIST_GLUE = re.compile(r"[\s,;:()]*(?:(?:and|or)\s+)?[\s,;:()]*")


def _flow(
    window: Window, draft: Draft, prev: Subject | None, state: DocState, subject: Subject
) -> None:
    if draft.comparison and prev is not None and prev.flow and is_elliptical(window, draft):
        subject.flow = prev.flow
        decide(subject.decided, "flow.comparison_lead")
        if "flow" in prev.spans:
            subject.spans["flow"] = prev.spans["flow"]
        return
    if draft.value is not None and draft.value.quantity.kind == "count":
        decide(subject.decided, "flow.count_none")
        return  # counts are statistics of their own: flow null (annotating.md, counts)
    m = nearest(window, ("FLOW",), draft=draft)
    if (
        m is not None
        and m.id == "output"
        and m.start >= draft.last
        and draft.role_of_value == Role.SHARE
    ):
        m = None  # 'equivalent to 3.1% of GDP': GDP is the denominator, not the flow
    if m is not None and m.id == "trade":
        m = _balance_before(m, window) or m
    if m is not None:
        subject.flow = m.id
        decide(subject.decided, "flow.stated")
        subject.spans["flow"] = loc(m.start, m.end)
        subject.used.append(m)
        return
    if draft.role_of_value == Role.SHARE and draft.value is not None:
        after_end = min(draft.value.end + SHARE_FLOW_REACH, window.end)
        after = state.text[draft.value.end : after_end].lower()
        for word, flow in (
            ("export", "export"),
            ("import", "import"),
            ("trade", "trade"),
            ("output", "output"),
        ):
            if word in after:
                subject.flow = flow
                decide(subject.decided, "flow.share_whole")
                return
    if prev is not None and prev.flow is not None:
        subject.flow = prev.flow
        decide(subject.decided, "flow.same_sentence")
        if "flow" in prev.spans:
            subject.spans["flow"] = prev.spans["flow"]
        return
    # a share inherits the frame's flow only when it names a whole it is part of
    # ('54% of the total'), not as a bare level ('domestic products accounting for 83.3%')
    of_a_whole = draft.value is not None and state.rules.share_after.search(
        state.text[draft.value.end : draft.value.end + SHARE_WHOLE_REACH]
    )
    if draft.role_of_value != Role.SHARE or of_a_whole:
        _inherit_flow(subject, state)


def _inherit_flow(subject: Subject, state: DocState) -> None:
    """The flow the frame stated; a balance names itself in each sentence ('the deficit',
    'the surplus'): carried on, it would turn the next sentence's earnings into a deficit."""
    slot = state.context.lookup("flow")
    if slot is not None and slot.value not in BALANCE_FLOWS:
        subject.flow = slot.value
        decide(subject.decided, "flow.context")
        if slot.source:
            subject.spans["flow"] = loc(*slot.source)


def _partner_share_flow(draft: Draft, subject: Subject, state: DocState) -> None:
    """'China followed with 18.2 percent', 'the Netherlands took 42%': a partner's share is
    a part of the frame's trade, whose flow it takes."""
    if subject.flow is None and subject.partner and draft.role_of_value == Role.SHARE:
        _inherit_flow(subject, state)


def _sales_abroad(subject: Subject, state: DocState) -> None:
    """Sales are output (annotating.md), but sales to a partner ('sales of lentils to India')
    are exports."""
    where = subject.spans.get("flow")
    if subject.flow != "output" or not subject.partner or where is None:
        return
    if state.text[where[0] : where[1]].lower().startswith(SALES):
        subject.flow = "export"
        decide(subject.decided, "flow.sales_abroad")


def _compares_prices(window: Window, draft: Draft, prev: Subject | None) -> bool:
    """'averaged $196 a tonne in May, down from $241': the figure compared with a price is
    the price of the same unit, though it does not repeat the unit."""
    q = draft.value.quantity if draft.value is not None else None
    return (
        draft.comparison
        and prev is not None
        and prev.measure == "price"
        and q is not None
        and q.kind == "money"
        and not q.per
        and is_elliptical(window, draft)
    )


def _balance_before(trade: Mention, window: Window) -> Mention | None:
    """'a surplus in car trade', 'the surplus on oil trade': the balance of that trade."""
    for m in window.left:
        if (
            m.kind == "FLOW"
            and m.id in ("balance", "deficit")
            and 0 <= trade.start - m.end <= BALANCE_GAP
        ):
            return m
    return None


def _measure(window: Window, draft: Draft, prev: Subject | None, subject: Subject) -> None:
    q = draft.value.quantity if draft.value is not None else None
    if _compares_prices(window, draft, prev):
        subject.measure = "price"
        decide(subject.decided, "measure.comparison_lead")
        return
    term = None
    for m in reversed(window.left):
        if m.kind == "MEASURE":
            term = m
            break
    if q is not None:
        if draft.role_of_value == Role.SHARE:
            subject.measure = "share"
            decide(subject.decided, "measure.share")
        elif q.kind == "money":
            subject.measure = (
                "price"
                if (
                    q.per
                    and not PER_TIME.search(q.per)
                    or (
                        term is not None
                        and term.id == "price"
                        and draft.value.start - term.end < PRICE_WORD_REACH
                    )
                )
                else "value"
            )
            price = subject.measure == "price"
            decide(subject.decided, "measure.price" if price else "measure.money_value")
        else:
            subject.measure = {"count": "count", "volume": "volume"}.get(q.kind, "value")
            decide(subject.decided, "measure.unit")
        return
    subject.measure = term.id if term is not None else "value"
    decide(subject.decided, "measure.stated_term" if term else "measure.change_of_value")
    if term is not None:
        subject.used.append(term)


def _approx(draft: Draft, window: Window, state: DocState, subject: Subject) -> None:
    main = draft.main
    if main.quantity is not None and main.quantity.approx:
        subject.approx = main.quantity.approx
        decide(subject.decided, "approx.hedge")
        return
    for m in reversed(window.left):
        if m.kind == "HEDGE" and 0 <= main.start - m.end <= HEDGE_GAP:
            subject.approx = m.id
            decide(subject.decided, "approx.hedge")
            subject.used.append(m)
            return
        if main.start - m.end > HEDGE_GAP:
            break


def _is_example(m: Mention, earlier: list[Mention], text: str, rules: LinkRules) -> bool:
    """'Total grain exports, including barley, oats, rye' or '(including crude oil)': a product
    listed after an example marker is an example, not the claim's product."""
    before = text[max(0, m.start - EXAMPLE_MARKER_REACH) : m.start].lower()
    if any(marker.search(before) for marker in rules.example_marker_before):
        return True
    if not earlier:
        return False
    # a marker after any earlier product: the last one after the earliest product end is the
    # one each of them would find, so one search serves them all
    between = text[min(p.end for p in earlier) : m.start]
    lowered = between.lower()
    for marker in rules.example_markers:
        index = lowered.rfind(f" {marker} ")
        if index >= 0 and _only_list_items(between[index + len(marker) + 2 :], earlier):
            return True
    return False


def _is_denominator(m: Mention, text: str) -> bool:
    """'8.2 pct of Canada's merchandise exports': the whole a share is of, not its subject."""
    before = text[max(0, m.start - DENOMINATOR_REACH) : m.start]
    return DENOMINATOR_OF.search(before) is not None


def _only_list_items(text: str, products: list[Mention]) -> bool:
    """After the marker, nothing but other listed products, commas and 'and'."""
    for p in products:
        text = text.replace(p.text, " ")
    return LIST_GLUE.fullmatch(text) is not None


def _product_list(m: Mention, window: Window, text: str, rules: LinkRules) -> list[Mention]:
    """'mass spectrometers and surgical robots': the products listed with the nearest one."""
    products = [p for p in window.left if p.kind == "PRODUCT"]
    if m not in products:
        return [m]
    index = products.index(m)
    members = [m]
    while index > 0 and rules.list_between.search(text[products[index - 1].end : members[0].start]):
        index -= 1
        members.insert(0, products[index])
    return members


ANAPHORS = frozenset({"these", "those", "such", "same"})  # 'these cars': the cars named before
RELATIVE_CLAUSE = re.compile(r",\s*(?:where|which|who|whose)\b[^,;:()]*$", re.I)
CLAUSE_CLOSE = re.compile(r"[,;:)]")


def _in_aside(m: Mention, draft: Draft, text: str) -> bool:
    """'Exports to Vietnam, where shrimp farmers are expanding, rose 27%', 'horticulture
    exports, which include fruits and vegetables, earned Sh182.9 billion': a product named in
    a relative clause that closes before the number is not what the number is about."""
    return bool(
        RELATIVE_CLAUSE.search(text, max(0, m.start - ASIDE_REACH), m.start)
        and CLAUSE_CLOSE.search(text, m.end, draft.first)
    )


def _product(window: Window, draft: Draft, state: DocState, subject: Subject) -> None:
    text, rules = state.text, state.rules
    left = [
        m
        for m in reversed(window.left)
        if m.kind == "PRODUCT"
        or m.kind == "ALLGOODS"
        and not (draft.role_of_value == Role.SHARE and _is_denominator(m, text))
    ]
    m = next(
        (
            m
            for i, m in enumerate(left)
            if m.kind == "ALLGOODS"
            or not (_is_example(m, left[i + 1 :], text, rules) or _in_aside(m, draft, text))
        ),
        None,
    )
    if m is None:
        m = next(
            (
                p
                for p in window.right
                if p.kind == "PRODUCT"
                and p.start - draft.last <= PRODUCT_AFTER_REACH
                and "," not in text[draft.last : p.start]
                # 'exports up 11.6% as garment orders pick up': a cause, not the subject
                and not rules.subordinate_before.search(text, draft.last, p.start)
            ),
            None,
        )
    if m is None:
        return
    subject.used.append(m)
    if m.kind == "ALLGOODS":
        subject.product = None
        decide(subject.decided, "product.all_goods")
        return
    members = _product_list(m, window, text, rules)
    subject.product = m.id
    decide(subject.decided, "product.stated")
    subject.spans["product"] = loc(members[0].start, members[-1].end)
    if len(members) == 1 and word_before(text, m.start) in ANAPHORS:
        _refer_back(m, state, subject)
    if len(members) > 1 and subject.distribute is None and draft.value is None:
        subject.product_list = [p.id for p in members]
        subject.distribute = "product_list"
        decide(subject.decided, "product.one_each")
    elif len(members) > 1:  # 'Electronics, computers and components ... USD 26.47 billion'
        subject.product = " ".join(text[members[0].start : members[-1].end].lower().split())


def _refer_back(m: Mention, state: DocState, subject: Subject) -> None:
    """'Trade in battery electric cars kept growing. EU exports of these cars rose 35.1%':
    'these cars' are the cars named before, with all their words."""
    slot = state.context.lookup("product")
    if slot is None or not isinstance(slot.value, str) or slot.value == m.id:
        return
    if _same_head(slot.value, m.id):
        subject.product = slot.value
        decide(subject.decided, "product.anaphor")
        if slot.source:
            subject.spans["product"] = loc(*slot.source)


def _hs_code(window: Window, state: DocState, subject: Subject) -> None:
    match = state.rules.hs_code.search(state.text, window.start, window.end)
    if match:
        subject.hs_code = match.group(1).replace(".", "")
        decide(subject.decided, "hs_code.stated")
        subject.spans["hs_code"] = loc(match.start(1), match.end(1))


def _same_head(a: str, b: str) -> bool:
    """'passenger cars' and 'cars' name the same category for an HS code given once."""
    return a.split()[-1:] == b.split()[-1:]


def _inherit_field(
    subject: Subject, prev: Subject | None, state: DocState, name: str, missing: object
) -> bool:
    """Copy a field from the sentence's earlier claim, else the context; False if neither has it."""
    if prev is not None and getattr(prev, name) is not missing:
        setattr(subject, name, getattr(prev, name))
        decide(subject.decided, f"{name}.same_sentence")
        if name in prev.spans:
            subject.spans[name] = prev.spans[name]
        return True
    slot = state.context.lookup(name)
    if slot is None:
        return False
    setattr(subject, name, slot.value)
    decide(subject.decided, f"{name}.context")
    if slot.source and slot.value is not None:
        subject.spans[name] = loc(*slot.source)
    return True


def _inherit(subject: Subject, prev: Subject | None, state: DocState) -> None:
    """Reporter and product from the sentence's earlier claim, the section, the headline; the
    reporter last from the economy the article is about."""
    inherited = subject.reporter is not None or _inherit_field(
        subject, prev, state, "reporter", None
    )
    if not inherited and state.main_reporter:
        code, source = state.main_reporter
        subject.reporter = [code]
        decide(subject.decided, "reporter.main_economy")
        subject.spans["reporter"] = loc(*source)
    if subject.product is UNSET and not _inherit_field(subject, prev, state, "product", UNSET):
        subject.product = None
    if subject.hs_code is None and isinstance(subject.product, str):
        slot = state.context.lookup("hs_code")
        if slot is not None and slot.value and _same_head(slot.value[1], subject.product):
            subject.hs_code = slot.value[0]
            decide(subject.decided, "hs_code.context")
            if slot.source:
                subject.spans["hs_code"] = loc(*slot.source)


def _drop_reporter_partner_overlap(subject: Subject) -> None:
    """'Imports from Germany' with no reporter named: Germany is the partner, not both."""
    if subject.reporter and subject.partner and set(subject.reporter) <= set(subject.partner):
        subject.reporter = None
        decide(subject.decided, "reporter.was_partner")
        subject.spans.pop("reporter", None)


def read_subject(draft: Draft, window: Window, prev: Subject | None, state: DocState) -> Subject:
    subject = Subject(
        comparison=draft.comparison,
        moved=draft.change is not None or any(m.kind == "DIR" for m in window.left),
    )
    _flow(window, draft, prev, state, subject)
    _measure(window, draft, prev, subject)
    _approx(draft, window, state, subject)
    read_places(window, draft, state, subject, prev)
    _partner_share_flow(draft, subject, state)
    _sales_abroad(subject, state)
    if subject.partner is None and prev is not None and is_elliptical(window, draft):
        subject.partner = prev.partner
        decide(subject.decided, "partner.same_sentence")
        if "partner" in prev.spans:
            subject.spans["partner"] = prev.spans["partner"]
    _product(window, draft, state, subject)
    _hs_code(window, state, subject)
    _inherit(subject, prev, state)
    _drop_reporter_partner_overlap(subject)
    read_period(window, draft, prev, state, subject)
    read_basis(window, draft, prev, state, subject)
    return subject
