"""Tables: each row with a trade figure becomes a claim, its column headers giving the rest.

    | Product          | 2023 exports (RM bn) | Change y/y |
    |------------------|----------------------|------------|
    | Petroleum        | 117.8                | -15.4%     |

A header names what a column holds: a flow, a currency and scale or a unit, a period, a
change and its basis, a share. A row's first cell names its subject: a place (a partner, or
a reporter where the table compares economies), a period, or else a product. What neither
states comes from the caption before the table and then from the context (spec section 3).
Markdown rows and aligned plain-text rows (columns kept apart by `layout.normalise`) are read
the same way.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from tradeextract.link.decisions import DecisionLog, decide, finish, period_rules
from tradeextract.link.mentions import Mention
from tradeextract.link.state import DocState, to_text_span
from tradeextract.link.timing import resolve
from tradeextract.model import Claim, Period
from tradeextract.normalise.currencies import own_currency
from tradeextract.recognise.quantities import load_quantity_rules
from tradeextract.resources import read_json

CELL_SPLIT = re.compile(r"\s*\|\s*|\s{2,}")
# a header's words: 'US$', a currency sign, a word, "'000"
HEADER_WORD = re.compile(r"[A-Za-z]+\$|[$€£¥₹]|[A-Za-z']+|'000")


@dataclass(frozen=True)
class TableRules:
    number: re.Pattern[str]
    change_header: re.Pattern[str]
    share_header: re.Pattern[str]
    basis_words: dict[str, re.Pattern[str]]
    scales: dict[str, float]
    currencies: dict[str, tuple[str, ...]]  # header word -> ISO codes, the default first
    units: dict[str, str]
    volume_units: frozenset[str]


@lru_cache(maxsize=4)
def load_table_rules(data_dir: Path) -> TableRules:
    spec = read_json("table_rules.json", data_dir)
    quantity = load_quantity_rules(data_dir)
    table = quantity.currencies
    currencies = {form.lower(): codes for form, codes in table.prefix.items()}
    currencies.update(table.suffix)
    currencies.update({form.lower(): codes for form, codes in quantity.attached.items()})
    return TableRules(
        number=re.compile(spec["number"]),
        change_header=re.compile(spec["change_header"], re.I),
        share_header=re.compile(spec["share_header"], re.I),
        basis_words={k: re.compile(v, re.I) for k, v in spec["basis_words"].items()},
        scales={k.lower(): v for k, v in quantity.scales.items()},
        currencies=currencies,
        units={k.lower(): v for k, v in quantity.units.items()},
        volume_units=frozenset(quantity.units.values()),
    )


@dataclass
class Cell:
    start: int
    end: int
    text: str


@dataclass
class Column:
    flow: str | None = None
    unit: str | None = None
    currency_options: tuple[str, ...] = ()  # the codes a shared form ('$') may stand for
    scale: float = 1.0
    change_basis: str | None = None  # set for a column of changes
    basis_named: bool = False  # the header names the basis (else yoy by convention)
    share: bool = False
    period: Mention | None = None


@dataclass
class Table:
    header: list[Column] = field(default_factory=list)
    rows: list[tuple[list[Cell], list[Mention]]] = field(default_factory=list)


SPACED_TOKEN = re.compile(r"\([^)]*\)|\S+")  # a word, a number, or '(%)' as one token
NUMERIC_TOKEN = re.compile(r"[-+\u2212]?\d[\d,./]*%?")  # '2,981.4', '-2.7', '2022/23'
YEAR_CELL = re.compile(r"(?:19|20)\d\d")  # a column named by its year


def cells_of(text: str, start: int, end: int) -> list[Cell]:
    """A row's cells with their offsets: split on '|' or on column gaps, or, where columns
    are one space apart, into the label and the figures after it."""
    if not CELL_SPLIT.search(text, start, end):
        return _spaced_cells(text, start, end)
    cells, position = [], start
    for match in [*CELL_SPLIT.finditer(text, start, end), None]:
        cell_end = match.start() if match else end
        raw = text[position:cell_end]
        if raw.strip():
            lead = len(raw) - len(raw.lstrip())
            cells.append(Cell(position + lead, position + len(raw.rstrip()), raw.strip()))
        if match is None:
            break
        position = match.end()
    return cells


def _spaced_cells(text: str, start: int, end: int) -> list[Cell]:
    """'Gold 2,981.4 3,412.7 14.5' or 'Category 2022/23 2023/24 Change (%)': the words before
    the first figure are the label (the first word, if there is no figure), every token after
    it a cell; a bracket joins the word before it ('Change (%)')."""
    tokens: list[list[int]] = []
    for match in SPACED_TOKEN.finditer(text, start, end):
        if match.group().startswith("(") and tokens:
            tokens[-1][1] = match.end()
        else:
            tokens.append([match.start(), match.end()])
    first = next(
        (i for i, (a, b) in enumerate(tokens) if i and NUMERIC_TOKEN.fullmatch(text[a:b])), 1
    )
    spans = [(tokens[0][0], tokens[first - 1][1]), *(tuple(t) for t in tokens[first:])]
    return [Cell(a, b, text[a:b]) for a, b in spans] if tokens else []


def _words(text: str) -> list[str]:
    return HEADER_WORD.findall(text)


def read_column(cell: Cell, mentions: list[Mention], rules: TableRules) -> Column:
    column = Column()
    lowered = cell.text.lower()
    inside = [m for m in mentions if cell.start <= m.start and m.end <= cell.end]
    column.flow = next((m.id for m in inside if m.kind == "FLOW"), None)
    column.period = next((m for m in inside if m.kind == "PERIOD"), None)
    for word in _words(cell.text):
        key = word.lower()
        if key in rules.currencies and column.unit is None:
            column.currency_options = rules.currencies[key]
            column.unit = column.currency_options[0]
        elif key in rules.scales:
            column.scale = rules.scales[key]
        elif key in rules.units and column.unit is None:
            column.unit = rules.units[key]
    if rules.change_header.search(lowered):
        named = [basis for basis, words in rules.basis_words.items() if words.search(lowered)]
        column.change_basis = named[0] if named else "yoy"
        column.basis_named = bool(named)
    elif rules.share_header.search(lowered):
        column.share = True
    return column


DIGIT_GROUPING = re.compile(r"[, \u2009\u202f\u00a0]")  # '24,612', '24 612': thousands


def _number(cell: Cell, rules: TableRules) -> float | None:
    match = rules.number.fullmatch(cell.text.replace("\u2212", "-").strip("*"))
    if match is None:
        return None
    digits = DIGIT_GROUPING.sub("", match.group("number"))
    return float(digits) * (-1 if match.group("sign") == "-" else 1)


def _has_number(cells: list[Cell], rules: TableRules) -> bool:
    """A figure in a cell other than the label; a year names a column, it is no figure."""
    return any(
        _number(cell, rules) is not None and not YEAR_CELL.fullmatch(cell.text)
        for cell in cells[1:]
    )


def group_tables(
    rows: list[tuple[int, int, list[Mention]]], text: str, rules: TableRules
) -> list[Table]:
    """Consecutive rows: the first rows without numbers are the header; a header line with
    fewer cells than the one above continues its last columns ('% change from' over
    'Jun 2023 qtr')."""
    table = Table()
    for start, end, mentions in rows:
        cells = cells_of(text, start, end)
        if not cells:
            continue
        if not _has_number(cells, rules) and not table.rows:
            columns = [read_column(cell, mentions, rules) for cell in cells]
            table.header = _continued(table.header, columns)
            continue
        if not table.rows and 0 < len(table.header) < len(cells):
            # a blank corner above the row labels: the headers belong to the last columns
            corner = [Column() for _ in range(len(cells) - len(table.header))]
            table.header = corner + table.header
        table.rows.append((cells, mentions))
    return [table] if table.rows else []


def _continued(header: list[Column], below: list[Column]) -> list[Column]:
    """The header with a line under it: a shorter line's columns are the last ones' second
    lines; a line as long or longer is a new header."""
    if not header or len(below) >= len(header):
        return below
    corner = len(header) - len(below)
    return header[:corner] + [_joined(a, b) for a, b in zip(header[corner:], below, strict=True)]


def _joined(top: Column, below: Column) -> Column:
    """One column named over two lines: what the top line says, completed by the one below.
    A column of changes keeps the period of the figures it changes, not the one it runs from
    ('% change from' over 'Jun 2023 qtr')."""
    changes = top.change_basis is not None
    return Column(
        flow=top.flow or below.flow,
        unit=top.unit or below.unit,
        currency_options=top.currency_options or below.currency_options,
        scale=top.scale if top.scale != 1.0 else below.scale,
        change_basis=top.change_basis or below.change_basis,
        basis_named=top.basis_named or below.basis_named,
        share=top.share or below.share,
        period=top.period or (None if changes else below.period),
    )


@dataclass
class TableContext:
    """What the sentences before the table say: its caption."""

    flow: str | None
    period: Mention | None
    place: str | None
    product: str | None
    units: Column = field(default_factory=Column)  # currency or unit and scale it names


def caption_of(mentions: list[Mention], caption: Cell | None, rules: TableRules) -> TableContext:
    """'Table 1. Exports by destination, October 2024. NOK million': what the sentence before
    a table says of all its figures."""
    return TableContext(
        next((m.id for m in mentions if m.kind == "FLOW"), None),
        next((m for m in mentions if m.kind == "PERIOD"), None),
        next((m.id for m in mentions if m.kind == "PLACE"), None),
        next((m.id for m in mentions if m.kind == "PRODUCT"), None),
        read_column(caption, [], rules) if caption is not None else Column(),
    )


def read_table(
    table: Table, caption: TableContext, state: DocState, rules: TableRules
) -> list[Claim]:
    """A table's claims; a table without a header row says not what its figures are."""
    if not table.header:
        return []
    claims = []
    for cells, mentions in table.rows:
        claims += _row_claims(table, cells, mentions, caption, state, rules)
    return claims


def _column(table: Table, index: int) -> Column:
    return table.header[index] if index < len(table.header) else Column()


Figure = tuple[int, Cell, float]  # column index, cell, number


@dataclass
class Row:
    """One table row being read, with everything its claims draw on."""

    table: Table
    label: Cell
    label_period: Mention | None
    caption: TableContext
    state: DocState
    rules: TableRules
    subject: dict[str, Any]


def _row_claims(
    table: Table,
    cells: list[Cell],
    mentions: list[Mention],
    caption: TableContext,
    state: DocState,
    rules: TableRules,
) -> list[Claim]:
    """A claim per value cell (the row's change goes with the last), one for a change alone,
    and one per share cell."""
    label = cells[0]
    in_label = [m for m in mentions if label.start <= m.start and m.end <= label.end]
    place = next((m for m in in_label if m.kind == "PLACE"), None)
    label_period = next((m for m in in_label if m.kind == "PERIOD"), None)
    subject = _subject(label, place, label_period, caption, state)
    row = Row(table, label, label_period, caption, state, rules, subject)
    figures = [(i, cell, _number(cell, rules)) for i, cell in enumerate(cells) if i > 0]
    figures = [(i, cell, n) for i, cell, n in figures if n is not None]
    changes = [f for f in figures if _is_change(table, f[0], f[1])]
    shares = [f for f in figures if f not in changes and _column(table, f[0]).share]
    values = [f for f in figures if f not in changes and f not in shares]
    change = changes[0] if changes else None
    claims = [
        _claim(row, figure, change if position == len(values) - 1 else None)
        for position, figure in enumerate(values)
    ]
    if not values and change is not None:
        claims.append(_claim(row, None, change))
    claims += [_claim(row, figure, None, share=True) for figure in shares]
    return claims


def _is_change(table: Table, index: int, cell: Cell) -> bool:
    column = _column(table, index)
    return column.change_basis is not None or (
        cell.text.endswith("%") and cell.text[:1] in "+-\u2212" and not column.share
    )


def _subject(
    label: Cell,
    place: Mention | None,
    label_period: Mention | None,
    caption: TableContext,
    state: DocState,
) -> dict[str, Any]:
    main = state.main_code
    reporter = main or caption.place
    decided: DecisionLog = {}
    decide(decided, "reporter.main_economy" if main else "reporter.table_caption")
    partner = None
    product = None
    if place is not None:
        if main and place.id != main:
            partner = place.id
            decide(decided, "partner.table_label")
        else:
            reporter = place.id
            decide(decided, "reporter.table_label")
    if place is None and label_period is None:
        product = " ".join(label.text.strip("*_ ").lower().split()) or None
        decide(decided, "product.table_label")
    elif caption.product is not None:  # rows of partners or periods: the caption's product
        product = caption.product
        decide(decided, "product.table_caption")
    return {
        "reporter": reporter,
        "partner": partner,
        "product": product,
        "measure": "value",
        "decided": decided,
    }


def _period(
    column: Column,
    label_period: Mention | None,
    caption: TableContext,
    state: DocState,
    reporter,
    decided: DecisionLog,
) -> Period | None:
    mention = label_period or column.period or caption.period
    if mention is not None:
        how = "period.table_caption" if mention is caption.period else "period.table"
        decide(decided, how, *period_rules(mention.period))
        return resolve(mention.period, state, [reporter] if reporter else None)
    slot = state.context.lookup("period")
    if slot is not None and slot.value is not None:
        decide(decided, "period.context", *period_rules(slot.value))
        return resolve(slot.value, state, [reporter] if reporter else None)
    return None


def _claim(row: Row, figure: Figure | None, change: Figure | None, share: bool = False) -> Claim:
    state, rules, caption, label = row.state, row.rules, row.caption, row.label
    base = {**row.subject, "measure": "share"} if share else row.subject
    column = _column(row.table, figure[0]) if figure is not None else Column()
    unit = "percent" if share else None
    decided: DecisionLog = dict(base["decided"])
    flow = column.flow or caption.flow or _context_value(state, "flow")
    if column.flow or caption.flow:
        decide(decided, "flow.table_header" if column.flow else "flow.table_caption")
    elif flow is not None:
        decide(decided, "flow.context")
    flow = "balance" if flow == "deficit" else flow
    value = None
    if figure is not None:
        _index, cell, number = figure
        units = column if column.unit is not None else caption.units
        value_unit = unit or _currency(units, base["reporter"], state) or "count"
        value = {
            "amount": number * (1 if unit == "percent" else units.scale),
            "unit": value_unit,
            **to_text_span(state.source, (cell.start, cell.end)),
        }
    measure = base["measure"]
    if measure == "value" and value is not None:
        if value["unit"] in rules.volume_units:
            measure = "volume"
        elif value["unit"] == "count":
            measure = "count"
    if value is not None:
        decide(decided, "value.table_cell")
    decide(decided, "measure.table_column" if value is not None else "measure.change_of_value")
    if measure == "count":
        decide(decided, "flow.count_none")
    change_field = None
    end = figure[1].end if figure is not None else label.end
    if change is not None:
        index, change_cell, amount = change
        basis = _column(row.table, index).change_basis or "yoy"
        named = _column(row.table, index).basis_named
        decide(decided, "change.table_cell")
        decide(decided, "basis.table_column" if named else "basis.yoy_convention")
        change_field = {
            "amount": amount,
            "unit": "pp" if measure == "share" else "percent",
            "basis": basis,
            **to_text_span(state.source, (change_cell.start, change_cell.end)),
        }
        end = max(end, change_cell.end)
    reporter = base["reporter"]
    claim = {
        "evidence": to_text_span(state.source, (label.start, end)),
        "flow": flow if measure != "count" else None,
        "measure": measure,
        "value": value,
        "alt_values": [],
        "change": change_field,
        "approx": None,
        "reporter": reporter,
        "partner": base["partner"],
        "product": base["product"],
        "hs_code": None,
        "period": _period(column, row.label_period, caption, state, reporter, decided),
        "spans": {},
    }
    claim["decisions"] = finish(decided, claim)
    return Claim.model_validate(claim)


def _currency(units: Column, reporter: str | list[str] | None, state: DocState) -> str | None:
    """'$ million' in a table of New Zealand's trade is NZD: a shared form is the reporter's
    own currency where the reporter has one of those it may stand for."""
    if not isinstance(reporter, str) or state.currencies is None:
        return units.unit
    return own_currency(units.currency_options, reporter, state.currencies) or units.unit


def _context_value(state: DocState, name: str) -> str | None:
    slot = state.context.lookup(name)
    return slot.value if slot is not None and isinstance(slot.value, str) else None
